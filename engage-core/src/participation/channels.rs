//! Responses by channel: the collector, distribution channel or web link each response came
//! through, where the export records one (SurveyMonkey `Collector ID`, Qualtrics
//! `DistributionChannel`, LimeSurvey `refurl`, Citizen Space `Channel`).

use serde::Serialize;

use super::LabelCount;
use crate::dataset::Dataset;
use crate::error::Result;
use crate::schema::Role;

/// The most channels listed by name; the rest are counted together.
const MAX_CHANNELS: usize = 25;

/// Responses per channel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Channels {
    /// The question id of the channel column.
    pub question: String,
    /// The column's header.
    pub column: String,
    /// Channels, most responses first; blanks as "(not recorded)" and, past 25 channels, the
    /// rest as "(other channels)".
    pub channels: Vec<LabelCount>,
}

/// Counts responses per channel; `None` when the export records no channel.
pub fn channels(dataset: &Dataset) -> Result<Option<Channels>> {
    let Some(question) = dataset.schema().with_role(Role::Collector) else {
        return Ok(None);
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for value in dataset.texts(&question.id)? {
        let label = value
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
            .unwrap_or_else(|| "(not recorded)".to_string());
        *counts.entry(label).or_default() += 1;
    }
    let mut channels: Vec<LabelCount> = counts
        .into_iter()
        .map(|(label, count)| LabelCount { label, count })
        .collect();
    channels.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    if channels.len() > MAX_CHANNELS {
        let rest: usize = channels[MAX_CHANNELS - 1..]
            .iter()
            .map(|entry| entry.count)
            .sum();
        channels.truncate(MAX_CHANNELS - 1);
        channels.push(LabelCount {
            label: "(other channels)".to_string(),
            count: rest,
        });
    }
    Ok(Some(Channels {
        question: question.id.clone(),
        column: question
            .columns
            .first()
            .cloned()
            .unwrap_or_else(|| question.id.clone()),
        channels,
    }))
}
