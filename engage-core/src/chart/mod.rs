//! Report charts: accessible, deterministic, drawn with plotters to SVG or PNG.
//!
//! Every chart has a title, the question text as a wrapped subtitle, a `Base: n = ...` line and
//! a source line; colours come from colour-blind-safe palettes that also separate in greyscale;
//! labels wrap rather than overlap; values withheld by disclosure control are drawn as withheld,
//! never as numbers; and each chart carries a one- or two-sentence text alternative describing
//! its main finding ([`Chart::alt_text`]), embedded in the SVG as `<title>` and `<desc>`.
//!
//! The kinds, one file each: [`BarChart`] (options with 95% interval whiskers, theme counts,
//! costs per place), [`LikertChart`] (diverging stacked bars centred on the neutral point),
//! [`StackedChart`] (cross-tabs and mixes, stacked or grouped), [`TimelineChart`] (responses per
//! day with the cumulative total), [`RepresentationChart`] (sample against population, or the
//! representation index with a line at 100), [`HeatmapChart`] (theme co-occurrence) and
//! [`ScatterChart`] (deliberation participants on two components, by opinion group).
//!
//! The same input always gives byte-identical SVG and PNG: fonts are embedded (DejaVu Sans,
//! through ab_glyph), nothing depends on the machine, and no timestamp is written.
//!
//! ```
//! use engage_core::chart::{Bar, BarChart, Caption, Chart, ChartOptions};
//!
//! let chart = Chart::Bar(BarChart::percentages(
//!     Caption::new("Support for the proposal", "n = 120").with_subtitle("Do you support moving the walk-in centre?"),
//!     vec![Bar::new("Yes", 35.0).with_interval(27.1, 43.8), Bar::new("No", 65.0).with_interval(56.2, 72.9)],
//! ));
//! let svg = chart.svg(&ChartOptions::default());
//! assert!(svg.contains("<title"));
//! assert!(chart.alt_text().contains("No"));
//! ```

mod bar;
pub(crate) mod canvas;
mod heatmap;
mod likert;
pub(crate) mod palette;
mod representation;
pub mod results;
mod scatter;
mod stacked;
mod timeline;

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

pub use bar::{Bar, BarChart, Unit};
pub use heatmap::HeatmapChart;
pub use likert::{LikertChart, LikertItem};
pub use representation::{RepresentationChart, RepresentationMode, RepresentationRow};
pub use scatter::{ScatterChart, ScatterSeries};
pub use stacked::{StackedChart, StackedGroup};
pub use timeline::TimelineChart;

use crate::error::{Error, Result};
use canvas::{Align, Canvas, Font};

/// The words around a chart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Caption {
    /// What the chart shows, in a few words.
    pub title: String,
    /// The question as asked, wrapped under the title.
    pub subtitle: Option<String>,
    /// Who the figures are of, shown as `Base: ...` (for example `all who answered, n = 1,234`).
    pub base: String,
    /// Where the data came from (the survey, its dates), shown as `Source: ...`.
    pub source: Option<String>,
    /// A note under the chart (for example that values below 5 are withheld).
    pub note: Option<String>,
}

impl Caption {
    /// A caption with a title and a base.
    #[must_use]
    pub fn new(title: impl Into<String>, base: impl Into<String>) -> Caption {
        Caption {
            title: title.into(),
            base: base.into(),
            ..Caption::default()
        }
    }

    /// This caption with the question as subtitle. A subtitle that only repeats the title (a
    /// short question used whole as the title) is left out.
    #[must_use]
    pub fn with_subtitle(mut self, subtitle: impl Into<String>) -> Caption {
        let subtitle = subtitle.into();
        self.subtitle = (subtitle.trim() != self.title.trim()).then_some(subtitle);
        self
    }

    /// This caption with a source line.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> Caption {
        self.source = Some(source.into());
        self
    }

    /// This caption with a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Caption {
        self.note = Some(note.into());
        self
    }
}

/// How to render.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartOptions {
    width: u32,
    min_height: u32,
    png_scale: f64,
    id: String,
    source: Option<String>,
}

impl Default for ChartOptions {
    fn default() -> ChartOptions {
        ChartOptions {
            width: 800,
            min_height: 500,
            png_scale: 2.0,
            id: "chart".to_string(),
            source: None,
        }
    }
}

impl ChartOptions {
    /// The width in logical pixels. Default: 800, which reads well at A4 width.
    #[must_use]
    pub fn with_width(mut self, width: u32) -> ChartOptions {
        self.width = width.max(320);
        self
    }

