//! Question-type inference: a column's header and answers in, a type, options and profile flag
//! out. Each rule is a small function tried in order; the tests at the bottom are a table of
//! columns and the type each must get.

use std::collections::HashMap;

use super::joined::JoinedOptions;
pub(crate) use super::order::order_options;
use super::scale::{self, Scale};
use super::{Profile, QuestionType, Role};

/// What inference concluded about one column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Inferred {
    pub(crate) kind: QuestionType,
    pub(crate) options: Vec<String>,
    pub(crate) scale: Option<Scale>,
    pub(crate) profile: Option<Profile>,
    pub(crate) role: Option<Role>,
    /// For multi-choice answers joined in one cell: the options learned and how to split.
    pub(crate) joined: Option<JoinedOptions>,
}

impl Inferred {
    fn of(kind: QuestionType) -> Inferred {
        Inferred {
            kind,
            options: Vec::new(),
            scale: None,
            profile: None,
            role: None,
            joined: None,
        }
    }
}

/// The longest answer that can be a scale point, a yes/no or a profile category, in bytes.
const LABEL_MAX: usize = 120;

/// Counts of distinct answers in first-seen order.
pub(crate) fn tally<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for value in values {
        if let Some(&position) = index.get(value) {
            counts[position].1 += 1;
        } else {
            index.insert(value, counts.len());
            counts.push((value, 1));
        }
    }
    counts
}

/// Infers a text column's type. `separator` is the layout's multi-select separator, if any.
pub(crate) fn infer_text(
    header: &str,
    values: &[Option<String>],
    separator: Option<&'static str>,
) -> Inferred {
    let answers: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
    let profile = profile_from_header(header);
    if answers.is_empty() {
        let mut inferred = Inferred::of(if profile.is_some() {
            QuestionType::SingleChoice
        } else {
            QuestionType::FreeText
        });
        inferred.profile = profile;
        return inferred;
    }
    if let Some(role) = personal_by_values(&answers) {
        // Outward codes only ("B12", "SW1A") are an area profile, not personal data.
        let mut inferred = Inferred::of(QuestionType::Personal);
        inferred.role = Some(role);
        return inferred;
    }
    let counts = tally(answers.iter().copied());
    // Scale points, yes/no and profile categories are short labels. When nearly every answer is
    // short, the matchers look at the short ones only (a rare long write-in stays an answer);
    // otherwise they are skipped, which also keeps long free text from being normalised for
    // nothing.
    let long: usize = counts
        .iter()
        .filter(|(answer, _)| answer.len() > LABEL_MAX)
        .map(|(_, count)| count)
        .sum();
    let short_counts: Vec<(&str, usize)> = counts
        .iter()
        .copied()
        .filter(|(answer, _)| answer.len() <= LABEL_MAX)
        .collect();
    let labels = if long * 50 <= answers.len() {
        short_counts.as_slice()
    } else {
        &[]
    };
    if let Some(mut inferred) = yes_no(labels) {
        inferred.profile = profile;
        return inferred;
    }
    if let Some(scale) = anchored_numeric_scale(labels) {
        let mut inferred = Inferred::of(QuestionType::Likert);
        inferred.options = scale.options();
        inferred.scale = Some(scale);
        return inferred;
    }
    if let Some(scale) = scale::match_worded(labels) {
        let mut inferred = Inferred::of(QuestionType::Likert);
        inferred.options = scale.options();
        inferred.scale = Some(scale);
        inferred.profile = profile;
        return inferred;
    }
    if let Some(mut inferred) = joined_multi(&answers, separator) {
        inferred.profile = profile;
        return inferred;
    }
    let profile = profile.or_else(|| profile_from_values(labels));
    if is_choice(&counts, answers.len()) || profile.is_some() && counts.len() <= 40 {
        let mut inferred = Inferred::of(QuestionType::SingleChoice);
        inferred.options = order_options(&counts);
        inferred.profile = profile;
        return inferred;
    }
    let mut inferred = Inferred::of(QuestionType::FreeText);
    inferred.profile = profile.filter(|profile| *profile == Profile::Area);
    inferred
}

