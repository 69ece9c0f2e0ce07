//! Deliberation data: opinion groups, representative, consensus and divisive statements from
//! agree / disagree / pass votes on short statements, the analysis Pol.is shows on its report
//! page, offline and reproducible from the exported files.
//!
//! The pipeline, one file per step:
//! - [`conversation`]: the vote matrix ([`Conversation`]): participants x statements, the
//!   latest vote per participant and statement.
//! - [`polis`]: the Pol.is open-data export ([`read_polis`]), every value checked, and the
//!   figures it publishes about itself counted again ([`published`]).
//! - [`votes`]: what the user names ([`read_paths`]): a Pol.is folder or its files, or a long
//!   table of participant, statement and vote, or a wide participants x statements sheet
//!   ([`from_dataset`]).
//! - [`pca`]: the two principal components of the vote matrix, missing votes replaced by the
//!   statement's mean, with the share of variance each explains.
//! - [`cluster`]: k-means and the silhouette as Pol.is computes them, started from the first
//!   distinct points, so nothing is random.
//! - [`groups`]: who is grouped and into how many groups, as Pol.is decides: base clusters of
//!   participants, then groups of base clusters, their number chosen by silhouette (or given).
//! - [`repness`]: per statement and group, agree / disagree / pass counts; representative,
//!   consensus and divisive statements.
//! - [`compare`]: engage's groups against Pol.is's own groups.
//! - `report`: the results as [`Table`](crate::Table)s and charts.
//!
//! Moderated-out statements are left out of the analysis; participants are grouped when they
//! voted on at least 7 statements, or on every statement when there are fewer, and the most
//! active are added when fewer than 15 qualify, as Pol.is does.
//!
//! ```
//! use engage_core::deliberation::{analyse, Conversation, DeliberationOptions, Statement, Vote, VoteRecord};
//!
//! // Six participants, four statements: two camps that agree on the last statement.
//! let mut records = Vec::new();
//! for participant in 0..6 {
//!     let camp = participant < 3;
//!     for (statement, agrees) in [(0, camp), (1, !camp), (2, camp), (3, true)] {
//!         records.push(VoteRecord {
//!             participant: participant.to_string(),
//!             statement: statement.to_string(),
//!             vote: if agrees { Vote::Agree } else { Vote::Disagree },
//!             time: None,
//!         });
//!     }
//! }
//! let conversation = Conversation::from_records("example", Vec::new(), &records)?;
//! let result = analyse(&conversation, &DeliberationOptions::default())?;
//! assert_eq!(result.groups.len(), 2);
//! assert_eq!(result.groups[0].size, 3);
//! assert_eq!(result.statements[result.consensus[0].statement].id, "3");
//! # Ok::<(), engage_core::Error>(())
//! ```

pub mod cluster;
pub mod compare;
pub mod conversation;
pub mod groups;
pub mod pca;
pub mod polis;
pub mod published;
pub mod repness;
mod report;
mod updates;
pub mod votes;

use serde::Serialize;

pub use cluster::{Cluster, kmeans, silhouette};
pub use compare::{GroupComparison, compare_groups};
pub use conversation::{Conversation, Moderation, Statement, Vote, VoteRecord};
pub use groups::GroupChoice;
pub use pca::{Pca, principal_components, sparsity_scale};
pub use polis::read_polis;
pub use published::{PolisExport, PublishedCheck};
pub use repness::{Consensus, Divisive, Representative, Side, StatementTallies, Tally};
pub use votes::{from_dataset, read_paths};

use crate::{Error, Location, Result};

/// How many opinion groups to form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupCount {
    /// The number from 2 to 5 whose grouping has the highest mean silhouette, as Pol.is
    /// chooses it (fewer are tried when there are few participants; see [`groups`]).
    #[default]
    Auto,
    /// Exactly this many (at least 2).
    Fixed(usize),
}

/// What the analysis does.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliberationOptions {
    groups: GroupCount,
    min_votes: usize,
    top: usize,
    consensus_share: f64,
    divisive_gap: f64,
    sparsity_scaling: bool,
}

