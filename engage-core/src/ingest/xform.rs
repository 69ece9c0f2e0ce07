//! Column headers that are `XForm` paths (`KoboToolbox`, ODK and their CSV exports):
//! `group/question`, repeat groups (`children[1]/childs_name`, or `children/childs_name` when
//! the export puts one repeat per row) and the fields that hold personal data inside them.
//!
//! A household roster or any repeat group lists *other people*: their names are personal data
//! however the field is named (`childs_name`, `member[2]/name`), and their ages are not the
//! respondent's age profile. These rules read the path only, so they hold whichever layout read
//! the file.

/// A header read as an `XForm` path: its segments, the last being the field's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldPath {
    segments: Vec<String>,
}

impl FieldPath {
    /// The path a header spells, if it is one: segments joined by `/` without spaces
    /// (`children[1]/childs_name`), or a group's path with the field as its item
    /// (`children[1] [childs_name]`, as grouped columns are named).
    pub(crate) fn parse(header: &str) -> Option<FieldPath> {
        let header = header.trim();
        let path = match header
            .strip_suffix(']')
            .and_then(|rest| rest.split_once(" ["))
        {
            Some((group, field)) if !group.contains(' ') && !field.contains(' ') => {
                format!("{group}/{field}")
            }
            _ => header.to_string(),
        };
        if !path.contains('/') || path.contains(char::is_whitespace) {
            return None;
        }
        let segments: Vec<String> = path
            .split('/')
            .map(str::to_string)
            .filter(|segment| !segment.is_empty())
            .collect();
        (segments.len() >= 2).then_some(FieldPath { segments })
    }

    /// The field's own name, without a repeat index.
    pub(crate) fn field(&self) -> &str {
        let last = self.segments.last().map_or("", String::as_str);
        last.split('[').next().unwrap_or(last)
    }

    /// True when a segment is an instance of a repeat group (`children[1]`).
    pub(crate) fn in_repeat(&self) -> bool {
        self.segments.iter().any(|segment| {
            segment
                .split_once('[')
                .is_some_and(|(_, index)| index.trim_end_matches(']').parse::<u32>().is_ok())
        })
    }

    /// True when the field holds a person's name: a word of its name is `name` (`name`,
    /// `childs_name`, `member_name`, `full_name`), and nothing says it names a place or an
    /// organisation (`school_name`, `village_name`).
    pub(crate) fn is_person_name(&self) -> bool {
        const NAME: &[&str] = &[
            "name",
            "names",
            "fullname",
            "firstname",
            "lastname",
            "surname",
            "forename",
            "forenames",
            "nickname",
        ];
        const NOT_A_PERSON: &[&str] = &[
            "organisation",
            "organization",
            "org",
            "company",
            "business",
            "school",
            "facility",
            "clinic",
            "hospital",
            "village",
            "town",
            "city",
            "district",
            "region",
            "county",
            "ward",
            "street",
            "road",
            "place",
            "site",
            "location",
            "community",
            "settlement",
            "group",
            "project",
            "programme",
            "program",
            "product",
            "brand",
            "file",
            "form",
            "shop",
            "market",
            "institution",
            "crop",
            "animal",
            "species",
            "item",
            "variable",
        ];
        let words = words(self.field());
        words.iter().any(|word| NAME.contains(&word.as_str()))
            && !words
                .iter()
                .any(|word| NOT_A_PERSON.contains(&word.as_str()))
    }

    /// True when the field is someone else's age or profile: inside a repeat group (a roster of
    /// household members, children), or an age qualified by whose it is (`childs_age`,
    /// `member_age`), rather than the respondent's own (`age`, `age_group`, `your_age`).
    pub(crate) fn is_about_someone_else(&self) -> bool {
        const OWN: &[&str] = &[
            "age",
            "ages",
            "your",
            "respondent",
            "respondents",
            "group",
            "band",
            "range",
            "years",
            "yrs",
            "in",
            "of",
            "my",
            "current",
        ];
        if self.in_repeat() {
            return true;
        }
        let words = words(self.field());
        words.iter().any(|word| word == "age")
            && words.iter().any(|word| !OWN.contains(&word.as_str()))
    }
}

/// The lower-case words of a field name: `childs_name` is `childs`, `name`.
fn words(field: &str) -> Vec<String> {
    field
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of headers: is it a path, a person's name, someone else's field?
    #[test]
    fn roster_fields_are_recognised_from_their_paths() {
        let cases: Vec<(&str, bool, bool, bool)> = vec![
            // header, path, person's name, someone else's
            ("children[1]/childs_name", true, true, true),
            ("children[2] [childs_age]", true, false, true),
            ("children/childs_age", true, false, true),
            ("children/childs_name", true, true, false),
            ("bed_net[1]/member[2]/name", true, true, true),
            ("kids/nested_group [nested_name]", true, true, false),
            ("respondent/age", true, false, false),
            ("respondent/age_group", true, false, false),
            ("household/hh_head_age", true, false, true),
            ("facility/facility_name", true, false, false),
            ("web_browsers/firefox", true, false, false),
            ("What is your name?", false, false, false),
            ("Rate these [Parking]", false, false, false),
        ];
        for (header, path, name, else_) in cases {
            let parsed = FieldPath::parse(header);
            assert_eq!(parsed.is_some(), path, "{header}");
            if let Some(parsed) = parsed {
                assert_eq!(parsed.is_person_name(), name, "{header}");
                assert_eq!(parsed.is_about_someone_else(), else_, "{header}");
            }
        }
    }
}
