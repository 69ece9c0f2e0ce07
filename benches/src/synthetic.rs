//! The synthetic export the benchmarks and the peer comparison run on: R rows by 40 columns of
//! an urgent-care consultation, generated from a seed so that every machine gets the same bytes.
//!
//! The columns are the mix a real export has: metadata (respondent id, start and completion
//! times, collector), choice questions, two Likert grids, multi-selects joined with `;`, yes/no
//! questions, a 0-10 rating, a number, a date, four free-text questions and five profile
//! questions (age band, sex, ethnic group, disability, postcode district). Answers depend on a
//! respondent's leaning for or against the proposal, so cross-tabs have something to find.
//!
//! Free text is drawn from a vocabulary of filler words and the terms of the walk-in-centre
//! codebook (`testdata/codebooks/walk-in-centre.toml`). Both are chosen so that engage's matcher
//! (stemming, negation, exclusions, leftmost-longest phrases) and a plain case-insensitive
//! whole-word regex per theme, which is what an analyst writes in pandas or polars, code every
//! comment alike ([`Vocabulary`]): the comparison's theme counts are then a like-for-like
//! check rather than a difference of method.
//!
//! Rows are produced one at a time ([`Generator`]), so a million rows never sit in memory.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use engage_core::themes::{Codebook, CodebookOptions, Theme};

use crate::rng::Rng;
use crate::sample::Cell;

/// The seed of every synthetic file; changing it changes every figure in benches/README.md.
pub const SEED: u64 = 0x5EED_2024;

/// The walk-in-centre codebook the free text is written for, as bundled in `testdata/`.
pub const CODEBOOK_TOML: &str = include_str!("../../testdata/codebooks/walk-in-centre.toml");

/// The walk-in-centre codebook, parsed.
#[must_use]
pub fn codebook() -> Codebook {
    Codebook::from_toml(CODEBOOK_TOML, "walk-in-centre.toml")
        .expect("the bundled walk-in-centre codebook is valid")
}

const AGREE_STEM: &str = "How much do you agree or disagree with the following statements?";
const SATISFIED_STEM: &str = "How satisfied are you with the following?";

const STATEMENTS: [&str; 8] = [
    "The walk-in centre should stay at its current site",
    "Moving walk-in services to the hospital site would improve care",
    "It is easy to get an appointment with my GP",
    "I would know where to go for urgent care if the centre moved",
    "Longer opening hours matter more to me than where the service is",
    "The consultation explained the proposal clearly",
    "I trust the NHS to make the right decision",
    "Public transport to the hospital is good enough",
];
const ASPECTS: [&str; 6] = [
    "Waiting times",
    "Opening hours",
    "The staff who treated you",
    "Cleanliness",
    "Information about where to go",
    "Getting there",
];

/// The 40 column headers, in order.
#[must_use]
pub fn headers() -> Vec<String> {
    let mut headers: Vec<String> = [
        "Respondent ID",
        "Start time",
        "Completion time",
        "Collector",
        "In what capacity are you responding to this consultation?",
        "Which of these services have you used in the last 12 months? (select all that apply)",
        "Have you used the walk-in centre in the last two years?",
    ]
    .iter()
    .map(|header| (*header).to_string())
    .collect();
    headers.extend(
        STATEMENTS
            .iter()
            .map(|statement| format!("{AGREE_STEM} [{statement}]")),
    );
    headers.extend(
        ASPECTS
            .iter()
            .map(|aspect| format!("{SATISFIED_STEM} [{aspect}]")),
    );
    headers.extend(
        [
            "How likely are you to recommend the walk-in centre to friends and family? (0 = not at all likely, 10 = extremely likely)",
            "Overall, how would you rate urgent care services in your area?",
            "Which of the options do you prefer?",
            "How would you usually travel to the walk-in centre?",
            "How did you hear about this consultation? (select all that apply)",
            "Which of these would matter most to you? (select up to three)",
            "Do you support the proposal overall?",
            "Would you be willing to take part in a follow-up discussion group?",
            "How many times have you used urgent care services in the last 12 months?",
            "When did you last use the walk-in centre?",
            "Please tell us the reasons for your answers",
            "What would make urgent care better for you and your family?",
            "Is there anything about the proposal that concerns you?",
            "Do you have any other comments?",
            "What is your age?",
            "What is your sex?",
            "What is your ethnic group?",
            "Are your day-to-day activities limited because of a health problem or disability which has lasted, or is expected to last, at least 12 months?",
            "What is the first part of your postcode? (for example NE6)",
        ]
        .iter()
        .map(|header| (*header).to_string()),
    );
    debug_assert_eq!(headers.len(), COLUMNS);
    headers
}