/// A numeric reading of a text column: the numbers, and in the same rows the typed answers
/// that are not numbers.
pub(crate) type NumbersAndTyped = (Vec<Option<f64>>, Vec<Option<String>>);

/// A text column that is numeric but for a few typed answers: every answer a number or a
/// percentage ("80", "80%"), except answers that are each given once and together at most one
/// in twenty ("It varies massively.", "~60"). Returns the numbers, and the typed answers in
/// their rows, to be kept as text beside the numbers; `None` for anything else (a list of
/// options such as "1", "2", "3 or more" repeats its non-numbers).
pub(crate) fn numbers_with_typed_answers(values: &[Option<String>]) -> Option<NumbersAndTyped> {
    let mut numbers = Vec::with_capacity(values.len());
    let mut typed = Vec::with_capacity(values.len());
    let mut answered = 0usize;
    let mut distinct_typed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for value in values {
        let Some(text) = value else {
            numbers.push(None);
            typed.push(None);
            continue;
        };
        answered += 1;
        if let Some(number) = crate::ingest::values::parse_quantity(text) {
            numbers.push(Some(number));
            typed.push(None);
        } else {
            // A repeated non-number, "Don't know" or a labelled scale point ("5 - Very") is an
            // option, not a typed answer.
            if !distinct_typed.insert(text.as_str())
                || scale::non_scale_answer(text)
                || numbered_answer(text).is_some()
            {
                return None;
            }
            numbers.push(None);
            typed.push(Some(text.clone()));
        }
    }
    let typed_count = distinct_typed.len();
    (answered > typed_count && typed_count * 20 <= answered).then_some((numbers, typed))
}

/// Numbers with their end points (or every point) labelled, as `LimeSurvey`, SurveyMonkey and
/// others export rating scales: `0 - Mostly me`, `1`, ..., `5 - Mostly other people`; `(0) Not a
/// problem for me.` ... `(4) Critical.`, with non-answers ("N/A - skip, don't know.") off the
/// scale.
fn anchored_numeric_scale(counts: &[(&str, usize)]) -> Option<Scale> {
    let mut anchors: std::collections::BTreeMap<i64, String> = std::collections::BTreeMap::new();
    let mut seen: Vec<i64> = Vec::new();
    let mut non_scale: Vec<String> = Vec::new();
    for (answer, _) in counts {
        match numbered_answer(answer) {
            Some((value, labelled)) if (0..=10).contains(&value) => {
                seen.push(value);
                if labelled {
                    anchors.insert(value, (*answer).to_string());
                }
            }
            _ if scale::non_scale_answer(answer) => non_scale.push((*answer).to_string()),
            _ => return None,
        }
    }
    if anchors.is_empty() || seen.len() < 2 {
        return None;
    }
    let low = seen.iter().chain(anchors.keys()).copied().min()?;
    let high = seen.iter().chain(anchors.keys()).copied().max()?;
    let mut scale = scale::numeric(low.min(1), high);
    for point in &mut scale.points {
        if let Some(label) = anchors.get(&(point.code as i64)) {
            point.label.clone_from(label);
        }
    }
    scale.non_scale = non_scale;
    Some(scale)
}

/// A scale point written as a number with or without its label: `3`, `0 - Mostly me`,
/// `5 = Very`, `(0) Not a problem`, `(4) Critical.`. The number, and whether it has a label.
fn numbered_answer(answer: &str) -> Option<(i64, bool)> {
    let answer = answer.trim();
    if let Some(rest) = answer.strip_prefix('(')
        && let Some((number, label)) = rest.split_once(')')
    {
        return number
            .trim()
            .parse::<i64>()
            .ok()
            .map(|value| (value, !label.trim().is_empty()));
    }
    match answer
        .split_once(" - ")
        .or_else(|| answer.split_once(" = "))
    {
        Some((number, _)) => number.trim().parse::<i64>().ok().map(|value| (value, true)),
        None => answer.parse::<i64>().ok().map(|value| (value, false)),
    }
}

