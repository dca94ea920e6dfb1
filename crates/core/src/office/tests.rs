//! A clerk's button press decided end to end in the core, with no database: the button's data read
//! back, the group's place and the sender checked, the operation applied — the new state, the
//! timeline entry and every notification.

use super::authz::{Action, Place, Refusal, Sender, decide, place_of};
use super::buttons::ButtonData;
use crate::case::testing::xihu_building_case;
use crate::case::{Actor, Operation, Recipient, Status, TimelineKind, apply};
use crate::deployment::testing::{date, id, sample};

/// A Xihu case's card, with one claimant, for the office tests of this module and `workflow_tests`.
pub(super) fn card_facts(state: crate::case::CaseState) -> super::card::CardFacts {
    super::card::CardFacts {
        complaint_id: 7,
        case_number: "QX-330106-20260212-0001".into(),
        worker_chat_id: 9001,
        lang: "zh-Hans".into(),
        county_code: "330106".into(),
        site: "西湖区文三路工地".into(),
        sector: "construction".into(),
        employer_kind: "contractor".into(),
        employer: "杭州某建设有限公司".into(),
        amount_fen: 4_500_000,
        amount_approx: false,
        period_start: "2025-10".into(),
        period_end: "2026-01".into(),
        workers: 1,
        description: "拖欠三个月工资".into(),
        flags: Vec::new(),
        evidence: 0,
        claimants: vec![super::card::CardClaimant {
            name: "李四".into(),
            phone_masked: "138****8000".into(),
            id_masked: None,
            amount_fen: 4_500_000,
            verified_fen: None,
            paid_fen: 0,
            confirmed: false,
            erased: false,
        }],
        tags: Vec::new(),
        state,
        rev: 3,
    }
}

#[test]
fn an_erased_claimant_is_on_the_card_with_their_amount_and_nothing_personal() {
    let d = sample();
    let mut f = card_facts(xihu_building_case(date(2026, 2, 12), &d));
    let mut erased = f.claimants[0].clone();
    (erased.name, erased.phone_masked, erased.erased) = (String::new(), String::new(), true);
    f.claimants.push(erased);
    let text = super::card::text(&d, &f, Place::Owner);
    assert!(text.contains("1. 李* 138****8000"), "{text}");
    assert!(text.contains("2. （个人信息已删除） · "), "{text}");
}

#[test]
fn numbers_typed_in_the_employer_site_or_period_are_masked_on_the_card() {
    let d = sample();
    let mut f = card_facts(xihu_building_case(date(2026, 2, 12), &d));
    f.employer = "包工头张三 13800138000".into();
    f.site = "文三路工地，门卫电话139 1234 5678".into();
    f.period_start = "2025-10 找13712345678".into();
    f.period_end = "身份证330106199001011234".into();
    let text = super::card::text(&d, &f, Place::Owner);
    for full in ["13800138000", "139 1234 5678", "13712345678", "330106199001011234"] {
        assert!(!text.contains(full), "{full} on the card: {text}");
    }
    assert!(text.contains("包工头张三 138****8000") && text.contains("文三路工地"), "{text}");
}

#[test]
fn accept_pressed_in_the_owner_group_is_decided_with_its_timeline_and_notifications() {
    let d = sample();
    let case = xihu_building_case(date(2026, 2, 12), &d);
    let owner = case.owner.clone();
    assert_eq!(owner, id("hz-xihu-ldjc"));

    let data = ButtonData::new(7, 3, Action::Accept, None).encode().expect("fits in a button");
    let pressed = ButtonData::decode(&data).expect("reads back");
    assert_eq!((pressed.complaint_id, pressed.rev, pressed.action), (7, 3, Action::Accept));

    // The owner's group acts; a co-handler, an unrelated office and a non-member do not.
    let place = place_of(Some(&owner), &case, false, &d);
    assert_eq!(place, Place::Owner);
    assert_eq!(decide(place, Sender::Member, pressed.action), Ok(()));
    assert_eq!(decide(place, Sender::NotMember, pressed.action), Err(Refusal::NotMember));
    let gongshu = id("hz-gongshu-ldjc");
    let elsewhere = place_of(Some(&gongshu), &case, false, &d);
    assert_eq!(decide(elsewhere, Sender::Member, pressed.action), Err(Refusal::NotYourCase));
    for co in &case.co_handlers {
        let place = place_of(Some(co), &case, false, &d);
        assert_eq!(decide(place, Sender::Member, pressed.action), Err(Refusal::ReadOnly), "{co:?}");
    }

    let today = date(2026, 3, 2);
    let actor = Actor::Staff { office: owner.clone(), user: "tg:501".into() };
    let t = apply(&case, Operation::Accept, actor.clone(), today, &d).expect("the owner may accept");
    assert_eq!(t.new_state.status, Status::Accepted);
    assert_eq!(t.new_state.accepted_on, Some(today));
    // 60 working days from 2 March 2026 on the sample calendar (Qingming, Labour Day, Dragon Boat).
    let due = t.new_state.investigation_due.expect("the investigation deadline runs");
    assert_eq!(due, d.calendar.add_working_days(today, 60));
    assert!(due > date(2026, 5, 22), "{due}");
    assert_eq!(t.timeline.kind, TimelineKind::Accepted);
    assert_eq!(t.timeline.actor, actor);
    assert_eq!(t.timeline.message_id, "case-timeline-accepted");
    let to: Vec<(&Recipient, &str)> = t.notifications.iter().map(|n| (&n.to, n.message_id.as_str())).collect();
    assert_eq!(to, vec![(&Recipient::Worker, "notify-worker-accepted")]);
    assert_eq!(t.new_state.owner, owner, "accepting keeps the owner");
    assert_eq!(t.new_state.first_office, case.first_office, "and the first-inquiry office");
}

