//! Server-rendered pages in Bahasa Indonesia. Usable without JavaScript;
//! each handler calls the same `actions` as the API.

mod apps;
mod networks;
mod assets;
mod datacentre;
pub(crate) mod gsb;
mod datasets;
mod sharing;
mod pages;
mod open_data;


use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use simpul_domain::roles::{Action, Principal};
use simpul_domain::FieldError;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    use pages::*;
    Router::new()
        .route("/", get(portal))
        .route("/static/simpul.css", get(css))
        .route("/masuk", get(login_form).post(login))
        .route("/keluar", post(logout))
        .route("/dasbor", get(dashboard))
        .route("/perangkat-daerah", get(agencies))
        .route("/perangkat-daerah/baru", get(agency_new).post(agency_create))
        .route("/perangkat-daerah/{id}", get(agency_show))
        .route("/perangkat-daerah/{id}/ubah", get(agency_edit).post(agency_update))
        .route("/perangkat-daerah/{id}/status", post(agency_status))
        .route("/perangkat-daerah/{id}/unit", post(unit_create))
        .route("/perangkat-daerah/{id}/unit/{unit_id}", post(unit_update))
        .route("/pegawai", get(people))
        .route("/pegawai/baru", get(person_new).post(person_create))
        .route("/pegawai/{id}/ubah", get(person_edit).post(person_update))
        .route("/pegawai/{id}/status", post(person_status))
        .route("/aplikasi", get(apps::list))
        .route("/aplikasi/baru", get(apps::new).post(apps::create))
        .route("/aplikasi/{id}", get(apps::show))
        .route("/aplikasi/{id}/ubah", get(apps::edit).post(apps::update))
        .route("/aplikasi/{id}/hubungan", post(apps::relation_add))
        .route("/aplikasi/{id}/dokumen", post(apps::file_upload).layer(axum::extract::DefaultBodyLimit::max(crate::attachments::MAX_UPLOAD_BODY)))
        .route("/aplikasi/{id}/hubungan/{relation_id}/hapus", post(apps::relation_remove))
        .route("/temuan", get(apps::findings))
        .route("/jaringan", get(networks::overview))
        .route("/jaringan/wan", get(networks::wan))
        .route("/jaringan/wan/baru", get(networks::wan_new).post(networks::wan_create))
        .route("/jaringan/wan/{id}/ubah", get(networks::wan_edit).post(networks::wan_update))
        .route("/jaringan/perangkat", get(networks::devices))
        .route("/jaringan/perangkat/baru", get(networks::device_new).post(networks::device_create))
        .route("/jaringan/perangkat/{id}", get(networks::device_show))
        .route("/jaringan/perangkat/{id}/ubah", get(networks::device_edit).post(networks::device_update))
        .route("/jaringan/perangkat/{id}/port", post(networks::device_ports))
        .route("/jaringan/kabel", get(networks::cables))
        .route("/jaringan/kabel/baru", get(networks::cable_new).post(networks::cable_create))
        .route("/jaringan/kabel/cetak", get(networks::cable_labels))
        .route("/jaringan/kabel/{id}", get(networks::cable_show))
        .route("/jaringan/kabel/{id}/ubah", get(networks::cable_edit).post(networks::cable_update))
        .route("/jaringan/kabel/{id}/label", post(networks::cable_relabel))
        .route("/jaringan/kabel/{id}/bongkar", post(networks::cable_decommission))
        .route("/jaringan/diagram/{id}", get(networks::diagrams).post(networks::diagram_upload).layer(axum::extract::DefaultBodyLimit::max(crate::attachments::MAX_UPLOAD_BODY)))
        .route("/jaringan/skema-label", get(networks::scheme).post(networks::scheme_save))
        .route("/lampiran/{id}/periksa", get(networks::attachment_verify))
        .route("/aset", get(assets::list))
        .route("/aset/baru", get(assets::new).post(assets::create))
        .route("/aset/label", get(assets::label_sheet))
        .route("/aset/impor", get(assets::import_form).post(assets::import))
        .route("/aset/pengaturan", get(assets::settings).post(assets::settings_save))
        .route("/aset/{id}", get(assets::show))
        .route("/aset/{id}/ubah", get(assets::edit).post(assets::update))
        .route("/aset/{id}/label", get(assets::label_one))
        .route("/lisensi", get(assets::licences))
        .route("/lisensi/baru", get(assets::licence_new).post(assets::licence_create))
        .route("/lisensi/{id}", get(assets::licence_show))
        .route("/lisensi/{id}/ubah", get(assets::licence_edit).post(assets::licence_update))
        .route("/lisensi/{id}/kursi", post(assets::seat_assign))
        .route("/lisensi/{id}/kursi/{seat_id}/lepas", post(assets::seat_release))
        .merge(open_data_routes())
        .merge(datacentre_routes())
        .merge(gsb_routes())
        .route("/data", get(datasets::list))
        .merge(sharing_routes())
        .route("/data/baru", get(datasets::new).post(datasets::create))
        .route("/data/{id}", get(datasets::show))
        .route("/data/{id}/ubah", get(datasets::edit).post(datasets::update))
        // The configured size limit is enforced while the file is read.
        .route("/data/{id}/versi", post(datasets::upload).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/akun", get(accounts))
        .route("/akun/baru", get(account_new).post(account_create))
        .route("/akun/{id}", get(account_show).post(account_roles))
        .route("/akun/{id}/reset-sandi", post(account_reset))
        .route("/akun/{id}/status", post(account_status))
        .route("/akun-saya", get(me))
        .route("/akun-saya/kata-sandi", post(me_password))
        .route("/akun-saya/token", post(me_token))
        .route("/akun-saya/token/{id}/cabut", post(me_token_revoke))
        .route("/jejak-audit", get(audit))
        .route("/profil-pemda", get(profile).post(profile_save))
}

