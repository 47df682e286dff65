//! Body wrappers that hash and count bytes as they stream through, and the
//! response body that holds back the end of the response until the
//! exchange's log record is durable.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use sha2::{Digest, Sha256};
use simpul_gsb_log::bodies::{BodySink, BodySpool};
use simpul_gsb_log::writer::Receipt;
use simpul_gsb_log::Entry;
use simpul_gsb_log::writer::Appender;

use crate::metrics::{self, Counters, Outcome, ServiceMetrics};

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The digest and size of a body seen so far.
#[derive(Clone)]
pub(crate) struct Tally {
    hasher: Sha256,
    bytes: u64,
}

impl Tally {
    pub(crate) fn new() -> Tally {
        Tally { hasher: Sha256::new(), bytes: 0 }
    }

    pub(crate) fn add(&mut self, data: &[u8]) {
        self.hasher.update(data);
        self.bytes += data.len() as u64;
    }

    pub(crate) fn finish(&self) -> ([u8; 32], u64) {
        (self.hasher.clone().finalize().into(), self.bytes)
    }
}

/// What the request body looked like, shared between the body (polled by
/// the upstream connection) and the exchange that logs it. The lock is per
/// request and never contended across requests.
pub(crate) struct RequestMeter {
    state: Mutex<MeterState>,
    limit: u64,
}

struct MeterState {
    tally: Tally,
    over: bool,
    /// The client stopped sending the body for longer than the idle timeout.
    idle: bool,
    /// Where the body is kept, for a service that keeps bodies; taken by
    /// the exchange when its record is made, so the kept file holds exactly
    /// the bytes the record's digest covers.
    sink: Option<BodySink>,
}

impl RequestMeter {
    pub(crate) fn new(limit: u64, sink: Option<BodySink>) -> Arc<RequestMeter> {
        Arc::new(RequestMeter { state: Mutex::new(MeterState { tally: Tally::new(), over: false, idle: false, sink }), limit })
    }

    fn with<R>(&self, f: impl FnOnce(&mut MeterState) -> R) -> R {
        match self.state.lock() {
            Ok(mut g) => f(&mut g),
            Err(p) => f(&mut p.into_inner()),
        }
    }

    /// True once the body went over the size limit.
    pub(crate) fn overflowed(&self) -> bool {
        self.with(|t| t.over)
    }

    /// True once the client stopped sending the body for too long.
    pub(crate) fn went_idle(&self) -> bool {
        self.with(|t| t.idle)
    }

    /// The digest and size read so far, and the kept body ended there.
    fn finish_kept(&self) -> (([u8; 32], u64), Option<BodySink>) {
        self.with(|t| (t.tally.finish(), t.sink.take()))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("isi permintaan melebihi batas")]
pub(crate) struct TooLarge;

#[derive(Debug, thiserror::Error)]
#[error("klien berhenti mengirim isi permintaan")]
pub(crate) struct Idle;

/// The client's request body on its way to the upstream.
pub(crate) struct RequestBody {
    inner: Incoming,
    meter: Arc<RequestMeter>,
    /// Longest wait for the next piece of the body (`Config::body_idle_timeout`).
    idle: Duration,
    /// Armed on the first wait; on firing, compared with `progress`.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    progress: Instant,
}

impl RequestBody {
    pub(crate) fn new(inner: Incoming, meter: Arc<RequestMeter>, idle: Duration) -> RequestBody {
        RequestBody { inner, meter, idle, timer: None, progress: Instant::now() }
    }

