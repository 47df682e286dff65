//! The message log end to end: concurrent appends, proofs, tampering of
//! every kind, crash recovery and reopening.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use simpul_gsb_log::index::{IndexState, Span, ENTRY_LEN};
use simpul_gsb_log::proof::{prove, prove_scan, prove_via, Via};
use simpul_gsb_log::verify::{verify_dir, verify_file};
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::{BusKey, Entry, INDEX_FILE, LOG_FILE};

fn key() -> BusKey {
    BusKey::from_seed([42; 32])
}

fn entry(i: u64) -> Entry {
    Entry {
        at_micros: 1_790_000_000_000_000 + i as i64,
        request_id: (i as u128).to_be_bytes(),
        client: format!("klien-{}", i % 7),
        service: "dukcapil-nik".into(),
        method: "GET".into(),
        path: format!("/penduduk/{i}"),
        status: 200,
        request_bytes: 0,
        response_bytes: 1024,
        latency_micros: 900 + i,
        request_digest: [0; 32],
        response_digest: [(i % 251) as u8; 32],
    }
}

/// Writes `n` entries from `tasks` concurrent tasks; returns the writer closed.
async fn fill(dir: &Path, n: u64, tasks: u64) {
    let w = LogWriter::open(dir, key(), Options::default()).unwrap();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let a = w.appender();
        handles.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for i in (t..n).step_by(tasks as usize) {
                seqs.push(a.append(entry(i)).await.unwrap().seq);
            }
            seqs
        }));
    }
    let mut all: Vec<u64> = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    all.sort();
    let start = all.first().copied().unwrap_or(0);
    assert_eq!(all, (start..start + n).collect::<Vec<_>>(), "every entry got its own sequence number");
    w.close();
}

/// The file as (tag, payload) frames.
fn frames(dir: &Path) -> Vec<(u8, Vec<u8>)> {
    let bytes = std::fs::read(dir.join(LOG_FILE)).unwrap();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let len = u32::from_be_bytes(bytes[i + 1..i + 5].try_into().unwrap()) as usize;
        out.push((bytes[i], bytes[i + 5..i + 5 + len].to_vec()));
        i += 5 + len;
    }
    out
}

fn write_frames(dir: &Path, frames: &[(u8, Vec<u8>)]) {
    let mut out = Vec::new();
    for (tag, p) in frames {
        out.push(*tag);
        out.extend_from_slice(&(p.len() as u32).to_be_bytes());
        out.extend_from_slice(p);
    }
    std::fs::write(dir.join(LOG_FILE), out).unwrap();
}

fn verify(dir: &Path) -> Result<simpul_gsb_log::verify::Summary, String> {
    verify_file(&dir.join(LOG_FILE), &[key().public()]).map_err(|f| f.to_string())
}

/// A log of several batches, small enough to tamper with by hand.
async fn small_log() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..4 {
        let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
        for i in 0..5 {
            w.append(entry(round * 5 + i)).await.unwrap();
        }
        w.close();
    }
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_are_sealed_verified_and_provable() {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), 5000, 32).await;
    let s = verify(dir.path()).unwrap();
    assert_eq!((s.records, s.unsealed, s.next_seq), (5000, 0, 5000));
    assert!(s.batches < 5000, "concurrent entries share batches (group commit): {} batches", s.batches);
    for seq in [0, 1, 2499, 4999] {
        let p = prove(dir.path(), seq).unwrap().unwrap();
        let (record, header) = p.verify(&[key().public()]).unwrap();
        assert_eq!(record.seq, seq);
        assert!((header.first_seq..header.end_seq()).contains(&seq));
        // Altered, or checked against another key, it fails.
        let mut forged = p.clone();
        let last = if forged.record.ends_with('0') { "1" } else { "0" };
        forged.record.replace_range(forged.record.len() - 1.., last);
        assert!(forged.verify(&[key().public()]).is_err(), "a changed record does not prove");
        assert!(p.verify(&[BusKey::from_seed([1; 32]).public()]).is_err());
        let json = serde_json::to_string(&p).unwrap();
        let back: simpul_gsb_log::proof::Proof = serde_json::from_str(&json).unwrap();
        assert!(back.verify(&[key().public()]).is_ok(), "a proof survives its JSON export");
    }
    assert!(prove(dir.path(), 5000).unwrap().is_none());
}

