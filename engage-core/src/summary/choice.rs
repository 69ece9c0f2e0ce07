//! Choice questions: single choice and yes/no (one answer each), multi-choice (percent of
//! respondents and percent of mentions) and rankings (how often each option was put at each
//! rank, and its mean rank).

use serde::Serialize;

use super::{Detail, OptionEstimate, Tally, finite};
use crate::schema::scale;

/// A single-choice or yes/no question: each option with its share of those who answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChoiceSummary {
    /// The options in form order ("Other" last), with answers not among the form's options
    /// before "Other"; percentages of the base add up to 100.
    pub options: Vec<OptionEstimate>,
}

/// A multi-choice question.
///
/// Non-answers ("N/A", "Don't know", "Prefer not to say") are percentages of everyone who
/// answered; the other options are percentages of those who chose at least one of them (or
/// none at all), and only they count as mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MultiChoiceSummary {
    /// Each option with its percentage of respondents who answered (these add up to more than
    /// 100) and of all mentions.
    pub options: Vec<MultiOption>,
    /// Options chosen in all (unweighted), non-answers left out.
    pub mentions: usize,
    /// Σ w over every mention; `None` when unweighted.
    pub weighted_mentions: Option<f64>,
    /// The (weighted) mean number of options chosen by those who answered; `None` when nobody
    /// answered.
    pub mean_options: Option<f64>,
}

/// One option of a multi-choice question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MultiOption {
    /// Respondents who chose it, as a percentage of those who answered, with its interval.
    #[serde(flatten)]
    pub estimate: OptionEstimate,
    /// The (weighted) percentage of all mentions, 0 to 100; `None` when there are none.
    pub percent_of_mentions: Option<f64>,
}

/// A ranking question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankingSummary {
    /// The most ranks any respondent gave.
    pub ranks: usize,
    /// Each option: how many ranked it at all, at each rank, and its mean rank.
    pub options: Vec<RankedOption>,
}

/// One option of a ranking question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedOption {
    /// Respondents who ranked the option at all, as a percentage of those who answered.
    #[serde(flatten)]
    pub estimate: OptionEstimate,
    /// Respondents who put it at rank 1, 2, ... (unweighted); as long as `ranks`.
    pub rank_counts: Vec<usize>,
    /// Respondents who put it first, as a percentage of those who answered, with its interval.
    pub first: OptionEstimate,
    /// The (weighted) mean rank among those who ranked it (1 is best); `None` when nobody did.
    pub mean_rank: Option<f64>,
}

/// Single choice and yes/no: `answered` holds each answering respondent's answer and weight.
pub(crate) fn single(
    labels: &[String],
    answered: &[(Vec<&str>, f64)],
    weighted: bool,
) -> (Detail, Vec<String>) {
    let base = base_of(answered);
    let options = labels
        .iter()
        .map(|label| {
            let part = chosen(label, answered);
            base.estimate(label.clone(), &part, weighted)
        })
        .collect();
    (Detail::Choice(ChoiceSummary { options }), Vec::new())
}

