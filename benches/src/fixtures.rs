//! One small fixture per export layout, each built to match the real vendor format as
//! documented (header rows, metadata columns, multi-select encoding), plus hand-made sheets
//! and CSV encoding variants. All share the walk-in-centre consultation's subject so they read
//! like the same survey run on different platforms.

use std::path::Path;

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::rng::Rng;
use crate::sample::{self, Cell};
use crate::write::{self, Sheet, TextStyle};

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 2, 5)
        .and_then(|date| date.and_hms_opt(8, 30, 0))
        .expect("valid date")
}

fn t(text: impl AsRef<str>) -> Cell {
    Cell::Text(text.as_ref().to_string())
}

fn s(text: impl AsRef<str>) -> String {
    text.as_ref().to_string()
}

const CAPACITY: &[&str] = &[
    "A local resident",
    "A patient",
    "A carer",
    "NHS staff",
    "An organisation",
];
const SERVICES: &[&str] = &["GP practice", "Pharmacy", "NHS 111", "A&E"];
const AGREE: &[&str] = &[
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];
const AGE: &[&str] = &[
    "16-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65-74",
    "75 or over",
];
const COMMENTS: &[&str] = &[
    "Keep the walk-in centre open, it is easy to get to.",
    "The hospital site has better facilities, I support the move.",
    "Parking at the hospital is a nightmare.",
    "I could not get a GP appointment so I went to the walk-in centre.",
    "More evening opening please.",
    "Buses to the hospital are not frequent enough.",
    "The staff were kind and I was seen within the hour.",
];

/// Writes every fixture into `directory`.
pub fn write_all(directory: &Path) -> Result<()> {
    std::fs::create_dir_all(directory)?;
    google_forms(&directory.join("google-forms.csv"))?;
    microsoft_forms(&directory.join("microsoft-forms.xlsx"))?;
    surveymonkey(&directory.join("surveymonkey.xlsx"))?;
    qualtrics(&directory.join("qualtrics.csv"))?;
    limesurvey(&directory.join("limesurvey.csv"))?;
    kobo(&directory.join("kobo.csv"))?;
    smartsurvey(&directory.join("smartsurvey.xlsx"))?;
    citizen_space(&directory.join("citizen-space.xlsx"))?;
    polis(&directory.join("polis"))?;
    hand_made(&directory.join("hand-made.xlsx"))?;
    encodings(directory)?;
    Ok(())
}

/// Google Forms response sheet downloaded as CSV: `Timestamp` in the sheet's US locale
/// (M/D/YYYY H:MM:SS), `Email address`, checkbox answers joined with ", ", a grid as
/// `Question [Row]`, typed "Other" answers in the cell itself.
fn google_forms(path: &Path) -> Result<()> {
    let mut rng = Rng::new(101);
    let mut rows = vec![vec![
        s("Timestamp"),
        s("Email address"),
        s("Which of these best describes you?"),
        s("Which services have you used in the last year?"),
        s("How would you rate the walk-in centre? [Waiting time]"),
        s("How would you rate the walk-in centre? [Staff]"),
        s("How would you rate the walk-in centre? [Cleanliness]"),
        s("Do you support moving the walk-in centre to the hospital?"),
        s("Any other comments?"),
        s("What is your age?"),
    ]];
    let ratings = ["Very poor", "Poor", "Fair", "Good", "Very good"];
    for index in 0..40 {
        let when = start()
            + Duration::hours(index * 17 + rng.range(0, 9))
            + Duration::seconds(rng.range(0, 3599));
        let mut used: Vec<&str> = SERVICES
            .iter()
            .copied()
            .filter(|_| rng.chance(0.5))
            .collect();
        if index % 13 == 5 {
            used.push("Dental hospital");
        }
        rows.push(vec![
            when.format("%-m/%-d/%Y %-H:%M:%S").to_string(),
            if rng.chance(0.3) {
                format!("resident{index}@example.org")
            } else {
                String::new()
            },
            s(CAPACITY[rng.weighted(&[6.0, 3.0, 1.0, 1.0, 0.5])]),
            used.join(", "),
            s(ratings[rng.weighted(&[1.0, 2.0, 3.0, 3.0, 2.0])]),
            s(ratings[rng.weighted(&[0.5, 1.0, 2.0, 4.0, 4.0])]),
            s(ratings[rng.weighted(&[0.5, 1.0, 3.0, 4.0, 2.0])]),
            s(rng.pick(&["Yes", "No", "No", "Not sure"])),
            if rng.chance(0.6) {
                s(rng.pick(COMMENTS))
            } else {
                String::new()
            },
            s(AGE[rng.range(0, 6) as usize]),
        ]);
    }
    write::text(
        path,
        &rows,
        TextStyle {
            crlf: true,
            ..TextStyle::default()
        },
    )
}

