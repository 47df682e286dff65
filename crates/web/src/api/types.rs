//! Wire types of the JSON API, separate from storage rows.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T: ToSchema> Page<T> {
    pub fn from_store<S>(p: simpul_store::Page<S>, f: impl Fn(S) -> T) -> Self {
        Page { items: p.items.into_iter().map(f).collect(), total: p.total, page: p.page, per_page: p.per_page }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    pub page: Option<u32>,
    /// Items per page (1–200, default 50).
    pub per_page: Option<u32>,
}

impl PageQuery {
    pub fn req(&self) -> simpul_store::PageRequest {
        simpul_store::PageRequest::new(self.page, self.per_page)
    }
}

#[derive(Serialize, ToSchema)]
pub struct Agency {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    /// One of: sekretariat, dinas, badan, bagian, inspektorat, kecamatan, kelurahan, uptd, satpol_pp, rsud, lainnya.
    pub kind: String,
    pub parent_id: Option<i64>,
    pub head_person_id: Option<i64>,
    pub head_name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// PD Mandiri TIK (Perwali Balikpapan 14/2022 Pasal 52).
    pub mandiri_tik: bool,
    pub mandiri_tik_since: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<simpul_store::org::Agency> for Agency {
    fn from(a: simpul_store::org::Agency) -> Self {
        Agency {
            id: a.id,
            code: a.code,
            name: a.name,
            short_name: a.short_name,
            kind: a.kind,
            parent_id: a.parent_id,
            head_person_id: a.head_person_id,
            head_name: a.head_name,
            address: a.address,
            phone: a.phone,
            email: a.email,
            website: a.website,
            mandiri_tik: a.mandiri_tik,
            mandiri_tik_since: a.mandiri_tik_since,
            active: a.active,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

pub use simpul_domain::org::AgencyInput as AgencyIn;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgencyQuery {
    /// Search in code, name and short name.
    pub q: Option<String>,
    pub kind: Option<String>,
    /// `true`: active only; `false`: inactive only.
    pub active: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct Unit {
    pub id: i64,
    pub agency_id: i64,
    pub code: String,
    pub name: String,
    pub active: bool,
}

impl From<simpul_store::org::Unit> for Unit {
    fn from(u: simpul_store::org::Unit) -> Self {
        Unit { id: u.id, agency_id: u.agency_id, code: u.code, name: u.name, active: u.active }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UnitIn {
    pub code: String,
    pub name: String,
    /// Only on update; default true.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Serialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub nip: Option<String>,
    pub name: String,
    pub position: Option<String>,
    pub agency_id: i64,
    pub agency_name: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub username: Option<String>,
}

impl From<simpul_store::org::Person> for Person {
    fn from(p: simpul_store::org::Person) -> Self {
        Person {
            id: p.id,
            nip: p.nip,
            name: p.name,
            position: p.position,
            agency_id: p.agency_id,
            agency_name: p.agency_name,
            unit_id: p.unit_id,
            unit_name: p.unit_name,
            email: p.email,
            phone: p.phone,
            active: p.active,
            username: p.username,
        }
    }
}

pub use simpul_domain::org::PersonInput as PersonIn;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonQuery {
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub active: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct Grant {
    /// Role code, e.g. `operator_pd`.
    pub role: String,
    /// Required for agency-scoped roles (kepala_pd, walidata, operator_pd, service_desk_t1).
    pub agency_id: Option<i64>,
}

impl From<simpul_domain::roles::Grant> for Grant {
    fn from(g: simpul_domain::roles::Grant) -> Self {
        Grant { role: g.role.code().into(), agency_id: g.agency_id }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub agency_id: Option<i64>,
    pub agency_name: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
    pub grants: Vec<Grant>,
}

impl From<simpul_store::accounts::Account> for Account {
    fn from(a: simpul_store::accounts::Account) -> Self {
        Account {
            id: a.id,
            username: a.username,
            person_id: a.person_id,
            person_name: a.person_name,
            agency_id: a.agency_id,
            agency_name: a.agency_name,
            active: a.active,
            must_change_password: a.must_change_password,
            locked_until: a.locked_until,
            last_login_at: a.last_login_at,
            grants: a.grants.into_iter().map(Grant::from).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AccountIn {
    pub username: String,
    #[serde(default)]
    pub person_id: Option<i64>,
    /// Initial password (at least 10 characters); must be changed at first sign-in.
    pub password: String,
    #[serde(default)]
    pub grants: Vec<Grant>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    pub q: Option<String>,
    pub role: Option<String>,
    pub agency_id: Option<i64>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
pub struct GrantsIn {
    pub grants: Vec<Grant>,
}

#[derive(Serialize, ToSchema)]
pub struct TemporaryPassword {
    /// Shown once; the account must change it at next sign-in.
    pub temporary_password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub account_id: i64,
    pub username: String,
    pub display_name: String,
    pub agency_id: Option<i64>,
    pub grants: Vec<Grant>,
    pub must_change_password: bool,
    /// Send as `X-CSRF-Token` on state-changing requests authenticated by the session cookie.
    pub csrf_token: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SignInIn {
    pub username: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChangeIn {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Token {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scope: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl From<simpul_store::accounts::ApiToken> for Token {
    fn from(t: simpul_store::accounts::ApiToken) -> Self {
        Token { id: t.id, name: t.name, prefix: t.prefix, scope: t.scope, created_at: t.created_at, expires_at: t.expires_at, last_used_at: t.last_used_at, revoked_at: t.revoked_at }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct TokenIn {
    pub name: String,
    /// `read` (safe methods only) or `write`.
    pub scope: String,
    /// Days until expiry (1–730); none: no expiry.
    #[serde(default)]
    pub expires_days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct NewToken {
    /// The secret, shown only now. Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub info: Token,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub name: String,
    /// kota, kabupaten or provinsi.
    pub level: String,
    pub region_code: String,
    pub domain: String,
    /// WIB, WITA or WIT.
    pub timezone: String,
    /// Regulation code, see `/api/v1/regulations`.
    pub regulation: String,
}

impl From<simpul_domain::pemda::PemdaProfile> for Profile {
    fn from(p: simpul_domain::pemda::PemdaProfile) -> Self {
        Profile { name: p.name, level: p.level.code().into(), region_code: p.region_code, domain: p.domain, timezone: p.timezone.code().into(), regulation: p.regulation.code().into() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    pub actor_account_id: Option<i64>,
    pub actor: String,
    pub ip: Option<String>,
    pub agency_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    pub prev_hash: String,
    pub hash: String,
}

impl From<simpul_domain::audit::Entry> for AuditEntry {
    fn from(e: simpul_domain::audit::Entry) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditEntry {
            seq: e.seq,
            at: e.at,
            actor_account_id: e.actor_account_id,
            actor: e.actor,
            ip: e.ip,
            agency_id: e.agency_id,
            entity: e.entity,
            entity_id: e.entity_id,
            action: e.action,
            before: parse(e.before),
            after: parse(e.after),
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub agency_id: Option<i64>,
    pub actor_account_id: Option<i64>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Inclusive, `YYYY-MM-DD` (Pemda local date).
    pub from: Option<String>,
    /// Inclusive, `YYYY-MM-DD` (Pemda local date).
    pub until: Option<String>,
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct VerifyResult {
    pub ok: bool,
    pub entries: u64,
    pub first_bad_seq: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Dashboard {
    pub agencies_active: i64,
    pub agencies_inactive: i64,
    pub mandiri_tik: i64,
    pub units: i64,
    pub people: i64,
    pub accounts: i64,
    pub audit_entries: i64,
    /// Current findings (Temuan) under the active regulation.
    pub findings: i64,
    pub agencies_by_kind: Vec<LabelCount>,
    pub accounts_by_role: Vec<LabelCount>,
    /// ICT assets registered, in any state.
    pub assets: i64,
    /// ICT assets by lifecycle state, in lifecycle order.
    pub assets_by_state: Vec<LabelCount>,
}

#[derive(Serialize, ToSchema)]
pub struct LabelCount {
    pub code: String,
    pub label: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Portal {
    pub pemda: Option<Profile>,
    pub regulation_title: Option<String>,
    pub agencies_active: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RoleInfo {
    pub code: String,
    pub label: String,
    pub agency_scoped: bool,
}

// ---- Applications and findings -------------------------------------------------

pub use simpul_domain::apps::ApplicationInput as ApplicationIn;
pub use simpul_domain::apps::{AppFunction, Completeness};

#[derive(Serialize, ToSchema)]
pub struct Application {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub name: String,
    pub short_name: Option<String>,
    /// `aplikasi_umum` or `aplikasi_khusus`.
    pub kind: String,
    /// `direncanakan`, `dikembangkan`, `digunakan` or `dihentikan`.
    pub state: String,
    pub planned_on: Option<String>,
    pub development_started_on: Option<String>,
    pub in_use_since: Option<String>,
    pub retired_on: Option<String>,
    /// `web`, `desktop` or `mobile`.
    pub platform: String,
    pub url: Option<String>,
    /// The host of `url`: the application's subdomain.
    pub host: Option<String>,
    /// `pusat_data`, `server_pd` or `cloud`.
    pub hosting: Option<String>,
    pub repository: Option<String>,
    /// `terbuka` or `tertutup` (Perwali Balikpapan 14/2022 Pasal 28 ayat (3)–(4)).
    pub license: Option<String>,
    /// `sdlc` or `agile`.
    pub development_method: Option<String>,
    pub last_audit_on: Option<String>,
    pub audit_result: Option<String>,
    /// SPBE function codes.
    pub functions: Vec<String>,
    /// Documentation handed over: codes of the active regulation's checklist.
    pub documents: Vec<String>,
    /// Kinds of data held (codes of `/api/v1/reference/app-data-kinds`).
    pub data_kinds: Vec<String>,
    /// Handed over against the active regulation's checklist.
    pub completeness: Completeness,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Application {
    pub fn of(a: simpul_store::apps::Application, checklist: &[simpul_domain::profiles::DocItem]) -> Self {
        Application {
            completeness: Completeness::of(&a.documents, checklist),
            host: a.url.as_deref().and_then(simpul_domain::apps::url_host),
            id: a.id,
            agency_id: a.agency_id,
            agency_name: a.agency_name,
            name: a.name,
            short_name: a.short_name,
            kind: a.kind,
            state: a.state,
            planned_on: a.planned_on,
            development_started_on: a.development_started_on,
            in_use_since: a.in_use_since,
            retired_on: a.retired_on,
            platform: a.platform,
            url: a.url,
            hosting: a.hosting,
            repository: a.repository,
            license: a.license,
            development_method: a.development_method,
            last_audit_on: a.last_audit_on,
            audit_result: a.audit_result,
            functions: a.functions,
            documents: a.documents,
            data_kinds: a.data_kinds,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// Search in name, short name and address.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    /// An SPBE function code, see `/api/v1/reference/app-functions`.
    pub function: Option<String>,
    pub state: Option<String>,
    pub kind: Option<String>,
    /// Ignored by the exports, which return every match.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl ApplicationQuery {
    pub fn filter(&self) -> simpul_store::apps::ApplicationFilter {
        simpul_store::apps::ApplicationFilter { q: self.q.clone(), agency_id: self.agency_id, function: self.function.clone(), state: self.state.clone(), kind: self.kind.clone() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Finding {
    /// The check's stable code, see `/api/v1/findings/checks`.
    pub check: String,
    pub agency_id: i64,
    pub agency_name: String,
    /// Entity kind, e.g. `application`.
    pub entity: String,
    pub entity_id: i64,
    pub entity_name: String,
    /// `tinggi`, `sedang` or `rendah`.
    pub severity: String,
    /// What is wrong (Bahasa Indonesia).
    pub message: String,
    /// The article of the active regulation the check enforces.
    pub article: String,
}

impl Finding {
    pub fn of(f: simpul_domain::findings::Finding, agency_name: String) -> Self {
        Finding {
            check: f.check.into(),
            agency_id: f.agency_id,
            agency_name,
            entity: f.entity.into(),
            entity_id: f.entity_id,
            entity_name: f.entity_name,
            severity: f.severity.code().into(),
            message: f.message,
            article: f.article.into(),
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct FindingQuery {
    pub agency_id: Option<i64>,
    /// A check code.
    pub check: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInfo {
    pub code: String,
    /// What is checked (Bahasa Indonesia).
    pub title: String,
    /// The article of the active regulation; none when it makes no such rule.
    pub article: Option<String>,
    /// Whether the check runs under the active regulation.
    pub applies: bool,
}

/// A relation between two applications, seen from the one asked about.
#[derive(Serialize, ToSchema)]
pub struct AppRelation {
    pub id: i64,
    /// The application that recorded the relation.
    pub application_id: i64,
    pub application_name: String,
    pub related_id: i64,
    pub related_name: String,
    /// `uses` or `exchanges_with`, as recorded by `application_id`.
    pub kind: String,
    pub note: Option<String>,
    pub created_at: i64,
}

impl From<simpul_store::apps::AppRelation> for AppRelation {
    fn from(r: simpul_store::apps::AppRelation) -> Self {
        AppRelation {
            id: r.id,
            application_id: r.application_id,
            application_name: r.application_name,
            related_id: r.related_id,
            related_name: r.related_name,
            kind: r.kind,
            note: r.note,
            created_at: r.created_at,
        }
    }
}
