//! `GET /metrics` in the Prometheus text exposition format (version 0.0.4): requests by route
//! and status, request latency, analysis time, document size, analyses in flight.
//!
//! Histograms are fixed buckets of atomic counters, so recording never blocks a request; only
//! the per-route counters take a lock, over a map whose keys are the service's own route
//! patterns (unknown paths count as `unmatched`), so it cannot grow with hostile URLs.

use super::Service;
use actix_web::{web, HttpResponse};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Latency bucket bounds in nanoseconds: 100 µs to 10 s, the range between a warm small
/// article and a request timing out.
const LATENCY_BOUNDS_NS: &[u64] = &[
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
    2_500_000_000,
    5_000_000_000,
    10_000_000_000,
];

/// Document size bucket bounds in bytes: 1 KiB to 4 MiB.
const SIZE_BOUNDS: &[u64] = &[
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    2 << 20,
    4 << 20,
];

const NANOS_PER_SECOND: f64 = 1e9;

#[derive(Default)]
pub struct Metrics {
    /// Requests by route, then by status: keyed by the route alone, a request of a route seen
    /// before finds its counter without making a key.
    requests: Mutex<BTreeMap<String, BTreeMap<u16, u64>>>,
    latency: Histogram<LatencyBuckets>,
    analysis: Histogram<LatencyBuckets>,
    document_bytes: Histogram<SizeBuckets>,
}

impl Metrics {
    /// A request answered: `route` is the matched pattern (`/v1/analyze`) or `unmatched`.
    pub fn record_request(&self, route: &str, status: u16, elapsed: Duration) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(by_status) = requests.get_mut(route) {
            *by_status.entry(status).or_insert(0) += 1;
        } else {
            requests.insert(route.to_string(), BTreeMap::from([(status, 1)]));
        }
        drop(requests);
        self.latency.observe(duration_ns(elapsed));
    }

    /// One document analysed (alone or in a batch).
    pub fn record_analysis(&self, bytes: usize, elapsed: Duration) {
        self.analysis.observe(duration_ns(elapsed));
        self.document_bytes
            .observe(u64::try_from(bytes).unwrap_or(u64::MAX));
    }

    fn render(&self, in_flight: usize, max_concurrent: usize) -> String {
        let mut out = String::new();
        header(
            &mut out,
            "legible_http_requests_total",
            "counter",
            "HTTP requests answered, by route pattern and status.",
        );
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        for (route, by_status) in requests.iter() {
            let route = escape_label(route);
            for (status, count) in by_status {
                let _ = writeln!(
                    out,
                    "legible_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
                );
            }
        }
        drop(requests);
        self.latency.render(
            &mut out,
            "legible_http_request_duration_seconds",
            "Time from receiving a request to answering it.",
        );
        self.analysis.render(
            &mut out,
            "legible_analysis_duration_seconds",
            "Time to analyse one document.",
        );
        self.document_bytes.render(
            &mut out,
            "legible_document_size_bytes",
            "Size of each analysed document.",
        );
        for (name, help, value) in [
            (
                "legible_analyses_in_flight",
                "Analyses running now.",
                in_flight,
            ),
            (
                "legible_analyses_max",
                "Analyses allowed at once (--max-concurrent).",
                max_concurrent,
            ),
        ] {
            header(&mut out, name, "gauge", help);
            let _ = writeln!(out, "{name} {value}");
        }
        out
    }
}

fn duration_ns(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX)
}

/// The bounds of a histogram and how to print its values.
trait Buckets {
    const BOUNDS: &'static [u64];
    /// Units of a recorded value per printed unit.
    const SCALE: f64;
}

#[derive(Default)]
struct LatencyBuckets;
impl Buckets for LatencyBuckets {
    const BOUNDS: &'static [u64] = LATENCY_BOUNDS_NS;
    const SCALE: f64 = NANOS_PER_SECOND;
}

#[derive(Default)]
struct SizeBuckets;
impl Buckets for SizeBuckets {
    const BOUNDS: &'static [u64] = SIZE_BOUNDS;
    const SCALE: f64 = 1.0;
}

/// A Prometheus histogram: per-bucket counts (made cumulative when printed), sum and count.
struct Histogram<B> {
    /// One counter per bound, then one for values above every bound.
    buckets: Vec<AtomicU64>,
    sum: AtomicU64,
    count: AtomicU64,
    _buckets: std::marker::PhantomData<B>,
}

impl<B: Buckets> Default for Histogram<B> {
    fn default() -> Self {
        Histogram {
            buckets: (0..=B::BOUNDS.len()).map(|_| AtomicU64::new(0)).collect(),
            sum: AtomicU64::new(0),
            count: AtomicU64::new(0),
            _buckets: std::marker::PhantomData,
        }
    }
}

impl<B: Buckets> Histogram<B> {
    fn observe(&self, value: u64) {
        let bucket = B::BOUNDS.partition_point(|&bound| bound < value);
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.sum.fetch_add(value, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        header(out, name, "histogram", help);
        let mut cumulative = 0;
        for (i, bucket) in self.buckets.iter().enumerate() {
            cumulative += bucket.load(Ordering::Relaxed);
            match B::BOUNDS.get(i) {
                Some(&bound) => {
                    let le = bound as f64 / B::SCALE;
                    let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {cumulative}");
                }
                None => {
                    let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {cumulative}");
                }
            }
        }
        let sum = self.sum.load(Ordering::Relaxed) as f64 / B::SCALE;
        let _ = writeln!(out, "{name}_sum {sum}");
        let _ = writeln!(out, "{name}_count {}", self.count.load(Ordering::Relaxed));
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value as the exposition format writes it: `\`, `"` and newline escaped.
fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The metrics in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4",
        body = String, content_type = "text/plain; version=0.0.4")))]
pub async fn render(service: web::Data<Service>) -> HttpResponse {
    let text = service
        .metrics
        .render(service.gate.in_flight(), service.gate.max());
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_inclusive_of_their_bound() {
        let histogram = Histogram::<SizeBuckets>::default();
        for bytes in [1024, 1025, 10 << 20] {
            histogram.observe(bytes);
        }
        let mut out = String::new();
        histogram.render(&mut out, "size", "help");
        assert!(out.contains("size_bucket{le=\"1024\"} 1\n"), "{out}");
        assert!(out.contains("size_bucket{le=\"4096\"} 2\n"), "{out}");
        assert!(out.contains("size_bucket{le=\"4194304\"} 2\n"), "{out}");
        assert!(out.contains("size_bucket{le=\"+Inf\"} 3\n"), "{out}");
        assert!(out.contains("size_count 3\n"), "{out}");
        assert!(out.contains(&format!("size_sum {}\n", 1024 + 1025 + (10 << 20))));
    }

    #[test]
    fn requests_are_counted_by_route_then_status() {
        let metrics = Metrics::default();
        for (route, status) in [
            ("/v1/analyze", 200),
            ("/livez", 200),
            ("/v1/analyze", 413),
            ("/v1/analyze", 200),
        ] {
            metrics.record_request(route, status, Duration::ZERO);
        }
        let out = metrics.render(0, 1);
        let counts: Vec<&str> = out
            .lines()
            .filter(|line| line.starts_with("legible_http_requests_total{"))
            .collect();
        assert_eq!(
            counts,
            [
                "legible_http_requests_total{route=\"/livez\",status=\"200\"} 1",
                "legible_http_requests_total{route=\"/v1/analyze\",status=\"200\"} 2",
                "legible_http_requests_total{route=\"/v1/analyze\",status=\"413\"} 1",
            ]
        );
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
