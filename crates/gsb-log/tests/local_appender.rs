//! Appenders of single-threaded runtimes (`Appender::local`): receipts
//! arrive through one mailbox per thread, batches of them at a time, and
//! every record is still sealed exactly once, in order, on several threads
//! at once; with batches that wait for load (`Options::batch_interval`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use simpul_gsb_log::verify::verify_file;
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::{BusKey, Entry, LOG_FILE};

fn entry(thread: u64, i: u64) -> Entry {
    Entry { client: format!("klien-{thread}"), service: "dukcapil-nik".into(), method: "GET".into(), path: format!("/penduduk/{i}"), status: 200, ..Entry::default() }
}

#[test]
fn receipts_through_per_thread_mailboxes() {
    let dir = tempfile::tempdir().unwrap();
    let key = BusKey::from_seed([7; 32]);
    let public = key.public();
    let w = LogWriter::open(dir.path(), key, Options { batch_interval: Duration::from_millis(2), ..Options::default() }).unwrap();
    let threads: Vec<_> = (0..3u64)
        .map(|t| {
            let appender = w.appender();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async move {
                    let local = appender.local();
                    let tasks: Vec<_> = (0..400u64)
                        .map(|i| {
                            let a = local.clone();
                            tokio::spawn(async move { a.append(entry(t, i)).await.unwrap() })
                        })
                        .collect();
                    let mut receipts = Vec::new();
                    for task in tasks {
                        receipts.push(task.await.unwrap());
                    }
                    receipts
                })
            })
        })
        .collect();
    let receipts: Vec<_> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let seqs: BTreeSet<u64> = receipts.iter().map(|r| r.seq).collect();
    assert_eq!(seqs.len(), 1200, "every append got its own sequence number");
    assert_eq!((seqs.first().copied(), seqs.last().copied()), (Some(0), Some(1199)));
    let batches: BTreeSet<u64> = receipts.iter().map(|r| r.batch_no).collect();
    assert!(batches.len() < 1200, "records share batches ({} batches)", batches.len());
    w.close();
    let summary = verify_file(&dir.path().join(LOG_FILE), &[public]).unwrap();
    assert_eq!((summary.records, summary.batches as usize), (1200, batches.len()));
}
