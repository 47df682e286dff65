//! `/data`: the Pusat Data's dataset catalogue in Bahasa Indonesia — the
//! list (only what the caller may read), registering and changing a
//! dataset, its page with versions, an upload form (CSV or .xlsx, a
//! row-by-row report when refused), a preview table with filter, sort and
//! paging, a bar chart, downloads and the integrity check of a version.
//! Every handler calls the same actions and store reads as the API.

use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use simpul_domain::datasets::{cell_text, can_read, ColumnInput, ColumnKind, Confidentiality, DataLicence, DatasetInput, Frequency, Visibility, TOPICS};
use simpul_domain::roles::Action;
use simpul_domain::FieldError;
use simpul_store::datasets::{Dataset, DatasetFilter, DatasetVersion, VersionIntegrity};
use simpul_store::org::AgencyFilter;
use simpul_store::PageRequest;

use super::pages::{agency_options, is_form_error, qs, see_other, Page};
use super::{flash_message, opt_id, render, upload_errs, Errs, Layout, Pager};
use crate::actions;
use crate::api::datasets::{row_query, Twin};
use crate::attachments::MultipartBody;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

fn class_label(c: &str) -> String {
    Confidentiality::from_code(c).map(|x| x.label().to_string()).unwrap_or_else(|| c.to_string())
}

/// What the profile calls the owning agency ("Walidata" in the 2018 texts,
/// "Produsen Data" under Satu Data Indonesia, "PD pemilik data" …).
async fn owner_label(s: &AppState) -> String {
    match s.store.profile().await.ok().flatten() {
        Some(p) => {
            let prof = p.regulation.profile();
            prof.labels.data_owner_label_for(prof.data_terminology).to_string()
        }
        None => "Perangkat Daerah pemilik data".into(),
    }
}

// ---- List ---------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    confidentiality: String,
    page: Option<u32>,
    ok: Option<String>,
}

struct Row {
    id: i64,
    code: String,
    title: String,
    agency: String,
    topic: String,
    class: String,
    class_code: String,
    frequency: String,
    last: String,
    version: String,
    /// `Publication` code and label (the verifier's queue: `diajukan`).
    publication: (String, String),
}

#[derive(Template)]
#[template(path = "datasets.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    pager: Pager,
    base: String,
    q: String,
    agency_id: String,
    topic: String,
    confidentiality: String,
    agencies: Vec<(String, String)>,
    topics: Vec<(String, String)>,
    classes: Vec<(String, String)>,
    counts: Vec<(String, i64)>,
    can_create: bool,
    owner_label: String,
    errs: Errs,
}

pub async fn list(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let vis = Visibility::of(p);
    let f = DatasetFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), topic: Some(q.topic.clone()), confidentiality: Some(q.confidentiality.clone()), tag: None };
    let page = s.store.datasets(&f, &vis, PageRequest::new(q.page, Some(50))).await?;
    let by_class = s.store.datasets_by_class(&vis).await?;
    let rows = page
        .items
        .iter()
        .map(|d| Row {
            id: d.id,
            code: d.code.clone(),
            title: d.title.clone(),
            agency: d.agency_name.clone(),
            topic: simpul_domain::datasets::topic_label(&d.topic).to_string(),
            class: class_label(&d.confidentiality),
            class_code: d.confidentiality.clone(),
            frequency: Frequency::from_code(&d.frequency).map(|f| f.label().to_string()).unwrap_or_default(),
            last: d.last_updated_on.clone().unwrap_or_else(|| "—".into()),
            version: d.latest_version.map(|v| format!("v{v}")).unwrap_or_else(|| "—".into()),
            publication: (d.publication.clone(), d.publication().label().to_string()),
        })
        .collect();
    let l = Layout::new(&s, &ctx, "Katalog Data", "/data").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&ListPage {
        l,
        rows,
        pager: Pager::from(&page),
        base: qs(&[("q", &q.q), ("agency_id", &q.agency_id), ("topic", &q.topic), ("confidentiality", &q.confidentiality)]),
        agencies: agency_options(&s, false).await?,
        topics: TOPICS.iter().map(|t| (t.code.to_string(), t.label.to_string())).collect(),
        classes: Confidentiality::options(),
        counts: Confidentiality::ALL.iter().map(|c| (c.label().to_string(), by_class.get(c.code()).copied().unwrap_or(0))).collect(),
        can_create: p.can_for_some_agency(Action::ManageDatasets),
        owner_label: owner_label(&s).await,
        errs: Errs::default(),
        q: q.q,
        agency_id: q.agency_id,
        topic: q.topic,
        confidentiality: q.confidentiality,
    }))
}

