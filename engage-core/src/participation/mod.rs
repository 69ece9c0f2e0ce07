//! Participation: who took part, how, when, who is missing compared with the population, and
//! whether some responses are duplicates or a campaign; and the activity log of events,
//! training and networks with what it cost to reach people.
//!
//! - [`participation`] with [`ParticipationOptions`] gives a [`Participation`]: respondents,
//!   complete and partial ([`completion`]), responses per day and week ([`timeline`]), by
//!   channel ([`channels`]), item response rates ([`items`]), a profile table per profile
//!   question ([`profile`]), representativeness against a [`Reference`] population
//!   ([`representation`]), raking [`Weights`] ([`weights`]), and [`Duplicates`]
//!   ([`duplicates`]: identical submissions, repeated identifiers, bursts, campaigns).
//! - [`raking_weights`] gives weights alone, for summaries that should be weighted.
//! - [`activity::activity_log`] reads an activity log into an [`activity::ActivityLog`].
//!
//! ```
//! use engage_core::participation::{participation, ParticipationOptions, Reference};
//! use engage_core::{read_reader, IngestOptions};
//!
//! let csv = "ID,Completion time,What is your sex?,Do you support the plan?\n\
//!            1,2024-03-04 10:00,Female,Yes\n\
//!            2,2024-03-04 12:00,Female,No\n\
//!            3,2024-03-05 09:30,Male,Yes\n\
//!            4,2024-03-11 16:00,Female,\n";
//! let dataset = read_reader(csv.as_bytes(), "consultation.csv", &IngestOptions::default())?;
//! let reference = Reference::parse(
//!     "variable,category,population\nsex,Female,30420202\nsex,Male,29177340\n",
//!     "census.csv",
//! )?;
//! let result = participation(&dataset, &ParticipationOptions::default().with_reference(reference))?;
//! assert_eq!(result.respondents, 4);
//! let weeks = &result.timeline.as_ref().unwrap().weeks;
//! assert_eq!((weeks[0].responses, weeks[1].cumulative), (3, 4));
//! let sex = &result.representation[0];
//! assert_eq!(sex.rows[1].sample, 1); // Male: 1 of 4, 25% against 49% of the population
//! assert!(sex.rows[1].under_represented);
//! # Ok::<(), engage_core::Error>(())
//! ```

pub mod activity;
mod bursts;
pub mod channels;
pub mod completion;
pub mod duplicates;
pub mod items;
mod matching;
pub mod present;
pub mod profile;
pub mod reference;
pub mod representation;
pub mod texts;
pub mod timeline;
pub mod weights;

use std::collections::BTreeMap;

use serde::Serialize;

pub use bursts::Burst;
pub use channels::Channels;
pub use completion::{Completion, CompletionMethod, Status};
pub use duplicates::{DropReason, DuplicateGroup, DuplicateOptions, Duplicates, IdentifierGroup};
pub use items::ItemRate;
pub use profile::{ProfileRow, ProfileTable};
pub use reference::{PopulationKind, Reference, ReferenceCategory, ReferenceVariable};
pub use representation::{FitTest, MissingGroup, Representation, RepresentationRow};
pub use texts::{TextGroup, TextGroupKind};
pub use timeline::{DayCount, Timeline, WeekCount};
pub use weights::{RakedVariable, WeightingOptions, Weights, raking_weights};

use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::schema::SurveyConfig;

/// A label with a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabelCount {
    /// The label.
    pub label: String,
    /// How many.
    pub count: usize,
}

/// What to compute, and with which thresholds. Settings can come from the `[participation]`
/// section of a `survey.toml` ([`ParticipationOptions::from_config`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ParticipationOptions {
    by: Vec<String>,
    complete_threshold: f64,
    under_represented_below: f64,
    reference: Option<Reference>,
    weights: bool,
    weighting: WeightingOptions,
    dedupe: bool,
    duplicates: DuplicateOptions,
}

impl Default for ParticipationOptions {
    fn default() -> ParticipationOptions {
        ParticipationOptions {
            by: Vec::new(),
            complete_threshold: 0.5,
            under_represented_below: 80.0,
            reference: None,
            weights: false,
            weighting: WeightingOptions::default(),
            dedupe: false,
            duplicates: DuplicateOptions::default(),
        }
    }
}

