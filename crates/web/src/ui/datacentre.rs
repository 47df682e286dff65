//! Pages of the data centre (Pusat Data: site → room → rack → server → VPS,
//! with a rack elevation and capacity) and of the domain registry.
//! Each handler: extract, authorize, call an action or a store read, render.
//! The forms are described as field lists ([`Field`]) rendered by one
//! template and turned into the same input types the API accepts.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use simpul_domain::apps::host_within;
use simpul_domain::datacentre::{Capacity, PlacementInput, RackInput, RoomInput, ServerInput, SiteInput, SiteKind, VpsInput, VpsState};
use simpul_domain::domains::{MailDomainInput, RecordType, SubdomainInput, SubdomainStatus};
use simpul_domain::findings::Finding;
use simpul_domain::roles::Action;
use simpul_store::datacentre::{Placement, Rack, Server, ServerFilter, Site, SiteFilter, Vps, VpsFilter};
use simpul_store::domains::{Subdomain, SubdomainFilter};
use simpul_store::PageRequest;

use super::apps::{finding_rows, label, FindingRow};
use super::pages::{agency_options, is_form_error, qs, see_other, Page};
use super::{flash_message, opt_id, render, Errs, Layout, Pager};
use crate::actions;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

const ALL: PageRequest = PageRequest { page: 1, per_page: 100_000 };

fn site_kind_label(c: &str) -> String {
    label(c, |c| SiteKind::from_code(c).map(SiteKind::label))
}
fn vps_state_label(c: &str) -> String {
    label(c, |c| VpsState::from_code(c).map(VpsState::label))
}
fn subdomain_status_label(c: &str) -> String {
    label(c, |c| SubdomainStatus::from_code(c).map(SubdomainStatus::label))
}

// ---- Forms as field lists ------------------------------------------------------------

/// One form field. `input` is the HTML input type, or `select` / `textarea`.
pub struct Field {
    pub(super) name: &'static str,
    label: &'static str,
    input: &'static str,
    required: bool,
    /// Sent to the input type as a number (empty: 0 when required, else null).
    numeric: bool,
    hint: &'static str,
    options: Vec<(String, String)>,
    pub(super) value: String,
    /// Turns the submitted text into the input's JSON value when it is
    /// neither text nor a number (a yes/no choice, a list of lines).
    convert: Option<fn(&str) -> Value>,
}

/// A yes/no choice, sent as a boolean.
pub(super) fn yes_no(name: &'static str, label: &'static str) -> Field {
    let options = vec![("false".to_string(), "Tidak".to_string()), ("true".to_string(), "Ya".to_string())];
    Field { name, label, input: "select", required: true, numeric: false, hint: "", options, value: "false".into(), convert: Some(|v| Value::Bool(v.trim() == "true")) }
}

/// A text area whose non-empty lines are sent as a list of strings.
pub(super) fn lines(name: &'static str, label: &'static str) -> Field {
    let convert: fn(&str) -> Value = |v| Value::from(v.lines().map(str::trim).filter(|l| !l.is_empty()).map(Value::from).collect::<Vec<_>>());
    Field { name, label, input: "textarea", required: false, numeric: false, hint: "", options: Vec::new(), value: String::new(), convert: Some(convert) }
}

pub(super) fn field(name: &'static str, label: &'static str, input: &'static str, required: bool, hint: &'static str) -> Field {
    Field { name, label, input, required, numeric: input == "number", hint, options: Vec::new(), value: String::new(), convert: None }
}

pub(super) fn choose(name: &'static str, label: &'static str, required: bool, options: Vec<(String, String)>) -> Field {
    Field { name, label, input: "select", required, numeric: name.ends_with("_id"), hint: "", options, value: String::new(), convert: None }
}

/// Values from a record (or defaults) as read through serde.
pub(super) fn fill<T: Serialize>(fields: &mut [Field], record: &T) {
    let v = serde_json::to_value(record).unwrap_or(Value::Null);
    for f in fields {
        f.value = match &v[f.name] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
            _ => String::new(),
        };
    }
}

fn fill_pairs(fields: &mut [Field], pairs: &[(String, String)]) {
    for f in fields {
        f.value = pairs.iter().find(|(n, _)| n == f.name).map(|(_, v)| v.clone()).unwrap_or_default();
    }
}