#[tokio::test]
async fn reopening_continues_the_chain() {
    let dir = small_log().await;
    let s = verify(dir.path()).unwrap();
    assert_eq!((s.records, s.batches), (20, 20), "one entry at a time: one batch each");
    let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
    assert_eq!(w.append(entry(99)).await.unwrap().seq, 20);
    w.close();
    assert_eq!(verify(dir.path()).unwrap().records, 21);
}

#[tokio::test]
async fn every_kind_of_tampering_is_detected_and_located() {
    let dir = small_log().await;
    let original = frames(dir.path());
    // Frames alternate: record, batch (one entry per batch in small_log).
    assert_eq!(original.iter().filter(|(t, _)| *t == b'B').count(), 20);
    type Frames = Vec<(u8, Vec<u8>)>;
    type Tamper = Box<dyn Fn(&mut Frames)>;
    let cases: Vec<(&str, Tamper, &str)> = vec![
        ("change a record's status", Box::new(|f| { let p = &mut f[6].1; let n = p.len(); p[n - 64 - 24 - 2] ^= 1; }), "batch 3: akar Merkle tidak cocok"),
        ("drop a record", Box::new(|f| { f.remove(6); }), "batch 3"),
        ("insert a copy of a record", Box::new(|f| { let r = f[6].clone(); f.insert(6, r); }), "rekaman seq"),
        ("swap two batches", Box::new(|f| { f.swap(6, 8); f.swap(7, 9); }), "rekaman seq 3"),
        ("drop a whole batch", Box::new(|f| { f.drain(6..8); }), "rekaman seq 3"),
        ("change a batch header", Box::new(|f| { f[7].1[20] ^= 1; }), "batch 3: tanda tangan tidak sah"),
        ("change a signature", Box::new(|f| { let n = f[7].1.len(); f[7].1[n - 1] ^= 1; }), "batch 3: tanda tangan tidak sah"),
        ("garbage between frames", Box::new(|f| { f.insert(8, (b'X', vec![1, 2, 3])); }), "bita"),
    ];
    for (what, tamper, expected) in cases {
        let mut f = original.clone();
        tamper(&mut f);
        write_frames(dir.path(), &f);
        let err = verify(dir.path()).expect_err(what);
        assert!(err.contains(expected), "{what}: {err}");
        // A writer refuses to extend a tampered log.
        assert!(LogWriter::open(dir.path(), key(), Options::default()).is_err(), "{what}");
    }
    // A batch re-signed with another key is refused as unknown.
    let mut f = original.clone();
    let other = BusKey::from_seed([7; 32]);
    let mut header = simpul_gsb_log::BatchHeader::decode(&f[7].1[..simpul_gsb_log::encoding::HEADER_LEN]).unwrap();
    header.key_id = other.id();
    let mut payload = header.encode().to_vec();
    payload.extend_from_slice(&other.sign(&header));
    f[7].1 = payload;
    write_frames(dir.path(), &f);
    assert!(verify(dir.path()).unwrap_err().contains("batch 3: ditandatangani kunci yang tidak dikenal"));
    write_frames(dir.path(), &original);
    assert_eq!(verify(dir.path()).unwrap().records, 20);
}

#[tokio::test]
async fn a_crash_mid_write_loses_only_what_was_never_acknowledged() {
    let dir = small_log().await;
    let mut f = frames(dir.path());
    // Records written without their batch, then half a frame: a crash.
    for seq in [20, 21] {
        f.push((b'R', simpul_gsb_log::Record { seq, entry: entry(seq) }.encode()));
    }
    write_frames(dir.path(), &f);
    let mut bytes = std::fs::read(dir.path().join(LOG_FILE)).unwrap();
    bytes.extend_from_slice(&[b'R', 0, 0, 1]);
    std::fs::write(dir.path().join(LOG_FILE), &bytes).unwrap();
    let s = verify(dir.path()).unwrap();
    assert_eq!((s.records, s.unsealed), (20, 3));
    // Reopening cuts the unsealed tail and carries on.
    let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
    assert_eq!(w.append(entry(20)).await.unwrap().seq, 20);
    w.close();
    let s = verify(dir.path()).unwrap();
    assert_eq!((s.records, s.unsealed), (21, 0));
}

