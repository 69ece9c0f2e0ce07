//! Benchmark support for engage.
