//! From decision values to decisions people can read: a sigmoid fitted to held-out decision
//! values turns each into a probability (Platt scaling, with the Newton method and target
//! smoothing of Lin, Lin and Weng, "A note on Platt's probabilistic outputs for support vector
//! machines", Machine Learning 68, 2007), and the threshold that gives the best F1 on held-out
//! decisions decides a theme.

use serde::{Deserialize, Serialize};

/// A fitted sigmoid: `P(theme | f) = 1 / (1 + exp(a f + b))`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sigmoid {
    /// The slope (negative when higher decision values mean the theme).
    pub a: f64,
    /// The offset.
    pub b: f64,
}

impl Sigmoid {
    /// The probability of the theme for a decision value, 0 to 1.
    #[must_use]
    pub fn probability(&self, decision: f64) -> f64 {
        let z = self.a * decision + self.b;
        // Written two ways so that neither overflows.
        if z >= 0.0 {
            (-z).exp() / (1.0 + (-z).exp())
        } else {
            1.0 / (1.0 + z.exp())
        }
    }

    /// Fits the sigmoid to decision values and labels. Targets are smoothed towards the
    /// middle by the numbers of each class, as Platt proposed, so that a theme seen a few times
    /// is never certain.
    #[must_use]
    // The names follow the pseudo-code of Lin, Lin and Weng, so the two can be read side by side.
    #[allow(clippy::many_single_char_names)]
    pub fn fit(decisions: &[f64], labels: &[bool]) -> Sigmoid {
        let positives = labels.iter().filter(|&&label| label).count() as f64;
        let negatives = labels.len() as f64 - positives;
        let high = (positives + 1.0) / (positives + 2.0);
        let low = 1.0 / (negatives + 2.0);
        let targets: Vec<f64> = labels
            .iter()
            .map(|&label| if label { high } else { low })
            .collect();
        let mut a = 0.0;
        let mut b = ((negatives + 1.0) / (positives + 1.0)).ln();
        let sigma = 1e-12;
        let objective = |a: f64, b: f64| -> f64 {
            decisions
                .iter()
                .zip(&targets)
                .map(|(&f, &t)| {
                    let z = f * a + b;
                    if z >= 0.0 {
                        t * z + (-z).exp().ln_1p()
                    } else {
                        (t - 1.0) * z + z.exp().ln_1p()
                    }
                })
                .sum()
        };
        let mut value = objective(a, b);
        for _ in 0..100 {
            // Gradient and Hessian of the negative log-likelihood.
            let (mut h11, mut h22, mut h21, mut g1, mut g2) = (sigma, sigma, 0.0, 0.0, 0.0);
            for (&f, &t) in decisions.iter().zip(&targets) {
                let z = f * a + b;
                let (p, q) = if z >= 0.0 {
                    ((-z).exp() / (1.0 + (-z).exp()), 1.0 / (1.0 + (-z).exp()))
                } else {
                    (1.0 / (1.0 + z.exp()), z.exp() / (1.0 + z.exp()))
                };
                let d2 = p * q;
                h11 += f * f * d2;
                h22 += d2;
                h21 += f * d2;
                let d1 = t - p;
                g1 += f * d1;
                g2 += d1;
            }
            if g1.abs() < 1e-5 && g2.abs() < 1e-5 {
                break;
            }
            let determinant = h11 * h22 - h21 * h21;
            let step_a = -(h22 * g1 - h21 * g2) / determinant;
            let step_b = -(-h21 * g1 + h11 * g2) / determinant;
            let slope = g1 * step_a + g2 * step_b;
            let mut step = 1.0;
            let mut improved = false;
            while step >= 1e-10 {
                let (next_a, next_b) = (a + step * step_a, b + step * step_b);
                let next = objective(next_a, next_b);
                if next < value + 1e-4 * step * slope {
                    a = next_a;
                    b = next_b;
                    value = next;
                    improved = true;
                    break;
                }
                step /= 2.0;
            }
            if !improved {
                break;
            }
        }
        Sigmoid { a, b }
    }
}

/// How many times as many held-out comments as the hand coding gave a theme a threshold may
/// give it (see [`best_threshold`]).
pub const MOST_GIVEN_PER_CODED: usize = 2;

