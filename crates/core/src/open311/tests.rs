use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::case::Status;
use crate::deployment::testing::sample;
use crate::i18n::Lang;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("a test time").with_timezone(&Utc)
}

/// 2026-12-01 09:30 in Hangzhou.
fn now() -> DateTime<Utc> {
    at("2026-12-01T01:30:00Z")
}

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn filter(pairs: &[(&str, &str)]) -> Filter {
    match parse_query(&params(pairs), now()) {
        Ok(Search::Filter(f)) => f,
        other => panic!("not a filter: {other:?}"),
    }
}

fn refused(pairs: &[(&str, &str)]) -> QueryError {
    parse_query(&params(pairs), now()).expect_err("refused")
}

#[test]
fn a_path_names_its_format_by_extension() {
    assert_eq!(split_format("requests.json"), Some(("requests", Format::Json)));
    assert_eq!(split_format("QX-330106-20261201-0001.json"), Some(("QX-330106-20261201-0001", Format::Json)));
    assert_eq!(split_format("services.xml"), Some(("services", Format::Xml)));
    assert_eq!(split_format("requests"), None);
    assert_eq!(split_format("requests.csv"), None);
    assert_eq!(split_format(".json"), None);
}

#[test]
fn the_services_are_the_kinds_of_money_a_worker_can_claim() {
    use crate::intake::draft::ClaimKind;
    for kind in ClaimKind::ALL {
        assert_eq!(Service::of(kind).claim_kind(), kind);
    }
    for lang in Lang::ALL {
        let all = services(lang);
        let codes: Vec<_> = all.iter().map(|s| s.service_code).collect();
        assert_eq!(codes, ["wage_arrears", "contract_payment", "wage_arrears_and_contract_payment"]);
        for s in &all {
            assert_eq!(Service::from_code(s.service_code).map(Service::code), Some(s.service_code));
            assert!(!s.metadata && s.kind == "realtime");
            for text in [&s.service_name, &s.description, &s.keywords, &s.group] {
                assert!(!text.is_empty() && !text.starts_with("open311-"), "{lang:?}: {text}");
            }
        }
    }
    assert_eq!(services(Lang::ZhHans)[1].service_name, "拖欠工程款");
    assert_eq!(Service::from_code("potholes"), None);
    let json = serde_json::to_value(services(Lang::En)).expect("json");
    assert_eq!(json[0]["type"], "realtime");
    assert_eq!(json[0]["metadata"], false);
}

