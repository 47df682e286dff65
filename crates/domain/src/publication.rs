//! Publication of datasets on the open-data portal (issue 4 §4): who moves
//! a dataset between `draf`, `diajukan` and `terbit`, and from which state.
//!
//! * The owning agency submits: its Walidata / steward, Kepala PD or
//!   Operator PD (`Action::ManageDatasets`). Diskominfo may not touch an
//!   agency's data without the owner's permission (Perwali Banjarbaru
//!   5/2018 Pasal 11 ayat (6); Perwali Balikpapan 14/2022 Pasal 20 ayat (2):
//!   Diskominfo manages data "setelah mendapat persetujuan dari PD pemilik
//!   data"), so the submission is that permission.
//! * Only a terbuka dataset with at least one stored version can be
//!   submitted: there must be something to publish, and terbatas / rahasia
//!   data never goes public (`datasets::is_public`).
//! * The verifier is the profile's ([`verifier`]): in every one of the five
//!   texts the Pusat Data that holds and publishes the data is run by
//!   Diskominfo, so the Administrator Diskominfo verifies; under the Satu
//!   Data Indonesia reading the "Walidata" verifies what the "Produsen
//!   Data" submits (`profiles::Labels::data_verifier_label_for`).
//! * The verifier publishes (`diajukan` → `terbit`) or returns it with a
//!   note (→ `draf`); the owner or the verifier withdraws a submitted or
//!   published dataset with a note (→ `draf`).
//! * Changing the class away from terbuka un-publishes (the store resets
//!   the state to `draf`, audited).

use crate::datasets::{agencies_of, Confidentiality, Publication};
use crate::error::DomainError;
use crate::profiles::{DataTerminology, Regulation};
use crate::roles::{Action, Principal, Role};

/// Who verifies datasets before they are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum VerifierKind {
    /// Diskominfo as operator of the Pusat Data: the Administrator Diskominfo.
    PusatData,
    /// The Walidata of Satu Data Indonesia: the Walidata named on the
    /// dataset (`verifier_person_id`), or any Walidata when none is named,
    /// never of the producing agency itself (a unit does not verify its own
    /// data); and the Administrator Diskominfo.
    Walidata,
}

/// The verification step of a regulation profile, with its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Verifier {
    pub kind: VerifierKind,
    /// How the UI names the verifier.
    pub label: &'static str,
    pub citation: &'static str,
}

/// The verifier of a regulation, under the reading the profile uses.
pub fn verifier(regulation: Regulation, reading: DataTerminology) -> Verifier {
    if reading == DataTerminology::SatuDataIndonesia {
        return Verifier { kind: VerifierKind::Walidata, label: "Walidata", citation: "Perpres 39/2019 (Satu Data Indonesia): Walidata memeriksa data Produsen Data" };
    }
    let citation = match regulation {
        Regulation::PerwaliBanjarbaru5_2018 => "Perwali Banjarbaru 5/2018 Pasal 11 ayat (5) dan (6)",
        Regulation::PerwaliKendari41_2021 => "Perwali Kendari 41/2021 Pasal 17 ayat (5) dan (6), Pasal 22 ayat (2)",
        Regulation::PerbupCianjur25_2018 => "Perbup Cianjur 25/2018 Pasal 13 ayat (9)",
        Regulation::PergubKalbar177_2021 => "Pergub Kalbar 177/2021 Pasal 11 ayat (4)",
        Regulation::PerwaliBalikpapan14_2022 => "Perwali Balikpapan 14/2022 Pasal 19 ayat (4), Pasal 20 ayat (2)",
    };
    Verifier { kind: VerifierKind::PusatData, label: "Administrator Diskominfo (pengelola Pusat Data)", citation }
}

/// The verifier when no Pemda profile is set yet: Diskominfo, which runs
/// the Pusat Data in every text.
pub const DEFAULT_VERIFIER: Verifier = Verifier { kind: VerifierKind::PusatData, label: "Administrator Diskominfo (pengelola Pusat Data)", citation: "" };

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `draf` → `diajukan`, by the owner.
    Submit,
    /// `diajukan` → `terbit`, by the verifier.
    Verify,
    /// `diajukan` → `draf` with a note, by the verifier.
    Return,
    /// `diajukan` or `terbit` → `draf` with a note, by the owner or the verifier.
    Withdraw,
}

impl Step {
    pub fn from_code(v: &str) -> Option<Step> {
        match v {
            "submit" => Some(Step::Submit),
            "verify" => Some(Step::Verify),
            "return" => Some(Step::Return),
            "withdraw" => Some(Step::Withdraw),
            _ => None,
        }
    }

