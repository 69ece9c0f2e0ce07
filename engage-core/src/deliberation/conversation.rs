//! The vote matrix of a deliberation: participants x statements, each vote agree, disagree or
//! pass, at most one (the latest) per participant and statement, with the statements' text,
//! authors and moderation. Every reader (`votes`, `polis`) builds one.

use std::collections::HashMap;

use serde::Serialize;

use super::published::PolisExport;
use crate::{Error, Location, Result};

/// One participant's vote on one statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    /// Agree (+1 in Pol.is exports).
    Agree,
    /// Disagree (-1).
    Disagree,
    /// Pass, or unsure (0): seen and answered without taking a side.
    Pass,
}

impl Vote {
    /// The vote as a number: +1 agree, -1 disagree, 0 pass.
    #[must_use]
    pub fn value(self) -> f64 {
        match self {
            Vote::Agree => 1.0,
            Vote::Disagree => -1.0,
            Vote::Pass => 0.0,
        }
    }

    /// Reads a vote written as a number (`1`, `+1`, `-1`, `0`, `1.0`) or a word (`agree`,
    /// `disagree`, `pass`, any case). Blank and anything else is `None`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Vote> {
        let text = text.trim();
        match text.to_ascii_lowercase().as_str() {
            "agree" => return Some(Vote::Agree),
            "disagree" => return Some(Vote::Disagree),
            "pass" => return Some(Vote::Pass),
            _ => {}
        }
        let number: f64 = text.parse().ok()?;
        if number == 1.0 {
            Some(Vote::Agree)
        } else if number == -1.0 {
            Some(Vote::Disagree)
        } else if number == 0.0 {
            Some(Vote::Pass)
        } else {
            None
        }
    }

    /// `Agree`, `Disagree` or `Pass`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Vote::Agree => "Agree",
            Vote::Disagree => "Disagree",
            Vote::Pass => "Pass",
        }
    }
}

/// A statement's moderation, as Pol.is records it in `comments.csv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    /// Accepted by a moderator (Pol.is `moderated` = 1).
    Accepted,
    /// Not moderated (0, and every statement of a source without moderation).
    #[default]
    Unmoderated,
    /// Moderated out (-1): shown to no one and left out of the analysis.
    Rejected,
}

impl Moderation {
    /// From Pol.is's `moderated` column: `1`, `0` or `-1`; anything else is `None`.
    #[must_use]
    pub fn from_polis(text: &str) -> Option<Moderation> {
        match text.trim() {
            "1" => Some(Moderation::Accepted),
            "0" => Some(Moderation::Unmoderated),
            "-1" => Some(Moderation::Rejected),
            _ => None,
        }
    }
}

/// A statement participants voted on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    /// The statement's id (Pol.is `comment-id`, or the column's id in a wide sheet).
    pub id: String,
    /// The statement's text; empty when the source does not give it.
    pub text: String,
    /// Who wrote it (Pol.is `author-id`), when known.
    pub author: Option<String>,
    /// Whether a moderator accepted it or moderated it out.
    pub moderation: Moderation,
}

impl Statement {
    /// An unmoderated statement with no author.
    #[must_use]
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Statement {
        Statement {
            id: id.into(),
            text: text.into(),
            author: None,
            moderation: Moderation::Unmoderated,
        }
    }

    /// This statement with a moderation.
    #[must_use]
    pub fn with_moderation(mut self, moderation: Moderation) -> Statement {
        self.moderation = moderation;
        self
    }

    /// This statement with an author.
    #[must_use]
    pub fn with_author(mut self, author: impl Into<String>) -> Statement {
        self.author = Some(author.into());
        self
    }
}

/// One vote as a source records it: who, on what, how, and when (when known).
#[derive(Clone, Debug, PartialEq)]
pub struct VoteRecord {
    /// The participant's id.
    pub participant: String,
    /// The statement's id.
    pub statement: String,
    /// The vote.
    pub vote: Vote,
    /// When it was cast, in any increasing unit (Pol.is: milliseconds since 1970). A later
    /// vote by the same participant on the same statement replaces an earlier one; records
    /// without a time are ordered by their position.
    pub time: Option<i64>,
}

/// A vote as cast, by index into the conversation's participants and statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CastVote {
    /// When, in the source's unit (Pol.is: milliseconds since 1970).
    pub time: i64,
    /// The participant's index.
    pub participant: usize,
    /// The statement's index.
    pub statement: usize,
    /// The vote.
    pub vote: Vote,
}

