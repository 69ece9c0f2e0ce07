//! The logical order of a question's options when the export does not give the form's order:
//! ordered vocabularies (how often, how skilled), numeric bands and durations by their lower
//! bound, otherwise most chosen first; then the "Other" option, then non-answers ("Prefer not to
//! say", "None of the above").
//!
//! Each rule is a function of the options' labels and counts, so it orders any column however
//! its values are stored.

use super::scale;

/// Ordered vocabularies: each a list of positions, each position a list of spellings
/// (normalised, as [`scale::normalise`] gives them). A label's parenthetical remark is ignored
/// when it is looked up ("Novice (~1 semester of experience)" is "novice").
const VOCABULARIES: &[&[&[&str]]] = &[scale::HOW_OFTEN, PROFICIENCY];

/// How skilled or experienced, least first.
const PROFICIENCY: &[&[&str]] = &[
    &["complete novice", "no experience", "complete beginner"],
    &[
        "novice",
        "beginner",
        "basic",
        "elementary",
        "some knowledge",
    ],
    &["intermediate", "some experience", "moderate", "competent"],
    &["advanced", "proficient", "experienced", "very experienced"],
    &["expert", "fluent", "mastery"],
];

/// Options in a logical order: an ordered vocabulary's order or numeric bands and durations by
/// their lower bound ("Under 18", "18-24" ... "75+"; "Less than 6 months", "6-12 months",
/// "1-2 years", "2+ years") when nearly every option has one, otherwise most chosen first;
/// options outside the order after those in it; "Other" and non-answers last.
pub(crate) fn order_options(counts: &[(&str, usize)]) -> Vec<String> {
    let keys: Vec<Option<f64>> = ordinal_keys(counts);
    let keyed = keys.iter().filter(|key| key.is_some()).count();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    if keyed >= 2 && keyed + 2 >= counts.len() {
        order.sort_by(|&a, &b| {
            let key = |i: usize| (trailing_rank(counts[i].0), keys[i].unwrap_or(f64::INFINITY));
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(counts[b].1.cmp(&counts[a].1))
        });
    } else {
        order.sort_by(|&a, &b| {
            trailing_rank(counts[a].0)
                .cmp(&trailing_rank(counts[b].0))
                .then(counts[b].1.cmp(&counts[a].1))
                .then(counts[a].0.cmp(counts[b].0))
        });
    }
    order.into_iter().map(|i| counts[i].0.to_string()).collect()
}

/// Each option's place in the first ordered vocabulary that holds at least two of them, else
/// its band's lower bound.
fn ordinal_keys(counts: &[(&str, usize)]) -> Vec<Option<f64>> {
    for vocabulary in VOCABULARIES {
        let positions: Vec<Option<f64>> = counts
            .iter()
            .map(|(label, _)| {
                vocabulary_position(vocabulary, label).map(|position| position as f64)
            })
            .collect();
        if positions
            .iter()
            .filter(|position| position.is_some())
            .count()
            >= 2
        {
            return positions;
        }
    }
    counts.iter().map(|(label, _)| band_start(label)).collect()
}

/// The position of a label in an ordered vocabulary, its parenthetical remarks ignored.
pub(crate) fn vocabulary_position(vocabulary: &[&[&str]], label: &str) -> Option<usize> {
    let norm = scale::normalise(&without_parentheses(label));
    vocabulary
        .iter()
        .position(|spellings| spellings.contains(&norm.as_str()))
}

