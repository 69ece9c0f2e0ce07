//! The redactor and the other text guards of `engage_core::privacy` on arbitrary text.
//!
//! Input, as UTF-8 (lossy): the text to redact, then optionally a NUL and the respondent's own
//! names (one a line), then a NUL and their emails (one a line), for `redact_with`.
//!
//! What is checked is what `privacy::redact` and `privacy::safe` document:
//! - matches are in order, do not overlap, are not empty, lie on character boundaries, and the
//!   redacted text is the original with each match replaced by its kind's placeholder;
//! - no whitespace-separated word of the redacted text (less surrounding punctuation) is still
//!   an email address, a full postcode, an NHS number in a documented form (ten digits, or
//!   3-3-4 with spaces or hyphens: the spaced form spans words, so only the other two are
//!   checked), a National Insurance number written without spaces, or a UK phone number
//!   written as one run of digits;
//! - `html_escape`, `neutralise_formula`, `markdown_escape` and `terminal_text` leave no
//!   markup, formula or control character behind.
#![no_main]

use engage_core::privacy::detect;
use engage_core::privacy::redact::{Kind, OwnDetails, find, redact_with};
use engage_core::privacy::safe;
use libfuzzer_sys::fuzz_target;

/// Sentence punctuation and brackets around a word; none of it is a word character, so a
/// word found between them in the text sits on word boundaries as the redactor's patterns
/// require.
const AROUND: &[char] = &[
    '(', ')', '[', ']', '{', '}', '<', '>', ',', ';', ':', '!', '?', '"', '\'', '.',
];

fn check_redaction(text: &str, own: &OwnDetails) {
    let redacted = redact_with(text, own);
    assert_eq!(find(text, own), redacted.matches);
    let mut rebuilt = String::new();
    let mut last = 0;
    for found in &redacted.matches {
        assert!(
            found.start >= last,
            "matches overlap or are out of order: {:?}",
            redacted.matches
        );
        assert!(found.start < found.end, "an empty match {found:?}");
        let original = text.get(found.span()).unwrap_or_else(|| {
            panic!("match {found:?} is not on character boundaries of {text:?}")
        });
        assert_eq!(found.chars, original.chars().count());
        rebuilt.push_str(&text[last..found.start]);
        rebuilt.push_str(found.kind.placeholder());
        last = found.end;
    }
    rebuilt.push_str(&text[last..]);
    assert_eq!(rebuilt, redacted.text);
    for kind in Kind::ALL {
        let count = redacted
            .matches
            .iter()
            .filter(|found| found.kind == kind)
            .count();
        assert_eq!(redacted.counts.get(kind), count, "{kind}");
    }

    for word in redacted.text.split_whitespace() {
        let word = word.trim_matches(AROUND);
        if word.is_empty() {
            continue;
        }
        assert!(
            !detect::is_email(word),
            "an email address left in {:?}: {word:?}",
            redacted.text
        );
        assert!(
            !detect::is_full_postcode(word),
            "a postcode left in {:?}: {word:?}",
            redacted.text
        );
        let digits = word.strip_prefix('+').unwrap_or(word);
        if digits.bytes().all(|byte| byte.is_ascii_digit()) {
            assert!(
                !detect::is_uk_phone(word),
                "a phone number left in {:?}: {word:?}",
                redacted.text
            );
        }
        let nhs_form = word.len() == 10 && word.bytes().all(|byte| byte.is_ascii_digit())
            || word.len() == 12
                && word.bytes().enumerate().all(|(at, byte)| {
                    if at == 3 || at == 7 {
                        byte == b'-'
                    } else {
                        byte.is_ascii_digit()
                    }
                });
        if nhs_form {
            assert!(
                !detect::is_nhs_number(word),
                "an NHS number left in {:?}: {word:?}",
                redacted.text
            );
        }
        if word.len() == 9 {
            assert!(
                !detect::is_ni_number(word),
                "an NI number left in {:?}: {word:?}",
                redacted.text
            );
        }
    }
}

fn check_safe(text: &str) {
    let html = safe::html_escape(text);
    assert!(
        !html.contains(['<', '>', '"', '\'', '\0']),
        "markup left by html_escape: {html:?}"
    );
    let unescaped = html
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert_eq!(
        unescaped,
        text.replace('\0', ""),
        "html_escape changed the text"
    );

    let cell = safe::neutralise_formula(text);
    assert!(!cell.contains('\0'));
    assert!(
        !safe::is_formula_like(&cell) || cell.starts_with('\''),
        "a formula left: {cell:?}"
    );

    let markdown = safe::markdown_escape(text);
    assert!(
        markdown.chars().all(|c| c == '\t' || !c.is_control()),
        "a control character in Markdown: {markdown:?}"
    );
    // Line breaks become `<br>`, the one tag it writes; any other `<` or `>` is escaped.
    assert!(
        !markdown.replace("<br>", "").contains(['<', '>']),
        "raw HTML in Markdown: {markdown:?}"
    );
    // Up to three spaces may come before a block marker.
    let start = markdown.trim_start_matches(' ');
    if markdown.len() - start.len() <= 3 {
        assert!(
            !start.starts_with(['#', '>', '-', '+', '*', '=']),
            "Markdown that opens a block: {markdown:?}"
        );
        // CommonMark: one to nine digits, `.` or `)`, then a space, a tab or the end of the
        // line ("1)003" is not a list item).
        let digits = start.len() - start.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = start.get(digits + 1..).unwrap_or_default();
        assert!(
            !((1..=9).contains(&digits)
                && start[digits..].starts_with(['.', ')'])
                && (after.is_empty() || after.starts_with([' ', '\t', '\n', '\r']))),
            "Markdown that opens a numbered list: {markdown:?}"
        );
    }

    let terminal = safe::terminal_text(text);
    assert!(
        terminal
            .chars()
            .all(|c| matches!(c, '\t' | '\n') || !c.is_control()),
        "a control character for the terminal: {terminal:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or_default();
    let names: Vec<&str> = parts
        .next()
        .map(|names| names.lines().collect())
        .unwrap_or_default();
    let emails: Vec<&str> = parts
        .next()
        .map(|emails| emails.lines().collect())
        .unwrap_or_default();
    check_redaction(text, &OwnDetails::default());
    if !names.is_empty() || !emails.is_empty() {
        check_redaction(text, &OwnDetails::new(names, emails));
    }
    check_safe(&input);
});
