//! Demo data: the Pusat Data catalogue of the FICTIONAL "Pemerintah Kota
//! Tanjung Selatan" (see `demo_data`; region code 64.75 is used for the
//! fictional city). Every figure, name and number is invented.
//!
//! What it shows:
//! * open datasets of several agencies, each with an uploaded version
//!   (population per district, health facilities, schools);
//! * a terbatas dataset (BKAD's budget realisation, named for Bappeda and
//!   the Inspektorat) and a rahasia one (Dinsos' social-assistance
//!   recipients, sealed at rest);
//! * the schools dataset last updated in mid-2024: stale under its yearly
//!   frequency, a finding under Perwali Balikpapan 14/2022 Pasal 15 ayat (7);
//! * Bappeda's own population table duplicates Disdukcapil's: shown as a
//!   warning on both datasets (Balikpapan's text has no duplicate-data ban,
//!   so no finding under the demo's profile);
//! * three open datasets published on the open-data portal, Bappeda's
//!   copy submitted and waiting for Diskominfo's verification.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use simpul_domain::datasets::{check_csv, ColumnInput, DatasetInput, Publication};
use simpul_store::datasets::NewVersion;
use simpul_store::{Store, WriteTx};

struct DemoDataset {
    code: &'static str,
    title: &'static str,
    agency: &'static str,
    description: &'static str,
    concept: &'static str,
    definition: &'static str,
    measure: Option<&'static str>,
    unit: Option<&'static str>,
    topic: &'static str,
    tags: &'static [&'static str],
    frequency: &'static str,
    licence: &'static str,
    confidentiality: &'static str,
    shared_with: &'static [&'static str],
    responsible: &'static str,
    distribution: &'static str,
    retention_years: i64,
    /// `(name, label, kind, required, codes)`.
    columns: &'static [(&'static str, &'static str, &'static str, bool, &'static [&'static str])],
    /// The uploaded file (`;`-separated, as a spreadsheet exports it).
    csv: &'static str,
    /// When it was uploaded; `None` = today.
    uploaded_on: Option<&'static str>,
    /// Where it stands on the way to the open-data portal.
    publication: Publication,
}

const KEC: &[&str] = &["64.75.01", "64.75.02", "64.75.03", "64.75.04", "64.75.05"];