/// Columns per row.
pub const COLUMNS: usize = 40;

/// Collectors (distribution channels).
pub const COLLECTORS: [&str; 5] = [
    "Web link",
    "Email invitation",
    "QR code poster",
    "Paper form (entered by staff)",
    "Social media link",
];
/// The quality scale, most negative first.
pub const QUALITY: [&str; 5] = ["Very poor", "Poor", "Fair", "Good", "Very good"];
/// The options of the preference question.
pub const OPTIONS: [&str; 4] = [
    "Keep the centre where it is",
    "Move it to the hospital site",
    "Keep both with shorter hours",
    "No preference",
];
/// How people travel.
pub const TRAVEL: [&str; 6] = ["Car", "Bus", "On foot", "Taxi", "Bicycle", "Other"];
/// What matters most (multi-select, up to three).
pub const PRIORITIES: [&str; 7] = [
    "Shorter waits",
    "Longer opening hours",
    "Free parking",
    "Being close to home",
    "Seeing a GP",
    "Booking online",
    "X-ray on site",
];
pub use crate::sample::{
    AGE, AGREE, CAPACITY, DISABILITY, ETHNIC, HEARD, SATISFACTION, SERVICES, SEX,
};
const ETHNIC_WEIGHTS: [f64; 20] = [
    74.0, 1.2, 0.2, 0.2, 4.5, 0.8, 0.4, 0.8, 0.6, 2.6, 2.8, 1.8, 1.0, 1.0, 0.9, 2.0, 0.3, 0.6, 0.8,
    3.5,
];
/// Postcode districts.
pub const DISTRICTS: [&str; 16] = [
    "NE1", "NE2", "NE3", "NE4", "NE5", "NE6", "NE7", "NE12", "NE13", "NE15", "NE16", "NE20",
    "NE27", "NE28", "NE29", "NE30",
];

/// Everyday words with no codebook term, exclude term or negator among their words, stems or
/// prefixes. [`Vocabulary::new`] checks each against the codebook and drops any that would
/// match, so an edited codebook cannot make the filler code a comment.
const FILLER: &str = "\
    really think people area years lived family important service community always sometimes \
    often usually feel felt believe worry worried concerned happy unhappy pleased disappointed \
    frustrated angry grateful lucky difficult easy hard simple clear unclear confusing fair \
    unfair right wrong good bad great terrible awful lovely brilliant decent proper whole \
    entire many much more most less least few several every each some any other another same \
    different new old young small large big little long short quick slow recent last next first \
    second third once twice again still already also just only even very quite rather pretty \
    fairly completely totally absolutely probably perhaps maybe certainly surely clearly \
    honestly frankly personally generally especially particularly mainly mostly partly recently \
    lately today yesterday tomorrow week month year morning afternoon winter summer spring \
    autumn husband wife partner son daughter mother father grandson granddaughter neighbour \
    neighbours friend friends colleague everyone somebody anybody nobody myself yourself \
    themselves ourselves we they he she it you i me us them him her our their his its your this \
    that these those here which who whom whose what when where why how whether if because so \
    and or as than then about above below between during before since until while with within \
    from into onto upon over under across along around behind beside near past through towards \
    was were had has did does doing done made make making went going gone come came coming took \
    taken taking gave given giving found finding told telling asked asking seemed seems became \
    become left leaving kept brought bringing thought thinking knew known knowing heard hearing \
    saw seeing wanted wanting needed needing tried trying hoped hoping used using worked \
    working moved moving changed changing happened happening decided deciding planned planning \
    proposed building buildings street road estate village neighbourhood borough council \
    government board trust managers plans decision decisions change changes future history \
    experience experiences situation problem reason reasons example point points thing things \
    something everything anything nothing lot lots bit way ways idea ideas view views opinion \
    opinions letter phone call called calling ring rang visit visits visited visiting trip \
    trips sick ill unwell poorly pain injury injuries cough fever rash infection asthma \
    diabetes blood pressure chest arm leg head back ankle wrist burn cut sprain stitches \
    bandage medicine tablets cream advice help helped support supported safe safer safety risk \
    risks worse better best worst enough too";

