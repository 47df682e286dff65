//! The Pusat Data's dataset catalogue and classified, versioned storage,
//! over HTTP on both databases: registering and changing datasets per
//! agency, bad input, audit entries, uploads checked row by row (a file
//! with errors stores nothing), versions, queries, CSV/JSON exports,
//! integrity checks, rahasia data sealed at rest, the classification rule
//! on every read path, and the two findings made to fire and cleared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{App, Client};

fn dataset(code: &str, agency_id: i64, class: &str, shared_with: &[i64]) -> Value {
    json!({
        "code": code, "title": format!("Data Uji {code}"), "description": "Data uji.", "agency_id": agency_id,
        "concept": format!("Konsep {code}"), "definition": "Definisi uji.", "measure": "Jumlah", "unit": "Jiwa",
        "topic": "kependudukan", "tags": ["Uji", "penduduk"], "frequency": "tahunan", "region_codes": ["64.75", "64.75.01"],
        "licence": "cc_by_4_0", "confidentiality": class, "shared_with": shared_with,
        "register_responsible": "Kepala Seksi Data", "retention_years": 5, "storage_location": "Pusat Data",
        "backup_period": "Harian", "backup_medium": "NAS DRC",
        "columns": [
            {"name": "kecamatan", "label": "Kecamatan", "kind": "text", "required": true},
            {"name": "jenis", "label": "Jenis", "kind": "code", "required": true, "codes": ["a", "b"]},
            {"name": "jumlah", "label": "Jumlah", "kind": "integer", "required": true},
            {"name": "rasio", "label": "Rasio", "kind": "decimal"},
            {"name": "tanggal", "label": "Tanggal", "kind": "date"}
        ]
    })
}

/// A spreadsheet export: BOM, `;`, thousands dots, decimal commas, dd/mm/yyyy.
const GOOD_CSV: &str = "\u{feff}Kecamatan;Jenis;Jumlah;Rasio;Tanggal\r\nTeluk Sirih;a;1.250;12,5;01/02/2025\r\nSungai Ilir;b;300;0,75;\r\nBukit Meranti;a;42;;2025-03-04\r\n";

async fn create(c: &Client, body: Value) -> Value {
    let (s, d) = c.post("/api/v1/datasets", body).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d
}

async fn upload(c: &Client, id: i64, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
    c.upload(&format!("/api/v1/datasets/{id}/versions"), &[("file", Some((name, "text/csv")), bytes)]).await
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

fn fields(b: &Value) -> Vec<(String, String)> {
    b["error"]["fields"].as_array().unwrap().iter().map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string())).collect()
}

