//! The network registry (Jaringan Intra) and the attachment store, through
//! the API and the UI, on both databases: devices, ports, cables and their
//! label codes; per-agency scoping; LAN diagram uploads with history,
//! downloads and modification detection; the two checks firing and clearing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use simpul_domain::attachments::{sha256_hex, MAX_ATTACHMENT_BYTES};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR diagram uji";
const PDF: &[u8] = b"%PDF-1.4\n% diagram LAN\n%%EOF\n";

fn days_ago(n: i64) -> String {
    let today = simpul_web::local_today(simpul_domain::pemda::TimeZone::Wita);
    time::Date::from_julian_day(today.to_julian_day() - n as i32).unwrap().to_string()
}

use support::Part;

async fn created(c: &support::Client, path: &str, body: Value) -> Value {
    let (s, v) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "POST {path}: {v}");
    v
}

fn field_codes(e: &Value) -> Vec<(String, String)> {
    e["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string())).collect()
}

fn has(fields: &[(String, String)], field: &str, code: &str) -> bool {
    fields.iter().any(|(f, c)| f == field && c == code)
}

async fn set_regulation(c: &support::Client, regulation: &str) {
    let (_, mut p) = c.get("/api/v1/profile").await;
    p["regulation"] = json!(regulation);
    let (s, body) = c.put("/api/v1/profile", p).await;
    assert_eq!(s, StatusCode::OK, "{body}");
}

async fn findings(c: &support::Client, check: &str) -> Vec<Value> {
    let (s, page) = c.get(&format!("/api/v1/findings?check={check}&per_page=200")).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().clone()
}

/// A new device with `n` ports `Gi0/1…`, in an agency.
async fn device(c: &support::Client, agency: i64, host: &str, ip: &str, n: u32) -> (i64, Vec<i64>) {
    let d = created(c, "/api/v1/network-devices", json!({"agency_id": agency, "hostname": host, "kind": "switch", "management_ip": ip, "location": "Lt. 3"})).await;
    let id = d["id"].as_i64().unwrap();
    let ports = created(c, &format!("/api/v1/network-devices/{id}/ports"), json!({"name": "Gi0/", "count": n, "speed_mbps": 1000})).await;
    (id, ports.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect())
}

both!(devices_ports_and_cables_with_generated_labels_audit_and_exports, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let d = created(&admin, "/api/v1/network-devices", json!({"agency_id": dinkes, "hostname": "SW-UJI-01", "kind": "switch", "management_ip": " 10.20.9.1 ", "model": "Switch Uji", "serial_number": "UJI-0001"})).await;
    let dev = d["id"].as_i64().unwrap();
    assert_eq!((d["hostname"].as_str(), d["management_ip"].as_str(), d["agency_name"].as_str()), (Some("sw-uji-01"), Some("10.20.9.1"), Some("Dinas Kesehatan Kota Tanjung Selatan")));
    let ports = created(&admin, &format!("/api/v1/network-devices/{dev}/ports"), json!({"name": "Gi0/", "count": 4, "speed_mbps": 1000})).await;
    let names: Vec<&str> = ports.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Gi0/1", "Gi0/2", "Gi0/3", "Gi0/4"]);
    let p1 = ports[0]["id"].as_i64().unwrap();
    let p2 = ports[1]["id"].as_i64().unwrap();
    let (s, e) = admin.post(&format!("/api/v1/network-devices/{dev}/ports"), json!({"name": "Gi0/2"})).await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("name")), "{e}");

    // A cable gets its label code from the default scheme.
    let c = created(&admin, "/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": p1, "b_outlet": "R.301-A01", "medium": "utp_cat6", "length_m": 14})).await;
    let cid = c["id"].as_i64().unwrap();
    assert_eq!(c["label_code"], "DINKES-SW-UJI-01:GI0/1-R.301-A01-001");
    assert_eq!((c["a"]["display"].as_str(), c["b"]["display"].as_str()), (Some("sw-uji-01:Gi0/1"), Some("R.301-A01")));
    // The same ends again: the next free number.
    let c2 = created(&admin, "/api/v1/cables", json!({"agency_id": dinkes, "a_outlet": "R.301-A01", "b_port_id": p2, "medium": "utp_cat6"})).await;
    assert_eq!(c2["label_code"], "DINKES-R.301-A01-SW-UJI-01:GI0/2-001");
    // A port holds one cable end only, on either side.
    for body in [json!({"agency_id": dinkes, "a_port_id": p1, "b_outlet": "R.302", "medium": "utp_cat6"}), json!({"agency_id": dinkes, "a_outlet": "R.302", "b_port_id": p1, "medium": "utp_cat6"})] {
        let (s, e) = admin.post("/api/v1/cables", body).await;
        assert_eq!(s, StatusCode::CONFLICT, "{e}");
        assert_eq!(e["error"]["code"], "conflict");
        assert!(e["error"]["fields"][0]["message"].as_str().unwrap().contains("DINKES-SW-UJI-01:GI0/1-R.301-A01-001"), "{e}");
    }
    // Label codes are unique.
    let (s, e) = admin.post("/api/v1/cables", json!({"agency_id": dinkes, "a_outlet": "X1", "b_outlet": "X2", "medium": "utp_cat6", "label_code": "dinkes-sw-uji-01:gi0/1-r.301-a01-001"})).await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("label_code")), "{e}");

    let (_, got) = admin.get(&format!("/api/v1/network-devices/{dev}")).await;
    assert_eq!((got["port_count"].as_i64(), got["ports_used"].as_i64()), (Some(4), Some(2)));
    assert_eq!(got["ports"][0]["cable_id"], cid);
    assert_eq!(got["ports"][0]["cable_label"], "DINKES-SW-UJI-01:GI0/1-R.301-A01-001");
    assert_eq!(got["ports"][2]["cable_id"], Value::Null);

    // Update keeps the label; the audit trail has before and after.
    let (s, u) = admin.put(&format!("/api/v1/cables/{cid}"), json!({"agency_id": dinkes, "a_port_id": p1, "b_outlet": "R.301-A02", "medium": "utp_cat6a"})).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!((u["label_code"].as_str(), u["b"]["outlet"].as_str(), u["medium"].as_str()), (Some("DINKES-SW-UJI-01:GI0/1-R.301-A01-001"), Some("R.301-A02"), Some("utp_cat6a")));
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=cable&entity_id={cid}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["update", "create"]);
    assert_eq!(audit["items"][0]["before"]["b"]["outlet"], "R.301-A01");
    assert_eq!(audit["items"][0]["after"]["b"]["outlet"], "R.301-A02");
    assert_eq!(audit["items"][0]["agency_id"], dinkes);
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=network_device&entity_id={dev}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["add_ports", "create"]);

    // A new scheme, then a new code from it.
    let (s, sch) = admin.put("/api/v1/network/label-scheme", json!({"pattern": "KBL-{AGENCY}-{SEQ:4}"})).await;
    assert_eq!(s, StatusCode::OK, "{sch}");
    assert_eq!((sch["pattern"].as_str(), sch["example"].as_str()), (Some("KBL-{AGENCY}-{SEQ:4}"), Some("KBL-DINKES-0001")));
    let (s, r) = admin.post(&format!("/api/v1/cables/{cid}/label"), json!({})).await;
    assert_eq!((s, r["label_code"].as_str()), (StatusCode::OK, Some("KBL-DINKES-0001")), "{r}");
    let (_, r) = admin.post(&format!("/api/v1/cables/{}/label", c2["id"]), json!({})).await;
    assert_eq!(r["label_code"], "KBL-DINKES-0002");
    let (_, audit) = admin.get("/api/v1/audit?entity=network_settings").await;
    assert_eq!(audit["items"][0]["after"]["label_pattern"], "KBL-{AGENCY}-{SEQ:4}");

    // Filters, search, pagination.
    let (_, list) = admin.get(&format!("/api/v1/cables?agency_id={dinkes}&q=kbl-dinkes")).await;
    assert_eq!(list["total"], 2, "{list}");
    let (_, list) = admin.get(&format!("/api/v1/cables?device_id={dev}")).await;
    assert_eq!(list["total"], 2);
    let (_, list) = admin.get(&format!("/api/v1/cables?agency_id={dinkes}&unlabelled=true")).await;
    assert!(list["items"].as_array().unwrap().iter().all(|c| c["label_code"].is_null()) && list["total"].as_i64().unwrap() >= 2, "demo has unlabelled Dinkes cables: {list}");
    let (_, list) = admin.get("/api/v1/network-devices?q=10.20.9").await;
    assert_eq!((list["total"].as_i64(), list["items"][0]["hostname"].as_str()), (Some(1), Some("sw-uji-01")));
    let (_, list) = admin.get(&format!("/api/v1/network-devices?agency_id={dinkes}&kind=access_point")).await;
    assert_eq!(list["items"][0]["hostname"], "ap-dinkes-lt1");
    let (_, list) = admin.get("/api/v1/network-devices?per_page=3&page=2").await;
    assert_eq!((list["items"].as_array().unwrap().len(), list["page"].as_i64()), (3, Some(2)));
    assert!(list["total"].as_i64().unwrap() >= 13);
    let (_, wan) = admin.get(&format!("/api/v1/wan-links?agency_id={dinkes}")).await;
    assert_eq!((wan["total"].as_i64(), wan["items"][0]["medium"].as_str()), (Some(1), Some("fiber_optik")));

    // Exports: CSV with a header row, JSON unpaged.
    let res = admin.http.get(app.url("/api/v1/network-devices/export.csv?q=sw-uji")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], simpul_web::api::networks::DEVICE_CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains(",sw-uji-01,switch,,10.20.9.1,Switch Uji,UJI-0001,4,2"), "{csv}");
    let res = admin.http.get(app.url(&format!("/api/v1/cables/export.csv?device_id={dev}"))).send().await.unwrap();
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().next().unwrap(), simpul_web::api::networks::CABLE_CSV_COLUMNS.join(","));
    assert!(csv.contains(&format!("KBL-DINKES-0001,sw-uji-01:Gi0/1,{p1},R.301-A02,,utp_cat6a,,")), "{csv}");
    let (s, json) = admin.get(&format!("/api/v1/cables/export.json?device_id={dev}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json.as_array().unwrap().len(), 2);
    let (_, json) = admin.get(&format!("/api/v1/network-devices/export.json?agency_id={dinkes}")).await;
    assert_eq!(json.as_array().unwrap().len(), 5, "four demo devices and the new one");
});

