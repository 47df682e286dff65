//! The publication workflow of datasets (`domain::publication`): the owner
//! submits, the profile's verifier publishes or returns, the owner or the
//! verifier withdraws. Authorize first (a dataset the caller may not read
//! is not found; one they may read but not act on is forbidden), then
//! open the note, then check the state, then write with its audit entry.

use simpul_domain::publication::{self, Step, Subject, Verifier};
use simpul_store::datasets::Dataset;

use super::{read_dataset, Input, R};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

/// The verification step of the Pemda's regulation profile.
pub async fn verifier(state: &AppState) -> R<Verifier> {
    Ok(match state.store.profile().await? {
        Some(p) => publication::verifier(p.regulation, p.regulation.profile().data_terminology),
        None => publication::DEFAULT_VERIFIER,
    })
}

pub fn subject(d: &Dataset) -> Subject {
    Subject { owner: d.agency_id, class: d.class(), state: d.publication(), has_version: d.latest_version.is_some(), verifier_person: d.verifier_person_id }
}

/// The person the caller's account belongs to, if linked (the Walidata
/// named on a dataset verifies it under Satu Data Indonesia).
async fn person_of(state: &AppState, ctx: &Ctx) -> R<Option<i64>> {
    Ok(state.store.account(ctx.user()?.account_id).await?.person_id)
}

/// The steps the caller may take on `d` now (buttons on the dataset page).
pub async fn steps_for(state: &AppState, ctx: &Ctx, d: &Dataset) -> R<Vec<Step>> {
    let p = ctx.user()?;
    let v = verifier(state).await?;
    let s = subject(d);
    let person = person_of(state, ctx).await?;
    Ok([Step::Submit, Step::Verify, Step::Return, Step::Withdraw].into_iter().filter(|st| publication::may(p, person, &v, *st, &s) && publication::next(*st, &s, Some("-")).is_ok()).collect())
}

/// Takes one step of the workflow with an optional note (required to
/// return or withdraw).
pub async fn take_step(state: &AppState, ctx: &Ctx, id: i64, step: Step, note: impl Into<Input<Option<String>>>) -> R<Dataset> {
    let d = read_dataset(state, ctx, id).await?;
    let v = verifier(state).await?;
    let s = subject(&d);
    if !publication::may(ctx.user()?, person_of(state, ctx).await?, &v, step, &s) {
        return Err(AppError::Forbidden);
    }
    let note = note.into().open()?;
    let to = publication::next(step, &s, note.as_deref())?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let saved = state.store.set_publication(&mut w, id, to, note.as_deref(), step.code()).await?;
    w.commit().await?;
    Ok(saved)
}
