//! Pages of the network registry (Jaringan Intra): overview with each
//! agency's LAN diagram status, WAN links, devices and ports, cables with
//! printable labels, LAN diagram uploads, the label scheme, and the
//! integrity check of an attachment. Each handler: extract, authorize,
//! call an action or a store read, render.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use simpul_domain::attachments::{MediaType, MAX_ATTACHMENT_BYTES};
use simpul_domain::findings::add_years;
use simpul_domain::networks::{CableInput, CableMedium, DeviceInput, DeviceKind, LabelSchemeInput, PortInput, WanLinkInput, WanMedium};
use simpul_domain::roles::Action;

use simpul_store::networks::{Cable, CableFilter, Device, DeviceFilter, Port, WanFilter};
use simpul_store::PageRequest;

use super::pages::{agency_options, field, is_form_error, qs, see_other, Page};
use super::{flash_message, opt_id, render, Errs, Layout, Pager};
use crate::actions;
use crate::api::networks::example_label;
use crate::attachments::{require_read, MultipartBody};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

const NAV: &str = "/jaringan";

fn label_of(code: &str, f: fn(&str) -> Option<&'static str>) -> String {
    f(code).map(str::to_string).unwrap_or_else(|| code.to_string())
}

async fn regulation(s: &AppState) -> Result<Option<&'static simpul_domain::profiles::Profile>, AppError> {
    Ok(s.store.profile().await?.map(|p| p.regulation.profile()))
}

/// Agencies the user may manage the LAN of.
async fn lan_agencies(s: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    let p = ctx.user()?;
    Ok(agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageLan(a)))).collect())
}

fn status_for(errs: &Errs) -> StatusCode {
    if errs.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }
}

fn with_status(mut res: Response, status: StatusCode) -> Response {
    *res.status_mut() = status;
    res
}

fn opt(v: &str) -> Option<String> {
    (!v.trim().is_empty()).then(|| v.to_string())
}

/// A number field: empty is `None`; anything else that is not a number is
/// passed on as an impossible value so that validation names the field.
fn num(v: &str) -> Option<i64> {
    let v = v.trim();
    if v.is_empty() { None } else { Some(v.parse().unwrap_or(-1)) }
}

