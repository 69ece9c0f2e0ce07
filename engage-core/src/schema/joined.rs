//! Multi-select answers joined in one cell (`GP, Pharmacy` from Google Forms, `GP;Pharmacy;`
//! from Microsoft Forms, `gp pharmacy` from `KoboToolbox`): which parts are the form's options,
//! whether a column is a checkbox question at all, and how one answer splits into options.
//!
//! The export does not list the form's options, so they are learned from the whole column, the
//! way Google Forms itself reads its checkbox answers: an answer is the options chosen, joined
//! by the separator, where each part is a known option.
//!
//! - A **known option** is an answer chosen on its own (a whole answer with no separator outside
//!   parentheses), or a part that recombines: it appears in two different joined answers, one
//!   of them next to a known option, or in three different joined answers whatever its
//!   neighbours (so a checkbox question where nobody ticks one box alone still has options).
//!   With a separator that only lists use (`;`, a space), one joined answer next to a known
//!   option, or two whatever the neighbours, is enough; `, ` also joins words in an option's
//!   own text ("Yes, I'd attend", "Yes, I'd present something!"), so there it takes the
//!   numbers above. This is repeated until nothing more is learned.
//! - A whole answer that holds the separator but none of whose parts is a known option
//!   ("Yes, I'd attend") is an option itself: an option whose text contains the separator
//!   (never with `KoboToolbox`'s spaces: its option names hold none).
//! - A column is a **checkbox question** when at least two answers are combinations: two or
//!   more parts, every one a known option. One respondent's typed "Other" text that happens to
//!   hold the separator ("Several of the above: DevOps, Manager") does not make a radio-button
//!   question multi-choice, and "Yes, I'd attend" / "Yes, I'd present" are two options of a
//!   single-choice question, not "Yes" chosen twice with something else.
//! - **Splitting** an answer takes, at each place, the longest run of parts that is a known
//!   option; parts that are no known option and stand next to each other are one piece of typed
//!   text (Google Forms writes the "Other" text after the options, and it may hold the
//!   separator), except for `KoboToolbox`'s option names, which never hold a space.
//!
//! Parentheses protect their content: `DOE/NNSA Lab (e.g., LLNL/LANL/SNL)` is never split.

use std::collections::{BTreeSet, HashMap, HashSet};

/// The options learned from a column of joined answers, and how to split an answer into them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JoinedOptions {
    /// The separator the answers are joined with.
    separator: String,
    /// Known options: chosen alone, recombining, or whole answers holding the separator.
    known: BTreeSet<String>,
}