    /// The smallest height in logical pixels; charts with many rows grow taller. Default: 500, so
    /// charts pasted one after another into a paper share one size (1600 x 1000 as PNG). A
    /// report page sets 0: each chart as tall as its content, with no blank bands.
    #[must_use]
    pub fn with_min_height(mut self, height: u32) -> ChartOptions {
        self.min_height = height;
        self
    }

    /// Pixels per logical pixel in PNG output. Default: 2, so the default PNG is 1600 x 1000.
    #[must_use]
    pub fn with_png_scale(mut self, scale: f64) -> ChartOptions {
        self.png_scale = scale.clamp(0.5, 8.0);
        self
    }

    /// An id for the SVG's title and description elements, unique within an HTML page.
    /// Default: `chart`.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> ChartOptions {
        let id: String = id
            .into()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        self.id = if id.is_empty() {
            "chart".to_string()
        } else {
            id
        };
        self
    }

    /// A source line used when the chart's caption has none. Default: none.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> ChartOptions {
        self.source = Some(source.into());
        self
    }
}

/// A chart of any kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chart {
    /// Horizontal bars.
    Bar(BarChart),
    /// Diverging stacked bars for scale items.
    Likert(LikertChart),
    /// Stacked or grouped bars for a cross-tab or a mix.
    Stacked(StackedChart),
    /// Responses per day with the running total.
    Timeline(TimelineChart),
    /// Sample against population.
    Representation(RepresentationChart),
    /// A grid of values (theme co-occurrence).
    Heatmap(HeatmapChart),
    /// Points in series on two axes (participants by opinion group).
    Scatter(ScatterChart),
}

const MARGIN: f64 = 24.0;
const TITLE: Font = Font::new(19.0).bold();
const SUBTITLE: Font = Font::new(14.5).color(palette::MUTED);
const FOOTER: Font = Font::new(12.5).color(palette::MUTED);

/// The header and footer of a chart, laid out for a width.
struct Frame {
    title: Vec<String>,
    subtitle: Vec<String>,
    footer: Vec<String>,
}

impl Frame {
    fn new(caption: &Caption, options: &ChartOptions, width: f64) -> Frame {
        let inner = width - 2.0 * MARGIN;
        let title = canvas::wrap(&caption.title, inner, TITLE, 2);
        let subtitle = caption
            .subtitle
            .as_deref()
            .map(|subtitle| canvas::wrap(subtitle, inner, SUBTITLE, 3))
            .unwrap_or_default();
        let mut footer = Vec::new();
        if !caption.base.is_empty() {
            footer.extend(canvas::wrap(
                &format!("Base: {}", caption.base),
                inner,
                FOOTER,
                2,
            ));
        }
        if let Some(note) = &caption.note {
            footer.extend(canvas::wrap(note, inner, FOOTER, 3));
        }
        if let Some(source) = caption.source.as_ref().or(options.source.as_ref()) {
            footer.extend(canvas::wrap(&format!("Source: {source}"), inner, FOOTER, 2));
        }
        Frame {
            title,
            subtitle,
            footer,
        }
    }

    fn header_height(&self) -> f64 {
        MARGIN
            + self.title.len() as f64 * 22.0
            + if self.subtitle.is_empty() {
                0.0
            } else {
                4.0 + self.subtitle.len() as f64 * 17.0
            }
            + 14.0
    }

    fn footer_height(&self) -> f64 {
        10.0 + self.footer.len() as f64 * 15.0 + MARGIN * 0.75
    }

    fn draw_header<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) {
        let mut y = MARGIN + 9.0;
        y = canvas.lines(&self.title, MARGIN, y, TITLE, Align::Left, 22.0);
        if !self.subtitle.is_empty() {
            canvas.lines(
                &self.subtitle,
                MARGIN,
                y - 4.0 + 8.5,
                SUBTITLE,
                Align::Left,
                17.0,
            );
        }
    }

    /// The footer straight under the body (any spare height stays below it).
    fn draw_footer<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, body_bottom: f64) {
        canvas.lines(
            &self.footer,
            MARGIN,
            body_bottom + 17.0,
            FOOTER,
            Align::Left,
            15.0,
        );
    }
}

/// The body area a chart kind draws into. `height` is the room available, at least the body's
/// natural height; row-based charts grow their rows (within limits) to use it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Area {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

