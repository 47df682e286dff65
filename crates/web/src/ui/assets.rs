//! Pages of the ICT asset registry (Aset TIK): assets, printable QR labels,
//! the CSV import, the asset-tag pattern, and software licences with seats.
//! Each handler: extract, authorize, call an action or a store read, render.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use simpul_domain::asset_import::{RowError, COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS};
use simpul_domain::assets::{days_until, mask_key, parse_price, AssetCategory, AssetInput, AssetKind, AssetState, LicenceInput, SeatInput, EXPIRING_SOON_DAYS};
use simpul_domain::roles::{Action, Principal};
use simpul_domain::DomainError;
use simpul_store::assets::{Asset, AssetFilter, Licence, LicenceFilter, Seat, StateChange};
use simpul_store::org::PersonFilter;
use simpul_store::PageRequest;

use super::pages::{agency_options, field, is_form_error, qs, see_other, Page};
use super::{flash_message, opt_id, render, Errs, Layout, Pager};
use crate::actions;
use crate::api::assets::AssetQuery;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::{absolute, AppState};

fn label_of<T: Copy>(code: &str, parse: fn(&str) -> Option<T>, label: fn(T) -> &'static str) -> String {
    parse(code).map(label).unwrap_or(code).to_string()
}
fn category_label(c: &str) -> String {
    label_of(c, AssetCategory::from_code, AssetCategory::label)
}
fn state_label(c: &str) -> String {
    label_of(c, AssetState::from_code, AssetState::label)
}

/// `Rp 12.500.000`.
pub fn rupiah(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    format!("Rp {}{out}", if n < 0 { "-" } else { "" })
}

/// Agencies (id, name) whose assets the user may manage.
async fn manageable(s: &AppState, p: &Principal) -> Result<Vec<(String, String)>, AppError> {
    Ok(agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageAssets(a)))).collect())
}

/// A QR code of `text` as inline SVG (no script, no image request), labelled for screen readers.
pub fn qr_svg(text: &str, label: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return String::new() };
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(132, 132).quiet_zone(true).build();
    let body = svg.find("<svg").map(|i| &svg[i..]).unwrap_or(&svg);
    let esc = label.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    body.replacen("<svg ", &format!("<svg role=\"img\" aria-label=\"{esc}\" class=\"qr\" "), 1)
}

// ---- List ------------------------------------------------------------------------

struct AssetRow {
    id: i64,
    tag: String,
    name: String,
    agency_name: String,
    category: String,
    state: String,
    location: String,
    warranty: String,
    warranty_soon: bool,
}

