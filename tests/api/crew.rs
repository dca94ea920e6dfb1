//! A crew's case through the stand-in: a 班组长 files for five with the crew's total and gets a join
//! link; four workers (two in English) open it and give their own amounts; every one of them is told
//! of acceptance and resolution in their own language and asked about their own amount; the case is
//! closed (销账) only after all five confirm, and one "only part of it" keeps it open with the rest owed.

use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::script::Act;
use wagedesk::script::Intake;
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::staff::{XIHU, link_office, press};

/// A crew member who opens the link in a new chat and answers for themselves.
async fn join(h: &Harness, code: &str, name: &str, phone: &str, amount: &str, english: bool) -> SimWorker {
    let mut w = h.worker(name);
    let labels = if english {
        ["English", "I agree", "Yes", "Skip", "All correct", "It is true, submit"]
    } else {
        ["中文", "同意", "对", "不填", "确认无误", "我保证属实"]
    };
    let steps = [
        Act::text(format!("/start j{code}")),
        Act::press(labels[0]),
        Act::press(labels[1]),
        Act::text(amount),
        Act::press(labels[2]),
        Act::text(name),
        Act::text(phone),
        Act::press(labels[3]),
        Act::press(labels[4]),
        Act::press(labels[5]),
    ];
    let answers = texts(&walk(h, &mut w, &steps).await.unwrap_or_else(|e| panic!("{name}: {e:#}")));
    assert!(answers.contains(FIRST_CASE), "{name} joined the crew's case: {answers}");
    w
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crew_of_five_is_told_asked_and_counted_one_by_one_and_closes_only_when_all_are_paid() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut leader = h.worker("张班长");
    let crew = Intake { crew: Some("5".into()), ..Intake::li() }.amount("5万").name("张班长").daily_rate_first(false);
    let filed = texts(&file_complaint_zh_as(&h, &mut leader, &crew).await.unwrap());
    let code: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT code FROM crew_links").fetch_one(c).await).unwrap();
    assert!(filed.contains(&format!("/join {code}")) && filed.contains(&format!("?start=j{code}")), "{filed}");

    let mut members = [
        join(&h, &code, "刘强", "13900000001", "8000", false).await,
        join(&h, &code, "陈明", "13900000002", "9000", false).await,
        join(&h, &code, "Wang Fang", "13900000003", "10000", true).await,
        join(&h, &code, "Zhao Lei", "13900000004", "11000", true).await,
    ];
    // The members' amounts left the leader's line, which is now his own share: nothing counted twice.
    let lines: Vec<(String, i64)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT role, amount_fen FROM claimants ORDER BY id").fetch_all(c).await)
            .unwrap();
    let fen: Vec<i64> = lines.iter().map(|(_, f)| *f).collect();
    assert_eq!(fen, [1_200_000, 800_000, 900_000, 1_000_000, 1_100_000], "{lines:?}");
    let (claimed, workers): (i64, i64) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT claimed_fen, workers FROM cases").fetch_one(c).await).unwrap();
    assert_eq!((claimed, workers), (5_000_000, 5), "the ledger counts each worker once");
    let card = texts(&h.standin.messages_in(xihu.group.id));
    assert!(!card.contains("13900000003"), "no plain phone in the office group");

    // Every claimant hears of acceptance and resolution, in their own language.
    press(&h, &xihu, "受理").await;
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "已足额支付").await;
    h.settle().await.unwrap();
    for (w, english) in members.iter().zip([false, false, true, true]) {
        let chat = chat_texts(&h, w);
        let office =
            if english { "Xihu District Labour Inspection Brigade" } else { "西湖区劳动保障监察大队" };
        for id in ["notify-worker-accepted", "notify-worker-resolved"] {
            let told: i64 = on_db!(h.ctx.db, c =>
                    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient = $1 AND message_id = $2")
                    .bind(format!("claimant:{}", w.chat_id()))
                    .bind(id)
                    .fetch_one(c)
                    .await)
            .unwrap();
            assert_eq!(told, 1, "{} is told {id}", w.user.first_name);
        }
        assert!(chat.matches(office).count() >= 2, "{}: in their language: {chat}", w.user.first_name);
    }

    // Each is asked about their own amount.
    scan(&h).await;
    assert!(chat_texts(&h, &leader).contains("你收到 ¥12,000 了吗"), "{}", chat_texts(&h, &leader));
    assert!(chat_texts(&h, &members[0]).contains("你收到 ¥8,000 了吗"));
    assert!(chat_texts(&h, &members[2]).contains("Did you receive ¥10,000?"), "{}", chat_texts(&h, &members[2]));

    // Four confirm: the case waits for the fifth.
    texts(&leader.press(&h, "收到了").await.unwrap());
    for (w, label) in members.iter_mut().zip(["收到了", "收到了", "Received"]) {
        let said = texts(&w.press(&h, label).await.unwrap());
        assert!(said.contains(FIRST_CASE), "{said}");
        assert_eq!(status(&h).await, "resolved", "not closed while a worker has not confirmed");
    }
    let office = texts(&h.standin.messages_in(xihu.group.id));
    assert!(office.contains("还有 1 位工人未确认"), "{office}");

    // The fifth got only part: the case is open again, with the rest owed.
    let last = &mut members[3];
    last.press(&h, "Only part").await.unwrap();
    let said = texts(&last.send(&h, "7000").await.unwrap());
    assert!(said.contains("¥7,000") && said.contains("¥4,000"), "{said}");
    assert_eq!(status(&h).await, "reopened");
    let office = texts(&h.standin.messages_in(xihu.group.id));
    assert!(office.contains("还欠 ¥4,000"), "{office}");

    // Resolved again: only the one still owed is asked, about the rest.
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "已足额支付").await;
    scan(&h).await;
    assert_eq!(chat_texts(&h, &leader).matches("你收到 ¥").count(), 1, "the leader is not asked again");
    assert!(chat_texts(&h, &members[3]).contains("Did you receive ¥4,000?"), "{}", chat_texts(&h, &members[3]));
    members[3].press(&h, "Received").await.unwrap();
    assert_eq!(status(&h).await, "closed", "closed once all five confirmed");
    let confirmed =
        count(&h, "SELECT COUNT(*) FROM claimants WHERE confirmed_at IS NOT NULL AND paid_fen = amount_fen").await;
    assert_eq!(confirmed, 5);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_amount_covering_the_member_and_a_leader_owed_nothing_let_the_case_close() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut leader = h.worker("张班长");
    let crew = Intake { crew: Some("2".into()), ..Intake::li() }.amount("2万").name("张班长").daily_rate_first(false);
    file_complaint_zh_as(&h, &mut leader, &crew).await.unwrap();
    let code: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT code FROM crew_links").fetch_one(c).await).unwrap();
    // The member's amount is the crew's whole total: nothing is left on the leader's line.
    let mut member = join(&h, &code, "刘强", "13900000001", "20000", false).await;
    let fen: Vec<i64> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT amount_fen FROM claimants ORDER BY id").fetch_all(c).await)
            .unwrap();
    assert_eq!(fen, [0, 2_000_000]);

    press(&h, &xihu, "受理").await;
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "已足额支付").await;
    scan(&h).await;
    assert!(!chat_texts(&h, &leader).contains("你收到 ¥"), "the leader is owed nothing: {}", chat_texts(&h, &leader));
    assert!(chat_texts(&h, &member).contains("你收到 ¥20,000 了吗"), "{}", chat_texts(&h, &member));

    // "Only part", then the whole amount typed: confirmed in full, and nobody else is waited for.
    member.press(&h, "只收到一部分").await.unwrap();
    let said = texts(&member.send(&h, "2万").await.unwrap());
    assert!(!said.contains("还欠你"), "{said}");
    assert!(said.contains(&format!("案件 {FIRST_CASE} 结了（销账）")), "{said}");
    assert!(said.contains("满意吗"), "the satisfaction question follows at once: {said}");
    assert_eq!(status(&h).await, "closed");
    let confirmed = count(&h, "SELECT COUNT(*) FROM claimants WHERE confirmed_at IS NOT NULL").await;
    assert_eq!(confirmed, 1, "the member's claim is confirmed");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_whose_crew_case_ended_meanwhile_files_as_a_worker_and_takes_nothing_off_another_case() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut leader = h.worker("张班长");
    let crew = Intake { crew: Some("3".into()), ..Intake::li() }.amount("3万").name("张班长").daily_rate_first(false);
    file_complaint_zh_as(&h, &mut leader, &crew).await.unwrap();
    let code: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT code FROM crew_links").fetch_one(c).await).unwrap();

    // A member opens the crew link and stops halfway.
    let mut member = h.worker("刘强");
    let halfway = [Act::text(format!("/start j{code}")), Act::press("中文"), Act::press("同意"), Act::text("8000")];
    walk(&h, &mut member, &halfway).await.unwrap();

    // The crew's case is resolved; another worker then files about the same worksite and employer,
    // which opens a case of its own.
    press(&h, &xihu, "受理").await;
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "已足额支付").await;
    let mut other = h.worker("王秀英");
    let own = Intake::li().name("王秀英").phone("13912345678").skip_id();
    file_complaint_zh_as(&h, &mut other, &own).await.unwrap();
    let other_case: (i64, String) = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT id, case_number FROM complaints WHERE case_number <> $1",
    )
    .bind(FIRST_CASE)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(filer_line(&h, other_case.0).await, 4_500_000);

    // The member comes back and submits: they join the other case as a worker of their own.
    let rest = [
        Act::press("对"),
        Act::text("刘强"),
        Act::text("13900000001"),
        Act::press("不填"),
        Act::press("确认无误"),
        Act::press("我保证属实"),
    ];
    let said = texts(&walk(&h, &mut member, &rest).await.unwrap());
    assert_eq!(filer_line(&h, other_case.0).await, 4_500_000, "the other worker's amount is untouched");
    assert_eq!(filer_line(&h, 1).await, 3_000_000, "the crew's case is untouched too");
    assert!(said.contains(&other_case.1), "{said}");
    assert!(said.contains(&format!("你班组的案件 {FIRST_CASE} 已经办结或撤回")), "told plainly: {said}");
    let member_line: (i64, bool) = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT amount_fen, crew = 1 FROM claimants WHERE complaint_id = $1 AND role = 'member'",
    )
    .bind(other_case.0)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(member_line, (800_000, false), "their own amount, as an ordinary worker");
    let (claimed, workers): (i64, i64) = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT claimed_fen, workers FROM cases WHERE complaint_id = $1",
    )
    .bind(other_case.0)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!((claimed, workers), (5_300_000, 2), "counted as one more worker with their amount");
    finish(h).await;
}