/// Microsoft Forms' Excel download: the bundled sample's layout on 40 responses.
fn microsoft_forms(path: &Path) -> Result<()> {
    let sample = sample::generate(7, 40);
    let mut rows = vec![sample::HEADERS.iter().map(t).collect::<Vec<_>>()];
    rows.extend(sample.responses.into_iter().map(|response| response.cells));
    write::xlsx(
        path,
        &[Sheet {
            name: s("Sheet1"),
            rows,
            merges: Vec::new(),
        }],
    )
}

/// SurveyMonkey "all individual responses", expanded columns, actual answer text: two header
/// rows, question text over the first column of each group (merged over the rest), row 2
/// `Response`, `Open-Ended Response` or the option / matrix row / ranking item.
fn surveymonkey(path: &Path) -> Result<()> {
    let mut rng = Rng::new(202);
    let metadata = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ];
    let mut top: Vec<Cell> = metadata.iter().map(t).collect();
    let mut second: Vec<Cell> = metadata.iter().map(|_| Cell::Blank).collect();
    let mut merges = Vec::new();
    let mut group =
        |top: &mut Vec<Cell>, second: &mut Vec<Cell>, question: &str, labels: &[&str]| {
            let first = top.len() as u16;
            for (index, label) in labels.iter().enumerate() {
                top.push(if index == 0 { t(question) } else { Cell::Blank });
                second.push(t(label));
            }
            if labels.len() > 1 {
                merges.push((
                    0u32,
                    first,
                    0u32,
                    first + labels.len() as u16 - 1,
                    question.to_string(),
                ));
            }
        };
    group(
        &mut top,
        &mut second,
        "In what capacity are you responding?",
        &["Response"],
    );
    group(
        &mut top,
        &mut second,
        "Which of these services have you used in the last year?",
        &[
            "GP practice",
            "Pharmacy",
            "NHS 111",
            "A&E",
            "Other (please specify)",
        ],
    );
    group(
        &mut top,
        &mut second,
        "How much do you agree or disagree with the following?",
        &[
            "The walk-in centre should stay where it is",
            "Moving it to the hospital would improve care",
        ],
    );
    group(
        &mut top,
        &mut second,
        "Please rank these in order of importance to you",
        &["Location", "Opening hours", "Waiting time"],
    );
    group(
        &mut top,
        &mut second,
        "Any other comments?",
        &["Open-Ended Response"],
    );
    group(&mut top, &mut second, "What is your age?", &["Response"]);
    let mut rows = vec![top, second];
    for index in 0..30u32 {
        let when = start() + Duration::hours(i64::from(index) * 9 + rng.range(0, 5));
        let mut row = vec![
            Cell::Number(f64::from(114_000_000 + index * 37)),
            Cell::Number(if index % 3 == 0 {
                405_001_234.0
            } else {
                405_009_876.0
            }),
            t(when.format("%m/%d/%Y %I:%M:%S %p").to_string()),
            t((when + Duration::minutes(rng.range(2, 15)))
                .format("%m/%d/%Y %I:%M:%S %p")
                .to_string()),
            t(format!("81.2.{}.{}", rng.range(1, 254), rng.range(1, 254))),
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
        ];
        row.push(t(CAPACITY[rng.weighted(&[6.0, 3.0, 1.0, 1.0, 0.5])]));
        for service in SERVICES {
            row.push(if rng.chance(0.45) {
                t(service)
            } else {
                Cell::Blank
            });
        }
        row.push(if index % 7 == 3 {
            t("Minor injuries unit")
        } else {
            Cell::Blank
        });
        row.push(t(AGREE[rng.weighted(&[2.0, 2.0, 1.0, 2.0, 3.0])]));
        row.push(t(AGREE[rng.weighted(&[3.0, 2.0, 1.0, 2.0, 1.0])]));
        let mut ranks = [1.0, 2.0, 3.0];
        for position in (1..ranks.len()).rev() {
            let swap = rng.range(0, position as i64) as usize;
            ranks.swap(position, swap);
        }
        row.extend(ranks.iter().map(|rank| Cell::Number(*rank)));
        row.push(if rng.chance(0.6) {
            t(rng.pick(COMMENTS))
        } else {
            Cell::Blank
        });
        row.push(t(AGE[rng.range(0, 6) as usize]));
        rows.push(row);
    }
    write::xlsx(
        path,
        &[Sheet {
            name: s("Sheet"),
            rows,
            merges,
        }],
    )
}