/// Emoji that respondents add, which take text off the ASCII fast path of word segmentation.
const EMOJI: [&str; 4] = ["\u{1F621}", "\u{1F44D}", "\u{1F64F}", "\u{1F3E5}"];

/// The words free text is made of: filler words that code nothing, and codebook terms written
/// so that each codes its own theme and nothing else, under engage's matcher and under a
/// whole-word regex per theme alike ([`theme_patterns`]).
#[derive(Clone, Debug)]
pub struct Vocabulary {
    /// Words that match no term of any theme.
    pub filler: Vec<&'static str>,
    /// `(theme index, text)`: a term as it is written into comments.
    pub terms: Vec<(usize, String)>,
    /// Per theme with terms, how often it is drawn relative to others.
    weights: Vec<f64>,
    /// Per theme, the indices into `terms` of its terms.
    by_theme: Vec<Vec<usize>>,
    /// The themes that have terms.
    themes: Vec<usize>,
}

impl Vocabulary {
    /// The vocabulary for a codebook: the filler words that match none of its terms, exclude
    /// terms, negators or their stems, and the include terms that, written out alone, code
    /// exactly their own theme both in engage and by the per-theme regexes. `/regex/` terms are
    /// left out; a `prefix*` term is written as the prefix plus `ed`.
    #[must_use]
    pub fn new(codebook: &Codebook) -> Vocabulary {
        let patterns: Vec<(usize, regex::Regex)> = theme_patterns(codebook)
            .into_iter()
            .map(|(theme, pattern)| {
                (
                    theme,
                    regex::Regex::new(&pattern).expect("theme patterns compile"),
                )
            })
            .collect();
        let words = word_codebook(codebook);
        let mut filler: Vec<&'static str> = Vec::new();
        for word in FILLER.split_whitespace() {
            let coded = words.code(word);
            let clean = !coded.is_coded()
                && coded.suppressed.is_empty()
                && !codebook.code(word).is_coded()
                && patterns.iter().all(|(_, pattern)| !pattern.is_match(word));
            if clean && !filler.contains(&word) {
                filler.push(word);
            }
        }
        let mut terms = Vec::new();
        for (theme, definition) in codebook.themes().iter().enumerate() {
            for term in &definition.include {
                let term = term.trim();
                if term.starts_with('/') {
                    continue;
                }
                let text = match term.strip_suffix('*') {
                    Some(prefix) => format!("{prefix}ed"),
                    None => term.to_string(),
                };
                let coding = codebook.code(&text);
                let engage_alike = coding.themes() == [theme] && coding.suppressed.is_empty();
                let regex_alike = patterns
                    .iter()
                    .filter(|(_, pattern)| pattern.is_match(&text))
                    .map(|(matched, _)| *matched)
                    .eq(std::iter::once(theme));
                if engage_alike && regex_alike {
                    terms.push((theme, text));
                }
            }
        }
        let mut by_theme = vec![Vec::new(); codebook.themes().len()];
        for (index, (theme, _)) in terms.iter().enumerate() {
            by_theme[*theme].push(index);
        }
        let themes: Vec<usize> = (0..by_theme.len())
            .filter(|&theme| !by_theme[theme].is_empty())
            .collect();
        // Some themes come up far more than others, as in real consultations: a Zipf-like
        // spread over the themes in codebook order.
        let weights = (0..themes.len())
            .map(|rank| 1.0 / (1.0 + rank as f64 * 0.35))
            .collect();
        Vocabulary {
            filler,
            terms,
            weights,
            by_theme,
            themes,
        }
    }

