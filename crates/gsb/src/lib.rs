//! The gateway of the Sistem Penghubung Layanan (Government Service Bus;
//! Pergub Kalbar 177/2021 Pasal 12(4) and 15, Perwali Balikpapan 14/2022
//! Pasal 18 and 26, Perwali Kendari 41/2021 Pasal 19).
//!
//! A call is `http://GATEWAY/{service-code}/{path…}?query` with
//! `Authorization: Bearer <client key>`. The gateway
//!
//! 1. refuses new requests with 503 when `fail_closed` is set and the
//!    message log is unhealthy;
//! 2. authenticates the key by its SHA-256 digest (401 unknown or expired);
//! 3. finds the service (404), checks read-only access for data services
//!    (403, Perwali Banjarbaru 5/2018 Pasal 11 ayat (7)) and the client's right to the
//!    service or to the operation (403);
//! 4. refuses when the upstream is marked unhealthy (503) or the client is
//!    over the service's rate (429) or the body is too large (413);
//! 5. forwards over pooled keep-alive connections, with `X-Simpul-Client`,
//!    `X-Simpul-Agency` and `X-Request-Id`, the client's `Authorization`
//!    removed (replaced by the service's outbound header for external
//!    buses); request and response bodies stream through, hashed and counted
//!    on the fly, never buffered whole;
//! 6. maps upstream failures: connection refused or reset → 502, connect or
//!    response-header timeout → 504.
//!
//! Every exchange, refused ones included, becomes one
//! [`simpul_gsb_log::Entry`]. **Delivery semantics:** a gateway error
//! response is sent only after its record is durable. An upstream response
//! whose body is empty or declares a length of at most 16 KiB is read,
//! logged, and then sent in one piece after its record is durable. A larger
//! or unsized (streamed) response passes its data through as it arrives,
//! but the end of the body
//! (the last data frame of a `Content-Length` body, or the terminating
//! chunk of a chunked body) is released only after the record is durable;
//! so a client that received a complete response knows it was logged. When
//! the log refuses the record, the response is cut instead of completed
//! (unless `fail_closed` is off; see [`Config::fail_closed`]). A
//! client that goes away mid-body is recorded with status 499 and the bytes
//! delivered; an upstream that breaks off mid-body with status 502.
//!
//! Errors are JSON: `{"error":{"code":"…","message":"…"}}`, messages in
//! Bahasa Indonesia.

mod body;
mod faults;
pub mod metrics;
mod proxy;
pub mod table;
pub mod tls;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::time::Duration;

use arc_swap::ArcSwap;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use simpul_gsb_log::bodies::BodySpool;
use simpul_gsb_log::writer::Appender;
use tokio::net::TcpListener;

pub use table::{Grant, Key, Operation, Service, Table};

use metrics::{Counters, Metrics, ServiceMetrics, UNKNOWN};