/// The input type the API accepts, from the fields as submitted.
fn parse_input<T: DeserializeOwned>(fields: &[Field]) -> Result<T, AppError> {
    let mut m = Map::new();
    for f in fields {
        let v = f.value.trim();
        if let Some(convert) = f.convert {
            m.insert(f.name.to_string(), convert(v));
            continue;
        }
        let value = match (f.numeric, v.is_empty(), f.required) {
            (true, true, true) => Value::from(0),
            (_, true, false) => Value::Null,
            // Not a number: -1, which every numeric rule refuses with its own message.
            (true, false, _) => Value::from(v.parse::<i64>().unwrap_or(-1)),
            (false, _, _) => Value::from(f.value.clone()),
        };
        m.insert(f.name.to_string(), value);
    }
    serde_json::from_value(Value::Object(m)).map_err(|e| AppError::Internal(format!("formulir tidak dapat dibaca: {e}")))
}

#[derive(Template)]
#[template(path = "dc_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    intro: String,
    action: String,
    cancel: String,
    fields: Vec<Field>,
    errs: Errs,
}

/// Where a form posts, returns to on cancel, and its heading.
pub(super) struct FormDef {
    pub(super) heading: &'static str,
    pub(super) intro: String,
    pub(super) action: String,
    pub(super) cancel: String,
    pub(super) nav: &'static str,
}

pub(super) async fn form_page(s: &AppState, ctx: &Ctx, def: FormDef, fields: Vec<Field>, errs: Errs) -> Result<Response, AppError> {
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, def.heading, def.nav).await;
    let mut res = render(&FormPage { l, heading: def.heading.into(), intro: def.intro, action: def.action, cancel: def.cancel, fields, errs });
    *res.status_mut() = status;
    Ok(res)
}

/// Submits a form through its action: on success to the record's page, on a
/// field error the form again with the errors marked.
pub(super) async fn submit<I: DeserializeOwned, T, Fut>(
    s: &AppState,
    ctx: &Ctx,
    def: FormDef,
    mut fields: Vec<Field>,
    pairs: &[(String, String)],
    save: impl FnOnce(I) -> Fut,
    to: impl FnOnce(&T) -> String,
) -> Page
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    fill_pairs(&mut fields, pairs);
    let input: I = parse_input(&fields)?;
    match save(input).await {
        Ok(t) => Ok(see_other(&to(&t))),
        Err(e) if is_form_error(&e) => Ok(form_page(s, ctx, def, fields, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub(super) fn new_def(heading: &'static str, action: &str, cancel: &str, nav: &'static str) -> FormDef {
    FormDef { heading, intro: String::new(), action: action.into(), cancel: cancel.into(), nav }
}

// ---- Options ----------------------------------------------------------------------------

async fn site_options(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(s.store.sites(&SiteFilter::default(), ALL).await?.items.into_iter().map(|x| (x.id.to_string(), format!("{} — {}", x.code, x.name))).collect())
}
async fn room_options(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(s.store.rooms(None, ALL).await?.items.into_iter().map(|r| (r.id.to_string(), format!("{} / {}", r.site_name, r.name))).collect())
}
async fn rack_options(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(s.store.racks(None, None, ALL).await?.items.into_iter().map(|k| (k.id.to_string(), format!("{} / {} / {} ({}U)", k.site_name, k.room_name, k.code, k.height_u))).collect())
}
async fn server_options(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(s.store.servers(&ServerFilter::default(), ALL).await?.items.into_iter().map(|x| (x.id.to_string(), format!("{} ({})", x.hostname, x.site_name))).collect())
}
async fn app_options(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let apps = s.store.all_applications(&Default::default()).await?;
    Ok(apps.into_iter().map(|a| (a.id.to_string(), format!("{} — {}", a.name, a.agency_name))).collect())
}

// ---- Field lists ----------------------------------------------------------------------------

async fn site_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    Ok(vec![
        field("code", "Kode lokasi", "text", true, "Contoh: PD-UTAMA"),
        field("name", "Nama lokasi", "text", true, ""),
        choose("kind", "Jenis lokasi", true, SiteKind::options()),
        choose("agency_id", "Perangkat Daerah pengelola", true, agency_options(s, true).await?),
        field("address", "Alamat", "text", false, ""),
        field("tier", "Tier pusat data (1–4)", "number", false, "Bila diketahui (TIA-942 / Uptime Institute)"),
        field("notes", "Catatan", "textarea", false, ""),
    ])
}

async fn room_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    Ok(vec![
        choose("site_id", "Lokasi", true, site_options(s).await?),
        field("name", "Nama ruangan", "text", true, ""),
        field("floor", "Lantai", "text", false, ""),
        field("notes", "Catatan", "textarea", false, ""),
    ])
}

async fn rack_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    Ok(vec![
        choose("room_id", "Ruangan", true, room_options(s).await?),
        field("code", "Kode rak", "text", true, "Contoh: R01"),
        field("height_u", "Tinggi rak (U)", "number", true, "1–60; umumnya 42"),
        field("notes", "Catatan", "textarea", false, ""),
    ])
}

