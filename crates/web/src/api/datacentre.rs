//! The data centre (Pusat Data) and domain registry API: sites → rooms →
//! racks → physical servers → VPS, which applications run where, subdomains
//! and the official e-mail domain. Everyone signed in reads; Diskominfo
//! writes the data centre; Kepala PD / Operator PD write their agency's
//! subdomains (`roles::Action::{ManageDataCentre, ManageSubdomains, ManageDomainNames}`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::apps::host_within;
use simpul_domain::datacentre::Capacity;
use simpul_domain::roles::Action;
use simpul_store::datacentre::{ServerFilter, SiteFilter, VpsFilter};
use simpul_store::domains::SubdomainFilter;
use simpul_store::Store;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::types::Page;
use super::{csv_response, csv_text, json_download, page_of, Gated, Id, PageQuery, Q};
use crate::actions;
use crate::ctx::Ctx;
use crate::error::{ApiResult, ErrorBody};
use crate::AppState;

pub use simpul_domain::datacentre::{PlacementInput as PlacementIn, RackInput as RackIn, RoomInput as RoomIn, ServerInput as ServerIn, SiteInput as SiteIn, VpsInput as VpsIn};
pub use simpul_domain::domains::{MailDomainInput as MailDomainIn, SubdomainInput as SubdomainIn};

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_sites, create_site))
        .routes(routes!(get_site, update_site))
        .routes(routes!(list_rooms, create_room))
        .routes(routes!(get_room, update_room))
        .routes(routes!(list_racks, create_rack))
        .routes(routes!(get_rack, update_rack))
        .routes(routes!(list_servers, create_server))
        .routes(routes!(export_servers_csv))
        .routes(routes!(export_servers_json))
        .routes(routes!(get_server, update_server))
        .routes(routes!(list_vps, create_vps))
        .routes(routes!(export_vps_csv))
        .routes(routes!(export_vps_json))
        .routes(routes!(get_vps, update_vps))
        .routes(routes!(list_placements, create_placement))
        .routes(routes!(delete_placement))
        .routes(routes!(domains))
        .routes(routes!(put_mail_domain))
        .routes(routes!(list_subdomains, create_subdomain))
        .routes(routes!(export_subdomains_csv))
        .routes(routes!(export_subdomains_json))
        .routes(routes!(get_subdomain, update_subdomain))
}

type StoreResult<T> = Result<T, simpul_store::StoreError>;

