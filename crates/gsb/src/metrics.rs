//! Per-service and per-client counters and a per-service latency histogram,
//! rendered as Prometheus text. The request path only touches atomics held
//! through the current routing snapshot; the maps below are locked only when
//! a table is installed or the metrics are rendered.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How an exchange ended: the upstream's status class, or the gateway's
/// own refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Upstream2xx,
    Upstream3xx,
    Upstream4xx,
    Upstream5xx,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    TooLarge,
    RateLimited,
    BadGateway,
    Unavailable,
    Timeout,
}

const OUTCOMES: [Outcome; 13] = [
    Outcome::Upstream2xx,
    Outcome::Upstream3xx,
    Outcome::Upstream4xx,
    Outcome::Upstream5xx,
    Outcome::BadRequest,
    Outcome::Unauthorized,
    Outcome::Forbidden,
    Outcome::NotFound,
    Outcome::TooLarge,
    Outcome::RateLimited,
    Outcome::BadGateway,
    Outcome::Unavailable,
    Outcome::Timeout,
];

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Upstream2xx => "upstream_2xx",
            Outcome::Upstream3xx => "upstream_3xx",
            Outcome::Upstream4xx => "upstream_4xx",
            Outcome::Upstream5xx => "upstream_5xx",
            Outcome::BadRequest => "bad_request",
            Outcome::Unauthorized => "unauthorized",
            Outcome::Forbidden => "forbidden",
            Outcome::NotFound => "not_found",
            Outcome::TooLarge => "payload_too_large",
            Outcome::RateLimited => "rate_limited",
            Outcome::BadGateway => "bad_gateway",
            Outcome::Unavailable => "unavailable",
            Outcome::Timeout => "gateway_timeout",
        }
    }

    /// Counted as an error (everything but upstream 2xx and 3xx).
    pub fn is_error(self) -> bool {
        !matches!(self, Outcome::Upstream2xx | Outcome::Upstream3xx)
    }

    pub fn from_upstream(status: u16) -> Outcome {
        match status {
            0..=299 => Outcome::Upstream2xx,
            300..=399 => Outcome::Upstream3xx,
            400..=499 => Outcome::Upstream4xx,
            _ => Outcome::Upstream5xx,
        }
    }

    fn index(self) -> usize {
        OUTCOMES.iter().position(|o| *o == self).unwrap_or(0)
    }
}

/// Latency bucket upper bounds, in seconds.
const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Debug, Default)]
pub(crate) struct Counters {
    by_outcome: [AtomicU64; OUTCOMES.len()],
}

impl Counters {
    fn add(&self, outcome: Outcome) {
        self.by_outcome[outcome.index()].fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Debug, Default)]
pub(crate) struct ServiceMetrics {
    counters: Counters,
    buckets: [AtomicU64; BUCKETS.len()],
    sum_micros: AtomicU64,
    count: AtomicU64,
    /// Exchanges delivered although the log refused their record (fail-open).
    unlogged: AtomicU64,
}

impl ServiceMetrics {
    pub(crate) fn unlogged(&self) {
        self.unlogged.fetch_add(1, Ordering::Relaxed);
    }
}

/// All metrics of one gateway.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    services: Mutex<BTreeMap<String, Arc<ServiceMetrics>>>,
    clients: Mutex<BTreeMap<String, Arc<Counters>>>,
}

/// Label for requests whose service or client is not known.
pub(crate) const UNKNOWN: &str = "-";

fn get_or_insert<T: Default>(map: &Mutex<BTreeMap<String, Arc<T>>>, name: &str) -> Arc<T> {
    let mut map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(name.to_string()).or_default().clone()
}

impl Metrics {
    pub(crate) fn service(&self, code: &str) -> Arc<ServiceMetrics> {
        get_or_insert(&self.services, code)
    }

