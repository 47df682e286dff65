//! Dataset ingest benchmark (issue 4, Performance): reads a CSV, checks
//! every row against 8 declared columns and stores it as a dataset version
//! (file with SHA-256, parsed rows) in an embedded SQLite database, in one
//! write transaction as the upload does. Prints the time of the ingest
//! alone (the database is created and migrated before the clock starts).
//!   cargo run --release -p simpul --example bench_ingest -- FILE.csv [terbuka|rahasia] [rows]
//!
//! With `rows`, then times row queries over the stored version through the
//! store's `query_dataset_rows` (what `/api/v1/datasets/{id}/versions/{n}/rows`
//! and CKAN `datastore_search` call): filtered, filtered and sorted, full-text
//! and plain paging, cold (decoding the version) and warm (decoded table
//! cached), printing p50/p99; and, for comparison, the previous way
//! (every block decoded into JSON objects for each query, then filtered).
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

/// User + system CPU time of this process so far (all threads), from /proc (Linux; 100 ticks a second).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<f64> = after.split_whitespace().skip(11).take(2).map(|x| x.parse().unwrap_or(0.0)).collect();
    f.iter().sum::<f64>() / 100.0
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

    let cpu_before = cpu_seconds();
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
    let stored = started.elapsed();
    w.commit().await.unwrap();
    let total = started.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "simpul ingest ({class}): {} rows, {:.1} MB: read {:.2}s, parse+validate {:.2}s, store {:.2}s, commit {:.2}s, total {:.2}s ({:.0} rows/s; CPU time of all threads {:.2}s)",
        v.row_count,
        bytes.len() as f64 / 1e6,
        read.as_secs_f64(),
        (checked - read).as_secs_f64(),
        (stored - checked).as_secs_f64(),
        (total - stored).as_secs_f64(),
        total.as_secs_f64(),
        v.row_count as f64 / total.as_secs_f64(),
        cpu
    );
    println!("SIMPUL_SECONDS={:.3}", total.as_secs_f64());
    println!("SIMPUL_CPU_SECONDS={cpu:.3}");
    if args.get(3).map(String::as_str) == Some("rows") {
        rows::bench(&store, &dataset, &v).await;
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

mod rows {
    use std::time::{Duration, Instant};

    use simpul_store::datasets::{Dataset, DatasetVersion, RowQuery};
    use simpul_store::{PageRequest, Store};

    fn pct(mut d: Vec<Duration>, p: f64) -> f64 {
        d.sort();
        let i = ((d.len() as f64 - 1.0) * p).round() as usize;
        d[i].as_secs_f64() * 1000.0
    }

    fn report(what: &str, d: Vec<Duration>, total: i64) {
        println!("  {what}: n={}, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (last total {total})", d.len(), pct(d.clone(), 0.5), pct(d.clone(), 0.99), pct(d, 1.0));
    }

    fn filter(i: usize) -> RowQuery {
        RowQuery { filters: vec![("kode_wilayah".into(), format!("64.75.{:02}", i % 20 + 1))], ..Default::default() }
    }

    async fn time(store: &Store, d: &Dataset, v: &DatasetVersion, n: usize, q: impl Fn(usize) -> (RowQuery, PageRequest)) -> (Vec<Duration>, i64) {
        let mut out = Vec::with_capacity(n);
        let mut total = 0;
        for i in 0..n {
            let (rq, page) = q(i);
            let t = Instant::now();
            let p = store.query_dataset_rows(v, &d.columns, &rq, page).await.unwrap();
            out.push(t.elapsed());
            assert!(p.items.len() <= page.per_page as usize);
            total = p.total;
        }
        (out, total)
    }

    /// The previous implementation: every block decoded into objects, filtered, paged.
    async fn previous(store: &Store, d: &Dataset, v: &DatasetVersion, i: usize) -> (Duration, i64) {
        let t = Instant::now();
        let blocks: Vec<String> = sqlx::query_scalar("SELECT data FROM dataset_rows WHERE version_id = $1 ORDER BY row_no").bind(v.id).fetch_all(store.pool()).await.unwrap();
        let mut rows = Vec::new();
        for b in blocks {
            let block: Vec<(i64, Vec<serde_json::Value>)> = serde_json::from_str(&b).unwrap();
            rows.extend(block.into_iter().map(|(n, values)| (n, simpul_domain::datasets::row_object(&d.columns, values))));
        }
        let wanted = format!("64.75.{:02}", i % 20 + 1);
        rows.retain(|(_, r)| simpul_domain::datasets::cell_text(r.get("kode_wilayah")).to_lowercase() == wanted);
        let total = rows.len() as i64;
        let _page: Vec<_> = rows.drain(..100.min(rows.len())).collect();
        (t.elapsed(), total)
    }

    pub async fn bench(store: &Store, d: &Dataset, v: &DatasetVersion) {
        let page = |p: u32| PageRequest::new(Some(p), Some(100));
        println!("row queries over {} rows (per_page 100):", v.row_count);
        if !v.encrypted {
            let mut before = Vec::new();
            let mut total = 0;
            for i in 0..3 {
                let (d, t) = previous(store, d, v, i).await;
                before.push(d);
                total = t;
            }
            report("previous way, filter kode_wilayah (every query decodes every block into objects)", before, total);
        }
        // Cold: a store without a cache decodes the version for every query.
        let cold = store.clone().with_row_cache_bytes(0);
        let (c, total) = time(&cold, d, v, 5, |i| (filter(i), page(1))).await;
        report("cold (decode the version), filter kode_wilayah", c, total);
        if v.encrypted {
            println!("  (rahasia versions are never cached: every query is cold)");
            return;
        }
        let (w, total) = time(store, d, v, 1, |i| (filter(i), page(1))).await;
        report("first query, filling the cache", w, total);
        let (w, total) = time(store, d, v, 500, |i| (filter(i), page(1 + (i % 50) as u32))).await;
        report("warm, filter kode_wilayah (~50,000 matches), pages 1-50", w, total);
        let (w, total) = time(store, d, v, 500, |i| {
            let mut q = filter(i);
            q.filters.push(("jenis_kelamin".into(), if i % 2 == 0 { "p".into() } else { "L".into() }));
            q.filters.push(("tahun".into(), format!("{}", 2015 + i % 10)));
            (q, page(1))
        })
        .await;
        report("warm, 3 filters (kode_wilayah, jenis_kelamin, tahun)", w, total);
        let (w, total) = time(store, d, v, 200, |i| {
            let mut q = filter(i);
            q.sort = Some("jumlah".into());
            q.desc = i % 2 == 0;
            (q, page(1))
        })
        .await;
        report("warm, filter + sort by jumlah", w, total);
        let (w, total) = time(store, d, v, 200, |i| (RowQuery { q: Some(format!("Kelurahan {}", 100 + i % 300)), ..Default::default() }, page(1))).await;
        report("warm, q full-text over all columns", w, total);
        let (w, total) = time(store, d, v, 500, |i| (RowQuery::default(), page(1 + (i * 97 % 10_000) as u32))).await;
        report("warm, paging without filter (random pages)", w, total);
        let (versions, bytes) = store.row_cache().usage();
        println!("  cache: {versions} version(s), ~{:.0} MB estimated", bytes as f64 / 1e6);
    }
}
