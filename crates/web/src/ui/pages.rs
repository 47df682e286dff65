//! Page handlers. Each: extract, authorize, call an action or a store read, render.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use simpul_domain::org::{AccountInput, AgencyInput, AgencyKind, GrantInput, PersonInput, UnitInput};
use simpul_domain::pemda::{Level, ProfileInput, TimeZone};
use simpul_domain::profiles::Regulation;
use simpul_domain::roles::{Action, Role};
use simpul_domain::DomainError;
use simpul_store::accounts::AccountFilter;
use simpul_store::org::{AgencyFilter, PersonFilter};
use simpul_store::PageRequest;

use super::{flash_message, opt_id, render, ui_error, Errs, Layout, Pager};
use crate::actions;
use crate::ctx::{session_cookie, Ctx};
use crate::error::AppError;
use crate::AppState;

/// A UI error: renders as a page (or a redirect to sign in).
pub struct UiErr(AppError);

impl<E: Into<AppError>> From<E> for UiErr {
    fn from(e: E) -> Self {
        UiErr(e.into())
    }
}

impl IntoResponse for UiErr {
    fn into_response(self) -> Response {
        ui_error(self.0)
    }
}

pub(super) type Page = Result<Response, UiErr>;

pub(super) fn is_form_error(e: &AppError) -> bool {
    matches!(e, AppError::Domain(DomainError::Validation(_)) | AppError::Domain(DomainError::Conflict { field: Some(_), .. }))
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

pub(super) async fn agency_options(s: &AppState, active_only: bool) -> Result<Vec<(String, String)>, AppError> {
    let f = AgencyFilter { active: active_only.then_some(true), ..Default::default() };
    let page = s.store.agencies(&f, PageRequest { page: 1, per_page: 10_000 }).await?;
    Ok(page.items.into_iter().map(|a| (a.id.to_string(), a.name)).collect())
}

fn kind_options() -> Vec<(String, String)> {
    AgencyKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect()
}

fn kind_label(code: &str) -> String {
    AgencyKind::from_code(code).map(|k| k.label().to_string()).unwrap_or_else(|| code.to_string())
}

// ---- Portal and sign-in ---------------------------------------------------------

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    l: Layout,
    pemda: Option<String>,
    regulation: Option<String>,
    agencies: i64,
    agency_names: Vec<String>,
    /// Published open datasets only (`Visibility::Public`): the landing page is anonymous.
    open_datasets: i64,
}

pub async fn portal(State(s): State<AppState>, ctx: Ctx) -> Page {
    let profile = s.store.profile().await?;
    let page = s.store.agencies(&AgencyFilter { active: Some(true), ..Default::default() }, PageRequest { page: 1, per_page: 200 }).await?;
    let l = Layout::new(&s, &ctx, "Portal SPBE", "/").await;
    Ok(render(&PortalPage {
        l,
        pemda: profile.as_ref().map(|p| p.name.clone()),
        regulation: profile.map(|p| p.regulation.profile().title.to_string()),
        agencies: page.total,
        agency_names: page.items.into_iter().map(|a| a.name).collect(),
        open_datasets: s.store.datasets(&Default::default(), &simpul_domain::datasets::Visibility::Public, PageRequest { page: 1, per_page: 1 }).await?.total,
    }))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    error: Option<String>,
    username: String,
    next: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct LoginQ {
    #[serde(default)]
    next: String,
    #[serde(default)]
    ok: Option<String>,
}

pub async fn login_form(State(s): State<AppState>, ctx: Ctx, Query(q): Query<LoginQ>) -> Page {
    if ctx.principal.is_some() {
        return Ok(see_other("/dasbor"));
    }
    let l = Layout::new(&s, &ctx, "Masuk", "/masuk").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&LoginPage { l, error: None, username: String::new(), next: q.next, errs: Errs::default() }))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after sign-in (no open redirect).
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') { next } else { "/dasbor" }
}

