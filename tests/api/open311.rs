//! The Open311 GeoReport v2 read API (issue 18 item 4), over HTTP from the running bot's web channel:
//! two complaints filed through Telegram, one resolved by the office, then every resource checked
//! against GeoReport v2's field lists (names, required fields, types, W3C times), the filters, the
//! error bodies, and a scan of every answer for what the workers and the office typed.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration};
use serde_json::Value;
use wagedesk::intake::draft::ClaimKind;
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::staff::{XIHU, link_office, press, staff_says};
use crate::web::{PUBLIC, start_web_with};

/// GeoReport v2, GET Service Requests: every field a service request may have.
const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];
/// Fields a caseload reader cannot do without; we always send them.
const REQUEST_REQUIRED: [&str; 8] = [
    "service_request_id",
    "status",
    "service_name",
    "service_code",
    "agency_responsible",
    "requested_datetime",
    "updated_datetime",
    "status_notes",
];
/// GeoReport v2, GET Service List: every field, all required.
const SERVICE_FIELDS: [&str; 7] =
    ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];
const DISCOVERY_FIELDS: [&str; 4] = ["changeset", "contact", "key_service", "endpoints"];
const ENDPOINT_FIELDS: [&str; 5] = ["specification", "url", "changeset", "type", "formats"];

/// 张秀英's own words about her complaint.
const ZHANG_WORDS: &str = "去年承包了外墙涂料的活，工程款八万块到现在一分没结。";

/// One API answer: status, content type and body.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

struct Api {
    client: reqwest::Client,
    base: String,
    /// Every body read, for the scan.
    seen: Vec<String>,
}

impl Api {
    async fn get(&mut self, path: &str, lang: &str) -> Answer {
        let r = self.client.get(format!("{}{path}", self.base)).header("accept-language", lang).send().await.unwrap();
        let status = r.status().as_u16();
        let content_type = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let body = r.text().await.unwrap();
        self.seen.push(body.clone());
        Answer { status, content_type, body }
    }

    /// A successful JSON answer.
    async fn ok(&mut self, path: &str) -> Value {
        let a = self.get(path, "zh-CN").await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        assert_eq!(a.content_type, "application/json; charset=utf-8", "{path}");
        a.json()
    }

    /// The service request ids of a `requests.json` query, each element checked.
    async fn ids(&mut self, query: &str) -> Vec<String> {
        let list = self.ok(&format!("/open311/v2/requests.json{query}")).await;
        let list = list.as_array().unwrap_or_else(|| panic!("{query}: not an array: {list}"));
        list.iter().map(|r| check_request(r)["service_request_id"].as_str().unwrap().to_owned()).collect()
    }

    /// A GeoReport error body with `code`.
    async fn error(&mut self, path: &str, code: u16) -> String {
        let a = self.get(path, "zh-CN").await;
        assert_eq!(a.status, code, "{path}: {}", a.body);
        assert_eq!(a.content_type, "application/json; charset=utf-8", "{path}");
        let body = a.json();
        let errors = body.as_array().unwrap_or_else(|| panic!("{path}: errors come as an array: {body}"));
        assert_eq!(errors.len(), 1, "{body}");
        keys_within(&errors[0], &["code", "description"], &["code", "description"]);
        assert_eq!(errors[0]["code"], code, "{body}");
        errors[0]["description"].as_str().unwrap().to_owned()
    }
}

/// `value` is an object whose keys are among `allowed` and include `required`.
fn keys_within(value: &Value, allowed: &[&str], required: &[&str]) {
    let object = value.as_object().unwrap_or_else(|| panic!("not an object: {value}"));
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let unknown: Vec<_> = keys.iter().filter(|k| !allowed.contains(k)).collect();
    assert!(unknown.is_empty(), "fields outside the specification {unknown:?} in {value}");
    let missing: Vec<_> = required.iter().filter(|k| !keys.contains(*k)).collect();
    assert!(missing.is_empty(), "required fields {missing:?} missing from {value}");
}

