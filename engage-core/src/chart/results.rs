//! Charts of engage's results, each drawn from the *disclosed* table of the same figures: the
//! default chart of a summarised question, of a run of scale questions, of a cross-tab, of a
//! representation comparison, of the response timeline, of theme counts and their
//! co-occurrence, and of an activity log. A figure withheld in the table is withheld in the
//! chart (drawn hatched, without a value) and in its description, so a chart can only say what
//! its table shows; no figure is recomputed here.
//!
//! The analyses' `present` modules ([`crate::summary::present`],
//! [`crate::participation::present`], [`crate::themes::present`]) pair each table with its
//! chart; the functions here are their drawing half.

use super::{
    Bar, BarChart, Caption, Chart, HeatmapChart, LikertChart, LikertItem, RepresentationChart,
    RepresentationMode, RepresentationRow, StackedChart, StackedGroup, TimelineChart, Unit,
};
use crate::participation::activity::{ActivityLog, WilcoxLevel};
use crate::participation::representation::Representation;
use crate::participation::timeline::Timeline;
use crate::schema::{QuestionType, ScaleSides};
use crate::summary::{Crosstab, Detail, LikertSummary, QuestionSummary};
use crate::table::{Cell, Role, RowRole, Table, group_thousands};
use crate::themes::coding::QuestionThemes;

/// The note under a chart with withheld figures.
pub const WITHHELD_NOTE: &str =
    "Figures withheld to protect identities are drawn hatched, without a value.";

/// The title of a run of scale questions, from the scale they share.
#[must_use]
pub fn likert_group_title(members: &[&QuestionSummary]) -> String {
    let family = members
        .iter()
        .find_map(|question| {
            if let Detail::Likert(likert) = &question.all.detail {
                Some(likert.family.as_str())
            } else {
                None
            }
        })
        .unwrap_or("");
    match family {
        "agreement" => format!("Agreement with {} statements", members.len()),
        "satisfaction" => format!("Satisfaction across {} questions", members.len()),
        "importance" => format!("Importance of {} things", members.len()),
        _ => format!("{} questions on the same scale", members.len()),
    }
}

fn base_line(count: usize, what: &str) -> String {
    format!("{what}, n = {}", group_thousands(count as u64))
}

/// A caption with the source and, when the table withheld anything, the withheld note.
fn finish(mut caption: Caption, source: Option<&str>, table: &Table) -> Caption {
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    if table.has_withheld() {
        caption = caption.with_note(WITHHELD_NOTE);
    }
    caption
}

/// The text of a table's label cell in a row.
fn label_of(table: &Table, row: usize) -> String {
    let column = table.column_with(Role::Label).unwrap_or(0);
    table.rows[row]
        .get(column)
        .map(Cell::display)
        .unwrap_or_default()
}

/// The figure in a cell for a chart: `Ok(value)`, or `Err(marker)` when withheld. An empty
/// cell (no base) is drawn as 0.
fn figure(cell: Option<&Cell>) -> Result<f64, String> {
    match cell {
        Some(Cell::Suppressed(marker)) => Err(marker.clone()),
        Some(cell) => Ok(cell.value().unwrap_or(0.0)),
        None => Ok(0.0),
    }
}

/// A bar for row `row` of a disclosed table: its label, the figure in column `value`, and the
/// interval in the two columns derived from it, if shown.
fn bar_of(table: &Table, row: usize, value: usize) -> Bar {
    let label = label_of(table, row);
    let cells = &table.rows[row];
    match figure(cells.get(value)) {
        Err(marker) => Bar::withheld(label, marker),
        Ok(amount) => {
            let bar = Bar::new(label, amount);
            let interval: Vec<f64> = table
                .columns
                .iter()
                .enumerate()
                .filter(|(_, column)| column.role == Role::Derived(value))
                .filter_map(|(index, _)| match cells.get(index) {
                    Some(Cell::Number { value, .. }) => Some(*value),
                    _ => None,
                })
                .collect();
            match interval.as_slice() {
                [low, high] => bar.with_interval(*low, *high),
                _ => bar,
            }
        }
    }
}

