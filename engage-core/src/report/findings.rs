//! The summary of key findings: the headline figures and the findings in plain words. Every
//! figure is read from a disclosed table ([`super::published`]): a sentence says what its
//! table shows, withholds what it withholds, and is left out when it would rest on a withheld
//! figure.

use std::fmt::Write as _;

use super::document::{Block, Section};
use super::published::Published;
use super::sections::{Composer, variable_words};
use crate::chart::results;
use crate::schema::ScaleSides;
use crate::summary::Detail;
use crate::table::{Cell, Row, RowRole, Table};

/// The row of a table whose label (first cell) is `label`, or starts with it.
fn row<'t>(table: &'t Table, label: &str) -> Option<&'t Row> {
    table.rows.iter().find(|row| {
        row.first()
            .is_some_and(|cell| cell.display().starts_with(label))
    })
}

/// A shown count in a cell: `None` when withheld (or absent).
fn shown_count(cell: Option<&Cell>) -> Option<u64> {
    match cell {
        Some(Cell::Count(count)) => Some(*count),
        _ => None,
    }
}

/// A shown percentage in a cell.
fn shown_percent(cell: Option<&Cell>) -> Option<f64> {
    match cell {
        Some(Cell::Percent(value) | Cell::Number { value, .. }) => Some(*value),
        _ => None,
    }
}

/// "1 person", "1,234 people", or "fewer than 5 people" for a count withheld as small.
fn people(cell: Option<&Cell>) -> Option<String> {
    match cell? {
        Cell::Count(1) => Some("1 person".to_string()),
        Cell::Count(count) => Some(format!("{} people", crate::table::group_thousands(*count))),
        Cell::Suppressed(marker) => marker
            .strip_prefix('<')
            .map(|threshold| format!("fewer than {threshold} people")),
        _ => None,
    }
}

/// The headline figures as label and value.
pub(super) fn key_figures(
    composer: &Composer<'_>,
    published: &Published<'_>,
) -> Vec<(String, String)> {
    let table = &published.participation;
    let mut figures = Vec::new();
    if let Some(respondents) = table
        .rows
        .iter()
        .find(|row| row.role == RowRole::Total)
        .and_then(|row| row.get(1))
    {
        figures.push(("responses".to_string(), respondents.display()));
    }
    let respondents = shown_count(
        table
            .rows
            .iter()
            .find(|row| row.role == RowRole::Total)
            .and_then(|row| row.get(1)),
    );
    if let Some(complete) = row(table, "Complete") {
        let value = match (complete.get(1), complete.get(2)) {
            (Some(Cell::Count(count)), Some(Cell::Percent(share))) => {
                format!(
                    "{} ({}%)",
                    crate::table::group_thousands(*count),
                    tile_percent(*share)
                )
            }
            // A small sample's table has no percentages: "9 of 11".
            (Some(Cell::Count(count)), None) if composer.small_sample => match respondents {
                Some(respondents) => format!(
                    "{} of {}",
                    crate::table::group_thousands(*count),
                    crate::table::group_thousands(respondents)
                ),
                None => crate::table::group_thousands(*count),
            },
            (Some(count), _) => count.display(),
            (None, _) => String::new(),
        };
        figures.push(("complete".to_string(), value));
    }
    if let Some(timeline) = &composer.participation.timeline {
        figures.push((
            "days open".to_string(),
            crate::table::group_thousands(timeline.days.len() as u64),
        ));
    }
    if !published.themes.is_empty() {
        let comments: usize = published
            .themes
            .iter()
            .map(|(question, _)| question.base)
            .sum();
        figures.push((
            "written comments".to_string(),
            composer.count_words(crate::privacy::disclosure::TableKind::Other, comments),
        ));
    }
    figures
}

