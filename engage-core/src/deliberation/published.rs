//! What a Pol.is export publishes about itself (`summary.csv`, the per-comment counts in
//! `comments.csv`, `participants-votes.csv` with Pol.is's own opinion groups) and how engage's
//! figures compare: counts that must reproduce exactly, and agreement of opinion groups.
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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::votes::{Conversation, POLIS_PARTICIPANT_COLUMNS, Vote, VoteRecord};
use crate::{Error, Location, Result};

/// What a Pol.is export says about itself, and engage's counts beside it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolisExport {
    /// `summary.csv` as key and value pairs, in file order (empty without the file).
    pub summary: Vec<(String, String)>,
    /// Each published count beside engage's count of the same thing.
    pub checks: Vec<PublishedCheck>,
    /// Pol.is's opinion group (`group-id` in `participants-votes.csv`) of each participant of
    /// the conversation, in its participant order; `None` for participants Pol.is did not
    /// place. `None` as a whole without the file or the column.
    pub groups: Option<Vec<Option<String>>>,
}

impl PolisExport {
    /// A value of `summary.csv` by key (`voters`, `comments`, `groups`, ...).
    #[must_use]
    pub fn summary_value(&self, key: &str) -> Option<&str> {
        self.summary
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// True when every published count was reproduced.
    #[must_use]
    pub fn all_match(&self) -> bool {
        self.checks.iter().all(|check| check.matches)
    }
}

/// One published figure beside engage's count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedCheck {
    /// The figure, as the export names it (`voters`, `agrees per comment`).
    pub figure: String,
    /// The file that publishes it.
    pub published_in: String,
    /// The published value (summed, for per-comment and per-participant figures).
    pub published: u64,
    /// engage's value.
    pub computed: u64,
    /// How engage counts it.
    pub rule: String,
    /// For per-item figures, how many items agree (`54 of 54 comments equal`).
    pub detail: Option<String>,
    /// True when the published and computed values are equal (every item, for per-item
    /// figures).
    pub matches: bool,
}

/// Pol.is's group of each participant, `None` where it placed none.
type PolisGroups = Vec<Option<String>>;

/// A CSV file's name, header and rows (with their 1-based line numbers).
pub(crate) type Rows<'a> = (&'a str, &'a Vec<String>, &'a Vec<(usize, Vec<String>)>);

fn cell(cells: &[String], column: usize) -> &str {
    cells.get(column).map_or("", String::as_str)
}

fn column(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|cell| cell == name)
}

fn parse_count(file: &str, line: usize, column: &str, text: &str) -> Result<u64> {
    text.parse().map_err(|_| {
        Error::data(
            Location::file(file).with_row(line).with_column(column),
            format!("expected a count, found \"{text}\""),
        )
    })
}

/// Builds the published figures and checks of a Pol.is export read into `conversation` from
/// `records` (every vote row).
pub(crate) fn polis_export(
    conversation: &Conversation,
    records: &[VoteRecord],
    from_votes_file: bool,
    comments: Option<Rows<'_>>,
    participants_votes: Option<Rows<'_>>,
    summary: Option<(String, Vec<(String, String)>)>,
) -> Result<PolisExport> {
    let mut checks = Vec::new();
    let votes_source = if from_votes_file {
        "votes.csv"
    } else {
        "participants-votes.csv"
    };
    let (summary_file, summary) = summary.unwrap_or_default();
    let published = |key: &str| {
        summary
            .iter()
            .find(|(name, _)| name == key)
            .and_then(|(_, value)| value.trim().parse::<u64>().ok())
    };
    if let Some(voters) = published("voters") {
        checks.push(PublishedCheck {
            figure: "voters".into(),
            published_in: summary_file.clone(),
            published: voters,
            computed: conversation.participants.len() as u64,
            rule: format!("distinct voter ids in {votes_source}"),
            detail: None,
            matches: voters == conversation.participants.len() as u64,
        });
    }
    if let (Some(commenters), Some((_, header, rows))) = (published("commenters"), comments)
        && let Some(author) = column(header, "author-id")
    {
        let authors: BTreeSet<&str> = rows
            .iter()
            .map(|(_, cells)| cell(cells, author))
            .filter(|author| !author.is_empty())
            .collect();
        checks.push(PublishedCheck {
            figure: "commenters".into(),
            published_in: summary_file.clone(),
            published: commenters,
            computed: authors.len() as u64,
            rule: "distinct author ids in comments.csv".into(),
            detail: None,
            matches: commenters == authors.len() as u64,
        });
    }
    if let Some(published_comments) = published("comments") {
        let voted: BTreeSet<&str> = records
            .iter()
            .map(|record| record.statement.as_str())
            .collect();
        checks.push(PublishedCheck {
            figure: "comments".into(),
            published_in: summary_file.clone(),
            published: published_comments,
            computed: voted.len() as u64,
            rule: format!(
                "statements with at least one vote in {votes_source} (the columns of Pol.is's vote matrix)"
            ),
            detail: None,
            matches: published_comments == voted.len() as u64,
        });
    }
    if let (true, Some((file, header, rows))) = (from_votes_file, comments) {
        checks.extend(comment_count_checks(file, header, rows, records)?);
    }
    let mut groups = None;
    if let Some((file, header, rows)) = participants_votes {
        let (participant_checks, participant_groups) =
            participants_votes_checks(conversation, file, header, rows, from_votes_file)?;
        checks.extend(participant_checks);
        groups = participant_groups;
    }
    Ok(PolisExport {
        summary,
        checks,
        groups,
    })
}

