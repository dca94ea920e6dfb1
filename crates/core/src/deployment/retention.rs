//! How long personal data is kept (`[retention]` in the deployment file; 个人信息保护法 Art. 19, 47): a
//! finished case's personal data, the contents of sent messages, and generated reports. Inbound
//! updates need no setting: their payload is dropped in the transaction that handles them.

use serde::Deserialize;
use toml::Spanned;

use super::issues::{Collector, ConfigProblem};

/// The retention periods the scheduled purge applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionSettings {
    /// A case's personal data (its claimants' names, numbers and words, their evidence files, the free
    /// text of its timeline) is erased this many days after the case finished: resolved, closed or
    /// withdrawn. Default 365.
    pub personal_data_days_after_closure: u32,
    /// What an outbox message said is cleared this many hours after it was sent (or refused for good);
    /// the row stays, so what was sent when still reads back. Default 0: at the next purge.
    pub sent_payload_hours: u32,
    /// Workbooks and charts waiting in `data/reports/` are deleted this many hours after they were
    /// written. Default 24.
    pub reports_hours: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings { personal_data_days_after_closure: 365, sent_payload_hours: 0, reports_hours: 24 }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRetention {
    personal_data_days_after_closure: Option<Spanned<i64>>,
    sent_payload_hours: Option<Spanned<i64>>,
    reports_hours: Option<Spanned<i64>>,
}

/// The longest period accepted: a century is a typing error, not a policy.
const MAX_DAYS: i64 = 36_500;

pub(super) fn retention(raw: &RawRetention, followup_days: u32, out: &mut Collector<'_>) -> RetentionSettings {
    let d = RetentionSettings::default();
    let mut read = |value: &Option<Spanned<i64>>, name: &str, min: i64, max: i64, default: u32| -> u32 {
        let Some(v) = value else { return default };
        let n = *v.get_ref();
        if n < min || n > max {
            out.error(Some(v.span()), format!("retention.{name}"), ConfigProblem::OutOfRange { value: n, min, max });
            return default;
        }
        u32::try_from(n).unwrap_or(default)
    };
    let days = read(
        &raw.personal_data_days_after_closure,
        "personal_data_days_after_closure",
        1,
        MAX_DAYS,
        d.personal_data_days_after_closure,
    );
    let sent_payload_hours =
        read(&raw.sent_payload_hours, "sent_payload_hours", 0, MAX_DAYS * 24, d.sent_payload_hours);
    let reports_hours = read(&raw.reports_hours, "reports_hours", 1, MAX_DAYS * 24, d.reports_hours);
    // 回头看 asks the workers of a closed case weeks later; erased by then, they could not be asked.
    if days <= followup_days
        && let Some(v) = &raw.personal_data_days_after_closure
    {
        out.warn(
            Some(v.span()),
            "retention.personal_data_days_after_closure",
            ConfigProblem::RetentionBeforeFollowup { days, followup_days },
        );
    }
    RetentionSettings { personal_data_days_after_closure: days, sent_payload_hours, reports_hours }
}

#[cfg(test)]
mod tests {
    use super::super::Deployment;
    use super::super::testing::{SAMPLE, deploy_dir};
    use super::RetentionSettings;

    fn with_retention(section: &str) -> String {
        let start = SAMPLE.find("[retention]").expect("the sample has a [retention] section");
        let end = SAMPLE[start..].find("[digest]").expect("followed by [digest]") + start;
        format!("{}{section}\n\n{}", &SAMPLE[..start], &SAMPLE[end..])
    }

    #[test]
    fn the_sample_retention_loads_and_a_missing_section_keeps_the_defaults() {
        let d = Deployment::from_str(SAMPLE, &deploy_dir()).expect("loads");
        assert_eq!(d.retention, RetentionSettings::default());
        let none = Deployment::from_str(&with_retention(""), &deploy_dir()).expect("loads");
        assert_eq!(none.retention, RetentionSettings::default());
        let set = with_retention(
            "[retention]\npersonal_data_days_after_closure = 730\nsent_payload_hours = 2\nreports_hours = 6",
        );
        let d = Deployment::from_str(&set, &deploy_dir()).expect("loads");
        let expected =
            RetentionSettings { personal_data_days_after_closure: 730, sent_payload_hours: 2, reports_hours: 6 };
        assert_eq!(d.retention, expected);
    }

    #[test]
    fn a_period_out_of_range_is_an_error_on_its_line_and_one_before_the_followup_a_warning() {
        let text = with_retention(
            "[retention]\npersonal_data_days_after_closure = 0\nsent_payload_hours = -1\nreports_hours = 0",
        );
        let errors = Deployment::from_str(&text, &deploy_dir()).expect_err("refused").to_string();
        for expected in [
            "retention.personal_data_days_after_closure: must be from 1 to 36500 (got 0)",
            "retention.sent_payload_hours: must be from 0 to 876000 (got -1)",
            "retention.reports_hours: must be from 1 to 876000 (got 0)",
        ] {
            assert!(errors.contains(expected), "{expected:?} missing from:\n{errors}");
        }
        let early = with_retention("[retention]\npersonal_data_days_after_closure = 20");
        let (d, warnings) = Deployment::parse(&early, "wagedesk.toml", &deploy_dir()).expect("a warning, not an error");
        assert_eq!(d.retention.personal_data_days_after_closure, 20);
        let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|w| w.contains("retention.personal_data_days_after_closure") && w.contains("回头看")),
            "{text:?}"
        );
        let unknown = with_retention("[retention]\npayloads = \"kept\"");
        assert!(Deployment::from_str(&unknown, &deploy_dir()).is_err(), "an unknown key is refused");
    }
}
