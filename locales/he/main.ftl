# Shared wording: navigation, states, errors, statuses and durations.
common-loading = טוען…
common-retry = לנסות שוב
lang-switcher = שפה

nav-main = תפריט ראשי
nav-orders = הזמנות
nav-new-order = הזמנה חדשה
nav-time = השעות שלי
nav-profile = פרופיל
nav-catalog = קטלוג
nav-mechanics = מכונאים
nav-system = מערכת
nav-sign-out = יציאה

forbidden-title = אין הרשאה
forbidden-text = לוח הניהול מיועד למנהלים בלבד. נכנסת כמכונאי.
forbidden-back = להזמנות שלי
not-found-title = הדף הזה לא קיים.
not-found-home = לדף הראשי

error-network = אין חיבור לשרת. בדקו את החיבור ונסו שוב.
error-unauthorized = פג תוקף הכניסה. נא להיכנס שוב.
error-forbidden = אין לך הרשאה לפעולה הזו.
error-not-found = לא נמצא. ייתכן שנמחק.
error-feature-disabled = האפשרות הזו כבויה בשרת.
error-conflict = הפעולה מתנגשת במצב הנוכחי. רעננו ונסו שוב.
error-rate-limited = יותר מדי ניסיונות. המתינו כמה דקות ונסו שוב.
error-invalid = בדקו את הערך הזה.
error-bad-request = לא ניתן היה לקרוא את הבקשה. רעננו את הדף ונסו שוב.
error-internal = משהו השתבש בשרת. נסו שוב מאוחר יותר.
error-vin = מספר שלדה (VIN) כולל 1 עד 17 אותיות לטיניות וספרות.
error-car-number = מספר רכב כולל עד 20 אותיות, ספרות, רווחים ומקפים.
error-part-type = הזינו את החלק (עד 200 תווים).
error-category = הזינו את הקטגוריה (עד 100 תווים).
error-pick-part = בחרו חלק מהקטלוג.
error-quantity = הכמות היא מספר שלם בין 1 ל־999.
error-comment = כתבו הערה של עד 2000 תווים.
error-text-too-long = הטקסט ארוך מדי (עד 2000 תווים).
error-price = הזינו סכום כמו 120 או 99.90.
error-minutes = הזינו דקות כמספר שלם בין 1 ל־1440.
error-name = הזינו שם של עד 100 תווים.
error-username = שם משתמש כולל 3 עד 64 אותיות לטיניות, ספרות, נקודות, מקפים או קווים תחתונים, או שהוא כתובת דוא״ל.
error-username-taken = שם המשתמש הזה תפוס.
error-password = סיסמה כוללת לפחות 8 תווים.
error-current-password = הסיסמה הנוכחית שגויה.
error-password-mismatch = שתי הסיסמאות שונות זו מזו.
error-time-missing = הזינו מתי העבודה התחילה ומתי הסתיימה.
error-time-order = הסיום חייב להיות אחרי ההתחלה, עד 16 שעות אחריה, ולא בעתיד.
error-chat-id = מזהה צ׳אט בטלגרם הוא מספר שלם.
error-chat-id-taken = הצ׳אט הזה בטלגרם כבר שייך למישהו אחר.
error-self-deactivate = אי אפשר להשבית את עצמך: מנהל אחר צריך לעשות זאת.
error-self-role = אי אפשר לוותר על הרשאת המנהל של עצמך: מנהל אחר צריך לעשות זאת.
error-mechanic = בחרו מכונאי פעיל.
error-date = הזינו תאריך תקין בצורה dd.mm.yyyy.

status-new = חדשה
status-in-progress = בטיפול
status-ready = מוכנה
status-completed = הושלמה
status-cancelled = בוטלה
status-to-in-progress = להתחיל לעבוד
status-to-ready = לסמן כמוכנה
status-to-completed = להשלים
status-to-cancelled = לבטל הזמנה

duration-minutes = { $minutes } דק׳
duration-hours-minutes = { $hours } שע׳ { $minutes } דק׳

confirm-cancel-title = לבטל את הזמנה #{ $id }?
confirm-complete-title = להשלים את הזמנה #{ $id }?
confirm-cancel-text = הזמנה שבוטלה נסגרת סופית: אי אפשר לפתוח או לשנות אותה שוב.
confirm-complete-text = הזמנה שהושלמה נסגרת סופית: אי אפשר לפתוח או לשנות אותה שוב.
confirm-back = חזרה

# A date typed by hand (the admin's order filters), in the order this language's short dates use.
date-pattern = dd.mm.yyyy
date-pick = בחירת תאריך בלוח השנה
