//! Reading the synthetic CSV: the `csv` crate's parse of the bytes alone (the floor), and
//! engage's whole read (encoding and delimiter sniffing, parse, typing, inference, the frame).
//! 1M rows run when `ENGAGE_BENCH_SIZES` asks for them (`1m`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::synthetic::{self, Format};
use engage_core::{IngestOptions, read_path};

fn read_csv(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_csv");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(20));
    for rows in synthetic::bench_sizes() {
        let path = synthetic::ensure(rows, Format::Csv).expect("synthetic csv");
        let bytes = std::fs::metadata(&path).expect("file").len();
        group.throughput(Throughput::Bytes(bytes));
        let size = synthetic::size_name(rows);
        group.bench_with_input(BenchmarkId::new("csv_crate", &size), &path, |b, path| {
            b.iter(|| {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_path(path)
                    .expect("csv");
                let mut record = csv::StringRecord::new();
                let mut fields = 0;
                while reader.read_record(&mut record).expect("record") {
                    fields += record.len();
                }
                black_box(fields)
            });
        });
        group.bench_with_input(BenchmarkId::new("engage", &size), &path, |b, path| {
            b.iter(|| {
                black_box(
                    read_path(path, &IngestOptions::default())
                        .expect("read")
                        .respondents(),
                )
            });
        });
    }
    group.finish();
}

criterion_group!(benches, read_csv);
criterion_main!(benches);
