//! Every question summarised (counts, Wilson intervals, Likert boxes and scores, multi-choice
//! shares, numbers, dates), and the same split by a profile question (age band).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::pipeline::question_of;
use engage_benches::synthetic::{self, Format};
use engage_core::{SummaryOptions, summarise};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("summary");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    for rows in synthetic::bench_sizes() {
        let dataset = synthetic::dataset(rows, Format::Csv).expect("dataset");
        let age = question_of(&dataset, "What is your age?").expect("age question");
        group.throughput(Throughput::Elements(rows as u64));
        let size = synthetic::size_name(rows);
        group.bench_with_input(BenchmarkId::new("all", &size), &dataset, |b, dataset| {
            b.iter(|| {
                black_box(
                    summarise(dataset, &SummaryOptions::default())
                        .expect("summary")
                        .questions
                        .len(),
                )
            });
        });
        group.bench_with_input(
            BenchmarkId::new("all_by_age", &size),
            &dataset,
            |b, dataset| {
                let options = SummaryOptions::default().with_by(age.clone());
                b.iter(|| {
                    black_box(
                        summarise(dataset, &options)
                            .expect("summary")
                            .questions
                            .len(),
                    )
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
