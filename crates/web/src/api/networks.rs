//! The network registry's API (Jaringan Intra): WAN links, LAN devices and
//! ports, data cables with their label codes, LAN diagrams, the label
//! scheme; and the attachment store's downloads and integrity checks.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::networks::{end_code, CableInput, DeviceInput, LabelParts, LabelPattern, LabelSchemeInput, PortInput, WanLinkInput};
use simpul_domain::roles::Action;
use simpul_store::networks::{CableFilter, DeviceFilter, WanFilter};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{page_of, Gated, Id, Q};
use crate::actions;
use crate::attachments::{require_read, MultipartBody, MAX_UPLOAD_BODY};
use crate::ctx::Ctx;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::AppState;
use super::types::{Page, PageQuery};

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new().routes(routes!(list_lan_diagrams, upload_lan_diagram)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY));
    r.routes(routes!(get_label_scheme, put_label_scheme))
        .routes(routes!(lan_status))
        .routes(routes!(list_wan_links, create_wan_link))
        .routes(routes!(get_wan_link, update_wan_link))
        .routes(routes!(list_devices, create_device))
        .routes(routes!(export_devices_csv))
        .routes(routes!(export_devices_json))
        .routes(routes!(get_device, update_device))
        .routes(routes!(add_ports))
        .routes(routes!(list_cables, create_cable))
        .routes(routes!(export_cables_csv))
        .routes(routes!(export_cables_json))
        .routes(routes!(get_cable, update_cable))
        .routes(routes!(relabel_cable))
        .routes(routes!(decommission_cable))
        .merge(uploads)
        .routes(routes!(download_attachment))
        .routes(routes!(verify_attachment))
}

// ---- Wire types ---------------------------------------------------------------------

pub use simpul_domain::networks::{CableInput as CableIn, DeviceInput as DeviceIn, LabelSchemeInput as LabelSchemeIn, PortInput as PortIn, WanLinkInput as WanLinkIn};

#[derive(Serialize, ToSchema)]
pub struct LabelScheme {
    /// The pattern, e.g. `{AGENCY}-{FROM}-{TO}-{SEQ:3}`.
    pub pattern: String,
    /// The pattern applied to a sample cable.
    pub example: String,
    /// The article requiring cable labels under the active regulation, if it has one.
    pub article: Option<String>,
}

