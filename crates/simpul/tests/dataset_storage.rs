//! How dataset versions' rows are stored and read, over HTTP on both
//! databases: a multi-block upload read back through filters, `q`, sort and
//! pages the same way from an open version (decoded table cached) and a
//! rahasia one (never cached); the rows' digest (migration 0013) catching a
//! block changed behind Simpul's back on read and in verify; and versions
//! stored before that migration (no digest) still readable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{App, Client};

async fn register(c: &Client, agency_id: i64, code: &str, class: &str) -> i64 {
    let body = json!({
        "code": code, "title": format!("Penduduk {code}"), "agency_id": agency_id, "concept": format!("Penduduk {code}"),
        "definition": "Penduduk per kelurahan.", "topic": "kependudukan", "frequency": "tahunan", "licence": "cc_by_4_0",
        "confidentiality": class, "register_responsible": "Seksi Data",
        "columns": [
            {"name": "kelurahan", "label": "Kelurahan", "kind": "text", "required": true},
            {"name": "tahun", "label": "Tahun", "kind": "integer", "required": true},
            {"name": "nilai", "label": "Nilai", "kind": "decimal"}
        ]
    });
    let (s, d) = c.post("/api/v1/datasets", body).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["id"].as_i64().unwrap()
}

/// 2,500 rows (three blocks): a quote and a backslash in one name, empty values.
fn file() -> String {
    let mut csv = String::from("Kelurahan;Tahun;Nilai\n");
    for i in 0..2500 {
        let name = if i == 1234 { "Kelurahan \"\"Kutip\"\" \\ 1234".to_string() } else { format!("Kelurahan {}", i % 40) };
        let nilai = if i % 10 == 0 { String::new() } else { format!("{},{}", i % 97, i % 10) };
        csv.push_str(&format!("\"{name}\";{};{nilai}\n", 2015 + i % 8));
    }
    csv
}

async fn version_id(app: &App, dataset: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM dataset_versions WHERE dataset_id = $1 ORDER BY version_no DESC").bind(dataset).fetch_one(app.store.pool()).await.unwrap()
}

/// The rows answers a reader sees for a few queries.
async fn answers(c: &Client, id: i64) -> Vec<Value> {
    let mut out = Vec::new();
    for q in ["tahun=2020", "tahun=2020&kelurahan=kelurahan%205&sort=nilai&desc=true&per_page=5", "q=kutip", "q=KELURAHAN%2039&tahun=2022", "page=13&per_page=200", "sort=nilai&per_page=3"] {
        let (s, b) = c.get(&format!("/api/v1/datasets/{id}/versions/1/rows?{q}")).await;
        assert_eq!(s, StatusCode::OK, "{q}: {b}");
        out.push(json!({"q": q, "total": b["total"], "items": b["items"]}));
    }
    out
}

async fn verify(c: &Client, id: i64, no: i64) -> bool {
    let (s, v) = c.get(&format!("/api/v1/datasets/{id}/versions/{no}/verify")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["intact"].as_bool().unwrap()
}

both!(rows_stored_queried_and_guarded, |app: App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let open = register(&admin, dinkes, "UJI-BLOK-T", "terbuka").await;
    let sealed = register(&admin, dinkes, "UJI-BLOK-R", "rahasia").await;
    for id in [open, sealed] {
        let (s, v) = admin.upload(&format!("/api/v1/datasets/{id}/versions"), &[("file", Some(("penduduk.csv", "text/csv")), file().as_bytes())]).await;
        assert_eq!((s, v["row_count"].as_i64()), (StatusCode::CREATED, Some(2500)), "{v}");
        let blocks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dataset_rows WHERE version_id = $1").bind(version_id(&app, id).await).fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(blocks, 3);
    }

    // The same answers from the cached open table and the rahasia one decoded per query.
    let a = answers(&admin, open).await;
    assert_eq!(a, answers(&admin, sealed).await);
    assert_eq!(a, answers(&admin, open).await, "warm answers as cold ones");
    assert_eq!(a[0]["total"], 312);
    assert_eq!(a[1]["total"], 63);
    assert_eq!(a[1]["items"][0], json!({"row": 2327, "values": {"kelurahan": "Kelurahan 5", "tahun": 2020, "nilai": 94.5}}), "{}", a[1]);
    assert_eq!(a[2]["total"], 1);
    assert_eq!(a[2]["items"][0], json!({"row": 1236, "values": {"kelurahan": "Kelurahan \"Kutip\" \\ 1234", "tahun": 2017, "nilai": 70.4}}));
    assert_eq!(a[3]["total"], 62, "{}", a[3]);
    assert_eq!((a[4]["items"].as_array().unwrap().len(), a[4]["items"][0]["row"].as_i64()), (100, Some(2402)));
    assert_eq!(a[5]["items"].as_array().unwrap().iter().map(|r| r["row"].as_i64().unwrap()).collect::<Vec<_>>(), vec![293, 1263, 2233]);
    assert!(verify(&admin, open, 1).await && verify(&admin, sealed, 1).await);

    // A value changed in an open block: verify reports it, and a version not read before refuses to serve it.
    let (s, _) = admin.upload(&format!("/api/v1/datasets/{open}/versions"), &[("file", Some(("v2.csv", "text/csv")), file().as_bytes())]).await;
    assert_eq!(s, StatusCode::CREATED);
    let v2 = version_id(&app, open).await;
    let n = sqlx::query("UPDATE dataset_rows SET data = REPLACE(data, '\"Kelurahan 7\",2022', '\"Kelurahan 7\",2021') WHERE version_id = $1").bind(v2).execute(app.store.pool()).await.unwrap();
    assert_eq!(n.rows_affected(), 3);
    assert!(!verify(&admin, open, 2).await);
    let (s, b) = admin.get(&format!("/api/v1/datasets/{open}/versions/2/rows?tahun=2021")).await;
    assert_eq!((s, b["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("integrity_failed")), "{b}");
    let (s, _) = admin.get(&format!("/api/v1/datasets/{open}/versions/2/export.csv")).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // A sealed block moved to another place does not open.
    let rv = version_id(&app, sealed).await;
    sqlx::query("UPDATE dataset_rows SET data = (SELECT data FROM dataset_rows WHERE version_id = $1 AND row_no = 2) WHERE version_id = $1 AND row_no > 2").bind(rv).execute(app.store.pool()).await.unwrap();
    assert!(!verify(&admin, sealed, 1).await);
    let (s, _) = admin.get(&format!("/api/v1/datasets/{sealed}/versions/1/rows")).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // A version stored before the rows had a digest reads as before.
    let (s, _) = admin.upload(&format!("/api/v1/datasets/{open}/versions"), &[("file", Some(("v3.csv", "text/csv")), file().as_bytes())]).await;
    assert_eq!(s, StatusCode::CREATED);
    sqlx::query("UPDATE dataset_versions SET rows_sha256 = NULL WHERE id = $1").bind(version_id(&app, open).await).execute(app.store.pool()).await.unwrap();
    let (s, b) = admin.get(&format!("/api/v1/datasets/{open}/versions/3/rows?tahun=2020&per_page=1")).await;
    assert_eq!((s, b["total"].clone()), (StatusCode::OK, a[0]["total"].clone()));
    assert!(verify(&admin, open, 3).await);
});
