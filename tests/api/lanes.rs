//! Office lanes against a stand-in enforcing Telegram's flood limits (20 messages a minute in a group,
//! a pair per two seconds in a private chat): one worker writing three messages a second does not
//! hold up another worker's new case, and a clerk's button press is answered at once in a group whose
//! minute is spent. The cases are filed on fast limits first; the bot then restarts on Telegram's.

use std::time::{Duration, Instant, SystemTime};

use chrono::Utc;
use wagedesk::app::Settings;
use wagedesk::bot::delivery::DeliveryOptions;
use wagedesk::clock::stamp;
use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::i18n::{Lang, tr};
use wagedesk::intake::Keyboard;
use wagedesk::outgoing::{Outgoing, StaffOp};
use wagedesk::script::{self, Intake};
use wagedesk::standin::{GroupKind, SentMessage};
use wagedesk::storage::{self, outbox};

use crate::helpers::*;
use crate::staff::{Office, XIHU, link_office, thread};

/// The second worker's employer, as the office's card names it.
const OTHER_EMPLOYER: &str = "赵老板（杭州另一家劳务有限公司）";

/// Restarts the bot on Telegram's limits and the delivery defaults, the stand-in enforcing them.
async fn on_telegrams_limits(h: Harness, tune: impl FnOnce(&mut DeliveryOptions)) -> Harness {
    let mut settings: Settings = h.settings.clone();
    settings.bot.delivery = DeliveryOptions::default();
    tune(&mut settings.bot.delivery);
    let standin = h.stop().await.unwrap();
    standin.set_rate_limits(true);
    Harness::start_with(standin, settings, clock()).await.unwrap()
}

/// The case number of the worker's one complaint.
async fn case_of(h: &Harness, w: &SimWorker) -> String {
    on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT case_number FROM complaints WHERE worker_chat_id = $1")
        .bind(w.chat_id())
        .fetch_one(c)
        .await)
    .unwrap()
}

/// When Telegram took the first message in `chat` whose text contains `words`, after `since`.
fn taken_after(h: &Harness, chat: i64, words: &str, since: SystemTime) -> Option<Duration> {
    h.standin
        .calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.outcome.is_ok() && c.params["chat_id"].as_i64() == Some(chat))
        .find(|c| c.params["text"].as_str().is_some_and(|t| t.contains(words)))
        .and_then(|c| c.at.duration_since(since).ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_card_reaches_the_office_within_ten_seconds_while_a_worker_writes_three_messages_a_second() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut writer = h.worker("李建国");
    file_complaint_zh(&h, &mut writer).await.unwrap();
    let mut filer = h.worker("赵小兵");
    let other = Intake::li().employer(OTHER_EMPLOYER).address("文二路新村三期工地").no_evidence();
    zh_to_notice(&h, &mut filer, &other).await.unwrap();
    let writers_case = case_of(&h, &writer).await;
    let (topic, writers_card) = thread(&h, &writers_case, &xihu).await;
    let topic = topic.expect("a forum topic");
    let restarted = SystemTime::now();
    let h = on_telegrams_limits(h, |_| {}).await;

    // Three messages a second for a minute; the other worker submits 20 s in, when the writer's
    // relays have had time to fill what the group's minute leaves them.
    let standin = h.standin.clone();
    let user = writer.user.clone();
    let started = Instant::now();
    let burst = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(333));
        for i in 0..180 {
            tick.tick().await;
            standin.send_text(&user, &user, &format!("第{i}条：老板还是没给钱"));
        }
    });
    tokio::time::sleep(Duration::from_secs(20)).await;
    let submit = tr(Lang::ZhHans, "button-submit");
    let (notice, data) = script::newest_button(&h.standin, filer.chat_id(), &submit).unwrap();
    let pressed = SystemTime::now();
    h.standin.press_button(&filer.user, &notice, &data).unwrap();
    let is_new_card = |m: &SentMessage| m.text.as_deref().is_some_and(|t| t.contains("赵老板"));
    h.standin.wait_for_message(xihu.group.id, is_new_card, Duration::from_secs(30)).await.unwrap();
    // The stand-in shows a message before it records the call that sent it: on a busy machine the
    // record can come a moment later.
    let mut card_after = taken_after(&h, xihu.group.id, "赵老板", pressed);
    let recorded_by = Instant::now() + Duration::from_secs(5);
    while card_after.is_none() && Instant::now() < recorded_by {
        tokio::time::sleep(Duration::from_millis(10)).await;
        card_after = taken_after(&h, xihu.group.id, "赵老板", pressed);
    }
    burst.await.unwrap();
    let writing = started.elapsed();
    h.settle().await.unwrap();

    let relayed: Vec<SentMessage> = in_topic_of(&h, &xihu, topic)
        .into_iter()
        .filter(|m| m.text.as_deref().is_some_and(|t| t.contains("第")))
        .collect();
    let relayed_text = texts(&relayed);
    let lost: Vec<usize> = (0..180).filter(|i| !relayed_text.contains(&format!("第{i}条"))).collect();
    let receipts = receipts_in(&h, &writer);
    let card_edits: Vec<SystemTime> = h
        .standin
        .calls_to("editMessageText")
        .into_iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(xihu.group.id))
        .filter(|c| c.params["message_id"].as_i64() == Some(writers_card) && c.at >= restarted)
        .map(|c| c.at)
        .collect();
    let gaps: Vec<Duration> = card_edits.windows(2).filter_map(|w| w[1].duration_since(w[0]).ok()).collect();
    println!(
        "lanes: 180 messages in {writing:.1?}; the new card in the group {card_after:.2?} after the submit \
         press; the writer's messages in {} posts, {} receipts, {} card edits; {} answers 429",
        relayed.len(),
        receipts,
        card_edits.len(),
        h.standin.too_many_requests_count()
    );
    let card_after = card_after.expect("the card was sent after the press");
    assert!(card_after <= Duration::from_secs(10), "the new card took {card_after:?}");
    assert!(lost.is_empty(), "messages not relayed: {lost:?}");
    assert!(relayed.len() <= 60, "a burst goes in few posts: {}", relayed.len());
    assert!(receipts <= 40, "a burst is acknowledged once per gather: {receipts}");
    assert!(gaps.iter().all(|g| *g >= Duration::from_secs(59)), "the card is edited at most once a minute: {gaps:?}");
    assert_eq!(h.standin.too_many_requests_count(), 0, "the budget kept within Telegram's limits");
    finish(h).await;
}

