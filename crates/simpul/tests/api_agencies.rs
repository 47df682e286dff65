//! Agencies, units and people through the API, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::json;

both!(create_list_update_deactivate_agency, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (s, a) = admin.post("/api/v1/agencies", json!({"code": "dpmd", "name": "Dinas Pemberdayaan Masyarakat dan Desa", "kind": "dinas", "email": "dpmd@contoh.go.id"})).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["code"], "DPMD");
    let id = a["id"].as_i64().unwrap();

    let (s, list) = admin.get("/api/v1/agencies?q=pemberdayaan").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], id);

    let (s, u) = admin.put(&format!("/api/v1/agencies/{id}"), json!({"code": "DPMD", "name": "Dinas PMD", "kind": "dinas", "mandiri_tik": true, "mandiri_tik_since": "2024-01-15"})).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(u["mandiri_tik_since"], "2024-01-15");

    let (s, d) = admin.post(&format!("/api/v1/agencies/{id}/deactivate"), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["active"], false);
    let (_, active) = admin.get("/api/v1/agencies?q=DPMD&active=true").await;
    assert_eq!(active["total"], 0);
    // Still readable: never hard-deleted.
    let (s, _) = admin.get(&format!("/api/v1/agencies/{id}")).await;
    assert_eq!(s, StatusCode::OK);

    // Every change is on the audit trail, in order.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=agency&entity_id={id}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["deactivate", "update", "create"]);
    assert_eq!(audit["items"][1]["before"]["name"], "Dinas Pemberdayaan Masyarakat dan Desa");
    assert_eq!(audit["items"][1]["after"]["name"], "Dinas PMD");
    assert_eq!(audit["items"][0]["actor"], "admin");
});

both!(bad_agency_input_is_rejected_with_codes_and_nothing_written, |app: support::App| async move {
    let admin = app.login("admin").await;
    let before = app.store.counts().await.unwrap();
    let audit_before = before.audit_entries;
    let (s, e) = admin.post("/api/v1/agencies", json!({"code": "x", "name": "", "kind": "kementerian", "email": "bukan-surel", "mandiri_tik": true})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["code"], "validation_failed");
    let fields: Vec<(&str, &str)> = e["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
    for expected in [("code", "invalid_format"), ("name", "required"), ("kind", "invalid_choice"), ("email", "invalid_format"), ("mandiri_tik_since", "required")] {
        assert!(fields.contains(&expected), "{expected:?} missing from {fields:?}");
    }
    // Duplicate code: conflict, and the field is named.
    let (s, e) = admin.post("/api/v1/agencies", json!({"code": "DISKOMINFO", "name": "Lagi", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["error"]["code"], "conflict");
    assert_eq!(e["error"]["fields"][0]["field"], "code");
    // Malformed JSON: stable code.
    let res = admin.http.post(app.url("/api/v1/agencies")).header("x-csrf-token", admin.csrf.clone().unwrap()).header("content-type", "application/json").body("{not json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
    let after = app.store.counts().await.unwrap();
    assert_eq!(after.agencies_active, before.agencies_active);
    assert_eq!(after.audit_entries, audit_before);
});

both!(operator_edits_only_own_agency, |app: support::App| async move {
    let op = app.login("operator.dinkes").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let (s, a) = op.get(&format!("/api/v1/agencies/{dinkes}")).await;
    assert_eq!(s, StatusCode::OK);
    // The operator may change contacts but not the code or kind.
    let (s, u) = op.put(&format!("/api/v1/agencies/{dinkes}"), json!({"code": "HACK", "name": a["name"], "kind": "badan", "phone": "0542-123456"})).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(u["code"], "DINKES");
    assert_eq!(u["kind"], a["kind"]);
    assert_eq!(u["phone"], "0542-123456");
    let (s, e) = op.put(&format!("/api/v1/agencies/{disdik}"), json!({"code": "DISDIKBUD", "name": "x", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(e["error"]["code"], "forbidden");
    let (s, _) = op.post("/api/v1/agencies", json!({"code": "NEW", "name": "x", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // People: in own agency yes, elsewhere no.
    let (s, p) = op.post("/api/v1/people", json!({"name": "Siti Aminah", "nip": "199001012015032001", "agency_id": dinkes, "position": "Pranata Komputer"})).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let (s, _) = op.post("/api/v1/people", json!({"name": "Budi", "agency_id": disdik})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(units_and_people_validation, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let (s, u) = admin.post(&format!("/api/v1/agencies/{dinkes}/units"), json!({"code": "BIDSDK", "name": "Bidang Sumber Daya Kesehatan"})).await;
    assert_eq!(s, StatusCode::CREATED, "{u}");
    let (s, _) = admin.post(&format!("/api/v1/agencies/{dinkes}/units"), json!({"code": "BIDSDK", "name": "Ganda"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, units) = admin.get(&format!("/api/v1/agencies/{dinkes}/units?per_page=2")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(units["items"].as_array().unwrap().len(), 2);
    assert!(units["total"].as_i64().unwrap() > 2);

    // NIP rules.
    for bad in ["12345", "198513122010011003", "198503122010013003", "19850312201001100X"] {
        let (s, e) = admin.post("/api/v1/people", json!({"name": "Uji", "nip": bad, "agency_id": dinkes})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(e["error"]["fields"][0]["field"], "nip");
    }
    // A unit must belong to the person's agency.
    let (s, e) = admin.post("/api/v1/people", json!({"name": "Uji", "agency_id": disdik, "unit_id": u["id"]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["fields"][0]["field"], "unit_id");
    let (s, p) = admin.post("/api/v1/people", json!({"name": "Rina", "nip": "199205152018012002", "agency_id": dinkes, "unit_id": u["id"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    // Duplicate NIP.
    let (s, e) = admin.post("/api/v1/people", json!({"name": "Rina Lagi", "nip": "199205152018012002", "agency_id": dinkes})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["error"]["fields"][0]["field"], "nip");
    let (_, list) = admin.get(&format!("/api/v1/people?agency_id={dinkes}&q=rina")).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["unit_name"], "Bidang Sumber Daya Kesehatan");
});