/// A deliberation's votes: participants x statements, at most one vote per pair (the latest).
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    /// Where the votes came from, as the user named it.
    pub source: String,
    /// Participant ids: ascending numbers when every id is a number, else in natural order
    /// (`p2` before `p10`).
    pub participants: Vec<String>,
    /// The statements: ascending numbers when every id is a number, else those the source
    /// listed in its order, then any others in natural order.
    pub statements: Vec<Statement>,
    /// Participants x statements, row by row.
    votes: Vec<Option<Vote>>,
    /// Every vote record in the order it was cast, when every record has a time.
    history: Option<Vec<CastVote>>,
    /// Vote records read, re-votes included.
    pub vote_records: usize,
    /// What a Pol.is export publishes about itself (summary, per-comment counts, opinion
    /// groups) and how engage's counts compare; `None` for other sources.
    pub polis: Option<PolisExport>,
    /// What the reader decided, in words.
    pub decisions: Vec<String>,
}

impl Conversation {
    /// Builds the matrix from vote records in source order. Statements the records name but
    /// `statements` lacks are added without text. The order of participants and statements
    /// does not depend on the order of the records. Of several votes by one participant on one
    /// statement the latest counts (by time, then by position).
    pub fn from_records(
        source: impl Into<String>,
        statements: Vec<Statement>,
        records: &[VoteRecord],
    ) -> Result<Conversation> {
        let source = source.into();
        let mut statements = statements;
        let given = statements.len();
        let mut statement_index: HashMap<String, usize> = HashMap::new();
        for (index, statement) in statements.iter().enumerate() {
            if statement_index
                .insert(statement.id.clone(), index)
                .is_some()
            {
                return Err(Error::data(
                    Location::file(&source),
                    format!(
                        "statement id \"{}\" appears twice; expected each statement once",
                        statement.id
                    ),
                ));
            }
        }
        let mut participants: Vec<String> = Vec::new();
        let mut participant_index: HashMap<String, usize> = HashMap::new();
        for record in records {
            if !participant_index.contains_key(&record.participant) {
                participant_index.insert(record.participant.clone(), participants.len());
                participants.push(record.participant.clone());
            }
            if !statement_index.contains_key(&record.statement) {
                statement_index.insert(record.statement.clone(), statements.len());
                statements.push(Statement::new(record.statement.clone(), ""));
            }
        }
        // Canonical order, so that the same votes give the same matrix whatever the row order.
        let participant_order = canonical_order(&participants, 0);
        let statement_ids: Vec<String> = statements.iter().map(|s| s.id.clone()).collect();
        let statement_order = canonical_order(&statement_ids, given);
        let participants: Vec<String> = participant_order
            .iter()
            .map(|&old| participants[old].clone())
            .collect();
        let statements: Vec<Statement> = statement_order
            .iter()
            .map(|&old| statements[old].clone())
            .collect();
        let mut participant_rank = vec![0; participant_order.len()];
        for (new, &old) in participant_order.iter().enumerate() {
            participant_rank[old] = new;
        }
        let mut statement_rank = vec![0; statement_order.len()];
        for (new, &old) in statement_order.iter().enumerate() {
            statement_rank[old] = new;
        }
        let width = statements.len();
        let mut votes = vec![None; participants.len() * width];
        // The latest (time, position) per cell wins.
        let mut latest: Vec<Option<(i64, usize)>> = vec![None; votes.len()];
        let timed = !records.is_empty() && records.iter().all(|record| record.time.is_some());
        let mut history = Vec::with_capacity(if timed { records.len() } else { 0 });
        for (position, record) in records.iter().enumerate() {
            let row = participant_rank[participant_index[&record.participant]];
            let column = statement_rank[statement_index[&record.statement]];
            let cell = row * width + column;
            let key = (record.time.unwrap_or(i64::MIN), position);
            if latest[cell].is_none_or(|previous| key >= previous) {
                latest[cell] = Some(key);
                votes[cell] = Some(record.vote);
            }
            if let (true, Some(time)) = (timed, record.time) {
                history.push(CastVote {
                    time,
                    participant: row,
                    statement: column,
                    vote: record.vote,
                });
            }
        }
        // In time order; records cast at the same time keep their order in the source.
        history.sort_by_key(|vote| vote.time);
        Ok(Conversation {
            source,
            participants,
            statements,
            votes,
            history: timed.then_some(history),
            vote_records: records.len(),
            polis: None,
            decisions: Vec::new(),
        })
    }

    /// Every vote record in the order it was cast (re-votes included), when every record has a
    /// time; `None` otherwise.
    #[must_use]
    pub fn history(&self) -> Option<&[CastVote]> {
        self.history.as_deref()
    }

    /// A participant's vote on a statement, by index.
    #[must_use]
    pub fn vote(&self, participant: usize, statement: usize) -> Option<Vote> {
        self.votes[participant * self.statements.len() + statement]
    }

    /// A participant's votes, one per statement.
    #[must_use]
    pub fn votes_of(&self, participant: usize) -> &[Option<Vote>] {
        let width = self.statements.len();
        &self.votes[participant * width..(participant + 1) * width]
    }

