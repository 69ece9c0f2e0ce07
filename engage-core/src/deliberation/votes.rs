//! The vote matrix of a deliberation (participants x statements, each vote agree, disagree or
//! pass) and the readers that build it: a Pol.is open-data folder or its files, a long table of
//! participant, statement and vote, or a wide participants x statements sheet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::published::{self, PolisExport};
use crate::ingest::csv::parse as parse_csv;
use crate::ingest::grid::Grid as _;
use crate::ingest::{DEFAULT_MAX_CELL_BYTES, IngestOptions};
use crate::{Dataset, Error, Location, Result};

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
    /// From Pol.is's `moderated` column: 1, 0 or -1.
    #[must_use]
    pub fn from_polis(value: i64) -> Moderation {
        match value {
            1.. => Moderation::Accepted,
            0 => Moderation::Unmoderated,
            _ => Moderation::Rejected,
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
        for (position, record) in records.iter().enumerate() {
            let row = participant_rank[participant_index[&record.participant]];
            let column = statement_rank[statement_index[&record.statement]];
            let cell = row * width + column;
            let key = (record.time.unwrap_or(i64::MIN), position);
            if latest[cell].is_none_or(|previous| key >= previous) {
                latest[cell] = Some(key);
                votes[cell] = Some(record.vote);
            }
        }
        Ok(Conversation {
            source,
            participants,
            statements,
            votes,
            vote_records: records.len(),
            polis: None,
            decisions: Vec::new(),
        })
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

/// Reads votes from what the user named: a Pol.is open-data folder, Pol.is export files
/// (`votes.csv`, `comments.csv`, `participants-votes.csv`, `summary.csv`, recognised by their
/// header), or one table of votes, long (participant, statement, vote) or wide (one row per
/// participant, one column per statement).
pub fn read_paths(paths: &[PathBuf], options: &IngestOptions) -> Result<Conversation> {
    for path in paths {
        if let Err(error) = std::fs::metadata(path) {
            return Err(
                Error::io(Location::file(path.display().to_string()), error).with_hint(
                    "check the path; give a Pol.is open-data folder, its files, or a table of votes",
                ),
            );
        }
    }
    match paths {
        [] => Err(Error::unsupported(
            Location::default(),
            "no input given; expected a Pol.is folder or a table of votes",
        )),
        [single] if single.is_dir() => read_polis(single),
        _ => {
            let mut files = PolisFiles::default();
            let mut others = Vec::new();
            for path in paths {
                let name = path.display().to_string();
                if path.is_dir() {
                    return Err(Error::unsupported(
                        Location::file(&name),
                        "is a folder; expected a Pol.is folder on its own, or files",
                    ));
                }
                match polis_kind(path)? {
                    Some(PolisKind::Votes) => files.votes = Some(path.clone()),
                    Some(PolisKind::Comments) => files.comments = Some(path.clone()),
                    Some(PolisKind::ParticipantsVotes) => {
                        files.participants_votes = Some(path.clone());
                    }
                    Some(PolisKind::Summary) => files.summary = Some(path.clone()),
                    None => others.push(path.clone()),
                }
            }
            match (others.as_slice(), files.is_empty()) {
                ([], false) => files.read(&display_list(paths)),
                ([table], true) => {
                    let dataset = crate::read_path(table, options)?;
                    from_dataset(&dataset)
                }
                (_, _) => Err(Error::unsupported(
                    Location::file(display_list(&others)),
                    "expected Pol.is export files or one table of votes, found other tables",
                )
                .with_hint("give a Pol.is folder, its files, or a single table of votes")),
            }
        }
    }
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a Pol.is open-data folder: `votes.csv` (every vote, the latest per participant and
/// statement counting), `comments.csv` (statements' text, authors and moderation),
/// `participants-votes.csv` (used for the votes only when `votes.csv` is missing; its
/// `group-id` is Pol.is's own opinion groups) and `summary.csv`.
pub fn read_polis(folder: impl AsRef<Path>) -> Result<Conversation> {
    let folder = folder.as_ref();
    let file = |name: &str| {
        let path = folder.join(name);
        path.is_file().then_some(path)
    };
    let files = PolisFiles {
        votes: file("votes.csv"),
        comments: file("comments.csv"),
        participants_votes: file("participants-votes.csv"),
        summary: file("summary.csv"),
    };
    if files.votes.is_none() && files.participants_votes.is_none() {
        return Err(Error::format(
            Location::file(folder.display().to_string()),
            "expected a Pol.is folder holding votes.csv or participants-votes.csv, found neither",
        ));
    }
    files.read(&folder.display().to_string())
}

/// The Pol.is export files given.
#[derive(Debug, Default)]
struct PolisFiles {
    votes: Option<PathBuf>,
    comments: Option<PathBuf>,
    participants_votes: Option<PathBuf>,
    summary: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PolisKind {
    Votes,
    Comments,
    ParticipantsVotes,
    Summary,
}

/// Which Pol.is file this is, from its first line.
fn polis_kind(path: &Path) -> Result<Option<PolisKind>> {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
    if extension.as_deref() != Some("csv") {
        return Ok(None);
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&name), error))?;
    let first_line = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)])
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}')
        .to_string();
    let header: Vec<&str> = first_line.split(',').map(str::trim).collect();
    let has = |column: &str| header.contains(&column);
    Ok(if has("voter-id") && has("comment-id") && has("vote") {
        Some(PolisKind::Votes)
    } else if has("comment-id") && has("comment-body") {
        Some(PolisKind::Comments)
    } else if has("participant") && has("n-votes") {
        Some(PolisKind::ParticipantsVotes)
    } else if header.first() == Some(&"topic") {
        Some(PolisKind::Summary)
    } else {
        None
    })
}

