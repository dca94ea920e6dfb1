//! The deployment file as written: TOML with spans, before any semantic check.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeployment {
    #[serde(default)]
    pub(super) regions: Vec<RawCounty>,
    #[serde(default)]
    pub(super) offices: Vec<RawOffice>,
    pub(super) default_intake_office: Spanned<String>,
    #[serde(default)]
    pub(super) campaign: RawCampaign,
    #[serde(default)]
    pub(super) hotlines: RawHotlines,
    #[serde(default)]
    pub(super) telegram: RawTelegram,
    pub(super) calendar: Spanned<RawCalendarRef>,
    #[serde(default)]
    pub(super) digest: super::digest::RawDigest,
    #[serde(default)]
    pub(super) retention: super::retention::RawRetention,
    #[serde(default)]
    pub(super) evidence: super::evidence::RawEvidence,
    #[serde(default)]
    pub(super) web: super::web::RawWeb,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCounty {
    pub(super) code: Spanned<String>,
    pub(super) name_zh: Spanned<String>,
    pub(super) name_en: Spanned<String>,
    #[serde(default)]
    pub(super) townships: Vec<RawTownship>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTownship {
    pub(super) code: Spanned<String>,
    pub(super) name_zh: Spanned<String>,
    pub(super) name_en: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOffice {
    pub(super) id: Spanned<String>,
    pub(super) name_zh: Spanned<String>,
    pub(super) name_en: Spanned<String>,
    pub(super) kind: Spanned<String>,
    pub(super) regulator: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) jurisdiction: Vec<Spanned<String>>,
    pub(super) supervisor: Option<Spanned<String>>,
    pub(super) phone: Option<Spanned<String>>,
    /// A township office's townships (codes from `regions`): told of cases whose worker picked one.
    #[serde(default)]
    pub(super) townships: Vec<Spanned<String>>,
}

/// Amounts are written in yuan here because that is how the work plans state them.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCampaign {
    pub(super) key_case_amount_yuan: Option<Spanned<i64>>,
    pub(super) key_case_workers: Option<Spanned<i64>>,
    /// Replaced by `[campaign.emergency]`; read only to refuse it with a message saying so.
    pub(super) emergency_keywords: Option<Spanned<toml::Value>>,
    pub(super) emergency: Option<super::emergency::RawEmergency>,
    pub(super) retaliation_keywords: Option<Vec<Spanned<String>>>,
    pub(super) absconded_keywords: Option<Vec<Spanned<String>>>,
    pub(super) prewarn_fraction: Option<Spanned<f64>>,
    pub(super) followup_days: Option<Spanned<i64>>,
    /// Never used (the payment reminders are `wagedesk run` flags); read only to warn that it is not.
    pub(super) payment_confirm_hours: Option<Spanned<toml::Value>>,
    pub(super) emergency_alert_minutes: Option<Spanned<i64>>,
    pub(super) need_info_max_days: Option<Spanned<i64>>,
    pub(super) misrouted_pass_on_days: Option<Spanned<i64>>,
    pub(super) police_referral_amount_yuan: Option<Spanned<i64>>,
    pub(super) sector_co_handling_employers: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHotlines {
    pub(super) labour_inspection: Option<Spanned<String>>,
    pub(super) legal_aid: Option<Spanned<String>>,
    pub(super) government_service: Option<Spanned<String>>,
    pub(super) police: Option<Spanned<String>>,
    pub(super) arbitration: Option<Spanned<String>>,
    pub(super) arbitration_office: Option<Spanned<String>>,
    pub(super) wage_arrears: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTelegram {
    pub(super) bot_username: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) webhook_url: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) webhook_listen: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCalendarRef {
    /// Paths of the per-year calendar files, relative to the deployment file.
    #[serde(default)]
    pub(super) files: Vec<Spanned<String>>,
}
