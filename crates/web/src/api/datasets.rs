//! The Pusat Data's dataset catalogue and storage (`/api/v1/datasets`):
//! register and change datasets (the owning agency's Walidata, Kepala PD or
//! Operator PD, or Diskominfo: `Action::ManageDatasets`), upload versions
//! (CSV or .xlsx checked against the declared columns; a file with errors
//! is not stored), query rows, download CSV/JSON and the file as uploaded,
//! verify a version's SHA-256.
//!
//! Reading follows the dataset's classification (`datasets::can_read`) on
//! every path: lists and counts leave out what the caller may not read, and
//! a single dataset, its versions and rows answer 404 `not_found`.

use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::datasets::{can_read, topic_label, DatasetInput, Topic, Visibility, TOPICS};
use simpul_domain::roles::Action;
use simpul_domain::DomainError;
use simpul_store::datasets::{DatasetFilter, DatasetVersion as StoreVersion, RowQuery};
use simpul_store::PageRequest;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::types::Page;
use super::{csv_response, json_download, Gated, Id, Q};
use crate::actions;
use crate::attachments::{disposition, MultipartBody};
use crate::ctx::Ctx;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::AppState;

pub use simpul_domain::datasets::{ColumnInput as ColumnIn, DatasetInput as DatasetIn};

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_datasets, create_dataset))
        .routes(routes!(get_dataset, update_dataset))
        .routes(routes!(list_versions))
        .routes(routes!(version_rows))
        .routes(routes!(export_rows_csv))
        .routes(routes!(export_rows_json))
        .routes(routes!(download_version))
        .routes(routes!(verify_version))
        .routes(routes!(dataset_topics))
        // The upload's size limit is the configured one, enforced while reading.
        .merge(OpenApiRouter::new().routes(routes!(upload_version)).layer(DefaultBodyLimit::disable()))
}

// ---- Wire types -------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct Column {
    pub name: String,
    pub label: String,
    /// `text`, `integer`, `decimal`, `date` or `code`.
    pub kind: String,
    pub required: bool,
    /// Allowed codes of a `code` column.
    pub codes: Vec<String>,
}

