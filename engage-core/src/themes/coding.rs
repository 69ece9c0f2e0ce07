//! Applying a codebook to the free-text answers of a dataset: per comment the themes with their
//! evidence; per question the base, each theme's count and share with parent roll-ups, the
//! uncoded count, splits by a profile question, co-occurrence with lift, sentiment, and warnings
//! about terms that match too much. Also the coding sheet (one row per comment and theme) that a
//! person corrects in Excel, and reading a corrected sheet back as a gold coding.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::codebook::Codebook;
use super::matcher::{MatchStatus, Scratch, TermMatch};
use super::quotes::ThemeQuotes;
use super::sentiment::{Sentiment, SentimentAnalyzer, SentimentSummary};
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::ingest::side_table::{SideOptions, SideTable};
use crate::privacy::disclosure::TableKind;
use crate::schema::{QuestionType, Role};
use crate::table::{Cell, Column, RowRole, Table, group_thousands};

/// A piece of evidence: a term of a theme found in a comment. It holds indices into the
/// codebook and byte offsets into the comment rather than copies of the strings, so that
/// coding a hundred thousand comments allocates nothing per match: [`Evidence::theme_id`],
/// [`Evidence::term_text`] and [`Evidence::matched`] give the strings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The theme's index in the codebook ([`Codebook::themes`]).
    pub theme: usize,
    /// The term's index in the theme's `include` list.
    pub term: usize,
    /// Byte offset of the match in the comment.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

impl Evidence {
    /// The theme's id.
    #[must_use]
    pub fn theme_id<'a>(&self, codebook: &'a Codebook) -> &'a str {
        codebook
            .themes()
            .get(self.theme)
            .map_or("", |theme| theme.id.as_str())
    }

    /// The codebook term, as written (`appoint*`).
    #[must_use]
    pub fn term_text<'a>(&self, codebook: &'a Codebook) -> &'a str {
        codebook
            .themes()
            .get(self.theme)
            .and_then(|theme| theme.include.get(self.term))
            .map_or("", String::as_str)
    }

    /// The text it matched, as written in `comment` (the comment it was found in).
    #[must_use]
    pub fn matched<'a>(&self, comment: &'a str) -> &'a str {
        comment.get(self.start..self.end).unwrap_or("")
    }
}

/// A match that does not count, and why: so that a missing theme can be audited too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// The match.
    #[serde(flatten)]
    pub evidence: Evidence,
    /// Why it does not count: `negated by "no problem"`, `excluded by term "parking" ("Parking")`.
    pub reason: String,
}

/// How one comment is coded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CommentCoding {
    /// The matches that code the comment, in text order.
    pub evidence: Vec<Evidence>,
    /// The matches cancelled by a negator or an exclude term.
    pub suppressed: Vec<Suppressed>,
}

impl CommentCoding {
    /// The codebook indices of the themes the comment is coded with (directly, not rolled
    /// up), in order of first evidence.
    #[must_use]
    pub fn themes(&self) -> Vec<usize> {
        let mut themes: Vec<usize> = Vec::new();
        for evidence in &self.evidence {
            if !themes.contains(&evidence.theme) {
                themes.push(evidence.theme);
            }
        }
        themes
    }

    /// The ids of the themes the comment is coded with, as [`CommentCoding::themes`].
    #[must_use]
    pub fn theme_ids<'a>(&self, codebook: &'a Codebook) -> Vec<&'a str> {
        self.themes()
            .into_iter()
            .map(|theme| codebook.themes()[theme].id.as_str())
            .collect()
    }

    /// True when at least one theme codes the comment.
    #[must_use]
    pub fn is_coded(&self) -> bool {
        !self.evidence.is_empty()
    }
}

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
    /// Every theme of the codebook, in display order (parents before their children).
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
    /// Representative quotes per theme, when selected (see [`super::quotes`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<ThemeQuotes>,
}

/// A codebook applied to a dataset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeCoding {
    /// The codebook file, when it was read from one.
    pub codebook: Option<String>,
    /// One entry per coded question.
    pub questions: Vec<QuestionThemes>,
    /// Things the user should check (broad terms).
    pub warnings: Vec<String>,
}