/// The end of a form post: on success see the record's page, on a form
/// error show the form again with the fields marked, otherwise an error page.
async fn submitted<T, F: std::future::Future<Output = Result<Response, AppError>>>(result: Result<T, AppError>, to: impl FnOnce(T) -> String, again: impl FnOnce(Errs) -> F) -> Page {
    match result {
        Ok(v) => Ok(see_other(&to(v))),
        Err(e) if is_form_error(&e) => Ok(again(Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

// ---- Overview --------------------------------------------------------------------------

struct StatusRow {
    agency_id: i64,
    agency_name: String,
    latest_on: Option<String>,
    /// `ok`, `late` or `missing`.
    state: &'static str,
    devices: i64,
    cables: i64,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    l: Layout,
    rows: Vec<StatusRow>,
    wan_total: i64,
    pattern: String,
    example: String,
    cable_article: Option<&'static str>,
    diagram_article: Option<&'static str>,
}

pub async fn overview(State(s): State<AppState>, ctx: Ctx) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let profile = regulation(&s).await?;
    let today = match s.store.profile().await? {
        Some(p) => crate::local_today(p.timezone),
        None => crate::local_today(simpul_domain::pemda::TimeZone::Wib),
    };
    let rows = s
        .store
        .lan_statuses()
        .await?
        .into_iter()
        .map(|r| {
            let late = r.latest_on.as_deref().and_then(simpul_domain::validate::parse_date).map(|d| add_years(d, 1) < today);
            StatusRow {
                state: match late {
                    None => "missing",
                    Some(true) => "late",
                    Some(false) => "ok",
                },
                agency_id: r.agency_id,
                agency_name: r.agency_name,
                latest_on: r.latest_on,
                devices: r.devices,
                cables: r.cables,
            }
        })
        .collect();
    let pattern = s.store.label_pattern().await?;
    let wan_total = s.store.wan_links(&WanFilter::default(), PageRequest::new(Some(1), Some(1))).await?.total;
    let l = Layout::new(&s, &ctx, "Jaringan Intra", NAV).await;
    Ok(render(&NetworkPage {
        l,
        rows,
        wan_total,
        example: example_label(&pattern),
        pattern,
        cable_article: profile.and_then(|p| p.citations.cable_labels),
        diagram_article: profile.and_then(|p| p.citations.lan_diagram_yearly),
    }))
}

// ---- WAN ---------------------------------------------------------------------------------

struct WanRow {
    id: i64,
    from: String,
    to: String,
    medium: String,
    bandwidth: i64,
    provider: String,
}

#[derive(Template)]
#[template(path = "wan.html")]
struct WanPage {
    l: Layout,
    rows: Vec<WanRow>,
    q: String,
    agency_id: String,
    medium: String,
    agencies: Vec<(String, String)>,
    media: Vec<(String, String)>,
    can_manage: bool,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct ListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    medium: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    device_id: String,
    #[serde(default)]
    unlabelled: String,
    #[serde(default)]
    dibongkar: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

fn end_site(agency: &str, site: &Option<String>) -> String {
    match site {
        Some(s) => format!("{agency} — {s}"),
        None => agency.to_string(),
    }
}

pub async fn wan(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let f = WanFilter { agency_id: opt_id(&q.agency_id), medium: Some(q.medium.clone()), q: Some(q.q.clone()) };
    let page = s.store.wan_links(&f, PageRequest::new(q.page, Some(50))).await?;
    let l = Layout::new(&s, &ctx, "Tautan WAN", NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&WanPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&[("q", q.q.as_str()), ("agency_id", q.agency_id.as_str()), ("medium", q.medium.as_str())]),
        rows: page
            .items
            .into_iter()
            .map(|w| WanRow {
                id: w.id,
                from: end_site(&w.from_agency_name, &w.from_site),
                to: end_site(&w.to_agency_name, &w.to_site),
                medium: label_of(&w.medium, |c| WanMedium::from_code(c).map(WanMedium::label)),
                bandwidth: w.bandwidth_mbps,
                provider: w.provider.unwrap_or_else(|| "—".into()),
            })
            .collect(),
        agencies: agency_options(&s, false).await?,
        media: WanMedium::options(),
        can_manage: ctx.can(Action::ManageWan),
        q: q.q,
        agency_id: q.agency_id,
        medium: q.medium,
        errs: Errs::default(),
    }))
}

#[derive(Default, Clone)]
pub struct WanForm {
    from_agency_id: String,
    from_site: String,
    to_agency_id: String,
    to_site: String,
    medium: String,
    bandwidth_mbps: String,
    provider: String,
    notes: String,
}

impl WanForm {
    fn from_pairs(p: &[(String, String)]) -> Self {
        WanForm {
            from_agency_id: field(p, "from_agency_id"),
            from_site: field(p, "from_site"),
            to_agency_id: field(p, "to_agency_id"),
            to_site: field(p, "to_site"),
            medium: field(p, "medium"),
            bandwidth_mbps: field(p, "bandwidth_mbps"),
            provider: field(p, "provider"),
            notes: field(p, "notes"),
        }
    }
    fn input(&self) -> WanLinkInput {
        WanLinkInput {
            from_agency_id: opt_id(&self.from_agency_id).unwrap_or(0),
            from_site: opt(&self.from_site),
            to_agency_id: opt_id(&self.to_agency_id).unwrap_or(0),
            to_site: opt(&self.to_site),
            medium: self.medium.clone(),
            bandwidth_mbps: num(&self.bandwidth_mbps).unwrap_or(0),
            provider: opt(&self.provider),
            notes: opt(&self.notes),
        }
    }
    fn of(w: &simpul_store::networks::WanLink) -> Self {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        WanForm {
            from_agency_id: w.from_agency_id.to_string(),
            from_site: o(&w.from_site),
            to_agency_id: w.to_agency_id.to_string(),
            to_site: o(&w.to_site),
            medium: w.medium.clone(),
            bandwidth_mbps: w.bandwidth_mbps.to_string(),
            provider: o(&w.provider),
            notes: o(&w.notes),
        }
    }
}

#[derive(Template)]
#[template(path = "wan_form.html")]
struct WanFormPage {
    l: Layout,
    heading: String,
    action: String,
    f: WanForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    media: Vec<(String, String)>,
}

async fn wan_form(s: &AppState, ctx: &Ctx, id: Option<i64>, f: WanForm, errs: Errs) -> Result<Response, AppError> {
    ctx.require(Action::ManageWan)?;
    let (heading, action) = match id {
        Some(id) => ("Ubah tautan WAN".to_string(), format!("/jaringan/wan/{id}/ubah")),
        None => ("Tambah tautan WAN".to_string(), "/jaringan/wan/baru".to_string()),
    };
    let status = status_for(&errs);
    let l = Layout::new(s, ctx, &heading, NAV).await;
    Ok(with_status(render(&WanFormPage { l, heading, action, f, errs, agencies: agency_options(s, true).await?, media: WanMedium::options() }), status))
}

pub async fn wan_new(State(s): State<AppState>, ctx: Ctx) -> Page {
    Ok(wan_form(&s, &ctx, None, WanForm { medium: "fiber_optik".into(), ..Default::default() }, Errs::default()).await?)
}

pub async fn wan_create(State(s): State<AppState>, ctx: Ctx, Form(p): Form<Vec<(String, String)>>) -> Page {
    let f = WanForm::from_pairs(&p);
    submitted(actions::create_wan_link(&s, &ctx, f.input()).await, |_| "/jaringan/wan?ok=dibuat".to_string(), |errs| wan_form(&s, &ctx, None, f, errs)).await
}

pub async fn wan_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    ctx.require(Action::ManageWan)?;
    let w = s.store.wan_link(id).await?;
    Ok(wan_form(&s, &ctx, Some(id), WanForm::of(&w), Errs::default()).await?)
}

