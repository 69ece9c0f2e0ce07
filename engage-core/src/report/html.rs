//! The report as one self-contained HTML page: CSS inline, charts inline as SVG, no scripts and
//! no network fetches; readable on a phone (tables scroll sideways, charts scale) and when
//! printed (figures and tables are not split across pages). Headings go h1, h2, h3 in order;
//! tables have captions and header cells; every chart has its text alternative. All text is
//! escaped: respondent text is data, never markup.

use std::fmt::Write as _;

use super::document::{Block, Document, Section};
use crate::chart::ChartOptions;
use crate::privacy::safe::{html_escape, strip_bidi};
use crate::table::{Cell, Table};

const STYLE: &str = r"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #222; background: #fff; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; }
.subtitle { color: #595959; margin: 0 0 1.5rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.75rem; padding-top: 0.75rem; border-top: 3px solid #0072B2; }
h3 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
nav ol { padding-left: 1.25rem; }
nav a, a { color: #0b57d0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem; margin: 1rem 0; padding: 0; list-style: none; }
.figures li { border: 1px solid #ddd; border-left: 4px solid #0072B2; padding: 0.6rem 0.8rem; }
.figures .value { display: block; font-size: 1.6rem; font-weight: 700; }
.figures .label { color: #444; font-size: 0.9rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
caption { text-align: left; font-weight: 700; padding: 0 0 0.35rem; }
caption .base { display: block; font-weight: 400; color: #595959; font-size: 0.88rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #222; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f6f6f6; }
.note { color: #595959; font-size: 0.88rem; }
figure { margin: 1.25rem 0; overflow-x: auto; }
figure svg { width: 100%; height: auto; max-width: 50rem; display: block; }
@media (max-width: 40rem) { figure svg { min-width: 36rem; } }
figcaption { color: #595959; font-size: 0.88rem; }
blockquote { margin: 0.75rem 0; padding: 0.5rem 1rem; border-left: 4px solid #E69F00; background: #fff8eb; }
blockquote p { margin: 0; white-space: pre-line; }
blockquote footer { color: #595959; font-size: 0.88rem; margin-top: 0.25rem; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: auto; }
  figure, .table-wrap, table, blockquote, .figures { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
";

/// Renders the document as a complete HTML page.
#[must_use]
pub fn render(document: &Document, charts: &ChartOptions) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = html_escape(&strip_bidi(&document.title));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"engage\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
    );
    if let Some(subtitle) = &document.subtitle {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", html_escape(subtitle));
    }
    out.push_str("<nav aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
    for section in &document.sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            html_escape(&section.id),
            html_escape(&section.title)
        );
    }
    out.push_str("</ol>\n</nav>\n");
    for section in &document.sections {
        render_section(&mut out, section, 2, charts);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn render_section(out: &mut String, section: &Section, level: u8, charts: &ChartOptions) {
    let level = level.min(6);
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"{id}\">\n<h{level} id=\"{id}\">{}</h{level}>",
        html_escape(&strip_bidi(&section.title)),
        id = html_escape(&section.id)
    );
    for block in &section.blocks {
        render_block(out, block, charts);
    }
    for subsection in &section.subsections {
        render_section(out, subsection, level + 1, charts);
    }
    out.push_str("</section>\n");
}

fn render_block(out: &mut String, block: &Block, charts: &ChartOptions) {
    match block {
        Block::Paragraph { text } => {
            let _ = writeln!(out, "<p>{}</p>", html_escape(text));
        }
        Block::Note { text } => {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", html_escape(text));
        }
        Block::List { items } => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", html_escape(item));
            }
            out.push_str("</ul>\n");
        }
        Block::KeyFigures { figures } => {
            out.push_str("<ul class=\"figures\">\n");
            for (label, value) in figures {
                let _ = writeln!(
                    out,
                    "<li><span class=\"value\">{}</span> <span class=\"label\">{}</span></li>",
                    html_escape(value),
                    html_escape(label)
                );
            }
            out.push_str("</ul>\n");
        }
        Block::Table(table) => render_table(out, &table.table),
        Block::Chart(figure) => {
            let options = charts.clone().with_id(&figure.id);
            let _ = writeln!(
                out,
                "<figure>\n{}<figcaption>{}</figcaption>\n</figure>",
                figure
                    .chart
                    .svg(&options)
                    .trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
                html_escape(&figure.chart.alt_text())
            );
        }
        Block::Quote { text, attribution } => {
            let _ = write!(out, "<blockquote>\n<p>{}</p>\n", html_escape(text));
            if let Some(attribution) = attribution {
                let _ = writeln!(out, "<footer>{}</footer>", html_escape(attribution));
            }
            out.push_str("</blockquote>\n");
        }
    }
}

/// A table with a caption (title and base line), column headers, and the first column as row
/// headers; numbers right-aligned.
pub(crate) fn render_table(out: &mut String, table: &Table) {
    out.push_str("<div class=\"table-wrap\">\n<table>\n");
    let _ = write!(out, "<caption>{}", html_escape(&table.title));
    if let Some(caption) = &table.caption {
        let _ = write!(out, "<span class=\"base\">{}</span>", html_escape(caption));
    }
    out.push_str("</caption>\n<thead>\n<tr>");
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|index| {
            table
                .rows
                .iter()
                .any(|row| row.get(index).is_some_and(Cell::is_numeric))
        })
        .collect();
    for (index, column) in table.columns.iter().enumerate() {
        let class = if numeric[index] { " class=\"num\"" } else { "" };
        let _ = write!(
            out,
            "<th scope=\"col\"{class}>{}</th>",
            html_escape(&column.name)
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            let text = html_escape(&cell.display());
            let class = if cell.is_numeric() {
                " class=\"num\""
            } else {
                ""
            };
            if index == 0 {
                let _ = write!(out, "<th scope=\"row\"{class}>{text}</th>");
            } else {
                let _ = write!(out, "<td{class}>{text}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    for note in &table.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", html_escape(note));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Bar, BarChart, Caption, Chart};
    use crate::report::document::Block;

    fn document() -> Document {
        let mut table = Table::new("Q1 Do you agree? <b>", &["Option", "Count", "%"])
            .with_caption("Base: all who answered (n = 12)");
        table.push(vec![
            Cell::text("Agree <script>alert(1)</script>"),
            Cell::Count(10),
            Cell::percent(83.3),
        ]);
        table.push(vec![
            Cell::text("Disagree"),
            Cell::Suppressed("<5".into()),
            Cell::Suppressed("<5".into()),
        ]);
        table.notes.push("Counts below 5 are shown as <5.".into());
        let mut section = Section::new("q1", "Q1 & what people said");
        section.push(Block::paragraph("Most agreed."));
        section.push(Block::table("q1-agree", table));
        section.push(Block::chart(
            "q1-agree",
            Chart::Bar(BarChart::percentages(
                Caption::new("Agree? <i>", "n = 12"),
                vec![Bar::new("Agree", 83.3)],
            )),
        ));
        section.push(Block::Quote {
            text: "It's great <img src=x onerror=alert(1)>\nline two".into(),
            attribution: Some("A resident".into()),
        });
        Document {
            title: "Interim report".into(),
            subtitle: Some("Riverside".into()),
            sections: vec![section],
        }
    }

    #[test]
    fn respondent_text_is_escaped_everywhere() {
        let html = render(&document(), &ChartOptions::default());
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(!html.contains("<i>"));
        assert!(html.contains("Agree &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;5"));
        assert!(html.contains("Q1 &amp; what people said"));
    }

    #[test]
    fn structure_is_accessible_and_self_contained() {
        let html = render(&document(), &ChartOptions::default());
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
        assert!(html.contains("<caption>Q1 Do you agree? &lt;b&gt;<span class=\"base\">Base: all who answered (n = 12)</span></caption>"));
        assert!(html.contains("<th scope=\"col\">Option</th>"));
        assert!(html.contains("<th scope=\"row\">Disagree</th>"));
        assert!(html.contains("aria-labelledby=\"q1-agree-title q1-agree-desc\""));
        assert!(html.contains("<figcaption>Bar chart of Agree? &lt;i&gt;"));
        // No scripts and nothing fetched from the network.
        assert!(!html.contains("<script"));
        assert!(!html.contains("src=\"http"));
        assert!(!html.contains("href=\"http"));
        let h2 = html.find("<h2 id=\"q1\"").unwrap();
        assert!(html.find("<h1>").unwrap() < h2);
    }
}
