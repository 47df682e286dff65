//! The application registry (Aplikasi SPBE): applications with their SPBE
//! functions and the documentation handed over, in child tables.

use std::collections::HashMap;

use serde::Serialize;
use simpul_domain::apps::{AppKind, AppState, ApplicationData, Platform, RelationData};
use simpul_domain::attachments::{CheckedFile, OwnerKind};
use simpul_domain::audit::Change;
use simpul_domain::findings::ApplicationFacts;
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{conflict_on, Result, Store, StoreError, WriteTx};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Application {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub state: String,
    pub planned_on: Option<String>,
    pub development_started_on: Option<String>,
    pub in_use_since: Option<String>,
    pub retired_on: Option<String>,
    pub platform: String,
    pub url: Option<String>,
    pub hosting: Option<String>,
    pub repository: Option<String>,
    pub license: Option<String>,
    pub development_method: Option<String>,
    pub last_audit_on: Option<String>,
    pub audit_result: Option<String>,
    /// Sorted codes.
    pub functions: Vec<String>,
    /// Sorted codes.
    pub documents: Vec<String>,
    /// Sorted codes of the kinds of data held.
    pub data_kinds: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Application {
    /// The plain data the findings checks read.
    pub fn facts(&self) -> Result<ApplicationFacts> {
        let bad = |what: &str, v: &str| StoreError::Other(format!("{what} aplikasi tidak dikenal: {v}"));
        Ok(ApplicationFacts {
            id: self.id,
            agency_id: self.agency_id,
            name: self.name.clone(),
            kind: AppKind::from_code(&self.kind).ok_or_else(|| bad("jenis", &self.kind))?,
            state: AppState::from_code(&self.state).ok_or_else(|| bad("status", &self.state))?,
            platform: Platform::from_code(&self.platform).ok_or_else(|| bad("platform", &self.platform))?,
            url: self.url.clone(),
            in_use_since: self.in_use_since.clone(),
            last_audit_on: self.last_audit_on.clone(),
            functions: self.functions.clone(),
            documents: self.documents.clone(),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    /// Search in name, short name and address.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    /// An SPBE function code.
    pub function: Option<String>,
    pub state: Option<String>,
    pub kind: Option<String>,
}

const APP_COLS: &str = "a.id, a.agency_id, ag.name AS agency_name, a.name, a.short_name, a.kind, a.state, a.planned_on, a.development_started_on, a.in_use_since, a.retired_on, \
     a.platform, a.url, a.hosting, a.repository, a.license, a.development_method, a.last_audit_on, a.audit_result, a.created_at, a.updated_at";
const APP_FROM: &str = "FROM applications a JOIN agencies ag ON ag.id = a.agency_id";

fn app_from_row(r: &AnyRow) -> Result<Application, sqlx::Error> {
    Ok(Application {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        name: r.try_get("name")?,
        short_name: r.try_get("short_name")?,
        kind: r.try_get("kind")?,
        state: r.try_get("state")?,
        planned_on: r.try_get("planned_on")?,
        development_started_on: r.try_get("development_started_on")?,
        in_use_since: r.try_get("in_use_since")?,
        retired_on: r.try_get("retired_on")?,
        platform: r.try_get("platform")?,
        url: r.try_get("url")?,
        hosting: r.try_get("hosting")?,
        repository: r.try_get("repository")?,
        license: r.try_get("license")?,
        development_method: r.try_get("development_method")?,
        last_audit_on: r.try_get("last_audit_on")?,
        audit_result: r.try_get("audit_result")?,
        functions: Vec::new(),
        documents: Vec::new(),
        data_kinds: Vec::new(),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

type Children = HashMap<i64, Vec<String>>;

/// Loads `col` of a child table for the given applications (all when `ids` is `None`).
async fn children<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, table: &str, col: &str, ids: Option<&[i64]>) -> Result<Children, sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT application_id, {col} AS code FROM {table}"));
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        q.push(" WHERE application_id IN (");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.arg(Arg::I64(Some(*id)));
        }
        q.push(")");
    }
    q.push(&format!(" ORDER BY application_id, {col}"));
    let rows = q.query().fetch_all(ex).await?;
    let mut out: Children = HashMap::new();
    for r in &rows {
        out.entry(r.try_get("application_id")?).or_default().push(r.try_get("code")?);
    }
    Ok(out)
}

/// Fills the child lists (functions, documents, data kinds) of `apps`,
/// loading only theirs unless `all` (exports and findings read every one).
async fn attach(conn: &mut sqlx::AnyConnection, apps: &mut [Application], all: bool) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
    let ids = (!all).then_some(ids.as_slice());
    let mut functions = children(&mut *conn, "application_functions", "function_code", ids).await?;
    let mut documents = children(&mut *conn, "application_documents", "document_code", ids).await?;
    let mut kinds = children(&mut *conn, "application_data_kinds", "data_kind", ids).await?;
    for a in apps {
        a.functions = functions.remove(&a.id).unwrap_or_default();
        a.documents = documents.remove(&a.id).unwrap_or_default();
        a.data_kinds = kinds.remove(&a.id).unwrap_or_default();
    }
    Ok(())
}

fn json<T: Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

fn change(id: i64, action: &str, agency_id: i64, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Change {
    Change { agency_id: Some(agency_id), entity: "application".into(), entity_id: id.to_string(), action: action.into(), before, after }
}

/// One relation between two applications, with both names.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AppRelation {
    pub id: i64,
    /// The application that records the relation ("uses …").
    pub application_id: i64,
    pub application_name: String,
    pub application_agency_id: i64,
    pub related_id: i64,
    pub related_name: String,
    pub related_agency_id: i64,
    /// `uses` or `exchanges_with`.
    pub kind: String,
    pub note: Option<String>,
    pub created_at: i64,
}

const RELATION_SELECT: &str = "SELECT r.id, r.application_id, a.name AS application_name, a.agency_id AS application_agency_id, r.related_id, \
     b.name AS related_name, b.agency_id AS related_agency_id, r.kind, r.note, r.created_at \
     FROM application_relations r JOIN applications a ON a.id = r.application_id JOIN applications b ON b.id = r.related_id";

fn relation_from_row(r: &AnyRow) -> Result<AppRelation, sqlx::Error> {
    Ok(AppRelation {
        id: r.try_get("id")?,
        application_id: r.try_get("application_id")?,
        application_name: r.try_get("application_name")?,
        application_agency_id: r.try_get("application_agency_id")?,
        related_id: r.try_get("related_id")?,
        related_name: r.try_get("related_name")?,
        related_agency_id: r.try_get("related_agency_id")?,
        kind: r.try_get("kind")?,
        note: r.try_get("note")?,
        created_at: r.try_get("created_at")?,
    })
}

fn relation_change(r: &AppRelation, agency_id: i64, action: &str, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Change {
    Change { agency_id: Some(agency_id), entity: "application_relation".into(), entity_id: r.id.to_string(), action: action.into(), before, after }
}

/// A file of an application's documentation, kept in the Repositori.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AppFile {
    pub id: i64,
    pub application_id: i64,
    /// The checklist item it hands over, if any.
    pub document_code: Option<String>,
    pub title: String,
    pub created_at: i64,
    pub file: crate::attachments::AttachmentMeta,
}

const NAME_TAKEN: &str = "Nama aplikasi sudah dipakai di perangkat daerah ini.";

impl Store {
    fn app_filter_body(f: &ApplicationFilter) -> Sql {
        let mut body = Sql::new(APP_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND a.agency_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(v) = f.function.as_deref().filter(|v| !v.is_empty()) {
            body.push(" AND a.id IN (SELECT application_id FROM application_functions WHERE function_code = ").arg(Arg::Str(Some(v.into()))).push(")");
        }
        if let Some(v) = f.state.as_deref().filter(|v| !v.is_empty()) {
            body.push(" AND a.state = ").arg(Arg::Str(Some(v.into())));
        }
        if let Some(v) = f.kind.as_deref().filter(|v| !v.is_empty()) {
            body.push(" AND a.kind = ").arg(Arg::Str(Some(v.into())));
        }
        body.search(&["a.name", "a.short_name", "a.url"], f.q.as_deref());
        body
    }

    pub async fn applications(&self, f: &ApplicationFilter, page: PageRequest) -> Result<Page<Application>> {
        let mut p = paged(&self.pool, APP_COLS, Self::app_filter_body(f), "a.name, a.id", page, app_from_row).await?;
        attach(&mut *self.pool.acquire().await?, &mut p.items, false).await?;
        Ok(p)
    }

    /// Every application matching the filter, unpaged (exports, findings).
    pub async fn all_applications(&self, f: &ApplicationFilter) -> Result<Vec<Application>> {
        let mut body = Self::app_filter_body(f);
        body.text = format!("SELECT {APP_COLS} {} ORDER BY a.name, a.id", body.text);
        let rows = body.query().fetch_all(&self.pool).await?;
        let mut apps = rows.iter().map(app_from_row).collect::<Result<Vec<_>, _>>()?;
        attach(&mut *self.pool.acquire().await?, &mut apps, true).await?;
        Ok(apps)
    }

    pub async fn application(&self, id: i64) -> Result<Application> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {APP_COLS} {APP_FROM} WHERE a.id = $1"))).bind(id).fetch_optional(&self.pool).await?;
        let Some(r) = row else { return Err(DomainError::NotFound("aplikasi").into()) };
        let mut apps = vec![app_from_row(&r)?];
        attach(&mut *self.pool.acquire().await?, &mut apps, false).await?;
        apps.pop().ok_or(DomainError::NotFound("aplikasi").into())
    }

    async fn application_in(&self, w: &mut WriteTx, id: i64) -> Result<Application> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {APP_COLS} {APP_FROM} WHERE a.id = $1"))).bind(id).fetch_optional(&mut *w.tx).await?;
        let Some(r) = row else { return Err(DomainError::NotFound("aplikasi").into()) };
        let mut apps = vec![app_from_row(&r)?];
        attach(&mut w.tx, &mut apps, false).await?;
        apps.pop().ok_or(DomainError::NotFound("aplikasi").into())
    }

    async fn write_app_children(&self, w: &mut WriteTx, id: i64, d: &ApplicationData) -> Result<()> {
        let lists = [("application_functions", "function_code", &d.functions), ("application_documents", "document_code", &d.documents), ("application_data_kinds", "data_kind", &d.data_kinds)];
        for (table, col, codes) in lists {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE application_id = $1"))).bind(id).execute(&mut *w.tx).await?;
            for code in codes {
                sqlx::query(AssertSqlSafe(format!("INSERT INTO {table} (application_id, {col}) VALUES ($1, $2)"))).bind(id).bind(code.clone()).execute(&mut *w.tx).await?;
            }
        }
        Ok(())
    }

    pub async fn create_application(&self, w: &mut WriteTx, d: &ApplicationData) -> Result<Application> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO applications (agency_id, name, short_name, kind, state, planned_on, development_started_on, in_use_since, retired_on, platform, url, hosting, \
             repository, license, development_method, last_audit_on, audit_result, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
        )
        .bind(d.agency_id)
        .bind(d.name.clone())
        .bind(d.short_name.clone())
        .bind(d.kind.code())
        .bind(d.state.code())
        .bind(d.planned_on.clone())
        .bind(d.development_started_on.clone())
        .bind(d.in_use_since.clone())
        .bind(d.retired_on.clone())
        .bind(d.platform.code())
        .bind(d.url.clone())
        .bind(d.hosting.map(|v| v.code()))
        .bind(d.repository.clone())
        .bind(d.license.map(|v| v.code()))
        .bind(d.development_method.map(|v| v.code()))
        .bind(d.last_audit_on.clone())
        .bind(d.audit_result.clone())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "name", NAME_TAKEN))?;
        self.write_app_children(w, id, d).await?;
        let after = self.application_in(w, id).await?;
        w.audit(change(id, "create", d.agency_id, None, json(&after))).await?;
        Ok(after)
    }

    pub async fn update_application(&self, w: &mut WriteTx, id: i64, d: &ApplicationData) -> Result<Application> {
        let before = self.application_in(w, id).await?;
        if d.agency_id != before.agency_id {
            crate::active_agency(w, "agency_id", d.agency_id).await?;
        }
        sqlx::query(
            "UPDATE applications SET agency_id = $1, name = $2, short_name = $3, kind = $4, state = $5, planned_on = $6, development_started_on = $7, in_use_since = $8, \
             retired_on = $9, platform = $10, url = $11, hosting = $12, repository = $13, license = $14, development_method = $15, last_audit_on = $16, audit_result = $17, \
             updated_at = $18 WHERE id = $19",
        )
        .bind(d.agency_id)
        .bind(d.name.clone())
        .bind(d.short_name.clone())
        .bind(d.kind.code())
        .bind(d.state.code())
        .bind(d.planned_on.clone())
        .bind(d.development_started_on.clone())
        .bind(d.in_use_since.clone())
        .bind(d.retired_on.clone())
        .bind(d.platform.code())
        .bind(d.url.clone())
        .bind(d.hosting.map(|v| v.code()))
        .bind(d.repository.clone())
        .bind(d.license.map(|v| v.code()))
        .bind(d.development_method.map(|v| v.code()))
        .bind(d.last_audit_on.clone())
        .bind(d.audit_result.clone())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "name", NAME_TAKEN))?;
        self.write_app_children(w, id, d).await?;
        let after = self.application_in(w, id).await?;
        w.audit(change(id, "update", d.agency_id, json(&before), json(&after))).await?;
        Ok(after)
    }

    /// The relations of an application, both those it records and those
    /// other applications record towards it, by the other application's name.
    pub async fn app_relations(&self, application_id: i64) -> Result<Vec<AppRelation>> {
        let rows = sqlx::query(
            AssertSqlSafe(format!("{RELATION_SELECT} WHERE r.application_id = $1 OR r.related_id = $2 ORDER BY r.id")),
        )
        .bind(application_id)
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(relation_from_row).collect::<Result<_, _>>()?)
    }

    async fn app_relation_in(&self, w: &mut WriteTx, id: i64) -> Result<AppRelation> {
        let row = sqlx::query(
            AssertSqlSafe(format!("{RELATION_SELECT} WHERE r.id = $1")),
        )
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some(r) = row else { return Err(DomainError::NotFound("hubungan aplikasi").into()) };
        Ok(relation_from_row(&r)?)
    }

    /// Records that `application_id` uses or exchanges data with another application.
    pub async fn add_app_relation(&self, w: &mut WriteTx, application_id: i64, d: &RelationData) -> Result<AppRelation> {
        let app = self.application_in(w, application_id).await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM applications WHERE id = $1").bind(d.related_id).fetch_optional(&mut *w.tx).await?;
        if exists.is_none() {
            return Err(DomainError::field("related_id", "invalid_reference", "Aplikasi terkait tidak ditemukan.").into());
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO application_relations (application_id, related_id, kind, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(application_id)
            .bind(d.related_id)
            .bind(d.kind.code())
            .bind(d.note.clone())
            .bind(now_millis())
            .fetch_one(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, "related_id", "Hubungan ini sudah tercatat."))?;
        let after = self.app_relation_in(w, id).await?;
        w.audit(relation_change(&after, app.agency_id, "create", None, json(&after))).await?;
        Ok(after)
    }

    /// Removes a relation recorded by `application_id`.
    pub async fn remove_app_relation(&self, w: &mut WriteTx, application_id: i64, relation_id: i64) -> Result<AppRelation> {
        let before = self.app_relation_in(w, relation_id).await?;
        if before.application_id != application_id {
            return Err(DomainError::NotFound("hubungan aplikasi").into());
        }
        sqlx::query("DELETE FROM application_relations WHERE id = $1").bind(relation_id).execute(&mut *w.tx).await?;
        w.audit(relation_change(&before, before.application_agency_id, "delete", json(&before), None)).await?;
        Ok(before)
    }

    /// Stores a documentation file of an application in the Repositori. A file
    /// for a checklist item also records that item as handed over.
    pub async fn add_application_file(&self, w: &mut WriteTx, application_id: i64, document_code: Option<&str>, title: &str, f: &CheckedFile, bytes: &[u8]) -> Result<AppFile> {
        let before = self.application_in(w, application_id).await?;
        let meta = self.insert_attachment(w, OwnerKind::ApplicationDocument, application_id, Some(before.agency_id), f, bytes).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar("INSERT INTO application_files (application_id, attachment_id, document_code, title, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(application_id)
            .bind(meta.id)
            .bind(document_code.map(str::to_string))
            .bind(title.to_string())
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await?;
        let file = AppFile { id, application_id, document_code: document_code.map(str::to_string), title: title.to_string(), created_at: now, file: meta };
        w.audit(Change { agency_id: Some(before.agency_id), entity: "application_file".into(), entity_id: id.to_string(), action: "create".into(), before: None, after: json(&file) }).await?;
        if let Some(code) = document_code
            && !before.documents.iter().any(|d| d == code)
        {
            sqlx::query("INSERT INTO application_documents (application_id, document_code) VALUES ($1, $2)").bind(application_id).bind(code.to_string()).execute(&mut *w.tx).await?;
            sqlx::query("UPDATE applications SET updated_at = $1 WHERE id = $2").bind(now).bind(application_id).execute(&mut *w.tx).await?;
            let after = self.application_in(w, application_id).await?;
            w.audit(change(application_id, "update", before.agency_id, json(&before), json(&after))).await?;
        }
        Ok(file)
    }

    /// An application's documentation files, oldest first.
    pub async fn application_files(&self, application_id: i64) -> Result<Vec<AppFile>> {
        let rows = sqlx::query("SELECT id, attachment_id, document_code, title, created_at FROM application_files WHERE application_id = $1 ORDER BY id").bind(application_id).fetch_all(&self.pool).await?;
        let mut metas: HashMap<i64, crate::attachments::AttachmentMeta> = self.attachments_of(OwnerKind::ApplicationDocument, &[application_id]).await?.into_iter().map(|m| (m.id, m)).collect();
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let attachment_id: i64 = r.try_get("attachment_id")?;
            let file = metas.remove(&attachment_id).ok_or_else(|| StoreError::Other(format!("lampiran #{attachment_id} hilang")))?;
            out.push(AppFile { id: r.try_get("id")?, application_id, document_code: r.try_get("document_code")?, title: r.try_get("title")?, created_at: r.try_get("created_at")?, file });
        }
        Ok(out)
    }

    /// The registries' data the findings checks read.
    pub async fn findings_snapshot(&self) -> Result<simpul_domain::findings::Snapshot> {
        let apps = self.all_applications(&ApplicationFilter::default()).await?;
        let mut snap = simpul_domain::findings::Snapshot { applications: apps.iter().map(Application::facts).collect::<Result<_>>()?, ..Default::default() };
        self.add_network_facts(&mut snap).await?;
        snap.subdomains = self.subdomain_facts().await?;
        self.add_gsb_facts(&mut snap).await?;
        snap.datasets = self.dataset_facts().await?;
        snap.open_data_requests = self.open_data_request_facts().await?;
        Ok(snap)
    }
}