both!(catalogue_per_agency_with_bad_input_and_audit, |app: App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let d = create(&admin, dataset("UJI-KATALOG", dinkes, "terbuka", &[])).await;
    assert_eq!(d["agency_name"], "Dinas Kesehatan Kota Tanjung Selatan");
    assert_eq!(d["tags"], json!(["penduduk", "uji"]));
    assert_eq!(d["columns"][1]["codes"], json!(["a", "b"]));
    assert_eq!(d["latest_version"], Value::Null);

    // The owning agency's Operator PD and Walidata edit; another agency's cannot; others read only.
    let op = app.login("operator.dinkes").await;
    let mut changed = d.clone();
    changed["title"] = json!("Data Uji Diubah");
    let (s, b) = op.put(&format!("/api/v1/datasets/{}", id(&d)), changed.clone()).await;
    assert_eq!((s, b["title"].clone()), (StatusCode::OK, json!("Data Uji Diubah")), "{b}");
    let (s, _) = app.login("walidata.dinkes").await.post("/api/v1/datasets", dataset("UJI-WALIDATA", dinkes, "terbuka", &[])).await;
    assert_eq!(s, StatusCode::CREATED);
    for who in ["operator.disdik", "auditor", "sekda", "sd1.dinkes"] {
        let c = app.login(who).await;
        let (s, b) = c.put(&format!("/api/v1/datasets/{}", id(&d)), changed.clone()).await;
        assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{who}: {b}");
        let (s, _) = c.post("/api/v1/datasets", dataset("UJI-LAIN", dinkes, "terbuka", &[])).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        let (s, _) = c.get(&format!("/api/v1/datasets/{}", id(&d))).await;
        assert_eq!(s, StatusCode::OK, "{who} reads open data");
    }
    let (s, _) = op.post("/api/v1/datasets", dataset("UJI-DISDIK", disdik, "terbuka", &[])).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Bad input: 422 with stable field codes, nothing written.
    let (_, before) = admin.get("/api/v1/datasets?per_page=1").await;
    let mut bad = dataset("x y", dinkes, "terbatas", &[]);
    bad["region_codes"] = json!(["6475"]);
    bad["columns"][0]["kind"] = json!("angka");
    bad["columns"][1]["codes"] = json!([]);
    bad["frequency"] = json!("sewindu");
    bad["coverage_start"] = json!("2025-02-30");
    let (s, b) = admin.post("/api/v1/datasets", bad).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")), "{b}");
    let got = fields(&b);
    for want in [("code", "invalid_format"), ("region_codes", "invalid_format"), ("columns[0].kind", "invalid_choice"), ("columns[1].codes", "required"), ("frequency", "invalid_choice"), ("shared_with", "required"), ("coverage_start", "invalid_format")] {
        assert!(got.contains(&(want.0.to_string(), want.1.to_string())), "{want:?} in {got:?}");
    }
    let (s, b) = admin.post("/api/v1/datasets", dataset("UJI-KATALOG", dinkes, "terbuka", &[])).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{b}");
    let (_, after) = admin.get("/api/v1/datasets?per_page=1").await;
    assert_eq!(before["total"], after["total"]);

    // Search, filters.
    let (_, l) = admin.get(&format!("/api/v1/datasets?q=diubah&agency_id={dinkes}&topic=kependudukan&tag=uji")).await;
    assert_eq!(l["total"], 1, "{l}");

    // Audit entries with before and after.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=dataset&entity_id={}", id(&d))).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["update", "create"], "{audit}");
    assert_eq!(audit["items"][0]["before"]["title"], "Data Uji UJI-KATALOG");
    assert_eq!(audit["items"][0]["after"]["title"], "Data Uji Diubah");
});

