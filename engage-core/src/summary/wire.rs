//! The JSON of `engage summary --format json`: its own types, so that the library's result
//! types can change without breaking scripts, charts (`engage chart --from summary.json`) and
//! the report, which read this shape back.
//!
//! ```json
//! {"respondents": 1503, "weighting": null, "by": null,
//!  "questions": [{"id": "q1", "text": "...", "type": "single_choice",
//!                 "respondents": 1503, "base": 1450, "no_answer": 53,
//!                 "options": [{"label": "Yes", "count": 900, "percent": 62.07,
//!                              "ci_low": 59.54, "ci_high": 64.53}],
//!                 "likert": null, "numeric": null, "multiple": null, "ranking": null,
//!                 "date": null, "free_text": null, "notes": [], "groups": []}]}
//! ```
//!
//! - Percentages (`percent`, `ci_low`, `ci_high`, `top2`...) are 0 to 100; a figure with no
//!   base is `null`, never NaN.
//! - `base` is the respondents who answered; `options` are in form order ("Other" last) or
//!   scale order. Likert options are the scale points (percent of `likert.scale_base`) then
//!   answers off the scale (`"on_scale": false`, percent of `base`).
//! - `likert`: `top2`, `bottom2` (the boxes: the points above and below the neutral point,
//!   two on a 5-point scale), `net` (points), `mean` and `median` (on the scale's codes), all
//!   on `scale_base`; `dont_know` counts the answers off the scale.
//! - Multi-choice options add `percent_of_mentions`; `percent` is of respondents and adds up
//!   to more than 100. Date questions list months as options (`"2024-01"`).
//! - With weights: `weighted_count` per option, `weighted_base` and `effective_base` per
//!   question; percentages are weighted and intervals use the effective base.
//! - With `--by`: `groups` holds one entry per group, with the same figures as the question.

use serde::{Deserialize, Serialize};

use super::choice::MultiOption;
use super::{
    Base, ChoiceSummary, DateSummary, Detail, LikertSummary, MultiChoiceSummary, NetPromoter,
    OptionEstimate, QuestionSummary, RankedOption, RankingSummary, Section, Summary,
};
use crate::privacy::disclosure::{DisclosurePolicy, TableKind};
use crate::schema::QuestionType;
use crate::stats::proportion::{Z_95, wilson_for_proportion};
use crate::table::{Cell, Table};

/// The whole summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryJson {
    /// Respondents in the dataset.
    pub respondents: usize,
    /// The weights used; `null` when unweighted.
    pub weighting: Option<WeightingJson>,
    /// The split; `null` without `--by`.
    pub by: Option<ByJson>,
    /// One entry per question.
    pub questions: Vec<QuestionJson>,
}

/// Kish's summary of the weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightingJson {
    /// Σ w.
    pub total: f64,
    /// Kish's effective sample size.
    pub effective_sample_size: f64,
    /// Kish's design effect.
    pub design_effect: Option<f64>,
}

/// The question summaries are split by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ByJson {
    /// Its id.
    pub id: String,
    /// Its wording.
    pub text: String,
    /// Its groups with their sizes.
    pub groups: Vec<GroupJson>,
    /// Respondents in no group; `null` when withheld.
    pub unassigned: Option<usize>,
    /// True when groups overlap (a multi-choice `by` question).
    pub overlapping: bool,
}

/// A group of the split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupJson {
    /// The group's label.
    pub label: String,
    /// Respondents in it; `null` when withheld.
    pub respondents: Option<usize>,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionJson {
    /// The question's id.
    pub id: String,
    /// Its wording.
    pub text: String,
    /// For an item of a grouped question (a grid's row), its label; left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Its type: `single_choice`, `yes_no`, `multi_choice`, `likert`, `ranking`, `numeric`,
    /// `date`, `free_text`, `metadata`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The figures for everyone.
    #[serde(flatten)]
    pub figures: FiguresJson,
    /// The figures per group of the split, in the split's order.
    pub groups: Vec<GroupFiguresJson>,
}

/// One group's figures for a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupFiguresJson {
    /// The group's label.
    pub label: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: FiguresJson,
}

