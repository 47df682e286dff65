//! Findings (Temuan): the regulations' rules checked over the registries.
//!
//! # Design
//!
//! * A check is a value implementing [`Check`]; [`CHECKS`] lists them all.
//!   A later module adds its registry's plain data to [`Snapshot`] and its
//!   checks to [`CHECKS`]; nothing else changes.
//! * Checks are pure functions of a [`Snapshot`] (plain data the store has
//!   loaded) and a [`Context`] (the active regulation profile, the Pemda's
//!   official domain, today's date). No SQL, no clock.
//! * Findings are computed on read from the current data, so they are always
//!   current: fixing the data clears the finding at the next read, and there
//!   is no stored state that could go stale.
//! * Every finding cites the article of the **active** regulation profile it
//!   enforces. A check whose article the active regulation lacks is **not
//!   run** ([`CheckStatus::applies`] is false): the profiles treat silence as
//!   "this regulation sets no rule here" (see `profiles.rs`), and a Pemda is
//!   not told it breaks a rule its own regulation does not make. The list of
//!   checks with their status is shown beside the findings so that it is
//!   visible which rules were not checked and why.

use serde::Serialize;

use crate::apps::{function_label, host_within, url_host, AppKind, AppState, Completeness, Platform};
use crate::profiles::Profile;
use crate::validate::parse_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Tinggi,
    Sedang,
    Rendah,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Tinggi, Severity::Sedang, Severity::Rendah];
    pub fn code(self) -> &'static str {
        match self {
            Severity::Tinggi => "tinggi",
            Severity::Sedang => "sedang",
            Severity::Rendah => "rendah",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Severity::Tinggi => "Tinggi",
            Severity::Sedang => "Sedang",
            Severity::Rendah => "Rendah",
        }
    }
}

/// One thing wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's stable code, e.g. `one_app_per_function`.
    pub check: &'static str,
    pub agency_id: i64,
    /// Entity kind, e.g. `application`.
    pub entity: &'static str,
    pub entity_id: i64,
    /// The record's name, for lists.
    pub entity_name: String,
    pub severity: Severity,
    /// What is wrong, in Bahasa Indonesia.
    pub message: String,
    /// The article of the active regulation the check enforces.
    pub article: &'static str,
}

/// What a check needs to know about an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationFacts {
    pub id: i64,
    pub agency_id: i64,
    pub name: String,
    pub kind: AppKind,
    pub state: AppState,
    pub platform: Platform,
    pub url: Option<String>,
    pub in_use_since: Option<String>,
    pub last_audit_on: Option<String>,
    pub functions: Vec<String>,
    pub documents: Vec<String>,
}

/// What a check needs to know about a data cable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CableFacts {
    pub id: i64,
    pub agency_id: i64,
    /// Both ends, for lists (`sw-lt1-01:Gi0/3 ↔ R.201-A03`).
    pub name: String,
    pub label_code: Option<String>,
}

/// An active agency and the date of its latest LAN diagram, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanDiagramFacts {
    pub agency_id: i64,
    pub agency_name: String,
    /// `YYYY-MM-DD` of the latest diagram handed in.
    pub latest_on: Option<String>,
}

/// What a check needs to know about one agency's ICT asset inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetInventoryFacts {
    pub agency_id: i64,
    pub agency_name: String,
    /// Assets registered (in any state).
    pub assets: i64,
    /// The latest day, in the Pemda's time zone, an asset of the agency was
    /// registered or changed.
    pub last_changed_on: time::Date,
}

/// What a check needs to know about a registered subdomain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubdomainFacts {
    pub id: i64,
    pub agency_id: i64,
    pub fqdn: String,
    /// Status `aktif`.
    pub active: bool,
}

/// A relation between two applications (`application_relations`): the
/// first uses or exchanges data with the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRelationFacts {
    pub application_id: i64,
    pub related_id: i64,
}

/// A working connection on the Sistem Penghubung Layanan: an approved,
/// unexpired, unrevoked right of an active client (an application) to an
/// active service provided by an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusLinkFacts {
    pub client_application_id: i64,
    pub service_application_id: i64,
}

/// What a check needs to know about a dataset of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetFacts {
    pub id: i64,
    pub agency_id: i64,
    pub title: String,
    /// SDI data standard concept.
    pub concept: String,
    pub frequency: crate::datasets::Frequency,
    /// `YYYY-MM-DD` of the last update (upload or declared), if any.
    pub last_updated_on: Option<String>,
    pub created_on: time::Date,
}

/// The registries' data the checks read. Later modules add fields.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub applications: Vec<ApplicationFacts>,
    /// Every data cable (network registry).
    pub cables: Vec<CableFacts>,
    /// One entry per active agency.
    pub lan_diagrams: Vec<LanDiagramFacts>,
    /// One entry per active agency with at least one asset.
    pub asset_inventories: Vec<AssetInventoryFacts>,
    /// The domain registry's subdomains.
    pub subdomains: Vec<SubdomainFacts>,
    /// Relations between applications (application registry).
    pub app_relations: Vec<AppRelationFacts>,
    /// Working connections on the service bus.
    pub bus_links: Vec<BusLinkFacts>,
    /// The Pusat Data's datasets.
    pub datasets: Vec<DatasetFacts>,
    /// Data-use requests still waiting for an answer (`sharing`).
    pub open_data_requests: Vec<DataRequestFacts>,
}

/// Everything a check needs besides the data.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub profile: &'static Profile,
    /// The Pemda's official domain (from the Pemda profile, e.g. `balikpapan.go.id`).
    pub official_domain: &'a str,
    /// Today in the Pemda's time zone.
    pub today: time::Date,
}

