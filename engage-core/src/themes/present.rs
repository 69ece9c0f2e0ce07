//! A free-text question's themes presented in one place: the table of theme counts and its
//! chart, the table of themes given together and its heatmap, the split by group and the
//! sentiment per theme, each table with disclosure control applied and each chart drawn from
//! its disclosed table.

use super::coder::Coder;
use super::coding::{QuestionThemes, ThemeCoding};
use super::evidence::Evidence;
use super::quotes::{QuestionQuotes, quotes_of};
use crate::chart::{Chart, results};
use crate::privacy::disclosure::{DisclosurePolicy, TableKind};
use crate::table::{Cell, Column, Table, group_thousands};

/// A question's themes as published.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemesPresented {
    /// Each theme's count and percentage of those who answered, then the uncoded answers.
    pub counts: Table,
    /// The bar chart of the counts table.
    pub chart: Chart,
    /// Themes given to the same comments, as a table with a row and a column per theme, and
    /// its heatmap; `None` with fewer than two themes used.
    pub together: Option<(Table, Chart)>,
    /// The split by group (`--by`), when there is one.
    pub by: Option<Table>,
    /// Sentiment per theme, when scored.
    pub sentiment: Option<Table>,
}

/// Presents one question's themes under `policy`; `source` is the line under its charts.
#[must_use]
pub fn question(
    themes: &QuestionThemes,
    policy: &DisclosurePolicy,
    source: Option<&str>,
) -> ThemesPresented {
    let disclosed = |mut table: Table| {
        policy.apply(&mut table);
        table
    };
    let counts = disclosed(themes.counts_table());
    let chart = results::themes_chart(themes, &counts, source);
    let together = together_table(themes).map(|table| {
        let table = disclosed(table);
        let chart = results::cooccurrence_chart(themes, &table, source);
        (table, chart)
    });
    let together = together.and_then(|(table, chart)| chart.map(|chart| (table, chart)));
    ThemesPresented {
        counts,
        chart,
        together,
        by: themes.by_table().map(disclosed),
        sentiment: themes.sentiment_table().map(disclosed),
    }
}

/// How often themes are given to the same comment: a row and a count column per theme drawn
/// (themes with comments, parents left out where their children are drawn), each theme's own
/// count on the diagonal; `None` with fewer than two such themes, or when each comment has
/// one theme (a single-label model: no two are ever given together).
fn together_table(themes: &QuestionThemes) -> Option<Table> {
    if themes.one_theme_each {
        return None;
    }
    let used: Vec<&crate::themes::coding::ThemeCount> = themes
        .themes
        .iter()
        .filter(|theme| {
            let is_parent = themes
                .themes
                .iter()
                .any(|child| child.parent.as_deref() == Some(theme.id.as_str()));
            theme.count > 0 && (theme.parent.is_some() || !is_parent)
        })
        .collect();
    if used.len() < 2 {
        return None;
    }
    let mut columns = vec![Column::label("Theme")];
    columns.extend(used.iter().map(|theme| Column::count(&theme.label)));
    let mut table = Table::new(format!("Themes given together: {}", themes.text), &columns)
        .with_caption(format!(
            "Base: answers with at least one theme (n = {}); each cell counts the comments given \
         both themes, the diagonal each theme's own count",
            group_thousands(themes.coded as u64)
        ));
    for (row, theme) in used.iter().enumerate() {
        let mut cells = vec![Cell::text(&theme.label)];
        for (column, other) in used.iter().enumerate() {
            let count = if row == column {
                theme.count
            } else {
                themes
                    .co_occurrence
                    .iter()
                    .find(|pair| {
                        (pair.a == theme.id && pair.b == other.id)
                            || (pair.a == other.id && pair.b == theme.id)
                    })
                    .map_or(0, |pair| pair.count)
            };
            cells.push(Cell::Count(count as u64));
        }
        table.push(cells);
    }
    Some(table)
}

