//! The intake decided turn by turn with no database: what the dialogue becomes, what the worker is
//! told, and the draft handed over to file.

use chrono::{TimeZone, Utc};

use super::draft::EvidenceItem;
use super::{
    Button, CaseSummary, Command, Decision, Dialogue, Env, Filed, Input, Keyboard, Known, Needs, Out, Reply, Step,
    decide, filed_replies, needs,
};
use crate::crypto::Vault;
use crate::deployment::Deployment;
use crate::deployment::testing::sample;
use crate::domain::sector::Sector;
use crate::worksite::{CodeLookup, ProjectCard};

/// One worker's chat, fed input by input the way the adapter does.
struct Chat {
    deployment: Deployment,
    vault: Vault,
    dialogue: Dialogue,
    buttons: Vec<Button>,
}

impl Chat {
    fn new() -> Chat {
        Chat {
            deployment: sample(),
            vault: Vault::from_master_key(&[7; 32]),
            dialogue: Dialogue::default(),
            buttons: Vec::new(),
        }
    }

    fn turn_with(&mut self, input: Input, known: Known) -> Decision {
        let env = Env {
            deployment: &self.deployment,
            vault: &self.vault,
            now: Utc.with_ymd_and_hms(2026, 2, 10, 2, 0, 0).single().expect("a valid time"),
        };
        let decision = decide(&env, known, 42, self.dialogue.clone(), input);
        self.dialogue = decision.dialogue.clone();
        for out in &decision.outs {
            if let Out::Say(Reply { keyboard: Keyboard::Inline(rows), .. }) = out {
                self.buttons = rows.iter().flatten().cloned().collect();
            }
        }
        decision
    }

    fn turn(&mut self, input: Input) -> Decision {
        assert_eq!(needs(&input), Needs::default(), "{input:?} should need nothing loaded");
        self.turn_with(input, Known::default())
    }

    fn text(&mut self, text: &str) -> Decision {
        self.turn(Input::Text(text.to_owned()))
    }

    fn press(&mut self, label: &str) -> Decision {
        let Some(button) = self.buttons.iter().find(|b| b.label.contains(label)).cloned() else {
            panic!("no button {label:?} among {:?}", self.buttons.iter().map(|b| &b.label).collect::<Vec<_>>());
        };
        self.turn(Input::Button { data: button.data })
    }
}

fn said(d: &Decision) -> Vec<&str> {
    d.outs
        .iter()
        .filter_map(|o| match o {
            Out::Say(r) => Some(r.text.as_str()),
            _ => None,
        })
        .collect()
}

fn photo() -> Input {
    Input::Media(EvidenceItem {
        kind: "photo".into(),
        file_id: "f1".into(),
        file_unique_id: "u1".into(),
        sha256: Some("ab".repeat(32)),
        stored_path: Some("ab/abab.jpg".into()),
        size_bytes: Some(1234),
        received_at: "2026-02-10T02:00:00.000Z".into(),
        file_key: None,
        note: None,
    })
}

