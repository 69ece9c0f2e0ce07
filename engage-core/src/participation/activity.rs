//! The activity log: one row per event, training session, network meeting, consultation or
//! online course, with what it cost and whom it reached.
//!
//! Recognised columns (headers compared without regard to case, spaces or punctuation, so
//! `Courses per learner` is `courses_per_learner`): `activity` (required), `kind`, `date`,
//! `organiser`, `sessions`, `places`, `participants` (a number, or a planned range such as
//! `50-100`), `learners`, `courses_per_learner`, `wilcox_level`, `dimensions`, `sector_public`,
//! `sector_vcf`, `sector_private`, `sector_other`, and any number of `cost_*` columns in pounds
//! (`1200`, `£1,200`). Other columns are listed as ignored.
//!
//! Per activity: total cost (the sum of its cost columns), cost per place, cost per participant
//! (a min-max pair for a planned range: the cost over the most and over the fewest people),
//! cost per learner, cost per course completed (learners × courses per learner), and the sector
//! mix. In total, each ratio divides the cost of the activities that report its denominator by
//! their total: online learning has learners, not places, so its cost is not in the cost per
//! place. Also the spread of activities over Wilcox's levels of participation and how often
//! each community empowerment dimension is claimed.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::ingest::side_table::key as header_key;
use crate::table::{Cell, Table, group_thousands};

/// Wilcox's levels of participation (1994), lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WilcoxLevel {
    /// Telling people what is planned.
    Information,
    /// Offering options and listening to feedback.
    Consultation,
    /// Encouraging others to add ideas and join in deciding.
    DecidingTogether,
    /// Deciding together and forming a partnership to carry it out.
    ActingTogether,
    /// Helping others do what they want, within a framework of grants and advice.
    SupportingIndependentCommunityInitiatives,
}

impl WilcoxLevel {
    /// The five levels, lowest first.
    pub const ALL: [WilcoxLevel; 5] = [
        WilcoxLevel::Information,
        WilcoxLevel::Consultation,
        WilcoxLevel::DecidingTogether,
        WilcoxLevel::ActingTogether,
        WilcoxLevel::SupportingIndependentCommunityInitiatives,
    ];

    /// The level in words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            WilcoxLevel::Information => "information",
            WilcoxLevel::Consultation => "consultation",
            WilcoxLevel::DecidingTogether => "deciding together",
            WilcoxLevel::ActingTogether => "acting together",
            WilcoxLevel::SupportingIndependentCommunityInitiatives => {
                "supporting independent community initiatives"
            }
        }
    }

    /// Reads a level, also from the IAP2 spectrum's words (inform, consult, involve,
    /// collaborate, empower).
    #[must_use]
    pub fn parse(text: &str) -> Option<WilcoxLevel> {
        let folded = fold(text);
        let folded = folded.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == ' ');
        Some(match folded {
            "information" | "inform" | "informing" => WilcoxLevel::Information,
            "consultation" | "consult" | "consulting" => WilcoxLevel::Consultation,
            "deciding together" | "deciding" | "involve" | "involving" => {
                WilcoxLevel::DecidingTogether
            }
            "acting together" | "acting" | "collaborate" | "collaborating" | "partnership" => {
                WilcoxLevel::ActingTogether
            }
            "supporting independent community initiatives"
            | "supporting independent community interests"
            | "supporting"
            | "supporting community initiatives"
            | "empower"
            | "empowering" => WilcoxLevel::SupportingIndependentCommunityInitiatives,
            _ => return None,
        })
    }
}

/// The community empowerment dimensions an activity can claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    /// Communities become confident.
    Confident,
    /// Inclusive.
    Inclusive,
    /// Organised.
    Organised,
    /// Co-operative.
    CoOperative,
    /// Influential.
    Influential,
}

impl Dimension {
    /// The five dimensions.
    pub const ALL: [Dimension; 5] = [
        Dimension::Confident,
        Dimension::Inclusive,
        Dimension::Organised,
        Dimension::CoOperative,
        Dimension::Influential,
    ];

    /// The dimension in words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Confident => "confident",
            Dimension::Inclusive => "inclusive",
            Dimension::Organised => "organised",
            Dimension::CoOperative => "co-operative",
            Dimension::Influential => "influential",
        }
    }

    /// Reads a dimension (`co-operative`, `cooperative`, `organized` are accepted).
    #[must_use]
    pub fn parse(text: &str) -> Option<Dimension> {
        Some(match fold(text).replace(['-', ' '], "").as_str() {
            "confident" | "confidence" => Dimension::Confident,
            "inclusive" | "inclusion" => Dimension::Inclusive,
            "organised" | "organized" | "organisation" | "organization" => Dimension::Organised,
            "cooperative" | "cooperation" => Dimension::CoOperative,
            "influential" | "influence" => Dimension::Influential,
            _ => return None,
        })
    }
}