/// Infers a numeric column's type: a rating scale when the header says so, else a number.
pub(crate) fn infer_number(header: &str, values: &[Option<f64>]) -> Inferred {
    let numbers: Vec<f64> = values.iter().flatten().copied().collect();
    let profile = profile_from_header(header);
    let integers = numbers.iter().all(|value| value.fract() == 0.0);
    let (low, high) = numbers
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &value| {
            (low.min(value), high.max(value))
        });
    if integers
        && !numbers.is_empty()
        && low >= 0.0
        && high <= 10.0
        && let Some((scale_low, scale_high)) = scale_from_header(header, low as i64, high as i64)
    {
        let scale = scale::numeric(scale_low, scale_high);
        let mut inferred = Inferred::of(QuestionType::Likert);
        inferred.options = scale.options();
        inferred.scale = Some(scale);
        return inferred;
    }
    let mut inferred = Inferred::of(QuestionType::Numeric);
    // Age as a number is still the age profile.
    inferred.profile = profile.filter(|profile| *profile == Profile::Age);
    inferred
}

/// A rating scale's range from header wording ("on a scale of 1 to 5", "0-10", "how likely are
/// you to recommend"), checked against the values seen.
fn scale_from_header(header: &str, low: i64, high: i64) -> Option<(i64, i64)> {
    let lower = header.to_lowercase();
    let recommend = lower.contains("recommend") && lower.contains("likely");
    let rating_words = [
        "scale",
        "rate ",
        "rating",
        "rate how",
        "out of",
        "score from",
        "stars",
    ]
    .iter()
    .any(|word| lower.contains(word));
    // Explicit ranges: "1 to 5", "1-10", "0 - 10", "(1 = ... 5 = ...)".
    let mut explicit = None;
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|token| !token.is_empty())
        .collect();
    for pair in tokens.windows(2) {
        if let (Ok(a), Ok(b)) = (pair[0].parse::<i64>(), pair[1].parse::<i64>())
            && (a == 0 || a == 1)
            && [3, 4, 5, 7, 10].contains(&b)
        {
            explicit = Some((a, b));
            break;
        }
    }
    match explicit {
        Some((a, b)) if low >= a && high <= b => Some((a, b)),
        _ if recommend && high <= 10 => Some((0, 10)),
        _ if rating_words && high <= 10 && low >= 0 => {
            let top = [3, 4, 5, 7, 10]
                .into_iter()
                .find(|&top| high <= top)
                .unwrap_or(10);
            Some((low.min(1), top))
        }
        _ => None,
    }
}

const YES: &[&str] = &["yes", "y", "true", "1"];
const NO: &[&str] = &["no", "n", "false", "0"];

fn yes_no(counts: &[(&str, usize)]) -> Option<Inferred> {
    // At most one way of saying yes and one of saying no: "Yes, limited a lot" and "Yes, limited
    // a little" are two answers of a single-choice question, not a yes/no.
    let side = |answer: &str| -> Option<bool> {
        let norm = scale::normalise(answer);
        let norm = norm.trim_end_matches(" please specify");
        if YES.contains(&norm) || norm.starts_with("yes ") {
            Some(true)
        } else if NO.contains(&norm) || norm.starts_with("no ") {
            Some(false)
        } else {
            None
        }
    };
    let mut yes_forms = 0;
    let mut no_forms = 0;
    for (answer, _) in counts {
        match side(answer) {
            Some(true) => yes_forms += 1,
            Some(false) => no_forms += 1,
            None if scale::non_scale_answer(answer) => {}
            None => return None,
        }
    }
    // "1"/"0" alone are numbers, handled as numeric; words are needed.
    let worded = counts
        .iter()
        .any(|(answer, _)| answer.chars().any(char::is_alphabetic));
    if yes_forms + no_forms == 0 || yes_forms > 1 || no_forms > 1 || !worded {
        return None;
    }
    let mut inferred = Inferred::of(QuestionType::YesNo);
    let mut options: Vec<&str> = counts.iter().map(|(answer, _)| *answer).collect();
    options.sort_by_key(|answer| match side(answer) {
        Some(true) => 0,
        Some(false) => 1,
        None => 2,
    });
    inferred.options = options.into_iter().map(str::to_string).collect();
    Some(inferred)
}

