//! Reading real exports right, on small fixtures of the same shape (`testdata/inference/`, see
//! its README): which columns are single or multi-choice, which answers are options, which
//! scales are ordered and in which order options come, which columns are numbers, which
//! questions are profile questions, where the header ends, and which columns are personal.
//! Each test names the real export whose shape it copies.

use engage_core::summary::{Detail, SummaryOptions, summarise};
use engage_core::{Dataset, IngestOptions, Profile, QuestionType, Role, read_path};

use crate::testdata;

fn read(name: &str) -> Dataset {
    read_path(
        testdata(&format!("inference/{name}")),
        &IngestOptions::default(),
    )
    .unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// The id of the question whose wording starts with `text`.
fn id_of(dataset: &Dataset, text: &str) -> String {
    dataset
        .schema()
        .questions()
        .iter()
        .find(|question| question.text.starts_with(text))
        .unwrap_or_else(|| {
            panic!(
                "no question starting {text:?} in {:?}",
                dataset.schema().ids()
            )
        })
        .id
        .clone()
}

/// Each option of a question with the respondents who chose it, in the question's order.
fn counts(dataset: &Dataset, id: &str) -> Vec<(String, usize)> {
    let question = dataset.question(id).unwrap();
    let answers = dataset.choices(id).unwrap();
    question
        .options
        .iter()
        .map(|option| {
            let chosen = answers
                .iter()
                .flatten()
                .filter(|items| items.contains(&option.as_str()))
                .count();
            (option.clone(), chosen)
        })
        .collect()
}

fn labels(counts: &[(String, usize)]) -> Vec<&str> {
    counts.iter().map(|(label, _)| label.as_str()).collect()
}

/// Item 1 (Spack 2020, 2022, 2025): a single-choice answer holding ", " is one option; one typed
/// answer holding ", " does not make a question multi-choice; a checkbox question is split on
/// known options, a typed "Other" text kept whole.
#[test]
fn options_holding_the_separator_are_not_split() {
    let dataset = read("google-forms-options.csv");
    let attend = id_of(&dataset, "If we had a workshop");
    assert_eq!(
        dataset.question(&attend).unwrap().kind,
        QuestionType::SingleChoice
    );
    assert_eq!(
        counts(&dataset, &attend),
        [
            ("Yes, I'd attend".to_string(), 10),
            ("Maybe".to_string(), 7),
            ("Yes, I'd present something!".to_string(), 3),
            ("No".to_string(), 2)
        ]
    );
    let kind = id_of(&dataset, "What kind of user");
    assert_eq!(
        dataset.question(&kind).unwrap().kind,
        QuestionType::SingleChoice
    );
    assert!(
        labels(&counts(&dataset, &kind))
            .contains(&"Several of the above: DevOps, Manager, Software Developer")
    );
    let languages = id_of(&dataset, "Which languages");
    assert_eq!(
        dataset.question(&languages).unwrap().kind,
        QuestionType::MultiChoice
    );
    let languages = counts(&dataset, &languages);
    for (label, count) in [("Python", 15), ("R", 11), ("Julia", 7), ("Fortran", 1)] {
        assert!(
            languages.contains(&(label.to_string(), count)),
            "{label} {count}: {languages:?}"
        );
    }
    // The typed text after the options is one answer, commas and all.
    assert!(
        languages.contains(&("my own, custom tool".to_string(), 1)),
        "{languages:?}"
    );
}

/// Item 3 (Spack 2020): answers chosen by one person are real answers, never relabelled
/// "Other"; a "Horrible" on a Horrible..Excellent grid is the scale's bottom point.
#[test]
fn rare_answers_are_kept_and_a_quality_grid_is_one_scale() {
    let dataset = read("google-forms-options.csv");
    let work = id_of(&dataset, "Where do you work?");
    let work = counts(&dataset, &work);
    assert!(
        work.contains(&("Private Research Lab".to_string(), 1)),
        "{work:?}"
    );
    assert!(work.contains(&("Other".to_string(), 1)), "{work:?}");
    // "Other Public Research Lab" is an option like any other, ordered by count; only the
    // "Other" option comes last.
    assert_eq!(labels(&work).last(), Some(&"Other"));
    assert_eq!(labels(&work)[2], "Other Public Research Lab");
    for row in ["Documentation", "Community"] {
        let id = id_of(
            &dataset,
            &format!("How would you rate the overall quality of ... [{row}"),
        );
        let question = dataset.question(&id).unwrap();
        assert_eq!(question.kind, QuestionType::Likert, "{row}");
        assert_eq!(
            question.options,
            ["Horrible", "Bad", "OK", "Good", "Excellent"],
            "{row}"
        );
    }
    let community = id_of(
        &dataset,
        "How would you rate the overall quality of ... [Community",
    );
    assert_eq!(counts(&dataset, &community)[0], ("Horrible".to_string(), 1));
}

/// Items 4 and 5 (Spack, Jupyter 2016 and 2020): calendar frequency is an ordered scale;
/// durations and proficiency come in their logical order.
#[test]
fn ordinal_options_come_in_order() {
    let dataset = read("google-forms-options.csv");
    let often = dataset
        .question(&id_of(&dataset, "How often do you consult"))
        .unwrap();
    assert_eq!(often.kind, QuestionType::Likert);
    assert_eq!(
        often.options,
        ["Never", "Yearly", "Monthly", "Weekly", "Daily"]
    );
    let long = dataset
        .question(&id_of(&dataset, "How long have you been using"))
        .unwrap();
    assert_eq!(
        long.options,
        ["Less than 6 months", "6-12 months", "1-2 years", "2+ years"]
    );
    let level = dataset
        .question(&id_of(&dataset, "What is your level"))
        .unwrap();
    assert_eq!(
        level.options,
        [
            "Complete novice (no experience)",
            "Novice (~1 semester of experience)",
            "Intermediate (a year of experience)",
            "Advanced (2-3 years of experience)"
        ]
    );
}

/// Item 2 (Jupyter 2020, SurveyMonkey flattened): the option columns of one question are one
/// multi-choice question, closing period or not, with its base the respondents who chose any.
#[test]
fn surveymonkey_option_columns_are_one_question() {
    let dataset = read("surveymonkey-flattened.csv");
    let three = dataset.question("q3").unwrap();
    assert_eq!(three.kind, QuestionType::MultiChoice);
    assert_eq!(three.options.len(), 3, "{:?}", three.options);
    let four = dataset.question("q4").unwrap();
    assert_eq!(four.options.len(), 4, "{:?}", four.options);
    assert!(four.options.contains(&"Peer programming".to_string()));
    // Five respondents (11002, 11005, 11014, 11017, 11023) chose nothing in question 3, and
    // every other chose at least one option, "Julia" (no closing period) included: 19 of 24
    // answered it, counted by hand.
    let answered = dataset
        .choices("q3")
        .unwrap()
        .iter()
        .filter(|items| items.as_ref().is_some_and(|items| !items.is_empty()))
        .count();
    assert_eq!(answered, 19);
    assert!(
        dataset
            .schema()
            .ids()
            .iter()
            .all(|id| !id.starts_with("q3_"))
    );
}

/// Item 2 (SurveyMonkey two header rows): an "Open-Ended Response" box whose answers are all
/// numbers is numeric; one with words stays free text.
#[test]
fn a_numeric_open_ended_box_is_numeric() {
    let dataset = read("surveymonkey-open-ended.csv");
    assert_eq!(
        dataset
            .question(&id_of(&dataset, "How many staff"))
            .unwrap()
            .kind,
        QuestionType::Numeric
    );
    assert_eq!(
        dataset
            .question(&id_of(&dataset, "Any other comments"))
            .unwrap()
            .kind,
        QuestionType::FreeText
    );
}

/// Item 4 (SSI 2016/2017, Jupyter 2020): Never..Always with "Very Often", "(0) Not a problem"
/// ... "(4) Critical" with "N/A - skip, don't know", and N/A out of a multi-choice base.
#[test]
fn ordered_scales_and_non_answers() {
    let dataset = read("scales.csv");
    let checks = dataset
        .question(&id_of(&dataset, "How often do you check"))
        .unwrap();
    assert_eq!(checks.kind, QuestionType::Likert);
    let scale = checks.scale.as_ref().unwrap();
    let points: Vec<&str> = scale
        .points
        .iter()
        .map(|point| point.label.as_str())
        .collect();
    assert_eq!(
        points,
        ["Never", "Sometimes", "Often", "Very Often", "Always"]
    );
    assert_eq!(scale.non_scale, ["N/A"]);
    let problem = dataset
        .question(&id_of(&dataset, "Data is too big"))
        .unwrap();
    assert_eq!(problem.kind, QuestionType::Likert);
    let scale = problem.scale.as_ref().unwrap();
    assert_eq!(scale.points.len(), 5);
    assert_eq!(scale.points[0].label, "(0) Not a problem for me.");
    assert_eq!(scale.non_scale, ["N/A - skip, don't know."]);
    // N/A is shown as a share of everyone who answered and kept out of the other options' base.
    let meet = id_of(&dataset, "How do you meet");
    assert_eq!(
        dataset.question(&meet).unwrap().kind,
        QuestionType::MultiChoice
    );
    let summary = summarise(
        &dataset,
        &SummaryOptions::default().with_questions(vec![meet.clone()]),
    )
    .unwrap();
    let section = &summary.questions[0].all;
    assert_eq!(section.base.count, 23);
    let Detail::MultiChoice(multi) = &section.detail else {
        panic!("multi-choice expected")
    };
    let option = |label: &str| {
        multi
            .options
            .iter()
            .find(|option| option.estimate.label == label)
            .unwrap()
    };
    // 13 chose an option that is an answer: Association 9 of 13, N/A 11 of 23.
    assert_eq!(option("Association").estimate.count, 9);
    assert!((option("Association").estimate.percent.unwrap() - 900.0 / 13.0).abs() < 1e-9);
    assert!((option("N/A").estimate.percent.unwrap() - 1100.0 / 23.0).abs() < 1e-9);
    assert_eq!(option("N/A").percent_of_mentions, None);
    assert_eq!(multi.mentions, 9 + 8);
}

/// Item 6 (Jupyter 2020 q18c, SSI 2016 currentWork16a): a few long answers over many rows are
/// options; "80" and "80%" are numbers and the typed answers are kept as text beside them.
#[test]
fn long_options_and_percentages_get_their_types() {
    let dataset = read("types.csv");
    assert_eq!(
        dataset
            .question(&id_of(&dataset, "How do you divide the work?"))
            .unwrap()
            .kind,
        QuestionType::SingleChoice
    );
    let share = id_of(&dataset, "What percentage of your time");
    assert_eq!(
        dataset.question(&share).unwrap().kind,
        QuestionType::Numeric
    );
    let numbers = dataset.numbers(&share).unwrap();
    assert_eq!(numbers.iter().flatten().count(), 58);
    assert_eq!(numbers[2], Some(80.0));
    let typed = dataset.question(&format!("{share}_text")).unwrap();
    assert_eq!(typed.kind, QuestionType::FreeText);
    assert_eq!(typed.other_of.as_deref(), Some(share.as_str()));
    let texts = dataset.texts(&typed.id).unwrap();
    assert_eq!(
        texts.iter().flatten().collect::<Vec<_>>(),
        ["It varies massively.", "~60"]
    );
}

/// Item 6: a declared numeric type reads "N%" as N and keeps what is not a number as text.
#[test]
fn a_declared_numeric_type_keeps_percentages_and_typed_answers() {
    let config = engage_core::SurveyConfig::parse(
        "[questions.divide_work]\ntype = \"numeric\"\n",
        "survey.toml",
    )
    .unwrap();
    let dataset = read_path(
        testdata("inference/types.csv"),
        &IngestOptions::default().with_config(config),
    )
    .unwrap();
    let numbers = dataset.numbers("divide_work").unwrap();
    assert_eq!(numbers.iter().flatten().count(), 0);
    let typed = dataset.texts("divide_work_text").unwrap();
    assert_eq!(typed.iter().flatten().count(), 60);
}

/// Item 7 (SSI 2016/2017, themefinder): membership of a body is not a capacity; a size band is
/// not an age band.
#[test]
fn profile_flags_follow_what_is_asked() {
    let dataset = read("profiles.csv");
    let profile = |text: &str| dataset.question(&id_of(&dataset, text)).unwrap().profile;
    assert_eq!(profile("Are you a member of the UK RSE Association?"), None);
    assert_eq!(
        profile("Are you a member of staff?"),
        Some(Profile::Capacity)
    );
    assert_eq!(profile("Size of organisation"), None);
    assert_eq!(profile("What is your age?"), Some(Profile::Age));
}

/// Item 8 (themefinder `responses_biomass_format.csv`): a row of question wording under a row of
/// labels is a header; the name and email questions are personal.
#[test]
fn a_row_of_question_wording_is_a_header() {
    let dataset = read("question-text-row.csv");
    assert_eq!(dataset.respondents(), 5);
    assert_eq!(dataset.source().header_rows, [1, 2]);
    let kind = |text: &str| dataset.question(&id_of(&dataset, text)).unwrap().kind;
    assert_eq!(kind("What is your name?"), QuestionType::Personal);
    assert_eq!(kind("What is your email address?"), QuestionType::Personal);
    assert_eq!(
        dataset
            .question(&id_of(&dataset, "Are you responding as"))
            .unwrap()
            .profile,
        Some(Profile::Capacity)
    );
}

/// Issue 16 (Kobo `tutorial_w_repeats.csv`, `export.csv`): GPS points and their parts, traces
/// and what3words addresses are personal locations; roster names are personal; a child's age is
/// not the respondent's age profile.
#[test]
fn locations_and_rosters_are_personal() {
    for file in ["kobo-roster-gps.csv", "odk-repeat-rows.csv"] {
        let dataset = read(file);
        for question in dataset.schema().questions() {
            let header = question.columns.join(" ");
            let location = ["gps", "walk_to_clinic", "meeting_point"]
                .iter()
                .any(|name| header.contains(name));
            if location {
                assert_eq!(question.kind, QuestionType::Personal, "{file}: {header}");
                assert_eq!(question.role, Some(Role::Location), "{file}: {header}");
            }
            if header.contains("name") {
                assert_eq!(question.kind, QuestionType::Personal, "{file}: {header}");
                assert_eq!(question.role, Some(Role::Name), "{file}: {header}");
            }
            if header.contains("childs_age") {
                assert_eq!(question.profile, None, "{file}: {header}");
            }
        }
        let age = dataset.question("age").unwrap();
        assert_eq!(age.profile, Some(Profile::Age), "{file}");
    }
}