impl JoinedOptions {
    /// Learns the options of a column of answers joined with `separator`.
    pub(crate) fn learn(answers: &[&str], separator: &str) -> JoinedOptions {
        let mut known: BTreeSet<String> = BTreeSet::new();
        // Distinct joined answers, as their parts.
        let mut combinations: Vec<Vec<&str>> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for answer in answers {
            let answer = trimmed(answer);
            if !seen.insert(answer) {
                continue;
            }
            let parts = parts(answer, separator);
            match parts.len() {
                0 => {}
                1 => {
                    known.insert(parts[0].to_string());
                }
                _ => combinations.push(parts),
            }
        }
        // Where each part occurs: the indices of the distinct joined answers holding it.
        let mut occurs: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, parts) in combinations.iter().enumerate() {
            for part in parts {
                let places = occurs.entry(part).or_default();
                if places.last() != Some(&index) {
                    places.push(index);
                }
            }
        }
        let mut candidates: Vec<&str> = occurs
            .keys()
            .copied()
            .filter(|part| !known.contains(*part))
            .collect();
        candidates.sort_unstable();
        // How many different joined answers make a part an option, with a known neighbour and
        // without one.
        let (beside_known, alone) = if separator.trim() == "," {
            (2, 3)
        } else {
            (1, 2)
        };
        loop {
            let mut learned = Vec::new();
            for &part in &candidates {
                let places = &occurs[part];
                let partnered = places
                    .iter()
                    .filter(|&&index| {
                        combinations[index]
                            .iter()
                            .any(|other| *other != part && known.contains(*other))
                    })
                    .count();
                if partnered >= 1 && places.len() >= beside_known || places.len() >= alone {
                    learned.push(part);
                }
            }
            if learned.is_empty() {
                break;
            }
            for part in &learned {
                known.insert((*part).to_string());
            }
            candidates.retain(|part| !learned.contains(part));
        }
        // Whole answers holding the separator, none of whose parts is an option: an option
        // whose text contains the separator ("Yes, I'd attend").
        let names = separator == " ";
        let wholes: Vec<String> = combinations
            .iter()
            .filter(|_| !names)
            .filter(|parts| parts.iter().all(|part| !known.contains(*part)))
            .map(|parts| parts.join(separator))
            .collect();
        known.extend(wholes);
        JoinedOptions {
            separator: separator.to_string(),
            known,
        }
    }

    /// True when `option` is one of the known options.
    pub(crate) fn is_known(&self, option: &str) -> bool {
        self.known.contains(option)
    }

    /// The options an answer holds, in the order written.
    pub(crate) fn split(&self, answer: &str) -> Vec<String> {
        let answer = trimmed(answer);
        if self.known.contains(answer) {
            return vec![answer.to_string()];
        }
        let parts = parts(answer, &self.separator);
        // Option names (KoboToolbox) never hold the separator: every part is one option.
        let names = self.separator == " ";
        let mut out: Vec<String> = Vec::with_capacity(parts.len());
        let mut typed: Vec<&str> = Vec::new();
        let mut index = 0;
        while index < parts.len() {
            // The longest run of parts starting here that is a known option.
            let run = (index + 1..=parts.len())
                .rev()
                .find(|&end| {
                    end == index + 1 && self.known.contains(parts[index])
                        || end > index + 1
                            && self
                                .known
                                .contains(&parts[index..end].join(&self.separator))
                })
                .map(|end| end - index);
            match run {
                Some(length) => {
                    if !typed.is_empty() {
                        out.push(typed.join(&self.separator));
                        typed.clear();
                    }
                    out.push(parts[index..index + length].join(&self.separator));
                    index += length;
                }
                None if names => {
                    out.push(parts[index].to_string());
                    index += 1;
                }
                None => {
                    typed.push(parts[index]);
                    index += 1;
                }
            }
        }
        if !typed.is_empty() {
            out.push(typed.join(&self.separator));
        }
        out
    }

    /// How many answers are combinations: two or more options, every one known.
    pub(crate) fn combinations(&self, answers: &[&str]) -> usize {
        answers
            .iter()
            .filter(|answer| {
                let options = self.split(answer);
                options.len() >= 2 && options.iter().all(|option| self.is_known(option))
            })
            .count()
    }
}

/// An answer without surrounding space or Microsoft Forms' trailing `;`.
fn trimmed(answer: &str) -> &str {
    answer.trim().trim_end_matches(';').trim_end()
}

