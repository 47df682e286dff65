//! The batching writer: one thread owns the file; requests queue their
//! entries and await a receipt that arrives once the batch holding them is
//! written and synced (group commit).

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use crate::encoding::{frame, BatchHeader, Entry, Record, TAG_BATCH, TAG_RECORD};
use crate::index::{IndexWriter, Reconcile, Span, BATCH_FRAME_LEN};
use crate::keys::BusKey;
use crate::merkle::{self, Hash};
use crate::verify::{verify_file, verify_file_with, Summary};
use crate::{LogError, Result, INDEX_FILE, LOG_FILE};

/// The default [`Options::batch_interval`].
pub const BATCH_INTERVAL_MICROS: u64 = 1000;

/// A batch of at least this many records means load: the next batch waits
/// for [`Options::batch_interval`]. Under light load (1,000 requests/s and
/// an `fdatasync` of a few hundred microseconds) batches this large are
/// rare, so a lone request is not delayed.
const LOADED_BATCH: usize = 4;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// `fdatasync` each batch before acknowledging it. Off only for
    /// benchmarks that measure the rest of the path.
    pub fsync: bool,
    /// Most records in one batch.
    pub max_batch: usize,
    /// Entries that may wait for the writer before `append` waits too.
    pub queue: usize,
    /// Under load (the previous batch sealed at least `LOADED_BATCH`
    /// records), a batch is not started sooner than this after the previous one was:
    /// the entries arriving meanwhile join it, so the fixed cost of a
    /// batch (its signature, its `fdatasync`, the wake-ups) is shared by
    /// more records. A lone record (light load) is sealed at once.
    pub batch_interval: std::time::Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options { fsync: true, max_batch: 4096, queue: 65_536, batch_interval: std::time::Duration::from_micros(BATCH_INTERVAL_MICROS) }
    }
}

/// Where an entry was sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    pub seq: u64,
    pub batch_no: u64,
}

struct Job {
    entry: Entry,
    done: oneshot::Sender<Result<Receipt>>,
    /// Where the receipt is delivered; `None`: straight to `done`.
    mailbox: Option<Arc<Mailbox>>,
}

/// A receipt (or the refusal) and where it goes.
type Delivery = (oneshot::Sender<Result<Receipt>>, Result<Receipt>);

/// Receipts for the appends made on one thread, delivered together: the
/// writer thread wakes the thread's drain task once per batch instead of
/// once per record (each wake from another thread costs a system call
/// and often a context switch; see [`Appender::local`]).
#[derive(Default)]
struct Mailbox {
    ready: std::sync::Mutex<Vec<Delivery>>,
    notify: tokio::sync::Notify,
}