impl Default for DeliberationOptions {
    fn default() -> DeliberationOptions {
        DeliberationOptions {
            groups: GroupCount::Auto,
            min_votes: 7,
            top: 5,
            consensus_share: 0.6,
            divisive_gap: 0.3,
            sparsity_scaling: true,
        }
    }
}

impl DeliberationOptions {
    /// How many groups: chosen by silhouette, or fixed. Default: [`GroupCount::Auto`].
    #[must_use]
    pub fn with_groups(mut self, groups: GroupCount) -> DeliberationOptions {
        self.groups = groups;
        self
    }

    /// The fewest votes a participant needs to be grouped, counted as Pol.is counts them (on
    /// every statement with votes, moderated out or not) and capped at the number of such
    /// statements; when fewer than 15 participants have that many, the most active others are
    /// grouped too. Default: 7, as Pol.is.
    #[must_use]
    pub fn with_min_votes(mut self, votes: usize) -> DeliberationOptions {
        self.min_votes = votes.max(1);
        self
    }

    /// The most representative statements listed per group, and consensus statements per side
    /// and divisive statements listed. Default: 5, as Pol.is's report.
    #[must_use]
    pub fn with_top(mut self, top: usize) -> DeliberationOptions {
        self.top = top;
        self
    }

    /// The share (0 to 1) of every group that must take the same side for a consensus
    /// statement. Default: 0.6.
    #[must_use]
    pub fn with_consensus_share(mut self, share: f64) -> DeliberationOptions {
        self.consensus_share = share.clamp(0.0, 1.0);
        self
    }

    /// The smallest difference (0 to 1) between two groups' agree shares for a divisive
    /// statement. Default: 0.3.
    #[must_use]
    pub fn with_divisive_gap(mut self, gap: f64) -> DeliberationOptions {
        self.divisive_gap = gap.clamp(0.0, 1.0);
        self
    }

    /// Whether participants' coordinates are scaled by √(statements / votes) as Pol.is does, so
    /// that those who voted on few statements are not pulled to the centre (moderated-out
    /// statements with votes count as Pol.is counts them; see [`pca::sparsity_scale`]).
    /// Default: true.
    #[must_use]
    pub fn with_sparsity_scaling(mut self, scale: bool) -> DeliberationOptions {
        self.sparsity_scaling = scale;
        self
    }
}

/// Who took part and how much.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participation {
    /// Participants who voted at least once.
    pub participants: usize,
    /// Participants who wrote a statement (distinct authors, whether or not they voted or
    /// their statement was moderated out: what Pol.is's summary counts as commenters); `None`
    /// when the source does not say who wrote the statements.
    pub commenters: Option<usize>,
    /// Statements in the source, moderated out or not.
    pub statements: usize,
    /// Statements with at least one vote (what Pol.is's summary counts as comments).
    pub statements_voted: usize,
    /// The ids of statements moderated out, left out of the analysis.
    pub moderated_out: Vec<String>,
    /// Statements analysed: not moderated out, with at least one vote.
    pub statements_analysed: usize,
    /// Vote records read, re-votes included.
    pub vote_records: usize,
    /// Votes after re-votes: one per participant and statement voted on.
    pub votes: usize,
    /// Votes on the analysed statements, by side.
    pub analysed_votes: Tally,
    /// Votes on the analysed statements per participant who cast any.
    pub votes_per_participant: VotesPerParticipant,
    /// The votes a participant needed to be grouped: the option, capped at the statements
    /// with votes.
    pub min_votes: usize,
    /// Participants with at least that many votes.
    pub with_min_votes: usize,
    /// Participants grouped: those with at least `min_votes` votes, and when there are fewer
    /// than 15 of them, the most active others up to 15.
    pub grouped: usize,
}

/// The distribution of votes per participant.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct VotesPerParticipant {
    /// The mean.
    pub mean: f64,
    /// The median.
    pub median: f64,
    /// The fewest.
    pub min: usize,
    /// The most.
    pub max: usize,
}

