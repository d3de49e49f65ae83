//! Everything Felix Hub says on Telegram, in Hebrew, English and Russian, in one place. Messages
//! are Telegram HTML: every value from users goes through `escape`.

use app::model::{Language, OrderStatus, OriginalOrAnalog};
use teloxide::utils::html::escape;

use crate::entities::order;

/// A URL as it goes into an `href` of Telegram HTML.
pub fn href(url: &str) -> String {
    escape(url)
}

/// Picks the wording for a language.
fn t(language: Language, he: &'static str, en: &'static str, ru: &'static str) -> &'static str {
    match language {
        Language::He => he,
        Language::En => en,
        Language::Ru => ru,
    }
}

pub fn status_name(language: Language, status: OrderStatus) -> &'static str {
    use OrderStatus::*;
    match status {
        New => t(language, "חדשה", "New", "Новый"),
        InProgress => t(language, "בטיפול", "In progress", "В работе"),
        Ready => t(language, "מוכנה", "Ready", "Готов"),
        Completed => t(language, "הושלמה", "Completed", "Завершён"),
        Cancelled => t(language, "בוטלה", "Cancelled", "Отменён"),
    }
}

pub fn original_or_analog(language: Language, choice: OriginalOrAnalog) -> &'static str {
    match choice {
        OriginalOrAnalog::Original => t(language, "מקורי", "Original", "Оригинал"),
        OriginalOrAnalog::Analog => t(language, "חליפי", "Analog", "Аналог"),
    }
}

/// Keeps VINs and plates left-to-right inside Hebrew text.
fn ltr(value: &str) -> String {
    format!("\u{2066}{}\u{2069}", escape(value))
}

/// The admins' message about a new order, with a link into the admin panel.
pub fn admin_new_order(language: Language, order: &order::Model, car_number: bool, public_url: &str) -> String {
    let mut lines = vec![
        format!("🆕 <b>{} #{}</b>", t(language, "הזמנה חדשה", "New order", "Новый заказ"), order.id),
        format!("{}: {}", t(language, "מכונאי", "Mechanic", "Механик"), escape(&order.mechanic_name)),
        format!("VIN: <code>{}</code>", escape(&order.vin)),
    ];
    if car_number && let Some(plate) = &order.car_number {
        lines.push(format!("{}: {}", t(language, "מספר רכב", "Car number", "Номер машины"), ltr(plate)));
    }
    lines.push(format!("{}: {}", t(language, "קטגוריה", "Category", "Категория"), escape(&order.category)));
    lines.push(format!("{}: {} × {}", t(language, "חלק", "Part", "Деталь"), escape(&order.part_type), order.quantity));
    lines.push(format!(
        "{}: {}",
        t(language, "מקורי/חליפי", "Original/analog", "Оригинал/аналог"),
        original_or_analog(language, order.original_or_analog.into())
    ));
    if order.photo_file_id.is_some() {
        lines.push(t(language, "📷 צורפה תמונה", "📷 Photo attached", "📷 Есть фото").to_owned());
    }
    lines.push(format!(
        "<a href=\"{}/admin/orders/{}\">{}</a>",
        escape(public_url),
        order.id,
        t(language, "פתיחה בפאנל הניהול", "Open in the admin panel", "Открыть в админке")
    ));
    lines.join("\n")
}

/// The mechanic's message about a status change, with a link that signs them in and opens the order.
pub fn status_changed(
    language: Language,
    order: &order::Model,
    from: OrderStatus,
    to: OrderStatus,
    link: &str,
) -> String {
    format!(
        "🔔 <b>{} #{}</b>: {} → <b>{}</b>\nVIN: <code>{}</code>\n{}: {}\n<a href=\"{}\">{}</a>",
        t(language, "הזמנה", "Order", "Заказ"),
        order.id,
        status_name(language, from),
        status_name(language, to),
        escape(&order.vin),
        t(language, "חלק", "Part", "Деталь"),
        escape(&order.part_type),
        escape(link),
        t(language, "פתיחת ההזמנה", "Open the order", "Открыть заказ"),
    )
}

/// The mechanic's message about an order an admin gave them.
pub fn assigned(language: Language, order: &order::Model, link: &str) -> String {
    format!(
        "📌 <b>{} #{}</b>\nVIN: <code>{}</code>\n{}: {}\n{}: {}\n<a href=\"{}\">{}</a>",
        t(language, "הוקצתה לך הזמנה", "An order was assigned to you", "Вам назначен заказ"),
        order.id,
        escape(&order.vin),
        t(language, "חלק", "Part", "Деталь"),
        escape(&order.part_type),
        t(language, "סטטוס", "Status", "Статус"),
        status_name(language, order.status.into()),
        escape(link),
        t(language, "פתיחת ההזמנה", "Open the order", "Открыть заказ"),
    )
}

