//! A conversation computed as Pol.is computes a live one (`conv-update`, run on every poll of
//! new votes): when the votes have times, they are replayed in the order they were cast, one
//! update per poll, each placing the participants on the components of the votes so far and
//! grouping them from the previous update's clusters ([`groups`](super::groups)), so that who
//! is in the conversation, the clusters and the smoothed number of groups carry from update to
//! update as they do in Pol.is. Without times, the conversation is one update, as Pol.is
//! computes a conversation afresh.
//!
//! The last update places everyone with the components of all the votes
//! ([`pca::principal_components`](super::pca::principal_components)), the places engage
//! reports; earlier updates use Pol.is's power iteration from the previous components.

use super::GroupCount;
use super::conversation::{CastVote, Conversation, Moderation, Vote};
use super::groups::{Grouper, Grouping, NoGrouping};
use super::pca;

/// Pol.is's math polls for new votes every second: the votes cast within one second are one
/// update.
const POLL_MILLISECONDS: i64 = 1000;

/// The most updates replayed. A longer history is cut, at second boundaries, into batches of
/// at least its votes / 1,000 votes each, which bounds the work (each update is a principal
/// component analysis and two k-means) while keeping hundreds of updates for the smoother.
const MAX_UPDATES: usize = 1000;

/// The conversation as Pol.is's updates would leave it: `analysed[statement]` says which
/// statements enter the components (the others have votes but are moderated out, columns of
/// zeros); `places[participant]` holds each participant's final place, `None` for those
/// without a vote on an analysed statement, who are never grouped.
pub(crate) fn replay(
    conversation: &Conversation,
    analysed: &[bool],
    places: &[Option<Vec<f64>>],
    min_votes: usize,
    count: GroupCount,
) -> Result<Grouping, NoGrouping> {
    let participants = conversation.participants.len();
    let statements = conversation.statements.len();
    let mut grouper = Grouper::new(count, participants);
    let order = match conversation.history() {
        Some(history) => {
            let mut state = State::new(participants, statements);
            let batches = batches(history);
            let (last, earlier) = batches.split_last().expect("a history has a vote");
            for batch in earlier {
                state.cast(batch);
                state.update(&mut grouper, analysed, min_votes);
            }
            state.cast(last);
            state.order
        }
        None => recompute_order(conversation),
    };
    // The last update: every vote, and the places engage reports.
    let votes: Vec<usize> = (0..participants)
        .map(|participant| {
            if places[participant].is_some() {
                conversation
                    .votes_of(participant)
                    .iter()
                    .filter(|vote| vote.is_some())
                    .count()
            } else {
                0
            }
        })
        .collect();
    let with_votes = (0..statements)
        .filter(|&statement| conversation.has_votes(statement))
        .count();
    grouper.admit(&votes, &order, min_votes.min(with_votes));
    let inside = grouper.in_conversation(&order);
    let inside_places: Vec<Vec<f64>> = inside
        .iter()
        .map(|&participant| places[participant].clone().unwrap_or_default())
        .collect();
    if !inside.is_empty() {
        grouper.update(&inside, &inside_places);
    }
    grouper.finish()
}

/// The row order of Pol.is's vote matrix when it is built afresh from every vote, as its
/// database returns them (ordered by statement, then participant): a participant's row comes
/// where their first vote does in that order. A fresh k-means starts from the first distinct
/// places in this order.
fn recompute_order(conversation: &Conversation) -> Vec<usize> {
    let mut seen = vec![false; conversation.participants.len()];
    let mut order = Vec::with_capacity(seen.len());
    for statement in 0..conversation.statements.len() {
        for (participant, seen) in seen.iter_mut().enumerate() {
            if !*seen && conversation.vote(participant, statement).is_some() {
                *seen = true;
                order.push(participant);
            }
        }
    }
    order
}

/// The history cut into updates: the votes of each second of polling, joined with the
/// following seconds while a batch holds fewer than the history's votes / `MAX_UPDATES`.
fn batches(history: &[CastVote]) -> Vec<&[CastVote]> {
    let least = history.len().div_ceil(MAX_UPDATES).max(1);
    let mut batches = Vec::new();
    let mut start = 0;
    for end in 1..=history.len() {
        let poll_ends = end == history.len()
            || history[end].time.div_euclid(POLL_MILLISECONDS)
                != history[end - 1].time.div_euclid(POLL_MILLISECONDS);
        if poll_ends && (end - start >= least || end == history.len()) {
            batches.push(&history[start..end]);
            start = end;
        }
    }
    batches
}

/// The votes so far, as Pol.is's raw rating matrix holds them.
struct State {
    statements: usize,
    /// Participants x statements, the latest vote so far.
    votes: Vec<Option<Vote>>,
    /// The participants in the order of their first vote: the matrix's rows.
    order: Vec<usize>,
    arrived: Vec<bool>,
    /// Statements with a vote so far: the matrix's columns.
    columns: Vec<bool>,
    /// The components of the previous update, one loading per statement.
    components: Vec<Vec<f64>>,
}

