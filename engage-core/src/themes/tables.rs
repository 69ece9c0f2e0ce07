//! The theme tables people read: counts with parents and the uncoded, the `--by` split,
//! themes given together, sentiment by theme, and every count in one long table for machines.

use super::coding::{CoOccurrence, QuestionThemes, ThemeCoding};
use super::sentiment::SentimentSummary;
use crate::table::{Cell, Table, group_thousands};

/// Indents a theme label by its depth; table cells collapse spaces, so the marker is visible.
fn indented(label: &str, depth: usize) -> String {
    if depth == 0 {
        label.to_string()
    } else {
        format!("{}\u{21b3} {label}", "\u{b7} ".repeat(depth - 1))
    }
}

impl QuestionThemes {
    /// Theme counts: theme, count, % of base, with the uncoded count last.
    #[must_use]
    pub fn counts_table(&self) -> Table {
        let mut table = Table::new(
            format!("{}: {}", self.question, self.text),
            &["Theme", "Count", "% of base"],
        )
        .with_caption(format!(
            "Base: all who answered (n = {}); a comment may have several themes",
            group_thousands(self.base as u64)
        ));
        for theme in &self.themes {
            table.push(vec![
                Cell::text(indented(&theme.label, theme.depth)),
                Cell::Count(theme.count as u64),
                theme.percent.map_or(Cell::Empty, Cell::percent),
            ]);
        }
        table.push(vec![
            Cell::text("(uncoded)"),
            Cell::Count(self.uncoded as u64),
            percent_cell(self.uncoded, self.base),
        ]);
        if self.themes.iter().any(|theme| theme.depth > 0) {
            table.notes.push(
                "a parent theme counts each comment coded with it or any theme under it once"
                    .to_string(),
            );
        }
        table
    }

    /// The `--by` split: a base row, then each theme's percentage of each group's base.
    #[must_use]
    pub fn by_table(&self) -> Option<Table> {
        let by = self.by.as_ref()?;
        let mut columns = vec!["Theme".to_string(), "All".to_string()];
        columns.extend(by.groups.iter().map(|group| group.label.clone()));
        let mut table = Table {
            title: format!("{}: {} by {}", self.question, self.text, by.question),
            caption: Some(
                "Percentages of each group's base (respondents who answered)".to_string(),
            ),
            columns,
            ..Table::default()
        };
        let mut base_row = vec![Cell::text("Base (n)"), Cell::Count(self.base as u64)];
        base_row.extend(by.groups.iter().map(|group| Cell::Count(group.base as u64)));
        table.push(base_row);
        for (theme, counts) in self.themes.iter().zip(&by.counts) {
            let mut row = vec![
                Cell::text(indented(&theme.label, theme.depth)),
                theme.percent.map_or(Cell::Empty, Cell::percent),
            ];
            row.extend(
                counts
                    .iter()
                    .zip(&by.groups)
                    .map(|(&count, group)| percent_cell(count, group.base)),
            );
            table.push(row);
        }
        let mut uncoded = vec![
            Cell::text("(uncoded)"),
            percent_cell(self.uncoded, self.base),
        ];
        uncoded.extend(
            by.groups
                .iter()
                .map(|group| percent_cell(group.uncoded, group.base)),
        );
        table.push(uncoded);
        Some(table)
    }

    /// Pairs of themes given to the same comments, most frequent first, with lift: at most
    /// `limit` pairs of themes without children (parents repeat their children's pairs), pairs
    /// never together left out. [`QuestionThemes::co_occurrence`] has every pair.
    #[must_use]
    pub fn co_occurrence_table(&self, limit: usize) -> Table {
        let label = |id: &str| {
            self.themes
                .iter()
                .find(|theme| theme.id == id)
                .map_or_else(|| id.to_string(), |theme| theme.label.clone())
        };
        let is_parent = |id: &str| {
            self.themes
                .iter()
                .any(|theme| theme.parent.as_deref() == Some(id))
        };
        let mut pairs: Vec<&CoOccurrence> = self
            .co_occurrence
            .iter()
            .filter(|pair| pair.count > 0 && !is_parent(&pair.a) && !is_parent(&pair.b))
            .collect();
        pairs.sort_by_key(|pair| std::cmp::Reverse(pair.count));
        let shown = pairs.len().min(limit);
        let more = pairs.len() - shown;
        pairs.truncate(shown);
        let mut table = Table::new(
            format!("{}: themes given together", self.question),
            &["Theme", "With theme", "Both", "Lift"],
        )
        .with_caption("Lift above 1: the themes go together more often than chance");
        for pair in pairs {
            table.push(vec![
                Cell::text(label(&pair.a)),
                Cell::text(label(&pair.b)),
                Cell::Count(pair.count as u64),
                Cell::maybe(pair.lift, 2),
            ]);
        }
        if more > 0 {
            table.notes.push(format!(
                "{more} less frequent pairs not shown (all pairs are in the JSON output)"
            ));
        }
        table
    }

