//! What each opinion group thinks of each statement: agree, disagree and pass counts and
//! shares; representative statements (what a group agrees or disagrees with more than everyone
//! else, Pol.is's "repness"); consensus statements (every group agrees, or every group
//! disagrees); divisive statements (the groups' agreement differs most).
//!
//! Representativeness follows Pol.is (`polismath.math.repness`): shares are smoothed with one
//! pseudo-vote each way, (n + 1) / (voted + 2), so a statement two people saw cannot score a
//! share of 100%; a group's ratio is its smoothed share over the smoothed share of everyone in
//! the other groups. A statement is representative of a group when the ratio is above 1 and two
//! one-sided tests pass at Pol.is's 90% level (z ≥ 1.2816): the pooled two-proportion z-test of
//! the group against the rest, and the test that more than half of the group takes that side.
//! Pol.is adds a pseudo-count to these tests; engage uses the plain tests (the first is R's
//! `prop.test(correct = FALSE)`), so its z values can be checked by hand.

use serde::Serialize;

use super::conversation::Vote;
use crate::stats::chi_square;
use crate::stats::proportion::two_proportion_z_test;

/// The one-sided 90% normal quantile Pol.is uses for representativeness: Φ⁻¹(0.9).
pub const Z_90: f64 = 1.281_551_565_544_600_5;

/// Agree, disagree and pass votes on a statement among some participants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Agree votes.
    pub agree: usize,
    /// Disagree votes.
    pub disagree: usize,
    /// Passes.
    pub pass: usize,
}

impl Tally {
    /// Adds one vote.
    pub fn add(&mut self, vote: Vote) {
        match vote {
            Vote::Agree => self.agree += 1,
            Vote::Disagree => self.disagree += 1,
            Vote::Pass => self.pass += 1,
        }
    }

    /// Everyone who voted, passes included: the base of every share.
    #[must_use]
    pub fn voted(&self) -> usize {
        self.agree + self.disagree + self.pass
    }

    /// The votes on one side.
    #[must_use]
    pub fn count(&self, side: Side) -> usize {
        match side {
            Side::Agree => self.agree,
            Side::Disagree => self.disagree,
        }
    }

    /// The share (0 to 1) of those who voted who took this side; `None` when nobody voted.
    #[must_use]
    pub fn share(&self, side: Side) -> Option<f64> {
        let voted = self.voted();
        (voted > 0).then(|| self.count(side) as f64 / voted as f64)
    }

    /// The share with one pseudo-vote each way, (n + 1) / (voted + 2), as Pol.is smooths it.
    #[must_use]
    pub fn smoothed(&self, side: Side) -> f64 {
        (self.count(side) as f64 + 1.0) / (self.voted() as f64 + 2.0)
    }

    fn plus(self, other: Tally) -> Tally {
        Tally {
            agree: self.agree + other.agree,
            disagree: self.disagree + other.disagree,
            pass: self.pass + other.pass,
        }
    }
}

/// Agreeing or disagreeing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Agreeing with the statement.
    Agree,
    /// Disagreeing with it.
    Disagree,
}

impl Side {
    /// `agree` or `disagree`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Agree => "agree",
            Side::Disagree => "disagree",
        }
    }
}

/// Counts of one statement: everyone who voted, and each group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementTallies {
    /// Every participant who voted on the statement, grouped or not.
    pub overall: Tally,
    /// The members of each group who voted on it, in group order.
    pub groups: Vec<Tally>,
}

/// Tallies each statement (columns of `rows`) overall and per group; `groups` gives each
/// participant's group (`None` for those not grouped).
#[must_use]
pub fn tally(
    rows: &[&[Option<Vote>]],
    groups: &[Option<usize>],
    group_count: usize,
) -> Vec<StatementTallies> {
    let width = rows.first().map_or(0, |row| row.len());
    let mut tallies = vec![
        StatementTallies {
            overall: Tally::default(),
            groups: vec![Tally::default(); group_count],
        };
        width
    ];
    for (row, group) in rows.iter().zip(groups) {
        for (statement, vote) in row.iter().enumerate() {
            if let Some(vote) = vote {
                tallies[statement].overall.add(*vote);
                if let Some(group) = group {
                    tallies[statement].groups[*group].add(*vote);
                }
            }
        }
    }
    tallies
}

