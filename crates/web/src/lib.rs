//! Simpul's HTTP face: the server-rendered UI (Bahasa Indonesia), the JSON
//! API under `/api/v1` with its generated OpenAPI document, and operations
//! endpoints (`/healthz`, `/metrics`).

pub mod actions;
pub mod api;
pub mod attachments;
pub mod ckan;
pub mod ctx;
pub mod data_reads;
pub mod error;
pub mod gsb_usage;
pub mod metrics;
pub mod open_data;
pub mod svg;
pub mod xlsx;
pub mod ui;

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{middleware, Json, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use simpul_domain::org::AgencyKind;
use simpul_domain::pemda::TimeZone;
use simpul_domain::roles::Role;
use simpul_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;

/// Web settings from the config file or environment.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` from a reverse proxy.
    pub trust_proxy: bool,
    /// Sign-in attempts per minute per client address.
    pub login_attempts_per_minute: u32,
    /// The installation's public address (`https://spbe.example.go.id`), for
    /// links that leave the browser, such as the QR codes on asset labels.
    /// Unset: taken from the request's `Host`.
    pub public_url: Option<String>,
    /// The service bus message log (`<data-dir>/gsb-log`), read for the usage report.
    pub gsb_log_dir: Option<std::path::PathBuf>,
    /// Largest dataset file accepted for upload (Pusat Data).
    pub max_dataset_upload_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { secure_cookies: false, trust_proxy: false, login_attempts_per_minute: 10, public_url: None, gsb_log_dir: None, max_dataset_upload_bytes: simpul_domain::datasets::DEFAULT_MAX_UPLOAD_BYTES }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub login_limiter: Arc<DefaultKeyedRateLimiter<String>>,
    pub metrics: Arc<metrics::Metrics>,
    /// Operations anonymous callers may reach, from the OpenAPI document.
    pub public_api: Arc<ctx::PublicApi>,
    /// More Prometheus text appended to `/metrics` (the service bus gateway's).
    pub extra_metrics: Option<Arc<dyn Fn() -> String + Send + Sync>>,
    /// The service bus usage read so far from the message log (incremental).
    pub gsb_usage: Arc<gsb_usage::UsageTally>,
    /// One-time tokens of the service bus "new key" form (`ui::gsb::KeyForms`).
    pub(crate) gsb_key_forms: Arc<ui::gsb::KeyForms>,
    openapi: Arc<String>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let per_minute = NonZeroU32::new(config.login_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let (_, doc) = api::router().split_for_parts();
        AppState {
            store,
            login_limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::default()),
            public_api: Arc::new(ctx::PublicApi::from_doc(&doc)),
            extra_metrics: None,
            gsb_usage: Arc::default(),
            gsb_key_forms: Arc::default(),
            openapi: Arc::new(doc.to_pretty_json().unwrap_or_default()),
        }
    }
}

impl AppState {
    /// Appends `render()` to every `/metrics` answer.
    pub fn with_extra_metrics(mut self, render: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.extra_metrics = Some(Arc::new(render));
        self
    }
}

/// The OpenAPI document, generated from the registered routes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

pub fn router(state: AppState) -> Router {
    let (api_routes, _) = api::router().split_for_parts();
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    Router::new()
        .merge(ui::router())
        .merge(ckan::routes())
        .merge(api_routes)
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .fallback(not_found)
        // Runs after authenticate: grant-scoped tokens and the grantees' read log.
        .layer(middleware::from_fn_with_state(state.clone(), data_reads::grant_reads))
        .layer(middleware::from_fn_with_state(state.clone(), ctx::authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp)))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn openapi_json(State(s): State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], s.openapi.as_str().to_owned())
}

async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    match s.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({"status": "ok", "database": s.store.backend().name()}))),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "error", "error": e.to_string()}))),
    }
}

async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    let e = AppError::Domain(simpul_domain::DomainError::NotFound("halaman"));
    if uri.path().starts_with("/api/") { e.into_response() } else { ui::error_page(e) }
}

