//! The publication workflow over the API
//! (`/api/v1/datasets/{id}/publication/…`, `domain::publication`): the
//! owning agency submits a terbuka dataset with a version, the profile's
//! verifier publishes it or returns it with a note, the owner or the
//! verifier withdraws it with a note. A wrong state answers 409
//! `conflict`, a missing note 422 `validation_failed`.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use simpul_domain::publication::Step;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::datasets::{dataset_view, Dataset};
use super::{Gated, Id};
use crate::actions::publication::take_step;
use crate::ctx::Ctx;
use crate::error::{ApiResult, ErrorBody};
use crate::AppState;

pub(super) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(submit)).routes(routes!(verify)).routes(routes!(return_to_owner)).routes(routes!(withdraw))
}

/// A note on the step: why it is returned or withdrawn (required then).
#[derive(Deserialize, ToSchema, Default)]
pub struct PublicationIn {
    #[serde(default)]
    pub note: Option<String>,
}

async fn step(s: AppState, ctx: Ctx, id: i64, step: Step, body: Gated<PublicationIn>) -> ApiResult<Json<Dataset>> {
    let d = take_step(&s, &ctx, id, step, body.0.map(|b| b.note)).await?;
    Ok(Json(dataset_view(&s, &ctx, d).await?))
}

/// Submit a terbuka dataset with at least one version for verification (the owning agency's Walidata, Kepala PD or Operator PD, or Diskominfo).
#[utoipa::path(post, path = "/api/v1/datasets/{id}/publication/submit", tag = "pusat_data", params(("id" = i64, Path)), request_body = PublicationIn,
    responses((status = 200, body = Dataset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn submit(State(s): State<AppState>, ctx: Ctx, Id(id): Id, b: Gated<PublicationIn>) -> ApiResult<Json<Dataset>> {
    step(s, ctx, id, Step::Submit, b).await
}

/// Verify a submitted dataset: it is published on the open-data portal (the regulation profile's verifier: Administrator Diskominfo as operator of the Pusat Data, or the Walidata under Satu Data Indonesia).
#[utoipa::path(post, path = "/api/v1/datasets/{id}/publication/verify", tag = "pusat_data", params(("id" = i64, Path)), request_body = PublicationIn,
    responses((status = 200, body = Dataset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn verify(State(s): State<AppState>, ctx: Ctx, Id(id): Id, b: Gated<PublicationIn>) -> ApiResult<Json<Dataset>> {
    step(s, ctx, id, Step::Verify, b).await
}

/// Return a submitted dataset to its owner with a note (the verifier).
#[utoipa::path(post, path = "/api/v1/datasets/{id}/publication/return", tag = "pusat_data", params(("id" = i64, Path)), request_body = PublicationIn,
    responses((status = 200, body = Dataset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn return_to_owner(State(s): State<AppState>, ctx: Ctx, Id(id): Id, b: Gated<PublicationIn>) -> ApiResult<Json<Dataset>> {
    step(s, ctx, id, Step::Return, b).await
}

/// Withdraw a submitted or published dataset with a note (the owning agency or the verifier): it leaves the portal.
#[utoipa::path(post, path = "/api/v1/datasets/{id}/publication/withdraw", tag = "pusat_data", params(("id" = i64, Path)), request_body = PublicationIn,
    responses((status = 200, body = Dataset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn withdraw(State(s): State<AppState>, ctx: Ctx, Id(id): Id, b: Gated<PublicationIn>) -> ApiResult<Json<Dataset>> {
    step(s, ctx, id, Step::Withdraw, b).await
}