async fn server_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    Ok(vec![
        field("hostname", "Nama host", "text", true, "Contoh: srv-app01.dc.namakota.go.id"),
        choose("rack_id", "Rak", true, rack_options(s).await?),
        field("u_position", "Posisi unit terbawah (U)", "number", true, "1 = paling bawah"),
        field("u_height", "Tinggi server (U)", "number", true, "1–10"),
        field("serial", "Nomor seri", "text", false, ""),
        field("model", "Merek dan model", "text", false, ""),
        field("cpu_cores", "Jumlah inti CPU", "number", true, ""),
        field("ram_gb", "RAM (GB)", "number", true, ""),
        field("storage_gb", "Penyimpanan (GB)", "number", true, ""),
        choose("agency_id", "Perangkat Daerah pemilik", true, agency_options(s, true).await?),
        field("ip_address", "Alamat IP", "text", false, "IPv4 atau IPv6"),
        field("notes", "Catatan", "textarea", false, ""),
    ])
}

async fn vps_fields(s: &AppState) -> Result<Vec<Field>, AppError> {
    Ok(vec![
        field("hostname", "Nama host VPS", "text", true, "Contoh: vps-dinkes01.dc.namakota.go.id"),
        choose("server_id", "Server fisik", true, server_options(s).await?),
        choose("agency_id", "Perangkat Daerah peminta", true, agency_options(s, true).await?),
        field("vcpu", "vCPU", "number", true, ""),
        field("ram_gb", "RAM (GB)", "number", true, ""),
        field("disk_gb", "Disk (GB)", "number", true, ""),
        field("os", "Sistem operasi", "text", false, "Contoh: Debian 12"),
        field("ip_address", "Alamat IP", "text", false, "Wajib bila VPS aktif"),
        choose("state", "Status", true, VpsState::options()),
        field("requested_on", "Tanggal diminta", "date", false, "TTTT-BB-HH"),
        field("provisioned_on", "Tanggal diaktifkan", "date", false, "TTTT-BB-HH"),
        field("decommissioned_on", "Tanggal dihentikan", "date", false, "TTTT-BB-HH"),
        field("notes", "Catatan", "textarea", false, ""),
    ])
}

async fn subdomain_fields(s: &AppState, ctx: &Ctx) -> Result<Vec<Field>, AppError> {
    let p = ctx.user()?;
    let agencies = agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageSubdomains(a)))).collect();
    Ok(vec![
        field("fqdn", "Nama subdomain lengkap", "text", true, "Contoh: simpeg.namakota.go.id (huruf kecil; nama beraksara lain dalam bentuk xn--)"),
        choose("agency_id", "Perangkat Daerah penanggung jawab", true, agencies),
        choose("application_id", "Aplikasi yang dilayani", false, app_options(s).await?),
        field("purpose", "Keperluan", "text", false, "Contoh: situs web perangkat daerah"),
        choose("record_type", "Jenis rekaman DNS", true, RecordType::options()),
        field("target", "Tujuan rekaman", "text", true, "Alamat IP (A/AAAA) atau nama host (CNAME)"),
        field("registered_on", "Tanggal didaftarkan", "date", true, "TTTT-BB-HH"),
        choose("status", "Status", true, SubdomainStatus::options()),
        field("notes", "Catatan", "textarea", false, ""),
    ])
}

fn mail_fields() -> Vec<Field> {
    vec![
        field("email_domain", "Domain surel resmi", "text", true, "Bagian setelah @, contoh: namakota.go.id"),
        field("mail_host", "Server surel (MX)", "text", false, "Contoh: mail.namakota.go.id"),
        field("notes", "Catatan", "textarea", false, ""),
    ]
}

// ---- Form handlers ------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ParentQ {
    #[serde(default)]
    site_id: String,
    #[serde(default)]
    room_id: String,
    #[serde(default)]
    rack_id: String,
    #[serde(default)]
    server_id: String,
    #[serde(default)]
    agency_id: String,
}