// ---- Form -----------------------------------------------------------------------------------

/// The form as text fields; lists are written one per line or comma-separated.
#[derive(Deserialize, Default, Clone)]
pub struct DatasetForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    steward_person_id: String,
    #[serde(default)]
    verifier_person_id: String,
    #[serde(default)]
    concept: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    sdi_classification: String,
    #[serde(default)]
    measure: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    metadata: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    last_updated_on: String,
    #[serde(default)]
    coverage_start: String,
    #[serde(default)]
    coverage_end: String,
    #[serde(default)]
    region_codes: String,
    #[serde(default)]
    licence: String,
    #[serde(default)]
    confidentiality: String,
    /// Agency codes, comma-separated.
    #[serde(default)]
    shared_with: String,
    #[serde(default)]
    register_responsible: String,
    #[serde(default)]
    register_distribution: String,
    #[serde(default)]
    retention_years: String,
    #[serde(default)]
    storage_location: String,
    #[serde(default)]
    backup_period: String,
    #[serde(default)]
    backup_medium: String,
    /// One column per line: `nama | Label | jenis | wajib | kode1, kode2`.
    #[serde(default)]
    columns: String,
}

fn opt(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn split_list(v: &str) -> Vec<String> {
    v.split([',', '\n', ';']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

/// Reads one column line; a line that is not understood becomes a column
/// with an empty kind, which validation reports on its row.
fn column_line(line: &str) -> ColumnInput {
    let parts: Vec<&str> = line.split('|').map(str::trim).collect();
    let get = |i: usize| parts.get(i).copied().unwrap_or("");
    let required = matches!(get(3).to_lowercase().as_str(), "wajib" | "ya" | "y" | "true" | "1");
    let kind = match get(2).to_lowercase().as_str() {
        "teks" => "text".to_string(),
        "bilangan bulat" | "bulat" | "angka" => "integer".to_string(),
        "desimal" => "decimal".to_string(),
        "tanggal" => "date".to_string(),
        "kode" => "code".to_string(),
        other => other.to_string(),
    };
    ColumnInput { name: get(0).to_string(), label: get(1).to_string(), kind, required, codes: split_list(get(4)) }
}

fn column_lines(cols: &[simpul_domain::datasets::Column]) -> String {
    cols.iter().map(|c| format!("{} | {} | {} | {} | {}", c.name, c.label, c.kind.code(), if c.required { "wajib" } else { "" }, c.codes.join(", "))).collect::<Vec<_>>().join("\n")
}

impl DatasetForm {
    fn input(&self, agencies: &[(i64, String)]) -> DatasetInput {
        let shared = split_list(&self.shared_with)
            .iter()
            .map(|code| agencies.iter().find(|(_, c)| c.eq_ignore_ascii_case(code)).map(|(id, _)| *id).unwrap_or(-1))
            .collect();
        DatasetInput {
            code: self.code.clone(),
            title: self.title.clone(),
            description: opt(&self.description),
            agency_id: opt_id(&self.agency_id).unwrap_or(0),
            steward_person_id: opt_id(&self.steward_person_id),
            verifier_person_id: opt_id(&self.verifier_person_id),
            concept: self.concept.clone(),
            definition: self.definition.clone(),
            sdi_classification: opt(&self.sdi_classification),
            measure: opt(&self.measure),
            unit: opt(&self.unit),
            metadata: opt(&self.metadata),
            topic: self.topic.clone(),
            tags: split_list(&self.tags),
            frequency: self.frequency.clone(),
            last_updated_on: opt(&self.last_updated_on),
            coverage_start: opt(&self.coverage_start),
            coverage_end: opt(&self.coverage_end),
            region_codes: split_list(&self.region_codes),
            licence: self.licence.clone(),
            confidentiality: self.confidentiality.clone(),
            shared_with: shared,
            register_responsible: self.register_responsible.clone(),
            register_distribution: opt(&self.register_distribution),
            retention_years: opt(&self.retention_years).map(|v| v.parse().unwrap_or(-1)),
            storage_location: opt(&self.storage_location),
            backup_period: opt(&self.backup_period),
            backup_medium: opt(&self.backup_medium),
            columns: self.columns.lines().filter(|l| !l.trim().is_empty()).map(column_line).collect(),
        }
    }

    fn of(d: &Dataset, agencies: &[(i64, String)]) -> DatasetForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        DatasetForm {
            code: d.code.clone(),
            title: d.title.clone(),
            description: s(&d.description),
            agency_id: d.agency_id.to_string(),
            steward_person_id: d.steward_person_id.map(|v| v.to_string()).unwrap_or_default(),
            verifier_person_id: d.verifier_person_id.map(|v| v.to_string()).unwrap_or_default(),
            concept: d.concept.clone(),
            definition: d.definition.clone(),
            sdi_classification: s(&d.sdi_classification),
            measure: s(&d.measure),
            unit: s(&d.unit),
            metadata: s(&d.metadata),
            topic: d.topic.clone(),
            tags: d.tags.join(", "),
            frequency: d.frequency.clone(),
            last_updated_on: s(&d.last_updated_on),
            coverage_start: s(&d.coverage_start),
            coverage_end: s(&d.coverage_end),
            region_codes: d.region_codes.join(", "),
            licence: d.licence.clone(),
            confidentiality: d.confidentiality.clone(),
            shared_with: d.shared_with.iter().filter_map(|id| agencies.iter().find(|(a, _)| a == id).map(|(_, c)| c.clone())).collect::<Vec<_>>().join(", "),
            register_responsible: d.register_responsible.clone(),
            register_distribution: s(&d.register_distribution),
            retention_years: d.retention_years.map(|v| v.to_string()).unwrap_or_default(),
            storage_location: s(&d.storage_location),
            backup_period: s(&d.backup_period),
            backup_medium: s(&d.backup_medium),
            columns: column_lines(&d.columns),
        }
    }
}

#[derive(Template)]
#[template(path = "dataset_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    f: DatasetForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    people: Vec<(String, String)>,
    topics: Vec<(String, String)>,
    frequencies: Vec<(String, String)>,
    licences: Vec<(String, String)>,
    classes: Vec<(String, String)>,
    kinds: String,
    owner_label: String,
    verifier_label: String,
}

async fn agency_codes(s: &AppState) -> Result<Vec<(i64, String)>, AppError> {
    Ok(s.store.agencies(&AgencyFilter::default(), PageRequest { page: 1, per_page: 10_000 }).await?.items.into_iter().map(|a| (a.id, a.code)).collect())
}

/// Errors on list items (`columns[2].kind`, `shared_with[0]`) shown on the list's field.
fn form_errs(errs: Vec<FieldError>) -> Errs {
    Errs(
        errs.into_iter()
            .map(|mut e| {
                if let Some(rest) = e.field.strip_prefix("columns[") {
                    let n: usize = rest.split(']').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                    e.message = format!("Baris kolom ke-{}: {}", n + 1, e.message);
                    e.field = "columns".into();
                } else if e.field.starts_with("shared_with[") {
                    e.field = "shared_with".into();
                }
                e
            })
            .fold(Vec::<FieldError>::new(), |mut acc, e| {
                match acc.iter_mut().find(|x| x.field == e.field) {
                    Some(x) => x.message = format!("{} {}", x.message, e.message),
                    None => acc.push(e),
                }
                acc
            }),
    )
}

async fn form_page(s: &AppState, ctx: &Ctx, heading: &str, action: String, cancel: String, f: DatasetForm, errs: Errs) -> Page {
    let p = ctx.user()?;
    let agencies = agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageDatasets(a)))).collect();
    let people = s.store.people(&Default::default(), PageRequest { page: 1, per_page: 10_000 }).await?.items.into_iter().map(|x| (x.id.to_string(), format!("{} — {}", x.name, x.agency_name))).collect();
    let profile = s.store.profile().await?;
    let verifier_label = profile
        .map(|p| {
            let prof = p.regulation.profile();
            prof.labels.data_verifier_label_for(prof.data_terminology).unwrap_or("Pemeriksa data (Walidata)").to_string()
        })
        .unwrap_or_else(|| "Pemeriksa data".into());
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, heading, "/data").await;
    let mut res = render(&FormPage {
        l,
        heading: heading.into(),
        action,
        cancel,
        f,
        errs,
        agencies,
        people,
        topics: TOPICS.iter().map(|t| (t.code.to_string(), t.label.to_string())).collect(),
        frequencies: Frequency::options(),
        licences: DataLicence::options(),
        classes: Confidentiality::options(),
        kinds: ColumnKind::ALL.iter().map(|k| format!("{} ({})", k.code(), k.label())).collect::<Vec<_>>().join(", "),
        owner_label: owner_label(s).await,
        verifier_label,
    });
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Deserialize, Default)]
pub struct NewQ {
    #[serde(default)]
    agency_id: String,
}

