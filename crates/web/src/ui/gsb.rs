//! Pages of the Sistem Penghubung Layanan (service bus registry):
//! `/penghubung-layanan` (the service catalogue with each service's
//! operations), `/penghubung-layanan/klien` (consuming clients and their API
//! keys: a new key is shown once), `/penghubung-layanan/hak-akses` (requests,
//! the provider's approval queue, decisions and revocations). Forms are
//! field lists rendered by `dc_form.html`; every write goes through
//! `actions::gsb`, as the API's do.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::Form;
use serde::Deserialize;
use simpul_domain::gsb::{format_percent, ClientInput, ClientStatus, Confidentiality, GrantDecisionInput, GrantRequestInput, GrantStatus, Operation, ServiceInput, ServiceStatus};
use simpul_domain::roles::{Action, Principal};
use simpul_store::gsb::{Client, ClientFilter, Grant, GrantFilter, Key, Service, ServiceFilter};
use simpul_store::PageRequest;

use super::apps::label;
use super::datacentre::{choose, field, fill, form_page, lines, new_def, submit, yes_no, Field, FormDef};
use super::pages::{agency_options, is_form_error, qs, see_other, Page};
use super::{flash_message, opt_id, render, Errs, Layout, Pager};
use crate::actions::gsb as actions;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

const NAV: &str = "/penghubung-layanan";
const ALL: PageRequest = PageRequest { page: 1, per_page: 100_000 };

fn status_label(c: &str) -> String {
    label(c, |c| ServiceStatus::from_code(c).map(ServiceStatus::label))
}
fn client_status_label(c: &str) -> String {
    label(c, |c| ClientStatus::from_code(c).map(ClientStatus::label))
}
fn grant_status_label(c: &str) -> String {
    label(c, |c| GrantStatus::from_code(c).map(GrantStatus::label))
}
fn confidentiality_label(c: &str) -> String {
    label(c, |c| Confidentiality::from_code(c).map(Confidentiality::label))
}

#[derive(Deserialize, Default)]
pub struct ListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    service_id: String,
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

// ---- Services ---------------------------------------------------------------------------

pub struct ServiceRow {
    s: Service,
    status: String,
    operations: usize,
}

#[derive(Template)]
#[template(path = "gsb_services.html")]
struct ServicesPage {
    l: Layout,
    rows: Vec<ServiceRow>,
    q: String,
    agency_id: String,
    status: String,
    agencies: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    export_query: String,
    can_create: bool,
    errs: Errs,
}

pub async fn services(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let f = ServiceFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), status: Some(q.status.clone()) };
    let page = s.store.gsb_services(&f, PageRequest::new(q.page, Some(50))).await?;
    let filters = [("q", q.q.as_str()), ("agency_id", q.agency_id.as_str()), ("status", q.status.as_str())];
    let l = Layout::new(&s, &ctx, "Sistem Penghubung Layanan", NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&ServicesPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page.items.into_iter().map(|s| ServiceRow { status: status_label(&s.status), operations: s.operations().len(), s }).collect(),
        agencies: agency_options(&s, false).await?,
        statuses: ServiceStatus::options(),
        q: q.q,
        agency_id: q.agency_id,
        status: q.status,
        can_create: p.can_for_some_agency(Action::ManageServices),
        errs: Errs::default(),
    }))
}

pub struct GrantRow {
    g: Grant,
    status: String,
}

fn grant_rows(all: Vec<Grant>, today: &str) -> Vec<GrantRow> {
    all.into_iter().map(|g| GrantRow { status: grant_status_label(g.status_on(today)), g }).collect()
}

#[derive(Template)]
#[template(path = "gsb_service.html")]
struct ServicePage {
    l: Layout,
    s: Service,
    status: String,
    confidentiality: String,
    availability: String,
    operations: Vec<Operation>,
    grants: Vec<GrantRow>,
    can_edit: bool,
    can_request: bool,
    can_audit: bool,
}

