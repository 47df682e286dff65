//! Pages of the application registry (Aplikasi SPBE) and the findings (Temuan).
//! Each handler: extract, authorize, call an action or a store read, render.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use simpul_domain::apps::{
    data_kind_label, function_label, url_host, AppFunction, AppKind, AppState as LifeState, ApplicationInput, Completeness, DevMethod, Hosting, License, Platform, RelationInput,
    RelationKind, APP_DATA_KINDS, APP_FUNCTIONS,
};
use simpul_domain::findings::{check_by_code, CheckStatus, Finding};
use simpul_domain::profiles::DocItem;
use simpul_domain::roles::Action;
use simpul_store::apps::{Application, ApplicationFilter};
use simpul_store::PageRequest;

use super::pages::{agency_options, field, is_form_error, qs, see_other, Page};
use super::{flash_message, opt_id, render, Errs, Layout, Pager};
use crate::actions;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

pub(super) fn label(code: &str, f: impl Fn(&str) -> Option<&'static str>) -> String {
    f(code).map(str::to_string).unwrap_or_else(|| code.to_string())
}

fn kind_label(c: &str) -> String {
    label(c, |c| AppKind::from_code(c).map(AppKind::label))
}
fn state_label(c: &str) -> String {
    label(c, |c| LifeState::from_code(c).map(LifeState::label))
}
fn platform_label(c: &str) -> String {
    label(c, |c| Platform::from_code(c).map(Platform::label))
}

fn function_options() -> Vec<(String, String)> {
    APP_FUNCTIONS.iter().map(|f| (f.code.to_string(), f.label.to_string())).collect()
}

async fn active_checklist(s: &AppState) -> Result<&'static [DocItem], AppError> {
    Ok(s.store.profile().await?.map(|p| p.regulation.profile().app_documentation_checklist).unwrap_or(&[]))
}

/// A finding ready to show, with its check's title and the agency's name.
pub struct FindingRow {
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub agency_name: String,
    /// What kind of record, in Bahasa Indonesia.
    pub entity_label: &'static str,
    /// The record's page, when it has one.
    pub href: Option<String>,
    pub entity_name: String,
    pub title: &'static str,
    pub message: String,
    pub article: &'static str,
}

pub(super) fn finding_rows(found: Vec<Finding>, names: &HashMap<i64, String>) -> Vec<FindingRow> {
    found
        .into_iter()
        .map(|f| FindingRow {
            severity: f.severity.code(),
            severity_label: f.severity.label(),
            agency_name: names.get(&f.agency_id).cloned().unwrap_or_default(),
            entity_label: super::entity_label(f.entity),
            href: super::finding_href(&f),
            entity_name: f.entity_name,
            title: check_by_code(f.check).map(|c| c.title()).unwrap_or(f.check),
            message: f.message,
            article: f.article,
        })
        .collect()
}

// ---- List -----------------------------------------------------------------------

struct AppRow {
    id: i64,
    name: String,
    agency_name: String,
    kind_label: String,
    state_label: String,
    platform_label: String,
    completeness: String,
    findings: usize,
}