/// Multi-select answers joined in one cell. With a layout separator, the column is multi-choice
/// when its answers are combinations of options learned from the column ([`JoinedOptions`]);
/// without one, `;` is tried: with a trailing `;` on most answers (Microsoft Forms style, which
/// is evidence enough) or in at least a fifth of the answers (SurveyGizmo and hand-made sheets).
fn joined_multi(answers: &[&str], separator: Option<&'static str>) -> Option<Inferred> {
    let trailing = answers
        .iter()
        .filter(|answer| answer.ends_with(';'))
        .count()
        * 2
        > answers.len();
    let separator = separator.or_else(|| {
        let with = answers.iter().filter(|answer| answer.contains(';')).count();
        (trailing || with * 5 >= answers.len()).then_some(";")
    })?;
    let trailing = trailing && separator == ";";
    let mark = if separator.trim().is_empty() {
        separator
    } else {
        separator.trim_end()
    };
    if !answers.iter().any(|answer| answer.trim().contains(mark)) {
        return None;
    }
    // Space-separated answers (KoboToolbox) join option names, which have no spaces or
    // punctuation; a comment split on spaces is not a multi-select.
    if separator == " "
        && answers
            .iter()
            .flat_map(|answer| answer.split(' '))
            .any(|piece| {
                !piece
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            })
    {
        return None;
    }
    let options = JoinedOptions::learn(answers, separator);
    // Two answers that combine known options make a checkbox question; options that merely
    // contain the separator ("Yes, I'd attend") are whole answers, not combinations.
    if !trailing && options.combinations(answers) < 2 {
        return None;
    }
    let items: Vec<String> = answers
        .iter()
        .flat_map(|answer| options.split(answer))
        .collect();
    let counts = tally(items.iter().map(String::as_str));
    // A real option list is reused: few distinct options relative to mentions, mostly short.
    // Typed "Other" text (an unknown part) is left out of the test: it is nearly all different.
    let known: Vec<&(&str, usize)> = counts
        .iter()
        .filter(|(item, _)| options.is_known(item))
        .collect();
    let mentions: usize = known.iter().map(|(_, count)| count).sum();
    let long_items = known
        .iter()
        .filter(|(item, _)| item.split_whitespace().count() > 12)
        .count();
    let reused = known.len() <= 100
        && known.len() * 3 <= mentions.max(3) * 2
        && long_items * 5 <= known.len();
    if !reused {
        return None;
    }
    let mut inferred = Inferred::of(QuestionType::MultiChoice);
    inferred.options = order_options(&counts);
    inferred.joined = Some(options);
    Some(inferred)
}