both!(versions_checked_queried_exported_and_verified, |app: App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let d = create(&admin, dataset("UJI-VERSI", dinkes, "terbuka", &[])).await;
    let id = id(&d);
    let op = app.login("operator.dinkes").await;

    let (s, v1) = upload(&op, id, "../../data penduduk.csv", GOOD_CSV.as_bytes()).await;
    assert_eq!(s, StatusCode::CREATED, "{v1}");
    assert_eq!((v1["version_no"].as_i64(), v1["row_count"].as_i64(), v1["format"].as_str()), (Some(1), Some(3), Some("csv")));
    assert_eq!(v1["file_name"], "data penduduk.csv");
    assert_eq!(v1["encrypted"], false);

    // A file with errors: every problem reported by row and column, nothing stored.
    let bad = "kecamatan,jenis,jumlah,rasio\nA,c,1,\n,a,dua,1.2.3\nB,a,3,,,lebih\n";
    let (s, b) = upload(&op, id, "salah.csv", bad.as_bytes()).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")), "{b}");
    assert_eq!(
        fields(&b),
        vec![("rows[2].jenis", "invalid_code"), ("rows[3].kecamatan", "required"), ("rows[3].jumlah", "invalid_integer"), ("rows[3].rasio", "invalid_decimal"), ("rows[4].", "extra_cells")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    let (s, b) = upload(&op, id, "kolom.csv", b"kecamatan;warna\nA;merah\n").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&b).contains(&("rows[1].warna".into(), "unknown_column".into())), "{b}");
    assert!(fields(&b).contains(&("rows[1].jumlah".into(), "missing_column".into())), "{b}");
    // Windows-1252 is read too.
    let (s, v2) = upload(&op, id, "v2.csv", b"kecamatan;jenis;jumlah\nTeluk Sirih \xe9;b;7\n").await;
    assert_eq!(s, StatusCode::CREATED, "{v2}");
    let (_, versions) = admin.get(&format!("/api/v1/datasets/{id}/versions")).await;
    let nos: Vec<i64> = versions.as_array().unwrap().iter().map(|v| v["version_no"].as_i64().unwrap()).collect();
    assert_eq!(nos, vec![2, 1]);
    let (_, got) = admin.get(&format!("/api/v1/datasets/{id}")).await;
    assert_eq!(got["latest_version"], 2);
    assert_eq!(got["last_updated_on"], json!(simpul_web::local_today(simpul_domain::pemda::TimeZone::Wita).to_string()));

    // Version 1 stays readable: filter, sort, page.
    let (s, rows) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/rows?sort=jumlah&desc=true&per_page=2")).await;
    assert_eq!(s, StatusCode::OK, "{rows}");
    assert_eq!(rows["total"], 3);
    assert_eq!(rows["items"][0]["values"], json!({"kecamatan": "Teluk Sirih", "jenis": "a", "jumlah": 1250, "rasio": 12.5, "tanggal": "2025-02-01"}));
    assert_eq!(rows["items"][1]["values"]["jumlah"], 300);
    assert_eq!(rows["items"][0]["row"], 2);
    let (_, f) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/rows?jenis=A")).await;
    assert_eq!(f["total"], 2, "{f}");
    let (s, b) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/rows?warna=merah")).await;
    assert_eq!((s, fields(&b)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("warna".to_string(), "unknown_column".to_string())]));
    let (s, _) = admin.get(&format!("/api/v1/datasets/{id}/versions/9/rows")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Exports.
    let (s, csv) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/export.csv?jenis=a&sort=kecamatan")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(csv, json!("kecamatan,jenis,jumlah,rasio,tanggal\nBukit Meranti,a,42,,2025-03-04\nTeluk Sirih,a,1250,12.5,2025-02-01\n"));
    let (_, j) = admin.get(&format!("/api/v1/datasets/{id}/versions/2/export.json")).await;
    assert_eq!(j, json!([{"kecamatan": "Teluk Sirih é", "jenis": "b", "jumlah": 7, "rasio": null, "tanggal": null}]));

    // The file as uploaded, with its digest; verify; then a change behind Simpul's back is detected.
    let res = admin.http.get(app.url(&format!("/api/v1/datasets/{id}/versions/1/file"))).send().await.unwrap();
    assert_eq!(res.headers()["x-content-sha256"].to_str().unwrap(), v1["sha256"].as_str().unwrap());
    assert_eq!(res.bytes().await.unwrap().as_ref(), GOOD_CSV.as_bytes());
    let (_, ok) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/verify")).await;
    assert_eq!((ok["intact"].as_bool(), ok["rows_stored"].as_i64()), (Some(true), Some(3)), "{ok}");
    sqlx::query("UPDATE dataset_versions SET content = $1 WHERE id = $2").bind(b"kecamatan\nPALSU\n".to_vec()).bind(v1["id"].as_i64().unwrap()).execute(app.store.pool()).await.unwrap();
    let (_, bad) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/verify")).await;
    assert_eq!(bad["intact"], false, "{bad}");
    assert_ne!(bad["actual_sha256"], bad["recorded_sha256"]);
    let (s, b) = admin.get(&format!("/api/v1/datasets/{id}/versions/1/file")).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("integrity_failed")));

    // Audit of uploads: digest and row count, never the bytes.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=dataset_version&entity_id={}", v1["id"])).await;
    assert_eq!(audit["items"][0]["after"]["sha256"], v1["sha256"]);
    assert_eq!(audit["items"][0]["after"]["row_count"], 3);
});

/// Findings of one check on one dataset, as `c` sees them.
async fn findings(c: &Client, check: &str, id: i64) -> Vec<Value> {
    let (_, p) = c.get(&format!("/api/v1/findings?check={check}&per_page=200")).await;
    p["items"].as_array().unwrap().iter().filter(|f| f["entity_id"] == id && f["entity"] == "dataset").cloned().collect()
}

