//! Deliberation data: opinion groups, representative, consensus and divisive statements from
//! agree / disagree / pass votes on short statements, the analysis Pol.is shows on its report
//! page, offline and reproducible from the exported files.
//!
//! The pipeline, one file per step:
//! - [`votes`]: the vote matrix ([`Conversation`]) from a Pol.is open-data folder
//!   ([`read_polis`]), Pol.is files, a long table of participant, statement and vote, or a wide
//!   participants x statements sheet ([`read_paths`], [`from_dataset`]). The latest vote per
//!   participant and statement counts.
//! - [`pca`]: the two principal components of the vote matrix, missing votes replaced by the
//!   statement's mean, with the share of variance each explains.
//! - [`cluster`]: k-means on participants' coordinates, deterministically seeded, the number of
//!   groups chosen by the mean silhouette over 2 to 5 (or given).
//! - [`repness`]: per statement and group, agree / disagree / pass counts; representative,
//!   consensus and divisive statements.
//! - [`published`]: Pol.is's own published figures beside engage's, and agreement with
//!   Pol.is's own groups.
//! - `report`: the results as [`Table`](crate::Table)s and charts.
//!
//! Moderated-out statements are left out of the analysis; participants are grouped only when
//! they voted on at least 7 statements (as Pol.is requires), or on every statement when there
//! are fewer.
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
pub mod pca;
pub mod published;
pub mod repness;
mod report;
pub mod votes;

use serde::Serialize;

pub use cluster::{KMeans, SplitMix64, kmeans, silhouette};
pub use pca::{Pca, principal_components, sparsity_scale};
pub use published::{GroupComparison, PolisExport, PublishedCheck, compare_groups};
pub use repness::{Consensus, Divisive, Representative, Side, StatementTallies, Tally};
pub use votes::{
    Conversation, Moderation, Statement, Vote, VoteRecord, from_dataset, read_paths, read_polis,
};

use crate::{Error, Location, Result};

/// How many opinion groups to form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupCount {
    /// The number from 2 to 5 with the highest mean silhouette (fewer when there are few
    /// participants).
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
    seed: u64,
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
            seed: DEFAULT_SEED,
        }
    }
}

/// The seed of k-means++, fixed so the groups are the same on every run.
const DEFAULT_SEED: u64 = 0x656e_6761_6765;

/// k-means++ starts per number of groups; the clustering of least inertia is kept.
const RESTARTS: usize = 10;

/// The most groups tried when choosing automatically.
const MAX_AUTO_GROUPS: usize = 5;

impl DeliberationOptions {
    /// How many groups: chosen by silhouette, or fixed. Default: [`GroupCount::Auto`].
    #[must_use]
    pub fn with_groups(mut self, groups: GroupCount) -> DeliberationOptions {
        self.groups = groups;
        self
    }

    /// The fewest votes (on statements not moderated out) a participant needs to be grouped;
    /// capped at the number of statements. Default: 7, as Pol.is.
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

    /// The seed of the k-means++ starts. Default: a fixed number, so every run gives the same
    /// groups.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> DeliberationOptions {
        self.seed = seed;
        self
    }
}

/// Who took part and how much.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participation {
    /// Participants who voted at least once.
    pub participants: usize,
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
    /// analysed.
    pub min_votes: usize,
    /// Participants with at least that many votes: those grouped.
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

