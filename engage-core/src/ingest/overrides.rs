//! Applies a `survey.toml` to assembled questions: exclusions, types (with their answers
//! converted), wording, option order, profile flags, option merges and renames.

use std::collections::BTreeMap;

use super::assemble::{Built, Values};
use crate::error::{Error, Location, Result};
use crate::schema::config::OtherSetting;
use crate::schema::infer;
use crate::schema::joined::JoinedOptions;
use crate::schema::scale::{self, Scale};
use crate::schema::{QuestionType, SurveyConfig};

pub(crate) fn apply(
    mut built: Vec<Built>,
    config: Option<&SurveyConfig>,
    location: &Location,
) -> Result<Vec<Built>> {
    let Some(config) = config else {
        return Ok(built);
    };
    let config_location = Location::file(config.file());
    let ids: Vec<String> = built
        .iter()
        .map(|built| built.question.id.clone())
        .collect();
    for id in config.questions.keys() {
        if !ids.contains(id) {
            let hint = crate::error::closest(id, &ids)
                .map(|best| format!("did you mean \"{best}\"? `engage inspect` lists the ids"));
            let error = Error::config(
                config_location.clone().with_question(id),
                format!(
                    "no question with this id in {}",
                    location.file.as_deref().unwrap_or("the data")
                ),
            );
            return Err(match hint {
                Some(hint) => error.with_hint(hint),
                None => error.with_hint("`engage inspect` lists the question ids"),
            });
        }
    }
    built.retain(|built| {
        !config
            .questions
            .get(&built.question.id)
            .is_some_and(|setting| setting.exclude)
    });
    // Free-text parts made here (typed "Other" text, answers that are not numbers): after
    // which question, their id's suffix, the part.
    let mut parts: Vec<(usize, &str, Built)> = Vec::new();
    for (position, item) in built.iter_mut().enumerate() {
        let setting = config.questions.get(&item.question.id);
        let mut merges: BTreeMap<&str, &str> = config
            .merge
            .iter()
            .map(|(from, to)| (from.as_str(), to.as_str()))
            .collect();
        if let Some(setting) = setting {
            merges.extend(
                setting
                    .merge
                    .iter()
                    .map(|(from, to)| (from.as_str(), to.as_str())),
            );
        }
        let question_location = config_location.clone().with_question(&item.question.id);
        if let Some(setting) = setting {
            if let Some(text) = &setting.text {
                item.question.text.clone_from(text);
            }
            if let Some(kind) = &setting.kind {
                let kind = QuestionType::parse(kind).ok_or_else(|| {
                    let known: Vec<&str> =
                        QuestionType::ALL.iter().map(|kind| kind.as_str()).collect();
                    Error::config(
                        question_location.clone(),
                        format!(
                            "unknown type \"{kind}\"; expected one of {}",
                            known.join(", ")
                        ),
                    )
                })?;
                if let Some(typed) = convert(item, kind, setting.split.as_deref()) {
                    let mut part = crate::schema::Question::new(
                        String::new(),
                        format!("{} [answers that are not numbers]", item.question.text),
                        QuestionType::FreeText,
                    );
                    part.columns.clone_from(&item.question.columns);
                    part.sheet_columns.clone_from(&item.question.sheet_columns);
                    parts.push((position, "text", Built::new(part, Values::Text(typed))));
                }
            }
            if let Some(profile) = &setting.profile {
                item.question.profile = profile
                    .resolve(&item.question.text)
                    .map_err(|message| Error::config(question_location.clone(), message))?;
            }
            if let Some(range) = setting.range {
                item.question.range =
                    Some(check_range(range, item.question.kind, &question_location)?);
            }
        }
        if !merges.is_empty() {
            merge_values(&mut item.values, &merges);
            let mut options: Vec<String> = Vec::new();
            for option in &item.question.options {
                let merged = merges
                    .get(option.as_str())
                    .map_or_else(|| option.clone(), |to| (*to).to_string());
                if !options.contains(&merged) {
                    options.push(merged);
                }
            }
            item.question.options = options;
            if let Some(scale) = &mut item.question.scale {
                for point in &mut scale.points {
                    if let Some(to) = merges.get(point.label.as_str()) {
                        point.label = (*to).to_string();
                    }
                }
                scale
                    .non_scale
                    .retain(|label| !merges.contains_key(label.as_str()));
            }
        }
        if let Some(options) = setting.and_then(|setting| setting.options.clone()) {
            if item.question.kind == QuestionType::Likert {
                item.question.scale = Some(Scale::from_labels(&options));
            }
            item.question.options = options;
        } else if item.question.kind == QuestionType::Likert && item.question.scale.is_none() {
            item.question.scale = infer_scale(&item.values);
            item.question.options = item
                .question
                .scale
                .as_ref()
                .map(Scale::options)
                .unwrap_or_default();
        }
        if item.question.kind.is_categorical() && item.question.options.is_empty() {
            item.question.options = observed_options(&item.values);
        }
        if let Some(setting) = setting
            && let Some(label) = setting.other.as_ref().and_then(OtherSetting::label)
        {
            if setting.options.is_none() {
                return Err(Error::config(
                    question_location,
                    "`other` needs the form's options: list them with `options = [...]`",
                ));
            }
            parts.push((
                position,
                "other",
                fold_other(item, label, &question_location)?,
            ));
        }
    }
    // Each part follows its question, with an id of its own.
    let mut ids: std::collections::HashSet<String> = built
        .iter()
        .map(|built| built.question.id.clone())
        .collect();
    for (position, suffix, mut part) in parts.into_iter().rev() {
        let owner = built[position].question.id.clone();
        let mut id = format!("{owner}_{suffix}");
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{owner}_{suffix}_{n}");
            n += 1;
        }
        ids.insert(id.clone());
        part.question.id.clone_from(&id);
        part.question.other_of = Some(owner);
        built[position].question.other = Some(id);
        built.insert(position + 1, part);
    }
    // Renames last, so links between questions can follow.
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (id, setting) in &config.questions {
        if let Some(new_id) = &setting.rename {
            renames.insert(id.clone(), new_id.clone());
        }
    }
    for item in &mut built {
        if let Some(new_id) = renames.get(&item.question.id) {
            item.question.id.clone_from(new_id);
        }
        for link in [&mut item.question.other, &mut item.question.other_of] {
            if let Some(target) = link.as_ref().and_then(|target| renames.get(target)) {
                *link = Some(target.clone());
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for item in &built {
        if !seen.insert(item.question.id.clone()) {
            return Err(Error::config(
                config_location.with_question(&item.question.id),
                "two questions would have this id after renaming",
            ));
        }
    }
    Ok(built)
}

/// Folds the answers that are not among a choice question's options into its "Other" option
/// (`other = ...` in `survey.toml`), and returns the free-text part holding their text.
fn fold_other(item: &mut Built, label: &str, location: &Location) -> Result<Built> {
    let kind = item.question.kind;
    if !matches!(kind, QuestionType::SingleChoice | QuestionType::MultiChoice) {
        return Err(Error::config(
            location.clone(),
            format!(
                "`other` applies to single- and multi-choice questions, found a {kind} question"
            ),
        ));
    }
    if item.question.other.is_some() {
        return Err(Error::config(
            location.clone(),
            "this question already has its \"Other\" text in a column of its own",
        ));
    }
    let options = &item.question.options;
    let typed_answer = |answer: &str| {
        !scale::same_label(answer, label)
            && !options
                .iter()
                .any(|option| scale::same_label(option, answer))
    };
    let typed: Vec<Option<String>> = match &mut item.values {
        Values::Text(texts) => texts
            .iter_mut()
            .map(|text| match text {
                Some(answer) if typed_answer(answer) => {
                    Some(std::mem::replace(answer, label.to_string()))
                }
                _ => None,
            })
            .collect(),
        Values::List(lists) => lists
            .iter_mut()
            .map(|list| {
                let items = list.as_mut()?;
                let mut typed = Vec::new();
                for answer in items.iter_mut() {
                    if typed_answer(answer) {
                        typed.push(std::mem::replace(answer, label.to_string()));
                    }
                }
                let mut seen = std::collections::HashSet::new();
                items.retain(|answer| seen.insert(answer.clone()));
                (!typed.is_empty()).then(|| typed.join("; "))
            })
            .collect(),
        Values::Number(_) | Values::Date(_) => Vec::new(),
    };
    if !item
        .question
        .options
        .iter()
        .any(|option| scale::same_label(option, label))
    {
        item.question.options.push(label.to_string());
    }
    let mut part = crate::schema::Question::new(
        String::new(),
        format!("{} [{label}, please specify]", item.question.text),
        QuestionType::FreeText,
    );
    part.columns.clone_from(&item.question.columns);
    part.sheet_columns.clone_from(&item.question.sheet_columns);
    Ok(Built::new(part, Values::Text(typed)))
}

/// A `range = [low, high]` setting: only for numeric questions, finite, low at most high.
fn check_range(range: [f64; 2], kind: QuestionType, location: &Location) -> Result<[f64; 2]> {
    let [low, high] = range;
    if kind != QuestionType::Numeric {
        return Err(Error::config(
            location.clone(),
            format!("range applies to numeric questions, found a {kind} question"),
        )
        .with_hint("set `type = \"numeric\"` as well, or remove the range"));
    }
    if !(low.is_finite() && high.is_finite() && low <= high) {
        return Err(Error::config(
            location.clone(),
            format!("expected range = [low, high] with low at most high, found [{low}, {high}]"),
        ));
    }
    Ok(range)
}

fn observed_options(values: &Values) -> Vec<String> {
    let texts: Vec<&str> = match values {
        Values::Text(texts) => texts.iter().flatten().map(String::as_str).collect(),
        Values::List(lists) => lists
            .iter()
            .flatten()
            .flatten()
            .map(String::as_str)
            .collect(),
        _ => Vec::new(),
    };
    infer::order_options(&infer::tally(texts.into_iter()))
}

fn infer_scale(values: &Values) -> Option<Scale> {
    let Values::Text(texts) = values else {
        return None;
    };
    let counts = infer::tally(texts.iter().flatten().map(String::as_str));
    scale::match_worded(&counts).or_else(|| {
        let numbers: Vec<f64> = texts
            .iter()
            .flatten()
            .filter_map(|text| text.parse::<f64>().ok())
            .collect();
        if numbers.is_empty() || numbers.iter().any(|number| number.fract() != 0.0) {
            return None;
        }
        let high = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max) as i64;
        let low = numbers.iter().copied().fold(f64::INFINITY, f64::min) as i64;
        Some(scale::numeric(low.min(1), high))
    })
}

fn merge_values(values: &mut Values, merges: &BTreeMap<&str, &str>) {
    match values {
        Values::Text(texts) => {
            for text in texts.iter_mut().flatten() {
                if let Some(to) = merges.get(text.as_str()) {
                    *text = (*to).to_string();
                }
            }
        }
        Values::List(lists) => {
            for list in lists.iter_mut().flatten() {
                for text in list.iter_mut() {
                    if let Some(to) = merges.get(text.as_str()) {
                        *text = (*to).to_string();
                    }
                }
                let mut seen = std::collections::HashSet::new();
                list.retain(|text| seen.insert(text.clone()));
            }
        }
        _ => {}
    }
}

/// Changes a question's type, converting its answers. A numeric question's answers that are
/// not numbers ("80%" is 80) are returned, in their rows, to be kept as text: a declared type
/// never drops answers unseen.
fn convert(
    item: &mut Built,
    kind: QuestionType,
    split: Option<&str>,
) -> Option<Vec<Option<String>>> {
    let old = std::mem::replace(&mut item.values, Values::Text(Vec::new()));
    let mut typed = None;
    let texts: Vec<Option<String>> = match old {
        Values::Text(texts) => texts,
        Values::Number(numbers) => numbers
            .into_iter()
            .map(|value| value.map(crate::ingest::grid::format_number))
            .collect(),
        Values::Date(dates) => dates
            .into_iter()
            .map(|value| value.map(crate::ingest::grid::format_datetime))
            .collect(),
        Values::List(lists) => {
            if kind.is_list() {
                item.values = Values::List(lists);
                item.question.kind = kind;
                return None;
            }
            lists
                .into_iter()
                .map(|list| list.map(|items| items.join("; ")))
                .collect()
        }
    };
    item.values = match kind {
        QuestionType::Numeric => {
            let numbers: Vec<Option<f64>> = texts
                .iter()
                .map(|text| text.as_deref().and_then(super::values::parse_quantity))
                .collect();
            let unread: Vec<Option<String>> = texts
                .iter()
                .zip(&numbers)
                .map(|(text, number)| text.clone().filter(|_| number.is_none()))
                .collect();
            if unread.iter().any(Option::is_some) {
                typed = Some(unread);
            }
            Values::Number(numbers)
        }
        QuestionType::Date => Values::Date(
            texts
                .iter()
                .map(|text| {
                    text.as_deref().and_then(|text| {
                        super::values::parse_iso(text).or_else(|| {
                            super::values::parse_numeric_date(
                                text,
                                super::values::DateOrder::DayFirst,
                            )
                        })
                    })
                })
                .collect(),
        ),
        QuestionType::MultiChoice | QuestionType::Ranking => {
            let separator = split.unwrap_or(";");
            let answers: Vec<&str> = texts.iter().flatten().map(String::as_str).collect();
            let options = JoinedOptions::learn(&answers, separator);
            Values::List(
                texts
                    .iter()
                    .map(|text| text.as_ref().map(|text| options.split(text)))
                    .collect(),
            )
        }
        _ => Values::Text(texts),
    };
    if item.question.kind != kind {
        item.question.options.clear();
        item.question.scale = None;
    }
    item.question.kind = kind;
    typed
}

#[cfg(test)]
mod tests {
    use crate::{IngestOptions, SurveyConfig, read_reader};

    const CSV: &str = "Respondent,How many times have you visited?,Which best describes you?\n\
                       1,3,Resident\n2,99,Patient\n3,1,Resident\n";

    fn read(config: &str) -> crate::Result<crate::Dataset> {
        let config = SurveyConfig::parse(config, "survey.toml")?;
        read_reader(
            CSV.as_bytes(),
            "visits.csv",
            &IngestOptions::default().with_config(config),
        )
    }

    #[test]
    fn a_numeric_range_is_kept_on_the_question() {
        let dataset = read("[questions.many_times_visited]\nrange = [0, 30]\n").unwrap();
        assert_eq!(
            dataset.question("many_times_visited").unwrap().range,
            Some([0.0, 30.0])
        );
    }

    #[test]
    fn a_range_on_a_non_numeric_question_or_backwards_is_refused() {
        let error = read("[questions.best_describes]\nrange = [0, 30]\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "survey.toml: question \"best_describes\": range applies to numeric questions, \
             found a single_choice question"
        );
        let error = read("[questions.many_times_visited]\nrange = [30, 0]\n").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("expected range = [low, high] with low at most high, found [30, 0]"),
            "{error}"
        );
    }
}
