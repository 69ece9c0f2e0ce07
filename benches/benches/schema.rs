//! Schema inference, measured as what engage's read adds to parsing: the same CSV bytes, already
//! in memory, parsed into records by the `csv` crate (`parse_only`) and read by engage
//! (`read`), which also finds the header, recognises the layout, types every column, infers
//! question types, scales and profiles, splits multi-selects and builds the frame. The
//! difference is the inference and assembly; engage does not expose inference apart from
//! reading, so it is not timed alone.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::synthetic::{self, Format};
use engage_core::{IngestOptions, read_reader};

fn schema(c: &mut Criterion) {
    let mut group = c.benchmark_group("schema");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    for rows in synthetic::bench_sizes() {
        let path = synthetic::ensure(rows, Format::Csv).expect("synthetic csv");
        let bytes = std::fs::read(&path).expect("file");
        group.throughput(Throughput::Elements(rows as u64));
        let size = synthetic::size_name(rows);
        group.bench_with_input(BenchmarkId::new("parse_only", &size), &bytes, |b, bytes| {
            b.iter(|| {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(bytes.as_slice());
                let records: Vec<csv::StringRecord> = reader
                    .records()
                    .map(|record| record.expect("record"))
                    .collect();
                black_box(records.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("read", &size), &bytes, |b, bytes| {
            b.iter(|| {
                let dataset =
                    read_reader(bytes.as_slice(), "synthetic.csv", &IngestOptions::default())
                        .expect("read");
                black_box(dataset.schema().questions().len())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, schema);
criterion_main!(benches);
