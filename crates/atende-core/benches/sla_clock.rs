//! How fast the SLA clock computes due dates: the issue asks for at least
//! one million additions per second. `cargo bench -p atende-core
//! --features calendar` prints the time per addition; its inverse is the
//! rate.

use std::hint::black_box;

use atende_core::{calendar::BusinessCalendar, sla_clock::add_business_minutes};
use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn additions(c: &mut Criterion) {
    let calendar = BusinessCalendar::brazil_office();
    // Starts spread over a month, at every minute of the day.
    let base = Utc
        .with_ymd_and_hms(2026, 3, 2, 11, 0, 0)
        .single()
        .unwrap_or_default();
    let starts: Vec<_> = (0..1000)
        .map(|i| base + Duration::minutes(i * 43))
        .collect();
    let mut group = c.benchmark_group("sla_clock");
    for minutes in [240_i64, 1440, 5 * 540] {
        group.throughput(Throughput::Elements(starts.len() as u64));
        group.bench_function(format!("add {minutes} business minutes ×1000"), |b| {
            b.iter(|| {
                for start in &starts {
                    black_box(add_business_minutes(
                        &calendar,
                        black_box(*start),
                        black_box(minutes),
                    ));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, additions);
criterion_main!(benches);
