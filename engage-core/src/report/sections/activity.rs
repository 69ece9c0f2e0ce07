//! "Activity and costs": the cost and reach of engagement activity from the activity log.

use super::super::document::{Block, Section};
use super::file_name;
use crate::chart::results;
use crate::participation::activity::ActivityLog;

/// "Activity and costs": the activity log's tables and charts (administrative figures, not
/// respondents' answers: see the disclosure rule's scope).
pub(super) fn section(log: &ActivityLog) -> Section {
    let mut section = Section::new("activity", "Activity and costs");
    section.push(Block::paragraph("Investment per place is the activity's total cost (officer time, room hire and other costs) divided by the places offered; per participant, by those who came (a range where only a planned range was recorded); for online learning, per learner and per course completed."));
    for (index, table) in log.tables().into_iter().enumerate() {
        section.push(Block::table(format!("activity-{}", index + 1), table));
    }
    for (id, chart) in results::activity_charts(log, Some(file_name(&log.file))) {
        section.push(Block::chart(id, chart));
    }
    section
}
