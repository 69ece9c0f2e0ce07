//! The theme tables people read: counts with parents and the uncoded, the `--by` split,
//! themes given together, sentiment by theme, and every count in one long table for machines.
//! Every column says what it holds (a count, a share of a base, a statistic), so disclosure
//! control follows the role.

use super::coding::{CoOccurrence, QuestionThemes, ThemeCoding};
use super::sentiment::SentimentSummary;
use crate::privacy::disclosure::TableKind;
use crate::table::{Cell, Column, RowRole, Table, group_thousands};

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
            &[
                Column::label("Theme"),
                Column::count("Count"),
                Column::percent("% of base", 1),
            ],
        )
        .with_caption(format!(
            "Base: all who answered (n = {}); {}",
            group_thousands(self.base as u64),
            if self.one_theme_each {
                "each comment has one theme"
            } else {
                "a comment may have several themes"
            }
        ));
        for theme in &self.themes {
            table.push(vec![
                Cell::text(indented(&theme.label, theme.depth)),
                Cell::Count(theme.count as u64),
                theme.percent.map_or(Cell::Empty, Cell::percent),
            ]);
        }
        // Comments with no theme: a count beside the themes, which overlap and add up to no
        // total.
        table.push_row(
            RowRole::Aside,
            vec![
                Cell::text("(uncoded)"),
                Cell::Count(self.uncoded as u64),
                percent_cell(self.uncoded, self.base),
            ],
        );
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
        // Each group's percentages stand for its counts; "All" is their total where the
        // groups add up to everyone.
        let mut columns = vec![Column::label("Theme"), Column::total("All")];
        columns.extend(by.groups.iter().map(|group| Column::share(&group.label)));
        let mut table = Table::new(
            format!("{}: {} by {}", self.question, self.text, by.question),
            &columns,
        )
        .with_caption("Percentages of each group's base (respondents who answered)")
        .with_kind(TableKind::CrossTab);
        let mut base_row = vec![Cell::text("Base (n)"), Cell::Count(self.base as u64)];
        base_row.extend(by.groups.iter().map(|group| Cell::Count(group.base as u64)));
        table.push_row(RowRole::Total, base_row);
        let share = |count: usize, base: usize| {
            if base == 0 {
                Cell::Empty
            } else {
                Cell::share(count as f64 * 100.0 / base as f64, count as u64)
            }
        };
        for (theme, counts) in self.themes.iter().zip(&by.counts) {
            let mut row = vec![
                Cell::text(indented(&theme.label, theme.depth)),
                share(theme.count, self.base),
            ];
            row.extend(
                counts
                    .iter()
                    .zip(&by.groups)
                    .map(|(&count, group)| share(count, group.base)),
            );
            table.push_row(RowRole::Aside, row);
        }
        let mut uncoded = vec![Cell::text("(uncoded)"), share(self.uncoded, self.base)];
        uncoded.extend(
            by.groups
                .iter()
                .map(|group| share(group.uncoded, group.base)),
        );
        table.push_row(RowRole::Aside, uncoded);
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
            &[
                Column::label("Theme"),
                Column::text("With theme"),
                Column::count("Both"),
                Column::derived("Lift", 2),
            ],
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
            &[
                Column::label("Theme"),
                Column::total("Comments"),
                Column::share("Positive"),
                Column::share("Neutral"),
                Column::share("Negative"),
                Column::statistic("Mean compound"),
            ],
        )
        .with_caption(
            "VADER sentiment of the sentences about each theme; positive at 0.05 or more, negative at -0.05 or less",
        );
        let mut push = |label: String, summary: &SentimentSummary| {
            let share = |count: usize| {
                if summary.comments == 0 {
                    Cell::Empty
                } else {
                    Cell::share(count as f64 * 100.0 / summary.comments as f64, count as u64)
                }
            };
            table.push(vec![
                Cell::text(label),
                Cell::Count(summary.comments as u64),
                share(summary.positive),
                share(summary.neutral),
                share(summary.negative),
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
                Column::text("question"),
                Column::text("theme_id"),
                Column::label("theme"),
                Column::text("parent"),
                Column::text("group"),
                // The group's base: each count is of it, so a group too small to publish has
                // its counts withheld, zeros included.
                Column::total("base"),
                Column::count("count"),
                Column::percent("percent", 6),
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