pub async fn service_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let svc = s.store.gsb_service(id).await?;
    let today = s.store.gsb_today().await?;
    let grants = s.store.all_gsb_grants(&GrantFilter { service_id: Some(id), ..Default::default() }).await?;
    let l = Layout::new(&s, &ctx, &svc.name, NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&ServicePage {
        l,
        status: status_label(&svc.status),
        confidentiality: confidentiality_label(&svc.confidentiality),
        availability: svc.availability_bp.map(|b| format!("{} %", format_percent(b))).unwrap_or_else(|| "—".into()),
        operations: svc.operations(),
        grants: grant_rows(grants, &today),
        can_edit: p.can(Action::ManageServices(svc.agency_id)),
        can_request: p.can_for_some_agency(Action::ManageClients) && svc.status != ServiceStatus::Retired.code(),
        can_audit: p.can(Action::ViewAudit),
        s: svc,
    }))
}

async fn app_options(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let apps = s.store.all_applications(&Default::default()).await?;
    Ok(apps.into_iter().map(|a| (a.id.to_string(), format!("{} — {}", a.name, a.agency_name))).collect())
}

async fn service_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    let mut status = choose("status", "Status", true, ServiceStatus::options());
    status.value = ServiceStatus::Draft.code().into();
    Ok(vec![
        field("code", "Kode layanan", "text", true, "Huruf kecil, angka, tanda hubung; dipakai di alamat gateway /{kode}/… (contoh: dinkes-pasien)"),
        field("name", "Nama layanan", "text", true, ""),
        field("description", "Uraian", "textarea", false, ""),
        choose("agency_id", "Perangkat Daerah penyedia", true, agency_options(s, true).await?),
        choose("application_id", "Aplikasi penyedia", false, app_options(s).await?),
        field("upstream_url", "Alamat dasar layanan hulu", "url", true, "http:// atau https://, contoh: https://api.dinkes.namakota.go.id/v1"),
        field("openapi", "Dokumen OpenAPI (JSON)", "textarea", false, "Tempel isi dokumen OpenAPI dalam format JSON; operasinya ditampilkan di katalog"),
        field("version", "Versi", "text", false, ""),
        yes_no("data_service", "Layanan data (hanya baca: GET dan HEAD)"),
        choose("confidentiality", "Klasifikasi kerahasiaan", true, Confidentiality::options()),
        field("availability_target", "Target ketersediaan (%)", "text", false, "Contoh: 99,5"),
        yes_no("keep_bodies", "Simpan isi pesan di log"),
        field("retention_days", "Lama penyimpanan isi pesan (hari)", "number", false, "Wajib bila isi pesan disimpan"),
        field("rate_limit_per_minute", "Batas permintaan per klien per menit", "number", false, "Kosongkan bila tidak dibatasi"),
        status,
        field("outbound_auth", "Kredensial ke hulu (nilai header Authorization)", "password", false, "Untuk penghubung layanan provinsi/pusat (SPLP). Kosongkan untuk mempertahankan yang tersimpan; tidak pernah ditampilkan utuh"),
        yes_no("clear_outbound_auth", "Hapus kredensial ke hulu yang tersimpan"),
    ])
}

fn service_def(id: Option<i64>) -> FormDef {
    let mut def = match id {
        Some(id) => new_def("Ubah Layanan", &format!("{NAV}/layanan/{id}/ubah"), &format!("{NAV}/layanan/{id}"), NAV),
        None => new_def("Daftarkan Layanan", &format!("{NAV}/layanan/baru"), NAV, NAV),
    };
    def.intro = "Layanan yang disediakan perangkat daerah melalui Sistem Penghubung Layanan. Layanan data hanya dapat dibaca (GET/HEAD).".into();
    def
}

pub async fn service_new(State(s): State<AppState>, ctx: Ctx) -> Page {
    if !ctx.user()?.can_for_some_agency(Action::ManageServices) {
        return Err(AppError::Forbidden.into());
    }
    Ok(form_page(&s, &ctx, service_def(None), service_fields(&s).await?, Errs::default()).await?)
}

pub async fn service_create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = service_fields(&s).await?;
    submit(&s, &ctx, service_def(None), fields, &pairs, |i: ServiceInput| actions::save_service(&s, &ctx, None, i), |d: &Service| format!("{NAV}/layanan/{}?ok=dibuat", d.id)).await
}

