//! `simpul gsb …` as an operator runs it: the real binary against the same
//! data directory or database as a running `serve`, on both databases.
//! Every change is audited as `cli` and reaches the gateway's routing data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use simpul_domain::auth::secret_digest;
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::{BusKey, Entry, LOG_FILE};

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

async fn simpul(app: &support::App, args: &[&str]) -> Out {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(app.db_args.iter().cloned());
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_simpul")).args(&all).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_DATABASE_URL").output().await.unwrap();
    Out { code: out.status.code(), stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

const READ_ONLY_DOC: &str = r#"{"openapi":"3.0.0","paths":{"/penduduk/{nik}":{"get":{}},"/penduduk":{"get":{}}}}"#;

both!(service_client_grant_and_revoke_from_the_command_line, |app: support::App| async move {
    let admin = app.login("admin").await;
    let doc = app.dir.path().join("openapi.json");
    std::fs::write(&doc, READ_ONLY_DOC).unwrap();
    let version = app.store.gsb_version().await.unwrap();

    let out = simpul(&app, &["gsb", "service", "add", "--code", "cli-nik", "--name", "Verifikasi NIK", "--agency", "DINKES", "--upstream", "https://nik.tanjungselatankota.go.id/", "--data-service", "--openapi", doc.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let s = app.store.gsb_service_by_code("cli-nik").await.unwrap();
    assert!(s.data_service && s.upstream_url == "https://nik.tanjungselatankota.go.id");
    assert!(app.store.gsb_version().await.unwrap() > version, "a running gateway sees the change");
    let out = simpul(&app, &["gsb", "service", "add", "--code", "Bad Code", "--name", "x", "--agency", "DINKES", "--upstream", "ftp://x"]).await;
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("code (invalid_format)") && out.stderr.contains("upstream_url (invalid_format)"), "{}", out.stderr);

    // `client add` prints the key and nothing else on standard output.
    let disdik = app.agency_id("DISDIKBUD").await;
    let (_, apps) = admin.get(&format!("/api/v1/applications?agency_id={disdik}")).await;
    let app_id = apps["items"][0]["id"].to_string();
    let out = simpul(&app, &["gsb", "client", "add", "--code", "cli-sekolah", "--agency", "DISDIKBUD", "--application", &app_id]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let key = out.stdout.strip_suffix('\n').unwrap();
    assert!(key.starts_with("gsb_") && key.len() == 68 && !key.contains('\n'), "{:?}", out.stdout);
    let routing = app.store.gsb_routing().await.unwrap();
    let routed = routing.keys.iter().find(|k| k.digest == secret_digest(key)).unwrap();
    assert_eq!(routed.client_code, "cli-sekolah");

    // A grant is recorded as approved by the CLI operator; a bad one changes nothing.
    let out = simpul(&app, &["gsb", "grant", "--client", "cli-sekolah", "--service", "cli-nik", "--operation", "POST /penduduk", "--expires", "2099-12-31", "--purpose", "Uji"]).await;
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("operations"), "{}", out.stderr);
    let out = simpul(&app, &["gsb", "grant", "--client", "cli-sekolah", "--service", "cli-nik", "--operation", "GET /penduduk/{nik}", "--expires", "2099-12-31", "--purpose", "Verifikasi NIK siswa baru."]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("disetujui: cli-sekolah → cli-nik (GET /penduduk/{nik}) sampai 2099-12-31"), "{}", out.stdout);
    let grant = app.store.all_gsb_grants(&Default::default()).await.unwrap().into_iter().find(|g| g.client_code == "cli-sekolah").unwrap();
    assert_eq!((grant.status.as_str(), grant.decided_by.as_deref(), grant.requested_by.as_str()), ("approved", Some("cli"), "cli"));
    let routing = app.store.gsb_routing().await.unwrap();
    let r = routing.grants.iter().find(|g| g.client_id == grant.client_id).unwrap();
    assert_eq!(r.operations, Some(vec![("GET".to_string(), "/penduduk/{nik}".to_string())]));
    let (st, audit) = admin.get(&format!("/api/v1/audit?entity=gsb_grant&entity_id={}", grant.id)).await;
    assert_eq!(st, StatusCode::OK);
    let items = audit["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|e| e["actor"] == "cli"));
    let (_, key_audit) = admin.get("/api/v1/audit?entity=gsb_key").await;
    assert!(!key_audit.to_string().contains(key), "the key never reaches the audit trail");

    // Revocation by client and service, then by key prefix.
    let out = simpul(&app, &["gsb", "revoke", "--client", "cli-sekolah", "--service", "cli-nik"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!app.store.gsb_routing().await.unwrap().grants.iter().any(|g| g.client_id == grant.client_id));
    let out = simpul(&app, &["gsb", "revoke", "--client", "cli-sekolah", "--service", "cli-nik"]).await;
    assert_eq!(out.code, Some(2), "nothing left to revoke");
    let out = simpul(&app, &["gsb", "revoke", "--key", &key[..12]]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!app.store.gsb_routing().await.unwrap().keys.iter().any(|k| k.digest == secret_digest(key)));
    let (_, revoked) = admin.get(&format!("/api/v1/gsb/grants/{}", grant.id)).await;
    assert_eq!((revoked["status"].as_str(), revoked["revoked_by"].as_str()), (Some("revoked"), Some("cli")));
});

fn entry(i: u64) -> Entry {
    Entry {
        at_micros: 1_790_000_000_000_000 + i as i64,
        request_id: u128::from(i).to_be_bytes(),
        client: "cli-sekolah".into(),
        service: "cli-nik".into(),
        method: "GET".into(),
        path: format!("/penduduk/{i}"),
        status: 200,
        request_bytes: 0,
        response_bytes: 512,
        latency_micros: 700,
        request_digest: [0; 32],
        response_digest: [7; 32],
    }
}

both!(verify_checks_the_signed_log_and_names_the_first_bad_record, |app: support::App| async move {
    let dir = app.dir.path().join("log");
    std::fs::create_dir_all(&dir).unwrap();
    let key = BusKey::load_or_create(&dir.join("gsb-signing.key")).unwrap();
    let public = key.public_hex();
    let w = LogWriter::open(&dir, key, Options::default()).unwrap();
    for i in 0..25 {
        w.append(entry(i)).await.unwrap();
    }
    w.close();
    let log_dir = dir.to_str().unwrap();
    let out = simpul(&app, &["gsb", "verify", "--log-dir", log_dir]).await;
    assert_eq!(out.code, Some(0), "{} {}", out.stdout, out.stderr);
    assert!(out.stdout.contains("log pesan utuh:") && out.stdout.contains("25 rekaman"), "{}", out.stdout);
    assert!(!out.stdout.contains("peringatan"), "{}", out.stdout);
    let out = simpul(&app, &["gsb", "verify", "--log-dir", log_dir, "--public-key", &public]).await;
    assert_eq!(out.code, Some(0));
    // A damaged batch index is only a warning: the log itself was checked.
    let index = dir.join(simpul_gsb_log::INDEX_FILE);
    let good = std::fs::read(&index).unwrap();
    std::fs::write(&index, &good[..good.len() - 40]).unwrap();
    let out = simpul(&app, &["gsb", "verify", "--log-dir", log_dir]).await;
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains("25 rekaman") && out.stdout.contains("peringatan: indeks messages.idx tidak sesuai dengan log mulai entri 23"), "{}", out.stdout);
    std::fs::write(&index, &good).unwrap();
    // Another bus's key: every batch signature fails.
    let other = BusKey::from_seed([9; 32]).public_hex();
    let out = simpul(&app, &["gsb", "verify", "--log-dir", log_dir, "--public-key", &other]).await;
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(out.stdout.starts_with("LOG PESAN RUSAK: batch"), "{}", out.stdout);
    // One changed byte inside a record: named, exit 1.
    let file = dir.join(LOG_FILE);
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.windows(b"/penduduk/3".len()).position(|w| w == b"/penduduk/3").unwrap();
    bytes[at + 1] = b'P';
    std::fs::write(&file, bytes).unwrap();
    let out = simpul(&app, &["gsb", "verify", "--log-dir", log_dir]).await;
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(out.stdout.starts_with("LOG PESAN RUSAK: "), "{}", out.stdout);
    // No key file and no --public-key: a clear error.
    let empty = app.dir.path().join("kosong");
    let out = simpul(&app, &["gsb", "verify", "--log-dir", empty.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--public-key"), "{}", out.stderr);
});