impl State {
    fn new(participants: usize, statements: usize) -> State {
        State {
            statements,
            votes: vec![None; participants * statements],
            order: Vec::new(),
            arrived: vec![false; participants],
            columns: vec![false; statements],
            components: Vec::new(),
        }
    }

    fn cast(&mut self, batch: &[CastVote]) {
        for vote in batch {
            if !self.arrived[vote.participant] {
                self.arrived[vote.participant] = true;
                self.order.push(vote.participant);
            }
            self.columns[vote.statement] = true;
            self.votes[vote.participant * self.statements + vote.statement] = Some(vote.vote);
        }
    }

    fn row(&self, participant: usize) -> &[Option<Vote>] {
        &self.votes[participant * self.statements..(participant + 1) * self.statements]
    }

    /// One update on the votes so far.
    fn update(&mut self, grouper: &mut Grouper, analysed: &[bool], min_votes: usize) {
        let used: Vec<usize> = (0..self.statements)
            .filter(|&statement| self.columns[statement] && analysed[statement])
            .collect();
        let zero_columns = (0..self.statements)
            .filter(|&statement| self.columns[statement] && !analysed[statement])
            .count();
        let with_votes = used.len() + zero_columns;
        let mut means = vec![0.0; self.statements];
        for &statement in &used {
            let (sum, count) = self
                .order
                .iter()
                .filter_map(|&participant| self.row(participant)[statement])
                .fold((0.0, 0usize), |(sum, count), vote| {
                    (sum + vote.value(), count + 1)
                });
            means[statement] = sum / count.max(1) as f64;
        }
        // Centred rows of those with a vote on a used statement; a missing vote is the mean,
        // so it is 0 once centred and left out.
        let mut rows = Vec::new();
        let mut votes = vec![0usize; self.arrived.len()];
        let mut placed_votes = vec![0usize; self.arrived.len()];
        for &participant in &self.order {
            let row = self.row(participant);
            let entries: Vec<(usize, f64)> = used
                .iter()
                .filter_map(|&statement| {
                    row[statement].map(|vote| (statement, vote.value() - means[statement]))
                })
                .collect();
            let all = row.iter().filter(|vote| vote.is_some()).count();
            if !entries.is_empty() {
                votes[participant] = all;
                placed_votes[participant] = entries.len();
                rows.push(entries);
            }
        }
        if used.len() < 2 || rows.len() < 2 {
            return;
        }
        self.components = pca::power_components(&rows, self.statements, &self.components, 2);
        grouper.admit(&votes, &self.order, min_votes.min(with_votes));
        let inside = grouper.in_conversation(&self.order);
        let places: Vec<Vec<f64>> = inside
            .iter()
            .map(|&participant| {
                let row = self.row(participant);
                let scale =
                    pca::sparsity_scale(used.len(), placed_votes[participant], zero_columns);
                self.components
                    .iter()
                    .map(|component| {
                        let along: f64 = used
                            .iter()
                            .filter_map(|&statement| {
                                row[statement].map(|vote| {
                                    (vote.value() - means[statement]) * component[statement]
                                })
                            })
                            .sum();
                        along * scale
                    })
                    .collect()
            })
            .collect();
        if !inside.is_empty() {
            grouper.update(&inside, &places);
        }
    }
}

/// Which statements enter the components: those with votes that are not moderated out.
pub(crate) fn analysed_statements(conversation: &Conversation) -> Vec<bool> {
    conversation
        .statements
        .iter()
        .enumerate()
        .map(|(index, statement)| {
            statement.moderation != Moderation::Rejected && conversation.has_votes(index)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cast(time: i64) -> CastVote {
        CastVote {
            time,
            participant: 0,
            statement: 0,
            vote: Vote::Agree,
        }
    }

    #[test]
    fn votes_in_one_second_are_one_update() {
        // Times in milliseconds: 0, 999 | 1000, 1500 | 5000.
        let history: Vec<CastVote> = [0, 999, 1000, 1500, 5000].map(cast).to_vec();
        let sizes: Vec<usize> = batches(&history).iter().map(|batch| batch.len()).collect();
        assert_eq!(sizes, [2, 2, 1]);
    }

    #[test]
    fn a_long_history_is_cut_into_at_most_the_most_updates() {
        // 3,000 votes, one per second: batches of at least 3 votes.
        let history: Vec<CastVote> = (0..3000).map(|second| cast(second * 1000)).collect();
        let batches = batches(&history);
        assert_eq!(batches.len(), 1000);
        assert!(batches.iter().all(|batch| batch.len() == 3));
    }
}
