//! The report's files and writing them safely: everything is written into a temporary folder
//! beside the destination, then renamed into place in one step, so an interrupted run never
//! leaves half a report and an existing report is only replaced when asked and when the new one
//! is complete.

use std::path::{Path, PathBuf};

use super::document::Document;
use crate::chart::{Chart, ChartOptions};
use crate::error::{Error, Location, Result};
use crate::privacy::safe;

/// One file of the report, by its path inside the report folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFile {
    /// The relative path, with `/` separators (`charts/q05-walk-in-centre.svg`).
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// Which files to produce.
#[derive(Clone, Debug, PartialEq)]
pub struct BundleOptions {
    charts: ChartOptions,
    png: bool,
}

impl Default for BundleOptions {
    fn default() -> BundleOptions {
        BundleOptions {
            charts: ChartOptions::default().with_min_height(0),
            png: true,
        }
    }
}

impl BundleOptions {
    /// Chart rendering options. Default: [`ChartOptions::default`] with no minimum height, so
    /// each chart on the page is as tall as its content.
    #[must_use]
    pub fn with_charts(mut self, charts: ChartOptions) -> BundleOptions {
        self.charts = charts;
        self
    }

    /// Whether to write PNG copies of the charts (Markdown links them). Default: true.
    #[must_use]
    pub fn with_png(mut self, png: bool) -> BundleOptions {
        self.png = png;
        self
    }

    /// The chart options in use.
    #[must_use]
    pub fn charts(&self) -> &ChartOptions {
        &self.charts
    }
}

/// A file-name stem made safe: question ids and fixed words only, never respondent text.
fn stem(id: &str) -> String {
    let stem = safe::file_name_part(id, 60);
    if stem.is_empty() {
        "item".to_string()
    } else {
        stem
    }
}

