//! The application registry (Aplikasi SPBE) and the findings (Temuan) over
//! it, through the API and the UI, on both databases. Each check is made to
//! fire through the API, the data is fixed through the API, and the finding
//! is gone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};

fn today() -> String {
    simpul_web::local_today(simpul_domain::pemda::TimeZone::Wita).to_string()
}

/// A clean Aplikasi Khusus in use: no finding under any regulation.
fn clean_app(agency_id: i64, name: &str, function: &str) -> Value {
    let t = today();
    json!({
        "name": name, "agency_id": agency_id, "kind": "aplikasi_khusus", "functions": [function],
        "state": "digunakan", "in_use_since": t, "platform": "web",
        "url": format!("https://{}.tanjungselatankota.go.id/", name.to_lowercase().replace(' ', "-")),
        "hosting": "pusat_data", "license": "terbuka", "development_method": "agile",
        "last_audit_on": t, "audit_result": "Sesuai standar.",
        "documents": ["software_requirements", "user_manual", "source_code"]
    })
}

fn with(mut v: Value, patch: Value) -> Value {
    for (k, x) in patch.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

/// The findings of one check for one application.
async fn findings_for(c: &support::Client, check: &str, app_id: i64) -> Vec<Value> {
    let (s, page) = c.get(&format!("/api/v1/findings?check={check}&per_page=200")).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().iter().filter(|f| f["entity_id"] == app_id).cloned().collect()
}

async fn create(c: &support::Client, body: Value) -> Value {
    let (s, a) = c.post("/api/v1/applications", body).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    a
}


both!(create_get_list_update_with_history, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let a = create(&admin, with(clean_app(dinkes, "Sistem Informasi Gizi", "layanan_publik_sektoral"), json!({"short_name": "SIGIZI", "documents": ["source_code", "source_code"]}))).await;
    let id = a["id"].as_i64().unwrap();
    assert_eq!(a["agency_name"], "Dinas Kesehatan Kota Tanjung Selatan");
    assert_eq!(a["host"], "sistem-informasi-gizi.tanjungselatankota.go.id");
    assert_eq!(a["documents"], json!(["source_code"]));
    assert_eq!(a["completeness"], json!({"handed": 1, "required": 3}));

    for q in ["q=gizi", "function=layanan_publik_sektoral&q=SIGIZI", &format!("agency_id={dinkes}&state=digunakan&kind=aplikasi_khusus&q=gizi")] {
        let (s, list) = admin.get(&format!("/api/v1/applications?{q}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list["total"], 1, "{q}: {list}");
        assert_eq!(list["items"][0]["functions"], json!(["layanan_publik_sektoral"]));
    }
    let (_, list) = admin.get("/api/v1/applications?function=jdih&q=gizi").await;
    assert_eq!(list["total"], 0);
    let (_, list) = admin.get("/api/v1/applications?per_page=5").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 5);
    assert!(list["total"].as_i64().unwrap() >= 15, "demo applications are seeded");

    let (s, u) = admin.put(&format!("/api/v1/applications/{id}"), with(a.clone(), json!({"functions": ["layanan_publik_sektoral", "pengaduan"], "documents": []}))).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(u["functions"], json!(["layanan_publik_sektoral", "pengaduan"]));
    let (_, got) = admin.get(&format!("/api/v1/applications/{id}")).await;
    assert_eq!(got["completeness"]["handed"], 0);

    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=application&entity_id={id}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["update", "create"]);
    assert_eq!(audit["items"][0]["before"]["functions"], json!(["layanan_publik_sektoral"]));
    assert_eq!(audit["items"][0]["after"]["functions"], json!(["layanan_publik_sektoral", "pengaduan"]));
    assert_eq!(audit["items"][0]["agency_id"], dinkes);

    let (s, e) = admin.get("/api/v1/applications/999999").await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (s, f) = admin.get("/api/v1/reference/app-functions").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(f.as_array().unwrap().len(), 16);
    assert_eq!(f[1], json!({"code": "kepegawaian", "label": "Kepegawaian"}));
});

