//! State-changing operations shared by the UI and the API: authorize,
//! validate, write in one transaction with its audit entry, commit.

use std::collections::HashMap;

use simpul_domain::apps::{ApplicationInput, RelationInput};
use simpul_domain::asset_import::{column_of_field, parse_csv, RowError, MAX_IMPORT_BYTES};
use simpul_domain::assets::{AssetData, AssetInput, AssetState, LicenceInput, SeatInput, TagPattern};
use simpul_domain::datacentre::{PlacementInput, RackInput, RoomInput, ServerInput, SiteInput, VpsInput};
use simpul_domain::domains::{MailDomainInput, SubdomainInput};
use simpul_domain::auth::{self, check_new_password, hash_password, new_secret, secret_digest, verify_password};
use simpul_domain::org::{validate_grants, validate_username, AccountInput, AgencyInput, GrantInput, PersonInput, UnitInput};
use simpul_domain::pemda::{PemdaProfile, ProfileInput};
use simpul_domain::roles::{Action, Principal, TokenScope};
use simpul_domain::validate::Checker;
use simpul_domain::{now_millis, DomainError};
use simpul_store::accounts::{Account, ApiToken};
use simpul_domain::attachments::check_upload;
use simpul_domain::networks::{CableInput, DeviceInput, LabelSchemeInput, PortInput, WanLinkInput};
use simpul_store::apps::{AppRelation, Application};
use simpul_store::assets::{Asset, Licence, Seat};
use simpul_store::datacentre::{Placement, Rack, Room, Server, Site, Vps};
use simpul_store::domains::{MailDomain, Subdomain};
use simpul_store::networks::{Cable, Device, LanDiagram, Port, WanLink};
use simpul_store::org::{Agency, Person, Unit};

use crate::attachments::Upload;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::AppState;

pub mod gsb;
pub mod publication;
pub mod sharing;

type R<T> = Result<T, AppError>;

/// A request body that no one has looked at yet. Actions authorize first and
/// only then [`open`](Input::open) it, so a caller without the right gets 401
/// or 403 whatever they sent, never a 400 or 422 that would tell them about
/// the shape of the operation. The UI passes forms that always parse.
pub struct Input<T>(R<T>);

impl<T> Input<T> {
    /// A body that could not be parsed: opening it yields `err`.
    pub fn rejected(err: AppError) -> Self {
        Input(Err(err))
    }

