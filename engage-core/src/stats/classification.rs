//! Accuracy of a coding against a gold standard: precision, recall and F1 per category, and
//! their micro and macro averages over categories.
//!
//! Each category (a theme) is a yes/no decision per item (a comment): a true positive is an
//! item both the coding and the gold standard give the category, a false positive one only the
//! coding gives it, a false negative one only the gold standard gives it. Items neither gives it
//! (true negatives) do not enter these figures.
//!
//! A ratio with nothing to divide is undefined and `None`: precision when the coding never
//! gives the category, recall when the gold standard never does, F1 when neither does.

use serde::Serialize;

/// How one category's decisions compare with the gold standard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Items the coding and the gold standard both give the category.
    pub true_positives: u64,
    /// Items the coding gives the category and the gold standard does not.
    pub false_positives: u64,
    /// Items the gold standard gives the category and the coding does not.
    pub false_negatives: u64,
}

impl Confusion {
    /// Counts of true positives, false positives and false negatives.
    #[must_use]
    pub fn new(true_positives: u64, false_positives: u64, false_negatives: u64) -> Confusion {
        Confusion {
            true_positives,
            false_positives,
            false_negatives,
        }
    }

    /// Items the coding gives the category (true and false positives).
    #[must_use]
    pub fn predicted(&self) -> u64 {
        self.true_positives + self.false_positives
    }

    /// Items the gold standard gives the category (its support: true positives and false
    /// negatives).
    #[must_use]
    pub fn support(&self) -> u64 {
        self.true_positives + self.false_negatives
    }

    /// Whether the coding or the gold standard gives the category to any item.
    #[must_use]
    pub fn is_used(&self) -> bool {
        self.predicted() + self.false_negatives > 0
    }
}

/// Precision, recall and F1 of one category, or pooled over several.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// TP / (TP + FP): the share of the coding's decisions that the gold standard confirms;
    /// `None` when the coding never gives the category.
    pub precision: Option<f64>,
    /// TP / (TP + FN): the share of the gold standard's decisions that the coding finds;
    /// `None` when the gold standard never gives the category.
    pub recall: Option<f64>,
    /// 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall (0 when either is 0
    /// or undefined while the other is not); `None` when neither gives the category.
    pub f1: Option<f64>,
}

/// Precision, recall and F1 of one category.
///
/// ```
/// use engage_core::stats::classification::{Confusion, scores};
///
/// // 3 comments coded right, 1 coded wrongly, 2 missed.
/// let scores = scores(Confusion::new(3, 1, 2));
/// assert_eq!(scores.precision, Some(0.75));
/// assert_eq!(scores.recall, Some(0.6));
/// assert!((scores.f1.unwrap() - 2.0 / 3.0).abs() < 1e-15);
/// ```
#[must_use]
pub fn scores(confusion: Confusion) -> Scores {
    let Confusion {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
    } = confusion;
    let ratio = |numerator: u64, denominator: u64| {
        (denominator > 0).then(|| numerator as f64 / denominator as f64)
    };
    Scores {
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        // The count form needs no special case when precision or recall is undefined.
        f1: ratio(2 * tp, 2 * tp + fp + fn_),
    }
}

/// Micro-averaged scores: the counts of every category pooled, then scored as one. Common
/// categories weigh more.
#[must_use]
pub fn micro_average(confusions: &[Confusion]) -> Scores {
    let pooled = confusions
        .iter()
        .fold(Confusion::default(), |total, confusion| Confusion {
            true_positives: total.true_positives + confusion.true_positives,
            false_positives: total.false_positives + confusion.false_positives,
            false_negatives: total.false_negatives + confusion.false_negatives,
        });
    scores(pooled)
}

/// Macro-averaged scores: the plain mean over categories, so a rare category weighs as much as
/// a common one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MacroAverage {
    /// The mean precision.
    pub precision: Option<f64>,
    /// The mean recall.
    pub recall: Option<f64>,
    /// The mean F1 (not the F1 of the mean precision and recall).
    pub f1: Option<f64>,
    /// The categories averaged: those the coding or the gold standard gives to some item.
    pub categories: usize,
}

