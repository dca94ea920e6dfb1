//! Closing the loop (不解决不销账) through the stand-in: after the office resolves a case as paid, the
//! worker is asked whether the money arrived; "not received" reopens the case and alerts the owner,
//! "received" closes it and asks about satisfaction (不满意 goes to the supervisor), "partly" records the
//! amount and reopens the case with the rest owed; an unanswered question is reminded once and then shown to the office as unconfirmed; 回头看
//! comes on its day. Time is moved on the manual clock, and the scheduler's scan is stepped by hand.

use chrono::Duration;
use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::staff::{Office, XIHU, link_office, press, resolve_paid_in_full, staff_says};

/// A filed complaint, accepted and resolved as paid in full by the Xihu office in its forum.
async fn resolved_as_paid(h: &Harness) -> (SimWorker, Office) {
    let xihu = link_office(h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(h, &mut w).await.unwrap();
    press(h, &xihu, "受理").await;
    press(h, &xihu, "办结").await;
    press(h, &xihu, "已足额支付").await;
    assert_eq!(status(h).await, "resolved");
    (w, xihu)
}

fn group_texts(h: &Harness, office: &Office) -> String {
    texts(&h.standin.messages_in(office.group.id))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_received_reopens_the_case_and_alerts_the_owner() {
    let h = start().await;
    let (mut w, xihu) = resolved_as_paid(&h).await;
    scan(&h).await;
    let (question, data) = button(&h, &w, "没收到");
    assert!(question.text.as_deref().unwrap().contains("你收到 ¥45,000 了吗？"), "{:?}", question.text);
    assert!(data.starts_with("c:") && data.len() <= 64, "{data}");
    for (_, d) in question.callback_buttons() {
        assert!(!d.contains(&FIRST_CASE[3..]) && !d.contains(":1:"), "no case id in the button: {d}");
    }
    scan(&h).await;
    assert_eq!(chat_texts(&h, &w).matches("你收到 ¥45,000 了吗").count(), 1, "asked once");

    let answers = w.press(&h, "没收到").await.unwrap();
    assert_eq!(status(&h).await, "reopened");
    assert!(texts(&answers).contains(&format!("案件 {FIRST_CASE} 已重新办理")), "{}", texts(&answers));
    let office = group_texts(&h, &xihu);
    assert!(office.contains("工人表示问题没有解决，案件重新办理。原因：工人说没有收到钱"), "{office}");
    let supervisor: i64 = count(&h, "SELECT COUNT(*) FROM notifications WHERE recipient = 'supervisor:hz-qqb'").await;
    assert_eq!(supervisor, 1, "the supervisor hears of a reopening by the worker");

    // The same question pressed again (an old copy of it) is re-checked and refused politely.
    let query = h.standin.press_button(&w.user, &question, &button_data(&question, "收到了")).unwrap();
    h.settle().await.unwrap();
    let toast = h.standin.callback_answer(query["id"].as_str().unwrap()).unwrap();
    assert_eq!(toast["text"], "这个问题已经过时了，不用再回答。");
    assert_eq!(status(&h).await, "reopened");
    finish(h).await;
}

fn button_data(message: &wagedesk::standin::SentMessage, label: &str) -> String {
    message.callback_buttons().into_iter().find(|(t, _)| t.contains(label)).map(|(_, d)| d).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn received_closes_then_dissatisfaction_reaches_the_supervisor_and_the_follow_up_reopens() {
    let h = start().await;
    let (mut w, xihu) = resolved_as_paid(&h).await;
    let supervisor = link_office(&h, "hz-qqb", GroupKind::Supergroup).await;
    scan(&h).await;

    let answers = texts(&w.press(&h, "收到了").await.unwrap());
    assert_eq!(status(&h).await, "closed");
    assert!(answers.contains(&format!("案件 {FIRST_CASE} 结了（销账）")), "{answers}");
    assert!(answers.contains("你对 西湖区劳动保障监察大队 的办理满意吗？"), "asked at once: {answers}");
    assert!(group_texts(&h, &xihu).contains("工人确认已收到工资，案件销账。"));

    let answers = texts(&w.press(&h, "不满意").await.unwrap());
    assert!(answers.contains("已转给上级督办部门"), "{answers}");
    assert!(group_texts(&h, &supervisor).contains("工人对 西湖区劳动保障监察大队 的办理结果不满意"));
    let answers = texts(&w.send(&h, "打了三次电话13800138000都没人接").await.unwrap());
    assert!(answers.contains("谢谢你的评价"), "{answers}");
    let words = group_texts(&h, &supervisor);
    assert!(words.contains("打了三次电话138****8000都没人接") && !words.contains(PHONE), "{words}");
    let sealed: Option<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT words FROM followups WHERE kind = 'satisfaction'")
        .fetch_one(c)
        .await)
        .unwrap();
    assert!(!sealed.unwrap().contains("电话"), "the worker's words are kept sealed");

    // 回头看 after the deployment's 28 days, not before.
    h.ctx.clock.advance(Duration::days(27));
    scan(&h).await;
    assert!(!chat_texts(&h, &w).contains("回头看"));
    h.ctx.clock.advance(Duration::days(1));
    scan(&h).await;
    assert!(
        chat_texts(&h, &w).contains(&format!(
            "案件 {FIRST_CASE} 结了（销账）有一段时间了，西湖区劳动保障监察大队 再来问问你（回头看）"
        ))
    );
    let answers = texts(&w.press(&h, "没拿到").await.unwrap());
    assert_eq!(status(&h).await, "reopened");
    assert!(answers.contains("已重新办理"), "{answers}");
    assert!(group_texts(&h, &xihu).contains("回头看：工人说没拿到钱或又被拖欠"));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_who_says_at_the_follow_up_they_were_not_paid_is_asked_again_when_the_office_pays() {
    let h = start().await;
    let (mut w, xihu) = resolved_as_paid(&h).await;
    scan(&h).await;
    w.press(&h, "收到了").await.unwrap();
    assert_eq!(status(&h).await, "closed");
    h.ctx.clock.advance(Duration::days(28));
    scan(&h).await;
    w.press(&h, "没拿到").await.unwrap();
    assert_eq!(status(&h).await, "reopened");

    // Their confirmation of the first payment no longer stands: the office's next one is asked.
    resolve_paid_in_full(&h, &xihu).await;
    assert_eq!(status(&h).await, "resolved", "not closed on the old confirmation");
    let asked = chat_texts(&h, &w);
    assert_eq!(asked.matches("说工资已经支付。你收到").count(), 2, "{asked}");
    let answers = texts(&w.press(&h, "收到了").await.unwrap());
    assert_eq!(status(&h).await, "closed", "{answers}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_long_after_a_rating_are_the_next_message_not_a_comment_on_it() {
    let h = start().await;
    let (mut w, _xihu) = resolved_as_paid(&h).await;
    scan(&h).await;
    w.press(&h, "收到了").await.unwrap();
    assert_eq!(status(&h).await, "closed");
    let answers = texts(&w.press(&h, "满意").await.unwrap());
    assert!(!answers.contains("谢谢你的评价"), "words may follow the rating: {answers}");

    // Words within the hour would be its comment; the worker added none, and an hour on writes
    // about something else.
    h.ctx.clock.advance(Duration::minutes(61));
    let answers = texts(&w.send(&h, "老板又欠我工资了").await.unwrap());
    assert!(!answers.contains("谢谢你的评价"), "not swallowed as a comment: {answers}");
    let words: Option<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT words FROM followups WHERE kind = 'satisfaction'")
        .fetch_one(c)
        .await)
        .unwrap();
    assert_eq!(words, None, "nothing kept as the rating's words");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_question_is_reminded_once_then_unconfirmed_and_partly_records_the_amount() {
    let h = start().await;
    let (mut w, xihu) = resolved_as_paid(&h).await;
    scan(&h).await;

    h.ctx.clock.advance(Duration::days(2));
    scan(&h).await;
    assert!(!chat_texts(&h, &w).contains("提醒一下"), "not before three days");
    h.ctx.clock.advance(Duration::days(1));
    scan(&h).await;
    scan(&h).await;
    assert_eq!(chat_texts(&h, &w).matches("提醒一下").count(), 1, "one reminder");
    assert!(!group_texts(&h, &xihu).contains("本案未确认"));
    h.ctx.clock.advance(Duration::days(4));
    scan(&h).await;
    scan(&h).await;
    assert_eq!(group_texts(&h, &xihu).matches("本案未确认、不能销账").count(), 1, "the office sees it once");
    assert_eq!(status(&h).await, "resolved", "unconfirmed is not closed");

    // The worker answers late, on the reminder: only part arrived.
    let answers = texts(&w.press(&h, "只收到一部分").await.unwrap());
    assert!(answers.contains("你实际收到了多少钱"), "{answers}");
    // A pass that listed the question before this press does not move it on over the answer.
    let id: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT id FROM followups WHERE kind = 'payment'")
        .fetch_one(c)
        .await)
    .unwrap();
    for (from, to) in [("asked", "reminded"), ("reminded", "unconfirmed")] {
        let mut tx = wagedesk::storage::begin_write(&h.ctx.db).await.unwrap();
        let moved = wagedesk::storage::followups::advance(&mut tx, id, from, to, "2099-01-01T00:00:00Z").await;
        assert!(!moved.unwrap(), "{from} → {to} over an answer");
    }
    let answers = texts(&w.send(&h, "不太清楚").await.unwrap());
    assert!(answers.contains("没看懂这个金额"), "{answers}");
    let answers = texts(&w.send(&h, "3万").await.unwrap());
    assert!(answers.contains("已记下：你收到了 ¥30,000"), "{answers}");
    assert!(answers.contains("还欠你 ¥15,000"), "{answers}");
    let office = group_texts(&h, &xihu);
    assert!(office.contains("工人收到 ¥30,000，应得 ¥45,000，还欠 ¥15,000"), "{office}");
    assert_eq!(status(&h).await, "reopened", "a part payment reopens the case: the rest is still owed");
    let fen: Option<i64> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT amount_fen FROM followups WHERE kind = 'payment'")
        .fetch_one(c)
        .await)
        .unwrap();
    assert_eq!(fen, Some(3_000_000));
    // Later words go to the office as usual, not to the finished question.
    let before = count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'relayed'").await;
    w.send(&h, "老板说剩下的下个月给").await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'relayed'").await, before + 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_worker_not_paid_reopens_the_case_for_every_claimant_and_the_one_who_answered_is_told_once() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (mut li, mut wang) = li_and_wang_on_one_case(&h).await;
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;

    // The worker who joined answers: the filer, who was told the case was resolved, hears it reopened.
    let answers = texts(&wang.press(&h, "没收到").await.unwrap());
    h.settle().await.unwrap();
    assert_eq!(status(&h).await, "reopened");
    assert!(answers.contains("已重新办理"), "{answers}");
    let coworker = "有一位工友反映钱没有收到";
    assert_eq!(chat_texts(&h, &li).matches(coworker).count(), 1, "{}", chat_texts(&h, &li));
    assert!(!chat_texts(&h, &wang).contains(coworker), "the one who answered is not told twice");

    // Resolved again; now the filer answers, and the worker who joined hears it.
    resolve_paid_in_full(&h, &xihu).await;
    li.press(&h, "没收到").await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(status(&h).await, "reopened");
    assert_eq!(chat_texts(&h, &wang).matches(coworker).count(), 1, "{}", chat_texts(&h, &wang));
    assert_eq!(chat_texts(&h, &li).matches(coworker).count(), 1, "still only the first one");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_confirming_at_the_same_moment_close_the_case() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (li, wang) = li_and_wang_on_one_case(&h).await;
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    let (_, li_received) = button(&h, &li, "收到了");
    let (_, wang_received) = button(&h, &wang, "收到了");

    // Both answers are decided at once, as two replicas would: the second waits for the first's
    // write and sees it, rather than both seeing the other still waiting.
    let lang = wagedesk::i18n::Lang::ZhHans;
    let mut first = wagedesk::storage::begin_write(&h.ctx.db).await.unwrap();
    wagedesk::followup::on_button(&mut first.conn(), &h.ctx, li.chat_id(), lang, &li_received).await.unwrap();
    let ctx = h.ctx.clone();
    let wang_chat = wang.chat_id();
    let second = tokio::spawn(async move {
        let mut tx = wagedesk::storage::begin_write(&ctx.db).await.unwrap();
        wagedesk::followup::on_button(&mut tx.conn(), &ctx, wang_chat, lang, &wang_received).await.unwrap();
        tx.commit().await.unwrap();
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    second.await.unwrap();
    assert_eq!(status(&h).await, "closed", "both confirmed: nobody is left to wait for");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_closed_without_a_worker_gives_them_a_button_that_reopens_it_and_the_follow_up_still_comes() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (mut li, mut wang) = li_and_wang_on_one_case(&h).await;
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    li.press(&h, "收到了").await.unwrap();
    staff_says(&h, FIRST_CASE, &xihu, "/unreachable 2 打了四次电话都没人接").await;
    assert_eq!(status(&h).await, "closed");
    let said = group_texts(&h, &xihu);
    assert!(said.contains("第 2 位申请人（王*英）无法联系"), "whom the number meant is named: {said}");
    let told = chat_texts(&h, &wang);
    assert!(told.contains("请点下面的“我的钱没收到”") && !told.contains("直接回复这里"), "{told}");

    // The button does not take the place of the 回头看 on the follow-up day.
    h.ctx.clock.advance(Duration::days(28));
    scan(&h).await;
    assert!(chat_texts(&h, &wang).contains("再来问问你（回头看）"), "{}", chat_texts(&h, &wang));
    let recheck = h
        .standin
        .messages_in(wang.chat_id())
        .into_iter()
        .rev()
        .find(|m| m.callback_buttons().iter().any(|(label, _)| label.contains("又被拖欠了")))
        .expect("the 回头看 question");

    let answers = texts(&wang.press(&h, "我的钱没收到").await.unwrap());
    h.settle().await.unwrap();
    assert_eq!(status(&h).await, "reopened", "the promise is kept: {answers}");
    assert!(answers.contains(&format!("案件 {FIRST_CASE} 已重新办理")), "{answers}");
    assert!(group_texts(&h, &xihu).contains("一位工人说自己的钱没有收到"), "{}", group_texts(&h, &xihu));
    let actor: String = on_db!(h.ctx.db, c =>
        sqlx::query_scalar("SELECT actor FROM timeline WHERE event = 'reopened'").fetch_one(c).await)
    .unwrap();
    assert_eq!(actor, "worker");
    assert!(chat_texts(&h, &li).contains("有一位工友反映钱没有收到"), "{}", chat_texts(&h, &li));

    // Resolved and closed again the same way: the 回头看 asked after the first closing, never answered,
    // is about a closing that is no longer the case's; its "not paid" reopens nothing.
    resolve_paid_in_full(&h, &xihu).await;
    staff_says(&h, FIRST_CASE, &xihu, "/unreachable 2 还是联系不上").await;
    assert_eq!(status(&h).await, "closed");
    let (_, data) = recheck.callback_buttons().into_iter().find(|(label, _)| label.contains("又被拖欠了")).unwrap();
    h.standin.press_button(&wang.user, &recheck, &data).unwrap();
    h.settle().await.unwrap();
    assert_eq!(status(&h).await, "closed", "an old closing's question reopens nothing");
    finish(h).await;
}
