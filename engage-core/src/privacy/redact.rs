//! Finding personal data inside free text and replacing it with typed placeholders: `[email]`,
//! `[phone]`, `[postcode]`, `[NHS number]`, `[NI number]`, `[URL]`, `[IP address]` and `[name]`.
//!
//! [`redact`] looks for the kinds of personal data that have a recognisable shape;
//! [`redact_with`] also looks for one respondent's own name and email, taken from that
//! respondent's personal columns ([`OwnDetails`]). Both return the redacted text, every match
//! (its kind and where it was, never the text itself, so a report of matches cannot leak what
//! it hides) and a count per kind.
//!
//! What is recognised, and how false alarms are avoided:
//! - **Email addresses**: the same pattern as [`detect::is_email`].
//! - **UK telephone numbers** in the forms people write: `07700 900123`, `07700900123`,
//!   `+44 (0)121 496 0000`, `0044 7700 900123`, `(0121) 496 0000`, `0121-496-0000`,
//!   `0121.496.0000`. A candidate is a run of digit groups joined by spaces, hyphens, dots or
//!   brackets; it must start with `0`, `+44` or `0044` and hold the digits of a UK number
//!   (10 or 11 with the trunk `0`). A national number's first group must have at least three
//!   digits (`020`, `0121`, `07700`), which keeps out decimals (`0.1234567890`) and dates
//!   (`07.05.2021`, `07/05/2021`); a slash never joins groups.
//! - **UK postcodes**: full postcodes only (`B12 0AB`, `sw1a1aa`), with the ONS letter rules
//!   and a postcode area that exists (so `A64FX`, a processor, is not one).
//!   An outward code alone (`B12`, a postcode district) is an area, not an address, and is kept.
//! - **NHS numbers**: ten digits, written `943 476 5919`, `943-476-5919` or `9434765919`, and
//!   only when the modulus-11 check digit holds: any other ten-digit number is kept.
//! - **National Insurance numbers**: `AB 12 34 56 C` or `AB123456C` with the prefix rules of
//!   [`detect::is_ni_number`]. When spaced, the prefix letters must be capitals, so that a
//!   sentence such as "on 12 34 56 a" is not taken for one.
//! - **URLs**: anything starting `http://`, `https://`, `ftp://`, `www.` or `javascript:`, up
//!   to the next space, less trailing punctuation.
//! - **IP addresses**: IPv4 dotted quads with every part at most 255 and IPv6 addresses as the
//!   standard library parses them (with at least four hex digits, so `::` or `a::b` in prose is
//!   not one). A dotted quad is taken for an IP address even when it could be a version number
//!   (`1.2.3.4`): a false alarm costs a placeholder, a miss leaks an address. Only a quad written
//!   right after `version`, `ver`, `v`, `release` or `build`, or one that is part of a longer
//!   dotted run (`1.2.3.4.5`), is kept.
//! - **The respondent's own name and email** (see [`OwnDetails`]): the values of that row's
//!   name and email columns, matched case-insensitively on word boundaries. A full name is
//!   always matched; single name parts only when they have at least three letters and are not a
//!   title or a common English word that is also a name (`Will`, `May`, `Hope`, `Green`).
//!
//! - **Names introduced by the writer**: one to three capitalised words right after a cue
//!   that introduces or signs a name: "my name is", "my name's", "I am called", "I'm called",
//!   "name:", "signed", "regards", "kind regards", "best wishes", "yours sincerely", "yours
//!   faithfully", "many thanks", "thanks", "cheers" (with an optional comma). "Thanks, NHS" and
//!   "thank you for listening" are left alone: the words must be written as names are (a
//!   capital then lower-case letters) and must not be common words or titles.
//!
//! Known limits, to be stated wherever redacted text is published:
//! - Other names are **not** detected: only the respondent's own name (when the export has it
//!   in a column) and names after the cues above. "My neighbour Mrs Patel" stays as written.
//!   Reading text for names needs a person or a named-entity model, and a word list would blank
//!   half the comments ("Hope", "Bath", "Reading").
//! - Street addresses, dates of birth, ages, and descriptions that identify someone without
//!   naming them ("the only GP in the village") are not detected.
//! - Non-UK phone numbers, NI numbers without their suffix letter, bare domains without `www.`
//!   (`example.org/page`), and numbers split across lines are not detected.
//! - Patterns are checked on their own; a ten-digit number that happens to pass the NHS
//!   check digit (about one in eleven) is replaced even when it is something else.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{detect, location};
use crate::dataset::{Answers, Dataset};
use crate::error::{Error, Location, Result};
use crate::schema::{Question, QuestionType, Role, Schema};

/// A kind of personal data found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An email address.
    Email,
    /// A UK telephone number.
    Phone,
    /// A full UK postcode.
    Postcode,
    /// An NHS number with a valid check digit.
    NhsNumber,
    /// A National Insurance number.
    NiNumber,
    /// A web address.
    Url,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// The respondent's own name.
    Name,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 8] = [
        Kind::Email,
        Kind::Phone,
        Kind::Postcode,
        Kind::NhsNumber,
        Kind::NiNumber,
        Kind::Url,
        Kind::IpAddress,
        Kind::Name,
    ];

    /// The text that replaces a match: `[email]`, `[NHS number]`...
    #[must_use]
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[email]",
            Kind::Phone => "[phone]",
            Kind::Postcode => "[postcode]",
            Kind::NhsNumber => "[NHS number]",
            Kind::NiNumber => "[NI number]",
            Kind::Url => "[URL]",
            Kind::IpAddress => "[IP address]",
            Kind::Name => "[name]",
        }
    }

    /// The `snake_case` name used in JSON: `email`, `nhs_number`...
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Postcode => "postcode",
            Kind::NhsNumber => "nhs_number",
            Kind::NiNumber => "ni_number",
            Kind::Url => "url",
            Kind::IpAddress => "ip_address",
            Kind::Name => "name",
        }
    }

    /// A label for people: `email address`, `NHS number`...
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Kind::Email => "email address",
            Kind::Phone => "phone number",
            Kind::Postcode => "postcode",
            Kind::NhsNumber => "NHS number",
            Kind::NiNumber => "NI number",
            Kind::Url => "URL",
            Kind::IpAddress => "IP address",
            Kind::Name => "respondent's name",
        }
    }

    /// Which kind wins when two matches cover exactly the same text: the more specific one.
    fn rank(self) -> u8 {
        match self {
            Kind::Url => 0,
            Kind::Email => 1,
            Kind::NhsNumber => 2,
            Kind::NiNumber => 3,
            Kind::Phone => 4,
            Kind::IpAddress => 5,
            Kind::Postcode => 6,
            Kind::Name => 7,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of personal data found: its kind and where it was. The matched text itself is
/// deliberately not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    /// What was found.
    pub kind: Kind,
    /// Byte offset of the start in the original text.
    pub start: usize,
    /// Byte offset just past the end in the original text.
    pub end: usize,
    /// The length of the original in characters.
    pub chars: usize,
}

impl Match {
    /// The byte range in the original text.
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// How many matches of each kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    counts: [usize; Kind::ALL.len()],
}

impl Counts {
    /// The count of one kind.
    #[must_use]
    pub fn get(&self, kind: Kind) -> usize {
        self.counts[kind.index()]
    }

    /// Adds `count` matches of a kind.
    pub fn add(&mut self, kind: Kind, count: usize) {
        self.counts[kind.index()] += count;
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Counts) {
        for kind in Kind::ALL {
            self.add(kind, other.get(kind));
        }
    }

    /// All matches together.
    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// True when nothing was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Every kind with its count (zeros included), in [`Kind::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Kind, usize)> + '_ {
        Kind::ALL.into_iter().map(|kind| (kind, self.get(kind)))
    }
}

