//! Charts of engage's results: the default chart of each summarised question, of a cross-tab,
//! of a representation comparison, of the response timeline, of theme counts and their
//! co-occurrence, and of an activity log. These only map computed results onto chart specs (no
//! figure is recomputed), and draw any count that disclosure control withholds as withheld.

use super::{
    Bar, BarChart, Caption, Chart, HeatmapChart, LikertChart, LikertItem, RepresentationChart,
    RepresentationMode, RepresentationRow, StackedChart, StackedGroup, TimelineChart, Unit,
};
use crate::participation::activity::{ActivityLog, WilcoxLevel};
use crate::participation::representation::Representation;
use crate::participation::timeline::Timeline;
use crate::privacy::disclosure::{DisclosurePolicy, TableKind};
use crate::schema::{QuestionType, ScaleSides};
use crate::summary::{Crosstab, Detail, OptionEstimate, QuestionSummary};
use crate::table::group_thousands;
use crate::themes::coding::QuestionThemes;

/// What withholds small counts in a chart: a policy that applies to it, or nothing.
#[derive(Clone, Copy, Debug)]
pub struct Withhold<'a> {
    policy: Option<&'a DisclosurePolicy>,
}

impl<'a> Withhold<'a> {
    /// Counts are withheld as `policy` says.
    #[must_use]
    pub fn by(policy: &'a DisclosurePolicy) -> Withhold<'a> {
        Withhold {
            policy: policy.is_enabled().then_some(policy),
        }
    }

    /// Counts are withheld when `policy` applies to this kind of table (profile tables and
    /// cross-tabs only, by default).
    #[must_use]
    pub fn for_kind(policy: &'a DisclosurePolicy, kind: TableKind) -> Withhold<'a> {
        if policy.applies_to(kind) {
            Withhold::by(policy)
        } else {
            Withhold::nothing()
        }
    }

    /// Nothing is withheld.
    #[must_use]
    pub fn nothing() -> Withhold<'static> {
        Withhold { policy: None }
    }

    fn marker(self, count: usize) -> Option<String> {
        self.policy
            .filter(|policy| policy.is_small(count as u64))
            .map(DisclosurePolicy::marker)
    }

    fn note(self) -> Option<String> {
        self.policy.map(|policy| {
            format!(
                "Counts below {} are withheld and shown hatched, not drawn as numbers.",
                policy.threshold()
            )
        })
    }
}

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

fn option_bar(option: &OptionEstimate, withhold: Withhold<'_>) -> Bar {
    if let Some(marker) = withhold.marker(option.count) {
        return Bar::withheld(&option.label, marker);
    }
    let bar = Bar::new(&option.label, option.percent.unwrap_or(0.0));
    match (option.ci_low, option.ci_high) {
        (Some(low), Some(high)) => bar.with_interval(low, high),
        _ => bar,
    }
}

fn caption(
    question: &QuestionSummary,
    base: usize,
    what: &str,
    source: Option<&str>,
    withhold: Withhold<'_>,
) -> Caption {
    let mut caption = Caption::new(
        short_title(&question.text, question.item.as_deref()),
        base_line(base, what),
    )
    .with_subtitle(&question.text);
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    if let Some(note) = withhold.note() {
        caption = caption.with_note(note);
    }
    caption
}

/// The longest chart title, in characters.
const TITLE_LENGTH: usize = 70;

/// A title from a question's wording: the question itself when short, else its first words.
/// An item of a grouped question (`item`, see [`crate::Question::item`]) is kept whole after its
/// shortened stem, so that the items of one grid keep titles of their own.
#[must_use]
pub fn short_title(text: &str, item: Option<&str>) -> String {
    let stem = crate::schema::stem(text, item).trim();
    let Some(item) = item.filter(|_| stem != text) else {
        return shorten(text.trim(), TITLE_LENGTH);
    };
    // The stem keeps at least a few words when the item is long.
    let room = TITLE_LENGTH
        .saturating_sub(item.chars().count() + 3)
        .max(TITLE_LENGTH / 3);
    format!("{} [{item}]", shorten(stem, room))
}

/// `text` when it has at most `length` characters, else its first words and an ellipsis.
fn shorten(text: &str, length: usize) -> String {
    if text.chars().count() <= length {
        return text.to_string();
    }
    let mut title = String::new();
    for word in text.split_whitespace() {
        if title.chars().count() + word.chars().count() > length.saturating_sub(4) {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    format!("{}\u{2026}", title.trim_end_matches([',', ';', ':']))
}

/// The default chart of a summarised question: bars with intervals for a single choice or
/// yes/no, bars of "% of respondents" for a multi-choice or a ranking's first places, a
/// diverging bar for a Likert item, a bar of answers per month for a date. Numbers and free
/// text have no chart (their tables say it all).
#[must_use]
pub fn question_chart(
    question: &QuestionSummary,
    source: Option<&str>,
    withhold: Withhold<'_>,
) -> Option<Chart> {
    let section = &question.all;
    let answered = || {
        caption(
            question,
            section.base.count,
            "all who answered",
            source,
            withhold,
        )
    };
    match &section.detail {
        Detail::Choice(choice) => {
            let bars = choice
                .options
                .iter()
                .map(|option| option_bar(option, withhold))
                .collect();
            Some(Chart::Bar(BarChart::percentages(answered(), bars)))
        }
        Detail::MultiChoice(multi) => {
            let mut options: Vec<&OptionEstimate> = multi
                .options
                .iter()
                .map(|option| &option.estimate)
                .collect();
            // Most chosen first, as readers scan a multi-choice chart for the biggest.
            options.sort_by_key(|option| std::cmp::Reverse(option.count));
            let bars = options
                .into_iter()
                .map(|option| option_bar(option, withhold))
                .collect();
            Some(Chart::Bar(BarChart::multiple_answers(answered(), bars)))
        }
        Detail::Ranking(ranking) => {
            let bars = ranking
                .options
                .iter()
                .map(|option| option_bar(&option.first, withhold))
                .collect();
            let mut chart = BarChart::percentages(
                caption(
                    question,
                    section.base.count,
                    "all who ranked",
                    source,
                    withhold,
                ),
                bars,
            );
            "% ranking it first".clone_into(&mut chart.axis_label);
            Some(Chart::Bar(chart))
        }
        Detail::Likert(likert) => {
            let item = likert_item(&question.text, likert, withhold)?;
            let points: Vec<String> = likert
                .points
                .iter()
                .map(|point| point.label.clone())
                .collect();
            let neutral = neutral_of(likert.points.len(), likert.box_size);
            let off_label = likert.non_scale.first().map(|answer| answer.label.clone());
            let mut chart = LikertChart::new(
                caption(
                    question,
                    likert.scale_base.count,
                    "all who answered on the scale",
                    source,
                    withhold,
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
        Detail::Date(date) => {
            // Up to three years drawn month by month; longer spans ("When did you start your
            // contract?") by year, or the chart would hold a hundred bars.
            let by_year = date.months.len() > 36;
            let mut periods: Vec<(String, usize)> = Vec::new();
            for month in &date.months {
                let label = if by_year {
                    month
                        .label
                        .split('-')
                        .next()
                        .unwrap_or(&month.label)
                        .to_string()
                } else {
                    month.label.clone()
                };
                match periods.last_mut() {
                    Some((last, count)) if *last == label => *count += month.count,
                    _ => periods.push((label, month.count)),
                }
            }
            let bars: Vec<Bar> = periods
                .iter()
                .map(|(label, count)| {
                    if let Some(marker) = withhold.marker(*count) {
                        Bar::withheld(label, marker)
                    } else {
                        Bar::new(label, *count as f64)
                    }
                })
                .collect();
            (!bars.is_empty()).then(|| {
                Chart::Bar(BarChart::values(
                    caption(
                        question,
                        section.base.count,
                        "all who gave a date",
                        source,
                        withhold,
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

/// The neutral point of a scale: the middle of an odd scale whose boxes leave it out.
fn neutral_of(points: usize, box_size: usize) -> Option<usize> {
    (points % 2 == 1 && 2 * box_size < points).then_some(points / 2)
}

fn likert_item(
    label: &str,
    likert: &crate::summary::LikertSummary,
    withhold: Withhold<'_>,
) -> Option<LikertItem> {
    if likert.scale_base.count == 0 {
        return None;
    }
    let shares = likert
        .points
        .iter()
        .map(|point| {
            if withhold.marker(point.count).is_some() {
                None
            } else {
                point.percent
            }
        })
        .collect();
    let off_scale = likert
        .non_scale
        .iter()
        .filter_map(|answer| answer.percent)
        .reduce(|a, b| a + b);
    Some(LikertItem {
        label: label.to_string(),
        shares,
        base: likert.scale_base.count as u64,
        off_scale,
    })
}

/// Several Likert items on one scale (a grid, or statements asked the same way) as one
/// diverging chart sorted by net agreement. Items on a different scale from the first are left
/// out; `None` when fewer than two items share the scale.
#[must_use]
pub fn likert_group_chart(
    title: &str,
    questions: &[&QuestionSummary],
    source: Option<&str>,
    withhold: Withhold<'_>,
) -> Option<Chart> {
    let first = questions.iter().find_map(|question| {
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
    for question in questions {
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
        if let Some(item) = likert_item(
            question.item.as_deref().unwrap_or(&question.text),
            likert,
            withhold,
        ) {
            low = low.min(likert.scale_base.count);
            high = high.max(likert.scale_base.count);
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
    if let Some(note) = withhold.note() {
        caption = caption.with_note(note);
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

/// A cross-tab as bars per row group split by the column question's answers, as percentages
/// within each group (stacked to 100% for a single-choice column question, grouped for a
/// multi-choice one), each group's base in its label.
#[must_use]
pub fn crosstab_chart(crosstab: &Crosstab, source: Option<&str>, withhold: Withhold<'_>) -> Chart {
    let groups = crosstab
        .row
        .labels
        .iter()
        .enumerate()
        .map(|(row, label)| StackedGroup {
            label: label.clone(),
            base: Some(crosstab.row_totals[row].round() as u64),
            shares: crosstab.counts[row]
                .iter()
                .zip(&crosstab.row_percents[row])
                .map(|(count, percent)| {
                    if withhold.marker(*count).is_some() {
                        None
                    } else {
                        Some(percent.unwrap_or(0.0))
                    }
                })
                .collect(),
        })
        .collect();
    let mut caption = Caption::new(
        format!(
            "{} by {}",
            short_title(&crosstab.column.text, crosstab.column.item.as_deref()),
            short_title(&crosstab.row.text, crosstab.row.item.as_deref()).to_lowercase()
        ),
        base_line(crosstab.respondents, "all who answered both questions"),
    )
    .with_subtitle(format!("{} / {}", crosstab.column.text, crosstab.row.text));
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    if let Some(note) = withhold.note() {
        caption = caption.with_note(note);
    }
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

/// Responses per day with the running total.
#[must_use]
pub fn timeline_chart(timeline: &Timeline, source: Option<&str>) -> Chart {
    let total: usize = timeline.days.iter().map(|day| day.responses).sum();
    let mut caption = Caption::new(
        "Responses over time",
        base_line(total, "all dated responses"),
    );
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    Chart::Timeline(TimelineChart::new(
        caption,
        timeline
            .days
            .iter()
            .map(|day| (day.date, day.responses as u64))
            .collect(),
    ))
}

/// A profile variable against the population, as the representation index (with the
/// under-represented groups picked out) or as percentages side by side.
#[must_use]
pub fn representation_chart(
    representation: &Representation,
    mode: RepresentationMode,
    threshold: f64,
    population_source: Option<&str>,
    withhold: Withhold<'_>,
) -> Chart {
    let rows = representation
        .rows
        .iter()
        .map(|row| RepresentationRow {
            label: row.category.clone(),
            sample: if withhold.marker(row.sample).is_some() {
                None
            } else {
                Some(row.sample_percent)
            },
            population: row.population_percent,
        })
        .collect();
    let mut caption = Caption::new(
        format!(
            "{}: respondents against the population",
            short_title(&representation.question_text, None)
        ),
        base_line(representation.base, "all who answered"),
    );
    if let Some(source) = population_source {
        caption = caption.with_source(source);
    }
    if let Some(note) = withhold.note() {
        caption = caption.with_note(note);
    }
    let mut chart = RepresentationChart::new(caption, rows, mode);
    chart.threshold = threshold;
    Chart::Representation(chart)
}

/// Theme counts of a free-text question as a percentage of those who answered it, grouped
/// under their parent themes.
#[must_use]
pub fn themes_chart(
    themes: &QuestionThemes,
    source: Option<&str>,
    withhold: Withhold<'_>,
) -> Chart {
    let labels: std::collections::HashMap<&str, &str> = themes
        .themes
        .iter()
        .map(|theme| (theme.id.as_str(), theme.label.as_str()))
        .collect();
    let bars = themes
        .themes
        .iter()
        .filter(|theme| {
            theme.parent.is_some()
                || !themes
                    .themes
                    .iter()
                    .any(|child| child.parent.as_deref() == Some(theme.id.as_str()))
        })
        .map(|theme| {
            let bar = match withhold.marker(theme.count) {
                Some(marker) => Bar::withheld(&theme.label, marker),
                None => Bar::new(&theme.label, theme.percent.unwrap_or(0.0)),
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
    let mut note = format!(
        "A comment can touch several themes; {} of {} answers matched none.",
        group_thousands(themes.uncoded as u64),
        group_thousands(themes.base as u64)
    );
    if let Some(withheld) = withhold.note() {
        note = format!("{note} {withheld}");
    }
    caption = caption.with_note(note);
    Chart::Bar(BarChart::multiple_answers(caption, bars))
}

/// How often themes are coded on the same comment, as a heatmap; `None` with fewer than two
/// themes used.
#[must_use]
pub fn cooccurrence_chart(
    themes: &QuestionThemes,
    source: Option<&str>,
    withhold: Withhold<'_>,
) -> Option<Chart> {
    let used: Vec<&crate::themes::coding::ThemeCount> = themes
        .themes
        .iter()
        .filter(|theme| {
            // Themes with counts, leaving out parents whose children are drawn instead.
            let is_parent = themes
                .themes
                .iter()
                .any(|child| child.parent.as_deref() == Some(theme.id.as_str()));
            theme.count > 0 && (theme.parent.is_some() || !is_parent)
        })
        .collect();
    if used.len() < 2 {
        return None;
    }
    let index: std::collections::HashMap<&str, usize> = used
        .iter()
        .enumerate()
        .map(|(position, theme)| (theme.id.as_str(), position))
        .collect();
    let mut values = vec![vec![Some(0.0); used.len()]; used.len()];
    for (position, theme) in used.iter().enumerate() {
        values[position][position] = Some(theme.count as f64);
    }
    for pair in &themes.co_occurrence {
        if let (Some(&a), Some(&b)) = (index.get(pair.a.as_str()), index.get(pair.b.as_str())) {
            let value = if withhold.marker(pair.count).is_some() {
                None
            } else {
                Some(pair.count as f64)
            };
            values[a][b] = value;
            values[b][a] = value;
        }
    }
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
    Some(Chart::Heatmap(HeatmapChart::counts(
        caption,
        used.iter().map(|theme| theme.label.clone()).collect(),
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
        use crate::summary::{Base, DateSummary, Section};
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
        let chart = question_chart(&question(months.clone()), None, Withhold::nothing()).unwrap();
        assert_eq!(
            labels(chart),
            vec![
                ("2014".to_string(), Some(16.0)),
                ("2015".to_string(), Some(12.0)),
                ("2016".to_string(), Some(12.0)),
                ("2017".to_string(), Some(1.0)),
            ]
        );
        // 36 months stay months.
        months.pop();
        let chart = question_chart(&question(months), None, Withhold::nothing()).unwrap();
        assert_eq!(labels(chart).len(), 36);
    }

    #[test]
    fn neutral_points_follow_the_boxes() {
        assert_eq!(neutral_of(5, 2), Some(2));
        assert_eq!(neutral_of(4, 2), None);
        assert_eq!(neutral_of(11, 2), Some(5));
        assert_eq!(neutral_of(3, 1), Some(1));
    }
}
