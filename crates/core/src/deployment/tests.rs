use super::issues::Collector;
use super::testing::{SAMPLE, date, deploy_dir, id, sample};
use super::*;
use crate::domain::sector::Regulator;

fn load(text: &str) -> Result<(Deployment, Vec<ConfigIssue>), ConfigErrors> {
    Deployment::parse(text, "wagedesk.toml", &deploy_dir())
}

fn errors(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.0.iter().filter(|i| i.is_error()).map(ToString::to_string).collect(),
    }
}

const MINIMAL: &str = r#"
default_intake_office = "xh-ldjc"
[calendar]
files = ["calendar/2026.toml"]
[[regions]]
code = "330106"
name_zh = "西湖区"
name_en = "Xihu"
[[offices]]
id = "qqb"
name_zh = "清欠办"
name_en = "Supervisor"
kind = "supervisor"
[[offices]]
id = "xh-ldjc"
name_zh = "西湖区劳动保障监察大队"
name_en = "Xihu labour inspection"
kind = "labour_inspection"
jurisdiction = ["330106"]
supervisor = "qqb"
"#;

#[test]
fn the_sample_deployment_loads_with_only_the_example_year_warning() {
    let (d, warnings) = load(SAMPLE).expect("sample loads");
    assert_eq!(d.regions.len(), 3);
    assert_eq!(d.default_intake_office, id("hz-xihu-ldjc"));
    assert!(d.calendar.covers(2026) && d.calendar.covers(2027));
    let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("2027") && texts[0].contains("EXAMPLE"), "{texts:?}");
}

#[test]
fn lookups_find_offices_by_county_and_regulator() {
    let d = sample();
    assert_eq!(d.labour_office_for_county("330108").map(|o| o.id.as_str()), Some("hz-binjiang-ldjc"));
    assert_eq!(d.sector_office_for_county("330106", Regulator::Water).map(|o| o.id.as_str()), Some("hz-xihu-slj"));
    assert!(d.sector_office_for_county("330105", Regulator::Transport).is_none());
    assert_eq!(d.supervisor_of(&id("hz-xihu-ldjc")).map(|o| o.id.as_str()), Some("hz-qqb"));
    assert_eq!(d.county("330105").map(|c| c.name_en.as_str()), Some("Gongshu District"));
    assert_eq!(
        d.township("330108002").map(|(c, t)| (c.code.as_str(), t.name_zh.as_str())),
        Some(("330108", "长河街道"))
    );
    assert_eq!(d.campaign.key_case_amount_fen, 100_000_000);
    assert_eq!(d.campaign.police_referral_amount_fen, 3_000_000, "the sample's 30,000 yuan");
}