    /// True when anyone voted on the statement at `index`.
    #[must_use]
    pub fn has_votes(&self, statement: usize) -> bool {
        (0..self.participants.len()).any(|participant| self.vote(participant, statement).is_some())
    }

    /// The number of votes (participant-statement pairs voted on), after re-votes.
    #[must_use]
    pub fn vote_count(&self) -> usize {
        self.votes.iter().filter(|vote| vote.is_some()).count()
    }
}

/// Indices into `ids` in canonical order, so that the same votes give the same matrix whatever
/// the order of the rows: by number when every id is an integer; otherwise the first `given`
/// ids (statements listed by the source, in the source's order) stay first and the rest follow
/// in natural order (`p2` before `p10`).
fn canonical_order(ids: &[String], given: usize) -> Vec<usize> {
    let numbers: Option<Vec<i64>> = ids.iter().map(|id| id.trim().parse().ok()).collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    if let Some(numbers) = numbers {
        order.sort_by_key(|&index| numbers[index]);
    } else {
        order[given.min(ids.len())..].sort_by(|&a, &b| natural_cmp(&ids[a], &ids[b]));
    }
    order
}

/// Compares text with runs of digits compared as numbers: `p2` < `p10`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(text: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (index, ch) in text.char_indices() {
            let is_digit = ch.is_ascii_digit();
            if digits.is_some_and(|previous| previous != is_digit) {
                out.push((digits.unwrap_or(false), &text[start..index]));
                start = index;
            }
            digits = Some(is_digit);
        }
        if start < text.len() {
            out.push((digits.unwrap_or(false), &text[start..]));
        }
        out
    }
    let (left, right) = (chunks(a), chunks(b));
    for ((left_digits, left), (right_digits, right)) in left.iter().zip(&right) {
        let ordering = if *left_digits && *right_digits {
            let (l, r) = (left.trim_start_matches('0'), right.trim_start_matches('0'));
            l.len().cmp(&r.len()).then_with(|| l.cmp(r))
        } else {
            left.cmp(right)
        };
        if ordering != std::cmp::Ordering::Equal {
            return ordering;
        }
    }
    left.len().cmp(&right.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(participant: &str, statement: &str, vote: Vote, time: Option<i64>) -> VoteRecord {
        VoteRecord {
            participant: participant.into(),
            statement: statement.into(),
            vote,
            time,
        }
    }

    #[test]
    fn votes_parse_as_numbers_or_words() {
        for (text, vote) in [
            ("1", Some(Vote::Agree)),
            ("+1", Some(Vote::Agree)),
            ("1.0", Some(Vote::Agree)),
            ("-1", Some(Vote::Disagree)),
            ("0", Some(Vote::Pass)),
            (" Agree ", Some(Vote::Agree)),
            ("DISAGREE", Some(Vote::Disagree)),
            ("pass", Some(Vote::Pass)),
            ("2", None),
            ("", None),
            ("maybe", None),
        ] {
            assert_eq!(Vote::parse(text), vote, "{text:?}");
        }
    }

    #[test]
    fn the_latest_vote_counts_whatever_the_row_order() {
        // Regression: Pol.is's votes.csv is not sorted by time, so the last row is not always
        // the latest vote.
        let records = [
            record("2", "10", Vote::Agree, Some(300)),
            record("2", "10", Vote::Disagree, Some(100)),
            record("1", "9", Vote::Pass, None),
            record("1", "9", Vote::Agree, None),
        ];
        let conversation = Conversation::from_records("test", Vec::new(), &records).unwrap();
        assert_eq!(conversation.participants, ["1", "2"]);
        let reversed: Vec<VoteRecord> = records.iter().rev().cloned().collect();
        let again = Conversation::from_records("test", Vec::new(), &reversed).unwrap();
        assert_eq!(again.participants, conversation.participants);
        let ids: Vec<&str> = conversation
            .statements
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["9", "10"], "numeric ids sort as numbers");
        assert_eq!(conversation.vote(1, 1), Some(Vote::Agree));
        assert_eq!(
            conversation.vote(0, 0),
            Some(Vote::Agree),
            "later row wins without times"
        );
        assert_eq!(conversation.vote(0, 1), None);
        assert_eq!(conversation.vote_count(), 2);
        assert_eq!(conversation.vote_records, 4);
    }

    #[test]
    fn natural_order_compares_digits_as_numbers() {
        let mut ids = vec!["p10", "p2", "p1", "q", "p02", "a10b"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["a10b", "p1", "p02", "p2", "p10", "q"]);
    }

    #[test]
    fn a_statement_listed_twice_is_an_error() {
        let error = Conversation::from_records(
            "test",
            vec![Statement::new("1", "a"), Statement::new("1", "b")],
            &[],
        )
        .unwrap_err();
        assert!(error.to_string().contains("appears twice"), "{error}");
    }
}
