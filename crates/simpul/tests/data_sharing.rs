//! Data sharing between agencies by request and approval (Perwali
//! Banjarbaru 5/2018 Pasal 11–12, 18), over HTTP on both databases: the
//! journey request → recommendation → approval → grantee reads (rows,
//! export, file) → read log → revoke → reads denied; the signed statement's
//! digest; the reject path; wrong roles refused at each step; expiry; a
//! token scoped to a grant; an overdue request as a finding.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{App, Client};

const CSV: &str = "kecamatan;jumlah\r\nTeluk Sirih;120\r\nSungai Ilir;75\r\nBukit Meranti;9\r\n";

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

fn code(b: &Value) -> &str {
    b["error"]["code"].as_str().unwrap_or("")
}

/// A DINKES dataset of the given class with one uploaded version.
async fn dataset(app: &App, admin: &Client, code: &str, class: &str) -> i64 {
    let dinkes = app.agency_id("DINKES").await;
    // A terbatas dataset names a reader other than the requester.
    let shared: Vec<i64> = if class == "terbatas" { vec![app.agency_id("BAPPEDA").await] } else { vec![] };
    let body = json!({
        "code": code, "title": format!("Data Uji {code}"), "agency_id": dinkes, "concept": format!("Konsep {code}"), "definition": "Definisi uji.",
        "topic": "kesehatan", "frequency": "tahunan", "licence": "cc_by_4_0", "confidentiality": class, "shared_with": shared, "register_responsible": "Kepala Seksi Data",
        "columns": [{"name": "kecamatan", "label": "Kecamatan", "kind": "text", "required": true}, {"name": "jumlah", "label": "Jumlah", "kind": "integer", "required": true}]
    });
    let (s, d) = admin.post("/api/v1/datasets", body).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (s, v) = admin.upload(&format!("/api/v1/datasets/{}/versions", id(&d)), &[("file", Some(("data.csv", "text/csv")), CSV.as_bytes())]).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    id(&d)
}

async fn today(app: &App) -> time::Date {
    let p = app.store.profile().await.unwrap().unwrap();
    simpul_web::local_today(p.timezone)
}

async fn request_body(app: &App, codes: &[&str]) -> Value {
    let t = today(app).await;
    json!({
        "requester_agency_id": app.agency_id("DISDIKBUD").await, "dataset_codes": codes,
        "responsible_person": "Drs. Hendra, Kepala Bidang Perencanaan", "work_unit": "Bidang Perencanaan dan Data",
        "purpose": "Menyusun peta sebaran siswa dan fasilitas kesehatan.", "intended_use": "Perencanaan program UKS tahun depan.",
        "data_kind_form": "Data tabular per kecamatan, CSV.", "period_from": t.to_string(), "period_until": (t + time::Duration::days(90)).to_string(),
        "statement_agreed": true
    })
}

async fn file(c: &Client, body: Value) -> Value {
    let (s, r) = c.post("/api/v1/data-requests", body).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    r
}

async fn sql(app: &App, q: &str) {
    sqlx::query(sqlx::AssertSqlSafe(q.to_string())).execute(app.store.pool()).await.unwrap();
}

