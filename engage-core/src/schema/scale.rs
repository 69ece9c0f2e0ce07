//! Known answer scales (agreement, satisfaction, likelihood, importance, frequency, quality,
//! support, usefulness, numeric 0-10) and how a column's answers are matched to one.
//!
//! Matching is on normalised labels (case, punctuation, spacing and apostrophes folded), so
//! "Strongly Agree", "strongly agree." and "Agree strongly" are one point. The options of a
//! matched question come out in scale order (most negative first), then the non-scale answers
//! ("Don't know", "Not applicable", "Prefer not to say") that were seen.

use serde::Serialize;

/// One point of a scale: its label as shown and its numeric code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScalePoint {
    /// The label as the data spells it (or the canonical label when no one chose it).
    pub label: String,
    /// The code used for means and medians: 1..=n for worded scales, the number itself for
    /// numeric scales.
    pub code: f64,
}

/// How the two ends of a scale are named: one word for a chart's axis ("agree"), and a phrase
/// that follows a percentage in a sentence ("40% rating it important").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleSides {
    /// The positive end, for an axis.
    pub positive: &'static str,
    /// The negative end, for an axis.
    pub negative: &'static str,
    /// The positive end after a percentage.
    pub positive_phrase: &'static str,
    /// The negative end after a percentage.
    pub negative_phrase: &'static str,
}

impl ScaleSides {
    /// The words for a scale family (`agreement`, `satisfaction`...; see [`Scale::family`]).
    /// Numeric and custom scales are named by their ends ("higher", "at the top of the scale").
    #[must_use]
    pub fn of(family: &str) -> ScaleSides {
        let (positive, negative, positive_phrase, negative_phrase) = match family {
            "agreement" => ("agree", "disagree", "agree", "disagree"),
            "satisfaction" => ("satisfied", "dissatisfied", "satisfied", "dissatisfied"),
            "likelihood" => ("likely", "unlikely", "likely", "unlikely"),
            "importance" => (
                "important",
                "unimportant",
                "rating it important",
                "rating it unimportant",
            ),
            "quality" => ("good", "poor", "rating it good", "rating it poor"),
            "support" => ("support", "oppose", "in support", "opposed"),
            "frequency" => ("often", "rarely", "often or always", "rarely or never"),
            "usefulness" => (
                "useful",
                "not useful",
                "finding it useful",
                "not finding it useful",
            ),
            "ease" => (
                "easy",
                "difficult",
                "finding it easy",
                "finding it difficult",
            ),
            "confidence" => ("confident", "not confident", "confident", "not confident"),
            _ => (
                "higher",
                "lower",
                "at the top of the scale",
                "at the bottom of the scale",
            ),
        };
        ScaleSides {
            positive,
            negative,
            positive_phrase,
            negative_phrase,
        }
    }
}

/// A Likert-type scale: ordered points, the neutral point if any, and non-scale answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scale {
    /// What the scale measures: `agreement`, `satisfaction`, `likelihood`, `importance`,
    /// `frequency`, `quality`, `support`, `usefulness`, `numeric`, or `custom`.
    pub family: String,
    /// The points from most negative to most positive.
    pub points: Vec<ScalePoint>,
    /// Index into `points` of the neutral (middle) point, when the scale has one.
    pub neutral: Option<usize>,
    /// Answers that are not on the scale ("Don't know", "Not applicable"): shown, but excluded
    /// from the scale's base.
    pub non_scale: Vec<String>,
}

impl Scale {
    /// The number of points.
    #[must_use]
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// True when the scale has no points.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// How the two ends of this scale are named in words.
    #[must_use]
    pub fn sides(&self) -> ScaleSides {
        let sides = ScaleSides::of(&self.family);
        // "Often or always" and "rarely or never" are true only of boxes of those words: a
        // scale of Never, Sometimes, Often, Very often, Always has Never and Sometimes as its
        // negative side, which "rarely or never" would misname.
        if self.family == "frequency" {
            let words_of = |range: std::ops::Range<usize>, words: &[&str]| {
                self.points[range]
                    .iter()
                    .all(|point| words.contains(&normalise(&point.label).as_str()))
            };
            let often = [
                "often",
                "very often",
                "always",
                "frequently",
                "very frequently",
                "usually",
                "all the time",
            ];
            if !words_of(self.top_box(), &often)
                || !words_of(self.bottom_box(), &["never", "rarely", "seldom"])
            {
                return ScaleSides {
                    positive_phrase: "at the often end of the scale",
                    negative_phrase: "at the never end of the scale",
                    ..sides
                };
            }
        }
        sides
    }

