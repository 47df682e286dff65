//! Roles the regulations name, and the one place that decides who may do what.
//!
//! Deny by default: [`Principal::can`] answers `false` unless a rule below
//! allows the action.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Kepala Daerah (Wali Kota / Bupati / Gubernur).
    KepalaDaerah,
    /// Sekretaris Daerah, Koordinator SPBE.
    SekretarisDaerah,
    /// Anggota Tim Koordinasi SPBE.
    TimKoordinasi,
    /// Administrator at Diskominfo, the ICT office that operates Simpul.
    AdminDiskominfo,
    /// Kepala Perangkat Daerah (agency head). Agency-scoped.
    KepalaPd,
    /// Walidata / data steward. Agency-scoped.
    Walidata,
    /// Operator of an agency. Agency-scoped.
    OperatorPd,
    /// Service Desk Tier 1, in each agency. Agency-scoped.
    ServiceDeskT1,
    /// Service Desk Tier 2, at Diskominfo.
    ServiceDeskT2,
    /// Auditor TIK internal.
    AuditorTik,
    /// Asesor internal (SPBE self-assessment).
    AsesorInternal,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::KepalaDaerah,
        Role::SekretarisDaerah,
        Role::TimKoordinasi,
        Role::AdminDiskominfo,
        Role::KepalaPd,
        Role::Walidata,
        Role::OperatorPd,
        Role::ServiceDeskT1,
        Role::ServiceDeskT2,
        Role::AuditorTik,
        Role::AsesorInternal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::KepalaDaerah => "kepala_daerah",
            Role::SekretarisDaerah => "sekretaris_daerah",
            Role::TimKoordinasi => "tim_koordinasi",
            Role::AdminDiskominfo => "admin_diskominfo",
            Role::KepalaPd => "kepala_pd",
            Role::Walidata => "walidata",
            Role::OperatorPd => "operator_pd",
            Role::ServiceDeskT1 => "service_desk_t1",
            Role::ServiceDeskT2 => "service_desk_t2",
            Role::AuditorTik => "auditor_tik",
            Role::AsesorInternal => "asesor_internal",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Indonesian label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::KepalaDaerah => "Kepala Daerah",
            Role::SekretarisDaerah => "Sekretaris Daerah / Koordinator SPBE",
            Role::TimKoordinasi => "Anggota Tim Koordinasi SPBE",
            Role::AdminDiskominfo => "Administrator Diskominfo",
            Role::KepalaPd => "Kepala Perangkat Daerah",
            Role::Walidata => "Walidata",
            Role::OperatorPd => "Operator PD",
            Role::ServiceDeskT1 => "Service Desk Tier 1",
            Role::ServiceDeskT2 => "Service Desk Tier 2 (Diskominfo)",
            Role::AuditorTik => "Auditor TIK Internal",
            Role::AsesorInternal => "Asesor Internal",
        }
    }

    /// Whether the role is held for one agency (and needs one).
    pub fn agency_scoped(self) -> bool {
        matches!(self, Role::KepalaPd | Role::Walidata | Role::OperatorPd | Role::ServiceDeskT1)
    }
}

/// A role held by an account, with its agency where the role is scoped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub agency_id: Option<i64>,
}

/// What a credential may do beyond the account's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Read-only: only safe methods.
    Read,
    /// Everything the account's roles allow.
    Write,
}

impl TokenScope {
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            _ => None,
        }
    }
}

/// Who is acting: a signed-in account, with its grants.
#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    pub account_id: i64,
    pub username: String,
    pub display_name: String,
    /// The agency of the account's person, if any.
    pub agency_id: Option<i64>,
    pub grants: Vec<Grant>,
    pub must_change_password: bool,
}

