//! The audit chain against tampering in the database, through the CLI; the
//! backup and restore drill; the schema parity of both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use reqwest::StatusCode;
use serde_json::json;
use simpul_store::schema::{INTERNAL_TABLES, TABLES};
use simpul_store::Store;
use support::Backend;

fn simpul(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_simpul")).args(args).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_DATABASE_URL").output().unwrap();
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn with_db<'a>(mut args: Vec<&'a str>, app: &'a support::App) -> Vec<&'a str> {
    args.extend(app.db_args.iter().map(String::as_str));
    args
}

async fn exec(store: &Store, sql: &str) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(store.pool()).await.unwrap();
}

async fn drop_append_only_guard(app: &support::App) {
    match app.backend {
        Backend::Sqlite => exec(&app.store, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete").await,
        Backend::Postgres => exec(&app.store, "DROP TRIGGER audit_log_no_change ON audit_log").await,
    }
}

both!(audit_log_is_append_only_and_tampering_is_named, |app: support::App| async move {
    let admin = app.login("admin").await;
    for i in 0..3 {
        let (s, _) = admin.post("/api/v1/agencies", json!({"code": format!("AUD{i}"), "name": format!("Badan Uji {i}"), "kind": "badan"})).await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let (code, out) = simpul(&with_db(vec!["audit", "verify"], &app));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("utuh"), "{out}");
    let (_, v) = admin.get("/api/v1/audit/verify").await;
    assert_eq!(v["ok"], true);

    // The database itself refuses updates and deletes of entries.
    assert!(sqlx::raw_sql("UPDATE audit_log SET actor = 'x' WHERE seq = 5").execute(app.store.pool()).await.is_err());
    assert!(sqlx::raw_sql("DELETE FROM audit_log WHERE seq = 5").execute(app.store.pool()).await.is_err());

    // Someone with direct access removes the guard and alters entry #7.
    drop_append_only_guard(&app).await;
    exec(&app.store, "UPDATE audit_log SET actor = 'bukan-admin' WHERE seq = 7").await;
    let (code, out) = simpul(&with_db(vec!["audit", "verify"], &app));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("#7"), "{out}");
    let (_, v) = admin.get("/api/v1/audit/verify").await;
    assert_eq!(v["ok"], false);
    assert_eq!(v["first_bad_seq"], 7);
});

both!(deleted_or_truncated_entries_are_detected, |app: support::App| async move {
    drop_append_only_guard(&app).await;
    let total: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM audit_log").fetch_one(app.store.pool()).await.unwrap();
    assert!(total > 100, "demo data leaves a trail");
    exec(&app.store, &format!("DELETE FROM audit_log WHERE seq = {}", total)).await;
    let (code, out) = simpul(&with_db(vec!["audit", "verify"], &app));
    assert_eq!(code, 1, "tail deletion must be detected: {out}");
    exec(&app.store, "DELETE FROM audit_log WHERE seq = 40").await;
    let (code, out) = simpul(&with_db(vec!["audit", "verify"], &app));
    assert_eq!(code, 1);
    assert!(out.contains("#40"), "{out}");
});

/// Every table's digest, as a backup manifest sees it.
async fn manifest(store: &Store, dir: &std::path::Path, name: &str) -> Vec<simpul_store::backup::ManifestEntry> {
    store.backup_to(&dir.join(name)).await.unwrap().tables
}

