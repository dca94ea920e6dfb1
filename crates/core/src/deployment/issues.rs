//! What `check-config` reports: each problem with its file, line, column and field path.
//!
//! These texts are for the operator at the console (like compiler errors), not for workers or
//! staff, so they are plain English `Display` strings rather than Fluent message ids.

use std::fmt;

/// How bad a finding is: errors stop the bot from starting, warnings are printed and tolerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Everything that can be wrong in the deployment file or a calendar file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigProblem {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("{0}")]
    Syntax(String),
    #[error("{0:?} is not a 6-digit county code")]
    BadCountyCode(String),
    #[error("{value:?} is not a township code of county {county} (9 or 12 digits starting with it)")]
    BadTownshipCode { value: String, county: String },
    #[error("{0:?} is not an office id (2 to 40 of a-z, 0-9 and -)")]
    BadOfficeId(String),
    #[error("must not be empty")]
    Empty,
    #[error("county {0} is listed twice")]
    DuplicateCounty(String),
    #[error("township {0} is listed twice")]
    DuplicateTownship(String),
    #[error("office id {0:?} is used twice")]
    DuplicateOffice(String),
    #[error("unknown office {0:?}")]
    UnknownOffice(String),
    #[error("county {0} is not one of the deployment's regions")]
    UnknownCounty(String),
    #[error("township {0} is not one of the townships listed under the deployment's regions")]
    UnknownTownship(String),
    #[error("{0:?} is not an employer kind (company, subcontractor, team_leader or individual)")]
    UnknownEmployerKind(String),
    #[error("county {county} is already covered by labour-inspection office {first:?}")]
    CountyCoveredTwice { county: String, first: String },
    #[error("county {0} has no labour-inspection office; its complaints go to the default intake office")]
    CountyWithoutLabourOffice(String),
    #[error("an office cannot supervise itself")]
    SelfSupervision,
    #[error("office {0:?} has no supervisor; its overdue cases cannot be escalated")]
    NoSupervisor(String),
    #[error("unknown office kind {0:?} (labour_inspection, sector_regulator, township, police, supervisor)")]
    UnknownKind(String),
    #[error("unknown regulator {0:?} (housing_construction, transport, water)")]
    UnknownRegulator(String),
    #[error("a sector_regulator office needs `regulator = ...`")]
    MissingRegulator,
    #[error("only a sector_regulator office has a regulator")]
    UnexpectedRegulator,
    #[error("{0:?} is not a phone number (digits, with -, spaces, + or parentheses)")]
    NotAPhoneNumber(String),
    #[error("{0:?} is not a bot username (5 to 32 of a-z, A-Z, 0-9 and _, ending in \"bot\"; without t.me/)")]
    BadBotUsername(String),
    #[error("{0:?} is not an https:// URL (Telegram sends webhooks over HTTPS only)")]
    BadWebhookUrl(String),
    #[error("{0:?} is not an address to listen on, like 127.0.0.1:8443")]
    BadListenAddress(String),
    #[error("{0:?} is not an https:// address (the web channel is served behind an HTTPS proxy)")]
    BadPublicUrl(String),
    #[error("the web channel needs both `public_url` and `listen`")]
    WebHalfSet,
    #[error("the Open311 API is served by the web channel: set `public_url` and `listen` too")]
    Open311WithoutWeb,
    #[error(
        "emergency_keywords was replaced by a lexicon per class: move each word to the `words` of \
         [campaign.emergency.self_harm], .blocking_roads, .climbing_heights, .gathering or .violence"
    )]
    EmergencyKeywordsReplaced,
    #[error(
        "is not used: the worker is reminded of the payment question after `wagedesk run \
         --payment-reminder-after` (default 3d), and the office told it is unconfirmed \
         --payment-unconfirmed-after (default 4d) after that; delete the line and set those instead"
    )]
    PaymentConfirmHoursUnused,
    #[error("{0:?}: `*` stands between two parts of a phrase (as in \"爬*塔吊\"), not at its ends or twice in a row")]
    BadWildcard(String),
    #[error("must be greater than 0 (got {0})")]
    NotPositive(String),
    #[error("must be between 0 and 1, exclusive (got {0})")]
    FractionOutOfRange(f64),
    #[error("no calendar file is listed; plain Monday-Friday arithmetic would be used")]
    NoCalendar,
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    NotADate(String),
    #[error("{date} is neither in year {year} nor at the end of the year before")]
    DateOutsideYear { date: String, year: i32 },
    #[error("the holiday ends before it starts")]
    ReversedPeriod,
    #[error("{0} is both a holiday and a make-up working day")]
    HolidayAndWorkday(String),
    #[error("make-up working day {0} is not a Saturday or Sunday")]
    MakeUpOnWeekday(String),
    #[error("year {0} is defined by two calendar files")]
    DuplicateYear(i32),
    #[error("unknown status {0:?} (official or example)")]
    UnknownStatus(String),
    #[error("{0:?} is not a time of day (HH:MM, 24-hour)")]
    NotATime(String),
    #[error("{0:?} is not a day of the week (monday ... sunday)")]
    UnknownWeekday(String),
    #[error("must be a day of the month from 1 to 28, so every month has it (got {0})")]
    DayOfMonthOutOfRange(i64),
    #[error("font file {0} does not exist; the digest chart will look for a Chinese font elsewhere")]
    FontMissing(String),
    #[error("must be from {min} to {max} (got {value})")]
    OutOfRange { value: i64, min: i64, max: i64 },
    #[error(
        "personal data would be erased {days} days after a case ends, before the 回头看 follow-up after \
         {followup_days} days could ask its workers"
    )]
    RetentionBeforeFollowup { days: u32, followup_days: u32 },
    #[error("{0} is not a size (bytes, or a number with KB, MB or GB)")]
    NotASize(String),
    #[error("{0} is less than one file Telegram lets a bot download (20 MB): such files will not be kept")]
    QuotaBelowOneFile(String),
    #[error("year {0} is an EXAMPLE, not the official arrangement; replace it when the State Council publishes it")]
    ExampleYear(i32),
}

