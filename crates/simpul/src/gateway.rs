//! `simpul serve --gateway-listen`: the service bus gateway (`simpul-gsb`)
//! next to the web server, fed by the registry (`store::gsb`) and writing
//! the signed message log (`simpul-gsb-log`) in `<data-dir>/gsb-log`.
//!
//! The registry bumps `gsb_version()` in the same transaction as every
//! change (UI, API or CLI); the gateway polls it every 250 ms and swaps its
//! routing table when it moved, so a revocation takes effect within a
//! second on the running gateway, without a restart or dropped traffic.
//!
//! Services with `keep_bodies` have their bodies kept in
//! `<data-dir>/gsb-log/bodies` (`simpul_gsb_log::bodies`); serve's
//! housekeeping deletes those older than their service's `retention_days`
//! every [`PRUNE_INTERVAL`] (and once at start), and `simpul gsb
//! prune-bodies` does the same on demand.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::{anyhow, Context, Result};
use simpul_gsb::{Grant, GatewayHandle, Key, Operation, Service, Table};
use simpul_gsb_log::bodies::{BodyStore, Pruned};
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::BusKey;
use simpul_store::gsb::{GsbRouting, ServiceFilter};
use simpul_store::Store;

/// How often the registry's version is read.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// How often kept bodies past their retention are deleted.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(3600);

/// Deletes the kept bodies older than their service's retention period
/// (`retention_days` in the registry; a service without one, or no longer
/// registered, keeps its bodies until it has one).
pub async fn prune_bodies(store: &Store, log_dir: &Path) -> Result<Pruned> {
    let services = store.all_gsb_services(&ServiceFilter::default()).await.context("daftar layanan")?;
    let days: HashMap<String, i64> = services.into_iter().filter_map(|s| Some((s.code, s.retention_days?))).collect();
    let bodies = BodyStore::new(log_dir);
    let retention = move |code: &str| days.get(code).map(|d| Duration::from_secs(u64::try_from(*d).unwrap_or(0) * 86_400));
    let pruned = tokio::task::spawn_blocking(move || bodies.prune(retention, SystemTime::now())).await?;
    pruned.with_context(|| format!("isi pesan di {}", log_dir.display()))
}

/// The gateway's routing table from the registry's routing data.
pub fn table_of(r: &GsbRouting) -> Table {
    let mut t = Table::default();
    for s in &r.services {
        t.services.insert(
            s.code.clone(),
            Service {
                upstream: s.upstream_url.clone(),
                data_service: s.data_service,
                rate_per_minute: s.rate_limit_per_minute.and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
                keep_bodies: s.keep_bodies,
                outbound_authorization: s.outbound_auth.clone(),
            },
        );
    }
    for k in &r.keys {
        t.keys.insert(k.digest.clone(), Key { client_code: k.client_code.clone(), client_id: k.client_id, agency_id: k.agency_id, expires_at: k.expires_at, cert_sha256: k.tls_cert_sha256.clone() });
    }
    for g in &r.grants {
        let operations = g.operations.as_ref().map(|ops| ops.iter().map(|(m, p)| Operation::new(m, p)).collect());
        t.grants.insert((g.client_id, g.service_code.clone()), Grant { operations, expires_at: g.expires_at });
    }
    t
}

/// A running gateway: its handle (metrics, table) and the log writer.
pub struct Running {
    pub handle: GatewayHandle,
    pub log: LogWriter,
    pub public_key: String,
}

/// The gateway's TLS settings from `serve`'s PEM files (`simpul_gsb::tls`
/// explains the client-certificate model); `None` without a certificate.
pub fn tls_config(cert: Option<&Path>, key: Option<&Path>, client_ca: Option<&Path>) -> Result<Option<Arc<simpul_gsb::tls::ServerConfig>>> {
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("tidak dapat membaca {}", p.display()));
    match (cert, key) {
        (None, None) if client_ca.is_none() => Ok(None),
        (Some(cert), Some(key)) => {
            let ca = client_ca.map(read).transpose()?;
            Ok(Some(simpul_gsb::tls::server_config(&read(cert)?, &read(key)?, ca.as_deref()).map_err(|e| anyhow!("TLS gateway: {e}"))?))
        }
        _ => Err(anyhow!("TLS gateway memerlukan --gateway-tls-cert dan --gateway-tls-key bersama (dan --gateway-client-ca hanya bersama keduanya)")),
    }
}