pub async fn new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<NewQ>) -> Page {
    if !ctx.user()?.can_for_some_agency(Action::ManageDatasets) {
        return Err(AppError::Forbidden.into());
    }
    let f = DatasetForm { agency_id: q.agency_id, frequency: "tahunan".into(), licence: "cc_by_4_0".into(), confidentiality: "terbuka".into(), topic: "pemerintahan".into(), ..Default::default() };
    form_page(&s, &ctx, "Daftarkan dataset", "/data/baru".into(), "/data".into(), f, Errs::default()).await
}

async fn submit(s: &AppState, ctx: &Ctx, id: Option<i64>, f: DatasetForm, heading: &str, action: String, cancel: String) -> Page {
    let input = f.input(&agency_codes(s).await?);
    match actions::save_dataset(s, ctx, id, input).await {
        Ok(d) => Ok(see_other(&format!("/data/{}?ok={}", d.id, if id.is_some() { "diubah" } else { "dibuat" }))),
        Err(e) if is_form_error(&e) => form_page(s, ctx, heading, action, cancel, f, form_errs(e.fields())).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn create(State(s): State<AppState>, ctx: Ctx, Form(f): Form<DatasetForm>) -> Page {
    submit(&s, &ctx, None, f, "Daftarkan dataset", "/data/baru".into(), "/data".into()).await
}

pub async fn edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let d = actions::read_dataset(&s, &ctx, id).await?;
    ctx.require(Action::ManageDatasets(d.agency_id))?;
    let f = DatasetForm::of(&d, &agency_codes(&s).await?);
    form_page(&s, &ctx, "Ubah dataset", format!("/data/{id}/ubah"), format!("/data/{id}"), f, Errs::default()).await
}

pub async fn update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<DatasetForm>) -> Page {
    submit(&s, &ctx, Some(id), f, "Ubah dataset", format!("/data/{id}/ubah"), format!("/data/{id}")).await
}

