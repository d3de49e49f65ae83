//! The Render blueprint (`scripts/deploy/render.yaml`) against the repository: its commands
//! exist (the scripts, the cargo package, the binary and its subcommand), and every variable it
//! sets is one that felix-hub reads.

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;
use serde_json::Value;

use server::config::Config;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn blueprint() -> Value {
    let text = std::fs::read_to_string(repository().join("scripts/deploy/render.yaml")).expect("the blueprint");
    serde_norway::from_str(&text).expect("the blueprint is YAML")
}

/// Every environment variable felix-hub's configuration reads.
fn variables_the_server_reads() -> BTreeSet<String> {
    let command = Config::augment_args(clap::Command::new("felix-hub"));
    command.get_arguments().filter_map(|arg| arg.get_env()).map(|env| env.to_string_lossy().into_owned()).collect()
}

/// The blueprint's one web service.
fn web_service(blueprint: &Value) -> &Value {
    let services = blueprint["services"].as_array().expect("services");
    let web: Vec<&Value> = services.iter().filter(|s| s["type"] == "web").collect();
    assert_eq!(web.len(), 1, "one web service: {services:?}");
    web[0]
}

#[test]
fn the_blueprints_build_and_start_commands_exist() {
    let blueprint = blueprint();
    let web = web_service(&blueprint);
    assert_eq!(web["runtime"], "rust");
    assert_eq!(web["healthCheckPath"], "/health");
    assert_eq!(web["numInstances"], 1, "one process polls the bot");

    let build = web["buildCommand"].as_str().expect("buildCommand");
    let steps: Vec<Vec<&str>> = build.split("&&").map(|step| step.split_whitespace().collect()).collect();
    for step in &steps {
        match step[0] {
            script if script.starts_with("scripts/") => {
                let path = repository().join(script);
                let mode =
                    std::fs::metadata(&path).unwrap_or_else(|_| panic!("{script} does not exist")).permissions().mode();
                assert!(mode & 0o111 != 0, "{script} is not executable");
            }
            "cargo" => {
                assert_eq!(step[1], "build", "{build}");
                assert!(step.contains(&"--release") && step.contains(&"--locked"), "{build}");
                let package = step[step.iter().position(|a| *a == "-p").expect("-p PACKAGE") + 1];
                let manifest = std::fs::read_to_string(repository().join(package).join("Cargo.toml")).unwrap();
                assert!(manifest.contains(&format!("name = \"{package}\"")), "no package {package}");
                assert!(manifest.contains("name = \"felix-hub\""), "{package} does not build felix-hub");
            }
            other => panic!("unknown build step {other:?} in {build}"),
        }
    }
    let names: Vec<&str> = steps.iter().map(|step| step[0]).collect();
    assert_eq!(names, ["scripts/setup", "scripts/build-frontend", "cargo"], "setup, web app, then the server");

    // `./target/release/felix-hub serve`: the release binary cargo builds, and a subcommand it has.
    let start: Vec<&str> = web["startCommand"].as_str().expect("startCommand").split_whitespace().collect();
    assert_eq!(start[0], "./target/release/felix-hub");
    let built = Path::new(env!("CARGO_BIN_EXE_felix-hub"));
    assert_eq!(built.file_name(), Path::new(start[0]).file_name());
    let help = Command::new(built).args(&start[1..]).arg("--help").env_clear().output().unwrap();
    assert!(help.status.success(), "felix-hub {:?} --help: {}", &start[1..], String::from_utf8_lossy(&help.stderr));
    assert!(start.contains(&"serve"), "{start:?}");
}

#[test]
fn every_variable_of_the_blueprint_is_one_the_server_reads() {
    let blueprint = blueprint();
    let web = web_service(&blueprint);
    let known = variables_the_server_reads();
    let vars = web["envVars"].as_array().expect("envVars");
    let mut set = BTreeSet::new();
    for var in vars {
        let key = var["key"].as_str().expect("key");
        assert!(known.contains(key), "{key} is not read by felix-hub (it reads {known:?})");
        assert!(set.insert(key), "{key} is set twice");
        let sources = ["value", "sync", "fromDatabase", "generateValue"].iter().filter(|s| !var[**s].is_null()).count();
        assert_eq!(sources, 1, "{key} needs exactly one source: {var}");
    }
    let value = |key: &str| vars.iter().find(|v| v["key"] == key).unwrap_or_else(|| panic!("{key} is not set"));

    // The plan's starting point: all six flags off.
    for flag in [
        "ENABLE_CAR_NUMBER",
        "ENABLE_PART_CATEGORIES",
        "ENABLE_TG_ADMIN_NOTIFS",
        "ENABLE_TG_MECH_NOTIFS",
        "ENABLE_MECH_I18N",
        "ENABLE_UI_REFRESH",
    ] {
        assert_eq!(value(flag)["value"], "false", "{flag}");
    }
    assert_eq!(value("HOST")["value"], "0.0.0.0");
    assert_eq!(value("TELEGRAM_BOT_POLLING")["value"], "true");
    // Secrets and per-shop values are asked for in the Dashboard, never committed.
    for key in ["TELEGRAM_BOT_TOKEN", "ADMIN_CHAT_IDS", "PUBLIC_URL"] {
        assert_eq!(value(key)["sync"], false, "{key}");
    }
    // The database is Render's PostgreSQL, declared in the same blueprint.
    let database = &value("DATABASE_URL")["fromDatabase"];
    assert_eq!(database["property"], "connectionString");
    let databases = blueprint["databases"].as_array().expect("databases");
    assert!(databases.iter().any(|db| db["name"] == database["name"]), "{} is not declared", database["name"]);
    // Render waits this long after SIGTERM before it kills: felix-hub must be done before.
    let timeout: u64 = value("SHUTDOWN_TIMEOUT_SECS")["value"].as_str().unwrap().parse().unwrap();
    assert!(timeout < web["maxShutdownDelaySeconds"].as_u64().expect("maxShutdownDelaySeconds"));
}
