//! Raking weights to the reference margins, for summaries that should speak for the population
//! rather than for who happened to answer.
//!
//! Each reference variable that matches a question becomes a raking margin (its categories'
//! population shares, as compared in the representation tables); respondents who declined or
//! did not answer a variable are left out of that variable's step. Weights have mean 1, so a
//! weighted count reads as "respondents". A rake that does not converge is a warning, not an
//! error: the weights of the last pass are returned with the report.

use serde::Serialize;

use super::reference::Reference;
use super::representation;
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::stats::weighting::{self, RakingOptions, RakingVariable, Targets};

/// How to rake.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightingOptions {
    tolerance: f64,
    max_iterations: usize,
    trim: Option<(f64, f64)>,
    variables: Vec<String>,
}

impl Default for WeightingOptions {
    fn default() -> WeightingOptions {
        WeightingOptions {
            tolerance: 1e-9,
            max_iterations: 1000,
            trim: None,
            variables: Vec::new(),
        }
    }
}

impl WeightingOptions {
    /// Stops once every weighted category share is within this distance of its target share
    /// (default 1e-9).
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: f64) -> WeightingOptions {
        self.tolerance = tolerance;
        self
    }

    /// The most passes over the variables before giving up with a warning (default 1000).
    #[must_use]
    pub fn with_max_iterations(mut self, max_iterations: usize) -> WeightingOptions {
        self.max_iterations = max_iterations;
        self
    }

    /// Trims weights to `[lower, upper]` times the mean weight after each pass, for example
    /// `(0.3, 3.0)` (default: no trimming).
    #[must_use]
    pub fn with_trim(mut self, lower: f64, upper: f64) -> WeightingOptions {
        self.trim = Some((lower, upper));
        self
    }

    /// Rakes only on these reference variables (default: every variable that matches a
    /// question).
    #[must_use]
    pub fn with_variables(mut self, variables: Vec<String>) -> WeightingOptions {
        self.variables = variables;
        self
    }

    /// The convergence tolerance.
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The most passes.
    #[must_use]
    pub fn max_iterations(&self) -> usize {
        self.max_iterations
    }

    /// The trimming bounds, as multiples of the mean weight.
    #[must_use]
    pub fn trim(&self) -> Option<(f64, f64)> {
        self.trim
    }
}

/// Raking weights, one per respondent, with how the rake went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Weights {
    /// One weight per respondent in dataset order; they sum to the number of respondents.
    pub weights: Vec<f64>,
    /// The row a spreadsheet shows each weight's respondent on.
    pub rows: Vec<usize>,
    /// The reference variables raked on, with the question each matched.
    pub variables: Vec<RakedVariable>,
    /// True when every margin is met within the tolerance (and weights within the trim).
    pub converged: bool,
    /// Full passes made.
    pub iterations: usize,
    /// The largest distance between a weighted share and its target at the end.
    pub max_margin_error: f64,
    /// The convergence tolerance used.
    pub tolerance: f64,
    /// The trimming bounds used, as multiples of the mean weight.
    pub trim: Option<(f64, f64)>,
    /// Respondents whose weight sits at a trimming bound.
    pub trimmed: usize,
    /// Kish's design effect n Σw² / (Σw)².
    pub design_effect: f64,
    /// Kish's effective sample size (Σw)² / Σw².
    pub effective_sample_size: f64,
    /// The smallest weight.
    pub min: f64,
    /// The largest weight.
    pub max: f64,
    /// What the user should know: variables left out, categories dropped, no convergence.
    pub warnings: Vec<String>,
}

impl Weights {
    /// One weight per respondent of `dataset`, in its order, for
    /// [`SummaryOptions::with_weights`](crate::SummaryOptions::with_weights). The weights are
    /// already in dataset order ([`Weights::rows`] gives each one's sheet row, for people, not
    /// for indexing); a respondent past the end of the rake weighs 0.
    #[must_use]
    pub fn for_dataset(&self, dataset: &Dataset) -> Vec<f64> {
        let mut weights = self.weights.clone();
        weights.resize(dataset.respondents(), 0.0);
        weights
    }
}

/// A raking margin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RakedVariable {
    /// The reference variable.
    pub variable: String,
    /// The question it matched.
    pub question: String,
    /// Respondents who count in this margin (answered with a matched category).
    pub respondents: usize,
}