/// Defaults of a new record: the parent named in the query string.
fn defaults(q: &ParentQ, extra: Value) -> Value {
    let mut v = serde_json::json!({"site_id": q.site_id, "room_id": q.room_id, "rack_id": q.rack_id, "server_id": q.server_id, "agency_id": q.agency_id});
    if let (Some(m), Some(x)) = (v.as_object_mut(), extra.as_object()) {
        for (k, val) in x {
            m.insert(k.clone(), val.clone());
        }
    }
    v
}

/// The new, create, edit and update handlers of a data-centre record.
macro_rules! dc_forms {
    ($new:ident, $create:ident, $edit:ident, $update:ident, fields = $fields:ident, save = $save:ident, get = $get:ident, input = $input:ident,
     heading = ($h_new:tt, $h_edit:tt), base = $base:tt, show = $show:tt, defaults = $def:expr) => {
        pub async fn $new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ParentQ>) -> Page {
            ctx.require(Action::ManageDataCentre)?;
            let mut fields = $fields(&s).await?;
            fill(&mut fields, &defaults(&q, $def));
            Ok(form_page(&s, &ctx, new_def($h_new, concat!($base, "/baru"), "/pusat-data", "/pusat-data"), fields, Errs::default()).await?)
        }

        pub async fn $create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
            ctx.require(Action::ManageDataCentre)?;
            let fields = $fields(&s).await?;
            let def = new_def($h_new, concat!($base, "/baru"), "/pusat-data", "/pusat-data");
            submit(&s, &ctx, def, fields, &pairs, |i: $input| actions::$save(&s, &ctx, None, i), |t| format!(concat!($show, "/{}?ok=dibuat"), t.id)).await
        }

        pub async fn $edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
            ctx.require(Action::ManageDataCentre)?;
            let record = s.store.$get(id).await?;
            let mut fields = $fields(&s).await?;
            fill(&mut fields, &record);
            let def = new_def($h_edit, &format!(concat!($base, "/{}/ubah"), id), &format!(concat!($show, "/{}"), id), "/pusat-data");
            Ok(form_page(&s, &ctx, def, fields, Errs::default()).await?)
        }

        pub async fn $update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
            ctx.require(Action::ManageDataCentre)?;
            let fields = $fields(&s).await?;
            let def = new_def($h_edit, &format!(concat!($base, "/{}/ubah"), id), &format!(concat!($show, "/{}"), id), "/pusat-data");
            submit(&s, &ctx, def, fields, &pairs, |i: $input| actions::$save(&s, &ctx, Some(id), i), |t| format!(concat!($show, "/{}?ok=diubah"), t.id)).await
        }
    };
}

dc_forms!(site_new, site_create, site_edit, site_update, fields = site_fields, save = save_site, get = site, input = SiteInput,
    heading = ("Tambah Lokasi Pusat Data", "Ubah Lokasi"), base = "/pusat-data/lokasi", show = "/pusat-data/lokasi", defaults = serde_json::json!({"kind": "pusat_data_utama"}));
dc_forms!(room_new, room_create, room_edit, room_update, fields = room_fields, save = save_room, get = room, input = RoomInput,
    heading = ("Tambah Ruangan", "Ubah Ruangan"), base = "/pusat-data/ruang", show = "/pusat-data/ruang", defaults = Value::Null);
dc_forms!(rack_new, rack_create, rack_edit, rack_update, fields = rack_fields, save = save_rack, get = rack, input = RackInput,
    heading = ("Tambah Rak", "Ubah Rak"), base = "/pusat-data/rak", show = "/pusat-data/rak", defaults = serde_json::json!({"height_u": 42}));
dc_forms!(server_new, server_create, server_edit, server_update, fields = server_fields, save = save_server, get = server, input = ServerInput,
    heading = ("Tambah Server Fisik", "Ubah Server Fisik"), base = "/pusat-data/server", show = "/pusat-data/server", defaults = serde_json::json!({"u_height": 1}));
dc_forms!(vps_new, vps_create, vps_edit, vps_update, fields = vps_fields, save = save_vps, get = vps, input = VpsInput,
    heading = ("Tambah VPS", "Ubah VPS"), base = "/pusat-data/vps", show = "/pusat-data/vps", defaults = serde_json::json!({"state": "diminta"}));

/// A room has no page of its own: it is shown on its site's page.
pub async fn room_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let room = s.store.room(id).await?;
    Ok(see_other(&format!("/pusat-data/lokasi/{}{}#ruang-{id}", room.site_id, q.ok.map(|o| format!("?ok={o}")).unwrap_or_default())))
}

// ---- Overview and site ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct OkQ {
    #[serde(default)]
    ok: Option<String>,
}

