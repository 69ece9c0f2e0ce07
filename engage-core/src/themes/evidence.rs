//! What a coder says about one comment, shared by every coder: the low-level [`Decision`]
//! (theme indices and spans, what counting needs) and the [`CommentCoding`] for people (the
//! themes, the words behind each theme and, for matches that do not count, why). Both hold
//! indices into the coder's themes and byte offsets into the comment rather than copies of
//! strings, so that coding a hundred thousand comments allocates nothing per match: the
//! accessors take the coder (a `&Codebook` or a `&Model` converts into one) to give the words.

use std::borrow::Cow;

use serde::Serialize;

use super::coder::Coder;
use super::matcher::{MatchStatus, TermMatch, words};
use super::tree::ThemeTree;

/// A piece of evidence: a term of a theme found in a comment, or for a learned model, words
/// that drove its decision. [`Evidence::theme_id`], [`Evidence::term_text`] and
/// [`Evidence::matched`] give the strings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The theme's index in the coder's themes ([`Coder::themes`]).
    pub theme: usize,
    /// The term's index in the theme's `include` list (a learned model's evidence: 0).
    pub term: usize,
    /// Byte offset of the match in the comment.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

impl Evidence {
    /// The theme's id.
    #[must_use]
    pub fn theme_id<'a>(&self, coder: impl Into<Coder<'a>>) -> &'a str {
        coder.into().theme_id(self.theme)
    }

    /// The term, as written: a codebook's term (`appoint*`), or for a learned model the
    /// words it matched in `comment` (the comment it was found in), case and accents folded.
    #[must_use]
    pub fn term_text<'a>(&self, coder: impl Into<Coder<'a>>, comment: &str) -> Cow<'a, str> {
        match coder.into() {
            Coder::Codebook(codebook) => Cow::Borrowed(
                codebook
                    .themes()
                    .get(self.theme)
                    .and_then(|theme| theme.include.get(self.term))
                    .map_or("", String::as_str),
            ),
            Coder::Model(_) => Cow::Owned(
                words(self.matched(comment))
                    .map(|word| word.folded.into_owned())
                    .collect::<Vec<String>>()
                    .join(" "),
            ),
        }
    }

    /// The text it matched, as written in `comment` (the comment it was found in).
    #[must_use]
    pub fn matched<'a>(&self, comment: &'a str) -> &'a str {
        comment.get(self.start..self.end).unwrap_or("")
    }
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
    /// The theme's index in the model's themes.
    pub theme: usize,
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
    /// The indices of the themes the comment is coded with (directly, not rolled up): those
    /// with a confidence, then the others in order of first evidence.
    #[must_use]
    pub fn themes(&self) -> Vec<usize> {
        let mut themes: Vec<usize> = self
            .confidence
            .iter()
            .map(|confidence| confidence.theme)
            .collect();
        for evidence in &self.evidence {
            if !themes.contains(&evidence.theme) {
                themes.push(evidence.theme);
            }
        }
        themes
    }

    /// The ids of the themes the comment is coded with, as [`CommentCoding::themes`] (`coder`
    /// is the one that coded it).
    #[must_use]
    pub fn theme_ids<'a>(&self, coder: impl Into<Coder<'a>>) -> Vec<&'a str> {
        let coder = coder.into();
        self.themes()
            .into_iter()
            .map(|theme| coder.theme_id(theme))
            .collect()
    }

    /// True when at least one theme codes the comment.
    #[must_use]
    pub fn is_coded(&self) -> bool {
        !self.evidence.is_empty() || !self.confidence.is_empty()
    }

    /// The confidence in a theme (by index), when a learned model gave it.
    #[must_use]
    pub fn confidence_of(&self, theme: usize) -> Option<f64> {
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