/// Things a principal may try to do. Agency-specific actions carry the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the internal directory: agencies, units, people, dashboard.
    ViewDirectory,
    /// Change the Pemda profile.
    ManageProfile,
    /// Create or (de)activate agencies; change any agency.
    ManageAgencies,
    /// Change one agency's details, units, contacts and people.
    EditAgency(i64),
    /// Create accounts, assign roles, reset passwords.
    ManageAccounts,
    /// Read the audit trail.
    ViewAudit,
    /// Register or change one agency's applications (Aplikasi SPBE).
    ManageApplications(i64),
    /// Record an application audit (date and result). Audits of Aplikasi
    /// Khusus are Diskominfo's (Perwali Kendari 41/2021 Pasal 36 ayat (3),
    /// Perwali Balikpapan 14/2022 Pasal 49 ayat (2)), so agencies cannot
    /// clear an overdue-audit finding themselves.
    RecordAppAudit,
    /// Manage one agency's LAN: its network devices and their ports, its data
    /// cables and their labels, and its LAN diagram. Kepala PD and Operator PD
    /// of the agency (each PD hands in its own diagram: Perwali Balikpapan
    /// 14/2022 Pasal 25), and Diskominfo, which may inspect and run every
    /// agency's LAN (Pasal 23 ayat (6) huruf c, Pasal 24 ayat (2)).
    ManageLan(i64),
    /// Manage the WAN between agencies (Jaringan Antar PD) and the Pemda's
    /// cable-label scheme: Diskominfo only (Perwali Balikpapan 14/2022
    /// Pasal 23 ayat (6) huruf a).
    ManageWan,
    /// Register or change one agency's ICT assets and software licences
    /// (inventaris aset TIK). Each agency inventories its own ICT devices
    /// (Perwali Banjarbaru 5/2018 Pasal 15 ayat (10)); Diskominfo reports on
    /// all of them (ayat (11)).
    ManageAssets(i64),
    /// Register and change the data centre: sites, rooms, racks, physical
    /// servers, VPS and which applications run on them. Diskominfo runs the
    /// Pusat Data and provides the VPS (Perwali Balikpapan 14/2022 Pasal 19
    /// ayat (4) and (11)); agencies read it.
    ManageDataCentre,
    /// Register or change one agency's subdomains: the agency answers for
    /// what runs on them (Perwali Balikpapan 14/2022 Pasal 30 ayat (3)).
    ManageSubdomains(i64),
    /// Set the official e-mail domain: Diskominfo sets and manages domain
    /// names (Perwali Balikpapan 14/2022 Pasal 30 ayat (4)).
    ManageDomainNames,
    /// Read the findings (Temuan). Findings are a governance matter of the
    /// whole Pemda, so every signed-in user sees all of them.
    ViewFindings,
    /// Register or change one agency's services on the Sistem Penghubung
    /// Layanan: the providing agency's Kepala PD and Operator PD, and
    /// Diskominfo, which builds and runs the bus (Perwali Balikpapan 14/2022
    /// Pasal 26 ayat (3)–(4)). Every signed-in user reads the catalogue.
    ManageServices(i64),
    /// Register one agency's consuming clients, issue and revoke their API
    /// keys, and ask for access rights on their behalf: the consuming
    /// agency's Kepala PD and Operator PD, and Diskominfo. Keys are visible
    /// only to those who hold this right.
    ManageClients(i64),
    /// Approve, reject or revoke access to one agency's services: the
    /// providing agency's Kepala PD and Operator PD, and Diskominfo.
    DecideGrant(i64),
    /// Register or change one agency's datasets and upload their versions
    /// (Pusat Data catalogue). The owning agency keeps its data: its
    /// Walidata, Kepala PD and Operator PD (Perwali Banjarbaru 5/2018
    /// Pasal 11 ayat (2), Perwali Balikpapan 14/2022 Pasal 16 ayat (1));
    /// Diskominfo runs the Pusat Data that holds all of it (Pergub Kalbar
    /// 177/2021 Pasal 11 ayat (4)). Reading is decided by the dataset's
    /// classification: `datasets::can_read`.
    ManageDatasets(i64),
    /// File a data-use request on behalf of one agency: its Kepala PD
    /// ("Pimpinan SKPD", Perwali Banjarbaru 5/2018 Pasal 12 ayat (1)) or its
    /// Walidata as the head's delegate for data matters. Operators do not
    /// sign the statement for the agency.
    RequestData(i64),
    /// Recommend (or advise against) a request for one agency's data: the
    /// owner's Walidata (Pasal 12 ayat (3)); the Kepala PD who leads it too.
    RecommendDataRequest(i64),
    /// Decide a data-use request: the approver role the profile names
    /// (`sharing::approver_role`), with the owning agency for agency-scoped
    /// approvers.
    DecideDataRequest { approver: Role, owner: i64 },
    /// Revoke access granted to one agency's data and read its read log:
    /// the owner's Kepala PD and Walidata (access needs the Walidata's
    /// permission, Pasal 11 ayat (6)), and Diskominfo.
    ManageDataGrants(i64),
    /// Use a grant held by one agency (create API tokens scoped to it): that
    /// agency's Kepala PD, Walidata and Operator PD.
    UseDataGrant(i64),
}