/// A parsed CSV file: header cells and records with their 1-based line numbers.
struct CsvFile {
    name: String,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl CsvFile {
    fn read(path: &Path) -> Result<CsvFile> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&name), error))?;
        let (grid, _) = parse_csv(
            &bytes,
            &name,
            Some(b','),
            None,
            None,
            DEFAULT_MAX_CELL_BYTES,
        )?;
        let mut records = grid.rows.iter().enumerate().map(|(index, record)| {
            (
                grid.source_row(index),
                record.iter().map(|cell| cell.trim().to_string()).collect(),
            )
        });
        let header = records.next().map(|(_, cells)| cells).unwrap_or_default();
        let rows = records
            .filter(|(_, cells): &(usize, Vec<String>)| cells.iter().any(|cell| !cell.is_empty()))
            .collect();
        Ok(CsvFile { name, header, rows })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|cell| cell == name)
    }

    fn require(&self, names: &[&str]) -> Result<Vec<usize>> {
        names
            .iter()
            .map(|name| {
                self.column(name).ok_or_else(|| {
                    Error::format(
                        Location::file(&self.name).with_row(1),
                        format!(
                            "expected the Pol.is columns {}, found no \"{name}\"",
                            names.join(", ")
                        ),
                    )
                })
            })
            .collect()
    }
}

fn cell(cells: &[String], column: usize) -> &str {
    cells.get(column).map_or("", String::as_str)
}

impl PolisFiles {
    fn is_empty(&self) -> bool {
        self.votes.is_none()
            && self.comments.is_none()
            && self.participants_votes.is_none()
            && self.summary.is_none()
    }

    fn read(&self, source: &str) -> Result<Conversation> {
        let comments = self.comments.as_deref().map(CsvFile::read).transpose()?;
        let statements = match &comments {
            Some(comments) => polis_statements(comments)?,
            None => Vec::new(),
        };
        let votes_file = self.votes.as_deref().map(CsvFile::read).transpose()?;
        let wide = self
            .participants_votes
            .as_deref()
            .map(CsvFile::read)
            .transpose()?;
        let mut decisions = Vec::new();
        let records = if let Some(votes) = &votes_file {
            decisions.push(format!(
                "votes from {}: the latest vote per participant and statement counts",
                votes.name
            ));
            polis_vote_records(votes)?
        } else if let Some(wide) = &wide {
            decisions.push(format!(
                "votes from {} (no votes.csv): one vote per participant and statement",
                wide.name
            ));
            wide_polis_records(wide)?
        } else {
            return Err(Error::format(
                Location::file(source),
                "expected Pol.is votes.csv or participants-votes.csv, found neither",
            ));
        };
        let mut conversation = Conversation::from_records(source, statements, &records)?;
        if let Some(comments) = &comments {
            decisions.push(format!(
                "statements' text, authors and moderation from {}",
                comments.name
            ));
        }
        let summary = self.summary.as_deref().map(CsvFile::read).transpose()?;
        let export =
            published::polis_export(
                &conversation,
                &records,
                votes_file.is_some(),
                comments
                    .as_ref()
                    .map(|file| (file.name.as_str(), &file.header, &file.rows)),
                wide.as_ref()
                    .map(|file| (file.name.as_str(), &file.header, &file.rows)),
                summary.as_ref().map(|file| {
                    let mut pairs = vec![(
                        file.header.first().cloned().unwrap_or_default(),
                        file.header.get(1).cloned().unwrap_or_default(),
                    )];
                    pairs.extend(file.rows.iter().map(|(_, cells)| {
                        (cell(cells, 0).to_string(), cell(cells, 1).to_string())
                    }));
                    (file.name.clone(), pairs)
                }),
            )?;
        conversation.polis = Some(export);
        conversation.decisions = decisions;
        Ok(conversation)
    }
}

