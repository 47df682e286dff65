//! The ICT asset registry (inventaris aset TIK) in the JSON API: assets,
//! their state history, CSV export and all-or-nothing CSV import, the
//! asset-tag pattern, software licences and their seats.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::asset_import::{template_csv, RowError, MAX_IMPORT_BYTES};
use simpul_domain::assets::{days_until, mask_key, AssetCategory, AssetState, EXPIRING_SOON_DAYS};
use simpul_domain::roles::Action;
use simpul_domain::{DomainError, FieldError};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::types::Page;
use super::{Gated, Id, Q};
use crate::actions;
use crate::ctx::Ctx;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::AppState;

pub use simpul_domain::assets::{AssetInput as AssetIn, LicenceInput as LicenceIn, SeatInput as SeatIn};

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_assets, create_asset))
        .routes(routes!(export_assets_csv))
        .routes(routes!(export_assets_json))
        .routes(routes!(import_assets))
        .routes(routes!(import_template))
        .routes(routes!(get_asset_settings, put_asset_settings))
        .routes(routes!(get_asset, update_asset))
        .routes(routes!(asset_history))
        .routes(routes!(asset_categories))
        .routes(routes!(list_licences, create_licence))
        .routes(routes!(get_licence, update_licence))
        .routes(routes!(assign_seat))
        .routes(routes!(release_seat))
}

// ---- Wire types ------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct Asset {
    pub id: i64,
    pub asset_tag: String,
    pub name: String,
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    /// A code of `/api/v1/reference/asset-categories`.
    pub category: String,
    pub category_label: String,
    /// `perangkat_keras` or `perangkat_lunak`.
    pub kind: String,
    /// `perencanaan`, `pengadaan`, `digunakan`, `dalam_perbaikan` or `dihapuskan`.
    pub state: String,
    pub state_label: String,
    /// Date the asset entered its current state.
    pub state_since: String,
    pub location: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub purchase_date: Option<String>,
    /// Whole Rupiah.
    pub price: Option<i64>,
    pub warranty_until: Option<String>,
    pub assigned_person_id: Option<i64>,
    pub assigned_person_name: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn label_of<T: Copy>(code: &str, parse: fn(&str) -> Option<T>, label: fn(T) -> &'static str) -> String {
    parse(code).map(label).unwrap_or(code).to_string()
}