pub async fn login(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, Form(f): Form<LoginForm>) -> Page {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    match actions::sign_in(&s, &ctx, &f.username, &f.password, ua).await {
        Ok(signed) => {
            let cookie = session_cookie(&signed.cookie, s.config.secure_cookies, simpul_store::accounts::SESSION_MAX_MILLIS / 1000);
            let to = if signed.principal.must_change_password { "/akun-saya?wajib=1" } else { safe_next(&f.next) };
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response())
        }
        Err(e @ (AppError::InvalidCredentials | AppError::Locked | AppError::RateLimited)) => {
            let status = e.status();
            let l = Layout::new(&s, &ctx, "Masuk", "/masuk").await;
            let mut res = render(&LoginPage { l, error: Some(e.message()), username: f.username, next: f.next, errs: Errs::default() });
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(State(s): State<AppState>, ctx: Ctx) -> Page {
    actions::sign_out(&s, &ctx).await?;
    Ok(([(header::SET_COOKIE, session_cookie("", s.config.secure_cookies, 0))], Redirect::to("/")).into_response())
}

// ---- Dashboard ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    l: Layout,
    d: crate::api::types::Dashboard,
    chart_kinds: String,
    chart_roles: String,
    chart_assets: String,
}

pub async fn dashboard(State(s): State<AppState>, ctx: Ctx) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let d = crate::dashboard_data(&s, &ctx).await?;
    let kinds: Vec<(String, i64)> = d.agencies_by_kind.iter().map(|c| (c.label.clone(), c.count)).collect();
    let roles: Vec<(String, i64)> = d.accounts_by_role.iter().map(|c| (c.label.clone(), c.count)).collect();
    let l = Layout::new(&s, &ctx, "Dasbor", "/dasbor").await;
    Ok(render(&DashboardPage {
        l,
        chart_kinds: crate::svg::bar_chart("agencies-by-kind", "Jumlah Perangkat Daerah aktif menurut jenis", &kinds),
        chart_roles: crate::svg::bar_chart("accounts-by-role", "Jumlah akun aktif menurut peran", &roles),
        chart_assets: crate::svg::bar_chart("assets-by-state", "Jumlah aset TIK menurut status", &d.assets_by_state.iter().map(|c| (c.label.clone(), c.count)).collect::<Vec<_>>()),
        d,
    }))
}

// ---- Agencies -------------------------------------------------------------------------

struct AgencyRow {
    id: i64,
    code: String,
    name: String,
    kind_label: String,
    head_name: Option<String>,
    mandiri_tik: bool,
    active: bool,
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct AgenciesPage {
    l: Layout,
    rows: Vec<AgencyRow>,
    q: String,
    kind: String,
    status: String,
    kinds: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    can_create: bool,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct ListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

pub(super) fn qs(pairs: &[(&str, &str)]) -> String {
    let mut s = String::from("?");
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        s.push_str(&format!("{k}={}&", serde_urlencoded::to_string([("", v)]).unwrap_or_default().trim_start_matches('=')));
    }
    s
}

pub async fn agencies(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let active = match q.status.as_str() {
        "aktif" => Some(true),
        "nonaktif" => Some(false),
        _ => None,
    };
    let f = AgencyFilter { q: Some(q.q.clone()), kind: Some(q.kind.clone()), active };
    let page = s.store.agencies(&f, PageRequest::new(q.page, Some(50))).await?;
    let l = Layout::new(&s, &ctx, "Perangkat Daerah", "/perangkat-daerah").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&AgenciesPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&[("q", &q.q), ("kind", &q.kind), ("status", &q.status)]),
        rows: page
            .items
            .into_iter()
            .map(|a| AgencyRow { kind_label: kind_label(&a.kind), id: a.id, code: a.code, name: a.name, head_name: a.head_name, mandiri_tik: a.mandiri_tik, active: a.active })
            .collect(),
        kinds: kind_options(),
        statuses: vec![("aktif".into(), "Aktif".into()), ("nonaktif".into(), "Nonaktif".into())],
        q: q.q,
        kind: q.kind,
        status: q.status,
        can_create: ctx.can(Action::ManageAgencies),
        errs: Errs::default(),
    }))
}

#[derive(Deserialize, Default, Clone)]
pub struct AgencyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    head_person_id: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    mandiri_tik: Option<String>,
    #[serde(default)]
    mandiri_tik_since: String,
}

impl AgencyForm {
    fn input(&self) -> AgencyInput {
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
        AgencyInput {
            code: self.code.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            kind: self.kind.clone(),
            parent_id: opt_id(&self.parent_id),
            head_person_id: opt_id(&self.head_person_id),
            address: opt(&self.address),
            phone: opt(&self.phone),
            email: opt(&self.email),
            website: opt(&self.website),
            mandiri_tik: self.mandiri_tik.is_some(),
            mandiri_tik_since: opt(&self.mandiri_tik_since),
        }
    }

    fn from_agency(a: &simpul_store::org::Agency) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        AgencyForm {
            code: a.code.clone(),
            name: a.name.clone(),
            short_name: s(&a.short_name),
            kind: a.kind.clone(),
            parent_id: a.parent_id.map(|v| v.to_string()).unwrap_or_default(),
            head_person_id: a.head_person_id.map(|v| v.to_string()).unwrap_or_default(),
            address: s(&a.address),
            phone: s(&a.phone),
            email: s(&a.email),
            website: s(&a.website),
            mandiri_tik: a.mandiri_tik.then(|| "1".to_string()),
            mandiri_tik_since: s(&a.mandiri_tik_since),
        }
    }
}

