//! Dataset ingest benchmark (issue 4, Performance): reads a CSV, checks
//! every row against 8 declared columns and stores it as a dataset version
//! (file with SHA-256, parsed rows) in an embedded SQLite database, in one
//! write transaction as the upload does. Prints the time of the ingest
//! alone (the database is created and migrated before the clock starts).
//!   cargo run --release -p simpul --example bench_ingest -- FILE.csv [rahasia]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use simpul_domain::audit::Actor;
use simpul_domain::datasets::{check_csv, ColumnInput, DatasetInput};
use simpul_domain::org::AgencyInput;
use simpul_store::datasets::NewVersion;
use simpul_store::sealing::DataKey;
use simpul_store::Store;

fn col(name: &str, kind: &str, codes: &[&str]) -> ColumnInput {
    ColumnInput { name: name.into(), label: name.into(), kind: kind.into(), required: true, codes: codes.iter().map(|c| c.to_string()).collect() }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: bench_ingest FILE.csv [rahasia]");
    let class = args.get(2).map(String::as_str).unwrap_or("terbuka");
    let dir = std::env::temp_dir().join(format!("simpul-bench-ingest-{}", std::process::id()));
    let store = Store::open_sqlite_dir(&dir).await.unwrap().with_data_key(DataKey::generate());
    store.migrate().await.unwrap();
    let mut w = store.begin_write(Actor::system("bench")).await.unwrap();
    let agency = AgencyInput { code: "BENCH".into(), name: "Dinas Uji Kinerja".into(), kind: "dinas".into(), ..Default::default() }.validate().unwrap();
    let agency = store.create_agency(&mut w, &agency).await.unwrap();
    let kec: Vec<String> = (1..=20).map(|i| format!("64.75.{i:02}")).collect();
    let kec: Vec<&str> = kec.iter().map(String::as_str).collect();
    let d = DatasetInput {
        code: "BENCH-PDDK".into(),
        title: "Penduduk menurut kelompok umur".into(),
        agency_id: agency.id,
        concept: "Penduduk".into(),
        definition: "Uji kinerja".into(),
        topic: "kependudukan".into(),
        frequency: "tahunan".into(),
        licence: "cc_by_4_0".into(),
        confidentiality: class.into(),
        register_responsible: "Uji".into(),
        columns: vec![
            col("kode_wilayah", "code", &kec),
            col("kelurahan", "text", &[]),
            col("tahun", "integer", &[]),
            col("jenis_kelamin", "code", &["L", "P"]),
            col("kelompok_umur", "text", &[]),
            col("jumlah", "integer", &[]),
            col("rasio", "decimal", &[]),
            col("tanggal", "date", &[]),
        ],
        ..Default::default()
    }
    .validate()
    .unwrap();
    let dataset = store.save_dataset(&mut w, None, &d).await.unwrap();
    w.commit().await.unwrap();

    let started = Instant::now();
    let bytes = std::fs::read(path).unwrap();
    let read = started.elapsed();
    let table = check_csv(&d.columns, &bytes);
    assert_eq!(table.error_count, 0, "{:?}", table.errors);
    let checked = started.elapsed();
    let mut w = store.begin_write(Actor::system("bench")).await.unwrap();
    let v = store
        .add_dataset_version(&mut w, &dataset, NewVersion { file_name: "bench.csv", format: "csv", bytes: &bytes, rows: &table.rows, today: "2026-01-01".into() })
        .await
        .unwrap();
    w.commit().await.unwrap();
    let total = started.elapsed();
    println!(
        "simpul ingest ({class}): {} rows, {:.1} MB: read {:.2}s, parse+validate {:.2}s, store {:.2}s, total {:.2}s ({:.0} rows/s)",
        v.row_count,
        bytes.len() as f64 / 1e6,
        read.as_secs_f64(),
        (checked - read).as_secs_f64(),
        (total - checked).as_secs_f64(),
        total.as_secs_f64(),
        v.row_count as f64 / total.as_secs_f64()
    );
    println!("SIMPUL_SECONDS={:.3}", total.as_secs_f64());
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
