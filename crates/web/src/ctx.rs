//! Who is calling: the authentication middleware, CSRF protection, and the
//! `Ctx` extractor handlers use to authorize.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use simpul_domain::audit::Actor;
use simpul_domain::auth::{constant_time_eq, secret_digest};
use simpul_domain::roles::{Action, Principal, TokenScope};

use crate::error::AppError;
use crate::AppState;

pub const SESSION_COOKIE: &str = "simpul_session";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    Session,
    /// With the data grant the token is scoped to, if any (`data_reads`).
    Token(TokenScope, Option<i64>),
}

/// The caller of one request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub principal: Option<Principal>,
    pub via: Via,
    pub ip: Option<String>,
    /// The session's CSRF token, for forms.
    pub csrf: String,
    /// Digest of the session cookie, when signed in by cookie.
    pub session_hash: Option<String>,
}

impl Ctx {
    pub fn user(&self) -> Result<&Principal, AppError> {
        self.principal.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// Deny unless the principal may perform `action`.
    pub fn require(&self, action: Action) -> Result<&Principal, AppError> {
        let p = self.user()?;
        if p.can(action) { Ok(p) } else { Err(AppError::Forbidden) }
    }

    pub fn actor(&self) -> Actor {
        Actor { account_id: self.principal.as_ref().map(|p| p.account_id), name: self.principal.as_ref().map(|p| p.username.clone()).unwrap_or_else(|| "anonim".into()), ip: self.ip.clone() }
    }

    pub fn can(&self, action: Action) -> bool {
        self.principal.as_ref().is_some_and(|p| p.can(action))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| AppError::Internal("auth middleware missing".into()))
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

pub fn session_cookie(value: &str, secure: bool, max_age: i64) -> String {
    format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}", if secure { "; Secure" } else { "" })
}

fn client_ip(req: &Request<Body>, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(v) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok())
            && let Some(first) = v.split(',').next() {
                return Some(first.trim().to_string());
            }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Rejects cross-site state-changing requests (Fetch Metadata, then Origin).
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split("://").nth(1).is_some_and(|o| o == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

fn reject(path: &str, e: AppError) -> Response {
    if is_api(path) { e.into_response() } else { crate::ui::error_page(e) }
}

/// Resolves the caller, enforces CSRF and token scopes, and stores a [`Ctx`].
pub async fn authenticate(State(state): State<AppState>, mut req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let ip = client_ip(&req, state.config.trust_proxy);
    // CKAN's Action API takes POST for reads too; it changes nothing and serves public data only.
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) && !crate::ckan::is_ckan_path(&path);
    let mut ctx = Ctx { principal: None, via: Via::Anonymous, ip, csrf: String::new(), session_hash: None };

    let bearer = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(|s| s.trim().to_string());
    if let Some(token) = bearer {
        match state.store.token_principal(&secret_digest(&token)).await {
            Ok(Some((p, scope, data_grant))) => {
                if unsafe_method && scope == TokenScope::Read {
                    return AppError::Forbidden.into_response();
                }
                ctx.principal = Some(p);
                ctx.via = Via::Token(scope, data_grant);
            }
            Ok(None) => return AppError::Unauthenticated.into_response(),
            Err(e) => return AppError::from(e).into_response(),
        }
    } else if let Some(cookie) = cookie(req.headers(), SESSION_COOKIE) {
        let hash = secret_digest(&cookie);
        match state.store.session_principal(&hash).await {
            Ok(Some((p, csrf))) => {
                ctx.principal = Some(p);
                ctx.via = Via::Session;
                ctx.csrf = csrf;
                ctx.session_hash = Some(hash);
            }
            Ok(None) => {}
            Err(e) => return reject(&path, e.into()),
        }
    }

    if unsafe_method && !matches!(ctx.via, Via::Token(..)) {
        if !same_origin(req.headers()) {
            return reject(&path, AppError::Csrf);
        }
        if ctx.via == Via::Session {
            let header_token = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
            let presented = match header_token {
                Some(t) => Some(t),
                None => {
                    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
                    // File uploads from forms without JavaScript: the token is a
                    // multipart field like any other form field.
                    let is_multipart = content_type.starts_with("multipart/form-data");
                    if is_form || is_multipart {
                        let (parts, body) = req.into_parts();
                        // Dataset versions have their own, configurable, limit.
                        let dataset_upload = (path.starts_with("/data/") && path.ends_with("/versi")) || (path.starts_with("/api/v1/datasets/") && path.ends_with("/versions"));
                        let max_dataset = state.config.max_dataset_upload_bytes;
                        let limit = match (is_multipart, dataset_upload) {
                            (true, true) => max_dataset.saturating_add(256 * 1024),
                            (true, false) => crate::attachments::MAX_UPLOAD_BODY,
                            (false, _) => MAX_FORM_BYTES,
                        };
                        let bytes = match axum::body::to_bytes(body, limit).await {
                            Ok(b) => b,
                            Err(_) if is_multipart && dataset_upload => return reject(&path, crate::actions::dataset_too_large(max_dataset)),
                            Err(_) if is_multipart => return reject(&path, crate::attachments::too_large()),
                            Err(_) => return reject(&path, AppError::Domain(simpul_domain::DomainError::BadRequest("Isian formulir terlalu besar.".into()))),
                        };
                        let token = if is_form { form_urlencoded_field(&bytes, CSRF_FIELD) } else { multipart_field(&content_type, bytes.clone(), CSRF_FIELD).await };
                        req = Request::from_parts(parts, Body::from(bytes));
                        token
                    } else {
                        None
                    }
                }
            };
            if !presented.is_some_and(|t| constant_time_eq(&t, &ctx.csrf)) {
                return reject(&path, AppError::Csrf);
            }
        }
    }

    // CKAN's read API is open to everyone and serves public data only (`crate::ckan`).
    if is_api(&path) && !crate::ckan::is_ckan_path(&path) {
        let method = req.method().clone();
        if ctx.principal.is_none() && !state.public_api.allows(&method, &path) {
            // Deny before any extractor looks at the request.
            return AppError::Unauthenticated.into_response();
        }
        if ctx.principal.as_ref().is_some_and(|p| p.must_change_password) && !PASSWORD_CHANGE_ROUTES.contains(&(method.as_str(), path.as_str())) && !state.public_api.allows(&method, &path) {
            return AppError::PasswordChangeRequired.into_response();
        }
    } else if let Some(p) = &ctx.principal
        && p.must_change_password && ctx.via == Via::Session && !matches!(path.as_str(), "/akun-saya" | "/akun-saya/kata-sandi" | "/keluar") && !path.starts_with("/static/") {
            return axum::response::Redirect::to("/akun-saya?wajib=1").into_response();
        }
    req.extensions_mut().insert(ctx);
    next.run(req).await
}

/// What an account with a temporary password may still do through the API.
const PASSWORD_CHANGE_ROUTES: &[(&str, &str)] = &[("GET", "/api/v1/me"), ("POST", "/api/v1/me/password"), ("DELETE", "/api/v1/session")];

/// The API operations open to anonymous callers: those the OpenAPI document
/// declares with an empty security requirement, so the document and the
/// gate cannot disagree.
#[derive(Debug, Default)]
pub struct PublicApi(Vec<(Method, Vec<String>)>);

impl PublicApi {
    pub fn from_doc(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut ops = Vec::new();
        for (path, item) in &doc.paths.paths {
            let methods = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::DELETE, &item.delete),
                (Method::PATCH, &item.patch),
            ];
            for (m, op) in methods {
                let Some(op) = op else { continue };
                let public = op.security.as_ref().is_some_and(|reqs| reqs.iter().any(|r| serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))));
                if public {
                    ops.push((m, path.split('/').map(str::to_string).collect()));
                }
            }
        }
        // The document itself is public too.
        ops.push((Method::GET, "/api/v1/openapi.json".split('/').map(str::to_string).collect()));
        PublicApi(ops)
    }

    pub fn allows(&self, method: &Method, path: &str) -> bool {
        let method = if method == Method::HEAD { &Method::GET } else { method };
        let segs: Vec<&str> = path.split('/').collect();
        self.0.iter().any(|(m, tpl)| {
            m == method && tpl.len() == segs.len() && tpl.iter().zip(&segs).all(|(t, s)| (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s)
        })
    }
}

/// The text of the first multipart field called `name`, if any.
async fn multipart_field(content_type: &str, bytes: axum::body::Bytes, name: &str) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let mut m = multer::Multipart::new(Body::from(bytes).into_data_stream(), boundary);
    while let Ok(Some(field)) = m.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

fn form_urlencoded_field(bytes: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}


/// Convenience for handlers that need the principal and an action check.
pub fn allow(ctx: &Ctx, action: Action) -> Result<&Principal, AppError> {
    ctx.require(action)
}