/// A statement one group agrees (or disagrees) with more than the other groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Representative {
    /// The statement's position in the analysed statements.
    pub statement: usize,
    /// The side the group takes.
    pub side: Side,
    /// Group members who took that side.
    pub count: usize,
    /// Group members who voted on the statement.
    pub voted: usize,
    /// The group's share taking that side, 0 to 1.
    pub share: f64,
    /// The share among members of the other groups, 0 to 1.
    pub rest_share: f64,
    /// Pol.is's repness: the group's smoothed share over the other groups' smoothed share.
    pub ratio: f64,
    /// The two-proportion z statistic, group against the other groups.
    pub z: f64,
    /// Its two-sided p-value.
    pub p_value: f64,
    /// The z statistic for more than half of the group taking this side: 2√n (share − ½).
    pub majority_z: f64,
    /// Pol.is's ranking metric: ratio × z × smoothed share × majority z.
    pub metric: f64,
}

/// The statements representative of each group, best first, at most `top` per group.
#[must_use]
pub fn representative(
    tallies: &[StatementTallies],
    group_count: usize,
    top: usize,
) -> Vec<Vec<Representative>> {
    (0..group_count)
        .map(|group| {
            let mut found: Vec<Representative> = tallies
                .iter()
                .enumerate()
                .flat_map(|(statement, tallies)| {
                    let own = tallies.groups[group];
                    let rest = tallies
                        .groups
                        .iter()
                        .enumerate()
                        .filter(|(other, _)| *other != group)
                        .fold(Tally::default(), |sum, (_, tally)| sum.plus(*tally));
                    [Side::Agree, Side::Disagree]
                        .into_iter()
                        .filter_map(move |side| candidate(statement, side, own, rest))
                })
                .filter(|candidate| {
                    candidate.ratio > 1.0 && candidate.z >= Z_90 && candidate.majority_z >= Z_90
                })
                .collect();
            found.sort_by(|a, b| {
                b.metric
                    .total_cmp(&a.metric)
                    .then(a.statement.cmp(&b.statement))
            });
            found.truncate(top);
            found
        })
        .collect()
}

fn candidate(statement: usize, side: Side, own: Tally, rest: Tally) -> Option<Representative> {
    let (voted, rest_voted) = (own.voted(), rest.voted());
    if voted == 0 || rest_voted == 0 {
        return None;
    }
    let count = own.count(side);
    let test = two_proportion_z_test(
        count as f64,
        voted as f64,
        rest.count(side) as f64,
        rest_voted as f64,
    )
    .ok()?;
    let share = count as f64 / voted as f64;
    let ratio = own.smoothed(side) / rest.smoothed(side);
    let majority_z = 2.0 * (voted as f64).sqrt() * (share - 0.5);
    Some(Representative {
        statement,
        side,
        count,
        voted,
        share,
        rest_share: test.proportion_2,
        ratio,
        z: test.z,
        p_value: test.p_value,
        majority_z,
        metric: ratio * test.z * own.smoothed(side) * majority_z,
    })
}

/// A statement every group agrees with (or every group disagrees with).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Consensus {
    /// The statement's position in the analysed statements.
    pub statement: usize,
    /// The side every group takes.
    pub side: Side,
    /// Each group's share taking that side, 0 to 1.
    pub shares: Vec<f64>,
    /// Pol.is's group-aware consensus: the product of the groups' smoothed shares, 0 to 1.
    pub score: f64,
}

