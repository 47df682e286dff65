//! The JSON API under `/api/v1`. Every route is registered through utoipa's
//! `OpenApiRouter`, so `/api/v1/openapi.json` is generated from the routes.
//! Handlers are thin: extract, authorize, one action or store call, respond.

pub mod networks;
pub mod datasets;
mod public_data;
mod publication;
pub mod assets;
mod datacentre;
mod gsb;
mod sharing;
pub(crate) mod gsb_records;
pub use datacentre::{SERVER_CSV_COLUMNS, SUBDOMAIN_CSV_COLUMNS, VPS_CSV_COLUMNS};
pub mod types;

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use simpul_domain::org::{AccountInput, GrantInput, UnitInput};
use simpul_domain::pemda::ProfileInput;
use simpul_domain::profiles::Regulation;
use simpul_domain::roles::{Action, Role};
use simpul_domain::DomainError;
use simpul_store::accounts::AccountFilter;
use simpul_store::audit::AuditFilter;
use simpul_store::org::{AgencyFilter, PersonFilter};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::actions;
use crate::ctx::{session_cookie, Ctx};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::AppState;
use types::*;

/// JSON body whose rejection is a stable `bad_request` error.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(req, state).await.map(|Json(v)| Body(v)).map_err(bad_json)
    }
}

fn bad_json(e: axum::extract::rejection::JsonRejection) -> AppError {
    AppError::Domain(DomainError::BadRequest(format!("Badan permintaan JSON tidak valid: {}", e.body_text())))
}

/// JSON body of a role-gated operation: parsed, but its rejection is held
/// until the action has authorized the caller (see [`actions::Input`]).
pub struct Gated<T>(pub actions::Input<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Gated<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Gated(match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => v.into(),
            Err(e) => actions::Input::rejected(bad_json(e)),
        }))
    }
}

/// Query string whose rejection is a stable `bad_request` error.
pub struct Q<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Q<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Q(v)),
            Err(e) => Err(AppError::Domain(DomainError::BadRequest(format!("Parameter kueri tidak valid: {}", e.body_text())))),
        }
    }
}

/// A numeric id in the path.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Id(v)),
            Err(_) => Err(AppError::Domain(DomainError::NotFound("sumber daya"))),
        }
    }
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("API token (smp_…) from /api/v1/me/tokens")).build()));
        c.add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("simpul_session"))));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Simpul API", description = "API JSON Simpul — platform SPBE Pemda. Error responses carry a stable `error.code`."),
    modifiers(&Security),
    security(("session" = []), ("bearer" = [])),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

pub fn router() -> OpenApiRouter<AppState> {
    let r = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(portal))
        .routes(routes!(regulations))
        .routes(routes!(regulation))
        .routes(routes!(roles))
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(get_profile, put_profile))
        .routes(routes!(dashboard))
        .routes(routes!(list_agencies, create_agency))
        .routes(routes!(get_agency, update_agency))
        .routes(routes!(deactivate_agency))
        .routes(routes!(activate_agency))
        .routes(routes!(list_units, create_unit))
        .routes(routes!(update_unit))
        .routes(routes!(list_people, create_person))
        .routes(routes!(get_person, update_person))
        .routes(routes!(deactivate_person))
        .routes(routes!(activate_person))
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(get_account))
        .routes(routes!(set_roles))
        .routes(routes!(reset_password))
        .routes(routes!(deactivate_account))
        .routes(routes!(activate_account))
        .routes(routes!(list_applications, create_application))
        .routes(routes!(export_applications_csv))
        .routes(routes!(export_applications_json))
        .routes(routes!(get_application, update_application))
        .routes(routes!(app_functions))
        .routes(routes!(app_data_kinds))
        .routes(routes!(gsb_usage))
        .routes(routes!(list_app_relations, add_app_relation))
        .routes(routes!(remove_app_relation))
        .routes(routes!(list_findings))
        .routes(routes!(list_checks))
        .routes(routes!(list_audit))
        .routes(routes!(verify_audit))
        .merge(assets::routes(OpenApiRouter::new()))
        .merge(OpenApiRouter::new().routes(routes!(list_app_files, upload_app_file)).layer(axum::extract::DefaultBodyLimit::max(crate::attachments::MAX_UPLOAD_BODY)));
    let r = gsb_records::routes(gsb::routes(r));
    let r = sharing::routes(r);
    let r = datasets::routes(networks::routes(datacentre::routes(r)));
    // Open-data portal: publication workflow and the public API.
    public_data::routes(publication::routes(r))
}

