//! Data sharing between agencies (`domain::sharing`): data-use requests
//! (`data_requests` with their datasets in `data_request_datasets`), the
//! grants approval creates (`data_grants`, `data_grant_datasets`), API
//! tokens scoped to one grant (`data_grant_tokens`) and the log of every
//! read by a grantee (`data_reads`).
//!
//! Filing, recommending, deciding and revoking are audited in the caller's
//! transaction; the request's audit entry carries the statement's SHA-256.
//! Reads are not changes: they go to `data_reads` directly, outside the
//! audit trail, so reading never waits for the write lock.

use serde::Serialize;
use simpul_domain::audit::Change;
use simpul_domain::findings::DataRequestFacts;
use simpul_domain::sharing::{GrantState, RequestStatus};
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::{eq_id, eq_text, int, opt_text, text, Spec};
use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{Result, Store, WriteTx};

/// A dataset named on a request or a grant.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NamedDataset {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub confidentiality: String,
}

/// A data-use request as stored.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataRequest {
    pub id: i64,
    pub requester_agency_id: i64,
    pub requester_agency_name: String,
    pub owner_agency_id: i64,
    pub owner_agency_name: String,
    pub responsible_person: String,
    pub work_unit: String,
    pub purpose: String,
    pub intended_use: String,
    pub data_kind_form: String,
    pub period_from: String,
    pub period_until: String,
    pub statement_text: String,
    pub signed_by: String,
    pub signed_by_account_id: Option<i64>,
    pub signed_at: i64,
    pub statement_sha256: String,
    /// `sharing::RequestStatus` code.
    pub status: String,
    pub filed_on: String,
    pub due_on: String,
    pub recommended: Option<bool>,
    pub recommendation_note: Option<String>,
    pub recommended_by: Option<String>,
    pub recommended_at: Option<i64>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decider_role: Option<String>,
    pub decided_at: Option<i64>,
    /// The grant approval created, if any.
    pub grant_id: Option<i64>,
    pub datasets: Vec<NamedDataset>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl DataRequest {
    pub fn status(&self) -> RequestStatus {
        RequestStatus::from_code(&self.status).unwrap_or(RequestStatus::Diajukan)
    }

    pub fn dataset_ids(&self) -> Vec<i64> {
        self.datasets.iter().map(|d| d.id).collect()
    }

    /// The statement's digest recomputed from what is stored now.
    pub fn current_digest(&self) -> String {
        let d = simpul_domain::sharing::DataRequestData {
            requester_agency_id: self.requester_agency_id,
            dataset_ids: self.dataset_ids(),
            dataset_codes: Vec::new(),
            responsible_person: self.responsible_person.clone(),
            work_unit: self.work_unit.clone(),
            purpose: self.purpose.clone(),
            intended_use: self.intended_use.clone(),
            data_kind_form: self.data_kind_form.clone(),
            period_from: self.period_from.clone(),
            period_until: self.period_until.clone(),
        };
        d.digest(&self.statement_text, &self.signed_by, self.signed_at, self.owner_agency_id)
    }

    /// Whether the statement and the request are as signed.
    pub fn statement_intact(&self) -> bool {
        simpul_domain::auth::constant_time_eq(&self.current_digest(), &self.statement_sha256)
    }
}