/// Another agency's dataset with the same title or concept.
#[derive(Serialize, ToSchema)]
pub struct Twin {
    pub id: i64,
    pub title: String,
    pub agency_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Dataset {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    /// The owning agency (Walidata / Produsen Data / PD pemilik data, by regulation profile).
    pub agency_id: i64,
    pub agency_name: String,
    pub steward_person_id: Option<i64>,
    pub steward_name: Option<String>,
    pub verifier_person_id: Option<i64>,
    pub verifier_name: Option<String>,
    pub concept: String,
    pub definition: String,
    pub sdi_classification: Option<String>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub metadata: Option<String>,
    pub topic: String,
    pub topic_label: String,
    pub tags: Vec<String>,
    pub frequency: String,
    pub last_updated_on: Option<String>,
    pub coverage_start: Option<String>,
    pub coverage_end: Option<String>,
    pub region_codes: Vec<String>,
    pub licence: String,
    /// `terbuka`, `terbatas` or `rahasia`.
    pub confidentiality: String,
    /// Agencies named on a terbatas dataset.
    pub shared_with: Vec<i64>,
    pub register_responsible: String,
    pub register_distribution: Option<String>,
    pub retention_years: Option<i64>,
    pub storage_location: Option<String>,
    pub backup_period: Option<String>,
    pub backup_medium: Option<String>,
    pub columns: Vec<Column>,
    /// `draf`, `diajukan` or `terbit`: a terbuka dataset is public once `terbit`.
    pub publication: String,
    pub published_at: Option<i64>,
    /// Why publication was refused or withdrawn, if it was.
    pub publication_note: Option<String>,
    pub latest_version: Option<i64>,
    /// Datasets of other agencies with the same title or concept that the caller may read
    /// (Perwali Banjarbaru 5/2018 Pasal 11 ayat (3)).
    pub duplicates: Vec<Twin>,
    /// How many more such datasets exist that the caller may not read.
    pub hidden_duplicates: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Dataset {
    fn of(d: simpul_store::datasets::Dataset, twins: Vec<Twin>, hidden: i64) -> Self {
        Dataset {
            topic_label: topic_label(&d.topic).to_string(),
            columns: d.columns.into_iter().map(|c| Column { name: c.name, label: c.label, kind: c.kind.code().into(), required: c.required, codes: c.codes }).collect(),
            id: d.id,
            code: d.code,
            title: d.title,
            description: d.description,
            agency_id: d.agency_id,
            agency_name: d.agency_name,
            steward_person_id: d.steward_person_id,
            steward_name: d.steward_name,
            verifier_person_id: d.verifier_person_id,
            verifier_name: d.verifier_name,
            concept: d.concept,
            definition: d.definition,
            sdi_classification: d.sdi_classification,
            measure: d.measure,
            unit: d.unit,
            metadata: d.metadata,
            topic: d.topic,
            tags: d.tags,
            frequency: d.frequency,
            last_updated_on: d.last_updated_on,
            coverage_start: d.coverage_start,
            coverage_end: d.coverage_end,
            region_codes: d.region_codes,
            licence: d.licence,
            confidentiality: d.confidentiality,
            shared_with: d.shared_with,
            register_responsible: d.register_responsible,
            register_distribution: d.register_distribution,
            retention_years: d.retention_years,
            storage_location: d.storage_location,
            backup_period: d.backup_period,
            backup_medium: d.backup_medium,
            publication: d.publication,
            published_at: d.published_at,
            publication_note: d.publication_note,
            latest_version: d.latest_version,
            duplicates: twins,
            hidden_duplicates: hidden,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DatasetVersion {
    pub id: i64,
    pub dataset_id: i64,
    pub version_no: i64,
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub size: i64,
    /// SHA-256 of the file as uploaded.
    pub sha256: String,
    pub row_count: i64,
    /// Sealed at rest (rahasia data).
    pub encrypted: bool,
    pub uploaded_by: String,
    pub created_at: i64,
}

impl From<StoreVersion> for DatasetVersion {
    fn from(v: StoreVersion) -> Self {
        DatasetVersion {
            id: v.id,
            dataset_id: v.dataset_id,
            version_no: v.version_no,
            file_name: v.file_name,
            format: v.format,
            size: v.size,
            sha256: v.sha256,
            row_count: v.row_count,
            encrypted: v.encrypted,
            uploaded_by: v.uploaded_by,
            created_at: v.created_at,
        }
    }
}

/// A version checked against the digest recorded at upload.
#[derive(Serialize, ToSchema)]
pub struct VersionIntegrity {
    pub dataset_id: i64,
    pub version_no: i64,
    pub intact: bool,
    pub recorded_sha256: String,
    /// `null` when the sealed bytes no longer open.
    pub actual_sha256: Option<String>,
    pub recorded_size: i64,
    pub actual_size: Option<i64>,
    pub rows_recorded: i64,
    pub rows_stored: i64,
}

/// One data row: its spreadsheet row number and its values by column name.
#[derive(Serialize, ToSchema)]
pub struct DataRow {
    pub row: i64,
    #[schema(value_type = Object)]
    pub values: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct RowPage {
    pub columns: Vec<Column>,
    pub items: Vec<DataRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// A version upload: `file` (CSV or .xlsx).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct VersionUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct DatasetQuery {
    /// Search in code, title, description, concept and tags.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub topic: Option<String>,
    /// `terbuka`, `terbatas` or `rahasia`.
    pub confidentiality: Option<String>,
    pub tag: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl DatasetQuery {
    pub fn filter(&self) -> DatasetFilter {
        DatasetFilter { q: self.q.clone(), agency_id: self.agency_id, topic: self.topic.clone(), confidentiality: self.confidentiality.clone(), tag: self.tag.clone() }
    }
}

/// Row queries: every other parameter named like a declared column filters
/// on it (`?kecamatan=Balikpapan%20Kota`, equality, case-insensitive).
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct RowParams {
    /// A declared column to sort by.
    pub sort: Option<String>,
    /// Sort descending.
    pub desc: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    /// Full-text: rows with any cell containing this text, case-insensitive (a declared column named `q` filters instead).
    pub q: Option<String>,
}

/// Reads a row query from the raw query string, refusing unknown columns.
pub fn row_query(raw: Option<&str>, columns: &[simpul_domain::datasets::Column]) -> Result<(RowQuery, PageRequest), AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|e| AppError::Domain(DomainError::BadRequest(format!("Parameter tidak valid: {e}"))))?;
    let known = |c: &str| columns.iter().any(|k| k.name == c);
    let bad = |field: &str, msg: String| AppError::Domain(DomainError::field(field, "unknown_column", msg));
    let (mut q, mut page, mut per_page) = (RowQuery::default(), None, None);
    let num = |k: &str, v: &str| v.parse::<u32>().map_err(|_| AppError::Domain(DomainError::field(k, "invalid_format", "Harus bilangan bulat positif.")));
    for (k, v) in pairs {
        match k.as_str() {
            "page" => page = Some(num(&k, &v)?),
            "per_page" => per_page = Some(num(&k, &v)?),
            "desc" => q.desc = matches!(v.as_str(), "true" | "1" | "ya"),
            "sort" if v.is_empty() => {}
            "sort" if known(&v) => q.sort = Some(v),
            "sort" => return Err(bad("sort", format!("Kolom \"{v}\" tidak ada pada dataset ini."))),
            "csrf_token" | "versi" => {}
            col if known(col) => {
                if !v.trim().is_empty() {
                    q.filters.push((k, v));
                }
            }
            "q" => q.q = Some(v).filter(|v| !v.trim().is_empty()),
            other => return Err(bad(other, format!("Kolom \"{other}\" tidak ada pada dataset ini."))),
        }
    }
    Ok((q, PageRequest::new(page, per_page)))
}

pub(crate) fn wire_columns(d: &simpul_store::datasets::Dataset) -> Vec<Column> {
    d.columns.iter().map(|c| Column { name: c.name.clone(), label: c.label.clone(), kind: c.kind.code().into(), required: c.required, codes: c.codes.clone() }).collect()
}

/// A dataset as the caller may see it, with its duplicates.
pub async fn dataset_view(s: &AppState, ctx: &Ctx, d: simpul_store::datasets::Dataset) -> ApiResult<Dataset> {
    let p = ctx.user()?;
    let twins = s.store.dataset_twins(d.agency_id, &d.title, &d.concept, Some(d.id)).await?;
    let (seen, hidden): (Vec<_>, Vec<_>) = twins.into_iter().partition(|t| can_read(p, &t.access()));
    let seen = seen.into_iter().map(|t| Twin { id: t.id, title: t.title, agency_name: t.agency_name }).collect();
    Ok(Dataset::of(d, seen, hidden.len() as i64))
}

/// A readable dataset's version by number.
pub async fn readable_version(s: &AppState, ctx: &Ctx, id: i64, no: i64) -> ApiResult<(simpul_store::datasets::Dataset, StoreVersion)> {
    let d = actions::read_dataset(s, ctx, id).await?;
    let v = s.store.dataset_version(id, no).await?;
    Ok((d, v))
}

// ---- Handlers ---------------------------------------------------------------------------

/// The catalogue: only datasets the caller may read (classification), with the total of those.
#[utoipa::path(get, path = "/api/v1/datasets", tag = "pusat_data", params(DatasetQuery), responses((status = 200, body = Page<Dataset>), (status = 401, body = ErrorBody)))]
async fn list_datasets(State(s): State<AppState>, ctx: Ctx, Q(q): Q<DatasetQuery>) -> ApiResult<Json<Page<Dataset>>> {
    let p = ctx.require(Action::ViewDirectory)?;
    let page = s.store.datasets(&q.filter(), &Visibility::of(p), PageRequest::new(q.page, q.per_page)).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for d in page.items {
        items.push(dataset_view(&s, &ctx, d).await?);
    }
    Ok(Json(Page { items, total: page.total, page: page.page, per_page: page.per_page }))
}

/// Register a dataset (the owning agency's Walidata, Kepala PD or Operator PD; Diskominfo any). The answer lists other agencies' datasets with the same title or concept (a warning; they also show as a finding).
#[utoipa::path(post, path = "/api/v1/datasets", tag = "pusat_data", request_body = DatasetIn,
    responses((status = 201, body = Dataset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_dataset(State(s): State<AppState>, ctx: Ctx, Gated(b): Gated<DatasetInput>) -> ApiResult<(StatusCode, Json<Dataset>)> {
    let d = actions::save_dataset(&s, &ctx, None, b).await?;
    Ok((StatusCode::CREATED, Json(dataset_view(&s, &ctx, d).await?)))
}

/// One dataset (404 when its classification does not let the caller read it).
#[utoipa::path(get, path = "/api/v1/datasets/{id}", tag = "pusat_data", params(("id" = i64, Path)), responses((status = 200, body = Dataset), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_dataset(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Dataset>> {
    let d = actions::read_dataset(&s, &ctx, id).await?;
    Ok(Json(dataset_view(&s, &ctx, d).await?))
}

/// Change a dataset; moving it to another agency needs the right on both.
#[utoipa::path(put, path = "/api/v1/datasets/{id}", tag = "pusat_data", params(("id" = i64, Path)), request_body = DatasetIn,
    responses((status = 200, body = Dataset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_dataset(State(s): State<AppState>, ctx: Ctx, Id(id): Id, Gated(b): Gated<DatasetInput>) -> ApiResult<Json<Dataset>> {
    let d = actions::save_dataset(&s, &ctx, Some(id), b).await?;
    Ok(Json(dataset_view(&s, &ctx, d).await?))
}

/// The versions of a dataset, newest first.
#[utoipa::path(get, path = "/api/v1/datasets/{id}/versions", tag = "pusat_data", params(("id" = i64, Path)), responses((status = 200, body = Vec<DatasetVersion>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_versions(State(s): State<AppState>, ctx: Ctx, Id(id): Id) -> ApiResult<Json<Vec<DatasetVersion>>> {
    actions::read_dataset(&s, &ctx, id).await?;
    Ok(Json(s.store.dataset_versions(id).await?.into_iter().map(DatasetVersion::from).collect()))
}

/// Upload a new version (multipart `file`: CSV with `;` or `,`, UTF-8 with or without BOM or Windows-1252, decimal commas; or .xlsx, first sheet). Checked against the declared columns: any error answers 422 with `rows[N].column` fields and nothing is stored.
#[utoipa::path(post, path = "/api/v1/datasets/{id}/versions", tag = "pusat_data", params(("id" = i64, Path)),
    request_body(content = VersionUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = DatasetVersion), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_version(State(s): State<AppState>, ctx: Ctx, Id(id): Id, body: MultipartBody) -> ApiResult<(StatusCode, Json<DatasetVersion>)> {
    let max = s.config.max_dataset_upload_bytes;
    let (_, v) = actions::add_dataset_version(&s, &ctx, id, body.read_limited("file", max, || actions::dataset_too_large(max))).await?;
    Ok((StatusCode::CREATED, Json(v.into())))
}

/// Rows of a version: filter by declared columns (`?column=value`), sort, page.
#[utoipa::path(get, path = "/api/v1/datasets/{id}/versions/{version}/rows", tag = "pusat_data", params(("id" = i64, Path), ("version" = i64, Path), RowParams),
    responses((status = 200, body = RowPage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn version_rows(State(s): State<AppState>, ctx: Ctx, Path((id, no)): Path<(i64, i64)>, RawQuery(raw): RawQuery) -> ApiResult<Json<RowPage>> {
    let (d, v) = readable_version(&s, &ctx, id, no).await?;
    Ok(Json(rows_page(&s, &d, &v, raw.as_deref()).await?))
}

/// One page of a version's rows as `?column=value&sort=…&page=…` asks
/// (the internal and the public API).
pub(crate) async fn rows_page(s: &AppState, d: &simpul_store::datasets::Dataset, v: &StoreVersion, raw: Option<&str>) -> ApiResult<RowPage> {
    let (q, page) = row_query(raw, &d.columns)?;
    let p = s.store.query_dataset_rows(v, &d.columns, &q, page).await?;
    Ok(RowPage { columns: wire_columns(d), items: p.items.into_iter().map(|(row, values)| DataRow { row, values }).collect(), total: p.total, page: p.page, per_page: p.per_page })
}

/// A version's rows, filtered and sorted as for `rows`, as a download
/// named `name`: CSV with the declared columns, or a JSON array of objects.
pub(crate) async fn rows_download(s: &AppState, d: &simpul_store::datasets::Dataset, v: &StoreVersion, raw: Option<&str>, json: bool, name: &str) -> ApiResult<Response> {
    let (q, _) = row_query(raw, &d.columns)?;
    let rows = s.store.filtered_rows(v, &d.columns, &q).await?;
    if json {
        return Ok(json_download(rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>(), name));
    }
    Ok(csv_response(simpul_domain::datasets::rows_to_csv(&d.columns, rows.iter().map(|(_, r)| r))?, name))
}

fn export_name(d: &simpul_store::datasets::Dataset, no: i64, ext: &str) -> String {
    format!("{}-v{no}.{ext}", d.code.to_lowercase())
}

/// The rows of a version (filtered and sorted as for `rows`) as CSV with the declared columns.
#[utoipa::path(get, path = "/api/v1/datasets/{id}/versions/{version}/export.csv", tag = "pusat_data", params(("id" = i64, Path), ("version" = i64, Path), RowParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn export_rows_csv(State(s): State<AppState>, ctx: Ctx, Path((id, no)): Path<(i64, i64)>, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let (d, v) = readable_version(&s, &ctx, id, no).await?;
    Ok(private(rows_download(&s, &d, &v, raw.as_deref(), false, &export_name(&d, no, "csv")).await?))
}

/// The rows of a version as a JSON array of objects.
#[utoipa::path(get, path = "/api/v1/datasets/{id}/versions/{version}/export.json", tag = "pusat_data", params(("id" = i64, Path), ("version" = i64, Path), RowParams),
    responses((status = 200, body = Vec<Object>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn export_rows_json(State(s): State<AppState>, ctx: Ctx, Path((id, no)): Path<(i64, i64)>, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let (d, v) = readable_version(&s, &ctx, id, no).await?;
    Ok(private(rows_download(&s, &d, &v, raw.as_deref(), true, &export_name(&d, no, "json")).await?))
}

/// Classified data is not kept in shared caches.
fn private(mut r: Response) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}

/// The file of a version as uploaded, after checking its SHA-256: a changed file answers 409 `integrity_failed`.
#[utoipa::path(get, path = "/api/v1/datasets/{id}/versions/{version}/file", tag = "pusat_data", params(("id" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = String), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn download_version(State(s): State<AppState>, ctx: Ctx, Path((id, no)): Path<(i64, i64)>) -> ApiResult<Response> {
    let (_, v) = readable_version(&s, &ctx, id, no).await?;
    Ok(private(version_file(&s, &v).await?))
}

/// The file of a version as uploaded, if its SHA-256 still matches.
pub(crate) async fn version_file(s: &AppState, v: &StoreVersion) -> ApiResult<Response> {
    let file = s.store.dataset_file(v).await?.filter(|f| simpul_domain::attachments::sha256_hex(f) == v.sha256).ok_or_else(|| {
        AppError::Domain(DomainError::IntegrityFailed(format!("Berkas versi {} berubah sejak diunggah (SHA-256 tidak cocok); berkas tidak disajikan. Laporkan kepada Diskominfo.", v.version_no)))
    })?;
    let content_type = if v.format == "xlsx" { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } else { "text/csv" };
    let mut res = axum::body::Body::from(file).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition(&v.file_name)).map_err(|e| AppError::Internal(e.to_string()))?);
    h.insert("x-content-sha256", HeaderValue::from_str(&v.sha256).map_err(|e| AppError::Internal(e.to_string()))?);
    Ok(res)
}

/// Check a version against the SHA-256, size and row count recorded at upload (modification detection).
#[utoipa::path(get, path = "/api/v1/datasets/{id}/versions/{version}/verify", tag = "pusat_data", params(("id" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, body = VersionIntegrity), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn verify_version(State(s): State<AppState>, ctx: Ctx, Path((id, no)): Path<(i64, i64)>) -> ApiResult<Json<VersionIntegrity>> {
    let (_, v) = readable_version(&s, &ctx, id, no).await?;
    let i = s.store.verify_dataset_version(&v).await?;
    Ok(Json(VersionIntegrity {
        dataset_id: id,
        version_no: no,
        intact: i.ok,
        recorded_sha256: i.recorded_sha256,
        actual_sha256: i.actual_sha256,
        recorded_size: i.recorded_size,
        actual_size: i.actual_size,
        rows_recorded: i.rows_recorded,
        rows_stored: i.rows_stored,
    }))
}

/// The topics datasets are grouped by.
#[utoipa::path(get, path = "/api/v1/reference/dataset-topics", tag = "pusat_data", responses((status = 200, body = Vec<Topic>), (status = 401, body = ErrorBody)))]
async fn dataset_topics(ctx: Ctx) -> ApiResult<Json<&'static [Topic]>> {
    ctx.require(Action::ViewDirectory)?;
    Ok(Json(TOPICS))
}