/// A question's figures over one set of respondents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FiguresJson {
    /// Respondents in the set; `null` when withheld.
    pub respondents: Option<usize>,
    /// Respondents who answered; `null` when withheld.
    pub base: Option<usize>,
    /// Respondents who did not answer; `null` when withheld.
    pub no_answer: Option<usize>,
    /// Σ w over those who answered (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_base: Option<f64>,
    /// Kish's effective base (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_base: Option<f64>,
    /// Options (or months, for dates) with count, percent and 95% interval.
    pub options: Vec<OptionJson>,
    /// Likert figures; `null` for other types.
    pub likert: Option<LikertJson>,
    /// Numeric figures; `null` for other types.
    pub numeric: Option<NumericJson>,
    /// Multi-choice figures; `null` for other types.
    pub multiple: Option<MultipleJson>,
    /// Ranking figures; `null` for other types.
    pub ranking: Option<RankingJson>,
    /// Date figures; `null` for other types.
    pub date: Option<DateJson>,
    /// Free-text figures; `null` for other types.
    pub free_text: Option<FreeTextJson>,
    /// What a reader needs to know.
    pub notes: Vec<String>,
}

/// An option (or a box, a month) with its count, percentage and interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionJson {
    /// The label.
    pub label: String,
    /// Respondents (unweighted); `null` when withheld.
    pub count: Option<usize>,
    /// The marker of a figure withheld by disclosure control (`<5`, or `*` for a figure
    /// withheld so that a small one cannot be worked out): its count, percentage and interval
    /// are then `null`. Absent when nothing is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    /// Percentage of the base, 0-100.
    pub percent: Option<f64>,
    /// Lower 95% Wilson limit, 0-100.
    pub ci_low: Option<f64>,
    /// Upper 95% Wilson limit, 0-100.
    pub ci_high: Option<f64>,
    /// Σ w (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_count: Option<f64>,
    /// Multi-choice: percentage of all mentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_of_mentions: Option<f64>,
    /// Likert: false for answers off the scale ("Don't know"), whose percent is of `base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_scale: Option<bool>,
    /// Likert: the point's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<f64>,
    /// Ranking: respondents who put it at rank 1, 2, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_counts: Option<Vec<usize>>,
    /// Ranking: the percentage who put it first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_percent: Option<f64>,
    /// Ranking: the mean rank among those who ranked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_rank: Option<f64>,
}

/// A Likert item's summary figures, all on the scale base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LikertJson {
    /// Top box %, 0-100.
    pub top2: Option<f64>,
    /// Bottom box %, 0-100.
    pub bottom2: Option<f64>,
    /// Top minus bottom, in percentage points.
    pub net: Option<f64>,
    /// Mean code.
    pub mean: Option<f64>,
    /// Median code.
    pub median: Option<f64>,
    /// Answers off the scale ("Don't know", "Not applicable"), a count; `null` when withheld.
    pub dont_know: Option<usize>,
    /// Off-scale answers as a percentage of everyone who answered.
    pub dont_know_percent: Option<f64>,
    /// Respondents who chose a point: the base of the figures above; `null` when withheld.
    pub scale_base: Option<usize>,
    /// Σ w over the scale base (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_scale_base: Option<f64>,
    /// Kish's effective scale base (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_scale_base: Option<f64>,
    /// Points in each box.
    pub box_size: usize,
    /// The top box with its count and interval.
    pub top_box: OptionJson,
    /// The bottom box with its count and interval.
    pub bottom_box: OptionJson,
    /// What the scale measures.
    pub family: String,
    /// The Net Promoter Score of a 0-10 scale; `null` otherwise.
    pub nps: Option<NpsJson>,
}

/// A Net Promoter Score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NpsJson {
    /// 9-10.
    pub promoters: OptionJson,
    /// 7-8.
    pub passives: OptionJson,
    /// 0-6.
    pub detractors: OptionJson,
    /// Promoters % minus detractors %.
    pub score: Option<f64>,
}

/// A numeric question's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumericJson {
    /// Answers used (in range); `null` when withheld.
    pub n: Option<usize>,
    /// Mean.
    pub mean: Option<f64>,
    /// Sample standard deviation.
    pub sd: Option<f64>,
    /// Minimum.
    pub min: Option<f64>,
    /// First quartile (type 7).
    pub q1: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// Third quartile (type 7).
    pub q3: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Weighted mean (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_mean: Option<f64>,
    /// The declared valid range.
    pub range: Option<[f64; 2]>,
    /// Answers outside the range (left out); `null` when withheld.
    pub out_of_range: Option<usize>,
    /// Of which below.
    pub below_range: Option<usize>,
    /// Of which above.
    pub above_range: Option<usize>,
    /// Answers beyond Tukey's outer fences; `null` when withheld.
    pub far_out: Option<usize>,
}

