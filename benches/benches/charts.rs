//! Rendering the report's charts (bars, diverging Likert bars, stacked cross-tab bars, the
//! timeline, the theme heatmap) to SVG and to PNG. Chart size does not grow with rows, so one
//! dataset (10k rows) supplies them.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use engage_benches::pipeline;
use engage_benches::synthetic::{self, Format};
use engage_core::chart::ChartOptions;

fn bench(c: &mut Criterion) {
    let dataset = synthetic::dataset(10_000, Format::Csv).expect("dataset");
    let report = pipeline::report(&dataset, &synthetic::codebook()).expect("report");
    let charts: Vec<_> = report
        .document
        .charts()
        .into_iter()
        .map(|figure| figure.chart.clone())
        .collect();
    let options = ChartOptions::default();
    let mut group = c.benchmark_group("charts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(charts.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("svg", charts.len()),
        &charts,
        |b, charts| {
            b.iter(|| {
                black_box(
                    charts
                        .iter()
                        .map(|chart| chart.svg(&options).len())
                        .sum::<usize>(),
                )
            });
        },
    );
    group.bench_with_input(
        BenchmarkId::new("png", charts.len()),
        &charts,
        |b, charts| {
            b.iter(|| {
                black_box(
                    charts
                        .iter()
                        .map(|chart| chart.png(&options).expect("png").len())
                        .sum::<usize>(),
                )
            });
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
