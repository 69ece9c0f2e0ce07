//! Applying a coder (a codebook, or a learned model) to the free-text answers of a dataset:
//! per comment the themes with their evidence; per question the base, each theme's count and
//! share with parent roll-ups, the uncoded count, splits by a profile question, co-occurrence
//! with lift, sentiment, and warnings about terms that match too much. The tables for people
//! are in [`mod@super::tables`], the coding sheet in [`super::sheet`].

use std::collections::HashMap;

use serde::Serialize;

use super::coder::{Coder, CodingScratch};
use super::evidence::{CommentCoding, Decision};
use super::sentiment::{Sentiment, SentimentAnalyzer, SentimentSummary};
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::schema::QuestionType;
use crate::table::group_thousands;

/// What to code and what to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct CodingOptions {
    /// The free-text questions to code, by id. Empty: every free-text question.
    pub questions: Vec<String>,
    /// A categorical (usually profile) question to split the counts by.
    pub by: Option<String>,
    /// Whether to score sentiment per comment and per theme.
    pub sentiment: bool,
    /// A term matching more than this share of a question's comments is reported as
    /// suspiciously broad.
    pub broad_term_share: f64,
    /// Broad-term warnings are given only from this many comments: in a handful of comments a
    /// common word is not evidence of a bad term.
    pub broad_term_min_base: usize,
    /// Whether to keep every comment with its coding ([`QuestionThemes::comments`]), as the
    /// coding sheet and quotes need. Counts alone are faster without.
    pub comments: bool,
    /// With `comments`, whether to keep the comments no theme codes too: the coding sheet lists
    /// them, quotes need only coded ones.
    pub uncoded_comments: bool,
}

impl Default for CodingOptions {
    fn default() -> CodingOptions {
        CodingOptions {
            questions: Vec::new(),
            by: None,
            sentiment: false,
            broad_term_share: 0.5,
            broad_term_min_base: 10,
            comments: true,
            uncoded_comments: true,
        }
    }
}

impl CodingOptions {
    /// With these questions (default: every free-text question).
    #[must_use]
    pub fn with_questions(mut self, questions: Vec<String>) -> CodingOptions {
        self.questions = questions;
        self
    }

    /// Split by this question (default: no split).
    #[must_use]
    pub fn with_by(mut self, by: Option<String>) -> CodingOptions {
        self.by = by;
        self
    }

    /// Score sentiment (default: false).
    #[must_use]
    pub fn with_sentiment(mut self, sentiment: bool) -> CodingOptions {
        self.sentiment = sentiment;
        self
    }

    /// Warn about terms matching more than this share of comments (default: 0.5).
    #[must_use]
    pub fn with_broad_term_share(mut self, share: f64) -> CodingOptions {
        self.broad_term_share = share;
        self
    }

    /// Keep every comment with its coding (default: true).
    #[must_use]
    pub fn with_comments(mut self, comments: bool) -> CodingOptions {
        self.comments = comments;
        self
    }

    /// With comments kept, keep those no theme codes too (default: true). Quotes need only the
    /// coded ones: leaving the others out saves a copy of their text.
    #[must_use]
    pub fn with_uncoded_comments(mut self, uncoded: bool) -> CodingOptions {
        self.uncoded_comments = uncoded;
        self
    }

    /// Give broad-term warnings from this many comments (default: 10).
    #[must_use]
    pub fn with_broad_term_min_base(mut self, base: usize) -> CodingOptions {
        self.broad_term_min_base = base;
        self
    }
}

/// A theme's count in one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeCount {
    /// The theme's id.
    pub id: String,
    /// The theme's label.
    pub label: String,
    /// The parent theme's id.
    pub parent: Option<String>,
    /// Depth in the hierarchy: 0 for a top-level theme.
    pub depth: usize,
    /// Comments coded with this theme or any theme under it, each counted once.
    pub count: usize,
    /// Comments coded with this theme itself.
    pub direct: usize,
    /// `count` as a percentage of the base; `None` when the base is 0.
    pub percent: Option<f64>,
    /// Sentiment of what the comments say about this theme, when asked for.
    pub sentiment: Option<SentimentSummary>,
}

