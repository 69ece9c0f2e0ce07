//! The shape every theme coder shares, so that counting, splits, quotes, sentiment, the coding
//! sheet and the report take any of them unchanged: a [`Coder`] codes one comment at a time
//! into a [`Decision`] and explains it as a [`CommentCoding`] (both in [`super::evidence`]).

use super::codebook::Codebook;
use super::evidence::{CommentCoding, Decision};
use super::matcher::{MatchStatus, Scratch};
use super::tree::{Theme, ThemeTree};

/// Buffers a coder reuses from one comment to the next: one per thread.
#[derive(Debug, Default)]
pub struct CodingScratch {
    matcher: Scratch,
}

/// A theme coder: a codebook of terms.
#[derive(Clone, Copy, Debug)]
pub enum Coder<'a> {
    /// Themes found by their terms, with negation and excludes.
    Codebook(&'a Codebook),
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
        }
    }

    /// The themes, in the coder's order.
    #[must_use]
    pub fn themes(self) -> &'a [Theme] {
        self.tree().themes()
    }

    /// The file the coder was read from, when it was.
    #[must_use]
    pub fn file(self) -> Option<&'a str> {
        match self {
            Coder::Codebook(codebook) => codebook.file(),
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
        }
    }

    /// A decision in words: theme ids, the terms and the text they matched.
    #[must_use]
    pub fn explain(self, text: &str, decision: &Decision) -> CommentCoding {
        match self {
            Coder::Codebook(codebook) => codebook.coding_of(text, &decision.matches),
        }
    }

    /// Codes one comment and explains the coding.
    #[must_use]
    pub fn code(self, text: &str) -> CommentCoding {
        let decision = self.decide(text, &mut CodingScratch::default());
        self.explain(text, &decision)
    }
}
