//! Regulation profiles: what each of the five regional SPBE regulations says,
//! as data that the rest of Simpul reads instead of hard-coding.
//!
//! # Design
//!
//! * One [`Regulation`] value per regulation text in `shared/regulations/`. Its
//!   [`Regulation::code`] is the stable id stored in the database and sent over
//!   the API; serde uses the same string.
//! * [`Regulation::profile`] returns a `&'static` [`Profile`]: plain, immutable
//!   data compiled into the binary. Nothing is computed at run time and nothing
//!   can be edited by a Pemda; a Pemda only chooses its regulation.
//! * Every rule carries the article it comes from, written as
//!   `"<short title> Pasal N ayat (M) huruf x"`, e.g.
//!   `"Perwali Banjarbaru 5/2018 Pasal 13 ayat (6)"`. Every citation string
//!   starts with the profile's `short_title` (a test checks this, and that the
//!   article numbers exist in the text).
//! * Silence is data. Where a regulation does not regulate something the field
//!   is `None`, an empty slice or `false`; nothing is filled in from another
//!   regulation or from national law. Later modules must treat `None` as "this
//!   regulation sets no rule here" (not as "forbidden" or "required").
//! * Terminology is per text ([`Labels`]). The 2018 texts (and Kendari 2021)
//!   call the data-owning agency "Walidata"; the Satu Data Indonesia reading
//!   (Perpres 39/2019) calls the owner "Produsen Data" and uses "Walidata" for
//!   the checking/publishing unit. No regional text in the set uses
//!   "Produsen Data"; [`DataTerminology`] records which reading the text uses,
//!   and [`Labels::data_owner_label_for`] / [`Labels::data_verifier_label_for`]
//!   give the labels when a Pemda opts into the other reading.
//! * Recurring obligations are typed ([`Interval`]) so schedulers can create
//!   tasks: planning-document terms and reviews ([`PlanningDocument`]), ICT
//!   audits ([`AuditRule`]), SPBE-wide monitoring ([`MonitoringCycle`]) and
//!   smaller recurring duties ([`RecurringDuty`]).
//! * Everything derives `Debug` and `serde::Serialize` so a profile can be
//!   returned as JSON as-is.
//!
//! Known defects of the source texts (OCR noise, drafting slips) are listed in
//! [`Profile::text_notes`] rather than silently corrected.

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Regulation
// ---------------------------------------------------------------------------

/// The five regional regulations Simpul implements.
///
/// Each variant is given an explicit serde name so that the serialized form is
/// exactly [`Regulation::code`] (`rename_all` alone would produce
/// `perwali_banjarbaru5_2018`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regulation {
    /// Peraturan Walikota Banjarbaru Nomor 5 Tahun 2018.
    #[serde(rename = "perwali_banjarbaru_5_2018")]
    PerwaliBanjarbaru5_2018,
    /// Peraturan Walikota Kendari Nomor 41 Tahun 2021.
    #[serde(rename = "perwali_kendari_41_2021")]
    PerwaliKendari41_2021,
    /// Peraturan Bupati Cianjur Nomor 25 Tahun 2018.
    #[serde(rename = "perbup_cianjur_25_2018")]
    PerbupCianjur25_2018,
    /// Peraturan Gubernur Kalimantan Barat Nomor 177 Tahun 2021.
    #[serde(rename = "pergub_kalbar_177_2021")]
    PergubKalbar177_2021,
    /// Peraturan Wali Kota Balikpapan Nomor 14 Tahun 2022.
    #[serde(rename = "perwali_balikpapan_14_2022")]
    PerwaliBalikpapan14_2022,
}

impl Regulation {
    pub const ALL: [Regulation; 5] = [
        Regulation::PerwaliBanjarbaru5_2018,
        Regulation::PerwaliKendari41_2021,
        Regulation::PerbupCianjur25_2018,
        Regulation::PergubKalbar177_2021,
        Regulation::PerwaliBalikpapan14_2022,
    ];

    /// Stable snake_case id, identical to the serde representation.
    pub fn code(self) -> &'static str {
        match self {
            Regulation::PerwaliBanjarbaru5_2018 => "perwali_banjarbaru_5_2018",
            Regulation::PerwaliKendari41_2021 => "perwali_kendari_41_2021",
            Regulation::PerbupCianjur25_2018 => "perbup_cianjur_25_2018",
            Regulation::PergubKalbar177_2021 => "pergub_kalbar_177_2021",
            Regulation::PerwaliBalikpapan14_2022 => "perwali_balikpapan_14_2022",
        }
    }

    pub fn from_code(s: &str) -> Option<Regulation> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn profile(self) -> &'static Profile {
        match self {
            Regulation::PerwaliBanjarbaru5_2018 => &BANJARBARU,
            Regulation::PerwaliKendari41_2021 => &KENDARI,
            Regulation::PerbupCianjur25_2018 => &CIANJUR,
            Regulation::PergubKalbar177_2021 => &KALBAR,
            Regulation::PerwaliBalikpapan14_2022 => &BALIKPAPAN,
        }
    }
}

impl core::fmt::Display for Regulation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())
    }
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/// Level of the regional government that issued the regulation. Codes match
/// `pemda::Level` (`kota`, `kabupaten`, `provinsi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PemdaLevelHint {
    Kota,
    Kabupaten,
    Provinsi,
}

impl PemdaLevelHint {
    pub fn code(self) -> &'static str {
        match self {
            PemdaLevelHint::Kota => "kota",
            PemdaLevelHint::Kabupaten => "kabupaten",
            PemdaLevelHint::Provinsi => "provinsi",
        }
    }
}

/// Everything the regulations say, for one regulation.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub regulation: Regulation,
    /// Full Indonesian title.
    pub title: &'static str,
    /// Short form used as the prefix of every citation, e.g. `Perwali Banjarbaru 5/2018`.
    pub short_title: &'static str,
    /// e.g. `Kota Banjarbaru`.
    pub region: &'static str,
    /// Province the region belongs to (the region itself for a Pergub).
    pub province: &'static str,
    pub level: PemdaLevelHint,
    pub year: u16,
    /// Date of enactment (ditetapkan), ISO 8601.
    pub enacted_on: &'static str,
    /// Where it was promulgated (Berita Daerah).
    pub gazette: &'static str,
    /// Number of articles actually present in the text.
    pub article_count: u16,
    /// Number of the last article. Differs from `article_count` only for
    /// Cianjur, whose text jumps from Pasal 21 to Pasal 23.
    pub last_article: u16,
    /// Article numbers within `1..=last_article` that do not occur in the text.
    pub missing_articles: &'static [u16],
    /// Earlier regulation this one repeals, with the repealing article.
    pub repeals: Option<Cited>,
    /// Period agencies are given to comply ("ketentuan peralihan"), in years.
    pub transition_period_years: Option<u8>,
    pub transition_period_citation: Option<&'static str>,
    pub labels: Labels,
    /// Which reading of "Walidata" the text uses.
    pub data_terminology: DataTerminology,
    pub data_sharing: DataSharing,
    /// Shortest fixed ICT-audit cycle the text sets, in years (`None`: the
    /// text sets no fixed cycle). Details and citations in `audits`; the
    /// headline citation is `citations.audit_cycle`.
    pub audit_cycle_years: Option<u8>,
    pub audits: &'static [AuditRule],
    /// SPBE-wide monitoring and evaluation (pemantauan dan evaluasi).
    pub monitoring_cycle: Option<MonitoringCycle>,
    /// Planning documents with their terms and review cycles.
    pub planning_documents: &'static [PlanningDocument],
    /// Other recurring obligations with a stated (or explicitly "periodic") interval.
    pub recurring_duties: &'static [RecurringDuty],
    /// Documents an application must be delivered / documented with.
    pub app_documentation_checklist: &'static [DocItem],
    /// Official domain under which agency sites/applications must sit, if named.
    pub official_domain: Option<&'static str>,
    /// Listed violations and their administrative sanctions.
    pub sanctions: &'static [Rule],
    /// Organisational roles and bodies the text names.
    pub roles_named: &'static [&'static str],
    pub citations: Citations,
    /// Known defects of the source text (OCR noise, drafting slips), for reviewers.
    pub text_notes: &'static [&'static str],
}

/// A value with the article it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cited {
    pub value: &'static str,
    pub citation: &'static str,
}

/// Terminology used by the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// Head of the region: `Walikota`, `Wali Kota`, `Bupati`, `Gubernur`.
    pub head_of_region_label: &'static str,
    /// Short name for an agency: `SKPD`, `OPD`, `Perangkat Daerah`, `PD`.
    pub agency_label: &'static str,
    /// Long form of `agency_label`.
    pub agency_label_full: &'static str,
    /// The ICT office, long form, e.g. `Dinas Komunikasi dan Informatika`.
    pub ict_office_label: &'static str,
    /// The ICT office as the text abbreviates it: `DISKOMINFO`, `Dinas`, `Diskominfo`.
    pub ict_office_short: &'static str,
    pub ict_office_citation: &'static str,
    /// `SPBE` or (Cianjur) `E-Government`.
    pub government_system_label: &'static str,
    /// The agency that owns a dataset, as the text calls it.
    pub data_owner_label: &'static str,
    pub data_owner_citation: &'static str,
    /// A separate unit that checks/publishes data, if the text names one.
    pub data_verifier_label: Option<&'static str>,
    /// Name of the coordinator function (`Koordinator SPBE`), if the text sets one.
    pub coordinator_label: Option<&'static str>,
    /// Office holding the coordinator function (`Sekretaris Daerah`).
    pub coordinator_office_label: Option<&'static str>,
    pub coordinator_citation: Option<&'static str>,
    /// Cross-agency body: `Tim Koordinasi SPBE`, `Tim Pengarah TIK`, `Dewan TIK Kota`.
    pub coordination_team_label: Option<&'static str>,
    pub coordination_team_citation: Option<&'static str>,
    /// ICT leadership position (`CIO`, Cianjur only).
    pub ict_leader_label: Option<&'static str>,
    /// Term for an agency operating an electronic system (`PSE`, ...).
    pub system_operator_label: Option<&'static str>,
}

impl Labels {
    /// Label of the data-owning agency under the chosen reading.
    pub fn data_owner_label_for(&self, reading: DataTerminology) -> &'static str {
        match reading {
            DataTerminology::SatuDataIndonesia => "Produsen Data",
            DataTerminology::WalidataAsOwner | DataTerminology::GenericOwner => self.data_owner_label,
        }
    }

    /// Label of the checking/publishing unit under the chosen reading.
    pub fn data_verifier_label_for(&self, reading: DataTerminology) -> Option<&'static str> {
        match reading {
            DataTerminology::SatuDataIndonesia => Some("Walidata"),
            DataTerminology::WalidataAsOwner | DataTerminology::GenericOwner => self.data_verifier_label,
        }
    }
}

/// How "Walidata" is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataTerminology {
    /// "Walidata" is the agency that owns the data (2018 reading).
    WalidataAsOwner,
    /// The text does not use "Walidata"; the owner is named generically
    /// (`PSE`, `PD pengelola data`, `PD pemilik data`).
    GenericOwner,
    /// Satu Data Indonesia (Perpres 39/2019): owner is "Produsen Data",
    /// "Walidata" checks and publishes. No regional text here uses it; a Pemda
    /// may opt into it.
    SatuDataIndonesia,
}