/// Gateway settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body accepted, in bytes (413 above it).
    pub max_body_bytes: u64,
    /// Time allowed to open a TCP connection to an upstream (504 after it).
    pub connect_timeout: Duration,
    /// Time allowed from sending the request until the upstream's response
    /// headers arrive, including the upload of the request body (504 after it).
    pub response_timeout: Duration,
    /// On (the default): while the message log is unhealthy new requests
    /// are refused with 503 before any upstream is called, and an exchange
    /// whose record the log refuses is not completed (a gateway error
    /// becomes 503 `log_unavailable`; a streamed response is cut before its
    /// end). Off (fail-open): traffic flows without records, each such
    /// exchange counted in `simpul_gsb_unlogged_total`.
    pub fail_closed: bool,
    /// How often every upstream is probed with a TCP connect; `None` turns
    /// the background health check off.
    pub health_interval: Option<Duration>,
    /// Consecutive 502/504 failures after which an upstream is marked
    /// unhealthy (503) for `unhealthy_for`.
    pub unhealthy_after: u32,
    pub unhealthy_for: Duration,
    /// Idle keep-alive connections to upstreams are closed after this.
    pub pool_idle_timeout: Duration,
    /// Longest silence of a client in the middle of sending a request body;
    /// after it the exchange is refused with 408 `request_timeout` (and
    /// logged), the upstream request abandoned.
    pub body_idle_timeout: Duration,
    /// Time allowed for a request head (request line and headers), counted
    /// in total from its first byte, however steadily the rest trickles in
    /// (slowloris-safe; hyper's own timeout is total too, nginx's
    /// `client_header_timeout` is between reads). After it the exchange is
    /// refused with 408 `request_header_timeout` (and logged) and the
    /// connection closed (`faults.rs`).
    pub header_read_timeout: Duration,
    /// A connection waiting for its first request, or for the next one on
    /// keep-alive, without a byte of it is closed silently (no answer, no
    /// record) after this; 75 s as nginx's `keepalive_timeout`.
    pub keep_alive_timeout: Duration,
    /// Serve HTTPS with these settings ([`tls::server_config`]); `None`: plain HTTP.
    pub tls: Option<Arc<tls::ServerConfig>>,
    /// How `https://` upstreams are verified ([`tls::upstream_client_config`]);
    /// `None`: the system's trusted roots.
    pub upstream_tls: Option<Arc<rustls::ClientConfig>>,
    /// Where the bodies of services with `keep_bodies` are kept
    /// (`simpul_gsb_log::bodies`); `None`: no body is kept.
    pub bodies: Option<BodySpool>,
    /// Gateway threads, each with its own runtime, accept loop and
    /// upstream pool (see `serve`); 0: one per core.
    pub workers: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body_bytes: 16 << 20,
            connect_timeout: Duration::from_secs(3),
            response_timeout: Duration::from_secs(30),
            fail_closed: true,
            health_interval: Some(Duration::from_secs(5)),
            unhealthy_after: 5,
            unhealthy_for: Duration::from_secs(10),
            pool_idle_timeout: Duration::from_secs(60),
            body_idle_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(30),
            keep_alive_timeout: Duration::from_secs(75),
            tls: None,
            upstream_tls: None,
            bodies: None,
            workers: 0,
        }
    }
}

/// Health of one upstream base URL, shared by the services that use it and
/// kept across table replacements.
#[derive(Debug, Default)]
pub(crate) struct Health {
    failures: AtomicU32,
    /// Unhealthy until this time (ms since the epoch); 0 when healthy.
    down_until_ms: AtomicI64,
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

impl Health {
    pub(crate) fn is_down(&self, now: i64) -> bool {
        self.down_until_ms.load(Ordering::Relaxed) > now
    }

    pub(crate) fn success(&self) {
        self.failures.store(0, Ordering::Relaxed);
        self.down_until_ms.store(0, Ordering::Relaxed);
    }

    pub(crate) fn failure(&self, config: &Config) {
        let n = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
        if n >= config.unhealthy_after.max(1) {
            self.mark_down(config.unhealthy_for);
        }
    }