    /// A comment of `5..=80` words: sentences of filler with codebook terms among them, never
    /// two terms side by side. Returns the text and the themes (indices) of the terms written.
    pub fn comment(&self, rng: &mut Rng, term_rate: f64) -> (String, Vec<usize>) {
        // Short comments are the most common; a few run to the limit.
        let length = 5 + (75.0 * rng.unit().powf(2.2)).round() as usize;
        let mut text = String::with_capacity(length * 7);
        let mut themes = Vec::new();
        let mut written = 0;
        let mut sentence_left = rng.range(6, 16) as usize;
        let mut sentence_start = true;
        let mut last_was_term = false;
        while written < length {
            if !text.is_empty() {
                text.push(' ');
            }
            let term = !last_was_term && rng.chance(term_rate);
            let piece: &str = if term {
                let theme = self.themes[rng.weighted(&self.weights)];
                let index = *rng.pick(&self.by_theme[theme]);
                themes.push(theme);
                &self.terms[index].1
            } else {
                rng.pick::<&str>(&self.filler)
            };
            let start = text.len();
            if term && piece.len() <= 3 && rng.chance(0.7) {
                text.push_str(&piece.to_uppercase());
            } else {
                text.push_str(piece);
            }
            if sentence_start {
                text[start..=start].make_ascii_uppercase();
            }
            last_was_term = term;
            written += piece.split(' ').count();
            sentence_left = sentence_left.saturating_sub(1);
            sentence_start = false;
            if sentence_left == 0 || written >= length {
                text.push(if rng.chance(0.08) { '!' } else { '.' });
                sentence_left = rng.range(6, 16) as usize;
                sentence_start = true;
            }
        }
        if rng.chance(0.04) {
            text.push(' ');
            text.push_str(rng.pick::<&str>(&EMOJI));
        }
        themes.sort_unstable();
        themes.dedup();
        (text, themes)
    }
}

/// A codebook with one theme holding every word of every include term, exclude term and
/// negator of `codebook`, and its prefix and regex terms, stemmed as `codebook` is and without
/// negation: a word it codes shares a word or stem with some term, so it cannot be filler.
fn word_codebook(codebook: &Codebook) -> Codebook {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |term: &str| {
        let term = term.trim();
        if term.starts_with('/') || term.ends_with('*') {
            terms.push(term.to_string());
            return;
        }
        for word in engage_core::themes::matcher::words(term) {
            let word = word.folded.into_owned();
            if !terms.contains(&word) {
                terms.push(word);
            }
        }
    };
    for theme in codebook.themes() {
        theme.include.iter().for_each(|term| add(term));
        theme.exclude.iter().for_each(|term| add(term));
    }
    for negator in &codebook.options().negators {
        add(negator);
    }
    let options = CodebookOptions::default()
        .with_stem(codebook.options().stem)
        .with_negation_window(0);
    Codebook::builder()
        .options(options)
        .theme(Theme::new("words", "Words of the codebook").with_include(terms))
        .build()
        .expect("words of a valid codebook make a valid codebook")
}

/// Per theme with include terms, the regex an analyst writes for `str.contains` in pandas or
/// polars: the terms as case-insensitive whole words, `prefix*` as the prefix and any word
/// characters, `/regex/` terms as they are. Parent themes have no pattern: they count a comment
/// when any child theme does. `benches/compare/peers.py` builds the same patterns from the TOML.
#[must_use]
pub fn theme_patterns(codebook: &Codebook) -> Vec<(usize, String)> {
    codebook
        .themes()
        .iter()
        .enumerate()
        .filter(|(_, theme)| !theme.include.is_empty())
        .map(|(index, theme)| {
            let alternatives: Vec<String> = theme
                .include
                .iter()
                .map(|term| term_pattern(term.trim()))
                .collect();
            (index, format!("(?i)(?:{})", alternatives.join("|")))
        })
        .collect()
}

fn term_pattern(term: &str) -> String {
    if let Some(regex) = term
        .strip_prefix('/')
        .and_then(|rest| rest.strip_suffix('/'))
    {
        return format!("(?:{regex})");
    }
    match term.strip_suffix('*') {
        Some(prefix) => format!(r"\b{}\w*", escape(prefix)),
        None => format!(r"\b{}\b", escape(term)),
    }
}

/// Escapes the characters that are special in both Python's `re` and Rust's `regex`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if "\\.^$|?*+()[]{}".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// What a respondent is like: the hidden variables their answers follow.
struct Respondent {
    capacity: usize,
    age: usize,
    lean: f64,
    used_centre: bool,
}

/// Streams the rows of a synthetic export.
#[derive(Debug)]
pub struct Generator {
    rng: Rng,
    vocabulary: Vocabulary,
    rows: usize,
    next: usize,
    opened: NaiveDateTime,
    /// Cumulative share of responses by the end of each day of the consultation.
    day_cdf: Vec<f64>,
}