/// How much taller rows may grow to fill a chart's height: natural rows times at most 1.6.
pub(crate) fn stretch(natural_rows: f64, fixed: f64, available: f64) -> f64 {
    if natural_rows <= 0.0 {
        return 1.0;
    }
    ((available - fixed) / natural_rows).clamp(1.0, 1.6)
}

impl Chart {
    fn caption(&self) -> &Caption {
        match self {
            Chart::Bar(chart) => &chart.caption,
            Chart::Likert(chart) => &chart.caption,
            Chart::Stacked(chart) => &chart.caption,
            Chart::Timeline(chart) => &chart.caption,
            Chart::Representation(chart) => &chart.caption,
            Chart::Heatmap(chart) => &chart.caption,
            Chart::Scatter(chart) => &chart.caption,
        }
    }

    fn caption_mut(&mut self) -> &mut Caption {
        match self {
            Chart::Bar(chart) => &mut chart.caption,
            Chart::Likert(chart) => &mut chart.caption,
            Chart::Stacked(chart) => &mut chart.caption,
            Chart::Timeline(chart) => &mut chart.caption,
            Chart::Representation(chart) => &mut chart.caption,
            Chart::Heatmap(chart) => &mut chart.caption,
            Chart::Scatter(chart) => &mut chart.caption,
        }
    }

    /// The chart's title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.caption().title
    }

    /// This chart with another title; the question stays as the subtitle.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Chart {
        self.caption_mut().title = title.into();
        self
    }

    /// One or two sentences describing the main finding, for screen readers and for documents
    /// that cannot show the image. Embedded in the SVG; written beside PNG files.
    #[must_use]
    pub fn alt_text(&self) -> String {
        let finding = match self {
            Chart::Bar(chart) => chart.alt_text(),
            Chart::Likert(chart) => chart.alt_text(),
            Chart::Stacked(chart) => chart.alt_text(),
            Chart::Timeline(chart) => chart.alt_text(),
            Chart::Representation(chart) => chart.alt_text(),
            Chart::Heatmap(chart) => chart.alt_text(),
            Chart::Scatter(chart) => chart.alt_text(),
        };
        let base = &self.caption().base;
        if base.is_empty() {
            finding
        } else {
            format!("{finding} Base: {base}.")
        }
    }

    fn body_height(&self, width: f64) -> f64 {
        match self {
            Chart::Bar(chart) => chart.body_height(width),
            Chart::Likert(chart) => chart.body_height(width),
            Chart::Stacked(chart) => chart.body_height(width),
            Chart::Timeline(chart) => chart.body_height(width),
            Chart::Representation(chart) => chart.body_height(width),
            Chart::Heatmap(chart) => chart.body_height(width),
            Chart::Scatter(chart) => chart.body_height(width),
        }
    }

    /// Width and height in logical pixels for these options.
    #[must_use]
    pub fn size(&self, options: &ChartOptions) -> (u32, u32) {
        let width = f64::from(options.width);
        let frame = Frame::new(self.caption(), options, width);
        let height =
            frame.header_height() + self.body_height(width - 2.0 * MARGIN) + frame.footer_height();
        (
            options.width,
            (height.ceil() as u32).max(options.min_height),
        )
    }

    fn draw<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        options: &ChartOptions,
        height: f64,
    ) {
        let width = f64::from(options.width);
        canvas.background(RGBColor(255, 255, 255));
        let frame = Frame::new(self.caption(), options, width);
        frame.draw_header(canvas);
        let top = frame.header_height();
        let area = Area {
            x: MARGIN,
            y: top,
            width: width - 2.0 * MARGIN,
            height: height - top - frame.footer_height(),
        };
        let used = match self {
            Chart::Bar(chart) => chart.draw(canvas, area),
            Chart::Likert(chart) => chart.draw(canvas, area),
            Chart::Stacked(chart) => chart.draw(canvas, area),
            Chart::Timeline(chart) => chart.draw(canvas, area),
            Chart::Representation(chart) => chart.draw(canvas, area),
            Chart::Heatmap(chart) => chart.draw(canvas, area),
            Chart::Scatter(chart) => chart.draw(canvas, area),
        };
        frame.draw_footer(canvas, top + used);
    }

    /// The chart as an SVG document: text stays text (searchable, scalable), with `<title>`
    /// and `<desc>` holding the title and the text alternative, and `role="img"`.
    #[must_use]
    pub fn svg(&self, options: &ChartOptions) -> String {
        let (width, height) = self.size(options);
        let mut buffer = String::new();
        {
            let backend = SVGBackend::with_string(&mut buffer, (width, height));
            let area = backend.into_drawing_area();
            let canvas = Canvas::new(&area, 1.0);
            self.draw(&canvas, options, f64::from(height));
            let _ = area.present();
        }
        accessible_svg(&buffer, &options.id, self.title(), &self.alt_text())
    }

    /// Writes the SVG to any writer.
    pub fn write_svg<W: std::io::Write>(&self, options: &ChartOptions, mut out: W) -> Result<()> {
        out.write_all(self.svg(options).as_bytes())
            .map_err(|error| Error::output("chart", error.to_string()))
    }

    /// The chart as a PNG image, `png_scale` pixels per logical pixel (1600 x 1000 by default).
    pub fn png(&self, options: &ChartOptions) -> Result<Vec<u8>> {
        let (width, height) = self.size(options);
        let scale = options.png_scale;
        let (pixel_width, pixel_height) = (
            (f64::from(width) * scale).round() as u32,
            (f64::from(height) * scale).round() as u32,
        );
        let mut rgb = vec![255u8; pixel_width as usize * pixel_height as usize * 3];
        {
            let backend = BitMapBackend::with_buffer(&mut rgb, (pixel_width, pixel_height));
            let area = backend.into_drawing_area();
            let canvas = Canvas::new(&area, scale);
            self.draw(&canvas, options, f64::from(height));
            area.present()
                .map_err(|error| Error::output("chart.png", error.to_string()))?;
        }
        encode_png(&rgb, pixel_width, pixel_height)
    }

    /// Writes the PNG to any writer.
    pub fn write_png<W: std::io::Write>(&self, options: &ChartOptions, mut out: W) -> Result<()> {
        let bytes = self.png(options)?;
        out.write_all(&bytes)
            .map_err(|error| Error::output("chart.png", error.to_string()))
    }
}

