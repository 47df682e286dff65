//! The Sistem Penghubung Layanan registry (service bus, issue 5 part 1):
//! services, clients and their API keys, access rights, and what the gateway
//! reads (`Store::gsb_routing`, `Store::gsb_version`), through the API on
//! both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use simpul_domain::auth::secret_digest;

const DOC: &str = r#"{"openapi":"3.0.3","info":{"title":"Pasien","version":"1"},"paths":{"/pasien/{nik}":{"get":{}},"/pasien":{"get":{},"post":{}},"/kunjungan":{"head":{}}}}"#;

fn later() -> String {
    "2099-12-31".into()
}

fn service(agency_id: i64, code: &str) -> Value {
    json!({
        "code": code, "name": format!("Layanan {code}"), "agency_id": agency_id,
        "upstream_url": format!("https://{code}.tanjungselatankota.go.id/api/"), "openapi": DOC, "version": "1.0",
        "data_service": false, "confidentiality": "terbatas", "availability_target": "99,5",
        "keep_bodies": false, "rate_limit_per_minute": 600, "status": "active"
    })
}

fn with(mut v: Value, patch: Value) -> Value {
    for (k, x) in patch.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

/// The id of some application of the agency (the demo registers several).
async fn app_of(c: &support::Client, agency_id: i64) -> i64 {
    let (s, list) = c.get(&format!("/api/v1/applications?agency_id={agency_id}")).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    list["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("no application for agency {agency_id}: {list}"))
}

async fn create(c: &support::Client, path: &str, body: Value) -> Value {
    let (s, v) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "{path}: {v}");
    v
}

fn codes(v: &Value) -> Vec<(String, String)> {
    v["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string())).collect()
}

async fn audit_of(c: &support::Client, entity: &str, id: &Value) -> Vec<Value> {
    let (s, a) = c.get(&format!("/api/v1/audit?entity={entity}&entity_id={id}")).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    a["items"].as_array().unwrap().clone()
}

both!(services_catalogue_validation_and_exports, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let before_version = app.store.gsb_version().await.unwrap();
    let s = create(&admin, "/api/v1/gsb/services", with(service(dinkes, "uji-pasien"), json!({"outbound_auth": "Bearer rahasia-hulu-1234"}))).await;
    assert_eq!(s["gateway_path"], "/uji-pasien/");
    assert_eq!(s["upstream_url"], "https://uji-pasien.tanjungselatankota.go.id/api");
    assert_eq!(s["availability_target"], "99,50");
    assert_eq!(s["outbound_auth_masked"], "•••••• •••••••-••••-1234");
    let ops: Vec<String> = s["operations"].as_array().unwrap().iter().map(|o| format!("{} {}", o["method"].as_str().unwrap(), o["path"].as_str().unwrap())).collect();
    assert_eq!(ops, vec!["GET /pasien", "GET /pasien/{nik}", "HEAD /kunjungan", "POST /pasien"]);
    assert!(app.store.gsb_version().await.unwrap() > before_version);

    // The stored credential is routed in full but never shown or audited in full.
    let routing = app.store.gsb_routing().await.unwrap();
    let routed = routing.services.iter().find(|r| r.code == "uji-pasien").unwrap();
    assert_eq!(routed.outbound_auth.as_deref(), Some("Bearer rahasia-hulu-1234"));
    assert_eq!(routed.rate_limit_per_minute, Some(600));
    let audit = audit_of(&admin, "gsb_service", &s["id"]).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["action"], "create");
    assert!(!audit[0].to_string().contains("rahasia-hulu"), "{}", audit[0]);

    // An update without a credential keeps it; clear removes it.
    let id = s["id"].as_i64().unwrap();
    let (st, u) = admin.put(&format!("/api/v1/gsb/services/{id}"), with(service(dinkes, "uji-pasien"), json!({"name": "Data Pasien Puskesmas"}))).await;
    assert_eq!(st, StatusCode::OK, "{u}");
    assert_eq!(u["outbound_auth_masked"], s["outbound_auth_masked"]);
    let (_, u) = admin.put(&format!("/api/v1/gsb/services/{id}"), with(service(dinkes, "uji-pasien"), json!({"name": "Data Pasien Puskesmas", "clear_outbound_auth": true}))).await;
    assert_eq!(u["outbound_auth_masked"], Value::Null);

    // Bad input: 422 with field codes, nothing written, version unchanged.
    let (_, count) = admin.get("/api/v1/gsb/services").await;
    let version = app.store.gsb_version().await.unwrap();
    let bad = json!({"code": "Bad Code!", "name": "", "agency_id": dinkes, "upstream_url": "ftp://x", "openapi": "{not json", "confidentiality": "umum",
        "availability_target": "150", "keep_bodies": true, "rate_limit_per_minute": -1, "status": "hidup"});
    let (st, e) = admin.post("/api/v1/gsb/services", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "validation_failed");
    let got = codes(&e);
    for want in [("code", "invalid_format"), ("name", "required"), ("upstream_url", "invalid_format"), ("openapi", "invalid_format"), ("confidentiality", "invalid_choice"),
        ("availability_target", "invalid_format"), ("retention_days", "required"), ("rate_limit_per_minute", "out_of_range"), ("status", "invalid_choice")] {
        assert!(got.contains(&(want.0.to_string(), want.1.to_string())), "{want:?} in {got:?}");
    }
    let (st, e) = admin.post("/api/v1/gsb/services", with(service(dinkes, "uji-data"), json!({"data_service": true}))).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&e), vec![("openapi".to_string(), "not_read_only".to_string())]);
    let (st, e) = admin.post("/api/v1/gsb/services", service(dinkes, "uji-pasien")).await;
    assert_eq!(st, StatusCode::CONFLICT, "{e}");
    let (_, after) = admin.get("/api/v1/gsb/services").await;
    assert_eq!(after["total"], count["total"]);
    assert_eq!(app.store.gsb_version().await.unwrap(), version);

    // Filters and exports.
    let (_, list) = admin.get(&format!("/api/v1/gsb/services?agency_id={dinkes}&q=puskesmas&status=active")).await;
    assert_eq!(list["total"], 1, "{list}");
    let res = admin.http.get(app.url("/api/v1/gsb/services/export.csv?q=puskesmas")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "id,code,name,agency_name,application_name,upstream_url,version,data_service,confidentiality,availability_target,keep_bodies,retention_days,rate_limit_per_minute,status,operations");
    let row = lines.next().unwrap();
    assert!(row.contains("uji-pasien,Data Pasien Puskesmas,Dinas Kesehatan Kota Tanjung Selatan"), "{row}");
    assert!(row.contains("\"99,50\"") && row.contains("GET /pasien; GET /pasien/{nik}; HEAD /kunjungan; POST /pasien"), "{row}");
    assert!(lines.next().is_none());
    let (st, json) = admin.get("/api/v1/gsb/services/export.json?q=puskesmas").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["code"], "uji-pasien");

    // Every signed-in user reads the catalogue.
    let auditor = app.login("auditor").await;
    let (st, one) = auditor.get(&format!("/api/v1/gsb/services/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(one["operations"].as_array().unwrap().len(), 4);
    assert_eq!(app.anon().get("/api/v1/gsb/services").await.0, StatusCode::UNAUTHORIZED);
});

