//! The statistics behind engage's figures, as pure functions: numbers in, plain result structs
//! out, no I/O and no data frames.
//!
//! - [`proportion`]: Wilson score intervals (also for weighted data through an effective sample
//!   size), the pooled two-proportion z-test, percentages of a base.
//! - [`chi_square`]: Pearson goodness of fit and test of independence, expected counts,
//!   adjusted standardised residuals, Cramér's V.
//! - [`fisher`]: Fisher's exact test for 2 x 2 tables and its Freeman-Halton extension to small
//!   r x c tables.
//! - [`multiple`]: the Benjamini-Hochberg adjustment for many tests (false discovery rate).
//! - [`agreement`]: Cohen's kappa, Krippendorff's alpha and percent agreement between coders.
//! - [`classification`]: precision, recall and F1 against a gold standard, with micro and macro
//!   averages.
//! - [`descriptive`]: mean, standard deviation, quantiles as Excel's `QUARTILE.INC` computes
//!   them, weighted mean.
//! - [`partition`]: the adjusted Rand index of two groupings of the same items.
//! - [`random`]: a seeded generator, so Monte Carlo figures are the same on every machine.
//! - [`weighting`]: raking (iterative proportional fitting) with trimming, Kish's design effect
//!   and effective sample size, weighted proportions.
//!
//! Conventions shared by every module:
//! - Counts are `f64` wherever weighted counts make sense, so a weighted table goes through the
//!   same code as a counted one; the exact tests take whole counts (`u64`).
//! - Input that cannot be right (a negative count, slices of different lengths, shares that do
//!   not sum to 1) is an [`Error`]. Input that is valid but leaves a figure undefined (no
//!   respondents, no variation) gives a documented value or `None`, never NaN or infinity.
//! - Every figure is tested against a published value or one computed independently (exact
//!   rationals, scipy, statsmodels, mpmath) to 1e-9 or better, never against this code's own
//!   output.

pub mod agreement;
pub mod chi_square;
pub mod classification;
pub mod descriptive;
pub mod fisher;
pub mod multiple;
pub mod partition;
pub mod proportion;
pub mod random;
mod summation;
pub mod weighting;

use crate::{Error, Location};

/// The error for a value that must be a finite number of at least zero.
/// Checks that a table has at least one row and column and that every row has the first
/// row's length; returns the number of columns.
fn rectangular<T, R: AsRef<[T]>>(table: &[R]) -> crate::Result<usize> {
    let columns = table.first().map_or(0, |row| row.as_ref().len());
    if columns == 0 {
        return Err(Error::data(
            Location::default(),
            "expected a table with at least one row and one column, found none",
        ));
    }
    for (r, row) in table.iter().enumerate() {
        if row.as_ref().len() != columns {
            return Err(Error::data(
                Location::default(),
                format!(
                    "row {}: expected {columns} columns like the first row, found {}",
                    r + 1,
                    row.as_ref().len()
                ),
            ));
        }
    }
    Ok(columns)
}

fn negative_or_not_finite(what: &str, value: f64) -> Error {
    Error::data(
        Location::default(),
        format!("{what}: expected a finite number of at least 0, found {value}"),
    )
}

/// Checks that a value is finite and at least zero.
fn check_non_negative(what: &str, value: f64) -> crate::Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(negative_or_not_finite(what, value))
    }
}

/// Asserts that `actual` is within a relative tolerance of `expected` (absolute near zero).
#[cfg(test)]
#[track_caller]
fn assert_close(actual: f64, expected: f64, tolerance: f64) {
    let scale = expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance * scale,
        "expected {expected:e}, found {actual:e} (difference {:e}, tolerance {tolerance:e})",
        actual - expected
    );
}

/// Asserts that `actual` is within a relative tolerance of `expected`, however small `expected`
/// is: for p-values far below 1, an absolute tolerance would hide every digit.
#[cfg(test)]
#[track_caller]
fn assert_relative(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance * expected.abs(),
        "expected {expected:e}, found {actual:e} (relative difference {:e}, tolerance {tolerance:e})",
        (actual - expected).abs() / expected.abs()
    );
}
