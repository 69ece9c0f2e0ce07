//! Pearson chi-square tests: goodness of fit against expected shares or counts, and the test of
//! independence in an r x c table with expected counts, adjusted standardised residuals and
//! Cramér's V.
//!
//! No continuity (Yates) correction is applied, also for 2 x 2 tables, so a 2 x 2 p-value here
//! differs from R's `chisq.test` default; use Fisher's exact test for small 2 x 2 tables.

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::{check_non_negative, summation};
use crate::{Error, Location, Result};

/// How far shares may stray from summing to 1 (and expected counts from the observed total,
/// relative to it) before the input is refused: enough for shares typed with many decimals,
/// not enough to hide a missing category.
const SUM_TOLERANCE: f64 = 1e-6;

/// Expected counts below this are "small" for the usual rule of thumb (Cochran 1954): the
/// chi-square approximation is doubtful when more than 20% of expected counts are below 5.
pub const SMALL_EXPECTED_COUNT: f64 = 5.0;

/// The expected distribution for a goodness-of-fit test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expected<'a> {
    /// Shares of the total, from 0 to 1, summing to 1 (for example Census proportions).
    Shares(&'a [f64]),
    /// Expected counts, summing to the observed total.
    Counts(&'a [f64]),
    /// Any non-negative numbers proportional to the expected distribution, such as population
    /// counts; they are rescaled to the observed total (R's `rescale.p = TRUE`).
    Proportional(&'a [f64]),
}

/// A chi-square goodness-of-fit test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoodnessOfFit {
    /// Pearson's X² = Σ (O − E)² / E.
    pub statistic: f64,
    /// Degrees of freedom: the number of categories with a positive expected count, minus 1.
    pub df: usize,
    /// The upper-tail probability of X² under the chi-square distribution with `df` degrees of
    /// freedom; 1 when `df` is 0.
    pub p_value: f64,
    /// The observed total.
    pub n: f64,
    /// The expected count of each category.
    pub expected: Vec<f64>,
    /// Pearson residuals (O − E) / √E per category: negative where a group is under-represented;
    /// 0 for a category expected to be empty.
    pub residuals: Vec<f64>,
    /// The share (0 to 1) of the categories counted in `df` whose expected count is below 5.
    pub small_expected_share: f64,
}

/// Tests observed counts against an expected distribution (Pearson's chi-square goodness of
/// fit, no correction).
///
/// A category whose expected count is 0 and that has no observations is left out of the test
/// and of the degrees of freedom. Observations in a category expected to be empty are an error,
/// since X² would be infinite. With no observations at all there is nothing to test: X² is 0,
/// df 0 and p 1.
///
/// ```
/// use engage_core::stats::chi_square::{goodness_of_fit, Expected};
///
/// let test = goodness_of_fit(&[18.0, 55.0, 27.0], Expected::Shares(&[0.25, 0.5, 0.25]))?;
/// assert!((test.statistic - 2.62).abs() < 1e-12);
/// assert_eq!(test.df, 2);
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn goodness_of_fit(observed: &[f64], expected: Expected<'_>) -> Result<GoodnessOfFit> {
    for (index, &count) in observed.iter().enumerate() {
        check_non_negative(&format!("observed count {}", index + 1), count)?;
    }
    let (given, kind) = match expected {
        Expected::Shares(values) => (values, "expected share"),
        Expected::Counts(values) => (values, "expected count"),
        Expected::Proportional(values) => (values, "expected value"),
    };
    if given.len() != observed.len() {
        return Err(Error::data(
            Location::default(),
            format!(
                "expected {} expected values, one per observed category, found {}",
                observed.len(),
                given.len()
            ),
        ));
    }
    for (index, &value) in given.iter().enumerate() {
        check_non_negative(&format!("{kind} {}", index + 1), value)?;
    }
    let n = summation::sum(observed.iter().copied());
    let given_total = summation::sum(given.iter().copied());
    let expected: Vec<f64> = match expected {
        Expected::Shares(shares) => {
            if (given_total - 1.0).abs() > SUM_TOLERANCE {
                return Err(Error::data(
                    Location::default(),
                    format!("expected shares that sum to 1, found a sum of {given_total}"),
                ));
            }
            // Dividing by the total removes the last digits of drift in shares typed by hand.
            shares.iter().map(|share| n * share / given_total).collect()
        }
        Expected::Counts(counts) => {
            if (given_total - n).abs() > SUM_TOLERANCE * n.max(1.0) {
                return Err(Error::data(
                    Location::default(),
                    format!(
                        "expected counts that sum to the observed total {n}, found a sum of {given_total}"
                    ),
                ));
            }
            counts.to_vec()
        }
        Expected::Proportional(values) => {
            if given_total == 0.0 {
                return Err(Error::data(
                    Location::default(),
                    "expected values with a positive total, found all 0",
                ));
            }
            values.iter().map(|value| n * value / given_total).collect()
        }
    };

    let mut statistic = summation::NeumaierSum::default();
    let mut residuals = Vec::with_capacity(observed.len());
    let mut categories = 0usize;
    let mut small = 0usize;
    for (index, (&o, &e)) in observed.iter().zip(&expected).enumerate() {
        if e > 0.0 {
            categories += 1;
            if e < SMALL_EXPECTED_COUNT {
                small += 1;
            }
            statistic.add((o - e) * (o - e) / e);
            residuals.push((o - e) / e.sqrt());
        } else if o > 0.0 {
            return Err(Error::data(
                Location::default(),
                format!(
                    "category {}: found {o} observed where the expected count is 0; expected a positive expected count wherever there are observations",
                    index + 1
                ),
            ));
        } else {
            residuals.push(0.0);
        }
    }
    let df = categories.saturating_sub(1);
    let statistic = if df == 0 { 0.0 } else { statistic.value() };
    Ok(GoodnessOfFit {
        statistic,
        df,
        p_value: upper_tail(statistic, df),
        n,
        expected,
        residuals,
        small_expected_share: share_of(small, categories),
    })
}

/// A chi-square test of independence in an r x c table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Independence {
    /// Pearson's X² = Σ (O − E)² / E, without continuity correction.
    pub statistic: f64,
    /// Degrees of freedom (r' − 1)(c' − 1), counting only rows and columns that are not empty.
    pub df: usize,
    /// The upper-tail probability of X²; 1 when `df` is 0.
    pub p_value: f64,
    /// The table total.
    pub n: f64,
    /// Expected counts E = row total × column total / n, in the table's shape (0 in an empty
    /// row or column).
    pub expected: Vec<Vec<f64>>,
    /// The share (0 to 1) of cells in non-empty rows and columns whose expected count is below
    /// 5; above 0.2 the chi-square approximation is doubtful.
    pub small_expected_share: f64,
    /// Adjusted standardised residuals (Haberman 1973; R's `chisq.test()$stdres`):
    /// (O − E) / √(E (1 − row/n)(1 − column/n)). Beyond ±1.96 a cell differs from independence
    /// at the 5% level. 0 where the denominator is 0 (an empty row or column, or one that holds
    /// the whole table).
    pub adjusted_residuals: Vec<Vec<f64>>,
    /// Cramér's V = √(X² / (n (min(r', c') − 1))), from 0 (no association) to 1.
    pub cramers_v: f64,
}