#[test]
fn a_whole_intake_ends_with_the_draft_to_file_and_a_fresh_dialogue() {
    let mut c = Chat::new();
    let first = c.turn(Input::Command(Command::Start(None)));
    assert_eq!(first.dialogue.step, Step::Language);
    assert_eq!(first.dialogue.draft_no, 1);
    assert!(first.file.is_none());
    c.press("中文");
    assert_eq!(c.dialogue.step, Step::Consent);
    let consent = c.press("同意");
    assert_eq!(consent.dialogue.draft.consent_at.as_deref(), Some("2026-02-10T02:00:00.000Z"));
    c.press("西湖区");
    c.press("转塘街道");
    c.text("文三路金色家园二期工地");
    c.press("盖房子");
    c.press("包工头");
    c.text("王老板（杭州某某劳务有限公司）");
    c.press("我自己干活的工资");
    c.press("没有");
    assert_eq!(c.dialogue.step, Step::Amount);

    // A daily rate is not what was asked: refused with a reason, the same question again.
    let refused = c.text("一天300");
    assert_eq!(refused.dialogue.step, Step::Amount);
    assert_eq!(refused.dialogue.draft.amount_fen, None);
    assert!(said(&refused).len() >= 2, "a reason and the question again: {:?}", said(&refused));

    let echoed = c.text("4万5");
    assert_eq!(echoed.dialogue.step, Step::AmountConfirm);
    assert!(said(&echoed).iter().any(|t| t.contains("45,000")), "{:?}", said(&echoed));
    c.press("对");
    c.text("去年10月到今年1月");
    c.press("只有我");
    c.text("李建国");
    let phone = c.turn(Input::Contact { phone: "+86 138 0013 8000".into(), own: true });
    let sealed = phone.dialogue.draft.phone.clone().expect("the phone is kept sealed");
    assert!(!sealed.sealed.contains("13800138000"));
    assert_eq!(c.vault.open(&sealed.sealed).expect("opens"), "13800138000");
    c.press("同意，我来填");
    c.text("11010519491231002X");
    c.turn(photo());
    c.press("发完了");
    c.text("从去年十月干到今年一月，老板一直拖着不给钱，说年底再说，现在电话也不接。");
    assert_eq!(c.dialogue.step, Step::Summary);
    c.press("确认无误");
    assert_eq!(c.dialogue.step, Step::Notice);

    let submitted = c.press("我保证属实");
    assert_eq!(
        submitted.outs,
        vec![Out::Chosen { label: crate::i18n::tr(crate::i18n::Lang::ZhHans, "button-submit") }]
    );
    assert_eq!(submitted.dialogue.step, Step::Idle);
    assert_eq!(submitted.dialogue.draft, Default::default(), "the dialogue starts over");
    assert_eq!(submitted.dialogue.draft_no, 1, "buttons of this intake stay stale afterwards");
    let draft = submitted.file.expect("the draft is handed over to file");
    assert_eq!(draft.county_code.as_deref(), Some("330106"));
    assert_eq!(draft.sector, Some(Sector::Building));
    assert_eq!(draft.amount_fen, Some(4_500_000));
    assert_eq!(draft.workers, Some(1));
    assert_eq!(draft.name.as_deref(), Some("李建国"));
    assert_eq!(draft.evidence.len(), 1);
    assert!(draft.is_complete());

    // A button of the finished intake is refused as stale and files nothing.
    let stale = c.turn(Input::Button { data: "1:notice:submit".into() });
    assert!(stale.file.is_none());
    assert!(matches!(stale.outs.first(), Some(Out::Toast(_))));
}

#[test]
fn the_filing_outcome_is_told_in_the_worker_language() {
    let opened = Filed::Opened {
        complaint_id: 1,
        case_number: "QX-330106-20260210-001".into(),
        tell_worker: vec!["由西湖区劳动监察大队处理".into()],
        crew: None,
    };
    let zh = filed_replies(
        crate::i18n::Lang::ZhHans,
        &opened,
        super::JoinAt::Telegram { bot_username: "wagedesk_bot", web: None },
    );
    assert_eq!(zh.len(), 2);
    let Out::Say(first) = &zh[0] else { panic!("a message: {zh:?}") };
    assert!(first.text.contains("QX-330106-20260210-001"));
    assert_eq!(zh[1], Out::Say(Reply { text: "由西湖区劳动监察大队处理".into(), keyboard: Keyboard::None }));
    let again = filed_replies(
        crate::i18n::Lang::En,
        &Filed::AlreadyFiled {
            case_number: "QX-1".into(),
            tell_worker: vec!["Sent to the office".into()],
            elsewhere: false,
        },
        super::JoinAt::Telegram { bot_username: "", web: None },
    );
    assert_eq!(again.len(), 2, "where what the draft added went follows: {again:?}");
    // Filed before from another chat: /status here would show nothing, so it is not offered.
    let web = sample_web();
    for at in [super::JoinAt::Telegram { bot_username: "wagedesk_bot", web: None }, super::JoinAt::Web(&web)] {
        let elsewhere = Filed::AlreadyFiled { case_number: "QX-1".into(), tell_worker: Vec::new(), elsewhere: true };
        let told = filed_replies(crate::i18n::Lang::ZhHans, &elsewhere, at);
        let Out::Say(first) = &told[0] else { panic!("a message: {told:?}") };
        assert!(first.text.contains("QX-1") && first.text.contains("当初提交的地方"), "{}", first.text);
        assert!(!first.text.contains("/status") && !first.text.contains("状态链接"), "{}", first.text);
    }
}