impl ParticipationOptions {
    /// Also profiles respondents by these questions (ids), as `--by` does (default: only the
    /// profile questions).
    #[must_use]
    pub fn with_by(mut self, questions: Vec<String>) -> ParticipationOptions {
        self.by = questions;
        self
    }

    /// Without a completion flag in the export, a respondent is complete when they answered at
    /// least this share (0 to 1) of the substantive questions (default 0.5).
    #[must_use]
    pub fn with_complete_threshold(mut self, threshold: f64) -> ParticipationOptions {
        self.complete_threshold = threshold;
        self
    }

    /// A group is under-represented when its representation index is below this (default 80).
    #[must_use]
    pub fn with_under_represented_below(mut self, index: f64) -> ParticipationOptions {
        self.under_represented_below = index;
        self
    }

    /// The representation index below which a group is under-represented.
    #[must_use]
    pub fn under_represented_below(&self) -> f64 {
        self.under_represented_below
    }

    /// Compares the respondents with this reference population (default: none).
    #[must_use]
    pub fn with_reference(mut self, reference: Reference) -> ParticipationOptions {
        self.reference = Some(reference);
        self
    }

    /// Computes raking weights to the reference's margins (default false; needs a reference).
    #[must_use]
    pub fn with_weights(mut self, weights: bool) -> ParticipationOptions {
        self.weights = weights;
        self
    }

    /// How to rake (default [`WeightingOptions::default`]).
    #[must_use]
    pub fn with_weighting(mut self, weighting: WeightingOptions) -> ParticipationOptions {
        self.weighting = weighting;
        self
    }

    /// Drops repeated and identical submissions before analysing (default false: they are
    /// only reported).
    #[must_use]
    pub fn with_dedupe(mut self, dedupe: bool) -> ParticipationOptions {
        self.dedupe = dedupe;
        self
    }

    /// How duplicates, bursts and campaigns are found (default
    /// [`DuplicateOptions::default`]).
    #[must_use]
    pub fn with_duplicates(mut self, duplicates: DuplicateOptions) -> ParticipationOptions {
        self.duplicates = duplicates;
        self
    }

    /// The reference, if one was given.
    #[must_use]
    pub fn reference(&self) -> Option<&Reference> {
        self.reference.as_ref()
    }