/// The parts of an answer split on the separator where it stands outside parentheses, each
/// trimmed, empty parts dropped.
fn parts<'a>(answer: &'a str, separator: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut position = 0;
    while position < answer.len() {
        let rest = &answer[position..];
        if depth <= 0 && rest.starts_with(separator) {
            out.push(&answer[start..position]);
            position += separator.len();
            start = position;
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        position += ch.len_utf8();
    }
    out.push(&answer[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeat<'a>(answers: &[(&'a str, usize)]) -> Vec<&'a str> {
        answers
            .iter()
            .flat_map(|(answer, count)| std::iter::repeat_n(*answer, *count))
            .collect()
    }

    #[test]
    fn parts_respect_parentheses_and_trailing_semicolons() {
        assert_eq!(parts("A (e.g., x, y), B", ", "), ["A (e.g., x, y)", "B"]);
        assert_eq!(parts(trimmed("GP;Pharmacy;"), ";"), ["GP", "Pharmacy"]);
        assert_eq!(parts("gp  pharmacy", " "), ["gp", "pharmacy"]);
    }

    /// One column of the table below: what it is, its answers with counts, the separator, and
    /// whether it is a checkbox question.
    type Case = (&'static str, Vec<(&'static str, usize)>, &'static str, bool);

    /// The table of columns: answers with counts, separator, and whether the column is a
    /// checkbox question (at least two combinations of known options).
    #[test]
    fn checkbox_questions_are_told_from_options_containing_the_separator() {
        let cases: Vec<Case> = vec![
            (
                // Spack 2020: a radio question whose options hold ", ".
                "options with a comma, chosen alone",
                vec![
                    ("Yes, I'd attend", 81),
                    ("Maybe", 64),
                    ("Yes, I'd present something!", 17),
                    ("No", 8),
                ],
                ", ",
                false,
            ),
            (
                // Spack 2022: one typed "Other" answer holding ", ".
                "a typed answer with commas",
                vec![
                    ("Research Software Engineer (RSE)", 40),
                    ("Scientist/Researcher", 32),
                    ("Manager", 5),
                    (
                        "Several of the above: DevOps, Systems Architect, User Support, Manager",
                        1,
                    ),
                ],
                ", ",
                false,
            ),
            (
                "a checkbox question",
                vec![
                    ("GP", 10),
                    ("GP, Pharmacy", 4),
                    ("Pharmacy, A&E", 3),
                    ("A&E", 2),
                ],
                ", ",
                true,
            ),
            (
                "a checkbox question where nobody ticks one box alone",
                vec![
                    ("Python, R", 3),
                    ("R, Julia", 2),
                    ("Python, Julia", 2),
                    ("Python, R, Julia", 1),
                ],
                ", ",
                true,
            ),
            (
                "Microsoft Forms with a typed answer",
                vec![
                    ("GP;Pharmacy;", 5),
                    ("GP;", 4),
                    ("Pharmacy;My daughter;", 1),
                ],
                ";",
                true,
            ),
            (
                "yes with qualifications",
                vec![
                    ("Yes, a lot", 5),
                    ("Yes, a little", 5),
                    ("Yes, sometimes", 5),
                    ("No", 5),
                ],
                ", ",
                false,
            ),
        ];
        for (name, counts, separator, checkbox) in cases {
            let answers = repeat(&counts);
            let options = JoinedOptions::learn(&answers, separator);
            assert_eq!(options.combinations(&answers) >= 2, checkbox, "{name}");
        }
    }

    #[test]
    fn answers_split_into_known_options_and_typed_text() {
        let answers = repeat(&[
            ("Yes, I'd attend", 5),
            ("Maybe", 3),
            ("Python", 4),
            ("Python, R", 2),
            ("R", 2),
            ("DOE/NNSA Lab (e.g., LLNL/LANL/SNL)", 2),
        ]);
        let options = JoinedOptions::learn(&answers, ", ");
        assert_eq!(options.split("Yes, I'd attend"), ["Yes, I'd attend"]);
        assert_eq!(
            options.split("Yes, I'd attend, Maybe"),
            ["Yes, I'd attend", "Maybe"]
        );
        // Google Forms puts the "Other" text after the options; it may hold the separator.
        assert_eq!(
            options.split("Python, R, my own, custom tool"),
            ["Python", "R", "my own, custom tool"]
        );
        assert_eq!(
            options.split("R, DOE/NNSA Lab (e.g., LLNL/LANL/SNL)"),
            ["R", "DOE/NNSA Lab (e.g., LLNL/LANL/SNL)"]
        );
        // KoboToolbox option names never hold a space: each part is an option.
        let answers = ["gp pharmacy", "gp", "rare_one other_rare"];
        let options = JoinedOptions::learn(&answers, " ");
        assert_eq!(
            options.split("rare_one other_rare"),
            ["rare_one", "other_rare"]
        );
    }
}
