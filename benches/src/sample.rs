//! The bundled sample: a synthetic but realistic NHS urgent-care consultation ("the future of
//! the Riverside walk-in centre"), about 1,500 responses exported the way Microsoft Forms does
//! (`ID, Start time, Completion time, Email, Name`, one header row, multi-select answers joined
//! with `;` and a trailing `;`, Likert statements one column each).
//!
//! Opinions depend on who answers (residents and older people oppose closing the centre more,
//! staff support the move more), responses arrive in bursts after publicity, a letter-writing
//! campaign sends near-identical comments, a few submissions are duplicated, and personal data
//! is planted in the free text (recorded in a manifest so the redaction tests can check every
//! item is caught).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::rng::Rng;

/// One planted piece of personal data.
#[derive(Clone, Debug, Serialize)]
pub struct Planted {
    /// The response ID it is in.
    pub id: u32,
    /// The column header.
    pub question: String,
    /// What kind: email, phone, postcode, NHS number, name.
    pub kind: String,
    /// The planted text itself (synthetic).
    pub value: String,
}

/// A generated response.
#[derive(Clone, Debug)]
pub struct Response {
    /// The cells in column order (`None` = blank).
    pub cells: Vec<Cell>,
}

/// One generated cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Blank.
    Blank,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date-time.
    DateTime(NaiveDateTime),
    /// A date.
    Date(NaiveDate),
}

/// The column headers, in order.
pub const HEADERS: &[&str] = &[
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "In what capacity are you responding to this consultation?",
    "Which of these services have you used in the last 12 months? (select all that apply)",
    "Have you used the walk-in centre at Riverside Health Centre in the last two years?",
    "The walk-in centre should stay at its current site",
    "Moving walk-in services to the new urgent treatment centre at Riverside General Hospital would improve care",
    "It is easy to get an appointment with my GP",
    "I would know where to go for urgent care if the walk-in centre moved",
    "Longer opening hours matter more to me than where the service is",
    "How satisfied were you with your last visit to the walk-in centre?",
    "How likely are you to recommend the walk-in centre to friends and family if they needed similar care? (0 = not at all likely, 10 = extremely likely)",
    "How many times have you used urgent care services in the last 12 months?",
    "When did you last use the walk-in centre?",
    "Please tell us the reasons for your answers, or anything else about the proposal",
    "What would make urgent care better for you and your family?",
    "What is your age?",
    "What is your sex?",
    "What is your ethnic group?",
    "Are your day-to-day activities limited because of a health problem or disability which has lasted, or is expected to last, at least 12 months?",
    "What is the first part of your postcode? (for example NE6)",
    "How did you hear about this consultation?",
];

/// Capacity in which people respond.
pub const CAPACITY: [&str; 5] = [
    "A local resident",
    "A patient of the walk-in centre",
    "A carer",
    "A member of NHS or social care staff",
    "On behalf of an organisation or group",
];
/// Services used (multi-select).
pub const SERVICES: [&str; 8] = [
    "GP practice",
    "Walk-in centre",
    "NHS 111",
    "A&E",
    "Pharmacy",
    "Urgent treatment centre",
    "Dentist",
    "Mental health crisis service",
];
/// The agreement scale, most negative first; "Don't know" is off the scale.
pub const AGREE: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];
/// The satisfaction scale, most negative first; "Not applicable" is off the scale.
pub const SATISFACTION: [&str; 5] = [
    "Very dissatisfied",
    "Fairly dissatisfied",
    "Neither satisfied nor dissatisfied",
    "Fairly satisfied",
    "Very satisfied",
];
/// Age bands.
pub const AGE: [&str; 9] = [
    "Under 16",
    "16-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65-74",
    "75 or over",
    "Prefer not to say",
];
/// Sex, as the sample and the synthetic export ask it.
pub const SEX: [&str; 3] = ["Female", "Male", "Prefer not to say"];
/// Census 2021 ethnic groups (England and Wales), and "Prefer not to say".
pub const ETHNIC: [&str; 20] = [
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Any other White background",
    "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Mixed or Multiple ethnic groups: White and Black African",
    "Mixed or Multiple ethnic groups: White and Asian",
    "Mixed or Multiple ethnic groups: Any other Mixed or Multiple background",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Any other Asian background",
    "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Any other Black, Black British, or Caribbean background",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other ethnic group",
    "Prefer not to say",
];
/// Shares of respondents by ethnic group: White British over-represented against the borough
/// (so the representativeness table has something to find).
const ETHNIC_WEIGHTS: &[f64] = &[
    79.0, 1.2, 0.1, 0.1, 3.5, 0.6, 0.3, 0.6, 0.4, 2.0, 2.2, 1.6, 0.8, 0.8, 0.6, 1.4, 0.2, 0.4, 0.5,
    3.7,
];
/// Disability.
pub const DISABILITY: [&str; 4] = [
    "Yes, limited a lot",
    "Yes, limited a little",
    "No",
    "Prefer not to say",
];
const DISTRICTS: &[&str] = &[
    "NE1", "NE2", "NE3", "NE4", "NE5", "NE6", "NE7", "NE12", "NE13", "NE15", "NE27", "NE28",
];
/// How people heard about the consultation (multi-select).
pub const HEARD: [&str; 7] = [
    "Letter or leaflet from the NHS",
    "Social media",
    "Local newspaper or radio",
    "At my GP practice",
    "Word of mouth",
    "Community or voluntary group",
    "NHS website",
];

