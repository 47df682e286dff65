//! Kept bodies (issue 5 §3): a service with `keep_bodies` has its request
//! and response bodies stored byte-exact under their SHA-256, durable
//! before the record; a service without keeps none; a changed body file is
//! detected against the signed record.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;

use common::*;
use simpul_gsb_log::bodies::{BodyStore, Kept};

fn kept(store: &BodyStore, service: &str, digest: &[u8; 32]) -> Option<Vec<u8>> {
    match store.open_verified(service, digest).unwrap() {
        Kept::Intact(mut f, len) => {
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            assert_eq!(v.len() as u64, len);
            Some(v)
        }
        Kept::Missing => None,
        Kept::Tampered { .. } => panic!("a kept body does not match its record"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_service_stores_both_bodies_and_others_none() {
    let up = upstream().await;
    let gw = gateway_keeping_bodies(table_keeping_bodies(up), simpul_gsb::Config { max_body_bytes: 8 << 20, ..test_config() }).await;
    let store = BodyStore::new(gw.dir.path());
    let c = client();

    // A small request and a small (read whole, one write) response.
    let sent = br#"{"nik":"6471010101010001","layanan":"rujukan"}"#.to_vec();
    let resp = c.post(format!("{}/simpan/rujukan", gw.url)).bearer_auth(KEY_DINKES).body(sent.clone()).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let small_answer = resp.bytes().await.unwrap().to_vec();

    // A streamed upload and a streamed (chunked) download larger than the queue's chunk.
    let big: Vec<u8> = generated(3 << 20).flat_map(|b| b.to_vec()).collect();
    let resp = c.put(format!("{}/simpan/unggah", gw.url)).bearer_auth(KEY_DINKES).body(reqwest::Body::wrap_stream(futures_util::stream::iter(generated(3 << 20).map(Ok::<_, std::io::Error>)))).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let upload_answer = resp.bytes().await.unwrap().to_vec();
    let resp = c.get(format!("{}/simpan/big/{}", gw.url, 2 << 20)).bearer_auth(KEY_DINKES).send().await.unwrap();
    let download = resp.bytes().await.unwrap().to_vec();
    assert_eq!(download.len(), 2 << 20);

    // The same exchange on a service that does not keep bodies.
    let resp = c.post(format!("{}/echo/rujukan", gw.url)).bearer_auth(KEY_DINKES).body(sent.clone()).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.bytes().await.unwrap();

    let records = gw.records();
    assert_eq!(records.len(), 4);
    let r = &records[0].entry;
    assert_eq!(kept(&store, "simpan", &r.request_digest).as_deref(), Some(&sent[..]), "the request body, byte-exact");
    assert_eq!(kept(&store, "simpan", &r.response_digest).as_deref(), Some(&small_answer[..]), "the response body, byte-exact");
    let r = &records[1].entry;
    assert_eq!(r.request_bytes, 3 << 20);
    assert!(kept(&store, "simpan", &r.request_digest) == Some(big.clone()), "the streamed upload, byte-exact");
    assert_eq!(kept(&store, "simpan", &r.response_digest).as_deref(), Some(&upload_answer[..]));
    let r = &records[2].entry;
    assert_eq!(r.request_bytes, 0);
    assert_eq!(kept(&store, "simpan", &r.request_digest).as_deref(), Some(&b""[..]), "an empty request body is kept as the empty file");
    assert!(kept(&store, "simpan", &r.response_digest) == Some(download), "the streamed download, byte-exact");
    let r = &records[3].entry;
    assert_eq!(kept(&store, "echo", &r.request_digest), None);
    assert!(!store.root().join("echo").exists(), "a service without keep_bodies keeps nothing");

    // A changed file is detected against the digest in the signed record.
    let r = &records[0].entry;
    let path = store.path("simpan", &r.request_digest).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[3] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert!(matches!(store.open_verified("simpan", &r.request_digest).unwrap(), Kept::Tampered { .. }));
}
