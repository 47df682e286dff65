//! Pages of data sharing between agencies (`actions::sharing`):
//! `/data/permohonan` (requests: incoming for the owner, outgoing for the
//! requester, all for Diskominfo and the approver; status filter),
//! `/data/permohonan/baru` (the request form with the statement to sign),
//! `/data/permohonan/{id}` (timeline and the buttons each role may use),
//! `/data/hak-akses` (grants) and `/data/hak-akses/{id}` (datasets, revoke,
//! API token scoped to the grant, read log). Every write goes through
//! `actions::sharing`, as the API's do.

use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::Form;
use serde::Deserialize;
use simpul_domain::datasets::{agencies_of, Visibility};
use simpul_domain::roles::{Action, Principal};
use simpul_domain::sharing::{statement_text, DataRequestInput, DecisionInput, RecommendationInput, RequestStatus, RevokeInput};
use simpul_domain::now_millis;
use simpul_store::sharing::{DataGrant, DataRead, DataRequest, GrantFilter, ReadFilter, RequestFilter};
use simpul_store::PageRequest;

use super::pages::{agency_options, is_form_error, qs, see_other, Page};
use super::{flash_message, render, Errs, Layout, Pager};
use crate::actions::sharing as act;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

const NAV: &str = "/data/permohonan";

fn flash(code: Option<&str>) -> Option<&'static str> {
    match code {
        Some("diajukan") => Some("Permohonan dikirim; Walidata pemilik data dan pejabat penyetuju dapat melihatnya."),
        Some("direkomendasikan") => Some("Rekomendasi dicatat."),
        Some("diputuskan") => Some("Keputusan dicatat."),
        Some("dicabut") => Some("Hak akses dicabut; pembacaan berikutnya ditolak."),
        other => flash_message(other),
    }
}

fn fmt_time(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000).map(|t| format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute())).unwrap_or_default()
}

fn status_label(code: &str) -> &'static str {
    RequestStatus::from_code(code).map_or("?", RequestStatus::label)
}

// ---- Requests ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQ {
    #[serde(default)]
    arah: String,
    #[serde(default)]
    status: String,
    page: Option<u32>,
    #[serde(default)]
    ok: Option<String>,
}

pub struct RequestRow {
    r: DataRequest,
    status: &'static str,
    overdue: bool,
}

fn rows(items: Vec<DataRequest>, today: &str) -> Vec<RequestRow> {
    items.into_iter().map(|r| RequestRow { status: status_label(&r.status), overdue: r.status().is_open() && r.due_on.as_str() < today, r }).collect()
}

#[derive(Template)]
#[template(path = "sharing_requests.html")]
struct RequestsPage {
    l: Layout,
    rows: Vec<RequestRow>,
    arah: String,
    status: String,
    statuses: Vec<(String, String)>,
    directions: Vec<(String, String)>,
    can_request: bool,
    pager: Pager,
    pager_base: String,
}

/// The agency a direction filter is about: the user's own.
fn my_agency(p: &Principal) -> Option<i64> {
    p.agency_id.or_else(|| agencies_of(p).first().copied())
}

async fn today(s: &AppState) -> String {
    crate::actions::pemda(s).await.map(|p| crate::local_today(p.timezone).to_string()).unwrap_or_default()
}

pub async fn requests(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ListQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let scope = act::scope_of(p, act::approver(&s).await?);
    let mine = my_agency(p);
    let mut f = RequestFilter { status: Some(q.status.clone()).filter(|v| !v.is_empty()), ..Default::default() };
    match q.arah.as_str() {
        "masuk" => f.owner_agency_id = Some(mine.unwrap_or(0)),
        "keluar" => f.requester_agency_id = Some(mine.unwrap_or(0)),
        _ => {}
    }
    let page = s.store.data_requests(&f, &scope, PageRequest::new(q.page, Some(50))).await?;
    let l = Layout::new(&s, &ctx, "Permohonan Penggunaan Data", "/data").await.flash(flash(q.ok.as_deref()));
    let filters = [("arah", q.arah.as_str()), ("status", q.status.as_str())];
    Ok(render(&RequestsPage {
        l,
        pager: Pager::from(&page),
        pager_base: qs(&filters),
        rows: rows(page.items, &today(&s).await),
        arah: q.arah,
        status: q.status,
        statuses: RequestStatus::ALL.iter().map(|v| (v.code().to_string(), v.label().to_string())).collect(),
        directions: vec![("masuk".into(), "Masuk (data milik PD saya)".into()), ("keluar".into(), "Keluar (diajukan PD saya)".into())],
        can_request: p.can_for_some_agency(Action::RequestData),
    }))
}

