//! Finding codebook terms in text: words on Unicode word boundaries with case and accents
//! folded, optional Snowball stemming, one Aho-Corasick pass for every literal term, regex
//! terms, negation and exclusion.
//!
//! A text is turned into a *folded buffer*: its words, folded (and stemmed), each between a
//! start and an end marker byte, with a barrier between sentences. A term becomes the same byte
//! pattern, so a match in the buffer always starts on a word and (for whole-word terms) ends on
//! one: "park" never matches inside "parking", "A&E" and "A & E" are the same two words, and a
//! phrase never runs across a full stop. All literal and prefix terms and the negators share one
//! leftmost-longest automaton, which is what keeps thousands of terms to a single pass over the
//! text. Two exceptions: with stemming, prefix terms (`hospita*`) match a second, unstemmed
//! buffer, since a prefix is not always a prefix of the stem; and `/regex/` terms run on the
//! original text, one pass each.

use std::borrow::Cow;
use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::{Regex, RegexSet};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Precedes every word in the folded buffer (and so starts every pattern).
const WORD_START: u8 = 0x01;
/// Follows every word in the folded buffer (and ends every whole-word pattern). Separate start
/// and end markers mean adjacent words share no byte, so matches of adjacent terms do not
/// overlap and one non-overlapping pass finds them all.
const WORD_END: u8 = 0x02;
/// Stands between sentences in the folded buffer: no pattern contains it, so no phrase can
/// match across it.
const BARRIER: u8 = 0x03;

/// Above this many patterns the automaton is left to choose its own representation: a full DFA
/// is the fastest to search but its memory grows with states times byte classes.
const DFA_PATTERN_LIMIT: usize = 5_000;

/// With more regex terms than this, one `RegexSet` pass first tells which can match at all.
/// With few, each regex's own literal prefilter is faster: a set with a Unicode `\b` runs in
/// the slowest regex engine.
const REGEX_SET_THRESHOLD: usize = 8;

/// Words that end the scope of a negation: "no problem with parking but the wait was long" does
/// not negate the wait.
const CONTRAST_WORDS: [&str; 8] = [
    "but", "however", "although", "though", "except", "whereas", "yet", "apart",
];

/// One word of a text: its byte range in the original and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the word's first byte in the original text.
    pub start: usize,
    /// Byte offset just past the word's last byte.
    pub end: usize,
    /// The word lowercased with accents removed (`Café` becomes `cafe`).
    pub folded: Cow<'a, str>,
    /// The 0-based sentence the word is in (sentences end at `.`, `!`, `?`, `;` or a line break).
    pub sentence: usize,
}

/// The words of a text on Unicode (UAX #29) word boundaries, folded. Punctuation, spaces and
/// emoji are not words: "A&E" gives `a`, `e`; "walk-in" gives `walk`, `in`; "don't" is one word.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut sentence = 0;
    let mut last_end = 0;
    word_indices(text).map(move |(start, word)| {
        if last_end > 0 && is_barrier(&text[last_end..start]) {
            sentence += 1;
        }
        last_end = start + word.len();
        Word {
            start,
            end: last_end,
            folded: fold(word),
            sentence,
        }
    })
}

/// How many words [`words`] gives for a text, without folding them.
pub(crate) fn word_count(text: &str) -> usize {
    word_indices(text).count()
}

/// The words of a text with their byte offsets, exactly as `unicode_word_indices` gives them
/// but faster. The text is cut where ASCII whitespace ends and a non-space starts, which is
/// always a word boundary in UAX #29 unless the non-space extends the whitespace (a combining
/// mark), in which case the piece starts with the whitespace; a piece of ASCII letters and
/// digits alone is one word, and only the other pieces go through the full segmentation. This matters because the segmenter's own ASCII fast
/// path applies to a whole text or not at all, and one curly apostrophe or emoji in a comment
/// would otherwise make every word of it take the slow path.
fn word_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut position = 0;
    let mut inner: Option<(usize, unicode_segmentation::UnicodeWordIndices<'_>)> = None;
    std::iter::from_fn(move || {
        loop {
            if let Some((offset, pieces)) = &mut inner {
                if let Some((start, word)) = pieces.next() {
                    return Some((*offset + start, word));
                }
                inner = None;
            }
            let gap = position;
            while position < bytes.len() && bytes[position].is_ascii_whitespace() {
                position += 1;
            }
            if position >= bytes.len() {
                return None;
            }
            let mut start = position;
            while position < bytes.len() && !bytes[position].is_ascii_whitespace() {
                position += 1;
            }
            if bytes[start] >= 0x80 {
                // A combining mark (or other extending character) right after whitespace
                // belongs to the whitespace's segment (UAX #29 rule WB4): segment from the
                // start of the whitespace, where a boundary is certain, to keep exact parity.
                start = gap;
            }
            // ASCII whitespace bytes never sit inside a multi-byte character, so both ends
            // are character boundaries.
            let piece = &text[start..position];
            if piece.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
                return Some((start, piece));
            }
            inner = Some((start, piece.unicode_word_indices()));
        }
    })
}

/// A word lowercased with accents and other combining marks removed, compatibility forms
/// decomposed (`ﬁ` becomes `fi`) and curly apostrophes made straight, so that `Café`, `CAFE`
/// and `cafe` are one word and `don’t` is `don't`.
#[must_use]
pub fn fold(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase())
    {
        return Cow::Borrowed(word);
    }
    let mut out = Vec::with_capacity(word.len());
    fold_into(word, &mut out);
    // `fold_into` writes whole UTF-8 characters only.
    Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

