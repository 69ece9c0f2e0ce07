//! Everything the report publishes, presented once by the analysis that owns it under the
//! report's disclosure policy: the participation tables and charts, each question's table and
//! chart, each free-text question's themes. The sections, the key findings and `report.json`
//! all read these, so no sentence, chart or figure can say more than its table shows.

use crate::chart::Chart;
use crate::participation::present as participation;
use crate::summary::QuestionSummary;
use crate::summary::present::{self as summary, Presented};
use crate::table::Table;
use crate::themes::present::{self as themes, ThemesPresented};

use super::sections::Composer;

/// The report's tables and charts, disclosed.
pub(super) struct Published<'a> {
    /// Respondents, complete and partial responses: the headline figures.
    pub(super) participation: Table,
    /// Responses per week and per day, and the chart of days.
    pub(super) timeline: Option<(Table, Table, Chart)>,
    /// Each profile question: its summary's question (for the report's order and headings)
    /// and its table and chart.
    pub(super) profiles: Vec<(&'a crate::participation::ProfileTable, Presented)>,
    /// Each comparison with the population.
    pub(super) representation: Vec<(&'a crate::participation::Representation, Presented)>,
    /// Each question that is not about the respondent, in questionnaire order.
    pub(super) questions: Vec<(&'a QuestionSummary, Presented)>,
    /// Each free-text question's themes.
    pub(super) themes: Vec<(&'a crate::themes::coding::QuestionThemes, ThemesPresented)>,
}

impl<'a> Published<'a> {
    pub(super) fn new(composer: &'a Composer<'a>) -> Published<'a> {
        let policy = &composer.options.disclosure;
        let source = composer.source_line();
        let participation = composer.participation;
        let population = participation
            .reference
            .as_ref()
            .map(|reference| super::sections::file_name(&reference.file).to_string());
        let threshold = composer.options.participation.under_represented_below();
        let schema = composer.dataset.schema();
        let questions = composer
            .summary
            .questions
            .iter()
            .filter(|question| {
                // A typed "Other" answer is reported with its question, not as one of its own.
                schema.get(&question.id).is_some_and(|question| {
                    question.profile.is_none()
                        && question.other_of.as_deref().is_none_or(str::is_empty)
                })
            })
            .map(|question| {
                let presented =
                    summary::question(composer.summary, question, policy, Some(&source));
                (question, presented)
            })
            .collect();
        Published {
            participation: participation.summary_table(policy),
            timeline: participation
                .timeline
                .as_ref()
                .map(|timeline| participation::timeline(timeline, policy, Some(&source))),
            profiles: participation
                .profiles
                .iter()
                .map(|profile| {
                    (
                        profile,
                        participation::profile(profile, policy, Some(&source)),
                    )
                })
                .collect(),
            representation: participation
                .representation
                .iter()
                .map(|variable| {
                    (
                        variable,
                        participation::representation(
                            variable,
                            policy,
                            threshold,
                            population.as_deref(),
                        ),
                    )
                })
                .collect(),
            questions,
            themes: composer
                .themes
                .map(|coding| {
                    coding
                        .questions
                        .iter()
                        .map(|question| {
                            (question, themes::question(question, policy, Some(&source)))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A question's presentation.
    pub(super) fn question(&self, id: &str) -> Option<&(&'a QuestionSummary, Presented)> {
        self.questions
            .iter()
            .find(|(question, _)| question.id == id)
    }
}
