//! Survey platforms' export layouts: how each is recognised and how its header rows, metadata
//! columns and multi-select encodings are read. One module per platform; `detect` tries the
//! most specific first and falls back to `generic`.

pub(crate) mod citizen_space;
pub(crate) mod generic;
pub(crate) mod google_forms;
pub(crate) mod kobo;
pub(crate) mod limesurvey;
pub(crate) mod microsoft_forms;
pub(crate) mod polis;
pub(crate) mod qualtrics;
pub(crate) mod smartsurvey;
pub(crate) mod surveymonkey;

use serde::Serialize;

use super::grid::Grid;
use super::header::{self, ColumnHeader};
use super::xform::FieldPath;
use crate::schema::Role;

/// The export layout a file was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Google Forms response sheet or CSV download.
    GoogleForms,
    /// Microsoft Forms Excel download.
    MicrosoftForms,
    /// `SurveyMonkey` "all individual responses", expanded columns.
    #[serde(rename = "surveymonkey")]
    SurveyMonkey,
    /// Qualtrics CSV/TSV/XLSX (three header rows, or the legacy two).
    Qualtrics,
    /// `LimeSurvey` response export (code or full headings).
    #[serde(rename = "limesurvey")]
    LimeSurvey,
    /// `KoboToolbox` (and KoBoCAT/Ona) export.
    Kobo,
    /// `SmartSurvey` export.
    #[serde(rename = "smartsurvey")]
    SmartSurvey,
    /// Citizen Space (Delib) "download all responses".
    CitizenSpace,
    /// Pol.is open-data export.
    Polis,
    /// Any other sheet with one row per respondent or attendee.
    Generic,
}

impl Layout {
    /// Every layout, in the order they are documented.
    pub const ALL: [Layout; 10] = [
        Layout::GoogleForms,
        Layout::MicrosoftForms,
        Layout::SurveyMonkey,
        Layout::Qualtrics,
        Layout::LimeSurvey,
        Layout::Kobo,
        Layout::SmartSurvey,
        Layout::CitizenSpace,
        Layout::Polis,
        Layout::Generic,
    ];

    /// The `snake_case` name used in JSON and config files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::GoogleForms => "google_forms",
            Layout::MicrosoftForms => "microsoft_forms",
            Layout::SurveyMonkey => "surveymonkey",
            Layout::Qualtrics => "qualtrics",
            Layout::LimeSurvey => "limesurvey",
            Layout::Kobo => "kobo",
            Layout::SmartSurvey => "smartsurvey",
            Layout::CitizenSpace => "citizen_space",
            Layout::Polis => "polis",
            Layout::Generic => "generic",
        }
    }

    /// The platform's name as people write it ("Microsoft Forms").
    #[must_use]
    pub fn display_name(self) -> &'static str {
        match self {
            Layout::GoogleForms => "Google Forms",
            Layout::MicrosoftForms => "Microsoft Forms",
            Layout::SurveyMonkey => "SurveyMonkey",
            Layout::Qualtrics => "Qualtrics",
            Layout::LimeSurvey => "LimeSurvey",
            Layout::Kobo => "KoboToolbox",
            Layout::SmartSurvey => "SmartSurvey",
            Layout::CitizenSpace => "Citizen Space",
            Layout::Polis => "Pol.is",
            Layout::Generic => "spreadsheet",
        }
    }

    /// Parses the `snake_case` name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Layout> {
        let name = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Layout::ALL.into_iter().find(|layout| {
            layout.as_str() == name || layout.as_str().replace('_', "") == name.replace('_', "")
        })
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a multi-select question's answers are joined in one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Separator {
    /// `a, b` (Google Forms).
    CommaSpace,
    /// `a;b;` (Microsoft Forms, with a trailing `;`).
    Semicolon,
    /// `a,b` (Qualtrics).
    Comma,
    /// `a b` (`KoboToolbox` option names).
    Space,
}

impl Separator {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Separator::CommaSpace => ", ",
            Separator::Semicolon => ";",
            Separator::Comma => ",",
            Separator::Space => " ",
        }
    }
}

/// What a layout decided about a sheet.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) layout: Layout,
    /// 0-based grid row of the first header row.
    pub(crate) start: usize,
    /// The number of header rows.
    pub(crate) header_rows: usize,
    /// Rows after the header that are not responses (Kobo's hashtag row).
    pub(crate) skip_rows: usize,
    /// One entry per grid column.
    pub(crate) columns: Vec<ColumnHeader>,
    /// How joined multi-selects are written, when the layout says.
    pub(crate) separator: Option<Separator>,
    /// `n/a`-style markers mean "skipped".
    pub(crate) missing_markers: bool,
    /// Columns the layout replaces with others (Kobo's joined `select_multiple` when its option
    /// columns are present), by grid column.
    pub(crate) skip_columns: Vec<usize>,
    /// Text replacements the platform's export needs (`SmartSurvey` writes `'` as `@SQ@`).
    pub(crate) unescape: Vec<(&'static str, &'static str)>,
    /// What was decided, for the user.
    pub(crate) decisions: Vec<String>,
}

