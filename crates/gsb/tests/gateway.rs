//! The gateway end to end: a real upstream, real HTTP clients, the real
//! signed message log, read back through inclusion proofs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::*;
use simpul_gsb::{Config, Service};

fn lines(body: &str) -> HashMap<String, String> {
    body.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

async fn call(c: &reqwest::Client, method: reqwest::Method, url: String, key: Option<&str>, body: Option<Vec<u8>>) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = c.request(method, url);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap())
}

async fn get(c: &reqwest::Client, url: String, key: &str) -> (u16, reqwest::header::HeaderMap, String) {
    call(c, reqwest::Method::GET, url, Some(key), None).await
}

/// The JSON error code of a refusal.
fn code(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON error body, got {body:?}"));
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "a message: {body}");
    v["error"]["code"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_call_passes_identity_and_its_digests_are_logged() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;
    let c = client();

    let (status, headers, body) = get(&c, format!("{}/echo/pasien/6471?rinci=ya", gw.url), KEY_DINKES).await;
    assert_eq!(status, 200, "{body}");
    let seen = lines(&body);
    assert_eq!(seen["method"], "GET");
    assert_eq!(seen["path"], "/pasien/6471?rinci=ya", "the rest of the path and the query reach the upstream");
    assert_eq!(seen["client"], "dinkes-sehat");
    assert_eq!(seen["agency"], "7");
    assert_eq!(seen["auth"], "", "the client's key never reaches the upstream");
    let rid = headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(seen["rid"], rid, "the client and the upstream see the same request id");
    assert_eq!(rid.len(), 32);

    let sent = b"{\"nik\":\"6471010101010001\"}".to_vec();
    let (status, _, post_body) = call(&c, reqwest::Method::POST, format!("{}/echo/rujukan", gw.url), Some(KEY_DINKES), Some(sent.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(lines(&post_body)["body"], sha_hex(&sent), "the request body streams through unchanged");

    // An external bus gets the service's own credentials instead.
    let (_, _, luar) = get(&c, format!("{}/luar/x", gw.url), KEY_DINKES).await;
    assert_eq!(lines(&luar)["auth"], "Basic cHJvdjpyYWhhc2lh");

    // Spoofed identity headers are replaced.
    let resp = c.get(format!("{}/echo/x", gw.url)).bearer_auth(KEY_DINKES).header("x-simpul-client", "palsu").header("x-simpul-agency", "1").send().await.unwrap();
    let spoof = lines(&resp.text().await.unwrap());
    assert_eq!((spoof["client"].as_str(), spoof["agency"].as_str()), ("dinkes-sehat", "7"));

    // Empty bodies (204) are logged before they are answered.
    let (status, _, _) = get(&c, format!("{}/echo/empty", gw.url), KEY_DINKES).await;
    assert_eq!(status, 204);

    let records = gw.records();
    assert_eq!(records.len(), 5, "one durable record per exchange");
    let first = &records[0].entry;
    assert_eq!((first.client.as_str(), first.service.as_str(), first.method.as_str(), first.path.as_str(), first.status), ("dinkes-sehat", "echo", "GET", "/pasien/6471?rinci=ya", 200));
    assert_eq!(hex::encode(first.request_id), rid);
    assert_eq!(hex::encode(first.response_digest), sha_hex(body.as_bytes()), "the digest of exactly what the client received");
    assert_eq!(first.response_bytes, body.len() as u64);
    assert_eq!(first.request_bytes, 0);
    assert!(first.latency_micros > 0);
    let post = &records[1].entry;
    assert_eq!((post.method.as_str(), post.request_bytes), ("POST", sent.len() as u64));
    assert_eq!(hex::encode(post.request_digest), sha_hex(&sent));
    assert_eq!(hex::encode(post.response_digest), sha_hex(post_body.as_bytes()));
    assert_eq!(records[4].entry.status, 204);

    metrics_show(
        &gw,
        &[
            "simpul_gsb_requests_total{service=\"echo\",outcome=\"upstream_2xx\",error=\"false\"} 4",
            "simpul_gsb_client_requests_total{client=\"dinkes-sehat\",outcome=\"upstream_2xx\",error=\"false\"} 5",
            "simpul_gsb_request_duration_seconds_count{service=\"luar\"} 1",
        ],
    );
}

fn metrics_show(gw: &Gw, expected: &[&str]) {
    let metrics = gw.handle.render_metrics();
    for line in expected {
        assert!(metrics.lines().any(|l| l == *line), "{line} in\n{metrics}");
    }
}

#[tokio::test]
async fn every_refusal_has_its_status_code_and_a_record() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;
    let c = client();
    let u = |p: &str| format!("{}{p}", gw.url);
    use reqwest::Method;

    type Case<'a> = (&'a str, Method, String, Option<&'a str>, Option<Vec<u8>>, u16, &'a str);
    let cases: Vec<Case> = vec![
        ("no key", Method::GET, u("/echo/x"), None, None, 401, "unauthorized"),
        ("unknown key", Method::GET, u("/echo/x"), Some("kunci-asal"), None, 401, "unauthorized"),
        ("expired key", Method::GET, u("/echo/x"), Some(KEY_EXPIRED), None, 401, "key_expired"),
        ("no right to the service", Method::GET, u("/echo/x"), Some(KEY_DISDIK), None, 403, "no_access"),
        ("operation not granted", Method::POST, u("/operasi/pasien/6471"), Some(KEY_DINKES), Some(b"{}".to_vec()), 403, "operation_not_allowed"),
        ("path outside the operation", Method::GET, u("/operasi/pasien/6471/riwayat"), Some(KEY_DINKES), None, 403, "operation_not_allowed"),
        ("write to a data service", Method::POST, u("/data/penduduk"), Some(KEY_DINKES), Some(b"{}".to_vec()), 403, "read_only"),
        ("delete on a data service", Method::DELETE, u("/data/penduduk/1"), Some(KEY_DINKES), None, 403, "read_only"),
        ("unknown service", Method::GET, u("/tidak-ada/x"), Some(KEY_DINKES), None, 404, "unknown_service"),
        ("no service at all", Method::GET, u("/"), Some(KEY_DINKES), None, 404, "unknown_service"),
        ("body over the limit", Method::POST, u("/echo/unggah"), Some(KEY_DINKES), Some(vec![7u8; (1 << 20) + 1]), 413, "payload_too_large"),
        ("upstream down", Method::GET, u("/mati/x"), Some(KEY_DINKES), None, 502, "upstream_error"),
        ("upstream hangs", Method::GET, u("/macet"), Some(KEY_DINKES), None, 504, "upstream_timeout"),
    ];
    for (what, method, url, key, body, status, expected) in &cases {
        let (got, headers, text) = call(&c, method.clone(), url.clone(), *key, body.clone()).await;
        assert_eq!(got, *status, "{what}: {text}");
        assert_eq!(code(&text), *expected, "{what}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"), "{what}");
        assert!(headers.contains_key("x-request-id"), "{what}");
    }

    // Allowed: the granted operation, and reading a data service (GET, HEAD).
    assert_eq!(get(&c, u("/operasi/pasien/6471"), KEY_DINKES).await.0, 200);
    assert_eq!(get(&c, u("/data/penduduk/1"), KEY_DINKES).await.0, 200);
    assert_eq!(call(&c, Method::HEAD, u("/data/penduduk/1"), Some(KEY_DINKES), None).await.0, 200);

    // Rate limit: three a minute, then 429 with Retry-After.
    for _ in 0..3 {
        assert_eq!(get(&c, u("/terbatas/x"), KEY_DINKES).await.0, 200);
    }
    let (status, headers, text) = get(&c, u("/terbatas/x"), KEY_DINKES).await;
    assert_eq!((status, code(&text).as_str()), (429, "rate_limited"));
    assert_eq!(headers["retry-after"], "60");

    let records = gw.records();
    assert_eq!(records.len(), cases.len() + 3 + 4, "refused exchanges are logged too");
    for (i, (what, _, _, key, _, status, _)) in cases.iter().enumerate() {
        let e = &records[i].entry;
        assert_eq!(e.status, *status, "{what}");
        let expected_client = match *key {
            Some(KEY_DINKES) => "dinkes-sehat",
            Some(KEY_DISDIK) => "disdik-sekolah",
            Some(KEY_EXPIRED) => "dinkes-lama",
            _ => "",
        };
        assert_eq!(e.client, expected_client, "{what}: unknown keys are logged without a client, and never the key");
    }
    assert_eq!(records[4].entry.service, "operasi");
    assert!(records[12].entry.latency_micros >= 450_000, "the hung upstream was given its response timeout");
    metrics_show(
        &gw,
        &[
            "simpul_gsb_client_requests_total{client=\"-\",outcome=\"unauthorized\",error=\"true\"} 2",
            "simpul_gsb_requests_total{service=\"terbatas\",outcome=\"rate_limited\",error=\"true\"} 1",
            "simpul_gsb_requests_total{service=\"macet\",outcome=\"gateway_timeout\",error=\"true\"} 1",
        ],
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;
    let stream = futures_util::stream::iter(generated(3 << 20).map(Ok::<_, std::io::Error>));
    let resp = client().post(format!("{}/echo/unggah", gw.url)).bearer_auth(KEY_DINKES).body(reqwest::Body::wrap_stream(stream)).send().await;
    // The gateway answers 413 as soon as the limit is crossed; a client
    // still writing may see the connection closed under it instead.
    if let Ok(resp) = resp {
        assert_eq!(resp.status(), 413);
        assert_eq!(code(&resp.text().await.unwrap()), "payload_too_large");
    }
    let records = gw.records();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].entry.status, 413);
    assert!(records[0].entry.request_bytes > 1 << 20 && records[0].entry.request_bytes <= (1 << 20) + (64 << 10));
}