/// How the gateway verifies `https://` upstreams: the system's roots plus
/// the CA certificates in `ca` (`--gateway-upstream-ca`); `None` without one
/// (the gateway then uses the system's roots alone).
pub fn upstream_tls_config(ca: Option<&Path>) -> Result<Option<Arc<simpul_gsb::tls::ClientConfig>>> {
    let Some(ca) = ca else { return Ok(None) };
    let pem = std::fs::read(ca).with_context(|| format!("tidak dapat membaca {}", ca.display()))?;
    Ok(Some(simpul_gsb::tls::upstream_client_config(Some(&pem)).map_err(|e| anyhow!("--gateway-upstream-ca {}: {e}", ca.display()))?))
}

/// Opens the log in `log_dir` (creating the bus's signing key there on
/// first use), loads the table, and starts the gateway and the poller.
pub async fn start(store: Store, listener: tokio::net::TcpListener, log_dir: &Path) -> Result<Running> {
    start_with(store, listener, log_dir, None, None).await
}

/// [`start`], over TLS when `tls` is given, verifying `https://` upstreams
/// with `upstream_tls` when given (else the system's roots).
pub async fn start_with(store: Store, listener: tokio::net::TcpListener, log_dir: &Path, tls: Option<Arc<simpul_gsb::tls::ServerConfig>>, upstream_tls: Option<Arc<simpul_gsb::tls::ClientConfig>>) -> Result<Running> {
    std::fs::create_dir_all(log_dir).with_context(|| format!("tidak dapat membuat direktori log {}", log_dir.display()))?;
    let key = BusKey::load_or_create(&log_dir.join("gsb-signing.key")).map_err(|e| anyhow!("{e}"))?;
    let public_key = key.public_hex();
    let log = LogWriter::open(log_dir, key, Options::default()).map_err(|e| anyhow!("log pesan {}: {e}", log_dir.display()))?;
    let routing = store.gsb_routing().await.context("data perutean Sistem Penghubung Layanan")?;
    let handle = GatewayHandle::new(table_of(&routing));
    let first = u64::try_from(routing.version).unwrap_or(0);
    let poll_store = store.clone();
    tokio::spawn(simpul_gsb::poll_loop(handle.clone(), POLL_INTERVAL, move |last| {
        let store = poll_store.clone();
        async move {
            let current = u64::try_from(store.gsb_version().await.ok()?).ok()?;
            if last.unwrap_or(first) == current {
                return None;
            }
            let r = store.gsb_routing().await.ok()?;
            Some((u64::try_from(r.version).unwrap_or(current), table_of(&r)))
        }
    }));
    let spool = BodyStore::new(log_dir).spawn_writer().with_context(|| format!("penyimpan isi pesan di {}", log_dir.display()))?;
    let (prune_store, prune_dir) = (store.clone(), log_dir.to_path_buf());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PRUNE_INTERVAL);
        loop {
            tick.tick().await;
            match prune_bodies(&prune_store, &prune_dir).await {
                Ok(p) if p.files > 0 => tracing::info!(files = p.files, bytes = p.bytes, "kept gsb bodies past retention deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "pruning kept gsb bodies"),
            }
        }
    });
    let appender = log.appender();
    let serve_handle = handle.clone();
    let config = simpul_gsb::Config { bodies: Some(spool), tls, upstream_tls, ..simpul_gsb::Config::default() };
    tokio::spawn(async move {
        if let Err(e) = simpul_gsb::serve(listener, serve_handle, appender, config).await {
            tracing::error!(error = %e, "gateway stopped");
        }
    });
    Ok(Running { handle, log, public_key })
}
