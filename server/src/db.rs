//! Database connections: one pool for reads, and for SQLite a single-connection pool for writes.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

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
        });
    }
    options
}