/// One group of a `--by` split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// The answer that defines the group, or `(no answer)`.
    pub label: String,
    /// Respondents in the group who answered the free-text question.
    pub base: usize,
    /// Of those, how many were coded with no theme.
    pub uncoded: usize,
}

/// Theme counts split by the answers to another question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BySplit {
    /// The question split by.
    pub question: String,
    /// The groups, in the question's option order, then `(no answer)` when there is one.
    pub groups: Vec<Group>,
    /// Per theme (in the order of [`QuestionThemes::themes`]), the count in each group.
    pub counts: Vec<Vec<usize>>,
}

/// How often two themes are given to the same comment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoOccurrence {
    /// One theme's id.
    pub a: String,
    /// The other theme's id.
    pub b: String,
    /// Comments coded with both.
    pub count: usize,
    /// `P(a and b) / (P(a) P(b))`: above 1 the themes go together more than chance would have
    /// it. `None` when either theme has no comments.
    pub lift: Option<f64>,
}

/// A term that matches a large share of comments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BroadTerm {
    /// The theme's id.
    pub theme: String,
    /// The term, as written.
    pub term: String,
    /// Comments it matched (whether or not the match counted).
    pub comments: usize,
    /// That as a share of the base, 0 to 1.
    pub share: f64,
}

/// One coded comment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodedComment {
    /// The respondent's id, or the row number when the export has no id column.
    pub respondent: String,
    /// The row a spreadsheet shows the answer on (the header is row 1), not the file line.
    pub row: usize,
    /// The answer.
    pub text: String,
    /// The respondent's `--by` groups.
    pub groups: Vec<String>,
    /// The themes, rolled up: each coded theme and its ancestors, in display order.
    pub themes: Vec<String>,
    /// The evidence and the suppressed matches.
    pub coding: CommentCoding,
    /// The sentiment of the whole comment, when asked for.
    pub sentiment: Option<Sentiment>,
}

/// The coding of one free-text question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionThemes {
    /// The question's id.
    pub question: String,
    /// The question's wording.
    pub text: String,
    /// For an item of a grouped question (a grid's row), its label.
    pub item: Option<String>,
    /// Respondents who gave a non-empty answer.
    pub base: usize,
    /// Answers coded with at least one theme.
    pub coded: usize,
    /// Answers coded with no theme.
    pub uncoded: usize,
    /// True when the coder gives each answer exactly one theme (a single-label model), so
    /// that tables and charts do not say an answer may have several.
    #[serde(skip)]
    pub one_theme_each: bool,
    /// Every theme of the coder, in display order (parents before their children).
    pub themes: Vec<ThemeCount>,
    /// The split by another question, when asked for.
    pub by: Option<BySplit>,
    /// Every pair of themes that are not ancestor and descendant, in display order.
    pub co_occurrence: Vec<CoOccurrence>,
    /// Terms matching more than the broad-term share of comments.
    pub broad_terms: Vec<BroadTerm>,
    /// Sentiment of all answers, when asked for.
    pub sentiment: Option<SentimentSummary>,
    /// Every non-empty answer with its coding (empty unless [`CodingOptions::comments`]).
    pub comments: Vec<CodedComment>,
}

/// A coder applied to a dataset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeCoding {
    /// The codebook file, when the coder was read from one.
    pub codebook: Option<String>,
    /// One entry per coded question.
    pub questions: Vec<QuestionThemes>,
    /// Things the user should check (broad terms).
    pub warnings: Vec<String>,
}

