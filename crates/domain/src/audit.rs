//! The audit trail: an append-only hash chain.
//!
//! Each entry's hash covers every field of the entry and the previous entry's
//! hash, in an explicit length-prefixed encoding (never JSON text, whose
//! formatting could drift). Sequence numbers start at 1 and increase by one;
//! the genesis entry's `prev_hash` is 64 zeros. A separately stored *head*
//! (last sequence number and hash) makes truncation of the tail detectable.

use serde::Serialize;
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a change records before it is chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub agency_id: Option<i64>,
    /// Entity kind, e.g. `agency`, `person`, `account`.
    pub entity: String,
    pub entity_id: String,
    /// e.g. `create`, `update`, `deactivate`, `sign_in`.
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Who made a change and from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Actor {
    pub account_id: Option<i64>,
    /// Username, or `system` / `cli` for changes not made by a person.
    pub name: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Self {
        Actor { account_id: None, name: name.into(), ip: None }
    }
}

/// One stored entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: i64,
    pub actor_account_id: Option<i64>,
    pub actor: String,
    pub ip: Option<String>,
    pub agency_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    /// Canonical JSON text (serde_json's compact form) of the state before.
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    /// Builds the next entry after `prev` (`None` for the first) and hashes it.
    pub fn next(prev: Option<(i64, &str)>, at: i64, actor: &Actor, change: &Change) -> Entry {
        let (seq, prev_hash) = match prev {
            Some((s, h)) => (s + 1, h.to_string()),
            None => (1, GENESIS.to_string()),
        };
        let mut e = Entry {
            seq,
            at,
            actor_account_id: actor.account_id,
            actor: actor.name.clone(),
            ip: actor.ip.clone(),
            agency_id: change.agency_id,
            entity: change.entity.clone(),
            entity_id: change.entity_id.clone(),
            action: change.action.clone(),
            before: change.before.as_ref().map(|v| v.to_string()),
            after: change.after.as_ref().map(|v| v.to_string()),
            prev_hash,
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        e
    }

    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"simpul-audit-v1");
        field_i64(&mut h, Some(self.seq));
        field_i64(&mut h, Some(self.at));
        field_i64(&mut h, self.actor_account_id);
        field_str(&mut h, Some(&self.actor));
        field_str(&mut h, self.ip.as_deref());
        field_i64(&mut h, self.agency_id);
        field_str(&mut h, Some(&self.entity));
        field_str(&mut h, Some(&self.entity_id));
        field_str(&mut h, Some(&self.action));
        field_str(&mut h, self.before.as_deref());
        field_str(&mut h, self.after.as_deref());
        field_str(&mut h, Some(&self.prev_hash));
        hex::encode(h.finalize())
    }
}

fn field_i64(h: &mut Sha256, v: Option<i64>) {
    match v {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update(v.to_be_bytes());
        }
    }
}

fn field_str(h: &mut Sha256, v: Option<&str>) {
    match v {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        }
    }
}

/// Why verification failed, naming the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Broken {
    /// Sequence number of the first entry found bad (or expected there).
    pub seq: i64,
    pub reason: String,
}

/// Streaming verifier: feed entries in stored order, then `finish` with the head.
#[derive(Debug, Default)]
pub struct Verifier {
    last: Option<(i64, String)>,
    count: u64,
}

impl Verifier {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn feed(&mut self, e: &Entry) -> Result<(), Broken> {
        let (expect_seq, expect_prev) = match &self.last {
            Some((s, h)) => (s + 1, h.as_str()),
            None => (1, GENESIS),
        };
        if e.seq != expect_seq {
            return Err(Broken {
                seq: expect_seq.min(e.seq),
                reason: format!("urutan terputus: diharapkan entri #{expect_seq}, ditemukan #{} (entri dihapus, disisipkan atau diubah urutannya)", e.seq),
            });
        }
        if e.prev_hash != expect_prev {
            return Err(Broken { seq: e.seq, reason: "prev_hash tidak cocok dengan hash entri sebelumnya".into() });
        }
        if e.compute_hash() != e.hash {
            return Err(Broken { seq: e.seq, reason: "isi entri tidak cocok dengan hash-nya (entri diubah)".into() });
        }
        self.last = Some((e.seq, e.hash.clone()));
        self.count += 1;
        Ok(())
    }

