//! The message log's records for auditors under `/api/v1/gsb/records`: one
//! record with its inclusion proof (checked here against the bus's public
//! key), and the request and response bodies kept for services configured
//! to keep them (issue 5 §3), each checked against the SHA-256 in the
//! signed record before a byte is sent (a changed body answers 409
//! `integrity_failed`). Authorization: `domain::gsb::may_read_exchanges`
//! (Auditor TIK, Diskominfo administrators, the providing agency); a record
//! of another agency's service answers 404.

use std::path::PathBuf;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use simpul_domain::gsb::may_read_exchanges;
use simpul_domain::DomainError;
use simpul_gsb_log::bodies::{BodyStore, Kept, Side};
use simpul_gsb_log::proof::Proof;
use simpul_gsb_log::Record;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ctx::Ctx;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::AppState;

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(find_record)).routes(routes!(get_record)).routes(routes!(request_body)).routes(routes!(response_body))
}

/// The file holding the bus's signing key in the log directory (its public
/// half checks the proofs).
pub const SIGNING_KEY_FILE: &str = "gsb-signing.key";

/// One exchange as the signed message log recorded it.
#[derive(Serialize, ToSchema)]
pub struct ExchangeRecord {
    /// Sequence number in the log (the record's id).
    pub seq: u64,
    pub batch_no: u64,
    /// When the exchange completed, microseconds since the Unix epoch.
    pub at_micros: i64,
    pub request_id: String,
    pub client: String,
    pub service: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub request_bytes: u64,
    pub response_bytes: u64,
    pub latency_micros: u64,
    pub request_sha256: String,
    pub response_sha256: String,
    /// A body kept for this exchange that matches the record (false when the
    /// service does not keep bodies, the body was pruned, or it was changed).
    pub request_body_kept: bool,
    pub response_body_kept: bool,
    /// The bus's Ed25519 public key (hex) the proof verifies against.
    pub public_key: String,
    /// The inclusion proof an auditor can check alone (`simpul_gsb_log::proof::Proof`).
    #[schema(value_type = Object)]
    pub proof: Proof,
}

struct Found {
    record: Record,
    batch_no: u64,
    proof: Proof,
    public_key: String,
    dir: PathBuf,
}

fn not_found() -> AppError {
    AppError::Domain(DomainError::NotFound("rekaman log pesan"))
}

