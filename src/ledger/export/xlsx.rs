//! The Excel writer: each sheet in rust_xlsxwriter's constant-memory mode (rows go to a temporary
//! file as they come), Chinese headers in a frozen, filtered first row, money as numbers in a yuan
//! format and dates as real dates.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

use super::Sink;
use super::cells::Cell;

pub struct XlsxSink {
    workbook: Workbook,
    path: PathBuf,
    /// The workbook once its file is made (at the end).
    files: Vec<PathBuf>,
    sheet: Option<usize>,
    sheets: usize,
    row: u32,
    columns: u16,
    header: Format,
    yuan: Format,
    date: Format,
}

impl XlsxSink {
    /// The temporary row files go next to the workbook, not to a possibly memory-backed /tmp.
    pub fn create(path: &Path) -> Result<XlsxSink, XlsxError> {
        let mut workbook = Workbook::new();
        // Level 1, not the default 6: deflate was a quarter of a 100,000-row export's CPU time at 6; level
        // 1 makes the workbook about a fifth larger (BENCHMARKS.md, the ledger).
        workbook.set_zip_compression_level(1);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            workbook.set_tempdir(dir)?;
        }
        Ok(XlsxSink {
            workbook,
            path: path.to_path_buf(),
            files: Vec::new(),
            sheet: None,
            sheets: 0,
            row: 0,
            columns: 0,
            header: Format::new().set_bold().set_background_color(0xDDEBF7).set_border(FormatBorder::Thin),
            yuan: Format::new().set_num_format("\"¥\"#,##0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        })
    }

    fn finish_sheet(&mut self) -> Result<(), XlsxError> {
        if let Some(i) = self.sheet.take() {
            let last_row = self.row.saturating_sub(1);
            let ws = self.workbook.worksheet_from_index(i)?;
            ws.autofilter(0, 0, last_row, self.columns.saturating_sub(1))?;
        }
        Ok(())
    }
}

impl Sink for XlsxSink {
    fn begin(&mut self, name: &str, headers: &[(String, f64)]) -> anyhow::Result<()> {
        self.finish_sheet()?;
        let ws = self.workbook.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        for (col, (text, width)) in (0u16..).zip(headers) {
            ws.set_column_width(col, *width)?;
            ws.write_string_with_format(0, col, text, &self.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        self.sheet = Some(self.sheets);
        self.sheets += 1;
        self.row = 1;
        self.columns = u16::try_from(headers.len()).unwrap_or(u16::MAX);
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()> {
        let Some(i) = self.sheet else { anyhow::bail!("a row before any sheet") };
        let row = self.row;
        let ws = self.workbook.worksheet_from_index(i)?;
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(row, col, s)?;
                }
                // Fen to yuan is exact in f64 for any amount a wage claim can have (< 2^53 fen).
                Cell::Yuan(fen) => {
                    ws.write_number_with_format(row, col, *fen as f64 / 100.0, &self.yuan)?;
                }
                Cell::Int(n) => {
                    ws.write_number(row, col, *n as f64)?;
                }
                Cell::Date(None) => {}
                Cell::Date(Some(d)) => {
                    let (y, m, day) = (d.year(), d.month(), d.day());
                    let at = ExcelDateTime::from_ymd(
                        u16::try_from(y).unwrap_or(1900),
                        u8::try_from(m).unwrap_or(1),
                        u8::try_from(day).unwrap_or(1),
                    )?;
                    ws.write_datetime_with_format(row, col, &at, &self.date)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Saved into a file made 0600 here, not by `Workbook::save`, whose file gets the umask's mode.
    fn finish(&mut self) -> anyhow::Result<()> {
        self.finish_sheet()?;
        let file = crate::private_files::create_file(&self.path)
            .with_context(|| format!("creating {}", self.path.display()))?;
        self.files.push(self.path.clone());
        self.workbook.save_to_writer(file)?;
        Ok(())
    }

    fn files(&self) -> &[PathBuf] {
        &self.files
    }
}
