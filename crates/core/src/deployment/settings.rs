//! Campaign settings and hotlines: their defaults and the checks of their values in the file.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::issues::{Collector, ConfigProblem};
use super::raw::{RawCampaign, RawHotlines};
use super::validate::non_empty;
use crate::case::{EmergencyLexicon, ImmediateAlert};

/// Campaign settings from the local work plans (docs/rules.md, "Key cases, emergencies and other immediate alerts").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// A case owing at least this much is a key case (重点监控). Default 1,000,000 yuan.
    pub key_case_amount_fen: i64,
    /// A case with at least this many workers is a key case. Default 30.
    pub key_case_workers: u32,
    /// What in a worker's description announces an emergency, by class, with each class's
    /// acknowledgement minutes (`[campaign.emergency]`; defaults in `case::emergency_words`).
    pub emergency: EmergencyLexicon,
    /// Words that report retaliation against the complainant (监察条例 Art. 9: its own priority path).
    pub retaliation_keywords: Vec<String>,
    /// Words that say the employer has absconded (a police referral, 条例 Art. 41).
    pub absconded_keywords: Vec<String>,
    /// Share of a clock's working days after which the owner gets a pre-warning (0 < f < 1).
    pub prewarn_fraction: f64,
    /// Calendar days after a confirmed payment before the follow-up check (回头看).
    pub followup_days: u32,
    /// Minutes within which an alert no class decides must be acknowledged: the worker's "urgent"
    /// button, a key case (plans: 10).
    pub emergency_alert_minutes: u32,
    /// Calendar days the acceptance clock waits for material the office asked for (补正) before the
    /// office is told to decide with what it has and the clock runs again; the worker is reminded
    /// halfway. Default 15.
    pub need_info_max_days: u32,
    /// Working days within which an office that received a case outside its jurisdiction (by the
    /// worksite county) must pass it on before its supervisor is alerted. Default 2.
    pub misrouted_pass_on_days: u32,
    /// The province's threshold for refusing to pay wages (拒不支付劳动报酬罪, 刑法 Art. 276-1, "数额较大"):
    /// an order to pay for at least this much that expires unpaid is flagged for police referral, to
    /// the supervisor too. Default 30,000 yuan; provinces set their own within the judicial
    /// interpretation's range.
    pub police_referral_amount_fen: i64,
    /// Who owes the money (intake employer-kind codes: `team_leader`, `subcontractor`, …) that brings the
    /// sector regulator in on an engineering project even when the worker did not pick 工程款 (条例
    /// Art. 7: a 包工头 or subcontractor usually means subcontracting). Empty by default.
    pub sector_co_handling_employers: Vec<String>,
}

impl Campaign {
    /// Minutes within which `alert` must be acknowledged before it is repeated and escalated, or
    /// `None` for an alert that needs no acknowledgement (an absconded employer: it goes the
    /// supervisor's ordinary way). An emergency takes the smallest minutes of its classes; the
    /// "urgent" button counts as `emergency_alert_minutes` alongside them, as does an emergency
    /// stored without classes. A key case and retaliation take `emergency_alert_minutes`.
    pub fn ack_minutes(&self, alert: &ImmediateAlert) -> Option<u32> {
        match alert {
            ImmediateAlert::Emergency { classes, marked_urgent, .. } => {
                let general = (*marked_urgent || classes.is_empty()).then_some(self.emergency_alert_minutes);
                classes.iter().map(|c| self.emergency.class(*c).minutes).chain(general).min()
            }
            ImmediateAlert::KeyCase { .. } | ImmediateAlert::Retaliation => Some(self.emergency_alert_minutes),
            ImmediateAlert::AbscondedEmployer => None,
        }
    }
}

