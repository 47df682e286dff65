//! Logical backups: one consistent snapshot of every table in `schema::TABLES`,
//! written as JSON lines with a checksum manifest. The same format restores
//! into SQLite or PostgreSQL, so a backup also moves a Pemda between them.
//!
//! Layout, one JSON value per line:
//! 1. header `{"format":"simpul-backup","version":1,"schema_version":…,"backend":…,"created_at":…}`
//! 2. per table: `{"table":name,"columns":[…],"rows":n}` then n arrays of values
//! 3. `{"manifest":[{"table":…,"rows":n,"sha256":…}, …]}` (digest of the table's row lines)
//! 4. `{"sha256":…}`: digest of every byte before this line.
//!
//! Values are JSON numbers, strings, booleans or null; binary columns
//! (`Kind::Bytes`, e.g. attachment contents) are standard base64 strings.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::schema::{Kind, Table, TABLES};
use crate::{Backend, Result, Store, StoreError};

pub const FORMAT: &str = "simpul-backup";
pub const VERSION: i64 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: i64,
    schema_version: i64,
    backend: String,
    created_at: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct TableHeader {
    table: String,
    columns: Vec<String>,
    rows: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestEntry {
    pub table: String,
    pub rows: u64,
    pub sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    manifest: Vec<ManifestEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Trailer {
    sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupSummary {
    pub schema_version: i64,
    pub tables: Vec<ManifestEntry>,
    pub sha256: String,
    pub bytes: u64,
}

fn err(msg: impl Into<String>) -> StoreError {
    StoreError::Other(msg.into())
}

fn value_of(r: &AnyRow, col: &str, kind: Kind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        Kind::Int => r.try_get::<Option<i64>, _>(col)?.map(Value::from).unwrap_or(Value::Null),
        Kind::Text => r.try_get::<Option<String>, _>(col)?.map(Value::from).unwrap_or(Value::Null),
        Kind::Bool => r.try_get::<Option<i64>, _>(col)?.map(|v| Value::from(v != 0)).unwrap_or(Value::Null),
        Kind::Bytes => r.try_get::<Option<Vec<u8>>, _>(col)?.map(|v| Value::from(BASE64.encode(v))).unwrap_or(Value::Null),
    })
}

/// Writes lines while hashing them.
struct HashingWriter<W: Write> {
    inner: W,
    total: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    fn line(&mut self, s: &str) -> std::io::Result<()> {
        self.total.update(s.as_bytes());
        self.total.update(b"\n");
        self.bytes += s.len() as u64 + 1;
        self.inner.write_all(s.as_bytes())?;
        self.inner.write_all(b"\n")
    }
}

impl Store {
    /// Writes a consistent snapshot to `out` (atomically: a temporary file is renamed).
    pub async fn backup_to(&self, out: &Path) -> Result<BackupSummary> {
        let tmp = out.with_extension("partial");
        let file = std::fs::File::create(&tmp).map_err(|e| err(format!("tidak dapat menulis {}: {e}", tmp.display())))?;
        let mut w = HashingWriter { inner: BufWriter::new(file), total: Sha256::new(), bytes: 0 };
        let io = |e: std::io::Error| err(format!("gagal menulis cadangan: {e}"));

        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        let schema_version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetch_one(&mut *tx).await?;
        let header = Header { format: FORMAT.into(), version: VERSION, schema_version, backend: self.backend.name().into(), created_at: simpul_domain::now_millis() };
        w.line(&serde_json::to_string(&header).map_err(|e| err(e.to_string()))?).map_err(io)?;

        let mut manifest = Vec::new();
        for t in TABLES {
            let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
            let rows: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", t.name))).fetch_one(&mut *tx).await?;
            let th = TableHeader { table: t.name.into(), columns: cols.iter().map(|c| c.to_string()).collect(), rows: rows as u64 };
            w.line(&serde_json::to_string(&th).map_err(|e| err(e.to_string()))?).map_err(io)?;
            let order = if t.name == "meta" { "key" } else if t.name == "audit_log" { "seq" } else { "id" };
            let sql = format!("SELECT {} FROM {} ORDER BY {order}", cols.join(", "), t.name);
            let mut table_hash = Sha256::new();
            let mut n = 0u64;
            let mut stream = sqlx::query(AssertSqlSafe(sql)).fetch(&mut *tx);
            while let Some(r) = stream.try_next().await? {
                let vals = t.columns.iter().map(|(c, k)| value_of(&r, c, *k)).collect::<Result<Vec<_>, _>>()?;
                let line = serde_json::to_string(&vals).map_err(|e| err(e.to_string()))?;
                table_hash.update(line.as_bytes());
                table_hash.update(b"\n");
                w.line(&line).map_err(io)?;
                n += 1;
            }
            drop(stream);
            if n != rows as u64 {
                return Err(err(format!("tabel {} berubah selama pencadangan", t.name)));
            }
            manifest.push(ManifestEntry { table: t.name.into(), rows: n, sha256: hex::encode(table_hash.finalize()) });
        }
        tx.rollback().await?;
        w.line(&serde_json::to_string(&Manifest { manifest: manifest.clone() }).map_err(|e| err(e.to_string()))?).map_err(io)?;
        let digest = hex::encode(w.total.clone().finalize());
        let trailer = serde_json::to_string(&Trailer { sha256: digest.clone() }).map_err(|e| err(e.to_string()))?;
        w.inner.write_all(trailer.as_bytes()).map_err(io)?;
        w.inner.write_all(b"\n").map_err(io)?;
        let file = w.inner.into_inner().map_err(|e| err(format!("gagal menulis cadangan: {e}")))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, out).map_err(io)?;
        Ok(BackupSummary { schema_version, tables: manifest, sha256: digest, bytes: w.bytes + trailer.len() as u64 + 1 })
    }

    /// Restores a backup into this (migrated, empty) database in one transaction.
    /// The file is verified completely before anything is written.
    pub async fn restore_from(&self, path: &Path) -> Result<BackupSummary> {
        let summary = verify_file(path)?;
        let current = self.schema_version().await?;
        if summary.schema_version != current {
            return Err(err(format!("versi skema cadangan ({}) berbeda dengan versi basis data ({current})", summary.schema_version)));
        }
        for t in TABLES {
            let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", t.name))).fetch_one(&self.pool).await?;
            if n > 0 {
                return Err(err(format!("basis data tujuan tidak kosong (tabel {} berisi {n} baris); pemulihan hanya ke basis data kosong", t.name)));
            }
        }
        let file = std::fs::File::open(path).map_err(|e| err(format!("tidak dapat membuka {}: {e}", path.display())))?;
        let mut lines = BufReader::new(file).lines();
        let mut next = || -> Result<String> { lines.next().ok_or_else(|| err("berkas cadangan terpotong"))?.map_err(|e| err(e.to_string())) };
        next()?; // header, verified above
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // Foreign keys between restored rows are satisfied by table order, except
            // self-references and agencies.head_person_id, which has no constraint.
        }
        for t in TABLES {
            let th: TableHeader = serde_json::from_str(&next()?).map_err(|e| err(format!("kepala tabel rusak: {e}")))?;
            let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
            let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
            let sql = format!("INSERT INTO {} ({}) VALUES ({})", t.name, cols.join(", "), placeholders.join(", "));
            let mut pending: Vec<Vec<Value>> = Vec::new();
            for _ in 0..th.rows {
                let vals: Vec<Value> = serde_json::from_str(&next()?).map_err(|e| err(format!("baris rusak di tabel {}: {e}", t.name)))?;
                pending.push(vals);
            }
            // Self-referencing agencies: insert parents before children.
            if t.name == "agencies" {
                pending.sort_by_key(|v| v.get(5).and_then(Value::as_i64).is_some());
            }
            for vals in pending {
                let mut q = sqlx::query(AssertSqlSafe(sql.clone()));
                for ((_, kind), v) in t.columns.iter().zip(vals) {
                    q = match kind {
                        Kind::Int => q.bind(v.as_i64()),
                        Kind::Text => q.bind(v.as_str().map(str::to_string)),
                        Kind::Bool => q.bind(v.as_bool().map(i64::from)),
                        Kind::Bytes => match v.as_str() {
                            None => q.bind(None::<Vec<u8>>),
                            Some(s) => q.bind(Some(BASE64.decode(s).map_err(|e| err(format!("data biner rusak di tabel {}: {e}", t.name)))?)),
                        },
                    };
                }
                q.execute(&mut *tx).await?;
            }
            if self.backend == Backend::Postgres {
                reset_identity(&mut tx, t).await?;
            }
        }
        tx.commit().await?;
        Ok(summary)
    }
}