/// Every question's tables under `policy`, in the order `engage themes` prints them: counts,
/// the split by group, themes given together (the 15 commonest pairs), sentiment.
#[must_use]
pub fn tables(themes: &QuestionThemes, policy: &DisclosurePolicy) -> Vec<Table> {
    let presented = question(themes, policy, None);
    let mut tables = vec![presented.counts];
    tables.extend(presented.by);
    let mut pairs = themes.co_occurrence_table(15);
    if !pairs.rows.is_empty() {
        policy.apply(&mut pairs);
        tables.push(pairs);
    }
    tables.extend(presented.sentiment);
    tables
}

/// The long table of theme counts (`engage themes --format csv`) under `policy`: a split by
/// group makes it a table of groups, covered as cross-tabulations are.
#[must_use]
pub fn summary_table(coding: &ThemeCoding, policy: &DisclosurePolicy) -> Table {
    let mut table = coding.summary_table();
    if coding
        .questions
        .iter()
        .any(|question| question.by.is_some())
    {
        table.kind = TableKind::CrossTab;
    }
    // Each row is of one group (its base in the row): a group too small to publish has every
    // count withheld.
    table.rows_are_groups = true;
    policy.apply(&mut table);
    table
}

/// The coding made with `coder` as JSON under `policy`, each question with its `quotes` when
/// some were chosen: the whole result, except that a question's theme counts, or its split by
/// group, whose published table withholds something are given as that table instead
/// (`{"withheld": true, "tables": [...]}`).
#[must_use]
pub fn to_json(
    coding: &ThemeCoding,
    coder: Coder<'_>,
    quotes: &[QuestionQuotes],
    policy: &DisclosurePolicy,
) -> serde_json::Value {
    let mut value = serde_json::to_value(coding).unwrap_or_default();
    for (index, themes) in coding.questions.iter().enumerate() {
        let presented = question(themes, policy, None);
        let entry = &mut value["questions"][index];
        let chosen = quotes_of(quotes, &themes.question);
        if !chosen.is_empty() {
            entry["quotes"] = serde_json::to_value(chosen).unwrap_or_default();
        }
        // Evidence and confidence are held as theme indices; the JSON names the theme, the
        // term and the words matched.
        for (comment, json) in themes.comments.iter().zip(
            entry["comments"]
                .as_array_mut()
                .map(|comments| comments.iter_mut())
                .into_iter()
                .flatten(),
        ) {
            let text = comment.text.as_str();
            json["coding"]["evidence"] = comment
                .coding
                .evidence
                .iter()
                .map(|evidence| evidence_json(evidence, text, coder))
                .collect();
            json["coding"]["suppressed"] = comment
                .coding
                .suppressed
                .iter()
                .map(|suppressed| {
                    let mut value = evidence_json(&suppressed.evidence, text, coder);
                    value["reason"] = suppressed.reason.clone().into();
                    value
                })
                .collect();
            if !comment.coding.confidence.is_empty() {
                json["coding"]["confidence"] = comment
                    .coding
                    .confidence
                    .iter()
                    .map(|confidence| {
                        serde_json::json!({
                            "theme": coder.theme_id(confidence.theme),
                            "confidence": confidence.confidence,
                        })
                    })
                    .collect();
            }
        }
        if presented.counts.has_withheld() {
            entry["themes"] = serde_json::json!({ "withheld": true, "tables": [presented.counts] });
            entry["uncoded"] = serde_json::Value::Null;
            entry["co_occurrence"] = serde_json::Value::Null;
        }
        if let Some(by) = presented.by
            && by.has_withheld()
        {
            entry["by"] = serde_json::json!({ "withheld": true, "tables": [by] });
        }
        if let Some(sentiment) = presented.sentiment
            && sentiment.has_withheld()
        {
            entry["sentiment"] = serde_json::json!({ "withheld": true, "tables": [sentiment] });
        }
    }
    value
}

/// A match as JSON: the theme's id, the term (a learned model: the words, folded), the words
/// it matched in `text` and their byte span.
fn evidence_json(evidence: &Evidence, text: &str, coder: Coder<'_>) -> serde_json::Value {
    serde_json::json!({
        "theme": evidence.theme_id(coder),
        "term": evidence.term_text(coder, text),
        "matched": evidence.matched(text),
        "start": evidence.start,
        "end": evidence.end,
    })
}