/// Rakes the dataset's respondents to the reference's margins.
///
/// ```
/// use engage_core::participation::{Reference, WeightingOptions, raking_weights};
/// use engage_core::{read_reader, IngestOptions};
///
/// let csv = "ID,What is your sex?\n1,Male\n2,Male\n3,Male\n4,Female\n";
/// let dataset = read_reader(csv.as_bytes(), "survey.csv", &IngestOptions::default())?;
/// let reference = Reference::parse(
///     "variable,category,population\nsex,Female,50\nsex,Male,50\n",
///     "reference.csv",
/// )?;
/// let weights = raking_weights(&dataset, &reference, &WeightingOptions::default())?;
/// assert!(weights.converged);
/// assert!((weights.weights[3] - 2.0).abs() < 1e-12);
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn raking_weights(
    dataset: &Dataset,
    reference: &Reference,
    options: &WeightingOptions,
) -> Result<Weights> {
    let mut warnings = Vec::new();
    let mut variables = Vec::new();
    let mut raked = Vec::new();
    for wanted in &options.variables {
        if reference.variable(wanted).is_none() {
            return Err(Error::config(
                Location::file(&reference.file),
                format!(
                    "\"{wanted}\" is not a variable of the reference, expected one of its variables to weight on"
                ),
            ));
        }
    }
    for variable in &reference.variables {
        if !options.variables.is_empty()
            && !options.variables.iter().any(|wanted| {
                reference
                    .variable(wanted)
                    .is_some_and(|found| found.name == variable.name)
            })
        {
            continue;
        }
        let comparison = match representation::compare(dataset, reference, variable)? {
            Ok(comparison) => comparison,
            Err(reason) => {
                warnings.push(format!("not weighted on: {reason}"));
                continue;
            }
        };
        let mut counts = vec![0usize; comparison.rows.len()];
        for row in comparison.respondents.iter().flatten() {
            counts[*row] += 1;
        }
        // A category with people in it but no respondents cannot be met: it is left out and
        // the other shares rescaled, which is how raking software collapses empty cells.
        let kept: Vec<usize> = (0..comparison.rows.len())
            .filter(|&row| counts[row] > 0 || comparison.rows[row].share == 0.0)
            .collect();
        let dropped: Vec<&str> = (0..comparison.rows.len())
            .filter(|row| !kept.contains(row))
            .map(|row| comparison.rows[row].label.as_str())
            .collect();
        if !dropped.is_empty() {
            warnings.push(format!(
                "{}: no respondents in {}, left out of the weighting targets (the other shares rescaled)",
                variable.name,
                dropped.join(", ")
            ));
        }
        let total: f64 = kept.iter().map(|&row| comparison.rows[row].share).sum();
        if kept.is_empty() || total <= 0.0 {
            warnings.push(format!(
                "{}: no respondent matches a category, not weighted on",
                variable.name
            ));
            continue;
        }
        let shares: Vec<f64> = kept
            .iter()
            .map(|&row| comparison.rows[row].share / total)
            .collect();
        let categories: Vec<Option<usize>> = comparison
            .respondents
            .iter()
            .map(|row| row.and_then(|row| kept.iter().position(|&kept| kept == row)))
            .collect();
        variables.push(RakedVariable {
            variable: variable.name.clone(),
            question: comparison.question.clone(),
            respondents: categories.iter().flatten().count(),
        });
        raked.push(RakingVariable::new(categories, Targets::Shares(shares)));
    }
    if raked.is_empty() {
        return Err(Error::unsupported(
            Location::file(&reference.file),
            "no reference variable matches a question with answers, so there is nothing to weight on",
        )
        .with_hint("`engage inspect` lists the profile questions; name one as a reference variable"));
    }
    let mut raking_options = RakingOptions::default()
        .with_tolerance(options.tolerance)
        .with_max_iterations(options.max_iterations);
    if let Some((lower, upper)) = options.trim {
        raking_options = raking_options.with_trim(lower, upper);
    }
    let raking = weighting::rake(&raked, &raking_options)?;
    if !raking.report.converged {
        warnings.push(format!(
            "raking did not converge after {} iterations (largest margin error {:.2e}, tolerance {:.0e}); the weights of the last pass are used",
            raking.report.iterations, raking.report.max_margin_error, options.tolerance
        ));
    }
    let min = raking.weights.iter().copied().fold(f64::INFINITY, f64::min);
    let max = raking
        .weights
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    Ok(Weights {
        converged: raking.report.converged,
        iterations: raking.report.iterations,
        max_margin_error: raking.report.max_margin_error,
        tolerance: options.tolerance,
        trim: options.trim,
        trimmed: raking.report.trimmed,
        design_effect: raking.design_effect,
        effective_sample_size: raking.effective_sample_size,
        min: if min.is_finite() { min } else { 0.0 },
        max: if max.is_finite() { max } else { 0.0 },
        rows: (0..raking.weights.len())
            .map(|index| dataset.source().row(index))
            .collect(),
        weights: raking.weights,
        variables,
        warnings,
    })
}

