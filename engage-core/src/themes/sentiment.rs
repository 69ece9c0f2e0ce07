//! Sentiment of comments and of the part of a comment about a theme, with VADER (the
//! `vader-parity` crate, which matches the reference Python vaderSentiment 3.3.2).
//!
//! Licences: the crate is MIT or Apache-2.0; the VADER lexicon, emoji lexicon and rule tables
//! it embeds are C.J. Hutto's, under the MIT licence (the crate's `data/LICENSE-VADER`). Both are
//! permissive, unlike AFINN's word list (Open Database Licence). Cite Hutto & Gilbert (2014), ICWSM-14, when
//! reporting VADER scores.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// A compound score at or above this is positive (VADER's usual threshold).
pub const POSITIVE_THRESHOLD: f64 = 0.05;
/// A compound score at or below this is negative (VADER's usual threshold).
pub const NEGATIVE_THRESHOLD: f64 = -0.05;

/// Positive, neutral or negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    /// Compound of 0.05 or more.
    Positive,
    /// Compound strictly between -0.05 and 0.05.
    Neutral,
    /// Compound of -0.05 or less.
    Negative,
}

impl SentimentLabel {
    /// The label of a compound score, by VADER's usual thresholds.
    #[must_use]
    pub fn of(compound: f64) -> SentimentLabel {
        if compound >= POSITIVE_THRESHOLD {
            SentimentLabel::Positive
        } else if compound <= NEGATIVE_THRESHOLD {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        }
    }

    /// `positive`, `neutral` or `negative`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SentimentLabel::Positive => "positive",
            SentimentLabel::Neutral => "neutral",
            SentimentLabel::Negative => "negative",
        }
    }
}

/// The sentiment of a text.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sentiment {
    /// Positive, neutral or negative, from the compound score.
    pub label: SentimentLabel,
    /// VADER's normalised compound score, -1 to 1 (four decimals).
    pub compound: f64,
    /// Share of the text that is positive, 0 to 1.
    pub positive: f64,
    /// Share of the text that is neutral, 0 to 1.
    pub neutral: f64,
    /// Share of the text that is negative, 0 to 1.
    pub negative: f64,
}

/// Scores texts. Building one parses the lexicons (about 11,000 lines): build once, score many.
pub struct SentimentAnalyzer {
    analyzer: vader_parity::SentimentIntensityAnalyzer,
}

impl std::fmt::Debug for SentimentAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SentimentAnalyzer(vader 3.3.2)")
    }
}

impl Default for SentimentAnalyzer {
    fn default() -> SentimentAnalyzer {
        SentimentAnalyzer::new()
    }
}

impl SentimentAnalyzer {
    /// An analyzer with the VADER 3.3.2 lexicons.
    #[must_use]
    pub fn new() -> SentimentAnalyzer {
        SentimentAnalyzer {
            analyzer: vader_parity::SentimentIntensityAnalyzer::new(),
        }
    }

    /// The sentiment of a whole text. Empty text is neutral.
    #[must_use]
    pub fn score(&self, text: &str) -> Sentiment {
        let scores = self.analyzer.polarity_scores(text);
        Sentiment {
            label: SentimentLabel::of(scores.compound),
            compound: scores.compound,
            positive: scores.pos,
            neutral: scores.neu,
            negative: scores.neg,
        }
    }

    /// The sentiment of the sentences of `text` that overlap any of the byte `spans`: what a
    /// comment says about one theme. "The staff were lovely. Parking was a nightmare." is
    /// positive about staff and negative about parking. With no spans, the whole text.
    #[must_use]
    pub fn score_spans(&self, text: &str, spans: &[(usize, usize)]) -> Sentiment {
        CommentScorer::new(self, text).score_spans(spans)
    }

    /// A scorer for the parts of one comment, for scoring it once per theme.
    #[must_use]
    pub fn comment<'a>(&'a self, text: &'a str) -> CommentScorer<'a> {
        CommentScorer::new(self, text)
    }
}

/// Scores one comment as a whole and the parts of it about each of its themes, as
/// [`SentimentAnalyzer::score`] and [`SentimentAnalyzer::score_spans`] do, with less work: the
/// comment is split into sentences once, and themes whose evidence lies in the same sentences
/// (a theme and its parent, usually) share one score.
#[derive(Debug)]
pub struct CommentScorer<'a> {
    analyzer: &'a SentimentAnalyzer,
    text: &'a str,
    whole: Option<Sentiment>,
    sentences: Option<Vec<SentenceBounds>>,
    /// Scores by the sentences they were computed on.
    scored: Vec<(Vec<usize>, Sentiment)>,
    picked: Vec<usize>,
}