/// Multi-choice figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultipleJson {
    /// Options chosen in all; `null` when withheld.
    pub mentions: Option<usize>,
    /// Σ w over mentions (weighted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_mentions: Option<f64>,
    /// Mean options chosen by those who answered.
    pub mean_options: Option<f64>,
}

/// Ranking figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankingJson {
    /// The most ranks given.
    pub ranks: usize,
}

/// Date figures (the months are the options).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateJson {
    /// Earliest answer.
    pub first: Option<String>,
    /// Latest answer.
    pub last: Option<String>,
}

/// Free-text figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeTextJson {
    /// Respondents who wrote something; `null` when withheld.
    pub answered: Option<usize>,
    /// As a percentage of respondents.
    pub percent: Option<f64>,
    /// Lower 95% limit.
    pub ci_low: Option<f64>,
    /// Upper 95% limit.
    pub ci_high: Option<f64>,
}

impl From<&Summary> for SummaryJson {
    fn from(summary: &Summary) -> SummaryJson {
        SummaryJson {
            respondents: summary.respondents,
            weighting: summary.weighting.map(|weighting| WeightingJson {
                total: weighting.total,
                effective_sample_size: weighting.effective_sample_size,
                design_effect: weighting.design_effect,
            }),
            by: summary.by.as_ref().map(|by| ByJson {
                id: by.id.clone(),
                text: by.text.clone(),
                groups: by
                    .groups
                    .iter()
                    .map(|group| GroupJson {
                        label: group.label.clone(),
                        respondents: Some(group.respondents),
                    })
                    .collect(),
                unassigned: Some(by.unassigned),
                overlapping: by.overlapping,
            }),
            questions: summary.questions.iter().map(QuestionJson::from).collect(),
        }
    }
}

impl From<&QuestionSummary> for QuestionJson {
    fn from(question: &QuestionSummary) -> QuestionJson {
        let by_year = match &question.all.detail {
            Detail::Date(date) => Some(super::tables::dates_by_year(date)),
            _ => None,
        };
        QuestionJson {
            id: question.id.clone(),
            text: question.text.clone(),
            item: question.item.clone(),
            kind: question.kind.as_str().to_string(),
            figures: FiguresJson::from(&question.all),
            groups: question
                .groups
                .iter()
                .map(|group| {
                    let mut figures = FiguresJson::from(group);
                    // A group's dates by the periods of all the answers, as its table shows.
                    if let (Some(by_year), Detail::Date(date)) = (by_year, &group.detail) {
                        figures.options = super::tables::date_periods_as(date, by_year)
                            .1
                            .iter()
                            .map(OptionJson::from)
                            .collect();
                    }
                    GroupFiguresJson {
                        label: group.label.clone(),
                        figures,
                    }
                })
                .collect(),
        }
    }
}

impl From<&OptionEstimate> for OptionJson {
    fn from(estimate: &OptionEstimate) -> OptionJson {
        OptionJson {
            label: estimate.label.clone(),
            count: Some(estimate.count),
            withheld: None,
            percent: estimate.percent,
            ci_low: estimate.ci_low,
            ci_high: estimate.ci_high,
            weighted_count: estimate.weighted_count,
            percent_of_mentions: None,
            on_scale: None,
            code: None,
            rank_counts: None,
            first_percent: None,
            mean_rank: None,
        }
    }
}

