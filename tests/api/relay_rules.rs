//! What never reaches a worker from an office group, and how relayed words are headed: a colleague's
//! reply to the bot's own question stays in the group, and a claimant stored before names were kept
//! masked is named masked all the same.

use wagedesk::standin::{GroupKind, MemberStatus};

use crate::helpers::*;
use crate::staff::{BINJIANG, XIHU, in_topic, link_office, newest_with, press, status_of, thread};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleagues_reply_to_the_bots_question_stays_in_the_group() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let _binjiang = link_office(&h, BINJIANG, GroupKind::Forum).await;
    let colleague = h.standin.new_user("办事员小李", None, Some("zh-hans"));
    h.standin.set_member(&xihu.group, &colleague, MemberStatus::Member);
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let topic = thread(&h, FIRST_CASE, &xihu).await.0.expect("a forum topic");

    // 甲 presses transfer → Binjiang; the bot asks for the reason; 乙 answers the question.
    press(&h, &xihu, "转办").await;
    press(&h, &xihu, "滨江区劳动保障监察大队").await;
    let question = newest_with(&h, &xihu, "请回复转办理由");
    h.standin.reply_to(&colleague, xihu.group.topic(topic), question.message_id, "工地在滨江，老板电话13912345678");
    h.settle().await.unwrap();
    let worker_sees = chat_texts(&h, &w);
    assert!(!worker_sees.contains("工地在滨江"), "{worker_sees}");
    assert_eq!(status_of(&h, FIRST_CASE).await, "submitted", "a colleague's words complete nobody's prompt");
    let topic_now = texts(&in_topic(&h, &xihu, topic));
    assert!(topic_now.contains("只有他本人的回复才会被采用"), "{topic_now}");

    // A reply to one of the bot's notices (the question again, after 甲 answered) is not relayed either.
    h.standin.send_text(&xihu.clerk, xihu.group.topic(topic), "工地实际在滨江区长河街道");
    h.settle().await.unwrap();
    assert_eq!(status_of(&h, FIRST_CASE).await, "transferred");
    h.standin.reply_to(&colleague, xihu.group.topic(topic), question.message_id, "收到，已转");
    h.settle().await.unwrap();
    assert!(!chat_texts(&h, &w).contains("收到，已转"), "{}", chat_texts(&h, &w));
    let topic_now = texts(&in_topic(&h, &xihu, topic));
    assert!(topic_now.contains("这是对机器人提示的回复，没有转给工人"), "{topic_now}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claimant_stored_before_names_were_kept_masked_is_named_masked_in_relays_and_on_the_card() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    // As rows were before migration 0015: the name in clear, no masked form kept.
    on_db!(h.ctx.db, c => sqlx::query("UPDATE claimants SET name = '李建国', name_masked = ''").execute(c).await.map(|r| r.rows_affected()))
        .unwrap();
    w.send(&h, "老板今天又没来").await.unwrap();
    h.settle().await.unwrap();
    let relayed = newest_with(&h, &xihu, "老板今天又没来").text.unwrap();
    assert!(relayed.contains("李*国") && !relayed.contains("李建国"), "{relayed}");
    let card_now = crate::staff::card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(card_now.contains("李*国") && !card_now.contains("李建国"), "{card_now}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_to_an_office_without_a_group_is_said_plainly_and_its_supervisor_told() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let supervisor = link_office(&h, "hz-qqb", GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let topic = thread(&h, FIRST_CASE, &xihu).await.0.expect("a forum topic");

    // Binjiang never linked a group.
    press(&h, &xihu, "转办").await;
    press(&h, &xihu, "滨江区劳动保障监察大队").await;
    crate::staff::staff_says(&h, FIRST_CASE, &xihu, "工地实际在滨江区长河街道").await;
    assert_eq!(status_of(&h, FIRST_CASE).await, "transferred");
    let topic_now = texts(&in_topic(&h, &xihu, topic));
    assert!(
        topic_now.contains("滨江区劳动保障监察大队 还没有关联办案群") && topic_now.contains("关联办案群之后才能看到"),
        "{topic_now}"
    );
    let told = texts(&h.standin.messages_in(supervisor.group.id));
    assert!(told.contains(FIRST_CASE) && told.contains("该单位还没有关联办案群"), "{told}");
    finish(h).await;
}
