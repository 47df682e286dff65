//! Access rights as a matrix (issue 5, Tests): every client key × every
//! service × every operation, called through a real gateway to a real
//! upstream, against what the rules say — written here as a small model of
//! their own, in the order the issue and the regulations give them:
//!
//! 1. an unknown key is 401 `unauthorized`, an expired one 401 `key_expired`;
//! 2. an unknown service is 404 `unknown_service`;
//! 3. a data service is read-only: anything but GET and HEAD is 403
//!    `read_only` (Perwali Banjarbaru 5/2018 Pasal 11 ayat (7));
//! 4. without a right to the service, or with one past its expiry, 403 `no_access`;
//! 5. a right limited to operations allows only those (method + path
//!    template; GET includes HEAD), else 403 `operation_not_allowed`;
//! 6. otherwise the upstream answers (200).
//!
//! Every cell is also a record in the signed log, with the same status.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use simpul_gsb::{Grant, Key, Operation, Service, Table};

const KEY_LIMITED: &str = "kunci-dinsos-terbatas";
const KEY_LAPSED: &str = "kunci-dinsos-hak-lewat";
const DINSOS: i64 = 4;
const DINSOS_LAPSED: i64 = 5;
const DINKES_OLD: i64 = 6;

/// A right: the service, whether it has lapsed, and its operations (`None`: the whole service).
type Right = (&'static str, bool, Option<Vec<(&'static str, &'static str)>>);

/// One client key as the model sees it.
struct Client {
    key: &'static str,
    /// The client's code and id; `None` for a key the gateway does not know.
    client: Option<(&'static str, i64)>,
    expired: bool,
    rights: Vec<Right>,
}

fn table_for(up: std::net::SocketAddr) -> Table {
    let base = format!("http://{up}");
    let mut t = Table::default();
    t.services.insert("umum".into(), service(&base));
    t.services.insert("data".into(), Service { data_service: true, ..service(&base) });
    t.services.insert("operasi".into(), service(&base));
    for c in clients() {
        let Some((code, id)) = c.client else { continue };
        t.add_key(c.key, Key { client_code: code.into(), client_id: id, agency_id: id + 6, expires_at: c.expired.then_some(1_000), cert_sha256: None });
        for (service, lapsed, ops) in &c.rights {
            let operations = ops.as_ref().map(|o| o.iter().map(|(m, p)| Operation::new(m, p)).collect());
            t.grants.insert((id, service.to_string()), Grant { operations, expires_at: lapsed.then_some(1_000) });
        }
    }
    t
}

fn clients() -> Vec<Client> {
    let pasien = Some(vec![("GET", "/pasien/{nik}"), ("POST", "/rujukan")]);
    vec![
        Client { key: KEY_DINKES, client: Some(("dinkes", DINKES)), expired: false, rights: vec![("umum", false, None), ("data", false, None), ("operasi", false, pasien.clone())] },
        Client { key: KEY_BAPPEDA, client: Some(("bappeda", BAPPEDA)), expired: false, rights: vec![("umum", false, None)] },
        Client { key: KEY_EXPIRED, client: Some(("dinkes-lama", DINKES_OLD)), expired: true, rights: vec![] },
        Client { key: KEY_LIMITED, client: Some(("dinsos", DINSOS)), expired: false, rights: vec![("data", false, Some(vec![("GET", "/penduduk/{nik}")])), ("operasi", false, pasien)] },
        Client { key: KEY_LAPSED, client: Some(("dinsos-lewat", DINSOS_LAPSED)), expired: false, rights: vec![("umum", true, None), ("data", true, None)] },
        Client { key: "kunci-tak-dikenal", client: None, expired: false, rights: vec![] },
    ]
}

/// `{nik}`-style templates: one segment each.
fn template_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(a, b)| (a.starts_with('{') && a.ends_with('}') && !b.is_empty()) || a == b)
}

/// What the rules say for one cell: (status, error code or "" when served).
fn expected(c: &Client, service: &str, known_service: bool, data_service: bool, method: &str, path: &str) -> (u16, &'static str) {
    if c.client.is_none() {
        return (401, "unauthorized");
    }
    if c.expired {
        return (401, "key_expired");
    }
    if !known_service {
        return (404, "unknown_service");
    }
    if data_service && !matches!(method, "GET" | "HEAD") {
        return (403, "read_only");
    }
    let Some((_, lapsed, ops)) = c.rights.iter().find(|(s, _, _)| *s == service) else { return (403, "no_access") };
    if *lapsed {
        return (403, "no_access");
    }
    if let Some(ops) = ops {
        let allowed = ops.iter().any(|(m, t)| (*m == method || (*m == "GET" && method == "HEAD")) && template_matches(t, path));
        if !allowed {
            return (403, "operation_not_allowed");
        }
    }
    (200, "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_client_service_and_operation_as_the_rules_say() {
    let up = upstream().await;
    let gw = gateway(table_for(up), test_config()).await;
    let c = client();
    let services = [("umum", true, false), ("data", true, true), ("operasi", true, false), ("tidak-ada", false, false)];
    let operations = [("GET", "/pasien/6471"), ("HEAD", "/pasien/6471"), ("POST", "/pasien/6471"), ("GET", "/pasien/6471/riwayat"), ("POST", "/rujukan"), ("PUT", "/rujukan"), ("DELETE", "/penduduk/6471"), ("GET", "/penduduk/6471"), ("GET", "/penduduk")];
    let mut cells = 0;
    let mut statuses = Vec::new();
    let mut served = 0;
    for client in clients() {
        for (service, known, data) in services {
            for (method, path) in operations {
                let want = expected(&client, service, known, data, method, path);
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let resp = c.request(m, format!("{}/{service}{path}", gw.url)).bearer_auth(client.key).send().await.unwrap();
                let status = resp.status().as_u16();
                let text = resp.text().await.unwrap();
                let code = client.client.map_or("?", |(code, _)| code);
                let cell = format!("{code} × {service} × {method} {path}");
                assert_eq!(status, want.0, "{cell}: {text}");
                if want.0 == 200 {
                    served += 1;
                    if method != "HEAD" {
                        assert!(text.contains(&format!("path={path}")) && text.contains(&format!("client={code}")), "{cell}: {text}");
                    }
                } else if method != "HEAD" {
                    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{cell}: JSON error, got {text:?}"));
                    assert_eq!(v["error"]["code"], want.1, "{cell}");
                }
                statuses.push(status);
                cells += 1;
            }
        }
    }
    assert_eq!(cells, 6 * 4 * 9);
    assert!(served >= 20 && statuses.iter().filter(|s| **s == 403).count() >= 40, "the matrix exercises both sides ({served} served)");
    let logged: Vec<u16> = gw.records().iter().map(|r| r.entry.status).collect();
    assert_eq!(logged, statuses, "every cell is a record, in order, with its status");
}
