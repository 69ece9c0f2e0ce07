//! Duplicates and campaigns: identical submissions, repeated identifiers (the same email or
//! respondent id), bursts of responses, and near-identical free text. All are reported; none is
//! dropped unless the caller asks ([`keep_rows`]), and a letter-writing campaign is never
//! dropped: it is evidence of how strongly people feel.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::bursts::{self, Burst, BurstSettings};
use super::texts::{self, TextGroup, TextGroupKind, TextSettings};
use crate::dataset::Dataset;
use crate::error::Result;
use crate::schema::{QuestionType, Role};

/// How duplicates, bursts and near-identical texts are found.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateOptions {
    min_answers: usize,
    burst_window_minutes: i64,
    burst_min_responses: usize,
    burst_factor: f64,
    text_min_words: usize,
    text_similarity: f64,
    text_min_responses: usize,
    campaign_min_responses: usize,
    campaign_min_words: usize,
}

impl Default for DuplicateOptions {
    fn default() -> DuplicateOptions {
        DuplicateOptions {
            min_answers: 5,
            burst_window_minutes: 60,
            burst_min_responses: 10,
            burst_factor: 5.0,
            text_min_words: 8,
            text_similarity: 0.7,
            text_min_responses: 3,
            campaign_min_responses: 10,
            campaign_min_words: 25,
        }
    }
}

impl DuplicateOptions {
    /// Identical submissions count as duplicates only when they answered at least this many
    /// substantive questions or some free text, so that two people who each answered the first
    /// two questions alike are not taken for one (default 5).
    #[must_use]
    pub fn with_min_answers(mut self, min_answers: usize) -> DuplicateOptions {
        self.min_answers = min_answers;
        self
    }

    /// The burst window in minutes (default 60).
    #[must_use]
    pub fn with_burst_window_minutes(mut self, minutes: i64) -> DuplicateOptions {
        self.burst_window_minutes = minutes;
        self
    }

    /// The fewest responses in one window that make a burst (default 10).
    #[must_use]
    pub fn with_burst_min_responses(mut self, responses: usize) -> DuplicateOptions {
        self.burst_min_responses = responses;
        self
    }

    /// How many times the average rate a window must reach to be a burst (default 5).
    #[must_use]
    pub fn with_burst_factor(mut self, factor: f64) -> DuplicateOptions {
        self.burst_factor = factor;
        self
    }

    /// Texts shorter than this many words are not compared ("No", "Keep it open") (default 8).
    #[must_use]
    pub fn with_text_min_words(mut self, words: usize) -> DuplicateOptions {
        self.text_min_words = words;
        self
    }

    /// The word-shingle Jaccard similarity at which two texts are near-identical (default 0.7).
    #[must_use]
    pub fn with_text_similarity(mut self, similarity: f64) -> DuplicateOptions {
        self.text_similarity = similarity;
        self
    }

    /// The fewest responses a group of near-identical texts must have to be reported
    /// (default 3).
    #[must_use]
    pub fn with_text_min_responses(mut self, responses: usize) -> DuplicateOptions {
        self.text_min_responses = responses;
        self
    }

    /// A group of near-identical texts is a campaign when it has at least this many responses
    /// (default 10) ...
    #[must_use]
    pub fn with_campaign_min_responses(mut self, responses: usize) -> DuplicateOptions {
        self.campaign_min_responses = responses;
        self
    }

    /// ... and its texts have at least this many words (median, default 25).
    #[must_use]
    pub fn with_campaign_min_words(mut self, words: usize) -> DuplicateOptions {
        self.campaign_min_words = words;
        self
    }
}

/// Identical submissions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicateGroup {
    /// The rows a spreadsheet shows them on, in file order.
    pub rows: Vec<usize>,
    /// The respondent ids, when the export has them.
    pub ids: Vec<String>,
    /// Substantive questions answered (the same in every copy).
    pub answered: usize,
}

/// Responses sharing an identifier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IdentifierGroup {
    /// `email` or `respondent_id`.
    pub kind: String,
    /// The column.
    pub question: String,
    /// The identifier; email addresses are masked (`j***@example.com`).
    pub value: String,
    /// The rows a spreadsheet shows them on, in file order.
    pub rows: Vec<usize>,
}

