//! Personal data and disclosure control: recognising personal data, redacting it from text,
//! suppressing small counts, and making respondent text safe for every output format.

pub mod detect;
pub mod safe;
