//! Matching survey answers to reference categories: label folding, `prefix*` patterns, answers
//! that decline (prefer not to say), and age bands read as intervals of years.
//!
//! Two foldings are used on purpose. Whole labels are compared with
//! [`crate::schema::scale::normalise`], which ignores case and punctuation, so "White - Irish"
//! and "white: irish" are one label. Patterns ending in `*` are compared as prefixes with a
//! lighter folding that keeps punctuation, so `White:*` matches "White: Irish" but not
//! "White and Asian" (a Mixed group in many forms).

use std::sync::LazyLock;

use regex::Regex;

use crate::schema::scale;

/// A label folded for whole-label comparison: case, punctuation and spacing ignored.
#[must_use]
pub(crate) fn fold(label: &str) -> String {
    scale::normalise(label)
}

/// A label folded for prefix comparison: lowercase, curly quotes and dashes straightened,
/// whitespace collapsed, punctuation kept.
#[must_use]
pub(crate) fn fold_keeping_punctuation(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            let ch = match ch {
                '\u{2018}' | '\u{2019}' | '`' => '\'',
                '\u{2013}' | '\u{2014}' => '-',
                other => other,
            };
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// One entry of a category's `includes`: an answer label, or a prefix ending in `*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// A whole label, folded with [`fold`].
    Label(String),
    /// A prefix, folded with [`fold_keeping_punctuation`].
    Prefix(String),
}

impl Pattern {
    /// Parses one entry; `None` for an empty one.
    pub(crate) fn parse(text: &str) -> Option<Pattern> {
        let text = text.trim();
        if let Some(prefix) = text.strip_suffix('*') {
            let prefix = fold_keeping_punctuation(prefix);
            return (!prefix.is_empty()).then_some(Pattern::Prefix(prefix));
        }
        let label = fold(text);
        (!label.is_empty()).then_some(Pattern::Label(label))
    }

    /// How well this pattern matches an answer: `None` for no match, else a strength where an
    /// exact label beats any prefix and a longer prefix beats a shorter one.
    pub(crate) fn strength(&self, folded: &str, folded_keeping_punctuation: &str) -> Option<usize> {
        match self {
            Pattern::Label(label) => (label == folded).then_some(usize::MAX),
            Pattern::Prefix(prefix) => folded_keeping_punctuation
                .starts_with(prefix.as_str())
                .then_some(prefix.len()),
        }
    }
}

/// True for answers that decline or do not place the respondent: prefer not to say, don't
/// know, not stated. They are counted apart from the comparison base.
#[must_use]
pub(crate) fn declines(label: &str) -> bool {
    if scale::non_scale_answer(label) {
        return true;
    }
    matches!(
        fold(label).as_str(),
        "not stated"
            | "prefer not to answer"
            | "i prefer not to say"
            | "i'd rather not say"
            | "i would rather not say"
            | "decline to answer"
            | "declined"
            | "no answer"
            | "not given"
            | "withheld"
    )
}

/// An age band as whole years: from `low` up to but not including `high` (`None`: no upper
/// limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AgeBand {
    /// The youngest age in the band.
    pub(crate) low: u32,
    /// One more than the oldest age, or `None` for an open band (`75 or over`).
    pub(crate) high: Option<u32>,
}

impl AgeBand {
    /// Years this band shares with another, and whether they overlap at all.
    pub(crate) fn overlap(self, other: AgeBand) -> Option<AgeBand> {
        let low = self.low.max(other.low);
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        };
        match high {
            Some(high) if high <= low => None,
            _ => Some(AgeBand { low, high }),
        }
    }

    /// True when every age of `self` lies in `other`.
    pub(crate) fn within(self, other: AgeBand) -> bool {
        self.low >= other.low
            && match (self.high, other.high) {
                (_, None) => true,
                (Some(a), Some(b)) => a <= b,
                (None, Some(_)) => false,
            }
    }

    /// True when the age (in whole years) lies in the band.
    pub(crate) fn contains(self, age: f64) -> bool {
        age >= f64::from(self.low) && self.high.is_none_or(|high| age < f64::from(high))
    }

    /// The number of single years in a closed band.
    pub(crate) fn years(self) -> Option<u32> {
        self.high.map(|high| high - self.low)
    }
}

impl std::fmt::Display for AgeBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.high {
            Some(high) => write!(f, "{}-{}", self.low, high - 1),
            None => write!(f, "{} or over", self.low),
        }
    }
}

static RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})\s*(?:-|to)\s*(\d{1,3})$").expect("valid regex"));
static UNDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:under|less than|below|younger than)\s*(\d{1,3})$").expect("valid regex")
});
static AND_UNDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3})\s*(?:and|or)\s*(?:under|younger|below|less)$").expect("valid regex")
});
static AND_OVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,3})\s*(?:\+|plus|and over|or over|and older|or older|and above|or above|and more|or more)$",
    )
    .expect("valid regex")
});
static OVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:over|older than|more than|above)\s*(\d{1,3})$").expect("valid regex")
});
static INTERVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[\s*(\d{1,3})\s*,\s*(\d{1,3}|inf)\s*\)$").expect("valid regex")
});

