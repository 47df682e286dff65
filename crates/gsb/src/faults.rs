//! Requests hyper refuses before the gateway sees them: a request line or
//! header it cannot parse (400), a header section over the buffer limit
//! (431) or a URI too long (414). hyper answers those itself with an empty
//! body and closes the connection; the gateway's promise is a clear JSON
//! error and a log record for every exchange, refused ones included
//! (issue 5, "Bad input and faults").
//!
//! [`FaultIo`] wraps a connection's socket. Every response the gateway
//! produces carries `x-request-id`; a response head without it is one of
//! hyper's automatic error answers (they are the only ones, and the last
//! thing written on the connection). Its bytes are replaced by the
//! gateway's JSON error, sent only after the record of the refusal is
//! durable — the same rule as every other refusal. The check costs a
//! prefix comparison per write; only the first write of a 4xx head is
//! searched for the header.
//!
//! A request head that does not arrive in time is timed here too, not by
//! hyper (whose timeout closes the connection without a word). [`Phase`]
//! tells the connection's `FaultIo` whether it waits for a request head or
//! a request is being handled: the service marks the start (hyper has
//! parsed a head) and [`Served`], the response body, the end (hyper drops
//! it once the response is written). While waiting, the first byte read
//! starts [`Config::header_read_timeout`](crate::Config) for the whole head;
//! when it passes, `FaultIo` logs the refusal, writes 408
//! `request_header_timeout` and reports the read as failed, so hyper closes
//! the connection without writing anything. A connection waiting without
//! a byte is closed silently after `keep_alive_timeout`. Bytes of a
//! pipelined request read while the previous one is handled are never
//! timed as a head (should the next head still be incomplete then, the
//! wait for its remaining bytes counts as keep-alive idleness). Cost per
//! request: an atomic load per read, one clock read when a head starts and
//! one when the connection goes back to waiting, and, when hyper's last
//! read during the request found nothing (it then waits for the socket
//! rather than reading again after the response), an uncontended lock to
//! leave the task's waker and one wake-up of the task at the response's
//! end; a timer (one per connection) is reset only when a head arrives in
//! pieces or the connection has been idle for the keep-alive time.

use std::future::Future;
use std::io::IoSlice;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use crate::body::{Exchange, Tally};
use crate::metrics::Outcome;

type Logging = Pin<Box<dyn Future<Output = bool> + Send>>;

/// What to do with one of hyper's automatic answers.
struct Replacement {
    /// The gateway's answer, written once `logging` is done.
    bytes: Bytes,
    written: usize,
    logging: Option<Logging>,
    /// The length hyper asked to write, reported back as written.
    claimed: usize,
}

/// Where one connection is: even while it waits for a request head, odd
/// while a request is handled and its response written. Each change adds
/// one, so `FaultIo` also notices whole requests passing between two of
/// its reads (a pipelined head already in hyper's buffer). Only touched
/// from the connection's own task.
#[derive(Clone, Default)]
pub(crate) struct Phase(Arc<PhaseState>);

#[derive(Default)]
struct PhaseState {
    count: AtomicU32,
    /// The connection's task, when its last read during a request found
    /// nothing: hyper then does not read again when the response is done
    /// (it waits for the socket), so the end of the request wakes it to
    /// start the keep-alive clock.
    reader: Mutex<Option<Waker>>,
}

impl Phase {
    /// hyper parsed a request head and calls the service.
    pub(crate) fn request_started(&self) {
        self.0.count.fetch_add(1, Ordering::Relaxed);
    }

