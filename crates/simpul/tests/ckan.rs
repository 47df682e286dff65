//! The CKAN-compatible Action API (issue 4 part 5) on both databases: the
//! real `ckanapi` Python client (tests/ckan/test_ckanapi.py, installed by
//! scripts/install-test-deps.sh) calls every action against a catalogue
//! holding datasets of every class and publication state, with versions;
//! plain HTTP checks the envelope, both URL prefixes, GET and POST, stable
//! paging by `id asc`, and that these routes — outside `/api/v1` and its
//! OpenAPI document, so outside the authz walk — are open to anonymous
//! callers and never show anything that is not public, whoever asks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use simpul_domain::audit::Actor;
use simpul_domain::ckan::{ckan_id, Kind};
use simpul_domain::datasets::Publication;
use support::{App, Client};

fn dataset(code: &str, agency_id: i64, class: &str, shared_with: &[i64], topic: &str, tags: &[&str], licence: &str) -> Value {
    json!({
        "code": code, "title": format!("Data {code}"), "description": format!("Uraian {code}."), "agency_id": agency_id,
        "concept": format!("Konsep {code}"), "definition": "Definisi uji.", "measure": "Jumlah", "unit": "Jiwa",
        "topic": topic, "tags": tags, "frequency": "tahunan", "region_codes": ["64.75"],
        "licence": licence, "confidentiality": class, "shared_with": shared_with,
        "register_responsible": "Kepala Seksi Data", "retention_years": 5,
        "columns": [
            {"name": "kecamatan", "label": "Kecamatan", "kind": "text", "required": true},
            {"name": "jumlah", "label": "Jumlah", "kind": "integer", "required": true},
            {"name": "rasio", "label": "Rasio", "kind": "decimal"}
        ]
    })
}

const CSV_V1: &str = "Kecamatan;Jumlah;Rasio\nTeluk Sirih;1.250;12,5\nSungai Ilir;300;0,75\n";
const CSV_V2: &str = "Kecamatan;Jumlah;Rasio\nTeluk Sirih;1.300;12,5\nSungai Ilir;310;0,75\nBukit Meranti;42;\nPantai Lestari;7;1,5\nTanjung Harapan;99;2\n";

struct Seeded {
    /// Everything the Python test checks against.
    expect: Value,
    public_names: BTreeSet<String>,
    hidden: Vec<(String, String)>,
}

async fn publish(app: &App, id: i64, p: Publication) {
    let mut w = app.store.begin_write(Actor::system("uji")).await.unwrap();
    let step = match p { Publication::Terbit => "verify", Publication::Diajukan => "submit", Publication::Draf => "withdraw" };
    app.store.set_publication(&mut w, id, p, Some("uji"), step).await.unwrap();
    w.commit().await.unwrap();
}

async fn create(admin: &Client, body: Value) -> i64 {
    let (s, d) = admin.post("/api/v1/datasets", body).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["id"].as_i64().unwrap()
}

async fn upload(c: &Client, id: i64, name: &str, csv: &str) {
    let (s, b) = c.upload(&format!("/api/v1/datasets/{id}/versions"), &[("file", Some((name, "text/csv")), csv.as_bytes())]).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
}