/// Statements from comments.csv.
fn polis_statements(comments: &CsvFile) -> Result<Vec<Statement>> {
    let [id, body] = comments.require(&["comment-id", "comment-body"])?[..] else {
        unreachable!("two columns were asked for");
    };
    let author = comments.column("author-id");
    let moderated = comments.column("moderated");
    let mut statements = Vec::with_capacity(comments.rows.len());
    for (line, cells) in &comments.rows {
        let moderation = match moderated.map(|column| cell(cells, column)) {
            None | Some("") => Moderation::Unmoderated,
            Some(text) => Moderation::from_polis(text.parse().map_err(|_| {
                Error::data(
                    Location::file(&comments.name)
                        .with_row(*line)
                        .with_column("moderated"),
                    format!("expected 1, 0 or -1, found \"{text}\""),
                )
            })?),
        };
        let mut statement = Statement::new(
            cell(cells, id),
            crate::ingest::values::clean_text(cell(cells, body)),
        )
        .with_moderation(moderation);
        if let Some(author) = author.map(|column| cell(cells, column))
            && !author.is_empty()
        {
            statement = statement.with_author(author);
        }
        statements.push(statement);
    }
    Ok(statements)
}

/// Every row of votes.csv as a record.
fn polis_vote_records(votes: &CsvFile) -> Result<Vec<VoteRecord>> {
    let [statement, voter, vote] = votes.require(&["comment-id", "voter-id", "vote"])?[..] else {
        unreachable!("three columns were asked for");
    };
    let timestamp = votes.column("timestamp");
    votes
        .rows
        .iter()
        .map(|(line, cells)| {
            let location = |column: &str| {
                Location::file(&votes.name)
                    .with_row(*line)
                    .with_column(column)
            };
            let text = cell(cells, vote);
            let parsed = Vote::parse(text).ok_or_else(|| {
                Error::data(
                    location("vote"),
                    format!("expected 1, -1 or 0, found \"{text}\""),
                )
            })?;
            let time = match timestamp.map(|column| cell(cells, column)) {
                None | Some("") => None,
                Some(text) => Some(text.parse::<i64>().map_err(|_| {
                    Error::data(
                        location("timestamp"),
                        format!("expected milliseconds since 1970, found \"{text}\""),
                    )
                })?),
            };
            Ok(VoteRecord {
                participant: cell(cells, voter).to_string(),
                statement: cell(cells, statement).to_string(),
                vote: parsed,
                time,
            })
        })
        .collect()
}

/// The per-participant columns of participants-votes.csv that are not statements.
pub(crate) const POLIS_PARTICIPANT_COLUMNS: [&str; 7] = [
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
];

/// The cells of participants-votes.csv as records (when there is no votes.csv).
fn wide_polis_records(wide: &CsvFile) -> Result<Vec<VoteRecord>> {
    let [participant] = wide.require(&["participant"])?[..] else {
        unreachable!("one column was asked for");
    };
    let mut records = Vec::new();
    for (line, cells) in &wide.rows {
        for (column, header) in wide.header.iter().enumerate() {
            if POLIS_PARTICIPANT_COLUMNS.contains(&header.as_str()) {
                continue;
            }
            let text = cell(cells, column);
            if text.is_empty() {
                continue;
            }
            let vote = Vote::parse(text).ok_or_else(|| {
                Error::data(
                    Location::file(&wide.name)
                        .with_row(*line)
                        .with_column(header.clone()),
                    format!("expected 1, -1, 0 or blank, found \"{text}\""),
                )
            })?;
            records.push(VoteRecord {
                participant: cell(cells, participant).to_string(),
                statement: header.clone(),
                vote,
                time: None,
            });
        }
    }
    Ok(records)
}

/// Header names (lower case, letters and digits only) that name each column of a long table.
const PARTICIPANT_NAMES: [&str; 9] = [
    "participant",
    "participantid",
    "voter",
    "voterid",
    "respondent",
    "respondentid",
    "user",
    "userid",
    "pid",
];
const STATEMENT_NAMES: [&str; 8] = [
    "statement",
    "statementid",
    "comment",
    "commentid",
    "item",
    "itemid",
    "tid",
    "proposal",
];
const VOTE_NAMES: [&str; 3] = ["vote", "response", "answer"];
const TIME_NAMES: [&str; 5] = ["timestamp", "time", "created", "datetime", "date"];
const TEXT_NAMES: [&str; 4] = ["statementtext", "commentbody", "commenttext", "text"];

fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Builds the vote matrix from a dataset: a long table when it has participant, statement and
/// vote columns (by header: `participant`/`voter-id`/`respondent`, `statement`/`comment-id`,
/// `vote`; an optional `timestamp` orders re-votes and an optional `statement text` names the
/// statements), else a wide sheet whose statement columns are those where every answer is a
/// vote (1, -1, 0, agree, disagree, pass), with participants identified by the respondent-id
/// column or by row.
pub fn from_dataset(dataset: &Dataset) -> Result<Conversation> {
    let questions = dataset.schema().questions();
    let find = |names: &[&str]| {
        questions.iter().find(|question| {
            let header = question
                .columns
                .first()
                .map_or(&question.id, |header| header);
            names.contains(&squash(header).as_str())
                || names.contains(&squash(&question.id).as_str())
        })
    };
    if let (Some(participant), Some(statement), Some(vote)) = (
        find(&PARTICIPANT_NAMES),
        find(&STATEMENT_NAMES),
        find(&VOTE_NAMES),
    ) {
        return long_table(
            dataset,
            participant,
            statement,
            vote,
            find(&TIME_NAMES),
            find(&TEXT_NAMES),
        );
    }
    wide_table(dataset)
}

fn long_table(
    dataset: &Dataset,
    participant: &crate::Question,
    statement: &crate::Question,
    vote: &crate::Question,
    time: Option<&crate::Question>,
    text: Option<&crate::Question>,
) -> Result<Conversation> {
    let source = dataset.source().file.clone();
    let participants = dataset.texts(&participant.id)?;
    let statement_ids = dataset.texts(&statement.id)?;
    let votes = dataset.texts(&vote.id)?;
    let times: Option<Vec<Option<i64>>> = match time {
        Some(question) => Some(
            dataset
                .dates(&question.id)
                .map(|dates| {
                    dates
                        .iter()
                        .map(|date| date.map(|date| date.and_utc().timestamp_millis()))
                        .collect()
                })
                .or_else(|_| {
                    dataset.numbers(&question.id).map(|numbers| {
                        numbers
                            .iter()
                            .map(|number| number.map(|number| number as i64))
                            .collect()
                    })
                })?,
        ),
        None => None,
    };
    let texts = text
        .map(|question| dataset.texts(&question.id))
        .transpose()?;
    let mut records = Vec::with_capacity(votes.len());
    let mut statements: Vec<Statement> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, vote_text) in votes.iter().enumerate() {
        let location = || dataset.source().location(index);
        let (Some(who), Some(what)) = (&participants[index], &statement_ids[index]) else {
            continue;
        };
        let Some(vote_text) = vote_text else {
            continue;
        };
        let parsed = Vote::parse(vote_text).ok_or_else(|| {
            Error::data(
                location().with_column(vote.columns.first().cloned().unwrap_or(vote.id.clone())),
                format!(
                    "expected a vote (1, -1, 0, agree, disagree or pass), found \"{vote_text}\""
                ),
            )
        })?;
        if !seen.contains_key(what) {
            seen.insert(what.clone(), statements.len());
            statements.push(Statement::new(what.clone(), ""));
        }
        if let Some(Some(text)) = texts.as_ref().map(|texts| &texts[index]) {
            let statement = &mut statements[seen[what]];
            if statement.text.is_empty() {
                statement.text.clone_from(text);
            }
        }
        records.push(VoteRecord {
            participant: who.clone(),
            statement: what.clone(),
            vote: parsed,
            time: times.as_ref().and_then(|times| times[index]),
        });
    }
    if records.is_empty() {
        return Err(Error::data(
            Location::file(&source),
            "expected rows of participant, statement and vote, found no votes",
        ));
    }
    // The statements of a long table come from its rows, so their order must not.
    statements.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let mut conversation = Conversation::from_records(source, statements, &records)?;
    conversation.decisions.push(format!(
        "a long table: participant from \"{}\", statement from \"{}\", vote from \"{}\"{}",
        participant.id,
        statement.id,
        vote.id,
        time.map(|time| format!(", re-votes ordered by \"{}\"", time.id))
            .unwrap_or_default()
    ));
    Ok(conversation)
}