    fn mark_down(&self, for_: Duration) {
        self.down_until_ms.store(now_ms() + for_.as_millis() as i64, Ordering::Relaxed);
    }
}

/// A service as the request path sees it: everything resolved once when
/// the table is installed.
pub(crate) struct Route {
    pub(crate) service: Service,
    /// `scheme://authority/base-path` without a trailing slash; `None` when
    /// the configured upstream is not a usable `http://` or `https://` URL.
    pub(crate) base: Option<String>,
    /// `host:port` for the health probe.
    pub(crate) authority: Option<String>,
    pub(crate) limiter: Option<Arc<DefaultKeyedRateLimiter<i64>>>,
    pub(crate) health: Arc<Health>,
    pub(crate) metrics: Arc<ServiceMetrics>,
}

/// One installed table with its resolved routes.
pub(crate) struct Routing {
    pub(crate) table: Table,
    pub(crate) routes: HashMap<String, Route>,
    pub(crate) clients: HashMap<String, Arc<Counters>>,
    pub(crate) unknown_service: Arc<ServiceMetrics>,
    pub(crate) unknown_client: Arc<Counters>,
}

fn parse_upstream(url: &str) -> (Option<String>, Option<String>) {
    let Ok(uri) = url.parse::<hyper::Uri>() else { return (None, None) };
    let default_port = match uri.scheme_str() {
        Some("http") => 80,
        Some("https") => 443,
        _ => return (None, None),
    };
    let Some(auth) = uri.authority() else { return (None, None) };
    let port = auth.port_u16().unwrap_or(default_port);
    let base = url.trim_end_matches('/').to_string();
    (Some(base), Some(format!("{}:{port}", auth.host())))
}

impl Routing {
    fn build(table: Table, previous: Option<&Routing>, metrics: &Metrics) -> Routing {
        let mut routes = HashMap::with_capacity(table.services.len());
        for (code, service) in &table.services {
            let old = previous.and_then(|p| p.routes.get(code));
            let limiter = match (service.rate_per_minute, old) {
                (0, _) => None,
                (rate, Some(o)) if o.service.rate_per_minute == rate => o.limiter.clone(),
                (rate, _) => std::num::NonZeroU32::new(rate).map(|r| Arc::new(RateLimiter::keyed(Quota::per_minute(r)))),
            };
            let health = previous
                .and_then(|p| p.routes.values().find(|r| r.service.upstream == service.upstream))
                .map(|r| r.health.clone())
                .unwrap_or_default();
            let (base, authority) = parse_upstream(&service.upstream);
            routes.insert(code.clone(), Route { service: service.clone(), base, authority, limiter, health, metrics: metrics.service(code) });
        }
        let clients = table.keys.values().map(|k| (k.client_code.clone(), metrics.client(&k.client_code))).collect();
        Routing { table, routes, clients, unknown_service: metrics.service(UNKNOWN), unknown_client: metrics.client(UNKNOWN) }
    }
}

/// The gateway's shared state: the current routing table (swapped
/// atomically; readers take no lock), upstream health and metrics.
pub struct Gateway {
    routing: ArcSwap<Routing>,
    metrics: Metrics,
    /// Serialises `replace` calls (never taken by the request path).
    replacing: std::sync::Mutex<()>,
}

/// A cheap, cloneable handle to one [`Gateway`].
#[derive(Clone)]
pub struct GatewayHandle(Arc<Gateway>);

impl GatewayHandle {
    pub fn new(table: Table) -> GatewayHandle {
        let metrics = Metrics::default();
        let routing = Routing::build(table, None, &metrics);
        GatewayHandle(Arc::new(Gateway { routing: ArcSwap::from_pointee(routing), metrics, replacing: std::sync::Mutex::new(()) }))
    }

    /// Installs a new table. Requests that start after this returns use it
    /// (a revoked key or grant is refused from the next request on);
    /// requests in flight finish with the table they started with. Rate
    /// limiter state and upstream health are kept for unchanged services.
    pub fn replace(&self, table: Table) {
        let _guard = self.0.replacing.lock();
        let old = self.0.routing.load_full();
        let routing = Routing::build(table, Some(&old), &self.0.metrics);
        self.0.routing.store(Arc::new(routing));
    }

    /// A copy of the table in force.
    pub fn table(&self) -> Table {
        self.0.routing.load().table.clone()
    }

    /// Prometheus text of the gateway's counters and latency histogram.
    pub fn render_metrics(&self) -> String {
        self.0.metrics.render()
    }

    pub(crate) fn routing(&self) -> Arc<Routing> {
        self.0.routing.load_full()
    }
}

/// Keeps a gateway's table in step with the registry: every `interval`
/// calls `load(last_version)`; when it returns `Some((version, table))`
/// with a version other than the last one installed, the table is
/// installed. `load` gets the last installed version so it can compare it
/// with the registry's `gsb_version()` and return `None` cheaply when
/// nothing changed (or when the registry cannot be read: the table in
/// force stays). Runs until the task is dropped.
pub async fn poll_loop<F, Fut>(handle: GatewayHandle, interval: Duration, load: F)
where
    F: Fn(Option<u64>) -> Fut,
    Fut: Future<Output = Option<(u64, Table)>>,
{
    let mut last: Option<u64> = None;
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Some((version, table)) = load(last).await
            && last != Some(version)
        {
            handle.replace(table);
            last = Some(version);
        }
    }
}

/// Serves the gateway on `listener` until the task is dropped or the
/// listener fails: HTTP/1.1 with keep-alive, a pooled keep-alive client to
/// the upstreams, and (when `config.health_interval` is set) a background
/// task probing every upstream. Each exchange is appended to `log`.
///
/// The main binary runs it next to the web server:
/// `tokio::spawn(simpul_gsb::serve(TcpListener::bind(addr).await?, handle.clone(), writer.appender(), Config::default()))`
/// and keeps `handle` to call [`GatewayHandle::replace`] (or runs
/// [`poll_loop`]) and [`GatewayHandle::render_metrics`].
pub async fn serve(listener: TcpListener, handle: GatewayHandle, log: Appender, config: Config) -> std::io::Result<()> {
    proxy::serve(listener, handle, log, config).await
}