pub async fn wan_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(p): Form<Vec<(String, String)>>) -> Page {
    let f = WanForm::from_pairs(&p);
    submitted(actions::update_wan_link(&s, &ctx, id, f.input()).await, |_| "/jaringan/wan?ok=diubah".to_string(), |errs| wan_form(&s, &ctx, Some(id), f, errs)).await
}

// ---- Devices ---------------------------------------------------------------------------

struct DeviceRow {
    id: i64,
    hostname: String,
    agency_name: String,
    kind: String,
    location: String,
    ip: String,
    ports_used: i64,
    port_count: i64,
}

#[derive(Template)]
#[template(path = "devices.html")]
struct DevicesPage {
    l: Layout,
    rows: Vec<DeviceRow>,
    q: String,
    agency_id: String,
    kind: String,
    agencies: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    can_create: bool,
    pager: Pager,
    pager_base: String,
    export_query: String,
    errs: Errs,
}

pub async fn devices(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let f = DeviceFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), kind: Some(q.kind.clone()) };
    let page = s.store.devices(&f, PageRequest::new(q.page, Some(50))).await?;
    let filters = [("q", q.q.as_str()), ("agency_id", q.agency_id.as_str()), ("kind", q.kind.as_str())];
    let l = Layout::new(&s, &ctx, "Perangkat jaringan", NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&DevicesPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page
            .items
            .into_iter()
            .map(|d| DeviceRow {
                kind: label_of(&d.kind, |c| DeviceKind::from_code(c).map(DeviceKind::label)),
                location: d.location.unwrap_or_default(),
                ip: d.management_ip.unwrap_or_default(),
                id: d.id,
                hostname: d.hostname,
                agency_name: d.agency_name,
                ports_used: d.ports_used,
                port_count: d.port_count,
            })
            .collect(),
        can_create: !lan_agencies(&s, &ctx).await?.is_empty(),
        agencies: agency_options(&s, false).await?,
        kinds: DeviceKind::options(),
        q: q.q,
        agency_id: q.agency_id,
        kind: q.kind,
        errs: Errs::default(),
    }))
}

#[derive(Default, Clone)]
pub struct DeviceForm {
    agency_id: String,
    hostname: String,
    kind: String,
    location: String,
    management_ip: String,
    model: String,
    serial_number: String,
}

impl DeviceForm {
    fn from_pairs(p: &[(String, String)]) -> Self {
        DeviceForm {
            agency_id: field(p, "agency_id"),
            hostname: field(p, "hostname"),
            kind: field(p, "kind"),
            location: field(p, "location"),
            management_ip: field(p, "management_ip"),
            model: field(p, "model"),
            serial_number: field(p, "serial_number"),
        }
    }
    fn input(&self) -> DeviceInput {
        DeviceInput {
            agency_id: opt_id(&self.agency_id).unwrap_or(0),
            hostname: self.hostname.clone(),
            kind: self.kind.clone(),
            location: opt(&self.location),
            management_ip: opt(&self.management_ip),
            model: opt(&self.model),
            serial_number: opt(&self.serial_number),
        }
    }
    fn of(d: &Device) -> Self {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        DeviceForm {
            agency_id: d.agency_id.to_string(),
            hostname: d.hostname.clone(),
            kind: d.kind.clone(),
            location: o(&d.location),
            management_ip: o(&d.management_ip),
            model: o(&d.model),
            serial_number: o(&d.serial_number),
        }
    }
}