#[test]
fn the_key_file_is_created_private_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gsb-signing.key");
    let a = BusKey::load_or_create(&path).unwrap();
    let b = BusKey::load_or_create(&path).unwrap();
    assert_eq!(a.public_hex(), b.public_hex());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::write(&path, "bukan kunci").unwrap();
    assert!(BusKey::load_or_create(&path).is_err());
    assert!(simpul_gsb_log::keys::public_key_from_hex(&a.public_hex()).is_ok());
}

#[tokio::test]
async fn reports_read_only_sealed_records() {
    let dir = small_log().await;
    let mut f = frames(dir.path());
    f.push((b'R', simpul_gsb_log::Record { seq: 20, entry: entry(20) }.encode()));
    write_frames(dir.path(), &f);
    let mut seen = Vec::new();
    simpul_gsb_log::verify::for_each_sealed(&dir.path().join(LOG_FILE), |r| seen.push(r.seq)).unwrap();
    assert_eq!(seen, (0..20).collect::<Vec<_>>());
    assert!(simpul_gsb_log::verify::for_each_sealed(&dir.path().join("tidak-ada.log"), |_| panic!("no records")).is_ok());
}

fn index_entries(dir: &Path) -> Vec<Span> {
    let bytes = std::fs::read(dir.join(INDEX_FILE)).unwrap();
    assert_eq!(bytes.len() % ENTRY_LEN, 0, "whole entries only");
    bytes.chunks(ENTRY_LEN).map(|c| Span::decode(c.try_into().unwrap()).expect("a well-formed entry")).collect()
}

/// Every seq of the log proves through the index exactly as by scanning.
fn assert_index_proves_all(dir: &Path, records: u64) {
    for seq in 0..records {
        let (p, via) = prove_via(dir, seq).unwrap();
        assert_eq!(via, Via::Index, "seq {seq}");
        assert_eq!(p, prove_scan(dir, seq).unwrap(), "seq {seq}");
        assert_eq!(p.unwrap().verify(&[key().public()]).unwrap().0.seq, seq);
    }
    assert_eq!(prove_via(dir, records).unwrap(), (None, Via::Index), "an unsealed seq is answered from the index's end");
}