/// The public open-data portal (no sign-in) and the publication buttons of the internal dataset page.
fn open_data_routes() -> Router<AppState> {
    Router::new()
        .route("/data-terbuka", get(open_data::index))
        .route("/data-terbuka/catalog.jsonld", get(open_data::catalog_jsonld))
        .route("/data-terbuka/catalog.ttl", get(open_data::catalog_ttl))
        .route("/data-terbuka/{id}", get(open_data::show))
        .route("/data/{id}/publikasi", post(datasets::publication))
}

/// Data sharing between agencies (`ui::sharing`).
fn sharing_routes() -> Router<AppState> {
    use sharing::*;
    Router::new()
        .route("/data/permohonan", get(requests))
        .route("/data/permohonan/baru", get(request_new).post(request_create))
        .route("/data/permohonan/{id}", get(request_show))
        .route("/data/permohonan/{id}/rekomendasi", post(request_recommend))
        .route("/data/permohonan/{id}/keputusan", post(request_decide))
        .route("/data/hak-akses", get(grants))
        .route("/data/log-pembacaan", get(read_log))
        .route("/data/hak-akses/{id}", get(grant_show))
        .route("/data/hak-akses/{id}/cabut", post(grant_revoke))
        .route("/data/hak-akses/{id}/token", post(grant_token))
}

