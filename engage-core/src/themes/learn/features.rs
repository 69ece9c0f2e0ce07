//! Text features for learned coding: the comment's words as the codebook path reads them
//! (Unicode word boundaries, case and accents folded), word pairs within a sentence, and the
//! character n-grams of each word with a space either side, weighted by TF-IDF (logarithmic
//! term frequency, smoothed inverse document frequency) and scaled to unit length per kind;
//! with a codebook, one more feature per codebook theme that the codebook finds in the comment.
//!
//! Each feature remembers which word it came from, so that a decision can be explained by the
//! words that drove it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::themes::codebook::Codebook;
use crate::themes::matcher::{MatchStatus, Scratch, Word, words};

/// Which features are extracted, as stored in a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureSettings {
    /// Word n-grams from `words[0]` to `words[1]` words long (1 and 2: words and pairs).
    pub words: [usize; 2],
    /// Character n-grams from `characters[0]` to `characters[1]` long, taken within each
    /// word with a space either side (`" ward "` gives `" w"`, `"wa"`, ... `"ward "`); `[0, 0]`
    /// for none.
    pub characters: [usize; 2],
    /// A feature is kept when at least this many training comments have it.
    pub min_comments: usize,
    /// The weight of the codebook block, when there is one, relative to the text blocks (each
    /// of unit length).
    pub codebook_weight: f64,
}

impl Default for FeatureSettings {
    fn default() -> FeatureSettings {
        FeatureSettings {
            words: [1, 2],
            characters: [2, 5],
            min_comments: 2,
            codebook_weight: 1.0,
        }
    }
}

/// The kinds of feature, each a block scaled to unit length on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Word,
    Character,
}

/// A sparse feature vector: (feature index, value), sorted by index, with the word each
/// feature came from (an index into the comment's words; a word pair names its first word
/// and spans two).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Vector {
    pub(crate) entries: Vec<(u32, f32)>,
    /// Per entry, the first and last word it came from; codebook features carry the words of
    /// the codebook's evidence.
    pub(crate) sources: Vec<(u32, u32)>,
}

impl Vector {
    /// The dot product with a dense weight vector.
    pub(crate) fn dot(&self, weights: &[f32]) -> f64 {
        self.entries
            .iter()
            .map(|&(index, value)| f64::from(value) * f64::from(weights[index as usize]))
            .sum()
    }
}

/// The words of a comment with their spans, for explaining decisions.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tokens {
    /// Byte spans of the words in the comment.
    pub(crate) spans: Vec<(usize, usize)>,
    /// The folded words.
    pub(crate) folded: Vec<String>,
}

/// Buffers for turning comments into vectors, one per thread: the last comment's words and
/// the codebook matcher's buffers.
#[derive(Debug, Default)]
pub struct FeatureScratch {
    pub(crate) tokens: Tokens,
    matcher: Scratch,
}

/// The feature vocabulary learned from training comments, and how to turn a comment into a
/// vector.
#[derive(Debug)]
pub(crate) struct Featurizer {
    pub(crate) settings: FeatureSettings,
    /// Feature names (`w appointment`, `w long wait`, `c  ap`...), sorted; their position is
    /// the feature's index.
    pub(crate) names: Vec<String>,
    /// Inverse document frequency per feature.
    pub(crate) idf: Vec<f32>,
    index: HashMap<String, u32>,
    /// The codebook whose themes are features, after the text features.
    pub(crate) codebook: Option<Codebook>,
}

/// One comment's raw features: name and count, with the words each came from.
#[derive(Default)]
struct Raw {
    counts: Vec<(String, Kind, u32, u32)>,
}

