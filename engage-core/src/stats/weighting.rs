//! Survey weights: raking (iterative proportional fitting) to population margins with optional
//! trimming, Kish's design effect and effective sample size, and weighted proportions with
//! intervals that use the effective sample size.
//!
//! Raking adjusts each respondent's weight so that the weighted sample matches known population
//! shares on several variables at once (age band, sex, ethnic group...), without needing their
//! joint distribution. Each step scales the respondents in one category of one variable so that
//! the category reaches its target; cycling through the variables converges to the unique
//! weights of the form base weight × one factor per variable that meet every margin
//! (Deming and Stephan 1940), when such weights exist.

use serde::Serialize;

use super::proportion::{ProportionInterval, wilson_for_proportion};
use super::{check_non_negative, summation};
use crate::{Error, Location, Result};

/// How far target shares may stray from 1, and count totals from each other (relative), before
/// the targets are refused as not summing.
const SUM_TOLERANCE: f64 = 1e-6;

/// The population margin of one raking variable, one entry per category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Targets {
    /// Population counts. All count targets must have the same total, and the weights then sum
    /// to it (so each weight is the number of people a respondent stands for). Where some
    /// respondents did not answer the variable, the counts are applied as shares of those who
    /// did.
    Counts(Vec<f64>),
    /// Population shares from 0 to 1, summing to 1.
    Shares(Vec<f64>),
}

impl Targets {
    fn values(&self) -> &[f64] {
        match self {
            Targets::Counts(values) | Targets::Shares(values) => values,
        }
    }
}

/// One variable to rake on: each respondent's category index into the targets (`None` when the
/// respondent did not answer), and the population targets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RakingVariable {
    /// Per respondent, the 0-based index of their category in `targets`, or `None` if missing.
    pub categories: Vec<Option<usize>>,
    /// The population margin.
    pub targets: Targets,
}

impl RakingVariable {
    /// A variable from respondents' category indexes and the population targets.
    #[must_use]
    pub fn new(categories: Vec<Option<usize>>, targets: Targets) -> RakingVariable {
        RakingVariable {
            categories,
            targets,
        }
    }
}

/// Bounds on weights, as multiples of the mean weight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TrimBounds {
    /// The smallest weight allowed, as a multiple of the mean weight (at most 1).
    pub lower: f64,
    /// The largest weight allowed, as a multiple of the mean weight (at least 1).
    pub upper: f64,
}

/// How to rake.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RakingOptions {
    /// Raking stops once every weighted category share is within this distance of its target
    /// share. Default 1e-10.
    pub tolerance: f64,
    /// The most full passes over the variables before giving up. Default 1000.
    pub max_iterations: usize,
    /// Bounds to trim weights to after each pass, as multiples of the mean weight. Default
    /// none.
    pub trim: Option<TrimBounds>,
    /// Starting (design) weights, one per respondent. Default all 1.
    pub base_weights: Option<Vec<f64>>,
}

impl Default for RakingOptions {
    fn default() -> RakingOptions {
        RakingOptions {
            tolerance: 1e-10,
            max_iterations: 1000,
            trim: None,
            base_weights: None,
        }
    }
}

impl RakingOptions {
    /// Sets the convergence tolerance on category shares (default 1e-10).
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: f64) -> RakingOptions {
        self.tolerance = tolerance;
        self
    }

    /// Sets the most passes over the variables (default 1000).
    #[must_use]
    pub fn with_max_iterations(mut self, max_iterations: usize) -> RakingOptions {
        self.max_iterations = max_iterations;
        self
    }

    /// Trims weights to [lower, upper] times the mean weight after each pass, for example
    /// `with_trim(0.3, 3.0)` (default: no trimming).
    #[must_use]
    pub fn with_trim(mut self, lower: f64, upper: f64) -> RakingOptions {
        self.trim = Some(TrimBounds { lower, upper });
        self
    }

    /// Starts from these weights instead of all 1 (default: all 1).
    #[must_use]
    pub fn with_base_weights(mut self, base_weights: Vec<f64>) -> RakingOptions {
        self.base_weights = Some(base_weights);
        self
    }
}

/// How raking went. Not converging is reported here, not raised as an error: the weights of the
/// last pass are still returned, and the caller decides whether to warn or refuse.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ConvergenceReport {
    /// True when every margin is within the tolerance (and, with trimming, every weight within
    /// its bounds).
    pub converged: bool,
    /// Full passes over the variables made (0 when the starting weights already fit).
    pub iterations: usize,
    /// The largest distance between a weighted category share and its target share at the end.
    pub max_margin_error: f64,
    /// Respondents whose weight sits at a trimming bound at the end.
    pub trimmed: usize,
}