/// A lowest-highest pair: a planned range of participants, or the cost per participant over it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MinMax {
    /// The lower figure.
    pub min: f64,
    /// The higher figure.
    pub max: f64,
}

/// One sector's attendees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SectorShare {
    /// Attendees from the sector.
    pub count: f64,
    /// As a percentage of the attendees counted by sector.
    pub percent: f64,
}

/// Attendees by sector.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SectorMix {
    /// Public sector.
    pub public: SectorShare,
    /// Voluntary, community and faith sector.
    pub vcf: SectorShare,
    /// Private sector.
    pub private: SectorShare,
    /// Other.
    pub other: SectorShare,
    /// Attendees counted by sector.
    pub total: f64,
}

impl SectorMix {
    fn new(counts: [f64; 4]) -> Option<SectorMix> {
        let total: f64 = counts.iter().sum();
        let share = |count: f64| SectorShare {
            count,
            percent: if total > 0.0 {
                100.0 * count / total
            } else {
                0.0
            },
        };
        (total > 0.0).then(|| SectorMix {
            public: share(counts[0]),
            vcf: share(counts[1]),
            private: share(counts[2]),
            other: share(counts[3]),
            total,
        })
    }
}

/// One cost column of an activity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostLine {
    /// The column after `cost_` (`officer_time`, `room_hire`).
    pub item: String,
    /// The amount in pounds.
    pub amount: f64,
}

/// One activity with its figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Activity {
    /// The row a spreadsheet shows the activity on.
    pub row: usize,
    /// The activity's name.
    pub activity: String,
    /// Its kind (training, network, event, online...).
    pub kind: Option<String>,
    /// When it took place, as written.
    pub date: Option<String>,
    /// Who ran it.
    pub organiser: Option<String>,
    /// Sessions run.
    pub sessions: Option<f64>,
    /// Places offered.
    pub places: Option<f64>,
    /// People who took part, or the planned range.
    pub participants: Option<MinMax>,
    /// Online learners.
    pub learners: Option<f64>,
    /// Courses each learner completed.
    pub courses_per_learner: Option<f64>,
    /// Courses completed: learners × courses per learner.
    pub courses_completed: Option<f64>,
    /// Its level of participation.
    pub wilcox_level: Option<WilcoxLevel>,
    /// The empowerment dimensions it claims.
    pub dimensions: Vec<Dimension>,
    /// Its costs, one per cost column that has an amount.
    pub costs: Vec<CostLine>,
    /// The sum of its costs; `None` when no cost is recorded.
    pub total_cost: Option<f64>,
    /// Total cost / places.
    pub cost_per_place: Option<f64>,
    /// Total cost / participants: for a range, min over the most people, max over the fewest.
    pub cost_per_participant: Option<MinMax>,
    /// Total cost / learners.
    pub cost_per_learner: Option<f64>,
    /// Total cost / courses completed.
    pub cost_per_course: Option<f64>,
    /// Attendees by sector; `None` when not recorded.
    pub sectors: Option<SectorMix>,
}

/// The whole log's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityTotal {
    /// Activities in the log.
    pub activities: usize,
    /// Sessions run.
    pub sessions: f64,
    /// Places offered.
    pub places: f64,
    /// People reached (a range when any activity gave a planned range).
    pub participants: Option<MinMax>,
    /// Online learners.
    pub learners: f64,
    /// Courses completed.
    pub courses_completed: f64,
    /// The cost of every activity; `None` when the log has no cost.
    pub total_cost: Option<f64>,
    /// The cost of the activities with places, over their places.
    pub cost_per_place: Option<f64>,
    /// The cost of the activities with participants, over their participants.
    pub cost_per_participant: Option<MinMax>,
    /// The cost of the activities with learners, over their learners.
    pub cost_per_learner: Option<f64>,
    /// The cost of the activities with courses completed, over the courses.
    pub cost_per_course: Option<f64>,
    /// Attendees by sector, over the activities that record them.
    pub sectors: Option<SectorMix>,
}

/// Activities per Wilcox level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WilcoxSpread {
    /// Information.
    pub information: usize,
    /// Consultation.
    pub consultation: usize,
    /// Deciding together.
    pub deciding_together: usize,
    /// Acting together.
    pub acting_together: usize,
    /// Supporting independent community initiatives.
    pub supporting_independent_community_initiatives: usize,
    /// Activities with no level given.
    pub not_given: usize,
}

impl WilcoxSpread {
    /// The count of one level.
    #[must_use]
    pub fn get(&self, level: WilcoxLevel) -> usize {
        match level {
            WilcoxLevel::Information => self.information,
            WilcoxLevel::Consultation => self.consultation,
            WilcoxLevel::DecidingTogether => self.deciding_together,
            WilcoxLevel::ActingTogether => self.acting_together,
            WilcoxLevel::SupportingIndependentCommunityInitiatives => {
                self.supporting_independent_community_initiatives
            }
        }
    }