#[derive(Template)]
#[template(path = "assets.html")]
struct AssetsPage {
    l: Layout,
    rows: Vec<AssetRow>,
    f: ListQ,
    agencies: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    states: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    can_create: bool,
    can_configure: bool,
    /// Licences that expire within 90 days or have expired.
    licences_expiring: i64,
    pager: Pager,
    pager_base: String,
    query: String,
    errs: Errs,
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    garansi: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

impl ListQ {
    fn pairs(&self) -> Vec<(&str, &str)> {
        vec![("q", &self.q), ("agency_id", &self.agency_id), ("category", &self.category), ("state", &self.state), ("kind", &self.kind), ("garansi", &self.garansi)]
    }
    fn api(&self) -> AssetQuery {
        let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
        AssetQuery {
            q: some(&self.q),
            agency_id: opt_id(&self.agency_id),
            category: some(&self.category),
            state: some(&self.state),
            kind: some(&self.kind),
            warranty_expiring: Some(self.garansi == "segera"),
            page: self.page,
            per_page: Some(50),
        }
    }
    /// The same filter as the API's query string (for export links).
    fn api_query(&self) -> String {
        let mut v = self.pairs();
        v.retain(|(k, _)| *k != "garansi");
        let soon = if self.garansi == "segera" { "true" } else { "" };
        v.push(("warranty_expiring", soon));
        qs(&v)
    }
}

pub async fn list(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?.clone();
    let today = crate::api::assets::today(&s).await?;
    let page = s.store.assets(&q.api().filter(today), PageRequest::new(q.page, Some(50))).await?;
    let l = Layout::new(&s, &ctx, "Aset TIK", "/aset").await.flash(flash_message(q.ok.as_deref()));
    let rows = page
        .items
        .iter()
        .map(|a| {
            let left = a.warranty_until.as_deref().and_then(|d| days_until(d, today));
            AssetRow {
                id: a.id,
                tag: a.asset_tag.clone(),
                name: a.name.clone(),
                agency_name: a.agency_name.clone(),
                category: category_label(&a.category),
                state: state_label(&a.state),
                location: a.location.clone().unwrap_or_default(),
                warranty: a.warranty_until.clone().unwrap_or_default(),
                warranty_soon: left.is_some_and(|d| (0..=EXPIRING_SOON_DAYS).contains(&d)),
            }
        })
        .collect();
    let soon = LicenceFilter { expires_by: Some((today + time::Duration::days(EXPIRING_SOON_DAYS)).to_string()), ..Default::default() };
    let licences_expiring = s.store.licences(&soon, PageRequest::new(Some(1), Some(1))).await?.total;
    Ok(render(&AssetsPage {
        l,
        rows,
        licences_expiring,
        pager: Pager::from(&page),
        pager_base: qs(&q.pairs()),
        query: q.api_query(),
        agencies: agency_options(&s, false).await?,
        categories: AssetCategory::options(),
        states: AssetState::options(),
        kinds: AssetKind::options(),
        can_create: !manageable(&s, &p).await?.is_empty(),
        can_configure: p.can(Action::ManageProfile),
        f: q,
        errs: Errs::default(),
    }))
}

// ---- Form ---------------------------------------------------------------------------

#[derive(Default, Clone)]
pub struct AssetForm {
    asset_tag: String,
    name: String,
    agency_id: String,
    category: String,
    state: String,
    state_changed_on: String,
    location: String,
    unit_id: String,
    manufacturer: String,
    model: String,
    serial_number: String,
    purchase_date: String,
    price: String,
    warranty_until: String,
    assigned_person_id: String,
    notes: String,
}

impl AssetForm {
    fn from_pairs(p: &[(String, String)]) -> Self {
        AssetForm {
            asset_tag: field(p, "asset_tag"),
            name: field(p, "name"),
            agency_id: field(p, "agency_id"),
            category: field(p, "category"),
            state: field(p, "state"),
            state_changed_on: field(p, "state_changed_on"),
            location: field(p, "location"),
            unit_id: field(p, "unit_id"),
            manufacturer: field(p, "manufacturer"),
            model: field(p, "model"),
            serial_number: field(p, "serial_number"),
            purchase_date: field(p, "purchase_date"),
            price: field(p, "price"),
            warranty_until: field(p, "warranty_until"),
            assigned_person_id: field(p, "assigned_person_id"),
            notes: field(p, "notes"),
        }
    }

    /// The input, and the message for a price the form could not read
    /// (sent on as out of range, so that the action authorizes first).
    fn input(&self) -> (AssetInput, Option<&'static str>) {
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
        let (price, price_err) = match self.price.trim() {
            "" => (None, None),
            v => match parse_price(v) {
                Ok(n) => (Some(n), None),
                Err(m) => (Some(-1), Some(m)),
            },
        };
        let input = AssetInput {
            asset_tag: opt(&self.asset_tag),
            name: self.name.clone(),
            agency_id: opt_id(&self.agency_id).unwrap_or(0),
            category: self.category.clone(),
            kind: None,
            state: self.state.clone(),
            state_changed_on: opt(&self.state_changed_on),
            location: opt(&self.location),
            unit_id: opt_id(&self.unit_id),
            manufacturer: opt(&self.manufacturer),
            model: opt(&self.model),
            serial_number: opt(&self.serial_number),
            purchase_date: opt(&self.purchase_date),
            price,
            warranty_until: opt(&self.warranty_until),
            assigned_person_id: opt_id(&self.assigned_person_id),
            notes: opt(&self.notes),
        };
        (input, price_err)
    }

