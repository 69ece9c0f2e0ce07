//! Making respondent text safe for each output: HTML escaping, CSV/XLSX formula neutralising
//! (OWASP CSV injection guidance), Markdown escaping, and stripping bidirectional controls from
//! names and titles. Respondent text is data, never markup: every writer goes through here.

/// Escapes the five HTML special characters so text can sit in element content or a quoted
/// attribute. NUL is dropped.
#[must_use]
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => {}
            other => out.push(other),
        }
    }
    out
}

/// True when a spreadsheet program would treat the cell as a formula or command: it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return (after any leading whitespace... the
/// check is on the first character, as OWASP advises).
#[must_use]
pub fn is_formula_like(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    ) || matches!(text.trim_start().chars().next(), Some('=' | '+' | '@'))
}

/// Neutralises a text cell for CSV and XLSX: a leading `'` makes a formula-like value plain
/// text. NUL bytes are dropped. Numbers are written as numbers and never pass through here.
#[must_use]
pub fn neutralise_formula(text: &str) -> String {
    let text: String = text.chars().filter(|c| *c != '\0').collect();
    if is_formula_like(&text) {
        format!("'{text}")
    } else {
        text
    }
}

/// Escapes text for a Markdown table cell or paragraph: `|` and backslash escaped, HTML
/// special characters escaped, a leading `#`, `>`, `-`, `+`, `=` or `*` (after up to three
/// spaces) escaped so it cannot start a heading, quote or list, and so is the `.` or `)` of a
/// leading `1.` or `12)` followed by a space (CommonMark's ordered-list marker); newlines
/// become `<br>` inside tables; other control characters are dropped.
#[must_use]
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            // Control characters (NUL, escape sequences) have no place in Markdown and would
            // drive a terminal that prints it.
            '\r' => {}
            other if other.is_control() && other != '\t' => {}
            other => out.push(other),
        }
    }
    // CommonMark lets up to three spaces come before a block marker.
    let lead = out.len() - out.trim_start_matches(' ').len();
    if lead <= 3 {
        let start = &out[lead..];
        if start.starts_with(['#', '-', '+', '=']) || start.starts_with("&gt;") {
            out.insert(lead, '\\');
        } else {
            let digits = start.len() - start.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = start.get(digits + 1..).unwrap_or_default();
            if (1..=9).contains(&digits)
                && start[digits..].starts_with(['.', ')'])
                && (after.is_empty() || after.starts_with([' ', '\t']))
            {
                out.insert(lead + digits, '\\');
            }
        }
    }
    out
}

/// Bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)
/// removed: they can make a file name or title read differently from what it is.
#[must_use]
pub fn strip_bidi(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')).collect()
}

/// Text for a terminal: control characters (C0 other than tab and newline, DEL, C1) and
/// bidirectional controls removed, so respondent text cannot send escape sequences (colours,
/// a new window title, a cleared screen) or reorder what is shown.
#[must_use]
pub fn terminal_text(text: &str) -> String {
    strip_bidi(text)
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect()
}

/// A safe file-name part: lowercase ASCII letters, digits and `-`, at most `max` characters.
/// Respondent text must never be passed here; this is for question ids and fixed names.
#[must_use]
pub fn file_name_part(text: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in strip_bidi(text).chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn formulas_are_neutralised() {
        for (input, expected) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\r=1", "'\r=1"),
            ("  =1", "'  =1"),
            ("plain text", "plain text"),
            ("a\0b", "ab"),
        ] {
            assert_eq!(neutralise_formula(input), expected, "{input:?}");
        }
    }

    #[test]
    fn markdown_cannot_break_tables_or_start_blocks() {
        assert_eq!(markdown_escape("a | b"), "a \\| b");
        assert_eq!(markdown_escape("# heading"), "\\# heading");
        assert_eq!(markdown_escape("   # heading"), "   \\# heading");
        assert_eq!(markdown_escape("    # code"), "    # code");
        // Ordered-list markers (found by the redact fuzz target: "1. " was left as it was).
        assert_eq!(markdown_escape("1. first"), "1\\. first");
        assert_eq!(markdown_escape("12) twelfth"), "12\\) twelfth");
        assert_eq!(markdown_escape("2."), "2\\.");
        assert_eq!(
            markdown_escape("1)003 is a reference"),
            "1)003 is a reference"
        );
        assert_eq!(markdown_escape("2021. A year"), "2021\\. A year");
        assert_eq!(
            markdown_escape("1234567890. too long"),
            "1234567890. too long"
        );
        assert_eq!(markdown_escape("> quote"), "\\&gt; quote");
        assert_eq!(markdown_escape("line\nnext"), "line<br>next");
        assert_eq!(markdown_escape("<b>"), "&lt;b&gt;");
        assert_eq!(markdown_escape("a\0b\u{1b}[2Jc"), "ab\\[2Jc");
    }

    #[test]
    fn bidi_controls_are_stripped_and_file_names_are_plain() {
        assert_eq!(strip_bidi("abc\u{202E}fdp.exe"), "abcfdp.exe");
        assert_eq!(
            file_name_part("Q05: Walk-in centre?", 40),
            "q05-walk-in-centre"
        );
        assert_eq!(file_name_part("../../etc/passwd", 40), "etc-passwd");
    }

    #[test]
    fn terminal_text_has_no_escape_sequences() {
        assert_eq!(
            terminal_text("\u{1b}[31mred\u{1b}[0m\u{7}\0 \u{9b}x\u{202E}y\tz\n"),
            "[31mred[0m xy\tz\n"
        );
    }
}
