//! The service bus registry's state-changing operations (Sistem Penghubung
//! Layanan): authorize first, then open and validate the input, then write
//! in one transaction with its audit entry and the registry version bump.

use simpul_domain::gsb::{ClientInput, GrantDecisionInput, GrantRequestInput, KeyInput, ServiceInput};
use simpul_domain::roles::{Action, Principal, Role};
use simpul_store::gsb::{Client, Decider, Grant, Key, NewKey, Service};

use super::{Input, R};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

/// Registers (`id` `None`) or changes a service. The providing agency's
/// Kepala PD and Operator PD, or Diskominfo; moving it to another agency
/// needs the right on both.
pub async fn save_service(state: &AppState, ctx: &Ctx, id: Option<i64>, input: impl Into<Input<ServiceInput>>) -> R<Service> {
    match id {
        Some(id) => {
            let before = state.store.gsb_service(id).await?;
            ctx.require(Action::ManageServices(before.agency_id))?;
        }
        None if !ctx.user()?.can_for_some_agency(Action::ManageServices) => return Err(AppError::Forbidden),
        None => {}
    }
    let input = input.into().open()?;
    ctx.require(Action::ManageServices(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let s = state.store.save_gsb_service(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(s)
}

/// Registers or changes a consuming client (the consuming agency's Kepala
/// PD and Operator PD, or Diskominfo).
pub async fn save_client(state: &AppState, ctx: &Ctx, id: Option<i64>, input: impl Into<Input<ClientInput>>) -> R<Client> {
    match id {
        Some(id) => {
            let before = state.store.gsb_client(id).await?;
            ctx.require(Action::ManageClients(before.agency_id))?;
        }
        None if !ctx.user()?.can_for_some_agency(Action::ManageClients) => return Err(AppError::Forbidden),
        None => {}
    }
    let input = input.into().open()?;
    ctx.require(Action::ManageClients(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let c = state.store.save_gsb_client(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(c)
}

/// Issues an API key for a client; the key is in the result once and never again.
pub async fn create_key(state: &AppState, ctx: &Ctx, client_id: i64, input: impl Into<Input<KeyInput>>) -> R<NewKey> {
    let client = state.store.gsb_client(client_id).await?;
    ctx.require(Action::ManageClients(client.agency_id))?;
    let d = input.into().open()?.validate(&state.store.gsb_today().await?)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let k = state.store.create_gsb_key(&mut w, client_id, &d).await?;
    w.commit().await?;
    Ok(k)
}

/// Revokes a key: the gateway refuses it from its next reload.
pub async fn revoke_key(state: &AppState, ctx: &Ctx, key_id: i64) -> R<Key> {
    let key = state.store.gsb_key(key_id).await?;
    ctx.require(Action::ManageClients(key.agency_id))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let k = state.store.revoke_gsb_key(&mut w, key_id).await?;
    w.commit().await?;
    Ok(k)
}

/// A client asks for access to a service (the client's agency asks).
pub async fn request_grant(state: &AppState, ctx: &Ctx, input: impl Into<Input<GrantRequestInput>>) -> R<Grant> {
    if !ctx.user()?.can_for_some_agency(Action::ManageClients) {
        return Err(AppError::Forbidden);
    }
    let input = input.into().open()?;
    let client = state.store.gsb_client(input.client_id).await.map_err(|_| simpul_domain::DomainError::field("client_id", "invalid_reference", "Klien tidak ditemukan."))?;
    ctx.require(Action::ManageClients(client.agency_id))?;
    let service = state.store.gsb_service(input.service_id).await.map_err(|_| simpul_domain::DomainError::field("service_id", "invalid_reference", "Layanan tidak ditemukan."))?;
    let today = state.store.gsb_today().await?;
    let d = input.validate(&today, &service.operations(), service.data_service)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let g = state.store.request_gsb_grant(&mut w, &d, &today).await?;
    w.commit().await?;
    Ok(g)
}

/// The role in which `p` decides for `agency`, as recorded with the decision.
pub fn decider_role(p: &Principal, agency: i64) -> &'static str {
    if p.has_for(Role::KepalaPd, agency) {
        Role::KepalaPd.label()
    } else if p.has_for(Role::OperatorPd, agency) {
        Role::OperatorPd.label()
    } else {
        Role::AdminDiskominfo.label()
    }
}

/// The providing agency approves or rejects a request, with a reason.
pub async fn decide_grant(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<GrantDecisionInput>>) -> R<Grant> {
    let g = state.store.gsb_grant(id).await?;
    let p = ctx.require(Action::DecideGrant(g.provider_agency_id))?;
    let d = input.into().open()?.validate()?;
    let by = Decider { name: &p.username, role: decider_role(p, g.provider_agency_id) };
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let g = state.store.decide_gsb_grant(&mut w, id, d.approve, d.reason.as_deref(), &by).await?;
    w.commit().await?;
    Ok(g)
}

/// The provider (or Diskominfo) revokes a right; the consuming agency may
/// withdraw its own pending request.
pub async fn revoke_grant(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<GrantDecisionInput>>) -> R<Grant> {
    let g = state.store.gsb_grant(id).await?;
    let withdraw = g.status == simpul_domain::gsb::GrantStatus::Requested.code() && ctx.can(Action::ManageClients(g.client_agency_id));
    if !withdraw {
        ctx.require(Action::DecideGrant(g.provider_agency_id))?;
    }
    let reason = input.into().open()?.validate_revocation()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let g = state.store.revoke_gsb_grant(&mut w, id, &reason).await?;
    w.commit().await?;
    Ok(g)
}