    /// True for a 0-10 numeric scale, which also gives a Net Promoter Score.
    #[must_use]
    pub fn is_nps(&self) -> bool {
        self.family == "numeric"
            && self.points.len() == 11
            && self.points.first().is_some_and(|point| point.code == 0.0)
            && self.points.last().is_some_and(|point| point.code == 10.0)
    }

    /// The index of the point with this label (normalised comparison).
    #[must_use]
    pub fn position(&self, label: &str) -> Option<usize> {
        self.points
            .iter()
            .position(|point| same_label(&point.label, label))
    }

    /// True when the label is one of the non-scale answers.
    #[must_use]
    pub fn is_non_scale(&self, label: &str) -> bool {
        self.non_scale
            .iter()
            .any(|answer| same_label(answer, label))
            || non_scale_answer(label)
    }

    /// The indices of the points counted as the positive side ("top box"): the points above the
    /// neutral point on a worded scale (the top two of a 4- or 5-point scale, the top one of a
    /// 3-point scale, the top three of a 7-point scale), and the top two of a numeric scale.
    #[must_use]
    pub fn top_box(&self) -> std::ops::Range<usize> {
        let n = self.points.len();
        let size = self.box_size();
        n.saturating_sub(size)..n
    }

    /// The indices of the points counted as the negative side ("bottom box"), mirroring
    /// [`Scale::top_box`].
    #[must_use]
    pub fn bottom_box(&self) -> std::ops::Range<usize> {
        0..self.box_size().min(self.points.len())
    }

    fn box_size(&self) -> usize {
        let n = self.points.len();
        if self.family == "numeric" || n > 7 {
            2.min(n)
        } else {
            n / 2
        }
    }

    /// The options of a question on this scale: points in order, then non-scale answers.
    #[must_use]
    pub fn options(&self) -> Vec<String> {
        self.points
            .iter()
            .map(|point| point.label.clone())
            .chain(self.non_scale.iter().cloned())
            .collect()
    }

    /// A scale from labels given in order (from a `survey.toml`), with non-scale answers
    /// recognised by their wording.
    #[must_use]
    pub fn from_labels(labels: &[String]) -> Scale {
        let (non_scale, points): (Vec<&String>, Vec<&String>) =
            labels.iter().partition(|label| non_scale_answer(label));
        let family = match_family(
            &points
                .iter()
                .map(|label| normalise(label))
                .collect::<Vec<_>>(),
        )
        .map_or("custom", |variant| variant.family);
        let points: Vec<ScalePoint> = points
            .iter()
            .enumerate()
            .map(|(index, label)| ScalePoint {
                label: (*label).clone(),
                code: label.trim().parse::<f64>().unwrap_or((index + 1) as f64),
            })
            .collect();
        let neutral = (points.len() % 2 == 1 && points.len() <= 7 && points.len() >= 3)
            .then_some(points.len() / 2);
        Scale {
            family: family.to_string(),
            points,
            neutral,
            non_scale: non_scale.into_iter().cloned().collect(),
        }
    }
}

/// Folds a label for comparison: lowercase, curly quotes straightened, punctuation other than
/// apostrophes and digits dropped, whitespace collapsed.
#[must_use]
pub fn normalise(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    out.extend(normalised_chars(label));
    out
}

/// The characters of [`normalise`]'s result, one by one, without building it: label matching
/// runs once per answer in ingest and in summaries, and allocating two strings per comparison
/// cost more than the comparison.
fn normalised_chars(label: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    let mut started = false;
    label.chars().flat_map(move |ch| {
        let ch = match ch {
            '\u{2018}' | '\u{2019}' | '`' | '\u{b4}' => '\'',
            '\u{2013}' | '\u{2014}' => '-',
            other => other,
        };
        if ch.is_alphanumeric() || ch == '\'' || ch == '+' || ch == '-' {
            let gap = (space && started).then_some(' ');
            space = false;
            started = true;
            gap.into_iter()
                .chain(Some(ch.to_lowercase()).into_iter().flatten())
        } else {
            space = true;
            None.into_iter().chain(None.into_iter().flatten())
        }
    })
}