    fn from_asset(a: &Asset) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        AssetForm {
            asset_tag: a.asset_tag.clone(),
            name: a.name.clone(),
            agency_id: a.agency_id.to_string(),
            category: a.category.clone(),
            state: a.state.clone(),
            state_changed_on: String::new(),
            location: s(&a.location),
            unit_id: a.unit_id.map(|v| v.to_string()).unwrap_or_default(),
            manufacturer: s(&a.manufacturer),
            model: s(&a.model),
            serial_number: s(&a.serial_number),
            purchase_date: s(&a.purchase_date),
            price: a.price.map(|v| v.to_string()).unwrap_or_default(),
            warranty_until: s(&a.warranty_until),
            assigned_person_id: a.assigned_person_id.map(|v| v.to_string()).unwrap_or_default(),
            notes: s(&a.notes),
        }
    }
}

#[derive(Template)]
#[template(path = "asset_form.html")]
struct AssetFormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    f: AssetForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    states: Vec<(String, String)>,
    units: Vec<(String, String)>,
    people: Vec<(String, String)>,
    state_since: String,
    tag_hint: String,
}

/// Units and people of the agencies the user manages, labelled with their agency.
async fn unit_and_people_options(s: &AppState, agencies: &[(String, String)]) -> Result<(Vec<(String, String)>, Vec<(String, String)>), AppError> {
    let mut units = Vec::new();
    let mut people = Vec::new();
    for (id, name) in agencies {
        let Ok(a) = id.parse::<i64>() else { continue };
        for u in s.store.units(a).await?.into_iter().filter(|u| u.active) {
            units.push((u.id.to_string(), format!("{name} — {}", u.name)));
        }
        let f = PersonFilter { agency_id: Some(a), active: Some(true), ..Default::default() };
        for p in s.store.people(&f, PageRequest { page: 1, per_page: 10_000 }).await?.items {
            people.push((p.id.to_string(), format!("{} — {name}", p.name)));
        }
    }
    Ok((units, people))
}

async fn form_page(s: &AppState, ctx: &Ctx, existing: Option<&Asset>, f: AssetForm, errs: Errs) -> Result<Response, AppError> {
    let p = ctx.user()?;
    let agencies = manageable(s, p).await?;
    let (units, people) = unit_and_people_options(s, &agencies).await?;
    let (heading, action, cancel, states, state_since) = match existing {
        Some(a) => {
            let now = AssetState::from_code(&a.state);
            let states = AssetState::ALL.iter().filter(|st| now.is_none_or(|n| n.can_become(**st))).map(|st| (st.code().to_string(), st.label().to_string())).collect();
            (format!("Ubah Aset {}", a.asset_tag), format!("/aset/{}/ubah", a.id), format!("/aset/{}", a.id), states, a.state_since.clone())
        }
        None => ("Daftarkan Aset TIK".to_string(), "/aset/baru".to_string(), "/aset".to_string(), AssetState::options(), String::new()),
    };
    let status = if errs.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &heading, "/aset").await;
    let mut res = render(&AssetFormPage {
        l,
        heading,
        action,
        cancel,
        f,
        errs,
        agencies,
        categories: AssetCategory::options(),
        states,
        units,
        people,
        state_since,
        tag_hint: format!("Kosongkan agar dibuat otomatis dengan pola {}", s.store.asset_tag_pattern().await?),
    });
    *res.status_mut() = status;
    Ok(res)
}

/// Form errors, with the price message the form itself found.
fn form_errs(e: &AppError, price_err: Option<&'static str>) -> Errs {
    let mut fields = e.fields();
    if let Some(m) = price_err {
        fields.retain(|f| f.field != "price");
        fields.push(simpul_domain::FieldError { field: "price".into(), code: "invalid_format", message: m.into() });
    }
    Errs(fields)
}

#[derive(Deserialize, Default)]
pub struct NewQ {
    #[serde(default)]
    agency_id: String,
}

pub async fn new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<NewQ>) -> Page {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden.into());
    }
    let agency = opt_id(&q.agency_id).or(p.agency_id).map(|a| a.to_string()).unwrap_or_default();
    let f = AssetForm { agency_id: agency, category: "komputer".into(), state: "digunakan".into(), ..Default::default() };
    Ok(form_page(&s, &ctx, None, f, Errs::default()).await?)
}