// ---- Dataset page ----------------------------------------------------------------------------

struct VersionRow {
    no: i64,
    file_name: String,
    format: String,
    size: i64,
    sha256: String,
    rows: i64,
    encrypted: bool,
    by: String,
    at: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "dataset.html")]
struct ShowPage {
    l: Layout,
    d: Dataset,
    topic: String,
    class: String,
    frequency: String,
    licence: String,
    shared_names: Vec<String>,
    twins: Vec<Twin>,
    hidden_twins: i64,
    owner_label: String,
    can_edit: bool,
    /// May file a data-use request for it (another agency's Kepala PD or Walidata: `ui::sharing`).
    can_request: bool,
    versions: Vec<VersionRow>,
    version: Option<i64>,
    headers: Vec<(String, String)>,
    cells: Vec<(i64, Vec<String>)>,
    pager: Option<Pager>,
    base: String,
    filter_col: String,
    filter_val: String,
    sort: String,
    desc: bool,
    chart: String,
    integrity: Option<VersionIntegrity>,
    upload_errs: Errs,
    row_errors: Vec<FieldError>,
    max_mb: usize,
    publication: PublicationView,
}

/// The publication section of the dataset page (`domain::publication`).
struct PublicationView {
    state: String,
    /// Steps the caller may take now: (code, button label, needs a note).
    steps: Vec<(&'static str, &'static str, bool)>,
    verifier: String,
    citation: String,
    errs: Errs,
}

async fn publication_view(s: &AppState, ctx: &Ctx, d: &Dataset, errs: Errs) -> Result<PublicationView, AppError> {
    use simpul_domain::publication::Step;
    let v = actions::publication::verifier(s).await?;
    let steps = actions::publication::steps_for(s, ctx, d)
        .await?
        .into_iter()
        .map(|st| match st {
            Step::Submit => ("submit", "Ajukan untuk verifikasi", false),
            Step::Verify => ("verify", "Verifikasi dan terbitkan", false),
            Step::Return => ("return", "Kembalikan kepada pemilik data", true),
            Step::Withdraw => ("withdraw", "Tarik dari portal", true),
        })
        .collect();
    Ok(PublicationView { state: d.publication().label().to_string(), steps, verifier: v.label.to_string(), citation: v.citation.to_string(), errs })
}

pub(super) fn fmt_time(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000).map(|t| format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute())).unwrap_or_default()
}

