//! Kept bodies end to end (issue 5 §3): a service configured to keep bodies,
//! an exchange through the gateway as `serve --gateway-listen` runs it, then
//! the auditor fetches the record and its bodies from the API (checked
//! against the signed record), exports them with `simpul gsb export`, a
//! changed body is refused, and `simpul gsb prune-bodies` deletes only the
//! bodies past their service's retention. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use serde_json::{json, Value};

/// A real upstream: a referral service that answers with what it received.
async fn upstream() -> String {
    let app = axum::Router::new().route(
        "/rujukan",
        axum::routing::post(|body: axum::body::Bytes| async move { axum::Json(json!({"diterima": body.len(), "nomor": "RJK-2026-0042"})) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/")
}

async fn create(c: &support::Client, path: &str, body: Value) -> Value {
    let (s, v) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "{path}: {v}");
    v
}

async fn simpul(app: &support::App, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(app.db_args.iter().cloned());
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_simpul")).args(&all).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_DATABASE_URL").output().await.unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

async fn raw(c: &support::Client, path: &str) -> (StatusCode, Vec<u8>) {
    let res = c.http.get(format!("{}{}", c.base, path)).send().await.unwrap();
    (res.status(), res.bytes().await.unwrap().to_vec())
}

both!(kept_bodies_are_served_verified_exported_and_pruned, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (dinkes, rsud) = (app.agency_id("DINKES").await, app.agency_id("DISDUKCAPIL").await);
    let consumer_app = admin.get(&format!("/api/v1/applications?agency_id={dinkes}")).await.1["items"][0]["id"].as_i64().unwrap();
    let base = json!({"agency_id": rsud, "upstream_url": upstream().await, "data_service": false, "confidentiality": "terbatas", "status": "active"});
    let mut kept = base.clone();
    kept.as_object_mut().unwrap().extend([("code".into(), json!("uji-rujukan")), ("name".into(), json!("Rujukan Pasien")), ("keep_bodies".into(), json!(true)), ("retention_days".into(), json!(30))]);
    let kept = create(&admin, "/api/v1/gsb/services", kept).await;
    let mut plain = base;
    plain.as_object_mut().unwrap().extend([("code".into(), json!("uji-rujukan-biasa")), ("name".into(), json!("Rujukan Tanpa Simpan")), ("keep_bodies".into(), json!(false))]);
    let plain = create(&admin, "/api/v1/gsb/services", plain).await;
    let client = create(&admin, "/api/v1/gsb/clients", json!({"code": "uji-simrs", "name": "SIMRS", "agency_id": dinkes, "application_id": consumer_app, "status": "active"})).await;
    let key = create(&admin, &format!("/api/v1/gsb/clients/{}/keys", client["id"]), json!({})).await["key"].as_str().unwrap().to_string();
    for s in [&kept, &plain] {
        let g = create(&admin, "/api/v1/gsb/grants", json!({"client_id": client["id"], "service_id": s["id"], "purpose": "Rujukan pasien.", "expires_on": "2099-12-31"})).await;
        let (st, d) = admin.post(&format!("/api/v1/gsb/grants/{}/decision", g["id"]), json!({"decision": "approve", "reason": "PKS 3/2026."})).await;
        assert_eq!(st, StatusCode::OK, "{d}");
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gw = format!("http://{}", listener.local_addr().unwrap());
    let log_dir = app.dir.path().join("gsb-log");
    let _running = simpul::gateway::start(app.store.clone(), listener, &log_dir).await.unwrap();
    let http = reqwest::Client::new();
    let sent = br#"{"nik":"6471010101900002","diagnosa":"J18.9","tujuan":"RSUD"}"#;
    let (mut answers, mut request_ids) = (Vec::new(), Vec::new());
    for code in ["uji-rujukan", "uji-rujukan-biasa"] {
        let res = http.post(format!("{gw}/{code}/rujukan")).bearer_auth(&key).body(&sent[..]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        request_ids.push(res.headers()["x-request-id"].to_str().unwrap().to_string());
        answers.push(res.bytes().await.unwrap().to_vec());
    }

    // The auditor: the record with its proof, and the bodies byte-exact.
    let auditor = app.login("auditor").await;
    let (s, r) = auditor.get("/api/v1/gsb/records/0").await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!((r["service"].as_str(), r["status"].as_u64(), r["request_body_kept"].as_bool(), r["response_body_kept"].as_bool()), (Some("uji-rujukan"), Some(200), Some(true), Some(true)), "{r}");
    assert_eq!(raw(&auditor, "/api/v1/gsb/records/0/request-body").await, (StatusCode::OK, sent.to_vec()));
    assert_eq!(raw(&auditor, "/api/v1/gsb/records/0/response-body").await, (StatusCode::OK, answers[0].clone()));
    // The service that does not keep bodies: the record, no bodies.
    let (s, r) = auditor.get("/api/v1/gsb/records/1").await;
    assert_eq!((s, r["request_body_kept"].as_bool()), (StatusCode::OK, Some(false)), "{r}");
    assert_eq!(raw(&auditor, "/api/v1/gsb/records/1/request-body").await.0, StatusCode::NOT_FOUND);
    assert_eq!(auditor.get("/api/v1/gsb/records/99").await.0, StatusCode::NOT_FOUND);
    // By the X-Request-Id the client received: the same record; a malformed id is 400, an unknown one 404.
    let (s, r) = auditor.get(&format!("/api/v1/gsb/records?request_id={}", request_ids[1])).await;
    assert_eq!((s, r["seq"].as_u64(), r["request_id"].as_str()), (StatusCode::OK, Some(1), Some(request_ids[1].as_str())), "{r}");
    let (s, r) = auditor.get("/api/v1/gsb/records?request_id=xyz").await;
    assert_eq!((s, r["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")), "{r}");
    assert_eq!(auditor.get(&format!("/api/v1/gsb/records?request_id={}", "f".repeat(32))).await.0, StatusCode::NOT_FOUND);
    // The providing agency's operator reads it; another agency's is told it does not exist; others are refused.
    assert_eq!(app.login("operator.disdik").await.get("/api/v1/gsb/records/0").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.login("operator.disdik").await.get(&format!("/api/v1/gsb/records?request_id={}", request_ids[0])).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.login("sekda").await.get("/api/v1/gsb/records/0").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.login("sekda").await.get(&format!("/api/v1/gsb/records?request_id={}", request_ids[0])).await.0, StatusCode::FORBIDDEN);

    // The record page: the proof checked, links to the kept bodies; errors next to the field.
    let (s, html) = auditor.page("/penghubung-layanan/rekaman?seq=0").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Bukti inklusi sah") && html.contains("/api/v1/gsb/records/0/request-body") && html.contains("uji-rujukan"), "{html}");
    let (_, html) = auditor.page("/penghubung-layanan/rekaman?seq=satu").await;
    assert!(html.contains("bilangan bulat") && html.contains("aria-invalid=\"true\""), "{html}");
    let (_, html) = auditor.page("/penghubung-layanan/rekaman?seq=1").await;
    assert!(html.contains("isi tidak disimpan") && !html.contains("records/1/request-body"), "{html}");
    assert_eq!(app.login("sekda").await.page("/penghubung-layanan/rekaman").await.0, StatusCode::FORBIDDEN);
    let (_, html) = app.login("operator.disdik").await.page("/penghubung-layanan/rekaman?seq=0").await;
    assert!(html.contains("bukan dari layanan yang boleh Anda periksa"), "another agency's record is not shown: {html}");
    // Found by the X-Request-Id the client received (any case), as by its number; an unknown id is not.
    let (s, html) = auditor.page(&format!("/penghubung-layanan/rekaman?seq={}", request_ids[1].to_uppercase())).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Rekaman #1 ") && html.contains(&request_ids[1]) && html.contains("uji-rujukan-biasa"), "{html}");
    let (_, html) = auditor.page(&format!("/penghubung-layanan/rekaman?seq={}", "0".repeat(32))).await;
    assert!(html.contains("tidak ada") && html.contains("aria-invalid=\"true\"") && !html.contains("Rekaman #"), "{html}");
    let (_, html) = app.login("operator.disdik").await.page(&format!("/penghubung-layanan/rekaman?seq={}", request_ids[0])).await;
    assert!(html.contains("bukan dari layanan yang boleh Anda periksa") && !html.contains("Rekaman #"), "another agency's record is not found by its request id: {html}");

    // The auditor's export: proof and bodies in files.
    let out = app.dir.path().join("ekspor");
    let (code, stdout, stderr) = simpul(&app, &["gsb", "export", "--log-dir", log_dir.to_str().unwrap(), "--seq", "0", "--out", out.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(std::fs::read(out.join("rekaman-0.request")).unwrap(), sent.to_vec());
    assert_eq!(std::fs::read(out.join("rekaman-0.response")).unwrap(), answers[0]);
    let doc: Value = serde_json::from_slice(&std::fs::read(out.join("rekaman-0.json")).unwrap()).unwrap();
    let proof: simpul_gsb_log::proof::Proof = serde_json::from_value(doc["proof"].clone()).unwrap();
    let public = simpul_gsb_log::keys::public_key_from_hex(doc["public_key"].as_str().unwrap()).unwrap();
    assert_eq!(proof.verify(&[public]).unwrap().0.seq, 0, "the exported proof checks alone");
    // Or by the request id the client holds; a malformed or unknown one is refused.
    let by_id = app.dir.path().join("ekspor-id");
    let (code, stdout, stderr) = simpul(&app, &["gsb", "export", "--log-dir", log_dir.to_str().unwrap(), "--request-id", &request_ids[1], "--out", by_id.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let doc: Value = serde_json::from_slice(&std::fs::read(by_id.join("rekaman-1.json")).unwrap()).unwrap();
    let proof: simpul_gsb_log::proof::Proof = serde_json::from_value(doc["proof"].clone()).unwrap();
    let exported = proof.verify(&[public]).unwrap().0;
    assert_eq!((exported.seq, exported.entry.request_id.iter().map(|b| format!("{b:02x}")).collect::<String>()), (1, request_ids[1].clone()));
    for (id, why) in [("bukan-heks", "32 digit heksadesimal"), (&"0".repeat(32)[..], "tidak ada rekaman")] {
        let (code, _, stderr) = simpul(&app, &["gsb", "export", "--log-dir", log_dir.to_str().unwrap(), "--request-id", id, "--out", by_id.to_str().unwrap()]).await;
        assert!(code != Some(0) && stderr.contains(why), "{id}: {stderr}");
    }

    // A changed body is detected against the signed record: API 409, export exit 1.
    let bodies = simpul_gsb_log::bodies::BodyStore::new(&log_dir);
    let (record, _) = simpul_gsb_log::proof::prove(&log_dir, 0).unwrap().unwrap().verify(&[public]).unwrap();
    let path = bodies.path("uji-rujukan", &record.entry.request_digest).unwrap();
    let original = std::fs::read(&path).unwrap();
    std::fs::write(&path, String::from_utf8(original.clone()).unwrap().replace("J18.9", "J18.0")).unwrap();
    let (s, body) = raw(&auditor, "/api/v1/gsb/records/0/request-body").await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(String::from_utf8_lossy(&body).contains("integrity_failed"));
    let (code, stdout, _) = simpul(&app, &["gsb", "export", "--log-dir", log_dir.to_str().unwrap(), "--seq", "0", "--out", out.to_str().unwrap()]).await;
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("ISI PESAN BERUBAH"), "{stdout}");
    std::fs::write(&path, &original).unwrap();

    // Retention: within 30 days nothing goes; the request body aged 31 days goes, the response stays.
    let (code, stdout, stderr) = simpul(&app, &["gsb", "prune-bodies", "--log-dir", log_dir.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("0 isi pesan"), "{stdout}");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(SystemTime::now() - Duration::from_secs(31 * 86_400)).unwrap();
    let (code, stdout, stderr) = simpul(&app, &["gsb", "prune-bodies", "--log-dir", log_dir.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with(&format!("1 isi pesan melewati masa simpan dihapus ({} bita); 1 disimpan", sent.len())), "{stdout}");
    assert!(!path.exists());
    assert_eq!(raw(&auditor, "/api/v1/gsb/records/0/request-body").await.0, StatusCode::NOT_FOUND);
    assert_eq!(raw(&auditor, "/api/v1/gsb/records/0/response-body").await, (StatusCode::OK, answers[0].clone()));
});