impl From<simpul_store::assets::Asset> for Asset {
    fn from(a: simpul_store::assets::Asset) -> Self {
        Asset {
            category_label: label_of(&a.category, AssetCategory::from_code, AssetCategory::label),
            state_label: label_of(&a.state, AssetState::from_code, AssetState::label),
            id: a.id,
            asset_tag: a.asset_tag,
            name: a.name,
            agency_id: a.agency_id,
            agency_code: a.agency_code,
            agency_name: a.agency_name,
            category: a.category,
            kind: a.kind,
            state: a.state,
            state_since: a.state_since,
            location: a.location,
            unit_id: a.unit_id,
            unit_name: a.unit_name,
            manufacturer: a.manufacturer,
            model: a.model,
            serial_number: a.serial_number,
            purchase_date: a.purchase_date,
            price: a.price,
            warranty_until: a.warranty_until,
            assigned_person_id: a.assigned_person_id,
            assigned_person_name: a.assigned_person_name,
            notes: a.notes,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams, Default, Clone)]
#[into_params(parameter_in = Query)]
pub struct AssetQuery {
    /// Search in tag, name, serial number, manufacturer, model and location.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub category: Option<String>,
    pub state: Option<String>,
    /// `perangkat_keras` or `perangkat_lunak`.
    pub kind: Option<String>,
    /// Only assets whose warranty ends within the next 90 days.
    pub warranty_expiring: Option<bool>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl AssetQuery {
    pub fn filter(&self, today: time::Date) -> simpul_store::assets::AssetFilter {
        let soon = self.warranty_expiring.unwrap_or(false);
        simpul_store::assets::AssetFilter {
            q: self.q.clone(),
            agency_id: self.agency_id,
            category: self.category.clone(),
            state: self.state.clone(),
            kind: self.kind.clone(),
            warranty_from: soon.then(|| today.to_string()),
            warranty_until: soon.then(|| (today + time::Duration::days(EXPIRING_SOON_DAYS)).to_string()),
        }
    }
}

/// Today in the Pemda's time zone (WIB before a profile is set).
pub(crate) async fn today(s: &AppState) -> ApiResult<time::Date> {
    let tz = s.store.profile().await?.map(|p| p.timezone).unwrap_or(simpul_domain::pemda::TimeZone::Wib);
    Ok(crate::local_today(tz))
}

#[derive(Serialize, ToSchema)]
pub struct StateChange {
    /// `None` for the state the asset was registered in.
    pub from_state: Option<String>,
    pub to_state: String,
    pub to_label: String,
    pub changed_on: String,
    pub recorded_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Category {
    pub code: String,
    pub label: String,
    /// `perangkat_keras` or `perangkat_lunak`.
    pub kind: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AssetSettings {
    /// Pattern of generated asset tags: `{YEAR}`, `{PD}` (agency code) and one `{SEQ}` or `{SEQ:n}`, e.g. `TIK-{YEAR}-{SEQ:5}`.
    pub pattern: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImportedAsset {
    /// Spreadsheet row (the header is row 1).
    pub row: usize,
    pub id: Option<i64>,
    /// The tag given, or generated (for a check without import: only when given).
    pub asset_tag: Option<String>,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// `true`: checked only, nothing written.
    pub dry_run: bool,
    /// Assets written (0 for a check).
    pub imported: usize,
    pub rows: Vec<ImportedAsset>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check the file and report, without writing anything.
    pub dry_run: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct Licence {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub product: String,
    pub vendor: Option<String>,
    /// In clear for those who may edit the licence, masked (`•••••-7QX4`) for everyone else.
    pub licence_key: Option<String>,
    pub licence_key_masked: bool,
    pub seats_total: i64,
    pub seats_used: i64,
    pub seats_free: i64,
    /// Last day of validity; none for a perpetual licence.
    pub expires_on: Option<String>,
    /// Expired already (negative) or days left; none for a perpetual licence.
    pub days_left: Option<i64>,
    /// Expires within 90 days or has expired.
    pub expiring_soon: bool,
    pub notes: Option<String>,
    /// Present on a single licence.
    pub seats: Option<Vec<Seat>>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Licence {
    pub fn of(l: simpul_store::assets::Licence, show_key: bool, today: time::Date, seats: Option<Vec<Seat>>) -> Self {
        let days_left = l.expires_on.as_deref().and_then(|d| days_until(d, today));
        Licence {
            licence_key: if show_key { l.licence_key } else { l.licence_key.as_deref().map(mask_key) },
            licence_key_masked: !show_key,
            seats_free: (l.seats_total - l.seats_used).max(0),
            expiring_soon: days_left.is_some_and(|d| d <= EXPIRING_SOON_DAYS),
            days_left,
            id: l.id,
            agency_id: l.agency_id,
            agency_name: l.agency_name,
            product: l.product,
            vendor: l.vendor,
            seats_total: l.seats_total,
            seats_used: l.seats_used,
            expires_on: l.expires_on,
            notes: l.notes,
            seats,
            created_at: l.created_at,
            updated_at: l.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Seat {
    pub id: i64,
    pub licence_id: i64,
    pub asset_id: Option<i64>,
    pub asset_tag: Option<String>,
    pub asset_name: Option<String>,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
}

impl From<simpul_store::assets::Seat> for Seat {
    fn from(s: simpul_store::assets::Seat) -> Self {
        Seat {
            id: s.id,
            licence_id: s.licence_id,
            asset_id: s.asset_id,
            asset_tag: s.asset_tag,
            asset_name: s.asset_name,
            person_id: s.person_id,
            person_name: s.person_name,
            note: s.note,
            created_at: s.created_at,
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct LicenceQuery {
    /// Search in product, vendor and notes.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    /// Only licences that have expired or expire within 90 days.
    pub expiring: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The import's row problems as a `validation_failed` error whose fields
/// are named `rows[N].column` (or `rows[N]` for the whole row, `rows[0]` for the file).
pub fn row_errors(errors: Vec<RowError>) -> AppError {
    let fields = errors
        .into_iter()
        .map(|e| FieldError {
            field: if e.column.is_empty() { format!("rows[{}]", e.row) } else { format!("rows[{}].{}", e.row, e.column) },
            code: e.code,
            message: match (e.row, e.column.is_empty()) {
                (0, _) => e.message,
                (r, true) => format!("Baris {r}: {}", e.message),
                (r, false) => format!("Baris {r}, kolom {}: {}", e.column, e.message),
            },
        })
        .collect();
    AppError::Domain(DomainError::Validation(fields))
}

// ---- Assets ---------------------------------------------------------------------

/// List ICT assets.
#[utoipa::path(get, path = "/api/v1/assets", tag = "aset", params(AssetQuery), responses((status = 200, body = Page<Asset>), (status = 401, body = ErrorBody)))]
async fn list_assets(State(s): State<AppState>, ctx: Ctx, Q(q): Q<AssetQuery>) -> ApiResult<Json<Page<Asset>>> {
    ctx.require(Action::ViewDirectory)?;
    let page = s.store.assets(&q.filter(today(&s).await?), simpul_store::PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(Page::from_store(page, Asset::from)))
}

/// Register an asset (Diskominfo; Kepala PD or Operator PD for their own agency). An empty `asset_tag` is generated from the pattern.
#[utoipa::path(post, path = "/api/v1/assets", tag = "aset", request_body = AssetIn,
    responses((status = 201, body = Asset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_asset(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<AssetIn>) -> ApiResult<(StatusCode, Json<Asset>)> {
    Ok((StatusCode::CREATED, Json(actions::create_asset(&s, &ctx, b).await?.into())))
}

/// One asset.
#[utoipa::path(get, path = "/api/v1/assets/{id}", tag = "aset", params(("id" = i64, Path)), responses((status = 200, body = Asset), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_asset(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Asset>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(s.store.asset(id).await?.into()))
}

/// Update an asset. An empty `asset_tag` keeps the current tag; a new `state` must be a lifecycle move and is recorded with `state_changed_on` (default today).
#[utoipa::path(put, path = "/api/v1/assets/{id}", tag = "aset", params(("id" = i64, Path)), request_body = AssetIn,
    responses((status = 200, body = Asset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_asset(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<AssetIn>) -> ApiResult<Json<Asset>> {
    Ok(Json(actions::update_asset(&s, &ctx, id, b).await?.into()))
}

/// The lifecycle states the asset entered, oldest first, with their dates.
#[utoipa::path(get, path = "/api/v1/assets/{id}/history", tag = "aset", params(("id" = i64, Path)), responses((status = 200, body = Vec<StateChange>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn asset_history(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Vec<StateChange>>> {
    ctx.require(Action::ViewDirectory)?;
    s.store.asset(id).await?;
    let h = s.store.asset_history(id).await?;
    Ok(Json(
        h.into_iter()
            .map(|c| StateChange { to_label: label_of(&c.to_state, AssetState::from_code, AssetState::label), from_state: c.from_state, to_state: c.to_state, changed_on: c.changed_on, recorded_at: c.recorded_at })
            .collect(),
    ))
}

/// The columns of the CSV export, in order. Their names are the import's, so an export edited in a spreadsheet can be imported into another installation.
pub const ASSET_CSV_COLUMNS: &[&str] = &[
    "kode_aset", "nama", "kategori", "jenis", "status", "tanggal_status", "kode_pd", "nama_pd", "lokasi", "nama_unit", "merek", "model", "nomor_seri", "tanggal_pembelian", "harga",
    "akhir_garansi", "nama_pemegang", "catatan",
];

pub fn assets_csv(assets: &[simpul_store::assets::Asset]) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(ASSET_CSV_COLUMNS).map_err(err)?;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    for a in assets {
        w.write_record([
            a.asset_tag.clone(),
            a.name.clone(),
            a.category.clone(),
            a.kind.clone(),
            a.state.clone(),
            a.state_since.clone(),
            a.agency_code.clone(),
            a.agency_name.clone(),
            o(&a.location),
            o(&a.unit_name),
            o(&a.manufacturer),
            o(&a.model),
            o(&a.serial_number),
            o(&a.purchase_date),
            a.price.map(|p| p.to_string()).unwrap_or_default(),
            o(&a.warranty_until),
            o(&a.assigned_person_name),
            o(&a.notes),
        ])
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

/// Export the matching assets as CSV (UTF-8, comma-separated, header row, prices in whole Rupiah).
#[utoipa::path(get, path = "/api/v1/assets/export.csv", tag = "aset", params(AssetQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn export_assets_csv(State(s): State<AppState>, ctx: Ctx, Q(q): Q<AssetQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let body = assets_csv(&s.store.all_assets(&q.filter(today(&s).await?)).await?)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"aset-tik.csv\"")], body).into_response())
}

/// Export the matching assets as JSON (unpaged).
#[utoipa::path(get, path = "/api/v1/assets/export.json", tag = "aset", params(AssetQuery), responses((status = 200, body = Vec<Asset>), (status = 401, body = ErrorBody)))]
async fn export_assets_json(State(s): State<AppState>, ctx: Ctx, Q(q): Q<AssetQuery>) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    let all: Vec<Asset> = s.store.all_assets(&q.filter(today(&s).await?)).await?.into_iter().map(Asset::from).collect();
    Ok(([(header::CONTENT_DISPOSITION, "attachment; filename=\"aset-tik.json\"")], Json(all)).into_response())
}

/// Import assets from a CSV file (body `text/csv`, at most 1 MB and 5000 rows): `;` or `,` separated,
/// UTF-8 with or without BOM, prices like `Rp 12.500.000` or `12500000,00`, dates `dd/mm/yyyy` or `yyyy-mm-dd`,
/// agencies by code. All or nothing: any problem and nothing is written; the 422 lists every problem
/// as a field `rows[N].column`. With `dry_run=true` the file is only checked.
#[utoipa::path(post, path = "/api/v1/assets/import", tag = "aset", params(ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportResult), (status = 200, description = "Checked only (dry_run)", body = ImportResult), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn import_assets(State(s): State<AppState>, ctx: Ctx, Q(q): Q<ImportQuery>, body: axum::body::Body) -> ApiResult<(StatusCode, Json<ImportResult>)> {
    // Read (bounded) but not looked at until the action has authorized the caller.
    let file = match axum::body::to_bytes(body, MAX_IMPORT_BYTES + 1).await {
        Ok(b) => actions::Input::from(b.to_vec()),
        Err(_) => actions::Input::rejected(AppError::Domain(DomainError::PayloadTooLarge(format!("Berkas CSV terlalu besar: paling besar {} KB.", MAX_IMPORT_BYTES / 1024)))),
    };
    let dry_run = q.dry_run.unwrap_or(false);
    match actions::import_assets(&s, &ctx, file, dry_run).await? {
        Err(errors) => Err(row_errors(errors)),
        Ok(done) => {
            let rows = if dry_run {
                done.rows.into_iter().map(|(row, d)| ImportedAsset { row, id: None, asset_tag: d.asset_tag, name: d.name }).collect()
            } else {
                done.rows.iter().zip(done.imported.iter()).map(|((row, _), a)| ImportedAsset { row: *row, id: Some(a.id), asset_tag: Some(a.asset_tag.clone()), name: a.name.clone() }).collect()
            };
            let result = ImportResult { dry_run, imported: done.imported.len(), rows };
            Ok((if dry_run { StatusCode::OK } else { StatusCode::CREATED }, Json(result)))
        }
    }
}

/// A CSV template for the import: `;`-separated, UTF-8 with BOM, the header and one example row.
#[utoipa::path(get, path = "/api/v1/assets/import/template.csv", tag = "aset", responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody)))]
async fn import_template(ctx: Ctx) -> ApiResult<Response> {
    ctx.require(Action::ViewDirectory)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"templat-aset-tik.csv\"")], template_csv()).into_response())
}

/// The asset-tag pattern in force.
#[utoipa::path(get, path = "/api/v1/assets/settings", tag = "aset", responses((status = 200, body = AssetSettings), (status = 401, body = ErrorBody)))]
async fn get_asset_settings(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<AssetSettings>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(AssetSettings { pattern: s.store.asset_tag_pattern().await? }))
}

/// Set the asset-tag pattern (Administrator Diskominfo). Existing tags are not changed.
#[utoipa::path(put, path = "/api/v1/assets/settings", tag = "aset", request_body = AssetSettings,
    responses((status = 200, body = AssetSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_asset_settings(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<AssetSettings>) -> ApiResult<Json<AssetSettings>> {
    Ok(Json(AssetSettings { pattern: actions::set_asset_tag_pattern(&s, &ctx, b.map(|b| b.pattern)).await? }))
}

/// The asset categories, each with its kind.
#[utoipa::path(get, path = "/api/v1/reference/asset-categories", tag = "aset", responses((status = 200, body = Vec<Category>), (status = 401, body = ErrorBody)))]
async fn asset_categories(ctx: Ctx) -> ApiResult<Json<Vec<Category>>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(AssetCategory::ALL.iter().map(|c| Category { code: c.code().into(), label: c.label().into(), kind: c.kind().code().into() }).collect()))
}

// ---- Licences -----------------------------------------------------------------------

/// List software licences; keys are masked except for those who may edit them.
#[utoipa::path(get, path = "/api/v1/licences", tag = "aset", params(LicenceQuery), responses((status = 200, body = Page<Licence>), (status = 401, body = ErrorBody)))]
async fn list_licences(State(s): State<AppState>, ctx: Ctx, Q(q): Q<LicenceQuery>) -> ApiResult<Json<Page<Licence>>> {
    ctx.require(Action::ViewDirectory)?;
    let today = today(&s).await?;
    let f = simpul_store::assets::LicenceFilter {
        q: q.q.clone(),
        agency_id: q.agency_id,
        expires_by: q.expiring.unwrap_or(false).then(|| (today + time::Duration::days(EXPIRING_SOON_DAYS)).to_string()),
    };
    let page = s.store.licences(&f, simpul_store::PageRequest::new(q.page, q.per_page)).await?;
    Ok(Json(Page::from_store(page, |l| {
        let show = ctx.can(Action::ManageAssets(l.agency_id));
        Licence::of(l, show, today, None)
    })))
}

/// Register a software licence (Diskominfo; Kepala PD or Operator PD for their own agency).
#[utoipa::path(post, path = "/api/v1/licences", tag = "aset", request_body = LicenceIn,
    responses((status = 201, body = Licence), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_licence(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<LicenceIn>) -> ApiResult<(StatusCode, Json<Licence>)> {
    let l = actions::create_licence(&s, &ctx, b).await?;
    Ok((StatusCode::CREATED, Json(Licence::of(l, true, today(&s).await?, Some(Vec::new())))))
}

async fn licence_out(s: &AppState, ctx: &Ctx, l: simpul_store::assets::Licence) -> ApiResult<Licence> {
    let seats = s.store.seats(l.id).await?.into_iter().map(Seat::from).collect();
    let show = ctx.can(Action::ManageAssets(l.agency_id));
    Ok(Licence::of(l, show, today(s).await?, Some(seats)))
}

/// One licence with its seats.
#[utoipa::path(get, path = "/api/v1/licences/{id}", tag = "aset", params(("id" = i64, Path)), responses((status = 200, body = Licence), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_licence(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Licence>> {
    ctx.require(Action::ViewDirectory)?;
    let l = s.store.licence(id).await?;
    Ok(Json(licence_out(&s, &ctx, l).await?))
}

/// Update a licence. `seats_total` cannot drop below the seats given.
#[utoipa::path(put, path = "/api/v1/licences/{id}", tag = "aset", params(("id" = i64, Path)), request_body = LicenceIn,
    responses((status = 200, body = Licence), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_licence(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<LicenceIn>) -> ApiResult<Json<Licence>> {
    let l = actions::update_licence(&s, &ctx, id, b).await?;
    Ok(Json(licence_out(&s, &ctx, l).await?))
}

/// Give a seat to a hardware asset or a person of the licence's agency. 409 `conflict` when every seat is taken.
#[utoipa::path(post, path = "/api/v1/licences/{id}/seats", tag = "aset", params(("id" = i64, Path)), request_body = SeatIn,
    responses((status = 201, body = Seat), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn assign_seat(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<SeatIn>) -> ApiResult<(StatusCode, Json<Seat>)> {
    Ok((StatusCode::CREATED, Json(actions::assign_seat(&s, &ctx, id, b).await?.into())))
}

/// Take a seat back.
#[utoipa::path(delete, path = "/api/v1/licences/{id}/seats/{seat_id}", tag = "aset", params(("id" = i64, Path), ("seat_id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn release_seat(State(s): State<AppState>, ctx: Ctx, ids: Result<Path<(i64, i64)>, PathRejection>) -> ApiResult<StatusCode> {
    let Ok(Path((id, seat_id))) = ids else { return Err(AppError::Domain(DomainError::NotFound("sumber daya"))) };
    actions::release_seat(&s, &ctx, id, seat_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_errors_name_row_and_column() {
        let AppError::Domain(DomainError::Validation(f)) = row_errors(vec![RowError::new(3, "harga", "invalid_format", "Harga tidak dikenali."), RowError::new(0, "", "empty", "Kosong.")]) else {
            panic!("expected a validation error")
        };
        assert_eq!((f[0].field.as_str(), f[0].message.as_str()), ("rows[3].harga", "Baris 3, kolom harga: Harga tidak dikenali."));
        assert_eq!((f[1].field.as_str(), f[1].message.as_str()), ("rows[0]", "Kosong."));
    }
}
