//! The work the benchmarks and the peer comparison time, in one place: the analyses a report
//! needs ([`analyse`]), the figures the peers must reproduce ([`Check`]), and a stand-in for the
//! report pipeline ([`compose`], [`report_files`]) that arranges the analyses into a
//! [`Document`] and renders it with engage's report writers.
//!
//! The composition here only exists until `engage report` lands (issue 8); it builds roughly
//! what that report holds (participation, a table and chart per question, the cross-tab, themes
//! with quotes and sentiment) so that the writers are timed on a document of a realistic size.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Datelike;
use engage_core::chart::{
    Bar, BarChart, Caption, Chart, HeatmapChart, LikertChart, LikertItem, StackedChart,
    StackedGroup, TimelineChart,
};
use engage_core::participation::{Participation, ParticipationOptions, participation};
use engage_core::report::{Block, BundleOptions, Document, ReportFile, Section, bundle};
use engage_core::summary::{Detail, PercentOf, QuestionSummary};
use engage_core::themes::{CodingOptions, QuoteOptions, ThemeCoding, attach_quotes};
use engage_core::{
    Codebook, Crosstab, CrosstabOptions, Dataset, QuestionType, Summary, SummaryOptions, crosstab,
    summarise,
};
use serde::Serialize;

/// The cross-tab every tool computes: age band by preferred option, by column header.
pub const CROSSTAB: (&str, &str) = ("What is your age?", "Which of the options do you prefer?");

/// How much to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// The figures the peers compute too: participation, every summary, the cross-tab, theme
    /// counts.
    Analyses,
    /// Everything a report needs besides: every comment kept with its coding, sentiment and
    /// quotes.
    Report,
}

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

