//! The classification rule as a matrix (issue 4, Tests): datasets of every
//! class and publication state × roles × every read path, on both
//! databases. Each cell's answer comes from [`EXPECT`], a table written
//! from the regulations' rule, not from the code under test:
//!
//! * terbuka: every signed-in user reads it inside Simpul; the public
//!   (anonymous visitors, the portal, the public API, DCAT, the landing
//!   page's count) only once it is published (`terbit`);
//! * terbatas: the owning agency, the agencies named on it and Diskominfo
//!   (Perwali Balikpapan 14/2022 Pasal 16 ayat (3) huruf a and c);
//! * rahasia: the owning agency and Diskominfo only.
//!
//! Denied single reads answer 404 to signed-in callers (existence does not
//! leak) and 401 / a redirect to sign-in to anonymous ones; denied lists
//! and counts leave the dataset out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{App, Client};

/// The datasets of the matrix, all owned by DINKES with one version.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ds {
    /// terbuka, published.
    Published,
    /// terbuka, still a draft.
    Draft,
    /// terbatas, BAPPEDA named.
    Limited,
    /// rahasia.
    Secret,
}

const DATASETS: [Ds; 4] = [Ds::Published, Ds::Draft, Ds::Limited, Ds::Secret];

/// Who reads (`None`: anonymous).
const ROLES: [Option<&str>; 9] = [
    None,                    // anonymous
    Some("operator.disdik"), // another agency's operator (not named)
    Some("tim.bappeda"),     // Kepala PD of the agency named on the terbatas data
    Some("operator.dinkes"), // the owning agency's operator
    Some("walidata.dinkes"), // the owning agency's Walidata
    Some("admin"),           // Administrator Diskominfo
    Some("sekda"),           // Sekretaris Daerah
    Some("auditor"),         // Auditor TIK
    Some("walikota"),        // Kepala Daerah
];

/// Internal reads (lists, pages, API, rows, exports, file, integrity
/// check): may `role` read `ds`? Written out cell by cell.
fn internal(ds: Ds, role: Option<&str>) -> bool {
    let Some(role) = role else { return false };
    match ds {
        Ds::Published | Ds::Draft => true,
        Ds::Limited => matches!(role, "tim.bappeda" | "operator.dinkes" | "walidata.dinkes" | "admin"),
        Ds::Secret => matches!(role, "operator.dinkes" | "walidata.dinkes" | "admin"),
    }
}

/// Public reads (portal pages, public API, DCAT, landing count): the same
/// for everyone, signed in or not.
fn public(ds: Ds) -> bool {
    ds == Ds::Published
}

/// The read paths of one dataset inside Simpul, `{id}` substituted.
const INTERNAL_PATHS: &[&str] = &[
    "/api/v1/datasets/{id}",
    "/api/v1/datasets/{id}/versions",
    "/api/v1/datasets/{id}/versions/1/rows",
    "/api/v1/datasets/{id}/versions/1/export.csv",
    "/api/v1/datasets/{id}/versions/1/export.json",
    "/api/v1/datasets/{id}/versions/1/file",
    "/api/v1/datasets/{id}/versions/1/verify",
    "/data/{id}",
    "/data/{id}?periksa=1",
];

const PUBLIC_PATHS: &[&str] = &[
    "/api/v1/public/datasets/{id}",
    "/api/v1/public/datasets/{id}/rows",
    "/api/v1/public/datasets/{id}/export.csv",
    "/api/v1/public/datasets/{id}/export.json",
    "/api/v1/public/datasets/{id}/file",
    "/data-terbuka/{id}",
];

fn body(code: &str, agency: i64, class: &str, shared: &[i64]) -> Value {
    json!({
        "code": code, "title": format!("Matriks {code}"), "agency_id": agency, "concept": format!("Konsep {code}"),
        "definition": "Uji matriks klasifikasi.", "topic": "kesehatan", "frequency": "tahunan", "licence": "cc_by_4_0",
        "confidentiality": class, "shared_with": shared, "register_responsible": "Kepala Seksi Data",
        "columns": [{"name": "nama", "label": "Nama", "kind": "text", "required": true}]
    })
}

/// The status of a GET (cookie session when signed in), whatever the body.
async fn status(c: &Client, path: &str) -> StatusCode {
    c.page(path).await.0
}

