//! Participation presented in one place: every table of who took part, with its columns' roles
//! and disclosure control applied, and the charts drawn from those disclosed tables (responses
//! over time, each profile question, each comparison with the population). `engage
//! participation` prints these tables and the report arranges them; neither builds its own.

use std::fmt::Write as _;

use chrono::NaiveDateTime;

use super::profile::ProfileTable;
use super::representation::Representation;
use super::timeline::Timeline;
use super::{Participation, TextGroupKind};
use crate::chart::{Chart, RepresentationMode, results};
use crate::privacy::disclosure::{DisclosurePolicy, TableKind};
use crate::stats::proportion::wilson;
use crate::summary::present::Presented;
use crate::table::{Cell, Column, RowRole, Table, group_thousands, plain_number};

/// File rows for a table cell: the first few, then "and N more".
fn rows_cell(rows: &[usize]) -> Cell {
    const SHOWN: usize = 8;
    let mut text = rows
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if rows.len() > SHOWN {
        let _ = write!(text, " and {} more", rows.len() - SHOWN);
    }
    Cell::Text(text)
}

/// Groups of near-identical comments listed in the text, Markdown and CSV tables.
const TEXT_GROUPS_SHOWN: usize = 20;

fn when(stamp: NaiveDateTime) -> String {
    stamp.format("%Y-%m-%d %H:%M").to_string()
}

fn count(value: usize) -> Cell {
    Cell::Count(value as u64)
}

/// A whole number that counts no respondents (groups, iterations, words).
fn number(value: usize) -> Cell {
    Cell::number(value as f64, 0)
}

fn percent_of(part: usize, base: usize) -> Cell {
    if base == 0 {
        Cell::Empty
    } else {
        Cell::percent(100.0 * part as f64 / base as f64)
    }
}

/// Applies `policy` and returns the table.
fn disclosed(mut table: Table, policy: &DisclosurePolicy) -> Table {
    policy.apply(&mut table);
    table
}