/// Macro-averaged scores over the categories that the coding or the gold standard uses; a
/// category neither uses is left out, as its scores are undefined. Within the average an
/// undefined precision (the coding never gives a category the gold standard has) or recall
/// (the coding gives a category the gold standard never has) counts as 0, the convention of
/// scikit-learn's `zero_division=0`. All `None` when no category is used.
///
/// ```
/// use engage_core::stats::classification::{Confusion, macro_average};
///
/// // F1 1 and 0.5; an unused category is left out.
/// let average = macro_average(&[
///     Confusion::new(2, 0, 0),
///     Confusion::new(1, 1, 1),
///     Confusion::new(0, 0, 0),
/// ]);
/// assert_eq!(average.f1, Some(0.75));
/// assert_eq!(average.categories, 2);
/// ```
#[must_use]
pub fn macro_average(confusions: &[Confusion]) -> MacroAverage {
    let used: Vec<Scores> = confusions
        .iter()
        .filter(|confusion| confusion.is_used())
        .map(|&confusion| scores(confusion))
        .collect();
    let mean = |value: fn(&Scores) -> Option<f64>| {
        (!used.is_empty()).then(|| {
            let values: Vec<f64> = used.iter().map(|s| value(s).unwrap_or(0.0)).collect();
            super::summation::sum(values.iter().copied()) / values.len() as f64
        })
    };
    MacroAverage {
        precision: mean(|s| s.precision),
        recall: mean(|s| s.recall),
        f1: mean(|s| s.f1),
        categories: used.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::assert_close;

    /// Worked by hand: P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R) = 2TP/(2TP+FP+FN).
    #[test]
    fn scores_match_hand_worked_values() {
        let cases = [
            // (TP, FP, FN), precision, recall, F1
            ((3, 1, 2), Some(0.75), Some(0.6), Some(2.0 / 3.0)),
            ((8, 2, 0), Some(0.8), Some(1.0), Some(8.0 / 9.0)),
            ((1, 0, 3), Some(1.0), Some(0.25), Some(0.4)),
            ((5, 0, 0), Some(1.0), Some(1.0), Some(1.0)),
            // Coded but never in the gold standard: precision 0, recall undefined, F1 0.
            ((0, 4, 0), Some(0.0), None, Some(0.0)),
            // In the gold standard but never coded: precision undefined, recall 0, F1 0.
            ((0, 0, 7), None, Some(0.0), Some(0.0)),
            // Both coded and in the gold standard, never the same items.
            ((0, 2, 3), Some(0.0), Some(0.0), Some(0.0)),
            ((0, 0, 0), None, None, None),
        ];
        for ((tp, fp, fn_), precision, recall, f1) in cases {
            let confusion = Confusion::new(tp, fp, fn_);
            let found = scores(confusion);
            for (found, expected, what) in [
                (found.precision, precision, "precision"),
                (found.recall, recall, "recall"),
                (found.f1, f1, "F1"),
            ] {
                match (found, expected) {
                    (Some(found), Some(expected)) => assert_close(found, expected, 1e-15),
                    (found, expected) => {
                        assert_eq!(found, expected, "{what} of {tp}, {fp}, {fn_}");
                    }
                }
            }
            // F1 is the harmonic mean of precision and recall whenever both are above 0.
            if let (Some(p), Some(r), Some(f1)) = (found.precision, found.recall, found.f1)
                && p + r > 0.0
            {
                assert_close(f1, 2.0 * p * r / (p + r), 1e-15);
            }
        }
        let counts = Confusion::new(3, 1, 2);
        assert_eq!((counts.predicted(), counts.support()), (4, 5));
        assert!(!Confusion::default().is_used());
    }

    /// Four categories worked by hand. Micro: TP 3+0+5+0 = 8, FP 1+2+0+0 = 3, FN 2+0+0+0 = 2;
    /// P = 8/11, R = 8/10, F1 = 16/21. Macro over the three used categories: F1 (2/3 + 0 + 1)/3
    /// = 5/9; precision (3/4 + 0 + 1)/3 = 7/12; recall (3/5 + 0 + 1)/3 = 8/15, the second
    /// category's undefined recall counting as 0. The unused fourth category is left out.
    #[test]
    fn micro_and_macro_averages_match_hand_worked_values() {
        let confusions = [
            Confusion::new(3, 1, 2),
            Confusion::new(0, 2, 0),
            Confusion::new(5, 0, 0),
            Confusion::new(0, 0, 0),
        ];
        let micro = micro_average(&confusions);
        assert_close(micro.precision.unwrap(), 8.0 / 11.0, 1e-15);
        assert_close(micro.recall.unwrap(), 0.8, 1e-15);
        assert_close(micro.f1.unwrap(), 16.0 / 21.0, 1e-15);
        let average = macro_average(&confusions);
        assert_eq!(average.categories, 3);
        assert_close(average.f1.unwrap(), 5.0 / 9.0, 1e-15);
        assert_close(average.precision.unwrap(), 7.0 / 12.0, 1e-15);
        assert_close(average.recall.unwrap(), 8.0 / 15.0, 1e-15);
    }

    #[test]
    fn nothing_used_leaves_every_average_undefined() {
        let none = [Confusion::default(); 3];
        let average = macro_average(&none);
        assert_eq!(
            (average.precision, average.recall, average.f1),
            (None, None, None)
        );
        assert_eq!(average.categories, 0);
        assert_eq!(micro_average(&none).f1, None);
        assert_eq!(micro_average(&[]).f1, None);
    }
}
