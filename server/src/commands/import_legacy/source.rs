//! Reading FelixPartsBot's database: which of its tables and columns this copy has (the old app
//! added columns over time and `db.create_all()` never changed a table it had made already), and
//! every row of a table, each column as text.

use std::collections::{HashMap, HashSet};

use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement};

/// An open old database, read-only where the database allows it.
pub struct Source {
    db: DatabaseConnection,
    /// Table name → its columns, for the tables FelixPartsBot ever had.
    tables: HashMap<String, HashSet<String>>,
}

/// One row: the text of each asked-for column, `None` for NULL or a column this copy lacks.
pub struct Row {
    values: Vec<Option<String>>,
    columns: &'static [&'static str],
}

impl Row {
    /// The text of `column`, trimmed of nothing: free text is kept as it was written.
    pub fn text(&self, column: &str) -> Option<&str> {
        let at = self.columns.iter().position(|c| *c == column)?;
        self.values[at].as_deref()
    }

    /// The first of `columns` that has a value: for a column an older version named differently.
    pub fn first(&self, columns: &[&str]) -> Option<&str> {
        columns.iter().find_map(|c| self.text(c))
    }
}

/// Opens `url` (`sqlite://…` or `postgres://…`) and looks at its tables.
pub async fn open(url: &str) -> anyhow::Result<Source> {
    let db = connect_read_only(url).await?;
    let tables = tables(&db).await?;
    if !tables.contains_key("orders") {
        anyhow::bail!("{url} has no `orders` table: is it FelixPartsBot's database?");
    }
    Ok(Source { db, tables })
}

/// Connects without ever creating a file; a SQLite database is opened read-only.
pub async fn connect_read_only(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url);
    options.max_connections(1).sqlx_logging(false);
    if url.starts_with("sqlite:") {
        options.map_sqlx_sqlite_opts(|opts: SqliteConnectOptions| opts.read_only(true).create_if_missing(false));
    } else if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        anyhow::bail!("{url}: give a sqlite://… or postgres://… URL");
    }
    Database::connect(options).await.map_err(|error| anyhow::anyhow!("cannot open {url}: {error}"))
}

async fn tables(db: &DatabaseConnection) -> Result<HashMap<String, HashSet<String>>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table'"
        }
        _ => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = current_schema()"
        }
    };
    let mut tables: HashMap<String, HashSet<String>> = HashMap::new();
    for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
        let table: String = row.try_get("", "t")?;
        let column: String = row.try_get("", "c")?;
        tables.entry(table.to_lowercase()).or_default().insert(column.to_lowercase());
    }
    Ok(tables)
}

impl Source {
    pub fn has_table(&self, table: &str) -> bool {
        self.tables.contains_key(table)
    }

    pub fn has_column(&self, table: &str, column: &str) -> bool {
        self.tables.get(table).is_some_and(|columns| columns.contains(column))
    }

    /// Every row of `table` in id order, with `columns` as text; a column this copy lacks reads
    /// as NULL. A table this copy lacks has no rows.
    pub async fn rows(&self, table: &str, columns: &'static [&'static str]) -> Result<Vec<Row>, DbErr> {
        if !self.has_table(table) {
            return Ok(Vec::new());
        }
        let backend = self.db.get_database_backend();
        let select: Vec<String> = columns
            .iter()
            .map(|column| match self.has_column(table, column) {
                true => format!("CAST(\"{column}\" AS TEXT) AS \"{column}\""),
                false => format!("CAST(NULL AS TEXT) AS \"{column}\""),
            })
            .collect();
        let sql = format!("SELECT {} FROM \"{table}\" ORDER BY \"id\"", select.join(", "));
        let rows = self.db.query_all_raw(Statement::from_string(backend, sql)).await?;
        rows.iter()
            .map(|row| {
                let values: Result<Vec<Option<String>>, DbErr> =
                    columns.iter().map(|column| row.try_get::<Option<String>>("", column)).collect();
                Ok(Row { values: values?, columns })
            })
            .collect()
    }
}
