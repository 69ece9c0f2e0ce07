//! `report.json`: the report's figures as published, in types of their own (so the library's
//! result types can change without breaking the file) that also read back, for the next
//! report's `--previous`.

use serde::{Deserialize, Serialize};

use crate::summary::wire::QuestionJson;
use crate::table::Table;

/// The version of `report.json`'s layout; raised whenever a field changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 1;

/// `report.json`: the report's figures as published, with a schema version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportJson {
    /// The layout version of this file.
    pub schema_version: u32,
    /// The engage version that wrote it.
    pub engage_version: String,
    /// The report's title.
    pub title: String,
    /// When the report was made, only when asked for.
    pub generated: Option<String>,
    /// The input and what ingest decided.
    pub source: SourceJson,
    /// The disclosure rule applied.
    pub disclosure: DisclosureJson,
    /// Headline figures.
    pub key_figures: Vec<KeyFigure>,
    /// The findings in words.
    pub findings: Vec<String>,
    /// Question summaries in the `engage summary --format json` form, with the figures
    /// disclosure control withholds as `null` (profile questions appear in `tables`).
    pub questions: Vec<QuestionJson>,
    /// Theme counts per free-text question.
    pub themes: Vec<ThemeCountsJson>,
    /// Every table as published (withheld cells as their markers). Not read back.
    #[serde(default, skip_deserializing)]
    pub tables: Vec<TableJson>,
    /// Every chart: its file name and text alternative.
    #[serde(default)]
    pub charts: Vec<ChartJson>,
    /// Views by group: every comparison's test and result (the groups' figures are in its
    /// table, `tables`, as published).
    #[serde(default)]
    pub views: Vec<ViewJson>,
}

/// One comparison of "Views by group".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewJson {
    /// The question compared (for a theme, its free-text question).
    pub question: String,
    /// The theme's id, for a theme.
    pub theme: Option<String>,
    /// The grouping question.
    pub by: String,
    /// The test: `chi_square`, `fisher`, `freeman_halton`, or `null` when untested.
    pub test: Option<String>,
    /// Its p-value.
    pub p_value: Option<f64>,
    /// The Benjamini-Hochberg adjusted p-value across the section.
    pub q_value: Option<f64>,
    /// Cramér's V.
    pub cramers_v: Option<f64>,
    /// `differs`, `small`, `alike` or `untested`.
    pub verdict: String,
    /// The id of its table under `tables`, when the report shows it.
    pub table: Option<String>,
    /// The finding, when the groups differ and the table shows what it rests on.
    pub finding: Option<String>,
}

/// The source of the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceJson {
    /// The input file's name (without its folder).
    pub file: String,
    /// The sheet read.
    pub sheet: Option<String>,
    /// The export layout.
    pub layout: String,
    /// Respondents read; `null` when too few to publish.
    pub respondents: Option<usize>,
    /// First and last response, when dated.
    pub period: Option<(String, String)>,
}

/// The disclosure rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisclosureJson {
    /// Counts from 1 to `threshold - 1` are withheld (0: nothing is withheld).
    pub threshold: u64,
    /// Which tables: `all`, `profile` or `none`.
    pub scope: String,
    /// The rule in words.
    pub rule: String,
}

/// A headline figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyFigure {
    /// What it is.
    pub label: String,
    /// The figure as shown.
    pub value: String,
}

/// Theme counts of one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeCountsJson {
    /// The question id.
    pub question: String,
    /// Non-empty answers.
    pub base: usize,
    /// Answers with at least one theme.
    pub coded: usize,
    /// Answers with none; `null` when withheld.
    pub uncoded: Option<usize>,
    /// Each theme.
    pub themes: Vec<ThemeJson>,
}

/// One theme's count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeJson {
    /// The theme id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its parent theme.
    pub parent: Option<String>,
    /// Answers coded with it (parents include their children); `null` when withheld.
    pub count: Option<usize>,
    /// Of the base, 0-100; `null` when withheld.
    pub percent: Option<f64>,
    /// The marker of a withheld count (`<5` or `*`); absent when shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// A published table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableJson {
    /// The file name stem under `tables/`.
    pub id: String,
    /// The section it is in.
    pub section: String,
    /// The table.
    #[serde(flatten)]
    pub table: Table,
}

/// A published chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartJson {
    /// The file name stem under `charts/`.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// Its text alternative.
    pub alt_text: String,
}
