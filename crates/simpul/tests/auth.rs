//! Sign-in, sessions, CSRF, lock-out, throttling, password change and reset,
//! API tokens — over HTTP on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;

both!(session_cookie_is_hardened_and_rotated, |app: support::App| async move {
    let c = app.anon();
    // A stale or stolen cookie value presented before sign-in is not reused.
    let res = c.http.post(app.url("/api/v1/session")).header("cookie", "simpul_session=attacker-chosen").json(&json!({"username": "admin", "password": "simpul-demo"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("simpul_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("attacker-chosen"));
    let first = cookie.split(';').next().unwrap().to_string();
    // Signing in again issues a different session id.
    let c2 = app.anon();
    let res = c2.http.post(app.url("/api/v1/session")).json(&json!({"username": "admin", "password": "simpul-demo"})).send().await.unwrap();
    let second = res.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    assert_ne!(first, second);
    // The stored session is only a digest of the cookie.
    let raw = first.trim_start_matches("simpul_session=");
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM sessions WHERE token_hash = '{raw}'"))).fetch_one(app.store.pool()).await.unwrap();
    assert_eq!(n, 0);
});

both!(sign_out_ends_the_session, |app: support::App| async move {
    let c = app.login("kadinkes").await;
    let (s, me) = c.get("/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], "kadinkes");
    let (s, _) = c.send(Method::DELETE, "/api/v1/session", None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, e) = c.get("/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["error"]["code"], "unauthenticated");
});

both!(csrf_is_required_for_cookie_sessions, |app: support::App| async move {
    let mut c = app.login("admin").await;
    let token = c.csrf.take();
    let (s, e) = c.post("/api/v1/agencies", json!({"code": "CSRF", "name": "x", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(e["error"]["code"], "csrf_failed");
    c.csrf = Some("0".repeat(64));
    let (s, _) = c.post("/api/v1/agencies", json!({"code": "CSRF", "name": "x", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Cross-site requests are refused even with the right token.
    let res = c.http.post(app.url("/api/v1/agencies")).header("x-csrf-token", token.clone().unwrap()).header("sec-fetch-site", "cross-site").json(&json!({"code": "CSRF", "name": "x", "kind": "dinas"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = c.http.post(app.url("/api/v1/agencies")).header("x-csrf-token", token.clone().unwrap()).header("origin", "http://evil.example").json(&json!({"code": "CSRF", "name": "x", "kind": "dinas"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // HTML forms carry the token as a field; without it the form is refused.
    let res = c.http.post(app.url("/perangkat-daerah/baru")).form(&[("code", "CSRF"), ("name", "x"), ("kind", "dinas")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("CSRF"));
    c.csrf = token;
    let res = c.form("/perangkat-daerah/baru", &[("code", "CSRF"), ("name", "Dinas Uji CSRF"), ("kind", "dinas")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.store.agency_by_code("CSRF").await.unwrap().is_some());
});

both!(repeated_failures_lock_the_account, |app: support::App| async move {
    let c = app.anon();
    for i in 0..5 {
        let (s, e) = c.post("/api/v1/session", json!({"username": "sd2", "password": "salah-sekali"})).await;
        if i < 4 {
            assert_eq!(s, StatusCode::UNAUTHORIZED, "attempt {i}");
            assert_eq!(e["error"]["code"], "invalid_credentials");
        } else {
            assert_eq!(s, StatusCode::LOCKED);
            assert_eq!(e["error"]["code"], "account_locked");
        }
    }
    // Even the right password is refused while locked.
    let (s, _) = c.post("/api/v1/session", json!({"username": "sd2", "password": "simpul-demo"})).await;
    assert_eq!(s, StatusCode::LOCKED);
    // Unknown users get the same answer as a wrong password.
    let (s, e) = c.post("/api/v1/session", json!({"username": "tidak-ada", "password": "x"})).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["error"]["code"], "invalid_credentials");
    // An administrator's reset unlocks it, with a temporary password that must be changed.
    let admin = app.login("admin").await;
    let sd2 = app.store.credentials("sd2").await.unwrap().unwrap().id;
    let (s, r) = admin.post(&format!("/api/v1/accounts/{sd2}/password-reset"), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let temp = r["temporary_password"].as_str().unwrap().to_string();
    let c = app.login_with("sd2", &temp).await;
    let (_, me) = c.get("/api/v1/me").await;
    assert_eq!(me["must_change_password"], true);
    // Until it is changed, the API serves nothing else.
    let (s, e) = c.get("/api/v1/agencies").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(e["error"]["code"], "password_change_required");
    let (s, _) = c.get("/api/v1/regulations").await;
    assert_eq!(s, StatusCode::OK, "public operations stay open");
    let (s, e) = c.post("/api/v1/me/password", json!({"current_password": temp, "new_password": "pendek", "confirm_password": "pendek"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["fields"][0]["code"], "too_short");
    let (s, _) = c.post("/api/v1/me/password", json!({"current_password": temp, "new_password": "kata-sandi-baru-1", "confirm_password": "kata-sandi-baru-1"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    // The change ended the session; the new password works, the old does not.
    let (s, _) = c.get("/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let c = app.login_with("sd2", "kata-sandi-baru-1").await;
    let (_, me) = c.get("/api/v1/me").await;
    assert_eq!(me["must_change_password"], false);
    let (s, _) = app.anon().post("/api/v1/session", json!({"username": "sd2", "password": temp})).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // The trail recorded the failures, the lock and the reset.
    let (_, audit) = admin.get(&format!("/api/v1/audit?entity=account&entity_id={sd2}&per_page=200")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for a in ["sign_in_failed", "locked", "reset_password", "change_password", "sign_in"] {
        assert!(actions.contains(&a), "{a} not in {actions:?}");
    }
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_are_throttled_per_address() {
    let config = simpul_web::WebConfig { login_attempts_per_minute: 3, ..Default::default() };
    let app = support::App::spawn_with(support::Backend::Sqlite, config, true).await;
    let c = app.anon();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (s, _) = c.post("/api/v1/session", json!({"username": "walikota", "password": "salah"})).await;
        statuses.push(s.as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 429, 429]);
    let (s, e) = c.post("/api/v1/session", json!({"username": "walikota", "password": "simpul-demo"})).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(e["error"]["code"], "rate_limited");
}

both!(api_tokens_are_shown_once_scoped_and_revocable, |app: support::App| async move {
    let admin = app.login("admin").await;
    let (s, t) = admin.post("/api/v1/me/tokens", json!({"name": "skrip inventaris", "scope": "read", "expires_days": 30})).await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let secret = t["token"].as_str().unwrap().to_string();
    assert!(secret.starts_with("smp_"));
    // Listed without the secret; stored only as a digest.
    let (_, list) = admin.get("/api/v1/me/tokens").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], "skrip inventaris");
    assert!(!list.to_string().contains(&secret));
    let stored: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{secret}'"))).fetch_one(app.store.pool()).await.unwrap();
    assert_eq!(stored, 0);

    let bearer = support::Client { http: reqwest::Client::new(), base: app.base.clone(), csrf: None, bearer: Some(secret.clone()) };
    let (s, _) = bearer.get("/api/v1/agencies").await;
    assert_eq!(s, StatusCode::OK);
    // Read scope: no changes, even for an administrator's token.
    let (s, e) = bearer.post("/api/v1/agencies", json!({"code": "TOK", "name": "x", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(e["error"]["code"], "forbidden");
    // A write token may change what the account may change, without CSRF.
    let writer = app.token_client("admin", "write").await;
    let (s, _) = writer.post("/api/v1/agencies", json!({"code": "TOK", "name": "Dinas Token", "kind": "dinas"})).await;
    assert_eq!(s, StatusCode::CREATED);
    // Revoked: refused at once.
    let id = t["info"]["id"].as_i64().unwrap();
    let (s, _) = admin.send(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, e) = bearer.get("/api/v1/agencies").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["error"]["code"], "unauthenticated");
    // Another user's token cannot be revoked by someone else.
    let other = app.login("kadinkes").await;
    let (_, t2) = other.post("/api/v1/me/tokens", json!({"name": "x", "scope": "read"})).await;
    let id2 = t2["info"]["id"].as_i64().unwrap();
    let (s, _) = admin.send(Method::DELETE, &format!("/api/v1/me/tokens/{id2}"), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Bad scope.
    let (s, e) = admin.post("/api/v1/me/tokens", json!({"name": "x", "scope": "admin"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["fields"][0]["field"], "scope");
});

both!(accounts_and_roles_are_managed_by_admin, |app: support::App| async move {
    let admin = app.login("admin").await;
    let dinkes = app.agency_id("DINKES").await;
    let (_, p) = admin.post("/api/v1/people", json!({"name": "Dewi Lestari, S.Kom.", "nip": "199403102019032004", "agency_id": dinkes})).await;
    let pid = p["id"].as_i64().unwrap();
    // Scoped roles need an agency.
    let (s, e) = admin.post("/api/v1/accounts", json!({"username": "dewi", "person_id": pid, "password": "sandi-awal-123", "grants": [{"role": "operator_pd"}]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["fields"][0]["code"], "agency_required");
    let (s, a) = admin.post("/api/v1/accounts", json!({"username": "dewi", "person_id": pid, "password": "sandi-awal-123", "grants": [{"role": "operator_pd", "agency_id": dinkes}, {"role": "walidata", "agency_id": dinkes}]})).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["must_change_password"], true);
    let id = a["id"].as_i64().unwrap();
    let (s, _) = admin.post("/api/v1/accounts", json!({"username": "dewi", "password": "sandi-awal-123"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, a) = admin.put(&format!("/api/v1/accounts/{id}/roles"), json!({"grants": [{"role": "auditor_tik", "agency_id": dinkes}]})).await;
    assert_eq!(s, StatusCode::OK);
    // A global role drops the agency.
    assert_eq!(a["grants"], json!([{"role": "auditor_tik", "agency_id": null}]));
    let (_, list) = admin.get("/api/v1/accounts?role=auditor_tik").await;
    assert!(list["items"].as_array().unwrap().iter().any(|a| a["username"] == "dewi"));
    // Deactivated accounts cannot sign in.
    let (s, _) = admin.post(&format!("/api/v1/accounts/{id}/deactivate"), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.anon().post("/api/v1/session", json!({"username": "dewi", "password": "sandi-awal-123"})).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // The administrator cannot lock themself out.
    let me = app.store.credentials("admin").await.unwrap().unwrap().id;
    let (s, _) = admin.post(&format!("/api/v1/accounts/{me}/deactivate"), json!({})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = admin.put(&format!("/api/v1/accounts/{me}/roles"), json!({"grants": []})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
});