/// Closed answers: few distinct values relative to answers, short ones; or a handful of
/// distinct answers each given many times, however long (options worded as sentences: "We work
/// on the same project, but different parts." chosen by 529 of 1,135). Written answers are
/// nearly all different, so a small vocabulary repeated over many rows is a list of options.
fn is_choice(counts: &[(&str, usize)], answered: usize) -> bool {
    let distinct = counts.len();
    let words: usize = counts
        .iter()
        .map(|(answer, count)| answer.split_whitespace().count() * count)
        .sum();
    let mean_words = words as f64 / answered.max(1) as f64;
    let longest = counts
        .iter()
        .map(|(answer, _)| answer.chars().count())
        .max()
        .unwrap_or(0);
    if longest > 200 {
        return false;
    }
    let given_once: usize = counts.iter().filter(|(_, count)| *count == 1).count();
    // A list of options offers a choice: one text repeated by everyone (a campaign letter) is
    // written, not chosen.
    if (2..=20).contains(&distinct) && answered >= 10 * distinct && given_once * 10 <= answered {
        return true;
    }
    if mean_words > 8.0 {
        return false;
    }
    let repeated: usize = counts
        .iter()
        .filter(|(_, count)| *count > 1)
        .map(|(_, count)| count)
        .sum();
    if answered < 10 {
        // Too few answers to judge by repetition: short answers are taken as choices.
        return distinct <= 6 && mean_words <= 4.0;
    }
    distinct <= 40
        && (distinct * 3 <= answered || repeated * 10 >= answered * 8)
        && mean_words <= 6.0
}

/// Values that are personal data: email addresses, UK phone numbers, full UK postcodes, NHS
/// numbers, GPS points, traces and what3words addresses (checked by the privacy module's
/// detectors).
fn personal_by_values(answers: &[&str]) -> Option<Role> {
    let n = answers.len();
    let share = |predicate: &dyn Fn(&str) -> bool| {
        answers.iter().filter(|answer| predicate(answer)).count() * 10 >= n * 6
    };
    if share(&crate::privacy::detect::is_email) {
        return Some(Role::Email);
    }
    if share(&crate::privacy::detect::is_uk_phone) {
        return Some(Role::Phone);
    }
    if share(&crate::privacy::detect::is_full_postcode) {
        return Some(Role::Postcode);
    }
    if share(&crate::privacy::detect::is_nhs_number) {
        return Some(Role::NhsNumber);
    }
    if share(&crate::privacy::detect::is_location) {
        return Some(Role::Location);
    }
    None
}

/// The profile a header asks about.
pub(crate) fn profile_from_header(header: &str) -> Option<Profile> {
    let lower = header.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|word| lower.contains(word));
    let word = |w: &str| {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|token| token == w)
    };
    if has(&["sexual orientation", "sexuality"]) {
        Some(Profile::SexualOrientation)
    } else if has(&["ethnic"]) {
        Some(Profile::Ethnicity)
    } else if has(&[
        "disab",
        "long-term health",
        "long term health",
        "long-standing illness",
        "long-term condition",
        "long term condition",
        "day-to-day activities limited",
    ]) {
        Some(Profile::Disability)
    } else if has(&["religion", "belief", "faith group"]) && !has(&["believe"]) {
        Some(Profile::Religion)
    } else if word("gender") || word("sex") || has(&["male or female", "are you male"]) {
        Some(Profile::Sex)
    } else if word("age")
        || has(&[
            "age group",
            "age band",
            "age range",
            "how old",
            "year of birth",
            "your age",
        ])
    {
        Some(Profile::Age)
    } else if has(&[
        "postcode district",
        "first part of your postcode",
        "first half of your postcode",
        "which ward",
        "ward do you",
        "which area",
        "where do you live",
        "area do you live",
        "which borough",
        "locality",
        "which town",
        "neighbourhood",
    ]) {
        Some(Profile::Area)
    } else if is_capacity_wording(&lower) {
        Some(Profile::Capacity)
    } else if has(&[
        "how did you hear",
        "how did you find out",
        "how did you take part",
        "how did you learn about",
        "where did you hear",
        "channel",
    ]) {
        Some(Profile::Channel)
    } else {
        None
    }
}

