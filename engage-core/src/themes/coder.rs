//! The shape every theme coder shares, so that counting, splits, quotes, sentiment, the coding
//! sheet and the report take any of them unchanged: a [`Coder`] (a codebook's terms, or a
//! model learned from hand-coded comments) codes one comment at a time into a [`Decision`] and
//! explains it as a [`CommentCoding`] (both in [`super::evidence`]).

use super::codebook::Codebook;
use super::evidence::{CommentCoding, Decision};
use super::learn::{Model, ModelScratch};
use super::matcher::{MatchStatus, Scratch};
use super::tree::{Theme, ThemeTree};

/// Buffers a coder reuses from one comment to the next: one per thread.
#[derive(Debug, Default)]
pub struct CodingScratch {
    matcher: Scratch,
    model: ModelScratch,
}

/// A theme coder: a codebook of terms, or a learned model.
#[derive(Clone, Copy, Debug)]
pub enum Coder<'a> {
    /// Themes found by their terms, with negation and excludes.
    Codebook(&'a Codebook),
    /// Themes given by a model learned from hand-coded comments, each with its confidence
    /// and the words that drove it.
    Model(&'a Model),
}

impl<'a> From<&'a Model> for Coder<'a> {
    fn from(model: &'a Model) -> Coder<'a> {
        Coder::Model(model)
    }
}

impl<'a> From<&'a Codebook> for Coder<'a> {
    fn from(codebook: &'a Codebook) -> Coder<'a> {
        Coder::Codebook(codebook)
    }
}

impl<'a> Coder<'a> {
    /// The themes and their hierarchy.
    #[must_use]
    pub fn tree(self) -> &'a ThemeTree {
        match self {
            Coder::Codebook(codebook) => codebook.tree(),
            Coder::Model(model) => model.tree(),
        }
    }

    /// The themes, in the coder's order.
    #[must_use]
    pub fn themes(self) -> &'a [Theme] {
        self.tree().themes()
    }

    /// The id of the theme at `index` in [`Coder::themes`] ("" when there is none).
    #[must_use]
    pub fn theme_id(self, index: usize) -> &'a str {
        self.themes()
            .get(index)
            .map_or("", |theme| theme.id.as_str())
    }

    /// The file the coder was read from, when it was.
    #[must_use]
    pub fn file(self) -> Option<&'a str> {
        match self {
            Coder::Codebook(codebook) => codebook.file(),
            Coder::Model(model) => model.file(),
        }
    }

    /// Codes one comment (low level: indices). Reuse one `scratch` per thread.
    pub fn decide(self, text: &str, scratch: &mut CodingScratch) -> Decision {
        match self {
            Coder::Codebook(codebook) => {
                let matches = codebook.find(text, &mut scratch.matcher);
                let mut themes: Vec<usize> = Vec::new();
                for found in &matches {
                    if found.status == MatchStatus::Counted && !themes.contains(&found.theme) {
                        themes.push(found.theme);
                    }
                }
                Decision {
                    themes,
                    matches,
                    confidence: Vec::new(),
                }
            }
            Coder::Model(model) => model.decide(text, &mut scratch.model),
        }
    }

    /// A decision in words: theme ids, the terms and the text they matched.
    #[must_use]
    pub fn explain(self, text: &str, decision: &Decision) -> CommentCoding {
        match self {
            Coder::Codebook(codebook) => codebook.coding_of(text, &decision.matches),
            Coder::Model(model) => model.explain(decision),
        }
    }

    /// True when the coder gives each comment exactly one theme (a single-label model); a
    /// codebook and a multi-label model may give a comment several themes, or none.
    #[must_use]
    pub fn one_theme_each(self) -> bool {
        matches!(self, Coder::Model(model) if model.kind() == super::learn::LabelKind::SingleLabel)
    }

    /// True when the coder gives a confidence with each theme (a learned model).
    #[must_use]
    pub fn has_confidence(self) -> bool {
        matches!(self, Coder::Model(_))
    }

    /// Codes one comment and explains the coding.
    #[must_use]
    pub fn code(self, text: &str) -> CommentCoding {
        let decision = self.decide(text, &mut CodingScratch::default());
        self.explain(text, &decision)
    }
}