#[derive(Template)]
#[template(path = "agency_form.html")]
struct AgencyFormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    f: AgencyForm,
    errs: Errs,
    admin: bool,
    kinds: Vec<(String, String)>,
    parents: Vec<(String, String)>,
    heads: Vec<(String, String)>,
}

async fn agency_form_page(s: &AppState, ctx: &Ctx, id: Option<i64>, f: AgencyForm, errs: Errs) -> Result<Response, AppError> {
    let (heading, action, cancel) = match id {
        Some(id) => ("Ubah Perangkat Daerah".to_string(), format!("/perangkat-daerah/{id}/ubah"), format!("/perangkat-daerah/{id}")),
        None => ("Tambah Perangkat Daerah".to_string(), "/perangkat-daerah/baru".to_string(), "/perangkat-daerah".to_string()),
    };
    let heads = match id {
        Some(id) => s.store.people(&PersonFilter { agency_id: Some(id), active: Some(true), ..Default::default() }, PageRequest { page: 1, per_page: 10_000 }).await?.items.into_iter().map(|p| (p.id.to_string(), p.name)).collect(),
        None => Vec::new(),
    };
    let parents = agency_options(s, true).await?.into_iter().filter(|(v, _)| Some(v.clone()) != id.map(|i| i.to_string())).collect();
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &heading, "/perangkat-daerah").await;
    let mut res = render(&AgencyFormPage { l, heading, action, cancel, f, errs, admin: ctx.can(Action::ManageAgencies), kinds: kind_options(), parents, heads });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn agency_new(State(s): State<AppState>, ctx: Ctx) -> Page {
    ctx.require(Action::ManageAgencies)?;
    Ok(agency_form_page(&s, &ctx, None, AgencyForm { kind: "dinas".into(), ..Default::default() }, Errs::default()).await?)
}

