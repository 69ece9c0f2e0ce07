//! The Pol.is open-data export read into the vote matrix: `votes.csv` (every vote, re-votes
//! included), `comments.csv` (the statements' text, authors, moderation and vote counts),
//! `participants-votes.csv` (one row per participant: Pol.is's opinion group, counts and latest
//! votes) and `summary.csv`. Every value is checked: a bad one is an error naming its file, row
//! and column. The figures the export publishes about itself are then counted again from the
//! votes ([`PolisExport`]).
//!
//! How each published figure reproduces from the raw files (checked on four public
//! conversations, see `testdata/README.md`):
//! - `voters` is the number of distinct `voter-id`s in `votes.csv` (the rows of
//!   `participants-votes.csv`).
//! - `commenters` is the number of distinct `author-id`s in `comments.csv`.
//! - `comments` is the number of statements with at least one vote: the columns of Pol.is's
//!   vote matrix (its `n-cmts`). In older exports that is every comment, moderated out or not;
//!   in newer ones moderated-out comments have no votes in the export and drop out.
//! - `agrees` and `disagrees` in `comments.csv` count every row of `votes.csv`, re-votes
//!   included.
//! - `n-votes` in `participants-votes.csv` counts distinct participant-statement pairs, and its
//!   cells hold the latest vote of each pair.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::conversation::{Conversation, Moderation, Statement, Vote, VoteRecord};
use super::published::{PolisExport, PublishedCheck};
use crate::ingest::side_table::{SideOptions, SideTable};
use crate::{Error, Location, Result};

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

/// The statements of a Pol.is `comments.csv`: id, text, author and moderation.
pub(crate) fn read_statements(path: &Path) -> Result<Vec<Statement>> {
    let comments = read_comments(&read_csv(path, false)?)?;
    Ok(comments
        .into_iter()
        .map(|comment| comment.statement)
        .collect())
}

/// The Pol.is export files given.
#[derive(Debug, Default)]
pub(crate) struct PolisFiles {
    votes: Option<PathBuf>,
    comments: Option<PathBuf>,
    participants_votes: Option<PathBuf>,
    summary: Option<PathBuf>,
}

impl PolisFiles {
    /// Takes `path` as the Pol.is file its header says it is; false when it is none.
    pub(crate) fn add(&mut self, path: &Path) -> Result<bool> {
        let slot = match polis_kind(path)? {
            Some(PolisKind::Votes) => &mut self.votes,
            Some(PolisKind::Comments) => &mut self.comments,
            Some(PolisKind::ParticipantsVotes) => &mut self.participants_votes,
            Some(PolisKind::Summary) => &mut self.summary,
            None => return Ok(false),
        };
        *slot = Some(path.to_path_buf());
        Ok(true)
    }

    /// True when no Pol.is file was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.votes.is_none()
            && self.comments.is_none()
            && self.participants_votes.is_none()
            && self.summary.is_none()
    }

    /// Reads the files into a conversation named `source`, with what the export publishes
    /// about itself counted again.
    pub(crate) fn read(&self, source: &str) -> Result<Conversation> {
        let comments = match &self.comments {
            Some(path) => {
                let file = read_csv(path, false)?;
                Some((file.name.clone(), read_comments(&file)?))
            }
            None => None,
        };
        let statements: Vec<Statement> = comments
            .iter()
            .flat_map(|(_, comments)| comments.iter().map(|comment| comment.statement.clone()))
            .collect();
        let votes = match &self.votes {
            Some(path) => {
                let file = read_csv(path, false)?;
                Some((file.name.clone(), read_votes(&file)?))
            }
            None => None,
        };
        let participants = self
            .participants_votes
            .as_deref()
            .map(|path| read_participants_votes(&read_csv(path, false)?))
            .transpose()?;
        let mut decisions = Vec::new();
        let records = match (&votes, &participants) {
            (Some((name, records)), _) => {
                decisions.push(format!(
                    "votes from {name}: the latest vote per participant and statement counts"
                ));
                records.clone()
            }
            (None, Some(participants)) => {
                decisions.push(format!(
                    "votes from {} (no votes.csv): one vote per participant and statement",
                    participants.name
                ));
                participants.records()
            }
            (None, None) => {
                return Err(Error::format(
                    Location::file(source),
                    "expected Pol.is votes.csv or participants-votes.csv, found neither",
                ));
            }
        };
        let mut conversation = Conversation::from_records(source, statements, &records)?;
        if let Some((name, _)) = &comments {
            decisions.push(format!(
                "statements' text, authors and moderation from {name}"
            ));
        }
        let summary = self
            .summary
            .as_deref()
            .map(|path| read_csv(path, true).map(|file| read_summary(&file)))
            .transpose()?;
        let published = Published {
            records: &records,
            from_votes_file: votes.is_some(),
            comments: comments
                .as_ref()
                .map(|(name, comments)| (name.as_str(), comments.as_slice())),
            participants: participants.as_ref(),
            summary,
        };
        conversation.polis = Some(published.export(&conversation));
        conversation.decisions = decisions;
        Ok(conversation)
    }
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