struct SiteRow {
    id: i64,
    code: String,
    name: String,
    kind: String,
    agency_name: String,
    tier: String,
}

#[derive(Template)]
#[template(path = "dc_index.html")]
struct IndexPage {
    l: Layout,
    sites: Vec<SiteRow>,
    servers: i64,
    vps_active: i64,
    vps_requested: i64,
    overcommitted: Vec<(i64, String, String)>,
    can_manage: bool,
}

fn site_row(x: Site) -> SiteRow {
    SiteRow { tier: x.tier.map(|t| t.to_string()).unwrap_or_else(|| "—".into()), kind: site_kind_label(&x.kind), id: x.id, code: x.code, name: x.name, agency_name: x.agency_name }
}

pub async fn index(State(s): State<AppState>, ctx: Ctx, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let sites = s.store.sites(&SiteFilter::default(), ALL).await?.items.into_iter().map(site_row).collect();
    let servers = s.store.all_servers(&ServerFilter::default()).await?;
    let vps = s.store.all_vps(&VpsFilter::default()).await?;
    let l = Layout::new(&s, &ctx, "Pusat Data", "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&IndexPage {
        l,
        sites,
        servers: servers.len() as i64,
        vps_active: vps.iter().filter(|v| v.state == "aktif").count() as i64,
        vps_requested: vps.iter().filter(|v| v.state == "diminta").count() as i64,
        overcommitted: servers.iter().filter(|x| !x.capacity.overcommitted().is_empty()).map(|x| (x.id, x.hostname.clone(), overcommit_text(&x.capacity))).collect(),
        can_manage: ctx.can(Action::ManageDataCentre),
    }))
}

struct RoomBlock {
    id: i64,
    name: String,
    floor: String,
    racks: Vec<Rack>,
}

#[derive(Template)]
#[template(path = "dc_site.html")]
struct SitePage {
    l: Layout,
    site: Site,
    kind: String,
    rooms: Vec<RoomBlock>,
    can_manage: bool,
}

pub async fn site_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let site = s.store.site(id).await?;
    let racks = s.store.racks(Some(id), None, ALL).await?.items;
    let rooms = s
        .store
        .rooms(Some(id), ALL)
        .await?
        .items
        .into_iter()
        .map(|r| RoomBlock { racks: racks.iter().filter(|k| k.room_id == r.id).cloned().collect(), id: r.id, name: r.name, floor: r.floor.unwrap_or_default() })
        .collect();
    let l = Layout::new(&s, &ctx, &site.name, "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&SitePage { l, kind: site_kind_label(&site.kind), site, rooms, can_manage: ctx.can(Action::ManageDataCentre) }))
}

// ---- Rack elevation -------------------------------------------------------------------------------

/// One unit of a rack, top first: the server starting there (with its
/// height, for `rowspan`), a unit covered by a server below it, or empty.
pub struct Unit {
    u: i64,
    /// `start`, `covered` or `empty`.
    kind: &'static str,
    server_id: i64,
    hostname: String,
    height: i64,
}

/// The rack's units from the top down.
fn elevation(height: i64, servers: &[Server]) -> Vec<Unit> {
    (1..=height)
        .rev()
        .map(|u| {
            let found = servers.iter().find(|x| u >= x.u_position && u < x.u_position + x.u_height);
            match found {
                Some(x) => Unit { u, kind: if u == x.u_position + x.u_height - 1 { "start" } else { "covered" }, server_id: x.id, hostname: x.hostname.clone(), height: x.u_height },
                None => Unit { u, kind: "empty", server_id: 0, hostname: String::new(), height: 1 },
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "dc_rack.html")]
struct RackPage {
    l: Layout,
    rack: Rack,
    units: Vec<Unit>,
    servers: Vec<Server>,
    can_manage: bool,
}

pub async fn rack_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let rack = s.store.rack(id).await?;
    let servers = s.store.all_servers(&ServerFilter { rack_id: Some(id), ..Default::default() }).await?;
    let l = Layout::new(&s, &ctx, &format!("Rak {}", rack.code), "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&RackPage { l, units: elevation(rack.height_u, &servers), rack, servers, can_manage: ctx.can(Action::ManageDataCentre) }))
}

// ---- Servers ----------------------------------------------------------------------------------------

fn overcommit_text(c: &Capacity) -> String {
    let names: Vec<&str> = c.overcommitted().into_iter().map(|r| match r {
        "cpu" => "CPU",
        "ram" => "RAM",
        _ => "disk",
    }).collect();
    names.join(", ")
}

#[derive(Deserialize, Default)]
pub struct ListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    site_id: String,
    #[serde(default)]
    server_id: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "dc_servers.html")]
