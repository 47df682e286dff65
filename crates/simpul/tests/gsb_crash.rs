//! `kill -9` of `simpul serve --gateway-listen` under load loses no record of
//! a response it delivered, and `simpul gsb verify` passes afterwards
//! (issue 5, "Bad input and faults"). The real binary, a real upstream,
//! real clients, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn simpul(app: &support::App, data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(app.db_args.iter().cloned());
    if !all.iter().any(|a| a == "--data-dir") {
        all.extend(["--data-dir".to_string(), data_dir.display().to_string()]);
    }
    tokio::process::Command::new(env!("CARGO_BIN_EXE_simpul")).args(&all).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_DATABASE_URL").output().await.unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

both!(kill_9_under_load_loses_no_delivered_record, |app: support::App| async move {
    // The data directory `serve` uses (SQLite's, or one for the log when on PostgreSQL).
    let data_dir = app.db_args.iter().position(|a| a == "--data-dir").map(|i| std::path::PathBuf::from(&app.db_args[i + 1])).unwrap_or_else(|| app.dir.path().join("data"));
    // A real upstream.
    let upstream = axum::Router::new().route("/api/penduduk/{nik}", axum::routing::get(|axum::extract::Path(nik): axum::extract::Path<String>| async move { format!("{{\"nik\":\"{nik}\",\"status\":\"terdaftar\"}}") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = format!("http://{}/api/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, upstream).await.unwrap() });
    // Registered from the command line, as an operator would.
    let disdik = app.agency_id("DISDIKBUD").await;
    let (_, apps) = app.login("admin").await.get(&format!("/api/v1/applications?agency_id={disdik}")).await;
    let app_id = apps["items"][0]["id"].to_string();
    for args in [
        vec!["gsb", "service", "add", "--code", "crash-nik", "--name", "Verifikasi NIK", "--agency", "DISDUKCAPIL", "--upstream", &up],
        vec!["gsb", "client", "add", "--code", "crash-klien", "--agency", "DISDIKBUD", "--application", &app_id],
    ] {
        let out = simpul(&app, &data_dir, &args).await;
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let key = {
        let out = simpul(&app, &data_dir, &["gsb", "client", "add", "--code", "crash-klien-2", "--agency", "DISDIKBUD", "--application", &app_id]).await;
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let out = simpul(&app, &data_dir, &["gsb", "grant", "--client", "crash-klien-2", "--service", "crash-nik", "--expires", "2099-12-31", "--purpose", "Uji ketahanan."]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // serve with the gateway, under load from 16 clients.
    let (web, gw) = (free_port(), free_port());
    let mut args: Vec<String> = vec!["serve".into(), "--listen".into(), format!("127.0.0.1:{web}"), "--gateway-listen".into(), format!("127.0.0.1:{gw}")];
    args.extend(app.db_args.iter().cloned());
    if !args.iter().any(|a| a == "--data-dir") {
        args.extend(["--data-dir".to_string(), data_dir.display().to_string()]);
    }
    let mut serve = tokio::process::Command::new(env!("CARGO_BIN_EXE_simpul")).args(&args).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_DATABASE_URL").stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let base = format!("http://127.0.0.1:{gw}/crash-nik/penduduk");
    let mut ready = false;
    for _ in 0..200 {
        if let Ok(r) = http.get(format!("{base}/0")).bearer_auth(&key).send().await
            && r.status().is_success()
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the gateway never answered");
    let delivered: Arc<Mutex<HashSet<String>>> = Arc::default();
    let mut clients = Vec::new();
    for c in 0..16u64 {
        let (http, key, base, delivered) = (http.clone(), key.clone(), base.clone(), delivered.clone());
        clients.push(tokio::spawn(async move {
            for i in 0.. {
                let nik = format!("{c}{i:07}");
                let Ok(res) = http.get(format!("{base}/{nik}")).bearer_auth(&key).send().await else { break };
                let ok = res.status().is_success();
                // Delivered means: the whole body arrived.
                match res.text().await {
                    Ok(body) if ok && body.contains(&nik) => {
                        delivered.lock().unwrap().insert(format!("/penduduk/{nik}"));
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    serve.start_kill().unwrap(); // SIGKILL
    serve.wait().await.unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let delivered = delivered.lock().unwrap().clone();
    assert!(delivered.len() > 50, "too little load to mean anything: {}", delivered.len());

    // The log verifies, and holds every delivered exchange.
    let out = simpul(&app, &data_dir, &["gsb", "verify"]).await;
    assert!(out.status.success(), "verify: {} {}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut logged = HashSet::new();
    simpul_gsb_log::verify::for_each_sealed(&data_dir.join("gsb-log").join(simpul_gsb_log::LOG_FILE), |r| {
        if r.entry.status == 200 {
            logged.insert(r.entry.path);
        }
    })
    .unwrap();
    let missing: Vec<&String> = delivered.iter().filter(|p| !logged.contains(*p)).collect();
    assert!(missing.is_empty(), "{} of {} delivered responses have no record, e.g. {:?}", missing.len(), delivered.len(), missing.first());

    // The batch index (written after each batch, unsynced) lags the log by at most the batch sealed at the kill,
    // and the last sealed record still proves through it, as by scanning the log.
    let log_dir = data_dir.join("gsb-log");
    let public = simpul_gsb_log::BusKey::load_or_create(&log_dir.join("gsb-signing.key")).unwrap().public();
    let (summary, index) = simpul_gsb_log::verify::verify_dir(&log_dir, &[public]).unwrap();
    use simpul_gsb_log::index::IndexState;
    assert!(matches!(index, IndexState::Matches) || index == IndexState::DiffersFrom(summary.batches - 1), "{index:?} for {} batches", summary.batches);
    let last = summary.next_seq - 1;
    let (proof, via) = simpul_gsb_log::proof::prove_via(&log_dir, last).unwrap();
    assert_eq!((proof.as_ref(), via), (simpul_gsb_log::proof::prove_scan(&log_dir, last).unwrap().as_ref(), simpul_gsb_log::proof::Via::Index));
    assert_eq!(proof.unwrap().verify(&[public]).unwrap().0.seq, last);
});
