//! A finished draft, checked once: every answer the filing needs, no longer optional.

use chrono::NaiveDate;

use super::FilingError;
use crate::domain::period::{PayPeriod, YearMonth};
use crate::domain::sector::Sector;
use crate::intake::draft::{ClaimKind, Draft, EmployerKind, EvidenceItem, Litigation, Sealed};

/// County code used in case numbers when the worker could not place the worksite.
pub const UNKNOWN_COUNTY: &str = "000000";

pub struct Claim<'a> {
    pub draft: &'a Draft,
    pub county: String,
    pub site: &'a str,
    pub sector: Sector,
    pub employer_kind: EmployerKind,
    pub employer: &'a str,
    pub employer_key: String,
    pub claim_kind: ClaimKind,
    pub litigation: Litigation,
    pub amount_fen: i64,
    pub period: &'a PayPeriod,
    pub workers: u32,
    pub name: &'a str,
    pub phone: &'a Sealed,
    pub description: &'a str,
    pub consent_at: &'a str,
    pub evidence: &'a [EvidenceItem],
}

impl<'a> Claim<'a> {
    pub fn from_draft(draft: &'a Draft) -> Result<Claim<'a>, FilingError> {
        if !draft.is_complete() {
            return Err(FilingError::Incomplete("answers"));
        }
        let (Some(site), Some(sector), Some(employer_kind), Some(employer), Some(claim_kind), Some(litigation)) = (
            draft.site.as_deref(),
            draft.sector,
            draft.employer_kind,
            draft.employer.as_deref(),
            draft.claim_kind,
            draft.litigation,
        ) else {
            return Err(FilingError::Incomplete("worksite or employer"));
        };
        let (
            Some(amount_fen),
            Some(period),
            Some(workers),
            Some(name),
            Some(phone),
            Some(description),
            Some(consent_at),
        ) = (
            draft.amount_fen,
            draft.period.as_ref(),
            draft.workers,
            draft.name.as_deref(),
            draft.phone.as_ref(),
            draft.description.as_deref(),
            draft.consent_at.as_deref(),
        )
        else {
            return Err(FilingError::Incomplete("claim"));
        };
        let county = draft.county_code.clone().unwrap_or_else(|| UNKNOWN_COUNTY.to_owned());
        Ok(Claim {
            draft,
            county,
            site,
            sector,
            employer_kind,
            employer,
            employer_key: employer_key(employer),
            claim_kind,
            litigation,
            amount_fen,
            period,
            workers,
            name,
            phone,
            description,
            consent_at,
            evidence: &draft.evidence,
        })
    }

    /// Flags stored with the complaint (codes, see docs/rules.md, "The case lifecycle").
    pub fn flags(&self, today: NaiveDate) -> Vec<&'static str> {
        let mut flags = Vec::new();
        if self.claim_kind != ClaimKind::Wages {
            flags.push("contract_dispute");
        }
        if self.litigation != Litigation::None {
            flags.push("in_litigation");
        }
        if self.draft.period_old_acknowledged || self.period.is_older_than_two_years(today) {
            flags.push("over_two_years");
        }
        if self.draft.urgent {
            flags.push("urgent");
        }
        flags
    }

    pub fn period_start(&self) -> String {
        year_month(self.period.start())
    }

    pub fn period_end(&self) -> String {
        year_month(self.period.end())
    }
}

/// The employer as compared for duplicates: letters and digits only, lower-case, full-width folded.
pub fn employer_key(employer: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    employer.nfkc().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether an employer key names nobody in particular ("不知道", "老板", "包工头"): workers who could not
/// name the employer are not one case because of it. A surname with 老板 ("王老板") still names one.
pub fn names_nobody(key: &str) -> bool {
    const NOBODY: &[&str] = &[
        "不知道",
        "不清楚",
        "不晓得",
        "不知",
        "不详",
        "未知",
        "不记得",
        "忘了",
        "没有",
        "无",
        "老板",
        "老板娘",
        "包工头",
        "工头",
        "班组长",
        "公司",
        "某公司",
        "某某",
        "某某公司",
        "劳务公司",
        "建筑公司",
        "施工单位",
        "项目部",
        "总包",
        "unknown",
        "boss",
        "none",
        "idontknow",
        "dontknow",
    ];
    key.chars().count() < 2 || NOBODY.contains(&key)
}

/// Whether an employer key is only a surname and a title ("王老板", "李工头", "张总"): in a county many
/// bosses are called that, so it names one employer only together with the worksite.
pub fn names_by_title(key: &str) -> bool {
    const TITLES: &[&str] = &["老板娘", "老板", "包工头", "工头", "老总", "总", "经理", "班长", "师傅", "老大"];
    TITLES.iter().any(|t| key.strip_suffix(t).is_some_and(|surname| (1..=2).contains(&surname.chars().count())))
}

/// Whether two worksites as the workers wrote them are the same place: equal once only letters and
/// digits are kept, or one naming the other ("金色家园二期" in "文三路金色家园二期工地"). `keyed` is the
/// other worksite already through [`employer_key`], as one filing compares many cases' worksites.
pub fn same_site(site: &str, keyed: &str) -> bool {
    let site = employer_key(site);
    let shorter = site.chars().count().min(keyed.chars().count());
    shorter >= 2 && (site.contains(keyed) || keyed.contains(&site))
}

/// `YYYY-MM`, the form stored and compared in the database.
fn year_month(ym: YearMonth) -> String {
    format!("{:04}-{:02}", ym.year(), ym.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_and_a_title_names_an_employer_only_with_its_worksite() {
        for weak in ["王老板", "李工头", "张总", "欧阳老板", "王老板娘", "刘包工头"] {
            assert!(names_by_title(&employer_key(weak)), "{weak}");
        }
        for strong in ["王老板（杭州某某劳务有限公司）", "杭州宏达劳务有限公司", "王建国", "老板", "王大老板在上"]
        {
            assert!(!names_by_title(&employer_key(strong)), "{strong}");
        }
        assert!(same_site("文三路金色家园二期工地", &employer_key("金色家园二期")));
        assert!(same_site("金色家园 二期", &employer_key("金色家园二期")));
        assert!(!same_site("城西小区", &employer_key("滨江工地")));
        assert!(!same_site("", &employer_key("滨江工地")), "an empty site names no place");
    }

    #[test]
    fn an_employer_named_by_a_placeholder_names_nobody() {
        for nobody in ["不知道", "不知道。", "老板", "包工头", "Unknown", "某 某", "王"] {
            assert!(names_nobody(&employer_key(nobody)), "{nobody}");
        }
        for somebody in ["王老板", "杭州某某建设有限公司", "某建设集团", "ABC Co."] {
            assert!(!names_nobody(&employer_key(somebody)), "{somebody}");
        }
    }

    #[test]
    fn employer_names_that_differ_only_in_spacing_punctuation_or_width_share_a_key() {
        assert_eq!(employer_key("杭州 某某建设（有限）公司"), employer_key("杭州某某建设有限公司"));
        assert_eq!(employer_key("ＡＢＣ Co."), employer_key("abc co"));
        assert_ne!(employer_key("王老板"), employer_key("李老板"));
    }
}
