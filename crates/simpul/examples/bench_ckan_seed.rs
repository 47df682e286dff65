//! Seeds a data directory for the CKAN API benchmark (scripts/bench-ckan.sh):
//! the demo Pemda, COUNT public datasets (terbuka, terbit) spread over the
//! demo agencies, topics, tags and licences — one in ten with a small CSV
//! version — and one public dataset `BENCH-JUTA` whose one version holds
//! ROWS rows, checked and stored as an upload is. Written through the store
//! in large transactions (no HTTP), audited as usual.
//!   cargo run --release -p simpul --example bench_ckan_seed -- DATA_DIR [COUNT] [ROWS]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use simpul_domain::audit::Actor;
use simpul_domain::datasets::{check_csv, ColumnInput, DatasetInput, Publication, TOPICS};
use simpul_store::datasets::NewVersion;
use simpul_store::sealing::{DataKey, KEY_FILE};
use simpul_store::Store;

const WORDS: &[&str] = &[
    "penduduk", "sekolah", "puskesmas", "jalan", "anggaran", "bansos", "umkm", "pasar", "sungai", "banjir", "pajak", "retribusi",
    "guru", "siswa", "bidan", "posyandu", "stunting", "imunisasi", "jembatan", "drainase", "sampah", "air", "listrik", "internet",
    "wisata", "hotel", "nelayan", "padi", "jagung", "ternak", "koperasi", "investasi", "izin", "kendaraan", "terminal", "pelabuhan",
];

fn col(name: &str, kind: &str, codes: &[&str]) -> ColumnInput {
    ColumnInput { name: name.into(), label: name.into(), kind: kind.into(), required: true, codes: codes.iter().map(|c| c.to_string()).collect() }
}

fn input(code: String, title: String, agency_id: i64, topic: &str, tags: Vec<String>, licence: &str, columns: Vec<ColumnInput>) -> DatasetInput {
    DatasetInput {
        code,
        description: Some(format!("{title}: data uji kinerja katalog.")),
        title,
        agency_id,
        concept: "Uji kinerja".into(),
        definition: "Dataset sintetis untuk uji kinerja API CKAN.".into(),
        topic: topic.into(),
        tags,
        frequency: "tahunan".into(),
        licence: licence.into(),
        confidentiality: "terbuka".into(),
        register_responsible: "Uji".into(),
        region_codes: vec!["64.75".into()],
        columns,
        ..Default::default()
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).expect("usage: bench_ckan_seed DATA_DIR [COUNT] [ROWS]"));
    let count: usize = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(10_000);
    let rows: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(1_000_000);
    let key = DataKey::load_or_create(&dir.join(KEY_FILE)).unwrap();
    let store = Store::open_sqlite_dir(&dir).await.unwrap().with_data_key(key);
    store.migrate().await.unwrap();
    simpul::demo::seed(&store).await.unwrap();
    let agencies: Vec<i64> = store.agencies(&Default::default(), simpul_store::PageRequest::new(Some(1), Some(200))).await.unwrap().items.iter().filter(|a| a.active).map(|a| a.id).collect();
    let licences = ["cc_by_4_0", "cc0_1_0", "odbl_1_0"];
    let small_cols = vec![col("wilayah", "text", &[]), col("jumlah", "integer", &[])];

    let started = Instant::now();
    let mut w = store.begin_write(Actor::system("bench")).await.unwrap();
    for i in 0..count {
        let (a, b, c) = (WORDS[i % WORDS.len()], WORDS[(i / WORDS.len()) % WORDS.len()], WORDS[(i * 7 + 3) % WORDS.len()]);
        let d = input(
            format!("BC-{i:05}"),
            format!("Data {a} dan {b} tahun {}", 2015 + i % 10),
            agencies[i % agencies.len()],
            TOPICS[i % TOPICS.len()].code,
            vec![a.to_string(), c.to_string()],
            licences[i % licences.len()],
            small_cols.clone(),
        )
        .validate()
        .unwrap();
        let saved = store.save_dataset(&mut w, None, &d).await.unwrap();
        if i % 10 == 0 {
            let csv = format!("wilayah,jumlah\nKelurahan {i},{}\n", i * 3);
            let t = check_csv(&d.columns, csv.as_bytes());
            store.add_dataset_version(&mut w, &saved, NewVersion { file_name: "data.csv", format: "csv", bytes: csv.as_bytes(), rows: &t.rows, today: "2026-01-01".into() }).await.unwrap();
        }
        store.set_publication(&mut w, saved.id, Publication::Terbit, None, "verify").await.unwrap();
        if i % 500 == 499 {
            w.commit().await.unwrap();
            w = store.begin_write(Actor::system("bench")).await.unwrap();
        }
    }
    w.commit().await.unwrap();
    println!("seeded {count} public datasets in {:.1}s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let kec: Vec<String> = (1..=20).map(|i| format!("64.75.{i:02}")).collect();
    let kec_ref: Vec<&str> = kec.iter().map(String::as_str).collect();
    let cols = vec![col("kode_wilayah", "code", &kec_ref), col("tahun", "integer", &[]), col("jenis_kelamin", "code", &["L", "P"]), col("jumlah", "integer", &[])];
    let mut csv = String::with_capacity(rows * 24);
    csv.push_str("kode_wilayah,tahun,jenis_kelamin,jumlah\n");
    let mut x: u64 = 42;
    for i in 0..rows {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        csv.push_str(&format!("{},{},{},{}\n", kec[(x >> 33) as usize % 20], 2015 + i % 10, if i % 2 == 0 { "L" } else { "P" }, (x >> 40) % 25_000));
    }
    let d = input("BENCH-JUTA".into(), "Penduduk per kelurahan (sejuta baris)".into(), agencies[0], "kependudukan", vec!["penduduk".into()], "cc_by_4_0", cols).validate().unwrap();
    let table = check_csv(&d.columns, csv.as_bytes());
    assert_eq!(table.error_count, 0, "{:?}", table.errors);
    let mut w = store.begin_write(Actor::system("bench")).await.unwrap();
    let saved = store.save_dataset(&mut w, None, &d).await.unwrap();
    store.add_dataset_version(&mut w, &saved, NewVersion { file_name: "juta.csv", format: "csv", bytes: csv.as_bytes(), rows: &table.rows, today: "2026-01-01".into() }).await.unwrap();
    store.set_publication(&mut w, saved.id, Publication::Terbit, None, "verify").await.unwrap();
    w.commit().await.unwrap();
    println!("stored BENCH-JUTA: {rows} rows, {:.1} MB CSV, in {:.1}s", csv.len() as f64 / 1e6, started.elapsed().as_secs_f64());
}
