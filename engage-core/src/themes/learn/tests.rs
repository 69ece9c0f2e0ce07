//! Learning, evaluating, storing and coding with a model.

use super::*;
use crate::progress::Silent;

/// Comments about waiting, staff, both or neither, with a little variety.
fn training() -> TrainingSet {
    let mut training = TrainingSet::multi_label(
        "comments",
        "What could we do better?",
        vec![
            Theme::new("waiting", "Waiting times"),
            Theme::new("staff", "Staff"),
        ],
    );
    let waits = [
        "waited hours to be seen",
        "a long wait in A&E",
        "the queue was endless",
        "waiting time too long",
        "had to wait four hours",
    ];
    let staff = [
        "the nurse was kind",
        "staff were rude",
        "lovely caring doctors",
        "reception staff unhelpful",
        "the doctor listened",
    ];
    let neither = [
        "parking was fine",
        "nothing to add",
        "the building is clean",
        "good food",
        "easy to find",
    ];
    for round in 0..4 {
        for index in 0..5 {
            let next = (index + round) % 5;
            training.push(format!("{} {round}", waits[index]), vec![0]);
            training.push(format!("{} {round}", staff[index]), vec![1]);
            training.push(format!("{} and {}", waits[index], staff[next]), vec![0, 1]);
            training.push(format!("{} {round}", neither[index]), vec![]);
        }
    }
    training
}

#[test]
fn a_model_learns_obvious_themes_and_explains_them_with_words() {
    let model = learn(&training(), None, &LearnOptions::default(), &Silent).unwrap();
    let coded = model.code_with_evidence(&[
        "we had a long wait",
        "the staff were so kind",
        "clean and easy to find",
    ]);
    assert_eq!(coded[0].theme_ids(&model), ["waiting"]);
    assert_eq!(coded[1].theme_ids(&model), ["staff"]);
    assert!(coded[2].themes().is_empty(), "{:?}", coded[2]);
    // The evidence is words of the comment, at their offsets.
    let text = "we had a long wait";
    for evidence in &coded[0].evidence {
        assert_eq!(&text[evidence.start..evidence.end], evidence.matched(text));
        assert_eq!(evidence.theme_id(&model), "waiting");
    }
    assert!(
        coded[0]
            .evidence
            .iter()
            .any(|evidence| evidence.term_text(&model, text).contains("wait")),
        "{:?}",
        coded[0].evidence
    );
    let confidence = coded[0].confidence_of(0).unwrap();
    assert!(confidence > 0.5 && confidence <= 1.0, "{confidence}");
    // Learned from 80 comments, each figure from held-out comments.
    let evaluation = model.evaluation();
    assert_eq!(evaluation.comments, 80);
    assert_eq!(evaluation.themes[0].examples, 40);
    assert!(evaluation.macro_average.f1.unwrap() > 0.9, "{evaluation:?}");
    assert_eq!(evaluation.costs.len(), 3);
}

#[test]
fn the_same_inputs_give_the_same_bytes_on_one_thread_or_many() {
    let learned = |threads: usize| {
        crate::parallel::with_threads(threads, || {
            let model = learn(&training(), None, &LearnOptions::default(), &Silent).unwrap();
            let coded = model.code_with_evidence(&["a long wait for rude staff", "fine"]);
            (model.to_json().unwrap(), coded)
        })
    };
    let alone = learned(1);
    assert_eq!(learned(7), alone);
    assert_eq!(learned(2), alone);
}

#[test]
fn a_model_read_back_from_its_json_codes_identically() {
    let model = learn(&training(), None, &LearnOptions::default(), &Silent).unwrap();
    let json = model.to_json().unwrap();
    let again = Model::from_json(&json, "model.json").unwrap();
    assert_eq!(again.to_json().unwrap(), json);
    let texts = [
        "waited and waited, the nurse was rude",
        "nothing at all",
        "",
        "🙂 Très bien",
    ];
    assert_eq!(
        again.code_with_evidence(&texts),
        model.code_with_evidence(&texts)
    );
    assert_eq!(again.probabilities(&texts), model.probabilities(&texts));
    assert_eq!(again.file(), Some("model.json"));
}

#[test]
fn a_model_of_another_version_or_damaged_is_refused_clearly() {
    let model = learn(&training(), None, &LearnOptions::default(), &Silent).unwrap();
    let json = model.to_json().unwrap();
    let newer = json.replacen("\"schema_version\":1", "\"schema_version\":2", 1);
    let error = Model::from_json(&newer, "m.json").unwrap_err();
    assert_eq!(
        error.to_string(),
        "m.json: model schema_version 2 is not one this engage reads (it reads 1)"
    );
    let error = Model::from_json("{\"a\": 1}", "m.json").unwrap_err();
    assert!(error.to_string().contains("not an engage model"), "{error}");
    let error = Model::from_json(&json[..json.len() / 2], "m.json").unwrap_err();
    assert!(error.to_string().contains("damaged"), "{error}");
    let short = json.replacen("\"weights\":[", "\"weights\":[0.5,", 1);
    let error = Model::from_json(&short, "m.json").unwrap_err();
    assert!(
        error.to_string().contains("theme \"waiting\" has"),
        "{error}"
    );
}