/// Adds `role="img"`, `<title>` and `<desc>` to plotters' SVG, so screen readers announce the
/// chart and its finding.
fn accessible_svg(svg: &str, id: &str, title: &str, description: &str) -> String {
    let escape = crate::privacy::safe::html_escape;
    let Some(open_end) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|end| start + end))
    else {
        return svg.to_string();
    };
    let (head, rest) = svg.split_at(open_end);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    format!(
        "{head} role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">\n<title id=\"{title_id}\">{}</title>\n<desc id=\"{desc_id}\">{}</desc>{}",
        escape(&crate::privacy::safe::strip_bidi(title)),
        escape(&crate::privacy::safe::strip_bidi(description)),
        &rest[1..]
    )
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        let mut writer = encoder
            .write_header()
            .map_err(|error| Error::output("chart.png", error.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|error| Error::output("chart.png", error.to_string()))?;
    }
    Ok(bytes)
}

/// `1234` as `1,234`.
pub(crate) fn count(value: u64) -> String {
    crate::table::group_thousands(value)
}

/// A percentage as shown on charts: whole numbers from 10 up, one decimal below.
pub(crate) fn percent(value: f64) -> String {
    if value.abs() >= 9.95 {
        format!("{value:.0}%")
    } else {
        format!("{value:.1}%")
    }
}