/// Extracts the raw features of one comment.
fn raw_features(text: &str, settings: &FeatureSettings, tokens: &mut Tokens) -> Raw {
    tokens.spans.clear();
    tokens.folded.clear();
    let list: Vec<Word<'_>> = words(text).collect();
    let mut raw = Raw::default();
    for word in &list {
        tokens.spans.push((word.start, word.end));
        tokens.folded.push(word.folded.to_string());
    }
    let [low, high] = settings.words;
    for (position, word) in list.iter().enumerate() {
        for length in low.max(1)..=high {
            let end = position + length;
            if end > list.len() || list[end - 1].sentence != word.sentence {
                break;
            }
            let mut name = String::from("w ");
            for (offset, part) in list[position..end].iter().enumerate() {
                if offset > 0 {
                    name.push(' ');
                }
                name.push_str(&part.folded);
            }
            raw.counts
                .push((name, Kind::Word, position as u32, (end - 1) as u32));
        }
    }
    let [low, high] = settings.characters;
    if high > 0 {
        let mut padded: Vec<char> = Vec::new();
        for (position, word) in list.iter().enumerate() {
            padded.clear();
            padded.push(' ');
            padded.extend(word.folded.chars());
            padded.push(' ');
            for length in low.max(1)..=high {
                if length > padded.len() {
                    break;
                }
                for start in 0..=padded.len() - length {
                    let mut name = String::with_capacity(length + 2);
                    name.push_str("c ");
                    name.extend(&padded[start..start + length]);
                    raw.counts
                        .push((name, Kind::Character, position as u32, position as u32));
                }
            }
        }
    }
    raw
}

impl Featurizer {
    /// Learns the vocabulary and inverse document frequencies from the training comments.
    pub(crate) fn fit(
        texts: &[&str],
        settings: FeatureSettings,
        codebook: Option<Codebook>,
    ) -> Featurizer {
        let raws: Vec<Raw> = crate::parallel::map(texts.len(), |index, tokens: &mut Tokens| {
            raw_features(texts[index], &settings, tokens)
        });
        let mut frequency: HashMap<&str, u32> = HashMap::new();
        let mut seen: Vec<&str> = Vec::new();
        for raw in &raws {
            seen.clear();
            seen.extend(raw.counts.iter().map(|(name, ..)| name.as_str()));
            seen.sort_unstable();
            seen.dedup();
            for name in &seen {
                *frequency.entry(name).or_default() += 1;
            }
        }
        let minimum = settings.min_comments.max(1) as u32;
        let mut kept: Vec<(&str, u32)> = frequency
            .into_iter()
            .filter(|(_, count)| *count >= minimum)
            .collect();
        kept.sort_unstable();
        let total = texts.len() as f64;
        let names: Vec<String> = kept.iter().map(|(name, _)| (*name).to_string()).collect();
        let idf = kept
            .iter()
            .map(|(_, count)| (((1.0 + total) / (1.0 + f64::from(*count))).ln() + 1.0) as f32)
            .collect();
        Featurizer::new(settings, names, idf, codebook)
    }

    /// A featurizer from a stored vocabulary.
    pub(crate) fn new(
        settings: FeatureSettings,
        names: Vec<String>,
        idf: Vec<f32>,
        codebook: Option<Codebook>,
    ) -> Featurizer {
        let index = names
            .iter()
            .enumerate()
            .map(|(position, name)| (name.clone(), position as u32))
            .collect();
        Featurizer {
            settings,
            names,
            idf,
            index,
            codebook,
        }
    }

    /// How many features a vector may have: the vocabulary, then one per codebook theme.
    pub(crate) fn dimensions(&self) -> usize {
        self.names.len() + self.codebook.as_ref().map_or(0, |book| book.themes().len())
    }

