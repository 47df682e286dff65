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

#[derive(Default)]
struct Acc {
    requests: u64,
    errors: u64,
    unavailable: u64,
    latencies_us: Vec<u64>,
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

/// The report over the whole log; an installation without a gateway log has none yet.
pub async fn usage(s: &AppState) -> Result<UsageReport, AppError> {
    let Some(dir) = s.config.gsb_log_dir.clone() else {
        return Ok(UsageReport { records: 0, services: Vec::new(), agencies: Vec::new(), clients: Vec::new() });
    };
    let (records, by_service, by_client) = tokio::task::spawn_blocking(move || {
        let mut records = 0u64;
        let mut by_service: BTreeMap<String, Acc> = BTreeMap::new();
        let mut by_client: BTreeMap<String, u64> = BTreeMap::new();
        simpul_gsb_log::verify::for_each_sealed(&dir.join(simpul_gsb_log::LOG_FILE), |r| {
            records += 1;
            let e = r.entry;
            let a = by_service.entry(e.service).or_default();
            a.requests += 1;
            a.errors += u64::from(e.status >= 400);
            a.unavailable += u64::from(e.status >= 500);
            a.latencies_us.push(e.latency_micros);
            *by_client.entry(e.client).or_default() += 1;
        })
        .map(|()| (records, by_service, by_client))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let services: HashMap<String, simpul_store::gsb::Service> = s.store.all_gsb_services(&ServiceFilter::default()).await?.into_iter().map(|v| (v.code.clone(), v)).collect();
    let clients: HashMap<String, simpul_store::gsb::Client> = s.store.all_gsb_clients(&ClientFilter::default()).await?.into_iter().map(|c| (c.code.clone(), c)).collect();
    let services_out = by_service
        .into_iter()
        .filter(|(code, _)| !code.is_empty())
        .map(|(code, mut a)| {
            a.latencies_us.sort_unstable();
            let reg = services.get(&code);
            let availability = (a.requests > 0).then(|| 100.0 * (a.requests - a.unavailable) as f64 / a.requests as f64);
            let target = reg.and_then(|v| v.availability_bp).map(|bp| bp as f64 / 100.0);
            ServiceUsage {
                name: reg.map(|v| v.name.clone()).unwrap_or_default(),
                provider: reg.map(|v| v.agency_name.clone()).unwrap_or_default(),
                requests: a.requests,
                errors: a.errors,
                unavailable: a.unavailable,
                p50_ms: percentile(&a.latencies_us, 0.50),
                p95_ms: percentile(&a.latencies_us, 0.95),
                p99_ms: percentile(&a.latencies_us, 0.99),
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