impl From<&Section> for FiguresJson {
    fn from(section: &Section) -> FiguresJson {
        let mut figures = FiguresJson {
            respondents: Some(section.respondents),
            base: Some(section.base.count),
            no_answer: Some(section.no_answer),
            weighted_base: section.base.weighted,
            effective_base: section.base.effective,
            options: Vec::new(),
            likert: None,
            numeric: None,
            multiple: None,
            ranking: None,
            date: None,
            free_text: None,
            notes: section.notes.clone(),
        };
        match &section.detail {
            Detail::Choice(choice) => {
                figures.options = choice.options.iter().map(OptionJson::from).collect();
            }
            Detail::MultiChoice(multi) => {
                figures.options = multi
                    .options
                    .iter()
                    .map(|option| OptionJson {
                        percent_of_mentions: option.percent_of_mentions,
                        ..OptionJson::from(&option.estimate)
                    })
                    .collect();
                figures.multiple = Some(MultipleJson {
                    mentions: Some(multi.mentions),
                    weighted_mentions: multi.weighted_mentions,
                    mean_options: multi.mean_options,
                });
            }
            Detail::Likert(likert) => {
                figures.options = likert
                    .points
                    .iter()
                    .zip(&likert.codes)
                    .map(|(point, code)| OptionJson {
                        on_scale: Some(true),
                        code: Some(*code),
                        ..OptionJson::from(point)
                    })
                    .chain(likert.non_scale.iter().map(|answer| OptionJson {
                        on_scale: Some(false),
                        ..OptionJson::from(answer)
                    }))
                    .collect();
                let dont_know: usize = likert.non_scale.iter().map(|answer| answer.count).sum();
                let dont_know_percent = if section.base.count > 0 {
                    let total: f64 = likert
                        .non_scale
                        .iter()
                        .filter_map(|answer| answer.percent)
                        .sum();
                    Some(total)
                } else {
                    None
                };
                figures.likert = Some(LikertJson {
                    top2: likert.top_box.percent,
                    bottom2: likert.bottom_box.percent,
                    net: likert.net,
                    mean: likert.mean,
                    median: likert.median,
                    dont_know: Some(dont_know),
                    dont_know_percent,
                    scale_base: Some(likert.scale_base.count),
                    weighted_scale_base: likert.scale_base.weighted,
                    effective_scale_base: likert.scale_base.effective,
                    box_size: likert.box_size,
                    top_box: OptionJson::from(&likert.top_box),
                    bottom_box: OptionJson::from(&likert.bottom_box),
                    family: likert.family.clone(),
                    nps: likert.nps.as_ref().map(|nps| NpsJson {
                        promoters: OptionJson::from(&nps.promoters),
                        passives: OptionJson::from(&nps.passives),
                        detractors: OptionJson::from(&nps.detractors),
                        score: nps.score,
                    }),
                });
            }
            Detail::Ranking(ranking) => {
                figures.options = ranking
                    .options
                    .iter()
                    .map(|option| OptionJson {
                        rank_counts: Some(option.rank_counts.clone()),
                        first_percent: option.first.percent,
                        mean_rank: option.mean_rank,
                        ..OptionJson::from(&option.estimate)
                    })
                    .collect();
                figures.ranking = Some(RankingJson {
                    ranks: ranking.ranks,
                });
            }
            Detail::Numeric(result) => {
                figures.numeric = Some(NumericJson {
                    n: Some(result.n),
                    mean: result.mean,
                    sd: result.standard_deviation,
                    min: result.min,
                    q1: result.lower_quartile,
                    median: result.median,
                    q3: result.upper_quartile,
                    max: result.max,
                    weighted_mean: result.weighted_mean,
                    range: result.range,
                    out_of_range: Some(result.out_of_range()),
                    below_range: Some(result.below_range),
                    above_range: Some(result.above_range),
                    far_out: Some(result.far_out),
                });
            }
            Detail::Date(date) => {
                // The periods the table and chart show: months, or years over a long span.
                figures.options = super::date_periods(date)
                    .1
                    .iter()
                    .map(OptionJson::from)
                    .collect();
                figures.date = Some(DateJson {
                    first: date.first.clone(),
                    last: date.last.clone(),
                });
            }
            Detail::Text(text) => {
                figures.free_text = Some(FreeTextJson {
                    answered: Some(text.answered.count),
                    percent: text.answered.percent,
                    ci_low: text.answered.ci_low,
                    ci_high: text.answered.ci_high,
                });
            }
        }
        figures
    }
}