/// Texts of the mechanics' bot.
pub mod bot {
    use super::*;

    pub fn choose_language() -> &'static str {
        "Choose a language · בחרו שפה · Выберите язык"
    }

    pub fn welcome_unlinked(language: Language) -> &'static str {
        t(
            language,
            "שלום! כדי להזמין חלקים, קשרו את החשבון: באפליקציה Felix Hub פתחו פרופיל → טלגרם, וקבלו קוד. ואז שלחו לי /link והקוד.",
            "Hello! To order parts, link your account: in the Felix Hub app open Profile → Telegram to get a code, then send me /link and the code.",
            "Здравствуйте! Чтобы заказывать детали, привяжите аккаунт: в приложении Felix Hub откройте Профиль → Telegram, получите код и отправьте мне /link и код.",
        )
    }

    pub fn welcome_linked(language: Language, name: &str) -> String {
        format!(
            "{}, {}! {}",
            t(language, "שלום", "Hello", "Здравствуйте"),
            escape(name),
            t(language, "מה נעשה?", "What shall we do?", "Что делаем?")
        )
    }

    pub fn linked(language: Language, name: &str) -> String {
        format!(
            "✅ {} <b>{}</b>. {}",
            t(language, "הצ'אט קושר לחשבון של", "This chat is now linked to", "Чат привязан к аккаунту"),
            escape(name),
            t(
                language,
                "מעכשיו תקבלו כאן עדכונים על ההזמנות שלכם.",
                "You will get updates on your orders here.",
                "Здесь будут приходить обновления по вашим заказам."
            )
        )
    }

    pub fn link_usage(language: Language) -> &'static str {
        t(
            language,
            "שלחו /link והקוד מהאפליקציה, למשל: /link K7PX3M9Q",
            "Send /link and the code from the app, e.g. /link K7PX3M9Q",
            "Отправьте /link и код из приложения, например: /link K7PX3M9Q",
        )
    }

    pub fn not_linked(language: Language) -> &'static str {
        welcome_unlinked(language)
    }

    pub fn help(language: Language) -> &'static str {
        t(
            language,
            "🆕 הזמנה חדשה: שלב אחר שלב, עם סיכום לאישור.\n📋 ההזמנות שלי: ההזמנות הפתוחות והסטטוס שלהן.\n🌐 שפה: עברית, English, Русский.\n/cancel מבטל את ההזמנה שבעבודה.",
            "🆕 New order: step by step, with a summary to confirm.\n📋 My orders: your open orders and their status.\n🌐 Language: עברית, English, Русский.\n/cancel drops the order in progress.",
            "🆕 Новый заказ: по шагам, со сводкой для подтверждения.\n📋 Мои заказы: открытые заказы и их статус.\n🌐 Язык: עברית, English, Русский.\n/cancel отменяет начатый заказ.",
        )
    }

    pub fn menu_new(language: Language) -> &'static str {
        t(language, "🆕 הזמנה חדשה", "🆕 New order", "🆕 Новый заказ")
    }
    pub fn menu_orders(language: Language) -> &'static str {
        t(language, "📋 ההזמנות שלי", "📋 My orders", "📋 Мои заказы")
    }
    pub fn menu_help(language: Language) -> &'static str {
        t(language, "❓ עזרה", "❓ Help", "❓ Помощь")
    }
    pub fn menu_language(language: Language) -> &'static str {
        t(language, "🌐 שפה", "🌐 Language", "🌐 Язык")
    }

    pub fn ask_category(language: Language) -> &'static str {
        t(language, "איזו קטגוריה?", "Which category?", "Какая категория?")
    }
    pub fn ask_category_text(language: Language) -> &'static str {
        t(
            language,
            "כתבו את הקטגוריה (למשל: בלמים)",
            "Type the category (e.g. brakes)",
            "Напишите категорию (например: тормоза)",
        )
    }
    pub fn other_category(language: Language) -> &'static str {
        t(language, "✏️ אחרת (להקליד)", "✏️ Other (type it)", "✏️ Другая (ввести)")
    }
    pub fn ask_part(language: Language) -> &'static str {
        t(language, "איזה חלק?", "Which part?", "Какая деталь?")
    }
    pub fn custom_part(language: Language) -> &'static str {
        t(language, "✏️ חלק אחר (להקליד)", "✏️ Custom part (type it)", "✏️ Другая деталь (ввести)")
    }
    pub fn ask_part_text(language: Language) -> &'static str {
        t(language, "כתבו את שם החלק", "Type the part", "Напишите деталь")
    }
    pub fn ask_vin(language: Language) -> &'static str {
        t(language, "מה מספר השלדה (VIN)?", "What is the VIN?", "Какой VIN?")
    }
    pub fn ask_car_number(language: Language) -> &'static str {
        t(language, "מה מספר הרכב?", "What is the car number?", "Какой номер машины?")
    }
    pub fn ask_original(language: Language) -> &'static str {
        t(language, "מקורי או חליפי?", "Original or analog?", "Оригинал или аналог?")
    }
    pub fn ask_photo(language: Language) -> &'static str {
        t(
            language,
            "אפשר לשלוח תמונה של החלק, או לדלג.",
            "Send a photo of the part, or skip.",
            "Пришлите фото детали или пропустите.",
        )
    }
    pub fn skip(language: Language) -> &'static str {
        t(language, "⏭ דילוג", "⏭ Skip", "⏭ Пропустить")
    }
    pub fn confirm(language: Language) -> &'static str {
        t(language, "✅ אישור", "✅ Confirm", "✅ Подтвердить")
    }
    pub fn cancel(language: Language) -> &'static str {
        t(language, "❌ ביטול", "❌ Cancel", "❌ Отмена")
    }
    pub fn edit(what: &str) -> String {
        format!("✏️ {what}")
    }
    pub fn field_part(language: Language) -> &'static str {
        t(language, "חלק", "Part", "Деталь")
    }
    pub fn field_category(language: Language) -> &'static str {
        t(language, "קטגוריה", "Category", "Категория")
    }
    pub fn field_car_number(language: Language) -> &'static str {
        t(language, "מספר רכב", "Car number", "Номер машины")
    }
    pub fn field_original(language: Language) -> &'static str {
        t(language, "מקורי/חליפי", "Original/analog", "Оригинал/аналог")
    }
    pub fn field_photo(language: Language) -> &'static str {
        t(language, "תמונה", "Photo", "Фото")
    }
    pub fn yes(language: Language) -> &'static str {
        t(language, "כן", "yes", "да")
    }
    pub fn no(language: Language) -> &'static str {
        t(language, "לא", "no", "нет")
    }
    pub fn summary_title(language: Language) -> &'static str {
        t(language, "בדקו את ההזמנה:", "Check the order:", "Проверьте заказ:")
    }
    pub fn created(language: Language, id: i64) -> String {
        format!("✅ {} #{id}", t(language, "ההזמנה נשלחה", "Order sent", "Заказ отправлен"))
    }
    pub fn cancelled(language: Language) -> &'static str {
        t(language, "ההזמנה בוטלה.", "The order was dropped.", "Заказ отменён.")
    }
    pub fn expired(language: Language) -> &'static str {
        t(
            language,
            "⌛ ההזמנה שבעבודה פגה אחרי 30 דקות בלי פעילות. אפשר להתחיל מחדש.",
            "⌛ The order in progress expired after 30 minutes without activity. You can start again.",
            "⌛ Начатый заказ истёк после 30 минут без действий. Можно начать заново.",
        )
    }
    pub fn no_open_orders(language: Language) -> &'static str {
        t(language, "אין הזמנות פתוחות.", "You have no open orders.", "Открытых заказов нет.")
    }
    pub fn open_orders(language: Language) -> &'static str {
        t(language, "ההזמנות הפתוחות שלך:", "Your open orders:", "Ваши открытые заказы:")
    }
    pub fn language_set(language: Language) -> &'static str {
        t(language, "השפה עודכנה: עברית", "Language set: English", "Язык: русский")
    }
    pub fn dont_understand(language: Language) -> &'static str {
        t(
            language,
            "לא הבנתי. בחרו מהתפריט או שלחו /help.",
            "I did not get that. Use the menu or send /help.",
            "Не понял. Выберите в меню или отправьте /help.",
        )
    }
    pub fn use_buttons(language: Language) -> &'static str {
        t(
            language,
            "בחרו באחד הכפתורים שלמעלה.",
            "Please pick one of the buttons above.",
            "Выберите одну из кнопок выше.",
        )
    }
    /// A service error (already worded for people) passed on to the chat.
    pub fn error(message: &str) -> String {
        format!("⚠️ {}", escape(message))
    }
}
