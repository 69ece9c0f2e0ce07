//! The report in Markdown: the same sections as the HTML, tables as pipe tables, charts linked
//! as PNG files with their text alternative as the image description. Respondent text is
//! escaped so it cannot start a heading, a list or a quote, or break a table.

use std::fmt::Write as _;

use super::document::{Block, Document, Section};
use crate::privacy::safe::{markdown_escape, strip_bidi};

/// Renders the document; charts are linked as `charts/<id>.png`.
#[must_use]
pub fn render(document: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", markdown_escape(&strip_bidi(&document.title)));
    if let Some(subtitle) = &document.subtitle {
        let _ = writeln!(out, "{}\n", markdown_escape(subtitle));
    }
    out.push_str("## Contents\n\n");
    for (index, section) in document.sections.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. [{}](#{})",
            index + 1,
            markdown_escape(&section.title),
            section.id
        );
    }
    out.push('\n');
    for section in &document.sections {
        render_section(&mut out, section, 2);
    }
    out
}

fn render_section(out: &mut String, section: &Section, level: usize) {
    let _ = writeln!(
        out,
        "{} {}\n",
        "#".repeat(level.min(6)),
        markdown_escape(&strip_bidi(&section.title))
    );
    for block in &section.blocks {
        match block {
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{}\n", markdown_escape(text));
            }
            Block::Note { text } => {
                let _ = writeln!(out, "*{}*\n", markdown_escape(text));
            }
            Block::List { items } => {
                for item in items {
                    let _ = writeln!(out, "- {}", markdown_escape(item));
                }
                out.push('\n');
            }
            Block::KeyFigures { figures } => {
                out.push_str("| Key figure | |\n| --- | ---: |\n");
                for (label, value) in figures {
                    // A label reads under its number in HTML ("1,503 responses"); in a table
                    // it starts the row, so it starts with a capital.
                    let mut chars = label.chars();
                    let label: String = chars
                        .next()
                        .map(|first| first.to_uppercase().chain(chars).collect())
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "| {} | {} |",
                        markdown_escape(&label),
                        markdown_escape(value)
                    );
                }
                out.push('\n');
            }
            Block::Table(table) => {
                out.push_str(&table.table.to_markdown());
                out.push('\n');
            }
            Block::Chart(figure) => {
                // The description is escaped too: `]` would end the link text.
                let _ = writeln!(
                    out,
                    "![{}](charts/{}.png)\n",
                    markdown_escape(&figure.chart.alt_text()),
                    figure.id
                );
            }
            Block::Quote { text, attribution } => {
                for line in text.lines() {
                    let _ = writeln!(out, "> {}", markdown_escape(line));
                }
                if let Some(attribution) = attribution {
                    let _ = writeln!(out, ">\n> \u{2014} {}", markdown_escape(attribution));
                }
                out.push('\n');
            }
        }
    }
    for subsection in &section.subsections {
        render_section(out, subsection, level + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respondent_text_cannot_make_markdown_structure() {
        let mut section = Section::new("themes", "Themes");
        section.push(Block::Quote {
            text: "# Not a heading\n- not a list | not a cell\n> not a quote".into(),
            attribution: Some("A resident".into()),
        });
        section.push(Block::paragraph("[click](javascript:alert(1))"));
        let markdown = render(&Document {
            title: "Report".into(),
            subtitle: None,
            sections: vec![section],
        });
        assert!(
            markdown.contains(
                "> \\# Not a heading\n> \\- not a list \\| not a cell\n> \\&gt; not a quote\n"
            ),
            "{markdown}"
        );
        assert!(
            markdown.contains("\\[click\\](javascript:alert(1))"),
            "{markdown}"
        );
    }
}