impl QuestionJson {
    /// The summary this JSON was written from, as far as a chart needs it, so a table computed
    /// once can be drawn again (`engage chart --from summary.json`): choice, yes/no,
    /// multi-choice, Likert, ranking and date questions, with their groups. `None` for numbers
    /// and free text, which have no chart, and for JSON whose type and figures disagree.
    #[must_use]
    pub fn to_summary(&self) -> Option<QuestionSummary> {
        let kind = QuestionType::parse(&self.kind)?;
        let all = self.figures.to_section("All", kind)?;
        let groups = self
            .groups
            .iter()
            .map(|group| group.figures.to_section(&group.label, kind))
            .collect::<Option<Vec<Section>>>()?;
        Some(QuestionSummary {
            id: self.id.clone(),
            text: self.text.clone(),
            item: self.item.clone(),
            kind,
            profile: false,
            all,
            groups,
        })
    }
}

impl OptionJson {
    fn to_estimate(&self) -> OptionEstimate {
        OptionEstimate {
            label: self.label.clone(),
            count: self.count.unwrap_or(0),
            weighted_count: self.weighted_count,
            percent: self.percent,
            ci_low: self.ci_low,
            ci_high: self.ci_high,
        }
    }
}

impl FiguresJson {
    fn to_section(&self, label: &str, kind: QuestionType) -> Option<Section> {
        let base = Base {
            count: self.base.unwrap_or(0),
            weighted: self.weighted_base,
            effective: self.effective_base,
        };
        let detail = match kind {
            QuestionType::SingleChoice | QuestionType::YesNo => Detail::Choice(ChoiceSummary {
                options: self.options.iter().map(OptionJson::to_estimate).collect(),
            }),
            QuestionType::MultiChoice => {
                let multiple = self.multiple.as_ref()?;
                Detail::MultiChoice(MultiChoiceSummary {
                    options: self
                        .options
                        .iter()
                        .map(|option| MultiOption {
                            estimate: option.to_estimate(),
                            percent_of_mentions: option.percent_of_mentions,
                        })
                        .collect(),
                    mentions: multiple.mentions.unwrap_or(0),
                    weighted_mentions: multiple.weighted_mentions,
                    mean_options: multiple.mean_options,
                })
            }
            QuestionType::Likert => {
                let likert = self.likert.as_ref()?;
                let (points, non_scale): (Vec<&OptionJson>, Vec<&OptionJson>) = self
                    .options
                    .iter()
                    .partition(|option| option.on_scale != Some(false));
                Detail::Likert(LikertSummary {
                    family: likert.family.clone(),
                    codes: points
                        .iter()
                        .map(|point| point.code)
                        .collect::<Option<Vec<f64>>>()?,
                    points: points.iter().map(|point| point.to_estimate()).collect(),
                    non_scale: non_scale
                        .iter()
                        .map(|answer| answer.to_estimate())
                        .collect(),
                    scale_base: Base {
                        count: likert.scale_base.unwrap_or(0),
                        weighted: likert.weighted_scale_base,
                        effective: likert.effective_scale_base,
                    },
                    box_size: likert.box_size,
                    top_box: likert.top_box.to_estimate(),
                    bottom_box: likert.bottom_box.to_estimate(),
                    net: likert.net,
                    mean: likert.mean,
                    median: likert.median,
                    nps: likert.nps.as_ref().map(|nps| NetPromoter {
                        promoters: nps.promoters.to_estimate(),
                        passives: nps.passives.to_estimate(),
                        detractors: nps.detractors.to_estimate(),
                        score: nps.score,
                    }),
                })
            }
            QuestionType::Ranking => {
                let ranking = self.ranking.as_ref()?;
                // The JSON keeps the share ranking each option first; its interval is worked
                // out again on the (effective) base, as the summary did.
                let n = base.effective.unwrap_or(base.count as f64);
                Detail::Ranking(RankingSummary {
                    ranks: ranking.ranks,
                    options: self
                        .options
                        .iter()
                        .map(|option| {
                            let rank_counts = option.rank_counts.clone()?;
                            let first_count = rank_counts.first().copied().unwrap_or(0);
                            let interval = option.first_percent.and_then(|percent| {
                                wilson_for_proportion(percent / 100.0, n, Z_95).ok()
                            });
                            Some(RankedOption {
                                estimate: option.to_estimate(),
                                first: OptionEstimate {
                                    label: option.label.clone(),
                                    count: first_count,
                                    weighted_count: None,
                                    percent: option.first_percent,
                                    ci_low: interval.map(|interval| interval.lower * 100.0),
                                    ci_high: interval.map(|interval| interval.upper * 100.0),
                                },
                                rank_counts,
                                mean_rank: option.mean_rank,
                            })
                        })
                        .collect::<Option<Vec<RankedOption>>>()?,
                })
            }
            QuestionType::Date => {
                let date = self.date.as_ref()?;
                Detail::Date(DateSummary {
                    first: date.first.clone(),
                    last: date.last.clone(),
                    months: self.options.iter().map(OptionJson::to_estimate).collect(),
                })
            }
            _ => return None,
        };
        Some(Section {
            label: label.to_string(),
            respondents: self.respondents.unwrap_or(0),
            base,
            no_answer: self.no_answer.unwrap_or(0),
            detail,
            notes: self.notes.clone(),
        })
    }
}