impl Generator {
    /// A generator of `rows` rows from a seed.
    #[must_use]
    pub fn new(seed: u64, rows: usize) -> Generator {
        let opened = NaiveDate::from_ymd_opt(2024, 1, 8)
            .and_then(|date| date.and_hms_opt(0, 0, 0))
            .expect("a valid date");
        // Responses per day: weekday lulls, bursts after the launch letter, a newspaper story
        // and a public meeting, and a rush before the close.
        let days = 84;
        let mut weights: Vec<f64> = (0..days)
            .map(|day| 4.0 - if day % 7 >= 5 { 1.5 } else { 0.0 })
            .collect();
        for (peak, height) in [(3usize, 40.0), (30, 55.0), (58, 45.0), (82, 60.0)] {
            for (day, weight) in weights.iter_mut().enumerate() {
                *weight += height * (-(day.abs_diff(peak) as f64) / 2.5).exp();
            }
        }
        let total: f64 = weights.iter().sum();
        let day_cdf = weights
            .iter()
            .scan(0.0, |sum, weight| {
                *sum += weight / total;
                Some(*sum)
            })
            .collect();
        Generator {
            rng: Rng::new(seed),
            vocabulary: Vocabulary::new(&codebook()),
            rows,
            next: 0,
            opened,
            day_cdf,
        }
    }

    /// The vocabulary free text is drawn from.
    #[must_use]
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// When the `index`th response was started: responses arrive in order, spread over the
    /// consultation's days by the day weights.
    fn started(&mut self, index: usize) -> NaiveDateTime {
        let share = (index as f64 + self.rng.unit()) / self.rows.max(1) as f64;
        let day = self
            .day_cdf
            .iter()
            .position(|&cumulative| share < cumulative)
            .unwrap_or(self.day_cdf.len() - 1);
        let before = if day == 0 { 0.0 } else { self.day_cdf[day - 1] };
        let within = ((share - before) / (self.day_cdf[day] - before)).clamp(0.0, 0.999_999);
        // Between 07:00 and 23:00.
        let seconds = 7 * 3600 + (within * 16.0 * 3600.0) as i64;
        self.opened + Duration::days(day as i64) + Duration::seconds(seconds)
    }