/// Inter-agency data sharing rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DataSharing {
    /// Article obliging agencies to share/provide data with each other.
    pub obligation: Option<&'static str>,
    /// On what basis data is given.
    pub bases: &'static [SharingBasis],
    pub bases_citation: Option<&'static str>,
    /// Article setting out how a request is made.
    pub request_procedure: Option<&'static str>,
    /// To whom the request letter is addressed.
    pub request_addressed_to: Option<&'static str>,
    /// Whether the data owner must receive a copy (tembusan) of the request.
    pub owner_copied_on_request: bool,
    /// Whether the request must attach a statement to protect confidentiality
    /// and not misuse the data.
    pub confidentiality_statement_required: bool,
    /// Minimum contents of the request letter.
    pub request_fields: &'static [DocItem],
    pub request_fields_citation: Option<&'static str>,
    /// Who approves or rejects a request.
    pub approver: Option<ApproverRole>,
    pub approver_label: Option<&'static str>,
    pub approval_citation: Option<&'static str>,
    /// Whether the approval is given on the data owner's (steward's) recommendation.
    pub steward_recommendation_required: bool,
    /// Access to data without the owner's permission (or the head's order) is forbidden.
    pub access_requires_owner_permission: Option<&'static str>,
    /// Access must not change the data (read-only).
    pub read_only_access: Option<&'static str>,
    /// Agencies may not create data of a kind another already holds.
    pub duplicate_data_forbidden: Option<&'static str>,
    /// All data stored in the data centre run by the ICT office.
    pub central_storage: Option<&'static str>,
    /// The ICT office processes data centrally only with the owning agency's consent.
    pub owner_consent_for_central_processing: Option<&'static str>,
    /// Body coordinating data governance between agencies.
    pub governance_coordinator_label: Option<&'static str>,
    pub governance_coordinator_citation: Option<&'static str>,
    /// Who decides a data-use request in Simpul (`sharing`): the text's
    /// approver, or — where the text names none — the Sekretaris Daerah as
    /// Koordinator SPBE, a fallback the `note` states.
    pub data_request_approver: RequestApprover,
    /// Days the owner's recommendation and the decision may take together.
    /// No text sets a term; Simpul's default is 14 days (documented in
    /// ARCHITECTURE.md), after which an unanswered request is a finding.
    pub data_request_response_days: u16,
    /// The article(s) an unanswered data request breaks (the obligation to
    /// serve data, and its sanction where the text has one).
    pub unanswered_request: Option<&'static str>,
}

