//! Recognisers for personal data in a whole value: email addresses, UK telephone numbers, UK
//! postcodes, NHS numbers (with the modulus-11 check digit), National Insurance numbers, and
//! locations (GPS points, traces and shapes, latitude and longitude pairs, what3words
//! addresses).
//!
//! These answer "is this value one of those?" for column inference. Finding them inside free
//! text, and replacing them, is [`super::redact`], which uses the same rules: the patterns and
//! check digits shared by both live here so the two cannot drift apart.

use std::sync::LazyLock;

use regex::Regex;

/// An email address, unanchored and case-sensitive as written: use it inside `(?i)`. The local
/// part may not start with a dot or an apostrophe, so a quoted address (`'jo@example.com'`)
/// matches without its opening quote.
pub(crate) const EMAIL_PATTERN: &str =
    r"[a-z0-9_%+-][a-z0-9._%+'-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}";

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i)^{EMAIL_PATTERN}$")).expect("valid regex"));

/// A National Insurance number's shape, unanchored: two letters, three pairs of digits and a
/// suffix letter, single spaces allowed between the parts. Candidates still need
/// [`is_ni_number`] for the prefix rules.
pub(crate) const NI_PATTERN: &str = r"(?i)\b[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b";

/// The UK postcode format (outward code, space optional, inward code), per the ONS/Royal Mail
/// pattern including the special forms (GIR 0AA, BFPO excluded).
pub(crate) const POSTCODE_PATTERN: &str = r"(?i)\b(GIR ?0AA|[A-PR-UWYZ][0-9][0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][0-9][A-HJKPSTUW] ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY] ?[0-9][ABD-HJLNP-UW-Z]{2})\b";

static FULL_POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{POSTCODE_PATTERN}$")).expect("valid regex"));

static OUTWARD_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$").expect("valid regex")
});

/// The postcode areas of the UK and the Crown Dependencies (the letters that start a
/// postcode), and BX for non-geographic codes. The letter rules of [`POSTCODE_PATTERN`] alone
/// accept "A64FX" (a processor) or "Z80 1AB"; the area has to exist too.
const POSTCODE_AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB", "CF",
    "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY",
    "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR",
    "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE",
    "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL",
    "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL",
    "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS",
    "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// True when a postcode or outward code starts with a postcode area that exists (`B12` yes,
/// `A64` no), or is the special `GIR 0AA`.
pub(crate) fn has_postcode_area(code: &str) -> bool {
    let code = code.trim();
    let letters: String = code
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    letters == "GIR" || POSTCODE_AREAS.binary_search(&letters.as_str()).is_ok()
}

/// True for a whole email address.
#[must_use]
pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    text.len() <= 254 && EMAIL.is_match(text)
}

/// True for a full UK postcode (`SW1A 1AA`, `b12 0ab`).
#[must_use]
pub fn is_full_postcode(text: &str) -> bool {
    FULL_POSTCODE.is_match(text.trim()) && has_postcode_area(text)
}

/// True for a postcode district (outward code) alone: `SW1A`, `B12`.
#[must_use]
pub fn is_outward_code(text: &str) -> bool {
    OUTWARD_CODE.is_match(text.trim()) && has_postcode_area(text)
}

/// True for a UK telephone number as people write it: `07700 900123`, `+44 (0)121 496 0000`,
/// `0121-496-0000`, `(0121) 4960000`. The digits must make a UK number: 10 or 11 digits
/// starting with 0, or 44 followed by 9 or 10 digits (an optional `(0)` trunk prefix dropped).
#[must_use]
pub fn is_uk_phone(text: &str) -> bool {
    let text = text.trim();
    if text.len() > 25
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+' | '.'))
    {
        return false;
    }
    // A date such as 07/05/2021 or 07.05.2021 is not a phone number.
    if text.contains('.') && text.split('.').count() == 3 {
        return false;
    }
    uk_phone_digits(text)
}

