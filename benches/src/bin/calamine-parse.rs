//! The floor of the comparison: calamine opening a workbook and reading its first sheet into a
//! range of cells, and nothing else. engage reads sheets through calamine, so its read cannot
//! be faster than this.
//!
//! Usage: `calamine-parse FILE.xlsx` (prints the sheet's size and the number of non-empty cells,
//! so that the work cannot be optimised away).

use anyhow::{Context, Result};
use calamine::{Data, Reader, open_workbook_auto};

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .context("usage: calamine-parse FILE.xlsx")?;
    let mut workbook = open_workbook_auto(&path)?;
    let range = workbook
        .worksheet_range_at(0)
        .context("the workbook has no sheets")??;
    let filled = range
        .used_cells()
        .filter(|(_, _, cell)| !matches!(cell, Data::Empty))
        .count();
    let (height, width) = range.get_size();
    println!("{height} rows x {width} columns, {filled} non-empty cells");
    Ok(())
}
