//! Test helpers: the sample deployment shipped in `deploy/`, found relative to this source file
//! so that it works both in the main crate and in a crate that includes these modules by path.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::Deployment;

pub(crate) const SAMPLE: &str = include_str!("../../deploy/wagedesk.toml");

pub(crate) fn deploy_dir() -> PathBuf {
    let here = std::path::Path::new(file!());
    here.parent().map(|p| p.join("../../deploy")).unwrap_or_default()
}

pub(crate) fn sample() -> Deployment {
    match Deployment::from_str(SAMPLE, &deploy_dir()) {
        Ok(d) => d,
        Err(e) => panic!("the sample deployment does not load:\n{e}"),
    }
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

pub(crate) fn id(s: &str) -> super::OfficeId {
    super::OfficeId::parse(s).expect("a valid test office id")
}
