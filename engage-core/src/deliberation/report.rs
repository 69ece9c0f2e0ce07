//! A deliberation's results as report tables and charts: participation, opinion groups,
//! representative, consensus and divisive statements, every statement by group, and for Pol.is
//! exports the published figures and groups beside engage's.

use super::{Deliberation, Side, Tally};
use crate::chart::{Caption, Chart, ScatterChart, ScatterSeries, StackedChart, StackedGroup};
use crate::table::{Cell, Table};

fn percent(share: Option<f64>) -> Cell {
    share.map_or(Cell::Empty, |share| Cell::percent(share * 100.0))
}

fn count(value: usize) -> Cell {
    Cell::Count(value as u64)
}

fn side(side: Side) -> Cell {
    Cell::text(match side {
        Side::Agree => "Agree",
        Side::Disagree => "Disagree",
    })
}

/// `32%`, for captions.
fn whole_percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

impl Deliberation {
    fn group_labels(&self) -> Vec<String> {
        self.groups
            .iter()
            .map(|group| group.label.clone())
            .collect()
    }

    fn explained(&self, component: usize) -> String {
        self.pca
            .explained
            .get(component)
            .map_or_else(|| "0%".to_string(), |share| whole_percent(*share))
    }

    /// The results as report tables, in reading order: participation, opinion groups,
    /// representative statements, consensus, divisive, every statement by group, and for
    /// Pol.is exports the published figures and the groups compared.
    #[must_use]
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![
            self.participation_table(),
            self.groups_table(),
            self.representative_table(),
            self.consensus_table(),
            self.divisive_table(),
            self.statements_table(),
        ];
        if let Some(polis) = &self.polis {
            tables.push(self.published_table());
            if polis.groups.is_some() {
                tables.push(self.comparison_table());
                tables.push(self.overlap_table());
            }
        }
        tables
    }

    fn participation_table(&self) -> Table {
        let p = &self.participation;
        let mut table = Table::new("Participation", &["Figure", "Value"])
            .with_caption(format!("Source: {}", self.source));
        let mut row = |label: &str, value: Cell| table.push(vec![Cell::text(label), value]);
        row("Participants who voted", count(p.participants));
        if let Some(commenters) = p.commenters {
            row("Participants who wrote a statement", count(commenters));
        }
        row("Statements", count(p.statements));
        row("Statements with votes", count(p.statements_voted));
        row("Statements moderated out", count(p.moderated_out.len()));
        row("Statements analysed", count(p.statements_analysed));
        row(
            "Vote records read (re-votes included)",
            count(p.vote_records),
        );
        row(
            "Votes (the latest per participant and statement)",
            count(p.votes),
        );
        row(
            "Votes on statements analysed",
            count(p.analysed_votes.voted()),
        );
        row("Agree", count(p.analysed_votes.agree));
        row("Disagree", count(p.analysed_votes.disagree));
        row("Pass", count(p.analysed_votes.pass));
        row(
            "Votes per participant: mean",
            Cell::number(p.votes_per_participant.mean, 1),
        );
        row(
            "Votes per participant: median",
            Cell::number(p.votes_per_participant.median, 1),
        );
        row(
            "Votes per participant: fewest",
            count(p.votes_per_participant.min),
        );
        row(
            "Votes per participant: most",
            count(p.votes_per_participant.max),
        );
        row("Votes needed to be grouped", count(p.min_votes));
        row(
            &format!("Participants with {} or more votes", p.min_votes),
            count(p.with_min_votes),
        );
        row("Participants grouped", count(p.grouped));
        table
    }

    fn groups_table(&self) -> Table {
        let grouped = self.participation.grouped;
        let mut table = Table::new(
            "Opinion groups",
            &[
                "Group",
                "Participants",
                "Share of grouped",
                "Centre on component 1",
                "Centre on component 2",
            ],
        )
        .with_caption(format!(
            "Base: participants with at least {} votes{} (n = {}). Components 1 and 2 explain {} and {} of the variance in votes.",
            self.participation.min_votes,
            if grouped > self.participation.with_min_votes {
                format!(
                    ", and {} of the most active others, who joined while fewer than {} had that many",
                    grouped - self.participation.with_min_votes,
                    super::groups::FEWEST_IN_CONVERSATION
                )
            } else {
                String::new()
            },
            crate::table::group_thousands(grouped as u64),
            self.explained(0),
            self.explained(1)
        ));
        for group in &self.groups {
            table.push(vec![
                Cell::text(&group.label),
                count(group.size),
                Cell::percent(100.0 * group.size as f64 / grouped.max(1) as f64),
                Cell::maybe(group.centre.first().copied(), 2),
                Cell::maybe(group.centre.get(1).copied(), 2),
            ]);
        }
        let silhouettes = self
            .group_choice
            .silhouettes
            .iter()
            .map(|(k, value)| format!("{k} groups {value:.3}"))
            .collect::<Vec<_>>()
            .join(", ");
        let base = self.group_choice.base_clusters;
        table.notes.push(match self.group_choice.given {
            Some(k) => format!(
                "{k} groups, as asked, of {base} base clusters (mean silhouette {silhouettes})."
            ),
            None => format!(
                "{} groups of {base} base clusters: the highest mean silhouette ({silhouettes}).",
                self.group_choice.chosen
            ),
        });
        table
    }

    fn representative_table(&self) -> Table {
        let mut table = Table::new(
            "Representative statements",
            &[
                "Group", "Statement", "Text", "Side", "Group %", "Others %", "Ratio", "z", "p",
            ],
        )
        .with_caption(
            "What each group agrees or disagrees with more than the other groups (Pol.is's repness)",
        );
        for (group, found) in self.representative.iter().enumerate() {
            for item in found {
                let statement = &self.statements[item.statement];
                table.push(vec![
                    Cell::text(&self.groups[group].label),
                    Cell::text(&statement.id),
                    Cell::text(&statement.text),
                    side(item.side),
                    Cell::percent(item.share * 100.0),
                    Cell::percent(item.rest_share * 100.0),
                    Cell::number(item.ratio, 2),
                    Cell::number(item.z, 2),
                    Cell::number(item.p_value, 4),
                ]);
            }
            if found.is_empty() {
                table.notes.push(format!(
                    "Group {}: no statement passed the tests.",
                    self.groups[group].label
                ));
            }
        }
        table.notes.push(
            "Ratio: the group's share over the other groups' share, each smoothed as (n + 1) / (voted + 2). \
             A statement is listed when the ratio is above 1, the group differs from the others \
             (two-proportion z of at least 1.28, one-sided 10%) and more than half of the group takes that side \
             (z of at least 1.28). Shares are of those who voted, passes included."
                .to_string(),
        );
        table
    }

    fn consensus_table(&self) -> Table {
        let labels = self.group_labels();
        let mut columns = vec!["Side".to_string(), "Statement".into(), "Text".into()];
        columns.extend(labels.iter().map(|label| format!("{label} %")));
        columns.push("Consensus score".into());
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new("Consensus statements", &column_refs).with_caption(
            "Statements at least the given share of every group agrees with (or disagrees with)",
        );
        for item in &self.consensus {
            let statement = &self.statements[item.statement];
            let mut row = vec![
                side(item.side),
                Cell::text(&statement.id),
                Cell::text(&statement.text),
            ];
            row.extend(item.shares.iter().map(|share| Cell::percent(share * 100.0)));
            row.push(Cell::number(item.score, 3));
            table.push(row);
        }
        if self.consensus.is_empty() {
            table
                .notes
                .push("No statement reached the share in every group.".into());
        }
        table.notes.push(
            "Consensus score: the product of the groups' smoothed shares (Pol.is's group-aware consensus), 0 to 1."
                .into(),
        );
        table
    }

    fn divisive_table(&self) -> Table {
        let labels = self.group_labels();
        let mut columns = vec!["Statement".to_string(), "Text".into()];
        columns.extend(labels.iter().map(|label| format!("{label} agree %")));
        columns.extend(["Gap (points)".into(), "p".into(), "Cramér's V".into()]);
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new("Divisive statements", &column_refs)
            .with_caption("Statements the groups agree with to the most different extent");
        for item in &self.divisive {
            let statement = &self.statements[item.statement];
            let mut row = vec![Cell::text(&statement.id), Cell::text(&statement.text)];
            row.extend(
                item.agree_shares
                    .iter()
                    .map(|share| Cell::percent(share * 100.0)),
            );
            row.push(Cell::number(item.gap * 100.0, 1));
            row.push(Cell::number(item.p_value, 4));
            row.push(Cell::number(item.cramers_v, 2));
            table.push(row);
        }
        if self.divisive.is_empty() {
            table
                .notes
                .push("No statement split the groups by the gap asked for.".into());
        }
        table.notes.push(
            "p: chi-square test of agree, disagree and pass by group. The groups were formed from these votes, \
             so read p and V as sizes of difference, not as tests."
                .into(),
        );
        table
    }

    fn statements_table(&self) -> Table {
        let labels = self.group_labels();
        let mut columns = vec![
            "Statement".to_string(),
            "Text".into(),
            "Voted".into(),
            "Agree %".into(),
            "Disagree %".into(),
            "Pass %".into(),
        ];
        for label in &labels {
            columns.push(format!("{label} voted"));
            columns.push(format!("{label} agree %"));
            columns.push(format!("{label} disagree %"));
        }
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new("Statements by group", &column_refs).with_caption(
            "Every statement analysed: all who voted, then each group (shares of those who voted, passes included)",
        );
        let shares = |tally: &Tally| {
            let voted = tally.voted();
            let share = |n: usize| (voted > 0).then(|| n as f64 / voted as f64);
            (share(tally.agree), share(tally.disagree), share(tally.pass))
        };
        for statement in &self.statements {
            let (agree, disagree, pass) = shares(&statement.overall);
            let mut row = vec![
                Cell::text(&statement.id),
                Cell::text(&statement.text),
                count(statement.overall.voted()),
                percent(agree),
                percent(disagree),
                percent(pass),
            ];
            for tally in &statement.groups {
                let (agree, disagree, _) = shares(tally);
                row.push(count(tally.voted()));
                row.push(percent(agree));
                row.push(percent(disagree));
            }
            table.push(row);
        }
        table
    }

    fn published_table(&self) -> Table {
        let mut table = Table::new(
            "Pol.is's published figures",
            &[
                "Figure",
                "Published in",
                "Published",
                "engage",
                "Equal",
                "How engage counts it",
            ],
        )
        .with_caption(
            "Each figure the export publishes about itself, counted again from its raw files",
        );
        if let Some(polis) = &self.polis {
            for check in &polis.checks {
                table.push(vec![
                    Cell::text(&check.figure),
                    Cell::text(&check.published_in),
                    Cell::Count(check.published),
                    Cell::Count(check.computed),
                    Cell::text(if check.matches { "yes" } else { "no" }),
                    Cell::text(match &check.detail {
                        Some(detail) => format!("{} ({detail})", check.rule),
                        None => check.rule.clone(),
                    }),
                ]);
            }
            if let Some(groups) = polis.published_groups {
                table.notes.push(format!(
                    "summary.csv gives {groups} opinion groups; engage formed {}.",
                    self.groups.len()
                ));
            }
        }
        table
    }

    fn comparison_table(&self) -> Table {
        let Some(comparison) = self.polis.as_ref().and_then(|polis| polis.groups.as_ref()) else {
            return Table::new("Groups against Pol.is's groups", &["Group"]);
        };
        let mut columns = vec!["Group".to_string()];
        columns.extend(
            comparison
                .their_groups
                .iter()
                .map(|label| format!("Pol.is group {label}")),
        );
        columns.push("Not grouped by Pol.is".into());
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new("Groups against Pol.is's groups", &column_refs).with_caption(format!(
            "Participants by engage's group (rows) and Pol.is's group-id (columns). Adjusted Rand index {:.3} over the {} participants both grouped; {} in matching groups.",
            comparison.adjusted_rand_index,
            crate::table::group_thousands(comparison.compared as u64),
            whole_percent(comparison.agreement)
        ));
        for (row, label) in comparison.our_groups.iter().enumerate() {
            let mut cells = vec![Cell::text(label)];
            cells.extend(comparison.confusion[row].iter().map(|&value| count(value)));
            cells.push(count(comparison.ours_only[row]));
            table.push(cells);
        }
        let mut cells = vec![Cell::text("Not grouped by engage")];
        cells.extend(comparison.theirs_only.iter().map(|&value| count(value)));
        cells.push(Cell::Empty);
        table.push(cells);
        for &(ours, theirs) in &comparison.matched {
            table.notes.push(format!(
                "engage's group {} matches Pol.is's group {}.",
                comparison.our_groups[ours], comparison.their_groups[theirs]
            ));
        }
        table
    }

    fn overlap_table(&self) -> Table {
        let mut table = Table::new(
            "Representative statements against Pol.is's groups",
            &[
                "Group",
                "Pol.is group",
                "With engage's groups",
                "With Pol.is's groups",
                "Shared",
            ],
        )
        .with_caption("Statement ids, best first, found by the same test with each grouping");
        if let Some(polis) = &self.polis {
            for overlap in &polis.representative_overlap {
                table.push(vec![
                    Cell::text(&overlap.ours),
                    Cell::text(&overlap.theirs),
                    Cell::text(overlap.our_statements.join(", ")),
                    Cell::text(overlap.their_statements.join(", ")),
                    count(overlap.shared),
                ]);
            }
        }
        table
    }

    /// Participants on the two components, coloured and shaped by opinion group, those not
    /// grouped in grey.
    #[must_use]
    pub fn participants_chart(&self) -> Chart {
        let coordinate = |point: &super::ParticipantPoint, axis: usize| {
            point.coordinates.get(axis).copied().unwrap_or(0.0)
        };
        let mut series: Vec<ScatterSeries> = self
            .groups
            .iter()
            .map(|group| ScatterSeries {
                label: format!("Group {}", group.label),
                points: Vec::new(),
                muted: false,
            })
            .collect();
        let mut others = ScatterSeries {
            label: "Not grouped".into(),
            points: Vec::new(),
            muted: true,
        };
        for point in &self.participants {
            let xy = (coordinate(point, 0), coordinate(point, 1));
            match point.group {
                Some(group) => series[group].points.push(xy),
                None => others.points.push(xy),
            }
        }
        for item in &mut series {
            item.label = item.label.trim_start_matches("Group ").to_string();
        }
        if !others.points.is_empty() {
            series.push(others);
        }
        let grouped = self.participation.grouped;
        let caption = Caption::new(
            "Opinion groups",
            format!(
                "participants with at least {} votes, n = {}; those with fewer in grey, n = {}",
                self.participation.min_votes,
                crate::table::group_thousands(grouped as u64),
                crate::table::group_thousands((self.participants.len() - grouped) as u64)
            ),
        )
        .with_subtitle("Each point is a participant, placed by how they voted: people who voted alike are close together.")
        .with_source(self.source.clone());
        Chart::Scatter(ScatterChart::new(
            caption,
            format!("Component 1 ({} of the variance)", self.explained(0)),
            format!("Component 2 ({})", self.explained(1)),
            series,
        ))
    }

    /// The consensus and divisive statements: agree, pass and disagree shares of each group.
    #[must_use]
    pub fn statements_chart(&self) -> Chart {
        let mut chosen: Vec<(usize, &str)> = Vec::new();
        for item in &self.consensus {
            chosen.push((item.statement, "consensus"));
        }
        for item in &self.divisive {
            if !chosen
                .iter()
                .any(|(statement, _)| *statement == item.statement)
            {
                chosen.push((item.statement, "divisive"));
            }
        }
        let mut bars = Vec::new();
        for (index, kind) in chosen {
            let statement = &self.statements[index];
            for (group, tally) in self.groups.iter().zip(&statement.groups) {
                let voted = tally.voted();
                let share = |n: usize| (voted > 0).then(|| 100.0 * n as f64 / voted as f64);
                bars.push(StackedGroup {
                    label: format!(
                        "{} ({kind}): {}, group {}",
                        statement.id,
                        crate::table::truncate(
                            &statement
                                .text
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" "),
                            60
                        ),
                        group.label
                    ),
                    base: Some(voted as u64),
                    shares: vec![share(tally.disagree), share(tally.pass), share(tally.agree)],
                });
            }
        }
        let caption = Caption::new(
            "Consensus and divisive statements, by opinion group",
            "group members who voted on each statement",
        )
        .with_subtitle("Consensus: every group agrees (or disagrees). Divisive: the groups' agreement differs most.")
        .with_source(self.source.clone());
        Chart::Stacked(
            StackedChart::stacked(
                caption,
                vec!["Disagree".into(), "Pass".into(), "Agree".into()],
                bars,
            )
            .ordered(),
        )
    }
}
