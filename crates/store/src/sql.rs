//! A small builder for dynamic SQL with numbered placeholders, and paging.

use sqlx::AssertSqlSafe;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I64(Option<i64>),
    Str(Option<String>),
    Bool(bool),
}

/// SQL text plus its arguments; `arg` appends a placeholder `$n`.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql { text: text.into(), args: Vec::new() }
    }
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }
    pub fn arg(&mut self, a: Arg) -> &mut Self {
        self.args.push(a);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }
    pub fn query(&self) -> Query<'_, Any, AnyArguments> {
        let mut q = sqlx::query(AssertSqlSafe(self.text.clone()));
        for a in &self.args {
            q = match a {
                Arg::I64(v) => q.bind(*v),
                Arg::Str(v) => q.bind(v.clone()),
                Arg::Bool(v) => q.bind(i64::from(*v)),
            };
        }
        q
    }
    pub fn scalar(&self) -> sqlx::query::QueryScalar<'_, Any, i64, AnyArguments> {
        let mut q = sqlx::query_scalar(AssertSqlSafe(self.text.clone()));
        for a in &self.args {
            q = match a {
                Arg::I64(v) => q.bind(*v),
                Arg::Str(v) => q.bind(v.clone()),
                Arg::Bool(v) => q.bind(i64::from(*v)),
            };
        }
        q
    }
    /// Adds `AND (LOWER(c1) LIKE $n OR LOWER(c2) LIKE $n …)` for a search term.
    pub fn search(&mut self, cols: &[&str], q: Option<&str>) -> &mut Self {
        let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else { return self };
        let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        self.args.push(Arg::Str(Some(format!("%{escaped}%"))));
        let n = self.args.len();
        let parts: Vec<String> = cols.iter().map(|c| format!("LOWER({c}) LIKE ${n} ESCAPE '\\'")).collect();
        self.text.push_str(&format!(" AND ({})", parts.join(" OR ")));
        self
    }
}

/// Page number (1-based) and size; size is clamped to 1..=200.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { page: 1, per_page: 50 }
    }
}

impl PageRequest {
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Self {
        PageRequest { page: page.unwrap_or(1).max(1), per_page: per_page.unwrap_or(50).clamp(1, 200) }
    }
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        if self.total == 0 { 1 } else { (self.total + i64::from(self.per_page) - 1) / i64::from(self.per_page) }
    }
}

/// Runs a count and a page query sharing the same FROM/WHERE clause.
pub(crate) async fn paged<T>(
    pool: &sqlx::AnyPool,
    select: &str,
    mut body: Sql,
    order: &str,
    page: PageRequest,
    map: impl Fn(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
) -> Result<Page<T>, sqlx::Error> {
    let count_sql = Sql { text: format!("SELECT COUNT(*) {}", body.text), args: body.args.clone() };
    let total: i64 = count_sql.scalar().fetch_one(pool).await?;
    body.text = format!("SELECT {select} {} ORDER BY {order} LIMIT ", body.text);
    body.arg(Arg::I64(Some(page.limit())));
    body.push(" OFFSET ");
    body.arg(Arg::I64(Some(page.offset())));
    let rows = body.query().fetch_all(pool).await?;
    let items = rows.iter().map(map).collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

/// Runs a select over a FROM/WHERE clause without paging (exports, checks).
pub(crate) async fn unpaged<T>(pool: &sqlx::AnyPool, select: &str, mut body: Sql, order: &str, map: impl Fn(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>) -> Result<Vec<T>, sqlx::Error> {
    body.text = format!("SELECT {select} {} ORDER BY {order}", body.text);
    let rows = body.query().fetch_all(pool).await?;
    rows.iter().map(map).collect()
}

/// Reads the one row `SELECT {select} {from} WHERE {key} = id`, if any.
pub(crate) async fn one<'e, T, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    select: &str,
    from: &str,
    key: &str,
    id: i64,
    map: impl Fn(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
) -> Result<Option<T>, sqlx::Error> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {select} {from} WHERE {key} = $1"))).bind(id).fetch_optional(ex).await?;
    row.as_ref().map(map).transpose()
}