/// Qualtrics CSV: three header rows (export ids, question text, ImportId JSON), metadata first,
/// a matrix as `Q2_1`.., a multi-select joined with "," plus its `_TEXT` write-in, a text entry,
/// and an NPS question with its derived group. UTF-8 with BOM, CR LF.
fn qualtrics(path: &Path) -> Result<()> {
    let mut rng = Rng::new(303);
    let ids = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
        "DistributionChannel",
        "UserLanguage",
        "Q1",
        "Q2_1",
        "Q2_2",
        "Q2_3",
        "Q3",
        "Q3_5_TEXT",
        "Q4",
        "Q5",
        "Q5_NPS_GROUP",
        "Q6",
    ];
    let texts = [
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Response ID",
        "Recipient Last Name",
        "Recipient First Name",
        "Recipient Email",
        "External Data Reference",
        "Location Latitude",
        "Location Longitude",
        "Distribution Channel",
        "User Language",
        "In what capacity are you responding?",
        "How much do you agree or disagree with each statement? - The walk-in centre should stay where it is",
        "How much do you agree or disagree with each statement? - Moving it would improve care",
        "How much do you agree or disagree with each statement? - I know where to go for urgent care",
        "Which services have you used in the last year? - Selected Choice",
        "Which services have you used in the last year? - Other - Text",
        "Please tell us why you answered as you did",
        "How likely are you to recommend the walk-in centre to a friend or relative?",
        "How likely are you to recommend the walk-in centre to a friend or relative? - Group",
        "What is your age?",
    ];
    let imports = [
        "startDate",
        "endDate",
        "status",
        "ipAddress",
        "progress",
        "duration",
        "finished",
        "recordedDate",
        "_recordId",
        "recipientLastName",
        "recipientFirstName",
        "recipientEmail",
        "externalDataReference",
        "locationLatitude",
        "locationLongitude",
        "distributionChannel",
        "userLanguage",
        "QID1",
        "QID2_1",
        "QID2_2",
        "QID2_3",
        "QID3",
        "QID3_5_TEXT",
        "QID4_TEXT",
        "QID5",
        "QID5_NPS_GROUP",
        "QID6",
    ];
    let mut rows = vec![
        ids.iter().map(s).collect::<Vec<_>>(),
        texts.iter().map(s).collect(),
        imports
            .iter()
            .map(|id| format!("{{\"ImportId\":\"{id}\"}}"))
            .collect(),
    ];
    for index in 0..30 {
        let when = start() + Duration::hours(index * 11 + rng.range(0, 5));
        let finished = index % 9 != 4;
        let seconds = rng.range(60, 900);
        let mut used: Vec<&str> = SERVICES
            .iter()
            .copied()
            .filter(|_| rng.chance(0.45))
            .collect();
        let other = index % 8 == 2;
        if other {
            used.push("Other");
        }
        let nps = rng.range(0, 10);
        let mut row = vec![
            when.format("%Y-%m-%d %H:%M:%S").to_string(),
            (when + Duration::seconds(seconds))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            s("0"),
            format!("81.2.{}.{}", rng.range(1, 254), rng.range(1, 254)),
            s(if finished { "100" } else { "40" }),
            seconds.to_string(),
            s(if finished { "1" } else { "0" }),
            (when + Duration::seconds(seconds))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            format!("R_{:015X}", rng.next_u64() >> 4),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format!("54.9{}", rng.range(100, 999)),
            format!("-1.6{}", rng.range(100, 999)),
            s("anonymous"),
            s("EN-GB"),
            s(CAPACITY[rng.weighted(&[6.0, 3.0, 1.0, 1.0, 0.5])]),
        ];
        if finished {
            row.push(s(AGREE[rng.weighted(&[2.0, 2.0, 1.0, 2.0, 3.0])]));
            row.push(s(AGREE[rng.weighted(&[3.0, 2.0, 1.0, 2.0, 1.0])]));
            row.push(s(AGREE[rng.weighted(&[1.0, 1.0, 1.0, 3.0, 3.0])]));
            row.push(used.join(","));
            row.push(if other { s("Dentist") } else { String::new() });
            row.push(if rng.chance(0.6) {
                s(rng.pick(COMMENTS))
            } else {
                String::new()
            });
            row.push(nps.to_string());
            row.push(s(if nps >= 9 {
                "3"
            } else if nps >= 7 {
                "2"
            } else {
                "1"
            }));
            row.push(s(AGE[rng.range(0, 6) as usize]));
        } else {
            row.extend(std::iter::repeat_n(String::new(), 9));
        }
        rows.push(row);
    }
    write::text(
        path,
        &rows,
        TextStyle {
            crlf: true,
            bom: true,
            ..TextStyle::default()
        },
    )
}