/// Appends the folded form of `word` to `out` (see [`fold`]).
fn fold_into(word: &str, out: &mut Vec<u8>) {
    if word.is_ascii() {
        let start = out.len();
        out.extend_from_slice(word.as_bytes());
        out[start..].make_ascii_lowercase();
        return;
    }
    let mut buffer = [0u8; 4];
    for ch in word.nfkd() {
        if unicode_normalization::char::is_combining_mark(ch) {
            continue;
        }
        let ch = match ch {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            other => other,
        };
        for lower in ch.to_lowercase() {
            out.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
        }
    }
}

/// True when the text between two words ends a sentence.
fn is_barrier(gap: &str) -> bool {
    gap.bytes()
        .any(|byte| matches!(byte, b'.' | b'!' | b'?' | b';' | b'\n' | b'\r'))
        || (!gap.is_ascii()
            && gap.chars().any(|ch| {
                matches!(
                    ch,
                    '\u{2026}' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}' | '\u{2029}' | '\u{2028}'
                )
            }))
}

/// The Snowball stemmer, wrapped so that the codebook can be `Debug`.
pub(crate) struct Stemmer(rust_stemmers::Stemmer);

impl Stemmer {
    pub(crate) fn english() -> Stemmer {
        Stemmer(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::English,
        ))
    }

    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        self.0.stem(word)
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(english)")
    }
}

/// A term as written in a codebook, parsed.
#[derive(Clone, Debug)]
pub(crate) enum ParsedTerm {
    /// A word or phrase; with `prefix`, the last word is a prefix (`appoint*`).
    Words {
        /// The folded words.
        words: Vec<String>,
        /// True when the term ended in `*`.
        prefix: bool,
    },
    /// A `/regex/`, matched case-insensitively on the original text.
    Regex(Regex),
}

/// Parses one term: a word or phrase, a word or phrase ending in `*`, or `/regex/`. The error
/// says what is wrong with it, for the codebook to place.
pub(crate) fn parse_term(text: &str) -> Result<ParsedTerm, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the term is empty".to_string());
    }
    if let Some(inner) = text.strip_prefix('/') {
        let Some(pattern) = inner.strip_suffix('/') else {
            return Err("a regex term must end with \"/\", as in \"/walk[- ]?in/\"".to_string());
        };
        if pattern.is_empty() {
            return Err("the regex is empty".to_string());
        }
        let regex = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build()
            .map_err(|error| format!("invalid regex: {}", regex_message(&error)))?;
        if regex.is_match("") {
            return Err(
                "the regex matches empty text, so it would match every comment".to_string(),
            );
        }
        return Ok(ParsedTerm::Regex(regex));
    }
    let (body, prefix) = match text.strip_suffix('*') {
        Some(body) => (body, true),
        None => (text, false),
    };
    if body.contains('*') {
        return wildcard_phrase(text);
    }
    let words: Vec<Word<'_>> = words(body).collect();
    if words.is_empty() {
        return Err("the term has no words (letters or digits)".to_string());
    }
    if prefix && words.last().is_some_and(|word| word.end != body.len()) {
        return Err("\"*\" must follow a letter or digit, as in \"appoint*\"".to_string());
    }
    Ok(ParsedTerm::Words {
        words: words
            .into_iter()
            .map(|word| word.folded.into_owned())
            .collect(),
        prefix,
    })
}

/// A phrase with a wildcard inside (`pick* up`: "picked up", "picking up"), which the word
/// automaton cannot hold: it becomes a regular expression on the original text, each word
/// whole (or, before a `*`, the beginning of a word), the words apart by anything but letters,
/// digits and sentence ends, case ignored. Accents are not folded on this path.
fn wildcard_phrase(text: &str) -> Result<ParsedTerm, String> {
    let mut pattern = String::from(r"\b");
    for (index, piece) in text.split_whitespace().enumerate() {
        let (body, star) = match piece.strip_suffix('*') {
            Some(body) => (body, true),
            None => (piece, false),
        };
        if body.contains('*') {
            return Err(
                "\"*\" may only end a word, as in \"appoint*\" or \"pick* up\"".to_string(),
            );
        }
        let parts: Vec<Word<'_>> = words(body).collect();
        if parts.is_empty() {
            return Err("\"*\" must follow a letter or digit, as in \"pick* up\"".to_string());
        }
        if star && parts.last().is_some_and(|word| word.end != body.len()) {
            return Err("\"*\" must follow a letter or digit, as in \"pick* up\"".to_string());
        }
        for (position, word) in parts.iter().enumerate() {
            if index > 0 || position > 0 {
                pattern.push_str(r"[^\p{L}\p{N}.!?;]+");
            }
            pattern.push_str(&regex::escape(&word.folded));
        }
        pattern.push_str(if star { r"\w*" } else { r"\b" });
    }
    let regex = regex::RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .map_err(|error| format!("invalid term: {}", regex_message(&error)))?;
    Ok(ParsedTerm::Regex(regex))
}

/// The last line of a regex error, without the `error: ` label: the multi-line form with a
/// caret diagram does not fit on one line of an error message.
fn regex_message(error: &regex::Error) -> String {
    let text = error.to_string();
    let line = text
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    line.trim().trim_start_matches("error: ").to_string()
}

/// Which theme and term a pattern stands for, and whether it includes or excludes; or that it
/// is a negator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Use {
    theme: u32,
    term: u32,
    exclude: bool,
}

/// The theme number negators are filed under: they share the automaton with the terms, so
/// that negation costs no second pass over the text.
const NEGATOR: u32 = u32::MAX;

impl Use {
    fn is_include(self) -> bool {
        !self.exclude && self.theme != NEGATOR
    }

    fn is_negator(self) -> bool {
        self.theme == NEGATOR
    }
}