both!(class_role_path_matrix, |app: App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let bappeda = app.agency_id("BAPPEDA").await;
    let mut ids = Vec::new();
    for ds in DATASETS {
        let (code, class, shared) = match ds {
            Ds::Published => ("MATRIKS-TERBIT", "terbuka", vec![]),
            Ds::Draft => ("MATRIKS-DRAF", "terbuka", vec![]),
            Ds::Limited => ("MATRIKS-TERBATAS", "terbatas", vec![bappeda]),
            Ds::Secret => ("MATRIKS-RAHASIA", "rahasia", vec![]),
        };
        let (s, d) = admin.post("/api/v1/datasets", body(code, dinkes, class, &shared)).await;
        assert_eq!(s, StatusCode::CREATED, "{d}");
        let id = d["id"].as_i64().unwrap();
        let (s, v) = admin.upload(&format!("/api/v1/datasets/{id}/versions"), &[("file", Some(("m.csv", "text/csv")), format!("nama\nbaris {code}\n").as_bytes())]).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        if ds == Ds::Published {
            for step in ["submit", "verify"] {
                let (s, b) = admin.post(&format!("/api/v1/datasets/{id}/publication/{step}"), json!({})).await;
                assert_eq!(s, StatusCode::OK, "{b}");
            }
        }
        ids.push((ds, id, code));
    }
    // Public catalogue documents, read once (the same for everyone).
    let anon = app.anon();
    let (_, ttl) = anon.page("/data-terbuka/catalog.ttl").await;
    let (_, jsonld) = anon.page("/data-terbuka/catalog.jsonld").await;
    let (_, landing) = anon.page("/").await;
    assert!(landing.contains(r#"data-count="open-datasets"><span class="num">4<"#), "3 demo datasets and the matrix's published one");

    let mut failures = Vec::new();
    let mut cells = 0;
    for role in ROLES {
        let c = match role {
            Some(u) => app.login(u).await,
            None => app.anon(),
        };
        let who = role.unwrap_or("anonim");
        let (_, list) = c.get("/api/v1/datasets?q=MATRIKS-&per_page=200").await;
        let (_, list_page) = c.page("/data?q=MATRIKS-").await;
        let (_, plist) = c.get("/api/v1/public/datasets?q=MATRIKS-&per_page=200").await;
        let (_, portal) = c.page("/data-terbuka?q=MATRIKS-").await;
        let listed = |v: &Value, id: i64| v["items"].as_array().is_some_and(|a| a.iter().any(|d| d["id"] == id));
        let mut check = |cell: String, got: bool, want: bool| {
            cells += 1;
            if got != want {
                failures.push(format!("{cell}: expected {}, got {}", if want { "allowed" } else { "denied" }, if got { "allowed" } else { "denied" }));
            }
        };
        // The internal count: exactly the readable matrix datasets.
        let want_count = DATASETS.iter().filter(|d| internal(**d, role)).count() as i64;
        check(format!("{who} · internal count"), list["total"].as_i64() == Some(want_count) || (role.is_none() && list["total"].is_null()), true);
        check(format!("{who} · public count"), plist["total"].as_i64() == Some(1), true);
        for (ds, id, code) in &ids {
            let (ds, id) = (*ds, *id);
            let want = internal(ds, role);
            check(format!("{who} · {ds:?} · API list"), listed(&list, id), want);
            check(format!("{who} · {ds:?} · /data list"), list_page.contains(code), want);
            for p in INTERNAL_PATHS {
                let path = p.replace("{id}", &id.to_string());
                let s = status(&c, &path).await;
                check(format!("{who} · {ds:?} · GET {path} ({s})"), s == StatusCode::OK, want);
                // Refusals do not leak existence: 404 when signed in, sign-in when not.
                if !want {
                    let ok = match role {
                        Some(_) => s == StatusCode::NOT_FOUND,
                        None => s == StatusCode::UNAUTHORIZED || s == StatusCode::SEE_OTHER,
                    };
                    check(format!("{who} · {ds:?} · GET {path} refusal is {s}"), ok, true);
                }
            }
            let want = public(ds);
            check(format!("{who} · {ds:?} · public API list"), listed(&plist, id), want);
            check(format!("{who} · {ds:?} · portal list"), portal.contains(&format!("/data-terbuka/{id}\"")), want);
            for p in PUBLIC_PATHS {
                let path = p.replace("{id}", &id.to_string());
                let s = status(&c, &path).await;
                check(format!("{who} · {ds:?} · GET {path} ({s})"), s == StatusCode::OK, want);
                if !want {
                    check(format!("{who} · {ds:?} · GET {path} refusal is {s}"), s == StatusCode::NOT_FOUND, true);
                }
            }
            if role.is_none() {
                check(format!("DCAT Turtle · {ds:?}"), ttl.contains(&format!("/data-terbuka/{id}>")), want);
                check(format!("DCAT JSON-LD · {ds:?}"), jsonld.contains(&format!("/data-terbuka/{id}\"")), want);
                check(format!("titles on the landing page · {ds:?}"), landing.contains(code), false);
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cells} cells wrong:\n{}", failures.len(), failures.join("\n"));
    assert!(cells > 600, "{cells} cells");
});