pub async fn create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let f = AssetForm::from_pairs(&pairs);
    let (input, price_err) = f.input();
    match actions::create_asset(&s, &ctx, input).await {
        Ok(a) => Ok(see_other(&format!("/aset/{}?ok=dibuat", a.id))),
        Err(e) if is_form_error(&e) => Ok(form_page(&s, &ctx, None, f, form_errs(&e, price_err)).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let a = s.store.asset(id).await?;
    ctx.require(Action::ManageAssets(a.agency_id))?;
    Ok(form_page(&s, &ctx, Some(&a), AssetForm::from_asset(&a), Errs::default()).await?)
}

pub async fn update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let f = AssetForm::from_pairs(&pairs);
    let (input, price_err) = f.input();
    match actions::update_asset(&s, &ctx, id, input).await {
        Ok(a) => Ok(see_other(&format!("/aset/{}?ok=diubah", a.id))),
        Err(e) if is_form_error(&e) => {
            let a = s.store.asset(id).await?;
            Ok(form_page(&s, &ctx, Some(&a), f, form_errs(&e, price_err)).await?)
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Detail and labels -------------------------------------------------------------------

struct HistoryRow {
    on: String,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "asset.html")]
struct AssetPage {
    l: Layout,
    a: Asset,
    category_label: String,
    kind_label: String,
    state_label: String,
    price: String,
    warranty_note: String,
    history: Vec<HistoryRow>,
    seats: Vec<(Seat, String)>,
    can_edit: bool,
    can_audit: bool,
}

#[derive(Deserialize, Default)]
pub struct OkQ {
    #[serde(default)]
    ok: Option<String>,
}

fn history_rows(h: Vec<StateChange>) -> Vec<HistoryRow> {
    h.into_iter().map(|c| HistoryRow { on: c.changed_on, from: c.from_state.as_deref().map(state_label).unwrap_or_else(|| "—".into()), to: state_label(&c.to_state) }).collect()
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let a = s.store.asset(id).await?;
    let today = crate::api::assets::today(&s).await?;
    let warranty_note = match a.warranty_until.as_deref().and_then(|d| days_until(d, today)) {
        Some(d) if d < 0 => "garansi sudah berakhir".to_string(),
        Some(d) if d <= EXPIRING_SOON_DAYS => format!("garansi berakhir dalam {d} hari"),
        _ => String::new(),
    };
    let l = Layout::new(&s, &ctx, &format!("{} — {}", a.asset_tag, a.name), "/aset").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&AssetPage {
        l,
        category_label: category_label(&a.category),
        kind_label: label_of(&a.kind, AssetKind::from_code, AssetKind::label),
        state_label: state_label(&a.state),
        price: a.price.map(rupiah).unwrap_or_else(|| "—".into()),
        warranty_note,
        history: history_rows(s.store.asset_history(id).await?),
        seats: s.store.seats_of_asset(id).await?,
        can_edit: ctx.can(Action::ManageAssets(a.agency_id)),
        can_audit: ctx.can(Action::ViewAudit),
        a,
    }))
}

pub struct Label {
    tag: String,
    name: String,
    agency: String,
    qr: String,
}

#[derive(Template)]
#[template(path = "asset_labels.html")]
struct LabelsPage {
    l: Layout,
    labels: Vec<Label>,
    back: String,
    truncated: bool,
}

fn label(s: &AppState, headers: &HeaderMap, a: &Asset) -> Label {
    let url = absolute(s, headers, &format!("/aset/{}", a.id));
    Label { qr: qr_svg(&url, &format!("Kode QR menuju {url}")), tag: a.asset_tag.clone(), name: a.name.clone(), agency: a.agency_name.clone() }
}

/// One asset's printable label: its tag and a QR code of its address in Simpul.
pub async fn label_one(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, Path(id): Path<i64>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let a = s.store.asset(id).await?;
    let l = Layout::new(&s, &ctx, &format!("Label {}", a.asset_tag), "/aset").await;
    Ok(render(&LabelsPage { labels: vec![label(&s, &headers, &a)], l, back: format!("/aset/{id}"), truncated: false }))
}

/// Most labels on one sheet.
const MAX_LABELS: usize = 500;

