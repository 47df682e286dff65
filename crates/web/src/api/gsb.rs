//! The Sistem Penghubung Layanan (service bus) registry API under
//! `/api/v1/gsb`: services (the catalogue every signed-in user reads),
//! consuming clients and their API keys (the consuming agency's), and access
//! rights (asked by the consumer, decided and revoked by the provider).
//! Authorization: `roles::Action::{ManageServices, ManageClients, DecideGrant}`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::gsb::{format_percent, Operation};
use simpul_domain::roles::Action;
use simpul_store::gsb::{ClientFilter, GrantFilter, ServiceFilter};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::types::Page;
use super::{csv_response, csv_text, json_download, Gated, Id, Q};
use crate::actions::gsb as actions;
use crate::ctx::Ctx;
use crate::error::{ApiResult, ErrorBody};
use crate::AppState;

pub use simpul_domain::gsb::{ClientInput as ClientIn, GrantDecisionInput as GrantDecisionIn, GrantRequestInput as GrantRequestIn, KeyInput as KeyIn, ServiceInput as ServiceIn};

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_services, create_service))
        .routes(routes!(export_services_csv))
        .routes(routes!(export_services_json))
        .routes(routes!(get_service, update_service))
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client))
        .routes(routes!(list_keys, create_key))
        .routes(routes!(revoke_key))
        .routes(routes!(list_grants, request_grant))
        .routes(routes!(export_grants_csv))
        .routes(routes!(export_grants_json))
        .routes(routes!(get_grant))
        .routes(routes!(decide_grant))
        .routes(routes!(revoke_grant))
}

// ---- Wire types -------------------------------------------------------------------------

