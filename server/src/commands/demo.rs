//! `felix-hub demo`: fills an empty database with a small, living shop, so that a newcomer who runs
//! the app sees it at work. It goes through the service layer, so the data obeys every rule.

use std::sync::Arc;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::model::{
    CategoryInput, FeatureFlags, Language, ManualTimeEntry, NewItem, NewOrder, NewUser, OrderStatus, OriginalOrAnalog,
    PartInput, Role, StatusChange, Viewer,
};

use crate::config::Config;
use crate::db::Db;
use crate::entities::{order, order_event};
use crate::services::{Services, catalog, comments, items, orders, time, users};

/// The demo accounts, as the README lists them: (username, password, name, role, language).
pub const ACCOUNTS: [(&str, &str, &str, Role, Language); 3] = [
    ("admin", "admin-demo-1", "Dana Levi", Role::Admin, Language::He),
    ("avi", "avi-demo-1", "Avi Cohen", Role::Mechanic, Language::He),
    ("misha", "misha-demo-1", "Misha Ivanov", Role::Mechanic, Language::Ru),
];

/// (slug, he, en, ru, parts: (he, en, ru, part number, price in agorot, common))
type PartRow = (&'static str, &'static str, &'static str, &'static str, i64, bool);
const CATALOG: [(&str, &str, &str, &str, &[PartRow]); 5] = [
    (
        "brakes",
        "בלמים",
        "Brakes",
        "Тормоза",
        &[
            ("רפידות בלם קדמיות", "Front brake pads", "Передние тормозные колодки", "BP-1001", 24000, true),
            ("דיסק בלם קדמי", "Front brake disc", "Передний тормозной диск", "BD-2040", 38000, true),
            ("נוזל בלמים DOT4", "Brake fluid DOT4", "Тормозная жидкость DOT4", "BF-0004", 4500, false),
        ],
    ),
    (
        "engine",
        "מנוע",
        "Engine",
        "Двигатель",
        &[
            ("רצועת טיימינג", "Timing belt", "Ремень ГРМ", "TB-3310", 52000, false),
            ("מצתים (סט)", "Spark plugs (set)", "Свечи зажигания (комплект)", "SP-0404", 16000, true),
            ("משאבת מים", "Water pump", "Водяной насос", "WP-7781", 41000, false),
        ],
    ),
    (
        "filters",
        "מסננים",
        "Filters",
        "Фильтры",
        &[
            ("מסנן שמן", "Oil filter", "Масляный фильтр", "OF-1200", 3500, true),
            ("מסנן אוויר", "Air filter", "Воздушный фильтр", "AF-2210", 6000, true),
            ("מסנן מזגן", "Cabin filter", "Салонный фильтр", "CF-0310", 5500, false),
        ],
    ),
    (
        "suspension",
        "מתלים",
        "Suspension",
        "Подвеска",
        &[
            ("בולם זעזועים קדמי", "Front shock absorber", "Передний амортизатор", "SA-5120", 46000, false),
            ("מוט מייצב", "Stabilizer link", "Стойка стабилизатора", "SL-0870", 9000, true),
        ],
    ),
    (
        "electrical",
        "חשמל",
        "Electrical",
        "Электрика",
        &[
            ("מצבר 70Ah", "Battery 70Ah", "Аккумулятор 70 Ач", "BT-7000", 55000, true),
            ("נורת פנס H7", "Headlight bulb H7", "Лампа фары H7", "HB-0007", 3000, true),
        ],
    ),
];

