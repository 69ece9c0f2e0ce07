//! Descriptive statistics of numeric answers: mean, sample standard deviation, quantiles as
//! Excel's `QUARTILE.INC` and R's default compute them, median, minimum, maximum, weighted mean.
//!
//! Every function returns `None` for empty input rather than a NaN. Values are expected to be
//! finite: the caller parses answers and sets aside what is not a number (a NaN would pass
//! through into the result, and sorts after every number).

use serde::Serialize;

use super::{check_non_negative, summation};
use crate::{Error, Location, Result};

/// The arithmetic mean; `None` when there are no values.
#[must_use]
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(summation::sum(values.iter().copied()) / values.len() as f64)
}

/// The sample variance, with divisor n − 1 (Excel's `VAR.S`); `None` for fewer than two
/// values.
#[must_use]
pub fn sample_variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    // Two passes (mean first, then squared deviations) rather than Σx² − n x̄², which loses
    // every digit when the values are large and close together (1345, 1301, ...).
    let centre = mean(values)?;
    let squares = summation::sum(
        values
            .iter()
            .map(|value| (value - centre) * (value - centre)),
    );
    Some(squares / (values.len() - 1) as f64)
}

/// The sample standard deviation, with divisor n − 1 (Excel's `STDEV.S`, R's `sd`); `None` for
/// fewer than two values.
#[must_use]
pub fn sample_standard_deviation(values: &[f64]) -> Option<f64> {
    sample_variance(values).map(f64::sqrt)
}

/// The smallest value; `None` when there are none.
#[must_use]
pub fn min(values: &[f64]) -> Option<f64> {
    values.iter().copied().min_by(f64::total_cmp)
}

/// The largest value; `None` when there are none.
#[must_use]
pub fn max(values: &[f64]) -> Option<f64> {
    values.iter().copied().max_by(f64::total_cmp)
}

/// The quantile at `probability` (0 to 1) by linear interpolation between order statistics:
/// R's `quantile(type = 7)` (its default), numpy's default and Excel's `PERCENTILE.INC` and
/// `QUARTILE.INC`. With h = (n − 1)p and j = ⌊h⌋ it is x₍ⱼ₎ + (h − j)(x₍ⱼ₊₁₎ − x₍ⱼ₎) on the
/// sorted values, counting from 0.
///
/// `None` when there are no values or `probability` is not in [0, 1].
///
/// ```
/// use engage_core::stats::descriptive::quantile;
///
/// // Microsoft's QUARTILE.INC example: the first quartile of {1,2,4,7,8,9,10,12} is 3.5.
/// assert_eq!(quantile(&[1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 10.0, 12.0], 0.25), Some(3.5));
/// ```
#[must_use]
pub fn quantile(values: &[f64], probability: f64) -> Option<f64> {
    quantile_of_sorted(&sorted(values), probability)
}

/// The median: [`quantile`] at 0.5, so the mean of the middle two values when n is even.
#[must_use]
pub fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// The weighted mean Σ wᵢxᵢ / Σ wᵢ; `None` when there are no values or the weights sum to 0.
///
/// Weights must be finite and at least 0, one per value.
pub fn weighted_mean(values: &[f64], weights: &[f64]) -> Result<Option<f64>> {
    if values.len() != weights.len() {
        return Err(Error::data(
            Location::default(),
            format!(
                "expected one weight per value ({}), found {} weights",
                values.len(),
                weights.len()
            ),
        ));
    }
    for (index, &weight) in weights.iter().enumerate() {
        check_non_negative(&format!("weight {}", index + 1), weight)?;
    }
    let total = summation::sum(weights.iter().copied());
    if total == 0.0 {
        return Ok(None);
    }
    let weighted = summation::sum(
        values
            .iter()
            .zip(weights)
            .map(|(value, weight)| value * weight),
    );
    Ok(Some(weighted / total))
}

