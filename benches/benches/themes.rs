//! Theme coding throughput: how many megabytes of comment text a 500-term codebook codes per
//! second on one core. The theme-coding issue asks for 50 MB/s or better.
//!
//! Both the codebook and the text are generated here, deterministically, so the bench needs no
//! data files: 50 themes of 10 terms each (single words, two-word phrases, prefixes and two
//! regexes, with English stemming on, as a real codebook has them) and 20,000 comments of a few
//! words to a few sentences, like Friends and Family Test answers, made of everyday filler words
//! with a codebook term, inflected, in about one sentence in three and a negator now and then.
//!
//! Three measurements: the matcher alone on each comment (`find`), `code_dataset` counting only
//! (`counts`), and `code_dataset` keeping every comment's evidence for a coding sheet
//! (`evidence`).
//!
//! Run: `cargo bench -p engage-benches --bench themes -- --warm-up-time 1 --measurement-time 3`

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use engage_benches::rng::Rng;
use engage_core::themes::{Codebook, CodebookOptions, CodingOptions, Scratch, Stemming, Theme};
use engage_core::{Dataset, IngestOptions, read_reader};

/// Themes in the codebook, and terms per theme: 500 terms.
const THEMES: usize = 50;
const TERMS_PER_THEME: usize = 10;
/// Comments in the generated text.
const COMMENTS: usize = 20_000;

/// Common words comments are made of between the terms.
const FILLER: [&str; 96] = [
    "the",
    "and",
    "was",
    "very",
    "a",
    "to",
    "of",
    "i",
    "it",
    "my",
    "in",
    "for",
    "they",
    "were",
    "we",
    "with",
    "me",
    "that",
    "had",
    "on",
    "is",
    "but",
    "at",
    "not",
    "so",
    "be",
    "all",
    "this",
    "as",
    "have",
    "there",
    "from",
    "when",
    "could",
    "would",
    "been",
    "really",
    "just",
    "about",
    "more",
    "time",
    "day",
    "after",
    "before",
    "still",
    "again",
    "much",
    "only",
    "got",
    "get",
    "came",
    "went",
    "said",
    "told",
    "asked",
    "felt",
    "made",
    "did",
    "nothing",
    "everything",
    "thank",
    "you",
    "good",
    "better",
    "quite",
    "always",
    "never",
    "some",
    "other",
    "their",
    "them",
    "our",
    "us",
    "her",
    "him",
    "his",
    "she",
    "he",
    "what",
    "which",
    "who",
    "how",
    "why",
    "because",
    "also",
    "well",
    "then",
    "than",
    "too",
    "can",
    "do",
    "done",
    "back",
    "home",
    "today",
    "yesterday",
];

/// Phrases the default negators recognise, so that negation handling is part of the work.
const NEGATORS: [&str; 3] = [
    "no problem with",
    "no issues with",
    "never had a problem with",
];

/// A pronounceable made-up word, so that terms never collide with the filler.
fn word(rng: &mut Rng) -> String {
    const ONSETS: [&str; 16] = [
        "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "pr", "st", "tr",
    ];
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ou"];
    const CODAS: [&str; 8] = ["", "n", "r", "l", "m", "nt", "st", "rk"];
    let mut word = String::new();
    for _ in 0..rng.range(2, 3) {
        word.push_str(rng.pick::<&str>(&ONSETS));
        word.push_str(rng.pick::<&str>(&VOWELS));
    }
    word.push_str(rng.pick::<&str>(&CODAS));
    word
}

