//! Bootstrapping a new installation: the first Administrator Diskominfo.

use anyhow::{Context, Result};
use simpul_domain::audit::Actor;
use simpul_domain::auth::{hash_password, new_secret};
use simpul_domain::org::validate_username;
use simpul_domain::roles::{Grant, Role};
use simpul_domain::validate::Checker;
use simpul_store::Store;

/// Creates an administrator account with a random temporary password, which
/// is returned (and must be changed at first sign-in). Audited as `cli`.
pub async fn create_admin(store: &Store, username: &str) -> Result<String> {
    let mut c = Checker::new();
    let username = validate_username(&mut c, username);
    c.finish().map_err(|e| anyhow::anyhow!("nama pengguna tidak valid: {:?}", e.field_errors().first().map(|f| f.message.clone())))?;
    let password: String = new_secret("").chars().take(16).collect();
    let hash = hash_password(&password)?;
    let mut w = store.begin_write(Actor::system("cli")).await?;
    store
        .create_account(&mut w, &username, None, &hash, true, &[Grant { role: Role::AdminDiskominfo, agency_id: None }])
        .await
        .with_context(|| format!("tidak dapat membuat akun `{username}`"))?;
    w.commit().await?;
    Ok(password)
}
