//! The ICT asset registry (Aset TIK): assets with their lifecycle, licences
//! with seats, tags, the all-or-nothing CSV import, exports, QR labels and
//! the inventory-not-updated finding, through the API and the UI, on both
//! databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};

fn today() -> time::Date {
    simpul_web::local_today(simpul_domain::pemda::TimeZone::Wita)
}

fn laptop(agency_id: i64, name: &str) -> Value {
    json!({
        "name": name, "agency_id": agency_id, "category": "laptop", "state": "digunakan",
        "location": "Ruang Uji", "manufacturer": "Lenovo", "model": "ThinkPad E14", "serial_number": format!("SN-{}", name.len()),
        "purchase_date": "2025-01-10", "price": 14_250_000, "warranty_until": "2028-01-10"
    })
}

fn with(mut v: Value, patch: Value) -> Value {
    for (k, x) in patch.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

async fn create(c: &support::Client, body: Value) -> Value {
    let (s, a) = c.post("/api/v1/assets", body).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    a
}

fn field_codes(e: &Value) -> Vec<(String, String)> {
    e["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string())).collect()
}

async fn set_regulation(c: &support::Client, regulation: &str) {
    let (_, mut p) = c.get("/api/v1/profile").await;
    p["regulation"] = json!(regulation);
    let (s, body) = c.put("/api/v1/profile", p).await;
    assert_eq!(s, StatusCode::OK, "{body}");
}

/// Posts a CSV body to the import.
async fn import(c: &support::Client, app: &support::App, body: Vec<u8>, dry_run: bool) -> (StatusCode, Value) {
    let mut req = c.http.post(app.url(&format!("/api/v1/assets/import?dry_run={dry_run}"))).header("content-type", "text/csv").body(body);
    if let Some(t) = &c.csrf {
        req = req.header("x-csrf-token", t);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn sample_csv() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/aset-contoh.csv")).unwrap()
}

both!(create_list_update_with_state_history_and_audit, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let year = today().year();
    let since = (today() - time::Duration::days(10)).to_string();
    let a = create(&admin, with(laptop(dinkes, "Laptop Bidang Kesmas"), json!({ "state_changed_on": since }))).await;
    let id = a["id"].as_i64().unwrap();
    let tag = a["asset_tag"].as_str().unwrap().to_string();
    assert!(tag.starts_with(&format!("TIK-{year}-")) && tag.len() == 14, "{tag}");
    assert_eq!((a["kind"].as_str(), a["state_since"].as_str(), a["price"].as_i64()), (Some("perangkat_keras"), Some(since.as_str()), Some(14_250_000)));
    let b = create(&admin, laptop(dinkes, "Laptop Bidang P2P")).await;
    assert_eq!(b["state_since"].as_str(), Some(today().to_string().as_str()), "the state date defaults to today");
    // The next generated tag follows.
    let seq = |t: &str| t.rsplit('-').next().unwrap().parse::<u32>().unwrap();
    assert_eq!(seq(b["asset_tag"].as_str().unwrap()), seq(&tag) + 1);

    // Filters, search and paging.
    for q in [format!("q={tag}"), "q=kesmas&category=laptop&state=digunakan&kind=perangkat_keras".into(), format!("agency_id={dinkes}&q=kesmas")] {
        let (s, list) = admin.get(&format!("/api/v1/assets?{q}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list["total"], 1, "{q}: {list}");
    }
    let (_, list) = admin.get("/api/v1/assets?q=kesmas&category=server").await;
    assert_eq!(list["total"], 0);
    let (_, list) = admin.get("/api/v1/assets?per_page=3&page=2").await;
    assert_eq!((list["items"].as_array().unwrap().len(), list["page"].as_i64()), (3, Some(2)));
    assert_eq!(list["total"].as_i64().unwrap(), simpul::demo_assets::ASSETS.len() as i64 + 2, "demo assets are seeded");
    let (_, soon) = admin.get("/api/v1/assets?warranty_expiring=true&per_page=200").await;
    let names: Vec<&str> = soon["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Server Basis Data Pusat Data") && names.contains(&"Laptop Sekretaris Dinas"), "{names:?}");
    assert!(!names.contains(&"Laptop Pengembang Aplikasi 1"), "{names:?}");

    // A lifecycle move, dated, kept in the history; an impossible move refused.
    let on = (today() - time::Duration::days(3)).to_string();
    let (s, u) = admin.put(&format!("/api/v1/assets/{id}"), with(a.clone(), json!({"asset_tag": null, "state": "dalam_perbaikan", "state_changed_on": on}))).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!((u["asset_tag"].as_str(), u["state"].as_str(), u["state_since"].as_str()), (Some(tag.as_str()), Some("dalam_perbaikan"), Some(on.as_str())));
    let (s, e) = admin.put(&format!("/api/v1/assets/{id}"), with(a.clone(), json!({"state": "perencanaan"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_codes(&e).contains(&("state".into(), "invalid_transition".into())), "{e}");
    let (s, e) = admin.put(&format!("/api/v1/assets/{id}"), with(a.clone(), json!({"state": "dihapuskan", "state_changed_on": "2020-01-01"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_codes(&e).contains(&("state_changed_on".into(), "out_of_order".into())), "{e}");
    let (_, h) = admin.get(&format!("/api/v1/assets/{id}/history")).await;
    let states: Vec<(&str, &str)> = h.as_array().unwrap().iter().map(|c| (c["to_state"].as_str().unwrap(), c["changed_on"].as_str().unwrap())).collect();
    assert_eq!(states, vec![("digunakan", since.as_str()), ("dalam_perbaikan", on.as_str())]);

    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=asset&entity_id={id}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["update", "create"]);
    assert_eq!((audit["items"][0]["before"]["state"].as_str(), audit["items"][0]["after"]["state"].as_str()), (Some("digunakan"), Some("dalam_perbaikan")));
    assert_eq!(audit["items"][0]["agency_id"], dinkes);

    let (s, e) = admin.get("/api/v1/assets/999999").await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (_, cats) = admin.get("/api/v1/reference/asset-categories").await;
    assert!(cats.as_array().unwrap().iter().any(|c| c == &json!({"code": "perangkat_jaringan", "label": "Perangkat jaringan", "kind": "perangkat_keras"})));
});

both!(bad_input_is_rejected_with_codes_and_nothing_written, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let before = app.store.counts().await.unwrap().audit_entries;
    let bad = json!({
        "asset_tag": "TIK 2026", "name": "", "agency_id": 0, "category": "mesin_tik", "kind": "perangkat_lunak", "state": "rusak",
        "state_changed_on": "2099-01-01", "purchase_date": "2025-13-01", "price": -5, "warranty_until": "kemarin"
    });
    let (s, e) = admin.post("/api/v1/assets", bad).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")));
    let got = field_codes(&e);
    for (f, c) in [
        ("asset_tag", "invalid_format"),
        ("name", "required"),
        ("agency_id", "required"),
        ("category", "invalid_choice"),
        ("state", "invalid_choice"),
        ("state_changed_on", "in_future"),
        ("purchase_date", "invalid_format"),
        ("price", "out_of_range"),
        ("warranty_until", "invalid_format"),
    ] {
        assert!(got.contains(&(f.into(), c.into())), "{f}/{c} missing from {got:?}");
    }
    let (_, e) = admin.post("/api/v1/assets", with(laptop(dinkes, "Uji"), json!({"category": "sistem_operasi", "kind": "perangkat_keras", "warranty_until": "2024-01-01"}))).await;
    assert_eq!(field_codes(&e), vec![("kind".into(), "kind_mismatch".into()), ("warranty_until".into(), "out_of_order".into())]);
    // References must belong to the owning agency.
    let (_, units) = admin.get(&format!("/api/v1/agencies/{disdik}/units")).await;
    let (s, e) = admin.post("/api/v1/assets", with(laptop(dinkes, "Uji Unit"), json!({"unit_id": units["items"][0]["id"]}))).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("unit_id".into(), "invalid_reference".into())]));
    let (_, people) = admin.get(&format!("/api/v1/people?agency_id={disdik}")).await;
    let (s, e) = admin.post("/api/v1/assets", with(laptop(dinkes, "Uji Pemegang"), json!({"assigned_person_id": people["items"][0]["id"]}))).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("assigned_person_id".into(), "invalid_reference".into())]));
    let (s, e) = admin.post("/api/v1/assets", laptop(999_999, "Uji PD")).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("agency_id".into(), "invalid_reference".into())]));
    // A tag in use: conflict on the tag.
    let (s, e) = admin.post("/api/v1/assets", with(laptop(dinkes, "Uji Kode"), json!({"asset_tag": "tik-2022-00001"}))).await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("asset_tag")));
    // Malformed JSON.
    let res = admin.http.post(app.url("/api/v1/assets")).header("x-csrf-token", admin.csrf.clone().unwrap()).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.store.counts().await.unwrap().audit_entries, before, "nothing was written");
});