const FIRST_NAMES: &[&str] = &[
    "Jo", "Sam", "Priya", "Mohammed", "Aisha", "Tom", "Claire", "Gareth", "Siobhan", "Wei", "Olu",
    "Margaret", "Derek", "Hannah", "Imran", "Lucy", "Patrick", "Beata",
];
const LAST_NAMES: &[&str] = &[
    "Bloggs",
    "Patel",
    "Khan",
    "Smith",
    "Okafor",
    "Robson",
    "Nguyen",
    "Murphy",
    "Charlton",
    "Ahmed",
    "Kowalski",
    "Milburn",
    "Armstrong",
    "Taylor",
];

/// Comment fragments by stance and theme. Themes match testdata/codebooks/walk-in-centre.toml.
const AGAINST: &[&str] = &[
    "The walk in centre is vital for people who cannot get a GP appointment.",
    "Please keep it open, my children use it at weekends when the surgery is shut.",
    "Getting to the hospital means two buses and there is no direct route from the east end.",
    "Parking at the General is terrible and expensive, you cannot find a space.",
    "Closing it will push more people into A&E which is already full to bursting.",
    "I waited three weeks for a GP appointment last time so the walk in centre is the only option.",
    "It is in the town centre where people can walk to it, the hospital is miles out.",
    "Older people without a car will be cut off from urgent care.",
    "The staff at Riverside are wonderful and know the community.",
    "This feels like a cost cutting exercise dressed up as improvement.",
    "NHS 111 just tells you to go to A&E anyway.",
    "The centre is open until 8pm and that is when working people need it.",
    "I have used it many times with my asthma and it saved me going to hospital.",
    "Why fix something that works? The waiting times there are reasonable.",
    "People with disabilities rely on its location near the bus station.",
];
const FOR: &[&str] = &[
    "Having everything on one site with x-ray and tests makes sense.",
    "The urgent treatment centre will have doctors on site so it is safer.",
    "As long as there is free parking and a shuttle bus I support the move.",
    "Longer opening hours overnight would be a real improvement.",
    "It is confusing having so many places to go, one urgent care centre is simpler.",
    "The old building is not fit for purpose and the waiting room is cramped.",
    "I work in the NHS and splitting staff across two sites does not work.",
    "Better to put the money into GP appointments and one good urgent care service.",
];
const NEUTRAL: &[&str] = &[
    "I do not mind where it is as long as I can be seen quickly.",
    "More information is needed about transport before a decision is made.",
    "The consultation leaflet did not explain what happens to the pharmacy.",
    "I only found out about this consultation by chance, it was not well publicised.",
    "Whatever happens the phone line for booking needs to improve.",
    "Need clearer signs about which service to use for what.",
];
const BETTER: &[&str] = &[
    "Being able to book a slot online instead of queueing.",
    "More GP appointments, especially same day ones.",
    "Shorter waiting times and being told how long the wait is.",
    "A bus that actually goes to the hospital from our estate.",
    "Free parking for patients and carers.",
    "Open later in the evening and at weekends.",
    "Staff who speak community languages or interpreters on hand.",
    "Better mental health support out of hours.",
    "Clear information about where to go, in plain English.",
    "Children's urgent care with staff trained for kids.",
    "A pharmacy on the same site so you can get medicine straight away.",
    "Text messages to say when it is your turn.",
];
const CAMPAIGN: &str = "I object to the closure of Riverside walk-in centre. It is a lifeline for our community, it is easy to reach by bus and on foot, and moving it to the hospital will increase pressure on A&E. Keep Riverside walk-in centre open!";
const EMOJI: &[&str] = &[
    "\u{1F621}",
    "\u{1F44D}",
    "\u{1F64F}",
    "\u{2764}\u{FE0F}",
    "\u{1F3E5}",
    "\u{1F68C}",
];

