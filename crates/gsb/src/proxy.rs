//! The request path: accept, check, forward, log.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body::Body as _;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use simpul_gsb_log::writer::Appender;
use tokio::net::TcpListener;

use crate::faults::{FaultIo, Phase, Served};
use crate::body::{BoxError, Exchange, RequestBody, RequestMeter, ResponseBody, Tally};
use crate::metrics::Outcome;
use crate::{Config, GatewayHandle, Route, Routing, now_ms};

pub(crate) type Out = UnsyncBoxBody<Bytes, BoxError>;

/// Upstream bodies of a declared length up to this are read before the
/// response starts, so that the headers and the body leave in one write
/// once the record is durable. Larger or unsized bodies stream.
const SMALL_BODY: u64 = 16 * 1024;

/// Largest request head (request line and headers); above it the answer
/// is 431 `request_headers_too_large` (see `faults.rs`). More than 100
/// headers are refused the same way.
pub(crate) const MAX_HEADER_BYTES: usize = 64 * 1024;

struct Proxy {
    handle: GatewayHandle,
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, RequestBody>,
    log: Appender,
    config: Config,
}

/// Runs the gateway on `config.workers` threads, each with its own
/// single-threaded runtime, its own upstream connection pool and its own
/// accept loop on a clone of `listener` (the model of nginx's worker
/// processes): a connection, its upstream connection and every task of
/// its exchanges stay on one thread, so the request path makes no
/// cross-thread wake-ups except to the log writer. With one worker the
/// gateway runs on the caller's runtime instead. Dropping the returned
/// future stops the workers; their open connections are closed.
pub(crate) async fn serve(listener: TcpListener, handle: GatewayHandle, log: Appender, config: Config) -> std::io::Result<()> {
    let workers = match config.workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let _health = config.health_interval.map(|every| HealthTask(tokio::spawn(health_loop(handle.clone(), every, config.clone()))));
    // The system's roots are read once, not per worker.
    let upstream_tls = match config.upstream_tls.clone() {
        Some(t) => t,
        None => crate::tls::upstream_client_config(None).map_err(std::io::Error::other)?,
    };
    if workers <= 1 {
        return accept_loop(listener, Arc::new(Proxy::new(handle, log, config, &upstream_tls))).await;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let (failed_tx, mut failed_rx) = tokio::sync::mpsc::channel::<std::io::Error>(workers);
    let mut threads = Vec::with_capacity(workers);
    for i in 0..workers {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<std::net::TcpStream>();
        let open = Arc::new(AtomicUsize::new(0));
        let proxy = Proxy::new(handle.clone(), log.clone(), config.clone(), &upstream_tls);
        let (mut stop, failed, counted) = (stop_rx.clone(), failed_tx.clone(), open.clone());
        std::thread::Builder::new().name(format!("gsb-gateway-{i}")).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(r) => r,
                Err(e) => return drop(failed.try_send(e)),
            };
            runtime.block_on(async move {
                // Receipts for this thread's records, one wake per batch.
                let proxy = Arc::new(Proxy { log: proxy.log.local(), ..proxy });
                tokio::select! {
                    _ = worker_loop(rx, proxy, counted) => {}
                    _ = stop.wait_for(|stopped| *stopped) => {}
                }
            });
        })?;
        threads.push((tx, open));
    }
    drop(failed_tx);
    // Stops the workers when this future is dropped or returns.
    let _stop = StopOnDrop(stop_tx);
    // One acceptor hands each connection to the worker with the fewest
    // open ones: connections are long-lived (keep-alive), so balancing by
    // count keeps the threads evenly loaded where a shared accept queue
    // lets one thread take a whole burst.
    let accepting = async {
        loop {
            let stream = accept(&listener).await?.into_std()?;
            let Some((tx, open)) = threads.iter().min_by_key(|(_, open)| open.load(Ordering::Relaxed)) else { return Ok(()) };
            open.fetch_add(1, Ordering::Relaxed);
            if tx.send(stream).is_err() {
                // A worker thread ended (it panicked): stop serving rather
                // than reset a share of the connections.
                return Err(std::io::Error::other("utas gateway berhenti"));
            }
        }
    };
    tokio::select! {
        r = accepting => r,
        e = failed_rx.recv() => e.map_or(Ok(()), Err),
    }
}