both!(backup_restore_drill_loses_nothing, |app: support::App| async move {
    let admin = app.login("admin").await;
    // Writes keep happening while the backup runs.
    let writer = {
        let admin = app.login("admin").await;
        tokio::spawn(async move {
            for i in 0..20 {
                let (s, _) = admin.post("/api/v1/agencies", json!({"code": format!("BAK{i}"), "name": format!("Kelurahan Uji {i}"), "kind": "kelurahan"})).await;
                assert_eq!(s, StatusCode::CREATED);
            }
        })
    };
    let out = app.dir.path().join("cadangan.simpul");
    let out_s = out.display().to_string();
    let (code, text) = simpul(&with_db(vec!["backup", "--out", &out_s], &app));
    assert_eq!(code, 0, "{text}");
    writer.await.unwrap();
    let (_, t) = admin.post("/api/v1/me/tokens", json!({"name": "x", "scope": "read"})).await;
    assert!(t["token"].is_string());

    // A consistent snapshot: its audit chain verifies on its own.
    let summary = simpul_store::backup::verify_file(&out).unwrap();
    let audit_rows = summary.tables.iter().find(|t| t.table == "audit_log").unwrap().rows;
    assert!(audit_rows > 0);

    // Restore into an empty database of each backend, then compare everything.
    let final_backup = app.dir.path().join("akhir.simpul");
    app.store.backup_to(&final_backup).await.unwrap();
    let original = simpul_store::backup::verify_file(&final_backup).unwrap().tables;
    for target in [Backend::Sqlite, Backend::Postgres] {
        let dir = tempfile::tempdir().unwrap();
        let (store, args) = support::fresh_store(target, dir.path()).await;
        store.close().await;
        let mut cmd = vec!["restore", final_backup.to_str().unwrap()];
        cmd.extend(args.iter().map(String::as_str));
        let (code, text) = simpul(&cmd);
        assert_eq!(code, 0, "restore into {target:?}: {text}");
        let restored = match target {
            Backend::Sqlite => Store::open_sqlite_dir(&dir.path().join("data")).await.unwrap(),
            Backend::Postgres => Store::open_url(&args[1]).await.unwrap(),
        };
        assert_eq!(manifest(&restored, dir.path(), "lagi.simpul").await, original, "round trip {:?} -> {target:?}", app.backend);
        assert!(restored.audit_verify().await.unwrap().broken.is_none());
        // Binary columns survive the trip: every attachment still matches its digest.
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM attachments ORDER BY id").fetch_all(restored.pool()).await.unwrap();
        assert!(!ids.is_empty(), "the demo has LAN diagrams");
        for id in ids {
            assert!(restored.attachment(id).await.unwrap().integrity().intact, "attachment {id} after {:?} -> {target:?}", app.backend);
        }
        // The restored database is usable: ids continue, sign-in works.
        let mut w = restored.begin_write(simpul_domain::audit::Actor::system("uji")).await.unwrap();
        let d = simpul_domain::org::AgencyInput { code: "PASCA".into(), name: "Badan Pasca Pemulihan".into(), kind: "badan".into(), ..Default::default() }.validate().unwrap();
        restored.create_agency(&mut w, &d).await.unwrap();
        w.commit().await.unwrap();
        assert!(restored.audit_verify().await.unwrap().broken.is_none());
        assert!(restored.credentials("admin").await.unwrap().is_some());
        // Restoring again into the now non-empty database is refused.
        let mut cmd = vec!["restore", final_backup.to_str().unwrap()];
        cmd.extend(args.iter().map(String::as_str));
        let (code, text) = simpul(&cmd);
        assert_ne!(code, 0, "{text}");
        restored.close().await;
    }
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_or_truncated_backups_are_refused_and_nothing_is_written() {
    let app = support::App::spawn(Backend::Sqlite).await;
    let file = app.dir.path().join("asli.simpul");
    app.store.backup_to(&file).await.unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("flipped byte", {
            let mut b = bytes.clone();
            let i = b.len() / 2;
            b[i] = if b[i] == b'1' { b'2' } else { b'1' };
            b
        }),
        ("truncated", bytes[..bytes.len() * 2 / 3].to_vec()),
        ("empty", Vec::new()),
        ("not a backup", b"id,nama\n1,Dinas\n".to_vec()),
    ];
    for (what, data) in cases {
        let damaged = app.dir.path().join("rusak.simpul");
        std::fs::write(&damaged, data).unwrap();
        let target = tempfile::tempdir().unwrap();
        let d = target.path().join("data").display().to_string();
        let (code, text) = simpul(&["restore", damaged.to_str().unwrap(), "--data-dir", &d]);
        assert_ne!(code, 0, "{what}: {text}");
        assert!(text.contains("rusak") || text.contains("bukan cadangan") || text.contains("terpotong"), "{what}: {text}");
        assert!(!target.path().join("data").join("simpul.sqlite").exists(), "{what}: nothing may be written");
    }
}

async fn columns(store: &Store, backend: Backend, table: &str) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        Backend::Postgres => format!("SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"),
    };
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(store.pool()).await.unwrap()
}

async fn tables(store: &Store, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        Backend::Postgres => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    };
    sqlx::query_scalar(sql).fetch_all(store.pool()).await.unwrap()
}

/// Both migration folders produce the same tables and columns, and the
/// backup registry covers every one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_have_the_schema_the_registry_describes() {
    let mut expected_tables: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).chain(INTERNAL_TABLES.iter().map(|t| t.to_string())).collect();
    expected_tables.sort();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = support::fresh_store(backend, dir.path()).await;
        store.migrate().await.unwrap();
        assert_eq!(tables(&store, backend).await, expected_tables, "{backend:?}");
        for t in TABLES {
            let expected: Vec<String> = t.columns.iter().map(|(c, _)| c.to_string()).collect();
            assert_eq!(columns(&store, backend, t.name).await, expected, "{backend:?} {}", t.name);
            // Binary columns are BLOB on SQLite and BYTEA on PostgreSQL.
            for (c, _) in t.columns.iter().filter(|(_, k)| *k == simpul_store::schema::Kind::Bytes) {
                let sql = match backend {
                    Backend::Sqlite => format!("SELECT LOWER(type) FROM pragma_table_info('{}') WHERE name = '{c}'", t.name),
                    Backend::Postgres => format!("SELECT data_type::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{}' AND column_name = '{c}'", t.name),
                };
                let ty: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await.unwrap();
                assert_eq!(ty, if backend == Backend::Sqlite { "blob" } else { "bytea" }, "{backend:?} {}.{c}", t.name);
            }
        }
    }
}