    /// `head` is the separately stored (seq, hash) of the last entry written.
    pub fn finish(self, head: Option<(i64, String)>) -> Result<u64, Broken> {
        match (head, self.last) {
            (None, None) => Ok(self.count),
            (Some((hs, hh)), Some((ls, lh))) if hs == ls && hh == lh => Ok(self.count),
            (Some((hs, _)), last) => Err(Broken {
                seq: last.map(|(s, _)| s + 1).unwrap_or(1).min(hs),
                reason: format!("ujung rantai tidak cocok dengan kepala yang tercatat (#{hs}): entri terakhir dihapus atau diganti"),
            }),
            (None, Some((ls, _))) => Err(Broken { seq: 1, reason: format!("kepala rantai hilang padahal ada {ls} entri") }),
        }
    }
}

/// Verifies a whole chain held in memory.
pub fn verify(entries: &[Entry], head: Option<(i64, String)>) -> Result<u64, Broken> {
    let mut v = Verifier::new();
    for e in entries {
        v.feed(e)?;
    }
    v.finish(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(n: usize) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for i in 0..n {
            let change = Change {
                agency_id: if i % 3 == 0 { None } else { Some(i as i64) },
                entity: "agency".into(),
                entity_id: format!("{i}"),
                action: "update".into(),
                before: Some(serde_json::json!({"name": format!("A{i}")})),
                after: Some(serde_json::json!({"name": format!("B{i}")})),
            };
            let actor = Actor { account_id: Some(1), name: "admin".into(), ip: Some("127.0.0.1".into()) };
            let prev = out.last().map(|e| (e.seq, e.hash.as_str()));
            let e = Entry::next(prev, 1_700_000_000_000 + i as i64, &actor, &change);
            out.push(e);
        }
        out
    }

    fn head(c: &[Entry]) -> Option<(i64, String)> {
        c.last().map(|e| (e.seq, e.hash.clone()))
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(20);
        assert_eq!(verify(&c, head(&c)), Ok(20));
        assert_eq!(verify(&[], None), Ok(0));
    }

    #[derive(Debug, Clone)]
    enum Tamper {
        Alter { idx: usize, field: u8, text: String },
        Delete(usize),
        Insert(usize),
        Swap(usize, usize),
        Truncate(usize),
    }

    fn tamper() -> impl Strategy<Value = Tamper> {
        prop_oneof![
            (any::<usize>(), 0u8..8, "[a-z]{0,8}").prop_map(|(idx, field, text)| Tamper::Alter { idx, field, text }),
            any::<usize>().prop_map(Tamper::Delete),
            any::<usize>().prop_map(Tamper::Insert),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Tamper::Swap(a, b)),
            (1usize..5).prop_map(Tamper::Truncate),
        ]
    }

    proptest! {
        /// Any alteration, deletion, insertion, reordering or truncation is detected.
        #[test]
        fn any_tampering_is_detected(n in 2usize..30, t in tamper()) {
            let original = chain(n);
            let h = head(&original);
            let mut c = original.clone();
            match t {
                Tamper::Alter { idx, field, text } => {
                    let e = &mut c[idx % n];
                    match field {
                        0 => e.at += 1,
                        1 => e.actor = format!("{}{}x", e.actor, text),
                        2 => e.entity_id = format!("{}{}x", e.entity_id, text),
                        3 => e.after = Some(format!("{{\"name\":\"{text}!\"}}")),
                        4 => e.before = None,
                        5 => e.agency_id = Some(e.agency_id.unwrap_or(0) + 1),
                        6 => e.ip = None,
                        _ => e.action = format!("{text}delete"),
                    }
                }
                Tamper::Delete(i) => { c.remove(i % n); }
                Tamper::Insert(i) => {
                    let mut forged = c[i % n].clone();
                    forged.entity_id = "forged".into();
                    forged.hash = forged.compute_hash();
                    c.insert(i % n, forged);
                }
                Tamper::Swap(a, b) => {
                    let (a, b) = (a % n, b % n);
                    prop_assume!(a != b);
                    c.swap(a, b);
                }
                Tamper::Truncate(k) => { let k = k.min(n); c.truncate(n - k); }
            }
            prop_assert!(c != original);
            prop_assert!(verify(&c, h).is_err());
        }
    }
}