/// The weighted median: the smallest value at which the cumulative weight passes half the
/// total; where it reaches exactly half at a value, the midpoint of that value and the next
/// value with weight. With equal weights this is the ordinary [`median`] (the mean of the
/// middle two values for an even count), so weighted and unweighted figures agree in kind.
/// Values with weight 0 are ignored.
///
/// `None` when there are no values or the weights sum to 0. Weights must be finite and at
/// least 0, one per value.
///
/// ```
/// use engage_core::stats::descriptive::weighted_median;
///
/// // Cumulative weights 1, 4, 6 of 6: half (3) is passed at the value 2.
/// assert_eq!(weighted_median(&[1.0, 2.0, 3.0], &[1.0, 3.0, 2.0])?, Some(2.0));
/// // Cumulative 1, 2 of 4 reaches half exactly at 2: the midpoint of 2 and 3.
/// assert_eq!(weighted_median(&[1.0, 2.0, 3.0, 4.0], &[1.0; 4])?, Some(2.5));
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn weighted_median(values: &[f64], weights: &[f64]) -> Result<Option<f64>> {
    if values.len() != weights.len() {
        return Err(Error::data(
            Location::default(),
            format!(
                "expected one weight per value ({}), found {} weights",
                values.len(),
                weights.len()
            ),
        ));
    }
    for (index, &weight) in weights.iter().enumerate() {
        check_non_negative(&format!("weight {}", index + 1), weight)?;
    }
    let mut pairs: Vec<(f64, f64)> = values
        .iter()
        .zip(weights)
        .filter(|(_, weight)| **weight > 0.0)
        .map(|(value, weight)| (*value, *weight))
        .collect();
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let total = summation::sum(pairs.iter().map(|(_, weight)| *weight));
    if total <= 0.0 {
        return Ok(None);
    }
    let half = total / 2.0;
    // Sums of weights carry rounding; a cumulative weight this close to half is half.
    let tolerance = total * 1e-12;
    let mut cumulative = summation::NeumaierSum::default();
    let mut index = 0;
    while index < pairs.len() {
        let value = pairs[index].0;
        while index < pairs.len() && pairs[index].0 == value {
            cumulative.add(pairs[index].1);
            index += 1;
        }
        let reached = cumulative.value();
        if (reached - half).abs() <= tolerance {
            return Ok(Some(
                pairs
                    .get(index)
                    .map_or(value, |(next, _)| value + (next - value) / 2.0),
            ));
        }
        if reached > half {
            return Ok(Some(value));
        }
    }
    Ok(pairs.last().map(|(value, _)| *value))
}

/// The summary of a numeric question: count, mean, spread and five-number summary.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct NumericSummary {
    /// The number of values.
    pub n: usize,
    /// The mean.
    pub mean: f64,
    /// The sample standard deviation; `None` for a single value.
    pub standard_deviation: Option<f64>,
    /// The smallest value.
    pub min: f64,
    /// The first quartile (type 7, `QUARTILE.INC`).
    pub lower_quartile: f64,
    /// The median.
    pub median: f64,
    /// The third quartile (type 7, `QUARTILE.INC`).
    pub upper_quartile: f64,
    /// The largest value.
    pub max: f64,
}

/// Count, mean, standard deviation, minimum, quartiles and maximum in one pass over a sorted
/// copy; `None` when there are no values.
#[must_use]
pub fn numeric_summary(values: &[f64]) -> Option<NumericSummary> {
    let sorted = sorted(values);
    Some(NumericSummary {
        n: values.len(),
        mean: mean(values)?,
        standard_deviation: sample_standard_deviation(values),
        min: *sorted.first()?,
        lower_quartile: quantile_of_sorted(&sorted, 0.25)?,
        median: quantile_of_sorted(&sorted, 0.5)?,
        upper_quartile: quantile_of_sorted(&sorted, 0.75)?,
        max: *sorted.last()?,
    })
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    sorted
}

