//! Data sharing between agencies (`/api/v1/data-requests`,
//! `/api/v1/data-grants`, `/api/v1/data-reads`): file a data-use request
//! with its signed statement, recommend, decide, list and revoke grants,
//! create API tokens scoped to a grant, read the grantees' read log.
//!
//! Requests and grants are seen by the agencies involved, the approver and
//! Diskominfo; others get 404 `not_found`. Reading the granted datasets
//! themselves goes through `/api/v1/datasets/…` as for any dataset.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::now_millis;
use simpul_domain::sharing::{DataRequestInput, DecisionInput, RecommendationInput, RequestStatus, RevokeInput};
use simpul_store::sharing::{GrantFilter, ReadFilter, RequestFilter};
use simpul_store::PageRequest;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::types::{NewToken, Page};
use super::{Gated, Id, Q};
use crate::actions::sharing as act;
use crate::ctx::Ctx;
use crate::error::{ApiResult, ErrorBody};
use crate::AppState;

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_requests, file_request))
        .routes(routes!(get_request))
        .routes(routes!(recommend_request))
        .routes(routes!(decide_request))
        .routes(routes!(list_grants))
        .routes(routes!(get_grant))
        .routes(routes!(revoke_grant))
        .routes(routes!(create_grant_token))
        .routes(routes!(grant_reads))
        .routes(routes!(list_reads))
}

// ---- Wire types -------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct NamedDataset {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub confidentiality: String,
}

fn named(v: Vec<simpul_store::sharing::NamedDataset>) -> Vec<NamedDataset> {
    v.into_iter().map(|d| NamedDataset { id: d.id, code: d.code, title: d.title, confidentiality: d.confidentiality }).collect()
}

/// A data-use request (Perwali Banjarbaru 5/2018 Pasal 12).
#[derive(Serialize, ToSchema)]
pub struct DataRequest {
    pub id: i64,
    pub requester_agency_id: i64,
    pub requester_agency_name: String,
    pub owner_agency_id: i64,
    pub owner_agency_name: String,
    pub datasets: Vec<NamedDataset>,
    pub responsible_person: String,
    pub work_unit: String,
    pub purpose: String,
    pub intended_use: String,
    pub data_kind_form: String,
    pub period_from: String,
    pub period_until: String,
    /// The signed statement, word for word.
    pub statement_text: String,
    pub signed_by: String,
    pub signed_at: i64,
    /// SHA-256 over the canonical statement and request, recorded when signed.
    pub statement_sha256: String,
    /// Recomputed now: `false` when anything signed has changed since.
    pub statement_intact: bool,
    /// `diajukan`, `direkomendasikan`, `disetujui` or `ditolak`.
    pub status: String,
    pub status_label: String,
    pub filed_on: String,
    /// The day recommendation and decision are due by.
    pub due_on: String,
    pub overdue: bool,
    pub recommended: Option<bool>,
    pub recommendation_note: Option<String>,
    pub recommended_by: Option<String>,
    pub recommended_at: Option<i64>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decider_role: Option<String>,
    pub decided_at: Option<i64>,
    pub grant_id: Option<i64>,
}

impl DataRequest {
    pub fn of(r: simpul_store::sharing::DataRequest, today: &str) -> Self {
        let status = r.status();
        DataRequest {
            statement_intact: r.statement_intact(),
            overdue: status.is_open() && r.due_on.as_str() < today,
            status_label: status.label().into(),
            id: r.id,
            requester_agency_id: r.requester_agency_id,
            requester_agency_name: r.requester_agency_name,
            owner_agency_id: r.owner_agency_id,
            owner_agency_name: r.owner_agency_name,
            datasets: named(r.datasets),
            responsible_person: r.responsible_person,
            work_unit: r.work_unit,
            purpose: r.purpose,
            intended_use: r.intended_use,
            data_kind_form: r.data_kind_form,
            period_from: r.period_from,
            period_until: r.period_until,
            statement_text: r.statement_text,
            signed_by: r.signed_by,
            signed_at: r.signed_at,
            statement_sha256: r.statement_sha256,
            status: r.status,
            filed_on: r.filed_on,
            due_on: r.due_on,
            recommended: r.recommended,
            recommendation_note: r.recommendation_note,
            recommended_by: r.recommended_by,
            recommended_at: r.recommended_at,
            decision_reason: r.decision_reason,
            decided_by: r.decided_by,
            decider_role: r.decider_role,
            decided_at: r.decided_at,
            grant_id: r.grant_id,
        }
    }
}

