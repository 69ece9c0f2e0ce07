//! The report: building it from a read dataset (analyses and composition), the writers on the
//! built document (HTML, and the whole bundle of files: Markdown, XLSX, JSON, CSV tables, SVG
//! and PNG charts), and the full report from the file on disk (read, build, every file
//! rendered; not written, so that disk speed stays out).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::pipeline;
use engage_benches::synthetic::{self, Format};
use engage_core::report::BundleOptions;
use engage_core::{IngestOptions, read_path};

fn writers(c: &mut Criterion) {
    let mut group = c.benchmark_group("report_writers");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for rows in synthetic::bench_sizes()
        .into_iter()
        .filter(|&rows| rows < 1_000_000)
    {
        let dataset = synthetic::dataset(rows, Format::Xlsx).expect("dataset");
        let codebook = synthetic::codebook();
        let size = synthetic::size_name(rows);
        group.bench_with_input(BenchmarkId::new("build", &size), &dataset, |b, dataset| {
            b.iter(|| {
                black_box(
                    pipeline::report(dataset, &codebook)
                        .expect("report")
                        .document
                        .sections
                        .len(),
                )
            });
        });
        let report = pipeline::report(&dataset, &codebook).expect("report");
        group.bench_with_input(BenchmarkId::new("html", &size), &report, |b, report| {
            b.iter(|| black_box(report.html(&BundleOptions::default()).len()));
        });
        group.bench_with_input(BenchmarkId::new("bundle", &size), &report, |b, report| {
            b.iter(|| {
                black_box(
                    report
                        .files(&BundleOptions::default())
                        .expect("files")
                        .len(),
                )
            });
        });
    }
    group.finish();
}

fn full(c: &mut Criterion) {
    let mut group = c.benchmark_group("report_full");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(30));
    let codebook = synthetic::codebook();
    for rows in synthetic::bench_sizes()
        .into_iter()
        .filter(|&rows| rows < 1_000_000)
    {
        let path = synthetic::ensure(rows, Format::Xlsx).expect("synthetic xlsx");
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(
            BenchmarkId::new("xlsx", synthetic::size_name(rows)),
            &path,
            |b, path| {
                b.iter(|| {
                    let dataset = read_path(path, &IngestOptions::default()).expect("read");
                    let report = pipeline::report(&dataset, &codebook).expect("report");
                    black_box(
                        report
                            .files(&BundleOptions::default())
                            .expect("files")
                            .len(),
                    )
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, writers, full);
criterion_main!(benches);