/// (mechanic index 1 or 2, vin, car number, catalog part (category, part) or free text, status, days ago)
type OrderRow = (usize, &'static str, &'static str, Option<(usize, usize)>, &'static str, OrderStatus, i64);
const ORDERS: [OrderRow; 20] = [
    (1, "WVWZZZ1KZAW000101", "12-345-67", Some((0, 0)), "", OrderStatus::New, 0),
    (1, "JTDKB20U093000202", "45-678-90", Some((2, 0)), "", OrderStatus::New, 0),
    (2, "KMHCT41BAEU000303", "78-901-23", Some((1, 1)), "", OrderStatus::New, 0),
    (1, "VF1RFB00X53000404", "23-456-78", None, "Left mirror glass", OrderStatus::InProgress, 1),
    (2, "TMBJJ7NE3J0000505", "56-789-01", Some((0, 1)), "", OrderStatus::InProgress, 1),
    (1, "SJNFAAJ11U2000606", "89-012-34", Some((4, 0)), "", OrderStatus::InProgress, 2),
    (2, "WDD2040021A000707", "34-567-89", Some((3, 0)), "", OrderStatus::Ready, 2),
    (1, "ZFA19900000000808", "67-890-12", Some((1, 0)), "", OrderStatus::Ready, 3),
    (2, "YV1MS3720B2000909", "90-123-45", None, "Rear wiper motor", OrderStatus::Ready, 3),
    (1, "NMTBZ3BE00R001010", "11-222-33", Some((2, 1)), "", OrderStatus::Completed, 4),
    (2, "JMZBK14Z201001111", "44-555-66", Some((0, 2)), "", OrderStatus::Completed, 4),
    (1, "VNKKL96340A001212", "77-888-99", Some((4, 1)), "", OrderStatus::Completed, 5),
    (2, "KNAPH81BDE5001313", "22-333-44", Some((1, 2)), "", OrderStatus::Completed, 5),
    (1, "WBAPH5C55BA001414", "55-666-77", Some((3, 1)), "", OrderStatus::Completed, 6),
    (2, "U5YFF24128L001515", "88-999-00", None, "Door handle, front right", OrderStatus::Completed, 7),
    (1, "LSGPC52U6AF001616", "13-579-24", Some((2, 2)), "", OrderStatus::Completed, 8),
    (2, "MALA841CBDM001717", "24-680-13", Some((0, 0)), "", OrderStatus::Cancelled, 8),
    (1, "JHMGE8H53DC001818", "35-791-46", None, "Fog light bracket", OrderStatus::Cancelled, 9),
    (2, "TMADB81CBDJ001919", "46-802-57", Some((4, 1)), "", OrderStatus::InProgress, 9),
    (1, "WF0XXXGCDX8002020", "57-913-68", Some((1, 0)), "", OrderStatus::New, 10),
];

/// Loads the demo. With `if_empty`, a database that already holds users is left alone quietly;
/// without it, that is an error, so demo data never mixes with a real shop's.
pub async fn load(config: Config, if_empty: bool) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 2).await?;
    crate::commands::migrate::apply_pending(&db.write, false).await?;
    if users::any_exist(&db.read).await.map_err(|e| anyhow::anyhow!(e.into_app_error().to_string()))? {
        if if_empty {
            println!("The database already holds data: the demo was not loaded.");
            return Ok(());
        }
        anyhow::bail!("the database already holds data; `felix-hub demo` only fills an empty database");
    }
    // Everything on while loading, so that car numbers and the catalog are there when the flags
    // are turned on later.
    let all_on = FeatureFlags {
        enable_car_number: true,
        enable_part_categories: true,
        enable_tg_admin_notifs: false,
        enable_tg_mech_notifs: false,
        enable_mech_i18n: true,
        enable_ui_refresh: true,
    };
    let services = Services::new(db, all_on, Arc::new(config));
    fill(&services).await.map_err(|e| anyhow::anyhow!(e.into_app_error().to_string()))?;
    println!("Demo data loaded. Sign in as:");
    for (username, password, name, role, _) in ACCOUNTS {
        println!("  {role:<8} {username:<6} password {password:<13} ({name})");
    }
    Ok(())
}

