//! The README's CLI reference checked against clap: every subcommand `engage --help` lists has
//! a section in the README, and every `--flag` the README shows in an `engage <command>` line
//! is one that command accepts. A renamed or removed flag fails here, not in a user's shell.

use std::collections::BTreeSet;

use crate::{engage, root, run};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

/// The subcommands `engage --help` lists.
fn subcommands() -> Vec<String> {
    let (code, stdout, _) = run(engage().arg("--help"));
    assert_eq!(code, 0);
    let mut names = Vec::new();
    let mut in_commands = false;
    for line in stdout.lines() {
        if line.starts_with("Commands:") {
            in_commands = true;
            continue;
        }
        if in_commands {
            if line.trim().is_empty() || !line.starts_with("  ") {
                break;
            }
            // Continuation lines of a description are indented further.
            if line.starts_with("   ") {
                continue;
            }
            if let Some(name) = line.split_whitespace().next()
                && name != "help"
            {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// The long flags a command's `--help` lists (`--flag`), including global ones.
fn flags(command: &[&str]) -> BTreeSet<String> {
    let mut arguments: Vec<&str> = command.to_vec();
    arguments.push("--help");
    let (code, stdout, stderr) = run(engage().args(&arguments));
    assert_eq!(code, 0, "{command:?}: {stderr}");
    long_flags(&stdout)
}

fn long_flags(text: &str) -> BTreeSet<String> {
    let mut flags = BTreeSet::new();
    for (index, _) in text.match_indices("--") {
        let name: String = text[index + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if !name.is_empty() {
            flags.insert(name);
        }
    }
    flags
}

#[test]
fn every_subcommand_has_a_readme_section() {
    let readme = readme();
    let names = subcommands();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        assert!(
            readme.contains(&format!("`engage {name}")),
            "README.md has no section on `engage {name}`"
        );
    }
}

#[test]
fn every_flag_the_readme_shows_exists() {
    let readme = readme();
    let names = subcommands();
    let mut checked = 0;
    for line in readme.lines() {
        let line = line.trim().trim_start_matches("$ ");
        // Command lines in code blocks, and `engage ...` spans in prose.
        let commands: Vec<&str> = if line.starts_with("engage ") {
            vec![line]
        } else {
            line.split('`')
                .skip(1)
                .step_by(2)
                .filter(|span| span.starts_with("engage "))
                .collect()
        };
        for command in commands {
            let words: Vec<&str> = command.split_whitespace().collect();
            let Some(subcommand) = words
                .get(1)
                .filter(|word| names.contains(&word.to_string()))
            else {
                continue;
            };
            // `engage themes discover` and `engage themes agree` have their own flags.
            let mut path = vec![*subcommand];
            if let Some(next) = words.get(2)
                && *subcommand == "themes"
                && ["discover", "agree"].contains(next)
            {
                path.push(next);
            }
            let known = flags(&path);
            let comment = command.find(" #").unwrap_or(command.len());
            for flag in long_flags(&command[..comment]) {
                assert!(
                    known.contains(&flag),
                    "README.md shows `--{flag}` for `engage {}`, which it does not accept: {command}",
                    path.join(" ")
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} flags found in the README");
}

/// The TOML blocks that follow a heading, up to the next heading.
fn toml_blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README.md has no {heading:?}"));
    let rest = &readme[start + heading.len()..];
    let section = &rest[..rest.find("\n#").unwrap_or(rest.len())];
    section
        .split("```toml\n")
        .skip(1)
        .map(|block| block[..block.find("```").expect("a closed code block")].to_string())
        .collect()
}

#[test]
fn the_readme_examples_of_survey_toml_and_codebooks_load() {
    let readme = readme();
    let configs = toml_blocks(&readme, "### Correcting what was inferred: `survey.toml`");
    assert!(!configs.is_empty());
    for config in configs {
        engage_core::SurveyConfig::parse(&config, "README.md").expect("the README's survey.toml");
    }
    let codebooks = toml_blocks(&readme, "### The codebook format");
    assert!(!codebooks.is_empty());
    for codebook in codebooks {
        let codebook = engage_core::Codebook::from_toml(&codebook, "README.md")
            .expect("the README's codebook");
        assert!(codebook.themes().len() >= 2);
    }
}
