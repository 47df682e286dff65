//! The server-rendered UI over HTTP: sign-in, forms with Indonesian field
//! errors, role-dependent pages, the audit filters, the forced password change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;

async fn ui_login(app: &support::App, user: &str, password: &str) -> support::Client {
    let c = app.anon();
    let res = c.http.post(app.url("/masuk")).form(&[("username", user), ("password", password), ("next", "")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "login {user}");
    // Take the CSRF token from a page's hidden field.
    let (_, html) = c.page("/akun-saya").await;
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    support::Client { csrf: Some(token), ..c }
}

both!(pages_render_for_admin_and_anonymous_is_sent_to_sign_in, |app: support::App| async move {
    let anon = app.anon();
    let (s, html) = anon.page("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("lang=\"id\"") && html.contains("Portal SPBE Pemerintah Kota Tanjung Selatan"), "{html}");
    for path in ["/dasbor", "/perangkat-daerah", "/pegawai", "/akun", "/jejak-audit", "/profil-pemda", "/akun-saya"] {
        let res = anon.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.headers()["location"], "/masuk", "{path}");
    }
    let admin = ui_login(&app, "admin", "simpul-demo").await;
    let dinkes = app.agency_id("DINKES").await;
    for path in ["/dasbor", "/perangkat-daerah", "/perangkat-daerah/baru", &format!("/perangkat-daerah/{dinkes}"), &format!("/perangkat-daerah/{dinkes}/ubah"), "/pegawai", "/pegawai/baru", "/akun", "/akun/baru", "/akun/1", "/jejak-audit", "/jejak-audit?verifikasi=1", "/profil-pemda", "/akun-saya"] {
        let (s, html) = admin.page(path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {html}");
        assert!(html.contains("<h1>"), "{path}");
    }
    let (_, html) = admin.page("/dasbor").await;
    assert!(html.contains("data-chart=\"agencies-by-kind\"") && html.contains("<svg"));
    let (_, html) = admin.page("/jejak-audit?verifikasi=1").await;
    assert!(html.contains("Rantai utuh"), "{html}");
    let (s, html) = admin.page("/tidak-ada").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html.contains("Tidak ditemukan"));
});

