//! Participation on a dataset already read: completion, timeline, channels, item response
//! rates, profiles, duplicates, bursts and campaigns (near-identical free text).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::synthetic::{self, Format};
use engage_core::participation::{ParticipationOptions, participation};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("participation");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    for rows in synthetic::bench_sizes() {
        let dataset = synthetic::dataset(rows, Format::Csv).expect("dataset");
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(synthetic::size_name(rows)),
            &dataset,
            |b, dataset| {
                b.iter(|| {
                    black_box(
                        participation(dataset, &ParticipationOptions::default())
                            .expect("participation")
                            .respondents,
                    )
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