/// Wording that asks in what capacity someone responds ("Are you responding as...", "Which
/// best describes you?", "Are you a patient, a carer or a member of staff?"). Membership of a
/// body ("Are you a member of the UK RSE Association?") is not a capacity: only "member of
/// staff" and "member of the public" are.
fn is_capacity_wording(lower: &str) -> bool {
    let has = |words: &[&str]| words.iter().any(|word| lower.contains(word));
    let membership = lower.contains("member of")
        && !has(&[
            "member of staff",
            "member of the public",
            "members of the public",
        ]);
    if membership
        && !has(&[
            "capacity",
            "responding as",
            "on behalf of",
            "best describes",
        ])
    {
        return false;
    }
    has(&[
        "capacity",
        "responding as",
        "are you responding",
        "respond as",
        "on behalf of",
        "best describes you",
        "which sector",
        "your sector",
        // With the space: "are you acknowledged" is not a capacity.
        "are you a ",
        "are you an ",
        "respondent type",
        "your role",
        "type of respondent",
        "connection to",
        "relationship to",
        "interest in",
    ])
}

/// A profile recognised from the answers themselves (age bands, sex, census ethnic groups).
fn profile_from_values(counts: &[(&str, usize)]) -> Option<Profile> {
    let norms: Vec<String> = counts
        .iter()
        .map(|(answer, _)| scale::normalise(answer))
        .collect();
    let share = |predicate: &dyn Fn(&str) -> bool| {
        norms.iter().filter(|norm| predicate(norm)).count() * 10 >= norms.len() * 7
    };
    if norms.len() >= 3 && share(&|norm| is_age_band(norm) || scale::non_scale_answer(norm)) {
        return Some(Profile::Age);
    }
    if share(&|norm| {
        matches!(
            norm,
            "male"
                | "female"
                | "man"
                | "woman"
                | "non-binary"
                | "other"
                | "prefer not to say"
                | "prefer to self-describe"
                | "in another way"
        )
    }) && norms.iter().any(|norm| norm == "female" || norm == "woman")
    {
        return Some(Profile::Sex);
    }
    if share(&|norm| {
        norm.starts_with("white")
            || norm.starts_with("asian")
            || norm.starts_with("black")
            || norm.starts_with("mixed")
            || norm.starts_with("other ethnic")
            || norm.starts_with("any other")
            || scale::non_scale_answer(norm)
    }) && norms.iter().any(|norm| norm.starts_with("white"))
    {
        return Some(Profile::Ethnicity);
    }
    None
}