/// One theme's parsed terms, the input of [`Matcher::new`].
#[derive(Clone, Debug, Default)]
pub(crate) struct ThemeTerms {
    pub(crate) include: Vec<ParsedTerm>,
    pub(crate) exclude: Vec<ParsedTerm>,
}

/// The settings that change how terms match.
#[derive(Clone, Debug)]
pub(crate) struct MatchSettings {
    pub(crate) stem: bool,
    pub(crate) negators: Vec<Vec<String>>,
    pub(crate) negation_window: usize,
    pub(crate) exclude_window: usize,
}

/// Every term of a codebook compiled for matching. Shared read-only across threads; per-call
/// state lives in a [`Scratch`].
#[derive(Debug)]
pub(crate) struct Matcher {
    stemmer: Option<Stemmer>,
    /// Literal terms (and, without stemming, prefix terms) over the folded buffer.
    words: Option<AhoCorasick>,
    word_uses: Vec<Vec<Use>>,
    /// With stemming, prefix terms over a second, unstemmed buffer: a prefix such as
    /// `hospita*` is not a prefix of the stem `hospit`.
    prefixes: Option<AhoCorasick>,
    prefix_uses: Vec<Vec<Use>>,
    regexes: Vec<Regex>,
    regex_uses: Vec<Vec<Use>>,
    regex_set: Option<RegexSet>,
    contrast: Vec<Vec<u8>>,
    negation_window: usize,
    exclude_window: usize,
}

/// Reusable buffers for matching, one per thread. Reusing one across comments avoids
/// allocating for each, and keeps a cache of stems.
#[derive(Debug, Default)]
pub struct Scratch {
    folded: Vec<u8>,
    raw: Vec<u8>,
    tokens: Vec<Token>,
    folded_offsets: Vec<usize>,
    raw_offsets: Vec<usize>,
    word: Vec<u8>,
    stems: HashMap<Vec<u8>, Vec<u8>, WordHashState>,
    hits: Vec<Hit>,
    negations: Vec<Hit>,
    excludes: Vec<ExcludeHit>,
}

/// Builds [`WordHasher`]s with a per-cache random seed.
#[derive(Clone, Debug)]
struct WordHashState(u64);

impl Default for WordHashState {
    fn default() -> WordHashState {
        // A seed from the standard library's randomly keyed hasher, so that nobody can craft
        // words that all collide in the stem cache.
        use std::hash::{BuildHasher, Hasher};
        WordHashState(
            std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish(),
        )
    }
}

impl std::hash::BuildHasher for WordHashState {
    type Hasher = WordHasher;

    fn build_hasher(&self) -> WordHasher {
        WordHasher(self.0)
    }
}

/// A multiply-rotate hasher for short words (the `FxHash` scheme, seeded). The stem cache is
/// looked up once per word of every comment, and the standard `SipHash` cost more than the
/// stemming it saves.
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Caps the stem cache so that one enormous comment of unique words cannot grow it unbounded.
const STEM_CACHE_LIMIT: usize = 100_000;

#[derive(Clone, Copy, Debug)]
struct Token {
    /// Offset of the word's start marker in the folded buffer.
    offset: usize,
    start: usize,
    end: usize,
    sentence: u32,
}

/// A pattern found: which pattern (or regex), and the first and last token it covers.
#[derive(Clone, Copy, Debug)]
struct Hit {
    source: Source,
    pattern: usize,
    first: usize,
    last: usize,
    start: usize,
    end: usize,
}

/// An exclude term found, for the theme it excludes from.
#[derive(Clone, Copy, Debug)]
struct ExcludeHit {
    theme: u32,
    term: u32,
    hit: Hit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Words,
    Prefixes,
    Regex,
}

/// An include term found in a text, and whether it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TermMatch {
    /// The theme's index in the codebook.
    pub theme: usize,
    /// The term's index in the theme's `include` list.
    pub term: usize,
    /// Byte offset of the match in the original text.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
    /// Whether the match codes the comment, and if not, why.
    pub status: MatchStatus,
}

/// Whether a match codes its comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MatchStatus {
    /// The match codes the comment with its theme.
    Counted,
    /// A negator ("no problem") shortly before the match cancels it.
    Negated {
        /// Byte offset of the negator in the original text.
        start: usize,
        /// Byte offset just past the negator.
        end: usize,
    },
    /// One of the theme's exclude terms is nearby.
    Excluded {
        /// The exclude term's index in the theme's `exclude` list.
        term: usize,
        /// Byte offset of the exclude match in the original text.
        start: usize,
        /// Byte offset just past the exclude match.
        end: usize,
    },
}