both!(bad_input_is_rejected_with_codes_and_nothing_written, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let audit_before = app.store.counts().await.unwrap().audit_entries;
    let bad = json!({
        "name": "", "agency_id": 0, "kind": "aplikasi_lain", "functions": ["sulap"], "state": "digunakan",
        "retired_on": "2024-01-01", "platform": "televisi", "url": "ftp://x", "hosting": "rumah",
        "license": "bebas", "development_method": "kira-kira", "last_audit_on": "2024-13-01", "documents": ["architecture_documents"]
    });
    let (s, e) = admin.post("/api/v1/applications", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["code"], "validation_failed");
    let fields: Vec<(&str, &str)> = e["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
    for want in [
        ("name", "required"),
        ("agency_id", "required"),
        ("kind", "invalid_choice"),
        ("functions", "invalid_choice"),
        ("in_use_since", "required"),
        ("retired_on", "not_allowed"),
        ("platform", "invalid_choice"),
        ("url", "invalid_format"),
        ("hosting", "invalid_choice"),
        ("license", "invalid_choice"),
        ("development_method", "invalid_choice"),
        ("last_audit_on", "invalid_format"),
        // Banjarbaru's checklist item is not in the active (Balikpapan) checklist.
        ("documents", "invalid_choice"),
    ] {
        assert!(fields.contains(&want), "{want:?} missing from {fields:?}");
    }
    let (s, e) = admin.post("/api/v1/applications", with(clean_app(dinkes, "Uji Urutan", "pengaduan"), json!({"functions": [], "planned_on": "2099-01-01"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = e["error"]["fields"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(fields.contains(&"required") && fields.contains(&"out_of_order"), "{fields:?}");
    // Unknown or inactive agency.
    let (s, e) = admin.post("/api/v1/applications", clean_app(999_999, "Uji", "pengaduan")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["fields"][0]["code"], "invalid_reference");
    // Same name twice in one agency: conflict on the name.
    create(&admin, clean_app(dinkes, "Aplikasi Ganda", "pengaduan")).await;
    let (s, e) = admin.post("/api/v1/applications", clean_app(dinkes, "Aplikasi Ganda", "pengaduan")).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["error"]["fields"][0]["field"], "name");
    // Malformed JSON.
    let res = admin.http.post(app.url("/api/v1/applications")).header("x-csrf-token", admin.csrf.clone().unwrap()).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Only the one good application was written.
    assert_eq!(app.store.counts().await.unwrap().audit_entries, audit_before + 1);
});

both!(operators_manage_only_their_agency_and_cannot_record_audits, |app: support::App| async move {
    let op = app.login("operator.dinkes").await;
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    // Audit fields sent by an operator are ignored: audits are Diskominfo's.
    let a = create(&op, clean_app(dinkes, "Sistem Antrean Puskesmas", "layanan_publik_sektoral")).await;
    let id = a["id"].as_i64().unwrap();
    assert_eq!(a["last_audit_on"], Value::Null);
    let (s, e) = op.post("/api/v1/applications", clean_app(disdik, "Bukan Milik Saya", "pengaduan")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    // Moving an own application to another agency is refused too.
    let (s, _) = op.put(&format!("/api/v1/applications/{id}"), with(a.clone(), json!({"agency_id": disdik}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Another agency's application: readable, not writable.
    let other = create(&admin, clean_app(disdik, "Rapor Digital", "layanan_publik_sektoral")).await;
    let oid = other["id"].as_i64().unwrap();
    let (s, _) = op.get(&format!("/api/v1/applications/{oid}")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = op.put(&format!("/api/v1/applications/{oid}"), other.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The admin records the audit; an operator's later update keeps it.
    let (s, u) = admin.put(&format!("/api/v1/applications/{id}"), with(a.clone(), json!({"last_audit_on": today(), "audit_result": "Baik"}))).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    let (s, u) = op.put(&format!("/api/v1/applications/{id}"), with(a.clone(), json!({"short_name": "SIAP", "last_audit_on": null, "audit_result": null}))).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!((u["short_name"].as_str(), u["audit_result"].as_str()), (Some("SIAP"), Some("Baik")));
    // Read-only roles read everything, change nothing.
    let auditor = app.login("auditor").await;
    let (s, _) = auditor.get("/api/v1/findings").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = auditor.put(&format!("/api/v1/applications/{id}"), a.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.anon().get("/api/v1/applications").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
});

both!(one_app_per_function_and_desktop_fire_and_clear_under_banjarbaru, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let a = create(&admin, clean_app(dinkes, "SIMPEG Dinkes", "kepegawaian")).await;
    let b = create(&admin, clean_app(dinkes, "Absensi Dinkes", "kepegawaian")).await;
    let (aid, bid) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    let desktop = create(&admin, with(clean_app(dinkes, "Gudang Farmasi", "barang_milik_daerah"), json!({"platform": "desktop", "state": "dikembangkan", "in_use_since": null, "development_started_on": today()}))).await;
    let did = desktop["id"].as_i64().unwrap();
    // The demo Pemda works under Perwali Balikpapan 14/2022, which has no such rules: not checked, and it says so.
    assert!(findings_for(&admin, "one_app_per_function", aid).await.is_empty());
    let (_, checks) = admin.get("/api/v1/findings/checks").await;
    let one = checks.as_array().unwrap().iter().find(|c| c["code"] == "one_app_per_function").unwrap().clone();
    assert_eq!((one["applies"].as_bool(), one["article"].is_null()), (Some(false), true));

    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    let fa = findings_for(&admin, "one_app_per_function", aid).await;
    assert_eq!(fa.len(), 1, "{fa:?}");
    assert_eq!(fa[0]["article"], "Perwali Banjarbaru 5/2018 Pasal 13 ayat (6)");
    assert_eq!(fa[0]["agency_id"], dinkes);
    assert_eq!(fa[0]["agency_name"], "Dinas Kesehatan Kota Tanjung Selatan");
    assert!(fa[0]["message"].as_str().unwrap().contains("Absensi Dinkes"), "{fa:?}");
    assert_eq!(findings_for(&admin, "one_app_per_function", bid).await.len(), 1);
    let fd = findings_for(&admin, "web_based_apps", did).await;
    assert_eq!(fd.len(), 1);
    assert_eq!((fd[0]["severity"].as_str(), fd[0]["article"].as_str()), (Some("tinggi"), Some("Perwali Banjarbaru 5/2018 Pasal 13 ayat (7)")));
    // The agency filter works.
    let (_, other) = admin.get(&format!("/api/v1/findings?agency_id={}&check=one_app_per_function", app.agency_id("DISDIKBUD").await)).await;
    assert!(other["items"].as_array().unwrap().iter().all(|f| f["entity_id"] != aid));

    // Fix: retire the second application; develop the desktop one for the web.
    let (s, u) = admin.put(&format!("/api/v1/applications/{bid}"), with(b.clone(), json!({"state": "dihentikan", "retired_on": today(), "documents": ["source_code"]}))).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    // Documents recorded under the Balikpapan checklist stay recorded; completeness counts Banjarbaru's.
    assert_eq!(u["documents"], json!(["software_requirements", "source_code", "user_manual"]));
    assert_eq!(u["completeness"], json!({"handed": 1, "required": 4}));
    let (s, _) = admin.put(&format!("/api/v1/applications/{did}"), with(desktop.clone(), json!({"platform": "web"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(findings_for(&admin, "one_app_per_function", aid).await.is_empty());
    assert!(findings_for(&admin, "one_app_per_function", bid).await.is_empty());
    assert!(findings_for(&admin, "web_based_apps", did).await.is_empty());
});

both!(audit_documentation_and_domain_fire_and_clear_under_balikpapan, |app: support::App| async move {
    let admin = app.login("admin").await;
    let op = app.login("operator.dinkes").await;
    let dinkes = app.agency_id("DINKES").await;
    let base = clean_app(dinkes, "Sistem Rujukan", "layanan_publik_sektoral");
    let a = create(&admin, with(base.clone(), json!({"in_use_since": "2020-01-06", "last_audit_on": null, "audit_result": null, "documents": ["source_code"], "url": "https://rujukan.vendor-sehat.com"}))).await;
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/v1/applications/{id}");
    let (_, before) = admin.get("/api/v1/dashboard").await;

    let audit = findings_for(&admin, "app_audit_overdue", id).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["article"], "Perwali Balikpapan 14/2022 Pasal 49 ayat (2)");
    assert!(audit[0]["message"].as_str().unwrap().contains("Belum pernah diaudit sejak digunakan 2020-01-06"), "{audit:?}");
    let docs = findings_for(&admin, "app_documentation_incomplete", id).await;
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["article"], "Perwali Balikpapan 14/2022 Pasal 28 ayat (7)");
    assert!(docs[0]["message"].as_str().unwrap().starts_with("Dokumentasi 1/3 diserahkan"), "{docs:?}");
    let dom = findings_for(&admin, "official_domain", id).await;
    assert_eq!(dom.len(), 1);
    assert_eq!(dom[0]["article"], "Perwali Balikpapan 14/2022 Pasal 30 ayat (1)");
    assert!(dom[0]["message"].as_str().unwrap().contains("rujukan.vendor-sehat.com bukan subdomain dari tanjungselatankota.go.id"));

    // The operator fixes documentation and address, but cannot clear the audit finding.
    let fixed = with(a.clone(), json!({"documents": ["software_requirements", "user_manual", "source_code"], "url": "https://rujukan.dinkes.tanjungselatankota.go.id", "last_audit_on": today()}));
    let (s, u) = op.put(&path, fixed.clone()).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(u["completeness"], json!({"handed": 3, "required": 3}));
    assert!(findings_for(&admin, "app_documentation_incomplete", id).await.is_empty());
    assert!(findings_for(&admin, "official_domain", id).await.is_empty());
    assert_eq!(findings_for(&admin, "app_audit_overdue", id).await.len(), 1);
    // An old audit is still overdue; a recent one clears it.
    let (s, _) = admin.put(&path, with(fixed.clone(), json!({"last_audit_on": "2022-05-01", "audit_result": "Sesuai"}))).await;
    assert_eq!(s, StatusCode::OK);
    let audit = findings_for(&admin, "app_audit_overdue", id).await;
    assert!(audit[0]["message"].as_str().unwrap().contains("Audit terakhir 2022-05-01"), "{audit:?}");
    let (s, _) = admin.put(&path, with(fixed, json!({"last_audit_on": today(), "audit_result": "Sesuai"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(findings_for(&admin, "app_audit_overdue", id).await.is_empty());
    // Its address is under the official domain but not yet in the domain registry (Pasal 30 ayat (4)): registering it clears that too.
    assert_eq!(findings_for(&admin, "app_host_not_registered", id).await.len(), 1);
    let sub = json!({"fqdn": "rujukan.dinkes.tanjungselatankota.go.id", "agency_id": dinkes, "application_id": id, "record_type": "A", "target": "10.30.1.11", "registered_on": today(), "status": "aktif"});
    let (s, body) = op.post("/api/v1/domains/subdomains", sub).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert!(findings_for(&admin, "app_host_not_registered", id).await.is_empty());
    let (_, after) = admin.get("/api/v1/dashboard").await;
    assert_eq!(after["findings"].as_i64().unwrap(), before["findings"].as_i64().unwrap() - 3);

    // Aplikasi Umum are the central government's: no audit, documentation or domain findings.
    let umum = create(&admin, with(base, json!({"name": "Aplikasi Pusat", "kind": "aplikasi_umum", "url": "https://aplikasi.kemkes.go.id", "documents": [], "last_audit_on": null, "audit_result": null, "in_use_since": "2015-01-01"}))).await;
    let (_, all) = admin.get("/api/v1/findings?per_page=200").await;
    assert!(all["items"].as_array().unwrap().iter().all(|f| f["entity"] != "application" || f["entity_id"] != umum["id"]));
    // The demo data shows each check that applies under its regulation.
    for check in ["app_audit_overdue", "app_documentation_incomplete", "official_domain"] {
        let (_, page) = admin.get(&format!("/api/v1/findings?check={check}")).await;
        assert!(page["total"].as_i64().unwrap() >= 1, "{check}");
    }
});

both!(csv_and_json_export, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    create(&admin, with(clean_app(dinkes, "Surveilans, \"Epidemiologi\"", "layanan_publik_sektoral"), json!({"url": "https://surveilans.tanjungselatankota.go.id", "audit_result": "Baris 1\nBaris 2", "functions": ["pengaduan", "layanan_publik_sektoral"]}))).await;
    let res = admin.http.get(app.url(&format!("/api/v1/applications/export.csv?agency_id={dinkes}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("aplikasi.csv"));
    let body = res.text().await.unwrap();
    let header = body.lines().next().unwrap();
    assert_eq!(header, simpul_web::api::APPLICATION_CSV_COLUMNS.join(","));
    assert!(body.contains(",\"Surveilans, \"\"Epidemiologi\"\"\",,aplikasi_khusus,layanan_publik_sektoral;pengaduan,digunakan,"), "{body}");
    assert!(body.contains("\"Baris 1\nBaris 2\""), "line breaks are quoted");
    assert!(body.contains(",software_requirements;source_code;user_manual,3,3,\n"), "{body}");
    // Only the filtered agency: the demo's e-Puskesmas and this one.
    assert!(body.contains("Sistem Informasi Manajemen Puskesmas") && !body.contains("SIMPEG"));
    let (s, json) = admin.get(&format!("/api/v1/applications/export.json?agency_id={dinkes}&q=surveilans")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["functions"], json!(["layanan_publik_sektoral", "pengaduan"]));
    // The exports and the new routes are in the OpenAPI document.
    let (_, doc) = admin.get("/api/v1/openapi.json").await;
    for p in ["/api/v1/applications", "/api/v1/applications/{id}", "/api/v1/applications/export.csv", "/api/v1/applications/export.json", "/api/v1/findings", "/api/v1/findings/checks", "/api/v1/reference/app-functions"] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
});


both!(ui_form_explains_errors_in_indonesian_and_pages_show_findings, |app: support::App| async move {
    let op = app.ui_login("operator.dinkes").await;
    let dinkes = app.agency_id("DINKES").await.to_string();
    let res = op
        .form("/aplikasi/baru", &[("name", ""), ("agency_id", &dinkes), ("kind", "aplikasi_khusus"), ("state", "digunakan"), ("platform", "web"), ("url", "simrs-dinkes"), ("repository", "Gudang kode Diskominfo")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-name\">Wajib diisi.</p>"), "{html}");
    assert!(html.contains("id=\"e-functions\">Pilih paling sedikit satu fungsi SPBE yang dilayani.</p>"), "{html}");
    assert!(html.contains("id=\"e-in_use_since\">Tanggal status digunakan wajib diisi.</p>"), "{html}");
    assert!(html.contains("id=\"e-url\">Alamat aplikasi diawali https:// atau http:// diikuti nama domain yang valid.</p>"), "{html}");
    assert!(html.contains("value=\"Gudang kode Diskominfo\""), "input is kept");
    assert!(!html.contains("name=\"last_audit_on\""), "operators do not record audits");

    let res = op
        .form(
            "/aplikasi/baru",
            &[("name", "Sistem Rujukan Terpadu"), ("agency_id", &dinkes), ("kind", "aplikasi_khusus"), ("functions", "layanan_publik_sektoral"), ("functions", "pengaduan"), ("state", "digunakan"), ("in_use_since", "2019-02-01"), ("platform", "web"), ("url", "https://sisrute.example.com"), ("documents", "source_code")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let (s, html) = op.page(&to).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Data berhasil disimpan."));
    assert!(html.contains("1 dari 3 dokumen (33%)"), "{html}");
    assert!(html.contains("Perwali Balikpapan 14/2022 Pasal 30 ayat (1)") && html.contains("Perwali Balikpapan 14/2022 Pasal 49 ayat (2)"), "{html}");
    let id = to.trim_start_matches("/aplikasi/").split('?').next().unwrap().to_string();
    let (s, html) = op.page(&format!("/aplikasi/{id}/ubah")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("value=\"pengaduan\" checked"), "{html}");
    for path in ["/aplikasi", "/aplikasi?function=pengaduan&q=rujukan", "/temuan", &format!("/temuan?agency_id={dinkes}&check=official_domain"), "/dasbor"] {
        let (s, html) = op.page(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(html.contains("<h1>"), "{path}");
    }
    let (_, html) = op.page(&format!("/temuan?agency_id={dinkes}&check=official_domain")).await;
    assert!(html.contains("Sistem Rujukan Terpadu") && html.contains("sisrute.example.com bukan subdomain"), "{html}");
    assert!(html.contains(&format!("Aplikasi: <a href=\"/aplikasi/{id}\">Sistem Rujukan Terpadu</a>")), "the finding links to its record: {html}");
    // Enough findings for two pages: each of these addresses is outside the official domain.
    for i in 0..50 {
        let (s, b) = op
            .post("/api/v1/applications", json!({"name": format!("Aplikasi Luar Domain {i}"), "agency_id": dinkes.parse::<i64>().unwrap(), "kind": "aplikasi_khusus", "functions": ["pengaduan"], "state": "direncanakan", "planned_on": "2026-01-05", "platform": "web", "url": format!("https://app{i}.example.net")}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    // Pages beyond the last show the last; the pager keeps the filters.
    let (s, html) = op.page("/temuan?page=999").await;
    assert_eq!(s, StatusCode::OK);
    let (_, api) = op.get("/api/v1/findings?per_page=1").await;
    let total = api["total"].as_i64().unwrap();
    assert!(total > 50, "more findings than one page ({total})");
    let last = (total + 49) / 50;
    assert!(html.contains(&format!("Halaman {last} dari {last} ({total} data)")), "{html}");
    assert!(html.contains(&format!("href=\"?page={}\" rel=\"prev\"", last - 1)), "{html}");
    assert!(html.contains("tidak diperiksa: peraturan yang berlaku tidak mengatur hal ini"), "Balikpapan lacks the one-app rule");
    let (_, html) = op.page("/dasbor").await;
    assert!(html.contains("href=\"/temuan\"") && html.contains("<span>Temuan</span>"));
    // Another agency's application: shown without an edit button; its edit page is forbidden.
    let other = app.store.all_applications(&simpul_store::apps::ApplicationFilter { q: Some("SIMPEG".into()), ..Default::default() }).await.unwrap()[0].id;
    let (_, html) = op.page(&format!("/aplikasi/{other}")).await;
    assert!(!html.contains(&format!("/aplikasi/{other}/ubah")));
    let (s, _) = op.page(&format!("/aplikasi/{other}/ubah")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(data_kinds_and_relations_between_applications, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (dinkes, rsud) = (app.agency_id("DINKES").await, app.agency_id("RSUD").await);
    let gizi = create(&admin, with(clean_app(dinkes, "Sistem Informasi Gizi", "layanan_publik_sektoral"), json!({"data_kinds": ["kesehatan", "kependudukan", "kesehatan"]}))).await;
    assert_eq!(gizi["data_kinds"], json!(["kependudukan", "kesehatan"]));
    let (s, e) = admin.put(&format!("/api/v1/applications/{}", gizi["id"]), with(gizi.clone(), json!({"data_kinds": ["rahasia_negara"]}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((e["error"]["fields"][0]["field"].as_str(), e["error"]["fields"][0]["code"].as_str()), (Some("data_kinds"), Some("invalid_choice")));
    let (_, k) = admin.get("/api/v1/reference/app-data-kinds").await;
    assert!(k.as_array().unwrap().iter().any(|x| x["code"] == "kesehatan"));
    let (_, csv) = admin.page("/api/v1/applications/export.csv?q=gizi").await;
    assert!(csv.lines().next().unwrap().ends_with(",data_kinds") && csv.contains("kependudukan;kesehatan"), "{csv}");

    // DINKES's operator records that its application uses the RSUD's SIMRS.
    let op = app.login("operator.dinkes").await;
    let simrs = admin.get("/api/v1/applications?q=SIMRS").await.1["items"][0].clone();
    let (gid, sid) = (gizi["id"].as_i64().unwrap(), simrs["id"].as_i64().unwrap());
    assert_eq!(simrs["agency_id"], rsud);
    let (s, r) = op.post(&format!("/api/v1/applications/{gid}/relations"), json!({"related_id": sid, "kind": "uses", "note": "Data rujukan gizi buruk"})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!((r["application_name"].as_str(), r["related_name"].as_str(), r["kind"].as_str()), (Some("Sistem Informasi Gizi"), simrs["name"].as_str(), Some("uses")));
    // Both sides see it; a duplicate, a self-relation, an unknown kind or application are refused.
    let (_, mine) = op.get(&format!("/api/v1/applications/{gid}/relations")).await;
    assert_eq!(mine["total"], 1);
    let (_, theirs) = op.get(&format!("/api/v1/applications/{sid}/relations")).await;
    assert!(theirs["items"].as_array().unwrap().iter().any(|x| x["application_id"] == gid), "{theirs}");
    for (body, status, field, code) in [
        (json!({"related_id": sid, "kind": "uses"}), StatusCode::CONFLICT, "related_id", "taken"),
        (json!({"related_id": gid, "kind": "uses"}), StatusCode::UNPROCESSABLE_ENTITY, "related_id", "self_reference"),
        (json!({"related_id": sid, "kind": "calls"}), StatusCode::UNPROCESSABLE_ENTITY, "kind", "invalid_choice"),
        (json!({"related_id": 999999, "kind": "uses"}), StatusCode::UNPROCESSABLE_ENTITY, "related_id", "invalid_reference"),
    ] {
        let (s, e) = op.post(&format!("/api/v1/applications/{gid}/relations"), body.clone()).await;
        assert_eq!(s, status, "{body}: {e}");
        assert_eq!((e["error"]["fields"][0]["field"].as_str(), e["error"]["fields"][0]["code"].as_str()), (Some(field), Some(code)), "{body}: {e}");
    }
    // The RSUD's application is not the DINKES operator's to relate, nor to unrelate.
    let (s, _) = op.post(&format!("/api/v1/applications/{sid}/relations"), json!({"related_id": gid, "kind": "uses"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let rid = r["id"].as_i64().unwrap();
    let (s, _) = op.delete(&format!("/api/v1/applications/{sid}/relations/{rid}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Shown on the page, from each side.
    let (_, html) = admin.page(&format!("/aplikasi/{sid}")).await;
    assert!(html.contains("Digunakan oleh") && html.contains("Sistem Informasi Gizi") && html.contains("Data rujukan gizi buruk"), "{html}");
    let (_, html) = admin.page(&format!("/aplikasi/{gid}")).await;
    assert!(html.contains("Data kependudukan (NIK, KK), Data kesehatan"), "{html}");
    assert!(html.contains(&format!("action=\"/aplikasi/{gid}/hubungan/{rid}/hapus\"")), "{html}");
    // The page's form explains a bad relation in Indonesian and keeps the note; a good one is added.
    let res = admin.form(&format!("/aplikasi/{gid}/hubungan"), &[("kind", ""), ("related_id", &sid.to_string()), ("note", "catatan tetap")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-kind\">Pilih jenis hubungan: menggunakan atau bertukar data dengan.</p>") && html.contains("value=\"catatan tetap\""), "{html}");
    let res = admin.form(&format!("/aplikasi/{gid}/hubungan"), &[("kind", "exchanges_with"), ("related_id", &sid.to_string()), ("note", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, mine) = op.get(&format!("/api/v1/applications/{gid}/relations")).await;
    assert_eq!(mine["total"], 2);
    // Removal is audited, and removing it twice is a 404.
    let (s, _) = op.delete(&format!("/api/v1/applications/{gid}/relations/{rid}")).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = op.delete(&format!("/api/v1/applications/{gid}/relations/{rid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=application_relation&entity_id={rid}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["delete", "create"]);
    assert_eq!(audit["items"][0]["agency_id"], dinkes);
    // The demo's relations are there.
    let ekin = admin.get("/api/v1/applications?q=e-Kinerja").await.1["items"][0]["id"].as_i64().unwrap();
    let (_, rel) = admin.get(&format!("/api/v1/applications/{ekin}/relations")).await;
    assert_eq!(rel["items"][0]["related_name"].as_str().map(|n| n.contains("Kepegawaian")), Some(true), "{rel}");
});

both!(documentation_files_are_kept_with_their_digest, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let a = create(&admin, with(clean_app(dinkes, "Sistem Informasi Gizi", "layanan_publik_sektoral"), json!({"documents": []}))).await;
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/v1/applications/{id}/files");
    let pdf: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let op = app.login("operator.dinkes").await;
    let (s, f) = op.upload(&path, &[("file", Some(("kode-sumber.pdf", "application/pdf")), pdf), ("document_code", None, b"source_code"), ("title", None, b"Kode sumber rilis 1.0")]).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!((f["title"].as_str(), f["document_code"].as_str()), (Some("Kode sumber rilis 1.0"), Some("source_code")));
    let digest = simpul_domain::attachments::sha256_hex(pdf);
    assert_eq!(f["file"]["sha256"], digest);
    // The file hands over its checklist item.
    let (_, got) = admin.get(&format!("/api/v1/applications/{id}")).await;
    assert_eq!((got["documents"].clone(), got["completeness"]["handed"].clone()), (json!(["source_code"]), json!(1)));
    // It downloads as stored.
    let res = admin.http.get(app.url(f["file"]["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf);
    // Refused: a program, an unknown checklist item, no file, another agency's operator. Nothing is written.
    for (parts, status, code) in [
        (vec![("file", Some(("setup.exe", "application/pdf")), b"MZ\x90\x00program".as_slice())], StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (vec![("file", Some(("a.pdf", "application/pdf")), pdf), ("document_code", None, b"rahasia".as_slice())], StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        (vec![("title", None, b"tanpa berkas".as_slice())], StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
    ] {
        let (s, e) = op.upload(&path, &parts).await;
        assert_eq!((s, e["error"]["code"].as_str()), (status, Some(code)), "{e}");
    }
    let (s, e) = app.login("operator.disdik").await.upload(&path, &[("file", Some(("a.pdf", "application/pdf")), pdf)]).await;
    assert_eq!((s, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (_, list) = admin.get(&path).await;
    assert_eq!(list["total"], 1);
    // A second file, not on the checklist, through the page's form.
    let res = admin.upload(&format!("/aplikasi/{id}/dokumen"), &[("file", Some(("manual.pdf", "application/pdf")), pdf), ("document_code", None, b""), ("title", None, b"")]).await;
    assert_eq!(res.0, StatusCode::SEE_OTHER, "{}", res.1);
    let (_, html) = admin.page(&format!("/aplikasi/{id}")).await;
    assert!(html.contains("Kode sumber rilis 1.0") && html.contains("manual.pdf") && html.contains("Dokumen lain") && html.contains(&digest), "{html}");
    let (_, audit) = admin.get("/api/v1/audit?entity=application_file").await;
    assert_eq!(audit["total"], 2);
    assert_eq!(audit["items"][1]["after"]["file"]["sha256"], digest);
});