/// True when two labels are the same once normalised ([`normalise`]).
#[must_use]
pub fn same_label(a: &str, b: &str) -> bool {
    // Equal text is the common case (an answer spelled as the form's option) and needs no
    // folding.
    a == b || normalised_chars(a).eq(normalised_chars(b))
}

/// True for answers that mean "no answer on the scale": don't know, not applicable, does not
/// apply, prefer not to say, no opinion, not sure, can't say; also such answers combined ("N/A -
/// skip, don't know", "Not sure / can't say").
#[must_use]
pub fn non_scale_answer(label: &str) -> bool {
    let known = |part: &str| {
        NON_SCALE
            .iter()
            .any(|known| normalised_chars(part).eq(known.chars()))
    };
    if known(label) {
        return true;
    }
    // Combined non-answers: every part a non-answer, or the word "skip".
    if !label.contains([',', ';', '-', '/', '\u{2013}']) {
        return false;
    }
    let joined = label
        .replace(" - ", ";")
        .replace(" \u{2013} ", ";")
        .replace(" / ", ";");
    let parts: Vec<&str> = joined
        .split([',', ';'])
        .map(str::trim)
        .filter(|part| part.chars().any(char::is_alphanumeric))
        .collect();
    parts.len() >= 2
        && parts.iter().any(|part| known(part))
        && parts
            .iter()
            .all(|part| known(part) || normalise(part) == "skip")
}

const NON_SCALE: &[&str] = &[
    "don't know",
    "dont know",
    "do not know",
    "don't know not sure",
    "not sure",
    "unsure",
    "not applicable",
    "does not apply",
    "doesn't apply",
    "not applicable to me",
    "n a",
    "na",
    "not relevant",
    "no opinion",
    "can't say",
    "cannot say",
    "prefer not to say",
    "i'd prefer not to say",
    "rather not say",
    "don't know can't say",
    "not known",
];

