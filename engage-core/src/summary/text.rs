//! Free-text questions: how many answered, and what share of respondents that is. What they
//! said is the themes module's job.

use serde::Serialize;

use super::{Detail, OptionEstimate, Tally};

/// A free-text question's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextSummary {
    /// Respondents who wrote something, as a percentage of the respondents in the section,
    /// with its interval.
    pub answered: OptionEstimate,
}

/// Summarises a free-text question: `everyone` is the section, `answered` those who wrote
/// something.
pub(crate) fn summarise(
    everyone: &Tally,
    answered: &Tally,
    weighted: bool,
) -> (Detail, Vec<String>) {
    let summary = TextSummary {
        answered: everyone.estimate("Answered", answered, weighted),
    };
    (Detail::Text(summary), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::testing::close;

    /// 3 of 8 respondents wrote something: 37.5%.
    #[test]
    fn share_of_respondents_who_answered() {
        let mut everyone = Tally::default();
        let mut answered = Tally::default();
        for row in 0..8 {
            everyone.add(1.0);
            if row < 3 {
                answered.add(1.0);
            }
        }
        let Detail::Text(summary) = summarise(&everyone, &answered, false).0 else {
            panic!()
        };
        assert_eq!(summary.answered.count, 3);
        close(summary.answered.percent, 37.5);
        let empty = Tally::default();
        let Detail::Text(summary) = summarise(&empty, &empty, false).0 else {
            panic!()
        };
        assert_eq!(summary.answered.percent, None);
    }
}