/// One finding, located in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigIssue {
    pub severity: Severity,
    /// The file as the operator named it (e.g. `deploy/wagedesk.toml`).
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// The TOML path of the field, e.g. `offices[3].jurisdiction[0]`.
    pub path: String,
    pub problem: ConfigProblem,
}

impl ConfigIssue {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        if self.severity == Severity::Warning {
            write!(f, ": warning")?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// All the findings of one load; returned as the error when at least one is an error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConfigErrors(pub Vec<ConfigIssue>);

impl ConfigErrors {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(ConfigIssue::is_error)
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// Collects findings for one file and turns byte spans into line:column.
pub(crate) struct Collector<'t> {
    pub(crate) file: String,
    text: &'t str,
    pub(crate) issues: Vec<ConfigIssue>,
}

impl<'t> Collector<'t> {
    pub(crate) fn new(file: impl Into<String>, text: &'t str) -> Self {
        Collector { file: file.into(), text, issues: Vec::new() }
    }

    pub(crate) fn error(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        path: impl Into<String>,
        problem: ConfigProblem,
    ) {
        self.push(Severity::Error, span, path.into(), problem);
    }

    pub(crate) fn warn(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        path: impl Into<String>,
        problem: ConfigProblem,
    ) {
        self.push(Severity::Warning, span, path.into(), problem);
    }

    fn push(&mut self, severity: Severity, span: Option<std::ops::Range<usize>>, path: String, problem: ConfigProblem) {
        let position = span.map(|s| line_col(self.text, s.start));
        self.issues.push(ConfigIssue { severity, file: self.file.clone(), position, path, problem });
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// The table path (`offices[3]`, `regions[0].townships[2]`) in force at a byte offset, found by
/// reading the table headers above it. Used for syntax/type errors, which toml reports by span only.
pub(crate) fn table_path_at(text: &str, offset: usize) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut current = String::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if pos > offset {
            break;
        }
        pos += line.len();
        let t = line.trim();
        if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
            let name = name.trim().to_string();
            counts.retain(|(n, _)| !n.starts_with(&format!("{name}.")));
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name.clone(), 0)),
            }
            current = indexed_path(&name, &counts);
        } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            current = indexed_path(name.trim(), &counts);
        }
    }
    current
}

fn indexed_path(name: &str, counts: &[(String, usize)]) -> String {
    let mut out = String::new();
    let mut prefix = String::new();
    for (i, part) in name.split('.').enumerate() {
        if i > 0 {
            prefix.push('.');
            out.push('.');
        }
        prefix.push_str(part);
        out.push_str(part);
        if let Some((_, c)) = counts.iter().find(|(n, _)| *n == prefix) {
            out.push_str(&format!("[{c}]"));
        }
    }
    out
}