/// The adjusted standardised residual of a cell (Haberman 1973): `(O - E) / sqrt(E (1 - R/n)
/// (1 - C/n))` with `E = R C / n`, for a cell of `observed` count in a row of total `row_total`
/// and a column of total `column_total`, out of `n`. It is also the z statistic of the 2 x 2
/// table that cell makes with the rest (this row or not, this column or not), so the cell of a
/// group and an answer says whether the group chose the answer more (positive) or less than
/// everyone else; beyond ±1.96 at the 5% level. 0 when a margin leaves nothing to compare.
#[must_use]
pub fn adjusted_residual(observed: f64, row_total: f64, column_total: f64, n: f64) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    let expected = row_total * column_total / n;
    let variance = expected * (1.0 - row_total / n) * (1.0 - column_total / n);
    if variance > 0.0 && variance.is_finite() {
        (observed - expected) / variance.sqrt()
    } else {
        0.0
    }
}

/// Tests rows against columns for independence (Pearson's chi-square, no continuity
/// correction), with expected counts, adjusted standardised residuals and Cramér's V.
///
/// Counts may be weighted. Empty rows and columns carry no information about association:
/// they are dropped from the degrees of freedom and from V, and their expected counts and
/// residuals are 0. A table with fewer than two non-empty rows or columns has df 0, X² 0,
/// p 1 and V 0.
pub fn independence<R: AsRef<[f64]>>(table: &[R]) -> Result<Independence> {
    let shape = check_table(table)?;
    let margins = Margins::of(table, shape.1);
    let (row_totals, column_totals, n) = (&margins.rows, &margins.columns, margins.n);
    let live_rows = row_totals.iter().filter(|&&total| total > 0.0).count();
    let live_columns = column_totals.iter().filter(|&&total| total > 0.0).count();
    let df = live_rows.saturating_sub(1) * live_columns.saturating_sub(1);

    let mut statistic = summation::NeumaierSum::default();
    let mut small = 0usize;
    let mut expected = Vec::with_capacity(table.len());
    let mut adjusted_residuals = Vec::with_capacity(table.len());
    for (row, &row_total) in table.iter().zip(row_totals) {
        let mut expected_row = Vec::with_capacity(shape.1);
        let mut residual_row = Vec::with_capacity(shape.1);
        for (&observed, &column_total) in row.as_ref().iter().zip(column_totals) {
            if row_total > 0.0 && column_total > 0.0 {
                let e = row_total * column_total / n;
                if e < SMALL_EXPECTED_COUNT {
                    small += 1;
                }
                statistic.add((observed - e) * (observed - e) / e);
                residual_row.push(adjusted_residual(observed, row_total, column_total, n));
                expected_row.push(e);
            } else {
                expected_row.push(0.0);
                residual_row.push(0.0);
            }
        }
        expected.push(expected_row);
        adjusted_residuals.push(residual_row);
    }
    let statistic = if df == 0 { 0.0 } else { statistic.value() };
    let smaller_side = live_rows.min(live_columns);
    let cramers_v = if df == 0 {
        0.0
    } else {
        // X² can exceed n (min − 1) by a rounding error in a perfectly associated table.
        (statistic / (n * (smaller_side - 1) as f64))
            .sqrt()
            .min(1.0)
    };
    Ok(Independence {
        statistic,
        df,
        p_value: upper_tail(statistic, df),
        n,
        expected,
        small_expected_share: share_of(small, live_rows * live_columns),
        adjusted_residuals,
        cramers_v,
    })
}