#[cfg(test)]
// Oracle values are copied digit for digit from testdata/oracles/stats-oracles.md.
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::{IngestOptions, read_reader};

    /// The respondents of stats-oracles.md section 7C: (sex, age) for 20 people.
    fn oracle_dataset() -> Dataset {
        let cells = [
            ("M", "18-34"),
            ("M", "18-34"),
            ("M", "18-34"),
            ("M", "35-54"),
            ("M", "35-54"),
            ("M", "35-54"),
            ("M", "35-54"),
            ("M", "55+"),
            ("M", "55+"),
            ("M", "55+"),
            ("M", "55+"),
            ("M", "55+"),
            ("F", "18-34"),
            ("F", "18-34"),
            ("F", "35-54"),
            ("F", "35-54"),
            ("F", "35-54"),
            ("F", "55+"),
            ("F", "55+"),
            ("F", "55+"),
        ];
        let mut csv = String::from("ID,What is your sex?,What is your age?\n");
        for (index, (sex, age)) in cells.iter().enumerate() {
            let _ = writeln!(csv, "{},{sex},{age}", index + 1);
        }
        read_reader(csv.as_bytes(), "7c.csv", &IngestOptions::default()).unwrap()
    }

    #[test]
    fn raking_matches_the_oracle_weights_and_kish_figures() {
        // Section 7C: targets sex M 0.49, F 0.51; age 0.30, 0.33, 0.37; weights solved at 40
        // digits with mpmath.
        let dataset = oracle_dataset();
        let reference = Reference::parse(
            "variable,category,population\nsex,M,0.49\nsex,F,0.51\nage,18-34,0.30\nage,35-54,0.33\nage,55+,0.37\n",
            "7c-reference.csv",
        )
        .unwrap();
        let weights = raking_weights(
            &dataset,
            &reference,
            &WeightingOptions::default().with_tolerance(1e-14),
        )
        .unwrap();
        assert!(weights.converged, "{weights:?}");
        let expected = |sex: &str, age: &str| match (sex, age) {
            ("M", "18-34") => 0.9798945639797058723,
            ("M", "35-54") => 0.7599605239317798771,
            ("M", "55+") => 0.7640948424667525750,
            ("F", "18-34") => 1.530158154030441192,
            ("F", "35-54") => 1.186719301424293497,
            ("F", "55+") => 1.193175262555412375,
            _ => unreachable!(),
        };
        let sexes = dataset.texts("sex").unwrap();
        let ages = dataset.texts("age").unwrap();
        for (index, weight) in weights.weights.iter().enumerate() {
            let want = expected(
                sexes[index].as_deref().unwrap(),
                ages[index].as_deref().unwrap(),
            );
            assert!(
                (weight - want).abs() < 1e-9,
                "respondent {index}: {weight} vs {want}"
            );
        }
        assert!((weights.design_effect - 1.064431118902208419).abs() < 1e-9);
        assert!((weights.effective_sample_size - 18.78937927014650077).abs() < 1e-9);
        assert!((weights.weights.iter().sum::<f64>() - 20.0).abs() < 1e-9);
        assert_eq!(weights.variables.len(), 2);
        assert_eq!(weights.variables[0].question, "sex");
    }

    #[test]
    fn counts_give_the_same_weights_as_shares() {
        let dataset = oracle_dataset();
        let reference = Reference::parse(
            "variable,category,population\nsex,M,4900\nsex,F,5100\nage,18-34,300\nage,35-54,330\nage,55+,370\n",
            "counts.csv",
        )
        .unwrap();
        let weights = raking_weights(
            &dataset,
            &reference,
            &WeightingOptions::default().with_tolerance(1e-14),
        )
        .unwrap();
        assert!((weights.design_effect - 1.064431118902208419).abs() < 1e-9);
    }

    #[test]
    fn a_rake_that_runs_out_of_iterations_is_a_warning() {
        let dataset = oracle_dataset();
        let reference = Reference::parse(
            "variable,category,population\nsex,M,0.49\nsex,F,0.51\nage,18-34,0.30\nage,35-54,0.33\nage,55+,0.37\n",
            "r.csv",
        )
        .unwrap();
        let weights = raking_weights(
            &dataset,
            &reference,
            &WeightingOptions::default()
                .with_max_iterations(1)
                .with_tolerance(1e-15),
        )
        .unwrap();
        assert!(!weights.converged);
        assert!(weights.warnings[0].starts_with("raking did not converge after 1 iterations"));
    }

    #[test]
    fn empty_categories_are_left_out_with_a_warning() {
        let dataset = oracle_dataset();
        let reference = Reference::parse(
            "variable,category,population\nsex,M,45\nsex,F,45\nsex,Other,10\n",
            "r.csv",
        )
        .unwrap();
        let weights = raking_weights(&dataset, &reference, &WeightingOptions::default()).unwrap();
        assert!(weights.converged);
        assert!(
            weights.warnings[0].contains("no respondents in Other"),
            "{:?}",
            weights.warnings
        );
        // M and F rescaled to 50:50: 12 men at 10/12, 8 women at 10/8.
        assert!((weights.weights[0] - 10.0 / 12.0).abs() < 1e-9);
        assert!((weights.weights[19] - 10.0 / 8.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_to_weight_on_is_an_error() {
        let dataset = oracle_dataset();
        let reference =
            Reference::parse("variable,category,population\nreligion,None,1\n", "r.csv").unwrap();
        let error = raking_weights(&dataset, &reference, &WeightingOptions::default()).unwrap_err();
        assert!(error.to_string().contains("nothing to weight on"));
    }
}