impl Matcher {
    /// Compiles the themes' terms. Fails only when the automaton cannot be built (an absurdly
    /// large codebook).
    pub(crate) fn new(themes: &[ThemeTerms], settings: &MatchSettings) -> Result<Matcher, String> {
        let stemmer = settings.stem.then(Stemmer::english);
        let mut words = PatternSet::default();
        let mut prefixes = PatternSet::default();
        let mut regexes: Vec<Regex> = Vec::new();
        let mut regex_uses: Vec<Vec<Use>> = Vec::new();
        for (theme, terms) in themes.iter().enumerate() {
            let listed = terms
                .include
                .iter()
                .enumerate()
                .map(|(index, term)| (index, term, false))
                .chain(
                    terms
                        .exclude
                        .iter()
                        .enumerate()
                        .map(|(index, term)| (index, term, true)),
                );
            for (index, term, exclude) in listed {
                let usage = Use {
                    theme: theme as u32,
                    term: index as u32,
                    exclude,
                };
                match term {
                    ParsedTerm::Words {
                        words: parts,
                        prefix,
                    } => {
                        if *prefix && stemmer.is_some() {
                            prefixes.add(pattern(parts, None, true), usage);
                        } else {
                            words.add(pattern(parts, stemmer.as_ref(), *prefix), usage);
                        }
                    }
                    ParsedTerm::Regex(regex) => {
                        regexes.push(regex.clone());
                        regex_uses.push(vec![usage]);
                    }
                }
            }
        }
        let regex_set = if regexes.len() <= REGEX_SET_THRESHOLD {
            None
        } else {
            Some(
                RegexSet::new(
                    regexes
                        .iter()
                        .map(|regex| format!("(?i:{})", regex.as_str())),
                )
                .map_err(|error| format!("invalid regex: {}", regex_message(&error)))?,
            )
        };
        if settings.negation_window > 0 {
            for negator in &settings.negators {
                words.add(
                    pattern(negator, stemmer.as_ref(), false),
                    Use {
                        theme: NEGATOR,
                        term: 0,
                        exclude: false,
                    },
                );
            }
        }
        let contrast = CONTRAST_WORDS
            .iter()
            .map(|word| {
                let stemmed = stemmer
                    .as_ref()
                    .map_or(Cow::Borrowed(*word), |stemmer| stemmer.stem(word));
                stemmed.as_bytes().to_vec()
            })
            .collect();
        Ok(Matcher {
            words: words.automaton()?,
            word_uses: words.uses,
            prefixes: prefixes.automaton()?,
            prefix_uses: prefixes.uses,
            regexes,
            regex_uses,
            regex_set,
            contrast,
            negation_window: settings.negation_window,
            exclude_window: settings.exclude_window,
            stemmer,
        })
    }