/// LimeSurvey CSV with question-code headings and full answers: `id, submitdate, lastpage,
/// startlanguage, seed, startdate, datestamp`, sub-questions as `Q[SQ001]` with `Y`/blank for
/// multi-choice, an `[other]` write-in, an array of Likert rows, a ranking `Q[1]..Q[3]`, and
/// incomplete responses with an empty `submitdate`. Every field quoted.
fn limesurvey(path: &Path) -> Result<()> {
    let mut rng = Rng::new(404);
    let mut rows = vec![
        [
            "id",
            "submitdate",
            "lastpage",
            "startlanguage",
            "seed",
            "startdate",
            "datestamp",
            "G01Q01",
            "G01Q02[SQ001]",
            "G01Q02[SQ002]",
            "G01Q02[SQ003]",
            "G01Q02[SQ004]",
            "G01Q02[other]",
            "G01Q03[SQ001]",
            "G01Q03[SQ002]",
            "G01Q04[1]",
            "G01Q04[2]",
            "G01Q04[3]",
            "G01Q05",
            "G02Q01",
            "interviewtime",
        ]
        .iter()
        .map(s)
        .collect::<Vec<_>>(),
    ];
    let priorities = ["Location", "Opening hours", "Waiting time"];
    for index in 0..30i64 {
        let when = start() + Duration::hours(index * 13 + rng.range(0, 5));
        let complete = index % 6 != 5;
        let mut order = priorities.to_vec();
        for position in (1..order.len()).rev() {
            let swap = rng.range(0, position as i64) as usize;
            order.swap(position, swap);
        }
        let mut row = vec![
            (index + 1).to_string(),
            if complete {
                (when + Duration::minutes(8))
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            } else {
                String::new()
            },
            s(if complete { "2" } else { "1" }),
            s("en"),
            rng.range(100_000_000, 999_999_999).to_string(),
            when.format("%Y-%m-%d %H:%M:%S").to_string(),
            (when + Duration::minutes(8))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            s(CAPACITY[rng.weighted(&[6.0, 3.0, 1.0, 1.0, 0.5])]),
        ];
        for _ in 0..4 {
            row.push(if rng.chance(0.45) {
                s("Y")
            } else {
                String::new()
            });
        }
        row.push(if index % 7 == 1 {
            s("Out of hours GP")
        } else {
            String::new()
        });
        row.push(s(AGREE[rng.weighted(&[2.0, 2.0, 1.0, 2.0, 3.0])]));
        row.push(s(AGREE[rng.weighted(&[3.0, 2.0, 1.0, 2.0, 1.0])]));
        if complete {
            row.extend(order.iter().map(s));
            row.push(if rng.chance(0.6) {
                s(rng.pick(COMMENTS))
            } else {
                String::new()
            });
            row.push(s(AGE[rng.range(0, 6) as usize]));
        } else {
            row.extend(std::iter::repeat_n(String::new(), 5));
        }
        row.push(rng.range(120, 900).to_string());
        rows.push(row);
    }
    write::text(
        path,
        &rows,
        TextStyle {
            quote_all: true,
            ..TextStyle::default()
        },
    )
}