fn in_topic_of(h: &Harness, office: &Office, topic: i64) -> Vec<SentMessage> {
    h.standin.messages_in(office.group.id).into_iter().filter(|m| m.thread_id == Some(topic)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerks_press_is_answered_within_a_second_in_a_group_whose_minute_is_spent() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Supergroup).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    let case = case_of(&h, &w).await;
    let (_, card_id) = thread(&h, &case, &xihu).await;
    let complaint_id: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT id FROM complaints WHERE case_number = $1")
        .bind(&case)
        .fetch_one(c)
        .await)
        .unwrap();
    let h = on_telegrams_limits(h, |_| {}).await;

    // 30 posts about the case (as new cards and alerts are) fill the group's minute and queue beyond it.
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    for i in 0..30 {
        let op = StaffOp::Post {
            complaint_id,
            office: XIHU.into(),
            text: format!("提醒 #{i}"),
            keyboard: Keyboard::None,
            card: false,
        };
        let payload = serde_json::to_string(&Outgoing::Staff { chat_id: xihu.group.id, op }).unwrap();
        outbox::enqueue(&mut tx, &h.ctx.vault, xihu.group.id, &payload, &stamp(Utc::now())).await.unwrap();
    }
    tx.commit().await.unwrap();
    h.ctx.outbox_wake.notify_one();
    // The minute counts what went before the restart too: wait until 20 sends fill it.
    let spent = Instant::now() + Duration::from_secs(70);
    while sent_within_a_minute(&h, xihu.group.id) < 20 {
        assert!(Instant::now() < spent, "the group's minute never filled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let card = h.standin.messages_in(xihu.group.id).into_iter().find(|m| m.message_id == card_id).unwrap();
    let (_, data) = card.callback_buttons().into_iter().find(|(label, _)| label.contains("受理")).unwrap();
    let query = h.standin.press_button(&xihu.clerk, &card, &data).unwrap();
    let id = query["id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(5);
    while h.standin.callback_answer_delay(&id).is_none() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let delay = h.standin.callback_answer_delay(&id).expect("the press was answered");
    let queued = outbox::pending_count(&h.ctx.db).await.unwrap();
    let sent_in_group = sent_within_a_minute(&h, xihu.group.id);
    println!(
        "lanes: the press answered {delay:.2?} after it; {sent_in_group} messages in the group's last minute, \
         {queued} rows queued"
    );
    assert!(delay <= Duration::from_secs(1), "answered after {delay:?}");
    assert!(h.standin.callback_answer(&id).is_some(), "Telegram took the answer");
    assert!(sent_in_group >= 20, "the group's minute is spent: {sent_in_group}");
    assert!(queued >= 10, "the rest waits: {queued}");
    assert_eq!(h.standin.too_many_requests_count(), 0);
    assert_eq!(status(&h).await, "accepted", "the press did what it said");
    // The queued posts are left for the next start: sending them takes another minute.
    finish(h).await;
}

/// Messages Telegram took in `chat` within the last minute.
fn sent_within_a_minute(h: &Harness, chat: i64) -> usize {
    let since = SystemTime::now() - Duration::from_secs(60);
    h.standin
        .calls()
        .into_iter()
        .filter(|c| c.outcome.is_ok() && c.at >= since && c.params["chat_id"].as_i64() == Some(chat))
        .filter(|c| c.method.starts_with("send") || c.method == "copyMessage")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_and_a_photo_are_acknowledged_once() {
    let h = start().await;
    link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    // The card's edits go at once here, so the steps settle without waiting a minute.
    let h = on_telegrams_limits(h, |d| d.card_every = Duration::ZERO).await;
    // The worker's chat has used its two-second budget on the filing: past it, a receipt that did
    // not wait for the burst would go at once, before the photo's.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = receipts_in(&h, &w);
    h.standin.send_text(&w.user, &w.user, "工资条在这里");
    w.send_photo(&h, wagedesk::script::evidence_photo()).await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(receipts_in(&h, &w) - before, 1, "{}", chat_texts(&h, &w));
    finish(h).await;
}

fn receipts_in(h: &Harness, w: &SimWorker) -> usize {
    h.standin
        .messages_in(w.chat_id())
        .iter()
        .filter(|m| m.text.as_deref().is_some_and(|t| t.contains("已转给")))
        .count()
}

/// A worker's words waiting for the office group's budget, held by delivery, are erased with the worker:
/// they never reach the group, though the budget opens again while the test waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_held_for_a_spent_group_are_not_sent_after_the_worker_erased_them() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    // The group's budget: one message in 20 s, spent at once by a notice.
    let window = wagedesk::bot::budget::Window::new(1, Duration::from_secs(20));
    let h = on_telegrams_limits(h, |d| d.limits.group = window).await;
    let notice =
        Outgoing::Send { chat_id: xihu.group.id, text: "本周例会改到周五".into(), keyboard: Keyboard::None };
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    let payload = serde_json::to_string(&notice).unwrap();
    outbox::enqueue(&mut tx, &h.ctx.vault, xihu.group.id, &payload, &stamp(Utc::now())).await.unwrap();
    tx.commit().await.unwrap();
    h.ctx.outbox_wake.notify_one();
    let is_notice = |m: &SentMessage| m.text.as_deref() == Some("本周例会改到周五");
    h.standin.wait_for_message(xihu.group.id, is_notice, Duration::from_secs(30)).await.unwrap();
    let spent = Instant::now();

    let group_rows = "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND chat_id < 0";
    let before = count(&h, group_rows).await;
    for text in ["秘密话语一：工头住在文三路", "秘密话语二：他的车牌是浙A12345"] {
        h.standin.send_text(&w.user, &w.user, text);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&h, group_rows).await < before + 1 {
        assert!(Instant::now() < deadline, "the relays were never queued for the group");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Delivery reads them and holds them: the group's budget is spent.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!texts(&h.standin.messages_in(xihu.group.id)).contains("秘密话语"), "held, not yet sent");

    // Played without settling: the group's rows wait for its budget.
    let chat = w.chat_id();
    h.standin.send_text(&w.user, &w.user, "/delete_my_data");
    let deadline = Instant::now() + Duration::from_secs(10);
    let (prompt, data) = loop {
        if let Ok(found) = script::newest_button(&h.standin, chat, "确认删除") {
            break found;
        }
        assert!(Instant::now() < deadline, "no confirm button");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    h.standin.press_button(&w.user, &prompt, &data).unwrap();
    let erased = |m: &SentMessage| m.text.as_deref().is_some_and(|t| t.contains("你的个人信息已删除"));
    h.standin.wait_for_message(chat, erased, Duration::from_secs(10)).await.unwrap();
    assert!(spent.elapsed() < Duration::from_secs(15), "the erasure came too late for this test's window");
    // Past the group's window, and past delivery's gathering of relays.
    tokio::time::sleep(Duration::from_secs(25).saturating_sub(spent.elapsed())).await;
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(!group.contains("秘密话语"), "erased words reached the office:\n{group}");
    assert!(group.contains("撤回"), "the office was told the case was withdrawn:\n{group}");
    let violations = h.standin.violations();
    assert!(violations.is_empty(), "{violations:#?}");
}
