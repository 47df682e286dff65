//! The open-data portal's JSON API (`/api/v1/public/datasets`): no
//! credentials, and only public datasets (terbuka AND terbit,
//! `Visibility::Public`) whoever calls — a signed-in caller sees no more
//! here than an anonymous one. Anything else is 404 `not_found`, like a
//! dataset that does not exist. Rows and downloads are of the latest version.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use simpul_domain::datasets::{topic_label, DataLicence, Frequency};
use simpul_store::datasets::{Dataset, DatasetVersion};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::datasets::{rows_download, rows_page, wire_columns, Column, RowPage, RowParams};
use super::{Id, Q};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::open_data::{self, links, Facets, Listed, PortalQuery};
use crate::AppState;

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(search))
        .routes(routes!(get_public))
        .routes(routes!(public_rows))
        .routes(routes!(public_csv))
        .routes(routes!(public_json))
        .routes(routes!(public_file))
}

/// Downloads of a public dataset's latest version.
#[derive(Serialize, ToSchema)]
pub struct Downloads {
    pub csv: String,
    pub json: String,
    /// The file as uploaded.
    pub file: String,
}

/// A published open dataset: its descriptive metadata (the data register's
/// internal fields — storage, backup, named readers — are not published).
#[derive(Serialize, ToSchema)]
pub struct PublicDataset {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub agency_id: i64,
    pub agency_name: String,
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
    pub frequency_label: String,
    pub last_updated_on: Option<String>,
    pub coverage_start: Option<String>,
    pub coverage_end: Option<String>,
    /// Kemendagri region codes.
    pub region_codes: Vec<String>,
    pub licence: String,
    pub licence_label: String,
    pub licence_url: Option<String>,
    /// When it was published (ms since the epoch).
    pub published_at: Option<i64>,
    pub latest_version: Option<i64>,
    /// `csv` or `xlsx`: the latest version's file.
    pub format: Option<String>,
    pub years: Vec<i32>,
    pub columns: Vec<Column>,
    /// The portal page (relative).
    pub url: String,
    pub downloads: Downloads,
}

impl PublicDataset {
    pub fn of(l: Listed) -> Self {
        let Listed { d, format } = l;
        let k = links("", d.id);
        PublicDataset {
            topic_label: topic_label(&d.topic).to_string(),
            frequency_label: Frequency::from_code(&d.frequency).map(|f| f.label().to_string()).unwrap_or_default(),
            licence_label: DataLicence::from_code(&d.licence).map(|f| f.label().to_string()).unwrap_or_default(),
            licence_url: open_data::licence_url(&d.licence).map(str::to_string),
            years: open_data::dataset_years(&d),
            columns: wire_columns(&d),
            url: k.page,
            downloads: Downloads { csv: k.csv, json: k.json, file: k.file },
            id: d.id,
            code: d.code,
            title: d.title,
            description: d.description,
            agency_id: d.agency_id,
            agency_name: d.agency_name,
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
            published_at: d.published_at,
            latest_version: d.latest_version,
            format,
        }
    }
}

/// A page of search results with the facet counts over every match.
#[derive(Serialize, ToSchema)]
pub struct PublicPage {
    pub items: Vec<PublicDataset>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub facets: Facets,
}

/// The latest version of a public dataset (404 when it has none).
pub async fn latest(s: &AppState, id: i64) -> ApiResult<(Dataset, DatasetVersion)> {
    let d = open_data::public_dataset(s, id).await?;
    let no = d.latest_version.ok_or(AppError::Domain(simpul_domain::DomainError::NotFound("versi dataset")))?;
    let v = s.store.dataset_version(id, no).await?;
    Ok((d, v))
}

/// Search the open data: `q`, facets `agency_id`, `topic`, `format`, `year`; counts per facet value over the matches; paged.
#[utoipa::path(get, path = "/api/v1/public/datasets", tag = "publik", security(()), params(PortalQuery), responses((status = 200, body = PublicPage), (status = 400, body = ErrorBody)))]
async fn search(State(s): State<AppState>, Q(q): Q<PortalQuery>) -> ApiResult<Json<PublicPage>> {
    let f = open_data::search(&s, &q).await?;
    Ok(Json(PublicPage { items: f.items.into_iter().map(PublicDataset::of).collect(), total: f.total, page: f.page, per_page: f.per_page, facets: f.facets }))
}

/// One published dataset (404 for anything not public).
#[utoipa::path(get, path = "/api/v1/public/datasets/{id}", tag = "publik", security(()), params(("id" = i64, Path)), responses((status = 200, body = PublicDataset), (status = 404, body = ErrorBody)))]
async fn get_public(State(s): State<AppState>, Id(id): Id) -> ApiResult<Json<PublicDataset>> {
    let d = open_data::public_dataset(&s, id).await?;
    let format = match d.latest_version {
        Some(no) => Some(s.store.dataset_version(id, no).await?.format),
        None => None,
    };
    Ok(Json(PublicDataset::of(Listed { d, format })))
}

/// Rows of the latest version: filter by declared columns (`?column=value`), sort, page.
#[utoipa::path(get, path = "/api/v1/public/datasets/{id}/rows", tag = "publik", security(()), params(("id" = i64, Path), RowParams),
    responses((status = 200, body = RowPage), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn public_rows(State(s): State<AppState>, Id(id): Id, RawQuery(raw): RawQuery) -> ApiResult<Json<RowPage>> {
    let (d, v) = latest(&s, id).await?;
    Ok(Json(rows_page(&s, &d, &v, raw.as_deref()).await?))
}

fn name(d: &Dataset, ext: &str) -> String {
    format!("{}.{ext}", d.code.to_lowercase())
}

/// The latest version's rows (filtered and sorted as for `rows`) as CSV.
#[utoipa::path(get, path = "/api/v1/public/datasets/{id}/export.csv", tag = "publik", security(()), params(("id" = i64, Path), RowParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
async fn public_csv(State(s): State<AppState>, Id(id): Id, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let (d, v) = latest(&s, id).await?;
    rows_download(&s, &d, &v, raw.as_deref(), false, &name(&d, "csv")).await
}

/// The latest version's rows as a JSON array of objects.
#[utoipa::path(get, path = "/api/v1/public/datasets/{id}/export.json", tag = "publik", security(()), params(("id" = i64, Path), RowParams),
    responses((status = 200, body = Vec<Object>), (status = 404, body = ErrorBody)))]
async fn public_json(State(s): State<AppState>, Id(id): Id, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let (d, v) = latest(&s, id).await?;
    rows_download(&s, &d, &v, raw.as_deref(), true, &name(&d, "json")).await
}

/// The latest version's file as uploaded, after checking its SHA-256 (409 `integrity_failed` when it changed).
#[utoipa::path(get, path = "/api/v1/public/datasets/{id}/file", tag = "publik", security(()), params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = String), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn public_file(State(s): State<AppState>, Id(id): Id) -> ApiResult<Response> {
    let (_, v) = latest(&s, id).await?;
    super::datasets::version_file(&s, &v).await
}