#[test]
fn a_minimal_file_gets_the_campaign_and_hotline_defaults() {
    let (d, warnings) = load(MINIMAL).expect("minimal loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(d.campaign, Campaign::default());
    assert_eq!(d.hotlines.legal_aid, "12348");
}

#[test]
fn the_material_wait_and_the_pass_on_period_come_from_the_file_and_must_be_positive() {
    let d = sample();
    assert_eq!((d.campaign.need_info_max_days, d.campaign.misrouted_pass_on_days), (15, 2));
    let (d, _) =
        load(&format!("{MINIMAL}\n[campaign]\nneed_info_max_days = 10\nmisrouted_pass_on_days = 3\n")).expect("loads");
    assert_eq!((d.campaign.need_info_max_days, d.campaign.misrouted_pass_on_days), (10, 3));
    let errs =
        errors(&format!("{MINIMAL}\n[campaign]\nneed_info_max_days = 0\nmisrouted_pass_on_days = -1\n")).join("\n");
    assert!(errs.contains("campaign.need_info_max_days: must be greater than 0 (got 0)"), "{errs}");
    assert!(errs.contains("campaign.misrouted_pass_on_days: must be greater than 0 (got -1)"), "{errs}");
}

#[test]
fn the_sample_names_its_bot_and_the_signboard_hotlines() {
    let d = sample();
    assert_eq!(d.telegram.bot_username.as_deref(), Some("wagedesk_bot"));
    assert_eq!(d.hotlines.wage_arrears_or_default(), "0571-00000001");
    assert_eq!(d.hotlines.arbitration_office.as_deref(), Some("杭州市劳动人事争议仲裁委员会"));
    let minimal = load(MINIMAL).expect("minimal loads").0;
    assert_eq!((minimal.telegram.bot_username, minimal.hotlines.wage_arrears_or_default()), (None, "12333"));
}

#[test]
fn a_bad_bot_username_and_a_hotline_that_is_no_phone_number_are_errors_with_their_lines() {
    let text = format!(
        "{MINIMAL}\n[hotlines]\nwage_arrears = \"call the office\"\narbitration_office = \" \"\n[telegram]\nbot_username = \"t.me/wagedesk\"\n"
    );
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).expect("line") + 1;
    let errs = errors(&text).join("\n");
    for needle in [
        format!(
            r#"wagedesk.toml:{}:16: hotlines.wage_arrears: "call the office" is not a phone number"#,
            line("call the")
        ),
        format!("wagedesk.toml:{}:22: hotlines.arbitration_office: must not be empty", line("arbitration_office")),
        format!(
            r#"wagedesk.toml:{}:16: telegram.bot_username: "t.me/wagedesk" is not a bot username"#,
            line("bot_username")
        ),
    ] {
        assert!(errs.contains(&needle), "missing {needle:?} in\n{errs}");
    }
}

#[test]
fn a_webhook_is_an_https_url_and_an_address_to_listen_on() {
    let good = format!(
        "{MINIMAL}\n[telegram]\nwebhook_url = \"https://wagedesk.example.gov.cn/telegram/updates\"\nwebhook_listen = \"127.0.0.1:9443\"\n"
    );
    let d = load(&good).expect("loads").0;
    assert_eq!(d.telegram.webhook_url.as_deref(), Some("https://wagedesk.example.gov.cn/telegram/updates"));
    assert_eq!(d.telegram.webhook_listen.map(|a| a.port()), Some(9443));
    assert_eq!(load(MINIMAL).expect("minimal loads").0.telegram.webhook_url, None);
    let bad = format!(
        "{MINIMAL}\n[telegram]\nwebhook_url = \"http://wagedesk.example.gov.cn/u\"\nwebhook_listen = \"8443\"\n"
    );
    let errs = errors(&bad).join("\n");
    assert!(
        errs.contains("telegram.webhook_url: \"http://wagedesk.example.gov.cn/u\" is not an https:// URL"),
        "{errs}"
    );
    assert!(errs.contains("telegram.webhook_listen: \"8443\" is not an address to listen on"), "{errs}");
}

