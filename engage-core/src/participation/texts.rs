//! Near-identical free text: the same comment sent many times, as a letter-writing campaign
//! does. Texts are normalised (Unicode NFKC, lowercase, words only), grouped exactly by their
//! normalised form, then joined when their word 3-shingles overlap by at least the similarity
//! threshold (Jaccard).
//!
//! Comparing every pair of texts would take O(n²) time; instead each distinct text gets a
//! 64-value MinHash signature, split into 16 bands of 4, and only texts sharing a band are
//! compared (locality-sensitive hashing). Two texts with Jaccard similarity 0.7 share a band
//! with probability 1 − (1 − 0.7⁴)¹⁶ ≈ 0.99. Every candidate pair is checked exactly, so no
//! group holds texts below the threshold. Hashes are fixed functions (FNV-1a and SplitMix64),
//! so the same input always gives the same groups.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::dataset::Dataset;
use crate::schema::QuestionType;

const SIGNATURE: usize = 64;
const ROWS_PER_BAND: usize = 4;
const SHINGLE: usize = 3;
/// The longest excerpt shown of a group's text, in characters.
const EXCERPT: usize = 160;

/// What a group of near-identical texts looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextGroupKind {
    /// Many long, near-identical texts: an organised campaign (a standard letter). Evidence of
    /// strength of feeling, to be reported as such, not noise.
    Campaign,
    /// The same short comment from several people.
    Repeated,
}

/// A group of near-identical texts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextGroup {
    /// The free-text question.
    pub question: String,
    /// Campaign or repeated comment.
    pub kind: TextGroupKind,
    /// Responses in the group.
    pub responses: usize,
    /// Responses whose normalised text is exactly the group's most common text.
    pub identical: usize,
    /// The median number of words.
    pub words: usize,
    /// The rows a spreadsheet shows the responses on.
    pub rows: Vec<usize>,
    /// The earliest response, when timestamps exist.
    pub first: Option<NaiveDateTime>,
    /// The latest response.
    pub last: Option<NaiveDateTime>,
    /// The start of the most common text, with digits and email addresses masked.
    pub excerpt: String,
}

/// Settings for finding near-identical texts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TextSettings {
    pub(crate) min_words: usize,
    pub(crate) similarity: f64,
    pub(crate) min_responses: usize,
    pub(crate) campaign_min_responses: usize,
    pub(crate) campaign_min_words: usize,
}

/// The words of a text, normalised: NFKC, lowercase, split on anything not a letter or digit.
#[must_use]
pub(crate) fn words(text: &str) -> Vec<String> {
    if text.is_ascii() {
        // NFKC leaves ASCII as it is and ASCII lowercases to ASCII: the same words without
        // normalising, which is most of the cost for a typical comment.
        return text
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
    }
    unicode_words(text)
}

