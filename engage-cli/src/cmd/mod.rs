//! One module per subcommand.

pub(crate) mod crosstab;
pub(crate) mod inspect;
pub(crate) mod redact;
pub(crate) mod summary;