/// The body rows of a table.
fn body_rows(table: &Table) -> impl Iterator<Item = usize> + '_ {
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.role == RowRole::Body)
        .map(|(index, _)| index)
}

/// The first percentage column of a table (the percentages of its first count column).
fn percent_column(table: &Table) -> Option<usize> {
    table
        .columns
        .iter()
        .position(|column| matches!(column.role, Role::Percent(_)))
}

fn question_caption(
    question: &QuestionSummary,
    base: usize,
    what: &str,
    source: Option<&str>,
    table: &Table,
) -> Caption {
    finish(
        Caption::new(
            short_title(&question.text, question.item.as_deref()),
            base_line(base, what),
        )
        .with_subtitle(&question.text),
        source,
        table,
    )
}

pub use crate::schema::short_title;

/// The default chart of a summarised question, drawn from its disclosed table (the one
/// [`crate::summary::present`] builds): bars with intervals for a single choice or yes/no, bars
/// of "% of respondents" for a multi-choice or a ranking's first places, a diverging bar for
/// a Likert item, bars per month (or year) for a date. Numbers and free text have no chart
/// (their tables say it all).
#[must_use]
pub fn question_chart(
    question: &QuestionSummary,
    table: &Table,
    source: Option<&str>,
) -> Option<Chart> {
    let section = &question.all;
    let answered = || {
        question_caption(
            question,
            section.base.count,
            "all who answered",
            source,
            table,
        )
    };
    match &section.detail {
        Detail::Choice(_) => {
            let value = percent_column(table)?;
            let bars = body_rows(table)
                .map(|row| bar_of(table, row, value))
                .collect();
            Some(Chart::Bar(BarChart::percentages(answered(), bars)))
        }
        Detail::MultiChoice(_) => {
            let value = percent_column(table)?;
            let count = table.column_with(Role::Count)?;
            // Most chosen first, as readers scan a multi-choice chart for the biggest; a
            // withheld count has no place in that order, so withheld bars go last, in the
            // form's order.
            let mut rows: Vec<(usize, Option<f64>)> = body_rows(table)
                .map(|row| (row, figure(table.rows[row].get(count)).ok()))
                .collect();
            rows.sort_by(|a, b| match (a.1, b.1) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
            let bars = rows
                .into_iter()
                .map(|(row, _)| bar_of(table, row, value))
                .collect();
            Some(Chart::Bar(BarChart::multiple_answers(answered(), bars)))
        }
        Detail::Ranking(_) => {
            let first = table
                .columns
                .iter()
                .position(|column| column.name == "% ranked first")?;
            let bars = body_rows(table)
                .map(|row| bar_of(table, row, first))
                .collect();
            let mut chart = BarChart::percentages(
                question_caption(
                    question,
                    section.base.count,
                    "all who ranked",
                    source,
                    table,
                ),
                bars,
            );
            "% ranking it first".clone_into(&mut chart.axis_label);
            Some(Chart::Bar(chart))
        }
        Detail::Likert(likert) => {
            let item = likert_item(&question.text, likert, table)?;
            let points: Vec<String> = likert
                .points
                .iter()
                .map(|point| point.label.clone())
                .collect();
            let neutral = neutral_of(likert.points.len(), likert.box_size);
            let off_label = likert.non_scale.first().map(|answer| answer.label.clone());
            let mut chart = LikertChart::new(
                question_caption(
                    question,
                    likert.scale_base.count,
                    "all who answered on the scale",
                    source,
                    table,
                ),
                points,
                neutral,
                vec![item],
            );
            let sides = ScaleSides::of(&likert.family);
            chart = chart.with_sides(sides.negative, sides.positive);
            if let Some(label) = off_label {
                chart = chart.with_off_scale_label(label);
            }
            Some(Chart::Likert(chart))
        }
        Detail::Date(_) => {
            let count = table.column_with(Role::Count)?;
            let by_year = table
                .columns
                .first()
                .is_some_and(|column| column.name == "Year");
            let bars: Vec<Bar> = body_rows(table)
                .map(|row| bar_of(table, row, count))
                .collect();
            (!bars.is_empty()).then(|| {
                Chart::Bar(BarChart::values(
                    question_caption(
                        question,
                        section.base.count,
                        "all who gave a date",
                        source,
                        table,
                    ),
                    bars,
                    Unit::Count,
                    if by_year {
                        "answers per year"
                    } else {
                        "answers per month"
                    },
                ))
            })
        }
        Detail::Numeric(_) | Detail::Text(_) => None,
    }
}

/// The bar chart of a respondent-profile question from its disclosed profile table (answers
/// with count, percentage and interval): percentages with intervals, or "% of respondents"
/// when more than one answer was allowed.
#[must_use]
pub fn profile_chart(
    question: &str,
    base: usize,
    multiple: bool,
    table: &Table,
    source: Option<&str>,
) -> Chart {
    let value = percent_column(table).unwrap_or(2);
    let bars = body_rows(table)
        .map(|row| bar_of(table, row, value))
        .collect();
    // The base as the table's total row shows it (withheld when small).
    let base = table
        .rows
        .iter()
        .find(|row| row.role == RowRole::Total)
        .and_then(|row| row.get(1))
        .map_or_else(|| group_thousands(base as u64), Cell::display);
    let caption = finish(
        Caption::new(
            short_title(question, None),
            format!("all who answered, n = {base}"),
        )
        .with_subtitle(question),
        source,
        table,
    );
    Chart::Bar(if multiple {
        BarChart::multiple_answers(caption, bars)
    } else {
        BarChart::percentages(caption, bars)
    })
}

/// The neutral point of a scale: the middle of an odd scale whose boxes leave it out.
fn neutral_of(points: usize, box_size: usize) -> Option<usize> {
    (points % 2 == 1 && 2 * box_size < points).then_some(points / 2)
}

/// A Likert item from its disclosed table: the points' percentages (rows `0..points`, in the
/// percentage column), `None` where withheld; the answers off the scale added up, unless one
/// is withheld.
fn likert_item(label: &str, likert: &LikertSummary, table: &Table) -> Option<LikertItem> {
    if likert.scale_base.count == 0 {
        return None;
    }
    let value = percent_column(table)?;
    let share = |row: usize| figure(table.rows.get(row).and_then(|cells| cells.get(value))).ok();
    let points = likert.points.len();
    let shares = (0..points).map(share).collect();
    let off_scale = (points..points + likert.non_scale.len())
        .map(share)
        .try_fold(None::<f64>, |sum, share| {
            share.map(|share| Some(sum.unwrap_or(0.0) + share))
        })
        .flatten();
    Some(LikertItem {
        label: label.to_string(),
        shares,
        base: likert.scale_base.count as u64,
        off_scale,
    })
}

/// Several Likert items on one scale (a grid, or statements asked the same way) as one
/// diverging chart sorted by net agreement, each drawn from its disclosed table. Items on a
/// different scale from the first are left out; `None` when fewer than two items share the
/// scale.
#[must_use]
pub fn likert_group_chart(
    title: &str,
    members: &[(&QuestionSummary, &Table)],
    source: Option<&str>,
) -> Option<Chart> {
    let first = members.iter().find_map(|(question, _)| {
        if let Detail::Likert(likert) = &question.all.detail {
            Some(likert)
        } else {
            None
        }
    })?;
    let points: Vec<String> = first
        .points
        .iter()
        .map(|point| point.label.clone())
        .collect();
    let mut items = Vec::new();
    let mut low = usize::MAX;
    let mut high = 0;
    let mut withheld = false;
    for (question, table) in members {
        let Detail::Likert(likert) = &question.all.detail else {
            continue;
        };
        let same_scale = likert.points.len() == points.len()
            && likert
                .points
                .iter()
                .zip(&points)
                .all(|(point, label)| point.label == *label);
        if !same_scale {
            continue;
        }
        if let Some(item) = likert_item(item_label(question), likert, table) {
            low = low.min(likert.scale_base.count);
            high = high.max(likert.scale_base.count);
            withheld |= table.has_withheld();
            items.push(item);
        }
    }
    if items.len() < 2 {
        return None;
    }
    let base = if low == high {
        format!(
            "all who answered on the scale, n = {}",
            group_thousands(low as u64)
        )
    } else {
        format!(
            "all who answered on the scale, n = {} to {}",
            group_thousands(low as u64),
            group_thousands(high as u64)
        )
    };
    let mut caption = Caption::new(title, base);
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    if withheld {
        caption = caption.with_note(WITHHELD_NOTE);
    }
    let neutral = neutral_of(points.len(), first.box_size);
    let sides = ScaleSides::of(&first.family);
    let mut chart = LikertChart::new(caption, points, neutral, items)
        .with_sides(sides.negative, sides.positive);
    if let Some(answer) = first.non_scale.first() {
        chart = chart.with_off_scale_label(&answer.label);
    }
    Some(Chart::Likert(chart))
}

/// The statement of a grid item (its typed item, "Parking"), else the question.
fn item_label(question: &QuestionSummary) -> &str {
    question.item.as_deref().unwrap_or(&question.text)
}

/// A cross-tab as bars per row group split by the column question's answers, as percentages
/// within each group (stacked to 100% for a single-choice column question, grouped for a
/// multi-choice one), each group's base in its label; drawn from the disclosed table of
/// counts (rows the row question's groups, then a total row; columns the column question's
/// answers, then the row totals), so a withheld count is a withheld share and a withheld
/// total an unlabelled base.
#[must_use]
pub fn crosstab_chart(crosstab: &Crosstab, counts: &Table, source: Option<&str>) -> Chart {
    let groups = crosstab
        .row
        .labels
        .iter()
        .enumerate()
        .map(|(row, label)| {
            let cells = counts.rows.get(row);
            let cell = |column: usize| cells.and_then(|cells| cells.get(column + 1));
            let total = cell(crosstab.column.labels.len());
            StackedGroup {
                label: label.clone(),
                base: match total {
                    Some(Cell::Suppressed(_)) => None,
                    _ => Some(crosstab.row_totals[row].round() as u64),
                },
                shares: crosstab.row_percents[row]
                    .iter()
                    .enumerate()
                    .map(|(column, percent)| match cell(column) {
                        Some(Cell::Suppressed(_)) => None,
                        _ => Some(percent.unwrap_or(0.0)),
                    })
                    .collect(),
            }
        })
        .collect();
    let caption = finish(
        Caption::new(
            format!(
                "{} by {}",
                short_title(&crosstab.column.text, crosstab.column.item.as_deref()),
                short_title(&crosstab.row.text, crosstab.row.item.as_deref()).to_lowercase()
            ),
            base_line(crosstab.respondents, "all who answered both questions"),
        )
        .with_subtitle(format!("{} / {}", crosstab.column.text, crosstab.row.text)),
        source,
        counts,
    );
    let mut chart = if crosstab.column.multiple {
        StackedChart::grouped(caption, crosstab.column.labels.clone(), groups)
    } else {
        StackedChart::stacked(caption, crosstab.column.labels.clone(), groups)
    };
    if crosstab.column.kind == QuestionType::Likert {
        chart = chart.ordered();
    }
    Chart::Stacked(chart)
}

/// Responses per day with the running total, from the disclosed table of responses per day
/// (a date and a count per row, as [`crate::participation::present`] builds it).
#[must_use]
pub fn timeline_chart(timeline: &Timeline, days: &Table, source: Option<&str>) -> Chart {
    let total: usize = timeline.days.iter().map(|day| day.responses).sum();
    let count = days.column_with(Role::Count).unwrap_or(1);
    let values = timeline
        .days
        .iter()
        .enumerate()
        .map(|(row, day)| {
            let value = figure(days.rows.get(row).and_then(|cells| cells.get(count)));
            (day.date, value.ok().map(|value| value as u64))
        })
        .collect();
    let caption = finish(
        Caption::new(
            "Responses over time",
            base_line(total, "all dated responses"),
        ),
        source,
        days,
    );
    Chart::Timeline(TimelineChart::new(caption, values))
}

/// A profile variable against the population, as the representation index (with the
/// under-represented groups picked out) or as percentages side by side, from the disclosed
/// representation table (a row per category in the comparison's order, its respondents'
/// percentage in the first percentage column).
#[must_use]
pub fn representation_chart(
    representation: &Representation,
    table: &Table,
    mode: RepresentationMode,
    threshold: f64,
    population_source: Option<&str>,
) -> Chart {
    let value = percent_column(table).unwrap_or(2);
    let rows = representation
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| RepresentationRow {
            label: row.category.clone(),
            sample: figure(table.rows.get(index).and_then(|cells| cells.get(value))).ok(),
            population: row.population_percent,
        })
        .collect();
    let caption = finish(
        Caption::new(
            format!(
                "{}: respondents against the population",
                short_title(&representation.question_text, None)
            ),
            base_line(representation.base, "all who answered"),
        ),
        population_source,
        table,
    );
    let mut chart = RepresentationChart::new(caption, rows, mode);
    chart.threshold = threshold;
    Chart::Representation(chart)
}

