//! Likert items: the distribution in scale order, non-scale answers ("Don't know", "Not
//! applicable") shown but kept out of the scale base, the top and bottom boxes, net agreement,
//! mean and median on the scale's codes, and for 0-10 scales the Net Promoter Score.

use serde::Serialize;

use super::{Base, Detail, OptionEstimate, Tally, finite};
use crate::schema::{Question, Scale};
use crate::stats::descriptive::weighted_median;

/// A Likert item's figures.
///
/// Two bases: the points' percentages, the boxes, net, mean and median are of the *scale
/// base* (those who chose a point on the scale); the non-scale answers' percentages are of
/// everyone who answered (the section's base).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LikertSummary {
    /// What the scale measures (`agreement`, `satisfaction`, `numeric`...).
    pub family: String,
    /// The points, most negative first, as percentages of the scale base.
    pub points: Vec<OptionEstimate>,
    /// Each point's code, used for the mean and median (1..n for worded scales, the number
    /// itself for numeric ones); as long as `points`.
    pub codes: Vec<f64>,
    /// Answers not on the scale ("Don't know", "Not applicable", anything else), as
    /// percentages of everyone who answered.
    pub non_scale: Vec<OptionEstimate>,
    /// Respondents who chose a point: the base of everything below.
    pub scale_base: Base,
    /// How many points each box holds: those above the neutral point (2 on a 5-point scale, 1
    /// on a 3-point, 3 on a 7-point), and 2 on numeric and longer scales.
    pub box_size: usize,
    /// The top box (agree, satisfied...), labelled with the points it holds.
    pub top_box: OptionEstimate,
    /// The bottom box (disagree, dissatisfied...).
    pub bottom_box: OptionEstimate,
    /// Net agreement: top box % minus bottom box %, in percentage points (-100 to 100).
    pub net: Option<f64>,
    /// The (weighted) mean code.
    pub mean: Option<f64>,
    /// The (weighted) median code; the midpoint of two codes when the cumulative share is
    /// exactly 50% between them.
    pub median: Option<f64>,
    /// For a 0-10 scale, the Net Promoter Score.
    pub nps: Option<NetPromoter>,
}

/// The Net Promoter Score of a 0-10 scale: promoters answer 9 or 10, passives 7 or 8,
/// detractors 0 to 6; the score is promoters % minus detractors %, of the scale base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetPromoter {
    /// 9 and 10.
    pub promoters: OptionEstimate,
    /// 7 and 8.
    pub passives: OptionEstimate,
    /// 0 to 6.
    pub detractors: OptionEstimate,
    /// Promoters % minus detractors %, -100 to 100.
    pub score: Option<f64>,
}

/// True when the question asks how likely the respondent is to recommend something: the Net
/// Promoter Score is defined for that question only, not for any 0-10 scale (a 0-10 rating of
/// satisfaction or of pain has no promoters).
fn asks_to_recommend(question: &Question) -> bool {
    [question.text.as_str(), question.id.as_str()]
        .iter()
        .any(|words| {
            let words = words.to_lowercase();
            words.contains("recommend")
                || words
                    .split(|ch: char| !ch.is_alphanumeric())
                    .any(|word| word == "nps")
        })
}

