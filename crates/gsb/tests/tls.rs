//! TLS on the gateway with optional client certificates, with certificates
//! made at test time and a real reqwest client (rustls) presenting them:
//! a client that registered a certificate must present it with its key; a
//! client without one calls with its key alone; with a client CA, only
//! certificates it issued get through the handshake. A request head left
//! unfinished is answered 408 over TLS as over plain TCP, then the TLS
//! session is closed properly (close_notify).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, CertifiedKey, IsCa, KeyPair};
use simpul_gsb::tls::{fingerprint, server_config, upstream_client_config};

const HOST: &str = "gateway.test";

fn self_signed(name: &str) -> CertifiedKey {
    rcgen::generate_simple_self_signed(vec![name.to_string()]).unwrap()
}

/// A certificate authority of its own.
fn new_ca() -> (rcgen::Certificate, KeyPair) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    (params.self_signed(&key).unwrap(), key)
}

/// A certificate for `name` issued by `ca`.
fn issued(ca: &rcgen::Certificate, ca_key: &KeyPair, name: &str) -> (rcgen::Certificate, KeyPair) {
    let key = KeyPair::generate().unwrap();
    (CertificateParams::new(vec![name.to_string()]).unwrap().signed_by(&key, ca, ca_key).unwrap(), key)
}

/// A reqwest client trusting the gateway's certificate, optionally presenting `identity`.
fn tls_client(server: &CertifiedKey, addr: SocketAddr, identity: Option<(&str, &str)>) -> reqwest::Client {
    let mut b = reqwest::Client::builder().use_rustls_tls().add_root_certificate(reqwest::Certificate::from_pem(server.cert.pem().as_bytes()).unwrap()).resolve(HOST, addr);
    if let Some((cert, key)) = identity {
        b = b.identity(reqwest::Identity::from_pem(format!("{cert}{key}").as_bytes()).unwrap());
    }
    b.build().unwrap()
}

async fn error_code(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let v: serde_json::Value = r.json().await.unwrap();
    (status, v["error"]["code"].as_str().unwrap_or("").to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_certificate_is_required_with_the_key() {
    let up = upstream().await;
    let server = self_signed(HOST);
    let mine = self_signed("simrs-dinkes");
    let other = self_signed("pencuri");
    let mut t = table(up);
    // DINKES registered its certificate; BAPPEDA did not.
    for k in t.keys.values_mut().filter(|k| k.client_id == DINKES) {
        k.cert_sha256 = Some(fingerprint(mine.cert.der()));
    }
    let tls = server_config(server.cert.pem().as_bytes(), server.key_pair.serialize_pem().as_bytes(), None).unwrap();
    let gw = gateway(t, simpul_gsb::Config { tls: Some(tls), ..test_config() }).await;
    let addr: SocketAddr = gw.url.trim_start_matches("http://").parse().unwrap();
    let url = format!("https://{HOST}:{}/echo/x", addr.port());

    let bare = tls_client(&server, addr, None);
    let with_mine = tls_client(&server, addr, Some((&mine.cert.pem(), &mine.key_pair.serialize_pem())));
    let with_other = tls_client(&server, addr, Some((&other.cert.pem(), &other.key_pair.serialize_pem())));

    // Key alone: fine for a client without a registered certificate.
    let r = bare.get(&url).bearer_auth(KEY_BAPPEDA).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("client=bappeda-renbang"));
    // Key and the registered certificate: served; key alone or another certificate: 401.
    let r = with_mine.get(&url).bearer_auth(KEY_DINKES).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(error_code(bare.get(&url).bearer_auth(KEY_DINKES).send().await.unwrap()).await, (401, "client_certificate_required".into()));
    assert_eq!(error_code(with_other.get(&url).bearer_auth(KEY_DINKES).send().await.unwrap()).await, (401, "client_certificate_mismatch".into()));
    // The certificate alone is not a credential.
    assert_eq!(error_code(with_mine.get(&url).send().await.unwrap()).await, (401, "unauthorized".into()));
    // A client without a registered certificate may still present one.
    assert_eq!(with_other.get(&url).bearer_auth(KEY_BAPPEDA).send().await.unwrap().status(), 200);
    // Plain HTTP to a TLS gateway gets nowhere.
    assert!(client().get(format!("{}/echo/x", gw.url)).bearer_auth(KEY_BAPPEDA).send().await.map(|r| r.status() != 200).unwrap_or(true));

    let statuses: Vec<u16> = gw.records().iter().map(|r| r.entry.status).collect();
    assert_eq!(statuses, vec![200, 200, 401, 401, 401, 200], "refusals are logged like any other");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_client_ca_only_its_certificates_get_through() {
    let up = upstream().await;
    let server = self_signed(HOST);
    let (ca, ca_key) = new_ca();
    let (leaf, leaf_key) = issued(&ca, &ca_key, "simrs-dinkes");
    let stranger = self_signed("simrs-dinkes");
    let mut t = table(up);
    for k in t.keys.values_mut().filter(|k| k.client_id == DINKES) {
        k.cert_sha256 = Some(fingerprint(leaf.der()));
    }
    let tls = server_config(server.cert.pem().as_bytes(), server.key_pair.serialize_pem().as_bytes(), Some(ca.pem().as_bytes())).unwrap();
    let gw = gateway(t, simpul_gsb::Config { tls: Some(tls), ..test_config() }).await;
    let addr: SocketAddr = gw.url.trim_start_matches("http://").parse().unwrap();
    let url = format!("https://{HOST}:{}/echo/x", addr.port());

    let issued = tls_client(&server, addr, Some((&leaf.pem(), &leaf_key.serialize_pem())));
    assert_eq!(issued.get(&url).bearer_auth(KEY_DINKES).send().await.unwrap().status(), 200);
    // Not issued by the CA: refused in the handshake.
    let foreign = tls_client(&server, addr, Some((&stranger.cert.pem(), &stranger.key_pair.serialize_pem())));
    assert!(foreign.get(&url).bearer_auth(KEY_DINKES).send().await.is_err());
    // No certificate at all: still allowed in, for clients that registered none.
    assert_eq!(tls_client(&server, addr, None).get(&url).bearer_auth(KEY_BAPPEDA).send().await.unwrap().status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_head_left_unfinished_over_tls_is_answered_408_and_closed_cleanly() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let up = upstream().await;
    let server = self_signed(HOST);
    let tls = server_config(server.cert.pem().as_bytes(), server.key_pair.serialize_pem().as_bytes(), None).unwrap();
    let gw = gateway(table(up), simpul_gsb::Config { tls: Some(tls), header_read_timeout: std::time::Duration::from_millis(300), ..test_config() }).await;
    let addr: SocketAddr = gw.url.trim_start_matches("http://").parse().unwrap();

    let mut roots = rustls::RootCertStore::empty();
    roots.add(server.cert.der().clone()).unwrap();
    #[allow(deprecated)] // the ring provider, as the gateway's (tls.rs, `provider`)
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider())).with_safe_default_protocol_versions().unwrap().with_root_certificates(roots).with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut s = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(rustls::pki_types::ServerName::try_from(HOST).unwrap(), tcp).await.unwrap();
    s.write_all(format!("GET /echo/x HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {KEY_BAPPEDA}\r\n").as_bytes()).await.unwrap();
    let mut answer = String::new();
    // To the end of the stream: an error here would be a close without TLS close_notify.
    tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_string(&mut answer)).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 408 ") && answer.contains("\"code\":\"request_header_timeout\""), "{answer}");

    let statuses: Vec<u16> = gw.records().iter().map(|r| r.entry.status).collect();
    assert_eq!(statuses, vec![408]);
}