pub async fn service_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let svc = s.store.gsb_service(id).await?;
    ctx.require(Action::ManageServices(svc.agency_id))?;
    let mut fields = service_fields(&s).await?;
    fill(&mut fields, &svc);
    for f in fields.iter_mut().filter(|f| f.name == "availability_target") {
        f.value = svc.availability_bp.map(format_percent).unwrap_or_default();
    }
    Ok(form_page(&s, &ctx, service_def(Some(id)), fields, Errs::default()).await?)
}

pub async fn service_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = service_fields(&s).await?;
    submit(&s, &ctx, service_def(Some(id)), fields, &pairs, |i: ServiceInput| actions::save_service(&s, &ctx, Some(id), i), |d: &Service| format!("{NAV}/layanan/{}?ok=diubah", d.id)).await
}

// ---- Clients and keys ----------------------------------------------------------------------

pub struct ClientRow {
    c: Client,
    status: String,
}

#[derive(Template)]
#[template(path = "gsb_clients.html")]
struct ClientsPage {
    l: Layout,
    rows: Vec<ClientRow>,
    q: String,
    agency_id: String,
    agencies: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    can_create: bool,
    errs: Errs,
}

pub async fn clients(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let f = ClientFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id) };
    let page = s.store.gsb_clients(&f, PageRequest::new(q.page, Some(50))).await?;
    let filters = [("q", q.q.as_str()), ("agency_id", q.agency_id.as_str())];
    let l = Layout::new(&s, &ctx, "Klien Penghubung Layanan", NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&ClientsPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        rows: page.items.into_iter().map(|c| ClientRow { status: client_status_label(&c.status), c }).collect(),
        agencies: agency_options(&s, false).await?,
        q: q.q,
        agency_id: q.agency_id,
        can_create: p.can_for_some_agency(Action::ManageClients),
        errs: Errs::default(),
    }))
}

pub struct KeyRow {
    k: Key,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "gsb_client.html")]
struct ClientPage {
    l: Layout,
    c: Client,
    status: String,
    /// Shown to those who manage the client only.
    keys: Vec<KeyRow>,
    /// A key just issued: shown on this page once.
    new_key: Option<String>,
    grants: Vec<GrantRow>,
    can_edit: bool,
    can_audit: bool,
    errs: Errs,
    key_label: String,
    expires_on: String,
    /// The key form's one-time token (see [`KeyForms`]).
    form_token: String,
}

/// One-time tokens of the "new key" form: a key is created once per form
/// shown, so reloading the page that shows a new key (the browser sends
/// the form again) does not silently create — and show — a second one.
/// Kept in memory, the most recent few thousand: a token lost to a restart
/// only means the form must be opened again.
#[derive(Default)]
pub struct KeyForms {
    tokens: std::sync::Mutex<std::collections::VecDeque<String>>,
}

const KEY_FORM_TOKENS: usize = 4096;

impl KeyForms {
    fn issue(&self) -> String {
        let token = hex::encode(rand::random::<[u8; 16]>());
        let mut t = self.tokens.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if t.len() >= KEY_FORM_TOKENS {
            t.pop_front();
        }
        t.push_back(token.clone());
        token
    }

    /// True (and the token spent) when `token` was issued and not yet used.
    fn spend(&self, token: &str) -> bool {
        let mut t = self.tokens.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match t.iter().position(|x| x == token) {
            Some(i) => t.remove(i).is_some(),
            None => false,
        }
    }
}

async fn client_page(s: &AppState, ctx: &Ctx, id: i64, flash: Option<&str>, new_key: Option<String>, errs: Errs, key_form: (String, String)) -> Result<axum::response::Response, AppError> {
    let p = ctx.require(Action::ViewDirectory)?;
    let c = s.store.gsb_client(id).await?;
    let today = s.store.gsb_today().await?;
    let can_edit = p.can(Action::ManageClients(c.agency_id));
    let keys = if can_edit {
        s.store.gsb_keys(id).await?.into_iter().map(|k| KeyRow { status: key_status(&k, &today), k }).collect()
    } else {
        Vec::new()
    };
    let grants = s.store.all_gsb_grants(&GrantFilter { client_id: Some(id), ..Default::default() }).await?;
    let l = Layout::new(s, ctx, &c.name, NAV).await.flash(flash);
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&ClientPage {
        l,
        status: client_status_label(&c.status),
        keys,
        new_key,
        grants: grant_rows(grants, &today),
        can_edit,
        can_audit: p.can(Action::ViewAudit),
        errs,
        key_label: key_form.0,
        expires_on: key_form.1,
        form_token: if can_edit { s.gsb_key_forms.issue() } else { String::new() },
        c,
    });
    *res.status_mut() = status;
    Ok(res)
}