/// A W3C / RFC 3339 time.
fn time(value: &Value) -> DateTime<chrono::FixedOffset> {
    let text = value.as_str().unwrap_or_else(|| panic!("a time is a string: {value}"));
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text} is not RFC 3339: {e}"))
}

/// One service request against GeoReport's field list and types.
fn check_request(r: &Value) -> &Value {
    keys_within(r, &REQUEST_FIELDS, &REQUEST_REQUIRED);
    for (key, value) in r.as_object().unwrap() {
        match key.as_str() {
            "lat" | "long" => assert!(value.is_number(), "{key}: {r}"),
            _ => assert!(value.as_str().is_some_and(|s| !s.is_empty()), "{key} is a non-empty string: {r}"),
        }
    }
    assert!(["open", "closed"].contains(&r["status"].as_str().unwrap()), "{r}");
    let requested = time(&r["requested_datetime"]);
    assert!(time(&r["updated_datetime"]) >= requested, "{r}");
    if let Some(expected) = r.get("expected_datetime") {
        assert!(time(expected) > requested, "{r}");
    }
    for never in ["description", "zipcode", "lat", "long", "media_url"] {
        assert!(r.get(never).is_none(), "{never} is personal or the worksite itself: {r}");
    }
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_caseload_reads_as_georeport_v2_with_its_filters_and_no_personal_data() {
    let (h, base) = start_web_with("open311 = true\n").await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;

    // 李建国 files for his wages on 1 December; the office accepts it and finds it unfounded.
    let mut li = h.worker("李建国");
    file_complaint_zh(&h, &mut li).await.unwrap();
    press(&h, &xihu, "✅ 受理").await;
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "经核实不成立").await;
    let reason = "老板出示了按月发放工资的银行流水";
    staff_says(&h, FIRST_CASE, &xihu, reason).await;
    assert_eq!(status(&h).await, "resolved");

    // Two days later 张秀英 files for a contract payment (工程款) in another township.
    h.ctx.clock.advance(Duration::days(2));
    let mut zhang = h.worker("张秀英");
    let zhang_intake = Intake::li()
        .county("西湖区", Some("留下街道".to_owned()))
        .address("留下街道荆山岭外墙改造工地")
        .employer("杭州某某幕墙工程有限公司")
        .amount("8万")
        .name("张秀英")
        .phone("13912345678")
        .skip_id()
        .description(ZHANG_WORDS);
    let mut steps = zhang_intake.steps();
    let wages = Act::button(ClaimKind::Wages.message_id());
    let at = steps.iter().position(|a| *a == wages).unwrap();
    steps[at] = Act::button(ClaimKind::ContractPayment.message_id());
    walk(&h, &mut zhang, &steps).await.unwrap();
    let numbers: Vec<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT case_number FROM complaints ORDER BY id").fetch_all(c).await)
            .unwrap();
    assert_eq!(numbers.len(), 2, "two cases: {numbers:?}");
    let (first, second) = (numbers[0].as_str(), numbers[1].as_str());
    assert_eq!(first, FIRST_CASE);

    let mut api = Api { client: reqwest::Client::new(), base, seen: Vec::new() };

    // Discovery.
    let d = api.ok("/open311/v2/discovery.json").await;
    keys_within(&d, &DISCOVERY_FIELDS, &DISCOVERY_FIELDS);
    time(&d["changeset"]);
    let endpoints = d["endpoints"].as_array().unwrap();
    assert_eq!(endpoints.len(), 1);
    keys_within(&endpoints[0], &ENDPOINT_FIELDS, &ENDPOINT_FIELDS);
    assert_eq!(endpoints[0]["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(endpoints[0]["url"], format!("{PUBLIC}/open311/v2"));
    assert_eq!(endpoints[0]["formats"], serde_json::json!(["application/json"]));
    assert_eq!(endpoints[0]["type"], "production");
    assert!(d["contact"].as_str().unwrap().contains("0571-00000001"), "the wage-arrears hotline: {d}");

    // Services: the kinds of money a worker can claim, in the worker's language or the caller's.
    let services = api.ok("/open311/v2/services.json").await;
    let services = services.as_array().unwrap();
    for s in services {
        keys_within(s, &SERVICE_FIELDS, &SERVICE_FIELDS);
        assert_eq!((&s["metadata"], &s["type"]), (&Value::Bool(false), &Value::from("realtime")), "{s}");
        for key in ["service_code", "service_name", "description", "keywords", "group"] {
            assert!(s[key].as_str().is_some_and(|t| !t.is_empty()), "{key}: {s}");
        }
    }
    let codes: Vec<_> = services.iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["wage_arrears", "contract_payment", "wage_arrears_and_contract_payment"]);
    assert_eq!(services[1]["service_name"], "拖欠工程款");
    let english = api.get("/open311/v2/services.json", "en-US,en;q=0.9").await.json();
    assert_eq!(english[0]["service_name"], "Unpaid wages");

    // The caseload of the last 90 days, newest first.
    assert_eq!(api.ids("").await, [second, first]);
    let all = api.ok("/open311/v2/requests.json").await;
    println!("requests.json:\n{}", serde_json::to_string_pretty(&all).unwrap());
    let (theirs, his) = (&all[0], &all[1]);
    assert_eq!((&his["status"], &his["status_notes"]), (&Value::from("closed"), &Value::from("resolved: unfounded")));
    assert_eq!((&his["service_code"], &his["service_name"]), (&Value::from("wage_arrears"), &Value::from("拖欠工资")));
    assert_eq!(his["agency_responsible"], "西湖区劳动保障监察大队");
    assert_eq!((&his["address"], &his["address_id"]), (&Value::from("西湖区转塘街道"), &Value::from("330106008")));
    assert!(his.get("expected_datetime").is_none(), "no clock runs on a resolved case: {his}");
    assert!(his["requested_datetime"].as_str().unwrap().starts_with("2026-12-01T09:"), "{his}");
    assert!(his["service_notice"].as_str().unwrap().contains("5 个工作日"), "{his}");
    assert_eq!((&theirs["status"], &theirs["status_notes"]), (&Value::from("open"), &Value::from("submitted")));
    assert_eq!(theirs["service_code"], "contract_payment");
    assert_eq!(
        (&theirs["address"], &theirs["address_id"]),
        (&Value::from("西湖区留下街道"), &Value::from("330106009"))
    );
    assert!(theirs["requested_datetime"].as_str().unwrap().starts_with("2026-12-03T"), "{theirs}");
    let due: String = on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT k.clock_due FROM cases k JOIN complaints c ON c.id = k.complaint_id WHERE c.case_number = $1",
    )
    .bind(second)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(theirs["expected_datetime"], format!("{due}T23:59:59+08:00"), "the acceptance clock's last day");
    let english = api.get("/open311/v2/requests.json", "en").await.json();
    assert_eq!(english[1]["address"], "Zhuantang Subdistrict, Xihu District");
    assert_eq!(english[1]["agency_responsible"], "Xihu District Labour Inspection Brigade");

    // Filters: status, service, dates (a day alone is the whole day in China Standard Time), ids.
    assert_eq!(api.ids("?status=closed").await, [first]);
    assert_eq!(api.ids("?status=open").await, [second]);
    assert_eq!(api.ids("?status=open,closed").await.len(), 2);
    assert_eq!(api.ids("?service_code=contract_payment").await, [second]);
    assert_eq!(api.ids("?service_code=wage_arrears&status=open").await, Vec::<String>::new());
    assert_eq!(api.ids("?service_code=wage_arrears_and_contract_payment").await, Vec::<String>::new());
    assert_eq!(api.ids("?end_date=2026-12-01").await, [first]);
    assert_eq!(api.ids("?start_date=2026-12-02").await, [second]);
    assert_eq!(api.ids("?start_date=2026-12-01&end_date=2026-12-01").await, [first]);
    assert_eq!(api.ids("?start_date=2026-12-03T00:00:00%2B08:00&end_date=2026-12-03T23:59Z").await, [second]);
    assert_eq!(api.ids("?start_date=2026-08-01&end_date=2026-10-01").await, Vec::<String>::new());
    assert_eq!(api.ids(&format!("?service_request_id={first},{second}")).await.len(), 2);
    assert_eq!(api.ids(&format!("?service_request_id={first}&status=open")).await, [first], "ids override");
    h.ctx.clock.advance(Duration::days(89));
    assert_eq!(api.ids("").await, [second], "the default window is the last 90 days");
    h.ctx.clock.advance(Duration::days(-89));

    // One request by its number: an array of one, like the list's element.
    let one = api.ok(&format!("/open311/v2/requests/{second}.json")).await;
    assert_eq!(one, serde_json::json!([theirs]));

    // Refusals: GeoReport error arrays, with the reason.
    let unknown = api.error("/open311/v2/requests/QX-330106-20261201-9999.json", 404).await;
    assert!(unknown.contains("没有这个编号"), "{unknown}");
    api.error("/open311/v2/requests.json?status=pending", 400).await;
    api.error("/open311/v2/requests.json?service_code=potholes", 400).await;
    api.error("/open311/v2/requests.json?start_date=yesterday", 400).await;
    let span = api.error("/open311/v2/requests.json?start_date=2026-06-01&end_date=2026-12-01", 400).await;
    assert!(span.contains("90"), "{span}");
    api.error("/open311/v2/requests.json?start_date=2026-12-02&end_date=2026-12-01", 400).await;
    let xml = api.error("/open311/v2/requests.xml", 400).await;
    assert!(xml.contains("JSON"), "{xml}");
    api.error(&format!("/open311/v2/requests/{first}.xml"), 400).await;
    api.error("/open311/v2/services/wage_arrears.json", 404).await;
    api.error("/open311/v2/nothing.json", 404).await;
    api.error("/open311/v1/discovery.json", 404).await;

    // Nothing anyone typed, no number and no chat is in any answer.
    // What a worker or the office typed, and the chats.
    let li_intake = Intake::li();
    let mut secrets: Vec<String> = vec![
        "李建国".into(),
        "张秀英".into(),
        PHONE.into(),
        PHONE_MASKED.into(),
        "13912345678".into(),
        "139****5678".into(),
        ID_NUMBER.into(),
        ID_MASKED.into(),
        li_intake.description.clone(),
        "老板一直拖着不给钱".into(),
        ZHANG_WORDS.into(),
        "外墙涂料".into(),
        li_intake.employer.clone(),
        "王老板".into(),
        "杭州某某幕墙工程有限公司".into(),
        "文三路金色家园".into(),
        "荆山岭".into(),
        reason.into(),
        "办事员小王".into(),
        "45000".into(),
        "45,000".into(),
        "80000".into(),
        "80,000".into(),
    ];
    for chat in [li.chat_id(), zhang.chat_id(), xihu.group.id] {
        secrets.push(chat.to_string());
    }
    let bodies = api.seen.join("\n");
    assert!(api.seen.len() > 30 && bodies.contains(second), "the scan reads every answer");
    for secret in &secrets {
        assert!(!bodies.contains(secret.as_str()), "{secret:?} is in an Open311 answer");
    }
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_open311_in_the_deployment_its_paths_are_unknown_pages() {
    let (h, base) = start_web_with("").await;
    let client = reqwest::Client::new();
    for path in ["/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/requests.json"] {
        let r = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404, "{path}");
        let content_type = r.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
        assert!(content_type.starts_with("text/html"), "the web channel's own not-found page: {content_type}");
    }
    finish(h).await;
}