/// A rule over the registries that yields findings.
pub trait Check: Sync {
    /// Stable code, used in the API and in filters.
    fn code(&self) -> &'static str;
    /// What is checked, in Bahasa Indonesia.
    fn title(&self) -> &'static str;
    /// The article of `profile` that makes the rule; `None`: the regulation
    /// makes no such rule and the check is not run.
    fn article(&self, profile: &'static Profile) -> Option<&'static str>;
    /// Appends the findings; only called when [`Check::article`] is `Some`.
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>);
}

/// Every check, in display order.
pub static CHECKS: &[&dyn Check] = &[&OneAppPerFunction, &WebBased, &AuditOverdue, &DocumentationIncomplete, &OfficialDomain, &UnregisteredHost, &AssetInventoryStale, &CableUnlabelled, &LanDiagramOutdated, &ExchangeOutsideBus, &DatasetStale, &DatasetDuplicate, &DataRequestUnanswered];

pub fn check_by_code(code: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.code() == code)
}

/// Whether a check runs under the active profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckStatus {
    pub code: &'static str,
    pub title: &'static str,
    pub article: Option<&'static str>,
    pub applies: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Ordered by severity, agency, record, check.
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckStatus>,
}

pub fn check_statuses(profile: &'static Profile) -> Vec<CheckStatus> {
    CHECKS
        .iter()
        .map(|c| {
            let article = c.article(profile);
            CheckStatus { code: c.code(), title: c.title(), article, applies: article.is_some() }
        })
        .collect()
}

/// Runs every check that applies under the active profile.
pub fn evaluate(snap: &Snapshot, ctx: &Context<'_>) -> Evaluation {
    let mut findings = Vec::new();
    for c in CHECKS {
        if let Some(article) = c.article(ctx.profile) {
            c.run(snap, ctx, article, &mut findings);
        }
    }
    findings.sort_by(|a, b| (a.severity, a.agency_id, a.entity, a.entity_id, a.check).cmp(&(b.severity, b.agency_id, b.entity, b.entity_id, b.check)));
    Evaluation { findings, checks: check_statuses(ctx.profile) }
}

fn finding(check: &'static str, a: &ApplicationFacts, severity: Severity, message: String, article: &'static str) -> Finding {
    Finding { check, agency_id: a.agency_id, entity: "application", entity_id: a.id, entity_name: a.name.clone(), severity, message, article }
}

/// `date` plus `years`, 29 February becoming 28 February.
pub fn add_years(date: time::Date, years: u8) -> time::Date {
    let y = date.year() + i32::from(years);
    date.replace_year(y).or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(y))).unwrap_or(date)
}

// ---- (a) One application per function --------------------------------------

/// An agency using more than one application for the same function:
/// Perwali Banjarbaru 5/2018 Pasal 13 ayat (6) ("dilarang menggunakan lebih
/// dari satu aplikasi SPBE ... untuk fungsi yang sama"). "Using" is read as
/// the state `digunakan`. One finding per application involved, so that each
/// application's page shows it.
pub struct OneAppPerFunction;

impl Check for OneAppPerFunction {
    fn code(&self) -> &'static str {
        "one_app_per_function"
    }
    fn title(&self) -> &'static str {
        "Lebih dari satu aplikasi untuk fungsi yang sama dalam satu perangkat daerah"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.one_app_per_function
    }
    fn run(&self, snap: &Snapshot, _: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        let in_use: Vec<&ApplicationFacts> = snap.applications.iter().filter(|a| a.state == AppState::Digunakan).collect();
        for a in &in_use {
            for f in &a.functions {
                let others: Vec<&str> = in_use.iter().filter(|o| o.id != a.id && o.agency_id == a.agency_id && o.functions.contains(f)).map(|o| o.name.as_str()).collect();
                if !others.is_empty() {
                    let msg = format!("Fungsi {} juga dilayani oleh aplikasi lain yang digunakan perangkat daerah ini: {}.", function_label(f).to_lowercase(), others.join(", "));
                    out.push(finding(self.code(), a, Severity::Sedang, msg, article));
                }
            }
        }
    }
}

// ---- (b) Web rather than desktop --------------------------------------------

/// A desktop application not moved to the web: Perwali Banjarbaru 5/2018
/// Pasal 13 ayat (7) ("Aplikasi SPBE berbasis desktop yang akan dikembangkan
/// harus menjadi aplikasi SPBE berbasis web"). Planned or in development as
/// desktop: high (the article forbids exactly this); in use as desktop: low
/// (its next development must make it web-based). Retired: none.
pub struct WebBased;

impl Check for WebBased {
    fn code(&self) -> &'static str {
        "web_based_apps"
    }
    fn title(&self) -> &'static str {
        "Aplikasi berbasis desktop belum beralih ke berbasis web"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.web_based_apps
    }
    fn run(&self, snap: &Snapshot, _: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for a in snap.applications.iter().filter(|a| a.platform == Platform::Desktop) {
            match a.state {
                AppState::Direncanakan | AppState::Dikembangkan => out.push(finding(
                    self.code(),
                    a,
                    Severity::Tinggi,
                    "Aplikasi direncanakan atau dikembangkan berbasis desktop; aplikasi yang dikembangkan harus berbasis web.".into(),
                    article,
                )),
                AppState::Digunakan => {
                    out.push(finding(self.code(), a, Severity::Rendah, "Aplikasi masih berbasis desktop; pengembangan berikutnya harus menjadikannya berbasis web.".into(), article))
                }
                AppState::Dihentikan => {}
            }
        }
    }
}

// ---- (c) Audit of Aplikasi Khusus ----------------------------------------------

/// An Aplikasi Khusus in use whose audit is overdue: Perwali Kendari 41/2021
/// Pasal 36 ayat (3), Perwali Balikpapan 14/2022 Pasal 49 ayat (2) (at least
/// once every `audit_cycle_years`). The audit is due `audit_cycle_years`
/// after the last audit or, for an application never audited, after it went
/// into use: a newly deployed application is not overdue on its first day.
pub struct AuditOverdue;