both!(agencies_manage_only_their_own_assets, |app: support::App| async move {
    let op = app.login("operator.dinkes").await;
    let kadinkes = app.login("kadinkes").await;
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let a = create(&op, laptop(dinkes, "Laptop Operator")).await;
    let id = a["id"].as_i64().unwrap();
    let (s, u) = kadinkes.put(&format!("/api/v1/assets/{id}"), with(a.clone(), json!({"location": "Ruang Kepala"}))).await;
    assert_eq!((s, u["location"].as_str()), (StatusCode::OK, Some("Ruang Kepala")), "{u}");
    let (s, e) = op.post("/api/v1/assets", laptop(disdik, "Bukan Milik Saya")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (s, _) = op.put(&format!("/api/v1/assets/{id}"), with(a.clone(), json!({"agency_id": disdik}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "cannot move an asset to another agency");
    let other = create(&admin, laptop(disdik, "Laptop Disdik")).await;
    let oid = other["id"].as_i64().unwrap();
    let (s, _) = op.get(&format!("/api/v1/assets/{oid}")).await;
    assert_eq!(s, StatusCode::OK, "other agencies' assets are readable");
    let (s, _) = op.put(&format!("/api/v1/assets/{oid}"), other.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for who in ["auditor", "walikota", "walidata.dinkes", "sd1.dinkes", "operator.disdik"] {
        let c = app.login(who).await;
        let (s, _) = c.put(&format!("/api/v1/assets/{id}"), a.clone()).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        let (s, _) = c.get(&format!("/api/v1/assets/{id}")).await;
        assert_eq!(s, StatusCode::OK, "{who}");
    }
    let (s, _) = app.anon().get("/api/v1/assets").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // Only Diskominfo's administrator sets the tag pattern.
    let (s, _) = op.put("/api/v1/assets/settings", json!({"pattern": "{PD}-{SEQ}"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(tag_pattern_is_configurable, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let (_, st) = admin.get("/api/v1/assets/settings").await;
    assert_eq!(st["pattern"], "TIK-{YEAR}-{SEQ:5}");
    for bad in ["TIK-{YEAR}", "TIK {SEQ}", "{SEQ:12}"] {
        let (s, e) = admin.put("/api/v1/assets/settings", json!({ "pattern": bad })).await;
        assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("pattern".into(), "invalid_format".into())]), "{bad}");
    }
    let (s, st) = admin.put("/api/v1/assets/settings", json!({"pattern": "{PD}/TIK/{YEAR}/{SEQ:3}"})).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    let year = today().year();
    let a = create(&admin, laptop(dinkes, "Laptop Pola Baru")).await;
    assert_eq!(a["asset_tag"], format!("DINKES/TIK/{year}/001"));
    let b = create(&admin, laptop(dinkes, "Laptop Pola Baru 2")).await;
    assert_eq!(b["asset_tag"], format!("DINKES/TIK/{year}/002"));
    let (_, audit) = admin.get("/api/v1/audit?entity=setting").await;
    assert_eq!(audit["items"][0]["after"]["pattern"], "{PD}/TIK/{YEAR}/{SEQ:3}");
    assert_eq!(audit["items"][0]["before"]["pattern"], "TIK-{YEAR}-{SEQ:5}");
});

both!(licences_with_seats_refuse_over_assignment_and_mask_keys, |app: support::App| async move {
    let admin = app.login("admin").await;
    let op = app.login("operator.dinkes").await;
    let dinkes = app.agency_id("DINKES").await;
    let expires = (today() + time::Duration::days(30)).to_string();
    let (s, l) = op.post("/api/v1/licences", json!({"product": "Adobe Acrobat Pro", "agency_id": dinkes, "licence_key": "ACRO-1234-5678-ABCD", "seats_total": 2, "expires_on": expires})).await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let lid = l["id"].as_i64().unwrap();
    assert_eq!((l["licence_key"].as_str(), l["expiring_soon"].as_bool(), l["seats_free"].as_i64()), (Some("ACRO-1234-5678-ABCD"), Some(true), Some(2)));
    let pc = create(&op, with(laptop(dinkes, "Laptop Lisensi"), json!({}))).await;
    let os = create(&op, with(laptop(dinkes, "Windows Lisensi"), json!({"category": "sistem_operasi"}))).await;
    let (_, people) = admin.get(&format!("/api/v1/people?agency_id={dinkes}")).await;
    let person = people["items"][0]["id"].as_i64().unwrap();
    let (s, seat) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"asset_id": pc["id"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{seat}");
    let (s, e) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"asset_id": pc["id"]})).await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("asset_id")), "same asset twice");
    let (s, e) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"asset_id": os["id"]})).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("asset_id".into(), "not_hardware".into())]));
    let (s, e) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({})).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("asset_id".into(), "required".into())]));
    let (s, _) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"person_id": person, "note": "Instalasi di laptop pribadi dinas"})).await;
    assert_eq!(s, StatusCode::CREATED);
    // Every seat taken: the third is refused, clearly, and nothing is written.
    let audit_before = app.store.counts().await.unwrap().audit_entries;
    let pc2 = create(&op, laptop(dinkes, "Laptop Lisensi 2")).await;
    let (s, e) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"asset_id": pc2["id"]})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")));
    assert!(e["error"]["message"].as_str().unwrap().contains("Semua 2 kursi lisensi Adobe Acrobat Pro sudah terpakai"), "{e}");
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before + 1, "only the laptop was written");
    // The total cannot drop below the seats given.
    let body = json!({"product": "Adobe Acrobat Pro", "agency_id": dinkes, "licence_key": "ACRO-1234-5678-ABCD", "seats_total": 1, "expires_on": expires});
    let (s, e) = op.put(&format!("/api/v1/licences/{lid}"), body.clone()).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("seats_total".into(), "below_assigned".into())]));
    // Releasing a seat frees it.
    let (s, _) = op.send(reqwest::Method::DELETE, &format!("/api/v1/licences/{lid}/seats/{}", seat["id"]), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, got) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"asset_id": pc2["id"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{got}");
    let (_, l) = op.get(&format!("/api/v1/licences/{lid}")).await;
    assert_eq!((l["seats_used"].as_i64(), l["seats"].as_array().unwrap().len()), (Some(2), 2));
    // Keys: clear for editors, masked for everyone else, masked in the audit trail.
    for (who, clear) in [("admin", true), ("kadinkes", true), ("operator.disdik", false), ("auditor", false), ("walikota", false)] {
        let c = app.login(who).await;
        let (_, l) = c.get(&format!("/api/v1/licences/{lid}")).await;
        let want = if clear { "ACRO-1234-5678-ABCD" } else { "••••-••••-••••-ABCD" };
        assert_eq!((l["licence_key"].as_str(), l["licence_key_masked"].as_bool()), (Some(want), Some(!clear)), "{who}");
    }
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=licence&entity_id={lid}")).await;
    let trail = audit.to_string();
    assert!(!trail.contains("ACRO-1234-5678-ABCD") && trail.contains("ABCD"), "{trail}");
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["assign_seat", "release_seat", "assign_seat", "assign_seat", "create"]);
    // Expiring soon is visible; other agencies cannot touch the licence.
    let (_, soon) = admin.get("/api/v1/licences?expiring=true&per_page=200").await;
    let products: Vec<&str> = soon["items"].as_array().unwrap().iter().map(|l| l["product"].as_str().unwrap()).collect();
    assert!(products.contains(&"Adobe Acrobat Pro") && products.contains(&"ESET PROTECT Entry (antivirus)") && products.contains(&"ArcGIS Desktop Standard (langganan)"), "{products:?}");
    assert!(!products.contains(&"Windows Server 2022 Standard"), "perpetual licences never expire");
    // A device holding a seat cannot move to another agency; disposing of it frees its seat.
    let disdik = app.agency_id("DISDIKBUD").await;
    let (s, e) = admin.put(&format!("/api/v1/assets/{}", pc2["id"]), with(pc2.clone(), json!({"agency_id": disdik}))).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("agency_id".into(), "has_seats".into())]));
    let (s, d) = op.put(&format!("/api/v1/assets/{}", pc2["id"]), with(pc2.clone(), json!({"state": "dihapuskan"}))).await;
    assert_eq!((s, d["state"].as_str()), (StatusCode::OK, Some("dihapuskan")), "{d}");
    let (_, l) = op.get(&format!("/api/v1/licences/{lid}")).await;
    assert_eq!(l["seats_used"].as_i64(), Some(1));
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=licence&entity_id={lid}")).await;
    assert_eq!(audit["items"][0]["action"], "release_seat");
    let (s, e) = op.post(&format!("/api/v1/licences/{lid}/seats"), json!({"asset_id": pc2["id"]})).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("asset_id".into(), "disposed".into())]));
    let other = app.login("operator.disdik").await;
    let (s, _) = other.post(&format!("/api/v1/licences/{lid}/seats"), json!({"person_id": person})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = other.put(&format!("/api/v1/licences/{lid}"), body).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(csv_import_is_all_or_nothing, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (_, before) = admin.get("/api/v1/assets?per_page=1").await;
    let total = before["total"].as_i64().unwrap();
    let audit_before = app.store.counts().await.unwrap().audit_entries;
    // A check first: nothing written.
    let (s, r) = import(&admin, &app, sample_csv(), true).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!((r["dry_run"].as_bool(), r["imported"].as_i64(), r["rows"].as_array().unwrap().len()), (Some(true), Some(0), 12));
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before);
    // The demo sample (`;`, BOM, decimal commas, dd/mm/yyyy) imports cleanly.
    let (s, r) = import(&admin, &app, sample_csv(), false).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(r["imported"], 12);
    assert_eq!(r["rows"][0]["row"], 2);
    let (_, after) = admin.get("/api/v1/assets?per_page=1").await;
    assert_eq!(after["total"].as_i64().unwrap(), total + 12);
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before + 12, "one audit entry per asset");
    let (_, a) = admin.get("/api/v1/assets?q=Printer%20Kartu%20Identitas").await;
    let a = &a["items"][0];
    assert_eq!((a["price"].as_i64(), a["state"].as_str(), a["purchase_date"].as_str(), a["agency_code"].as_str()), (Some(38_500_000), Some("dalam_perbaikan"), Some("2024-03-15"), Some("DISDUKCAPIL")));
    let (_, a) = admin.get("/api/v1/assets?q=Perekaman%20KTP-el%201").await;
    assert!(a["items"][0]["assigned_person_name"].is_string() && a["items"][0]["unit_name"].is_string(), "{a}");
    let (_, audit) = admin.get("/api/v1/audit?entity=asset").await;
    assert_eq!(audit["items"][0]["action"], "import");

    // Problems anywhere: nothing written, every problem reported by row and column.
    let bad = "nama,kategori,kode_pd,harga,tanggal_pembelian,kode_unit,nip_pemegang,kode_aset\n\
               Laptop Baik,laptop,DINKES,\"Rp 9.000.000\",01/02/2025,,,\n\
               Laptop Harga Salah,laptop,DINKES,sembilan juta,31/02/2025,,,\n\
               ,mesin ketik,NOPE,,,,,\n\
               Laptop Unit Salah,laptop,DINKES,,,XYZ,123,TIK-2022-00001\n\
               Laptop Kode Ganda A,laptop,DINKES,,,,,GANDA-1\n\
               Laptop Kode Ganda B,laptop,DINKES,,,,,GANDA-1\n";
    let audit_before = app.store.counts().await.unwrap().audit_entries;
    let (s, e) = import(&admin, &app, bad.as_bytes().to_vec(), false).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")), "{e}");
    let got = field_codes(&e);
    for (f, c) in [
        ("rows[3].harga", "invalid_format"),
        ("rows[3].tanggal_pembelian", "invalid_format"),
        ("rows[4].nama", "required"),
        ("rows[4].kategori", "invalid_choice"),
        ("rows[4].kode_pd", "invalid_reference"),
        ("rows[5].kode_unit", "invalid_reference"),
        ("rows[5].nip_pemegang", "invalid_reference"),
        ("rows[5].kode_aset", "taken"),
        ("rows[7].kode_aset", "duplicate"),
    ] {
        assert!(got.contains(&(f.into(), c.into())), "{f}/{c} missing from {got:?}");
    }
    assert!(!got.iter().any(|(f, _)| f.starts_with("rows[2]") || f.starts_with("rows[6]")), "{got:?}");
    assert!(e["error"]["fields"][0]["message"].as_str().unwrap().starts_with("Baris 3, kolom harga:"), "{e}");
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before, "nothing was written");
    let (_, a) = admin.get("/api/v1/assets?q=Laptop%20Baik").await;
    assert_eq!(a["total"], 0);

    // An agency's operator may import only their own agency's rows.
    let op = app.login("operator.dinkes").await;
    let (s, e) = import(&op, &app, b"nama;kategori;kode_pd\nA;laptop;DINKES\nB;laptop;DISDIKBUD\n".to_vec(), false).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("rows[3].kode_pd".into(), "forbidden".into())]));
    let (s, r) = import(&op, &app, b"nama;kategori;kode_pd\nA;laptop;dinkes\n".to_vec(), false).await;
    assert_eq!((s, r["imported"].as_i64()), (StatusCode::CREATED, Some(1)), "{r}");
    // Read-only roles are refused before the file is looked at.
    let auditor = app.login("auditor").await;
    let (s, e) = import(&auditor, &app, b"garbage".to_vec(), false).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    // Size limit.
    let mut big = b"nama;kategori;kode_pd\n".to_vec();
    big.resize(1024 * 1024 + 10, b'x');
    let (s, e) = import(&admin, &app, big, false).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")), "{e}");
    // The template reads back as a valid file.
    let res = admin.http.get(app.url("/api/v1/assets/import/template.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let t = res.bytes().await.unwrap();
    assert!(t.starts_with(b"\xEF\xBB\xBFkode_aset;nama;kategori"));
    let (s, r) = import(&admin, &app, t.to_vec(), true).await;
    assert_eq!(s, StatusCode::OK, "{r}");
});