/// Cramér's V for an r x c table: √(X² / (n (min(r, c) − 1))) with Pearson's X² (no
/// correction), ignoring empty rows and columns; 0 when fewer than two rows or columns are
/// non-empty. See [`independence`].
pub fn cramers_v<R: AsRef<[f64]>>(table: &[R]) -> Result<f64> {
    independence(table).map(|test| test.cramers_v)
}

/// The chi-square upper tail P(X ≥ statistic) with `df` degrees of freedom; 1 for df 0.
fn upper_tail(statistic: f64, df: usize) -> f64 {
    if df == 0 || statistic <= 0.0 {
        return 1.0;
    }
    let distribution = ChiSquared::new(df as f64).expect("df is positive");
    distribution.sf(statistic).clamp(0.0, 1.0)
}

fn share_of(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Checks that a table is rectangular, not empty, and holds finite counts of at least 0;
/// returns (rows, columns).
fn check_table<R: AsRef<[f64]>>(table: &[R]) -> Result<(usize, usize)> {
    let columns = super::rectangular(table)?;
    for (r, row) in table.iter().enumerate() {
        for (c, &count) in row.as_ref().iter().enumerate() {
            check_non_negative(&format!("row {}, column {}", r + 1, c + 1), count)?;
        }
    }
    Ok((table.len(), columns))
}

/// Row totals, column totals and the grand total of a checked table.
struct Margins {
    rows: Vec<f64>,
    columns: Vec<f64>,
    n: f64,
}

impl Margins {
    fn of<R: AsRef<[f64]>>(table: &[R], columns: usize) -> Margins {
        let rows: Vec<f64> = table
            .iter()
            .map(|row| summation::sum(row.as_ref().iter().copied()))
            .collect();
        let columns: Vec<f64> = (0..columns)
            .map(|c| summation::sum(table.iter().map(|row| row.as_ref()[c])))
            .collect();
        let n = summation::sum(rows.iter().copied());
        Margins { rows, columns, n }
    }
}

#[cfg(test)]
// Oracle values are copied digit for digit from their source (mpmath prints 19-20 digits), so
// they can be compared by eye; grouping or trimming them would make that harder.
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::stats::{assert_close, assert_relative};
    use proptest::prelude::*;

    /// Goodness-of-fit rows of stats-oracles.md section 2: X² exact or from scipy, p-values
    /// from scipy and mpmath's regularised upper incomplete gamma, which agree to 15 digits.
    /// Inputs: R `chisq.test` help examples (x = c(A = 20, B = 15, C = 25) and the
    /// c(89, 37, 30, 28, 2) examples) and the scipy `chisquare` documentation examples.
    #[test]
    fn goodness_of_fit_matches_scipy_and_mpmath() {
        let equal = |k: usize| vec![1.0 / k as f64; k];
        let cases: [(&[f64], Expected<'_>, f64, usize, f64); 7] = [
            (
                &[30.0, 14.0, 34.0, 45.0, 57.0, 20.0],
                Expected::Shares(&equal(6)),
                37.78,
                5,
                4.1773254752651869e-07,
            ),
            (
                &[18.0, 55.0, 27.0],
                Expected::Shares(&[0.25, 0.5, 0.25]),
                2.62,
                2,
                0.26982005638468684,
            ),
            (
                &[20.0, 15.0, 25.0],
                Expected::Shares(&equal(3)),
                2.5,
                2,
                0.28650479686019010,
            ),
            (
                &[89.0, 37.0, 30.0, 28.0, 2.0],
                Expected::Shares(&[0.40, 0.20, 0.20, 0.15, 0.05]),
                9.9901433691756272,
                4,
                0.040594043344781214,
            ),
            (
                &[89.0, 37.0, 30.0, 28.0, 2.0],
                Expected::Shares(&[0.40, 0.20, 0.20, 0.19, 0.01]),
                5.7947085455574416,
                4,
                0.21501309592078602,
            ),
            (
                &[16.0, 18.0, 16.0, 14.0, 12.0, 12.0],
                Expected::Shares(&equal(6)),
                2.0,
                5,
                0.84914503608460956,
            ),
            (
                &[16.0, 18.0, 16.0, 14.0, 12.0, 12.0],
                Expected::Counts(&[16.0, 16.0, 16.0, 16.0, 16.0, 8.0]),
                3.5,
                5,
                0.62338762774958223,
            ),
        ];
        for (observed, expected, statistic, df, p) in cases {
            let test = goodness_of_fit(observed, expected).unwrap();
            assert_close(test.statistic, statistic, 1e-12);
            assert_eq!(test.df, df);
            assert_relative(test.p_value, p, 1e-12);
        }
    }

    /// R `chisq.test(x, p = p)` help example: expected counts are n times p with n = 186, so
    /// 74.4, 37.2, 37.2, 27.9, 9.3 by hand. (stats-oracles.md section 2 lists 71.2, 35.6, ...,
    /// which is 178 times p and does not match its own X² of 9.990; 186 times p does.)
    #[test]
    fn goodness_of_fit_reports_expected_counts_and_residuals() {
        let observed = [89.0, 37.0, 30.0, 28.0, 2.0];
        let test =
            goodness_of_fit(&observed, Expected::Shares(&[0.40, 0.20, 0.20, 0.15, 0.05])).unwrap();
        for (e, want) in test.expected.iter().zip([74.4, 37.2, 37.2, 27.9, 9.3]) {
            assert_close(*e, want, 1e-12);
        }
        assert_close(test.residuals[4], (2.0 - 9.3) / 9.3f64.sqrt(), 1e-12);
        assert_eq!(test.small_expected_share, 0.0);
        // Population counts in the same proportions give the same test.
        let population = [4000.0, 2000.0, 2000.0, 1500.0, 500.0];
        let rescaled = goodness_of_fit(&observed, Expected::Proportional(&population)).unwrap();
        assert_close(rescaled.statistic, test.statistic, 1e-13);
    }

    #[test]
    fn goodness_of_fit_drops_categories_expected_to_be_empty() {
        // Same as the R "Case A" example with an extra empty, impossible category.
        let test = goodness_of_fit(
            &[20.0, 15.0, 25.0, 0.0],
            Expected::Counts(&[20.0, 20.0, 20.0, 0.0]),
        )
        .unwrap();
        assert_eq!(test.df, 2);
        assert_close(test.statistic, 2.5, 1e-14);
        assert_eq!(test.residuals[3], 0.0);
        let empty = goodness_of_fit(&[0.0, 0.0], Expected::Shares(&[0.5, 0.5])).unwrap();
        assert_eq!((empty.statistic, empty.df, empty.p_value), (0.0, 0, 1.0));
    }

    #[test]
    fn goodness_of_fit_refuses_impossible_input() {
        let shares = goodness_of_fit(&[1.0, 2.0], Expected::Shares(&[0.5, 0.4])).unwrap_err();
        assert_eq!(
            shares.to_string(),
            "expected shares that sum to 1, found a sum of 0.9"
        );
        let counts = goodness_of_fit(&[1.0, 2.0], Expected::Counts(&[1.0, 1.0])).unwrap_err();
        assert_eq!(
            counts.to_string(),
            "expected counts that sum to the observed total 3, found a sum of 2"
        );
        assert!(goodness_of_fit(&[1.0, 2.0], Expected::Shares(&[1.0])).is_err());
        assert!(goodness_of_fit(&[-1.0, 2.0], Expected::Shares(&[0.5, 0.5])).is_err());
        assert!(goodness_of_fit(&[1.0, 2.0], Expected::Counts(&[3.0, 0.0])).is_err());
    }

    /// Agresti (2007), An Introduction to Categorical Data Analysis, p. 39: party
    /// identification by gender. Adjusted residuals 4.502054, 0.6994517, -5.315946 are printed
    /// by the `chisq.posthoc.test` R help page ("Data from Agresti(2007) p.39"); the full digits
    /// are scipy / mpmath (stats-oracles.md section 3a).
    #[test]
    fn independence_matches_agresti_party_by_gender() {
        let table = [[762.0, 327.0, 468.0], [484.0, 239.0, 477.0]];
        let test = independence(&table).unwrap();
        assert_close(test.statistic, 30.070149095754672, 1e-12);
        assert_eq!(test.df, 2);
        assert_relative(test.p_value, 2.9535891832117580e-07, 1e-10);
        let expected = [
            [703.671381936888, 319.645266594124, 533.683351468988],
            [542.328618063112, 246.354733405876, 411.316648531012],
        ];
        let residuals = [4.502053521087, 0.699451732984, -5.315945542705];
        for c in 0..3 {
            assert_close(test.expected[0][c], expected[0][c], 1e-12);
            assert_close(test.expected[1][c], expected[1][c], 1e-12);
            assert_close(test.adjusted_residuals[0][c], residuals[c], 1e-11);
            assert_close(test.adjusted_residuals[1][c], -residuals[c], 1e-11);
        }
        let published = [4.502054, 0.6994517, -5.315946];
        for (residual, shown) in test.adjusted_residuals[0].iter().zip(published) {
            assert!((residual - shown).abs() < 1e-6);
        }
        assert_close(test.cramers_v, 0.10443580235646777, 1e-12);
        assert_eq!(test.small_expected_share, 0.0);
    }

    /// Agresti (2002), Categorical Data Analysis, Table 3.11 (GSS 1991, sex by party), and the
    /// 2 x 3 homework solution at wizedu.com/questions/214551, which publishes X² = 6.891667643,
    /// p = 0.03187817 and the expected counts; full digits scipy (stats-oracles.md 3b, 3c).
    #[test]
    fn independence_matches_two_more_published_tables() {
        let gss = independence(&[[279.0, 73.0, 225.0], [165.0, 47.0, 191.0]]).unwrap();
        assert_close(gss.statistic, 7.0095436168239364, 1e-12);
        assert_relative(gss.p_value, 0.030053630547446072, 1e-10);
        for (residual, want) in
            gss.adjusted_residuals[0]
                .iter()
                .zip([2.293160298625, 0.464794088224, -2.617779765875])
        {
            assert_close(*residual, want, 1e-11);
        }
        assert_close(gss.cramers_v, 0.084573018908936695, 1e-12);

        let wizedu = independence(&[[36.0, 45.0, 25.0], [51.0, 38.0, 13.0]]).unwrap();
        assert_close(wizedu.statistic, 6.8916676432773643, 1e-12);
        assert!((wizedu.statistic - 6.891667643).abs() < 1e-9);
        assert_relative(wizedu.p_value, 0.031878170249586736, 1e-10);
        let published = [
            [44.33653846, 42.29807692, 19.36538462],
            [42.66346154, 40.70192308, 18.63461538],
        ];
        for (row, want_row) in wizedu.expected.iter().zip(published) {
            for (e, want) in row.iter().zip(want_row) {
                assert!((e - want).abs() < 1e-8);
            }
        }
        for (residual, want) in wizedu.adjusted_residuals[0].iter().zip([
            -2.34409619892,
            0.765280966202,
            2.022506852142,
        ]) {
            assert_close(*residual, want, 1e-11);
        }
        assert_close(wizedu.cramers_v, 0.18202477170911809, 1e-12);
    }

    /// Minitab help, "Example of Chi-Square Test for Association": Pearson 4.320, DF 2,
    /// P 0.115, expected 25, 22.5, 2.5 in both rows; more digits scipy (stats-oracles.md 3d).
    /// Two of six expected counts are below 5, which Minitab also warns about.
    #[test]
    fn independence_matches_the_minitab_example() {
        let test = independence(&[[28.0, 18.0, 4.0], [22.0, 27.0, 1.0]]).unwrap();
        assert_close(test.statistic, 4.32, 1e-12);
        assert_relative(test.p_value, 0.11532512103806252, 1e-10);
        assert_eq!(test.expected[1], vec![25.0, 22.5, 2.5]);
        assert_close(test.small_expected_share, 2.0 / 6.0, 1e-15);
        for (residual, want) in
            test.adjusted_residuals[0]
                .iter()
                .zip([1.2, -1.809068067467, 1.376494403223])
        {
            assert_close(*residual, want, 1e-11);
        }
        assert_close(test.cramers_v, 0.20784609690826528, 1e-12);
    }

    /// Penn State STAT 504 section 10.1.3, GSS 1992 political view by presidential vote (the
    /// page's printed total of 1774 is a typo: the cells add to 1776). X² and residuals from
    /// scipy, p from mpmath (stats-oracles.md 3e).
    #[test]
    fn independence_of_a_three_by_three_with_a_tiny_p_value() {
        let table = [
            [70.0, 324.0, 56.0],
            [195.0, 332.0, 101.0],
            [382.0, 199.0, 117.0],
        ];
        let test = independence(&table).unwrap();
        assert_eq!(test.n, 1776.0);
        assert_close(test.statistic, 238.53542153270929, 1e-12);
        assert_eq!(test.df, 4);
        assert_relative(test.p_value, 1.9179637269495746e-50, 1e-9);
        let residuals = [
            [-10.649237193273, 11.722549269021, -2.027740275008],
            [-3.484126381263, 2.94715193385, 0.565094696769],
            [12.893716350076, -13.323901719267, 1.252592036963],
        ];
        for (row, want_row) in test.adjusted_residuals.iter().zip(residuals) {
            for (residual, want) in row.iter().zip(want_row) {
                assert_close(*residual, want, 1e-11);
            }
        }
        assert_close(test.cramers_v, 0.25914328574868211, 1e-12);
    }

    /// A 3 x 3 worked by hand: every expected count is 20, so X² = 4 x 5 = 20, the corner
    /// Pearson residuals are ±√5 and the adjusted ones ±√5 / (2/3); V = √(20/360). The p-value
    /// is mpmath's Q(2, 10) (stats-oracles.md 3f).
    #[test]
    fn independence_of_a_table_worked_by_hand() {
        let test =
            independence(&[[10.0, 20.0, 30.0], [20.0, 20.0, 20.0], [30.0, 20.0, 10.0]]).unwrap();
        assert_close(test.statistic, 20.0, 1e-13);
        assert_relative(test.p_value, 4.9939922738733337e-04, 1e-12);
        let corner = 5f64.sqrt() * 1.5;
        assert_close(test.adjusted_residuals[0][0], -corner, 1e-13);
        assert_close(test.adjusted_residuals[2][0], corner, 1e-13);
        assert_close(test.adjusted_residuals[0][2], corner, 1e-13);
        assert_close(test.adjusted_residuals[1][1], 0.0, 1e-13);
        assert_close(test.cramers_v, (20.0f64 / 360.0).sqrt(), 1e-14);
    }

    /// R `prop.test(smokers, patients)` help example as a 2 x 4 table: X² = 12.600411297127634,
    /// df 3, p = 0.005585476661627036 (scipy; R prints X-squared = 12.6, p-value = 0.005585).
    /// R's `chisq.test` help example matrix(c(12, 5, 7, 7), ncol = 2) without Yates:
    /// X² = 1.3716460268317854, p = 0.24152927476368340 (stats-oracles.md 3g, 9).
    #[test]
    fn independence_matches_the_r_prop_test_and_chisq_test_examples() {
        let smokers = [83.0, 90.0, 129.0, 70.0];
        let patients = [86.0, 93.0, 136.0, 82.0];
        let others: Vec<f64> = patients.iter().zip(smokers).map(|(p, s)| p - s).collect();
        let test = independence(&[smokers.to_vec(), others]).unwrap();
        assert_close(test.statistic, 12.600411297127634, 1e-12);
        assert_eq!(test.df, 3);
        assert_relative(test.p_value, 0.005585476661627036, 1e-10);

        let two_by_two = independence(&[[12.0, 7.0], [5.0, 7.0]]).unwrap();
        assert_close(two_by_two.statistic, 1.3716460268317854, 1e-12);
        assert_relative(two_by_two.p_value, 0.24152927476368340, 1e-10);
        assert_close(two_by_two.cramers_v, 0.21034886742464717, 1e-12);
    }

    /// Regression guard: an empty row or column must not turn E into 0/0 and the whole result
    /// into NaN. The Minitab table with an empty row and column added gives the Minitab answer.
    #[test]
    fn empty_rows_and_columns_are_dropped_without_nan() {
        let padded = [
            [28.0, 0.0, 18.0, 4.0],
            [0.0, 0.0, 0.0, 0.0],
            [22.0, 0.0, 27.0, 1.0],
        ];
        let test = independence(&padded).unwrap();
        assert_eq!(test.df, 2);
        assert_close(test.statistic, 4.32, 1e-12);
        assert_close(test.cramers_v, 0.20784609690826528, 1e-12);
        assert_eq!(test.expected[1], vec![0.0; 4]);
        assert_eq!(test.adjusted_residuals[0][1], 0.0);
        assert_close(test.small_expected_share, 2.0 / 6.0, 1e-15);

        for degenerate in [
            vec![vec![0.0, 0.0], vec![0.0, 0.0]],
            vec![vec![3.0, 4.0], vec![0.0, 0.0]],
        ] {
            let test = independence(&degenerate).unwrap();
            assert_eq!(
                (test.statistic, test.df, test.p_value, test.cramers_v),
                (0.0, 0, 1.0, 0.0)
            );
            assert!(
                test.adjusted_residuals
                    .iter()
                    .flatten()
                    .all(|r| r.is_finite())
            );
        }
    }

    #[test]
    fn perfect_association_has_cramers_v_of_one() {
        assert_close(cramers_v(&[[10.0, 0.0], [0.0, 5.0]]).unwrap(), 1.0, 1e-15);
    }

    #[test]
    fn independence_refuses_ragged_or_negative_tables() {
        let ragged: [&[f64]; 2] = [&[1.0, 2.0], &[3.0]];
        assert_eq!(
            independence(&ragged).unwrap_err().to_string(),
            "row 2: expected 2 columns like the first row, found 1"
        );
        assert_eq!(
            independence(&[[1.0, -2.0]]).unwrap_err().to_string(),
            "row 1, column 2: expected a finite number of at least 0, found -2"
        );
        let none: [[f64; 0]; 0] = [];
        assert!(independence(&none).is_err());
    }

    /// Counts as tables of survey answers have them: many zeros, small and large whole counts,
    /// and weighted (fractional) counts.
    fn count() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            (0u32..20).prop_map(f64::from),
            (0u32..1_000_000).prop_map(f64::from),
            0.0f64..1e4,
        ]
    }

    proptest! {
        #[test]
        fn independence_p_values_and_cramers_v_stay_in_the_unit_interval(
            (rows, columns, cells) in (1usize..6, 1usize..6)
                .prop_flat_map(|(r, c)| (Just(r), Just(c), prop::collection::vec(count(), r * c))),
        ) {
            let table: Vec<&[f64]> = cells.chunks(columns).collect();
            prop_assert_eq!(table.len(), rows);
            let test = independence(&table).unwrap();
            prop_assert!((0.0..=1.0).contains(&test.p_value), "p = {}", test.p_value);
            prop_assert!(test.statistic >= 0.0 && test.statistic.is_finite());
            prop_assert!((0.0..=1.0).contains(&test.cramers_v), "V = {}", test.cramers_v);
            prop_assert!((0.0..=1.0).contains(&test.small_expected_share));
            // Expected counts keep the margins of the observed table.
            for (observed, expected) in table.iter().zip(&test.expected) {
                let observed: f64 = observed.iter().sum();
                if observed > 0.0 {
                    let expected: f64 = expected.iter().sum();
                    prop_assert!((observed - expected).abs() <= 1e-9 * observed.max(1.0));
                }
            }
            if test.df == 0 {
                prop_assert_eq!(test.p_value, 1.0);
            }
        }

        #[test]
        fn goodness_of_fit_p_values_stay_in_the_unit_interval(
            pairs in prop::collection::vec((count(), 0.001f64..1.0), 1..12),
        ) {
            let observed: Vec<f64> = pairs.iter().map(|pair| pair.0).collect();
            let total: f64 = pairs.iter().map(|pair| pair.1).sum();
            let shares: Vec<f64> = pairs.iter().map(|pair| pair.1 / total).collect();
            let test = goodness_of_fit(&observed, Expected::Shares(&shares)).unwrap();
            prop_assert!((0.0..=1.0).contains(&test.p_value), "p = {}", test.p_value);
            prop_assert!(test.statistic >= 0.0 && test.statistic.is_finite());
            prop_assert!(test.residuals.iter().all(|residual| residual.is_finite()));
            let proportional = goodness_of_fit(&observed, Expected::Proportional(&shares)).unwrap();
            prop_assert!((proportional.p_value - test.p_value).abs() <= 1e-9);
        }
    }

    /// By hand: a cell of 3 in a row of 4 and a column of 4 out of 8 expects 2, with variance
    /// 2 x ½ x ½ = ½, so (3 - 2) / √½ = √2; the same cell of the tea-tasting table. A cell of
    /// 30 in a row of 40 and a column of 50 out of 100 expects 20, variance 20 x 0.6 x 0.5 = 6:
    /// 10 / √6 = 4.0824829046386. As the z of the collapsed 2 x 2 table [[30, 10], [20, 40]],
    /// z² is its Pearson X² = 100 (30 x 40 - 10 x 20)² / (40 x 60 x 50 x 50) = 16.6667.
    #[test]
    fn adjusted_residuals_by_hand() {
        assert_close(adjusted_residual(3.0, 4.0, 4.0, 8.0), 2f64.sqrt(), 1e-12);
        let z = adjusted_residual(30.0, 40.0, 50.0, 100.0);
        assert_close(z, 10.0 / 6f64.sqrt(), 1e-12);
        assert_close(
            z * z,
            100.0 * 1000.0f64.powi(2) / (40.0 * 60.0 * 50.0 * 50.0),
            1e-9,
        );
        assert_eq!(adjusted_residual(3.0, 8.0, 4.0, 8.0), 0.0);
        assert_eq!(adjusted_residual(0.0, 0.0, 0.0, 0.0), 0.0);
    }
}
