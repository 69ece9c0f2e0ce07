//! Codebooks from arbitrary text: the TOML form and the CSV form (any encoding and delimiter).
//! A codebook that parses must write itself back as TOML that parses to the same codebook,
//! code a small fixed consultation without error, and give evidence that points at the text it
//! quotes; the input itself is coded as a comment too.
//!
//! Input: the first byte picks the form (even: TOML, odd: CSV); the rest is the file.
#![no_main]

use std::sync::LazyLock;

use engage_core::themes::{CommentCoding, ThemeCoding};
use engage_core::{Codebook, CodingOptions, Dataset, IngestOptions, code_dataset, read_reader};
use libfuzzer_sys::fuzz_target;

static CONSULTATION: LazyLock<Dataset> = LazyLock::new(|| {
    let bytes = include_bytes!("../../testdata/themes/consultation.csv");
    read_reader(&bytes[..], "consultation.csv", &IngestOptions::default())
        .expect("the fixture reads")
});

/// Every piece of evidence quotes the text at its offsets.
fn check_coding(text: &str, coding: &CommentCoding) {
    let quoted = coding.evidence.iter().chain(
        coding
            .suppressed
            .iter()
            .map(|suppressed| &suppressed.evidence),
    );
    for evidence in quoted {
        assert!(evidence.start < evidence.end, "empty evidence {evidence:?}");
        assert_eq!(
            text.get(evidence.start..evidence.end),
            Some(evidence.matched.as_str()),
            "evidence offsets do not point at the matched text in {text:?}"
        );
    }
}

fn check_themes(coding: &ThemeCoding) {
    for question in &coding.questions {
        assert_eq!(
            question.coded + question.uncoded,
            question.base,
            "{}",
            question.question
        );
        for theme in &question.themes {
            assert!(
                theme.direct <= theme.count && theme.count <= question.coded,
                "{theme:?}"
            );
            if let Some(percent) = theme.percent {
                assert!((0.0..=100.0).contains(&percent), "{theme:?}");
            }
        }
        for comment in &question.comments {
            check_coding(&comment.text, &comment.coding);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    engage_fuzz::let_reader_panics_be_caught();
    let Some((&form, rest)) = data.split_first() else {
        return;
    };
    let parsed = if form % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        Codebook::from_toml(text, "codebook.toml")
    } else {
        Codebook::from_csv(rest, "codebook.csv")
    };
    let codebook = match parsed {
        Ok(codebook) => codebook,
        Err(error) => {
            engage_fuzz::check_error(&error);
            return;
        }
    };

    let written = codebook.to_toml();
    let reread = Codebook::from_toml(&written, "written.toml").unwrap_or_else(|error| {
        panic!("to_toml wrote a codebook that does not read back ({error}):\n{written}")
    });
    assert_eq!(
        reread.themes(),
        codebook.themes(),
        "themes changed in the round trip:\n{written}"
    );
    assert_eq!(
        reread.options(),
        codebook.options(),
        "options changed in the round trip:\n{written}"
    );

    let options = CodingOptions::default().with_sentiment(true);
    match code_dataset(&CONSULTATION, &codebook, &options) {
        Ok(coding) => check_themes(&coding),
        Err(error) => engage_fuzz::check_error(&error),
    }

    let text = String::from_utf8_lossy(rest);
    check_coding(&text, &codebook.code(&text));
});