#[tokio::test]
async fn an_upstream_failing_repeatedly_is_marked_unhealthy_and_the_health_check_brings_it_back() {
    let up = upstream().await;
    // A port with nothing on it (yet).
    let spare = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let spare_addr = spare.local_addr().unwrap();
    drop(spare);
    let mut t = table(up);
    t.services.insert("pulih".into(), common::service(&format!("http://{spare_addr}")));
    t.grants.insert((DINKES, "pulih".into()), simpul_gsb::Grant { operations: None, expires_at: None });
    let config = Config { unhealthy_after: 2, unhealthy_for: Duration::from_secs(60), health_interval: Some(Duration::from_millis(100)), ..test_config() };
    let c = client();

    // Repeated failures: 502 until the threshold, then 503 without trying.
    // (Without the background probe, which would mark `mati` down on its own.)
    let unprobed = gateway(t.clone(), Config { health_interval: None, ..config.clone() }).await;
    assert_eq!(code(&get(&c, format!("{}/mati/x", unprobed.url), KEY_DINKES).await.2), "upstream_error");
    assert_eq!(code(&get(&c, format!("{}/mati/x", unprobed.url), KEY_DINKES).await.2), "upstream_error");
    let (status, _, text) = get(&c, format!("{}/mati/x", unprobed.url), KEY_DINKES).await;
    assert_eq!((status, code(&text).as_str()), (503, "upstream_unavailable"));
    // Others are not affected.
    assert_eq!(get(&c, format!("{}/echo/x", unprobed.url), KEY_DINKES).await.0, 200);
    assert_eq!(unprobed.records().iter().map(|r| r.entry.status).collect::<Vec<_>>(), vec![502, 502, 503, 200]);

    let gw = gateway(t, config).await;

    // The background probe marks the missing upstream down...
    tokio::time::sleep(Duration::from_millis(350)).await;
    let (status, _, text) = get(&c, format!("{}/pulih/x", gw.url), KEY_DINKES).await;
    assert_eq!((status, code(&text).as_str()), (503, "upstream_unavailable"));
    // ...and up again once it listens.
    upstream_on(tokio::net::TcpListener::bind(spare_addr).await.unwrap()).await;
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let (status, _, _) = get(&c, format!("{}/pulih/x", gw.url), KEY_DINKES).await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the health check brings the upstream back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    gw.verify();
}