/// Codes the free-text answers of a dataset with a coder (a `&Codebook` converts into one).
pub fn code_dataset<'a>(
    dataset: &Dataset,
    coder: impl Into<Coder<'a>>,
    options: &CodingOptions,
) -> Result<ThemeCoding> {
    let coder = coder.into();
    let questions: Vec<String> = if options.questions.is_empty() {
        dataset
            .questions_of(QuestionType::FreeText)
            .map(|question| question.id.clone())
            .collect()
    } else {
        // A question asked for twice is coded once.
        let mut unique: Vec<String> = Vec::with_capacity(options.questions.len());
        for id in &options.questions {
            if !unique.contains(id) {
                unique.push(id.clone());
            }
        }
        unique
    };
    if questions.is_empty() {
        return Err(Error::unsupported(
            Location::file(&dataset.source().file),
            "the dataset has no free-text questions to code",
        )
        .with_hint("run `engage inspect` to see the question types, and set a question's type to free_text in survey.toml if it was misread"));
    }
    let free_text: Vec<String> = dataset
        .questions_of(QuestionType::FreeText)
        .map(|question| question.id.clone())
        .collect();
    for id in &questions {
        let question = dataset.question(id)?;
        if question.kind != QuestionType::FreeText {
            let error = Error::unsupported(
                Location::file(&dataset.source().file).with_question(id),
                format!("the question is {}, not free text", question.kind),
            );
            return Err(if free_text.is_empty() {
                error
            } else {
                error.with_hint(format!(
                    "the free-text questions are: {}",
                    free_text.join(", ")
                ))
            });
        }
    }
    let groups = match &options.by {
        Some(by) => Some(Groups::read(dataset, by)?),
        None => None,
    };
    let respondents = if options.comments {
        dataset.respondent_ids()?
    } else {
        Vec::new()
    };
    let analyzer = options.sentiment.then(SentimentAnalyzer::new);
    let mut coding = ThemeCoding {
        codebook: coder.file().map(str::to_string),
        questions: Vec::with_capacity(questions.len()),
        warnings: Vec::new(),
    };
    // Each question's comments are coded on the machine's cores at once (see `code_texts`).
    for id in &questions {
        let question = code_question(
            dataset,
            id,
            coder,
            options,
            groups.as_ref(),
            &respondents,
            analyzer.as_ref(),
        )?;
        for broad in &question.broad_terms {
            coding.warnings.push(format!(
                "question \"{}\": term \"{}\" of theme \"{}\" matches {} of {} comments ({:.0}%); it may be too broad",
                question.question,
                broad.term,
                broad.theme,
                group_thousands(broad.comments as u64),
                group_thousands(question.base as u64),
                broad.share * 100.0
            ));
        }
        coding.questions.push(question);
    }
    Ok(coding)
}

/// The `--by` groups of every respondent.
struct Groups {
    question: String,
    labels: Vec<String>,
    /// Per respondent, the indices of their groups.
    members: Vec<Vec<usize>>,
}

impl Groups {
    fn read(dataset: &Dataset, by: &str) -> Result<Groups> {
        let question = dataset.question(by)?;
        if !question.kind.is_categorical() {
            return Err(Error::unsupported(
                Location::file(&dataset.source().file).with_question(by),
                format!(
                    "cannot split by a {} question; expected a categorical question such as a profile question",
                    question.kind
                ),
            ));
        }
        let mut labels: Vec<String> = dataset
            .option_counts(by)?
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        let choices = dataset.choices(by)?;
        let mut no_answer = None;
        let mut members = Vec::with_capacity(choices.len());
        for choice in &choices {
            let mut groups: Vec<usize> = Vec::new();
            if let Some(items) = choice {
                for item in items {
                    if let Some(index) = labels.iter().position(|label| label == item)
                        && !groups.contains(&index)
                    {
                        groups.push(index);
                    }
                }
            }
            if groups.is_empty() {
                let index = *no_answer.get_or_insert_with(|| {
                    labels.push("(no answer)".to_string());
                    labels.len() - 1
                });
                groups.push(index);
            }
            members.push(groups);
        }
        Ok(Groups {
            question: by.to_string(),
            labels,
            members,
        })
    }
}

/// What one distinct comment gives: the coder's decision, the themes it is coded with (rolled
/// up to parents, in display order), and with sentiment on, its whole sentiment and its
/// sentiment about each of those themes.
struct CodedText {
    decision: Decision,
    themes: Vec<usize>,
    sentiment: Option<(Sentiment, Vec<Sentiment>)>,
}

/// Comments coded in one piece of work: enough to spread a question over the cores, few
/// enough that one thread's buffers stay warm.
const TEXTS_PER_PIECE: usize = 256;