    /// Options from a survey config's `[participation]` section:
    ///
    /// ```toml
    /// [participation]
    /// complete_threshold = 0.5        # share of substantive questions answered, without a flag
    /// under_represented_below = 80    # representation index
    /// weight_tolerance = 1e-9
    /// weight_max_iterations = 1000
    /// weight_trim = [0.3, 3.0]        # times the mean weight
    /// weight_variables = ["age", "sex"]
    /// duplicate_min_answers = 5
    /// burst_window_minutes = 60
    /// burst_min_responses = 10
    /// burst_factor = 5
    /// text_min_words = 8
    /// text_similarity = 0.7
    /// text_min_responses = 3
    /// campaign_min_responses = 10
    /// campaign_min_words = 25
    ///
    /// [participation.groups.ethnicity]  # survey answers counted as reference categories
    /// "White" = ["White - British", "White - other"]
    /// ```
    pub fn from_config(config: &SurveyConfig) -> Result<ParticipationOptions> {
        let section = &config.participation;
        let at = |key: &str| config.location(&format!("participation.{key}"));
        // Numbers must be finite and at least 0; shares at most 1 as well.
        let number = |key: &str, value: Option<f64>, share: bool| -> Result<Option<f64>> {
            match value {
                Some(value) if !(value.is_finite() && value >= 0.0) => Err(Error::config(
                    at(key),
                    format!("expected a number of at least 0, found {value}"),
                )),
                Some(value) if share && value > 1.0 => Err(Error::config(
                    at(key),
                    format!("expected a share from 0 to 1, found {value}"),
                )),
                other => Ok(other),
            }
        };
        let mut options = ParticipationOptions::default();
        let mut weighting = WeightingOptions::default();
        let mut duplicates = DuplicateOptions::default();
        if let Some(threshold) = number("complete_threshold", section.complete_threshold, true)? {
            options.complete_threshold = threshold;
        }
        if let Some(index) = number(
            "under_represented_below",
            section.under_represented_below,
            false,
        )? {
            options.under_represented_below = index;
        }
        if let Some(tolerance) = number("weight_tolerance", section.weight_tolerance, false)? {
            weighting = weighting.with_tolerance(tolerance);
        }
        if let Some(iterations) = section.weight_max_iterations {
            weighting = weighting.with_max_iterations(iterations);
        }
        if let Some([lower, upper]) = section.weight_trim {
            if !(lower.is_finite()
                && upper.is_finite()
                && (0.0..=1.0).contains(&lower)
                && upper >= 1.0)
            {
                return Err(Error::config(
                    at("weight_trim"),
                    format!(
                        "expected [lower, upper] multiples of the mean weight with lower at most 1 and upper at least 1, found [{lower}, {upper}]"
                    ),
                ));
            }
            weighting = weighting.with_trim(lower, upper);
        }
        if let Some(names) = &section.weight_variables {
            weighting = weighting.with_variables(names.clone());
        }
        if let Some(answers) = section.duplicate_min_answers {
            duplicates = duplicates.with_min_answers(answers);
        }
        if let Some(minutes) = section.burst_window_minutes {
            duplicates = duplicates.with_burst_window_minutes(minutes.max(1) as i64);
        }
        if let Some(responses) = section.burst_min_responses {
            duplicates = duplicates.with_burst_min_responses(responses);
        }
        if let Some(factor) = number("burst_factor", section.burst_factor, false)? {
            duplicates = duplicates.with_burst_factor(factor);
        }
        if let Some(words) = section.text_min_words {
            duplicates = duplicates.with_text_min_words(words);
        }
        if let Some(similarity) = number("text_similarity", section.text_similarity, true)? {
            duplicates = duplicates.with_text_similarity(similarity);
        }
        if let Some(responses) = section.text_min_responses {
            duplicates = duplicates.with_text_min_responses(responses);
        }
        if let Some(responses) = section.campaign_min_responses {
            duplicates = duplicates.with_campaign_min_responses(responses);
        }
        if let Some(words) = section.campaign_min_words {
            duplicates = duplicates.with_campaign_min_words(words);
        }
        options.weighting = weighting;
        options.duplicates = duplicates;
        Ok(options)
    }

    /// `[participation.groups.VARIABLE]`: category label to the survey answers (or `prefix*`
    /// patterns) counted as it.
    #[must_use]
    pub fn groups_from_config(
        config: &SurveyConfig,
    ) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
        config
            .participation
            .groups
            .iter()
            .map(|(variable, categories)| {
                let categories = categories
                    .iter()
                    .map(|(category, answers)| (category.clone(), answers.to_vec()))
                    .collect();
                (variable.clone(), categories)
            })
            .collect()
    }
}

/// Respondents dropped by `--dedupe`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dropped {
    /// Respondents dropped in all.
    pub total: usize,
    /// Dropped as earlier responses from a repeated email or respondent id.
    pub repeated_identifier: usize,
    /// Dropped as second copies of identical submissions.
    pub identical: usize,
    /// The rows a spreadsheet shows them on.
    pub rows: Vec<usize>,
}

/// Where the reference came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceSource {
    /// The file.
    pub file: String,
    /// Its notes (source, date, rounding).
    pub notes: Vec<String>,
}

/// Everything `engage participation` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participation {
    /// The input file.
    pub file: String,
    /// Respondents (rows) in the file.
    pub respondents: usize,
    /// Respondents analysed: all of them, or those kept by `--dedupe`.
    pub analysed: usize,
    /// What `--dedupe` dropped; `None` when not asked.
    pub dropped: Option<Dropped>,
    /// Complete and partial responses.
    pub completion: Completion,
    /// Responses per day and week; `None` without timestamps.
    pub timeline: Option<Timeline>,
    /// Responses per channel; `None` when the export records none.
    pub channels: Option<Channels>,
    /// Item response rates.
    pub items: Vec<ItemRate>,
    /// One table per profile question, then per `--by` question.
    pub profiles: Vec<ProfileTable>,
    /// The reference population, when one was given.
    pub reference: Option<ReferenceSource>,
    /// One comparison per reference variable that matched a question.
    pub representation: Vec<Representation>,
    /// Raking weights, when asked for.
    pub weights: Option<Weights>,
    /// Duplicates, bursts and campaigns (found on every respondent, before any dropping).
    pub duplicates: Duplicates,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// Computes the participation report of a dataset.
