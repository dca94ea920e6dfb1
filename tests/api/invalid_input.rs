//! What the worker gets wrong: every refused answer says why in the worker's language and asks
//! the same question again; hostile or odd updates never move the dialogue.

use serde_json::json;
use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::standin::{GroupKind, MemberStatus, SentMessage};

use crate::helpers::*;

const ASK_AMOUNT: &str = "一共欠你多少钱？请写一个总数";
const ASK_SITE: &str = "请写工地或工厂的名称、地址";
const ASK_SECTOR: &str = "是什么样的活？";
const ASK_PHONE: &str = "请留一个能联系到你的手机号";
const ASK_ID: &str = "请写你的 18 位身份证号。";
const STALE: &str = "这个按钮已经过期了，请用最新的消息。";

/// The answers are exactly: the error, then the question asked again.
fn assert_refused(answers: &[SentMessage], error: &str, question: &str) {
    let all = texts(answers);
    assert_eq!(answers.len(), 2, "expected the error and the question again, got: {all}");
    let first = answers[0].text.clone().unwrap_or_default();
    let second = answers[1].text.clone().unwrap_or_default();
    assert!(first.contains(error), "expected {error:?} first, got: {all}");
    assert!(second.contains(question), "expected the question {question:?} again, got: {all}");
}

/// A worker at the amount question.
async fn at_amount(h: &Harness) -> SimWorker {
    let mut w = h.worker("李建国");
    let answers = walk(h, &mut w, &zh_to_amount()).await.unwrap();
    assert!(texts(&answers).contains(ASK_AMOUNT), "{}", texts(&answers));
    w
}

/// A worker at the phone question.
async fn at_phone(h: &Harness) -> SimWorker {
    let mut w = at_amount(h).await;
    let answers = walk(
        h,
        &mut w,
        &[
            Act::text("4万5"),
            Act::press("对"),
            Act::text("去年10月到今年1月"),
            Act::press("只有我"),
            Act::text("李建国"),
        ],
    )
    .await
    .unwrap();
    assert!(texts(&answers).contains(ASK_PHONE), "{}", texts(&answers));
    w
}