/// Runs the analyses.
pub fn analyse(dataset: &Dataset, codebook: &Codebook, depth: Depth) -> Result<Analyses> {
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
    let report = depth == Depth::Report;
    let options = CodingOptions::default()
        .with_comments(report)
        .with_sentiment(report);
    let mut themes = engage_core::themes::code_dataset(dataset, codebook, &options)?;
    if report {
        let redact = |text: &str| engage_core::privacy::redact::redact(text).text;
        attach_quotes(&mut themes, codebook, &QuoteOptions::default(), &redact);
    }
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

fn thousands(value: usize) -> String {
    engage_core::table::group_thousands(value as u64)
}

fn base(count: usize) -> String {
    format!("all who answered, n = {}", thousands(count))
}

/// A stand-in for the report pipeline: the analyses arranged into a document with a table and
/// a chart per question, as the interim report arranges them.
#[must_use]
pub fn compose(dataset: &Dataset, analyses: &Analyses) -> Document {
    let participation = &analyses.participation;
    let mut overview = Section::new("summary", "Summary of key findings");
    overview.push(Block::KeyFigures {
        figures: vec![
            (
                "Responses".to_string(),
                thousands(participation.respondents),
            ),
            (
                "Complete responses".to_string(),
                thousands(participation.completion.complete),
            ),
            (
                "Comments coded".to_string(),
                thousands(
                    analyses
                        .themes
                        .questions
                        .iter()
                        .map(|question| question.coded)
                        .sum(),
                ),
            ),
        ],
    });
    overview.push(Block::paragraph(format!(
        "{} people responded to the consultation between {}.",
        thousands(participation.respondents),
        participation
            .timeline
            .as_ref()
            .map(|timeline| format!("{} and {}", timeline.first.date(), timeline.last.date()))
            .unwrap_or_default()
    )));

    let mut who = Section::new("participation", "Who took part");
    if let Some(timeline) = &participation.timeline {
        who.push(Block::chart(
            "responses-per-day",
            Chart::Timeline(TimelineChart::new(
                Caption::new("Responses per day", base(participation.respondents)),
                timeline
                    .days
                    .iter()
                    .map(|day| (day.date, day.responses as u64))
                    .collect(),
            )),
        ));
    }
    for (index, table) in participation.tables().into_iter().enumerate() {
        who.push(Block::table(format!("participation-{index:02}"), table));
    }
    for profile in &participation.profiles {
        who.push(Block::chart(
            format!("profile-{}", profile.question),
            Chart::Bar(BarChart::percentages(
                Caption::new(&profile.text, base(profile.base)),
                profile
                    .rows
                    .iter()
                    .map(|row| Bar::new(&row.label, row.percent))
                    .collect(),
            )),
        ));
    }

    let mut questions = Section::new("questions", "What people told us");
    let tables = analyses.summary.tables();
    let mut likert_items: Vec<(String, Vec<String>, LikertItem)> = Vec::new();
    for (index, (question, table)) in analyses.summary.questions.iter().zip(tables).enumerate() {
        let mut section = Section::new(
            format!("q{:02}-{}", index + 1, question.id),
            question.text.clone(),
        );
        section.push(Block::table(
            format!("q{:02}-{}", index + 1, question.id),
            table,
        ));
        if let Some(chart) = question_chart(question, &mut likert_items, dataset) {
            section.push(Block::chart(
                format!("q{:02}-{}", index + 1, question.id),
                chart,
            ));
        }
        questions.subsections.push(section);
    }
    // One diverging chart per Likert grid, as reports show a battery of statements.
    let mut grids: BTreeMap<String, (Vec<String>, Vec<LikertItem>)> = BTreeMap::new();
    for (grid, points, item) in likert_items {
        grids
            .entry(grid)
            .or_insert_with(|| (points, Vec::new()))
            .1
            .push(item);
    }
    for (index, (grid, (points, items))) in grids.into_iter().enumerate() {
        let base = items.iter().map(|item| item.base).max().unwrap_or(0) as usize;
        questions.push(Block::chart(
            format!("grid-{index:02}"),
            Chart::Likert(LikertChart::new(
                Caption::new(grid, self::base(base)),
                points,
                Some(2),
                items,
            )),
        ));
    }

    let mut crosstab = Section::new("crosstab", "Preferred option by age");
    let cross = &analyses.crosstab;
    for (index, table) in cross.tables(PercentOf::Row).into_iter().enumerate() {
        crosstab.push(Block::table(format!("crosstab-{index:02}"), table));
    }
    crosstab.push(Block::chart(
        "crosstab",
        Chart::Stacked(StackedChart::stacked(
            Caption::new(
                format!("{} by {}", cross.column.text, cross.row.text),
                base(cross.respondents),
            ),
            cross.column.labels.clone(),
            cross
                .row
                .labels
                .iter()
                .zip(&cross.row_percents)
                .zip(&cross.row_totals)
                .map(|((label, shares), total)| StackedGroup {
                    label: label.clone(),
                    base: Some(*total as u64),
                    shares: shares.clone(),
                })
                .collect(),
        )),
    ));

    let mut themes = Section::new("themes", "Themes in what people wrote");
    for (index, question) in analyses.themes.questions.iter().enumerate() {
        let mut section = Section::new(
            format!("themes-{:02}-{}", index + 1, question.question),
            question.text.clone(),
        );
        section.push(Block::table(
            format!("themes-{:02}-{}", index + 1, question.question),
            question.counts_table(),
        ));
        section.push(Block::chart(
            format!("themes-{:02}-{}", index + 1, question.question),
            Chart::Bar(BarChart::percentages(
                Caption::new(&question.text, base(question.base)),
                question
                    .themes
                    .iter()
                    .map(|theme| Bar::new(&theme.label, theme.percent.unwrap_or(0.0)))
                    .collect(),
            )),
        ));
        if index == 0 {
            let ids: Vec<&str> = question
                .themes
                .iter()
                .map(|theme| theme.id.as_str())
                .collect();
            let mut values = vec![vec![None; ids.len()]; ids.len()];
            for pair in &question.co_occurrence {
                let a = ids.iter().position(|id| *id == pair.a);
                let b = ids.iter().position(|id| *id == pair.b);
                if let (Some(a), Some(b)) = (a, b) {
                    values[a][b] = Some(pair.count as f64);
                    values[b][a] = Some(pair.count as f64);
                }
            }
            section.push(Block::chart(
                "themes-co-occurrence",
                Chart::Heatmap(HeatmapChart::counts(
                    Caption::new("Themes mentioned together", base(question.base)),
                    question
                        .themes
                        .iter()
                        .map(|theme| theme.label.clone())
                        .collect(),
                    values,
                    "comments coded with both themes",
                )),
            ));
        }
        for quotes in &question.quotes {
            for quote in quotes.quotes.iter().take(1) {
                section.push(Block::Quote {
                    text: quote.text.clone(),
                    attribution: Some(quotes.label.clone()),
                });
            }
        }
        themes.subsections.push(section);
    }
    Document {
        title: "The future of the walk-in centre: interim report".to_string(),
        subtitle: Some(format!("Synthetic consultation, {}", dataset.source().file)),
        sections: vec![overview, who, questions, crosstab, themes],
    }
}

/// A chart for one question: bars for choices, nothing for free text, numbers and dates; a
/// Likert item is collected for its grid's chart instead (`likert_items`: grid, points, item).
fn question_chart(
    question: &QuestionSummary,
    likert_items: &mut Vec<(String, Vec<String>, LikertItem)>,
    dataset: &Dataset,
) -> Option<Chart> {
    let caption = Caption::new(&question.text, base(question.all.base.count));
    match &question.all.detail {
        Detail::Choice(choice) => Some(Chart::Bar(BarChart::percentages(
            caption,
            choice
                .options
                .iter()
                .map(|option| bar(&option.label, option.percent, option.ci_low, option.ci_high))
                .collect(),
        ))),
        Detail::MultiChoice(multi) => Some(Chart::Bar(BarChart::multiple_answers(
            caption,
            multi
                .options
                .iter()
                .map(|option| {
                    let estimate = &option.estimate;
                    bar(
                        &estimate.label,
                        estimate.percent,
                        estimate.ci_low,
                        estimate.ci_high,
                    )
                })
                .collect(),
        ))),
        Detail::Likert(likert) => {
            let group = dataset
                .question(&question.id)
                .ok()
                .and_then(|question| question.group.clone());
            let points: Vec<String> = likert
                .points
                .iter()
                .map(|point| point.label.clone())
                .collect();
            let answered = likert.scale_base.count
                + likert
                    .non_scale
                    .iter()
                    .map(|option| option.count)
                    .sum::<usize>();
            let item = LikertItem {
                label: question.text.clone(),
                shares: likert.points.iter().map(|point| point.percent).collect(),
                base: likert.scale_base.count as u64,
                off_scale: (answered > 0 && !likert.non_scale.is_empty()).then(|| {
                    likert
                        .non_scale
                        .iter()
                        .map(|option| option.count)
                        .sum::<usize>() as f64
                        * 100.0
                        / answered as f64
                }),
            };
            match group {
                Some(group) if points.len() == 5 => {
                    likert_items.push((group, points, item));
                    None
                }
                _ => Some(Chart::Likert(LikertChart::new(
                    caption,
                    points.clone(),
                    (points.len() % 2 == 1).then_some(points.len() / 2),
                    vec![item],
                ))),
            }
        }
        _ => None,
    }
}

fn bar(label: &str, percent: Option<f64>, low: Option<f64>, high: Option<f64>) -> Bar {
    let bar = Bar::new(label, percent.unwrap_or(0.0));
    match (low, high) {
        (Some(low), Some(high)) => bar.with_interval(low, high),
        _ => bar,
    }
}

/// The JSON of the report: every figure.
#[derive(Serialize)]
struct ReportJson<'a> {
    schema_version: u32,
    participation: &'a Participation,
    summary: engage_core::summary::wire::SummaryJson,
    crosstab: &'a Crosstab,
    themes: &'a ThemeCoding,
}

/// Every file of the report bundle: HTML, Markdown, XLSX, JSON, a CSV per table and an SVG,
/// PNG and text alternative per chart.
pub fn report_files(
    document: &Document,
    analyses: &Analyses,
    options: &BundleOptions,
) -> Result<Vec<ReportFile>> {
    let json = serde_json::to_vec_pretty(&ReportJson {
        schema_version: 1,
        participation: &analyses.participation,
        summary: analyses.summary.to_wire(),
        crosstab: &analyses.crosstab,
        themes: &analyses.themes,
    })?;
    Ok(bundle::files(document, &json, options)?)
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