/// The record `seq`, its proof checked, if the caller may read it.
async fn find(s: &AppState, ctx: &Ctx, seq: u64) -> ApiResult<Found> {
    let p = ctx.user()?;
    if !may_read_exchanges(p, None) {
        return Err(AppError::Forbidden);
    }
    let dir = s.config.gsb_log_dir.clone().ok_or_else(not_found)?;
    let key_path = dir.join(SIGNING_KEY_FILE);
    let d = dir.clone();
    let proven = tokio::task::spawn_blocking(move || -> Result<Option<(Proof, String, Record, u64)>, String> {
        if !key_path.exists() {
            return Ok(None);
        }
        let proof = match simpul_gsb_log::proof::prove(&d, seq) {
            Ok(Some(proof)) => proof,
            Ok(None) => return Ok(None),
            Err(simpul_gsb_log::LogError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let key = simpul_gsb_log::BusKey::load_or_create(&key_path).map_err(|e| e.to_string())?;
        let (record, header) = proof.verify(&[key.public()]).map_err(|e| format!("bukti rekaman {seq} tidak sah: {e}"))?;
        Ok(Some((proof, key.public_hex(), record, header.batch_no)))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Domain(DomainError::IntegrityFailed(format!("Log pesan tidak dapat dibuktikan: {e}. Jalankan `simpul gsb verify`."))))?;
    let Some((proof, public_key, record, batch_no)) = proven else { return Err(not_found()) };
    let provider = s.store.gsb_service_by_code(&record.entry.service).await.ok().map(|sv| sv.agency_id);
    if !may_read_exchanges(p, Some(provider)) {
        return Err(not_found());
    }
    Ok(Found { record, batch_no, proof, public_key, dir })
}

async fn open_body(f: &Found, side: Side) -> ApiResult<Kept> {
    let store = BodyStore::new(&f.dir);
    let service = f.record.entry.service.clone();
    let digest = match side {
        Side::Request => f.record.entry.request_digest,
        Side::Response => f.record.entry.response_digest,
    };
    tokio::task::spawn_blocking(move || store.open_verified(&service, &digest)).await.map_err(|e| AppError::Internal(e.to_string()))?.map_err(|e| AppError::Internal(e.to_string()))
}

/// One record of the service bus message log with its inclusion proof, checked against the bus's public key.
#[utoipa::path(get, path = "/api/v1/gsb/records/{id}", tag = "penghubung_layanan", params(("id" = u64, Path, description = "The record's sequence number")),
    responses((status = 200, body = ExchangeRecord), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn get_record(State(s): State<AppState>, ctx: Ctx, Path(id): Path<u64>) -> ApiResult<Json<ExchangeRecord>> {
    Ok(Json(exchange_record(&s, &ctx, id).await?))
}

/// The sequence number of the sealed record of the exchange whose request id
/// (the `X-Request-Id` the gateway gave the client and the upstream) is
/// `request_id`: how an auditor finds the record of an exchange a client
/// reports. The id carries the exchange's start time, so only the batches
/// sealed after it are read (`simpul_gsb_log::lookup`); the caller's right to
/// the record is checked when it is opened (`exchange_record`).
pub(crate) async fn seq_of_request(s: &AppState, ctx: &Ctx, request_id: [u8; 16]) -> ApiResult<u64> {
    if !may_read_exchanges(ctx.user()?, None) {
        return Err(AppError::Forbidden);
    }
    let dir = s.config.gsb_log_dir.clone().ok_or_else(not_found)?;
    let found = tokio::task::spawn_blocking(move || simpul_gsb_log::lookup::find_request(&dir, &request_id))
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    found.ok_or_else(not_found)
}

/// A request id as the gateway writes it in `X-Request-Id`: 32 hexadecimal digits (any case).
pub(crate) fn parse_request_id(s: &str) -> Option<[u8; 16]> {
    let mut id = [0u8; 16];
    hex::decode_to_slice(s.trim(), &mut id).ok().map(|()| id)
}

#[derive(Deserialize, IntoParams)]
pub struct FindQuery {
    /// The exchange's request id: the `X-Request-Id` (32 hexadecimal digits) the gateway gave the client and the upstream.
    #[serde(default)]
    request_id: String,
}

/// The record of the exchange with this request id (the `X-Request-Id` the client and the upstream saw), with its inclusion proof, checked against the bus's public key. Reads the whole sealed log.
#[utoipa::path(get, path = "/api/v1/gsb/records", tag = "penghubung_layanan", params(FindQuery),
    responses((status = 200, body = ExchangeRecord), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn find_record(State(s): State<AppState>, ctx: Ctx, Query(q): Query<FindQuery>) -> ApiResult<Json<ExchangeRecord>> {
    if !may_read_exchanges(ctx.user()?, None) {
        return Err(AppError::Forbidden);
    }
    let id = parse_request_id(&q.request_id).ok_or_else(|| AppError::Domain(DomainError::BadRequest("ID permintaan berupa 32 digit heksadesimal, seperti pada header X-Request-Id.".into())))?;
    let seq = seq_of_request(&s, &ctx, id).await?;
    Ok(Json(exchange_record(&s, &ctx, seq).await?))
}

/// The record `seq` as the API and the record page show it.
pub(crate) async fn exchange_record(s: &AppState, ctx: &Ctx, seq: u64) -> ApiResult<ExchangeRecord> {
    let f = find(s, ctx, seq).await?;
    let request_body_kept = matches!(open_body(&f, Side::Request).await?, Kept::Intact(..));
    let response_body_kept = matches!(open_body(&f, Side::Response).await?, Kept::Intact(..));
    let e = &f.record.entry;
    Ok(ExchangeRecord {
        seq: f.record.seq,
        batch_no: f.batch_no,
        at_micros: e.at_micros,
        request_id: hex::encode(e.request_id),
        client: e.client.clone(),
        service: e.service.clone(),
        method: e.method.clone(),
        path: e.path.clone(),
        status: e.status,
        request_bytes: e.request_bytes,
        response_bytes: e.response_bytes,
        latency_micros: e.latency_micros,
        request_sha256: hex::encode(e.request_digest),
        response_sha256: hex::encode(e.response_digest),
        request_body_kept,
        response_body_kept,
        public_key: f.public_key.clone(),
        proof: f.proof.clone(),
    })
}

async fn body(s: AppState, ctx: Ctx, seq: u64, side: Side) -> ApiResult<Response> {
    let f = find(&s, &ctx, seq).await?;
    match open_body(&f, side).await? {
        Kept::Missing => Err(AppError::Domain(DomainError::NotFound("isi pesan yang disimpan"))),
        Kept::Tampered { actual } => Err(AppError::Domain(DomainError::IntegrityFailed(format!(
            "Isi {} rekaman {seq} berubah: SHA-256 berkasnya {} tidak sama dengan yang dicatat di log bertanda tangan; isi tidak disajikan. Laporkan kepada Diskominfo.",
            if side == Side::Request { "permintaan" } else { "jawaban" },
            hex::encode(actual)
        )))),
        Kept::Intact(file, len) => {
            let digest = if side == Side::Request { f.record.entry.request_digest } else { f.record.entry.response_digest };
            let stream = tokio_util::io::ReaderStream::with_capacity(tokio::fs::File::from_std(file), 64 * 1024);
            Ok((
                [
                    (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                    (header::CONTENT_LENGTH, len.to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"rekaman-{seq}.{}\"", side.code())),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                    (header::HeaderName::from_static("x-content-sha256"), hex::encode(digest)),
                ],
                Body::from_stream(stream),
            )
                .into_response())
        }
    }
}

/// The request body kept for a record, byte-exact, after checking it against the SHA-256 in the signed record (409 `integrity_failed` when it changed; 404 when none was kept).
#[utoipa::path(get, path = "/api/v1/gsb/records/{id}/request-body", tag = "penghubung_layanan", params(("id" = u64, Path, description = "The record's sequence number")),
    responses((status = 200, content_type = "application/octet-stream", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn request_body(State(s): State<AppState>, ctx: Ctx, Path(id): Path<u64>) -> ApiResult<Response> {
    body(s, ctx, id, Side::Request).await
}

/// The response body kept for a record, byte-exact, after checking it against the SHA-256 in the signed record (409 `integrity_failed` when it changed; 404 when none was kept).
#[utoipa::path(get, path = "/api/v1/gsb/records/{id}/response-body", tag = "penghubung_layanan", params(("id" = u64, Path, description = "The record's sequence number")),
    responses((status = 200, content_type = "application/octet-stream", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn response_body(State(s): State<AppState>, ctx: Ctx, Path(id): Path<u64>) -> ApiResult<Response> {
    body(s, ctx, id, Side::Response).await
}