both!(exports_csv_and_json, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    create(&admin, with(laptop(dinkes, "Laptop \"Ekspor\"; Uji"), json!({"notes": "baris satu\nbaris dua"}))).await;
    let res = admin.http.get(app.url(&format!("/api/v1/assets/export.csv?agency_id={dinkes}&q=ekspor"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = res.text().await.unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..7], ["kode_aset", "nama", "kategori", "jenis", "status", "tanggal_status", "kode_pd"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][1], &rows[0][6], &rows[0][14], &rows[0][17]), ("Laptop \"Ekspor\"; Uji", "DINKES", "14250000", "baris satu\nbaris dua"));
    // The export reads back through the import (codes already taken are reported, not duplicated).
    let (s, e) = import(&admin, &app, body.into_bytes(), true).await;
    assert_eq!((s, field_codes(&e)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("rows[2].kode_aset".into(), "taken".into())]));
    let (s, json) = admin.get("/api/v1/assets/export.json?state=dalam_perbaikan").await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = json.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Core Switch Jaringan Intra"]);
    assert_eq!(json[0]["state_label"], "Dalam perbaikan");
});

both!(inventory_not_updated_this_year_fires_and_clears, |app: support::App| async move {
    let admin = app.login("admin").await;
    let stale = |page: &Value| -> Vec<(String, String)> {
        page["items"].as_array().unwrap().iter().map(|f| (f["entity_name"].as_str().unwrap().to_string(), f["article"].as_str().unwrap().to_string())).collect()
    };
    // The demo works under Perwali Balikpapan 14/2022, which obliges no inventory: not checked, and it says so.
    let (_, checks) = admin.get("/api/v1/findings/checks").await;
    let c = checks.as_array().unwrap().iter().find(|c| c["code"] == "asset_inventory_stale").unwrap().clone();
    assert_eq!((c["applies"].as_bool(), c["article"].is_null()), (Some(false), true));
    let (_, f) = admin.get("/api/v1/findings?check=asset_inventory_stale").await;
    assert_eq!(f["total"], 0);
    // Under Perwali Banjarbaru 5/2018 Pasal 15 ayat (10): the two demo agencies whose inventory was last touched last year.
    set_regulation(&admin, "perwali_banjarbaru_5_2018").await;
    let (_, f) = admin.get("/api/v1/findings?check=asset_inventory_stale").await;
    let art = "Perwali Banjarbaru 5/2018 Pasal 15 ayat (10)".to_string();
    let mut got = stale(&f);
    got.sort();
    assert_eq!(got, vec![("Badan Keuangan dan Aset Daerah Kota Tanjung Selatan".to_string(), art.clone()), ("Dinas Pendidikan dan Kebudayaan Kota Tanjung Selatan".to_string(), art.clone())]);
    assert_eq!(f["items"][0]["entity"], "agency");
    // The findings page links the finding to the agency's assets.
    let bkad = app.agency_id("BKAD").await;
    let (_, html) = app.ui_login("admin").await.page("/temuan?check=asset_inventory_stale").await;
    assert!(html.contains(&format!("<a href=\"/aset?agency_id={bkad}\">Badan Keuangan dan Aset Daerah Kota Tanjung Selatan</a>")), "{html}");
    // Updating one asset of Disdikbud this year clears its finding; BKAD's stays.
    let disdik = app.agency_id("DISDIKBUD").await;
    let (_, list) = admin.get(&format!("/api/v1/assets?agency_id={disdik}")).await;
    let a = list["items"][0].clone();
    let (s, u) = admin.put(&format!("/api/v1/assets/{}", a["id"]), with(a.clone(), json!({"location": "Ruang Sekretariat Lt. 2"}))).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    let (_, f) = admin.get("/api/v1/findings?check=asset_inventory_stale").await;
    assert_eq!(stale(&f), vec![("Badan Keuangan dan Aset Daerah Kota Tanjung Selatan".to_string(), art)]);
    // Kendari and Cianjur cite their own articles; Kalbar has none.
    set_regulation(&admin, "perwali_kendari_41_2021").await;
    let (_, f) = admin.get("/api/v1/findings?check=asset_inventory_stale").await;
    assert_eq!(f["items"][0]["article"], "Perwali Kendari 41/2021 Pasal 19 ayat (11)");
    set_regulation(&admin, "pergub_kalbar_177_2021").await;
    let (_, f) = admin.get("/api/v1/findings?check=asset_inventory_stale").await;
    assert_eq!(f["total"], 0);
    // The dashboard counts assets by state.
    let (_, d) = admin.get("/api/v1/dashboard").await;
    assert_eq!(d["assets"].as_i64().unwrap(), simpul::demo_assets::ASSETS.len() as i64);
    let states: Vec<&str> = d["assets_by_state"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(states, vec!["perencanaan", "pengadaan", "digunakan", "dalam_perbaikan", "dihapuskan"]);
});

/// Uploads a file through the UI's import form.
async fn upload(c: &support::Client, app: &support::App, file: &[u8], mode: &str, with_token: bool) -> reqwest::Response {
    let b = "----simpul-uji-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    if with_token {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n", c.csrf.clone().unwrap()).as_bytes());
    }
    body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\n{mode}\r\n").as_bytes());
    body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"aset.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend(file);
    body.extend(format!("\r\n--{b}--\r\n").as_bytes());
    c.http.post(app.url("/aset/impor")).header("content-type", format!("multipart/form-data; boundary={b}")).body(body).send().await.unwrap()
}