/// A bar chart of the page shown: the first text/code column as labels,
/// the first number column as values (rounded).
pub(super) fn chart(d: &Dataset, rows: &[(i64, serde_json::Map<String, serde_json::Value>)]) -> String {
    let label = d.columns.iter().find(|c| matches!(c.kind, ColumnKind::Text | ColumnKind::Code));
    let value = d.columns.iter().find(|c| matches!(c.kind, ColumnKind::Integer | ColumnKind::Decimal));
    let (Some(label), Some(value)) = (label, value) else { return String::new() };
    let bars: Vec<(String, i64)> = rows.iter().take(25).map(|(_, r)| (cell_text(r.get(&label.name)), r.get(&value.name).and_then(serde_json::Value::as_f64).unwrap_or(0.0).round() as i64)).collect();
    crate::svg::bar_chart("dataset", &format!("{} per {}", value.label, label.label), &bars)
}

struct Shown {
    d: Dataset,
    publication_errs: Errs,
    upload_errs: Errs,
    row_errors: Vec<FieldError>,
    flash: Option<&'static str>,
}

async fn show_page(s: &AppState, ctx: &Ctx, raw: Option<&str>, shown: Shown) -> Page {
    let p = ctx.user()?;
    let Shown { d, publication_errs, upload_errs, row_errors, flash } = shown;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let stored = s.store.dataset_versions(d.id).await?;
    let version = get("versi").parse::<i64>().ok().or(d.latest_version);
    let versions = stored
        .iter()
        .map(|v: &DatasetVersion| VersionRow {
            no: v.version_no,
            file_name: v.file_name.clone(),
            format: v.format.clone(),
            size: v.size,
            sha256: v.sha256.clone(),
            rows: v.row_count,
            encrypted: v.encrypted,
            by: v.uploaded_by.clone(),
            at: fmt_time(v.created_at),
            current: Some(v.version_no) == version,
        })
        .collect();
    let (filter_col, filter_val, sort) = (get("kolom"), get("nilai"), get("urut"));
    let desc = get("turun") == "1";
    let (mut headers, mut cells, mut pager, mut chart_svg, mut integrity) = (Vec::new(), Vec::new(), None, String::new(), None);
    if let Some(no) = version {
        let v = s.store.dataset_version(d.id, no).await?;
        let mut q = String::new();
        if !filter_col.is_empty() && !filter_val.is_empty() {
            q.push_str(&serde_urlencoded::to_string([(filter_col.as_str(), filter_val.as_str())]).unwrap_or_default());
        }
        if !sort.is_empty() {
            q.push_str(&format!("&sort={}&desc={desc}", serde_urlencoded::to_string([("", &sort)]).unwrap_or_default().trim_start_matches('=')));
        }
        if let Ok(page) = get("page").parse::<u32>() {
            q.push_str(&format!("&page={page}"));
        }
        let (rq, pr) = match row_query(Some(&q), &d.columns) {
            Ok(x) => x,
            Err(_) => (Default::default(), PageRequest::new(None, Some(50))),
        };
        let pr = PageRequest::new(Some(pr.page), Some(50));
        let rows = s.store.query_dataset_rows(&v, &d.columns, &rq, pr).await?;
        headers = d.columns.iter().map(|c| (c.name.clone(), c.label.clone())).collect();
        chart_svg = chart(&d, &rows.items);
        cells = rows.items.iter().map(|(n, r)| (*n, d.columns.iter().map(|c| cell_text(r.get(&c.name))).collect())).collect();
        pager = Some(Pager::from(&rows));
        if get("periksa") == "1" {
            integrity = Some(s.store.verify_dataset_version(&v).await?);
        }
    }
    let names = s.store.agencies(&AgencyFilter::default(), PageRequest { page: 1, per_page: 10_000 }).await?.items;
    let shared_names = d.shared_with.iter().filter_map(|id| names.iter().find(|a| a.id == *id).map(|a| a.name.clone())).collect();
    let twins = s.store.dataset_twins(d.agency_id, &d.title, &d.concept, Some(d.id)).await?;
    let (seen, hidden): (Vec<_>, Vec<_>) = twins.into_iter().partition(|t| can_read(p, &t.access()));
    let base = qs(&[("versi", &version.map(|v| v.to_string()).unwrap_or_default()), ("kolom", &filter_col), ("nilai", &filter_val), ("urut", &sort), ("turun", if desc { "1" } else { "" })]);
    let l = Layout::new(s, ctx, &d.title, "/data").await.flash(flash);
    let publication = publication_view(s, ctx, &d, publication_errs).await?;
    Ok(render(&ShowPage {
        publication,
        l,
        topic: simpul_domain::datasets::topic_label(&d.topic).to_string(),
        class: class_label(&d.confidentiality),
        frequency: Frequency::from_code(&d.frequency).map(|f| f.label().to_string()).unwrap_or_default(),
        licence: DataLicence::from_code(&d.licence).map(|f| f.label().to_string()).unwrap_or_default(),
        shared_names,
        twins: seen.into_iter().map(|t| Twin { id: t.id, title: t.title, agency_name: t.agency_name }).collect(),
        hidden_twins: hidden.len() as i64,
        owner_label: owner_label(s).await,
        can_edit: p.can(Action::ManageDatasets(d.agency_id)),
        can_request: !p.can(Action::ManageDatasets(d.agency_id)) && p.can_for_some_agency(Action::RequestData),
        versions,
        version,
        headers,
        cells,
        pager,
        base,
        filter_col,
        filter_val,
        sort,
        desc,
        chart: chart_svg,
        integrity,
        upload_errs,
        row_errors,
        max_mb: s.config.max_dataset_upload_bytes.div_ceil(1024 * 1024),
        d,
    }))
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, RawQuery(raw): RawQuery) -> Page {
    let d = actions::read_dataset(&s, &ctx, id).await?;
    let ok = serde_urlencoded::from_str::<Vec<(String, String)>>(raw.as_deref().unwrap_or("")).unwrap_or_default().into_iter().find(|(k, _)| k == "ok").map(|(_, v)| v);
    let flash = match ok.as_deref() {
        Some("versi") => Some("Versi baru berhasil diunggah dan diperiksa."),
        Some("submit") => Some("Dataset diajukan untuk verifikasi."),
        Some("verify") => Some("Dataset diverifikasi dan terbit di Portal Data Terbuka."),
        Some("return") => Some("Dataset dikembalikan kepada pemilik data dengan catatan."),
        Some("withdraw") => Some("Dataset ditarik dari Portal Data Terbuka."),
        other => flash_message(other),
    };
    show_page(&s, &ctx, raw.as_deref(), Shown { d, publication_errs: Errs::default(), upload_errs: Errs::default(), row_errors: Vec::new(), flash }).await
}

