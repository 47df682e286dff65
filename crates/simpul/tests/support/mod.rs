//! Test harness: runs the whole router in-process on a real port, over a
//! fresh database on SQLite or on the PostgreSQL server at
//! `SIMPUL_TEST_PG_URL` (started by `scripts/test.sh`). A missing PostgreSQL
//! URL is a failure, never a skip.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use simpul_store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct App {
    pub base: String,
    pub store: Store,
    pub backend: Backend,
    /// For CLI tests: `--data-dir` or `--database-url` arguments.
    pub db_args: Vec<String>,
    pub dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for App {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("SIMPUL_TEST_PG_URL").expect("SIMPUL_TEST_PG_URL is not set: run the suite with scripts/test.sh, which starts a throwaway PostgreSQL cluster")
}

/// A fresh, empty, migrated database.
pub async fn fresh_store(backend: Backend, dir: &std::path::Path) -> (Store, Vec<String>) {
    match backend {
        Backend::Sqlite => {
            let d = dir.join("data");
            let key = simpul_store::sealing::DataKey::load_or_create(&d.join(simpul_store::sealing::KEY_FILE)).unwrap();
            (Store::open_sqlite_dir(&d).await.unwrap().with_data_key(key), vec!["--data-dir".into(), d.display().to_string()])
        }
        Backend::Postgres => {
            let admin_url = pg_admin_url();
            let name = format!("simpul_t_{}", rand_suffix());
            let admin = Store::open_url(&admin_url).await.expect("cannot connect to SIMPUL_TEST_PG_URL");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(admin.pool()).await.unwrap();
            admin.close().await;
            let url = match admin_url.rsplit_once('/') {
                Some((base, _)) => format!("{base}/{name}"),
                None => panic!("bad SIMPUL_TEST_PG_URL"),
            };
            (Store::open_url(&url).await.unwrap().with_data_key(simpul_store::sealing::DataKey::generate()), vec!["--database-url".into(), url])
        }
    }
}

pub fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("{}_{:x}", std::process::id(), n)
}

impl App {
    pub async fn spawn(backend: Backend) -> App {
        Self::spawn_with(backend, simpul_web::WebConfig { login_attempts_per_minute: 10_000, ..Default::default() }, true).await
    }

    pub async fn spawn_with(backend: Backend, config: simpul_web::WebConfig, demo: bool) -> App {
        let dir = tempfile::tempdir().unwrap();
        let (store, db_args) = fresh_store(backend, dir.path()).await;
        store.migrate().await.unwrap();
        if demo {
            simpul::demo::seed(&store).await.unwrap();
        }
        let mut config = config;
        config.gsb_log_dir.get_or_insert_with(|| dir.path().join("gsb-log"));
        let app = simpul_web::router(simpul_web::AppState::new(store.clone(), config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        App { base: format!("http://{addr}"), store, backend, db_args, dir, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client with no credentials.
    pub fn anon(&self) -> Client {
        Client { http: http_client(), base: self.base.clone(), csrf: None, bearer: None }
    }

    /// Signs in through the API and returns a cookie-holding client.
    pub async fn login(&self, username: &str) -> Client {
        self.login_with(username, simpul::demo::DEMO_PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let mut c = self.anon();
        let (status, body) = c.send(Method::POST, "/api/v1/session", Some(json!({"username": username, "password": password}))).await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        c.csrf = body["csrf_token"].as_str().map(str::to_string);
        c
    }

    /// A client authenticating with a bearer token made for `username`.
    pub async fn token_client(&self, username: &str, scope: &str) -> Client {
        let c = self.login(username).await;
        let (status, body) = c.send(Method::POST, "/api/v1/me/tokens", Some(json!({"name": "uji", "scope": scope}))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        Client { http: reqwest::Client::new(), base: self.base.clone(), csrf: None, bearer: body["token"].as_str().map(str::to_string) }
    }

    /// Signs in through the HTML form, as a browser does; the client keeps the
    /// form's CSRF token (sent by `Client::form` as a form field).
    pub async fn ui_login(&self, user: &str) -> Client {
        let c = self.anon();
        let res = c.http.post(self.url("/masuk")).form(&[("username", user), ("password", simpul::demo::DEMO_PASSWORD), ("next", "")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login {user}");
        let (_, html) = c.page("/akun-saya").await;
        let token = html.split("name=\"csrf_token\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
        Client { csrf: Some(token), ..c }
    }

    pub async fn agency_id(&self, code: &str) -> i64 {
        self.store.agency_by_code(code).await.unwrap().unwrap().id
    }
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
}

impl Client {
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.csrf {
            req = req.header("x-csrf-token", t);
        }
        if let Some(b) = &self.bearer {
            req = req.bearer_auth(b);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Posts a `multipart/form-data` body (file uploads), with the client's
    /// credentials and, for a session, the CSRF header.
    pub async fn upload(&self, path: &str, parts: &[Part<'_>]) -> (StatusCode, Value) {
        let (ct, body) = multipart(parts);
        let mut req = self.http.post(format!("{}{}", self.base, path)).header("content-type", ct).body(body);
        if let Some(t) = &self.csrf {
            req = req.header("x-csrf-token", t);
        }
        if let Some(b) = &self.bearer {
            req = req.bearer_auth(b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Switches the Pemda profile to another regulation (as an administrator).
    pub async fn set_regulation(&self, regulation: &str) {
        let (_, mut p) = self.get("/api/v1/profile").await;
        p["regulation"] = json!(regulation);
        let (s, body) = self.put("/api/v1/profile", p).await;
        assert_eq!(s, StatusCode::OK, "{body}");
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::DELETE, path, None).await
    }
    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(body)).await
    }

    /// Posts an HTML form (as a browser would) with the CSRF token added.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if let Some(t) = &self.csrf {
            all.push(("csrf_token", t.as_str()));
        }
        self.http.post(format!("{}{}", self.base, path)).form(&all).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let res = self.http.get(format!("{}{}", self.base, path)).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }
}

/// One part of a multipart body: name, `Some((file name, content type))` for a file, bytes.
pub type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a [u8]);

/// A `multipart/form-data` body built by hand: (content type with boundary, bytes).
pub fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "----simpul-uji-7d3f";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some((file_name, ct)) => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {ct}\r\n\r\n").as_bytes()),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Runs one async test body on both backends, as `NAME::sqlite` and `NAME::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = support::App::spawn(support::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = support::App::spawn(support::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}