pub struct DatasetChoice {
    id: i64,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "sharing_request_form.html")]
struct RequestForm {
    l: Layout,
    agencies: Vec<(String, String)>,
    datasets: Vec<DatasetChoice>,
    f: FormValues,
    statement: String,
    approver_note: String,
    due_days: u16,
    errs: Errs,
}

#[derive(Default)]
pub struct FormValues {
    requester_agency_id: String,
    dataset_codes: String,
    responsible_person: String,
    work_unit: String,
    purpose: String,
    intended_use: String,
    data_kind_form: String,
    period_from: String,
    period_until: String,
    statement_agreed: bool,
    dataset_ids: Vec<i64>,
}

impl FormValues {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        FormValues {
            requester_agency_id: get("requester_agency_id"),
            dataset_codes: get("dataset_codes"),
            responsible_person: get("responsible_person"),
            work_unit: get("work_unit"),
            purpose: get("purpose"),
            intended_use: get("intended_use"),
            data_kind_form: get("data_kind_form"),
            period_from: get("period_from"),
            period_until: get("period_until"),
            statement_agreed: get("statement_agreed") == "ya",
            dataset_ids: pairs.iter().filter(|(n, _)| n == "dataset_ids").filter_map(|(_, v)| v.parse().ok()).collect(),
        }
    }

    fn input(&self) -> DataRequestInput {
        DataRequestInput {
            requester_agency_id: self.requester_agency_id.parse().unwrap_or(0),
            dataset_ids: self.dataset_ids.clone(),
            dataset_codes: self.dataset_codes.lines().map(str::to_string).collect(),
            responsible_person: self.responsible_person.clone(),
            work_unit: self.work_unit.clone(),
            purpose: self.purpose.clone(),
            intended_use: self.intended_use.clone(),
            data_kind_form: self.data_kind_form.clone(),
            period_from: self.period_from.clone(),
            period_until: self.period_until.clone(),
            statement_agreed: self.statement_agreed,
        }
    }
}

async fn request_form(s: &AppState, ctx: &Ctx, f: FormValues, errs: Errs) -> Result<axum::response::Response, AppError> {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::RequestData) {
        return Err(AppError::Forbidden);
    }
    let agencies: Vec<(String, String)> = agency_options(s, true).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::RequestData(a)))).collect();
    let own: Vec<i64> = agencies.iter().filter_map(|(v, _)| v.parse().ok()).collect();
    let visible = s.store.all_datasets(&Default::default(), &Visibility::of(p)).await?;
    let mut datasets: Vec<DatasetChoice> = visible
        .into_iter()
        .filter(|d| !own.contains(&d.agency_id) || p.is_admin())
        .map(|d| DatasetChoice { checked: f.dataset_ids.contains(&d.id), label: format!("{} — {} ({}, {})", d.agency_name, d.title, d.code, d.confidentiality), id: d.id })
        .collect();
    datasets.sort_by(|a, b| a.label.cmp(&b.label));
    let pemda = crate::actions::pemda(s).await?;
    let sharing = &pemda.regulation.profile().data_sharing;
    let agency_name = agencies.iter().find(|(v, _)| *v == f.requester_agency_id).or(agencies.first()).map(|(_, n)| n.clone()).unwrap_or_default();
    let l = Layout::new(s, ctx, "Ajukan Permohonan Penggunaan Data", "/data").await;
    Ok(render(&RequestForm {
        l,
        statement: statement_text(&format!("{} ({})", p.display_name, p.username), &agency_name),
        approver_note: format!("{}{}", sharing.data_request_approver.note, sharing.data_request_approver.citation.map(|c| format!(" ({c})")).unwrap_or_default()),
        due_days: sharing.data_request_response_days,
        agencies,
        datasets,
        f,
        errs,
    }))
}

