//! Row queries over one dataset version without turning every row into a
//! JSON object: the version's row blocks are decoded once into a columnar,
//! dictionary-encoded [`Table`] (per column, the distinct values and one
//! `u32` code per row), filters and `q` are decided once per distinct value
//! and then applied to the codes, a sort is a rank per distinct value, and
//! only the rows of the page asked for become `{column: value}` objects.
//!
//! Versions are immutable, so decoded tables are kept in a size-bounded,
//! least-recently-used [`RowCache`] keyed by version id. Rahasia versions are
//! never cached: their unsealed values live only for the request that reads
//! them (Kalbar 177/2021 Pasal 13: rahasia data is kept protected; the at-rest
//! sealing would mean little if the plaintext stayed in the process's memory
//! for any later reader or a core dump).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};
use simpul_domain::datasets::{cell_text, row_object, Column};

use crate::datasets::RowQuery;

/// Rows as the store answers them: spreadsheet row number and `{column: value}`.
pub(crate) type NamedRows = Vec<(i64, Map<String, Value>)>;

/// Default memory budget of the decoded-table cache.
pub const DEFAULT_ROW_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// One column: its distinct values and, per row, the index of its value.
struct Col {
    dict: Vec<Value>,
    codes: Vec<u32>,
    /// Row indices in ascending order of this column (ties in file order), built on first sort.
    order: OnceLock<Vec<u32>>,
}

/// A dictionary key for a JSON value (numbers by their bits, so `1` and `1.0` stay apart as they print apart).
#[derive(Hash, PartialEq, Eq)]
enum Key {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(u64),
    Str(String),
    Other(String),
}

fn key_of(v: Value) -> (Key, Option<Value>) {
    match v {
        Value::Null => (Key::Null, None),
        Value::Bool(b) => (Key::Bool(b), None),
        Value::Number(n) => {
            let k = if let Some(i) = n.as_i64() {
                Key::Int(i)
            } else if let Some(u) = n.as_u64() {
                Key::Uint(u)
            } else {
                Key::Float(n.as_f64().unwrap_or(f64::NAN).to_bits())
            };
            (k, Some(Value::Number(n)))
        }
        Value::String(s) => (Key::Str(s), None),
        other => (Key::Other(other.to_string()), Some(other)),
    }
}

/// Builds a [`Table`] block by block.
pub(crate) struct TableBuilder {
    row_nos: Vec<i64>,
    cols: Vec<(HashMap<Key, u32>, Col)>,
    bytes: usize,
}

impl TableBuilder {
    pub(crate) fn new(capacity: usize) -> Self {
        TableBuilder { row_nos: Vec::with_capacity(capacity), cols: Vec::new(), bytes: 0 }
    }

    fn column(&mut self, i: usize) -> &mut (HashMap<Key, u32>, Col) {
        while self.cols.len() <= i {
            // A column first seen late (rows of different widths): earlier rows are null there.
            let mut map = HashMap::new();
            map.insert(Key::Null, 0);
            let col = Col { dict: vec![Value::Null], codes: vec![0; self.row_nos.len().saturating_sub(1)], order: OnceLock::new() };
            self.cols.push((map, col));
        }
        &mut self.cols[i]
    }

    /// Appends one row (values in declared column order).
    pub(crate) fn push(&mut self, row_no: i64, values: Vec<Value>) {
        self.row_nos.push(row_no);
        let width = values.len();
        let mut added = 0;
        for (i, v) in values.into_iter().enumerate() {
            let (map, col) = self.column(i);
            let next = col.dict.len() as u32;
            let (key, as_value) = key_of(v);
            let code = match map.get(&key) {
                Some(c) => *c,
                None => {
                    let value = match (&key, as_value) {
                        (_, Some(v)) => v,
                        (Key::Str(s), None) => Value::String(s.clone()),
                        (Key::Bool(b), None) => Value::Bool(*b),
                        _ => Value::Null,
                    };
                    let extra = match &key {
                        Key::Str(s) | Key::Other(s) => s.len() * 2,
                        _ => 0,
                    };
                    added += extra + std::mem::size_of::<Value>() + 48;
                    map.insert(key, next);
                    col.dict.push(value);
                    next
                }
            };
            col.codes.push(code);
        }
        self.bytes += added;
        // Columns this row lacks.
        let n = self.row_nos.len();
        for (_, col) in self.cols.iter_mut().skip(width) {
            if col.codes.len() < n {
                col.codes.push(0);
            }
        }
    }