#[test]
fn a_bad_county_code_is_reported_with_line_column_and_field_path() {
    let text = MINIMAL.replace(r#"jurisdiction = ["330106"]"#, r#"jurisdiction = ["33010"]"#);
    let line = text.lines().position(|l| l.contains("\"33010\"")).expect("line") + 1;
    let errs = errors(&text);
    let expected =
        format!(r#"wagedesk.toml:{line}:17: offices[1].jurisdiction[0]: "33010" is not a 6-digit county code"#);
    assert!(errs.contains(&expected), "{errs:#?}");
}

#[test]
fn every_semantic_error_is_collected_not_just_the_first() {
    let text = format!(
        "{}{}",
        MINIMAL
            .replace(r#"default_intake_office = "xh-ldjc""#, r#"default_intake_office = "nobody""#)
            .replace(r#"supervisor = "qqb""#, r#"supervisor = "ghost""#)
            .replace(r#"files = ["calendar/2026.toml"]"#, r#"files = ["calendar/1999.toml"]"#),
        r#"
[campaign]
key_case_workers = 0
prewarn_fraction = 1.5
[[offices]]
id = "xh-ldjc2"
name_zh = "另一个监察大队"
name_en = "Another brigade"
kind = "labour_inspection"
jurisdiction = ["330106"]
supervisor = "qqb"
[[offices]]
id = "qqb"
name_zh = "重复"
name_en = "Duplicate"
kind = "supervisor"
[[offices]]
id = "Bad_Id"
name_zh = ""
name_en = "x"
kind = "sector_regulator"
"#
    );
    let errs = errors(&text).join("\n");
    for needle in [
        r#"default_intake_office: unknown office "nobody""#,
        r#"offices[1].supervisor: unknown office "ghost""#,
        r#"offices[3].id: office id "qqb" is used twice"#,
        r#"offices[2].jurisdiction[0]: county 330106 is already covered by labour-inspection office "xh-ldjc""#,
        r#"offices[4].id: "Bad_Id" is not an office id"#,
        "offices[4].name_zh: must not be empty",
        "offices[4].kind: a sector_regulator office needs `regulator = ...`",
        "campaign.key_case_workers: must be greater than 0 (got 0)",
        "campaign.prewarn_fraction: must be between 0 and 1",
        "calendar.files[0]: cannot read the file",
    ] {
        assert!(errs.contains(needle), "missing {needle:?} in\n{errs}");
    }
}

#[test]
fn a_county_without_a_labour_office_is_a_warning() {
    let text = format!("{MINIMAL}\n[[regions]]\ncode = \"330105\"\nname_zh = \"拱墅区\"\nname_en = \"Gongshu\"\n");
    let (_, warnings) = load(&text).expect("loads");
    assert!(
        warnings.iter().any(|w| matches!(&w.problem, ConfigProblem::CountyWithoutLabourOffice(c) if c == "330105"))
    );
}

#[test]
fn a_type_error_names_the_table_it_is_in() {
    let text = MINIMAL.replace(r#"jurisdiction = ["330106"]"#, r#"jurisdiction = "330106""#);
    let errs = errors(&text);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("wagedesk.toml:") && errs[0].contains(": offices[1]: "), "{errs:?}");
}

#[test]
fn a_misspelt_field_is_refused_with_its_line() {
    let text = MINIMAL.replace("supervisor = \"qqb\"", "supervisr = \"qqb\"");
    let line = text.lines().position(|l| l.starts_with("supervisr")).expect("line") + 1;
    let errs = errors(&text);
    assert!(errs[0].starts_with(&format!("wagedesk.toml:{line}:1: offices[1]: ")), "{errs:?}");
}

#[test]
fn a_township_code_must_start_with_its_county_code() {
    let text = MINIMAL.replace(
        "name_en = \"Xihu\"",
        "name_en = \"Xihu\"\ntownships = [{ code = \"330105001\", name_zh = \"x\", name_en = \"x\" }]",
    );
    assert!(
        errors(&text)[0]
            .contains("regions[0].townships[0].code: \"330105001\" is not a township code of county 330106")
    );
}

fn calendar_from(text: &str) -> (WorkCalendar, Vec<String>) {
    let mut cal = WorkCalendar::weekdays_only();
    let mut out = Collector::new("2030.toml", text);
    cal.add_year_file(text, &mut out);
    (cal, out.issues.iter().map(ToString::to_string).collect())
}

#[test]
fn a_calendar_day_that_is_both_holiday_and_workday_is_refused_with_its_line() {
    let text = "year = 2030\nstatus = \"official\"\nsource = \"test\"\n[[holidays]]\nname_zh = \"x\"\nname_en = \"x\"\nfirst_day = 2030-02-02\nlast_day = 2030-02-08\nmake_up_workdays = [2030-02-03, 2031-01-01]\n";
    let (_, issues) = calendar_from(text);
    assert!(
        issues.iter().any(|i| i.starts_with("2030.toml:9:21: holidays[0].make_up_workdays[0]: 2030-02-03 is both")),
        "{issues:?}"
    );
    assert!(issues.iter().any(|i| i.contains("make_up_workdays[1]: 2031-01-01 is neither in year 2030")), "{issues:?}");
}

#[test]
fn the_2026_calendar_has_the_spring_festival_and_its_make_up_saturdays() {
    let cal = sample().calendar;
    assert!(cal.is_working_day(date(2026, 2, 14)), "Saturday make-up day");
    for day in 15..=23 {
        assert!(!cal.is_working_day(date(2026, 2, day)), "2026-02-{day} is a holiday");
    }
    assert!(cal.is_working_day(date(2026, 2, 28)), "Saturday make-up day");
    assert!(cal.is_working_day(date(2026, 9, 20)), "Sunday make-up day");
    assert!(!cal.is_working_day(date(2026, 3, 7)), "an ordinary Saturday");
    assert_eq!(cal.status(2026), Some(CalendarStatus::Official));
    assert_eq!(cal.status(2027), Some(CalendarStatus::Example));
}

#[test]
fn working_day_deadlines_follow_the_official_calendar() {
    let cal = sample().calendar;
    // (start, n, due): the start day never counts.
    let table = [
        ((2026, 1, 9), 5, (2026, 1, 16)),    // ordinary week
        ((2026, 2, 12), 5, (2026, 2, 26)),   // across Spring Festival with the make-up Saturday
        ((2026, 9, 30), 5, (2026, 10, 13)),  // across National Day with the make-up Saturday
        ((2026, 2, 2), 60, (2026, 5, 7)),    // 60 across Spring Festival, Qingming and May Day
        ((2026, 8, 20), 60, (2026, 11, 18)), // 60 across Mid-Autumn and National Day
        ((2026, 2, 15), 0, (2026, 2, 15)),
    ];
    for (start, n, due) in table {
        let start = date(start.0, start.1, start.2);
        let due = date(due.0, due.1, due.2);
        assert_eq!(cal.add_working_days(start, n), due, "{start} + {n}");
        assert_eq!(cal.working_days_between(start, due), n, "{start}..{due}");
    }
}

#[test]
fn plain_weekday_arithmetic_would_be_wrong_across_spring_festival() {
    let plain = WorkCalendar::weekdays_only();
    assert_eq!(plain.add_working_days(date(2026, 2, 12), 5), date(2026, 2, 19));
    assert_ne!(sample().calendar.add_working_days(date(2026, 2, 12), 5), date(2026, 2, 19));
}

#[test]
fn a_year_the_calendar_does_not_know_falls_back_to_monday_to_friday() {
    let cal = sample().calendar;
    assert!(!cal.covers(2025));
    assert!(cal.is_working_day(date(2025, 1, 1)), "no file for 2025, so New Year's Day is a Wednesday like any other");
    assert_eq!(cal.add_working_days(date(2025, 6, 6), 1), date(2025, 6, 9));
    assert_eq!(cal.working_days_between(date(2025, 6, 9), date(2025, 6, 6)), 0);
}

#[test]
fn office_ids_are_checked_when_parsed_and_deserialized() {
    assert!(OfficeId::parse("hz-xihu-ldjc").is_ok());
    assert!(OfficeId::parse("x").is_err());
    assert!(serde_json::from_str::<OfficeId>("\"HZ\"").is_err());
}

#[test]
fn an_emergency_class_from_the_file_replaces_its_words_and_minutes_and_keeps_the_rest() {
    let text = format!(
        "{MINIMAL}\n[campaign.emergency]\nharmless = [\"开塔吊\"]\n[campaign.emergency.gathering]\nminutes = 3\nwords = [\"上访\", \"围*政府\"]\n[campaign.emergency.violence]\nminutes = 7\n"
    );
    let (d, _) = load(&text).expect("loads");
    let (lexicon, default) = (&d.campaign.emergency, crate::case::EmergencyLexicon::default());
    assert_eq!(
        (lexicon.gathering.minutes, lexicon.gathering.words.clone()),
        (3, vec!["上访".into(), "围*政府".into()])
    );
    assert_eq!(lexicon.violence.minutes, 7);
    assert_eq!(lexicon.violence.words, default.violence.words);
    assert_eq!(lexicon.harmless, ["开塔吊"]);
    assert_eq!((&lexicon.self_harm, &lexicon.negations), (&default.self_harm, &default.negations));
}

#[test]
fn a_bad_emergency_entry_is_reported_with_its_field_and_line() {
    let text = format!(
        "{MINIMAL}\n[campaign.emergency.self_harm]\nminutes = 0\nwords = [\"跳楼\", \" \", \"*塔吊\"]\n[campaign.emergency.blocking_roads]\nminutes = -5\n"
    );
    let line = |needle: &str| text.lines().position(|l| l.starts_with(needle)).expect("line") + 1;
    let words = line("words");
    let errs = errors(&text).join("\n");
    for needle in [
        format!(
            "wagedesk.toml:{}:11: campaign.emergency.self_harm.minutes: must be greater than 0 (got 0)",
            line("minutes = 0")
        ),
        format!("wagedesk.toml:{words}:16: campaign.emergency.self_harm.words[1]: must not be empty"),
        format!("wagedesk.toml:{words}:21: campaign.emergency.self_harm.words[2]: \"*塔吊\": `*` stands between"),
        format!(
            "wagedesk.toml:{}:11: campaign.emergency.blocking_roads.minutes: must be greater than 0 (got -5)",
            line("minutes = -5")
        ),
    ] {
        assert!(errs.contains(&needle), "missing {needle:?} in\n{errs}");
    }
}

#[test]
fn an_unknown_emergency_class_is_refused_by_name_with_its_line() {
    let text = format!("{MINIMAL}\n[campaign.emergency.selfharm]\nminutes = 5\n");
    let line = text.lines().position(|l| l.contains("selfharm")).expect("line") + 1;
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with(&format!("wagedesk.toml:{line}:")), "{errs:?}");
    assert!(
        errs[0].contains("campaign.emergency") && errs[0].contains("selfharm") && errs[0].contains("self_harm"),
        "{errs:?}"
    );
}

#[test]
fn the_old_single_emergency_keyword_list_is_refused_with_where_its_words_go() {
    let text = format!("{MINIMAL}\n[campaign]\nemergency_keywords = [\"堵路\", \"跳楼\"]\n");
    let line = text.lines().position(|l| l.starts_with("emergency_keywords")).expect("line") + 1;
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "wagedesk.toml:{line}:22: campaign.emergency_keywords: emergency_keywords was replaced"
        )) && errs[0].contains("[campaign.emergency.self_harm]"),
        "{errs:?}"
    );
}

#[test]
fn an_unknown_township_or_employer_kind_is_named_with_its_field() {
    let text = format!(
        "{}\n[[offices]]\nid = \"xh-town\"\nname_zh = \"转塘街道办事处\"\nname_en = \"Zhuantang\"\nkind = \"township\"\njurisdiction = [\"330106\"]\nsupervisor = \"xh-ldjc\"\ntownships = [\"330106999\"]\n",
        MINIMAL.replace(
            "[calendar]",
            "[campaign]\nsector_co_handling_employers = [\"team_leader\", \"boss\"]\n[calendar]"
        )
    );
    let errs = errors(&text).join("\n");
    for needle in [
        "offices[2].townships[0]: township 330106999 is not one of the townships",
        r#"campaign.sector_co_handling_employers[1]: "boss" is not an employer kind"#,
    ] {
        assert!(errs.contains(needle), "missing {needle:?} in\n{errs}");
    }
}

#[test]
fn the_web_channel_is_off_unless_both_its_address_and_its_listener_are_set() {
    let (d, _) = load(MINIMAL).expect("loads");
    assert_eq!(d.web, None);
    let (d, _) = load(&format!(
        "{MINIMAL}\n[web]\npublic_url = \"https://wd.example.gov.cn/\"\nlisten = \"127.0.0.1:8080\"\nmax_upload_bytes = \"5 MB\"\n"
    ))
    .expect("loads");
    let web = d.web.expect("on");
    assert_eq!(web.public_url, "https://wd.example.gov.cn", "no trailing slash");
    assert_eq!(web.signboard_url("AB12"), "https://wd.example.gov.cn/s/AB12");
    assert_eq!((web.max_upload_bytes, web.max_uploads), (5 * evidence::MB, Web::DEFAULT_MAX_UPLOADS));
    let errs = errors(&format!(
        "{MINIMAL}\n[web]\npublic_url = \"http://wd.example.gov.cn\"\nlisten = \"8080\"\nmax_uploads = 0\n"
    ))
    .join("\n");
    assert!(errs.contains("web.public_url: \"http://wd.example.gov.cn\" is not an https:// address"), "{errs}");
    assert!(errs.contains("web.listen: \"8080\" is not an address to listen on"), "{errs}");
    assert!(errs.contains("web.max_uploads: must be greater than 0"), "{errs}");
    let errs = errors(&format!("{MINIMAL}\n[web]\nlisten = \"127.0.0.1:8080\"\n")).join("\n");
    assert!(errs.contains("needs both `public_url` and `listen`"), "{errs}");
}

#[test]
fn the_open311_api_is_off_by_default_and_needs_the_web_channel() {
    let web = "[web]\npublic_url = \"https://wd.example.gov.cn\"\nlisten = \"127.0.0.1:8080\"\n";
    let (d, _) = load(&format!("{MINIMAL}\n{web}")).expect("loads");
    assert!(!d.web.expect("on").open311, "off unless enabled");
    let (d, _) = load(&format!("{MINIMAL}\n{web}open311 = true\n")).expect("loads");
    assert!(d.web.expect("on").open311);
    let errs = errors(&format!("{MINIMAL}\n[web]\nopen311 = true\n")).join("\n");
    assert!(errs.contains("web.open311: the Open311 API is served by the web channel"), "{errs}");
    let errs = errors(&format!("{MINIMAL}\n{web}open311 = \"yes\"\n")).join("\n");
    assert!(errs.contains("web: invalid type: string \"yes\", expected a boolean"), "{errs}");
}

#[test]
fn payment_confirm_hours_is_a_warning_that_names_the_flags_which_set_the_payment_reminders() {
    let text = format!("{MINIMAL}\n[campaign]\npayment_confirm_hours = 48\n");
    let (_, warnings) = load(&text).expect("a warning, not an error");
    let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let line = text.lines().position(|l| l.contains("payment_confirm_hours")).expect("line") + 1;
    assert!(
        texts.iter().any(|t| t.starts_with(&format!("wagedesk.toml:{line}:"))
            && t.contains("campaign.payment_confirm_hours")
            && t.contains("--payment-reminder-after")
            && t.contains("--payment-unconfirmed-after")),
        "{texts:?}"
    );
}

#[test]
fn the_years_a_deadline_set_today_can_reach_without_a_calendar_file_are_named() {
    let d = sample();
    assert!(d.calendar.missing_years_ahead(date(2026, 6, 1)).is_empty(), "2026 and 2027 are there");
    assert!(d.calendar.missing_years_ahead(date(2027, 7, 31)).is_empty(), "five months still end in 2027");
    assert_eq!(d.calendar.missing_years_ahead(date(2027, 9, 1)), [2028], "a deadline in 2028 is near");
    assert_eq!(d.calendar.missing_years_ahead(date(2028, 3, 1)), [2028]);
    assert_eq!(d.calendar.missing_years_ahead(date(2025, 12, 1)), [2025]);
}