/// Reads an age band label: `25-34`, `25 to 34`, `Aged 25 to 34 years`, `Under 16`,
/// `4 years and under`, `75 or over`, `75+`, `Over 75` (76 and over), `[25, 35)`.
#[must_use]
pub(crate) fn age_band(label: &str) -> Option<AgeBand> {
    let mut text = fold_keeping_punctuation(label);
    for noise in ["aged ", "age "] {
        if let Some(rest) = text.strip_prefix(noise) {
            text = rest.to_string();
        }
    }
    for noise in [
        " years old",
        " year olds",
        " years",
        " year",
        " yrs",
        " olds",
    ] {
        text = text.replace(noise, "");
    }
    let text = text.trim().trim_end_matches('.').to_string();
    let number = |text: &str| text.parse::<u32>().ok();
    if let Some(captures) = RANGE.captures(&text) {
        let low = number(&captures[1])?;
        let high = number(&captures[2])?;
        return (high >= low).then_some(AgeBand {
            low,
            high: Some(high + 1),
        });
    }
    if let Some(captures) = UNDER.captures(&text) {
        let high = number(&captures[1])?;
        return (high > 0).then_some(AgeBand {
            low: 0,
            high: Some(high),
        });
    }
    if let Some(captures) = AND_UNDER.captures(&text) {
        return Some(AgeBand {
            low: 0,
            high: Some(number(&captures[1])? + 1),
        });
    }
    if let Some(captures) = AND_OVER.captures(&text) {
        return Some(AgeBand {
            low: number(&captures[1])?,
            high: None,
        });
    }
    if let Some(captures) = OVER.captures(&text) {
        return Some(AgeBand {
            low: number(&captures[1])? + 1,
            high: None,
        });
    }
    if let Some(captures) = INTERVAL.captures(&text) {
        let low = number(&captures[1])?;
        let high = if &captures[2] == "inf" {
            None
        } else {
            Some(number(&captures[2])?)
        };
        return high
            .is_none_or(|high| high > low)
            .then_some(AgeBand { low, high });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(low: u32, high: Option<u32>) -> AgeBand {
        AgeBand { low, high }
    }

    #[test]
    fn age_band_labels_are_read_as_years() {
        for (label, expected) in [
            ("16-24", Some(band(16, Some(25)))),
            ("25 to 34", Some(band(25, Some(35)))),
            ("Aged 25 to 29 years", Some(band(25, Some(30)))),
            ("25\u{2013}34", Some(band(25, Some(35)))),
            ("Under 16", Some(band(0, Some(16)))),
            ("Aged 4 years and under", Some(band(0, Some(5)))),
            ("75 or over", Some(band(75, None))),
            ("75+", Some(band(75, None))),
            ("90 and over", Some(band(90, None))),
            ("Over 75", Some(band(76, None))),
            ("[0, 5)", Some(band(0, Some(5)))),
            ("[90, Inf)", Some(band(90, None))),
            ("Prefer not to say", None),
            ("34-25", None),
            ("Under 0", None),
        ] {
            assert_eq!(age_band(label), expected, "{label}");
        }
    }

    #[test]
    fn overlaps_and_containment() {
        let survey = AgeBand {
            low: 16,
            high: Some(25),
        };
        let reference = AgeBand {
            low: 15,
            high: Some(20),
        };
        assert_eq!(
            survey.overlap(reference),
            Some(AgeBand {
                low: 16,
                high: Some(20)
            })
        );
        assert!(!reference.within(survey));
        let open = AgeBand {
            low: 90,
            high: None,
        };
        assert!(open.within(AgeBand {
            low: 75,
            high: None
        }));
        assert!(
            AgeBand {
                low: 0,
                high: Some(5)
            }
            .overlap(survey)
            .is_none()
        );
        assert!(open.contains(101.0));
        assert!(!survey.contains(25.0));
    }

    #[test]
    fn patterns_prefer_labels_then_longer_prefixes() {
        let label = Pattern::parse("White").unwrap();
        let white = Pattern::parse("White:*").unwrap();
        let answer = "White: Irish";
        let (folded, kept) = (fold(answer), fold_keeping_punctuation(answer));
        assert_eq!(label.strength(&folded, &kept), None);
        assert_eq!(white.strength(&folded, &kept), Some(6));
        let mixed = "White and Asian";
        assert_eq!(
            white.strength(&fold(mixed), &fold_keeping_punctuation(mixed)),
            None
        );
        assert_eq!(
            label.strength(&fold("white"), &fold_keeping_punctuation("white")),
            Some(usize::MAX)
        );
        assert_eq!(Pattern::parse(" * "), None);
    }

    #[test]
    fn declining_answers_are_recognised() {
        for label in [
            "Prefer not to say",
            "Not stated",
            "Don't know",
            "I'd prefer not to say",
        ] {
            assert!(declines(label), "{label}");
        }
        assert!(!declines("Female"));
    }
}
