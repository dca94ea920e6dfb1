//! Test helpers: the sample deployment shipped in the repository's `deploy/`, for this crate's tests and
//! (behind the `testing` feature) the other crates'.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::Deployment;

pub const SAMPLE: &str = include_str!("../../../../deploy/wagedesk.toml");

pub fn deploy_dir() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy")
}

pub fn sample() -> Deployment {
    match Deployment::from_str(SAMPLE, &deploy_dir()) {
        Ok(d) => d,
        Err(e) => panic!("the sample deployment does not load:\n{e}"),
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

pub fn id(s: &str) -> super::OfficeId {
    super::OfficeId::parse(s).expect("a valid test office id")
}
