//! The authorization matrix through the real bot: every staff action from every kind of place and
//! sender, with the expected allow or polite refusal, and the timeline holding who did what; then
//! messages and commands from outside the group, through inline bots, in public groups and from
//! members who are not administrators, and a clerk removed from the group mid-task.

use serde_json::json;
use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::i18n::{Lang, tr};
use wagedesk::standin::{FakeChat, FakeUser, FaultKind, FaultRule, GroupKind, MemberStatus, SentMessage, Target};

use crate::helpers::*;
use crate::staff::{BINJIANG, GONGSHU, Office, XIHU, card, in_topic, invite, link_office, press, thread};

const SUPERVISOR: &str = "hz-qqb";
const ZJJ: &str = "hz-xihu-zjj";

/// Presses a forged staff button `data` as `user` on `message` (any message of the chat it is in)
/// and returns the toast the bot answered with (`None`: accepted silently).
async fn forge(h: &Harness, user: &FakeUser, message: &SentMessage, data: &str) -> Option<String> {
    let id = format!("forged-{}", h.standin.last_update_id() + 1);
    let update = json!({
        "callback_query": {
            "id": id,
            "from": { "id": user.id, "is_bot": false, "first_name": user.first_name },
            "message": message.raw,
            "chat_instance": "matrix",
            "data": data,
        }
    });
    h.standin.push_raw_update(update);
    answer_to(h, &id).await
}

async fn case_ref(h: &Harness) -> (i64, i64) {
    on_db!(h.ctx.db, c => sqlx::query_as("SELECT complaint_id, rev FROM cases").fetch_one(c).await).unwrap()
}

fn refusal(id: &str) -> Option<String> {
    Some(tr(Lang::ZhHans, id))
}

/// Any bot message in `chat`, to hang a forged button on.
fn some_message(h: &Harness, chat: &FakeChat) -> SentMessage {
    h.standin.messages_in(chat.id).into_iter().last().expect("the bot said something there")
}

/// Where a forged press comes from: name, presser, message pressed on, the answer to "view",
/// the answer to every other action.
type Place<'a> = (&'a str, &'a FakeUser, SentMessage, Option<String>, Option<String>);

