//! The binary as an operator runs it: config file and environment overrides,
//! the start-up message, health, graceful shutdown on SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn start(args: &[&str], envs: &[(&str, &str)]) -> (std::process::Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::null()).env_remove("SIMPUL_DATA_DIR").env_remove("SIMPUL_LISTEN");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    std::thread::spawn(move || for _ in out.lines() {});
    (child, first)
}

fn url_of(line: &str) -> String {
    line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_string()
}

#[test]
fn config_file_env_override_startup_message_and_graceful_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cfg = dir.path().join("simpul.toml");
    std::fs::write(&cfg, format!("listen = \"127.0.0.1:1\"\ndata_dir = \"{}\"\nlog_format = \"json\"\n", data.display())).unwrap();
    // The environment overrides the file's listen address.
    let (mut child, line) = start(&["serve", "--config", cfg.to_str().unwrap(), "--demo"], &[("SIMPUL_LISTEN", "127.0.0.1:0")]);
    assert!(line.starts_with("Simpul berjalan: http://127.0.0.1:"), "{line}");
    let url = url_of(&line);
    let body = plain_http::get(&format!("{url}/healthz"));
    assert!(body.contains("\"status\":\"ok\""), "{body}");
    assert!(data.join("simpul.sqlite").exists(), "data_dir from the config file is used");
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let mut waited = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
        assert!(waited < 100, "did not stop on SIGTERM");
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn bad_config_is_reported_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("simpul.toml");
    std::fs::write(&cfg, "lisen = \"x\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_simpul")).args(["migrate", "--config", cfg.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("berkas konfigurasi") && err.contains("lisen"), "{err}");
}

mod plain_http {
    /// A tiny blocking GET over std, to keep this test free of a runtime.
    pub fn get(url: &str) -> String {
        use std::io::{Read, Write};
        let rest = url.trim_start_matches("http://");
        let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".into()));
        let mut s = std::net::TcpStream::connect(host).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut buf = String::new();
        s.read_to_string(&mut buf).unwrap();
        buf
    }
}

#[test]
fn a_new_installation_gets_its_first_administrator_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_simpul")).args(args).args(["--data-dir", data.to_str().unwrap()]).output().unwrap();
    let out = run(&["create-admin", "--username", "kominfo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let password = text.rsplit(": ").next().unwrap().trim().to_string();
    assert_eq!(password.len(), 16, "{text}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = simpul_store::Store::open_sqlite_dir(&data).await.unwrap();
        let c = store.credentials("kominfo").await.unwrap().unwrap();
        assert!(simpul_domain::auth::verify_password(&password, &c.password_hash));
        let p = store.principal(c.id).await.unwrap().unwrap();
        assert!(p.must_change_password && p.is_admin());
        assert!(store.audit_verify().await.unwrap().broken.is_none());
    });
    let again = run(&["create-admin", "--username", "kominfo"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("sudah dipakai"));
}