/// Read-only access of one agency to the datasets of an approved request.
#[derive(Serialize, ToSchema)]
pub struct DataGrant {
    pub id: i64,
    pub request_id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub owner_agency_id: i64,
    pub owner_agency_name: String,
    pub datasets: Vec<NamedDataset>,
    /// First and last day (`YYYY-MM-DD`, Pemda time).
    pub valid_from: String,
    pub valid_until: String,
    /// `belum_berlaku`, `aktif`, `kedaluwarsa` or `dicabut`, now.
    pub state: String,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_reason: Option<String>,
    pub created_at: i64,
}

impl From<simpul_store::sharing::DataGrant> for DataGrant {
    fn from(g: simpul_store::sharing::DataGrant) -> Self {
        DataGrant {
            state: g.state(now_millis()).code().into(),
            id: g.id,
            request_id: g.request_id,
            agency_id: g.agency_id,
            agency_name: g.agency_name,
            owner_agency_id: g.owner_agency_id,
            owner_agency_name: g.owner_agency_name,
            datasets: named(g.datasets),
            valid_from: g.valid_from,
            valid_until: g.valid_until,
            revoked_at: g.revoked_at,
            revoked_by: g.revoked_by,
            revoked_reason: g.revoked_reason,
            created_at: g.created_at,
        }
    }
}

/// One read of a granted dataset.
#[derive(Serialize, ToSchema)]
pub struct DataRead {
    pub id: i64,
    pub grant_id: i64,
    pub dataset_id: i64,
    pub dataset_code: String,
    pub dataset_title: String,
    pub version_no: Option<i64>,
    pub account_id: Option<i64>,
    /// The account's user name.
    pub actor: String,
    pub agency_id: i64,
    pub agency_name: String,
    /// `halaman`, `metadata`, `versi`, `baris`, `ekspor_csv`, `ekspor_json`, `berkas`, `verifikasi`.
    pub what: String,
    pub path: String,
    /// `sesi`, `token` or `token_hibah` (a token scoped to the grant).
    pub via: String,
    pub ip: Option<String>,
    pub at: i64,
}