impl Campaign {
    pub const DEFAULT_RETALIATION_KEYWORDS: [&'static str; 7] =
        ["报复", "被开除", "开除我", "威胁我", "恐吓", "不让我干", "扣我工资"];
    pub const DEFAULT_ABSCONDED_KEYWORDS: [&'static str; 8] =
        ["跑路", "老板跑了", "人跑了", "卷款", "卷钱", "失联", "联系不上", "逃匿"];
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign {
            key_case_amount_fen: 1_000_000 * 100,
            key_case_workers: 30,
            emergency: EmergencyLexicon::default(),
            retaliation_keywords: owned(&Self::DEFAULT_RETALIATION_KEYWORDS),
            absconded_keywords: owned(&Self::DEFAULT_ABSCONDED_KEYWORDS),
            prewarn_fraction: 0.6,
            followup_days: 28,
            emergency_alert_minutes: 10,
            need_info_max_days: 15,
            misrouted_pass_on_days: 2,
            police_referral_amount_fen: 30_000 * 100,
            sector_co_handling_employers: Vec::new(),
        }
    }
}

/// Public hotlines shown to workers (the emergency path gives them at once; 条例 Art. 34).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hotlines {
    /// 劳动保障监察 / 人社服务热线, nationally 12333.
    pub labour_inspection: String,
    /// 公共法律服务 / 法律援助, nationally 12348.
    pub legal_aid: String,
    /// 政务服务便民热线, nationally 12345.
    pub government_service: String,
    /// 报警, 110.
    pub police: String,
    /// The local labour-dispute arbitration committee, if the operator knows its number.
    pub arbitration: Option<String>,
    /// The arbitration committee's name, printed on signboards (else a generic description).
    pub arbitration_office: Option<String>,
    /// The wage-arrears hotline printed on signboards for workers who cannot use the QR code;
    /// `labour_inspection` when not set.
    pub wage_arrears: Option<String>,
}

impl Hotlines {
    /// The number a signboard gives for filing by phone instead of through the bot.
    pub fn wage_arrears_or_default(&self) -> &str {
        self.wage_arrears.as_deref().unwrap_or(&self.labour_inspection)
    }
}

impl Default for Hotlines {
    fn default() -> Self {
        Hotlines {
            labour_inspection: "12333".into(),
            legal_aid: "12348".into(),
            government_service: "12345".into(),
            police: "110".into(),
            arbitration: None,
            arbitration_office: None,
            wage_arrears: None,
        }
    }
}

fn positive(value: &Option<Spanned<i64>>, path: &str, default: i64, out: &mut Collector<'_>) -> i64 {
    match value {
        Some(v) if *v.get_ref() <= 0 => {
            out.error(Some(v.span()), format!("campaign.{path}"), ConfigProblem::NotPositive(v.get_ref().to_string()));
            default
        }
        Some(v) => *v.get_ref(),
        None => default,
    }
}

fn positive_u32(value: &Option<Spanned<i64>>, path: &str, default: u32, out: &mut Collector<'_>) -> u32 {
    let v = positive(value, path, i64::from(default), out);
    u32::try_from(v).unwrap_or(u32::MAX)
}

pub(super) fn campaign(raw: &RawCampaign, out: &mut Collector<'_>) -> Campaign {
    let d = Campaign::default();
    let yuan = positive(&raw.key_case_amount_yuan, "key_case_amount_yuan", d.key_case_amount_fen / 100, out);
    let police_yuan = positive(
        &raw.police_referral_amount_yuan,
        "police_referral_amount_yuan",
        d.police_referral_amount_fen / 100,
        out,
    );
    let prewarn_fraction = match &raw.prewarn_fraction {
        Some(f) if !(*f.get_ref() > 0.0 && *f.get_ref() < 1.0) => {
            out.error(Some(f.span()), "campaign.prewarn_fraction", ConfigProblem::FractionOutOfRange(*f.get_ref()));
            d.prewarn_fraction
        }
        Some(f) => *f.get_ref(),
        None => d.prewarn_fraction,
    };
    if let Some(old) = &raw.emergency_keywords {
        out.error(Some(old.span()), "campaign.emergency_keywords", ConfigProblem::EmergencyKeywordsReplaced);
    }
    // Once meant as the payment reminder's delay; the reminders took `wagedesk run` flags instead.
    if let Some(unused) = &raw.payment_confirm_hours {
        out.warn(Some(unused.span()), "campaign.payment_confirm_hours", ConfigProblem::PaymentConfirmHoursUnused);
    }
    let emergency = super::emergency::lexicon(raw.emergency.as_ref(), out);
    let retaliation_keywords = keywords(&raw.retaliation_keywords, "retaliation_keywords", d.retaliation_keywords, out);
    let absconded_keywords = keywords(&raw.absconded_keywords, "absconded_keywords", d.absconded_keywords, out);
    Campaign {
        key_case_amount_fen: yuan.saturating_mul(100),
        police_referral_amount_fen: police_yuan.saturating_mul(100),
        key_case_workers: positive_u32(&raw.key_case_workers, "key_case_workers", d.key_case_workers, out),
        emergency,
        retaliation_keywords,
        absconded_keywords,
        prewarn_fraction,
        followup_days: positive_u32(&raw.followup_days, "followup_days", d.followup_days, out),
        emergency_alert_minutes: positive_u32(
            &raw.emergency_alert_minutes,
            "emergency_alert_minutes",
            d.emergency_alert_minutes,
            out,
        ),
        need_info_max_days: positive_u32(&raw.need_info_max_days, "need_info_max_days", d.need_info_max_days, out),
        misrouted_pass_on_days: positive_u32(
            &raw.misrouted_pass_on_days,
            "misrouted_pass_on_days",
            d.misrouted_pass_on_days,
            out,
        ),
        sector_co_handling_employers: employer_kinds(&raw.sector_co_handling_employers, out),
    }
}