impl SummaryJson {
    /// The JSON of a summary as published under `policy`: every figure the question's
    /// disclosed table withholds (see [`super::present::table`]) is `null` here too, each
    /// withheld option carries its marker in `withheld`, and bases too small to publish are
    /// `null`. With nothing withheld it equals [`SummaryJson::from`].
    #[must_use]
    pub fn disclosed(summary: &Summary, policy: &DisclosurePolicy) -> SummaryJson {
        let mut json = SummaryJson::from(summary);
        for (question, out) in summary.questions.iter().zip(&mut json.questions) {
            let table = super::present::table(summary, question, policy);
            let split = !question.groups.is_empty();
            let kind = table.kind;
            let small = |count: Option<usize>| {
                count.filter(|&count| !(policy.applies_to(kind) && policy.is_small(count as u64)))
            };
            let mask = Mask {
                table: &table,
                split,
            };
            withhold(&mut out.figures, &mask, 1, &small);
            for (index, group) in out.groups.iter_mut().enumerate() {
                withhold(&mut group.figures, &mask, index + 2, &small);
            }
            if split && policy.applies_to(kind) {
                withhold_unshown(&mut out.groups, &mask, policy);
            }
        }
        if let Some(by) = &mut json.by {
            let small = |count: Option<usize>| {
                count.filter(|&count| {
                    !(policy.applies_to(TableKind::CrossTab) && policy.is_small(count as u64))
                })
            };
            for group in &mut by.groups {
                group.respondents = small(group.respondents);
            }
            by.unassigned = small(by.unassigned);
        }
        json
    }
}

/// Where a question's disclosed table withholds a figure.
struct Mask<'a> {
    table: &'a Table,
    /// True for a table split by groups: a column per group, a row per figure.
    split: bool,
}

impl Mask<'_> {
    /// The marker of the cell in `column` of the row labelled `label` (its first cell), if
    /// withheld.
    fn at(&self, label: &str, column: usize) -> Option<String> {
        self.table
            .rows
            .iter()
            .find(|row| row.first().is_some_and(|cell| cell.display() == label))
            .and_then(|row| match row.get(column) {
                Some(Cell::Suppressed(marker)) => Some(marker.clone()),
                _ => None,
            })
    }

    /// True when the table has a row labelled `label`.
    fn has_row(&self, label: &str) -> bool {
        self.table
            .rows
            .iter()
            .any(|row| row.first().is_some_and(|cell| cell.display() == label))
    }

    /// The marker of the first withheld cell among `columns` of the row labelled `label`.
    fn any(&self, label: &str, columns: std::ops::Range<usize>) -> Option<String> {
        columns
            .into_iter()
            .find_map(|column| self.at(label, column))
    }

    /// The cell of a summary row (a box, a statistic) in this section: its figure's column in
    /// a split table, else the percentage column (the count column for `counted`).
    fn summary_row(&self, label: &str, column: usize, counted: bool) -> Option<String> {
        let column = if self.split {
            column
        } else if counted {
            1
        } else {
            2
        };
        self.at(label, column)
    }

    /// The label of the row whose label starts with `prefix` ("Top 2: ...").
    fn label_starting(&self, prefix: &str) -> Option<String> {
        self.table.rows.iter().find_map(|row| {
            let label = row.first()?.display();
            label.starts_with(prefix).then_some(label)
        })
    }
}