    /// Sentiment per theme (when scored): comments, positive, neutral, negative, mean compound.
    #[must_use]
    pub fn sentiment_table(&self) -> Option<Table> {
        let overall = self.sentiment.as_ref()?;
        let mut table = Table::new(
            format!("{}: sentiment by theme", self.question),
            &["Theme", "Comments", "Positive", "Neutral", "Negative", "Mean compound"],
        )
        .with_caption(
            "VADER sentiment of the sentences about each theme; positive at 0.05 or more, negative at -0.05 or less",
        );
        let mut push = |label: String, summary: &SentimentSummary| {
            table.push(vec![
                Cell::text(label),
                Cell::Count(summary.comments as u64),
                percent_cell(summary.positive, summary.comments),
                percent_cell(summary.neutral, summary.comments),
                percent_cell(summary.negative, summary.comments),
                Cell::maybe(summary.mean_compound, 3),
            ]);
        };
        push("(all comments)".to_string(), overall);
        for theme in &self.themes {
            if let Some(summary) = &theme.sentiment {
                push(indented(&theme.label, theme.depth), summary);
            }
        }
        Some(table)
    }
}

/// A count as a percentage of its base; empty when the base is 0.
fn percent_cell(count: usize, base: usize) -> Cell {
    if base == 0 {
        Cell::Empty
    } else {
        Cell::percent(count as f64 * 100.0 / base as f64)
    }
}

impl ThemeCoding {
    /// Theme counts of every question in one long table for machines: question, theme id,
    /// label, parent, group (`All` or a `--by` group), base, count, percent.
    #[must_use]
    pub fn summary_table(&self) -> Table {
        let mut table = Table::new(
            "Theme counts",
            &[
                "question", "theme_id", "theme", "parent", "group", "base", "count", "percent",
            ],
        );
        for question in &self.questions {
            let mut rows = |id: &str, label: &str, parent: &str, count: usize| {
                table.push(vec![
                    Cell::text(&question.question),
                    Cell::text(id),
                    Cell::text(label),
                    Cell::text(parent),
                    Cell::text("All"),
                    Cell::Count(question.base as u64),
                    Cell::Count(count as u64),
                    percent_cell(count, question.base),
                ]);
            };
            for theme in &question.themes {
                rows(
                    &theme.id,
                    &theme.label,
                    theme.parent.as_deref().unwrap_or(""),
                    theme.count,
                );
            }
            rows("", "(uncoded)", "", question.uncoded);
            if let Some(by) = &question.by {
                for (position, group) in by.groups.iter().enumerate() {
                    for (theme, counts) in question.themes.iter().zip(&by.counts) {
                        table.push(vec![
                            Cell::text(&question.question),
                            Cell::text(&theme.id),
                            Cell::text(&theme.label),
                            Cell::text(theme.parent.as_deref().unwrap_or("")),
                            Cell::text(&group.label),
                            Cell::Count(group.base as u64),
                            Cell::Count(counts[position] as u64),
                            percent_cell(counts[position], group.base),
                        ]);
                    }
                    table.push(vec![
                        Cell::text(&question.question),
                        Cell::text(""),
                        Cell::text("(uncoded)"),
                        Cell::text(""),
                        Cell::text(&group.label),
                        Cell::Count(group.base as u64),
                        Cell::Count(group.uncoded as u64),
                        percent_cell(group.uncoded, group.base),
                    ]);
                }
            }
        }
        table
    }
}
