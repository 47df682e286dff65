//! Issue 5 end to end: two agencies' applications exchange data through
//! Simpul's gateway (started as `simpul serve --gateway-listen` starts it)
//! under a right the provider approved in the registry; revoking the right
//! stops the exchange on the running gateway within a second; afterwards an
//! auditor proves from the signed log exactly what was exchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

/// A real upstream: the civil registry's NIK verification service.
async fn upstream() -> String {
    use axum::extract::Path;
    use axum::http::HeaderMap;
    let app = axum::Router::new().route(
        "/api/penduduk/{nik}",
        axum::routing::get(|Path(nik): Path<String>, h: HeaderMap| async move {
            let client = h.get("x-simpul-client").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            axum::Json(json!({"nik": nik, "status": "terdaftar", "kecamatan": "Tanjung Utara", "diminta_oleh": client}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/api/")
}

async fn create(c: &support::Client, path: &str, body: Value) -> Value {
    let (s, v) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "{path}: {v}");
    v
}

both!(agencies_exchange_under_an_approved_right_and_an_auditor_proves_it, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (dinkes, dukcapil) = (app.agency_id("DINKES").await, app.agency_id("DISDUKCAPIL").await);
    let apps_of = |a: i64| format!("/api/v1/applications?agency_id={a}");
    let consumer_app = admin.get(&apps_of(dinkes)).await.1["items"][0]["id"].as_i64().unwrap();
    // The provider registers its service; the consumer registers its application as a client and asks.
    let doc = r#"{"openapi":"3.0.3","info":{"title":"NIK","version":"1"},"paths":{"/penduduk/{nik}":{"get":{}}}}"#;
    let service = create(&admin, "/api/v1/gsb/services", json!({
        "code": "uji-nik", "name": "Verifikasi NIK", "agency_id": dukcapil, "upstream_url": upstream().await, "openapi": doc, "version": "1.0",
        "data_service": true, "confidentiality": "terbatas", "availability_target": "99,5", "keep_bodies": false, "rate_limit_per_minute": 6000, "status": "active"
    })).await;
    let client = create(&admin, "/api/v1/gsb/clients", json!({"code": "uji-simrs", "name": "SIMRS", "agency_id": dinkes, "application_id": consumer_app, "status": "active"})).await;
    let key = create(&admin, &format!("/api/v1/gsb/clients/{}/keys", client["id"]), json!({})).await["key"].as_str().unwrap().to_string();
    let grant = create(&app.login("operator.dinkes").await, "/api/v1/gsb/grants", json!({
        "client_id": client["id"], "service_id": service["id"], "purpose": "Verifikasi identitas pasien rawat jalan.", "operations": ["GET /penduduk/{nik}"], "expires_on": "2099-12-31"
    })).await;

    // The gateway, as `serve --gateway-listen` runs it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gw = format!("http://{}", listener.local_addr().unwrap());
    let log_dir = app.dir.path().join("gsb-log");
    let running = simpul::gateway::start(app.store.clone(), listener, &log_dir).await.unwrap();
    let http = reqwest::Client::new();
    let call = |path: &str| http.get(format!("{gw}/uji-nik{path}")).bearer_auth(&key).send();

    // Not yet approved: refused. Approved by the provider: served, within a second.
    assert_eq!(call("/penduduk/6471010101900001").await.unwrap().status(), StatusCode::FORBIDDEN);
    let (s, d) = admin.post(&format!("/api/v1/gsb/grants/{}/decision", grant["id"]), json!({"decision": "approve", "reason": "Perjanjian kerja sama No. 12/2026."})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let until = |want: StatusCode| async move {
        let start = Instant::now();
        loop {
            let got = call("/penduduk/6471010101900001").await.unwrap().status();
            if got == want {
                return start.elapsed();
            }
            assert!(start.elapsed() < Duration::from_secs(1), "still {got} a second after the change (wanted {want})");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    until(StatusCode::OK).await;
    let res = call("/penduduk/6471010101900002").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.unwrap();
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((v["nik"].as_str(), v["diminta_oleh"].as_str()), (Some("6471010101900002"), Some("uji-simrs")));
    // Read-only data service, and only the granted operation.
    assert_eq!(http.post(format!("{gw}/uji-nik/penduduk/1")).bearer_auth(&key).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(call("/kk/1").await.unwrap().status(), StatusCode::FORBIDDEN);
    // Revoked by the provider: refused on the running gateway within a second.
    let (s, r) = admin.post(&format!("/api/v1/gsb/grants/{}/revoke", grant["id"]), json!({"reason": "Perjanjian berakhir."})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    until(StatusCode::FORBIDDEN).await;

    // The gateway's figures are on /metrics.
    let metrics = running.handle.render_metrics();
    assert!(metrics.contains("uji-nik"), "{metrics}");

    // The auditor: the whole log verifies, and the record of the exchange above proves alone.
    let public = simpul_gsb_log::keys::public_key_from_hex(&running.public_key).unwrap();
    let summary = simpul_gsb_log::verify::verify_file(&log_dir.join(simpul_gsb_log::LOG_FILE), &[public]).unwrap();
    assert!(summary.records >= 5, "{summary:?}");
    let digest = simpul_domain::attachments::sha256_hex(&body);
    let mut found = false;
    for seq in 0..summary.records {
        let proof = simpul_gsb_log::proof::prove(&log_dir, seq).unwrap().unwrap();
        let (record, _) = proof.verify(&[public]).unwrap();
        if record.entry.path.ends_with("/penduduk/6471010101900002") {
            assert_eq!((record.entry.client.as_str(), record.entry.service.as_str(), record.entry.status), ("uji-simrs", "uji-nik", 200));
            assert_eq!(record.entry.response_digest.iter().map(|b| format!("{b:02x}")).collect::<String>(), digest, "the log holds the digest of exactly what was delivered");
            found = true;
        }
    }
    assert!(found, "the exchange is in the log");

    // Usage, from the log: per service (with availability against its target) and per consuming agency.
    let (s, u) = app.login("sekda").await.get("/api/v1/gsb/usage").await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(u["records"], summary.records);
    let svc = u["services"].as_array().unwrap().iter().find(|v| v["code"] == "uji-nik").cloned().unwrap();
    assert_eq!(svc["requests"], summary.records);
    assert_eq!((svc["unavailable"].as_u64(), svc["availability_percent"].as_f64(), svc["target_percent"].as_f64(), svc["meets_target"].as_bool()), (Some(0), Some(100.0), Some(99.5), Some(true)));
    assert!(svc["errors"].as_u64().unwrap() >= 3, "the refusals count as errors: {svc}");
    assert_eq!(u["agencies"][0]["name"], "Dinas Kesehatan Kota Tanjung Selatan");
    let (_, html) = admin.page("/penghubung-layanan/pemantauan").await;
    assert!(html.contains("Verifikasi NIK") && html.contains("100,0 %") && html.contains("memenuhi") && html.contains("<svg"), "{html}");
});