fn key_status(k: &Key, today: &str) -> &'static str {
    if k.revoked_at.is_some() {
        "Dicabut"
    } else if k.expires_on.as_deref().is_some_and(|d| d < today) {
        "Kedaluwarsa"
    } else {
        "Aktif"
    }
}

pub async fn client_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQ>) -> Page {
    Ok(client_page(&s, &ctx, id, flash(q.ok.as_deref()), None, Errs::default(), Default::default()).await?)
}

fn flash(code: Option<&str>) -> Option<&'static str> {
    match code {
        Some("kunci-dicabut") => Some("Kunci API dicabut; gateway menolaknya sejak pemuatan ulang berikutnya."),
        Some("diajukan") => Some("Permohonan hak akses dikirim ke perangkat daerah penyedia."),
        Some("diputuskan") => Some("Keputusan dicatat."),
        Some("dicabut") => Some("Hak akses dicabut."),
        other => flash_message(other),
    }
}

#[derive(Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    expires_on: String,
    /// The form's one-time token; scripts posting without one are not
    /// guarded against repeating themselves.
    #[serde(default)]
    form_token: Option<String>,
}

/// Issues a key and shows it on the client's page this once.
pub async fn key_create(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<KeyForm>) -> Page {
    if let Some(token) = f.form_token.as_deref()
        && !s.gsb_key_forms.spend(token)
    {
        // Checked after the caller's right, so the answer says nothing to others.
        ctx.require(Action::ManageClients(s.store.gsb_client(id).await?.agency_id))?;
        return Ok(client_page(&s, &ctx, id, Some("Formulir ini sudah dikirim (misalnya karena halaman dimuat ulang): tidak ada kunci baru yang dibuat. Kunci yang dibuat sebelumnya hanya ditampilkan sekali; buat kunci baru dari formulir di bawah bila perlu."), None, Errs::default(), Default::default()).await?);
    }
    let input = simpul_domain::gsb::KeyInput { label: Some(f.label.clone()), expires_on: Some(f.expires_on.clone()) };
    match actions::create_key(&s, &ctx, id, input).await {
        Ok(k) => Ok(client_page(&s, &ctx, id, Some("Kunci API baru dibuat. Salin sekarang: kunci ini hanya ditampilkan sekali."), Some(k.secret), Errs::default(), Default::default()).await?),
        Err(e) if is_form_error(&e) => Ok(client_page(&s, &ctx, id, None, None, Errs(e.fields()), (f.label, f.expires_on)).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn key_revoke(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let k = actions::revoke_key(&s, &ctx, id).await?;
    Ok(see_other(&format!("{NAV}/klien/{}?ok=kunci-dicabut", k.client_id)))
}

async fn client_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    let mut status = choose("status", "Status", true, ClientStatus::options());
    status.value = ClientStatus::Active.code().into();
    Ok(vec![
        field("code", "Kode klien", "text", true, "Huruf kecil, angka, tanda hubung (contoh: disdik-dapodik)"),
        field("name", "Nama klien", "text", true, ""),
        choose("agency_id", "Perangkat Daerah pengguna", true, agency_options(s, true).await?),
        choose("application_id", "Aplikasi pengguna", true, app_options(s).await?),
        status,
        field("tls_cert_sha256", "Sidik jari SHA-256 sertifikat klien TLS", "text", false, "Opsional; 64 digit heksadesimal"),
    ])
}

fn client_def(id: Option<i64>) -> FormDef {
    match id {
        Some(id) => new_def("Ubah Klien", &format!("{NAV}/klien/{id}/ubah"), &format!("{NAV}/klien/{id}"), NAV),
        None => new_def("Daftarkan Klien", &format!("{NAV}/klien/baru"), &format!("{NAV}/klien"), NAV),
    }
}

pub async fn client_new(State(s): State<AppState>, ctx: Ctx) -> Page {
    if !ctx.user()?.can_for_some_agency(Action::ManageClients) {
        return Err(AppError::Forbidden.into());
    }
    Ok(form_page(&s, &ctx, client_def(None), client_fields(&s).await?, Errs::default()).await?)
}

pub async fn client_create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = client_fields(&s).await?;
    submit(&s, &ctx, client_def(None), fields, &pairs, |i: ClientInput| actions::save_client(&s, &ctx, None, i), |c: &Client| format!("{NAV}/klien/{}?ok=dibuat", c.id)).await
}

pub async fn client_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let c = s.store.gsb_client(id).await?;
    ctx.require(Action::ManageClients(c.agency_id))?;
    let mut fields = client_fields(&s).await?;
    fill(&mut fields, &c);
    Ok(form_page(&s, &ctx, client_def(Some(id)), fields, Errs::default()).await?)
}

