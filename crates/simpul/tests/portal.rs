//! The open-data portal over HTTP on both databases: the publication
//! workflow (submit → return with a note → submit → verify → withdraw,
//! reclassification un-publishes, every step audited, wrong roles and
//! states refused), the public pages and API (search, facets with counts,
//! paging, dataset page with preview, chart and schema.org JSON-LD,
//! downloads), the DCAT catalogue (Turtle parsed back with oxttl, JSON-LD),
//! and the publication buttons of the internal dataset page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{App, Client};

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

fn dataset(code: &str, agency_id: i64) -> Value {
    json!({
        "code": code, "title": format!("Data Portal {code}"), "description": "Data uji portal.", "agency_id": agency_id,
        "concept": format!("Konsep {code}"), "definition": "Definisi uji.", "topic": "sosial", "tags": ["uji"],
        "frequency": "tahunan", "coverage_start": "2019-01-01", "coverage_end": "2020-12-31", "region_codes": ["64.75"],
        "licence": "cc0_1_0", "confidentiality": "terbuka", "register_responsible": "Kepala Seksi Data",
        "columns": [{"name": "kecamatan", "label": "Kecamatan", "kind": "text", "required": true}, {"name": "jumlah", "label": "Jumlah", "kind": "integer", "required": true}]
    })
}

async fn step(c: &Client, id: i64, step: &str, note: Option<&str>) -> (StatusCode, Value) {
    c.post(&format!("/api/v1/datasets/{id}/publication/{step}"), json!({ "note": note })).await
}