struct ServersPage {
    l: Layout,
    rows: Vec<(Server, String)>,
    q: String,
    site_id: String,
    agency_id: String,
    sites: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    export_query: String,
    can_manage: bool,
    errs: Errs,
}

pub async fn servers(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let f = ServerFilter { q: Some(q.q.clone()), site_id: opt_id(&q.site_id), agency_id: opt_id(&q.agency_id), ..Default::default() };
    let page = s.store.servers(&f, PageRequest::new(q.page, Some(50))).await?;
    let filters = [("q", q.q.as_str()), ("site_id", q.site_id.as_str()), ("agency_id", q.agency_id.as_str())];
    let l = Layout::new(&s, &ctx, "Server Fisik", "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&ServersPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page.items.into_iter().map(|x| (overcommit_text(&x.capacity), x)).map(|(o, x)| (x, o)).collect(),
        sites: site_options(&s).await?,
        agencies: agency_options(&s, false).await?,
        q: q.q,
        site_id: q.site_id,
        agency_id: q.agency_id,
        can_manage: ctx.can(Action::ManageDataCentre),
        errs: Errs::default(),
    }))
}

/// A placement row, with the host it is on.
struct PlacementRow {
    id: i64,
    application_id: i64,
    application_name: String,
    host: String,
    href: String,
}

fn placement_rows(ps: Vec<Placement>) -> Vec<PlacementRow> {
    ps.into_iter()
        .map(|p| PlacementRow {
            href: match p.vps_id {
                Some(v) => format!("/pusat-data/vps/{v}"),
                None => format!("/pusat-data/server/{}", p.physical_server_id),
            },
            host: match p.vps_id {
                Some(_) => format!("VPS {}", p.host_name),
                None => p.host_name,
            },
            id: p.id,
            application_id: p.application_id,
            application_name: p.application_name,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "dc_server.html")]
struct ServerPage {
    l: Layout,
    x: Server,
    cap: Capacity,
    overcommitted: String,
    vps: Vec<(Vps, String)>,
    apps: Vec<PlacementRow>,
    app_options: Vec<(String, String)>,
    here: String,
    /// The hidden field naming the host in the placement form.
    host_key: &'static str,
    host_id: i64,
    can_manage: bool,
}

pub async fn server_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let x = s.store.server(id).await?;
    let vps = s.store.all_vps(&VpsFilter { server_id: Some(id), ..Default::default() }).await?.into_iter().map(|v| (vps_state_label(&v.state), v)).map(|(l, v)| (v, l)).collect();
    let apps = placement_rows(s.store.placements_on_server(id, true).await?);
    let l = Layout::new(&s, &ctx, &x.hostname, "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&ServerPage {
        l,
        cap: x.capacity,
        overcommitted: overcommit_text(&x.capacity),
        vps,
        apps,
        app_options: app_options(&s).await?,
        here: format!("/pusat-data/server/{id}"),
        host_key: "server_id",
        host_id: id,
        can_manage: ctx.can(Action::ManageDataCentre),
        x,
    }))
}

// ---- VPS ------------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "dc_vps_list.html")]
struct VpsListPage {
    l: Layout,
    rows: Vec<(Vps, String)>,
    q: String,
    state: String,
    agency_id: String,
    server_id: String,
    states: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
    servers: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    export_query: String,
    can_manage: bool,
    errs: Errs,
}

pub async fn vps_list(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let f = VpsFilter { q: Some(q.q.clone()), server_id: opt_id(&q.server_id), agency_id: opt_id(&q.agency_id), state: Some(q.state.clone()) };
    let page = s.store.vps_page(&f, PageRequest::new(q.page, Some(50))).await?;
    let filters = [("q", q.q.as_str()), ("state", q.state.as_str()), ("agency_id", q.agency_id.as_str()), ("server_id", q.server_id.as_str())];
    let l = Layout::new(&s, &ctx, "VPS", "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&VpsListPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page.items.into_iter().map(|v| (vps_state_label(&v.state), v)).map(|(l, v)| (v, l)).collect(),
        states: VpsState::options(),
        agencies: agency_options(&s, false).await?,
        servers: server_options(&s).await?,
        q: q.q,
        state: q.state,
        agency_id: q.agency_id,
        server_id: q.server_id,
        can_manage: ctx.can(Action::ManageDataCentre),
        errs: Errs::default(),
    }))
}