/// `agrees` and `disagrees` of comments.csv against every row of votes.csv.
fn comment_count_checks(
    file: &str,
    header: &[String],
    rows: &[(usize, Vec<String>)],
    records: &[VoteRecord],
) -> Result<Vec<PublishedCheck>> {
    let Some(id) = column(header, "comment-id") else {
        return Ok(Vec::new());
    };
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
    for (figure, name, pick) in [("agrees", "agrees", 0), ("disagrees", "disagrees", 1)] {
        let Some(position) = column(header, name) else {
            continue;
        };
        let (mut published, mut computed, mut equal) = (0u64, 0u64, 0usize);
        for (line, cells) in rows {
            let value = parse_count(file, *line, name, cell(cells, position))?;
            let tally = tallies.get(cell(cells, id)).copied().unwrap_or_default();
            let ours = if pick == 0 { tally.0 } else { tally.1 };
            published += value;
            computed += ours;
            equal += usize::from(value == ours);
        }
        checks.push(PublishedCheck {
            figure: format!("{figure} per comment"),
            published_in: file.to_string(),
            published,
            computed,
            rule: format!(
                "rows of votes.csv with vote {}, re-votes included",
                if pick == 0 { "1" } else { "-1" }
            ),
            detail: Some(format!("{equal} of {} comments equal", rows.len())),
            matches: equal == rows.len(),
        });
    }
    Ok(checks)
}