both!(request_recommend_approve_read_log_revoke, |app: App| async move {
    let admin = app.login("admin").await;
    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    let ds = dataset(&app, &admin, "UJI-BAGI-RAHASIA", "rahasia").await;
    let kadisdik = app.login("kadisdik").await;
    let op_disdik = app.login("operator.disdik").await;
    let walidata = app.login("walidata.dinkes").await;
    let sekda = app.login("sekda").await;
    let (s, _) = kadisdik.get(&format!("/api/v1/datasets/{ds}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "rahasia: not even its metadata");

    // Filing: the head (or Walidata) of the requesting agency, with the statement agreed.
    let body = request_body(&app, &["UJI-BAGI-RAHASIA"]).await;
    let (s, b) = op_disdik.post("/api/v1/data-requests", body.clone()).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "forbidden"), "an operator does not sign for the agency");
    let mut unsigned = body.clone();
    unsigned["statement_agreed"] = json!(false);
    unsigned["work_unit"] = json!(" ");
    let (s, b) = kadisdik.post("/api/v1/data-requests", unsigned).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let fields: Vec<&str> = b["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"statement_agreed") && fields.contains(&"work_unit"), "{b}");
    let mut unknown = body.clone();
    unknown["dataset_codes"] = json!(["TIDAK-ADA"]);
    let (s, b) = kadisdik.post("/api/v1/data-requests", unknown).await;
    assert_eq!((s, b["error"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("dataset_codes[0]")), "{b}");
    let r = file(&kadisdik, body.clone()).await;
    let rid = id(&r);
    assert_eq!((r["status"].as_str(), r["owner_agency_id"].as_i64()), (Some("diajukan"), Some(app.agency_id("DINKES").await)));
    assert_eq!(r["datasets"][0]["id"].as_i64(), Some(ds));
    assert_eq!(r["statement_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(r["statement_intact"], json!(true));
    assert!(r["statement_text"].as_str().unwrap().contains("tidak menyalahgunakannya"), "{r}");
    assert!(r["signed_by"].as_str().unwrap().contains("kadisdik"));
    assert_eq!(r["due_on"].as_str(), Some((today(&app).await + time::Duration::days(14)).to_string().as_str()));
    let (s, b) = kadisdik.post("/api/v1/data-requests", body.clone()).await;
    assert_eq!((s, code(&b)), (StatusCode::CONFLICT, "conflict"), "one open request per dataset: {b}");
    // The statement's digest is in the audit trail with the request.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=data_request&entity_id={rid}")).await;
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["after"]["statement_sha256"] == r["statement_sha256"]), "{audit}");

    // Wrong roles at each step; Banjarbaru Pasal 12 ayat (3): no decision before the recommendation.
    let (s, b) = sekda.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": true})).await;
    assert_eq!((s, code(&b)), (StatusCode::CONFLICT, "conflict"), "{b}");
    for who in ["kadisdik", "walidata.diskominfo", "operator.dinkes", "sekda"] {
        let (s, b) = app.login(who).await.post(&format!("/api/v1/data-requests/{rid}/recommendation"), json!({"recommend": true})).await;
        assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "forbidden"), "{who} recommends: {b}");
    }
    let (s, b) = walidata.post(&format!("/api/v1/data-requests/{rid}/recommendation"), json!({"recommend": true, "note": "Data tersedia dan relevan."})).await;
    assert_eq!((s, b["status"].as_str(), b["recommended"].as_bool()), (StatusCode::OK, Some("direkomendasikan"), Some(true)), "{b}");
    for who in ["kadisdik", "walidata.dinkes", "kadinkes", "walikota"] {
        let (s, b) = app.login(who).await.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": true})).await;
        assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "forbidden"), "{who} decides: {b}");
    }
    let (s, b) = app.login("auditor").await.get(&format!("/api/v1/data-requests/{rid}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an uninvolved user does not read the request: {b}");
    let (s, r) = sekda.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": true, "reason": "Sesuai rekomendasi Walidata."})).await;
    assert_eq!((s, r["status"].as_str(), r["decider_role"].as_str()), (StatusCode::OK, Some("disetujui"), Some("sekretaris_daerah")), "{r}");
    let gid = r["grant_id"].as_i64().unwrap();
    let (_, g) = kadisdik.get(&format!("/api/v1/data-grants/{gid}")).await;
    assert_eq!((g["state"].as_str(), g["datasets"][0]["id"].as_i64()), (Some("aktif"), Some(ds)), "{g}");

    // The grantee agency reads, read-only, through every path.
    let (s, _) = kadisdik.get(&format!("/api/v1/datasets/{ds}")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, rows) = op_disdik.get(&format!("/api/v1/datasets/{ds}/versions/1/rows")).await;
    assert_eq!((s, rows["total"].as_i64()), (StatusCode::OK, Some(3)), "{rows}");
    let (s, csv) = kadisdik.get(&format!("/api/v1/datasets/{ds}/versions/1/export.csv")).await;
    assert!(s == StatusCode::OK && csv.as_str().unwrap().contains("Teluk Sirih"), "{csv}");
    let (s, f) = kadisdik.get(&format!("/api/v1/datasets/{ds}/versions/1/file")).await;
    assert_eq!((s, f.as_str()), (StatusCode::OK, Some(CSV)));
    let (_, list) = kadisdik.get("/api/v1/datasets?confidentiality=rahasia").await;
    assert!(list["items"].as_array().unwrap().iter().any(|d| id(d) == ds), "the catalogue lists the granted dataset: {list}");
    let (s, page) = app.ui_login("kadisdik").await.page(&format!("/data/{ds}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!page.contains("/versi\""), "no upload form for the grantee");
    let (s, b) = op_disdik.upload(&format!("/api/v1/datasets/{ds}/versions"), &[("file", Some(("data.csv", "text/csv")), CSV.as_bytes())]).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "forbidden"), "grantees never upload");
    let (_, meta) = admin.get(&format!("/api/v1/datasets/{ds}")).await;
    let (s, _) = kadisdik.put(&format!("/api/v1/datasets/{ds}"), meta).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "grantees never edit");

    // Every read is in the log the owner and Diskominfo see.
    let (s, log) = walidata.get(&format!("/api/v1/data-grants/{gid}/reads?per_page=100")).await;
    assert_eq!(s, StatusCode::OK, "{log}");
    let items = log["items"].as_array().unwrap();
    let whats: std::collections::BTreeSet<&str> = items.iter().map(|e| e["what"].as_str().unwrap()).collect();
    for w in ["metadata", "baris", "ekspor_csv", "berkas", "halaman"] {
        assert!(whats.contains(w), "{w} missing from {whats:?}");
    }
    let rows_read = items.iter().find(|e| e["what"] == "baris").unwrap();
    assert_eq!((rows_read["actor"].as_str(), rows_read["agency_id"].as_i64(), rows_read["version_no"].as_i64(), rows_read["via"].as_str()), (Some("operator.disdik"), Some(app.agency_id("DISDIKBUD").await), Some(1), Some("sesi")));
    assert!(rows_read["ip"].is_string() && rows_read["at"].as_i64().unwrap() > 0);
    let (s, _) = kadisdik.get(&format!("/api/v1/data-grants/{gid}/reads")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the grantee does not read the owner's log");
    let (_, all) = admin.get(&format!("/api/v1/data-reads?dataset_id={ds}")).await;
    assert_eq!(all["total"].as_i64(), log["total"].as_i64());
    let (s, _) = walidata.get(&format!("/api/v1/data-reads?owner_agency_id={}", app.agency_id("DINKES").await)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = walidata.get("/api/v1/data-reads").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "everything: Diskominfo only");
    let (_, own) = app.login("kadinkes").await.get(&format!("/api/v1/datasets/{ds}")).await;
    assert_eq!(own["id"].as_i64(), Some(ds));
    let (_, after) = walidata.get(&format!("/api/v1/data-grants/{gid}/reads")).await;
    assert_eq!(after["total"], log["total"], "the owner's own reads are not grantee reads");

    // The owner revokes with a reason; reads stop at once.
    let kadinkes = app.login("kadinkes").await;
    let (s, b) = kadisdik.post(&format!("/api/v1/data-grants/{gid}/revoke"), json!({"reason": "Selesai."})).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "forbidden"));
    let (s, b) = kadinkes.post(&format!("/api/v1/data-grants/{gid}/revoke"), json!({"reason": " "})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, g) = kadinkes.post(&format!("/api/v1/data-grants/{gid}/revoke"), json!({"reason": "Kegiatan perencanaan dibatalkan."})).await;
    assert_eq!((s, g["state"].as_str()), (StatusCode::OK, Some("dicabut")), "{g}");
    for path in [format!("/api/v1/datasets/{ds}"), format!("/api/v1/datasets/{ds}/versions/1/rows"), format!("/api/v1/datasets/{ds}/versions/1/file")] {
        let (s, _) = kadisdik.get(&path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path} after revocation");
    }
    let (_, list) = kadisdik.get("/api/v1/datasets?confidentiality=rahasia").await;
    assert!(!list["items"].as_array().unwrap().iter().any(|d| id(d) == ds));

    // A change to what was signed shows.
    sql(&app, &format!("UPDATE data_requests SET purpose = 'Keperluan lain' WHERE id = {rid}")).await;
    let (_, r) = kadisdik.get(&format!("/api/v1/data-requests/{rid}")).await;
    assert_eq!(r["statement_intact"], json!(false));
});