/// Raking weights with their convergence report and Kish's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Raking {
    /// One weight per respondent, summing to the count targets' total, or with share targets to
    /// the base weights' total (the number of respondents without base weights).
    pub weights: Vec<f64>,
    /// How the iteration went.
    pub report: ConvergenceReport,
    /// Kish's design effect of the weights.
    pub design_effect: f64,
    /// Kish's effective sample size.
    pub effective_sample_size: f64,
}

/// Rakes weights so that the weighted respondents match each variable's target margin.
///
/// A respondent missing a variable is left out of that variable's step: the target shares
/// apply to the weighted total of those who answered it. A category with a positive target but
/// no respondent (or only respondents of base weight 0) cannot be met and is an error, as are
/// mismatched lengths, category indexes beyond the targets, and targets that do not sum.
///
/// ```
/// use engage_core::stats::weighting::{rake, RakingOptions, RakingVariable, Targets};
///
/// // Three men and one woman, weighted to a 50:50 population.
/// let sex = RakingVariable::new(
///     vec![Some(0), Some(0), Some(0), Some(1)],
///     Targets::Shares(vec![0.5, 0.5]),
/// );
/// let raking = rake(&[sex], &RakingOptions::default())?;
/// assert!(raking.report.converged);
/// assert_eq!(raking.weights[3], 2.0);
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn rake(variables: &[RakingVariable], options: &RakingOptions) -> Result<Raking> {
    let setup = Setup::check(variables, options)?;
    let mut weights = setup.starting_weights;
    let shares = &setup.shares;
    let mean_weight = setup.total / weights.len() as f64;
    let bounds = options
        .trim
        .map(|trim| (trim.lower * mean_weight, trim.upper * mean_weight));

    let mut iterations = 0;
    let mut error = max_margin_error(variables, shares, &weights);
    let mut converged =
        error <= options.tolerance && within_bounds(&weights, bounds, options.tolerance);
    while !converged && iterations < options.max_iterations {
        iterations += 1;
        for (variable, targets) in variables.iter().zip(shares) {
            let totals = category_totals(variable, targets.len(), &weights);
            let answered = summation::sum(totals.iter().copied());
            let factors: Vec<f64> = totals
                .iter()
                .zip(targets)
                .map(|(&total, &share)| {
                    // A category whose weights are all 0 (a zero target zeroed them) cannot be
                    // scaled; leave it rather than divide by 0.
                    if total > 0.0 {
                        share * answered / total
                    } else {
                        1.0
                    }
                })
                .collect();
            for (weight, category) in weights.iter_mut().zip(&variable.categories) {
                if let Some(category) = category {
                    *weight *= factors[*category];
                }
            }
        }
        if let Some((lower, upper)) = bounds
            && !within_bounds(&weights, bounds, 0.0)
        {
            trim(&mut weights, lower, upper, setup.total);
        }
        error = max_margin_error(variables, shares, &weights);
        converged =
            error <= options.tolerance && within_bounds(&weights, bounds, options.tolerance);
    }

    let trimmed = bounds.map_or(0, |(lower, upper)| {
        let slack = options.tolerance * mean_weight;
        weights
            .iter()
            .filter(|&&weight| weight <= lower + slack || weight >= upper - slack)
            .count()
    });
    let summary = weight_summary(&weights)?;
    Ok(Raking {
        report: ConvergenceReport {
            converged,
            iterations,
            max_margin_error: error,
            trimmed,
        },
        design_effect: summary.design_effect.unwrap_or(1.0),
        effective_sample_size: summary.effective_sample_size,
        weights,
    })
}

/// Checked raking input: target shares per variable, the total the weights must keep, and the
/// starting weights scaled to it.
struct Setup {
    shares: Vec<Vec<f64>>,
    total: f64,
    starting_weights: Vec<f64>,
}