impl Check for AuditOverdue {
    fn code(&self) -> &'static str {
        "app_audit_overdue"
    }
    fn title(&self) -> &'static str {
        "Audit Aplikasi Khusus terlambat"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.audit_cycle_years.and(p.citations.audit_cycle)
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        let Some(years) = ctx.profile.audit_cycle_years else { return };
        for a in snap.applications.iter().filter(|a| a.kind == AppKind::Khusus && a.state == AppState::Digunakan) {
            let audit = a.last_audit_on.as_deref().and_then(parse_date);
            let since = a.in_use_since.as_deref().and_then(parse_date);
            let msg = match (audit, since) {
                (Some(last), _) => {
                    let due = add_years(last, years);
                    (due < ctx.today).then(|| format!("Audit terakhir {last}; audit berikutnya jatuh tempo {due} (paling sedikit sekali dalam {years} tahun)."))
                }
                (None, Some(since)) => {
                    let due = add_years(since, years);
                    (due < ctx.today).then(|| format!("Belum pernah diaudit sejak digunakan {since}; audit jatuh tempo {due} (paling sedikit sekali dalam {years} tahun)."))
                }
                (None, None) => Some(format!("Belum pernah diaudit (paling sedikit sekali dalam {years} tahun).")),
            };
            if let Some(msg) = msg {
                out.push(finding(self.code(), a, Severity::Tinggi, msg, article));
            }
        }
    }
}

// ---- (d) Documentation ---------------------------------------------------------

/// An Aplikasi Khusus in use whose documentation, per the active profile's
/// checklist (`app_documentation_checklist`, cited by
/// `citations.app_documentation`, e.g. Perwali Banjarbaru 5/2018 Pasal 13
/// ayat (4), Perwali Balikpapan 14/2022 Pasal 28 ayat (7)), was not all
/// handed over. Aplikasi Umum come from central government, whose documents
/// the Pemda does not receive; planned applications have nothing to hand over yet.
pub struct DocumentationIncomplete;

impl Check for DocumentationIncomplete {
    fn code(&self) -> &'static str {
        "app_documentation_incomplete"
    }
    fn title(&self) -> &'static str {
        "Dokumentasi aplikasi belum lengkap"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        if p.app_documentation_checklist.is_empty() { None } else { p.citations.app_documentation }
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        let checklist = ctx.profile.app_documentation_checklist;
        for a in snap.applications.iter().filter(|a| a.kind == AppKind::Khusus && a.state == AppState::Digunakan) {
            let c = Completeness::of(&a.documents, checklist);
            if !c.is_complete() {
                let missing: Vec<&str> = checklist.iter().filter(|d| !a.documents.iter().any(|x| x == d.code)).map(|d| d.label).collect();
                let msg = format!("Dokumentasi {}/{} diserahkan; belum ada: {}.", c.handed, c.required, missing.join("; "));
                out.push(finding(self.code(), a, Severity::Sedang, msg, article));
            }
        }
    }
}

// ---- (e) Official domain -------------------------------------------------------

/// An Aplikasi Khusus whose address, or an active registered subdomain,
/// is outside the Pemda's official domain: Perwali Balikpapan 14/2022 Pasal
/// 30 ayat (1), Perwali Banjarbaru 5/2018 Pasal 14 ayat (5), Perbup Cianjur
/// 25/2018 Pasal 15 ayat (5). The domain is the one in the Pemda profile
/// (for a real Pemda the same as the one its regulation names). Aplikasi
/// Umum are run by central government at its own addresses and are not
/// checked; retired applications and inactive subdomains neither. The
/// domain registry accepts such a subdomain (it exists and is recorded as
/// it is) and this check reports it.
pub struct OfficialDomain;

impl Check for OfficialDomain {
    fn code(&self) -> &'static str {
        "official_domain"
    }
    fn title(&self) -> &'static str {
        "Alamat aplikasi atau subdomain di luar domain resmi Pemda"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.official_domain
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for a in snap.applications.iter().filter(|a| a.kind == AppKind::Khusus && a.state != AppState::Dihentikan) {
            let Some(host) = a.url.as_deref().and_then(url_host) else { continue };
            if !host_within(&host, ctx.official_domain) {
                let msg = format!("Alamat {host} bukan subdomain dari {}.", ctx.official_domain);
                out.push(finding(self.code(), a, Severity::Sedang, msg, article));
            }
        }
        for d in snap.subdomains.iter().filter(|d| d.active && !host_within(&d.fqdn, ctx.official_domain)) {
            let msg = format!("Subdomain terdaftar {} bukan subdomain dari {}.", d.fqdn, ctx.official_domain);
            out.push(subdomain_finding(self.code(), d, Severity::Sedang, msg, article));
        }
    }
}

fn subdomain_finding(check: &'static str, d: &SubdomainFacts, severity: Severity, message: String, article: &'static str) -> Finding {
    Finding { check, agency_id: d.agency_id, entity: "subdomain", entity_id: d.id, entity_name: d.fqdn.clone(), severity, message, article }
}

// ---- (f) Application address not registered ----------------------------------------

/// An Aplikasi Khusus in use whose address is under the official domain but
/// is not an active subdomain of the domain registry. It applies only where
/// the regulation both requires the official domain and gives the ICT office
/// the management of (sub)domain names, which is what makes an unregistered
/// name a gap: Perwali Balikpapan 14/2022 Pasal 30 ayat (4) ("Diskominfo
/// menetapkan dan mengelola nama domain dan sub domain"); Perwali Banjarbaru
/// 5/2018 Pasal 14 ayat (1) and (6) and Perbup Cianjur 25/2018 Pasal 15
/// ayat (1) and (6) (domains and subdomains placed where the office
/// provides). Low severity: the address may work; the registry is behind.
/// An address outside the official domain is (e)'s finding, not this one's.
pub struct UnregisteredHost;

