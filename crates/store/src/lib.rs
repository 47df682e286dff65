//! Simpul's storage layer: one API over SQLite (embedded) and PostgreSQL.
//!
//! Both backends go through sqlx's `Any` driver with a portable subset of
//! SQL: `$n` placeholders in ascending order, `BIGINT` ids and millisecond
//! timestamps, `TEXT`, booleans as 0/1 `BIGINT` (see [`flag`]), `RETURNING`. Each backend has its own
//! migrations folder; `schema::TABLES` is the column registry that backups
//! use and that the parity test checks both schemas against.
//!
//! Every write goes through [`Store::begin_write`], which serialises writers
//! (a row lock on SQLite, an advisory lock on PostgreSQL) so the audit hash
//! chain stays linear even across processes (`simpul serve` and the CLI).

pub mod accounts;
pub mod apps;
pub mod attachments;
pub mod assets;
pub mod audit;
pub mod ckan;
pub mod backup;
pub mod networks;
pub mod datacentre;
pub mod datasets;
pub mod dataset_table;
pub mod sealing;
pub mod domains;
pub mod gsb;
pub mod org;
mod records;
pub mod publication;
pub mod schema;
pub mod sharing;
mod sql;

use std::path::Path;
use std::str::FromStr;

use simpul_domain::audit::{Actor, Change};
use simpul_domain::DomainError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use sql::{Page, PageRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("basis data: {0}")]
    Db(sqlx::Error),
    #[error("{0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Db(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Turns a unique-constraint violation into a field conflict with an Indonesian message.
pub(crate) fn conflict_on(e: sqlx::Error, field: &str, message: &str) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Domain(DomainError::Conflict { field: Some(field.into()), message: message.into() })
    } else {
        StoreError::Db(e)
    }
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            matches!(d.kind(), sqlx::error::ErrorKind::UniqueViolation) || d.message().contains("UNIQUE constraint failed") || d.message().contains("duplicate key")
        }
        _ => false,
    }
}

/// Refuses a reference to a missing or inactive agency, on `field`.
pub(crate) async fn active_agency(w: &mut WriteTx, field: &str, agency_id: i64) -> Result<()> {
    let active: Option<i64> = sqlx::query_scalar("SELECT active FROM agencies WHERE id = $1").bind(agency_id).fetch_optional(&mut *w.tx).await?;
    match active {
        None => Err(DomainError::field(field, "invalid_reference", "Perangkat daerah tidak ditemukan.").into()),
        Some(0) => Err(DomainError::field(field, "inactive", "Perangkat daerah sudah nonaktif.").into()),
        Some(_) => Ok(()),
    }
}

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Seals "rahasia" datasets at rest (`sealing`); without it they cannot be stored or read.
    data_key: Option<std::sync::Arc<sealing::DataKey>>,
    /// Decoded row tables of dataset versions (`dataset_table`), shared by clones.
    row_cache: std::sync::Arc<dataset_table::RowCache>,
}

/// A write transaction holding the global write lock. Dropping it rolls back.
pub struct WriteTx {
    pub tx: Tx,
    pub actor: Actor,
}

impl WriteTx {
    /// Appends an audit entry for a change, inside this transaction.
    pub async fn audit(&mut self, change: Change) -> Result<()> {
        audit::append(&mut self.tx, &self.actor, &change).await
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Opens the embedded SQLite database in `dir` (created if missing).
    pub async fn open_sqlite_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Other(format!("tidak dapat membuat direktori data {}: {e}", dir.display())))?;
        let path = dir.join("simpul.sqlite");
        Self::open_url(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    /// Opens a database by URL: `sqlite://…` or `postgres://…`.
    pub async fn open_url(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Other(format!("URL basis data tidak dikenal (harus sqlite:// atau postgres://): {url}")));
        };
        let opts = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await?;
        if backend == Backend::Sqlite {
            sqlx::raw_sql("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        Ok(Store { pool, backend, data_key: None, row_cache: std::sync::Arc::new(dataset_table::RowCache::new(dataset_table::DEFAULT_ROW_CACHE_BYTES)) })
    }

    /// The same store with the installation's data key for rahasia datasets.
    pub fn with_data_key(mut self, key: sealing::DataKey) -> Store {
        self.data_key = Some(std::sync::Arc::new(key));
        self
    }

    /// The same store with a decoded-row cache of at most `bytes` (0: none).
    pub fn with_row_cache_bytes(mut self, bytes: usize) -> Store {
        self.row_cache = std::sync::Arc::new(dataset_table::RowCache::new(bytes));
        self
    }

    /// The decoded-row cache (versions held, estimated bytes).
    pub fn row_cache(&self) -> &dataset_table::RowCache {
        &self.row_cache
    }

    pub(crate) fn data_key(&self) -> Result<&sealing::DataKey> {
        self.data_key.as_deref().ok_or_else(|| StoreError::Other("kunci data rahasia belum dipasang: data berklasifikasi rahasia tidak dapat disimpan atau dibaca".into()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Applies pending migrations. Each runs in its own transaction.
    pub async fn migrate(&self) -> Result<()> {
        sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").execute(&self.pool).await?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations").fetch_all(&self.pool).await?;
        for m in schema::migrations(self.backend) {
            if applied.contains(&m.version) {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            sqlx::raw_sql(m.sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(m.version)
                .bind(m.name)
                .bind(simpul_domain::now_millis())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version = m.version, name = m.name, "migration applied");
        }
        Ok(())
    }

    pub async fn schema_version(&self) -> Result<i64> {
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations").fetch_one(&self.pool).await?;
        Ok(v.unwrap_or(0))
    }

    /// Starts a transaction that holds the global write lock.
    pub async fn begin_write(&self, actor: Actor) -> Result<WriteTx> {
        let mut tx = self.pool.begin().await?;
        match self.backend {
            Backend::Sqlite => {
                sqlx::query("UPDATE write_lock SET n = n + 1 WHERE id = 1").execute(&mut *tx).await?;
            }
            Backend::Postgres => {
                sqlx::query("SELECT pg_advisory_xact_lock(7265786) IS NULL").execute(&mut *tx).await?;
            }
        }
        Ok(WriteTx { tx, actor })
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Booleans are stored as 0/1 integers on both backends (sqlx's `Any` driver
/// cannot decode SQLite's BOOLEAN), and read back through this.
pub(crate) fn flag(r: &sqlx::any::AnyRow, col: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    Ok(r.try_get::<i64, _>(col)? != 0)
}
