//! Database connections: one pool for reads, and for SQLite a single-connection pool for writes.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::metrics::PoolReading;

pub mod statistics;

/// The database handles the services use. On PostgreSQL both are the same pool. On SQLite all
/// writes go through one connection: SQLite allows one writer at a time, and queueing writers in
/// the pool is cheaper and more predictable than letting them collide on the file lock.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbErr> {
        if is_sqlite(url) {
            let read = Database::connect(options(url, max_connections.max(2))).await?;
            let write = Database::connect(options(url, 1)).await?;
            Ok(Db { read, write })
        } else {
            let pool = Database::connect(options(url, max_connections)).await?;
            Ok(Db { read: pool.clone(), write: pool })
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.write.get_database_backend()
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// waiting up to the busy timeout while another process writes (a `migrate apply` during a
    /// deploy, a CLI command). A deferred transaction that read first would instead fail at once
    /// with "database is locked" once another process had written since its read.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        let immediate = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.write.begin_with_options(immediate).await
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.read.ping().await
    }

    /// Connections open in each pool and how many of them are idle, now. PostgreSQL has one
    /// pool (`main`); SQLite a `read` pool and the single-connection `write` pool.
    pub fn pool_readings(&self) -> Vec<PoolReading> {
        let idle = |count: usize| u32::try_from(count).unwrap_or(u32::MAX);
        match self.backend() {
            DbBackend::Postgres => {
                let pool = self.write.get_postgres_connection_pool();
                vec![PoolReading { pool: "main", size: pool.size(), idle: idle(pool.num_idle()) }]
            }
            _ => [("read", &self.read), ("write", &self.write)]
                .into_iter()
                .map(|(name, connection)| {
                    let pool = connection.get_sqlite_connection_pool();
                    PoolReading { pool: name, size: pool.size(), idle: idle(pool.num_idle()) }
                })
                .collect(),
        }
    }

    /// The database's size in bytes: PostgreSQL's own count, or SQLite's pages times page size
    /// (the main file; the write-ahead log comes on top until a checkpoint).
    pub async fn size_bytes(&self) -> Result<i64, DbErr> {
        let backend = self.backend();
        let sql = match backend {
            DbBackend::Postgres => "SELECT pg_database_size(current_database())::bigint AS size",
            _ => "SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()",
        };
        let row = self.read.query_one_raw(Statement::from_string(backend, sql)).await?;
        row.ok_or_else(|| DbErr::RecordNotFound("database size".into()))?.try_get::<i64>("", "size")
    }
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

fn options(url: &str, max_connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    if is_sqlite(url) {
        // WAL lets readers run beside the writer. synchronous=NORMAL keeps every committed
        // transaction across a process crash (kill -9); only an OS crash can lose the last ones.
        options.map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // 512 KB of page cache per connection instead of 2 MB: the operating system caches
                // the file too, and nine connections' caches were a third of the server's memory.
                .pragma("cache_size", "-512")
                // Each connection keeps its prepared statements, and a list's statement differs
                // with its filters: a hundred per connection (sqlx's default) held megabytes that
                // a few dozen of the most used do not need.
                .statement_cache_capacity(32)
        });
    }
    options
}
