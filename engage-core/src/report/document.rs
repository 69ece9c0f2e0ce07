//! The report as a document: titled sections holding paragraphs, key figures, tables, charts
//! and quotes. Composition fills it from the analyses; the HTML, Markdown and XLSX writers
//! render it, so the three outputs always say the same thing.

use serde::Serialize;

use crate::chart::Chart;
use crate::table::Table;

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Document {
    /// The report's title.
    pub title: String,
    /// A line under the title (organisation, period).
    pub subtitle: Option<String>,
    /// The sections in reading order.
    pub sections: Vec<Section>,
}

/// A numbered section (`h2` in HTML) with optional subsections (`h3`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Section {
    /// A stable anchor and sheet-name stem, lowercase letters, digits and `-`.
    pub id: String,
    /// The heading.
    pub title: String,
    /// The content before any subsection.
    pub blocks: Vec<Block>,
    /// Subsections (one per question, per theme...).
    pub subsections: Vec<Section>,
}

impl Section {
    /// An empty section.
    #[must_use]
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Section {
        Section {
            id: id.into(),
            title: title.into(),
            blocks: Vec::new(),
            subsections: Vec::new(),
        }
    }

    /// Adds a block.
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Every table in this section and its subsections, in order, with the section it is in.
    #[must_use]
    pub fn tables(&self) -> Vec<(&Section, &FigureTable)> {
        let mut out: Vec<(&Section, &FigureTable)> = self
            .blocks
            .iter()
            .filter_map(|block| {
                if let Block::Table(table) = block {
                    Some((self, table))
                } else {
                    None
                }
            })
            .collect();
        for subsection in &self.subsections {
            out.extend(subsection.tables());
        }
        out
    }

    /// Every chart in this section and its subsections, in order.
    #[must_use]
    pub fn charts(&self) -> Vec<&Figure> {
        let mut out: Vec<&Figure> = self
            .blocks
            .iter()
            .filter_map(|block| {
                if let Block::Chart(figure) = block {
                    Some(figure)
                } else {
                    None
                }
            })
            .collect();
        for subsection in &self.subsections {
            out.extend(subsection.charts());
        }
        out
    }
}

/// A table with a stable file name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureTable {
    /// The file name stem under `tables/` (`q05-walk-in-centre`).
    pub id: String,
    /// The table.
    pub table: Table,
}

/// A chart with a stable file name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// The file name stem under `charts/` (`q05-walk-in-centre`), also the SVG's id prefix.
    pub id: String,
    /// The chart.
    pub chart: Chart,
}

/// One piece of content.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of plain text.
    Paragraph {
        /// The text.
        text: String,
    },
    /// A bulleted list.
    List {
        /// The items.
        items: Vec<String>,
    },
    /// Headline numbers shown large: label and value pairs.
    KeyFigures {
        /// Label, value.
        figures: Vec<(String, String)>,
    },
    /// A table.
    Table(FigureTable),
    /// A chart.
    Chart(Figure),
    /// A respondent's words (already redacted), with who said it in general terms.
    Quote {
        /// The redacted comment.
        text: String,
        /// Context such as "A local resident, 65-74"; never a name.
        attribution: Option<String>,
    },
    /// A note in small print.
    Note {
        /// The text.
        text: String,
    },
}

impl Block {
    /// A paragraph.
    #[must_use]
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph { text: text.into() }
    }

    /// A note.
    #[must_use]
    pub fn note(text: impl Into<String>) -> Block {
        Block::Note { text: text.into() }
    }

    /// A table with its file name stem.
    #[must_use]
    pub fn table(id: impl Into<String>, table: Table) -> Block {
        Block::Table(FigureTable {
            id: id.into(),
            table,
        })
    }

    /// A chart with its file name stem.
    #[must_use]
    pub fn chart(id: impl Into<String>, chart: Chart) -> Block {
        Block::Chart(Figure {
            id: id.into(),
            chart,
        })
    }
}

impl Document {
    /// Every table in reading order.
    #[must_use]
    pub fn tables(&self) -> Vec<(&Section, &FigureTable)> {
        self.sections.iter().flat_map(Section::tables).collect()
    }

    /// Every chart in reading order.
    #[must_use]
    pub fn charts(&self) -> Vec<&Figure> {
        self.sections.iter().flat_map(Section::charts).collect()
    }
}