    pub fn open(self) -> R<T> {
        self.0
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Input<U> {
        Input(self.0.map(f))
    }
}

impl<T> From<T> for Input<T> {
    fn from(v: T) -> Self {
        Input(Ok(v))
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> R<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| AppError::Internal(e.to_string()))
}

/// A successful sign-in: the cookie value (shown to the browser only) and who.
pub struct SignedIn {
    pub cookie: String,
    pub principal: Principal,
}

pub async fn sign_in(state: &AppState, ctx: &Ctx, username: &str, password: &str, user_agent: Option<&str>) -> R<SignedIn> {
    let key = ctx.ip.clone().unwrap_or_default();
    if state.login_limiter.check_key(&key).is_err() {
        return Err(AppError::RateLimited);
    }
    let username = username.trim().to_lowercase();
    let creds = state.store.credentials(&username).await?;
    let Some(c) = creds else {
        let pw = password.to_string();
        blocking(move || verify_password(&pw, auth::dummy_hash())).await?;
        return Err(AppError::InvalidCredentials);
    };
    if c.locked_until.is_some_and(|t| t > now_millis()) {
        return Err(AppError::Locked);
    }
    let (pw, hash) = (password.to_string(), c.password_hash.clone());
    let ok = blocking(move || verify_password(&pw, &hash)).await?;
    if !ok || !c.active {
        let mut w = state.store.begin_write(ctx.actor()).await?;
        let locked = state.store.record_failed_login(&mut w, c.id).await?;
        w.commit().await?;
        return Err(if locked { AppError::Locked } else { AppError::InvalidCredentials });
    }
    let cookie = new_secret("");
    let csrf = new_secret("");
    let mut actor = ctx.actor();
    actor.account_id = Some(c.id);
    actor.name = username.clone();
    let mut w = state.store.begin_write(actor).await?;
    state.store.create_session(&mut w, c.id, &secret_digest(&cookie), &csrf, ctx.ip.as_deref(), user_agent, ctx.session_hash.as_deref()).await?;
    w.commit().await?;
    let principal = state.store.principal(c.id).await?.ok_or(AppError::InvalidCredentials)?;
    Ok(SignedIn { cookie, principal })
}

pub async fn sign_out(state: &AppState, ctx: &Ctx) -> R<()> {
    if let (Some(hash), Some(p)) = (&ctx.session_hash, &ctx.principal) {
        let mut w = state.store.begin_write(ctx.actor()).await?;
        state.store.delete_session(&mut w, hash, p.account_id).await?;
        w.commit().await?;
    }
    Ok(())
}

pub async fn change_password(state: &AppState, ctx: &Ctx, current: &str, new: &str, confirm: &str) -> R<()> {
    let p = ctx.user()?.clone();
    let hash = state.store.password_hash(p.account_id).await?;
    let cur = current.to_string();
    if !blocking(move || verify_password(&cur, &hash)).await? {
        return Err(DomainError::field("current_password", "wrong", "Kata sandi saat ini salah.").into());
    }
    check_new_password("new_password", new, &p.username)?;
    if new != confirm {
        return Err(DomainError::field("confirm_password", "mismatch", "Konfirmasi kata sandi tidak sama.").into());
    }
    if new == current {
        return Err(DomainError::field("new_password", "unchanged", "Kata sandi baru harus berbeda dari yang lama.").into());
    }
    let n = new.to_string();
    let hash = blocking(move || hash_password(&n)).await??;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    state.store.set_password(&mut w, p.account_id, &hash, false, "change_password").await?;
    w.commit().await?;
    Ok(())
}

pub async fn create_token(state: &AppState, ctx: &Ctx, name: &str, scope: &str, expires_days: Option<i64>) -> R<(String, ApiToken)> {
    let p = ctx.user()?.clone();
    let mut c = Checker::new();
    let name = c.required("name", name, 100);
    let scope = TokenScope::from_code(scope.trim());
    if scope.is_none() {
        c.push("scope", "invalid_choice", "Pilih cakupan: read (baca saja) atau write (baca dan ubah).");
    }
    if let Some(d) = expires_days
        && !(1..=730).contains(&d) {
            c.push("expires_days", "out_of_range", "Masa berlaku 1–730 hari.");
        }
    c.finish()?;
    let scope = scope.ok_or(AppError::Internal("scope".into()))?;
    let secret = new_secret("smp_");
    let prefix: String = secret.chars().take(10).collect();
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let t = state.store.create_token(&mut w, p.account_id, &name, &prefix, &secret_digest(&secret), scope, expires_days.map(|d| now_millis() + d * 86_400_000)).await?;
    w.commit().await?;
    Ok((secret, t))
}

pub async fn revoke_token(state: &AppState, ctx: &Ctx, id: i64) -> R<()> {
    let p = ctx.user()?.clone();
    let mut w = state.store.begin_write(ctx.actor()).await?;
    state.store.revoke_token(&mut w, p.account_id, id).await?;
    w.commit().await?;
    Ok(())
}

pub async fn set_profile(state: &AppState, ctx: &Ctx, input: impl Into<Input<ProfileInput>>) -> R<PemdaProfile> {
    ctx.require(Action::ManageProfile)?;
    let p = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    state.store.set_profile(&mut w, &p).await?;
    w.commit().await?;
    Ok(p)
}

pub async fn create_agency(state: &AppState, ctx: &Ctx, input: impl Into<Input<AgencyInput>>) -> R<Agency> {
    ctx.require(Action::ManageAgencies)?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.create_agency(&mut w, &d).await?;
    w.commit().await?;
    Ok(a)
}

/// Agency heads and operators may edit their own agency's details; the code,
/// kind, parent and PD Mandiri TIK status stay with Diskominfo.
pub async fn update_agency(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<AgencyInput>>) -> R<Agency> {
    let p = ctx.require(Action::EditAgency(id))?;
    let before = state.store.agency(id).await?;
    let mut input = input.into().open()?;
    if !p.can(Action::ManageAgencies) {
        input.code = before.code.clone();
        input.kind = before.kind.clone();
        input.parent_id = before.parent_id;
        input.mandiri_tik = before.mandiri_tik;
        input.mandiri_tik_since = before.mandiri_tik_since.clone();
    }
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.update_agency(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(a)
}

pub async fn set_agency_active(state: &AppState, ctx: &Ctx, id: i64, active: bool) -> R<Agency> {
    ctx.require(Action::ManageAgencies)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.set_agency_active(&mut w, id, active).await?;
    w.commit().await?;
    Ok(a)
}

pub async fn create_unit(state: &AppState, ctx: &Ctx, agency_id: i64, input: impl Into<Input<UnitInput>>) -> R<Unit> {
    ctx.require(Action::EditAgency(agency_id))?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let u = state.store.create_unit(&mut w, agency_id, &d).await?;
    w.commit().await?;
    Ok(u)
}

pub async fn update_unit(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<(UnitInput, bool)>>) -> R<Unit> {
    let before = state.store.unit(id).await?;
    ctx.require(Action::EditAgency(before.agency_id))?;
    let (input, active) = input.into().open()?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let u = state.store.update_unit(&mut w, id, &d, active).await?;
    w.commit().await?;
    Ok(u)
}

pub async fn create_person(state: &AppState, ctx: &Ctx, input: impl Into<Input<PersonInput>>) -> R<Person> {
    let p = ctx.user()?;
    if !p.can_for_some_agency(Action::EditAgency) {
        return Err(AppError::Forbidden);
    }
    let input = input.into().open()?;
    ctx.require(Action::EditAgency(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let p = state.store.create_person(&mut w, &d).await?;
    w.commit().await?;
    Ok(p)
}

pub async fn update_person(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<PersonInput>>) -> R<Person> {
    let before = state.store.person(id).await?;
    ctx.require(Action::EditAgency(before.agency_id))?;
    let input = input.into().open()?;
    ctx.require(Action::EditAgency(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let p = state.store.update_person(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(p)
}

pub async fn set_person_active(state: &AppState, ctx: &Ctx, id: i64, active: bool) -> R<Person> {
    let before = state.store.person(id).await?;
    ctx.require(Action::EditAgency(before.agency_id))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let p = state.store.set_person_active(&mut w, id, active).await?;
    w.commit().await?;
    Ok(p)
}

pub async fn create_account(state: &AppState, ctx: &Ctx, input: impl Into<Input<AccountInput>>) -> R<Account> {
    ctx.require(Action::ManageAccounts)?;
    let input = input.into().open()?;
    let mut c = Checker::new();
    let username = validate_username(&mut c, &input.username);
    let grants = validate_grants(&mut c, &input.grants);
    if let Err(DomainError::Validation(errs)) = check_new_password("password", &input.password, &username) {
        for e in errs {
            c.push(&e.field, e.code, e.message);
        }
    }
    c.finish()?;
    let pw = input.password.clone();
    let hash = blocking(move || hash_password(&pw)).await??;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.create_account(&mut w, &username, input.person_id, &hash, true, &grants).await?;
    w.commit().await?;
    Ok(a)
}

pub async fn set_grants(state: &AppState, ctx: &Ctx, account_id: i64, grants: impl Into<Input<Vec<GrantInput>>>) -> R<Account> {
    let p = ctx.require(Action::ManageAccounts)?;
    let grants = grants.into().open()?;
    let mut c = Checker::new();
    let grants = validate_grants(&mut c, &grants);
    c.finish()?;
    if p.account_id == account_id && !grants.iter().any(|g| g.role == simpul_domain::roles::Role::AdminDiskominfo) {
        return Err(DomainError::field("grants", "self_lockout", "Anda tidak dapat mencabut peran administrator dari akun Anda sendiri.").into());
    }
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.set_grants(&mut w, account_id, &grants).await?;
    w.commit().await?;
    Ok(a)
}

/// Sets a new random temporary password; the account must change it at next
/// sign-in. Returns the temporary password, shown once.
pub async fn reset_password(state: &AppState, ctx: &Ctx, account_id: i64) -> R<String> {
    ctx.require(Action::ManageAccounts)?;
    state.store.account(account_id).await?;
    let temp: String = new_secret("").chars().take(16).collect();
    let t = temp.clone();
    let hash = blocking(move || hash_password(&t)).await??;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    state.store.set_password(&mut w, account_id, &hash, true, "reset_password").await?;
    w.commit().await?;
    Ok(temp)
}

pub async fn set_account_active(state: &AppState, ctx: &Ctx, account_id: i64, active: bool) -> R<Account> {
    let p = ctx.require(Action::ManageAccounts)?;
    if p.account_id == account_id && !active {
        return Err(DomainError::BadRequest("Anda tidak dapat menonaktifkan akun Anda sendiri.".into()).into());
    }
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.set_account_active(&mut w, account_id, active).await?;
    w.commit().await?;
    Ok(a)
}

/// The Pemda profile; writes that depend on the active regulation need it.
pub async fn pemda(state: &AppState) -> R<PemdaProfile> {
    state.store.profile().await?.ok_or_else(|| DomainError::BadRequest("Profil Pemda belum diisi; isi dahulu di halaman Profil Pemda.".into()).into())
}

/// Registers an application. Kepala PD and Operator PD register their own
/// agency's; Diskominfo any. The audit fields are Diskominfo's
/// ([`Action::RecordAppAudit`]) and are ignored for others.
pub async fn create_application(state: &AppState, ctx: &Ctx, input: impl Into<Input<ApplicationInput>>) -> R<Application> {
    let p = ctx.user()?.clone();
    if !p.can_for_some_agency(Action::ManageApplications) {
        return Err(AppError::Forbidden);
    }
    let mut input = input.into().open()?;
    ctx.require(Action::ManageApplications(input.agency_id))?;
    let profile = pemda(state).await?;
    if !p.can(Action::RecordAppAudit) {
        input.last_audit_on = None;
        input.audit_result = None;
    }
    let d = input.validate(profile.regulation.profile().app_documentation_checklist)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.create_application(&mut w, &d).await?;
    w.commit().await?;
    Ok(a)
}

/// Changes an application; moving it to another agency needs the right on both.
pub async fn update_application(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<ApplicationInput>>) -> R<Application> {
    let before = state.store.application(id).await?;
    let p = ctx.require(Action::ManageApplications(before.agency_id))?.clone();
    let mut input = input.into().open()?;
    ctx.require(Action::ManageApplications(input.agency_id))?;
    let profile = pemda(state).await?;
    if !p.can(Action::RecordAppAudit) {
        input.last_audit_on = before.last_audit_on.clone();
        input.audit_result = before.audit_result.clone();
    }
    // Documents handed over that are not on the active checklist (recorded
    // under another regulation profile) stay recorded: they are facts, the
    // form does not show them, and completeness counts only the active list.
    let checklist = profile.regulation.profile().app_documentation_checklist;
    let kept: Vec<String> = before.documents.iter().filter(|d| !checklist.iter().any(|c| c.code == d.as_str())).cloned().collect();
    input.documents.retain(|d| !kept.contains(d));
    let mut d = input.validate(checklist)?;
    d.documents.extend(kept);
    d.documents.sort();
    d.documents.dedup();
    ctx.require(Action::ManageApplications(d.agency_id))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.update_application(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(a)
}

/// Records that an application uses or exchanges data with another. The
/// relation belongs to the recording application: its agency's right.
pub async fn add_app_relation(state: &AppState, ctx: &Ctx, application_id: i64, input: impl Into<Input<RelationInput>>) -> R<AppRelation> {
    let app = state.store.application(application_id).await?;
    ctx.require(Action::ManageApplications(app.agency_id))?;
    let d = input.into().open()?.validate(application_id)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let r = state.store.add_app_relation(&mut w, application_id, &d).await?;
    w.commit().await?;
    Ok(r)
}

pub async fn remove_app_relation(state: &AppState, ctx: &Ctx, application_id: i64, relation_id: i64) -> R<AppRelation> {
    let app = state.store.application(application_id).await?;
    ctx.require(Action::ManageApplications(app.agency_id))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let r = state.store.remove_app_relation(&mut w, application_id, relation_id).await?;
    w.commit().await?;
    Ok(r)
}

/// Stores a file of an application's documentation (the Repositori). Fields:
/// `file`, `document_code` (an item of the active checklist, or empty for
/// another document) and `title` (default: the file name). A file for a
/// checklist item also records the item as handed over.
pub async fn add_application_file(state: &AppState, ctx: &Ctx, application_id: i64, upload: impl std::future::Future<Output = R<Upload>>) -> R<simpul_store::apps::AppFile> {
    let app = state.store.application(application_id).await?;
    ctx.require(Action::ManageApplications(app.agency_id))?;
    let up = upload.await?;
    let checklist = pemda(state).await?.regulation.profile().app_documentation_checklist;
    let mut c = Checker::new();
    let code = up.field("document_code").map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    if let Some(code) = &code
        && !checklist.iter().any(|d| d.code == code)
    {
        c.push("document_code", "invalid_choice", "Pilih dokumen dari daftar periksa peraturan yang berlaku, atau kosongkan untuk dokumen lain.");
    }
    let title = c.optional("title", up.field("title"), 200);
    let file = up.file.filter(|f| !f.bytes.is_empty());
    if file.is_none() {
        c.push("file", "required", "Pilih berkas dokumen (PDF, PNG, JPEG atau SVG).");
    }
    c.finish()?;
    let Some(file) = file else { return Err(DomainError::BadRequest("berkas tidak ada".into()).into()) };
    let checked = check_upload("file", &file.file_name, file.content_type.as_deref(), &file.bytes)?;
    let title = title.unwrap_or_else(|| checked.file_name.clone());
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let f = state.store.add_application_file(&mut w, application_id, code.as_deref(), &title, &checked, &file.bytes).await?;
    w.commit().await?;
    Ok(f)
}

// ---- Network registry (Jaringan Intra) -------------------------------------------

/// Sets the Pemda's cable-label pattern (Diskominfo).
pub async fn set_label_scheme(state: &AppState, ctx: &Ctx, input: impl Into<Input<LabelSchemeInput>>) -> R<String> {
    ctx.require(Action::ManageWan)?;
    let pattern = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let p = state.store.set_label_pattern(&mut w, &pattern).await?;
    w.commit().await?;
    Ok(p)
}

/// Records a WAN link between agencies (Diskominfo).
pub async fn create_wan_link(state: &AppState, ctx: &Ctx, input: impl Into<Input<WanLinkInput>>) -> R<WanLink> {
    ctx.require(Action::ManageWan)?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let l = state.store.create_wan_link(&mut w, &d).await?;
    w.commit().await?;
    Ok(l)
}

pub async fn update_wan_link(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<WanLinkInput>>) -> R<WanLink> {
    ctx.require(Action::ManageWan)?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let l = state.store.update_wan_link(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(l)
}

/// An action on a record whose agency is named in the body: some agency
/// first, then the named one, then the body is validated.
fn require_lan_for_body(ctx: &Ctx, agency_id: i64) -> R<()> {
    ctx.require(Action::ManageLan(agency_id)).map(|_| ())
}

fn require_some_lan(ctx: &Ctx) -> R<()> {
    if ctx.user()?.can_for_some_agency(Action::ManageLan) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Registers a network device of an agency's LAN.
pub async fn create_device(state: &AppState, ctx: &Ctx, input: impl Into<Input<DeviceInput>>) -> R<Device> {
    require_some_lan(ctx)?;
    let input = input.into().open()?;
    require_lan_for_body(ctx, input.agency_id)?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let dev = state.store.create_device(&mut w, &d).await?;
    w.commit().await?;
    Ok(dev)
}

/// Changes a device; moving it to another agency needs the right on both.
pub async fn update_device(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<DeviceInput>>) -> R<Device> {
    let before = state.store.device(id).await?;
    ctx.require(Action::ManageLan(before.agency_id))?;
    let input = input.into().open()?;
    require_lan_for_body(ctx, input.agency_id)?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let dev = state.store.update_device(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(dev)
}

/// Adds ports to a device.
pub async fn add_ports(state: &AppState, ctx: &Ctx, device_id: i64, input: impl Into<Input<PortInput>>) -> R<Vec<Port>> {
    let device = state.store.device(device_id).await?;
    ctx.require(Action::ManageLan(device.agency_id))?;
    let ports = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let all = state.store.add_ports(&mut w, device_id, &ports).await?;
    w.commit().await?;
    Ok(all)
}

/// Records a data cable; its label code is generated from the Pemda's scheme unless given.
pub async fn create_cable(state: &AppState, ctx: &Ctx, input: impl Into<Input<CableInput>>) -> R<Cable> {
    require_some_lan(ctx)?;
    let input = input.into().open()?;
    require_lan_for_body(ctx, input.agency_id)?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let c = state.store.create_cable(&mut w, &d).await?;
    w.commit().await?;
    Ok(c)
}

pub async fn update_cable(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<CableInput>>) -> R<Cable> {
    let before = state.store.cable(id).await?;
    ctx.require(Action::ManageLan(before.agency_id))?;
    let input = input.into().open()?;
    require_lan_for_body(ctx, input.agency_id)?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let c = state.store.update_cable(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(c)
}

/// Takes a cable out of service today (dibongkar): its ports are freed.
pub async fn decommission_cable(state: &AppState, ctx: &Ctx, id: i64) -> R<Cable> {
    let before = state.store.cable(id).await?;
    ctx.require(Action::ManageLan(before.agency_id))?;
    let today = crate::local_today(pemda(state).await?.timezone);
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let c = state.store.decommission_cable(&mut w, id, &today.to_string()).await?;
    w.commit().await?;
    Ok(c)
}

/// Gives a cable a new label code from the current scheme.
pub async fn relabel_cable(state: &AppState, ctx: &Ctx, id: i64) -> R<Cable> {
    let before = state.store.cable(id).await?;
    ctx.require(Action::ManageLan(before.agency_id))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let c = state.store.relabel_cable(&mut w, id).await?;
    w.commit().await?;
    Ok(c)
}

/// Hands in an agency's LAN diagram (Perwali Balikpapan 14/2022 Pasal 25).
/// The upload is read only after the caller is authorized. Fields: `file`,
/// `submitted_on` (`YYYY-MM-DD`, not in the future; default today) and `notes`.
pub async fn add_lan_diagram(state: &AppState, ctx: &Ctx, agency_id: i64, upload: impl std::future::Future<Output = R<Upload>>) -> R<LanDiagram> {
    ctx.require(Action::ManageLan(agency_id))?;
    state.store.agency(agency_id).await?;
    let up = upload.await?;
    let today = pemda(state).await.map(|p| crate::local_today(p.timezone)).unwrap_or_else(|_| crate::local_today(simpul_domain::pemda::TimeZone::Wib));
    let mut c = Checker::new();
    let submitted_on = c.date("submitted_on", up.field("submitted_on")).unwrap_or_else(|| today.to_string());
    if simpul_domain::validate::parse_date(&submitted_on).is_some_and(|d| d > today) {
        c.push("submitted_on", "in_future", "Tanggal diagram tidak boleh setelah hari ini.");
    }
    let notes = c.optional("notes", up.field("notes"), 2000);
    let file = up.file.filter(|f| !f.bytes.is_empty());
    if file.is_none() {
        c.push("file", "required", "Pilih berkas diagram (PDF, PNG, JPEG atau SVG).");
    }
    c.finish()?;
    let Some(file) = file else { return Err(DomainError::BadRequest("berkas tidak ada".into()).into()) };
    let checked = check_upload("file", &file.file_name, file.content_type.as_deref(), &file.bytes)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let d = state.store.add_lan_diagram(&mut w, agency_id, &submitted_on, notes, &checked, &file.bytes).await?;
    w.commit().await?;
    Ok(d)
}

// ---- ICT assets and licences (inventaris aset TIK) ------------------------------

/// Today in the Pemda's time zone (asset state dates, generated tag years).
async fn pemda_today(state: &AppState) -> R<time::Date> {
    Ok(crate::local_today(pemda(state).await?.timezone))
}

/// Registers an asset. Kepala PD and Operator PD register their own
/// agency's; Diskominfo any.
pub async fn create_asset(state: &AppState, ctx: &Ctx, input: impl Into<Input<AssetInput>>) -> R<Asset> {
    if !ctx.user()?.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden);
    }
    let input = input.into().open()?;
    ctx.require(Action::ManageAssets(input.agency_id))?;
    let today = pemda_today(state).await?;
    let d = input.validate(None, today)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.create_asset(&mut w, &d, today.year()).await?;
    w.commit().await?;
    Ok(a)
}

/// Changes an asset; moving it to another agency needs the right on both,
/// and a change of state must be one of the lifecycle's moves.
pub async fn update_asset(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<AssetInput>>) -> R<Asset> {
    let before = state.store.asset(id).await?;
    ctx.require(Action::ManageAssets(before.agency_id))?;
    let input = input.into().open()?;
    ctx.require(Action::ManageAssets(input.agency_id))?;
    let d = input.validate(AssetState::from_code(&before.state), pemda_today(state).await?)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let a = state.store.update_asset(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(a)
}

/// Sets the pattern of generated asset tags (a Pemda-wide setting).
pub async fn set_asset_tag_pattern(state: &AppState, ctx: &Ctx, pattern: impl Into<Input<String>>) -> R<String> {
    ctx.require(Action::ManageProfile)?;
    let text = pattern.into().open()?.trim().to_string();
    TagPattern::parse(&text).map_err(|m| DomainError::field("pattern", "invalid_format", m))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    state.store.set_asset_tag_pattern(&mut w, &text).await?;
    w.commit().await?;
    Ok(text)
}

/// A clean import: the rows as they will be (or were) stored.
pub struct ImportDone {
    /// Spreadsheet row number and the validated asset.
    pub rows: Vec<(usize, AssetData)>,
    /// The stored assets (empty for a check without import).
    pub imported: Vec<Asset>,
}

/// Imports assets from a CSV file, all or nothing: every row is read,
/// resolved (agency by code, unit by code, holder by NIP), authorized and
/// validated first; a single problem anywhere and nothing is written, the
/// problems come back row by row. Otherwise every asset is written in one
/// transaction, each with its audit entry. `dry_run` checks without writing.
pub async fn import_assets(state: &AppState, ctx: &Ctx, file: impl Into<Input<Vec<u8>>>, dry_run: bool) -> R<Result<ImportDone, Vec<RowError>>> {
    let p = ctx.user()?.clone();
    if !p.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden);
    }
    let bytes = file.into().open()?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(DomainError::PayloadTooLarge(format!("Berkas CSV terlalu besar: paling besar {} KB.", MAX_IMPORT_BYTES / 1024)).into());
    }
    let today = pemda_today(state).await?;
    let parsed = parse_csv(&bytes);
    let mut errors = parsed.errors;
    let mut agencies: HashMap<String, Option<(i64, bool)>> = HashMap::new();
    let mut seen_tags: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    for r in parsed.rows {
        let mut input = r.input;
        if !agencies.contains_key(&r.agency_code) {
            let a = state.store.agency_by_code(&r.agency_code).await?.map(|a| (a.id, a.active));
            agencies.insert(r.agency_code.clone(), a);
        }
        match agencies.get(&r.agency_code).copied().flatten() {
            _ if r.agency_code.is_empty() => {}
            None => errors.push(RowError::new(r.row, "kode_pd", "invalid_reference", format!("Perangkat daerah berkode {} tidak ada.", r.agency_code))),
            Some((_, false)) => errors.push(RowError::new(r.row, "kode_pd", "inactive", format!("Perangkat daerah {} sudah nonaktif.", r.agency_code))),
            Some((id, true)) if !p.can(Action::ManageAssets(id)) => {
                errors.push(RowError::new(r.row, "kode_pd", "forbidden", format!("Anda tidak berwenang mengelola aset perangkat daerah {}.", r.agency_code)))
            }
            Some((id, true)) => {
                input.agency_id = id;
                if let Some(code) = &r.unit_code {
                    match state.store.unit_id_by_code(id, code).await? {
                        Some(u) => input.unit_id = Some(u),
                        None => errors.push(RowError::new(r.row, "kode_unit", "invalid_reference", format!("Unit kerja berkode {code} tidak ada di {}.", r.agency_code))),
                    }
                }
                if let Some(nip) = &r.person_nip {
                    match state.store.person_id_by_nip(id, nip).await? {
                        Some(pid) => input.assigned_person_id = Some(pid),
                        None => errors.push(RowError::new(r.row, "nip_pemegang", "invalid_reference", format!("Tidak ada pegawai aktif {} dengan NIP {nip}.", r.agency_code))),
                    }
                }
            }
        }
        match input.validate(None, today) {
            Ok(d) => {
                if let Some(tag) = &d.asset_tag {
                    if let Some(first) = seen_tags.get(tag) {
                        errors.push(RowError::new(r.row, "kode_aset", "duplicate", format!("Kode aset {tag} sudah dipakai di baris {first}.")));
                    } else if state.store.asset_tag_taken(tag).await? {
                        errors.push(RowError::new(r.row, "kode_aset", "taken", format!("Kode aset {tag} sudah dipakai aset lain.")));
                    }
                    seen_tags.entry(tag.clone()).or_insert(r.row);
                }
                rows.push((r.row, d));
            }
            Err(DomainError::Validation(fs)) => {
                // The agency is reported once, above, when it is the code that is wrong.
                for f in fs.into_iter().filter(|f| !(f.field == "agency_id" && input.agency_id == 0)) {
                    errors.push(RowError::new(r.row, column_of_field(&f.field), f.code, f.message));
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Ok(Err(errors));
    }
    if dry_run {
        return Ok(Ok(ImportDone { rows, imported: Vec::new() }));
    }
    let data: Vec<AssetData> = rows.iter().map(|(_, d)| d.clone()).collect();
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let imported = state.store.import_assets(&mut w, &data, today.year()).await?;
    w.commit().await?;
    Ok(Ok(ImportDone { rows, imported }))
}

/// Registers a software licence of an agency.
pub async fn create_licence(state: &AppState, ctx: &Ctx, input: impl Into<Input<LicenceInput>>) -> R<Licence> {
    if !ctx.user()?.can_for_some_agency(Action::ManageAssets) {
        return Err(AppError::Forbidden);
    }
    let input = input.into().open()?;
    ctx.require(Action::ManageAssets(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let l = state.store.create_licence(&mut w, &d).await?;
    w.commit().await?;
    Ok(l)
}

pub async fn update_licence(state: &AppState, ctx: &Ctx, id: i64, input: impl Into<Input<LicenceInput>>) -> R<Licence> {
    let before = state.store.licence(id).await?;
    ctx.require(Action::ManageAssets(before.agency_id))?;
    let input = input.into().open()?;
    ctx.require(Action::ManageAssets(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let l = state.store.update_licence(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(l)
}

/// Gives a seat of a licence to a hardware asset or a person; refused with
/// 409 `conflict` when every seat is taken.
pub async fn assign_seat(state: &AppState, ctx: &Ctx, licence_id: i64, input: impl Into<Input<SeatInput>>) -> R<Seat> {
    let l = state.store.licence(licence_id).await?;
    ctx.require(Action::ManageAssets(l.agency_id))?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let seat = state.store.assign_seat(&mut w, licence_id, &d).await?;
    w.commit().await?;
    Ok(seat)
}

pub async fn release_seat(state: &AppState, ctx: &Ctx, licence_id: i64, seat_id: i64) -> R<()> {
    let l = state.store.licence(licence_id).await?;
    ctx.require(Action::ManageAssets(l.agency_id))?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    state.store.release_seat(&mut w, licence_id, seat_id).await?;
    w.commit().await?;
    Ok(())
}

// ---- Data centre (Pusat Data) and domain registry ---------------------------------

/// A data-centre write (Diskominfo only, [`Action::ManageDataCentre`]):
/// authorize, open, validate, save (`id` `None` creates) with its audit entry.
macro_rules! data_centre_save {
    ($(#[$m:meta])* $name:ident, $input:ty, $row:ty) => {
        $(#[$m])*
        pub async fn $name(state: &AppState, ctx: &Ctx, id: Option<i64>, input: impl Into<Input<$input>>) -> R<$row> {
            ctx.require(Action::ManageDataCentre)?;
            let d = input.into().open()?.validate()?;
            let mut w = state.store.begin_write(ctx.actor()).await?;
            let row = state.store.$name(&mut w, id, &d).await?;
            w.commit().await?;
            Ok(row)
        }
    };
}

data_centre_save!(
    /// A site: the main Pusat Data, the DRC or an agency's server room.
    save_site, SiteInput, Site
);
data_centre_save!(save_room, RoomInput, Room);
data_centre_save!(
    /// A rack; it cannot be made lower than the servers it holds.
    save_rack, RackInput, Rack
);
data_centre_save!(
    /// A physical server; it must fit in its rack without overlapping another.
    save_server, ServerInput, Server
);
data_centre_save!(
    /// A VPS provided to an agency (Perwali Balikpapan 14/2022 Pasal 19 ayat (11)).
    save_vps, VpsInput, Vps
);

/// Records that an application runs on a server or a VPS.
pub async fn create_placement(state: &AppState, ctx: &Ctx, input: impl Into<Input<PlacementInput>>) -> R<Placement> {
    ctx.require(Action::ManageDataCentre)?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let p = state.store.create_placement(&mut w, &d).await?;
    w.commit().await?;
    Ok(p)
}

/// Removes the record that an application runs somewhere (the audit keeps it).
pub async fn delete_placement(state: &AppState, ctx: &Ctx, id: i64) -> R<Placement> {
    ctx.require(Action::ManageDataCentre)?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let p = state.store.delete_placement(&mut w, id).await?;
    w.commit().await?;
    Ok(p)
}

/// Registers (`id` `None`) or changes a subdomain. Kepala PD and Operator PD
/// manage their own agency's; Diskominfo any. Moving one to another agency
/// needs the right on both.
pub async fn save_subdomain(state: &AppState, ctx: &Ctx, id: Option<i64>, input: impl Into<Input<SubdomainInput>>) -> R<Subdomain> {
    match id {
        Some(id) => {
            let before = state.store.subdomain(id).await?;
            ctx.require(Action::ManageSubdomains(before.agency_id))?;
        }
        None if !ctx.user()?.can_for_some_agency(Action::ManageSubdomains) => return Err(AppError::Forbidden),
        None => {}
    }
    let input = input.into().open()?;
    ctx.require(Action::ManageSubdomains(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let s = state.store.save_subdomain(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(s)
}

/// Sets the official e-mail domain (Diskominfo, Perwali Balikpapan 14/2022 Pasal 30 ayat (4)).
pub async fn save_mail_domain(state: &AppState, ctx: &Ctx, input: impl Into<Input<MailDomainInput>>) -> R<MailDomain> {
    ctx.require(Action::ManageDomainNames)?;
    let d = input.into().open()?.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let m = state.store.save_mail_domain(&mut w, &d).await?;
    w.commit().await?;
    Ok(m)
}

// ---- Pusat Data: datasets ------------------------------------------------------------------

/// A dataset the caller may read (`datasets::can_read`): one they may not
/// read is answered as not found, so its existence does not leak either.
pub async fn read_dataset(state: &AppState, ctx: &Ctx, id: i64) -> R<simpul_store::datasets::Dataset> {
    let p = ctx.user()?;
    let d = state.store.dataset(id).await?;
    if simpul_domain::datasets::can_read(p, &d.access()) {
        return Ok(d);
    }
    // Agencies granted access on an approved data-use request, checked at
    // read time so that expiry and revocation hold at once (actions::sharing).
    let granted: Vec<i64> = state.store.grants_in_force(d.id, &simpul_domain::datasets::agencies_of(p), now_millis()).await?.into_iter().map(|(_, a)| a).collect();
    let access = simpul_domain::datasets::DatasetAccess { granted: &granted, ..d.access() };
    if simpul_domain::datasets::can_read(p, &access) { Ok(d) } else { Err(DomainError::NotFound("dataset").into()) }
}

/// Registers (`id` `None`) or changes a dataset. The owning agency's
/// Walidata, Kepala PD or Operator PD, or Diskominfo; moving a dataset to
/// another agency needs the right on both.
pub async fn save_dataset(state: &AppState, ctx: &Ctx, id: Option<i64>, input: impl Into<Input<simpul_domain::datasets::DatasetInput>>) -> R<simpul_store::datasets::Dataset> {
    match id {
        Some(id) => {
            let before = read_dataset(state, ctx, id).await?;
            ctx.require(Action::ManageDatasets(before.agency_id))?;
        }
        None if !ctx.user()?.can_for_some_agency(Action::ManageDatasets) => return Err(AppError::Forbidden),
        None => {}
    }
    let input = input.into().open()?;
    ctx.require(Action::ManageDatasets(input.agency_id))?;
    let d = input.validate()?;
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let saved = state.store.save_dataset(&mut w, id, &d).await?;
    w.commit().await?;
    Ok(saved)
}

/// The upload limit of dataset files.
pub fn dataset_too_large(max: usize) -> AppError {
    AppError::Domain(DomainError::PayloadTooLarge(format!("Berkas terlalu besar: paling besar {} MB.", max.div_ceil(1024 * 1024))))
}

/// A file name safe to store and send back: the last path segment, without
/// control characters, quotes or separators, at most 200 characters.
pub fn clean_dataset_file_name(name: &str, format: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\' | '<' | '>')).take(200).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() { format!("data.{format}") } else { cleaned }
}

/// Checks an uploaded file (CSV, or .xlsx by its content) against the
/// dataset's declared columns; every problem is a field error
/// `rows[N].column` (N the spreadsheet row; 0 for the file).
pub fn check_dataset_file(columns: &[simpul_domain::datasets::Column], bytes: &[u8]) -> R<(&'static str, simpul_domain::datasets::CheckedTable)> {
    let (format, table) = if crate::xlsx::is_xlsx(bytes) {
        let (header, rows) = crate::xlsx::read_first_sheet(bytes).map_err(|m| DomainError::field("file", "unreadable", m))?;
        ("xlsx", simpul_domain::datasets::check_rows(columns, &header, 1, rows))
    } else {
        ("csv", simpul_domain::datasets::check_csv(columns, bytes))
    };
    if table.error_count == 0 {
        return Ok((format, table));
    }
    let mut errors: Vec<simpul_domain::FieldError> =
        table.errors.iter().map(|e| simpul_domain::FieldError { field: format!("rows[{}].{}", e.row, e.column), code: e.code, message: e.message.clone() }).collect();
    if table.error_count > table.errors.len() {
        errors.push(simpul_domain::FieldError {
            field: "file".into(),
            code: "too_many_errors",
            message: format!("{} kesalahan ditemukan; {} yang pertama ditampilkan.", table.error_count, table.errors.len()),
        });
    }
    Err(DomainError::Validation(errors).into())
}

/// Uploads a new version of a dataset: checked completely first; a file
/// with any error is not stored. Earlier versions stay.
pub async fn add_dataset_version(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    upload: impl std::future::Future<Output = R<Upload>>,
) -> R<(simpul_store::datasets::Dataset, simpul_store::datasets::DatasetVersion)> {
    let d = read_dataset(state, ctx, id).await?;
    ctx.require(Action::ManageDatasets(d.agency_id))?;
    let up = upload.await?;
    let Some(file) = up.file.filter(|f| !f.bytes.is_empty()) else {
        return Err(DomainError::field("file", "required", "Pilih berkas CSV atau .xlsx.").into());
    };
    let (format, table) = check_dataset_file(&d.columns, &file.bytes)?;
    let today = pemda_today(state).await.unwrap_or_else(|_| crate::local_today(simpul_domain::pemda::TimeZone::Wib)).to_string();
    let name = clean_dataset_file_name(&file.file_name, format);
    let mut w = state.store.begin_write(ctx.actor()).await?;
    let v = state.store.add_dataset_version(&mut w, &d, simpul_store::datasets::NewVersion { file_name: &name, format, bytes: &file.bytes, rows: &table.rows, today }).await?;
    w.commit().await?;
    Ok((d, v))
}