/// KoboToolbox (kpi) CSV export with labels: `;`-separated, every field quoted, CR LF; a
/// select_multiple as a space-separated summary plus one `Question/Option` column of 1/0;
/// `start`, `end`, and the `_id` ... `_index` metadata at the end.
fn kobo(path: &Path) -> Result<()> {
    let mut rng = Rng::new(505);
    let options = ["GP", "Pharmacy", "Hospital"];
    let question = "Which services have you used?";
    let mut header = vec![
        s("start"),
        s("end"),
        s("Which best describes you?"),
        s(question),
    ];
    header.extend(options.iter().map(|option| format!("{question}/{option}")));
    header.extend(
        [
            "How satisfied are you with urgent care in your area?",
            "Any comments?",
        ]
        .iter()
        .map(s),
    );
    header.extend(
        [
            "_id",
            "_uuid",
            "_submission_time",
            "_validation_status",
            "_notes",
            "_status",
            "_submitted_by",
            "__version__",
            "_tags",
            "_index",
        ]
        .iter()
        .map(s),
    );
    let mut rows = vec![header];
    let satisfaction = [
        "Very dissatisfied",
        "Dissatisfied",
        "Neither satisfied nor dissatisfied",
        "Satisfied",
        "Very satisfied",
    ];
    for index in 0..20i64 {
        let when = start() + Duration::hours(index * 5);
        let chosen: Vec<bool> = options.iter().map(|_| rng.chance(0.5)).collect();
        let mut row = vec![
            format!("{}.000+00:00", when.format("%Y-%m-%dT%H:%M:%S")),
            format!(
                "{}.000+00:00",
                (when + Duration::minutes(6)).format("%Y-%m-%dT%H:%M:%S")
            ),
            s(rng.pick(&["Resident", "Patient", "Carer"])),
            options
                .iter()
                .zip(&chosen)
                .filter(|(_, chosen)| **chosen)
                .map(|(option, _)| *option)
                .collect::<Vec<_>>()
                .join(" "),
        ];
        row.extend(
            chosen
                .iter()
                .map(|chosen| s(if *chosen { "1" } else { "0" })),
        );
        row.push(s(satisfaction[rng.weighted(&[1.0, 2.0, 2.0, 3.0, 2.0])]));
        row.push(if rng.chance(0.5) {
            s(rng.pick(COMMENTS))
        } else {
            String::new()
        });
        row.extend([
            (61_000 + index).to_string(),
            format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                rng.next_u64() as u32,
                rng.range(0, 0xffff),
                rng.range(0, 0xfff),
                rng.range(0, 0xfff),
                rng.next_u64() >> 16
            ),
            (when + Duration::minutes(9))
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string(),
            String::new(),
            String::new(),
            s("submitted_via_web"),
            String::new(),
            s("vHNXkWyvzXXTnBYxkL4sKM"),
            String::new(),
            (index + 1).to_string(),
        ]);
        rows.push(row);
    }
    write::text(
        path,
        &rows,
        TextStyle {
            delimiter: b';',
            quote_all: true,
            crlf: true,
            ..TextStyle::default()
        },
    )
}

/// SmartSurvey Excel export: `UserID, UserNo, Name, Email, IP Address, Unique ID, Started,
/// Ended`, questions headed `Q1. ...` with a second header row of option and row labels (blank
/// over the metadata and single-column questions), multi-select options as Yes/No columns, UK
/// dates as text.
fn smartsurvey(path: &Path) -> Result<()> {
    let mut rng = Rng::new(606);
    let metadata = [
        "UserID",
        "UserNo",
        "Name",
        "Email",
        "IP Address",
        "Unique ID",
        "Started",
        "Ended",
    ];
    let mut top: Vec<Cell> = metadata.iter().map(t).collect();
    let mut second: Vec<Cell> = metadata.iter().map(|_| Cell::Blank).collect();
    let mut merges = Vec::new();
    let mut group =
        |top: &mut Vec<Cell>, second: &mut Vec<Cell>, question: &str, labels: &[&str]| {
            let first = top.len() as u16;
            for (index, label) in labels.iter().enumerate() {
                top.push(if index == 0 { t(question) } else { Cell::Blank });
                second.push(if label.is_empty() {
                    Cell::Blank
                } else {
                    t(label)
                });
            }
            if labels.len() > 1 {
                merges.push((
                    0u32,
                    first,
                    0u32,
                    first + labels.len() as u16 - 1,
                    question.to_string(),
                ));
            }
        };
    group(
        &mut top,
        &mut second,
        "Q1. In what capacity are you responding?",
        &[""],
    );
    group(
        &mut top,
        &mut second,
        "Q2. Which services have you used in the last year?",
        &["GP practice", "Pharmacy", "NHS 111", "A&E"],
    );
    group(
        &mut top,
        &mut second,
        "Q3. How strongly do you agree or disagree with the following?",
        &[
            "The walk-in centre should stay where it is",
            "I know where to go for urgent care",
        ],
    );
    group(&mut top, &mut second, "Q4. Any other comments?", &[""]);
    group(&mut top, &mut second, "Q5. What is your age?", &[""]);
    let mut rows = vec![top, second];
    for index in 0..25u32 {
        let when = start() + Duration::hours(i64::from(index) * 7 + rng.range(0, 4));
        let mut row = vec![
            Cell::Number(f64::from(90_210_000 + index)),
            Cell::Number(f64::from(index + 1)),
            Cell::Blank,
            Cell::Blank,
            t(format!("81.2.{}.{}", rng.range(1, 254), rng.range(1, 254))),
            Cell::Blank,
            t(when.format("%d/%m/%Y %H:%M:%S").to_string()),
            t((when + Duration::minutes(rng.range(3, 20)))
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()),
            t(CAPACITY[rng.weighted(&[6.0, 3.0, 1.0, 1.0, 0.5])]),
        ];
        for _ in SERVICES {
            row.push(t(if rng.chance(0.45) { "Yes" } else { "No" }));
        }
        row.push(t(AGREE[rng.weighted(&[2.0, 2.0, 1.0, 2.0, 3.0])]));
        row.push(t(AGREE[rng.weighted(&[1.0, 1.0, 1.0, 3.0, 3.0])]));
        row.push(if rng.chance(0.6) {
            t(rng.pick(COMMENTS))
        } else {
            Cell::Blank
        });
        row.push(t(AGE[rng.range(0, 6) as usize]));
        rows.push(row);
    }
    write::xlsx(
        path,
        &[Sheet {
            name: s("Responses"),
            rows,
            merges,
        }],
    )
}

