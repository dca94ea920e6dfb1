//! `[evidence]`: how many files, and how many bytes, a worker may have kept on one complaint. Past
//! either, a file is not downloaded or recorded, and the worker is told which file was not kept
//! (what was kept before stays): a flood of photos cannot fill the disk or bury the office's topic.

use serde::Deserialize;
use toml::Spanned;

use super::issues::{Collector, ConfigProblem};

/// Megabytes as Telegram counts its 20 MB download limit.
pub const MB: u64 = 1024 * 1024;
/// The largest file a bot may download from Telegram.
pub const TELEGRAM_DOWNLOAD_LIMIT: u64 = 20 * MB;

/// Per worker and complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceQuota {
    /// Files kept (downloaded or, when too large to download, by Telegram's file id). Default 20.
    pub max_files: u32,
    /// Bytes of downloaded files. Default 100 MB.
    pub max_bytes: u64,
}

impl Default for EvidenceQuota {
    fn default() -> Self {
        EvidenceQuota { max_files: 20, max_bytes: 100 * MB }
    }
}

/// What a worker already has kept on a complaint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvidenceUsage {
    pub files: u32,
    pub bytes: u64,
}

/// Why a file is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverQuota {
    Files,
    Bytes,
}

impl EvidenceQuota {
    /// Whether one more file of `size` bytes (as Telegram announces it) may be kept. A file too large
    /// to download is kept by its file id and counts against the files only.
    pub fn admit(&self, used: EvidenceUsage, size: u64) -> Result<(), OverQuota> {
        if used.files >= self.max_files {
            return Err(OverQuota::Files);
        }
        if size <= TELEGRAM_DOWNLOAD_LIMIT && used.bytes.saturating_add(size) > self.max_bytes {
            return Err(OverQuota::Bytes);
        }
        Ok(())
    }

    /// How many more bytes may be written for the next file (a download stops past it).
    pub fn bytes_left(&self, used: EvidenceUsage) -> u64 {
        self.max_bytes.saturating_sub(used.bytes)
    }
}

/// A size as the deployment file gives it: a number of bytes, or text such as "10 MB".
pub fn size_value(v: &toml::Value) -> Option<u64> {
    match v {
        toml::Value::Integer(n) => u64::try_from(*n).ok(),
        toml::Value::String(s) => parse_size(s),
        _ => None,
    }
}

/// A size as the file says it: bytes, or a number with KB, MB or GB (of 1024).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let unit = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" | "KIB" => 1024,
        "MB" | "MIB" => MB,
        "GB" | "GIB" => 1024 * MB,
        _ => return None,
    };
    number.checked_mul(unit)
}

/// A size for people: `850 KB`, `3.2 MB`.
pub fn format_size(bytes: u64) -> String {
    if bytes < MB {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvidence {
    max_files: Option<Spanned<i64>>,
    /// An integer (bytes) or a string with a unit ("100 MB").
    max_bytes: Option<Spanned<toml::Value>>,
}

pub(super) fn evidence(raw: &RawEvidence, out: &mut Collector<'_>) -> EvidenceQuota {
    let d = EvidenceQuota::default();
    let max_files = match &raw.max_files {
        Some(n) => match u32::try_from(*n.get_ref()) {
            Ok(n) if n > 0 => n,
            _ => {
                out.error(Some(n.span()), "evidence.max_files", ConfigProblem::NotPositive(n.get_ref().to_string()));
                d.max_files
            }
        },
        None => d.max_files,
    };
    let max_bytes = match &raw.max_bytes {
        Some(v) => {
            let parsed = size_value(v.get_ref());
            match parsed {
                Some(n) if n > 0 => {
                    if n < TELEGRAM_DOWNLOAD_LIMIT {
                        out.warn(
                            Some(v.span()),
                            "evidence.max_bytes",
                            ConfigProblem::QuotaBelowOneFile(format_size(n)),
                        );
                    }
                    n
                }
                _ => {
                    out.error(Some(v.span()), "evidence.max_bytes", ConfigProblem::NotASize(v.get_ref().to_string()));
                    d.max_bytes
                }
            }
        }
        None => d.max_bytes,
    };
    EvidenceQuota { max_files, max_bytes }
}

#[cfg(test)]
mod tests {
    use super::super::Deployment;
    use super::super::testing::{SAMPLE, deploy_dir};
    use super::*;

    fn with_evidence(section: &str) -> String {
        let start = SAMPLE.find("[evidence]").expect("the sample has an [evidence] section");
        let end = SAMPLE[start..].find("[hotlines]").expect("followed by [hotlines]") + start;
        format!("{}{section}\n\n{}", &SAMPLE[..start], &SAMPLE[end..])
    }

    #[test]
    fn sizes_read_with_or_without_a_unit_and_print_for_people() {
        assert_eq!(parse_size("100 MB"), Some(100 * MB));
        assert_eq!(parse_size("512kb"), Some(512 * 1024));
        assert_eq!(parse_size("1GB"), Some(1024 * MB));
        assert_eq!(parse_size("2048"), Some(2048));
        for bad in ["", "MB", "1.5 MB", "-3 MB", "12 parsecs"] {
            assert_eq!(parse_size(bad), None, "{bad:?}");
        }
        assert_eq!(format_size(850 * 1024), "850 KB");
        assert_eq!(format_size(20 * MB), "20 MB");
        assert_eq!(format_size(3 * MB + MB / 5), "3.2 MB");
    }

    #[test]
    fn a_file_is_admitted_while_both_the_count_and_the_bytes_allow_it() {
        let q = EvidenceQuota { max_files: 3, max_bytes: 10 * MB };
        assert_eq!(q.admit(EvidenceUsage { files: 2, bytes: 9 * MB }, MB), Ok(()));
        assert_eq!(q.admit(EvidenceUsage { files: 3, bytes: 0 }, 1), Err(OverQuota::Files));
        assert_eq!(q.admit(EvidenceUsage { files: 2, bytes: 9 * MB }, MB + 1), Err(OverQuota::Bytes));
        // Too large to download: kept by file id, counted as a file, not as bytes.
        assert_eq!(q.admit(EvidenceUsage { files: 2, bytes: 9 * MB }, 30 * MB), Ok(()));
        assert_eq!(q.bytes_left(EvidenceUsage { files: 0, bytes: 12 * MB }), 0);
    }

    #[test]
    fn the_sample_quota_loads_and_bad_values_are_errors_on_their_line() {
        let d = Deployment::from_str(SAMPLE, &deploy_dir()).expect("loads");
        assert_eq!(d.evidence, EvidenceQuota { max_files: 20, max_bytes: 100 * MB });
        let text = with_evidence("[evidence]\nmax_files = 0\nmax_bytes = \"lots\"");
        let errors = Deployment::from_str(&text, &deploy_dir()).expect_err("refused").to_string();
        for expected in ["evidence.max_files: must be greater than 0", "evidence.max_bytes: \"lots\" is not a size"] {
            assert!(errors.contains(expected), "{expected:?} missing from:\n{errors}");
        }
        let small = Deployment::parse(&with_evidence("[evidence]\nmax_bytes = \"5 MB\""), "w.toml", &deploy_dir())
            .expect("a warning only");
        assert_eq!(small.0.evidence.max_bytes, 5 * MB);
        assert!(small.1.iter().any(|w| w.to_string().contains("evidence.max_bytes")), "{:?}", small.1);
    }
}
