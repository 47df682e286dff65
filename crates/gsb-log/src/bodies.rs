//! Kept message bodies: the request and response bodies of the services
//! configured to keep them (`keep_bodies`), for their retention period
//! (issue 5 §3; non-repudiation of *what* was exchanged, Pergub Kalbar
//! 177/2021 Pasal 15, Perwali Balikpapan 14/2022 Pasal 26).
//!
//! # Layout
//!
//! `<log-dir>/bodies/<service-code>/<hh>/<sha-256 hex>`: content-addressed
//! by the SHA-256 the signed record already carries, so a body is checked
//! against its record by hashing the file, and the same body exchanged
//! twice with one service is kept once (its modification time is renewed,
//! and retention counts from the last time it was exchanged). One directory
//! per service, so each service's retention applies to its own files.
//! Partial files are written under `<log-dir>/bodies/tmp/` and removed when
//! the writer starts.
//!
//! # Streaming, bounded memory
//!
//! Bodies are not buffered whole: the gateway hands each chunk (a
//! reference-counted `Bytes`, no copy) to one writer thread through a
//! bounded queue of [`QUEUE_CHUNKS`] chunks. When the disk falls behind, the
//! kept service's stream waits for room in the queue (back-pressure), so
//! memory stays bounded; services that do not keep bodies never touch it.
//!
//! # Durability
//!
//! When a body ends, the writer flushes and `fdatasync`s the file, renames
//! it to its digest and syncs the directory, then reports the digest. The
//! gateway appends the exchange's record only after both bodies are
//! reported, so **a record of a kept exchange is never durable before its
//! bodies are**: after a crash, every sealed record of a keeping service
//! has its bodies, unless they failed to be written (logged as a warning;
//! the record, not the body copy, is the proof of the exchange, so a failed
//! body write does not withhold the response). What is kept is exactly
//! what the record's digest covers: the bytes read of the request and the
//! bytes delivered of the response, partial ones included (a client gone
//! mid-body).

use std::collections::HashMap;
use std::fs::File;
use std::future::Future;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};

/// Directory of kept bodies inside the log directory.
pub const BODIES_DIR: &str = "bodies";
/// Chunks that may wait for the body writer before a kept stream waits too.
pub const QUEUE_CHUNKS: usize = 256;

/// A chunk of a body: shared bytes (the gateway's `Bytes`), not copied.
type Chunk = Box<dyn AsRef<[u8]> + Send + Sync>;

/// Which body of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }

    pub fn from_code(s: &str) -> Option<Side> {
        match s {
            "request" => Some(Side::Request),
            "response" => Some(Side::Response),
            _ => None,
        }
    }
}

/// A service code usable as a directory name (the registry's codes are
/// slugs; anything else is never written or read).
fn safe_code(service: &str) -> bool {
    !service.is_empty() && service.len() <= 100 && service.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// What a kept body looks like when it is read back.
#[derive(Debug)]
pub enum Kept {
    /// The file, its SHA-256 checked against the record; rewound.
    Intact(File, u64),
    /// No body was kept (the service does not keep bodies, it was pruned,
    /// or it was never written).
    Missing,
    /// The file no longer matches the signed record's digest.
    Tampered { actual: [u8; 32] },
}

/// What a pruning pass removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub files: u64,
    pub bytes: u64,
    /// Files kept (within retention, or of a service without a retention).
    pub kept: u64,
}

/// The body files of one log directory.
#[derive(Debug, Clone)]
pub struct BodyStore {
    root: PathBuf,
}