/// How the number of groups was settled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupChoice {
    /// The number asked for, when it was given.
    pub given: Option<usize>,
    /// Each number of groups tried with its mean silhouette (−1 to 1).
    pub silhouettes: Vec<(usize, f64)>,
    /// The number used.
    pub chosen: usize,
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
    let min_votes = options.min_votes.min(analysed.len());
    let kept: Vec<usize> = voters
        .iter()
        .copied()
        .filter(|&row| counts[row] >= min_votes)
        .collect();
    if kept.len() < 3 {
        return Err(Error::unsupported(
            location(),
            format!(
                "expected at least 3 participants with {min_votes} or more votes to form groups, found {}",
                kept.len()
            ),
        )
        .with_hint("lower the threshold with --min-votes"));
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
    let coordinates: Vec<Vec<f64>> = numeric
        .iter()
        .zip(&voters)
        .map(|(row, &participant)| {
            let mut point = pca.project(row);
            if options.sparsity_scaling {
                let scale = pca::sparsity_scale(analysed.len(), counts[participant], zero_columns);
                for coordinate in &mut point {
                    *coordinate *= scale;
                }
            }
            point
        })
        .collect();
    let position_of_voter: std::collections::HashMap<usize, usize> = voters
        .iter()
        .enumerate()
        .map(|(position, &row)| (row, position))
        .collect();
    let points: Vec<Vec<f64>> = kept
        .iter()
        .map(|row| coordinates[position_of_voter[row]].clone())
        .collect();
    let (clustering, group_choice) = choose_groups(&points, options, &location)?;
    // Canonical labels: largest group first, then the group holding the earliest participant.
    let k = group_choice.chosen;
    let mut sizes = vec![0usize; k];
    let mut first_member = vec![usize::MAX; k];
    for (position, &cluster) in clustering.assignments.iter().enumerate() {
        sizes[cluster] += 1;
        first_member[cluster] = first_member[cluster].min(position);
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
    for (position, &row) in kept.iter().enumerate() {
        group_of_row[row] = Some(relabel[clustering.assignments[position]]);
    }
    let groups: Vec<Group> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| Group {
            label: group_label(new),
            size: sizes[old],
            centre: clustering.centroids[old].clone(),
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
        .enumerate()
        .map(|(position, &row)| ParticipantPoint {
            id: conversation.participants[row].clone(),
            votes: counts[row],
            coordinates: coordinates[position].clone(),
            group: group_of_row[row],
        })
        .collect();
    let participation = participation(conversation, &tallies, &counts, min_votes, kept.len());
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
    decisions.push(format!(
        "{} of {} participants grouped: those with at least {min_votes} votes",
        kept.len(),
        voters.len()
    ));
    decisions.push(match group_choice.given {
        Some(given) => format!("{given} groups, as asked"),
        None => format!(
            "{k} groups: the highest mean silhouette of {}",
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

/// Runs k-means for the number of groups asked for, or for each from 2 to 5 keeping the best
/// mean silhouette (the fewer groups, among equals).
fn choose_groups(
    points: &[Vec<f64>],
    options: &DeliberationOptions,
    location: &dyn Fn() -> Location,
) -> Result<(KMeans, GroupChoice)> {
    let seed_for = |k: usize| options.seed ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    match options.groups {
        GroupCount::Fixed(k) => {
            if k < 2 || k >= points.len() {
                return Err(Error::unsupported(
                    location(),
                    format!(
                        "expected from 2 to {} groups for {} grouped participants, found {k}",
                        points.len() - 1,
                        points.len()
                    ),
                )
                .with_hint("use --groups auto, or fewer groups"));
            }
            let clustering = kmeans(points, k, seed_for(k), RESTARTS);
            let value = silhouette(points, &clustering.assignments, k);
            Ok((
                clustering,
                GroupChoice {
                    given: Some(k),
                    silhouettes: vec![(k, value)],
                    chosen: k,
                },
            ))
        }
        GroupCount::Auto => {
            let mut best: Option<(KMeans, usize, f64)> = None;
            let mut silhouettes = Vec::new();
            for k in 2..=MAX_AUTO_GROUPS.min(points.len() - 1) {
                let clustering = kmeans(points, k, seed_for(k), RESTARTS);
                let value = silhouette(points, &clustering.assignments, k);
                silhouettes.push((k, value));
                if best
                    .as_ref()
                    .is_none_or(|(_, _, best)| value > *best + 1e-12)
                {
                    best = Some((clustering, k, value));
                }
            }
            let (clustering, chosen, _) = best.expect("at least 3 points give k = 2");
            Ok((
                clustering,
                GroupChoice {
                    given: None,
                    silhouettes,
                    chosen,
                },
            ))
        }
    }
}

fn participation(
    conversation: &Conversation,
    tallies: &[StatementTallies],
    counts: &[usize],
    min_votes: usize,
    grouped: usize,
) -> Participation {
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
    Participation {
        participants,
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
