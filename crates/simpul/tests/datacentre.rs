//! The data centre registry (Pusat Data) and the domain registry, through
//! the API and the UI, on both databases: the site → room → rack → server →
//! VPS chain with rack overlaps and capacity, which applications run where,
//! subdomains with their findings fired and cleared, per-agency scoping,
//! bad input, audit entries and exports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};

fn with(mut v: Value, patch: Value) -> Value {
    for (k, x) in patch.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

async fn created(c: &support::Client, path: &str, body: Value) -> Value {
    let (s, v) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "POST {path}: {v}");
    v
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

fn field_codes(e: &Value) -> Vec<(String, String)> {
    e["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string())).collect()
}

/// A site, a room and a 42U rack of Diskominfo, fresh for the test.
async fn rack(app: &support::App, c: &support::Client, code: &str) -> (Value, Value, Value) {
    let kominfo = app.agency_id("DISKOMINFO").await;
    let site = created(c, "/api/v1/datacentre/sites", json!({"code": code, "name": format!("Lokasi {code}"), "kind": "pusat_data_utama", "agency_id": kominfo, "address": "Jl. Uji 1", "tier": 2})).await;
    let room = created(c, "/api/v1/datacentre/rooms", json!({"site_id": id(&site), "name": "Ruang Server 1", "floor": "2"})).await;
    let rack = created(c, "/api/v1/datacentre/racks", json!({"room_id": id(&room), "code": "R01", "height_u": 42})).await;
    (site, room, rack)
}

fn server_body(rack_id: i64, agency_id: i64, hostname: &str, u: i64, height: i64) -> Value {
    json!({"hostname": hostname, "rack_id": rack_id, "u_position": u, "u_height": height, "serial": "SN-1", "model": "Dell R750",
           "cpu_cores": 32, "ram_gb": 256, "storage_gb": 4000, "agency_id": agency_id, "ip_address": null})
}

fn vps_body(server_id: i64, agency_id: i64, hostname: &str, vcpu: i64, ip: &str) -> Value {
    json!({"hostname": hostname, "server_id": server_id, "agency_id": agency_id, "vcpu": vcpu, "ram_gb": 16, "disk_gb": 200, "os": "Debian 12",
           "ip_address": ip, "state": "aktif", "requested_on": "2025-01-06", "provisioned_on": "2025-01-13"})
}

both!(site_room_rack_server_vps_chain_with_overlap_and_capacity, |app: support::App| async move {
    let admin = app.login("admin").await;
    let kominfo = app.agency_id("DISKOMINFO").await;
    let dinkes = app.agency_id("DINKES").await;
    let (site, room, rack) = rack(&app, &admin, "UJI-DC").await;
    assert_eq!((site["kind"].as_str(), site["agency_name"].as_str()), (Some("pusat_data_utama"), Some("Dinas Komunikasi dan Informatika Kota Tanjung Selatan")));
    assert_eq!(room["site_name"], "Lokasi UJI-DC");
    let rid = id(&rack);
    let s1 = created(&admin, "/api/v1/datacentre/servers", server_body(rid, kominfo, "SRV-UJI01.dc.tanjungselatankota.go.id", 10, 2)).await;
    assert_eq!((s1["hostname"].as_str(), s1["site_name"].as_str(), s1["rack_code"].as_str()), (Some("srv-uji01.dc.tanjungselatankota.go.id"), Some("Lokasi UJI-DC"), Some("R01")));
    // Overlapping units, and a server higher than the rack, are refused with the field and code.
    let (s, e) = admin.post("/api/v1/datacentre/servers", server_body(rid, kominfo, "srv-uji02", 11, 1)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(field_codes(&e), vec![("u_position".to_string(), "overlap".to_string())]);
    assert!(e["error"]["fields"][0]["message"].as_str().unwrap().contains("srv-uji01"), "{e}");
    let (s, e) = admin.post("/api/v1/datacentre/servers", server_body(rid, kominfo, "srv-uji02", 42, 2)).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("u_position".to_string(), "out_of_rack".to_string())]));
    let s2 = created(&admin, "/api/v1/datacentre/servers", server_body(rid, kominfo, "srv-uji02", 12, 1)).await;
    // Moving a server onto itself is fine; onto another is not.
    let (s, _) = admin.put(&format!("/api/v1/datacentre/servers/{}", id(&s1)), server_body(rid, kominfo, "srv-uji01.dc.tanjungselatankota.go.id", 9, 2)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = admin.put(&format!("/api/v1/datacentre/servers/{}", id(&s2)), server_body(rid, kominfo, "srv-uji02", 10, 1)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // A rack cannot shrink below its servers.
    let (s, e) = admin.put(&format!("/api/v1/datacentre/racks/{rid}"), json!({"room_id": id(&room), "code": "R01", "height_u": 11})).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("height_u".to_string(), "too_small".to_string())]));
    let (_, r) = admin.get(&format!("/api/v1/datacentre/racks/{rid}")).await;
    assert_eq!((r["used_u"].as_i64(), r["server_count"].as_i64()), (Some(3), Some(2)));

    // VPS: capacity sums requested and active ones; decommissioned ones free their resources and IP.
    let sid = id(&s1);
    let v1 = created(&admin, "/api/v1/datacentre/vps", vps_body(sid, dinkes, "vps-dinkes-uji1", 24, "10.99.0.11")).await;
    assert_eq!((v1["agency_name"].as_str(), v1["server_hostname"].as_str()), (Some("Dinas Kesehatan Kota Tanjung Selatan"), Some("srv-uji01.dc.tanjungselatankota.go.id")));
    let (s, e) = admin.post("/api/v1/datacentre/vps", vps_body(sid, dinkes, "vps-dinkes-uji2", 16, "10.99.0.11")).await;
    assert_eq!((s, e["error"]["code"].as_str(), e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("conflict"), Some("ip_address")));
    let v2 = created(&admin, "/api/v1/datacentre/vps", with(vps_body(sid, dinkes, "vps-dinkes-uji2", 16, "10.99.0.12"), json!({"state": "diminta", "provisioned_on": null, "ip_address": null}))).await;
    let (_, srv) = admin.get(&format!("/api/v1/datacentre/servers/{sid}")).await;
    assert_eq!(srv["capacity"], json!({"cpu_cores": 32, "ram_gb": 256, "storage_gb": 4000, "vcpu_allocated": 40, "ram_gb_allocated": 32, "disk_gb_allocated": 400, "vps_count": 2}));
    assert_eq!(srv["overcommitted"], json!(["cpu"]));
    let (s, _) = admin.put(&format!("/api/v1/datacentre/vps/{}", id(&v1)), with(v1.clone(), json!({"state": "dihentikan", "decommissioned_on": "2025-06-30"}))).await;
    assert_eq!(s, StatusCode::OK);
    let (_, srv) = admin.get(&format!("/api/v1/datacentre/servers/{sid}")).await;
    assert_eq!((srv["capacity"]["vcpu_allocated"].as_i64(), srv["overcommitted"].clone()), (Some(16), json!([])));
    // The lifecycle only moves forward.
    let (s, e) = admin.put(&format!("/api/v1/datacentre/vps/{}", id(&v1)), v1.clone()).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("state".to_string(), "backwards".to_string())]));
    created(&admin, "/api/v1/datacentre/vps", vps_body(sid, dinkes, "vps-dinkes-uji3", 2, "10.99.0.11")).await;

    // Filters and search.
    for (q, n) in [(format!("rack_id={rid}"), 2), ("q=srv-uji0".to_string(), 2), (format!("site_id={}&q=uji02", id(&site)), 1), (format!("agency_id={dinkes}&q=srv-uji"), 0)] {
        let (_, l) = admin.get(&format!("/api/v1/datacentre/servers?{q}")).await;
        assert_eq!(l["total"], n, "{q}: {l}");
    }
    for (q, n) in [(format!("server_id={sid}"), 3), (format!("server_id={sid}&state=aktif"), 1), ("q=10.99.0.1".to_string(), 2), (format!("agency_id={dinkes}&q=uji2&state=diminta"), 1)] {
        let (_, l) = admin.get(&format!("/api/v1/datacentre/vps?{q}")).await;
        assert_eq!(l["total"], n, "{q}: {l}");
    }
    let (_, l) = admin.get(&format!("/api/v1/datacentre/rooms?site_id={}", id(&site))).await;
    assert_eq!(l["total"], 1);
    let (_, l) = admin.get("/api/v1/datacentre/sites?kind=drc").await;
    assert!(l["items"].as_array().unwrap().iter().all(|s| s["kind"] == "drc"));
    let (_, l) = admin.get("/api/v1/datacentre/vps?per_page=1").await;
    assert_eq!(l["items"].as_array().unwrap().len(), 1);
    assert!(l["total"].as_i64().unwrap() > 1);

    // Every write has its audit entry with before and after.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=dc_vps&entity_id={}", id(&v1))).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["update", "create"]);
    assert_eq!((audit["items"][0]["before"]["state"].as_str(), audit["items"][0]["after"]["state"].as_str()), (Some("aktif"), Some("dihentikan")));
    assert_eq!(audit["items"][0]["agency_id"], dinkes);
    for (entity, rec) in [("dc_site", &site), ("dc_room", &room), ("dc_rack", &rack), ("dc_server", &s2), ("dc_vps", &v2)] {
        let (_, a) = admin.get(&format!("/api/v1/audit?entity={entity}&entity_id={}", id(rec))).await;
        assert!(a["total"].as_i64().unwrap() >= 1, "{entity}");
    }
    let (s, e) = admin.get("/api/v1/datacentre/servers/999999").await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
});