pub async fn client_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = client_fields(&s).await?;
    submit(&s, &ctx, client_def(Some(id)), fields, &pairs, |i: ClientInput| actions::save_client(&s, &ctx, Some(id), i), |c: &Client| format!("{NAV}/klien/{}?ok=diubah", c.id)).await
}

// ---- Access rights ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "gsb_grants.html")]
struct GrantsPage {
    l: Layout,
    /// Requests awaiting a decision the user may make.
    queue: Vec<GrantRow>,
    rows: Vec<GrantRow>,
    status: String,
    statuses: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    export_query: String,
    can_request: bool,
    errs: Errs,
}

/// Whether `p` decides requests for some agency (or all).
fn decides(p: &Principal, g: &Grant) -> bool {
    p.can(Action::DecideGrant(g.provider_agency_id))
}

pub async fn grants(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let today = s.store.gsb_today().await?;
    let pending = s.store.all_gsb_grants(&GrantFilter { status: Some(GrantStatus::Requested.code().into()), ..Default::default() }).await?;
    let queue = grant_rows(pending.into_iter().filter(|g| decides(p, g)).collect(), &today);
    let f = GrantFilter { status: Some(q.status.clone()), client_id: opt_id(&q.client_id), service_id: opt_id(&q.service_id), ..Default::default() };
    let page = s.store.gsb_grants(&f, PageRequest::new(q.page, Some(50))).await?;
    let filters = [("status", q.status.as_str()), ("client_id", q.client_id.as_str()), ("service_id", q.service_id.as_str())];
    let l = Layout::new(&s, &ctx, "Hak Akses Penghubung Layanan", NAV).await.flash(flash(q.ok.as_deref()));
    let statuses = GrantStatus::options().into_iter().filter(|(c, _)| c != GrantStatus::Expired.code()).collect();
    Ok(render(&GrantsPage {
        l,
        queue,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: grant_rows(page.items, &today),
        status: q.status,
        statuses,
        can_request: p.can_for_some_agency(Action::ManageClients),
        errs: Errs::default(),
    }))
}

#[derive(Template)]
#[template(path = "gsb_grant.html")]
struct GrantPage {
    l: Layout,
    g: Grant,
    status: String,
    can_decide: bool,
    can_revoke: bool,
    can_audit: bool,
    errs: Errs,
    decision: String,
    reason: String,
}