/// Datasets of every class and publication state, some with versions;
/// the expectations computed from the store, not written by hand.
async fn seed(app: &App) -> Seeded {
    let admin = app.login("admin").await;
    // The demo publishes some datasets; the searches below are written against this seed alone.
    for d in app.store.all_datasets(&Default::default(), &simpul_domain::datasets::Visibility::Public).await.unwrap() {
        publish(app, d.id, Publication::Draf).await;
    }
    let dinkes = app.agency_id("DINKES").await;
    let disdik = app.agency_id("DISDIKBUD").await;
    let pub_a = create(&admin, dataset("CK-FASKES", dinkes, "terbuka", &[], "kesehatan", &["faskes", "puskesmas"], "cc_by_4_0")).await;
    upload(&admin, pub_a, "faskes-2024.csv", CSV_V1).await;
    upload(&admin, pub_a, "faskes 2025.csv", CSV_V2).await;
    publish(app, pub_a, Publication::Terbit).await;
    let pub_b = create(&admin, dataset("CK-SEKOLAH", disdik, "terbuka", &[], "pendidikan", &["sekolah"], "cc0_1_0")).await;
    upload(&admin, pub_b, "sekolah.csv", CSV_V1).await;
    publish(app, pub_b, Publication::Terbit).await;
    for i in 0..9 {
        let (agency, topic) = if i % 2 == 0 { (dinkes, "kesehatan") } else { (disdik, "pendidikan") };
        let id = create(&admin, dataset(&format!("CK-MASSAL-{i}"), agency, "terbuka", &[], topic, &["massal"], "odbl_1_0")).await;
        publish(app, id, Publication::Terbit).await;
    }
    // Not public: terbuka but draf or diajukan; terbatas and rahasia even when marked terbit.
    let draf = create(&admin, dataset("CK-DRAF", dinkes, "terbuka", &[], "kesehatan", &["rahasiaku"], "cc_by_4_0")).await;
    upload(&admin, draf, "draf.csv", CSV_V1).await;
    let aju = create(&admin, dataset("CK-AJU", dinkes, "terbuka", &[], "kesehatan", &["rahasiaku"], "cc_by_4_0")).await;
    publish(app, aju, Publication::Diajukan).await;
    let tbt = create(&admin, dataset("CK-TERBATAS", dinkes, "terbatas", &[disdik], "kesehatan", &["rahasiaku"], "cc_by_4_0")).await;
    upload(&admin, tbt, "terbatas.csv", CSV_V1).await;
    publish(app, tbt, Publication::Terbit).await;
    let rhs = create(&admin, dataset("CK-RAHASIA", dinkes, "rahasia", &[], "kesehatan", &["rahasiaku"], "cc_by_4_0")).await;
    upload(&admin, rhs, "rahasia.csv", CSV_V1).await;
    publish(app, rhs, Publication::Terbit).await;
    // Withdrawn after publication: no longer public.
    let ditarik = create(&admin, dataset("CK-DITARIK", disdik, "terbuka", &[], "pendidikan", &["rahasiaku"], "cc_by_4_0")).await;
    publish(app, ditarik, Publication::Terbit).await;
    publish(app, ditarik, Publication::Draf).await;

    let ns = app.store.profile().await.unwrap().map(|p| p.region_code).unwrap_or_default();
    let all = app.store.all_datasets(&Default::default(), &simpul_domain::datasets::Visibility::All).await.unwrap();
    let mut public = serde_json::Map::new();
    let mut hidden = Vec::new();
    let mut hidden_json = serde_json::Map::new();
    for d in &all {
        let versions = app.store.dataset_versions(d.id).await.unwrap();
        let resources: Vec<String> = versions.iter().map(|v| ckan_id(&ns, Kind::Resource, v.id)).collect();
        let name = d.code.to_lowercase();
        let entry = json!({
            "id": ckan_id(&ns, Kind::Package, d.id), "title": d.title, "topic": d.topic, "tags": d.tags,
            "organization": app.store.agency(d.agency_id).await.unwrap().code.to_lowercase(),
            "licence": d.licence, "concept": d.concept, "page": format!("/data-terbuka/{}", d.id), "region_codes": d.region_codes.join(","), "resources": resources, "sha256": versions.iter().map(|v| v.sha256.clone()).collect::<Vec<_>>(),
            "rows": versions.first().map(|v| v.row_count),
        });
        if d.is_public() {
            public.insert(name, entry);
        } else {
            hidden.push((name.clone(), ckan_id(&ns, Kind::Package, d.id)));
            hidden_json.insert(name, entry);
        }
    }
    assert!(public.contains_key("ck-faskes") && hidden_json.contains_key("ck-rahasia") && hidden_json.contains_key("ck-ditarik"));
    let public_names = public.keys().cloned().collect();
    Seeded { expect: json!({"public": public, "hidden": hidden_json, "namespace": ns}), public_names, hidden }
}

fn venv_python() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let py = root.join("tests/ckan/.venv/bin/python3");
    assert!(py.exists(), "{} missing: run scripts/install-test-deps.sh (it installs the ckanapi client into tests/ckan/.venv)", py.display());
    py
}

