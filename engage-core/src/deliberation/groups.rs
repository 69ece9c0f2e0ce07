//! Who is grouped, and into how many opinion groups, as Pol.is decides at each update of a
//! conversation (`polismath.math.conversation`, `small-conv-update-graph`):
//!
//! - In the conversation are the participants with at least 7 votes (or a vote on every
//!   statement when fewer than 7 have votes); when fewer than 15 qualify, the most active
//!   others are added until there are 15. Once in, a participant stays in.
//! - Those participants' places on the two components are gathered into at most 100 base
//!   clusters by k-means; the base clusters' centres, each weighted by its participants, are
//!   then grouped by k-means for each number of groups from 2 to min(5, 2 + base clusters /
//!   12). Each k-means starts from the previous update's clusters.
//! - The number whose grouping of the base clusters has the highest mean silhouette is the
//!   best (the larger, among equals, as Clojure's `max-key`); the smoother moves to a new
//!   number only once it has been the best in 4 updates in a row. The first update takes the
//!   best.
//!
//! The `updates` module replays a conversation's votes as this series of updates.

use std::collections::BTreeMap;

use serde::Serialize;

use super::GroupCount;
use super::cluster::{Cluster, Items, kmeans, silhouette};

/// Pol.is's `base-k`: the most base clusters.
pub const BASE_CLUSTERS: usize = 100;
/// Pol.is's `base-iters`.
const BASE_ITERATIONS: usize = 100;
/// Pol.is's group k-means is called with `:cluster-iters`, which `kmeans` does not read, so
/// it runs with its default of 20 iterations.
const GROUP_ITERATIONS: usize = 20;
/// Pol.is's `max-k`: the most groups tried.
pub const MAX_GROUPS: usize = 5;
/// Base clusters per extra group tried (`max-k-fn`: 2 + base clusters / 12).
const BASE_CLUSTERS_PER_GROUP: usize = 12;
/// When fewer participants than this have enough votes, the most active others are added.
pub const FEWEST_IN_CONVERSATION: usize = 15;
/// Pol.is's `group-k-buffer`: the updates in a row a new number of groups must be the best
/// before the smoother takes it.
pub const SMOOTHING_UPDATES: usize = 4;

/// How the number of groups was settled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupChoice {
    /// The number asked for, when it was given.
    pub given: Option<usize>,
    /// How many base clusters the grouped participants formed (at most 100).
    pub base_clusters: usize,
    /// At the last update, each number of groups tried with the mean silhouette (−1 to 1) of
    /// its grouping of the base clusters.
    pub silhouettes: Vec<(usize, f64)>,
    /// The number of groups formed.
    pub chosen: usize,
    /// The updates the conversation was computed in: one per batch of votes in time order
    /// when the votes have times, else 1.
    pub updates: usize,
    /// When the smoother kept another number: the number with the best silhouette at the last
    /// update, and for how many updates in a row it had been the best.
    pub best_not_yet_taken: Option<(usize, usize)>,
}

/// Participants grouped: base clusters of participants, groups of base clusters.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Grouping {
    /// Base clusters; members are participants' indices.
    pub base: Vec<Cluster>,
    /// Groups; members are base clusters' ids.
    pub groups: Vec<Cluster>,
    /// How the number was settled.
    pub choice: GroupChoice,
}

impl Grouping {
    /// The group (index into `groups`) of each participant grouped.
    pub fn group_of(&self) -> BTreeMap<usize, usize> {
        let base: BTreeMap<usize, &Cluster> = self
            .base
            .iter()
            .map(|cluster| (cluster.id, cluster))
            .collect();
        let mut groups = BTreeMap::new();
        for (group, cluster) in self.groups.iter().enumerate() {
            for id in &cluster.members {
                for &participant in &base[id].members {
                    groups.insert(participant, group);
                }
            }
        }
        groups
    }
}

/// The most groups tried for this many base clusters.
#[must_use]
pub fn max_groups(base_clusters: usize) -> usize {
    MAX_GROUPS.min(2 + base_clusters / BASE_CLUSTERS_PER_GROUP)
}