/// Theme counts of a free-text question as a percentage of those who answered it, grouped
/// under their parent themes, from the disclosed table of theme counts (a row per theme in the
/// question's order, then a row of answers with no theme).
#[must_use]
pub fn themes_chart(themes: &QuestionThemes, table: &Table, source: Option<&str>) -> Chart {
    let labels: std::collections::HashMap<&str, &str> = themes
        .themes
        .iter()
        .map(|theme| (theme.id.as_str(), theme.label.as_str()))
        .collect();
    let value = percent_column(table).unwrap_or(2);
    let bars = themes
        .themes
        .iter()
        .enumerate()
        .filter(|(_, theme)| {
            theme.parent.is_some()
                || !themes
                    .themes
                    .iter()
                    .any(|child| child.parent.as_deref() == Some(theme.id.as_str()))
        })
        .map(|(row, theme)| {
            let bar = match figure(table.rows.get(row).and_then(|cells| cells.get(value))) {
                Err(marker) => Bar::withheld(&theme.label, marker),
                Ok(percent) => Bar::new(&theme.label, percent),
            };
            match &theme.parent {
                Some(parent) => {
                    bar.in_group(labels.get(parent.as_str()).copied().unwrap_or(parent))
                }
                None => bar,
            }
        })
        .collect();
    let mut caption = Caption::new(
        format!(
            "Themes in answers to: {}",
            short_title(&themes.text, themes.item.as_deref())
        ),
        base_line(themes.base, "all who answered"),
    )
    .with_subtitle(&themes.text);
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    // How many answers have no theme, as the table shows it.
    let uncoded = table
        .rows
        .iter()
        .find(|row| row.role == RowRole::Aside)
        .and_then(|row| row.get(table.column_with(Role::Count).unwrap_or(1)))
        .map_or_else(|| group_thousands(themes.uncoded as u64), Cell::display);
    let mut note = if themes.one_theme_each {
        "Each comment has one theme.".to_string()
    } else {
        format!(
            "A comment can have several themes; {uncoded} of {} answers have none.",
            group_thousands(themes.base as u64)
        )
    };
    if table.has_withheld() {
        note = format!("{note} {WITHHELD_NOTE}");
    }
    caption = caption.with_note(note);
    if themes.one_theme_each {
        Chart::Bar(BarChart::percentages(caption, bars))
    } else {
        Chart::Bar(BarChart::multiple_answers(caption, bars))
    }
}

