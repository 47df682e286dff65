//! Bad input at the HTTP level, each sent over a raw TCP connection: an
//! oversized header section (431), a request line hyper cannot parse (400),
//! and a client that stops sending its request body mid-way (408 after the
//! idle timeout), and a request head left unfinished or trickling in past
//! the head timeout (408). Each answer is the gateway's JSON error, and each
//! exchange has its record in the signed log; idle keep-alive connections
//! are closed without either.
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
    let text = response(&mut s, within).await;
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

/// Reads one response (head and a `Content-Length` body) from `s`, or
/// what arrived before the connection closed or `within` passed.
async fn response(s: &mut TcpStream, within: Duration) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    while let Ok(Ok(n)) = tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&out[..end]).to_ascii_lowercase();
            let len: usize = head.lines().find_map(|l| l.strip_prefix("content-length: ")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
            if out.len() >= end + 4 + len {
                break;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// True when the gateway closes `s` without sending a byte within `within`.
async fn closed_silently(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 64];
    matches!(tokio::time::timeout(within, s.read(&mut buf)).await, Ok(Ok(0)) | Ok(Err(_)))
}

fn head_timeouts() -> simpul_gsb::Config {
    simpul_gsb::Config { header_read_timeout: Duration::from_millis(300), keep_alive_timeout: Duration::from_millis(800), response_timeout: Duration::from_secs(5), ..test_config() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_head_left_unfinished_is_answered_408_after_its_record() {
    let up = upstream().await;
    let gw = gateway(table(up), head_timeouts()).await;
    let addr = gw.url.trim_start_matches("http://").to_string();

    // Part of a head, then silence.
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let started = Instant::now();
    s.write_all(format!("GET /echo/x HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nX-Sebagian").as_bytes()).await.unwrap();
    let text = response(&mut s, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 408 "), "{text}");
    json_error(&text, "request_header_timeout");
    assert!(text.to_ascii_lowercase().contains("connection: close"), "{text}");
    assert!(started.elapsed() >= Duration::from_millis(300), "not before the head timeout: {:?}", started.elapsed());
    assert!(closed_silently(&mut s, Duration::from_secs(2)).await, "the connection is closed after the 408");
    let rid = text.to_ascii_lowercase().lines().find_map(|l| l.strip_prefix("x-request-id: ").map(str::to_string)).unwrap();

    // A head trickling in steadily, each piece well within the timeout,
    // is still cut when the whole head takes longer (the timeout is total).
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let (mut rd, mut wr) = s.split();
    let head = format!("GET /echo/lambat HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nConnection: close\r\n\r\n");
    let trickle = async {
        for piece in head.as_bytes().chunks(head.len().div_ceil(12)) {
            if wr.write_all(piece).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let mut answer = String::new();
    let read = async {
        let _ = rd.read_to_string(&mut answer).await;
    };
    tokio::join!(trickle, read);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    json_error(&answer, "request_header_timeout");

    // A head in pieces that completes within the timeout is served.
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!("GET /echo/cepat HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\nConnection: close\r\n\r\n");
    for piece in head.as_bytes().chunks(head.len().div_ceil(3)) {
        s.write_all(piece).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let text = response(&mut s, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200 ") && text.contains("path=/cepat"), "{text}");

    let records = gw.records();
    let seen: Vec<(u16, &str, &str)> = records.iter().map(|r| (r.entry.status, r.entry.service.as_str(), r.entry.path.as_str())).collect();
    assert_eq!(seen, vec![(408, "", ""), (408, "", ""), (200, "echo", "/cepat")], "each late head has its record");
    assert_eq!(hex::encode(records[0].entry.request_id), rid, "the answer names its record");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_keep_alive_connections_close_silently_and_pipelined_heads_are_not_timed() {
    let up = upstream().await;
    let gw = gateway(table(up), head_timeouts()).await;
    let addr = gw.url.trim_start_matches("http://").to_string();
    let get = |path: &str| format!("GET /echo/{path} HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\n\r\n");

    // A complete exchange, then a keep-alive connection left idle: closed
    // after the keep-alive timeout, without an answer or a record.
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(get("slow/100").as_bytes()).await.unwrap();
    let text = response(&mut s, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200 "), "{text}");
    let idle = Instant::now();
    assert!(closed_silently(&mut s, Duration::from_secs(5)).await, "an idle keep-alive connection gets no answer");
    assert!(idle.elapsed() >= Duration::from_millis(600), "closed after the keep-alive timeout (800 ms), not the head timeout (300 ms): {:?}", idle.elapsed());
    // A connection that never sends a byte likewise.
    let mut s = TcpStream::connect(&addr).await.unwrap();
    assert!(closed_silently(&mut s, Duration::from_secs(5)).await);

    // A request whose upstream takes longer than the head timeout, with
    // part of the next request's head sent along: the bytes read while
    // the first is handled are not timed; the second head completes later.
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let second = get("dua");
    let (start, rest) = second.split_at(20);
    s.write_all(format!("GET /echo/slow/700 HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_DINKES}\r\n\r\n{start}").as_bytes()).await.unwrap();
    let text = response(&mut s, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200 ") && text.contains("lambat"), "{text}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.write_all(rest.as_bytes()).await.unwrap();
    let text = response(&mut s, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200 ") && text.contains("path=/dua"), "{text}");

    let statuses: Vec<u16> = gw.records().iter().map(|r| r.entry.status).collect();
    assert_eq!(statuses, vec![200, 200, 200], "idle connections leave no record");
}