/// A round axis maximum at or above `value`: 10, 20, 25, 40, 50, 60, 80, 100, then by hundreds.
pub(crate) fn nice_max(value: f64) -> f64 {
    if value <= 0.0 {
        return 10.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * magnitude >= value - 1e-9 {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// Tick values for an axis of counts: those of [`ticks`] that are whole numbers (a count axis
/// up to 2 gets 0, 1, 2, not 0, 0.5, 1, 1.5, 2 printed as whole numbers).
pub(crate) fn count_ticks(max: f64) -> Vec<f64> {
    ticks(max)
        .into_iter()
        .filter(|tick| tick.fract().abs() < 1e-9)
        .collect()
}

/// Tick values from 0 to `max`: 4 or 5 intervals of a round step.
pub(crate) fn ticks(max: f64) -> Vec<f64> {
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| max / step <= 5.0 + 1e-9)
        .unwrap_or(max);
    let mut values = Vec::new();
    let mut value = 0.0;
    while value <= max + 1e-9 {
        values.push(value);
        value += step;
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_axes_tick_whole_numbers_only() {
        // A day's most was 2, eleven in all (interview notes): no 0.5 shown as "0", no 7.5
        // as "7".
        assert_eq!(count_ticks(nice_max(2.0)), [0.0, 1.0, 2.0]);
        assert_eq!(count_ticks(nice_max(11.0)), [0.0, 5.0, 10.0]);
        assert_eq!(count_ticks(100.0), ticks(100.0));
    }

    fn sample() -> Chart {
        Chart::Bar(BarChart::percentages(
            Caption::new(
                "How did you hear about the consultation?",
                "all who answered, n = 1,136",
            )
            .with_subtitle("How did you hear about this consultation? (select all that apply)")
            .with_source("Riverside walk-in centre consultation, 2024"),
            vec![
                Bar::new("Letter or leaflet from the NHS", 47.7).with_interval(44.8, 50.6),
                Bar::new("Social media", 37.2).with_interval(34.5, 40.1),
                Bar::withheld("Councillor's newsletter", "<5"),
            ],
        ))
    }

    #[test]
    fn the_same_chart_gives_the_same_bytes() {
        let chart = sample();
        let options = ChartOptions::default();
        assert_eq!(chart.svg(&options), chart.svg(&options));
        assert_eq!(chart.png(&options).unwrap(), chart.png(&options).unwrap());
    }

    #[test]
    fn the_default_png_is_1600_by_1000_and_a_page_can_fit_the_content() {
        let chart = sample();
        let png = chart.png(&ChartOptions::default()).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (1600, 1000));
        // Three bars need far less than 500 logical pixels.
        let (width, height) = chart.size(&ChartOptions::default().with_min_height(0));
        assert_eq!(width, 800);
        assert!(height < 350, "{height}");
    }

    #[test]
    fn svg_is_accessible_and_escapes_text() {
        let mut chart = sample();
        if let Chart::Bar(bar) = &mut chart {
            bar.caption.title = "<script>alert(1)</script> & more".to_string();
        }
        let svg = chart.svg(&ChartOptions::default().with_id("q07"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"q07-title q07-desc\""));
        assert!(svg.contains(
            "<title id=\"q07-title\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title>"
        ));
        assert!(!svg.contains("<script>"));
    }

    #[test]
    fn axis_helpers_give_round_numbers() {
        assert_eq!(nice_max(47.7), 50.0);
        assert_eq!(nice_max(100.0), 100.0);
        assert_eq!(nice_max(1234.0), 1500.0);
        assert_eq!(ticks(100.0), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(50.0), vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(percent(47.66), "48%");
        assert_eq!(percent(4.66), "4.7%");
    }
}

/// `cargo test -p engage-core chart::gallery -- --ignored` writes every kind of chart as PNG and
/// SVG to `target/chart-gallery/`, to look at.
#[cfg(test)]
mod gallery {
    use super::*;

    #[test]
    #[ignore = "writes files to look at"]
    fn write_gallery() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/chart-gallery");
        std::fs::create_dir_all(&folder).unwrap();
        let source = "Riverside walk-in centre consultation, 8 January to 31 March 2024";
        let charts = vec![
            ("bar", Chart::Bar(BarChart::multiple_answers(
                Caption::new("Services used in the last 12 months", "all who answered, n = 1,479").with_subtitle("Which of these services have you used in the last 12 months? (select all that apply)").with_source(source),
                vec![
                    Bar::new("GP practice", 81.4).with_interval(79.3, 83.3),
                    Bar::new("Pharmacy", 53.9).with_interval(51.3, 56.4),
                    Bar::new("Walk-in centre", 42.1).with_interval(39.6, 44.6),
                    Bar::new("NHS 111", 38.2).with_interval(35.8, 40.7),
                    Bar::new("A&E", 30.6).with_interval(28.3, 33.0),
                    Bar::new("Dentist", 24.9).with_interval(22.8, 27.2),
                    Bar::new("Urgent treatment centre", 14.6).with_interval(12.9, 16.5),
                    Bar::new("Mental health crisis service with a very long name that has to wrap onto more than one line", 3.2).with_interval(2.4, 4.3),
                    Bar::withheld("Private GP", "<5"),
                ],
            ))),
            ("likert", Chart::Likert(LikertChart::new(
                Caption::new("Views on the proposal", "all who answered on the scale (n varies from 1,249 to 1,295)").with_subtitle("How much do you agree or disagree with each statement?").with_source(source),
                ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"].map(String::from).to_vec(),
                Some(2),
                vec![
                    LikertItem { label: "The walk-in centre should stay at its current site".into(), shares: vec![Some(6.6), Some(12.2), Some(20.3), Some(25.7), Some(35.2)], base: 1299, off_scale: Some(4.8) },
                    LikertItem { label: "Moving walk-in services to the new urgent treatment centre at Riverside General Hospital would improve care".into(), shares: vec![Some(35.0), Some(25.0), Some(20.8), Some(13.0), Some(6.1)], base: 1287, off_scale: Some(4.7) },
                    LikertItem { label: "It is easy to get an appointment with my GP".into(), shares: vec![Some(14.0), Some(34.2), Some(34.6), Some(14.7), Some(2.8)], base: 1273, off_scale: Some(4.8) },
                    LikertItem { label: "I would know where to go for urgent care if the walk-in centre moved".into(), shares: vec![Some(1.4), Some(12.5), Some(35.0), Some(36.6), Some(14.6)], base: 1173, off_scale: Some(10.6) },
                ],
            ))),
            ("crosstab", Chart::Stacked(StackedChart::stacked(
                Caption::new("The centre should stay at its current site, by capacity", "all who answered both questions, n = 1,299").with_source(source),
                ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"].map(String::from).to_vec(),
                vec![
                    StackedGroup { label: "A local resident".into(), base: Some(785), shares: vec![Some(5.0), Some(10.1), Some(19.0), Some(27.0), Some(38.9)] },
                    StackedGroup { label: "A patient of the walk-in centre".into(), base: Some(281), shares: vec![Some(4.3), Some(9.6), Some(20.3), Some(25.6), Some(40.2)] },
                    StackedGroup { label: "A member of NHS or social care staff".into(), base: Some(104), shares: vec![Some(21.2), Some(28.8), Some(25.0), Some(15.4), Some(9.6)] },
                    StackedGroup { label: "On behalf of an organisation or group".into(), base: Some(38), shares: vec![None, Some(13.2), Some(26.3), Some(28.9), Some(23.7)] },
                ],
            ).ordered())),
            ("timeline", Chart::Timeline(TimelineChart::new(
                Caption::new("Responses over time", "all responses, n = 1,503").with_source(source),
                (0..84).map(|day| (chrono::NaiveDate::from_ymd_opt(2024, 1, 8).unwrap() + chrono::Duration::days(day), Some((4.0 + 40.0 * (-((day as f64 - 3.0).abs()) / 2.5).exp() + 55.0 * (-((day as f64 - 30.0).abs()) / 2.5).exp() + 60.0 * (-((day as f64 - 82.0).abs()) / 2.5).exp()) as u64))).collect(),
            ))),
            ("representation", Chart::Representation(RepresentationChart::new(
                Caption::new("Ethnic group of respondents against the borough", "all who gave their ethnic group, n = 1,259").with_source("Census 2021, ONS table TS021"),
                vec![
                    RepresentationRow { label: "White".into(), sample: Some(87.5), population: 81.7 },
                    RepresentationRow { label: "Asian or Asian British".into(), sample: Some(6.3), population: 9.3 },
                    RepresentationRow { label: "Black, Black British, Caribbean or African".into(), sample: Some(2.5), population: 4.0 },
                    RepresentationRow { label: "Mixed or Multiple ethnic groups".into(), sample: Some(2.1), population: 2.9 },
                    RepresentationRow { label: "Other ethnic group".into(), sample: Some(1.0), population: 2.1 },
                ],
                RepresentationMode::Index,
            ))),
            ("heatmap", Chart::Heatmap(HeatmapChart::counts(
                Caption::new("Themes mentioned together", "comments coded with at least one theme, n = 912").with_source(source),
                ["Access and waiting times", "Location and travel", "Parking", "Opening hours", "Staff and care quality", "Alternatives: GP, 111, A&E"].map(String::from).to_vec(),
                (0..6).map(|row| (0..6).map(|column| Some(if row == column { 300.0 - f64::from(row) * 40.0 } else { f64::from((row * 7 + column * 11) % 60) })).collect()).collect(),
                "comments coded with both themes",
            ))),
        ];
        for (name, chart) in charts {
            let options = ChartOptions::default().with_id(name);
            std::fs::write(folder.join(format!("{name}.svg")), chart.svg(&options)).unwrap();
            std::fs::write(
                folder.join(format!("{name}.png")),
                chart.png(&options).unwrap(),
            )
            .unwrap();
            std::fs::write(folder.join(format!("{name}.txt")), chart.alt_text()).unwrap();
        }
    }
}