#[derive(Template)]
#[template(path = "device_form.html")]
struct DeviceFormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    f: DeviceForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
}

async fn device_form(s: &AppState, ctx: &Ctx, id: Option<i64>, f: DeviceForm, errs: Errs) -> Result<Response, AppError> {
    let (heading, action, cancel) = match id {
        Some(id) => ("Ubah perangkat jaringan".to_string(), format!("/jaringan/perangkat/{id}/ubah"), format!("/jaringan/perangkat/{id}")),
        None => ("Tambah perangkat jaringan".to_string(), "/jaringan/perangkat/baru".to_string(), "/jaringan/perangkat".to_string()),
    };
    let status = status_for(&errs);
    let agencies = lan_agencies(s, ctx).await?;
    if agencies.is_empty() {
        return Err(AppError::Forbidden);
    }
    let l = Layout::new(s, ctx, &heading, NAV).await;
    Ok(with_status(render(&DeviceFormPage { l, heading, action, cancel, f, errs, agencies, kinds: DeviceKind::options() }), status))
}

#[derive(Deserialize, Default)]
pub struct AgencyQ {
    #[serde(default)]
    agency_id: String,
}

pub async fn device_new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<AgencyQ>) -> Page {
    let p = ctx.user()?;
    let agency = opt_id(&q.agency_id).or(p.agency_id).map(|a| a.to_string()).unwrap_or_default();
    Ok(device_form(&s, &ctx, None, DeviceForm { agency_id: agency, kind: "switch".into(), ..Default::default() }, Errs::default()).await?)
}

pub async fn device_create(State(s): State<AppState>, ctx: Ctx, Form(p): Form<Vec<(String, String)>>) -> Page {
    let f = DeviceForm::from_pairs(&p);
    submitted(actions::create_device(&s, &ctx, f.input()).await, |d| format!("/jaringan/perangkat/{}?ok=dibuat", d.id), |errs| device_form(&s, &ctx, None, f, errs)).await
}

pub async fn device_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let d = s.store.device(id).await?;
    ctx.require(Action::ManageLan(d.agency_id))?;
    Ok(device_form(&s, &ctx, Some(id), DeviceForm::of(&d), Errs::default()).await?)
}

pub async fn device_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(p): Form<Vec<(String, String)>>) -> Page {
    let f = DeviceForm::from_pairs(&p);
    submitted(actions::update_device(&s, &ctx, id, f.input()).await, |d| format!("/jaringan/perangkat/{}?ok=diubah", d.id), |errs| device_form(&s, &ctx, Some(id), f, errs)).await
}

#[derive(Template)]
#[template(path = "device.html")]
struct DevicePage {
    l: Layout,
    d: Device,
    kind_label: String,
    ports: Vec<Port>,
    /// The add-ports form: name, count, speed.
    pf: (String, String, String),
    errs: Errs,
    can_edit: bool,
    can_audit: bool,
}

async fn device_page(s: &AppState, ctx: &Ctx, id: i64, pf: (String, String, String), errs: Errs, flash: Option<&str>) -> Result<Response, AppError> {
    ctx.require(Action::ViewDirectory)?;
    let d = s.store.device(id).await?;
    let status = status_for(&errs);
    let l = Layout::new(s, ctx, &d.hostname, NAV).await.flash(flash);
    Ok(with_status(
        render(&DevicePage {
            l,
            kind_label: label_of(&d.kind, |c| DeviceKind::from_code(c).map(DeviceKind::label)),
            ports: s.store.ports(id).await?,
            pf,
            errs,
            can_edit: ctx.can(Action::ManageLan(d.agency_id)),
            can_audit: ctx.can(Action::ViewAudit),
            d,
        }),
        status,
    ))
}

pub async fn device_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQ>) -> Page {
    Ok(device_page(&s, &ctx, id, Default::default(), Errs::default(), flash_message(q.ok.as_deref())).await?)
}

