//! Message-log benchmark: records per second through the batching writer
//! (every batch signed and fdatasync'ed before its entries are acknowledged),
//! the time to verify the whole log offline, and the time to prove a record
//! near the end through the batch index vs by scanning the log.
//!
//!   cargo run --release -p simpul-gsb-log --example bench -- [RECORDS] [CONCURRENCY] [DIR]
//!
//! Run by `scripts/bench-gsb-log.sh`. Prints figures; asserts nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use simpul_gsb_log::proof::{prove_scan, prove_via, Via};
use simpul_gsb_log::verify::verify_file;
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::{BusKey, Entry, INDEX_FILE, LOG_FILE};

fn entry(i: u64) -> Entry {
    Entry {
        at_micros: 1_790_000_000_000_000 + i as i64,
        request_id: (i as u128).to_be_bytes(),
        client: format!("pd-{:02}-aplikasi", i % 30),
        service: "dukcapil-verifikasi-nik".into(),
        method: "GET".into(),
        path: format!("/v1/penduduk/{}", 6471_0000_0000 + i),
        status: 200,
        request_bytes: 0,
        response_bytes: 1024,
        latency_micros: 800 + i % 500,
        request_digest: [0x11; 32],
        response_digest: [(i % 251) as u8; 32],
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let records: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let concurrency: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(512);
    let tmp = tempfile::tempdir().unwrap();
    let dir = args.get(3).map(std::path::PathBuf::from).unwrap_or_else(|| tmp.path().to_path_buf());
    // A fixed key, so the log can be reopened with it below.
    let key = || BusKey::from_seed([0x5a; 32]);
    let public = key().public();

    let w = LogWriter::open(&dir, key(), Options::default()).unwrap();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..concurrency {
        let a = w.appender();
        tasks.push(tokio::spawn(async move {
            let mut i = t;
            while i < records {
                a.append(entry(i)).await.unwrap();
                i += concurrency;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let write = start.elapsed();
    let batches = w.appender().stats().batches.load(std::sync::atomic::Ordering::Relaxed);
    w.close();
    let size = std::fs::metadata(dir.join(LOG_FILE)).map(|m| m.len()).unwrap_or(0);

    let start = Instant::now();
    let summary = verify_file(&dir.join(LOG_FILE), &[public]).unwrap();
    let verify = start.elapsed();
    assert_eq!(summary.records, records);

    // Reopening verifies the log again and checks the batch index in the same pass.
    let start = Instant::now();
    LogWriter::open(&dir, key(), Options::default()).unwrap().close();
    let reopen = start.elapsed();
    let index_len = std::fs::metadata(dir.join(INDEX_FILE)).map(|m| m.len()).unwrap_or(0);

    // A record near the end: through the index, then by scanning the log as before it.
    let near_end: Vec<u64> = (records.saturating_sub(100)..records).collect();
    let start = Instant::now();
    let mut proofs = Vec::new();
    for &seq in &near_end {
        let (proof, via) = prove_via(&dir, seq).unwrap();
        assert_eq!(via, Via::Index);
        proofs.push(proof.unwrap());
    }
    let indexed = start.elapsed() / near_end.len().max(1) as u32;
    let last = records - 1;
    let start = Instant::now();
    let scanned = prove_scan(&dir, last).unwrap();
    let scan = start.elapsed();
    assert_eq!(scanned.as_ref(), proofs.last());
    let start = Instant::now();
    proofs.last().unwrap().verify(&[public]).unwrap();
    let check = start.elapsed();

    println!("gsb-log benchmark: {records} records, {concurrency} concurrent writers, fdatasync per batch");
    println!("  write:  {:.2} s  → {:.0} records/s  ({batches} batches, {:.0} records/batch, {:.1} MiB)", write.as_secs_f64(), records as f64 / write.as_secs_f64(), records as f64 / batches.max(1) as f64, size as f64 / 1048576.0);
    println!("  verify: {:.2} s for the whole log ({:.0} records/s); reopening (verify + batch index check) {:.2} s", verify.as_secs_f64(), records as f64 / verify.as_secs_f64(), reopen.as_secs_f64());
    println!("  proof of seq {last} (near the end): {:.3} ms through the batch index ({index_len} bytes; mean of {}), {:.0} ms by scanning the log (before the index); checked in {:.3} ms", indexed.as_secs_f64() * 1000.0, near_end.len(), scan.as_secs_f64() * 1000.0, check.as_secs_f64() * 1000.0);
}
