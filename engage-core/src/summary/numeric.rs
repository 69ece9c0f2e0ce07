//! Numeric questions: count, mean, standard deviation, minimum, quartiles and maximum, with
//! answers outside a declared valid range counted and left out, and answers far from the rest
//! counted so that someone checks them.
//!
//! The valid range comes from `survey.toml` (`[questions.ID] range = [0, 30]`), because only
//! the team knows that a count of visits cannot be 99. It is not inferred: without it every
//! answer is used, and answers beyond Tukey's outer fences (more than three interquartile
//! ranges beyond a quartile) are counted as "far out" for the team to check.

use serde::Serialize;

use super::{Detail, finite};
use crate::stats::descriptive::{numeric_summary, weighted_mean};
use crate::table::plain_number;

/// A numeric question's figures, over the answers in the valid range (all answers when no
/// range is declared). Quartiles are type 7 (Excel's `QUARTILE.INC`); figures other than
/// `weighted_mean` are unweighted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumericResult {
    /// Answers used.
    pub n: usize,
    /// The mean.
    pub mean: Option<f64>,
    /// The sample standard deviation (divisor n - 1); `None` for fewer than two answers.
    pub standard_deviation: Option<f64>,
    /// The smallest answer.
    pub min: Option<f64>,
    /// The first quartile.
    pub lower_quartile: Option<f64>,
    /// The median.
    pub median: Option<f64>,
    /// The third quartile.
    pub upper_quartile: Option<f64>,
    /// The largest answer.
    pub max: Option<f64>,
    /// With weights, the weighted mean; `None` when unweighted.
    pub weighted_mean: Option<f64>,
    /// The declared valid range, inclusive.
    pub range: Option<[f64; 2]>,
    /// Answers below the range (left out).
    pub below_range: usize,
    /// Answers above the range (left out).
    pub above_range: usize,
    /// Answers used that lie beyond Tukey's outer fences (Q1 - 3 IQR, Q3 + 3 IQR); 0 when the
    /// interquartile range is 0.
    pub far_out: usize,
}

impl NumericResult {
    /// Answers outside the declared range.
    #[must_use]
    pub fn out_of_range(&self) -> usize {
        self.below_range + self.above_range
    }
}