/// Multi-choice: each option as a share of respondents who answered and of mentions.
///
/// Non-answers ("N/A", "Don't know", "Prefer not to say") are shown as a share of everyone who
/// answered and are kept out of the other options' base, of the mentions and of the mean number
/// of options, as a Likert scale keeps them out of its scale base: the base of the options is
/// those who chose at least one option that is an answer (and those who chose none).
pub(crate) fn multi(
    labels: &[String],
    answered: &[(Vec<&str>, f64)],
    weighted: bool,
) -> (Detail, Vec<String>) {
    let everyone = base_of(answered);
    let non_answer: Vec<bool> = labels
        .iter()
        .map(|label| scale::non_scale_answer(label))
        .collect();
    let is_non_answer = |item: &str| {
        labels
            .iter()
            .zip(&non_answer)
            .find(|(label, _)| label.as_str() == item)
            .map_or_else(|| scale::non_scale_answer(item), |(_, non)| *non)
    };
    let mut base = Tally::default();
    let mut set_apart = Tally::default();
    for (items, weight) in answered {
        if !items.is_empty() && items.iter().all(|item| is_non_answer(item)) {
            set_apart.add(*weight);
        } else {
            base.add(*weight);
        }
    }
    let parts: Vec<Tally> = labels.iter().map(|label| chosen(label, answered)).collect();
    let mut mentions = Tally::default();
    for (part, non) in parts.iter().zip(&non_answer) {
        if !non {
            mentions.count += part.count;
            mentions.total += part.total;
        }
    }
    let options: Vec<MultiOption> = labels
        .iter()
        .zip(&parts)
        .zip(&non_answer)
        .map(|((label, part), non)| MultiOption {
            estimate: if *non {
                everyone.estimate(label.clone(), part, weighted)
            } else {
                base.estimate(label.clone(), part, weighted)
            },
            percent_of_mentions: (!non && mentions.total > 0.0)
                .then(|| part.total / mentions.total * 100.0)
                .and_then(finite),
        })
        .collect();
    let mean_options = (base.total > 0.0)
        .then(|| mentions.total / base.total)
        .and_then(finite);
    let mut notes = Vec::new();
    if set_apart.count > 0 {
        let names: Vec<&str> = labels
            .iter()
            .zip(&non_answer)
            .zip(&parts)
            .filter(|((_, non), part)| **non && part.count > 0)
            .map(|((label, _), _)| label.as_str())
            .collect();
        // No count in the sentence: notes are printed beside tables whose small counts are
        // withheld, and a count of those set apart could be one of them.
        notes.push(format!(
            "those who answered only {} are shown as a percentage of all who answered, and left \
             out of the base of the other options, the mentions and the mean number of options",
            names.join(" or "),
        ));
    }
    if base.count > 0 {
        notes.push(
            "respondents could choose more than one answer, so the percentages of respondents \
             add up to more than 100% (% of mentions adds up to 100%)"
                .to_string(),
        );
    }
    let summary = MultiChoiceSummary {
        options,
        mentions: mentions.count,
        weighted_mentions: weighted.then_some(mentions.total),
        mean_options,
    };
    (Detail::MultiChoice(summary), notes)
}

/// A ranking: `answered` holds each respondent's options in rank order (best first).
pub(crate) fn ranking(
    labels: &[String],
    answered: &[(Vec<&str>, f64)],
    weighted: bool,
) -> (Detail, Vec<String>) {
    let base = base_of(answered);
    let ranks = answered
        .iter()
        .map(|(items, _)| items.len())
        .max()
        .unwrap_or(0);
    let options = labels
        .iter()
        .map(|label| {
            let mut rank_counts = vec![0; ranks];
            let mut ranked = Tally::default();
            let mut first = Tally::default();
            let mut rank_sum = 0.0;
            for (items, weight) in answered {
                if let Some(position) = items.iter().position(|item| item == label) {
                    rank_counts[position] += 1;
                    ranked.add(*weight);
                    rank_sum += weight * (position + 1) as f64;
                    if position == 0 {
                        first.add(*weight);
                    }
                }
            }
            RankedOption {
                estimate: base.estimate(label.clone(), &ranked, weighted),
                rank_counts,
                first: base.estimate(label.clone(), &first, weighted),
                mean_rank: (ranked.total > 0.0)
                    .then(|| rank_sum / ranked.total)
                    .and_then(finite),
            }
        })
        .collect();
    (
        Detail::Ranking(RankingSummary { ranks, options }),
        Vec::new(),
    )
}

/// The base of the answering respondents.
fn base_of(answered: &[(Vec<&str>, f64)]) -> Tally {
    let mut base = Tally::default();
    for (_, weight) in answered {
        base.add(*weight);
    }
    base
}