#[test]
fn a_crew_filer_gets_the_link_and_the_code_to_pass_on() {
    let opened = Filed::Opened {
        complaint_id: 1,
        case_number: "QX-330106-20260210-001".into(),
        tell_worker: vec![],
        crew: Some(super::CrewLink { code: "7KQ2XM".into(), workers: 5 }),
    };
    let text = |outs: Vec<Out>| match outs.last() {
        Some(Out::Say(r)) => r.text.clone(),
        other => panic!("{other:?}"),
    };
    let with_link = text(filed_replies(
        crate::i18n::Lang::ZhHans,
        &opened,
        super::JoinAt::Telegram { bot_username: "wagedesk_bot", web: None },
    ));
    assert!(with_link.contains("https://t.me/wagedesk_bot?start=j7KQ2XM"), "{with_link}");
    assert!(with_link.contains("/join 7KQ2XM") && with_link.contains('5'), "{with_link}");
    let code_only =
        text(filed_replies(crate::i18n::Lang::En, &opened, super::JoinAt::Telegram { bot_username: "", web: None }));
    assert!(code_only.contains("/join 7KQ2XM") && !code_only.contains("t.me"), "{code_only}");
    assert!(!with_link.contains("/s/"), "no web link without the web channel: {with_link}");

    // With the web channel on: a Telegram filer also gets the web page for members on WeChat; a web
    // filer gets only the web page, and no command (the web has none).
    let web = sample_web();
    let web_page = "https://wd.example.gov.cn/s/j7KQ2XM";
    let both = super::JoinAt::Telegram { bot_username: "wagedesk_bot", web: Some(&web) };
    let both = text(filed_replies(crate::i18n::Lang::ZhHans, &opened, both));
    assert!(both.contains("?start=j7KQ2XM") && both.contains(web_page), "{both}");
    for lang in crate::i18n::Lang::ALL {
        let on_web = text(filed_replies(lang, &opened, super::JoinAt::Web(&web)));
        assert!(on_web.contains(web_page) && on_web.contains('5'), "{on_web}");
        assert!(!on_web.contains("t.me") && !on_web.contains("/join"), "{on_web}");
    }
}

#[test]
fn a_signboard_code_is_decided_from_what_was_loaded() {
    let mut c = Chat::new();
    let input = Input::Command(Command::Start(Some("abcDEF123".into())));
    assert_eq!(needs(&input), Needs { project_code: Some("abcDEF123".into()), ..Needs::default() });
    let card = ProjectCard {
        id: "xh-2026-001".into(),
        name: "金色家园二期".into(),
        general_contractor: "某建设集团".into(),
        county_code: "330106".into(),
        sector: Sector::Building,
    };
    let known = Known { project: Some(CodeLookup::Active(card.clone())), ..Known::default() };
    let d = c.turn_with(input, known);
    assert_eq!(d.dialogue.draft.pending_project, Some(card));

    // A code that cannot be ours is never looked up, and is told as unknown.
    let junk = Input::Command(Command::Start(Some("x'; DROP TABLE".into())));
    assert_eq!(needs(&junk), Needs::default());
}

#[test]
fn status_lists_the_loaded_cases() {
    let mut c = Chat::new();
    c.turn(Input::Command(Command::Start(None)));
    c.press("中文");
    let input = Input::Command(Command::Status);
    assert_eq!(needs(&input), Needs { worker_cases: true, ..Needs::default() });
    let cases = vec![CaseSummary {
        case_number: "QX-330106-20260210-001".into(),
        status: "submitted".into(),
        submitted_on: "2026-02-10".into(),
        amount_fen: 4_500_000,
        owner_office: Some("hz-xihu-ldjc".into()),
        due: Some("2026-02-24".into()),
    }];
    let d = c.turn_with(input, Known { worker_cases: cases, ..Known::default() });
    let text = said(&d).join("\n");
    assert!(text.contains("QX-330106-20260210-001") && text.contains("45,000"), "{text}");
    assert_eq!(d.dialogue.step, Step::Consent, "the question is asked again after the status");
}

fn crew_case() -> crate::crew::CrewCase {
    crate::crew::CrewCase {
        code: "7KQ2XM".into(),
        case_number: "QX-330106-20260209-0003".into(),
        project_code: None,
        county_code: Some("330106".into()),
        township_code: None,
        site: "西湖区金色家园二期".into(),
        sector: Sector::Building,
        employer_kind: super::draft::EmployerKind::Subcontractor,
        employer: "王某某劳务队".into(),
        claim_kind: super::draft::ClaimKind::Wages,
        period: crate::domain::period::PayPeriod::from_stored("2025-10", "2026-01").expect("a period"),
    }
}