/// A service of the bus, as the catalogue shows it. The outbound credential is masked.
#[derive(Serialize, ToSchema)]
pub struct Service {
    pub id: i64,
    pub code: String,
    /// Where consumers call it on the gateway: `/{code}/…`.
    pub gateway_path: String,
    pub name: String,
    pub description: Option<String>,
    pub agency_id: i64,
    pub agency_name: String,
    pub application_id: Option<i64>,
    pub application_name: Option<String>,
    pub upstream_url: String,
    /// The OpenAPI document as uploaded.
    pub openapi: Option<String>,
    /// Its operations (method + path template).
    pub operations: Vec<Operation>,
    pub version: Option<String>,
    pub data_service: bool,
    /// `terbuka`, `terbatas` or `rahasia`.
    pub confidentiality: String,
    /// Percent with a decimal comma, e.g. `99,50`.
    pub availability_target: Option<String>,
    pub keep_bodies: bool,
    pub retention_days: Option<i64>,
    pub rate_limit_per_minute: Option<i64>,
    /// `draft`, `active` or `retired`.
    pub status: String,
    /// Whether an outbound credential is stored, masked (last four characters).
    pub outbound_auth_masked: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::gsb::Service> for Service {
    fn from(s: simpul_store::gsb::Service) -> Self {
        let operations = s.operations();
        Service {
            id: s.id,
            gateway_path: format!("/{}/", s.code),
            code: s.code,
            name: s.name,
            description: s.description,
            agency_id: s.agency_id,
            agency_name: s.agency_name,
            application_id: s.application_id,
            application_name: s.application_name,
            upstream_url: s.upstream_url,
            openapi: s.openapi,
            operations,
            version: s.version,
            data_service: s.data_service,
            confidentiality: s.confidentiality,
            availability_target: s.availability_bp.map(format_percent),
            keep_bodies: s.keep_bodies,
            retention_days: s.retention_days,
            rate_limit_per_minute: s.rate_limit_per_minute,
            status: s.status,
            outbound_auth_masked: s.outbound_auth_masked,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A consuming client: one agency's application.
#[derive(Serialize, ToSchema)]
pub struct Client {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub application_id: i64,
    pub application_name: String,
    /// `active` or `suspended`.
    pub status: String,
    pub tls_cert_sha256: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::gsb::Client> for Client {
    fn from(c: simpul_store::gsb::Client) -> Self {
        Client {
            id: c.id,
            code: c.code,
            name: c.name,
            agency_id: c.agency_id,
            agency_name: c.agency_name,
            application_id: c.application_id,
            application_name: c.application_name,
            status: c.status,
            tls_cert_sha256: c.tls_cert_sha256,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// An API key as listed: its prefix identifies it; the key itself is never shown again.
#[derive(Serialize, ToSchema)]
pub struct Key {
    pub id: i64,
    pub client_id: i64,
    pub prefix: String,
    pub label: Option<String>,
    pub expires_on: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub status: String,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub created_at: i64,
}

impl Key {
    pub fn of(k: simpul_store::gsb::Key, today: &str) -> Self {
        let status = if k.revoked_at.is_some() {
            "revoked"
        } else if k.expires_on.as_deref().is_some_and(|d| d < today) {
            "expired"
        } else {
            "active"
        };
        Key { id: k.id, client_id: k.client_id, prefix: k.prefix, label: k.label, expires_on: k.expires_on, status: status.into(), revoked_at: k.revoked_at, revoked_by: k.revoked_by, created_at: k.created_at }
    }
}

/// A key just issued: `key` is shown this once and stored only as its SHA-256 digest.
#[derive(Serialize, ToSchema)]
pub struct NewKey {
    /// `gsb_` followed by 64 hex digits: send as `Authorization: Bearer …` to the gateway.
    pub key: String,
    pub details: Key,
}

/// An access right (or a request for one).
#[derive(Serialize, ToSchema)]
pub struct Grant {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub client_agency_id: i64,
    pub client_agency_name: String,
    pub service_id: i64,
    pub service_code: String,
    pub service_name: String,
    pub provider_agency_id: i64,
    pub provider_agency_name: String,
    pub data_service: bool,
    pub purpose: String,
    /// `"METHOD /path"`; empty: every operation of the service.
    pub operations: Vec<String>,
    pub expires_on: String,
    /// `requested`, `approved`, `rejected`, `revoked` or `expired`.
    pub status: String,
    pub requested_by: String,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    /// The role the decision was made in.
    pub decider_role: Option<String>,
    pub decision_note: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_reason: Option<String>,
    pub created_at: i64,
}

impl Grant {
    pub fn of(g: simpul_store::gsb::Grant, today: &str) -> Self {
        Grant {
            status: g.status_on(today).to_string(),
            id: g.id,
            client_id: g.client_id,
            client_code: g.client_code,
            client_name: g.client_name,
            client_agency_id: g.client_agency_id,
            client_agency_name: g.client_agency_name,
            service_id: g.service_id,
            service_code: g.service_code,
            service_name: g.service_name,
            provider_agency_id: g.provider_agency_id,
            provider_agency_name: g.provider_agency_name,
            data_service: g.data_service,
            purpose: g.purpose,
            operations: g.operations,
            expires_on: g.expires_on,
            requested_by: g.requested_by,
            decided_at: g.decided_at,
            decided_by: g.decided_by,
            decider_role: g.decider_role,
            decision_note: g.decision_note,
            revoked_at: g.revoked_at,
            revoked_by: g.revoked_by,
            revoked_reason: g.revoked_reason,
            created_at: g.created_at,
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Search in code, name and description.
    pub q: Option<String>,
    /// The providing agency.
    pub agency_id: Option<i64>,
    /// `draft`, `active` or `retired`.
    pub status: Option<String>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl ServiceQuery {
    pub fn filter(&self) -> ServiceFilter {
        ServiceFilter { q: self.q.clone(), agency_id: self.agency_id, status: self.status.clone() }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    pub q: Option<String>,
    /// The consuming agency.
    pub agency_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct GrantQuery {
    pub client_id: Option<i64>,
    pub service_id: Option<i64>,
    /// The providing agency: its approval queue with `status=requested`.
    pub provider_agency_id: Option<i64>,
    pub client_agency_id: Option<i64>,
    /// Stored status: `requested`, `approved`, `rejected` or `revoked`.
    pub status: Option<String>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl GrantQuery {
    pub fn filter(&self) -> GrantFilter {
        GrantFilter { client_id: self.client_id, service_id: self.service_id, provider_agency_id: self.provider_agency_id, client_agency_id: self.client_agency_id, status: self.status.clone() }
    }
}

fn req(page: Option<u32>, per_page: Option<u32>) -> simpul_store::PageRequest {
    simpul_store::PageRequest::new(page, per_page)
}

// ---- Services -----------------------------------------------------------------------------

/// The service catalogue (every signed-in user).
#[utoipa::path(get, path = "/api/v1/gsb/services", tag = "penghubung_layanan", params(ServiceQuery), responses((status = 200, body = Page<Service>), (status = 401, body = ErrorBody)))]
async fn list_services(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ServiceQuery>) -> ApiResult<Json<Page<Service>>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(Page::from_store(s.store.gsb_services(&q.filter(), req(q.page, q.per_page)).await?, Service::from)))
}

/// Register a service (the providing agency's Kepala PD or Operator PD, or Diskominfo).
#[utoipa::path(post, path = "/api/v1/gsb/services", tag = "penghubung_layanan", request_body = ServiceIn,
    responses((status = 201, body = Service), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_service(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<ServiceIn>) -> ApiResult<(StatusCode, Json<Service>)> {
    Ok((StatusCode::CREATED, Json(actions::save_service(&s, &ctx, None, b).await?.into())))
}

/// One service, with the operations of its OpenAPI document.
#[utoipa::path(get, path = "/api/v1/gsb/services/{id}", tag = "penghubung_layanan", params(("id" = i64, Path)), responses((status = 200, body = Service), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_service(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Service>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.gsb_service(id).await?.into()))
}

/// Change a service (all fields; an empty `outbound_auth` keeps the stored credential).
#[utoipa::path(put, path = "/api/v1/gsb/services/{id}", tag = "penghubung_layanan", params(("id" = i64, Path)), request_body = ServiceIn,
    responses((status = 200, body = Service), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_service(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<ServiceIn>) -> ApiResult<Json<Service>> {
    Ok(Json(actions::save_service(&s, &ctx, Some(id), b).await?.into()))
}

/// The columns of the service CSV export, in order.
pub const SERVICE_CSV_COLUMNS: &[&str] = &[
    "id", "code", "name", "agency_name", "application_name", "upstream_url", "version", "data_service", "confidentiality", "availability_target", "keep_bodies",
    "retention_days", "rate_limit_per_minute", "status", "operations",
];

fn o<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn service_record(s: &Service) -> Vec<String> {
    vec![
        s.id.to_string(),
        s.code.clone(),
        s.name.clone(),
        s.agency_name.clone(),
        o(&s.application_name),
        s.upstream_url.clone(),
        o(&s.version),
        s.data_service.to_string(),
        s.confidentiality.clone(),
        o(&s.availability_target),
        s.keep_bodies.to_string(),
        o(&s.retention_days),
        o(&s.rate_limit_per_minute),
        s.status.clone(),
        s.operations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
    ]
}

async fn all_services(s: &AppState, q: &ServiceQuery) -> ApiResult<Vec<Service>> {
    Ok(s.store.all_gsb_services(&q.filter()).await?.into_iter().map(Service::from).collect())
}

/// Export the matching services as CSV (UTF-8, comma-separated, header row).
#[utoipa::path(get, path = "/api/v1/gsb/services/export.csv", tag = "penghubung_layanan", params(ServiceQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn export_services_csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ServiceQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let rows = all_services(&s, &q).await?;
    Ok(csv_response(csv_text(SERVICE_CSV_COLUMNS, rows.iter().map(service_record))?, "layanan.csv"))
}

/// Export the matching services as JSON (unpaged).
#[utoipa::path(get, path = "/api/v1/gsb/services/export.json", tag = "penghubung_layanan", params(ServiceQuery), responses((status = 200, body = Vec<Service>), (status = 401, body = ErrorBody)))]
async fn export_services_json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ServiceQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    Ok(json_download(all_services(&s, &q).await?, "layanan.json"))
}

// ---- Clients and keys ---------------------------------------------------------------------

/// Consuming clients (every signed-in user; keys are not listed here).
#[utoipa::path(get, path = "/api/v1/gsb/clients", tag = "penghubung_layanan", params(ClientQuery), responses((status = 200, body = Page<Client>), (status = 401, body = ErrorBody)))]
async fn list_clients(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ClientQuery>) -> ApiResult<Json<Page<Client>>> {
    ctx.require(Action::ViewDirectory)?;
    let f = ClientFilter { q: q.q.clone(), agency_id: q.agency_id };
    Ok(Json(Page::from_store(s.store.gsb_clients(&f, req(q.page, q.per_page)).await?, Client::from)))
}

/// Register a client (the consuming agency's Kepala PD or Operator PD, or Diskominfo).
#[utoipa::path(post, path = "/api/v1/gsb/clients", tag = "penghubung_layanan", request_body = ClientIn,
    responses((status = 201, body = Client), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_client(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<ClientIn>) -> ApiResult<(StatusCode, Json<Client>)> {
    Ok((StatusCode::CREATED, Json(actions::save_client(&s, &ctx, None, b).await?.into())))
}

/// One client.
#[utoipa::path(get, path = "/api/v1/gsb/clients/{id}", tag = "penghubung_layanan", params(("id" = i64, Path)), responses((status = 200, body = Client), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_client(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Client>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.gsb_client(id).await?.into()))
}

/// Change a client; suspending it stops all its keys at the gateway.
#[utoipa::path(put, path = "/api/v1/gsb/clients/{id}", tag = "penghubung_layanan", params(("id" = i64, Path)), request_body = ClientIn,
    responses((status = 200, body = Client), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_client(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<ClientIn>) -> ApiResult<Json<Client>> {
    Ok(Json(actions::save_client(&s, &ctx, Some(id), b).await?.into()))
}

/// A client's API keys, by prefix (the consuming agency and Diskominfo only).
#[utoipa::path(get, path = "/api/v1/gsb/clients/{id}/keys", tag = "penghubung_layanan", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Key>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_keys(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Vec<Key>>> {
    let c = s.store.gsb_client(id).await?;
    ctx.require(Action::ManageClients(c.agency_id))?;
    let today = s.store.gsb_today().await?;
    Ok(Json(s.store.gsb_keys(id).await?.into_iter().map(|k| Key::of(k, &today)).collect()))
}

/// Issue an API key; the response is the only time the key is shown.
#[utoipa::path(post, path = "/api/v1/gsb/clients/{id}/keys", tag = "penghubung_layanan", params(("id" = i64, Path)), request_body = KeyIn,
    responses((status = 201, body = NewKey), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_key(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<KeyIn>) -> ApiResult<(StatusCode, Json<NewKey>)> {
    let k = actions::create_key(&s, &ctx, id, b).await?;
    let today = s.store.gsb_today().await?;
    Ok((StatusCode::CREATED, Json(NewKey { key: k.secret, details: Key::of(k.key, &today) })))
}

/// Revoke an API key; the gateway refuses it from its next reload.
#[utoipa::path(post, path = "/api/v1/gsb/keys/{id}/revoke", tag = "penghubung_layanan", params(("id" = i64, Path)),
    responses((status = 200, body = Key), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn revoke_key(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Key>> {
    let k = actions::revoke_key(&s, &ctx, id).await?;
    Ok(Json(Key::of(k, &s.store.gsb_today().await?)))
}

// ---- Access rights ---------------------------------------------------------------------

/// Access rights and requests (every signed-in user).
#[utoipa::path(get, path = "/api/v1/gsb/grants", tag = "penghubung_layanan", params(GrantQuery), responses((status = 200, body = Page<Grant>), (status = 401, body = ErrorBody)))]
async fn list_grants(State(s): State<AppState>, ctx: Ctx, Q(q): Q<GrantQuery>) -> ApiResult<Json<Page<Grant>>> {
    ctx.require(Action::ViewDirectory)?;
    let today = s.store.gsb_today().await?;
    Ok(Json(Page::from_store(s.store.gsb_grants(&q.filter(), req(q.page, q.per_page)).await?, |g| Grant::of(g, &today))))
}

/// A client asks for access to a service, with its purpose (the client's agency).
#[utoipa::path(post, path = "/api/v1/gsb/grants", tag = "penghubung_layanan", request_body = GrantRequestIn,
    responses((status = 201, body = Grant), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn request_grant(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<GrantRequestIn>) -> ApiResult<(StatusCode, Json<Grant>)> {
    let g = actions::request_grant(&s, &ctx, b).await?;
    Ok((StatusCode::CREATED, Json(Grant::of(g, &s.store.gsb_today().await?))))
}

/// One access right.
#[utoipa::path(get, path = "/api/v1/gsb/grants/{id}", tag = "penghubung_layanan", params(("id" = i64, Path)), responses((status = 200, body = Grant), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_grant(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Grant>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(Grant::of(s.store.gsb_grant(id).await?, &s.store.gsb_today().await?)))
}

/// The providing agency approves or rejects a request (`decision`: `approve` or `reject`, with `reason`).
#[utoipa::path(post, path = "/api/v1/gsb/grants/{id}/decision", tag = "penghubung_layanan", params(("id" = i64, Path)), request_body = GrantDecisionIn,
    responses((status = 200, body = Grant), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decide_grant(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<GrantDecisionIn>) -> ApiResult<Json<Grant>> {
    let g = actions::decide_grant(&s, &ctx, id, b).await?;
    Ok(Json(Grant::of(g, &s.store.gsb_today().await?)))
}

/// Revoke a right (the provider or Diskominfo; the consumer may withdraw its pending request). `reason` is required.
#[utoipa::path(post, path = "/api/v1/gsb/grants/{id}/revoke", tag = "penghubung_layanan", params(("id" = i64, Path)), request_body = GrantDecisionIn,
    responses((status = 200, body = Grant), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn revoke_grant(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<GrantDecisionIn>) -> ApiResult<Json<Grant>> {
    let g = actions::revoke_grant(&s, &ctx, id, b).await?;
    Ok(Json(Grant::of(g, &s.store.gsb_today().await?)))
}

/// The columns of the access-rights CSV export, in order.
pub const GRANT_CSV_COLUMNS: &[&str] = &[
    "id", "client_code", "client_agency_name", "service_code", "provider_agency_name", "purpose", "operations", "expires_on", "status", "decided_by", "decider_role",
    "decision_note", "revoked_reason",
];

fn grant_record(g: &Grant) -> Vec<String> {
    vec![
        g.id.to_string(),
        g.client_code.clone(),
        g.client_agency_name.clone(),
        g.service_code.clone(),
        g.provider_agency_name.clone(),
        g.purpose.clone(),
        g.operations.join("; "),
        g.expires_on.clone(),
        g.status.clone(),
        o(&g.decided_by),
        o(&g.decider_role),
        o(&g.decision_note),
        o(&g.revoked_reason),
    ]
}

async fn all_grants(s: &AppState, q: &GrantQuery) -> ApiResult<Vec<Grant>> {
    let today = s.store.gsb_today().await?;
    Ok(s.store.all_gsb_grants(&q.filter()).await?.into_iter().map(|g| Grant::of(g, &today)).collect())
}

/// Export the matching access rights as CSV (UTF-8, comma-separated, header row).
#[utoipa::path(get, path = "/api/v1/gsb/grants/export.csv", tag = "penghubung_layanan", params(GrantQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn export_grants_csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<GrantQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let rows = all_grants(&s, &q).await?;
    Ok(csv_response(csv_text(GRANT_CSV_COLUMNS, rows.iter().map(grant_record))?, "hak-akses.csv"))
}

/// Export the matching access rights as JSON (unpaged).
#[utoipa::path(get, path = "/api/v1/gsb/grants/export.json", tag = "penghubung_layanan", params(GrantQuery), responses((status = 200, body = Vec<Grant>), (status = 401, body = ErrorBody)))]
async fn export_grants_json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<GrantQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    Ok(json_download(all_grants(&s, &q).await?, "hak-akses.json"))
}