/// The upload form: on success the new version's page; refused, the page
/// again with the row-by-row report (422).
pub async fn upload(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, body: MultipartBody) -> Response {
    let max = s.config.max_dataset_upload_bytes;
    let result = actions::add_dataset_version(&s, &ctx, id, body.read_limited("file", max, || actions::dataset_too_large(max))).await;
    let e = match result {
        Ok((_, v)) => return see_other(&format!("/data/{id}?versi={}&ok=versi", v.version_no)),
        Err(e) => e,
    };
    let Some(errs) = upload_errs(&e) else { return super::ui_error(e) };
    let (rows, file): (Vec<FieldError>, Vec<FieldError>) = errs.0.into_iter().partition(|f| f.field.starts_with("rows["));
    let d = match actions::read_dataset(&s, &ctx, id).await {
        Ok(d) => d,
        Err(e) => return super::ui_error(e),
    };
    let mut res = match show_page(&s, &ctx, None, Shown { d, publication_errs: Errs::default(), upload_errs: Errs(file), row_errors: rows, flash: None }).await {
        Ok(r) => r,
        Err(e) => return axum::response::IntoResponse::into_response(e),
    };
    *res.status_mut() = e.status();
    res
}

#[derive(Deserialize, Default)]
pub struct PublicationForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    note: String,
}

/// A step of the publication workflow from the dataset page; a missing
/// note shows next to its field (422), a wrong state or right an error page.
pub async fn publication(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<PublicationForm>) -> Page {
    let Some(step) = simpul_domain::publication::Step::from_code(&f.step) else {
        return Err(AppError::Domain(simpul_domain::DomainError::field("step", "invalid_choice", "Langkah publikasi tidak dikenal.")).into());
    };
    let note = Some(f.note.trim().to_string()).filter(|n| !n.is_empty());
    match actions::publication::take_step(&s, &ctx, id, step, note).await {
        Ok(_) => Ok(see_other(&format!("/data/{id}?ok={}", step.code()))),
        Err(e) if is_form_error(&e) => {
            let d = actions::read_dataset(&s, &ctx, id).await?;
            let mut res = show_page(&s, &ctx, None, Shown { d, publication_errs: Errs(e.fields()), upload_errs: Errs::default(), row_errors: Vec::new(), flash: None }).await?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}