/// How often themes are coded on the same comment, as a heatmap, from the disclosed
/// co-occurrence table (a row and a count column per theme drawn, in the same order, with
/// each theme's own count on the diagonal); `None` with fewer than two themes.
#[must_use]
pub fn cooccurrence_chart(
    themes: &QuestionThemes,
    table: &Table,
    source: Option<&str>,
) -> Option<Chart> {
    let counts: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| column.role == Role::Count)
        .map(|(index, _)| index)
        .collect();
    if counts.len() < 2 {
        return None;
    }
    let labels: Vec<String> = (0..table.rows.len())
        .map(|row| label_of(table, row))
        .collect();
    let values = table
        .rows
        .iter()
        .map(|cells| {
            counts
                .iter()
                .map(|&column| figure(cells.get(column)).ok())
                .collect()
        })
        .collect();
    let mut caption = Caption::new(
        format!(
            "Themes mentioned together: {}",
            short_title(&themes.text, themes.item.as_deref())
        ),
        base_line(themes.coded, "answers with at least one theme"),
    );
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    if table.has_withheld() {
        caption = caption.with_note(WITHHELD_NOTE);
    }
    Some(Chart::Heatmap(HeatmapChart::counts(
        caption,
        labels,
        values,
        "comments coded with both themes",
    )))
}

