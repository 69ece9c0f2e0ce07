//! Each summarised question presented in one place: its table, with disclosure control
//! applied, and its chart drawn from that disclosed table, so that the chart, its description
//! and any sentence built on them can only say what the table shows.
//!
//! ```
//! use engage_core::privacy::disclosure::{DisclosurePolicy, Scope};
//! use engage_core::summary::{present, summarise, SummaryOptions};
//! use engage_core::{read_reader, IngestOptions};
//!
//! let mut csv = String::from("Respondent,Do you use the library?\n");
//! for (row, answer) in ["Yes"; 30].iter().chain(&["No"; 2]).enumerate() {
//!     csv.push_str(&format!("{},{answer}\n", row + 1));
//! }
//! let dataset = read_reader(csv.as_bytes(), "survey.csv", &IngestOptions::default())?;
//! let summary = summarise(&dataset, &SummaryOptions::default())?;
//! let policy = DisclosurePolicy::default().with_scope(Scope::All);
//! let shown = present::question(&summary, &summary.questions[0], &policy, None);
//! // "No" (2) is withheld, and so is "Yes", which the base would otherwise give it back from.
//! assert!(shown.table.has_withheld());
//! let alt = shown.chart.unwrap().alt_text();
//! assert!(!alt.contains("94") && !alt.contains("6.3"), "{alt}");
//! # Ok::<(), engage_core::Error>(())
//! ```

use super::{QuestionSummary, Summary, tables};
use crate::chart::{Chart, results};
use crate::privacy::disclosure::DisclosurePolicy;
use crate::table::Table;

/// A question's disclosed table and the chart drawn from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Presented {
    /// The table, with small counts withheld as the policy says.
    pub table: Table,
    /// The chart of the same figures; `None` for questions without one (numbers, free text).
    pub chart: Option<Chart>,
}

/// Presents one question of a summary under `policy`; `source` is the line under its chart.
#[must_use]
pub fn question(
    summary: &Summary,
    question: &QuestionSummary,
    policy: &DisclosurePolicy,
    source: Option<&str>,
) -> Presented {
    let table = table(summary, question, policy);
    // A split question's chart is a cross-tab's: `engage chart --by` draws it from the
    // cross-tab's own table.
    let chart = if question.groups.is_empty() {
        results::question_chart(question, &table, source)
    } else {
        None
    };
    Presented { table, chart }
}

/// One question's table under `policy`.
#[must_use]
pub fn table(summary: &Summary, question: &QuestionSummary, policy: &DisclosurePolicy) -> Table {
    let mut table = tables::question_table(summary, question, policy);
    policy.apply(&mut table);
    table
}

impl Summary {
    /// Report-ready tables, one per question in order, with disclosure control applied under
    /// `policy`: the title is the question's wording, the caption its base line (`Base: all
    /// who answered (n = 1,234)`), notes under it. With a split, each table has a column per
    /// group, and a first row of bases.
    #[must_use]
    pub fn tables(&self, policy: &DisclosurePolicy) -> Vec<Table> {
        self.questions
            .iter()
            .map(|question| table(self, question, policy))
            .collect()
    }
}

/// A question saved by `engage summary --format json` presented again (`engage chart
/// --from`): its table rebuilt from the JSON under `policy`, with every figure the saved
/// summary withheld withheld again, and its chart drawn from that table. `None` for questions
/// without a chart and for JSON whose type and figures disagree.
#[must_use]
pub fn from_json(
    json: &super::wire::QuestionJson,
    policy: &DisclosurePolicy,
    source: Option<&str>,
) -> Option<Presented> {
    let question = json.to_summary()?;
    let summary = Summary {
        respondents: json.figures.respondents.unwrap_or(0),
        by: None,
        weighting: None,
        questions: vec![question],
    };
    let question = &summary.questions[0];
    let mut table = table(&summary, question, policy);
    // A figure the saved summary withheld comes back as 0: withhold its row again.
    let marked: Vec<(&str, &str)> = json
        .figures
        .options
        .iter()
        .filter_map(|option| Some((option.label.as_str(), option.withheld.as_deref()?)))
        .chain(json.figures.likert.iter().flat_map(|likert| {
            [(&likert.top_box, "Top "), (&likert.bottom_box, "Bottom ")]
                .into_iter()
                .filter_map(|(option, _)| {
                    Some((option.label.as_str(), option.withheld.as_deref()?))
                })
        }))
        .collect();
    for row in &mut table.rows {
        let label = row
            .first()
            .map(crate::table::Cell::display)
            .unwrap_or_default();
        let Some((_, marker)) = marked
            .iter()
            .find(|(withheld, _)| label == *withheld || label.ends_with(&format!(": {withheld}")))
        else {
            continue;
        };
        for (index, cell) in row.iter_mut().enumerate().skip(1) {
            if !matches!(cell, crate::table::Cell::Text(_)) {
                *cell = crate::table::Cell::Suppressed(if index == 1 {
                    (*marker).to_string()
                } else {
                    crate::privacy::disclosure::SECONDARY_MARKER.to_string()
                });
            }
        }
    }
    let chart = results::question_chart(question, &table, source)?;
    Some(Presented {
        table,
        chart: Some(chart),
    })
}