impl Serialize for Counts {
    /// A map from each kind's `snake_case` name to its count, every kind present, so the JSON keys
    /// are the same whatever was found.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(Kind::ALL.len()))?;
        for (kind, count) in self.iter() {
            map.serialize_entry(kind.as_str(), &count)?;
        }
        map.end()
    }
}

/// Text with its personal data replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// The text with every match replaced by its kind's placeholder.
    pub text: String,
    /// Every match, in order, with spans into the original text.
    pub matches: Vec<Match>,
    /// The number of matches of each kind.
    pub counts: Counts,
}

/// One respondent's own name(s) and email address(es), from their personal columns, to find
/// in their own text.
///
/// A full name is matched as a whole (parts separated by any whitespace). Its single parts are
/// matched on their own only when they have at least three letters and are not a title or a
/// common English word that is also a name, since blanking every "will" or "green" in a
/// comment would damage it without protecting anyone. Values such as "Anonymous" or "n/a" are
/// ignored.
///
/// ```
/// use engage_core::privacy::redact::{redact_with, OwnDetails};
///
/// let own = OwnDetails::new(["Priya Sharma"], ["p.sharma@example.org"]);
/// let redacted = redact_with("Sharma here: I will keep using the centre.", &own);
/// assert_eq!(redacted.text, "[name] here: I will keep using the centre.");
/// ```
#[derive(Clone, Debug, Default)]
pub struct OwnDetails {
    names: Vec<Term>,
    emails: Vec<Term>,
}

impl OwnDetails {
    /// Matchers for these names and emails (empty values are skipped).
    #[must_use]
    pub fn new<'a>(
        names: impl IntoIterator<Item = &'a str>,
        emails: impl IntoIterator<Item = &'a str>,
    ) -> OwnDetails {
        let mut names: Vec<Term> = names.into_iter().flat_map(name_terms).collect();
        let mut emails: Vec<Term> = emails
            .into_iter()
            .map(str::trim)
            .filter(|email| email.contains('@') && email.len() >= 3)
            .map(|email| Term::new(&[email]))
            .collect();
        for terms in [&mut names, &mut emails] {
            // Longest first, so that a full name wins over one of its parts.
            terms.sort_by(|a, b| {
                b.length()
                    .cmp(&a.length())
                    .then_with(|| a.words.cmp(&b.words))
            });
            terms.dedup();
        }
        OwnDetails { names, emails }
    }

    /// True when there is nothing to look for.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.emails.is_empty()
    }
}

/// A name or email to look for: its words in lower case, which match the text case-insensitively
/// with any run of whitespace between them.
///
/// Matching by hand rather than with a regex: one respondent's terms are used on one row only,
/// and compiling a regex per row cost more than everything else `redact_dataset` does.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Term {
    words: Vec<Vec<char>>,
}

impl Term {
    fn new(words: &[&str]) -> Term {
        Term {
            words: words
                .iter()
                .map(|word| word.chars().map(lower_char).collect())
                .collect(),
        }
    }

    /// Characters, counting one for each gap between words.
    fn length(&self) -> usize {
        self.words.iter().map(Vec::len).sum::<usize>() + self.words.len()
    }

    /// The byte end of the match starting at byte `start` of `text`, if the term matches there.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let mut chars = text[start..].char_indices().peekable();
        for (index, word) in self.words.iter().enumerate() {
            if index > 0 {
                let mut spaced = false;
                while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {
                    spaced = true;
                }
                if !spaced {
                    return None;
                }
            }
            for &expected in word {
                let (_, found) = chars.next()?;
                let same =
                    lower_char(found) == expected || (expected == '\'' && found == '\u{2019}');
                if !same {
                    return None;
                }
            }
        }
        Some(
            chars
                .peek()
                .map_or(text.len(), |(offset, _)| start + offset),
        )
    }
}

/// A character in lower case, when that is one character (it is not for `İ`).
fn lower_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// True for the characters a regex `\w` matches, near enough: what a word is made of.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every place one of `terms` matches in `text`, as `kind`; on word boundaries when `words`.
fn find_terms(
    text: &str,
    terms: &[Term],
    words: bool,
    kind: Kind,
    candidates: &mut Vec<(Kind, Range<usize>)>,
) {
    if terms.is_empty() {
        return;
    }
    let mut previous: Option<char> = None;
    for (start, c) in text.char_indices() {
        let boundary = !words || !previous.is_some_and(is_word_char);
        previous = Some(c);
        if !boundary {
            continue;
        }
        for term in terms {
            let Some(end) = term.match_at(text, start) else {
                continue;
            };
            if words && text[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            candidates.push((kind, start..end));
            break;
        }
    }
}

/// Values in a name column that are not names.
const NOT_NAMES: &[&str] = &[
    "anonymous",
    "anon",
    "n/a",
    "na",
    "none",
    "no",
    "nil",
    "not given",
    "not stated",
    "prefer not to say",
    "rather not say",
    "unknown",
    "resident",
    "test",
    "-",
];

/// Titles, never matched on their own.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
    "revd",
    "lord",
    "lady",
    "cllr",
];

/// Common English words that are also first names or surnames: matched only as part of the
/// full name, never alone.
const COMMON_WORDS: &[&str] = &[
    "will", "may", "june", "april", "august", "mark", "bill", "hope", "grace", "faith", "joy",
    "dawn", "frank", "don", "rose", "summer", "penny", "miles", "rich", "young", "long", "green",
    "brown", "white", "black", "grey", "gray", "hill", "wood", "woods", "king", "church", "park",
    "parks", "hall", "well", "wells", "street", "lane", "field", "fields", "mill", "bell", "cook",
    "walker", "baker", "cross", "read", "reading", "best", "good", "page", "booth", "banks",
    "bank", "price", "love", "law", "house", "gate", "ward", "brook", "marsh", "way", "day",
    "stone", "west", "east", "north", "south", "english", "french", "welsh", "irish", "sharp",
    "strong", "bright", "fair", "hunt", "chase", "bond", "cash", "money", "rice", "fox", "bird",
    "moss", "reed", "bath", "carter", "mason", "porter", "turner", "nurse", "doctor", "art", "max",
    "ray", "sky", "star", "rain", "sunny", "holly", "ivy", "amber", "ruby", "jack", "pat", "sue",
    "guy", "bishop", "dean", "pope", "temple", "shepherd", "fisher", "gardener", "hand", "head",
    "foot", "lamb", "bull", "crane", "swift", "wise", "wild", "little", "small", "short", "tall",
    "hardy", "gentle", "noble", "sterling", "new", "newman", "main", "care", "carer", "patient",
];

/// The regex terms for one name value: the full name, then its parts that are safe to match
/// alone.
fn name_terms(value: &str) -> Vec<Term> {
    let value = value.trim();
    let lower = value.to_lowercase();
    if value.is_empty() || NOT_NAMES.contains(&lower.as_str()) {
        return Vec::new();
    }
    let parts: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|part| part.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|part| part.chars().any(|c| c.is_ascii_digit()))
    {
        // A name column holding digits is not holding names (an id, or a phone number typed
        // in the wrong box); the pattern detectors cover what it might be.
        return Vec::new();
    }
    let mut terms = Vec::new();
    let words: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !TITLES.contains(&part.to_lowercase().as_str()))
        .collect();
    if words.len() >= 2 {
        terms.push(Term::new(&words));
    }
    for part in &parts {
        let mut pieces = vec![*part];
        if part.contains('-') {
            pieces.extend(part.split('-'));
        }
        for piece in pieces {
            if name_part_alone_is_safe(piece) {
                terms.push(Term::new(&[piece]));
            }
        }
    }
    terms
}

fn name_part_alone_is_safe(part: &str) -> bool {
    let lower = part.to_lowercase();
    part.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && part
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-'))
        && !TITLES.contains(&lower.as_str())
        && !COMMON_WORDS.contains(&lower.as_str())
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{}\b", detect::EMAIL_PATTERN)).expect("valid regex")
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:(?:https?|ftp)://|www\.|javascript:)[^\s<>"]+"#).expect("valid regex")
});
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(detect::POSTCODE_PATTERN).expect("valid regex"));
static NHS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})\b")
        .expect("valid regex")
});
static NI: LazyLock<Regex> = LazyLock::new(|| Regex::new(detect::NI_PATTERN).expect("valid regex"));
static IPV4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b").expect("valid regex"));
static IPV6: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[0-9a-f:]*:[0-9a-f:]*:[0-9a-f:.]*").expect("valid regex"));
/// A run of digit groups joined by the separators phone numbers are written with.
static NUMBER_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[+(]?[0-9](?:[0-9 ().\-]*[0-9])?").expect("valid regex"));

/// Finds the personal data with a recognisable shape and replaces it.
///
/// ```
/// use engage_core::privacy::redact::{redact, Kind};
///
/// let redacted = redact("Ring me on 07700 900123 or email jo@example.org, not before 07/05/2021.");
/// assert_eq!(redacted.text, "Ring me on [phone] or email [email], not before 07/05/2021.");
/// assert_eq!(redacted.counts.get(Kind::Phone), 1);
/// ```
#[must_use]
pub fn redact(text: &str) -> Redacted {
    redact_with(text, &OwnDetails::default())
}

/// Finds the personal data with a recognisable shape, and the respondent's own name and email,
/// and replaces them.
#[must_use]
pub fn redact_with(text: &str, own: &OwnDetails) -> Redacted {
    let matches = find(text, own);
    let mut out = String::with_capacity(text.len());
    let mut counts = Counts::default();
    let mut last = 0;
    for found in &matches {
        out.push_str(&text[last..found.start]);
        out.push_str(found.kind.placeholder());
        counts.add(found.kind, 1);
        last = found.end;
    }
    out.push_str(&text[last..]);
    Redacted {
        text: out,
        matches,
        counts,
    }
}

/// The personal data in `text`, in order and without overlaps.
///
/// Where candidates overlap, the one that starts first wins, then the longer, then the more
/// specific kind (a URL over the email inside it, an NHS number over a phone number written
/// the same way).
#[must_use]
pub fn find(text: &str, own: &OwnDetails) -> Vec<Match> {
    let mut candidates: Vec<(Kind, Range<usize>)> = Vec::new();
    urls(text, &mut candidates);
    for found in EMAIL.find_iter(text) {
        candidates.push((Kind::Email, found.range()));
    }
    for found in NHS.find_iter(text) {
        if detect::is_nhs_number(found.as_str()) {
            candidates.push((Kind::NhsNumber, found.range()));
        }
    }
    for found in NI.find_iter(text) {
        let value = found.as_str();
        let spaced = value.contains(' ');
        if detect::is_ni_number(value)
            && (!spaced || value[..2].chars().all(|c| c.is_ascii_uppercase()))
        {
            candidates.push((Kind::NiNumber, found.range()));
        }
    }
    phones(text, &mut candidates);
    ipv4(text, &mut candidates);
    ipv6(text, &mut candidates);
    for found in POSTCODE.find_iter(text) {
        if detect::has_postcode_area(found.as_str()) {
            candidates.push((Kind::Postcode, found.range()));
        }
    }
    find_terms(text, &own.emails, false, Kind::Email, &mut candidates);
    find_terms(text, &own.names, true, Kind::Name, &mut candidates);
    introduced_names(text, &mut candidates);
    candidates.sort_by(|(kind_a, a), (kind_b, b)| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(kind_a.rank().cmp(&kind_b.rank()))
    });
    let mut matches: Vec<Match> = Vec::new();
    let mut reach = 0;
    for (kind, range) in candidates {
        if range.start < reach || range.is_empty() {
            continue;
        }
        reach = range.end;
        matches.push(Match {
            kind,
            start: range.start,
            end: range.end,
            chars: text[range.clone()].chars().count(),
        });
    }
    matches
}

/// Cues after which writers give their own (or someone's) name.
const NAME_CUES: &[&str] = &[
    "my name is",
    "my name's",
    "i am called",
    "i'm called",
    "name:",
    "signed",
    "kind regards",
    "best regards",
    "regards",
    "best wishes",
    "yours sincerely",
    "yours faithfully",
    "many thanks",
    "thanks",
    "cheers",
];

/// Names right after a cue: one to three words written as names are (`Jo`, `O'Neill`,
/// `Smith-Jones`), none of them a title or a common word.
fn introduced_names(text: &str, candidates: &mut Vec<(Kind, Range<usize>)>) {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; the cue search then falls back to
    // nothing rather than risk a wrong span.
    if lower.len() != text.len() {
        return;
    }
    for cue in NAME_CUES {
        let mut from = 0;
        while let Some(found) = lower[from..].find(cue) {
            let start = from + found;
            from = start + cue.len();
            let before_ok =
                start == 0 || !is_word_char(text[..start].chars().next_back().unwrap_or(' '));
            if !before_ok {
                continue;
            }
            let mut position = from;
            // An optional comma and spaces after the cue.
            let rest = &text[position..];
            let skipped = rest.len() - rest.trim_start_matches([',', ':', ' ', '\t']).len();
            if skipped == 0 && !cue.ends_with(':') {
                continue;
            }
            position += skipped;
            let name_start = position;
            let mut name_end = position;
            let mut words = 0;
            let mut real_words = 0;
            while words < 3 {
                let word_length = text[position..]
                    .find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
                    .unwrap_or(text.len() - position);
                let word = &text[position..position + word_length];
                if !looks_like_name(word) {
                    break;
                }
                words += 1;
                real_words +=
                    usize::from(!TITLES.contains(&word.to_lowercase().trim_end_matches('.')));
                name_end = position + word_length;
                position = name_end;
                // The next word follows a single space.
                if text[position..].starts_with(' ') {
                    position += 1;
                } else {
                    break;
                }
            }
            // A title alone ("Regards, Mr") names no one.
            if real_words > 0 {
                candidates.push((Kind::Name, name_start..name_end));
            }
        }
    }
}

/// A capital letter, then lower-case letters (apostrophes and hyphens allowed), at least two
/// letters, and not a word that follows cues without being a name. Common words that are also
/// surnames (Brown, King) count here: the cue says a name follows.
fn looks_like_name(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    let shaped = first.is_uppercase()
        && !rest.is_empty()
        && rest.iter().all(|c| {
            c.is_lowercase()
                || *c == '\''
                || *c == '-'
                || c.is_uppercase() && rest.first() == Some(&'\'')
        })
        && rest.iter().any(|c| c.is_lowercase());
    let lower = word.to_lowercase();
    shaped && !NOT_NAMES.contains(&lower.as_str()) && !CUE_FOLLOWERS.contains(&lower.as_str())
}

/// Words that follow a cue without being a name ("Thanks Again", "Regards To").
const CUE_FOLLOWERS: &[&str] = &[
    "for",
    "to",
    "again",
    "all",
    "everyone",
    "you",
    "the",
    "a",
    "and",
    "in",
    "on",
    "from",
    "so",
    "very",
    "much",
    "i",
    "we",
    "our",
    "my",
    "your",
    "this",
    "that",
    "it",
    "is",
    "please",
    "nhs",
    "team",
    "staff",
    "everybody",
    "anyway",
    "though",
];

fn urls(text: &str, candidates: &mut Vec<(Kind, Range<usize>)>) {
    for found in URL.find_iter(text) {
        let mut end = found.end();
        // Sentence punctuation after a link is not part of it; a closing bracket is, when the
        // link opened one (Wikipedia-style `.../Foo_(bar)`).
        loop {
            let url = &text[found.start()..end];
            let Some(last) = url.chars().last() else {
                break;
            };
            let unbalanced = |open: char, close: char| {
                last == close && url.matches(close).count() > url.matches(open).count()
            };
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*')
                || unbalanced('(', ')')
                || unbalanced('[', ']')
                || unbalanced('{', '}')
            {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let url = &text[found.start()..end];
        let scheme_end = url.find("//").map_or_else(
            || url.find(['.', ':']).map_or(url.len(), |at| at + 1),
            |at| at + 2,
        );
        if url.len() > scheme_end {
            candidates.push((Kind::Url, found.start()..end));
        }
    }
}

/// UK telephone numbers: see the module docs for the forms accepted.
fn phones(text: &str, candidates: &mut Vec<(Kind, Range<usize>)>) {
    for run in NUMBER_RUN.find_iter(text) {
        let groups: Vec<Range<usize>> = digit_groups(text, run.range());
        let mut first = 0;
        while first < groups.len() {
            match phone_from(text, run.start(), &groups, first) {
                Some((range, last)) => {
                    candidates.push((Kind::Phone, range));
                    first = last + 1;
                }
                None => first += 1,
            }
        }
    }
}

/// The maximal runs of ASCII digits inside `run`.
fn digit_groups(text: &str, run: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut groups = Vec::new();
    let mut at = run.start;
    while at < run.end {
        if bytes[at].is_ascii_digit() {
            let start = at;
            while at < run.end && bytes[at].is_ascii_digit() {
                at += 1;
            }
            groups.push(start..at);
        } else {
            at += 1;
        }
    }
    groups
}

/// The longest phone number starting at digit group `first` of a run: its byte range and the
/// index of its last group.
fn phone_from(
    text: &str,
    run_start: usize,
    groups: &[Range<usize>],
    first: usize,
) -> Option<(Range<usize>, usize)> {
    let bytes = text.as_bytes();
    let group = &text[groups[first].clone()];
    let plus = first == 0 && bytes[run_start] == b'+';
    let international = (plus && group.starts_with("44")) || group.starts_with("0044");
    let national = group.starts_with('0') && group.len() >= 3;
    if !international && !national {
        return None;
    }
    let start = if plus {
        run_start
    } else if groups[first].start > 0 && bytes[groups[first].start - 1] == b'(' {
        groups[first].start - 1
    } else {
        groups[first].start
    };
    let mut best = None;
    let mut digits = 0;
    // A UK number has at most 15 digits (0044, a (0) trunk prefix and ten) in at most six
    // groups (+44 (0)121 496 0000 is five); looking no further keeps a long run of numbers
    // linear.
    for last in first..groups.len().min(first + 6) {
        if last > first {
            let separator = &text[groups[last - 1].end..groups[last].start];
            if separator.len() > 3 {
                break;
            }
        }
        digits += groups[last].len();
        if digits > 15 {
            break;
        }
        let candidate = &text[start..groups[last].end];
        if detect::uk_phone_digits(candidate) {
            best = Some((start..groups[last].end, last));
        }
    }
    best
}

fn ipv4(text: &str, candidates: &mut Vec<(Kind, Range<usize>)>) {
    for found in IPV4.find_iter(text) {
        if found.as_str().parse::<Ipv4Addr>().is_err() {
            continue;
        }
        let before = &text[..found.start()];
        let after = &text[found.end()..];
        // Part of a longer dotted run (1.2.3.4.5, or the tail of 10.1.2.3.4).
        let dotted_digit = |rest: &str| {
            rest.strip_prefix('.')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        };
        if dotted_digit(after) || before.ends_with('.') {
            continue;
        }
        let lead = before.trim_end().to_ascii_lowercase();
        let lead = lead.trim_end_matches('.');
        if ["version", "ver", "v", "release", "build"]
            .iter()
            .any(|word| lead.ends_with(word) && !ends_with_longer_word(lead, word))
        {
            continue;
        }
        candidates.push((Kind::IpAddress, found.range()));
    }
}

/// True when `text` ends with `word` as the tail of a longer word (`kv` for `v`).
fn ends_with_longer_word(text: &str, word: &str) -> bool {
    text[..text.len() - word.len()]
        .chars()
        .last()
        .is_some_and(char::is_alphanumeric)
}

fn ipv6(text: &str, candidates: &mut Vec<(Kind, Range<usize>)>) {
    for found in IPV6.find_iter(text) {
        let boundary_before = text[..found.start()]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric());
        if !boundary_before {
            continue;
        }
        let mut end = found.end();
        let mut parsed = false;
        // Sentence punctuation after an address (`... fe80::1.`) is not part of it.
        while end > found.start() {
            let candidate = &text[found.start()..end];
            if candidate.parse::<Ipv6Addr>().is_ok() {
                parsed = true;
                break;
            }
            if candidate.ends_with(['.', ':']) {
                end -= 1;
            } else {
                break;
            }
        }
        let candidate = &text[found.start()..end];
        let boundary_after = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        let hex_digits = candidate.chars().filter(char::is_ascii_hexdigit).count();
        if parsed && boundary_after && hex_digits >= 4 {
            candidates.push((Kind::IpAddress, found.start()..end));
        }
    }
}

/// Which personal columns [`redact_dataset`] keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KeepPersonal {
    /// Drop every personal column (the default).
    #[default]
    None,
    /// Keep every personal column.
    All,
    /// Keep the personal columns with these question ids, drop the rest.
    Only(Vec<String>),
}

/// What [`redact_dataset`] does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedactOptions {
    questions: Option<Vec<String>>,
    keep_personal: KeepPersonal,
    coarsen_location: Option<u32>,
}

impl RedactOptions {
    /// The questions whose text is redacted, by id; any text question may be named (free
    /// text, but also metadata such as a referrer URL). Default: every free-text question.
    #[must_use]
    pub fn with_questions(mut self, ids: Vec<String>) -> RedactOptions {
        self.questions = Some(ids);
        self
    }

    /// Which personal columns to keep. Default: [`KeepPersonal::None`], every personal column
    /// is dropped.
    #[must_use]
    pub fn with_keep_personal(mut self, keep: KeepPersonal) -> RedactOptions {
        self.keep_personal = keep;
        self
    }

    /// Keep location columns (GPS points, latitude, longitude) coarsened to this many decimal
    /// places of a degree instead of dropping them: 2 is about 1.1 km, 1 about 11 km; at most
    /// [`location::MAX_LOCATION_DECIMALS`]. A point's altitude and accuracy, traces, shapes and
    /// what3words addresses are dropped all the same, and a location column kept with
    /// [`RedactOptions::with_keep_personal`] is kept as it is. Default: `None`, location
    /// columns are dropped with the other personal columns.
    #[must_use]
    pub fn with_coarsen_location(mut self, decimals: Option<u32>) -> RedactOptions {
        self.coarsen_location = decimals;
        self
    }
}

/// What [`redact_dataset`] replaced and dropped. It holds counts and ids, never the personal
/// data itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RedactionReport {
    /// Matches of each kind over all redacted questions.
    pub counts: Counts,
    /// Each redacted question, in questionnaire order.
    pub questions: Vec<QuestionRedaction>,
    /// The ids of the personal columns dropped.
    pub personal_dropped: Vec<String>,
    /// The ids of the personal columns kept as they were.
    pub personal_kept: Vec<String>,
    /// The ids of the location columns kept, coarsened (see
    /// [`RedactOptions::with_coarsen_location`]).
    pub locations_coarsened: Vec<String>,
}

/// What was replaced in one question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuestionRedaction {
    /// The question id.
    pub id: String,
    /// Answers with at least one replacement.
    pub answers_changed: usize,
    /// Matches of each kind.
    pub counts: Counts,
}

/// A copy of the dataset with personal data replaced in the text of the chosen questions
/// (every free-text question by default) and personal columns dropped (unless kept), plus a
/// report of what was done.
///
/// Each respondent's own name and email, from the dataset's personal columns with the
/// [`Role::Name`] and [`Role::Email`] roles, are looked for in that respondent's text, whether
/// or not those columns are kept.
///
/// ```
/// use engage_core::privacy::redact::{redact_dataset, Kind, RedactOptions};
/// use engage_core::{read_reader, IngestOptions};
///
/// let csv = "Name,Email,Any comments?\n\
///            Priya Sharma,p.sharma@example.org,Priya here - call 07700 900123\n\
///            Tom Reed,tom@example.org,No comment\n";
/// let dataset = read_reader(csv.as_bytes(), "responses.csv", &IngestOptions::default())?;
/// // With two rows, ingest cannot tell the comments from a choice question: name it.
/// let options = RedactOptions::default().with_questions(vec!["comments".into()]);
/// let (redacted, report) = redact_dataset(&dataset, &options)?;
/// assert_eq!(redacted.texts("comments")?[0].as_deref(), Some("[name] here - call [phone]"));
/// assert_eq!(report.counts.get(Kind::Phone), 1);
/// assert_eq!(report.personal_dropped, ["name", "email"]);
/// assert!(redacted.question("email").is_err());
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn redact_dataset(
    dataset: &Dataset,
    options: &RedactOptions,
) -> Result<(Dataset, RedactionReport)> {
    let RedactOptions {
        questions,
        keep_personal,
        coarsen_location,
    } = options;
    if let Some(decimals) = coarsen_location
        && *decimals > location::MAX_LOCATION_DECIMALS
    {
        return Err(Error::config(
            Location::default(),
            format!(
                "locations can be coarsened to at most {} decimal places (about 110 m), found {decimals}: finer would point at a home",
                location::MAX_LOCATION_DECIMALS
            ),
        ));
    }
    let schema = dataset.schema();
    let targets: Vec<&Question> = match questions {
        Some(ids) => ids
            .iter()
            .map(|id| schema.require(id))
            .collect::<Result<Vec<_>>>()?,
        None => schema
            .questions()
            .iter()
            .filter(|question| question.kind == QuestionType::FreeText)
            .collect(),
    };
    let personal: Vec<&Question> = schema
        .questions()
        .iter()
        .filter(|question| question.kind == QuestionType::Personal)
        .collect();
    let kept: Vec<String> = match keep_personal {
        KeepPersonal::None => Vec::new(),
        KeepPersonal::All => personal
            .iter()
            .map(|question| question.id.clone())
            .collect(),
        KeepPersonal::Only(ids) => {
            for id in ids {
                let question = schema.require(id)?;
                if question.kind != QuestionType::Personal {
                    return Err(Error::unsupported(
                        Location::default().with_question(id),
                        format!(
                            "found a {} question, expected a personal column to keep",
                            question.kind
                        ),
                    ));
                }
            }
            ids.clone()
        }
    };
    let own = own_details(dataset, &personal)?;
    let mut frame = dataset.frame().clone();
    let mut report = RedactionReport::default();
    for question in &targets {
        let Answers::Text(texts) = dataset.answers(&question.id)? else {
            return Err(Error::unsupported(
                Location::default().with_question(&question.id),
                format!(
                    "found a {} question, expected a text question to redact",
                    question.kind
                ),
            ));
        };
        let mut summary = QuestionRedaction {
            id: question.id.clone(),
            ..QuestionRedaction::default()
        };
        let redacted: Vec<Option<String>> = texts
            .iter()
            .zip(&own)
            .map(|(text, own)| {
                text.map(|text| {
                    let redacted = redact_with(text, own);
                    if !redacted.matches.is_empty() {
                        summary.answers_changed += 1;
                        summary.counts.merge(&redacted.counts);
                    }
                    redacted.text
                })
            })
            .collect();
        frame
            .with_column(crate::dataset::build::text(&question.id, &redacted))
            .map_err(|error| {
                Error::data(
                    Location::default().with_question(&question.id),
                    error.to_string(),
                )
            })?;
        report.counts.merge(&summary.counts);
        report.questions.push(summary);
    }
    // Location columns not kept as they are: coarsened when asked, where they can be.
    let mut coarsened = Vec::new();
    if let Some(decimals) = coarsen_location {
        for question in personal.iter().filter(|question| {
            question.role == Some(Role::Location) && !kept.contains(&question.id)
        }) {
            let column =
                match location::coarsen(question, &dataset.answers(&question.id)?, *decimals) {
                    location::Coarsened::Numbers(numbers) => {
                        crate::dataset::build::number(&question.id, &numbers)
                    }
                    location::Coarsened::Texts(texts) => {
                        crate::dataset::build::text(&question.id, &texts)
                    }
                    location::Coarsened::Dropped => continue,
                };
            frame.with_column(column).map_err(|error| {
                Error::data(
                    Location::default().with_question(&question.id),
                    error.to_string(),
                )
            })?;
            coarsened.push(question.id.clone());
        }
    }
    let dropped: Vec<String> = personal
        .iter()
        .map(|question| question.id.clone())
        .filter(|id| !kept.contains(id) && !coarsened.contains(id))
        .collect();
    let frame = frame.drop_many(dropped.iter().map(String::as_str));
    let questions: Vec<Question> = schema
        .questions()
        .iter()
        .filter(|question| !dropped.contains(&question.id))
        .cloned()
        .collect();
    let redacted = Dataset::new(frame, Schema::new(questions), dataset.source().clone())?;
    report.personal_dropped = dropped;
    report.locations_coarsened = coarsened;
    report.personal_kept = personal
        .iter()
        .map(|question| question.id.clone())
        .filter(|id| kept.contains(id))
        .collect();
    Ok((redacted, report))
}

/// Each respondent's own names and emails, from the personal columns with those roles.
fn own_details(dataset: &Dataset, personal: &[&Question]) -> Result<Vec<OwnDetails>> {
    let values_of = |role: Role| -> Result<Vec<Vec<Option<String>>>> {
        personal
            .iter()
            .filter(|question| question.role == Some(role))
            .map(|question| dataset.texts(&question.id))
            .collect()
    };
    let names = values_of(Role::Name)?;
    let emails = values_of(Role::Email)?;
    if names.is_empty() && emails.is_empty() {
        return Ok(vec![OwnDetails::default(); dataset.respondents()]);
    }
    Ok((0..dataset.respondents())
        .map(|row| {
            let row_values = |columns: &[Vec<Option<String>>]| -> Vec<String> {
                columns
                    .iter()
                    .filter_map(|column| column[row].clone())
                    .collect()
            };
            let (names, emails) = (row_values(&names), row_values(&emails));
            OwnDetails::new(
                names.iter().map(String::as_str),
                emails.iter().map(String::as_str),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Redacts `input` and compares with `expected`: true positives are replaced, false
    /// positives stay as written.
    fn check(cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(&redact(input).text, expected, "input: {input:?}");
        }
    }

    #[test]
    fn emails_are_found_in_text() {
        check(&[
            ("mail jo.bloggs+nhs@example.co.uk now", "mail [email] now"),
            ("(JO@EXAMPLE.ORG)", "([email])"),
            ("'jo@example.org'", "'[email]'"),
            ("jo@example.org.", "[email]."),
            // Not addresses.
            ("we met @ the hall", "we met @ the hall"),
            ("a@b is not one", "a@b is not one"),
            ("rate@5% each", "rate@5% each"),
        ]);
    }

    #[test]
    fn phones_in_written_forms_are_found() {
        check(&[
            ("call 07700 900123 today", "call [phone] today"),
            ("call 07700900123", "call [phone]"),
            ("+44 (0)121 496 0000 is the office", "[phone] is the office"),
            ("tel: 0121-496-0000.", "tel: [phone]."),
            ("(0121) 496 0000", "[phone]"),
            (
                "ring 020 7946 0018 or 0121 496 0000",
                "ring [phone] or [phone]",
            ),
            ("ring 0044 7700 900123", "ring [phone]"),
            ("ring +447700900123!", "ring [phone]!"),
            ("ring 0121.496.0000", "ring [phone]"),
            ("scored 0 07700 900123", "scored 0 [phone]"),
            (
                "on 2021-05-07 07700 900123 rang",
                "on 2021-05-07 [phone] rang",
            ),
            ("ring 07700 900123 2 times", "ring [phone] 2 times"),
        ]);
    }

    #[test]
    fn dates_years_money_and_counts_are_not_phones() {
        check(&[
            ("visited on 07/05/2021", "visited on 07/05/2021"),
            ("visited on 07.05.2021", "visited on 07.05.2021"),
            (
                "visited on 2021-05-07 at 09:30",
                "visited on 2021-05-07 at 09:30",
            ),
            (
                "since 2019, about 1500 people",
                "since 2019, about 1500 people",
            ),
            ("it cost £1,200 a year", "it cost £1,200 a year"),
            ("it cost £1,200,000.00", "it cost £1,200,000.00"),
            ("a ratio of 0.1234567890", "a ratio of 0.1234567890"),
            (
                "waited 01 02 03 04 05 minutes",
                "waited 01 02 03 04 05 minutes",
            ),
            ("ref 12345678901", "ref 12345678901"),
            ("only 07700 900", "only 07700 900"),
        ]);
    }

    #[test]
    fn postcodes_only_when_full() {
        check(&[
            ("I live at B12 0AB near", "I live at [postcode] near"),
            ("sw1a1aa", "[postcode]"),
            ("Postcode: M1 1AE.", "Postcode: [postcode]."),
            // An outward code alone is a district, kept.
            (
                "I live in B12 and work in SW1A",
                "I live in B12 and work in SW1A",
            ),
            // Not postcodes: Q cannot start one; a road number and a time.
            ("Q1 1AA", "Q1 1AA"),
            ("the A38 at 10am", "the A38 at 10am"),
            ("AMD, Intel, ARM, A64FX", "AMD, Intel, ARM, A64FX"),
            ("GIR 0AA", "[postcode]"),
        ]);
    }

    #[test]
    fn nhs_numbers_need_the_check_digit() {
        check(&[
            ("NHS no 943 476 5919.", "NHS no [NHS number]."),
            ("NHS no 9434765919", "NHS no [NHS number]"),
            ("NHS no 943-476-5919", "NHS no [NHS number]"),
            ("number 401 023 2137 please", "number [NHS number] please"),
            // Ten digits failing the check are kept.
            ("ref 9434765918", "ref 9434765918"),
            ("ref 123 456 7890", "ref 123 456 7890"),
            // Nine or eleven digits are not NHS numbers.
            ("ref 943476591", "ref 943476591"),
        ]);
    }

    #[test]
    fn ni_numbers_follow_the_prefix_rules() {
        check(&[
            ("NI AB 12 34 56 C ok", "NI [NI number] ok"),
            ("ni ab123456c", "ni [NI number]"),
            ("NI AB123456D", "NI [NI number]"),
            // Invalid prefixes and suffixes are kept.
            ("GB 12 34 56 A", "GB 12 34 56 A"),
            ("QQ 12 34 56 C", "QQ 12 34 56 C"),
            ("AB 12 34 56 E", "AB 12 34 56 E"),
            // Prose with the same shape in lower case.
            ("seen on 12 34 56 a", "seen on 12 34 56 a"),
        ]);
    }

    #[test]
    fn urls_lose_trailing_punctuation() {
        check(&[
            (
                "see https://example.org/page?id=4, or www.example.co.uk.",
                "see [URL], or [URL].",
            ),
            ("(see http://en.example.org/wiki/Foo_(bar))", "(see [URL])"),
            ("click javascript:alert(1)", "click [URL]"),
            // An email inside a URL is part of the URL.
            ("https://example.org/?email=jo@example.org end", "[URL] end"),
            // A bare scheme or a word ending in www is not a URL.
            ("http:// nothing", "http:// nothing"),
            ("the www is slow", "the www is slow"),
        ]);
    }

    #[test]
    fn ip_addresses_and_version_numbers() {
        check(&[
            ("from 192.0.2.1 at noon", "from [IP address] at noon"),
            ("from 2001:db8::ff00:42:8329 ok", "from [IP address] ok"),
            ("from fe80::1ff:fe23:4567:890a.", "from [IP address]."),
            ("from ::ffff:192.0.2.1", "from [IP address]"),
            // Decided: a bare dotted quad is an address, even when it could be a version.
            ("installed 1.2.3.4", "installed [IP address]"),
            // Kept: a quad labelled as a version, a longer dotted run, parts over 255, a time.
            ("version 1.2.3.4", "version 1.2.3.4"),
            ("v. 1.2.3.4", "v. 1.2.3.4"),
            ("build 10.0.19045.1", "build 10.0.19045.1"),
            ("1.2.3.4.5", "1.2.3.4.5"),
            ("256.1.1.1", "256.1.1.1"),
            ("at 10:30:00", "at 10:30:00"),
            ("std::fs and a::b", "std::fs and a::b"),
        ]);
    }

    #[test]
    fn own_name_and_email_are_matched_on_word_boundaries() {
        let own = OwnDetails::new(
            ["Dr Siân O'Brien-Hughes", "Will Green"],
            ["s.obh@example.org"],
        );
        for (input, expected) in [
            ("I am siân o'brien-hughes.", "I am [name]."),
            ("Hughes again", "[name] again"),
            ("O'Brien wrote this", "[name] wrote this"),
            // A typographic apostrophe, and capitals.
            ("O\u{2019}BRIEN wrote this", "[name] wrote this"),
            ("SIÂN\tO'Brien-Hughes", "[name]"),
            ("write to S.OBH@example.org", "write to [email]"),
            // The full name is matched even though both parts are common words...
            ("Will  Green here", "[name] here"),
            // ...but the parts alone are not.
            ("I will walk on the green", "I will walk on the green"),
            // Not a word boundary: part of another word.
            ("Hughesville", "Hughesville"),
            // The title alone is not a name.
            ("the Dr said", "the Dr said"),
        ] {
            assert_eq!(redact_with(input, &own).text, expected, "input: {input:?}");
        }
    }

    #[test]
    fn placeholder_values_and_short_names_are_skipped() {
        assert!(OwnDetails::new(["Anonymous", "n/a", ""], [""]).is_empty());
        let own = OwnDetails::new(["Jo Li"], []);
        assert_eq!(redact_with("Jo Li here", &own).text, "[name] here");
        // Two-letter parts alone would hit "jo" in other words and "li" in lists.
        assert_eq!(redact_with("jo and li", &own).text, "jo and li");
    }

    #[test]
    fn matches_report_spans_and_counts_not_text() {
        let text = "Email jo@example.org or ring 07700 900123; NHS 943 476 5919.";
        let redacted = redact(text);
        assert_eq!(
            redacted.text,
            "Email [email] or ring [phone]; NHS [NHS number]."
        );
        let kinds: Vec<Kind> = redacted.matches.iter().map(|found| found.kind).collect();
        assert_eq!(kinds, [Kind::Email, Kind::Phone, Kind::NhsNumber]);
        assert_eq!(&text[redacted.matches[0].span()], "jo@example.org");
        assert_eq!(redacted.matches[1].chars, 12);
        assert_eq!(redacted.counts.total(), 3);
        assert_eq!(redacted.counts.get(Kind::Postcode), 0);
        let json = serde_json::to_value(&redacted.counts).unwrap();
        assert_eq!(json["nhs_number"], 1);
        assert_eq!(json["name"], 0);
    }

    #[test]
    fn redaction_is_idempotent_and_keeps_other_text() {
        let text = "Mixed: £1,200 on 07/05/2021 — 😀 café, B12 0AB, www.example.org";
        let once = redact(text);
        assert_eq!(
            once.text,
            "Mixed: £1,200 on 07/05/2021 — 😀 café, [postcode], [URL]"
        );
        assert_eq!(redact(&once.text).text, once.text);
        assert!(redact(&once.text).matches.is_empty());
    }

    #[test]
    fn a_long_run_of_numbers_is_linear() {
        // Regression guard: phone scanning looks at most six groups ahead, so a megabyte of
        // "1 " must not take quadratic time.
        let text = "1 ".repeat(500_000);
        let started = std::time::Instant::now();
        assert!(redact(&text).matches.is_empty());
        assert!(started.elapsed().as_secs() < 20);
    }

    fn consultation() -> Dataset {
        let csv = "Respondent ID,First name,Last name,Email address,Postcode,\
                   Do you support the proposal?,Any comments?,Anything else?\n\
                   1,Priya,Sharma,p.sharma@example.org,B12 0AB,Agree,\
                   Sharma family: call 07700 900123,Nothing more to add from me\n\
                   2,Tom,Reed,tom@example.org,B13 9ZZ,Disagree,\
                   Tom here. I read the plan; email tom@example.org,My NHS number is 943 476 5919\n\
                   3,,,,,Agree,,\n\
                   4,Ann,Lee,ann@example.org,B14 7QT,Agree,Fine as it is,Our group wrote at www.example.org\n";
        crate::read_reader(
            csv.as_bytes(),
            "consultation.csv",
            &crate::IngestOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn datasets_lose_personal_columns_and_personal_text() {
        let dataset = consultation();
        let personal: Vec<&str> = dataset
            .questions_of(QuestionType::Personal)
            .map(|question| question.id.as_str())
            .collect();
        assert_eq!(personal.len(), 4, "{personal:?}");
        let (redacted, report) = redact_dataset(&dataset, &RedactOptions::default()).unwrap();
        let ids = redacted.schema().ids();
        assert_eq!(report.personal_dropped, personal);
        assert!(report.personal_kept.is_empty());
        for id in &personal {
            assert!(!ids.contains(&(*id).to_string()), "{id} kept");
            assert!(
                redacted.frame().column(id).is_err(),
                "{id} still in the frame"
            );
        }
        assert_eq!(redacted.respondents(), 4);
        let comments = redacted.texts(&report.questions[0].id).unwrap();
        assert_eq!(
            comments,
            [
                Some("[name] family: call [phone]".to_string()),
                // "Tom" is the respondent's own first name; "read" is his surname but also
                // a common word, so alone it stays.
                Some("[name] here. I read the plan; email [email]".to_string()),
                None,
                Some("Fine as it is".to_string()),
            ]
        );
        let anything = redacted.texts(&report.questions[1].id).unwrap();
        assert_eq!(
            anything[1].as_deref(),
            Some("My NHS number is [NHS number]")
        );
        assert_eq!(anything[3].as_deref(), Some("Our group wrote at [URL]"));
        assert_eq!(report.questions[0].answers_changed, 2);
        assert_eq!(report.questions[1].answers_changed, 2);
        assert_eq!(report.counts.get(Kind::Name), 2);
        assert_eq!(report.counts.get(Kind::Phone), 1);
        assert_eq!(report.counts.get(Kind::Email), 1);
        assert_eq!(report.counts.get(Kind::NhsNumber), 1);
        assert_eq!(report.counts.get(Kind::Url), 1);
        assert_eq!(report.counts.total(), 6);
        // The report never carries the personal data it removed.
        let json = serde_json::to_string(&report).unwrap();
        for secret in ["Sharma", "07700", "tom@example.org", "943 476"] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
    }

    #[test]
    fn personal_columns_can_be_kept_and_questions_chosen() {
        let dataset = consultation();
        let email = dataset.schema().with_role(Role::Email).unwrap().id.clone();
        let comments = dataset
            .questions_of(QuestionType::FreeText)
            .next()
            .unwrap()
            .id
            .clone();
        let options = RedactOptions::default()
            .with_questions(vec![comments.clone()])
            .with_keep_personal(KeepPersonal::Only(vec![email.clone()]));
        let (redacted, report) = redact_dataset(&dataset, &options).unwrap();
        assert_eq!(report.personal_kept, std::slice::from_ref(&email));
        assert_eq!(report.personal_dropped.len(), 3);
        assert_eq!(report.questions.len(), 1);
        assert_eq!(
            redacted.texts(&email).unwrap()[0].as_deref(),
            Some("p.sharma@example.org")
        );
        let (all, report) = redact_dataset(
            &dataset,
            &RedactOptions::default().with_keep_personal(KeepPersonal::All),
        )
        .unwrap();
        assert!(report.personal_dropped.is_empty());
        assert_eq!(all.schema().len(), dataset.schema().len());
    }

    #[test]
    fn bad_requests_are_errors_naming_the_question() {
        let dataset = consultation();
        let error = redact_dataset(
            &dataset,
            &RedactOptions::default().with_questions(vec!["no_such".into()]),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("no question with id \"no_such\"")
        );
        let likert = dataset
            .questions_of(QuestionType::Likert)
            .chain(dataset.questions_of(QuestionType::SingleChoice))
            .next()
            .unwrap()
            .id
            .clone();
        let error = redact_dataset(
            &dataset,
            &RedactOptions::default().with_keep_personal(KeepPersonal::Only(vec![likert.clone()])),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("expected a personal column to keep"),
            "{error}"
        );
        assert_eq!(
            error
                .location()
                .and_then(|location| location.question.clone()),
            Some(likert)
        );
    }

    #[test]
    fn names_after_cues_are_redacted_and_other_capitals_are_not() {
        for (text, expected) in [
            (
                "My name is Beata Murphy and I have lived here 30 years.",
                "My name is [name] and I have lived here 30 years.",
            ),
            ("my name is Mark Brown", "my name is [name]"),
            ("Kind regards, Mrs Patel", "Kind regards, [name]"),
            ("Thanks, Jo", "Thanks, [name]"),
            ("Signed: O'Neill", "Signed: [name]"),
            ("Thanks to the NHS staff", "Thanks to the NHS staff"),
            ("Thank you for listening", "Thank you for listening"),
            ("Thanks, NHS", "Thanks, NHS"),
            ("Thanks again", "Thanks again"),
            ("Regards, Mr", "Regards, Mr"),
            (
                "I went to Newcastle with Sam",
                "I went to Newcastle with Sam",
            ),
            ("The signed petition", "The signed petition"),
        ] {
            assert_eq!(redact(text).text, expected, "{text}");
        }
    }
}
