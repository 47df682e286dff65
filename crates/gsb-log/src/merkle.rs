//! RFC 6962 / RFC 9162 Merkle tree hashes and inclusion proofs.
//!
//! leaf = SHA-256(0x00 ‖ data); node = SHA-256(0x01 ‖ left ‖ right); a tree
//! of n > 1 leaves splits at the largest power of two smaller than n.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Largest power of two strictly smaller than `n` (n ≥ 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// The tree hash over leaf hashes; the empty tree is SHA-256 of nothing.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The audit path of leaf `index` (RFC 9162 §2.1.3.1), bottom up.
pub fn audit_path(leaves: &[Hash], index: usize) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 || index >= n {
        return Vec::new();
    }
    let k = split(n);
    if index < k {
        let mut p = audit_path(&leaves[..k], index);
        p.push(root(&leaves[k..]));
        p
    } else {
        let mut p = audit_path(&leaves[k..], index - k);
        p.push(root(&leaves[..k]));
        p
    }
}

/// Recomputes the root from a leaf hash and its audit path (RFC 9162
/// §2.1.3.2); `None` when the path does not fit the tree size.
pub fn root_from_path(leaf: &Hash, index: u64, size: u64, path: &[Hash]) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in path {
        if sn == 0 {
            return None;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    (sn == 0).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&(i as u64).to_be_bytes())).collect()
    }

    #[test]
    fn every_leaf_of_every_small_tree_proves_into_its_root() {
        for n in 1..=33 {
            let l = leaves(n);
            let r = root(&l);
            for i in 0..n {
                let p = audit_path(&l, i);
                assert_eq!(root_from_path(&l[i], i as u64, n as u64, &p), Some(r), "n={n} i={i}");
                // The same path does not prove another leaf or index. (The size
                // comes from the signed batch header, so it cannot be chosen.)
                let other = leaf_hash(b"bukan");
                assert_ne!(root_from_path(&other, i as u64, n as u64, &p), Some(r));
                if n > 1 {
                    assert_ne!(root_from_path(&l[i], ((i + 1) % n) as u64, n as u64, &p), Some(r), "n={n} i={i}");
                }
            }
        }
    }

    #[test]
    fn known_shape_of_three_leaves() {
        let l = leaves(3);
        assert_eq!(root(&l), node_hash(&node_hash(&l[0], &l[1]), &l[2]));
    }
}
