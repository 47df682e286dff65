//! Plain registry records described by a [`Spec`]: read one, list with a
//! filter, insert or update from a column list, remove, each write with its
//! audit entry (before/after) in the caller's transaction. The data centre
//! and domain registries are built from these.

use serde::Serialize;
use simpul_domain::audit::Change;
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::AssertSqlSafe;

use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{conflict_on, Result, Store, WriteTx};

/// How a record type is stored and read. The main table is aliased `x` in
/// `from`; `cols` selects the row `map` reads.
pub(crate) struct Spec<T> {
    pub table: &'static str,
    /// The audit trail's entity name.
    pub entity: &'static str,
    /// Indonesian noun for "… tidak ditemukan".
    pub what: &'static str,
    pub cols: &'static str,
    pub from: &'static str,
    pub order: &'static str,
    pub map: fn(&AnyRow) -> Result<T, sqlx::Error>,
    /// The agency the audit entry is filed under.
    pub agency: fn(&T) -> Option<i64>,
    /// The field a unique-constraint violation is reported on, and the message.
    pub unique: (&'static str, &'static str),
}

/// Column values of an insert or update.
pub(crate) type Values = Vec<(&'static str, Arg)>;

pub(crate) fn int(v: i64) -> Arg {
    Arg::I64(Some(v))
}
pub(crate) fn opt_int(v: Option<i64>) -> Arg {
    Arg::I64(v)
}
pub(crate) fn text(v: &str) -> Arg {
    Arg::Str(Some(v.to_string()))
}
pub(crate) fn opt_text(v: &Option<String>) -> Arg {
    Arg::Str(v.clone())
}

/// `AND col = $n` when a filter value is given.
pub(crate) fn eq_id(body: &mut Sql, col: &str, v: Option<i64>) {
    if let Some(v) = v {
        body.push(&format!(" AND {col} = ")).arg(Arg::I64(Some(v)));
    }
}

pub(crate) fn eq_text(body: &mut Sql, col: &str, v: Option<&str>) {
    if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
        body.push(&format!(" AND {col} = ")).arg(Arg::Str(Some(v.into())));
    }
}

impl<T: Serialize> Spec<T> {
    /// `FROM … WHERE 1=1`, to which a filter appends `AND …`.
    pub fn body(&self) -> Sql {
        Sql::new(&format!("FROM {} WHERE 1=1", self.from))
    }

    fn by_id(&self, id: i64) -> Sql {
        let mut q = Sql::new(&format!("SELECT {} FROM {} WHERE x.id = ", self.cols, self.from));
        q.arg(int(id));
        q
    }

    pub(crate) fn change(&self, id: i64, action: &str, before: Option<&T>, after: Option<&T>) -> Change {
        let json = |v: Option<&T>| v.and_then(|v| serde_json::to_value(v).ok());
        Change {
            agency_id: after.or(before).and_then(self.agency),
            entity: self.entity.into(),
            entity_id: id.to_string(),
            action: action.into(),
            before: json(before),
            after: json(after),
        }
    }
}

/// One record by id, through the pool or inside a transaction.
async fn fetch<'e, E: sqlx::Executor<'e, Database = sqlx::Any>, T: Serialize>(ex: E, spec: &Spec<T>, id: i64) -> Result<T> {
    match spec.by_id(id).query().fetch_optional(ex).await? {
        Some(r) => Ok((spec.map)(&r)?),
        None => Err(DomainError::NotFound(spec.what).into()),
    }
}

impl Store {
    pub(crate) async fn record<T: Serialize>(&self, spec: &Spec<T>, id: i64) -> Result<T> {
        fetch(&self.pool, spec, id).await
    }

    pub(crate) async fn record_in<T: Serialize>(w: &mut WriteTx, spec: &Spec<T>, id: i64) -> Result<T> {
        fetch(&mut *w.tx, spec, id).await
    }

    /// One page of the records matching `body` (from [`Spec::body`]).
    pub(crate) async fn record_page<T: Serialize>(&self, spec: &Spec<T>, body: Sql, page: PageRequest) -> Result<Page<T>> {
        Ok(paged(&self.pool, spec.cols, body, spec.order, page, spec.map).await?)
    }

    /// Every record matching `body`, unpaged (exports, pages of one parent).
    pub(crate) async fn record_all<T: Serialize>(&self, spec: &Spec<T>, mut body: Sql) -> Result<Vec<T>> {
        body.text = format!("SELECT {} {} ORDER BY {}", spec.cols, body.text, spec.order);
        let rows = body.query().fetch_all(&self.pool).await?;
        Ok(rows.iter().map(spec.map).collect::<Result<Vec<_>, _>>()?)
    }

    /// Inserts (`id` `None`) or updates a record from its column values,
    /// then audits it with the record as read before and after.
    pub(crate) async fn save_record<T: Serialize>(w: &mut WriteTx, spec: &Spec<T>, id: Option<i64>, values: Values) -> Result<T> {
        let before = match id {
            Some(id) => Some(Self::record_in(w, spec, id).await?),
            None => None,
        };
        let now = now_millis();
        let mut q;
        let saved = match id {
            None => {
                q = Sql::new(&format!("INSERT INTO {} (", spec.table));
                for (col, _) in &values {
                    q.push(col).push(", ");
                }
                q.push("created_at, updated_at) VALUES (");
                for (_, v) in values {
                    q.arg(v).push(", ");
                }
                q.arg(int(now)).push(", ").arg(int(now)).push(") RETURNING id");
                q.scalar().fetch_one(&mut *w.tx).await
            }
            Some(id) => {
                q = Sql::new(&format!("UPDATE {} SET ", spec.table));
                for (col, v) in values {
                    q.push(col).push(" = ").arg(v).push(", ");
                }
                q.push("updated_at = ").arg(int(now)).push(" WHERE id = ").arg(int(id));
                q.query().execute(&mut *w.tx).await.map(|_| id)
            }
        };
        let id = saved.map_err(|e| conflict_on(e, spec.unique.0, spec.unique.1))?;
        let after = Self::record_in(w, spec, id).await?;
        w.audit(spec.change(id, if before.is_some() { "update" } else { "create" }, before.as_ref(), Some(&after))).await?;
        Ok(after)
    }

    /// Deletes a record nothing refers to (a link), auditing what it was.
    pub(crate) async fn remove_record<T: Serialize>(w: &mut WriteTx, spec: &Spec<T>, id: i64) -> Result<T> {
        let before = Self::record_in(w, spec, id).await?;
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {} WHERE id = $1", spec.table))).bind(id).execute(&mut *w.tx).await?;
        w.audit(spec.change(id, "delete", Some(&before), None)).await?;
        Ok(before)
    }

    /// A row `id` of `table` exists; otherwise a field error `invalid_reference`.
    pub(crate) async fn require_row(w: &mut WriteTx, table: &str, id: i64, field: &str, message: &str) -> Result<()> {
        let found: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!("SELECT id FROM {table} WHERE id = $1"))).bind(id).fetch_optional(&mut *w.tx).await?;
        match found {
            Some(_) => Ok(()),
            None => Err(DomainError::field(field, "invalid_reference", message).into()),
        }
    }
}
