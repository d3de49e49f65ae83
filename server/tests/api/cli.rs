//! The `felix-hub` binary itself: configuration errors and the migrate command.

use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

use crate::helpers::TestDatabase;

fn felix_hub(envs: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_felix-hub"));
    command.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("run felix-hub")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn an_invalid_flag_stops_the_server_with_one_line_naming_it() {
    let output = felix_hub(&[("ENABLE_CAR_NUMBER", "maybe"), ("DATABASE_URL", "sqlite::memory:")], &["serve"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("ENABLE_CAR_NUMBER") && stderr.contains("maybe"), "{stderr}");
}

#[test]
fn malformed_admin_chat_ids_stop_the_server() {
    let output = felix_hub(&[("ADMIN_CHAT_IDS", "123,abc"), ("DATABASE_URL", "sqlite::memory:")], &["serve"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ADMIN_CHAT_IDS") && stderr.contains("abc"), "{stderr}");
}

#[test]
fn help_explains_each_command() {
    let output = felix_hub(&[], &["--help"]);
    let help = stdout(&output);
    for command in ["serve", "migrate"] {
        assert!(help.contains(command), "{help}");
    }
    let output = felix_hub(&[], &["migrate", "--help"]);
    let help = stdout(&output);
    for action in ["status", "apply", "rollback"] {
        assert!(help.contains(action), "{help}");
    }
}

#[tokio::test]
async fn migrate_status_apply_rollback_and_apply_again() {
    let db = TestDatabase::new().await;
    let env = [("DATABASE_URL", db.url.as_str())];
    let names = [
        "m20261125_000000_base_schema",
        "m20261206_000000_create_flag_tables",
        "m20261207_000000_order_list_indexes_and_counts",
        "m20261125_000001_add_car_number_column",
        "m20261125_000002_create_categories_parts_tables",
    ];

    let status = felix_hub(&env, &["migrate", "status"]);
    assert!(status.status.success());
    for name in names {
        assert!(stdout(&status).lines().any(|l| l.contains(name) && l.contains("pending")), "{}", stdout(&status));
    }
    assert!(stdout(&status).contains("Total: 5 migration(s)"));

    let apply = felix_hub(&env, &["migrate", "apply"]);
    assert!(apply.status.success(), "{}", String::from_utf8_lossy(&apply.stderr));
    assert!(stdout(&apply).contains("Successfully applied 5 migration(s)"));
    assert!(stdout(&apply).contains("Created index idx_orders_car_number"));
    assert_schema(&db.url, true).await;

    let rollback = felix_hub(&env, &["migrate", "rollback", "--steps", "2"]);
    assert!(rollback.status.success(), "{}", String::from_utf8_lossy(&rollback.stderr));
    assert!(stdout(&rollback).contains("Successfully rolled back 2 migration(s)"));
    let status = felix_hub(&env, &["migrate", "status"]);
    assert!(stdout(&status).lines().any(|l| l.contains(names[0]) && l.contains("applied")));
    assert!(stdout(&status).lines().any(|l| l.contains(names[1]) && l.contains("applied")));
    assert!(stdout(&status).lines().any(|l| l.contains(names[2]) && l.contains("applied")));
    assert!(stdout(&status).lines().any(|l| l.contains(names[4]) && l.contains("pending")));
    assert_schema(&db.url, false).await;

    let apply = felix_hub(&env, &["migrate", "apply"]);
    assert!(stdout(&apply).contains("Successfully applied 2 migration(s)"));
    assert_schema(&db.url, true).await;

    // Without --steps, rollback undoes the plan's two migrations and keeps the base schema and
    // the flags' tables.
    let rollback = felix_hub(&env, &["migrate", "rollback"]);
    assert!(stdout(&rollback).contains("Successfully rolled back 2 migration(s)"));
    let status = felix_hub(&env, &["migrate", "status"]);
    assert!(stdout(&status).lines().any(|l| l.contains(names[0]) && l.contains("applied")));
    assert!(stdout(&status).lines().any(|l| l.contains(names[1]) && l.contains("applied")));
    assert!(stdout(&status).lines().any(|l| l.contains(names[2]) && l.contains("applied")));
}

#[test]
fn migrate_fails_with_a_non_zero_exit_when_the_database_is_unreachable() {
    let output = felix_hub(&[("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")], &["migrate", "apply"]);
    assert!(!output.status.success());
}

/// The plan's Phase 1 checklist: the column, the named indexes and the foreign key.
async fn assert_schema(url: &str, feature_migrations_applied: bool) {
    let conn = Database::connect(url).await.unwrap();
    let backend = conn.get_database_backend();
    let query = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let (indexes, columns, foreign_keys) = match backend {
        DbBackend::Sqlite => (
            "SELECT name AS v FROM sqlite_master WHERE type = 'index'",
            "SELECT name AS v FROM pragma_table_info('orders')",
            "SELECT \"table\" || '.' || \"from\" || '->' || 'categories.' || \"to\" AS v \
             FROM pragma_foreign_key_list('parts')",
        ),
        _ => (
            "SELECT indexname AS v FROM pg_indexes WHERE schemaname = 'public'",
            "SELECT column_name::text AS v FROM information_schema.columns WHERE table_name = 'orders'",
            "SELECT 'categories.category_id->categories.' || ccu.column_name AS v \
             FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name \
             JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name \
             WHERE tc.table_name = 'parts' AND tc.constraint_type = 'FOREIGN KEY' AND kcu.column_name = 'category_id'",
        ),
    };
    let values = |rows: Vec<sea_orm::QueryResult>| -> Vec<String> {
        rows.iter().map(|row| row.try_get::<String>("", "v").unwrap()).collect()
    };
    let indexes = values(conn.query_all_raw(query(indexes)).await.unwrap());
    let columns = values(conn.query_all_raw(query(columns)).await.unwrap());
    assert_eq!(indexes.iter().any(|i| i == "idx_orders_car_number"), feature_migrations_applied, "{indexes:?}");
    assert_eq!(indexes.iter().any(|i| i == "idx_parts_category_id"), feature_migrations_applied, "{indexes:?}");
    assert_eq!(columns.iter().any(|c| c == "car_number"), feature_migrations_applied, "{columns:?}");
    if feature_migrations_applied {
        let fks = values(conn.query_all_raw(query(foreign_keys)).await.unwrap());
        assert_eq!(fks, vec!["categories.category_id->categories.id".to_owned()], "parts.category_id -> categories.id");
    }
    conn.close().await.unwrap();
}