/// The 500-term codebook and each theme's literal stems, to put in the text.
fn codebook(rng: &mut Rng) -> (Codebook, Vec<String>) {
    let mut builder = Codebook::builder();
    let mut words_in_text = Vec::new();
    for theme in 0..THEMES {
        let mut include = Vec::with_capacity(TERMS_PER_THEME);
        for term in 0..TERMS_PER_THEME {
            let first = word(rng);
            let written = match (theme, term) {
                // Two regexes in the whole codebook, as a hand-written one has.
                (0 | 25, 0) => format!("/{first}[- ]?{}/", word(rng)),
                (_, 1..=2) => {
                    let second = word(rng);
                    words_in_text.push(format!("{first} {second}"));
                    format!("{first} {second}")
                }
                (_, 3) => {
                    words_in_text.push(format!("{first}ing"));
                    format!("{first}*")
                }
                _ => {
                    words_in_text.push(first.clone());
                    first
                }
            };
            include.push(written);
        }
        let exclude = vec![word(rng)];
        words_in_text.push(exclude[0].clone());
        builder = builder.theme(
            Theme::new(format!("theme_{theme:02}"), format!("Theme {theme}"))
                .with_include(include)
                .with_exclude(exclude),
        );
    }
    let options = CodebookOptions::default().with_stem(Some(Stemming::English));
    let codebook = builder
        .options(options)
        .build()
        .expect("the generated codebook is valid");
    (codebook, words_in_text)
}

/// One comment: one to five sentences of filler, some holding a term (inflected now and then) or
/// a negator before one.
fn comment(rng: &mut Rng, terms: &[String]) -> String {
    let mut text = String::new();
    let sentences = *rng.pick::<usize>(&[1, 1, 1, 1, 2, 2, 3, 5]);
    for sentence in 0..sentences {
        if sentence > 0 {
            text.push(' ');
        }
        let length = rng.range(2, 14) as usize;
        let term_at = rng
            .chance(0.35)
            .then(|| rng.range(0, length as i64 - 1) as usize);
        for position in 0..length {
            if position > 0 {
                text.push(' ');
            }
            if term_at == Some(position) {
                if rng.chance(0.1) {
                    let _ = write!(text, "{} ", rng.pick::<&str>(&NEGATORS));
                }
                text.push_str(rng.pick::<String>(terms));
                if rng.chance(0.3) {
                    text.push_str(rng.pick::<&str>(&["s", "ed", "ing"]));
                }
            } else {
                text.push_str(rng.pick::<&str>(&FILLER));
            }
        }
        text.push_str(rng.pick::<&str>(&[".", ".", ".", "!", "?"]));
    }
    // Comments start with a capital, as people write them.
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The generated comments, and a dataset of them with an id column and one free-text question.
fn dataset(comments: &[String]) -> Dataset {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["Respondent ID", "What could we do better?"])
        .expect("writing to memory");
    for (index, text) in comments.iter().enumerate() {
        writer
            .write_record([(index + 1).to_string().as_str(), text])
            .expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    read_reader(bytes.as_slice(), "generated.csv", &IngestOptions::default())
        .expect("the generated comments read")
}

fn themes(criterion: &mut Criterion) {
    let mut rng = Rng::new(2024);
    let (codebook, terms) = codebook(&mut rng);
    let comments: Vec<String> = (0..COMMENTS).map(|_| comment(&mut rng, &terms)).collect();
    let bytes: usize = comments.iter().map(String::len).sum();
    let dataset = dataset(&comments);
    let question = dataset.schema().questions()[1].id.clone();
    // Say what is measured, and make sure the text exercises the codebook.
    let options = CodingOptions::default().with_questions(vec![question.clone()]);
    let coded = engage_core::themes::code_dataset(&dataset, &codebook, &options)
        .expect("the generated comments code");
    let share = coded.questions[0].coded as f64 / COMMENTS as f64;
    eprintln!(
        "{COMMENTS} comments, {:.2} MB, mean {} bytes; {:.0}% coded with {} terms",
        bytes as f64 / 1e6,
        bytes / COMMENTS,
        share * 100.0,
        THEMES * TERMS_PER_THEME
    );
    assert!((0.3..0.95).contains(&share), "{share}");

    let mut group = criterion.benchmark_group("themes");
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.sample_size(10);
    group.bench_function("find", |bench| {
        let mut scratch = Scratch::default();
        bench.iter(|| {
            let mut found = 0;
            for text in &comments {
                found += codebook.find(text, &mut scratch).len();
            }
            black_box(found)
        });
    });
    for (name, keep) in [("counts", false), ("evidence", true)] {
        let options = CodingOptions::default()
            .with_questions(vec![question.clone()])
            .with_comments(keep);
        group.bench_function(name, |bench| {
            bench.iter(|| {
                black_box(engage_core::themes::code_dataset(
                    &dataset, &codebook, &options,
                ))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, themes);
criterion_main!(benches);
