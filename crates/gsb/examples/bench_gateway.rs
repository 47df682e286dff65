//! The gateway as `scripts/bench-gsb.sh` runs it: one service `bench` in
//! front of UPSTREAM, one client key `bench-key` with a right to every
//! operation, a rate limit high enough never to limit, and the durable
//! signed message log (every batch `fdatasync`ed) in LOG_DIR.
//!
//!   cargo run --release -p simpul-gsb --example bench_gateway -- LISTEN UPSTREAM LOG_DIR
//!
//! Prints `ready` once it listens; runs until killed. With
//! `GSB_BENCH_FSYNC=0` batches are not `fdatasync`ed (only to show what
//! durability costs; never how the gateway runs); `GSB_BENCH_INTERVAL=µs`
//! sets the log's batch interval under load and `GSB_BENCH_WORKERS=n` the
//! number of gateway threads (to compare settings). Every second it prints
//! `records N batches M` (the mean batch size).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use simpul_gsb::{Config, GatewayHandle, Grant, Key, Service, Table};
use simpul_gsb_log::BusKey;
use simpul_gsb_log::writer::{LogWriter, Options};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, listen, upstream, log_dir] = args.as_slice() else {
        eprintln!("usage: bench_gateway LISTEN UPSTREAM LOG_DIR");
        std::process::exit(2);
    };
    let mut table = Table::default();
    table.services.insert(
        "bench".into(),
        Service { upstream: upstream.clone(), data_service: false, rate_per_minute: 1_000_000_000, keep_bodies: false, outbound_authorization: None },
    );
    table.add_key("bench-key", Key { client_code: "bench-client".into(), client_id: 1, agency_id: 1, expires_at: None, cert_sha256: None });
    table.grants.insert((1, "bench".into()), Grant { operations: None, expires_at: None });

    let fsync = std::env::var("GSB_BENCH_FSYNC").map_or(true, |v| v != "0");
    let writer = LogWriter::open(std::path::Path::new(log_dir), BusKey::generate(), Options { fsync, batch_interval: std::time::Duration::from_micros(std::env::var("GSB_BENCH_INTERVAL").ok().and_then(|v| v.parse().ok()).unwrap_or(simpul_gsb_log::writer::BATCH_INTERVAL_MICROS)), ..Options::default() }).expect("log directory");
    // Records and batches so far, every second (the last line tells the mean batch size).
    let appender = writer.appender();
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
        let s = appender.stats();
        println!("records {} batches {}", s.records.load(std::sync::atomic::Ordering::Relaxed), s.batches.load(std::sync::atomic::Ordering::Relaxed));
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen.as_str()).await.expect("listen address");
        println!("ready");
        let handle = GatewayHandle::new(table);
        // On a worker thread, as inside `simpul serve`.
        tokio::spawn(simpul_gsb::serve(listener, handle, writer.appender(), Config { workers: std::env::var("GSB_BENCH_WORKERS").ok().and_then(|v| v.parse().ok()).unwrap_or(0), ..Config::default() })).await.unwrap().unwrap();
    });
}
