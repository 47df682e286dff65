//! The message log end to end: concurrent appends, proofs, tampering of
//! every kind, crash recovery and reopening.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use simpul_gsb_log::proof::prove;
use simpul_gsb_log::verify::verify_file;
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::{BusKey, Entry, LOG_FILE};

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
