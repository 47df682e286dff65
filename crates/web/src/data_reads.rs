//! Reads through data-sharing grants (`actions::sharing`), as middleware
//! that runs after `ctx::authenticate`:
//!
//! * an API token scoped to a grant may only `GET` the grant's datasets
//!   under `/api/v1/datasets/{id}…`, while the grant is in force; anything
//!   else answers 403 `forbidden`;
//! * every successful read of a dataset by an agency that reads it through
//!   a grant — the dataset page, its metadata, versions, rows, exports,
//!   file, integrity check — is logged in `data_reads` with who, which
//!   agency, which grant, which dataset and version, what, when and from
//!   where. The owner and Diskominfo read the log.

use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use simpul_domain::datasets::{agencies_of, reads_everything};
use simpul_domain::now_millis;
use simpul_store::sharing::NewRead;

use crate::ctx::{Ctx, Via};
use crate::error::AppError;
use crate::AppState;

/// A dataset read path: the dataset, the version if named, and what is read.
fn target(path: &str, query: Option<&str>) -> Option<(i64, Option<i64>, &'static str)> {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match segs.as_slice() {
        ["", "api", "v1", "datasets", id, rest @ ..] => {
            let id = id.parse().ok()?;
            let version = match rest {
                ["versions", v, ..] => v.parse().ok(),
                _ => None,
            };
            Some((id, version, simpul_domain::sharing::read_kind(rest)))
        }
        ["", "data", id] => {
            let id = id.parse().ok()?;
            let version = query.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()).and_then(|v| v.into_iter().find(|(k, _)| k == "versi")).and_then(|(_, v)| v.parse().ok());
            Some((id, version, "halaman"))
        }
        _ => None,
    }
}

pub async fn grant_reads(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else { return next.run(req).await };
    let Some(p) = ctx.principal.clone() else { return next.run(req).await };
    let path = req.uri().path().to_string();
    let reading = matches!(*req.method(), Method::GET | Method::HEAD);
    let tgt = target(&path, req.uri().query());
    let now = now_millis();

    let token_grant = match ctx.via {
        Via::Token(_, grant) => grant,
        _ => None,
    };
    if let Some(g) = token_grant {
        let allowed = match tgt {
            Some((id, _, _)) if reading && path.starts_with("/api/") => state.store.grant_covers(g, id, now).await.unwrap_or(false),
            _ => false,
        };
        if !allowed {
            return AppError::Forbidden.into_response();
        }
    }

    let Some((dataset_id, version_no, what)) = tgt.filter(|_| reading) else { return next.run(req).await };
    if reads_everything(&p) {
        return next.run(req).await;
    }
    let grant = match token_grant {
        Some(g) => state.store.data_grant(g).await.ok().map(|x| (x.id, x.agency_id)),
        None => match state.store.grants_in_force(dataset_id, &agencies_of(&p), now).await {
            Ok(v) => v.into_iter().next(),
            Err(e) => return AppError::from(e).into_response(),
        },
    };
    let res = next.run(req).await;
    if let Some((grant_id, agency_id)) = grant
        && res.status().is_success() {
            // The owner reads its own data without a grant; only grantees are logged.
            let owner = state.store.dataset(dataset_id).await.map(|d| d.agency_id).ok();
            if owner.is_some_and(|o| !agencies_of(&p).contains(&o)) {
                let via = if token_grant.is_some() { "token_hibah" } else if matches!(ctx.via, Via::Token(..)) { "token" } else { "sesi" };
                let rec = NewRead { grant_id, dataset_id, version_no, account_id: Some(p.account_id), actor: &p.username, agency_id, what, path: &path, via, ip: ctx.ip.as_deref() };
                if let Err(e) = state.store.log_data_read(&rec).await {
                    tracing::error!("data read log: {e}");
                    return AppError::from(e).into_response();
                }
            }
        }
    res
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn read_paths() {
        assert_eq!(target("/api/v1/datasets/5", None), Some((5, None, "metadata")));
        assert_eq!(target("/api/v1/datasets/5/versions/2/rows", None), Some((5, Some(2), "baris")));
        assert_eq!(target("/api/v1/datasets/5/versions/2/file", None), Some((5, Some(2), "berkas")));
        assert_eq!(target("/data/5", Some("versi=3&sort=a")), Some((5, Some(3), "halaman")));
        assert_eq!(target("/data/baru", None), None);
        assert_eq!(target("/api/v1/datasets", None), None);
        assert_eq!(target("/api/v1/data-grants/1", None), None);
    }
}
