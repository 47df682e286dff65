//! Data sharing between agencies (`domain::sharing`): file a data-use
//! request, recommend, decide, revoke, and API tokens scoped to a grant.
//! Each authorizes before it opens its input and writes in one transaction
//! with its audit entries.

use simpul_domain::auth::{new_secret, secret_digest};
use simpul_domain::datasets::{agencies_of, can_read};
use simpul_domain::roles::{Action, Principal, Role, TokenScope};
use simpul_domain::sharing::{approver_role, due_on, statement_text, DataRequestInput, DecisionInput, GrantState, RecommendationInput, RevokeInput};
use simpul_domain::{now_millis, DomainError};
use simpul_store::accounts::ApiToken;
use simpul_store::sharing::{DataGrant, DataRequest, Filing, SharingScope};

use super::{pemda, Input, R};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

/// Who sees which requests and grants: Diskominfo and holders of the
/// approver role see all; everyone else those where one of their agencies
/// asks or owns.
pub fn scope_of(p: &Principal, approver: Role) -> SharingScope {
    if p.is_admin() || (!approver.agency_scoped() && p.has(approver)) { SharingScope::All } else { SharingScope::Agencies(agencies_of(p)) }
}

fn in_scope(scope: &SharingScope, a: i64, b: i64) -> bool {
    match scope {
        SharingScope::All => true,
        SharingScope::Agencies(mine) => mine.contains(&a) || mine.contains(&b),
    }
}

/// The approver role of the Pemda's regulation.
pub async fn approver(state: &AppState) -> R<Role> {
    Ok(approver_role(pemda(state).await?.regulation.profile()))
}

/// A request the caller may see; others are refused (403: a request's
/// existence is no secret, its contents are the parties').
pub async fn read_request(state: &AppState, ctx: &Ctx, id: i64) -> R<DataRequest> {
    let p = ctx.user()?;
    let r = state.store.data_request(id).await?;
    if in_scope(&scope_of(p, approver(state).await?), r.requester_agency_id, r.owner_agency_id) { Ok(r) } else { Err(AppError::Forbidden) }
}

/// A grant the caller may see; others are refused (403).
pub async fn read_grant(state: &AppState, ctx: &Ctx, id: i64) -> R<DataGrant> {
    let p = ctx.user()?;
    let g = state.store.data_grant(id).await?;
    if in_scope(&scope_of(p, approver(state).await?), g.agency_id, g.owner_agency_id) { Ok(g) } else { Err(AppError::Forbidden) }
}

/// Files a data-use request with its signed statement (Perwali Banjarbaru
/// 5/2018 Pasal 12 ayat (1)–(2)). The datasets must be ones whose metadata
/// the requester sees in the catalogue, all of one other agency.
pub async fn file_request(state: &AppState, ctx: &Ctx, input: impl Into<Input<DataRequestInput>>) -> R<DataRequest> {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::RequestData) {
        return Err(AppError::Forbidden);
    }
    let input = input.into().open()?;
    ctx.require(Action::RequestData(input.requester_agency_id))?;
    let pemda = pemda(state).await?;
    let profile = pemda.regulation.profile();
    let today = crate::local_today(pemda.timezone);
    let mut d = input.validate(today)?;
    let mut named = Vec::new();
    for id in &d.dataset_ids {
        named.push((format!("dataset_ids[{}]", named.len()), state.store.dataset(*id).await.ok().filter(|ds| can_read(p, &ds.access())), format!("Dataset #{id} tidak ditemukan.")));
    }
    // By code: the owner told the requester; the catalogue hides it (terbatas, rahasia).
    for (i, code) in d.dataset_codes.iter().enumerate() {
        let found = match state.store.dataset_id_by_code(code).await? {
            Some(id) => Some(state.store.dataset(id).await?),
            None => None,
        };
        named.push((format!("dataset_codes[{i}]"), found, format!("Tidak ada dataset berkode \"{code}\".")));
    }
    let mut owner = None;
    let mut ids = Vec::new();
    for (field, ds, missing) in named {
        let Some(ds) = ds else { return Err(DomainError::field(&field, "invalid_reference", missing).into()) };
        ids.push(ds.id);
        if ds.agency_id == d.requester_agency_id {
            return Err(DomainError::field(&field, "own_data", format!("\"{}\" milik perangkat daerah pemohon sendiri; tidak perlu dimohonkan.", ds.title)).into());
        }
        match owner {
            None => owner = Some(ds.agency_id),
            Some(o) if o != ds.agency_id => {
                return Err(DomainError::field(&field, "one_owner", "Satu permohonan hanya untuk dataset milik satu perangkat daerah; ajukan permohonan terpisah untuk pemilik lain.").into());
            }
            Some(_) => {}
        }
    }
    ids.sort_unstable();
    ids.dedup();
    d.dataset_ids = ids;
    let owner = owner.ok_or_else(|| AppError::Domain(DomainError::field("dataset_ids", "required", "Pilih paling sedikit satu dataset.")))?;
    let agency = state.store.agency(d.requester_agency_id).await?;
    let signer = format!("{} ({})", p.display_name, p.username);
    let statement = statement_text(&signer, &agency.name);
    let signed_at = now_millis();
    let digest = d.digest(&statement, &signer, signed_at, owner);
    let filed_on = today.to_string();
    let due = due_on(today, profile).to_string();
    let mut w = state.store.begin_write(ctx.actor()).await?;
    if let Some(open) = state.store.open_request_for(&mut w, d.requester_agency_id, &d.dataset_ids).await? {
        return Err(DomainError::Conflict { field: Some("dataset_ids".into()), message: format!("Permohonan #{open} untuk dataset ini masih menunggu jawaban.") }.into());
    }
    let filing = Filing { owner_agency_id: owner, statement: &statement, signed_by: &signer, signed_by_account_id: Some(p.account_id), signed_at, statement_sha256: &digest, filed_on: &filed_on, due_on: &due };
    let r = state.store.file_data_request(&mut w, &d, &filing).await?;
    w.commit().await?;
    Ok(r)
}