/// The intake's employer-kind codes (`intake::draft::EmployerKind`), as the file may name them.
const EMPLOYER_KINDS: [&str; 4] = ["company", "subcontractor", "team_leader", "individual"];

fn employer_kinds(raw: &Option<Vec<Spanned<String>>>, out: &mut Collector<'_>) -> Vec<String> {
    let mut kinds = Vec::new();
    for (i, kind) in raw.iter().flatten().enumerate() {
        if EMPLOYER_KINDS.contains(&kind.get_ref().as_str()) {
            kinds.push(kind.get_ref().clone());
        } else {
            let path = format!("campaign.sector_co_handling_employers[{i}]");
            out.error(Some(kind.span()), path, ConfigProblem::UnknownEmployerKind(kind.get_ref().clone()));
        }
    }
    kinds
}

/// A keyword list from the file (every entry non-empty), or the default when the file has none.
fn keywords(
    raw: &Option<Vec<Spanned<String>>>,
    name: &str,
    default: Vec<String>,
    out: &mut Collector<'_>,
) -> Vec<String> {
    match raw {
        Some(words) => {
            for (i, w) in words.iter().enumerate() {
                non_empty(w, format!("campaign.{name}[{i}]"), out);
            }
            words.iter().map(|w| w.get_ref().trim().to_string()).filter(|w| !w.is_empty()).collect()
        }
        None => default,
    }
}

/// The hotlines from the file, each checked to look like a phone number; defaults where unset.
pub(super) fn hotlines(raw: &RawHotlines, out: &mut Collector<'_>) -> Hotlines {
    let d = Hotlines::default();
    let mut phone = |value: &Option<Spanned<String>>, name: &str| -> Option<String> {
        let v = value.as_ref()?;
        let text = v.get_ref().trim();
        if !is_phone_number(text) {
            out.error(Some(v.span()), format!("hotlines.{name}"), ConfigProblem::NotAPhoneNumber(text.into()));
        }
        Some(text.to_string())
    };
    let labour_inspection = phone(&raw.labour_inspection, "labour_inspection").unwrap_or(d.labour_inspection);
    let legal_aid = phone(&raw.legal_aid, "legal_aid").unwrap_or(d.legal_aid);
    let government_service = phone(&raw.government_service, "government_service").unwrap_or(d.government_service);
    let police = phone(&raw.police, "police").unwrap_or(d.police);
    let arbitration = phone(&raw.arbitration, "arbitration");
    let wage_arrears = phone(&raw.wage_arrears, "wage_arrears");
    if let Some(name) = &raw.arbitration_office {
        non_empty(name, "hotlines.arbitration_office".into(), out);
    }
    let arbitration_office = raw.arbitration_office.as_ref().map(|n| n.get_ref().trim().to_string());
    Hotlines {
        labour_inspection,
        legal_aid,
        government_service,
        police,
        arbitration,
        arbitration_office: arbitration_office.filter(|n| !n.is_empty()),
        wage_arrears,
    }
}

/// Digits with the separators people write in phone numbers (`0571-8888 0000`, `+86 571 ...`),
/// at least three digits: what a worker can dial from a printed board.
pub(crate) fn is_phone_number(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let allowed = text.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')' | '/'));
    digits >= 3 && allowed
}