/// A CSV file read: its name, its first record (the header) and the other non-blank records,
/// each with the row number messages give for it.
struct CsvFile {
    name: String,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// Reads a Pol.is CSV file with the side-file reader (comma-separated, as Pol.is writes;
/// any common encoding), cells trimmed, blank records left out. `summary.csv` has no header
/// row: read `headerless`, its first pair is the header. This is the only place the Pol.is
/// reader reads CSV.
fn read_csv(path: &Path, headerless: bool) -> Result<CsvFile> {
    let table = SideTable::read(
        path,
        SideOptions {
            delimiter: Some(b','),
            headerless,
            ..SideOptions::default()
        },
    )?;
    let mut rows = table.records.iter().map(|record| {
        (
            record.row,
            record.cells().map(str::to_string).collect::<Vec<String>>(),
        )
    });
    let header = if headerless {
        rows.next().map(|(_, cells)| cells).unwrap_or_default()
    } else {
        table.header.clone()
    };
    Ok(CsvFile {
        name: table.file.clone(),
        header,
        rows: rows.collect(),
    })
}

impl CsvFile {
    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|cell| cell == name)
    }

    /// The columns named, or an error naming the first missing.
    fn require<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N]> {
        let mut found = [0; N];
        for (slot, name) in found.iter_mut().zip(names) {
            *slot = self.column(name).ok_or_else(|| {
                Error::format(
                    Location::file(&self.name).with_row(1),
                    format!(
                        "expected the Pol.is columns {}, found no \"{name}\"",
                        names.join(", ")
                    ),
                )
            })?;
        }
        Ok(found)
    }

    fn location(&self, row: usize, column: &str) -> Location {
        Location::file(&self.name)
            .with_row(row)
            .with_column(column.to_string())
    }
}

fn cell(cells: &[String], column: usize) -> &str {
    cells.get(column).map_or("", String::as_str)
}

/// A whole number of at least 0, or an error naming the cell.
fn count(file: &CsvFile, row: usize, column: &str, text: &str) -> Result<u64> {
    text.parse().map_err(|_| {
        Error::data(
            file.location(row, column),
            format!("expected a count (a whole number of at least 0), found \"{text}\""),
        )
    })
}

/// A row of comments.csv.
#[derive(Clone, Debug)]
struct Comment {
    statement: Statement,
    /// `agrees` and `disagrees`; `None` without the column.
    agrees: Option<u64>,
    disagrees: Option<u64>,
}