    fn row(&mut self, index: usize) -> Vec<Cell> {
        let rng = &mut self.rng;
        let capacity = rng.weighted(&[60.0, 20.0, 7.0, 9.0, 4.0]);
        let age = rng.weighted(&[0.8, 5.0, 10.0, 13.0, 16.0, 19.0, 18.0, 13.0, 5.2]);
        let older = (6..=7).contains(&age);
        let staff = capacity == 3;
        let mut lean = -0.4 + rng.normal() * 0.8;
        if staff {
            lean += 0.9;
        }
        if older {
            lean -= 0.35;
        }
        if age <= 2 {
            lean += 0.25;
        }
        let respondent = Respondent {
            capacity,
            age,
            lean,
            used_centre: rng.chance(0.62 - lean * 0.1),
        };
        let started = self.started(index);
        let rng = &mut self.rng;
        let completed = started + Duration::seconds(rng.range(90, 1500));
        let mut cells = Vec::with_capacity(COLUMNS);
        cells.push(Cell::Number((index + 1) as f64));
        cells.push(Cell::DateTime(started));
        cells.push(Cell::DateTime(completed));
        cells.push(text(
            COLLECTORS[rng.weighted(&[55.0, 20.0, 8.0, 7.0, 10.0])],
        ));
        cells.push(text(CAPACITY[respondent.capacity]));
        cells.push(multi(
            rng,
            &SERVICES,
            &[0.8, 0.45, 0.4, 0.3, 0.55, 0.15, 0.25, 0.04],
            8,
        ));
        cells.push(text(if respondent.used_centre { "Yes" } else { "No" }));
        // Some people stop after the first page.
        let stops_early = rng.chance(0.05);
        if stops_early {
            cells.resize(COLUMNS, Cell::Blank);
            return cells;
        }
        let lean = respondent.lean;
        let statement_leans = [
            -lean,
            lean,
            -0.3,
            0.2 - lean * 0.2,
            0.3 + lean * 0.3,
            0.1,
            lean * 0.5,
            lean * 0.7 - 0.2,
        ];
        for (item, statement_lean) in statement_leans.iter().enumerate() {
            if rng.chance(0.02 + 0.005 * item as f64) {
                cells.push(Cell::Blank);
            } else if rng.chance(if item == 3 { 0.1 } else { 0.04 }) {
                cells.push(text("Don't know"));
            } else {
                cells.push(text(AGREE[scale_point(rng, 2.0 + statement_lean * 1.6)]));
            }
        }
        for item in 0..ASPECTS.len() {
            if !respondent.used_centre && rng.chance(0.7) {
                cells.push(if rng.chance(0.6) {
                    text("Not applicable")
                } else {
                    Cell::Blank
                });
            } else if rng.chance(0.03) {
                cells.push(Cell::Blank);
            } else {
                let centre = 2.9 + [-0.6, 0.2, 0.6, 0.4, -0.3, -0.2][item] - lean * 0.3;
                cells.push(text(SATISFACTION[scale_point(rng, centre)]));
            }
        }
        cells.push(if respondent.used_centre && rng.chance(0.92) {
            Cell::Number(
                (7.5 + rng.normal() * 2.1 - lean * 0.7)
                    .round()
                    .clamp(0.0, 10.0),
            )
        } else {
            Cell::Blank
        });
        cells.push(if rng.chance(0.04) {
            Cell::Blank
        } else {
            text(QUALITY[scale_point(rng, 2.3 - lean * 0.2)])
        });
        let option = if lean < -0.5 {
            rng.weighted(&[70.0, 8.0, 17.0, 5.0])
        } else if lean > 0.5 {
            rng.weighted(&[12.0, 62.0, 18.0, 8.0])
        } else {
            rng.weighted(&[35.0, 25.0, 25.0, 15.0])
        };
        // Younger people lean to the new site a little more: the cross-tab has a signal.
        let option = if respondent.age <= 2 && option == 0 && rng.chance(0.2) {
            1
        } else {
            option
        };
        cells.push(optional(rng, 0.03, OPTIONS[option]));
        let travel = TRAVEL[rng.weighted(&[48.0, 25.0, 15.0, 6.0, 2.0, 4.0])];
        cells.push(optional(rng, 0.05, travel));
        cells.push(multi(
            rng,
            &HEARD,
            &[0.35, 0.3, 0.18, 0.14, 0.2, 0.06, 0.05],
            7,
        ));
        cells.push(multi(
            rng,
            &PRIORITIES,
            &[0.45, 0.35, 0.3, 0.4, 0.3, 0.15, 0.1],
            3,
        ));
        let support = if lean > 0.3 {
            rng.weighted(&[75.0, 10.0, 15.0])
        } else if lean < -0.3 {
            rng.weighted(&[8.0, 80.0, 12.0])
        } else {
            rng.weighted(&[30.0, 35.0, 35.0])
        };
        cells.push(optional(rng, 0.03, ["Yes", "No", "Not sure"][support]));
        let follow_up = if rng.chance(0.22) { "Yes" } else { "No" };
        cells.push(optional(rng, 0.06, follow_up));
        cells.push(if rng.chance(0.05) {
            Cell::Blank
        } else {
            Cell::Number((rng.unit() * rng.unit() * 12.0).floor())
        });
        cells.push(if respondent.used_centre {
            Cell::Date((started - Duration::days(rng.range(3, 700))).date())
        } else {
            Cell::Blank
        });
        for (answer_rate, term_rate) in [(0.7, 0.12), (0.5, 0.1), (0.35, 0.1), (0.2, 0.08)] {
            if rng.chance(answer_rate) {
                let (comment, _) = self.vocabulary.comment(rng, term_rate);
                cells.push(Cell::Text(comment));
            } else {
                cells.push(Cell::Blank);
            }
        }
        let skips_profile = rng.chance(0.06);
        let profile = |rng: &mut Rng, value: &str| {
            if skips_profile || rng.chance(0.03) {
                Cell::Blank
            } else {
                text(value)
            }
        };
        cells.push(profile(rng, AGE[respondent.age]));
        let sex = SEX[rng.weighted(&[56.0, 40.0, 4.0])];
        cells.push(profile(rng, sex));
        let ethnic = ETHNIC[rng.weighted(&ETHNIC_WEIGHTS)];
        cells.push(profile(rng, ethnic));
        let disability = rng.weighted(&[
            if older { 16.0 } else { 7.0 },
            if older { 20.0 } else { 10.0 },
            68.0,
            5.0,
        ]);
        cells.push(profile(rng, DISABILITY[disability]));
        let district = *rng.pick(&DISTRICTS);
        cells.push(profile(rng, district));
        debug_assert_eq!(cells.len(), COLUMNS);
        cells
    }
}