pub fn participation(dataset: &Dataset, options: &ParticipationOptions) -> Result<Participation> {
    let mut warnings = Vec::new();
    for id in &options.by {
        dataset.question(id)?;
    }
    let duplicates = duplicates::find(dataset, &options.duplicates)?;
    let filtered;
    let (data, dropped) = if options.dedupe {
        let reasons = duplicates::drop_reasons(&duplicates, dataset.respondents());
        let keep: Vec<bool> = reasons.iter().map(Option::is_none).collect();
        let rows: Vec<usize> = reasons
            .iter()
            .enumerate()
            .filter(|(_, reason)| reason.is_some())
            .map(|(index, _)| dataset.source().row(index))
            .collect();
        let count = |wanted: DropReason| {
            reasons
                .iter()
                .filter(|reason| **reason == Some(wanted))
                .count()
        };
        let dropped = Dropped {
            total: rows.len(),
            repeated_identifier: count(DropReason::RepeatedIdentifier),
            identical: count(DropReason::Identical),
            rows,
        };
        filtered = dataset.filter_rows(&keep)?;
        (&filtered, Some(dropped))
    } else {
        (dataset, None)
    };

    let completion = completion::completion(data, options.complete_threshold)?;
    let timeline = timeline::timeline(data)?;
    let channels = channels::channels(data)?;
    let items = items::item_rates(data)?;
    let mut profiles = Vec::new();
    let mut profiled: Vec<&str> = Vec::new();
    for question in data.schema().profile_questions() {
        match profile::profile_table(data, question) {
            Ok(table) => {
                profiles.push(table);
                profiled.push(&question.id);
            }
            Err(error) => {
                warnings.push(format!("no profile table for \"{}\": {error}", question.id));
            }
        }
    }
    for id in &options.by {
        if profiled.contains(&id.as_str()) {
            continue;
        }
        let question = data.question(id)?;
        profiles.push(profile::profile_table(data, question)?);
        profiled.push(&question.id);
    }

    let mut representation = Vec::new();
    let mut weights = None;
    if let Some(reference) = &options.reference {
        if options.weights {
            let raked = weights::raking_weights(data, reference, &options.weighting)?;
            warnings.extend(raked.warnings.iter().cloned());
            weights = Some(raked);
        }
        for variable in &reference.variables {
            match representation::compare(data, reference, variable)? {
                Ok(comparison) => {
                    let raked = weights.as_ref().filter(|weights| {
                        weights
                            .variables
                            .iter()
                            .any(|raked| raked.variable == variable.name)
                    });
                    let table = representation::represent(
                        &variable.name,
                        &comparison,
                        options.under_represented_below,
                        raked.map(|weights| weights.weights.as_slice()),
                    );
                    for unmatched in &table.unmatched {
                        warnings.push(format!(
                            "{}: answer \"{}\" ({} respondent{}) matches no reference category",
                            variable.name,
                            unmatched.label,
                            unmatched.count,
                            if unmatched.count == 1 { "" } else { "s" }
                        ));
                    }
                    representation.push(table);
                }
                Err(reason) => warnings.push(reason),
            }
        }
    } else if options.weights {
        return Err(Error::unsupported(
            Location::default(),
            "weights need a reference population, and none was given",
        )
        .with_hint(
            "add --reference testdata/reference/england-wales-census-2021.csv or a local file",
        ));
    }

    Ok(Participation {
        file: dataset.source().file.clone(),
        respondents: dataset.respondents(),
        analysed: data.respondents(),
        dropped,
        completion,
        timeline,
        channels,
        items,
        profiles,
        reference: options.reference.as_ref().map(|reference| ReferenceSource {
            file: reference.file.clone(),
            notes: reference.notes.clone(),
        }),
        representation,
        weights,
        duplicates,
        warnings,
    })
}
