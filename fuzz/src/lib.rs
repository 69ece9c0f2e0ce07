//! Checks shared by the fuzz targets: what must hold of any dataset engage-core reads and of
//! any error it returns, whatever the input.
//!
//! A panic anywhere (in engage-core or in a check here) is a crash for libFuzzer. The checks
//! assert only what the library documents, so that a failure is a bug in the library, not in
//! the harness.

use engage_core::summary::Detail;
use engage_core::{Dataset, Error, SummaryOptions, inspect, summarise};

/// An error must be an [`Error`] (the signature sees to that) that says something: a message
/// that is not empty, on one line as the CLI prints it.
pub fn check_error(error: &Error) {
    let message = error.to_string();
    assert!(
        !message.trim().is_empty(),
        "an error with no message: {error:?}"
    );
}

/// What must hold of any dataset ingest returns, and of its inspection and summaries.
pub fn check_dataset(dataset: &Dataset) {
    let source = dataset.source();
    let respondents = dataset.respondents();
    assert_eq!(
        dataset.frame().height(),
        respondents,
        "frame height and respondents differ"
    );
    assert_eq!(
        source.rows.len(),
        respondents,
        "one source row per respondent"
    );
    // Rows are numbered as the file numbers them: increasing, and below the header.
    assert!(
        source.rows.windows(2).all(|pair| pair[0] < pair[1]),
        "source rows not increasing: {:?}",
        source.rows
    );
    assert!(
        source.header_rows.windows(2).all(|pair| pair[0] < pair[1]),
        "header rows not increasing: {:?}",
        source.header_rows
    );
    if let (Some(&last_header), Some(&first_row)) = (source.header_rows.last(), source.rows.first())
    {
        assert!(
            last_header < first_row,
            "a respondent's row {first_row} is not below the header row {last_header}"
        );
    }

    let mut ids = std::collections::HashSet::new();
    for question in dataset.schema().questions() {
        assert!(
            !question.id.is_empty(),
            "a question with an empty id: {question:?}"
        );
        assert!(
            ids.insert(question.id.clone()),
            "question id {:?} used twice",
            question.id
        );
        let answered = dataset
            .answered_count(&question.id)
            .expect("a question of the schema has answers");
        assert!(
            answered <= respondents,
            "{} answered of {respondents}",
            answered
        );
    }

    match inspect(dataset) {
        Ok(inspection) => assert_eq!(inspection.questions.len(), dataset.schema().len()),
        Err(error) => check_error(&error),
    }

    match summarise(dataset, &SummaryOptions::default()) {
        Ok(summary) => {
            for question in &summary.questions {
                check_section(&question.id, &question.all);
            }
        }
        Err(error) => check_error(&error),
    }
}

/// A summary's figures: percentages in 0..=100, every interval around its estimate, and the
/// options of a single-choice question adding up to 100 (the documented promise).
fn check_section(id: &str, section: &engage_core::summary::Section) {
    let estimates: Vec<&engage_core::summary::OptionEstimate> = match &section.detail {
        Detail::Choice(choice) => choice.options.iter().collect(),
        Detail::MultiChoice(multi) => multi
            .options
            .iter()
            .map(|option| &option.estimate)
            .collect(),
        Detail::Ranking(ranking) => ranking
            .options
            .iter()
            .map(|option| &option.estimate)
            .collect(),
        Detail::Likert(likert) => likert
            .points
            .iter()
            .chain(&likert.non_scale)
            .chain([&likert.top_box, &likert.bottom_box])
            .collect(),
        _ => Vec::new(),
    };
    for estimate in &estimates {
        assert!(
            estimate.count <= section.base.count,
            "{id}: option count above the base"
        );
        if let Some(percent) = estimate.percent {
            assert!(
                (0.0..=100.0).contains(&percent),
                "{id}: percentage {percent}"
            );
            if let (Some(low), Some(high)) = (estimate.ci_low, estimate.ci_high) {
                assert!(0.0 <= low && high <= 100.0, "{id}: interval {low}..{high}");
                assert!(
                    low <= percent + 1e-9 && percent <= high + 1e-9,
                    "{id}: {percent} outside its interval {low}..{high}"
                );
            }
        }
    }
    if let Detail::Choice(choice) = &section.detail
        && section.base.count > 0
    {
        let total: f64 = choice
            .options
            .iter()
            .filter_map(|option| option.percent)
            .sum();
        assert!(
            (total - 100.0).abs() < 1e-6,
            "{id}: single-choice percentages sum to {total}"
        );
    }
    if let Detail::Likert(likert) = &section.detail
        && likert.scale_base.count > 0
    {
        let total: f64 = likert.points.iter().filter_map(|point| point.percent).sum();
        assert!(
            (total - 100.0).abs() < 1e-6,
            "{id}: scale points sum to {total}"
        );
    }
}

/// engage-core catches the spreadsheet reader's (calamine's) panics on damaged files and
/// returns a "damaged" error, but libFuzzer's panic hook aborts before the catch is reached.
/// Every target that reads a file calls this first: a panic located in calamine's source goes
/// on to engage-core's catch (and the target then checks the error like any other); every
/// other panic still aborts and is a crash.
pub fn let_reader_panics_be_caught() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info
                .location()
                .is_some_and(|location| location.file().contains("/calamine-"))
            {
                return;
            }
            fuzzer_hook(info);
        }));
    });
}