#[test]
fn a_crew_member_sees_the_case_and_answers_only_for_themselves() {
    use crate::crew::CrewLookup;
    let mut c = Chat::new();
    let link = Input::Command(Command::Start(Some("j7kq2xm".into())));
    assert_eq!(needs(&link), Needs { crew_code: Some("7KQ2XM".into()), ..Needs::default() });
    let joined = Input::Command(Command::Join("7kq 2xm".into()));
    assert_eq!(needs(&joined), Needs { crew_code: Some("7KQ2XM".into()), ..Needs::default() });
    let known = Known { crew: Some(CrewLookup::Open(Box::new(crew_case()))), ..Known::default() };
    c.turn_with(link, known);
    assert_eq!(c.dialogue.step, Step::Language);
    c.press("English");
    let d = c.press("agree");
    let text = said(&d).join("\n");
    assert!(text.contains("QX-330106-20260209-0003") && text.contains("王某某劳务队"), "{text}");
    assert!(text.contains("Oct 2025"), "the period is shown: {text}");
    assert_eq!(c.dialogue.step, Step::Amount, "straight to their own amount");
    c.text("8000");
    c.press("Yes");
    assert_eq!(c.dialogue.step, Step::Name);
    c.text("Li Wei");
    c.text("13912345678");
    c.press("Skip");
    assert_eq!(c.dialogue.step, Step::Summary);
    // The case's facts are the crew's: a forged "change the site" is refused.
    let no = c.dialogue.draft_no;
    c.turn(Input::Button { data: format!("{no}:edit:site") });
    assert_eq!(c.dialogue.step, Step::Summary);
    c.press("correct");
    let d = c.press("submit");
    let draft = d.file.expect("the member's claim is filed");
    assert_eq!(draft.crew.as_ref().map(|j| j.code.as_str()), Some("7KQ2XM"));
    assert_eq!((draft.amount_fen, draft.workers, draft.name.as_deref()), (Some(800_000), Some(1), Some("Li Wei")));
}

#[test]
fn an_ended_or_unknown_crew_code_is_explained_and_starts_nothing() {
    use crate::crew::CrewLookup;
    let mut c = Chat::new();
    let ended = Known { crew: Some(CrewLookup::Ended { case_number: "QX-1".into() }), ..Known::default() };
    let d = c.turn_with(Input::Command(Command::Join("7KQ2XM".into())), ended);
    assert_eq!(d.dialogue.step, Step::Idle);
    assert!(said(&d).join("").contains(&crate::i18n::tr(crate::i18n::Lang::ZhHans, "crew-code-ended")));
    let d = c.turn_with(Input::Command(Command::Join("nonsense".into())), Known::default());
    assert!(said(&d).join("").contains(&crate::i18n::tr(crate::i18n::Lang::ZhHans, "crew-code-unknown")));
}

/// A worker walked to the question "just me, or a crew?".
fn at_the_workers_question() -> Chat {
    let mut c = Chat::new();
    c.turn(Input::Command(Command::Start(None)));
    c.press("中文");
    c.press("同意");
    c.press("西湖区");
    c.press("转塘街道");
    c.text("文三路金色家园二期工地");
    c.press("盖房子");
    c.press("包工头");
    c.text("王老板");
    c.press("我自己干活的工资");
    c.press("没有");
    c.text("4万5");
    c.press("对");
    c.text("去年10月到今年1月");
    assert_eq!(c.dialogue.step, Step::Workers);
    c
}

#[test]
fn a_crew_of_one_is_told_to_press_just_me_and_keeps_what_was_filled_in() {
    let mut c = at_the_workers_question();
    c.press("我们一伙人");
    let one = c.text("1");
    let told = said(&one).join("\n");
    assert!(told.contains("只有你自己") && told.contains("“只有我”"), "{told}");
    assert!(!told.contains("/new"), "starting again would lose the answers: {told}");
    assert_eq!(one.dialogue.step, Step::Workers, "the just-me-or-crew question again, with its buttons");
    assert_eq!(one.dialogue.draft.amount_fen, Some(4_500_000));
    let alone = c.press("只有我");
    assert_eq!((alone.dialogue.step, alone.dialogue.draft.workers), (Step::Name, Some(1)));
}

