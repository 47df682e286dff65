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

use std::future::Future;
use std::io::IoSlice;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

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

/// A socket whose automatic hyper error answers are replaced (see the module doc).
pub(crate) struct FaultIo<T> {
    inner: T,
    /// Makes the exchange of a refusal (its log, metrics and request id).
    exchange: Box<dyn Fn() -> Exchange + Send + Sync>,
    replacing: Option<Replacement>,
}

impl<T> FaultIo<T> {
    pub(crate) fn new(inner: T, exchange: impl Fn() -> Exchange + Send + Sync + 'static) -> FaultIo<T> {
        FaultIo { inner, exchange: Box::new(exchange), replacing: None }
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
        431 => ("431 Request Header Fields Too Large", "request_headers_too_large", "Header permintaan terlalu besar (lebih dari 64 KiB atau lebih dari 100 header)."),
        414 => ("414 URI Too Long", "uri_too_long", "Alamat permintaan terlalu panjang."),
        _ => ("400 Bad Request", "bad_request", "Permintaan HTTP tidak sah (baris permintaan atau header tidak dapat dibaca)."),
    }
}

impl<T> FaultIo<T> {
    fn replacement(&self, code: u16, claimed: usize) -> Replacement {
        let ex = (self.exchange)();
        let (status, error, message) = text(code);
        let outcome = if code == 400 { Outcome::BadRequest } else { Outcome::TooLarge };
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

impl<T: AsyncRead + Unpin> AsyncRead for FaultIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
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
