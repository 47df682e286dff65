//! The audit trail's storage: append inside the caller's transaction, list
//! with filters, verify the whole chain.

use sqlx::AssertSqlSafe;
use serde::{Deserialize, Serialize};
use simpul_domain::audit::{Actor, Broken, Change, Entry, Verifier};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{Result, Store, Tx};

const HEAD_KEY: &str = "audit_head";

async fn head(conn: &mut sqlx::AnyConnection) -> Result<Option<(i64, String)>> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(HEAD_KEY).fetch_optional(&mut *conn).await?;
    Ok(v.and_then(|v| {
        let (s, h) = v.split_once(':')?;
        Some((s.parse().ok()?, h.to_string()))
    }))
}

/// Appends an entry chained to the current head. The caller holds the write lock.
pub async fn append(tx: &mut Tx, actor: &Actor, change: &Change) -> Result<()> {
    let prev = head(tx).await?;
    let e = Entry::next(prev.as_ref().map(|(s, h)| (*s, h.as_str())), simpul_domain::now_millis(), actor, change);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_account_id, actor, ip, agency_id, entity, entity_id, action, before_state, after_state, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(e.seq)
    .bind(e.at)
    .bind(e.actor_account_id)
    .bind(e.actor.clone())
    .bind(e.ip.clone())
    .bind(e.agency_id)
    .bind(e.entity.clone())
    .bind(e.entity_id.clone())
    .bind(e.action.clone())
    .bind(e.before.clone())
    .bind(e.after.clone())
    .bind(e.prev_hash.clone())
    .bind(e.hash.clone())
    .execute(&mut **tx)
    .await?;
    let value = format!("{}:{}", e.seq, e.hash);
    let updated = sqlx::query("UPDATE meta SET value = $1 WHERE key = $2").bind(value.clone()).bind(HEAD_KEY).execute(&mut **tx).await?;
    if updated.rows_affected() == 0 {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)").bind(HEAD_KEY).bind(value).execute(&mut **tx).await?;
    }
    Ok(())
}

pub(crate) fn entry_from_row(r: &AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor_account_id: r.try_get("actor_account_id")?,
        actor: r.try_get("actor")?,
        ip: r.try_get("ip")?,
        agency_id: r.try_get("agency_id")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        action: r.try_get("action")?,
        before: r.try_get("before_state")?,
        after: r.try_get("after_state")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

const COLS: &str = "seq, at, actor_account_id, actor, ip, agency_id, entity, entity_id, action, before_state, after_state, prev_hash, hash";

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AuditFilter {
    pub agency_id: Option<i64>,
    pub actor_account_id: Option<i64>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Inclusive lower bound, milliseconds.
    pub from: Option<i64>,
    /// Exclusive upper bound, milliseconds.
    pub until: Option<i64>,
    pub q: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub entries: u64,
    pub broken: Option<Broken>,
}

impl Store {
    /// Lists entries newest first.
    pub async fn audit_list(&self, f: &AuditFilter, page: PageRequest) -> Result<Page<Entry>> {
        let mut body = Sql::new("FROM audit_log WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND agency_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(a) = f.actor_account_id {
            body.push(" AND actor_account_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(e) = f.entity.as_deref().filter(|e| !e.is_empty()) {
            body.push(" AND entity = ").arg(Arg::Str(Some(e.into())));
        }
        if let Some(e) = f.entity_id.as_deref().filter(|e| !e.is_empty()) {
            body.push(" AND entity_id = ").arg(Arg::Str(Some(e.into())));
        }
        if let Some(t) = f.from {
            body.push(" AND at >= ").arg(Arg::I64(Some(t)));
        }
        if let Some(t) = f.until {
            body.push(" AND at < ").arg(Arg::I64(Some(t)));
        }
        body.search(&["actor", "entity_id", "action", "after_state", "before_state"], f.q.as_deref());
        Ok(paged(&self.pool, COLS, body, "seq DESC", page, entry_from_row).await?)
    }

    /// Verifies the whole chain in order of sequence number, streaming in chunks.
    pub async fn audit_verify(&self) -> Result<VerifyReport> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let head = head(&mut tx).await?;
        let mut v = Verifier::new();
        let mut after = 0i64;
        let mut count = 0u64;
        loop {
            let rows = sqlx::query(AssertSqlSafe(format!("SELECT {COLS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000"))).bind(after).fetch_all(&mut *tx).await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let e = entry_from_row(r)?;
                if let Err(b) = v.feed(&e) {
                    return Ok(VerifyReport { entries: count, broken: Some(b) });
                }
                count += 1;
                after = e.seq;
            }
        }
        tx.rollback().await?;
        match v.finish(head) {
            Ok(n) => Ok(VerifyReport { entries: n, broken: None }),
            Err(b) => Ok(VerifyReport { entries: count, broken: Some(b) }),
        }
    }
}
