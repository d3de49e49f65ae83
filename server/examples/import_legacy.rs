//! Times `felix-hub import-legacy` on a FelixPartsBot database of a busy shop, made here: ORDERS
//! orders (default 10,000), each with a comment, a time log, an assignment and a notification,
//! every other one with a priced custom part and a work item, on SQLite both sides. The time is
//! the whole command, from process start (migrations included) to its exit.
//!
//!   cargo run --release -p server --example import_legacy -- target/release/felix-hub [orders]

use std::process::Command;
use std::time::Instant;

use sea_orm::{ConnectionTrait, Database, TransactionTrait};

const SCHEMA: &str = include_str!("../tests/fixtures/felixpartsbot-schema.sql");
const MECHANICS: usize = 20;
const STATUSES: [(&str, &str); 6] = [
    ("новый", "новый"),
    ("в работе", "в работе"),
    ("в работе", "на паузе"),
    ("готов", "завершен"),
    ("выдан", "завершен"),
    ("новый", "назначен"),
];

/// Rows for one INSERT, as SQL value tuples.
fn insert(table_and_columns: &str, rows: &[String]) -> Vec<String> {
    rows.chunks(500).map(|chunk| format!("INSERT INTO {table_and_columns} VALUES {}", chunk.join(",\n"))).collect()
}

fn at(day: usize, minute: usize) -> String {
    format!(
        "'2025-{:02}-{:02} {:02}:{:02}:00.000000'",
        1 + day / 28 % 12,
        1 + day % 28,
        7 + minute / 60 % 10,
        minute % 60
    )
}

fn statements(orders: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mechanics: Vec<String> = (1..=MECHANICS)
        .map(|m| {
            format!(
                "({m}, 'mechanic{m}@felix.garage', 'scrypt:32768:8:1$salt{m}$00112233445566778899aabbccddeeff', 'Механик {m}', NULL, '{}', NULL, NULL, TRUE, {}, NULL)",
                100_000 + m,
                at(0, m)
            )
        })
        .collect();
    out.extend(insert("mechanics", &mechanics));
    out.push("INSERT INTO categories VALUES (1, 'Тормоза', 'בלמים', 'Brakes', '🔧', 0, '2024-10-01 00:00:00'), (2, 'Двигатель', 'מנוע', 'Engine', '⚙️', 1, '2024-10-01 00:00:00')".into());
    let parts: Vec<String> = (1..=10)
        .map(|p| format!("({p}, {}, 'Деталь {p}', 'חלק {p}', 'Part {p}', TRUE, {p}, '2024-10-01 00:00:00')", 1 + p % 2))
        .collect();
    out.extend(insert("parts", &parts));

    let (mut rows, mut comments, mut logs, mut parts, mut works, mut assignments, mut notifications) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for id in 1..=orders {
        let mechanic = 1 + id % MECHANICS;
        let (status, work) = STATUSES[id % STATUSES.len()];
        let selected = if id % 2 == 0 {
            format!("'[\"Деталь {}\", \"Прокладка {id}\"]'", 1 + id % 10)
        } else {
            format!(
                "'[{{\"partId\": {}, \"name\": \"Деталь\", \"quantity\": 2, \"price\": {}.99}}]'",
                1 + id % 10,
                id % 300
            )
        };
        rows.push(format!(
            "({id}, 'Механик {mechanic}', '{}', '🔧 Тормоза', '{:02}-{:03}-{:02}', 'VIN{id:014}', {selected}, {}, NULL, '{status}', FALSE, 'ru', {}, {}, {mechanic}, '{work}', 1, 30)",
            100_000 + mechanic,
            id % 100,
            id % 1000,
            id % 97,
            if id % 3 == 0 { "TRUE" } else { "FALSE" },
            at(id / 40, id % 600),
            at(id / 40 + 1, id % 600),
        ));
        comments.push(format!("({id}, {id}, {mechanic}, 'Комментарий к заказу {id}', {})", at(id / 40, id % 600 + 5)));
        logs.push(format!(
            "({id}, {id}, {mechanic}, {}, {}, 30, NULL, FALSE, {})",
            at(id / 40, 10),
            at(id / 40, 40),
            at(id / 40, 10)
        ));
        assignments.push(format!("({id}, {id}, {mechanic}, {}, NULL, 'assigned', NULL)", at(id / 40, id % 600 + 1)));
        notifications.push(format!(
            "({id}, 'new_order', {id}, NULL, '-100123', 'h{id}', {}, TRUE, NULL)",
            at(id / 40, id % 600)
        ));
        if id % 2 == 1 {
            parts.push(format!(
                "({id}, {id}, 'Запчасть {id}', 'PN-{id}', {}.345, 1, {mechanic}, {})",
                id % 500,
                at(id / 40, 20)
            ));
            works.push(format!("({id}, {id}, 'Работа {id}', NULL, 150.0, 45, {mechanic}, {})", at(id / 40, 25)));
        }
    }
    // A few mechanics still have a timer running.
    for mechanic in 1..=5 {
        let id = orders + mechanic;
        logs.push(format!(
            "({id}, {mechanic}, {mechanic}, '2025-12-01 08:00:00.000000', NULL, NULL, NULL, TRUE, NULL)"
        ));
    }
    out.extend(insert("orders", &rows));
    out.extend(insert("order_comments", &comments));
    out.extend(insert("time_logs", &logs));
    out.extend(insert("custom_part_items", &parts));
    out.extend(insert("custom_work_items", &works));
    out.extend(insert("work_order_assignments", &assignments));
    out.extend(insert("notification_logs", &notifications));
    out
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let binary = args.next().expect("usage: import_legacy <felix-hub binary> [orders]");
    let orders: usize = args.next().map(|n| n.parse().expect("orders")).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let old = format!("sqlite://{}", dir.path().join("felixpartsbot.db").display());

    let conn = Database::connect(format!("{old}?mode=rwc")).await.expect("create the old database");
    conn.execute_unprepared(SCHEMA).await.expect("old schema");
    let txn = conn.begin().await.unwrap();
    for statement in statements(orders) {
        txn.execute_unprepared(&statement)
            .await
            .unwrap_or_else(|e| panic!("{e}: {}", &statement[..200.min(statement.len())]));
    }
    txn.commit().await.unwrap();
    conn.close().await.unwrap();

    let target = format!("sqlite://{}?mode=rwc", dir.path().join("felix-hub.db").display());
    let started = Instant::now();
    let output = Command::new(&binary)
        .args(["import-legacy", "--from", &old])
        .env("DATABASE_URL", &target)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run felix-hub");
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let row = |table: &str| {
        stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{table} ")) && l.contains("   "))
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    for table in ["orders", "order_comments", "time_logs", "custom_part_items", "work_order_assignments"] {
        println!("  {}", row(table));
    }
    println!("import-legacy: {orders} orders into SQLite in {seconds:.2} s (the whole command)");
    println!("seconds={seconds:.3}");
}
