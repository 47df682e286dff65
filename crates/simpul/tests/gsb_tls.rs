//! The gateway over TLS as `serve --gateway-listen --gateway-tls-cert
//! --gateway-tls-key` runs it, with a client whose certificate was
//! registered by `simpul gsb client add --cert`: its key works only with
//! that certificate; a client without one calls with its key alone. Both
//! databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

async fn simpul(app: &support::App, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(app.db_args.iter().cloned());
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_simpul")).args(&all).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_DATABASE_URL").output().await.unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

async fn upstream() -> String {
    let app = axum::Router::new().route("/status", axum::routing::get(|| async { "sehat" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/")
}

both!(a_client_with_a_registered_certificate_calls_with_key_and_certificate, |app: support::App| async move {
    let dir = app.dir.path();
    let server = rcgen::generate_simple_self_signed(vec!["gateway.test".into()]).unwrap();
    let client_cert = rcgen::generate_simple_self_signed(vec!["simrs".into()]).unwrap();
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).unwrap();
        dir.join(name).to_str().unwrap().to_string()
    };
    let (cert, key, client_pem) = (write("gw.pem", server.cert.pem()), write("gw.key", server.key_pair.serialize_pem()), write("klien.pem", client_cert.cert.pem()));

    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let application = admin.get(&format!("/api/v1/applications?agency_id={dinkes}")).await.1["items"][0]["id"].to_string();
    let (s, service) = admin.post("/api/v1/gsb/services", json!({"code": "uji-tls", "name": "Status", "agency_id": dinkes, "upstream_url": upstream().await, "data_service": true, "confidentiality": "terbatas", "status": "active"})).await;
    assert_eq!(s, StatusCode::CREATED, "{service}");
    let mut keys = Vec::new();
    for (code, cert) in [("uji-tls-sertifikat", Some(client_pem.as_str())), ("uji-tls-kunci", None)] {
        let mut args = vec!["gsb", "client", "add", "--code", code, "--agency", "DINKES", "--application", &application];
        if let Some(c) = cert {
            args.extend(["--cert", c]);
        }
        let (code_, key, err) = simpul(&app, &args).await;
        assert_eq!(code_, Some(0), "{err}");
        keys.push(key.trim().to_string());
        let (code_, _, err) = simpul(&app, &["gsb", "grant", "--client", code, "--service", "uji-tls", "--expires", "2099-12-31", "--purpose", "Uji TLS."]).await;
        assert_eq!(code_, Some(0), "{err}");
    }
    let registered = app.store.gsb_client_by_code("uji-tls-sertifikat").await.unwrap().tls_cert_sha256;
    assert_eq!(registered, Some(simpul_gsb::tls::fingerprint(client_cert.cert.der())), "the CLI registers the certificate's SHA-256");
    let (code_, _, err) = simpul(&app, &["gsb", "client", "add", "--code", "uji-tls-rusak", "--agency", "DINKES", "--application", &application, "--cert", &cert.replace("gw.pem", "gw.key")]).await;
    assert_ne!(code_, Some(0), "a key file is not a certificate: {err}");

    // `serve` refuses half a TLS configuration.
    let (code_, _, err) = simpul(&app, &["serve", "--gateway-listen", "127.0.0.1:0", "--gateway-tls-cert", &cert]).await;
    assert_eq!(code_, Some(2), "{err}");

    let tls = simpul::gateway::tls_config(Some(cert.as_ref()), Some(key.as_ref()), None).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // A CA file for https:// upstreams must hold a certificate.
    let (code_, _, err) = simpul(&app, &["serve", "--listen", "127.0.0.1:0", "--gateway-listen", "127.0.0.1:0", "--gateway-upstream-ca", &key]).await;
    assert!(code_ != Some(0) && err.contains("--gateway-upstream-ca") && err.contains("tidak memuat sertifikat PEM"), "{code_:?} {err}");
    let _running = simpul::gateway::start_with(app.store.clone(), listener, &dir.join("gsb-log"), tls, None).await.unwrap();
    let client = |identity: bool| {
        let mut b = reqwest::Client::builder().use_rustls_tls().add_root_certificate(reqwest::Certificate::from_pem(server.cert.pem().as_bytes()).unwrap()).resolve("gateway.test", addr);
        if identity {
            b = b.identity(reqwest::Identity::from_pem(format!("{}{}", client_cert.cert.pem(), client_cert.key_pair.serialize_pem()).as_bytes()).unwrap());
        }
        b.build().unwrap()
    };
    let url = format!("https://gateway.test:{}/uji-tls/status", addr.port());
    let started = Instant::now();
    loop {
        let r = client(true).get(&url).bearer_auth(&keys[0]).send().await.unwrap();
        if r.status() == StatusCode::OK {
            assert_eq!(r.text().await.unwrap(), "sehat");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "{}", r.status());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = client(false).get(&url).bearer_auth(&keys[0]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("client_certificate_required"));
    assert_eq!(client(false).get(&url).bearer_auth(&keys[1]).send().await.unwrap().status(), StatusCode::OK);
});