fn wide_table(dataset: &Dataset) -> Result<Conversation> {
    let source = dataset.source().file.clone();
    let respondent = dataset
        .schema()
        .questions()
        .iter()
        .find(|question| question.role == Some(crate::Role::RespondentId));
    let ids: Vec<String> = match respondent {
        Some(question) => dataset
            .texts(&question.id)?
            .into_iter()
            .enumerate()
            .map(|(row, id)| id.unwrap_or_else(|| format!("row {}", row + 1)))
            .collect(),
        None => dataset
            .source()
            .rows
            .iter()
            .map(|row| format!("row {row}"))
            .collect(),
    };
    let mut statements = Vec::new();
    let mut columns = Vec::new();
    for question in dataset.schema().questions() {
        if question.role.is_some() {
            continue;
        }
        let Ok(values) = dataset.texts(&question.id) else {
            continue;
        };
        let mut any = false;
        let parsed: Option<Vec<Option<Vote>>> = values
            .iter()
            .map(|value| match value {
                None => Some(None),
                Some(text) if text.trim().is_empty() => Some(None),
                Some(text) => {
                    any = true;
                    Vote::parse(text).map(Some)
                }
            })
            .collect();
        if let (Some(parsed), true) = (parsed, any) {
            statements.push(Statement::new(question.id.clone(), question.text.clone()));
            columns.push(parsed);
        }
    }
    if statements.is_empty() {
        return Err(Error::format(
            Location::file(&source),
            "expected a long table (participant, statement and vote columns) or statement columns of votes (1, -1, 0, agree, disagree, pass), found neither",
        )
        .with_hint("name the columns participant, statement and vote, or give a Pol.is folder"));
    }
    let mut records = Vec::new();
    for (row, id) in ids.iter().enumerate() {
        for (statement, column) in statements.iter().zip(&columns) {
            if let Some(vote) = column.get(row).copied().flatten() {
                records.push(VoteRecord {
                    participant: id.clone(),
                    statement: statement.id.clone(),
                    vote,
                    time: None,
                });
            }
        }
    }
    let count = statements.len();
    let mut conversation = Conversation::from_records(source, statements, &records)?;
    conversation.decisions.push(format!(
        "a wide sheet: {count} statement columns whose answers are all votes, participants by {}",
        respondent.map_or_else(
            || "row".to_string(),
            |question| format!("\"{}\"", question.id)
        )
    ));
    Ok(conversation)
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

    #[test]
    fn a_long_table_is_read_through_ingest() {
        let csv = "voter,statement,vote,timestamp\n\
                   a,s1,agree,2024-01-01 10:00\n\
                   a,s2,-1,2024-01-01 10:01\n\
                   b,s1,pass,2024-01-01 10:02\n\
                   a,s1,disagree,2024-01-01 09:00\n";
        let dataset =
            crate::read_reader(csv.as_bytes(), "long.csv", &IngestOptions::default()).unwrap();
        let conversation = from_dataset(&dataset).unwrap();
        assert_eq!(conversation.participants, ["a", "b"]);
        assert_eq!(conversation.statements.len(), 2);
        // The 09:00 disagree came last in the file but earlier in time.
        assert_eq!(conversation.vote(0, 0), Some(Vote::Agree));
        assert_eq!(conversation.vote(0, 1), Some(Vote::Disagree));
        assert_eq!(conversation.vote(1, 0), Some(Vote::Pass));
    }

    #[test]
    fn a_wide_sheet_takes_the_columns_of_votes() {
        let csv = "Respondent ID,Age band,Buses are good enough,Parking should be free\n\
                   1,18-24,1,-1\n\
                   2,25-34,0,\n\
                   3,35-44,-1,1\n";
        let dataset =
            crate::read_reader(csv.as_bytes(), "wide.csv", &IngestOptions::default()).unwrap();
        let conversation = from_dataset(&dataset).unwrap();
        let texts: Vec<&str> = conversation
            .statements
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts, ["Buses are good enough", "Parking should be free"]);
        assert_eq!(conversation.participants.len(), 3);
        assert_eq!(conversation.vote_count(), 5);
    }

    #[test]
    fn a_bad_vote_names_its_file_row_and_column() {
        let csv = "voter,statement,vote\na,s1,1\nb,s1,maybe\n";
        let dataset =
            crate::read_reader(csv.as_bytes(), "long.csv", &IngestOptions::default()).unwrap();
        let error = from_dataset(&dataset).unwrap_err();
        assert_eq!(
            error.to_string(),
            "long.csv: row 3, column \"vote\": expected a vote (1, -1, 0, agree, disagree or pass), found \"maybe\""
        );
    }
}
