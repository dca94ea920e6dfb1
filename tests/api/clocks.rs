//! Ownership clocks and the office's prompts through the stand-in (issue 14, items 5 and 8): a
//! prompt the case changed under is dropped and the clerk's words, typed as its answer, stay in the
//! group until sent again; material may be asked for after acceptance without stopping the
//! investigation; an unanswered request reminds the worker halfway and, at the longest wait, tells the
//! office to decide with what it has.

use wagedesk::demo::harness::Harness;
use wagedesk::ledger::{self, Period, Role};
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::staff::{XIHU, card, in_topic, link_office, press, staff_says, thread};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_the_case_changed_under_is_dropped_and_its_answer_is_not_relayed_until_sent_again() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let topic = thread(&h, FIRST_CASE, &xihu).await.0.expect("a forum topic");

    // 📝 waits for the request's words; ✅ 受理 comes before them. The clerk types on as if still answering.
    press(&h, &xihu, "要求补充材料").await;
    press(&h, &xihu, "受理").await;
    assert_eq!(status(&h).await, "accepted");
    let internal = "老板在别的区还有三起欠薪，内部先别说";
    staff_says(&h, FIRST_CASE, &xihu, internal).await;

    let worker_sees = chat_texts(&h, &w);
    assert!(
        !worker_sees.contains(internal),
        "words typed as the prompt's answer never reach the worker: {worker_sees}"
    );
    assert!(!worker_sees.contains("需要你补充材料"), "not turned into a request: {worker_sees}");
    assert_eq!(status(&h).await, "accepted", "the message changed nothing");
    let group = texts(&in_topic(&h, &xihu, topic));
    assert!(group.contains("之前按钮的提示已取消") && group.contains("请再发一次"), "the clerk is told: {group}");
    assert!(!group.contains("不能进行这项操作"), "no refusal: {group}");

    // Sent again, it is ordinary talk and reaches the worker.
    staff_says(&h, FIRST_CASE, &xihu, "我们明天上午去工地核实，请带上考勤记录").await;
    assert!(chat_texts(&h, &w).contains("我们明天上午去工地核实，请带上考勤记录"), "{}", chat_texts(&h, &w));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_typed_after_a_prompt_lapsed_are_held_back_and_a_day_later_are_talk_again() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let topic = thread(&h, FIRST_CASE, &xihu).await.0.expect("a forum topic");
    press(&h, &xihu, "受理").await;

    // ⚖️ asks for the verified amounts; the clerk types them 31 minutes later.
    press(&h, &xihu, "核定金额").await;
    h.ctx.clock.advance(chrono::TimeDelta::minutes(31));
    staff_says(&h, FIRST_CASE, &xihu, "43210").await;
    assert!(
        !chat_texts(&h, &w).contains("43210"),
        "an answer to the prompt never reaches the worker: {}",
        chat_texts(&h, &w)
    );
    let group = texts(&in_topic(&h, &xihu, topic));
    assert!(group.contains("已超过 30 分钟，已失效") && group.contains("请重新按按钮"), "the clerk is told: {group}");
    let verified: Option<i64> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT verified_fen FROM claimants").fetch_one(c).await).unwrap();
    assert_eq!(verified, None, "nothing recorded");

    // Pressed and left for a day: the clerk's next words are talk with the worker again.
    press(&h, &xihu, "核定金额").await;
    h.ctx.clock.advance(chrono::TimeDelta::hours(25));
    staff_says(&h, FIRST_CASE, &xihu, "明天上午请来大队一趟").await;
    assert!(chat_texts(&h, &w).contains("明天上午请来大队一趟"), "{}", chat_texts(&h, &w));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn material_asked_for_after_acceptance_keeps_the_investigation_clock_and_the_answer_returns_the_case() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    press(&h, &xihu, "受理").await;
    let due_before: Option<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT investigation_due FROM cases").fetch_one(c).await).unwrap();

    let card_now = card(&h, FIRST_CASE, &xihu).await;
    assert!(card_now.callback_buttons().iter().any(|(t, _)| t.contains("要求补充材料")), "📝 after acceptance");
    press(&h, &xihu, "要求补充材料").await;
    staff_says(&h, FIRST_CASE, &xihu, "请补充一张工资条的照片").await;
    assert_eq!(status(&h).await, "need_info");
    assert!(chat_texts(&h, &w).contains("需要你补充材料：请补充一张工资条的照片"), "{}", chat_texts(&h, &w));

    w.send(&h, "工资条在这里，我晚上拍照发给你们").await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(status(&h).await, "accepted", "back to where it was");
    let due_after: Option<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT investigation_due FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(due_after, due_before, "the investigation clock did not stop");
    assert!(chat_texts(&h, &w).contains("会继续处理你的案子"), "{}", chat_texts(&h, &w));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_request_reminds_the_worker_halfway_and_tells_the_office_at_the_longest_wait() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let topic = thread(&h, FIRST_CASE, &xihu).await.0.expect("a forum topic");
    press(&h, &xihu, "要求补充材料").await;
    staff_says(&h, FIRST_CASE, &xihu, "请补充劳动合同").await;
    assert_eq!(status(&h).await, "need_info");

    // Halfway through the 15 days of the sample deployment: the worker is reminded, once.
    h.ctx.clock.advance(chrono::Duration::days(7));
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    let reminders = chat_texts(&h, &w).matches("请你补充材料，还没有收到").count();
    assert_eq!(reminders, 1, "{}", chat_texts(&h, &w));

    // At the longest wait the office is told to decide with what it has; the clock runs again.
    h.ctx.clock.advance(chrono::Duration::days(8));
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    let group = texts(&in_topic(&h, &xihu, topic));
    assert!(group.contains("15 天未补充所要的材料") && group.contains("请按现有材料"), "{group}");

    // Past the resumed acceptance clock the case is escalated, and the ledger counts it overdue too.
    let overdue = |h: &Harness| {
        let (db, today) = (h.ctx.db.clone(), h.ctx.clock.today());
        async move {
            let mut conn = db.acquire().await.unwrap();
            let period = Period { from: today - chrono::Days::new(60), to: today };
            ledger::summary(&mut conn, XIHU, Role::Owner, period, today).await.unwrap().all.overdue
        }
    };
    assert_eq!(overdue(&h).await, 0, "not yet due");
    h.ctx.clock.advance(chrono::Duration::days(14));
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    let group = texts(&in_topic(&h, &xihu, topic));
    assert!(group.contains("超期"), "escalated: {group}");
    assert_eq!(overdue(&h).await, 1, "what the scheduler escalates, the ledger counts");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_whose_alert_cannot_be_recorded_does_not_hold_up_the_other_cases_alerts() {
    if on_postgres() {
        return; // the failure is made with a SQLite trigger
    }
    let h = start().await;
    let _xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut li = h.worker("李建国");
    file_complaint_zh(&h, &mut li).await.unwrap();
    let mut zhang = h.worker("张志强");
    let other = Intake::li().name("张志强").employer("杭州宏达劳务有限公司").phone("13912345600").skip_id();
    file_complaint_zh_as(&h, &mut zhang, &other).await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM cases").await, 2);
    on_db!(h.ctx.db, c => sqlx::query(
        "CREATE TRIGGER first_case_fails BEFORE INSERT ON clock_alerts_sent
         WHEN NEW.complaint_id = (SELECT MIN(complaint_id) FROM cases)
         BEGIN SELECT RAISE(ABORT, 'disk trouble'); END",
    )
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();

    // Both cases are past their acceptance deadline; the first one's alert cannot be written.
    h.ctx.clock.advance(chrono::TimeDelta::days(10));
    wagedesk::scheduler::scan(&h.ctx).await.expect("the pass goes on past one case");
    let alerted: Vec<i64> = on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT DISTINCT complaint_id FROM clock_alerts_sent ORDER BY complaint_id",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let second: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT MAX(complaint_id) FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(alerted, [second], "the second case's escalation went out");
    finish(h).await;
}