/// What the filer's line of case `complaint_id` claims now.
async fn filer_line(h: &Harness, complaint_id: i64) -> i64 {
    on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT amount_fen FROM claimants WHERE complaint_id = $1 AND role = 'filer'")
        .bind(complaint_id)
        .fetch_one(c)
        .await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_withdrew_and_joins_again_is_taken_off_the_leaders_line_once_and_counted_once() {
    let h = start().await;
    let mut leader = h.worker("张班长");
    let crew = Intake { crew: Some("3".into()), ..Intake::li() }.amount("3万").name("张班长").daily_rate_first(false);
    file_complaint_zh_as(&h, &mut leader, &crew).await.unwrap();
    let code: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT code FROM crew_links").fetch_one(c).await).unwrap();
    let complaint: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT id FROM complaints").fetch_one(c).await).unwrap();
    let totals = || async {
        let (claimed, workers): (i64, i64) =
            on_db!(h.ctx.db, c => sqlx::query_as("SELECT claimed_fen, workers FROM cases").fetch_one(c).await).unwrap();
        (filer_line(&h, complaint).await, claimed, workers)
    };
    let mut liu = join(&h, &code, "刘强", "13900000001", "10000", false).await;
    assert_eq!(totals().await, (2_000_000, 3_000_000, 3));
    liu.send(&h, "/withdraw").await.unwrap();
    liu.press(&h, &format!("撤回 {FIRST_CASE}")).await.unwrap();
    assert_eq!(totals().await, (2_000_000, 2_000_000, 3), "his amount off the case; the crew is still three");

    // He changes his mind and opens the link again: back on the case once, the leader's line untouched.
    join(&h, &code, "刘强", "13900000001", "10000", false).await;
    assert_eq!(totals().await, (2_000_000, 3_000_000, 3));
    // The third of the crew joins: still three workers.
    join(&h, &code, "陈明", "13900000002", "5000", false).await;
    assert_eq!(totals().await, (1_500_000, 3_000_000, 3));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_files_alone_on_the_crews_case_is_pointed_out_to_the_office() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut leader = h.worker("张班长");
    let crew = Intake { crew: Some("3".into()), ..Intake::li() }.amount("3万").name("张班长").daily_rate_first(false);
    file_complaint_zh_as(&h, &mut leader, &crew).await.unwrap();
    // One of the three files by themselves, about the same employer, instead of using the link.
    let mut alone = h.worker("刘强");
    let own = Intake::li().name("刘强").amount("1万").phone("13900000009").daily_rate_first(false);
    file_complaint_zh_as(&h, &mut alone, &own).await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1, "joined the crew's case");
    let office = texts(&h.standin.messages_in(xihu.group.id));
    assert!(office.contains("可能已经算在班组长填的人数和金额里"), "{office}");
    // A member through the link is the crew's, and nothing is pointed out.
    let code: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT code FROM crew_links").fetch_one(c).await).unwrap();
    join(&h, &code, "陈明", "13900000008", "8000", false).await;
    let office = texts(&h.standin.messages_in(xihu.group.id));
    assert_eq!(office.matches("可能已经算在班组长填的人数和金额里").count(), 1, "{office}");
    finish(h).await;
}