// ---- Wire types -------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct Site {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// `pusat_data_utama`, `drc` or `ruang_server_pd`.
    pub kind: String,
    /// The operating agency.
    pub agency_id: i64,
    pub agency_name: String,
    pub address: Option<String>,
    pub tier: Option<i64>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::datacentre::Site> for Site {
    fn from(s: simpul_store::datacentre::Site) -> Self {
        Site { id: s.id, code: s.code, name: s.name, kind: s.kind, agency_id: s.agency_id, agency_name: s.agency_name, address: s.address, tier: s.tier, notes: s.notes, created_at: s.created_at, updated_at: s.updated_at }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Room {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub name: String,
    pub floor: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::datacentre::Room> for Room {
    fn from(r: simpul_store::datacentre::Room) -> Self {
        Room { id: r.id, site_id: r.site_id, site_name: r.site_name, name: r.name, floor: r.floor, notes: r.notes, created_at: r.created_at, updated_at: r.updated_at }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Rack {
    pub id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub code: String,
    /// Height in rack units (U).
    pub height_u: i64,
    /// Units occupied by servers.
    pub used_u: i64,
    pub server_count: i64,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::datacentre::Rack> for Rack {
    fn from(k: simpul_store::datacentre::Rack) -> Self {
        Rack {
            id: k.id,
            room_id: k.room_id,
            room_name: k.room_name,
            site_id: k.site_id,
            site_name: k.site_name,
            code: k.code,
            height_u: k.height_u,
            used_u: k.used_u,
            server_count: k.server_count,
            notes: k.notes,
            created_at: k.created_at,
            updated_at: k.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Server {
    pub id: i64,
    pub hostname: String,
    pub rack_id: i64,
    pub rack_code: String,
    pub room_id: i64,
    pub room_name: String,
    pub site_id: i64,
    pub site_name: String,
    /// Lowest rack unit occupied (1 = bottom).
    pub u_position: i64,
    pub u_height: i64,
    pub serial: Option<String>,
    pub model: Option<String>,
    pub cpu_cores: i64,
    pub ram_gb: i64,
    pub storage_gb: i64,
    /// The owning agency.
    pub agency_id: i64,
    pub agency_name: String,
    pub ip_address: Option<String>,
    pub notes: Option<String>,
    /// Physical resources against those given to its VPS (requested or active).
    pub capacity: Capacity,
    /// Resources given out beyond the physical ones: `cpu`, `ram`, `disk`.
    pub overcommitted: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::datacentre::Server> for Server {
    fn from(s: simpul_store::datacentre::Server) -> Self {
        Server {
            overcommitted: s.capacity.overcommitted().into_iter().map(str::to_string).collect(),
            id: s.id,
            hostname: s.hostname,
            rack_id: s.rack_id,
            rack_code: s.rack_code,
            room_id: s.room_id,
            room_name: s.room_name,
            site_id: s.site_id,
            site_name: s.site_name,
            u_position: s.u_position,
            u_height: s.u_height,
            serial: s.serial,
            model: s.model,
            cpu_cores: s.cpu_cores,
            ram_gb: s.ram_gb,
            storage_gb: s.storage_gb,
            agency_id: s.agency_id,
            agency_name: s.agency_name,
            ip_address: s.ip_address,
            notes: s.notes,
            capacity: s.capacity,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Vps {
    pub id: i64,
    pub hostname: String,
    /// The physical server it runs on.
    pub server_id: i64,
    pub server_hostname: String,
    /// The agency that requested it.
    pub agency_id: i64,
    pub agency_name: String,
    pub vcpu: i64,
    pub ram_gb: i64,
    pub disk_gb: i64,
    pub os: Option<String>,
    pub ip_address: Option<String>,
    /// `diminta`, `aktif` or `dihentikan`.
    pub state: String,
    pub requested_on: Option<String>,
    pub provisioned_on: Option<String>,
    pub decommissioned_on: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::datacentre::Vps> for Vps {
    fn from(v: simpul_store::datacentre::Vps) -> Self {
        Vps {
            id: v.id,
            hostname: v.hostname,
            server_id: v.server_id,
            server_hostname: v.server_hostname,
            agency_id: v.agency_id,
            agency_name: v.agency_name,
            vcpu: v.vcpu,
            ram_gb: v.ram_gb,
            disk_gb: v.disk_gb,
            os: v.os,
            ip_address: v.ip_address,
            state: v.state,
            requested_on: v.requested_on,
            provisioned_on: v.provisioned_on,
            decommissioned_on: v.decommissioned_on,
            notes: v.notes,
            created_at: v.created_at,
            updated_at: v.updated_at,
        }
    }
}

/// An application running on a physical server or a VPS.
#[derive(Serialize, ToSchema)]
pub struct Placement {
    pub id: i64,
    pub application_id: i64,
    pub application_name: String,
    /// The application's agency.
    pub agency_id: i64,
    pub server_id: Option<i64>,
    pub vps_id: Option<i64>,
    /// The server's or VPS's host name.
    pub host_name: String,
    /// The physical server underneath.
    pub physical_server_id: i64,
    pub created_at: i64,
}

impl From<simpul_store::datacentre::Placement> for Placement {
    fn from(p: simpul_store::datacentre::Placement) -> Self {
        Placement {
            id: p.id,
            application_id: p.application_id,
            application_name: p.application_name,
            agency_id: p.agency_id,
            server_id: p.server_id,
            vps_id: p.vps_id,
            host_name: p.host_name,
            physical_server_id: p.physical_server_id,
            created_at: p.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Subdomain {
    pub id: i64,
    pub fqdn: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub application_id: Option<i64>,
    pub application_name: Option<String>,
    pub purpose: Option<String>,
    /// `A`, `AAAA` or `CNAME`.
    pub record_type: String,
    pub target: String,
    pub registered_on: String,
    /// `aktif` or `nonaktif`.
    pub status: String,
    /// Whether it is the official domain or under it (outside: a finding).
    pub within_official_domain: bool,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Subdomain {
    pub fn of(d: simpul_store::domains::Subdomain, official: &str) -> Self {
        Subdomain {
            within_official_domain: !official.is_empty() && host_within(&d.fqdn, official),
            id: d.id,
            fqdn: d.fqdn,
            agency_id: d.agency_id,
            agency_name: d.agency_name,
            application_id: d.application_id,
            application_name: d.application_name,
            purpose: d.purpose,
            record_type: d.record_type,
            target: d.target,
            registered_on: d.registered_on,
            status: d.status,
            notes: d.notes,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MailDomain {
    pub email_domain: String,
    pub mail_host: Option<String>,
    pub notes: Option<String>,
    pub updated_at: i64,
}

impl From<simpul_store::domains::MailDomain> for MailDomain {
    fn from(m: simpul_store::domains::MailDomain) -> Self {
        MailDomain { email_domain: m.email_domain, mail_host: m.mail_host, notes: m.notes, updated_at: m.updated_at }
    }
}

/// The domain registry at a glance.
#[derive(Serialize, ToSchema)]
pub struct Domains {
    /// The official domain, from the Pemda profile.
    pub official_domain: Option<String>,
    /// The official e-mail domain, once set.
    pub mail: Option<MailDomain>,
    pub subdomains_active: i64,
    pub subdomains_total: i64,
    /// Articles of the active regulation: agencies use subdomains of the official domain…
    pub official_domain_article: Option<String>,
    /// … and official e-mail addresses …
    pub official_email_article: Option<String>,
    /// … and the ICT office manages (sub)domain names.
    pub website_management_article: Option<String>,
}

// ---- Queries -----------------------------------------------------------------------------

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SiteQuery {
    /// Search in code, name and address.
    pub q: Option<String>,
    /// `pusat_data_utama`, `drc` or `ruang_server_pd`.
    pub kind: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct RoomQuery {
    pub site_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct RackQuery {
    pub site_id: Option<i64>,
    pub room_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ServerQuery {
    /// Search in host name, serial number, model and IP address.
    pub q: Option<String>,
    pub site_id: Option<i64>,
    pub room_id: Option<i64>,
    pub rack_id: Option<i64>,
    /// The owning agency.
    pub agency_id: Option<i64>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct VpsQuery {
    /// Search in host name, IP address and operating system.
    pub q: Option<String>,
    pub server_id: Option<i64>,
    /// The requesting agency.
    pub agency_id: Option<i64>,
    /// `diminta`, `aktif` or `dihentikan`.
    pub state: Option<String>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PlacementQuery {
    pub application_id: Option<i64>,
    /// On this server, directly or on one of its VPS.
    pub server_id: Option<i64>,
    pub vps_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SubdomainQuery {
    /// Search in name, purpose and target.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub application_id: Option<i64>,
    /// `aktif` or `nonaktif`.
    pub status: Option<String>,
    /// `A`, `AAAA` or `CNAME`.
    pub record_type: Option<String>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

fn req(page: Option<u32>, per_page: Option<u32>) -> simpul_store::PageRequest {
    simpul_store::PageRequest::new(page, per_page)
}

impl SiteQuery {
    async fn fetch(&self, st: &Store) -> StoreResult<simpul_store::Page<simpul_store::datacentre::Site>> {
        st.sites(&SiteFilter { q: self.q.clone(), kind: self.kind.clone() }, req(self.page, self.per_page)).await
    }
}
impl RoomQuery {
    async fn fetch(&self, st: &Store) -> StoreResult<simpul_store::Page<simpul_store::datacentre::Room>> {
        st.rooms(self.site_id, req(self.page, self.per_page)).await
    }
}
impl RackQuery {
    async fn fetch(&self, st: &Store) -> StoreResult<simpul_store::Page<simpul_store::datacentre::Rack>> {
        st.racks(self.site_id, self.room_id, req(self.page, self.per_page)).await
    }
}
impl ServerQuery {
    pub fn filter(&self) -> ServerFilter {
        ServerFilter { q: self.q.clone(), site_id: self.site_id, room_id: self.room_id, rack_id: self.rack_id, agency_id: self.agency_id }
    }
    async fn fetch(&self, st: &Store) -> StoreResult<simpul_store::Page<simpul_store::datacentre::Server>> {
        st.servers(&self.filter(), req(self.page, self.per_page)).await
    }
}
impl VpsQuery {
    pub fn filter(&self) -> VpsFilter {
        VpsFilter { q: self.q.clone(), server_id: self.server_id, agency_id: self.agency_id, state: self.state.clone() }
    }
    async fn fetch(&self, st: &Store) -> StoreResult<simpul_store::Page<simpul_store::datacentre::Vps>> {
        st.vps_page(&self.filter(), req(self.page, self.per_page)).await
    }
}
impl SubdomainQuery {
    pub fn filter(&self) -> SubdomainFilter {
        SubdomainFilter { q: self.q.clone(), agency_id: self.agency_id, application_id: self.application_id, status: self.status.clone(), record_type: self.record_type.clone() }
    }
}

// ---- Data centre: list, create, read, update ------------------------------------------------

/// The list, create, read and update operations of one registry resource.
/// Reading is open to every signed-in user; writing is decided by the action.
macro_rules! resource {
    (
        tag = $tag:tt, path = $path:tt, item = $item:tt, wire = $wire:ident, input = $input:ident, query = $query:ident,
        list = $list:ident $list_doc:tt, create = $create:ident $create_doc:tt, get = $get:ident => $store_get:ident, update = $update:ident, save = $save:ident
    ) => {
        #[doc = $list_doc]
        #[utoipa::path(get, path = $path, tag = $tag, params($query), responses((status = 200, body = Page<$wire>), (status = 401, body = ErrorBody)))]
        async fn $list(State(s): State<AppState>, ctx: Ctx, Q(q): Q<$query>) -> ApiResult<Json<Page<$wire>>> {
            ctx.require(Action::ViewDirectory)?;
            Ok(Json(Page::from_store(q.fetch(&s.store).await?, $wire::from)))
        }

        #[doc = $create_doc]
        #[utoipa::path(post, path = $path, tag = $tag, request_body = $input,
            responses((status = 201, body = $wire), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        async fn $create(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<$input>) -> ApiResult<(StatusCode, Json<$wire>)> {
            Ok((StatusCode::CREATED, Json(actions::$save(&s, &ctx, None, b).await?.into())))
        }

        /// One record.
        #[utoipa::path(get, path = $item, tag = $tag, params(("id" = i64, Path)), responses((status = 200, body = $wire), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
        async fn $get(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<$wire>> {
            ctx.require(Action::ViewDirectory)?;
            Ok(Json(s.store.$store_get(id).await?.into()))
        }

        /// Change a record (all fields, as on creation).
        #[utoipa::path(put, path = $item, tag = $tag, params(("id" = i64, Path)), request_body = $input,
            responses((status = 200, body = $wire), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        async fn $update(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<$input>) -> ApiResult<Json<$wire>> {
            Ok(Json(actions::$save(&s, &ctx, Some(id), b).await?.into()))
        }
    };
}

resource!(tag = "pusat_data", path = "/api/v1/datacentre/sites", item = "/api/v1/datacentre/sites/{id}", wire = Site, input = SiteIn, query = SiteQuery,
    list = list_sites "Data centre sites: the main Pusat Data, the DRC, agencies' server rooms.",
    create = create_site "Register a site (Diskominfo).", get = get_site => site, update = update_site, save = save_site);
resource!(tag = "pusat_data", path = "/api/v1/datacentre/rooms", item = "/api/v1/datacentre/rooms/{id}", wire = Room, input = RoomIn, query = RoomQuery,
    list = list_rooms "Rooms of the sites.", create = create_room "Register a room (Diskominfo).", get = get_room => room, update = update_room, save = save_room);
resource!(tag = "pusat_data", path = "/api/v1/datacentre/racks", item = "/api/v1/datacentre/racks/{id}", wire = Rack, input = RackIn, query = RackQuery,
    list = list_racks "Racks, with the units their servers occupy.", create = create_rack "Register a rack (Diskominfo).", get = get_rack => rack, update = update_rack, save = save_rack);
resource!(tag = "pusat_data", path = "/api/v1/datacentre/servers", item = "/api/v1/datacentre/servers/{id}", wire = Server, input = ServerIn, query = ServerQuery,
    list = list_servers "Physical servers with their capacity against the VPS they carry.",
    create = create_server "Register a physical server (Diskominfo); it must fit in its rack without overlapping another.",
    get = get_server => server, update = update_server, save = save_server);
resource!(tag = "pusat_data", path = "/api/v1/datacentre/vps", item = "/api/v1/datacentre/vps/{id}", wire = Vps, input = VpsIn, query = VpsQuery,
    list = list_vps "Virtual servers (VPS) provided to agencies (Perwali Balikpapan 14/2022 Pasal 19 ayat (11)).",
    create = create_vps "Register a VPS (Diskominfo).", get = get_vps => vps, update = update_vps, save = save_vps);

// ---- Exports ---------------------------------------------------------------------------------

/// The columns of the server CSV export, in order.
pub const SERVER_CSV_COLUMNS: &[&str] = &[
    "id", "hostname", "site_name", "room_name", "rack_code", "u_position", "u_height", "serial", "model", "cpu_cores", "ram_gb", "storage_gb", "vcpu_allocated",
    "ram_gb_allocated", "disk_gb_allocated", "vps_count", "overcommitted", "agency_id", "agency_name", "ip_address", "notes",
];

/// The columns of the VPS CSV export, in order.
pub const VPS_CSV_COLUMNS: &[&str] = &[
    "id", "hostname", "server_id", "server_hostname", "agency_id", "agency_name", "vcpu", "ram_gb", "disk_gb", "os", "ip_address", "state", "requested_on",
    "provisioned_on", "decommissioned_on", "notes",
];

/// The columns of the subdomain CSV export, in order.
pub const SUBDOMAIN_CSV_COLUMNS: &[&str] = &[
    "id", "fqdn", "agency_id", "agency_name", "application_id", "application_name", "purpose", "record_type", "target", "registered_on", "status",
    "within_official_domain", "notes",
];

fn o(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn server_record(s: &Server) -> Vec<String> {
    let c = &s.capacity;
    vec![
        s.id.to_string(),
        s.hostname.clone(),
        s.site_name.clone(),
        s.room_name.clone(),
        s.rack_code.clone(),
        s.u_position.to_string(),
        s.u_height.to_string(),
        o(&s.serial),
        o(&s.model),
        s.cpu_cores.to_string(),
        s.ram_gb.to_string(),
        s.storage_gb.to_string(),
        c.vcpu_allocated.to_string(),
        c.ram_gb_allocated.to_string(),
        c.disk_gb_allocated.to_string(),
        c.vps_count.to_string(),
        s.overcommitted.join(";"),
        s.agency_id.to_string(),
        s.agency_name.clone(),
        o(&s.ip_address),
        o(&s.notes),
    ]
}

fn vps_record(v: &Vps) -> Vec<String> {
    vec![
        v.id.to_string(),
        v.hostname.clone(),
        v.server_id.to_string(),
        v.server_hostname.clone(),
        v.agency_id.to_string(),
        v.agency_name.clone(),
        v.vcpu.to_string(),
        v.ram_gb.to_string(),
        v.disk_gb.to_string(),
        o(&v.os),
        o(&v.ip_address),
        v.state.clone(),
        o(&v.requested_on),
        o(&v.provisioned_on),
        o(&v.decommissioned_on),
        o(&v.notes),
    ]
}

fn subdomain_record(d: &Subdomain) -> Vec<String> {
    vec![
        d.id.to_string(),
        d.fqdn.clone(),
        d.agency_id.to_string(),
        d.agency_name.clone(),
        d.application_id.map(|a| a.to_string()).unwrap_or_default(),
        o(&d.application_name),
        o(&d.purpose),
        d.record_type.clone(),
        d.target.clone(),
        d.registered_on.clone(),
        d.status.clone(),
        d.within_official_domain.to_string(),
        o(&d.notes),
    ]
}

async fn official_domain(s: &AppState) -> ApiResult<String> {
    Ok(s.store.profile().await?.map(|p| p.domain).unwrap_or_default())
}

async fn all_servers(s: &AppState, q: &ServerQuery) -> ApiResult<Vec<Server>> {
    Ok(s.store.all_servers(&q.filter()).await?.into_iter().map(Server::from).collect())
}

async fn all_vps(s: &AppState, q: &VpsQuery) -> ApiResult<Vec<Vps>> {
    Ok(s.store.all_vps(&q.filter()).await?.into_iter().map(Vps::from).collect())
}

async fn all_subdomains(s: &AppState, q: &SubdomainQuery) -> ApiResult<Vec<Subdomain>> {
    let official = official_domain(s).await?;
    Ok(s.store.all_subdomains(&q.filter()).await?.into_iter().map(|d| Subdomain::of(d, &official)).collect())
}

/// The CSV and JSON exports of one resource (every match of the filter, unpaged).
macro_rules! exports {
    (tag = $tag:tt, csv = $csv:ident $csv_path:tt $csv_doc:tt, json = $json:ident $json_path:tt $json_doc:tt,
     wire = $wire:ident, query = $query:ident, all = $all:ident, columns = $cols:ident, record = $record:ident, file = $file:tt) => {
        #[doc = $csv_doc]
        #[utoipa::path(get, path = $csv_path, tag = $tag, params($query), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
        async fn $csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<$query>) -> ApiResult<Response> {
            ctx.require(Action::ViewDirectory)?;
            let rows = $all(&s, &q).await?;
            Ok(csv_response(csv_text($cols, rows.iter().map($record))?, concat!($file, ".csv")))
        }

        #[doc = $json_doc]
        #[utoipa::path(get, path = $json_path, tag = $tag, params($query), responses((status = 200, body = Vec<$wire>), (status = 401, body = ErrorBody)))]
        async fn $json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<$query>) -> ApiResult<Response> {
            ctx.require(Action::ViewDirectory)?;
            Ok(json_download($all(&s, &q).await?, concat!($file, ".json")))
        }
    };
}

exports!(tag = "pusat_data", csv = export_servers_csv "/api/v1/datacentre/servers/export.csv" "Export the matching physical servers as CSV (UTF-8, comma-separated, header row).",
    json = export_servers_json "/api/v1/datacentre/servers/export.json" "Export the matching physical servers as JSON (unpaged).",
    wire = Server, query = ServerQuery, all = all_servers, columns = SERVER_CSV_COLUMNS, record = server_record, file = "server");
exports!(tag = "pusat_data", csv = export_vps_csv "/api/v1/datacentre/vps/export.csv" "Export the matching VPS as CSV (UTF-8, comma-separated, header row).",
    json = export_vps_json "/api/v1/datacentre/vps/export.json" "Export the matching VPS as JSON (unpaged).",
    wire = Vps, query = VpsQuery, all = all_vps, columns = VPS_CSV_COLUMNS, record = vps_record, file = "vps");
exports!(tag = "domain", csv = export_subdomains_csv "/api/v1/domains/subdomains/export.csv" "Export the matching subdomains as CSV (UTF-8, comma-separated, header row).",
    json = export_subdomains_json "/api/v1/domains/subdomains/export.json" "Export the matching subdomains as JSON (unpaged).",
    wire = Subdomain, query = SubdomainQuery, all = all_subdomains, columns = SUBDOMAIN_CSV_COLUMNS, record = subdomain_record, file = "subdomain");

// ---- Placements ----------------------------------------------------------------------------

/// Which applications run where: by application, by server (directly or on its VPS) or by VPS.
#[utoipa::path(get, path = "/api/v1/datacentre/placements", tag = "pusat_data", params(PlacementQuery), responses((status = 200, body = Page<Placement>), (status = 401, body = ErrorBody)))]
async fn list_placements(State(s): State<AppState>, ctx: Ctx, Q(q): Q<PlacementQuery>) -> ApiResult<Json<Page<Placement>>> {
    ctx.require(Action::ViewDirectory)?;
    let mut all = match (q.application_id, q.server_id, q.vps_id) {
        (_, Some(server), _) => s.store.placements_on_server(server, true).await?,
        (_, None, Some(vps)) => s.store.placements_on_vps(vps).await?,
        (Some(app), None, None) => s.store.placements_of_application(app).await?,
        (None, None, None) => s.store.all_placements().await?,
    };
    all.retain(|p| q.application_id.is_none_or(|a| p.application_id == a) && q.vps_id.is_none_or(|v| p.vps_id == Some(v)));
    Ok(Json(page_of(all, &PageQuery { page: q.page, per_page: q.per_page }, Placement::from)))
}

/// Record that an application runs on a server or a VPS (Diskominfo).
#[utoipa::path(post, path = "/api/v1/datacentre/placements", tag = "pusat_data", request_body = PlacementIn,
    responses((status = 201, body = Placement), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_placement(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<PlacementIn>) -> ApiResult<(StatusCode, Json<Placement>)> {
    Ok((StatusCode::CREATED, Json(actions::create_placement(&s, &ctx, b).await?.into())))
}

/// Remove that record (Diskominfo); the audit trail keeps it.
#[utoipa::path(delete, path = "/api/v1/datacentre/placements/{id}", tag = "pusat_data", params(("id" = i64, Path)),
    responses((status = 200, body = Placement), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_placement(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Placement>> {
    Ok(Json(actions::delete_placement(&s, &ctx, id).await?.into()))
}

// ---- Domains -------------------------------------------------------------------------------

/// The official domain, the official e-mail domain and the articles that govern them.
#[utoipa::path(get, path = "/api/v1/domains", tag = "domain", responses((status = 200, body = Domains), (status = 401, body = ErrorBody)))]
async fn domains(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Domains>> {
    ctx.require(Action::ViewDirectory)?;
    let profile = s.store.profile().await?;
    let cites = profile.as_ref().map(|p| p.regulation.profile().citations);
    let all = s.store.all_subdomains(&SubdomainFilter::default()).await?;
    Ok(Json(Domains {
        official_domain: profile.map(|p| p.domain),
        mail: s.store.mail_domain().await?.map(MailDomain::from),
        subdomains_active: all.iter().filter(|d| d.status == "aktif").count() as i64,
        subdomains_total: all.len() as i64,
        official_domain_article: cites.and_then(|c| c.official_domain).map(str::to_string),
        official_email_article: cites.and_then(|c| c.official_email).map(str::to_string),
        website_management_article: cites.and_then(|c| c.website_management).map(str::to_string),
    }))
}

/// Set the official e-mail domain (Diskominfo).
#[utoipa::path(put, path = "/api/v1/domains/email", tag = "domain", request_body = MailDomainIn,
    responses((status = 200, body = MailDomain), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_mail_domain(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<MailDomainIn>) -> ApiResult<Json<MailDomain>> {
    Ok(Json(actions::save_mail_domain(&s, &ctx, b).await?.into()))
}

/// Subdomains given to agencies.
#[utoipa::path(get, path = "/api/v1/domains/subdomains", tag = "domain", params(SubdomainQuery), responses((status = 200, body = Page<Subdomain>), (status = 401, body = ErrorBody)))]
async fn list_subdomains(State(s): State<AppState>, ctx: Ctx, Q(q): Q<SubdomainQuery>) -> ApiResult<Json<Page<Subdomain>>> {
    ctx.require(Action::ViewDirectory)?;
    let official = official_domain(&s).await?;
    Ok(Json(Page::from_store(s.store.subdomains(&q.filter(), req(q.page, q.per_page)).await?, |d| Subdomain::of(d, &official))))
}

/// Register a subdomain (Diskominfo; Kepala PD or Operator PD for their own agency). One outside the official domain is accepted and shows as a finding.
#[utoipa::path(post, path = "/api/v1/domains/subdomains", tag = "domain", request_body = SubdomainIn,
    responses((status = 201, body = Subdomain), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_subdomain(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<SubdomainIn>) -> ApiResult<(StatusCode, Json<Subdomain>)> {
    let d = actions::save_subdomain(&s, &ctx, None, b).await?;
    Ok((StatusCode::CREATED, Json(Subdomain::of(d, &official_domain(&s).await?))))
}

/// One subdomain.
#[utoipa::path(get, path = "/api/v1/domains/subdomains/{id}", tag = "domain", params(("id" = i64, Path)), responses((status = 200, body = Subdomain), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_subdomain(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Subdomain>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(Subdomain::of(s.store.subdomain(id).await?, &official_domain(&s).await?)))
}

/// Change a subdomain; moving it to another agency needs the right on both.
#[utoipa::path(put, path = "/api/v1/domains/subdomains/{id}", tag = "domain", params(("id" = i64, Path)), request_body = SubdomainIn,
    responses((status = 200, body = Subdomain), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_subdomain(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<SubdomainIn>) -> ApiResult<Json<Subdomain>> {
    let d = actions::save_subdomain(&s, &ctx, Some(id), b).await?;
    Ok(Json(Subdomain::of(d, &official_domain(&s).await?)))
}