#[derive(Template)]
#[template(path = "dc_vps.html")]
struct VpsPage {
    l: Layout,
    v: Vps,
    state: String,
    apps: Vec<PlacementRow>,
    app_options: Vec<(String, String)>,
    here: String,
    /// The hidden field naming the host in the placement form.
    host_key: &'static str,
    host_id: i64,
    can_manage: bool,
}

pub async fn vps_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let v = s.store.vps(id).await?;
    let l = Layout::new(&s, &ctx, &v.hostname, "/pusat-data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&VpsPage {
        l,
        state: vps_state_label(&v.state),
        apps: placement_rows(s.store.placements_on_vps(id).await?),
        app_options: app_options(&s).await?,
        here: format!("/pusat-data/vps/{id}"),
        host_key: "vps_id",
        host_id: id,
        can_manage: ctx.can(Action::ManageDataCentre),
        v,
    }))
}

// ---- Placements --------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct PlacementForm {
    #[serde(default)]
    application_id: String,
    #[serde(default)]
    server_id: String,
    #[serde(default)]
    vps_id: String,
    #[serde(default)]
    back: String,
}

/// Back to the page the form was on, only within the data centre pages.
fn back_to(back: &str, ok: &str) -> String {
    let safe = back.starts_with("/pusat-data/") && !back.contains("//") && back.chars().all(|c| c.is_ascii_alphanumeric() || "/-".contains(c));
    format!("{}?ok={ok}", if safe { back } else { "/pusat-data" })
}

pub async fn placement_create(State(s): State<AppState>, ctx: Ctx, Form(f): Form<PlacementForm>) -> Page {
    let input = PlacementInput { application_id: opt_id(&f.application_id).unwrap_or(0), server_id: opt_id(&f.server_id), vps_id: opt_id(&f.vps_id) };
    actions::create_placement(&s, &ctx, input).await?;
    Ok(see_other(&back_to(&f.back, "dibuat")))
}

pub async fn placement_delete(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<PlacementForm>) -> Page {
    actions::delete_placement(&s, &ctx, id).await?;
    Ok(see_other(&back_to(&f.back, "dihapus")))
}

// ---- Domains ---------------------------------------------------------------------------------------------------

struct SubdomainRow {
    d: Subdomain,
    status: String,
    outside: bool,
    findings: usize,
}

#[derive(Template)]
#[template(path = "domains.html")]
struct DomainsPage {
    l: Layout,
    official_domain: String,
    official_article: String,
    email_article: String,
    management_article: String,
    email_domain: String,
    mail_host: String,
    rows: Vec<SubdomainRow>,
    q: String,
    agency_id: String,
    status: String,
    agencies: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    pager: Pager,
    pager_base: String,
    export_query: String,
    can_create: bool,
    can_mail: bool,
    errs: Errs,
}

pub async fn domains(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let profile = s.store.profile().await?;
    let official = profile.as_ref().map(|p| p.domain.clone()).unwrap_or_default();
    let cites = profile.map(|p| p.regulation.profile().citations);
    let cite = |f: fn(&simpul_domain::profiles::Citations) -> Option<&'static str>| cites.as_ref().and_then(f).unwrap_or_default().to_string();
    let mail = s.store.mail_domain().await?;
    let f = SubdomainFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), status: Some(q.status.clone()), ..Default::default() };
    let page = s.store.subdomains(&f, PageRequest::new(q.page, Some(50))).await?;
    let found = crate::evaluate_findings(&s).await?.findings;
    let filters = [("q", q.q.as_str()), ("agency_id", q.agency_id.as_str()), ("status", q.status.as_str())];
    let l = Layout::new(&s, &ctx, "Domain", "/domain").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&DomainsPage {
        l,
        official_article: cite(|c| c.official_domain),
        email_article: cite(|c| c.official_email),
        management_article: cite(|c| c.website_management),
        email_domain: mail.as_ref().map(|m| m.email_domain.clone()).unwrap_or_default(),
        mail_host: mail.and_then(|m| m.mail_host).unwrap_or_default(),
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page
            .items
            .into_iter()
            .map(|d| SubdomainRow {
                status: subdomain_status_label(&d.status),
                outside: !host_within(&d.fqdn, &official),
                findings: found.iter().filter(|f| f.entity == "subdomain" && f.entity_id == d.id).count(),
                d,
            })
            .collect(),
        official_domain: official,
        agencies: agency_options(&s, false).await?,
        statuses: SubdomainStatus::options(),
        q: q.q,
        agency_id: q.agency_id,
        status: q.status,
        can_create: p.can_for_some_agency(Action::ManageSubdomains),
        can_mail: p.can(Action::ManageDomainNames),
        errs: Errs::default(),
    }))
}