    fn add(&mut self, level: Option<WilcoxLevel>) {
        let slot = match level {
            Some(WilcoxLevel::Information) => &mut self.information,
            Some(WilcoxLevel::Consultation) => &mut self.consultation,
            Some(WilcoxLevel::DecidingTogether) => &mut self.deciding_together,
            Some(WilcoxLevel::ActingTogether) => &mut self.acting_together,
            Some(WilcoxLevel::SupportingIndependentCommunityInitiatives) => {
                &mut self.supporting_independent_community_initiatives
            }
            None => &mut self.not_given,
        };
        *slot += 1;
    }
}

/// How many activities claim each empowerment dimension.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DimensionCounts {
    /// Confident.
    pub confident: usize,
    /// Inclusive.
    pub inclusive: usize,
    /// Organised.
    pub organised: usize,
    /// Co-operative.
    #[serde(rename = "co-operative")]
    pub co_operative: usize,
    /// Influential.
    pub influential: usize,
}

impl DimensionCounts {
    /// The count of one dimension.
    #[must_use]
    pub fn get(&self, dimension: Dimension) -> usize {
        match dimension {
            Dimension::Confident => self.confident,
            Dimension::Inclusive => self.inclusive,
            Dimension::Organised => self.organised,
            Dimension::CoOperative => self.co_operative,
            Dimension::Influential => self.influential,
        }
    }

    fn add(&mut self, dimension: Dimension) {
        let slot = match dimension {
            Dimension::Confident => &mut self.confident,
            Dimension::Inclusive => &mut self.inclusive,
            Dimension::Organised => &mut self.organised,
            Dimension::CoOperative => &mut self.co_operative,
            Dimension::Influential => &mut self.influential,
        };
        *slot += 1;
    }
}

/// An activity log read and costed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityLog {
    /// The input file.
    pub file: String,
    /// Each activity.
    pub activities: Vec<Activity>,
    /// The log's totals.
    pub total: ActivityTotal,
    /// Activities per Wilcox level.
    pub wilcox_levels: WilcoxSpread,
    /// How often each empowerment dimension is claimed.
    pub dimensions: DimensionCounts,
    /// Columns that were not recognised (and not used).
    pub ignored_columns: Vec<String>,
}

fn fold(text: &str) -> String {
    crate::schema::scale::normalise(text)
}

/// The recognised field a column name holds.
fn field(name: &str) -> Option<&'static str> {
    Some(match name {
        "activity" | "activity_name" | "name_of_activity" => "activity",
        "kind" | "type" | "activity_type" => "kind",
        "date" | "dates" => "date",
        "organiser" | "organizer" | "organised_by" | "run_by" => "organiser",
        "sessions" | "number_of_sessions" => "sessions",
        "places" | "places_offered" => "places",
        "participants" | "attendees" | "people_reached" => "participants",
        "learners" | "online_learners" => "learners",
        "courses_per_learner" => "courses_per_learner",
        "wilcox_level" | "level" | "level_of_participation" => "wilcox_level",
        "dimensions" | "empowerment_dimensions" => "dimensions",
        "sector_public" | "public" | "public_sector" => "sector_public",
        "sector_vcf" | "sector_vcs" | "sector_voluntary" | "vcf" | "vcs" => "sector_vcf",
        "sector_private" | "private" | "private_sector" => "sector_private",
        "sector_other" | "other_sector" => "sector_other",
        _ => return None,
    })
}

/// A recognised column's cells as text, with its header.
type Column = (Vec<Option<String>>, String);

/// Where a cell is, for messages.
struct Place<'a> {
    dataset: &'a Dataset,
    column: &'a str,
}

impl Place<'_> {
    fn at(&self, index: usize) -> Location {
        self.dataset
            .source()
            .location(index)
            .with_column(self.column)
    }
}

/// A number of people or sessions: blank is `None`; anything else must be a number of at
/// least 0.
fn parse_count(text: &str) -> std::result::Result<Option<f64>, String> {
    let cleaned: String = text.chars().filter(|ch| !matches!(ch, ',' | ' ')).collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(Some(value)),
        Ok(_) => Err(format!(
            "expected a number of at least 0, found \"{}\"",
            text.trim()
        )),
        Err(_) => Err(format!("expected a number, found \"{}\"", text.trim())),
    }
}

/// An amount in pounds: `1200`, `1,200.50`, `£1,200`.
fn parse_money(text: &str) -> std::result::Result<Option<f64>, String> {
    let trimmed = text.trim();
    let cleaned: String = trimmed
        .trim_start_matches('£')
        .trim_end_matches("GBP")
        .chars()
        .filter(|ch| !matches!(ch, ',' | ' ' | '\u{a0}'))
        .collect();
    let cleaned = cleaned
        .strip_prefix("-£")
        .map_or(cleaned.clone(), |rest| format!("-{rest}"));
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(Some(value)),
        Ok(_) => Err(format!(
            "expected an amount in pounds of at least 0, found \"{trimmed}\""
        )),
        Err(_) => Err(format!(
            "expected an amount in pounds such as 1200 or £1,200, found \"{trimmed}\""
        )),
    }
}

