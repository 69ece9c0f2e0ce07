//! VADER sentiment throughput on one core: the published vader-parity 0.1.0 against engage's
//! copy of it (`vendor/vader-parity`, the same scores with ASCII fast paths), and engage's
//! scorer of a comment as a whole and per theme, in MB of comment text per second.
//!
//! The comments are the synthetic export's (5 to 80 words of everyday words and codebook
//! terms), 20,000 of them from a fixed seed, so the bench needs no data files.
//!
//! Run: `cargo bench -p engage-benches --bench sentiment -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use engage_benches::rng::Rng;
use engage_benches::synthetic::{Vocabulary, codebook};
use engage_core::themes::SentimentAnalyzer;

const COMMENTS: usize = 20_000;

fn bench(c: &mut Criterion) {
    let vocabulary = Vocabulary::new(&codebook());
    let mut rng = Rng::new(21);
    let comments: Vec<String> = (0..COMMENTS)
        .map(|_| vocabulary.comment(&mut rng, 0.3).0)
        .collect();
    let bytes: usize = comments.iter().map(String::len).sum();
    let published = vader_parity_published::SentimentIntensityAnalyzer::new();
    let ours = vader_parity::SentimentIntensityAnalyzer::new();
    let scorer = SentimentAnalyzer::new();
    // The two copies agree on every comment here (the parity test holds them to that on many
    // more texts); a bench of different answers would be no comparison.
    for comment in &comments {
        let (a, b) = (
            published.polarity_scores(comment),
            ours.polarity_scores(comment),
        );
        assert_eq!(
            (a.neg, a.neu, a.pos, a.compound),
            (b.neg, b.neu, b.pos, b.compound),
            "{comment:?}"
        );
    }
    let mut group = c.benchmark_group("sentiment");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("published vader-parity", |b| {
        b.iter(|| {
            for comment in &comments {
                black_box(published.polarity_scores(comment));
            }
        });
    });
    group.bench_function("engage's copy", |b| {
        b.iter(|| {
            for comment in &comments {
                black_box(ours.polarity_scores(comment));
            }
        });
    });
    group.bench_function("whole comment and its first sentence", |b| {
        b.iter(|| {
            for comment in &comments {
                let mut scored = scorer.comment(comment);
                black_box(scored.whole());
                black_box(scored.score_spans(&[(0, 1)]));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