/// A sheet of labels for the filtered list.
pub async fn label_sheet(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, Query(q): Query<ListQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let all = s.store.all_assets(&q.api().filter(crate::api::assets::today(&s).await?)).await?;
    let l = Layout::new(&s, &ctx, "Label aset", "/aset").await;
    Ok(render(&LabelsPage { truncated: all.len() > MAX_LABELS, labels: all.iter().take(MAX_LABELS).map(|a| label(&s, &headers, a)).collect(), l, back: format!("/aset{}", qs(&q.pairs())) }))
}

// ---- Import ---------------------------------------------------------------------------------

struct PreviewRow {
    row: usize,
    tag: String,
    name: String,
    category: String,
    state: String,
    price: String,
}

#[derive(Template)]
#[template(path = "asset_import.html")]
struct ImportPage {
    l: Layout,
    errors: Vec<RowError>,
    preview: Vec<PreviewRow>,
    imported: Vec<Asset>,
    checked: bool,
    /// The checked file, base64, for the preview's "Impor" button.
    checked_file: String,
    columns: Vec<(&'static str, bool, &'static str)>,
    max_kb: usize,
    max_rows: usize,
    message: String,
}

fn import_page(l: Layout) -> ImportPage {
    ImportPage {
        l,
        errors: Vec::new(),
        preview: Vec::new(),
        imported: Vec::new(),
        checked: false,
        checked_file: String::new(),
        columns: COLUMNS.iter().map(|c| (c.header, c.required, c.hint)).collect(),
        max_kb: MAX_IMPORT_BYTES / 1024,
        max_rows: MAX_IMPORT_ROWS,
        message: String::new(),
    }
}

pub async fn import_form(State(s): State<AppState>, ctx: Ctx) -> Page {
    if !ctx.user()?.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden.into());
    }
    let l = Layout::new(&s, &ctx, "Impor Aset dari CSV", "/aset").await;
    Ok(render(&import_page(l)))
}

/// The uploaded file and the button pressed (`periksa` checks only).
async fn read_upload(mut form: Multipart) -> Result<(Vec<u8>, bool), AppError> {
    let mut file = None;
    let mut dry_run = false;
    while let Some(f) = form.next_field().await.map_err(|e| DomainError::BadRequest(format!("Unggahan tidak terbaca: {e}")))? {
        match f.name() {
            Some("berkas") => file = Some(f.bytes().await.map_err(|_| DomainError::PayloadTooLarge(format!("Berkas CSV terlalu besar: paling besar {} KB.", MAX_IMPORT_BYTES / 1024)))?.to_vec()),
            // The file as checked on the preview page, sent back by its "Impor" button.
            Some("berkas_diperiksa") => {
                use base64::Engine;
                let text = f.text().await.unwrap_or_default();
                let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim()).map_err(|_| DomainError::BadRequest("Berkas hasil pemeriksaan rusak; unggah kembali berkasnya.".into()))?;
                if !bytes.is_empty() && file.as_ref().is_none_or(|f: &Vec<u8>| f.is_empty()) {
                    file = Some(bytes);
                }
            }
            Some("mode") => dry_run = f.text().await.unwrap_or_default() == "periksa",
            _ => {}
        }
    }
    Ok((file.unwrap_or_default(), dry_run))
}