#[derive(Template)]
#[template(path = "apps.html")]
struct AppsPage {
    l: Layout,
    rows: Vec<AppRow>,
    q: String,
    agency_id: String,
    function: String,
    state: String,
    kind: String,
    agencies: Vec<(String, String)>,
    functions: Vec<(String, String)>,
    states: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    can_create: bool,
    pager: Pager,
    pager_base: String,
    export_query: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct AppListQ {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    function: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    check: String,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

pub async fn list(State(s): State<AppState>, ctx: Ctx, Query(q): Query<AppListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let f = ApplicationFilter { q: Some(q.q.clone()), agency_id: opt_id(&q.agency_id), function: Some(q.function.clone()), state: Some(q.state.clone()), kind: Some(q.kind.clone()) };
    let page = s.store.applications(&f, PageRequest::new(q.page, Some(50))).await?;
    let checklist = active_checklist(&s).await?;
    let found = crate::evaluate_findings(&s).await?.findings;
    let agencies = agency_options(&s, false).await?;
    let can_create = agencies.iter().any(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageApplications(a))));
    let l = Layout::new(&s, &ctx, "Aplikasi SPBE", "/aplikasi").await.flash(flash_message(q.ok.as_deref()));
    let filters = [("q", q.q.as_str()), ("agency_id", q.agency_id.as_str()), ("function", q.function.as_str()), ("state", q.state.as_str()), ("kind", q.kind.as_str())];
    Ok(render(&AppsPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        export_query: qs(&filters),
        rows: page
            .items
            .into_iter()
            .map(|a| {
                let c = Completeness::of(&a.documents, checklist);
                AppRow {
                    findings: found.iter().filter(|f| f.entity == "application" && f.entity_id == a.id).count(),
                    completeness: format!("{}/{}", c.handed, c.required),
                    kind_label: kind_label(&a.kind),
                    state_label: state_label(&a.state),
                    platform_label: platform_label(&a.platform),
                    id: a.id,
                    name: a.name,
                    agency_name: a.agency_name,
                }
            })
            .collect(),
        agencies,
        functions: function_options(),
        states: LifeState::options(),
        kinds: AppKind::options(),
        q: q.q,
        agency_id: q.agency_id,
        function: q.function,
        state: q.state,
        kind: q.kind,
        can_create,
        errs: Errs::default(),
    }))
}

// ---- Form -------------------------------------------------------------------------

#[derive(Default, Clone)]
pub struct AppForm {
    name: String,
    short_name: String,
    agency_id: String,
    kind: String,
    functions: Vec<String>,
    state: String,
    planned_on: String,
    development_started_on: String,
    in_use_since: String,
    retired_on: String,
    platform: String,
    url: String,
    hosting: String,
    repository: String,
    license: String,
    development_method: String,
    last_audit_on: String,
    audit_result: String,
    documents: Vec<String>,
    data_kinds: Vec<String>,
}

impl AppForm {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        AppForm {
            name: field(pairs, "name"),
            short_name: field(pairs, "short_name"),
            agency_id: field(pairs, "agency_id"),
            kind: field(pairs, "kind"),
            functions: all("functions"),
            state: field(pairs, "state"),
            planned_on: field(pairs, "planned_on"),
            development_started_on: field(pairs, "development_started_on"),
            in_use_since: field(pairs, "in_use_since"),
            retired_on: field(pairs, "retired_on"),
            platform: field(pairs, "platform"),
            url: field(pairs, "url"),
            hosting: field(pairs, "hosting"),
            repository: field(pairs, "repository"),
            license: field(pairs, "license"),
            development_method: field(pairs, "development_method"),
            last_audit_on: field(pairs, "last_audit_on"),
            audit_result: field(pairs, "audit_result"),
            documents: all("documents"),
            data_kinds: all("data_kinds"),
        }
    }

    fn input(&self) -> ApplicationInput {
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
        ApplicationInput {
            name: self.name.clone(),
            short_name: opt(&self.short_name),
            agency_id: opt_id(&self.agency_id).unwrap_or(0),
            kind: self.kind.clone(),
            functions: self.functions.clone(),
            state: self.state.clone(),
            planned_on: opt(&self.planned_on),
            development_started_on: opt(&self.development_started_on),
            in_use_since: opt(&self.in_use_since),
            retired_on: opt(&self.retired_on),
            platform: self.platform.clone(),
            url: opt(&self.url),
            hosting: opt(&self.hosting),
            repository: opt(&self.repository),
            license: opt(&self.license),
            development_method: opt(&self.development_method),
            last_audit_on: opt(&self.last_audit_on),
            audit_result: opt(&self.audit_result),
            documents: self.documents.clone(),
            data_kinds: self.data_kinds.clone(),
        }
    }

    fn from_app(a: &Application) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        AppForm {
            name: a.name.clone(),
            short_name: s(&a.short_name),
            agency_id: a.agency_id.to_string(),
            kind: a.kind.clone(),
            functions: a.functions.clone(),
            state: a.state.clone(),
            planned_on: s(&a.planned_on),
            development_started_on: s(&a.development_started_on),
            in_use_since: s(&a.in_use_since),
            retired_on: s(&a.retired_on),
            platform: a.platform.clone(),
            url: s(&a.url),
            hosting: s(&a.hosting),
            repository: s(&a.repository),
            license: s(&a.license),
            development_method: s(&a.development_method),
            last_audit_on: s(&a.last_audit_on),
            audit_result: s(&a.audit_result),
            documents: a.documents.clone(),
            data_kinds: a.data_kinds.clone(),
        }
    }
}

