//! Accounts, role grants, sessions and API tokens.

use sqlx::AssertSqlSafe;
use serde::Serialize;
use simpul_domain::audit::Change;
use simpul_domain::roles::{Grant, Principal, Role, TokenScope};
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{conflict_on, Result, Store, WriteTx};

/// Failed sign-ins before an account is locked, and for how long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MILLIS: i64 = 15 * 60 * 1000;
/// Session lifetimes: idle and absolute.
pub const SESSION_IDLE_MILLIS: i64 = 8 * 60 * 60 * 1000;
pub const SESSION_MAX_MILLIS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub agency_id: Option<i64>,
    pub agency_name: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scope: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// What sign-in needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
    pub locked_until: Option<i64>,
    pub failed_logins: i64,
}

const ACCOUNT_COLS: &str = "acc.id, acc.username, acc.person_id, p.name AS person_name, p.agency_id, a.name AS agency_name, acc.active, acc.must_change_password, acc.locked_until, acc.last_login_at";
const ACCOUNT_FROM: &str = "FROM accounts acc LEFT JOIN people p ON p.id = acc.person_id LEFT JOIN agencies a ON a.id = p.agency_id";

fn account_from_row(r: &AnyRow) -> Result<Account, sqlx::Error> {
    Ok(Account {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        active: crate::flag(r, "active")?,
        must_change_password: crate::flag(r, "must_change_password")?,
        locked_until: r.try_get("locked_until")?,
        last_login_at: r.try_get("last_login_at")?,
        grants: Vec::new(),
    })
}

