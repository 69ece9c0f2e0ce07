//! Code free-text answers against a codebook held in a string, and print each theme's count
//! with the words that matched in the first comments.
//!
//! ```sh
//! cargo run -p engage-core --example code_themes
//! ```

use engage_core::themes::coding::{CodingOptions, code_dataset};
use engage_core::{Codebook, IngestOptions, read_reader};

const CODEBOOK: &str = r#"
stem = "english"

[[theme]]
id = "access"
label = "Access and waiting times"
include = ["wait*", "queue", "appointment", "seen quickly"]

[[theme]]
id = "travel"
label = "Getting there"
include = ["bus", "parking", "travel", "far"]
exclude = ["travel insurance"]

[[theme]]
id = "staff"
label = "Staff and care"
include = ["staff", "nurse*", "doctor*", "kind", "caring"]
"#;

const RESPONSES: &str = "\
Respondent,Why do you say that?
1,The nurses were kind and I was seen quickly.
2,It is too far and there is no parking.
3,I waited four hours for an appointment.
4,No problem with parking. The staff were caring.
5,I have no view.
";

fn main() -> Result<(), engage_core::Error> {
    let codebook = Codebook::from_toml(CODEBOOK, "inline codebook")?;
    let dataset = read_reader(
        RESPONSES.as_bytes(),
        "responses.csv",
        &IngestOptions::default(),
    )?;
    let coding = code_dataset(
        &dataset,
        &codebook,
        &CodingOptions::default().with_comments(true),
    )?;
    for question in &coding.questions {
        println!(
            "{}: {} answered, {} matched no theme",
            question.text, question.base, question.uncoded
        );
        for theme in &question.themes {
            println!(
                "  {:<28} {:>2} ({:.0}%)",
                theme.label,
                theme.count,
                theme.percent.unwrap_or(0.0)
            );
        }
        for comment in &question.comments {
            let matched: Vec<String> = comment
                .coding
                .evidence
                .iter()
                .map(|evidence| {
                    format!(
                        "{} <- \"{}\"",
                        evidence.theme_id(&codebook),
                        evidence.matched(&comment.text)
                    )
                })
                .collect();
            println!(
                "  #{} {:?}: {}",
                comment.respondent,
                comment.text,
                matched.join(", ")
            );
        }
    }
    Ok(())
}