// ---- Public ------------------------------------------------------------

/// Public portal summary.
#[utoipa::path(get, path = "/api/v1/portal", tag = "publik", security(()), responses((status = 200, body = Portal)))]
async fn portal(State(s): State<AppState>) -> ApiResult<Json<Portal>> {
    let profile = s.store.profile().await?;
    let counts = s.store.counts().await?;
    Ok(Json(Portal { regulation_title: profile.as_ref().map(|p| p.regulation.profile().title.to_string()), pemda: profile.map(Profile::from), agencies_active: counts.agencies_active }))
}

/// The regulation profiles Simpul knows.
#[utoipa::path(get, path = "/api/v1/regulations", tag = "publik", security(()), responses((status = 200, body = Vec<Object>)))]
async fn regulations() -> Json<Vec<&'static simpul_domain::profiles::Profile>> {
    Json(Regulation::ALL.iter().map(|r| r.profile()).collect())
}

/// One regulation profile: labels, cycles, checklists and article citations.
#[utoipa::path(get, path = "/api/v1/regulations/{code}", tag = "publik", security(()), params(("code" = String, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
async fn regulation(axum::extract::Path(code): axum::extract::Path<String>) -> ApiResult<Json<&'static simpul_domain::profiles::Profile>> {
    Regulation::from_code(&code).map(|r| Json(r.profile())).ok_or(AppError::Domain(DomainError::NotFound("peraturan")))
}

/// The roles the regulations name.
#[utoipa::path(get, path = "/api/v1/roles", tag = "akun", params(PageQuery), responses((status = 200, body = Page<RoleInfo>), (status = 401, body = ErrorBody)))]
async fn roles(ctx: Ctx, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<RoleInfo>>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(page_of(Role::ALL.to_vec(), &q, |r| RoleInfo { code: r.code().into(), label: r.label().into(), agency_scoped: r.agency_scoped() })))
}

// ---- Session and own account ------------------------------------------------

/// Sign in with username and password; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "sesi", security(()), request_body = SignInIn,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 423, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn sign_in(State(s): State<AppState>, ctx: Ctx, headers: axum::http::HeaderMap, Body(b): Body<SignInIn>) -> ApiResult<Response> {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let signed = actions::sign_in(&s, &ctx, &b.username, &b.password, ua).await?;
    let (_, csrf) = s.store.session_principal(&simpul_domain::auth::secret_digest(&signed.cookie)).await?.ok_or(AppError::Unauthenticated)?;
    let me = me_of(&signed.principal, Some(csrf));
    Ok(([(header::SET_COOKIE, session_cookie(&signed.cookie, s.config.secure_cookies, simpul_store::accounts::SESSION_MAX_MILLIS / 1000))], Json(me)).into_response())
}

/// Sign out: ends the session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "sesi", responses((status = 204), (status = 401, body = ErrorBody)))]
async fn sign_out(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Response> {
    ctx.user()?;
    actions::sign_out(&s, &ctx).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session_cookie("", s.config.secure_cookies, 0))]).into_response())
}