/// The configured size limit refuses a larger file with 413 while reading it; nothing is stored.
async fn size_limit(backend: support::Backend) {
    let config = simpul_web::WebConfig { login_attempts_per_minute: 10_000, max_dataset_upload_bytes: 200, ..Default::default() };
    let app = App::spawn_with(backend, config, true).await;
    let admin = app.login("admin").await;
    let d = create(&admin, dataset("UJI-BESAR", app.agency_id("DINKES").await, "terbuka", &[])).await;
    let big = format!("kecamatan;jenis;jumlah\n{}", "Teluk Sirih;a;1\n".repeat(40));
    let (s, b) = upload(&admin, id(&d), "besar.csv", big.as_bytes()).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")), "{b}");
    let (_, versions) = admin.get(&format!("/api/v1/datasets/{}/versions", id(&d))).await;
    assert_eq!(versions, json!([]));
    let (s, _) = upload(&admin, id(&d), "kecil.csv", b"kecamatan;jenis;jumlah\nA;a;1\n").await;
    assert_eq!(s, StatusCode::CREATED);
    // The form says so in Bahasa Indonesia.
    let ui = app.ui_login("admin").await;
    let res = ui_upload(&ui, &format!("/data/{}/versi", id(&d)), "besar.csv", big.as_bytes()).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("Berkas terlalu besar"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_size_limit_sqlite() {
    size_limit(support::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_size_limit_postgres() {
    size_limit(support::Backend::Postgres).await;
}

// Who reads what: every read path, per class and per role.
both!(classification_on_every_read_path, |app: App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let mut ids = Vec::new();
    for (code, class, shared) in [("UJI-TERBUKA", "terbuka", vec![]), ("UJI-TERBATAS", "terbatas", vec![disdik]), ("UJI-RAHASIA", "rahasia", vec![])] {
        let d = create(&admin, dataset(code, dinkes, class, &shared)).await;
        let (s, v) = upload(&admin, id(&d), "data.csv", GOOD_CSV.as_bytes()).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["encrypted"], class == "rahasia");
        ids.push((class, id(&d)));
    }
    // Rahasia data is sealed at rest: neither the file nor the rows are in the clear.
    let (_, rid) = ids[2];
    let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM dataset_versions WHERE dataset_id = $1").bind(rid).fetch_one(app.store.pool()).await.unwrap();
    assert!(!content.windows(11).any(|w| w == b"Teluk Sirih"));
    let rows: Vec<String> = sqlx::query_scalar("SELECT r.data FROM dataset_rows r JOIN dataset_versions v ON v.id = r.version_id WHERE v.dataset_id = $1").bind(rid).fetch_all(app.store.pool()).await.unwrap();
    assert_eq!(rows.len(), 1, "three rows, one block");
    assert!(rows.iter().all(|r| !r.contains("Teluk")));
    // Sealed versions stay sealed: the class cannot be lifted (nor set) once versions exist.
    let (s, b) = admin.put(&format!("/api/v1/datasets/{rid}"), dataset("UJI-RAHASIA", dinkes, "terbuka", &[])).await;
    assert_eq!((s, fields(&b)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("confidentiality".to_string(), "sealed_versions".to_string())]));

    // owner agency, named agency, another agency, a Pemda-wide role, Diskominfo.
    let table: &[(&str, [bool; 3])] = &[
        ("operator.dinkes", [true, true, true]),
        ("walidata.dinkes", [true, true, true]),
        ("operator.disdik", [true, true, false]),
        ("tim.bappeda", [true, false, false]),
        ("auditor", [true, false, false]),
        ("sekda", [true, false, false]),
        ("admin", [true, true, true]),
    ];
    for (who, can) in table {
        let c = app.login(who).await;
        let (_, list) = c.get("/api/v1/datasets?q=UJI-&per_page=200").await;
        let listed: Vec<i64> = list["items"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
        for ((class, did), may) in ids.iter().zip(can) {
            assert_eq!(listed.contains(did), *may, "{who} lists {class}");
            let (_, by_class) = c.get(&format!("/api/v1/datasets?confidentiality={class}&q=UJI-")).await;
            assert_eq!(by_class["total"], i64::from(*may), "{who} counts {class}");
            for path in ["", "/versions", "/versions/1/rows", "/versions/1/export.csv", "/versions/1/export.json", "/versions/1/file", "/versions/1/verify"] {
                let (s, b) = c.get(&format!("/api/v1/datasets/{did}{path}")).await;
                let want = if *may { StatusCode::OK } else { StatusCode::NOT_FOUND };
                assert_eq!(s, want, "{who} GET {class}{path}: {b}");
                if !*may {
                    assert_eq!(b["error"]["code"], "not_found");
                }
            }
            // The UI pages follow the same rule.
            let ui = app.ui_login(who).await;
            let (s, html) = ui.page(&format!("/data/{did}")).await;
            assert_eq!(s == StatusCode::OK, *may, "{who} UI {class}");
            if *may {
                assert!(html.contains("Teluk Sirih"), "{who} sees the preview of {class}");
            }
            let (_, list_html) = ui.page("/data?q=UJI-").await;
            assert_eq!(list_html.contains(&format!("Data Uji UJI-{}", class.to_uppercase())), *may, "{who} UI list {class}");
        }
        // Nobody outside may write to what they cannot read either.
        if !*can.last().unwrap() {
            let (s, _) = upload(&c, rid, "x.csv", GOOD_CSV.as_bytes()).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{who}");
        }
    }
});

both!(stale_and_duplicate_findings_fire_and_clear, |app: App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    // The demo's schools dataset was last uploaded in mid-2024 (yearly): stale under Balikpapan Pasal 15 ayat (7).
    let (_, l) = admin.get(&format!("/api/v1/datasets?agency_id={disdik}&q=DISDIKBUD-SEKOLAH")).await;
    let sekolah = l["items"][0].clone();
    let f = findings(&admin, "dataset_stale", id(&sekolah)).await;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["article"], "Perwali Balikpapan 14/2022 Pasal 15 ayat (7)");
    // A new upload clears it.
    let csv = "kode_wilayah;jenjang;negeri;swasta\n64.75.01;SD;25;6\n";
    let (s, b) = upload(&app.login("operator.disdik").await, id(&sekolah), "sekolah-2025.csv", csv.as_bytes()).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(findings(&admin, "dataset_stale", id(&sekolah)).await.is_empty());
    // A declared last update long ago fires it; a current one clears it.
    let mut body = dataset("UJI-BASI", dinkes, "rahasia", &[]);
    body["last_updated_on"] = json!("2020-01-01");
    let d = create(&admin, body.clone()).await;
    assert_eq!(findings(&admin, "dataset_stale", id(&d)).await.len(), 1);
    // A rahasia dataset's finding is not shown to those who may not read it.
    assert!(findings(&app.login("auditor").await, "dataset_stale", id(&d)).await.is_empty());
    assert_eq!(findings(&app.login("operator.dinkes").await, "dataset_stale", id(&d)).await.len(), 1);
    body["last_updated_on"] = json!(simpul_web::local_today(simpul_domain::pemda::TimeZone::Wita).to_string());
    let (s, _) = admin.put(&format!("/api/v1/datasets/{}", id(&d)), body).await;
    assert_eq!(s, StatusCode::OK);
    assert!(findings(&admin, "dataset_stale", id(&d)).await.is_empty());

    // Duplicates: warned on registration whatever the regulation; a finding where the regulation bans them.
    let a = create(&admin, dataset("UJI-ASLI", dinkes, "terbuka", &[])).await;
    let mut twin = dataset("UJI-KEMBAR", disdik, "terbuka", &[]);
    twin["title"] = a["title"].clone();
    let t = create(&admin, twin.clone()).await;
    assert_eq!(t["duplicates"], json!([{"id": id(&a), "title": a["title"], "agency_name": "Dinas Kesehatan Kota Tanjung Selatan"}]));
    assert!(findings(&admin, "dataset_duplicate", id(&t)).await.is_empty(), "Balikpapan sets no duplicate ban");
    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    let f = findings(&admin, "dataset_duplicate", id(&t)).await;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["article"], "Perwali Banjarbaru 5/2018 Pasal 11 ayat (3)");
    assert_eq!(findings(&admin, "dataset_duplicate", id(&a)).await.len(), 1);
    twin["title"] = json!("Data Sekolah Berbeda");
    let (s, b) = admin.put(&format!("/api/v1/datasets/{}", id(&t)), twin.clone()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(findings(&admin, "dataset_duplicate", id(&t)).await.is_empty());
    assert!(findings(&admin, "dataset_duplicate", id(&a)).await.is_empty());
});