/// Serves the connections handed to one worker thread; `open` counts them.
async fn worker_loop(mut rx: tokio::sync::mpsc::UnboundedReceiver<std::net::TcpStream>, proxy: Arc<Proxy>, open: Arc<AtomicUsize>) {
    while let Some(stream) = rx.recv().await {
        let Ok(stream) = tokio::net::TcpStream::from_std(stream) else {
            open.fetch_sub(1, Ordering::Relaxed);
            continue;
        };
        let (proxy, open) = (proxy.clone(), open.clone());
        tokio::spawn(async move {
            serve_stream(proxy, stream).await;
            open.fetch_sub(1, Ordering::Relaxed);
        });
    }
}

struct StopOnDrop(tokio::sync::watch::Sender<bool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let _ = self.0.send(true);
    }
}

impl Proxy {
    fn new(handle: GatewayHandle, log: Appender, config: Config, upstream_tls: &rustls::ClientConfig) -> Proxy {
        let mut connector = HttpConnector::new();
        // https:// URIs go through to the TLS layer below.
        connector.enforce_http(false);
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(config.connect_timeout));
        connector.set_keepalive(Some(Duration::from_secs(60)));
        // Upstream reads of at most 64 KiB (hyper's default grows to ~400 KiB),
        // as the client side's: each data frame is a slice of the read buffer,
        // and a kept body's frames wait in the body writer's queue of
        // QUEUE_CHUNKS, which so holds at most 16 MiB (tests/memory.rs).
        let connector = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(upstream_tls.clone()).https_or_http().enable_http1().wrap_connector(connector);
        let client = Client::builder(TokioExecutor::new()).pool_idle_timeout(config.pool_idle_timeout).pool_timer(TokioTimer::new()).http1_max_buf_size(64 * 1024).build(connector);
        Proxy { handle, client, log, config }
    }
}

/// The next connection; transient failures (out of file descriptors, a
/// connection reset before accept) are waited out.
async fn accept(listener: &TcpListener) -> std::io::Result<tokio::net::TcpStream> {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) if is_transient(&e) => {
                tracing::warn!(error = %e, "gateway accept");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

async fn accept_loop(listener: TcpListener, proxy: Arc<Proxy>) -> std::io::Result<()> {
    loop {
        let stream = accept(&listener).await?;
        tokio::spawn(serve_stream(proxy.clone(), stream));
    }
}

async fn serve_stream(proxy: Arc<Proxy>, stream: tokio::net::TcpStream) {
    match proxy.config.tls.clone() {
        None => connection(proxy, stream, None).await,
        // Boxed: the TLS handshake's state is large, and inline it
        // would grow every plain connection's task as well.
        Some(tls) => {
            Box::pin(async move {
                let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE, tokio_rustls::TlsAcceptor::from(tls).accept(stream)).await else { return };
                let peer = stream.get_ref().1.peer_certificates().and_then(|c| c.first()).map(|c| Arc::<str>::from(crate::tls::fingerprint(c)));
                connection(proxy, stream, peer).await
            })
            .await
        }
    }
}

/// Time allowed for a client's TLS handshake.
const TLS_HANDSHAKE: Duration = Duration::from_secs(10);

/// Serves one client connection; `peer` is the fingerprint of the client
/// certificate presented in the TLS handshake, if any.
async fn connection<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static>(proxy: Arc<Proxy>, stream: S, peer: Option<Arc<str>>) {
    let p = proxy.clone();
    // Request heads and keep-alive idleness are timed by FaultIo, which
    // answers a late head with 408 and a record (faults.rs); hyper's own
    // header timeout would close the connection without either.
    let phase = Phase::default();
    let stream = FaultIo::new(stream, phase.clone(), &proxy.config, move || p.exchange(&p.handle.routing(), String::new(), String::new()));
    let svc = service_fn(move |req| {
        phase.request_started();
        proxy.clone().handle(req, peer.clone(), phase.clone())
    });
    let mut builder = http1::Builder::new();
    builder.keep_alive(true).max_buf_size(64 * 1024).max_header_size(MAX_HEADER_BYTES).timer(TokioTimer::new()).header_read_timeout(None);
    let _ = builder.serve_connection(TokioIo::new(stream), svc).await;
}

fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionAborted | ConnectionReset | Interrupted | WouldBlock) || e.raw_os_error().is_some_and(|c| c == 23 || c == 24)
}

/// Aborts the health task when `serve` ends.
struct HealthTask(tokio::task::JoinHandle<()>);

impl Drop for HealthTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn health_loop(handle: GatewayHandle, every: Duration, config: Config) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let routing = handle.routing();
        let mut probes = Vec::new();
        for route in routing.routes.values() {
            let Some(authority) = route.authority.clone() else { continue };
            let health = route.health.clone();
            let timeout = config.connect_timeout;
            let down_for = every * 2;
            probes.push(tokio::spawn(async move {
                match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(&authority)).await {
                    Ok(Ok(_)) => health.success(),
                    _ => health.mark_down(down_for),
                }
            }));
        }
        for p in probes {
            let _ = p.await;
        }
    }
}

/// A refusal by the gateway itself.
struct Refusal {
    status: StatusCode,
    outcome: Outcome,
    code: &'static str,
    message: &'static str,
}

const fn refusal(status: StatusCode, outcome: Outcome, code: &'static str, message: &'static str) -> Refusal {
    Refusal { status, outcome, code, message }
}

const NO_KEY: Refusal = refusal(StatusCode::UNAUTHORIZED, Outcome::Unauthorized, "unauthorized", "Kunci API tidak ada atau tidak dikenal. Kirim header Authorization: Bearer <kunci>.");
const CERT_REQUIRED: Refusal = refusal(StatusCode::UNAUTHORIZED, Outcome::Unauthorized, "client_certificate_required", "Klien ini mendaftarkan sertifikat TLS: panggil gateway melalui HTTPS dengan sertifikat itu beserta kunci API.");
const CERT_MISMATCH: Refusal = refusal(StatusCode::UNAUTHORIZED, Outcome::Unauthorized, "client_certificate_mismatch", "Sertifikat TLS yang diserahkan bukan sertifikat yang didaftarkan untuk klien ini.");
const KEY_EXPIRED: Refusal = refusal(StatusCode::UNAUTHORIZED, Outcome::Unauthorized, "key_expired", "Kunci API sudah kedaluwarsa.");
const UNKNOWN_SERVICE: Refusal = refusal(StatusCode::NOT_FOUND, Outcome::NotFound, "unknown_service", "Layanan tidak terdaftar di Sistem Penghubung Layanan.");
const READ_ONLY: Refusal = refusal(StatusCode::FORBIDDEN, Outcome::Forbidden, "read_only", "Layanan data hanya dapat dibaca (GET atau HEAD).");
const NO_RIGHT: Refusal = refusal(StatusCode::FORBIDDEN, Outcome::Forbidden, "no_access", "Klien tidak memiliki hak akses ke layanan ini.");
const NO_OPERATION: Refusal = refusal(StatusCode::FORBIDDEN, Outcome::Forbidden, "operation_not_allowed", "Klien tidak memiliki hak akses ke operasi ini.");
const UPSTREAM_DOWN: Refusal = refusal(StatusCode::SERVICE_UNAVAILABLE, Outcome::Unavailable, "upstream_unavailable", "Layanan tujuan sedang tidak sehat; coba lagi nanti.");
const LOG_DOWN: Refusal = refusal(StatusCode::SERVICE_UNAVAILABLE, Outcome::Unavailable, "log_unavailable", "Log pesan tidak dapat ditulis; lalu lintas ditolak.");
const RATE_LIMITED: Refusal = refusal(StatusCode::TOO_MANY_REQUESTS, Outcome::RateLimited, "rate_limited", "Batas jumlah permintaan per menit terlampaui.");
const TOO_LARGE: Refusal = refusal(StatusCode::PAYLOAD_TOO_LARGE, Outcome::TooLarge, "payload_too_large", "Isi permintaan melebihi batas ukuran.");
const BAD_UPSTREAM_URL: Refusal = refusal(StatusCode::BAD_GATEWAY, Outcome::BadGateway, "upstream_misconfigured", "Alamat layanan tujuan tidak sah.");
const UPSTREAM_ERROR: Refusal = refusal(StatusCode::BAD_GATEWAY, Outcome::BadGateway, "upstream_error", "Layanan tujuan tidak dapat dihubungi atau memutus koneksi.");
const UPSTREAM_TIMEOUT: Refusal = refusal(StatusCode::GATEWAY_TIMEOUT, Outcome::Timeout, "upstream_timeout", "Layanan tujuan tidak menjawab tepat waktu.");
const CLIENT_IDLE: Refusal = refusal(StatusCode::REQUEST_TIMEOUT, Outcome::BadRequest, "request_timeout", "Klien berhenti mengirim isi permintaan sebelum selesai.");
const BAD_PATH: Refusal = refusal(StatusCode::BAD_REQUEST, Outcome::BadRequest, "bad_request", "Alamat permintaan tidak sah.");