/// Large group-committed batches, then batches of one.
async fn batched_log() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), 3000, 24).await;
    let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
    for i in 3000..3005 {
        w.append(entry(i)).await.unwrap();
    }
    w.close();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn proofs_through_the_index_equal_the_scan_for_every_record() {
    let dir = batched_log().await;
    let s = verify(dir.path()).unwrap();
    let spans = index_entries(dir.path());
    assert_eq!(spans.len() as u64, s.batches, "one entry per sealed batch");
    assert!(spans.iter().any(|e| e.count > 1), "some batches hold several records");
    assert_eq!(spans.last().unwrap().end(), s.sealed_len);
    assert_eq!(verify_dir(dir.path(), &[key().public()]).unwrap(), (s, IndexState::Matches));
    assert_index_proves_all(dir.path(), 3005);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_missing_short_long_or_garbage_index_is_rebuilt_on_open() {
    let dir = batched_log().await;
    let path = dir.path().join(INDEX_FILE);
    let good = std::fs::read(&path).unwrap();
    let n = good.len() / ENTRY_LEN;
    let mut garbage = good.clone();
    garbage.iter_mut().enumerate().for_each(|(i, b)| *b = (i * 7 + 3) as u8);
    let mut swapped = good.clone();
    swapped.copy_within(0..ENTRY_LEN, (n / 2) * ENTRY_LEN);
    let mut longer = good.clone();
    longer.extend_from_slice(&good[good.len() - ENTRY_LEN..]);
    let cases: Vec<(&str, Option<Vec<u8>>, IndexState)> = vec![
        ("deleted", None, IndexState::Missing),
        ("half of it", Some(good[..(n / 2) * ENTRY_LEN].to_vec()), IndexState::DiffersFrom((n / 2) as u64)),
        ("a partial last entry", Some(good[..good.len() - 5].to_vec()), IndexState::DiffersFrom(n as u64 - 1)),
        ("one entry too many", Some(longer), IndexState::DiffersFrom(n as u64)),
        ("garbage", Some(garbage), IndexState::DiffersFrom(0)),
        ("an entry pointing at another batch", Some(swapped), IndexState::DiffersFrom((n / 2) as u64)),
        ("empty", Some(Vec::new()), IndexState::DiffersFrom(0)),
    ];
    for (what, index, state) in cases {
        match index {
            Some(bytes) => std::fs::write(&path, bytes).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        // `simpul gsb verify` checks the log itself and only reports the index.
        let (s, found) = verify_dir(dir.path(), &[key().public()]).unwrap();
        assert_eq!((s.records, found), (3005, state), "{what}");
        // Proofs are right whatever the index says.
        for seq in [0, 1, 1500, 2999, 3004] {
            assert_eq!(prove(dir.path(), seq).unwrap(), prove_scan(dir.path(), seq).unwrap(), "{what}: seq {seq}");
        }
        assert!(prove(dir.path(), 3005).unwrap().is_none(), "{what}");
        LogWriter::open(dir.path(), key(), Options::default()).unwrap().close();
        assert_eq!(std::fs::read(&path).unwrap(), good, "{what}: rebuilt on open");
    }
    assert_index_proves_all(dir.path(), 3005);
}

#[tokio::test]
async fn a_log_cut_by_a_crash_leaves_no_index_entry_past_its_sealed_length() {
    let dir = small_log().await;
    // The last batch frame torn: its entry now points past the log's end.
    let log = dir.path().join(LOG_FILE);
    let len = std::fs::metadata(&log).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&log).unwrap().set_len(len - 100).unwrap();
    assert_eq!(index_entries(dir.path()).len(), 20);
    assert_eq!(prove_via(dir.path(), 19).unwrap(), (None, Via::Index), "the torn batch was never sealed");
    assert_eq!(prove_via(dir.path(), 18).unwrap().1, Via::Index);
    let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
    let sealed = verify(dir.path()).unwrap().sealed_len;
    let spans = index_entries(dir.path());
    assert_eq!(spans.len(), 19);
    assert!(spans.iter().all(|e| e.end() <= sealed), "no entry past the sealed length");
    // The cut seq is written again, and indexed.
    assert_eq!(w.append(entry(19)).await.unwrap().seq, 19);
    w.close();
    assert_eq!(index_entries(dir.path()).len(), 20);
    assert_index_proves_all(dir.path(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_tampered_record_is_caught_through_the_index() {
    let dir = batched_log().await;
    let spans = index_entries(dir.path());
    let span = *spans.iter().find(|e| e.count > 2).unwrap();
    let seq = span.first_seq + 1;
    // Change the status of record `seq` in place (frame lengths unchanged).
    let mut f = frames(dir.path());
    let i = f.iter().position(|(tag, p)| *tag == b'R' && simpul_gsb_log::Record::decode(p).unwrap().seq == seq).unwrap();
    let n = f[i].1.len();
    f[i].1[n - 64 - 24 - 2] ^= 1;
    write_frames(dir.path(), &f);
    assert_eq!(index_entries(dir.path()), spans, "the index still matches the log's layout");
    for s in [seq, span.first_seq] {
        let caught = match prove(dir.path(), s) {
            Err(_) => true,
            Ok(p) => p.unwrap().verify(&[key().public()]).is_err(),
        };
        assert!(caught, "seq {s}: a record of a tampered batch does not prove");
    }
    // Records of other batches still prove through the index.
    let other = spans.iter().find(|e| e.first_seq > seq).unwrap().first_seq;
    let (p, via) = prove_via(dir.path(), other).unwrap();
    assert_eq!(via, Via::Index);
    assert!(p.unwrap().verify(&[key().public()]).is_ok());
}
