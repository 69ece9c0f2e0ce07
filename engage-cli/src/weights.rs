//! `--weights [COLUMN]` and `--reference FILE`, which `summary` and `crosstab` share: weights
//! from a numeric column of the export, or raking weights to a reference population's margins
//! (as `report --reference FILE --weights` and `participation --reference FILE --weights`).

use std::path::PathBuf;

use engage_core::participation::weights::raking_description;
use engage_core::participation::{ParticipationOptions, Reference, raking_weights};
use engage_core::summary::weights_from_column;
use engage_core::{Dataset, Error, Location, SurveyConfig};

/// What `--weights` with no column means: rake to `--reference`.
const RAKING: &str = "raking";

/// How to weight the estimates.
#[derive(Clone, Debug, clap::Args)]
pub(crate) struct WeightArgs {
    /// Weight the estimates: with --reference and no COLUMN, by raking to the population's
    /// margins; with a COLUMN, by that numeric column of weights (one per respondent).
    #[arg(long, value_name = "COLUMN", num_args = 0..=1, default_missing_value = RAKING)]
    weights: Option<String>,
    /// A reference population (CSV of variable,category,population) to rake to with
    /// --weights.
    #[arg(long, value_name = "FILE", requires = "weights")]
    reference: Option<PathBuf>,
}

/// The weights asked for: one per respondent, what they are (for captions), and the column
/// they came from (to leave out of the questions summarised).
pub(crate) struct Resolved {
    pub(crate) weights: Vec<f64>,
    pub(crate) description: String,
    pub(crate) column: Option<String>,
    /// What the user should know about the rake (variables left out, no convergence).
    pub(crate) warnings: Vec<String>,
}

impl WeightArgs {
    /// The weights for `dataset`, or `None` without `--weights`.
    pub(crate) fn resolve(
        &self,
        dataset: &Dataset,
        config: Option<&SurveyConfig>,
    ) -> anyhow::Result<Option<Resolved>> {
        let WeightArgs { weights, reference } = self;
        let Some(column) = weights else {
            return Ok(None);
        };
        let raking = column == RAKING && dataset.schema().get(column).is_none();
        match (raking, reference) {
            (true, Some(file)) => {
                let mut reference = Reference::read(file)?;
                let mut options = ParticipationOptions::default();
                if let Some(config) = config {
                    reference = reference.with_config(config)?;
                    options = ParticipationOptions::from_config(config)?;
                }
                let raked = raking_weights(dataset, &reference, options.weighting())?;
                Ok(Some(Resolved {
                    weights: raked.for_dataset(dataset),
                    description: raking_description(&reference.file),
                    column: None,
                    warnings: raked.warnings,
                }))
            }
            (true, None) => Err(Error::unsupported(
                Location::default(),
                "--weights without a column rakes to a reference population, found no --reference",
            )
            .with_hint(
                "add --reference census.csv (variable,category,population), or name a numeric column: --weights COLUMN",
            )
            .into()),
            (false, Some(file)) => Err(Error::unsupported(
                Location::file(file.display().to_string()),
                format!(
                    "--reference rakes to the population's margins, so --weights takes no column, found \"{column}\""
                ),
            )
            .with_hint("use --reference FILE --weights to rake, or --weights COLUMN alone")
            .into()),
            (false, None) => Ok(Some(Resolved {
                weights: weights_from_column(dataset, column)?,
                description: format!("the column \"{column}\""),
                column: Some(column.clone()),
                warnings: Vec::new(),
            })),
        }
    }
}
