//! Coarsening locations, for a redacted copy that keeps where people are to within a few
//! kilometres: a GPS point or a latitude or longitude column rounded to a few decimal places.
//!
//! Two decimal places of a degree are about 1.1 km north to south (less east to west away from
//! the equator), one is about 11 km. Only points can be coarsened: a point's altitude and
//! accuracy, a trace or shape (a route or a field's outline draws where someone goes) and a
//! what3words address (three metres square, and not a number to round) are dropped instead.

use crate::dataset::Answers;
use crate::schema::Question;

/// The most decimal places a coarsened location keeps: three (about 110 m) already points at a
/// street; more would point at a home.
pub const MAX_LOCATION_DECIMALS: u32 = 3;

/// A location column after coarsening.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Coarsened {
    /// Latitudes or longitudes, rounded.
    Numbers(Vec<Option<f64>>),
    /// Points as `latitude longitude` (or single coordinates kept as text), rounded, without
    /// altitude and accuracy.
    Texts(Vec<Option<String>>),
    /// Nothing that can be rounded (altitude, accuracy, traces, what3words): the column goes.
    Dropped,
}

/// Coarsens one location column to `decimals` places.
pub(crate) fn coarsen(question: &Question, answers: &Answers<'_>, decimals: u32) -> Coarsened {
    if is_altitude_or_accuracy(question) {
        return Coarsened::Dropped;
    }
    let decimals = decimals.min(MAX_LOCATION_DECIMALS);
    let scale = 10f64.powi(decimals.cast_signed());
    let round = |value: f64| (value * scale).round() / scale;
    let places = decimals as usize;
    match *answers {
        Answers::Number(values) => {
            Coarsened::Numbers(values.iter().map(|value| value.map(round)).collect())
        }
        Answers::Text(values) => {
            let mut coarse = Vec::with_capacity(values.len());
            for value in values.iter() {
                let Some(text) = value else {
                    coarse.push(None);
                    continue;
                };
                // A latitude or longitude kept as text (a `KoboToolbox` export read without
                // types), or a point.
                if let Ok(number) = text.trim().parse::<f64>() {
                    coarse.push(Some(format!("{:.places$}", round(number))));
                } else if let Some((latitude, longitude)) = point(text) {
                    coarse.push(Some(format!(
                        "{:.places$} {:.places$}",
                        round(latitude),
                        round(longitude)
                    )));
                } else {
                    return Coarsened::Dropped;
                }
            }
            Coarsened::Texts(coarse)
        }
        Answers::Date(_) | Answers::List(_) => Coarsened::Dropped,
    }
}

/// The latitude and longitude of a GPS point written as text (`-1.2625621 36.7921711 0.0 20.0`,
/// `51.5014, -0.1419`); `None` for anything else (a trace, a what3words address).
fn point(text: &str) -> Option<(f64, f64)> {
    if !super::detect::is_geopoint(text) {
        return None;
    }
    let text = text.trim().trim_start_matches('(').trim_end_matches(')');
    let mut numbers = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<f64>().ok());
    Some((numbers.next()??, numbers.next()??))
}

/// A point's altitude or accuracy column (`_gps_altitude`, `_gps_precision`,
/// `LocationAccuracy`), which says nothing once the point is coarse.
fn is_altitude_or_accuracy(question: &Question) -> bool {
    let header = format!("{} {}", question.text, question.columns.join(" ")).to_lowercase();
    ["altitude", "precision", "accuracy"]
        .iter()
        .any(|word| header.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::QuestionType;

    fn question(header: &str) -> Question {
        Question::new("q", header, QuestionType::Personal)
    }

    #[test]
    fn points_and_coordinates_are_rounded_and_the_rest_dropped() {
        let values: polars::prelude::StringChunked = [
            Some("-1.2625621 36.7921711 0.0 20.0"),
            None,
            Some("51.5014, -0.1419"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            coarsen(&question("gps"), &Answers::Text(&values), 2),
            Coarsened::Texts(vec![
                Some("-1.26 36.79".to_string()),
                None,
                Some("51.50 -0.14".to_string())
            ])
        );
        let texts: polars::prelude::StringChunked = [Some("-1.2625621"), Some("36.7921711")]
            .into_iter()
            .collect();
        assert_eq!(
            coarsen(&question("_gps_latitude"), &Answers::Text(&texts), 2),
            Coarsened::Texts(vec![Some("-1.26".to_string()), Some("36.79".to_string())])
        );
        let numbers: polars::prelude::Float64Chunked = [Some(-1.262_562_1), Some(36.792_171_1)]
            .into_iter()
            .collect();
        assert_eq!(
            coarsen(&question("_gps_latitude"), &Answers::Number(&numbers), 1),
            Coarsened::Numbers(vec![Some(-1.3), Some(36.8)])
        );
        assert_eq!(
            coarsen(&question("_gps_altitude"), &Answers::Number(&numbers), 2),
            Coarsened::Dropped
        );
        let trace: polars::prelude::StringChunked = [
            Some("-1.26 36.79 0 5;-1.27 36.80 0 5"),
            Some("///filled.count.soap"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            coarsen(&question("route"), &Answers::Text(&trace), 2),
            Coarsened::Dropped
        );
    }
}