async fn reset_identity(tx: &mut crate::Tx, t: &Table) -> Result<()> {
    if let Some(col) = t.identity {
        let sql = format!("SELECT setval(pg_get_serial_sequence('{0}', '{col}'), COALESCE((SELECT MAX({col}) FROM {0}), 0) + 1, false)", t.name);
        sqlx::query(AssertSqlSafe(sql)).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Checks a backup file completely: format, overall digest, every table's
/// row count and digest, and that its tables and columns are the ones this
/// version of Simpul knows. Reads the file once.
pub fn verify_file(path: &Path) -> Result<BackupSummary> {
    let mut file = std::fs::File::open(path).map_err(|e| err(format!("tidak dapat membuka {}: {e}", path.display())))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| err(e.to_string()))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| err("berkas cadangan rusak: bukan UTF-8"))?;
    let body_end = text.trim_end_matches('\n').rfind('\n').map(|i| i + 1).ok_or_else(|| err("berkas cadangan rusak: terlalu pendek"))?;
    let (body, last) = text.split_at(body_end);
    let trailer: Trailer = serde_json::from_str(last.trim_end()).map_err(|_| err("berkas cadangan rusak: penutup checksum tidak ada (berkas terpotong?)"))?;
    let digest = hex::encode(Sha256::digest(body.as_bytes()));
    if digest != trailer.sha256 {
        return Err(err("berkas cadangan rusak: checksum keseluruhan tidak cocok"));
    }
    let mut lines = body.lines();
    let header: Header = serde_json::from_str(lines.next().unwrap_or("")).map_err(|_| err("berkas ini bukan cadangan Simpul"))?;
    if header.format != FORMAT || header.version != VERSION {
        return Err(err(format!("format cadangan tidak didukung: {} v{}", header.format, header.version)));
    }
    let mut seen = Vec::new();
    for t in TABLES {
        let th: TableHeader = serde_json::from_str(lines.next().unwrap_or("")).map_err(|_| err(format!("berkas cadangan rusak: kepala tabel {} tidak ada", t.name)))?;
        let expected: Vec<String> = t.columns.iter().map(|(c, _)| c.to_string()).collect();
        if th.table != t.name || th.columns != expected {
            return Err(err(format!("berkas cadangan tidak cocok dengan skema: tabel {} / kolom berbeda", t.name)));
        }
        let mut h = Sha256::new();
        for _ in 0..th.rows {
            let l = lines.next().ok_or_else(|| err(format!("berkas cadangan terpotong di tabel {}", t.name)))?;
            let vals: Vec<Value> = serde_json::from_str(l).map_err(|_| err(format!("baris rusak di tabel {}", t.name)))?;
            if vals.len() != expected.len() {
                return Err(err(format!("jumlah kolom salah di tabel {}", t.name)));
            }
            h.update(l.as_bytes());
            h.update(b"\n");
        }
        seen.push(ManifestEntry { table: t.name.into(), rows: th.rows, sha256: hex::encode(h.finalize()) });
    }
    let manifest: Manifest = serde_json::from_str(lines.next().unwrap_or("")).map_err(|_| err("berkas cadangan rusak: manifes tidak ada"))?;
    if manifest.manifest != seen {
        return Err(err("berkas cadangan rusak: manifes checksum tabel tidak cocok"));
    }
    if lines.next().is_some() {
        return Err(err("berkas cadangan rusak: ada data tambahan setelah manifes"));
    }
    Ok(BackupSummary { schema_version: header.schema_version, tables: seen, sha256: digest, bytes: bytes.len() as u64 })
}
