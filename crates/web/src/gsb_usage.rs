//! Usage of the Sistem Penghubung Layanan, computed from its signed message
//! log (so it survives restarts and counts exactly what was logged): per
//! service requests, errors, latency percentiles and availability against
//! the service's target; per consuming agency and client the requests —
//! what the SPBE evaluation asks about ("Penggunaan Sistem Penghubung
//! Layanan").

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use simpul_store::gsb::{ClientFilter, ServiceFilter};

use crate::error::AppError;
use crate::AppState;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceUsage {
    pub code: String,
    /// Empty when the service is no longer in the registry.
    pub name: String,
    pub provider: String,
    pub requests: u64,
    /// Answers with status 400 or above (refusals included).
    pub errors: u64,
    /// Answers with status 500 or above: the service was not available.
    pub unavailable: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Percent of requests not failed by the service or the bus (status < 500).
    pub availability_percent: Option<f64>,
    /// The service's availability target, in percent.
    pub target_percent: Option<f64>,
    pub meets_target: Option<bool>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NamedCount {
    pub name: String,
    pub requests: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UsageReport {
    /// Records read from the log.
    pub records: u64,
    pub services: Vec<ServiceUsage>,
    /// Requests by consuming agency.
    pub agencies: Vec<NamedCount>,
    /// Requests by client.
    pub clients: Vec<NamedCount>,
}

/// Latencies counted in log-linear buckets: exact below 64 µs, then 32
/// buckets per power of two (a value is reported within 1.6 % of itself),
/// so a service's percentiles take a few kilobytes however many requests
/// it served.
#[derive(Default, Clone)]
struct Histogram {
    counts: Vec<u64>,
    total: u64,
}

const SUB_BITS: u32 = 5;
const SUB: u64 = 1 << SUB_BITS;

impl Histogram {
    fn index(v: u64) -> usize {
        if v < SUB {
            return v as usize;
        }
        let e = 63 - v.leading_zeros();
        let sub = (v >> (e - SUB_BITS)) & (SUB - 1);
        ((u64::from(e - SUB_BITS) + 1) * SUB + sub) as usize
    }

    /// The smallest value counted in bucket `i`.
    fn lower(i: usize) -> u64 {
        let i = i as u64;
        if i < SUB {
            return i;
        }
        let shift = i / SUB - 1;
        (SUB + i % SUB) << shift
    }

    fn add(&mut self, v: u64) {
        let i = Self::index(v);
        if self.counts.len() <= i {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
        self.total += 1;
    }

    /// The value at quantile `p` (nearest rank), in milliseconds: the
    /// middle of its bucket.
    fn quantile_ms(&self, p: f64) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let rank = ((self.total - 1) as f64 * p).round() as u64;
        let mut seen = 0;
        for (i, n) in self.counts.iter().enumerate() {
            seen += n;
            if seen > rank {
                let (lo, hi) = (Self::lower(i), Self::lower(i + 1));
                return (lo + (hi - lo - 1) / 2) as f64 / 1000.0;
            }
        }
        0.0
    }
}

#[derive(Default, Clone)]
struct Acc {
    requests: u64,
    errors: u64,
    unavailable: u64,
    latency: Histogram,
}

/// What has been read of the log so far. The log only grows, so each
/// report reads just the batches sealed since the previous one (the first
/// after a start reads it all); if the log turns out shorter than what was
/// read (replaced by a restore), it is read again from the start.
#[derive(Default)]
pub struct UsageTally {
    state: std::sync::Mutex<Totals>,
}

#[derive(Default, Clone)]
struct Totals {
    offset: u64,
    records: u64,
    by_service: BTreeMap<String, Acc>,
    by_client: BTreeMap<String, u64>,
}

impl Totals {
    fn add(&mut self, e: simpul_gsb_log::Entry) {
        self.records += 1;
        let a = self.by_service.entry(e.service).or_default();
        a.requests += 1;
        a.errors += u64::from(e.status >= 400);
        a.unavailable += u64::from(e.status >= 500);
        a.latency.add(e.latency_micros);
        *self.by_client.entry(e.client).or_default() += 1;
    }
}

impl UsageTally {
    /// Reads what was sealed since the last call and returns the totals.
    fn update(&self, log: &std::path::Path) -> simpul_gsb_log::Result<Totals> {
        let mut t = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut fresh = Totals::default();
        let read = simpul_gsb_log::verify::for_each_sealed_from(log, t.offset, |r| fresh.add(r.entry));
        match read {
            Ok(end) => {
                merge(&mut t, fresh);
                t.offset = end;
            }
            Err(_) if t.offset > 0 => {
                *t = Totals::default();
                t.offset = simpul_gsb_log::verify::for_each_sealed_from(log, 0, |r| t.add(r.entry))?;
            }
            Err(e) => return Err(e),
        }
        Ok(t.clone())
    }
}

fn merge(into: &mut Totals, fresh: Totals) {
    into.records += fresh.records;
    for (code, a) in fresh.by_service {
        let b = into.by_service.entry(code).or_default();
        b.requests += a.requests;
        b.errors += a.errors;
        b.unavailable += a.unavailable;
        if b.latency.counts.len() < a.latency.counts.len() {
            b.latency.counts.resize(a.latency.counts.len(), 0);
        }
        for (i, n) in a.latency.counts.iter().enumerate() {
            b.latency.counts[i] += n;
        }
        b.latency.total += a.latency.total;
    }
    for (code, n) in fresh.by_client {
        *into.by_client.entry(code).or_default() += n;
    }
}

/// The report over the whole log; an installation without a gateway log has none yet.
pub async fn usage(s: &AppState) -> Result<UsageReport, AppError> {
    let Some(dir) = s.config.gsb_log_dir.clone() else {
        return Ok(UsageReport { records: 0, services: Vec::new(), agencies: Vec::new(), clients: Vec::new() });
    };
    let tally = s.gsb_usage.clone();
    let log = dir.join(simpul_gsb_log::LOG_FILE);
    let Totals { records, by_service, by_client, .. } = tokio::task::spawn_blocking(move || tally.update(&log))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let services: HashMap<String, simpul_store::gsb::Service> = s.store.all_gsb_services(&ServiceFilter::default()).await?.into_iter().map(|v| (v.code.clone(), v)).collect();
    let clients: HashMap<String, simpul_store::gsb::Client> = s.store.all_gsb_clients(&ClientFilter::default()).await?.into_iter().map(|c| (c.code.clone(), c)).collect();
    let services_out = by_service
        .into_iter()
        .filter(|(code, _)| !code.is_empty())
        .map(|(code, a)| {
            let reg = services.get(&code);
            let availability = (a.requests > 0).then(|| 100.0 * (a.requests - a.unavailable) as f64 / a.requests as f64);
            let target = reg.and_then(|v| v.availability_bp).map(|bp| bp as f64 / 100.0);
            ServiceUsage {
                name: reg.map(|v| v.name.clone()).unwrap_or_default(),
                provider: reg.map(|v| v.agency_name.clone()).unwrap_or_default(),
                requests: a.requests,
                errors: a.errors,
                unavailable: a.unavailable,
                p50_ms: a.latency.quantile_ms(0.50),
                p95_ms: a.latency.quantile_ms(0.95),
                p99_ms: a.latency.quantile_ms(0.99),
                meets_target: availability.zip(target).map(|(got, want)| got >= want),
                availability_percent: availability,
                target_percent: target,
                code,
            }
        })
        .collect();
    let mut agencies: BTreeMap<String, u64> = BTreeMap::new();
    let mut clients_out = Vec::new();
    for (code, n) in by_client {
        let agency = clients.get(&code).map(|c| c.agency_name.clone()).unwrap_or_else(|| "(tanpa klien dikenal)".into());
        *agencies.entry(agency).or_default() += n;
        let name = if code.is_empty() { "(kunci tidak dikenal)".to_string() } else { code };
        clients_out.push(NamedCount { name, requests: n });
    }
    let mut agencies: Vec<NamedCount> = agencies.into_iter().map(|(name, requests)| NamedCount { name, requests }).collect();
    agencies.sort_by(|a, b| b.requests.cmp(&a.requests).then(a.name.cmp(&b.name)));
    clients_out.sort_by(|a, b| b.requests.cmp(&a.requests).then(a.name.cmp(&b.name)));
    Ok(UsageReport { records, services: services_out, agencies, clients: clients_out })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Nearest-rank quantile of the exact values, in microseconds.
    fn exact(sorted: &[u64], p: f64) -> u64 {
        sorted[((sorted.len() - 1) as f64 * p).round() as usize]
    }

    #[test]
    fn histogram_buckets_are_contiguous_and_tight() {
        for v in (0..5000u64).chain([1 << 20, (1 << 20) + 12_345, u64::from(u32::MAX), 1 << 40]) {
            let i = Histogram::index(v);
            let (lo, hi) = (Histogram::lower(i), Histogram::lower(i + 1));
            assert!(lo <= v && v < hi, "{v} in bucket {i} [{lo}, {hi})");
            assert!(v < 64 && hi - lo == 1 || (hi - lo) as f64 <= lo as f64 / 32.0 + 1.0, "{v}: bucket [{lo}, {hi}) too wide");
        }
    }

    #[test]
    fn quantiles_within_two_percent_of_the_exact_ones() {
        // Deterministic, spread over five orders of magnitude.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut values = Vec::new();
        let mut h = Histogram::default();
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = 20 + x % 2_000_000 / (1 + x % 97);
            values.push(v);
            h.add(v);
        }
        values.sort_unstable();
        for p in [0.5, 0.95, 0.99] {
            let want = exact(&values, p) as f64 / 1000.0;
            let got = h.quantile_ms(p);
            assert!((got - want).abs() <= want * 0.02 + 0.001, "p{p}: {got} ms vs exact {want} ms");
        }
        let mut small = Histogram::default();
        [10, 20, 30, 40, 50].iter().for_each(|v| small.add(*v));
        assert_eq!(small.quantile_ms(0.5), 0.03, "exact below 64 µs");
    }

    fn entry(service: &str, client: &str, status: u16, latency: u64) -> simpul_gsb_log::Entry {
        simpul_gsb_log::Entry { service: service.into(), client: client.into(), method: "GET".into(), status, latency_micros: latency, ..Default::default() }
    }

    #[tokio::test]
    async fn the_tally_reads_only_what_was_sealed_since_and_restarts_on_a_shorter_log() {
        use simpul_gsb_log::writer::{LogWriter, Options};
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join(simpul_gsb_log::LOG_FILE);
        let key = || simpul_gsb_log::BusKey::from_seed([3; 32]);
        let tally = UsageTally::default();
        assert_eq!(tally.update(&log).unwrap().records, 0, "no log yet");

        let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
        for i in 0..10 {
            w.append(entry("nik", "simrs", if i < 8 { 200 } else { 503 }, 1000 + i)).await.unwrap();
        }
        let t = tally.update(&log).unwrap();
        let first_offset = t.offset;
        assert_eq!((t.records, t.by_service["nik"].requests, t.by_service["nik"].unavailable), (10, 10, 2));
        for _ in 0..5 {
            w.append(entry("pbb", "sipd", 404, 50)).await.unwrap();
        }
        let t = tally.update(&log).unwrap();
        assert!(t.offset > first_offset);
        assert_eq!((t.records, t.by_service["pbb"].errors, t.by_client["simrs"], t.by_client["sipd"]), (15, 5, 10, 5));
        assert_eq!(tally.update(&log).unwrap().records, 15, "nothing new: nothing counted twice");
        w.close();

        // A log replaced by a shorter one (a restore) is read again from the start.
        std::fs::remove_file(&log).unwrap();
        let _ = std::fs::remove_file(dir.path().join(simpul_gsb_log::INDEX_FILE));
        let w = LogWriter::open(dir.path(), key(), Options::default()).unwrap();
        w.append(entry("nik", "simrs", 200, 7)).await.unwrap();
        w.close();
        let t = tally.update(&log).unwrap();
        assert_eq!((t.records, t.by_service.len()), (1, 1));
    }
}
