//! Personal data and disclosure control: recognising personal data, redacting it from text,
//! suppressing small counts, and making respondent text safe for every output format.
//!
//! - [`detect`]: is a whole value an email, phone number, postcode, NHS or NI number?
//! - [`redact`]: find those (and URLs, IP addresses, the respondent's own name) inside text
//!   and replace them with typed placeholders; [`redact_dataset`] does it for a whole export.
//! - [`location`]: GPS points and coordinates coarsened for a redacted copy that keeps them.
//! - [`disclosure`]: small-count suppression for published tables.
//! - [`safe`]: escaping and formula neutralising for each writer.

pub mod detect;
pub mod disclosure;
pub mod location;
pub mod redact;
pub mod safe;

pub use disclosure::{DisclosurePolicy, Scope, TableKind};
pub use redact::{KeepPersonal, RedactOptions, RedactionReport, redact_dataset};