both!(reject_expiry_scoped_token_and_overdue_finding, |app: App| async move {
    let admin = app.login("admin").await;
    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    let ds = dataset(&app, &admin, "UJI-BAGI-TERBATAS", "terbatas").await;
    let other = dataset(&app, &admin, "UJI-BAGI-LAIN", "terbuka").await;
    let kadisdik = app.login("kadisdik").await;
    let walidata = app.login("walidata.dinkes").await;
    let sekda = app.login("sekda").await;

    // Reject: a reason is required.
    let r = file(&kadisdik, request_body(&app, &["UJI-BAGI-TERBATAS"]).await).await;
    let rid = id(&r);
    let (s, _) = walidata.post(&format!("/api/v1/data-requests/{rid}/recommendation"), json!({"recommend": false})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "advising against needs a note");
    let (s, _) = walidata.post(&format!("/api/v1/data-requests/{rid}/recommendation"), json!({"recommend": false, "note": "Data memuat identitas."})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = sekda.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": false})).await;
    assert_eq!((s, b["error"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")), "{b}");
    let (s, r) = sekda.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": false, "reason": "Tidak sesuai kewenangan."})).await;
    assert_eq!((s, r["status"].as_str(), r["grant_id"].clone()), (StatusCode::OK, Some("ditolak"), Value::Null), "{r}");
    let (s, b) = sekda.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": true})).await;
    assert_eq!((s, code(&b)), (StatusCode::CONFLICT, "conflict"));
    let (s, _) = kadisdik.get(&format!("/api/v1/datasets/{ds}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "rejected: no access");
    let (_, mine) = kadisdik.get(&format!("/api/v1/data-requests?requester_agency_id={}&owner_agency_id={}&status=ditolak", app.agency_id("DISDIKBUD").await, app.agency_id("DINKES").await)).await;
    assert_eq!(mine["total"].as_i64(), Some(1), "{mine}");

    // Approved again, then a token scoped to the grant.
    let r = file(&kadisdik, request_body(&app, &["UJI-BAGI-TERBATAS"]).await).await;
    let rid = id(&r);
    walidata.post(&format!("/api/v1/data-requests/{rid}/recommendation"), json!({"recommend": true})).await;
    let (_, r) = sekda.post(&format!("/api/v1/data-requests/{rid}/decision"), json!({"approve": true})).await;
    let gid = r["grant_id"].as_i64().unwrap();
    let (s, _) = app.login("operator.dinkes").await.post(&format!("/api/v1/data-grants/{gid}/tokens"), json!({"name": "bukan penerima"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "only the grantee agency");
    let (s, t) = app.login("operator.disdik").await.post(&format!("/api/v1/data-grants/{gid}/tokens"), json!({"name": "sinkronisasi UKS"})).await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert!(t["info"]["expires_at"].as_i64().is_some(), "expires with the grant at the latest");
    let tok = Client { http: reqwest::Client::new(), base: app.url(""), csrf: None, bearer: t["token"].as_str().map(str::to_string) };
    let (s, rows) = tok.get(&format!("/api/v1/datasets/{ds}/versions/1/rows")).await;
    assert_eq!((s, rows["total"].as_i64()), (StatusCode::OK, Some(3)), "{rows}");
    for path in [format!("/api/v1/datasets/{other}"), "/api/v1/datasets".to_string(), "/api/v1/agencies".to_string(), "/api/v1/data-requests".to_string(), format!("/data/{ds}")] {
        let (s, b) = tok.get(&path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}: {b}");
    }
    let (s, _) = tok.post("/api/v1/data-requests", request_body(&app, &["UJI-BAGI-LAIN"]).await).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "no writes");
    let (_, log) = walidata.get(&format!("/api/v1/data-grants/{gid}/reads")).await;
    assert!(log["items"].as_array().unwrap().iter().any(|e| e["via"] == "token_hibah" && e["what"] == "baris"), "{log}");

    // Expiry: a grant past its last day denies, through the session and the token.
    sql(&app, &format!("UPDATE data_grants SET ends_at = {} WHERE id = {gid}", simpul_domain::now_millis() - 1000)).await;
    let (_, g) = kadisdik.get(&format!("/api/v1/data-grants/{gid}")).await;
    assert_eq!(g["state"].as_str(), Some("kedaluwarsa"));
    let (s, _) = kadisdik.get(&format!("/api/v1/datasets/{ds}/versions/1/rows")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = tok.get(&format!("/api/v1/datasets/{ds}/versions/1/rows")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // An unanswered request past its deadline is a finding on the owner.
    let r = file(&kadisdik, request_body(&app, &["UJI-BAGI-LAIN"]).await).await;
    let (_, f) = admin.get("/api/v1/findings?check=data_request_unanswered").await;
    assert!(!f["items"].as_array().unwrap().iter().any(|x| x["entity_id"] == r["id"]), "not due yet: {f}");
    sql(&app, &format!("UPDATE data_requests SET due_on = '2020-01-01' WHERE id = {}", id(&r))).await;
    let (_, f) = admin.get("/api/v1/findings?check=data_request_unanswered").await;
    let hit = f["items"].as_array().unwrap().iter().find(|x| x["entity_id"] == r["id"]).unwrap_or_else(|| panic!("{f}"));
    assert_eq!((hit["entity"].as_str(), hit["agency_id"].as_i64()), (Some("data_request"), Some(app.agency_id("DINKES").await)));
    assert_eq!(hit["article"].as_str(), Some("Perwali Banjarbaru 5/2018 Pasal 11 ayat (1) dan Pasal 18 ayat (1)"));
    let (_, r) = kadisdik.get(&format!("/api/v1/data-requests/{}", id(&r))).await;
    assert_eq!(r["overdue"], json!(true));
    // Answering clears it.
    walidata.post(&format!("/api/v1/data-requests/{}/recommendation", id(&r)), json!({"recommend": true})).await;
    sekda.post(&format!("/api/v1/data-requests/{}/decision", id(&r)), json!({"approve": true})).await;
    let (_, f) = admin.get("/api/v1/findings?check=data_request_unanswered").await;
    assert!(!f["items"].as_array().unwrap().iter().any(|x| x["entity_id"] == r["id"]), "{f}");
});

both!(demo_requests_in_every_state, |app: App| async move {
    let admin = app.login("admin").await;
    let (_, all) = admin.get("/api/v1/data-requests?per_page=100").await;
    let statuses: std::collections::BTreeSet<&str> = all["items"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), vec!["diajukan", "direkomendasikan", "disetujui", "ditolak"]);
    assert!(all["items"].as_array().unwrap().iter().all(|r| r["statement_intact"] == json!(true)));
    let (_, f) = admin.get("/api/v1/findings?check=data_request_unanswered").await;
    assert_eq!(f["total"].as_i64(), Some(1), "the demo's overdue request: {f}");
    assert_eq!(f["items"][0]["article"].as_str(), Some("Perwali Balikpapan 14/2022 Pasal 15 ayat (4)"));
    let (_, g) = admin.get("/api/v1/data-grants?active=true").await;
    assert_eq!(g["total"].as_i64(), Some(1), "{g}");
    // BAPPEDA reads DINKES data through its grant; the read is logged.
    let (s, _) = app.login("tim.bappeda").await.get(&format!("/api/v1/datasets/{}", g["items"][0]["datasets"][0]["id"])).await;
    assert_eq!(s, StatusCode::OK);
    let (_, log) = admin.get(&format!("/api/v1/data-grants/{}/reads", g["items"][0]["id"])).await;
    assert_eq!(log["total"].as_i64(), Some(1));
});

both!(the_journey_through_the_pages, |app: App| async move {
    let admin = app.login("admin").await;
    admin.set_regulation("perwali_banjarbaru_5_2018").await;
    let ds = dataset(&app, &admin, "UJI-BAGI-HALAMAN", "rahasia").await;
    let faskes = app.store.all_datasets(&Default::default(), &simpul_domain::datasets::Visibility::All).await.unwrap().into_iter().find(|d| d.code == "DINKES-FASKES").unwrap();
    let kadisdik = app.ui_login("kadisdik").await;
    let (_, page) = kadisdik.page(&format!("/data/{}", faskes.id)).await;
    assert!(page.contains(&format!("/data/permohonan/baru?dataset={}", faskes.id)), "the dataset page links to the request form");
    let (s, form) = kadisdik.page(&format!("/data/permohonan/baru?dataset={}", faskes.id)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("tidak menyalahgunakannya") && form.contains("Pasal 12 ayat (3)"), "the statement and the approver's article are shown");
    assert!(form.contains(&format!("value=\"{}\" checked", faskes.id)));
    let t = today(&app).await;
    let (from, until) = (t.to_string(), (t + time::Duration::days(30)).to_string());
    let disdik = app.agency_id("DISDIKBUD").await.to_string();
    let mut fields = vec![
        ("requester_agency_id", disdik.as_str()), ("dataset_codes", "UJI-BAGI-HALAMAN"), ("responsible_person", "Kabid Perencanaan"), ("work_unit", "Bidang Perencanaan"),
        ("purpose", "Perencanaan."), ("intended_use", "Analisis."), ("data_kind_form", "CSV."), ("period_from", from.as_str()), ("period_until", until.as_str()),
    ];
    let res = kadisdik.form("/data/permohonan/baru", &fields).await;
    assert_eq!(res.status(), StatusCode::OK, "unsigned: the form again");
    let html = res.text().await.unwrap();
    assert!(html.contains("field-error") && html.contains("Surat pernyataan menjaga kerahasiaan"), "the error is next to the statement");
    fields.push(("statement_agreed", "ya"));
    let res = kadisdik.form("/data/permohonan/baru", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let rid: i64 = to.trim_start_matches("/data/permohonan/").split('?').next().unwrap().parse().unwrap();
    let (_, html) = kadisdik.page(&to).await;
    assert!(html.contains("Menunggu rekomendasi") && html.contains("<strong>utuh</strong>"), "{html}");
    assert!(!html.contains("/rekomendasi\"") && !html.contains("/keputusan\""), "the requester has no buttons");

    let walidata = app.ui_login("walidata.dinkes").await;
    let (_, list) = walidata.page("/data/permohonan?arah=masuk").await;
    assert!(list.contains(&format!("/data/permohonan/{rid}\"")), "incoming for the owner");
    let res = walidata.form(&format!("/data/permohonan/{rid}/rekomendasi"), &[("pilihan", "ya"), ("catatan", "Tersedia.")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sekda = app.ui_login("sekda").await;
    let res = sekda.form(&format!("/data/permohonan/{rid}/keputusan"), &[("pilihan", "tidak"), ("catatan", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Alasan penolakan wajib diisi."));
    let res = sekda.form(&format!("/data/permohonan/{rid}/keputusan"), &[("pilihan", "ya"), ("catatan", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let r = app.store.data_request(rid).await.unwrap();
    let gid = r.grant_id.unwrap();

    // The requester sees the data; the owner sees the read in the log and revokes.
    let (s, page) = kadisdik.page(&format!("/data/{ds}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Teluk Sirih"), "the preview shows the rows");
    let kadinkes = app.ui_login("kadinkes").await;
    let (_, g) = kadinkes.page(&format!("/data/hak-akses/{gid}")).await;
    assert!(g.contains("Log pembacaan (1)") && g.contains("kadisdik") && g.contains("halaman"), "{g}");
    let (_, g) = kadisdik.page(&format!("/data/hak-akses/{gid}")).await;
    assert!(!g.contains("Log pembacaan (") && g.contains("Buat token"), "the grantee makes tokens but does not read the owner's log");
    let (s, all) = kadinkes.page("/data/log-pembacaan").await;
    assert!(s == StatusCode::OK && all.contains("UJI-BAGI-HALAMAN") && all.contains("kadisdik"), "the owner's whole read log");
    let (s, _) = kadisdik.page(&format!("/data/log-pembacaan?agency_id={}", app.agency_id("DINKES").await)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "not another agency's log");
    let res = kadinkes.form(&format!("/data/hak-akses/{gid}/cabut"), &[("reason", "Selesai.")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (s, _) = kadisdik.page(&format!("/data/{ds}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});
