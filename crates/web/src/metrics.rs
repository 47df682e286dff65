//! Prometheus metrics in the text exposition format. A handful of counters
//! kept with atomics; no metrics crate is needed for this little.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::{header, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Latency buckets in seconds.
const BUCKETS: [f64; 8] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; 8],
}

pub struct Metrics {
    started: Instant,
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Series>>,
    in_flight: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics { started: Instant::now(), requests: Mutex::default(), latency: Mutex::default(), in_flight: AtomicU64::new(0) }
    }
}

pub async fn track(State(s): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let start = Instant::now();
    s.metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let res = next.run(req).await;
    s.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let secs = start.elapsed().as_secs_f64();
    if let Ok(mut m) = s.metrics.requests.lock() {
        *m.entry((method, route.clone(), res.status().as_u16())).or_default() += 1;
    }
    if let Ok(mut m) = s.metrics.latency.lock() {
        let e = m.entry(route).or_default();
        e.count += 1;
        e.sum += secs;
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                e.buckets[i] += 1;
            }
        }
    }
    res
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

pub async fn render(State(s): State<AppState>) -> Response {
    let mut out = String::new();
    out.push_str("# HELP simpul_http_requests_total HTTP requests by method, route and status.\n# TYPE simpul_http_requests_total counter\n");
    if let Ok(m) = s.metrics.requests.lock() {
        for ((method, route, status), n) in m.iter() {
            out.push_str(&format!("simpul_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}\n", label(method), label(route)));
        }
    }
    out.push_str("# HELP simpul_http_request_duration_seconds Request latency by route.\n# TYPE simpul_http_request_duration_seconds histogram\n");
    if let Ok(m) = s.metrics.latency.lock() {
        for (route, e) in m.iter() {
            let r = label(route);
            for (i, b) in BUCKETS.iter().enumerate() {
                out.push_str(&format!("simpul_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {}\n", e.buckets[i]));
            }
            out.push_str(&format!("simpul_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}\n", e.count));
            out.push_str(&format!("simpul_http_request_duration_seconds_sum{{route=\"{r}\"}} {}\n", e.sum));
            out.push_str(&format!("simpul_http_request_duration_seconds_count{{route=\"{r}\"}} {}\n", e.count));
        }
    }
    out.push_str(&format!("# HELP simpul_http_in_flight Requests being served.\n# TYPE simpul_http_in_flight gauge\nsimpul_http_in_flight {}\n", s.metrics.in_flight.load(Ordering::Relaxed)));
    out.push_str(&format!("# HELP simpul_uptime_seconds Seconds since start.\n# TYPE simpul_uptime_seconds gauge\nsimpul_uptime_seconds {}\n", s.metrics.started.elapsed().as_secs()));
    if let Ok(c) = s.store.counts().await {
        out.push_str("# HELP simpul_records Records by kind.\n# TYPE simpul_records gauge\n");
        for (k, v) in [("agencies_active", c.agencies_active), ("people", c.people), ("accounts", c.accounts), ("audit_entries", c.audit_entries)] {
            out.push_str(&format!("simpul_records{{kind=\"{k}\"}} {v}\n"));
        }
    }
    if let Some(extra) = &s.extra_metrics {
        out.push_str(&extra());
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}