/// The rows of comments.csv; a `moderated` other than 1, 0, -1 or blank, or an `agrees` or
/// `disagrees` that is not a count, is an error naming its row and column.
fn read_comments(file: &CsvFile) -> Result<Vec<Comment>> {
    let [id, body] = file.require(["comment-id", "comment-body"])?;
    let author = file.column("author-id");
    let moderated = file.column("moderated");
    let agrees = file.column("agrees");
    let disagrees = file.column("disagrees");
    let mut comments = Vec::with_capacity(file.rows.len());
    for (row, cells) in &file.rows {
        let moderation = match moderated.map(|column| cell(cells, column)) {
            None | Some("") => Moderation::Unmoderated,
            Some(text) => Moderation::from_polis(text).ok_or_else(|| {
                Error::data(
                    file.location(*row, "moderated"),
                    format!("expected 1, 0 or -1, found \"{text}\""),
                )
            })?,
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
        let tally = |column: Option<usize>, name: &str| {
            column
                .map(|column| count(file, *row, name, cell(cells, column)))
                .transpose()
        };
        comments.push(Comment {
            statement,
            agrees: tally(agrees, "agrees")?,
            disagrees: tally(disagrees, "disagrees")?,
        });
    }
    Ok(comments)
}

/// Every row of votes.csv as a record.
fn read_votes(file: &CsvFile) -> Result<Vec<VoteRecord>> {
    let [statement, voter, vote] = file.require(["comment-id", "voter-id", "vote"])?;
    let timestamp = file.column("timestamp");
    file.rows
        .iter()
        .map(|(row, cells)| {
            let text = cell(cells, vote);
            let parsed = Vote::parse(text).ok_or_else(|| {
                Error::data(
                    file.location(*row, "vote"),
                    format!("expected 1, -1 or 0, found \"{text}\""),
                )
            })?;
            let time = match timestamp.map(|column| cell(cells, column)) {
                None | Some("") => None,
                Some(text) => Some(text.parse::<i64>().map_err(|_| {
                    Error::data(
                        file.location(*row, "timestamp"),
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
const PARTICIPANT_COLUMNS: [&str; 7] = [
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
];

/// A row of participants-votes.csv.
#[derive(Clone, Debug)]
struct ParticipantRow {
    id: String,
    /// `group-id`, blank for participants Pol.is did not group.
    group: Option<String>,
    /// `n-votes`; `None` without the column.
    n_votes: Option<u64>,
    /// The latest vote on each statement column.
    votes: Vec<Option<Vote>>,
}

/// participants-votes.csv.
#[derive(Clone, Debug)]
struct ParticipantsVotes {
    name: String,
    /// The statement ids of the vote columns.
    statements: Vec<String>,
    rows: Vec<ParticipantRow>,
    /// Whether the file has `group-id` and `n-votes` columns.
    has_groups: bool,
    has_n_votes: bool,
}

/// participants-votes.csv; a vote cell other than 1, -1, 0 or blank, or an `n-votes` that is
/// not a count, is an error naming its row and column.
fn read_participants_votes(file: &CsvFile) -> Result<ParticipantsVotes> {
    let [participant] = file.require(["participant"])?;
    let group = file.column("group-id");
    let n_votes = file.column("n-votes");
    let statement_columns: Vec<usize> = (0..file.header.len())
        .filter(|&column| !PARTICIPANT_COLUMNS.contains(&file.header[column].as_str()))
        .collect();
    let mut rows = Vec::with_capacity(file.rows.len());
    for (row, cells) in &file.rows {
        let votes = statement_columns
            .iter()
            .map(|&column| {
                let text = cell(cells, column);
                if text.is_empty() {
                    return Ok(None);
                }
                Vote::parse(text).map(Some).ok_or_else(|| {
                    Error::data(
                        file.location(*row, &file.header[column]),
                        format!("expected 1, -1, 0 or blank, found \"{text}\""),
                    )
                })
            })
            .collect::<Result<Vec<Option<Vote>>>>()?;
        rows.push(ParticipantRow {
            id: cell(cells, participant).to_string(),
            group: group
                .map(|column| cell(cells, column))
                .filter(|group| !group.is_empty())
                .map(str::to_string),
            n_votes: n_votes
                .map(|column| count(file, *row, "n-votes", cell(cells, column)))
                .transpose()?,
            votes,
        });
    }
    Ok(ParticipantsVotes {
        name: file.name.clone(),
        statements: statement_columns
            .iter()
            .map(|&column| file.header[column].clone())
            .collect(),
        rows,
        has_groups: group.is_some(),
        has_n_votes: n_votes.is_some(),
    })
}

impl ParticipantsVotes {
    /// The cells as vote records (when there is no votes.csv).
    fn records(&self) -> Vec<VoteRecord> {
        let mut records = Vec::new();
        for row in &self.rows {
            for (statement, vote) in self.statements.iter().zip(&row.votes) {
                if let Some(vote) = vote {
                    records.push(VoteRecord {
                        participant: row.id.clone(),
                        statement: statement.clone(),
                        vote: *vote,
                        time: None,
                    });
                }
            }
        }
        records
    }
}

/// summary.csv's key and value pairs (it has no header row), with the file's name.
fn read_summary(file: &CsvFile) -> (String, Vec<(String, String)>) {
    let pair = |cells: &[String]| (cell(cells, 0).to_string(), cell(cells, 1).to_string());
    let mut pairs = vec![pair(&file.header)];
    pairs.extend(file.rows.iter().map(|(_, cells)| pair(cells)));
    (file.name.clone(), pairs)
}

/// What the export's files say, for counting its published figures again.
struct Published<'a> {
    /// Every vote row read, re-votes included.
    records: &'a [VoteRecord],
    /// Whether the votes came from votes.csv (else from participants-votes.csv).
    from_votes_file: bool,
    comments: Option<(&'a str, &'a [Comment])>,
    participants: Option<&'a ParticipantsVotes>,
    summary: Option<(String, Vec<(String, String)>)>,
}

impl Published<'_> {
    /// Each published figure beside engage's count, and Pol.is's groups.
    fn export(self, conversation: &Conversation) -> PolisExport {
        let mut checks = Vec::new();
        let votes_source = if self.from_votes_file {
            "votes.csv"
        } else {
            "participants-votes.csv"
        };
        let (summary_file, summary) = self.summary.unwrap_or_default();
        let published = |key: &str| {
            summary
                .iter()
                .find(|(name, _)| name == key)
                .and_then(|(_, value)| value.trim().parse::<u64>().ok())
        };
        let check = |figure: &str, published_in: &str, published: u64, computed: u64, rule| {
            PublishedCheck {
                figure: figure.to_string(),
                published_in: published_in.to_string(),
                published,
                computed,
                rule,
                detail: None,
                matches: published == computed,
            }
        };
        if let Some(voters) = published("voters") {
            checks.push(check(
                "voters",
                &summary_file,
                voters,
                conversation.participants.len() as u64,
                format!("distinct voter ids in {votes_source}"),
            ));
        }
        if let (Some(commenters), Some((_, comments))) = (published("commenters"), self.comments) {
            let authors: BTreeSet<&str> = comments
                .iter()
                .filter_map(|comment| comment.statement.author.as_deref())
                .collect();
            checks.push(check(
                "commenters",
                &summary_file,
                commenters,
                authors.len() as u64,
                "distinct author ids in comments.csv".to_string(),
            ));
        }
        if let Some(published_comments) = published("comments") {
            let voted: BTreeSet<&str> = self
                .records
                .iter()
                .map(|record| record.statement.as_str())
                .collect();
            checks.push(check(
                "comments",
                &summary_file,
                published_comments,
                voted.len() as u64,
                format!(
                    "statements with at least one vote in {votes_source} (the columns of Pol.is's vote matrix)"
                ),
            ));
        }
        if let (true, Some((file, comments))) = (self.from_votes_file, self.comments) {
            checks.extend(comment_count_checks(file, comments, self.records));
        }
        let mut groups = None;
        if let Some(participants) = self.participants {
            checks.extend(participant_checks(
                conversation,
                participants,
                self.from_votes_file,
            ));
            groups = participants
                .has_groups
                .then(|| polis_groups(conversation, participants));
        }
        PolisExport {
            summary,
            checks,
            groups,
        }
    }
}

/// `agrees` and `disagrees` of comments.csv against every row of votes.csv.
fn comment_count_checks(
    file: &str,
    comments: &[Comment],
    records: &[VoteRecord],
) -> Vec<PublishedCheck> {
    let mut tallies: HashMap<&str, (u64, u64)> = HashMap::new();
    for record in records {
        let tally = tallies.entry(record.statement.as_str()).or_default();
        match record.vote {
            Vote::Agree => tally.0 += 1,
            Vote::Disagree => tally.1 += 1,
            Vote::Pass => {}
        }
    }
    let mut checks = Vec::new();
    for (figure, vote) in [("agrees", Vote::Agree), ("disagrees", Vote::Disagree)] {
        let (mut published, mut computed, mut equal, mut compared) = (0u64, 0u64, 0usize, 0usize);
        for comment in comments {
            let value = if vote == Vote::Agree {
                comment.agrees
            } else {
                comment.disagrees
            };
            let Some(value) = value else {
                continue;
            };
            let tally = tallies
                .get(comment.statement.id.as_str())
                .copied()
                .unwrap_or_default();
            let ours = if vote == Vote::Agree {
                tally.0
            } else {
                tally.1
            };
            published += value;
            computed += ours;
            equal += usize::from(value == ours);
            compared += 1;
        }
        if compared == 0 {
            continue;
        }
        checks.push(PublishedCheck {
            figure: format!("{figure} per comment"),
            published_in: file.to_string(),
            published,
            computed,
            rule: format!(
                "rows of votes.csv with vote {}, re-votes included",
                if vote == Vote::Agree { "1" } else { "-1" }
            ),
            detail: Some(format!("{equal} of {compared} comments equal")),
            matches: equal == compared,
        });
    }
    checks
}

/// The rows, `n-votes` and cells of participants-votes.csv.
fn participant_checks(
    conversation: &Conversation,
    participants: &ParticipantsVotes,
    from_votes_file: bool,
) -> Vec<PublishedCheck> {
    let file = participants.name.as_str();
    let mut checks = vec![PublishedCheck {
        figure: "participants".into(),
        published_in: file.to_string(),
        published: participants.rows.len() as u64,
        computed: conversation.participants.len() as u64,
        rule: "distinct voter ids in votes.csv".into(),
        detail: None,
        matches: participants.rows.len() == conversation.participants.len(),
    }];
    if participants.has_n_votes {
        let published: u64 = participants.rows.iter().filter_map(|row| row.n_votes).sum();
        let computed = conversation.vote_count() as u64;
        checks.push(PublishedCheck {
            figure: "votes (n-votes summed)".into(),
            published_in: file.to_string(),
            published,
            computed,
            rule: "distinct participant-statement pairs voted on".into(),
            detail: None,
            matches: published == computed,
        });
    }
    if from_votes_file {
        // Every cell against the latest vote: the strongest check of the re-vote rule.
        let index = participant_index(conversation);
        let statement_index: HashMap<&str, usize> = conversation
            .statements
            .iter()
            .enumerate()
            .map(|(position, statement)| (statement.id.as_str(), position))
            .collect();
        let (mut cells_total, mut cells_equal, mut filled) = (0usize, 0usize, 0u64);
        for row in &participants.rows {
            let participant = index.get(row.id.as_str()).copied();
            for (statement, published) in participants.statements.iter().zip(&row.votes) {
                filled += u64::from(published.is_some());
                let ours = match (participant, statement_index.get(statement.as_str())) {
                    (Some(participant), Some(&statement)) => {
                        conversation.vote(participant, statement)
                    }
                    _ => None,
                };
                cells_total += 1;
                cells_equal += usize::from(*published == ours);
            }
        }
        checks.push(PublishedCheck {
            figure: "vote cells".into(),
            published_in: file.to_string(),
            published: filled,
            computed: conversation.vote_count() as u64,
            rule: "the latest vote in votes.csv of each participant on each statement".into(),
            detail: Some(format!("{cells_equal} of {cells_total} cells equal")),
            matches: cells_equal == cells_total,
        });
    }
    checks
}

fn participant_index(conversation: &Conversation) -> HashMap<&str, usize> {
    conversation
        .participants
        .iter()
        .enumerate()
        .map(|(position, id)| (id.as_str(), position))
        .collect()
}

/// Pol.is's group of each participant of the conversation, in its order.
fn polis_groups(
    conversation: &Conversation,
    participants: &ParticipantsVotes,
) -> Vec<Option<String>> {
    let index = participant_index(conversation);
    let mut groups = vec![None; conversation.participants.len()];
    for row in &participants.rows {
        if let Some(&position) = index.get(row.id.as_str()) {
            groups[position].clone_from(&row.group);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of Pol.is files written from `(name, contents)` pairs.
    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let directory = tempfile::tempdir().unwrap();
        for (name, contents) in files {
            std::fs::write(directory.path().join(name), contents).unwrap();
        }
        directory
    }

    const VOTES: &str = "timestamp,datetime,comment-id,voter-id,vote\n\
                         1,a,0,0,1\n2,b,1,0,-1\n3,c,0,1,0\n";

    #[test]
    fn a_bad_moderated_value_names_its_file_row_and_column() {
        // Regression: the survey reader turned a bad `moderated` into 0 while this reader
        // refused it; both now read comments.csv here and refuse it.
        let directory = folder(&[
            ("votes.csv", VOTES),
            (
                "comments.csv",
                "comment-id,author-id,agrees,disagrees,moderated,comment-body\n\
                 0,0,1,0,1,First\n1,0,0,1,yes,Second\n",
            ),
        ]);
        let error = read_polis(directory.path()).unwrap_err();
        let comments = directory.path().join("comments.csv").display().to_string();
        assert_eq!(
            error.to_string(),
            format!("{comments}: row 3, column \"moderated\": expected 1, 0 or -1, found \"yes\"")
        );
        let error = read_statements(&directory.path().join("comments.csv")).unwrap_err();
        assert!(
            error.to_string().contains("row 3, column \"moderated\""),
            "{error}"
        );
    }

    #[test]
    fn a_moderated_value_out_of_range_is_refused() {
        let directory = folder(&[
            ("votes.csv", VOTES),
            (
                "comments.csv",
                "comment-id,moderated,comment-body\n0,2,First\n",
            ),
        ]);
        let error = read_polis(directory.path()).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("row 2, column \"moderated\": expected 1, 0 or -1, found \"2\""),
            "{error}"
        );
    }

    #[test]
    fn bad_counts_and_cells_name_their_row_and_column() {
        let directory = folder(&[
            ("votes.csv", VOTES),
            (
                "comments.csv",
                "comment-id,agrees,disagrees,moderated,comment-body\n0,1,0,1,First\n1,0,many,1,Second\n",
            ),
        ]);
        let error = read_polis(directory.path()).unwrap_err();
        assert!(
            error.to_string().ends_with(
                "row 3, column \"disagrees\": expected a count (a whole number of at least 0), found \"many\""
            ),
            "{error}"
        );
        let directory = folder(&[(
            "participants-votes.csv",
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n0,0,0,2,1,1,1,-1\n1,,0,1,0,0,maybe,\n",
        )]);
        let error = read_polis(directory.path()).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("row 3, column \"0\": expected 1, -1, 0 or blank, found \"maybe\""),
            "{error}"
        );
    }

    #[test]
    fn the_published_figures_are_counted_again() {
        let directory = folder(&[
            ("votes.csv", VOTES),
            (
                "comments.csv",
                "comment-id,author-id,agrees,disagrees,moderated,comment-body\n\
                 0,0,1,0,1,First\n1,5,0,1,-1,Second\n",
            ),
            (
                "participants-votes.csv",
                "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n\
                 0,0,1,2,1,1,1,-1\n1,,0,1,0,0,0,\n",
            ),
            (
                "summary.csv",
                "topic,Test\nvoters,2\ncommenters,2\ncomments,2\ngroups,1\n",
            ),
        ]);
        let conversation = read_polis(directory.path()).unwrap();
        let export = conversation.polis.as_ref().unwrap();
        let figures: Vec<(&str, u64, u64, bool)> = export
            .checks
            .iter()
            .map(|check| {
                (
                    check.figure.as_str(),
                    check.published,
                    check.computed,
                    check.matches,
                )
            })
            .collect();
        assert_eq!(
            figures,
            [
                ("voters", 2, 2, true),
                ("commenters", 2, 2, true),
                ("comments", 2, 2, true),
                ("agrees per comment", 1, 1, true),
                ("disagrees per comment", 1, 1, true),
                ("participants", 2, 2, true),
                ("votes (n-votes summed)", 3, 3, true),
                ("vote cells", 3, 3, true),
            ]
        );
        assert_eq!(export.summary_value("groups"), Some("1"));
        assert_eq!(
            export.groups,
            Some(vec![Some("0".to_string()), None]),
            "participant 1 has no group"
        );
        assert_eq!(conversation.statements[1].moderation, Moderation::Rejected);
        assert_eq!(conversation.statements[1].author.as_deref(), Some("5"));
    }
}