#[derive(Deserialize, Default)]
pub struct NewQ {
    dataset: Option<i64>,
}

pub async fn request_new(State(s): State<AppState>, ctx: Ctx, Query(q): Query<NewQ>) -> Page {
    let p = ctx.user()?;
    let t = crate::actions::pemda(&s).await.map(|x| crate::local_today(x.timezone)).unwrap_or(time::Date::MIN);
    let f = FormValues {
        requester_agency_id: my_agency(p).map(|a| a.to_string()).unwrap_or_default(),
        dataset_ids: q.dataset.into_iter().collect(),
        period_from: t.to_string(),
        period_until: (t + time::Duration::days(365)).to_string(),
        ..Default::default()
    };
    Ok(request_form(&s, &ctx, f, Errs::default()).await?)
}

pub async fn request_create(State(s): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> Page {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let f = FormValues::from_pairs(&pairs);
    match act::file_request(&s, &ctx, f.input()).await {
        Ok(r) => Ok(see_other(&format!("{NAV}/{}?ok=diajukan", r.id))),
        Err(e) if is_form_error(&e) || matches!(e, AppError::Domain(simpul_domain::DomainError::Conflict { .. })) => {
            let errs = match &e {
                AppError::Domain(simpul_domain::DomainError::Conflict { message, .. }) => Errs(vec![simpul_domain::FieldError { field: "dataset_ids".into(), code: "conflict", message: message.clone() }]),
                e => Errs(e.fields()),
            };
            Ok(request_form(&s, &ctx, f, errs).await?)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "sharing_request.html")]
struct RequestPage {
    l: Layout,
    r: DataRequest,
    status: &'static str,
    intact: bool,
    overdue: bool,
    signed_at: String,
    recommended_at: String,
    decided_at: String,
    can_recommend: bool,
    can_decide: bool,
    approver_label: String,
    owner_label: String,
    errs: Errs,
}

async fn request_page(s: &AppState, ctx: &Ctx, id: i64, flash_msg: Option<&str>, errs: Errs) -> Result<axum::response::Response, AppError> {
    let r = act::read_request(s, ctx, id).await?;
    let p = ctx.user()?;
    let pemda = crate::actions::pemda(s).await?;
    let profile = pemda.regulation.profile();
    let role = simpul_domain::sharing::approver_role(profile);
    let status = r.status();
    let needs_rec = profile.data_sharing.steward_recommendation_required;
    let l = Layout::new(s, ctx, &format!("Permohonan Data #{}", r.id), "/data").await.flash(flash_msg);
    Ok(render(&RequestPage {
        l,
        status: status.label(),
        intact: r.statement_intact(),
        overdue: status.is_open() && r.due_on < today(s).await,
        signed_at: fmt_time(r.signed_at),
        recommended_at: r.recommended_at.map(fmt_time).unwrap_or_default(),
        decided_at: r.decided_at.map(fmt_time).unwrap_or_default(),
        can_recommend: status == RequestStatus::Diajukan && p.can(Action::RecommendDataRequest(r.owner_agency_id)),
        can_decide: (status == RequestStatus::Direkomendasikan || (status == RequestStatus::Diajukan && !needs_rec)) && p.can(Action::DecideDataRequest { approver: role, owner: r.owner_agency_id }),
        approver_label: role.label().into(),
        owner_label: profile.labels.data_owner_label_for(profile.data_terminology).into(),
        r,
        errs,
    }))
}

#[derive(Deserialize, Default)]
pub struct OkQ {
    #[serde(default)]
    ok: Option<String>,
}

pub async fn request_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    Ok(request_page(&s, &ctx, id, flash(q.ok.as_deref()), Errs::default()).await?)
}

#[derive(Deserialize)]
pub struct YesNoForm {
    #[serde(default)]
    pilihan: String,
    #[serde(default)]
    catatan: String,
}

fn note(v: &str) -> Option<String> {
    Some(v.to_string()).filter(|v| !v.trim().is_empty())
}

pub async fn request_recommend(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<YesNoForm>) -> Page {
    let input = RecommendationInput { recommend: f.pilihan == "ya", note: note(&f.catatan) };
    match act::recommend(&s, &ctx, id, input).await {
        Ok(_) => Ok(see_other(&format!("{NAV}/{id}?ok=direkomendasikan"))),
        Err(e) if is_form_error(&e) => Ok(request_page(&s, &ctx, id, None, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn request_decide(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<YesNoForm>) -> Page {
    let input = DecisionInput { approve: f.pilihan == "ya", reason: note(&f.catatan) };
    match act::decide(&s, &ctx, id, input).await {
        Ok(_) => Ok(see_other(&format!("{NAV}/{id}?ok=diputuskan"))),
        Err(e) if is_form_error(&e) => Ok(request_page(&s, &ctx, id, None, Errs(e.fields())).await?),
        Err(e) => Err(e.into()),
    }
}

// ---- Grants -----------------------------------------------------------------------------

pub struct GrantRow {
    g: DataGrant,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "sharing_grants.html")]
struct GrantsPage {
    l: Layout,
    rows: Vec<GrantRow>,
    active: bool,
    pager: Pager,
    pager_base: String,
}

#[derive(Deserialize, Default)]
pub struct GrantsQ {
    #[serde(default)]
    aktif: String,
    page: Option<u32>,
}

pub async fn grants(State(s): State<AppState>, ctx: Ctx, Query(q): Query<GrantsQ>) -> Page {
    let p = ctx.require(Action::ViewDirectory)?;
    let scope = act::scope_of(p, act::approver(&s).await?);
    let active = q.aktif == "ya";
    let page = s.store.data_grants(&GrantFilter { active_only: active, ..Default::default() }, &scope, PageRequest::new(q.page, Some(50))).await?;
    let now = now_millis();
    let l = Layout::new(&s, &ctx, "Hak Akses Data", "/data").await;
    Ok(render(&GrantsPage { l, pager: Pager::from(&page), pager_base: qs(&[("aktif", q.aktif.as_str())]), rows: page.items.into_iter().map(|g| GrantRow { state: g.state(now).label(), g }).collect(), active }))
}

pub struct ReadRow {
    r: DataRead,
    at: String,
}

fn read_rows(items: Vec<DataRead>) -> Vec<ReadRow> {
    items.into_iter().map(|r| ReadRow { at: fmt_time(r.at), r }).collect()
}

#[derive(Template)]
#[template(path = "sharing_reads.html")]
struct ReadsPage {
    l: Layout,
    read_rows: Vec<ReadRow>,
    owners: Vec<(String, String)>,
    owner_name: String,
    agency_id: String,
    errs: Errs,
    pager: Pager,
    pager_base: String,
}

#[derive(Deserialize, Default)]
pub struct LogQ {
    #[serde(default)]
    agency_id: String,
    page: Option<u32>,
}

/// The read log of the data of an agency whose grants the user manages
/// (its Kepala PD or Walidata), or of all data (Diskominfo).
pub async fn read_log(State(s): State<AppState>, ctx: Ctx, Query(q): Query<LogQ>) -> Page {
    let p = ctx.user()?;
    let owners: Vec<(String, String)> = agency_options(&s, false).await?.into_iter().filter(|(v, _)| v.parse().is_ok_and(|a| p.can(Action::ManageDataGrants(a)))).collect();
    let owner = q.agency_id.parse::<i64>().ok().or_else(|| if p.is_admin() { None } else { owners.first().and_then(|(v, _)| v.parse().ok()) });
    act::require_read_log(&s, &ctx, None, owner).await?;
    let page = s.store.data_reads(&ReadFilter { owner_agency_id: owner, ..Default::default() }, PageRequest::new(q.page, Some(100))).await?;
    let owner_name = owners.iter().find(|(v, _)| owner.is_some_and(|o| *v == o.to_string())).map(|(_, n)| n.clone()).unwrap_or_default();
    let agency_id = owner.map(|o| o.to_string()).unwrap_or_default();
    let l = Layout::new(&s, &ctx, "Log Pembacaan Data", "/data").await;
    Ok(render(&ReadsPage { l, pager: Pager::from(&page), pager_base: qs(&[("agency_id", agency_id.as_str())]), read_rows: read_rows(page.items), owners: if p.is_admin() || owners.len() > 1 { owners } else { Vec::new() }, owner_name, agency_id, errs: Errs::default() }))
}

#[derive(Template)]
#[template(path = "sharing_grant.html")]
struct GrantPage {
    l: Layout,
    g: DataGrant,
    state: &'static str,
    in_force: bool,
    can_revoke: bool,
    can_token: bool,
    can_log: bool,
    read_rows: Vec<ReadRow>,
    reads_total: i64,
    new_token: Option<String>,
    errs: Errs,
}

async fn grant_page(s: &AppState, ctx: &Ctx, id: i64, flash_msg: Option<&str>, errs: Errs, new_token: Option<String>) -> Result<axum::response::Response, AppError> {
    let g = act::read_grant(s, ctx, id).await?;
    let p = ctx.user()?;
    let state = g.state(now_millis());
    let can_log = act::require_read_log(s, ctx, Some(id), None).await.is_ok();
    let (read_rows, reads_total) = if can_log {
        let page = s.store.data_reads(&ReadFilter { grant_id: Some(id), ..Default::default() }, PageRequest::new(Some(1), Some(200))).await?;
        (read_rows(page.items), page.total)
    } else {
        (Vec::new(), 0)
    };
    let l = Layout::new(s, ctx, &format!("Hak Akses Data #{}", g.id), "/data").await.flash(flash_msg);
    let live = matches!(state, simpul_domain::sharing::GrantState::Aktif | simpul_domain::sharing::GrantState::BelumBerlaku);
    Ok(render(&GrantPage {
        l,
        state: state.label(),
        in_force: state == simpul_domain::sharing::GrantState::Aktif,
        can_revoke: g.revoked_at.is_none() && p.can(Action::ManageDataGrants(g.owner_agency_id)),
        can_token: live && p.can(Action::UseDataGrant(g.agency_id)),
        can_log,
        read_rows,
        reads_total,
        new_token,
        g,
        errs,
    }))
}

pub async fn grant_show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<OkQ>) -> Page {
    Ok(grant_page(&s, &ctx, id, flash(q.ok.as_deref()), Errs::default(), None).await?)
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn grant_revoke(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<ReasonForm>) -> Page {
    match act::revoke(&s, &ctx, id, RevokeInput { reason: f.reason }).await {
        Ok(_) => Ok(see_other(&format!("/data/hak-akses/{id}?ok=dicabut"))),
        Err(e) if is_form_error(&e) => Ok(grant_page(&s, &ctx, id, None, Errs(e.fields()), None).await?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn grant_token(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<TokenForm>) -> Page {
    match act::create_grant_token(&s, &ctx, id, &f.name, None).await {
        Ok((secret, _)) => Ok(grant_page(&s, &ctx, id, Some("Token dibuat. Salin sekarang: token tidak ditampilkan lagi."), Errs::default(), Some(secret)).await?),
        Err(e) if is_form_error(&e) => Ok(grant_page(&s, &ctx, id, None, Errs(e.fields()), None).await?),
        Err(e) => Err(e.into()),
    }
}