impl Participation {
    /// Every table of the participation report under `policy`: summary, responses over time,
    /// channels, item response rates, profiles, representation, weights, duplicates and
    /// campaigns.
    #[must_use]
    pub fn tables(&self, policy: &DisclosurePolicy) -> Vec<Table> {
        let mut tables = vec![self.summary_table(policy)];
        if let Some(timeline) = &self.timeline {
            tables.push(weeks_table(timeline, policy));
            tables.push(days_table(timeline, policy));
        }
        tables.extend(self.channels_table(policy));
        tables.push(self.items_table(policy));
        for profile in &self.profiles {
            tables.push(profile_table(profile, policy));
        }
        for variable in &self.representation {
            tables.push(representation_table(
                variable,
                self.reference
                    .as_ref()
                    .map(|reference| reference.file.as_str()),
                policy,
            ));
        }
        if let Some(weights) = &self.weights {
            let mut table = Table::new(
                "Raking weights",
                &[Column::label("Measure"), Column::value("Value")],
            )
            .with_caption(format!(
                "Raked on {}",
                weights
                    .variables
                    .iter()
                    .map(|variable| format!("{} ({})", variable.variable, variable.question))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let rows = [
                (
                    "Converged",
                    Cell::text(if weights.converged { "yes" } else { "no" }),
                ),
                ("Iterations", number(weights.iterations)),
                (
                    "Largest margin error",
                    Cell::text(format!("{:.1e}", weights.max_margin_error)),
                ),
                (
                    "Design effect (Kish)",
                    Cell::number(weights.design_effect, 3),
                ),
                (
                    "Effective sample size",
                    Cell::number(weights.effective_sample_size, 1),
                ),
                ("Smallest weight", Cell::number(weights.min, 3)),
                ("Largest weight", Cell::number(weights.max, 3)),
                ("Weights at a trimming bound", count(weights.trimmed)),
            ];
            for (label, value) in rows {
                table.push(vec![Cell::text(label), value]);
            }
            table.notes.extend(weights.warnings.iter().cloned());
            tables.push(disclosed(table, policy));
        }
        tables.extend(
            self.duplicate_tables()
                .into_iter()
                .map(|table| disclosed(table, policy)),
        );
        tables
    }

    /// Responses by channel (collector), when the export records one.
    #[must_use]
    pub fn channels_table(&self, policy: &DisclosurePolicy) -> Option<Table> {
        let channels = self.channels.as_ref()?;
        let mut table = Table::new(
            "Responses by channel",
            &[
                Column::label("Channel"),
                Column::count("Responses"),
                Column::percent("%", 1),
            ],
        )
        .with_caption(format!(
            "Base: all respondents (n = {}); from \"{}\"",
            group_thousands(self.analysed as u64),
            channels.column
        ));
        for channel in &channels.channels {
            table.push(vec![
                Cell::text(&channel.label),
                count(channel.count),
                percent_of(channel.count, self.analysed),
            ]);
        }
        table.total_outside(1, self.analysed as u64);
        Some(disclosed(table, policy))
    }

    /// How many answered each question.
    #[must_use]
    pub fn items_table(&self, policy: &DisclosurePolicy) -> Table {
        let mut items = Table::new(
            "Item response rates",
            &[
                Column::label("Question"),
                Column::text("Wording"),
                Column::count("Answered"),
                Column::percent("% of respondents", 2),
            ],
        )
        .with_caption(format!(
            "Base: all respondents (n = {})",
            group_thousands(self.analysed as u64)
        ));
        for item in &self.items {
            items.push(vec![
                Cell::text(&item.question),
                Cell::text(&item.text),
                count(item.answered),
                Cell::percent(item.percent),
            ]);
        }
        if self.items.iter().any(|item| item.other_of.is_some()) {
            items.notes.push(
                "\"Other, please specify\" texts are only asked of those who chose Other".into(),
            );
        }
        disclosed(items, policy)
    }

    /// The result as JSON under `policy`: the whole result, except that a part whose
    /// published table withholds something (a profile, a comparison with the population, the
    /// timeline...) is given as that table instead (`{"withheld": true, "tables": [...]}`),
    /// withheld cells as their markers.
    #[must_use]
    pub fn to_json(&self, policy: &DisclosurePolicy) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        let replace = |value: &mut serde_json::Value, tables: Vec<Table>| {
            if tables.iter().any(Table::has_withheld) {
                *value = serde_json::json!({ "withheld": true, "tables": tables });
            }
        };
        let summary = self.summary_table(policy);
        if summary.has_withheld() {
            value["respondents"] = serde_json::Value::Null;
            value["analysed"] = serde_json::Value::Null;
            replace(&mut value["completion"], vec![summary]);
        }
        if let Some(timeline) = &self.timeline {
            replace(
                &mut value["timeline"],
                vec![weeks_table(timeline, policy), days_table(timeline, policy)],
            );
        }
        if let Some(table) = self.channels_table(policy) {
            replace(&mut value["channels"], vec![table]);
        }
        for (index, profile) in self.profiles.iter().enumerate() {
            replace(
                &mut value["profiles"][index],
                vec![profile_table(profile, policy)],
            );
        }
        let population = self
            .reference
            .as_ref()
            .map(|reference| reference.file.as_str());
        for (index, variable) in self.representation.iter().enumerate() {
            replace(
                &mut value["representation"][index],
                vec![representation_table(variable, population, policy)],
            );
        }
        replace(&mut value["items"], vec![self.items_table(policy)]);
        let duplicates: Vec<Table> = self
            .duplicate_tables()
            .into_iter()
            .map(|table| disclosed(table, policy))
            .collect();
        replace(&mut value["duplicates"], duplicates);
        value
    }

    /// The headline figures: respondents, complete and partial responses, the first and last
    /// response, the busiest day and campaign responses.
    #[must_use]
    pub fn summary_table(&self, policy: &DisclosurePolicy) -> Table {
        let completion = &self.completion;
        let mut table = Table::new(
            "Participation",
            &[
                Column::label("Measure"),
                Column::count("Count"),
                Column::percent("%", 1),
            ],
        )
        .with_caption(format!("Completion: {}", completion.description));
        // Complete, partial and other statuses add up to the respondents analysed.
        let analysed_role = if self.dropped.is_some() {
            table.push_row(
                RowRole::Aside,
                vec![
                    Cell::text("Respondents in the file"),
                    count(self.respondents),
                    Cell::Empty,
                ],
            );
            if let Some(dropped) = &self.dropped {
                table.push_row(
                    RowRole::Aside,
                    vec![
                        Cell::text("Dropped as duplicates (--dedupe)"),
                        count(dropped.total),
                        percent_of(dropped.total, self.respondents),
                    ],
                );
            }
            "Respondents analysed"
        } else {
            "Respondents in the file"
        };
        table.push_row(
            RowRole::Total,
            vec![Cell::text(analysed_role), count(self.analysed), Cell::Empty],
        );
        if completion.method != crate::participation::CompletionMethod::NotJudged
            && completion.complete
                + completion.partial
                + completion
                    .other
                    .iter()
                    .map(|other| other.count)
                    .sum::<usize>()
                > 0
        {
            table.push(vec![
                Cell::text("Complete"),
                count(completion.complete),
                percent_of(completion.complete, self.analysed),
            ]);
            table.push(vec![
                Cell::text("Partial"),
                count(completion.partial),
                percent_of(completion.partial, self.analysed),
            ]);
            for other in &completion.other {
                table.push(vec![
                    Cell::text(format!("Status: {}", other.label)),
                    count(other.count),
                    percent_of(other.count, self.analysed),
                ]);
            }
        }
        if let Some(timeline) = &self.timeline {
            table.push_row(
                RowRole::Aside,
                vec![
                    Cell::text(format!("First response: {}", when(timeline.first))),
                    Cell::Empty,
                    Cell::Empty,
                ],
            );
            table.push_row(
                RowRole::Aside,
                vec![
                    Cell::text(format!("Last response: {}", when(timeline.last))),
                    Cell::Empty,
                    Cell::Empty,
                ],
            );
            if let Some(day) = &timeline.busiest_day {
                table.push_row(
                    RowRole::Aside,
                    vec![
                        Cell::text(format!("Busiest day: {}", day.date)),
                        count(day.responses),
                        percent_of(day.responses, self.analysed),
                    ],
                );
            }
        }
        let campaign = self.duplicates.campaign_responses();
        if campaign > 0 {
            table.push_row(
                RowRole::Aside,
                vec![
                    Cell::text("In a letter-writing campaign (near-identical texts)"),
                    count(campaign),
                    percent_of(campaign, self.respondents),
                ],
            );
        }
        disclosed(table, policy)
    }

    fn duplicate_tables(&self) -> Vec<Table> {
        let duplicates = &self.duplicates;
        let mut tables = Vec::new();
        let mut summary = Table::new(
            "Duplicates and campaigns",
            &[
                Column::label("Finding"),
                Column::value("Groups"),
                Column::count("Responses"),
            ],
        )
            .with_caption(if self.dropped.is_some() {
                "Found among all respondents; --dedupe dropped the repeated and identical submissions, never campaign texts".to_string()
            } else {
                "Found among all respondents; nothing is dropped unless --dedupe is given".to_string()
            });
        let sum = |rows: &mut dyn Iterator<Item = usize>| rows.sum::<usize>();
        let campaigns: Vec<_> = duplicates
            .texts
            .iter()
            .filter(|group| group.kind == TextGroupKind::Campaign)
            .collect();
        let repeated: Vec<_> = duplicates
            .texts
            .iter()
            .filter(|group| group.kind == TextGroupKind::Repeated)
            .collect();
        for (label, groups, responses) in [
            (
                "Identical submissions",
                duplicates.exact.len(),
                sum(&mut duplicates.exact.iter().map(|group| group.rows.len())),
            ),
            (
                "Repeated email or respondent id",
                duplicates.identifiers.len(),
                sum(&mut duplicates.identifiers.iter().map(|group| group.rows.len())),
            ),
            (
                "Bursts of responses",
                duplicates.bursts.len(),
                sum(&mut duplicates.bursts.iter().map(|burst| burst.responses)),
            ),
            (
                "Letter-writing campaigns",
                campaigns.len(),
                sum(&mut campaigns.iter().map(|group| group.responses)),
            ),
            (
                "Repeated comments",
                repeated.len(),
                sum(&mut repeated.iter().map(|group| group.responses)),
            ),
        ] {
            summary.push(vec![Cell::text(label), number(groups), count(responses)]);
        }
        if let Some(dropped) = &self.dropped {
            summary.notes.push(format!(
                "dropped {} respondents: {} earlier responses sharing an email or id, {} identical copies",
                dropped.total, dropped.repeated_identifier, dropped.identical
            ));
        }
        tables.push(summary);
        if !duplicates.exact.is_empty() {
            let mut table = Table::new(
                "Identical submissions",
                &[
                    Column::text("Rows"),
                    Column::text("Respondent ids"),
                    Column::value("Questions answered"),
                ],
            );
            for group in &duplicates.exact {
                table.push(vec![
                    rows_cell(&group.rows),
                    Cell::text(group.ids.join(", ")),
                    number(group.answered),
                ]);
            }
            tables.push(table);
        }
        if !duplicates.identifiers.is_empty() {
            let mut table = Table::new(
                "Repeated identifiers",
                &[
                    Column::label("Identifier"),
                    Column::text("Value"),
                    Column::text("Rows"),
                ],
            );
            for group in &duplicates.identifiers {
                table.push(vec![
                    Cell::text(&group.kind),
                    Cell::text(&group.value),
                    rows_cell(&group.rows),
                ]);
            }
            tables.push(table);
        }
        if !duplicates.bursts.is_empty() {
            let mut table = Table::new(
                "Bursts of responses",
                &[
                    Column::label("Collector"),
                    Column::text("From"),
                    Column::text("To"),
                    Column::count("Responses"),
                    Column::count("Most in a window"),
                    Column::value("Usual per window"),
                    Column::count("Campaign texts"),
                ],
            );
            for burst in &duplicates.bursts {
                table.push(vec![
                    Cell::text(burst.collector.as_deref().unwrap_or("(all)")),
                    Cell::text(when(burst.start)),
                    Cell::text(when(burst.end)),
                    count(burst.responses),
                    count(burst.peak),
                    Cell::number(burst.expected, 1),
                    count(burst.campaign_responses),
                ]);
            }
            tables.push(table);
        }
        if !duplicates.texts.is_empty() {
            let mut table = Table::new(
                "Near-identical comments",
                &[
                    Column::label("Question"),
                    Column::text("Kind"),
                    Column::count("Responses"),
                    Column::count("Identical"),
                    Column::value("Words"),
                    Column::text("From"),
                    Column::text("To"),
                    Column::text("Text"),
                ],
            );
            // Campaigns first, then the largest repeated comments; JSON has every group.
            let shown = TEXT_GROUPS_SHOWN.max(campaigns.len());
            for group in duplicates.texts.iter().take(shown) {
                table.push(vec![
                    Cell::text(&group.question),
                    Cell::text(match group.kind {
                        TextGroupKind::Campaign => "campaign",
                        TextGroupKind::Repeated => "repeated",
                    }),
                    count(group.responses),
                    count(group.identical),
                    number(group.words),
                    Cell::text(group.first.map(when).unwrap_or_default()),
                    Cell::text(group.last.map(when).unwrap_or_default()),
                    Cell::text(&group.excerpt),
                ]);
            }
            let hidden = duplicates.texts.len().saturating_sub(shown);
            if hidden > 0 {
                table.notes.push(format!(
                    "and {hidden} smaller groups of repeated comments (all are in --format json)"
                ));
            }
            if !campaigns.is_empty() {
                table.notes.push(
                    "a campaign is evidence of how strongly people feel: report it as such, with its size, rather than dropping it".into(),
                );
            }
            tables.push(table);
        }
        tables
    }
}

/// Responses per ISO week, with the running total.
#[must_use]
pub fn weeks_table(timeline: &Timeline, policy: &DisclosurePolicy) -> Table {
    let dated: usize = timeline.days.iter().map(|day| day.responses).sum();
    let mut weeks = Table::new(
        "Responses per week",
        &[
            Column::label("Week"),
            Column::text("Starting"),
            Column::count("Responses"),
            Column::cumulative("Cumulative", 2),
        ],
    )
    .with_caption(format!(
        "Base: responses with a date (n = {}); from {}",
        group_thousands(dated as u64),
        timeline.source
    ));
    for week in &timeline.weeks {
        weeks.push(vec![
            Cell::text(&week.week),
            Cell::text(week.starts.format("%-d %b %Y").to_string()),
            count(week.responses),
            count(week.cumulative),
        ]);
    }
    weeks.total_outside(2, dated as u64);
    disclosed(weeks, policy)
}

/// Responses per day, with the running total: the figures of the timeline chart.
#[must_use]
pub fn days_table(timeline: &Timeline, policy: &DisclosurePolicy) -> Table {
    let dated: usize = timeline.days.iter().map(|day| day.responses).sum();
    let mut days = Table::new(
        "Responses per day",
        &[
            Column::label("Date"),
            Column::count("Responses"),
            Column::cumulative("Cumulative", 1),
        ],
    )
    .with_caption(format!(
        "Base: responses with a date (n = {})",
        group_thousands(dated as u64)
    ));
    for day in &timeline.days {
        days.push(vec![
            Cell::text(day.date.to_string()),
            count(day.responses),
            count(day.cumulative),
        ]);
    }
    if timeline.undated > 0 {
        days.notes.push(format!(
            "{} responses have no usable timestamp",
            policy.count_words(days.kind, timeline.undated as u64)
        ));
    }
    days.total_outside(1, dated as u64);
    disclosed(days, policy)
}

/// Responses over time: the table of weeks, and the chart of days drawn from the disclosed
/// table of days (returned too, for the report's tables).
#[must_use]
pub fn timeline(
    timeline: &Timeline,
    policy: &DisclosurePolicy,
    source: Option<&str>,
) -> (Table, Table, Chart) {
    let days = days_table(timeline, policy);
    let chart = results::timeline_chart(timeline, &days, source);
    (weeks_table(timeline, policy), days, chart)
}

/// A profile question's table: each answer's count, percentage and 95% interval, with a total
/// row (single choice: the answers add up to it).
#[must_use]
pub fn profile_table(profile: &ProfileTable, policy: &DisclosurePolicy) -> Table {
    let kind = TableKind::Profile;
    let mut table = Table::new(
        format!("Profile: {}", profile.text),
        &[
            Column::label("Answer"),
            Column::count("Count"),
            Column::percent("%", 1),
            Column::derived("95% CI low", 2),
            Column::derived("95% CI high", 2),
        ],
    )
    .with_caption(format!(
        "Base: all who answered (n = {}); no answer: {}",
        policy.count_words(kind, profile.base as u64),
        policy.count_words(kind, profile.no_answer as u64)
    ))
    .with_kind(kind);
    let interval = |count: usize| {
        wilson(count as f64, profile.base as f64)
            .ok()
            .filter(|_| profile.base > 0)
    };
    for row in &profile.rows {
        let interval = interval(row.count);
        table.push(vec![
            Cell::text(&row.label),
            count(row.count),
            Cell::percent(row.percent),
            Cell::maybe(interval.map(|interval| interval.lower * 100.0), 1),
            Cell::maybe(interval.map(|interval| interval.upper * 100.0), 1),
        ]);
    }
    if profile.multiple {
        table
            .notes
            .push("more than one answer allowed: percentages add up to more than 100".to_string());
    } else {
        table.push_row(
            RowRole::Total,
            vec![
                Cell::text("Total"),
                count(profile.base),
                Cell::percent(if profile.base > 0 { 100.0 } else { 0.0 }),
                Cell::Empty,
                Cell::Empty,
            ],
        );
    }
    disclosed(table, policy)
}

/// A profile question presented: its table, and its bar chart drawn from it.
#[must_use]
pub fn profile(
    profile: &ProfileTable,
    policy: &DisclosurePolicy,
    source: Option<&str>,
) -> Presented {
    let table = profile_table(profile, policy);
    let chart = profile_chart(profile, &table, source);
    Presented {
        table,
        chart: Some(chart),
    }
}

fn profile_chart(profile: &ProfileTable, table: &Table, source: Option<&str>) -> Chart {
    results::profile_chart(&profile.text, profile.base, profile.multiple, table, source)
}

/// The comparison of a profile variable with the population: respondents, their percentage,
/// the population's, the representation index and whether the group is under-represented.
/// A withheld count withholds its percentage, index and flag, and the notes name only groups
/// whose figures are shown.
#[must_use]
pub fn representation_table(
    variable: &Representation,
    population: Option<&str>,
    policy: &DisclosurePolicy,
) -> Table {
    let kind = TableKind::Profile;
    let weighted = variable
        .rows
        .iter()
        .any(|row| row.weighted_percent.is_some());
    let mut columns = vec![
        Column::label("Category"),
        Column::count("Sample"),
        Column::percent("Sample %", 1),
        Column::value("Population %"),
        Column::derived("Index", 1),
        Column::derived("Under-represented", 1),
    ];
    if weighted {
        columns.push(Column::derived("Weighted %", 1));
    }
    let words = |count: usize| policy.count_words(kind, count as u64);
    let mut table = Table::new(
        format!(
            "Representation: {} ({})",
            variable.variable, variable.question_text
        ),
        &columns,
    )
    .with_caption(format!(
        "Base: respondents whose answer matched a category (n = {}); declined: {}; no answer: {}",
        words(variable.base),
        words(variable.declined),
        words(variable.no_answer)
    ))
    .with_kind(kind);
    for row in &variable.rows {
        let mut cells = vec![
            Cell::text(&row.category),
            count(row.sample),
            Cell::percent(row.sample_percent),
            Cell::percent(row.population_percent),
            Cell::maybe(row.index, 0),
            Cell::text(if row.under_represented { "yes" } else { "" }),
        ];
        if weighted {
            cells.push(row.weighted_percent.map_or(Cell::Empty, Cell::percent));
        }
        table.push(cells);
    }
    table.total_outside(1, variable.base as u64);
    policy.apply(&mut table);
    let shown = |category: &str| {
        table.rows.iter().any(|row| {
            row.first().is_some_and(|cell| cell.display() == category)
                && !matches!(row.get(1), Some(Cell::Suppressed(_)))
        })
    };
    if let Some(test) = &variable.test {
        table.notes.push(format!(
            "chi-square goodness of fit: X\u{b2} = {:.2}, df = {}, p {}",
            test.statistic,
            test.df,
            if test.p_value < 0.001 {
                "< 0.001".to_string()
            } else {
                format!("= {:.3}", test.p_value)
            }
        ));
    }
    let missing: Vec<String> = variable
        .most_missing
        .iter()
        .filter(|group| shown(&group.category))
        .map(|group| {
            format!(
                "{} (index {:.0}, {} fewer than a representative sample)",
                group.category,
                group.index,
                plain_number(group.shortfall.round())
            )
        })
        .collect();
    if !missing.is_empty() {
        table
            .notes
            .push(format!("groups most missing: {}", missing.join("; ")));
    }
    if !variable.unmatched.is_empty() {
        table.notes.push(format!(
            "answers matching no category (not in the base): {}",
            variable
                .unmatched
                .iter()
                .map(|entry| format!("\"{}\" ({})", entry.label, words(entry.count)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    table.notes.extend(variable.notes.iter().cloned());
    if let Some(population) = population {
        table.notes.push(format!("population: {population}"));
    }
    table
}

/// A comparison with the population presented: its table, and the chart of the
/// representation index drawn from it.
#[must_use]
pub fn representation(
    variable: &Representation,
    policy: &DisclosurePolicy,
    threshold: f64,
    population: Option<&str>,
) -> Presented {
    let table = representation_table(variable, population, policy);
    let chart = results::representation_chart(
        variable,
        &table,
        RepresentationMode::Index,
        threshold,
        population,
    );
    Presented {
        table,
        chart: Some(chart),
    }
}