both!(agencies_manage_only_their_own, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let op = app.login("operator.dinkes").await;
    let op_disdik = app.login("operator.disdik").await;

    let s = create(&op, "/api/v1/gsb/services", service(dinkes, "uji-op")).await;
    let (st, _) = op.post("/api/v1/gsb/services", service(disdik, "uji-lain")).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = op_disdik.put(&format!("/api/v1/gsb/services/{}", s["id"]), service(disdik, "uji-op")).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "another agency cannot take the service");
    let (st, _) = op.put(&format!("/api/v1/gsb/services/{}", s["id"]), service(disdik, "uji-op")).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "moving it needs the right on the new agency too");
    for who in ["walidata.dinkes", "sd1.dinkes", "auditor", "walikota"] {
        let c = app.login(who).await;
        let (st, _) = c.post("/api/v1/gsb/services", service(dinkes, "uji-tidak")).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{who}");
        let (st, _) = c.get("/api/v1/gsb/services").await;
        assert_eq!(st, StatusCode::OK, "{who} reads the catalogue");
    }
    // Forbidden callers see 403 even with a broken body.
    let (st, _) = app.login("auditor").await.post("/api/v1/gsb/services", json!({"x": 1})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Clients: the consuming agency's; the application must be theirs.
    let app_disdik = app_of(&admin, disdik).await;
    let app_dinkes = app_of(&admin, dinkes).await;
    let client = json!({"code": "uji-disdik", "name": "Dapodik Daerah", "agency_id": disdik, "application_id": app_disdik, "status": "active"});
    let (st, _) = op.post("/api/v1/gsb/clients", client.clone()).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, e) = op_disdik.post("/api/v1/gsb/clients", with(client.clone(), json!({"application_id": app_dinkes}))).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&e), vec![("application_id".to_string(), "other_agency".to_string())]);
    let c = create(&op_disdik, "/api/v1/gsb/clients", client).await;
    let (st, _) = op_disdik.post(&format!("/api/v1/gsb/clients/{}/keys", c["id"]), json!({})).await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, _) = op.get(&format!("/api/v1/gsb/clients/{}/keys", c["id"])).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "keys are the consuming agency's");
    let (st, _) = op.post(&format!("/api/v1/gsb/clients/{}/keys", c["id"]), json!({})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, keys) = admin.get(&format!("/api/v1/gsb/clients/{}/keys", c["id"])).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(keys.as_array().unwrap().len(), 1);
});