/// Statements on which at least `min_share` of every group (of those who voted) takes the same
/// side, highest group-aware consensus first, at most `top` per side.
#[must_use]
pub fn consensus(tallies: &[StatementTallies], min_share: f64, top: usize) -> Vec<Consensus> {
    let mut out = Vec::new();
    for side in [Side::Agree, Side::Disagree] {
        let mut found: Vec<Consensus> = tallies
            .iter()
            .enumerate()
            .filter_map(|(statement, tallies)| {
                let shares: Option<Vec<f64>> = tallies
                    .groups
                    .iter()
                    .map(|tally| tally.share(side))
                    .collect();
                let shares = shares?;
                if shares.is_empty() || shares.iter().any(|share| *share < min_share) {
                    return None;
                }
                let score = tallies
                    .groups
                    .iter()
                    .map(|tally| tally.smoothed(side))
                    .product();
                Some(Consensus {
                    statement,
                    side,
                    shares,
                    score,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.statement.cmp(&b.statement))
        });
        found.truncate(top);
        out.extend(found);
    }
    out
}

/// A statement the groups see differently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divisive {
    /// The statement's position in the analysed statements.
    pub statement: usize,
    /// Each group's agree share, 0 to 1.
    pub agree_shares: Vec<f64>,
    /// The largest agree share minus the smallest, 0 to 1.
    pub gap: f64,
    /// The group that agrees most.
    pub most: usize,
    /// The group that agrees least.
    pub least: usize,
    /// The p-value of Pearson's chi-square test of agree / disagree / pass by group. The
    /// groups were formed from these very votes, so read it as a measure of size, not as
    /// evidence that the groups differ.
    pub p_value: f64,
    /// Cramér's V of the same table, 0 to 1.
    pub cramers_v: f64,
}

/// Statements whose agree shares differ by at least `min_gap` between some two groups, largest
/// gap first, at most `top`. Every group must have voted on the statement.
#[must_use]
pub fn divisive(tallies: &[StatementTallies], min_gap: f64, top: usize) -> Vec<Divisive> {
    let mut found: Vec<Divisive> = tallies
        .iter()
        .enumerate()
        .filter_map(|(statement, tallies)| {
            let shares: Vec<f64> = tallies
                .groups
                .iter()
                .map(|tally| tally.share(Side::Agree))
                .collect::<Option<_>>()?;
            if shares.len() < 2 {
                return None;
            }
            let most = argmax(&shares, |a, b| a > b);
            let least = argmax(&shares, |a, b| a < b);
            let gap = shares[most] - shares[least];
            if gap < min_gap {
                return None;
            }
            let table: Vec<[f64; 3]> = tallies
                .groups
                .iter()
                .map(|tally| [tally.agree as f64, tally.disagree as f64, tally.pass as f64])
                .collect();
            let test = chi_square::independence(&table).ok()?;
            Some(Divisive {
                statement,
                agree_shares: shares,
                gap,
                most,
                least,
                p_value: test.p_value,
                cramers_v: test.cramers_v,
            })
        })
        .collect();
    found.sort_by(|a, b| b.gap.total_cmp(&a.gap).then(a.statement.cmp(&b.statement)));
    found.truncate(top);
    found
}