fn quantile_of_sorted(sorted: &[f64], probability: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&probability) {
        return None;
    }
    let position = (sorted.len() - 1) as f64 * probability;
    let below = position.floor();
    let fraction = position - below;
    let below = below as usize;
    let low = sorted[below];
    match sorted.get(below + 1) {
        // As R does, return the order statistic itself when there is nothing to interpolate,
        // so a quartile that falls on a value is that value exactly.
        Some(&high) if fraction > 0.0 && high != low => Some(low + fraction * (high - low)),
        _ => Some(low),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::assert_close;

    /// Microsoft support "QUARTILE.INC function" example ({1,2,4,7,8,9,10,12}, Q1 = 3.5) and
    /// "PERCENTILE.INC function" ({1,3,2,4} at 0.3 is 1.9); MESCIUS `SpreadJS` formula reference
    /// ({11,21,42,27,18,29,32,52}, Q1 = 20.25). The other values are exact by the type 7 rule
    /// (stats-oracles.md section 10), with numpy agreeing.
    #[test]
    fn quantiles_match_excel_quartile_inc() {
        let microsoft = [1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 10.0, 12.0];
        assert_close(quantile(&microsoft, 0.25).unwrap(), 3.5, 1e-14);
        assert_close(quantile(&microsoft, 0.5).unwrap(), 7.5, 1e-14);
        assert_close(quantile(&microsoft, 0.75).unwrap(), 9.25, 1e-14);
        assert_close(quantile(&microsoft, 0.3).unwrap(), 4.3, 1e-14);
        assert_close(quantile(&microsoft, 0.9).unwrap(), 10.6, 1e-14);
        assert_close(quantile(&[1.0, 3.0, 2.0, 4.0], 0.3).unwrap(), 1.9, 1e-14);
        let mescius = [11.0, 21.0, 42.0, 27.0, 18.0, 29.0, 32.0, 52.0];
        assert_close(quantile(&mescius, 0.25).unwrap(), 20.25, 1e-14);
        // Where QUARTILE.INC and QUARTILE.EXC differ most (Microsoft's QUARTILE.EXC data).
        let wide = [
            6.0, 7.0, 15.0, 36.0, 39.0, 40.0, 41.0, 42.0, 43.0, 47.0, 49.0,
        ];
        assert_eq!(quantile(&wide, 0.25), Some(25.5));
        assert_eq!(quantile(&wide, 0.75), Some(42.5));
        let ties = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(quantile(&ties, 0.25), Some(4.0));
        assert_eq!(median(&ties), Some(4.5));
        assert_eq!(quantile(&ties, 0.75), Some(5.5));
    }

    #[test]
    fn quantile_ends_are_min_and_max() {
        let values = [3.0, 1.0, 2.0];
        assert_eq!(quantile(&values, 0.0), Some(1.0));
        assert_eq!(quantile(&values, 1.0), Some(3.0));
        assert_eq!(quantile(&[5.0], 0.37), Some(5.0));
        assert_eq!(quantile(&values, 1.5), None);
        assert_eq!(quantile(&values, f64::NAN), None);
        assert_eq!(quantile(&[], 0.5), None);
    }

    /// Microsoft support "STDEV.S function" example: 27.46391572 (s² = 11314/15 exactly;
    /// mpmath gives 27.46391571984349551934). Wikipedia "Standard deviation": {2,4,4,4,5,5,7,9}
    /// has population SD 2, so sample SD √(32/7) (stats-oracles.md section 10).
    #[test]
    fn standard_deviation_matches_excel_stdev_s() {
        let tools = [
            1345.0, 1301.0, 1368.0, 1322.0, 1310.0, 1370.0, 1318.0, 1350.0, 1303.0, 1299.0,
        ];
        assert_close(sample_variance(&tools).unwrap(), 11314.0 / 15.0, 1e-13);
        assert_close(
            sample_standard_deviation(&tools).unwrap(),
            27.463_915_719_843_496,
            1e-14,
        );
        assert!((sample_standard_deviation(&tools).unwrap() - 27.463_915_72).abs() < 5e-9);
        let wikipedia = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_close(
            sample_standard_deviation(&wikipedia).unwrap(),
            (32.0f64 / 7.0).sqrt(),
            1e-15,
        );
        assert_eq!(mean(&wikipedia), Some(5.0));
        let microsoft = [1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 10.0, 12.0];
        assert_close(sample_variance(&microsoft).unwrap(), 863.0 / 56.0, 1e-14);
    }

    #[test]
    fn empty_input_gives_none() {
        assert_eq!(mean(&[]), None);
        assert_eq!(sample_standard_deviation(&[1.0]), None);
        assert_eq!(min(&[]), None);
        assert_eq!(max(&[]), None);
        assert_eq!(median(&[]), None);
        assert_eq!(numeric_summary(&[]), None);
        assert_eq!(weighted_mean(&[], &[]).unwrap(), None);
        assert_eq!(weighted_mean(&[1.0, 2.0], &[0.0, 0.0]).unwrap(), None);
    }

    #[test]
    fn numeric_summary_of_the_microsoft_example() {
        let summary = numeric_summary(&[12.0, 1.0, 9.0, 2.0, 8.0, 4.0, 10.0, 7.0]).unwrap();
        assert_eq!(summary.n, 8);
        assert_eq!(summary.mean, 53.0 / 8.0);
        assert_eq!((summary.min, summary.max), (1.0, 12.0));
        assert_eq!(
            (
                summary.lower_quartile,
                summary.median,
                summary.upper_quartile
            ),
            (3.5, 7.5, 9.25)
        );
        assert_close(
            summary.standard_deviation.unwrap(),
            (863.0f64 / 56.0).sqrt(),
            1e-14,
        );
        assert_eq!(numeric_summary(&[4.0]).unwrap().standard_deviation, None);
    }

    /// With equal weights the weighted median is the type 7 median, for odd and even counts
    /// and ties; by hand, values 1, 2, 3 weighted 1, 1, 4 pass half (3) of the total 6 only at
    /// 3, and weighted 3, 1, 2 reach exactly half at 1, giving (1 + 2) / 2.
    #[test]
    fn weighted_median_by_hand_and_with_equal_weights() {
        for values in [
            vec![5.0],
            vec![3.0, 1.0, 2.0],
            vec![1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 10.0, 12.0],
            vec![2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0],
            vec![1.0, 1.0, 2.0, 2.0],
        ] {
            let weights = vec![2.5; values.len()];
            assert_eq!(
                weighted_median(&values, &weights).unwrap(),
                median(&values),
                "{values:?}"
            );
        }
        assert_eq!(
            weighted_median(&[1.0, 2.0, 3.0], &[1.0, 1.0, 4.0]).unwrap(),
            Some(3.0)
        );
        assert_eq!(
            weighted_median(&[1.0, 2.0, 3.0], &[3.0, 1.0, 2.0]).unwrap(),
            Some(1.5)
        );
        // A zero weight neither counts nor serves as the next value.
        assert_eq!(
            weighted_median(&[1.0, 2.0, 5.0], &[1.0, 0.0, 1.0]).unwrap(),
            Some(3.0)
        );
        assert_eq!(weighted_median(&[], &[]).unwrap(), None);
        assert_eq!(weighted_median(&[1.0], &[0.0]).unwrap(), None);
        assert!(weighted_median(&[1.0], &[-1.0]).is_err());
    }

    /// By hand: (1·1 + 2·3) / 4 = 7/4.
    #[test]
    fn weighted_mean_by_hand() {
        assert_eq!(weighted_mean(&[1.0, 2.0], &[1.0, 3.0]).unwrap(), Some(1.75));
        assert!(weighted_mean(&[1.0, 2.0], &[1.0]).is_err());
        assert_eq!(
            weighted_mean(&[1.0], &[-1.0]).unwrap_err().to_string(),
            "weight 1: expected a finite number of at least 0, found -1"
        );
    }
}