    /// Pending on the client: true when it has been silent for `idle`. The
    /// timer is reset lazily (only when it fires early), so a body that
    /// keeps flowing costs a clock read per frame, not a timer update.
    fn idle_expired(&mut self, cx: &mut Context<'_>) -> bool {
        let deadline = self.progress + self.idle;
        let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline.into())));
        loop {
            if timer.as_mut().poll(cx).is_pending() {
                return false;
            }
            if Instant::now() >= deadline {
                return true;
            }
            timer.as_mut().reset(deadline.into());
        }
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        // A kept body: room for the next chunk first (back-pressure).
        if self.meter.with(|t| t.sink.as_mut().map(|s| s.poll_ready(cx))).is_some_and(|p| p.is_pending()) {
            return Poll::Pending;
        }
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let limit = self.meter.limit;
                    let over = self.meter.with(|t| {
                        t.tally.add(data);
                        if let Some(sink) = t.sink.as_mut() {
                            sink.send(data.clone());
                        }
                        t.over = t.tally.bytes > limit;
                        t.over
                    });
                    if over {
                        return Poll::Ready(Some(Err(Box::new(TooLarge))));
                    }
                }
                self.progress = Instant::now();
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(Box::new(e)))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                if self.idle_expired(cx) {
                    self.meter.with(|t| t.idle = true);
                    return Poll::Ready(Some(Err(Box::new(Idle))));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// One exchange on its way to the log: who, what, and when it started.
pub(crate) struct Exchange {
    pub(crate) log: Appender,
    pub(crate) started: Instant,
    pub(crate) request_id: [u8; 16],
    pub(crate) client: String,
    pub(crate) service: String,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) service_metrics: Arc<ServiceMetrics>,
    pub(crate) client_metrics: Arc<Counters>,
    /// The request body, once it is being forwarded (refused requests are
    /// logged with an unread body: 0 bytes and the digest of nothing).
    pub(crate) request: Option<Arc<RequestMeter>>,
    /// `Config::fail_closed` off: an exchange whose record the log refused
    /// is still delivered (and counted as unlogged).
    pub(crate) fail_open: bool,
    /// The body store, when the service keeps bodies.
    pub(crate) keep: Option<BodySpool>,
}

fn now_micros() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or(0)
}

impl Exchange {
    /// What to do when the log refused this exchange's record: `true` to
    /// deliver anyway (fail-open; counted), `false` to withhold it.
    pub(crate) fn deliver_unlogged(&self) -> bool {
        if self.fail_open {
            self.service_metrics.unlogged();
        }
        self.fail_open
    }

    /// The finished record; counts the exchange in the metrics. With it the
    /// kept request body, ended where the record's digest ends.
    fn entry(&self, status: u16, outcome: Outcome, response: &Tally) -> (Entry, Option<BodySink>) {
        let latency = self.started.elapsed();
        metrics::record(&self.service_metrics, &self.client_metrics, outcome, latency);
        let ((request_digest, request_bytes), request_sink) = match &self.request {
            Some(m) => m.finish_kept(),
            None => (Tally::new().finish(), None),
        };
        let (response_digest, response_bytes) = response.finish();
        let entry = Entry {
            at_micros: now_micros(),
            request_id: self.request_id,
            client: self.client.clone(),
            service: self.service.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            status,
            request_bytes,
            response_bytes,
            latency_micros: latency.as_micros() as u64,
            request_digest,
            response_digest,
        };
        (entry, request_sink)
    }

    /// Makes the record and appends it; for a service that keeps bodies,
    /// only after both kept bodies are durable (see `simpul_gsb_log::bodies`).
    pub(crate) fn commit(&self, status: u16, outcome: Outcome, response: &Tally, response_sink: Option<BodySink>) -> impl Future<Output = simpul_gsb_log::Result<Receipt>> + Send + 'static {
        let (entry, request_sink) = self.entry(status, outcome, response);
        let log = self.log.clone();
        async move {
            if let Some(s) = request_sink {
                s.finish().await;
            }
            if let Some(s) = response_sink {
                s.finish().await;
            }
            log.append(entry).await
        }
    }
}

/// Status recorded when the client went away before the whole response was
/// delivered (nginx's convention).
pub(crate) const CLIENT_CLOSED: u16 = 499;

type Pending = Pin<Box<dyn Future<Output = simpul_gsb_log::Result<Receipt>> + Send>>;