/// Summarises a Likert item: `answered` holds each answering respondent's answer (one item)
/// and weight; `labels` the labels seen in scale order.
pub(crate) fn summarise(
    question: &Question,
    labels: &[String],
    answered: &[(Vec<&str>, f64)],
    weighted: bool,
) -> (Detail, Vec<String>) {
    let scale = question
        .scale
        .clone()
        .unwrap_or_else(|| Scale::from_labels(&question.options));
    let mut base = Tally::default();
    let mut scale_base = Tally::default();
    let mut point_tallies = vec![Tally::default(); scale.points.len()];
    let mut off_scale: Vec<(String, Tally)> = labels
        .iter()
        .filter(|label| scale.position(label).is_none())
        .map(|label| (label.clone(), Tally::default()))
        .collect();
    // Each distinct label is matched to the scale once, not once per answer.
    let positions: Vec<(&str, Option<usize>)> = labels
        .iter()
        .map(|label| (label.as_str(), scale.position(label)))
        .collect();
    let position_of = |answer: &str| match positions.iter().find(|(label, _)| *label == answer) {
        Some((_, position)) => *position,
        None => scale.position(answer),
    };
    let mut codes_chosen: Vec<(f64, f64)> = Vec::with_capacity(answered.len());
    for (items, weight) in answered {
        base.add(*weight);
        let Some(answer) = items.first() else {
            continue;
        };
        if let Some(position) = position_of(answer) {
            point_tallies[position].add(*weight);
            scale_base.add(*weight);
            codes_chosen.push((scale.points[position].code, *weight));
        } else if let Some((_, tally)) = off_scale.iter_mut().find(|(label, _)| label == answer) {
            tally.add(*weight);
        }
    }
    let points: Vec<OptionEstimate> = scale
        .points
        .iter()
        .zip(&point_tallies)
        .map(|(point, tally)| scale_base.estimate(point.label.clone(), tally, weighted))
        .collect();
    let non_scale: Vec<OptionEstimate> = off_scale
        .iter()
        .map(|(label, tally)| base.estimate(label.clone(), tally, weighted))
        .collect();
    let boxed = |range: std::ops::Range<usize>| {
        let mut tally = Tally::default();
        for part in &point_tallies[range.clone()] {
            tally.count += part.count;
            tally.total += part.total;
        }
        let names: Vec<&str> = scale.points[range]
            .iter()
            .map(|point| point.label.as_str())
            .collect();
        scale_base.estimate(names.join(" + "), &tally, weighted)
    };
    let top_box = boxed(scale.top_box());
    let bottom_box = boxed(scale.bottom_box());
    let net = difference(top_box.percent, bottom_box.percent);
    let (values, weights): (Vec<f64>, Vec<f64>) = codes_chosen.iter().copied().unzip();
    let mean = (scale_base.total > 0.0)
        .then(|| {
            values
                .iter()
                .zip(&weights)
                .map(|(value, weight)| value * weight)
                .sum::<f64>()
                / scale_base.total
        })
        .and_then(finite);
    // The weights were checked when the summary began, so this cannot fail.
    let median = weighted_median(&values, &weights).ok().flatten();
    let nps = (scale.is_nps() && asks_to_recommend(question)).then(|| {
        let group = |label: &str, low: f64, high: f64| {
            let mut tally = Tally::default();
            for (point, part) in scale.points.iter().zip(&point_tallies) {
                if (low..=high).contains(&point.code) {
                    tally.count += part.count;
                    tally.total += part.total;
                }
            }
            scale_base.estimate(label, &tally, weighted)
        };
        let promoters = group("Promoters (9-10)", 9.0, 10.0);
        let passives = group("Passives (7-8)", 7.0, 8.0);
        let detractors = group("Detractors (0-6)", 0.0, 6.0);
        let score = difference(promoters.percent, detractors.percent);
        NetPromoter {
            promoters,
            passives,
            detractors,
            score,
        }
    });
    let mut notes = Vec::new();
    if off_scale.iter().any(|(_, tally)| tally.count > 0) {
        let names: Vec<&str> = off_scale
            .iter()
            .filter(|(_, tally)| tally.count > 0)
            .map(|(label, _)| label.as_str())
            .collect();
        notes.push(format!(
            "answers off the scale ({}) are shown as a percentage of all who answered, and left \
             out of the scale base used for the scale percentages, boxes, net, mean and median",
            names.join(" or "),
        ));
    }
    let summary = LikertSummary {
        family: scale.family.clone(),
        points,
        codes: scale.points.iter().map(|point| point.code).collect(),
        non_scale,
        scale_base: scale_base.base(weighted),
        box_size: scale.top_box().len(),
        top_box,
        bottom_box,
        net,
        mean,
        median,
        nps,
    };
    (Detail::Likert(summary), notes)
}