fn me_of(p: &simpul_domain::roles::Principal, csrf: Option<String>) -> Me {
    Me {
        account_id: p.account_id,
        username: p.username.clone(),
        display_name: p.display_name.clone(),
        agency_id: p.agency_id,
        grants: p.grants.iter().cloned().map(Grant::from).collect(),
        must_change_password: p.must_change_password,
        csrf_token: csrf,
    }
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "akun", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(ctx: Ctx) -> ApiResult<Json<Me>> {
    let p = ctx.user()?;
    Ok(Json(me_of(p, (!ctx.csrf.is_empty()).then(|| ctx.csrf.clone()))))
}

/// Change one's own password (ends all sessions of the account).
#[utoipa::path(post, path = "/api/v1/me/password", tag = "akun", request_body = PasswordChangeIn, responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_password(State(s): State<AppState>, ctx: Ctx, Body(b): Body<PasswordChangeIn>) -> ApiResult<StatusCode> {
    actions::change_password(&s, &ctx, &b.current_password, &b.new_password, &b.confirm_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One's own API tokens, newest first.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "akun", params(PageQuery), responses((status = 200, body = Page<Token>), (status = 401, body = ErrorBody)))]
async fn list_tokens(State(s): State<AppState>, ctx: Ctx, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<Token>>> {
    let p = ctx.user()?;
    Ok(Json(page_of(s.store.tokens(p.account_id).await?, &q, Token::from)))
}

/// Pages a short list held in memory (tokens of one account, units of one agency, roles).
fn page_of<S, T: utoipa::ToSchema>(all: Vec<S>, q: &PageQuery, f: impl Fn(S) -> T) -> Page<T> {
    let req = q.req();
    let total = all.len() as i64;
    let items = all.into_iter().skip(req.offset() as usize).take(req.limit() as usize).map(f).collect();
    Page { items, total, page: req.page, per_page: req.per_page }
}

/// Create an API token; the secret is returned once and stored only as a hash.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "akun", request_body = TokenIn, responses((status = 201, body = NewToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_token(State(s): State<AppState>, ctx: Ctx, Body(b): Body<TokenIn>) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let (token, info) = actions::create_token(&s, &ctx, &b.name, &b.scope, b.expires_days).await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, info: info.into() })))
}

/// Revoke one of one's own API tokens.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "akun", params(("id" = i64, Path)), responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_token(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<StatusCode> {
    actions::revoke_token(&s, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- Pemda profile and dashboard -------------------------------------------

/// The Pemda profile.
#[utoipa::path(get, path = "/api/v1/profile", tag = "pemda", responses((status = 200, body = Profile), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_profile(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Profile>> {
    ctx.require(Action::ViewDirectory)?;
    s.store.profile().await?.map(|p| Json(p.into())).ok_or(AppError::Domain(DomainError::NotFound("profil pemda")))
}

/// Set the Pemda profile (Administrator Diskominfo).
#[utoipa::path(put, path = "/api/v1/profile", tag = "pemda", request_body = Profile, responses((status = 200, body = Profile), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_profile(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<Profile>) -> ApiResult<Json<Profile>> {
    let input = b.map(|b| ProfileInput { name: b.name, level: b.level, region_code: b.region_code, domain: b.domain, timezone: b.timezone, regulation: b.regulation });
    Ok(Json(actions::set_profile(&s, &ctx, input).await?.into()))
}

/// Counts for the dashboard.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "pemda", responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody)))]
async fn dashboard(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Dashboard>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(crate::dashboard_data(&s, &ctx).await?))
}

// ---- Agencies and units ----------------------------------------------------

/// List agencies (Perangkat Daerah).
#[utoipa::path(get, path = "/api/v1/agencies", tag = "perangkat-daerah", params(AgencyQuery), responses((status = 200, body = Page<Agency>), (status = 401, body = ErrorBody)))]
async fn list_agencies(State(s): State<AppState>, ctx: Ctx, Q(q): Q<AgencyQuery>) -> ApiResult<Json<Page<Agency>>> {
    ctx.require(Action::ViewDirectory)?;
    let f = AgencyFilter { q: q.q, kind: q.kind, active: q.active };
    let page = s.store.agencies(&f, simpul_store::PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(Page::from_store(page, Agency::from)))
}