/// Participants: a number, or a planned range `50-100` (also `50 to 100`, `50–100`).
fn parse_participants(text: &str) -> std::result::Result<Option<MinMax>, String> {
    let trimmed = text.trim();
    let normalised = trimmed
        .replace(['\u{2013}', '\u{2014}'], "-")
        .replace(" to ", "-");
    if let Some((low, high)) = normalised.split_once('-')
        && !low.trim().is_empty()
    {
        let low = parse_count(low)?;
        let high = parse_count(high)?;
        return match (low, high) {
            (Some(low), Some(high)) if low <= high => Ok(Some(MinMax {
                min: low,
                max: high,
            })),
            (Some(_), Some(_)) => Err(format!(
                "a planned range runs from the smaller number to the larger, found \"{trimmed}\""
            )),
            _ => Err(format!(
                "expected a number or a range such as 50-100, found \"{trimmed}\""
            )),
        };
    }
    parse_count(trimmed)
        .map(|value| {
            value.map(|value| MinMax {
                min: value,
                max: value,
            })
        })
        .map_err(|_| format!("expected a number or a range such as 50-100, found \"{trimmed}\""))
}

fn divide(cost: Option<f64>, by: Option<f64>) -> Option<f64> {
    match (cost, by) {
        (Some(cost), Some(by)) if by > 0.0 => Some(cost / by),
        _ => None,
    }
}

fn per_participant(cost: Option<f64>, participants: Option<MinMax>) -> Option<MinMax> {
    match (cost, participants) {
        (Some(cost), Some(range)) if range.min > 0.0 => Some(MinMax {
            min: cost / range.max,
            max: cost / range.min,
        }),
        _ => None,
    }
}