both!(bad_input_is_refused_with_field_codes_and_nothing_is_written, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let before = app.store.counts().await.unwrap().audit_entries;
    let (s, e) = admin.post("/api/v1/network-devices", json!({"agency_id": 0, "hostname": "sw 01", "kind": "hub", "management_ip": "10.20.300.1"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")));
    let f = field_codes(&e);
    for (field, code) in [("agency_id", "required"), ("hostname", "invalid_format"), ("kind", "invalid_choice"), ("management_ip", "invalid_format")] {
        assert!(has(&f, field, code), "{field}/{code} in {f:?}");
    }
    // A management address already in use (demo rtr-dinkes-01), a host name taken in the agency.
    let (s, e) = admin.post("/api/v1/network-devices", json!({"agency_id": dinkes, "hostname": "sw-baru", "kind": "switch", "management_ip": "10.20.0.1"})).await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("management_ip")), "{e}");
    let (s, e) = admin.post("/api/v1/network-devices", json!({"agency_id": dinkes, "hostname": "rtr-dinkes-01", "kind": "router"})).await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("hostname")), "{e}");
    let (s, e) = admin.post("/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": 5, "a_outlet": "R1", "medium": "kawat", "length_m": 0, "label_code": "A B"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let f = field_codes(&e);
    for (field, code) in [("a_outlet", "ambiguous"), ("b_port_id", "required"), ("medium", "invalid_choice"), ("length_m", "out_of_range"), ("label_code", "invalid_format")] {
        assert!(has(&f, field, code), "{field}/{code} in {f:?}");
    }
    // A port of another agency's device (Diskominfo's core switch) cannot end a Dinkes cable.
    let (_, core) = admin.get("/api/v1/network-devices?q=sw-core-01").await;
    let (_, core) = admin.get(&format!("/api/v1/network-devices/{}", core["items"][0]["id"])).await;
    let free = core["ports"].as_array().unwrap().iter().find(|p| p["cable_id"].is_null()).unwrap()["id"].clone();
    let (s, e) = admin.post("/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": free, "b_outlet": "R1", "medium": "utp_cat6"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&field_codes(&e), "a_port_id", "other_agency"), "{e}");
    let (s, e) = admin.post("/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": 999_999, "b_outlet": "R1", "medium": "utp_cat6"})).await;
    assert_eq!((s, field_codes(&e)[0].1.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_reference"));
    let (s, e) = admin.post("/api/v1/wan-links", json!({"from_agency_id": dinkes, "to_agency_id": dinkes, "medium": "kabel", "bandwidth_mbps": 0})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let f = field_codes(&e);
    assert!(has(&f, "to_site", "same_end") && has(&f, "medium", "invalid_choice") && has(&f, "bandwidth_mbps", "out_of_range"), "{f:?}");
    let (s, e) = admin.put("/api/v1/network/label-scheme", json!({"pattern": "{AGENCY}-{FROM}"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&field_codes(&e), "pattern", "invalid_format"), "{e}");
    let (s, e) = admin.post(&format!("/api/v1/network-devices/{}/ports", core["id"]), json!({"name": "Gi 1", "count": 500})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&field_codes(&e), "count", "out_of_range"), "{e}");
    let (s, e) = admin.post("/api/v1/cables", json!({"agency_id": 999_999, "a_outlet": "A", "b_outlet": "B", "medium": "utp_cat6"})).await;
    assert_eq!((s, field_codes(&e)[0].1.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_reference"));
    let (s, _) = admin.get("/api/v1/cables/999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Nothing was written.
    assert_eq!(app.store.counts().await.unwrap().audit_entries, before);
    let (_, list) = admin.get("/api/v1/network-devices?q=sw-baru").await;
    assert_eq!(list["total"], 0);
});

both!(agencies_manage_their_own_lan_and_diskominfo_the_wan, |app: support::App| async move {
    let op = app.login("operator.dinkes").await;
    let head = app.login("kadinkes").await;
    let admin = app.login("admin").await;
    let auditor = app.login("auditor").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    // The operator manages Dinkes' LAN.
    let (dev, ports) = device(&op, dinkes, "sw-lt3-01", "10.20.3.1", 2).await;
    let c = created(&op, "/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": ports[0], "b_outlet": "R.310-A01", "medium": "utp_cat6"})).await;
    let (s, _) = head.put(&format!("/api/v1/network-devices/{dev}"), json!({"agency_id": dinkes, "hostname": "sw-lt3-01", "kind": "switch", "location": "Lt. 3, rak dinding"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = head.upload(&format!("/api/v1/agencies/{dinkes}/lan-diagrams"), &[("file", Some(("lan.pdf", "application/pdf")), PDF)]).await;
    assert_eq!(s, StatusCode::CREATED);
    // …but not Disdikbud's, and not the WAN or the scheme.
    let (_, sw) = admin.get("/api/v1/network-devices?q=sw-disdik-01").await;
    let disdik_dev = sw["items"][0]["id"].as_i64().unwrap();
    let (_, disdik_dev_full) = admin.get(&format!("/api/v1/network-devices/{disdik_dev}")).await;
    let disdik_port = disdik_dev_full["ports"][5]["id"].clone();
    let forbidden: Vec<(&str, String, Value)> = vec![
        ("POST", "/api/v1/network-devices".into(), json!({"agency_id": disdik, "hostname": "sw-bukan-milik", "kind": "switch"})),
        ("PUT", format!("/api/v1/network-devices/{disdik_dev}"), json!({"agency_id": disdik, "hostname": "sw-disdik-01", "kind": "switch"})),
        ("PUT", format!("/api/v1/network-devices/{dev}"), json!({"agency_id": disdik, "hostname": "sw-lt3-01", "kind": "switch"})),
        ("POST", format!("/api/v1/network-devices/{disdik_dev}/ports"), json!({"name": "sfp1"})),
        ("POST", "/api/v1/cables".into(), json!({"agency_id": disdik, "a_port_id": disdik_port, "b_outlet": "X", "medium": "utp_cat6"})),
        ("PUT", format!("/api/v1/cables/{}", c["id"]), json!({"agency_id": disdik, "a_outlet": "A", "b_outlet": "B", "medium": "utp_cat6"})),
        ("POST", "/api/v1/wan-links".into(), json!({"from_agency_id": dinkes, "to_agency_id": disdik, "medium": "radio", "bandwidth_mbps": 10})),
        ("PUT", "/api/v1/network/label-scheme".into(), json!({"pattern": "{SEQ}"})),
    ];
    for who in [&op, &head] {
        for (m, path, body) in &forbidden {
            let (s, e) = who.send(reqwest::Method::from_bytes(m.as_bytes()).unwrap(), path, Some(body.clone())).await;
            assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{m} {path}");
        }
        let (s, _) = who.upload(&format!("/api/v1/agencies/{disdik}/lan-diagrams"), &[("file", Some(("lan.pdf", "application/pdf")), PDF)]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    // Disdikbud's operator manages Disdikbud's switch.
    let op_disdik = app.login("operator.disdik").await;
    let (s, _) = op_disdik.post(&format!("/api/v1/network-devices/{disdik_dev}/ports"), json!({"name": "sfp1", "speed_mbps": 10000})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = op_disdik.post(&format!("/api/v1/cables/{}/label", c["id"]), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Read-only roles read everything and change nothing.
    for path in ["/api/v1/network-devices", "/api/v1/cables", "/api/v1/wan-links", "/api/v1/network/lan-status", "/api/v1/network/label-scheme", &format!("/api/v1/agencies/{dinkes}/lan-diagrams")] {
        let (s, _) = auditor.get(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
    }
    let (s, _) = auditor.post("/api/v1/network-devices", json!({"agency_id": dinkes, "hostname": "x", "kind": "switch"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = auditor.upload(&format!("/api/v1/agencies/{dinkes}/lan-diagrams"), &[("file", Some(("lan.pdf", "application/pdf")), PDF)]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.anon().get("/api/v1/cables").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // Diskominfo runs the WAN.
    let w = created(&admin, "/api/v1/wan-links", json!({"from_agency_id": dinkes, "from_site": "Gedung Dinkes", "to_agency_id": disdik, "to_site": "Gedung Disdikbud", "medium": "radio", "bandwidth_mbps": 100, "provider": "Mandiri"})).await;
    let (s, u) = admin.put(&format!("/api/v1/wan-links/{}", w["id"]), json!({"from_agency_id": dinkes, "to_agency_id": disdik, "medium": "fiber_optik", "bandwidth_mbps": 1000})).await;
    assert_eq!((s, u["medium"].as_str(), u["bandwidth_mbps"].as_i64()), (StatusCode::OK, Some("fiber_optik"), Some(1000)));
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=wan_link&entity_id={}", w["id"])).await;
    assert_eq!(audit["items"][0]["before"]["medium"], "radio");
    // A write token acts as its account; a read token reads only.
    let token = app.token_client("operator.dinkes", "read").await;
    let (s, _) = token.get("/api/v1/cables").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = token.upload(&format!("/api/v1/agencies/{dinkes}/lan-diagrams"), &[("file", Some(("lan.pdf", "application/pdf")), PDF)]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let token = app.token_client("operator.dinkes", "write").await;
    let (s, d) = token.upload(&format!("/api/v1/agencies/{dinkes}/lan-diagrams"), &[("file", Some(("lan.png", "image/png")), PNG)]).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
});

both!(lan_diagrams_keep_history_download_safely_and_detect_modification, |app: support::App| async move {
    let op = app.login("operator.dinkes").await;
    let dinkes = app.agency_id("DINKES").await;
    let path = format!("/api/v1/agencies/{dinkes}/lan-diagrams");
    let (_, before) = op.get(&path).await;
    assert_eq!(before["total"], 1, "the demo's old Dinkes diagram");
    let on = days_ago(3);
    let (s, d) = op.upload(&path, &[("submitted_on", None, on.as_bytes()), ("notes", None, "Tambah switch lantai 3".as_bytes()), ("file", Some(("C:\\Diagram\\LAN Dinkes 2026.png", "image/png")), PNG)]).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!((d["submitted_on"].as_str(), d["current"].as_bool(), d["notes"].as_str()), (Some(on.as_str()), Some(true), Some("Tambah switch lantai 3")));
    let f = &d["file"];
    assert_eq!((f["file_name"].as_str(), f["content_type"].as_str(), f["size"].as_i64()), (Some("LAN Dinkes 2026.png"), Some("image/png"), Some(PNG.len() as i64)));
    assert_eq!(f["sha256"].as_str().unwrap(), sha256_hex(PNG));
    assert_eq!(f["uploaded_by"], "operator.dinkes");
    let att = f["id"].as_i64().unwrap();
    // History: the new one is current, the old one is kept.
    let (_, list) = op.get(&path).await;
    assert_eq!(list["total"], 2);
    assert_eq!((list["items"][0]["id"].clone(), list["items"][0]["current"].as_bool(), list["items"][1]["current"].as_bool()), (d["id"].clone(), Some(true), Some(false)));

    // Download: the bytes, with safe headers.
    let res = op.http.get(app.url(&format!("/api/v1/attachments/{att}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["content-disposition"], "attachment; filename=\"LAN Dinkes 2026.png\"; filename*=UTF-8''LAN%20Dinkes%202026.png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-content-sha256"], sha256_hex(PNG).as_str());
    assert!(h["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let (s, v) = op.get(&format!("/api/v1/attachments/{att}/verify")).await;
    assert_eq!((s, v["intact"].as_bool()), (StatusCode::OK, Some(true)), "{v}");

    // Someone changes the bytes in the database: detected, and not served.
    sqlx::query("UPDATE attachments SET content = $1 WHERE id = $2").bind(b"\x89PNG\r\n\x1a\nDIUBAH".to_vec()).bind(att).execute(app.store.pool()).await.unwrap();
    let (_, v) = op.get(&format!("/api/v1/attachments/{att}/verify")).await;
    assert_eq!(v["intact"], false);
    assert_eq!(v["recorded_sha256"].as_str().unwrap(), sha256_hex(PNG));
    assert_ne!(v["actual_sha256"], v["recorded_sha256"]);
    let (s, e) = op.get(&format!("/api/v1/attachments/{att}")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("integrity_failed")), "{e}");
    let (s, _) = op.get("/api/v1/attachments/999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Refusals: stable codes, nothing written.
    let audit_before = app.store.counts().await.unwrap().audit_entries;
    let big = {
        let mut b = PDF.to_vec();
        b.resize(MAX_ATTACHMENT_BYTES + 1, b'%');
        b
    };
    let svg_script = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let svg_handler = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>";
    let cases: Vec<(Vec<Part<'_>>, StatusCode, &str)> = vec![
        (vec![("file", Some(("besar.pdf", "application/pdf")), &big)], StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        (vec![("file", Some(("program.exe", "application/octet-stream")), b"MZ\x90\0\x03")], StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (vec![("file", Some(("lan.pdf", "application/pdf")), PNG)], StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (vec![("file", Some(("lan.svg", "image/svg+xml")), svg_script)], StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (vec![("file", Some(("lan.svg", "image/svg+xml")), svg_handler)], StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (vec![("notes", None, b"tanpa berkas")], StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        (vec![("submitted_on", None, b"2999-01-01"), ("file", Some(("lan.pdf", "application/pdf")), PDF)], StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        (vec![("submitted_on", None, b"kemarin"), ("file", Some(("lan.pdf", "application/pdf")), PDF)], StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
    ];
    for (parts, status, code) in cases {
        let (s, e) = op.upload(&path, &parts).await;
        assert_eq!((s, e["error"]["code"].as_str()), (status, Some(code)), "{e}");
    }
    // Not multipart at all.
    let (s, e) = op.post(&path, json!({"file": "bukan berkas"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("unsupported_media_type")));
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before);
    let (_, list) = op.get(&path).await;
    assert_eq!(list["total"], 2);

    // The audit trail records the diagram and its file's digest (not the bytes).
    let admin = app.login("admin").await;
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=attachment&entity_id={att}")).await;
    assert_eq!(audit["items"][0]["action"], "upload");
    assert_eq!(audit["items"][0]["after"]["sha256"].as_str().unwrap(), sha256_hex(PNG));
    assert!(audit["items"][0]["after"].get("content").is_none());
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=lan_diagram&entity_id={}", d["id"])).await;
    assert_eq!((audit["items"][0]["action"].as_str(), audit["items"][0]["agency_id"].as_i64()), (Some("create"), Some(dinkes)));
});

both!(lan_diagram_check_fires_and_clears, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let diskominfo = app.agency_id("DISKOMINFO").await;
    let of = |all: &[Value], agency: i64| all.iter().filter(|f| f["entity_id"] == agency && f["entity"] == "agency").cloned().collect::<Vec<_>>();
    // The demo: Dinkes' diagram is more than a year old, Disdikbud never handed one in, Diskominfo's is current.
    let found = findings(&admin, "lan_diagram_outdated").await;
    let d = of(&found, dinkes);
    assert_eq!(d.len(), 1, "{found:?}");
    assert_eq!(d[0]["article"], "Perwali Balikpapan 14/2022 Pasal 25 ayat (1)");
    assert_eq!(d[0]["severity"], "sedang");
    assert!(d[0]["message"].as_str().unwrap().contains("terakhir bertanggal"), "{}", d[0]);
    assert!(of(&found, disdik)[0]["message"].as_str().unwrap().contains("belum pernah"));
    assert!(of(&found, diskominfo).is_empty());
    // Disdikbud hands in an old one (still late), then a current one (cleared).
    let op = app.login("operator.disdik").await;
    let path = format!("/api/v1/agencies/{disdik}/lan-diagrams");
    let (s, _) = op.upload(&path, &[("submitted_on", None, days_ago(400).as_bytes()), ("file", Some(("lama.pdf", "application/pdf")), PDF)]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(of(&findings(&admin, "lan_diagram_outdated").await, disdik).len(), 1);
    let (s, _) = op.upload(&path, &[("submitted_on", None, days_ago(365).as_bytes()), ("file", Some(("baru.pdf", "application/pdf")), PDF)]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(of(&findings(&admin, "lan_diagram_outdated").await, disdik).is_empty(), "exactly a year old is not late");
    // Dinkes too.
    let (s, _) = admin.upload(&format!("/api/v1/agencies/{dinkes}/lan-diagrams"), &[("file", Some(("lan.pdf", "application/pdf")), PDF)]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(of(&findings(&admin, "lan_diagram_outdated").await, dinkes).is_empty());
    // The overview agrees.
    let (_, status) = admin.get("/api/v1/network/lan-status?per_page=200").await;
    let row = status["items"].as_array().unwrap().iter().find(|r| r["agency_id"] == disdik).unwrap().clone();
    assert_eq!((row["latest_on"].as_str(), row["diagrams"].as_i64()), (Some(days_ago(365).as_str()), Some(2)));
    // A regulation without the yearly duty does not check it, and says so.
    set_regulation(&admin, "perwali_kendari_41_2021").await;
    assert!(findings(&admin, "lan_diagram_outdated").await.is_empty());
    let (_, checks) = admin.get("/api/v1/findings/checks").await;
    let c = checks.as_array().unwrap().iter().find(|c| c["code"] == "lan_diagram_outdated").unwrap().clone();
    assert_eq!((c["applies"].as_bool(), c["article"].is_null()), (Some(false), true));
});

both!(cable_label_check_fires_and_clears, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    // Balikpapan makes no cable-label rule: not checked.
    assert!(findings(&admin, "cable_unlabelled").await.is_empty());
    let (_, checks) = admin.get("/api/v1/findings/checks").await;
    assert!(checks.as_array().unwrap().iter().any(|c| c["code"] == "cable_unlabelled" && c["applies"] == false));
    set_regulation(&admin, "perwali_kendari_41_2021").await;
    let c = created(&admin, "/api/v1/cables", json!({"agency_id": dinkes, "a_outlet": "PP3-01", "b_outlet": "R.401-A01", "medium": "utp_cat6", "auto_label": false})).await;
    let id = c["id"].as_i64().unwrap();
    assert!(c["label_code"].is_null());
    let mine = |all: Vec<Value>| all.into_iter().filter(|f| f["entity"] == "cable" && f["entity_id"] == id).collect::<Vec<_>>();
    let f = mine(findings(&admin, "cable_unlabelled").await);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0]["article"].as_str(), f[0]["entity_name"].as_str(), f[0]["agency_id"].as_i64()), (Some("Perwali Kendari 41/2021 Pasal 19 ayat (2)"), Some("PP3-01 ↔ R.401-A01"), Some(dinkes)));
    // The demo's unlabelled cables are found too.
    assert!(findings(&admin, "cable_unlabelled").await.len() >= 4);
    let (s, l) = admin.post(&format!("/api/v1/cables/{id}/label"), json!({})).await;
    assert_eq!((s, l["label_code"].as_str()), (StatusCode::OK, Some("DINKES-PP3-01-R.401-A01-001")));
    assert!(mine(findings(&admin, "cable_unlabelled").await).is_empty());
    // Removing the label brings it back; a typed code clears it again.
    let (_, u) = admin.put(&format!("/api/v1/cables/{id}"), json!({"agency_id": dinkes, "a_outlet": "PP3-01", "b_outlet": "R.401-A01", "medium": "utp_cat6", "auto_label": false})).await;
    assert!(u["label_code"].is_null(), "{u}");
    assert_eq!(mine(findings(&admin, "cable_unlabelled").await).len(), 1);
    let (_, u) = admin.put(&format!("/api/v1/cables/{id}"), json!({"agency_id": dinkes, "a_outlet": "PP3-01", "b_outlet": "R.401-A01", "medium": "utp_cat6", "label_code": "dks/pp3-01"})).await;
    assert_eq!(u["label_code"], "DKS/PP3-01");
    assert!(mine(findings(&admin, "cable_unlabelled").await).is_empty());
    // Under Banjarbaru and Cianjur it cites their own articles.
    set_regulation(&admin, "perwali_banjarbaru_5_2018").await;
    assert_eq!(findings(&admin, "cable_unlabelled").await[0]["article"], "Perwali Banjarbaru 5/2018 Pasal 15 ayat (3)");
    set_regulation(&admin, "perbup_cianjur_25_2018").await;
    assert_eq!(findings(&admin, "cable_unlabelled").await[0]["article"], "Perbup Cianjur 25/2018 Pasal 17 ayat (4)");
});

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

/// A browser's multipart form post: the CSRF token as a form field, no header.
async fn ui_upload(c: &support::Client, path: &str, token: Option<&str>, file: &[u8]) -> reqwest::Response {
    let mut parts: Vec<Part<'_>> = Vec::new();
    if let Some(t) = token {
        parts.push(("csrf_token", None, t.as_bytes()));
    }
    parts.push(("notes", None, b"Diagram dari formulir"));
    parts.push(("file", Some(("diagram.pdf", "application/pdf")), file));
    let (ct, body) = support::multipart(&parts);
    c.http.post(format!("{}{}", c.base, path)).header("content-type", ct).body(body).send().await.unwrap()
}

both!(ui_end_to_end_for_a_diskominfo_administrator, |app: support::App| async move {
    let admin = app.ui_login("admin").await;
    let dinkes = app.agency_id("DINKES").await.to_string();
    let (s, html) = admin.page("/jaringan").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("href=\"/jaringan\" aria-current=\"page\">Jaringan</a>"), "nav entry");
    assert!(html.contains("Perwali Balikpapan 14/2022 Pasal 25 ayat (1)") && html.contains("Lebih dari setahun") && html.contains("Belum ada"), "{html}");

    // A device, with errors explained first.
    let res = admin.form("/jaringan/perangkat/baru", &[("agency_id", &dinkes), ("hostname", "sw 01"), ("kind", "switch"), ("management_ip", "10.1.1.999")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-hostname\">Nama host terdiri atas huruf") && html.contains("id=\"e-management_ip\">Alamat IP manajemen tidak valid"), "{html}");
    assert!(html.contains("aria-invalid=\"true\"") && html.contains("value=\"10.1.1.999\""));
    let res = admin.form("/jaringan/perangkat/baru", &[("agency_id", &dinkes), ("hostname", "sw-ui-01"), ("kind", "switch"), ("management_ip", "10.20.8.1"), ("location", "Lt. 4")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let dev_page = location(&res);
    let dev_path = dev_page.split('?').next().unwrap().to_string();
    let res = admin.form(&format!("{dev_path}/port"), &[("name", "ge-0/0/"), ("count", "3"), ("speed_mbps", "1000")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&dev_path).await;
    assert!(html.contains("sw-ui-01") && html.contains("ge-0/0/3") && html.contains("0 dari 3 terpakai"), "{html}");
    let res = admin.form(&format!("{dev_path}/port"), &[("name", "ge-0/0/1")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Port ge-0/0/1 sudah ada pada perangkat ini."));

    // A cable: choose the agency, then a port and an outlet; the code is generated.
    let (_, html) = admin.page("/jaringan/kabel/baru").await;
    assert!(html.contains("Perangkat Daerah pemilik kabel") && html.contains("Lanjut"), "{html}");
    let (_, html) = admin.page(&format!("/jaringan/kabel/baru?agency_id={dinkes}")).await;
    let port = html.split("\">sw-ui-01:ge-0/0/1<").next().unwrap().rsplit("value=\"").next().unwrap().to_string();
    assert!(html.contains("rtr-dinkes-01:ether2 (terpakai)"), "used ports are marked");
    let res = admin.form("/jaringan/kabel/baru", &[("agency_id", &dinkes), ("a_port_id", &port), ("b_outlet", "R.401-A01"), ("medium", "utp_cat6"), ("auto_label", "1")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cable_page = location(&res);
    let (_, html) = admin.page(&cable_page).await;
    assert!(html.contains("Data berhasil disimpan.") && html.contains("DINKES-SW-UI-01:GE-0/0/1-R.401-A01-001"), "{html}");
    let res = admin.form("/jaringan/kabel/baru", &[("agency_id", &dinkes), ("a_port_id", &port), ("b_outlet", "R.402"), ("medium", "utp_cat6")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("satu port hanya untuk satu ujung kabel"));
    // Print labels: a page without scripts, labels in print boxes.
    let (s, html) = admin.page(&format!("/jaringan/kabel/cetak?agency_id={dinkes}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<div class=\"label\"><span class=\"code\">DINKES-SW-UI-01:GE-0/0/1-R.401-A01-001</span>") && !html.contains("<script"), "{html}");
    assert!(html.contains("belum berlabel"), "unlabelled cables are counted: {html}");
    let (_, css) = admin.page("/static/simpul.css").await;
    assert!(css.contains("@media print"));
    let (_, html) = admin.page(&format!("/jaringan/kabel?agency_id={dinkes}&unlabelled=1")).await;
    assert!(html.contains("tanpa label") && html.contains("R.205-B01"), "{html}");
    for path in ["/jaringan/perangkat?q=sw-ui", "/jaringan/wan", "/jaringan/skema-label", &format!("/jaringan/perangkat?agency_id={dinkes}&kind=switch")] {
        let (s, html) = admin.page(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(html.contains("<h1>"), "{path}");
    }

    // The scheme, explained and changed.
    let (_, html) = admin.page("/jaringan/skema-label").await;
    assert!(html.contains("{SEQ}") && html.contains("Wajib ada"), "{html}");
    let res = admin.form("/jaringan/skema-label", &[("pattern", "{AGENCY}")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = admin.form("/jaringan/skema-label", &[("pattern", "KBL-{AGENCY}-{SEQ:4}")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = admin.form(&format!("{}/label", cable_page.split('?').next().unwrap()), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&location(&res)).await;
    assert!(html.contains("KBL-DINKES-0001"), "{html}");

    // A WAN link.
    let disdik = app.agency_id("DISDIKBUD").await.to_string();
    let res = admin.form("/jaringan/wan/baru", &[("from_agency_id", &dinkes), ("to_agency_id", &disdik), ("medium", "radio"), ("bandwidth_mbps", "100"), ("to_site", "Gedung Disdikbud")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&format!("/jaringan/wan?agency_id={disdik}")).await;
    assert!(html.contains("Radio (wireless point-to-point)") && html.contains("Gedung Disdikbud"), "{html}");

    // A LAN diagram from the form: the CSRF token is a form field of the multipart body.
    let path = format!("/jaringan/diagram/{dinkes}");
    let (_, html) = admin.page(&path).await;
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("Diagram berikutnya paling lambat"), "{html}");
    let token = admin.csrf.clone().unwrap();
    let before = app.store.lan_diagrams(dinkes.parse().unwrap()).await.unwrap().len();
    let res = ui_upload(&admin, &path, None, PDF).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no token");
    assert!(res.text().await.unwrap().contains("CSRF"));
    let res = ui_upload(&admin, &path, Some("token-palsu"), PDF).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "wrong token");
    let res = ui_upload(&admin, &format!("{path}?csrf_token={token}"), None, PDF).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a token in the query string is not accepted");
    assert_eq!(app.store.lan_diagrams(dinkes.parse().unwrap()).await.unwrap().len(), before, "nothing written");
    let res = ui_upload(&admin, &path, Some(&token), b"GIF89a bukan diagram").await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-file\">Jenis berkas tidak diterima: unggah PDF, PNG, JPEG atau SVG.</p>") && html.contains("value=\"Diagram dari formulir\""), "{html}");
    let res = ui_upload(&admin, &path, Some(&token), PDF).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&location(&res)).await;
    assert!(html.contains("Data berhasil disimpan.") && html.contains("terkini") && html.contains("Diagram dari formulir"), "{html}");
    let att = html.split("href=\"/api/v1/attachments/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (s, html) = admin.page(&format!("/lampiran/{att}/periksa")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Berkas utuh") && html.contains(&sha256_hex(PDF)), "{html}");
    let res = admin.http.get(app.url(&format!("/api/v1/attachments/{att}"))).send().await.unwrap();
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);

    // Findings link to the agency's diagram page; the operator sees edit controls only for Dinkes.
    let (_, html) = admin.page("/temuan?check=lan_diagram_outdated").await;
    assert!(html.contains(&format!("href=\"/jaringan/diagram/{disdik}\"")) && !html.contains(&format!("href=\"/jaringan/diagram/{dinkes}\"")), "{html}");
    let op = app.ui_login("operator.dinkes").await;
    let (_, html) = op.page(&format!("/jaringan/diagram/{disdik}")).await;
    assert!(!html.contains("enctype=\"multipart/form-data\""));
    let (s, _) = op.page(&format!("/jaringan/perangkat/{}/ubah", app.store.devices(&simpul_store::networks::DeviceFilter { q: Some("sw-disdik-01".into()), ..Default::default() }, simpul_store::PageRequest::default()).await.unwrap().items[0].id)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let res = ui_upload(&op, &format!("/jaringan/diagram/{disdik}"), op.csrf.as_deref(), PDF).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, html) = op.page("/jaringan/wan").await;
    assert!(!html.contains("/jaringan/wan/baru"), "only Diskominfo manages the WAN");
});

both!(a_decommissioned_cable_frees_its_ports_and_stays_as_history, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    set_regulation(&admin, "perwali_kendari_41_2021").await;
    let (_, ports) = device(&admin, dinkes, "sw-bongkar-01", "10.20.30.41", 2).await;
    let c = created(&admin, "/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": ports[0], "b_outlet": "R.105-A02", "medium": "utp_cat6", "auto_label": false})).await;
    let id = c["id"].as_i64().unwrap();
    let unlabelled = |all: Vec<Value>| all.into_iter().any(|f| f["entity"] == "cable" && f["entity_id"] == id);
    assert!(unlabelled(findings(&admin, "cable_unlabelled").await));
    // The port is taken; another operator's agency may not take the cable down.
    let (s, _) = admin.post("/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": ports[0], "b_outlet": "X", "medium": "utp_cat6"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "a port holds one cable end");
    let (s, _) = app.login("operator.disdik").await.post(&format!("/api/v1/cables/{id}/decommission"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, d) = app.login("operator.dinkes").await.post(&format!("/api/v1/cables/{id}/decommission"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(d["decommissioned_on"].is_string() && d["a"]["port_id"].is_null());
    assert_eq!(d["a"]["outlet"], "sw-bongkar-01:Gi0/1", "the end is kept as text: {d}");
    // Freed: the port takes a new cable; gone from lists, exports and findings, kept on request.
    created(&admin, "/api/v1/cables", json!({"agency_id": dinkes, "a_port_id": ports[0], "b_outlet": "R.105-A03", "medium": "utp_cat6"})).await;
    let (_, list) = admin.get(&format!("/api/v1/cables?agency_id={dinkes}&per_page=200")).await;
    assert!(!list["items"].as_array().unwrap().iter().any(|c| c["id"] == id));
    let (_, list) = admin.get(&format!("/api/v1/cables?agency_id={dinkes}&per_page=200&with_decommissioned=true")).await;
    assert!(list["items"].as_array().unwrap().iter().any(|c| c["id"] == id));
    assert!(!unlabelled(findings(&admin, "cable_unlabelled").await));
    // History is not rewritten.
    for (path, body) in [(format!("/api/v1/cables/{id}/decommission"), json!({})), (format!("/api/v1/cables/{id}/label"), json!({}))] {
        let (s, e) = admin.post(&path, body).await;
        assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{path}: {e}");
    }
    let (s, _) = admin.put(&format!("/api/v1/cables/{id}"), json!({"agency_id": dinkes, "a_outlet": "A", "b_outlet": "B", "medium": "utp_cat6"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=cable&entity_id={id}")).await;
    assert_eq!(audit["items"][0]["action"], "decommission");
    assert_eq!(audit["items"][0]["before"]["a"]["port_id"], ports[0]);
    // The page says so and offers no edit.
    let (_, html) = admin.page(&format!("/jaringan/kabel/{id}")).await;
    assert!(html.contains("Kabel ini sudah dibongkar pada") && !html.contains(&format!("/jaringan/kabel/{id}/ubah")), "{html}");
});