    fn get(&self) -> u32 {
        self.0.count.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Waker>> {
        self.0.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A read during a request found nothing.
    fn blocked(&self, waker: &Waker) {
        let mut reader = self.lock();
        if !reader.as_ref().is_some_and(|w| w.will_wake(waker)) {
            *reader = Some(waker.clone());
        }
    }

    fn request_done(&self) {
        self.0.count.fetch_add(1, Ordering::Relaxed);
        if let Some(w) = self.lock().take() {
            w.wake();
        }
    }
}

/// A response body that marks the end of its request's [`Phase`] when hyper
/// drops it, which it does once the body is written (or the connection fails).
pub(crate) struct Served<B> {
    body: B,
    phase: Phase,
}

impl<B> Served<B> {
    pub(crate) fn new(body: B, phase: Phase) -> Served<B> {
        Served { body, phase }
    }
}

impl<B> Drop for Served<B> {
    fn drop(&mut self) {
        self.phase.request_done();
    }
}

impl<B: Body + Unpin> Body for Served<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The request-head and keep-alive timers of one connection.
struct Clock {
    phase: Phase,
    /// The phase at the last read; a different one resets the times below.
    seen: u32,
    head_timeout: Duration,
    keep_alive: Duration,
    /// When the first byte of the awaited request head was read.
    head_since: Option<Instant>,
    /// When the connection was first seen waiting without a byte.
    idle_since: Option<Instant>,
    /// Made at the first wait; its deadline is moved earlier when a head
    /// starts, and later only once it fired too early.
    sleep: Option<Pin<Box<Sleep>>>,
    /// The head timed out: its 408 is in `FaultIo::replacing`.
    expired: bool,
}

/// A socket whose automatic hyper error answers are replaced and whose
/// request heads are timed (see the module doc).
pub(crate) struct FaultIo<T> {
    inner: T,
    /// Makes the exchange of a refusal (its log, metrics and request id).
    exchange: Box<dyn Fn() -> Exchange + Send + Sync>,
    replacing: Option<Replacement>,
    clock: Clock,
}

impl<T> FaultIo<T> {
    pub(crate) fn new(inner: T, phase: Phase, config: &crate::Config, exchange: impl Fn() -> Exchange + Send + Sync + 'static) -> FaultIo<T> {
        let clock = Clock { seen: phase.get(), phase, head_timeout: config.header_read_timeout, keep_alive: config.keep_alive_timeout, head_since: None, idle_since: None, sleep: None, expired: false };
        FaultIo { inner, exchange: Box::new(exchange), replacing: None, clock }
    }
}

/// What the clock says when a waiting connection has nothing to read.
enum Waited {
    /// The request head did not arrive in time.
    HeadTimeout,
    /// No byte of a request within the keep-alive time.
    Idle,
}

impl Clock {
    /// Notes a read while the connection may be waiting for a head; false
    /// when a request is being handled (nothing is timed then).
    fn waiting(&mut self) -> bool {
        let phase = self.phase.get();
        if phase != self.seen {
            self.seen = phase;
            self.head_since = None;
            self.idle_since = None;
        }
        phase.is_multiple_of(2)
    }

    /// Waits (registering `cx`) until the head or keep-alive deadline.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<Waited> {
        let (deadline, waited) = match self.head_since {
            Some(t) => (t + self.head_timeout, Waited::HeadTimeout),
            None => (*self.idle_since.get_or_insert_with(Instant::now) + self.keep_alive, Waited::Idle),
        };
        let sleep = self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if sleep.deadline() > deadline {
            sleep.as_mut().reset(deadline);
        }
        loop {
            std::task::ready!(sleep.as_mut().poll(cx));
            if sleep.deadline() >= deadline {
                return Poll::Ready(waited);
            }
            // Fired at the deadline of an earlier wait.
            sleep.as_mut().reset(deadline);
        }
    }
}

/// The status of hyper's automatic answer in `head`, if it is one.
fn automatic_error(head: &[u8]) -> Option<u16> {
    let status = head.strip_prefix(b"HTTP/1.1 4")?;
    let code = match status.get(..2)? {
        b"00" => 400,
        b"14" => 414,
        b"31" => 431,
        _ => return None,
    };
    let end = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(head.len());
    let lower = head[..end].to_ascii_lowercase();
    (!lower.windows(13).any(|w| w == b"x-request-id:")).then_some(code)
}

const fn text(code: u16) -> (&'static str, &'static str, &'static str) {
    match code {
        408 => ("408 Request Timeout", "request_header_timeout", "Klien tidak menyelesaikan header permintaan dalam batas waktu."),
        431 => ("431 Request Header Fields Too Large", "request_headers_too_large", "Header permintaan terlalu besar (lebih dari 64 KiB atau lebih dari 100 header)."),
        414 => ("414 URI Too Long", "uri_too_long", "Alamat permintaan terlalu panjang."),
        _ => ("400 Bad Request", "bad_request", "Permintaan HTTP tidak sah (baris permintaan atau header tidak dapat dibaca)."),
    }
}

impl<T> FaultIo<T> {
    fn replacement(&self, code: u16, claimed: usize) -> Replacement {
        let ex = (self.exchange)();
        let (status, error, message) = text(code);
        let outcome = if matches!(code, 400 | 408) { Outcome::BadRequest } else { Outcome::TooLarge };
        let body = serde_json::json!({ "error": { "code": error, "message": message } }).to_string();
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\nx-request-id: {}\r\nconnection: close\r\n\r\n{body}",
            body.len(),
            hex::encode(ex.request_id)
        );
        let commit = ex.commit(code, outcome, &Tally::new(), None);
        let fail_open = ex.fail_open;
        let logging: Logging = Box::pin(async move { commit.await.is_ok() || fail_open });
        Replacement { bytes: Bytes::from(head), written: 0, logging: Some(logging), claimed }
    }
}

