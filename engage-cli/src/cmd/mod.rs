//! One module per subcommand.

pub(crate) mod activity;
pub(crate) mod chart;
pub(crate) mod crosstab;
pub(crate) mod deliberation;
pub(crate) mod inspect;
pub(crate) mod participation;
pub(crate) mod redact;
pub(crate) mod report;
pub(crate) mod summary;
pub(crate) mod themes;