pub async fn device_ports(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(p): Form<Vec<(String, String)>>) -> Page {
    let pf = (field(&p, "name"), field(&p, "count"), field(&p, "speed_mbps"));
    let input = PortInput { name: pf.0.clone(), count: num(&pf.1).map(|n| u32::try_from(n).unwrap_or(0)), speed_mbps: num(&pf.2) };
    submitted(actions::add_ports(&s, &ctx, id, input).await, |_| format!("/jaringan/perangkat/{id}?ok=dibuat"), |errs| device_page(&s, &ctx, id, pf, errs, None)).await
}

// ---- Cables ------------------------------------------------------------------------------

struct CableRow {
    id: i64,
    label: Option<String>,
    agency_name: String,
    a: String,
    b: String,
    medium: String,
    decommissioned_on: Option<String>,
}

fn medium_label(c: &str) -> String {
    label_of(c, |c| CableMedium::from_code(c).map(CableMedium::label))
}

#[derive(Template)]
#[template(path = "cables.html")]
struct CablesPage {
    l: Layout,
    rows: Vec<CableRow>,
    q: String,
    agency_id: String,
    device_id: String,
    unlabelled: bool,
    with_decommissioned: bool,
    agencies: Vec<(String, String)>,
    article: Option<&'static str>,
    pattern: String,
    can_create: bool,
    pager: Pager,
    pager_base: String,
    export_query: String,
    errs: Errs,
}

fn cable_filter(q: &ListQ) -> CableFilter {
    CableFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), device_id: opt_id(&q.device_id), unlabelled: !q.unlabelled.is_empty(), with_decommissioned: !q.dibongkar.is_empty() }
}

pub async fn cables(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let page = s.store.cables(&cable_filter(&q), PageRequest::new(q.page, Some(50))).await?;
    let unlabelled = if q.unlabelled.is_empty() { "" } else { "true" };
    let dibongkar = if q.dibongkar.is_empty() { "" } else { "1" };
    let filters = [("q", q.q.as_str()), ("agency_id", q.agency_id.as_str()), ("device_id", q.device_id.as_str()), ("unlabelled", unlabelled), ("dibongkar", dibongkar)];
    let l = Layout::new(&s, &ctx, "Kabel data", NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&CablesPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page
            .items
            .into_iter()
            .map(|c| CableRow { id: c.id, a: c.a.display(), b: c.b.display(), medium: medium_label(&c.medium), label: c.label_code, agency_name: c.agency_name, decommissioned_on: c.decommissioned_on })
            .collect(),
        article: regulation(&s).await?.and_then(|p| p.citations.cable_labels),
        pattern: s.store.label_pattern().await?,
        can_create: !lan_agencies(&s, &ctx).await?.is_empty(),
        agencies: agency_options(&s, false).await?,
        unlabelled: !q.unlabelled.is_empty(),
        with_decommissioned: !q.dibongkar.is_empty(),
        q: q.q,
        agency_id: q.agency_id,
        device_id: q.device_id,
        errs: Errs::default(),
    }))
}

#[derive(Template)]
#[template(path = "cable.html")]
struct CablePage {
    l: Layout,
    a: String,
    b: String,
    medium_label: String,
    c: Cable,
    can_edit: bool,
    can_audit: bool,
}

pub async fn cable_decommission(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    actions::decommission_cable(&s, &ctx, id).await?;
    Ok(see_other(&format!("/jaringan/kabel/{id}?ok=diubah")))
}

pub async fn cable_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let c = s.store.cable(id).await?;
    let title = c.label_code.clone().unwrap_or_else(|| "Kabel tanpa label".into());
    let l = Layout::new(&s, &ctx, &title, NAV).await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&CablePage {
        l,
        a: c.a.display(),
        b: c.b.display(),
        medium_label: medium_label(&c.medium),
        can_edit: ctx.can(Action::ManageLan(c.agency_id)),
        can_audit: ctx.can(Action::ViewAudit),
        c,
    }))
}

#[derive(Clone)]
pub struct CableForm {
    a_port_id: String,
    a_outlet: String,
    b_port_id: String,
    b_outlet: String,
    medium: String,
    length_m: String,
    label_code: String,
    auto_label: bool,
    notes: String,
}

impl Default for CableForm {
    fn default() -> Self {
        CableForm {
            a_port_id: String::new(),
            a_outlet: String::new(),
            b_port_id: String::new(),
            b_outlet: String::new(),
            medium: "utp_cat6".into(),
            length_m: String::new(),
            label_code: String::new(),
            auto_label: true,
            notes: String::new(),
        }
    }
}