    /// Every include term found in `text`, in text order, with whether it counts. Matches
    /// inside a longer match ("park" inside "car park") are dropped; exclude terms appear only
    /// as the reason an include match does not count.
    pub(crate) fn find(&self, text: &str, scratch: &mut Scratch) -> Vec<TermMatch> {
        self.prepare(text, scratch);
        let Scratch {
            folded,
            raw,
            tokens,
            folded_offsets,
            raw_offsets,
            hits,
            negations,
            excludes,
            ..
        } = scratch;
        hits.clear();
        if let Some(automaton) = &self.words {
            scan(
                automaton,
                folded,
                folded_offsets,
                tokens,
                Source::Words,
                hits,
            );
        }
        if let Some(automaton) = &self.prefixes {
            scan(automaton, raw, raw_offsets, tokens, Source::Prefixes, hits);
        }
        negations.clear();
        negations.extend(
            hits.iter()
                .filter(|hit| self.uses(hit).iter().any(|usage| usage.is_negator())),
        );
        negations.sort_by_key(|negator| (negator.first, negator.last));
        // Negators are kept apart; one that is not also a term must not take part in the
        // longest-match rule below, where it would hide a term it contains instead of negating it.
        hits.retain(|hit| !self.uses(hit).iter().all(|usage| usage.is_negator()));
        drop_contained(hits);
        if !self.regexes.is_empty() {
            let possible = self.regex_set.as_ref().map(|set| set.matches(text));
            for (index, regex) in self.regexes.iter().enumerate() {
                if possible
                    .as_ref()
                    .is_some_and(|possible| !possible.matched(index))
                {
                    continue;
                }
                for found in regex.find_iter(text) {
                    if found.is_empty() {
                        continue;
                    }
                    let (first, last) = token_range(tokens, found.start(), found.end());
                    hits.push(Hit {
                        source: Source::Regex,
                        pattern: index,
                        first,
                        last,
                        start: found.start(),
                        end: found.end(),
                    });
                }
            }
            hits.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end)));
        }
        let mut includes = 0;
        for hit in hits.iter() {
            includes += self
                .uses(hit)
                .iter()
                .filter(|usage| usage.is_include())
                .count();
        }
        if includes == 0 {
            return Vec::new();
        }
        // Exclude matches by first word, so that each include match looks only at its
        // neighbourhood: a megabyte of text with a match in every sentence stays linear.
        excludes.clear();
        for hit in hits.iter() {
            for usage in self.uses(hit).iter().filter(|usage| usage.exclude) {
                excludes.push(ExcludeHit {
                    theme: usage.theme,
                    term: usage.term,
                    hit: *hit,
                });
            }
        }
        excludes.sort_by_key(|exclude| (exclude.hit.first, exclude.hit.start));
        let widest = excludes
            .iter()
            .map(|exclude| exclude.hit.last.saturating_sub(exclude.hit.first))
            .max()
            .unwrap_or(0);
        let longest_negator = negations
            .iter()
            .map(|negator| negator.last.saturating_sub(negator.first))
            .max()
            .unwrap_or(0);
        let mut found = Vec::with_capacity(includes);
        for hit in hits.iter() {
            for usage in self.uses(hit).iter().filter(|usage| usage.is_include()) {
                let status = self
                    .negation(hit, tokens, folded, negations, longest_negator)
                    .or_else(|| self.exclusion(hit, *usage, excludes, widest, tokens))
                    .unwrap_or(MatchStatus::Counted);
                found.push(TermMatch {
                    theme: usage.theme as usize,
                    term: usage.term as usize,
                    start: hit.start,
                    end: hit.end,
                    status,
                });
            }
        }
        found
    }

    #[cfg(test)]
    pub(crate) fn has_regex_set(&self) -> bool {
        self.regex_set.is_some()
    }

    fn uses(&self, hit: &Hit) -> &[Use] {
        match hit.source {
            Source::Words => &self.word_uses[hit.pattern],
            Source::Prefixes => &self.prefix_uses[hit.pattern],
            Source::Regex => &self.regex_uses[hit.pattern],
        }
    }

    /// The negator that cancels this match, if any: the nearest that ends at most
    /// `negation_window` words before the match starts, in the same sentence, with no "but"
    /// between. `negations` are in text order; `longest` is the most words any spans, less one.
    fn negation(
        &self,
        hit: &Hit,
        tokens: &[Token],
        folded: &[u8],
        negations: &[Hit],
        longest: usize,
    ) -> Option<MatchStatus> {
        if hit.first >= tokens.len() {
            return None;
        }
        let before = negations.partition_point(|negator| negator.first < hit.first);
        negations[..before]
            .iter()
            .rev()
            .take_while(|negator| negator.first + longest + self.negation_window >= hit.first)
            .find(|negator| {
                hit.first <= negator.last + self.negation_window
                    && tokens[negator.last].sentence == tokens[hit.first].sentence
                    && !(negator.last + 1..hit.first)
                        .any(|index| self.is_contrast(folded, tokens, index))
            })
            .map(|negator| MatchStatus::Negated {
                start: negator.start,
                end: negator.end,
            })
    }

    fn is_contrast(&self, folded: &[u8], tokens: &[Token], index: usize) -> bool {
        let word = &folded[tokens[index].offset + 1..];
        let word = word
            .iter()
            .position(|&byte| byte == WORD_END)
            .map_or(word, |end| &word[..end]);
        self.contrast.iter().any(|contrast| contrast == word)
    }

    /// The nearest exclude term of the same theme within `exclude_window` words in the same
    /// sentence, if any. `excludes` are sorted by first word; `widest` is the most words any
    /// spans, less one.
    fn exclusion(
        &self,
        hit: &Hit,
        usage: Use,
        excludes: &[ExcludeHit],
        widest: usize,
        tokens: &[Token],
    ) -> Option<MatchStatus> {
        let sentence = |index: usize| tokens.get(index).map(|token| token.sentence);
        let low = hit.first.saturating_sub(self.exclude_window + widest);
        let high = hit.last + self.exclude_window;
        let from = excludes.partition_point(|exclude| exclude.hit.first < low);
        excludes[from..]
            .iter()
            .take_while(|exclude| exclude.hit.first <= high)
            .filter(|exclude| exclude.theme == usage.theme)
            .filter_map(|exclude| {
                let other = &exclude.hit;
                // Words between the two matches; 0 when they touch or overlap.
                let distance = hit
                    .first
                    .saturating_sub(other.last)
                    .max(other.first.saturating_sub(hit.last));
                let same_sentence =
                    sentence(other.first.min(other.last)) == sentence(hit.first.min(hit.last));
                (same_sentence && distance <= self.exclude_window).then_some((distance, exclude))
            })
            .min_by_key(|(distance, exclude)| (*distance, exclude.hit.start))
            .map(|(_, exclude)| MatchStatus::Excluded {
                term: exclude.term as usize,
                start: exclude.hit.start,
                end: exclude.hit.end,
            })
    }

    /// Fills the folded buffer (and, when needed, the unstemmed one) and the token table.
    fn prepare(&self, text: &str, scratch: &mut Scratch) {
        let Scratch {
            folded,
            raw,
            tokens,
            folded_offsets,
            raw_offsets,
            word,
            stems,
            ..
        } = scratch;
        folded.clear();
        raw.clear();
        tokens.clear();
        folded_offsets.clear();
        raw_offsets.clear();
        let want_raw = self.prefixes.is_some();
        let mut sentence = 0u32;
        let mut last_end = 0;
        for (start, text_word) in word_indices(text) {
            if last_end > 0 && is_barrier(&text[last_end..start]) {
                sentence += 1;
                folded.push(BARRIER);
                if want_raw {
                    raw.push(BARRIER);
                }
            }
            last_end = start + text_word.len();
            tokens.push(Token {
                offset: folded.len(),
                start,
                end: last_end,
                sentence,
            });
            folded_offsets.push(folded.len());
            folded.push(WORD_START);
            match &self.stemmer {
                None => fold_into(text_word, folded),
                Some(stemmer) => {
                    word.clear();
                    fold_into(text_word, word);
                    if want_raw {
                        raw_offsets.push(raw.len());
                        raw.push(WORD_START);
                        raw.extend_from_slice(word);
                        raw.push(WORD_END);
                    }
                    if let Some(stem) = stems.get(word.as_slice()) {
                        folded.extend_from_slice(stem);
                    } else {
                        let stem = std::str::from_utf8(word).map_or_else(
                            |_| word.clone(),
                            |text| stemmer.stem(text).as_bytes().to_vec(),
                        );
                        folded.extend_from_slice(&stem);
                        if stems.len() >= STEM_CACHE_LIMIT {
                            stems.clear();
                        }
                        stems.insert(word.clone(), stem);
                    }
                }
            }
            folded.push(WORD_END);
        }
    }
}

/// Patterns with the uses of each, deduplicated: one pattern may stand for the same words in
/// several themes.
#[derive(Default)]
struct PatternSet {
    patterns: Vec<Vec<u8>>,
    uses: Vec<Vec<Use>>,
    index: HashMap<Vec<u8>, usize>,
}

impl PatternSet {
    fn add(&mut self, pattern: Vec<u8>, usage: Use) {
        let id = *self.index.entry(pattern.clone()).or_insert_with(|| {
            self.patterns.push(pattern);
            self.uses.push(Vec::new());
            self.patterns.len() - 1
        });
        let uses = &mut self.uses[id];
        // A term listed twice in a theme would otherwise be evidence twice.
        if !uses
            .iter()
            .any(|known| known.theme == usage.theme && known.exclude == usage.exclude)
        {
            uses.push(usage);
        }
    }