const DATASETS: &[DemoDataset] = &[
    DemoDataset {
        code: "DUKCAPIL-PDDK-KEC",
        title: "Jumlah Penduduk per Kecamatan",
        agency: "DISDUKCAPIL",
        description: "Jumlah penduduk menurut jenis kelamin per kecamatan berdasarkan data konsolidasi bersih semester berjalan.",
        concept: "Penduduk",
        definition: "Setiap orang yang berdomisili di wilayah Kota Tanjung Selatan dan tercatat dalam database kependudukan.",
        measure: Some("Jumlah"),
        unit: Some("Jiwa"),
        topic: "kependudukan",
        tags: &["penduduk", "kecamatan", "sdi"],
        frequency: "semesteran",
        licence: "cc_by_4_0",
        confidentiality: "terbuka",
        shared_with: &[],
        responsible: "Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan",
        distribution: "Portal data Pemda dan PD yang membutuhkan",
        retention_years: 10,
        columns: &[
            ("kode_wilayah", "Kode wilayah", "code", true, KEC),
            ("kecamatan", "Kecamatan", "text", true, &[]),
            ("laki_laki", "Laki-laki", "integer", true, &[]),
            ("perempuan", "Perempuan", "integer", true, &[]),
            ("jumlah", "Jumlah", "integer", true, &[]),
        ],
        csv: "\u{feff}Kode wilayah;Kecamatan;Laki-laki;Perempuan;Jumlah\r\n\
              64.75.01;Teluk Sirih;21.430;20.915;42.345\r\n\
              64.75.02;Sungai Ilir;18.204;17.866;36.070\r\n\
              64.75.03;Bukit Meranti;12.517;12.003;24.520\r\n\
              64.75.04;Pasir Lamba;9.836;9.611;19.447\r\n\
              64.75.05;Tanjung Kemuning;15.122;14.958;30.080\r\n",
        uploaded_on: None,
        publication: Publication::Terbit,
    },
    DemoDataset {
        code: "DINKES-FASKES",
        title: "Fasilitas Pelayanan Kesehatan",
        agency: "DINKES",
        description: "Daftar fasilitas pelayanan kesehatan dengan jenis, kecamatan dan jumlah tempat tidur.",
        concept: "Fasilitas pelayanan kesehatan",
        definition: "Tempat yang digunakan untuk menyelenggarakan upaya pelayanan kesehatan promotif, preventif, kuratif maupun rehabilitatif.",
        measure: Some("Jumlah"),
        unit: Some("Unit"),
        topic: "kesehatan",
        tags: &["faskes", "puskesmas", "rumah sakit"],
        frequency: "tahunan",
        licence: "cc_by_4_0",
        confidentiality: "terbuka",
        shared_with: &[],
        responsible: "Kepala Seksi Data dan Informasi Kesehatan",
        distribution: "Portal data Pemda, Dinas Kesehatan Provinsi",
        retention_years: 10,
        columns: &[
            ("nama", "Nama fasilitas", "text", true, &[]),
            ("jenis", "Jenis", "code", true, &["puskesmas", "pustu", "klinik", "rumah_sakit"]),
            ("kode_wilayah", "Kode wilayah", "code", true, KEC),
            ("tempat_tidur", "Tempat tidur", "integer", false, &[]),
            ("akreditasi", "Akreditasi", "text", false, &[]),
        ],
        csv: "nama;jenis;kode_wilayah;tempat_tidur;akreditasi\r\n\
              RSUD Tanjung Selatan;rumah_sakit;64.75.01;212;Paripurna\r\n\
              Puskesmas Teluk Sirih;puskesmas;64.75.01;10;Madya\r\n\
              Puskesmas Sungai Ilir;puskesmas;64.75.02;8;Utama\r\n\
              Puskesmas Bukit Meranti;puskesmas;64.75.03;6;Madya\r\n\
              Pustu Pasir Lamba;pustu;64.75.04;;\r\n\
              Klinik Pratama Kemuning Sehat;klinik;64.75.05;4;Dasar\r\n",
        uploaded_on: None,
        publication: Publication::Terbit,
    },
    DemoDataset {
        code: "DISDIKBUD-SEKOLAH",
        title: "Satuan Pendidikan Dasar per Kecamatan",
        agency: "DISDIKBUD",
        description: "Jumlah SD dan SMP negeri dan swasta per kecamatan (Dapodik, tahun ajaran 2023/2024).",
        concept: "Satuan pendidikan",
        definition: "Kelompok layanan pendidikan yang menyelenggarakan pendidikan pada jalur formal jenjang dasar.",
        measure: Some("Jumlah"),
        unit: Some("Sekolah"),
        topic: "pendidikan",
        tags: &["sekolah", "dapodik"],
        frequency: "tahunan",
        licence: "cc_by_4_0",
        confidentiality: "terbuka",
        shared_with: &[],
        responsible: "Kepala Subbagian Program dan Pelaporan",
        distribution: "Portal data Pemda",
        retention_years: 5,
        columns: &[
            ("kode_wilayah", "Kode wilayah", "code", true, KEC),
            ("jenjang", "Jenjang", "code", true, &["SD", "SMP"]),
            ("negeri", "Negeri", "integer", true, &[]),
            ("swasta", "Swasta", "integer", true, &[]),
        ],
        csv: "kode_wilayah;jenjang;negeri;swasta\r\n64.75.01;SD;24;6\r\n64.75.01;SMP;6;4\r\n64.75.02;SD;19;3\r\n64.75.02;SMP;4;2\r\n64.75.03;SD;14;1\r\n64.75.03;SMP;3;0\r\n",
        uploaded_on: Some("2024-07-15"),
        publication: Publication::Terbit,
    },
    DemoDataset {
        code: "BKAD-REALISASI-APBD",
        title: "Realisasi APBD per Urusan",
        agency: "BKAD",
        description: "Anggaran dan realisasi belanja daerah per urusan pemerintahan, kumulatif sampai bulan berjalan.",
        concept: "Realisasi belanja daerah",
        definition: "Belanja daerah yang telah dibayarkan dari kas daerah dibandingkan dengan pagu APBD.",
        measure: Some("Nilai"),
        unit: Some("Rupiah"),
        topic: "keuangan_daerah",
        tags: &["apbd", "realisasi"],
        frequency: "bulanan",
        licence: "internal",
        confidentiality: "terbatas",
        shared_with: &["BAPPEDA", "INSPEKTORAT"],
        responsible: "Kepala Bidang Akuntansi dan Pelaporan",
        distribution: "Bappeda dan Inspektorat, untuk perencanaan dan pengawasan",
        retention_years: 10,
        columns: &[
            ("urusan", "Urusan", "text", true, &[]),
            ("anggaran", "Anggaran", "integer", true, &[]),
            ("realisasi", "Realisasi", "integer", true, &[]),
            ("persen", "Persentase", "decimal", true, &[]),
        ],
        csv: "urusan;anggaran;realisasi;persen\r\n\
              Pendidikan;412.500.000.000;288.750.000.000;70,0\r\n\
              Kesehatan;236.000.000.000;158.120.000.000;67,0\r\n\
              Pekerjaan umum dan penataan ruang;198.400.000.000;99.200.000.000;50,0\r\n\
              Sosial;31.750.000.000;22.542.500.000;71,0\r\n",
        uploaded_on: None,
        publication: Publication::Draf,
    },
    DemoDataset {
        code: "DINSOS-BANSOS",
        title: "Penerima Bantuan Sosial Daerah",
        agency: "DINSOS",
        description: "Daftar keluarga penerima bantuan sosial daerah dengan NIK kepala keluarga. Data pribadi: rahasia.",
        concept: "Keluarga penerima manfaat",
        definition: "Keluarga yang ditetapkan menerima bantuan sosial daerah pada tahun berjalan.",
        measure: Some("Jumlah"),
        unit: Some("Keluarga"),
        topic: "sosial",
        tags: &["bansos", "data pribadi"],
        frequency: "triwulanan",
        licence: "internal",
        confidentiality: "rahasia",
        shared_with: &[],
        responsible: "Kepala Bidang Perlindungan dan Jaminan Sosial",
        distribution: "Tidak didistribusikan; hanya Dinas Sosial",
        retention_years: 5,
        columns: &[
            ("nik", "NIK kepala keluarga", "text", true, &[]),
            ("nama", "Nama kepala keluarga", "text", true, &[]),
            ("kode_wilayah", "Kode wilayah", "code", true, KEC),
            ("jenis_bantuan", "Jenis bantuan", "code", true, &["sembako", "tunai", "pendidikan"]),
            ("nilai", "Nilai per bulan", "integer", true, &[]),
        ],
        csv: "nik;nama;kode_wilayah;jenis_bantuan;nilai\r\n\
              6475010101800001;Contoh Warga Satu;64.75.01;sembako;200.000\r\n\
              6475020202810002;Contoh Warga Dua;64.75.02;tunai;300.000\r\n\
              6475030303820003;Contoh Warga Tiga;64.75.03;pendidikan;150.000\r\n",
        uploaded_on: None,
        publication: Publication::Draf,
    },
    DemoDataset {
        code: "BAPPEDA-PDDK-KEC",
        title: "Jumlah Penduduk per Kecamatan",
        agency: "BAPPEDA",
        description: "Salinan olahan Bappeda untuk RKPD; sejenis dengan data Disdukcapil.",
        concept: "Penduduk",
        definition: "Penduduk per kecamatan menurut proyeksi Bappeda.",
        measure: Some("Jumlah"),
        unit: Some("Jiwa"),
        topic: "kependudukan",
        tags: &["penduduk", "rkpd"],
        frequency: "tahunan",
        licence: "cc_by_4_0",
        confidentiality: "terbuka",
        shared_with: &[],
        responsible: "Kepala Bidang Perencanaan, Pengendalian dan Evaluasi",
        distribution: "Dokumen perencanaan",
        retention_years: 5,
        columns: &[("kecamatan", "Kecamatan", "text", true, &[]), ("jumlah", "Jumlah", "integer", true, &[])],
        csv: "kecamatan;jumlah\r\nTeluk Sirih;42.300\r\nSungai Ilir;36.100\r\n",
        uploaded_on: None,
        publication: Publication::Diajukan,
    },
];