/// Withholds the groups' figures of options that the split table has no row for (a ranking's
/// counts, where the table shows mean ranks): an option small in any group is withheld in
/// every group, since the groups' figures add up to the whole question's, which is published.
fn withhold_unshown(groups: &mut [GroupFiguresJson], mask: &Mask<'_>, policy: &DisclosurePolicy) {
    let small = |option: &OptionJson| {
        option
            .count
            .is_some_and(|count| policy.is_small(count as u64))
            || option
                .rank_counts
                .iter()
                .flatten()
                .any(|&count| policy.is_small(count as u64))
    };
    let mut labels: Vec<String> = Vec::new();
    for group in groups.iter() {
        for option in &group.figures.options {
            if !mask.has_row(&option.label) && small(option) && !labels.contains(&option.label) {
                labels.push(option.label.clone());
            }
        }
    }
    for group in groups.iter_mut() {
        for option in &mut group.figures.options {
            if option.withheld.is_none() && labels.contains(&option.label) {
                let marker = if small(option) {
                    policy.marker()
                } else {
                    crate::privacy::disclosure::SECONDARY_MARKER.to_string()
                };
                withhold_option(option, marker);
            }
        }
    }
}

/// Withholds an option's figures.
fn withhold_option(option: &mut OptionJson, marker: String) {
    option.count = None;
    option.percent = None;
    option.ci_low = None;
    option.ci_high = None;
    option.weighted_count = None;
    option.percent_of_mentions = None;
    option.first_percent = None;
    option.mean_rank = None;
    option.rank_counts = None;
    option.withheld = Some(marker);
}

