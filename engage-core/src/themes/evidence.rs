//! What a coder says about one comment, shared by every coder: the low-level [`Decision`]
//! (theme indices and spans, what counting needs) and the [`CommentCoding`] for people (theme
//! ids, the words behind each theme and, for matches that do not count, why).

use serde::Serialize;

use super::matcher::{MatchStatus, TermMatch};
use super::tree::ThemeTree;

/// A piece of evidence: a term of a theme found in a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The theme's id.
    pub theme: String,
    /// The codebook term, as written (`appoint*`).
    pub term: String,
    /// The text it matched, as written in the comment.
    pub matched: String,
    /// Byte offset of the match in the comment.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

/// A match that does not count, and why: so that a missing theme can be audited too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// The match.
    #[serde(flatten)]
    pub evidence: Evidence,
    /// Why it does not count: `negated by "no problem"`, `excluded by term "parking" ("Parking")`.
    pub reason: String,
}

/// How sure a learned model is of a theme it gave a comment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Confidence {
    /// The theme's id.
    pub theme: String,
    /// The calibrated probability that the comment has the theme, 0 to 1.
    pub confidence: f64,
}

/// How one comment is coded.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CommentCoding {
    /// The matches that code the comment, in text order: a codebook's terms, or the words that
    /// most drove a learned model's decision.
    pub evidence: Vec<Evidence>,
    /// The matches cancelled by a negator or an exclude term.
    pub suppressed: Vec<Suppressed>,
    /// A learned model's confidence in each theme it gave, in the order of its themes (a
    /// codebook gives none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub confidence: Vec<Confidence>,
}

impl CommentCoding {
    /// The ids of the themes the comment is coded with (directly, not rolled up): those with a
    /// confidence, then the others in order of first evidence.
    #[must_use]
    pub fn themes(&self) -> Vec<&str> {
        let mut themes: Vec<&str> = self
            .confidence
            .iter()
            .map(|confidence| confidence.theme.as_str())
            .collect();
        for evidence in &self.evidence {
            if !themes.contains(&evidence.theme.as_str()) {
                themes.push(&evidence.theme);
            }
        }
        themes
    }

    /// True when at least one theme codes the comment.
    #[must_use]
    pub fn is_coded(&self) -> bool {
        !self.evidence.is_empty() || !self.confidence.is_empty()
    }

    /// The confidence in a theme, when a learned model gave it.
    #[must_use]
    pub fn confidence_of(&self, theme: &str) -> Option<f64> {
        self.confidence
            .iter()
            .find(|confidence| confidence.theme == theme)
            .map(|confidence| confidence.confidence)
    }
}

/// One comment as a coder decided it, by index into the coder's themes: what counting, splits
/// and sentiment need, without building strings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decision {
    /// The themes coded directly (not rolled up), each once, in order of first evidence.
    pub themes: Vec<usize>,
    /// The terms found, with whether each counts; a counted match is evidence for its theme.
    pub matches: Vec<TermMatch>,
    /// A learned model's probability for every theme, by index (a codebook gives none).
    pub confidence: Vec<f64>,
}

impl Decision {
    /// The byte spans of the counted evidence for `theme` or any theme under it.
    #[must_use]
    pub fn spans_within(&self, tree: &ThemeTree, theme: usize) -> Vec<(usize, usize)> {
        self.matches
            .iter()
            .filter(|found| {
                found.status == MatchStatus::Counted && tree.is_within(found.theme, theme)
            })
            .map(|found| (found.start, found.end))
            .collect()
    }
}
