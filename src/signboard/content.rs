//! What a board says: the project row (条例 Art. 34 fields), its offices and the deployment's
//! hotlines, resolved into the texts the layout places. Nothing here knows about positions.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;

use super::{BOARD_LANG, SignboardError, deep_link};
use crate::deployment::{Deployment, Office};
use crate::i18n::{Arg, tr, tr_args};
use crate::projects_csv::ProjectRecord;
use crate::storage::Db;
use crate::storage::projects as store;

/// The national public legal-service hotline, which Art. 34 names on every board.
const PUBLIC_LEGAL_SERVICE: &str = "12348";

/// Everything printed on one project's board.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub project_id: String,
    pub project_name: String,
    /// The active deep-link code and the day it was issued (local date).
    pub code: String,
    pub code_issued: NaiveDate,
    pub deep_link: String,
    /// With the web channel on: the landing page the QR code encodes instead (`<public_url>/s/<code>`),
    /// which offers the web form and the deep link.
    pub web_link: Option<String>,
    /// 建设单位, 总承包单位, 项目部, 分包单位, 行业主管部门, 劳资专管员: label and one or more values.
    pub parties: Vec<Entry>,
    pub minimum_wage: String,
    pub pay_day: String,
    /// The complaint and help lines, in the order Art. 34 lists them.
    pub phones: Vec<Phone>,
    /// Printed under the QR code for workers who cannot scan it.
    pub hotline: String,
}

impl Board {
    /// What the QR code encodes: the web landing page when the web channel is on, else the deep link.
    pub fn qr_link(&self) -> &str {
        self.web_link.as_deref().unwrap_or(&self.deep_link)
    }
}

/// A labelled field; each value starts on a new line (one per subcontractor).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub label: String,
    pub values: Vec<String>,
}

/// A phone line: who answers it and the number.
#[derive(Debug, Clone, PartialEq)]
pub struct Phone {
    pub label: String,
    pub office: String,
    pub number: String,
}

/// Reads the project and its active code and resolves the board's texts.
pub async fn load(db: &Db, deployment: &Deployment, project_id: &str, bot: &str) -> Result<Board, SignboardError> {
    let mut conn = db.acquire().await?;
    let project =
        store::get(&mut conn, project_id).await?.ok_or_else(|| SignboardError::UnknownProject(project_id.into()))?;
    let (code, issued_at) = store::active_code_issued(&mut conn, project_id)
        .await?
        .ok_or_else(|| SignboardError::NoActiveCode(project_id.into()))?;
    let issued = DateTime::parse_from_rfc3339(&issued_at)
        .map(|t| t.with_timezone(&Utc).with_timezone(&Shanghai).date_naive())
        .map_err(|e| SignboardError::Render(format!("issued_at {issued_at:?}: {e}")))?;
    Ok(board(&project, deployment, &code, issued, bot))
}

/// The board of a project, from plain data.
pub fn board(project: &ProjectRecord, d: &Deployment, code: &str, issued: NaiveDate, bot: &str) -> Board {
    let t = |id: &str| tr(BOARD_LANG, id);
    let regulator = sector_office(project, d);
    let subcontractors =
        if project.subcontractors.is_empty() { vec![t("signboard-none")] } else { project.subcontractors.clone() };
    let government_service = d.hotlines.government_service.clone();
    let regulator_name = match regulator {
        Some(office) => office.name_zh.clone(),
        None => tr_args(BOARD_LANG, "signboard-sector-regulator-none", &[("phone", Arg::from(&*government_service))]),
    };
    let manager = tr_args(
        BOARD_LANG,
        "signboard-labour-manager-value",
        &[("name", Arg::from(&*project.labour_manager_name)), ("phone", Arg::from(&*project.labour_manager_phone))],
    );
    let entry = |label: &str, values: Vec<String>| Entry { label: t(label), values };
    let parties = vec![
        entry("signboard-builder", vec![project.builder.clone()]),
        entry("signboard-general-contractor", vec![project.general_contractor.clone()]),
        entry("signboard-project-department", vec![project.project_department.clone()]),
        entry("signboard-subcontractors", subcontractors),
        entry("signboard-sector-regulator", vec![regulator_name]),
        entry("signboard-labour-manager", vec![manager]),
    ];
    Board {
        project_id: project.project_id.clone(),
        project_name: project.name.clone(),
        code: code.to_string(),
        code_issued: issued,
        deep_link: deep_link(bot, code),
        web_link: d.web.as_ref().map(|w| w.signboard_url(code)),
        parties,
        minimum_wage: tr_args(BOARD_LANG, "signboard-minimum-wage-value", &[("yuan", yuan(project.minimum_wage_fen))]),
        pay_day: tr_args(BOARD_LANG, "signboard-pay-day-value", &[("day", Arg::from(u32::from(project.pay_day)))]),
        phones: phones(project, d, regulator),
        hotline: d.hotlines.wage_arrears_or_default().to_string(),
    }
}

/// The project's own regulator, else the county's for the project's sector.
fn sector_office<'d>(project: &ProjectRecord, d: &'d Deployment) -> Option<&'d Office> {
    match &project.sector_office {
        Some(id) => d.office(id),
        None => project.sector.regulator().and_then(|r| d.sector_office_for_county(&project.county_code, r)),
    }
}

