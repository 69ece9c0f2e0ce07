//! Cross-tabs with chi-square, residuals and (where cheap) exact tests: age band by preferred
//! option (9 x 4), capacity by overall support (5 x 3), and a multi-select by age (mentions).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use engage_benches::pipeline::question_of;
use engage_benches::synthetic::{self, Format};
use engage_core::{CrosstabOptions, crosstab};

const PAIRS: [(&str, &str, &str); 3] = [
    (
        "age_by_option",
        "What is your age?",
        "Which of the options do you prefer?",
    ),
    (
        "capacity_by_support",
        "In what capacity are you responding to this consultation?",
        "Do you support the proposal overall?",
    ),
    (
        "services_by_age",
        "Which of these services have you used in the last 12 months? (select all that apply)",
        "What is your age?",
    ),
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("crosstab");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10));
    for rows in synthetic::bench_sizes() {
        let dataset = synthetic::dataset(rows, Format::Csv).expect("dataset");
        group.throughput(Throughput::Elements(rows as u64));
        for (name, row, column) in PAIRS {
            let ids = (
                question_of(&dataset, row).expect("row"),
                question_of(&dataset, column).expect("column"),
            );
            group.bench_with_input(
                BenchmarkId::new(name, synthetic::size_name(rows)),
                &ids,
                |b, (row, column)| {
                    b.iter(|| {
                        black_box(
                            crosstab(&dataset, row, column, &CrosstabOptions::default())
                                .expect("crosstab")
                                .respondents,
                        )
                    });
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