/// The findings, in order: who responded and when; the scale questions people were most
/// decided on; groups under-represented against the population; the commonest themes; any
/// letter-writing campaign.
pub(super) fn findings(composer: &Composer<'_>, published: &Published<'_>) -> Vec<String> {
    let mut findings = Vec::new();
    let table = &published.participation;
    let respondents = table
        .rows
        .iter()
        .find(|row| row.role == RowRole::Total)
        .and_then(|row| people(row.get(1)));
    if let Some(respondents) = respondents {
        let mut first = format!("{respondents} responded");
        match composer.period() {
            Some((start, end)) if start == end => {
                let _ = write!(first, " on {start}");
            }
            Some((start, end)) => {
                let _ = write!(first, " between {start} and {end}");
            }
            None => {}
        }
        let complete = row(table, "Complete").and_then(|row| shown_count(row.get(1)));
        let partial = row(table, "Partial").and_then(|row| shown_count(row.get(1)));
        if let (Some(complete), Some(partial)) = (complete, partial)
            && partial > 0
        {
            let _ = write!(
                first,
                "; {} completed the survey and {} stopped part-way",
                crate::table::group_thousands(complete),
                crate::table::group_thousands(partial)
            );
        }
        first.push('.');
        findings.push(first);
    }
    // Scale questions, most decided first: the boxes and net as their tables show them.
    let mut likert: Vec<(String, f64, f64, f64, ScaleSides)> = published
        .questions
        .iter()
        .filter_map(|(question, presented)| {
            let Detail::Likert(summary) = &question.all.detail else {
                return None;
            };
            if summary.nps.is_some() || !question.groups.is_empty() {
                return None;
            }
            let table = &presented.table;
            let top = shown_percent(row(table, "Top ")?.get(2))?;
            let bottom = shown_percent(row(table, "Bottom ")?.get(2))?;
            let net = shown_percent(row(table, "Net (")?.get(2))?;
            let statement = question
                .item
                .as_deref()
                .unwrap_or(&question.text)
                .to_string();
            // The sides named by the points they hold (see `Scale::sides`).
            let sides = composer
                .dataset
                .schema()
                .get(&question.id)
                .and_then(|question| question.scale.as_ref())
                .map_or_else(
                    || ScaleSides::of(&summary.family),
                    crate::schema::Scale::sides,
                );
            Some((statement, top, bottom, net, sides))
        })
        .collect();
    likert.sort_by(|a, b| b.3.abs().total_cmp(&a.3.abs()));
    for (statement, top, bottom, _, sides) in likert.iter().take(4) {
        findings.push(format!(
            "\u{201c}{statement}\u{201d}: {top:.0}% {}, {bottom:.0}% {}.",
            sides.positive_phrase, sides.negative_phrase
        ));
    }
    let missing: Vec<String> = published
        .representation
        .iter()
        .filter_map(|(representation, presented)| {
            let groups: Vec<String> = presented
                .table
                .rows
                .iter()
                .filter(|row| matches!(row.get(5), Some(Cell::Text(flag)) if flag == "yes"))
                .filter_map(|row| row.first().map(Cell::display))
                .collect();
            (!groups.is_empty()).then(|| {
                format!(
                    "by {}: {}",
                    variable_words(&representation.variable),
                    groups.join(", ")
                )
            })
        })
        .collect();
    if !missing.is_empty() {
        findings.push(format!("Compared with the population, some groups took part less than their share would suggest (representation index below {}): {}.", composer.options.participation.under_represented_below(), missing.join("; ")));
    }
    for (question, presented) in &published.themes {
        // Parent themes with a shown count, largest first: a withheld count is below the
        // threshold, so below every shown one.
        let mut leading: Vec<(&str, u64, Option<f64>)> = question
            .themes
            .iter()
            .enumerate()
            .filter(|(_, theme)| theme.parent.is_none())
            .filter_map(|(index, theme)| {
                let cells = presented.counts.rows.get(index)?;
                let count = shown_count(cells.get(1)).filter(|count| *count > 0)?;
                Some((theme.label.as_str(), count, shown_percent(cells.get(2))))
            })
            .collect();
        leading.sort_by_key(|(_, count, _)| std::cmp::Reverse(*count));
        let named: Vec<String> = leading
            .iter()
            .take(3)
            .map(|(label, _, percent)| match percent {
                Some(percent) => format!("{} ({percent:.0}%)", label.to_lowercase()),
                None => label.to_lowercase(),
            })
            .collect();
        if !named.is_empty() {
            findings.push(format!(
                "In answers to \u{201c}{}\u{201d}, the most common themes were {}.",
                results::short_title(&question.text, question.item.as_deref()),
                named.join(", ")
            ));
        }
    }
    // Differences between groups that survive the false discovery rate and the size rule,
    // strongest first: a few here, every one in "Views by group".
    findings.extend(
        super::sections::view_findings(published)
            .into_iter()
            .take(4),
    );
    for campaign in composer
        .participation
        .duplicates
        .texts
        .iter()
        .filter(|group| group.kind == crate::participation::TextGroupKind::Campaign)
    {
        findings.push(format!(
            "{} responses share near-identical wording, a letter-writing campaign; they are counted as responses and reported as such.",
            crate::table::group_thousands(campaign.responses as u64)
        ));
    }
    findings
}

/// The first section: key figures and findings.
pub(super) fn section(composer: &Composer<'_>, published: &Published<'_>) -> Section {
    let mut section = Section::new("key-findings", "Summary of key findings");
    section.push(Block::KeyFigures {
        figures: key_figures(composer, published),
    });
    section.push(Block::List {
        items: findings(composer, published),
    });
    section
}

/// A percentage for a key-figure tile: whole, except that a share short of all or above none
/// keeps one decimal rather than round to 100 or 0 (6 partial of 7,908 is 99.9% complete, not
/// 100%).
pub(super) fn tile_percent(share: f64) -> String {
    let whole = share.round();
    if (whole >= 100.0 && share < 100.0) || (whole <= 0.0 && share > 0.0) {
        format!("{share:.1}")
    } else {
        format!("{whole:.0}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tile_never_rounds_a_part_to_all_or_none() {
        assert_eq!(super::tile_percent(99.92), "99.9");
        assert_eq!(super::tile_percent(0.04), "0.0");
        assert_eq!(super::tile_percent(92.8), "93");
        assert_eq!(super::tile_percent(100.0), "100");
    }
}