/// An activity log's charts: cost per place (or per participant), the sector mix of attendees,
/// and the spread of activities over Wilcox's levels of participation.
#[must_use]
pub fn activity_charts(log: &ActivityLog, source: Option<&str>) -> Vec<(String, Chart)> {
    let with_source = |caption: Caption| match source {
        Some(source) => caption.with_source(source),
        None => caption,
    };
    let mut charts = Vec::new();
    let costs: Vec<Bar> = log
        .activities
        .iter()
        .filter_map(|activity| {
            let value = activity
                .cost_per_place
                .or_else(|| {
                    activity
                        .cost_per_participant
                        .as_ref()
                        .map(|range| range.max)
                })
                .or(activity.cost_per_learner)?;
            Some(Bar::new(&activity.activity, value))
        })
        .collect();
    if !costs.is_empty() {
        charts.push((
            "activity-cost".to_string(),
            Chart::Bar(BarChart::values(
                with_source(Caption::new(
                    "Investment per place",
                    format!(
                        "{} activities with a cost and places, participants or learners",
                        costs.len()
                    ),
                )),
                costs,
                Unit::Pounds,
                "cost per place (per participant or learner where no places were set)",
            )),
        ));
    }
    let sector_groups: Vec<StackedGroup> = log
        .activities
        .iter()
        .filter_map(|activity| {
            let mix = activity.sectors.as_ref()?;
            Some(StackedGroup {
                label: activity.activity.clone(),
                base: Some(mix.total.round() as u64),
                shares: vec![
                    Some(mix.public.percent),
                    Some(mix.vcf.percent),
                    Some(mix.private.percent),
                    Some(mix.other.percent),
                ],
            })
        })
        .collect();
    if !sector_groups.is_empty() {
        charts.push((
            "activity-sectors".to_string(),
            Chart::Stacked(StackedChart::stacked(
                with_source(Caption::new(
                    "Who attended, by sector",
                    format!(
                        "{} activities recording attendees' sector",
                        sector_groups.len()
                    ),
                )),
                vec![
                    "Public".into(),
                    "Voluntary, community and faith".into(),
                    "Private".into(),
                    "Other".into(),
                ],
                sector_groups,
            )),
        ));
    }
    let levels: Vec<Bar> = WilcoxLevel::ALL
        .iter()
        .map(|level| Bar::new(level.label(), log.wilcox_levels.get(*level) as f64))
        .collect();
    if levels.iter().any(|bar| bar.value.unwrap_or(0.0) > 0.0) {
        charts.push((
            "activity-wilcox-levels".to_string(),
            Chart::Bar(BarChart::values(
                with_source(Caption::new(
                    "Activities by level of participation (Wilcox)",
                    format!("{} activities", log.activities.len()),
                )),
                levels,
                Unit::Count,
                "activities",
            )),
        ));
    }
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_questions_make_short_titles() {
        assert_eq!(short_title("What is your age?", None), "What is your age?");
        let long = "How likely are you to recommend the walk-in centre to friends and family if they needed similar care? (0 = not at all likely, 10 = extremely likely)";
        let title = short_title(long, None);
        assert!(
            title.ends_with('\u{2026}') && title.chars().count() <= 70,
            "{title}"
        );
        assert_eq!(
            short_title("Rate these [Parking]", Some("Parking")),
            "Rate these [Parking]"
        );
        // Text that merely holds brackets is not split: only a typed item is an item.
        assert_eq!(
            short_title("Rate these [Parking]", None),
            "Rate these [Parking]"
        );
        // Regression (SSI 2017): the items of a grid with a long stem were all titled with the
        // same first words of the stem; the item is kept whole after the shortened stem.
        let stem = "What skills would you like to acquire or improve to help your work as a Research Software Engineer? The skills can be technical and non-technical.";
        let titles: Vec<String> = ["Skill 1", "Skill 2"]
            .iter()
            .map(|item| short_title(&format!("{stem} [{item}]"), Some(item)))
            .collect();
        assert!(titles[0].ends_with("\u{2026} [Skill 1]"), "{}", titles[0]);
        assert!(titles[1].ends_with("\u{2026} [Skill 2]"), "{}", titles[1]);
        assert!(titles[0].chars().count() <= 70, "{}", titles[0]);
    }

    #[test]
    fn dates_over_more_than_three_years_are_drawn_by_year() {
        use crate::privacy::disclosure::{DisclosurePolicy, Scope};
        use crate::summary::{Base, DateSummary, OptionEstimate, Section, Summary, present};
        let month = |label: &str, count: usize| OptionEstimate {
            label: label.to_string(),
            count,
            weighted_count: None,
            percent: None,
            ci_low: None,
            ci_high: None,
        };
        let question = |months: Vec<OptionEstimate>| QuestionSummary {
            id: "start".into(),
            text: "When did you start your contract?".into(),
            item: None,
            kind: QuestionType::Date,
            profile: false,
            all: Section {
                label: "All".into(),
                respondents: 10,
                base: Base {
                    count: months.iter().map(|month| month.count).sum(),
                    weighted: None,
                    effective: None,
                },
                no_answer: 0,
                detail: Detail::Date(DateSummary {
                    first: None,
                    last: None,
                    months,
                }),
                notes: Vec::new(),
            },
            groups: Vec::new(),
        };
        let labels = |chart: Chart| match chart {
            Chart::Bar(bar) => bar
                .bars
                .iter()
                .map(|bar| (bar.label.clone(), bar.value))
                .collect::<Vec<_>>(),
            _ => panic!("a bar chart"),
        };
        // 37 months from January 2014: by year, with each year's months added up.
        let mut months: Vec<OptionEstimate> = (0..37)
            .map(|index| month(&format!("{}-{:02}", 2014 + index / 12, index % 12 + 1), 1))
            .collect();
        months[0].count = 5;
        // The chart is drawn from the question's table, which shows the same periods.
        let draw = |months: Vec<OptionEstimate>, policy: &DisclosurePolicy| {
            let summary = Summary {
                respondents: 10,
                by: None,
                weighting: None,
                questions: vec![question(months)],
            };
            let shown = present::question(&summary, &summary.questions[0], policy, None);
            let periods: Vec<String> = shown
                .table
                .rows
                .iter()
                .map(|row| row[0].display())
                .collect();
            (labels(shown.chart.unwrap()), periods)
        };
        let (bars, periods) = draw(months.clone(), &DisclosurePolicy::none());
        assert_eq!(
            bars,
            vec![
                ("2014".to_string(), Some(16.0)),
                ("2015".to_string(), Some(12.0)),
                ("2016".to_string(), Some(12.0)),
                ("2017".to_string(), Some(1.0)),
            ]
        );
        assert_eq!(periods, ["2014", "2015", "2016", "2017"]);
        // Every table withholding small counts: the year of 1 is withheld in the chart too.
        let all = DisclosurePolicy::default().with_scope(Scope::All);
        let (bars, _) = draw(months.clone(), &all);
        assert_eq!(bars[3].1, None);
        // 36 months stay months.
        months.pop();
        let (bars, _) = draw(months, &DisclosurePolicy::none());
        assert_eq!(bars.len(), 36);
    }

    #[test]
    fn neutral_points_follow_the_boxes() {
        assert_eq!(neutral_of(5, 2), Some(2));
        assert_eq!(neutral_of(4, 2), None);
        assert_eq!(neutral_of(11, 2), Some(5));
        assert_eq!(neutral_of(3, 1), Some(1));
    }
}