    /// What the audit log calls it.
    pub fn code(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Verify => "verify",
            Step::Return => "return",
            Step::Withdraw => "withdraw",
        }
    }

    pub fn needs_note(self) -> bool {
        matches!(self, Step::Return | Step::Withdraw)
    }
}

/// What the workflow needs to know about a dataset.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub owner: i64,
    pub class: Confidentiality,
    pub state: Publication,
    pub has_version: bool,
    /// The person named as the dataset's verifier (Satu Data Indonesia).
    pub verifier_person: Option<i64>,
}

/// Whether `p` (the account of person `person`, if linked) verifies for
/// `v` the dataset `d`.
pub fn is_verifier(p: &Principal, person: Option<i64>, v: &Verifier, d: &Subject) -> bool {
    if p.has(Role::AdminDiskominfo) {
        return true;
    }
    match v.kind {
        VerifierKind::PusatData => false,
        VerifierKind::Walidata => {
            p.has(Role::Walidata) && !agencies_of(p).contains(&d.owner) && (d.verifier_person.is_none() || (person.is_some() && person == d.verifier_person))
        }
    }
}

/// Whether `p` (the account of person `person`) may take `step` on the
/// dataset at all (the buttons shown; deny by default). The state is
/// checked by [`next`].
pub fn may(p: &Principal, person: Option<i64>, v: &Verifier, step: Step, d: &Subject) -> bool {
    let owner = p.can(Action::ManageDatasets(d.owner));
    match step {
        Step::Submit => owner,
        Step::Verify | Step::Return => is_verifier(p, person, v, d),
        Step::Withdraw => owner || is_verifier(p, person, v, d),
    }
}

/// The state after `step`, or why the step cannot be taken now (409, or
/// 422 for a missing note).
pub fn next(step: Step, d: &Subject, note: Option<&str>) -> Result<Publication, DomainError> {
    let conflict = |m: &str| DomainError::Conflict { field: None, message: m.to_string() };
    if step.needs_note() && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(DomainError::field("note", "required", "Tuliskan alasannya; catatan ini dibaca pemilik data."));
    }
    if note.is_some_and(|n| n.chars().count() > 2000) {
        return Err(DomainError::field("note", "too_long", "Catatan paling banyak 2000 karakter."));
    }
    match (step, d.state) {
        (Step::Submit, Publication::Draf) if d.class != Confidentiality::Terbuka => Err(conflict("Hanya data terbuka yang dapat diajukan untuk portal data terbuka.")),
        (Step::Submit, Publication::Draf) if !d.has_version => Err(conflict("Unggah paling sedikit satu versi data sebelum mengajukan publikasi.")),
        (Step::Submit, Publication::Draf) => Ok(Publication::Diajukan),
        (Step::Submit, _) => Err(conflict("Dataset ini sudah diajukan atau sudah terbit.")),
        (Step::Verify, Publication::Diajukan) if d.class != Confidentiality::Terbuka => Err(conflict("Hanya data terbuka yang dapat diterbitkan.")),
        (Step::Verify, Publication::Diajukan) => Ok(Publication::Terbit),
        (Step::Return, Publication::Diajukan) => Ok(Publication::Draf),
        (Step::Verify | Step::Return, _) => Err(conflict("Dataset ini tidak sedang menunggu verifikasi.")),
        (Step::Withdraw, Publication::Diajukan | Publication::Terbit) => Ok(Publication::Draf),
        (Step::Withdraw, Publication::Draf) => Err(conflict("Dataset ini belum diajukan atau diterbitkan.")),
    }
}

