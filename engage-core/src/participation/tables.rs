//! The participation report as tables, for text, Markdown and CSV output.

use std::fmt::Write as _;

use chrono::NaiveDateTime;

use super::{Participation, TextGroupKind};
use crate::table::{Cell, Table, group_thousands, plain_number};

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

fn percent_of(part: usize, base: usize) -> Cell {
    if base == 0 {
        Cell::Empty
    } else {
        Cell::percent(100.0 * part as f64 / base as f64)
    }
}

impl Participation {
    /// The report as titled tables: summary, responses over time, channels, item response
    /// rates, profiles, representation, weights, duplicates and campaigns.
    #[must_use]
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![self.summary_table()];
        if let Some(timeline) = &self.timeline {
            let dated = self.analysed - timeline.undated;
            let mut weeks = Table::new(
                "Responses per week",
                &["Week", "Starts", "Responses", "Cumulative"],
            )
            .with_caption(format!(
                "Base: responses with a date (n = {}); from {}",
                group_thousands(dated as u64),
                timeline.source
            ));
            for week in &timeline.weeks {
                weeks.push(vec![
                    Cell::text(&week.week),
                    Cell::text(week.starts.to_string()),
                    count(week.responses),
                    count(week.cumulative),
                ]);
            }
            tables.push(weeks);
            let mut days = Table::new("Responses per day", &["Date", "Responses", "Cumulative"])
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
                    group_thousands(timeline.undated as u64)
                ));
            }
            tables.push(days);
        }
        if let Some(channels) = &self.channels {
            let mut table = Table::new("Responses by channel", &["Channel", "Responses", "%"])
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
            tables.push(table);
        }
        let mut items = Table::new(
            "Item response rates",
            &["Question", "Wording", "Answered", "% of respondents"],
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
        tables.push(items);
        for profile in &self.profiles {
            let mut table = Table::new(
                format!("Profile: {}", profile.text),
                &["Answer", "Count", "%"],
            )
            .with_caption(format!(
                "Base: all who answered (n = {}); no answer: {}",
                group_thousands(profile.base as u64),
                group_thousands(profile.no_answer as u64)
            ));
            for row in &profile.rows {
                table.push(vec![
                    Cell::text(&row.label),
                    count(row.count),
                    Cell::percent(row.percent),
                ]);
            }
            if profile.multiple {
                table.notes.push(
                    "more than one answer allowed: percentages add up to more than 100".into(),
                );
            }
            tables.push(table);
        }
        tables.extend(self.representation_tables());
        if let Some(weights) = &self.weights {
            let mut table =
                Table::new("Raking weights", &["Measure", "Value"]).with_caption(format!(
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
                ("Iterations", count(weights.iterations)),
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
            tables.push(table);
        }
        tables.extend(self.duplicate_tables());
        tables
    }

    fn summary_table(&self) -> Table {
        let completion = &self.completion;
        let mut table = Table::new("Participation", &["Measure", "Count", "%"])
            .with_caption(format!("Completion: {}", completion.description));
        table.push(vec![
            Cell::text("Respondents in the file"),
            count(self.respondents),
            Cell::Empty,
        ]);
        if let Some(dropped) = &self.dropped {
            table.push(vec![
                Cell::text("Dropped as duplicates (--dedupe)"),
                count(dropped.total),
                percent_of(dropped.total, self.respondents),
            ]);
            table.push(vec![
                Cell::text("Respondents analysed"),
                count(self.analysed),
                Cell::Empty,
            ]);
        }
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
        if let Some(timeline) = &self.timeline {
            table.push(vec![
                Cell::text(format!("First response: {}", when(timeline.first))),
                Cell::Empty,
                Cell::Empty,
            ]);
            table.push(vec![
                Cell::text(format!("Last response: {}", when(timeline.last))),
                Cell::Empty,
                Cell::Empty,
            ]);
            if let Some(day) = &timeline.busiest_day {
                table.push(vec![
                    Cell::text(format!("Busiest day: {}", day.date)),
                    count(day.responses),
                    percent_of(day.responses, self.analysed),
                ]);
            }
        }
        let campaign = self.duplicates.campaign_responses();
        if campaign > 0 {
            table.push(vec![
                Cell::text("In a letter-writing campaign (near-identical texts)"),
                count(campaign),
                percent_of(campaign, self.respondents),
            ]);
        }
        table
    }

    fn representation_tables(&self) -> Vec<Table> {
        let mut tables = Vec::new();
        for variable in &self.representation {
            let weighted = variable
                .rows
                .iter()
                .any(|row| row.weighted_percent.is_some());
            let mut columns = vec![
                "Category",
                "Sample",
                "Sample %",
                "Population %",
                "Index",
                "Under-represented",
            ];
            if weighted {
                columns.push("Weighted %");
            }
            let mut table = Table::new(
                format!("Representation: {} ({})", variable.variable, variable.question_text),
                &columns,
            )
            .with_caption(format!(
                "Base: respondents whose answer matched a category (n = {}); declined: {}; no answer: {}",
                group_thousands(variable.base as u64),
                group_thousands(variable.declined as u64),
                group_thousands(variable.no_answer as u64)
            ));
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
            if !variable.most_missing.is_empty() {
                table.notes.push(format!(
                    "groups most missing: {}",
                    variable
                        .most_missing
                        .iter()
                        .map(|group| format!(
                            "{} (index {:.0}, {} fewer than a representative sample)",
                            group.category,
                            group.index,
                            plain_number(group.shortfall.round())
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
            if !variable.unmatched.is_empty() {
                table.notes.push(format!(
                    "answers matching no category (not in the base): {}",
                    variable
                        .unmatched
                        .iter()
                        .map(|entry| format!("\"{}\" ({})", entry.label, entry.count))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            table.notes.extend(variable.notes.iter().cloned());
            if let Some(reference) = &self.reference {
                table.notes.push(format!("population: {}", reference.file));
            }
            tables.push(table);
        }
        tables
    }

    fn duplicate_tables(&self) -> Vec<Table> {
        let duplicates = &self.duplicates;
        let mut tables = Vec::new();
        let mut summary = Table::new("Duplicates and campaigns", &["Finding", "Groups", "Responses"])
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
            summary.push(vec![Cell::text(label), count(groups), count(responses)]);
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
                &["Rows", "Respondent ids", "Questions answered"],
            );
            for group in &duplicates.exact {
                table.push(vec![
                    rows_cell(&group.rows),
                    Cell::text(group.ids.join(", ")),
                    count(group.answered),
                ]);
            }
            tables.push(table);
        }
        if !duplicates.identifiers.is_empty() {
            let mut table = Table::new("Repeated identifiers", &["Identifier", "Value", "Rows"]);
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
                    "Collector",
                    "From",
                    "To",
                    "Responses",
                    "Most in a window",
                    "Usual per window",
                    "Campaign texts",
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
                    "Question",
                    "Kind",
                    "Responses",
                    "Identical",
                    "Words",
                    "From",
                    "To",
                    "Text",
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
                    count(group.words),
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
