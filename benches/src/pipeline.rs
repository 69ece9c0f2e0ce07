//! The work the benchmarks and the peer comparison time, in one place: the analyses the peers
//! do too ([`analyse`]), the figures they must reproduce ([`Check`]), and the whole interim
//! report ([`report`], the library pipeline behind `engage report`).

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Datelike;
use engage_core::participation::{Participation, ParticipationOptions, participation};
use engage_core::progress::Silent;
use engage_core::report::{Report, ReportInputs, ReportOptions};
use engage_core::summary::Detail;
use engage_core::themes::{CodingOptions, ThemeCoding};
use engage_core::{
    Codebook, Crosstab, CrosstabOptions, Dataset, QuestionType, Summary, SummaryOptions, crosstab,
    summarise,
};
use serde::Serialize;

/// The cross-tab every tool computes: age band by preferred option, by column header.
pub const CROSSTAB: (&str, &str) = ("What is your age?", "Which of the options do you prefer?");

/// The analyses of one dataset.
#[derive(Clone, Debug, Serialize)]
pub struct Analyses {
    /// Who took part.
    pub participation: Participation,
    /// Every question summarised.
    pub summary: Summary,
    /// Age band by preferred option.
    pub crosstab: Crosstab,
    /// Every free-text question coded with the codebook.
    pub themes: ThemeCoding,
    /// Seconds each analysis took, in order: participation, summary, crosstab, themes.
    #[serde(skip)]
    pub seconds: Vec<(&'static str, f64)>,
}

/// The id of the question read from a column header.
pub fn question_of(dataset: &Dataset, header: &str) -> Result<String> {
    dataset
        .schema()
        .questions()
        .iter()
        .find(|question| {
            question
                .columns
                .first()
                .is_some_and(|column| column == header)
        })
        .map(|question| question.id.clone())
        .with_context(|| format!("no question read from the column \"{header}\""))
}

/// Runs the analyses the peers do too: participation, every summary, the cross-tab and theme
/// counts.
pub fn analyse(dataset: &Dataset, codebook: &Codebook) -> Result<Analyses> {
    let mut seconds = Vec::with_capacity(4);
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, seconds: &mut Vec<(&'static str, f64)>| {
        seconds.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let participation = participation(dataset, &ParticipationOptions::default())?;
    lap("participation", &mut seconds);
    let summary = summarise(dataset, &SummaryOptions::default())?;
    lap("summary", &mut seconds);
    let crosstab = crosstab(
        dataset,
        &question_of(dataset, CROSSTAB.0)?,
        &question_of(dataset, CROSSTAB.1)?,
        &CrosstabOptions::default(),
    )?;
    lap("crosstab", &mut seconds);
    let themes = engage_core::themes::code_dataset(dataset, codebook, &CodingOptions::default())?;
    lap("themes", &mut seconds);
    Ok(Analyses {
        participation,
        summary,
        crosstab,
        themes,
        seconds,
    })
}

/// The figures every tool in the comparison must agree on, keyed by column header so that
/// tools that know nothing of engage's question ids can produce them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Check {
    /// Rows.
    pub respondents: usize,
    /// Responses per day of the completion time (days with responses only).
    pub per_day: BTreeMap<String, usize>,
    /// Responses per collector.
    pub collector: BTreeMap<String, usize>,
    /// Respondents who answered each question.
    pub answered: BTreeMap<String, usize>,
    /// Per categorical question, respondents per answer (multi-choice: per option chosen).
    pub value_counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Per 5-point Likert question, the top two boxes: respondents in them and the scale base
    /// (answers off the scale left out).
    pub top2: BTreeMap<String, Top2>,
    /// Pearson's chi-square of the cross-tab.
    pub crosstab: ChiSquareCheck,
    /// Per free-text question, comments coded with each theme (parents count a comment coded
    /// with any of their children once).
    pub themes: BTreeMap<String, BTreeMap<String, usize>>,
}

/// A top-two box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Top2 {
    /// Respondents in the top two points.
    pub count: usize,
    /// Respondents on the scale.
    pub base: usize,
}