#[tokio::test]
async fn a_revoked_right_is_refused_from_the_next_request_without_disturbing_others() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;
    let replaced = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));

    // BAPPEDA keeps calling over its keep-alive connections throughout.
    let others = {
        let (url, stop) = (format!("{}/echo/renbang", gw.url), stop.clone());
        tokio::spawn(async move {
            let c = client();
            let (mut ok, mut failed) = (0u64, 0u64);
            while !stop.load(Ordering::Relaxed) {
                let served = match c.get(&url).bearer_auth(KEY_BAPPEDA).send().await {
                    Ok(r) => r.status() == 200 && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if served {
                    ok += 1;
                } else {
                    failed += 1;
                }
            }
            (ok, failed)
        })
    };

    // DINKES loops until refused.
    let dinkes = {
        let (url, replaced) = (format!("{}/echo/rujukan", gw.url), replaced.clone());
        tokio::spawn(async move {
            let c = client();
            let ok_before = AtomicU64::new(0);
            loop {
                let after = replaced.load(Ordering::SeqCst);
                let r = c.get(&url).bearer_auth(KEY_DINKES).send().await.unwrap();
                let status = r.status().as_u16();
                let text = r.text().await.unwrap();
                // A request sent just before `replace` may be checked just after it.
                if after || (status != 200 && replaced.load(Ordering::SeqCst)) {
                    return (ok_before.load(Ordering::Relaxed), status, text);
                }
                assert_eq!(status, 200);
                ok_before.fetch_add(1, Ordering::Relaxed);
            }
        })
    };

    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut revoked = gw.handle.table();
    revoked.grants.remove(&(DINKES, "echo".to_string()));
    gw.handle.replace(revoked);
    replaced.store(true, Ordering::SeqCst);

    let (ok_before, status, text) = dinkes.await.unwrap();
    assert!(ok_before > 5, "DINKES was served before the revocation ({ok_before})");
    assert_eq!((status, code(&text).as_str()), (403, "no_access"), "the first request after replace() is refused");

    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let (ok, failed) = others.await.unwrap();
    assert!(ok > 10, "BAPPEDA kept being served ({ok})");
    assert_eq!(failed, 0, "no request of another client failed or lost its connection");
    let summary = gw.verify();
    assert!(summary.records > ok + ok_before);
}

