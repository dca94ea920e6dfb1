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

/// The sample with a second city under the province (宁波市清欠办 above a Ningbo brigade), and, with
/// `top_level`, that city and Hangzhou's both at the top of their chains (no province above).
pub fn two_cities(top_level: bool) -> Deployment {
    let mut d = sample();
    let office = |from: &str, to: &str, supervisor: Option<&str>| {
        let mut o = d.office(&id(from)).expect("a sample office").clone();
        o.id = id(to);
        o.supervisor = supervisor.map(id);
        o
    };
    let province = (!top_level).then_some("zj-qqb");
    let (nb_qqb, nb_ldjc) =
        (office("hz-qqb", "nb-qqb", province), office("hz-binjiang-ldjc", "nb-ldjc", Some("nb-qqb")));
    d.offices.extend([nb_qqb, nb_ldjc]);
    if top_level {
        d.offices.retain(|o| o.id.as_str() != "zj-qqb");
        for o in &mut d.offices {
            if o.supervisor.as_ref().is_some_and(|s| s.as_str() == "zj-qqb") {
                o.supervisor = None;
            }
        }
    }
    d
}