/// The upstream's response body on its way to the client.
///
/// Every data frame is hashed and counted and passed on at once, except the
/// end of the body: when the upstream's body ends, the record is appended
/// and the end is released only after the receipt says it is durable. With
/// a `Content-Length` body the last data frame itself is held back (hyper
/// knows it is the last one); with a chunked body the terminating chunk is.
/// Either way a client that received the whole body knows its record was
/// durable. If the log cannot take the record, the body ends with an error
/// instead (the client sees a cut connection, not a complete response).
pub(crate) struct ResponseBody {
    inner: Incoming,
    exchange: Option<Exchange>,
    status: u16,
    tally: Tally,
    held: Option<Bytes>,
    pending: Option<Pending>,
    ended: bool,
    /// Deliver even when the log refuses the record (fail-open).
    fail_open: Option<Arc<ServiceMetrics>>,
    /// Where the response body is kept, for a service that keeps bodies.
    sink: Option<BodySink>,
}

impl ResponseBody {
    pub(crate) fn new(inner: Incoming, exchange: Exchange, status: u16) -> ResponseBody {
        let fail_open = exchange.fail_open.then(|| exchange.service_metrics.clone());
        let sink = exchange.keep.as_ref().map(|k| k.sink(&exchange.service));
        ResponseBody { inner, exchange: Some(exchange), status, tally: Tally::new(), held: None, pending: None, ended: false, fail_open, sink }
    }

    fn start_append(&mut self) {
        if let Some(ex) = self.exchange.take() {
            self.pending = Some(Box::pin(ex.commit(self.status, Outcome::from_upstream(self.status), &self.tally, self.sink.take())));
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        loop {
            if let Some(pending) = this.pending.as_mut() {
                return match pending.as_mut().poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Ok(_)) => {
                        this.pending = None;
                        this.ended = true;
                        Poll::Ready(this.held.take().map(|b| Ok(Frame::data(b))))
                    }
                    Poll::Ready(Err(e)) => {
                        this.pending = None;
                        this.ended = true;
                        if let Some(m) = &this.fail_open {
                            m.unlogged();
                            return Poll::Ready(this.held.take().map(|b| Ok(Frame::data(b))));
                        }
                        this.held = None;
                        Poll::Ready(Some(Err(Box::new(e))))
                    }
                };
            }
            if this.ended {
                return Poll::Ready(None);
            }
            if let Some(sink) = this.sink.as_mut()
                && sink.poll_ready(cx).is_pending()
            {
                return Poll::Pending;
            }
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(frame))) => {
                    let Ok(data) = frame.into_data() else {
                        // Trailers are not forwarded.
                        continue;
                    };
                    this.tally.add(&data);
                    if let Some(sink) = this.sink.as_mut() {
                        sink.send(data.clone());
                    }
                    if this.inner.is_end_stream() {
                        this.held = Some(data);
                        this.start_append();
                        continue;
                    }
                    return Poll::Ready(Some(Ok(Frame::data(data))));
                }
                Poll::Ready(Some(Err(e))) => {
                    // The upstream broke off: record what was delivered.
                    if let Some(ex) = this.exchange.take() {
                        tokio::spawn(ex.commit(502, Outcome::BadGateway, &this.tally, this.sink.take()));
                    }
                    this.ended = true;
                    return Poll::Ready(Some(Err(Box::new(e))));
                }
                Poll::Ready(None) => {
                    this.start_append();
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.ended && self.held.is_none() && self.pending.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = self.inner.size_hint();
        if let Some(h) = &self.held {
            let n = h.len() as u64;
            hint.set_lower(hint.lower() + n);
            if let Some(u) = hint.upper() {
                hint.set_upper(u + n);
            }
        }
        hint
    }
}

impl Drop for ResponseBody {
    /// A response not delivered to the end (the client went away) is still
    /// an exchange: it is recorded with status 499 and the bytes passed on.
    /// A record already on its way to the log (the client went away while
    /// the end of the body waited for it) is still written.
    fn drop(&mut self) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else { return };
        if let Some(pending) = self.pending.take() {
            rt.spawn(pending);
        } else if let Some(ex) = self.exchange.take() {
            rt.spawn(ex.commit(CLIENT_CLOSED, Outcome::from_upstream(self.status), &self.tally, self.sink.take()));
        }
    }
}