impl Setup {
    fn check(variables: &[RakingVariable], options: &RakingOptions) -> Result<Setup> {
        let data_error = |message: String| Error::data(Location::default(), message);
        if variables.is_empty() {
            return Err(data_error(
                "expected at least one variable to rake on, found none".into(),
            ));
        }
        if !(options.tolerance.is_finite() && options.tolerance > 0.0) {
            return Err(data_error(format!(
                "expected a positive raking tolerance, found {}",
                options.tolerance
            )));
        }
        if let Some(trim) = options.trim
            && !(trim.lower.is_finite()
                && trim.upper.is_finite()
                && (0.0..=1.0).contains(&trim.lower)
                && trim.upper >= 1.0)
        {
            return Err(data_error(format!(
                "expected trimming bounds around the mean weight (lower from 0 to 1, upper at least 1), found {} and {}",
                trim.lower, trim.upper
            )));
        }
        let respondents = variables[0].categories.len();
        if respondents == 0 {
            return Err(data_error(
                "expected at least one respondent to weight, found none".into(),
            ));
        }
        let base = match &options.base_weights {
            Some(base) => {
                if base.len() != respondents {
                    return Err(data_error(format!(
                        "expected one base weight per respondent ({respondents}), found {}",
                        base.len()
                    )));
                }
                for (index, &weight) in base.iter().enumerate() {
                    check_non_negative(&format!("base weight {}", index + 1), weight)?;
                }
                base.clone()
            }
            None => vec![1.0; respondents],
        };
        let base_total = summation::sum(base.iter().copied());
        if base_total == 0.0 {
            return Err(data_error(
                "expected base weights with a positive total, found all 0".into(),
            ));
        }

        let mut count_total: Option<f64> = None;
        let mut shares = Vec::with_capacity(variables.len());
        for (v, variable) in variables.iter().enumerate() {
            let number = v + 1;
            if variable.categories.len() != respondents {
                return Err(data_error(format!(
                    "variable {number}: expected a category for each of the {respondents} respondents, found {}",
                    variable.categories.len()
                )));
            }
            let values = variable.targets.values();
            if values.is_empty() {
                return Err(data_error(format!(
                    "variable {number}: expected at least one target category, found none"
                )));
            }
            for (c, &value) in values.iter().enumerate() {
                check_non_negative(&format!("variable {number}, target {}", c + 1), value)?;
            }
            let sum = summation::sum(values.iter().copied());
            match &variable.targets {
                Targets::Shares(_) => {
                    if (sum - 1.0).abs() > SUM_TOLERANCE {
                        return Err(data_error(format!(
                            "variable {number}: expected target shares that sum to 1, found a sum of {sum}"
                        )));
                    }
                }
                Targets::Counts(_) => match count_total {
                    Some(total) if (sum - total).abs() > SUM_TOLERANCE * total.max(1.0) => {
                        return Err(data_error(format!(
                            "variable {number}: expected target counts that sum to {total} like the first variable's, found a sum of {sum}"
                        )));
                    }
                    Some(_) => {}
                    None if sum == 0.0 => {
                        return Err(data_error(format!(
                            "variable {number}: expected target counts with a positive total, found all 0"
                        )));
                    }
                    None => count_total = Some(sum),
                },
            }
            // Shares are divided by their sum so drift in the last digits cannot stop convergence.
            let variable_shares: Vec<f64> = values.iter().map(|value| value / sum).collect();

            let mut base_in_category = vec![0.0; values.len()];
            let mut answered = false;
            for (r, (category, &weight)) in variable.categories.iter().zip(&base).enumerate() {
                let Some(category) = *category else { continue };
                answered = true;
                let Some(slot) = base_in_category.get_mut(category) else {
                    return Err(data_error(format!(
                        "variable {number}, respondent {}: expected a category index below {}, found {category}",
                        r + 1,
                        values.len()
                    )));
                };
                *slot += weight;
            }
            if !answered {
                return Err(data_error(format!(
                    "variable {number}: expected some respondents with a category, found every one missing"
                )));
            }
            for (c, (&share, &weight)) in variable_shares.iter().zip(&base_in_category).enumerate()
            {
                if share > 0.0 && weight == 0.0 {
                    return Err(data_error(format!(
                        "variable {number}, category {}: the target share is {share} but no respondent (of positive base weight) is in this category; expected at least one",
                        c + 1
                    )));
                }
            }
            shares.push(variable_shares);
        }
        let total = count_total.unwrap_or(base_total);
        let scale = total / base_total;
        let starting_weights = base.iter().map(|weight| weight * scale).collect();
        Ok(Setup {
            shares,
            total,
            starting_weights,
        })
    }
}