#[test]
fn a_crew_of_several_is_counted_as_typed() {
    let mut c = at_the_workers_question();
    c.press("我们一伙人");
    let crew = c.text("12个人");
    assert_eq!((crew.dialogue.step, crew.dialogue.draft.workers), (Step::Name, Some(12)));
}

#[test]
fn the_summary_and_the_amount_check_mark_the_currency_once() {
    let mut c = at_the_workers_question();
    c.press("只有我");
    c.text("李建国");
    c.text("13800138000");
    c.press("不填");
    c.press("发完了");
    let summary = c.text("老板一直拖着不给钱，现在电话也不接。");
    let text = said(&summary).join("\n");
    assert!(text.contains("金额：¥45,000\n"), "{text}");
    assert!(!text.contains("45,000 元"), "¥ already says yuan: {text}");
    c.press("改金额");
    let approx = c.text("4万多");
    let text = said(&approx).join("\n");
    assert!(text.contains("大约欠你 ¥40,000，对吗？"), "{text}");
    let back = c.press("对");
    assert!(said(&back).join("\n").contains("金额：约 ¥40,000\n"), "{:?}", said(&back));
}

#[test]
fn status_names_the_state_plainly_and_no_resolved_case_reads_as_over() {
    let mut c = Chat::new();
    c.turn(Input::Command(Command::Start(None)));
    c.press("中文");
    let case = |status: &str| CaseSummary {
        case_number: format!("QX-330106-20260210-{status}"),
        status: status.into(),
        submitted_on: "2026-02-10".into(),
        amount_fen: 4_500_000,
        owner_office: Some("hz-xihu-ldjc".into()),
        due: None,
    };
    let cases = ["accepted", "resolved", "closed"].map(case).to_vec();
    let d = c.turn_with(Input::Command(Command::Status), Known { worker_cases: cases, ..Known::default() });
    let text = said(&d).join("\n");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("状态：")).collect();
    assert_eq!(
        lines,
        ["状态：办理单位已经接手（已受理）", "状态：办理单位给出了处理结果", "状态：案子结了（销账）"],
        "{text}"
    );
    assert!(text.contains("金额：¥45,000") && !text.contains("45,000 元"), "{text}");
}

/// A valid ID number for a birth date (`YYYYMMDD`), its check character computed.
fn id_born(date: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let body = format!("110105{date}002");
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", CHECK[(sum % 11) as usize] as char)
}

#[test]
fn an_id_number_born_after_the_deployments_today_is_refused() {
    // The chat's today is 10 February 2026 (China time): the core reads no clock of its own.
    let mut chat = Chat::new();
    chat.dialogue.step = Step::IdNumber;
    chat.text(&id_born("20260211"));
    assert!(chat.dialogue.draft.id_number.is_none(), "born tomorrow");
    assert_eq!(chat.dialogue.step, Step::IdNumber, "asked again");
    chat.text(&id_born("20260210"));
    assert!(chat.dialogue.draft.id_number.is_some(), "born today");
}

#[test]
fn changing_the_language_goes_back_to_the_step_it_interrupted() {
    // From idle (no complaint in progress): the chat is idle again, and a second press is stale.
    let mut c = Chat::new();
    c.dialogue.lang = Some(crate::i18n::Lang::ZhHans);
    c.turn(Input::Command(Command::Language));
    assert_eq!(c.dialogue.step, Step::Language);
    let d = c.press("English");
    assert_eq!(d.dialogue.step, Step::Idle, "{:?}", said(&d));
    assert_eq!(d.dialogue.lang, Some(crate::i18n::Lang::En));
    assert_eq!(d.dialogue.resume, None);
    assert_eq!(d.dialogue.draft_no, 0, "no complaint was started");
    let again = c.press("中文");
    assert_eq!(again.dialogue.step, Step::Idle, "a second press starts nothing");
    assert!(matches!(again.outs.first(), Some(Out::Toast(_))), "{:?}", again.outs);

    // In the middle of an intake: back to the question it left.
    let mut c = at_the_workers_question();
    c.turn(Input::Command(Command::Language));
    let d = c.press("English");
    assert_eq!(d.dialogue.step, Step::Workers);
    assert_eq!(d.dialogue.draft.amount_fen, Some(4_500_000));
}