mod actions {
    use super::super::actions::{Answer, Pending, Press, PromptAge, Tag, on_answer, on_button, prompt_age};
    use super::super::authz::Action;
    use super::super::buttons::ButtonData;
    use super::super::card::CardFacts;
    use crate::case::testing::xihu_building_case;
    use crate::case::{Operation, Outcome, OutcomeKind};
    use crate::deployment::testing::{date, id, sample};
    use crate::deployment::{Deployment, OfficeKind};
    use crate::outgoing::Keyboard;

    fn card(d: &Deployment) -> CardFacts {
        super::card_facts(xihu_building_case(date(2026, 2, 12), d))
    }

    fn press(action: Action, choice: Option<&str>) -> Press {
        let d = sample();
        on_button(&d, &card(&d), &ButtonData::new(7, 3, action, choice))
    }

    /// Each button's data read back as the core reads it.
    fn choices(keyboard: &Keyboard) -> Vec<ButtonData> {
        let Keyboard::Inline(rows) = keyboard else { panic!("choices are inline buttons: {keyboard:?}") };
        rows.iter().flatten().map(|b| ButtonData::decode(&b.data).expect("a card button")).collect()
    }

    #[test]
    fn one_press_actions_apply_and_the_others_ask_for_words() {
        assert_eq!(press(Action::Accept, None), Press::Apply(Operation::Accept));
        assert_eq!(press(Action::RequestInfo, None), Press::Prompt { pending: Pending::Ask, ask: "staff-prompt-ask" });
        assert_eq!(press(Action::Extend, None), Press::Prompt { pending: Pending::Extend, ask: "staff-prompt-extend" });
        assert_eq!(press(Action::View, None), Press::OpenThread);
        assert_eq!(press(Action::Unmask, None), Press::Unmask);
        assert_eq!(
            press(Action::Resolve, Some("paid_in_full")),
            Press::Apply(Operation::Resolve { outcome: Outcome::PaidInFull })
        );
        assert_eq!(
            press(Action::Resolve, Some("paid_in_part")),
            Press::Prompt {
                pending: Pending::Resolve { outcome: OutcomeKind::PaidInPart },
                ask: "staff-prompt-paid-amount"
            }
        );
        assert_eq!(
            press(Action::Resolve, Some("not_wage_claim")),
            Press::Prompt {
                pending: Pending::Resolve { outcome: OutcomeKind::NotWageClaim },
                ask: "staff-prompt-reason-referral"
            }
        );
        assert_eq!(press(Action::Tag, Some("suspected_false_claim")), Press::Tag(Tag::SuspectedFalseClaim));
    }

    #[test]
    fn choices_carry_the_case_revision_and_offer_only_what_may_be_chosen() {
        let d = sample();
        let owner = card(&d).state.owner;
        let Press::Choose { keyboard, .. } = press(Action::Transfer, None) else { panic!("a choice") };
        let offered = choices(&keyboard);
        assert!(!offered.is_empty());
        for b in &offered {
            assert_eq!((b.complaint_id, b.rev, b.action), (7, 3, Action::Transfer));
            let to = id(b.choice.as_deref().expect("an office"));
            assert_ne!(to, owner, "not to itself");
            let office = d.office(&to).expect("a deployment office");
            assert_eq!(office.kind, OfficeKind::LabourInspection, "only offices that own cases: {to:?}");
        }

        let Press::Choose { keyboard, .. } = press(Action::Resolve, None) else { panic!("a choice") };
        let outcomes: Vec<String> = choices(&keyboard).into_iter().filter_map(|b| b.choice).collect();
        assert_eq!(outcomes.len(), 8);
        assert!(!outcomes.iter().any(|o| o == "merged"), "a merge is never chosen by hand");

        let Press::Choose { keyboard, .. } = press(Action::AddCoHandler, None) else { panic!("a choice") };
        for b in choices(&keyboard) {
            let office = d.office(&id(b.choice.as_deref().expect("an office"))).expect("known");
            assert!(!matches!(office.kind, OfficeKind::Supervisor | OfficeKind::LabourInspection), "{office:?}");
        }
    }

