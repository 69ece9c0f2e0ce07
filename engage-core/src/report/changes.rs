//! "What changed since the last interim report": the responses since, the answers that moved
//! beyond their 95% interval, and the themes that moved by 5 points or more, against the
//! previous report's `report.json` read back as [`ReportJson`].

use super::document::{Block, Section};
use super::json::ReportJson;
use super::sections::Composer;
use crate::chart::results;
use crate::table::{Cell, Column, Table, group_thousands};

/// The section comparing this report with `previous`.
pub(super) fn section(composer: &Composer<'_>, previous: &ReportJson) -> Section {
    let policy = &composer.options.disclosure;
    let mut section = Section::new("changes", "What changed since the last interim report");
    let now = composer.participation.respondents as u64;
    let mut items = Vec::new();
    if let Some(before) = previous.source.respondents {
        let before = before as u64;
        items.push(format!(
            "Responses: {} now, {} at the last report ({} new).",
            group_thousands(now),
            group_thousands(before),
            if now >= before {
                group_thousands(now - before)
            } else {
                format!("{} fewer", group_thousands(before - now))
            }
        ));
    }
    let mut shifts = Table::new(
        "Answers that moved beyond their 95% interval",
        &[
            Column::label("Question"),
            Column::text("Option"),
            Column::value("Before %"),
            Column::value("Now %"),
            Column::value("Change (points)"),
        ],
    )
    .with_caption("An option is listed when its new percentage lies outside the previous interval, or the old percentage outside the new one");
    // Both reports' figures as published: a withheld percentage (null) is not compared.
    for question in composer.summary.to_wire(policy).questions {
        let Some(old) = previous.questions.iter().find(|old| old.id == question.id) else {
            continue;
        };
        for option in &question.figures.options {
            let Some(old_option) = old
                .figures
                .options
                .iter()
                .find(|old_option| old_option.label == option.label)
            else {
                continue;
            };
            let (Some(now), Some(before)) = (option.percent, old_option.percent) else {
                continue;
            };
            let old_low = old_option.ci_low.unwrap_or(before);
            let old_high = old_option.ci_high.unwrap_or(before);
            let (low, high) = (option.ci_low.unwrap_or(now), option.ci_high.unwrap_or(now));
            if now < old_low || now > old_high || before < low || before > high {
                shifts.push(vec![
                    Cell::text(results::short_title(
                        &question.text,
                        question.item.as_deref(),
                    )),
                    Cell::text(&option.label),
                    Cell::percent(before),
                    Cell::percent(now),
                    Cell::number(now - before, 1),
                ]);
            }
        }
    }
    if let Some(themes) = composer.themes {
        for question in &themes.questions {
            let Some(old) = previous
                .themes
                .iter()
                .find(|old| old.question == question.question)
            else {
                continue;
            };
            for theme in &question.themes {
                let Some(before) = old
                    .themes
                    .iter()
                    .find(|old_theme| old_theme.id == theme.id)
                    .and_then(|old_theme| old_theme.percent)
                else {
                    continue;
                };
                let now = theme.percent.unwrap_or(0.0);
                if (now - before).abs() >= 5.0 {
                    items.push(format!(
                        "Theme \u{201c}{}\u{201d}: {before:.0}% of answers before, {now:.0}% now.",
                        theme.label
                    ));
                }
            }
        }
    }
    if shifts.rows.is_empty() {
        items.push("No answer moved beyond its 95% interval.".to_string());
    }
    section.push(Block::List { items });
    if !shifts.rows.is_empty() {
        section.push(Block::table("changes", shifts));
    }
    section
}