#[derive(Template)]
#[template(path = "subdomain.html")]
struct SubdomainPage {
    l: Layout,
    d: Subdomain,
    status: String,
    official_domain: String,
    findings: Vec<FindingRow>,
    can_edit: bool,
    can_audit: bool,
}

pub async fn subdomain_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let d = s.store.subdomain(id).await?;
    let official = s.store.profile().await?.map(|p| p.domain).unwrap_or_default();
    let found: Vec<Finding> = crate::evaluate_findings(&s).await?.findings.into_iter().filter(|f| f.entity == "subdomain" && f.entity_id == id).collect();
    let names = HashMap::from([(d.agency_id, d.agency_name.clone())]);
    let l = Layout::new(&s, &ctx, &d.fqdn, "/domain").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&SubdomainPage {
        l,
        status: subdomain_status_label(&d.status),
        official_domain: official,
        findings: finding_rows(found, &names),
        can_edit: ctx.can(Action::ManageSubdomains(d.agency_id)),
        can_audit: ctx.can(Action::ViewAudit),
        d,
    }))
}

fn subdomain_def(id: Option<i64>) -> FormDef {
    match id {
        Some(id) => new_def("Ubah Subdomain", &format!("/domain/{id}/ubah"), &format!("/domain/{id}"), "/domain"),
        None => new_def("Daftarkan Subdomain", "/domain/baru", "/domain", "/domain"),
    }
}

pub async fn subdomain_new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ParentQ>) -> Page {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::ManageSubdomains) {
        return Err(AppError::Forbidden.into());
    }
    let agency = opt_id(&q.agency_id).or(p.agency_id).map(|a| a.to_string()).unwrap_or_default();
    let today = crate::local_today(s.store.profile().await?.map(|p| p.timezone).unwrap_or(simpul_domain::pemda::TimeZone::Wib)).to_string();
    let mut fields = subdomain_fields(&s, &ctx).await?;
    fill(&mut fields, &serde_json::json!({"agency_id": agency, "record_type": "A", "status": "aktif", "registered_on": today}));
    Ok(form_page(&s, &ctx, subdomain_def(None), fields, Errs::default()).await?)
}

pub async fn subdomain_create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = subdomain_fields(&s, &ctx).await?;
    submit(&s, &ctx, subdomain_def(None), fields, &pairs, |i: SubdomainInput| actions::save_subdomain(&s, &ctx, None, i), |d: &Subdomain| format!("/domain/{}?ok=dibuat", d.id)).await
}

pub async fn subdomain_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let d = s.store.subdomain(id).await?;
    ctx.require(Action::ManageSubdomains(d.agency_id))?;
    let mut fields = subdomain_fields(&s, &ctx).await?;
    fill(&mut fields, &d);
    Ok(form_page(&s, &ctx, subdomain_def(Some(id)), fields, Errs::default()).await?)
}

pub async fn subdomain_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let fields = subdomain_fields(&s, &ctx).await?;
    submit(&s, &ctx, subdomain_def(Some(id)), fields, &pairs, |i: SubdomainInput| actions::save_subdomain(&s, &ctx, Some(id), i), |d: &Subdomain| format!("/domain/{}?ok=diubah", d.id)).await
}

fn mail_def() -> FormDef {
    let mut d = new_def("Domain Surel Resmi", "/domain/surel", "/domain", "/domain");
    d.intro = "Perangkat daerah menggunakan alamat surel pada domain ini untuk berkomunikasi secara kedinasan.".into();
    d
}

pub async fn mail_edit(State(s): State<AppState>, ctx: Ctx) -> Page {
    ctx.require(Action::ManageDomainNames)?;
    let mut fields = mail_fields();
    match s.store.mail_domain().await? {
        Some(m) => fill(&mut fields, &m),
        None => fill(&mut fields, &serde_json::json!({"email_domain": s.store.profile().await?.map(|p| p.domain).unwrap_or_default()})),
    }
    Ok(form_page(&s, &ctx, mail_def(), fields, Errs::default()).await?)
}

pub async fn mail_update(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    ctx.require(Action::ManageDomainNames)?;
    submit(&s, &ctx, mail_def(), mail_fields(), &pairs, |i: MailDomainInput| actions::save_mail_domain(&s, &ctx, i), |_| "/domain?ok=diubah".to_string()).await
}