/// Citizen Space "Download all responses" (best effort; no public sample was available):
/// `Response ID`, `Submitted on`, `Respondent ID`, the respondent's details, question text as
/// headers, multi-select answers joined with "; ".
fn citizen_space(path: &Path) -> Result<()> {
    let mut rng = Rng::new(707);
    let headers = [
        "Response ID",
        "Submitted on",
        "Respondent ID",
        "What is your name?",
        "What is your email address?",
        "Are you responding as an individual or on behalf of an organisation?",
        "Which services have you used in the last year?",
        "To what extent do you agree with the proposal to move the walk-in centre?",
        "Please explain your answer",
        "What is your age?",
    ];
    let mut rows = vec![headers.iter().map(t).collect::<Vec<_>>()];
    for index in 0..25u32 {
        let when = start() + Duration::hours(i64::from(index) * 8);
        let used: Vec<&str> = SERVICES
            .iter()
            .copied()
            .filter(|_| rng.chance(0.5))
            .collect();
        rows.push(vec![
            t(format!(
                "ANON-{:04}-{:04}-{}",
                1000 + index * 7,
                3000 + index * 3,
                ["K", "M", "Q", "T"][index as usize % 4]
            )),
            Cell::DateTime(when),
            Cell::Number(f64::from(800_000 + index)),
            Cell::Blank,
            Cell::Blank,
            t(if index % 6 == 0 {
                "On behalf of an organisation"
            } else {
                "As an individual"
            }),
            t(used.join("; ")),
            t(AGREE[rng.weighted(&[3.0, 2.0, 1.0, 2.0, 2.0])]),
            if rng.chance(0.6) {
                t(rng.pick(COMMENTS))
            } else {
                Cell::Blank
            },
            t(AGE[rng.range(0, 6) as usize]),
        ]);
    }
    write::xlsx(
        path,
        &[Sheet {
            name: s("Responses"),
            rows,
            merges: Vec::new(),
        }],
    )
}

