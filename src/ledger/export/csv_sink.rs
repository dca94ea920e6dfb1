//! The CSV writer: one UTF-8 file per sheet (with a byte-order mark, so Excel reads the Chinese),
//! money in yuan with two decimals, dates as YYYY-MM-DD.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Sink;
use super::cells::Cell;

pub struct CsvSink {
    /// `ledger.csv` for the cases sheet; other sheets add their suffix to the stem.
    base: PathBuf,
    writer: Option<csv::Writer<BufWriter<File>>>,
    files: Vec<PathBuf>,
    suffixes: std::vec::IntoIter<&'static str>,
}

impl CsvSink {
    pub fn create(base: &Path, suffixes: Vec<&'static str>) -> CsvSink {
        CsvSink { base: base.to_path_buf(), writer: None, files: Vec::new(), suffixes: suffixes.into_iter() }
    }

    fn path_with(&self, suffix: &str) -> PathBuf {
        let stem = self.base.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.base.with_file_name(format!("{stem}{suffix}.csv"))
    }

    fn close(&mut self) -> anyhow::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
        }
        Ok(())
    }
}

impl Sink for CsvSink {
    fn begin(&mut self, _name: &str, headers: &[(String, f64)]) -> anyhow::Result<()> {
        self.close()?;
        let suffix = self.suffixes.next().unwrap_or("-sheet");
        let path = self.path_with(suffix);
        let file = crate::private_files::create_file(&path).with_context(|| format!("creating {}", path.display()))?;
        // Counted as soon as it exists: a failed export removes it.
        self.files.push(path);
        let mut file = BufWriter::new(file);
        file.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::Writer::from_writer(file);
        writer.write_record(headers.iter().map(|(h, _)| h.as_str()))?;
        self.writer = Some(writer);
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()> {
        let Some(w) = self.writer.as_mut() else { anyhow::bail!("a row before any sheet") };
        let text = |c: &Cell| match c {
            Cell::Text(s) => s.clone(),
            Cell::Yuan(fen) => format!("{}.{:02}", fen / 100, (fen % 100).abs()),
            Cell::Int(n) => n.to_string(),
            Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        };
        w.write_record(cells.iter().map(text))?;
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.close()
    }

    fn files(&self) -> &[PathBuf] {
        &self.files
    }
}