#[test]
fn start_or_new_while_choosing_a_language_mid_intake_keeps_or_warns_like_anywhere_in_it() {
    // /language, then /start from the menu: the complaint in progress is resumed, not wiped.
    let mut c = at_the_workers_question();
    c.turn(Input::Command(Command::Language));
    let d = c.turn(Input::Command(Command::Start(None)));
    assert_eq!(d.dialogue.draft.amount_fen, Some(4_500_000), "the draft stays: {:?}", said(&d));
    assert!(said(&d).join("\n").contains("没填完"), "{:?}", said(&d));
    let d = c.press("中文");
    assert_eq!(d.dialogue.step, Step::Workers, "back to the question it left");

    // /new there discards it, and says so.
    c.turn(Input::Command(Command::Language));
    let d = c.turn(Input::Command(Command::New));
    assert!(said(&d).join("\n").contains("之前没填完的投诉已作废"), "{:?}", said(&d));
}

#[test]
fn the_same_signboard_scanned_again_mid_intake_goes_on_and_another_ones_starts_over() {
    let card = |id: &str| ProjectCard {
        id: id.into(),
        name: "金色家园二期".into(),
        general_contractor: "某建设集团".into(),
        county_code: "330106".into(),
        sector: Sector::Building,
    };
    let scan = |c: &mut Chat, id: &str| {
        let known = Known { project: Some(CodeLookup::Active(card(id))), ..Known::default() };
        c.turn_with(Input::Command(Command::Start(Some("abcDEF123".into()))), known)
    };
    let mut c = at_the_workers_question();
    c.dialogue.draft.project_code = Some("xh-2026-001".into());
    let d = scan(&mut c, "xh-2026-001");
    assert_eq!(d.dialogue.step, Step::Workers, "{:?}", said(&d));
    assert_eq!(d.dialogue.draft.amount_fen, Some(4_500_000));
    assert!(!said(&d).join("\n").contains("作废"), "{:?}", said(&d));

    let d = scan(&mut c, "xh-2026-002");
    assert!(said(&d).join("\n").contains("作废"), "another worksite's board starts over: {:?}", said(&d));
    assert_eq!(d.dialogue.draft.amount_fen, None);
}

#[test]
fn a_revoked_or_unknown_signboard_code_mid_intake_keeps_the_draft() {
    for lookup in [CodeLookup::Revoked, CodeLookup::Unknown] {
        let mut c = at_the_workers_question();
        let known = Known { project: Some(lookup), ..Known::default() };
        let d = c.turn_with(Input::Command(Command::Start(Some("abcDEF123".into()))), known);
        assert_eq!(d.dialogue.step, Step::Workers, "{:?}", said(&d));
        assert_eq!(d.dialogue.draft.amount_fen, Some(4_500_000));
        assert!(!said(&d).join("\n").contains("作废"), "{:?}", said(&d));
    }
}

/// A recording answers the description like a voice message, whichever way it came: Telegram's
/// voice message, or a sound file (the web page's upload, Telegram's audio).
#[test]
fn a_recording_at_the_description_step_is_the_spoken_description() {
    for kind in ["voice", "audio"] {
        let mut c = Chat::new();
        c.turn(Input::Command(Command::Start(None)));
        c.press("中文");
        c.press("同意");
        c.press("西湖区");
        c.press("转塘街道");
        c.text("文三路金色家园二期工地");
        c.press("盖房子");
        c.press("包工头");
        c.text("王老板（杭州某某劳务有限公司）");
        c.press("我自己干活的工资");
        c.press("没有");
        c.text("4万5");
        c.press("对");
        c.text("去年10月到今年1月");
        c.press("只有我");
        c.text("李建国");
        c.text("13800138000");
        c.press("不填");
        c.turn(photo());
        c.press("发完了");
        assert_eq!(c.dialogue.step, Step::Description);
        let Input::Media(mut recording) = photo() else { unreachable!("a file") };
        recording.kind = kind.into();
        let spoken = c.turn(Input::Media(recording));
        assert_eq!(spoken.dialogue.step, Step::Summary, "{kind}: {:?}", said(&spoken));
        assert_eq!(spoken.dialogue.draft.description.as_deref(), Some("（见语音）"), "{kind}");
        assert_eq!(spoken.dialogue.draft.evidence.len(), 2, "{kind}: kept as evidence too");
    }
}

fn sample_web() -> crate::deployment::Web {
    crate::deployment::Web {
        public_url: "https://wd.example.gov.cn".into(),
        listen: "127.0.0.1:8080".parse().expect("an address"),
        max_upload_bytes: 1,
        max_uploads: 1,
        open311: false,
    }
}