impl Plan {
    /// A plan with one header row of these columns and nothing else decided.
    pub(crate) fn new(
        layout: Layout,
        start: usize,
        header_rows: usize,
        columns: Vec<ColumnHeader>,
    ) -> Plan {
        Plan {
            layout,
            start,
            header_rows,
            skip_rows: 0,
            columns,
            separator: None,
            missing_markers: false,
            skip_columns: Vec::new(),
            unescape: Vec::new(),
            decisions: Vec::new(),
        }
    }

    /// The first data row.
    pub(crate) fn data_start(&self) -> usize {
        self.start + self.header_rows + self.skip_rows
    }
}

/// What layout detection sees: the grid, where the header starts and its first rows as text.
pub(crate) struct Probe<'a> {
    pub(crate) grid: &'a dyn Grid,
    pub(crate) start: usize,
    pub(crate) rows: Vec<Vec<String>>,
}

impl<'a> Probe<'a> {
    pub(crate) fn new(grid: &'a dyn Grid) -> Probe<'a> {
        let start = header::find_header_start(grid);
        let rows = (start..(start + 4).min(grid.height()))
            .map(|row| header::row_text(grid, row))
            .collect();
        Probe { grid, start, rows }
    }

    /// The header row's cells.
    pub(crate) fn header(&self) -> &[String] {
        self.rows.first().map_or(&[], Vec::as_slice)
    }

    /// The `n`-th row from the header (0 is the header).
    pub(crate) fn row(&self, n: usize) -> &[String] {
        self.rows.get(n).map_or(&[], Vec::as_slice)
    }

    /// True when the header has a cell equal to `name`, ignoring case.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.header()
            .iter()
            .any(|cell| cell.eq_ignore_ascii_case(name))
    }

    /// The index of the header cell equal to `name`, ignoring case.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.header()
            .iter()
            .position(|cell| cell.eq_ignore_ascii_case(name))
    }
}