pub(crate) fn example_label(pattern: &str) -> String {
    let parts = LabelParts { agency: "DINKES".into(), from: end_code(Some(("sw-lt2-01", "Gi0/5")), None), to: "R.201-A03".into() };
    LabelPattern::parse(pattern).map(|p| p.render(&parts, 1)).unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct LanStatus {
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    /// Date of the latest LAN diagram handed in.
    pub latest_on: Option<String>,
    pub diagrams: i64,
    pub devices: i64,
    pub cables: i64,
}

#[derive(Serialize, ToSchema)]
pub struct WanLink {
    pub id: i64,
    pub from_agency_id: i64,
    pub from_agency_name: String,
    pub from_site: Option<String>,
    pub to_agency_id: i64,
    pub to_agency_name: String,
    pub to_site: Option<String>,
    /// `fiber_optik`, `radio`, `metro_ethernet`, `vpn`, `vsat` or `lainnya`.
    pub medium: String,
    pub bandwidth_mbps: i64,
    pub provider: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::networks::WanLink> for WanLink {
    fn from(w: simpul_store::networks::WanLink) -> Self {
        WanLink {
            id: w.id,
            from_agency_id: w.from_agency_id,
            from_agency_name: w.from_agency_name,
            from_site: w.from_site,
            to_agency_id: w.to_agency_id,
            to_agency_name: w.to_agency_name,
            to_site: w.to_site,
            medium: w.medium,
            bandwidth_mbps: w.bandwidth_mbps,
            provider: w.provider,
            notes: w.notes,
            created_at: w.created_at,
            updated_at: w.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Port {
    pub id: i64,
    pub device_id: i64,
    pub name: String,
    pub speed_mbps: Option<i64>,
    /// The cable whose end is on this port.
    pub cable_id: Option<i64>,
    pub cable_label: Option<String>,
}

impl From<simpul_store::networks::Port> for Port {
    fn from(p: simpul_store::networks::Port) -> Self {
        Port { id: p.id, device_id: p.device_id, name: p.name, speed_mbps: p.speed_mbps, cable_id: p.cable_id, cable_label: p.cable_label }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Device {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub hostname: String,
    /// `router`, `switch`, `access_point` or `firewall`.
    pub kind: String,
    pub location: Option<String>,
    pub management_ip: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub port_count: i64,
    pub ports_used: i64,
    /// Only in single-device answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<Port>>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::networks::Device> for Device {
    fn from(d: simpul_store::networks::Device) -> Self {
        Device {
            id: d.id,
            agency_id: d.agency_id,
            agency_name: d.agency_name,
            hostname: d.hostname,
            kind: d.kind,
            location: d.location,
            management_ip: d.management_ip,
            model: d.model,
            serial_number: d.serial_number,
            port_count: d.port_count,
            ports_used: d.ports_used,
            ports: None,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CableEnd {
    /// The device port, when the end is on a port.
    pub port_id: Option<i64>,
    pub device_id: Option<i64>,
    pub hostname: Option<String>,
    pub port_name: Option<String>,
    /// The outlet / patch-panel position, when the end is not on a port.
    pub outlet: Option<String>,
    /// `host:port` or the outlet.
    pub display: String,
}

impl From<simpul_store::networks::End> for CableEnd {
    fn from(e: simpul_store::networks::End) -> Self {
        CableEnd { display: e.display(), port_id: e.port_id, device_id: e.device_id, hostname: e.hostname, port_name: e.port_name, outlet: e.outlet }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Cable {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub a: CableEnd,
    pub b: CableEnd,
    /// `utp_cat5e`, `utp_cat6`, `utp_cat6a`, `fiber_singlemode`, `fiber_multimode` or `lainnya`.
    pub medium: String,
    pub length_m: Option<i64>,
    /// The inter-node address code; none: unlabelled.
    pub label_code: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The day it was taken out of service (its ports were freed then).
    pub decommissioned_on: Option<String>,
}

impl From<simpul_store::networks::Cable> for Cable {
    fn from(c: simpul_store::networks::Cable) -> Self {
        Cable {
            id: c.id,
            agency_id: c.agency_id,
            agency_name: c.agency_name,
            a: c.a.into(),
            b: c.b.into(),
            medium: c.medium,
            length_m: c.length_m,
            label_code: c.label_code,
            notes: c.notes,
            created_at: c.created_at,
            updated_at: c.updated_at,
            decommissioned_on: c.decommissioned_on,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Attachment {
    pub id: i64,
    /// What owns the file, e.g. `lan_diagram`.
    pub owner_kind: String,
    pub owner_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 recorded at upload.
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
    /// Where to download it.
    pub url: String,
}

impl From<simpul_store::attachments::AttachmentMeta> for Attachment {
    fn from(m: simpul_store::attachments::AttachmentMeta) -> Self {
        Attachment {
            url: format!("/api/v1/attachments/{}", m.id),
            id: m.id,
            owner_kind: m.owner_kind,
            owner_id: m.owner_id,
            file_name: m.file_name,
            content_type: m.content_type,
            size: m.size,
            sha256: m.sha256,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LanDiagram {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    /// The diagram's date, `YYYY-MM-DD`.
    pub submitted_on: String,
    pub notes: Option<String>,
    /// Whether it is the agency's current diagram (the latest).
    pub current: bool,
    pub created_at: i64,
    pub file: Attachment,
}

impl LanDiagram {
    fn of(d: simpul_store::networks::LanDiagram, current: bool) -> Self {
        LanDiagram { id: d.id, agency_id: d.agency_id, agency_name: d.agency_name, submitted_on: d.submitted_on, notes: d.notes, current, created_at: d.created_at, file: d.file.into() }
    }
}

/// The multipart form of a LAN diagram upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LanDiagramUpload {
    /// PDF, PNG, JPEG or SVG (without scripts), at most 10 MB; the type is recognised by content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The diagram's date, `YYYY-MM-DD`, not in the future; default today.
    submitted_on: Option<String>,
    notes: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Integrity {
    pub id: i64,
    /// Whether the stored bytes still match the digest recorded at upload.
    pub intact: bool,
    pub recorded_sha256: String,
    pub actual_sha256: String,
    pub recorded_size: i64,
    pub actual_size: i64,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct WanQuery {
    /// Links with this agency at either end.
    pub agency_id: Option<i64>,
    pub medium: Option<String>,
    /// Search in sites, provider and agency names.
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct DeviceQuery {
    /// Search in host name, location, management address, model and serial number.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub kind: Option<String>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl DeviceQuery {
    pub fn filter(&self) -> DeviceFilter {
        DeviceFilter { q: self.q.clone(), agency_id: self.agency_id, kind: self.kind.clone() }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct CableQuery {
    /// Search in label codes, outlets and host names.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    /// Cables with an end on this device.
    pub device_id: Option<i64>,
    /// Only cables without a label code.
    pub unlabelled: Option<bool>,
    /// Also cables taken out of service (default: only those in service).
    pub with_decommissioned: Option<bool>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl CableQuery {
    pub fn filter(&self) -> CableFilter {
        CableFilter { q: self.q.clone(), agency_id: self.agency_id, device_id: self.device_id, unlabelled: self.unlabelled.unwrap_or(false), with_decommissioned: self.with_decommissioned.unwrap_or(false) }
    }
}

fn req(page: Option<u32>, per_page: Option<u32>) -> simpul_store::PageRequest {
    simpul_store::PageRequest::new(page, per_page)
}

// ---- Label scheme and overview ----------------------------------------------------------

async fn label_scheme(s: &AppState, pattern: String) -> ApiResult<LabelScheme> {
    let article = s.store.profile().await?.and_then(|p| p.regulation.profile().citations.cable_labels).map(str::to_string);
    Ok(LabelScheme { example: example_label(&pattern), pattern, article })
}

/// The Pemda's cable-label scheme ("kode alamat antar node").
#[utoipa::path(get, path = "/api/v1/network/label-scheme", tag = "jaringan", responses((status = 200, body = LabelScheme), (status = 401, body = ErrorBody)))]
async fn get_label_scheme(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<LabelScheme>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(label_scheme(&s, s.store.label_pattern().await?).await?))
}

/// Set the cable-label pattern (Diskominfo). Placeholders: `{AGENCY}`, `{FROM}`, `{TO}`, `{SEQ}` / `{SEQ:n}` (required).
#[utoipa::path(put, path = "/api/v1/network/label-scheme", tag = "jaringan", request_body = LabelSchemeIn,
    responses((status = 200, body = LabelScheme), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_label_scheme(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<LabelSchemeInput>) -> ApiResult<Json<LabelScheme>> {
    let p = actions::set_label_scheme(&s, &ctx, b).await?;
    Ok(Json(label_scheme(&s, p).await?))
}

/// Every active agency's LAN: latest diagram, devices and cables.
#[utoipa::path(get, path = "/api/v1/network/lan-status", tag = "jaringan", params(PageQuery), responses((status = 200, body = Page<LanStatus>), (status = 401, body = ErrorBody)))]
async fn lan_status(State(s): State<AppState>, ctx: Ctx, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<LanStatus>>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(page_of(s.store.lan_statuses().await?, &q, |l| LanStatus {
        agency_id: l.agency_id,
        agency_code: l.agency_code,
        agency_name: l.agency_name,
        latest_on: l.latest_on,
        diagrams: l.diagrams,
        devices: l.devices,
        cables: l.cables,
    })))
}

// ---- WAN ------------------------------------------------------------------------------

/// List WAN links between agencies.
#[utoipa::path(get, path = "/api/v1/wan-links", tag = "jaringan", params(WanQuery), responses((status = 200, body = Page<WanLink>), (status = 401, body = ErrorBody)))]
async fn list_wan_links(State(s): State<AppState>, ctx: Ctx, Q(q): Q<WanQuery>) -> ApiResult<Json<Page<WanLink>>> {
    ctx.require(Action::ViewDirectory)?;
    let f = WanFilter { agency_id: q.agency_id, medium: q.medium.clone(), q: q.q.clone() };
    Ok(Json(Page::from_store(s.store.wan_links(&f, req(q.page, q.per_page)).await?, WanLink::from)))
}

/// Record a WAN link (Diskominfo).
#[utoipa::path(post, path = "/api/v1/wan-links", tag = "jaringan", request_body = WanLinkIn,
    responses((status = 201, body = WanLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_wan_link(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<WanLinkInput>) -> ApiResult<(StatusCode, Json<WanLink>)> {
    Ok((StatusCode::CREATED, Json(actions::create_wan_link(&s, &ctx, b).await?.into())))
}

/// One WAN link.
#[utoipa::path(get, path = "/api/v1/wan-links/{id}", tag = "jaringan", params(("id" = i64, Path)), responses((status = 200, body = WanLink), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_wan_link(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<WanLink>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.wan_link(id).await?.into()))
}

/// Change a WAN link (Diskominfo).
#[utoipa::path(put, path = "/api/v1/wan-links/{id}", tag = "jaringan", params(("id" = i64, Path)), request_body = WanLinkIn,
    responses((status = 200, body = WanLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_wan_link(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<WanLinkInput>) -> ApiResult<Json<WanLink>> {
    Ok(Json(actions::update_wan_link(&s, &ctx, id, b).await?.into()))
}

// ---- Devices --------------------------------------------------------------------------

/// List network devices.
#[utoipa::path(get, path = "/api/v1/network-devices", tag = "jaringan", params(DeviceQuery), responses((status = 200, body = Page<Device>), (status = 401, body = ErrorBody)))]
async fn list_devices(State(s): State<AppState>, ctx: Ctx, Q(q): Q<DeviceQuery>) -> ApiResult<Json<Page<Device>>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(Page::from_store(s.store.devices(&q.filter(), req(q.page, q.per_page)).await?, Device::from)))
}

/// Register a network device (Diskominfo; Kepala PD or Operator PD for their own agency).
#[utoipa::path(post, path = "/api/v1/network-devices", tag = "jaringan", request_body = DeviceIn,
    responses((status = 201, body = Device), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_device(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<DeviceInput>) -> ApiResult<(StatusCode, Json<Device>)> {
    Ok((StatusCode::CREATED, Json(actions::create_device(&s, &ctx, b).await?.into())))
}

async fn device_with_ports(s: &AppState, d: simpul_store::networks::Device) -> ApiResult<Device> {
    let ports = s.store.ports(d.id).await?.into_iter().map(Port::from).collect();
    let mut out = Device::from(d);
    out.ports = Some(ports);
    Ok(out)
}

/// One device with its ports.
#[utoipa::path(get, path = "/api/v1/network-devices/{id}", tag = "jaringan", params(("id" = i64, Path)), responses((status = 200, body = Device), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_device(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Device>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(device_with_ports(&s, s.store.device(id).await?).await?))
}

/// Change a device; moving it to another agency needs the right on both.
#[utoipa::path(put, path = "/api/v1/network-devices/{id}", tag = "jaringan", params(("id" = i64, Path)), request_body = DeviceIn,
    responses((status = 200, body = Device), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_device(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<DeviceInput>) -> ApiResult<Json<Device>> {
    let d = actions::update_device(&s, &ctx, id, b).await?;
    Ok(Json(device_with_ports(&s, d).await?))
}

/// Add ports to a device: one, or `count` numbered ones. Answers all its ports.
#[utoipa::path(post, path = "/api/v1/network-devices/{id}/ports", tag = "jaringan", params(("id" = i64, Path)), request_body = PortIn,
    responses((status = 201, body = Vec<Port>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_ports(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<PortInput>) -> ApiResult<(StatusCode, Json<Vec<Port>>)> {
    let ports = actions::add_ports(&s, &ctx, id, b).await?;
    Ok((StatusCode::CREATED, Json(ports.into_iter().map(Port::from).collect())))
}

/// The columns of the devices' CSV export, in order.
pub const DEVICE_CSV_COLUMNS: &[&str] = &["id", "agency_id", "agency_name", "hostname", "kind", "location", "management_ip", "model", "serial_number", "port_count", "ports_used"];
/// The columns of the cables' CSV export, in order.
pub const CABLE_CSV_COLUMNS: &[&str] = &["id", "agency_id", "agency_name", "label_code", "a_end", "a_port_id", "b_end", "b_port_id", "medium", "length_m", "notes"];

/// A CSV document (RFC 4180, header row).
pub(crate) fn csv_table(columns: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> ApiResult<String> {
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).map_err(err)?;
    for r in rows {
        w.write_record(r).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn csv_response(name: &str, body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))], body).into_response()
}

fn json_download<T: Serialize>(name: &str, v: T) -> Response {
    ([(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))], Json(v)).into_response()
}

/// Export the matching devices as CSV.
#[utoipa::path(get, path = "/api/v1/network-devices/export.csv", tag = "jaringan", params(DeviceQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn export_devices_csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<DeviceQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let rows = s.store.all_devices(&q.filter()).await?.into_iter().map(|d| {
        vec![
            d.id.to_string(),
            d.agency_id.to_string(),
            d.agency_name,
            d.hostname,
            d.kind,
            opt(&d.location),
            opt(&d.management_ip),
            opt(&d.model),
            opt(&d.serial_number),
            d.port_count.to_string(),
            d.ports_used.to_string(),
        ]
    });
    Ok(csv_response("perangkat-jaringan.csv", csv_table(DEVICE_CSV_COLUMNS, rows)?))
}

/// Export the matching devices as JSON (unpaged).
#[utoipa::path(get, path = "/api/v1/network-devices/export.json", tag = "jaringan", params(DeviceQuery), responses((status = 200, body = Vec<Device>), (status = 401, body = ErrorBody)))]
async fn export_devices_json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<DeviceQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let all: Vec<Device> = s.store.all_devices(&q.filter()).await?.into_iter().map(Device::from).collect();
    Ok(json_download("perangkat-jaringan.json", all))
}

// ---- Cables ---------------------------------------------------------------------------

/// List data cables.
#[utoipa::path(get, path = "/api/v1/cables", tag = "jaringan", params(CableQuery), responses((status = 200, body = Page<Cable>), (status = 401, body = ErrorBody)))]
async fn list_cables(State(s): State<AppState>, ctx: Ctx, Q(q): Q<CableQuery>) -> ApiResult<Json<Page<Cable>>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(Page::from_store(s.store.cables(&q.filter(), req(q.page, q.per_page)).await?, Cable::from)))
}

/// Record a data cable; without `label_code` and with `auto_label` (default) its code is generated from the scheme.
#[utoipa::path(post, path = "/api/v1/cables", tag = "jaringan", request_body = CableIn,
    responses((status = 201, body = Cable), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_cable(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<CableInput>) -> ApiResult<(StatusCode, Json<Cable>)> {
    Ok((StatusCode::CREATED, Json(actions::create_cable(&s, &ctx, b).await?.into())))
}

/// One cable.
#[utoipa::path(get, path = "/api/v1/cables/{id}", tag = "jaringan", params(("id" = i64, Path)), responses((status = 200, body = Cable), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_cable(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Cable>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.cable(id).await?.into()))
}

/// Change a cable. Without `label_code`, `auto_label` keeps the current code (or generates one); `auto_label: false` removes it.
#[utoipa::path(put, path = "/api/v1/cables/{id}", tag = "jaringan", params(("id" = i64, Path)), request_body = CableIn,
    responses((status = 200, body = Cable), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_cable(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<CableInput>) -> ApiResult<Json<Cable>> {
    Ok(Json(actions::update_cable(&s, &ctx, id, b).await?.into()))
}

/// Give a cable a new label code generated from the current scheme.
#[utoipa::path(post, path = "/api/v1/cables/{id}/label", tag = "jaringan", params(("id" = i64, Path)),
    responses((status = 200, body = Cable), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn relabel_cable(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Cable>> {
    Ok(Json(actions::relabel_cable(&s, &ctx, id).await?.into()))
}

/// Take a cable out of service (dibongkar): its ports are freed for other cables, its ends kept as text; the row and its label code stay as history. 409 when already done.
#[utoipa::path(post, path = "/api/v1/cables/{id}/decommission", tag = "jaringan", params(("id" = i64, Path)),
    responses((status = 200, body = Cable), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decommission_cable(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Cable>> {
    Ok(Json(actions::decommission_cable(&s, &ctx, id).await?.into()))
}

/// Export the matching cables as CSV.
#[utoipa::path(get, path = "/api/v1/cables/export.csv", tag = "jaringan", params(CableQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn export_cables_csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<CableQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let rows = s.store.all_cables(&q.filter()).await?.into_iter().map(|c| {
        vec![
            c.id.to_string(),
            c.agency_id.to_string(),
            c.agency_name.clone(),
            opt(&c.label_code),
            c.a.display(),
            opt(&c.a.port_id),
            c.b.display(),
            opt(&c.b.port_id),
            c.medium.clone(),
            opt(&c.length_m),
            opt(&c.notes),
        ]
    });
    Ok(csv_response("kabel-data.csv", csv_table(CABLE_CSV_COLUMNS, rows)?))
}

/// Export the matching cables as JSON (unpaged).
#[utoipa::path(get, path = "/api/v1/cables/export.json", tag = "jaringan", params(CableQuery), responses((status = 200, body = Vec<Cable>), (status = 401, body = ErrorBody)))]
async fn export_cables_json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<CableQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let all: Vec<Cable> = s.store.all_cables(&q.filter()).await?.into_iter().map(Cable::from).collect();
    Ok(json_download("kabel-data.json", all))
}

// ---- LAN diagrams and attachments ----------------------------------------------------

/// An agency's LAN diagrams, the current one first (older versions are kept).
#[utoipa::path(get, path = "/api/v1/agencies/{id}/lan-diagrams", tag = "jaringan", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = Page<LanDiagram>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_lan_diagrams(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Q(q): Q<PageQuery>) -> ApiResult<Json<Page<LanDiagram>>> {
    ctx.require(Action::ViewDirectory)?;
    s.store.agency(id).await?;
    let all = s.store.lan_diagrams(id).await?;
    let current = all.first().map(|d| d.id);
    Ok(Json(page_of(all, &q, |d| {
        let is_current = Some(d.id) == current;
        LanDiagram::of(d, is_current)
    })))
}

/// Hand in an agency's LAN diagram (multipart: `file`, `submitted_on`, `notes`): Diskominfo, or Kepala PD / Operator PD of the agency.
#[utoipa::path(post, path = "/api/v1/agencies/{id}/lan-diagrams", tag = "jaringan", params(("id" = i64, Path)),
    request_body(content = LanDiagramUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = LanDiagram), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_lan_diagram(State(s): State<AppState>, ctx: Ctx, Id(id): Id, body: MultipartBody) -> ApiResult<(StatusCode, Json<LanDiagram>)> {
    let d = actions::add_lan_diagram(&s, &ctx, id, body.read("file")).await?;
    Ok((StatusCode::CREATED, Json(LanDiagram::of(d, true))))
}

/// Download an attachment. Its SHA-256 is checked first: a modified file is refused with 409 `integrity_failed`.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "lampiran", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn download_attachment(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    require_read(&ctx, &s.store.attachment_meta(id).await?)?;
    crate::attachments::download(s.store.attachment(id).await?)
}

/// Check an attachment against the SHA-256 recorded at upload (modification detection).
#[utoipa::path(get, path = "/api/v1/attachments/{id}/verify", tag = "lampiran", params(("id" = i64, Path)),
    responses((status = 200, body = Integrity), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn verify_attachment(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Integrity>> {
    ctx.require(Action::ViewDirectory)?;
    require_read(&ctx, &s.store.attachment_meta(id).await?)?;
    let i = s.store.attachment(id).await?.integrity();
    Ok(Json(Integrity { id, intact: i.intact, recorded_sha256: i.recorded_sha256, actual_sha256: i.actual_sha256, recorded_size: i.recorded_size, actual_size: i.actual_size }))
}