/// A checkbox: value, label, checked.
pub struct Check3(String, String, bool);

/// Checkboxes for a reference list, ticked where `chosen` has the code.
fn checks(list: &[AppFunction], chosen: &[String]) -> Vec<Check3> {
    list.iter().map(|x| Check3(x.code.into(), x.label.into(), chosen.iter().any(|c| c == x.code))).collect()
}

#[derive(Template)]
#[template(path = "app_form.html")]
struct AppFormPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    f: AppForm,
    errs: Errs,
    agencies: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    states: Vec<(String, String)>,
    platforms: Vec<(String, String)>,
    hostings: Vec<(String, String)>,
    licenses: Vec<(String, String)>,
    methods: Vec<(String, String)>,
    function_checks: Vec<Check3>,
    data_kind_checks: Vec<Check3>,
    document_checks: Vec<Check3>,
    documentation_article: String,
    can_audit: bool,
}

async fn form_page(s: &AppState, ctx: &Ctx, id: Option<i64>, f: AppForm, errs: Errs) -> Result<Response, AppError> {
    let p = ctx.user()?;
    // Offer only the agencies the user may manage applications for.
    let agencies: Vec<(String, String)> = agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageApplications(a)))).collect();
    let profile = s.store.profile().await?.map(|p| p.regulation.profile());
    let checklist = profile.map(|p| p.app_documentation_checklist).unwrap_or(&[]);
    let (heading, action, cancel) = match id {
        Some(id) => ("Ubah Aplikasi".to_string(), format!("/aplikasi/{id}/ubah"), format!("/aplikasi/{id}")),
        None => ("Daftarkan Aplikasi".to_string(), "/aplikasi/baru".to_string(), "/aplikasi".to_string()),
    };
    let status = if errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let l = Layout::new(s, ctx, &heading, "/aplikasi").await;
    let page = AppFormPage {
        l,
        heading,
        action,
        cancel,
        function_checks: checks(APP_FUNCTIONS, &f.functions),
        data_kind_checks: checks(APP_DATA_KINDS, &f.data_kinds),
        document_checks: checklist.iter().map(|x| Check3(x.code.into(), x.label.into(), f.documents.iter().any(|c| c == x.code))).collect(),
        documentation_article: profile.and_then(|p| p.citations.app_documentation).unwrap_or_default().to_string(),
        f,
        errs,
        agencies,
        kinds: AppKind::options(),
        states: LifeState::options(),
        platforms: Platform::options(),
        hostings: Hosting::options(),
        licenses: License::options(),
        methods: DevMethod::options(),
        can_audit: p.can(Action::RecordAppAudit),
    };
    let mut res = render(&page);
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Deserialize, Default)]
pub struct NewQ {
    #[serde(default)]
    agency_id: String,
}

pub async fn new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<NewQ>) -> Page {
    let p = ctx.user()?;
    let agency = opt_id(&q.agency_id).or(p.agency_id).map(|a| a.to_string()).unwrap_or_default();
    let f = AppForm { agency_id: agency, kind: "aplikasi_khusus".into(), state: "digunakan".into(), platform: "web".into(), ..Default::default() };
    Ok(form_page(&s, &ctx, None, f, Errs::default()).await?)
}