/// True when the digits of `text` make a UK number: 10 or 11 digits starting with 0 (and a valid
/// second digit), or `+44`/`0044` followed by 9 or 10 digits, a `(0)` trunk prefix dropped.
/// Separators are not checked here; callers decide which written forms they accept.
pub(crate) fn uk_phone_digits(text: &str) -> bool {
    let international = text.trim_start().starts_with('+') || text.trim_start().starts_with("0044");
    let without_trunk = text.replace("(0)", "");
    let digits: String = without_trunk.chars().filter(char::is_ascii_digit).collect();
    if international {
        let rest = digits
            .strip_prefix("0044")
            .or_else(|| digits.strip_prefix("44"));
        return rest.is_some_and(|rest| (9..=10).contains(&rest.len()) && !rest.starts_with('0'));
    }
    digits.starts_with('0')
        && (digits.len() == 10 || digits.len() == 11)
        && matches!(
            digits.as_bytes()[1],
            b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9'
        )
}

/// True when ten digits form a valid NHS number: the modulus-11 check digit holds.
///
/// Weights 10 down to 2 on the first nine digits; check = 11 - (sum mod 11); 11 becomes 0 and
/// 10 is never valid.
#[must_use]
pub fn is_nhs_number(text: &str) -> bool {
    let digits: Vec<u32> = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()
        .unwrap_or_default();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        value => value,
    };
    check == digits[9]
}

/// True for a National Insurance number (`QQ 12 34 56 C`): two prefix letters (not D, F, I, Q, U
/// or V; second not O; not the prefixes BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A-D.
#[must_use]
pub fn is_ni_number(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let bytes = compact.as_bytes();
    if bytes.len() != 9 {
        return false;
    }
    let (first, second) = (bytes[0], bytes[1]);
    let invalid_letter = |b: u8| matches!(b, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
    if !first.is_ascii_uppercase()
        || !second.is_ascii_uppercase()
        || invalid_letter(first)
        || invalid_letter(second)
        || second == b'O'
    {
        return false;
    }
    if matches!(
        &compact[..2],
        "BG" | "GB" | "KN" | "NK" | "NT" | "TN" | "ZZ"
    ) {
        return false;
    }
    bytes[2..8].iter().all(u8::is_ascii_digit) && matches!(bytes[8], b'A'..=b'D')
}

/// True for a point as GPS apps and ODK/`KoboToolbox` geopoints write it: latitude and
/// longitude in decimal degrees, optionally altitude and accuracy, separated by spaces
/// (`-1.2625621 36.7921711 0.0 20.0`) or a comma (`51.5014, -0.1419`), in brackets or not.
/// Latitude and longitude must be in range and written with at least three decimals, as
/// coordinates are; "3 4" or "1.5, 2" is not a place.
#[must_use]
pub fn is_geopoint(text: &str) -> bool {
    let text = text
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let parts: Vec<&str> = if text.contains(',') {
        text.split(',').map(str::trim).collect()
    } else {
        text.split_whitespace().collect()
    };
    if !(2..=4).contains(&parts.len()) || parts.iter().any(|part| part.parse::<f64>().is_err()) {
        return false;
    }
    let decimals = |part: &str| {
        part.split_once('.')
            .map_or(0, |(_, fraction)| fraction.len())
    };
    let latitude: f64 = parts[0].parse().unwrap_or(f64::NAN);
    let longitude: f64 = parts[1].parse().unwrap_or(f64::NAN);
    (-90.0..=90.0).contains(&latitude)
        && (-180.0..=180.0).contains(&longitude)
        && decimals(parts[0]) >= 3
        && decimals(parts[1]) >= 3
}

/// True for an ODK/`KoboToolbox` geotrace or geoshape: two or more geopoints separated by `;`.
#[must_use]
pub fn is_geotrace(text: &str) -> bool {
    let points: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|point| !point.is_empty())
        .collect();
    points.len() >= 2 && points.iter().all(|point| is_geopoint(point))
}

/// True for a what3words address (`///filled.count.soap`, or three words of letters joined by
/// dots that do not end like a web address).
#[must_use]
pub fn is_what3words(text: &str) -> bool {
    const WEB: &[&str] = &[
        "com", "org", "net", "uk", "co", "io", "gov", "edu", "info", "html",
    ];
    let text = text.trim();
    let (prefixed, words) = match text.strip_prefix("///") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let words: Vec<&str> = words.split('.').collect();
    if words.len() != 3
        || words
            .iter()
            .any(|word| word.is_empty() || !word.chars().all(char::is_alphabetic))
    {
        return false;
    }
    prefixed
        || words
            .iter()
            .all(|word| word.chars().all(char::is_lowercase))
            && words[0] != "www"
            && !WEB.contains(&words[2])
}