impl Mailbox {
    fn take(&self) -> Vec<Delivery> {
        std::mem::take(&mut *self.ready.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Delivers what arrived, on the drain task's thread, until the last
    /// appender using the mailbox is gone.
    async fn drain(self: Arc<Self>) {
        loop {
            self.notify.notified().await;
            for (done, result) in self.take() {
                let _ = done.send(result);
            }
            if Arc::strong_count(&self) == 1 {
                return;
            }
        }
    }
}

/// Completes the jobs of one batch: direct ones at once, the others put
/// in their mailboxes, each mailbox woken once.
fn complete(jobs: &mut Vec<Job>, result: impl Fn(usize) -> Result<Receipt>, woken: &mut Vec<Arc<Mailbox>>) {
    for (i, j) in jobs.drain(..).enumerate() {
        match j.mailbox {
            None => {
                let _ = j.done.send(result(i));
            }
            Some(m) => {
                m.ready.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((j.done, result(i)));
                if !woken.iter().any(|w| Arc::ptr_eq(w, &m)) {
                    woken.push(m);
                }
            }
        }
    }
    for m in woken.drain(..) {
        m.notify.notify_one();
    }
}

/// Counters and health, readable without the writer's lock.
#[derive(Debug, Default)]
pub struct Stats {
    pub records: AtomicU64,
    pub batches: AtomicU64,
    /// False once a write failed: appends are refused (fail-closed).
    pub healthy: AtomicBool,
}

/// Hands entries to the writer thread. Cheap to clone.
#[derive(Clone)]
pub struct Appender {
    tx: mpsc::Sender<Job>,
    stats: Arc<Stats>,
    mailbox: Option<Arc<Mailbox>>,
}

impl Appender {
    /// Queues `entry` and waits until it is durable.
    pub async fn append(&self, entry: Entry) -> Result<Receipt> {
        if !self.stats.healthy.load(Ordering::Relaxed) {
            return Err(LogError::Unavailable);
        }
        let (done, wait) = oneshot::channel();
        self.tx.send(Job { entry, done, mailbox: self.mailbox.clone() }).await.map_err(|_| LogError::Unavailable)?;
        wait.await.map_err(|_| LogError::Unavailable)?
    }

    /// An appender for the thread of a single-threaded runtime: its
    /// receipts arrive through one mailbox whose drain task is spawned on
    /// the current runtime, so a batch wakes this thread once rather than
    /// once per record. Must be called inside that runtime, and its appends
    /// must be awaited on it.
    pub fn local(&self) -> Appender {
        let mailbox = Arc::new(Mailbox::default());
        tokio::spawn(mailbox.clone().drain());
        Appender { tx: self.tx.clone(), stats: self.stats.clone(), mailbox: Some(mailbox) }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

pub struct LogWriter {
    appender: Appender,
    thread: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl LogWriter {
    /// Opens (or creates) the log in `dir`. The existing log is verified
    /// first; a log that fails verification is not written to. Frames after
    /// the last sealed batch (a crash mid-write; never acknowledged) are cut.
    /// The batch index is checked in the same pass and rewritten where it differs.
    pub fn open(dir: &Path, key: BusKey, opts: Options) -> Result<LogWriter> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(LOG_FILE);
        let mut index = Reconcile::rebuild(&dir.join(INDEX_FILE));
        let summary = verify_file_with(&path, &[key.public()], |span| index.batch(span)).map_err(|f| LogError::Corrupt(f.to_string()))?;
        let index = index.into_writer();
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
        if file.metadata()?.len() != summary.sealed_len {
            file.set_len(summary.sealed_len)?;
            file.sync_all()?;
        }
        file.seek(SeekFrom::End(0))?;
        let (tx, rx) = mpsc::channel(opts.queue.max(1));
        let stats = Arc::new(Stats { records: AtomicU64::new(summary.records), batches: AtomicU64::new(summary.batches), healthy: AtomicBool::new(true) });
        let state = State { file, key, opts, next_seq: summary.next_seq, next_batch: summary.next_batch, head: summary.head.unwrap_or([0; 32]), sealed_len: summary.sealed_len, stats: stats.clone(), index };
        let thread = std::thread::Builder::new().name("gsb-log-writer".into()).spawn(move || state.run(rx))?;
        Ok(LogWriter { appender: Appender { tx, stats, mailbox: None }, thread: Some(thread), path })
    }

    pub fn appender(&self) -> Appender {
        self.appender.clone()
    }

    pub async fn append(&self, entry: Entry) -> Result<Receipt> {
        self.appender.append(entry).await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stops accepting entries, writes what is queued, and waits for the
    /// thread (once every [`Appender`] clone is dropped too).
    pub fn close(self) {
        let LogWriter { appender, thread, .. } = self;
        drop(appender);
        if let Some(t) = thread {
            let _ = t.join();
        }
    }
}

struct State {
    file: File,
    key: BusKey,
    opts: Options,
    next_seq: u64,
    next_batch: u64,
    head: Hash,
    sealed_len: u64,
    stats: Arc<Stats>,
    index: IndexWriter,
}

fn now_micros() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or(0)
}

impl State {
    fn run(mut self, mut rx: mpsc::Receiver<Job>) {
        let max = self.opts.max_batch.max(1);
        let mut jobs: Vec<Job> = Vec::with_capacity(max);
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut leaves: Vec<Hash> = Vec::with_capacity(max);
        let mut woken: Vec<Arc<Mailbox>> = Vec::new();
        let mut last_start = std::time::Instant::now();
        let mut last_count = 0;
        while let Some(first) = rx.blocking_recv() {
            jobs.push(first);
            if last_count >= LOADED_BATCH {
                let wait = self.opts.batch_interval.saturating_sub(last_start.elapsed());
                if !wait.is_zero() {
                    std::thread::sleep(wait);
                }
            }
            while jobs.len() < max {
                match rx.try_recv() {
                    Ok(j) => jobs.push(j),
                    Err(_) => break,
                }
            }
            last_start = std::time::Instant::now();
            last_count = jobs.len();
            let result = if self.stats.healthy.load(Ordering::Relaxed) { self.seal(&mut jobs, &mut buf, &mut leaves) } else { Err(LogError::Unavailable) };
            match result {
                Ok(batch_no) => {
                    let first = self.next_seq - leaves.len() as u64;
                    complete(&mut jobs, |i| Ok(Receipt { seq: first + i as u64, batch_no }), &mut woken);
                }
                Err(_) => {
                    self.stats.healthy.store(false, Ordering::Relaxed);
                    complete(&mut jobs, |_| Err(LogError::Unavailable), &mut woken);
                }
            }
        }
    }

    /// Writes the records and their batch; returns the batch number.
    fn seal(&mut self, jobs: &mut [Job], buf: &mut Vec<u8>, leaves: &mut Vec<Hash>) -> Result<u64> {
        buf.clear();
        leaves.clear();
        for (i, j) in jobs.iter_mut().enumerate() {
            let record = Record { seq: self.next_seq + i as u64, entry: std::mem::take(&mut j.entry) };
            let bytes = record.encode();
            leaves.push(merkle::leaf_hash(&bytes));
            frame(buf, TAG_RECORD, &bytes);
        }
        let header = BatchHeader {
            key_id: self.key.id(),
            batch_no: self.next_batch,
            first_seq: self.next_seq,
            count: leaves.len() as u32,
            sealed_at_micros: now_micros(),
            root: merkle::root(leaves),
            prev_hash: self.head,
        };
        let mut payload = header.encode().to_vec();
        payload.extend_from_slice(&self.key.sign(&header));
        frame(buf, TAG_BATCH, &payload);
        let written = self.file.write_all(buf).and_then(|_| if self.opts.fsync { self.file.sync_data() } else { Ok(()) });
        if let Err(e) = written {
            // Leave the file as it was: a partial batch must not stay.
            let _ = self.file.set_len(self.sealed_len).and_then(|_| self.file.seek(SeekFrom::Start(self.sealed_len)).map(|_| ()));
            return Err(e.into());
        }
        self.index.push(&Span { first_seq: header.first_seq, count: header.count, records_at: self.sealed_len, batch_at: self.sealed_len + buf.len() as u64 - BATCH_FRAME_LEN });
        self.sealed_len += buf.len() as u64;
        self.next_seq = header.end_seq();
        self.next_batch += 1;
        self.head = header.hash();
        self.stats.records.fetch_add(u64::from(header.count), Ordering::Relaxed);
        self.stats.batches.fetch_add(1, Ordering::Relaxed);
        Ok(header.batch_no)
    }
}

/// The state a log directory is in, for `simpul gsb verify`.
pub fn summary(dir: &Path, keys: &[ed25519_dalek::VerifyingKey]) -> std::result::Result<Summary, crate::verify::Failure> {
    verify_file(&dir.join(LOG_FILE), keys)
}
