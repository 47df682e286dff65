//! Bad input at the HTTP level, each sent over a raw TCP connection: an
//! oversized header section (431), a request line hyper cannot parse (400),
//! and a client that stops sending its request body mid-way (408 after the
//! idle timeout). Each answer is the gateway's JSON error, and each
//! exchange has its record in the signed log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `request` and reads the answer until the gateway closes the
/// connection or `within` passes; returns (status, headers+body as text).
async fn raw(gw: &Gw, request: &[u8], within: Duration) -> (u16, String) {
    let mut s = TcpStream::connect(gw.url.trim_start_matches("http://")).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => {
                out.extend_from_slice(&buf[..n]);
                if let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&out[..end]).to_ascii_lowercase();
                    let len: usize = head.lines().find_map(|l| l.strip_prefix("content-length: ")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                    if out.len() >= end + 4 + len {
                        break;
                    }
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

fn json_error(text: &str, code: &str) {
    assert!(text.to_ascii_lowercase().contains("content-type: application/json"), "{text}");
    assert!(text.to_ascii_lowercase().contains("x-request-id: "), "{text}");
    assert!(text.contains(&format!("\"code\":\"{code}\"")), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_headers_and_malformed_requests_get_json_errors_and_records() {
    let up = upstream().await;
    let gw = gateway(table(up), test_config()).await;

    let big = format!("GET /echo/x HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nX-Isi: {}\r\n\r\n", "a".repeat(100 * 1024));
    let (status, text) = raw(&gw, big.as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(status, 431, "{text}");
    json_error(&text, "request_headers_too_large");

    let (status, text) = raw(&gw, b"BUKAN PERMINTAAN HTTP\r\n\r\n", Duration::from_secs(5)).await;
    assert_eq!(status, 400, "{text}");
    json_error(&text, "bad_request");
    let (status, text) = raw(&gw, b"GET /echo/x HTTP/1.1\r\nHost: gw\r\nHeader Rusak\r\n\r\n", Duration::from_secs(5)).await;
    assert_eq!(status, 400, "{text}");
    json_error(&text, "bad_request");

    // A good request on its own connection is unaffected.
    let (status, text) = raw(&gw, format!("GET /echo/ok HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nConnection: close\r\n\r\n").as_bytes(), Duration::from_secs(5)).await;
    assert_eq!(status, 200, "{text}");

    let records = gw.records();
    let statuses: Vec<u16> = records.iter().map(|r| r.entry.status).collect();
    assert_eq!(statuses, vec![431, 400, 400, 200], "every refusal has its record, before its answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_sending_its_body_is_timed_out_and_logged() {
    let up = upstream().await;
    let gw = gateway(table(up), simpul_gsb::Config { body_idle_timeout: Duration::from_millis(200), response_timeout: Duration::from_secs(5), ..test_config() }).await;
    let head = format!("POST /echo/unggah HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nContent-Length: 1000\r\n\r\n0123456789");
    let started = Instant::now();
    let (status, text) = raw(&gw, head.as_bytes(), Duration::from_secs(4)).await;
    assert_eq!(status, 408, "{text}");
    json_error(&text, "request_timeout");
    assert!(started.elapsed() < Duration::from_secs(2), "answered after the idle timeout, not the response timeout: {:?}", started.elapsed());

    // A slow but steady client is not cut: 5 pieces 100 ms apart.
    let mut s = TcpStream::connect(gw.url.trim_start_matches("http://")).await.unwrap();
    s.write_all(format!("POST /echo/unggah HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nContent-Length: 50\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        s.write_all(b"0123456789").await.unwrap();
    }
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    assert!(out.starts_with("HTTP/1.1 200") && out.contains("len=50"), "{out}");

    let records = gw.records();
    assert_eq!((records[0].entry.status, records[0].entry.request_bytes, records[0].entry.client.as_str()), (408, 10, "dinkes-sehat"));
    assert_eq!((records[1].entry.status, records[1].entry.request_bytes), (200, 50));
}
