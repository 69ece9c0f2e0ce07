//! Proportions: the Wilson score interval (also for weighted data through an effective sample
//! size), the pooled two-proportion z-test, and percentages of a base.

use serde::Serialize;
use statrs::function::erf::erfc;

use super::{check_non_negative, summation};
use crate::{Error, Location, Result};

/// The standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975).
pub const Z_95: f64 = 1.959_963_984_540_054;

/// A proportion with its Wilson score confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ProportionInterval {
    /// The observed proportion, from 0 to 1; 0 when `n` is 0.
    pub estimate: f64,
    /// The lower confidence limit, from 0 to 1.
    pub lower: f64,
    /// The upper confidence limit, from 0 to 1.
    pub upper: f64,
    /// The sample size used: the base, or the effective sample size for weighted data.
    pub n: f64,
    /// The normal quantile used ([`Z_95`] for a 95% interval).
    pub z: f64,
}

/// The 95% Wilson score interval for `successes` out of `n` (Wilson 1927; Newcombe 1998,
/// method 3, without continuity correction).
///
/// Both may be weighted or otherwise non-integer. With `n` = 0 there is no information: the
/// interval is the whole of [0, 1] (the formula's limit as n goes to 0) and the estimate is 0.
///
/// ```
/// use engage_core::stats::proportion::wilson;
///
/// // Newcombe (1998), Table I: 81 of 263 gives 0.2553 to 0.3662.
/// let interval = wilson(81.0, 263.0)?;
/// assert_eq!(format!("{:.4}-{:.4}", interval.lower, interval.upper), "0.2553-0.3662");
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn wilson(successes: f64, n: f64) -> Result<ProportionInterval> {
    wilson_with_z(successes, n, Z_95)
}

/// The Wilson score interval for `successes` out of `n` with normal quantile `z` (for example
/// 2.5758 for 99%). See [`wilson`].
pub fn wilson_with_z(successes: f64, n: f64, z: f64) -> Result<ProportionInterval> {
    check_non_negative("successes", successes)?;
    check_non_negative("sample size", n)?;
    if successes > n {
        return Err(Error::data(
            Location::default(),
            format!("expected at most {n} successes (the sample size), found {successes}"),
        ));
    }
    let estimate = if n > 0.0 { successes / n } else { 0.0 };
    wilson_for_proportion(estimate, n, z)
}

/// The Wilson score interval for an observed `proportion` with sample size `n`, which may be
/// an effective sample size (Kish's, for weighted data) and need not be a whole number.
///
/// With `n` = 0 the interval is [0, 1]. See [`wilson`].
pub fn wilson_for_proportion(proportion: f64, n: f64, z: f64) -> Result<ProportionInterval> {
    if !(0.0..=1.0).contains(&proportion) {
        return Err(Error::data(
            Location::default(),
            format!("expected a proportion from 0 to 1, found {proportion}"),
        ));
    }
    check_non_negative("sample size", n)?;
    if !(z.is_finite() && z > 0.0) {
        return Err(Error::data(
            Location::default(),
            format!("expected a positive normal quantile such as 1.96, found {z}"),
        ));
    }
    if n == 0.0 {
        return Ok(ProportionInterval {
            estimate: 0.0,
            lower: 0.0,
            upper: 1.0,
            n,
            z,
        });
    }
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (proportion + z2 / (2.0 * n)) / denominator;
    let half = z * (proportion * (1.0 - proportion) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    // At p = 0 the centre and half-width are equal in exact arithmetic, so the lower limit is
    // 0; in floating point the difference can come out as +-1e-17. Likewise the upper limit at
    // p = 1 can come out one ulp below 1. Pin both, and keep the limits either side of the
    // estimate, which rounding could otherwise cross when n is astronomically large.
    let lower = if proportion == 0.0 {
        0.0
    } else {
        (centre - half).clamp(0.0, proportion)
    };
    let upper = if proportion == 1.0 {
        1.0
    } else {
        (centre + half).clamp(proportion, 1.0)
    };
    Ok(ProportionInterval {
        estimate: proportion,
        lower,
        upper,
        n,
        z,
    })
}

/// The pooled two-proportion z-test of group 1 against group 2.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TwoProportionTest {
    /// The proportion in group 1.
    pub proportion_1: f64,
    /// The proportion in group 2.
    pub proportion_2: f64,
    /// Group 1's proportion minus group 2's.
    pub difference: f64,
    /// The pooled proportion (x₁ + x₂) / (n₁ + n₂) used for the standard error.
    pub pooled: f64,
    /// The z statistic; its square is R's `prop.test(correct = FALSE)` X².
    pub z: f64,
    /// The two-sided p-value, 2(1 − Φ(|z|)).
    pub p_value: f64,
}