/// The chi-square figures of the cross-tab.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ChiSquareCheck {
    /// The row question's header.
    pub rows: String,
    /// The column question's header.
    pub columns: String,
    /// X², without continuity correction.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// Respondents in the table.
    pub n: usize,
}

/// The comparison's figures from engage's analyses.
pub fn check(dataset: &Dataset, analyses: &Analyses) -> Result<Check> {
    let header = |id: &str| -> Result<String> {
        let question = dataset.question(id)?;
        Ok(question.columns.first().unwrap_or(&question.id).clone())
    };
    let mut check = Check {
        respondents: analyses.participation.respondents,
        ..Check::default()
    };
    if let Some(timeline) = &analyses.participation.timeline {
        for day in timeline.days.iter().filter(|day| day.responses > 0) {
            check.per_day.insert(
                format!(
                    "{:04}-{:02}-{:02}",
                    day.date.year(),
                    day.date.month(),
                    day.date.day()
                ),
                day.responses,
            );
        }
    }
    if let Some(channels) = &analyses.participation.channels {
        for channel in &channels.channels {
            check.collector.insert(channel.label.clone(), channel.count);
        }
    }
    for item in &analyses.participation.items {
        check
            .answered
            .insert(header(&item.question)?, item.answered);
    }
    for question in &analyses.summary.questions {
        let counts: Vec<(&str, usize)> = match &question.all.detail {
            Detail::Choice(choice) => choice
                .options
                .iter()
                .map(|option| (option.label.as_str(), option.count))
                .collect(),
            Detail::MultiChoice(multi) => multi
                .options
                .iter()
                .map(|option| (option.estimate.label.as_str(), option.estimate.count))
                .collect(),
            Detail::Likert(likert) => {
                if likert.points.len() == 5 {
                    check.top2.insert(
                        header(&question.id)?,
                        Top2 {
                            count: likert.top_box.count,
                            base: likert.scale_base.count,
                        },
                    );
                }
                likert
                    .points
                    .iter()
                    .chain(&likert.non_scale)
                    .map(|option| (option.label.as_str(), option.count))
                    .collect()
            }
            _ => continue,
        };
        check.value_counts.insert(
            header(&question.id)?,
            counts
                .into_iter()
                .filter(|(_, count)| *count > 0)
                .map(|(label, count)| (label.to_string(), count))
                .collect(),
        );
    }
    let chi_square = analyses
        .crosstab
        .chi_square
        .as_ref()
        .context("the cross-tab has no chi-square test")?;
    check.crosstab = ChiSquareCheck {
        rows: CROSSTAB.0.to_string(),
        columns: CROSSTAB.1.to_string(),
        statistic: chi_square.statistic,
        df: chi_square.df,
        n: analyses.crosstab.respondents,
    };
    for question in &analyses.themes.questions {
        check.themes.insert(
            header(&question.question)?,
            question
                .themes
                .iter()
                .map(|theme| (theme.id.clone(), theme.count))
                .collect(),
        );
    }
    Ok(check)
}

/// The whole interim report on a dataset, as `engage report FILE --codebook F` builds it (in
/// memory: [`Report::files`] renders every file, [`engage_core::report::bundle::write`] writes
/// them).
pub fn report(dataset: &Dataset, codebook: &Codebook) -> Result<Report> {
    let mut inputs = ReportInputs::new(dataset);
    inputs.codebook = Some(codebook);
    Ok(engage_core::report::build(
        &inputs,
        &ReportOptions::default(),
        &Silent,
    )?)
}

/// The free-text questions' total size in bytes: what theme coding reads.
#[must_use]
pub fn free_text_bytes(dataset: &Dataset) -> usize {
    dataset
        .questions_of(QuestionType::FreeText)
        .filter_map(|question| dataset.text_values(&question.id).ok())
        .map(|values| {
            values
                .iter()
                .flatten()
                .map(|text| text.len())
                .sum::<usize>()
        })
        .sum()
}
