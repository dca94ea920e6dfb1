//! The officer's record through the stand-in: an order to pay from the card puts its deadline on the
//! card, the worker is told, its expiry alerts the owner, and a police referral is refused until
//! there is one and then keeps the case open; the verified amounts are typed per claimant and shown on the card beside each
//! claimant's own amount; before acceptance only a written decision not to accept ends a case.

use chrono::Duration;
use wagedesk::demo::harness::Harness;
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::staff::{XIHU, card, link_office, press, staff_says};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_to_pay_goes_on_the_card_and_a_police_referral_needs_one_first() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    let group = |h: &Harness| texts(&h.standin.messages_in(xihu.group.id));

    // Before acceptance an outcome other than "not accepted" is refused.
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "经核实不成立").await;
    staff_says(&h, FIRST_CASE, &xihu, "老板出示了工资发放记录").await;
    assert!(group(&h).contains("还没有作出受理决定"), "{}", group(&h));
    assert_eq!(status(&h).await, "submitted");

    press(&h, &xihu, "✅ 受理").await;
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "移送公安").await;
    staff_says(&h, FIRST_CASE, &xihu, "老板拒不支付").await;
    assert!(group(&h).contains("要先责令用人单位限期支付"), "{}", group(&h));
    assert_eq!(status(&h).await, "accepted", "refused without an order to pay");

    press(&h, &xihu, "责令限期支付").await;
    staff_says(&h, FIRST_CASE, &xihu, "45000 15天").await;
    let shown = card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(shown.contains("责令限期支付：¥45,000，期限"), "{shown}");
    assert_eq!(status(&h).await, "handling");
    let told = chat_texts(&h, &w);
    assert!(told.contains("责令") && told.contains("¥45,000"), "the worker is told: {told}");
    let due: Option<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT order_due FROM cases").fetch_one(c).await).unwrap();
    let expected = (h.ctx.clock.today() + Duration::days(15)).to_string();
    assert_eq!(due.as_deref(), Some(expected.as_str()), "the ledger's copy");

    // The deadline passes: the owner is told once, and — ¥45,000 reaches the sample province's ¥30,000
    // for refusing to pay wages — to consider the police.
    h.ctx.clock.advance(Duration::days(16));
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(group(&h).matches("责令限期支付的期限").count(), 1, "{}", group(&h));
    assert!(group(&h).contains("请考虑移送公安") && group(&h).contains("¥30,000"), "{}", group(&h));

    // A fine and a referral for joint punishment go on the record too.
    press(&h, &xihu, "行政处罚").await;
    staff_says(&h, FIRST_CASE, &xihu, "20000 西人社监罚〔2026〕3号").await;
    press(&h, &xihu, "失信惩戒").await;
    staff_says(&h, FIRST_CASE, &xihu, "逾期拒不支付，情节严重").await;
    let the_card = card(&h, FIRST_CASE, &xihu).await;
    let shown = the_card.text.clone().unwrap();
    assert!(
        shown.contains("行政处罚：1 次，共罚款 ¥20,000") && shown.contains("已提请列入失信联合惩戒名单"),
        "{shown}"
    );
    let labels: Vec<String> = the_card.callback_buttons().into_iter().map(|(label, _)| label).collect();
    assert!(labels.iter().any(|l| l.contains("行政处罚")), "{labels:?}");
    assert!(!labels.iter().any(|l| l.contains("失信惩戒")), "referred once: the button is gone: {labels:?}");
    let events =
        count(&h, "SELECT COUNT(*) FROM timeline WHERE event IN ('penalty_recorded', 'referred_to_blacklist')").await;
    assert_eq!(events, 2);

    // Now a refusal to pay may go to the police.
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "移送公安").await;
    staff_says(&h, FIRST_CASE, &xihu, "逾期拒不支付").await;
    assert_eq!(status(&h).await, "handling", "a police referral is no end: the wages are still pursued");
    let shown = card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(shown.contains("已移送公安") && shown.contains("继续追讨工资"), "{shown}");
    assert!(chat_texts(&h, &w).contains("追讨工资的事没有停"), "{}", chat_texts(&h, &w));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verified_amounts_are_typed_per_claimant_and_shown_beside_each_claim() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    let joining = Intake::li().name("王秀英").phone("13912345678").amount("3万");
    file_complaint_zh_as(&h, &mut h.worker("王秀英"), &joining).await.unwrap();
    press(&h, &xihu, "✅ 受理").await;

    press(&h, &xihu, "核定金额").await;
    staff_says(&h, FIRST_CASE, &xihu, "40000").await;
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("人数要对上"), "two claimants need two amounts: {group}");
    staff_says(&h, FIRST_CASE, &xihu, "40000 30000").await;
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("已核定 2 位申请人的欠薪金额，共 ¥70,000"), "{group}");
    let shown = card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(shown.contains("申请 ¥45,000 · 核定 ¥40,000"), "{shown}");
    assert!(shown.contains("申请 ¥30,000 · 核定 ¥30,000"), "{shown}");
    let verified: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT verified_fen FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(verified, 7_000_000);
    let timeline = count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'amount_verified'").await;
    assert_eq!(timeline, 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claimant_the_office_cannot_reach_is_recorded_and_the_case_closes_when_the_rest_confirmed() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut li = h.worker("李建国");
    file_complaint_zh(&h, &mut li).await.unwrap();
    let joining = Intake::li().name("王秀英").phone("13912345678").amount("3万");
    file_complaint_zh_as(&h, &mut h.worker("王秀英"), &joining).await.unwrap();
    press(&h, &xihu, "✅ 受理").await;
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "已足额支付").await;
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    li.press(&h, "收到了").await.unwrap();
    assert_eq!(status(&h).await, "resolved", "王 has not confirmed");

    let group = |h: &Harness| texts(&h.standin.messages_in(xihu.group.id));
    staff_says(&h, FIRST_CASE, &xihu, "/unreachable 2").await;
    assert!(group(&h).contains("用法"), "the attempts must be said: {}", group(&h));
    staff_says(&h, FIRST_CASE, &xihu, "/unreachable 1 打了电话").await;
    assert!(group(&h).contains("已经确认收款了"), "李 confirmed already: {}", group(&h));
    staff_says(&h, FIRST_CASE, &xihu, "/unreachable 2 12月5日至9日打了四次电话13912345678、发了两次短信都没有回复")
        .await;
    assert!(group(&h).contains("案件 QX-330106-20261201-0001 已销账"), "{}", group(&h));
    assert_eq!(status(&h).await, "closed");
    let complaint: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT id FROM complaints WHERE case_number = $1")
        .bind(FIRST_CASE)
        .fetch_one(c)
        .await)
    .unwrap();
    let chat = claimant_chat(&h, complaint, "王秀英").await;
    let note: String = on_db!(h.ctx.db, c =>
        sqlx::query_scalar("SELECT unreachable FROM claimants WHERE complaint_id = $1 AND chat_id = $2")
        .bind(complaint)
        .bind(chat)
        .fetch_one(c)
        .await)
    .unwrap();
    assert!(note.contains("打了四次电话139****5678") && !note.contains("13912345678"), "{note}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'claimant_unreachable'").await, 1);
    finish(h).await;
}