fn phones(project: &ProjectRecord, d: &Deployment, regulator: Option<&Office>) -> Vec<Phone> {
    let h = &d.hotlines;
    let t = |id: &str| tr(BOARD_LANG, id);
    let phone = |label: &str, office: String, number: String| Phone { label: t(label), office, number };
    // An office without a public number is reached through the government service hotline (12345).
    let sector = match regulator {
        Some(o) => (o.name_zh.clone(), o.phone.clone().unwrap_or_else(|| h.government_service.clone())),
        None => (t("signboard-government-service"), h.government_service.clone()),
    };
    let labour = d.office(&project.labour_office);
    let labour_name = labour.map(|o| o.name_zh.clone()).unwrap_or_default();
    let labour_number = match labour.and_then(|o| o.phone.clone()) {
        Some(p) if p != h.labour_inspection => format!("{p} / {}", h.labour_inspection),
        _ => h.labour_inspection.clone(),
    };
    let arbitration_office = h.arbitration_office.clone().unwrap_or_else(|| t("signboard-arbitration-generic"));
    let arbitration_number = h.arbitration.clone().unwrap_or_else(|| h.labour_inspection.clone());
    let mut lines = vec![
        phone("signboard-phone-sector", sector.0, sector.1),
        phone("signboard-phone-labour", labour_name, labour_number),
        phone("signboard-phone-arbitration", arbitration_office, arbitration_number),
    ];
    if h.legal_aid == PUBLIC_LEGAL_SERVICE {
        lines.push(phone("signboard-phone-legal-aid", t("signboard-public-legal-hotline"), h.legal_aid.clone()));
    } else {
        lines.push(phone("signboard-phone-legal-aid", String::new(), h.legal_aid.clone()));
        let public = t("signboard-public-legal-hotline");
        lines.push(phone("signboard-phone-public-legal", public, PUBLIC_LEGAL_SERVICE.into()));
    }
    lines
}

/// `249000` fen → `2490`; `249050` → `2490.50`.
fn yuan(fen: i64) -> Arg {
    let text = if fen % 100 == 0 { (fen / 100).to_string() } else { format!("{}.{:02}", fen / 100, fen % 100) };
    Arg::Text(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::testing::sample;
    use crate::projects_csv::parse_projects;

    fn sample_projects() -> Vec<ProjectRecord> {
        let csv = include_bytes!("../../deploy/projects.sample.csv");
        parse_projects(csv, &sample()).expect("the sample imports")
    }

    fn issued() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date")
    }

    #[test]
    fn a_board_carries_every_art_34_field_of_its_project() {
        let d = sample();
        let p = sample_projects().into_iter().find(|p| p.project_id == "xh-2026-001").expect("in the sample");
        let b = board(&p, &d, "CODE", issued(), "wagedesk_bot");
        let all: Vec<&str> = b.parties.iter().flat_map(|e| e.values.iter().map(String::as_str)).collect();
        for field in [&p.builder, &p.general_contractor, &p.project_department, "西湖区住房和城乡建设局"] {
            assert!(all.contains(&field), "{field} missing from {all:?}");
        }
        assert!(all.contains(&"杭州某劳务有限公司") && all.contains(&"浙江某幕墙工程有限公司"), "{all:?}");
        assert!(all.iter().any(|v| v.contains("张建国") && v.contains("13800000001")), "{all:?}");
        assert_eq!((b.minimum_wage.as_str(), b.pay_day.as_str()), ("2490 元/月", "每月 15 日"));
        assert_eq!(b.deep_link, "https://t.me/wagedesk_bot?start=CODE");
        let numbers: Vec<&str> = b.phones.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["0571-00000005", "0571-00000002 / 12333", "0571-00000011", "12348"]);
        assert_eq!(b.hotline, "0571-00000001");
    }

    #[test]
    fn a_project_without_a_regulator_points_to_the_government_service_hotline() {
        let d = sample();
        let p = sample_projects().into_iter().find(|p| p.project_id == "gs-2026-001").expect("in the sample");
        let b = board(&p, &d, "CODE", issued(), "wagedesk_bot");
        let regulator = &b.parties[4];
        assert_eq!(regulator.values, ["未登记（可拨打 12345 政务服务便民热线）"]);
        assert_eq!((b.phones[0].office.as_str(), b.phones[0].number.as_str()), ("政务服务便民热线", "12345"));
    }

    #[test]
    fn a_local_legal_aid_number_is_printed_besides_12348() {
        let mut d = sample();
        d.hotlines.legal_aid = "0571-87000000".into();
        d.hotlines.arbitration = None;
        d.hotlines.arbitration_office = None;
        let p = sample_projects().remove(0);
        let b = board(&p, &d, "CODE", issued(), "wagedesk_bot");
        let numbers: Vec<&str> = b.phones.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(&numbers[2..], ["12333", "0571-87000000", "12348"]);
        assert_eq!(b.phones[2].office, "工作所在地劳动人事争议仲裁院");
    }

    #[test]
    fn amounts_in_fen_print_as_yuan() {
        assert_eq!(yuan(249_000), Arg::Text("2490".into()));
        assert_eq!(yuan(249_050), Arg::Text("2490.50".into()));
    }
}