/// A browser's multipart form post: the CSRF token as a form field.
async fn ui_upload(c: &Client, path: &str, name: &str, file: &[u8]) -> reqwest::Response {
    let token = c.csrf.clone().unwrap_or_default();
    let parts: Vec<support::Part<'_>> = vec![("csrf_token", None, token.as_bytes()), ("file", Some((name, "text/csv")), file)];
    let (ct, body) = support::multipart(&parts);
    c.http.post(format!("{}{}", c.base, path)).header("content-type", ct).body(body).send().await.unwrap()
}

// A Diskominfo administrator, in the browser: registers a dataset (a
// refused form comes back with the fields marked), uploads a file with
// errors (the row report, nothing stored) and a good one, previews,
// filters, sees the chart, checks integrity and edits the dataset.
both!(ui_end_to_end_for_a_diskominfo_administrator, |app: App| async move {
    let admin = app.ui_login("admin").await;
    let dinkes = app.agency_id("DINKES").await.to_string();
    let (s, html) = admin.page("/data").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Katalog Data") && html.contains("href=\"/data/baru\"") && html.contains("Fasilitas Pelayanan Kesehatan"), "{html}");
    let (s, html) = admin.page("/data/baru").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<label for=\"f-columns\">") && html.contains("PD pemilik data"), "{html}");

    let mut form = vec![
        ("code", "DINKES-GIZI"),
        ("title", "Status Gizi Balita per Kecamatan"),
        ("agency_id", dinkes.as_str()),
        ("concept", "Status gizi balita"),
        ("definition", "Balita menurut status gizi hasil penimbangan."),
        ("topic", "kesehatan"),
        ("tags", "gizi, balita"),
        ("frequency", "tahunan"),
        ("region_codes", "64.75, 6475"),
        ("licence", "cc_by_4_0"),
        ("confidentiality", "terbatas"),
        ("shared_with", "BAPPEDA"),
        ("register_responsible", "Kepala Seksi Gizi"),
        ("columns", "kecamatan | Kecamatan | teks | wajib\nstatus | Status | kode | wajib | baik, kurang\njumlah | Jumlah | bulat | wajib\nbobot | Bobot | pecahan"),
    ];
    let res = admin.form("/data/baru", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-region_codes\"") && html.contains("6475"), "{html}");
    assert!(html.contains("id=\"e-columns\"") && html.contains("Baris kolom ke-4"), "{html}");
    assert!(html.contains("Status Gizi Balita per Kecamatan"), "the form keeps what was typed");
    form[8] = ("region_codes", "64.75");
    form[13] = ("columns", "kecamatan | Kecamatan | teks | wajib\nstatus | Status | kode | wajib | baik, kurang\njumlah | Jumlah | bulat | wajib");
    let res = admin.form("/data/baru", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/data/") && to.ends_with("?ok=dibuat"), "{to}");
    let id: i64 = to.trim_start_matches("/data/").split('?').next().unwrap().parse().unwrap();
    let (_, html) = admin.page(&to).await;
    assert!(html.contains("Data berhasil disimpan.") && html.contains("Badan Perencanaan") && html.contains("Belum ada versi"), "{html}");

    // A file with errors: the report row by row, nothing stored.
    let res = ui_upload(&admin, &format!("/data/{id}/versi"), "gizi.csv", b"kecamatan;status;jumlah\nTeluk Sirih;buruk;12\n;baik;x\n").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Berkas ditolak: 3 kesalahan") && html.contains("rows[2].status") && html.contains("rows[3].jumlah"), "{html}");
    let (_, versions) = app.login("admin").await.get(&format!("/api/v1/datasets/{id}/versions")).await;
    assert_eq!(versions, json!([]));
    // A good one.
    let res = ui_upload(&admin, &format!("/data/{id}/versi"), "gizi.csv", b"kecamatan;status;jumlah\nTeluk Sirih;baik;120\nTeluk Sirih;kurang;14\nSungai Ilir;baik;98\n").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("/data/{id}?versi=1&ok=versi"));
    let (_, html) = admin.page(&to).await;
    assert!(html.contains("Versi baru berhasil diunggah") && html.contains("data-chart=\"dataset\"") && html.contains("<td>Sungai Ilir</td>"), "{html}");
    assert!(html.contains(&format!("/api/v1/datasets/{id}/versions/1/export.csv")), "download links");
    let (_, html) = admin.page(&format!("/data/{id}?versi=1&kolom=status&nilai=kurang")).await;
    assert!(html.contains("<td>14</td>") && !html.contains("<td>120</td>"), "{html}");
    let (_, html) = admin.page(&format!("/data/{id}?versi=1&urut=jumlah&turun=1")).await;
    let (a, b) = (html.find("<td>120</td>").unwrap(), html.find("<td>98</td>").unwrap());
    assert!(a < b, "sorted descending");
    let (_, html) = admin.page(&format!("/data/{id}?versi=1&periksa=1")).await;
    assert!(html.contains("<strong>Utuh.</strong>"), "{html}");

    // Edit: the form is filled from the dataset and saves.
    let (_, html) = admin.page(&format!("/data/{id}/ubah")).await;
    assert!(html.contains("value=\"DINKES-GIZI\"") && html.contains("BAPPEDA") && html.contains("status | Status | code | wajib | baik, kurang"), "{html}");
    form[1] = ("title", "Status Gizi Balita");
    let res = admin.form(&format!("/data/{id}/ubah"), &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, d) = app.login("admin").await.get(&format!("/api/v1/datasets/{id}")).await;
    assert_eq!((d["title"].as_str(), d["confidentiality"].as_str(), d["latest_version"].as_i64()), (Some("Status Gizi Balita"), Some("terbatas"), Some(1)));

    // Others read the open catalogue but get no forms.
    let op = app.ui_login("operator.disdik").await;
    let (s, _) = op.page(&format!("/data/{id}/ubah")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "terbatas for BAPPEDA only");
    let (_, html) = app.ui_login("auditor").await.page("/data").await;
    assert!(!html.contains("href=\"/data/baru\""));
});