both!(keys_are_shown_once_stored_hashed_and_revoked, |app: support::App| async move {
    let admin = app.login("admin").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let c = create(&admin, "/api/v1/gsb/clients", json!({"code": "uji-klien", "name": "Klien Uji", "agency_id": disdik, "application_id": app_of(&admin, disdik).await, "status": "active",
        "tls_cert_sha256": "AB:".repeat(32)})).await;
    assert_eq!(c["tls_cert_sha256"], "ab".repeat(32));
    let path = format!("/api/v1/gsb/clients/{}/keys", c["id"]);
    let (st, e) = admin.post(&path, json!({"expires_on": "2001-01-01"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&e), vec![("expires_on".to_string(), "in_past".to_string())]);
    let k1 = create(&admin, &path, json!({"label": "produksi", "expires_on": later()})).await;
    let k2 = create(&admin, &path, json!({"label": "rotasi"})).await;
    let secret = k1["key"].as_str().unwrap();
    assert!(secret.starts_with("gsb_") && secret.len() == 68, "{secret}");
    assert_eq!(k1["details"]["prefix"], &secret[..12]);
    assert_eq!(k1["details"]["status"], "active");
    let (_, keys) = admin.get(&path).await;
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert!(!keys.to_string().contains(secret), "the key is never listed");

    let digest = secret_digest(secret);
    let routing = app.store.gsb_routing().await.unwrap();
    let routed = routing.keys.iter().find(|k| k.digest == digest).expect("the key is routed by its digest");
    assert_eq!((routed.client_code.as_str(), routed.agency_id), ("uji-klien", disdik));
    assert!(routed.expires_at.is_some());
    // The audit trail has the prefix and digest, never the key.
    let audit = audit_of(&admin, "gsb_key", &k1["details"]["id"]).await;
    assert!(audit[0].to_string().contains(&digest) && !audit[0].to_string().contains(secret));

    let version = app.store.gsb_version().await.unwrap();
    let (st, r) = admin.post(&format!("/api/v1/gsb/keys/{}/revoke", k1["details"]["id"]), json!({})).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["status"], "revoked");
    assert_eq!(r["revoked_by"], "admin");
    assert!(app.store.gsb_version().await.unwrap() > version);
    let (st, _) = admin.post(&format!("/api/v1/gsb/keys/{}/revoke", k1["details"]["id"]), json!({})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let routing = app.store.gsb_routing().await.unwrap();
    assert!(!routing.keys.iter().any(|k| k.digest == digest), "revoked keys are not routed");
    let other = secret_digest(k2["key"].as_str().unwrap());
    assert!(routing.keys.iter().any(|k| k.digest == other), "the rotation key still works");

    // A suspended client's keys are not routed either.
    let (st, _) = admin.put(&format!("/api/v1/gsb/clients/{}", c["id"]), with(c.clone(), json!({"status": "suspended"}))).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!app.store.gsb_routing().await.unwrap().keys.iter().any(|k| k.digest == other));
    let audit = audit_of(&admin, "gsb_key", &k1["details"]["id"]).await;
    assert_eq!(audit.iter().map(|e| e["action"].as_str().unwrap()).collect::<Vec<_>>(), vec!["update", "create"]);
});