impl Check for UnregisteredHost {
    fn code(&self) -> &'static str {
        "app_host_not_registered"
    }
    fn title(&self) -> &'static str {
        "Alamat aplikasi belum terdaftar sebagai subdomain"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.official_domain.and(p.citations.website_management)
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for a in snap.applications.iter().filter(|a| a.kind == AppKind::Khusus && a.state == AppState::Digunakan) {
            let Some(host) = a.url.as_deref().and_then(url_host) else { continue };
            if host_within(&host, ctx.official_domain) && !snap.subdomains.iter().any(|d| d.active && d.fqdn == host) {
                let msg = format!("Alamat {host} belum terdaftar sebagai subdomain aktif di registri domain.");
                out.push(finding(self.code(), a, Severity::Rendah, msg, article));
            }
        }
    }
}

// ---- (f) Cable labels -----------------------------------------------------------

/// A data cable without a label code: every data cable connecting the
/// computer network must carry the inter-node address code — Perwali
/// Banjarbaru 5/2018 Pasal 15 ayat (3), Perbup Cianjur 25/2018 Pasal 17
/// ayat (4), Perwali Kendari 41/2021 Pasal 19 ayat (2).
pub struct CableUnlabelled;

impl Check for CableUnlabelled {
    fn code(&self) -> &'static str {
        "cable_unlabelled"
    }
    fn title(&self) -> &'static str {
        "Kabel data tanpa label kode alamat antar node"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.cable_labels
    }
    fn run(&self, snap: &Snapshot, _: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for c in snap.cables.iter().filter(|c| c.label_code.as_deref().is_none_or(|l| l.trim().is_empty())) {
            out.push(Finding {
                check: self.code(),
                agency_id: c.agency_id,
                entity: "cable",
                entity_id: c.id,
                entity_name: c.name.clone(),
                severity: Severity::Rendah,
                message: "Kabel data belum diberi label kode alamat antar node.".into(),
                article,
            });
        }
    }
}

// ---- (f) ICT asset inventory kept up to date --------------------------------------

/// An agency whose ICT asset inventory was not updated this calendar year:
/// it has assets, and none was registered or changed since 1 January (in
/// the Pemda's time zone). The article is the active profile's
/// `citations.asset_inventory`: Perwali Banjarbaru 5/2018 Pasal 15 ayat (10)
/// ("SKPD wajib menginventarisir seluruh perangkat TIKnya", sanctioned by
/// Pasal 18), Perwali Kendari 41/2021 Pasal 19 ayat (11), Perbup Cianjur
/// 25/2018 Pasal 18 ayat (1). Pergub Kalbar 177/2021 Pasal 31 and Perwali
/// Balikpapan 14/2022 Pasal 42 describe ICT asset management but oblige no
/// agency to keep an inventory (Kalbar's ayat (5) asks for a yearly
/// monitoring and evaluation of asset management, a recurring duty of the
/// profile, not an inventory), so the check does not run under them.
///
/// No text sets a yearly cycle; an inventory "of all ICT devices" that has
/// not changed for a whole calendar year, while devices are bought, moved,
/// repaired and disposed of every year, is read as not kept. The Diskominfo
/// report on the inventory (Banjarbaru Pasal 15 ayat (11)) is yearly in
/// practice, which is why the calendar year is the unit. Agencies without
/// any asset are not flagged here: an empty inventory is visible on the
/// dashboard and cannot be told apart from an agency without ICT devices.
pub struct AssetInventoryStale;

impl Check for AssetInventoryStale {
    fn code(&self) -> &'static str {
        "asset_inventory_stale"
    }
    fn title(&self) -> &'static str {
        "Inventaris aset TIK perangkat daerah belum diperbarui tahun ini"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.asset_inventory
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        let year = ctx.today.year();
        for inv in snap.asset_inventories.iter().filter(|i| i.assets > 0 && i.last_changed_on.year() < year) {
            out.push(Finding {
                check: self.code(),
                agency_id: inv.agency_id,
                entity: "agency",
                entity_id: inv.agency_id,
                entity_name: inv.agency_name.clone(),
                severity: Severity::Sedang,
                message: format!("Tidak ada aset TIK yang didaftarkan atau diperbarui sepanjang tahun {year} ({} aset; perubahan terakhir {}).", inv.assets, inv.last_changed_on),
                article,
            });
        }
    }
}

// ---- (g) LAN diagram ---------------------------------------------------------------

/// An active agency whose LAN diagram was never handed in, or whose latest
/// is more than a year old: "Setiap PD menyerahkan diagram Jaringan Intra PD
/// (LAN) terkini kepada Diskominfo paling sedikit 1 (satu) tahun sekali" —
/// Perwali Balikpapan 14/2022 Pasal 25 ayat (1). Due one year after the
/// latest diagram's date; a diagram dated exactly a year ago is not late.
pub struct LanDiagramOutdated;

impl Check for LanDiagramOutdated {
    fn code(&self) -> &'static str {
        "lan_diagram_outdated"
    }
    fn title(&self) -> &'static str {
        "Diagram Jaringan Intra PD (LAN) belum diserahkan atau lebih dari setahun"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.lan_diagram_yearly
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for a in &snap.lan_diagrams {
            let msg = match a.latest_on.as_deref().and_then(parse_date) {
                None => Some("Diagram Jaringan Intra PD (LAN) belum pernah diserahkan kepada Diskominfo.".to_string()),
                Some(last) => {
                    let due = add_years(last, 1);
                    (due < ctx.today).then(|| format!("Diagram LAN terakhir bertanggal {last}; diagram terkini wajib diserahkan paling lambat {due} (paling sedikit setahun sekali)."))
                }
            };
            if let Some(message) = msg {
                out.push(Finding {
                    check: self.code(),
                    agency_id: a.agency_id,
                    entity: "agency",
                    entity_id: a.agency_id,
                    entity_name: a.agency_name.clone(),
                    severity: Severity::Sedang,
                    message,
                    article,
                });
            }
        }
    }
}