    fn automaton(&self) -> Result<Option<AhoCorasick>, String> {
        if self.patterns.is_empty() {
            return Ok(None);
        }
        let kind = (self.patterns.len() <= DFA_PATTERN_LIMIT).then_some(AhoCorasickKind::DFA);
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            // Anchored searches find terms that start inside another match (see `scan`).
            .start_kind(StartKind::Both)
            // Every pattern starts with the separator that precedes every word, so a prefilter
            // would stop at each word only to hand over to the automaton: pure overhead.
            .prefilter(false)
            .build(&self.patterns)
            .map(Some)
            .map_err(|error| format!("the terms cannot be compiled: {error}"))
    }
}

/// The byte pattern of a word sequence: each word between start and end markers, except that
/// a prefix (the last word of a term ending in `*`) has no end marker.
fn pattern(words: &[String], stemmer: Option<&Stemmer>, prefix: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (position, word) in words.iter().enumerate() {
        out.push(WORD_START);
        match stemmer {
            Some(stemmer) => out.extend_from_slice(stemmer.stem(word).as_bytes()),
            None => out.extend_from_slice(word.as_bytes()),
        }
        if !prefix || position + 1 < words.len() {
            out.push(WORD_END);
        }
    }
    out
}

/// Finds the longest match starting at each word where one starts. One leftmost-longest,
/// non-overlapping pass finds most; a term starting inside a multi-word match and running past
/// its end ("long wait" then "waiting time") is found by an anchored search at each later word
/// of that match. Matches wholly inside another are dropped later by [`drop_contained`].
/// `offsets` are the words' start markers in `buffer`; hits take their text spans from `tokens`.
fn scan(
    automaton: &AhoCorasick,
    buffer: &[u8],
    offsets: &[usize],
    tokens: &[Token],
    source: Source,
    hits: &mut Vec<Hit>,
) {
    let last_word = |end: usize| {
        offsets
            .partition_point(|&offset| offset < end)
            .saturating_sub(1)
    };
    let mut push = |pattern: usize, first: usize, last: usize| {
        if let (Some(first_token), Some(last_token)) = (tokens.get(first), tokens.get(last)) {
            hits.push(Hit {
                source,
                pattern,
                first,
                last,
                start: first_token.start,
                end: last_token.end,
            });
        }
    };
    for found in automaton.find_iter(Input::new(buffer)) {
        let first = offsets.partition_point(|&offset| offset < found.start());
        let last = last_word(found.end());
        push(found.pattern().as_usize(), first, last);
        for (inner, &offset) in offsets.iter().enumerate().take(last + 1).skip(first + 1) {
            let input = Input::new(buffer)
                .span(offset..buffer.len())
                .anchored(Anchored::Yes);
            if let Some(overlap) = automaton.find(input) {
                let overlap_last = last_word(overlap.end());
                if overlap_last > last {
                    push(overlap.pattern().as_usize(), inner, overlap_last);
                }
            }
        }
    }
}

/// Sorts hits by first word (longest first) and drops those lying wholly inside a longer one:
/// "car park" hides "park", but "long wait" and "waiting time" overlap and both stay.
fn drop_contained(hits: &mut Vec<Hit>) {
    hits.sort_by_key(|hit| (hit.first, std::cmp::Reverse(hit.last)));
    let mut widest: Option<(usize, usize)> = None;
    hits.retain(|hit| match widest {
        Some((first, last)) if hit.last < last || (hit.last == last && hit.first != first) => false,
        Some((_, last)) if hit.last == last => true,
        _ => {
            widest = Some((hit.first, hit.last));
            true
        }
    });
}