/// Codes and scores each of `texts` once, on the machine's cores at once, in pieces of
/// consecutive texts; the results come back in the texts' order.
fn code_texts(
    texts: &[&str],
    coder: Coder<'_>,
    analyzer: Option<&SentimentAnalyzer>,
) -> Vec<CodedText> {
    let tree = coder.tree();
    let order = tree.display_order();
    let pieces = texts.len().div_ceil(TEXTS_PER_PIECE);
    let coded = crate::parallel::map(pieces, |piece, scratch: &mut CodingScratch| {
        let start = piece * TEXTS_PER_PIECE;
        let end = (start + TEXTS_PER_PIECE).min(texts.len());
        let mut rolled = vec![false; tree.themes().len()];
        texts[start..end]
            .iter()
            .map(|&text| {
                let decision = coder.decide(text, scratch);
                rolled.fill(false);
                for &theme in &decision.themes {
                    for theme in tree.lineage(theme) {
                        rolled[theme] = true;
                    }
                }
                let themes: Vec<usize> = order
                    .iter()
                    .copied()
                    .filter(|&theme| rolled[theme])
                    .collect();
                let sentiment = analyzer.map(|analyzer| {
                    let mut scorer = analyzer.comment(text);
                    let whole = scorer.whole();
                    let by_theme = themes
                        .iter()
                        .map(|&theme| scorer.score_spans(&decision.spans_within(tree, theme)))
                        .collect();
                    (whole, by_theme)
                });
                CodedText {
                    decision,
                    themes,
                    sentiment,
                }
            })
            .collect::<Vec<CodedText>>()
    });
    coded.into_iter().flatten().collect()
}