/// A statement analysed, with its votes overall and per group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnalysedStatement {
    /// The statement's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its moderation.
    pub moderation: Moderation,
    /// Every participant's votes on it, grouped or not.
    pub overall: Tally,
    /// Each group's votes, in group order.
    pub groups: Vec<Tally>,
}

/// A participant's place on the two components.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParticipantPoint {
    /// The participant's id.
    pub id: String,
    /// Votes on analysed statements.
    pub votes: usize,
    /// Coordinates on the components (two, or fewer with fewer statements).
    pub coordinates: Vec<f64>,
    /// The group (index into [`Deliberation::groups`]); `None` when not grouped.
    pub group: Option<usize>,
}

/// An opinion group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// `A`, `B`, ... in order of size (largest first), as Pol.is labels its groups.
    pub label: String,
    /// Members.
    pub size: usize,
    /// The members' mean coordinates.
    pub centre: Vec<f64>,
}

/// engage beside what a Pol.is export publishes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolisComparison {
    /// Each published count beside engage's.
    pub checks: Vec<PublishedCheck>,
    /// The number of groups `summary.csv` gives.
    pub published_groups: Option<usize>,
    /// engage's groups against Pol.is's `group-id`.
    pub groups: Option<GroupComparison>,
    /// For each pair of matched groups (engage's, Pol.is's), the ids of the representative
    /// statements engage finds with its groups and with Pol.is's groups, and how many are
    /// shared.
    pub representative_overlap: Vec<RepresentativeOverlap>,
}

/// The representative statements of a matched pair of groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepresentativeOverlap {
    /// engage's group label.
    pub ours: String,
    /// Pol.is's group id.
    pub theirs: String,
    /// Statement ids representative of engage's group, best first.
    pub our_statements: Vec<String>,
    /// Statement ids representative of Pol.is's group (same test, Pol.is's members).
    pub their_statements: Vec<String>,
    /// How many ids are in both lists.
    pub shared: usize,
}

/// The result of [`analyse`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deliberation {
    /// Where the votes came from.
    pub source: String,
    /// Who took part and how much.
    pub participation: Participation,
    /// The principal components of the vote matrix.
    pub pca: Pca,
    /// The statements analysed, in id order; other results point into this list.
    pub statements: Vec<AnalysedStatement>,
    /// Every participant with at least one vote on an analysed statement.
    pub participants: Vec<ParticipantPoint>,
    /// The opinion groups, largest first.
    pub groups: Vec<Group>,
    /// How the number of groups was settled.
    pub group_choice: GroupChoice,
    /// Each group's representative statements, best first.
    pub representative: Vec<Vec<Representative>>,
    /// Statements every group agrees with, then those every group disagrees with.
    pub consensus: Vec<Consensus>,
    /// Statements the groups see most differently.
    pub divisive: Vec<Divisive>,
    /// For Pol.is exports: their published figures and groups beside engage's.
    pub polis: Option<PolisComparison>,
    /// What was decided on the way, in words.
    pub decisions: Vec<String>,
}

/// The label of the group at `index`: `A` to `Z`, then `G27`, ...
#[must_use]
pub fn group_label(index: usize) -> String {
    if index < 26 {
        char::from(b'A' + index as u8).to_string()
    } else {
        format!("G{}", index + 1)
    }
}