    /// The feature vector of one comment; its words are left in `scratch.tokens`.
    pub(crate) fn vector(&self, text: &str, scratch: &mut FeatureScratch) -> Vector {
        let FeatureScratch { tokens, matcher } = scratch;
        let raw = raw_features(text, &self.settings, tokens);
        // Counts per known feature, with the words of its first occurrence.
        let mut found: HashMap<u32, (u32, Kind, u32, u32)> = HashMap::new();
        for (name, kind, first, last) in &raw.counts {
            if let Some(&index) = self.index.get(name.as_str()) {
                found
                    .entry(index)
                    .and_modify(|entry| entry.0 += 1)
                    .or_insert((1, *kind, *first, *last));
            }
        }
        let mut entries: Vec<(u32, f32, Kind, u32, u32)> = found
            .into_iter()
            .map(|(index, (count, kind, first, last))| {
                let tf = 1.0 + f64::from(count).ln();
                (
                    index,
                    (tf * f64::from(self.idf[index as usize])) as f32,
                    kind,
                    first,
                    last,
                )
            })
            .collect();
        entries.sort_unstable_by_key(|entry| entry.0);
        for kind in [Kind::Word, Kind::Character] {
            let norm: f64 = entries
                .iter()
                .filter(|entry| entry.2 == kind)
                .map(|entry| f64::from(entry.1) * f64::from(entry.1))
                .sum::<f64>()
                .sqrt();
            if norm > 0.0 {
                for entry in entries.iter_mut().filter(|entry| entry.2 == kind) {
                    entry.1 = (f64::from(entry.1) / norm) as f32;
                }
            }
        }
        let mut vector = Vector {
            entries: entries.iter().map(|entry| (entry.0, entry.1)).collect(),
            sources: entries.iter().map(|entry| (entry.3, entry.4)).collect(),
        };
        if let Some(codebook) = &self.codebook {
            let base = self.names.len() as u32;
            let mut coded: Vec<(usize, (u32, u32))> = Vec::new();
            for found in &codebook.find(text, matcher) {
                if found.status != MatchStatus::Counted {
                    continue;
                }
                let first = tokens
                    .spans
                    .partition_point(|span| span.1 <= found.start)
                    .min(tokens.spans.len().saturating_sub(1));
                let last = tokens
                    .spans
                    .partition_point(|span| span.0 < found.end)
                    .saturating_sub(1)
                    .max(first);
                for theme in codebook.lineage(found.theme) {
                    if !coded.iter().any(|(known, _)| *known == theme) {
                        coded.push((theme, (first as u32, last as u32)));
                    }
                }
            }
            coded.sort_unstable_by_key(|(theme, _)| *theme);
            let weight = self.settings.codebook_weight as f32;
            for (theme, source) in coded {
                vector.entries.push((base + theme as u32, weight));
                vector.sources.push(source);
            }
        }
        vector
    }
}

/// Training comments as sparse rows, ready for the solver.
#[derive(Clone, Debug, Default)]
pub(crate) struct Matrix {
    pub(crate) rows: Vec<Vector>,
    pub(crate) dimensions: usize,
}

impl Matrix {
    /// Every comment's vector, on the machine's cores.
    pub(crate) fn build(featurizer: &Featurizer, texts: &[&str]) -> Matrix {
        let rows = crate::parallel::map(texts.len(), |index, scratch: &mut FeatureScratch| {
            featurizer.vector(texts[index], scratch)
        });
        Matrix {
            rows,
            dimensions: featurizer.dimensions(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_pairs_and_padded_character_grams_with_their_sources() {
        let settings = FeatureSettings {
            characters: [2, 3],
            min_comments: 1,
            ..FeatureSettings::default()
        };
        let mut tokens = Tokens::default();
        let raw = raw_features("Long WAIT. Ok", &settings, &mut tokens);
        let words: Vec<(&str, u32, u32)> = raw
            .counts
            .iter()
            .filter(|(_, kind, ..)| *kind == Kind::Word)
            .map(|(name, _, first, last)| (name.as_str(), *first, *last))
            .collect();
        // No pair across the full stop.
        assert_eq!(
            words,
            [
                ("w long", 0, 0),
                ("w long wait", 0, 1),
                ("w wait", 1, 1),
                ("w ok", 2, 2)
            ]
        );
        let ok: Vec<&str> = raw
            .counts
            .iter()
            .filter(|(_, kind, first, _)| *kind == Kind::Character && *first == 2)
            .map(|(name, ..)| name.as_str())
            .collect();
        assert_eq!(ok, ["c  o", "c ok", "c k ", "c  ok", "c ok "]);
        assert_eq!(tokens.spans[1], (5, 9));
    }

    #[test]
    fn vectors_are_unit_length_per_kind_and_keep_only_known_features() {
        let texts = ["the wait was long", "a long wait", "staff were kind"];
        let featurizer = Featurizer::fit(&texts, FeatureSettings::default(), None);
        assert!(featurizer.names.iter().any(|name| name == "w long"));
        // Seen in one comment only: left out.
        assert!(!featurizer.names.iter().any(|name| name == "w staff"));
        let vector =
            featurizer.vector("long long wait, rude staff", &mut FeatureScratch::default());
        let word_norm: f64 = vector
            .entries
            .iter()
            .filter(|(index, _)| featurizer.names[*index as usize].starts_with("w "))
            .map(|(_, value)| f64::from(*value).powi(2))
            .sum();
        assert!((word_norm - 1.0).abs() < 1e-6, "{word_norm}");
        let sorted = vector.entries.windows(2).all(|pair| pair[0].0 < pair[1].0);
        assert!(sorted);
    }
}