impl CableForm {
    fn from_pairs(p: &[(String, String)]) -> Self {
        CableForm {
            a_port_id: field(p, "a_port_id"),
            a_outlet: field(p, "a_outlet"),
            b_port_id: field(p, "b_port_id"),
            b_outlet: field(p, "b_outlet"),
            medium: field(p, "medium"),
            length_m: field(p, "length_m"),
            label_code: field(p, "label_code"),
            auto_label: !field(p, "auto_label").is_empty(),
            notes: field(p, "notes"),
        }
    }
    fn input(&self, agency_id: i64) -> CableInput {
        CableInput {
            agency_id,
            a_port_id: opt_id(&self.a_port_id),
            a_outlet: opt(&self.a_outlet),
            b_port_id: opt_id(&self.b_port_id),
            b_outlet: opt(&self.b_outlet),
            medium: self.medium.clone(),
            length_m: num(&self.length_m),
            label_code: opt(&self.label_code),
            auto_label: self.auto_label,
            notes: opt(&self.notes),
        }
    }
    fn of(c: &Cable) -> Self {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        CableForm {
            a_port_id: id(c.a.port_id),
            a_outlet: o(&c.a.outlet),
            b_port_id: id(c.b.port_id),
            b_outlet: o(&c.b.outlet),
            medium: c.medium.clone(),
            length_m: c.length_m.map(|v| v.to_string()).unwrap_or_default(),
            label_code: o(&c.label_code),
            auto_label: true,
            notes: o(&c.notes),
        }
    }
}

#[derive(Template)]
#[template(path = "cable_form.html")]
struct CableFormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    agency_id: String,
    agency_name: String,
    f: CableForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    ports: Vec<(String, String)>,
    media: Vec<(String, String)>,
    hint: String,
}

/// The cable form for one agency (its ports are offered), or the agency choice first.
async fn cable_form(s: &AppState, ctx: &Ctx, id: Option<i64>, agency_id: Option<i64>, f: CableForm, errs: Errs) -> Result<Response, AppError> {
    let agencies = lan_agencies(s, ctx).await?;
    if agencies.is_empty() {
        return Err(AppError::Forbidden);
    }
    if let Some(a) = agency_id {
        ctx.require(Action::ManageLan(a))?;
    }
    let (heading, action, cancel) = match id {
        Some(id) => ("Ubah kabel data".to_string(), format!("/jaringan/kabel/{id}/ubah"), format!("/jaringan/kabel/{id}")),
        None => ("Catat kabel data".to_string(), "/jaringan/kabel/baru".to_string(), "/jaringan/kabel".to_string()),
    };
    let ports = match agency_id {
        Some(a) => s.store.agency_ports(a).await?.into_iter().map(|(pid, name, used)| (pid.to_string(), if used { format!("{name} (terpakai)") } else { name })).collect(),
        None => Vec::new(),
    };
    let agency_name = agencies.iter().find(|(v, _)| Some(v.as_str()) == agency_id.map(|a| a.to_string()).as_deref()).map(|(_, n)| n.clone()).unwrap_or_default();
    let pattern = s.store.label_pattern().await?;
    let status = status_for(&errs);
    let l = Layout::new(s, ctx, &heading, NAV).await;
    Ok(with_status(
        render(&CableFormPage {
            l,
            heading,
            action,
            cancel,
            agency_id: agency_id.map(|a| a.to_string()).unwrap_or_default(),
            agency_name,
            f,
            errs,
            agencies,
            ports,
            media: CableMedium::options(),
            hint: format!("Kosongkan agar dibuat dari pola {pattern}; atau tulis kode sendiri (huruf besar, angka, - . / : _)."),
        }),
        status,
    ))
}

pub async fn cable_new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<AgencyQ>) -> Page {
    let p = ctx.user()?;
    let mine = p.agency_id.filter(|a| p.can(Action::ManageLan(*a)) && !p.is_admin());
    Ok(cable_form(&s, &ctx, None, opt_id(&q.agency_id).or(mine), CableForm::default(), Errs::default()).await?)
}

pub async fn cable_create(State(s): State<AppState>, ctx: Ctx, Form(p): Form<Vec<(String, String)>>) -> Page {
    let f = CableForm::from_pairs(&p);
    let agency = opt_id(&field(&p, "agency_id"));
    submitted(actions::create_cable(&s, &ctx, f.input(agency.unwrap_or(0))).await, |c| format!("/jaringan/kabel/{}?ok=dibuat", c.id), |errs| cable_form(&s, &ctx, None, agency, f, errs)).await
}

