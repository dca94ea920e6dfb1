//! When supervisors get their digest (`[digest]` in the deployment file), and which font draws
//! the chart's Chinese labels.

use std::path::{Path, PathBuf};

use chrono::{NaiveTime, Weekday};
use serde::Deserialize;
use toml::Spanned;

use super::issues::{Collector, ConfigProblem};

/// The digest schedule, in local time (China Standard Time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSettings {
    /// Every day at this time the daily digest (about yesterday) goes out. Default 08:30.
    pub daily_at: NaiveTime,
    /// The weekly digest (the seven days before) goes out on this day. Default Monday.
    pub weekly_on: Weekday,
    /// The monthly digest (the month before) goes out on this day of the month, 1 to 28. Default 1.
    pub monthly_on: u32,
    /// A font file with Chinese glyphs for the chart; otherwise the usual system places are tried.
    pub chart_font: Option<PathBuf>,
}

impl Default for DigestSettings {
    fn default() -> Self {
        DigestSettings {
            daily_at: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN),
            weekly_on: Weekday::Mon,
            monthly_on: 1,
            chart_font: None,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDigest {
    daily_at: Option<Spanned<String>>,
    weekly_on: Option<Spanned<String>>,
    monthly_on: Option<Spanned<i64>>,
    chart_font: Option<Spanned<String>>,
}

pub(super) fn digest(raw: &RawDigest, base_dir: &Path, out: &mut Collector<'_>) -> DigestSettings {
    let d = DigestSettings::default();
    let daily_at = match &raw.daily_at {
        Some(t) => NaiveTime::parse_from_str(t.get_ref().trim(), "%H:%M").unwrap_or_else(|_| {
            out.error(Some(t.span()), "digest.daily_at", ConfigProblem::NotATime(t.get_ref().clone()));
            d.daily_at
        }),
        None => d.daily_at,
    };
    let weekly_on = match &raw.weekly_on {
        Some(w) => w.get_ref().trim().parse::<Weekday>().unwrap_or_else(|_| {
            out.error(Some(w.span()), "digest.weekly_on", ConfigProblem::UnknownWeekday(w.get_ref().clone()));
            d.weekly_on
        }),
        None => d.weekly_on,
    };
    let monthly_on = match &raw.monthly_on {
        Some(n) if !(1..=28).contains(n.get_ref()) => {
            out.error(Some(n.span()), "digest.monthly_on", ConfigProblem::DayOfMonthOutOfRange(*n.get_ref()));
            d.monthly_on
        }
        Some(n) => u32::try_from(*n.get_ref()).unwrap_or(d.monthly_on),
        None => d.monthly_on,
    };
    let chart_font = raw.chart_font.as_ref().map(|f| {
        let path = base_dir.join(f.get_ref().trim());
        if !path.is_file() {
            out.warn(Some(f.span()), "digest.chart_font", ConfigProblem::FontMissing(path.display().to_string()));
        }
        path
    });
    DigestSettings { daily_at, weekly_on, monthly_on, chart_font }
}

#[cfg(test)]
mod tests {
    use super::super::Deployment;
    use super::super::testing::{SAMPLE, deploy_dir};

    fn with_digest(section: &str) -> String {
        let start = SAMPLE.find("[digest]").expect("the sample has a [digest] section");
        let end = SAMPLE[start..].find("[hotlines]").expect("followed by [hotlines]") + start;
        format!("{}{section}\n\n{}", &SAMPLE[..start], &SAMPLE[end..])
    }

    #[test]
    fn the_sample_digest_settings_load() {
        let d = Deployment::from_str(SAMPLE, &deploy_dir()).expect("loads");
        assert_eq!(d.digest, super::DigestSettings::default());
    }

    #[test]
    fn a_bad_time_weekday_or_day_of_month_is_an_error_on_its_line() {
        let text = with_digest("[digest]\ndaily_at = \"25:00\"\nweekly_on = \"someday\"\nmonthly_on = 31");
        let errors = Deployment::from_str(&text, &deploy_dir()).expect_err("refused").to_string();
        for expected in
            ["digest.daily_at: \"25:00\" is not a time", "digest.weekly_on: \"someday\"", "digest.monthly_on: must be"]
        {
            assert!(errors.contains(expected), "{expected:?} missing from:\n{errors}");
        }
        let weekday =
            Deployment::from_str(&with_digest("[digest]\nweekly_on = \"friday\""), &deploy_dir()).expect("loads");
        assert_eq!(weekday.digest.weekly_on, chrono::Weekday::Fri);
    }
}