const BUTTON_ACTIONS: [&str; 8] = ["ask", "transfer", "cohandler", "extend", "resolve", "tag", "unmask", "accept"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_from_every_place_is_allowed_or_refused_as_the_rules_say() {
    let h = start().await;
    let owner = link_office(&h, XIHU, GroupKind::Forum).await;
    let co = link_office(&h, ZJJ, GroupKind::Forum).await;
    let supervisor = link_office(&h, SUPERVISOR, GroupKind::Forum).await;
    let other = link_office(&h, GONGSHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    press(&h, &owner, "增加协办").await;
    press(&h, &owner, "西湖区住房和城乡建设局").await;
    assert!(thread(&h, FIRST_CASE, &co).await.1 > 0, "the co-handler got its card");
    let outsider = h.standin.new_user("路人甲", None, None);

    // Buttons: (place, presser, message to press on, expected answer for view, for the others).
    let places: Vec<Place<'_>> = vec![
        ("co-handler", &co.clerk, some_message(&h, &co.group), None, refusal("staff-refused-read-only")),
        (
            "supervisor",
            &supervisor.clerk,
            some_message(&h, &supervisor.group),
            None,
            refusal("staff-refused-read-only"),
        ),
        (
            "other office",
            &other.clerk,
            some_message(&h, &other.group),
            refusal("staff-refused-not-your-case"),
            refusal("staff-refused-not-your-case"),
        ),
        (
            "non-member",
            &outsider,
            card(&h, FIRST_CASE, &owner).await,
            refusal("staff-refused-not-member"),
            refusal("staff-refused-not-member"),
        ),
        (
            "private chat",
            &w.user,
            some_message(&h, &h.standin.private_chat(&w.user)),
            refusal("staff-refused-private"),
            refusal("staff-refused-private"),
        ),
    ];
    for (place, user, message, view, others) in &places {
        let (id, rev) = case_ref(&h).await;
        assert_eq!(&forge(&h, user, message, &format!("s:{id}:{rev}:view")).await, view, "{place} view");
        for action in BUTTON_ACTIONS {
            let (id, rev) = case_ref(&h).await;
            let got = forge(&h, user, message, &format!("s:{id}:{rev}:{action}")).await;
            assert_eq!(&got, others, "{place} {action}");
        }
    }
    assert_eq!(case_ref(&h).await.1, 1, "nothing changed the case (only adding the co-handler did)");

    // The owner's member may do all of it (each answered without a refusal).
    let owner_card = card(&h, FIRST_CASE, &owner).await;
    for action in BUTTON_ACTIONS {
        let (id, rev) = case_ref(&h).await;
        let answer = forge(&h, &owner.clerk, &owner_card, &format!("s:{id}:{rev}:{action}")).await;
        if action == "unmask" {
            // 👁 is answered with the alert that shows the numbers.
            assert!(answer.as_deref().is_some_and(|a| a.starts_with("🔓")), "owner unmask: {answer:?}");
        } else {
            assert_eq!(answer, None, "owner {action}");
        }
        h.standin.send_text(&owner.clerk, &owner.group, "/cancel");
    }
    h.settle().await.unwrap();
    let status: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT status FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(status, "accepted");
    // A button from before the acceptance is stale now.
    let (id, _) = case_ref(&h).await;
    let stale = forge(&h, &owner.clerk, &owner_card, &format!("s:{id}:0:resolve")).await;
    assert_eq!(stale, refusal("staff-button-stale"));
    assert_eq!(forge(&h, &owner.clerk, &owner_card, "s:99999:0:accept").await, refusal("staff-refused-not-your-case"));
    assert_eq!(forge(&h, &owner.clerk, &owner_card, "s:1:0:launch").await, refusal("staff-button-invalid"));

    // Messages: a reply in the topic, a note, a command — by a member, an anonymous admin, a forward.
    let (topic, _) = thread(&h, FIRST_CASE, &owner).await;
    let topic = owner.group.topic(topic.unwrap());
    let worker_before = h.standin.messages_in(w.chat_id()).len();
    h.standin.send_text_anonymously(topic, "我是匿名管理员，请问你在哪个工地？");
    h.standin.send_text_anonymously(topic, "/note 匿名备注");
    h.standin.forward_text(&owner.clerk, topic, &outsider, "/note 转发的备注");
    h.standin.forward_text(&owner.clerk, topic, &outsider, "转发的回复");
    h.settle().await.unwrap();
    assert_eq!(h.standin.messages_in(w.chat_id()).len(), worker_before, "nothing reached the worker");
    let said = texts(&in_topic(&h, &owner, topic.thread_id.unwrap()));
    assert_eq!(said.matches(&tr(Lang::ZhHans, "staff-refused-anonymous")).count(), 2, "{said}");
    assert_eq!(said.matches(&tr(Lang::ZhHans, "staff-refused-forwarded")).count(), 2, "{said}");

    // An edited old command is not acted on.
    let note = h.standin.send_text(&owner.clerk, topic, "/note 第一次的备注");
    h.settle().await.unwrap();
    h.standin.edit_text(&owner.clerk, &note, "/note 改过的备注");
    h.settle().await.unwrap();
    assert!(texts(&in_topic(&h, &owner, topic.thread_id.unwrap())).contains(&tr(Lang::ZhHans, "staff-refused-edited")));

    // Office commands in a private chat are refused politely.
    let answers = w.send(&h, &format!("/case {FIRST_CASE}")).await.unwrap();
    assert!(texts(&answers).contains(&tr(Lang::ZhHans, "staff-refused-private")), "{}", texts(&answers));

    // The other office cannot note or open the case by its number: to it the case does not exist.
    h.standin.send_text(&other.clerk, &other.group, &format!("/note {FIRST_CASE} 不是我们的案子"));
    h.standin.send_text(&other.clerk, &other.group, &format!("/case {FIRST_CASE}"));
    h.settle().await.unwrap();
    let other_said = texts(&h.standin.messages_in(other.group.id));
    assert_eq!(other_said.matches(&tr(Lang::ZhHans, "staff-case-not-found")).count(), 2, "{other_said}");
    assert!(!other_said.contains(&tr(Lang::ZhHans, "staff-refused-not-your-case")), "{other_said}");

    // Co-handler and supervisor comment into the owner's thread; the worker hears only the owner.
    let (co_topic, _) = thread(&h, FIRST_CASE, &co).await;
    h.standin.send_text(&co.clerk, co.group.topic(co_topic.unwrap()), "建议先查劳务分包合同");
    let (id, rev) = case_ref(&h).await;
    forge(&h, &supervisor.clerk, &some_message(&h, &supervisor.group), &format!("s:{id}:{rev}:view")).await;
    let (sup_topic, _) = thread(&h, FIRST_CASE, &supervisor).await;
    h.standin.send_text(&supervisor.clerk, supervisor.group.topic(sup_topic.unwrap()), "请本周内办结");
    h.standin.send_text(&owner.clerk, topic, "/note 已电话联系老板");
    h.settle().await.unwrap();
    let owner_topic = texts(&in_topic(&h, &owner, topic.thread_id.unwrap()));
    assert!(owner_topic.contains("建议先查劳务分包合同") && owner_topic.contains("请本周内办结"), "{owner_topic}");
    assert_eq!(h.standin.messages_in(w.chat_id()).len(), worker_before + 1, "only the private-chat refusal");

    // The timeline holds who did what, and nothing from the refused.
    let rows: Vec<(String, String)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT actor, event FROM timeline ORDER BY id").fetch_all(c).await)
            .unwrap();
    let by = |office: &Office| format!("staff:{}/tg:{}", office.id.as_str(), office.clerk.id);
    let has = |actor: &str, event: &str| rows.iter().any(|(a, e)| a == actor && e == event);
    assert!(has(&by(&owner), "co_handler_added") && has(&by(&owner), "accepted"), "{rows:?}");
    assert!(has(&by(&owner), "unmasked") && has(&by(&owner), "note"), "{rows:?}");
    assert!(has(&by(&co), "note") && has(&by(&supervisor), "note"), "comments: {rows:?}");
    assert!(!rows.iter().any(|(a, _)| a.contains(GONGSHU) || a.contains(&outsider.id.to_string())), "{rows:?}");
    let notes: Vec<String> = on_db!(h.ctx.db, c =>
            sqlx::query_scalar("SELECT args FROM timeline WHERE event = 'note' AND message_id = 'timeline-note'")
            .fetch_all(c)
            .await)
    .unwrap();
    assert_eq!(
        notes.len(),
        2,
        "the first note and the phone call; not the edit, anonymous or forwarded ones: {notes:?}"
    );

    // Every office command is refused in a private chat, the report commands too (they used to be "unknown command" there).
    for command in ["/ledger", "/export 2026-01-01 2026-12-31", "/unlink"] {
        let answers = w.send(&h, command).await.unwrap();
        assert!(texts(&answers).contains(&tr(Lang::ZhHans, "staff-refused-private")), "{command}: {}", texts(&answers));
    }
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_group_ever_sees_a_plain_phone_or_id_number_unless_unmasked_and_logged() {
    let h = start().await;
    let owner = link_office(&h, XIHU, GroupKind::Forum).await;
    let supervisor = link_office(&h, SUPERVISOR, GroupKind::Supergroup).await;
    let mut w = h.worker("李建国");
    let filer = Intake::li().amount("120万").description("我的电话是13800138000，身份证11010519491231002X，老板跑了");
    file_complaint_zh_as(&h, &mut w, &filer).await.unwrap();
    h.settle().await.unwrap();
    w.send(&h, "再说一次我的电话 138 0013 8000").await.unwrap();
    h.settle().await.unwrap();

    let group_texts = |h: &Harness| -> Vec<String> {
        [owner.group.id, supervisor.group.id]
            .iter()
            .flat_map(|chat| h.standin.messages_in(*chat))
            .filter_map(|m| m.text)
            .collect()
    };
    let before = group_texts(&h);
    assert!(before.iter().any(|t| t.contains(FIRST_CASE)), "the key case reached both groups");
    for text in &before {
        assert!(!text.contains(PHONE) && !text.contains(ID_NUMBER) && !text.contains("138 0013 8000"), "{text}");
    }
    // Every group send was protected from forwarding and saving.
    for call in h.standin.calls_to("sendMessage") {
        if call.params["chat_id"].as_i64().is_some_and(|c| c < 0) {
            assert_eq!(call.params["protect_content"], json!(true), "{:?}", call.params);
        }
    }

    press(&h, &owner, "显示个人信息").await;
    h.settle().await.unwrap();
    // The numbers appear only in an alert on the presser's screen, never in the group.
    for text in group_texts(&h) {
        assert!(!text.contains(PHONE) && !text.contains(ID_NUMBER), "{text}");
    }
    let alerts: Vec<serde_json::Value> = h
        .standin
        .calls_to("answerCallbackQuery")
        .into_iter()
        .map(|c| c.params)
        .filter(|p| p["text"].as_str().is_some_and(|t| t.contains(PHONE)))
        .collect();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["show_alert"], json!(true));
    let alert = alerts[0]["text"].as_str().unwrap();
    assert!(alert.contains(ID_NUMBER) && alert.contains("李建国") && alert.chars().count() <= 200, "{alert}");
    let (_, card_id) = thread(&h, FIRST_CASE, &owner).await;
    assert!(card_id > 0);
    let logged: Vec<String> = on_db!(h.ctx.db, c =>
            sqlx::query_scalar("SELECT actor FROM timeline WHERE event = 'unmasked'").fetch_all(c).await)
    .unwrap();
    assert_eq!(logged, [format!("staff:{XIHU}/tg:{}", owner.clerk.id)]);
    // The database keeps no copy of the numbers it showed: payloads are sealed, and the alert's row
    // keeps only its text-free copy once sent.
    let stored: Vec<String> = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT payload FROM outbox WHERE chat_id = $1")
        .bind(owner.group.id)
        .fetch_all(c)
        .await)
    .unwrap();
    let opened: Vec<String> = stored.iter().map(|p| h.ctx.vault.open_stored(p).unwrap()).collect();
    assert!(opened.iter().any(|p| p.contains(wagedesk::storage::outbox::ERASED_TEXT)), "{opened:?}");
    for payload in stored.iter().chain(&opened) {
        assert!(!payload.contains(PHONE) && !payload.contains(ID_NUMBER), "{payload}");
    }
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_sees_at_most_ten_unmask_alerts_an_hour_each_on_the_timeline() {
    let h = start().await;
    let owner = link_office(&h, XIHU, GroupKind::Forum).await;
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    h.settle().await.unwrap();
    let alerts = |h: &Harness| -> Vec<serde_json::Value> {
        h.standin.calls_to("answerCallbackQuery").into_iter().map(|c| c.params).collect()
    };
    let before = alerts(&h).len();
    for _ in 0..11 {
        press(&h, &owner, "显示个人信息").await;
    }
    let answers = alerts(&h)[before..].to_vec();
    assert_eq!(answers.len(), 11, "{answers:?}");
    for shown in &answers[..10] {
        assert_eq!(shown["show_alert"], json!(true), "{shown}");
        assert!(shown["text"].as_str().unwrap().contains(PHONE), "{shown}");
    }
    let refused = &answers[10];
    assert!(refused.get("show_alert").is_none() && !refused["text"].as_str().unwrap().contains(PHONE), "{refused}");
    assert!(refused["text"].as_str().unwrap().contains("上限"), "{refused}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'unmasked'").await, 10);
    // An hour later the allowance is back.
    h.ctx.clock.advance(chrono::Duration::minutes(61));
    press(&h, &owner, "显示个人信息").await;
    assert!(alerts(&h).last().unwrap()["text"].as_str().unwrap().contains(PHONE));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'unmasked'").await, 11);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_office_asking_for_a_case_by_number_is_told_it_is_not_found_and_wildcards_are_letters() {
    use crate::staff::BINJIANG;
    let h = start().await;
    link_office(&h, XIHU, GroupKind::Forum).await;
    let binjiang = link_office(&h, BINJIANG, GroupKind::Supergroup).await;
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    for asked in [format!("/case {FIRST_CASE}"), "/case 0001".to_owned(), "/case %".to_owned(), "/case _".to_owned()] {
        let before = h.standin.messages_in(binjiang.group.id).len();
        h.standin.send_text(&binjiang.clerk, &binjiang.group, &asked);
        h.settle().await.unwrap();
        let said = texts(&h.standin.messages_in(binjiang.group.id)[before..]);
        assert!(said.contains("没有找到这个案件"), "{asked}: {said}");
        assert!(!said.contains("不属于本单位") && !said.contains(FIRST_CASE), "{asked} gives nothing away: {said}");
    }
    finish(h).await;
}

