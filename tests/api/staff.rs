//! The staff workspace through the stand-in: offices link their groups with a one-time code, each
//! case opens a forum topic (or a card in a plain group) with personal data masked, staff act with
//! buttons, and the worker and the office talk through the bot without seeing each other.

use wagedesk::demo::harness::Harness;
use wagedesk::deployment::OfficeId;
use wagedesk::standin::{FakeChat, FakeUser, FaultKind, FaultRule, GroupKind, MemberStatus, SentMessage};

use crate::helpers::*;

pub const XIHU: &str = "hz-xihu-ldjc";
pub const BINJIANG: &str = "hz-binjiang-ldjc";
pub const GONGSHU: &str = "hz-gongshu-ldjc";

/// An office's linked group and the clerk who works in it.
pub struct Office {
    pub id: OfficeId,
    pub group: FakeChat,
    pub clerk: FakeUser,
}

/// A one-time link code for `office`, as `wagedesk offices invite` prints it.
pub async fn invite(h: &Harness, office: &str) -> String {
    let id = OfficeId::parse(office).unwrap();
    let mut conn = h.ctx.db.acquire().await.unwrap();
    let (code, _) =
        wagedesk::staff::issue_link_code(&mut conn.conn(), &h.ctx.deployment, &id, h.ctx.clock.now()).await.unwrap();
    code
}

/// A new group (the bot an administrator) linked to `office` by its administrator sending `/link CODE`.
pub async fn link_office(h: &Harness, office: &str, kind: GroupKind) -> Office {
    let clerk = h.standin.new_user(&format!("{office}-办事员小王"), None, Some("zh-hans"));
    let group = h.standin.new_group(&format!("{office} 办案群"), kind, &[(&clerk, MemberStatus::Administrator)]);
    let code = invite(h, office).await;
    h.standin.send_text(&clerk, &group, &format!("/link {code}"));
    h.settle().await.unwrap();
    let linked: Option<i64> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT chat_id FROM office_chats WHERE office_id = $1")
        .bind(office)
        .fetch_optional(c)
        .await)
        .unwrap();
    assert_eq!(linked, Some(group.id), "{office} linked: {}", texts(&h.standin.messages_in(group.id)));
    Office { id: OfficeId::parse(office).unwrap(), group, clerk }
}

/// The case's topic and card message in `office`'s group.
pub async fn thread(h: &Harness, case_number: &str, office: &Office) -> (Option<i64>, i64) {
    let row: (Option<i64>, Option<i64>) = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT t.thread_id, t.card_message_id FROM case_threads t JOIN complaints c ON c.id = t.complaint_id
         WHERE c.case_number = $1 AND t.office_id = $2",
    )
    .bind(case_number)
    .bind(office.id.as_str())
    .fetch_one(c)
    .await)
    .unwrap_or_else(|e| panic!("no thread of {case_number} for {}: {e}", office.id.as_str()));
    (row.0, row.1.expect("the card was sent"))
}

/// The case card as it stands now in `office`'s group.
pub async fn card(h: &Harness, case_number: &str, office: &Office) -> SentMessage {
    let (_, card_id) = thread(h, case_number, office).await;
    h.standin
        .messages_in(office.group.id)
        .into_iter()
        .find(|m| m.message_id == card_id)
        .unwrap_or_else(|| panic!("card {card_id} not in the group"))
}

/// Presses the button labelled `label` on the newest message in the group that has one.
pub async fn press(h: &Harness, office: &Office, label: &str) {
    let messages = h.standin.messages_in(office.group.id);
    let (message, data) = messages
        .iter()
        .rev()
        .find_map(|m| m.callback_buttons().into_iter().find(|(t, _)| t.contains(label)).map(|(_, d)| (m.clone(), d)))
        .unwrap_or_else(|| panic!("no button {label:?} in the group: {}", texts(&messages)));
    h.standin.press_button(&office.clerk, &message, &data).unwrap();
    h.settle().await.unwrap();
}

/// Presses the button labelled `label` on the case's own card.
pub async fn press_on_card(h: &Harness, case_number: &str, office: &Office, label: &str) {
    let card_now = card(h, case_number, office).await;
    let (_, data) = card_now
        .callback_buttons()
        .into_iter()
        .find(|(t, _)| t.contains(label))
        .unwrap_or_else(|| panic!("no button {label:?} on the card of {case_number}"));
    h.standin.press_button(&office.clerk, &card_now, &data).unwrap();
    h.settle().await.unwrap();
}

/// The status of the case numbered `case_number`.
pub async fn status_of(h: &Harness, case_number: &str) -> String {
    on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT s.status FROM cases s JOIN complaints c ON c.id = s.complaint_id WHERE c.case_number = $1",
    )
    .bind(case_number)
    .fetch_one(c)
    .await)
    .unwrap()
}

/// The clerk resolves the case as paid in full, and the scan puts the payment question to the workers.
pub async fn resolve_paid_in_full(h: &Harness, office: &Office) {
    press(h, office, "办结").await;
    press(h, office, "已足额支付").await;
    scan(h).await;
}

/// The clerk writes in the case's topic (forum) or replies to its card (plain group).
pub async fn staff_says(h: &Harness, case_number: &str, office: &Office, text: &str) {
    let (topic, card_id) = thread(h, case_number, office).await;
    match topic {
        Some(topic) => h.standin.send_text(&office.clerk, office.group.topic(topic), text),
        None => h.standin.reply_to(&office.clerk, &office.group, card_id, text),
    };
    h.settle().await.unwrap();
}