impl Principal {
    pub fn has(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn has_for(&self, role: Role, agency: i64) -> bool {
        self.grants.iter().any(|g| g.role == role && g.agency_id == Some(agency))
    }

    pub fn is_admin(&self) -> bool {
        self.has(Role::AdminDiskominfo)
    }

    /// Whether some agency exists for which `action(agency)` is allowed: the
    /// coarse check made before looking at a request that names its agency
    /// in the body.
    pub fn can_for_some_agency(&self, action: fn(i64) -> Action) -> bool {
        self.is_admin() || self.grants.iter().filter_map(|g| g.agency_id).any(|a| self.can(action(a)))
    }

    pub fn can(&self, action: Action) -> bool {
        if self.is_admin() {
            return true;
        }
        match action {
            Action::ViewDirectory => true,
            Action::ManageProfile | Action::ManageAgencies | Action::ManageAccounts => false,
            Action::EditAgency(a) | Action::ManageApplications(a) | Action::ManageAssets(a) | Action::ManageSubdomains(a) => self.has_for(Role::KepalaPd, a) || self.has_for(Role::OperatorPd, a),
            Action::RecordAppAudit | Action::ManageDataCentre | Action::ManageDomainNames => false,
            Action::ManageServices(a) | Action::ManageClients(a) | Action::DecideGrant(a) => self.has_for(Role::KepalaPd, a) || self.has_for(Role::OperatorPd, a),
            Action::ManageLan(a) => self.has_for(Role::KepalaPd, a) || self.has_for(Role::OperatorPd, a),
            Action::ManageWan => false,
            Action::ViewFindings => true,
            Action::ManageDatasets(a) => self.has_for(Role::Walidata, a) || self.has_for(Role::KepalaPd, a) || self.has_for(Role::OperatorPd, a),
            Action::RequestData(a) => self.has_for(Role::KepalaPd, a) || self.has_for(Role::Walidata, a),
            Action::RecommendDataRequest(a) | Action::ManageDataGrants(a) => self.has_for(Role::Walidata, a) || self.has_for(Role::KepalaPd, a),
            Action::DecideDataRequest { approver, owner } => if approver.agency_scoped() { self.has_for(approver, owner) } else { self.has(approver) },
            Action::UseDataGrant(a) => self.has_for(Role::KepalaPd, a) || self.has_for(Role::Walidata, a) || self.has_for(Role::OperatorPd, a),
            Action::ViewAudit => {
                self.has(Role::KepalaDaerah) || self.has(Role::SekretarisDaerah) || self.has(Role::AuditorTik) || self.has(Role::AsesorInternal)
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A principal holding `grants` (for tests of authorization rules).
    pub(crate) fn p(grants: &[(Role, Option<i64>)]) -> Principal {
        Principal {
            account_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            agency_id: None,
            grants: grants.iter().map(|(role, agency_id)| Grant { role: *role, agency_id: *agency_id }).collect(),
            must_change_password: false,
        }
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(serde_json::to_value(r).ok(), Some(serde_json::Value::String(r.code().into())));
        }
    }

    #[test]
    fn operator_edits_only_own_agency() {
        let op = p(&[(Role::OperatorPd, Some(7))]);
        assert!(op.can(Action::EditAgency(7)));
        assert!(!op.can(Action::EditAgency(8)));
        assert!(!op.can(Action::ManageAgencies));
        assert!(!op.can(Action::ViewAudit));
        assert!(op.can(Action::ManageApplications(7)));
        assert!(!op.can(Action::ManageApplications(8)));
        assert!(!op.can(Action::RecordAppAudit));
        assert!(op.can(Action::ViewFindings));
        assert!(op.can(Action::ManageAssets(7)) && !op.can(Action::ManageAssets(8)));
        assert!(!p(&[(Role::AuditorTik, None), (Role::Walidata, Some(7)), (Role::ServiceDeskT1, Some(7))]).can(Action::ManageAssets(7)));
        assert!(!p(&[(Role::AuditorTik, None)]).can(Action::ManageApplications(7)));
        assert!(p(&[(Role::AdminDiskominfo, None)]).can(Action::RecordAppAudit));
        assert!(op.can_for_some_agency(Action::EditAgency));
        assert!(!p(&[(Role::Walidata, Some(7)), (Role::SekretarisDaerah, None)]).can_for_some_agency(Action::EditAgency));
        assert!(p(&[(Role::AdminDiskominfo, None)]).can_for_some_agency(Action::ManageApplications));
    }

    #[test]
    fn lan_is_the_agency_s_wan_is_diskominfo_s() {
        let op = p(&[(Role::OperatorPd, Some(7))]);
        let head = p(&[(Role::KepalaPd, Some(7))]);
        let admin = p(&[(Role::AdminDiskominfo, None)]);
        for who in [&op, &head, &admin] {
            assert!(who.can(Action::ManageLan(7)));
            assert!(who.can_for_some_agency(Action::ManageLan));
        }
        assert!(!op.can(Action::ManageLan(8)));
        assert!(!head.can(Action::ManageLan(8)));
        assert!(admin.can(Action::ManageLan(8)));
        assert!(admin.can(Action::ManageWan));
        for r in Role::ALL.into_iter().filter(|r| *r != Role::AdminDiskominfo) {
            let who = p(&[(r, Some(7))]);
            assert!(!who.can(Action::ManageWan), "{r:?}");
            assert_eq!(who.can(Action::ManageLan(7)), matches!(r, Role::KepalaPd | Role::OperatorPd), "{r:?}");
            assert!(!who.can(Action::ManageLan(8)), "{r:?}");
        }
    }

    #[test]
    fn data_centre_is_diskominfo_subdomains_are_the_agency_s() {
        let admin = p(&[(Role::AdminDiskominfo, None)]);
        assert!(admin.can(Action::ManageDataCentre) && admin.can(Action::ManageDomainNames) && admin.can(Action::ManageSubdomains(8)));
        for who in [(Role::OperatorPd, Some(7)), (Role::KepalaPd, Some(7))] {
            let pd = p(&[who]);
            assert!(pd.can(Action::ManageSubdomains(7)));
            assert!(!pd.can(Action::ManageSubdomains(8)));
            assert!(!pd.can(Action::ManageDataCentre));
            assert!(!pd.can(Action::ManageDomainNames));
            assert!(pd.can(Action::ViewDirectory));
        }
        for r in [Role::Walidata, Role::ServiceDeskT1] {
            assert!(!p(&[(r, Some(7))]).can(Action::ManageSubdomains(7)), "{r:?}");
        }
        for r in [Role::KepalaDaerah, Role::SekretarisDaerah, Role::TimKoordinasi, Role::ServiceDeskT2, Role::AuditorTik, Role::AsesorInternal] {
            let other = p(&[(r, None)]);
            assert!(!other.can(Action::ManageDataCentre) && !other.can(Action::ManageDomainNames) && !other.can_for_some_agency(Action::ManageSubdomains), "{r:?}");
        }
    }

    #[test]
    fn service_bus_rights_belong_to_the_provider_and_the_consumer() {
        for act in [Action::ManageServices as fn(i64) -> Action, Action::ManageClients, Action::DecideGrant] {
            for who in [(Role::OperatorPd, Some(7)), (Role::KepalaPd, Some(7))] {
                let pd = p(&[who]);
                assert!(pd.can(act(7)) && !pd.can(act(8)) && pd.can_for_some_agency(act));
            }
            assert!(p(&[(Role::AdminDiskominfo, None)]).can(act(8)));
            for r in [Role::Walidata, Role::ServiceDeskT1, Role::KepalaDaerah, Role::AuditorTik, Role::ServiceDeskT2] {
                assert!(!p(&[(r, Some(7))]).can(act(7)), "{r:?}");
            }
        }
    }

    #[test]
    fn datasets_are_the_owning_agency_s() {
        for r in [Role::Walidata, Role::KepalaPd, Role::OperatorPd] {
            let who = p(&[(r, Some(7))]);
            assert!(who.can(Action::ManageDatasets(7)), "{r:?}");
            assert!(!who.can(Action::ManageDatasets(8)), "{r:?}");
            assert!(who.can_for_some_agency(Action::ManageDatasets), "{r:?}");
        }
        assert!(p(&[(Role::AdminDiskominfo, None)]).can(Action::ManageDatasets(8)));
        for r in [Role::ServiceDeskT1, Role::KepalaDaerah, Role::SekretarisDaerah, Role::TimKoordinasi, Role::ServiceDeskT2, Role::AuditorTik, Role::AsesorInternal] {
            let who = p(&[(r, Some(7))]);
            assert!(!who.can(Action::ManageDatasets(7)) && !who.can_for_some_agency(Action::ManageDatasets), "{r:?}");
        }
    }

    #[test]
    fn data_requests_follow_banjarbaru_pasal_12() {
        let head = p(&[(Role::KepalaPd, Some(7))]);
        let steward = p(&[(Role::Walidata, Some(7))]);
        let op = p(&[(Role::OperatorPd, Some(7))]);
        let sekda = p(&[(Role::SekretarisDaerah, None)]);
        for who in [&head, &steward] {
            assert!(who.can(Action::RequestData(7)) && !who.can(Action::RequestData(8)));
            assert!(who.can(Action::RecommendDataRequest(7)) && !who.can(Action::RecommendDataRequest(8)));
            assert!(who.can(Action::ManageDataGrants(7)) && !who.can(Action::ManageDataGrants(8)));
            assert!(!who.can(Action::DecideDataRequest { approver: Role::SekretarisDaerah, owner: 7 }));
        }
        assert!(!op.can(Action::RequestData(7)) && !op.can(Action::RecommendDataRequest(7)) && op.can(Action::UseDataGrant(7)) && !op.can(Action::UseDataGrant(8)));
        assert!(sekda.can(Action::DecideDataRequest { approver: Role::SekretarisDaerah, owner: 7 }));
        assert!(!sekda.can(Action::RequestData(7)) && !sekda.can(Action::RecommendDataRequest(7)));
        assert!(head.can(Action::DecideDataRequest { approver: Role::KepalaPd, owner: 7 }) && !head.can(Action::DecideDataRequest { approver: Role::KepalaPd, owner: 8 }));
    }

    #[test]
    fn admin_can_everything_and_nobody_else_manages_accounts() {
        assert!(p(&[(Role::AdminDiskominfo, None)]).can(Action::ManageAccounts));
        for r in Role::ALL.into_iter().filter(|r| *r != Role::AdminDiskominfo) {
            assert!(!p(&[(r, Some(1))]).can(Action::ManageAccounts), "{r:?}");
        }
    }
}