async fn grant_page(s: &AppState, ctx: &Ctx, id: i64, flash_msg: Option<&str>, errs: Errs, form: (String, String)) -> Result<axum::response::Response, AppError> {
    let p = ctx.require(Action::ViewDirectory)?;
    let g = s.store.gsb_grant(id).await?;
    let today = s.store.gsb_today().await?;
    let requested = g.status == GrantStatus::Requested.code();
    let can_revoke = match g.status.as_str() {
        "approved" => decides(p, &g),
        "requested" => decides(p, &g) || p.can(Action::ManageClients(g.client_agency_id)),
        _ => false,
    };
    let l = Layout::new(s, ctx, &format!("Hak akses #{id}"), NAV).await.flash(flash_msg);
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&GrantPage {
        l,
        status: grant_status_label(g.status_on(&today)),
        can_decide: requested && decides(p, &g),
        can_revoke,
        can_audit: p.can(Action::ViewAudit),
        errs,
        decision: form.0,
        reason: form.1,
        g,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn grant_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQ>) -> Page {
    Ok(grant_page(&s, &ctx, id, flash(q.ok.as_deref()), Errs::default(), Default::default()).await?)
}

pub async fn grant_decide(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<GrantDecisionInput>) -> Page {
    let form = (f.decision.clone(), f.reason.clone().unwrap_or_default());
    match actions::decide_grant(&s, &ctx, id, f).await {
        Ok(_) => Ok(see_other(&format!("{NAV}/hak-akses/{id}?ok=diputuskan"))),
        Err(e) if is_form_error(&e) => Ok(grant_page(&s, &ctx, id, None, Errs(e.fields()), form).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn grant_revoke(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<GrantDecisionInput>) -> Page {
    let form = (String::new(), f.reason.clone().unwrap_or_default());
    match actions::revoke_grant(&s, &ctx, id, f).await {
        Ok(_) => Ok(see_other(&format!("{NAV}/hak-akses/{id}?ok=dicabut"))),
        Err(e) if is_form_error(&e) => Ok(grant_page(&s, &ctx, id, None, Errs(e.fields()), form).await?),
        Err(e) => Err(e.into()),
    }
}

/// The clients the user may ask for (their agencies'), and the services.
async fn grant_fields(s: &AppState, p: &Principal) -> Result<Vec<Field>, AppError> {
    let clients = s.store.all_gsb_clients(&ClientFilter::default()).await?;
    let clients = clients.into_iter().filter(|c| p.can(Action::ManageClients(c.agency_id))).map(|c| (c.id.to_string(), format!("{} — {}", c.name, c.agency_name))).collect();
    let services = s.store.gsb_services(&ServiceFilter::default(), ALL).await?.items;
    let services = services.into_iter().filter(|x| x.status != ServiceStatus::Retired.code()).map(|x| (x.id.to_string(), format!("{} ({}) — {}", x.name, x.code, x.agency_name))).collect();
    let mut ops = lines("operations", "Operasi yang diminta (satu per baris, contoh: GET /pasien/{nik}); kosongkan untuk seluruh layanan");
    ops.value = String::new();
    Ok(vec![
        choose("client_id", "Klien", true, clients),
        choose("service_id", "Layanan", true, services),
        field("purpose", "Tujuan penggunaan", "textarea", true, ""),
        ops,
        field("expires_on", "Berlaku sampai", "date", true, "TTTT-BB-HH"),
    ])
}

fn grant_def() -> FormDef {
    let mut def = new_def("Ajukan Hak Akses", &format!("{NAV}/hak-akses/baru"), &format!("{NAV}/hak-akses"), NAV);
    def.intro = "Permohonan diputuskan oleh perangkat daerah penyedia layanan. Operasi yang tersedia tercantum di halaman layanan.".into();
    def
}

pub async fn grant_new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::ManageClients) {
        return Err(AppError::Forbidden.into());
    }
    let mut fields = grant_fields(&s, p).await?;
    for f in &mut fields {
        match f.name {
            "client_id" => f.value = q.client_id.clone(),
            "service_id" => f.value = q.service_id.clone(),
            _ => {}
        }
    }
    Ok(form_page(&s, &ctx, grant_def(), fields, Errs::default()).await?)
}

pub async fn grant_create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = grant_fields(&s, ctx.user()?).await?;
    submit(&s, &ctx, grant_def(), fields, &pairs, |i: GrantRequestInput| actions::request_grant(&s, &ctx, i), |g: &Grant| format!("{NAV}/hak-akses/{}?ok=diajukan", g.id)).await
}

// ---- Monitoring -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "gsb_monitoring.html")]
struct MonitoringPage {
    l: Layout,
    report: crate::gsb_usage::UsageReport,
    by_service: String,
    by_agency: String,
}

fn one_decimal(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

pub async fn monitoring(State(s): State<AppState>, ctx: Ctx) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let report = crate::gsb_usage::usage(&s).await?;
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let by_service = crate::svg::bar_chart("grafik-layanan", "Permintaan per layanan", &report.services.iter().map(|v| (v.code.clone(), count(v.requests))).collect::<Vec<_>>());
    let by_agency = crate::svg::bar_chart("grafik-pd", "Permintaan per perangkat daerah pengguna", &report.agencies.iter().map(|a| (a.name.clone(), count(a.requests))).collect::<Vec<_>>());
    let l = Layout::new(&s, &ctx, "Pemantauan Sistem Penghubung Layanan", "/penghubung-layanan").await;
    Ok(render(&MonitoringPage { l, report, by_service, by_agency }))
}

/// A percentage with a decimal comma, or a dash.
pub fn pct(v: &Option<f64>) -> String {
    v.map(|v| format!("{} %", one_decimal(v))).unwrap_or_else(|| "—".into())
}

/// Milliseconds with a decimal comma.
pub fn ms(v: &f64) -> String {
    one_decimal(*v)
}

// ---- One record of the message log ------------------------------------------------------------

#[derive(Deserialize)]
pub struct RecordQuery {
    seq: Option<String>,
}

#[derive(Template)]
#[template(path = "gsb_record.html")]
struct RecordPage {
    l: Layout,
    seq: String,
    error: Option<&'static str>,
    record: Option<crate::api::gsb_records::ExchangeRecord>,
}

/// What the record page was asked for: a sequence number, or the request id
/// (32 hexadecimal digits, the `X-Request-Id` of the exchange) that a client
/// or the upstream saw.
enum RecordKey {
    Seq(u64),
    RequestId([u8; 16]),
}

fn record_key(s: &str) -> Option<RecordKey> {
    if s.len() == 32 {
        return crate::api::gsb_records::parse_request_id(s).map(RecordKey::RequestId);
    }
    s.parse::<u64>().ok().map(RecordKey::Seq)
}

/// `/penghubung-layanan/rekaman?seq=N` (or `?seq=<request id>`): one record
/// of the signed message log, its proof checked, with the bodies kept for it
/// (downloaded from the API, which checks them against the record first).
/// Readers: `domain::gsb::may_read_exchanges`.
pub async fn record(State(s): State<AppState>, ctx: Ctx, Query(q): Query<RecordQuery>) -> Page {
    if !simpul_domain::gsb::may_read_exchanges(ctx.user()?, None) {
        return Err(AppError::Forbidden.into());
    }
    let seq = q.seq.unwrap_or_default().trim().to_string();
    let (record, error) = if seq.is_empty() {
        (None, None)
    } else {
        match record_key(&seq) {
            None => (None, Some("Masukkan nomor urut rekaman (bilangan bulat, mulai dari 0) atau ID permintaan (32 digit heksadesimal dari header X-Request-Id).")),
            Some(key) => {
                let found = match key {
                    RecordKey::Seq(n) => Ok(n),
                    RecordKey::RequestId(id) => crate::api::gsb_records::seq_of_request(&s, &ctx, id).await,
                };
                match found {
                    Ok(n) => match crate::api::gsb_records::exchange_record(&s, &ctx, n).await {
                        Ok(r) => (Some(r), None),
                        Err(AppError::Domain(simpul_domain::DomainError::NotFound(_))) => (None, Some(NOT_FOUND)),
                        Err(e) => return Err(e.into()),
                    },
                    Err(AppError::Domain(simpul_domain::DomainError::NotFound(_))) => (None, Some(NOT_FOUND)),
                    Err(e) => return Err(e.into()),
                }
            }
        }
    };
    let l = Layout::new(&s, &ctx, "Rekaman log pesan", "/penghubung-layanan").await;
    Ok(render(&RecordPage { l, seq, error, record }))
}

const NOT_FOUND: &str = "Rekaman dengan nomor atau ID permintaan ini tidak ada, belum disegel, atau bukan dari layanan yang boleh Anda periksa.";