fn code_question(
    dataset: &Dataset,
    id: &str,
    coder: Coder<'_>,
    options: &CodingOptions,
    groups: Option<&Groups>,
    respondents: &[(String, usize)],
    analyzer: Option<&SentimentAnalyzer>,
) -> Result<QuestionThemes> {
    let question = dataset.question(id)?;
    let answers = dataset.text_values(id)?;
    // A comment sent many times (a campaign's letter, "No") is coded and scored once.
    let mut distinct: Vec<&str> = Vec::new();
    let mut distinct_of: Vec<Option<usize>> = Vec::with_capacity(answers.len());
    {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for answer in &answers {
            distinct_of.push(answer.filter(|text| !text.trim().is_empty()).map(|text| {
                *seen.entry(text).or_insert_with(|| {
                    distinct.push(text);
                    distinct.len() - 1
                })
            }));
        }
    }
    let coded_texts = code_texts(&distinct, coder, analyzer);
    let tree = coder.tree();
    let theme_count = tree.themes().len();
    let order = tree.display_order();
    let mut count = vec![0usize; theme_count];
    let mut direct = vec![0usize; theme_count];
    // Comments each term matched, by a flat term number: `first_term[theme] + term`.
    let first_term: Vec<usize> = tree
        .themes()
        .iter()
        .scan(0, |next, theme| {
            let first = *next;
            *next += theme.include.len();
            Some(first)
        })
        .collect();
    let term_total = tree.themes().iter().map(|theme| theme.include.len()).sum();
    let mut term_comments = vec![0usize; term_total];
    let mut pair_counts = vec![vec![0usize; theme_count]; theme_count];
    let group_count = groups.map_or(0, |groups| groups.labels.len());
    let mut group_base = vec![0usize; group_count];
    let mut group_uncoded = vec![0usize; group_count];
    let mut group_counts = vec![vec![0usize; group_count]; theme_count];
    let mut theme_sentiment = vec![SentimentSummary::default(); theme_count];
    let mut overall_sentiment = SentimentSummary::default();
    let mut comments = Vec::new();
    let mut base = 0;
    let mut coded = 0;
    // Per-comment buffers, reused: counting allocates nothing per comment.
    let mut seen_terms: Vec<usize> = Vec::new();
    for (index, which) in distinct_of.iter().enumerate() {
        let Some(&which) = which.as_ref() else {
            continue;
        };
        let text = distinct[which];
        let CodedText {
            decision,
            themes,
            sentiment,
        } = &coded_texts[which];
        base += 1;
        // A learned model's themes have no terms: only a codebook's matches are counted here.
        seen_terms.clear();
        for found in &decision.matches {
            if let Some(&first) = first_term.get(found.theme)
                && found.term < tree.themes()[found.theme].include.len()
            {
                seen_terms.push(first + found.term);
            }
        }
        seen_terms.sort_unstable();
        seen_terms.dedup();
        for &term in &seen_terms {
            term_comments[term] += 1;
        }
        for &theme in &decision.themes {
            direct[theme] += 1;
        }
        for (position, &a) in themes.iter().enumerate() {
            count[a] += 1;
            for &b in &themes[position + 1..] {
                pair_counts[a][b] += 1;
                pair_counts[b][a] += 1;
            }
        }
        if !themes.is_empty() {
            coded += 1;
        }
        let member_of: &[usize] = groups.map_or(&[], |groups| &groups.members[index]);
        for &group in member_of {
            group_base[group] += 1;
            if themes.is_empty() {
                group_uncoded[group] += 1;
            }
            for &theme in themes {
                group_counts[theme][group] += 1;
            }
        }
        // Summed in answer order, as one thread would: the means do not depend on the cores.
        let sentiment = sentiment.as_ref().map(|(whole, by_theme)| {
            overall_sentiment.add(whole);
            for (&theme, sentiment) in themes.iter().zip(by_theme) {
                theme_sentiment[theme].add(sentiment);
            }
            *whole
        });
        if !options.comments || (themes.is_empty() && !options.uncoded_comments) {
            continue;
        }
        let (respondent, row) = respondents.get(index).cloned().unwrap_or_else(|| {
            let row = dataset.source().row(index);
            (row.to_string(), row)
        });
        comments.push(CodedComment {
            respondent,
            row,
            text: text.to_string(),
            groups: member_of
                .iter()
                .filter_map(|&group| groups.map(|groups| groups.labels[group].clone()))
                .collect(),
            themes: themes
                .iter()
                .map(|&theme| tree.themes()[theme].id.clone())
                .collect(),
            coding: coder.explain(text, decision),
            sentiment,
        });
    }
    let percent = |count: usize| (base > 0).then(|| count as f64 * 100.0 / base as f64);
    let themes: Vec<ThemeCount> = order
        .iter()
        .map(|&theme| {
            let definition = &tree.themes()[theme];
            ThemeCount {
                id: definition.id.clone(),
                label: definition.label.clone(),
                parent: definition.parent.clone(),
                depth: tree.depth(theme),
                count: count[theme],
                direct: direct[theme],
                percent: percent(count[theme]),
                sentiment: analyzer.map(|_| theme_sentiment[theme].clone()),
            }
        })
        .collect();
    let mut co_occurrence = Vec::new();
    for (position, &a) in order.iter().enumerate() {
        for &b in &order[position + 1..] {
            if tree.is_within(a, b) || tree.is_within(b, a) {
                continue;
            }
            let both = pair_counts[a][b];
            let lift = (count[a] > 0 && count[b] > 0)
                .then(|| both as f64 * base as f64 / (count[a] as f64 * count[b] as f64));
            co_occurrence.push(CoOccurrence {
                a: tree.themes()[a].id.clone(),
                b: tree.themes()[b].id.clone(),
                count: both,
                lift,
            });
        }
    }
    let mut broad_terms = Vec::new();
    if base >= options.broad_term_min_base && base > 0 {
        for (theme, definition) in tree.themes().iter().enumerate() {
            for (term, text) in definition.include.iter().enumerate() {
                let comments = term_comments[first_term[theme] + term];
                let share = comments as f64 / base as f64;
                if share > options.broad_term_share {
                    broad_terms.push(BroadTerm {
                        theme: definition.id.clone(),
                        term: text.clone(),
                        comments,
                        share,
                    });
                }
            }
        }
        broad_terms.sort_by(|a, b| b.comments.cmp(&a.comments).then(a.term.cmp(&b.term)));
    }
    let by = groups.map(|groups| {
        let keep: Vec<usize> = (0..groups.labels.len())
            .filter(|&group| group_base[group] > 0)
            .collect();
        BySplit {
            question: groups.question.clone(),
            groups: keep
                .iter()
                .map(|&group| Group {
                    label: groups.labels[group].clone(),
                    base: group_base[group],
                    uncoded: group_uncoded[group],
                })
                .collect(),
            counts: order
                .iter()
                .map(|&theme| {
                    keep.iter()
                        .map(|&group| group_counts[theme][group])
                        .collect()
                })
                .collect(),
        }
    });
    Ok(QuestionThemes {
        question: id.to_string(),
        text: question.text.clone(),
        item: question.item.clone(),
        base,
        coded,
        uncoded: base - coded,
        one_theme_each: coder.one_theme_each(),
        themes,
        by,
        co_occurrence,
        broad_terms,
        sentiment: analyzer.map(|_| overall_sentiment),
        comments,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::themes::codebook::{Codebook, Theme};
    use crate::{IngestOptions, read_reader};

    pub(crate) fn codebook() -> Codebook {
        Codebook::builder()
            .theme(Theme::new("services", "Services"))
            .theme(
                Theme::new("access", "Access and waiting times")
                    .with_parent("services")
                    .with_include(["appointment*", "waiting time", "wait", "walk in"])
                    .with_exclude(["parking"]),
            )
            .theme(
                Theme::new("staff", "Staff and care")
                    .with_parent("services")
                    .with_include(["staff", "nurse*", "doctor*"]),
            )
            .theme(Theme::new("parking", "Parking").with_include(["parking", "car park"]))
            .build()
            .unwrap()
    }

    pub(crate) fn dataset() -> Dataset {
        let csv = "Respondent ID,Which best describes you?,What do you think of the proposal?\n\
                   r1,Resident,The wait for an appointment was long\n\
                   r2,Patient,Staff were lovely but the car park is tiny\n\
                   r3,Resident,No problem with parking at all\n\
                   r4,Staff,\n\
                   r5,Patient,Nurses and doctors were great; the waiting time was short\n\
                   r6,Resident,I like cheese\n\
                   r7,,The walk in parking is awful\n";
        read_reader(
            csv.as_bytes(),
            "consultation.csv",
            &IngestOptions::default(),
        )
        .unwrap()
    }

    pub(crate) fn question_id(dataset: &Dataset) -> String {
        dataset
            .questions_of(QuestionType::FreeText)
            .next()
            .unwrap()
            .id
            .clone()
    }

    #[test]
    fn counts_roll_up_to_parents_once_per_comment() {
        let dataset = dataset();
        let coding = code_dataset(&dataset, &codebook(), &CodingOptions::default()).unwrap();
        let question = &coding.questions[0];
        assert_eq!(question.base, 6);
        let counts: Vec<(&str, usize, usize)> = question
            .themes
            .iter()
            .map(|theme| (theme.id.as_str(), theme.count, theme.direct))
            .collect();
        // r1 access; r2 staff + parking; r3 nothing (negated); r5 staff + access (one comment
        // for services); r6 nothing; r7 parking only (the walk-in match is excluded).
        assert_eq!(
            counts,
            [
                ("services", 3, 0),
                ("access", 2, 2),
                ("staff", 2, 2),
                ("parking", 2, 2)
            ]
        );
        assert_eq!((question.coded, question.uncoded), (4, 2));
        let percent = question.themes[0].percent.unwrap();
        assert!((percent - 50.0).abs() < 1e-9);
        let r3 = &question.comments[2];
        assert_eq!(r3.respondent, "r3");
        assert!(!r3.coding.is_coded());
        assert_eq!(r3.coding.suppressed[0].reason, "negated by \"No problem\"");
        let r7 = &question.comments[5];
        assert_eq!(r7.themes, ["parking"]);
        assert_eq!(
            r7.coding.suppressed[0].reason,
            "excluded by term \"parking\" (\"parking\")"
        );
    }

    #[test]
    fn counting_without_keeping_comments_gives_the_same_counts() {
        let dataset = dataset();
        let with = code_dataset(&dataset, &codebook(), &CodingOptions::default()).unwrap();
        let options = CodingOptions::default().with_comments(false);
        let without = code_dataset(&dataset, &codebook(), &options).unwrap();
        assert!(without.questions[0].comments.is_empty());
        let mut expected = with.clone();
        expected.questions[0].comments.clear();
        assert_eq!(without, expected);
    }

    #[test]
    fn leaving_out_uncoded_comments_keeps_the_coded_ones_and_the_counts() {
        let dataset = dataset();
        let with = code_dataset(&dataset, &codebook(), &CodingOptions::default()).unwrap();
        let options = CodingOptions::default().with_uncoded_comments(false);
        let coded_only = code_dataset(&dataset, &codebook(), &options).unwrap();
        let mut expected = with.clone();
        expected.questions[0]
            .comments
            .retain(|comment| !comment.themes.is_empty());
        assert!(expected.questions[0].comments.len() < with.questions[0].comments.len());
        assert!(!expected.questions[0].comments.is_empty());
        assert_eq!(coded_only, expected);
    }

    #[test]
    fn co_occurrence_and_lift_are_counted_by_hand() {
        let dataset = dataset();
        let coding = code_dataset(&dataset, &codebook(), &CodingOptions::default()).unwrap();
        let question = &coding.questions[0];
        let pair = |a: &str, b: &str| {
            question
                .co_occurrence
                .iter()
                .find(|pair| pair.a == a && pair.b == b)
                .unwrap()
                .clone()
        };
        // Staff and access together in r5 only: 1 * 6 / (2 * 2) = 1.5.
        let staff_access = pair("access", "staff");
        assert_eq!(staff_access.count, 1);
        assert!((staff_access.lift.unwrap() - 1.5).abs() < 1e-12);
        // Staff and parking in r2: 1 * 6 / (2 * 2).
        assert!((pair("staff", "parking").lift.unwrap() - 1.5).abs() < 1e-12);
        // Ancestor pairs are not listed.
        assert!(
            !question
                .co_occurrence
                .iter()
                .any(|pair| pair.a == "services" && pair.b == "access")
        );
    }

    #[test]
    fn splits_by_a_profile_question_with_group_bases() {
        let dataset = dataset();
        let by = dataset
            .schema()
            .profile_questions()
            .next()
            .unwrap()
            .id
            .clone();
        let options = CodingOptions::default().with_by(Some(by));
        let coding = code_dataset(&dataset, &codebook(), &options).unwrap();
        let split = coding.questions[0].by.as_ref().unwrap();
        let groups: Vec<(&str, usize, usize)> = split
            .groups
            .iter()
            .map(|group| (group.label.as_str(), group.base, group.uncoded))
            .collect();
        assert_eq!(
            groups,
            [("Resident", 3, 2), ("Patient", 2, 0), ("(no answer)", 1, 0)]
        );
        // Staff: r2 and r5, both patients.
        assert_eq!(split.counts[2], [0, 2, 0]);
        let table = coding.questions[0].by_table().unwrap().to_text(40);
        assert!(table.contains("Base (n)"), "{table}");
    }

    #[test]
    fn a_term_matching_most_comments_is_warned_about() {
        let dataset = dataset();
        let codebook = Codebook::builder()
            .theme(Theme::new("everything", "Everything").with_include(["the", "i"]))
            .build()
            .unwrap();
        let options = CodingOptions::default().with_broad_term_min_base(1);
        let coding = code_dataset(&dataset, &codebook, &options).unwrap();
        assert_eq!(coding.questions[0].broad_terms.len(), 1);
        assert_eq!(coding.questions[0].broad_terms[0].term, "the");
        assert!(
            coding.warnings[0]
                .contains("term \"the\" of theme \"everything\" matches 4 of 6 comments (67%)"),
            "{:?}",
            coding.warnings
        );
    }

    #[test]
    fn wrong_questions_are_refused_with_a_hint() {
        let dataset = dataset();
        let options = CodingOptions::default().with_questions(vec!["respondent_id".to_string()]);
        let error = code_dataset(&dataset, &codebook(), &options).unwrap_err();
        assert!(error.to_string().contains("not free text"), "{error}");
        assert!(error.hint().unwrap().contains(&question_id(&dataset)));
        let options = CodingOptions::default().with_by(Some(question_id(&dataset)));
        let error = code_dataset(&dataset, &codebook(), &options).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("cannot split by a free_text question"),
            "{error}"
        );
    }

    #[test]
    fn sentiment_is_scored_per_comment_and_theme() {
        let dataset = dataset();
        let options = CodingOptions::default().with_sentiment(true);
        let coding = code_dataset(&dataset, &codebook(), &options).unwrap();
        let question = &coding.questions[0];
        assert_eq!(question.sentiment.as_ref().unwrap().comments, 6);
        let staff = question
            .themes
            .iter()
            .find(|theme| theme.id == "staff")
            .unwrap();
        let summary = staff.sentiment.as_ref().unwrap();
        assert_eq!(summary.comments, 2);
        assert_eq!(summary.positive, 2);
        assert!(question.sentiment_table().is_some());
    }
}