fn token_from_row(r: &AnyRow) -> Result<ApiToken, sqlx::Error> {
    Ok(ApiToken {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        prefix: r.try_get("prefix")?,
        scope: r.try_get("scope")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    pub q: Option<String>,
    pub role: Option<String>,
    pub agency_id: Option<i64>,
}

fn audit_account(id: i64, action: &str, agency: Option<i64>, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Change {
    Change { agency_id: agency, entity: "account".into(), entity_id: id.to_string(), action: action.into(), before, after }
}

/// What the audit trail records of an account: never the password hash.
fn account_json(a: &Account) -> Option<serde_json::Value> {
    serde_json::to_value(a).ok()
}

impl Store {
    async fn grants_of(&self, conn: &mut sqlx::AnyConnection, account_id: i64) -> Result<Vec<Grant>> {
        let rows = sqlx::query("SELECT role, agency_id FROM grants WHERE account_id = $1 ORDER BY role, agency_id").bind(account_id).fetch_all(&mut *conn).await?;
        let mut out = Vec::new();
        for r in rows {
            let role: String = r.try_get("role")?;
            if let Some(role) = Role::from_code(&role) {
                out.push(Grant { role, agency_id: r.try_get("agency_id")? });
            }
        }
        Ok(out)
    }

    pub async fn accounts(&self, f: &AccountFilter, page: PageRequest) -> Result<Page<Account>> {
        let mut body = Sql::new(ACCOUNT_FROM);
        body.push(" WHERE 1=1");
        if let Some(r) = f.role.as_deref().filter(|r| !r.is_empty()) {
            body.push(" AND acc.id IN (SELECT account_id FROM grants WHERE role = ").arg(Arg::Str(Some(r.into()))).push(")");
        }
        if let Some(a) = f.agency_id {
            body.push(" AND p.agency_id = ").arg(Arg::I64(Some(a)));
        }
        body.search(&["acc.username", "p.name"], f.q.as_deref());
        let mut page = paged(&self.pool, ACCOUNT_COLS, body, "acc.username", page, account_from_row).await?;
        let mut conn = self.pool.acquire().await?;
        for a in &mut page.items {
            a.grants = self.grants_of(&mut conn, a.id).await?;
        }
        Ok(page)
    }

    pub async fn account(&self, id: i64) -> Result<Account> {
        let mut conn = self.pool.acquire().await?;
        self.account_on(&mut conn, id).await
    }

    async fn account_on(&self, conn: &mut sqlx::AnyConnection, id: i64) -> Result<Account> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {ACCOUNT_COLS} {ACCOUNT_FROM} WHERE acc.id = $1"))).bind(id).fetch_optional(&mut *conn).await?;
        let Some(r) = row else { return Err(DomainError::NotFound("akun").into()) };
        let mut a = account_from_row(&r)?;
        a.grants = self.grants_of(conn, id).await?;
        Ok(a)
    }

    async fn check_grant_agencies(&self, w: &mut WriteTx, grants: &[Grant]) -> Result<()> {
        for g in grants {
            if let Some(a) = g.agency_id {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies WHERE id = $1").bind(a).fetch_one(&mut *w.tx).await?;
                if n == 0 {
                    return Err(DomainError::field("grants", "invalid_reference", "Perangkat daerah untuk peran tidak ditemukan.").into());
                }
            }
        }
        Ok(())
    }

    async fn write_grants(&self, w: &mut WriteTx, account_id: i64, grants: &[Grant]) -> Result<()> {
        sqlx::query("DELETE FROM grants WHERE account_id = $1").bind(account_id).execute(&mut *w.tx).await?;
        for g in grants {
            sqlx::query("INSERT INTO grants (account_id, role, agency_id, scope_key) VALUES ($1, $2, $3, $4)")
                .bind(account_id)
                .bind(g.role.code())
                .bind(g.agency_id)
                .bind(g.agency_id.unwrap_or(0))
                .execute(&mut *w.tx)
                .await?;
        }
        Ok(())
    }

    /// Creates an account with an already hashed password.
    pub async fn create_account(&self, w: &mut WriteTx, username: &str, person_id: Option<i64>, password_hash: &str, must_change: bool, grants: &[Grant]) -> Result<Account> {
        if let Some(p) = person_id {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1").bind(p).fetch_one(&mut *w.tx).await?;
            if n == 0 {
                return Err(DomainError::field("person_id", "invalid_reference", "Pegawai tidak ditemukan.").into());
            }
        }
        self.check_grant_agencies(w, grants).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (username, person_id, password_hash, active, must_change_password, failed_logins, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(username.to_string())
        .bind(person_id)
        .bind(password_hash.to_string())
        .bind(1i64)
        .bind(i64::from(must_change))
        .bind(0i64)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| {
            if crate::is_unique_violation(&e) && e.to_string().contains("person") {
                conflict_on(e, "person_id", "Pegawai ini sudah memiliki akun.")
            } else {
                conflict_on(e, "username", "Nama pengguna sudah dipakai (atau pegawai ini sudah memiliki akun).")
            }
        })?;
        self.write_grants(w, id, grants).await?;
        let a = self.account_on(&mut w.tx, id).await?;
        w.audit(audit_account(id, "create", a.agency_id, None, account_json(&a))).await?;
        Ok(a)
    }

    pub async fn set_grants(&self, w: &mut WriteTx, account_id: i64, grants: &[Grant]) -> Result<Account> {
        let before = self.account_on(&mut w.tx, account_id).await?;
        self.check_grant_agencies(w, grants).await?;
        self.write_grants(w, account_id, grants).await?;
        let after = self.account_on(&mut w.tx, account_id).await?;
        w.audit(audit_account(account_id, "set_roles", after.agency_id, account_json(&before), account_json(&after))).await?;
        Ok(after)
    }

    /// Sets a new password hash; `must_change` forces a change at next sign-in
    /// (after an administrator's reset). Ends the account's sessions.
    pub async fn set_password(&self, w: &mut WriteTx, account_id: i64, hash: &str, must_change: bool, action: &str) -> Result<()> {
        let before = self.account_on(&mut w.tx, account_id).await?;
        sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = $2, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $4")
            .bind(hash.to_string())
            .bind(i64::from(must_change))
            .bind(now_millis())
            .bind(account_id)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *w.tx).await?;
        w.audit(audit_account(account_id, action, before.agency_id, None, Some(serde_json::json!({"must_change_password": must_change})))).await
    }

    pub async fn set_account_active(&self, w: &mut WriteTx, account_id: i64, active: bool) -> Result<Account> {
        let before = self.account_on(&mut w.tx, account_id).await?;
        sqlx::query("UPDATE accounts SET active = $1, updated_at = $2 WHERE id = $3").bind(i64::from(active)).bind(now_millis()).bind(account_id).execute(&mut *w.tx).await?;
        if !active {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *w.tx).await?;
        }
        let after = self.account_on(&mut w.tx, account_id).await?;
        w.audit(audit_account(account_id, if active { "activate" } else { "deactivate" }, after.agency_id, account_json(&before), account_json(&after))).await?;
        Ok(after)
    }

    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query("SELECT id, password_hash, active, locked_until, failed_logins FROM accounts WHERE username = $1").bind(username.to_lowercase()).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(r) => Some(Credentials {
                id: r.try_get("id")?,
                password_hash: r.try_get("password_hash")?,
                active: crate::flag(&r, "active")?,
                locked_until: r.try_get("locked_until")?,
                failed_logins: r.try_get("failed_logins")?,
            }),
            None => None,
        })
    }

    pub async fn password_hash(&self, account_id: i64) -> Result<String> {
        Ok(sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1").bind(account_id).fetch_one(&self.pool).await?)
    }

    /// Records a failed sign-in; locks the account after too many. Returns
    /// whether the account is now locked.
    pub async fn record_failed_login(&self, w: &mut WriteTx, account_id: i64) -> Result<bool> {
        let failed: i64 = sqlx::query_scalar("UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins").bind(account_id).fetch_one(&mut *w.tx).await?;
        let locked = failed >= MAX_FAILED_LOGINS;
        if locked {
            sqlx::query("UPDATE accounts SET locked_until = $1, failed_logins = 0 WHERE id = $2").bind(now_millis() + LOCKOUT_MILLIS).bind(account_id).execute(&mut *w.tx).await?;
        }
        w.audit(audit_account(account_id, if locked { "locked" } else { "sign_in_failed" }, None, None, Some(serde_json::json!({"failed_logins": failed})))).await?;
        Ok(locked)
    }

    /// Creates a session for a successful sign-in; `token_hash` is the
    /// digest of the cookie value. Any session the browser held is replaced.
    #[allow(clippy::too_many_arguments)] // one call site; a struct would only rename the fields
    pub async fn create_session(&self, w: &mut WriteTx, account_id: i64, token_hash: &str, csrf: &str, ip: Option<&str>, user_agent: Option<&str>, replaces: Option<&str>) -> Result<()> {
        let now = now_millis();
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(old.to_string()).execute(&mut *w.tx).await?;
        }
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2").bind(now).bind(now - SESSION_IDLE_MILLIS).execute(&mut *w.tx).await?;
        sqlx::query("INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(token_hash.to_string())
            .bind(account_id)
            .bind(csrf.to_string())
            .bind(now)
            .bind(now + SESSION_MAX_MILLIS)
            .bind(now)
            .bind(ip.map(str::to_string))
            .bind(user_agent.map(|s| s.chars().take(300).collect::<String>()))
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2").bind(now).bind(account_id).execute(&mut *w.tx).await?;
        w.audit(audit_account(account_id, "sign_in", None, None, Some(serde_json::json!({"ip": ip})))).await
    }

    pub async fn delete_session(&self, w: &mut WriteTx, token_hash: &str, account_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash.to_string()).execute(&mut *w.tx).await?;
        w.audit(audit_account(account_id, "sign_out", None, None, None)).await
    }

    /// Resolves a session cookie to its principal and CSRF token, refreshing its idle timer.
    pub async fn session_principal(&self, token_hash: &str) -> Result<Option<(Principal, String)>> {
        let now = now_millis();
        let row = sqlx::query("SELECT account_id, csrf_token, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3")
            .bind(token_hash.to_string())
            .bind(now)
            .bind(now - SESSION_IDLE_MILLIS)
            .fetch_optional(&self.pool)
            .await?;
        let Some(r) = row else { return Ok(None) };
        let account_id: i64 = r.try_get("account_id")?;
        let csrf: String = r.try_get("csrf_token")?;
        let last_seen: i64 = r.try_get("last_seen_at")?;
        if now - last_seen > 60_000 {
            // Not audited: a timestamp refresh, not a change of state anyone acts on.
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now).bind(token_hash.to_string()).execute(&self.pool).await?;
        }
        Ok(self.principal(account_id).await?.map(|p| (p, csrf)))
    }

    /// Loads an active account as a principal.
    pub async fn principal(&self, account_id: i64) -> Result<Option<Principal>> {
        let mut conn = self.pool.acquire().await?;
        let a = match self.account_on(&mut conn, account_id).await {
            Ok(a) => a,
            Err(crate::StoreError::Domain(DomainError::NotFound(_))) => return Ok(None),
            Err(e) => return Err(e),
        };
        if !a.active {
            return Ok(None);
        }
        Ok(Some(Principal {
            account_id: a.id,
            display_name: a.person_name.clone().unwrap_or_else(|| a.username.clone()),
            username: a.username,
            agency_id: a.agency_id,
            grants: a.grants,
            must_change_password: a.must_change_password,
        }))
    }

    // ---- API tokens -----------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    pub async fn create_token(&self, w: &mut WriteTx, account_id: i64, name: &str, prefix: &str, token_hash: &str, scope: TokenScope, expires_at: Option<i64>) -> Result<ApiToken> {
        let now = now_millis();
        let id: i64 = sqlx::query_scalar("INSERT INTO api_tokens (account_id, name, prefix, token_hash, scope, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(account_id)
            .bind(name.to_string())
            .bind(prefix.to_string())
            .bind(token_hash.to_string())
            .bind(scope.code())
            .bind(now)
            .bind(expires_at)
            .fetch_one(&mut *w.tx)
            .await?;
        let t = ApiToken { id, name: name.into(), prefix: prefix.into(), scope: scope.code().into(), created_at: now, expires_at, last_used_at: None, revoked_at: None };
        w.audit(Change { agency_id: None, entity: "api_token".into(), entity_id: id.to_string(), action: "create".into(), before: None, after: serde_json::to_value(&t).ok() }).await?;
        Ok(t)
    }

    pub async fn tokens(&self, account_id: i64) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query("SELECT id, name, prefix, scope, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE account_id = $1 ORDER BY id DESC")
            .bind(account_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(token_from_row).collect::<Result<_, _>>()?)
    }

    /// Revokes one of the account's tokens.
    pub async fn revoke_token(&self, w: &mut WriteTx, account_id: i64, token_id: i64) -> Result<()> {
        let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL")
            .bind(now_millis())
            .bind(token_id)
            .bind(account_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(DomainError::NotFound("token").into());
        }
        w.audit(Change { agency_id: None, entity: "api_token".into(), entity_id: token_id.to_string(), action: "revoke".into(), before: None, after: None }).await
    }

    /// Resolves a bearer token to its principal, its scope and the data
    /// grant it is tied to, if it is a grant-scoped token (`data_grant_tokens`).
    pub async fn token_principal(&self, token_hash: &str) -> Result<Option<(Principal, TokenScope, Option<i64>)>> {
        let now = now_millis();
        let row = sqlx::query(
            "SELECT t.id, t.account_id, t.scope, t.last_used_at, (SELECT s.grant_id FROM data_grant_tokens s WHERE s.token_id = t.id) AS data_grant_id \
             FROM api_tokens t WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
        )
            .bind(token_hash.to_string())
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        let Some(r) = row else { return Ok(None) };
        let id: i64 = r.try_get("id")?;
        let account_id: i64 = r.try_get("account_id")?;
        let scope: String = r.try_get("scope")?;
        let last: Option<i64> = r.try_get("last_used_at")?;
        let data_grant: Option<i64> = r.try_get("data_grant_id")?;
        if last.is_none_or(|l| now - l > 60_000) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(id).execute(&self.pool).await?;
        }
        let Some(scope) = TokenScope::from_code(&scope) else { return Ok(None) };
        Ok(self.principal(account_id).await?.map(|p| (p, scope, data_grant)))
    }
}