/// A sentence's byte range, and the range of its text without surrounding whitespace.
#[derive(Clone, Copy, Debug)]
struct SentenceBounds {
    whole: (usize, usize),
    trimmed: (usize, usize),
}

impl<'a> CommentScorer<'a> {
    fn new(analyzer: &'a SentimentAnalyzer, text: &'a str) -> CommentScorer<'a> {
        CommentScorer {
            analyzer,
            text,
            whole: None,
            sentences: None,
            scored: Vec::new(),
            picked: Vec::new(),
        }
    }

    /// The whole comment's sentiment.
    pub fn whole(&mut self) -> Sentiment {
        *self
            .whole
            .get_or_insert_with(|| self.analyzer.score(self.text))
    }

    /// The sentiment of the sentences that overlap any of the byte `spans`; with no spans, or
    /// none overlapping, the whole comment's.
    pub fn score_spans(&mut self, spans: &[(usize, usize)]) -> Sentiment {
        if spans.is_empty() {
            return self.whole();
        }
        let text = self.text;
        let sentences = self.sentences.get_or_insert_with(|| {
            text.split_sentence_bound_indices()
                .map(|(start, sentence)| {
                    let end = start + sentence.len();
                    let trimmed_start = start + (sentence.len() - sentence.trim_start().len());
                    let trimmed_end = (start + sentence.trim_end().len()).max(trimmed_start);
                    SentenceBounds {
                        whole: (start, end),
                        trimmed: (trimmed_start, trimmed_end),
                    }
                })
                .collect()
        });
        self.picked.clear();
        for (index, sentence) in sentences.iter().enumerate() {
            let (start, end) = sentence.whole;
            if spans
                .iter()
                .any(|&(span_start, span_end)| span_start < end && start < span_end)
            {
                self.picked.push(index);
            }
        }
        if self.picked.is_empty() {
            return self.whole();
        }
        if let Some((_, sentiment)) = self
            .scored
            .iter()
            .find(|(picked, _)| *picked == self.picked)
        {
            return *sentiment;
        }
        let mut joined = String::with_capacity(text.len());
        for (position, &index) in self.picked.iter().enumerate() {
            let (start, end) = sentences[index].trimmed;
            if position > 0 {
                joined.push(' ');
            }
            joined.push_str(&text[start..end]);
        }
        let sentiment = if joined == text {
            self.whole()
        } else {
            self.analyzer.score(&joined)
        };
        self.scored.push((self.picked.clone(), sentiment));
        sentiment
    }
}

/// Sentiment counts over several comments.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SentimentSummary {
    /// Comments scored.
    pub comments: usize,
    /// How many were positive.
    pub positive: usize,
    /// How many were neutral.
    pub neutral: usize,
    /// How many were negative.
    pub negative: usize,
    /// The mean compound score; `None` with no comments.
    pub mean_compound: Option<f64>,
    #[serde(skip)]
    total: f64,
}