/// The rows, `n-votes` and cells of participants-votes.csv, and its `group-id` column.
fn participants_votes_checks(
    conversation: &Conversation,
    file: &str,
    header: &[String],
    rows: &[(usize, Vec<String>)],
    from_votes_file: bool,
) -> Result<(Vec<PublishedCheck>, Option<PolisGroups>)> {
    let mut checks = Vec::new();
    let Some(participant) = column(header, "participant") else {
        return Ok((checks, None));
    };
    let index: HashMap<&str, usize> = conversation
        .participants
        .iter()
        .enumerate()
        .map(|(position, id)| (id.as_str(), position))
        .collect();
    let statement_index: HashMap<&str, usize> = conversation
        .statements
        .iter()
        .enumerate()
        .map(|(position, statement)| (statement.id.as_str(), position))
        .collect();
    checks.push(PublishedCheck {
        figure: "participants".into(),
        published_in: file.to_string(),
        published: rows.len() as u64,
        computed: conversation.participants.len() as u64,
        rule: "distinct voter ids in votes.csv".into(),
        detail: None,
        matches: rows.len() == conversation.participants.len(),
    });
    if let Some(n_votes) = column(header, "n-votes") {
        let mut published = 0;
        for (line, cells) in rows {
            published += parse_count(file, *line, "n-votes", cell(cells, n_votes))?;
        }
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
        let (mut cells_total, mut cells_equal, mut filled) = (0usize, 0usize, 0u64);
        for (_, cells) in rows {
            let row = index.get(cell(cells, participant)).copied();
            for (position, name) in header.iter().enumerate() {
                if POLIS_PARTICIPANT_COLUMNS.contains(&name.as_str()) {
                    continue;
                }
                let published = Vote::parse(cell(cells, position));
                filled += u64::from(published.is_some());
                let ours = match (row, statement_index.get(name.as_str())) {
                    (Some(row), Some(&statement)) => conversation.vote(row, statement),
                    _ => None,
                };
                cells_total += 1;
                cells_equal += usize::from(published == ours);
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
    let groups = column(header, "group-id").map(|group| {
        let mut groups = vec![None; conversation.participants.len()];
        for (_, cells) in rows {
            if let Some(&row) = index.get(cell(cells, participant)) {
                let value = cell(cells, group);
                if !value.is_empty() {
                    groups[row] = Some(value.to_string());
                }
            }
        }
        groups
    });
    Ok((checks, groups))
}

/// How engage's opinion groups compare with another grouping of the same participants (Pol.is's
/// own `group-id`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupComparison {
    /// The other grouping's labels, in order (columns of `confusion`).
    pub their_groups: Vec<String>,
    /// engage's group labels (rows of `confusion`).
    pub our_groups: Vec<String>,
    /// Participants in both groupings, by engage's group (rows) and theirs (columns).
    pub confusion: Vec<Vec<usize>>,
    /// Participants grouped by both.
    pub compared: usize,
    /// Participants only engage grouped, by engage's group.
    pub ours_only: Vec<usize>,
    /// Participants only the other grouping placed, by its group.
    pub theirs_only: Vec<usize>,
    /// The adjusted Rand index of the two groupings over the participants both placed: 1 for
    /// identical groupings (whatever the labels), about 0 for chance agreement.
    pub adjusted_rand_index: f64,
    /// Pairs of matched groups (engage's index, theirs), largest overlap first, each group used
    /// at most once.
    pub matched: Vec<(usize, usize)>,
    /// The share of compared participants whose two groups are a matched pair, 0 to 1.
    pub agreement: f64,
}

/// Compares two groupings of the same participants; `None` marks a participant a grouping
/// left out.
#[must_use]
pub fn compare_groups(
    ours: &[Option<usize>],
    our_labels: &[String],
    theirs: &[Option<String>],
) -> GroupComparison {
    let mut their_labels: BTreeSet<&str> = BTreeSet::new();
    for label in theirs.iter().flatten() {
        their_labels.insert(label);
    }
    // Numeric labels in numeric order (Pol.is's 0, 1, ... 10).
    let mut their_groups: Vec<String> = their_labels.iter().map(|s| (*s).to_string()).collect();
    if their_groups
        .iter()
        .all(|label| label.parse::<i64>().is_ok())
    {
        their_groups.sort_by_key(|label| label.parse::<i64>().unwrap_or_default());
    }
    let their_index: BTreeMap<&str, usize> = their_groups
        .iter()
        .enumerate()
        .map(|(position, label)| (label.as_str(), position))
        .collect();
    let mut confusion = vec![vec![0usize; their_groups.len()]; our_labels.len()];
    let mut compared = 0;
    let mut ours_only = vec![0; our_labels.len()];
    let mut theirs_only = vec![0; their_groups.len()];
    for (mine, other) in ours.iter().zip(theirs) {
        match (mine, other) {
            (Some(mine), Some(other)) => {
                confusion[*mine][their_index[other.as_str()]] += 1;
                compared += 1;
            }
            (Some(mine), None) => ours_only[*mine] += 1,
            (None, Some(other)) => theirs_only[their_index[other.as_str()]] += 1,
            (None, None) => {}
        }
    }
    let matched = match_groups(&confusion);
    let agreement = if compared == 0 {
        0.0
    } else {
        matched
            .iter()
            .map(|&(row, column)| confusion[row][column])
            .sum::<usize>() as f64
            / compared as f64
    };
    GroupComparison {
        their_groups,
        our_groups: our_labels.to_vec(),
        adjusted_rand_index: adjusted_rand_index(&confusion),
        confusion,
        compared,
        ours_only,
        theirs_only,
        matched,
        agreement,
    }
}

/// Greedy one-to-one matching of rows to columns by largest count (ties: lower row, then lower
/// column), skipping empty cells.
fn match_groups(confusion: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut cells: Vec<(usize, usize, usize)> = confusion
        .iter()
        .enumerate()
        .flat_map(|(row, counts)| {
            counts
                .iter()
                .enumerate()
                .map(move |(column, &count)| (count, row, column))
        })
        .filter(|&(count, _, _)| count > 0)
        .collect();
    cells.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut rows, mut columns) = (BTreeSet::new(), BTreeSet::new());
    let mut matched = Vec::new();
    for (_, row, column) in cells {
        if !rows.contains(&row) && !columns.contains(&column) {
            rows.insert(row);
            columns.insert(column);
            matched.push((row, column));
        }
    }
    matched
}

fn pairs(count: usize) -> f64 {
    let count = count as f64;
    count * (count - 1.0) / 2.0
}

/// The adjusted Rand index (Hubert and Arabie 1985) of a contingency table; 1 when both
/// groupings put everyone in one group (nothing to disagree on).
#[must_use]
pub fn adjusted_rand_index(confusion: &[Vec<usize>]) -> f64 {
    let width = confusion.first().map_or(0, Vec::len);
    let n: usize = confusion.iter().flatten().sum();
    let index: f64 = confusion.iter().flatten().map(|&count| pairs(count)).sum();
    let rows: f64 = confusion.iter().map(|row| pairs(row.iter().sum())).sum();
    let columns: f64 = (0..width)
        .map(|column| pairs(confusion.iter().map(|row| row[column]).sum()))
        .sum();
    let expected = if n < 2 {
        0.0
    } else {
        rows * columns / pairs(n)
    };
    let maximum = f64::midpoint(rows, columns);
    if (maximum - expected).abs() < f64::EPSILON {
        return 1.0;
    }
    (index - expected) / (maximum - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjusted_rand_index_by_hand() {
        // Two groupings of 6: ours {0,1,2} {3,4,5}; theirs {0,1} {2,3} {4,5}.
        // Table [[2,1,0],[0,1,2]]: sum C(nij,2) = 1+0+0+0+0+1 = 2; rows C(3,2)*2 = 6;
        // columns C(2,2)*3 = 3; expected = 6*3/C(6,2) = 18/15 = 1.2; max = 4.5.
        // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 0.242424...
        let ari = adjusted_rand_index(&[vec![2, 1, 0], vec![0, 1, 2]]);
        assert!((ari - 0.8 / 3.3).abs() < 1e-12, "{ari}");
        // Identical up to labels: 1.
        assert!((adjusted_rand_index(&[vec![0, 3], vec![4, 0]]) - 1.0).abs() < 1e-12);
        // Independent: a 2 x 2 table with all cells equal gives a negative index near 0.
        let independent = adjusted_rand_index(&[vec![2, 2], vec![2, 2]]);
        assert!(independent < 0.0 && independent > -0.2, "{independent}");
    }

    #[test]
    fn groups_are_matched_by_overlap_whatever_their_labels() {
        let ours = [Some(0), Some(0), Some(1), Some(1), Some(1), None, Some(0)];
        let theirs = [
            Some("1".to_string()),
            Some("1".to_string()),
            Some("0".to_string()),
            Some("0".to_string()),
            Some("1".to_string()),
            Some("0".to_string()),
            None,
        ];
        let comparison = compare_groups(&ours, &["A".into(), "B".into()], &theirs);
        assert_eq!(comparison.their_groups, ["0", "1"]);
        assert_eq!(comparison.confusion, [vec![0, 2], vec![2, 1]]);
        assert_eq!(comparison.matched, [(0, 1), (1, 0)]);
        assert_eq!(comparison.compared, 5);
        assert_eq!(comparison.ours_only, [1, 0]);
        assert_eq!(comparison.theirs_only, [1, 0]);
        assert!((comparison.agreement - 0.8).abs() < 1e-12);
    }
}
