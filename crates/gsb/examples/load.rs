//! A small load generator for `scripts/bench-gsb.sh` (wrk cannot hold a
//! fixed rate, and wrk2 is not packaged in Debian).
//!
//!   load rate URL RATE SECONDS [BEARER]
//!       sends RATE requests per second on a fixed schedule over pooled
//!       keep-alive connections and prints `p50_us p99_us requests errors`;
//!       latency runs from each request's scheduled start, so a stall is
//!       not hidden (no coordinated omission).
//!   load hold HOST:PORT CONNECTIONS PATH BEARER SECONDS
//!       opens CONNECTIONS keep-alive connections, makes one request on
//!       each, prints `held N` and keeps them open for SECONDS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    match args.first().map(String::as_str) {
        Some("rate") => runtime.block_on(rate(&args[1], args[2].parse().unwrap(), args[3].parse().unwrap(), args.get(4).cloned())),
        Some("hold") => runtime.block_on(hold(&args[1], args[2].parse().unwrap(), &args[3], &args[4], args[5].parse().unwrap())),
        _ => {
            eprintln!("usage: load rate URL RATE SECONDS [BEARER] | load hold HOST:PORT N PATH BEARER SECONDS");
            std::process::exit(2);
        }
    }
}

async fn rate(url: &str, rate: u64, seconds: u64, bearer: Option<String>) {
    let client: Client<HttpConnector, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(HttpConnector::new());
    let uri: hyper::Uri = url.parse().unwrap();
    let latencies = Arc::new(Mutex::new(Vec::with_capacity((rate * seconds) as usize)));
    let errors = Arc::new(Mutex::new(0u64));
    let period = Duration::from_nanos(1_000_000_000 / rate);
    let start = tokio::time::Instant::now();
    let total = rate * seconds;
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let scheduled = start + period * i as u32;
        tokio::time::sleep_until(scheduled).await;
        let (client, uri, bearer, latencies, errors) = (client.clone(), uri.clone(), bearer.clone(), latencies.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut req = hyper::Request::get(uri);
            if let Some(b) = bearer {
                req = req.header("authorization", format!("Bearer {b}"));
            }
            let ok = match client.request(req.body(Empty::new()).unwrap()).await {
                Ok(resp) => resp.status() == 200 && resp.into_body().collect().await.is_ok(),
                Err(_) => false,
            };
            let took = scheduled.elapsed();
            if ok {
                latencies.lock().unwrap().push(took.as_micros() as u64);
            } else {
                *errors.lock().unwrap() += 1;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let mut l = latencies.lock().unwrap().clone();
    l.sort_unstable();
    let pct = |p: f64| l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1))).copied().unwrap_or(0);
    println!("{} {} {} {}", pct(0.50), pct(0.99), l.len(), errors.lock().unwrap());
}

async fn hold(addr: &str, n: usize, path: &str, bearer: &str, seconds: u64) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {bearer}\r\n\r\n");
    let started = Instant::now();
    let mut held = Vec::with_capacity(n);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let (addr, request) = (addr.to_string(), request.clone());
        tasks.spawn(async move {
            let mut s = tokio::net::TcpStream::connect(&addr).await.ok()?;
            s.write_all(request.as_bytes()).await.ok()?;
            let mut buf = vec![0u8; 4096];
            let got = s.read(&mut buf).await.ok()?;
            (got > 0 && buf.starts_with(b"HTTP/1.1 200")).then_some(s)
        });
        if i % 256 == 255 {
            while let Some(r) = tasks.join_next().await {
                held.extend(r.ok().flatten());
            }
        }
    }
    while let Some(r) = tasks.join_next().await {
        held.extend(r.ok().flatten());
    }
    println!("held {} in {:?}", held.len(), started.elapsed());
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    drop(held);
}