impl BodyStore {
    /// The body store of the log in `log_dir`.
    pub fn new(log_dir: &Path) -> BodyStore {
        BodyStore { root: log_dir.join(BODIES_DIR) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of `digest` kept for `service`.
    pub fn path(&self, service: &str, digest: &[u8; 32]) -> Option<PathBuf> {
        if !safe_code(service) {
            return None;
        }
        let hex = hex::encode(digest);
        Some(self.root.join(service).join(&hex[..2]).join(hex))
    }

    /// Opens the body of `service` with `digest`, hashing it first (bounded
    /// memory) so that a changed file is never served as the record's body.
    pub fn open_verified(&self, service: &str, digest: &[u8; 32]) -> std::io::Result<Kept> {
        let Some(path) = self.path(service, digest) else { return Ok(Kept::Missing) };
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Kept::Missing),
            Err(e) => return Err(e),
        };
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut len = 0u64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            len += n as u64;
        }
        let actual: [u8; 32] = hasher.finalize().into();
        if &actual != digest {
            return Ok(Kept::Tampered { actual });
        }
        let file = File::open(&path)?;
        Ok(Kept::Intact(file, len))
    }

    /// Deletes the bodies older than their service's retention:
    /// `retention(service)` gives it (`None`: keep them all, e.g. a service
    /// no longer in the registry or without a retention period). Age is
    /// counted from the file's modification time, renewed each time the
    /// same body is exchanged again.
    pub fn prune(&self, retention: impl Fn(&str) -> Option<Duration>, now: SystemTime) -> std::io::Result<Pruned> {
        let mut out = Pruned::default();
        let services = match std::fs::read_dir(&self.root) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e),
        };
        for service in services {
            let service = service?;
            let name = service.file_name().to_string_lossy().into_owned();
            if name == "tmp" || !service.file_type()?.is_dir() {
                continue;
            }
            let keep_for = retention(&name);
            for shard in std::fs::read_dir(service.path())? {
                let shard = shard?;
                if !shard.file_type()?.is_dir() {
                    continue;
                }
                for file in std::fs::read_dir(shard.path())? {
                    let file = file?;
                    let meta = file.metadata()?;
                    let age = now.duration_since(meta.modified()?).unwrap_or_default();
                    match keep_for {
                        Some(limit) if age > limit => {
                            std::fs::remove_file(file.path())?;
                            out.files += 1;
                            out.bytes += meta.len();
                        }
                        _ => out.kept += 1,
                    }
                }
            }
        }
        Ok(out)
    }

    /// Starts the writer thread that keeps bodies in this store.
    pub fn spawn_writer(&self) -> std::io::Result<BodySpool> {
        let tmp = self.root.join("tmp");
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)?;
        let (tx, rx) = mpsc::channel(QUEUE_CHUNKS);
        let store = self.clone();
        std::thread::Builder::new().name("gsb-body-writer".into()).spawn(move || Writer { store, tmp, open: HashMap::new() }.run(rx))?;
        Ok(BodySpool { tx, next: Arc::new(AtomicU64::new(1)) })
    }
}

/// The first command of a body carries its service; the writer opens the
/// file then.
enum Cmd {
    Chunk { id: u64, service: Option<String>, data: Chunk },
    End { id: u64, service: Option<String>, done: Option<oneshot::Sender<Option<[u8; 32]>>> },
}

struct Open {
    file: Option<BufWriter<File>>,
    tmp: PathBuf,
    service: String,
    hasher: Sha256,
}

struct Writer {
    store: BodyStore,
    tmp: PathBuf,
    open: HashMap<u64, Open>,
}

impl Writer {
    fn run(mut self, mut rx: mpsc::Receiver<Cmd>) {
        while let Some(cmd) = rx.blocking_recv() {
            match cmd {
                Cmd::Chunk { id, service, data } => {
                    if let Some(service) = service {
                        self.start(id, service);
                    }
                    if let Some(o) = self.open.get_mut(&id) {
                        let bytes = (*data).as_ref();
                        o.hasher.update(bytes);
                        if let Some(f) = o.file.as_mut()
                            && let Err(e) = f.write_all(bytes)
                        {
                            tracing::warn!(error = %e, service = %o.service, "gsb body: write failed");
                            o.file = None;
                        }
                    }
                }
                Cmd::End { id, service, done } => {
                    if let Some(service) = service {
                        self.start(id, service);
                    }
                    let result = self.open.remove(&id).and_then(|o| self.seal(o));
                    if let Some(done) = done {
                        let _ = done.send(result);
                    }
                }
            }
        }
    }

    fn start(&mut self, id: u64, service: String) {
        let tmp = self.tmp.join(id.to_string());
        let file = File::create(&tmp).map(|f| BufWriter::with_capacity(64 * 1024, f));
        if let Err(e) = &file {
            tracing::warn!(error = %e, "gsb body: cannot create {}", tmp.display());
        }
        self.open.insert(id, Open { file: file.ok(), tmp, service, hasher: Sha256::new() });
    }