async fn fill(services: &Services) -> crate::services::ServiceResult<()> {
    let mut viewers = Vec::new();
    for (username, password, name, role, language) in ACCOUNTS {
        let user = users::create(
            services,
            None,
            NewUser {
                username: username.into(),
                display_name: name.into(),
                password: password.into(),
                role,
                telegram_chat_id: None,
                language: Some(language),
            },
        )
        .await?;
        viewers.push(Viewer { id: user.id, role, display_name: user.display_name, language, session_id: 0 });
    }
    let admin = viewers[0].clone();

    let mut parts = Vec::new();
    for (slug, he, en, ru, rows) in CATALOG {
        let category = catalog::create_category(
            services,
            &admin,
            CategoryInput {
                slug: Some(slug.into()),
                name_he: he.into(),
                name_en: en.into(),
                name_ru: ru.into(),
                sort_order: None,
            },
        )
        .await?;
        let mut in_category = Vec::new();
        for (he, en, ru, number, price, common) in rows.iter().copied() {
            let part = catalog::create_part(
                services,
                &admin,
                PartInput {
                    category_id: category.id,
                    name_he: he.into(),
                    name_en: en.into(),
                    name_ru: ru.into(),
                    part_number: Some(number.into()),
                    price_agorot: price,
                    is_common: common,
                    sort_order: None,
                },
            )
            .await?;
            in_category.push(part.id);
        }
        parts.push((category, in_category));
    }

    let now = Utc::now();
    for (index, (mechanic, vin, car_number, catalog_part, free_text, status, days_ago)) in
        ORDERS.into_iter().enumerate()
    {
        let viewer = &viewers[mechanic];
        let (part_id, part_type, category) = match catalog_part {
            Some((category, part)) => (Some(parts[category].1[part]), None, None),
            None => (None, Some(free_text.to_owned()), Some("body".to_owned())),
        };
        let created = orders::create(
            services,
            viewer,
            NewOrder {
                mechanic_name: None,
                mechanic_id: None,
                vin: vin.into(),
                car_number: Some(car_number.into()),
                part_type,
                category,
                part_id,
                original_or_analog: if index % 3 == 0 { OriginalOrAnalog::Analog } else { OriginalOrAnalog::Original },
                quantity: Some(if index % 5 == 0 { 2 } else { 1 }),
                comment: (index % 4 == 0).then(|| "Customer waits in the lobby / הלקוח מחכה".to_owned()),
            },
            None,
        )
        .await?;
        let path: &[OrderStatus] = match status {
            OrderStatus::New => &[],
            OrderStatus::InProgress => &[OrderStatus::InProgress],
            OrderStatus::Ready => &[OrderStatus::InProgress, OrderStatus::Ready],
            OrderStatus::Completed => &[OrderStatus::InProgress, OrderStatus::Ready, OrderStatus::Completed],
            OrderStatus::Cancelled => &[OrderStatus::Cancelled],
        };
        let worked_on = status != OrderStatus::New && status != OrderStatus::Cancelled;
        if worked_on {
            // Tracked while the order is open: a closed order takes no more time.
            let started = now - Duration::days(days_ago) - Duration::hours(3);
            time::add_manual(
                services,
                viewer,
                created.id,
                ManualTimeEntry {
                    started_at: started,
                    ended_at: started + Duration::minutes(35 + 10 * index as i64),
                    note: None,
                },
            )
            .await?;
        }
        for next in path {
            let actor = if *next == OrderStatus::Ready { &admin } else { viewer };
            orders::change_status(services, actor, created.id, StatusChange { status: *next, note: None }).await?;
        }
        if worked_on {
            items::add(
                services,
                viewer,
                created.id,
                NewItem::Work { name: "Labour / עבודה".into(), price_agorot: 18000, minutes: 60 },
            )
            .await
            .ok();
        }
        if index % 3 == 1 {
            comments::add(
                services,
                viewer,
                created.id,
                app::model::NewComment { body: "Checked the part number twice.".into() },
            )
            .await?;
        }
        // Spread the orders over the last days, as a real list would be.
        let created_at = now - Duration::days(days_ago) - Duration::minutes(13 * index as i64);
        order::Entity::update_many()
            .col_expr(order::Column::CreatedAt, Expr::value(created_at))
            .filter(order::Column::Id.eq(created.id))
            .exec(&services.db.write)
            .await?;
        order_event::Entity::update_many()
            .col_expr(order_event::Column::CreatedAt, Expr::value(created_at))
            .filter(order_event::Column::OrderId.eq(created.id))
            .filter(order_event::Column::Kind.eq(order_event::Kind::Created))
            .exec(&services.db.write)
            .await?;
    }
    Ok(())
}