/// Picks the layout and plans the sheet. `forced` skips detection.
pub(crate) fn detect(probe: &Probe<'_>, forced: Option<Layout>) -> Plan {
    let chosen = forced.or_else(|| {
        [
            (Layout::Polis, polis::detect as fn(&Probe<'_>) -> bool),
            (Layout::Qualtrics, qualtrics::detect),
            (Layout::Kobo, kobo::detect),
            (Layout::LimeSurvey, limesurvey::detect),
            (Layout::SurveyMonkey, surveymonkey::detect),
            (Layout::SmartSurvey, smartsurvey::detect),
            (Layout::MicrosoftForms, microsoft_forms::detect),
            (Layout::CitizenSpace, citizen_space::detect),
            (Layout::GoogleForms, google_forms::detect),
        ]
        .into_iter()
        .find(|(_, detect)| detect(probe))
        .map(|(layout, _)| layout)
    });
    let mut plan = match chosen.unwrap_or(Layout::Generic) {
        Layout::Polis => polis::plan(probe),
        Layout::Qualtrics => qualtrics::plan(probe),
        Layout::Kobo => kobo::plan(probe),
        Layout::LimeSurvey => limesurvey::plan(probe),
        Layout::SurveyMonkey => surveymonkey::plan(probe),
        Layout::SmartSurvey => smartsurvey::plan(probe),
        Layout::MicrosoftForms => microsoft_forms::plan(probe),
        Layout::CitizenSpace => citizen_space::plan(probe),
        Layout::GoogleForms => google_forms::plan(probe),
        Layout::Generic => generic::plan(probe),
    };
    if forced.is_some() {
        plan.decisions
            .insert(0, format!("layout {} given by the user", plan.layout));
    }
    // Roles the layout did not set come from the shared lexicon of metadata and personal columns.
    for column in &mut plan.columns {
        if column.role.is_none() && column.item.is_none() {
            column.role = role_from_header(&column.stem);
        }
        // A person's name in a form's path (a household roster's `children[1]/childs_name`),
        // whatever the layout.
        if column.role.is_none()
            && FieldPath::parse(&column.name).is_some_and(|path| path.is_person_name())
        {
            column.role = Some(Role::Name);
        }
        // A personal column is read on its own, never as an option or a grid row.
        if column.role.is_some_and(role_is_personal) && column.group.is_some() {
            column.stem.clone_from(&column.name);
            column.item = None;
            column.group = None;
        }
    }
    plan
}

/// The role a column header names, from a lexicon of the metadata and personal-data columns
/// that survey platforms and hand-made sheets use.
pub(crate) fn role_from_header(header: &str) -> Option<Role> {
    let lower = header.trim().to_lowercase();
    let key = lower.trim_end_matches([':', '?', '*']).trim();
    let exact = match key {
        "id"
        | "respondent id"
        | "response id"
        | "responseid"
        | "respondent"
        | "record id"
        | "unique id"
        | "userid"
        | "user id"
        | "userno"
        | "user no"
        | "participant id"
        | "participant"
        | "_id"
        | "_uuid"
        | "uuid"
        | "submission id"
        | "response number"
        | "response no"
        | "respondent number"
        | "respondent no"
        | "response ref"
        | "reference"
        | "ref"
        | "responseid (internal)"
        | "meta/instanceid"
        | "instanceid"
        | "_index"
        // Interview notes and event write-ups number their interviews and tables.
        | "interview"
        | "interview number"
        | "interview no"
        | "interview no."
        | "interview id"
        | "interviewee"
        | "interviewee number"
        | "table number"
        | "table no"
        | "group number"
        | "focus group number" => Some(Role::RespondentId),
        "start time" | "start date" | "startdate" | "time started" | "started" | "started at"
        | "date started" | "start" | "starttime" => Some(Role::Started),
        "timestamp" | "completion time" | "end date" | "enddate" | "date submitted"
        | "submitdate" | "submitted" | "submitted at" | "submitted on" | "ended" | "end"
        | "end time" | "_submission_time" | "recordeddate" | "recorded date" | "response date"
        | "date of response" | "submission date" | "date completed" | "completed at"
        | "completed on" | "response submitted" | "datestamp" | "date stamp"
        // A sheet of notes dates each interview or event: when the account was given.
        | "date" | "interview date" | "date of interview" | "date interviewed" => {
            Some(Role::Submitted)
        }
        "status" | "response status" | "completion status" | "completed" => Some(Role::Status),
        "finished" | "complete" | "is complete" => Some(Role::Finished),
        "progress" => Some(Role::Progress),
        "lastpage" | "last page seen" | "last page" => Some(Role::LastPage),
        "duration (in seconds)"
        | "duration"
        | "interviewtime"
        | "total time taken"
        | "time taken"
        | "_duration" => Some(Role::Duration),
        "collector id"
        | "collector"
        | "collector name"
        | "distributionchannel"
        | "distribution channel"
        | "tracking link"
        | "web link"
        | "link"
        | "source"
        | "referer"
        | "refurl"
        | "referrer"
        | "extended referer"
        | "custom data 1"
        | "custom variables" => Some(Role::Collector),
        "ip address" | "ipaddress" | "ipaddr" | "ip" | "ip address (ipv4)" => Some(Role::IpAddress),
        "startlanguage" | "userlanguage" | "language" | "start language" | "user language" => {
            Some(Role::Language)
        }
        "name"
        | "full name"
        | "first name"
        | "last name"
        | "surname"
        | "forename"
        | "forenames"
        | "your name"
        | "recipientfirstname"
        | "recipientlastname"
        | "recipient first name"
        | "recipient last name"
        | "respondent name"
        | "first_name"
        | "last_name"
        | "given name"
        | "family name"
        | "contact name"
        | "name of respondent" => Some(Role::Name),
        "email" | "email address" | "e-mail" | "e-mail address" | "recipientemail"
        | "recipient email" | "your email" | "your email address" | "emailaddress"
        | "contact email" => Some(Role::Email),
        "phone" | "telephone" | "mobile" | "phone number" | "phonenumber" | "tel"
        | "contact number" | "telephone number" | "mobile number" | "phone no" => Some(Role::Phone),
        "address" | "street" | "home address" | "postal address" | "address line 1"
        | "address line 2" | "town" => Some(Role::Address),
        "locationlatitude"
        | "locationlongitude"
        | "location latitude"
        | "location longitude"
        | "latitude"
        | "longitude"
        | "lat"
        | "lon"
        | "lng"
        | "long"
        | "locationaccuracy"
        | "gps"
        | "geopoint"
        | "geolocation"
        | "_geolocation"
        | "geotrace"
        | "geoshape"
        | "coordinates"
        | "gps coordinates"
        | "location coordinates"
        | "grid reference"
        | "what3words"
        | "what3words address"
        | "w3w" => Some(Role::Location),
        "postcode" | "post code" | "zip" | "zip code" | "postal code" | "your postcode"
        | "full postcode" => Some(Role::Postcode),
        "seed"
        | "token"
        | "user agent"
        | "useragent"
        | "_tags"
        | "_notes"
        | "_status"
        | "_validation_status"
        | "_submitted_by"
        | "__version__"
        | "_version"
        | "_parent_index"
        | "formhub/uuid"
        | "deviceid"
        | "imei"
        | "subscriberid"
        | "simserial"
        | "today"
        | "username"
        | "externalreference"
        | "external data reference"
        | "externaldatareference"
        | "responseset"
        | "legacy comments"
        | "contact id"
        | "sessionid"
        | "session id"
        | "extended user agent"
        | "score"
        | "total points"
        | "quiz feedback"
        | "last modified time"
        | "country"
        | "city"
        | "state/region"
        | "postal"
        | "response type"
        | "device"
        | "browser"
        | "operating system"
        | "os"
        | "audit" => Some(Role::Other),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    if is_location_header(key) {
        return Some(Role::Location);
    }
    // Longer wording: personal data asked for as a question.
    let organisational = [
        "organisation",
        "organization",
        "company",
        "business",
        "group",
        "course",
        "school",
        "service",
        "ward",
        "club",
    ]
    .iter()
    .any(|word| key.contains(word));
    if key.contains("email")
        && !key.contains("newsletter")
        && !key.contains("updates")
        && !key.contains("would you like")
        && !key.contains("happy")
    {
        return Some(Role::Email);
    }
    if (key.contains("your name")
        || key.contains("your full name")
        || key.starts_with("name (")
        || key.starts_with("name of respondent"))
        && !organisational
    {
        return Some(Role::Name);
    }
    if (key.contains("phone number")
        || key.contains("telephone")
        || key.contains("mobile number")
        || key.contains("contact number"))
        && !key.contains("how")
    {
        return Some(Role::Phone);
    }
    if (key.contains("your address")
        || key.contains("home address")
        || key.contains("postal address"))
        && !key.contains("email")
    {
        return Some(Role::Address);
    }
    if key.contains("nhs number") || key == "nhs no" || key == "nhs no." {
        return Some(Role::NhsNumber);
    }
    None
}

/// A header naming a geographic position: a field name or short label with a word such as
/// `latitude`, `gps` or `what3words` (`_gps_latitude`, `_gps_precision`, "GPS coordinates"),
/// but not a question that mentions one ("Do you use GPS in your car?").
fn is_location_header(key: &str) -> bool {
    const WORDS: &[&str] = &[
        "latitude",
        "longitude",
        "gps",
        "geopoint",
        "geotrace",
        "geoshape",
        "geolocation",
        "what3words",
        "coordinates",
    ];
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let label = !key.contains('?') && key.split_whitespace().count() <= 4;
    label && words.iter().any(|word| WORDS.contains(word))
}

/// Whether a role is personal data (never analysed or published) rather than metadata.
pub(crate) fn role_is_personal(role: Role) -> bool {
    matches!(
        role,
        Role::Name
            | Role::Email
            | Role::Phone
            | Role::Address
            | Role::Location
            | Role::Postcode
            | Role::IpAddress
            | Role::NhsNumber
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_come_from_header_words() {
        for (header, role) in [
            ("Respondent ID", Some(Role::RespondentId)),
            ("Timestamp", Some(Role::Submitted)),
            ("Start time", Some(Role::Started)),
            ("Email Address", Some(Role::Email)),
            ("What is your email address?", Some(Role::Email)),
            ("Please give your name", Some(Role::Name)),
            ("What is the name of your organisation?", None),
            ("IP Address", Some(Role::IpAddress)),
            ("Collector ID", Some(Role::Collector)),
            ("How satisfied are you?", None),
            ("Postcode", Some(Role::Postcode)),
            ("Would you like email updates?", None),
            ("_gps_latitude", Some(Role::Location)),
            ("_gps_precision", Some(Role::Location)),
            ("GPS coordinates", Some(Role::Location)),
            ("Longitude", Some(Role::Location)),
            ("Do you use GPS in your car?", None),
        ] {
            assert_eq!(role_from_header(header), role, "{header}");
        }
    }

    #[test]
    fn layout_names_round_trip() {
        for layout in Layout::ALL {
            assert_eq!(Layout::parse(layout.as_str()), Some(layout));
        }
        assert_eq!(Layout::parse("SurveyMonkey"), Some(Layout::SurveyMonkey));
        assert_eq!(Layout::parse("nonsense"), None);
    }
}
