//! Restarts, crashes, redelivered updates and workers filing at the same time.

use std::collections::BTreeSet;

use serde_json::json;
use wagedesk::demo::harness::Harness;

use crate::helpers::*;

const CONFIRM_45000: &str = "欠你 ¥45,000，对吗？";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_restarted_mid_dialogue_resumes_at_the_same_step() {
    let h = start().await;
    let mut w = h.worker("李建国");
    let answers = walk(&h, &mut w, &zh_to_amount()).await.unwrap();
    assert!(texts(&answers).contains("一共欠你多少钱？"), "{}", texts(&answers));

    let (settings, clock) = (h.settings.clone(), h.ctx.clock.clone());
    let standin = h.stop().await.unwrap();
    let h = Harness::start_with(standin, settings, clock).await.unwrap();

    let answers = w.send(&h, "4万5").await.unwrap();
    assert_eq!(answers.len(), 1, "{}", texts(&answers));
    assert_eq!(answers[0].text.as_deref(), Some(CONFIRM_45000));
    // The rest of the intake goes on as if nothing happened.
    let period = act(&h, &mut w, Act::press("对")).await.unwrap();
    assert!(texts(&period).contains("是哪段时间的工资没给"), "{}", texts(&period));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_update_delivered_twice_files_one_complaint() {
    let h = start().await;
    let mut w = h.worker("李建国");
    zh_to_notice(&h, &mut w, &Intake::li()).await.unwrap();
    let (notice, submit) = button(&h, &w, "我保证属实");
    assert!(submit.ends_with(":notice:submit"), "{submit}");

    // Both copies are queued before the bot polls again, so they arrive in one getUpdates batch.
    let (settings, clock) = (h.settings.clone(), h.ctx.clock.clone());
    let standin = h.stop().await.unwrap();
    let query = standin.press_button(&w.user, &notice, &submit).unwrap();
    let update_id = standin.last_update_id();
    standin.push_update_with_id(update_id, json!({ "callback_query": query }));
    let queued: Vec<i64> = standin.pending_updates().iter().filter_map(|u| u["update_id"].as_i64()).collect();
    assert_eq!(queued, [update_id, update_id]);

    let h = Harness::start_with(standin, settings, clock).await.unwrap();
    let answers = w.answers(&h).await.unwrap();
    let all = texts(&answers);

    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants").await, 1);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'submitted'").await, 1);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM cases").await, 1);
    assert_eq!(all.matches("投诉已提交").count(), 1, "{all}");
    assert!(all.contains(FIRST_CASE), "{all}");
    // The copy is a no-op: no second answer of any kind (no stale-button toast, no idle hint) — just
    // the submission and the note naming the owning office.
    assert_eq!(answers.len(), 2, "the duplicate was handled a second time: {all}");
    assert_eq!(all.matches("负责办理").count(), 1, "{all}");
    let answered = h
        .standin
        .calls_to("answerCallbackQuery")
        .into_iter()
        .filter(|c| c.params["callback_query_id"] == query["id"])
        .count();
    assert_eq!(answered, 1, "the press was answered more than once");
    assert_eq!(h.standin.callback_answer(query["id"].as_str().unwrap()).unwrap().get("text"), None);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_filing_at_once_never_see_each_others_data() {
    let h = start().await;
    let mut li = h.worker("李建国");
    let mut wang = h.worker("王秀英");
    let li_filer = Intake::li();
    let wang_filer = Intake::li()
        .name("王秀英")
        .employer("张老板（杭州某某装饰工程有限公司）")
        .amount("3万2")
        .phone("13912345678")
        .skip_id()
        .photo(b"\xFF\xD8\xFF\xE0 wang's attendance sheet \xFF\xD9".to_vec());

    let (a, b) =
        tokio::join!(file_complaint_zh_as(&h, &mut li, &li_filer), file_complaint_zh_as(&h, &mut wang, &wang_filer));
    let (a, b) = (texts(&a.unwrap()), texts(&b.unwrap()));

    let li_chat = chat_texts(&h, &li);
    let wang_chat = chat_texts(&h, &wang);
    for own in ["李建国", "¥45,000", "138****8000", ID_MASKED] {
        assert!(li_chat.contains(own), "{own} missing from 李建国's chat");
    }
    for own in ["王秀英", "¥32,000", "139****5678"] {
        assert!(wang_chat.contains(own), "{own} missing from 王秀英's chat");
    }
    for theirs in ["王秀英", "32,000", "139****5678"] {
        assert!(!li_chat.contains(theirs), "{theirs} leaked into 李建国's chat");
    }
    for theirs in ["李建国", "45,000", "138****8000", ID_MASKED] {
        assert!(!wang_chat.contains(theirs), "{theirs} leaked into 王秀英's chat");
    }

    let stored: Vec<(String, i64, i64, String)> = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT c.case_number, c.worker_chat_id, c.amount_fen, k.name
         FROM complaints c JOIN claimants k ON k.complaint_id = c.id ORDER BY c.id",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    // Names are sealed at rest.
    let stored: Vec<(String, i64, i64, String)> =
        stored.into_iter().map(|(c, chat, fen, name)| (c, chat, fen, h.ctx.vault.open(&name).unwrap())).collect();
    assert_eq!(stored.len(), 2, "{stored:?}");
    let cases: BTreeSet<&str> = stored.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(cases, BTreeSet::from(["QX-330106-20261201-0001", "QX-330106-20261201-0002"]));
    for (case, chat, fen, name) in &stored {
        let (expected_chat, expected_fen, expected_name, told) = if *chat == li.chat_id() {
            (li.chat_id(), 4_500_000, "李建国", &a)
        } else {
            (wang.chat_id(), 3_200_000, "王秀英", &b)
        };
        assert_eq!((*chat, *fen, name.as_str()), (expected_chat, expected_fen, expected_name));
        assert!(told.contains(case.as_str()), "{expected_name} was told another case number: {told}");
    }
    // Each photo went with its own complaint.
    let evidence: Vec<(i64, i64)> = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT c.worker_chat_id, e.size_bytes FROM evidence e JOIN complaints c ON c.id = e.complaint_id ORDER BY c.id",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let mut by_chat: Vec<(i64, i64)> = evidence;
    by_chat.sort_unstable();
    let mut expected =
        vec![(li.chat_id(), li_filer.evidence[0].len() as i64), (wang.chat_id(), wang_filer.evidence[0].len() as i64)];
    expected.sort_unstable();
    assert_eq!(by_chat, expected);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_bot_restarted_processes_what_arrived_while_it_was_down() {
    let h = start().await;
    let mut w = h.worker("李建国");
    walk(&h, &mut w, &zh_to_amount()).await.unwrap();

    let (settings, clock) = (h.settings.clone(), h.ctx.clock.clone());
    let standin = h.kill().await;
    // The worker keeps typing while the bot is down.
    standin.send_text(&w.user, &w.user, "一天300");
    standin.send_text(&w.user, &w.user, "4万5");
    let last = standin.last_update_id();

    let h = Harness::start_with(standin, settings, clock).await.unwrap();
    let answers = w.answers(&h).await.unwrap();
    let got: Vec<String> = answers.iter().map(|m| m.text.clone().unwrap_or_default()).collect();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got[0].contains("请写老板一共欠你的总钱数"), "{got:#?}");
    assert!(got[1].contains("一共欠你多少钱？"), "{got:#?}");
    assert_eq!(got[2], CONFIRM_45000);
    h.standin.wait_until_confirmed(last, std::time::Duration::from_secs(10)).await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").await, 0);

    let period = act(&h, &mut w, Act::press("对")).await.unwrap();
    assert!(texts(&period).contains("是哪段时间的工资没给"), "{}", texts(&period));
    finish(h).await;
}