impl SentimentSummary {
    /// Counts one more comment.
    pub fn add(&mut self, sentiment: &Sentiment) {
        self.comments += 1;
        match sentiment.label {
            SentimentLabel::Positive => self.positive += 1,
            SentimentLabel::Neutral => self.neutral += 1,
            SentimentLabel::Negative => self.negative += 1,
        }
        self.total += sentiment.compound;
        self.mean_compound = Some(self.total / self.comments as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_vaders() {
        assert_eq!(SentimentLabel::of(0.05), SentimentLabel::Positive);
        assert_eq!(SentimentLabel::of(0.0499), SentimentLabel::Neutral);
        assert_eq!(SentimentLabel::of(-0.05), SentimentLabel::Negative);
    }

    #[test]
    fn scores_agree_with_the_reference() {
        let analyzer = SentimentAnalyzer::new();
        // The reference vaderSentiment 3.3.2 value, as in the crate's own documentation.
        let score = analyzer.score("VADER is smart, handsome, and funny.");
        assert_eq!(score.compound, 0.8316);
        assert_eq!(score.label, SentimentLabel::Positive);
        assert_eq!(analyzer.score("").label, SentimentLabel::Neutral);
        assert_eq!(
            analyzer
                .score("The wait was terrible and the staff were rude.")
                .label,
            SentimentLabel::Negative
        );
    }

    #[test]
    fn a_theme_is_scored_on_its_own_sentences() {
        let analyzer = SentimentAnalyzer::new();
        let text = "The staff were lovely. Parking was a nightmare, awful.";
        let parking = text.find("Parking").unwrap();
        let staff = text.find("staff").unwrap();
        assert_eq!(
            analyzer.score_spans(text, &[(parking, parking + 7)]).label,
            SentimentLabel::Negative
        );
        assert_eq!(
            analyzer.score_spans(text, &[(staff, staff + 5)]).label,
            SentimentLabel::Positive
        );
    }

    #[test]
    fn a_comment_scorer_gives_the_analyzers_scores() {
        let analyzer = SentimentAnalyzer::new();
        let texts = [
            "The staff were lovely. Parking was a nightmare, awful.",
            "  Great service!\n\nBut the wait was terrible.  Never again. ",
            "No sentences end here but it is good",
            "",
        ];
        for text in texts {
            let mut scorer = analyzer.comment(text);
            assert_eq!(scorer.whole(), analyzer.score(text), "{text:?}");
            let len = text.len();
            let spans: [&[(usize, usize)]; 5] = [
                &[],
                &[(0, 1.min(len))],
                &[(len.saturating_sub(3), len)],
                &[(0, 1.min(len)), (len.saturating_sub(3), len)],
                &[(len, len + 1)],
            ];
            // Twice each, the second from the cache.
            for spans in spans.iter().chain(spans.iter()) {
                let expected = {
                    let sentences: Vec<&str> = text
                        .split_sentence_bound_indices()
                        .filter(|(start, sentence)| {
                            let end = start + sentence.len();
                            spans.iter().any(|&(a, b)| a < end && *start < b)
                        })
                        .map(|(_, sentence)| sentence.trim())
                        .collect();
                    if sentences.is_empty() {
                        analyzer.score(text)
                    } else {
                        analyzer.score(&sentences.join(" "))
                    }
                };
                assert_eq!(scorer.score_spans(spans), expected, "{text:?} {spans:?}");
            }
        }
    }

    /// Texts to score with both copies of VADER: every written answer of the bundled sample,
    /// each also in capitals, with emoji, with non-ASCII letters whose case rules differ from
    /// Rust's (Greek final sigma, dotted capital I, capital sharp s, a titlecase digraph), and
    /// the word patterns VADER's rules look for.
    fn parity_texts() -> Vec<String> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/walk-in-centre.xlsx"
        );
        let dataset = crate::read_path(path, &crate::IngestOptions::default()).unwrap();
        let mut answers: Vec<String> = Vec::new();
        for question in dataset.questions_of(crate::QuestionType::FreeText) {
            answers.extend(
                dataset
                    .text_values(&question.id)
                    .unwrap()
                    .into_iter()
                    .flatten()
                    .map(str::to_string),
            );
        }
        assert!(answers.len() > 1_000, "{}", answers.len());
        let extras = [
            " \u{1F600}",
            " \u{1F44D}\u{1F44D}",
            "\u{1F494}!",
            " café naïve",
            " ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ",
            " İstanbul",
            " STRAẞE",
            " \u{01C5}ungla",
            " ＧＯＯＤ",
            " but it was NOT good at all!!!",
            " kind of ok, at least",
            " no problem?? never so bad",
            "\u{1c}\u{2003}",
        ];
        let mut texts = Vec::with_capacity(answers.len() * 3);
        for (index, answer) in answers.iter().enumerate() {
            texts.push(answer.clone());
            texts.push(answer.to_uppercase());
            texts.push(format!("{answer}{}", extras[index % extras.len()]));
        }
        texts.extend(extras.iter().map(|extra| (*extra).to_string()));
        texts
    }

    #[test]
    fn scores_match_the_published_crate() {
        // engage builds its own copy of vader-parity with ASCII fast paths
        // (vendor/vader-parity/VENDORED.md): every score must equal the published crate's.
        let ours = vader_parity::SentimentIntensityAnalyzer::new();
        let published = vader_parity_published::SentimentIntensityAnalyzer::new();
        let texts = parity_texts();
        let mut non_ascii = 0;
        for text in &texts {
            non_ascii += usize::from(!text.is_ascii());
            let a = ours.polarity_scores(text);
            let b = published.polarity_scores(text);
            assert_eq!(
                (a.neg, a.neu, a.pos, a.compound),
                (b.neg, b.neu, b.pos, b.compound),
                "{text:?}"
            );
        }
        assert!(non_ascii > 1_000, "{non_ascii}");
    }

    #[test]
    fn summaries_count_and_average() {
        let analyzer = SentimentAnalyzer::new();
        let mut summary = SentimentSummary::default();
        summary.add(&analyzer.score("great"));
        summary.add(&analyzer.score("awful"));
        summary.add(&analyzer.score("table"));
        assert_eq!(
            (summary.positive, summary.neutral, summary.negative),
            (1, 1, 1)
        );
        let mean = summary.mean_compound.unwrap();
        let expected = (analyzer.score("great").compound + analyzer.score("awful").compound) / 3.0;
        assert!((mean - expected).abs() < 1e-12);
    }
}