/// A label without its parenthetical remarks: "Novice (~1 semester)" is "Novice".
fn without_parentheses(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut depth = 0i32;
    for ch in label.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth <= 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// 0 for ordinary options, 1 for the "Other" option, 2 for non-answers, so those sort last.
fn trailing_rank(answer: &str) -> u8 {
    let norm = scale::normalise(answer);
    if scale::non_scale_answer(answer) || norm == "none" || norm == "none of the above" {
        2
    } else {
        u8::from(is_other_option(answer))
    }
}

/// True for the form's "Other" option: "Other", "Other (please specify)", "Other:", "Other -
/// write in", "Any other ...", or a section of others ("Other ethnic group: Arab"). An option
/// that merely starts with the word ("Other Public Research Lab") is an option like any other.
pub(crate) fn is_other_option(label: &str) -> bool {
    let label = label.trim();
    let lower = label.to_lowercase();
    if scale::normalise(label) == "other" || lower.starts_with("any other") {
        return true;
    }
    let Some(rest) = lower.strip_prefix("other") else {
        return false;
    };
    let rest_trimmed = rest.trim_start();
    rest_trimmed.starts_with(['(', ':', '-', '\u{2013}', ',', '/', '['])
        || rest_trimmed.starts_with("please specify")
        || rest_trimmed.starts_with("specify")
        // A section of others: the text before a colon starts with "Other".
        || lower
            .split_once(':')
            .is_some_and(|(section, _)| section.starts_with("other ") && section.len() <= 40)
}

/// The lower bound of a numeric band, in the band's unit: "18-24" 18, "Under 18" just under
/// 18, "75+" 75, "65 and over" 65, "£10,000 - £19,999" 10000. Durations are in days, so that
/// "6-12 months" comes before "1-2 years".
fn band_start(answer: &str) -> Option<f64> {
    let lower = answer.to_lowercase();
    let first = lower
        .split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .find(|token| token.chars().any(|c| c.is_ascii_digit()))?;
    let value: f64 = first.replace(',', "").trim_end_matches('.').parse().ok()?;
    let value = value * days_per_unit(&lower);
    let below = [
        "under",
        "less than",
        "below",
        "younger than",
        "up to",
        "fewer than",
        "<",
    ];
    if below.iter().any(|word| lower.starts_with(word)) {
        Some(value - 0.5)
    } else {
        Some(value)
    }
}

/// Days in the unit of time a band names ("6-12 months": 30.44), 1 when it names none.
fn days_per_unit(lower: &str) -> f64 {
    const UNITS: &[(&[&str], f64)] = &[
        (&["minute", "minutes", "min", "mins"], 1.0 / 1440.0),
        (&["hour", "hours", "hr", "hrs"], 1.0 / 24.0),
        (&["day", "days"], 1.0),
        (&["week", "weeks", "wk", "wks"], 7.0),
        (&["month", "months", "mo", "mos"], 30.44),
        (&["year", "years", "yr", "yrs"], 365.25),
    ];
    lower
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|word| {
            UNITS
                .iter()
                .find(|(names, _)| names.contains(&word))
                .map(|(_, days)| *days)
        })
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered(labels: &[&str]) -> Vec<String> {
        // Counts that would order the labels backwards if frequency decided.
        let counts: Vec<(&str, usize)> = labels
            .iter()
            .enumerate()
            .map(|(index, label)| (*label, index + 1))
            .collect();
        order_options(&counts)
    }

    /// The ordering table: options in, logical order out.
    #[test]
    fn options_come_in_their_logical_order() {
        let cases: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
            (
                "age bands with a non-answer",
                vec!["25-34", "75+", "Under 18", "Prefer not to say", "18-24"],
                vec!["Under 18", "18-24", "25-34", "75+", "Prefer not to say"],
            ),
            (
                "durations in two units (Jupyter 2020)",
                vec![
                    "2+ years.",
                    "1-2 years.",
                    "6-12 months.",
                    "Less than 6 months.",
                ],
                vec![
                    "Less than 6 months.",
                    "6-12 months.",
                    "1-2 years.",
                    "2+ years.",
                ],
            ),
            (
                "proficiency with remarks (Jupyter 2016)",
                vec![
                    "Advanced (2-3 years of experience)",
                    "Intermediate (a year of experience)",
                    "Novice (~1 semester of experience)",
                    "Complete novice (no experience)",
                ],
                vec![
                    "Complete novice (no experience)",
                    "Novice (~1 semester of experience)",
                    "Intermediate (a year of experience)",
                    "Advanced (2-3 years of experience)",
                ],
            ),
            (
                "how often, with an opt-out after the order (Jupyter 2020 q18b)",
                vec![
                    "I am not collaborating.",
                    "Weekly.",
                    "Monthly.",
                    "2+ times per week.",
                    "Less than monthly.",
                    "A few times a month.",
                ],
                vec![
                    "Less than monthly.",
                    "Monthly.",
                    "A few times a month.",
                    "Weekly.",
                    "2+ times per week.",
                    "I am not collaborating.",
                ],
            ),
            (
                "numeric bands with a comma and a sign",
                vec!["> 1,000", "500-1,000", "1 - 10", "10 - 100"],
                vec!["1 - 10", "10 - 100", "500-1,000", "> 1,000"],
            ),
            (
                // Spack: "Other Public Research Lab" is an option, "Other" is the Other option.
                "an option starting with Other is not the Other option",
                vec!["Other", "Company", "Other Public Research Lab"],
                vec!["Other Public Research Lab", "Company", "Other"],
            ),
        ];
        for (name, labels, expected) in cases {
            assert_eq!(ordered(&labels), expected, "{name}");
        }
    }

    #[test]
    fn the_other_option_is_told_from_options_starting_with_other() {
        for (label, other) in [
            ("Other", true),
            ("Other (please specify)", true),
            ("Other:", true),
            ("Other - Write In", true),
            ("Any other reason", true),
            ("Other ethnic group: Arab", true),
            ("Other Public Research Lab", false),
            ("Otherwise", false),
            ("Mother", false),
        ] {
            assert_eq!(is_other_option(label), other, "{label}");
        }
    }
}