#[test]
fn bad_training_sets_are_refused_naming_the_theme() {
    let mut empty = training();
    empty.comments.clear();
    let error = learn(&empty, None, &LearnOptions::default(), &Silent).unwrap_err();
    assert!(error.to_string().contains("no comments"), "{error}");
    let mut unused = training();
    unused.themes.push(Theme::new("parking", "Parking"));
    let error = learn(&unused, None, &LearnOptions::default(), &Silent).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("theme \"Parking\" has no examples"),
        "{error}"
    );
    let mut everywhere = training();
    for comment in &mut everywhere.comments {
        comment.themes = vec![0];
    }
    let error = learn(&everywhere, None, &LearnOptions::default(), &Silent).unwrap_err();
    assert!(error.to_string().contains("every comment"), "{error}");
}

#[test]
fn a_single_label_model_gives_each_comment_its_most_likely_theme() {
    let mut training = TrainingSet::single_label(
        "comments",
        "Why?",
        vec![
            Theme::new("waiting", "Waiting"),
            Theme::new("staff", "Staff"),
            Theme::new("other", "Other"),
        ],
    );
    let base = training_texts();
    for (text, theme) in &base {
        training.push(text.clone(), vec![*theme]);
    }
    let model = learn(&training, None, &LearnOptions::default(), &Silent).unwrap();
    assert_eq!(model.kind(), LabelKind::SingleLabel);
    let coded = model.code(&["a long wait", "rude staff", "lovely garden", "zzz"]);
    assert_eq!(coded[0], ["waiting"]);
    assert_eq!(coded[1], ["staff"]);
    // Every comment gets exactly one theme, even one the model knows nothing about.
    assert!(coded.iter().all(|themes| themes.len() == 1));
    let probabilities = model.probabilities(&["a long wait"]);
    let total: f64 = probabilities[0].iter().sum();
    assert!((total - 1.0).abs() < 1e-9);
    let evaluation = model.evaluation();
    assert!(evaluation.accuracy.unwrap() > 0.8, "{evaluation:?}");
}

fn training_texts() -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for round in 0..10 {
        out.push((format!("waited {round} hours"), 0));
        out.push((format!("a long wait, {round} hours"), 0));
        out.push((format!("the staff were rude {round}"), 1));
        out.push((format!("kind staff {round} times"), 1));
        out.push((format!("the garden is lovely {round}"), 2));
        out.push((format!("good food {round}"), 2));
    }
    out
}

/// Folds are dealt class by class, so each gets its share of a rare theme. By hand: 92
/// negatives dealt round 5 folds give folds 0 and 1 nineteen and the others eighteen, and the
/// dealing goes on at fold 2; the 11 positives (0, 10, ... 100) then give fold 2 three and the
/// others two. Fold sizes: 21, 21, 21, 20, 20.
#[test]
fn stratified_folds_spread_each_class_evenly() {
    let positive: Vec<bool> = (0..103).map(|index| index % 10 == 0).collect();
    let folds = stratified_folds(&positive, 5, 7);
    for (fold, (expected_positives, size)) in [(2, 21), (2, 21), (3, 21), (2, 20), (2, 20)]
        .into_iter()
        .enumerate()
    {
        let members: Vec<usize> = (0..103).filter(|&index| folds[index] == fold).collect();
        let positives = members.iter().filter(|&&index| positive[index]).count();
        assert_eq!(positives, expected_positives, "fold {fold}");
        assert_eq!(members.len(), size, "fold {fold}");
    }
    assert_eq!(folds, stratified_folds(&positive, 5, 7));
}

/// The cross-validated figures, worked by hand: two folds of four comments; each fold's
/// comments are decided with the threshold that gives the best F1 on the other fold.
#[test]
fn cross_validated_figures_use_each_folds_threshold_from_the_other_folds() {
    let mut training = TrainingSet::multi_label("q", "Q", vec![Theme::new("t", "T")]);
    for text in ["a", "b", "c", "d", "e", "f", "g", "h"] {
        training.push(text, vec![]);
    }
    let labels = vec![vec![true, false, true, false, true, true, false, false]];
    for (comment, &label) in training.comments.iter_mut().zip(&labels[0]) {
        comment.themes = if label { vec![0] } else { vec![] };
    }
    let assignments = vec![vec![0, 0, 0, 0, 1, 1, 1, 1]];
    let decisions = vec![vec![0.9, 0.5, 0.4, 0.1, 0.8, 0.3, 0.6, 0.2]];
    // Fold 1's decisions: 0.8 (yes), 0.6 (no), 0.3 (yes), 0.2 (no): the best cut is after
    // 0.3 (TP 2, FP 1: F1 0.8), threshold 0.25. Fold 0 at 0.25: 0.9 yes TP, 0.5 no FP, 0.4
    // yes TP, 0.1 no: TP 2, FP 1, FN 0.
    // Fold 0's decisions: 0.9 (yes), 0.5 (no), 0.4 (yes), 0.1 (no): the same cut, threshold
    // 0.25. Fold 1 at 0.25: 0.8 TP, 0.6 FP, 0.3 TP, 0.2 no: TP 2, FP 1.
    let evaluation = evaluate(
        &training,
        &decisions,
        &labels,
        &assignments,
        2,
        LabelKind::MultiLabel,
    );
    let theme = &evaluation.themes[0];
    assert_eq!(
        (
            theme.true_positives,
            theme.false_positives,
            theme.false_negatives
        ),
        (4, 2, 0)
    );
    assert_eq!(theme.precision, Some(4.0 / 6.0));
    assert_eq!(theme.recall, Some(1.0));
    assert_eq!(theme.f1, Some(0.8));
    assert_eq!(evaluation.macro_average.f1, Some(0.8));
}