/// Tests whether two independent proportions differ: z = (p₁ − p₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂))
/// with the pooled p̄, and a two-sided normal p-value.
///
/// Counts may be weighted (pass effective sample sizes as the `n`s). Each group must have a
/// positive size. When the pooled proportion is 0 or 1 the groups cannot differ: z is 0 and the
/// p-value 1.
pub fn two_proportion_z_test(
    successes_1: f64,
    n_1: f64,
    successes_2: f64,
    n_2: f64,
) -> Result<TwoProportionTest> {
    for (group, successes, n) in [(1, successes_1, n_1), (2, successes_2, n_2)] {
        check_non_negative(&format!("group {group} successes"), successes)?;
        check_non_negative(&format!("group {group} size"), n)?;
        if n == 0.0 {
            return Err(Error::data(
                Location::default(),
                format!("group {group}: expected at least one respondent, found none"),
            ));
        }
        if successes > n {
            return Err(Error::data(
                Location::default(),
                format!("group {group}: expected at most {n} successes, found {successes}"),
            ));
        }
    }
    let proportion_1 = successes_1 / n_1;
    let proportion_2 = successes_2 / n_2;
    let pooled = (successes_1 + successes_2) / (n_1 + n_2);
    let variance = pooled * (1.0 - pooled) * (1.0 / n_1 + 1.0 / n_2);
    let difference = proportion_1 - proportion_2;
    let (z, p_value) = if variance > 0.0 {
        let z = difference / variance.sqrt();
        (z, erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0))
    } else {
        (0.0, 1.0)
    };
    Ok(TwoProportionTest {
        proportion_1,
        proportion_2,
        difference,
        pooled,
        z,
        p_value,
    })
}

/// Each count as a percentage (0 to 100) of their total; all 0 when the total is 0.
///
/// Percentages are not rounded: round only when showing them.
pub fn percentages(counts: &[f64]) -> Result<Vec<f64>> {
    for (index, &count) in counts.iter().enumerate() {
        check_non_negative(&format!("count {}", index + 1), count)?;
    }
    let total = summation::sum(counts.iter().copied());
    if total == 0.0 {
        return Ok(vec![0.0; counts.len()]);
    }
    Ok(counts.iter().map(|count| 100.0 * count / total).collect())
}