/// Brings every weight into [lower, upper] while keeping their total: the weights become
/// clamp(s·w, lower, upper) for the one scale s that makes them sum to `total`. The next raking
/// pass corrects the margins this moves; trimmed raking has converged when neither step
/// changes anything.
///
/// The sum is continuous and non-decreasing in s and linear between the breakpoints
/// lower/w and upper/w, so a binary search over the sorted breakpoints finds the piece that
/// holds the total, and s is solved exactly on it. A solution exists because the mean weight
/// lies within the bounds.
fn trim(weights: &mut [f64], lower: f64, upper: f64, total: f64) {
    let clipped_total =
        |scale: f64| summation::sum(weights.iter().map(|w| (scale * w).clamp(lower, upper)));
    let mut breakpoints: Vec<f64> = weights
        .iter()
        .filter(|&&w| w > 0.0)
        .flat_map(|&w| [lower / w, upper / w])
        .collect();
    breakpoints.sort_unstable_by(f64::total_cmp);
    breakpoints.dedup();
    let index = breakpoints.partition_point(|&scale| clipped_total(scale) <= total);
    let below = if index == 0 {
        0.0
    } else {
        breakpoints[index - 1]
    };
    // A scale strictly between two breakpoints tells which weights are clamped on this piece.
    let inside = match breakpoints.get(index) {
        Some(&above) => f64::midpoint(below, above),
        None => below * 2.0 + 1.0,
    };
    let mut clamped = summation::NeumaierSum::default();
    let mut free = summation::NeumaierSum::default();
    for &w in weights.iter() {
        let scaled = inside * w;
        if scaled <= lower {
            clamped.add(lower);
        } else if scaled >= upper {
            clamped.add(upper);
        } else {
            free.add(w);
        }
    }
    let free = free.value();
    let scale = if free > 0.0 {
        (total - clamped.value()) / free
    } else {
        below
    };
    for w in weights.iter_mut() {
        *w = (scale * *w).clamp(lower, upper);
    }
}

/// The weighted total of each category of a variable.
fn category_totals(variable: &RakingVariable, categories: usize, weights: &[f64]) -> Vec<f64> {
    let mut totals = vec![summation::NeumaierSum::default(); categories];
    for (category, &weight) in variable.categories.iter().zip(weights) {
        if let Some(category) = category {
            totals[*category].add(weight);
        }
    }
    totals
        .into_iter()
        .map(summation::NeumaierSum::value)
        .collect()
}

/// The largest distance between a weighted category share and its target share.
fn max_margin_error(variables: &[RakingVariable], shares: &[Vec<f64>], weights: &[f64]) -> f64 {
    let mut largest = 0.0f64;
    for (variable, targets) in variables.iter().zip(shares) {
        let totals = category_totals(variable, targets.len(), weights);
        let answered = summation::sum(totals.iter().copied());
        for (total, share) in totals.iter().zip(targets) {
            let achieved = if answered > 0.0 {
                total / answered
            } else {
                0.0
            };
            largest = largest.max((achieved - share).abs());
        }
    }
    largest
}

fn within_bounds(weights: &[f64], bounds: Option<(f64, f64)>, tolerance: f64) -> bool {
    bounds.is_none_or(|(lower, upper)| {
        weights.iter().all(|&weight| {
            weight >= lower * (1.0 - tolerance) && weight <= upper * (1.0 + tolerance)
        })
    })
}

/// Kish's summary of a set of weights.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct WeightSummary {
    /// The number of weights (respondents).
    pub respondents: usize,
    /// Σ w.
    pub total: f64,
    /// Σ w².
    pub sum_of_squares: f64,
    /// Kish's effective sample size (Σ w)² / Σ w²: the number of unweighted respondents that
    /// would give the same precision; 0 when the weights sum to 0.
    pub effective_sample_size: f64,
    /// Kish's design effect n Σ w² / (Σ w)² = 1 + CV² of the weights; `None` when the weights
    /// sum to 0.
    pub design_effect: Option<f64>,
}

/// Kish's design effect and effective sample size of weights (Kish 1965). Neither changes when
/// every weight is multiplied by the same number.
pub fn weight_summary(weights: &[f64]) -> Result<WeightSummary> {
    for (index, &weight) in weights.iter().enumerate() {
        check_non_negative(&format!("weight {}", index + 1), weight)?;
    }
    let total = summation::sum(weights.iter().copied());
    let sum_of_squares = summation::sum(weights.iter().map(|weight| weight * weight));
    let (effective_sample_size, design_effect) = if total > 0.0 {
        let respondents = weights.len() as f64;
        (
            total * total / sum_of_squares,
            Some(respondents * sum_of_squares / (total * total)),
        )
    } else {
        (0.0, None)
    };
    Ok(WeightSummary {
        respondents: weights.len(),
        total,
        sum_of_squares,
        effective_sample_size,
        design_effect,
    })
}

/// Kish's design effect n Σ w² / (Σ w)²; `None` when the weights sum to 0. See
/// [`weight_summary`].
pub fn design_effect(weights: &[f64]) -> Result<Option<f64>> {
    weight_summary(weights).map(|summary| summary.design_effect)
}

/// Kish's effective sample size (Σ w)² / Σ w²; 0 when the weights sum to 0. See
/// [`weight_summary`].
pub fn effective_sample_size(weights: &[f64]) -> Result<f64> {
    weight_summary(weights).map(|summary| summary.effective_sample_size)
}