    pub(crate) fn finish(self) -> Table {
        let rows = self.row_nos.len();
        let mut cols: Vec<Col> = Vec::with_capacity(self.cols.len());
        for (_, mut c) in self.cols {
            c.codes.resize(rows, 0);
            cols.push(c);
        }
        // Codes, row numbers, and room for one sort order per column.
        let bytes = self.bytes + rows * 8 + cols.len() * rows * 8 + 256;
        Table { row_nos: self.row_nos, cols, bytes }
    }
}

/// A decoded version, columnar.
pub(crate) struct Table {
    row_nos: Vec<i64>,
    cols: Vec<Col>,
    /// Estimated memory use.
    bytes: usize,
}

fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => match (a.is_null(), b.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cell_text(Some(a)).to_lowercase().cmp(&cell_text(Some(b)).to_lowercase()),
        },
    }
}

impl Col {
    /// Row indices sorted by value (nulls last, numbers as numbers, text
    /// case-insensitively), equal values in file order.
    fn order(&self) -> &[u32] {
        self.order.get_or_init(|| {
            let mut by_value: Vec<u32> = (0..self.dict.len() as u32).collect();
            by_value.sort_by(|a, b| compare(&self.dict[*a as usize], &self.dict[*b as usize]));
            let mut rank = vec![0u32; self.dict.len()];
            let mut r = 0u32;
            for (i, d) in by_value.iter().enumerate() {
                if i > 0 && compare(&self.dict[by_value[i - 1] as usize], &self.dict[*d as usize]) != std::cmp::Ordering::Equal {
                    r += 1;
                }
                rank[*d as usize] = r;
            }
            let mut keyed: Vec<u64> = self.codes.iter().enumerate().map(|(i, c)| (u64::from(rank[*c as usize]) << 32) | i as u64).collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|k| k as u32).collect()
        })
    }

    /// For each distinct value, whether it passes `test` (given the value's lowercase text).
    fn mask(&self, test: impl Fn(&str) -> bool) -> Vec<bool> {
        self.dict.iter().map(|v| test(&cell_text(Some(v)).to_lowercase())).collect()
    }
}

/// A row test decided per distinct value: `all` must hold for every listed
/// column; `any` (from `q`) for at least one.
struct Matcher {
    all: Vec<(usize, Vec<bool>)>,
    any: Option<Vec<(usize, Vec<bool>)>>,
    /// A filter on a column the version has no values for, asking for a non-empty value.
    none: bool,
}

impl Matcher {
    fn hit(&self, t: &Table, i: usize) -> bool {
        !self.none
            && self.all.iter().all(|(c, m)| m[t.cols[*c].codes[i] as usize])
            && self.any.as_ref().is_none_or(|any| any.iter().any(|(c, m)| m[t.cols[*c].codes[i] as usize]))
    }

    fn trivial(&self) -> bool {
        !self.none && self.all.is_empty() && self.any.is_none()
    }
}

impl Table {
    pub(crate) fn len(&self) -> usize {
        self.row_nos.len()
    }

    /// The stored position of a declared column.
    fn position(columns: &[Column], name: &str) -> Option<usize> {
        columns.iter().position(|c| c.name == name)
    }