/// Misspellings people make, applied now and then.
const TYPOS: &[(&str, &str)] = &[
    ("appointment", "appointmnet"),
    ("because", "becuase"),
    ("hospital", "hosptial"),
    ("definitely", "definately"),
    ("waiting", "wating"),
    ("parking", "parkin"),
    ("separate", "seperate"),
    ("necessary", "neccessary"),
];

/// The generated sample: headers, rows and the planted personal data.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Every response, in submission order.
    pub responses: Vec<Response>,
    /// What personal data was planted where.
    pub planted: Vec<Planted>,
}

/// Generates the sample from a seed; the same seed gives the same sample.
#[must_use]
pub fn generate(seed: u64, count: usize) -> Sample {
    let mut rng = Rng::new(seed);
    let mut responses: Vec<Response> = Vec::with_capacity(count + 8);
    let mut planted = Vec::new();
    let opened = NaiveDate::from_ymd_opt(2024, 1, 8)
        .expect("valid date")
        .and_hms_opt(9, 0, 0)
        .expect("valid time");
    let days = 84;
    // Responses per day: a slow start, bursts after the launch letter (day 3), a newspaper story
    // (day 30) and a public meeting (day 58), and a rush before the close.
    let mut day_weights: Vec<f64> = (0..days)
        .map(|day| 4.0 + if day % 7 >= 5 { -1.5 } else { 0.0 })
        .collect();
    for (peak, height) in [(3usize, 40.0), (30, 55.0), (58, 45.0), (82, 60.0)] {
        for (day, weight) in day_weights.iter_mut().enumerate() {
            let distance = day.abs_diff(peak) as f64;
            *weight += height * (-distance / 2.5).exp();
        }
    }
    let campaign_days = [31usize, 32, 33];
    let mut id = 0u32;
    while responses.len() < count {
        id += 1;
        let day = rng.weighted(&day_weights);
        let mut start =
            opened + Duration::days(day as i64) + Duration::minutes(rng.range(0, 13 * 60));
        let campaign = campaign_days.contains(&day) && rng.chance(0.25);
        if campaign {
            start = opened + Duration::days(day as i64) + Duration::minutes(rng.range(600, 660));
        }
        let duration = Duration::seconds(rng.range(90, 1500));
        let response = respond(
            &mut rng,
            id,
            start,
            start + duration,
            campaign,
            &mut planted,
        );
        responses.push(response);
    }
    // A handful of double submissions: the same answers sent twice a minute apart.
    for source in [17usize, 402, 977] {
        if source < responses.len() {
            let mut copy = responses[source].clone();
            id += 1;
            copy.cells[0] = Cell::Number(f64::from(id));
            if let (Cell::DateTime(start), Cell::DateTime(end)) = (&copy.cells[1], &copy.cells[2]) {
                let (start, end) = (*start + Duration::seconds(70), *end + Duration::seconds(70));
                copy.cells[1] = Cell::DateTime(start);
                copy.cells[2] = Cell::DateTime(end);
            }
            responses.push(copy);
        }
    }
    // Submission order, as the export lists them.
    responses.sort_by(|a, b| match (&a.cells[2], &b.cells[2]) {
        (Cell::DateTime(x), Cell::DateTime(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    Sample { responses, planted }
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn respond(
    rng: &mut Rng,
    id: u32,
    start: NaiveDateTime,
    end: NaiveDateTime,
    campaign: bool,
    planted: &mut Vec<Planted>,
) -> Response {
    let capacity = rng.weighted(&[58.0, 22.0, 7.0, 9.0, 4.0]);
    // Older residents are over-represented, young people under-represented.
    let age = rng.weighted(&[0.6, 4.0, 9.0, 13.0, 16.0, 21.0, 19.0, 13.0, 4.4]);
    let older = (6..=7).contains(&age);
    let staff = capacity == 3;
    // Stance on the move: -1 against, +1 for; residents, patients and older people lean against.
    let mut lean: f64 = -0.45 + rng.normal() * 0.75;
    if staff {
        lean += 0.9;
    }
    if older {
        lean -= 0.35;
    }
    if capacity == 1 {
        lean -= 0.2;
    }
    if campaign {
        lean = -1.5;
    }
    let anonymous = rng.chance(0.82);
    let first = rng.pick(FIRST_NAMES).to_string();
    let last = rng.pick(LAST_NAMES).to_string();
    let (email, name) = if anonymous {
        (text("anonymous"), Cell::Blank)
    } else {
        let domain = rng
            .pick(&["example.com", "example.org", "example.net"])
            .to_string();
        (
            text(format!(
                "{}.{}{}@{domain}",
                first.to_lowercase(),
                last.to_lowercase(),
                rng.range(1, 99)
            )),
            text(format!("{first} {last}")),
        )
    };
    // Partial responses: some stop after the first questions.
    let stops_early = !campaign && rng.chance(0.07);

    let mut cells = vec![
        Cell::Number(f64::from(id)),
        Cell::DateTime(start),
        Cell::DateTime(end),
        email.clone(),
        name.clone(),
    ];
    cells.push(text(CAPACITY[capacity]));
    // Services used: multi-select joined as Microsoft Forms does, with a trailing `;`.
    let mut used: Vec<&str> = Vec::new();
    for (index, service) in SERVICES.iter().enumerate() {
        let p =
            [0.8, 0.45, 0.4, 0.3, 0.55, 0.15, 0.25, 0.04][index] * if staff { 0.8 } else { 1.0 };
        if rng.chance(p) {
            used.push(service);
        }
    }
    if rng.chance(0.03) {
        used.push(*rng.pick(&[
            "Minor injuries unit",
            "Out of hours GP",
            "School nurse",
            "Private GP",
        ]));
    }
    cells.push(if used.is_empty() {
        Cell::Blank
    } else {
        text(
            used.iter()
                .flat_map(|service| [*service, ";"])
                .collect::<String>(),
        )
    });
    let used_centre = used.contains(&"Walk-in centre") || rng.chance(0.3);
    cells.push(text(if used_centre {
        "Yes"
    } else if rng.chance(0.9) {
        "No"
    } else {
        "Not sure"
    }));
    if stops_early {
        cells.extend(std::iter::repeat_n(
            Cell::Blank,
            HEADERS.len() - cells.len(),
        ));
        return Response { cells };
    }
    // Likert statements: position on the scale follows the lean, with noise.
    let statement_leans = [
        -lean,
        lean,
        -0.3 + rng.normal() * 0.3,
        0.2 - lean * 0.2,
        0.3 + lean * 0.3,
    ];
    for (index, statement_lean) in statement_leans.iter().enumerate() {
        if rng.chance(0.02 + 0.01 * index as f64) {
            cells.push(Cell::Blank);
            continue;
        }
        if rng.chance(if index == 3 { 0.12 } else { 0.05 }) {
            cells.push(text("Don't know"));
            continue;
        }
        let position = (2.0 + statement_lean * 1.6 + rng.normal() * 0.9)
            .round()
            .clamp(0.0, 4.0) as usize;
        cells.push(text(AGREE[position]));
    }
    // Satisfaction with the last visit: only those who used the centre.
    if used_centre {
        let position = (3.1 + rng.normal() * 1.0 - if staff { 0.3 } else { 0.0 })
            .round()
            .clamp(0.0, 4.0) as usize;
        cells.push(text(SATISFACTION[position]));
    } else {
        cells.push(if rng.chance(0.5) {
            text("Not applicable")
        } else {
            Cell::Blank
        });
    }
    // Likelihood to recommend, 0-10.
    if used_centre && rng.chance(0.93) {
        cells.push(Cell::Number(
            (7.8 + rng.normal() * 2.0 - lean * 0.6)
                .round()
                .clamp(0.0, 10.0),
        ));
    } else {
        cells.push(Cell::Blank);
    }
    // Urgent care contacts in the last year; a few impossible entries (typing errors).
    let visits = if rng.chance(0.004) {
        99.0
    } else {
        (rng.unit() * rng.unit() * 9.0).floor()
    };
    cells.push(if rng.chance(0.04) {
        Cell::Blank
    } else {
        Cell::Number(visits)
    });
    // Last visit: a date before the response.
    if used_centre {
        let back = rng.range(3, 700);
        cells.push(Cell::Date((start - Duration::days(back)).date()));
    } else {
        cells.push(Cell::Blank);
    }
    // Comments.
    let (reasons, better) = if campaign {
        let mut letter = CAMPAIGN.to_string();
        // Campaign letters are copied with small changes.
        if rng.chance(0.4) {
            letter = letter.replace("lifeline", "life line");
        }
        if rng.chance(0.3) {
            letter.push_str(" Thank you.");
        }
        (Some(letter), None)
    } else {
        let reasons = rng.chance(0.72).then(|| comment(rng, lean, false));
        let better = rng.chance(0.55).then(|| comment(rng, lean, true));
        (reasons, better)
    };
    let mut reasons = reasons;
    let mut better = better;
    // Planted personal data, recorded for the redaction tests.
    if !campaign && rng.chance(0.03) {
        let question = HEADERS[17].to_string();
        let text_cell = reasons.get_or_insert_with(String::new);
        let (kind, value, sentence) = match rng.range(0, 5) {
            0 => {
                let phone = format!("07700 900{:03}", rng.range(0, 999));
                (
                    "phone",
                    phone.clone(),
                    format!(" Please call me on {phone} to discuss."),
                )
            }
            1 => {
                let address = format!(
                    "{}.{}@example.co.uk",
                    first.to_lowercase(),
                    last.to_lowercase()
                );
                (
                    "email",
                    address.clone(),
                    format!(" You can email me at {address} if you want more detail."),
                )
            }
            2 => {
                let nhs =
                    *rng.pick(&["943 476 5919", "401 023 2137", "450 557 7104", "9434765870"]);
                (
                    "NHS number",
                    nhs.to_string(),
                    format!(" My NHS number is {nhs} if you need to check my records."),
                )
            }
            3 => {
                let postcode = format!(
                    "{} {}{}",
                    rng.pick(DISTRICTS),
                    rng.range(1, 9),
                    rng.pick(&["AB", "DX", "PQ", "RT", "HU", "LN"])
                );
                (
                    "postcode",
                    postcode.clone(),
                    format!(
                        " I live at {} Acacia Avenue, {postcode}.",
                        rng.range(2, 120)
                    ),
                )
            }
            4 => {
                let phone = format!("0191 496 {:04}", rng.range(0, 9999));
                ("phone", phone.clone(), format!(" My landline is {phone}."))
            }
            _ => {
                let full = format!("{first} {last}");
                (
                    "name",
                    full.clone(),
                    format!(" My name is {full} and I have lived here 30 years."),
                )
            }
        };
        text_cell.push_str(&sentence);
        planted.push(Planted {
            id,
            question,
            kind: kind.to_string(),
            value,
        });
    }
    // A ten-digit reference that fails the NHS check digit: not personal data, must be kept.
    if !campaign && rng.chance(0.01) {
        better
            .get_or_insert_with(String::new)
            .push_str(" My complaint reference was 1234567890 and nobody replied.");
    }
    // A respondent who gave their name in the Name column also signs a comment with it.
    if !anonymous && rng.chance(0.12) {
        let full = match &name {
            Cell::Text(full) => full.clone(),
            _ => String::new(),
        };
        let target = better.get_or_insert_with(String::new);
        target.push_str(" Thanks, ");
        target.push_str(&full);
        planted.push(Planted {
            id,
            question: HEADERS[18].to_string(),
            kind: "name".to_string(),
            value: full,
        });
    }
    cells.push(reasons.map_or(Cell::Blank, |value| text(value.trim().to_string())));
    cells.push(better.map_or(Cell::Blank, |value| text(value.trim().to_string())));
    // Profile questions; some people skip them.
    let skip_profile = rng.chance(0.06);
    let profile = |rng: &mut Rng, value: &str| {
        if skip_profile || rng.chance(0.03) {
            Cell::Blank
        } else {
            text(value)
        }
    };
    cells.push(profile(rng, AGE[age]));
    let sex = rng.weighted(&[58.0, 38.0, 4.0]);
    cells.push(profile(rng, SEX[sex]));
    let ethnic = rng.weighted(ETHNIC_WEIGHTS);
    cells.push(profile(rng, ETHNIC[ethnic]));
    let disability = rng.weighted(&[
        if older { 16.0 } else { 7.0 },
        if older { 20.0 } else { 10.0 },
        68.0,
        5.0,
    ]);
    cells.push(profile(rng, DISABILITY[disability]));
    let district = *rng.pick(DISTRICTS);
    cells.push(if skip_profile || rng.chance(0.1) {
        Cell::Blank
    } else {
        text(district)
    });
    // How they heard, with a few typed "Other" answers as Microsoft Forms writes them.
    let mut heard: Vec<String> = Vec::new();
    for (index, way) in HEARD.iter().enumerate() {
        let p = [0.35, 0.3, 0.18, 0.14, 0.2, 0.06, 0.05][index]
            * if campaign && index == 5 { 6.0 } else { 1.0 };
        if rng.chance(p) {
            heard.push((*way).to_string());
        }
    }
    if rng.chance(0.04) {
        // Typed "Other" answers are nearly all different.
        let source = *rng.pick(&[
            "Residents' association",
            "Church newsletter",
            "My daughter",
            "Poster in the library",
            "Councillor's newsletter",
            "Facebook group for the estate",
            "Carers' centre",
            "Mosque notice board",
        ]);
        let detail = *rng.pick(&[
            "",
            " meeting",
            " last week",
            " in March",
            " (Heaton)",
            " at Byker",
            " via email",
            " on Tuesday",
        ]);
        heard.push(format!("{source}{detail}"));
    }
    cells.push(if heard.is_empty() {
        Cell::Blank
    } else {
        text(
            heard
                .iter()
                .flat_map(|way| [way.as_str(), ";"])
                .collect::<String>(),
        )
    });
    debug_assert_eq!(cells.len(), HEADERS.len());
    Response { cells }
}

/// A comment of one to three sentences, with the occasional typo, shouting, or emoji.
fn comment(rng: &mut Rng, lean: f64, better: bool) -> String {
    let sentences = 1 + rng.weighted(&[5.0, 3.0, 1.5]);
    let mut parts: Vec<String> = Vec::new();
    for _ in 0..sentences {
        let pool = if better {
            BETTER
        } else if lean < -0.3 {
            if rng.chance(0.85) { AGAINST } else { NEUTRAL }
        } else if lean > 0.3 {
            if rng.chance(0.85) { FOR } else { NEUTRAL }
        } else {
            *rng.pick(&[AGAINST, FOR, NEUTRAL])
        };
        let sentence = rng.pick(pool).to_string();
        if !parts.contains(&sentence) {
            parts.push(sentence);
        }
    }
    let mut text = parts.join(" ");
    if rng.chance(0.15) {
        let (right, wrong) = *rng.pick(TYPOS);
        text = text.replacen(right, wrong, 1);
    }
    if rng.chance(0.06) {
        text = text.to_uppercase();
    } else if rng.chance(0.1) {
        text = text.to_lowercase();
    }
    if rng.chance(0.05) {
        text.push(' ');
        let emoji: &&str = rng.pick(EMOJI);
        text.push_str(emoji);
    }
    if rng.chance(0.05) {
        text = text.replace(". ", ".\n");
    }
    text
}
