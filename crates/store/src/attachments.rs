//! The attachment store (Repositori): files of any record, bytes in the
//! database (`BLOB` / `BYTEA`), each with its SHA-256 digest so that a
//! modification made behind Simpul's back is detected on download.
//!
//! Owners are named by kind and id (`OwnerKind`), without a foreign key,
//! so any module can own files; the owning module writes the attachment in
//! the same transaction as its own record and authorizes reads by owner.

use serde::Serialize;
use simpul_domain::attachments::{sha256_hex, CheckedFile, OwnerKind};
use simpul_domain::audit::Change;
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::sql::{Arg, Sql};
use crate::{Result, Store, WriteTx};

/// An attachment without its bytes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 recorded at upload.
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

/// An attachment with its bytes as stored now.
#[derive(Debug, Clone)]
pub struct AttachmentFile {
    pub meta: AttachmentMeta,
    pub content: Vec<u8>,
}

/// The result of checking a stored file against the digest recorded at upload.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Integrity {
    pub intact: bool,
    pub recorded_sha256: String,
    pub actual_sha256: String,
    pub recorded_size: i64,
    pub actual_size: i64,
}

impl AttachmentFile {
    pub fn integrity(&self) -> Integrity {
        let actual = sha256_hex(&self.content);
        let actual_size = self.content.len() as i64;
        Integrity { intact: actual == self.meta.sha256 && actual_size == self.meta.size, recorded_sha256: self.meta.sha256.clone(), actual_sha256: actual, recorded_size: self.meta.size, actual_size }
    }
}

const META_COLS: &str = "id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

pub(crate) fn meta_from_row(r: &AnyRow) -> Result<AttachmentMeta, sqlx::Error> {
    Ok(AttachmentMeta {
        id: r.try_get("id")?,
        owner_kind: r.try_get("owner_kind")?,
        owner_id: r.try_get("owner_id")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        sha256: r.try_get("sha256")?,
        uploaded_by: r.try_get("uploaded_by")?,
        uploaded_at: r.try_get("uploaded_at")?,
    })
}

impl Store {
    /// Stores a checked file for a record, with an audit entry (the digest,
    /// not the bytes). Call inside the owner's write transaction.
    pub async fn insert_attachment(&self, w: &mut WriteTx, owner: OwnerKind, owner_id: i64, agency_id: Option<i64>, f: &CheckedFile, bytes: &[u8]) -> Result<AttachmentMeta> {
        let uploaded_by = w.actor.name.clone();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (owner_kind, owner_id, file_name, content_type, size, sha256, content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(owner.code())
        .bind(owner_id)
        .bind(f.file_name.clone())
        .bind(f.media.code())
        .bind(f.size)
        .bind(f.sha256.clone())
        .bind(bytes.to_vec())
        .bind(uploaded_by)
        .bind(now_millis())
        .fetch_one(&mut *w.tx)
        .await?;
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {META_COLS} FROM attachments WHERE id = $1"))).bind(id).fetch_one(&mut *w.tx).await?;
        let meta = meta_from_row(&row)?;
        w.audit(Change { agency_id, entity: "attachment".into(), entity_id: id.to_string(), action: "upload".into(), before: None, after: serde_json::to_value(&meta).ok() }).await?;
        Ok(meta)
    }

    pub async fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {META_COLS} FROM attachments WHERE id = $1"))).bind(id).fetch_optional(&self.pool).await?;
        Ok(meta_from_row(&row.ok_or(DomainError::NotFound("lampiran"))?)?)
    }

    /// The attachment with its bytes as they are stored now.
    pub async fn attachment(&self, id: i64) -> Result<AttachmentFile> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {META_COLS}, content FROM attachments WHERE id = $1"))).bind(id).fetch_optional(&self.pool).await?;
        let row = row.ok_or(DomainError::NotFound("lampiran"))?;
        Ok(AttachmentFile { meta: meta_from_row(&row)?, content: row.try_get("content")? })
    }

    /// The attachments of some records of one kind, oldest first.
    pub async fn attachments_of(&self, owner: OwnerKind, owner_ids: &[i64]) -> Result<Vec<AttachmentMeta>> {
        if owner_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Sql::new(&format!("SELECT {META_COLS} FROM attachments WHERE owner_kind = "));
        q.arg(Arg::Str(Some(owner.code().into()))).push(" AND owner_id IN (");
        for (i, id) in owner_ids.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.arg(Arg::I64(Some(*id)));
        }
        q.push(") ORDER BY id");
        let rows = q.query().fetch_all(&self.pool).await?;
        Ok(rows.iter().map(meta_from_row).collect::<Result<_, _>>()?)
    }
}
