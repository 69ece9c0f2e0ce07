//! "Themes in what people said" and "You said, we did": each coded free-text question's theme
//! counts, chart, themes given together, sentiment and quotes, and the table for the team to
//! complete; and the themes' figures for `report.json`.

use super::super::document::{Block, Section};
use super::super::json::{ThemeCountsJson, ThemeJson};
use super::super::pipeline::question_stem;
use super::super::published::Published;
use super::{Composer, heading, sentence};
use crate::chart::results;
use crate::privacy::safe;
use crate::table::{Cell, Column, Table, group_thousands};
use crate::themes::quotes::quotes_of;

pub(super) fn section(composer: &Composer<'_>, published: &Published<'_>) -> Section {
    let mut section = Section::new("themes", "Themes in what people said");
    let coded = if composer.coded_by_model() {
        "Written answers were coded by a model learned from comments coded by hand (see About this report): each theme's count is the number of answers given it"
    } else {
        "Written answers were coded against the codebook: each theme's count is the number of answers that mention it (an answer can mention several)"
    };
    section.push(Block::paragraph(format!("{coded}. Quotes are chosen by rule (typical length, most of the theme's words, spread across respondent groups), with personal data removed.")));
    for (question, presented) in &published.themes {
        let index = composer.question_index(&question.question);
        let stem = format!("{}-themes", question_stem(index, &question.question));
        let mut subsection = Section::new(
            format!("themes-{}", safe::file_name_part(&question.question, 40)),
            heading(&question.text, &question.question),
        );
        // The themes module's table, titled for a reader and its notes as sentences.
        let mut counts = presented.counts.clone();
        counts.title = format!("Themes: {}", question.text);
        for note in &mut counts.notes {
            *note = sentence(note);
        }
        if composer.small_sample {
            // A dozen accounts: "2 of 11", no percentages and no charts.
            let counts = crate::report::published::counts_only(&counts, Some(question.base as u64));
            subsection.push(Block::table(stem.clone(), counts));
            if let Some((table, _)) = &presented.together {
                subsection.push(Block::table(format!("{stem}-together"), table.clone()));
            }
        } else {
            subsection.push(Block::table(stem.clone(), counts));
            subsection.push(Block::chart(stem.clone(), presented.chart.clone()));
            if let Some((table, chart)) = &presented.together {
                subsection.push(Block::chart(format!("{stem}-together"), chart.clone()));
                subsection.push(Block::table(format!("{stem}-together"), table.clone()));
            }
        }
        if let Some(sentiment) = &presented.sentiment {
            let mut sentiment = sentiment.clone();
            sentiment.title = format!("Sentiment: {}", question.text);
            sentiment.notes.push("Sentiment is scored automatically (VADER, an English word list) and is a rough guide: it misreads sarcasm, irony and local usage, so read the comments before quoting a figure.".to_string());
            subsection.push(Block::table(format!("{stem}-sentiment"), sentiment));
        }
        for theme in quotes_of(composer.quotes, &question.question) {
            if theme.quotes.is_empty() {
                continue;
            }
            subsection.push(Block::paragraph(format!("{}:", theme.label)));
            for quote in &theme.quotes {
                subsection.push(Block::Quote {
                    text: quote.text.clone(),
                    attribution: quote.group.clone(),
                });
            }
        }
        section.subsections.push(subsection);
    }
    section
}

/// A theme's count and percentage as its disclosed counts table shows them: the row of the
/// theme (rows follow the question's themes) and its count and percentage cells.
fn shown(counts: &Table, row: usize) -> (Option<&Cell>, Option<&Cell>) {
    let cells = counts.rows.get(row);
    (
        cells.and_then(|cells| cells.get(1)),
        cells.and_then(|cells| cells.get(2)),
    )
}

pub(super) fn you_said(composer: &Composer<'_>, published: &Published<'_>) -> Section {
    let mut section = Section::new("you-said-we-did", "You said, we did");
    section.push(Block::paragraph("For the team to complete before publication: what was done, or will be done, in response to each theme."));
    for (question, presented) in &published.themes {
        let mut table = Table::new(
            format!(
                "You said, we did: {}",
                results::short_title(&question.text, question.item.as_deref())
            ),
            &[
                Column::label("Theme"),
                Column::text("What people said"),
                Column::text("Our response"),
            ],
        )
        .with_caption(format!(
            "Base: all who answered (n = {})",
            group_thousands(question.base as u64)
        ));
        let mut leading: Vec<(usize, &crate::themes::coding::ThemeCount)> = question
            .themes
            .iter()
            .enumerate()
            .filter(|(_, theme)| theme.count > 0)
            .collect();
        leading.sort_by_key(|(_, theme)| std::cmp::Reverse(theme.count));
        for (row, theme) in leading {
            let quote = quotes_of(composer.quotes, &question.question)
                .iter()
                .find(|quotes| quotes.theme == theme.id)
                .and_then(|quotes| quotes.quotes.first())
                .map(|quote| format!(": \u{201c}{}\u{201d}", quote.text))
                .unwrap_or_default();
            // The count and percentage as the counts table shows them.
            let (count, percent) = shown(&presented.counts, row);
            let said = match (count, percent) {
                // 24 of 5,517 is 0.4%, not 0%.
                (Some(Cell::Count(count)), Some(Cell::Percent(percent))) => format!(
                    "{} {} ({}%){quote}",
                    group_thousands(*count),
                    if *count == 1 { "answer" } else { "answers" },
                    crate::report::findings::tile_percent(*percent),
                ),
                (Some(count), _) => format!("{} answers{quote}", count.display()),
                (None, _) => quote.trim_start_matches(": ").to_string(),
            };
            table.push(vec![
                Cell::text(&theme.label),
                Cell::text(said),
                Cell::text(""),
            ]);
        }
        let index = composer.question_index(&question.question);
        section.push(Block::table(
            format!(
                "{}-you-said-we-did",
                question_stem(index, &question.question)
            ),
            table,
        ));
    }
    section
}

/// The themes' figures as their disclosed tables show them.
pub(super) fn json(published: &Published<'_>) -> Vec<ThemeCountsJson> {
    published
        .themes
        .iter()
        .map(|(question, presented)| {
            let uncoded = presented.counts.rows.last().and_then(|row| row.get(1));
            ThemeCountsJson {
                question: question.question.clone(),
                base: question.base,
                coded: question.coded,
                uncoded: match uncoded {
                    Some(Cell::Count(count)) => Some(*count as usize),
                    _ => None,
                },
                themes: question
                    .themes
                    .iter()
                    .enumerate()
                    .map(|(row, theme)| {
                        let (count, percent) = shown(&presented.counts, row);
                        let withheld = match count {
                            Some(Cell::Suppressed(marker)) => Some(marker.clone()),
                            _ => None,
                        };
                        ThemeJson {
                            id: theme.id.clone(),
                            label: theme.label.clone(),
                            parent: theme.parent.clone(),
                            count: withheld.is_none().then_some(theme.count),
                            percent: match percent {
                                Some(Cell::Percent(percent)) => Some(*percent),
                                _ => None,
                            },
                            withheld,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}
