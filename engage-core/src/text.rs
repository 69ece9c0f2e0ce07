//! Text cut to a length with an ellipsis, for table cells, chart labels, terminal lines and the
//! values and header lists error messages quote: written once so every output cuts alike.

/// The ellipsis that ends cut text.
pub const ELLIPSIS: char = '\u{2026}';

/// The most characters of a value, or of a list of columns, an error message quotes.
pub const MESSAGE_VALUE: usize = 80;

/// `text` in at most `max` characters: unchanged when it fits, else its first `max` − 1
/// characters (trailing whitespace dropped) and an ellipsis.
///
/// ```
/// use engage_core::text::shorten;
///
/// assert_eq!(shorten("Parking should be free", 12), "Parking sho\u{2026}");
/// assert_eq!(shorten("Parking should be free", 9), "Parking\u{2026}");
/// assert_eq!(shorten("short", 12), "short");
/// ```
#[must_use]
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}{ELLIPSIS}", cut.trim_end())
}

/// `text` on one line, whitespace runs made one space, in at most `max` characters
/// ([`shorten`]).
#[must_use]
pub fn one_line(text: &str, max: usize) -> String {
    shorten(&text.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

/// A value quoted in an error message: on one line and at most [`MESSAGE_VALUE`] characters,
/// so a stray paragraph or a whole header row does not flood the terminal.
#[must_use]
pub fn for_message(text: &str) -> String {
    one_line(text, MESSAGE_VALUE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_to_the_length_with_the_ellipsis_counted() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde\u{2026}");
        assert_eq!(shorten("abcdefg", 6).chars().count(), 6);
        // Whitespace before the cut is dropped: "abc " then the ellipsis.
        assert_eq!(shorten("abc defg", 5), "abc\u{2026}");
        // Characters, not bytes: each "é" is one.
        assert_eq!(shorten("ééééé", 3), "éé\u{2026}");
        assert_eq!(shorten("abc", 0), "\u{2026}");
    }

    #[test]
    fn one_line_collapses_whitespace_first() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("a\n  b\tcdef", 5), "a b\u{2026}");
    }

    #[test]
    fn a_long_value_in_a_message_is_cut() {
        let header = "variable,".repeat(400);
        let shown = for_message(&header);
        assert_eq!(shown.chars().count(), MESSAGE_VALUE);
        assert!(shown.ends_with(ELLIPSIS));
    }
}