// ---- (h) Exchanges between agencies through the service bus -----------------------

/// Two applications of different agencies that use or exchange data with
/// each other, with no working right between them on the Sistem Penghubung
/// Layanan: "Setiap PD harus menggunakan Sistem Penghubung Layanan" —
/// Perwali Balikpapan 14/2022 Pasal 26 ayat (2), Pergub Kalbar 177/2021
/// Pasal 15 ayat (2); Perwali Kendari 41/2021 Pasal 19 ayat (1) huruf b.
/// A right in either direction counts. Retired applications are left out.
/// One finding on the application that records the relation.
pub struct ExchangeOutsideBus;

impl Check for ExchangeOutsideBus {
    fn code(&self) -> &'static str {
        "exchange_outside_bus"
    }
    fn title(&self) -> &'static str {
        "Pertukaran data antarperangkat daerah tidak melalui Sistem Penghubung Layanan"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.service_bus
    }
    fn run(&self, snap: &Snapshot, _: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        let app = |id: i64| snap.applications.iter().find(|a| a.id == id && a.state != AppState::Dihentikan);
        let linked = |a: i64, b: i64| {
            snap.bus_links.iter().any(|l| (l.client_application_id == a && l.service_application_id == b) || (l.client_application_id == b && l.service_application_id == a))
        };
        for r in &snap.app_relations {
            let (Some(a), Some(b)) = (app(r.application_id), app(r.related_id)) else { continue };
            if a.agency_id != b.agency_id && !linked(a.id, b.id) {
                let msg = format!("Aplikasi ini bertukar data dengan {} milik perangkat daerah lain, tetapi tidak ada hak akses yang berlaku di antara keduanya pada Sistem Penghubung Layanan.", b.name);
                out.push(finding(self.code(), a, Severity::Sedang, msg, article));
            }
        }
    }
}

// ---- Datasets of the Pusat Data ---------------------------------------------

/// A dataset not updated within its frequency — at most a year: "wajib
/// dimutakhirkan secara periodik minimal setiap tahun sekali" (Pergub Kalbar
/// 177/2021 Pasal 11 ayat (5)); data must meet the standard of currency
/// ("kekinian", Perwali Balikpapan 14/2022 Pasal 15 ayat (7)). A dataset
/// never updated counts from the day it was registered.
pub struct DatasetStale;

impl Check for DatasetStale {
    fn code(&self) -> &'static str {
        "dataset_stale"
    }
    fn title(&self) -> &'static str {
        "Dataset tidak dimutakhirkan sesuai frekuensinya (paling lama setahun)"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.data_currency
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for d in &snap.datasets {
            let last = d.last_updated_on.as_deref().and_then(parse_date);
            let since = last.unwrap_or(d.created_on);
            let due = since + time::Duration::days(d.frequency.max_days());
            if due >= ctx.today {
                continue;
            }
            let message = match last {
                Some(l) => format!("Terakhir dimutakhirkan {l}; frekuensi {} berarti pemutakhiran berikutnya paling lambat {due}.", d.frequency.label().to_lowercase()),
                None => format!("Belum pernah dimutakhirkan sejak didaftarkan {since}; frekuensi {} berarti paling lambat {due}.", d.frequency.label().to_lowercase()),
            };
            out.push(Finding { check: self.code(), agency_id: d.agency_id, entity: "dataset", entity_id: d.id, entity_name: d.title.clone(), severity: Severity::Sedang, message, article });
        }
    }
}

/// A dataset whose title or concept is the same as another agency's: "data
/// sejenis … dilarang diadakan" — Perwali Banjarbaru 5/2018 Pasal 11 ayat
/// (3), Perwali Kendari 41/2021 Pasal 17 ayat (3). Both datasets are listed.
pub struct DatasetDuplicate;

impl Check for DatasetDuplicate {
    fn code(&self) -> &'static str {
        "dataset_duplicate"
    }
    fn title(&self) -> &'static str {
        "Dataset sejenis dengan dataset perangkat daerah lain"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.citations.duplicate_data_forbidden
    }
    fn run(&self, snap: &Snapshot, _ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for d in &snap.datasets {
            let twins: Vec<&DatasetFacts> = snap.datasets.iter().filter(|o| o.agency_id != d.agency_id && duplicates(d, o)).collect();
            if twins.is_empty() {
                continue;
            }
            let names: Vec<String> = twins.iter().map(|o| format!("\"{}\"", o.title)).collect();
            out.push(Finding {
                check: self.code(),
                agency_id: d.agency_id,
                entity: "dataset",
                entity_id: d.id,
                entity_name: d.title.clone(),
                severity: Severity::Sedang,
                message: format!("Sejenis dengan dataset perangkat daerah lain: {} (judul atau konsep sama); data sejenis cukup dikelola satu PD dan dibagipakaikan.", names.join(", ")),
                article,
            });
        }
    }
}

/// A data-use request not yet decided (`sharing::RequestStatus::is_open`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataRequestFacts {
    pub id: i64,
    /// The owning agency, which has to serve the request.
    pub owner_agency_id: i64,
    pub requester_name: String,
    /// Waiting for the owner's recommendation (else for the decision).
    pub awaiting_recommendation: bool,
    pub due_on: time::Date,
}