/// A minimal .xlsx workbook (one sheet; strings inline, numbers as numbers).
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let ns = "http://schemas.openxmlformats.org";
    let mut sheet = format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>"#);
    for (r, cells) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in cells.iter().enumerate() {
            let at = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            if !v.is_empty() && v.parse::<f64>().is_ok() {
                sheet.push_str(&format!(r#"<c r="{at}"><v>{v}</v></c>"#));
            } else {
                sheet.push_str(&format!(r#"<c r="{at}" t="inlineStr"><is><t>{v}</t></is></c>"#));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        ("[Content_Types].xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#)),
        ("_rels/.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#)),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        w.start_file(name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

both!(xlsx_uploads_are_checked_like_csv, |app: App| async move {
    let admin = app.login("admin").await;
    let d = create(&admin, dataset("UJI-XLSX", app.agency_id("DINKES").await, "terbuka", &[])).await;
    let bad = xlsx(&[&["Kecamatan", "Jenis", "Jumlah", "Rasio"], &["Teluk Sirih", "a", "1250", "12.5"], &["Sungai Ilir", "z", "dua", ""]]);
    let (s, b) = d_upload(&admin, id(&d), "data.xlsx", &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(fields(&b), vec![("rows[3].jenis".to_string(), "invalid_code".to_string()), ("rows[3].jumlah".to_string(), "invalid_integer".to_string())]);
    let good = xlsx(&[&["Kecamatan", "Jenis", "Jumlah", "Rasio"], &["Teluk Sirih", "a", "1250", "12.5"], &["Sungai Ilir", "b", "300", ""]]);
    let (s, v) = d_upload(&admin, id(&d), "data.xlsx", &good).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!((v["format"].as_str(), v["row_count"].as_i64()), (Some("xlsx"), Some(2)));
    let (_, rows) = admin.get(&format!("/api/v1/datasets/{}/versions/1/export.json", id(&d))).await;
    assert_eq!(rows, json!([{"kecamatan": "Teluk Sirih", "jenis": "a", "jumlah": 1250, "rasio": 12.5, "tanggal": null}, {"kecamatan": "Sungai Ilir", "jenis": "b", "jumlah": 300, "rasio": null, "tanggal": null}]));
    let res = admin.http.get(app.url(&format!("/api/v1/datasets/{}/versions/1/file", id(&d)))).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(res.bytes().await.unwrap().as_ref(), good.as_slice());
});

async fn d_upload(c: &Client, id: i64, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
    c.upload(&format!("/api/v1/datasets/{id}/versions"), &[("file", Some((name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), bytes)]).await
}

// A form upload larger than the attachment store's 10 MiB passes the CSRF
// check (the dataset limit applies there too) and is stored.
both!(ui_uploads_beyond_ten_mebibytes, |app: App| async move {
    let admin = app.ui_login("admin").await;
    let d = create(&app.login("admin").await, dataset("UJI-BESAR-UI", app.agency_id("DINKES").await, "terbuka", &[])).await;
    let big = format!("kecamatan;jenis;jumlah\nKecamatan {};a;1\n", "x".repeat(11 * 1024 * 1024));
    let res = ui_upload(&admin, &format!("/data/{}/versi", id(&d)), "besar.csv", big.as_bytes()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap_or_default().chars().take(400).collect::<String>());
    let (_, v) = app.login("admin").await.get(&format!("/api/v1/datasets/{}/versions", id(&d))).await;
    assert_eq!(v[0]["size"].as_i64(), Some(big.len() as i64));
});