/// The owning agency's Walidata (or Kepala PD) recommends or advises
/// against (Perwali Banjarbaru 5/2018 Pasal 12 ayat (3)).
pub async fn recommend(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<RecommendationInput>>) -> R<DataRequest> {
    let r = read_request(state, ctx, id).await?;
    ctx.require(Action::RecommendDataRequest(r.owner_agency_id))?;
    let (yes, note) = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let r = state.store.recommend_data_request(&mut w, id, yes, note.as_deref()).await?;
    w.commit().await?;
    Ok(r)
}

/// The approver named by the profile approves (creating the grant) or
/// rejects with reasons. Where the profile makes the owner's recommendation
/// a precondition (Banjarbaru Pasal 12 ayat (3)), it must come first.
pub async fn decide(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<DecisionInput>>) -> R<DataRequest> {
    let r = read_request(state, ctx, id).await?;
    let pemda = pemda(state).await?;
    let profile = pemda.regulation.profile();
    let role = approver_role(profile);
    ctx.require(Action::DecideDataRequest { approver: role, owner: r.owner_agency_id })?;
    let (approve, reason) = input.into().open()?.validate()?;
    let start = crate::local_day_start(&r.period_from, pemda.timezone).ok_or_else(|| AppError::Internal("period_from".into()))?;
    let end = crate::local_day_start(&r.period_until, pemda.timezone).ok_or_else(|| AppError::Internal("period_until".into()))? + 86_400_000;
    let decider_role = if ctx.user()?.has(role) { role.code() } else { Role::AdminDiskominfo.code() };
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let r = state.store.decide_data_request(&mut w, id, approve, reason.as_deref(), decider_role, profile.data_sharing.steward_recommendation_required, (start, end)).await?;
    w.commit().await?;
    Ok(r)
}

/// The owner (Kepala PD or Walidata) or Diskominfo revokes a grant with a reason.
pub async fn revoke(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<RevokeInput>>) -> R<DataGrant> {
    let g = read_grant(state, ctx, id).await?;
    ctx.require(Action::ManageDataGrants(g.owner_agency_id))?;
    let reason = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let g = state.store.revoke_data_grant(&mut w, id, &reason).await?;
    w.commit().await?;
    Ok(g)
}

/// An API token of the caller's account that reads only this grant's
/// datasets, and only while the grant is in force; it expires with the
/// grant at the latest. The secret is returned once.
pub async fn create_grant_token(state: &AppState, ctx: &Ctx, id: i64, name: &str, expires_days: Option<i64>) -> R<(String, ApiToken)> {
    let g = read_grant(state, ctx, id).await?;
    let p = ctx.require(Action::UseDataGrant(g.agency_id))?.clone();
    let now = now_millis();
    if !matches!(g.state(now), GrantState::Aktif | GrantState::BelumBerlaku) {
        return Err(DomainError::Conflict { field: None, message: "Hak akses ini sudah tidak berlaku.".into() }.into());
    }
    let mut c = simpul_domain::validate::Checker::new();
    let name = c.required("name", name, 100);
    if let Some(d) = expires_days
        && !(1..=730).contains(&d) {
            c.push("expires_days", "out_of_range", "Masa berlaku 1–730 hari.");
        }
    c.finish()?;
    let expires_at = expires_days.map_or(g.ends_at, |d| (now + d * 86_400_000).min(g.ends_at));
    let secret = new_secret("smp_");
    let prefix: String = secret.chars().take(10).collect();
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let t = state.store.create_token(&mut w, p.account_id, &name, &prefix, &secret_digest(&secret), TokenScope::Read, Some(expires_at)).await?;
    state.store.scope_token_to_grant(&mut w, t.id, g.id).await?;
    w.commit().await?;
    Ok((secret, t))
}

/// Who may read the read log: of one grant, the owner's Kepala PD and
/// Walidata and Diskominfo; of everything, Diskominfo.
pub async fn require_read_log(state: &AppState, ctx: &Ctx, grant_id: Option<i64>, owner: Option<i64>) -> R<()> {
    let p = ctx.user()?;
    if p.is_admin() {
        return Ok(());
    }
    let owner = match (grant_id, owner) {
        (Some(g), _) => Some(read_grant(state, ctx, g).await?.owner_agency_id),
        (None, o) => o,
    };
    match owner {
        Some(o) if p.can(Action::ManageDataGrants(o)) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}