#[test]
fn a_codebook_adds_its_themes_as_features_and_travels_with_the_model() {
    let codebook = Codebook::builder()
        .theme(Theme::new("queue", "Queues").with_include(["queue*", "wait*"]))
        .build()
        .unwrap();
    let model = learn(
        &training(),
        Some(&codebook),
        &LearnOptions::default(),
        &Silent,
    )
    .unwrap();
    assert_eq!(model.codebook().unwrap().themes().len(), 1);
    let again = Model::from_json(&model.to_json().unwrap(), "m.json").unwrap();
    let texts = ["queueing for ages", "the nurse"];
    assert_eq!(
        again.code_with_evidence(&texts),
        model.code_with_evidence(&texts)
    );
}

#[test]
fn suggestions_are_unsure_unlike_each_other_and_new() {
    let model = learn(&training(), None, &LearnOptions::default(), &Silent).unwrap();
    let texts = [
        "waited hours to be seen 0",
        "the parking was a wait",
        "the parking was a wait!",
        "staff at the desk",
        "lovely garden",
        "",
    ];
    let suggestions = suggest(&model, &texts, &SuggestOptions::default().with_count(10));
    let picked: Vec<usize> = suggestions
        .iter()
        .map(|suggestion| suggestion.index)
        .collect();
    // A comment learned from and a blank are left out; of two near-copies one is kept.
    assert!(!picked.contains(&0) && !picked.contains(&5), "{picked:?}");
    assert!(picked.contains(&1) != picked.contains(&2), "{picked:?}");
    let uncertainties: Vec<f64> = suggestions
        .iter()
        .map(|suggestion| suggestion.uncertainty)
        .collect();
    assert!(uncertainties.windows(2).all(|pair| pair[0] >= pair[1]));
    assert!(uncertainties.iter().all(|u| (0.0..=1.0).contains(u)));
    // Each is the coin toss nearest among the comment's themes: 1 - 2 |p - 0.5|.
    for suggestion in &suggestions {
        let (_, probabilities, _) =
            model.probabilities_of(texts[suggestion.index], &mut FeatureScratch::default());
        let closeness: Vec<f64> = probabilities
            .iter()
            .map(|p| 1.0 - 2.0 * (p - 0.5).abs())
            .collect();
        let nearest = closeness.iter().copied().fold(0.0, f64::max);
        assert!(
            (suggestion.uncertainty - nearest).abs() < 1e-12,
            "{suggestion:?}"
        );
        let theme = model.tree().index_of(&suggestion.theme).unwrap();
        assert!((closeness[theme] - nearest).abs() < 1e-12, "{suggestion:?}");
    }
}

/// A model names its question as a codebook does: found by id, or by wording under another id;
/// the same id asking something else is another survey's question.
#[test]
fn a_model_finds_the_question_it_learned_on_by_id_or_wording() {
    let model = learn(&training(), None, &LearnOptions::default(), &Silent).unwrap();
    let read = |csv: &str| {
        crate::read_reader(
            csv.as_bytes(),
            "export.csv",
            &crate::IngestOptions::default(),
        )
        .unwrap()
    };
    let find = |csv: &str| model.learned_question_in(&read(csv));
    // The model's id asking something else.
    assert_eq!(
        find("id,comments\n1,a long wait\n2,kind staff\n"),
        LearnedQuestion::Reworded {
            id: "comments".to_string(),
            asks: "comments".to_string()
        }
    );
    // A header is the question's wording; its id is made from it.
    let csv = "id,What could we do  better?\n1,a long wait\n2,kind staff\n";
    let id = read(csv).schema().questions()[1].id.clone();
    assert_eq!(find(csv), LearnedQuestion::Found(id));
    assert!(model.learned_on("anything", "what could we do better?"));
    assert!(!model.learned_on("comments", "Anything else?"));
    assert_eq!(
        find("id,Anything else?\n1,a long wait\n2,kind staff\n"),
        LearnedQuestion::Missing
    );
}