fn error_body(code: &str, message: &str) -> Bytes {
    Bytes::from(serde_json::json!({ "error": { "code": code, "message": message } }).to_string())
}

/// Connection-level headers that are not forwarded (RFC 9110 §7.6.1), plus
/// the ones the gateway sets itself.
fn dropped_request_header(name: &HeaderName) -> bool {
    matches!(name.as_str(), "connection" | "keep-alive" | "proxy-connection" | "proxy-authorization" | "te" | "trailer" | "upgrade" | "host" | "authorization" | "x-request-id")
        || name.as_str().starts_with("x-simpul-")
}

fn dropped_response_header(name: &HeaderName) -> bool {
    matches!(name.as_str(), "connection" | "keep-alive" | "proxy-connection" | "te" | "trailer" | "upgrade")
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = v.split_once(' ')?;
    let key = key.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty()).then_some(key)
}

/// `/{service}/{rest}` → (service, "/rest"), query excluded.
fn split_path(path: &str) -> Option<(&str, &str)> {
    let p = path.strip_prefix('/')?;
    let (code, rest) = match p.find('/') {
        Some(i) => (&p[..i], &p[i..]),
        None => (p, ""),
    };
    (!code.is_empty()).then_some((code, rest))
}

fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::TimedOut
        {
            return true;
        }
        cur = err.source();
    }
    false
}

impl Proxy {
    /// A new exchange, not yet attributed to a client or service.
    fn exchange(&self, routing: &Routing, method: String, path: String) -> Exchange {
        Exchange {
            log: self.log.clone(),
            started: Instant::now(),
            // Time-ordered, so the record is found by it quickly (simpul_gsb_log::lookup).
            request_id: simpul_gsb_log::lookup::new_request_id(),
            client: String::new(),
            service: String::new(),
            method,
            path,
            service_metrics: routing.unknown_service.clone(),
            client_metrics: routing.unknown_client.clone(),
            request: None,
            fail_open: !self.config.fail_closed,
            keep: None,
        }
    }

    /// One request; the response body marks the end of the request in
    /// `phase` when hyper is done with it (faults.rs). Wrapped here rather
    /// than in another async block around this future: hyper keeps the
    /// service's future in a box per connection, and a wrapper doubled its size.
    async fn handle(self: Arc<Self>, req: Request<Incoming>, peer: Option<Arc<str>>, phase: Phase) -> Result<Response<Served<Out>>, Infallible> {
        let routing = self.handle.routing();
        let mut ex = self.exchange(&routing, req.method().as_str().to_string(), req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default());
        let resp = match self.check(&routing, &req, peer.as_deref(), &mut ex) {
            Ok((route, agency)) => self.forward(route, agency, req, ex).await,
            Err(refusal) => self.refuse(ex, refusal).await,
        };
        Ok(resp.map(|body| Served::new(body, phase)))
    }