impl Iterator for Generator {
    type Item = Vec<Cell>;

    fn next(&mut self) -> Option<Vec<Cell>> {
        if self.next >= self.rows {
            return None;
        }
        let row = self.row(self.next);
        self.next += 1;
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.rows - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Generator {}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn optional(rng: &mut Rng, blank: f64, value: &str) -> Cell {
    if rng.chance(blank) {
        Cell::Blank
    } else {
        text(value)
    }
}

/// A point on a 5-point scale around `centre` (0 to 4), with noise.
fn scale_point(rng: &mut Rng, centre: f64) -> usize {
    (centre + rng.normal() * 0.9).round().clamp(0.0, 4.0) as usize
}

/// A multi-select answer: each option chosen with its probability, at most `limit` of them,
/// joined with `;` in the form's order; blank when nothing was chosen.
fn multi(rng: &mut Rng, options: &[&str], chances: &[f64], limit: usize) -> Cell {
    let mut chosen: Vec<&str> = Vec::new();
    for (option, chance) in options.iter().zip(chances) {
        if rng.chance(*chance) && chosen.len() < limit {
            chosen.push(option);
        }
    }
    if chosen.is_empty() {
        Cell::Blank
    } else {
        Cell::Text(chosen.join(";"))
    }
}

/// The file formats the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An Excel workbook with one sheet, `Responses`.
    Xlsx,
    /// UTF-8 CSV with UK dates (`dd/mm/yyyy hh:mm:ss`).
    Csv,
}

impl Format {
    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

/// A row count as written in file names: `1k`, `10k`, `100k`, `1m`, else the number.
#[must_use]
pub fn size_name(rows: usize) -> String {
    match rows {
        rows if rows >= 1_000_000 && rows % 1_000_000 == 0 => format!("{}m", rows / 1_000_000),
        rows if rows >= 1_000 && rows % 1_000 == 0 => format!("{}k", rows / 1_000),
        rows => rows.to_string(),
    }
}

/// Reads a row count written as `1000`, `1k`, `10k`, `1m` or `1M`.
pub fn parse_size(text: &str) -> Result<usize> {
    let lower = text.trim().to_ascii_lowercase().replace('_', "");
    let (number, factor) = if let Some(number) = lower.strip_suffix('m') {
        (number, 1_000_000)
    } else if let Some(number) = lower.strip_suffix('k') {
        (number, 1_000)
    } else {
        (lower.as_str(), 1)
    };
    let value: usize = number
        .parse()
        .with_context(|| format!("\"{text}\" is not a row count such as 1000, 10k or 1m"))?;
    Ok(value * factor)
}

/// The folder generated data goes into: `benches/data` (gitignored).
#[must_use]
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The path of the synthetic file of `rows` rows in `format` inside `dir`.
#[must_use]
pub fn file_name(dir: &Path, rows: usize, format: Format) -> PathBuf {
    dir.join(format!(
        "synthetic-{}.{}",
        size_name(rows),
        format.extension()
    ))
}

/// Writes the synthetic export of `rows` rows to `path` in `format`.
pub fn write(path: &Path, rows: usize, format: Format) -> Result<()> {
    if format == Format::Xlsx && rows >= 1_000_000 {
        bail!(
            "an xlsx sheet holds at most 1,048,575 rows under its header; write {rows} rows as CSV"
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // Written beside the destination and renamed, so an interrupted run leaves no half file
    // that a later bench would take for a whole one.
    let partial = path.with_extension(format!("{}.partial", format.extension()));
    let generator = Generator::new(SEED, rows);
    match format {
        Format::Xlsx => crate::write::xlsx_rows(&partial, "Responses", &headers(), generator)?,
        Format::Csv => crate::write::csv_rows(
            &partial,
            &headers(),
            generator,
            "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y",
        )?,
    }
    std::fs::rename(&partial, path)?;
    Ok(())
}

/// The path of the synthetic file, generating it first when it does not exist.
pub fn ensure(rows: usize, format: Format) -> Result<PathBuf> {
    let path = file_name(&data_dir(), rows, format);
    if !path.is_file() {
        eprintln!("generating {}", path.display());
        write(&path, rows, format)?;
    }
    Ok(path)
}

/// The sizes the criterion benches run at: `ENGAGE_BENCH_SIZES` (comma-separated, such as
/// `1k,10k`), else 1k, 10k and 100k rows.
#[must_use]
pub fn bench_sizes() -> Vec<usize> {
    match std::env::var("ENGAGE_BENCH_SIZES") {
        Ok(sizes) if !sizes.trim().is_empty() => sizes
            .split(',')
            .map(|size| parse_size(size).expect("ENGAGE_BENCH_SIZES holds row counts"))
            .collect(),
        _ => vec![1_000, 10_000, 100_000],
    }
}

/// The synthetic export of `rows` rows in `format`, read by engage (generated first when
/// missing).
pub fn dataset(rows: usize, format: Format) -> Result<engage_core::Dataset> {
    let path = ensure(rows, format)?;
    Ok(engage_core::read_path(
        &path,
        &engage_core::IngestOptions::default(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_forty_cells_and_the_same_seed_gives_the_same_rows() {
        let first: Vec<Vec<Cell>> = Generator::new(SEED, 300).collect();
        let second: Vec<Vec<Cell>> = Generator::new(SEED, 300).collect();
        assert_eq!(first, second);
        assert_eq!(headers().len(), COLUMNS);
        assert!(first.iter().all(|row| row.len() == COLUMNS));
        // Responses arrive in order.
        let times: Vec<&Cell> = first.iter().map(|row| &row[2]).collect();
        assert!(times.windows(2).all(|pair| match (pair[0], pair[1]) {
            (Cell::DateTime(a), Cell::DateTime(b)) => *a <= *b + Duration::seconds(1500),
            _ => false,
        }));
    }

    #[test]
    fn the_vocabulary_keeps_most_words_and_terms() {
        let codebook = codebook();
        let vocabulary = Vocabulary::new(&codebook);
        assert!(
            vocabulary.filler.len() >= 250,
            "{} filler words",
            vocabulary.filler.len()
        );
        // Every theme with terms can be written.
        let themes_with_terms = codebook
            .themes()
            .iter()
            .filter(|theme| !theme.include.is_empty())
            .count();
        assert_eq!(vocabulary.themes.len(), themes_with_terms);
        assert!(vocabulary.terms.len() >= 200, "{}", vocabulary.terms.len());
        // Words the filter must drop: a term word, a stem of one, a negator's word.
        for word in ["parking", "parks", "waits", "no", "the", "care"] {
            assert!(!vocabulary.filler.contains(&word), "{word}");
        }
    }

    /// Guards the comparison's check: engage and a whole-word regex per theme must code every
    /// generated comment with the same themes, and those are the themes the generator wrote.
    #[test]
    fn engage_and_plain_regexes_code_generated_comments_alike() {
        let codebook = codebook();
        let vocabulary = Vocabulary::new(&codebook);
        let patterns: Vec<(usize, regex::Regex)> = theme_patterns(&codebook)
            .into_iter()
            .map(|(theme, pattern)| (theme, regex::Regex::new(&pattern).unwrap()))
            .collect();
        let mut rng = Rng::new(11);
        let mut coded = 0;
        for _ in 0..3000 {
            let (comment, written) = vocabulary.comment(&mut rng, 0.12);
            let words = comment.split_whitespace().count();
            assert!((5..=90).contains(&words), "{words} words: {comment}");
            let mut engage: Vec<usize> = codebook.code(&comment).themes();
            engage.sort_unstable();
            let regex: Vec<usize> = patterns
                .iter()
                .filter(|(_, pattern)| pattern.is_match(&comment))
                .map(|(theme, _)| *theme)
                .collect();
            assert_eq!(engage, written, "{comment}");
            assert_eq!(regex, written, "{comment}");
            coded += usize::from(!written.is_empty());
        }
        assert!(coded > 1500, "{coded} of 3000 comments coded");
    }

    #[test]
    fn sizes_are_named_and_read_back() {
        assert_eq!(size_name(1_000), "1k");
        assert_eq!(size_name(100_000), "100k");
        assert_eq!(size_name(1_000_000), "1m");
        assert_eq!(size_name(1_234), "1234");
        assert_eq!(parse_size("10k").unwrap(), 10_000);
        assert_eq!(parse_size("1M").unwrap(), 1_000_000);
        assert_eq!(parse_size("2500").unwrap(), 2_500);
        assert!(parse_size("lots").is_err());
    }
}
