//! Which comments to code by hand next (active learning): those whose coding the model is least
//! sure of, and unlike each other, so that each one a person codes teaches the model something
//! new. Comments the model learned from are left out.

use serde::Serialize;

use super::features::{FeatureScratch, Vector};
use super::{LabelKind, Model};
use crate::table::{Cell, Column, Table};

/// How many comments to suggest, and how different they must be.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestOptions {
    /// How many comments.
    pub count: usize,
    /// A comment sharing more than this (cosine similarity of the features, 0 to 1) with one
    /// already suggested is passed over.
    pub max_similarity: f64,
}

impl Default for SuggestOptions {
    fn default() -> SuggestOptions {
        SuggestOptions {
            count: 50,
            max_similarity: 0.5,
        }
    }
}

impl SuggestOptions {
    /// Suggest this many (default: 50).
    #[must_use]
    pub fn with_count(mut self, count: usize) -> SuggestOptions {
        self.count = count;
        self
    }

    /// Pass over comments more similar than this to one already suggested (default: 0.5).
    #[must_use]
    pub fn with_max_similarity(mut self, similarity: f64) -> SuggestOptions {
        self.max_similarity = similarity;
        self
    }
}

/// One comment to code next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// The comment's position in the texts given.
    pub index: usize,
    /// How unsure the model is, 0 (sure) to 1 (a coin toss on some theme).
    pub uncertainty: f64,
    /// The theme the model is least sure about.
    pub theme: String,
    /// The themes the model would give, by id.
    pub themes: Vec<String>,
}

/// How unsure the model is of one comment, and about which theme. Multi-label: the theme
/// whose calibrated probability lies nearest a coin toss (1 at 0.5, 0 at 0 or 1). Not the
/// nearness to the theme's threshold: a theme with a handful of examples has a flat
/// calibration, every comment's probability sits by its threshold, and every suggestion would
/// be about that theme (on an NHS FFT export, all of them were about a theme with one
/// example). Single-label: one minus the gap between the two most likely themes.
fn uncertainty(model: &Model, probabilities: &[f64]) -> (f64, usize) {
    match model.kind() {
        LabelKind::MultiLabel => {
            let mut best = (0.0, 0);
            for (theme, &probability) in probabilities.iter().enumerate() {
                let closeness = 1.0 - 2.0 * (probability - 0.5).abs();
                if closeness > best.0 {
                    best = (closeness, theme);
                }
            }
            best
        }
        LabelKind::SingleLabel => {
            let mut order: Vec<usize> = (0..probabilities.len()).collect();
            order.sort_by(|&a, &b| {
                probabilities[b]
                    .total_cmp(&probabilities[a])
                    .then(a.cmp(&b))
            });
            match order.as_slice() {
                [first, second, ..] => (
                    1.0 - (probabilities[*first] - probabilities[*second]),
                    *second,
                ),
                [first] => (0.0, *first),
                [] => (0.0, 0),
            }
        }
    }
}

/// The cosine similarity of two feature vectors (both sorted by feature).
fn similarity(first: &Vector, second: &Vector) -> f64 {
    let (mut left, mut right) = (0, 0);
    let mut dot = 0.0;
    while left < first.entries.len() && right < second.entries.len() {
        let (one, other) = (first.entries[left], second.entries[right]);
        match one.0.cmp(&other.0) {
            std::cmp::Ordering::Less => left += 1,
            std::cmp::Ordering::Greater => right += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(one.1) * f64::from(other.1);
                left += 1;
                right += 1;
            }
        }
    }
    let norm = |vector: &Vector| {
        vector
            .entries
            .iter()
            .map(|&(_, value)| f64::from(value) * f64::from(value))
            .sum::<f64>()
            .sqrt()
    };
    let scale = norm(first) * norm(second);
    if scale > 0.0 { dot / scale } else { 0.0 }
}

/// One comment scored: how unsure the model is, of which theme, its features (to compare with
/// the comments already suggested) and the themes the model would give.
type Scored = (f64, usize, Vector, Vec<usize>);