fn datacentre_routes() -> Router<AppState> {
    use datacentre::*;
    Router::new()
        .route("/pusat-data", get(index))
        .route("/pusat-data/lokasi/baru", get(site_new).post(site_create))
        .route("/pusat-data/lokasi/{id}", get(site_show))
        .route("/pusat-data/lokasi/{id}/ubah", get(site_edit).post(site_update))
        .route("/pusat-data/ruang/baru", get(room_new).post(room_create))
        .route("/pusat-data/ruang/{id}", get(room_show))
        .route("/pusat-data/ruang/{id}/ubah", get(room_edit).post(room_update))
        .route("/pusat-data/rak/baru", get(rack_new).post(rack_create))
        .route("/pusat-data/rak/{id}", get(rack_show))
        .route("/pusat-data/rak/{id}/ubah", get(rack_edit).post(rack_update))
        .route("/pusat-data/server", get(servers))
        .route("/pusat-data/server/baru", get(server_new).post(server_create))
        .route("/pusat-data/server/{id}", get(server_show))
        .route("/pusat-data/server/{id}/ubah", get(server_edit).post(server_update))
        .route("/pusat-data/vps", get(vps_list))
        .route("/pusat-data/vps/baru", get(vps_new).post(vps_create))
        .route("/pusat-data/vps/{id}", get(vps_show))
        .route("/pusat-data/vps/{id}/ubah", get(vps_edit).post(vps_update))
        .route("/pusat-data/penempatan", post(placement_create))
        .route("/pusat-data/penempatan/{id}/hapus", post(placement_delete))
        .route("/domain", get(domains))
        .route("/domain/surel", get(mail_edit).post(mail_update))
        .route("/domain/baru", get(subdomain_new).post(subdomain_create))
        .route("/domain/{id}", get(subdomain_show))
        .route("/domain/{id}/ubah", get(subdomain_edit).post(subdomain_update))
}

fn gsb_routes() -> Router<AppState> {
    use gsb::*;
    Router::new()
        .route("/penghubung-layanan", get(services))
        .route("/penghubung-layanan/pemantauan", get(monitoring))
        .route("/penghubung-layanan/rekaman", get(record))
        .route("/penghubung-layanan/layanan/baru", get(service_new).post(service_create))
        .route("/penghubung-layanan/layanan/{id}", get(service_show))
        .route("/penghubung-layanan/layanan/{id}/ubah", get(service_edit).post(service_update))
        .route("/penghubung-layanan/klien", get(clients))
        .route("/penghubung-layanan/klien/baru", get(client_new).post(client_create))
        .route("/penghubung-layanan/klien/{id}", get(client_show))
        .route("/penghubung-layanan/klien/{id}/ubah", get(client_edit).post(client_update))
        .route("/penghubung-layanan/klien/{id}/kunci", post(key_create))
        .route("/penghubung-layanan/kunci/{id}/cabut", post(key_revoke))
        .route("/penghubung-layanan/hak-akses", get(grants))
        .route("/penghubung-layanan/hak-akses/baru", get(grant_new).post(grant_create))
        .route("/penghubung-layanan/hak-akses/{id}", get(grant_show))
        .route("/penghubung-layanan/hak-akses/{id}/keputusan", post(grant_decide))
        .route("/penghubung-layanan/hak-akses/{id}/cabut", post(grant_revoke))
}

async fn css() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"), (axum::http::header::CACHE_CONTROL, "public, max-age=3600")], include_str!("../../static/simpul.css"))
}

/// Everything the base layout needs.
pub struct Layout {
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    pub pemda_name: String,
    pub regulation: String,
    pub nav: Vec<(&'static str, &'static str, bool)>,
    pub flash: Option<String>,
}

impl Layout {
    pub async fn new(s: &AppState, ctx: &Ctx, title: &str, current: &str) -> Layout {
        let profile = s.store.profile().await.ok().flatten();
        let mut nav = Vec::new();
        if let Some(p) = &ctx.principal {
            nav = nav_for(p).into_iter().map(|(h, l)| (h, l, h == current)).collect();
        }
        Layout {
            title: title.into(),
            user: ctx.principal.as_ref().map(|p| p.display_name.clone()),
            csrf: ctx.csrf.clone(),
            pemda_name: profile.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            regulation: profile.map(|p| p.regulation.profile().short_title.to_string()).unwrap_or_default(),
            nav,
            flash: None,
        }
    }

    pub fn flash(mut self, msg: Option<&str>) -> Self {
        self.flash = msg.map(str::to_string);
        self
    }
}