/// The decision value at or above which a theme is given, chosen to give the best F1 on
/// held-out decisions: half-way between the lowest value given the theme and the next one
/// below. Only thresholds that give the theme to at most [`MOST_GIVEN_PER_CODED`] times as
/// many comments as have it are considered: F1 rewards catching one more comment at almost
/// any price when a theme has a handful of examples, so a theme the model cannot find (its
/// examples rank low among the held-out decisions) would be given to hundreds of comments to
/// catch one, and its count in a report would be many times the truth. When no such threshold
/// catches a comment with the theme, or none has it, the value is above every decision (the
/// theme is never given).
#[must_use]
pub fn best_threshold(decisions: &[f64], labels: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..decisions.len()).collect();
    order.sort_by(|&a, &b| decisions[b].total_cmp(&decisions[a]).then(a.cmp(&b)));
    let positives = labels.iter().filter(|&&label| label).count();
    let highest = order.first().map_or(0.0, |&first| decisions[first]);
    let most_given = positives * MOST_GIVEN_PER_CODED;
    let mut best = (0.0, highest + 1.0);
    let mut true_positives = 0usize;
    for (rank, &index) in order.iter().enumerate().take(most_given) {
        if labels[index] {
            true_positives += 1;
        }
        // Only where the next value differs can a threshold fall between them.
        let next = order.get(rank + 1).map(|&next| decisions[next]);
        if next == Some(decisions[index]) {
            continue;
        }
        let f1 = 2.0 * true_positives as f64 / (rank + 1 + positives) as f64;
        if f1 > best.0 {
            let threshold = match next {
                Some(next) => f64::midpoint(decisions[index], next),
                None => decisions[index] - 1.0,
            };
            best = (f1, threshold);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_maximises_f1_between_two_decision_values() {
        // Sorted: 0.9 (yes), 0.8 (no), 0.7 (yes), 0.1 (no). Cut after 0.7: TP 2, FP 1, FN 0,
        // F1 = 4/5; after 0.9: F1 = 2/3; after all four: 4/6.
        let decisions = [0.1, 0.9, 0.7, 0.8];
        let labels = [false, true, true, false];
        assert!((best_threshold(&decisions, &labels) - 0.4).abs() < 1e-12);
        assert!(best_threshold(&decisions, &[false; 4]) > 0.9);
    }

    #[test]
    fn a_threshold_gives_a_theme_to_at_most_twice_as_many_comments_as_have_it() {
        // One comment of 1,000 has the theme and it ranks 500th: the best F1 over every
        // threshold (2/501, giving the theme to 500) is out of reach, so it is never given.
        let decisions: Vec<f64> = (0..1000).map(|index| -f64::from(index)).collect();
        let mut labels = vec![false; 1000];
        labels[499] = true;
        assert!(best_threshold(&decisions, &labels) > 0.0);
        // Ranked 2nd, it is given to the top two (F1 = 2/3).
        let mut labels = vec![false; 1000];
        labels[1] = true;
        assert!((best_threshold(&decisions, &labels) + 1.5).abs() < 1e-12);
        // Two of 1,000 ranked 1st and 4th: cutting after the 4th (F1 2/3) would give it to
        // twice as many as have it, the most allowed; after the 1st F1 is 2/3 too, and the
        // first best is kept.
        let mut labels = vec![false; 1000];
        labels[0] = true;
        labels[3] = true;
        assert!((best_threshold(&decisions, &labels) + 0.5).abs() < 1e-12);
    }

    #[test]
    fn the_sigmoid_is_monotone_and_matches_the_class_balance() {
        // Well-separated decisions: the probability rises with the decision value.
        let decisions: Vec<f64> = (0..100)
            .map(|index| f64::from(index) / 10.0 - 5.0)
            .collect();
        let labels: Vec<bool> = decisions.iter().map(|&value| value > 0.3).collect();
        let sigmoid = Sigmoid::fit(&decisions, &labels);
        assert!(sigmoid.a < 0.0, "{sigmoid:?}");
        assert!(sigmoid.probability(3.0) > 0.9 && sigmoid.probability(-3.0) < 0.1);
        assert!(sigmoid.probability(0.3) > 0.2 && sigmoid.probability(0.3) < 0.8);
        // No information: every decision the same. The probability is the smoothed share of
        // positives, (positives + 1) / (n + 2) pulled to the class rate: 10 of 100.
        let flat = Sigmoid::fit(&[0.0; 100], &(0..100).map(|i| i < 10).collect::<Vec<_>>());
        assert!((flat.probability(0.0) - 0.1).abs() < 0.01, "{flat:?}");
        assert!(flat.probability(1e6).is_finite() && flat.probability(-1e6).is_finite());
    }
}