/// A data-use request left unanswered past its deadline: every agency must
/// serve other agencies' requests for its data (Perwali Banjarbaru 5/2018
/// Pasal 11 ayat (1)), and not doing so is sanctioned (Pasal 18 ayat (1)).
/// Filed under the owning agency; the article is the profile's
/// `data_sharing.unanswered_request`.
pub struct DataRequestUnanswered;

impl Check for DataRequestUnanswered {
    fn code(&self) -> &'static str {
        "data_request_unanswered"
    }
    fn title(&self) -> &'static str {
        "Permohonan penggunaan data tidak dijawab sampai batas waktunya"
    }
    fn article(&self, p: &'static Profile) -> Option<&'static str> {
        p.data_sharing.unanswered_request
    }
    fn run(&self, snap: &Snapshot, ctx: &Context<'_>, article: &'static str, out: &mut Vec<Finding>) {
        for r in snap.open_data_requests.iter().filter(|r| r.due_on < ctx.today) {
            let step = if r.awaiting_recommendation { "rekomendasi Walidata pemilik data" } else { "keputusan pejabat penyetuju" };
            out.push(Finding {
                check: self.code(),
                agency_id: r.owner_agency_id,
                entity: "data_request",
                entity_id: r.id,
                entity_name: format!("Permohonan data #{} dari {}", r.id, r.requester_name),
                severity: Severity::Tinggi,
                message: format!("Belum dijawab: menunggu {step} sejak batas waktu {}.", r.due_on),
                article,
            });
        }
    }
}

