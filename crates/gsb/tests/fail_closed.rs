//! When the message log cannot be written: fail-closed (the default)
//! refuses traffic and never completes an unlogged response; fail-open
//! keeps traffic flowing and counts what went unlogged. The log's writes
//! are made to fail with RLIMIT_FSIZE, which holds for the whole process:
//! hence a test binary of its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use simpul_gsb::Config;

/// Every later write to a regular file past its first byte fails with EFBIG.
fn make_file_writes_fail() {
    // SAFETY: plain libc calls with valid arguments; ignoring SIGXFSZ turns
    // the signal into an EFBIG error from write(2).
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let limit = libc::rlimit { rlim_cur: 1, rlim_max: libc::RLIM_INFINITY };
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

#[tokio::test]
async fn an_unwritable_log_stops_traffic_when_fail_closed_and_is_counted_when_fail_open() {
    let up = upstream().await;
    let closed = gateway(table(up), test_config()).await;
    let open = gateway(table(up), Config { fail_closed: false, ..test_config() }).await;
    let c = client();
    for gw in [&closed, &open] {
        let resp = c.get(format!("{}/echo/x", gw.url)).bearer_auth(KEY_DINKES).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        resp.text().await.unwrap();
    }

    make_file_writes_fail();

    // Fail-closed: the upstream's answer whose record cannot be written is
    // not delivered: a small one is replaced by 503, a streamed one is cut
    // before its end...
    let resp = c.get(format!("{}/echo/big/1000000/cl", closed.url)).bearer_auth(KEY_DINKES).send().await.unwrap();
    assert_eq!(resp.status(), 200, "a streamed response starts before its record is due");
    assert!(resp.bytes().await.is_err(), "and is cut before its end when the record cannot be written");
    for path in ["/echo/x", "/echo/big/1000000"] {
        let resp = c.get(format!("{}{path}", closed.url)).bearer_auth(KEY_DINKES).send().await;
        let delivered = match resp {
            Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
            Ok(r) => {
                assert_eq!(r.status(), 503, "{path}");
                false
            }
            Err(_) => false,
        };
        assert!(!delivered, "{path}: a response without a durable record is never delivered whole");
    }
    // ...and from then on nothing is let through.
    for path in ["/echo/x", "/tidak-ada/x"] {
        let resp = c.get(format!("{}{path}", closed.url)).bearer_auth(KEY_DINKES).send().await.unwrap();
        assert_eq!(resp.status(), 503);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "log_unavailable");
    }

    // Fail-open: traffic flows, counted as unlogged.
    for _ in 0..3 {
        let resp = c.get(format!("{}/echo/x", open.url)).bearer_auth(KEY_DINKES).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert!(resp.text().await.unwrap().contains("client=dinkes-sehat"));
    }
    let metrics = open.handle.render_metrics();
    assert!(metrics.lines().any(|l| l == "simpul_gsb_unlogged_total{service=\"echo\"} 3"), "{metrics}");

    // What was acknowledged before stays verifiable.
    assert_eq!(closed.verify().records, 1);
    assert_eq!(open.verify().records, 1);
}