/// An external bus (a provincial bus, the national SPLP) behind HTTPS with a
/// certificate from its own CA: called through the gateway with its own
/// credentials once the gateway trusts that CA (`--gateway-upstream-ca`);
/// with the system's roots only, the certificate is refused and the
/// exchange answered 502 — and logged either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_upstream_is_reached_over_verified_tls() {
    let (ca, ca_key) = new_ca();
    let (leaf, leaf_key) = issued(&ca, &ca_key, "127.0.0.1");
    let up = tls_upstream(server_config(leaf.pem().as_bytes(), leaf_key.serialize_pem().as_bytes(), None).unwrap()).await;

    let mut t = table(upstream().await);
    t.services.insert("splp".into(), simpul_gsb::Service { outbound_authorization: Some("Bearer kunci-splp-nasional".into()), ..service(&format!("https://127.0.0.1:{}/api", up.port())) });
    t.grants.insert((DINKES, "splp".into()), simpul_gsb::Grant { operations: None, expires_at: None });

    let trusting = gateway(t.clone(), simpul_gsb::Config { upstream_tls: Some(upstream_client_config(Some(ca.pem().as_bytes())).unwrap()), ..test_config() }).await;
    let r = client().get(format!("{}/splp/penduduk/6471?f=1", trusting.url)).bearer_auth(KEY_DINKES).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("path=/api/penduduk/6471?f=1") && body.contains("client=dinkes-sehat") && body.contains("auth=Bearer kunci-splp-nasional"), "{body}");
    // Plain upstreams still work next to TLS ones.
    assert_eq!(client().get(format!("{}/echo/x", trusting.url)).bearer_auth(KEY_DINKES).send().await.unwrap().status(), 200);
    let records = trusting.records();
    assert_eq!(records.iter().map(|r| (r.entry.service.as_str(), r.entry.status)).collect::<Vec<_>>(), vec![("splp", 200), ("echo", 200)]);
    assert_eq!(records[0].entry.response_digest.to_vec(), hex::decode(sha_hex(body.as_bytes())).unwrap(), "the record holds the digest of what came over TLS");

    let doubting = gateway(t, test_config()).await;
    assert_eq!(error_code(client().get(format!("{}/splp/penduduk/6471", doubting.url)).bearer_auth(KEY_DINKES).send().await.unwrap()).await, (502, "upstream_error".into()));
    assert_eq!(doubting.records().iter().map(|r| r.entry.status).collect::<Vec<_>>(), vec![502]);

    assert!(upstream_client_config(Some(b"bukan sertifikat")).is_err(), "a CA file without a certificate is refused");
}
