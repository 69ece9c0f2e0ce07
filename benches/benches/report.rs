//! The report: the writers on a composed document (HTML, Markdown, XLSX, and the whole bundle
//! of files with SVG and PNG charts), and the full report from the file on disk (read,
//! analyses, composition, every file rendered; not written, so that disk speed stays out).
//!
//! TODO(issue 8): the document is composed by `engage_benches::pipeline::compose`, a stand-in
//! until the report pipeline lands; then compose with it instead.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::pipeline::{self, Depth};
use engage_benches::synthetic::{self, Format};
use engage_core::chart::ChartOptions;
use engage_core::report::{BundleOptions, html, markdown, xlsx};
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
        let analyses = pipeline::analyse(&dataset, &codebook, Depth::Report).expect("analyses");
        let document = pipeline::compose(&dataset, &analyses);
        let size = synthetic::size_name(rows);
        group.bench_with_input(BenchmarkId::new("html", &size), &document, |b, document| {
            b.iter(|| black_box(html::render(document, &ChartOptions::default()).len()));
        });
        group.bench_with_input(
            BenchmarkId::new("markdown", &size),
            &document,
            |b, document| {
                b.iter(|| black_box(markdown::render(document).len()));
            },
        );
        group.bench_with_input(BenchmarkId::new("xlsx", &size), &document, |b, document| {
            b.iter(|| black_box(xlsx::render(document).expect("xlsx").len()));
        });
        group.bench_with_input(
            BenchmarkId::new("bundle", &size),
            &document,
            |b, document| {
                b.iter(|| {
                    black_box(
                        pipeline::report_files(document, &analyses, &BundleOptions::default())
                            .expect("files")
                            .len(),
                    )
                });
            },
        );
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
                    let analyses =
                        pipeline::analyse(&dataset, &codebook, Depth::Report).expect("analyses");
                    let document = pipeline::compose(&dataset, &analyses);
                    black_box(
                        pipeline::report_files(&document, &analyses, &BundleOptions::default())
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