/// Finds opinion groups and what they agree and disagree on.
pub fn analyse(conversation: &Conversation, options: &DeliberationOptions) -> Result<Deliberation> {
    let location = || Location::file(&conversation.source);
    let analysed: Vec<usize> = (0..conversation.statements.len())
        .filter(|&statement| {
            conversation.statements[statement].moderation != Moderation::Rejected
                && conversation.has_votes(statement)
        })
        .collect();
    if analysed.len() < 2 {
        return Err(Error::unsupported(
            location(),
            format!(
                "expected at least 2 statements with votes that are not moderated out, found {}",
                analysed.len()
            ),
        ));
    }
    // Each participant's votes on the analysed statements.
    let rows: Vec<Vec<Option<Vote>>> = (0..conversation.participants.len())
        .map(|participant| {
            analysed
                .iter()
                .map(|&statement| conversation.vote(participant, statement))
                .collect()
        })
        .collect();
    let counts: Vec<usize> = rows
        .iter()
        .map(|row| row.iter().filter(|vote| vote.is_some()).count())
        .collect();
    let voters: Vec<usize> = (0..rows.len()).filter(|&row| counts[row] > 0).collect();
    // Pol.is decides who is in the conversation on every vote in its matrix, moderated-out
    // statements included, against the number of statements with votes.
    let all_votes: Vec<usize> = (0..rows.len())
        .map(|row| {
            conversation
                .votes_of(row)
                .iter()
                .filter(|vote| vote.is_some())
                .count()
        })
        .collect();
    let statements_voted = (0..conversation.statements.len())
        .filter(|&statement| conversation.has_votes(statement))
        .count();
    let min_votes = options.min_votes.min(statements_voted);
    let with_min_votes = voters
        .iter()
        .filter(|&&row| all_votes[row] >= min_votes)
        .count();
    // Fewer than 15 with enough votes are topped up with the most active, so any 3
    // participants with a place can be grouped.
    if voters.len() < 3 {
        return Err(Error::unsupported(
            location(),
            format!(
                "expected at least 3 participants who voted on statements not moderated out to form groups, found {}",
                voters.len()
            ),
        ));
    }
    if let GroupCount::Fixed(k) = options.groups
        && (k < 2 || k >= voters.len())
    {
        return Err(Error::unsupported(
            location(),
            format!(
                "expected from 2 to {} groups for {} participants who voted, found {k}",
                voters.len() - 1,
                voters.len()
            ),
        )
        .with_hint("use --groups auto, or fewer groups"));
    }
    let numeric: Vec<Vec<Option<f64>>> = voters
        .iter()
        .map(|&row| rows[row].iter().map(|vote| vote.map(Vote::value)).collect())
        .collect();
    let pca = principal_components(&numeric, 2);
    // Pol.is keeps moderated-out statements that have votes as columns of zeros; its scaling
    // counts them (see `pca::sparsity_scale`).
    let zero_columns = (0..conversation.statements.len())
        .filter(|&statement| {
            conversation.statements[statement].moderation == Moderation::Rejected
                && conversation.has_votes(statement)
        })
        .count();
    let mut places: Vec<Option<Vec<f64>>> = vec![None; rows.len()];
    for (row, &participant) in numeric.iter().zip(&voters) {
        let mut point = pca.project(row);
        if options.sparsity_scaling {
            let scale = pca::sparsity_scale(analysed.len(), counts[participant], zero_columns);
            for coordinate in &mut point {
                *coordinate *= scale;
            }
        }
        places[participant] = Some(point);
    }
    let grouping = updates::replay(
        conversation,
        &updates::analysed_statements(conversation),
        &places,
        options.min_votes,
        options.groups,
    )
    .map_err(|reason| match reason {
        groups::NoGrouping::OnePlace => Error::unsupported(
            location(),
            "expected participants who voted differently, found every grouped participant at one place",
        ),
        groups::NoGrouping::TooManyGroups {
            asked,
            base_clusters,
        } => Error::unsupported(
            location(),
            format!(
                "expected at most {base_clusters} groups, as the grouped participants sit at {base_clusters} distinct places, found {asked}"
            ),
        )
        .with_hint("use --groups auto, or fewer groups"),
    })?;
    let group_of = grouping.group_of();
    let group_choice = grouping.choice;
    // Canonical labels: largest group first, then the group holding the earliest participant.
    let k = group_choice.chosen;
    let mut sizes = vec![0usize; k];
    let mut first_member = vec![usize::MAX; k];
    let mut sums = vec![vec![0.0; 2]; k];
    for (&row, &cluster) in &group_of {
        sizes[cluster] += 1;
        first_member[cluster] = first_member[cluster].min(row);
        if let Some(place) = &places[row] {
            sums[cluster].resize(place.len(), 0.0);
            for (sum, value) in sums[cluster].iter_mut().zip(place) {
                *sum += value;
            }
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        sizes[b]
            .cmp(&sizes[a])
            .then(first_member[a].cmp(&first_member[b]))
    });
    let mut relabel = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        relabel[old] = new;
    }
    let mut group_of_row: Vec<Option<usize>> = vec![None; rows.len()];
    for (&row, &cluster) in &group_of {
        group_of_row[row] = Some(relabel[cluster]);
    }
    let groups: Vec<Group> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| Group {
            label: group_label(new),
            size: sizes[old],
            centre: sums[old]
                .iter()
                .map(|sum| sum / sizes[old].max(1) as f64)
                .collect(),
        })
        .collect();
    let borrowed: Vec<&[Option<Vote>]> = rows.iter().map(Vec::as_slice).collect();
    let tallies = repness::tally(&borrowed, &group_of_row, k);
    let representative = repness::representative(&tallies, k, options.top);
    let consensus = repness::consensus(&tallies, options.consensus_share, options.top);
    let divisive = repness::divisive(&tallies, options.divisive_gap, options.top);
    let statements: Vec<AnalysedStatement> = analysed
        .iter()
        .zip(&tallies)
        .map(|(&index, tallies)| {
            let statement = &conversation.statements[index];
            AnalysedStatement {
                id: statement.id.clone(),
                text: statement.text.clone(),
                moderation: statement.moderation,
                overall: tallies.overall,
                groups: tallies.groups.clone(),
            }
        })
        .collect();
    let participants: Vec<ParticipantPoint> = voters
        .iter()
        .map(|&row| ParticipantPoint {
            id: conversation.participants[row].clone(),
            votes: counts[row],
            coordinates: places[row].clone().unwrap_or_default(),
            group: group_of_row[row],
        })
        .collect();
    let participation = participation(
        conversation,
        &tallies,
        &counts,
        Admission {
            min_votes,
            with_min_votes,
            grouped: group_of.len(),
        },
    );
    let polis = conversation.polis.as_ref().map(|export| {
        polis_comparison(
            export,
            &groups,
            &group_of_row,
            &borrowed,
            &statements,
            &representative,
            options,
        )
    });
    let mut decisions = conversation.decisions.clone();
    decisions.push(format!(
        "{} of {} statements analysed ({} moderated out, {} without votes)",
        analysed.len(),
        conversation.statements.len(),
        participation.moderated_out.len(),
        conversation.statements.len() - participation.statements_voted
    ));
    decisions.push(if group_of.len() > with_min_votes {
        format!(
            "{} of {} participants grouped: the {with_min_votes} with at least {min_votes} votes and {} of the most active others, who joined while fewer than {} had that many (Pol.is tops the grouped up to {} at each update and keeps whoever joins)",
            group_of.len(),
            voters.len(),
            group_of.len() - with_min_votes,
            groups::FEWEST_IN_CONVERSATION,
            groups::FEWEST_IN_CONVERSATION,
        )
    } else {
        format!(
            "{} of {} participants grouped: those with at least {min_votes} votes",
            group_of.len(),
            voters.len()
        )
    });
    decisions.push(match group_choice.given {
        Some(given) => format!(
            "{given} groups, as asked, of the {} base clusters",
            group_choice.base_clusters
        ),
        None => format!(
            "{k} groups of the {} base clusters: the highest mean silhouette of {}",
            group_choice.base_clusters,
            group_choice
                .silhouettes
                .iter()
                .map(|(k, value)| format!("k = {k}: {value:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    });
    Ok(Deliberation {
        source: conversation.source.clone(),
        participation,
        pca,
        statements,
        participants,
        groups,
        group_choice,
        representative,
        consensus,
        divisive,
        polis,
        decisions,
    })
}

/// Who was admitted to the grouping, for [`Participation`].
#[derive(Clone, Copy)]
struct Admission {
    min_votes: usize,
    with_min_votes: usize,
    grouped: usize,
}

fn participation(
    conversation: &Conversation,
    tallies: &[StatementTallies],
    counts: &[usize],
    admission: Admission,
) -> Participation {
    let Admission {
        min_votes,
        with_min_votes,
        grouped,
    } = admission;
    let statements_voted = (0..conversation.statements.len())
        .filter(|&statement| conversation.has_votes(statement))
        .count();
    let participants = (0..conversation.participants.len())
        .filter(|&participant| {
            conversation
                .votes_of(participant)
                .iter()
                .any(Option::is_some)
        })
        .count();
    let analysed_votes = tallies.iter().fold(Tally::default(), |sum, tally| Tally {
        agree: sum.agree + tally.overall.agree,
        disagree: sum.disagree + tally.overall.disagree,
        pass: sum.pass + tally.overall.pass,
    });
    let mut per: Vec<usize> = counts.iter().copied().filter(|&count| count > 0).collect();
    per.sort_unstable();
    let as_f64: Vec<f64> = per.iter().map(|&count| count as f64).collect();
    let votes_per_participant = VotesPerParticipant {
        mean: crate::stats::descriptive::mean(&as_f64).unwrap_or(0.0),
        median: crate::stats::descriptive::median(&as_f64).unwrap_or(0.0),
        min: per.first().copied().unwrap_or(0),
        max: per.last().copied().unwrap_or(0),
    };
    let authors: std::collections::BTreeSet<&str> = conversation
        .statements
        .iter()
        .filter_map(|statement| statement.author.as_deref())
        .collect();
    Participation {
        participants,
        commenters: (!authors.is_empty()).then_some(authors.len()),
        statements: conversation.statements.len(),
        statements_voted,
        moderated_out: conversation
            .statements
            .iter()
            .filter(|statement| statement.moderation == Moderation::Rejected)
            .map(|statement| statement.id.clone())
            .collect(),
        statements_analysed: tallies.len(),
        vote_records: conversation.vote_records,
        votes: conversation.vote_count(),
        analysed_votes,
        votes_per_participant,
        min_votes,
        with_min_votes,
        grouped,
    }
}

fn polis_comparison(
    export: &PolisExport,
    groups: &[Group],
    group_of_row: &[Option<usize>],
    rows: &[&[Option<Vote>]],
    statements: &[AnalysedStatement],
    representative: &[Vec<Representative>],
    options: &DeliberationOptions,
) -> PolisComparison {
    let published_groups = export
        .summary_value("groups")
        .and_then(|value| value.trim().parse().ok());
    let mut overlap = Vec::new();
    let comparison = export.groups.as_ref().map(|theirs| {
        let labels: Vec<String> = groups.iter().map(|group| group.label.clone()).collect();
        let comparison = compare_groups(group_of_row, &labels, theirs);
        // Representative statements of Pol.is's groups, by the same test on the same votes.
        let their_index: std::collections::HashMap<&str, usize> = comparison
            .their_groups
            .iter()
            .enumerate()
            .map(|(position, label)| (label.as_str(), position))
            .collect();
        let their_rows: Vec<Option<usize>> = theirs
            .iter()
            .map(|label| label.as_deref().map(|label| their_index[label]))
            .collect();
        let their_tallies = repness::tally(rows, &their_rows, comparison.their_groups.len());
        let theirs_representative =
            repness::representative(&their_tallies, comparison.their_groups.len(), options.top);
        for &(ours, theirs) in &comparison.matched {
            let ids = |list: &[Representative]| -> Vec<String> {
                list.iter()
                    .map(|item| statements[item.statement].id.clone())
                    .collect()
            };
            let our_statements = ids(&representative[ours]);
            let their_statements = ids(&theirs_representative[theirs]);
            let shared = our_statements
                .iter()
                .filter(|id| their_statements.contains(id))
                .count();
            overlap.push(RepresentativeOverlap {
                ours: groups[ours].label.clone(),
                theirs: comparison.their_groups[theirs].clone(),
                our_statements,
                their_statements,
                shared,
            });
        }
        comparison
    });
    PolisComparison {
        checks: export.checks.clone(),
        published_groups,
        groups: comparison,
        representative_overlap: overlap,
    }
}

#[cfg(test)]
mod tests;