    fn matcher(&self, columns: &[Column], q: &RowQuery) -> Matcher {
        let mut m = Matcher { all: Vec::new(), any: None, none: false };
        for (name, wanted) in &q.filters {
            let folded = wanted.trim().to_lowercase();
            match Self::position(columns, name).filter(|p| *p < self.cols.len()) {
                Some(p) if q.exact => m.all.push((p, self.cols[p].dict.iter().map(|v| cell_text(Some(v)) == *wanted).collect())),
                Some(p) => m.all.push((p, self.cols[p].mask(|t| t == folded))),
                None => m.none |= !folded.is_empty(),
            }
        }
        if let Some(needle) = q.q.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()) {
            let width = columns.len().min(self.cols.len());
            m.any = Some((0..width).map(|p| (p, self.cols[p].mask(|t| t.contains(&needle)))).collect());
        }
        m
    }

    /// Row indices matching `q` in the order asked for.
    fn select(&self, columns: &[Column], q: &RowQuery) -> Vec<u32> {
        let m = self.matcher(columns, q);
        let sorted = q.sort.as_deref().and_then(|s| Self::position(columns, s)).filter(|p| *p < self.cols.len());
        let mut out: Vec<u32> = match sorted {
            Some(p) => self.cols[p].order().iter().copied().filter(|i| m.hit(self, *i as usize)).collect(),
            None if m.trivial() => (0..self.len() as u32).collect(),
            None => (0..self.len() as u32).filter(|i| m.hit(self, *i as usize)).collect(),
        };
        if q.desc && q.sort.is_some() {
            out.reverse();
        }
        out
    }

    /// One row as `{column: value}`.
    fn row(&self, columns: &[Column], i: usize) -> (i64, Map<String, Value>) {
        let values = self.cols.iter().map(|c| c.dict[c.codes[i] as usize].clone()).collect();
        (self.row_nos[i], row_object(columns, values))
    }

    /// The total matching `q` and the rows from `offset`, at most `limit`.
    pub(crate) fn page(&self, columns: &[Column], q: &RowQuery, offset: usize, limit: usize) -> (usize, NamedRows) {
        if q.filters.is_empty() && q.sort.is_none() && q.q.as_deref().is_none_or(|s| s.trim().is_empty()) {
            let end = offset.saturating_add(limit).min(self.len());
            return (self.len(), (offset.min(end)..end).map(|i| self.row(columns, i)).collect());
        }
        let sel = self.select(columns, q);
        let items = sel.iter().skip(offset).take(limit).map(|i| self.row(columns, *i as usize)).collect();
        (sel.len(), items)
    }

    /// Every row matching `q`, in order.
    pub(crate) fn all(&self, columns: &[Column], q: &RowQuery) -> NamedRows {
        self.select(columns, q).into_iter().map(|i| self.row(columns, i as usize)).collect()
    }
}

/// Decoded tables of recently read versions, at most `budget` bytes (estimated).
#[derive(Debug)]
pub struct RowCache {
    budget: usize,
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    used: usize,
    tick: u64,
    /// version id → (table, last use).
    map: HashMap<i64, (Arc<Table>, u64)>,
}

impl std::fmt::Debug for CacheInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheInner").field("used", &self.used).field("versions", &self.map.len()).finish()
    }
}