/// The year facet of the portal: every year of the temporal coverage
/// (`coverage_start` … `coverage_end`, or to the last update when the
/// coverage is open-ended); without coverage, the year of the last update.
/// A dataset covering 2022–2024 is found under 2022, 2023 and 2024: people
/// look for "data tahun 2023", the year the figures describe.
pub fn years(coverage_start: Option<&str>, coverage_end: Option<&str>, last_updated_on: Option<&str>) -> Vec<i32> {
    let year = |d: Option<&str>| d.and_then(|d| d.get(..4)).and_then(|y| y.parse::<i32>().ok());
    let (start, end, last) = (year(coverage_start), year(coverage_end), year(last_updated_on));
    match (start, end.or(last)) {
        (Some(a), Some(b)) if b >= a && b - a <= 200 => (a..=b).collect(),
        (Some(a), _) => vec![a],
        (None, Some(b)) => vec![b],
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Grant;

    fn p(grants: &[(Role, Option<i64>)]) -> Principal {
        Principal {
            account_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            agency_id: grants.iter().find_map(|g| g.1),
            grants: grants.iter().map(|(role, agency_id)| Grant { role: *role, agency_id: *agency_id }).collect(),
            must_change_password: false,
        }
    }

    fn subject(state: Publication) -> Subject {
        Subject { owner: 4, class: Confidentiality::Terbuka, state, has_version: true, verifier_person: None }
    }

    #[test]
    fn every_text_has_diskominfo_verify_with_its_article() {
        for r in Regulation::ALL {
            let prof = r.profile();
            let v = verifier(r, prof.data_terminology);
            assert_eq!(v.kind, VerifierKind::PusatData, "{r:?}");
            assert!(v.citation.starts_with(prof.short_title), "{} / {}", v.citation, prof.short_title);
            assert_eq!(verifier(r, DataTerminology::SatuDataIndonesia).kind, VerifierKind::Walidata);
        }
    }

    #[test]
    fn who_may_take_which_step() {
        let v = verifier(Regulation::PerwaliBanjarbaru5_2018, DataTerminology::WalidataAsOwner);
        let sdi = verifier(Regulation::PerwaliBanjarbaru5_2018, DataTerminology::SatuDataIndonesia);
        let d = subject(Publication::Diajukan);
        let owner_walidata = p(&[(Role::Walidata, Some(4))]);
        let owner_op = p(&[(Role::OperatorPd, Some(4))]);
        let other_walidata = p(&[(Role::Walidata, Some(9))]);
        let admin = p(&[(Role::AdminDiskominfo, None)]);
        let sekda = p(&[(Role::SekretarisDaerah, None)]);
        // (who, verifier, [submit, verify, return, withdraw])
        let table: [(&Principal, &Verifier, [bool; 4]); 8] = [
            (&owner_walidata, &v, [true, false, false, true]),
            (&owner_op, &v, [true, false, false, true]),
            (&other_walidata, &v, [false, false, false, false]),
            (&admin, &v, [true, true, true, true]),
            (&sekda, &v, [false, false, false, false]),
            (&owner_walidata, &sdi, [true, false, false, true]),
            (&other_walidata, &sdi, [false, true, true, true]),
            (&sekda, &sdi, [false, false, false, false]),
        ];
        for (i, (who, ver, want)) in table.iter().enumerate() {
            let got = [Step::Submit, Step::Verify, Step::Return, Step::Withdraw].map(|s| may(who, None, ver, s, &d));
            assert_eq!(&got, want, "row {i}");
        }
        // Under Satu Data Indonesia a dataset naming its Walidata is verified by that person only.
        let named = Subject { verifier_person: Some(70), ..d };
        assert!(may(&other_walidata, Some(70), &sdi, Step::Verify, &named));
        assert!(!may(&other_walidata, Some(71), &sdi, Step::Verify, &named));
        assert!(!may(&other_walidata, None, &sdi, Step::Verify, &named));
        assert!(!may(&other_walidata, Some(70), &v, Step::Verify, &named), "not under the 2018 texts");
    }

    #[test]
    fn transitions() {
        use Publication::*;
        let ok = |step, state| next(step, &subject(state), Some("alasan")).ok();
        assert_eq!(ok(Step::Submit, Draf), Some(Diajukan));
        assert_eq!(ok(Step::Verify, Diajukan), Some(Terbit));
        assert_eq!(ok(Step::Return, Diajukan), Some(Draf));
        assert_eq!(ok(Step::Withdraw, Terbit), Some(Draf));
        assert_eq!(ok(Step::Withdraw, Diajukan), Some(Draf));
        for (step, state) in [(Step::Submit, Diajukan), (Step::Submit, Terbit), (Step::Verify, Draf), (Step::Verify, Terbit), (Step::Return, Terbit), (Step::Withdraw, Draf)] {
            assert_eq!(ok(step, state), None, "{step:?} from {state:?}");
        }
        let closed = Subject { class: Confidentiality::Terbatas, ..subject(Draf) };
        assert!(matches!(next(Step::Submit, &closed, None), Err(DomainError::Conflict { .. })));
        let empty = Subject { has_version: false, ..subject(Draf) };
        assert!(matches!(next(Step::Submit, &empty, None), Err(DomainError::Conflict { .. })));
        assert!(matches!(next(Step::Return, &subject(Diajukan), Some("  ")), Err(DomainError::Validation(_))));
    }

    #[test]
    fn year_facet() {
        assert_eq!(years(Some("2022-01-01"), Some("2024-12-31"), Some("2025-03-01")), vec![2022, 2023, 2024]);
        assert_eq!(years(Some("2024-01-01"), None, Some("2025-03-01")), vec![2024, 2025]);
        assert_eq!(years(None, None, Some("2025-03-01")), vec![2025]);
        assert_eq!(years(None, None, None), Vec::<i32>::new());
    }
}