pub async fn import(State(s): State<AppState>, ctx: Ctx, form: Multipart) -> Page {
    if !ctx.user()?.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden.into());
    }
    let l = Layout::new(&s, &ctx, "Impor Aset dari CSV", "/aset").await;
    let mut page = import_page(l);
    let refused = |mut page: ImportPage, e: AppError| {
        page.message = e.message();
        let mut res = render(&page);
        *res.status_mut() = e.status();
        res
    };
    let (file, dry_run) = match read_upload(form).await {
        Ok(v) => v,
        Err(e) => return Ok(refused(page, e)),
    };
    if file.is_empty() {
        page.message = "Pilih berkas CSV yang akan diimpor.".into();
        let mut res = render(&page);
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let checked_bytes = if dry_run { file.clone() } else { Vec::new() };
    let outcome = match actions::import_assets(&s, &ctx, file, dry_run).await {
        Ok(o) => o,
        Err(e @ AppError::Domain(DomainError::PayloadTooLarge(_))) => return Ok(refused(page, e)),
        Err(e) => return Err(e.into()),
    };
    let status = match outcome {
        Err(errors) => {
            page.message = format!("Impor dibatalkan: {} masalah ditemukan. Tidak ada aset yang disimpan; perbaiki berkas lalu unggah kembali.", errors.len());
            page.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(done) if dry_run => {
            page.checked = true;
            page.checked_file = {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(&checked_bytes)
            };
            page.message = format!("Berkas valid: {} aset siap diimpor. Belum ada yang disimpan; tekan \"Impor berkas ini\" untuk menyimpannya.", done.rows.len());
            page.preview = done
                .rows
                .into_iter()
                .map(|(row, d)| PreviewRow {
                    row,
                    tag: d.asset_tag.unwrap_or_else(|| "(dibuat otomatis)".into()),
                    name: d.name,
                    category: d.category.label().into(),
                    state: d.state.label().into(),
                    price: d.price.map(rupiah).unwrap_or_default(),
                })
                .collect();
            StatusCode::OK
        }
        Ok(done) => {
            page.message = format!("Impor berhasil: {} aset disimpan.", done.imported.len());
            page.imported = done.imported;
            StatusCode::OK
        }
    };
    let mut res = render(&page);
    *res.status_mut() = status;
    Ok(res)
}

// ---- Settings -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "asset_settings.html")]
struct SettingsPage {
    l: Layout,
    pattern: String,
    example: String,
    errs: Errs,
}

async fn settings_page(s: &AppState, ctx: &Ctx, pattern: String, errs: Errs, flash: Option<&str>) -> Result<Response, AppError> {
    let today = crate::api::assets::today(s).await?;
    let example = simpul_domain::assets::TagPattern::parse(&pattern).map(|p| p.tag(&p.frame(today.year(), "DINKES"), 1)).unwrap_or_default();
    let status = if errs.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, "Pola Kode Aset", "/aset").await.flash(flash);
    let mut res = render(&SettingsPage { l, pattern, example, errs });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn settings(State(s): State<AppState>, ctx: Ctx, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ManageProfile)?;
    Ok(settings_page(&s, &ctx, s.store.asset_tag_pattern().await?, Errs::default(), flash_message(q.ok.as_deref())).await?)
}

pub async fn settings_save(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let pattern = field(&pairs, "pattern");
    match actions::set_asset_tag_pattern(&s, &ctx, pattern.clone()).await {
        Ok(_) => Ok(see_other("/aset/pengaturan?ok=diubah")),
        Err(e) if is_form_error(&e) => Ok(settings_page(&s, &ctx, pattern, Errs(e.fields()), None).await?),
        Err(e) => Err(e.into()),
    }
}

// ---- Licences -------------------------------------------------------------------------------

struct LicenceRow {
    id: i64,
    product: String,
    agency_name: String,
    seats: String,
    full: bool,
    expires: String,
    soon: bool,
    key: String,
}

fn expiry_note(expires_on: &Option<String>, today: time::Date) -> (String, bool) {
    match expires_on.as_deref() {
        None => ("Tanpa batas".into(), false),
        Some(d) => match days_until(d, today) {
            Some(n) if n < 0 => (format!("{d} (sudah berakhir)"), true),
            Some(n) if n <= EXPIRING_SOON_DAYS => (format!("{d} ({n} hari lagi)"), true),
            _ => (d.to_string(), false),
        },
    }
}

fn shown_key(l: &Licence, ctx: &Ctx) -> String {
    match &l.licence_key {
        None => String::new(),
        Some(k) if ctx.can(Action::ManageAssets(l.agency_id)) => k.clone(),
        Some(k) => mask_key(k),
    }
}