pub async fn create(State(s): State<AppState>, ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let f = AppForm::from_pairs(&pairs);
    match actions::create_application(&s, &ctx, f.input()).await {
        Ok(a) => Ok(see_other(&format!("/aplikasi/{}?ok=dibuat", a.id))),
        Err(e) if is_form_error(&e) => Ok(form_page(&s, &ctx, None, f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn edit(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Page {
    let a = s.store.application(id).await?;
    ctx.require(Action::ManageApplications(a.agency_id))?;
    Ok(form_page(&s, &ctx, Some(id), AppForm::from_app(&a), Errs::default()).await?)
}

pub async fn update(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Page {
    let f = AppForm::from_pairs(&pairs);
    match actions::update_application(&s, &ctx, id, f.input()).await {
        Ok(a) => Ok(see_other(&format!("/aplikasi/{}?ok=diubah", a.id))),
        Err(e) if is_form_error(&e) => Ok(form_page(&s, &ctx, Some(id), f, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

// ---- Detail ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "app.html")]
struct AppPage {
    l: Layout,
    a: Application,
    kind_label: String,
    state_label: String,
    platform_label: String,
    hosting_label: String,
    license_label: String,
    method_label: String,
    host: String,
    function_labels: Vec<String>,
    data_kind_labels: Vec<String>,
    relations: Vec<RelationRow>,
    other_apps: Vec<(String, String)>,
    relation_kinds: Vec<(String, String)>,
    relation_form: RelationForm,
    errs: Errs,
    files: Vec<FileRow>,
    file_form: FileForm,
    file_errs: Errs,
    document_options: Vec<(String, String)>,
    max_mb: usize,
    documents: Vec<Check3>,
    completeness: Completeness,
    documentation_article: String,
    findings: Vec<FindingRow>,
    /// Where it runs (data centre).
    placements: Vec<simpul_store::datacentre::Placement>,
    /// Subdomains registered for it.
    subdomains: Vec<simpul_store::domains::Subdomain>,
    can_edit: bool,
    can_audit: bool,
}

#[derive(Deserialize, Default)]
pub struct OkQ {
    #[serde(default)]
    ok: Option<String>,
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    ctx.require(Action::ViewDirectory)?;
    Ok(app_page(&s, &ctx, id, flash_message(q.ok.as_deref()), Forms::default()).await?)
}

/// The forms of the application page, as typed, with their errors.
#[derive(Default)]
struct Forms {
    relation: RelationForm,
    relation_errs: Errs,
    file: FileForm,
    file_errs: Errs,
}

/// What was typed in the upload form, shown again when it is refused.
#[derive(Default)]
pub struct FileForm {
    document_code: String,
    title: String,
}

/// A documentation file as the application page lists it.
pub struct FileRow {
    title: String,
    document: String,
    attachment_id: i64,
    file_name: String,
    size_kb: String,
    sha256: String,
    uploaded: String,
}

/// One relation as the application page shows it: from this application's side.
pub struct RelationRow {
    id: i64,
    label: &'static str,
    other_id: i64,
    other_name: String,
    note: String,
    /// Recorded by this application, so removable from its page.
    own: bool,
}

#[derive(Deserialize, Default)]
pub struct RelationForm {
    #[serde(default)]
    related_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
}

async fn app_page(s: &AppState, ctx: &Ctx, id: i64, flash: Option<&str>, forms: Forms) -> Result<Response, AppError> {
    let Forms { relation: relation_form, relation_errs: errs, file: file_form, file_errs } = forms;
    let a = s.store.application(id).await?;
    let relations = s
        .store
        .app_relations(id)
        .await?
        .into_iter()
        .map(|r| {
            let kind = RelationKind::from_code(&r.kind);
            let own = r.application_id == id;
            RelationRow {
                id: r.id,
                label: kind.map(|k| if own { k.label() } else { k.inverse_label() }).unwrap_or("Terkait dengan"),
                other_id: if own { r.related_id } else { r.application_id },
                other_name: if own { r.related_name } else { r.application_name },
                note: r.note.unwrap_or_default(),
                own,
            }
        })
        .collect();
    let can_edit = ctx.can(Action::ManageApplications(a.agency_id));
    let other_apps = if can_edit {
        s.store.all_applications(&Default::default()).await?.into_iter().filter(|o| o.id != id).map(|o| (o.id.to_string(), format!("{} — {}", o.name, o.agency_name))).collect()
    } else {
        Vec::new()
    };
    let status = if errs.is_empty() && file_errs.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let pemda = s.store.profile().await?;
    let tz = pemda.as_ref().map(|p| p.timezone).unwrap_or(simpul_domain::pemda::TimeZone::Wib);
    let profile = pemda.map(|p| p.regulation.profile());
    let checklist = profile.map(|p| p.app_documentation_checklist).unwrap_or(&[]);
    let files = s
        .store
        .application_files(id)
        .await?
        .into_iter()
        .map(|f| FileRow {
            document: f.document_code.as_deref().map(|c| checklist.iter().find(|d| d.code == c).map(|d| d.label.to_string()).unwrap_or_else(|| c.to_string())).unwrap_or_else(|| "Dokumen lain".into()),
            title: f.title,
            attachment_id: f.file.id,
            size_kb: format!("{:.1} KB", f.file.size as f64 / 1024.0),
            uploaded: format!("{} oleh {}", tz.format_millis(f.file.uploaded_at), f.file.uploaded_by),
            file_name: f.file.file_name,
            sha256: f.file.sha256,
        })
        .collect();
    let found: Vec<Finding> = crate::evaluate_findings(s).await?.findings.into_iter().filter(|f| f.entity == "application" && f.entity_id == id).collect();
    let names = HashMap::from([(a.agency_id, a.agency_name.clone())]);
    let opt_label = |v: &Option<String>, f: fn(&str) -> String| v.as_deref().map(f).unwrap_or_else(|| "—".into());
    let l = Layout::new(s, ctx, &a.name, "/aplikasi").await.flash(flash);
    let mut res = render(&AppPage {
        l,
        data_kind_labels: a.data_kinds.iter().map(|k| data_kind_label(k).to_string()).collect(),
        relations,
        other_apps,
        relation_kinds: RelationKind::options(),
        relation_form,
        errs,
        files,
        file_form,
        file_errs,
        document_options: checklist.iter().map(|d| (d.code.to_string(), d.label.to_string())).collect(),
        max_mb: simpul_domain::attachments::MAX_ATTACHMENT_BYTES / (1024 * 1024),
        kind_label: kind_label(&a.kind),
        state_label: state_label(&a.state),
        platform_label: platform_label(&a.platform),
        hosting_label: opt_label(&a.hosting, |c| label(c, |c| Hosting::from_code(c).map(Hosting::label))),
        license_label: opt_label(&a.license, |c| label(c, |c| License::from_code(c).map(License::label))),
        method_label: opt_label(&a.development_method, |c| label(c, |c| DevMethod::from_code(c).map(DevMethod::label))),
        host: a.url.as_deref().and_then(url_host).unwrap_or_default(),
        function_labels: a.functions.iter().map(|f| function_label(f).to_string()).collect(),
        documents: checklist.iter().map(|x| Check3(x.code.into(), x.label.into(), a.documents.iter().any(|c| c == x.code))).collect(),
        completeness: Completeness::of(&a.documents, checklist),
        documentation_article: profile.and_then(|p| p.citations.app_documentation).unwrap_or_default().to_string(),
        findings: finding_rows(found, &names),
        placements: s.store.placements_of_application(id).await?,
        subdomains: s.store.all_subdomains(&simpul_store::domains::SubdomainFilter { application_id: Some(id), ..Default::default() }).await?,
        can_edit,
        can_audit: ctx.can(Action::ViewAudit),
        a,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn relation_add(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<RelationForm>) -> Page {
    let input = RelationInput { related_id: opt_id(&f.related_id).unwrap_or(0), kind: f.kind.clone(), note: Some(f.note.clone()) };
    match actions::add_app_relation(&s, &ctx, id, input).await {
        Ok(_) => Ok(see_other(&format!("/aplikasi/{id}?ok=diubah#hubungan"))),
        Err(e) if is_form_error(&e) => Ok(app_page(&s, &ctx, id, None, Forms { relation: f, relation_errs: Errs(e.fields()), ..Default::default() }).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn file_upload(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, body: crate::attachments::MultipartBody) -> Page {
    let app = s.store.application(id).await?;
    ctx.require(Action::ManageApplications(app.agency_id))?;
    let upload = body.read("file").await;
    let typed = upload.as_ref().map(|u| FileForm { document_code: u.field("document_code").unwrap_or("").to_string(), title: u.field("title").unwrap_or("").to_string() }).unwrap_or_default();
    match actions::add_application_file(&s, &ctx, id, async { upload }).await {
        Ok(_) => Ok(see_other(&format!("/aplikasi/{id}?ok=dibuat#dokumen"))),
        Err(e) => match super::upload_errs(&e) {
            Some(errs) => Ok(app_page(&s, &ctx, id, None, Forms { file: typed, file_errs: errs, ..Default::default() }).await?),
            None => Err(e.into()),
        },
    }
}

pub async fn relation_remove(State(s): State<AppState>, ctx: Ctx, Path((id, relation_id)): Path<(i64, i64)>) -> Page {
    actions::remove_app_relation(&s, &ctx, id, relation_id).await?;
    Ok(see_other(&format!("/aplikasi/{id}?ok=diubah#hubungan")))
}

// ---- Findings ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsPage {
    l: Layout,
    rows: Vec<FindingRow>,
    checks: Vec<CheckStatus>,
    agency_id: String,
    check: String,
    agencies: Vec<(String, String)>,
    check_options: Vec<(String, String)>,
    total: usize,
    pager: Pager,
    pager_base: String,
    errs: Errs,
}

/// Findings per page on `/temuan`.
const FINDINGS_PER_PAGE: usize = 50;

pub async fn findings(State(s): State<AppState>, ctx: Ctx, Query(q): Query<AppListQ>) -> Page {
    ctx.require(Action::ViewFindings)?;
    let eval = crate::findings_visible_to(&s, &ctx).await?;
    let agency = opt_id(&q.agency_id);
    let found: Vec<Finding> = eval.findings.into_iter().filter(|f| agency.is_none_or(|a| f.agency_id == a) && (q.check.is_empty() || f.check == q.check)).collect();
    let names = crate::api::agency_names(&s).await?;
    let l = Layout::new(&s, &ctx, "Temuan", "/temuan").await;
    let total = found.len();
    let pages = total.div_ceil(FINDINGS_PER_PAGE).max(1);
    let page = (q.page.unwrap_or(1).max(1) as usize).min(pages);
    let shown: Vec<Finding> = found.into_iter().skip((page - 1) * FINDINGS_PER_PAGE).take(FINDINGS_PER_PAGE).collect();
    Ok(render(&FindingsPage {
        l,
        total,
        pager: Pager { page: page as i64, pages: pages as i64, total: total as i64 },
        pager_base: qs(&[("agency_id", &q.agency_id), ("check", &q.check)]),
        rows: finding_rows(shown, &names),
        check_options: eval.checks.iter().filter(|c| c.applies).map(|c| (c.code.to_string(), c.title.to_string())).collect(),
        checks: eval.checks,
        agencies: agency_options(&s, false).await?,
        agency_id: q.agency_id,
        check: q.check,
        errs: Errs::default(),
    }))
}