    /// Syncs the file and moves it to its content address.
    fn seal(&self, o: Open) -> Option<[u8; 32]> {
        let digest: [u8; 32] = o.hasher.finalize().into();
        let result = (|| -> std::io::Result<()> {
            let file = o.file.ok_or_else(|| std::io::Error::other("body file not written"))?;
            let file = file.into_inner().map_err(|e| e.into_error())?;
            let path = self.store.path(&o.service, &digest).ok_or_else(|| std::io::Error::other("service code not usable as a directory"))?;
            let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent"))?;
            if path.exists() {
                // The same body, kept already: renew its retention.
                drop(file);
                std::fs::remove_file(&o.tmp)?;
                File::options().write(true).open(&path)?.set_modified(SystemTime::now())?;
                return Ok(());
            }
            file.sync_data()?;
            drop(file);
            std::fs::create_dir_all(dir)?;
            std::fs::rename(&o.tmp, &path)?;
            File::open(dir)?.sync_all()
        })();
        match result {
            Ok(()) => Some(digest),
            Err(e) => {
                tracing::warn!(error = %e, service = %o.service, "gsb body: not kept");
                let _ = std::fs::remove_file(&o.tmp);
                None
            }
        }
    }
}

type Reserve = Pin<Box<dyn Future<Output = Result<mpsc::OwnedPermit<Cmd>, mpsc::error::SendError<()>>> + Send + Sync>>;

/// Hands body chunks to the writer thread. Cheap to clone.
#[derive(Clone)]
pub struct BodySpool {
    tx: mpsc::Sender<Cmd>,
    next: Arc<AtomicU64>,
}

impl std::fmt::Debug for BodySpool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodySpool")
    }
}

impl BodySpool {
    /// A sink for one body of `service`. The writer opens its file when
    /// the first chunk (or the end) arrives.
    pub fn sink(&self, service: &str) -> BodySink {
        BodySink { id: self.next.fetch_add(1, Ordering::Relaxed), service: Some(service.to_string()), tx: self.tx.clone(), permit: None, reserving: None, ended: false, closed: false }
    }
}

/// One body on its way to the store. Use [`BodySink::poll_ready`] before
/// each [`BodySink::send`]; [`BodySink::finish`] when the body ends. A sink
/// dropped without `finish` still keeps what it was sent.
pub struct BodySink {
    id: u64,
    /// The service, until the first command carries it to the writer.
    service: Option<String>,
    tx: mpsc::Sender<Cmd>,
    permit: Option<mpsc::OwnedPermit<Cmd>>,
    reserving: Option<Reserve>,
    ended: bool,
    /// The writer is gone: chunks are dropped.
    closed: bool,
}

impl BodySink {
    /// Ready when a chunk can be sent without waiting (a slot reserved in
    /// the writer's queue).
    pub fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.closed || self.permit.is_some() {
            return Poll::Ready(());
        }
        let reserving = self.reserving.get_or_insert_with(|| Box::pin(self.tx.clone().reserve_owned()));
        let r = std::task::ready!(reserving.as_mut().poll(cx));
        self.reserving = None;
        match r {
            Ok(permit) => self.permit = Some(permit),
            Err(_) => self.closed = true,
        }
        Poll::Ready(())
    }

    /// Sends one chunk, using the slot [`BodySink::poll_ready`] reserved.
    /// Without a reserved slot (the writer gone) the chunk is not kept.
    pub fn send<B: AsRef<[u8]> + Send + Sync + 'static>(&mut self, data: B) {
        if let Some(permit) = self.permit.take() {
            permit.send(Cmd::Chunk { id: self.id, service: self.service.take(), data: Box::new(data) });
        }
    }

    /// Waits for room in the queue and sends one chunk.
    pub async fn write<B: AsRef<[u8]> + Send + Sync + 'static>(&mut self, data: B) {
        std::future::poll_fn(|cx| self.poll_ready(cx)).await;
        self.send(data);
    }

    /// Sends a whole (small) body and ends it.
    pub async fn write_all<B: AsRef<[u8]> + Send + Sync + 'static>(mut self, data: B) -> Option<[u8; 32]> {
        self.write(data).await;
        self.finish().await
    }

    fn end(&mut self, done: Option<oneshot::Sender<Option<[u8; 32]>>>) -> Cmd {
        self.ended = true;
        Cmd::End { id: self.id, service: self.service.take(), done }
    }

    /// Ends the body; resolves to its digest once the file is durable under
    /// its content address (`None` when it could not be kept).
    pub fn finish(mut self) -> impl Future<Output = Option<[u8; 32]>> + Send + 'static {
        let (done, wait) = oneshot::channel();
        let end = self.end(Some(done));
        let tx = self.tx.clone();
        let permit = self.permit.take();
        async move {
            match permit {
                Some(p) => {
                    p.send(end);
                }
                None => tx.send(end).await.ok()?,
            }
            wait.await.ok().flatten()
        }
    }
}