#[derive(Template)]
#[template(path = "licences.html")]
struct LicencesPage {
    l: Layout,
    rows: Vec<LicenceRow>,
    q: String,
    agency_id: String,
    segera: String,
    agencies: Vec<(String, String)>,
    can_create: bool,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct LicenceQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    segera: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

pub async fn licences(State(s): State<AppState>, ctx: Ctx, Query(q): Query<LicenceQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?.clone();
    let today = crate::api::assets::today(&s).await?;
    let f = LicenceFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), expires_by: (q.segera == "1").then(|| (today + time::Duration::days(EXPIRING_SOON_DAYS)).to_string()) };
    let page = s.store.licences(&f, PageRequest::new(q.page, Some(50))).await?;
    let rows = page
        .items
        .iter()
        .map(|l| {
            let (expires, soon) = expiry_note(&l.expires_on, today);
            LicenceRow {
                id: l.id,
                product: l.product.clone(),
                agency_name: l.agency_name.clone(),
                seats: format!("{}/{}", l.seats_used, l.seats_total),
                full: l.seats_used >= l.seats_total,
                expires,
                soon,
                key: shown_key(l, &ctx),
            }
        })
        .collect();
    let l = Layout::new(&s, &ctx, "Lisensi Perangkat Lunak", "/aset").await.flash(flash_message(q.ok.as_deref()));
    Ok(render(&LicencesPage {
        l,
        rows,
        pager: Pager::from(&page),
        pager_base: qs(&[("q", &q.q), ("agency_id", &q.agency_id), ("segera", &q.segera)]),
        agencies: agency_options(&s, false).await?,
        can_create: !manageable(&s, &p).await?.is_empty(),
        q: q.q,
        agency_id: q.agency_id,
        segera: q.segera,
        errs: Errs::default(),
    }))
}

#[derive(Default, Clone)]
pub struct LicenceForm {
    product: String,
    agency_id: String,
    vendor: String,
    licence_key: String,
    seats_total: String,
    expires_on: String,
    notes: String,
}

impl LicenceForm {
    fn from_pairs(p: &[(String, String)]) -> Self {
        LicenceForm {
            product: field(p, "product"),
            agency_id: field(p, "agency_id"),
            vendor: field(p, "vendor"),
            licence_key: field(p, "licence_key"),
            seats_total: field(p, "seats_total"),
            expires_on: field(p, "expires_on"),
            notes: field(p, "notes"),
        }
    }
    fn input(&self) -> LicenceInput {
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
        LicenceInput {
            product: self.product.clone(),
            agency_id: opt_id(&self.agency_id).unwrap_or(0),
            vendor: opt(&self.vendor),
            licence_key: opt(&self.licence_key),
            seats_total: self.seats_total.trim().parse().unwrap_or(0),
            expires_on: opt(&self.expires_on),
            notes: opt(&self.notes),
        }
    }
    fn from_licence(l: &Licence) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        LicenceForm {
            product: l.product.clone(),
            agency_id: l.agency_id.to_string(),
            vendor: s(&l.vendor),
            licence_key: s(&l.licence_key),
            seats_total: l.seats_total.to_string(),
            expires_on: s(&l.expires_on),
            notes: s(&l.notes),
        }
    }
}

#[derive(Template)]
#[template(path = "licence_form.html")]
struct LicenceFormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    f: LicenceForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
}

async fn licence_form_page(s: &AppState, ctx: &Ctx, id: Option<i64>, f: LicenceForm, errs: Errs) -> Result<Response, AppError> {
    let agencies = manageable(s, ctx.user()?).await?;
    let (heading, action, cancel) = match id {
        Some(id) => ("Ubah Lisensi".to_string(), format!("/lisensi/{id}/ubah"), format!("/lisensi/{id}")),
        None => ("Daftarkan Lisensi Perangkat Lunak".to_string(), "/lisensi/baru".to_string(), "/lisensi".to_string()),
    };
    let status = if errs.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &heading, "/aset").await;
    let mut res = render(&LicenceFormPage { l, heading, action, cancel, f, errs, agencies });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn licence_new(State(s): State<AppState>, ctx: Ctx) -> Page {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden.into());
    }
    let f = LicenceForm { agency_id: p.agency_id.map(|a| a.to_string()).unwrap_or_default(), seats_total: "1".into(), ..Default::default() };
    Ok(licence_form_page(&s, &ctx, None, f, Errs::default()).await?)
}

