//! Demo data-use requests between the demo Pemda's agencies, in every
//! state: one approved (a grant in force), one recommended and waiting for
//! the Sekda, one rejected, one approved and later revoked, and one left
//! unanswered past its deadline (a finding). Seeded after the datasets.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use simpul_domain::sharing::{due_on, statement_text, DataRequestData};
use simpul_store::sharing::Filing;
use simpul_store::{Store, WriteTx};

use crate::demo_data::{ACCOUNTS, PEOPLE};

enum Outcome {
    /// Filed `days_ago`, unanswered.
    Open,
    /// The owner recommended; waiting for the decision.
    Recommended,
    Approved,
    Rejected(&'static str),
    Revoked(&'static str),
}

struct DemoRequest {
    signer: &'static str,
    requester: &'static str,
    datasets: &'static [&'static str],
    responsible: &'static str,
    unit: &'static str,
    purpose: &'static str,
    intended_use: &'static str,
    kind_form: &'static str,
    days_ago: i64,
    months: i64,
    outcome: Outcome,
}

const REQUESTS: &[DemoRequest] = &[
    DemoRequest {
        signer: "tim.bappeda",
        requester: "BAPPEDA",
        datasets: &["DINKES-FASKES"],
        responsible: "Kepala Bidang Perencanaan Pemerintahan dan Pembangunan Manusia",
        unit: "Bidang Pemerintahan dan Pembangunan Manusia",
        purpose: "Menyusun analisis ketersediaan fasilitas kesehatan per kecamatan untuk RKPD.",
        intended_use: "Bahan rapat Musrenbang dan peta prioritas pembangunan puskesmas pembantu.",
        kind_form: "Daftar fasilitas kesehatan per kecamatan (tabel CSV).",
        days_ago: 40,
        months: 12,
        outcome: Outcome::Approved,
    },
    DemoRequest {
        signer: "kadisdik",
        requester: "DISDIKBUD",
        datasets: &["DINSOS-BANSOS"],
        responsible: "Kepala Bidang Pembinaan Sekolah Dasar",
        unit: "Bidang Pembinaan SD",
        purpose: "Mencocokkan penerima bantuan sosial dengan siswa calon penerima beasiswa afirmasi.",
        intended_use: "Verifikasi kelayakan penerima beasiswa; tidak dipublikasikan.",
        kind_form: "Rekap penerima bantuan per kecamatan dan jenis bantuan (tabel).",
        days_ago: 5,
        months: 6,
        outcome: Outcome::Recommended,
    },
    DemoRequest {
        signer: "kadisdik",
        requester: "DISDIKBUD",
        datasets: &["BKAD-REALISASI-APBD"],
        responsible: "Sekretaris Dinas Pendidikan dan Kebudayaan",
        unit: "Sekretariat Dinas",
        purpose: "Membandingkan realisasi belanja pendidikan dengan perangkat daerah lain.",
        intended_use: "Bahan laporan kinerja internal.",
        kind_form: "Realisasi belanja per perangkat daerah (tabel).",
        days_ago: 30,
        months: 3,
        outcome: Outcome::Rejected("Realisasi APBD seluruh perangkat daerah hanya untuk BAPPEDA dan Inspektorat; gunakan laporan realisasi yang diterbitkan BKAD."),
    },
    DemoRequest {
        signer: "tim.bappeda",
        requester: "BAPPEDA",
        datasets: &["DISDIKBUD-SEKOLAH"],
        responsible: "Kepala Sub Bidang Pendidikan",
        unit: "Bidang Pemerintahan dan Pembangunan Manusia",
        purpose: "Kajian zonasi sekolah.",
        intended_use: "Peta zonasi PPDB.",
        kind_form: "Daftar sekolah per kecamatan (CSV).",
        days_ago: 60,
        months: 12,
        outcome: Outcome::Revoked("Kajian zonasi selesai; data terbaru tersedia sebagai data terbuka."),
    },
    DemoRequest {
        signer: "kadisdik",
        requester: "DISDIKBUD",
        datasets: &["DUKCAPIL-PDDK-KEC"],
        responsible: "Kepala Bidang Pembinaan SMP",
        unit: "Bidang Pembinaan SMP",
        purpose: "Proyeksi jumlah penduduk usia sekolah per kecamatan.",
        intended_use: "Perencanaan daya tampung SMP negeri.",
        kind_form: "Jumlah penduduk per kecamatan (tabel).",
        days_ago: 20,
        months: 6,
        outcome: Outcome::Open,
    },
];

fn signer_name(username: &str) -> Result<String> {
    let a = ACCOUNTS.iter().find(|a| a.username == username).with_context(|| format!("demo account {username}"))?;
    let p = PEOPLE.iter().find(|p| p.nip == a.person_nip).with_context(|| format!("demo person of {username}"))?;
    Ok(format!("{} ({username})", p.name))
}

pub async fn seed(store: &Store, w: &mut WriteTx, agency_ids: &HashMap<&str, i64>, pemda: &simpul_domain::pemda::PemdaProfile) -> Result<()> {
    let (profile, tz) = (pemda.regulation.profile(), pemda.timezone);
    let today = simpul_web::local_today(tz);
    for r in REQUESTS {
        let Some(&requester) = agency_ids.get(r.requester) else { bail!("demo request: unknown agency {}", r.requester) };
        let mut ids = Vec::new();
        let mut owner = None;
        for code in r.datasets {
            let (id, agency) = Store::dataset_by_code_in(w, code).await?.with_context(|| format!("demo request: dataset {code}"))?;
            owner = Some(agency);
            ids.push(id);
        }
        let owner = owner.context("demo request without datasets")?;
        let filed = today - time::Duration::days(r.days_ago);
        let from = filed + time::Duration::days(1);
        let until = from + time::Duration::days(30 * r.months);
        let d = DataRequestData {
            requester_agency_id: requester,
            dataset_ids: ids,
            dataset_codes: Vec::new(),
            responsible_person: r.responsible.into(),
            work_unit: r.unit.into(),
            purpose: r.purpose.into(),
            intended_use: r.intended_use.into(),
            data_kind_form: r.kind_form.into(),
            period_from: from.to_string(),
            period_until: until.to_string(),
        };
        let signer = signer_name(r.signer)?;
        let requester_name = Store::agency_name_in(w, requester).await?;
        let statement = statement_text(&signer, &requester_name);
        let signed_at = simpul_web::local_day_start(&filed.to_string(), tz).unwrap_or(0) + 9 * 3_600_000;
        let digest = d.digest(&statement, &signer, signed_at, owner);
        let (filed_on, due) = (filed.to_string(), due_on(filed, profile).to_string());
        let f = Filing { owner_agency_id: owner, statement: &statement, signed_by: &signer, signed_by_account_id: None, signed_at, statement_sha256: &digest, filed_on: &filed_on, due_on: &due };
        let req = store.file_data_request(w, &d, &f).await?;
        let window = (simpul_web::local_day_start(&d.period_from, tz).unwrap_or(0), simpul_web::local_day_start(&d.period_until, tz).unwrap_or(0) + 86_400_000);
        let decide = |approve: bool| (approve, if approve { "Sesuai rekomendasi pemilik data." } else { "" });
        match r.outcome {
            Outcome::Open => {}
            Outcome::Recommended => {
                store.recommend_data_request(w, req.id, true, Some("Data tersedia; hanya rekap per kecamatan, tanpa data pribadi.")).await?;
            }
            Outcome::Approved | Outcome::Revoked(_) => {
                store.recommend_data_request(w, req.id, true, Some("Data tersedia dan relevan.")).await?;
                let (yes, why) = decide(true);
                let done = store.decide_data_request(w, req.id, yes, Some(why), "sekretaris_daerah", false, window).await?;
                if let (Outcome::Revoked(reason), Some(g)) = (&r.outcome, done.grant_id) {
                    store.revoke_data_grant(w, g, reason).await?;
                }
            }
            Outcome::Rejected(reason) => {
                store.recommend_data_request(w, req.id, false, Some("Data lintas perangkat daerah; sebaiknya memakai laporan yang sudah terbit.")).await?;
                store.decide_data_request(w, req.id, false, Some(reason), "sekretaris_daerah", false, window).await?;
            }
        }
    }
    Ok(())
}