impl Drop for BodySink {
    fn drop(&mut self) {
        if self.ended || self.closed {
            return;
        }
        let end = self.end(None);
        if let Some(p) = self.permit.take() {
            p.send(end);
        } else if let Err(mpsc::error::TrySendError::Full(end)) = self.tx.try_send(end)
            && let Ok(rt) = tokio::runtime::Handle::try_current()
        {
            let tx = self.tx.clone();
            rt.spawn(async move { tx.send(end).await });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn digest(b: &[u8]) -> [u8; 32] {
        Sha256::digest(b).into()
    }

    #[tokio::test]
    async fn keeps_bodies_by_digest_and_detects_changes() {
        let dir = tempfile::tempdir().unwrap();
        let store = BodyStore::new(dir.path());
        let spool = store.spawn_writer().unwrap();
        let mut sink = spool.sink("svc-a");
        for part in [&b"hello "[..], b"world"] {
            std::future::poll_fn(|cx| sink.poll_ready(cx)).await;
            sink.send(part.to_vec());
        }
        let d = sink.finish().await.unwrap();
        assert_eq!(d, digest(b"hello world"));
        let Kept::Intact(mut f, len) = store.open_verified("svc-a", &d).unwrap() else { panic!("not intact") };
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        assert_eq!((s.as_str(), len), ("hello world", 11));
        assert!(matches!(store.open_verified("svc-b", &d).unwrap(), Kept::Missing));
        // An empty body is kept too (its digest is the record's).
        let e = spool.sink("svc-a").finish().await.unwrap();
        assert_eq!(e, digest(b""));
        assert!(matches!(store.open_verified("svc-a", &e).unwrap(), Kept::Intact(_, 0)));
        std::fs::write(store.path("svc-a", &d).unwrap(), b"hello World").unwrap();
        assert!(matches!(store.open_verified("svc-a", &d).unwrap(), Kept::Tampered { .. }));
        assert!(store.path("../etc", &d).is_none());
    }

    #[tokio::test]
    async fn prunes_by_service_retention() {
        let dir = tempfile::tempdir().unwrap();
        let store = BodyStore::new(dir.path());
        let spool = store.spawn_writer().unwrap();
        let a = spool.sink("lama").write_all(b"old".to_vec()).await.unwrap();
        let b = spool.sink("baru").write_all(b"new".to_vec()).await.unwrap();
        let c = spool.sink("tanpa").write_all(b"kept".to_vec()).await.unwrap();
        let later = SystemTime::now() + Duration::from_secs(3 * 86_400);
        let day = Duration::from_secs(86_400);
        let pruned = store
            .prune(
                |s| match s {
                    "lama" => Some(day),
                    "baru" => Some(7 * day),
                    _ => None,
                },
                later,
            )
            .unwrap();
        assert_eq!(pruned, Pruned { files: 1, bytes: 3, kept: 2 });
        assert!(matches!(store.open_verified("lama", &a).unwrap(), Kept::Missing));
        assert!(matches!(store.open_verified("baru", &b).unwrap(), Kept::Intact(..)));
        assert!(matches!(store.open_verified("tanpa", &c).unwrap(), Kept::Intact(..)));
    }
}
