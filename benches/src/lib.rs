//! Support for engage's benchmarks and test data: a seeded random generator, the bundled
//! walk-in-centre sample, the 2013 activity log, one small fixture per export layout, and
//! writers for xlsx and delimited text. `cargo run -p engage-benches --bin make-testdata`
//! regenerates `testdata/`.

pub mod activity;
pub mod fixtures;
pub mod rng;
pub mod sample;
pub mod write;