impl From<simpul_store::sharing::DataRead> for DataRead {
    fn from(r: simpul_store::sharing::DataRead) -> Self {
        DataRead {
            id: r.id,
            grant_id: r.grant_id,
            dataset_id: r.dataset_id,
            dataset_code: r.dataset_code,
            dataset_title: r.dataset_title,
            version_no: r.version_no,
            account_id: r.account_id,
            actor: r.actor,
            agency_id: r.agency_id,
            agency_name: r.agency_name,
            what: r.what,
            path: r.path,
            via: r.via,
            ip: r.ip,
            at: r.at,
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// `diajukan`, `direkomendasikan`, `disetujui`, `ditolak`.
    pub status: Option<String>,
    /// Requests filed by this agency (outgoing).
    pub requester_agency_id: Option<i64>,
    /// Requests for this agency's data (incoming).
    pub owner_agency_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct GrantQuery {
    /// Grants held by this agency.
    pub agency_id: Option<i64>,
    /// Grants on this agency's data.
    pub owner_agency_id: Option<i64>,
    pub dataset_id: Option<i64>,
    /// Only grants in force now.
    pub active: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ReadQuery {
    /// Reads of this agency's data (required unless Diskominfo).
    pub owner_agency_id: Option<i64>,
    pub dataset_id: Option<i64>,
    pub grant_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// A token scoped to a grant.
#[derive(Deserialize, ToSchema)]
pub struct GrantTokenIn {
    pub name: String,
    /// Days until expiry (1–730); it never outlives the grant.
    #[serde(default)]
    pub expires_days: Option<i64>,
}

async fn today(s: &AppState) -> String {
    crate::actions::pemda(s).await.map(|p| crate::local_today(p.timezone).to_string()).unwrap_or_default()
}

fn page_of<T, U: ToSchema>(p: simpul_store::Page<T>, f: impl FnMut(T) -> U) -> Page<U> {
    Page { items: p.items.into_iter().map(f).collect(), total: p.total, page: p.page, per_page: p.per_page }
}

// ---- Handlers ---------------------------------------------------------------------------

/// Requests the caller may see: of their agencies (as requester or owner); all for Diskominfo and the approver.
#[utoipa::path(get, path = "/api/v1/data-requests", tag = "berbagi_data", params(RequestQuery), responses((status = 200, body = Page<DataRequest>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_requests(State(s): State<AppState>, ctx: Ctx, Q(q): Q<RequestQuery>) -> ApiResult<Json<Page<DataRequest>>> {
    let p = ctx.user()?;
    if let Some(st) = q.status.as_deref().filter(|v| !v.is_empty())
        && RequestStatus::from_code(st).is_none() {
            return Err(simpul_domain::DomainError::field("status", "invalid_choice", "Status: diajukan, direkomendasikan, disetujui atau ditolak.").into());
        }
    let scope = act::scope_of(p, act::approver(&s).await?);
    let f = RequestFilter { status: q.status, requester_agency_id: q.requester_agency_id, owner_agency_id: q.owner_agency_id };
    let page = s.store.data_requests(&f, &scope, PageRequest::new(q.page, q.per_page)).await?;
    let today = today(&s).await;
    Ok(Json(page_of(page, |r| DataRequest::of(r, &today))))
}

/// File a data-use request: the requesting agency's Kepala PD or Walidata, with the statement agreed (`statement_agreed: true`); datasets of one other agency whose metadata the caller sees.
#[utoipa::path(post, path = "/api/v1/data-requests", tag = "berbagi_data", request_body = DataRequestInput,
    responses((status = 201, body = DataRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn file_request(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<DataRequestInput>) -> ApiResult<(StatusCode, Json<DataRequest>)> {
    let r = act::file_request(&s, &ctx, b).await?;
    Ok((StatusCode::CREATED, Json(DataRequest::of(r, &today(&s).await))))
}

/// One request, with its statement and whether it is still as signed.
#[utoipa::path(get, path = "/api/v1/data-requests/{id}", tag = "berbagi_data", params(("id" = i64, Path)), responses((status = 200, body = DataRequest), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_request(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<DataRequest>> {
    let r = act::read_request(&s, &ctx, id).await?;
    Ok(Json(DataRequest::of(r, &today(&s).await)))
}

/// The owning agency's Walidata (or Kepala PD) recommends (`recommend: true`) or advises against, with a note.
#[utoipa::path(post, path = "/api/v1/data-requests/{id}/recommendation", tag = "berbagi_data", params(("id" = i64, Path)), request_body = RecommendationInput,
    responses((status = 200, body = DataRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn recommend_request(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<RecommendationInput>) -> ApiResult<Json<DataRequest>> {
    let r = act::recommend(&s, &ctx, id, b).await?;
    Ok(Json(DataRequest::of(r, &today(&s).await)))
}

/// The approver set by the regulation profile (the Sekretaris Daerah) approves, creating the grant, or rejects with `reason`.
#[utoipa::path(post, path = "/api/v1/data-requests/{id}/decision", tag = "berbagi_data", params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = DataRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decide_request(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<DecisionInput>) -> ApiResult<Json<DataRequest>> {
    let r = act::decide(&s, &ctx, id, b).await?;
    Ok(Json(DataRequest::of(r, &today(&s).await)))
}

/// Grants the caller may see (as grantee or owner; all for Diskominfo and the approver).
#[utoipa::path(get, path = "/api/v1/data-grants", tag = "berbagi_data", params(GrantQuery), responses((status = 200, body = Page<DataGrant>), (status = 401, body = ErrorBody)))]
async fn list_grants(State(s): State<AppState>, ctx: Ctx, Q(q): Q<GrantQuery>) -> ApiResult<Json<Page<DataGrant>>> {
    let p = ctx.user()?;
    let scope = act::scope_of(p, act::approver(&s).await?);
    let f = GrantFilter { agency_id: q.agency_id, owner_agency_id: q.owner_agency_id, dataset_id: q.dataset_id, active_only: q.active.unwrap_or(false) };
    let page = s.store.data_grants(&f, &scope, PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(page_of(page, DataGrant::from)))
}

/// One grant.
#[utoipa::path(get, path = "/api/v1/data-grants/{id}", tag = "berbagi_data", params(("id" = i64, Path)), responses((status = 200, body = DataGrant), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_grant(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<DataGrant>> {
    Ok(Json(act::read_grant(&s, &ctx, id).await?.into()))
}

/// Revoke a grant (the owner's Kepala PD or Walidata, or Diskominfo); `reason` is required. Reads stop at once.
#[utoipa::path(post, path = "/api/v1/data-grants/{id}/revoke", tag = "berbagi_data", params(("id" = i64, Path)), request_body = RevokeInput,
    responses((status = 200, body = DataGrant), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn revoke_grant(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<RevokeInput>) -> ApiResult<Json<DataGrant>> {
    Ok(Json(act::revoke(&s, &ctx, id, b).await?.into()))
}

/// Create an API token of the caller's account that can only read this grant's datasets (GET under `/api/v1/datasets/{id}`), while the grant is in force. The grantee agency's Kepala PD, Walidata or Operator PD. The token is in this answer only.
#[utoipa::path(post, path = "/api/v1/data-grants/{id}/tokens", tag = "berbagi_data", params(("id" = i64, Path)), request_body = GrantTokenIn,
    responses((status = 201, body = NewToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_grant_token(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<GrantTokenIn>) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let g = act::read_grant(&s, &ctx, id).await?;
    ctx.require(simpul_domain::roles::Action::UseDataGrant(g.agency_id))?;
    let b = b.open()?;
    let (token, info) = act::create_grant_token(&s, &ctx, id, &b.name, b.expires_days).await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, info: info.into() })))
}

/// The reads made through one grant, newest first (the owner's Kepala PD or Walidata, or Diskominfo).
#[utoipa::path(get, path = "/api/v1/data-grants/{id}/reads", tag = "berbagi_data", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = Page<DataRead>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn grant_reads(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<DataRead>>> {
    act::require_read_log(&s, &ctx, Some(id), None).await?;
    let page = s.store.data_reads(&ReadFilter { grant_id: Some(id), ..Default::default() }, PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(page_of(page, DataRead::from)))
}

/// The read log of one agency's data (`owner_agency_id`: its Kepala PD or Walidata) or of all data (Diskominfo).
#[utoipa::path(get, path = "/api/v1/data-reads", tag = "berbagi_data", params(ReadQuery),
    responses((status = 200, body = Page<DataRead>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_reads(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ReadQuery>) -> ApiResult<Json<Page<DataRead>>> {
    act::require_read_log(&s, &ctx, q.grant_id, q.owner_agency_id).await?;
    let f = ReadFilter { grant_id: q.grant_id, dataset_id: q.dataset_id, owner_agency_id: q.owner_agency_id };
    let page = s.store.data_reads(&f, PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(page_of(page, DataRead::from)))
}