/// The comments to code next, least certain first: blank comments and those the model
/// learned from are left out, and a comment much like one already suggested is passed over.
#[must_use]
pub fn suggest<S: AsRef<str> + Sync>(
    model: &Model,
    texts: &[S],
    options: &SuggestOptions,
) -> Vec<Suggestion> {
    let scored: Vec<Option<Scored>> =
        crate::parallel::map(texts.len(), |index, scratch: &mut FeatureScratch| {
            let text = texts[index].as_ref();
            if text.trim().is_empty() || model.learned_from_comment(text) {
                return None;
            }
            let (decisions, probabilities, vector) = model.probabilities_of(text, scratch);
            let (uncertainty, theme) = uncertainty(model, &probabilities);
            let given = model.chosen(&decisions, &probabilities);
            Some((uncertainty, theme, vector, given))
        });
    let mut order: Vec<usize> = (0..scored.len())
        .filter(|&index| scored[index].is_some())
        .collect();
    order.sort_by(|&a, &b| {
        let (ua, ub) = (
            scored[a].as_ref().map_or(0.0, |s| s.0),
            scored[b].as_ref().map_or(0.0, |s| s.0),
        );
        ub.total_cmp(&ua).then(a.cmp(&b))
    });
    let themes = model.themes();
    let mut chosen: Vec<usize> = Vec::new();
    for index in order {
        if chosen.len() >= options.count {
            break;
        }
        let Some((_, _, vector, _)) = &scored[index] else {
            continue;
        };
        let repeats = chosen.iter().any(|&other| {
            scored[other]
                .as_ref()
                .is_some_and(|(_, _, known, _)| similarity(vector, known) > options.max_similarity)
        });
        if !repeats {
            chosen.push(index);
        }
    }
    chosen
        .into_iter()
        .filter_map(|index| {
            let (uncertainty, theme, _, given) = scored[index].as_ref()?;
            Some(Suggestion {
                index,
                uncertainty: *uncertainty,
                theme: themes[*theme].id.clone(),
                themes: given
                    .iter()
                    .map(|&theme| themes[theme].id.clone())
                    .collect(),
            })
        })
        .collect()
}

/// The comments to code next as a sheet in the form `engage themes learn` reads: the
/// respondent and row, the comment under the question's wording, then a blank column per theme
/// headed by its label to fill with 1s (single-label: one blank `theme` column to fill with a
/// theme's label), then what the model would give (`suggested`), how unsure it is, and the
/// theme it is least sure of (`least sure of`: look hardest at that one). Append
/// the coded rows to the training sheet, or learn from both.
#[must_use]
pub fn suggestion_sheet(
    model: &Model,
    comments: &[(String, usize, String)],
    suggestions: &[Suggestion],
) -> Table {
    let themes = model.themes();
    let mut columns: Vec<Column> = vec![
        Column::text("respondent_id"),
        Column::value("row"),
        Column::text(model.question_text()),
    ];
    match model.kind() {
        LabelKind::MultiLabel => {
            columns.extend(themes.iter().map(|theme| Column::text(&theme.label)));
        }
        LabelKind::SingleLabel => columns.push(Column::text("theme")),
    }
    columns.push(Column::text("suggested"));
    columns.push(Column::text("uncertainty"));
    columns.push(Column::text("least sure of"));
    let mut table = Table::new(
        format!("Comments to code next: {}", model.question_text()),
        &columns,
    )
    .with_caption(
        "The comments whose coding the model is least sure of, unlike each other; code them by hand and learn again",
    );
    for suggestion in suggestions {
        let Some((respondent, row, text)) = comments.get(suggestion.index) else {
            continue;
        };
        let mut cells = vec![
            Cell::text(respondent),
            Cell::number(*row as f64, 0),
            Cell::text(text),
        ];
        let blanks = match model.kind() {
            LabelKind::MultiLabel => themes.len(),
            LabelKind::SingleLabel => 1,
        };
        cells.extend(std::iter::repeat_n(Cell::Empty, blanks));
        let suggested: Vec<&str> = suggestion
            .themes
            .iter()
            .filter_map(|id| {
                model
                    .tree()
                    .index_of(id)
                    .map(|index| themes[index].label.as_str())
            })
            .collect();
        cells.push(Cell::text(suggested.join("; ")));
        // Text, not a number: a column of only 0s and 1s would read back as a theme.
        cells.push(Cell::text(format!("{:.3}", suggestion.uncertainty)));
        cells.push(Cell::text(
            model
                .tree()
                .index_of(&suggestion.theme)
                .map_or("", |index| themes[index].label.as_str()),
        ));
        table.push(cells);
    }
    table
}