fn request_row(r: &AnyRow) -> Result<DataRequest, sqlx::Error> {
    let recommended: Option<i64> = r.try_get("recommended")?;
    Ok(DataRequest {
        id: r.try_get("id")?,
        requester_agency_id: r.try_get("requester_agency_id")?,
        requester_agency_name: r.try_get("requester_agency_name")?,
        owner_agency_id: r.try_get("owner_agency_id")?,
        owner_agency_name: r.try_get("owner_agency_name")?,
        responsible_person: r.try_get("responsible_person")?,
        work_unit: r.try_get("work_unit")?,
        purpose: r.try_get("purpose")?,
        intended_use: r.try_get("intended_use")?,
        data_kind_form: r.try_get("data_kind_form")?,
        period_from: r.try_get("period_from")?,
        period_until: r.try_get("period_until")?,
        statement_text: r.try_get("statement_text")?,
        signed_by: r.try_get("signed_by")?,
        signed_by_account_id: r.try_get("signed_by_account_id")?,
        signed_at: r.try_get("signed_at")?,
        statement_sha256: r.try_get("statement_sha256")?,
        status: r.try_get("status")?,
        filed_on: r.try_get("filed_on")?,
        due_on: r.try_get("due_on")?,
        recommended: recommended.map(|v| v != 0),
        recommendation_note: r.try_get("recommendation_note")?,
        recommended_by: r.try_get("recommended_by")?,
        recommended_at: r.try_get("recommended_at")?,
        decision_reason: r.try_get("decision_reason")?,
        decided_by: r.try_get("decided_by")?,
        decider_role: r.try_get("decider_role")?,
        decided_at: r.try_get("decided_at")?,
        grant_id: r.try_get("grant_id")?,
        datasets: Vec::new(),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub(crate) const REQUESTS: Spec<DataRequest> = Spec {
    table: "data_requests",
    entity: "data_request",
    what: "permohonan data",
    cols: "x.id, x.requester_agency_id, ra.name AS requester_agency_name, x.owner_agency_id, oa.name AS owner_agency_name, x.responsible_person, x.work_unit, \
           x.purpose, x.intended_use, x.data_kind_form, x.period_from, x.period_until, x.statement_text, x.signed_by, x.signed_by_account_id, x.signed_at, \
           x.statement_sha256, x.status, x.filed_on, x.due_on, x.recommended, x.recommendation_note, x.recommended_by, x.recommended_at, x.decision_reason, \
           x.decided_by, x.decider_role, x.decided_at, (SELECT g.id FROM data_grants g WHERE g.request_id = x.id) AS grant_id, x.created_at, x.updated_at",
    from: "data_requests x JOIN agencies ra ON ra.id = x.requester_agency_id JOIN agencies oa ON oa.id = x.owner_agency_id",
    order: "x.created_at DESC, x.id DESC",
    map: request_row,
    agency: |r| Some(r.owner_agency_id),
    unique: ("id", "Permohonan ini sudah ada."),
};

/// Access granted on an approved request.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataGrant {
    pub id: i64,
    pub request_id: i64,
    /// The agency that may read.
    pub agency_id: i64,
    pub agency_name: String,
    pub owner_agency_id: i64,
    pub owner_agency_name: String,
    pub valid_from: String,
    pub valid_until: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_reason: Option<String>,
    pub datasets: Vec<NamedDataset>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl DataGrant {
    pub fn state(&self, now: i64) -> GrantState {
        GrantState::of(self.starts_at, self.ends_at, self.revoked_at.is_some(), now)
    }
}

fn grant_row(r: &AnyRow) -> Result<DataGrant, sqlx::Error> {
    Ok(DataGrant {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        owner_agency_id: r.try_get("owner_agency_id")?,
        owner_agency_name: r.try_get("owner_agency_name")?,
        valid_from: r.try_get("valid_from")?,
        valid_until: r.try_get("valid_until")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        revoked_at: r.try_get("revoked_at")?,
        revoked_by: r.try_get("revoked_by")?,
        revoked_reason: r.try_get("revoked_reason")?,
        datasets: Vec::new(),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub(crate) const GRANTS: Spec<DataGrant> = Spec {
    table: "data_grants",
    entity: "data_grant",
    what: "hak akses data",
    cols: "x.id, x.request_id, x.agency_id, ga.name AS agency_name, x.owner_agency_id, oa.name AS owner_agency_name, x.valid_from, x.valid_until, x.starts_at, x.ends_at, \
           x.revoked_at, x.revoked_by, x.revoked_reason, x.created_at, x.updated_at",
    from: "data_grants x JOIN agencies ga ON ga.id = x.agency_id JOIN agencies oa ON oa.id = x.owner_agency_id",
    order: "x.created_at DESC, x.id DESC",
    map: grant_row,
    agency: |g| Some(g.owner_agency_id),
    unique: ("request_id", "Permohonan ini sudah memiliki hak akses."),
};

/// Which requests or grants a caller sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharingScope {
    /// Diskominfo and the approver.
    All,
    /// Those where one of these agencies asks or owns.
    Agencies(Vec<i64>),
}

fn scope_clause(b: &mut Sql, requester_col: &str, owner_col: &str, scope: &SharingScope) {
    let SharingScope::Agencies(mine) = scope else { return };
    if mine.is_empty() {
        b.push(" AND 1=0");
        return;
    }
    for (i, col) in [requester_col, owner_col].into_iter().enumerate() {
        b.push(if i == 0 { " AND (" } else { " OR " });
        b.push(col).push(" IN (");
        for (j, a) in mine.iter().enumerate() {
            if j > 0 {
                b.push(", ");
            }
            b.arg(int(*a));
        }
        b.push(")");
    }
    b.push(")");
}

#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub status: Option<String>,
    /// Requests this agency filed.
    pub requester_agency_id: Option<i64>,
    /// Requests for this agency's data.
    pub owner_agency_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct GrantFilter {
    pub agency_id: Option<i64>,
    pub owner_agency_id: Option<i64>,
    pub dataset_id: Option<i64>,
    /// `aktif`: in force now.
    pub active_only: bool,
}

/// What a filed request carries besides the validated input.
pub struct Filing<'a> {
    pub owner_agency_id: i64,
    pub statement: &'a str,
    pub signed_by: &'a str,
    pub signed_by_account_id: Option<i64>,
    pub signed_at: i64,
    pub statement_sha256: &'a str,
    pub filed_on: &'a str,
    pub due_on: &'a str,
}

/// One read by a grantee.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataRead {
    pub id: i64,
    pub grant_id: i64,
    pub dataset_id: i64,
    pub dataset_code: String,
    pub dataset_title: String,
    pub version_no: Option<i64>,
    pub account_id: Option<i64>,
    pub actor: String,
    pub agency_id: i64,
    pub agency_name: String,
    /// `metadata`, `versi`, `baris`, `ekspor_csv`, `ekspor_json`, `berkas`, `verifikasi`, `halaman`.
    pub what: String,
    pub path: String,
    /// `sesi`, `token` or `token_hibah` (a token scoped to the grant).
    pub via: String,
    pub ip: Option<String>,
    pub at: i64,
}

/// A read to log.
pub struct NewRead<'a> {
    pub grant_id: i64,
    pub dataset_id: i64,
    pub version_no: Option<i64>,
    pub account_id: Option<i64>,
    pub actor: &'a str,
    pub agency_id: i64,
    pub what: &'a str,
    pub path: &'a str,
    pub via: &'a str,
    pub ip: Option<&'a str>,
}

#[derive(Debug, Clone, Default)]
pub struct ReadFilter {
    pub grant_id: Option<i64>,
    pub dataset_id: Option<i64>,
    /// Reads of this agency's data.
    pub owner_agency_id: Option<i64>,
}

fn read_row(r: &AnyRow) -> Result<DataRead, sqlx::Error> {
    Ok(DataRead {
        id: r.try_get("id")?,
        grant_id: r.try_get("grant_id")?,
        dataset_id: r.try_get("dataset_id")?,
        dataset_code: r.try_get("dataset_code")?,
        dataset_title: r.try_get("dataset_title")?,
        version_no: r.try_get("version_no")?,
        account_id: r.try_get("account_id")?,
        actor: r.try_get("actor")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        what: r.try_get("what")?,
        path: r.try_get("path")?,
        via: r.try_get("via")?,
        ip: r.try_get("ip")?,
        at: r.try_get("at")?,
    })
}

const READ_COLS: &str = "x.id, x.grant_id, x.dataset_id, d.code AS dataset_code, d.title AS dataset_title, x.version_no, x.account_id, x.actor, x.agency_id, a.name AS agency_name, \
                         x.what, x.path, x.via, x.ip, x.at";

async fn named_datasets<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, link: &str, key: &str, id: i64) -> Result<Vec<NamedDataset>> {
    let sql = format!("SELECT d.id, d.code, d.title, d.confidentiality FROM {link} l JOIN datasets d ON d.id = l.dataset_id WHERE l.{key} = $1 ORDER BY d.code, d.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_all(ex).await?;
    Ok(rows
        .iter()
        .map(|r| Ok(NamedDataset { id: r.try_get("id")?, code: r.try_get("code")?, title: r.try_get("title")?, confidentiality: r.try_get("confidentiality")? }))
        .collect::<Result<_, sqlx::Error>>()?)
}

impl Store {
    /// A dataset's id by its code (requests naming datasets the catalogue hides).
    pub async fn dataset_id_by_code(&self, code: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM datasets WHERE code = $1").bind(code.to_string()).fetch_optional(&self.pool).await?)
    }

    /// A dataset's id and owner by code, and the owner's name, inside a
    /// write transaction (the demo seeds requests with the datasets in one).
    pub async fn dataset_by_code_in(w: &mut WriteTx, code: &str) -> Result<Option<(i64, i64)>> {
        let row = sqlx::query("SELECT id, agency_id FROM datasets WHERE code = $1").bind(code.to_string()).fetch_optional(&mut *w.tx).await?;
        Ok(row.map(|r| Ok::<_, sqlx::Error>((r.try_get("id")?, r.try_get("agency_id")?))).transpose()?)
    }

    pub async fn agency_name_in(w: &mut WriteTx, id: i64) -> Result<String> {
        Ok(sqlx::query_scalar("SELECT name FROM agencies WHERE id = $1").bind(id).fetch_one(&mut *w.tx).await?)
    }

    // ---- Requests ---------------------------------------------------------------------

    /// Files a request with its datasets; the audit entry of the request
    /// holds the statement and its SHA-256, a second one the datasets.
    pub async fn file_data_request(&self, w: &mut WriteTx, d: &simpul_domain::sharing::DataRequestData, f: &Filing<'_>) -> Result<DataRequest> {
        crate::active_agency(w, "requester_agency_id", d.requester_agency_id).await?;
        let values = vec![
            ("requester_agency_id", int(d.requester_agency_id)),
            ("owner_agency_id", int(f.owner_agency_id)),
            ("responsible_person", text(&d.responsible_person)),
            ("work_unit", text(&d.work_unit)),
            ("purpose", text(&d.purpose)),
            ("intended_use", text(&d.intended_use)),
            ("data_kind_form", text(&d.data_kind_form)),
            ("period_from", text(&d.period_from)),
            ("period_until", text(&d.period_until)),
            ("statement_text", text(f.statement)),
            ("signed_by", text(f.signed_by)),
            ("signed_by_account_id", Arg::I64(f.signed_by_account_id)),
            ("signed_at", int(f.signed_at)),
            ("statement_sha256", text(f.statement_sha256)),
            ("status", text(RequestStatus::Diajukan.code())),
            ("filed_on", text(f.filed_on)),
            ("due_on", text(f.due_on)),
        ];
        let saved = Self::save_record(w, &REQUESTS, None, values).await?;
        for ds in &d.dataset_ids {
            sqlx::query("INSERT INTO data_request_datasets (request_id, dataset_id) VALUES ($1, $2)").bind(saved.id).bind(*ds).execute(&mut *w.tx).await?;
        }
        w.audit(Change {
            agency_id: Some(f.owner_agency_id),
            entity: "data_request".into(),
            entity_id: saved.id.to_string(),
            action: "datasets".into(),
            before: None,
            after: Some(serde_json::json!({ "dataset_ids": d.dataset_ids, "statement_sha256": f.statement_sha256 })),
        })
        .await?;
        self.request_in(w, saved.id).await
    }

    async fn request_in(&self, w: &mut WriteTx, id: i64) -> Result<DataRequest> {
        let mut r = Self::record_in(w, &REQUESTS, id).await?;
        r.datasets = named_datasets(&mut *w.tx, "data_request_datasets", "request_id", id).await?;
        Ok(r)
    }

    pub async fn data_request(&self, id: i64) -> Result<DataRequest> {
        let mut r = self.record(&REQUESTS, id).await?;
        r.datasets = named_datasets(&self.pool, "data_request_datasets", "request_id", id).await?;
        Ok(r)
    }

    pub async fn data_requests(&self, f: &RequestFilter, scope: &SharingScope, page: PageRequest) -> Result<Page<DataRequest>> {
        let mut b = REQUESTS.body();
        scope_clause(&mut b, "x.requester_agency_id", "x.owner_agency_id", scope);
        eq_text(&mut b, "x.status", f.status.as_deref());
        eq_id(&mut b, "x.requester_agency_id", f.requester_agency_id);
        eq_id(&mut b, "x.owner_agency_id", f.owner_agency_id);
        let mut p = self.record_page(&REQUESTS, b, page).await?;
        for r in &mut p.items {
            r.datasets = named_datasets(&self.pool, "data_request_datasets", "request_id", r.id).await?;
        }
        Ok(p)
    }

    /// Requests of an agency's data still open to one of these statuses (a
    /// dataset requested again while a request for it is open is a conflict).
    pub async fn open_request_for(&self, w: &mut WriteTx, requester: i64, dataset_ids: &[i64]) -> Result<Option<i64>> {
        for ds in dataset_ids {
            let open: Option<i64> = sqlx::query_scalar(
                "SELECT r.id FROM data_requests r JOIN data_request_datasets l ON l.request_id = r.id WHERE r.requester_agency_id = $1 AND l.dataset_id = $2 AND r.status IN ($3, $4)",
            )
            .bind(requester)
            .bind(*ds)
            .bind(RequestStatus::Diajukan.code())
            .bind(RequestStatus::Direkomendasikan.code())
            .fetch_optional(&mut *w.tx)
            .await?;
            if open.is_some() {
                return Ok(open);
            }
        }
        Ok(None)
    }

    /// The owner's recommendation (Perwali Banjarbaru 5/2018 Pasal 12 ayat (3)).
    pub async fn recommend_data_request(&self, w: &mut WriteTx, id: i64, recommend: bool, note: Option<&str>) -> Result<DataRequest> {
        let r = Self::record_in(w, &REQUESTS, id).await?;
        if r.status() != RequestStatus::Diajukan {
            return Err(conflict("Permohonan ini sudah direkomendasikan atau diputuskan."));
        }
        let by = w.actor.name.clone();
        let values = vec![
            ("status", text(RequestStatus::Direkomendasikan.code())),
            ("recommended", Arg::Bool(recommend)),
            ("recommendation_note", opt_text(&note.map(str::to_string))),
            ("recommended_by", text(&by)),
            ("recommended_at", int(now_millis())),
        ];
        Self::save_record(w, &REQUESTS, Some(id), values).await?;
        self.request_in(w, id).await
    }

    /// Approves (creating the grant over exactly the request's datasets for
    /// `[starts_at, ends_at)`) or rejects a request. `needs_recommendation`:
    /// the profile makes the owner's recommendation a precondition.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_data_request(&self, w: &mut WriteTx, id: i64, approve: bool, reason: Option<&str>, role: &str, needs_recommendation: bool, window: (i64, i64)) -> Result<DataRequest> {
        let r = self.request_in(w, id).await?;
        match r.status() {
            RequestStatus::Diajukan if needs_recommendation => {
                return Err(conflict("Permohonan ini belum direkomendasikan oleh Walidata pemilik data."));
            }
            RequestStatus::Diajukan | RequestStatus::Direkomendasikan => {}
            _ => return Err(conflict("Permohonan ini sudah diputuskan.")),
        }
        let by = w.actor.name.clone();
        let status = if approve { RequestStatus::Disetujui } else { RequestStatus::Ditolak };
        let values = vec![
            ("status", text(status.code())),
            ("decision_reason", opt_text(&reason.map(str::to_string))),
            ("decided_by", text(&by)),
            ("decider_role", text(role)),
            ("decided_at", int(now_millis())),
        ];
        Self::save_record(w, &REQUESTS, Some(id), values).await?;
        if approve {
            let values = vec![
                ("request_id", int(id)),
                ("agency_id", int(r.requester_agency_id)),
                ("owner_agency_id", int(r.owner_agency_id)),
                ("valid_from", text(&r.period_from)),
                ("valid_until", text(&r.period_until)),
                ("starts_at", int(window.0)),
                ("ends_at", int(window.1)),
            ];
            let g = Self::save_record(w, &GRANTS, None, values).await?;
            for ds in &r.datasets {
                sqlx::query("INSERT INTO data_grant_datasets (grant_id, dataset_id) VALUES ($1, $2)").bind(g.id).bind(ds.id).execute(&mut *w.tx).await?;
            }
            w.audit(Change {
                agency_id: Some(r.owner_agency_id),
                entity: "data_grant".into(),
                entity_id: g.id.to_string(),
                action: "datasets".into(),
                before: None,
                after: Some(serde_json::json!({ "dataset_ids": r.dataset_ids() })),
            })
            .await?;
        }
        self.request_in(w, id).await
    }

    // ---- Grants -----------------------------------------------------------------------

    pub async fn data_grant(&self, id: i64) -> Result<DataGrant> {
        let mut g = self.record(&GRANTS, id).await?;
        g.datasets = named_datasets(&self.pool, "data_grant_datasets", "grant_id", id).await?;
        Ok(g)
    }

    pub async fn data_grants(&self, f: &GrantFilter, scope: &SharingScope, page: PageRequest) -> Result<Page<DataGrant>> {
        let mut b = GRANTS.body();
        scope_clause(&mut b, "x.agency_id", "x.owner_agency_id", scope);
        eq_id(&mut b, "x.agency_id", f.agency_id);
        eq_id(&mut b, "x.owner_agency_id", f.owner_agency_id);
        if let Some(ds) = f.dataset_id {
            b.push(" AND EXISTS (SELECT 1 FROM data_grant_datasets l WHERE l.grant_id = x.id AND l.dataset_id = ").arg(int(ds)).push(")");
        }
        if f.active_only {
            let now = now_millis();
            b.push(" AND x.revoked_at IS NULL AND x.starts_at <= ").arg(int(now)).push(" AND x.ends_at > ").arg(int(now));
        }
        let mut p = self.record_page(&GRANTS, b, page).await?;
        for g in &mut p.items {
            g.datasets = named_datasets(&self.pool, "data_grant_datasets", "grant_id", g.id).await?;
        }
        Ok(p)
    }

    /// Revokes a grant with the reason; later reads are refused.
    pub async fn revoke_data_grant(&self, w: &mut WriteTx, id: i64, reason: &str) -> Result<DataGrant> {
        let g = Self::record_in(w, &GRANTS, id).await?;
        if g.revoked_at.is_some() {
            return Err(conflict("Hak akses ini sudah dicabut."));
        }
        let by = w.actor.name.clone();
        let values = vec![("revoked_at", int(now_millis())), ("revoked_by", text(&by)), ("revoked_reason", text(reason))];
        Self::save_record(w, &GRANTS, Some(id), values).await?;
        let mut g = Self::record_in(w, &GRANTS, id).await?;
        g.datasets = named_datasets(&mut *w.tx, "data_grant_datasets", "grant_id", id).await?;
        Ok(g)
    }

    /// The grants in force `now` through which one of `agencies` reads the
    /// dataset, newest first.
    pub async fn grants_in_force(&self, dataset_id: i64, agencies: &[i64], now: i64) -> Result<Vec<(i64, i64)>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let mut b = Sql::new("SELECT g.id, g.agency_id FROM data_grants g JOIN data_grant_datasets l ON l.grant_id = g.id WHERE l.dataset_id = ");
        b.arg(int(dataset_id));
        b.push(" AND g.revoked_at IS NULL AND g.starts_at <= ").arg(int(now)).push(" AND g.ends_at > ").arg(int(now)).push(" AND g.agency_id IN (");
        for (i, a) in agencies.iter().enumerate() {
            if i > 0 {
                b.push(", ");
            }
            b.arg(int(*a));
        }
        b.push(") ORDER BY g.id DESC");
        let rows = b.query().fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("agency_id")?))).collect::<Result<_, sqlx::Error>>()?)
    }

    /// Whether a grant is in force `now` and covers the dataset.
    pub async fn grant_covers(&self, grant_id: i64, dataset_id: i64, now: i64) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT g.id FROM data_grants g JOIN data_grant_datasets l ON l.grant_id = g.id WHERE g.id = $1 AND l.dataset_id = $2 AND g.revoked_at IS NULL AND g.starts_at <= $3 AND g.ends_at > $3",
        )
        .bind(grant_id)
        .bind(dataset_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    // ---- Grant-scoped tokens ----------------------------------------------------------

    /// Ties a new API token to a grant (in the token's write transaction).
    pub async fn scope_token_to_grant(&self, w: &mut WriteTx, token_id: i64, grant_id: i64) -> Result<()> {
        sqlx::query("INSERT INTO data_grant_tokens (token_id, grant_id) VALUES ($1, $2)").bind(token_id).bind(grant_id).execute(&mut *w.tx).await?;
        w.audit(Change { agency_id: None, entity: "api_token".into(), entity_id: token_id.to_string(), action: "scope_to_data_grant".into(), before: None, after: Some(serde_json::json!({ "data_grant_id": grant_id })) })
            .await
    }

    // ---- Read log ---------------------------------------------------------------------

    pub async fn log_data_read(&self, r: &NewRead<'_>) -> Result<()> {
        sqlx::query("INSERT INTO data_reads (grant_id, dataset_id, version_no, account_id, actor, agency_id, what, path, via, ip, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(r.grant_id)
            .bind(r.dataset_id)
            .bind(r.version_no)
            .bind(r.account_id)
            .bind(r.actor.to_string())
            .bind(r.agency_id)
            .bind(r.what.to_string())
            .bind(r.path.to_string())
            .bind(r.via.to_string())
            .bind(r.ip.map(str::to_string))
            .bind(now_millis())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn data_reads(&self, f: &ReadFilter, page: PageRequest) -> Result<Page<DataRead>> {
        let mut b = Sql::new("FROM data_reads x JOIN datasets d ON d.id = x.dataset_id JOIN agencies a ON a.id = x.agency_id WHERE 1=1");
        eq_id(&mut b, "x.grant_id", f.grant_id);
        eq_id(&mut b, "x.dataset_id", f.dataset_id);
        eq_id(&mut b, "d.agency_id", f.owner_agency_id);
        Ok(paged(&self.pool, READ_COLS, b, "x.at DESC, x.id DESC", page, read_row).await?)
    }

    // ---- Findings ---------------------------------------------------------------------

    /// Requests not yet decided, for the unanswered-request check.
    pub async fn open_data_request_facts(&self) -> Result<Vec<DataRequestFacts>> {
        let rows = sqlx::query("SELECT r.id, r.owner_agency_id, a.name AS requester_name, r.status, r.due_on FROM data_requests r JOIN agencies a ON a.id = r.requester_agency_id WHERE r.status IN ($1, $2)")
            .bind(RequestStatus::Diajukan.code())
            .bind(RequestStatus::Direkomendasikan.code())
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let due: String = r.try_get("due_on")?;
            let status: String = r.try_get("status")?;
            let Some(due_on) = simpul_domain::validate::parse_date(&due) else { continue };
            out.push(DataRequestFacts {
                id: r.try_get("id")?,
                owner_agency_id: r.try_get("owner_agency_id")?,
                requester_name: r.try_get("requester_name")?,
                awaiting_recommendation: status == RequestStatus::Diajukan.code(),
                due_on,
            });
        }
        Ok(out)
    }
}

fn conflict(message: &str) -> crate::StoreError {
    DomainError::Conflict { field: None, message: message.into() }.into()
}