    #[test]
    fn forged_choices_are_invalid() {
        assert_eq!(press(Action::Resolve, Some("merged")), Press::Invalid);
        assert_eq!(press(Action::Resolve, Some("nonsense")), Press::Invalid);
        assert_eq!(press(Action::Tag, Some("liar")), Press::Invalid);
        assert_eq!(press(Action::Transfer, Some("nowhere-ldjc")), Press::Invalid);
        assert_eq!(press(Action::Comment, None), Press::Invalid);
    }

    #[test]
    fn a_forged_office_choice_outside_the_offered_ones_is_invalid() {
        let d = sample();
        let owner = card(&d).state.owner.as_str().to_owned();
        // A transfer goes to another labour-inspection office only: not a supervisor, a sector
        // office, or the owner itself.
        assert!(matches!(press(Action::Transfer, Some("hz-binjiang-ldjc")), Press::Prompt { .. }));
        for forged in ["hz-qqb", "hz-xihu-zjj", owner.as_str()] {
            assert_eq!(press(Action::Transfer, Some(forged)), Press::Invalid, "transfer to {forged}");
        }
        // A co-handler is a sector office not helping yet: not a supervisor, a labour-inspection
        // office (of this county or another), one already on the case or unknown to the deployment.
        assert_eq!(
            press(Action::AddCoHandler, Some("hz-xihu-jtj")),
            Press::Apply(Operation::AddCoHandler { office: id("hz-xihu-jtj") })
        );
        let already = ["hz-xihu-zjj", owner.as_str()];
        for forged in ["hz-qqb", "hz-binjiang-ldjc", "hz-gongshu-ldjc", "nowhere-zjj"].iter().chain(&already) {
            assert_eq!(press(Action::AddCoHandler, Some(forged)), Press::Invalid, "co-handler {forged}");
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
    }

    #[test]
    fn verified_amounts_are_one_exact_amount_per_claimant_in_the_cards_order() {
        let verify = |n| Pending::Verify { claimants: n };
        assert_eq!(on_answer(&verify(3), "12000 8000、0", today()), Answer::Verify(vec![1_200_000, 800_000, 0]));
        assert_eq!(on_answer(&verify(1), "4.5万", today()), Answer::Verify(vec![4_500_000]));
        for (n, bad) in [(3, "12000 8000"), (1, "大概4万"), (2, "12000 8000 9000"), (1, "-5000")] {
            assert_eq!(on_answer(&verify(n), bad, today()), Answer::AskAgain("staff-prompt-verify-again"), "{bad}");
        }
    }

    #[test]
    fn a_penalty_reads_an_exact_fine_then_the_decision() {
        let penalty = |amount_fen, decision: &str| {
            Answer::Apply(Operation::RecordPenalty { amount_fen, decision: decision.into() })
        };
        assert_eq!(
            on_answer(&Pending::Penalty, "2万 西人社监罚〔2026〕3号", today()),
            penalty(2_000_000, "西人社监罚〔2026〕3号")
        );
        for bad in ["20000", "大概2万 罚款", "罚款 20000"] {
            assert_eq!(
                on_answer(&Pending::Penalty, bad, today()),
                Answer::AskAgain("staff-prompt-penalty-again"),
                "{bad}"
            );
        }
        assert_eq!(
            on_answer(&Pending::Blacklist, " 恶意欠薪 ", today()),
            Answer::Apply(Operation::ReferToBlacklist { reason: "恶意欠薪".into() })
        );
    }

    #[test]
    fn an_order_to_pay_reads_an_exact_amount_and_a_date_or_days() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        let order = |amount_fen, due| Answer::Apply(Operation::OrderToPay { amount_fen, due });
        assert_eq!(on_answer(&Pending::Order, "45000 2027-01-15", today()), order(4_500_000, day(2027, 1, 15)));
        assert_eq!(on_answer(&Pending::Order, "4.5万，15天", today()), order(4_500_000, day(2026, 12, 16)));
        assert_eq!(on_answer(&Pending::Order, "45,000元 2027年1月15日", today()), order(4_500_000, day(2027, 1, 15)));
        for bad in ["45000", "大概4万 15天", "45000 明天", "45000 0天", "2027-01-15"] {
            assert_eq!(on_answer(&Pending::Order, bad, today()), Answer::AskAgain("staff-prompt-order-again"), "{bad}");
        }
    }