/// [`words`] for any text.
fn unicode_words(text: &str) -> Vec<String> {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    folded
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// FNV-1a, 64-bit: a fixed hash, so groups never depend on a random seed.
fn fnv(bytes: impl IntoIterator<Item = u8>, seed: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// SplitMix64's finaliser: mixes a value into a well-spread hash.
const fn mix(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// The sorted, distinct hashes of a text's word shingles.
fn shingles(words: &[String]) -> Vec<u64> {
    let hash_words = |words: &[String]| {
        fnv(
            words
                .iter()
                .flat_map(|word| word.bytes().chain(std::iter::once(0x1f))),
            0,
        )
    };
    let mut out: Vec<u64> = if words.len() < SHINGLE {
        vec![hash_words(words)]
    } else {
        words.windows(SHINGLE).map(hash_words).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The seed of each MinHash function: `mix(index + 1)`, computed once rather than once per
/// shingle and function.
const SEEDS: [u64; SIGNATURE] = {
    let mut seeds = [0; SIGNATURE];
    let mut index = 0;
    while index < SIGNATURE {
        seeds[index] = mix(index as u64 + 1);
        index += 1;
    }
    seeds
};

fn signature(shingles: &[u64]) -> [u64; SIGNATURE] {
    let mut signature = [u64::MAX; SIGNATURE];
    for &shingle in shingles {
        for (slot, seed) in signature.iter_mut().zip(SEEDS) {
            let value = mix(shingle ^ seed);
            if value < *slot {
                *slot = value;
            }
        }
    }
    signature
}

/// Jaccard similarity of two sorted, distinct sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        1.0
    } else {
        shared as f64 / union as f64
    }
}

fn find(parents: &mut [usize], mut item: usize) -> usize {
    while parents[item] != item {
        parents[item] = parents[parents[item]];
        item = parents[item];
    }
    item
}

/// A distinct normalised text and the responses that sent it.
struct Distinct {
    /// How many words it has (the words themselves are not kept: only their shingles).
    words: usize,
    rows: Vec<usize>,
}

/// Groups near-identical texts of every free-text question.
pub(crate) fn text_groups(
    dataset: &Dataset,
    stamps: &[Option<NaiveDateTime>],
    settings: &TextSettings,
) -> Vec<TextGroup> {
    let questions: Vec<&crate::Question> = dataset
        .questions_of(QuestionType::FreeText)
        .filter(|question| question.other_of.is_none())
        .collect();
    // Questions are independent: they are grouped on the machine's cores at once.
    let mut groups: Vec<TextGroup> = crate::parallel::map(questions.len(), |index, (): &mut ()| {
        question_groups(dataset, questions[index], stamps, settings)
    })
    .into_iter()
    .flatten()
    .collect();
    groups.sort_by(|a, b| {
        let rank = |group: &TextGroup| u8::from(group.kind != TextGroupKind::Campaign);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| b.responses.cmp(&a.responses))
            .then_with(|| a.rows.first().cmp(&b.rows.first()))
    });
    groups
}

/// The groups of near-identical texts of one question.
fn question_groups(
    dataset: &Dataset,
    question: &crate::Question,
    stamps: &[Option<NaiveDateTime>],
    settings: &TextSettings,
) -> Vec<TextGroup> {
    let mut groups = Vec::new();
    let source = dataset.source();
    // A question typed free text always has a text column; anything else is skipped.
    let Ok(values) = dataset.text_values(&question.id) else {
        return groups;
    };
    let mut distinct: Vec<Distinct> = Vec::new();
    // Each distinct text's shingle hashes, by its index in `distinct`.
    let mut sets: Vec<Vec<u64>> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for (row, value) in values.iter().enumerate() {
        let Some(value) = value else { continue };
        let words = words(value);
        if words.len() < settings.min_words {
            continue;
        }
        let key = words.join(" ");
        if let Some(&index) = by_text.get(&key) {
            distinct[index].rows.push(row);
        } else {
            by_text.insert(key, distinct.len());
            sets.push(shingles(&words));
            distinct.push(Distinct {
                words: words.len(),
                rows: vec![row],
            });
        }
    }
    drop(by_text);

    let mut parents: Vec<usize> = (0..distinct.len()).collect();
    let mut buckets: HashMap<u64, usize> = HashMap::new();
    for (index, set) in sets.iter().enumerate() {
        let signature = signature(set);
        for (band, values) in signature.chunks(ROWS_PER_BAND).enumerate() {
            let key = fnv(
                values.iter().flat_map(|value| value.to_le_bytes()),
                band as u64 + 1,
            );
            // Each text is checked against the first text of its bucket only, so a bucket
            // costs linear time; texts missed here meet in another band.
            match buckets.get(&key) {
                Some(&first) => {
                    let (a, b) = (find(&mut parents, first), find(&mut parents, index));
                    if a != b && jaccard(&sets[first], set) >= settings.similarity {
                        parents[b.max(a)] = a.min(b);
                    }
                }
                None => {
                    buckets.insert(key, index);
                }
            }
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for index in 0..distinct.len() {
        let root = find(&mut parents, index);
        members.entry(root).or_default().push(index);
    }
    let mut roots: Vec<usize> = members.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        let indexes = &members[&root];
        let responses: usize = indexes
            .iter()
            .map(|&index| distinct[index].rows.len())
            .sum();
        if responses < settings.min_responses {
            continue;
        }
        let mut rows: Vec<usize> = indexes
            .iter()
            .flat_map(|&index| distinct[index].rows.iter().copied())
            .collect();
        rows.sort_unstable();
        let most_common = indexes
            .iter()
            .copied()
            .max_by(|&a, &b| {
                distinct[a]
                    .rows
                    .len()
                    .cmp(&distinct[b].rows.len())
                    .then_with(|| distinct[b].rows[0].cmp(&distinct[a].rows[0]))
            })
            .unwrap_or(root);
        let mut lengths: Vec<usize> = indexes
            .iter()
            .flat_map(|&index| {
                std::iter::repeat_n(distinct[index].words, distinct[index].rows.len())
            })
            .collect();
        lengths.sort_unstable();
        let words = lengths[lengths.len() / 2];
        let dates: Vec<NaiveDateTime> = rows
            .iter()
            .filter_map(|&row| stamps.get(row).copied().flatten())
            .collect();
        let kind = if responses >= settings.campaign_min_responses
            && words >= settings.campaign_min_words
        {
            TextGroupKind::Campaign
        } else {
            TextGroupKind::Repeated
        };
        let example = values[distinct[most_common].rows[0]].unwrap_or_default();
        groups.push(TextGroup {
            question: question.id.clone(),
            kind,
            responses,
            identical: distinct[most_common].rows.len(),
            words,
            rows: rows.iter().map(|&index| source.row(index)).collect(),
            first: dates.iter().min().copied(),
            last: dates.iter().max().copied(),
            excerpt: excerpt(example),
        });
    }
    groups
}

/// The start of a text for a table: one line, digits masked as `#` and email addresses as
/// `[email]` (the text is respondents', and may carry phone numbers or references).
fn excerpt(text: &str) -> String {
    let masked: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            if crate::privacy::detect::is_email(word.trim_matches(|ch: char| !ch.is_alphanumeric()))
            {
                "[email]".to_string()
            } else {
                word.chars()
                    .map(|ch| if ch.is_ascii_digit() { '#' } else { ch })
                    .collect()
            }
        })
        .collect();
    let line = masked.join(" ");
    if line.chars().count() > EXCERPT {
        let cut: String = line.chars().take(EXCERPT - 1).collect();
        format!("{}\u{2026}", cut.trim_end())
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "I object to the closure of Riverside walk-in centre. It is a lifeline for our community, it is easy to reach by bus and on foot, and moving it to the hospital will increase pressure on A&E. Keep Riverside walk-in centre open!";

    #[test]
    fn words_are_normalised() {
        assert_eq!(
            words("Keep it OPEN!! \u{FF21}&E"),
            vec!["keep", "it", "open", "a", "e"]
        );
    }

    #[test]
    fn ascii_words_are_the_normalised_words() {
        for text in [
            LETTER,
            "  Parking: \"terrible\" -- 2 hours, A&E full!!  ",
            "x",
            "",
            "CAPS and_underscores\tand\nlines",
        ] {
            assert_eq!(words(text), unicode_words(text), "{text:?}");
        }
    }

    #[test]
    fn campaign_variants_stay_above_the_threshold() {
        // The bundled sample's letter, and the edits its senders make.
        let original = shingles(&words(LETTER));
        let spaced = shingles(&words(&LETTER.replace("lifeline", "life line")));
        let thanked = shingles(&words(&format!("{LETTER} Thank you.")));
        let both = shingles(&words(&format!(
            "{} Thank you.",
            LETTER.replace("lifeline", "life line")
        )));
        for variant in [&spaced, &thanked, &both] {
            assert!(
                jaccard(&original, variant) >= 0.7,
                "{}",
                jaccard(&original, variant)
            );
        }
        let other = shingles(&words(
            "The urgent treatment centre will have doctors on site so it is safer for everyone.",
        ));
        assert!(jaccard(&original, &other) < 0.1);
    }

    #[test]
    fn jaccard_counts_shared_items() {
        assert!((jaccard(&[1, 2, 3], &[2, 3, 4]) - 0.5).abs() < 1e-15);
        assert!((jaccard(&[], &[]) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn excerpts_mask_numbers_and_emails() {
        assert_eq!(
            excerpt("Call 07700 900123 or mail jo.bloggs@example.com please"),
            "Call ##### ###### or mail [email] please"
        );
    }

    #[test]
    fn hashes_are_fixed() {
        // Regression guard: groups must not change between runs or builds.
        assert_eq!(fnv(*b"a", 0), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(mix(0), 0xe220_a839_7b1d_cdaf);
        assert_eq!(SEEDS[0], mix(1));
        assert_eq!(SEEDS[SIGNATURE - 1], mix(SIGNATURE as u64));
    }
}