/// A known scale variant: its family and each point's accepted spellings, most negative first.
struct Variant {
    family: &'static str,
    points: &'static [&'static [&'static str]],
    neutral: Option<usize>,
}

const AGREE_SD: &[&str] = &[
    "strongly disagree",
    "disagree strongly",
    "completely disagree",
];
const AGREE_D: &[&str] = &[
    "disagree",
    "tend to disagree",
    "somewhat disagree",
    "mostly disagree",
    "disagree somewhat",
];
const AGREE_N: &[&str] = &[
    "neither agree nor disagree",
    "neither agree or disagree",
    "neither",
    "neutral",
    "neither agree not disagree",
    "undecided",
];
const AGREE_A: &[&str] = &[
    "agree",
    "tend to agree",
    "somewhat agree",
    "mostly agree",
    "agree somewhat",
];
const AGREE_SA: &[&str] = &["strongly agree", "agree strongly", "completely agree"];

const VARIANTS: &[Variant] = &[
    Variant {
        family: "agreement",
        points: &[AGREE_SD, AGREE_D, AGREE_N, AGREE_A, AGREE_SA],
        neutral: Some(2),
    },
    Variant {
        family: "agreement",
        points: &[AGREE_SD, AGREE_D, AGREE_A, AGREE_SA],
        neutral: None,
    },
    Variant {
        family: "agreement",
        points: &[&["disagree"], AGREE_N, &["agree"]],
        neutral: Some(1),
    },
    Variant {
        family: "agreement",
        points: &[
            AGREE_SD,
            &["disagree"],
            &["somewhat disagree", "slightly disagree", "mildly disagree"],
            AGREE_N,
            &["somewhat agree", "slightly agree", "mildly agree"],
            &["agree"],
            AGREE_SA,
        ],
        neutral: Some(3),
    },
    Variant {
        family: "satisfaction",
        points: &[
            &[
                "very dissatisfied",
                "very unsatisfied",
                "extremely dissatisfied",
                "completely dissatisfied",
            ],
            &[
                "dissatisfied",
                "fairly dissatisfied",
                "somewhat dissatisfied",
                "unsatisfied",
                "quite dissatisfied",
            ],
            &[
                "neither satisfied nor dissatisfied",
                "neither satisfied or dissatisfied",
                "neither",
                "neutral",
            ],
            &[
                "satisfied",
                "fairly satisfied",
                "somewhat satisfied",
                "quite satisfied",
            ],
            &[
                "very satisfied",
                "extremely satisfied",
                "completely satisfied",
            ],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "satisfaction",
        points: &[
            &["very dissatisfied"],
            &["fairly dissatisfied", "dissatisfied"],
            &["fairly satisfied", "satisfied"],
            &["very satisfied"],
        ],
        neutral: None,
    },
    Variant {
        family: "likelihood",
        points: &[
            &["very unlikely", "extremely unlikely", "highly unlikely"],
            &[
                "unlikely",
                "fairly unlikely",
                "somewhat unlikely",
                "quite unlikely",
            ],
            &[
                "neither likely nor unlikely",
                "neither likely or unlikely",
                "neither",
                "neutral",
            ],
            &["likely", "fairly likely", "somewhat likely", "quite likely"],
            &["very likely", "extremely likely", "highly likely"],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "quality",
        points: &[
            &["very poor", "very bad", "terrible", "horrible", "awful"],
            &["poor", "bad", "fairly poor"],
            &[
                "neither good nor poor",
                "neither good nor bad",
                "neither good or poor",
                "fair",
                "average",
                "ok",
                "okay",
                "neutral",
                "adequate",
            ],
            &["good", "fairly good"],
            &["very good", "excellent"],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "quality",
        points: &[
            &["poor"],
            &["fair"],
            &["good"],
            &["very good"],
            &["excellent"],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "support",
        points: &[
            &["strongly oppose", "oppose strongly"],
            &["oppose", "tend to oppose", "somewhat oppose"],
            &[
                "neither support nor oppose",
                "neither support or oppose",
                "neither",
                "neutral",
            ],
            &["support", "tend to support", "somewhat support"],
            &["strongly support", "support strongly"],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "importance",
        points: &[
            &[
                "not at all important",
                "not important at all",
                "not important",
            ],
            &[
                "slightly important",
                "not very important",
                "of little importance",
                "low importance",
            ],
            &[
                "moderately important",
                "fairly important",
                "somewhat important",
                "neutral",
            ],
            &["very important", "important"],
            &[
                "extremely important",
                "essential",
                "absolutely essential",
                "critical",
                "critically important",
            ],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "importance",
        points: &[
            &["not at all important", "not important at all"],
            &["not very important"],
            &["fairly important", "quite important"],
            &["very important"],
        ],
        neutral: None,
    },
    Variant {
        family: "frequency",
        points: &[
            &["never"],
            &["rarely", "seldom"],
            &["sometimes", "occasionally"],
            &["often", "frequently", "usually"],
            &["always", "all the time"],
        ],
        neutral: Some(2),
    },
    // "Very often" is a point of its own here, so it cannot share "always"'s place above.
    Variant {
        family: "frequency",
        points: &[
            &["never"],
            &["sometimes", "occasionally"],
            &["often", "frequently"],
            &["very often", "very frequently"],
            &["always", "all the time"],
        ],
        neutral: None,
    },
    Variant {
        family: "frequency",
        points: &[
            &["never"],
            &["rarely", "seldom"],
            &["sometimes", "occasionally"],
            &["often", "frequently"],
            &["very often", "very frequently"],
            &["always", "all the time"],
        ],
        neutral: None,
    },
    Variant {
        family: "usefulness",
        points: &[
            &["not at all useful", "not useful at all"],
            &["not very useful", "not useful"],
            &["fairly useful", "quite useful", "useful", "somewhat useful"],
            &["very useful", "extremely useful"],
        ],
        neutral: None,
    },
    Variant {
        family: "ease",
        points: &[
            &["very difficult"],
            &["difficult", "fairly difficult", "quite difficult"],
            &["neither easy nor difficult", "neither", "neutral"],
            &["easy", "fairly easy", "quite easy"],
            &["very easy"],
        ],
        neutral: Some(2),
    },
    Variant {
        family: "confidence",
        points: &[
            &["not at all confident"],
            &["not very confident"],
            &["fairly confident", "quite confident"],
            &["very confident"],
        ],
        neutral: None,
    },
    Variant {
        family: "likelihood",
        points: &[
            &["extremely unlikely"],
            &["unlikely"],
            &["neither likely nor unlikely"],
            &["likely"],
            &["extremely likely"],
        ],
        neutral: Some(2),
    },
];

/// How often something happens, in calendar terms, least often first. A survey offers a few of
/// these ("Daily", "Weekly", "Monthly", "Yearly", "Never"), so a scale from this vocabulary
/// holds only the points the data shows, in this order (see [`match_worded`]); option ordering
/// uses it too.
pub(crate) const HOW_OFTEN: &[&[&str]] = &[
    &["never", "not at all"],
    &[
        "less than once a year",
        "less than yearly",
        "less often than once a year",
    ],
    &[
        "yearly",
        "once a year",
        "annually",
        "every year",
        "about once a year",
    ],
    &[
        "a few times a year",
        "every few months",
        "quarterly",
        "every 6 months",
        "every six months",
        "less than monthly",
        "less than once a month",
        "less often than monthly",
    ],
    &[
        "monthly",
        "once a month",
        "every month",
        "about once a month",
    ],
    &[
        "a few times a month",
        "several times a month",
        "2-3 times a month",
        "fortnightly",
        "every two weeks",
        "every other week",
        "less than weekly",
        "less than once a week",
    ],
    &["weekly", "once a week", "every week", "about once a week"],
    &[
        "a few times a week",
        "several times a week",
        "2+ times per week",
        "2+ times a week",
        "2-3 times a week",
        "more than once a week",
        "most days",
    ],
    &["daily", "every day", "once a day", "almost every day"],
    &[
        "several times a day",
        "more than once a day",
        "multiple times a day",
        "hourly",
    ],
];

/// A scale of the points of an ordered vocabulary that the answers use, in the vocabulary's
/// order: every label one of its points (at distinct positions), at least three of them.
fn match_vocabulary(
    points_seen: &[(String, &str, usize)],
    distinct: &std::collections::BTreeSet<&str>,
    vocabulary: &[&[&str]],
) -> Option<Vec<ScalePoint>> {
    let mut positions: Vec<usize> = distinct
        .iter()
        .map(|label| {
            vocabulary
                .iter()
                .position(|spellings| spellings.contains(label))
        })
        .collect::<Option<Vec<usize>>>()?;
    positions.sort_unstable();
    positions.dedup();
    if positions.len() != distinct.len() || positions.len() < 3 {
        return None;
    }
    Some(
        positions
            .iter()
            .enumerate()
            .map(|(index, &position)| ScalePoint {
                label: data_label(points_seen, vocabulary[position]),
                code: (index + 1) as f64,
            })
            .collect(),
    )
}

fn match_family(labels: &[String]) -> Option<&'static Variant> {
    VARIANTS.iter().find(|variant| {
        labels.iter().all(|label| {
            variant
                .points
                .iter()
                .any(|spellings| spellings.contains(&label.as_str()))
        })
    })
}

/// Matches the distinct answers of a column (each with its count) to a known worded scale.
///
/// Every answer must be a point of one scale variant or a non-scale answer, and at least two
/// distinct points must have been chosen, one of which has a wording that only scales use (not
/// merely "agree", "good" or "never"), so that a column of "Good"/"Poor" single choices or a
/// yes/no-like pair is not mistaken for a scale. Returns the scale with the data's spelling of
/// each point.
#[must_use]
pub fn match_worded(answers: &[(&str, usize)]) -> Option<Scale> {
    let mut points_seen: Vec<(String, &str, usize)> = Vec::new();
    let mut non_scale: Vec<(&str, usize)> = Vec::new();
    for &(answer, count) in answers {
        if non_scale_answer(answer) {
            non_scale.push((answer, count));
        } else {
            points_seen.push((normalise(answer), answer, count));
        }
    }
    let distinct: std::collections::BTreeSet<&str> = points_seen
        .iter()
        .map(|(norm, _, _)| norm.as_str())
        .collect();
    if distinct.len() < 2 {
        return None;
    }
    let variant = VARIANTS.iter().find(|variant| {
        distinct.iter().all(|label| variant.points.iter().any(|spellings| spellings.contains(label)))
            // A variant is only chosen when each point maps to a distinct position; "neither"
            // must not be counted twice.
            && distinct
                .iter()
                .map(|label| variant.points.iter().position(|spellings| spellings.contains(label)))
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == distinct.len()
    });
    let Some(variant) = variant else {
        let points = match_vocabulary(&points_seen, &distinct, HOW_OFTEN)?;
        return Some(Scale {
            family: "frequency".to_string(),
            points,
            neutral: None,
            non_scale: non_scale_labels(non_scale),
        });
    };
    let scale_like = distinct.iter().any(|label| {
        label.contains("strongly")
            || label.contains("very ")
            || label.contains("neither")
            || label.contains("somewhat")
            || label.contains("tend to")
            || label.contains("dissatisfied")
            || label.contains("unlikely")
            || label.contains("important")
            || label.contains("useful")
            || label.contains("confident")
            || label.contains("fairly")
            || label.contains("critical")
    }) || distinct.len() >= 4;
    if !scale_like {
        // Three or more words of how often ("Never", "Sometimes", "Often") are in an order
        // whatever else is on the form: a scale of the points the answers use, none invented.
        if variant.family == "frequency" && distinct.len() >= 3 {
            return Some(Scale {
                family: "frequency".to_string(),
                points: match_vocabulary(&points_seen, &distinct, variant.points)?,
                neutral: None,
                non_scale: non_scale_labels(non_scale),
            });
        }
        return None;
    }
    let points = variant
        .points
        .iter()
        .enumerate()
        .map(|(index, spellings)| ScalePoint {
            label: data_label(&points_seen, spellings),
            code: (index + 1) as f64,
        })
        .collect();
    Some(Scale {
        family: variant.family.to_string(),
        points,
        neutral: variant.neutral,
        non_scale: non_scale_labels(non_scale),
    })
}

/// The data's most used spelling of a point, else its canonical spelling, capitalised.
fn data_label(points_seen: &[(String, &str, usize)], spellings: &[&str]) -> String {
    points_seen
        .iter()
        .filter(|(norm, _, _)| spellings.contains(&norm.as_str()))
        .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.1.cmp(a.1)))
        .map_or_else(
            || capitalise(spellings[0]),
            |(_, raw, _)| (*raw).to_string(),
        )
}

/// The non-scale answers seen, most chosen first.
fn non_scale_labels(mut non_scale: Vec<(&str, usize)>) -> Vec<String> {
    non_scale.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    non_scale
        .into_iter()
        .map(|(label, _)| label.to_string())
        .collect()
}

/// A numeric scale from `low` to `high` inclusive (0-10, 1-5, 1-10...).
#[must_use]
pub fn numeric(low: i64, high: i64) -> Scale {
    let points: Vec<ScalePoint> = (low..=high)
        .map(|value| ScalePoint {
            label: value.to_string(),
            code: value as f64,
        })
        .collect();
    let n = points.len();
    let neutral = (n % 2 == 1 && n <= 7).then_some(n / 2);
    Scale {
        family: "numeric".to_string(),
        points,
        neutral,
        non_scale: Vec::new(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(scale: &Scale) -> Vec<&str> {
        scale
            .points
            .iter()
            .map(|point| point.label.as_str())
            .collect()
    }

    #[test]
    fn five_point_agreement_in_scale_order_with_data_spelling() {
        let answers = [
            ("Agree", 10),
            ("Strongly Agree", 4),
            ("Disagree", 3),
            ("Don't know", 2),
            ("Neither agree nor disagree", 1),
        ];
        let scale = match_worded(&answers).expect("agreement scale");
        assert_eq!(scale.family, "agreement");
        assert_eq!(
            labels(&scale),
            [
                "Strongly disagree",
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Strongly Agree"
            ]
        );
        assert_eq!(scale.non_scale, ["Don't know"]);
        assert_eq!(scale.neutral, Some(2));
        assert_eq!(scale.top_box(), 3..5);
        assert_eq!(scale.bottom_box(), 0..2);
    }

    #[test]
    fn four_point_tend_to_scale_has_no_neutral() {
        let answers = [
            ("Tend to agree", 5),
            ("Strongly agree", 5),
            ("Tend to disagree", 1),
        ];
        let scale = match_worded(&answers).expect("scale");
        // "tend to" spellings are also accepted by the 5-point variant, which is tried first.
        assert_eq!(scale.family, "agreement");
        assert!(scale.len() == 5 || scale.len() == 4);
    }

    #[test]
    fn satisfaction_and_likelihood_are_recognised() {
        let scale = match_worded(&[
            ("Very satisfied", 3),
            ("Fairly dissatisfied", 2),
            ("Satisfied", 1),
        ])
        .expect("satisfaction");
        assert_eq!(scale.family, "satisfaction");
        let scale = match_worded(&[("Very likely", 3), ("Unlikely", 2)]).expect("likelihood");
        assert_eq!(scale.family, "likelihood");
    }

    #[test]
    fn three_words_of_how_often_are_a_scale_of_those_points() {
        // UK RSE 2016 `turnover2`: Never, Sometimes and Often only, most chosen first.
        let scale = match_worded(&[("Sometimes", 145), ("Often", 83), ("Never", 43)]).unwrap();
        assert_eq!(labels(&scale), ["Never", "Sometimes", "Often"]);
        assert_eq!(scale.family, "frequency");
        // Two words are not enough to call an order.
        assert!(match_worded(&[("Sometimes", 5), ("Never", 3)]).is_none());
    }

    #[test]
    fn frequency_sides_are_named_by_the_points_they_hold() {
        // Never, Sometimes, Often, Very often, Always: the negative side is Never and
        // Sometimes, which is not "rarely or never".
        let scale = Scale::from_labels(&[
            "Never".to_string(),
            "Sometimes".to_string(),
            "Often".to_string(),
            "Very often".to_string(),
            "Always".to_string(),
        ]);
        let scale = Scale {
            family: "frequency".to_string(),
            ..scale
        };
        assert_eq!(
            scale.sides().negative_phrase,
            "at the never end of the scale"
        );
        // Never, Rarely, Sometimes, Often, Always: the words are true.
        let scale = match_worded(&[
            ("Never", 3),
            ("Rarely", 4),
            ("Sometimes", 5),
            ("Often", 6),
            ("Always", 7),
        ])
        .unwrap();
        assert_eq!(scale.sides().negative_phrase, "rarely or never");
        assert_eq!(scale.sides().positive_phrase, "often or always");
    }

    #[test]
    fn plain_choices_are_not_scales() {
        assert!(match_worded(&[("Yes", 3), ("No", 2)]).is_none());
        assert!(match_worded(&[("Good", 3), ("Poor", 2)]).is_none());
        assert!(match_worded(&[("Agree", 3)]).is_none());
        assert!(match_worded(&[("Bus", 3), ("Car", 2), ("Walk", 1)]).is_none());
    }

    #[test]
    fn same_label_agrees_with_comparing_normalised_labels() {
        let labels = [
            "Don't know",
            "  Don\u{2019}t   Know. ",
            "DON'T KNOW",
            "dont know",
            "Neither agree/nor disagree",
            "Neither agree nor disagree",
            "\u{130}stanbul",
            "i\u{307}stanbul",
            "16\u{2013}24",
            "16-24",
            "",
            "...",
            "Agree",
            "agree ",
        ];
        for a in labels {
            for b in labels {
                assert_eq!(
                    same_label(a, b),
                    normalise(a) == normalise(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn normalise_folds_case_punctuation_and_quotes() {
        assert_eq!(normalise("  Don\u{2019}t   Know. "), "don't know");
        assert_eq!(
            normalise("Neither agree/nor disagree"),
            "neither agree nor disagree"
        );
        assert!(non_scale_answer("N/A"));
        assert!(non_scale_answer("Prefer not to say"));
    }

    #[test]
    fn numeric_zero_to_ten_is_nps() {
        let scale = numeric(0, 10);
        assert!(scale.is_nps());
        assert_eq!(scale.top_box(), 9..11);
        assert!(!numeric(1, 5).is_nps());
        assert_eq!(numeric(1, 5).neutral, Some(2));
    }

    #[test]
    fn from_labels_keeps_given_order_and_separates_non_scale() {
        let scale = Scale::from_labels(&[
            "Poor".into(),
            "Fair".into(),
            "Good".into(),
            "Don't know".into(),
        ]);
        assert_eq!(labels(&scale), ["Poor", "Fair", "Good"]);
        assert_eq!(scale.non_scale, ["Don't know"]);
        assert_eq!(scale.neutral, Some(1));
    }
}