impl<T: AsyncWrite + Unpin> FaultIo<T> {
    /// Drives a replacement: waits for the record, then writes the JSON
    /// answer in full; reports hyper's bytes as written at the end.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<usize>> {
        let Some(r) = self.replacing.as_mut() else { return Poll::Ready(Ok(0)) };
        if let Some(logging) = r.logging.as_mut() {
            let logged = std::task::ready!(logging.as_mut().poll(cx));
            r.logging = None;
            if !logged {
                // Fail-closed and the log refused the record: no answer.
                return Poll::Ready(Err(std::io::Error::other("log pesan tidak dapat ditulis")));
            }
        }
        while r.written < r.bytes.len() {
            let n = std::task::ready!(Pin::new(&mut self.inner).poll_write(cx, &r.bytes[r.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            r.written += n;
        }
        Poll::Ready(Ok(r.claimed))
    }
}

impl<T: AsyncWrite + Unpin> FaultIo<T> {
    /// Answers a request head that timed out (log, then 408), closes the
    /// sending side and fails the read, on which hyper closes the
    /// connection without writing.
    fn poll_head_timeout(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        std::task::ready!(self.poll_replacement(cx))?;
        std::task::ready!(Pin::new(&mut self.inner).poll_flush(cx))?;
        std::task::ready!(Pin::new(&mut self.inner).poll_shutdown(cx))?;
        Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "request head timed out")))
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for FaultIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        if this.clock.expired {
            return this.poll_head_timeout(cx);
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if !this.clock.waiting() {
            if read.is_pending() {
                this.clock.phase.blocked(cx.waker());
            }
            return read;
        }
        match read {
            Poll::Ready(Ok(())) if buf.filled().len() > before => {
                this.clock.head_since.get_or_insert_with(Instant::now);
                Poll::Ready(Ok(()))
            }
            Poll::Pending => match std::task::ready!(this.clock.poll_deadline(cx)) {
                // End of stream: hyper closes an idle connection quietly.
                Waited::Idle => Poll::Ready(Ok(())),
                Waited::HeadTimeout => {
                    this.clock.expired = true;
                    this.replacing = Some(this.replacement(408, 0));
                    this.poll_head_timeout(cx)
                }
            },
            done => done,
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for FaultIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        if self.replacing.is_none() {
            match automatic_error(buf) {
                None => return Pin::new(&mut self.inner).poll_write(cx, buf),
                Some(code) => self.replacing = Some(self.replacement(code, buf.len())),
            }
        }
        self.poll_replacement(cx)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        if self.replacing.is_none() {
            let first = bufs.iter().find(|b| !b.is_empty()).map(|b| &b[..]).unwrap_or_default();
            match automatic_error(first) {
                None => return Pin::new(&mut self.inner).poll_write_vectored(cx, bufs),
                Some(code) => {
                    let claimed = bufs.iter().map(|b| b.len()).sum();
                    self.replacing = Some(self.replacement(code, claimed));
                }
            }
        }
        self.poll_replacement(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::automatic_error;

    #[test]
    fn recognises_only_hyper_automatic_answers() {
        assert_eq!(automatic_error(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n"), Some(431));
        assert_eq!(automatic_error(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"), Some(400));
        assert_eq!(automatic_error(b"HTTP/1.1 414 URI Too Long\r\n\r\n"), Some(414));
        assert_eq!(automatic_error(b"HTTP/1.1 400 Bad Request\r\nX-Request-Id: ab\r\n\r\n"), None);
        assert_eq!(automatic_error(b"HTTP/1.1 431 x\r\nx-request-id: ab\r\n\r\n"), None);
        assert_eq!(automatic_error(b"HTTP/1.1 200 OK\r\n\r\n"), None);
        assert_eq!(automatic_error(b"{\"data\":1}"), None);
    }
}
