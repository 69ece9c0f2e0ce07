//! Reading the synthetic xlsx: calamine's parse of the sheet alone (the floor engage cannot
//! beat, since it reads through calamine), and engage's whole read (parse, header and layout
//! detection, typing, question inference, building the frame).

use std::hint::black_box;
use std::time::Duration;

use calamine::{Reader, open_workbook_auto};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::synthetic::{self, Format};
use engage_core::{IngestOptions, read_path};

fn read_xlsx(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_xlsx");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(20));
    for rows in synthetic::bench_sizes()
        .into_iter()
        .filter(|&rows| rows < 1_000_000)
    {
        let path = synthetic::ensure(rows, Format::Xlsx).expect("synthetic xlsx");
        let bytes = std::fs::metadata(&path).expect("file").len();
        group.throughput(Throughput::Bytes(bytes));
        let size = synthetic::size_name(rows);
        group.bench_with_input(BenchmarkId::new("calamine", &size), &path, |b, path| {
            b.iter(|| {
                let mut workbook = open_workbook_auto(path).expect("workbook");
                let range = workbook
                    .worksheet_range_at(0)
                    .expect("a sheet")
                    .expect("range");
                black_box(range.get_size())
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

criterion_group!(benches, read_xlsx);
criterion_main!(benches);