/// Everything found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Duplicates {
    /// Identical submissions (all substantive answers equal).
    pub exact: Vec<DuplicateGroup>,
    /// Repeated email addresses or respondent ids ("anonymous" and blanks ignored).
    pub identifiers: Vec<IdentifierGroup>,
    /// Bursts of responses.
    pub bursts: Vec<Burst>,
    /// Near-identical free text: campaigns first, then repeated comments.
    pub texts: Vec<TextGroup>,
    /// Dataset indexes of the exact groups and identifier groups, for deduplication.
    #[serde(skip)]
    exact_members: Vec<Vec<usize>>,
    #[serde(skip)]
    identifier_members: Vec<Vec<usize>>,
    #[serde(skip)]
    stamps: Vec<Option<NaiveDateTime>>,
    /// Per respondent, whether their text is in a campaign group.
    #[serde(skip)]
    in_campaign: Vec<bool>,
}

impl Duplicates {
    /// Responses in campaign groups.
    #[must_use]
    pub fn campaign_responses(&self) -> usize {
        self.texts
            .iter()
            .filter(|group| group.kind == TextGroupKind::Campaign)
            .map(|group| group.responses)
            .sum()
    }
}

/// Identifier values that identify nobody.
const NOT_IDENTIFIERS: &[&str] = &[
    "anonymous",
    "anon",
    "n/a",
    "na",
    "none",
    "-",
    "not given",
    "not provided",
    "unknown",
    "null",
    "prefer not to say",
];