/// Register an agency (Administrator Diskominfo).
#[utoipa::path(post, path = "/api/v1/agencies", tag = "perangkat-daerah", request_body = AgencyIn,
    responses((status = 201, body = Agency), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_agency(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<AgencyIn>) -> ApiResult<(StatusCode, Json<Agency>)> {
    let a = actions::create_agency(&s, &ctx, b).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// One agency.
#[utoipa::path(get, path = "/api/v1/agencies/{id}", tag = "perangkat-daerah", params(("id" = i64, Path)), responses((status = 200, body = Agency), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_agency(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Agency>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.agency(id).await?.into()))
}

/// Update an agency (Diskominfo; the agency's head or operator for its own contact details).
#[utoipa::path(put, path = "/api/v1/agencies/{id}", tag = "perangkat-daerah", params(("id" = i64, Path)), request_body = AgencyIn,
    responses((status = 200, body = Agency), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_agency(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<AgencyIn>) -> ApiResult<Json<Agency>> {
    Ok(Json(actions::update_agency(&s, &ctx, id, b).await?.into()))
}

/// Deactivate an agency (never deleted: others refer to it).
#[utoipa::path(post, path = "/api/v1/agencies/{id}/deactivate", tag = "perangkat-daerah", params(("id" = i64, Path)), responses((status = 200, body = Agency), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn deactivate_agency(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Agency>> {
    Ok(Json(actions::set_agency_active(&s, &ctx, id, false).await?.into()))
}

/// Reactivate an agency.
#[utoipa::path(post, path = "/api/v1/agencies/{id}/activate", tag = "perangkat-daerah", params(("id" = i64, Path)), responses((status = 200, body = Agency), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate_agency(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Agency>> {
    Ok(Json(actions::set_agency_active(&s, &ctx, id, true).await?.into()))
}

/// Units (unit kerja) of an agency.
#[utoipa::path(get, path = "/api/v1/agencies/{id}/units", tag = "perangkat-daerah", params(("id" = i64, Path), PageQuery), responses((status = 200, body = Page<Unit>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_units(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<Unit>>> {
    ctx.require(Action::ViewDirectory)?;
    s.store.agency(id).await?;
    Ok(Json(page_of(s.store.units(id).await?, &q, Unit::from)))
}

