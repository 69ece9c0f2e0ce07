//! One module per subcommand.

pub(crate) mod activity;
pub(crate) mod inspect;
pub(crate) mod participation;
