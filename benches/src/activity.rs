//! The bundled activity log: a borough's 2013 community engagement training and network offer,
//! as a delivery group would keep it in Excel (a title row above the header, costs typed as
//! numbers or as `£1,200`, a planned range of participants for an event not yet held).
//!
//! Modelled on the domain brief: training sessions and network events report places offered,
//! people reached by sector, and the investment per place (officer time plus room hire,
//! divided by places or by participants); online learning reports the cost per learner and per
//! course completed. The figures are chosen so that every ratio can be checked by hand; the
//! CLI tests do exactly that.

use chrono::NaiveDate;

use crate::sample::Cell;
use crate::write::Sheet;

/// The log's header row.
pub const HEADERS: &[&str] = &[
    "Activity",
    "Kind",
    "Date",
    "Organiser",
    "Sessions",
    "Places",
    "Participants",
    "Learners",
    "Courses per learner",
    "Wilcox level",
    "Dimensions",
    "Sector: public",
    "Sector: VCF",
    "Sector: private",
    "Sector: other",
    "Cost: officer time",
    "Cost: room hire",
    "Cost: catering and materials",
    "Cost: e-learning licence",
];

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn number(value: f64) -> Cell {
    Cell::Number(value)
}

fn date(year: i32, month: u32, day: u32) -> Cell {
    Cell::Date(NaiveDate::from_ymd_opt(year, month, day).expect("a valid date"))
}

/// The activity log as one sheet.
#[must_use]
pub fn sheet() -> Sheet {
    let blank = || Cell::Blank;
    let delivery_group = "Community Engagement Delivery Group";
    let mut rows = vec![
        vec![text(
            "Community engagement training and network offer 2013: activity log",
        )],
        Vec::new(),
        HEADERS.iter().map(|header| text(header)).collect(),
    ];
    rows.extend([
        vec![
            text("Introduction to community engagement"),
            text("training"),
            date(2013, 2, 12),
            text(delivery_group),
            number(2.0),
            number(40.0),
            number(34.0),
            blank(),
            blank(),
            text("Information"),
            text("confident; inclusive"),
            number(18.0),
            number(14.0),
            number(2.0),
            number(0.0),
            text("£1,200"),
            text("£240"),
            number(60.0),
            blank(),
        ],
        vec![
            text("Consultation methods and feeding back findings"),
            text("training"),
            date(2013, 3, 19),
            text(delivery_group),
            number(2.0),
            number(40.0),
            number(38.0),
            blank(),
            blank(),
            text("Consultation"),
            text("confident; influential"),
            number(22.0),
            number(12.0),
            number(2.0),
            number(2.0),
            number(1200.0),
            number(240.0),
            number(80.0),
            blank(),
        ],
        vec![
            text("Online learning: engaging communities"),
            text("online"),
            date(2013, 4, 1),
            text(delivery_group),
            blank(),
            blank(),
            blank(),
            number(150.0),
            number(4.0),
            text("Information"),
            text("confident"),
            blank(),
            blank(),
            blank(),
            blank(),
            number(600.0),
            blank(),
            blank(),
            text("£3,000"),
        ],
        vec![
            text("Spring network event: working in partnership"),
            text("network"),
            date(2013, 4, 24),
            text("Council for Voluntary Service"),
            number(1.0),
            number(120.0),
            text("80-100"),
            blank(),
            blank(),
            text("Deciding together"),
            text("organised, co-operative"),
            blank(),
            blank(),
            blank(),
            blank(),
            number(900.0),
            text("£600"),
            number(300.0),
            blank(),
        ],
        vec![
            text("Supporting community groups to apply for funding"),
            text("training"),
            date(2013, 6, 11),
            text("Council for Voluntary Service"),
            number(3.0),
            number(36.0),
            number(30.0),
            blank(),
            blank(),
            text("Supporting independent community initiatives"),
            text("confident; organised"),
            number(6.0),
            number(22.0),
            number(0.0),
            number(2.0),
            number(1350.0),
            number(270.0),
            blank(),
            blank(),
        ],
        vec![
            text("Autumn network event: communities taking the lead"),
            text("network"),
            date(2013, 10, 16),
            text("Council for Voluntary Service and the Council"),
            number(1.0),
            number(120.0),
            number(117.0),
            blank(),
            blank(),
            text("Acting together"),
            text("co-operative; influential; organised"),
            number(41.0),
            number(63.0),
            number(9.0),
            number(4.0),
            number(900.0),
            number(600.0),
            text("£255"),
            blank(),
        ],
    ]);
    Sheet {
        name: "Activity log 2013".to_string(),
        rows,
        merges: Vec::new(),
    }
}