/// Reads an activity log from a dataset (read with the generic layout).
pub fn activity_log(dataset: &Dataset) -> Result<ActivityLog> {
    let mut fields: Vec<(&'static str, String, String)> = Vec::new();
    let mut costs: Vec<(String, String, String)> = Vec::new();
    let mut ignored = Vec::new();
    for question in dataset.schema().questions() {
        let header = question
            .columns
            .first()
            .cloned()
            .unwrap_or_else(|| question.text.clone());
        // Ingest may fold several columns into one question (an "Other" text part); each
        // keeps its own header.
        if question.columns.len() > 1 {
            ignored.push(header.clone());
            continue;
        }
        let name = header_key(&header);
        if let Some(item) = name
            .strip_prefix("cost_")
            .or_else(|| (name == "cost").then_some("cost"))
        {
            costs.push((item.to_string(), question.id.clone(), header));
        } else if let Some(field) = field(&name) {
            if let Some((_, _, first)) = fields.iter().find(|(known, _, _)| *known == field) {
                return Err(Error::data(
                    Location::file(&dataset.source().file).with_column(&header),
                    format!(
                        "a second `{field}` column (the first is \"{first}\"), expected each column once"
                    ),
                ));
            }
            fields.push((field, question.id.clone(), header));
        } else {
            ignored.push(header);
        }
    }
    let Some((_, activity_id, activity_header)) = fields
        .iter()
        .find(|(field, _, _)| *field == "activity")
        .cloned()
    else {
        return Err(Error::data(
            Location::file(&dataset.source().file),
            "no `activity` column, expected a column naming each activity",
        )
        .with_hint("the columns engage recognises are: activity, kind, date, organiser, sessions, places, participants, learners, courses_per_learner, wilcox_level, dimensions, sector_public, sector_vcf, sector_private, sector_other and cost_*"));
    };
    let text_of = |field: &str| -> Result<Option<Column>> {
        match fields.iter().find(|(known, _, _)| *known == field) {
            Some((_, id, header)) => Ok(Some((dataset.texts(id)?, header.clone()))),
            None => Ok(None),
        }
    };
    let names = dataset.texts(&activity_id)?;
    let columns: Vec<(&str, Option<Column>)> = [
        "kind",
        "date",
        "organiser",
        "sessions",
        "places",
        "participants",
        "learners",
        "courses_per_learner",
        "wilcox_level",
        "dimensions",
        "sector_public",
        "sector_vcf",
        "sector_private",
        "sector_other",
    ]
    .into_iter()
    .map(|field| Ok((field, text_of(field)?)))
    .collect::<Result<_>>()?;
    let column = |field: &str| {
        columns
            .iter()
            .find(|(known, _)| *known == field)
            .and_then(|(_, values)| values.as_ref())
    };
    let mut cost_values = Vec::with_capacity(costs.len());
    for (item, id, header) in &costs {
        cost_values.push((item.clone(), dataset.texts(id)?, header.clone()));
    }

    let mut activities = Vec::with_capacity(dataset.respondents());
    for index in 0..dataset.respondents() {
        let text = |field: &str| -> Option<String> {
            column(field)
                .and_then(|(values, _)| values[index].clone())
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        let parsed = |field: &str,
                      parse: fn(&str) -> std::result::Result<Option<f64>, String>|
         -> Result<Option<f64>> {
            match column(field) {
                Some((values, header)) => match &values[index] {
                    Some(value) => parse(value).map_err(|message| {
                        Error::data(
                            Place {
                                dataset,
                                column: header,
                            }
                            .at(index),
                            message,
                        )
                    }),
                    None => Ok(None),
                },
                None => Ok(None),
            }
        };
        let name = names[index]
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty());
        let Some(name) = name else {
            return Err(Error::data(
                Place {
                    dataset,
                    column: &activity_header,
                }
                .at(index),
                "the activity is empty, expected the activity's name on every row with figures",
            ));
        };
        let participants = match column("participants") {
            Some((values, header)) => match &values[index] {
                Some(value) => parse_participants(value).map_err(|message| {
                    Error::data(
                        Place {
                            dataset,
                            column: header,
                        }
                        .at(index),
                        message,
                    )
                })?,
                None => None,
            },
            None => None,
        };
        let wilcox_level = match (text("wilcox_level"), column("wilcox_level")) {
            (Some(value), Some((_, header))) => Some(WilcoxLevel::parse(&value).ok_or_else(|| {
                Error::data(
                    Place { dataset, column: header }.at(index),
                    format!(
                        "expected one of Wilcox's levels (information, consultation, deciding together, acting together, supporting independent community initiatives), found \"{value}\""
                    ),
                )
            })?),
            _ => None,
        };
        let mut dimensions: Vec<Dimension> = Vec::new();
        if let (Some(value), Some((_, header))) = (text("dimensions"), column("dimensions")) {
            for part in value
                .split([';', ',', '/', '|', '\n'])
                .flat_map(|part| part.split(" and "))
                .map(str::trim)
                .filter(|part| !part.is_empty())
            {
                let dimension = Dimension::parse(part).ok_or_else(|| {
                    Error::data(
                        Place { dataset, column: header }.at(index),
                        format!(
                            "expected empowerment dimensions (confident, inclusive, organised, co-operative, influential), found \"{part}\""
                        ),
                    )
                })?;
                if !dimensions.contains(&dimension) {
                    dimensions.push(dimension);
                }
            }
        }
        let mut lines = Vec::new();
        for (item, values, header) in &cost_values {
            if let Some(value) = &values[index] {
                let amount = parse_money(value).map_err(|message| {
                    Error::data(
                        Place {
                            dataset,
                            column: header,
                        }
                        .at(index),
                        message,
                    )
                })?;
                if let Some(amount) = amount {
                    lines.push(CostLine {
                        item: item.clone(),
                        amount,
                    });
                }
            }
        }
        let total_cost = (!lines.is_empty()).then(|| lines.iter().map(|line| line.amount).sum());
        let places = parsed("places", parse_count)?;
        let learners = parsed("learners", parse_count)?;
        let courses_per_learner = parsed("courses_per_learner", parse_count)?;
        let courses_completed = match (learners, courses_per_learner) {
            (Some(learners), Some(courses)) => Some(learners * courses),
            _ => None,
        };
        let sector_counts = [
            parsed("sector_public", parse_count)?,
            parsed("sector_vcf", parse_count)?,
            parsed("sector_private", parse_count)?,
            parsed("sector_other", parse_count)?,
        ];
        let sectors = if sector_counts.iter().any(Option::is_some) {
            SectorMix::new(sector_counts.map(|count| count.unwrap_or(0.0)))
        } else {
            None
        };
        activities.push(Activity {
            row: dataset.source().row(index),
            activity: name.to_string(),
            kind: text("kind"),
            date: text("date"),
            organiser: text("organiser"),
            sessions: parsed("sessions", parse_count)?,
            places,
            participants,
            learners,
            courses_per_learner,
            courses_completed,
            wilcox_level,
            dimensions,
            costs: lines,
            total_cost,
            cost_per_place: divide(total_cost, places),
            cost_per_participant: per_participant(total_cost, participants),
            cost_per_learner: divide(total_cost, learners),
            cost_per_course: divide(total_cost, courses_completed),
            sectors,
        });
    }
    if activities.is_empty() {
        return Err(Error::data(
            Location::file(&dataset.source().file),
            "no activities, expected one row per activity under the header",
        ));
    }
    let mut wilcox_levels = WilcoxSpread::default();
    let mut dimension_counts = DimensionCounts::default();
    for activity in &activities {
        wilcox_levels.add(activity.wilcox_level);
        for dimension in &activity.dimensions {
            dimension_counts.add(*dimension);
        }
    }
    let total = totals(&activities);
    Ok(ActivityLog {
        file: dataset.source().file.clone(),
        activities,
        total,
        wilcox_levels,
        dimensions: dimension_counts,
        ignored_columns: ignored,
    })
}

fn totals(activities: &[Activity]) -> ActivityTotal {
    // Folded from +0.0: an empty float sum is -0.0, which JSON would print as "-0.0".
    let sum = |value: &dyn Fn(&Activity) -> Option<f64>| -> f64 {
        activities
            .iter()
            .filter_map(value)
            .fold(0.0, |total, value| total + value)
    };
    // The cost of the activities that have both a cost and the denominator, over the
    // denominator's total among them.
    let ratio = |denominator: &dyn Fn(&Activity) -> Option<f64>| -> Option<f64> {
        let (mut cost, mut count) = (0.0, 0.0);
        for activity in activities {
            if let (Some(amount), Some(by)) = (activity.total_cost, denominator(activity))
                && by > 0.0
            {
                cost += amount;
                count += by;
            }
        }
        (count > 0.0).then(|| cost / count)
    };
    let with_participants: Vec<&Activity> = activities
        .iter()
        .filter(|activity| activity.participants.is_some())
        .collect();
    let participants = (!with_participants.is_empty()).then(|| MinMax {
        min: with_participants
            .iter()
            .filter_map(|activity| activity.participants.map(|range| range.min))
            .sum(),
        max: with_participants
            .iter()
            .filter_map(|activity| activity.participants.map(|range| range.max))
            .sum(),
    });
    let (mut cost, mut low, mut high) = (0.0, 0.0, 0.0);
    for activity in activities {
        if let (Some(amount), Some(range)) = (activity.total_cost, activity.participants)
            && range.min > 0.0
        {
            cost += amount;
            low += range.min;
            high += range.max;
        }
    }
    let cost_per_participant = (low > 0.0).then(|| MinMax {
        min: cost / high,
        max: cost / low,
    });
    let mut sector_counts = [0.0; 4];
    let mut any_sector = false;
    for mix in activities.iter().filter_map(|activity| activity.sectors) {
        any_sector = true;
        for (slot, share) in
            sector_counts
                .iter_mut()
                .zip([mix.public, mix.vcf, mix.private, mix.other])
        {
            *slot += share.count;
        }
    }
    let any_cost = activities
        .iter()
        .any(|activity| activity.total_cost.is_some());
    ActivityTotal {
        activities: activities.len(),
        sessions: sum(&|activity| activity.sessions),
        places: sum(&|activity| activity.places),
        participants,
        learners: sum(&|activity| activity.learners),
        courses_completed: sum(&|activity| activity.courses_completed),
        total_cost: any_cost.then(|| sum(&|activity| activity.total_cost)),
        cost_per_place: ratio(&|activity| activity.places),
        cost_per_participant,
        cost_per_learner: ratio(&|activity| activity.learners),
        cost_per_course: ratio(&|activity| activity.courses_completed),
        sectors: if any_sector {
            SectorMix::new(sector_counts)
        } else {
            None
        },
    }
}

/// An amount in pounds shown to the penny. Formatting rounds exact halves to even (14.625 to
/// 14.62); money is rounded half up, so exact halves get a nudge far below what CSV and JSON
/// show.
fn money(value: Option<f64>) -> Cell {
    Cell::maybe(value.map(half_up), 2)
}

fn half_up(value: f64) -> f64 {
    let pennies = value * 100.0;
    if (pennies - pennies.trunc()).abs() == 0.5 {
        value + value.signum() * 1e-9
    } else {
        value
    }
}

fn range_cell(value: Option<MinMax>, decimals: usize) -> Cell {
    match value {
        Some(range) if (range.max - range.min).abs() < 1e-12 => {
            Cell::number(half_up(range.min), decimals as u8)
        }
        Some(range) => Cell::Text(format!(
            "{:.prec$}-{:.prec$}",
            half_up(range.min),
            half_up(range.max),
            prec = decimals
        )),
        None => Cell::Empty,
    }
}

impl ActivityLog {
    /// The log as titled tables: activities and their costs, sector mix, totals, Wilcox
    /// levels and empowerment dimensions.
    #[must_use]
    pub fn tables(&self) -> Vec<Table> {
        let mut costs = Table::new(
            "Activities and investment",
            &[
                "Activity",
                "Kind",
                "Date",
                "Places",
                "Participants",
                "Total cost (£)",
                "Per place (£)",
                "Per participant (£)",
                "Per learner (£)",
                "Per course (£)",
            ],
        )
        .with_caption(format!("From {}", self.file));
        for activity in &self.activities {
            costs.push(vec![
                Cell::text(&activity.activity),
                Cell::text(activity.kind.clone().unwrap_or_default()),
                Cell::text(activity.date.clone().unwrap_or_default()),
                Cell::maybe(activity.places, 0),
                range_cell(activity.participants, 0),
                money(activity.total_cost),
                money(activity.cost_per_place),
                range_cell(activity.cost_per_participant, 2),
                money(activity.cost_per_learner),
                money(activity.cost_per_course),
            ]);
        }
        costs.notes.push(
            "a planned range of participants gives a range of cost per participant: the cost over the most people, then over the fewest".into(),
        );
        let total = &self.total;
        let mut totals = Table::new("Investment in total", &["Measure", "Value"]).with_caption(
            "Each cost per head divides the cost of the activities that report that head count by their total",
        );
        let rows: Vec<(&str, Cell)> = vec![
            ("Activities", Cell::number(total.activities as f64, 0)),
            ("Sessions", Cell::number(total.sessions, 0)),
            ("Places offered", Cell::number(total.places, 0)),
            ("Participants", range_cell(total.participants, 0)),
            ("Online learners", Cell::number(total.learners, 0)),
            (
                "Courses completed",
                Cell::number(total.courses_completed, 0),
            ),
            ("Total cost (£)", money(total.total_cost)),
            ("Cost per place (£)", money(total.cost_per_place)),
            (
                "Cost per participant (£)",
                range_cell(total.cost_per_participant, 2),
            ),
            ("Cost per learner (£)", money(total.cost_per_learner)),
            (
                "Cost per course completed (£)",
                money(total.cost_per_course),
            ),
        ];
        for (label, value) in rows {
            totals.push(vec![Cell::text(label), value]);
        }
        let mut tables = vec![costs, totals];
        if self
            .activities
            .iter()
            .any(|activity| activity.sectors.is_some())
        {
            let mut sectors = Table::new(
                "Attendees by sector",
                &["Activity", "Public", "VCF", "Private", "Other", "Total", "% public", "% VCF", "% private", "% other"],
            )
            .with_caption("VCF: voluntary, community and faith sector; percentages of the attendees counted by sector");
            let mut push = |label: &str, mix: &SectorMix| {
                sectors.push(vec![
                    Cell::text(label),
                    Cell::number(mix.public.count, 0),
                    Cell::number(mix.vcf.count, 0),
                    Cell::number(mix.private.count, 0),
                    Cell::number(mix.other.count, 0),
                    Cell::number(mix.total, 0),
                    Cell::percent(mix.public.percent),
                    Cell::percent(mix.vcf.percent),
                    Cell::percent(mix.private.percent),
                    Cell::percent(mix.other.percent),
                ]);
            };
            for activity in &self.activities {
                if let Some(mix) = &activity.sectors {
                    push(&activity.activity, mix);
                }
            }
            if let Some(mix) = &total.sectors {
                push("All activities", mix);
            }
            tables.push(sectors);
        }
        let given = self.activities.len() - self.wilcox_levels.not_given;
        let mut levels = Table::new(
            "Levels of participation (Wilcox)",
            &["Level", "Activities", "%"],
        )
        .with_caption(format!(
            "Base: activities with a level (n = {})",
            group_thousands(given as u64)
        ));
        for level in WilcoxLevel::ALL {
            let count = self.wilcox_levels.get(level);
            levels.push(vec![
                Cell::text(level.label()),
                // Activities, not respondents: outside disclosure control.
                Cell::number(count as f64, 0),
                if given > 0 {
                    Cell::percent(100.0 * count as f64 / given as f64)
                } else {
                    Cell::Empty
                },
            ]);
        }
        if self.wilcox_levels.not_given > 0 {
            levels.notes.push(format!(
                "{} activities give no level",
                self.wilcox_levels.not_given
            ));
        }
        tables.push(levels);
        let mut dimensions = Table::new(
            "Community empowerment dimensions claimed",
            &["Dimension", "Activities", "% of activities"],
        )
        .with_caption(format!(
            "Base: all activities (n = {}); an activity can claim several",
            group_thousands(self.activities.len() as u64)
        ));
        for dimension in Dimension::ALL {
            let count = self.dimensions.get(dimension);
            dimensions.push(vec![
                Cell::text(dimension.label()),
                Cell::number(count as f64, 0),
                Cell::percent(100.0 * count as f64 / self.activities.len() as f64),
            ]);
        }
        tables.push(dimensions);
        if !self.ignored_columns.is_empty()
            && let Some(first) = tables.first_mut()
        {
            first.notes.push(format!(
                "columns not recognised, not used: {}",
                self.ignored_columns.join(", ")
            ));
        }
        tables
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IngestOptions, Layout, read_reader};

    fn log(csv: &str) -> Result<ActivityLog> {
        let dataset = read_reader(
            csv.as_bytes(),
            "log.csv",
            &IngestOptions::default().with_layout(Layout::Generic),
        )?;
        activity_log(&dataset)
    }

    const HEADER: &str = "Activity,Kind,Places,Participants,Learners,Courses per learner,Wilcox level,Dimensions,Sector public,Sector VCF,Sector private,Sector other,Cost officer time,Cost room hire\n";

    #[test]
    fn costs_per_head_are_worked_by_hand() {
        let log = log(&format!(
            "{HEADER}Training,training,40,32,,,information,\"confident; inclusive\",20,10,2,0,\"£1,200\",£400\n\
             Network,network,100,50-80,,,acting together,co-operative and organised,,,,,900,300\n\
             Online,online,,,100,3,consultation,confident,,,,,\"£3,000\",\n"
        ))
        .unwrap();
        let training = &log.activities[0];
        assert_eq!(training.total_cost, Some(1600.0));
        assert_eq!(training.cost_per_place, Some(40.0));
        assert_eq!(
            training.cost_per_participant,
            Some(MinMax {
                min: 50.0,
                max: 50.0
            })
        );
        let mix = training.sectors.unwrap();
        assert_eq!(mix.total, 32.0);
        assert!((mix.public.percent - 62.5).abs() < 1e-12);
        let network = &log.activities[1];
        assert_eq!(network.total_cost, Some(1200.0));
        // 1,200 over 80 people at most (15) and over 50 at least (24).
        assert_eq!(
            network.cost_per_participant,
            Some(MinMax {
                min: 15.0,
                max: 24.0
            })
        );
        assert_eq!(
            network.dimensions,
            vec![Dimension::CoOperative, Dimension::Organised]
        );
        assert_eq!(network.sectors, None);
        let online = &log.activities[2];
        assert_eq!(online.courses_completed, Some(300.0));
        assert_eq!(online.cost_per_learner, Some(30.0));
        assert_eq!(online.cost_per_course, Some(10.0));
        assert_eq!(online.cost_per_place, None);
        let total = &log.total;
        assert_eq!(total.total_cost, Some(5800.0));
        // Places: (1,600 + 1,200) / (40 + 100) = 20; the online course has no places.
        assert_eq!(total.cost_per_place, Some(20.0));
        // Participants 82-112: 2,800 / 112 = 25 and 2,800 / 82.
        let per = total.cost_per_participant.unwrap();
        assert!((per.min - 25.0).abs() < 1e-12);
        assert!((per.max - 2800.0 / 82.0).abs() < 1e-12);
        assert_eq!(
            total.participants,
            Some(MinMax {
                min: 82.0,
                max: 112.0
            })
        );
        assert_eq!(log.wilcox_levels.information, 1);
        assert_eq!(log.wilcox_levels.acting_together, 1);
        assert_eq!(log.dimensions.confident, 2);
    }

    #[test]
    fn bad_cells_name_their_row_and_column() {
        for (row, message) in [
            (
                "Training,training,40,32,,,information,,,,,,-50,",
                "log.csv: row 2, column \"Cost officer time\": expected an amount in pounds of at least 0, found \"-50\"",
            ),
            (
                "Training,training,40,32,,,information,,,,,,about 50,",
                "log.csv: row 2, column \"Cost officer time\": expected an amount in pounds such as 1200 or £1,200, found \"about 50\"",
            ),
            (
                "Training,training,40,100-50,,,information,,,,,,10,",
                "log.csv: row 2, column \"Participants\": a planned range runs from the smaller number to the larger, found \"100-50\"",
            ),
            (
                ",training,40,30,,,information,,,,,,10,",
                "log.csv: row 2, column \"Activity\": the activity is empty, expected the activity's name on every row with figures",
            ),
            (
                "Training,training,40,30,,,shouting,,,,,,10,",
                "log.csv: row 2, column \"Wilcox level\": expected one of Wilcox's levels (information, consultation, deciding together, acting together, supporting independent community initiatives), found \"shouting\"",
            ),
        ] {
            let error = log(&format!("{HEADER}{row}\nOther,event,10,5,,,,,,,,,5,\n")).unwrap_err();
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn levels_and_dimensions_accept_their_usual_spellings() {
        assert_eq!(
            WilcoxLevel::parse("Supporting independent community interests"),
            Some(WilcoxLevel::SupportingIndependentCommunityInitiatives)
        );
        assert_eq!(
            WilcoxLevel::parse("3. Deciding together"),
            Some(WilcoxLevel::DecidingTogether)
        );
        assert_eq!(
            Dimension::parse("Cooperative"),
            Some(Dimension::CoOperative)
        );
        assert_eq!(Dimension::parse("organized"), Some(Dimension::Organised));
        assert_eq!(header_key("Cost: room hire (£)"), "cost_room_hire");
    }
}
