//! A linear support vector machine: L2-regularised squared hinge loss, solved in the dual by
//! coordinate descent with shrinking (Hsieh, Chang, Lin, Keerthi and Sundararajan, "A dual
//! coordinate descent method for large-scale linear SVM", ICML 2008; the algorithm of
//! LIBLINEAR's `L2R_L2LOSS_SVC_DUAL`, which scikit-learn's `LinearSVC` runs). The order in
//! which examples are visited comes from a seeded generator, so the same data and seed give
//! the same weights on any machine.

use super::features::Vector;
use crate::stats::random::SplitMix64;

/// How to solve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SvmSettings {
    /// The cost of a margin violation (`C`): larger fits the training data more closely.
    pub(crate) cost: f64,
    /// The value of the constant feature whose weight is the bias (as LIBLINEAR's `-B 1`).
    pub(crate) bias: f64,
    /// Stop when the projected gradients all lie within this of each other (LIBLINEAR: 0.1).
    pub(crate) tolerance: f64,
    /// Stop after this many passes over the examples in any case.
    pub(crate) max_passes: usize,
    /// Seeds the order in which examples are visited.
    pub(crate) seed: u64,
}

impl Default for SvmSettings {
    fn default() -> SvmSettings {
        SvmSettings {
            cost: 0.3,
            bias: 1.0,
            tolerance: 0.1,
            max_passes: 1_000,
            seed: 1,
        }
    }
}

/// A linear decision function: `weights . x + bias`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Linear {
    pub(crate) weights: Vec<f64>,
    pub(crate) bias: f64,
}

impl Linear {
    /// The decision value of one comment: above 0 on the theme's side.
    pub(crate) fn decision(&self, vector: &Vector) -> f64 {
        vector
            .entries
            .iter()
            .map(|&(index, value)| f64::from(value) * self.weights[index as usize])
            .sum::<f64>()
            + self.bias
    }
}

/// Fits a linear SVM on the rows `examples` of `rows` with labels `positive` (true for the
/// theme's side), for each cost in `costs` in turn, each fit starting from the previous
/// one's solution (a regularisation path: the dual variables stay feasible when the cost
/// changes). Returns one decision function per cost.
pub(crate) fn fit_path(
    rows: &[Vector],
    dimensions: usize,
    examples: &[usize],
    positive: &[bool],
    costs: &[f64],
    settings: &SvmSettings,
) -> Vec<Linear> {
    let count = examples.len();
    let mut weights = vec![0.0f64; dimensions];
    let mut bias = 0.0f64;
    let mut alpha = vec![0.0f64; count];
    let sign: Vec<f64> = examples
        .iter()
        .map(|&example| if positive[example] { 1.0 } else { -1.0 })
        .collect();
    let norms: Vec<f64> = examples
        .iter()
        .map(|&example| {
            rows[example]
                .entries
                .iter()
                .map(|&(_, value)| f64::from(value) * f64::from(value))
                .sum::<f64>()
                + settings.bias * settings.bias
        })
        .collect();
    let mut random = SplitMix64::new(settings.seed);
    let mut order: Vec<usize> = (0..count).collect();
    let mut out = Vec::with_capacity(costs.len());
    for &cost in costs {
        // Squared hinge loss: the dual has no upper bound and a diagonal term 1 / (2C).
        let diagonal = 0.5 / cost;
        let curvature: Vec<f64> = norms.iter().map(|norm| norm + diagonal).collect();
        let mut active = count;
        let mut upper_old = f64::INFINITY;
        for _ in 0..settings.max_passes {
            let mut upper = f64::NEG_INFINITY;
            let mut lower = f64::INFINITY;
            for position in 0..active {
                let other = position + (random.next_u64() % (active - position) as u64) as usize;
                order.swap(position, other);
            }
            let mut position = 0;
            while position < active {
                let slot = order[position];
                let row = &rows[examples[slot]];
                let margin = row
                    .entries
                    .iter()
                    .map(|&(index, value)| f64::from(value) * weights[index as usize])
                    .sum::<f64>()
                    + bias * settings.bias;
                let gradient = sign[slot] * margin - 1.0 + diagonal * alpha[slot];
                let mut projected = gradient;
                if alpha[slot] == 0.0 {
                    if gradient > upper_old {
                        // At its bound and likely to stay there: set aside until the end.
                        active -= 1;
                        order.swap(position, active);
                        continue;
                    }
                    projected = gradient.min(0.0);
                }
                upper = upper.max(projected);
                lower = lower.min(projected);
                if projected.abs() > 1e-12 {
                    let before = alpha[slot];
                    alpha[slot] = (before - gradient / curvature[slot]).max(0.0);
                    let step = (alpha[slot] - before) * sign[slot];
                    for &(index, value) in &row.entries {
                        weights[index as usize] += step * f64::from(value);
                    }
                    bias += step * settings.bias;
                }
                position += 1;
            }
            if upper - lower <= settings.tolerance {
                if active == count {
                    break;
                }
                // Converged on the active examples: check them all once more.
                active = count;
                upper_old = f64::INFINITY;
                continue;
            }
            // Shrink next pass only against a gradient bound that is itself a violation.
            upper_old = if upper <= 0.0 { f64::INFINITY } else { upper };
        }
        out.push(Linear {
            weights: weights.clone(),
            bias: bias * settings.bias,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(entries: &[(u32, f32)]) -> Vector {
        Vector {
            entries: entries.to_vec(),
            sources: vec![(0, 0); entries.len()],
        }
    }

    /// Two separable points, x = 1 (positive) and x = -1 (negative), no bias: the squared-hinge
    /// dual is worked by hand. With alpha the same for both by symmetry, w = 2 alpha, and the
    /// optimality condition y w x - 1 + alpha / (2C) = 0 gives alpha = 1 / (2 + 1/(2C)): for
    /// C = 1, alpha = 0.4 and w = 0.8.
    #[test]
    fn two_points_give_the_hand_worked_weight() {
        let rows = vec![vector(&[(0, 1.0)]), vector(&[(0, -1.0)])];
        let settings = SvmSettings {
            bias: 0.0,
            tolerance: 1e-9,
            ..SvmSettings::default()
        };
        let fitted = fit_path(&rows, 1, &[0, 1], &[true, false], &[1.0, 10.0], &settings);
        assert!((fitted[0].weights[0] - 0.8).abs() < 1e-6, "{:?}", fitted[0]);
        // C = 10: alpha = 1 / 2.05, w = 2 / 2.05.
        assert!(
            (fitted[1].weights[0] - 2.0 / 2.05).abs() < 1e-6,
            "{:?}",
            fitted[1]
        );
    }

    #[test]
    fn a_separable_problem_is_separated_the_same_way_every_time() {
        // Feature 0 marks the positives, feature 1 the negatives, feature 2 is noise.
        let rows: Vec<Vector> = (0..40)
            .map(|index| {
                let marker = u32::from(index % 4 != 0);
                vector(&[(marker, 1.0), (2, (index % 7) as f32 / 7.0)])
            })
            .collect();
        let positive: Vec<bool> = (0..40).map(|index| index % 4 == 0).collect();
        let examples: Vec<usize> = (0..40).collect();
        let fit = || {
            fit_path(
                &rows,
                3,
                &examples,
                &positive,
                &[0.3],
                &SvmSettings::default(),
            )
        };
        let first = fit();
        assert_eq!(first, fit());
        for (row, &label) in rows.iter().zip(&positive) {
            assert_eq!(first[0].decision(row) > 0.0, label);
        }
    }
}