fn difference(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    a.zip(b).and_then(|(a, b)| finite(a - b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuestionType;
    use crate::schema::scale;
    use crate::summary::testing::close;

    fn agreement() -> Question {
        let options: Vec<String> = [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
            "Don't know",
        ]
        .iter()
        .map(|label| (*label).to_string())
        .collect();
        let mut question =
            Question::new("q", "Do you agree?", QuestionType::Likert).with_options(options.clone());
        question.scale = Some(Scale::from_labels(&options));
        question
    }

    fn answers(counts: &[(&'static str, usize)]) -> Vec<(Vec<&'static str>, f64)> {
        counts
            .iter()
            .flat_map(|&(label, count)| std::iter::repeat_n((vec![label], 1.0), count))
            .collect()
    }

    fn likert(detail: Detail) -> LikertSummary {
        match detail {
            Detail::Likert(likert) => likert,
            other => panic!("not a Likert summary: {other:?}"),
        }
    }

    /// Worked by hand. Answers: Strongly disagree 2, Disagree 3, Neither 5, Agree 6,
    /// Strongly agree 4, Don't know 5: 25 answered, scale base 20.
    /// - points: 10%, 15%, 25%, 30%, 20% of 20; Don't know 5 of 25 = 20%.
    /// - top 2 = Agree + Strongly agree = 10 of 20 = 50%; bottom 2 = 5 of 20 = 25%;
    ///   net = 50 - 25 = 25 points.
    /// - mean = (1·2 + 2·3 + 3·5 + 4·6 + 5·4) / 20 = (2 + 6 + 15 + 24 + 20) / 20 = 67/20
    ///   = 3.35.
    /// - median: cumulative counts 2, 5, 10, 16, 20; half of 20 is 10, reached exactly at
    ///   code 3, so the median is between the 10th and 11th answers, (3 + 4) / 2 = 3.5.
    #[test]
    fn a_five_point_item_by_hand() {
        let question = agreement();
        let answered = answers(&[
            ("Strongly disagree", 2),
            ("Disagree", 3),
            ("Neither agree nor disagree", 5),
            ("Agree", 6),
            ("Strongly agree", 4),
            ("Don't know", 5),
        ]);
        let (detail, notes) = summarise(&question, &question.options, &answered, false);
        let likert = likert(detail);
        assert_eq!(likert.scale_base.count, 20);
        let percents: Vec<f64> = likert.points.iter().filter_map(|p| p.percent).collect();
        assert_eq!(percents, [10.0, 15.0, 25.0, 30.0, 20.0]);
        assert_eq!(likert.non_scale[0].label, "Don't know");
        assert_eq!(likert.non_scale[0].count, 5);
        close(likert.non_scale[0].percent, 20.0);
        assert_eq!(likert.box_size, 2);
        assert_eq!(likert.top_box.label, "Agree + Strongly agree");
        assert_eq!(likert.top_box.count, 10);
        close(likert.top_box.percent, 50.0);
        close(likert.bottom_box.percent, 25.0);
        close(likert.net, 25.0);
        close(likert.mean, 3.35);
        close(likert.median, 3.5);
        assert_eq!(likert.nps, None);
        // The counts are in the table, where disclosure control can reach them; the note only
        // says what the rows are.
        assert!(
            notes[0].starts_with("answers off the scale (Don't know)"),
            "{notes:?}"
        );
        // The top box interval is Wilson's for 10 of 20, by the stats module.
        let interval = crate::stats::proportion::wilson(10.0, 20.0).unwrap();
        close(likert.top_box.ci_low, interval.lower * 100.0);
    }

    /// A 0-10 scale by hand. Answers 10, 10, 9, 8, 7, 6, 3, 0 (8 respondents):
    /// promoters 3/8 = 37.5%, passives 2/8 = 25%, detractors 3/8 = 37.5%, NPS 0.
    /// mean = 53/8 = 6.625; sorted codes 0 3 6 7 8 9 10 10: median (7 + 8)/2 = 7.5.
    /// top 2 (9-10) = 3/8, bottom 2 (0-1) = 1/8: net 25 points.
    #[test]
    fn a_zero_to_ten_scale_gives_the_net_promoter_score() {
        let mut question = Question::new(
            "q7",
            "How likely are you to recommend us to a friend?",
            QuestionType::Likert,
        );
        let scale = scale::numeric(0, 10);
        question.options = scale.options();
        question.scale = Some(scale);
        let answered = answers(&[
            ("10", 2),
            ("9", 1),
            ("8", 1),
            ("7", 1),
            ("6", 1),
            ("3", 1),
            ("0", 1),
        ]);
        let (detail, notes) = summarise(&question, &question.options, &answered, false);
        let likert = likert(detail);
        assert!(notes.is_empty());
        let nps = likert.nps.expect("an NPS");
        close(nps.promoters.percent, 37.5);
        close(nps.passives.percent, 25.0);
        close(nps.detractors.percent, 37.5);
        close(nps.score, 0.0);
        close(likert.mean, 6.625);
        close(likert.median, 7.5);
        close(likert.top_box.percent, 37.5);
        close(likert.bottom_box.percent, 12.5);
        close(likert.net, 25.0);
        assert_eq!(likert.top_box.label, "9 + 10");
    }

    /// Regression guard: a 0-10 rating that is not about recommending (satisfaction, pain)
    /// has no promoters, so no Net Promoter Score; its boxes and mean are still given.
    #[test]
    fn a_zero_to_ten_scale_not_about_recommending_has_no_net_promoter_score() {
        let mut question = Question::new(
            "q8",
            "On a scale of 0 to 10, how satisfied are you with the service?",
            QuestionType::Likert,
        );
        let scale = scale::numeric(0, 10);
        question.options = scale.options();
        question.scale = Some(scale);
        let answered = answers(&[("10", 2), ("3", 1)]);
        let (detail, _) = summarise(&question, &question.options, &answered, false);
        let likert = likert(detail);
        assert_eq!(likert.nps, None);
        close(likert.mean, 23.0 / 3.0);
    }

    /// Weighted by hand: Agree (w 3), Disagree (w 1), Don't know (w 2). Scale base Σw = 4:
    /// Agree 75%, Disagree 25%; Don't know 2 of 6 = 33.3…%. Mean (4·3 + 2·1) / 4 = 3.5;
    /// median: cumulative weight 1 at code 2, 4 at code 4, passing half (2) at 4.
    #[test]
    fn weighted_likert_by_hand() {
        let question = agreement();
        let answered = vec![
            (vec!["Agree"], 3.0),
            (vec!["Disagree"], 1.0),
            (vec!["Don't know"], 2.0),
        ];
        let (detail, _) = summarise(&question, &question.options, &answered, true);
        let likert = likert(detail);
        close(likert.points[3].percent, 75.0);
        close(likert.points[1].percent, 25.0);
        close(likert.non_scale[0].percent, 100.0 / 3.0);
        close(likert.mean, 3.5);
        close(likert.median, 4.0);
        close(likert.scale_base.weighted, 4.0);
        // Kish: (3 + 1)² / (9 + 1) = 1.6.
        close(likert.scale_base.effective, 1.6);
    }

    /// Regression guard: only "Don't know" answers leave an empty scale base, and every
    /// scale figure is absent rather than 0/0.
    #[test]
    fn only_dont_know_leaves_the_scale_figures_empty() {
        let question = agreement();
        let answered = answers(&[("Don't know", 3)]);
        let (detail, _) = summarise(&question, &question.options, &answered, false);
        let likert = likert(detail);
        assert_eq!(likert.scale_base.count, 0);
        assert_eq!(likert.top_box.percent, None);
        assert_eq!(likert.net, None);
        assert_eq!(likert.mean, None);
        assert_eq!(likert.median, None);
        close(likert.non_scale[0].percent, 100.0);
    }

    fn from_labels(labels: &[&str]) -> Question {
        let options: Vec<String> = labels.iter().map(|label| (*label).to_string()).collect();
        let mut question =
            Question::new("q", "Rate", QuestionType::Likert).with_options(options.clone());
        question.scale = Some(Scale::from_labels(&options));
        question
    }

    /// Scales of 7, 4 and 10 points, by hand.
    /// - 7 points, counts 1, 1, 1, 2, 1, 1, 2 (n 9): boxes of 3 (above and below the neutral
    ///   4th point); top 4/9, bottom 3/9, net 100/9 points; mean (1 + 2 + 3 + 8 + 5 + 6 + 14)
    ///   / 9 = 39/9; the 5th of 9 sorted codes (1 2 3 4 4 5 6 7 7) is the median, 4.
    /// - 4 points, codes 1, 2, 2, 3, 4, 4: no neutral point, boxes of 2: top 3/6, bottom 3/6,
    ///   net 0; mean 16/6; half the answers (3) end at code 2, so the median is 2.5.
    /// - 1-10, codes 1, 5, 9, 10: boxes of 2 (9-10 and 1-2): top 50%, bottom 25%; mean 25/4;
    ///   median (5 + 9) / 2 = 7; no NPS, as the scale does not start at 0.
    #[test]
    fn seven_four_and_ten_point_scales_by_hand() {
        let seven = from_labels(&[
            "Strongly disagree",
            "Disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Agree",
            "Strongly agree",
        ]);
        let answered = answers(&[
            ("Strongly disagree", 1),
            ("Disagree", 1),
            ("Somewhat disagree", 1),
            ("Neither agree nor disagree", 2),
            ("Somewhat agree", 1),
            ("Agree", 1),
            ("Strongly agree", 2),
        ]);
        let result = likert(summarise(&seven, &seven.options, &answered, false).0);
        assert_eq!(result.box_size, 3);
        close(result.top_box.percent, 400.0 / 9.0);
        close(result.bottom_box.percent, 300.0 / 9.0);
        close(result.net, 100.0 / 9.0);
        close(result.mean, 39.0 / 9.0);
        close(result.median, 4.0);

        let four = from_labels(&["Strongly disagree", "Disagree", "Agree", "Strongly agree"]);
        let answered = answers(&[
            ("Strongly disagree", 1),
            ("Disagree", 2),
            ("Agree", 1),
            ("Strongly agree", 2),
        ]);
        let result = likert(summarise(&four, &four.options, &answered, false).0);
        assert_eq!(result.box_size, 2);
        close(result.top_box.percent, 50.0);
        close(result.net, 0.0);
        close(result.mean, 16.0 / 6.0);
        close(result.median, 2.5);

        let mut ten = Question::new("q", "Rate 1-10", QuestionType::Likert);
        let scale = scale::numeric(1, 10);
        ten.options = scale.options();
        ten.scale = Some(scale);
        let answered = answers(&[("1", 1), ("5", 1), ("9", 1), ("10", 1)]);
        let result = likert(summarise(&ten, &ten.options, &answered, false).0);
        assert_eq!(result.box_size, 2);
        close(result.top_box.percent, 50.0);
        close(result.bottom_box.percent, 25.0);
        close(result.mean, 6.25);
        close(result.median, 7.0);
        assert_eq!(result.nps, None);
    }
}
