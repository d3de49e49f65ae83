# The login page.
login-title = כניסה
login-username = שם משתמש
login-password = סיסמה
login-submit = כניסה
login-wrong = שם משתמש או סיסמה שגויים.
login-deactivated = החשבון הזה הושבת. בקשו ממנהל להפעיל אותו מחדש.
login-missing = הזינו שם משתמש וסיסמה.
login-link-invalid = פג תוקף קישור הכניסה או שכבר נעשה בו שימוש. היכנסו עם הסיסמה.
