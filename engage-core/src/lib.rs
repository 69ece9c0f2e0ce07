//! engage-core turns the spreadsheets that surveys and public consultations export into the
//! evidence an engagement team publishes: who took part, what they said, how strongly they
//! agreed.
//!
//! The primary types:
//! - [`Dataset`]: one row per respondent in a polars `DataFrame`, described by a [`Schema`] of
//!   [`Question`]s, each with a [`QuestionType`], options in form order and a profile flag.
//! - [`IngestOptions`] with [`read_path`] and [`read_reader`]: read xlsx, xlsm, xlsb, xls, ods,
//!   csv/tsv (any common encoding and delimiter) and Pol.is folders, recognising the export
//!   layouts of Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, LimeSurvey,
//!   KoboToolbox, SmartSurvey and Citizen Space.
//! - [`participation()`]: who took part (completion, responses over time, profiles, the
//!   population compared with a [`Reference`], raking weights, duplicates and campaigns).
//! - [`summarise`] and [`crosstab()`]: what people told us, question by question and two
//!   questions against each other, with bases, intervals and tests ([`summary`]).
//! - [`views::views_by_group`]: did views differ between groups? Every question and theme
//!   by each group, tested, with the false discovery rate controlled ([`views`]).
//! - [`redact_dataset`] and [`DisclosurePolicy`]: personal data out of free text, small counts
//!   withheld ([`privacy`]).
//! - [`Chart`]: accessible, deterministic SVG and PNG charts ([`chart`]).
//! - [`Progress`]: how long-running work reports progress (the CLI draws a bar; [`Silent`]
//!   reports nothing). The library never prints, exits or keeps global state.
//! - [`Codebook`] with [`themes::code_dataset`]: theme coding of free-text answers, with the
//!   evidence for every count, quotes, sentiment and draft codebooks ([`themes`]).
//! - [`report::build`]: the interim report, written with [`report::bundle::write`] as HTML,
//!   Markdown, XLSX, JSON, CSV tables and charts.
//! - [`deliberation::analyse`]: opinion groups, representative, consensus and divisive
//!   statements from agree / disagree / pass votes (Pol.is exports and similar).
//! - [`Error`] and [`Result`]: every data error names its file, sheet, row and column.
//!
//! Read an export (here a small inline CSV, as from an upload) and print every question's
//! summary:
//!
//! ```
//! use engage_core::{IngestOptions, QuestionType, SummaryOptions, read_reader, summarise};
//!
//! let csv = "Respondent,Which best describes you?,Do you support the proposal?\n\
//!            1,Resident,Strongly agree\n\
//!            2,Patient,Agree\n\
//!            3,Resident,Disagree\n\
//!            4,Resident,Agree\n";
//! let dataset = read_reader(csv.as_bytes(), "consultation.csv", &IngestOptions::default())?;
//! assert_eq!(dataset.question("support_proposal")?.kind, QuestionType::Likert);
//!
//! let summary = summarise(&dataset, &SummaryOptions::default())?;
//! // Tables as published: small counts withheld where the default policy says.
//! for table in summary.tables(&engage_core::DisclosurePolicy::default()) {
//!     println!("{}", table.to_text(100));
//! }
//! let support = &summary.questions[1];
//! assert_eq!(support.all.base.count, 4);
//! # Ok::<(), engage_core::Error>(())
//! ```
#![deny(missing_docs)]

pub mod chart;
pub mod dataset;
pub mod deliberation;
pub mod error;
pub mod export;
pub mod ingest;
pub mod inspect;
pub mod output;
mod parallel;
pub mod participation;
pub mod privacy;
pub mod progress;
pub mod report;
pub mod schema;
pub mod stats;
pub mod summary;
pub mod table;
pub mod themes;
pub mod views;

pub use chart::{Chart, ChartOptions};
pub use dataset::{Answers, Dataset, Source};
pub use error::{Error, ErrorKind, Location, Result};
pub use ingest::layouts::Layout;
pub use ingest::{IngestOptions, read_path, read_reader};
pub use inspect::{Inspection, inspect};
pub use participation::{Participation, ParticipationOptions, Reference, participation};
pub use privacy::{DisclosurePolicy, RedactOptions, RedactionReport, redact_dataset};
pub use progress::{Progress, Silent};
pub use report::{BundleOptions, Report, ReportInputs, ReportOptions};
pub use schema::{Profile, Question, QuestionType, Role, Scale, Schema, SurveyConfig};
pub use summary::{Crosstab, CrosstabOptions, Summary, SummaryOptions, crosstab, summarise};
pub use table::{Cell, Table};
pub use themes::{Codebook, CodingOptions, ThemeCoding, code_dataset};