/// A small Pol.is conversation in the open-data layout: two opinion groups that disagree on
/// most statements and agree on two (the consensus), one moderated-out statement.
fn polis(directory: &Path) -> Result<()> {
    std::fs::create_dir_all(directory)?;
    let mut rng = Rng::new(808);
    let statements = [
        "The walk-in centre should stay in the town centre",
        "Buses to the hospital are good enough",
        "I would use an urgent treatment centre at the hospital",
        "Parking at the hospital must be free for patients",
        "The NHS should spend more on GP appointments instead",
        "Waiting times at the walk-in centre are too long",
        "One urgent care site is less confusing",
        "The consultation was well publicised",
        "Staff should be asked before any decision",
        "Evening opening matters more than location",
        "Everyone should be able to get urgent care within an hour",
        "Information about where to go should be clearer",
        "This is spam, buy cheap watches",
    ];
    let participants = 40;
    let epoch = 1_706_000_000_000i64;
    let mut votes: Vec<(i64, usize, usize, i32)> = Vec::new();
    for participant in 0..participants {
        let group_a = participant % 5 < 3;
        for (statement, _) in statements.iter().enumerate().take(12) {
            if rng.chance(0.15) {
                continue;
            }
            let consensus = statement >= 10;
            let a_agrees = statement % 2 == 0;
            let agree_p = if consensus {
                0.85
            } else if group_a == a_agrees {
                0.82
            } else {
                0.15
            };
            let vote = if rng.chance(0.1) {
                0
            } else if rng.chance(agree_p) {
                1
            } else {
                -1
            };
            votes.push((
                epoch + (participant as i64) * 60_000 + statement as i64 * 1000,
                participant,
                statement,
                vote,
            ));
        }
    }
    // comments.csv: agrees/disagrees count every vote row.
    let mut comments = vec![
        [
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        ]
        .iter()
        .map(s)
        .collect::<Vec<_>>(),
    ];
    for (index, body) in statements.iter().enumerate() {
        let agrees = votes
            .iter()
            .filter(|vote| vote.2 == index && vote.3 == 1)
            .count();
        let disagrees = votes
            .iter()
            .filter(|vote| vote.2 == index && vote.3 == -1)
            .count();
        let moderated = if index == 12 { "-1" } else { "1" };
        let stamp = epoch - 86_400_000 + index as i64 * 600_000;
        comments.push(vec![
            stamp.to_string(),
            s("Tue Jan 23 2024 09:00:00 GMT+0000 (Coordinated Universal Time)"),
            index.to_string(),
            (index % 5).to_string(),
            agrees.to_string(),
            disagrees.to_string(),
            s(moderated),
            s(body),
        ]);
    }
    write::text(
        &directory.join("comments.csv"),
        &comments,
        TextStyle::default(),
    )?;
    let mut vote_rows = vec![
        ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
            .iter()
            .map(s)
            .collect::<Vec<_>>(),
    ];
    for (stamp, participant, statement, vote) in &votes {
        vote_rows.push(vec![
            stamp.to_string(),
            s("Wed Jan 24 2024 10:00:00 GMT+0000 (Coordinated Universal Time)"),
            statement.to_string(),
            participant.to_string(),
            vote.to_string(),
        ]);
    }
    write::text(
        &directory.join("votes.csv"),
        &vote_rows,
        TextStyle::default(),
    )?;
    let mut matrix = vec![
        [
            "participant",
            "group-id",
            "n-comments",
            "n-votes",
            "n-agree",
            "n-disagree",
        ]
        .iter()
        .map(s)
        .chain((0..statements.len()).map(|index| index.to_string()))
        .collect::<Vec<_>>(),
    ];
    for participant in 0..participants {
        let mine: Vec<&(i64, usize, usize, i32)> =
            votes.iter().filter(|vote| vote.1 == participant).collect();
        let mut row = vec![
            participant.to_string(),
            s(if participant % 5 < 3 { "0" } else { "1" }),
            s(if participant < 5 { "1" } else { "0" }),
            mine.len().to_string(),
            mine.iter().filter(|vote| vote.3 == 1).count().to_string(),
            mine.iter().filter(|vote| vote.3 == -1).count().to_string(),
        ];
        for statement in 0..statements.len() {
            row.push(
                mine.iter()
                    .find(|vote| vote.2 == statement)
                    .map_or_else(String::new, |vote| vote.3.to_string()),
            );
        }
        matrix.push(row);
    }
    write::text(
        &directory.join("participants-votes.csv"),
        &matrix,
        TextStyle::default(),
    )?;
    let summary = vec![
        vec![s("topic"), s("Riverside urgent care")],
        vec![s("url"), s("https://pol.is/example")],
        vec![s("views"), s("120")],
        vec![s("voters"), participants.to_string()],
        vec![s("voters-in-conv"), participants.to_string()],
        vec![s("commenters"), s("5")],
        vec![s("comments"), s("12")],
        vec![s("groups"), s("2")],
        vec![
            s("conversation-description"),
            s("What should urgent care in Riverside look like?"),
        ],
    ];
    write::text(
        &directory.join("summary.csv"),
        &summary,
        TextStyle::default(),
    )
}