/// Finds identical submissions, repeated identifiers, bursts and near-identical texts.
pub fn find(dataset: &Dataset, options: &DuplicateOptions) -> Result<Duplicates> {
    let (stamps, _) = super::timeline::timestamps(dataset)?;
    let file_rows = |indexes: &[usize]| -> Vec<usize> {
        indexes
            .iter()
            .map(|&index| dataset.source().row(index))
            .collect()
    };
    let ids: Option<ColumnText<'_>> = match dataset.schema().with_role(Role::RespondentId) {
        Some(question) => Some(ColumnText::of(dataset, &question.id)?),
        None => None,
    };

    // Identical submissions. Each row's answers are hashed column by column, and rows sharing
    // a hash are then told apart column by column, so that one column's values are held at a
    // time rather than every substantive column side by side.
    let substantive: Vec<&crate::Question> = dataset.schema().substantive().collect();
    let respondents = dataset.respondents();
    let mut hashes = vec![0xcbf2_9ce4_8422_2325_u64; respondents];
    let mut answered = vec![0usize; respondents];
    let mut has_text = vec![false; respondents];
    for question in &substantive {
        let values = ColumnText::of(dataset, &question.id)?;
        let free_text = question.kind == QuestionType::FreeText;
        for row in 0..respondents {
            let value = values.get(row);
            if value.is_some() {
                answered[row] += 1;
                has_text[row] |= free_text;
            }
            let hash = &mut hashes[row];
            let bytes = value.map_or(&[0xff_u8][..], str::as_bytes);
            for byte in bytes.iter().chain(std::iter::once(&0x1f)) {
                *hash ^= u64::from(*byte);
                *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for row in 0..respondents {
        if answered[row] < options.min_answers && !has_text[row] {
            continue;
        }
        buckets.entry(hashes[row]).or_default().push(row);
    }
    drop(hashes);
    // Hash collisions are split by comparing the answers themselves: each group of rows is
    // split by its values in one column after another, keeping rows in file order.
    let mut exact_members: Vec<Vec<usize>> = buckets
        .into_values()
        .filter(|rows| rows.len() > 1)
        .collect();
    for question in &substantive {
        if exact_members.is_empty() {
            break;
        }
        let values = ColumnText::of(dataset, &question.id)?;
        let mut split = Vec::with_capacity(exact_members.len());
        for rows in exact_members {
            let mut by_value: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
            for row in rows {
                let value = values.get(row);
                match by_value.iter_mut().find(|(seen, _)| *seen == value) {
                    Some((_, same)) => same.push(row),
                    None => by_value.push((value, vec![row])),
                }
            }
            split.extend(
                by_value
                    .into_iter()
                    .map(|(_, same)| same)
                    .filter(|same| same.len() > 1),
            );
        }
        exact_members = split;
    }
    exact_members.sort();
    let exact = exact_members
        .iter()
        .map(|members| DuplicateGroup {
            rows: file_rows(members),
            ids: ids
                .as_ref()
                .map(|ids| {
                    members
                        .iter()
                        .filter_map(|&row| ids.get(row).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            answered: answered[members[0]],
        })
        .collect();

    // Repeated identifiers.
    let mut identifier_members: Vec<Vec<usize>> = Vec::new();
    let mut identifiers: Vec<IdentifierGroup> = Vec::new();
    for (role, kind) in [
        (Role::Email, "email"),
        (Role::RespondentId, "respondent_id"),
    ] {
        let Some(question) = dataset.schema().with_role(role) else {
            continue;
        };
        let values = dataset.texts(&question.id)?;
        // Identifiers are compared without case; each group shows the first as written.
        let mut seen: HashMap<String, (String, Vec<usize>)> = HashMap::new();
        for (row, value) in values.iter().enumerate() {
            let Some(value) = value else { continue };
            let key = value.trim().to_lowercase();
            if key.is_empty() || NOT_IDENTIFIERS.contains(&key.as_str()) {
                continue;
            }
            seen.entry(key)
                .or_insert_with(|| (value.trim().to_string(), Vec::new()))
                .1
                .push(row);
        }
        let mut repeated: Vec<(String, Vec<usize>)> = seen
            .into_values()
            .filter(|(_, rows)| rows.len() > 1)
            .collect();
        repeated.sort_by(|a, b| a.1.cmp(&b.1));
        for (value, members) in repeated {
            identifiers.push(IdentifierGroup {
                kind: kind.to_string(),
                question: question.id.clone(),
                value: if role == Role::Email {
                    mask_email(&value)
                } else {
                    value
                },
                rows: file_rows(&members),
            });
            identifier_members.push(members);
        }
    }

    // Near-identical texts, then bursts (which say how many of their responses are campaign
    // texts).
    let text_groups = texts::text_groups(
        dataset,
        &stamps,
        &TextSettings {
            min_words: options.text_min_words,
            similarity: options.text_similarity,
            min_responses: options.text_min_responses,
            campaign_min_responses: options.campaign_min_responses,
            campaign_min_words: options.campaign_min_words,
        },
    );
    let mut in_campaign = vec![false; dataset.respondents()];
    let index_of: HashMap<usize, usize> = dataset
        .source()
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| (*row, index))
        .collect();
    for group in text_groups
        .iter()
        .filter(|group| group.kind == TextGroupKind::Campaign)
    {
        for row in &group.rows {
            if let Some(&index) = index_of.get(row) {
                in_campaign[index] = true;
            }
        }
    }
    let settings = BurstSettings {
        window_minutes: options.burst_window_minutes,
        min_responses: options.burst_min_responses,
        factor: options.burst_factor,
    };
    let dated: Vec<(NaiveDateTime, usize)> = stamps
        .iter()
        .enumerate()
        .filter_map(|(index, stamp)| stamp.map(|stamp| (stamp, index)))
        .collect();
    let period = match (
        dated.iter().map(|(stamp, _)| *stamp).min(),
        dated.iter().map(|(stamp, _)| *stamp).max(),
    ) {
        (Some(first), Some(last)) => Some(last - first),
        _ => None,
    };
    let mut found = bursts::find(dated.clone(), None, period, &settings);
    if let Some(question) = dataset.schema().with_role(Role::Collector) {
        let collectors = ColumnText::of(dataset, &question.id)?;
        let mut by_collector: HashMap<&str, Vec<(NaiveDateTime, usize)>> = HashMap::new();
        for (stamp, index) in &dated {
            if let Some(collector) = collectors.get(*index) {
                by_collector
                    .entry(collector)
                    .or_default()
                    .push((*stamp, *index));
            }
        }
        if by_collector.len() > 1 {
            let mut by_collector: Vec<(&str, Vec<(NaiveDateTime, usize)>)> =
                by_collector.into_iter().collect();
            by_collector.sort_by(|a, b| a.0.cmp(b.0));
            for (name, stamps) in by_collector {
                found.extend(bursts::find(stamps, Some(name), period, &settings));
            }
        }
    }
    let bursts = found
        .into_iter()
        .map(|(mut burst, members)| {
            let mut sorted = members.clone();
            sorted.sort_unstable();
            burst.campaign_responses = members.iter().filter(|&&index| in_campaign[index]).count();
            burst.rows = file_rows(&sorted);
            burst
        })
        .collect();

    Ok(Duplicates {
        exact,
        identifiers,
        bursts,
        texts: text_groups,
        exact_members,
        identifier_members,
        stamps,
        in_campaign,
    })
}

/// A column's answers as text: borrowed from the frame for text columns, written out for
/// numbers, dates and lists.
enum ColumnText<'a> {
    Borrowed(Vec<Option<&'a str>>),
    Owned(Vec<Option<String>>),
}

impl<'a> ColumnText<'a> {
    fn of(dataset: &'a Dataset, id: &str) -> Result<ColumnText<'a>> {
        Ok(match dataset.text_values(id) {
            Ok(values) => ColumnText::Borrowed(values),
            Err(_) => ColumnText::Owned(dataset.texts(id)?),
        })
    }

    fn get(&self, row: usize) -> Option<&str> {
        match self {
            ColumnText::Borrowed(values) => values[row],
            ColumnText::Owned(values) => values[row].as_deref(),
        }
    }
}

/// Why a respondent is dropped when deduplicating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// An earlier response from the same email address or respondent id.
    RepeatedIdentifier,
    /// A second copy of an identical submission.
    Identical,
}

/// Which respondents to drop when deduplicating, and why: of responses sharing an identifier,
/// all but the one submitted last (a later response is taken to replace an earlier one); of
/// identical submissions, all but the first. Identical submissions carrying a campaign letter
/// are kept: people signing the same letter and ticking the same boxes are still different
/// people, and the campaign is evidence. Bursts are never dropped.
#[must_use]
pub fn drop_reasons(duplicates: &Duplicates, respondents: usize) -> Vec<Option<DropReason>> {
    let mut reasons = vec![None; respondents];
    for members in &duplicates.identifier_members {
        let latest = members
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let stamp = |index: usize| duplicates.stamps.get(index).copied().flatten();
                stamp(a).cmp(&stamp(b)).then_with(|| a.cmp(&b))
            })
            .unwrap_or(members[0]);
        for &member in members {
            if member != latest && member < respondents {
                reasons[member] = Some(DropReason::RepeatedIdentifier);
            }
        }
    }
    for members in &duplicates.exact_members {
        // Keep the first copy still kept (the identifier rule may have kept a later one).
        let Some(&kept) = members
            .iter()
            .find(|&&member| member < respondents && reasons[member].is_none())
        else {
            continue;
        };
        for &member in members {
            let campaign = duplicates.in_campaign.get(member).copied().unwrap_or(false);
            if member != kept && member < respondents && reasons[member].is_none() && !campaign {
                reasons[member] = Some(DropReason::Identical);
            }
        }
    }
    reasons
}

/// Which respondents to keep when deduplicating (see [`drop_reasons`]).
#[must_use]
pub fn keep_rows(duplicates: &Duplicates, respondents: usize) -> Vec<bool> {
    drop_reasons(duplicates, respondents)
        .iter()
        .map(Option::is_none)
        .collect()
}

/// `jo.bloggs@example.com` as `j***@example.com`.
fn mask_email(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    } else {
        let first: String = value.chars().take(1).collect();
        format!("{first}***")
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::{IngestOptions, read_reader};

    fn dataset(csv: &str) -> Dataset {
        read_reader(csv.as_bytes(), "t.csv", &IngestOptions::default()).unwrap()
    }

    #[test]
    fn identical_submissions_and_repeated_emails_are_found_and_deduplicated() {
        let data = dataset(
            "ID,Start time,Completion time,Email,Do you agree?,Why?\n\
             1,2024-01-01 09:00,2024-01-01 09:05,anonymous,Agree,Because it is close to home\n\
             2,2024-01-01 09:10,2024-01-01 09:15,jo@example.com,Disagree,Too far away\n\
             3,2024-01-01 09:11,2024-01-01 09:16,anonymous,Agree,Because it is close to home\n\
             4,2024-01-02 10:00,2024-01-02 10:05,JO@example.com,Agree,Changed my mind\n\
             5,2024-01-02 11:00,2024-01-02 11:05,anonymous,Agree,\n\
             6,2024-01-02 12:00,2024-01-02 12:05,anonymous,Agree,\n",
        );
        let duplicates = find(&data, &DuplicateOptions::default()).unwrap();
        // Rows 5 and 6 answered one question alike: too little to call them one person.
        assert_eq!(duplicates.exact.len(), 1);
        assert_eq!(duplicates.exact[0].rows, vec![2, 4]);
        assert_eq!(duplicates.exact[0].ids, vec!["1", "3"]);
        assert_eq!(duplicates.identifiers.len(), 1);
        assert_eq!(duplicates.identifiers[0].value, "j***@example.com");
        assert_eq!(duplicates.identifiers[0].rows, vec![3, 5]);
        let keep = keep_rows(&duplicates, data.respondents());
        assert_eq!(keep, vec![true, false, false, true, true, true]);
    }

    #[test]
    fn an_identical_copy_sharing_an_email_keeps_one() {
        // Regression guard: the identifier rule keeps the later copy, the exact rule the first;
        // together they must not drop both.
        let data = dataset(
            "ID,Completion time,Email,Do you agree?,Why?\n\
             1,2024-01-01 09:00,jo@example.com,Agree,Because it is close to home\n\
             2,2024-01-01 09:01,jo@example.com,Agree,Because it is close to home\n",
        );
        let duplicates = find(&data, &DuplicateOptions::default()).unwrap();
        assert_eq!(keep_rows(&duplicates, 2), vec![false, true]);
    }

    #[test]
    fn identical_campaign_letters_are_not_dropped() {
        // Regression guard: twelve people sending the campaign letter and ticking the same box
        // look like identical submissions; --dedupe must keep them all.
        let letter = "I object to the closure of the walk-in centre because it is a lifeline for our community and easy to reach by bus and on foot";
        let mut csv = String::from("ID,Do you agree?,Why?\n");
        for id in 1..=12 {
            let _ = writeln!(csv, "{id},Disagree,{letter}");
        }
        let data = dataset(&csv);
        let duplicates = find(&data, &DuplicateOptions::default()).unwrap();
        assert_eq!(duplicates.exact.len(), 1);
        assert_eq!(duplicates.campaign_responses(), 12);
        assert!(keep_rows(&duplicates, 12).iter().all(|keep| *keep));
    }

    #[test]
    fn a_burst_through_one_collector_is_found() {
        // A web link with one response a day for 30 days, and a QR code on a leaflet that
        // brings 12 responses in 24 minutes on day 31.
        let mut csv = String::from("Respondent ID,Collector ID,Date Submitted,Do you agree?\n");
        for day in 1..=30 {
            let _ = writeln!(
                csv,
                "{day},Web link,2024-01-{:02} 10:00:00,Agree",
                (day - 1) % 28 + 1
            );
        }
        for minute in 0..12 {
            let _ = writeln!(
                csv,
                "{},QR code,2024-02-01 09:{:02}:00,Disagree",
                100 + minute,
                minute * 2
            );
        }
        let duplicates = find(&dataset(&csv), &DuplicateOptions::default()).unwrap();
        let collector: Vec<&Burst> = duplicates
            .bursts
            .iter()
            .filter(|burst| burst.collector.is_some())
            .collect();
        assert_eq!(collector.len(), 1, "{:?}", duplicates.bursts);
        assert_eq!(collector[0].collector.as_deref(), Some("QR code"));
        assert_eq!(collector[0].responses, 12);
        assert_eq!(collector[0].rows.first(), Some(&32));
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("jo.bloggs@example.com"), "j***@example.com");
        assert_eq!(mask_email("nobody"), "n***");
    }
}
