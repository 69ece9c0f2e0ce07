//! The interim report: the pipeline that composes ingest, participation, summaries, themes,
//! privacy and charts into one document, and the writers that turn it into the bundle users
//! publish (`index.html`, `report.md`, `report.xlsx`, `report.json`, `tables/`, `charts/`).
//!
//! The report holds no analysis of its own: every figure comes from the module that computes
//! it, and [`document::Document`] only arranges them. The three renderers read the same
//! document, so HTML, Markdown and the workbook always agree.

pub mod bundle;
pub mod compose;
pub mod document;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod xlsx;

pub use bundle::{BundleOptions, ReportFile};
pub use compose::{Report, ReportInputs, ReportJson, ReportOptions, SCHEMA_VERSION, build};
pub use document::{Block, Document, Figure, FigureTable, Section};
