//! The interim report: the pipeline that composes ingest, participation, summaries, themes,
//! privacy and charts into one document, and the writers that turn it into the bundle users
//! publish (`index.html`, `report.md`, `report.xlsx`, `report.json`, `tables/`, `charts/`).
//!
//! The report holds no analysis of its own and builds no table: every table and chart is
//! presented, with disclosure control applied, by the analysis that owns it (`present`
//! modules in [`crate::summary`], [`mod@crate::participation`], [`crate::themes`] and
//! [`crate::views`]);
//! `published` gathers them once, and the sections, the key findings and `report.json`
//! arrange what was published. The three renderers read the same document, so HTML, Markdown
//! and the workbook always agree.
//!
//! - [`pipeline`]: [`build`], its inputs and options.
//! - `published`: every table and chart the report shows, disclosed.
//! - `sections`: one file per section; `findings`: the key findings; `changes`: what
//!   changed since the `--previous` report.
//! - [`json`]: `report.json`'s types (they read back for `--previous`).
//! - [`document`], [`bundle`] and the writers.

pub mod bundle;
mod changes;
pub mod document;
mod findings;
pub(crate) mod html;
pub mod json;
pub(crate) mod markdown;
pub mod pipeline;
mod published;
mod sections;
pub(crate) mod xlsx;

pub use bundle::{BundleOptions, ReportFile};
pub use document::{Block, Document, Figure, FigureTable, Section};
pub use json::{ReportJson, SCHEMA_VERSION};
pub use pipeline::{Report, ReportInputs, ReportOptions, build};