/// A weighted proportion with its interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct WeightedProportion {
    /// Σ w over selected respondents / Σ w over the base, from 0 to 1 (0 for an empty base).
    pub proportion: f64,
    /// Σ w over the selected respondents.
    pub weighted_count: f64,
    /// Σ w over the base.
    pub weighted_base: f64,
    /// Kish's effective sample size of the base.
    pub effective_base: f64,
    /// The Wilson interval with the effective base as n.
    pub interval: ProportionInterval,
}

/// The weighted proportion of the base that is `selected`, with a Wilson interval whose n is
/// Kish's effective sample size of the base.
///
/// Pass exactly the base's respondents (for a percentage within a subgroup, only that
/// subgroup's): the effective sample size is computed over them. Other conventions (the whole
/// sample's design effect applied to a subgroup, design-based standard errors) give different
/// intervals.
pub fn weighted_proportion(
    selected: &[bool],
    weights: &[f64],
    z: f64,
) -> Result<WeightedProportion> {
    if selected.len() != weights.len() {
        return Err(Error::data(
            Location::default(),
            format!(
                "expected one weight per respondent ({}), found {} weights",
                selected.len(),
                weights.len()
            ),
        ));
    }
    let summary = weight_summary(weights)?;
    let weighted_count = summation::sum(
        selected
            .iter()
            .zip(weights)
            .filter(|(selected, _)| **selected)
            .map(|(_, weight)| *weight),
    );
    let proportion = if summary.total > 0.0 {
        (weighted_count / summary.total).min(1.0)
    } else {
        0.0
    };
    let interval = wilson_for_proportion(proportion, summary.effective_sample_size, z)?;
    Ok(WeightedProportion {
        proportion,
        weighted_count,
        weighted_base: summary.total,
        effective_base: summary.effective_sample_size,
        interval,
    })
}