both!(ui_end_to_end_for_diskominfo, |app: support::App| async move {
    let admin = app.ui_login("admin").await;
    let dinkes = app.agency_id("DINKES").await.to_string();
    let (s, html) = admin.page("/aset").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("href=\"/aset\" aria-current=\"page\">Aset TIK</a>") && html.contains("TIK-2022-00001") && html.contains("Impor CSV"), "{html}");
    // A bad form: Indonesian messages next to the fields, input kept.
    let res = admin.form("/aset/baru", &[("name", ""), ("agency_id", &dinkes), ("category", "laptop"), ("state", "digunakan"), ("price", "dua juta"), ("location", "Ruang Rapat")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-name\">Wajib diisi.</p>"), "{html}");
    assert!(html.contains("id=\"e-price\">Format harga tidak dikenali"), "{html}");
    assert!(html.contains("value=\"Ruang Rapat\""));
    // A good one, with an Indonesian price.
    let res = admin.form("/aset/baru", &[("name", "Laptop Ruang Rapat"), ("agency_id", &dinkes), ("category", "laptop"), ("state", "digunakan"), ("price", "Rp 12.500.000"), ("location", "Ruang Rapat")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let (s, html) = admin.page(&to).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Rp 12.500.000") && html.contains("Data berhasil disimpan."), "{html}");
    let id = to.trim_start_matches("/aset/").split('?').next().unwrap().to_string();
    // Edit: only the lifecycle's next states are offered.
    let (_, html) = admin.page(&format!("/aset/{id}/ubah")).await;
    assert!(html.contains("value=\"dalam_perbaikan\"") && !html.contains("value=\"perencanaan\""), "{html}");
    let res = admin.form(&format!("/aset/{id}/ubah"), &[("name", "Laptop Ruang Rapat"), ("agency_id", &dinkes), ("category", "laptop"), ("state", "dalam_perbaikan"), ("price", "12500000")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&format!("/aset/{id}")).await;
    assert!(html.contains("Dalam perbaikan sejak") && html.contains("<td>Digunakan</td><td>Dalam perbaikan</td>"), "{html}");
    // The printable label: a QR code of the asset's address, inline SVG, print CSS.
    let (s, html) = admin.page(&format!("/aset/{id}/label")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<svg role=\"img\" aria-label=\"Kode QR menuju http://127.0.0.1:") && html.contains(&format!("/aset/{id}\"")), "{html}");
    let (_, sheet) = admin.page("/aset/label?agency_id=&state=dalam_perbaikan").await;
    assert_eq!(sheet.matches("class=\"label-card\"").count(), 2, "{sheet}");
    let (_, css) = admin.page("/static/simpul.css").await;
    assert!(css.contains("@media print"));
    // Import through the upload form: check, then import; a bad file gets a row-by-row report.
    let res = upload(&admin, &app, &sample_csv(), "periksa", true).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Berkas valid: 12 aset siap diimpor") && html.contains("Printer Kartu Identitas Anak"), "{html}");
    let preview = html.clone();
    let res = upload(&admin, &app, b"nama;kategori;kode_pd;harga\nA;laptop;DINKES;dua juta\n", "impor", true).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Impor dibatalkan: 1 masalah") && html.contains("<td>2</td><td>harga</td>"), "{html}");
    // The preview's "Impor berkas ini" sends the checked file back: no second upload.
    let checked = preview.split("name=\"berkas_diperiksa\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let b = "----simpul-uji-periksa";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n--{b}\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nimpor\r\n--{b}\r\nContent-Disposition: form-data; name=\"berkas_diperiksa\"\r\n\r\n{checked}\r\n--{b}--\r\n",
        admin.csrf.clone().unwrap()
    );
    let res = admin.http.post(app.url("/aset/impor")).header("content-type", format!("multipart/form-data; boundary={b}")).body(body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Impor berhasil: 12 aset disimpan."));
    let res = upload(&admin, &app, &sample_csv(), "impor", false).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "the upload needs the CSRF token");
    // Tag pattern, licences, dashboard.
    let res = admin.form("/aset/pengaturan", &[("pattern", "TIK {SEQ}")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = admin.form("/aset/pengaturan", &[("pattern", "{PD}-{YEAR}-{SEQ:4}")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page("/aset/pengaturan").await;
    assert!(html.contains(&format!("<strong id=\"contoh\">DINKES-{}-0001</strong>", today().year())), "{html}");
    let res = admin.form("/lisensi/baru", &[("product", "CorelDRAW Graphics Suite"), ("agency_id", &dinkes), ("licence_key", "CDGS-7788-9911-QWER"), ("seats_total", "1")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let lic = res.headers()["location"].to_str().unwrap().trim_start_matches("/lisensi/").split('?').next().unwrap().to_string();
    let res = admin.form(&format!("/lisensi/{lic}/kursi"), &[("holder", &format!("aset:{id}"))]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, people) = app.login("admin").await.get(&format!("/api/v1/people?agency_id={dinkes}")).await;
    let res = admin.form(&format!("/lisensi/{lic}/kursi"), &[("holder", &format!("pegawai:{}", people["items"][0]["id"]))]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Semua 1 kursi lisensi CorelDRAW Graphics Suite sudah terpakai"));
    let (_, html) = admin.page(&format!("/lisensi/{lic}")).await;
    assert!(html.contains("<code id=\"kunci\">CDGS-7788-9911-QWER</code>") && html.contains("1 dari 1 terpakai"), "{html}");
    let auditor = app.ui_login("auditor").await;
    let (_, html) = auditor.page(&format!("/lisensi/{lic}")).await;
    assert!(html.contains("<code id=\"kunci\">••••-••••-••••-QWER</code>") && !html.contains("Berikan kursi"), "{html}");
    let (s, _) = auditor.page(&format!("/aset/{id}/ubah")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, html) = admin.page("/aset").await;
    assert!(html.contains("2 lisensi perangkat lunak berakhir dalam 90 hari atau sudah berakhir"), "ESET ends soon, ArcGIS has ended: {html}");
    // An upload above the limit is refused with a clear message.
    let mut big = b"nama;kategori;kode_pd\n".to_vec();
    big.resize(1024 * 1024 + 100, b'x');
    let res = upload(&admin, &app, &big, "impor", true).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("Berkas CSV terlalu besar: paling besar 1024 KB."));
    let (_, html) = admin.page("/dasbor").await;
    assert!(html.contains("<span>Aset TIK</span>") && html.contains("data-chart=\"assets-by-state\""), "{html}");
});

both!(labels_use_the_configured_public_address, |_app: support::App| async move {
    let backend = if _app.store.backend().name() == "sqlite" { support::Backend::Sqlite } else { support::Backend::Postgres };
    let config = simpul_web::WebConfig { login_attempts_per_minute: 10_000, public_url: Some("https://spbe.tanjungselatankota.go.id".into()), ..Default::default() };
    let app = support::App::spawn_with(backend, config, true).await;
    let admin = app.login("admin").await;
    let (_, list) = admin.get("/api/v1/assets?per_page=1").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let (s, html) = admin.page(&format!("/aset/{id}/label")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("aria-label=\"Kode QR menuju https://spbe.tanjungselatankota.go.id/aset/{id}\"")), "{html}");
});