/// The respondents who chose `label` (once each, however often their answer repeats it).
fn chosen(label: &str, answered: &[(Vec<&str>, f64)]) -> Tally {
    let mut part = Tally::default();
    for (items, weight) in answered {
        if items.contains(&label) {
            part.add(*weight);
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuestionType;
    use crate::summary::testing::{Values, close, dataset, question, repeat};
    use crate::summary::{SummaryOptions, summarise};

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_string()).collect()
    }

    fn unweighted<'a>(answers: &[Vec<&'a str>]) -> Vec<(Vec<&'a str>, f64)> {
        answers.iter().map(|items| (items.clone(), 1.0)).collect()
    }

    /// A 3-option question, 81 + 150 + 32 = 263 answers (81 of 263 is Newcombe's worked
    /// example). By hand: 81/263 = 0.307984790874525, 150/263 = 0.570342205323194,
    /// 32/263 = 0.121673003802281. Wilson limits, z = 1.959963984540054:
    /// centre = (p + z²/2n) / (1 + z²/n), half = z √(p(1-p)/n + z²/4n²) / (1 + z²/n).
    /// For 81/263: z²/n = 3.841459/263 = 0.0146063, centre = (0.3079848 + 0.0073032) /
    /// 1.0146063 = 0.3107490, half = 1.959964 × √(0.00081038 + 0.00001388) / 1.0146063 =
    /// 0.0554605, limits 0.2552885 and 0.3662096: Newcombe's 0.2553 to 0.3662 (full digits:
    /// mpmath at 40 digits, testdata/oracles/stats-oracles.md section 1).
    #[test]
    fn single_choice_percentages_and_wilson_limits() {
        let mut answers = Vec::new();
        answers.extend(std::iter::repeat_n(vec!["Yes"], 81));
        answers.extend(std::iter::repeat_n(vec!["No"], 150));
        answers.extend(std::iter::repeat_n(vec!["Not sure"], 32));
        let (detail, notes) = single(
            &labels(&["Yes", "No", "Not sure"]),
            &unweighted(&answers),
            false,
        );
        let Detail::Choice(choice) = detail else {
            panic!("a choice summary")
        };
        assert!(notes.is_empty());
        let yes = &choice.options[0];
        assert_eq!(yes.count, 81);
        close(yes.percent, 30.798_479_087_452_47);
        close(yes.ci_low, 25.528_851_987_827_423);
        close(yes.ci_high, 36.620_957_698_28);
        close(choice.options[1].percent, 57.034_220_532_319_39);
        close(choice.options[2].percent, 12.167_300_380_228_14);
        assert_eq!(yes.weighted_count, None);
        let total: f64 = choice.options.iter().filter_map(|o| o.percent).sum();
        assert!((total - 100.0).abs() < 1e-12);
    }

    /// Weighted: respondents A (w 2), B (w 1), C (w 1), answering Yes, Yes, No.
    /// Weighted Yes = 3 of 4 = 75%. Kish n = (2+1+1)² / (4+1+1) = 16/6 = 2.666…
    /// The interval is Wilson's at p = 0.75 with n = 8/3.
    #[test]
    fn weighted_percentages_use_the_effective_base() {
        let answered = vec![(vec!["Yes"], 2.0), (vec!["Yes"], 1.0), (vec!["No"], 1.0)];
        let (detail, _) = single(&labels(&["Yes", "No"]), &answered, true);
        let Detail::Choice(choice) = detail else {
            panic!()
        };
        let yes = &choice.options[0];
        assert_eq!(yes.count, 2);
        close(yes.weighted_count, 3.0);
        close(yes.percent, 75.0);
        let interval = crate::stats::proportion::wilson_for_proportion(
            0.75,
            16.0 / 6.0,
            1.959_963_984_540_054,
        )
        .unwrap();
        close(yes.ci_low, interval.lower * 100.0);
        close(yes.ci_high, interval.upper * 100.0);
        // And it is exactly what the stats module's weighted proportion gives.
        let reference = crate::stats::weighting::weighted_proportion(
            &[true, true, false],
            &[2.0, 1.0, 1.0],
            crate::stats::proportion::Z_95,
        )
        .unwrap();
        close(yes.ci_low, reference.interval.lower * 100.0);
        close(Some(reference.effective_base), 16.0 / 6.0);
    }

    /// Four respondents: {A, B}, {A}, {A, B, C}, {C}. Base 4; A chosen by 3 (75%), B by 2
    /// (50%), C by 2 (50%): 175% in all. Mentions 3 + 2 + 2 = 7: A 3/7 = 42.857142857142854%,
    /// B and C 2/7 = 28.571428571428573%. Mean options chosen 7/4 = 1.75.
    #[test]
    fn multi_choice_percent_of_respondents_and_of_mentions() {
        let answers = [vec!["A", "B"], vec!["A"], vec!["A", "B", "C"], vec!["C"]];
        let (detail, notes) = multi(&labels(&["A", "B", "C"]), &unweighted(&answers), false);
        let Detail::MultiChoice(multi) = detail else {
            panic!()
        };
        assert_eq!(multi.mentions, 7);
        close(multi.mean_options, 1.75);
        close(multi.options[0].estimate.percent, 75.0);
        close(multi.options[1].estimate.percent, 50.0);
        close(multi.options[0].percent_of_mentions, 300.0 / 7.0);
        close(multi.options[2].percent_of_mentions, 200.0 / 7.0);
        // The sum of the percentages (175%) would give a withheld option back from the others:
        // the note says only that they add up to more than 100%.
        assert!(notes[0].contains("more than 100%"), "{notes:?}");
    }

    /// Three rankings: [X, Y, Z], [Y, X], [X]. X: rank 1 twice and rank 2 once, mean
    /// (1 + 2 + 1)/3 = 4/3, ranked by 3 of 3, first for 2 of 3. Y: ranks 2 and 1, mean 1.5.
    /// Z: rank 3 once, mean 3.
    #[test]
    fn ranking_counts_each_rank_and_the_mean_rank() {
        let answers = [vec!["X", "Y", "Z"], vec!["Y", "X"], vec!["X"]];
        let (detail, _) = ranking(&labels(&["X", "Y", "Z"]), &unweighted(&answers), false);
        let Detail::Ranking(ranking) = detail else {
            panic!()
        };
        assert_eq!(ranking.ranks, 3);
        let x = &ranking.options[0];
        assert_eq!(x.rank_counts, [2, 1, 0]);
        close(x.mean_rank, 4.0 / 3.0);
        close(x.estimate.percent, 100.0);
        close(x.first.percent, 200.0 / 3.0);
        close(ranking.options[1].mean_rank, 1.5);
        assert_eq!(ranking.options[2].rank_counts, [0, 0, 1]);
        close(ranking.options[2].mean_rank, 3.0);
    }

    /// Regression guard: nobody answered, so every percentage is absent (not NaN, not 0/0).
    #[test]
    fn an_empty_base_gives_no_percentages() {
        let (detail, _) = single(&labels(&["Yes", "No"]), &[], false);
        let Detail::Choice(choice) = detail else {
            panic!()
        };
        assert_eq!(choice.options[0].count, 0);
        assert_eq!(choice.options[0].percent, None);
        assert_eq!(choice.options[0].ci_low, None);
        let (detail, notes) = multi(&labels(&["A"]), &[], false);
        let Detail::MultiChoice(multi) = detail else {
            panic!()
        };
        assert_eq!(multi.mean_options, None);
        assert_eq!(multi.options[0].percent_of_mentions, None);
        assert!(notes.is_empty());
    }

    /// "Other" goes last whatever the form's order; answers not among the options come
    /// before it; the no-answer count is kept apart from the base.
    #[test]
    fn other_is_listed_last_and_no_answer_is_separate() {
        let dataset = dataset(vec![(
            question(
                "how",
                QuestionType::SingleChoice,
                &["Leaflet", "Other (please specify)", "Website"],
            ),
            Values::Text(repeat(&[
                ("Leaflet", 3),
                ("Other (please specify)", 2),
                ("Website", 4),
                ("Radio", 1),
                ("", 5),
            ])),
        )]);
        let summary = summarise(&dataset, &SummaryOptions::default()).unwrap();
        let section = &summary.questions[0].all;
        assert_eq!(section.base.count, 10);
        assert_eq!(section.no_answer, 5);
        let Detail::Choice(choice) = &section.detail else {
            panic!()
        };
        let order: Vec<&str> = choice.options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(
            order,
            ["Leaflet", "Website", "Radio", "Other (please specify)"]
        );
        close(choice.options[1].percent, 40.0);
    }

    /// The options of the property tests below, "Other" among them so that reordering is
    /// exercised, and a label no form lists ("Radio").
    const OPTIONS: [&str; 5] = [
        "Leaflet",
        "Other (please specify)",
        "Website",
        "Poster",
        "Radio",
    ];

    /// An estimate's interval holds it and lies within 0 to 100.
    fn assert_estimate(
        estimate: &OptionEstimate,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        use proptest::prop_assert;
        if let Some(percent) = estimate.percent {
            let (low, high) = (estimate.ci_low.unwrap(), estimate.ci_high.unwrap());
            prop_assert!((0.0..=100.0).contains(&percent), "{:?}", estimate);
            prop_assert!(
                0.0 <= low && low <= percent && percent <= high && high <= 100.0,
                "{:?}",
                estimate
            );
        } else {
            prop_assert!(estimate.ci_low.is_none() && estimate.ci_high.is_none());
        }
        Ok(())
    }

    proptest::proptest! {
        /// Through the public `summarise`, weighted or not: a single-choice question's
        /// percentages add up to 100 (to 1e-9, and to within 0.05 per option once rounded to
        /// one decimal as reports show them), every interval holds its estimate within 0 to
        /// 100, and the counts add up to the base.
        #[test]
        fn single_choice_percentages_sum_to_one_hundred(
            answers in proptest::collection::vec(
                (proptest::option::weighted(0.85, 0usize..OPTIONS.len()), 0.0f64..5.0),
                1..300,
            ),
            weighted in proptest::bool::ANY,
        ) {
            use proptest::{prop_assert, prop_assert_eq};
            let values: Vec<Option<&'static str>> =
                answers.iter().map(|(answer, _)| answer.map(|index| OPTIONS[index])).collect();
            let dataset = dataset(vec![(
                question("how", QuestionType::SingleChoice, &OPTIONS[..4]),
                Values::Text(values),
            )]);
            let mut options = SummaryOptions::default();
            if weighted {
                options = options.with_weights(answers.iter().map(|(_, weight)| *weight).collect());
            }
            let summary = summarise(&dataset, &options).unwrap();
            let section = &summary.questions[0].all;
            let Detail::Choice(choice) = &section.detail else {
                panic!("a choice summary")
            };
            let answered = answers.iter().filter(|(answer, _)| answer.is_some()).count();
            prop_assert_eq!(section.base.count, answered);
            prop_assert_eq!(choice.options.iter().map(|option| option.count).sum::<usize>(), answered);
            for option in &choice.options {
                assert_estimate(option)?;
            }
            let weighted_base: f64 = answers
                .iter()
                .filter(|(answer, _)| answer.is_some())
                .map(|(_, weight)| if weighted { *weight } else { 1.0 })
                .sum();
            if weighted_base > 0.0 {
                let total: f64 = choice.options.iter().filter_map(|option| option.percent).sum();
                prop_assert!((total - 100.0).abs() < 1e-9, "sum {}", total);
                let shown: f64 = choice
                    .options
                    .iter()
                    .filter_map(|option| option.percent)
                    .map(|percent| (percent * 10.0).round() / 10.0)
                    .sum();
                prop_assert!((shown - 100.0).abs() <= 0.05 * choice.options.len() as f64 + 1e-9);
            } else {
                prop_assert!(choice.options.iter().all(|option| option.percent.is_none()));
            }
        }

        /// Raking to two margins when every combination of the two is present always
        /// converges (Deming and Stephan: the seed table has no empty cell), and the weighted
        /// summaries of both questions then show the target shares.
        #[test]
        fn raked_weights_reproduce_the_targets_in_summaries(
            extra in proptest::collection::vec((0usize..3, 0usize..2), 0..150),
            age_targets in proptest::collection::vec(0.05f64..1.0, 3),
            sex_targets in proptest::collection::vec(0.05f64..1.0, 2),
        ) {
            use crate::stats::weighting::{RakingOptions, RakingVariable, Targets, rake};
            use proptest::prop_assert;
            const AGES: [&str; 3] = ["16-34", "35-64", "65+"];
            const SEXES: [&str; 2] = ["Female", "Male"];
            let mut people: Vec<(usize, usize)> =
                (0..3).flat_map(|age| (0..2).map(move |sex| (age, sex))).collect();
            people.extend(extra);
            let shares = |targets: &[f64]| {
                let total: f64 = targets.iter().sum();
                targets.iter().map(|target| target / total).collect::<Vec<f64>>()
            };
            let (age_shares, sex_shares) = (shares(&age_targets), shares(&sex_targets));
            let variables = [
                RakingVariable::new(people.iter().map(|p| Some(p.0)).collect(), Targets::Shares(age_shares.clone())),
                RakingVariable::new(people.iter().map(|p| Some(p.1)).collect(), Targets::Shares(sex_shares.clone())),
            ];
            let raking = rake(&variables, &RakingOptions::default().with_max_iterations(10_000)).unwrap();
            prop_assert!(raking.report.converged, "{:?}", raking.report);

            let dataset = dataset(vec![
                (
                    question("age", QuestionType::SingleChoice, &AGES),
                    Values::Text(people.iter().map(|p| Some(AGES[p.0])).collect()),
                ),
                (
                    question("sex", QuestionType::SingleChoice, &SEXES),
                    Values::Text(people.iter().map(|p| Some(SEXES[p.1])).collect()),
                ),
            ]);
            let summary = summarise(&dataset, &SummaryOptions::default().with_weights(raking.weights)).unwrap();
            for (question, targets) in summary.questions.iter().zip([&age_shares, &sex_shares]) {
                let Detail::Choice(choice) = &question.all.detail else {
                    panic!("a choice summary")
                };
                for (option, target) in choice.options.iter().zip(targets.iter()) {
                    let percent = option.percent.unwrap();
                    prop_assert!((percent - target * 100.0).abs() < 1e-6, "{}: {} for a target of {}", option.label, percent, target);
                    assert_estimate(option)?;
                }
            }
        }

        /// A multi-choice question's percentages of mentions add up to 100, its percentages of
        /// respondents to at least 100, and every interval holds its estimate.
        #[test]
        fn multi_choice_mentions_sum_to_one_hundred(
            answers in proptest::collection::vec(
                proptest::option::weighted(0.85, proptest::collection::btree_set(0usize..4, 1..4)),
                1..200,
            ),
        ) {
            use proptest::prop_assert;
            let values: Vec<Option<Vec<&'static str>>> = answers
                .iter()
                .map(|answer| answer.as_ref().map(|chosen| chosen.iter().map(|&index| OPTIONS[index]).collect()))
                .collect();
            let dataset = dataset(vec![(
                question("heard", QuestionType::MultiChoice, &OPTIONS[..4]),
                Values::List(values),
            )]);
            let summary = summarise(&dataset, &SummaryOptions::default()).unwrap();
            let Detail::MultiChoice(multi) = &summary.questions[0].all.detail else {
                panic!("a multi-choice summary")
            };
            for option in &multi.options {
                assert_estimate(&option.estimate)?;
            }
            if answers.iter().any(Option::is_some) {
                let mentions: f64 = multi.options.iter().filter_map(|option| option.percent_of_mentions).sum();
                prop_assert!((mentions - 100.0).abs() < 1e-9, "mentions sum {}", mentions);
                let respondents: f64 = multi.options.iter().filter_map(|option| option.estimate.percent).sum();
                prop_assert!(respondents >= 100.0 - 1e-9, "respondents sum {}", respondents);
            }
        }
    }
}