/// Add a unit to an agency.
#[utoipa::path(post, path = "/api/v1/agencies/{id}/units", tag = "perangkat-daerah", params(("id" = i64, Path)), request_body = UnitIn,
    responses((status = 201, body = Unit), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_unit(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<UnitIn>) -> ApiResult<(StatusCode, Json<Unit>)> {
    let u = actions::create_unit(&s, &ctx, id, b.map(|b| UnitInput { code: b.code, name: b.name })).await?;
    Ok((StatusCode::CREATED, Json(u.into())))
}

/// Update or (de)activate a unit.
#[utoipa::path(put, path = "/api/v1/units/{id}", tag = "perangkat-daerah", params(("id" = i64, Path)), request_body = UnitIn,
    responses((status = 200, body = Unit), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_unit(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<UnitIn>) -> ApiResult<Json<Unit>> {
    Ok(Json(actions::update_unit(&s, &ctx, id, b.map(|b| (UnitInput { code: b.code, name: b.name }, b.active))).await?.into()))
}

// ---- People ------------------------------------------------------------------

/// List people (pegawai).
#[utoipa::path(get, path = "/api/v1/people", tag = "pegawai", params(PersonQuery), responses((status = 200, body = Page<Person>), (status = 401, body = ErrorBody)))]
async fn list_people(State(s): State<AppState>, ctx: Ctx, Q(q): Q<PersonQuery>) -> ApiResult<Json<Page<Person>>> {
    ctx.require(Action::ViewDirectory)?;
    let f = PersonFilter { q: q.q, agency_id: q.agency_id, active: q.active };
    Ok(Json(Page::from_store(s.store.people(&f, simpul_store::PageRequest::new(q.page, q.per_page)).await?, Person::from)))
}

/// Register a person (Diskominfo, or the agency's head or operator).
#[utoipa::path(post, path = "/api/v1/people", tag = "pegawai", request_body = PersonIn,
    responses((status = 201, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_person(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<PersonIn>) -> ApiResult<(StatusCode, Json<Person>)> {
    let p = actions::create_person(&s, &ctx, b).await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// One person.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "pegawai", params(("id" = i64, Path)), responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_person(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Person>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.person(id).await?.into()))
}

/// Update a person.
#[utoipa::path(put, path = "/api/v1/people/{id}", tag = "pegawai", params(("id" = i64, Path)), request_body = PersonIn,
    responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_person(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<PersonIn>) -> ApiResult<Json<Person>> {
    Ok(Json(actions::update_person(&s, &ctx, id, b).await?.into()))
}

/// Deactivate a person.
#[utoipa::path(post, path = "/api/v1/people/{id}/deactivate", tag = "pegawai", params(("id" = i64, Path)), responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn deactivate_person(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Person>> {
    Ok(Json(actions::set_person_active(&s, &ctx, id, false).await?.into()))
}

/// Reactivate a person.
#[utoipa::path(post, path = "/api/v1/people/{id}/activate", tag = "pegawai", params(("id" = i64, Path)), responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate_person(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Person>> {
    Ok(Json(actions::set_person_active(&s, &ctx, id, true).await?.into()))
}

// ---- Accounts ------------------------------------------------------------------

/// List accounts (Administrator Diskominfo).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "akun", params(AccountQuery), responses((status = 200, body = Page<Account>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_accounts(State(s): State<AppState>, ctx: Ctx, Q(q): Q<AccountQuery>) -> ApiResult<Json<Page<Account>>> {
    ctx.require(Action::ManageAccounts)?;
    let f = AccountFilter { q: q.q, role: q.role, agency_id: q.agency_id };
    Ok(Json(Page::from_store(s.store.accounts(&f, simpul_store::PageRequest::new(q.page, q.per_page)).await?, Account::from)))
}

fn grants_in(g: Vec<Grant>) -> Vec<GrantInput> {
    g.into_iter().map(|g| GrantInput { role: g.role, agency_id: g.agency_id }).collect()
}

/// Create an account with roles.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "akun", request_body = AccountIn,
    responses((status = 201, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_account(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<AccountIn>) -> ApiResult<(StatusCode, Json<Account>)> {
    let input = b.map(|b| AccountInput { username: b.username, person_id: b.person_id, password: b.password, grants: grants_in(b.grants) });
    let a = actions::create_account(&s, &ctx, input).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// One account.
#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "akun", params(("id" = i64, Path)), responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_account(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Account>> {
    ctx.require(Action::ManageAccounts)?;
    Ok(Json(s.store.account(id).await?.into()))
}

/// Replace an account's roles.
#[utoipa::path(put, path = "/api/v1/accounts/{id}/roles", tag = "akun", params(("id" = i64, Path)), request_body = GrantsIn,
    responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_roles(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<GrantsIn>) -> ApiResult<Json<Account>> {
    Ok(Json(actions::set_grants(&s, &ctx, id, b.map(|b| grants_in(b.grants))).await?.into()))
}

/// Reset an account's password to a temporary one, shown once.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/password-reset", tag = "akun", params(("id" = i64, Path)),
    responses((status = 200, body = TemporaryPassword), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reset_password(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<TemporaryPassword>> {
    Ok(Json(TemporaryPassword { temporary_password: actions::reset_password(&s, &ctx, id).await? }))
}

/// Deactivate an account (ends its sessions).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/deactivate", tag = "akun", params(("id" = i64, Path)), responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn deactivate_account(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Account>> {
    Ok(Json(actions::set_account_active(&s, &ctx, id, false).await?.into()))
}

/// Reactivate an account.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/activate", tag = "akun", params(("id" = i64, Path)), responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate_account(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Account>> {
    Ok(Json(actions::set_account_active(&s, &ctx, id, true).await?.into()))
}

// ---- Applications (Aplikasi SPBE) ----------------------------------------------

async fn checklist(s: &AppState) -> ApiResult<&'static [simpul_domain::profiles::DocItem]> {
    Ok(s.store.profile().await?.map(|p| p.regulation.profile().app_documentation_checklist).unwrap_or(&[]))
}

/// List applications.
#[utoipa::path(get, path = "/api/v1/applications", tag = "aplikasi", params(ApplicationQuery), responses((status = 200, body = Page<Application>), (status = 401, body = ErrorBody)))]
async fn list_applications(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ApplicationQuery>) -> ApiResult<Json<Page<Application>>> {
    ctx.require(Action::ViewDirectory)?;
    let list = checklist(&s).await?;
    let page = s.store.applications(&q.filter(), simpul_store::PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(Page::from_store(page, |a| Application::of(a, list))))
}

/// Register an application (Diskominfo; Kepala PD or Operator PD for their own agency).
#[utoipa::path(post, path = "/api/v1/applications", tag = "aplikasi", request_body = ApplicationIn,
    responses((status = 201, body = Application), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_application(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<ApplicationIn>) -> ApiResult<(StatusCode, Json<Application>)> {
    let a = actions::create_application(&s, &ctx, b).await?;
    Ok((StatusCode::CREATED, Json(Application::of(a, checklist(&s).await?))))
}

/// One application.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "aplikasi", params(("id" = i64, Path)), responses((status = 200, body = Application), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_application(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Application>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(Application::of(s.store.application(id).await?, checklist(&s).await?)))
}

/// Update an application. The audit date and result are kept unless the caller may record audits (Diskominfo).
#[utoipa::path(put, path = "/api/v1/applications/{id}", tag = "aplikasi", params(("id" = i64, Path)), request_body = ApplicationIn,
    responses((status = 200, body = Application), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_application(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<ApplicationIn>) -> ApiResult<Json<Application>> {
    let a = actions::update_application(&s, &ctx, id, b).await?;
    Ok(Json(Application::of(a, checklist(&s).await?)))
}

/// The columns of the CSV export, in order; multi-valued columns are joined with `;`.
pub const APPLICATION_CSV_COLUMNS: &[&str] = &[
    "id", "agency_id", "agency_name", "name", "short_name", "kind", "functions", "state", "planned_on", "development_started_on", "in_use_since", "retired_on", "platform", "url",
    "hosting", "repository", "license", "development_method", "last_audit_on", "audit_result", "documents", "documents_handed", "documents_required", "data_kinds",
];

pub fn applications_csv(apps: &[Application]) -> Result<String, AppError> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    csv_text(
        APPLICATION_CSV_COLUMNS,
        apps.iter().map(|a| {
            vec![
                a.id.to_string(),
                a.agency_id.to_string(),
                a.agency_name.clone(),
                a.name.clone(),
                o(&a.short_name),
                a.kind.clone(),
                a.functions.join(";"),
                a.state.clone(),
                o(&a.planned_on),
                o(&a.development_started_on),
                o(&a.in_use_since),
                o(&a.retired_on),
                a.platform.clone(),
                o(&a.url),
                o(&a.hosting),
                o(&a.repository),
                o(&a.license),
                o(&a.development_method),
                o(&a.last_audit_on),
                o(&a.audit_result),
                a.documents.join(";"),
                a.completeness.handed.to_string(),
                a.completeness.required.to_string(),
                a.data_kinds.join(";"),
            ]
        }),
    )
}

/// CSV text (UTF-8, comma-separated) with a header row.
pub(crate) fn csv_text(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(header).map_err(err)?;
    for r in rows {
        w.write_record(r).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

/// A CSV download.
pub(crate) fn csv_response(body: String, filename: &str) -> Response {
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\""))], body).into_response()
}