/// Why no grouping could be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoGrouping {
    /// Every grouped participant sits at the same place: nothing to tell apart.
    OnePlace,
    /// More groups were asked for than there are base clusters.
    TooManyGroups {
        /// The groups asked for.
        asked: usize,
        /// The base clusters there are.
        base_clusters: usize,
    },
}

/// The smoother's memory (`group-k-smoother`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Smoother {
    last_best: usize,
    in_a_row: usize,
    smoothed: usize,
}

/// The state Pol.is keeps from one update of a conversation to the next.
#[derive(Clone, Debug)]
pub(crate) struct Grouper {
    count: GroupCount,
    in_conversation: Vec<bool>,
    base: Vec<Cluster>,
    clusterings: BTreeMap<usize, Vec<Cluster>>,
    silhouettes: Vec<(usize, f64)>,
    smoother: Option<Smoother>,
    updates: usize,
}

impl Grouper {
    /// A conversation of `participants` with no update yet.
    pub fn new(count: GroupCount, participants: usize) -> Grouper {
        Grouper {
            count,
            in_conversation: vec![false; participants],
            base: Vec::new(),
            clusterings: BTreeMap::new(),
            silhouettes: Vec::new(),
            smoother: None,
            updates: 0,
        }
    }

    /// Lets participants in: those with at least `threshold` votes, then, while fewer than 15
    /// are in, the others with the most votes (the earlier in `order` among equals).
    /// `votes[participant]` counts each participant's votes so far; participants without a
    /// vote (or without a place) are given 0 and never let in.
    pub fn admit(&mut self, votes: &[usize], order: &[usize], threshold: usize) {
        for (participant, &count) in votes.iter().enumerate() {
            if count > 0 && count >= threshold {
                self.in_conversation[participant] = true;
            }
        }
        let count = self
            .in_conversation
            .iter()
            .filter(|&&inside| inside)
            .count();
        if count < FEWEST_IN_CONVERSATION {
            let mut others: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&participant| !self.in_conversation[participant] && votes[participant] > 0)
                .collect();
            // A stable sort keeps `order` among equal counts.
            others.sort_by_key(|&participant| std::cmp::Reverse(votes[participant]));
            for participant in others.into_iter().take(FEWEST_IN_CONVERSATION - count) {
                self.in_conversation[participant] = true;
            }
        }
    }

    /// The participants in the conversation, in `order`.
    pub fn in_conversation(&self, order: &[usize]) -> Vec<usize> {
        order
            .iter()
            .copied()
            .filter(|&participant| self.in_conversation[participant])
            .collect()
    }

    /// One update: `participants` (those in the conversation, in the matrix's row order) at
    /// `places`.
    pub fn update(&mut self, participants: &[usize], places: &[Vec<f64>]) {
        let last = (!self.base.is_empty()).then_some(self.base.as_slice());
        let mut base = kmeans(
            &Items::new(participants, places),
            BASE_CLUSTERS,
            last,
            BASE_ITERATIONS,
        );
        base.sort_by_key(|cluster| cluster.id);
        self.base = base;
        self.updates += 1;
        if self.base.len() < 2 {
            // Nothing to group yet: Pol.is's update fails here and the next one tries again.
            return;
        }
        let ids: Vec<usize> = self.base.iter().map(|cluster| cluster.id).collect();
        let centres: Vec<Vec<f64>> = self
            .base
            .iter()
            .map(|cluster| cluster.centre.clone())
            .collect();
        let weights: Vec<f64> = self
            .base
            .iter()
            .map(|cluster| cluster.members.len() as f64)
            .collect();
        let items = Items::new(&ids, &centres).with_weights(&weights);
        let tried: Vec<usize> = match self.count {
            GroupCount::Auto => (2..=max_groups(self.base.len())).collect(),
            GroupCount::Fixed(k) if k <= self.base.len() => vec![k],
            GroupCount::Fixed(_) => Vec::new(),
        };
        let mut clusterings = BTreeMap::new();
        let mut silhouettes = Vec::with_capacity(tried.len());
        for k in tried {
            let last = self.clusterings.get(&k).map(Vec::as_slice);
            let mut groups = kmeans(&items, k, last, GROUP_ITERATIONS);
            groups.sort_by_key(|cluster| cluster.id);
            silhouettes.push((k, silhouette(&items, &groups)));
            clusterings.insert(k, groups);
        }
        self.clusterings = clusterings;
        self.silhouettes = silhouettes;
        if self.count == GroupCount::Auto {
            self.smooth();
        }
    }

    /// The smoother: the best number must win `SMOOTHING_UPDATES` updates in a row.
    fn smooth(&mut self) {
        // `max_by` keeps the last of equals: the larger number.
        let Some(&(best, _)) = self.silhouettes.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
            return;
        };
        self.smoother = Some(match self.smoother {
            None => Smoother {
                last_best: best,
                in_a_row: 1,
                smoothed: best,
            },
            Some(previous) => {
                let in_a_row = if previous.last_best == best {
                    previous.in_a_row + 1
                } else {
                    1
                };
                Smoother {
                    last_best: best,
                    in_a_row,
                    smoothed: if in_a_row >= SMOOTHING_UPDATES {
                        best
                    } else {
                        previous.smoothed
                    },
                }
            }
        });
    }

    /// The groups after the last update.
    pub fn finish(self) -> Result<Grouping, NoGrouping> {
        if self.base.len() < 2 {
            return Err(NoGrouping::OnePlace);
        }
        let (k, given, best_not_yet_taken) = match (self.count, self.smoother) {
            (GroupCount::Fixed(k), _) => {
                if k > self.base.len() {
                    return Err(NoGrouping::TooManyGroups {
                        asked: k,
                        base_clusters: self.base.len(),
                    });
                }
                (k, Some(k), None)
            }
            (GroupCount::Auto, Some(smoother)) => {
                // The smoothed number may no longer be tried (fewer base clusters now):
                // then the best is taken.
                let k = if self.clusterings.contains_key(&smoother.smoothed) {
                    smoother.smoothed
                } else {
                    smoother.last_best
                };
                let pending =
                    (k != smoother.last_best).then_some((smoother.last_best, smoother.in_a_row));
                (k, None, pending)
            }
            (GroupCount::Auto, None) => return Err(NoGrouping::OnePlace),
        };
        let Some(groups) = self.clusterings.get(&k).cloned() else {
            return Err(NoGrouping::OnePlace);
        };
        let choice = GroupChoice {
            given,
            base_clusters: self.base.len(),
            silhouettes: self.silhouettes,
            chosen: groups.len(),
            updates: self.updates,
            best_not_yet_taken,
        };
        Ok(Grouping {
            base: self.base,
            groups,
            choice,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grouper_with(participants: usize) -> Grouper {
        Grouper::new(GroupCount::Auto, participants)
    }

    #[test]
    fn participants_are_let_in_by_votes_then_topped_up_to_15() {
        // 20 participants; 10 have 7 or more votes, the rest 1 to 6 (participants 10 and 11
        // have 6, 12 has 5...). 5 more are needed: the two with 6, then 5, 4 and 3.
        let votes: Vec<usize> = (0..20)
            .map(|participant| match participant {
                0..10 => 7 + participant,
                10 | 11 => 6,
                12 => 5,
                13 => 4,
                14 | 15 => 3,
                _ => 1,
            })
            .collect();
        let order: Vec<usize> = (0..20).collect();
        let mut grouper = grouper_with(20);
        grouper.admit(&votes, &order, 7);
        assert_eq!(grouper.in_conversation(&order), (0..15).collect::<Vec<_>>());
        // 14 and 15 both have 3: the earlier in the order wins.
        let reversed: Vec<usize> = (0..20).rev().collect();
        let mut grouper = grouper_with(20);
        grouper.admit(&votes, &reversed, 7);
        let inside = grouper.in_conversation(&order);
        assert!(inside.contains(&15) && !inside.contains(&14), "{inside:?}");
        // Once in, always in: a later admission with fewer votes keeps everyone.
        grouper.admit(&[0; 20], &order, 7);
        assert_eq!(grouper.in_conversation(&order).len(), 15);
        // With 15 or more qualifying, nobody is added; without votes, nobody ever is.
        let mut grouper = grouper_with(17);
        let mut many = vec![7; 17];
        many[16] = 0;
        grouper.admit(&many, &(0..17).collect::<Vec<_>>(), 7);
        assert_eq!(
            grouper.in_conversation(&(0..17).collect::<Vec<_>>()).len(),
            16
        );
        let mut grouper = grouper_with(4);
        grouper.admit(&[9, 0, 0, 2], &[0, 1, 2, 3], 7);
        assert_eq!(grouper.in_conversation(&[0, 1, 2, 3]), [0, 3]);
    }

    #[test]
    fn groups_to_try_grow_with_base_clusters() {
        // 2 + base clusters / 12, at most 5.
        for (base, most) in [
            (2, 2),
            (11, 2),
            (12, 3),
            (24, 4),
            (35, 4),
            (36, 5),
            (100, 5),
        ] {
            assert_eq!(max_groups(base), most, "{base}");
        }
    }

    #[test]
    fn two_camps_by_hand() {
        // Three participants at each of (0, 0) and (10, 0): two base clusters (one per place),
        // weights 3 and 3; with two base clusters only k = 2 is tried and each group is one
        // base cluster. Silhouette: both base clusters alone in their group, so 0.
        let places: Vec<Vec<f64>> = [0.0, 10.0, 0.0, 10.0, 0.0, 10.0]
            .iter()
            .map(|&x| vec![x, 0.0])
            .collect();
        let participants: Vec<usize> = (0..6).collect();
        let mut grouper = grouper_with(6);
        grouper.update(&participants, &places);
        let grouping = grouper.clone().finish().unwrap();
        assert_eq!(grouping.base.len(), 2);
        assert_eq!(grouping.choice.silhouettes, [(2, 0.0)]);
        assert_eq!(grouping.choice.chosen, 2);
        assert_eq!(grouping.choice.updates, 1);
        let groups: Vec<usize> = grouping.group_of().into_values().collect();
        assert_eq!(groups, [0, 1, 0, 1, 0, 1]);
        let mut fixed = Grouper::new(GroupCount::Fixed(3), 6);
        fixed.update(&participants, &places);
        assert_eq!(
            fixed.finish(),
            Err(NoGrouping::TooManyGroups {
                asked: 3,
                base_clusters: 2
            })
        );
        let mut same = grouper_with(4);
        same.update(&[0, 1, 2, 3], &vec![vec![1.0, 1.0]; 4]);
        assert_eq!(same.finish(), Err(NoGrouping::OnePlace));
    }

    #[test]
    fn the_smoother_waits_for_four_updates_in_a_row() {
        // The best number by update: 2, 3, 3, 3, 2, 3, 3, 3, 3. The first update takes 2; 3
        // wins three in a row (not enough), then 2 breaks the run; 3's next run reaches four
        // at the last update, and only then is it taken.
        let mut grouper = grouper_with(0);
        let mut smoothed = Vec::new();
        for best in [2, 3, 3, 3, 2, 3, 3, 3, 3] {
            grouper.silhouettes = vec![
                (2, f64::from(u8::from(best == 2))),
                (3, f64::from(u8::from(best == 3))),
            ];
            grouper.smooth();
            smoothed.push(grouper.smoother.unwrap().smoothed);
        }
        assert_eq!(smoothed, [2, 2, 2, 2, 2, 2, 2, 2, 3]);
        // Equal silhouettes: the larger number is the best, as Clojure's max-key.
        grouper.silhouettes = vec![(2, 0.5), (3, 0.5), (4, 0.1)];
        grouper.smooth();
        assert_eq!(grouper.smoother.unwrap().last_best, 3);
    }
}
