//! The readers that build the vote matrix from what the user names: a Pol.is open-data folder
//! or its files ([`polis`](super::polis)), or one table of votes read through ingest, long
//! (participant, statement and vote columns) or wide (one row per participant, one column per
//! statement).

use std::collections::HashMap;
use std::path::PathBuf;

use super::conversation::{Conversation, Statement, Vote, VoteRecord, natural_cmp};
use super::polis::{PolisFiles, read_polis};
use crate::ingest::IngestOptions;
use crate::{Dataset, Error, Location, Result};

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
                if !files.add(path)? {
                    others.push(path.clone());
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
