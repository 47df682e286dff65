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