/// A JSON download.
pub(crate) fn json_download<T: serde::Serialize>(body: T, filename: &str) -> Response {
    ([(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\""))], Json(body)).into_response()
}

async fn all_applications(s: &AppState, q: &ApplicationQuery) -> ApiResult<Vec<Application>> {
    let list = checklist(s).await?;
    Ok(s.store.all_applications(&q.filter()).await?.into_iter().map(|a| Application::of(a, list)).collect())
}

/// Export the matching applications as CSV (UTF-8, comma-separated, header row).
#[utoipa::path(get, path = "/api/v1/applications/export.csv", tag = "aplikasi", params(ApplicationQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn export_applications_csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ApplicationQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    Ok(csv_response(applications_csv(&all_applications(&s, &q).await?)?, "aplikasi.csv"))
}

/// Export the matching applications as JSON (unpaged).
#[utoipa::path(get, path = "/api/v1/applications/export.json", tag = "aplikasi", params(ApplicationQuery), responses((status = 200, body = Vec<Application>), (status = 401, body = ErrorBody)))]
async fn export_applications_json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ApplicationQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    Ok(json_download(all_applications(&s, &q).await?, "aplikasi.json"))
}

/// Usage of the service bus, from its signed message log: per service requests, errors, latency percentiles and availability against its target; requests per consuming agency and client.
#[utoipa::path(get, path = "/api/v1/gsb/usage", tag = "penghubung-layanan", responses((status = 200, body = crate::gsb_usage::UsageReport), (status = 401, body = ErrorBody)))]
async fn gsb_usage(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<crate::gsb_usage::UsageReport>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(crate::gsb_usage::usage(&s).await?))
}