/// Every file of the report: `index.html`, `report.md`, `report.xlsx`, `report.json`, one CSV
/// per table under `tables/`, and per chart an SVG, a PNG and its text alternative under
/// `charts/`. Paths are sorted so the bundle is the same from run to run.
pub fn files(document: &Document, json: &[u8], options: &BundleOptions) -> Result<Vec<ReportFile>> {
    let mut files = vec![
        ReportFile {
            path: "index.html".to_string(),
            bytes: super::html::render(document, &options.charts).into_bytes(),
        },
        ReportFile {
            path: "report.md".to_string(),
            bytes: super::markdown::render(document).into_bytes(),
        },
        ReportFile {
            path: "report.xlsx".to_string(),
            bytes: super::xlsx::render(document)?,
        },
        ReportFile {
            path: "report.json".to_string(),
            bytes: json.to_vec(),
        },
    ];
    let mut seen = std::collections::HashSet::new();
    for (_, table) in document.tables() {
        let path = format!("tables/{}.csv", stem(&table.id));
        if seen.insert(path.clone()) {
            files.push(ReportFile {
                path,
                bytes: table.table.to_csv().into_bytes(),
            });
        }
    }
    let charts: Vec<(String, &Chart)> = document
        .charts()
        .into_iter()
        .map(|figure| (stem(&figure.id), &figure.chart))
        .filter(|(name, _)| seen.insert(format!("charts/{name}")))
        .collect();
    // Drawing and compressing PNGs is most of the rendering: charts are drawn on the
    // machine's cores at once.
    let drawn = crate::parallel::map(charts.len(), |index, (): &mut ()| {
        let (name, chart) = &charts[index];
        let chart_options = options.charts.clone().with_id(name);
        let mut drawn = vec![
            ReportFile {
                path: format!("charts/{name}.svg"),
                bytes: chart.svg(&chart_options).into_bytes(),
            },
            ReportFile {
                path: format!("charts/{name}.txt"),
                bytes: format!("{}\n", chart.alt_text()).into_bytes(),
            },
        ];
        if options.png {
            drawn.push(ReportFile {
                path: format!("charts/{name}.png"),
                bytes: chart.png(&chart_options)?,
            });
        }
        Ok(drawn)
    });
    for chart_files in drawn {
        files.extend(chart_files?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Writes the files into `folder`. An existing folder is only replaced when `replace` is true;
/// the new report is complete before the old one goes.
pub fn write(folder: &Path, files: &[ReportFile], replace: bool) -> Result<()> {
    let shown = folder.display().to_string();
    if folder.exists() && !replace {
        return Err(Error::new(crate::error::ErrorKind::Unsupported {
            location: Location::file(&shown),
            message: "the report folder already exists".to_string(),
        })
        .with_hint("add --force to replace it, or give a new folder with -o"));
    }
    if folder.exists() && !folder.is_dir() {
        return Err(Error::output(&shown, "exists and is not a folder"));
    }
    let parent = folder
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&parent).map_err(|error| Error::output(&shown, error.to_string()))?;
    let name = folder.file_name().map_or_else(
        || "report".to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.partial-"))
        .tempdir_in(&parent)
        .map_err(|error| {
            Error::output(
                &shown,
                format!("cannot create a folder in {}: {error}", parent.display()),
            )
        })?;
    for file in files {
        if file
            .path
            .split('/')
            .any(|part| part.is_empty() || part == ".." || part == ".")
        {
            return Err(Error::output(
                &shown,
                format!("refusing an unsafe file name \"{}\"", file.path),
            ));
        }
        let path = staging.path().join(&file.path);
        if let Some(directory) = path.parent() {
            std::fs::create_dir_all(directory)
                .map_err(|error| Error::output(&shown, error.to_string()))?;
        }
        std::fs::write(&path, &file.bytes)
            .map_err(|error| Error::output(format!("{shown}/{}", file.path), error.to_string()))?;
    }
    // Temporary folders are private; a report is meant to be shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
        for file in files {
            if let Some((directory, _)) = file.path.rsplit_once('/') {
                let _ = std::fs::set_permissions(
                    staging.path().join(directory),
                    std::fs::Permissions::from_mode(0o755),
                );
            }
        }
    }
    let staged = staging.keep();
    if folder.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(|error| Error::output(&shown, error.to_string()))?
            .keep();
        // Move the old report aside (into a fresh empty folder's place), put the new one in,
        // then remove the old.
        std::fs::remove_dir(&old).map_err(|error| Error::output(&shown, error.to_string()))?;
        std::fs::rename(folder, &old).map_err(|error| Error::output(&shown, error.to_string()))?;
        if let Err(error) = std::fs::rename(&staged, folder) {
            let _ = std::fs::rename(&old, folder);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::output(&shown, error.to_string()));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else if let Err(error) = std::fs::rename(&staged, folder) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::output(&shown, error.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<ReportFile> {
        vec![
            ReportFile {
                path: "index.html".into(),
                bytes: b"<p>new</p>".to_vec(),
            },
            ReportFile {
                path: "tables/q1.csv".into(),
                bytes: b"a,b\n".to_vec(),
            },
        ]
    }

    #[test]
    fn a_folder_is_written_and_only_replaced_when_asked() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("report");
        write(&folder, &sample(), false).unwrap();
        assert_eq!(
            std::fs::read(folder.join("tables/q1.csv")).unwrap(),
            b"a,b\n"
        );
        let error = write(&folder, &sample(), false).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: the report folder already exists", folder.display())
        );
        std::fs::write(folder.join("stale.txt"), "old").unwrap();
        write(&folder, &sample(), true).unwrap();
        assert!(
            !folder.join("stale.txt").exists(),
            "the old report is replaced whole"
        );
        // Nothing temporary is left beside it.
        let names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["report"]);
    }

    #[test]
    fn unsafe_paths_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let bad = vec![ReportFile {
            path: "../escape.txt".into(),
            bytes: Vec::new(),
        }];
        assert!(write(&root.path().join("report"), &bad, false).is_err());
        assert!(!root.path().join("escape.txt").exists());
    }
}
