//! Finding a record by its request id (`simpul_gsb_log::lookup`): through the
//! time the id carries and the batch index, and by reading the whole log
//! when that cannot answer (ids that are not time-ordered, no index).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use simpul_gsb_log::lookup::{find_request, new_request_id, started_micros};
use simpul_gsb_log::writer::{LogWriter, Options};
use simpul_gsb_log::{BusKey, Entry, INDEX_FILE};

fn entry(id: [u8; 16]) -> Entry {
    Entry { request_id: id, client: "simrs".into(), service: "nik".into(), method: "GET".into(), status: 200, ..Entry::default() }
}

#[tokio::test]
async fn records_are_found_by_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let w = LogWriter::open(dir.path(), BusKey::from_seed([5; 32]), Options::default()).unwrap();
    let mut ids = Vec::new();
    for i in 0..300u32 {
        // Mostly time-ordered ids; every 50th a random one, as before the scheme.
        let id = if i % 50 == 7 { rand_id(i) } else { new_request_id() };
        let receipt = w.append(entry(id)).await.unwrap();
        ids.push((id, receipt.seq));
        if i % 100 == 99 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }
    w.close();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_micros() as i64;
    assert!((now - started_micros(&ids[0].0)).abs() < 60_000_000, "the id carries its start time");
    for (id, seq) in &ids {
        assert_eq!(find_request(dir.path(), id).unwrap(), Some(*seq));
    }
    assert_eq!(find_request(dir.path(), &new_request_id()).unwrap(), None, "an id never logged");
    assert_eq!(find_request(dir.path(), &rand_id(9999)).unwrap(), None);

    // The time-guided search reads only batches sealed after the id's start:
    // with the log's first frame damaged, a later record is still found that
    // way, while reading the whole log (the fallback) stops at the damage.
    let log = dir.path().join(simpul_gsb_log::LOG_FILE);
    let original = std::fs::read(&log).unwrap();
    let mut damaged = original.clone();
    damaged[0] = 0x7F;
    std::fs::write(&log, &damaged).unwrap();
    assert_eq!(find_request(dir.path(), &ids[250].0).unwrap(), Some(ids[250].1), "found without reading the log from the start");
    assert!(find_request(dir.path(), &new_request_id()).is_err(), "an unknown id falls back to the whole log, which is damaged");
    std::fs::write(&log, &original).unwrap();

    // Without the index (or with garbage in it) the log is read whole: same answers.
    std::fs::write(dir.path().join(INDEX_FILE), b"garbage garbage garbage garbage!").unwrap();
    assert_eq!(find_request(dir.path(), &ids[123].0).unwrap(), Some(ids[123].1));
    std::fs::remove_file(dir.path().join(INDEX_FILE)).unwrap();
    assert_eq!(find_request(dir.path(), &ids[299].0).unwrap(), Some(ids[299].1));
}

fn rand_id(i: u32) -> [u8; 16] {
    let mut id = [0xA5u8; 16];
    id[12..].copy_from_slice(&i.to_be_bytes());
    id
}