async fn run_ckanapi(app: &App, expect: &Value) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let file = app.dir.path().join("expect.json");
    std::fs::write(&file, serde_json::to_vec_pretty(expect).unwrap()).unwrap();
    let out = tokio::process::Command::new(venv_python()).arg(root.join("tests/ckan/test_ckanapi.py")).arg(&app.base).arg(&file).output().await.unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "ckanapi test failed:\n{text}");
    assert!(text.contains("ckanapi: all checks passed"), "{text}");
}

async fn call(c: &Client, method: Method, prefix: &str, action: &str, params: Value) -> (StatusCode, Value) {
    match method {
        Method::GET => {
            let qs: Vec<(String, String)> = params.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect();
            let url = reqwest::Url::parse_with_params(&format!("http://x{prefix}{action}"), &qs).unwrap();
            c.get(&format!("{}?{}", url.path(), url.query().unwrap_or(""))).await
        }
        m => c.send(m, &format!("{prefix}{action}"), Some(params)).await,
    }
}

fn names(v: &Value) -> Vec<String> {
    v["result"]["results"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect()
}

both!(ckanapi_client_reads_the_public_catalogue, |app: App| async move {
    let seeded = seed(&app).await;
    run_ckanapi(&app, &seeded.expect).await;
});

both!(envelope_prefixes_paging_and_nothing_hidden, |app: App| async move {
    let seeded = seed(&app).await;
    let anon = app.anon();
    let total = seeded.public_names.len();

    // Both prefixes, GET and POST, the same answer in CKAN's envelope.
    let mut seen = Vec::new();
    for prefix in ["/api/3/action/", "/api/action/"] {
        for m in [Method::GET, Method::POST] {
            let (s, b) = call(&anon, m.clone(), prefix, "package_search", json!({"q": "faskes", "rows": "5"})).await;
            assert_eq!(s, StatusCode::OK, "{prefix} {m}: {b}");
            assert_eq!(b["success"], true);
            assert!(b["help"].as_str().unwrap().ends_with("/api/3/action/help_show?name=package_search"), "{b}");
            assert_eq!(names(&b)[0], "ck-faskes", "{b}");
            seen.push(b["result"]["count"].clone());
        }
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
    let (s, b) = anon.get("/api/3").await;
    assert_eq!((s, b), (StatusCode::OK, json!({"version": 3})));

    // Stable paging by id asc: every public package exactly once, in id order.
    let mut paged = Vec::new();
    let mut ids = Vec::new();
    for start in (0..total + 4).step_by(4) {
        let (s, b) = call(&anon, Method::GET, "/api/3/action/", "package_search", json!({"sort": "id asc", "rows": "4", "start": start.to_string()})).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["result"]["count"], total);
        assert_eq!(b["result"]["sort"], "id asc");
        paged.extend(names(&b));
        ids.extend(b["result"]["results"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()));
    }
    assert_eq!(paged.len(), total, "{paged:?}");
    assert_eq!(paged.iter().cloned().collect::<BTreeSet<_>>(), seeded.public_names);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "pages come in id order");
    // rows above the ceiling are clamped to 1000; rows=0 counts only.
    let (_, b) = call(&anon, Method::GET, "/api/3/action/", "package_search", json!({"rows": "5000"})).await;
    assert_eq!(b["result"]["results"].as_array().unwrap().len(), total);
    let (_, b) = call(&anon, Method::GET, "/api/3/action/", "package_search", json!({"rows": "0"})).await;
    assert_eq!((b["result"]["count"].clone(), b["result"]["results"].clone()), (json!(total), json!([])));

    // Nothing hidden, whoever asks: anonymous, a signed-in administrator, a token of the owning agency.
    let admin = app.login("admin").await;
    let owner = app.token_client("operator.dinkes", "read").await;
    for c in [&anon, &admin, &owner] {
        let (_, list) = call(c, Method::GET, "/api/3/action/", "package_list", json!({})).await;
        let got: BTreeSet<String> = list["result"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
        assert_eq!(got, seeded.public_names);
        let (_, b) = call(c, Method::POST, "/api/action/", "package_search", json!({"q": "rahasiaku", "include_private": true})).await;
        assert_eq!(b["result"]["count"], 0, "{b}");
        let (_, b) = call(c, Method::GET, "/api/3/action/", "tag_list", json!({})).await;
        assert!(!b["result"].as_array().unwrap().contains(&json!("rahasiaku")), "{b}");
        for (name, id) in &seeded.hidden {
            for key in [name, id] {
                let (s, b) = call(c, Method::GET, "/api/3/action/", "package_show", json!({"id": key})).await;
                assert_eq!(s, StatusCode::NOT_FOUND, "{key}: {b}");
                assert_eq!((b["success"].clone(), b["error"]["__type"].clone()), (json!(false), json!("Not Found Error")), "{b}");
            }
        }
        let (_, b) = call(c, Method::GET, "/api/3/action/", "organization_show", json!({"id": "dinkes", "include_datasets": "true"})).await;
        let pk: BTreeSet<String> = b["result"]["packages"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
        assert!(pk.is_subset(&seeded.public_names) && pk.contains("ck-faskes"), "{pk:?}");
        assert_eq!(b["result"]["package_count"], json!(pk.len()));
    }
    let hidden_resources: Vec<String> = seeded.expect["hidden"].as_object().unwrap().values().flat_map(|h| h["resources"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string())).collect();
    assert!(hidden_resources.len() >= 3);
    for r in &hidden_resources {
        for action in ["resource_show", "datastore_search"] {
            let key = if action == "resource_show" { "id" } else { "resource_id" };
            let (s, b) = call(&admin, Method::GET, "/api/3/action/", action, json!({key: r})).await;
            assert_eq!((s, b["error"]["__type"].as_str()), (StatusCode::NOT_FOUND, Some("Not Found Error")), "{action} {r}: {b}");
        }
    }
    // The download of a hidden resource is not found either; a public one is the file as uploaded.
    let (s, _) = anon.page(&format!("/dataset/ck-rahasia/resource/{}/download/rahasia.csv", seeded.expect["hidden"]["ck-rahasia"]["resources"][0].as_str().unwrap())).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, b) = call(&anon, Method::GET, "/api/3/action/", "package_show", json!({"id": "ck-faskes"})).await;
    let url = b["result"]["resources"][0]["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&app.base) && url.ends_with("/download/faskes%202025.csv"), "{url}");
    let body = reqwest::get(&url).await.unwrap();
    assert_eq!(body.status(), StatusCode::OK);
    assert_eq!(body.text().await.unwrap(), CSV_V2);

    // CKAN's error types and status codes.
    let (s, b) = call(&anon, Method::POST, "/api/3/action/", "package_show", json!({})).await;
    assert_eq!((s, b["error"].clone()), (StatusCode::CONFLICT, json!({"id": ["Missing value"], "__type": "Validation Error"})));
    let (s, b) = call(&anon, Method::POST, "/api/3/action/", "package_create", json!({"name": "x"})).await;
    assert_eq!((s, b["error"]["__type"].as_str()), (StatusCode::FORBIDDEN, Some("Authorization Error")), "{b}");
    let (s, b) = call(&anon, Method::GET, "/api/3/action/", "no_such_action", json!({})).await;
    assert_eq!((s, b["success"].clone()), (StatusCode::BAD_REQUEST, json!(false)), "{b}");
    let (s, b) = call(&anon, Method::GET, "/api/3/action/", "package_search", json!({"sort": "popularity desc"})).await;
    assert_eq!((s, b["error"]["__type"].as_str()), (StatusCode::BAD_REQUEST, Some("Search Query Error")), "{b}");
    let res = app.anon().http.post(app.url("/api/3/action/package_search")).header("content-type", "application/json").body("{not json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["success"], false);

    // Publication changes are audited with before and after (store::publication::set_publication).
    let all = app.store.all_datasets(&Default::default(), &simpul_domain::datasets::Visibility::All).await.unwrap();
    let ditarik = all.iter().find(|d| d.code == "CK-DITARIK").unwrap();
    assert_eq!((ditarik.publication.as_str(), ditarik.published_at), ("draf", None));
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=dataset&entity_id={}", ditarik.id)).await;
    let trail: Vec<(String, String)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().is_some_and(|a| a.starts_with("publication_")))
        .map(|e| (e["before"]["publication"].as_str().unwrap().to_string(), e["after"]["publication"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(trail.iter().map(|(b, a)| (b.as_str(), a.as_str())).collect::<Vec<_>>(), vec![("terbit", "draf"), ("draf", "terbit")], "{audit}");
});