/// What a refused message must leave as it was: what the worker received, the case, its timeline,
/// and which groups are linked.
#[derive(Debug, PartialEq)]
struct Untouched {
    worker_messages: usize,
    case: (String, i64),
    timeline: i64,
    links: Vec<(String, i64)>,
    codes_used: i64,
}

async fn untouched(h: &Harness, worker: i64) -> Untouched {
    Untouched {
        worker_messages: h.standin.messages_in(worker).len(),
        case: on_db!(h.ctx.db, c => sqlx::query_as("SELECT status, rev FROM cases").fetch_one(c).await).unwrap(),
        timeline: count(h, "SELECT COUNT(*) FROM timeline").await,
        links: on_db!(h.ctx.db, c => sqlx::query_as("SELECT office_id, chat_id FROM office_chats ORDER BY office_id")
            .fetch_all(c)
            .await)
        .unwrap(),
        codes_used: count(h, "SELECT COUNT(*) FROM office_link_codes WHERE used_at IS NOT NULL").await,
    }
}

/// The bot's new messages in `chat` since `before` of them, after the bot settled.
async fn said_since(h: &Harness, chat: i64, before: usize) -> String {
    h.settle().await.unwrap();
    texts(&h.standin.messages_in(chat)[before..])
}

fn zh(id: &str) -> String {
    tr(Lang::ZhHans, id)
}

