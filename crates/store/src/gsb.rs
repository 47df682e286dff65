//! The Sistem Penghubung Layanan registry: services, consuming clients,
//! their API keys (SHA-256 digests only) and access rights, plus what the
//! gateway reads: [`Store::gsb_routing`] and the change counter
//! [`Store::gsb_version`], which every write here bumps in its transaction.

use serde::Serialize;
use simpul_domain::assets::mask_key;
use simpul_domain::auth::{new_secret, secret_digest};
use simpul_domain::gsb::{
    data_service_note, day_end_millis, effective_status, key_prefix, local_today, ClientData, GrantRequestData, GrantStatus, KeyData, Operation, ServiceData, ServiceStatus,
    KEY_PREFIX,
};
use simpul_domain::pemda::TimeZone;
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::{eq_id, eq_text, int, opt_int, opt_text, text, Spec, Values};
use crate::sql::{Arg, Page, PageRequest, Sql};
use crate::{flag, Result, Store, WriteTx};

/// `meta` key of the registry's change counter.
pub const VERSION_KEY: &str = "gsb_version";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Service {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub agency_id: i64,
    pub agency_name: String,
    pub application_id: Option<i64>,
    pub application_name: Option<String>,
    pub upstream_url: String,
    pub openapi: Option<String>,
    pub version: Option<String>,
    pub data_service: bool,
    pub confidentiality: String,
    /// Hundredths of a percent.
    pub availability_bp: Option<i64>,
    pub keep_bodies: bool,
    pub retention_days: Option<i64>,
    pub rate_limit_per_minute: Option<i64>,
    pub status: String,
    /// The outbound credential, masked (all but the last four characters).
    pub outbound_auth_masked: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Service {
    /// The operations of its OpenAPI document (none when it has none).
    pub fn operations(&self) -> Vec<Operation> {
        self.openapi.as_deref().and_then(|d| simpul_domain::gsb::openapi_operations(d).ok()).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Client {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub application_id: i64,
    pub application_name: String,
    pub status: String,
    pub tls_cert_sha256: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An API key as stored: its prefix and digest, never the key.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Key {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    pub agency_id: i64,
    pub prefix: String,
    pub digest: String,
    pub label: Option<String>,
    pub expires_on: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Grant {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub client_agency_id: i64,
    pub client_agency_name: String,
    pub service_id: i64,
    pub service_code: String,
    pub service_name: String,
    pub provider_agency_id: i64,
    pub provider_agency_name: String,
    pub data_service: bool,
    pub purpose: String,
    /// `"METHOD /path"`; empty: the whole service.
    pub operations: Vec<String>,
    pub expires_on: String,
    /// As stored: requested, approved, rejected or revoked.
    pub status: String,
    pub requested_by: String,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    pub decider_role: Option<String>,
    pub decision_note: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Grant {
    /// The status on `today`: approved rights past their last day are `expired`.
    pub fn status_on(&self, today: &str) -> &'static str {
        effective_status(&self.status, &self.expires_on, today)
    }
}

fn service_row(r: &AnyRow) -> Result<Service, sqlx::Error> {
    let auth: Option<String> = r.try_get("outbound_auth")?;
    Ok(Service {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        application_id: r.try_get("application_id")?,
        application_name: r.try_get("application_name")?,
        upstream_url: r.try_get("upstream_url")?,
        openapi: r.try_get("openapi")?,
        version: r.try_get("version")?,
        data_service: flag(r, "data_service")?,
        confidentiality: r.try_get("confidentiality")?,
        availability_bp: r.try_get("availability_bp")?,
        keep_bodies: flag(r, "keep_bodies")?,
        retention_days: r.try_get("retention_days")?,
        rate_limit_per_minute: r.try_get("rate_limit_per_minute")?,
        status: r.try_get("status")?,
        outbound_auth_masked: auth.as_deref().map(mask_key),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn client_row(r: &AnyRow) -> Result<Client, sqlx::Error> {
    Ok(Client {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        application_id: r.try_get("application_id")?,
        application_name: r.try_get("application_name")?,
        status: r.try_get("status")?,
        tls_cert_sha256: r.try_get("tls_cert_sha256")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn key_row(r: &AnyRow) -> Result<Key, sqlx::Error> {
    Ok(Key {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        client_code: r.try_get("client_code")?,
        agency_id: r.try_get("agency_id")?,
        prefix: r.try_get("prefix")?,
        digest: r.try_get("digest")?,
        label: r.try_get("label")?,
        expires_on: r.try_get("expires_on")?,
        revoked_at: r.try_get("revoked_at")?,
        revoked_by: r.try_get("revoked_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn lines(v: Option<String>) -> Vec<String> {
    v.map(|v| v.lines().map(str::to_string).filter(|l| !l.is_empty()).collect()).unwrap_or_default()
}

fn grant_row(r: &AnyRow) -> Result<Grant, sqlx::Error> {
    Ok(Grant {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        client_code: r.try_get("client_code")?,
        client_name: r.try_get("client_name")?,
        client_agency_id: r.try_get("client_agency_id")?,
        client_agency_name: r.try_get("client_agency_name")?,
        service_id: r.try_get("service_id")?,
        service_code: r.try_get("service_code")?,
        service_name: r.try_get("service_name")?,
        provider_agency_id: r.try_get("provider_agency_id")?,
        provider_agency_name: r.try_get("provider_agency_name")?,
        data_service: flag(r, "data_service")?,
        purpose: r.try_get("purpose")?,
        operations: lines(r.try_get("operations")?),
        expires_on: r.try_get("expires_on")?,
        status: r.try_get("status")?,
        requested_by: r.try_get("requested_by")?,
        decided_at: r.try_get("decided_at")?,
        decided_by: r.try_get("decided_by")?,
        decider_role: r.try_get("decider_role")?,
        decision_note: r.try_get("decision_note")?,
        revoked_at: r.try_get("revoked_at")?,
        revoked_by: r.try_get("revoked_by")?,
        revoked_reason: r.try_get("revoked_reason")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub(crate) const SERVICES: Spec<Service> = Spec {
    table: "gsb_services",
    entity: "gsb_service",
    what: "layanan",
    cols: "x.id, x.code, x.name, x.description, x.agency_id, ag.name AS agency_name, x.application_id, a.name AS application_name, x.upstream_url, x.openapi, x.version, \
           x.data_service, x.confidentiality, x.availability_bp, x.keep_bodies, x.retention_days, x.rate_limit_per_minute, x.status, x.outbound_auth, x.created_at, x.updated_at",
    from: "gsb_services x JOIN agencies ag ON ag.id = x.agency_id LEFT JOIN applications a ON a.id = x.application_id",
    order: "x.code, x.id",
    map: service_row,
    agency: |s| Some(s.agency_id),
    unique: ("code", "Kode layanan ini sudah dipakai."),
};

pub(crate) const CLIENTS: Spec<Client> = Spec {
    table: "gsb_clients",
    entity: "gsb_client",
    what: "klien",
    cols: "x.id, x.code, x.name, x.agency_id, ag.name AS agency_name, x.application_id, a.name AS application_name, x.status, x.tls_cert_sha256, x.created_at, x.updated_at",
    from: "gsb_clients x JOIN agencies ag ON ag.id = x.agency_id JOIN applications a ON a.id = x.application_id",
    order: "x.code, x.id",
    map: client_row,
    agency: |c| Some(c.agency_id),
    unique: ("code", "Kode klien ini sudah dipakai."),
};

pub(crate) const KEYS: Spec<Key> = Spec {
    table: "gsb_keys",
    entity: "gsb_key",
    what: "kunci API",
    cols: "x.id, x.client_id, c.code AS client_code, c.agency_id, x.prefix, x.digest, x.label, x.expires_on, x.revoked_at, x.revoked_by, x.created_at, x.updated_at",
    from: "gsb_keys x JOIN gsb_clients c ON c.id = x.client_id",
    order: "x.created_at DESC, x.id DESC",
    map: key_row,
    agency: |k| Some(k.agency_id),
    unique: ("key", "Kunci ini sudah ada."),
};

pub(crate) const GRANTS: Spec<Grant> = Spec {
    table: "gsb_grants",
    entity: "gsb_grant",
    what: "hak akses",
    cols: "x.id, x.client_id, c.code AS client_code, c.name AS client_name, c.agency_id AS client_agency_id, ca.name AS client_agency_name, x.service_id, \
           s.code AS service_code, s.name AS service_name, s.agency_id AS provider_agency_id, sa.name AS provider_agency_name, s.data_service, x.purpose, x.operations, \
           x.expires_on, x.status, x.requested_by, x.decided_at, x.decided_by, x.decider_role, x.decision_note, x.revoked_at, x.revoked_by, x.revoked_reason, \
           x.created_at, x.updated_at",
    from: "gsb_grants x JOIN gsb_clients c ON c.id = x.client_id JOIN agencies ca ON ca.id = c.agency_id JOIN gsb_services s ON s.id = x.service_id \
           JOIN agencies sa ON sa.id = s.agency_id",
    order: "x.created_at DESC, x.id DESC",
    map: grant_row,
    agency: |g| Some(g.provider_agency_id),
    unique: ("service_id", "Hak akses ini sudah ada."),
};

#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Search in code, name and description.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ClientFilter {
    pub q: Option<String>,
    pub agency_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct GrantFilter {
    pub client_id: Option<i64>,
    pub service_id: Option<i64>,
    /// The providing agency (an approval queue).
    pub provider_agency_id: Option<i64>,
    pub client_agency_id: Option<i64>,
    /// Stored status: requested, approved, rejected, revoked.
    pub status: Option<String>,
}

fn service_body(f: &ServiceFilter) -> Sql {
    let mut b = SERVICES.body();
    eq_id(&mut b, "x.agency_id", f.agency_id);
    eq_text(&mut b, "x.status", f.status.as_deref());
    b.search(&["x.code", "x.name", "x.description"], f.q.as_deref());
    b
}

fn client_body(f: &ClientFilter) -> Sql {
    let mut b = CLIENTS.body();
    eq_id(&mut b, "x.agency_id", f.agency_id);
    b.search(&["x.code", "x.name"], f.q.as_deref());
    b
}

fn grant_body(f: &GrantFilter) -> Sql {
    let mut b = GRANTS.body();
    eq_id(&mut b, "x.client_id", f.client_id);
    eq_id(&mut b, "x.service_id", f.service_id);
    eq_id(&mut b, "s.agency_id", f.provider_agency_id);
    eq_id(&mut b, "c.agency_id", f.client_agency_id);
    eq_text(&mut b, "x.status", f.status.as_deref());
    b
}

/// A service the gateway routes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RoutedService {
    pub id: i64,
    pub code: String,
    pub upstream_url: String,
    /// Read-only: GET and HEAD only.
    pub data_service: bool,
    pub rate_limit_per_minute: Option<i64>,
    pub keep_bodies: bool,
    pub retention_days: Option<i64>,
    /// The `Authorization` value to send upstream (in full: for the gateway only).
    pub outbound_auth: Option<String>,
}

/// A key the gateway accepts, by its SHA-256 digest.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RoutedKey {
    pub digest: String,
    pub client_id: i64,
    pub client_code: String,
    pub agency_id: i64,
    /// The instant (UTC ms) from which the key no longer works, if it expires.
    pub expires_at: Option<i64>,
    /// The SHA-256 of the client's registered TLS certificate: calls with
    /// this key must present it (`simpul_gsb::tls`).
    pub tls_cert_sha256: Option<String>,
}

/// An approved, unexpired, unrevoked right.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RoutedGrant {
    pub client_id: i64,
    pub service_code: String,
    /// `None`: every operation; otherwise `(METHOD, path template)`.
    pub operations: Option<Vec<(String, String)>>,
    /// The instant (UTC ms) from which the right no longer holds.
    pub expires_at: Option<i64>,
}

/// Everything the gateway indexes, read at `version`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GsbRouting {
    pub version: i64,
    pub services: Vec<RoutedService>,
    pub keys: Vec<RoutedKey>,
    pub grants: Vec<RoutedGrant>,
}

/// A key just created: the row, and the key itself, to be shown once.
pub struct NewKey {
    pub key: Key,
    pub secret: String,
}

/// Who decided a request or revoked a right, as recorded.
pub struct Decider<'a> {
    pub name: &'a str,
    /// The role they acted in (Indonesian label), e.g. "Kepala Perangkat Daerah".
    pub role: &'a str,
}

fn conflict(message: &str) -> crate::StoreError {
    DomainError::Conflict { field: None, message: message.into() }.into()
}

async fn version_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E) -> Result<Option<i64>> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(VERSION_KEY).fetch_optional(ex).await?;
    Ok(v.and_then(|v| v.parse().ok()))
}

impl Store {
    /// The registry's change counter: every change to services, clients,
    /// keys or rights increases it in the same transaction, so a gateway
    /// polling it reloads [`Store::gsb_routing`] when it moves.
    pub async fn gsb_version(&self) -> Result<i64> {
        Ok(version_in(&self.pool).await?.unwrap_or(0))
    }

    async fn bump_gsb_version(w: &mut WriteTx) -> Result<()> {
        match version_in(&mut *w.tx).await? {
            Some(v) => sqlx::query("UPDATE meta SET value = $1 WHERE key = $2").bind((v + 1).to_string()).bind(VERSION_KEY).execute(&mut *w.tx).await?,
            None => sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)").bind(VERSION_KEY).bind("1").execute(&mut *w.tx).await?,
        };
        Ok(())
    }

    async fn timezone(&self) -> Result<TimeZone> {
        Ok(self.profile().await?.map(|p| p.timezone).unwrap_or(TimeZone::Wib))
    }

    /// The Pemda's local date today.
    pub async fn gsb_today(&self) -> Result<String> {
        Ok(local_today(self.timezone().await?))
    }

    /// What the gateway routes, with the version it was read at: one read
    /// transaction (a snapshot on PostgreSQL, `REPEATABLE READ`; SQLite's
    /// read transaction), so the data is exactly that version's.
    pub async fn gsb_routing(&self) -> Result<GsbRouting> {
        let tz = self.timezone().await?;
        let today = local_today(tz);
        let mut tx = self.pool.begin().await?;
        if self.backend == crate::Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        let version = version_in(&mut *tx).await?.unwrap_or(0);
        let rows = sqlx::query("SELECT id, code, upstream_url, data_service, rate_limit_per_minute, keep_bodies, retention_days, outbound_auth FROM gsb_services WHERE status = $1 ORDER BY code")
            .bind(ServiceStatus::Active.code())
            .fetch_all(&mut *tx)
            .await?;
        let services = rows
            .iter()
            .map(|r| {
                Ok(RoutedService {
                    id: r.try_get("id")?,
                    code: r.try_get("code")?,
                    upstream_url: r.try_get("upstream_url")?,
                    data_service: flag(r, "data_service")?,
                    rate_limit_per_minute: r.try_get("rate_limit_per_minute")?,
                    keep_bodies: flag(r, "keep_bodies")?,
                    retention_days: r.try_get("retention_days")?,
                    outbound_auth: r.try_get("outbound_auth")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let rows = sqlx::query(
            "SELECT k.digest, k.client_id, c.code, c.agency_id, k.expires_on, c.tls_cert_sha256 FROM gsb_keys k JOIN gsb_clients c ON c.id = k.client_id \
             WHERE k.revoked_at IS NULL AND c.status = $1 AND (k.expires_on IS NULL OR k.expires_on >= $2) ORDER BY k.id",
        )
        .bind(simpul_domain::gsb::ClientStatus::Active.code())
        .bind(today.clone())
        .fetch_all(&mut *tx)
        .await?;
        let keys = rows
            .iter()
            .map(|r| {
                let expires_on: Option<String> = r.try_get("expires_on")?;
                Ok(RoutedKey {
                    digest: r.try_get("digest")?,
                    client_id: r.try_get("client_id")?,
                    client_code: r.try_get("code")?,
                    agency_id: r.try_get("agency_id")?,
                    expires_at: expires_on.and_then(|d| day_end_millis(&d, tz)),
                    tls_cert_sha256: r.try_get("tls_cert_sha256")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let rows = sqlx::query(
            "SELECT g.client_id, s.code, g.operations, g.expires_on FROM gsb_grants g JOIN gsb_services s ON s.id = g.service_id \
             WHERE g.status = $1 AND g.revoked_at IS NULL AND g.expires_on >= $2 AND s.status = $3 ORDER BY g.id",
        )
        .bind(GrantStatus::Approved.code())
        .bind(today)
        .bind(ServiceStatus::Active.code())
        .fetch_all(&mut *tx)
        .await?;
        let grants = rows
            .iter()
            .map(|r| {
                let ops = lines(r.try_get("operations")?);
                let expires_on: String = r.try_get("expires_on")?;
                Ok(RoutedGrant {
                    client_id: r.try_get("client_id")?,
                    service_code: r.try_get("code")?,
                    operations: (!ops.is_empty()).then(|| ops.iter().filter_map(|o| Operation::parse(o)).map(|o| (o.method, o.path)).collect()),
                    expires_at: day_end_millis(&expires_on, tz),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        tx.commit().await?;
        Ok(GsbRouting { version, services, keys, grants })
    }

    /// Adds what the findings read: relations between applications and the
    /// working connections on the bus (check `exchange_outside_bus`).
    pub async fn add_gsb_facts(&self, snap: &mut simpul_domain::findings::Snapshot) -> Result<()> {
        use simpul_domain::findings::{AppRelationFacts, BusLinkFacts};
        let rows = sqlx::query("SELECT application_id, related_id FROM application_relations ORDER BY id").fetch_all(&self.pool).await?;
        snap.app_relations = rows.iter().map(|r| Ok(AppRelationFacts { application_id: r.try_get("application_id")?, related_id: r.try_get("related_id")? })).collect::<Result<_, sqlx::Error>>()?;
        let rows = sqlx::query(
            "SELECT DISTINCT c.application_id AS client_app, s.application_id AS service_app FROM gsb_grants g JOIN gsb_clients c ON c.id = g.client_id \
             JOIN gsb_services s ON s.id = g.service_id WHERE g.status = $1 AND g.expires_on >= $2 AND s.status = $3 AND c.status = $4 AND s.application_id IS NOT NULL",
        )
        .bind(GrantStatus::Approved.code())
        .bind(self.gsb_today().await?)
        .bind(ServiceStatus::Active.code())
        .bind(simpul_domain::gsb::ClientStatus::Active.code())
        .fetch_all(&self.pool)
        .await?;
        snap.bus_links = rows.iter().map(|r| Ok(BusLinkFacts { client_application_id: r.try_get("client_app")?, service_application_id: r.try_get("service_app")? })).collect::<Result<_, sqlx::Error>>()?;
        Ok(())
    }

    // ---- Services ----------------------------------------------------------------------

    pub async fn gsb_services(&self, f: &ServiceFilter, page: PageRequest) -> Result<Page<Service>> {
        self.record_page(&SERVICES, service_body(f), page).await
    }
    pub async fn all_gsb_services(&self, f: &ServiceFilter) -> Result<Vec<Service>> {
        self.record_all(&SERVICES, service_body(f)).await
    }
    pub async fn gsb_service(&self, id: i64) -> Result<Service> {
        self.record(&SERVICES, id).await
    }
    pub async fn gsb_service_by_code(&self, code: &str) -> Result<Service> {
        let mut b = SERVICES.body();
        eq_text(&mut b, "x.code", Some(code));
        self.record_all(&SERVICES, b).await?.into_iter().next().ok_or_else(|| DomainError::NotFound("layanan").into())
    }

    /// Registers (`id` `None`) or changes a service. An empty outbound
    /// credential keeps the stored one unless `clear_outbound_auth`.
    pub async fn save_gsb_service(&self, w: &mut WriteTx, id: Option<i64>, d: &ServiceData) -> Result<Service> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        if let Some(a) = d.application_id {
            Self::require_row(w, "applications", a, "application_id", "Aplikasi tidak ditemukan.").await?;
        }
        let mut values: Values = vec![
            ("code", text(&d.code)),
            ("name", text(&d.name)),
            ("description", opt_text(&d.description)),
            ("agency_id", int(d.agency_id)),
            ("application_id", opt_int(d.application_id)),
            ("upstream_url", text(&d.upstream_url)),
            ("openapi", opt_text(&d.openapi)),
            ("version", opt_text(&d.version)),
            ("data_service", Arg::Bool(d.data_service)),
            ("confidentiality", text(d.confidentiality.code())),
            ("availability_bp", opt_int(d.availability_bp)),
            ("keep_bodies", Arg::Bool(d.keep_bodies)),
            ("retention_days", opt_int(d.retention_days)),
            ("rate_limit_per_minute", opt_int(d.rate_limit_per_minute)),
            ("status", text(d.status.code())),
        ];
        if d.outbound_auth.is_some() || d.clear_outbound_auth {
            values.push(("outbound_auth", opt_text(&d.outbound_auth.clone().filter(|_| !d.clear_outbound_auth))));
        }
        let s = Self::save_record(w, &SERVICES, id, values).await?;
        Self::bump_gsb_version(w).await?;
        Ok(s)
    }

    // ---- Clients and keys ----------------------------------------------------------------

    pub async fn gsb_clients(&self, f: &ClientFilter, page: PageRequest) -> Result<Page<Client>> {
        self.record_page(&CLIENTS, client_body(f), page).await
    }
    pub async fn all_gsb_clients(&self, f: &ClientFilter) -> Result<Vec<Client>> {
        self.record_all(&CLIENTS, client_body(f)).await
    }
    pub async fn gsb_client(&self, id: i64) -> Result<Client> {
        self.record(&CLIENTS, id).await
    }
    pub async fn gsb_client_by_code(&self, code: &str) -> Result<Client> {
        let mut b = CLIENTS.body();
        eq_text(&mut b, "x.code", Some(code));
        self.record_all(&CLIENTS, b).await?.into_iter().next().ok_or_else(|| DomainError::NotFound("klien").into())
    }

    /// Registers or changes a client; its application must be one of its agency's.
    pub async fn save_gsb_client(&self, w: &mut WriteTx, id: Option<i64>, d: &ClientData) -> Result<Client> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        let owner: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM applications WHERE id = $1").bind(d.application_id).fetch_optional(&mut *w.tx).await?;
        match owner {
            None => return Err(DomainError::field("application_id", "invalid_reference", "Aplikasi tidak ditemukan.").into()),
            Some(a) if a != d.agency_id => return Err(DomainError::field("application_id", "other_agency", "Aplikasi ini milik perangkat daerah lain.").into()),
            Some(_) => {}
        }
        let values = vec![
            ("code", text(&d.code)),
            ("name", text(&d.name)),
            ("agency_id", int(d.agency_id)),
            ("application_id", int(d.application_id)),
            ("status", text(d.status.code())),
            ("tls_cert_sha256", opt_text(&d.tls_cert_sha256)),
        ];
        let c = Self::save_record(w, &CLIENTS, id, values).await?;
        Self::bump_gsb_version(w).await?;
        Ok(c)
    }

    /// A client's keys, newest first.
    pub async fn gsb_keys(&self, client_id: i64) -> Result<Vec<Key>> {
        let mut b = KEYS.body();
        eq_id(&mut b, "x.client_id", Some(client_id));
        self.record_all(&KEYS, b).await
    }
    pub async fn gsb_key(&self, id: i64) -> Result<Key> {
        self.record(&KEYS, id).await
    }

    /// The one key whose prefix is `prefix`.
    pub async fn gsb_key_by_prefix(&self, prefix: &str) -> Result<Key> {
        let mut b = KEYS.body();
        eq_text(&mut b, "x.prefix", Some(prefix));
        let mut all = self.record_all(&KEYS, b).await?;
        match all.len() {
            0 => Err(DomainError::NotFound("kunci API").into()),
            1 => Ok(all.remove(0)),
            _ => Err(conflict("Lebih dari satu kunci berawalan itu.")),
        }
    }

    /// Issues a key for a client: returned once, stored as its SHA-256 digest.
    pub async fn create_gsb_key(&self, w: &mut WriteTx, client_id: i64, d: &KeyData) -> Result<NewKey> {
        Self::record_in(w, &CLIENTS, client_id).await?;
        let secret = new_secret(KEY_PREFIX);
        let values = vec![
            ("client_id", int(client_id)),
            ("prefix", text(&key_prefix(&secret))),
            ("digest", text(&secret_digest(&secret))),
            ("label", opt_text(&d.label)),
            ("expires_on", opt_text(&d.expires_on)),
        ];
        let key = Self::save_record(w, &KEYS, None, values).await?;
        Self::bump_gsb_version(w).await?;
        Ok(NewKey { key, secret })
    }

    pub async fn revoke_gsb_key(&self, w: &mut WriteTx, id: i64) -> Result<Key> {
        let k = Self::record_in(w, &KEYS, id).await?;
        if k.revoked_at.is_some() {
            return Err(conflict("Kunci ini sudah dicabut."));
        }
        let by = w.actor.name.clone();
        let k = Self::save_record(w, &KEYS, Some(id), vec![("revoked_at", int(now_millis())), ("revoked_by", text(&by))]).await?;
        Self::bump_gsb_version(w).await?;
        Ok(k)
    }

    // ---- Access rights -------------------------------------------------------------------

    pub async fn gsb_grants(&self, f: &GrantFilter, page: PageRequest) -> Result<Page<Grant>> {
        self.record_page(&GRANTS, grant_body(f), page).await
    }
    pub async fn all_gsb_grants(&self, f: &GrantFilter) -> Result<Vec<Grant>> {
        self.record_all(&GRANTS, grant_body(f)).await
    }
    pub async fn gsb_grant(&self, id: i64) -> Result<Grant> {
        self.record(&GRANTS, id).await
    }

    /// Records a request. A client has at most one open (requested, or
    /// approved and unexpired) right per service; the service must not be
    /// retired and the client must be active.
    pub async fn request_gsb_grant(&self, w: &mut WriteTx, d: &GrantRequestData, today: &str) -> Result<Grant> {
        let s = Self::record_in(w, &SERVICES, d.service_id).await.map_err(|_| DomainError::field("service_id", "invalid_reference", "Layanan tidak ditemukan."))?;
        if s.status == ServiceStatus::Retired.code() {
            return Err(DomainError::field("service_id", "retired", "Layanan ini sudah dihentikan.").into());
        }
        let c = Self::record_in(w, &CLIENTS, d.client_id).await.map_err(|_| DomainError::field("client_id", "invalid_reference", "Klien tidak ditemukan."))?;
        if c.status != simpul_domain::gsb::ClientStatus::Active.code() {
            return Err(DomainError::field("client_id", "inactive", "Klien ini ditangguhkan.").into());
        }
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM gsb_grants WHERE client_id = $1 AND service_id = $2 AND (status = $3 OR (status = $4 AND expires_on >= $5))",
        )
        .bind(d.client_id)
        .bind(d.service_id)
        .bind(GrantStatus::Requested.code())
        .bind(GrantStatus::Approved.code())
        .bind(today.to_string())
        .fetch_optional(&mut *w.tx)
        .await?;
        if let Some(id) = open {
            return Err(DomainError::Conflict { field: Some("service_id".into()), message: format!("Klien ini sudah memiliki permohonan atau hak akses yang berlaku untuk layanan ini (#{id}).") }.into());
        }
        let ops: Vec<String> = d.operations.iter().map(ToString::to_string).collect();
        let by = w.actor.name.clone();
        let values = vec![
            ("client_id", int(d.client_id)),
            ("service_id", int(d.service_id)),
            ("purpose", text(&d.purpose)),
            ("operations", Arg::Str((!ops.is_empty()).then(|| ops.join("\n")))),
            ("expires_on", text(&d.expires_on)),
            ("status", text(GrantStatus::Requested.code())),
            ("requested_by", text(&by)),
        ];
        let g = Self::save_record(w, &GRANTS, None, values).await?;
        Self::bump_gsb_version(w).await?;
        Ok(g)
    }

    /// Approves or rejects a request. A data service's approval records that
    /// it follows the Pusat Data approval chain and who approved in what role.
    pub async fn decide_gsb_grant(&self, w: &mut WriteTx, id: i64, approve: bool, reason: Option<&str>, by: &Decider<'_>) -> Result<Grant> {
        let g = Self::record_in(w, &GRANTS, id).await?;
        if g.status != GrantStatus::Requested.code() {
            return Err(conflict("Permohonan ini sudah diputuskan."));
        }
        let note = match (approve && g.data_service, reason) {
            (true, Some(r)) => Some(format!("{} {r}", data_service_note(by.role))),
            (true, None) => Some(data_service_note(by.role)),
            (false, r) => r.map(str::to_string),
        };
        let status = if approve { GrantStatus::Approved } else { GrantStatus::Rejected };
        let values = vec![
            ("status", text(status.code())),
            ("decided_at", int(now_millis())),
            ("decided_by", text(by.name)),
            ("decider_role", text(by.role)),
            ("decision_note", Arg::Str(note)),
        ];
        let g = Self::save_record(w, &GRANTS, Some(id), values).await?;
        Self::bump_gsb_version(w).await?;
        Ok(g)
    }

    /// Revokes an approved right (or withdraws a pending request).
    pub async fn revoke_gsb_grant(&self, w: &mut WriteTx, id: i64, reason: &str) -> Result<Grant> {
        let g = Self::record_in(w, &GRANTS, id).await?;
        if g.status != GrantStatus::Approved.code() && g.status != GrantStatus::Requested.code() {
            return Err(conflict("Hanya hak akses yang disetujui atau diajukan yang dapat dicabut."));
        }
        let by = w.actor.name.clone();
        let values = vec![("status", text(GrantStatus::Revoked.code())), ("revoked_at", int(now_millis())), ("revoked_by", text(&by)), ("revoked_reason", text(reason))];
        let g = Self::save_record(w, &GRANTS, Some(id), values).await?;
        Self::bump_gsb_version(w).await?;
        Ok(g)
    }
}