pub async fn seed(store: &Store, w: &mut WriteTx, agency_ids: &HashMap<&str, i64>, region: &str, today: time::Date) -> Result<()> {
    for d in DATASETS {
        let Some(&agency_id) = agency_ids.get(d.agency) else { bail!("demo dataset {} has unknown agency {}", d.code, d.agency) };
        let mut shared = Vec::new();
        for a in d.shared_with {
            let Some(&id) = agency_ids.get(a) else { bail!("demo dataset {} names unknown agency {a}", d.code) };
            shared.push(id);
        }
        let input = DatasetInput {
            code: d.code.into(),
            title: d.title.into(),
            description: Some(d.description.into()),
            agency_id,
            concept: d.concept.into(),
            definition: d.definition.into(),
            measure: d.measure.map(str::to_string),
            unit: d.unit.map(str::to_string),
            metadata: Some("Sumber: data administrasi perangkat daerah (contoh fiktif).".into()),
            topic: d.topic.into(),
            tags: d.tags.iter().map(|t| t.to_string()).collect(),
            frequency: d.frequency.into(),
            coverage_start: Some("2024-01-01".into()),
            region_codes: vec![region.to_string()],
            licence: d.licence.into(),
            confidentiality: d.confidentiality.into(),
            shared_with: shared,
            register_responsible: d.responsible.into(),
            register_distribution: Some(d.distribution.into()),
            retention_years: Some(d.retention_years),
            storage_location: Some("Pusat Data Pemerintah Kota Tanjung Selatan, basis data Simpul".into()),
            backup_period: Some("Harian".into()),
            backup_medium: Some("NAS di DRC Bukit Meranti".into()),
            columns: d
                .columns
                .iter()
                .map(|(name, label, kind, required, codes)| ColumnInput {
                    name: (*name).into(),
                    label: (*label).into(),
                    kind: (*kind).into(),
                    required: *required,
                    codes: codes.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
            ..Default::default()
        }
        .validate()
        .with_context(|| format!("demo dataset {}", d.code))?;
        let saved = store.save_dataset(w, None, &input).await?;
        let table = check_csv(&input.columns, d.csv.as_bytes());
        if table.error_count > 0 {
            bail!("demo dataset {}: {:?}", d.code, table.errors);
        }
        let file_name = format!("{}.csv", d.code.to_lowercase());
        let today = d.uploaded_on.map(str::to_string).unwrap_or_else(|| today.to_string());
        store.add_dataset_version(w, &saved, NewVersion { file_name: &file_name, format: "csv", bytes: d.csv.as_bytes(), rows: &table.rows, today }).await?;
        // Submitted by the owner, then (for most) verified: the portal is not empty.
        if d.publication != Publication::Draf {
            store.set_publication(w, saved.id, Publication::Diajukan, None, "submit").await?;
        }
        if d.publication == Publication::Terbit {
            store.set_publication(w, saved.id, Publication::Terbit, None, "verify").await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_file_checks_clean() {
        for d in DATASETS {
            let cols: Vec<ColumnInput> = d.columns.iter().map(|(n, l, k, r, c)| ColumnInput { name: (*n).into(), label: (*l).into(), kind: (*k).into(), required: *r, codes: c.iter().map(|c| c.to_string()).collect() }).collect();
            let input = DatasetInput {
                code: d.code.into(),
                title: d.title.into(),
                agency_id: 1,
                concept: d.concept.into(),
                definition: d.definition.into(),
                topic: d.topic.into(),
                frequency: d.frequency.into(),
                licence: d.licence.into(),
                confidentiality: "terbuka".into(),
                register_responsible: d.responsible.into(),
                columns: cols,
                ..Default::default()
            };
            let v = input.validate().unwrap_or_else(|e| panic!("{}: {e:?}", d.code));
            let t = check_csv(&v.columns, d.csv.as_bytes());
            assert_eq!(t.error_count, 0, "{}: {:?}", d.code, t.errors);
        }
    }
}