#[cfg(test)]
// Oracle values are copied digit for digit from their source (mpmath prints 19-20 digits), so
// they can be compared by eye; grouping or trimming them would make that harder.
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::stats::assert_close;
    use crate::stats::proportion::Z_95;
    use proptest::prelude::*;

    /// A two-way table as respondent-level data: one "respondent" per cell, with the seed as
    /// its base weight, so the raked weights are the fitted cells.
    fn cells(seed: &[&[f64]]) -> (RakingVariable, RakingVariable, Vec<f64>) {
        let mut rows = Vec::new();
        let mut columns = Vec::new();
        let mut base = Vec::new();
        for (r, row) in seed.iter().enumerate() {
            for (c, &value) in row.iter().enumerate() {
                rows.push(Some(r));
                columns.push(Some(c));
                base.push(value);
            }
        }
        (
            RakingVariable::new(rows, Targets::Counts(Vec::new())),
            RakingVariable::new(columns, Targets::Counts(Vec::new())),
            base,
        )
    }

    /// Klemens, "Modeling with Data" (Apophenia's raking example): seed [[7,9],[12,7]], rows
    /// [5,15], columns [10,10]. The limit keeps the seed's odds ratio, so x11 solves
    /// 59a² + 1275a − 2450 = 0: a = (−1275 + √2203825)/118 (stats-oracles.md 7A).
    #[test]
    fn raking_a_two_by_two_matches_the_closed_form() {
        let (mut rows, mut columns, base) = cells(&[&[7.0, 9.0], &[12.0, 7.0]]);
        rows.targets = Targets::Counts(vec![5.0, 15.0]);
        columns.targets = Targets::Counts(vec![10.0, 10.0]);
        let options = RakingOptions::default()
            .with_tolerance(1e-14)
            .with_base_weights(base);
        let raking = rake(&[rows, columns], &options).unwrap();
        assert!(raking.report.converged);
        let a = (-1275.0 + 2_203_825f64.sqrt()) / 118.0;
        assert_close(a, 1.775665632967787651627, 1e-14);
        for (weight, want) in raking.weights.iter().zip([a, 5.0 - a, 10.0 - a, 5.0 + a]) {
            assert_close(*weight, want, 1e-12);
        }
    }

    /// The data of Wikipedia's "Iterative proportional fitting" example; the fitted table and
    /// the table after one pass are numpy IPF, checked against a columns-first run, which
    /// agrees to 6e-14 (stats-oracles.md 7B).
    #[test]
    fn raking_a_four_by_four_matches_numpy_ipf() {
        let seed: [&[f64]; 4] = [
            &[40.0, 30.0, 20.0, 10.0],
            &[35.0, 50.0, 100.0, 75.0],
            &[30.0, 80.0, 70.0, 120.0],
            &[20.0, 30.0, 40.0, 50.0],
        ];
        let (mut rows, mut columns, base) = cells(&seed);
        rows.targets = Targets::Counts(vec![150.0, 300.0, 400.0, 150.0]);
        columns.targets = Targets::Counts(vec![200.0, 300.0, 400.0, 100.0]);
        let variables = [rows, columns];

        let one_pass = RakingOptions::default()
            .with_base_weights(base.clone())
            .with_max_iterations(1);
        let first = rake(&variables, &one_pass).unwrap();
        assert!(!first.report.converged);
        assert_eq!(first.report.iterations, 1);
        let after_one = [
            74.15959252971138,
            55.90019717882603,
            42.617406010147015,
            4.760244115082825,
            49.9151103565365,
            71.66691946003337,
            163.91310003902694,
            27.46294681778553,
            49.43972835314092,
            132.50417109055059,
            132.5874853649018,
            50.77593722755013,
            26.485568760611205,
            39.92871227059002,
            60.8820085859243,
            17.000871839581517,
        ];
        for (weight, want) in first.weights.iter().zip(after_one) {
            assert_close(*weight, want, 1e-13);
        }

        let options = RakingOptions::default()
            .with_tolerance(1e-14)
            .with_base_weights(base);
        let fitted = rake(&variables, &options).unwrap();
        assert!(fitted.report.converged);
        assert!(fitted.report.max_margin_error <= 1e-14);
        let converged = [
            64.55850977654836,
            46.23245970882375,
            35.38429826433126,
            3.824732250296657,
            49.96791941867418,
            68.15935407176033,
            156.4985464218569,
            25.374180087708634,
            56.7219436020963,
            144.42822556629858,
            145.08248143141708,
            53.76734940018802,
            28.75162720268117,
            41.17996065311738,
            63.03467388239478,
            17.033738261806683,
        ];
        for (weight, want) in fitted.weights.iter().zip(converged) {
            assert_close(*weight, want, 1e-11);
        }
    }

    /// The respondent-level example of stats-oracles.md 7C and 8: 20 respondents by sex and
    /// age band raked to shares, solved independently with mpmath `findroot` at 40 digits.
    fn survey() -> (Vec<RakingVariable>, Vec<bool>) {
        // (sex: 0 = M, 1 = F; age: 0 = 18-34, 1 = 35-54, 2 = 55+; y)
        let people = [
            (0, 0, 1),
            (0, 0, 0),
            (0, 0, 1),
            (0, 1, 0),
            (0, 1, 0),
            (0, 1, 1),
            (0, 1, 1),
            (0, 2, 0),
            (0, 2, 0),
            (0, 2, 1),
            (0, 2, 0),
            (0, 2, 0),
            (1, 0, 1),
            (1, 0, 1),
            (1, 1, 1),
            (1, 1, 0),
            (1, 1, 1),
            (1, 2, 0),
            (1, 2, 1),
            (1, 2, 0),
        ];
        let sex = RakingVariable::new(
            people.iter().map(|p| Some(p.0)).collect(),
            Targets::Shares(vec![0.49, 0.51]),
        );
        let age = RakingVariable::new(
            people.iter().map(|p| Some(p.1)).collect(),
            Targets::Shares(vec![0.30, 0.33, 0.37]),
        );
        (vec![sex, age], people.iter().map(|p| p.2 == 1).collect())
    }

    #[test]
    fn raking_respondents_matches_the_exact_solution() {
        let (variables, _) = survey();
        let raking = rake(&variables, &RakingOptions::default().with_tolerance(1e-14)).unwrap();
        assert!(raking.report.converged);
        let by_cell = [
            [
                0.9798945639797058723,
                0.7599605239317798771,
                0.7640948424667525750,
            ],
            [
                1.530158154030441192,
                1.186719301424293497,
                1.193175262555412375,
            ],
        ];
        for ((weight, sex), age) in raking
            .weights
            .iter()
            .zip(&variables[0].categories)
            .zip(&variables[1].categories)
        {
            assert_close(*weight, by_cell[sex.unwrap()][age.unwrap()], 1e-12);
        }
        assert_close(raking.weights.iter().sum(), 20.0, 1e-12);
        // Kish: deff = n Σw² / (Σw)² and n_eff = (Σw)² / Σw², mpmath at 40 digits.
        assert_close(raking.design_effect, 1.064431118902208419, 1e-12);
        assert_close(raking.effective_sample_size, 18.78937927014650077, 1e-12);
    }

    /// stats-oracles.md 8: the weighted share with y = 1 and its Wilson interval with Kish's
    /// effective n of the base, for all respondents and for the women alone (mpmath).
    #[test]
    fn weighted_proportion_uses_the_effective_base() {
        let (variables, y) = survey();
        let weights = rake(&variables, &RakingOptions::default().with_tolerance(1e-14))
            .unwrap()
            .weights;
        let all = weighted_proportion(&y, &weights, Z_95).unwrap();
        assert_close(all.proportion, 0.5435367595877302913, 1e-12);
        assert_close(all.effective_base, 18.78937927014650077, 1e-12);
        assert_close(all.interval.lower, 0.33079576496893743929, 1e-12);
        assert_close(all.interval.upper, 0.74149750890836823808, 1e-12);

        let women: Vec<usize> = (0..20)
            .filter(|&r| variables[0].categories[r] == Some(1))
            .collect();
        let women_y: Vec<bool> = women.iter().map(|&r| y[r]).collect();
        let women_weights: Vec<f64> = women.iter().map(|&r| weights[r]).collect();
        let subgroup = weighted_proportion(&women_y, &women_weights, Z_95).unwrap();
        assert_close(subgroup.weighted_base / 20.0, 0.51, 1e-12);
        assert_close(subgroup.proportion, 0.6496990366142040934, 1e-12);
        assert_close(subgroup.effective_base, 7.894570499643864449, 1e-12);
        assert_close(subgroup.interval.lower, 0.32339759124321945702, 1e-12);
        assert_close(subgroup.interval.upper, 0.87800095097609515409, 1e-12);
    }

    #[test]
    fn kish_figures_by_hand() {
        // Equal weights lose nothing; weights 1 and 3: n_eff = 16/10, deff = 2·10/16.
        let equal = weight_summary(&[2.0, 2.0, 2.0]).unwrap();
        assert_eq!(
            (equal.design_effect, equal.effective_sample_size),
            (Some(1.0), 3.0)
        );
        assert_eq!(effective_sample_size(&[1.0, 3.0]).unwrap(), 1.6);
        assert_eq!(design_effect(&[1.0, 3.0]).unwrap(), Some(1.25));
        assert_eq!(design_effect(&[10.0, 30.0]).unwrap(), Some(1.25));
        let empty = weight_summary(&[]).unwrap();
        assert_eq!(
            (empty.design_effect, empty.effective_sample_size),
            (None, 0.0)
        );
        assert!(weight_summary(&[1.0, -1.0]).is_err());
        let nobody = weighted_proportion(&[], &[], Z_95).unwrap();
        assert_eq!((nobody.proportion, nobody.interval.upper), (0.0, 1.0));
    }

    /// Missing answers: respondents who skipped age keep their weight through the age step,
    /// and the age shares apply among those who answered. Worked by hand: two men, two women
    /// to 50:50 by sex; age (answered by three) to 50:50 among those three.
    #[test]
    fn missing_categories_are_left_out_of_their_variable() {
        let sex = RakingVariable::new(
            vec![Some(0), Some(0), Some(1), Some(1)],
            Targets::Shares(vec![0.5, 0.5]),
        );
        let age = RakingVariable::new(
            vec![Some(0), Some(1), Some(1), None],
            Targets::Shares(vec![0.5, 0.5]),
        );
        let raking = rake(&[sex, age], &RakingOptions::default()).unwrap();
        assert!(raking.report.converged);
        let w = &raking.weights;
        assert_close(w.iter().sum(), 4.0, 1e-12);
        assert_close(w[0] + w[1], 2.0, 1e-9);
        assert_close(w[0], w[1] + w[2], 1e-9);
    }

    /// Trimming to [0.3, 3] x mean: one respondent in a category with a 50% target out of 10
    /// respondents would need weight 5; trimmed to 3 x mean the margin cannot be met, which is
    /// reported, not raised.
    #[test]
    fn infeasible_trimming_is_reported_not_raised() {
        let mut categories = vec![Some(0); 9];
        categories.push(Some(1));
        let variable = RakingVariable::new(categories, Targets::Shares(vec![0.5, 0.5]));
        let options = RakingOptions::default()
            .with_trim(0.3, 3.0)
            .with_max_iterations(50);
        let raking = rake(std::slice::from_ref(&variable), &options).unwrap();
        assert!(!raking.report.converged);
        assert_eq!(raking.report.iterations, 50);
        assert!(raking.report.max_margin_error > 0.1);
        assert!(raking.weights.iter().all(|w| w.is_finite()));
        assert_close(raking.weights.iter().sum(), 10.0, 1e-12);
        assert!(raking.weights.iter().all(|&w| (0.3..=3.0).contains(&w)));

        // With room to move the same trimming converges, and no weight leaves the bounds.
        let relaxed =
            RakingVariable::new(variable.categories.clone(), Targets::Shares(vec![0.8, 0.2]));
        let raking = rake(&[relaxed], &options).unwrap();
        assert!(raking.report.converged);
        assert_close(raking.weights[9], 2.0, 1e-9);
        assert_eq!(raking.report.trimmed, 0);
    }

    #[test]
    fn raking_refuses_bad_input_with_a_reason() {
        let sex = |targets| RakingVariable::new(vec![Some(0), Some(1)], targets);
        let options = RakingOptions::default();
        let message =
            |variables: &[RakingVariable]| rake(variables, &options).unwrap_err().to_string();
        assert_eq!(
            message(&[sex(Targets::Shares(vec![0.5, 0.4]))]),
            "variable 1: expected target shares that sum to 1, found a sum of 0.9"
        );
        assert_eq!(
            message(&[
                sex(Targets::Counts(vec![5.0, 5.0])),
                sex(Targets::Counts(vec![5.0, 6.0]))
            ]),
            "variable 2: expected target counts that sum to 10 like the first variable's, found a sum of 11"
        );
        assert_eq!(
            message(&[RakingVariable::new(
                vec![Some(0), Some(2)],
                Targets::Shares(vec![0.5, 0.5])
            )]),
            "variable 1, respondent 2: expected a category index below 2, found 2"
        );
        assert_eq!(
            message(&[RakingVariable::new(
                vec![Some(0), Some(0)],
                Targets::Shares(vec![0.5, 0.5])
            )]),
            "variable 1, category 2: the target share is 0.5 but no respondent (of positive base weight) is in this category; expected at least one"
        );
        assert!(rake(&[], &options).is_err());
        assert!(
            rake(
                &[
                    sex(Targets::Shares(vec![0.5, 0.5])),
                    RakingVariable::new(vec![None], Targets::Shares(vec![1.0]))
                ],
                &options
            )
            .is_err()
        );
        assert!(
            rake(
                &[RakingVariable::new(
                    vec![None, None],
                    Targets::Shares(vec![1.0])
                )],
                &options
            )
            .is_err()
        );
        assert!(
            rake(
                &[sex(Targets::Shares(vec![0.5, 0.5]))],
                &options.clone().with_trim(2.0, 3.0)
            )
            .is_err()
        );
    }

    proptest! {
        #[test]
        fn raking_reproduces_the_margins_when_it_converges(
            people in prop::collection::vec((0usize..3, 0usize..4, prop::option::of(0usize..2)), 1..80),
            raw_targets in prop::collection::vec(0.05f64..1.0, 9),
            trim in prop::bool::ANY,
        ) {
            let columns = [
                people.iter().map(|p| Some(p.0)).collect::<Vec<_>>(),
                people.iter().map(|p| Some(p.1)).collect::<Vec<_>>(),
                people.iter().map(|p| p.2).collect::<Vec<_>>(),
            ];
            let sizes = [3, 4, 2];
            let mut offset = 0;
            let mut variables = Vec::new();
            for (categories, size) in columns.into_iter().zip(sizes) {
                // A category nobody is in must have a zero target to be feasible at all.
                let mut targets: Vec<f64> = (0..size)
                    .map(|c| if categories.contains(&Some(c)) { raw_targets[offset + c] } else { 0.0 })
                    .collect();
                offset += size;
                let sum: f64 = targets.iter().sum();
                if sum == 0.0 {
                    continue; // everyone missing this variable
                }
                for target in &mut targets {
                    *target /= sum;
                }
                variables.push(RakingVariable::new(categories, Targets::Shares(targets)));
            }
            let mut options = RakingOptions::default().with_tolerance(1e-9).with_max_iterations(500);
            if trim {
                options = options.with_trim(0.3, 3.0);
            }
            let raking = rake(&variables, &options).unwrap();
            prop_assert!(raking.weights.iter().all(|w| w.is_finite() && *w >= 0.0));
            prop_assert!((raking.weights.iter().sum::<f64>() - people.len() as f64).abs() < 1e-9 * people.len() as f64);
            if raking.report.converged {
                for variable in &variables {
                    let Targets::Shares(targets) = &variable.targets else { unreachable!() };
                    let mut totals = vec![0.0; targets.len()];
                    for (category, weight) in variable.categories.iter().zip(&raking.weights) {
                        if let Some(c) = category {
                            totals[*c] += weight;
                        }
                    }
                    let answered: f64 = totals.iter().sum();
                    for (total, target) in totals.iter().zip(targets) {
                        prop_assert!((total / answered - target).abs() <= 1e-9 + 1e-12);
                    }
                }
                if trim {
                    // The weights sum to the number of respondents, so the mean weight is 1.
                    prop_assert!(raking.weights.iter().all(|&w| (0.3 * (1.0 - 1e-9)..=3.0 * (1.0 + 1e-9)).contains(&w)));
                }
            }
        }
    }
}