/// A DINKES service, a DISDIKBUD client: the ids.
async fn provider_and_client(app: &support::App, admin: &support::Client, data_service: bool) -> (i64, i64) {
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let doc = if data_service { r#"{"openapi":"3.0.0","paths":{"/siswa/{nisn}/imunisasi":{"get":{}}}}"# } else { DOC };
    let s = create(admin, "/api/v1/gsb/services", with(service(dinkes, if data_service { "uji-imunisasi" } else { "uji-pasien" }), json!({"openapi": doc, "data_service": data_service}))).await;
    let c = create(admin, "/api/v1/gsb/clients", json!({"code": "uji-sekolah", "name": "Sekolah Sehat", "agency_id": disdik, "application_id": app_of(admin, disdik).await, "status": "active"})).await;
    (s["id"].as_i64().unwrap(), c["id"].as_i64().unwrap())
}

both!(access_rights_are_asked_decided_by_the_provider_and_revoked, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (service_id, client_id) = provider_and_client(&app, &admin, false).await;
    let consumer = app.login("operator.disdik").await;
    let provider_head = app.login("kadinkes").await;
    let provider_op = app.login("operator.dinkes").await;
    let ask = json!({"client_id": client_id, "service_id": service_id, "purpose": "Verifikasi status kesehatan siswa baru.", "operations": ["GET /pasien/{nik}", "get /pasien"], "expires_on": later()});

    let (st, e) = consumer.post("/api/v1/gsb/grants", with(ask.clone(), json!({"operations": ["DELETE /pasien"], "expires_on": "2000-01-01", "purpose": ""}))).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&e), vec![("purpose".to_string(), "required".to_string()), ("operations".to_string(), "unknown_operation".to_string()), ("expires_on".to_string(), "in_past".to_string())]);
    let (st, _) = provider_op.post("/api/v1/gsb/grants", ask.clone()).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "the provider does not ask for another agency's client");
    let g = create(&consumer, "/api/v1/gsb/grants", ask.clone()).await;
    assert_eq!(g["status"], "requested");
    assert_eq!(g["operations"], json!(["GET /pasien", "GET /pasien/{nik}"]));
    assert_eq!(g["requested_by"], "operator.disdik");
    let (st, _) = consumer.post("/api/v1/gsb/grants", ask.clone()).await;
    assert_eq!(st, StatusCode::CONFLICT, "one open request per client and service");

    // Only the provider decides; a rejection needs a reason.
    let id = g["id"].as_i64().unwrap();
    let decide = format!("/api/v1/gsb/grants/{id}/decision");
    let (st, _) = consumer.post(&decide, json!({"decision": "approve"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = app.login("walidata.dinkes").await.post(&decide, json!({"decision": "approve"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, e) = provider_head.post(&decide, json!({"decision": "reject"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&e), vec![("reason".to_string(), "required".to_string())]);
    assert!(app.store.gsb_routing().await.unwrap().grants.iter().all(|r| r.client_id != client_id), "a request is not a right");
    let (st, d) = provider_head.post(&decide, json!({"decision": "approve", "reason": "Sesuai perjanjian kerja sama."})).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!((d["status"].as_str(), d["decided_by"].as_str(), d["decider_role"].as_str()), (Some("approved"), Some("kadinkes"), Some("Kepala Perangkat Daerah")));
    let (st, _) = provider_head.post(&decide, json!({"decision": "reject", "reason": "x"})).await;
    assert_eq!(st, StatusCode::CONFLICT, "decided once");

    let routing = app.store.gsb_routing().await.unwrap();
    let r = routing.grants.iter().find(|r| r.client_id == client_id).unwrap();
    assert_eq!(r.service_code, "uji-pasien");
    assert_eq!(r.operations, Some(vec![("GET".to_string(), "/pasien".to_string()), ("GET".to_string(), "/pasien/{nik}".to_string())]));

    // The approval queue and exports.
    let (_, queue) = admin.get(&format!("/api/v1/gsb/grants?provider_agency_id={}&status=approved&client_id={client_id}", app.agency_id("DINKES").await)).await;
    assert_eq!(queue["total"], 1);
    let csv = admin.http.get(app.url(&format!("/api/v1/gsb/grants/export.csv?client_id={client_id}"))).send().await.unwrap().text().await.unwrap();
    assert!(csv.starts_with("id,client_code,client_agency_name,service_code,provider_agency_name,purpose,operations,expires_on,status,decided_by,decider_role,decision_note,revoked_reason\n"), "{csv}");
    assert!(csv.contains(&format!("{id},uji-sekolah,")) && csv.contains("GET /pasien; GET /pasien/{nik},2099-12-31,approved,kadinkes,Kepala Perangkat Daerah,Sesuai perjanjian kerja sama.,"), "{csv}");
    let (_, json) = admin.get(&format!("/api/v1/gsb/grants/export.json?client_id={client_id}")).await;
    assert_eq!(json[0]["purpose"], "Verifikasi status kesehatan siswa baru.");

    // Revocation: the provider (not the consumer), with a reason; then it is gone from the routing.
    let revoke = format!("/api/v1/gsb/grants/{id}/revoke");
    let (st, _) = consumer.post(&revoke, json!({"reason": "x"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, e) = provider_op.post(&revoke, json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let version = app.store.gsb_version().await.unwrap();
    let (st, r) = provider_op.post(&revoke, json!({"reason": "Perjanjian berakhir."})).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!((r["status"].as_str(), r["revoked_by"].as_str()), (Some("revoked"), Some("operator.dinkes")));
    assert!(app.store.gsb_version().await.unwrap() > version);
    assert!(app.store.gsb_routing().await.unwrap().grants.iter().all(|r| r.client_id != client_id));
    let audit = audit_of(&admin, "gsb_grant", &json!(id)).await;
    assert_eq!(audit.iter().map(|e| e["action"].as_str().unwrap()).collect::<Vec<_>>(), vec!["update", "update", "create"]);
    assert_eq!(audit[0]["after"]["revoked_reason"], "Perjanjian berakhir.");

    // After revocation a new request is possible; the consumer may withdraw it, then reject works with a reason.
    let g2 = create(&consumer, "/api/v1/gsb/grants", with(ask.clone(), json!({"operations": []}))).await;
    let (st, w) = consumer.post(&format!("/api/v1/gsb/grants/{}/revoke", g2["id"]), json!({"reason": "Salah isi."})).await;
    assert_eq!(st, StatusCode::OK, "{w}");
    let g3 = create(&consumer, "/api/v1/gsb/grants", with(ask, json!({"operations": []}))).await;
    assert_eq!(g3["operations"], json!([]));
    let (st, d) = provider_op.post(&format!("/api/v1/gsb/grants/{}/decision", g3["id"]), json!({"decision": "reject", "reason": "Tujuan tidak jelas."})).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!((d["status"].as_str(), d["decider_role"].as_str()), (Some("rejected"), Some("Operator PD")));
});

both!(data_services_are_read_only_and_follow_the_pusat_data_chain, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (service_id, client_id) = provider_and_client(&app, &admin, true).await;
    let consumer = app.login("operator.disdik").await;
    let ask = json!({"client_id": client_id, "service_id": service_id, "purpose": "Status imunisasi siswa.", "operations": ["POST /siswa/{nisn}/imunisasi"], "expires_on": later()});
    let (st, e) = consumer.post("/api/v1/gsb/grants", ask.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&e), vec![("operations".to_string(), "unknown_operation".to_string())]);
    let g = create(&consumer, "/api/v1/gsb/grants", with(ask, json!({"operations": []}))).await;
    let (st, d) = admin.post(&format!("/api/v1/gsb/grants/{}/decision", g["id"]), json!({"decision": "approve"})).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(d["decider_role"], "Administrator Diskominfo");
    assert!(d["decision_note"].as_str().unwrap().contains("Pusat Data (Perwali Banjarbaru 5/2018 Pasal 12)"), "{d}");
    let routing = app.store.gsb_routing().await.unwrap();
    assert!(routing.services.iter().find(|s| s.code == "uji-imunisasi").unwrap().data_service);
    assert_eq!(routing.grants.iter().find(|r| r.client_id == client_id).unwrap().operations, None, "the whole service");

    // A retired service is no longer routed, nor its rights.
    let (_, s) = admin.get(&format!("/api/v1/gsb/services/{service_id}")).await;
    let (st, _) = admin.put(&format!("/api/v1/gsb/services/{service_id}"), with(s, json!({"status": "retired"}))).await;
    assert_eq!(st, StatusCode::OK);
    let routing = app.store.gsb_routing().await.unwrap();
    assert!(!routing.services.iter().any(|s| s.code == "uji-imunisasi"));
    assert!(!routing.grants.iter().any(|r| r.client_id == client_id));
});

both!(every_kind_of_change_bumps_the_version, |app: support::App| async move {
    let admin = app.login("admin").await;
    let mut last = app.store.gsb_version().await.unwrap();
    let mut bumped = |what: &str, now: i64| {
        assert!(now > last, "{what} must bump the version ({last} → {now})");
        last = now;
    };
    let (service_id, client_id) = provider_and_client(&app, &admin, false).await;
    bumped("service and client", app.store.gsb_version().await.unwrap());
    let (_, s) = admin.get(&format!("/api/v1/gsb/services/{service_id}")).await;
    admin.put(&format!("/api/v1/gsb/services/{service_id}"), with(s, json!({"rate_limit_per_minute": 60}))).await;
    bumped("service update", app.store.gsb_version().await.unwrap());
    let (_, c) = admin.get(&format!("/api/v1/gsb/clients/{client_id}")).await;
    admin.put(&format!("/api/v1/gsb/clients/{client_id}"), with(c, json!({"name": "Sekolah Sehat 2"}))).await;
    bumped("client update", app.store.gsb_version().await.unwrap());
    let k = create(&admin, &format!("/api/v1/gsb/clients/{client_id}/keys"), json!({})).await;
    bumped("key", app.store.gsb_version().await.unwrap());
    admin.post(&format!("/api/v1/gsb/keys/{}/revoke", k["details"]["id"]), json!({})).await;
    bumped("key revocation", app.store.gsb_version().await.unwrap());
    let g = create(&admin, "/api/v1/gsb/grants", json!({"client_id": client_id, "service_id": service_id, "purpose": "Uji", "expires_on": later()})).await;
    bumped("request", app.store.gsb_version().await.unwrap());
    admin.post(&format!("/api/v1/gsb/grants/{}/decision", g["id"]), json!({"decision": "approve"})).await;
    bumped("approval", app.store.gsb_version().await.unwrap());
    admin.post(&format!("/api/v1/gsb/grants/{}/revoke", g["id"]), json!({"reason": "Selesai"})).await;
    bumped("revocation", app.store.gsb_version().await.unwrap());
    assert_eq!(app.store.gsb_routing().await.unwrap().version, last);
});

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

both!(diskominfo_does_it_all_in_the_web_ui, |app: support::App| async move {
    let ui = app.ui_login("admin").await;
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await.to_string();
    let disdik = app.agency_id("DISDIKBUD").await;
    let (st, html) = ui.page("/penghubung-layanan").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("href=\"/penghubung-layanan/layanan/baru\"") && html.contains("Penghubung Layanan"));

    // A bad form comes back with the fields marked, nothing written.
    let service_form = |code: &'static str, url: &'static str| {
        vec![("code", code), ("name", "Rujukan Pasien"), ("description", ""), ("agency_id", "DINKES"), ("application_id", ""), ("upstream_url", url), ("openapi", DOC), ("version", "2"),
            ("data_service", "false"), ("confidentiality", "terbatas"), ("availability_target", "99,9"), ("keep_bodies", "true"), ("retention_days", "30"),
            ("rate_limit_per_minute", "120"), ("status", "active"), ("outbound_auth", ""), ("clear_outbound_auth", "false")]
    };
    let mut bad = service_form("ui-rujukan", "bukan-url");
    bad[3].1 = &dinkes;
    let res = ui.form("/penghubung-layanan/layanan/baru", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"f-upstream_url\"") && html.contains("aria-invalid=\"true\" aria-describedby=\"e-upstream_url\""), "{html}");
    assert!(html.contains("Alamat harus diawali http:// atau https://."));
    assert_eq!(admin.get("/api/v1/gsb/services?q=ui-rujukan").await.1["total"], 0);

    let mut good = service_form("ui-rujukan", "https://rujukan.tanjungselatankota.go.id");
    good[3].1 = &dinkes;
    let res = ui.form("/penghubung-layanan/layanan/baru", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let service_page = location(&res);
    let (_, html) = ui.page(&service_page).await;
    assert!(html.contains("<code>/ui-rujukan/</code>") && html.contains("<code>GET</code></td><td><code>/pasien/{nik}</code>") && html.contains("99,90 %") && html.contains("selama 30 hari"), "{html}");
    let service_id = service_page.trim_start_matches("/penghubung-layanan/layanan/").split('?').next().unwrap().to_string();
    let (_, edit) = ui.page(&format!("/penghubung-layanan/layanan/{service_id}/ubah")).await;
    assert!(edit.contains("value=\"99,90\"") && edit.contains("value=\"ui-rujukan\""), "the edit form is filled");

    // A client for DISDIKBUD, then a key shown once.
    let app_id = app_of(&admin, disdik).await.to_string();
    let disdik_s = disdik.to_string();
    let res = ui.form("/penghubung-layanan/klien/baru", &[("code", "ui-sekolah"), ("name", "Sekolah Sehat"), ("agency_id", &disdik_s), ("application_id", &app_id), ("status", "active"), ("tls_cert_sha256", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let client_page = location(&res);
    let client_id = client_page.trim_start_matches("/penghubung-layanan/klien/").split('?').next().unwrap().to_string();
    let res = ui.form(&format!("/penghubung-layanan/klien/{client_id}/kunci"), &[("label", "produksi"), ("expires_on", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let key = html.split("id=\"new-key\" type=\"text\" readonly value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert!(key.starts_with("gsb_") && key.len() == 68);
    let (_, again) = ui.page(&format!("/penghubung-layanan/klien/{client_id}")).await;
    assert!(!again.contains(&key) && again.contains(&format!("<code>{}…</code>", &key[..12])), "shown once, then only the prefix");
    let res = ui.form(&format!("/penghubung-layanan/klien/{client_id}/kunci"), &[("label", ""), ("expires_on", "2001-01-01")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The form carries a one-time token: sent again (a reload of the page showing the key), it creates nothing.
    let token = again.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(token.len(), 32);
    let keys_now = || async { admin.get(&format!("/api/v1/gsb/clients/{client_id}/keys")).await.1.as_array().map_or(0, |a| a.len()) };
    let before = keys_now().await;
    let res = ui.form(&format!("/penghubung-layanan/klien/{client_id}/kunci"), &[("label", "rotasi"), ("expires_on", ""), ("form_token", &token)]).await;
    assert!(res.text().await.unwrap().contains("id=\"new-key\""), "the first submission creates a key");
    assert_eq!(keys_now().await, before + 1);
    let res = ui.form(&format!("/penghubung-layanan/klien/{client_id}/kunci"), &[("label", "rotasi"), ("expires_on", ""), ("form_token", &token)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(!html.contains("id=\"new-key\"") && html.contains("Formulir ini sudah dikirim"), "{html}");
    assert_eq!(keys_now().await, before + 1, "the repeated submission created no key");

    // Request, approve, revoke.
    let (_, form) = ui.page(&format!("/penghubung-layanan/hak-akses/baru?service_id={service_id}")).await;
    assert!(form.contains(&format!("<option value=\"{service_id}\" selected>")));
    let res = ui.form("/penghubung-layanan/hak-akses/baru", &[("client_id", &client_id), ("service_id", &service_id), ("purpose", "Rujukan siswa ke puskesmas."), ("operations", "GET /pasien/{nik}\r\n\r\nGET /pasien"), ("expires_on", "2099-12-31")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let grant_page = location(&res);
    let grant_id = grant_page.trim_start_matches("/penghubung-layanan/hak-akses/").split('?').next().unwrap().to_string();
    let (_, g) = admin.get(&format!("/api/v1/gsb/grants/{grant_id}")).await;
    assert_eq!(g["operations"], json!(["GET /pasien", "GET /pasien/{nik}"]));
    let (_, queue) = ui.page("/penghubung-layanan/hak-akses").await;
    assert!(queue.contains(&format!("href=\"/penghubung-layanan/hak-akses/{grant_id}\"")), "in the approval queue");
    let res = ui.form(&format!("/penghubung-layanan/hak-akses/{grant_id}/keputusan"), &[("decision", "reject"), ("reason", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Tuliskan alasan penolakan."));
    let res = ui.form(&format!("/penghubung-layanan/hak-akses/{grant_id}/keputusan"), &[("decision", "approve"), ("reason", "Disetujui.")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin.get(&format!("/api/v1/gsb/grants/{grant_id}")).await.1["status"], "approved");
    let res = ui.form(&format!("/penghubung-layanan/hak-akses/{grant_id}/cabut"), &[("reason", "Kerja sama selesai.")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = ui.page(&format!("/penghubung-layanan/hak-akses/{grant_id}")).await;
    assert!(html.contains("Dicabut") && html.contains("oleh admin: Kerja sama selesai."), "{html}");

    // Revoke the key from the client page.
    let k = &admin.get(&format!("/api/v1/gsb/clients/{client_id}/keys")).await.1[0];
    let res = ui.form(&format!("/penghubung-layanan/kunci/{}/cabut", k["id"]), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin.get(&format!("/api/v1/gsb/clients/{client_id}/keys")).await.1[0]["status"], "revoked");

    // Others read the catalogue but see no keys and no edit links.
    let auditor = app.ui_login("auditor").await;
    let (st, html) = auditor.page(&format!("/penghubung-layanan/klien/{client_id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!html.contains(&key[..12]) && !html.contains("Buat kunci"));
    let (st, _) = auditor.page("/penghubung-layanan/layanan/baru").await;
    assert_eq!(st, StatusCode::FORBIDDEN);
});

both!(the_demo_routes_only_what_is_active_approved_and_unexpired, |app: support::App| async move {
    let r = app.store.gsb_routing().await.unwrap();
    let services: Vec<&str> = r.services.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(services, vec!["bkpsdm-pegawai", "dinkes-rujukan", "dukcapil-nik", "splp-nasional"], "the draft is not routed");
    let splp = r.services.iter().find(|s| s.code == "splp-nasional").unwrap();
    assert!(splp.outbound_auth.as_deref().unwrap().starts_with("Bearer "));
    assert!(r.services.iter().find(|s| s.code == "dukcapil-nik").unwrap().data_service);
    // Four clients with a working key each: SIMRS's old key is revoked, SIMBADA's test key expired.
    assert_eq!(r.keys.len(), 4, "{:?}", r.keys);
    let mut rights: Vec<String> = r.grants.iter().map(|g| format!("{}:{}", g.service_code, g.operations.as_ref().map_or(0, Vec::len))).collect();
    rights.sort();
    assert_eq!(rights, vec!["bkpsdm-pegawai:0", "dinkes-rujukan:3", "dukcapil-nik:2", "splp-nasional:0"], "no pending, rejected, revoked or expired right");
    let admin = app.login("admin").await;
    let (_, all) = admin.get("/api/v1/gsb/grants?per_page=200").await;
    let mut states: Vec<&str> = all["items"].as_array().unwrap().iter().map(|g| g["status"].as_str().unwrap()).collect();
    states.sort();
    assert_eq!(states, vec!["approved", "approved", "approved", "approved", "expired", "rejected", "requested", "revoked"]);
    let (_, svc) = admin.get("/api/v1/gsb/services?q=splp").await;
    assert!(svc["items"][0]["outbound_auth_masked"].as_str().unwrap().ends_with("7f3a") && !svc.to_string().contains("DEMO-bukan"));
});

async fn outside_bus(c: &support::Client, app_id: i64) -> Vec<Value> {
    let (s, page) = c.get("/api/v1/findings?check=exchange_outside_bus&per_page=200").await;
    assert_eq!(s, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().iter().filter(|f| f["entity_id"] == app_id).cloned().collect()
}

both!(an_exchange_between_agencies_outside_the_bus_is_a_finding_until_a_right_exists, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let (provider_app, consumer_app) = (app_of(&admin, dinkes).await, app_of(&admin, disdik).await);
    // The demo shows one: e-SAKIP reads e-Kinerja directly.
    let (_, all) = admin.get("/api/v1/findings?check=exchange_outside_bus").await;
    assert_eq!(all["total"], 1, "{all}");
    assert_eq!(all["items"][0]["article"], "Perwali Balikpapan 14/2022 Pasal 18 ayat (1) huruf c dan Pasal 26");

    assert!(outside_bus(&admin, consumer_app).await.is_empty());
    let (st, rel) = admin.post(&format!("/api/v1/applications/{consumer_app}/relations"), json!({"related_id": provider_app, "kind": "exchanges_with"})).await;
    assert_eq!(st, StatusCode::CREATED, "{rel}");
    let found = outside_bus(&admin, consumer_app).await;
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("Sistem Penghubung Layanan"));

    let s = create(&admin, "/api/v1/gsb/services", with(service(dinkes, "uji-temuan"), json!({"application_id": provider_app}))).await;
    let c = create(&admin, "/api/v1/gsb/clients", json!({"code": "uji-temuan", "name": "Klien", "agency_id": disdik, "application_id": consumer_app, "status": "active"})).await;
    let g = create(&admin, "/api/v1/gsb/grants", json!({"client_id": c["id"], "service_id": s["id"], "purpose": "Pertukaran data rutin.", "expires_on": later()})).await;
    assert_eq!(outside_bus(&admin, consumer_app).await.len(), 1, "a request is not yet a right");
    admin.post(&format!("/api/v1/gsb/grants/{}/decision", g["id"]), json!({"decision": "approve"})).await;
    assert!(outside_bus(&admin, consumer_app).await.is_empty(), "an approved right clears it");
    admin.post(&format!("/api/v1/gsb/grants/{}/revoke", g["id"]), json!({"reason": "Selesai."})).await;
    assert_eq!(outside_bus(&admin, consumer_app).await.len(), 1, "revoked: the exchange is outside the bus again");

    // Banjarbaru names no service bus: the check is listed as not applicable.
    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    assert!(outside_bus(&admin, consumer_app).await.is_empty());
    let (_, checks) = admin.get("/api/v1/findings/checks").await;
    let row = checks.as_array().unwrap().iter().find(|c| c["code"] == "exchange_outside_bus").cloned().unwrap();
    assert_eq!(row["applies"], false);
});
