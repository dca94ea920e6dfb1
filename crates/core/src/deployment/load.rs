//! Reading the deployment file: TOML with spans, then every semantic check, so that each
//! problem is reported with its file, line, column and field path, and all of them at once.

use std::path::{Path, PathBuf};

use toml::Spanned;

use super::issues::{Collector, ConfigErrors, ConfigIssue, ConfigProblem, table_path_at};
use super::raw::{RawCalendarRef, RawCounty, RawDeployment, RawOffice};
use super::{County, Deployment, Office, OfficeId, Township, WorkCalendar};

impl Deployment {
    /// Loads and checks a deployment file; calendar files are resolved next to it.
    pub fn load(path: &Path) -> Result<Deployment, ConfigErrors> {
        Self::load_with_warnings(path).map(|(d, _)| d)
    }

    /// Like `load`, also returning the warnings (`check-config` prints them).
    pub fn load_with_warnings(path: &Path) -> Result<(Deployment, Vec<ConfigIssue>), ConfigErrors> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let mut out = Collector::new(label.clone(), "");
            out.error(None, "", ConfigProblem::Unreadable(e.to_string()));
            ConfigErrors(out.issues)
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse(&text, &label, &base)
    }

    /// Parses deployment text; `base_dir` is where relative calendar paths start.
    pub fn from_str(text: &str, base_dir: &Path) -> Result<Deployment, ConfigErrors> {
        Self::parse(text, "wagedesk.toml", base_dir).map(|(d, _)| d)
    }

    /// Parses deployment text named `label` in messages, returning warnings too.
    pub fn parse(text: &str, label: &str, base_dir: &Path) -> Result<(Deployment, Vec<ConfigIssue>), ConfigErrors> {
        let mut out = Collector::new(label, text);
        let raw: RawDeployment = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span();
                let path = span.clone().map(|s| table_path_at(text, s.start)).unwrap_or_default();
                out.error(span, path, ConfigProblem::Syntax(e.message().trim().to_string()));
                return Err(ConfigErrors(out.issues));
            }
        };
        super::validate::check(&raw, &mut out);
        let campaign = super::settings::campaign(&raw.campaign, &mut out);
        let hotlines = super::settings::hotlines(&raw.hotlines, &mut out);
        let telegram = super::telegram::telegram(&raw.telegram, &mut out);
        let digest = super::digest::digest(&raw.digest, base_dir, &mut out);
        let retention = super::retention::retention(&raw.retention, campaign.followup_days, &mut out);
        let evidence = super::evidence::evidence(&raw.evidence, &mut out);
        let web = super::web::web(&raw.web, &mut out);
        let mut issues = out.issues;
        let calendar = load_calendar(&raw.calendar, base_dir, label, text, &mut issues);
        if issues.iter().any(ConfigIssue::is_error) {
            return Err(ConfigErrors(issues));
        }
        let deployment = Deployment {
            regions: raw.regions.iter().map(county).collect(),
            offices: raw.offices.iter().filter_map(office).collect(),
            default_intake_office: OfficeId(raw.default_intake_office.get_ref().clone()),
            campaign,
            hotlines,
            telegram,
            calendar,
            digest,
            retention,
            evidence,
            web,
        };
        Ok((deployment, issues))
    }
}

fn load_calendar(
    reference: &Spanned<RawCalendarRef>,
    base_dir: &Path,
    label: &str,
    text: &str,
    issues: &mut Vec<ConfigIssue>,
) -> WorkCalendar {
    let mut calendar = WorkCalendar::weekdays_only();
    let mut out = Collector::new(label, text);
    if reference.get_ref().files.is_empty() {
        out.warn(Some(reference.span()), "calendar.files", ConfigProblem::NoCalendar);
    }
    for (i, file) in reference.get_ref().files.iter().enumerate() {
        let path: PathBuf = base_dir.join(file.get_ref());
        match std::fs::read_to_string(&path) {
            Ok(year_text) => {
                let mut year_out = Collector::new(path.display().to_string(), &year_text);
                calendar.add_year_file(&year_text, &mut year_out);
                issues.extend(year_out.issues);
            }
            Err(e) => out.error(
                Some(file.span()),
                format!("calendar.files[{i}]"),
                ConfigProblem::Unreadable(format!("{}: {e}", path.display())),
            ),
        }
    }
    issues.extend(out.issues);
    calendar
}

fn text(s: &Spanned<String>) -> String {
    s.get_ref().trim().to_string()
}

fn county(raw: &RawCounty) -> County {
    County {
        code: text(&raw.code),
        name_zh: text(&raw.name_zh),
        name_en: text(&raw.name_en),
        townships: raw
            .townships
            .iter()
            .map(|t| Township { code: text(&t.code), name_zh: text(&t.name_zh), name_en: text(&t.name_en) })
            .collect(),
    }
}

fn office(raw: &RawOffice) -> Option<Office> {
    Some(Office {
        id: OfficeId::parse(raw.id.get_ref()).ok()?,
        name_zh: text(&raw.name_zh),
        name_en: text(&raw.name_en),
        kind: super::validate::office_kind(raw).ok()?,
        jurisdiction: raw.jurisdiction.iter().map(text).collect(),
        supervisor: raw.supervisor.as_ref().and_then(|s| OfficeId::parse(s.get_ref()).ok()),
        phone: raw.phone.as_ref().map(text).filter(|p| !p.is_empty()),
        townships: raw.townships.iter().map(text).collect(),
    })
}