pub fn in_topic(h: &Harness, office: &Office, topic: i64) -> Vec<SentMessage> {
    h.standin.messages_in(office.group.id).into_iter().filter(|m| m.thread_id == Some(topic)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_is_handled_from_the_office_forum_and_the_worker_hears_every_step() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let binjiang = link_office(&h, BINJIANG, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    // A topic named with the case number and county, the masked card, the evidence copied in.
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    let topic = topic.expect("a forum topic");
    let created = h.standin.calls_to("createForumTopic");
    assert!(created.iter().any(|c| c.params["name"] == format!("{FIRST_CASE} 西湖区")), "{created:?}");
    let card_now = card(&h, FIRST_CASE, &xihu).await;
    let text = card_now.text.clone().unwrap();
    assert!(card_now.protect_content && card_now.thread_id == Some(topic));
    assert!(text.contains(PHONE_MASKED) && text.contains("李*国") && text.contains("¥45,000"), "{text}");
    assert!(!text.contains(PHONE) && !text.contains("李建国"), "{text}");
    let topic_messages = in_topic(&h, &xihu, topic);
    assert!(
        topic_messages.iter().any(|m| m.media.as_ref().is_some_and(|f| f.kind == "photo")
            && m.text.as_deref().is_some_and(|t| t.contains(FIRST_CASE))),
        "the evidence photo is in the topic: {}",
        texts(&topic_messages)
    );

    // Ask for more before accepting: the question reaches the worker, their photo reaches the topic.
    press(&h, &xihu, "要求补充材料").await;
    staff_says(&h, FIRST_CASE, &xihu, "请补充一张工资条或考勤表的照片").await;
    assert!(chat_texts(&h, &w).contains("需要你补充材料：请补充一张工资条或考勤表的照片"), "{}", chat_texts(&h, &w));
    assert_eq!(status(&h).await, "need_info");
    let before = in_topic(&h, &xihu, topic).len();
    w.send_photo(&h, evidence_photo()).await.unwrap();
    h.settle().await.unwrap();
    let topic_messages = in_topic(&h, &xihu, topic);
    let copied = topic_messages[before..]
        .iter()
        .find(|m| m.media.as_ref().is_some_and(|f| f.kind == "photo"))
        .unwrap_or_else(|| panic!("the worker's photo in the topic: {}", texts(&topic_messages)));
    let caption = copied.text.clone().unwrap_or_default();
    assert!(caption.contains(FIRST_CASE) && !caption.contains("李建国"), "{caption}");
    assert!(copied.raw.get("forward_origin").is_none(), "copied, not forwarded");
    assert_eq!(status(&h).await, "submitted", "the acceptance clock starts again");
    assert!(chat_texts(&h, &w).contains("已转给"), "{}", chat_texts(&h, &w));

    // Accept: the worker is told, the card shows it.
    press(&h, &xihu, "受理").await;
    assert_eq!(status(&h).await, "accepted");
    assert!(chat_texts(&h, &w).contains("已经接手你的案子（已受理）"), "{}", chat_texts(&h, &w));
    assert!(card(&h, FIRST_CASE, &xihu).await.text.unwrap().contains("已受理"));

    // A staff reply reaches the worker signed by the office, never by the clerk.
    staff_says(&h, FIRST_CASE, &xihu, "我们明天上午去工地核实").await;
    let worker_sees = chat_texts(&h, &w);
    assert!(
        worker_sees.contains("我们明天上午去工地核实") && worker_sees.contains("西湖区劳动保障监察大队"),
        "{worker_sees}"
    );
    assert!(!worker_sees.contains("办事员小王"), "{worker_sees}");
    // The worker's reply reaches the topic labelled with the case, not with their account.
    w.send(&h, "好的，谢谢。我的电话13800138000").await.unwrap();
    h.settle().await.unwrap();
    let last = in_topic(&h, &xihu, topic).last().cloned().unwrap();
    let relayed = last.text.unwrap();
    assert!(relayed.contains(FIRST_CASE) && relayed.contains("好的，谢谢"), "{relayed}");
    assert!(!relayed.contains("李建国") && !relayed.contains(PHONE) && relayed.contains(PHONE_MASKED), "{relayed}");
    // A sticker cannot be passed on: the worker is told so, and the topic gets nothing.
    let topic_before = in_topic(&h, &xihu, topic).len();
    h.standin.send_sticker(&w.user, &w.user, "👍");
    let answers = w.answers(&h).await.unwrap();
    assert!(texts(&answers).contains("这类消息无法转给办案单位"), "{}", texts(&answers));
    h.settle().await.unwrap();
    assert_eq!(in_topic(&h, &xihu, topic).len(), topic_before, "{}", texts(&in_topic(&h, &xihu, topic)));

    // Transfer with a reason: the new office gets the card, the first keeps a read-only view.
    press(&h, &xihu, "转办").await;
    press(&h, &xihu, "滨江区劳动保障监察大队").await;
    staff_says(&h, FIRST_CASE, &xihu, "工地实际在滨江区长河街道").await;
    let owner: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT owner_office FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(owner, BINJIANG);
    assert!(chat_texts(&h, &w).contains("工地实际在滨江区长河街道"), "{}", chat_texts(&h, &w));
    let binjiang_card = card(&h, FIRST_CASE, &binjiang).await;
    assert!(binjiang_card.callback_buttons().iter().any(|(t, _)| t.contains("办结")));
    let xihu_card = card(&h, FIRST_CASE, &xihu).await;
    assert!(xihu_card.callback_buttons().is_empty(), "read-only after the transfer");
    assert!(xihu_card.text.unwrap().contains("只读"));

    // Resolve as paid: the worker is told; the first office hears the outcome.
    press(&h, &binjiang, "办结").await;
    press(&h, &binjiang, "已足额支付").await;
    assert_eq!(status(&h).await, "resolved");
    assert!(chat_texts(&h, &w).contains("对你的案子有了处理结果：工资已全部支付"), "{}", chat_texts(&h, &w));
    let xihu_topic = texts(&in_topic(&h, &xihu, topic));
    assert!(xihu_topic.contains("您首先接收的案件有新进展"), "{xihu_topic}");

    // Who did what is in the timeline, by office and Telegram user id.
    let actors: Vec<(String, String)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT actor, event FROM timeline ORDER BY id").fetch_all(c).await)
            .unwrap();
    let by = |office: &Office, event: &str| {
        actors.iter().any(|(a, e)| a == &format!("staff:{}/tg:{}", office.id.as_str(), office.clerk.id) && e == event)
    };
    assert!(by(&xihu, "info_requested") && by(&xihu, "accepted") && by(&xihu, "transferred"), "{actors:?}");
    assert!(by(&xihu, "relayed") && by(&binjiang, "resolved"), "{actors:?}");
    assert!(actors.iter().any(|(a, e)| a == "worker" && e == "info_provided"), "{actors:?}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_group_gets_a_card_and_replies_to_it_reach_the_worker() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Supergroup).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    let (topic, card_id) = thread(&h, FIRST_CASE, &xihu).await;
    assert_eq!(topic, None);
    assert!(h.standin.calls_to("createForumTopic").is_empty());
    let card_now = card(&h, FIRST_CASE, &xihu).await;
    assert!(card_now.protect_content && card_now.callback_buttons().iter().any(|(t, _)| t.contains("受理")));
    // Notifications and evidence hang under the card.
    let under: Vec<SentMessage> =
        h.standin.messages_in(xihu.group.id).into_iter().filter(|m| m.reply_to == Some(card_id)).collect();
    assert!(!under.is_empty(), "{}", texts(&h.standin.messages_in(xihu.group.id)));

    // Replying to the card reaches the worker; other talk in the group stays there.
    h.standin.send_text(&xihu.clerk, &xihu.group, "大家下午三点开会");
    staff_says(&h, FIRST_CASE, &xihu, "请问工地的具体门牌号是多少？").await;
    let worker_sees = chat_texts(&h, &w);
    assert!(worker_sees.contains("请问工地的具体门牌号是多少？"), "{worker_sees}");
    assert!(!worker_sees.contains("大家下午三点开会"), "{worker_sees}");

    // A reply to a relayed worker message also finds the case.
    w.send(&h, "文三路100号").await.unwrap();
    h.settle().await.unwrap();
    let relayed = h
        .standin
        .messages_in(xihu.group.id)
        .into_iter()
        .rev()
        .find(|m| m.text.as_deref().is_some_and(|t| t.contains("文三路100号")));
    let relayed = relayed.expect("the worker's answer in the group");
    h.standin.reply_to(&xihu.clerk, &xihu.group, relayed.message_id, "收到，谢谢");
    h.settle().await.unwrap();
    assert!(chat_texts(&h, &w).contains("收到，谢谢"));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_longer_than_one_telegram_message_arrive_whole_in_several() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    let topic = topic.expect("a forum topic");
    let count = |messages: &[SentMessage], c: char| texts(messages).chars().filter(|&x| x == c).count();

    // The worker writes as much as Telegram lets them; framed for the office it is longer than that.
    let before = in_topic(&h, &xihu, topic).len();
    let words = format!("{}。{}", "欠".repeat(2000), "薪".repeat(2095));
    assert_eq!(words.chars().count(), 4096);
    w.send(&h, &words).await.unwrap();
    h.settle().await.unwrap();
    let relayed = in_topic(&h, &xihu, topic)[before..].to_vec();
    assert!(relayed.len() >= 2, "{} posts", relayed.len());
    assert_eq!((count(&relayed, '欠'), count(&relayed, '薪')), (2000, 2095), "every word reaches the topic");
    let all = texts(&relayed);
    assert!(all.rfind('欠') < all.find('薪'), "in order");
    assert!(chat_texts(&h, &w).contains("已转给"));

    // A clerk's long answer reaches the worker whole, in order.
    let before = h.standin.messages_in(w.chat_id()).len();
    staff_says(&h, FIRST_CASE, &xihu, &format!("{}\n{}", "付".repeat(3000), "清".repeat(1090))).await;
    let answer = h.standin.messages_in(w.chat_id())[before..].to_vec();
    assert_eq!((count(&answer, '付'), count(&answer, '清')), (3000, 1090), "{} messages", answer.len());
    let all = texts(&answer);
    assert!(all.rfind('付') < all.find('清'), "in order");

    let failed: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").fetch_one(c).await)
            .unwrap();
    assert_eq!(failed, 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_case_topic_is_opened_again_and_the_workers_words_reach_it() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    let topic = topic.expect("a forum topic");

    // A clerk deletes the case's topic; the worker writes.
    h.standin.delete_forum_topic(&xihu.group, topic);
    w.send(&h, "老板今天又说没钱").await.unwrap();
    h.settle().await.unwrap();

    let (new_topic, card_id) = thread(&h, FIRST_CASE, &xihu).await;
    let new_topic = new_topic.expect("a new forum topic");
    assert_ne!(new_topic, topic);
    let there = in_topic(&h, &xihu, new_topic);
    assert!(there.iter().any(|m| m.message_id == card_id && m.protect_content), "the card again: {}", texts(&there));
    assert!(texts(&there).contains("老板今天又说没钱"), "{}", texts(&there));
    let failed: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").fetch_one(c).await)
            .unwrap();
    assert_eq!(failed, 0);

    // The clerk answers in the new topic and the worker hears it.
    staff_says(&h, FIRST_CASE, &xihu, "我们明天去核实").await;
    assert!(chat_texts(&h, &w).contains("我们明天去核实"), "{}", chat_texts(&h, &w));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_no_new_topic_can_be_made_the_words_go_to_the_general_chat() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;

    // The bot may no longer manage topics, and the case's topic is deleted.
    h.standin.change_bot_status(&xihu.clerk, &xihu.group, MemberStatus::Member);
    h.settle().await.unwrap();
    h.standin.delete_forum_topic(&xihu.group, topic.expect("a forum topic"));
    w.send(&h, "老板今天又说没钱").await.unwrap();
    h.settle().await.unwrap();

    let general: Vec<SentMessage> =
        h.standin.messages_in(xihu.group.id).into_iter().filter(|m| m.thread_id.is_none()).collect();
    assert!(texts(&general).contains("老板今天又说没钱"), "{}", texts(&general));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linking_codes_are_one_time_expire_and_need_the_bot_to_be_an_administrator() {
    let h = start().await;
    let clerk = h.standin.new_user("办事员", None, None);
    let group = h.standin.new_group("西湖办案群", GroupKind::Forum, &[(&clerk, MemberStatus::Administrator)]);
    let said = |h: &Harness| texts(&h.standin.messages_in(group.id));

    h.standin.send_text(&clerk, &group, "/link WRONG-CODE-0000");
    h.settle().await.unwrap();
    assert!(said(&h).contains("关联码无效"), "{}", said(&h));

    // The bot must be an administrator.
    let code = invite(&h, XIHU).await;
    h.standin.change_bot_status(&clerk, &group, MemberStatus::Member);
    h.standin.send_text(&clerk, &group, &format!("/link {code}"));
    h.settle().await.unwrap();
    assert!(said(&h).contains("请先把机器人设为本群管理员"), "{}", said(&h));
    h.standin.change_bot_status(&clerk, &group, MemberStatus::Administrator);
    h.standin.send_text(&clerk, &group, &format!("/link {}", code.to_lowercase()));
    h.settle().await.unwrap();
    assert!(said(&h).contains("本群已关联到 西湖区劳动保障监察大队"), "{}", said(&h));

    // Used once: a second group cannot take it.
    let other = h.standin.new_group("另一个群", GroupKind::Group, &[(&clerk, MemberStatus::Creator)]);
    h.standin.send_text(&clerk, &other, &format!("/link {code}"));
    // Expired: three days and a bit later.
    let late = invite(&h, GONGSHU).await;
    h.ctx.clock.advance(chrono::Duration::hours(wagedesk::staff::LINK_CODE_TTL_HOURS + 1));
    h.standin.send_text(&clerk, &other, &format!("/link {late}"));
    h.settle().await.unwrap();
    let other_said = texts(&h.standin.messages_in(other.id));
    assert_eq!(other_said.matches("关联码无效").count(), 2, "{other_said}");
    let linked: i64 = count(&h, "SELECT COUNT(*) FROM office_chats").await;
    assert_eq!(linked, 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_serving_one_office_refuses_another_offices_code_and_keeps_its_office() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = invite(&h, BINJIANG).await;
    h.standin.send_text(&xihu.clerk, &xihu.group, &format!("/link {code}"));
    h.settle().await.unwrap();
    let said = texts(&h.standin.messages_in(xihu.group.id));
    assert!(said.contains("本群已关联到 西湖区劳动保障监察大队，不能再关联到 滨江区劳动保障监察大队"), "{said}");
    let links: Vec<(String, i64)> = on_db!(h.ctx.db, c =>
        sqlx::query_as("SELECT office_id, chat_id FROM office_chats").fetch_all(c).await)
    .unwrap();
    assert_eq!(links, vec![(XIHU.to_owned(), xihu.group.id)], "Xihu still served here, Binjiang not linked");
    assert!(h.standin.calls_to("leaveChat").is_empty());

    // The code was not used up: a group of Binjiang's own takes it.
    let clerk = h.standin.new_user("滨江办事员", None, Some("zh-hans"));
    let group = h.standin.new_group("滨江办案群", GroupKind::Forum, &[(&clerk, MemberStatus::Administrator)]);
    h.standin.send_text(&clerk, &group, &format!("/link {code}"));
    h.settle().await.unwrap();
    assert!(texts(&h.standin.messages_in(group.id)).contains("本群已关联到 滨江区劳动保障监察大队"));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relinking_unlinking_upgrades_and_removal_keep_the_office_reachable_or_say_why_not() {
    let h = start().await;
    let first = link_office(&h, XIHU, GroupKind::Group).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    // The basic group becomes a supergroup: the link and the open case's card move with it.
    let upgraded = h.standin.upgrade_to_supergroup(&first.clerk, &first.group);
    h.settle().await.unwrap();
    let chat: i64 = count(&h, "SELECT chat_id FROM office_chats WHERE office_id = 'hz-xihu-ldjc'").await;
    assert_eq!(chat, upgraded.id);
    let moved = Office { id: first.id.clone(), group: upgraded.clone(), clerk: first.clerk.clone() };
    assert!(card(&h, FIRST_CASE, &moved).await.text.unwrap().contains(FIRST_CASE));

    // Re-linking to a new group: the old one is told and left; the open case reaches the new one.
    let second = link_office(&h, XIHU, GroupKind::Forum).await;
    assert!(texts(&h.standin.messages_in(upgraded.id)).contains("已改用另一个群办案"));
    let left: Vec<i64> = h.standin.calls_to("leaveChat").iter().filter_map(|c| c.params["chat_id"].as_i64()).collect();
    assert!(left.contains(&upgraded.id), "{left:?}");
    assert!(thread(&h, FIRST_CASE, &second).await.0.is_some());

    // The bot removed from the group: the office is unlinked and its notifications kept on record.
    h.standin.change_bot_status(&second.clerk, &second.group, MemberStatus::Kicked);
    h.settle().await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM office_chats").await, 0);

    // /unlink from a linked group: said, then left.
    let third = link_office(&h, XIHU, GroupKind::Supergroup).await;
    h.standin.send_text(&third.clerk, &third.group, "/unlink");
    h.settle().await.unwrap();
    assert!(texts(&h.standin.messages_in(third.group.id)).contains("已解除"));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM office_chats").await, 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_queued_for_a_group_arrives_in_the_supergroup_it_became() {
    let h = start().await;
    let office = link_office(&h, XIHU, GroupKind::Group).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    // Telegram holds the group's messages (flood wait) while the worker writes and the group is upgraded.
    let held = |chat_id| FaultRule {
        method: Some("sendMessage".into()),
        chat_id: Some(chat_id),
        times: u32::MAX,
        kind: FaultKind::TooManyRequests { retry_after: 1 },
    };
    h.standin.inject(held(office.group.id));
    h.standin.send_text(&w.user, &w.user, "老板今天又说下个月才发");
    let waiting = format!("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND chat_id = {}", office.group.id);
    let waiting: &'static str = Box::leak(waiting.into_boxed_str());
    for _ in 0..100 {
        if count(&h, waiting).await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count(&h, waiting).await, 1, "the relay waits for the group");
    assert!(!texts(&h.standin.messages_in(office.group.id)).contains("下个月才发"), "held");
    let upgraded = h.standin.upgrade_to_supergroup(&office.clerk, &office.group);
    for _ in 0..100 {
        if count(&h, waiting).await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    h.standin.clear_faults();
    h.settle().await.unwrap();

    let there = texts(&h.standin.messages_in(upgraded.id));
    assert!(there.contains("下个月才发") && there.contains(FIRST_CASE), "{there}");
    let failed: i64 =
        count(&h, "SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND last_error LIKE '%Bad Request%'").await;
    assert_eq!(failed, 0, "nothing refused for good");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_sent_to_a_group_upgraded_a_moment_before_still_reaches_the_supergroup() {
    let h = start().await;
    let office = link_office(&h, XIHU, GroupKind::Group).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    // The group is upgraded; the bot has not heard yet, and its relay is refused, naming the new chat.
    let upgraded = h.standin.upgrade_unannounced(&office.group);
    h.standin.send_text(&w.user, &w.user, "老板今天又说下个月才发");
    let refused = "SELECT COUNT(*) FROM outbox WHERE last_error LIKE '%upgraded to a supergroup%'";
    for _ in 0..100 {
        if count(&h, refused).await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count(&h, refused).await, 1, "the relay was tried and refused");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM outbox WHERE state = 'failed'").await, 0, "not given up");

    h.standin.announce_upgrade(&office.clerk, &office.group, &upgraded);
    h.settle().await.unwrap();
    let there = texts(&h.standin.messages_in(upgraded.id));
    assert!(there.contains("下个月才发") && there.contains(FIRST_CASE), "{there}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_nobody_links_are_left_and_start_there_never_opens_an_intake() {
    let h = start().await;
    let user = h.standin.new_user("路人", None, None);
    let group = h.standin.new_group("工友群", GroupKind::Group, &[(&user, MemberStatus::Member)]);
    h.standin.change_bot_status(&user, &group, MemberStatus::Administrator);
    h.settle().await.unwrap();
    assert!(texts(&h.standin.messages_in(group.id)).contains("本群尚未关联单位"));
    let before = h.standin.messages_in(group.id).len();
    h.standin.send_text(&user, &group, "/start");
    h.standin.send_text(&user, &group, "/cases");
    h.standin.send_text(&user, &group, "老板欠我们工资");
    h.settle().await.unwrap();
    assert_eq!(h.standin.messages_in(group.id).len(), before, "ignored");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM dialogues WHERE chat_id < 0").await, 0);

    h.ctx.clock.advance(chrono::Duration::hours(25));
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    let left: Vec<i64> = h.standin.calls_to("leaveChat").iter().filter_map(|c| c.params["chat_id"].as_i64()).collect();
    assert_eq!(left, [group.id]);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_overdue_case_note_and_help_work_from_the_group() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let say = |text: &str| h.standin.send_text(&xihu.clerk, &xihu.group, text);
    let last = |h: &Harness| h.standin.last_message_in(xihu.group.id).and_then(|m| m.text).unwrap_or_default();

    say("/cases");
    h.settle().await.unwrap();
    assert!(last(&h).contains(FIRST_CASE) && last(&h).contains("2026年12月8日"), "{}", last(&h));
    say("/overdue");
    h.settle().await.unwrap();
    assert!(last(&h).contains("没有超期"), "{}", last(&h));
    h.ctx.clock.advance(chrono::Duration::days(10));
    say("/overdue");
    h.settle().await.unwrap();
    assert!(last(&h).contains(FIRST_CASE), "{}", last(&h));

    say("/help");
    h.settle().await.unwrap();
    for command in ["/case", "/cases", "/overdue", "/note", "/link", "/unlink"] {
        assert!(last(&h).contains(command), "{command} in {}", last(&h));
    }

    // /case by the number's tail shows the card again; /note keeps an internal note only.
    say("/case 20261201-0001");
    h.settle().await.unwrap();
    assert!(last(&h).contains("工人陈述"), "{}", last(&h));
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    let worker_before = h.standin.messages_in(w.chat_id()).len();
    h.standin.send_text(&xihu.clerk, xihu.group.topic(topic.unwrap()), "/note 老板电话打不通，明天再试");
    h.settle().await.unwrap();
    assert_eq!(h.standin.messages_in(w.chat_id()).len(), worker_before, "a note never reaches the worker");
    let note: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT args FROM timeline WHERE event = 'note'").fetch_one(c).await)
            .unwrap();
    // The note's words are sealed in the timeline: readable with the key, not in the file.
    assert!(!note.contains("老板电话打不通"), "{note}");
    let args: serde_json::Value = serde_json::from_str(&note).unwrap();
    let words = h.ctx.vault.open(args["text"]["value"].as_str().unwrap()).unwrap();
    assert!(words.contains("老板电话打不通"), "{words}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_with_two_open_cases_chooses_which_one_a_message_is_for() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    let second = Intake::li().employer("杭州另一家建筑劳务有限公司");
    file_again_zh_as(&h, &mut w, &second).await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM cases").await, 2);

    let answers = w.send(&h, "老板今天又说下个月才给").await.unwrap();
    let choice = answers.iter().find(|m| !m.callback_buttons().is_empty()).expect("which case?");
    let (label, data) = choice.callback_buttons().into_iter().find(|(l, _)| l.contains("0002")).unwrap();
    h.standin.press_button(&w.user, choice, &data).unwrap();
    h.settle().await.unwrap();
    let second_case = label.split(' ').next().unwrap().to_owned();
    let (topic, _) = thread(&h, &second_case, &xihu).await;
    let there = texts(&in_topic(&h, &xihu, topic.unwrap()));
    assert!(there.contains("老板今天又说下个月才给"), "{there}");
    let (first_topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    assert!(!texts(&in_topic(&h, &xihu, first_topic.unwrap())).contains("老板今天又说下个月才给"));
    // Pressing the same choice again is stale.
    h.standin.press_button(&w.user, choice, &data).unwrap();
    h.settle().await.unwrap();
    finish(h).await;
}

/// The newest message in `office`'s group that contains `words`.
pub fn newest_with(h: &Harness, office: &Office, words: &str) -> SentMessage {
    let messages = h.standin.messages_in(office.group.id);
    let found = messages.iter().rev().find(|m| m.text.as_deref().is_some_and(|t| t.contains(words)));
    found.cloned().unwrap_or_else(|| panic!("{words:?} not in the group: {}", texts(&messages)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_one_workers_message_reaches_that_worker_and_the_cases_news_reach_all() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (mut li, mut wang) = li_and_wang_on_one_case(&h).await;
    h.settle().await.unwrap();
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    let topic = xihu.group.topic(topic.expect("a forum topic"));
    // The photo Wang's filing brought is posted in the case's topic like Li's was.
    let photos = in_topic(&h, &xihu, topic.thread_id.unwrap()).iter().filter(|m| m.media.is_some()).count();
    assert_eq!(photos, 2, "each worker's evidence in the topic");

    // Each worker's words arrive as a message of their own, even sent together.
    wang.send(&h, "我是木工，做了两个月").await.unwrap();
    li.send(&h, "工地在文三路100号").await.unwrap();
    h.settle().await.unwrap();
    let wangs = newest_with(&h, &xihu, "我是木工，做了两个月");
    let shown = wangs.text.as_deref().unwrap();
    assert!(!shown.contains("文三路100号") && shown.contains("王*英"), "whose words, masked as on the card: {shown}");

    // The clerk answers Wang's message: Wang hears it, Li (who filed) does not.
    h.standin.reply_to(&xihu.clerk, topic, wangs.message_id, "王师傅，木工的工资另算，请把考勤表发来");
    h.settle().await.unwrap();
    assert!(chat_texts(&h, &wang).contains("王师傅，木工的工资另算"), "{}", chat_texts(&h, &wang));
    assert!(!chat_texts(&h, &li).contains("王师傅"), "{}", chat_texts(&h, &li));
    // A reply to Li's message reaches Li alone.
    let lis = newest_with(&h, &xihu, "工地在文三路100号");
    h.standin.reply_to(&xihu.clerk, topic, lis.message_id, "李师傅，地址收到");
    h.settle().await.unwrap();
    assert!(chat_texts(&h, &li).contains("李师傅，地址收到"));
    assert!(!chat_texts(&h, &wang).contains("李师傅"));
    // Words written to the case, replying to nobody, reach every worker on it.
    h.standin.send_text(&xihu.clerk, topic, "下周一约谈老板，请大家等通知");
    h.settle().await.unwrap();
    assert!(chat_texts(&h, &li).contains("下周一约谈老板"));
    assert!(chat_texts(&h, &wang).contains("下周一约谈老板"));

    // A third worker joins; Li has their data erased: an answer to Li's old message is not passed to
    // the others instead.
    let mut zhang = h.worker("张小军");
    let joining = Intake::li().name("张小军").amount("2万").phone("13712345678").skip_id();
    file_complaint_zh_as(&h, &mut zhang, &joining).await.unwrap();
    li.send(&h, "/delete_my_data").await.unwrap();
    li.press(&h, "确认删除").await.unwrap();
    h.standin.reply_to(&xihu.clerk, topic, lis.message_id, "李师傅，工资单寄到哪里？");
    h.settle().await.unwrap();
    for other in [&wang, &zhang] {
        assert!(!chat_texts(&h, other).contains("工资单寄到哪里"), "{}", chat_texts(&h, other));
    }
    let told = texts(&in_topic(&h, &xihu, topic.thread_id.unwrap()));
    assert_eq!(told.matches("你回复的这位工人已经不在这件案件里").count(), 1, "{told}");

    // Wang leaves the case: an answer to Wang's old message goes to nobody, and the clerk is told.
    wang.send(&h, "/withdraw").await.unwrap();
    wang.press(&h, &format!("撤回 {FIRST_CASE}")).await.unwrap();
    h.standin.reply_to(&xihu.clerk, topic, wangs.message_id, "王师傅，考勤表收到了吗？");
    h.settle().await.unwrap();
    assert!(!chat_texts(&h, &wang).contains("考勤表收到了吗"), "{}", chat_texts(&h, &wang));
    assert!(!chat_texts(&h, &zhang).contains("考勤表收到了吗"), "not passed to another worker instead");
    let told = texts(&in_topic(&h, &xihu, topic.thread_id.unwrap()));
    assert_eq!(told.matches("你回复的这位工人已经不在这件案件里").count(), 2, "{told}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_written_in_another_cases_topic_or_reply_go_to_that_case_and_the_prompt_waits_for_its_own() {
    for kind in [GroupKind::Forum, GroupKind::Supergroup] {
        let h = start().await;
        let xihu = link_office(&h, XIHU, kind).await;
        let mut w = h.worker("李建国");
        file_complaint_zh(&h, &mut w).await.unwrap();
        let second = Intake::li().employer("杭州另一家建筑劳务有限公司");
        file_again_zh_as(&h, &mut w, &second).await.unwrap();
        h.settle().await.unwrap();
        let numbers: Vec<String> = on_db!(h.ctx.db, c =>
            sqlx::query_scalar("SELECT case_number FROM complaints ORDER BY id").fetch_all(c).await)
        .unwrap();
        let (a, b) = (&numbers[0], &numbers[1]);

        // 📝 on case A, then words in case B's topic (or a reply to B's card): talk about B.
        press_on_card(&h, a, &xihu, "要求补充材料").await;
        staff_says(&h, b, &xihu, "请问另一家公司的工地在哪条路？").await;
        assert_eq!(status_of(&h, a).await, "submitted", "{kind:?}: case A asked nothing");
        assert_eq!(status_of(&h, b).await, "submitted", "{kind:?}");
        let worker_sees = chat_texts(&h, &w);
        assert!(worker_sees.contains("请问另一家公司的工地在哪条路？"), "{kind:?}: {worker_sees}");
        assert!(!worker_sees.contains("需要你补充材料"), "{kind:?}: {worker_sees}");
        let relayed: Vec<String> = on_db!(h.ctx.db, c => sqlx::query_scalar(
            "SELECT c.case_number FROM timeline t JOIN complaints c ON c.id = t.complaint_id
             WHERE t.event = 'relayed' AND t.actor LIKE 'staff:%' ORDER BY t.id",
        )
        .fetch_all(c)
        .await)
        .unwrap();
        assert_eq!(relayed, std::slice::from_ref(b), "{kind:?}: relayed as case B's");

        // The prompt still waits for its answer on case A.
        staff_says(&h, a, &xihu, "请补充第一家公司的考勤表").await;
        assert_eq!(status_of(&h, a).await, "need_info", "{kind:?}");
        assert!(
            chat_texts(&h, &w).contains("需要你补充材料：请补充第一家公司的考勤表"),
            "{kind:?}: {}",
            chat_texts(&h, &w)
        );
        finish(h).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amounts_typed_for_a_claimant_list_that_changed_meanwhile_are_refused_not_given_to_other_people() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let joiner = |name: &str, phone: &str| Intake::li().name(name).phone(phone).amount("2万").skip_id();
    let mut a = h.worker("李建国");
    file_complaint_zh(&h, &mut a).await.unwrap();
    let mut b = h.worker("王秀英");
    file_complaint_zh_as(&h, &mut b, &joiner("王秀英", "13912345678")).await.unwrap();
    let mut c = h.worker("张小军");
    file_complaint_zh_as(&h, &mut c, &joiner("张小军", "13912345679")).await.unwrap();
    h.settle().await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM cases").await, 1, "both joined the first case");
    press(&h, &xihu, "受理").await;
    let (before_press, unmask_before) = (count(&h, "SELECT rev FROM cases").await, card(&h, FIRST_CASE, &xihu).await);

    // ⚖️ on a card listing A, B, C; before the answer B withdraws and D joins: three again, not the same.
    press(&h, &xihu, "核定金额").await;
    b.send(&h, "/withdraw").await.unwrap();
    let left = texts(&b.press(&h, &format!("撤回 {FIRST_CASE}")).await.unwrap());
    assert!(left.contains("你已退出案件"), "{left}");
    let after_withdrawal = count(&h, "SELECT rev FROM cases").await;
    assert!(after_withdrawal > before_press, "a withdrawal makes the case's buttons stale");
    let mut d = h.worker("赵大海");
    file_complaint_zh_as(&h, &mut d, &joiner("赵大海", "13912345670")).await.unwrap();
    h.settle().await.unwrap();
    assert!(count(&h, "SELECT rev FROM cases").await > after_withdrawal, "so does a join");
    let card_now = card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(card_now.contains("赵*海"), "the card lists who joined: {card_now}");

    staff_says(&h, FIRST_CASE, &xihu, "12000 8000 0").await;
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants WHERE verified_fen IS NOT NULL").await, 0);
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("之前按钮的提示已取消"), "{group}");
    assert!(!chat_texts(&h, &a).contains("12000 8000 0"), "the amounts stay in the group");

    // A 👁 button from before the change is stale too: its numbers may be other people now.
    let (_, data) = unmask_before.callback_buttons().into_iter().find(|(t, _)| t.contains("显示个人信息")).unwrap();
    let answered = h.standin.press_button(&xihu.clerk, &unmask_before, &data).unwrap();
    h.settle().await.unwrap();
    let toast = answer_to(&h, answered["id"].as_str().unwrap_or_default()).await;
    assert!(toast.as_deref().is_some_and(|t| t.contains("已过期")), "{toast:?}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scripted_demo_runs_both_sides_and_stores_the_offices_decision() {
    let dir = fresh_dir();
    wagedesk::demo::run(Some(dir.clone())).await.expect("the demo story runs to the end");
    if !on_postgres() {
        // The file the demo names holds everything: closed, its WAL was folded in.
        assert!(!dir.join("wagedesk.db-wal").exists(), "the demo left a WAL beside the file it names");
    }
    let db = store_of(&dir.join("wagedesk.db")).await;
    let status: String = on_db!(db, c => sqlx::query_scalar("SELECT status FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(status, "closed");
    let events: Vec<String> =
        on_db!(db, c => sqlx::query_scalar("SELECT event FROM timeline ORDER BY id").fetch_all(c).await).unwrap();
    for event in ["info_requested", "info_provided", "accepted", "relayed", "resolved", "payment_confirmed"] {
        assert!(events.iter().any(|e| e == event), "{event} in {events:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_training_mode_lets_a_person_play_the_worker_and_the_clerk() {
    use wagedesk::demo::interactive::{Line, parse, play};
    let (h, mut staff) = wagedesk::demo::start(Some(fresh_dir())).await.unwrap();
    let mut w = h.worker("学员");
    for line in ["w /start", "w! 中文", "w! 同意", "nonsense", "w! 不存在的按钮"] {
        assert!(play(&h, &mut w, &mut staff, parse(line)).await.unwrap(), "{line}");
    }
    assert!(chat_texts(&h, &w).contains("你是在哪个区县干活的"), "{}", chat_texts(&h, &w));
    assert!(play(&h, &mut w, &mut staff, parse("s:group /cases")).await.unwrap());
    let group = texts(&h.standin.messages_in(staff.group.id));
    assert!(group.contains("没有未办结的案件"), "{group}");
    assert!(play(&h, &mut w, &mut staff, parse("days 3")).await.unwrap());
    assert!(!play(&h, &mut w, &mut staff, Line::Quit).await.unwrap());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_gets_a_key_case_alert_it_can_open_as_a_read_only_card() {
    let h = start().await;
    link_office(&h, XIHU, GroupKind::Forum).await;
    let supervisor = link_office(&h, "hz-qqb", GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    let filer = Intake::li().amount("120万");
    file_complaint_zh_as(&h, &mut w, &filer).await.unwrap();
    h.settle().await.unwrap();

    let alert = h
        .standin
        .messages_in(supervisor.group.id)
        .into_iter()
        .find(|m| m.text.as_deref().is_some_and(|t| t.contains(FIRST_CASE)) && !m.callback_buttons().is_empty());
    let alert = alert.unwrap_or_else(|| panic!("{}", texts(&h.standin.messages_in(supervisor.group.id))));
    let labels: Vec<String> = alert.callback_buttons().into_iter().map(|(label, _)| label).collect();
    assert!(alert.protect_content && labels.iter().any(|l| l.contains("查看案件")), "{labels:?}");
    assert!(labels[0].contains("我已收到"), "a key case waits for an acknowledgement first: {labels:?}");
    press(&h, &supervisor, "查看案件").await;
    let opened = card(&h, FIRST_CASE, &supervisor).await;
    assert!(opened.thread_id.is_some(), "the supervisor's own topic");
    assert!(opened.callback_buttons().is_empty(), "the supervisor views; the owner acts");
    assert!(opened.text.unwrap().contains("督办视图"));
    // Later escalations about the case go into that topic.
    h.ctx.clock.advance(chrono::Duration::days(10));
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    let (topic, _) = thread(&h, FIRST_CASE, &supervisor).await;
    assert!(in_topic(&h, &supervisor, topic.unwrap()).len() > 1, "the escalation followed the case into its topic");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ledger_and_export_answer_in_the_office_group_with_personal_data_masked() {
    use calamine::{Reader, Xlsx};
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    h.standin.send_text(&xihu.clerk, &xihu.group, "/ledger");
    h.settle().await.unwrap();
    let card_text = h.standin.last_message_in(xihu.group.id).and_then(|m| m.text).unwrap_or_default();
    assert!(card_text.contains("45,000") || card_text.contains("4.5"), "{card_text}");

    h.standin.send_text(&xihu.clerk, &xihu.group, "/export 2026-01-01 2026-12-31");
    h.settle().await.unwrap();
    let doc = h.standin.last_message_in(xihu.group.id).expect("the workbook");
    let media = doc.media.clone().expect("a document");
    assert_eq!(media.kind, "document");
    assert!(doc.text.unwrap_or_default().contains("2026-01-01"));
    let bytes = h.standin.file_bytes(&media.file_id).expect("uploaded bytes");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a real workbook");
    let sheets = book.sheet_names();
    assert!(sheets.len() >= 4, "{sheets:?}");
    let cases = book.worksheet_range(&sheets[0]).unwrap();
    let all: String = cases.rows().flatten().map(|c| c.to_string()).collect::<Vec<_>>().join("|");
    assert!(all.contains(FIRST_CASE) && !all.contains(PHONE) && !all.contains("李建国"), "{all}");

    h.standin.send_text(&xihu.clerk, &xihu.group, "/export last year");
    h.standin.send_text_anonymously(&xihu.group, "/export");
    h.settle().await.unwrap();
    let said = texts(&h.standin.messages_in(xihu.group.id));
    assert!(said.contains("用法：/export") && said.contains("匿名管理员"), "{said}");

    // Sent protected from forwarding and saving; at most five workbooks an hour per group.
    let uploads = h.standin.calls_to("sendDocument");
    assert!(uploads.iter().all(|c| c.params["protect_content"] == serde_json::json!(true)), "{uploads:?}");
    for _ in 0..5 {
        h.standin.send_text(&xihu.clerk, &xihu.group, "/export");
        h.settle().await.unwrap();
    }
    let documents = |h: &Harness| {
        h.standin
            .messages_in(xihu.group.id)
            .iter()
            .filter(|m| m.media.as_ref().is_some_and(|m| m.kind == "document"))
            .count()
    };
    assert_eq!(documents(&h), 5, "four more, then the limit");
    assert!(texts(&h.standin.messages_in(xihu.group.id)).contains("一小时内最多导出 5 份"));
    h.ctx.clock.advance(chrono::Duration::minutes(61));
    h.standin.send_text(&xihu.clerk, &xihu.group, "/export");
    h.settle().await.unwrap();
    assert_eq!(documents(&h), 6, "an hour later the group may export again");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_for_an_office_not_connected_is_kept_sealed_and_the_worker_is_told_to_call_not_that_it_was_sent() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    press(&h, &xihu, "要求补充材料").await;
    staff_says(&h, FIRST_CASE, &xihu, "请补充一张工资条的照片").await;
    assert_eq!(status(&h).await, "need_info");
    // The bot removed from the office's group: nobody there can read the worker's messages now.
    h.standin.change_bot_status(&xihu.clerk, &xihu.group, MemberStatus::Kicked);
    h.settle().await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM office_chats").await, 0);

    let sent_before = chat_texts(&h, &w).matches("已转给").count();
    w.send(&h, "工资条被老板收走了，老板电话13912345678").await.unwrap();
    h.settle().await.unwrap();
    let told = chat_texts(&h, &w);
    assert_eq!(told.matches("已转给").count(), sent_before, "not told it was sent: {told}");
    assert!(told.contains("还没有接入本系统") && told.contains("12333") && told.contains("12348"), "{told}");
    assert_eq!(status(&h).await, "need_info", "nothing was provided to anyone yet");

    let (message_id, args): (String, String) = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT message_id, args FROM timeline WHERE event = 'relayed' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(message_id, "timeline-worker-message-kept");
    assert!(!args.contains("工资条被老板收走了"), "sealed at rest: {args}");
    let args: serde_json::Value = serde_json::from_str(&args).unwrap();
    let words = h.ctx.vault.open_stored(args["words"]["value"].as_str().unwrap()).unwrap();
    assert_eq!(words, "工资条被老板收走了，老板电话139****5678");
    finish(h).await;
}

/// A co-handler comments on a case whose owning office has no linked group (any more): nobody can
/// read it there, so the clerk is told so plainly and gets no 👌; the words stay on the case's record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_for_an_owner_without_a_group_is_kept_on_record_and_the_sender_told_so() {
    let h = start().await;
    let owner = link_office(&h, XIHU, GroupKind::Forum).await;
    let co = link_office(&h, "hz-xihu-zjj", GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    press(&h, &owner, "增加协办").await;
    press(&h, &owner, "西湖区住房和城乡建设局").await;
    h.standin.send_text(&owner.clerk, &owner.group, "/unlink");
    h.settle().await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM office_chats WHERE office_id = 'hz-xihu-ldjc'").await, 0);

    let (co_topic, _) = thread(&h, FIRST_CASE, &co).await;
    let owner_before = h.standin.messages_in(owner.group.id).len();
    let comment = h.standin.send_text(&co.clerk, co.group.topic(co_topic.unwrap()), "建议先查劳务分包合同");
    h.settle().await.unwrap();
    let said = texts(&in_topic(&h, &co, co_topic.unwrap()));
    assert!(said.contains("西湖区劳动保障监察大队") && said.contains("没有关联办案群"), "{said}");
    assert!(said.contains("只记在案件记录里"), "{said}");
    let reacted =
        h.standin.calls_to("setMessageReaction").iter().any(|c| c.params["message_id"] == comment["message_id"]);
    assert!(!reacted, "no 👌: the comment reached nobody");
    assert_eq!(h.standin.messages_in(owner.group.id).len(), owner_before, "the old group hears nothing");
    let kept: Vec<String> = on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT args FROM timeline WHERE message_id = 'timeline-comment-kept' AND actor LIKE 'staff:hz-xihu-zjj/%'",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(kept.len(), 1, "the comment is on the case's record");
    assert!(!kept[0].contains("劳务分包"), "its words sealed: {}", kept[0]);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_who_switched_language_after_filing_hears_of_status_changes_in_the_new_one() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    w.send(&h, "/language").await.unwrap();
    let changed = texts(&w.press(&h, "English").await.unwrap());
    assert!(changed.contains("Language changed"), "{changed}");
    let before = h.standin.messages_in(w.chat_id()).len();
    press(&h, &xihu, "受理").await;
    let told = texts(&h.standin.messages_in(w.chat_id())[before..]);
    assert!(told.contains("has taken on your case"), "in English: {told}");
    assert!(!told.contains("已经接手你的案子"), "not in the language of the filing: {told}");
    finish(h).await;
}
