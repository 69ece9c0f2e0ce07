//! The licences and bans of `deny.toml`, applied offline on every `cargo test`: each crate the
//! workspace builds (normal, build and dev dependencies) must be under a licence the config
//! allows, and no banned crate (a system font library, a network or TLS stack) may be built.
//! `cargo deny` applies the same file where it is installed, with the advisory database too.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Whether an SPDX expression is satisfied by the allowed licences: `OR` needs one side,
/// `AND` both, `A WITH exception` is allowed as written or when `A` is; the old `A/B` form is
/// `A OR B`.
fn satisfied(expression: &str, allowed: &BTreeSet<String>) -> bool {
    let normalised = expression.replace('/', " OR ");
    let tokens: Vec<String> = normalised
        .replace('(', " ( ")
        .replace(')', " ) ")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut position = 0;
    let result = or_expression(&tokens, &mut position, allowed);
    assert_eq!(
        position,
        tokens.len(),
        "cannot read the licence {expression:?}"
    );
    result
}

fn or_expression(tokens: &[String], position: &mut usize, allowed: &BTreeSet<String>) -> bool {
    let mut any = and_expression(tokens, position, allowed);
    while tokens.get(*position).is_some_and(|token| token == "OR") {
        *position += 1;
        any |= and_expression(tokens, position, allowed);
    }
    any
}

fn and_expression(tokens: &[String], position: &mut usize, allowed: &BTreeSet<String>) -> bool {
    let mut all = term(tokens, position, allowed);
    while tokens.get(*position).is_some_and(|token| token == "AND") {
        *position += 1;
        all &= term(tokens, position, allowed);
    }
    all
}

fn term(tokens: &[String], position: &mut usize, allowed: &BTreeSet<String>) -> bool {
    let token = tokens[*position].clone();
    *position += 1;
    if token == "(" {
        let inner = or_expression(tokens, position, allowed);
        assert_eq!(tokens[*position], ")", "unbalanced licence expression");
        *position += 1;
        return inner;
    }
    if tokens.get(*position).is_some_and(|next| next == "WITH") {
        let exception = tokens[*position + 1].clone();
        *position += 2;
        return allowed.contains(&format!("{token} WITH {exception}")) || allowed.contains(&token);
    }
    allowed.contains(&token)
}

fn deny_config() -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deny.toml");
    toml::from_str(&std::fs::read_to_string(&path).expect("deny.toml is committed"))
        .expect("deny.toml parses")
}

/// Every package the workspace builds, as (name, version, licence), from `cargo tree`.
fn packages() -> Vec<(String, String, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args([
            "tree",
            "--workspace",
            "--locked",
            "--offline",
            "--edges",
            "normal,build,dev",
            "--prefix",
            "none",
            "--format",
            "{p}|{l}",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut packages: BTreeSet<(String, String, String)> = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim_end_matches(" (*)");
        let Some((package, licence)) = line.split_once('|') else {
            continue;
        };
        let mut parts = package.split_whitespace();
        let name = parts.next().unwrap_or_default().to_string();
        let version = parts.next().unwrap_or_default().to_string();
        packages.insert((name, version, licence.trim().to_string()));
    }
    packages.into_iter().collect()
}

#[test]
fn licence_expressions_are_read_as_spdx_says() {
    let allowed: BTreeSet<String> = ["MIT", "Apache-2.0", "Unicode-3.0"]
        .iter()
        .map(|licence| (*licence).to_string())
        .collect();
    assert!(satisfied("MIT OR Apache-2.0", &allowed));
    assert!(satisfied("MIT/Apache-2.0", &allowed));
    assert!(satisfied("(MIT OR Apache-2.0) AND Unicode-3.0", &allowed));
    assert!(satisfied("Apache-2.0 WITH LLVM-exception", &allowed));
    assert!(satisfied("GPL-3.0 OR MIT", &allowed));
    assert!(!satisfied("GPL-3.0", &allowed));
    assert!(!satisfied("MIT AND GPL-3.0", &allowed));
    assert!(!satisfied("(MIT OR Apache-2.0) AND BSD-3-Clause", &allowed));
}

#[test]
fn every_dependency_has_an_allowed_licence_and_none_is_banned() {
    let config = deny_config();
    let allowed: BTreeSet<String> = config["licenses"]["allow"]
        .as_array()
        .expect("licenses.allow")
        .iter()
        .map(|licence| licence.as_str().unwrap().to_string())
        .collect();
    let banned: BTreeSet<String> = config["bans"]["deny"]
        .as_array()
        .expect("bans.deny")
        .iter()
        .map(|ban| ban["crate"].as_str().unwrap().to_string())
        .collect();
    let packages = packages();
    assert!(
        packages.len() > 100,
        "only {} packages listed",
        packages.len()
    );
    let mut problems = Vec::new();
    for (name, version, licence) in &packages {
        if banned.contains(name) {
            problems.push(format!("{name} {version} is banned by deny.toml"));
        } else if licence.is_empty() {
            problems.push(format!("{name} {version} declares no licence"));
        } else if !satisfied(licence, &allowed) {
            problems.push(format!("{name} {version}: {licence} is not allowed"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