/// The kinds of data an application can hold.
#[utoipa::path(get, path = "/api/v1/reference/app-data-kinds", tag = "aplikasi", responses((status = 200, body = Vec<AppFunction>), (status = 401, body = ErrorBody)))]
async fn app_data_kinds(ctx: Ctx) -> ApiResult<Json<&'static [AppFunction]>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(simpul_domain::apps::APP_DATA_KINDS))
}

/// An application's relations: those it records ("uses", "exchanges data with") and those others record towards it.
#[utoipa::path(get, path = "/api/v1/applications/{id}/relations", tag = "aplikasi", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = Page<AppRelation>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_app_relations(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<AppRelation>>> {
    ctx.require(Action::ViewDirectory)?;
    s.store.application(id).await?;
    Ok(Json(page_of(s.store.app_relations(id).await?, &q, AppRelation::from)))
}

/// Record that the application uses, or exchanges data with, another application (its agency's editors; Diskominfo).
#[utoipa::path(post, path = "/api/v1/applications/{id}/relations", tag = "aplikasi", params(("id" = i64, Path)), request_body = simpul_domain::apps::RelationInput,
    responses((status = 201, body = AppRelation), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_app_relation(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<simpul_domain::apps::RelationInput>) -> ApiResult<(StatusCode, Json<AppRelation>)> {
    Ok((StatusCode::CREATED, Json(actions::add_app_relation(&s, &ctx, id, b).await?.into())))
}

/// Remove a relation the application recorded.
#[utoipa::path(delete, path = "/api/v1/applications/{id}/relations/{relation_id}", tag = "aplikasi", params(("id" = i64, Path), ("relation_id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_app_relation(State(s): State<AppState>, ctx: Ctx, axum::extract::Path((id, relation_id)): axum::extract::Path<(i64, i64)>) -> ApiResult<StatusCode> {
    actions::remove_app_relation(&s, &ctx, id, relation_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A file of an application's documentation, kept in the Repositori with its SHA-256.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AppFile {
    pub id: i64,
    pub application_id: i64,
    /// The checklist item the file hands over, if any.
    pub document_code: Option<String>,
    pub title: String,
    pub created_at: i64,
    pub file: networks::Attachment,
}

impl From<simpul_store::apps::AppFile> for AppFile {
    fn from(f: simpul_store::apps::AppFile) -> Self {
        AppFile { id: f.id, application_id: f.application_id, document_code: f.document_code, title: f.title, created_at: f.created_at, file: f.file.into() }
    }
}

/// The multipart form of an application document upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AppFileUpload {
    /// PDF, PNG, JPEG or SVG (without scripts), at most 10 MB; the type is recognised by content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// An item of the active regulation's documentation checklist; empty for another document.
    document_code: Option<String>,
    /// Default: the file name.
    title: Option<String>,
}

/// An application's documentation files (download each from `file.url`).
#[utoipa::path(get, path = "/api/v1/applications/{id}/files", tag = "aplikasi", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = Page<AppFile>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_app_files(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<AppFile>>> {
    ctx.require(Action::ViewDirectory)?;
    s.store.application(id).await?;
    Ok(Json(page_of(s.store.application_files(id).await?, &q, AppFile::from)))
}

/// Upload a documentation file (multipart: `file`, `document_code`, `title`); a file for a checklist item records it as handed over.
#[utoipa::path(post, path = "/api/v1/applications/{id}/files", tag = "aplikasi", params(("id" = i64, Path)),
    request_body(content = AppFileUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = AppFile), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_app_file(State(s): State<AppState>, ctx: Ctx, Id(id): Id, body: crate::attachments::MultipartBody) -> ApiResult<(StatusCode, Json<AppFile>)> {
    let f = actions::add_application_file(&s, &ctx, id, body.read("file")).await?;
    Ok((StatusCode::CREATED, Json(f.into())))
}

/// The SPBE functions an application can serve.
#[utoipa::path(get, path = "/api/v1/reference/app-functions", tag = "aplikasi", responses((status = 200, body = Vec<AppFunction>), (status = 401, body = ErrorBody)))]
async fn app_functions(ctx: Ctx) -> ApiResult<Json<&'static [AppFunction]>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(simpul_domain::apps::APP_FUNCTIONS))
}