async fn public_ids(anon: &Client, query: &str) -> (Vec<i64>, Value) {
    let (s, b) = anon.get(&format!("/api/v1/public/datasets{query}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    (b["items"].as_array().unwrap().iter().map(id).collect(), b)
}

both!(publication_workflow, |app: App| async move {
    let admin = app.login("admin").await;
    let walidata = app.login("walidata.dinkes").await;
    let anon = app.anon();
    let dinkes = app.agency_id("DINKES").await;
    let (s, d) = walidata.post("/api/v1/datasets", dataset("PORTAL-ALUR", dinkes)).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let d = id(&d);
    assert_eq!(admin.get(&format!("/api/v1/datasets/{d}")).await.1["publication"], "draf");

    // Nothing to publish yet.
    let (s, b) = step(&walidata, d, "submit", None).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{b}");
    let (s, b) = walidata.upload(&format!("/api/v1/datasets/{d}/versions"), &[("file", Some(("a.csv", "text/csv")), b"kecamatan;jumlah\nTeluk Sirih;10\nSungai Ilir;20\n")]).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");

    // Another agency cannot submit; the owner can, once.
    assert_eq!(step(&app.login("operator.disdik").await, d, "submit", None).await.0, StatusCode::FORBIDDEN);
    let (s, b) = step(&walidata, d, "submit", None).await;
    assert_eq!((s, b["publication"].as_str()), (StatusCode::OK, Some("diajukan")), "{b}");
    assert_eq!(step(&walidata, d, "submit", None).await.0, StatusCode::CONFLICT);

    // Under the demo's profile (Balikpapan) Diskominfo verifies: not the owner, not the Sekda.
    for who in ["walidata.dinkes", "kadinkes", "sekda", "walikota", "auditor"] {
        let (s, b) = step(&app.login(who).await, d, "verify", None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}: {b}");
    }
    let (public, _) = public_ids(&anon, "").await;
    assert!(!public.contains(&d), "submitted is not public");

    // Returned with a note (the note is required).
    let (s, b) = step(&admin, d, "return", Some("  ")).await;
    assert_eq!((s, b["error"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("note")), "{b}");
    let (s, b) = step(&admin, d, "return", Some("Lengkapi definisi operasional.")).await;
    assert_eq!((s, b["publication"].as_str(), b["publication_note"].as_str()), (StatusCode::OK, Some("draf"), Some("Lengkapi definisi operasional.")), "{b}");

    // Submitted again and verified: public to everyone, anonymous included.
    assert_eq!(step(&walidata, d, "submit", None).await.0, StatusCode::OK);
    let (s, b) = step(&admin, d, "verify", None).await;
    assert_eq!((s, b["publication"].as_str()), (StatusCode::OK, Some("terbit")), "{b}");
    assert!(b["published_at"].as_i64().is_some());
    assert_eq!(b["publication_note"], Value::Null);
    let (public, _) = public_ids(&anon, "").await;
    assert!(public.contains(&d));
    let (s, b) = anon.get(&format!("/api/v1/public/datasets/{d}")).await;
    assert_eq!((s, b["code"].as_str(), b["format"].as_str()), (StatusCode::OK, Some("PORTAL-ALUR"), Some("csv")), "{b}");
    assert!(b.get("storage_location").is_none(), "the internal register is not published: {b}");
    let (s, b) = anon.get(&format!("/api/v1/public/datasets/{d}/rows?sort=jumlah&desc=true")).await;
    assert_eq!((s, b["total"].as_i64(), b["items"][0]["values"]["kecamatan"].as_str()), (StatusCode::OK, Some(2), Some("Sungai Ilir")), "{b}");
    let res = reqwest::get(app.url(&format!("/api/v1/public/datasets/{d}/export.csv"))).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "kecamatan,jumlah\nTeluk Sirih,10\nSungai Ilir,20\n");
    let res = reqwest::get(app.url(&format!("/api/v1/public/datasets/{d}/file"))).await.unwrap();
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"kecamatan;jumlah\nTeluk Sirih;10\nSungai Ilir;20\n");

    // Withdrawn by the owner with a note: gone from every public path.
    assert_eq!(step(&walidata, d, "withdraw", None).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, b) = step(&walidata, d, "withdraw", Some("Data sedang direvisi.")).await;
    assert_eq!((s, b["publication"].as_str()), (StatusCode::OK, Some("draf")), "{b}");
    assert_eq!(anon.get(&format!("/api/v1/public/datasets/{d}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(anon.get(&format!("/api/v1/public/datasets/{d}/export.json")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(anon.page(&format!("/data-terbuka/{d}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(step(&walidata, d, "withdraw", Some("lagi")).await.0, StatusCode::CONFLICT);

    // Published again, then reclassified as terbatas: un-published in the same save.
    step(&walidata, d, "submit", None).await;
    step(&admin, d, "verify", None).await;
    let (_, mut body) = admin.get(&format!("/api/v1/datasets/{d}")).await;
    body["confidentiality"] = json!("terbatas");
    body["shared_with"] = json!([app.agency_id("BAPPEDA").await]);
    let (s, b) = walidata.put(&format!("/api/v1/datasets/{d}"), body).await;
    assert_eq!((s, b["publication"].as_str()), (StatusCode::OK, Some("draf")), "{b}");
    assert!(b["publication_note"].as_str().unwrap().contains("Terbatas"), "{b}");
    assert_eq!(anon.get(&format!("/api/v1/public/datasets/{d}")).await.0, StatusCode::NOT_FOUND);
    let (s, b) = step(&walidata, d, "submit", None).await;
    assert_eq!(s, StatusCode::CONFLICT, "only terbuka data is submitted: {b}");

    // Every step is in the audit trail, with the state before and after.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=dataset&entity_id={d}&per_page=200")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for want in ["publication_submit", "publication_return", "publication_verify", "publication_withdraw", "publication_reclassified"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    let (_, ok) = admin.get("/api/v1/audit/verify").await;
    assert_eq!(ok["ok"], true, "{ok}");
});

both!(portal_search_pages_and_catalogue, |app: App| async move {
    let anon = app.anon();
    let admin = app.login("admin").await;
    // What is public, decided here from the catalogue as the administrator reads it.
    let (_, all) = admin.get("/api/v1/datasets?per_page=200").await;
    let expected: BTreeSet<i64> = all["items"].as_array().unwrap().iter().filter(|d| d["confidentiality"] == "terbuka" && d["publication"] == "terbit").map(id).collect();
    assert_eq!(expected.len(), 3, "the demo publishes three datasets");
    let (ids, b) = public_ids(&anon, "").await;
    assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), expected);
    assert_eq!(b["total"], 3);
    // Facets count the matches.
    let count = |b: &Value, facet: &str, value: &str| b["facets"][facet].as_array().unwrap().iter().find(|v| v["value"] == value).map(|v| v["count"].as_i64().unwrap());
    assert_eq!(count(&b, "format", "csv"), Some(3));
    assert_eq!(count(&b, "topic", "kesehatan"), Some(1));
    assert_eq!(count(&b, "topic", "keuangan_daerah"), None, "terbatas data is not counted");
    assert_eq!(count(&b, "year", "2024"), Some(3));
    let agency_total: i64 = b["facets"]["agency"].as_array().unwrap().iter().map(|v| v["count"].as_i64().unwrap()).sum();
    assert_eq!(agency_total, 3);
    let (ids, b) = public_ids(&anon, "?topic=kesehatan").await;
    assert_eq!((ids.len(), b["facets"]["topic"].as_array().unwrap().len()), (1, 1));
    let faskes = ids[0];
    let (ids, _) = public_ids(&anon, "?format=xlsx").await;
    assert!(ids.is_empty());
    let (ids, _) = public_ids(&anon, "?q=sekolah").await;
    assert_eq!(ids.len(), 1);
    let (ids, b) = public_ids(&anon, "?per_page=2&page=2").await;
    assert_eq!((ids.len(), b["total"].as_i64(), b["page"].as_i64()), (1, Some(3), Some(2)));
    // Signed-in callers see no more on the public API than anonymous ones.
    let (ids, _) = public_ids(&admin, "").await;
    assert_eq!(ids.len(), 3);
    assert_eq!(anon.get("/api/v1/public/datasets?year=dua").await.0, StatusCode::BAD_REQUEST);

    // Pages: the landing page counts public datasets only and links the portal.
    let (s, html) = anon.page("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(r#"href="/data-terbuka" data-count="open-datasets"><span class="num">3<"#), "{html}");
    let (s, html) = anon.page("/data-terbuka?topic=kesehatan&agency_id=&format=&year=").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Fasilitas Pelayanan Kesehatan") && !html.contains("Jumlah Penduduk per Kecamatan"), "{html}");
    assert!(html.contains("1 dataset ditemukan"), "{html}");
    assert!(!html.contains("Realisasi") && !html.contains("Bantuan Sosial"), "no terbatas/rahasia titles on the portal");
    let (s, html) = anon.page(&format!("/data-terbuka/{faskes}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("data-preview") && html.contains(r#"data-chart="dataset""#), "{html}");
    let ld = html.split(r#"<script type="application/ld+json">"#).nth(1).and_then(|s| s.split("</script>").next()).unwrap();
    let ld: Value = serde_json::from_str(ld).unwrap();
    assert_eq!((ld["@type"].as_str(), ld["identifier"].as_str()), (Some("Dataset"), Some("DINKES-FASKES")));
    assert_eq!(ld["license"], "https://creativecommons.org/licenses/by/4.0/");
    assert_eq!(ld["creator"]["name"], "Dinas Kesehatan Kota Tanjung Selatan");
    assert!(ld["temporalCoverage"].as_str().unwrap().starts_with("2024-01-01/"));
    assert_eq!(ld["spatialCoverage"][0]["identifier"], "64.75");
    let dists = ld["distribution"].as_array().unwrap();
    assert_eq!(dists.iter().map(|d| d["encodingFormat"].as_str().unwrap()).collect::<Vec<_>>(), vec!["text/csv", "application/json", "text/csv"]);
    let csv = dists[0]["contentUrl"].as_str().unwrap();
    assert_eq!(reqwest::get(csv).await.unwrap().status(), StatusCode::OK, "{csv}");

    // DCAT: Turtle parses back and holds exactly the public datasets.
    let res = reqwest::get(app.url("/data-terbuka/catalog.ttl")).await.unwrap();
    assert_eq!(res.headers()["content-type"], "text/turtle; charset=utf-8");
    let ttl = res.text().await.unwrap();
    let triples: Vec<oxrdf::Triple> = oxttl::TurtleParser::new().for_slice(ttl.as_bytes()).collect::<Result<_, _>>().unwrap();
    let dcat = |l: &str| format!("http://www.w3.org/ns/dcat#{l}");
    let of_type = |ty: &str| -> BTreeSet<String> {
        triples.iter().filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" && matches!(&t.object, oxrdf::Term::NamedNode(n) if n.as_str() == dcat(ty))).map(|t| t.subject.to_string()).collect()
    };
    let pages: BTreeSet<String> = expected.iter().map(|i| format!("<{}>", app.url(&format!("/data-terbuka/{i}")))).collect();
    assert_eq!(of_type("Dataset"), pages);
    assert_eq!(of_type("Catalog").len(), 1);
    assert_eq!(of_type("Distribution").len(), 9, "CSV, JSON and the file for each");
    let downloads = triples.iter().filter(|t| t.predicate.as_str() == dcat("downloadURL")).count();
    assert_eq!(downloads, 9);
    let themes: BTreeSet<String> = triples.iter().filter(|t| t.predicate.as_str() == dcat("theme")).map(|t| t.object.to_string()).collect();
    assert_eq!(themes.len(), 3, "kependudukan, kesehatan, pendidikan: {themes:?}");
    assert!(triples.iter().any(|t| t.predicate.as_str() == "http://www.w3.org/2004/02/skos/core#prefLabel" && t.object.to_string() == "\"Kesehatan\"@id"));
    // JSON-LD: the same datasets.
    let res = reqwest::get(app.url("/data-terbuka/catalog.jsonld")).await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    let ld: Value = res.json().await.unwrap();
    let ds: BTreeSet<String> = ld["@graph"].as_array().unwrap().iter().filter(|n| n["@type"] == "dcat:Dataset").map(|n| format!("<{}>", n["@id"].as_str().unwrap())).collect();
    assert_eq!(ds, pages);
    assert!(ld["@graph"].as_array().unwrap().iter().any(|n| n["@type"] == "dcat:Dataset" && n["dct:title"]["@value"] == "Fasilitas Pelayanan Kesehatan"));
});

both!(publication_buttons_on_the_dataset_page, |app: App| async move {
    // Bappeda's demo copy is waiting for verification.
    let admin_api = app.login("admin").await;
    let (_, all) = admin_api.get("/api/v1/datasets?q=BAPPEDA-PDDK-KEC").await;
    let d = id(&all["items"][0]);
    assert_eq!(all["items"][0]["publication"], "diajukan");
    let owner = app.ui_login("tim.bappeda").await;
    let (_, html) = owner.page(&format!("/data/{d}")).await;
    assert!(html.contains(r#"data-publication="diajukan""#) && html.contains("Tarik dari portal") && !html.contains("Verifikasi dan terbitkan"), "{html}");
    let admin = app.ui_login("admin").await;
    // The verifier's queue: the catalogue shows where each open dataset stands.
    let (_, list) = admin.page("/data?q=BAPPEDA-PDDK-KEC").await;
    assert!(list.contains(r#"<td data-publication="diajukan">Diajukan untuk verifikasi</td>"#), "{list}");
    let (_, html) = admin.page(&format!("/data/{d}")).await;
    assert!(html.contains("Verifikasi dan terbitkan") && html.contains("Kembalikan kepada pemilik data"), "{html}");
    // Returning without a note: the page again, the error next to the field.
    let res = admin.form(&format!("/data/{d}/publikasi"), &[("step", "return"), ("note", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"class="field-error""#) && html.contains("Tuliskan alasannya"), "{html}");
    let res = admin.form(&format!("/data/{d}/publikasi"), &[("step", "verify"), ("note", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&format!("/data/{d}?ok=verify")).await;
    assert!(html.contains(r#"data-publication="terbit""#) && html.contains(&format!(r#"href="/data-terbuka/{d}""#)), "{html}");
    assert_eq!(app.anon().page(&format!("/data-terbuka/{d}")).await.0, StatusCode::OK);
    // A wrong step is refused.
    let res = admin.form(&format!("/data/{d}/publikasi"), &[("step", "verify"), ("note", "")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
});