/// A hand-kept workbook: a notes sheet first, then a responses sheet with a title row and a
/// blank row above a two-row header with merged group cells, "x" marks for a multi-select,
/// blank rows among the data, leading-zero codes, UK dates written as text, a phone column and
/// an "Other (please specify)" column.
fn hand_made(path: &Path) -> Result<()> {
    let mut rng = Rng::new(909);
    let notes = Sheet {
        name: s("Notes"),
        rows: vec![vec![t(
            "Entered from paper forms by the engagement team. See the Responses sheet.",
        )]],
        merges: Vec::new(),
    };
    let mut rows = vec![
        vec![t(
            "Riverside Community Forum: feedback from the March 2024 events",
        )],
        vec![],
        vec![
            t("Form no."),
            t("Date of event"),
            t("Which sessions did you attend?"),
            Cell::Blank,
            Cell::Blank,
            t("Overall, how useful was the event?"),
            t("How did you hear about it?"),
            t("Other (please specify)"),
            t("Contact phone"),
            t("Comments"),
        ],
        vec![
            Cell::Blank,
            Cell::Blank,
            t("Drop-in"),
            t("Workshop"),
            t("Walkabout"),
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
        ],
    ];
    let useful = [
        "Not at all useful",
        "Not very useful",
        "Fairly useful",
        "Very useful",
    ];
    for index in 0..24u32 {
        if index == 9 || index == 17 {
            rows.push(vec![]);
        }
        let date =
            NaiveDate::from_ymd_opt(2024, 3, [5, 12, 19][index as usize % 3]).expect("valid date");
        let heard = rng
            .pick(&["Leaflet", "Facebook", "Word of mouth", "Other"])
            .to_string();
        rows.push(vec![
            t(format!("{:03}", index + 1)),
            t(date.format("%d/%m/%Y").to_string()),
            if rng.chance(0.6) { t("x") } else { Cell::Blank },
            if rng.chance(0.4) { t("x") } else { Cell::Blank },
            if rng.chance(0.3) { t("x") } else { Cell::Blank },
            t(useful[rng.weighted(&[0.5, 1.0, 3.0, 4.0])]),
            t(&heard),
            if heard == "Other" {
                t(rng.pick(&["Church notice board", "My neighbour", "Library poster"]))
            } else {
                Cell::Blank
            },
            if rng.chance(0.3) {
                t(format!("07700 900{:03}", rng.range(100, 999)))
            } else {
                Cell::Blank
            },
            if rng.chance(0.6) {
                t(rng.pick(COMMENTS))
            } else {
                Cell::Blank
            },
        ]);
    }
    let responses = Sheet {
        name: s("Responses"),
        rows,
        merges: vec![(2, 2, 2, 4, s("Which sessions did you attend?"))],
    };
    write::xlsx(path, &[notes, responses])
}

/// The same small table in the encodings and delimiters CSV files arrive in.
fn encodings(directory: &Path) -> Result<()> {
    let rows: Vec<Vec<String>> = vec![
        vec![
            s("Respondent"),
            s("Which café did you visit?"),
            s("How much did you spend?"),
            s("Comments"),
        ],
        vec![
            s("1"),
            s("Café Nero"),
            s("£4.50"),
            s("Lovely \u{2013} I\u{2019}ll be back"),
        ],
        vec![
            s("2"),
            s("The Crêperie"),
            s("£12"),
            s("Too noisy.\nWould not return."),
        ],
        vec![s("3"), s("Café Nero"), s("£3"), s("")],
        vec![
            s("4"),
            s("Bistro Zoë"),
            s("€10"),
            s("Staff were great; quick service"),
        ],
    ];
    write::text(
        &directory.join("encoding-windows-1252.csv"),
        &rows,
        TextStyle {
            encoding: "windows-1252",
            crlf: true,
            ..TextStyle::default()
        },
    )?;
    write::text(
        &directory.join("encoding-utf16.txt"),
        &rows,
        TextStyle {
            encoding: "utf-16le",
            delimiter: b'\t',
            crlf: true,
            ..TextStyle::default()
        },
    )?;
    write::text(
        &directory.join("encoding-utf8-bom-semicolon.csv"),
        &rows,
        TextStyle {
            bom: true,
            delimiter: b';',
            ..TextStyle::default()
        },
    )?;
    Ok(())
}
