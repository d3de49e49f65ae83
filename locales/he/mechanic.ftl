# The mechanics' app: dashboard, one order, a new order, time and profile.
dash-title = ההזמנות שלי
dash-active = הזמנות פעילות
dash-completed-today = הושלמו היום
dash-hours-today = עבדתי היום
dash-timer-running = שעון פועל על הזמנה #{ $id }.
dash-tabs = סינון לפי סטטוס
dash-tab-all = הכול
dash-empty = אין כאן הזמנות.

order-title = הזמנה #{ $id }
order-back = → חזרה להזמנות
order-status-moves = שינוי סטטוס
order-facts = פרטי ההזמנה
order-vin = מספר שלדה (VIN)
order-car-number = מספר רכב
order-category = קטגוריה
order-part = חלק
order-kind = מקורי או תחליפי
order-original = מקורי
order-analog = תחליפי
order-quantity = כמות
order-mechanic = מכונאי
order-unassigned = (לא שובץ)
order-closed-completed = הושלמה: ההזמנה נסגרה סופית. הסטטוס והחשבון שלה כבר לא משתנים.
order-closed-cancelled = בוטלה: ההזמנה נסגרה סופית. הסטטוס והחשבון שלה כבר לא משתנים.
order-created = נוצרה
order-updated = עודכנה
order-tracked = זמן עבודה
order-photo = תמונה
order-photo-in-telegram = נשלחה עם ההזמנה בטלגרם

history-title = היסטוריה
history-created = { $who } יצר/ה את ההזמנה
history-status = { $who }: { $status }
history-assigned = { $who } שיבץ/ה את ההזמנה

comments-title = הערות ({ $count })
comments-empty = אין עדיין הערות.
comments-new = הערה חדשה
comments-add = הוספת הערה

time-title = זמן עבודה
time-start = הפעלת שעון
time-stop = עצירת שעון
time-running = פועל
time-manual = הוספת זמן ידנית
time-manual-mark = (ידני)
time-started = התחלה
time-ended = סיום
time-note = הערה
time-add = הוספת זמן
time-history = הזמן על ההזמנה הזו
time-page-title = השעות שלי
time-periods = תקופה
time-today = היום
time-week = השבוע
time-month = החודש
time-total = סה״כ: { $time }
time-nothing = לא נרשם זמן בתקופה הזו.

items-title = חלקים ועבודה
items-empty = עדיין לא חויב דבר.
items-name = שם
items-amount = כמות
items-unit-price = מחיר ליחידה
items-line-total = סה״כ
items-remove = הסרה
items-totals = סיכומים
items-parts-total = חלקים
items-work-total = עבודה
items-total = סה״כ לתשלום
items-add-title = הוספת שורה
items-kind = סוג
items-kind-catalog = חלק מהקטלוג
items-kind-custom = חלק אחר
items-kind-work = עבודה
items-category = קטגוריה
items-part = חלק
items-choose = בחירה…
items-quantity = כמות
items-part-number = מק״ט
items-work-name = העבודה שבוצעה
items-price = מחיר
items-minutes = דקות
items-add = הוספה

assign-title = שיבוץ למכונאי
assign-mechanic = מכונאי
assign-note = הערה
assign-submit = שיבוץ

new-title = הזמנה חדשה
new-step-part = 1. חלק
new-step-details = 2. רכב ופרטים
new-step-confirm = 3. בדיקה ושליחה
new-pick-category = בחרו קטגוריה
new-pick-part = בחרו חלק: { $category }
new-part-count = { $count ->
    [one] חלק אחד
   *[other] { $count } חלקים
}
new-back-categories = → כל הקטגוריות
new-no-parts = אין עדיין חלקים בקטגוריה הזו.
new-next = הבא
new-back = חזרה
new-review = לבדיקת ההזמנה
new-comment = הערה
new-check = הכול נכון?
new-send = שליחת ההזמנה

profile-title = פרופיל
profile-role-mechanic = מכונאי
profile-role-admin = מנהל
profile-language = שפה:
profile-password = שינוי סיסמה
profile-current-password = הסיסמה הנוכחית
profile-new-password = סיסמה חדשה
profile-repeat-password = הסיסמה החדשה שוב
profile-change-password = שינוי סיסמה
profile-password-changed = הסיסמה שונתה.
profile-password-revoked = שאר החיבורים שלכם הסתיימו וטלגרם נותק: קבלו קוד חדש למטה כדי לחבר אותו שוב.
profile-telegram = טלגרם
profile-telegram-help = קבלו קוד עם הסיסמה שלכם ושלחו אותו לבוט של המוסך: הוא יודיע לכם על ההזמנות שלכם.
profile-telegram-code = קבלת קוד
profile-telegram-send = שלחו לבוט:
