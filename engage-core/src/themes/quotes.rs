//! Representative quotes for each theme, chosen deterministically: comments with the most
//! distinct matched terms, of middling length, spread over the subgroups of a `--by` question,
//! never the same words twice, with personal data redacted by a function the caller passes
//! (the privacy module's redactor).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::coder::Coder;
use super::coding::{CodedComment, QuestionThemes, ThemeCoding};
use super::matcher::{word_count, words};

/// How quotes are chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteOptions {
    /// Quotes per theme.
    pub per_theme: usize,
    /// Comments with fewer words are used only when there are not enough longer ones.
    pub min_words: usize,
    /// Longer quotes are cut to this many characters, around the first evidence, at word
    /// boundaries.
    pub max_chars: usize,
}

impl Default for QuoteOptions {
    fn default() -> QuoteOptions {
        QuoteOptions {
            per_theme: 3,
            min_words: 4,
            max_chars: 300,
        }
    }
}

impl QuoteOptions {
    /// With this many quotes per theme (default: 3).
    #[must_use]
    pub fn with_per_theme(mut self, count: usize) -> QuoteOptions {
        self.per_theme = count;
        self
    }

    /// With this minimum number of words (default: 4).
    #[must_use]
    pub fn with_min_words(mut self, words: usize) -> QuoteOptions {
        self.min_words = words;
        self
    }

    /// Cutting quotes at this many characters (default: 300).
    #[must_use]
    pub fn with_max_chars(mut self, chars: usize) -> QuoteOptions {
        self.max_chars = chars;
        self
    }
}

/// One quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The respondent's id (or row number).
    pub respondent: String,
    /// The row a spreadsheet shows the answer on (the header is row 1).
    pub row: usize,
    /// The respondent's `--by` group, when split.
    pub group: Option<String>,
    /// The quote, redacted, and cut with `…` when long.
    pub text: String,
    /// The distinct terms the comment matched for the theme (a learned model: the words that
    /// drove its decision).
    pub terms: Vec<String>,
}

/// The quotes of one theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThemeQuotes {
    /// The theme's id.
    pub theme: String,
    /// The theme's label.
    pub label: String,
    /// The quotes, best first.
    pub quotes: Vec<Quote>,
}

/// The quotes of one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionQuotes {
    /// The question's id.
    pub question: String,
    /// Per theme with comments, in display order.
    pub themes: Vec<ThemeQuotes>,
}

/// The quotes chosen for one question's themes (none when the question has none).
#[must_use]
pub fn quotes_of<'a>(quotes: &'a [QuestionQuotes], question: &str) -> &'a [ThemeQuotes] {
    quotes
        .iter()
        .find(|quotes| quotes.question == question)
        .map_or(&[], |quotes| quotes.themes.as_slice())
}

/// Chooses quotes for every theme of every question of a coding made with `coder` (kept with
/// its comments: [`super::CodingOptions::comments`]), one entry per question in the coding's
/// order.
pub fn choose_quotes<'a>(
    coding: &ThemeCoding,
    coder: impl Into<Coder<'a>>,
    options: &QuoteOptions,
    redact: &(dyn Fn(&str) -> String + Sync),
) -> Vec<QuestionQuotes> {
    let coder = coder.into();
    // Questions are independent: their quotes are chosen on the machine's cores at once.
    crate::parallel::map(coding.questions.len(), |index, (): &mut ()| {
        let question = &coding.questions[index];
        QuestionQuotes {
            question: question.question.clone(),
            themes: question_quotes(question, coder, options, redact),
        }
    })
}

/// Quotes for each theme of one question that has comments, in display order. A parent theme's
/// quotes come from comments coded with it or any theme under it.
#[must_use]
pub fn question_quotes<'a>(
    question: &QuestionThemes,
    coder: impl Into<Coder<'a>>,
    options: &QuoteOptions,
    redact: &dyn Fn(&str) -> String,
) -> Vec<ThemeQuotes> {
    let coder = coder.into();
    let tree = coder.tree();
    let mut out = Vec::new();
    if options.per_theme == 0 {
        return out;
    }
    // Each theme's comments, in one pass over the comments.
    let position: HashMap<&str, usize> = question
        .themes
        .iter()
        .enumerate()
        .map(|(position, theme)| (theme.id.as_str(), position))
        .collect();
    let mut coded: Vec<Vec<&CodedComment>> = vec![Vec::new(); question.themes.len()];
    for comment in &question.comments {
        for theme in &comment.themes {
            if let Some(&position) = position.get(theme.as_str()) {
                coded[position].push(comment);
            }
        }
    }
    for (theme, comments) in question.themes.iter().zip(coded) {
        if theme.count == 0 {
            continue;
        }
        let Some(index) = tree.index_of(&theme.id) else {
            continue;
        };
        let candidates: Vec<Candidate<'_>> = comments
            .into_iter()
            .map(|comment| Candidate::new(comment, index, coder))
            .collect();
        out.push(ThemeQuotes {
            theme: theme.id.clone(),
            label: theme.label.clone(),
            quotes: select(&candidates, options, redact),
        });
    }
    out
}

/// A comment that could be quoted for a theme.
struct Candidate<'a> {
    comment: &'a CodedComment,
    /// Distinct terms of the theme (or its descendants) matched.
    terms: Vec<Cow<'a, str>>,
    /// Where the first evidence starts, to centre a cut.
    first_evidence: usize,
    chars: usize,
    words: usize,
    /// The folded words and the distinct folded words, worked out only for the candidates
    /// the selection reaches (a few per theme, of thousands coded).
    folded: OnceCell<(String, BTreeSet<String>)>,
}

/// Share of distinct words two comments have in common (Jaccard) at or above which the second
/// is not quoted: the same sentences in another order, or a campaign text with a line added,
/// tell a reader nothing new.
const NEAR_REPEAT: f64 = 0.5;

impl Candidate<'_> {
    fn folded(&self) -> &(String, BTreeSet<String>) {
        self.folded.get_or_init(|| {
            let folded: Vec<String> = words(&self.comment.text)
                .map(|word| word.folded.into_owned())
                .collect();
            (folded.join(" "), folded.into_iter().collect())
        })
    }

    /// The folded words, to recognise the same comment written twice.
    fn key(&self) -> &str {
        &self.folded().0
    }

    /// The distinct folded words, to recognise a comment that mostly repeats another.
    fn vocabulary(&self) -> &BTreeSet<String> {
        &self.folded().1
    }

    fn repeats(&self, other: &Candidate<'_>) -> bool {
        let (mine, theirs) = (self.vocabulary(), other.vocabulary());
        let shared = mine.intersection(theirs).count();
        let all = mine.len() + theirs.len() - shared;
        all > 0 && shared as f64 / all as f64 >= NEAR_REPEAT
    }
}

impl<'a> Candidate<'a> {
    fn new(comment: &'a CodedComment, theme: usize, coder: Coder<'a>) -> Candidate<'a> {
        let mut terms: Vec<Cow<'a, str>> = Vec::new();
        let mut first_evidence = usize::MAX;
        for evidence in &comment.coding.evidence {
            if coder.tree().is_within(evidence.theme, theme) {
                first_evidence = first_evidence.min(evidence.start);
                let term = evidence.term_text(coder, &comment.text);
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
        }
        Candidate {
            comment,
            terms,
            first_evidence: if first_evidence == usize::MAX {
                0
            } else {
                first_evidence
            },
            chars: comment.text.chars().count(),
            words: word_count(&comment.text),
            folded: OnceCell::new(),
        }
    }
}

/// Picks up to `options.per_theme` quotes: ranks comments (enough words first, then most
/// distinct terms, then closest to the typical length, then file order), and takes the best
/// remaining comment of each subgroup in turn (largest subgroup first) so that quotes are
/// spread across groups. Identical comments are quoted once, and a comment sharing half its
/// words or more with one already chosen is passed over.
fn select(
    candidates: &[Candidate<'_>],
    options: &QuoteOptions,
    redact: &dyn Fn(&str) -> String,
) -> Vec<Quote> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let target = typical_length(candidates);
    // Ranked: long enough first, then more distinct terms (up to three), then nearer the
    // typical length, then by row (the sort keys worked out once per candidate).
    let mut keyed: Vec<(bool, usize, f64, &Candidate<'_>)> = candidates
        .iter()
        .map(|candidate| {
            (
                candidate.words < options.min_words,
                candidate.terms.len().min(3),
                length_penalty(candidate.chars, target),
                candidate,
            )
        })
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.comment.row.cmp(&b.3.comment.row))
            .then(a.3.comment.respondent.cmp(&b.3.comment.respondent))
    });
    let ranked: Vec<&Candidate<'_>> = keyed.into_iter().map(|(.., candidate)| candidate).collect();
    // Each candidate's group is its first `--by` group; without a split, one group.
    let mut by_group: BTreeMap<&str, Vec<&Candidate<'_>>> = BTreeMap::new();
    for candidate in &ranked {
        let group = candidate.comment.groups.first().map_or("", String::as_str);
        by_group.entry(group).or_default().push(candidate);
    }
    let mut groups: Vec<(&str, Vec<&Candidate<'_>>)> = by_group.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut cursors = vec![0usize; groups.len()];
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut chosen = Vec::new();
    loop {
        let mut progressed = false;
        for (position, (_, members)) in groups.iter().enumerate() {
            if chosen.len() >= options.per_theme {
                break;
            }
            while let Some(candidate) = members.get(cursors[position]) {
                cursors[position] += 1;
                if seen.insert(candidate.key())
                    && !chosen
                        .iter()
                        .any(|quote: &&Candidate<'_>| quote.repeats(candidate))
                {
                    chosen.push(*candidate);
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed || chosen.len() >= options.per_theme {
            break;
        }
    }
    chosen
        .into_iter()
        .map(|candidate| Quote {
            respondent: candidate.comment.respondent.clone(),
            row: candidate.comment.row,
            group: candidate.comment.groups.first().cloned(),
            text: excerpt(
                &candidate.comment.text,
                candidate.first_evidence,
                options.max_chars,
                redact,
            ),
            terms: candidate.terms.iter().map(ToString::to_string).collect(),
        })
        .collect()
}

/// The median length of the candidates in characters, kept between 60 and 240 so that "mid
/// length" means a sentence or two even when most comments are one word or an essay.
fn typical_length(candidates: &[Candidate<'_>]) -> f64 {
    let mut lengths: Vec<usize> = candidates.iter().map(|candidate| candidate.chars).collect();
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2] as f64;
    median.clamp(60.0, 240.0)
}

/// How far a length is from the target, on a log scale (twice as long is as far as half as
/// long).
fn length_penalty(chars: usize, target: f64) -> f64 {
    ((chars.max(1) as f64) / target).ln().abs()
}

/// The redacted comment on one line, cut to `max_chars` around the first evidence when longer.
/// Redaction runs on the whole comment before cutting, so that a cut cannot leave half a phone
/// number unrecognised.
fn excerpt(
    text: &str,
    evidence: usize,
    max_chars: usize,
    redact: &dyn Fn(&str) -> String,
) -> String {
    let redacted = redact(text);
    // Where the evidence sits in the redacted text: redaction replaces items in place, so the
    // redacted prefix is as long as the prefix of the redacted text (a redaction spanning the
    // evidence start is the rare exception, and then the cut only starts a little off).
    let prefix = text
        .get(..evidence)
        .map_or(0, |prefix| redact(prefix).len());
    let single: String = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
    let anchor_in_single = {
        let head = redacted.get(..prefix.min(redacted.len())).unwrap_or("");
        head.split_whitespace().collect::<Vec<_>>().join(" ").len()
    };
    if max_chars == 0 || single.chars().count() <= max_chars {
        return single;
    }
    // Start a little before the evidence, at a word boundary, and take max_chars from there.
    let chars: Vec<(usize, char)> = single.char_indices().collect();
    let anchor = chars.partition_point(|(offset, _)| *offset < anchor_in_single);
    let lead = max_chars / 5;
    let mut start = anchor.saturating_sub(lead);
    if start + max_chars > chars.len() {
        start = chars.len().saturating_sub(max_chars);
    }
    while start > 0 && !chars[start - 1].1.is_whitespace() {
        start -= 1;
    }
    let mut end = (start + max_chars).min(chars.len());
    if end < chars.len() {
        while end > start + 1 && !chars[end].1.is_whitespace() {
            end -= 1;
        }
    }
    let byte = |index: usize| chars.get(index).map_or(single.len(), |(offset, _)| *offset);
    let mut out = String::new();
    if start > 0 {
        out.push('\u{2026}');
    }
    out.push_str(single[byte(start)..byte(end)].trim());
    if end < chars.len() {
        out.push('\u{2026}');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::codebook::{Codebook, Theme};
    use crate::themes::coding::{CodingOptions, code_dataset};
    use crate::{IngestOptions, read_reader};

    fn coding() -> (ThemeCoding, Codebook) {
        let csv = "id,Which best describes you?,Comments\n\
                   1,Resident,Parking\n\
                   2,Resident,The parking is far too expensive for patients and visitors alike\n\
                   3,Patient,Parking was hard to find and the car park was full when I arrived at nine\n\
                   4,Patient,The parking is far too expensive for patients and visitors alike\n\
                   5,Staff,Staff parking is a long walk from the main entrance of the centre\n\
                   6,Resident,\"I could not find parking anywhere near the centre, and when I finally did find a space the car park machine would not take cards, so I had to walk to a shop for change, which took twenty minutes in the rain and made me miss my appointment slot completely\"\n";
        let dataset = read_reader(csv.as_bytes(), "quotes.csv", &IngestOptions::default()).unwrap();
        let codebook = Codebook::builder()
            .theme(Theme::new("parking", "Parking").with_include(["parking", "car park"]))
            .build()
            .unwrap();
        let by = dataset
            .schema()
            .profile_questions()
            .next()
            .unwrap()
            .id
            .clone();
        let options = CodingOptions::default()
            .with_questions(vec!["comments".to_string()])
            .with_by(Some(by));
        (
            code_dataset(&dataset, &codebook, &options).unwrap(),
            codebook,
        )
    }

    #[test]
    fn quotes_prefer_more_terms_and_spread_over_groups_without_repeats() {
        let (coding, codebook) = coding();
        let redact = |text: &str| text.replace("nine", "[time]");
        let options = QuoteOptions::default().with_max_chars(120);
        let chosen = choose_quotes(&coding, &codebook, &options, &redact);
        let quotes = &chosen[0].themes[0].quotes;
        let picked: Vec<(&str, Option<&str>)> = quotes
            .iter()
            .map(|quote| (quote.respondent.as_str(), quote.group.as_deref()))
            .collect();
        // Residents are the largest group: their best (two terms: 6) comes first, then the
        // patients' best (two terms: 3), then staff (5); 4 repeats 2 and 1 is one word.
        assert_eq!(
            picked,
            [
                ("6", Some("Resident")),
                ("3", Some("Patient")),
                ("5", Some("Staff"))
            ]
        );
        assert!(quotes[1].text.ends_with("[time]"), "{}", quotes[1].text);
        assert_eq!(quotes[1].terms, ["parking", "car park"]);
        // The long comment is cut to at most 120 characters plus the ellipsis.
        assert!(quotes[0].text.chars().count() <= 121, "{}", quotes[0].text);
        assert!(quotes[0].text.ends_with('\u{2026}'));
    }

    #[test]
    fn selection_is_deterministic_and_respects_the_count() {
        let (first, codebook) = coding();
        let (second, _) = coding();
        let options = QuoteOptions::default().with_per_theme(5);
        let first = choose_quotes(&first, &codebook, &options, &|text| text.to_string());
        let second = choose_quotes(&second, &codebook, &options, &|text| text.to_string());
        assert_eq!(first, second);
        // Six comments, one a repeat: five distinct.
        assert_eq!(first[0].themes[0].quotes.len(), 5);
    }

    #[test]
    fn a_comment_that_mostly_repeats_a_quote_is_passed_over() {
        let csv = "id,Comments\n\
                   1,People rely on its location near the bus station. Getting to the hospital means two buses.\n\
                   2,Getting to the hospital means two buses. People rely on its location near the bus station.\n\
                   3,Getting to the hospital means two buses and the parking there costs a fortune every visit.\n\
                   4,The bus from the east end stops right outside the centre which matters to me.\n";
        let dataset = read_reader(csv.as_bytes(), "quotes.csv", &IngestOptions::default()).unwrap();
        let codebook = Codebook::builder()
            .theme(Theme::new("travel", "Getting there").with_include(["bus*", "hospital"]))
            .build()
            .unwrap();
        let coding = code_dataset(&dataset, &codebook, &CodingOptions::default()).unwrap();
        let chosen = choose_quotes(&coding, &codebook, &QuoteOptions::default(), &|text| {
            text.to_string()
        });
        let quoted: Vec<&str> = chosen[0].themes[0]
            .quotes
            .iter()
            .map(|quote| quote.respondent.as_str())
            .collect();
        // 2 is 1 reordered (every word shared); 3 shares under half its words with 1.
        assert!(quoted.contains(&"1") != quoted.contains(&"2"), "{quoted:?}");
        assert!(quoted.contains(&"3") && quoted.contains(&"4"), "{quoted:?}");
        assert_eq!(quoted.len(), 3);
    }

    #[test]
    fn excerpts_centre_on_the_evidence() {
        let text = format!("{} parking {}", "word ".repeat(100), "more ".repeat(100));
        let evidence = text.find("parking").unwrap();
        let cut = excerpt(&text, evidence, 60, &|text: &str| text.to_string());
        assert!(
            cut.starts_with('\u{2026}') && cut.ends_with('\u{2026}'),
            "{cut}"
        );
        assert!(cut.contains("parking"), "{cut}");
        assert!(cut.chars().count() <= 62, "{cut}");
        assert_eq!(
            excerpt("short  text\nhere", 0, 60, &|text: &str| text.to_string()),
            "short text here"
        );
    }
}
