//! Large bodies stream through the gateway in both directions without the
//! process's memory growing by anything like the body's size. Alone in its
//! own test binary so that the resident-memory reading is not disturbed by
//! other tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use simpul_gsb::Config;

const SIZE: usize = 50 << 20;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_megabytes_stream_both_ways_without_growing_memory() {
    let up = upstream().await;
    let gw = gateway(table(up), Config { max_body_bytes: 64 << 20, ..test_config() }).await;
    let c = client();
    let expected = digest_of_generated(SIZE);

    // Warm up the connections and the allocator.
    let resp = c.get(format!("{}/echo/big/{}/cl", gw.url, 1 << 20)).bearer_auth(KEY_DINKES).send().await.unwrap();
    assert_eq!(resp.bytes().await.unwrap().len(), 1 << 20);
    let before = rss_kib();

    for variant in ["cl", "chunked"] {
        let resp = c.get(format!("{}/echo/big/{SIZE}/{variant}", gw.url)).bearer_auth(KEY_DINKES).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        let mut stream = resp.bytes_stream();
        let (mut h, mut n) = (Sha256::new(), 0usize);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.unwrap();
            h.update(&chunk);
            n += chunk.len();
        }
        assert_eq!(n, SIZE, "{variant}");
        assert_eq!(hex::encode(h.finalize()), expected, "{variant}: the body arrives intact");
    }

    let upload = futures_util::stream::iter(generated(SIZE).map(Ok::<_, std::io::Error>));
    let resp = c.post(format!("{}/echo/unggah", gw.url)).bearer_auth(KEY_DINKES).body(reqwest::Body::wrap_stream(upload)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(text.contains(&format!("body={expected}\nlen={SIZE}\n")), "{text}");

    let grown = rss_kib().saturating_sub(before);
    assert!(grown < 24 * 1024, "resident memory grew by {grown} KiB while 150 MB passed through");

    let records = gw.records();
    assert_eq!(records.len(), 4);
    for r in &records[1..3] {
        assert_eq!((r.entry.status, r.entry.response_bytes), (200, SIZE as u64));
        assert_eq!(hex::encode(r.entry.response_digest), expected, "the log holds the digest of the delivered body");
    }
    assert_eq!(records[3].entry.request_bytes, SIZE as u64);
    assert_eq!(hex::encode(records[3].entry.request_digest), expected);
}