/// Codes the free-text answers of a dataset.
pub fn code_dataset(
    dataset: &Dataset,
    codebook: &Codebook,
    options: &CodingOptions,
) -> Result<ThemeCoding> {
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
        respondent_ids(dataset)?
    } else {
        Vec::new()
    };
    let analyzer = options.sentiment.then(SentimentAnalyzer::new);
    let mut coding = ThemeCoding {
        codebook: codebook.file().map(str::to_string),
        questions: Vec::with_capacity(questions.len()),
        warnings: Vec::new(),
    };
    // Each question's comments are coded on the machine's cores at once (see `code_texts`).
    for id in &questions {
        let question = code_question(
            dataset,
            id,
            codebook,
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

/// Each respondent's id (from the respondent-id column, else the row number) and row.
fn respondent_ids(dataset: &Dataset) -> Result<Vec<(String, usize)>> {
    let rows: Vec<usize> = (0..dataset.respondents())
        .map(|index| dataset.source().row(index))
        .collect();
    let ids = match dataset.schema().with_role(Role::RespondentId) {
        Some(question) => Some(dataset.texts(&question.id)?),
        None => None,
    };
    Ok(rows
        .iter()
        .enumerate()
        .map(|(index, &row)| {
            let id = ids
                .as_ref()
                .and_then(|ids| ids.get(index).cloned().flatten())
                .filter(|id| !id.trim().is_empty())
                .unwrap_or_else(|| row.to_string());
            (id, row)
        })
        .collect())
}

/// What one distinct comment gives: its matches, the themes it is coded with (rolled up to
/// parents, in display order), and with sentiment on, its whole sentiment and its sentiment
/// about each of those themes.
struct CodedText {
    matches: Vec<TermMatch>,
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
    codebook: &Codebook,
    analyzer: Option<&SentimentAnalyzer>,
) -> Vec<CodedText> {
    let order = codebook.display_order();
    let pieces = texts.len().div_ceil(TEXTS_PER_PIECE);
    let coded = crate::parallel::map(pieces, |piece, scratch: &mut Scratch| {
        let start = piece * TEXTS_PER_PIECE;
        let end = (start + TEXTS_PER_PIECE).min(texts.len());
        let mut rolled = vec![false; codebook.themes().len()];
        texts[start..end]
            .iter()
            .map(|&text| {
                let matches = codebook.find(text, scratch);
                rolled.fill(false);
                for found in &matches {
                    if found.status == MatchStatus::Counted {
                        for theme in codebook.lineage(found.theme) {
                            rolled[theme] = true;
                        }
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
                        .map(|&theme| {
                            let spans: Vec<(usize, usize)> = matches
                                .iter()
                                .filter(|found| {
                                    found.status == MatchStatus::Counted
                                        && codebook.is_within(found.theme, theme)
                                })
                                .map(|found| (found.start, found.end))
                                .collect();
                            scorer.score_spans(&spans)
                        })
                        .collect();
                    (whole, by_theme)
                });
                CodedText {
                    matches,
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
    codebook: &Codebook,
    options: &CodingOptions,
    groups: Option<&Groups>,
    respondents: &[(String, usize)],
    analyzer: Option<&SentimentAnalyzer>,
) -> Result<QuestionThemes> {
    let question = dataset.question(id)?;
    let answers = dataset.text_values(id)?;
    // A comment sent many times (a campaign's letter, "No") is matched and scored once.
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
    let coded_texts = code_texts(&distinct, codebook, analyzer);
    let theme_count = codebook.themes().len();
    let order = codebook.display_order();
    let mut count = vec![0usize; theme_count];
    let mut direct = vec![0usize; theme_count];
    // Comments each term matched, by a flat term number: `first_term[theme] + term`.
    let first_term: Vec<usize> = codebook
        .themes()
        .iter()
        .scan(0, |next, theme| {
            let first = *next;
            *next += theme.include.len();
            Some(first)
        })
        .collect();
    let term_total = codebook
        .themes()
        .iter()
        .map(|theme| theme.include.len())
        .sum();
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
    let mut direct_themes: Vec<usize> = Vec::new();
    for (index, which) in distinct_of.iter().enumerate() {
        let Some(&which) = which.as_ref() else {
            continue;
        };
        let text = distinct[which];
        let CodedText {
            matches,
            themes,
            sentiment,
        } = &coded_texts[which];
        base += 1;
        seen_terms.clear();
        direct_themes.clear();
        for found in matches {
            seen_terms.push(first_term[found.theme] + found.term);
            if found.status == MatchStatus::Counted && !direct_themes.contains(&found.theme) {
                direct_themes.push(found.theme);
            }
        }
        seen_terms.sort_unstable();
        seen_terms.dedup();
        for &term in &seen_terms {
            term_comments[term] += 1;
        }
        for &theme in &direct_themes {
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
                .map(|&theme| codebook.themes()[theme].id.clone())
                .collect(),
            coding: codebook.coding_of(text, matches),
            sentiment,
        });
    }
    let percent = |count: usize| (base > 0).then(|| count as f64 * 100.0 / base as f64);
    let themes: Vec<ThemeCount> = order
        .iter()
        .map(|&theme| {
            let definition = &codebook.themes()[theme];
            ThemeCount {
                id: definition.id.clone(),
                label: definition.label.clone(),
                parent: definition.parent.clone(),
                depth: codebook.depth(theme),
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
            if codebook.is_within(a, b) || codebook.is_within(b, a) {
                continue;
            }
            let both = pair_counts[a][b];
            let lift = (count[a] > 0 && count[b] > 0)
                .then(|| both as f64 * base as f64 / (count[a] as f64 * count[b] as f64));
            co_occurrence.push(CoOccurrence {
                a: codebook.themes()[a].id.clone(),
                b: codebook.themes()[b].id.clone(),
                count: both,
                lift,
            });
        }
    }
    let mut broad_terms = Vec::new();
    if base >= options.broad_term_min_base && base > 0 {
        for (theme, definition) in codebook.themes().iter().enumerate() {
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
        themes,
        by,
        co_occurrence,
        broad_terms,
        sentiment: analyzer.map(|_| overall_sentiment),
        comments,
        quotes: Vec::new(),
    })
}

/// Indents a theme label by its depth; table cells collapse spaces, so the marker is visible.
fn indented(label: &str, depth: usize) -> String {
    if depth == 0 {
        label.to_string()
    } else {
        format!("{}\u{21b3} {label}", "\u{b7} ".repeat(depth - 1))
    }
}

impl QuestionThemes {
    /// Theme counts: theme, count, % of base, with the uncoded count last.
    #[must_use]
    pub fn counts_table(&self) -> Table {
        let mut table = Table::new(
            format!("{}: {}", self.question, self.text),
            &[
                Column::label("Theme"),
                Column::count("Count"),
                Column::percent("% of base", 1),
            ],
        )
        .with_caption(format!(
            "Base: all who answered (n = {}); a comment may have several themes",
            group_thousands(self.base as u64)
        ));
        for theme in &self.themes {
            table.push(vec![
                Cell::text(indented(&theme.label, theme.depth)),
                Cell::Count(theme.count as u64),
                theme.percent.map_or(Cell::Empty, Cell::percent),
            ]);
        }
        // Comments with no theme: a count beside the themes, which overlap and add up to no
        // total.
        table.push_row(
            RowRole::Aside,
            vec![
                Cell::text("(uncoded)"),
                Cell::Count(self.uncoded as u64),
                percent_cell(self.uncoded, self.base),
            ],
        );
        if self.themes.iter().any(|theme| theme.depth > 0) {
            table.notes.push(
                "a parent theme counts each comment coded with it or any theme under it once"
                    .to_string(),
            );
        }
        table
    }

    /// The `--by` split: a base row, then each theme's percentage of each group's base.
    #[must_use]
    pub fn by_table(&self) -> Option<Table> {
        let by = self.by.as_ref()?;
        // Each group's percentages stand for its counts; "All" is their total where the
        // groups add up to everyone.
        let mut columns = vec![Column::label("Theme"), Column::total("All")];
        columns.extend(by.groups.iter().map(|group| Column::share(&group.label)));
        let mut table = Table::new(
            format!("{}: {} by {}", self.question, self.text, by.question),
            &columns,
        )
        .with_caption("Percentages of each group's base (respondents who answered)")
        .with_kind(TableKind::CrossTab);
        let mut base_row = vec![Cell::text("Base (n)"), Cell::Count(self.base as u64)];
        base_row.extend(by.groups.iter().map(|group| Cell::Count(group.base as u64)));
        table.push_row(RowRole::Total, base_row);
        let share = |count: usize, base: usize| {
            if base == 0 {
                Cell::Empty
            } else {
                Cell::share(count as f64 * 100.0 / base as f64, count as u64)
            }
        };
        for (theme, counts) in self.themes.iter().zip(&by.counts) {
            let mut row = vec![
                Cell::text(indented(&theme.label, theme.depth)),
                share(theme.count, self.base),
            ];
            row.extend(
                counts
                    .iter()
                    .zip(&by.groups)
                    .map(|(&count, group)| share(count, group.base)),
            );
            table.push_row(RowRole::Aside, row);
        }
        let mut uncoded = vec![Cell::text("(uncoded)"), share(self.uncoded, self.base)];
        uncoded.extend(
            by.groups
                .iter()
                .map(|group| share(group.uncoded, group.base)),
        );
        table.push_row(RowRole::Aside, uncoded);
        Some(table)
    }

    /// Pairs of themes given to the same comments, most frequent first, with lift: at most
    /// `limit` pairs of themes without children (parents repeat their children's pairs), pairs
    /// never together left out. [`QuestionThemes::co_occurrence`] has every pair.
    #[must_use]
    pub fn co_occurrence_table(&self, limit: usize) -> Table {
        let label = |id: &str| {
            self.themes
                .iter()
                .find(|theme| theme.id == id)
                .map_or_else(|| id.to_string(), |theme| theme.label.clone())
        };
        let is_parent = |id: &str| {
            self.themes
                .iter()
                .any(|theme| theme.parent.as_deref() == Some(id))
        };
        let mut pairs: Vec<&CoOccurrence> = self
            .co_occurrence
            .iter()
            .filter(|pair| pair.count > 0 && !is_parent(&pair.a) && !is_parent(&pair.b))
            .collect();
        pairs.sort_by_key(|pair| std::cmp::Reverse(pair.count));
        let shown = pairs.len().min(limit);
        let more = pairs.len() - shown;
        pairs.truncate(shown);
        let mut table = Table::new(
            format!("{}: themes given together", self.question),
            &[
                Column::label("Theme"),
                Column::text("With theme"),
                Column::count("Both"),
                Column::derived("Lift", 2),
            ],
        )
        .with_caption("Lift above 1: the themes go together more often than chance");
        for pair in pairs {
            table.push(vec![
                Cell::text(label(&pair.a)),
                Cell::text(label(&pair.b)),
                Cell::Count(pair.count as u64),
                Cell::maybe(pair.lift, 2),
            ]);
        }
        if more > 0 {
            table.notes.push(format!(
                "{more} less frequent pairs not shown (all pairs are in the JSON output)"
            ));
        }
        table
    }

    /// Sentiment per theme (when scored): comments, positive, neutral, negative, mean compound.
    #[must_use]
    pub fn sentiment_table(&self) -> Option<Table> {
        let overall = self.sentiment.as_ref()?;
        let mut table = Table::new(
            format!("{}: sentiment by theme", self.question),
            &[
                Column::label("Theme"),
                Column::total("Comments"),
                Column::share("Positive"),
                Column::share("Neutral"),
                Column::share("Negative"),
                Column::statistic("Mean compound"),
            ],
        )
        .with_caption(
            "VADER sentiment of the sentences about each theme; positive at 0.05 or more, negative at -0.05 or less",
        );
        let mut push = |label: String, summary: &SentimentSummary| {
            let share = |count: usize| {
                if summary.comments == 0 {
                    Cell::Empty
                } else {
                    Cell::share(count as f64 * 100.0 / summary.comments as f64, count as u64)
                }
            };
            table.push(vec![
                Cell::text(label),
                Cell::Count(summary.comments as u64),
                share(summary.positive),
                share(summary.neutral),
                share(summary.negative),
                Cell::maybe(summary.mean_compound, 3),
            ]);
        };
        push("(all comments)".to_string(), overall);
        for theme in &self.themes {
            if let Some(summary) = &theme.sentiment {
                push(indented(&theme.label, theme.depth), summary);
            }
        }
        Some(table)
    }
}

fn percent_cell(count: usize, base: usize) -> Cell {
    if base == 0 {
        Cell::Empty
    } else {
        Cell::percent(count as f64 * 100.0 / base as f64)
    }
}

/// The columns of the coding sheet.
pub const CODING_COLUMNS: [&str; 9] = [
    "respondent_id",
    "row",
    "question",
    "theme",
    "label",
    "term",
    "matched",
    "span",
    "comment",
];

impl ThemeCoding {
    /// Theme counts of every question in one long table for machines: question, theme id,
    /// label, parent, group (`All` or a `--by` group), base, count, percent.
    #[must_use]
    pub fn summary_table(&self) -> Table {
        let mut table = Table::new(
            "Theme counts",
            &[
                Column::text("question"),
                Column::text("theme_id"),
                Column::label("theme"),
                Column::text("parent"),
                Column::text("group"),
                // The group's base: each count is of it, so a group too small to publish has
                // its counts withheld, zeros included.
                Column::total("base"),
                Column::count("count"),
                Column::percent("percent", 6),
            ],
        );
        for question in &self.questions {
            let mut rows = |id: &str, label: &str, parent: &str, count: usize| {
                table.push(vec![
                    Cell::text(&question.question),
                    Cell::text(id),
                    Cell::text(label),
                    Cell::text(parent),
                    Cell::text("All"),
                    Cell::Count(question.base as u64),
                    Cell::Count(count as u64),
                    percent_cell(count, question.base),
                ]);
            };
            for theme in &question.themes {
                rows(
                    &theme.id,
                    &theme.label,
                    theme.parent.as_deref().unwrap_or(""),
                    theme.count,
                );
            }
            rows("", "(uncoded)", "", question.uncoded);
            if let Some(by) = &question.by {
                for (position, group) in by.groups.iter().enumerate() {
                    for (theme, counts) in question.themes.iter().zip(&by.counts) {
                        table.push(vec![
                            Cell::text(&question.question),
                            Cell::text(&theme.id),
                            Cell::text(&theme.label),
                            Cell::text(theme.parent.as_deref().unwrap_or("")),
                            Cell::text(&group.label),
                            Cell::Count(group.base as u64),
                            Cell::Count(counts[position] as u64),
                            percent_cell(counts[position], group.base),
                        ]);
                    }
                    table.push(vec![
                        Cell::text(&question.question),
                        Cell::text(""),
                        Cell::text("(uncoded)"),
                        Cell::text(""),
                        Cell::text(&group.label),
                        Cell::Count(group.base as u64),
                        Cell::Count(group.uncoded as u64),
                        percent_cell(group.uncoded, group.base),
                    ]);
                }
            }
        }
        table
    }

    /// The coding sheet: one row per comment and directly coded theme (an uncoded comment
    /// has one row with an empty theme) with its terms, matched text and byte spans, and the
    /// comment, for a person to check and correct in Excel and read back with
    /// [`read_coding`].
    #[must_use]
    pub fn coding_table(&self, codebook: &Codebook) -> Table {
        let mut table = Table::new("Coding", &CODING_COLUMNS);
        for question in &self.questions {
            for comment in &question.comments {
                let row = |theme: &str, label: &str, evidence: &[&Evidence]| {
                    let mut terms: Vec<&str> = Vec::new();
                    for item in evidence {
                        let term = item.term_text(codebook);
                        if !terms.contains(&term) {
                            terms.push(term);
                        }
                    }
                    vec![
                        Cell::text(&comment.respondent),
                        Cell::Count(comment.row as u64),
                        Cell::text(&question.question),
                        Cell::text(theme),
                        Cell::text(label),
                        Cell::text(terms.join("; ")),
                        Cell::text(
                            evidence
                                .iter()
                                .map(|item| item.matched(&comment.text))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        Cell::text(
                            evidence
                                .iter()
                                .map(|item| format!("{}..{}", item.start, item.end))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        Cell::text(&comment.text),
                    ]
                };
                let themes = comment.coding.themes();
                if themes.is_empty() {
                    table.push(row("", "", &[]));
                }
                for theme in themes {
                    let evidence: Vec<&Evidence> = comment
                        .coding
                        .evidence
                        .iter()
                        .filter(|item| item.theme == theme)
                        .collect();
                    let definition = &codebook.themes()[theme];
                    table.push(row(&definition.id, &definition.label, &evidence));
                }
            }
        }
        table
    }

    /// The coding as comment keys and theme sets, to compare with another coding
    /// (`codebook` is the one the comments were coded with).
    #[must_use]
    pub fn to_coding(&self, codebook: &Codebook) -> Coding {
        let mut coding = Coding::default();
        for question in &self.questions {
            for comment in &question.comments {
                let themes = coding
                    .assignments
                    .entry(CommentKey {
                        question: question.question.clone(),
                        respondent: comment.respondent.clone(),
                        row: Some(comment.row),
                    })
                    .or_default();
                themes.extend(
                    comment
                        .coding
                        .theme_ids(codebook)
                        .into_iter()
                        .map(str::to_string),
                );
            }
        }
        coding
    }
}

/// Which comment: the question, the respondent and, when known, the row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CommentKey {
    /// The question's id; empty when a coding sheet has no question column, in which case it
    /// stands for the one question of the coding it is compared with.
    pub question: String,
    /// The respondent's id (or row number, when the export has no id column).
    pub respondent: String,
    /// The 1-based row of the data file the comment came from, when known. It tells apart two
    /// comments under one respondent id (an export whose id column repeats, such as one row per
    /// comment with several comments per respondent).
    pub row: Option<usize>,
}

/// A set of theme assignments: for each comment, the themes it is coded with (possibly
/// none). The form both an automatic coding and a corrected sheet take, for agreement and
/// accuracy statistics (see [`mod@super::agreement`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coding {
    /// Each comment's themes, by comment.
    pub assignments: BTreeMap<CommentKey, BTreeSet<String>>,
    /// Columns of a one-column-per-theme sheet that hold 1s but name no theme of the codebook
    /// it was read with, and so were left out.
    pub ignored_columns: Vec<String>,
}

impl Coding {
    /// The themes of one comment, when the coding has it (the first in row order when the
    /// respondent id repeats).
    #[must_use]
    pub fn themes_of(&self, question: &str, respondent: &str) -> Option<&BTreeSet<String>> {
        let first = CommentKey {
            question: question.to_string(),
            respondent: respondent.to_string(),
            row: None,
        };
        self.assignments
            .range(first..)
            .next()
            .filter(|(key, _)| key.question == question && key.respondent == respondent)
            .map(|(_, themes)| themes)
    }

    /// Every theme id used, sorted.
    #[must_use]
    pub fn theme_ids(&self) -> BTreeSet<&str> {
        self.assignments
            .values()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// Every question id, sorted (an empty id when the sheet had no question column).
    #[must_use]
    pub fn questions(&self) -> BTreeSet<&str> {
        self.assignments
            .keys()
            .map(|key| key.question.as_str())
            .collect()
    }
}

/// Reads a coding in either of two shapes, saved from Excel in any common encoding:
///
/// - *One row per comment and theme*: the coding sheet [`ThemeCoding::coding_table`] writes,
///   possibly corrected by hand. The columns `respondent_id`, `question` and `theme` are
///   required, `row` is used when present, others are ignored. A theme cell may hold several
///   ids separated by `;`, or be empty for a comment with no theme.
/// - *One row per comment, one column per theme*, each cell `1` (or `x`, `yes`, `true`) when
///   the comment has the theme and `0`, blank (or `no`, `false`) when not: a sheet with a
///   `respondent_id` (or `respondent`, `response_id`, `id`) column and no `theme` column. A `question` column
///   is optional. Without a codebook every column holding only such values is a theme, named
///   by its heading; with one, the columns whose heading is a theme's id or label, and columns
///   that hold 1s under another heading are listed in [`Coding::ignored_columns`].
///
/// With a codebook, theme labels are accepted for ids and an unknown theme is an error naming
/// its row. The rows of a one-column-per-theme sheet are its own rows as a spreadsheet shows
/// them, which are the data file's rows when the sheet is the data file itself (labels kept
/// beside the comments).
pub fn read_coding(bytes: &[u8], file: &str, codebook: Option<&Codebook>) -> Result<Coding> {
    let table = SideTable::parse(bytes, file, SideOptions::default())?;
    if table.is_empty() {
        return Err(Error::data(
            Location::file(file),
            "the coding sheet is empty",
        ));
    }
    let header = csv::StringRecord::from(table.header.clone());
    let find = |wanted: &[&str]| table.column(wanted);
    let missing = |column: &str| {
        Error::data(
            Location::file(file).with_row(1),
            format!(
                "no {column} column; expected a coding sheet with the columns respondent_id, question, theme, or a respondent_id column and one 0/1 column per theme"
            ),
        )
        .with_hint("write one with `engage themes FILE --codebook C --format csv --coding`")
    };
    let columns = SheetColumns {
        respondent: find(&["respondent_id", "respondent", "response_id", "id"])
            .ok_or_else(|| missing("respondent_id"))?,
        question: find(&["question", "question_id"]),
        row: find(&["row"]),
    };
    // Rows as ingest numbers them, so that a sheet that is the data file itself has the rows
    // of its comments.
    let rows: Vec<(usize, csv::StringRecord)> = table
        .records
        .iter()
        .map(|record| (record.row, record.record().clone()))
        .collect();
    let sheet = Sheet {
        file,
        header: &header,
        rows: &rows,
        columns,
    };
    match find(&["theme", "theme_id"]) {
        Some(theme_column) => sheet.read_long(theme_column, codebook),
        None => sheet.read_wide(codebook),
    }
}

/// Where the key columns of a coding sheet are.
#[derive(Clone, Copy)]
struct SheetColumns {
    respondent: usize,
    question: Option<usize>,
    row: Option<usize>,
}

/// A coding sheet read as text records, with each record's line.
struct Sheet<'a> {
    file: &'a str,
    header: &'a csv::StringRecord,
    rows: &'a [(usize, csv::StringRecord)],
    columns: SheetColumns,
}

impl Sheet<'_> {
    fn location(&self, line: usize, column: usize) -> Location {
        Location::file(self.file)
            .with_row(line)
            .with_column(self.header.get(column).unwrap_or("").trim().to_string())
    }

    /// The comment a record is about, or `None` for a blank line.
    fn key(&self, line: usize, record: &csv::StringRecord) -> Result<Option<CommentKey>> {
        let cell = |column: usize| unneutralise(record.get(column).unwrap_or("").trim());
        let respondent = cell(self.columns.respondent);
        let question = self.columns.question.map(cell).unwrap_or_default();
        if respondent.is_empty() && question.is_empty() {
            return Ok(None);
        }
        if respondent.is_empty() {
            return Err(Error::data(
                self.location(line, self.columns.respondent),
                "the respondent_id is empty",
            ));
        }
        if let Some(column) = self.columns.question
            && question.is_empty()
        {
            return Err(Error::data(
                self.location(line, column),
                "the question is empty",
            ));
        }
        let row = match self.columns.row.map(cell) {
            None => None,
            Some(text) if text.is_empty() => None,
            Some(text) => Some(text.parse::<usize>().map_err(|_| {
                Error::data(
                    self.location(line, self.columns.row.unwrap_or_default()),
                    format!("expected a row number, found \"{text}\""),
                )
            })?),
        };
        Ok(Some(CommentKey {
            question,
            respondent,
            row,
        }))
    }

    /// One row per comment and theme.
    fn read_long(&self, theme_column: usize, codebook: Option<&Codebook>) -> Result<Coding> {
        let mut coding = Coding::default();
        for (line, record) in self.rows {
            let Some(key) = self.key(*line, record)? else {
                continue;
            };
            let themes = coding.assignments.entry(key).or_default();
            let cell = unneutralise(record.get(theme_column).unwrap_or("").trim());
            for theme in cell.split(';').map(str::trim) {
                if theme.is_empty() {
                    continue;
                }
                let id = match codebook {
                    None => theme.to_string(),
                    Some(codebook) => resolve_theme(codebook, theme).ok_or_else(|| {
                        unknown_theme(codebook, theme, self.location(*line, theme_column))
                    })?,
                };
                themes.insert(id);
            }
        }
        // A line added by hand for a comment whose other lines carry a row number, with the
        // row cell left blank, belongs to that comment.
        let blank_rows: Vec<CommentKey> = coding
            .assignments
            .keys()
            .filter(|key| key.row.is_none())
            .cloned()
            .collect();
        for key in blank_rows {
            let numbered: Vec<CommentKey> = coding
                .assignments
                .keys()
                .filter(|other| {
                    other.row.is_some()
                        && other.question == key.question
                        && other.respondent == key.respondent
                })
                .cloned()
                .collect();
            if let [only] = numbered.as_slice()
                && let Some(themes) = coding.assignments.remove(&key)
            {
                coding
                    .assignments
                    .entry(only.clone())
                    .or_default()
                    .extend(themes);
            }
        }
        Ok(coding)
    }

    /// One row per comment, one 0/1 column per theme.
    fn read_wide(&self, codebook: Option<&Codebook>) -> Result<Coding> {
        let SheetColumns {
            respondent,
            question,
            row,
        } = self.columns;
        let key_columns = [Some(respondent), question, row];
        let mut coding = Coding::default();
        let mut themes: Vec<(usize, String)> = Vec::new();
        for (column, heading) in self.header.iter().enumerate() {
            if key_columns.contains(&Some(column)) {
                continue;
            }
            let heading = heading.trim().trim_start_matches('\u{feff}').trim();
            let values: Vec<Option<bool>> = self
                .rows
                .iter()
                .map(|(_, record)| mark(record.get(column).unwrap_or("")))
                .collect();
            let binary = values.iter().all(Option::is_some);
            let has_ones = values.contains(&Some(true));
            match codebook {
                Some(codebook) => match resolve_theme(codebook, heading) {
                    Some(id) => themes.push((column, id)),
                    None if binary && has_ones => coding.ignored_columns.push(heading.to_string()),
                    None => {}
                },
                None if binary && !heading.is_empty() => {
                    themes.push((column, heading.to_string()));
                }
                None => {}
            }
        }
        if themes.is_empty() {
            return Err(Error::data(
                Location::file(self.file).with_row(1),
                "no theme columns; expected a theme column (one row per comment and theme) or one column of 1s and blanks per theme",
            )
            .with_hint(if codebook.is_some() {
                "the headings of the theme columns must be the codebook's theme ids or labels"
            } else {
                "write a coding sheet with `engage themes FILE --codebook C --format csv --coding`"
            }));
        }
        for (line, record) in self.rows {
            let Some(mut key) = self.key(*line, record)? else {
                continue;
            };
            if row.is_none() {
                key.row = Some(*line);
            }
            let assigned = coding.assignments.entry(key).or_default();
            for (column, id) in &themes {
                let cell = record.get(*column).unwrap_or("");
                match mark(cell) {
                    Some(true) => {
                        assigned.insert(id.clone());
                    }
                    Some(false) => {}
                    None => {
                        return Err(Error::data(
                            self.location(*line, *column),
                            format!(
                                "expected 1 or 0 (or blank) for a theme, found \"{}\"",
                                cell.trim()
                            ),
                        ));
                    }
                }
            }
        }
        Ok(coding)
    }
}

/// A cell of a one-column-per-theme sheet: whether it marks the theme, or `None` when it is
/// not a mark at all.
fn mark(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "1" | "1.0" | "x" | "yes" | "y" | "true" => Some(true),
        "" | "0" | "0.0" | "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

/// The error for a theme the codebook does not have, with the closest id as a hint.
fn unknown_theme(codebook: &Codebook, theme: &str, location: Location) -> Error {
    let known: Vec<String> = codebook
        .themes()
        .iter()
        .map(|theme| theme.id.clone())
        .collect();
    let error = Error::data(location, format!("unknown theme \"{theme}\""));
    match crate::error::closest(theme, &known) {
        Some(best) => error.with_hint(format!("did you mean \"{best}\"?")),
        None => error,
    }
}

/// A theme id from an id or a label (case-insensitive), as a person may type either.
fn resolve_theme(codebook: &Codebook, text: &str) -> Option<String> {
    if codebook.index_of(text).is_some() {
        return Some(text.to_string());
    }
    codebook
        .themes()
        .iter()
        .find(|theme| theme.id.eq_ignore_ascii_case(text) || theme.label.eq_ignore_ascii_case(text))
        .map(|theme| theme.id.clone())
}

/// Undoes the `'` our CSV writer puts before a formula-like value.
fn unneutralise(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if crate::privacy::safe::is_formula_like(rest) => rest.to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::codebook::Theme;
    use crate::{IngestOptions, read_reader};

    fn codebook() -> Codebook {
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

    fn dataset() -> Dataset {
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

    fn question_id(dataset: &Dataset) -> String {
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
    fn the_coding_sheet_reads_back_as_the_same_coding() {
        let dataset = dataset();
        let codebook = codebook();
        let coding = code_dataset(&dataset, &codebook, &CodingOptions::default()).unwrap();
        let sheet = coding.coding_table(&codebook).to_csv();
        assert!(
            sheet.starts_with("respondent_id,row,question,theme,label,term,matched,span,comment\n")
        );
        assert!(sheet.contains("r1,2,"), "{sheet}");
        let read = read_coding(sheet.as_bytes(), "coding.csv", Some(&codebook)).unwrap();
        assert_eq!(read, coding.to_coding(&codebook));
        assert_eq!(read.assignments.len(), 6);
        let question = question_id(&dataset);
        assert!(read.themes_of(&question, "r6").unwrap().is_empty());
    }

    #[test]
    fn a_corrected_sheet_accepts_labels_and_lists_and_refuses_unknown_themes() {
        let codebook = codebook();
        let sheet = "Respondent ID;Question;Theme\nr1;q;Parking; access\nr2;q;\n";
        // Semicolon-delimited, as Excel saves CSV in some locales: the theme cell is quoted.
        let sheet = sheet.replace("Parking; access", "\"Parking; access\"");
        let read = read_coding(sheet.as_bytes(), "gold.csv", Some(&codebook)).unwrap();
        let themes: Vec<&String> = read.themes_of("q", "r1").unwrap().iter().collect();
        assert_eq!(themes, ["access", "parking"]);
        assert!(read.themes_of("q", "r2").unwrap().is_empty());
        let error = read_coding(
            b"respondent_id,question,theme\nr1,q,parkin\n",
            "gold.csv",
            Some(&codebook),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "gold.csv: row 2, column \"theme\": unknown theme \"parkin\""
        );
        assert_eq!(error.hint(), Some("did you mean \"parking\"?"));
        let error = read_coding(b"theme,question\n", "gold.csv", None).unwrap_err();
        assert!(
            error.to_string().contains("no respondent_id column"),
            "{error}"
        );
    }

    /// Labels kept beside the comments, as the NHS Friends and Family Test file keeps them:
    /// one column per theme holding 1 or blank, other columns of numbers and text around them.
    #[test]
    fn a_sheet_with_one_column_per_theme_is_a_coding() {
        let sheet = "Comment ID,Respondent ID,FFT answer,Comment sentiment,Parking,Staff and care,Not assigned\r\n\
                     c1,r1,\"The car park, again\",4,1,,\r\n\
                     c2,r2,Lovely nurses,1,,1,\r\n\
                     c3,r2,\"Two\r\nlines\",3,1,x,\r\n\
                     c4,r4,Nothing,,0,,1\r\n";
        let codebook = codebook();
        let read = read_coding(sheet.as_bytes(), "fft.csv", Some(&codebook)).unwrap();
        // Labels name themes; a 0/1 column that is not a theme is listed, numbers are not.
        assert_eq!(read.ignored_columns, ["Not assigned"]);
        let comments: Vec<(&str, Option<usize>, Vec<&str>)> = read
            .assignments
            .iter()
            .map(|(key, themes)| {
                let themes = themes.iter().map(String::as_str).collect();
                (key.respondent.as_str(), key.row, themes)
            })
            .collect();
        // Rows are the sheet's rows as a spreadsheet shows them, so r2's two comments stay
        // apart; a record over two lines is one row (issue 19: r4 is on row 5, line 6).
        assert_eq!(
            comments,
            [
                ("r1", Some(2), vec!["parking"]),
                ("r2", Some(3), vec!["staff"]),
                ("r2", Some(4), vec!["parking", "staff"]),
                ("r4", Some(5), vec![]),
            ]
        );
        assert_eq!(read.questions(), BTreeSet::from([""]));
        // Without a codebook every column of marks is a theme, named by its heading.
        let read = read_coding(sheet.as_bytes(), "fft.csv", None).unwrap();
        assert_eq!(
            read.theme_ids(),
            BTreeSet::from(["Not assigned", "Parking", "Staff and care"])
        );
        let bad = "id,Parking\n1,1\n2,maybe\n";
        let error = read_coding(bad.as_bytes(), "fft.csv", Some(&codebook)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "fft.csv: row 3, column \"Parking\": expected 1 or 0 (or blank) for a theme, found \"maybe\""
        );
        let error = read_coding(b"id,answer\n1,hello\n", "fft.csv", None).unwrap_err();
        assert!(error.to_string().contains("no theme columns"), "{error}");
    }

    /// A line added by hand to a coding sheet with its row left blank joins the comment whose
    /// other lines carry the row, instead of becoming a comment no other coding has.
    #[test]
    fn a_hand_added_line_without_a_row_joins_its_comment() {
        let sheet = "respondent_id,row,question,theme\nr1,2,q,staff\nr1,,q,parking\nr2,,q,staff\n";
        let read = read_coding(sheet.as_bytes(), "gold.csv", None).unwrap();
        assert_eq!(read.assignments.len(), 2);
        let themes: Vec<&String> = read.themes_of("q", "r1").unwrap().iter().collect();
        assert_eq!(themes, ["parking", "staff"]);
        let error = read_coding(
            b"respondent_id,row,question,theme\nr1,two,q,staff\n",
            "gold.csv",
            None,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "gold.csv: row 2, column \"row\": expected a row number, found \"two\""
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
