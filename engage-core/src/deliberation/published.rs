//! What a Pol.is export publishes about itself (`summary.csv`, the per-comment counts in
//! `comments.csv`, `participants-votes.csv` with Pol.is's own opinion groups), each figure beside
//! engage's count of the same thing. The Pol.is reader ([`polis`](super::polis)) fills it in.

use serde::Serialize;

/// What a Pol.is export says about itself, and engage's counts beside it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolisExport {
    /// `summary.csv` as key and value pairs, in file order (empty without the file).
    pub summary: Vec<(String, String)>,
    /// Each published count beside engage's count of the same thing.
    pub checks: Vec<PublishedCheck>,
    /// Pol.is's opinion group (`group-id` in `participants-votes.csv`) of each participant of
    /// the conversation, in its participant order; `None` for participants Pol.is did not
    /// place. `None` as a whole without the file or the column.
    pub groups: Option<Vec<Option<String>>>,
}

impl PolisExport {
    /// A value of `summary.csv` by key (`voters`, `comments`, `groups`, ...).
    #[must_use]
    pub fn summary_value(&self, key: &str) -> Option<&str> {
        self.summary
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// True when every published count was reproduced.
    #[must_use]
    pub fn all_match(&self) -> bool {
        self.checks.iter().all(|check| check.matches)
    }
}

/// One published figure beside engage's count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedCheck {
    /// The figure, as the export names it (`voters`, `agrees per comment`).
    pub figure: String,
    /// The file that publishes it.
    pub published_in: String,
    /// The published value (summed, for per-comment and per-participant figures).
    pub published: u64,
    /// engage's value.
    pub computed: u64,
    /// How engage counts it.
    pub rule: String,
    /// For per-item figures, how many items agree (`54 of 54 comments equal`).
    pub detail: Option<String>,
    /// True when the published and computed values are equal (every item, for per-item
    /// figures).
    pub matches: bool,
}