/// The address of a page of this installation, as the browser reached it (QR codes, CKAN links).
pub(crate) fn absolute(s: &AppState, headers: &HeaderMap, path: &str) -> String {
    if let Some(base) = &s.config.public_url {
        return format!("{}{path}", base.trim_end_matches('/'));
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let forwarded = if s.config.trust_proxy { headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) } else { None };
    let scheme = forwarded.unwrap_or(if s.config.secure_cookies { "https" } else { "http" });
    format!("{scheme}://{host}{path}")
}

/// Start of a local calendar day in milliseconds since the epoch.
pub fn local_day_start(date: &str, tz: TimeZone) -> Option<i64> {
    let d = simpul_domain::validate::parse_date(date)?;
    let utc_midnight = d.midnight().assume_utc().unix_timestamp() * 1000;
    Some(utc_midnight - i64::from(tz.utc_offset_hours()) * 3_600_000)
}

/// Today's date in the Pemda's time zone.
pub fn local_today(tz: TimeZone) -> time::Date {
    let offset = time::UtcOffset::from_hms(tz.utc_offset_hours(), 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::now_utc().to_offset(offset).date()
}

/// The findings over the current data: the store loads a snapshot, the
/// domain runs the checks of the active regulation profile. Computed on
/// every read, so always current. Without a Pemda profile there is no
/// regulation to check against and nothing is found.
pub async fn evaluate_findings(s: &AppState) -> Result<simpul_domain::findings::Evaluation, AppError> {
    let Some(pemda) = s.store.profile().await? else { return Ok(Default::default()) };
    let mut snap = s.store.findings_snapshot().await?;
    snap.asset_inventories = s.store.asset_inventory_facts(pemda.timezone).await?;
    let ctx = simpul_domain::findings::Context { profile: pemda.regulation.profile(), official_domain: &pemda.domain, today: local_today(pemda.timezone) };
    Ok(simpul_domain::findings::evaluate(&snap, &ctx))
}

/// The findings a caller may see: those on datasets whose classification
/// does not let them read the dataset are left out (its title would leak).
pub async fn findings_visible_to(s: &AppState, ctx: &ctx::Ctx) -> Result<simpul_domain::findings::Evaluation, AppError> {
    let mut e = evaluate_findings(s).await?;
    let p = ctx.user()?;
    if e.findings.iter().any(|f| f.entity == "dataset") && !simpul_domain::datasets::reads_everything(p) {
        let vis = simpul_domain::datasets::Visibility::of(p);
        let readable: std::collections::HashSet<i64> = s.store.all_datasets(&Default::default(), &vis).await?.iter().map(|d| d.id).collect();
        e.findings.retain(|f| f.entity != "dataset" || readable.contains(&f.entity_id));
    }
    Ok(e)
}

pub(crate) async fn dashboard_data(s: &AppState, ctx: &ctx::Ctx) -> Result<api::types::Dashboard, AppError> {
    let c = s.store.counts().await?;
    let findings = findings_visible_to(s, ctx).await?.findings.len() as i64;
    let by_kind = s.store.agencies_by_kind().await?;
    let by_role = s.store.accounts_by_role().await?;
    let by_state = s.store.assets_by_state().await?;
    let assets_by_state: Vec<api::types::LabelCount> = simpul_domain::assets::AssetState::ALL
        .iter()
        .map(|st| api::types::LabelCount { code: st.code().into(), label: st.label().into(), count: by_state.iter().find(|(c, _)| c == st.code()).map_or(0, |(_, n)| *n) })
        .collect();
    Ok(api::types::Dashboard {
        agencies_active: c.agencies_active,
        agencies_inactive: c.agencies_inactive,
        mandiri_tik: c.mandiri_tik,
        units: c.units,
        people: c.people,
        accounts: c.accounts,
        audit_entries: c.audit_entries,
        findings,
        agencies_by_kind: by_kind
            .into_iter()
            .map(|(code, count)| api::types::LabelCount { label: AgencyKind::from_code(&code).map(|k| k.label().to_string()).unwrap_or_else(|| code.clone()), code, count })
            .collect(),
        accounts_by_role: by_role
            .into_iter()
            .map(|(code, count)| api::types::LabelCount { label: Role::from_code(&code).map(|r| r.label().to_string()).unwrap_or_else(|| code.clone()), code, count })
            .collect(),
        assets: assets_by_state.iter().map(|c| c.count).sum(),
        assets_by_state,
    })
}