    #[test]
    fn outcomes_need_their_details() {
        let resolve = |kind| Pending::Resolve { outcome: kind };
        assert_eq!(
            on_answer(&resolve(OutcomeKind::PaidInPart), "3000元", today()),
            Answer::Apply(Operation::Resolve { outcome: Outcome::PaidInPart { paid_fen: 300_000 } })
        );
        assert_eq!(
            on_answer(&resolve(OutcomeKind::PaidInPart), "大概三千", today()),
            Answer::AskAgain("staff-prompt-paid-amount-again")
        );
        assert_eq!(
            on_answer(
                &resolve(OutcomeKind::ReferredToArbitration),
                "劳动关系有争议；西湖区劳动人事争议仲裁院",
                today()
            ),
            Answer::Apply(Operation::Resolve {
                outcome: Outcome::ReferredToArbitration {
                    reason: "劳动关系有争议".into(),
                    referral: "西湖区劳动人事争议仲裁院".into()
                }
            })
        );
        assert_eq!(
            on_answer(&resolve(OutcomeKind::NotWageClaim), "工程款", today()),
            Answer::AskAgain("staff-prompt-reason-referral-again")
        );
        assert_eq!(
            on_answer(&resolve(OutcomeKind::Unfounded), "已核实无欠薪", today()),
            Answer::Apply(Operation::Resolve { outcome: Outcome::Unfounded { reason: "已核实无欠薪".into() } })
        );
        assert_eq!(on_answer(&resolve(OutcomeKind::Merged), "x", today()), Answer::Invalid);
    }

    #[test]
    fn a_question_for_the_worker_has_its_numbers_masked_and_a_transfer_names_its_office() {
        let Answer::Apply(Operation::RequestInfo { text }) =
            on_answer(&Pending::Ask, "请联系13800138000补充合同", today())
        else {
            panic!("a request for information")
        };
        assert!(!text.contains("13800138000"), "{text}");
        let to = Pending::Transfer { to: "hz-gongshu-ldjc".into() };
        assert_eq!(
            on_answer(&to, "工地在拱墅区", today()),
            Answer::Apply(Operation::Transfer { to: id("hz-gongshu-ldjc"), reason: "工地在拱墅区".into() })
        );
        assert_eq!(on_answer(&Pending::Transfer { to: "not an office".into() }, "x", today()), Answer::Invalid);
    }

    #[test]
    fn a_prompt_waits_thirty_minutes_and_holds_back_words_for_a_day() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z").expect("a time").to_utc();
        let at = |minutes| prompt_age(t, t + chrono::Duration::minutes(minutes));
        assert_eq!(at(0), PromptAge::Fresh);
        assert_eq!(at(29), PromptAge::Fresh);
        assert_eq!(at(30), PromptAge::Lapsed);
        assert_eq!(at(24 * 60 - 1), PromptAge::Lapsed);
        assert_eq!(at(24 * 60), PromptAge::Forgotten);
    }

    #[test]
    fn a_stored_prompt_reads_back_in_the_format_already_in_databases() {
        let json = r#"{"kind":"resolve","outcome":"paid_in_part"}"#;
        let pending: Pending = serde_json::from_str(json).expect("reads");
        assert_eq!(pending, Pending::Resolve { outcome: OutcomeKind::PaidInPart });
        assert_eq!(serde_json::to_string(&pending).expect("writes"), json);
    }
}

#[test]
fn every_office_up_the_owners_escalation_chain_may_open_the_case_read_only() {
    let d = sample();
    let case = xihu_building_case(date(2026, 2, 12), &d);
    assert_eq!(case.owner, id("hz-xihu-ldjc"));
    // An unacknowledged alert climbs from the owner to the city and then the province; each of them
    // holds its 查看案件 button.
    for office in crate::case::acknowledge::chain(&case.owner, 1, &d).iter().skip(1) {
        let place = place_of(Some(office), &case, false, &d);
        assert_eq!(place, Place::Supervisor, "{office:?}");
        assert_eq!(decide(place, Sender::Member, Action::View), Ok(()), "{office:?}");
        assert_eq!(decide(place, Sender::Member, Action::Accept), Err(Refusal::ReadOnly), "{office:?}");
    }
    assert_eq!(place_of(Some(&id("zj-qqb")), &case, false, &d), Place::Supervisor, "the province, two levels up");
    // A township's case: its district office and everyone above it.
    let mut township = case.clone();
    township.owner = id("hz-xihu-zhuantang");
    for office in ["hz-xihu-ldjc", "hz-qqb", "zj-qqb"] {
        assert_eq!(place_of(Some(&id(office)), &township, false, &d), Place::Supervisor, "{office}");
    }
    assert_eq!(place_of(Some(&id("hz-gongshu-ldjc")), &case, false, &d), Place::Unrelated, "a neighbour is not");
}