fn nav_for(p: &Principal) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![("/dasbor", "Dasbor"), ("/perangkat-daerah", "Perangkat Daerah"), ("/pegawai", "Pegawai"), ("/aplikasi", "Aplikasi"), ("/aset", "Aset TIK"), ("/jaringan", "Jaringan"), ("/pusat-data", "Pusat Data"), ("/data", "Katalog Data"), ("/data/permohonan", "Permohonan Data"), ("/domain", "Domain"), ("/penghubung-layanan", "Penghubung Layanan")];
    if p.can(Action::ViewFindings) {
        v.push(("/temuan", "Temuan"));
    }
    if p.can(Action::ManageAccounts) {
        v.push(("/akun", "Akun"));
    }
    if p.can(Action::ViewAudit) {
        v.push(("/jejak-audit", "Jejak Audit"));
    }
    v.push(("/profil-pemda", "Profil Pemda"));
    v
}

/// Field errors for templates.
#[derive(Default)]
pub struct Errs(pub Vec<FieldError>);

impl Errs {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The page of a record a finding or an audit entry names, by entity kind.
/// A new registry adds its arm here.
pub fn entity_href(entity: &str, id: i64) -> Option<String> {
    match entity {
        "application" => Some(format!("/aplikasi/{id}")),
        "agency" => Some(format!("/perangkat-daerah/{id}")),
        "cable" => Some(format!("/jaringan/kabel/{id}")),
        "network_device" => Some(format!("/jaringan/perangkat/{id}")),
        "subdomain" => Some(format!("/domain/{id}")),
        "gsb_service" => Some(format!("/penghubung-layanan/layanan/{id}")),
        "gsb_client" => Some(format!("/penghubung-layanan/klien/{id}")),
        "gsb_grant" => Some(format!("/penghubung-layanan/hak-akses/{id}")),
        "asset" => Some(format!("/aset/{id}")),
        "licence" => Some(format!("/lisensi/{id}")),
        "dc_site" => Some(format!("/pusat-data/lokasi/{id}")),
        "dc_rack" => Some(format!("/pusat-data/rak/{id}")),
        "dc_server" => Some(format!("/pusat-data/server/{id}")),
        "dc_vps" => Some(format!("/pusat-data/vps/{id}")),
        "dataset" => Some(format!("/data/{id}")),
        "data_request" => Some(format!("/data/permohonan/{id}")),
        "data_grant" => Some(format!("/data/hak-akses/{id}")),
        _ => None,
    }
}

/// Where a finding is fixed: the record's page, or for findings about an
/// agency as a whole, the registry page the check is about.
pub fn finding_href(f: &simpul_domain::findings::Finding) -> Option<String> {
    match (f.check, f.entity) {
        ("lan_diagram_outdated", "agency") => Some(format!("/jaringan/diagram/{}", f.entity_id)),
        ("asset_inventory_stale", "agency") => Some(format!("/aset?agency_id={}", f.entity_id)),
        _ => entity_href(f.entity, f.entity_id),
    }
}

/// Kinds of records (audit entries and findings name them), with their
/// Indonesian labels. A new registry adds its kinds here.
pub const ENTITY_KINDS: &[(&str, &str)] = &[
    ("agency", "Perangkat Daerah"),
    ("unit", "Unit kerja"),
    ("person", "Pegawai"),
    ("account", "Akun"),
    ("api_token", "Token API"),
    ("pemda_profile", "Profil Pemda"),
    ("application", "Aplikasi"),
    ("application_relation", "Hubungan aplikasi"),
    ("application_file", "Berkas dokumen aplikasi"),
    ("attachment", "Lampiran"),
    ("network_settings", "Skema label kabel"),
    ("wan_link", "Tautan WAN"),
    ("network_device", "Perangkat jaringan"),
    ("cable", "Kabel data"),
    ("lan_diagram", "Diagram LAN"),
    ("asset", "Aset TIK"),
    ("licence", "Lisensi perangkat lunak"),
    ("setting", "Pengaturan"),
    ("dc_site", "Lokasi Pusat Data"),
    ("dc_room", "Ruangan"),
    ("dc_rack", "Rak"),
    ("dc_server", "Server fisik"),
    ("dc_vps", "VPS"),
    ("dc_placement", "Aplikasi di server"),
    ("subdomain", "Subdomain"),
    ("mail_domain", "Domain surel"),
    ("gsb_service", "Layanan Penghubung Layanan"),
    ("gsb_client", "Klien Penghubung Layanan"),
    ("gsb_key", "Kunci API Penghubung Layanan"),
    ("gsb_grant", "Hak akses Penghubung Layanan"),
    ("dataset", "Dataset"),
    ("dataset_version", "Versi dataset"),
    ("data_request", "Permohonan penggunaan data"),
    ("data_grant", "Hak akses data"),
];

/// The kind of a record, in Bahasa Indonesia.
pub fn entity_label(entity: &str) -> &'static str {
    ENTITY_KINDS.iter().find(|(code, _)| *code == entity).map(|(_, label)| *label).unwrap_or("Lainnya")
}