pub async fn cable_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let c = s.store.cable(id).await?;
    ctx.require(Action::ManageLan(c.agency_id))?;
    Ok(cable_form(&s, &ctx, Some(id), Some(c.agency_id), CableForm::of(&c), Errs::default()).await?)
}

pub async fn cable_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(p): Form<Vec<(String, String)>>) -> Page {
    let before = s.store.cable(id).await?;
    let f = CableForm::from_pairs(&p);
    submitted(actions::update_cable(&s, &ctx, id, f.input(before.agency_id)).await, |c| format!("/jaringan/kabel/{}?ok=diubah", c.id), |errs| cable_form(&s, &ctx, Some(id), Some(before.agency_id), f, errs)).await
}

pub async fn cable_relabel(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    actions::relabel_cable(&s, &ctx, id).await?;
    Ok(see_other(&format!("/jaringan/kabel/{id}?ok=diubah")))
}

#[derive(Template)]
#[template(path = "cable_labels.html")]
struct LabelsPage {
    pemda_name: String,
    /// Code, end A, end B.
    labels: Vec<(String, String, String)>,
    unlabelled: usize,
}

/// A print page of the matching cables' labels (print CSS, no JavaScript).
pub async fn cable_labels(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let mut all = s.store.all_cables(&cable_filter(&q)).await?;
    if let Some(id) = opt_id(&q.id) {
        all.retain(|c| c.id == id);
    }
    let unlabelled = all.iter().filter(|c| c.label_code.is_none()).count();
    let labels = all.into_iter().filter_map(|c| Some((c.label_code.clone()?, format!("A: {}", c.a.display()), format!("B: {}", c.b.display())))).collect();
    let pemda_name = s.store.profile().await?.map(|p| p.name).unwrap_or_default();
    Ok(render(&LabelsPage { pemda_name, labels, unlabelled }))
}

// ---- LAN diagrams --------------------------------------------------------------------------

struct DiagramRow {
    submitted_on: String,
    file_id: i64,
    file_name: String,
    kind: String,
    size: String,
    sha256: String,
    uploaded: String,
    notes: String,
}

#[derive(Template)]
#[template(path = "lan_diagrams.html")]
struct DiagramsPage {
    l: Layout,
    agency_id: i64,
    agency_name: String,
    rows: Vec<DiagramRow>,
    article: Option<&'static str>,
    due: Option<String>,
    can_upload: bool,
    can_audit: bool,
    submitted_on: String,
    notes: String,
    max_mb: usize,
    errs: Errs,
}

fn size_label(bytes: i64) -> String {
    if bytes >= 1024 * 1024 { format!("{:.1} MB", bytes as f64 / 1_048_576.0) } else { format!("{} KB", (bytes + 1023) / 1024) }
}

async fn diagrams_page(s: &AppState, ctx: &Ctx, agency_id: i64, form: (String, String), errs: Errs, flash: Option<&str>) -> Result<Response, AppError> {
    ctx.require(Action::ViewDirectory)?;
    let agency = s.store.agency(agency_id).await?;
    let all = s.store.lan_diagrams(agency_id).await?;
    let pemda = s.store.profile().await?;
    let article = pemda.as_ref().and_then(|p| p.regulation.profile().citations.lan_diagram_yearly);
    let due = article
        .and(all.first())
        .and_then(|d| simpul_domain::validate::parse_date(&d.submitted_on))
        .map(|d| add_years(d, 1).to_string());
    let tz = pemda.map(|p| p.timezone).unwrap_or(simpul_domain::pemda::TimeZone::Wib);
    let rows = all
        .into_iter()
        .map(|d| DiagramRow {
            kind: MediaType::from_code(&d.file.content_type).map(MediaType::label).unwrap_or("berkas").to_string(),
            size: size_label(d.file.size),
            uploaded: format!("{} oleh {}", tz.format_millis(d.file.uploaded_at), d.file.uploaded_by),
            notes: d.notes.unwrap_or_default(),
            submitted_on: d.submitted_on,
            file_id: d.file.id,
            file_name: d.file.file_name,
            sha256: d.file.sha256,
        })
        .collect();
    let status = match errs.0.first().map(|e| e.code) {
        Some("payload_too_large") => StatusCode::PAYLOAD_TOO_LARGE,
        Some("unsupported_media_type") => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        _ => status_for(&errs),
    };
    let l = Layout::new(s, ctx, &format!("Diagram LAN {}", agency.name), NAV).await.flash(flash);
    Ok(with_status(
        render(&DiagramsPage {
            l,
            agency_id,
            agency_name: agency.name,
            rows,
            article,
            due,
            can_upload: ctx.can(Action::ManageLan(agency_id)),
            can_audit: ctx.can(Action::ViewAudit),
            submitted_on: form.0,
            notes: form.1,
            max_mb: MAX_ATTACHMENT_BYTES / (1024 * 1024),
            errs,
        }),
        status,
    ))
}