    pub(crate) fn client(&self, code: &str) -> Arc<Counters> {
        get_or_insert(&self.clients, code)
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("# HELP simpul_gsb_requests_total Exchanges through the service bus gateway by service and outcome.\n# TYPE simpul_gsb_requests_total counter\n");
        let services: Vec<(String, Arc<ServiceMetrics>)> = lock_clone(&self.services);
        for (name, m) in &services {
            write_counters(&mut out, "simpul_gsb_requests_total", "service", name, &m.counters);
        }
        out.push_str("# HELP simpul_gsb_unlogged_total Exchanges delivered although the message log refused their record (fail-open only).\n# TYPE simpul_gsb_unlogged_total counter\n");
        for (name, m) in &services {
            let _ = writeln!(out, "simpul_gsb_unlogged_total{{service=\"{}\"}} {}", escape(name), m.unlogged.load(Ordering::Relaxed));
        }
        out.push_str("# HELP simpul_gsb_client_requests_total Exchanges through the service bus gateway by client and outcome.\n# TYPE simpul_gsb_client_requests_total counter\n");
        for (name, c) in &lock_clone(&self.clients) {
            write_counters(&mut out, "simpul_gsb_client_requests_total", "client", name, c);
        }
        out.push_str("# HELP simpul_gsb_request_duration_seconds Time from request to the durable log record of the response, by service.\n# TYPE simpul_gsb_request_duration_seconds histogram\n");
        for (name, m) in &services {
            let name = escape(name);
            let mut cumulative = 0;
            for (i, le) in BUCKETS.iter().enumerate() {
                cumulative += m.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(out, "simpul_gsb_request_duration_seconds_bucket{{service=\"{name}\",le=\"{le}\"}} {cumulative}");
            }
            let count = m.count.load(Ordering::Relaxed);
            let _ = writeln!(out, "simpul_gsb_request_duration_seconds_bucket{{service=\"{name}\",le=\"+Inf\"}} {count}");
            let sum = m.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(out, "simpul_gsb_request_duration_seconds_sum{{service=\"{name}\"}} {sum}");
            let _ = writeln!(out, "simpul_gsb_request_duration_seconds_count{{service=\"{name}\"}} {count}");
        }
        out
    }
}

fn lock_clone<T>(map: &Mutex<BTreeMap<String, Arc<T>>>) -> Vec<(String, Arc<T>)> {
    let map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn write_counters(out: &mut String, metric: &str, label: &str, name: &str, c: &Counters) {
    let name = escape(name);
    for o in OUTCOMES {
        let n = c.by_outcome[o.index()].load(Ordering::Relaxed);
        if n > 0 {
            let _ = writeln!(out, "{metric}{{{label}=\"{name}\",outcome=\"{}\",error=\"{}\"}} {n}", o.label(), o.is_error());
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Records one finished exchange.
pub(crate) fn record(service: &ServiceMetrics, client: &Counters, outcome: Outcome, latency: Duration) {
    service.counters.add(outcome);
    client.add(outcome);
    let secs = latency.as_secs_f64();
    if let Some(i) = BUCKETS.iter().position(|le| secs <= *le) {
        service.buckets[i].fetch_add(1, Ordering::Relaxed);
    }
    service.count.fetch_add(1, Ordering::Relaxed);
    service.sum_micros.fetch_add(latency.as_micros() as u64, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histogram() {
        let m = Metrics::default();
        record(&m.service("dukcapil"), &m.client("dinkes-app"), Outcome::Upstream2xx, Duration::from_millis(3));
        record(&m.service("dukcapil"), &m.client("dinkes-app"), Outcome::RateLimited, Duration::from_micros(100));
        let text = m.render();
        assert!(text.contains("simpul_gsb_requests_total{service=\"dukcapil\",outcome=\"upstream_2xx\",error=\"false\"} 1"), "{text}");
        assert!(text.contains("simpul_gsb_client_requests_total{client=\"dinkes-app\",outcome=\"rate_limited\",error=\"true\"} 1"));
        assert!(text.contains("simpul_gsb_request_duration_seconds_bucket{service=\"dukcapil\",le=\"0.0025\"} 1"));
        assert!(text.contains("simpul_gsb_request_duration_seconds_bucket{service=\"dukcapil\",le=\"0.005\"} 2"));
        assert!(text.contains("simpul_gsb_request_duration_seconds_count{service=\"dukcapil\"} 2"));
    }
}