both!(wrong_password_is_explained_in_indonesian, |app: support::App| async move {
    let c = app.anon();
    let res = c.http.post(app.url("/masuk")).form(&[("username", "admin"), ("password", "salah")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = res.text().await.unwrap();
    assert!(html.contains("Nama pengguna atau kata sandi salah."), "{html}");
    // No open redirect after sign-in.
    let res = c.http.post(app.url("/masuk")).form(&[("username", "admin"), ("password", "simpul-demo"), ("next", "//evil.example/")]).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/dasbor");
});

both!(agency_form_shows_field_errors_and_keeps_input, |app: support::App| async move {
    let admin = ui_login(&app, "admin", "simpul-demo").await;
    let before = app.store.counts().await.unwrap();
    let res = admin.form("/perangkat-daerah/baru", &[("code", "DISKOMINFO"), ("name", ""), ("kind", "dinas"), ("email", "salah"), ("address", "Jl. Uji No. 1")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-name\">Wajib diisi.</p>"), "{html}");
    assert!(html.contains("id=\"e-email\">Alamat surel tidak valid.</p>"));
    assert!(html.contains("value=\"Jl. Uji No. 1\""), "input is kept");
    assert!(html.contains("aria-invalid=\"true\""));
    let res = admin.form("/perangkat-daerah/baru", &[("code", "DISKOMINFO"), ("name", "Dinas Ganda"), ("kind", "dinas")]).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("Kode perangkat daerah sudah dipakai."), "{html}");
    assert_eq!(app.store.counts().await.unwrap().agencies_active, before.agencies_active);
    // A hostile value is escaped, never executed.
    let res = admin.form("/perangkat-daerah/baru", &[("code", "XSS"), ("name", "<script>alert(1)</script>"), ("kind", "dinas")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(res.headers()["location"].to_str().unwrap()).await;
    assert!(html.contains("&#60;script&#62;alert(1)") && !html.contains("<script>alert"), "{html}");
});

both!(operator_sees_directory_but_not_accounts_or_audit, |app: support::App| async move {
    let op = ui_login(&app, "operator.dinkes", "simpul-demo").await;
    let (_, html) = op.page("/dasbor").await;
    assert!(!html.contains("href=\"/akun\"") && !html.contains("href=\"/jejak-audit\""), "nav hides what is forbidden");
    for path in ["/akun", "/akun/baru", "/jejak-audit", "/perangkat-daerah/baru"] {
        let (s, html) = op.page(path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("Akses ditolak"));
    }
    let disdik = app.agency_id("DISDIKBUD").await;
    let (s, _) = op.page(&format!("/perangkat-daerah/{disdik}/ubah")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let dinkes = app.agency_id("DINKES").await;
    let (s, html) = op.page(&format!("/perangkat-daerah/{dinkes}/ubah")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("name=\"code\" type=\"text\""), "operators cannot change the code");
    let res = op.form(&format!("/perangkat-daerah/{dinkes}/unit"), &[("code", "SEKSI-UJI"), ("name", "Seksi Uji")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = op.form(&format!("/perangkat-daerah/{disdik}/unit"), &[("code", "SEKSI-UJI"), ("name", "Seksi Uji")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

both!(audit_page_filters_by_agency_entity_actor_and_date, |app: support::App| async move {
    let admin = ui_login(&app, "admin", "simpul-demo").await;
    let dinkes = app.agency_id("DINKES").await;
    let res = admin.form(&format!("/perangkat-daerah/{dinkes}/unit"), &[("code", "AUDITUJI"), ("name", "Seksi Jejak Audit")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&format!("/jejak-audit?agency_id={dinkes}&entity=unit")).await;
    let first_row = html.split("<tbody>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(first_row.contains("AUDITUJI"), "{first_row}");
    assert!(!html.contains("<code class=\"muted\">account</code>"), "entity filter applies");
    let admin_id = app.store.credentials("admin").await.unwrap().unwrap().id;
    let (_, html) = admin.page(&format!("/jejak-audit?actor_account_id={admin_id}")).await;
    assert!(!html.contains("<td>demo</td>"), "actor filter applies");
    let (_, html) = admin.page("/jejak-audit?from=2000-01-01&until=2000-01-02").await;
    assert!(html.contains("0 data"), "date range applies");
    let (s, html) = admin.page("/jejak-audit?from=kemarin").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Tanggal harus berformat TTTT-BB-HH."), "{html}");
});

both!(reset_password_forces_a_change_before_anything_else, |app: support::App| async move {
    let admin = ui_login(&app, "admin", "simpul-demo").await;
    let id = app.store.credentials("asesor").await.unwrap().unwrap().id;
    let res = admin.form(&format!("/akun/{id}/reset-sandi"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let temp = html.split("tidak tampil lagi").next().unwrap();
    let temp = html.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).unwrap_or(temp).to_string();
    let c = app.anon();
    let res = c.http.post(app.url("/masuk")).form(&[("username", "asesor"), ("password", temp.as_str())]).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/akun-saya?wajib=1");
    let res = c.http.get(app.url("/dasbor")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/akun-saya?wajib=1", "blocked until changed");
    let (_, html) = c.page("/akun-saya").await;
    assert!(html.contains("Anda wajib mengganti kata sandi"));
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    let res = c.http.post(app.url("/akun-saya/kata-sandi")).form(&[("csrf_token", token.as_str()), ("current_password", temp.as_str()), ("new_password", "sandi-asesor-baru"), ("confirm_password", "beda")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Konfirmasi kata sandi tidak sama."));
    let res = c.http.post(app.url("/akun-saya/kata-sandi")).form(&[("csrf_token", token.as_str()), ("current_password", temp.as_str()), ("new_password", "sandi-asesor-baru"), ("confirm_password", "sandi-asesor-baru")]).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/masuk?ok=sandi");
    ui_login(&app, "asesor", "sandi-asesor-baru").await;
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_endpoints() {
    let app = support::App::spawn(support::Backend::Sqlite).await;
    let c = app.anon();
    let (s, h) = c.get("/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["status"], "ok");
    c.get("/api/v1/portal").await;
    let (s, m) = c.page("/metrics").await;
    assert_eq!(s, StatusCode::OK);
    assert!(m.contains("simpul_http_requests_total{method=\"GET\",route=\"/api/v1/portal\",status=\"200\"} 1"), "{m}");
    assert!(m.contains("simpul_records{kind=\"agencies_active\"} 34"));
    let res = c.http.get(app.url("/")).send().await.unwrap();
    for h in ["content-security-policy", "x-frame-options", "x-content-type-options"] {
        assert!(res.headers().contains_key(h), "{h}");
    }
    // The OpenAPI document is generated from the routes.
    let (s, doc) = c.get("/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"].as_str().map(|v| v.starts_with("3.")), Some(true));
    assert!(doc["paths"]["/api/v1/agencies"]["post"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

both!(units_are_renamed_and_deactivated_from_the_agency_page, |app: support::App| async move {
    let op = ui_login(&app, "operator.dinkes", "simpul-demo").await;
    let dinkes = app.agency_id("DINKES").await;
    let unit = app.store.units(dinkes).await.unwrap().into_iter().next().unwrap();
    let path = format!("/perangkat-daerah/{dinkes}/unit/{}", unit.id);
    let res = op.form(&path, &[("code", unit.code.as_str()), ("name", "Sekretariat Dinas"), ("active", "0")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = app.store.unit(unit.id).await.unwrap();
    assert_eq!((after.name.as_str(), after.active), ("Sekretariat Dinas", false));
    let res = op.form(&path, &[("code", unit.code.as_str()), ("name", ""), ("active", "1")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Wajib diisi."));
    // A unit of another agency cannot be reached through this agency's page.
    let disdik = app.agency_id("DISDIKBUD").await;
    let other = app.store.units(disdik).await.unwrap().into_iter().next().unwrap();
    let res = op.form(&format!("/perangkat-daerah/{dinkes}/unit/{}", other.id), &[("code", other.code.as_str()), ("name", "x"), ("active", "1")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
});
