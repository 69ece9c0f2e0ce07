//! One module per subcommand.

pub(crate) mod deliberation;
pub(crate) mod inspect;
pub(crate) mod redact;