pub async fn licence_create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let f = LicenceForm::from_pairs(&pairs);
    match actions::create_licence(&s, &ctx, f.input()).await {
        Ok(l) => Ok(see_other(&format!("/lisensi/{}?ok=dibuat", l.id))),
        Err(e) if is_form_error(&e) => Ok(licence_form_page(&s, &ctx, None, f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn licence_edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let l = s.store.licence(id).await?;
    ctx.require(Action::ManageAssets(l.agency_id))?;
    Ok(licence_form_page(&s, &ctx, Some(id), LicenceForm::from_licence(&l), Errs::default()).await?)
}

pub async fn licence_update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let f = LicenceForm::from_pairs(&pairs);
    match actions::update_licence(&s, &ctx, id, f.input()).await {
        Ok(l) => Ok(see_other(&format!("/lisensi/{}?ok=diubah", l.id))),
        Err(e) if is_form_error(&e) => Ok(licence_form_page(&s, &ctx, Some(id), f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "licence.html")]
struct LicencePage {
    l: Layout,
    lic: Licence,
    key: String,
    expires: String,
    soon: bool,
    seats: Vec<Seat>,
    can_edit: bool,
    can_audit: bool,
    asset_options: Vec<(String, String)>,
    person_options: Vec<(String, String)>,
    seat_error: String,
}

async fn licence_page(s: &AppState, ctx: &Ctx, lic: Licence, seat_error: String, flash: Option<&str>) -> Result<Response, AppError> {
    let today = crate::api::assets::today(s).await?;
    let can_edit = ctx.can(Action::ManageAssets(lic.agency_id));
    let (mut asset_options, mut person_options) = (Vec::new(), Vec::new());
    if can_edit {
        let f = AssetFilter { agency_id: Some(lic.agency_id), kind: Some("perangkat_keras".into()), ..Default::default() };
        asset_options = s.store.all_assets(&f).await?.into_iter().filter(|a| a.state != "dihapuskan").map(|a| (a.id.to_string(), format!("{} — {}", a.asset_tag, a.name))).collect();
        let pf = PersonFilter { agency_id: Some(lic.agency_id), active: Some(true), ..Default::default() };
        person_options = s.store.people(&pf, PageRequest { page: 1, per_page: 10_000 }).await?.items.into_iter().map(|p| (p.id.to_string(), p.name)).collect();
    }
    let (expires, soon) = expiry_note(&lic.expires_on, today);
    let status = if seat_error.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &lic.product, "/aset").await.flash(flash);
    let mut res = render(&LicencePage {
        l,
        key: shown_key(&lic, ctx),
        expires,
        soon,
        seats: s.store.seats(lic.id).await?,
        can_edit,
        can_audit: ctx.can(Action::ViewAudit),
        asset_options,
        person_options,
        seat_error,
        lic,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn licence_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    let lic = s.store.licence(id).await?;
    Ok(licence_page(&s, &ctx, lic, String::new(), flash_message(q.ok.as_deref())).await?)
}

pub async fn seat_assign(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let holder = field(&pairs, "holder");
    let (asset_id, person_id) = match holder.split_once(':') {
        Some(("aset", v)) => (opt_id(v), None),
        Some(("pegawai", v)) => (None, opt_id(v)),
        _ => (None, None),
    };
    let note = field(&pairs, "note");
    let input = SeatInput { asset_id, person_id, note: (!note.trim().is_empty()).then_some(note) };
    match actions::assign_seat(&s, &ctx, id, input).await {
        Ok(_) => Ok(see_other(&format!("/lisensi/{id}?ok=diubah"))),
        Err(e) if is_form_error(&e) || matches!(e, AppError::Domain(DomainError::Conflict { .. })) => {
            let lic = s.store.licence(id).await?;
            let msg = e.fields().first().map(|f| f.message.clone()).unwrap_or_else(|| e.message());
            Ok(licence_page(&s, &ctx, lic, msg, None).await?)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn seat_release(State(s): State<AppState>, ctx: Ctx, Path((id, seat_id)): Path<(i64, i64)>) -> Page {
    actions::release_seat(&s, &ctx, id, seat_id).await?;
    Ok(see_other(&format!("/lisensi/{id}?ok=diubah")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_groups_thousands() {
        assert_eq!(rupiah(12_500_000), "Rp 12.500.000");
        assert_eq!(rupiah(750), "Rp 750");
        assert_eq!(rupiah(0), "Rp 0");
    }

    #[test]
    fn qr_is_inline_accessible_svg() {
        let svg = qr_svg("http://localhost/aset/1", "Kode QR");
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Kode QR\""), "{}", &svg[..80.min(svg.len())]);
        assert!(!svg.contains("<?xml") && !svg.contains("<script"));
    }
}
