//! The input options every subcommand that reads an export shares: the file, `--sheet`,
//! `--config` (else a `survey.toml` found next to the file), `--layout`.

use std::path::PathBuf;

use engage_core::{Dataset, IngestOptions, Layout, SurveyConfig};

/// Where the responses are and how to read them.
#[derive(Clone, Debug, clap::Args)]
pub(crate) struct InputArgs {
    /// The export: .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt, or a Pol.is export folder.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// The sheet to read, by name or 1-based number [default: the first that holds responses].
    #[arg(long, value_name = "SHEET")]
    pub(crate) sheet: Option<String>,
    /// A survey.toml of corrections [default: FILE's <name>.survey.toml or survey.toml beside it].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The export layout, skipping detection.
    #[arg(long, value_name = "LAYOUT", value_parser = parse_layout)]
    pub(crate) layout: Option<Layout>,
}

fn parse_layout(text: &str) -> Result<Layout, String> {
    Layout::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Layout::ALL.iter().map(|layout| layout.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

impl InputArgs {
    /// The config to use: `--config`, else one beside the file.
    pub(crate) fn config(&self) -> anyhow::Result<Option<(PathBuf, SurveyConfig)>> {
        let path = match &self.config {
            Some(path) => Some(path.clone()),
            None => SurveyConfig::beside(&self.file),
        };
        match path {
            Some(path) => {
                let config = SurveyConfig::read(&path)?;
                Ok(Some((path, config)))
            }
            None => Ok(None),
        }
    }

    /// The ingest options these arguments ask for.
    pub(crate) fn options(&self) -> anyhow::Result<IngestOptions> {
        let InputArgs {
            file: _,
            sheet,
            config: _,
            layout,
        } = self;
        let mut options = IngestOptions::default();
        if let Some(sheet) = sheet {
            options = options.with_sheet(sheet.clone());
        }
        if let Some(layout) = layout {
            options = options.with_layout(*layout);
        }
        if let Some((_, config)) = self.config()? {
            options = options.with_config(config);
        }
        Ok(options)
    }

    /// Reads the dataset.
    pub(crate) fn read(&self) -> anyhow::Result<Dataset> {
        let options = self.options()?;
        Ok(engage_core::read_path(&self.file, &options)?)
    }
}