// ---- Findings (Temuan) ------------------------------------------------------------

pub(crate) async fn agency_names(s: &AppState) -> ApiResult<std::collections::HashMap<i64, String>> {
    let all = s.store.agencies(&AgencyFilter::default(), simpul_store::PageRequest { page: 1, per_page: 100_000 }).await?;
    Ok(all.items.into_iter().map(|a| (a.id, a.name)).collect())
}

/// Current findings under the active regulation, computed from the current data; most severe first.
#[utoipa::path(get, path = "/api/v1/findings", tag = "temuan", params(FindingQuery), responses((status = 200, body = Page<Finding>), (status = 401, body = ErrorBody)))]
async fn list_findings(State(s): State<AppState>, ctx: Ctx, Q(q): Q<FindingQuery>) -> ApiResult<Json<Page<Finding>>> {
    ctx.require(Action::ViewFindings)?;
    let names = agency_names(&s).await?;
    let check = q.check.as_deref().filter(|c| !c.is_empty());
    let found: Vec<_> = crate::findings_visible_to(&s, &ctx).await?.findings.into_iter().filter(|f| q.agency_id.is_none_or(|a| f.agency_id == a) && check.is_none_or(|c| f.check == c)).collect();
    let pq = PageQuery { page: q.page, per_page: q.per_page };
    Ok(Json(page_of(found, &pq, |f| {
        let name = names.get(&f.agency_id).cloned().unwrap_or_default();
        Finding::of(f, name)
    })))
}

/// The checks, and whether each runs under the active regulation (with its article).
#[utoipa::path(get, path = "/api/v1/findings/checks", tag = "temuan", responses((status = 200, body = Vec<CheckInfo>), (status = 401, body = ErrorBody)))]
async fn list_checks(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<CheckInfo>>> {
    ctx.require(Action::ViewFindings)?;
    let Some(p) = s.store.profile().await? else { return Ok(Json(Vec::new())) };
    Ok(Json(
        simpul_domain::findings::check_statuses(p.regulation.profile())
            .into_iter()
            .map(|c| CheckInfo { code: c.code.into(), title: c.title.into(), article: c.article.map(str::to_string), applies: c.applies })
            .collect(),
    ))
}

// ---- Audit ------------------------------------------------------------------------

pub(crate) async fn audit_filter(s: &AppState, q: &AuditQuery) -> ApiResult<AuditFilter> {
    let tz = s.store.profile().await?.map(|p| p.timezone).unwrap_or(simpul_domain::pemda::TimeZone::Wib);
    let day = |field: &str, v: &Option<String>, add: i64| -> ApiResult<Option<i64>> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => crate::local_day_start(v, tz).map(|ms| Some(ms + add)).ok_or_else(|| DomainError::field(field, "invalid_format", "Tanggal harus berformat TTTT-BB-HH.").into()),
        }
    };
    Ok(AuditFilter {
        agency_id: q.agency_id,
        actor_account_id: q.actor_account_id,
        entity: q.entity.clone(),
        entity_id: q.entity_id.clone(),
        from: day("from", &q.from, 0)?,
        until: day("until", &q.until, 86_400_000)?,
        q: q.q.clone(),
    })
}

/// Browse the audit trail, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses((status = 200, body = Page<AuditEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_audit(State(s): State<AppState>, ctx: Ctx, Q(q): Q<AuditQuery>) -> ApiResult<Json<Page<AuditEntry>>> {
    ctx.require(Action::ViewAudit)?;
    let f = audit_filter(&s, &q).await?;
    Ok(Json(Page::from_store(s.store.audit_list(&f, simpul_store::PageRequest::new(q.page, q.per_page)).await?, AuditEntry::from)))
}

/// Verify the whole audit hash chain.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", responses((status = 200, body = VerifyResult), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn verify_audit(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<VerifyResult>> {
    ctx.require(Action::ViewAudit)?;
    let r = s.store.audit_verify().await?;
    Ok(Json(VerifyResult { ok: r.broken.is_none(), entries: r.entries, first_bad_seq: r.broken.as_ref().map(|b| b.seq), reason: r.broken.map(|b| b.reason) }))
}