/// `getChatMember` calls the bot made about `user`.
fn membership_checks(h: &Harness, user: &FakeUser) -> usize {
    h.standin.calls_to("getChatMember").iter().filter(|c| c.params["user_id"].as_i64() == Some(user.id)).count()
}

/// Xihu's forum linked, 李建国's complaint filed, and its topic.
async fn owner_and_case_topic() -> (Harness, Office, SimWorker, Target) {
    let h = start().await;
    let owner = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let (topic, _) = thread(&h, FIRST_CASE, &owner).await;
    let topic = owner.group.topic(topic.unwrap());
    (h, owner, w, topic)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outsiders_inline_bots_public_groups_and_members_who_are_not_administrators_are_refused() {
    let (h, owner, w, topic) = owner_and_case_topic().await;
    let member = h.standin.new_user("办事员小李", None, Some("zh-hans"));
    h.standin.set_member(&owner.group, &member, MemberStatus::Member);
    let outsider = h.standin.new_user("路人甲", None, None);
    let inline_bot =
        FakeUser { id: 7_100_000_001, first_name: "GIF".into(), username: Some("gif".into()), language_code: None };
    let group = owner.group.id;
    let before = untouched(&h, w.chat_id()).await;

    // Someone outside the group writes in the case's topic: not relayed, not answered (anyone could
    // make the bot talk), only logged. Their commands are refused politely.
    let n = h.standin.messages_in(group).len();
    h.standin.send_text(&outsider, topic, "我是老板，这事别查了");
    assert_eq!(said_since(&h, group, n).await, "", "an outsider's talk is not answered");
    assert_eq!(h.standin.messages_in(w.chat_id()).len(), before.worker_messages, "nor relayed");
    for command in [
        "/note 外人的备注".to_owned(),
        "/cases".into(),
        format!("/case {FIRST_CASE}"),
        "/ledger".into(),
        "/unlink".into(),
    ] {
        let n = h.standin.messages_in(group).len();
        h.standin.send_text(&outsider, topic, &command);
        assert_eq!(said_since(&h, group, n).await, zh("staff-refused-not-member"), "{command}");
    }

    // A message sent through an inline bot, even by the group's administrator, is not the member's own
    // words: never relayed, and a command in it is refused.
    let n = h.standin.messages_in(group).len();
    h.standin.send_text_via_bot(&owner.clerk, topic, &inline_bot, "请补充工资条");
    assert_eq!(said_since(&h, group, n).await, "", "an inline bot's result is not answered");
    assert_eq!(h.standin.messages_in(w.chat_id()).len(), before.worker_messages, "nor relayed");
    for command in ["/note 内联机器人的备注", "/unlink"] {
        let n = h.standin.messages_in(group).len();
        h.standin.send_text_via_bot(&owner.clerk, topic, &inline_bot, command);
        assert_eq!(said_since(&h, group, n).await, zh("authz-refused-via-bot"), "{command}");
    }

    // A member who is not an administrator may work on cases but not unlink the group…
    let n = h.standin.messages_in(group).len();
    h.standin.send_text(&member, &owner.group, "/unlink");
    assert_eq!(said_since(&h, group, n).await, zh("authz-refused-not-admin"));
    // …nor link another group, even with a good code (which stays good).
    let code = invite(&h, BINJIANG).await;
    let admin = h.standin.new_user("滨江群主", None, Some("zh-hans"));
    let other = h.standin.new_group(
        "滨江办案群",
        GroupKind::Supergroup,
        &[(&member, MemberStatus::Member), (&admin, MemberStatus::Creator)],
    );
    h.standin.send_text(&member, &other, &format!("/link {code}"));
    assert_eq!(said_since(&h, other.id, 0).await, zh("authz-refused-not-admin"));
    // A public group is refused even for its creator: anyone could join it and read the cases.
    h.standin.set_public_username(&other, Some("binjiang_public"));
    h.standin.send_text(&admin, &other, &format!("/link {code}"));
    assert_eq!(said_since(&h, other.id, 1).await, zh("authz-refused-public-group"));

    // The check itself failing is a refusal too (said, since it is a member's reply that was lost).
    let unchecked = h.standin.new_user("办事员小赵", None, Some("zh-hans"));
    h.standin.set_member(&owner.group, &unchecked, MemberStatus::Member);
    h.standin.inject(FaultRule {
        method: Some("getChatMember".into()),
        chat_id: Some(group),
        times: 1,
        kind: FaultKind::ResetBeforeHandling,
    });
    let n = h.standin.messages_in(group).len();
    h.standin.send_text(&unchecked, topic, "请补充工资条");
    assert_eq!(said_since(&h, group, n).await, zh("authz-refused-unverified"));

    let after = untouched(&h, w.chat_id()).await;
    assert_eq!(after, before, "refused: nothing reached the worker, the case, its timeline or the links");
    let worker_saw = texts(&h.standin.messages_in(w.chat_id()));
    assert!(!worker_saw.contains("请补充工资条") && !worker_saw.contains("这事别查了"), "{worker_saw}");

    // The same people and codes work where they may: the code was not used up, a failed check is not
    // remembered, and a relay from a member goes through.
    h.standin.set_public_username(&other, None);
    h.standin.send_text(&admin, &other, &format!("/link {code}"));
    assert!(said_since(&h, other.id, 2).await.contains("本群已关联到"));
    let worker_before = h.standin.messages_in(w.chat_id()).len();
    h.standin.send_text(&unchecked, topic, "请补充工资条");
    h.settle().await.unwrap();
    let relayed = texts(&h.standin.messages_in(w.chat_id())[worker_before..]);
    assert!(relayed.contains("请补充工资条"), "{relayed}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_removed_from_the_group_is_refused_at_once_and_membership_is_asked_once_a_minute() {
    let (h, owner, w, topic) = owner_and_case_topic().await;
    let clerk = h.standin.new_user("办事员小李", None, Some("zh-hans"));
    h.standin.set_member(&owner.group, &clerk, MemberStatus::Member);
    let polls = h.standin.calls_to("getUpdates");
    let asked = &polls.last().unwrap().params["allowed_updates"];
    assert!(asked.as_array().unwrap().contains(&json!("chat_member")), "the bot asks for chat_member: {asked}");

    // A busy member: their standing is asked once, then remembered.
    for i in 0..5 {
        h.standin.send_text(&clerk, &owner.group, &format!("今天第{i}个电话打完了"));
    }
    h.standin.send_text(&clerk, &owner.group, "/cases");
    h.settle().await.unwrap();
    assert!(h.standin.last_message_in(owner.group.id).unwrap().text.unwrap().contains(FIRST_CASE));
    assert_eq!(membership_checks(&h, &clerk), 1, "six messages, one getChatMember");

    // They start asking the worker for material, then are removed from the group before writing it.
    let card_now = card(&h, FIRST_CASE, &owner).await;
    let (_, ask) = card_now.callback_buttons().into_iter().find(|(label, _)| label.contains("要求补充材料")).unwrap();
    h.standin.press_button(&clerk, &card_now, &ask).unwrap();
    h.settle().await.unwrap();
    assert!(texts(&h.standin.messages_in(owner.group.id)).contains("请直接回复要请工人补充的内容"));
    let change = h.standin.change_member_status(&owner.clerk, &owner.group, &clerk, MemberStatus::Left);
    assert!(change.is_some(), "Telegram tells an administrator bot");
    h.settle().await.unwrap();
    let before = untouched(&h, w.chat_id()).await;

    // Well within the minute: the words do not complete the prompt nor reach the worker, a button and
    // a command are refused.
    let n = h.standin.messages_in(owner.group.id).len();
    h.standin.send_text(&clerk, topic, "请补充劳动合同和工资条");
    assert_eq!(said_since(&h, owner.group.id, n).await, "", "a non-member's words are dropped quietly");
    let (id, rev) = case_ref(&h).await;
    assert_eq!(
        forge(&h, &clerk, &card_now, &format!("s:{id}:{rev}:accept")).await,
        refusal("staff-refused-not-member")
    );
    let n = h.standin.messages_in(owner.group.id).len();
    h.standin.send_text(&clerk, topic, "/note 已经不在群里了");
    assert_eq!(said_since(&h, owner.group.id, n).await, zh("staff-refused-not-member"));
    assert_eq!(untouched(&h, w.chat_id()).await, before, "nothing reached the worker or changed the case");
    assert_eq!(status(&h).await, "submitted");
    assert_eq!(membership_checks(&h, &clerk), 1, "the chat_member update, not a new check, took their access");

    // Added back: they work again at once, still without asking Telegram.
    h.standin.change_member_status(&owner.clerk, &owner.group, &clerk, MemberStatus::Member);
    let n = h.standin.messages_in(owner.group.id).len();
    h.standin.send_text(&clerk, topic, "/note 重新入群");
    assert_eq!(said_since(&h, owner.group.id, n).await, zh("staff-note-kept"));
    assert_eq!(membership_checks(&h, &clerk), 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_muted_clerk_can_neither_press_case_buttons_nor_unmask() {
    let (h, owner, w, _topic) = owner_and_case_topic().await;
    let (id, rev) = case_ref(&h).await;
    let card_now = card(&h, FIRST_CASE, &owner).await;
    let before = untouched(&h, w.chat_id()).await;

    // Muted before they ever pressed: getChatMember says "restricted", still in the group.
    let muted = h.standin.new_user("办事员小赵", None, Some("zh-hans"));
    h.standin.set_member(&owner.group, &muted, MemberStatus::Restricted);
    for action in ["accept", "unmask"] {
        let toast = forge(&h, &muted, &card_now, &format!("s:{id}:{rev}:{action}")).await;
        assert_eq!(toast, refusal("staff-refused-not-member"), "{action}");
    }

    // A member muted while at work: the chat_member update takes their access at once.
    let clerk = h.standin.new_user("办事员小李", None, Some("zh-hans"));
    h.standin.set_member(&owner.group, &clerk, MemberStatus::Member);
    h.standin.change_member_status(&owner.clerk, &owner.group, &clerk, MemberStatus::Restricted);
    h.settle().await.unwrap();
    for action in ["accept", "unmask"] {
        let toast = forge(&h, &clerk, &card_now, &format!("s:{id}:{rev}:{action}")).await;
        assert_eq!(toast, refusal("staff-refused-not-member"), "{action}");
    }
    let unmasked: i64 = on_db!(h.ctx.db, c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM timeline WHERE event = 'unmasked'").fetch_one(c).await)
    .unwrap();
    assert_eq!(unmasked, 0);
    assert_eq!(untouched(&h, w.chat_id()).await, before);
    assert_eq!(status(&h).await, "submitted");
    finish(h).await;
}