#[cfg(test)]
// Oracle values are copied digit for digit from their source (mpmath prints 19-20 digits), so
// they can be compared by eye; grouping or trimming them would make that harder.
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::stats::{assert_close, assert_relative};
    use proptest::prelude::*;

    /// Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion",
    /// Statistics in Medicine 17:857-872, Table I, method 3 (4 decimals published); the full
    /// digits are mpmath at 40 digits (testdata/oracles/stats-oracles.md section 1).
    #[test]
    fn wilson_matches_newcombe_table_one() {
        let cases = [
            (
                81.0,
                263.0,
                0.25528851987827423,
                0.36620957698280006,
                0.2553,
                0.3662,
            ),
            (
                15.0,
                148.0,
                0.0623863995307363,
                0.160487241723308,
                0.0624,
                0.1605,
            ),
            (0.0, 20.0, 0.0, 0.161125158052819, 0.0, 0.1611),
            (
                1.0,
                29.0,
                0.00611321429276266,
                0.171755218793203,
                0.0061,
                0.1718,
            ),
        ];
        for (x, n, lower, upper, published_lower, published_upper) in cases {
            let interval = wilson(x, n).unwrap();
            assert_close(interval.lower, lower, 1e-12);
            assert_close(interval.upper, upper, 1e-12);
            assert!((interval.lower - published_lower).abs() < 5e-5);
            assert!((interval.upper - published_upper).abs() < 5e-5);
            assert_eq!(interval.estimate, x / n);
        }
    }

    /// Independently computed with mpmath at 40 digits and statsmodels `proportion_confint`
    /// (stats-oracles.md section 1), including the edges p = 0 and p = 1.
    #[test]
    fn wilson_matches_computed_values_at_the_edges() {
        let cases = [
            (29.0, 29.0, 0.883030201500259, 1.0),
            (0.0, 10.0, 0.0, 0.27753279986288920),
            (10.0, 10.0, 0.72246720013711080, 1.0),
            (1.0, 1.0, 0.20654931437723743, 1.0),
            (5.0, 20.0, 0.11186170140766567, 0.46870087761874401),
        ];
        for (x, n, lower, upper) in cases {
            let interval = wilson(x, n).unwrap();
            assert_close(interval.lower, lower, 1e-12);
            assert_close(interval.upper, upper, 1e-12);
        }
        // The exact edges, not merely close: a lower limit of -1e-17 would print as "-0.0%".
        assert_eq!(wilson(0.0, 10.0).unwrap().lower, 0.0);
        assert_eq!(wilson(10.0, 10.0).unwrap().upper, 1.0);
    }

    /// mpmath at 40 digits with p = 0.3 and a non-integer effective n of 123.4
    /// (stats-oracles.md section 1, last row).
    #[test]
    fn wilson_accepts_a_non_integer_effective_sample_size() {
        let interval = wilson_for_proportion(0.3, 123.4, Z_95).unwrap();
        assert_close(interval.lower, 0.22618555474132936, 1e-12);
        assert_close(interval.upper, 0.38589056842260708, 1e-12);
        // The same through successes = p * n.
        let same = wilson(0.3 * 123.4, 123.4).unwrap();
        assert_close(same.lower, interval.lower, 1e-14);
    }

    #[test]
    fn wilson_of_an_empty_base_is_the_unit_interval() {
        let interval = wilson(0.0, 0.0).unwrap();
        assert_eq!(
            (interval.estimate, interval.lower, interval.upper),
            (0.0, 0.0, 1.0)
        );
    }

    #[test]
    fn wilson_rejects_impossible_input() {
        assert!(wilson(-1.0, 10.0).is_err());
        assert!(wilson(11.0, 10.0).is_err());
        assert!(wilson(f64::NAN, 10.0).is_err());
        assert!(wilson_for_proportion(1.5, 10.0, Z_95).is_err());
        assert!(wilson_with_z(1.0, 10.0, 0.0).is_err());
        let message = wilson(11.0, 10.0).unwrap_err().to_string();
        assert_eq!(
            message,
            "expected at most 10 successes (the sample size), found 11"
        );
    }

    /// z and two-sided p: homeworksource.com/p/1008622 (z = -1.266015) and /p/997366
    /// (z = -0.3441, p = 0.7307) published; full digits from scipy and statsmodels
    /// `proportions_ztest`, which agree (stats-oracles.md section 9).
    #[test]
    fn two_proportion_test_matches_published_and_computed_values() {
        let cases = [
            (
                140.0,
                200.0,
                255.0,
                340.0,
                0.7314814814814815,
                -1.2660148261133798,
                0.20550777427449346,
            ),
            (
                28.0,
                254.0,
                36.0,
                301.0,
                0.1153153153153153,
                -0.34413486547989174,
                0.73074486355889397,
            ),
            (
                45.0,
                100.0,
                30.0,
                100.0,
                0.375,
                2.1908902300206645,
                0.028459736916310577,
            ),
            (
                120.0,
                400.0,
                150.0,
                400.0,
                0.3375,
                -2.2430886163681771,
                0.024891100606867608,
            ),
            (
                0.0,
                50.0,
                5.0,
                50.0,
                0.05,
                -2.2941573387056177,
                0.021781462791119500,
            ),
        ];
        for (x1, n1, x2, n2, pooled, z, p) in cases {
            let test = two_proportion_z_test(x1, n1, x2, n2).unwrap();
            assert_close(test.pooled, pooled, 1e-14);
            assert_close(test.z, z, 1e-12);
            assert_relative(test.p_value, p, 1e-10);
        }
        // 45/100 vs 30/100: z squared is 4.8 exactly (R prop.test(correct = FALSE) X-squared).
        let test = two_proportion_z_test(45.0, 100.0, 30.0, 100.0).unwrap();
        assert_close(test.z * test.z, 4.8, 1e-13);
    }

    #[test]
    fn two_proportion_test_with_no_variation_is_not_significant() {
        let test = two_proportion_z_test(0.0, 10.0, 0.0, 30.0).unwrap();
        assert_eq!((test.z, test.p_value), (0.0, 1.0));
        assert!(two_proportion_z_test(1.0, 0.0, 1.0, 10.0).is_err());
    }

    #[test]
    fn percentages_of_an_empty_base_are_zero() {
        assert_eq!(percentages(&[0.0, 0.0]).unwrap(), vec![0.0, 0.0]);
        assert_eq!(percentages(&[1.0, 3.0]).unwrap(), vec![25.0, 75.0]);
        assert!(percentages(&[1.0, -3.0]).is_err());
    }

    proptest! {
        #[test]
        fn wilson_contains_the_estimate_and_stays_in_the_unit_interval(
            n in 0.0f64..1e7,
            share in 0.0f64..=1.0,
            z in 0.5f64..4.0,
        ) {
            let interval = wilson_with_z((share * n).min(n), n, z).unwrap();
            prop_assert!(0.0 <= interval.lower);
            prop_assert!(interval.lower <= interval.estimate);
            prop_assert!(interval.estimate <= interval.upper);
            prop_assert!(interval.upper <= 1.0);
        }

        #[test]
        fn wilson_of_whole_counts_contains_the_estimate(n in 0u32..5000, x in 0u32..5000) {
            let x = x.min(n);
            let interval = wilson(f64::from(x), f64::from(n)).unwrap();
            prop_assert!(0.0 <= interval.lower && interval.upper <= 1.0);
            prop_assert!(interval.lower <= interval.estimate && interval.estimate <= interval.upper);
        }

        #[test]
        fn percentages_sum_to_one_hundred(counts in prop::collection::vec(0u32..100_000, 1..40)) {
            let counts: Vec<f64> = counts.into_iter().map(f64::from).collect();
            let shares = percentages(&counts).unwrap();
            let total: f64 = shares.iter().sum();
            if counts.iter().sum::<f64>() > 0.0 {
                prop_assert!((total - 100.0).abs() < 1e-9, "sum {}", total);
                // Rounded to one decimal for display, each is off by at most 0.05, so the shown
                // figures sum to 100 within 0.05 per category.
                let shown: f64 = shares.iter().map(|p| (p * 10.0).round() / 10.0).sum();
                prop_assert!((shown - 100.0).abs() <= 0.05 * counts.len() as f64 + 1e-9);
            } else {
                prop_assert_eq!(total, 0.0);
            }
        }
    }
}