/// True for any of the location forms above: a point, a trace or shape, a what3words address.
#[must_use]
pub fn is_location(text: &str) -> bool {
    is_geopoint(text) || is_geotrace(text) || is_what3words(text)
}

/// True for an IPv4 address in dotted-quad form (`192.0.2.1`) or any IPv6 address
/// (`2001:db8::1`), as the standard library parses them.
#[must_use]
pub fn is_ip_address(text: &str) -> bool {
    text.trim().parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcode_areas_are_sorted_for_binary_search() {
        assert!(POSTCODE_AREAS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(POSTCODE_AREAS.len(), 125);
    }

    #[test]
    fn emails() {
        assert!(is_email("jo.bloggs+nhs@example.co.uk"));
        assert!(!is_email("not an email"));
        assert!(!is_email("a@b"));
        assert!(!is_email(".jo@example.com"));
    }

    #[test]
    fn locations_in_the_forms_gps_apps_and_forms_write() {
        for location in [
            "-1.2625621 36.7921711 0.0 20.0",
            "41.017082473263144 28.969059996306896 39.5 55.0",
            "51.5014, -0.1419",
            "(51.50140, -0.14190)",
            "-1.2625621 36.7921711 0.0 20.0;-1.2626 36.7922 0.0 20.0",
            "///filled.count.soap",
            "index.home.raft",
        ] {
            assert!(is_location(location), "{location}");
        }
        for not_location in [
            "3 4",
            "1.5, 2",
            "12.5",
            "95.123 10.456",
            "www.example.com",
            "mail.google.com",
            "v1.2.3",
            "Bob",
        ] {
            assert!(!is_location(not_location), "{not_location}");
        }
    }

    #[test]
    fn ip_addresses() {
        assert!(is_ip_address("192.0.2.1"));
        assert!(is_ip_address("2001:db8::1"));
        assert!(!is_ip_address("256.1.1.1"));
        assert!(!is_ip_address("10:30:00"));
    }

    #[test]
    fn phones_in_common_forms_and_not_dates() {
        for phone in [
            "07700 900123",
            "+44 (0)121 496 0000",
            "0121-496-0000",
            "(0121) 4960000",
            "020 7946 0018",
            "+447700900123",
        ] {
            assert!(is_uk_phone(phone), "{phone}");
        }
        for not_phone in [
            "07/05/2021",
            "07.05.2021",
            "12345",
            "1234567890123",
            "0044",
            "2021-05-07",
            "06000 000000 1",
        ] {
            assert!(!is_uk_phone(not_phone), "{not_phone}");
        }
    }

    #[test]
    fn postcodes_full_and_outward() {
        for code in [
            "SW1A 1AA", "b12 0ab", "M1 1AE", "CR2 6XH", "DN55 1PT", "EC1A1BB",
        ] {
            assert!(is_full_postcode(code), "{code}");
        }
        assert!(!is_full_postcode("SW1A"));
        assert!(!is_full_postcode("Q1 1AA"));
        // The letter rules allow these, but there is no A or ZZ postcode area.
        assert!(!is_full_postcode("A64 4FX"));
        assert!(!is_full_postcode("ZZ1 1AB"));
        assert!(is_full_postcode("GIR 0AA"));
        assert!(!is_outward_code("A38"));
        assert!(is_outward_code("SW1A"));
        assert!(is_outward_code("B12"));
        assert!(!is_outward_code("Hello"));
    }

    #[test]
    fn nhs_numbers_need_a_valid_check_digit() {
        // 943 476 5919 is the NHS Digital documentation example; 401 023 2137 is another valid one.
        assert!(is_nhs_number("943 476 5919"));
        assert!(is_nhs_number("9434765919"));
        assert!(is_nhs_number("4010232137"));
        assert!(!is_nhs_number("9434765918"));
        assert!(!is_nhs_number("1234567890"));
        assert!(!is_nhs_number("943476591"));
    }

    #[test]
    fn ni_numbers_follow_the_prefix_rules() {
        assert!(is_ni_number("AB 12 34 56 C"));
        assert!(is_ni_number("ab123456d"));
        assert!(!is_ni_number("GB 12 34 56 A"));
        assert!(!is_ni_number("DA 12 34 56 A"));
        assert!(!is_ni_number("AO 12 34 56 A"));
        assert!(!is_ni_number("AB 12 34 56 E"));
    }
}