/// Same title or same concept (ignoring case, spaces and punctuation).
pub fn duplicates(a: &DatasetFacts, b: &DatasetFacts) -> bool {
    a.id != b.id && (crate::datasets::same_title(&a.title, &b.title) || crate::datasets::same_title(&a.concept, &b.concept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::Regulation;

    fn dataset(id: i64, agency_id: i64, title: &str, last: Option<&str>) -> DatasetFacts {
        DatasetFacts {
            id,
            agency_id,
            title: title.into(),
            concept: format!("konsep {title}"),
            frequency: crate::datasets::Frequency::Tahunan,
            last_updated_on: last.map(str::to_string),
            created_on: time::macros::date!(2025 - 06 - 01),
        }
    }

    #[test]
    fn stale_datasets_where_currency_is_required() {
        let snap = Snapshot {
            datasets: vec![dataset(1, 4, "Faskes", Some("2024-12-30")), dataset(2, 4, "Sekolah", Some("2025-12-01")), dataset(3, 5, "APBD", None)],
            ..Default::default()
        };
        let e = evaluate(&snap, &ctx(Regulation::PergubKalbar177_2021));
        assert_eq!(codes(&e), vec![("dataset_stale", 1)]);
        assert_eq!(e.findings[0].article, "Pergub Kalbar 177/2021 Pasal 11 ayat (5)");
        let later = Context { today: time::macros::date!(2026 - 06 - 03), ..ctx(Regulation::PerwaliBalikpapan14_2022) };
        assert_eq!(codes(&evaluate(&snap, &later)), vec![("dataset_stale", 1), ("dataset_stale", 3)]);
        // Banjarbaru sets no currency rule: not run.
        assert!(codes(&evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018))).is_empty());
    }

    #[test]
    fn duplicate_datasets_across_agencies() {
        let fresh = Some("2025-12-01");
        let snap = Snapshot {
            datasets: vec![dataset(1, 4, "Jumlah Penduduk", fresh), dataset(2, 5, "jumlah penduduk", fresh), dataset(3, 4, "Jumlah-Penduduk", fresh), dataset(4, 6, "Sekolah", fresh)],
            ..Default::default()
        };
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018));
        assert_eq!(codes(&e), vec![("dataset_duplicate", 1), ("dataset_duplicate", 3), ("dataset_duplicate", 2)]);
        assert!(codes(&evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022))).is_empty());
    }

    #[test]
    fn exchanges_between_agencies_go_through_the_bus() {
        let mut a1 = app(1, 10, "kepegawaian");
        a1.state = AppState::Digunakan;
        let (a2, a3, mut a4) = (app(2, 20, "keuangan"), app(3, 10, "keuangan"), app(4, 30, "keuangan"));
        a4.state = AppState::Dihentikan;
        let rel = |a, b| AppRelationFacts { application_id: a, related_id: b };
        let mut snap = Snapshot { applications: vec![a1, a2, a3, a4], app_relations: vec![rel(1, 2), rel(1, 3), rel(1, 4)], ..Default::default() };
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022));
        let found: Vec<_> = e.findings.iter().filter(|f| f.check == "exchange_outside_bus").collect();
        assert_eq!(found.len(), 1, "same agency and retired applications are left out");
        assert_eq!((found[0].entity_id, found[0].article), (1, "Perwali Balikpapan 14/2022 Pasal 18 ayat (1) huruf c dan Pasal 26"));
        // A right in the other direction clears it.
        snap.bus_links.push(BusLinkFacts { client_application_id: 2, service_application_id: 1 });
        assert!(evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022)).findings.iter().all(|f| f.check != "exchange_outside_bus"));
        // Banjarbaru and Cianjur name no service bus.
        snap.bus_links.clear();
        for r in [Regulation::PerwaliBanjarbaru5_2018, Regulation::PerbupCianjur25_2018] {
            assert!(evaluate(&snap, &ctx(r)).findings.iter().all(|f| f.check != "exchange_outside_bus"), "{r}");
        }
    }

    #[test]
    fn cable_labels_where_the_regulation_says_so() {
        let cable = |id, label: Option<&str>| CableFacts { id, agency_id: 4, name: format!("kabel {id}"), label_code: label.map(str::to_string) };
        let snap = Snapshot { cables: vec![cable(1, None), cable(2, Some("DINKES-001")), cable(3, Some(" "))], ..Default::default() };
        let e = evaluate(&snap, &ctx(Regulation::PerwaliKendari41_2021));
        assert_eq!(codes(&e), vec![("cable_unlabelled", 1), ("cable_unlabelled", 3)]);
        assert_eq!(e.findings[0].article, "Perwali Kendari 41/2021 Pasal 19 ayat (2)");
        assert_eq!(e.findings[0].entity, "cable");
        assert_eq!(evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018)).findings[0].article, "Perwali Banjarbaru 5/2018 Pasal 15 ayat (3)");
        assert_eq!(evaluate(&snap, &ctx(Regulation::PerbupCianjur25_2018)).findings[0].article, "Perbup Cianjur 25/2018 Pasal 17 ayat (4)");
        // Balikpapan makes no cable-label rule.
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022));
        assert!(codes(&e).is_empty());
        assert!(e.checks.iter().any(|c| c.code == "cable_unlabelled" && !c.applies));
    }

    #[test]
    fn lan_diagram_at_least_yearly() {
        let agency = |id, on: Option<&str>| LanDiagramFacts { agency_id: id, agency_name: format!("PD {id}"), latest_on: on.map(str::to_string) };
        // Today is 2026-01-01.
        let snap = Snapshot { lan_diagrams: vec![agency(1, None), agency(2, Some("2024-12-31")), agency(3, Some("2025-01-01")), agency(4, Some("2025-06-30"))], ..Default::default() };
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022));
        assert_eq!(codes(&e), vec![("lan_diagram_outdated", 1), ("lan_diagram_outdated", 2)]);
        assert_eq!(e.findings[0].article, "Perwali Balikpapan 14/2022 Pasal 25 ayat (1)");
        assert!(e.findings[1].message.contains("2025-12-31"), "{}", e.findings[1].message);
        // The other four texts set no yearly diagram duty.
        for r in [Regulation::PerwaliBanjarbaru5_2018, Regulation::PerwaliKendari41_2021, Regulation::PerbupCianjur25_2018, Regulation::PergubKalbar177_2021] {
            assert!(evaluate(&snap, &ctx(r)).findings.is_empty(), "{r}");
        }
    }

    fn app(id: i64, agency: i64, f: &str) -> ApplicationFacts {
        ApplicationFacts {
            id,
            agency_id: agency,
            name: format!("App {id}"),
            kind: AppKind::Khusus,
            state: AppState::Digunakan,
            platform: Platform::Web,
            url: Some(format!("https://app{id}.contohkota.go.id")),
            in_use_since: Some("2025-06-01".into()),
            last_audit_on: Some("2025-06-01".into()),
            functions: vec![f.into()],
            documents: Regulation::PerwaliBanjarbaru5_2018.profile().app_documentation_checklist.iter().map(|d| d.code.to_string()).collect(),
        }
    }

    /// The applications, each with its address under the official domain registered as an active subdomain.
    fn registered(applications: Vec<ApplicationFacts>) -> Snapshot {
        let subdomains = applications.iter().filter_map(|a| a.url.as_deref().and_then(url_host).filter(|h| host_within(h, "contohkota.go.id")).map(|h| SubdomainFacts { id: 100 + a.id, agency_id: a.agency_id, fqdn: h, active: true })).collect();
        Snapshot { applications, subdomains, ..Default::default() }
    }

    fn ctx(r: Regulation) -> Context<'static> {
        Context { profile: r.profile(), official_domain: "contohkota.go.id", today: time::macros::date!(2026 - 01 - 01) }
    }

    fn codes(e: &Evaluation) -> Vec<(&'static str, i64)> {
        e.findings.iter().map(|f| (f.check, f.entity_id)).collect()
    }

    #[test]
    fn clean_data_has_no_findings() {
        let snap = registered(vec![app(1, 1, "kepegawaian"), app(2, 2, "kepegawaian"), app(3, 1, "keuangan")]);
        assert!(evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018)).findings.is_empty());
    }

    #[test]
    fn one_app_per_function_only_where_the_regulation_says_so() {
        let snap = registered(vec![app(1, 1, "kepegawaian"), app(2, 1, "kepegawaian")]);
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018));
        assert_eq!(codes(&e), vec![("one_app_per_function", 1), ("one_app_per_function", 2)]);
        assert_eq!(e.findings[0].article, "Perwali Banjarbaru 5/2018 Pasal 13 ayat (6)");
        // Balikpapan makes no such rule: the check does not run, and says so.
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022));
        assert!(!e.findings.iter().any(|f| f.check == "one_app_per_function"));
        assert!(e.checks.iter().any(|c| c.code == "one_app_per_function" && !c.applies && c.article.is_none()));
    }

    #[test]
    fn desktop_audit_docs_domain() {
        let mut desktop = app(1, 1, "keuangan");
        desktop.platform = Platform::Desktop;
        desktop.state = AppState::Dikembangkan;
        let mut old_audit = app(2, 1, "kepegawaian");
        old_audit.last_audit_on = Some("2023-12-31".into());
        let mut no_docs = app(3, 1, "pengaduan");
        no_docs.documents.clear();
        let mut outside = app(4, 1, "jdih");
        outside.url = Some("https://jdih-kota.web.id".into());
        let mut umum = app(5, 1, "naskah_dinas");
        umum.kind = AppKind::Umum;
        umum.url = Some("https://srikandi.arsip.go.id".into());
        umum.documents.clear();
        umum.last_audit_on = None;
        let snap = registered(vec![desktop, old_audit, no_docs, outside, umum]);
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018));
        assert_eq!(codes(&e), vec![("web_based_apps", 1), ("app_documentation_incomplete", 3), ("official_domain", 4)]);
        // Banjarbaru sets no audit cycle; Balikpapan does (and checks its own checklist).
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022));
        assert!(codes(&e).contains(&("app_audit_overdue", 2)));
        assert_eq!(e.findings.iter().find(|f| f.check == "app_audit_overdue").map(|f| f.article), Some("Perwali Balikpapan 14/2022 Pasal 49 ayat (2)"));
    }

    #[test]
    fn audit_due_counts_from_first_use_when_never_audited() {
        let mut a = app(1, 1, "keuangan");
        a.last_audit_on = None;
        a.in_use_since = Some("2024-06-01".into());
        let snap = registered(vec![a.clone()]);
        assert!(evaluate(&snap, &ctx(Regulation::PerwaliKendari41_2021)).findings.iter().all(|f| f.check != "app_audit_overdue"));
        a.in_use_since = Some("2023-12-01".into());
        let snap = registered(vec![a]);
        assert!(evaluate(&snap, &ctx(Regulation::PerwaliKendari41_2021)).findings.iter().any(|f| f.check == "app_audit_overdue"));
        assert_eq!(add_years(time::macros::date!(2024 - 02 - 29), 2), time::macros::date!(2026 - 02 - 28));
    }

    fn sub(id: i64, fqdn: &str, active: bool) -> SubdomainFacts {
        SubdomainFacts { id, agency_id: 1, fqdn: fqdn.into(), active }
    }

    #[test]
    fn subdomains_outside_the_official_domain_and_unregistered_addresses() {
        // app(1)'s host is app1.contohkota.go.id.
        let mut snap = Snapshot { applications: vec![app(1, 1, "keuangan")], subdomains: vec![sub(7, "portal.contohkota.web.id", true), sub(8, "lama.contoh.com", false)], ..Default::default() };
        let mut e = evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022));
        e.findings.retain(|f| f.check != "app_documentation_incomplete");
        let got: Vec<(&str, &str, i64)> = e.findings.iter().map(|f| (f.check, f.entity, f.entity_id)).collect();
        assert_eq!(got, vec![("official_domain", "subdomain", 7), ("app_host_not_registered", "application", 1)]);
        assert_eq!(e.findings[0].article, "Perwali Balikpapan 14/2022 Pasal 30 ayat (1)");
        assert_eq!(e.findings[1].article, "Perwali Balikpapan 14/2022 Pasal 30 ayat (4)");
        assert_eq!(e.findings[1].severity, Severity::Rendah);
        // Registering the address clears it; an inactive registration does not count.
        snap.subdomains.push(sub(9, "app1.contohkota.go.id", false));
        assert!(evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022)).findings.iter().any(|f| f.check == "app_host_not_registered"));
        snap.subdomains[2].active = true;
        assert!(!evaluate(&snap, &ctx(Regulation::PerwaliBalikpapan14_2022)).findings.iter().any(|f| f.check == "app_host_not_registered"));
        // Kendari names no official domain: neither check runs.
        snap.subdomains[2].active = false;
        let e = evaluate(&snap, &ctx(Regulation::PerwaliKendari41_2021));
        assert!(e.findings.iter().all(|f| f.check != "official_domain" && f.check != "app_host_not_registered"));
        assert!(e.checks.iter().any(|c| c.code == "app_host_not_registered" && !c.applies));
    }

    #[test]
    fn asset_inventory_not_updated_this_year() {
        let inv = |id: i64, on: time::Date| AssetInventoryFacts { agency_id: id, agency_name: format!("PD {id}"), assets: 3, last_changed_on: on };
        let snap = Snapshot {
            asset_inventories: vec![inv(1, time::macros::date!(2025 - 12 - 31)), inv(2, time::macros::date!(2026 - 01 - 01)), AssetInventoryFacts { assets: 0, ..inv(3, time::macros::date!(2020 - 01 - 01)) }],
            ..Default::default()
        };
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018));
        assert_eq!(codes(&e), vec![("asset_inventory_stale", 1)]);
        assert_eq!((e.findings[0].entity, e.findings[0].article), ("agency", "Perwali Banjarbaru 5/2018 Pasal 15 ayat (10)"));
        for (r, article) in [(Regulation::PerwaliKendari41_2021, "Perwali Kendari 41/2021 Pasal 19 ayat (11)"), (Regulation::PerbupCianjur25_2018, "Perbup Cianjur 25/2018 Pasal 18 ayat (1)")] {
            assert_eq!(evaluate(&snap, &ctx(r)).findings.iter().map(|f| f.article).collect::<Vec<_>>(), vec![article]);
        }
        for r in [Regulation::PerwaliBalikpapan14_2022, Regulation::PergubKalbar177_2021] {
            let e = evaluate(&snap, &ctx(r));
            assert!(e.findings.is_empty());
            assert!(e.checks.iter().any(|c| c.code == "asset_inventory_stale" && !c.applies));
        }
    }

    #[test]
    fn unanswered_data_request_after_its_deadline() {
        let req = |id: i64, due: time::Date| DataRequestFacts { id, owner_agency_id: 4, requester_name: "Bappeda".into(), awaiting_recommendation: id == 1, due_on: due };
        let snap = Snapshot { open_data_requests: vec![req(1, time::macros::date!(2025 - 12 - 31)), req(2, time::macros::date!(2030 - 01 - 01))], ..Default::default() };
        let e = evaluate(&snap, &ctx(Regulation::PerwaliBanjarbaru5_2018));
        let got: Vec<_> = e.findings.iter().filter(|f| f.check == "data_request_unanswered").collect();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].entity, got[0].entity_id, got[0].agency_id), ("data_request", 1, 4));
        assert_eq!(got[0].article, "Perwali Banjarbaru 5/2018 Pasal 11 ayat (1) dan Pasal 18 ayat (1)");
        assert!(got[0].message.contains("rekomendasi"));
    }

    #[test]
    fn every_check_has_a_unique_code() {
        let mut codes: Vec<&str> = CHECKS.iter().map(|c| c.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CHECKS.len());
    }
}