/// Withholds in one section's figures what the disclosed table withholds in its `column`.
fn withhold(
    figures: &mut FiguresJson,
    mask: &Mask<'_>,
    column: usize,
    small: &dyn Fn(Option<usize>) -> Option<usize>,
) {
    figures.respondents = small(figures.respondents);
    figures.base = small(figures.base);
    figures.no_answer = small(figures.no_answer);
    if figures.base.is_none() {
        figures.weighted_base = None;
        figures.effective_base = None;
    }
    let ranking = figures.ranking.is_some();
    for option in &mut figures.options {
        // An option's count is in the section's column of a split table, else the count
        // column; a ranking's rank counts and its statistics are in later columns.
        let marker = if ranking && !mask.split {
            mask.at(&option.label, 1)
        } else {
            mask.at(&option.label, column)
        };
        if let Some(marker) = marker {
            withhold_option(option, marker);
        } else if ranking && !mask.split {
            let columns = mask.table.columns.len();
            if mask.any(&option.label, 4..columns - 1).is_some() {
                option.rank_counts = None;
            }
            if mask.at(&option.label, 3).is_some() {
                option.first_percent = None;
            }
            if mask.at(&option.label, columns - 1).is_some() {
                option.mean_rank = None;
            }
        } else if ranking
            && mask
                .at(&format!("{}: mean rank", option.label), column)
                .is_some()
        {
            option.mean_rank = None;
        }
    }
    let off_scale_withheld = figures
        .options
        .iter()
        .any(|option| option.on_scale == Some(false) && option.withheld.is_some());
    if let Some(likert) = &mut figures.likert {
        likert.scale_base = small(likert.scale_base);
        if off_scale_withheld {
            likert.dont_know = None;
            likert.dont_know_percent = None;
        }
        for (prefix, counted) in [("Top ", true), ("Bottom ", true)] {
            let Some(label) = mask.label_starting(prefix) else {
                continue;
            };
            if let Some(marker) = mask
                .summary_row(&label, column, counted)
                .or_else(|| mask.summary_row(&label, column, false))
            {
                let (percent, option) = if prefix == "Top " {
                    (&mut likert.top2, &mut likert.top_box)
                } else {
                    (&mut likert.bottom2, &mut likert.bottom_box)
                };
                *percent = None;
                withhold_option(option, marker);
            }
        }
        for (prefix, value) in [
            ("Net (", &mut likert.net),
            ("Mean", &mut likert.mean),
            ("Median", &mut likert.median),
        ] {
            if let Some(label) = mask.label_starting(prefix)
                && mask.summary_row(&label, column, false).is_some()
            {
                *value = None;
            }
        }
        if let Some(nps) = &mut likert.nps {
            for option in [&mut nps.promoters, &mut nps.passives, &mut nps.detractors] {
                let label = format!("NPS: {}", option.label);
                if let Some(marker) = mask
                    .summary_row(&label, column, true)
                    .or_else(|| mask.summary_row(&label, column, false))
                {
                    withhold_option(option, marker);
                }
            }
            if let Some(label) = mask.label_starting("Net Promoter Score")
                && mask.summary_row(&label, column, false).is_some()
            {
                nps.score = None;
            }
        }
    }
    if let Some(numeric) = &mut figures.numeric {
        let value = if mask.split { column } else { 1 };
        if mask.at("Answers used", value).is_some() {
            numeric.n = None;
            numeric.mean = None;
            numeric.sd = None;
            numeric.min = None;
            numeric.q1 = None;
            numeric.median = None;
            numeric.q3 = None;
            numeric.max = None;
            numeric.weighted_mean = None;
        }
        if mask.at("Out of range (left out)", value).is_some() {
            numeric.out_of_range = None;
            numeric.below_range = None;
            numeric.above_range = None;
        }
        if mask.at("Far out (check)", value).is_some() {
            numeric.far_out = None;
        }
    }
    if let Some(multiple) = &mut figures.multiple {
        multiple.mentions = small(multiple.mentions);
        if multiple.mentions.is_none() {
            multiple.weighted_mentions = None;
            multiple.mean_options = None;
        }
    }
    if let Some(text) = &mut figures.free_text
        && mask.at("Answered", column).is_some()
    {
        text.answered = None;
        text.percent = None;
        text.ci_low = None;
        text.ci_high = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{SummaryOptions, summarise};
    use crate::{IngestOptions, read_reader};

    #[test]
    fn chartable_questions_come_back_from_their_json_unchanged() {
        let csv = "Id,Submitted,Do you use the centre?,Services used,The centre should stay,Which area?,Comments\n\
                   1,2024-01-08,Yes,GP;Pharmacy,Strongly agree,North,Keep it\n\
                   2,2024-01-09,No,GP,Agree,South,\n\
                   3,2024-02-01,Yes,Pharmacy;Dentist,Disagree,North,Too far\n\
                   4,2024-02-03,Yes,,Don't know,East,\n\
                   5,2024-03-05,No,Dentist,Neither agree nor disagree,South,Fine\n\
                   6,2024-03-07,Yes,GP;Dentist,Strongly disagree,North,\n";
        let dataset = read_reader(csv.as_bytes(), "centre.csv", &IngestOptions::default()).unwrap();
        for by in [None, Some("area")] {
            let options = SummaryOptions {
                by: by.map(str::to_string),
                ..SummaryOptions::default()
            };
            let summary = summarise(&dataset, &options).unwrap();
            let json = SummaryJson::from(&summary);
            let text = serde_json::to_string(&json).unwrap();
            let read: SummaryJson = serde_json::from_str(&text).unwrap();
            let mut drawn = 0;
            for (question, original) in read.questions.iter().zip(&summary.questions) {
                match question.to_summary() {
                    Some(back) => {
                        drawn += 1;
                        assert_eq!(QuestionJson::from(&back), *question, "{}", question.id);
                        assert_eq!(back.kind, original.kind);
                    }
                    None => assert!(
                        matches!(
                            original.kind,
                            QuestionType::FreeText | QuestionType::Numeric | QuestionType::Metadata
                        ),
                        "{} ({:?}) did not come back",
                        question.id,
                        original.kind
                    ),
                }
            }
            assert!(drawn >= 4, "only {drawn} questions came back");
        }
    }

    #[test]
    fn json_whose_type_and_figures_disagree_gives_nothing() {
        let mut question = QuestionJson {
            id: "q1".into(),
            text: "Q".into(),
            item: None,
            kind: "likert".into(),
            figures: FiguresJson {
                respondents: Some(1),
                base: Some(1),
                no_answer: Some(0),
                weighted_base: None,
                effective_base: None,
                options: Vec::new(),
                likert: None,
                numeric: None,
                multiple: None,
                ranking: None,
                date: None,
                free_text: None,
                notes: Vec::new(),
            },
            groups: Vec::new(),
        };
        assert!(
            question.to_summary().is_none(),
            "a Likert question without Likert figures"
        );
        question.kind = "not a type".into();
        assert!(question.to_summary().is_none());
        question.kind = "single_choice".into();
        assert!(question.to_summary().is_some());
    }
}