impl RowCache {
    pub fn new(budget: usize) -> Self {
        RowCache { budget, inner: Mutex::new(CacheInner::default()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn get(&self, version_id: i64) -> Option<Arc<Table>> {
        let mut g = self.lock();
        g.tick += 1;
        let tick = g.tick;
        g.map.get_mut(&version_id).map(|(t, used)| {
            *used = tick;
            t.clone()
        })
    }

    /// Keeps `t`, evicting the least recently used tables to stay within the budget.
    pub(crate) fn put(&self, version_id: i64, t: Arc<Table>) {
        if t.bytes > self.budget {
            return;
        }
        let mut g = self.lock();
        if g.map.contains_key(&version_id) {
            return;
        }
        while g.used + t.bytes > self.budget {
            let Some(oldest) = g.map.iter().min_by_key(|(_, (_, used))| *used).map(|(id, _)| *id) else { break };
            if let Some((old, _)) = g.map.remove(&oldest) {
                g.used -= old.bytes;
            }
        }
        g.tick += 1;
        let tick = g.tick;
        g.used += t.bytes;
        g.map.insert(version_id, (t, tick));
    }

    /// Versions and estimated bytes held.
    pub fn usage(&self) -> (usize, usize) {
        let g = self.lock();
        (g.map.len(), g.used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use simpul_domain::datasets::ColumnKind;

    fn cols(names: &[&str]) -> Vec<Column> {
        names.iter().map(|n| Column { name: (*n).into(), label: (*n).into(), kind: ColumnKind::Text, required: false, codes: vec![] }).collect()
    }

    fn table(rows: Vec<Value>) -> Table {
        let mut b = TableBuilder::new(rows.len());
        for (i, r) in rows.into_iter().enumerate() {
            let Value::Array(values) = r else { panic!() };
            b.push(i as i64 + 2, values);
        }
        b.finish()
    }

    #[test]
    fn filters_sorts_and_searches_like_the_objects_did() {
        let c = cols(&["kec", "jenis", "jumlah"]);
        let t = table(vec![json!(["Teluk Sirih", "a", 1250]), json!(["Bukit", "B", 7]), json!(["bukit", "a", null]), json!(["Teluk", "A", 300])]);
        let q = RowQuery { filters: vec![("jenis".into(), " A ".into())], ..Default::default() };
        let (total, items) = t.page(&c, &q, 0, 10);
        assert_eq!((total, items.iter().map(|(n, _)| *n).collect::<Vec<_>>()), (3, vec![2, 4, 5]));
        // Exact (CKAN datastore_search): neither trimmed nor case-folded.
        let exact = |v: &str| t.all(&c, &RowQuery { filters: vec![("jenis".into(), v.into())], exact: true, ..Default::default() }).iter().map(|(n, _)| *n).collect::<Vec<_>>();
        assert_eq!((exact("a"), exact("A"), exact(" A ")), (vec![2, 4], vec![5], vec![]));
        assert_eq!(t.all(&c, &RowQuery { filters: vec![("jumlah".into(), "300".into())], exact: true, ..Default::default() }).len(), 1);
        let q = RowQuery { sort: Some("jumlah".into()), desc: true, ..Default::default() };
        let (_, items) = t.page(&c, &q, 0, 10);
        assert_eq!(items.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![4, 2, 5, 3], "nulls last ascending, so first descending");
        let q = RowQuery { sort: Some("kec".into()), ..Default::default() };
        let (_, items) = t.page(&c, &q, 1, 2);
        assert_eq!(items.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![4, 5], "case-insensitive ties keep file order");
        assert_eq!(Value::Object(items[0].1.clone()), json!({"kec": "bukit", "jenis": "a", "jumlah": null}));
        let q = RowQuery { q: Some("TELUK".into()), ..Default::default() };
        assert_eq!(t.page(&c, &q, 0, 10).0, 2);
        let q = RowQuery { q: Some("125".into()), filters: vec![("jenis".into(), "a".into())], ..Default::default() };
        assert_eq!(t.all(&c, &q).iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![2]);
        // A column declared after the upload: null in every stored row.
        let wider = cols(&["kec", "jenis", "jumlah", "baru"]);
        assert_eq!(t.page(&wider, &RowQuery { filters: vec![("baru".into(), "x".into())], ..Default::default() }, 0, 10).0, 0);
        assert_eq!(t.page(&wider, &RowQuery::default(), 0, 1).1[0].1["baru"], Value::Null);
    }

    #[test]
    fn ragged_rows_and_the_budget() {
        let t = Arc::new(table(vec![json!(["a"]), json!(["b", 2]), json!([])]));
        let c = cols(&["x", "y"]);
        let all = t.all(&c, &RowQuery::default());
        assert_eq!(all.iter().map(|(_, r)| r["y"].clone()).collect::<Vec<_>>(), vec![Value::Null, json!(2), Value::Null]);
        let cache = RowCache::new(t.bytes * 2 + 1);
        cache.put(1, t.clone());
        cache.put(2, t.clone());
        assert!(cache.get(1).is_some());
        cache.put(3, t.clone());
        assert!(cache.get(2).is_none(), "least recently used is evicted");
        assert!(cache.get(1).is_some() && cache.get(3).is_some());
        let small = RowCache::new(t.bytes - 1);
        small.put(1, t);
        assert_eq!(small.usage(), (0, 0), "a table over the budget is not kept");
    }
}