/// The approver of data-use requests, with where the rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RequestApprover {
    pub role: ApproverRole,
    /// The article naming the approver; `None` where the text is silent.
    pub citation: Option<&'static str>,
    /// Why this approver, in Bahasa Indonesia (says so when it is Simpul's fallback).
    pub note: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingBasis {
    /// "kesepakatan para pihak"
    Agreement,
    /// "kesesuaian dengan SOP" / "SOP berbagi data"
    Sop,
    /// "atas perintah Walikota/Bupati"
    HeadOfRegionOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApproverRole {
    SekretarisDaerah,
    KepalaDaerah,
    IctOffice,
    DataOwner,
}

/// How often something recurs, as the text phrases it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Interval {
    /// At least once every `years` years: "paling sedikit 1 (satu) kali dalam
    /// N tahun", "setiap tahun", "minimal setahun sekali", "paling lama/lambat
    /// N tahun sekali".
    AtLeastEveryYears { years: u8 },
    /// "pada paruh waktu dan tahun terakhir pelaksanaan atau sewaktu-waktu
    /// sesuai kebutuhan".
    MidTermAndFinalYear,
    /// "secara berkala" / "secara teratur": recurring, period not fixed by the text.
    Periodic,
    /// "sewaktu-waktu": whenever needed.
    AsNeeded,
    /// A fixed lead time before an event, e.g. internal audit at the latest
    /// one month before the ICT audit.
    MonthsBefore { months: u8, event: &'static str },
}

impl Interval {
    /// Maximum number of years between occurrences, where the text fixes one.
    pub fn max_years(self) -> Option<u8> {
        match self {
            Interval::AtLeastEveryYears { years } => Some(years),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Infrastructure,
    Application,
    Security,
    /// Internal preparatory audit.
    Internal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AuditRule {
    pub kind: AuditKind,
    /// Indonesian description of the audit and its object.
    pub scope: &'static str,
    pub interval: Interval,
    /// Who carries it out (or plans it), as the text says.
    pub responsible: Option<&'static str>,
    pub citation: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonitoringCycle {
    pub interval: Interval,
    pub performed_by: &'static str,
    pub reports_to: Option<&'static str>,
    pub citation: &'static str,
    pub report_citation: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanningDocument {
    /// Stable snake_case id (shared across regulations for the same kind of document).
    pub code: &'static str,
    /// Name as the text uses it.
    pub name: &'static str,
    /// Term of validity in years.
    pub term_years: Option<u8>,
    pub term_citation: Option<&'static str>,
    /// Review / revision cycle.
    pub review: Option<Interval>,
    pub review_citation: Option<&'static str>,
    /// Monitoring of its implementation, where separately set.
    pub monitoring: Option<Interval>,
    pub monitoring_citation: Option<&'static str>,
    pub prepared_by: Option<&'static str>,
    /// Instrument by which it is established (e.g. `Keputusan Wali Kota`).
    pub established_by: Option<&'static str>,
    /// Main article on the document.
    pub citation: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecurringDuty {
    pub code: &'static str,
    pub label: &'static str,
    pub interval: Interval,
    pub actor: Option<&'static str>,
    pub citation: &'static str,
}

/// One document of a checklist (application documentation, request contents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DocItem {
    /// Stable snake_case id; the same code is reused across regulations for the same document.
    pub code: &'static str,
    /// Indonesian label following the text.
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SanctionKind {
    /// "peringatan lisan"
    SpokenWarning,
    /// "peringatan tulisan berupa surat teguran" / "teguran tertulis"
    WrittenWarning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sanction {
    pub kind: SanctionKind,
    pub label: &'static str,
}

/// A listed violation and its sanction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub code: &'static str,
    /// What is violated, in Indonesian.
    pub violation: &'static str,
    /// The provision whose breach is sanctioned (`None`: any provision).
    pub breached_provision: Option<&'static str>,
    pub sanctions: &'static [Sanction],
    /// `true` when the text lists sanctions non-exhaustively ("diantaranya").
    pub sanctions_open_list: bool,
    pub imposed_by: Option<&'static str>,
    /// Article setting the sanction.
    pub citation: &'static str,
}

/// Article citations for the rules later modules cite. `None`: the
/// regulation has no such article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Citations {
    /// Definitions article.
    pub definitions: &'static str,
    /// No more than one application per function within an agency.
    pub one_app_per_function: Option<&'static str>,
    /// Desktop applications to be developed must become web-based.
    pub web_based_apps: Option<&'static str>,
    /// Agencies must register all ICT devices in the regional asset information
    /// system. (No text sets a yearly cycle for this.)
    pub asset_inventory: Option<&'static str>,
    /// ICT office reports the ICT asset inventory.
    pub asset_inventory_report: Option<&'static str>,
    /// Every data cable labelled with the inter-node address code.
    pub cable_labels: Option<&'static str>,
    /// Agencies hand in their current LAN diagram at least yearly.
    pub lan_diagram_yearly: Option<&'static str>,
    /// Agency sites/applications on subdomains of the official domain.
    pub official_domain: Option<&'static str>,
    /// Official e-mail address for official communication.
    pub official_email: Option<&'static str>,
    /// ICT office's authority over websites/domains.
    pub website_management: Option<&'static str>,
    /// Obligation to share/provide data between agencies.
    pub data_sharing: Option<&'static str>,
    /// Approval of inter-agency data requests.
    pub data_sharing_approval: Option<&'static str>,
    /// Ban on duplicate data.
    pub duplicate_data_forbidden: Option<&'static str>,
    /// Data stored centrally in the data centre.
    pub central_data_storage: Option<&'static str>,
    /// Data classification / confidentiality status.
    pub data_classification: Option<&'static str>,
    /// Data kept current (periodic update): the dataset staleness finding.
    pub data_currency: Option<&'static str>,
    /// Backup obligation.
    pub backup: Option<&'static str>,
    /// Disaster Recovery Center / Pusat Pemulihan Bencana.
    pub disaster_recovery: Option<&'static str>,
    /// Sistem Penghubung Layanan / Government Service Bus.
    pub service_bus: Option<&'static str>,
    /// Applications must be integrable / interoperable.
    pub app_integration: Option<&'static str>,
    /// Open source preferred / legal-or-open-source requirement.
    pub open_source: Option<&'static str>,
    /// Application documentation checklist.
    pub app_documentation: Option<&'static str>,
    /// Application and documents kept in the ICT office's repository.
    pub app_repository: Option<&'static str>,
    /// Copyright of applications belongs to the regional government.
    pub app_copyright: Option<&'static str>,
    /// ICT procurement/system selection verified or approved by the ICT office.
    pub procurement_verification: Option<&'static str>,
    /// ICT office controls internet use and accessible sites.
    pub internet_access_control: Option<&'static str>,
    /// Service level agreement of electronic systems.
    pub service_level_agreement: Option<&'static str>,
    /// PD Mandiri TIK.
    pub pd_mandiri_tik: Option<&'static str>,
    /// Service Desk Tier 1 / Tier 2.
    pub service_desk: Option<&'static str>,
    /// SPBE management areas (risk, security, data, assets, HR, knowledge, change, service).
    pub spbe_management: Option<&'static str>,
    /// Security principles (confidentiality, integrity, availability, authenticity, non-repudiation).
    pub security_principles: Option<&'static str>,
    /// Body responsible for SPBE security.
    pub security_responsible: Option<&'static str>,
    /// Digital signatures.
    pub digital_signature: Option<&'static str>,
    /// Electronic certificates.
    pub electronic_certificate: Option<&'static str>,
    /// ICT audit (general article).
    pub audit: Option<&'static str>,
    /// Headline audit cycle (the one behind `Profile::audit_cycle_years`).
    pub audit_cycle: Option<&'static str>,
    /// SPBE-wide monitoring and evaluation.
    pub monitoring_evaluation: Option<&'static str>,
    /// Coordinator SPBE.
    pub coordinator: Option<&'static str>,
    /// Coordination team / steering body.
    pub coordination_team: Option<&'static str>,
    /// Chief Information Officer.
    pub cio: Option<&'static str>,
    /// Guidance, supervision and control (pembinaan, pengawasan, pengendalian).
    pub supervision: Option<&'static str>,
    /// Administrative sanctions.
    pub sanctions: Option<&'static str>,
}

impl Citations {
    /// Every citation field with its name, in declaration order.
    pub fn entries(&self) -> [(&'static str, Option<&'static str>); 42] {
        [
            ("definitions", Some(self.definitions)),
            ("one_app_per_function", self.one_app_per_function),
            ("web_based_apps", self.web_based_apps),
            ("asset_inventory", self.asset_inventory),
            ("asset_inventory_report", self.asset_inventory_report),
            ("cable_labels", self.cable_labels),
            ("lan_diagram_yearly", self.lan_diagram_yearly),
            ("official_domain", self.official_domain),
            ("official_email", self.official_email),
            ("website_management", self.website_management),
            ("data_sharing", self.data_sharing),
            ("data_sharing_approval", self.data_sharing_approval),
            ("duplicate_data_forbidden", self.duplicate_data_forbidden),
            ("central_data_storage", self.central_data_storage),
            ("data_classification", self.data_classification),
            ("data_currency", self.data_currency),
            ("backup", self.backup),
            ("disaster_recovery", self.disaster_recovery),
            ("service_bus", self.service_bus),
            ("app_integration", self.app_integration),
            ("open_source", self.open_source),
            ("app_documentation", self.app_documentation),
            ("app_repository", self.app_repository),
            ("app_copyright", self.app_copyright),
            ("procurement_verification", self.procurement_verification),
            ("internet_access_control", self.internet_access_control),
            ("service_level_agreement", self.service_level_agreement),
            ("pd_mandiri_tik", self.pd_mandiri_tik),
            ("service_desk", self.service_desk),
            ("spbe_management", self.spbe_management),
            ("security_principles", self.security_principles),
            ("security_responsible", self.security_responsible),
            ("digital_signature", self.digital_signature),
            ("electronic_certificate", self.electronic_certificate),
            ("audit", self.audit),
            ("audit_cycle", self.audit_cycle),
            ("monitoring_evaluation", self.monitoring_evaluation),
            ("coordinator", self.coordinator),
            ("coordination_team", self.coordination_team),
            ("cio", self.cio),
            ("supervision", self.supervision),
            ("sanctions", self.sanctions),
        ]
    }
}

impl Profile {
    /// Every citation string anywhere in the profile (for checks and for
    /// listing sources in the UI).
    pub fn all_citations(&self) -> Vec<&'static str> {
        fn opt(o: Option<&'static str>, v: &mut Vec<&'static str>) {
            if let Some(s) = o {
                v.push(s);
            }
        }
        let mut v: Vec<&'static str> = Vec::new();
        if let Some(r) = self.repeals {
            v.push(r.citation);
        }
        opt(self.transition_period_citation, &mut v);
        let l = &self.labels;
        v.push(l.ict_office_citation);
        v.push(l.data_owner_citation);
        opt(l.coordinator_citation, &mut v);
        opt(l.coordination_team_citation, &mut v);
        let d = &self.data_sharing;
        for c in [
            d.obligation,
            d.bases_citation,
            d.request_procedure,
            d.request_fields_citation,
            d.approval_citation,
            d.access_requires_owner_permission,
            d.read_only_access,
            d.duplicate_data_forbidden,
            d.central_storage,
            d.owner_consent_for_central_processing,
            d.governance_coordinator_citation,
            d.data_request_approver.citation,
            d.unanswered_request,
        ] {
            opt(c, &mut v);
        }
        for a in self.audits {
            v.push(a.citation);
        }
        if let Some(m) = &self.monitoring_cycle {
            v.push(m.citation);
            opt(m.report_citation, &mut v);
        }
        for p in self.planning_documents {
            v.push(p.citation);
            opt(p.term_citation, &mut v);
            opt(p.review_citation, &mut v);
            opt(p.monitoring_citation, &mut v);
        }
        for r in self.recurring_duties {
            v.push(r.citation);
        }
        for r in self.sanctions {
            v.push(r.citation);
            opt(r.breached_provision, &mut v);
        }
        for (_, c) in self.citations.entries() {
            opt(c, &mut v);
        }
        v
    }
}

// ---------------------------------------------------------------------------
// Shared constants
// ---------------------------------------------------------------------------

const SPOKEN_WARNING: Sanction = Sanction { kind: SanctionKind::SpokenWarning, label: "Peringatan lisan" };
const WRITTEN_WARNING_LETTER: Sanction =
    Sanction { kind: SanctionKind::WrittenWarning, label: "Peringatan tulisan berupa surat teguran" };
const WARNINGS_2018: &[Sanction] = &[SPOKEN_WARNING, WRITTEN_WARNING_LETTER];

/// Banjarbaru 13(4) and Cianjur 14(6) share this wording (SDLC hand-over documents).
const SDLC_HANDOVER_2018: &[DocItem] = &[
    DocItem {
        code: "architecture_documents",
        label: "Dokumen arsitektur proses bisnis, arsitektur data, arsitektur aplikasi dan arsitektur infrastruktur",
    },
    DocItem { code: "source_code", label: "Salinan digital kode sumber (copy digital source code)" },
    DocItem { code: "operating_manual", label: "Dokumen manual menjalankan sistem" },
    DocItem {
        code: "test_report",
        label: "Dokumen laporan hasil uji keamanan, performance dan debugging yang dilaksanakan oleh tim penguji dan telah dinyatakan lolos uji",
    },
];

// Citation helpers: each expands to a string literal prefixed with the short title.
macro_rules! bjb {
    ($s:literal) => {
        concat!("Perwali Banjarbaru 5/2018 ", $s)
    };
}
macro_rules! kdi {
    ($s:literal) => {
        concat!("Perwali Kendari 41/2021 ", $s)
    };
}
macro_rules! cjr {
    ($s:literal) => {
        concat!("Perbup Cianjur 25/2018 ", $s)
    };
}
macro_rules! kbr {
    ($s:literal) => {
        concat!("Pergub Kalbar 177/2021 ", $s)
    };
}
macro_rules! bpn {
    ($s:literal) => {
        concat!("Perwali Balikpapan 14/2022 ", $s)
    };
}

// ---------------------------------------------------------------------------
// Perwali Banjarbaru 5/2018
// ---------------------------------------------------------------------------

static BANJARBARU: Profile = Profile {
    regulation: Regulation::PerwaliBanjarbaru5_2018,
    title: "Peraturan Walikota Banjarbaru Nomor 5 Tahun 2018 tentang Penyelenggaraan Sistem Pemerintahan Berbasis Elektronik",
    short_title: "Perwali Banjarbaru 5/2018",
    region: "Kota Banjarbaru",
    province: "Kalimantan Selatan",
    level: PemdaLevelHint::Kota,
    year: 2018,
    enacted_on: "2018-04-06",
    gazette: "Berita Daerah Kota Banjarbaru Tahun 2018 Nomor 5",
    article_count: 20,
    last_article: 20,
    missing_articles: &[],
    repeals: None,
    transition_period_years: Some(1),
    transition_period_citation: Some(bjb!("Pasal 19")),
    labels: Labels {
        head_of_region_label: "Walikota",
        agency_label: "SKPD",
        agency_label_full: "Satuan Kerja Perangkat Daerah",
        ict_office_label: "Dinas Komunikasi dan Informatika",
        ict_office_short: "DISKOMINFO",
        ict_office_citation: bjb!("Pasal 1 angka 5"),
        government_system_label: "SPBE",
        data_owner_label: "Walidata",
        data_owner_citation: bjb!("Pasal 1 angka 16"),
        data_verifier_label: None,
        coordinator_label: None,
        coordinator_office_label: None,
        coordinator_citation: None,
        coordination_team_label: Some("Dewan TIK Kota"),
        coordination_team_citation: Some(bjb!("Pasal 8 ayat (3)")),
        ict_leader_label: None,
        system_operator_label: Some("Penyelenggara TIK"),
    },
    data_terminology: DataTerminology::WalidataAsOwner,
    data_sharing: DataSharing {
        obligation: Some(bjb!("Pasal 11 ayat (1)")),
        bases: &[SharingBasis::Agreement, SharingBasis::Sop, SharingBasis::HeadOfRegionOrder],
        bases_citation: Some(bjb!("Pasal 11 ayat (2)")),
        request_procedure: Some(bjb!("Pasal 12 ayat (1)")),
        request_addressed_to: Some("Sekretaris Daerah"),
        owner_copied_on_request: true,
        confidentiality_statement_required: true,
        request_fields: &[
            DocItem { code: "responsible_person", label: "Penanggung jawab" },
            DocItem { code: "work_unit", label: "Unit kerja" },
            DocItem { code: "purpose", label: "Maksud, tujuan, kegunaan" },
            DocItem { code: "data_type_and_form", label: "Jenis dan bentuk data yang diperlukan" },
        ],
        request_fields_citation: Some(bjb!("Pasal 12 ayat (2)")),
        approver: Some(ApproverRole::SekretarisDaerah),
        approver_label: Some("Sekretaris Daerah"),
        approval_citation: Some(bjb!("Pasal 12 ayat (3)")),
        steward_recommendation_required: true,
        access_requires_owner_permission: Some(bjb!("Pasal 11 ayat (6)")),
        read_only_access: Some(bjb!("Pasal 11 ayat (7)")),
        duplicate_data_forbidden: Some(bjb!("Pasal 11 ayat (3)")),
        central_storage: Some(bjb!("Pasal 11 ayat (5)")),
        owner_consent_for_central_processing: None,
        governance_coordinator_label: None,
        governance_coordinator_citation: None,
        data_request_approver: RequestApprover { role: ApproverRole::SekretarisDaerah, citation: Some(bjb!("Pasal 12 ayat (3)")), note: "Persetujuan atau penolakan diberikan oleh Sekretaris Daerah atas rekomendasi Walidata." },
        data_request_response_days: 14,
        unanswered_request: Some(bjb!("Pasal 11 ayat (1) dan Pasal 18 ayat (1)")),
    },
    audit_cycle_years: None,
    audits: &[],
    monitoring_cycle: None,
    planning_documents: &[
        PlanningDocument {
            code: "master_plan",
            name: "Masterplan TIK",
            term_years: Some(5),
            term_citation: Some(bjb!("Pasal 5 ayat (3)")),
            review: Some(Interval::AtLeastEveryYears { years: 2 }),
            review_citation: Some(bjb!("Pasal 5 ayat (3)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("Pihak Ketiga dan DISKOMINFO dengan melibatkan setiap SKPD"),
            established_by: None,
            citation: bjb!("Pasal 5"),
        },
        PlanningDocument {
            code: "action_plan",
            name: "Rencana aksi pelaksanaan SPBE",
            term_years: None,
            term_citation: None,
            review: None,
            review_citation: None,
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("Setiap SKPD"),
            established_by: None,
            citation: bjb!("Pasal 6"),
        },
    ],
    recurring_duties: &[
        RecurringDuty {
            code: "app_service_monitoring",
            label: "Monitoring evaluasi terhadap penyelenggaraan layanan aplikasi SPBE",
            interval: Interval::Periodic,
            actor: Some("Setiap SKPD"),
            citation: bjb!("Pasal 13 ayat (8)"),
        },
        RecurringDuty {
            code: "website_app_backup",
            label: "Back-up data website dan aplikasi di tiap SKPD (sebelum adanya pusat data di DISKOMINFO)",
            interval: Interval::Periodic,
            actor: Some("Tiap SKPD"),
            citation: bjb!("Pasal 15 ayat (14)"),
        },
    ],
    app_documentation_checklist: SDLC_HANDOVER_2018,
    official_domain: Some("banjarbarukota.go.id"),
    sanctions: &[
        Rule {
            code: "procurement_without_verification",
            violation: "Pengadaan barang/jasa untuk penyelenggaraan SPBE tanpa verifikasi DISKOMINFO",
            breached_provision: Some(bjb!("Pasal 6 ayat (5)")),
            sanctions: WARNINGS_2018,
            sanctions_open_list: false,
            imposed_by: Some("Walikota"),
            citation: bjb!("Pasal 18"),
        },
        Rule {
            code: "data_request_not_served",
            violation: "Tidak melayani permintaan data dan informasi digital dari SKPD lain",
            breached_provision: Some(bjb!("Pasal 11 ayat (1)")),
            sanctions: WARNINGS_2018,
            sanctions_open_list: false,
            imposed_by: Some("Walikota"),
            citation: bjb!("Pasal 18"),
        },
        Rule {
            code: "duplicate_data",
            violation: "Membuat data sejenis dengan data yang sudah dimiliki",
            breached_provision: Some(bjb!("Pasal 11 ayat (3)")),
            sanctions: WARNINGS_2018,
            sanctions_open_list: false,
            imposed_by: Some("Walikota"),
            citation: bjb!("Pasal 18"),
        },
        Rule {
            code: "multiple_apps_same_function",
            violation: "Menggunakan lebih dari satu aplikasi SPBE dalam wilayah kendalinya untuk fungsi yang sama",
            breached_provision: Some(bjb!("Pasal 13 ayat (6)")),
            sanctions: WARNINGS_2018,
            sanctions_open_list: false,
            imposed_by: Some("Walikota"),
            citation: bjb!("Pasal 18"),
        },
        Rule {
            code: "app_monitoring_not_done",
            violation: "Tidak melakukan monitoring evaluasi penyelenggaraan layanan aplikasi SPBE secara berkala",
            breached_provision: Some(bjb!("Pasal 13 ayat (8)")),
            sanctions: WARNINGS_2018,
            sanctions_open_list: false,
            imposed_by: Some("Walikota"),
            citation: bjb!("Pasal 18"),
        },
        Rule {
            code: "ict_assets_not_inventoried",
            violation: "Tidak menginventarisir seluruh perangkat TIK di dalam sistem informasi aset Pemerintah Daerah",
            breached_provision: Some(bjb!("Pasal 15 ayat (10)")),
            sanctions: WARNINGS_2018,
            sanctions_open_list: false,
            imposed_by: Some("Walikota"),
            citation: bjb!("Pasal 18"),
        },
    ],
    roles_named: &[
        "Walikota",
        "Sekretaris Daerah",
        "DISKOMINFO (Dinas Komunikasi dan Informatika)",
        "SKPD",
        "Walidata",
        "Dewan TIK Kota",
        "Penyelenggara TIK",
        "Pengelola komunikasi publik",
        "SKPD yang membidangi Aset Daerah",
        "Badan Kepegawaian Pendidikan dan Pelatihan",
        "Badan Kepegawaian Daerah",
        "Tim penguji",
    ],
    citations: Citations {
        definitions: bjb!("Pasal 1"),
        one_app_per_function: Some(bjb!("Pasal 13 ayat (6)")),
        web_based_apps: Some(bjb!("Pasal 13 ayat (7)")),
        asset_inventory: Some(bjb!("Pasal 15 ayat (10)")),
        asset_inventory_report: Some(bjb!("Pasal 15 ayat (11)")),
        cable_labels: Some(bjb!("Pasal 15 ayat (3)")),
        lan_diagram_yearly: None,
        official_domain: Some(bjb!("Pasal 14 ayat (5)")),
        official_email: None,
        website_management: Some(bjb!("Pasal 14 ayat (1)")),
        data_sharing: Some(bjb!("Pasal 11 ayat (1)")),
        data_sharing_approval: Some(bjb!("Pasal 12 ayat (3)")),
        duplicate_data_forbidden: Some(bjb!("Pasal 11 ayat (3)")),
        central_data_storage: Some(bjb!("Pasal 11 ayat (5)")),
        data_classification: None,
        data_currency: None,
        backup: Some(bjb!("Pasal 15 ayat (14)")),
        disaster_recovery: Some(bjb!("Pasal 15 ayat (13)")),
        service_bus: None,
        app_integration: Some(bjb!("Pasal 13 ayat (2)")),
        open_source: Some(bjb!("Pasal 13 ayat (3)")),
        app_documentation: Some(bjb!("Pasal 13 ayat (4)")),
        app_repository: Some(bjb!("Pasal 13 ayat (5)")),
        app_copyright: Some(bjb!("Pasal 13 ayat (5)")),
        procurement_verification: Some(bjb!("Pasal 6 ayat (5)")),
        internet_access_control: Some(bjb!("Pasal 15 ayat (4)")),
        service_level_agreement: Some(bjb!("Pasal 8 ayat (2) huruf a")),
        pd_mandiri_tik: None,
        service_desk: None,
        spbe_management: None,
        security_principles: None,
        security_responsible: None,
        digital_signature: None,
        electronic_certificate: None,
        audit: None,
        audit_cycle: None,
        monitoring_evaluation: None,
        coordinator: None,
        coordination_team: Some(bjb!("Pasal 8 ayat (3)")),
        cio: None,
        supervision: Some(bjb!("Pasal 17")),
        sanctions: Some(bjb!("Pasal 18")),
    },
    text_notes: &[
        "Pasal 11 ayat (3) reads 'data sejenis yang dimiliki oleh Walikota' and ayat (4) 'data milik Walikota lain'; in context 'Walidata' is probably meant (drafting or OCR slip).",
        "Pasal 15 ayat (3) OCR reads 'jarmgan' and 'alarnat' for 'jaringan' and 'alamat' (label kode alamat antar node).",
        "The text names no Koordinator SPBE and no Tim Koordinasi SPBE; the Sekretaris Daerah appears as approver of data requests (Pasal 12) and recipient of reports (Pasal 6 ayat (2), Pasal 15 ayat (11)).",
        "Pasal 15 ayat (10) requires inventorying ICT devices but sets no yearly cycle.",
    ],
};

// ---------------------------------------------------------------------------
// Perwali Kendari 41/2021
// ---------------------------------------------------------------------------

static KENDARI: Profile = Profile {
    regulation: Regulation::PerwaliKendari41_2021,
    title: "Peraturan Walikota Kendari Nomor 41 Tahun 2021 tentang Penyelenggaraan Sistem Pemerintahan Berbasis Elektronik",
    short_title: "Perwali Kendari 41/2021",
    region: "Kota Kendari",
    province: "Sulawesi Tenggara",
    level: PemdaLevelHint::Kota,
    year: 2021,
    enacted_on: "2021-08-03",
    gazette: "Berita Daerah Kota Kendari Tahun 2021 Nomor 41",
    article_count: 44,
    last_article: 44,
    missing_articles: &[],
    repeals: Some(Cited {
        value: "Peraturan Walikota Kendari Nomor 51 Tahun 2019 tentang Penyelenggaraan Pemerintahan Berbasis Elektronik",
        citation: kdi!("Pasal 44"),
    }),
    transition_period_years: Some(2),
    transition_period_citation: Some(kdi!("Pasal 43")),
    labels: Labels {
        head_of_region_label: "Walikota",
        agency_label: "OPD",
        agency_label_full: "Organisasi Perangkat Daerah",
        ict_office_label: "Dinas Komunikasi dan Informatika",
        ict_office_short: "Dinas Kominfo",
        ict_office_citation: kdi!("Pasal 1 angka 4"),
        government_system_label: "SPBE",
        data_owner_label: "Walidata",
        data_owner_citation: kdi!("Pasal 17 ayat (2)"),
        data_verifier_label: None,
        coordinator_label: None,
        coordinator_office_label: None,
        coordinator_citation: None,
        coordination_team_label: Some("Tim Koordinasi SPBE"),
        coordination_team_citation: Some(kdi!("Pasal 23")),
        ict_leader_label: None,
        system_operator_label: Some("PSE"),
    },
    data_terminology: DataTerminology::WalidataAsOwner,
    data_sharing: DataSharing {
        obligation: Some(kdi!("Pasal 17 ayat (2)")),
        bases: &[SharingBasis::Sop],
        bases_citation: Some(kdi!("Pasal 17 ayat (2)")),
        request_procedure: None,
        request_addressed_to: None,
        owner_copied_on_request: false,
        confidentiality_statement_required: false,
        request_fields: &[],
        request_fields_citation: None,
        approver: None,
        approver_label: None,
        approval_citation: None,
        steward_recommendation_required: false,
        access_requires_owner_permission: None,
        read_only_access: None,
        duplicate_data_forbidden: Some(kdi!("Pasal 17 ayat (3)")),
        central_storage: Some(kdi!("Pasal 17 ayat (5)")),
        owner_consent_for_central_processing: None,
        governance_coordinator_label: Some(
            "Perangkat Daerah yang menyelenggarakan urusan pemerintahan di bidang perencanaan pembangunan daerah",
        ),
        governance_coordinator_citation: Some(kdi!("Pasal 17 ayat (8)")),
        data_request_approver: RequestApprover { role: ApproverRole::SekretarisDaerah, citation: None, note: "Perwali Kendari 41/2021 Pasal 17 ayat (2) mewajibkan berbagi data melalui SOP berbagi data dan Pasal 17 ayat (8) menyerahkan koordinasi tata kelola data kepada PD perencanaan, tetapi tidak menetapkan siapa yang menyetujui permohonan; Simpul memakai Sekretaris Daerah selaku Koordinator SPBE." },
        data_request_response_days: 14,
        unanswered_request: Some(kdi!("Pasal 17 ayat (2)")),
    },
    audit_cycle_years: Some(2),
    audits: &[
        AuditRule {
            kind: AuditKind::Infrastructure,
            scope: "Audit Infrastruktur SPBE",
            interval: Interval::AtLeastEveryYears { years: 2 },
            responsible: Some("Dinas terkait"),
            citation: kdi!("Pasal 35 ayat (1)"),
        },
        AuditRule {
            kind: AuditKind::Application,
            scope: "Audit Aplikasi SPBE terhadap Aplikasi Khusus",
            interval: Interval::AtLeastEveryYears { years: 2 },
            responsible: Some("Dinas Kominfo"),
            citation: kdi!("Pasal 36 ayat (3)"),
        },
        AuditRule {
            kind: AuditKind::Security,
            scope: "Audit keamanan Infrastruktur SPBE Pemerintah Daerah dan Aplikasi Khusus",
            interval: Interval::AtLeastEveryYears { years: 2 },
            responsible: Some("Dinas terkait"),
            citation: kdi!("Pasal 37 ayat (3)"),
        },
    ],
    monitoring_cycle: Some(MonitoringCycle {
        interval: Interval::AtLeastEveryYears { years: 1 },
        performed_by: "Dinas Kominfo",
        reports_to: Some("Walikota"),
        citation: kdi!("Pasal 24 ayat (4)"),
        report_citation: Some(kdi!("Pasal 24 ayat (4)")),
    }),
    planning_documents: &[
        PlanningDocument {
            code: "spbe_architecture",
            name: "Arsitektur SPBE",
            term_years: None,
            term_citation: None,
            review: Some(Interval::MidTermAndFinalYear),
            review_citation: Some(kdi!("Pasal 7 ayat (6)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: None,
            established_by: Some("Keputusan Walikota"),
            citation: kdi!("Pasal 7"),
        },
        PlanningDocument {
            code: "spbe_roadmap",
            name: "Peta Rencana SPBE",
            term_years: Some(5),
            term_citation: Some(kdi!("Pasal 8 ayat (2)")),
            review: Some(Interval::AsNeeded),
            review_citation: Some(kdi!("Pasal 8 ayat (5)")),
            monitoring: Some(Interval::AtLeastEveryYears { years: 1 }),
            monitoring_citation: Some(kdi!("Pasal 8 ayat (4)")),
            prepared_by: None,
            established_by: Some("Keputusan Walikota"),
            citation: kdi!("Pasal 8"),
        },
        PlanningDocument {
            code: "master_plan",
            name: "Rencana Induk SPBE Daerah",
            term_years: Some(5),
            term_citation: Some(kdi!("Pasal 10 ayat (3) huruf e")),
            review: Some(Interval::AtLeastEveryYears { years: 2 }),
            review_citation: Some(kdi!("Pasal 10 ayat (3) huruf e")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some(
                "Dinas Kominfo bersama Perangkat Daerah yang menyelenggarakan urusan pemerintahan di bidang perencanaan pembangunan daerah",
            ),
            established_by: Some("Peraturan Walikota"),
            citation: kdi!("Pasal 10"),
        },
    ],
    recurring_duties: &[
        RecurringDuty {
            code: "website_app_backup",
            label: "Backup data website aplikasi di setiap OPD",
            interval: Interval::Periodic,
            actor: Some("Setiap OPD"),
            citation: kdi!("Pasal 19 ayat (15)"),
        },
        RecurringDuty {
            code: "data_center_backup",
            label: "Pencadangan (back up) data ke dalam server di pusat data",
            interval: Interval::Periodic,
            actor: Some("Setiap OPD"),
            citation: kdi!("Pasal 22 ayat (5)"),
        },
        RecurringDuty {
            code: "agency_spbe_monitoring",
            label: "Pemantauan dan evaluasi secara berkala dan menyeluruh terhadap penyelenggaraan SPBE perangkat daerah",
            interval: Interval::Periodic,
            actor: Some("Pimpinan Perangkat Daerah"),
            citation: kdi!("Pasal 42 ayat (4)"),
        },
    ],
    app_documentation_checklist: &[
        DocItem { code: "software_requirements", label: "Dokumen kebutuhan perangkat lunak" },
        DocItem { code: "architecture_design", label: "Dokumen arsitektur atau desain" },
        DocItem { code: "technical_document", label: "Dokumen teknis" },
        DocItem { code: "user_manual", label: "Dokumen manual" },
        DocItem { code: "source_code", label: "Kode sumber" },
    ],
    official_domain: None,
    sanctions: &[],
    roles_named: &[
        "Walikota",
        "Dinas Komunikasi dan Informatika (Dinas / Dinas Kominfo / OPD Kominfo)",
        "OPD (Organisasi Perangkat Daerah)",
        "PSE (Penyelenggara Sistem Elektronik)",
        "Walidata",
        "Tim Koordinasi SPBE",
        "Komite pengarah SPBE",
        "Pelaksana SPBE",
        "Service Desk Tier 1",
        "Service Desk Tier 2",
        "Teknisi TIK",
        "Perangkat Daerah yang menyelenggarakan urusan pemerintahan di bidang perencanaan pembangunan daerah",
        "Bagian organisasi",
        "OPD yang membidangi Keuangan dan Aset Daerah (Badan Keuangan dan Aset Daerah)",
        "Perangkat Daerah yang berwenang mengelola urusan aparatur Pemerintah Daerah",
        "Lembaga pelaksana Audit Teknologi Informasi dan Komunikasi",
    ],
    citations: Citations {
        definitions: kdi!("Pasal 1"),
        one_app_per_function: None,
        web_based_apps: None,
        asset_inventory: Some(kdi!("Pasal 19 ayat (11)")),
        asset_inventory_report: Some(kdi!("Pasal 19 ayat (12)")),
        cable_labels: Some(kdi!("Pasal 19 ayat (2)")),
        lan_diagram_yearly: None,
        official_domain: None,
        official_email: None,
        website_management: Some(kdi!("Pasal 20 ayat (1)")),
        data_sharing: Some(kdi!("Pasal 17 ayat (2)")),
        data_sharing_approval: None,
        duplicate_data_forbidden: Some(kdi!("Pasal 17 ayat (3)")),
        central_data_storage: Some(kdi!("Pasal 17 ayat (5)")),
        data_classification: Some(kdi!("Pasal 14 ayat (7)")),
        data_currency: None,
        backup: Some(kdi!("Pasal 22 ayat (5)")),
        disaster_recovery: Some(kdi!("Pasal 19 ayat (14)")),
        service_bus: Some(kdi!("Pasal 19 ayat (1) huruf b")),
        app_integration: Some(kdi!("Pasal 18 ayat (2)")),
        open_source: Some(kdi!("Pasal 18 ayat (3)")),
        app_documentation: Some(kdi!("Pasal 18 ayat (4)")),
        app_repository: Some(kdi!("Pasal 18 ayat (8)")),
        app_copyright: Some(kdi!("Pasal 18 ayat (8)")),
        procurement_verification: Some(kdi!("Pasal 10 ayat (6)")),
        internet_access_control: Some(kdi!("Pasal 19 ayat (5)")),
        service_level_agreement: None,
        pd_mandiri_tik: None,
        service_desk: Some(kdi!("Pasal 33 ayat (7)")),
        spbe_management: Some(kdi!("Pasal 25")),
        security_principles: Some(kdi!("Pasal 2 ayat (8)")),
        security_responsible: None,
        digital_signature: Some(kdi!("Pasal 41 ayat (2)")),
        electronic_certificate: Some(kdi!("Pasal 14 ayat (2)")),
        audit: Some(kdi!("Pasal 34")),
        audit_cycle: Some(kdi!("Pasal 36 ayat (3)")),
        monitoring_evaluation: Some(kdi!("Pasal 24 ayat (4)")),
        coordinator: None,
        coordination_team: Some(kdi!("Pasal 23")),
        cio: None,
        supervision: Some(kdi!("Pasal 38")),
        sanctions: None,
    },
    text_notes: &[
        "Pasal 19 ayat (2) and ayat (4) are identical (cable labels) and read 'kode alamat antar kode', probably meant 'antar node' as in the other texts.",
        "Pasal 12 ayat (2) and ayat (3) are identical.",
        "'Walidata' is defined in Pasal 1 angka 35 as the network node that manages data and metadata, but Pasal 14 ayat (8) ('pemilik data (Walidata)') and Pasal 17 ayat (2) use it for the data-owning PSE; the profile follows the operative articles.",
        "The text has no data-request approval procedure, no sanctions article, and names no Koordinator SPBE; Pasal 42 ayat (2) has a 'Komite pengarah SPBE' coordinate monitoring.",
        "Pasal 7 does not state a term for the Arsitektur SPBE; only its review points (Pasal 7 ayat (6)).",
        "Pasal 1 angka 6 reads 'OPS' for 'OPD'.",
    ],
};

// ---------------------------------------------------------------------------
// Perbup Cianjur 25/2018
// ---------------------------------------------------------------------------

static CIANJUR: Profile = Profile {
    regulation: Regulation::PerbupCianjur25_2018,
    title: "Peraturan Bupati Cianjur Nomor 25 Tahun 2018 tentang Penyelenggaraan E-Government",
    short_title: "Perbup Cianjur 25/2018",
    region: "Kabupaten Cianjur",
    province: "Jawa Barat",
    level: PemdaLevelHint::Kabupaten,
    year: 2018,
    enacted_on: "2018-04-26",
    gazette: "Berita Daerah Kabupaten Cianjur Tahun 2018 Nomor 25",
    article_count: 22,
    last_article: 23,
    missing_articles: &[22],
    repeals: None,
    transition_period_years: Some(1),
    transition_period_citation: Some(cjr!("Pasal 21")),
    labels: Labels {
        head_of_region_label: "Bupati",
        agency_label: "Perangkat Daerah",
        agency_label_full: "Perangkat Daerah",
        ict_office_label: "Perangkat daerah yang membidangi urusan komunikasi, informatika, persandian dan statistik",
        ict_office_short: "Dinas",
        ict_office_citation: cjr!("Pasal 1 angka 6"),
        government_system_label: "E-Government",
        data_owner_label: "PSE",
        data_owner_citation: cjr!("Pasal 13 ayat (5)"),
        data_verifier_label: None,
        coordinator_label: None,
        coordinator_office_label: None,
        coordinator_citation: None,
        coordination_team_label: Some("Tim Pengarah TIK"),
        coordination_team_citation: Some(cjr!("Pasal 10")),
        ict_leader_label: Some("CIO"),
        system_operator_label: Some("PSE"),
    },
    data_terminology: DataTerminology::GenericOwner,
    data_sharing: DataSharing {
        obligation: Some(cjr!("Pasal 13 ayat (5)")),
        bases: &[SharingBasis::Agreement, SharingBasis::Sop, SharingBasis::HeadOfRegionOrder],
        bases_citation: Some(cjr!("Pasal 13 ayat (6)")),
        request_procedure: None,
        request_addressed_to: None,
        owner_copied_on_request: false,
        confidentiality_statement_required: false,
        request_fields: &[],
        request_fields_citation: None,
        approver: None,
        approver_label: None,
        approval_citation: None,
        steward_recommendation_required: false,
        access_requires_owner_permission: None,
        read_only_access: None,
        duplicate_data_forbidden: None,
        central_storage: Some(cjr!("Pasal 13 ayat (9)")),
        owner_consent_for_central_processing: None,
        governance_coordinator_label: None,
        governance_coordinator_citation: None,
        data_request_approver: RequestApprover { role: ApproverRole::SekretarisDaerah, citation: None, note: "Perbup Cianjur 25/2018 mewajibkan berbagi data (Pasal 13 ayat (5)) tetapi tidak menetapkan siapa yang menyetujui permohonan; Simpul memakai Sekretaris Daerah selaku Koordinator SPBE." },
        data_request_response_days: 14,
        unanswered_request: Some(cjr!("Pasal 13 ayat (5)")),
    },
    audit_cycle_years: None,
    audits: &[],
    monitoring_cycle: None,
    planning_documents: &[PlanningDocument {
        code: "master_plan",
        name: "Rencana induk pengembangan teknologi informasi dan komunikasi",
        term_years: Some(5),
        term_citation: Some(cjr!("Pasal 5 ayat (2) huruf c")),
        review: Some(Interval::AtLeastEveryYears { years: 2 }),
        review_citation: Some(cjr!("Pasal 5 ayat (2) huruf c")),
        monitoring: None,
        monitoring_citation: None,
        prepared_by: Some("Dinas"),
        established_by: Some("Peraturan Bupati"),
        citation: cjr!("Pasal 5"),
    }],
    recurring_duties: &[RecurringDuty {
        code: "sop_review",
        label: "Tinjauan terhadap SOP dan perbaikan jika perlu",
        interval: Interval::AtLeastEveryYears { years: 1 },
        actor: Some("Setiap PSE"),
        citation: cjr!("Pasal 8 ayat (5)"),
    }],
    app_documentation_checklist: SDLC_HANDOVER_2018,
    official_domain: Some("cianjurkab.go.id"),
    sanctions: &[Rule {
        code: "any_violation",
        violation: "Pelanggaran terhadap ketentuan dalam Peraturan Bupati ini",
        breached_provision: None,
        sanctions: WARNINGS_2018,
        sanctions_open_list: true,
        imposed_by: Some("Bupati"),
        citation: cjr!("Pasal 20"),
    }],
    roles_named: &[
        "Bupati",
        "Dinas (perangkat daerah yang membidangi urusan komunikasi, informatika, persandian dan statistik)",
        "Perangkat Daerah",
        "PSE (Penyelenggara Sistem Elektronik)",
        "CIO (Chief Information Officer)",
        "Wakil CIO",
        "Tim Pengarah TIK",
        "Sekretariat Daerah",
        "Pengelola komunikasi publik",
        "SDM TIK",
        "Tim penguji",
    ],
    citations: Citations {
        definitions: cjr!("Pasal 1"),
        one_app_per_function: None,
        web_based_apps: None,
        asset_inventory: Some(cjr!("Pasal 18 ayat (1)")),
        asset_inventory_report: None,
        cable_labels: Some(cjr!("Pasal 17 ayat (4)")),
        lan_diagram_yearly: None,
        official_domain: Some(cjr!("Pasal 15 ayat (5)")),
        official_email: None,
        website_management: Some(cjr!("Pasal 15 ayat (1)")),
        data_sharing: Some(cjr!("Pasal 13 ayat (5)")),
        data_sharing_approval: None,
        duplicate_data_forbidden: None,
        central_data_storage: Some(cjr!("Pasal 13 ayat (9)")),
        data_classification: None,
        data_currency: None,
        backup: Some(cjr!("Pasal 16 ayat (3)")),
        disaster_recovery: Some(cjr!("Pasal 16 ayat (3)")),
        service_bus: None,
        app_integration: Some(cjr!("Pasal 14 ayat (3)")),
        open_source: Some(cjr!("Pasal 14 ayat (5)")),
        app_documentation: Some(cjr!("Pasal 14 ayat (6)")),
        app_repository: Some(cjr!("Pasal 14 ayat (7)")),
        app_copyright: Some(cjr!("Pasal 14 ayat (7)")),
        procurement_verification: None,
        internet_access_control: Some(cjr!("Pasal 16 ayat (4)")),
        service_level_agreement: None,
        pd_mandiri_tik: None,
        service_desk: None,
        spbe_management: None,
        security_principles: None,
        security_responsible: None,
        digital_signature: None,
        electronic_certificate: None,
        audit: None,
        audit_cycle: None,
        monitoring_evaluation: None,
        coordinator: None,
        coordination_team: Some(cjr!("Pasal 10")),
        cio: Some(cjr!("Pasal 9")),
        supervision: Some(cjr!("Pasal 19")),
        sanctions: Some(cjr!("Pasal 20")),
    },
    text_notes: &[
        "The text has no Pasal 22: Pasal 21 is followed by Pasal 23.",
        "Pasal 1 opens 'Dalam Peraturan Daerah ini' although the instrument is a Peraturan Bupati; Pasal 5 ayat (1) refers to 'Pasal 5 4 huruf a' (meant: Pasal 4 huruf a).",
        "The text does not use 'Walidata'; the data-owning agency is the PSE (Pasal 1 angka 20, Pasal 13 ayat (5)).",
        "Pasal 14 ayat (4) allows integration via middleware but the text names no Sistem Penghubung Layanan / service bus.",
        "Pasal 20 sanctions any violation of the Peraturan Bupati; the list of sanctions is non-exhaustive ('diantaranya').",
    ],
};

// ---------------------------------------------------------------------------
// Pergub Kalbar 177/2021
// ---------------------------------------------------------------------------

static KALBAR: Profile = Profile {
    regulation: Regulation::PergubKalbar177_2021,
    title: "Peraturan Gubernur Kalimantan Barat Nomor 177 Tahun 2021 tentang Sistem Pemerintahan Berbasis Elektronik",
    short_title: "Pergub Kalbar 177/2021",
    region: "Provinsi Kalimantan Barat",
    province: "Kalimantan Barat",
    level: PemdaLevelHint::Provinsi,
    year: 2021,
    enacted_on: "2021-09-24",
    gazette: "Berita Daerah Provinsi Kalimantan Barat Tahun 2021 Nomor 177",
    article_count: 45,
    last_article: 45,
    missing_articles: &[],
    repeals: None,
    transition_period_years: None,
    transition_period_citation: None,
    labels: Labels {
        head_of_region_label: "Gubernur",
        agency_label: "PD",
        agency_label_full: "Perangkat Daerah",
        ict_office_label: "Dinas Komunikasi dan Informatika",
        ict_office_short: "Dinas",
        ict_office_citation: kbr!("Pasal 1 angka 10"),
        government_system_label: "SPBE",
        data_owner_label: "PD pengelola data",
        data_owner_citation: kbr!("Pasal 11 ayat (7)"),
        data_verifier_label: None,
        coordinator_label: Some("Koordinator SPBE"),
        coordinator_office_label: Some("Sekretaris Daerah"),
        coordinator_citation: Some(kbr!("Pasal 37 ayat (4)")),
        coordination_team_label: Some("Tim Koordinasi SPBE Pemerintah Daerah"),
        coordination_team_citation: Some(kbr!("Pasal 5 ayat (8)")),
        ict_leader_label: None,
        system_operator_label: None,
    },
    data_terminology: DataTerminology::GenericOwner,
    data_sharing: DataSharing {
        obligation: Some(kbr!("Pasal 11 ayat (3)")),
        bases: &[],
        bases_citation: None,
        request_procedure: None,
        request_addressed_to: None,
        owner_copied_on_request: false,
        confidentiality_statement_required: false,
        request_fields: &[],
        request_fields_citation: None,
        approver: None,
        approver_label: None,
        approval_citation: None,
        steward_recommendation_required: false,
        access_requires_owner_permission: None,
        read_only_access: None,
        duplicate_data_forbidden: None,
        central_storage: Some(kbr!("Pasal 11 ayat (4)")),
        owner_consent_for_central_processing: None,
        governance_coordinator_label: Some(
            "Perangkat daerah yang melaksanakan fungsi penunjang perencanaan pembangunan daerah",
        ),
        governance_coordinator_citation: Some(kbr!("Pasal 11 ayat (6) huruf a")),
        data_request_approver: RequestApprover { role: ApproverRole::SekretarisDaerah, citation: None, note: "Pergub Kalbar 177/2021 mewajibkan berbagi data (Pasal 11 ayat (3)) tetapi tidak menetapkan siapa yang menyetujui permohonan; Simpul memakai Sekretaris Daerah selaku Koordinator SPBE." },
        data_request_response_days: 14,
        unanswered_request: Some(kbr!("Pasal 11 ayat (3)")),
    },
    audit_cycle_years: None,
    audits: &[
        AuditRule {
            kind: AuditKind::Infrastructure,
            scope: "Audit Infrastruktur SPBE",
            interval: Interval::Periodic,
            responsible: Some(
                "Lembaga pelaksana audit teknologi informasi dan komunikasi pemerintah atau yang terakreditasi",
            ),
            citation: kbr!("Pasal 36 ayat (1)"),
        },
        AuditRule {
            kind: AuditKind::Application,
            scope: "Audit Aplikasi SPBE",
            interval: Interval::Periodic,
            responsible: Some(
                "Lembaga pelaksana audit teknologi informasi dan komunikasi pemerintah atau yang terakreditasi",
            ),
            citation: kbr!("Pasal 36 ayat (1)"),
        },
        AuditRule {
            kind: AuditKind::Security,
            scope: "Audit keamanan SPBE",
            interval: Interval::Periodic,
            responsible: Some(
                "Lembaga pelaksana audit teknologi informasi dan komunikasi pemerintah atau yang terakreditasi",
            ),
            citation: kbr!("Pasal 36 ayat (1)"),
        },
        AuditRule {
            kind: AuditKind::Internal,
            scope: "Audit internal sebagai persiapan audit teknologi informasi dan komunikasi",
            interval: Interval::MonthsBefore { months: 1, event: "audit teknologi informasi dan komunikasi" },
            responsible: Some("PD yang menyelenggarakan tugas dan fungsi di bidang teknologi informasi dan komunikasi"),
            citation: kbr!("Pasal 36 ayat (5)"),
        },
    ],
    monitoring_cycle: Some(MonitoringCycle {
        interval: Interval::AtLeastEveryYears { years: 1 },
        performed_by: "Koordinator SPBE",
        reports_to: None,
        citation: kbr!("Pasal 44 ayat (2)"),
        report_citation: None,
    }),
    planning_documents: &[
        PlanningDocument {
            code: "spbe_architecture",
            name: "Arsitektur SPBE Pemerintah Daerah",
            term_years: Some(5),
            term_citation: Some(kbr!("Pasal 5 ayat (2)")),
            review: Some(Interval::MidTermAndFinalYear),
            review_citation: Some(kbr!("Pasal 5 ayat (6)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: None,
            established_by: Some("Gubernur"),
            citation: kbr!("Pasal 5"),
        },
        PlanningDocument {
            code: "spbe_roadmap",
            name: "Peta Rencana SPBE Pemerintah Daerah",
            term_years: Some(5),
            term_citation: Some(kbr!("Pasal 6 ayat (3)")),
            review: Some(Interval::MidTermAndFinalYear),
            review_citation: Some(kbr!("Pasal 6 ayat (6)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: None,
            established_by: Some("Gubernur"),
            citation: kbr!("Pasal 6"),
        },
        PlanningDocument {
            code: "spbe_plan_budget",
            name: "Rencana dan anggaran SPBE Pemerintah Daerah",
            term_years: Some(1),
            term_citation: Some(kbr!("Pasal 7 ayat (1)")),
            review: None,
            review_citation: None,
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("Dikoordinasikan oleh Dinas dan PD yang bertanggung jawab di bidang perencanaan pembangunan daerah"),
            established_by: None,
            citation: kbr!("Pasal 7"),
        },
    ],
    recurring_duties: &[
        RecurringDuty {
            code: "public_data_update",
            label: "Pemutakhiran data dan informasi publik yang disediakan PD",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: Some("PD"),
            citation: kbr!("Pasal 11 ayat (5)"),
        },
        RecurringDuty {
            code: "app_development_review",
            label: "Reviu dan evaluasi pembangunan aplikasi SPBE",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: None,
            citation: kbr!("Pasal 19 ayat (12)"),
        },
        RecurringDuty {
            code: "vulnerability_assessment",
            label: "Assessment kerentanan keamanan sistem SPBE secara teratur sesuai dengan kebutuhan",
            interval: Interval::Periodic,
            actor: Some("Dinas"),
            citation: kbr!("Pasal 23 ayat (1) huruf d"),
        },
        RecurringDuty {
            code: "security_management_monitoring",
            label: "Monitoring dan evaluasi penerapan manajemen keamanan informasi",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: None,
            citation: kbr!("Pasal 29 ayat (5)"),
        },
        RecurringDuty {
            code: "data_management_monitoring",
            label: "Monitoring dan evaluasi penerapan manajemen data",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: None,
            citation: kbr!("Pasal 30 ayat (5)"),
        },
        RecurringDuty {
            code: "ict_asset_management_monitoring",
            label: "Monitoring dan evaluasi penerapan manajemen aset teknologi informasi dan komunikasi",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: None,
            citation: kbr!("Pasal 31 ayat (5)"),
        },
        RecurringDuty {
            code: "hr_management_monitoring",
            label: "Monitoring dan evaluasi penerapan manajemen sumber daya manusia",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: None,
            citation: kbr!("Pasal 32 ayat (6)"),
        },
    ],
    app_documentation_checklist: &[
        DocItem { code: "functions_and_modules", label: "Fungsi dan modul yang terdapat dalam aplikasi" },
        DocItem {
            code: "software_architecture_diagram",
            label: "Diagram arsitektur piranti lunak (UML, Data Flow Diagram, Activity Diagram, State Transition Diagram, atau Flowchart Diagram)",
        },
        DocItem {
            code: "database_structure",
            label: "Struktur basis data dan relasinya (Entity Relationship Diagram atau Class Diagram)",
        },
        DocItem { code: "data_flow_diagram", label: "Diagram alir data (Data Flow Diagram)" },
        DocItem { code: "user_interface", label: "User interface" },
        DocItem { code: "technical_specification", label: "Spesifikasi teknis aplikasi" },
        DocItem {
            code: "installation_maintenance_manual",
            label: "Manual instalasi dan konfigurasi serta pemeliharaan melalui backup dan restore system, penggunaan aplikasi paling sedikit pada penggunaan admin dan user",
        },
        DocItem { code: "security_implementation", label: "Penerapan keamanan sistem" },
    ],
    official_domain: None,
    sanctions: &[],
    roles_named: &[
        "Gubernur",
        "Wakil Gubernur",
        "Sekretaris Daerah",
        "Koordinator SPBE",
        "Tim Koordinasi SPBE Pemerintah Daerah",
        "Dinas Komunikasi dan Informatika (Dinas)",
        "PD (Perangkat Daerah)",
        "Unit Kerja",
        "PD pengelola data",
        "Perangkat Daerah yang menyelenggarakan tugas pemerintahan di bidang persandian",
        "Perangkat daerah yang melaksanakan fungsi penunjang perencanaan pembangunan daerah",
        "Biro yang menyelenggarakan urusan pemerintahan di bidang aparatur negara",
        "PD yang menyelenggarakan tugas dan fungsi di bidang teknologi informasi dan komunikasi",
        "Lembaga pelaksana audit teknologi informasi dan komunikasi",
    ],
    citations: Citations {
        definitions: kbr!("Pasal 1"),
        one_app_per_function: None,
        web_based_apps: None,
        asset_inventory: None,
        asset_inventory_report: None,
        cable_labels: None,
        lan_diagram_yearly: None,
        official_domain: None,
        official_email: None,
        website_management: None,
        data_sharing: Some(kbr!("Pasal 11 ayat (3)")),
        data_sharing_approval: None,
        duplicate_data_forbidden: None,
        central_data_storage: Some(kbr!("Pasal 11 ayat (4)")),
        data_classification: Some(kbr!("Pasal 11 ayat (7) huruf c")),
        data_currency: Some(kbr!("Pasal 11 ayat (5)")),
        backup: Some(kbr!("Pasal 11 ayat (7) huruf e")),
        disaster_recovery: Some(kbr!("Pasal 13 ayat (4)")),
        service_bus: Some(kbr!("Pasal 12 ayat (4) dan Pasal 15")),
        app_integration: Some(kbr!("Pasal 19 ayat (8)")),
        open_source: Some(kbr!("Pasal 19 ayat (4)")),
        app_documentation: Some(kbr!("Pasal 19 ayat (10)")),
        app_repository: None,
        app_copyright: Some(kbr!("Pasal 19 ayat (11)")),
        procurement_verification: Some(kbr!("Pasal 16 ayat (4)")),
        internet_access_control: None,
        service_level_agreement: None,
        pd_mandiri_tik: None,
        service_desk: None,
        spbe_management: Some(kbr!("Pasal 27")),
        security_principles: Some(kbr!("Pasal 20 ayat (1)")),
        security_responsible: Some(kbr!("Pasal 21")),
        digital_signature: Some(kbr!("Pasal 20 ayat (6)")),
        electronic_certificate: None,
        audit: Some(kbr!("Pasal 36")),
        audit_cycle: None,
        monitoring_evaluation: Some(kbr!("Pasal 44 ayat (2)")),
        coordinator: Some(kbr!("Pasal 37 ayat (4)")),
        coordination_team: Some(kbr!("Pasal 5 ayat (8)")),
        cio: None,
        supervision: None,
        sanctions: None,
    },
    text_notes: &[
        "ICT audit is required 'secara berkala' (Pasal 36 ayat (1)) with no fixed number of years; audit_cycle_years is therefore None.",
        "The text does not use 'Walidata'; it speaks of 'PD pengelola data' (Pasal 11 ayat (6) huruf b, ayat (7)).",
        "No inter-agency data-request procedure, cable-label, domain, asset-inventory or sanctions article.",
        "Page footers ('KARO HUKUM | PERANGKAT DAERAH PEMRAKARSA | ASISTEN I | SEKDA') are OCR noise; a stray '(4) Penjaminan ketersediaan ...' line inside Pasal 19 belongs to Pasal 20 ayat (4).",
        "Pasal 19 ayat (10) huruf b reads 'Unified Manipulation Language (UML)'.",
        "Pasal 26 ayat (1) (layanan administrasi pemerintahan) refers to Pasal 25 ayat (3) and lists public-service sectors; apparently a drafting slip.",
    ],
};

// ---------------------------------------------------------------------------
// Perwali Balikpapan 14/2022
// ---------------------------------------------------------------------------

static BALIKPAPAN: Profile = Profile {
    regulation: Regulation::PerwaliBalikpapan14_2022,
    title: "Peraturan Wali Kota Balikpapan Nomor 14 Tahun 2022 tentang Penyelenggaraan Sistem Pemerintahan Berbasis Elektronik di Daerah",
    short_title: "Perwali Balikpapan 14/2022",
    region: "Kota Balikpapan",
    province: "Kalimantan Timur",
    level: PemdaLevelHint::Kota,
    year: 2022,
    enacted_on: "2022-08-22",
    gazette: "Berita Daerah Kota Balikpapan Tahun 2022 Nomor 14",
    article_count: 56,
    last_article: 56,
    missing_articles: &[],
    repeals: Some(Cited {
        value: "Peraturan Wali Kota Balikpapan Nomor 31 Tahun 2020 tentang Sistem Pemerintahan Berbasis Elektronik dalam Penyelenggaraan Pemerintahan Daerah",
        citation: bpn!("Pasal 55"),
    }),
    transition_period_years: None,
    transition_period_citation: None,
    labels: Labels {
        head_of_region_label: "Wali Kota",
        agency_label: "PD",
        agency_label_full: "Perangkat Daerah",
        ict_office_label: "Dinas Komunikasi dan Informatika",
        ict_office_short: "Diskominfo",
        ict_office_citation: bpn!("Pasal 1 angka 6"),
        government_system_label: "SPBE",
        data_owner_label: "PD pemilik data",
        data_owner_citation: bpn!("Pasal 20 ayat (2)"),
        data_verifier_label: None,
        coordinator_label: Some("Koordinator SPBE"),
        coordinator_office_label: Some("Sekretaris Daerah"),
        coordinator_citation: Some(bpn!("Pasal 51 ayat (8)")),
        coordination_team_label: Some("Tim Koordinasi SPBE"),
        coordination_team_citation: Some(bpn!("Pasal 51")),
        ict_leader_label: None,
        system_operator_label: None,
    },
    data_terminology: DataTerminology::GenericOwner,
    data_sharing: DataSharing {
        obligation: Some(bpn!("Pasal 15 ayat (4)")),
        bases: &[],
        bases_citation: None,
        request_procedure: None,
        request_addressed_to: None,
        owner_copied_on_request: false,
        confidentiality_statement_required: false,
        request_fields: &[],
        request_fields_citation: None,
        approver: None,
        approver_label: None,
        approval_citation: None,
        steward_recommendation_required: false,
        access_requires_owner_permission: None,
        read_only_access: None,
        duplicate_data_forbidden: None,
        central_storage: Some(bpn!("Pasal 20 ayat (1)")),
        owner_consent_for_central_processing: Some(bpn!("Pasal 20 ayat (2)")),
        governance_coordinator_label: Some("Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan"),
        governance_coordinator_citation: Some(bpn!("Pasal 15 ayat (6)")),
        data_request_approver: RequestApprover { role: ApproverRole::SekretarisDaerah, citation: None, note: "Perwali Balikpapan 14/2022 Pasal 15 ayat (4) mengutamakan bagi pakai data dan ayat (6) menyerahkan koordinasi tata kelola data kepada Bappeda Litbang, tetapi tidak menetapkan siapa yang menyetujui permohonan; Simpul memakai Sekretaris Daerah selaku Koordinator SPBE." },
        data_request_response_days: 14,
        unanswered_request: Some(bpn!("Pasal 15 ayat (4)")),
    },
    audit_cycle_years: Some(2),
    audits: &[
        AuditRule {
            kind: AuditKind::Infrastructure,
            scope: "Audit Infrastruktur SPBE",
            interval: Interval::AtLeastEveryYears { years: 2 },
            responsible: Some("Diskominfo (merencanakan pelaksanaan)"),
            citation: bpn!("Pasal 48 ayat (1)"),
        },
        AuditRule {
            kind: AuditKind::Application,
            scope: "Audit Aplikasi SPBE terhadap Aplikasi Khusus",
            interval: Interval::AtLeastEveryYears { years: 2 },
            responsible: Some("Diskominfo (merencanakan pelaksanaan)"),
            citation: bpn!("Pasal 49 ayat (2)"),
        },
        AuditRule {
            kind: AuditKind::Security,
            scope: "Audit Keamanan SPBE terhadap Infrastruktur SPBE dan Aplikasi Khusus",
            interval: Interval::AtLeastEveryYears { years: 2 },
            responsible: Some("Pemerintah Daerah melalui Diskominfo (merencanakan pelaksanaan)"),
            citation: bpn!("Pasal 50 ayat (2)"),
        },
    ],
    monitoring_cycle: Some(MonitoringCycle {
        interval: Interval::AtLeastEveryYears { years: 1 },
        performed_by: "Tim Asesor Internal",
        reports_to: Some("Wali Kota melalui Koordinator SPBE"),
        citation: bpn!("Pasal 53 ayat (1)"),
        report_citation: Some(bpn!("Pasal 53 ayat (5)")),
    }),
    planning_documents: &[
        PlanningDocument {
            code: "spbe_architecture",
            name: "Arsitektur SPBE",
            term_years: Some(5),
            term_citation: Some(bpn!("Pasal 7 ayat (3)")),
            review: Some(Interval::AtLeastEveryYears { years: 1 }),
            review_citation: Some(bpn!("Pasal 8 ayat (1)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("Disupervisi oleh Tim Koordinasi SPBE"),
            established_by: Some("Keputusan Wali Kota"),
            citation: bpn!("Pasal 7"),
        },
        PlanningDocument {
            code: "spbe_roadmap",
            name: "Peta Rencana SPBE",
            term_years: Some(5),
            term_citation: Some(bpn!("Pasal 10 ayat (3)")),
            review: Some(Interval::AtLeastEveryYears { years: 1 }),
            review_citation: Some(bpn!("Pasal 11 ayat (1)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("Dikoordinir oleh Diskominfo"),
            established_by: Some("Keputusan Wali Kota"),
            citation: bpn!("Pasal 10"),
        },
        PlanningDocument {
            code: "spbe_plan_budget",
            name: "Rencana dan anggaran SPBE",
            term_years: Some(1),
            term_citation: Some(bpn!("Pasal 12 ayat (1)")),
            review: None,
            review_citation: None,
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("PD"),
            established_by: None,
            citation: bpn!("Pasal 12"),
        },
        PlanningDocument {
            code: "business_process",
            name: "Proses Bisnis",
            term_years: None,
            term_citation: None,
            review: Some(Interval::AtLeastEveryYears { years: 1 }),
            review_citation: Some(bpn!("Pasal 14 ayat (2)")),
            monitoring: None,
            monitoring_citation: None,
            prepared_by: Some("Setiap PD Pemilik Layanan SPBE; Bagian Organisasi untuk tingkat kota"),
            established_by: Some("Keputusan Wali Kota"),
            citation: bpn!("Pasal 13"),
        },
    ],
    recurring_duties: &[
        RecurringDuty {
            code: "data_center_backup",
            label: "Pencadangan (back-up) data ke dalam server di Pusat Data Pemerintah Daerah",
            interval: Interval::Periodic,
            actor: Some("Setiap PD"),
            citation: bpn!("Pasal 21 ayat (1)"),
        },
        RecurringDuty {
            code: "data_center_review",
            label: "Reviu dan evaluasi terhadap penggunaan layanan Pusat Data",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: Some("Diskominfo"),
            citation: bpn!("Pasal 19 ayat (13)"),
        },
        RecurringDuty {
            code: "intranet_review",
            label: "Reviu dan evaluasi terhadap penggunaan Layanan Intra Pemerintah Daerah",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: Some("Diskominfo"),
            citation: bpn!("Pasal 23 ayat (7)"),
        },
        RecurringDuty {
            code: "lan_diagram_submission",
            label: "Penyerahan diagram Jaringan Intra PD (LAN) terkini kepada Diskominfo",
            interval: Interval::AtLeastEveryYears { years: 1 },
            actor: Some("Setiap PD"),
            citation: bpn!("Pasal 25 ayat (1)"),
        },
    ],
    app_documentation_checklist: &[
        DocItem { code: "software_requirements", label: "Dokumen spesifikasi kebutuhan perangkat lunak" },
        DocItem { code: "user_manual", label: "Dokumen manual penggunaan" },
        DocItem { code: "source_code", label: "Kode sumber dengan penjelasan fungsi masing-masing prosedur" },
    ],
    official_domain: Some("balikpapan.go.id"),
    sanctions: &[Rule {
        code: "official_subdomain_not_used",
        violation: "Tidak menggunakan sub domain dari balikpapan.go.id untuk Aplikasi SPBE dan situs layanan informasi yang dikelola",
        breached_provision: Some(bpn!("Pasal 30 ayat (1)")),
        sanctions: &[Sanction { kind: SanctionKind::WrittenWarning, label: "Teguran tertulis" }],
        sanctions_open_list: false,
        imposed_by: None,
        citation: bpn!("Pasal 30 ayat (5)"),
    }],
    roles_named: &[
        "Wali Kota",
        "Sekretaris Daerah",
        "Koordinator SPBE",
        "Tim Koordinasi SPBE",
        "Diskominfo (Dinas Komunikasi dan Informatika)",
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
        "Badan Keuangan dan Aset Daerah",
        "Bagian Organisasi",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "PD (Perangkat Daerah)",
        "PD Mandiri TIK",
        "PD Pemilik Layanan",
        "PD pemilik data",
        "SDM TIK",
        "Service Desk Tier 1",
        "Service Desk Tier 2",
        "Komite Manajemen Risiko",
        "Unit Kepatuhan Risiko",
        "Tim auditor teknologi informasi dan komunikasi internal",
        "Auditor teknologi informasi dan komunikasi eksternal",
        "Tim Asesor Internal",
    ],
    citations: Citations {
        definitions: bpn!("Pasal 1"),
        one_app_per_function: None,
        web_based_apps: None,
        asset_inventory: None,
        asset_inventory_report: None,
        cable_labels: None,
        lan_diagram_yearly: Some(bpn!("Pasal 25 ayat (1)")),
        official_domain: Some(bpn!("Pasal 30 ayat (1)")),
        official_email: Some(bpn!("Pasal 30 ayat (2)")),
        website_management: Some(bpn!("Pasal 30 ayat (4)")),
        data_sharing: Some(bpn!("Pasal 15 ayat (4)")),
        data_sharing_approval: None,
        duplicate_data_forbidden: None,
        central_data_storage: Some(bpn!("Pasal 20 ayat (1)")),
        data_classification: Some(bpn!("Pasal 16 ayat (3) huruf a")),
        data_currency: Some(bpn!("Pasal 15 ayat (7)")),
        backup: Some(bpn!("Pasal 21 ayat (1)")),
        disaster_recovery: None,
        service_bus: Some(bpn!("Pasal 18 ayat (1) huruf c dan Pasal 26")),
        app_integration: Some(bpn!("Pasal 37")),
        open_source: Some(bpn!("Pasal 28 ayat (3)")),
        app_documentation: Some(bpn!("Pasal 28 ayat (7)")),
        app_repository: Some(bpn!("Pasal 29 ayat (1)")),
        app_copyright: Some(bpn!("Pasal 29 ayat (2)")),
        procurement_verification: None,
        internet_access_control: None,
        service_level_agreement: None,
        pd_mandiri_tik: Some(bpn!("Pasal 52")),
        service_desk: Some(bpn!("Pasal 46 ayat (7)")),
        spbe_management: Some(bpn!("Pasal 38")),
        security_principles: Some(bpn!("Pasal 31 ayat (1)")),
        security_responsible: None,
        digital_signature: Some(bpn!("Pasal 31 ayat (6)")),
        electronic_certificate: Some(bpn!("Pasal 32 ayat (2) huruf c")),
        audit: Some(bpn!("Pasal 47")),
        audit_cycle: Some(bpn!("Pasal 49 ayat (2)")),
        monitoring_evaluation: Some(bpn!("Pasal 53 ayat (1)")),
        coordinator: Some(bpn!("Pasal 51 ayat (8)")),
        coordination_team: Some(bpn!("Pasal 51")),
        cio: None,
        supervision: None,
        sanctions: Some(bpn!("Pasal 30 ayat (5)")),
    },
    text_notes: &[
        "The audit articles (Pasal 48 ayat (1), 49 ayat (2), 50 ayat (2)) say Diskominfo 'merencanakan pelaksanaan' (plans) the audits at least once every 2 years.",
        "The text cites Perpres 39/2019 (Satu Data Indonesia) but does not use 'Walidata' or 'Produsen Data'; the owner is 'PD pemilik data' (Pasal 20 ayat (2)).",
        "Pasal 34 ayat (4) names the SPBE portal as 'https://bsw.balikipapan.go.id' (sic).",
        "Chapter numbering jumps from BAB V to BAB VII; Pasal 46 ayat (1) refers to 'Pasal 38 ayat (2) huruf h' (meant: ayat (1)).",
        "The only sanction is a written warning for not using the official subdomain (Pasal 30 ayat (5)); the imposing authority is not named.",
    ],
};

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_snake_case(s: &str) -> bool {
        !s.is_empty()
            && !s.starts_with('_')
            && !s.ends_with('_')
            && !s.contains("__")
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }

    #[test]
    fn codes_round_trip() {
        let mut seen = HashSet::new();
        for r in Regulation::ALL {
            assert_eq!(Regulation::from_code(r.code()), Some(r));
            assert!(is_snake_case(r.code()), "{}", r.code());
            assert!(seen.insert(r.code()));
            assert_eq!(r.to_string(), r.code());
        }
        assert_eq!(Regulation::from_code("perwali_banjarbaru_5_2018"), Some(Regulation::PerwaliBanjarbaru5_2018));
        assert_eq!(Regulation::from_code(""), None);
        assert_eq!(Regulation::from_code("Perwali_Banjarbaru_5_2018"), None);
        assert_eq!(Regulation::from_code("perwali_banjarbaru5_2018"), None);
    }

    #[test]
    fn serde_code_matches_code() {
        for r in Regulation::ALL {
            let json = serde_json::to_string(&r).ok();
            assert_eq!(json, Some(format!("\"{}\"", r.code())));
            let back: Option<Regulation> = serde_json::from_str(&format!("\"{}\"", r.code())).ok();
            assert_eq!(back, Some(r));
        }
    }

    #[test]
    fn profiles_belong_to_their_regulation() {
        for r in Regulation::ALL {
            let p = r.profile();
            assert_eq!(p.regulation, r);
            assert!(p.title.starts_with("Peraturan "));
            assert!(p.title.contains(&format!("Tahun {}", p.year)));
            assert!(r.code().ends_with(&p.year.to_string()));
            assert!(p.article_count <= p.last_article);
            assert_eq!(usize::from(p.last_article - p.article_count), p.missing_articles.len());
        }
    }

    #[test]
    fn every_profile_has_a_checklist() {
        for r in Regulation::ALL {
            let p = r.profile();
            assert!(!p.app_documentation_checklist.is_empty(), "{}", r);
            let mut codes = HashSet::new();
            for d in p.app_documentation_checklist.iter().chain(p.data_sharing.request_fields) {
                assert!(is_snake_case(d.code), "{}: {}", r, d.code);
                assert!(!d.label.is_empty());
                assert!(codes.insert(d.code), "{}: duplicate {}", r, d.code);
            }
            assert!(p.citations.app_documentation.is_some(), "{}", r);
        }
    }

    #[test]
    fn every_citation_starts_with_short_title() {
        for r in Regulation::ALL {
            let p = r.profile();
            let cites = p.all_citations();
            assert!(cites.len() > 10, "{}", r);
            for c in cites {
                assert!(c.starts_with(p.short_title), "{}: {}", r, c);
                assert!(c[p.short_title.len()..].starts_with(" Pasal "), "{}: {}", r, c);
            }
        }
    }

    /// Every "Pasal N" in a citation names an article that exists in the text.
    #[test]
    fn cited_articles_exist() {
        for r in Regulation::ALL {
            let p = r.profile();
            for c in p.all_citations() {
                let mut rest = c;
                let mut found = 0;
                while let Some(i) = rest.find("Pasal ") {
                    rest = &rest[i + "Pasal ".len()..];
                    let digits: String = rest.chars().take_while(|ch| ch.is_ascii_digit()).collect();
                    let n: u16 = digits.parse().unwrap_or(0);
                    assert!(n >= 1 && n <= p.last_article, "{}: {}", r, c);
                    assert!(!p.missing_articles.contains(&n), "{}: {}", r, c);
                    found += 1;
                }
                assert!(found >= 1, "{}: {}", r, c);
            }
        }
    }

    #[test]
    fn codes_are_stable_snake_case() {
        for r in Regulation::ALL {
            let p = r.profile();
            let mut seen = HashSet::new();
            for s in p.sanctions {
                assert!(is_snake_case(s.code), "{}", s.code);
                assert!(seen.insert(s.code));
                assert!(!s.sanctions.is_empty());
            }
            let mut seen = HashSet::new();
            for d in p.planning_documents {
                assert!(is_snake_case(d.code), "{}", d.code);
                assert!(seen.insert(d.code));
            }
            let mut seen = HashSet::new();
            for d in p.recurring_duties {
                assert!(is_snake_case(d.code), "{}", d.code);
                assert!(seen.insert(d.code));
            }
        }
    }

    #[test]
    fn audit_cycle_is_consistent_with_audits() {
        for r in Regulation::ALL {
            let p = r.profile();
            let shortest = p.audits.iter().filter_map(|a| a.interval.max_years()).min();
            assert_eq!(p.audit_cycle_years, shortest, "{}", r);
            assert_eq!(p.audit_cycle_years.is_some(), p.citations.audit_cycle.is_some(), "{}", r);
        }
    }

    #[test]
    fn key_facts() {
        let bjb = Regulation::PerwaliBanjarbaru5_2018.profile();
        assert_eq!(bjb.data_sharing.approver, Some(ApproverRole::SekretarisDaerah));
        assert!(bjb.data_sharing.steward_recommendation_required);
        assert_eq!(bjb.labels.data_owner_label, "Walidata");
        assert_eq!(bjb.citations.one_app_per_function, Some("Perwali Banjarbaru 5/2018 Pasal 13 ayat (6)"));
        assert_eq!(bjb.citations.cable_labels, Some("Perwali Banjarbaru 5/2018 Pasal 15 ayat (3)"));
        assert_eq!(bjb.app_documentation_checklist.len(), 4);

        let kdi = Regulation::PerwaliKendari41_2021.profile();
        assert_eq!(kdi.audit_cycle_years, Some(2));
        assert_eq!(kdi.citations.audit_cycle, Some("Perwali Kendari 41/2021 Pasal 36 ayat (3)"));
        assert_eq!(kdi.app_documentation_checklist.len(), 5);

        let cjr = Regulation::PerbupCianjur25_2018.profile();
        assert_eq!(cjr.labels.ict_leader_label, Some("CIO"));
        assert_eq!(cjr.article_count, 22);
        assert_eq!(cjr.missing_articles, &[22]);

        let kbr = Regulation::PergubKalbar177_2021.profile();
        assert_eq!(kbr.labels.coordinator_office_label, Some("Sekretaris Daerah"));
        assert_eq!(kbr.app_documentation_checklist.len(), 8);
        assert_eq!(kbr.audit_cycle_years, None);

        let bpn = Regulation::PerwaliBalikpapan14_2022.profile();
        assert_eq!(bpn.audit_cycle_years, Some(2));
        assert_eq!(bpn.citations.pd_mandiri_tik, Some("Perwali Balikpapan 14/2022 Pasal 52"));
        assert_eq!(bpn.citations.lan_diagram_yearly, Some("Perwali Balikpapan 14/2022 Pasal 25 ayat (1)"));
        assert_eq!(bpn.app_documentation_checklist.len(), 3);
    }

    /// `Citations::entries` lists every field of `Citations` (kept in sync with serde).
    #[test]
    fn citation_entries_cover_all_fields() {
        let c = &Regulation::PerwaliBalikpapan14_2022.profile().citations;
        let Some(serde_json::Value::Object(map)) = serde_json::to_value(c).ok() else {
            panic!("citations did not serialize to an object");
        };
        let names: Vec<&str> = c.entries().iter().map(|(n, _)| *n).collect();
        assert_eq!(map.len(), names.len());
        for n in names {
            assert!(map.contains_key(n), "{}", n);
        }
    }

    #[test]
    fn terminology_readings() {
        let bjb = &Regulation::PerwaliBanjarbaru5_2018.profile().labels;
        assert_eq!(bjb.data_owner_label_for(DataTerminology::WalidataAsOwner), "Walidata");
        assert_eq!(bjb.data_verifier_label_for(DataTerminology::WalidataAsOwner), None);
        assert_eq!(bjb.data_owner_label_for(DataTerminology::SatuDataIndonesia), "Produsen Data");
        assert_eq!(bjb.data_verifier_label_for(DataTerminology::SatuDataIndonesia), Some("Walidata"));
    }

    #[test]
    fn profiles_serialize_to_json() {
        for r in Regulation::ALL {
            let v = serde_json::to_value(r.profile()).ok();
            let Some(v) = v else {
                panic!("{} did not serialize", r);
            };
            assert_eq!(v.get("regulation").and_then(|x| x.as_str()), Some(r.code()));
            assert_eq!(v.get("level").and_then(|x| x.as_str()), Some(r.profile().level.code()));
        }
        let i = serde_json::to_string(&Interval::AtLeastEveryYears { years: 2 }).ok();
        assert_eq!(i.as_deref(), Some(r#"{"kind":"at_least_every_years","years":2}"#));
    }
}