/// The first and last word overlapping a byte range; for a range touching no word, the word
/// after it (or the last word) for both.
fn token_range(tokens: &[Token], start: usize, end: usize) -> (usize, usize) {
    let first = tokens.partition_point(|token| token.end <= start);
    let last = tokens
        .partition_point(|token| token.start < end)
        .saturating_sub(1);
    if first <= last && first < tokens.len() {
        (first, last)
    } else {
        let index = first.min(tokens.len().saturating_sub(1));
        (index, index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).map(|word| word.folded.into_owned()).collect()
    }

    #[test]
    fn words_fold_case_and_accents_and_split_on_punctuation() {
        assert_eq!(folded("A&E"), ["a", "e"]);
        assert_eq!(folded("Walk-in Centre"), ["walk", "in", "centre"]);
        assert_eq!(folded("CAFÉ Naïve ﬁne"), ["cafe", "naive", "fine"]);
        assert_eq!(folded("Don’t"), ["don't"]);
        assert_eq!(folded("🙂 great!! 👍"), ["great"]);
        assert_eq!(folded(""), Vec::<String>::new());
        let sentences: Vec<usize> = words("One two. Three\nfour")
            .map(|word| word.sentence)
            .collect();
        assert_eq!(sentences, [0, 0, 1, 2]);
    }

    #[test]
    fn the_fast_word_split_agrees_with_unicode_segmentation() {
        for text in [
            "",
            "  plain ascii words  ",
            "Walk-in A&E, don't 3.5 e.g. x_y 1,000 U.K. #hash @me",
            "don’t café 🙂 👍🏽 wait\u{301} \u{301}x naïve\tline\r\nnext",
            "انتظار طويل 日本語のテキスト Ελληνικά",
            "\u{1F1EC}\u{1F1E7} \u{1F1EC}\u{1F1E7}flag a\u{200D}b",
            "word\u{0C}form feed",
        ] {
            let fast: Vec<(usize, &str)> = word_indices(text).collect();
            let reference: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            assert_eq!(fast, reference, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Regression guard for the fast split: on any text it must give exactly the words of
        /// `unicode_word_indices`, or spans in the coding sheet would drift from the text.
        #[test]
        fn the_fast_word_split_agrees_on_any_text(
            text in "([a-zA-Z0-9 \t\r\n.,'’&_-]|[\u{300}-\u{36F}\u{200D}\u{1F1E6}-\u{1F1FF}\u{1F600}-\u{1F64F}]|\\PC){0,40}"
        ) {
            let fast: Vec<(usize, &str)> = word_indices(&text).collect();
            let reference: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            proptest::prop_assert_eq!(fast, reference);
        }
    }

    #[test]
    fn terms_parse_into_words_prefixes_and_regexes() {
        assert!(matches!(
            parse_term("Walk-in").unwrap(),
            ParsedTerm::Words { ref words, prefix: false } if words == &["walk", "in"]
        ));
        assert!(matches!(
            parse_term("appoint*").unwrap(),
            ParsedTerm::Words { ref words, prefix: true } if words == &["appoint"]
        ));
        assert!(matches!(
            parse_term("/walk[- ]?in/").unwrap(),
            ParsedTerm::Regex(_)
        ));
        for (term, message) in [
            ("", "the term is empty"),
            ("  ", "the term is empty"),
            ("&&", "the term has no words"),
            ("ap*point", "\"*\" may only end a word"),
            ("pick* *", "\"*\" must follow a letter"),
            ("*", "the term has no words"),
            ("walk *", "\"*\" must follow a letter"),
            ("/walk[/", "invalid regex: unclosed character class"),
            ("/abc", "a regex term must end with"),
            ("//", "the regex is empty"),
            ("/a*/", "the regex matches empty text"),
        ] {
            let error = parse_term(term).unwrap_err();
            assert!(error.starts_with(message), "{term:?}: {error}");
        }
    }

    /// Issue 17: a wildcard may end any word of a phrase, not only the last.
    #[test]
    fn a_wildcard_inside_a_phrase_matches_each_word_beginning() {
        let ParsedTerm::Regex(regex) = parse_term("pick* up").unwrap() else {
            panic!("a phrase with a wildcard inside is a pattern");
        };
        for text in [
            "They picked up the phone",
            "PICKING UP",
            "pick up",
            "picks  up",
        ] {
            assert!(regex.is_match(text), "{text}");
        }
        for text in [
            "pickup",
            "picked. Up",
            "nit-picking upstairs",
            "picked it up",
        ] {
            assert!(!regex.is_match(text), "{text}");
        }
        let ParsedTerm::Regex(regex) = parse_term("call* back*").unwrap() else {
            panic!("a pattern");
        };
        assert!(regex.is_match("nobody called backed"));
        assert!(regex.is_match("calling back"));
    }

    use crate::themes::codebook::{Codebook, CodebookOptions, Stemming, Theme};

    fn book(themes: Vec<Theme>, options: CodebookOptions) -> Codebook {
        themes
            .into_iter()
            .fold(Codebook::builder().options(options), |builder, theme| {
                builder.theme(theme)
            })
            .build()
            .unwrap()
    }

    /// (theme id, matched text) of the counted evidence.
    fn coded(codebook: &Codebook, text: &str) -> Vec<(String, String)> {
        codebook
            .code(text)
            .evidence
            .into_iter()
            .map(|evidence| {
                (
                    evidence.theme_id(codebook).to_string(),
                    evidence.matched(text).to_string(),
                )
            })
            .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect()
    }

    #[test]
    fn terms_match_whole_words_with_case_accents_and_punctuation_folded() {
        let codebook = book(
            vec![
                Theme::new("park", "Parks").with_include(["park"]),
                Theme::new("ae", "A&E").with_include(["A&E", "walk-in", "cafe"]),
            ],
            CodebookOptions::default(),
        );
        assert_eq!(coded(&codebook, "Parking was fine"), pairs(&[]));
        assert_eq!(coded(&codebook, "the PARK."), pairs(&[("park", "PARK")]));
        assert_eq!(
            coded(&codebook, "went to a & e, then the Walk In centre"),
            pairs(&[("ae", "a & e"), ("ae", "Walk In")])
        );
        assert_eq!(coded(&codebook, "A&E"), pairs(&[("ae", "A&E")]));
        assert_eq!(coded(&codebook, "the CAFÉ"), pairs(&[("ae", "CAFÉ")]));
        // A phrase does not run across the end of a sentence.
        assert_eq!(coded(&codebook, "I had to walk. In the end"), pairs(&[]));
    }

    #[test]
    fn evidence_spans_are_byte_ranges_of_the_original_text() {
        let codebook = book(
            vec![Theme::new("t", "T").with_include(["naïve café", "appoint*"])],
            CodebookOptions::default(),
        );
        let text = "🙂 Très NAÏVE  Café; appointments!";
        let coding = codebook.code(text);
        for evidence in &coding.evidence {
            assert_eq!(&text[evidence.start..evidence.end], evidence.matched(text));
        }
        let matched: Vec<&str> = coding.evidence.iter().map(|e| e.matched(text)).collect();
        assert_eq!(matched, ["NAÏVE  Café", "appointments"]);
    }

    #[test]
    fn prefixes_regexes_and_the_longest_match() {
        let codebook = book(
            vec![
                Theme::new("access", "Access").with_include([
                    "appoint*",
                    "waiting time",
                    "/walk[- ]?in cent(re|er)/",
                ]),
                Theme::new("wait", "Long waits").with_include(["long wait*"]),
                Theme::new("parks", "Parks").with_include(["park"]),
                Theme::new("parking", "Parking").with_include(["car park"]),
            ],
            CodebookOptions::default(),
        );
        assert_eq!(
            coded(
                &codebook,
                "Appointment, appointments, APPOINTED; not disappointed"
            ),
            pairs(&[
                ("access", "Appointment"),
                ("access", "appointments"),
                ("access", "APPOINTED")
            ])
        );
        assert_eq!(
            coded(&codebook, "The Walk-In Centre"),
            pairs(&[("access", "Walk-In Centre")])
        );
        // "car park" hides the "park" inside it; overlapping terms of two themes both count.
        assert_eq!(
            coded(&codebook, "the car park"),
            pairs(&[("parking", "car park")])
        );
        assert_eq!(
            coded(&codebook, "a long waiting time"),
            pairs(&[("wait", "long waiting"), ("access", "waiting time")])
        );
    }

    #[test]
    fn many_regexes_are_filtered_by_a_set_first() {
        let terms: Vec<String> = (0..12)
            .map(|number| format!("/ward {number}\\b/"))
            .collect();
        let codebook = book(
            vec![Theme::new("wards", "Wards").with_include(terms)],
            CodebookOptions::default(),
        );
        assert!(codebook.matcher.has_regex_set());
        assert_eq!(
            coded(&codebook, "Ward 3 then WARD 11, not ward 123"),
            pairs(&[("wards", "Ward 3"), ("wards", "WARD 11")])
        );
    }

    #[test]
    fn stemming_matches_word_endings_and_keeps_prefixes_on_the_words_as_written() {
        let codebook = book(
            vec![
                Theme::new("access", "Access").with_include(["appointment", "hospita*"]),
                Theme::new("staff", "Staff").with_include(["caring nurse"]),
            ],
            CodebookOptions::default().with_stem(Some(Stemming::English)),
        );
        assert_eq!(
            coded(
                &codebook,
                "No appointments at the hospitals; very caring nurses"
            ),
            pairs(&[
                ("access", "appointments"),
                ("access", "hospitals"),
                ("staff", "caring nurses")
            ])
        );
    }

    #[test]
    fn negators_cancel_matches_within_the_window_and_the_clause() {
        let codebook = book(
            vec![Theme::new("parking", "Parking").with_include(["parking", "car park"])],
            CodebookOptions::default(),
        );
        for (text, counted) in [
            ("No problem with parking", false),
            ("no problems at all with the parking", false),
            ("Parking was a nightmare", true),
            ("Not enough parking", true),
            ("No parking spaces", true),
            ("not happy with the parking", true),
            (
                "No problem getting an appointment but parking was awful",
                true,
            ),
            ("No problem getting in. Parking was awful", true),
            (
                "No problems with the reception staff or the lovely nurses or the car park",
                true,
            ),
        ] {
            assert_eq!(codebook.code(text).is_coded(), counted, "{text}");
        }
        let coding = codebook.code("Didn’t have any problems parking");
        assert_eq!(coding.suppressed.len(), 1);
        assert_eq!(
            coding.suppressed[0].reason,
            "negated by \"Didn’t have any problems\""
        );
        let off = book(
            vec![Theme::new("parking", "Parking").with_include(["parking"])],
            CodebookOptions::default().with_negation_window(0),
        );
        assert!(off.code("No problem with parking").is_coded());
    }

    #[test]
    fn an_exclude_nearby_cancels_a_match_but_one_far_away_does_not() {
        let codebook = book(
            vec![
                Theme::new("access", "Access")
                    .with_include(["walk in", "appointment"])
                    .with_exclude(["parking"]),
            ],
            CodebookOptions::default().with_exclude_window(3),
        );
        assert!(!codebook.code("The walk in parking").is_coded());
        assert!(!codebook.code("parking at the walk in").is_coded());
        assert!(
            codebook
                .code("The walk in was great. Parking was not")
                .is_coded()
        );
        assert!(
            codebook
                .code("the walk in centre is a good idea and later on the parking")
                .is_coded()
        );
        // Another match of the theme without an exclude nearby still codes the comment.
        let coding = codebook.code("walk in parking is bad. I could not get an appointment");
        assert_eq!(coding.theme_ids(&codebook), ["access"]);
        assert_eq!(coding.suppressed.len(), 1);
    }

    #[test]
    fn awkward_text_never_panics() {
        let codebook = book(
            vec![
                Theme::new("t", "T").with_include(["wait*", "/\\d+ hours?/", "ok"]),
                Theme::new("u", "U").with_include(["انتظار"]),
            ],
            CodebookOptions::default().with_stem(Some(Stemming::English)),
        );
        for text in [
            "",
            " ",
            "🙂👍🏽",
            "\u{202E}wait",
            "انتظار طويل",
            "\0\0",
            "wait\r\n\r\n4 hours",
        ] {
            let _ = codebook.code(text);
        }
        assert_eq!(codebook.code("انتظار طويل").theme_ids(&codebook), ["u"]);
        let big = "I had to wait 4 hours. ".repeat(50_000);
        assert!(big.len() > 1_000_000);
        let coding = codebook.code(&big);
        assert_eq!(coding.evidence.len(), 100_000);
    }

    #[test]
    fn contained_hits_are_dropped_and_overlaps_kept() {
        let hit = |first, last| Hit {
            source: Source::Words,
            pattern: 0,
            first,
            last,
            start: 0,
            end: 0,
        };
        let mut hits = vec![hit(1, 1), hit(0, 1), hit(1, 2), hit(3, 3), hit(3, 3)];
        drop_contained(&mut hits);
        let kept: Vec<(usize, usize)> = hits.iter().map(|hit| (hit.first, hit.last)).collect();
        assert_eq!(kept, [(0, 1), (1, 2), (3, 3), (3, 3)]);
    }
}