/// An age band: numbers that can be ages, a range or bound ("18-24", "Under 16", "75 or over",
/// "65+"), and no words but those that go with ages: "1-10 employees" is a size, not an age.
fn is_age_band(norm: &str) -> bool {
    const AGE_WORDS: &[&str] = &[
        "years", "year", "yrs", "yr", "old", "aged", "age", "under", "over", "and", "to", "or",
        "older", "younger", "plus", "above", "below", "less", "more", "than", "up",
    ];
    let has_digit = norm.chars().any(|c| c.is_ascii_digit());
    let plausible_ages = norm
        .split(|c: char| !c.is_ascii_digit())
        .filter(|token| !token.is_empty())
        .all(|token| token.parse::<u32>().is_ok_and(|age| age <= 110));
    let only_age_words = norm
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .all(|word| AGE_WORDS.contains(&word));
    has_digit
        && plausible_ages
        && only_age_words
        && (norm.contains('-')
            || norm.contains(" to ")
            || norm.contains("under")
            || norm.contains("over")
            || norm.contains('+')
            || norm.contains("older"))
        && norm.len() <= 20
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(values: &[&str]) -> Vec<Option<String>> {
        values
            .iter()
            .map(|value| (!value.is_empty()).then(|| (*value).to_string()))
            .collect()
    }

    fn repeat(values: &[&str], times: usize) -> Vec<&'static str> {
        let owned: Vec<&'static str> = values
            .iter()
            .map(|value| &*Box::leak(value.to_string().into_boxed_str()))
            .collect();
        owned
            .iter()
            .cycle()
            .take(values.len() * times)
            .copied()
            .collect()
    }

    /// The inference table: header, answers, separator in; type, profile out.
    /// One row of the inference table: header, answers, layout separator, type, profile.
    type TextCase = (
        &'static str,
        Vec<&'static str>,
        Option<&'static str>,
        QuestionType,
        Option<Profile>,
    );

    #[test]
    // The case table reads best with its row type spelled out where it is used.
    #[allow(clippy::type_complexity)]
    fn text_columns_get_the_right_type() {
        let cases: Vec<TextCase> = vec![
            (
                "Do you agree with the proposal?",
                repeat(
                    &[
                        "Strongly agree",
                        "Agree",
                        "Disagree",
                        "Don't know",
                        "Neither agree nor disagree",
                    ],
                    4,
                ),
                None,
                QuestionType::Likert,
                None,
            ),
            (
                "How satisfied are you?",
                repeat(
                    &["Very satisfied", "Fairly satisfied", "Very dissatisfied"],
                    5,
                ),
                None,
                QuestionType::Likert,
                None,
            ),
            (
                "Have you used the walk-in centre?",
                repeat(&["Yes", "No", "Don't know"], 5),
                None,
                QuestionType::YesNo,
                None,
            ),
            (
                "Which services have you used?",
                repeat(&["GP, Pharmacy", "A&E", "GP", "Pharmacy, A&E, NHS 111"], 5),
                Some(", "),
                QuestionType::MultiChoice,
                None,
            ),
            (
                "Which services have you used?",
                repeat(&["GP;Pharmacy;", "A&E;", "GP;"], 5),
                None,
                QuestionType::MultiChoice,
                None,
            ),
            (
                "Age",
                repeat(&["18-24", "25-34", "65-74", "Under 18"], 5),
                None,
                QuestionType::SingleChoice,
                Some(Profile::Age),
            ),
            (
                "What is your age group?",
                vec!["25-34"],
                None,
                QuestionType::SingleChoice,
                Some(Profile::Age),
            ),
            (
                "Which of these best describes you?",
                repeat(&["Resident", "Patient", "Carer", "Member of staff"], 5),
                None,
                QuestionType::SingleChoice,
                Some(Profile::Capacity),
            ),
            (
                "What is your ethnic group?",
                repeat(
                    &[
                        "White: English, Welsh, Scottish, Northern Irish or British",
                        "Asian or Asian British: Pakistani",
                        "Black, Black British, Caribbean or African: African",
                    ],
                    4,
                ),
                None,
                QuestionType::SingleChoice,
                Some(Profile::Ethnicity),
            ),
            (
                "Colour",
                repeat(&["Red", "Green", "Blue"], 5),
                None,
                QuestionType::SingleChoice,
                None,
            ),
            (
                "Any other comments?",
                vec![
                    "The walk in centre is vital for people who cannot get a GP appointment",
                    "Please keep it open, my children use it at weekends",
                    "Parking is terrible and the waiting times are too long",
                    "no",
                    "I think moving services to the hospital makes sense if buses run there",
                    "Closing it will push more people to A&E which is already full",
                    "",
                    "Why was there so little publicity about this consultation?",
                    "Good idea",
                    "The staff are wonderful, do not close it",
                    "Online booking would help a lot",
                ],
                None,
                QuestionType::FreeText,
                None,
            ),
            (
                "Contact",
                repeat(&["a@example.org", "b.c@example.co.uk"], 3),
                None,
                QuestionType::Personal,
                None,
            ),
            (
                "Mobile",
                repeat(&["07700 900123", "+44 (0)121 496 0000"], 3),
                None,
                QuestionType::Personal,
                None,
            ),
            (
                "Empty question",
                vec!["", ""],
                None,
                QuestionType::FreeText,
                None,
            ),
            (
                "Who uses the code that you write?",
                repeat(&["0 - Mostly me", "3", "4", "5 - Mostly other people"], 4),
                None,
                QuestionType::Likert,
                None,
            ),
            (
                "Select all the words that describe it",
                repeat(
                    &["comfortable;intuitive;cool", "convenient;cool", "simple"],
                    5,
                ),
                None,
                QuestionType::MultiChoice,
                None,
            ),
            (
                "Class size",
                repeat(&["Less than 10", "10 - 25", "25 - 50", "100 - 250"], 5),
                None,
                QuestionType::SingleChoice,
                None,
            ),
            (
                "Are your day-to-day activities limited?",
                repeat(&["Yes, limited a lot", "Yes, limited a little", "No"], 5),
                None,
                QuestionType::SingleChoice,
                Some(Profile::Disability),
            ),
            (
                "Any comments?",
                repeat(
                    &[
                        "Keep it open.",
                        "Parking is bad, buses too.",
                        "Keep it open please",
                    ],
                    5,
                ),
                Some(" "),
                QuestionType::SingleChoice,
                None,
            ),
            (
                "Services used",
                repeat(&["gp pharmacy", "hospital", "gp"], 5),
                Some(" "),
                QuestionType::MultiChoice,
                None,
            ),
            (
                "Favourite food",
                repeat(&["pizza", "pasta", "pizza"], 3),
                Some(" "),
                QuestionType::SingleChoice,
                None,
            ),
        ];
        for (header, values, separator, kind, profile) in cases {
            let inferred = infer_text(header, &texts(&values), separator);
            assert_eq!(inferred.kind, kind, "{header}: {values:?}");
            assert_eq!(inferred.profile, profile, "{header}");
        }
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn number_columns_become_scales_only_when_the_header_says_so() {
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Vec<f64>, QuestionType, Option<(f64, f64)>)> = vec![
            (
                "How likely are you to recommend us to a friend?",
                vec![0.0, 7.0, 9.0, 10.0],
                QuestionType::Likert,
                Some((0.0, 10.0)),
            ),
            (
                "On a scale of 1 to 5, how would you rate the service?",
                vec![1.0, 3.0, 5.0],
                QuestionType::Likert,
                Some((1.0, 5.0)),
            ),
            (
                "Please rate the venue (1-10)",
                vec![2.0, 8.0],
                QuestionType::Likert,
                Some((1.0, 10.0)),
            ),
            (
                "How many times have you visited in the last year?",
                vec![0.0, 2.0, 7.0],
                QuestionType::Numeric,
                None,
            ),
            (
                "Rate of pay (£ per hour)",
                vec![11.5, 12.0],
                QuestionType::Numeric,
                None,
            ),
            ("Age", vec![23.0, 45.0], QuestionType::Numeric, None),
        ];
        for (header, values, kind, range) in cases {
            let values: Vec<Option<f64>> = values.into_iter().map(Some).collect();
            let inferred = infer_number(header, &values);
            assert_eq!(inferred.kind, kind, "{header}");
            let got = inferred.scale.map(|scale| {
                (
                    scale.points[0].code,
                    scale.points[scale.points.len() - 1].code,
                )
            });
            assert_eq!(got, range, "{header}");
        }
        assert_eq!(
            infer_number("Age", &[Some(30.0)]).profile,
            Some(Profile::Age)
        );
    }

    #[test]
    fn profile_headers_are_recognised() {
        for (header, profile) in [
            ("What is your sex?", Some(Profile::Sex)),
            ("Gender", Some(Profile::Sex)),
            (
                "Are your day-to-day activities limited because of a disability?",
                Some(Profile::Disability),
            ),
            ("Postcode district", Some(Profile::Area)),
            (
                "How did you hear about this consultation?",
                Some(Profile::Channel),
            ),
            (
                "Are you responding as an individual or on behalf of an organisation?",
                Some(Profile::Capacity),
            ),
            ("What is your religion or belief?", Some(Profile::Religion)),
            ("Do you agree with the proposal?", None),
            ("Manage your usage", None),
            (
                "Are you a patient, a carer or a member of staff?",
                Some(Profile::Capacity),
            ),
            // From the UK RSE survey 2017: a yes/no about papers, not who is responding.
            (
                "In general, when your software contributes to a paper, are you acknowledged in that paper?",
                None,
            ),
        ] {
            assert_eq!(profile_from_header(header), profile, "{header}");
        }
    }
}