fn subdomain(fqdn: &str, agency_id: i64) -> Value {
    json!({"fqdn": fqdn, "agency_id": agency_id, "purpose": "Uji", "record_type": "A", "target": "10.99.9.9", "registered_on": "2025-03-03", "status": "aktif"})
}

/// The findings of one check for one record.
async fn findings_for(c: &support::Client, check: &str, entity: &str, id: i64) -> Vec<Value> {
    let (s, page) = c.get(&format!("/api/v1/findings?check={check}&per_page=200")).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().iter().filter(|f| f["entity"] == entity && f["entity_id"] == id).cloned().collect()
}


both!(subdomain_findings_fire_and_clear_with_the_regulation_s_articles, |app: support::App| async move {
    let admin = app.login("admin").await;
    let op = app.login("operator.dinkes").await;
    let dinkes = app.agency_id("DINKES").await;
    // A subdomain outside the official domain is accepted as it is, and is a finding.
    let d = created(&op, "/api/v1/domains/subdomains", subdomain("Gizi-Dinkes.Example.COM.", dinkes)).await;
    let did = id(&d);
    assert_eq!((d["fqdn"].as_str(), d["within_official_domain"].as_bool()), (Some("gizi-dinkes.example.com"), Some(false)));
    let f = findings_for(&admin, "official_domain", "subdomain", did).await;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0]["article"].as_str(), f[0]["severity"].as_str(), f[0]["agency_id"].as_i64()), (Some("Perwali Balikpapan 14/2022 Pasal 30 ayat (1)"), Some("sedang"), Some(dinkes)));
    assert!(f[0]["message"].as_str().unwrap().contains("gizi-dinkes.example.com bukan subdomain dari tanjungselatankota.go.id"), "{f:?}");
    // An inactive registration is not checked; moving it under the official domain clears it.
    let (s, _) = op.put(&format!("/api/v1/domains/subdomains/{did}"), with(d.clone(), json!({"status": "nonaktif"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(findings_for(&admin, "official_domain", "subdomain", did).await.is_empty());
    let (s, _) = op.put(&format!("/api/v1/domains/subdomains/{did}"), with(d.clone(), json!({"fqdn": "gizi.dinkes.tanjungselatankota.go.id"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(findings_for(&admin, "official_domain", "subdomain", did).await.is_empty());

    // An application in use at an unregistered address under the official domain: low, Pasal 30 ayat (4).
    let app_body = json!({"name": "Sistem Gizi", "agency_id": dinkes, "kind": "aplikasi_khusus", "functions": ["layanan_publik_sektoral"], "state": "digunakan",
        "in_use_since": "2025-02-01", "platform": "web", "url": "https://sigizi.dinkes.tanjungselatankota.go.id/masuk", "documents": ["software_requirements", "user_manual", "source_code"]});
    let a = created(&op, "/api/v1/applications", app_body).await;
    let aid = id(&a);
    let f = findings_for(&admin, "app_host_not_registered", "application", aid).await;
    assert_eq!(f.len(), 1);
    assert_eq!((f[0]["article"].as_str(), f[0]["severity"].as_str()), (Some("Perwali Balikpapan 14/2022 Pasal 30 ayat (4)"), Some("rendah")));
    let s2 = created(&op, "/api/v1/domains/subdomains", with(subdomain("sigizi.dinkes.tanjungselatankota.go.id", dinkes), json!({"application_id": aid}))).await;
    assert_eq!(s2["application_name"], "Sistem Gizi");
    assert!(findings_for(&admin, "app_host_not_registered", "application", aid).await.is_empty());
    let (_, by_app) = admin.get(&format!("/api/v1/domains/subdomains?application_id={aid}")).await;
    assert_eq!(by_app["total"], 1);

    // The demo shows both checks.
    for check in ["official_domain", "app_host_not_registered"] {
        let (_, page) = admin.get(&format!("/api/v1/findings?check={check}&per_page=200")).await;
        assert!(page["items"].as_array().unwrap().iter().any(|f| f["entity"] == if check == "official_domain" { "subdomain" } else { "application" }), "{check}: {page}");
    }
    // Under a regulation without an official-domain article neither check runs, and the list of checks says so.
    let (s, _) = op.put(&format!("/api/v1/domains/subdomains/{did}"), with(d.clone(), json!({"fqdn": "gizi-lagi.example.com"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(findings_for(&admin, "official_domain", "subdomain", did).await.len(), 1);
    admin.set_regulation("perwali_kendari_41_2021").await;
    assert!(findings_for(&admin, "official_domain", "subdomain", did).await.is_empty());
    let (_, checks) = admin.get("/api/v1/findings/checks").await;
    let c = checks.as_array().unwrap().iter().find(|c| c["code"] == "app_host_not_registered").unwrap().clone();
    assert_eq!((c["applies"].as_bool(), c["article"].is_null()), (Some(false), true));
    // Banjarbaru cites its own articles.
    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    let f = findings_for(&admin, "official_domain", "subdomain", did).await;
    assert_eq!(f[0]["article"], "Perwali Banjarbaru 5/2018 Pasal 14 ayat (5)");
    let (_, dom) = admin.get("/api/v1/domains").await;
    assert_eq!((dom["official_domain"].as_str(), dom["website_management_article"].as_str()), (Some("tanjungselatankota.go.id"), Some("Perwali Banjarbaru 5/2018 Pasal 14 ayat (1)")));
});

both!(agencies_edit_their_subdomains_diskominfo_the_data_centre_others_read, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let kominfo = app.agency_id("DISKOMINFO").await;
    let (site, room, rk) = rack(&app, &admin, "UJI-SCOPE").await;
    let srv = created(&admin, "/api/v1/datacentre/servers", server_body(id(&rk), kominfo, "srv-scope", 1, 1)).await;
    let vps = created(&admin, "/api/v1/datacentre/vps", vps_body(id(&srv), dinkes, "vps-scope", 2, "10.98.0.1")).await;
    for who in ["operator.dinkes", "kadinkes"] {
        let c = app.login(who).await;
        // Their own agency's subdomains: yes; another agency's: no, not even by moving one there.
        let d = created(&c, "/api/v1/domains/subdomains", subdomain(&format!("{}.tanjungselatankota.go.id", who.replace('.', "-")), dinkes)).await;
        let (s, _) = c.post("/api/v1/domains/subdomains", subdomain("bukan-milik.tanjungselatankota.go.id", disdik)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        let (s, _) = c.put(&format!("/api/v1/domains/subdomains/{}", id(&d)), with(d.clone(), json!({"agency_id": disdik}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        // The data centre is Diskominfo's: they read it (their VPS included) and change nothing.
        let (s, l) = c.get(&format!("/api/v1/datacentre/vps?agency_id={dinkes}&q=vps-scope")).await;
        assert_eq!((s, l["total"].as_i64()), (StatusCode::OK, Some(1)));
        for (path, body) in [
            ("/api/v1/datacentre/sites".to_string(), json!({"code": "X1", "name": "X", "kind": "drc", "agency_id": dinkes})),
            (format!("/api/v1/datacentre/sites/{}", id(&site)), site.clone()),
            (format!("/api/v1/datacentre/rooms/{}", id(&room)), room.clone()),
            (format!("/api/v1/datacentre/vps/{}", id(&vps)), vps.clone()),
            ("/api/v1/datacentre/placements".to_string(), json!({"application_id": 1, "vps_id": id(&vps)})),
        ] {
            let (s, e) = if path.ends_with(|c: char| c.is_ascii_digit()) { c.put(&path, body).await } else { c.post(&path, body).await };
            assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{who} {path}");
        }
        let (s, _) = c.put("/api/v1/domains/email", json!({"email_domain": "contoh.go.id"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    // Walidata and Service Desk of the same agency, and the auditor, only read.
    for who in ["walidata.dinkes", "sd1.dinkes", "auditor"] {
        let c = app.login(who).await;
        let (s, _) = c.post("/api/v1/domains/subdomains", subdomain("baca-saja.tanjungselatankota.go.id", dinkes)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        for path in ["/api/v1/datacentre/sites", "/api/v1/datacentre/servers", "/api/v1/domains", "/api/v1/domains/subdomains"] {
            let (s, _) = c.get(path).await;
            assert_eq!(s, StatusCode::OK, "{who} {path}");
        }
    }
    // Diskominfo edits everything: another agency's subdomain too.
    let d = created(&admin, "/api/v1/domains/subdomains", subdomain("rapor.disdikbud.tanjungselatankota.go.id", disdik)).await;
    let (s, _) = admin.put(&format!("/api/v1/domains/subdomains/{}", id(&d)), with(d.clone(), json!({"purpose": "Rapor digital"}))).await;
    assert_eq!(s, StatusCode::OK);
    let (s, m) = admin.put("/api/v1/domains/email", json!({"email_domain": "@TanjungSelatanKota.go.id", "mail_host": "mx.tanjungselatankota.go.id"})).await;
    assert_eq!((s, m["email_domain"].as_str()), (StatusCode::OK, Some("tanjungselatankota.go.id")));
    let (_, audit) = admin.get("/api/v1/audit?entity=mail_domain").await;
    assert_eq!(audit["items"][0]["after"]["mail_host"], "mx.tanjungselatankota.go.id");
    assert_eq!(audit["items"][0]["before"]["mail_host"], "mail.tanjungselatankota.go.id");
    let (s, _) = app.anon().get("/api/v1/datacentre/servers").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
});

both!(bad_input_is_refused_with_field_codes_and_nothing_written, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let (_, room, rk) = rack(&app, &admin, "UJI-BAD").await;
    let audit_before = app.store.counts().await.unwrap().audit_entries;
    // (path, body, the (field, code) pairs expected among the errors)
    type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        ("/api/v1/datacentre/sites", json!({"code": "a b", "name": "", "kind": "gudang", "agency_id": 0, "tier": 9}), vec![("code", "invalid_format"), ("name", "required"), ("kind", "invalid_choice"), ("agency_id", "required"), ("tier", "out_of_range")]),
        ("/api/v1/datacentre/sites", json!({"code": "OK-1", "name": "X", "kind": "drc", "agency_id": 999_999}), vec![("agency_id", "invalid_reference")]),
        ("/api/v1/datacentre/rooms", json!({"site_id": 999_999, "name": "X"}), vec![("site_id", "invalid_reference")]),
        ("/api/v1/datacentre/racks", json!({"room_id": id(&room), "code": "R9", "height_u": 0}), vec![("height_u", "out_of_range")]),
        (
            "/api/v1/datacentre/servers",
            json!({"hostname": "srv_bad!", "rack_id": id(&rk), "u_position": 0, "u_height": 11, "cpu_cores": 0, "ram_gb": 0, "storage_gb": -1, "agency_id": dinkes, "ip_address": "300.1.1.1"}),
            vec![("hostname", "invalid_format"), ("u_position", "out_of_range"), ("u_height", "out_of_range"), ("cpu_cores", "out_of_range"), ("ram_gb", "out_of_range"), ("storage_gb", "out_of_range"), ("ip_address", "invalid_format")],
        ),
        ("/api/v1/datacentre/servers", server_body(999_999, dinkes, "srv-nowhere", 1, 1), vec![("rack_id", "invalid_reference")]),
        (
            "/api/v1/datacentre/vps",
            json!({"hostname": "vps-x", "server_id": 0, "agency_id": dinkes, "vcpu": 1, "ram_gb": 1, "disk_gb": 1, "state": "aktif", "requested_on": "2025-02-01", "provisioned_on": "2025-01-01", "decommissioned_on": "2025-03-01"}),
            vec![("server_id", "required"), ("ip_address", "required"), ("provisioned_on", "out_of_order"), ("decommissioned_on", "not_allowed")],
        ),
        ("/api/v1/datacentre/placements", json!({"application_id": 0, "server_id": 1, "vps_id": 1}), vec![("application_id", "required"), ("server_id", "invalid_choice")]),
        (
            "/api/v1/domains/subdomains",
            json!({"fqdn": "bücher.tanjungselatankota.go.id", "agency_id": dinkes, "record_type": "MX", "target": "x", "registered_on": "2025-02-30", "status": "hidup"}),
            vec![("fqdn", "invalid_format"), ("record_type", "invalid_choice"), ("registered_on", "invalid_format"), ("status", "invalid_choice")],
        ),
        ("/api/v1/domains/subdomains", with(subdomain("ab--cd.tanjungselatankota.go.id", dinkes), json!({"record_type": "AAAA"})), vec![("fqdn", "invalid_format"), ("target", "invalid_format")]),
        ("/api/v1/domains/subdomains", with(subdomain("ok.tanjungselatankota.go.id", dinkes), json!({"application_id": 999_999})), vec![("application_id", "invalid_reference")]),
    ];
    for (path, body, want) in cases {
        let (s, e) = admin.post(path, body).await;
        assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")), "{path}: {e}");
        let got = field_codes(&e);
        for (f, c) in want {
            assert!(got.contains(&(f.to_string(), c.to_string())), "{path}: ({f}, {c}) not in {got:?}");
        }
    }
    let (s, e) = admin.put("/api/v1/domains/email", json!({"email_domain": "localhost"})).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("email_domain".to_string(), "invalid_format".to_string())]));
    // Nothing of the refused requests was written.
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before);
    // Duplicates are conflicts on the unique field.
    for (path, body, field) in [
        ("/api/v1/datacentre/sites", json!({"code": "UJI-BAD", "name": "Lagi", "kind": "drc", "agency_id": dinkes}), "code"),
        ("/api/v1/datacentre/racks", json!({"room_id": id(&room), "code": "r01", "height_u": 42}), "code"),
        ("/api/v1/domains/subdomains", subdomain("SIMPEG.tanjungselatankota.go.id", dinkes), "fqdn"),
    ] {
        let (s, e) = admin.post(path, body).await;
        assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some(field)), "{path}: {e}");
    }
    let (s, e) = admin.put("/api/v1/domains/subdomains/999999", subdomain("x.tanjungselatankota.go.id", dinkes)).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let res = admin.http.post(app.url("/api/v1/datacentre/servers")).header("x-csrf-token", admin.csrf.clone().unwrap()).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before);
});

both!(placements_link_applications_to_servers_and_vps, |app: support::App| async move {
    let admin = app.login("admin").await;
    let kominfo = app.agency_id("DISKOMINFO").await;
    let dinkes = app.agency_id("DINKES").await;
    let (_, _, rk) = rack(&app, &admin, "UJI-APP").await;
    let srv = created(&admin, "/api/v1/datacentre/servers", server_body(id(&rk), kominfo, "srv-apps", 1, 1)).await;
    let vps = created(&admin, "/api/v1/datacentre/vps", vps_body(id(&srv), dinkes, "vps-apps", 2, "10.97.0.1")).await;
    let (_, apps) = admin.get(&format!("/api/v1/applications?agency_id={dinkes}")).await;
    let aid = id(&apps["items"][0]);
    let on_vps = created(&admin, "/api/v1/datacentre/placements", json!({"application_id": aid, "vps_id": id(&vps)})).await;
    assert_eq!((on_vps["host_name"].as_str(), on_vps["physical_server_id"].as_i64()), (Some("vps-apps"), Some(id(&srv))));
    let on_srv = created(&admin, "/api/v1/datacentre/placements", json!({"application_id": aid, "server_id": id(&srv)})).await;
    let (s, _) = admin.post("/api/v1/datacentre/placements", json!({"application_id": aid, "vps_id": id(&vps)})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // By server: directly and through its VPS; by VPS; by application.
    let (_, l) = admin.get(&format!("/api/v1/datacentre/placements?server_id={}", id(&srv))).await;
    assert_eq!(l["total"], 2);
    let (_, l) = admin.get(&format!("/api/v1/datacentre/placements?vps_id={}", id(&vps))).await;
    assert_eq!(l["total"], 1);
    let (_, l) = admin.get(&format!("/api/v1/datacentre/placements?application_id={aid}")).await;
    assert!(l["total"].as_i64().unwrap() >= 2, "{l}");
    // The application page and the server page show it.
    let ui = app.ui_login("operator.dinkes").await;
    let (_, html) = ui.page(&format!("/aplikasi/{aid}")).await;
    assert!(html.contains(&format!("href=\"/pusat-data/vps/{}\">vps-apps</a>", id(&vps))) && html.contains(&format!("href=\"/pusat-data/server/{}\">srv-apps</a>", id(&srv))), "{html}");
    let (_, html) = ui.page(&format!("/pusat-data/server/{}", id(&srv))).await;
    assert!(html.contains(&format!("href=\"/aplikasi/{aid}\"")) && html.contains("VPS vps-apps"), "{html}");
    assert!(!html.contains("/pusat-data/penempatan"), "operators cannot record placements");
    // Removing one is audited with what it was.
    let (s, gone) = admin.send(reqwest::Method::DELETE, &format!("/api/v1/datacentre/placements/{}", id(&on_srv)), None).await;
    assert_eq!((s, gone["server_id"].as_i64()), (StatusCode::OK, Some(id(&srv))));
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=dc_placement&entity_id={}", id(&on_srv))).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["delete", "create"]);
    assert!(audit["items"][0]["after"].is_null() && audit["items"][0]["before"]["application_id"] == aid);
    let (s, _) = admin.send(reqwest::Method::DELETE, &format!("/api/v1/datacentre/placements/{}", id(&on_srv)), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});

both!(exports_of_servers_vps_and_subdomains, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let res = admin.http.get(app.url("/api/v1/datacentre/servers/export.csv?q=virt02")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("server.csv"));
    let body = res.text().await.unwrap();
    let mut lines = body.lines();
    assert_eq!(lines.next().unwrap(), simpul_web::api::SERVER_CSV_COLUMNS.join(","));
    let row = lines.next().unwrap();
    // 48 cores, 52 vCPU given to the 6 VPS that are requested or active: over-committed on CPU.
    assert!(row.contains(",srv-virt02.dc.tanjungselatankota.go.id,Pusat Data Pemerintah Kota Tanjung Selatan,Ruang Server Utama,R01,13,2,") && row.contains(",48,384,6000,52,100,1150,6,cpu,"), "{row}");
    assert!(lines.next().is_none());
    let res = admin.http.get(app.url(&format!("/api/v1/datacentre/vps/export.csv?agency_id={}&state=aktif", app.agency_id("BKPSDM").await))).send().await.unwrap();
    let body = res.text().await.unwrap();
    assert_eq!(body.lines().next().unwrap(), simpul_web::api::VPS_CSV_COLUMNS.join(","));
    assert_eq!(body.lines().count(), 3, "{body}");
    assert!(body.contains("vps-simpeg.dc.tanjungselatankota.go.id,") && body.contains(",10.10.2.11,aktif,2022-02-07,2022-02-14,,"), "{body}");
    created(&admin, "/api/v1/domains/subdomains", with(subdomain("laporan.dinkes.tanjungselatankota.go.id", dinkes), json!({"purpose": "Laporan, \"bulanan\""}))).await;
    let res = admin.http.get(app.url(&format!("/api/v1/domains/subdomains/export.csv?agency_id={dinkes}"))).send().await.unwrap();
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("subdomain.csv"));
    let body = res.text().await.unwrap();
    assert_eq!(body.lines().next().unwrap(), simpul_web::api::SUBDOMAIN_CSV_COLUMNS.join(","));
    assert!(body.contains(",laporan.dinkes.tanjungselatankota.go.id,") && body.contains(",,\"Laporan, \"\"bulanan\"\"\",A,10.99.9.9,2025-03-03,aktif,true,"), "{body}");
    assert!(body.contains("epuskesmas.dinkes.tanjungselatankota.go.id") && !body.contains("simpeg."), "only DINKES: {body}");
    let (s, j) = admin.get("/api/v1/domains/subdomains/export.json?status=aktif&q=.com").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(j.as_array().unwrap().len(), 1);
    assert_eq!((j[0]["fqdn"].as_str(), j[0]["within_official_domain"].as_bool()), (Some("pariwisata-tanjungselatan.com"), Some(false)));
    let (_, j) = admin.get("/api/v1/datacentre/vps/export.json?state=diminta").await;
    assert!(j.as_array().unwrap().iter().all(|v| v["state"] == "diminta") && !j.as_array().unwrap().is_empty());
    let (_, j) = admin.get("/api/v1/datacentre/servers/export.json").await;
    assert_eq!(j.as_array().unwrap().len(), 5);
    // The backup carries the registries.
    let summary = app.store.backup_to(&app.dir.path().join("dc.simpul")).await.unwrap();
    for t in ["dc_sites", "dc_rooms", "dc_racks", "dc_servers", "dc_vps", "dc_placements", "subdomains", "mail_domain"] {
        assert!(summary.tables.iter().any(|m| m.table == t && m.rows > 0), "{t} in the backup");
    }
});


/// Posts a form and follows the redirect to the new record's page.
async fn form_ok(c: &support::Client, path: &str, fields: &[(&str, &str)]) -> (String, String) {
    let res = c.form(path, fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}: {}", res.text().await.unwrap());
    let mut to = res.headers()["location"].to_str().unwrap().to_string();
    // A room's page is its site's page.
    let again = c.http.get(format!("{}{}", c.base, to)).send().await.unwrap();
    if again.status() == StatusCode::SEE_OTHER {
        to = again.headers()["location"].to_str().unwrap().to_string();
    }
    let (s, html) = c.page(&to).await;
    assert_eq!(s, StatusCode::OK, "{to}");
    (to, html)
}

fn id_in(location: &str) -> String {
    location.split('?').next().unwrap().rsplit('/').next().unwrap().to_string()
}

both!(ui_end_to_end_site_to_vps_and_subdomains, |app: support::App| async move {
    let ui = app.ui_login("admin").await;
    let kominfo = app.agency_id("DISKOMINFO").await.to_string();
    let dinkes = app.agency_id("DINKES").await.to_string();
    // Errors are explained in Indonesian next to the fields, and the input is kept.
    let res = ui.form("/pusat-data/lokasi/baru", &[("code", "X Y"), ("name", ""), ("kind", "drc"), ("agency_id", &kominfo), ("tier", "lima"), ("address", "Jl. Tetap Ada")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-name\">Wajib diisi.</p>") && html.contains("id=\"e-tier\">Isi bilangan bulat dari 1 sampai 4.</p>") && html.contains("id=\"e-code\">Kode terdiri atas"), "{html}");
    assert!(html.contains("value=\"Jl. Tetap Ada\""), "{html}");
    let (to, html) = form_ok(&ui, "/pusat-data/lokasi/baru", &[("code", "DC-UI"), ("name", "Pusat Data Uji UI"), ("kind", "drc"), ("agency_id", &kominfo), ("tier", ""), ("address", "Jl. Uji")]).await;
    assert!(html.contains("Data berhasil disimpan.") && html.contains("Disaster Recovery Center (DRC)"), "{html}");
    let site = id_in(&to);
    let (to, html) = form_ok(&ui, "/pusat-data/ruang/baru", &[("site_id", &site), ("name", "Ruang UI"), ("floor", "1"), ("notes", "")]).await;
    assert!(to.starts_with(&format!("/pusat-data/lokasi/{site}")) && html.contains("Ruang UI"), "{to}");
    let room = app.store.rooms(Some(site.parse().unwrap()), simpul_store::PageRequest::default()).await.unwrap().items[0].id.to_string();
    let (to, _) = form_ok(&ui, "/pusat-data/rak/baru", &[("room_id", &room), ("code", "RU1"), ("height_u", "12"), ("notes", "")]).await;
    let rack = id_in(&to);
    let server = [("hostname", "srv-ui01"), ("rack_id", &rack), ("u_position", "3"), ("u_height", "2"), ("serial", ""), ("model", "Uji"), ("cpu_cores", "8"), ("ram_gb", "32"), ("storage_gb", "1000"), ("agency_id", &kominfo), ("ip_address", "10.96.0.1"), ("notes", "")];
    let (to, _) = form_ok(&ui, "/pusat-data/server/baru", &server).await;
    let srv = id_in(&to);
    // Overlap in the form: the field is marked.
    let mut second = server;
    second[0] = ("hostname", "srv-ui02");
    second[2] = ("u_position", "4");
    second[10] = ("ip_address", "");
    let res = ui.form("/pusat-data/server/baru", &second).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("bertumpang tindih dengan server srv-ui01"));
    // The rack elevation: 12 units, the server spanning U3–U4.
    let (_, html) = ui.page(&format!("/pusat-data/rak/{rack}")).await;
    assert!(html.contains("<th scope=\"row\">U12</th>") && html.contains(&format!("rowspan=\"2\"><a href=\"/pusat-data/server/{srv}\">srv-ui01</a> (2U)")), "{html}");
    assert_eq!(html.matches("class=\"free\"").count(), 10, "{html}");
    let vps = [("hostname", "vps-ui01"), ("server_id", &srv), ("agency_id", &dinkes), ("vcpu", "12"), ("ram_gb", "8"), ("disk_gb", "100"), ("os", "Debian 12"), ("ip_address", "10.96.0.2"), ("state", "aktif"), ("requested_on", "2025-05-01"), ("provisioned_on", "2025-05-02"), ("decommissioned_on", ""), ("notes", "")];
    let (to, html) = form_ok(&ui, "/pusat-data/vps/baru", &vps).await;
    assert!(html.contains("Dinas Kesehatan Kota Tanjung Selatan") && html.contains("Aktif"), "{html}");
    let vps_id = id_in(&to);
    let (_, html) = ui.page(&format!("/pusat-data/server/{srv}")).await;
    assert!(html.contains("Alokasi VPS melebihi kapasitas fisik: CPU.") && html.contains("150%"), "{html}");
    // Record an application on the VPS from its page, then remove it.
    let apps = app.store.all_applications(&simpul_store::apps::ApplicationFilter { q: Some("SIMPEG".into()), ..Default::default() }).await.unwrap();
    let aid = apps[0].id.to_string();
    let here = format!("/pusat-data/vps/{vps_id}");
    let res = ui.form("/pusat-data/penempatan", &[("application_id", &aid), ("vps_id", &vps_id), ("back", &here)]).await;
    assert_eq!(res.headers()["location"].to_str().unwrap(), format!("{here}?ok=dibuat"));
    let (_, html) = ui.page(&here).await;
    assert!(html.contains(&format!("href=\"/aplikasi/{aid}\">Sistem Informasi Manajemen Kepegawaian</a>")), "{html}");
    let pid = app.store.placements_on_vps(vps_id.parse().unwrap()).await.unwrap()[0].id;
    let res = ui.form(&format!("/pusat-data/penempatan/{pid}/hapus"), &[("back", "https://jahat.example/")]).await;
    assert_eq!(res.headers()["location"].to_str().unwrap(), "/pusat-data?ok=dihapus", "no open redirect");
    assert!(app.store.placements_on_vps(vps_id.parse().unwrap()).await.unwrap().is_empty());
    // Lists, filters, edit forms.
    for path in ["/pusat-data", "/pusat-data/server?q=srv-ui", "/pusat-data/vps?state=aktif", &format!("/pusat-data/lokasi/{site}/ubah"), &format!("/pusat-data/server/{srv}/ubah"), &format!("/pusat-data/vps/{vps_id}/ubah"), "/domain", "/domain?status=aktif&q=dinkes", "/domain/surel"] {
        let (s, html) = ui.page(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(html.contains("<h1>"), "{path}");
    }
    let (_, html) = ui.page("/pusat-data").await;
    assert!(html.contains("srv-virt02.dc.tanjungselatankota.go.id</a> — <span class=\"bad\">melebihi kapasitas: CPU") && html.contains("href=\"/pusat-data\" aria-current=\"page\""), "{html}");
    let (_, html) = ui.page(&format!("/pusat-data/server/{srv}/ubah")).await;
    assert!(html.contains("value=\"srv-ui01\"") && html.contains(&format!("<option value=\"{rack}\" selected>")), "{html}");
    // The official e-mail domain.
    let (to, html) = form_ok(&ui, "/domain/surel", &[("email_domain", "tanjungselatankota.go.id"), ("mail_host", "surel.tanjungselatankota.go.id"), ("notes", "")]).await;
    assert_eq!(to, "/domain?ok=diubah");
    assert!(html.contains("@tanjungselatankota.go.id (server surel surel.tanjungselatankota.go.id)"), "{html}");

    // An operator registers a subdomain for their agency from the form; one outside the domain shows its finding.
    let op = app.ui_login("operator.dinkes").await;
    let (s, html) = op.page("/domain/baru").await;
    assert_eq!(s, StatusCode::OK);
    let agency_select = html.split("name=\"agency_id\"").nth(1).and_then(|s| s.split("</select>").next()).unwrap();
    assert!(agency_select.contains(&format!("<option value=\"{dinkes}\" selected>")) && !agency_select.contains(&format!("<option value=\"{kominfo}\"")), "only their agency: {agency_select}");
    let sub = [("fqdn", "Gizi_Anak.example.com"), ("agency_id", &dinkes), ("application_id", ""), ("purpose", "Gizi"), ("record_type", "A"), ("target", "10.1.1.1"), ("registered_on", "2025-04-01"), ("status", "aktif"), ("notes", "")];
    let res = op.form("/domain/baru", &sub).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("id=\"e-fqdn\">Setiap bagian nama domain"));
    let mut sub = sub;
    sub[0] = ("fqdn", "gizi-anak.example.com");
    let (to, html) = form_ok(&op, "/domain/baru", &sub).await;
    assert!(html.contains("gizi-anak.example.com bukan subdomain dari tanjungselatankota.go.id") && html.contains("Perwali Balikpapan 14/2022 Pasal 30 ayat (1)"), "{html}");
    let (_, html) = op.page("/temuan?check=official_domain").await;
    assert!(html.contains(&format!("href=\"/domain/{}\">gizi-anak.example.com</a>", id_in(&to))), "{html}");
    let (_, html) = op.page("/domain?q=gizi-anak").await;
    assert!(html.contains("di luar domain resmi"), "{html}");
    // Their agency's page lists its VPS, own server and subdomains.
    let (_, html) = op.page(&format!("/perangkat-daerah/{dinkes}")).await;
    assert!(html.contains(">vps-ui01</a>") && html.contains(">srv-dinkes01.dinkes.tanjungselatankota.go.id</a>") && html.contains(">gizi-anak.example.com</a>"), "{html}");
    assert!(html.contains(&format!("href=\"/domain/baru?agency_id={dinkes}\"")), "{html}");
    // Operators see the data centre without its buttons; its forms are forbidden to them.
    let (_, html) = op.page("/pusat-data").await;
    assert!(!html.contains("/pusat-data/lokasi/baru"));
    for path in ["/pusat-data/server/baru", "/domain/surel", &format!("/pusat-data/vps/{vps_id}/ubah")] {
        let (s, _) = op.page(path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    let other = app.store.all_subdomains(&simpul_store::domains::SubdomainFilter { q: Some("simpeg".into()), ..Default::default() }).await.unwrap()[0].id;
    let (s, _) = op.page(&format!("/domain/{other}/ubah")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});