/// Summarises numeric answers (each with its weight) against an optional valid range.
pub(crate) fn summarise(
    answered: &[(f64, f64)],
    range: Option<[f64; 2]>,
    weighted: bool,
) -> (Detail, Vec<String>) {
    let mut below_range = 0;
    let mut above_range = 0;
    let mut values = Vec::with_capacity(answered.len());
    let mut weights = Vec::with_capacity(answered.len());
    for &(value, weight) in answered {
        if !value.is_finite() {
            continue;
        }
        match range {
            Some([low, _]) if value < low => below_range += 1,
            Some([_, high]) if value > high => above_range += 1,
            _ => {
                values.push(value);
                weights.push(weight);
            }
        }
    }
    let summary = numeric_summary(&values);
    let far_out = summary.map_or(0, |summary| {
        let spread = summary.upper_quartile - summary.lower_quartile;
        if spread > 0.0 {
            let (low, high) = (
                summary.lower_quartile - 3.0 * spread,
                summary.upper_quartile + 3.0 * spread,
            );
            values
                .iter()
                .filter(|&&value| value < low || value > high)
                .count()
        } else {
            0
        }
    });
    let mut notes = Vec::new();
    if let Some([low, high]) = range
        && below_range + above_range > 0
    {
        notes.push(format!(
            "answers outside the valid range {} to {} are counted (out of range) but left out \
             of these figures",
            plain_number(low),
            plain_number(high),
        ));
    }
    if far_out > 0 && range.is_none() {
        notes.push(
            "some answers lie far from the rest (more than three interquartile ranges beyond a \
             quartile; far out): check them, and declare a valid range in survey.toml (range = \
             [low, high]) to leave impossible answers out"
                .to_string(),
        );
    }
    let result = NumericResult {
        n: values.len(),
        mean: summary.map(|summary| summary.mean).and_then(finite),
        standard_deviation: summary
            .and_then(|summary| summary.standard_deviation)
            .and_then(finite),
        min: summary.map(|summary| summary.min),
        lower_quartile: summary.map(|summary| summary.lower_quartile),
        median: summary.map(|summary| summary.median),
        upper_quartile: summary.map(|summary| summary.upper_quartile),
        max: summary.map(|summary| summary.max),
        // The weights were checked when the summary began, so this cannot fail.
        weighted_mean: if weighted {
            weighted_mean(&values, &weights)
                .ok()
                .flatten()
                .and_then(finite)
        } else {
            None
        },
        range,
        below_range,
        above_range,
        far_out,
    };
    (Detail::Numeric(result), notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::testing::close;

    fn numeric(answers: &[f64], range: Option<[f64; 2]>, weights: Option<&[f64]>) -> NumericResult {
        let answered: Vec<(f64, f64)> = answers
            .iter()
            .enumerate()
            .map(|(index, &value)| (value, weights.map_or(1.0, |weights| weights[index])))
            .collect();
        match summarise(&answered, range, weights.is_some()).0 {
            Detail::Numeric(result) => result,
            other => panic!("{other:?}"),
        }
    }

    /// By hand: 1, 2, 4, 7, 8, 9, 10, 12 (Microsoft's QUARTILE.INC example) plus 99 and -1,
    /// with the range 0 to 30. Used: the eight, mean 53/8 = 6.625, sample variance
    /// Σ(x - 6.625)² / 7 = 107.875 / 7, Q1 3.5, median 7.5, Q3 9.25; one below, one above.
    #[test]
    fn a_declared_range_counts_and_leaves_out_impossible_answers() {
        let result = numeric(
            &[1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 10.0, 12.0, 99.0, -1.0],
            Some([0.0, 30.0]),
            None,
        );
        assert_eq!(result.n, 8);
        close(result.mean, 6.625);
        close(result.standard_deviation, (107.875f64 / 7.0).sqrt());
        close(result.lower_quartile, 3.5);
        close(result.median, 7.5);
        close(result.upper_quartile, 9.25);
        assert_eq!((result.min, result.max), (Some(1.0), Some(12.0)));
        assert_eq!((result.below_range, result.above_range), (1, 1));
        assert_eq!(result.out_of_range(), 2);
        assert_eq!(result.far_out, 0);
        assert_eq!(result.weighted_mean, None);
    }

    /// Without a range: 1, 2, 2, 3, 3, 4, 99. Q1 = 2, Q3 = 3.5 (type 7: h = 4.5 between 3
    /// and 4), IQR 1.5, outer fences -2.5 and 8: 99 is far out; every answer is used.
    #[test]
    fn without_a_range_far_out_answers_are_flagged_but_used() {
        let (detail, notes) = summarise(
            &[1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 99.0].map(|value| (value, 1.0)),
            None,
            false,
        );
        let Detail::Numeric(result) = detail else {
            panic!()
        };
        assert_eq!(result.n, 7);
        close(result.upper_quartile, 3.5);
        assert_eq!(result.far_out, 1);
        assert_eq!(result.out_of_range(), 0);
        // The count is in the table ("Far out"), where disclosure control reaches it.
        assert!(notes[0].starts_with("some answers lie far"), "{notes:?}");
    }

    /// Weighted mean by hand: (1·1 + 2·3) / 4 = 1.75; the other figures stay unweighted.
    #[test]
    fn weighted_mean_by_hand() {
        let result = numeric(&[1.0, 2.0], None, Some(&[1.0, 3.0]));
        close(result.weighted_mean, 1.75);
        close(result.mean, 1.5);
    }

    /// Regression guard: no answers, or one, must not divide by zero.
    #[test]
    fn no_answers_and_one_answer() {
        let empty = numeric(&[], None, None);
        assert_eq!(empty.n, 0);
        assert_eq!(empty.mean, None);
        assert_eq!(empty.median, None);
        let one = numeric(&[5.0], None, Some(&[0.0]));
        assert_eq!(one.standard_deviation, None);
        assert_eq!(one.weighted_mean, None);
        close(one.median, 5.0);
    }
}