#[tokio::test]
async fn a_slow_upstream_does_not_delay_a_fast_one() {
    let fast = upstream().await;
    let slow = upstream().await;
    let mut t = table(fast);
    t.services.insert("lambat".into(), Service { ..common::service(&format!("http://{slow}/slow")) });
    t.grants.insert((DINKES, "lambat".into()), simpul_gsb::Grant { operations: None, expires_at: None });
    let gw = gateway(t, Config { response_timeout: Duration::from_secs(10), ..test_config() }).await;

    let slow_calls: Vec<_> = (0..32)
        .map(|_| {
            let url = format!("{}/lambat/1500", gw.url);
            tokio::spawn(async move {
                let resp = client().get(url).bearer_auth(KEY_DINKES).send().await.unwrap();
                (resp.status().as_u16(), resp.text().await.unwrap())
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let c = client();
    let started = Instant::now();
    for _ in 0..20 {
        assert_eq!(get(&c, format!("{}/echo/cepat", gw.url), KEY_DINKES).await.0, 200);
    }
    let fast_time = started.elapsed();
    assert!(fast_time < Duration::from_millis(750), "20 fast calls took {fast_time:?} while 32 slow ones were waiting");
    for s in slow_calls {
        assert_eq!(s.await.unwrap(), (200, "lambat".to_string()));
    }
    assert_eq!(gw.verify().records, 52);
}

#[tokio::test]
async fn poll_loop_installs_a_new_version_only() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;
    let c = client();
    assert_eq!(get(&c, format!("{}/echo/x", gw.url), KEY_BAPPEDA).await.0, 200);
    let loads = Arc::new(AtomicU64::new(0));
    let revoked = {
        let mut t = gw.handle.table();
        t.keys.retain(|_, k| k.client_id != BAPPEDA);
        t
    };
    let task = {
        let (loads, revoked) = (loads.clone(), revoked.clone());
        tokio::spawn(simpul_gsb::poll_loop(gw.handle.clone(), Duration::from_millis(20), move |last| {
            let (loads, revoked) = (loads.clone(), revoked.clone());
            async move {
                loads.fetch_add(1, Ordering::Relaxed);
                // The registry's version is 2; nothing to do once installed.
                (last != Some(2)).then_some((2, revoked))
            }
        }))
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    task.abort();
    assert!(loads.load(Ordering::Relaxed) >= 3);
    let (status, _, text) = get(&c, format!("{}/echo/x", gw.url), KEY_BAPPEDA).await;
    assert_eq!((status, code(&text).as_str()), (401, "unauthorized"), "a removed key is refused");
    assert_eq!(get(&c, format!("{}/echo/x", gw.url), KEY_DINKES).await.0, 200);
}

#[tokio::test]
async fn a_client_gone_mid_body_is_recorded_with_what_it_was_sent() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;
    let mut resp = client().get(format!("{}/echo/big/{}", gw.url, 64 << 20)).bearer_auth(KEY_DINKES).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let first = resp.chunk().await.unwrap().unwrap();
    assert!(!first.is_empty());
    drop(resp);
    let deadline = Instant::now() + Duration::from_secs(5);
    while gw.verify().records == 0 {
        assert!(Instant::now() < deadline, "the abandoned exchange is logged");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let records = gw.records();
    assert_eq!(records[0].entry.status, 499);
    assert!(records[0].entry.response_bytes >= first.len() as u64 && records[0].entry.response_bytes < 64 << 20);
}

#[tokio::test]
async fn an_upstream_that_accepts_no_connection_times_out_with_504() {
    // A listener that never accepts, its backlog filled: further connection
    // attempts get no answer.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        if let Ok(Ok(s)) = tokio::time::timeout(Duration::from_millis(100), tokio::net::TcpStream::connect(addr)).await {
            fillers.push(s);
        }
    }
    let up = upstream().await;
    let mut t = table(up);
    t.services.insert("penuh".into(), common::service(&format!("http://{addr}")));
    t.grants.insert((DINKES, "penuh".into()), simpul_gsb::Grant { operations: None, expires_at: None });
    let gw = gateway(t, Config { connect_timeout: Duration::from_millis(300), response_timeout: Duration::from_secs(5), ..test_config() }).await;
    let started = Instant::now();
    let (status, _, text) = get(&client(), format!("{}/penuh/x", gw.url), KEY_DINKES).await;
    assert_eq!((status, code(&text).as_str()), (504, "upstream_timeout"));
    assert!(started.elapsed() < Duration::from_secs(3), "the connect timeout, not the response timeout");
    assert_eq!(gw.records()[0].entry.status, 504);
    drop(listener);
}