/// The errors of a refused upload form, next to its fields: a file too
/// large or of a refused type is the `file` field's error.
pub(crate) fn upload_errs(e: &AppError) -> Option<Errs> {
    match e {
        AppError::Domain(simpul_domain::DomainError::PayloadTooLarge(m)) => Some(Errs(vec![simpul_domain::FieldError { field: "file".into(), code: "payload_too_large", message: m.clone() }])),
        AppError::Domain(simpul_domain::DomainError::UnsupportedMediaType(m)) => Some(Errs(vec![simpul_domain::FieldError { field: "file".into(), code: "unsupported_media_type", message: m.clone() }])),
        e if pages::is_form_error(e) => Some(Errs(e.fields())),
        _ => None,
    }
}

/// Pagination for templates.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

impl<T> From<&simpul_store::Page<T>> for Pager {
    fn from(p: &simpul_store::Page<T>) -> Self {
        Pager { page: i64::from(p.page), pages: p.pages(), total: p.total }
    }
}

pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Terjadi kesalahan saat menampilkan halaman.").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    heading: String,
    message: String,
}

/// An error as a page (without the signed-in layout: used from middleware too).
pub fn error_page(e: AppError) -> Response {
    let heading = match e.status() {
        StatusCode::NOT_FOUND => "Tidak ditemukan",
        StatusCode::FORBIDDEN => "Akses ditolak",
        StatusCode::UNAUTHORIZED => "Perlu masuk",
        StatusCode::TOO_MANY_REQUESTS => "Terlalu banyak permintaan",
        StatusCode::INTERNAL_SERVER_ERROR => "Kesalahan server",
        _ => "Permintaan tidak dapat diproses",
    };
    if let AppError::Internal(m) = &e {
        tracing::error!(error = %m, "internal error");
    }
    let l = Layout { title: heading.into(), user: None, csrf: String::new(), pemda_name: String::new(), regulation: String::new(), nav: Vec::new(), flash: None };
    let page = ErrorPage { l, heading: heading.into(), message: e.message() };
    let mut res = render(&page);
    *res.status_mut() = e.status();
    res
}

/// UI handlers' error mapping: not signed in goes to the sign-in page.
pub fn ui_error(e: AppError) -> Response {
    match e {
        AppError::Unauthenticated => Redirect::to("/masuk").into_response(),
        other => error_page(other),
    }
}

/// Parses a form field that holds an optional id.
pub fn opt_id(v: &str) -> Option<i64> {
    v.trim().parse().ok()
}

pub fn flash_message(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "dibuat" => "Data berhasil disimpan.",
        "diubah" => "Perubahan berhasil disimpan.",
        "status" => "Status berhasil diubah.",
        "dihapus" => "Data berhasil dihapus.",
        "sandi" => "Kata sandi berhasil diganti. Silakan masuk kembali.",
        "token-dicabut" => "Token berhasil dicabut.",
        _ => return None,
    })
}