    /// Everything decided before the upstream is called.
    fn check<'r>(&self, routing: &'r Routing, req: &Request<Incoming>, peer: Option<&str>, ex: &mut Exchange) -> Result<(&'r Route, i64), Refusal> {
        if self.config.fail_closed && !self.log.stats().healthy.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(LOG_DOWN);
        }
        let now = now_ms();
        let presented = bearer(req.headers()).ok_or(NO_KEY)?;
        let key = routing.table.keys.get(&crate::Table::key_digest(presented)).ok_or(NO_KEY)?;
        ex.client = key.client_code.clone();
        if let Some(c) = routing.clients.get(&key.client_code) {
            ex.client_metrics = c.clone();
        }
        if key.expires_at.is_some_and(|e| e <= now) {
            return Err(KEY_EXPIRED);
        }
        // A client that registered a certificate: key and certificate both (tls.rs).
        match (&key.cert_sha256, peer) {
            (None, _) => {}
            (Some(_), None) => return Err(CERT_REQUIRED),
            (Some(pin), Some(presented)) if pin != presented => return Err(CERT_MISMATCH),
            (Some(_), Some(_)) => {}
        }
        let (code, rest) = split_path(req.uri().path()).ok_or(UNKNOWN_SERVICE)?;
        let route = routing.routes.get(code).ok_or(UNKNOWN_SERVICE)?;
        ex.service = code.to_string();
        ex.service_metrics = route.metrics.clone();
        ex.path = match req.uri().query() {
            Some(q) => format!("{rest}?{q}"),
            None => rest.to_string(),
        };
        let method = req.method().as_str();
        if route.service.data_service && !matches!(method, "GET" | "HEAD") {
            return Err(READ_ONLY);
        }
        let grant = routing.table.grant(key.client_id, code).ok_or(NO_RIGHT)?;
        if grant.expires_at.is_some_and(|e| e <= now) {
            return Err(NO_RIGHT);
        }
        if !grant.allows(method, rest, now) {
            return Err(NO_OPERATION);
        }
        if route.health.is_down(now) {
            return Err(UPSTREAM_DOWN);
        }
        if let Some(limiter) = &route.limiter
            && limiter.check_key(&key.client_id).is_err()
        {
            return Err(RATE_LIMITED);
        }
        let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.config.max_body_bytes) {
            return Err(TOO_LARGE);
        }
        if route.base.is_none() {
            return Err(BAD_UPSTREAM_URL);
        }
        Ok((route, key.agency_id))
    }

    /// Logs a refusal durably, then answers it.
    async fn refuse(&self, ex: Exchange, r: Refusal) -> Response<Out> {
        let logged = ex.commit(r.status.as_u16(), r.outcome, &Tally::new(), None).await.is_ok();
        let (status, body) = if logged || ex.deliver_unlogged() {
            (r.status, error_body(r.code, r.message))
        } else {
            (StatusCode::SERVICE_UNAVAILABLE, error_body(LOG_DOWN.code, LOG_DOWN.message))
        };
        let mut resp = Response::new(Full::new(body).map_err(|e| match e {}).boxed_unsync());
        *resp.status_mut() = status;
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        h.insert("x-request-id", request_id_value(&ex.request_id));
        if status == StatusCode::TOO_MANY_REQUESTS {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        resp
    }

    async fn forward(&self, route: &Route, agency: i64, req: Request<Incoming>, mut ex: Exchange) -> Response<Out> {
        let (parts, body) = req.into_parts();
        let base = route.base.as_deref().unwrap_or_default();
        let target = if ex.path.starts_with('/') { format!("{base}{}", ex.path) } else { format!("{base}/{}", ex.path) };
        let Ok(uri) = target.parse::<hyper::Uri>() else { return self.refuse(ex, BAD_PATH).await };
        if route.service.keep_bodies {
            ex.keep = self.config.bodies.clone();
        }
        let meter = RequestMeter::new(self.config.max_body_bytes, ex.keep.as_ref().map(|k| k.sink(&ex.service)));
        ex.request = Some(meter.clone());
        let mut up = Request::new(RequestBody::new(body, meter.clone(), self.config.body_idle_timeout));
        *up.method_mut() = parts.method;
        *up.uri_mut() = uri;
        let headers = up.headers_mut();
        headers.reserve(parts.headers.len() + 4);
        for (name, value) in parts.headers.iter() {
            if !dropped_request_header(name) {
                headers.append(name.clone(), value.clone());
            }
        }
        if let Some(auth) = &route.service.outbound_authorization
            && let Ok(v) = HeaderValue::from_str(auth)
        {
            headers.insert(header::AUTHORIZATION, v);
        }
        if let Ok(v) = HeaderValue::from_str(&ex.client) {
            headers.insert("x-simpul-client", v);
        }
        headers.insert("x-simpul-agency", HeaderValue::from(agency));
        headers.insert("x-request-id", request_id_value(&ex.request_id));

        let answer = tokio::time::timeout(self.config.response_timeout, self.client.request(up)).await;
        let resp = match answer {
            Err(_) => {
                route.health.failure(&self.config);
                return self.refuse(ex, UPSTREAM_TIMEOUT).await;
            }
            Ok(Err(e)) => {
                if meter.overflowed() {
                    return self.refuse(ex, TOO_LARGE).await;
                }
                if meter.went_idle() {
                    // The client's fault, not the upstream's: no health failure.
                    return self.refuse(ex, CLIENT_IDLE).await;
                }
                route.health.failure(&self.config);
                tracing::debug!(service = %ex.service, error = %e, "upstream request failed");
                return self.refuse(ex, if timed_out(&e) { UPSTREAM_TIMEOUT } else { UPSTREAM_ERROR }).await;
            }
            Ok(Ok(resp)) => resp,
        };
        route.health.success();
        let (parts, body) = resp.into_parts();
        let status = parts.status.as_u16();
        let mut out_headers = HeaderMap::with_capacity(parts.headers.len() + 1);
        for (name, value) in parts.headers.iter() {
            if !dropped_response_header(name) {
                out_headers.append(name.clone(), value.clone());
            }
        }
        out_headers.insert("x-request-id", request_id_value(&ex.request_id));
        let small = if body.is_end_stream() { Some(0) } else { body.size_hint().exact().filter(|n| *n <= SMALL_BODY) };
        let body: Out = if small.is_some() {
            // Nothing or little to stream (HEAD, 204, 304, a declared length
            // of at most SMALL_BODY): read it, log, then answer headers and
            // body in one write.
            let mut tally = Tally::new();
            let bytes = if body.is_end_stream() {
                Bytes::new()
            } else {
                match tokio::time::timeout(self.config.response_timeout, body.collect()).await {
                    Ok(Ok(collected)) => collected.to_bytes(),
                    Ok(Err(_)) => return self.refuse(ex, UPSTREAM_ERROR).await,
                    Err(_) => return self.refuse(ex, UPSTREAM_TIMEOUT).await,
                }
            };
            tally.add(&bytes);
            let sink = match ex.keep.as_ref() {
                Some(k) => {
                    let mut sink = k.sink(&ex.service);
                    sink.write(bytes.clone()).await;
                    Some(sink)
                }
                None => None,
            };
            if ex.commit(status, Outcome::from_upstream(status), &tally, sink).await.is_err() && !ex.deliver_unlogged() {
                return self.refuse_unlogged(&ex);
            }
            if bytes.is_empty() { Empty::new().map_err(|e| match e {}).boxed_unsync() } else { Full::new(bytes).map_err(|e| match e {}).boxed_unsync() }
        } else {
            ResponseBody::new(body, ex, status).boxed_unsync()
        };
        let mut resp = Response::new(body);
        *resp.status_mut() = parts.status;
        *resp.headers_mut() = out_headers;
        resp
    }

    /// The answer when the log could not take the record of an exchange.
    fn refuse_unlogged(&self, ex: &Exchange) -> Response<Out> {
        let mut resp = Response::new(Full::new(error_body(LOG_DOWN.code, LOG_DOWN.message)).map_err(|e| match e {}).boxed_unsync());
        *resp.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        resp.headers_mut().insert("x-request-id", request_id_value(&ex.request_id));
        resp
    }
}

fn request_id_value(id: &[u8; 16]) -> HeaderValue {
    HeaderValue::from_str(&hex::encode(id)).unwrap_or(HeaderValue::from_static("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(split_path("/svc/a/b"), Some(("svc", "/a/b")));
        assert_eq!(split_path("/svc"), Some(("svc", "")));
        assert_eq!(split_path("/"), None);
    }

    #[test]
    fn bearer_keys() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer abc"));
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
    }
}