pub async fn diagrams(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQ>) -> Page {
    Ok(diagrams_page(&s, &ctx, id, Default::default(), Errs::default(), flash_message(q.ok.as_deref())).await?)
}

pub async fn diagram_upload(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, body: MultipartBody) -> Page {
    ctx.require(Action::ManageLan(id))?;
    // Keep what was typed, to show it again if the upload is refused.
    let upload = body.read("file").await;
    let typed = upload.as_ref().map(|u| (u.field("submitted_on").unwrap_or("").to_string(), u.field("notes").unwrap_or("").to_string())).unwrap_or_default();
    match actions::add_lan_diagram(&s, &ctx, id, async { upload }).await {
        Ok(_) => Ok(see_other(&format!("/jaringan/diagram/{id}?ok=dibuat"))),
        Err(e) => match super::upload_errs(&e) {
            Some(errs) => Ok(diagrams_page(&s, &ctx, id, typed, errs, None).await?),
            None => Err(e.into()),
        },
    }
}

// ---- Label scheme ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "label_scheme.html")]
struct SchemePage {
    l: Layout,
    current: String,
    example: String,
    pattern: String,
    article: Option<&'static str>,
    can_manage: bool,
    errs: Errs,
}

async fn scheme_page(s: &AppState, ctx: &Ctx, pattern: Option<String>, errs: Errs, flash: Option<&str>) -> Result<Response, AppError> {
    ctx.require(Action::ViewDirectory)?;
    let current = s.store.label_pattern().await?;
    let status = status_for(&errs);
    let l = Layout::new(s, ctx, "Skema kode label kabel", NAV).await.flash(flash);
    Ok(with_status(
        render(&SchemePage {
            l,
            example: example_label(&current),
            pattern: pattern.unwrap_or_else(|| current.clone()),
            current,
            article: regulation(s).await?.and_then(|p| p.citations.cable_labels),
            can_manage: ctx.can(Action::ManageWan),
            errs,
        }),
        status,
    ))
}

pub async fn scheme(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    Ok(scheme_page(&s, &ctx, None, Errs::default(), flash_message(q.ok.as_deref())).await?)
}

pub async fn scheme_save(State(s): State<AppState>, ctx: Ctx, Form(p): Form<Vec<(String, String)>>) -> Page {
    let pattern = field(&p, "pattern");
    let r = actions::set_label_scheme(&s, &ctx, LabelSchemeInput { pattern: pattern.clone() }).await;
    submitted(r, |_| "/jaringan/skema-label?ok=diubah".to_string(), |errs| scheme_page(&s, &ctx, Some(pattern), errs, None)).await
}

// ---- Attachments -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "attachment_verify.html")]
struct VerifyPage {
    l: Layout,
    file_name: String,
    intact: bool,
    recorded: String,
    actual: String,
    recorded_size: i64,
    actual_size: i64,
    back: String,
}

/// Checks a stored file against the SHA-256 recorded at upload.
pub async fn attachment_verify(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let meta = s.store.attachment_meta(id).await?;
    require_read(&ctx, &meta)?;
    let check = s.store.attachment(id).await?.integrity();
    let back = match s.store.lan_diagram_of_attachment(id).await? {
        Some(d) => format!("/jaringan/diagram/{}", d.agency_id),
        None => "/jaringan".to_string(),
    };
    let l = Layout::new(&s, &ctx, "Keutuhan berkas", NAV).await;
    Ok(render(&VerifyPage {
        l,
        file_name: meta.file_name,
        intact: check.intact,
        recorded: check.recorded_sha256,
        actual: check.actual_sha256,
        recorded_size: check.recorded_size,
        actual_size: check.actual_size,
        back,
    }))
}