#[test]
fn discovery_names_the_specification_and_the_endpoint_under_the_public_url() {
    let d = discovery("https://wd.example.gov.cn", "0571-00000001", Lang::ZhHans);
    assert_eq!(d.endpoints.len(), 1);
    let e = &d.endpoints[0];
    assert_eq!(e.specification, "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(e.url, "https://wd.example.gov.cn/open311/v2");
    assert_eq!((e.kind, e.formats.as_slice()), ("production", ["application/json"].as_slice()));
    assert!(d.contact.contains("0571-00000001"), "{}", d.contact);
    assert!(DateTime::parse_from_rfc3339(d.changeset).is_ok());
    let json = serde_json::to_value(&d).expect("json");
    assert_eq!(json["endpoints"][0]["type"], "production");
}

#[test]
fn a_case_is_closed_once_it_has_an_outcome_or_was_withdrawn() {
    let closed: Vec<_> = Status::ALL.into_iter().filter(|s| RequestStatus::of(*s) == RequestStatus::Closed).collect();
    assert_eq!(closed, [Status::Resolved, Status::Closed, Status::Withdrawn]);
    assert_eq!(RequestStatus::from_code("closed"), Some(RequestStatus::Closed));
    assert_eq!(RequestStatus::from_code("pending"), None);
}

#[test]
fn without_dates_the_window_is_the_last_90_days() {
    let f = filter(&[]);
    assert_eq!((f.from, f.to), (now() - Duration::days(90), now()));
    assert!(f.services.is_empty() && f.statuses.is_empty());
    assert!(f.claim_kinds().is_empty() && f.lifecycle_statuses().is_empty(), "no filter: any");
    // Unknown parameters (one jurisdiction, no keys) are ignored.
    assert_eq!(filter(&[("jurisdiction_id", "hangzhou"), ("api_key", "x")]), f);
}

#[test]
fn service_codes_and_statuses_are_lists_repeated_or_comma_separated() {
    let f = filter(&[("service_code", "contract_payment, wage_arrears"), ("service_code", "wage_arrears")]);
    assert_eq!(f.services, [Service::ContractPayment, Service::WageArrears]);
    assert_eq!(f.claim_kinds(), ["contract_payment", "wages"]);
    let f = filter(&[("status", "closed")]);
    assert_eq!(f.lifecycle_statuses(), ["resolved", "closed", "withdrawn"]);
    let f = filter(&[("status", "open")]);
    assert_eq!(f.lifecycle_statuses().len(), 6);
    assert!(!f.lifecycle_statuses().contains(&"resolved"));
    assert_eq!(filter(&[("status", "open,closed")]).lifecycle_statuses().len(), 9);
    assert_eq!(refused(&[("service_code", "wage_arrears,potholes")]), QueryError::UnknownService("potholes".into()));
    assert_eq!(refused(&[("status", "Open")]), QueryError::UnknownStatus("Open".into()));
}

#[test]
fn dates_are_w3c_with_or_without_seconds_and_a_day_alone_covers_the_whole_day() {
    let f = filter(&[("start_date", "2026-11-01T00:00:00+08:00"), ("end_date", "2026-11-30T12:00:00Z")]);
    assert_eq!((f.from, f.to), (at("2026-10-31T16:00:00Z"), at("2026-11-30T12:00:00Z")));
    // An unescaped `+` arrives as a space.
    let f = filter(&[("start_date", "2026-11-01T08:00 08:00"), ("end_date", "2026-11-02T10:15Z")]);
    assert_eq!((f.from, f.to), (at("2026-11-01T00:00:00Z"), at("2026-11-02T10:15:00Z")));
    let f = filter(&[("start_date", "2026-11-01"), ("end_date", "2026-11-01")]);
    assert_eq!(f.from, at("2026-10-31T16:00:00Z"), "the day's first moment in China Standard Time");
    assert_eq!(f.to, at("2026-11-01T15:59:59.999Z"), "and its last");
    // One end alone: the other is 90 days away.
    let f = filter(&[("start_date", "2026-06-01T00:00:00Z")]);
    assert_eq!(f.to, at("2026-08-30T00:00:00Z"));
    let f = filter(&[("end_date", "2026-06-01T00:00:00Z")]);
    assert_eq!(f.from, at("2026-03-03T00:00:00Z"));
    for bad in ["yesterday", "2026-13-01", "2026-11-01T09:30:00", "1732000000", "+262142-12-01", "-262143-01-15"] {
        assert_eq!(
            refused(&[("start_date", bad)]),
            QueryError::BadDate { field: "start_date", value: bad.into() },
            "{bad}"
        );
    }
    // Years chrono reads but no window can be counted from (the 90 days would overflow) are refused.
    assert_eq!(
        refused(&[("end_date", "-262143-01-15")]),
        QueryError::BadDate { field: "end_date", value: "-262143-01-15".into() }
    );
}

#[test]
fn a_window_runs_forward_and_spans_at_most_90_days() {
    let exactly = filter(&[("start_date", "2026-09-03"), ("end_date", "2026-12-01")]);
    assert!(exactly.to - exactly.from <= Duration::days(90));
    assert_eq!(refused(&[("start_date", "2026-09-01"), ("end_date", "2026-12-01")]), QueryError::SpanTooLong);
    assert_eq!(refused(&[("start_date", "2026-12-01"), ("end_date", "2026-11-30")]), QueryError::EndBeforeStart);
}

#[test]
fn service_request_ids_override_every_other_filter() {
    let asked = parse_query(
        &params(&[("service_request_id", "QX-1, QX-2,QX-1"), ("status", "bogus"), ("start_date", "bogus")]),
        now(),
    );
    assert_eq!(asked, Ok(Search::Ids(vec!["QX-1".into(), "QX-2".into()])));
    let many = (0..=MAX_RESULTS).map(|n| format!("QX-{n}")).collect::<Vec<_>>().join(",");
    assert_eq!(parse_query(&params(&[("service_request_id", &many)]), now()), Err(QueryError::TooManyIds));
}

#[test]
fn every_refusal_says_why_in_both_languages() {
    let all = [
        QueryError::UnknownService("x".into()),
        QueryError::UnknownStatus("x".into()),
        QueryError::BadDate { field: "end_date", value: "x".repeat(500) },
        QueryError::EndBeforeStart,
        QueryError::SpanTooLong,
        QueryError::TooManyIds,
    ];
    for e in all {
        for lang in Lang::ALL {
            let text = e.describe(lang);
            assert!(!text.starts_with("open311-") && text.len() < 300, "{e:?} {lang:?}: {text}");
        }
    }
    assert!(QueryError::SpanTooLong.describe(Lang::En).contains("90 days"));
}

fn row() -> CaseRow {
    CaseRow {
        case_number: "QX-330106-20261201-0001".into(),
        claim_kind: "wages".into(),
        status: "accepted".into(),
        outcome: None,
        owner_office: "hz-xihu-ldjc".into(),
        county_code: "330106".into(),
        township_code: Some("330106008".into()),
        submitted_at: "2026-12-01T01:30:00.000Z".into(),
        updated_at: "2026-12-02T02:00:00.000Z".into(),
        clock_due: Some("2027-02-26".into()),
    }
}

#[test]
fn a_case_is_published_with_its_office_times_deadline_and_township_only() {
    let d = sample();
    let r = service_request(&row(), &d, Lang::ZhHans).expect("publishable");
    assert_eq!(r.service_request_id, "QX-330106-20261201-0001");
    assert_eq!((r.status, r.status_notes.as_str()), (RequestStatus::Open, "accepted"));
    assert_eq!((r.service_code, r.service_name.as_str()), ("wage_arrears", "拖欠工资"));
    assert_eq!(r.agency_responsible, "西湖区劳动保障监察大队");
    assert_eq!(r.requested_datetime, "2026-12-01T09:30:00+08:00");
    assert_eq!(r.updated_datetime, "2026-12-02T10:00:00+08:00");
    assert_eq!(r.expected_datetime.as_deref(), Some("2027-02-26T23:59:59+08:00"));
    assert_eq!((r.address.as_deref(), r.address_id.as_deref()), (Some("西湖区转塘街道"), Some("330106008")));
    let en = service_request(&row(), &d, Lang::En).expect("publishable");
    assert_eq!(en.address.as_deref(), Some("Zhuantang Subdistrict, Xihu District"));
    assert_eq!(en.agency_responsible, "Xihu District Labour Inspection Brigade");

    let json = serde_json::to_value(&r).expect("json");
    let keys: Vec<_> = json.as_object().expect("an object").keys().cloned().collect();
    for never in ["description", "zipcode", "lat", "long", "media_url", "token", "account_id"] {
        assert!(!keys.iter().any(|k| k == never), "{never} in {keys:?}");
    }
}

#[test]
fn a_finished_case_is_closed_with_its_outcome_and_no_deadline() {
    let d = sample();
    let finished = CaseRow {
        status: "resolved".into(),
        outcome: Some("paid_in_full".into()),
        clock_due: Some("2027-02-26".into()),
        township_code: None,
        ..row()
    };
    let r = service_request(&finished, &d, Lang::ZhHans).expect("publishable");
    assert_eq!((r.status, r.status_notes.as_str()), (RequestStatus::Closed, "resolved: paid_in_full"));
    assert_eq!(r.expected_datetime, None);
    assert_eq!((r.address.as_deref(), r.address_id.as_deref()), (Some("西湖区"), Some("330106")));
    // A reopened case is open, whatever outcome it had; an unknown outcome text is never echoed.
    let reopened = CaseRow { status: "reopened".into(), outcome: Some("paid_in_full".into()), ..row() };
    assert_eq!(service_request(&reopened, &d, Lang::En).expect("ok").status_notes, "reopened");
    let odd = CaseRow { status: "closed".into(), outcome: Some("老板说下周给".into()), ..row() };
    assert_eq!(service_request(&odd, &d, Lang::En).expect("ok").status_notes, "closed");
}

#[test]
fn an_unplaced_worksite_has_no_address_and_an_unknown_office_is_named_by_its_id() {
    let d = sample();
    let unplaced = CaseRow {
        county_code: "000000".into(),
        township_code: None,
        owner_office: "gone-office".into(),
        claim_kind: "both".into(),
        clock_due: None,
        ..row()
    };
    let r = service_request(&unplaced, &d, Lang::ZhHans).expect("publishable");
    assert_eq!((&r.address, &r.address_id, &r.expected_datetime), (&None, &None, &None));
    assert_eq!(r.agency_responsible, "gone-office");
    assert_eq!(r.service_code, "wage_arrears_and_contract_payment");
    let json = serde_json::to_value(&r).expect("json");
    assert!(json.get("address").is_none() && json.get("expected_datetime").is_none(), "omitted, not null: {json}");
}

#[test]
fn a_row_with_a_code_this_version_does_not_know_is_not_published() {
    let d = sample();
    let kind = CaseRow { claim_kind: "bonus".into(), ..row() };
    assert!(matches!(service_request(&kind, &d, Lang::En), Err(RowError::ClaimKind(..))));
    let status = CaseRow { status: "archived".into(), ..row() };
    assert!(matches!(service_request(&status, &d, Lang::En), Err(RowError::Status(..))));
    let time = CaseRow { submitted_at: "yesterday".into(), ..row() };
    assert!(matches!(service_request(&time, &d, Lang::En), Err(RowError::Time(..))));
}

#[test]
fn an_error_body_is_an_array_of_code_and_description() {
    let body = serde_json::to_value(error_body(404, "no such request".into())).expect("json");
    assert_eq!(body, serde_json::json!([{ "code": 404, "description": "no such request" }]));
}
