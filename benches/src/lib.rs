//! Support for engage's benchmarks and test data: a seeded random generator, the bundled
//! walk-in-centre sample, the 2013 activity log, one small fixture per export layout, the
//! synthetic exports the benchmarks run on, and writers for xlsx and delimited text.
//! `cargo run -p engage-benches --bin make-testdata` regenerates `testdata/`;
//! `cargo run --release -p engage-benches --bin make-bench-data` writes `benches/data/`.

pub mod activity;
pub mod fixtures;
pub mod pipeline;
pub mod rng;
pub mod sample;
pub mod synthetic;
pub mod write;
