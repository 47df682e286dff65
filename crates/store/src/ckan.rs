//! The CKAN Action API's queries over the public catalogue (issue 4 part 5):
//! `package_search` filtered, scored, sorted and paged in SQL so it scales to
//! tens of thousands of datasets; organizations, groups and tags with their
//! public counts; versions of a page of datasets in one query.
//!
//! Every query here is limited to what is public (terbuka and terbit:
//! `Visibility::Public`); nothing else can be reached through it.

use std::collections::BTreeMap;

use simpul_domain::ckan::{Field, Search, SortKey, Term};
use simpul_domain::datasets::Visibility;
use sqlx::Row;

use crate::datasets::{version_row, visible, Dataset, DatasetVersion, DATASETS, VERSION_COLS};
use crate::sql::{Arg, Sql};
use crate::{Result, Store};

/// An active agency with the number of its public datasets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CkanOrg {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub created_at: i64,
    pub package_count: i64,
}

/// What one matching dataset contributes to the facets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetSource {
    pub agency_id: i64,
    pub topic: String,
    pub licence: String,
    pub tags: Vec<String>,
    pub formats: Vec<String>,
}

/// A page of `package_search`.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub count: i64,
    pub datasets: Vec<Dataset>,
}

fn like(v: &str) -> String {
    format!("%{}%", v.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// `(LOWER(c1) LIKE $n OR …)` with one argument.
fn like_any(b: &mut Sql, cols: &[&str], value: &str) {
    b.args.push(Arg::Str(Some(like(value))));
    let n = b.args.len();
    let parts: Vec<String> = cols.iter().map(|c| format!("LOWER({c}) LIKE ${n} ESCAPE '\\'")).collect();
    b.push(&format!("({})", parts.join(" OR ")));
}

const TEXT_COLS: &[&str] = &["x.code", "x.title", "x.description", "x.concept", "x.definition", "x.tags", "ag.name", "ag.code"];

/// ` AND [NOT] (condition)` for one term; `ids` reads a CKAN id of a kind.
fn term(b: &mut Sql, t: &Term, ids: &(dyn Fn(Field, &str) -> Option<i64> + Sync)) {
    b.push(if t.negated { " AND NOT " } else { " AND " });
    let v = t.value.as_str();
    match &t.field {
        Field::Modified(from, until) | Field::Created(from, until) => {
            let col = if matches!(t.field, Field::Modified(..)) { "x.updated_at" } else { "x.created_at" };
            b.push("(1=1");
            if let Some(f) = from {
                b.push(&format!(" AND {col} >= ")).arg(Arg::I64(Some(*f)));
            }
            if let Some(u) = until {
                b.push(&format!(" AND {col} <= ")).arg(Arg::I64(Some(*u)));
            }
            b.push(")");
        }
        Field::Always(what) => {
            b.push(if *what == v { "(1=1)" } else { "(1=0)" });
        }
        Field::Text => like_any(b, TEXT_COLS, v),
        Field::Title => like_any(b, &["x.title"], v),
        Field::Tags => like_any(b, &["x.tags"], &serde_json::to_string(v).unwrap_or_default()),
        Field::Groups => {
            b.push("(x.topic = ").arg(Arg::Str(Some(v.to_string()))).push(")");
        }
        Field::LicenseId => {
            let code = simpul_domain::ckan::licence_code(v).unwrap_or("-");
            b.push("(x.licence = ").arg(Arg::Str(Some(code.to_string()))).push(")");
        }
        Field::ResFormat => {
            b.push("EXISTS (SELECT 1 FROM dataset_versions fv WHERE fv.dataset_id = x.id AND LOWER(fv.format) = ").arg(Arg::Str(Some(v.to_string()))).push(")");
        }
        Field::Name => {
            b.push("(LOWER(x.code) = ").arg(Arg::Str(Some(v.to_string()))).push(")");
        }
        Field::Id => {
            b.push("(x.id = ").arg(Arg::I64(Some(ids(Field::Id, v).unwrap_or(-1)))).push(")");
        }
        Field::Organization => {
            b.push("(LOWER(ag.code) = ").arg(Arg::Str(Some(v.to_string()))).push(" OR ag.id = ").arg(Arg::I64(Some(ids(Field::Organization, v).unwrap_or(-1)))).push(")");
        }
    }
}

/// FROM/WHERE of the public datasets matching every term.
fn search_body(s: &Search, ids: &(dyn Fn(Field, &str) -> Option<i64> + Sync)) -> Sql {
    let mut b = DATASETS.body();
    visible(&mut b, &Visibility::Public);
    for t in &s.terms {
        term(&mut b, t, ids);
    }
    b
}

/// ` ORDER BY …`: the score is the sum over `q`'s words of 4 (in the code),
/// 3 (title), 2 (tags) or 1 (elsewhere); ties end on the primary key, so
/// every order is total and paging by any of them is stable.
fn order_by(b: &mut Sql, s: &Search) {
    let mut parts = Vec::new();
    for (key, desc) in &s.sort {
        let dir = if *desc { "DESC" } else { "ASC" };
        let expr = match key {
            SortKey::Score => {
                let words = s.words();
                if words.is_empty() {
                    continue;
                }
                let mut sum = Vec::new();
                for w in words {
                    b.args.push(Arg::Str(Some(like(w))));
                    let n = b.args.len();
                    sum.push(format!(
                        "(CASE WHEN LOWER(x.code) LIKE ${n} ESCAPE '\\' THEN 4 WHEN LOWER(x.title) LIKE ${n} ESCAPE '\\' THEN 3 WHEN LOWER(x.tags) LIKE ${n} ESCAPE '\\' THEN 2 ELSE 1 END)"
                    ));
                }
                format!("({})", sum.join(" + "))
            }
            SortKey::MetadataModified => "x.updated_at".into(),
            SortKey::MetadataCreated => "x.created_at".into(),
            SortKey::Name => "x.code".into(),
            SortKey::Title => "x.title".into(),
            SortKey::Id => "x.id".into(),
        };
        parts.push(format!("{expr} {dir}"));
    }
    if !s.sort.iter().any(|(k, _)| *k == SortKey::Id) {
        parts.push("x.id ASC".into());
    }
    b.push(&format!(" ORDER BY {}", parts.join(", ")));
}

impl Store {
    /// One page of public datasets matching `s`, with the total.
    pub async fn ckan_search(&self, s: &Search, ids: &(dyn Fn(Field, &str) -> Option<i64> + Sync)) -> Result<SearchPage> {
        let body = search_body(s, ids);
        let count_sql = Sql { text: format!("SELECT COUNT(*) {}", body.text), args: body.args.clone() };
        let count: i64 = count_sql.scalar().fetch_one(&self.pool).await?;
        if s.rows == 0 {
            return Ok(SearchPage { count, datasets: Vec::new() });
        }
        let mut q = body;
        q.text = format!("SELECT {} {}", DATASETS.cols, q.text);
        order_by(&mut q, s);
        q.push(" LIMIT ").arg(Arg::I64(Some(s.rows))).push(" OFFSET ").arg(Arg::I64(Some(s.start)));
        let rows = q.query().fetch_all(&self.pool).await?;
        let datasets = rows.iter().map(DATASETS.map).collect::<Result<Vec<_>, _>>()?;
        Ok(SearchPage { count, datasets })
    }

    /// The facet inputs of every public dataset matching `s` (the light columns only).
    pub async fn ckan_facet_sources(&self, s: &Search, ids: &(dyn Fn(Field, &str) -> Option<i64> + Sync), with_formats: bool) -> Result<Vec<FacetSource>> {
        let mut q = search_body(s, ids);
        q.text = format!("SELECT x.id, x.agency_id, x.topic, x.licence, x.tags {}", q.text);
        let rows = q.query().fetch_all(&self.pool).await?;
        let mut formats: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        if with_formats {
            let mut f = search_body(s, ids);
            f.text = format!("SELECT DISTINCT v.dataset_id, LOWER(v.format) AS format FROM dataset_versions v WHERE v.dataset_id IN (SELECT x.id {})", f.text);
            for r in f.query().fetch_all(&self.pool).await? {
                formats.entry(r.try_get("dataset_id")?).or_default().push(r.try_get("format")?);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let tags: String = r.try_get("tags")?;
            out.push(FacetSource {
                agency_id: r.try_get("agency_id")?,
                topic: r.try_get("topic")?,
                licence: r.try_get("licence")?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                formats: formats.remove(&id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Every version of these datasets, newest first within each.
    pub async fn ckan_versions(&self, dataset_ids: &[i64]) -> Result<BTreeMap<i64, Vec<DatasetVersion>>> {
        let mut out: BTreeMap<i64, Vec<DatasetVersion>> = BTreeMap::new();
        for chunk in dataset_ids.chunks(500) {
            let mut q = Sql::new(&format!("SELECT {VERSION_COLS} FROM dataset_versions WHERE dataset_id IN ("));
            for (i, id) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.arg(Arg::I64(Some(*id)));
            }
            q.push(") ORDER BY dataset_id, version_no DESC");
            for r in q.query().fetch_all(&self.pool).await? {
                let v = version_row(&r)?;
                out.entry(v.dataset_id).or_default().push(v);
            }
        }
        Ok(out)
    }

    /// A public dataset by its code, case-insensitively (a CKAN `name`).
    pub async fn ckan_dataset_by_code(&self, code: &str) -> Result<Option<Dataset>> {
        let mut b = DATASETS.body();
        visible(&mut b, &Visibility::Public);
        b.push(" AND LOWER(x.code) = ").arg(Arg::Str(Some(code.to_lowercase())));
        Ok(self.record_all(&DATASETS, b).await?.into_iter().next())
    }

    /// One version by its row id.
    pub async fn ckan_version(&self, version_id: i64) -> Result<Option<DatasetVersion>> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLS} FROM dataset_versions WHERE id = $1"))).bind(version_id).fetch_optional(&self.pool).await?;
        Ok(r.as_ref().map(version_row).transpose()?)
    }

    /// Codes of public datasets, by code, one page.
    pub async fn ckan_package_names(&self, limit: Option<i64>, offset: i64) -> Result<Vec<String>> {
        let mut b = Sql::new("SELECT x.code FROM datasets x WHERE 1=1");
        visible(&mut b, &Visibility::Public);
        b.push(" ORDER BY x.code LIMIT ").arg(Arg::I64(Some(limit.unwrap_or(i64::MAX / 2)))).push(" OFFSET ").arg(Arg::I64(Some(offset)));
        let rows = b.query().fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.try_get("code")).collect::<Result<Vec<String>, _>>()?)
    }

    /// Active agencies (the organizations), by code, with their public
    /// dataset counts when `counts` (else 0).
    pub async fn ckan_organizations(&self, counts: bool) -> Result<Vec<CkanOrg>> {
        let mut b = Sql::new("SELECT ag.id, ag.code, ag.name, ag.created_at, ");
        if counts {
            b.push("(SELECT COUNT(*) FROM datasets x WHERE x.agency_id = ag.id");
            visible(&mut b, &Visibility::Public);
            b.push(")");
        } else {
            b.push("CAST(0 AS BIGINT)");
        }
        b.push(" AS package_count FROM agencies ag WHERE ag.active = ").arg(Arg::Bool(true)).push(" ORDER BY ag.code");
        let rows = b.query().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| Ok(CkanOrg { id: r.try_get("id")?, code: r.try_get("code")?, name: r.try_get("name")?, created_at: r.try_get("created_at")?, package_count: r.try_get("package_count")? }))
            .collect()
    }

    /// Public datasets per topic.
    pub async fn ckan_topic_counts(&self) -> Result<BTreeMap<String, i64>> {
        let mut b = Sql::new("SELECT x.topic, COUNT(*) AS n FROM datasets x WHERE 1=1");
        visible(&mut b, &Visibility::Public);
        b.push(" GROUP BY x.topic");
        let mut out = BTreeMap::new();
        for r in b.query().fetch_all(&self.pool).await? {
            out.insert(r.try_get("topic")?, r.try_get("n")?);
        }
        Ok(out)
    }

    /// Tags of public datasets with their counts.
    pub async fn ckan_tags(&self) -> Result<BTreeMap<String, i64>> {
        let mut b = Sql::new("SELECT x.tags FROM datasets x WHERE 1=1");
        visible(&mut b, &Visibility::Public);
        let mut out = BTreeMap::new();
        for r in b.query().fetch_all(&self.pool).await? {
            let tags: String = r.try_get("tags")?;
            for t in serde_json::from_str::<Vec<String>>(&tags).unwrap_or_default() {
                *out.entry(t).or_insert(0) += 1;
            }
        }
        Ok(out)
    }
}