/// The amount typed after a refusal is taken: the worker was still at the amount question.
async fn amount_still_accepted(h: &Harness, w: &mut SimWorker) {
    let confirm = w.send(h, "4万5").await.unwrap();
    assert!(texts(&confirm).contains("欠你 ¥45,000，对吗？"), "{}", texts(&confirm));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amount_that_is_not_a_number_is_refused_and_asked_again() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let answers = w.send(&h, "abc").await.unwrap();
    assert_refused(&answers, "没看懂这个金额。请只写钱数，比如 35000 或 3.5万。", ASK_AMOUNT);
    amount_still_accepted(&h, &mut w).await;
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amount_range_is_refused_and_one_number_asked_for() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let answers = w.send(&h, "两三万").await.unwrap();
    assert_refused(&answers, "请只写一个数字，比如 35000 或 3.5万。", ASK_AMOUNT);
    amount_still_accepted(&h, &mut w).await;
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_rate_is_refused_and_the_total_asked_again() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let answers = w.send(&h, "一天300").await.unwrap();
    assert_refused(&answers, "请写老板一共欠你的总钱数，不是一天或一个月的工钱。", ASK_AMOUNT);
    amount_still_accepted(&h, &mut w).await;
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_number_with_a_wrong_check_digit_is_refused_and_asked_again() {
    let h = start().await;
    let mut w = at_phone(&h).await;
    walk(&h, &mut w, &[Act::contact("+86 138 0013 8000"), Act::press("同意，我来填")]).await.unwrap();
    let answers = w.send(&h, "110105194912310021").await.unwrap();
    assert_refused(&answers, "号码里有一位写错了，请对着身份证一位一位再核对一遍。", ASK_ID);
    let saved = w.send(&h, ID_NUMBER).await.unwrap();
    assert!(texts(&saved).contains(&format!("身份证号已记下：{ID_MASKED}")), "{}", texts(&saved));
    assert!(texts(&saved).contains("有证据请发过来"), "{}", texts(&saved));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_number_too_short_is_refused_and_asked_again() {
    let h = start().await;
    let mut w = at_phone(&h).await;
    let answers = w.send(&h, "12345").await.unwrap();
    assert_refused(&answers, "手机号是 11 位数字，请数一下再写一遍。", ASK_PHONE);
    // The question comes back with its share-my-number keyboard (a reply keyboard, which Telegram
    // does not echo in the Message, so look at the request).
    let sends = h.standin.calls_to("sendMessage");
    let keyboard = &sends.last().unwrap().params["reply_markup"];
    assert_eq!(keyboard["keyboard"][0][0]["request_contact"], json!(true), "{keyboard}");
    let saved = w.send(&h, PHONE).await.unwrap();
    assert!(texts(&saved).contains(&format!("手机号已记下：{PHONE_MASKED}")), "{}", texts(&saved));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_elses_contact_card_is_refused_and_the_phone_asked_again() {
    let h = start().await;
    let mut w = at_phone(&h).await;
    let friend = h.standin.new_user("王秀英", None, Some("zh-hans"));
    let chat = json!({ "id": w.chat_id(), "type": "private", "first_name": w.user.first_name });
    h.standin.push_raw_update(json!({
        "message": {
            "message_id": 9_001,
            "date": 1_796_000_000,
            "chat": chat,
            "from": { "id": w.user.id, "is_bot": false, "first_name": w.user.first_name },
            "contact": { "phone_number": "13912345678", "first_name": "王秀英", "user_id": friend.id },
        }
    }));
    let answers = w.answers(&h).await.unwrap();
    assert_refused(&answers, "请发送你自己的手机号（按下面的按钮），或者直接写号码。", ASK_PHONE);
    assert!(!texts(&answers).contains("139****5678"), "{}", texts(&answers));

    let own = w.share_contact(&h, "+86 138 0013 8000").await.unwrap();
    assert!(texts(&own).contains(&format!("手机号已记下：{PHONE_MASKED}")), "{}", texts(&own));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sticker_or_a_location_where_text_is_expected_is_refused_and_asked_again() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    h.standin.send_sticker(&w.user, &w.user, "😡");
    let answers = w.answers(&h).await.unwrap();
    assert_refused(&answers, "这里只能看懂文字、按钮、照片、文件和语音。请按提示回答。", ASK_AMOUNT);

    h.standin.send_location(&w.user, &w.user, 30.2741, 120.1551);
    let answers = w.answers(&h).await.unwrap();
    assert_refused(&answers, "这里只能看懂文字、按钮、照片、文件和语音。请按提示回答。", ASK_AMOUNT);

    amount_still_accepted(&h, &mut w).await;
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_sent_before_the_evidence_step_is_kept_as_evidence_and_the_question_asked_again() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let answers = w.send_photo(&h, evidence_photo()).await.unwrap();
    assert_refused(&answers, "收到，已作为第 1 件证据保存。", ASK_AMOUNT);
    amount_still_accepted(&h, &mut w).await;

    // At the evidence step the early photo is already counted, and it is filed with the complaint.
    let evidence = walk(
        &h,
        &mut w,
        &[
            Act::press("对"),
            Act::text("去年10月到今年1月"),
            Act::press("只有我"),
            Act::text("李建国"),
            Act::contact("+86 138 0013 8000"),
            Act::press("不填，跳过"),
        ],
    )
    .await
    .unwrap();
    let (_, data) = button(&h, &w, "发完了");
    assert!(data.ends_with(":evidence:done"), "{data}");
    let labels: Vec<String> = evidence.iter().flat_map(|m| m.callback_buttons()).map(|(label, _)| label).collect();
    assert_eq!(labels, ["发完了（1 件）"]);
    let summary =
        walk(&h, &mut w, &[Act::press("发完了"), Act::text("老板一直拖着不给钱，电话也不接。")]).await.unwrap();
    assert!(texts(&summary).contains("证据：1 件"), "{}", texts(&summary));
    confirm_and_submit(&h, &mut w).await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM evidence WHERE kind = 'photo' AND sha256 IS NOT NULL").await, 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_of_4096_characters_gets_the_too_long_text_and_the_question_again() {
    let h = start().await;
    let mut w = h.worker("李建国");
    let answers =
        walk(&h, &mut w, &[Act::text("/start"), Act::press("中文"), Act::press("同意"), Act::press("西湖区")])
            .await
            .unwrap();
    assert!(texts(&answers).contains("在哪个乡镇或街道？"), "{}", texts(&answers));
    let site = act(&h, &mut w, Act::press("转塘街道")).await.unwrap();
    assert!(texts(&site).contains(ASK_SITE), "{}", texts(&site));

    let long = "工".repeat(4096);
    let answers = w.send(&h, &long).await.unwrap();
    assert_refused(&answers, "内容太长了，请控制在 2000 个字以内。", ASK_SITE);

    let sector = w.send(&h, "文三路金色家园二期工地").await.unwrap();
    assert!(texts(&sector).contains(ASK_SECTOR), "{}", texts(&sector));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_typed_where_a_button_is_expected_asks_for_the_buttons() {
    let h = start().await;
    let mut w = h.worker("李建国");
    walk(&h, &mut w, &zh_to_amount()[..6]).await.unwrap();
    let answers = w.send(&h, "盖房子").await.unwrap();
    assert_refused(&answers, "请按下面的按钮选择。", ASK_SECTOR);
    let next = act(&h, &mut w, Act::press("盖房子")).await.unwrap();
    assert!(texts(&next).contains("是谁欠你的钱？"), "{}", texts(&next));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_button_gets_the_expired_toast_and_the_dialogue_stays() {
    let h = start().await;
    let mut w = h.worker("李建国");
    walk(&h, &mut w, &zh_to_amount()[..6]).await.unwrap();
    let (sector_message, real) = button(&h, &w, "修路");
    assert_eq!(real, "1:sector:road");

    let query_id = "4999999999000001";
    h.standin.push_raw_update(raw_callback(&w, &sector_message, query_id, "999:sector:road"));
    let answers = w.answers(&h).await.unwrap();
    assert_eq!(answers.len(), 1, "{}", texts(&answers));
    assert!(texts(&answers).contains(ASK_SECTOR), "{}", texts(&answers));
    let answered: Vec<_> = h
        .standin
        .calls_to("answerCallbackQuery")
        .into_iter()
        .filter(|c| c.params["callback_query_id"] == query_id)
        .collect();
    assert_eq!(answered.len(), 1, "{answered:?}");
    assert_eq!(answered[0].params["text"], STALE);
    // Nothing was chosen: the message keeps its buttons and the draft has no sector.
    let now = h.standin.messages_in(w.chat_id());
    let still = now.iter().find(|m| m.message_id == sector_message.message_id).unwrap();
    assert_eq!(still.callback_buttons().len(), 8);
    assert!(!still.text.clone().unwrap_or_default().contains("✅"));

    let next = act(&h, &mut w, Act::press("盖房子")).await.unwrap();
    assert!(texts(&next).contains("是谁欠你的钱？"), "{}", texts(&next));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_language_button_gets_the_expired_toast_and_the_dialogue_stays() {
    let h = start().await;
    let mut w = h.worker("李建国");
    act(&h, &mut w, Act::text("/start")).await.unwrap();
    let (old_snapshot, data) = button(&h, &w, "中文");
    let consent = act(&h, &mut w, Act::press("中文")).await.unwrap();
    assert!(texts(&consent).contains("在开始之前，请看一下个人信息说明"), "{}", texts(&consent));

    let query = h.standin.press_button(&w.user, &old_snapshot, &data).unwrap();
    let answers = w.answers(&h).await.unwrap();
    assert_eq!(answers.len(), 1, "{}", texts(&answers));
    assert!(texts(&answers).contains("在开始之前，请看一下个人信息说明"), "{}", texts(&answers));
    let toast = h.standin.callback_answer(query["id"].as_str().unwrap()).expect("the press was answered");
    assert_eq!(toast["text"], STALE);

    let county = act(&h, &mut w, Act::press("同意")).await.unwrap();
    assert!(texts(&county).contains("你是在哪个区县干活的？"), "{}", texts(&county));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_mid_dialogue_resets_it() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let answers = w.send(&h, "/cancel").await.unwrap();
    assert_eq!(answers.len(), 1, "{}", texts(&answers));
    assert!(texts(&answers).contains("已取消，没填完的内容已删除。"), "{}", texts(&answers));

    // The amount is no longer being asked for.
    let idle = w.send(&h, "4万5").await.unwrap();
    assert_eq!(texts(&idle), "要投诉欠薪请发 /new；查看进度请发 /status；帮助请发 /help。");
    let again = w.send(&h, "/cancel").await.unwrap();
    assert!(texts(&again).contains("现在没有正在填写的投诉。"), "{}", texts(&again));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_mid_dialogue_restarts_at_the_privacy_notice() {
    let h = start().await;
    let mut w = h.worker("李建国");
    // At the litigation question, whose buttons belong to this intake.
    walk(&h, &mut w, &zh_to_amount()[..10]).await.unwrap();
    let (old_message, old_data) = button(&h, &w, "没有");
    assert_eq!(old_data, "1:lit:none");
    let answers = w.send(&h, "/new").await.unwrap();
    let all = texts(&answers);
    assert!(all.contains("之前没填完的投诉已作废，我们重新开始。"), "{all}");
    assert!(all.contains("你好！这里可以投诉拖欠工资"), "{all}");
    assert!(
        answers.last().unwrap().text.clone().unwrap_or_default().contains("在开始之前，请看一下个人信息说明"),
        "{all}"
    );

    // A button of the discarded intake is stale now.
    let query = h.standin.press_button(&w.user, &old_message, &old_data).unwrap();
    let answers = w.answers(&h).await.unwrap();
    assert!(texts(&answers).contains("在开始之前，请看一下个人信息说明"), "{}", texts(&answers));
    assert_eq!(h.standin.callback_answer(query["id"].as_str().unwrap()).unwrap()["text"], STALE);

    let county = act(&h, &mut w, Act::press("同意")).await.unwrap();
    assert!(texts(&county).contains("你是在哪个区县干活的？"), "{}", texts(&county));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_command_is_explained_and_the_question_asked_again() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let answers = w.send(&h, "/frobnicate").await.unwrap();
    assert_refused(&answers, "没有这个命令。发 /help 看看能用哪些命令。", ASK_AMOUNT);
    amount_still_accepted(&h, &mut w).await;
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_start_payload_says_the_qr_code_expired_and_starts_by_hand() {
    let h = start().await;
    let mut w = h.worker("李建国");
    let answers = w.send(&h, "/start site_9f3a").await.unwrap();
    let all = texts(&answers);
    assert_eq!(answers.len(), 2, "{all}");
    assert!(all.contains("这个二维码已经失效或无法识别，请手动选择你的工地所在地。"), "{all}");
    assert!(all.contains("This QR code is no longer valid"), "{all}");
    let labels: Vec<String> = answers[1].callback_buttons().into_iter().map(|(label, _)| label).collect();
    assert_eq!(labels, ["中文", "English"]);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_in_a_group_chat_is_ignored() {
    let h = start().await;
    let w = h.worker("李建国");
    let group = h.standin.new_group("金色家园工友群", GroupKind::Group, &[(&w.user, MemberStatus::Member)]);
    h.standin.send_text(&w.user, &group, "/start");
    h.standin.send_text(&w.user, &group, "老板欠我们4万5");
    h.settle().await.unwrap();

    assert!(h.standin.messages_in(group.id).is_empty(), "{}", texts(&h.standin.messages_in(group.id)));
    assert!(h.standin.messages_in(w.chat_id()).is_empty());
    let notes: Vec<Option<String>> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT error FROM inbox WHERE chat_id = $1 ORDER BY seq")
        .bind(group.id)
        .fetch_all(c)
        .await)
        .unwrap();
    assert_eq!(notes, [Some("ignored".to_owned()), Some("ignored".to_owned())]);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM dialogues").await, 0);
    let sends = h.standin.calls_to("sendMessage");
    assert!(sends.is_empty(), "{sends:?}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_message_gets_the_edited_message_notice_and_changes_nothing() {
    let h = start().await;
    let mut w = at_amount(&h).await;
    let typed = h.standin.send_text(&w.user, &w.user, "4万5");
    let confirm = w.answers(&h).await.unwrap();
    assert!(texts(&confirm).contains("欠你 ¥45,000，对吗？"), "{}", texts(&confirm));

    h.standin.edit_text(&w.user, &typed, "5万");
    let answers = w.answers(&h).await.unwrap();
    assert_eq!(texts(&answers), "修改过的消息我们看不到，请重新发一条。");

    // Still at the confirmation of the original amount.
    let period = act(&h, &mut w, Act::press("对")).await.unwrap();
    assert!(texts(&period).contains("是哪段时间的工资没给"), "{}", texts(&period));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_at_the_evidence_step_asks_for_files() {
    let h = start().await;
    let mut w = at_phone(&h).await;
    walk(&h, &mut w, &[Act::contact("+86 138 0013 8000"), Act::press("不填，跳过")]).await.unwrap();
    let answers = w.send(&h, "欠条在我手机里").await.unwrap();
    assert_refused(&answers, "这一步请发照片、文件或语音；发完了请按“发完了”。", "有证据请发过来");
    finish(h).await;
}