pub async fn agency_create(State(s): State<AppState>, ctx: Ctx, Form(f): Form<AgencyForm>) -> Page {
    match actions::create_agency(&s, &ctx, f.input()).await {
        Ok(a) => Ok(see_other(&format!("/perangkat-daerah/{}?ok=dibuat", a.id))),
        Err(e) if is_form_error(&e) => Ok(agency_form_page(&s, &ctx, None, f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn agency_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    ctx.require(Action::EditAgency(id))?;
    let a = s.store.agency(id).await?;
    Ok(agency_form_page(&s, &ctx, Some(id), AgencyForm::from_agency(&a), Errs::default()).await?)
}

pub async fn agency_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<AgencyForm>) -> Page {
    match actions::update_agency(&s, &ctx, id, f.input()).await {
        Ok(a) => Ok(see_other(&format!("/perangkat-daerah/{}?ok=diubah", a.id))),
        Err(e) if is_form_error(&e) => Ok(agency_form_page(&s, &ctx, Some(id), f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    active: String,
}

pub async fn agency_status(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<StatusForm>) -> Page {
    actions::set_agency_active(&s, &ctx, id, f.active == "1").await?;
    Ok(see_other(&format!("/perangkat-daerah/{id}?ok=status")))
}

#[derive(Template)]
#[template(path = "agency.html")]
struct AgencyPage {
    l: Layout,
    a: simpul_store::org::Agency,
    kind_label: String,
    units: Vec<simpul_store::org::Unit>,
    people: Vec<simpul_store::org::Person>,
    /// Its VPS and own servers in the data centre, and its subdomains.
    vps: Vec<simpul_store::datacentre::Vps>,
    servers: Vec<simpul_store::datacentre::Server>,
    subdomains: Vec<simpul_store::domains::Subdomain>,
    can_edit: bool,
    can_manage: bool,
    can_audit: bool,
    can_subdomains: bool,
    unit_code: String,
    unit_name: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct OkQ {
    #[serde(default)]
    ok: Option<String>,
    #[serde(default)]
    agency_id: String,
}

async fn agency_page(s: &AppState, ctx: &Ctx, id: i64, flash: Option<&str>, unit: UnitInput, errs: Errs) -> Result<Response, AppError> {
    ctx.require(Action::ViewDirectory)?;
    let a = s.store.agency(id).await?;
    let units = s.store.units(id).await?;
    let people = s.store.people(&PersonFilter { agency_id: Some(id), ..Default::default() }, PageRequest { page: 1, per_page: 500 }).await?.items;
    let l = Layout::new(s, ctx, &a.name, "/perangkat-daerah").await.flash(flash);
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&AgencyPage {
        l,
        kind_label: kind_label(&a.kind),
        can_edit: ctx.can(Action::EditAgency(id)),
        can_manage: ctx.can(Action::ManageAgencies),
        can_audit: ctx.can(Action::ViewAudit),
        can_subdomains: ctx.can(Action::ManageSubdomains(id)),
        vps: s.store.all_vps(&simpul_store::datacentre::VpsFilter { agency_id: Some(id), ..Default::default() }).await?,
        servers: s.store.all_servers(&simpul_store::datacentre::ServerFilter { agency_id: Some(id), ..Default::default() }).await?,
        subdomains: s.store.all_subdomains(&simpul_store::domains::SubdomainFilter { agency_id: Some(id), ..Default::default() }).await?,
        a,
        units,
        people,
        unit_code: unit.code,
        unit_name: unit.name,
        errs,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn agency_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    Ok(agency_page(&s, &ctx, id, flash_message(q.ok.as_deref()), UnitInput::default(), Errs::default()).await?)
}

#[derive(Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

pub async fn unit_create(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<UnitForm>) -> Page {
    let input = UnitInput { code: f.code, name: f.name };
    match actions::create_unit(&s, &ctx, id, input.clone()).await {
        Ok(_) => Ok(see_other(&format!("/perangkat-daerah/{id}?ok=dibuat"))),
        Err(e) if is_form_error(&e) => Ok(agency_page(&s, &ctx, id, None, input, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct UnitEditForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    active: String,
}

pub async fn unit_update(State(s): State<AppState>, ctx: Ctx, Path((id, unit_id)): Path<(i64, i64)>, Form(f): Form<UnitEditForm>) -> Page {
    let unit = s.store.unit(unit_id).await?;
    if unit.agency_id != id {
        return Err(AppError::Domain(DomainError::NotFound("unit kerja")).into());
    }
    let input = UnitInput { code: f.code, name: f.name };
    match actions::update_unit(&s, &ctx, unit_id, (input, f.active == "1")).await {
        Ok(_) => Ok(see_other(&format!("/perangkat-daerah/{id}?ok=diubah"))),
        Err(e) if is_form_error(&e) => Ok(agency_page(&s, &ctx, id, None, UnitInput::default(), Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

// ---- People ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    l: Layout,
    rows: Vec<simpul_store::org::Person>,
    q: String,
    agency_id: String,
    agencies: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

pub async fn people(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let f = PersonFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), active: None };
    let page = s.store.people(&f, PageRequest::new(q.page, Some(50))).await?;
    let l = Layout::new(&s, &ctx, "Pegawai", "/pegawai").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&PeoplePage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&[("q", &q.q), ("agency_id", &q.agency_id)]),
        rows: page.items,
        agencies: agency_options(&s, false).await?,
        q: q.q,
        agency_id: q.agency_id,
        errs: Errs::default(),
    }))
}

#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    nip: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
        PersonInput {
            name: self.name.clone(),
            nip: opt(&self.nip),
            position: opt(&self.position),
            agency_id: opt_id(&self.agency_id).unwrap_or(0),
            unit_id: opt_id(&self.unit_id),
            email: opt(&self.email),
            phone: opt(&self.phone),
        }
    }
}

#[derive(Template)]
#[template(path = "person_form.html")]
struct PersonFormPage {
    l: Layout,
    heading: String,
    action: String,
    f: PersonForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    units: Vec<(String, String)>,
    person_id: Option<i64>,
    active: bool,
}

async fn person_form_page(s: &AppState, ctx: &Ctx, id: Option<i64>, active: bool, f: PersonForm, errs: Errs) -> Result<Response, AppError> {
    let p = ctx.user()?;
    // Offer only the agencies the user may edit.
    let agencies: Vec<(String, String)> = agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::EditAgency(a)))).collect();
    let units = match opt_id(&f.agency_id) {
        Some(a) => s.store.units(a).await?.into_iter().filter(|u| u.active).map(|u| (u.id.to_string(), u.name)).collect(),
        None => Vec::new(),
    };
    let (heading, action) = match id {
        Some(id) => ("Ubah Pegawai".to_string(), format!("/pegawai/{id}/ubah")),
        None => ("Tambah Pegawai".to_string(), "/pegawai/baru".to_string()),
    };
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &heading, "/pegawai").await;
    let mut res = render(&PersonFormPage { l, heading, action, f, errs, agencies, units, person_id: id, active });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn person_new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<OkQ>) -> Page {
    let p = ctx.user()?;
    let agency = opt_id(&q.agency_id).or(p.agency_id).map(|a| a.to_string()).unwrap_or_default();
    Ok(person_form_page(&s, &ctx, None, true, PersonForm { agency_id: agency, ..Default::default() }, Errs::default()).await?)
}

pub async fn person_create(State(s): State<AppState>, ctx: Ctx, Form(f): Form<PersonForm>) -> Page {
    match actions::create_person(&s, &ctx, f.input()).await {
        Ok(p) => Ok(see_other(&format!("/perangkat-daerah/{}?ok=dibuat", p.agency_id))),
        Err(e) if is_form_error(&e) => Ok(person_form_page(&s, &ctx, None, true, f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn person_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let p = s.store.person(id).await?;
    ctx.require(Action::EditAgency(p.agency_id))?;
    let f = PersonForm {
        name: p.name,
        nip: p.nip.unwrap_or_default(),
        position: p.position.unwrap_or_default(),
        agency_id: p.agency_id.to_string(),
        unit_id: p.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        email: p.email.unwrap_or_default(),
        phone: p.phone.unwrap_or_default(),
    };
    Ok(person_form_page(&s, &ctx, Some(id), p.active, f, Errs::default()).await?)
}

pub async fn person_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<PersonForm>) -> Page {
    match actions::update_person(&s, &ctx, id, f.input()).await {
        Ok(p) => Ok(see_other(&format!("/perangkat-daerah/{}?ok=diubah", p.agency_id))),
        Err(e) if is_form_error(&e) => Ok(person_form_page(&s, &ctx, Some(id), true, f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn person_status(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<StatusForm>) -> Page {
    let p = actions::set_person_active(&s, &ctx, id, f.active == "1").await?;
    Ok(see_other(&format!("/perangkat-daerah/{}?ok=status", p.agency_id)))
}

// ---- Accounts ---------------------------------------------------------------------------

struct AccountRow {
    id: i64,
    username: String,
    person_name: Option<String>,
    agency_name: Option<String>,
    roles: String,
    active: bool,
    locked: bool,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    l: Layout,
    rows: Vec<AccountRow>,
    q: String,
    role: String,
    roles: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

fn role_options() -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

fn roles_text(grants: &[simpul_domain::roles::Grant]) -> String {
    grants.iter().map(|g| g.role.label()).collect::<Vec<_>>().join(", ")
}

pub async fn accounts(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ManageAccounts)?;
    let f = AccountFilter { q: Some(q.q.clone()), role: Some(q.role.clone()), agency_id: opt_id(&q.agency_id) };
    let page = s.store.accounts(&f, PageRequest::new(q.page, Some(50))).await?;
    let now = simpul_domain::now_millis();
    let l = Layout::new(&s, &ctx, "Akun", "/akun").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&AccountsPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&[("q", &q.q), ("role", &q.role)]),
        rows: page
            .items
            .into_iter()
            .map(|a| AccountRow { roles: roles_text(&a.grants), locked: a.locked_until.is_some_and(|t| t > now), id: a.id, username: a.username, person_name: a.person_name, agency_name: a.agency_name, active: a.active })
            .collect(),
        roles: role_options(),
        q: q.q,
        role: q.role,
        errs: Errs::default(),
    }))
}

struct RoleRow {
    code: &'static str,
    label: &'static str,
    scoped: bool,
    checked: bool,
    agency: String,
}

#[derive(Template)]
#[template(path = "account_form.html")]
struct AccountFormPage {
    l: Layout,
    heading: String,
    action: String,
    creating: bool,
    username: String,
    person_id: String,
    people: Vec<(String, String)>,
    roles: Vec<RoleRow>,
    agencies: Vec<(String, String)>,
    errs: Errs,
    account_id: Option<i64>,
    active: bool,
    temp_password: Option<String>,
    facts: Vec<(&'static str, String)>,
}

fn role_rows(grants: &[GrantInput]) -> Vec<RoleRow> {
    Role::ALL
        .iter()
        .map(|r| {
            let g = grants.iter().find(|g| g.role == r.code());
            RoleRow { code: r.code(), label: r.label(), scoped: r.agency_scoped(), checked: g.is_some(), agency: g.and_then(|g| g.agency_id).map(|a| a.to_string()).unwrap_or_default() }
        })
        .collect()
}

/// Reads `role_<code>=1` and `agency_<code>=<id>` pairs from the roles form.
fn grants_from_form(pairs: &[(String, String)]) -> Vec<GrantInput> {
    let get = |k: String| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
    Role::ALL
        .iter()
        .filter(|r| get(format!("role_{}", r.code())).is_some())
        .map(|r| GrantInput { role: r.code().into(), agency_id: get(format!("agency_{}", r.code())).and_then(|v| opt_id(&v)) })
        .collect()
}

pub(super) fn field(pairs: &[(String, String)], k: &str) -> String {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
async fn account_form_page(s: &AppState, ctx: &Ctx, id: Option<i64>, username: String, person_id: String, grants: &[GrantInput], active: bool, errs: Errs, temp: Option<String>, flash: Option<&str>) -> Result<Response, AppError> {
    let people = s.store.people(&PersonFilter { active: Some(true), ..Default::default() }, PageRequest { page: 1, per_page: 10_000 }).await?.items.into_iter().filter(|p| p.username.is_none()).map(|p| (p.id.to_string(), format!("{} — {}", p.name, p.agency_name))).collect();
    let heading = match id {
        Some(_) => format!("Akun {username}"),
        None => "Buat Akun".to_string(),
    };
    let action = id.map(|i| format!("/akun/{i}")).unwrap_or_else(|| "/akun/baru".into());
    let mut facts = Vec::new();
    if let Some(id) = id {
        let a = s.store.account(id).await?;
        let tz = s.store.profile().await?.map(|p| p.timezone).unwrap_or(TimeZone::Wib);
        let now = simpul_domain::now_millis();
        facts.push(("Pegawai", a.person_name.unwrap_or_else(|| "—".into())));
        facts.push(("Perangkat Daerah", a.agency_name.unwrap_or_else(|| "—".into())));
        facts.push(("Status", if !a.active { "Nonaktif".into() } else if a.locked_until.is_some_and(|t| t > now) { "Terkunci sementara".into() } else { "Aktif".into() }));
        facts.push(("Wajib ganti kata sandi", if a.must_change_password { "Ya".into() } else { "Tidak".into() }));
        facts.push(("Terakhir masuk", a.last_login_at.map(|t| tz.format_millis(t)).unwrap_or_else(|| "belum pernah".into())));
    }
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &heading, "/akun").await.flash(flash);
    let mut res = render(&AccountFormPage {
        l,
        heading,
        action,
        creating: id.is_none(),
        username,
        person_id,
        people,
        roles: role_rows(grants),
        agencies: agency_options(s, true).await?,
        errs,
        account_id: id,
        active,
        temp_password: temp,
        facts,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn account_new(State(s): State<AppState>, ctx: Ctx) -> Page {
    ctx.require(Action::ManageAccounts)?;
    Ok(account_form_page(&s, &ctx, None, String::new(), String::new(), &[], true, Errs::default(), None, None).await?)
}

pub async fn account_create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let grants = grants_from_form(&pairs);
    let input = AccountInput { username: field(&pairs, "username"), person_id: opt_id(&field(&pairs, "person_id")), password: field(&pairs, "password"), grants: grants.clone() };
    match actions::create_account(&s, &ctx, input.clone()).await {
        Ok(a) => Ok(see_other(&format!("/akun/{}?ok=dibuat", a.id))),
        Err(e) if is_form_error(&e) => Ok(account_form_page(&s, &ctx, None, input.username, field(&pairs, "person_id"), &grants, true, Errs(e.fields()), None, None).await?),
        Err(e) => Err(e.into()),
    }
}

fn grant_inputs(a: &simpul_store::accounts::Account) -> Vec<GrantInput> {
    a.grants.iter().map(|g| GrantInput { role: g.role.code().into(), agency_id: g.agency_id }).collect()
}

pub async fn account_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ManageAccounts)?;
    let a = s.store.account(id).await?;
    Ok(account_form_page(&s, &ctx, Some(id), a.username.clone(), String::new(), &grant_inputs(&a), a.active, Errs::default(), None, flash_message(q.ok.as_deref())).await?)
}

pub async fn account_roles(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let grants = grants_from_form(&pairs);
    match actions::set_grants(&s, &ctx, id, grants.clone()).await {
        Ok(_) => Ok(see_other(&format!("/akun/{id}?ok=diubah"))),
        Err(e) if is_form_error(&e) => {
            let a = s.store.account(id).await?;
            Ok(account_form_page(&s, &ctx, Some(id), a.username, String::new(), &grants, a.active, Errs(e.fields()), None, None).await?)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn account_reset(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let temp = actions::reset_password(&s, &ctx, id).await?;
    let a = s.store.account(id).await?;
    Ok(account_form_page(&s, &ctx, Some(id), a.username.clone(), String::new(), &grant_inputs(&a), a.active, Errs::default(), Some(temp), None).await?)
}

pub async fn account_status(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<StatusForm>) -> Page {
    actions::set_account_active(&s, &ctx, id, f.active == "1").await?;
    Ok(see_other(&format!("/akun/{id}?ok=status")))
}

// ---- Own account ------------------------------------------------------------------------

struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    scope: String,
    created: String,
    expires: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "me.html")]
struct MePage {
    l: Layout,
    username: String,
    display_name: String,
    roles: String,
    must_change: bool,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    scopes: Vec<(String, String)>,
    errs: Errs,
}

async fn me_page(s: &AppState, ctx: &Ctx, flash: Option<&str>, new_token: Option<String>, errs: Errs) -> Result<Response, AppError> {
    let p = ctx.user()?;
    let tz = s.store.profile().await?.map(|p| p.timezone).unwrap_or(TimeZone::Wib);
    let tokens = s
        .store
        .tokens(p.account_id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            scope: t.scope,
            created: tz.format_millis(t.created_at),
            expires: t.expires_at.map(|e| tz.format_millis(e)).unwrap_or_else(|| "—".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, "Akun Saya", "/akun-saya").await.flash(flash);
    let mut res = render(&MePage {
        l,
        username: p.username.clone(),
        display_name: p.display_name.clone(),
        roles: roles_text(&p.grants),
        must_change: p.must_change_password,
        tokens,
        new_token,
        scopes: vec![("read".into(), "read — baca saja".into()), ("write".into(), "write — baca dan ubah".into())],
        errs,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn me(State(s): State<AppState>, ctx: Ctx, Query(q): Query<OkQ>) -> Page {
    Ok(me_page(&s, &ctx, flash_message(q.ok.as_deref()), None, Errs::default()).await?)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn me_password(State(s): State<AppState>, ctx: Ctx, Form(f): Form<PasswordForm>) -> Page {
    match actions::change_password(&s, &ctx, &f.current_password, &f.new_password, &f.confirm_password).await {
        Ok(()) => Ok(([(header::SET_COOKIE, session_cookie("", s.config.secure_cookies, 0))], Redirect::to("/masuk?ok=sandi")).into_response()),
        Err(e) if is_form_error(&e) => Ok(me_page(&s, &ctx, None, None, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    expires_days: String,
}

pub async fn me_token(State(s): State<AppState>, ctx: Ctx, Form(f): Form<TokenForm>) -> Page {
    let days = match f.expires_days.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(d) => Some(d),
            Err(_) => return Ok(me_page(&s, &ctx, None, None, Errs(DomainError::field("expires_days", "invalid_format", "Isi dengan jumlah hari (angka).").field_errors())).await?),
        },
    };
    match actions::create_token(&s, &ctx, &f.name, &f.scope, days).await {
        Ok((secret, _)) => Ok(me_page(&s, &ctx, Some("Token berhasil dibuat."), Some(secret), Errs::default()).await?),
        Err(e) if is_form_error(&e) => Ok(me_page(&s, &ctx, None, None, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn me_token_revoke(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    actions::revoke_token(&s, &ctx, id).await?;
    Ok(see_other("/akun-saya?ok=token-dicabut"))
}

// ---- Audit trail ---------------------------------------------------------------------------

struct AuditRow {
    entity_label: &'static str,
    href: Option<String>,
    action_label: &'static str,
    seq: i64,
    at: String,
    actor: String,
    ip: String,
    entity: String,
    entity_id: String,
    action: String,
    summary: String,
    before: String,
    after: String,
    hash: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<AuditRow>,
    agency_id: String,
    actor: String,
    entity: String,
    from: String,
    until: String,
    q: String,
    agencies: Vec<(String, String)>,
    actors: Vec<(String, String)>,
    entities: Vec<(String, String)>,
    verify: Option<(bool, String)>,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct AuditQ {
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    actor_account_id: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    verifikasi: Option<String>,
}

fn action_label(a: &str) -> &'static str {
    match a {
        "create" => "dibuat",
        "update" => "diubah",
        "activate" => "diaktifkan",
        "deactivate" => "dinonaktifkan",
        "sign_in" => "masuk",
        "sign_out" => "keluar",
        "sign_in_failed" => "gagal masuk",
        "locked" => "dikunci",
        "set_roles" => "peran diubah",
        "reset_password" => "sandi diatur ulang",
        "change_password" => "sandi diganti",
        "revoke" => "dicabut",
        _ => "lainnya",
    }
}

/// A one-line summary of what changed: the code or name where there is one.
fn summary(after: Option<&str>, before: Option<&str>) -> String {
    let v: Option<serde_json::Value> = after.or(before).and_then(|s| serde_json::from_str(s).ok());
    let Some(v) = v else { return "—".into() };
    let pick = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    match (pick("code"), pick("name").or(pick("username"))) {
        (Some(c), Some(n)) => format!("{c} — {n}"),
        (None, Some(n)) => n,
        (Some(c), None) => c,
        _ => "rincian".into(),
    }
}

pub async fn audit(State(s): State<AppState>, ctx: Ctx, Query(q): Query<AuditQ>) -> Page {
    ctx.require(Action::ViewAudit)?;
    let aq = crate::api::types::AuditQuery {
        agency_id: opt_id(&q.agency_id),
        actor_account_id: opt_id(&q.actor_account_id),
        entity: Some(q.entity.clone()),
        entity_id: None,
        from: Some(q.from.clone()),
        until: Some(q.until.clone()),
        q: Some(q.q.clone()),
        page: q.page,
        per_page: Some(50),
    };
    let (filter, errs) = match crate::api::audit_filter(&s, &aq).await {
        Ok(f) => (f, Errs::default()),
        Err(e) => (Default::default(), Errs(e.fields())),
    };
    let page = s.store.audit_list(&filter, PageRequest::new(q.page, Some(50))).await?;
    let tz = s.store.profile().await?.map(|p| p.timezone).unwrap_or(TimeZone::Wib);
    let verify = if q.verifikasi.is_some() {
        let r = s.store.audit_verify().await?;
        Some(match r.broken {
            None => (true, format!("Rantai utuh: {} entri terverifikasi.", r.entries)),
            Some(b) => (false, format!("RANTAI RUSAK pada entri #{}: {}", b.seq, b.reason)),
        })
    } else {
        None
    };
    let actors = s.store.accounts(&AccountFilter::default(), PageRequest { page: 1, per_page: 200 }).await?.items.into_iter().map(|a| (a.id.to_string(), a.username)).collect();
    let entities = super::ENTITY_KINDS.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let l = Layout::new(&s, &ctx, "Jejak Audit", "/jejak-audit").await;
    Ok(render(&AuditPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&[("agency_id", &q.agency_id), ("actor_account_id", &q.actor_account_id), ("entity", &q.entity), ("from", &q.from), ("until", &q.until), ("q", &q.q)]),
        rows: page
            .items
            .into_iter()
            .map(|e| AuditRow {
                entity_label: super::entity_label(&e.entity),
                href: e.entity_id.parse().ok().and_then(|id| super::entity_href(&e.entity, id)),
                action_label: action_label(&e.action),
                summary: summary(e.after.as_deref(), e.before.as_deref()),
                seq: e.seq,
                at: tz.format_millis(e.at),
                actor: e.actor,
                ip: e.ip.unwrap_or_default(),
                entity: e.entity,
                entity_id: e.entity_id,
                action: e.action,
                before: e.before.unwrap_or_else(|| "—".into()),
                after: e.after.unwrap_or_else(|| "—".into()),
                hash: e.hash,
            })
            .collect(),
        agencies: agency_options(&s, false).await?,
        actors,
        entities,
        verify,
        agency_id: q.agency_id,
        actor: q.actor_account_id,
        entity: q.entity,
        from: q.from,
        until: q.until,
        q: q.q,
        errs,
    }))
}

// ---- Pemda profile -----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    regulation: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    l: Layout,
    f: ProfileForm,
    errs: Errs,
    can_edit: bool,
    levels: Vec<(String, String)>,
    timezones: Vec<(String, String)>,
    regulations: Vec<(String, String)>,
    reg: Option<(String, String)>,
}

async fn profile_page(s: &AppState, ctx: &Ctx, f: ProfileForm, errs: Errs, flash: Option<&str>) -> Result<Response, AppError> {
    let reg = Regulation::from_code(&f.regulation).map(|r| {
        let p = r.profile();
        (p.short_title.to_string(), p.title.to_string())
    });
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, "Profil Pemda", "/profil-pemda").await.flash(flash);
    let mut res = render(&ProfilePage {
        l,
        f,
        errs,
        can_edit: ctx.can(Action::ManageProfile),
        levels: Level::ALL.iter().map(|l| (l.code().to_string(), l.label().to_string())).collect(),
        timezones: TimeZone::ALL.iter().map(|t| (t.code().to_string(), format!("{} (UTC+{})", t.code(), t.utc_offset_hours()))).collect(),
        regulations: Regulation::ALL.iter().map(|r| (r.code().to_string(), r.profile().short_title.to_string())).collect(),
        reg,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn profile(State(s): State<AppState>, ctx: Ctx, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let f = match s.store.profile().await? {
        Some(p) => ProfileForm { name: p.name, level: p.level.code().into(), region_code: p.region_code, domain: p.domain, timezone: p.timezone.code().into(), regulation: p.regulation.code().into() },
        None => ProfileForm::default(),
    };
    Ok(profile_page(&s, &ctx, f, Errs::default(), flash_message(q.ok.as_deref())).await?)
}

pub async fn profile_save(State(s): State<AppState>, ctx: Ctx, Form(f): Form<ProfileForm>) -> Page {
    let input = ProfileInput { name: f.name.clone(), level: f.level.clone(), region_code: f.region_code.clone(), domain: f.domain.clone(), timezone: f.timezone.clone(), regulation: f.regulation.clone() };
    match actions::set_profile(&s, &ctx, input).await {
        Ok(_) => Ok(see_other("/profil-pemda?ok=diubah")),
        Err(e) if is_form_error(&e) => Ok(profile_page(&s, &ctx, f, Errs(e.fields()), None).await?),
        Err(e) => Err(e.into()),
    }
}