/// The index of the first value that `better` prefers to all others.
fn argmax(values: &[f64], better: impl Fn(f64, f64) -> bool) -> usize {
    let mut best = 0;
    for (index, value) in values.iter().enumerate() {
        if better(*value, values[best]) {
            best = index;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(agree: usize, disagree: usize, pass: usize) -> Tally {
        Tally {
            agree,
            disagree,
            pass,
        }
    }

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, found {actual}"
        );
    }

    #[test]
    fn tallies_count_each_group_and_everyone() {
        use Vote::{Agree as A, Disagree as D, Pass as P};
        let rows: Vec<Vec<Option<Vote>>> = vec![
            vec![Some(A), Some(D)],
            vec![Some(A), None],
            vec![Some(D), Some(P)],
            vec![Some(P), Some(A)],
        ];
        let borrowed: Vec<&[Option<Vote>]> = rows.iter().map(Vec::as_slice).collect();
        let tallies = tally(&borrowed, &[Some(0), Some(0), Some(1), None], 2);
        assert_eq!(tallies[0].overall, t(2, 1, 1));
        assert_eq!(tallies[0].groups, [t(2, 0, 0), t(0, 1, 0)]);
        assert_eq!(tallies[1].overall, t(1, 1, 1));
        assert_eq!(tallies[1].groups, [t(0, 1, 0), t(0, 0, 1)]);
    }

    #[test]
    fn representativeness_worked_by_hand() {
        // Statement 0: group A 8 agree, 1 disagree, 1 pass (10 voted); group B 2 agree,
        // 7 disagree, 1 pass (10 voted).
        // For A agreeing: smoothed 9/12 = 0.75; rest 3/12 = 0.25; ratio 3.
        // Two-proportion test: p1 = 0.8, p2 = 0.2, pooled 0.5,
        //   z = 0.6 / √(0.25 × 0.2) = 0.6 / √0.05 = 2.683281573.
        // Majority: 2√10 (0.8 − 0.5) = 0.6√10 = 1.897366596.
        // Metric = 3 × 2.683281573 × 0.75 × 1.897366596 = 11.45512985.
        // For B: disagreeing, 7 of 10 against 1 of 10: smoothed 8/12, rest 2/12, ratio 4;
        //   pooled 0.4, z = 0.6 / √(0.24 × 0.2) = 0.6/√0.048 = 2.738612788;
        //   majority 2√10 × 0.2 = 1.264911064 < 1.2816: not representative at the 90% level.
        let tallies = vec![StatementTallies {
            overall: t(10, 8, 2),
            groups: vec![t(8, 1, 1), t(2, 7, 1)],
        }];
        let found = representative(&tallies, 2, 5);
        assert_eq!(found[0].len(), 1);
        let a = &found[0][0];
        assert_eq!((a.side, a.count, a.voted), (Side::Agree, 8, 10));
        close(a.ratio, 3.0);
        close(a.z, 0.6 / 0.05f64.sqrt());
        close(a.majority_z, 0.6 * 10f64.sqrt());
        close(
            a.metric,
            3.0 * (0.6 / 0.05f64.sqrt()) * 0.75 * (0.6 * 10f64.sqrt()),
        );
        close(a.rest_share, 0.2);
        assert!(found[1].is_empty(), "{:?}", found[1]);
        let b = candidate(0, Side::Disagree, t(2, 7, 1), t(8, 1, 1)).unwrap();
        close(b.ratio, 4.0);
        close(b.z, 0.6 / 0.048f64.sqrt());
        close(b.majority_z, 0.4 * 10f64.sqrt());
    }

    #[test]
    fn consensus_needs_every_group_and_ranks_by_the_product_of_smoothed_shares() {
        let tallies = vec![
            // Both groups agree: 9/10 and 7/10. Score = (10/12)(8/12) = 80/144.
            StatementTallies {
                overall: t(16, 2, 2),
                groups: vec![t(9, 1, 0), t(7, 2, 1)],
            },
            // Only one group agrees.
            StatementTallies {
                overall: t(12, 8, 0),
                groups: vec![t(10, 0, 0), t(2, 8, 0)],
            },
            // Both disagree: 6/8 and 5/6: score (7/10)(6/8) = 0.525.
            StatementTallies {
                overall: t(1, 11, 2),
                groups: vec![t(1, 6, 1), t(0, 5, 1)],
            },
        ];
        let found = consensus(&tallies, 0.6, 5);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].statement, found[0].side), (0, Side::Agree));
        close(found[0].score, 80.0 / 144.0);
        assert_eq!(found[0].shares, [0.9, 0.7]);
        assert_eq!((found[1].statement, found[1].side), (2, Side::Disagree));
        close(found[1].score, 0.7 * 0.75);
    }

    #[test]
    fn divisive_statements_have_the_largest_gap_in_agreement() {
        let tallies = vec![
            StatementTallies {
                overall: t(10, 10, 0),
                groups: vec![t(9, 1, 0), t(1, 9, 0)],
            },
            StatementTallies {
                overall: t(10, 10, 0),
                groups: vec![t(6, 4, 0), t(4, 6, 0)],
            },
        ];
        let found = divisive(&tallies, 0.3, 5);
        assert_eq!(found.len(), 1);
        let first = &found[0];
        assert_eq!((first.statement, first.most, first.least), (0, 0, 1));
        close(first.gap, 0.8);
        // The 2 x 2 table [[9, 1], [1, 9]] (no passes): X² = 12.8 on 1 df,
        // p = erfc(√6.4) = 0.000346619, V = √(12.8/20) = 0.8.
        close(first.cramers_v, 0.8);
        assert!(
            (first.p_value - 3.466_2e-4).abs() < 1e-7,
            "{}",
            first.p_value
        );
    }
}
