//! The happy paths: a worker files a complaint start to finish, in Chinese and in English.

use sha2::{Digest, Sha256};

use crate::helpers::*;

/// `id, case_number, amount_fen, status, lang, workers, period_start, period_end`.
type ComplaintRow = (i64, String, i64, String, String, i64, String, String);
/// `kind, sha256, stored_path, size_bytes, file_key`.
type EvidenceRow = (String, Option<String>, Option<String>, Option<i64>, Option<String>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_intake_files_one_complaint_with_its_filer_evidence_and_timeline() {
    let h = start().await;
    let mut w = h.worker("李建国");

    let answers = file_complaint_zh(&h, &mut w).await.unwrap();
    // The submission, then what happens next: the owning office and its acceptance deadline.
    let [submitted, next] = &answers[answers.len() - 2..] else { panic!("{}", texts(&answers)) };
    assert!(
        next.text.as_deref().unwrap_or_default().contains("西湖区劳动保障监察大队 负责办理"),
        "{}",
        texts(&answers)
    );
    let last = submitted.text.clone().unwrap_or_default();
    assert!(last.contains("投诉已提交！"), "last message: {last}");
    assert!(last.contains(&format!("案件编号：{FIRST_CASE}")), "last message: {last}");
    let shape = regex::Regex::new(r"QX-\d{6}-\d{8}-\d{4}").unwrap();
    assert_eq!(shape.find(&last).map(|m| m.as_str()), Some(FIRST_CASE));

    let complaints: Vec<ComplaintRow> = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT id, case_number, amount_fen, status, lang, workers, period_start, period_end FROM complaints",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(complaints.len(), 1, "{complaints:?}");
    let (id, case, fen, status, lang, workers, from, to) = complaints[0].clone();
    assert_eq!(case, FIRST_CASE);
    assert_eq!(fen, 4_500_000);
    assert_eq!(status, "submitted");
    assert_eq!(lang, "zh-Hans");
    assert_eq!(workers, 1);
    assert_eq!((from.as_str(), to.as_str()), ("2025-10", "2026-01"));

    let claimants: Vec<(String, String, String, Option<String>)> = on_db!(h.ctx.db, c =>
            sqlx::query_as("SELECT role, name, phone_masked, id_masked FROM claimants WHERE complaint_id = $1")
            .bind(id)
            .fetch_all(c)
            .await)
    .unwrap();
    // The name is sealed at rest; its masked form is kept for the office's card.
    let claimants: Vec<_> =
        claimants.into_iter().map(|(role, name, p, i)| (role, h.ctx.vault.open(&name).unwrap(), p, i)).collect();
    assert_eq!(
        claimants,
        vec![("filer".to_owned(), "李建国".to_owned(), PHONE_MASKED.to_owned(), Some(ID_MASKED.to_owned()))]
    );

    let evidence: Vec<EvidenceRow> =
        on_db!(h.ctx.db, c =>
            sqlx::query_as("SELECT kind, sha256, stored_path, size_bytes, file_key FROM evidence WHERE complaint_id = $1")
            .bind(id)
            .fetch_all(c)
            .await)
            .unwrap();
    assert_eq!(evidence.len(), 1, "{evidence:?}");
    let (kind, sha, path, size, file_key) = evidence[0].clone();
    let photo = evidence_photo();
    assert_eq!(kind, "photo");
    assert_eq!(sha.as_deref(), Some(hex::encode(Sha256::digest(&photo)).as_str()), "the hash of the plaintext");
    assert_eq!(size, Some(photo.len() as i64));
    let path = path.expect("the photo was stored");
    // On disk it is encrypted under its own key, which the record keeps sealed by the master key.
    let on_disk = std::fs::read(&path).expect("the stored evidence file exists");
    let words = "今欠李建国工资".as_bytes();
    assert!(!on_disk.windows(words.len()).any(|w| w == words), "the photo's bytes are on disk in the clear");
    assert!(!path.contains(sha.as_deref().unwrap()), "the name does not give the content's hash away");
    let file_key = file_key.expect("the file's key is recorded");
    assert!(file_key.starts_with("v2."), "sealed: {file_key}");
    let read = wagedesk::evidence::read_stored(&h.ctx, std::path::Path::new(&path), Some(&file_key)).await.unwrap();
    assert_eq!(read, photo);
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let file = std::path::Path::new(&path);
        assert_eq!((mode(file), mode(file.parent().unwrap())), (0o600, 0o700), "the service's user only");
    }

    let timeline: Vec<(String, String)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT actor, event FROM timeline WHERE complaint_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(c)
            .await)
        .unwrap();
    // The worker's submission, then routing's reason for the owning office and the township the
    // worker picked (转塘街道), which is told.
    let routed = ("system".to_owned(), "routed".to_owned());
    assert_eq!(timeline, vec![("worker".to_owned(), "submitted".to_owned()), routed.clone(), routed]);
    let told: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE recipient = 'office:hz-xihu-zhuantang'
             AND message_id = 'notify-office-township-mediation'",
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(told, 1, "the picked township is told like a project's");

    // The dialogue is back at rest: plain text now goes to the case, not into a question (kept there:
    // the office has no linked group in this test, and the worker is told so).
    let answers = texts(&w.send(&h, "你好").await.unwrap());
    assert!(answers.contains(&format!("你的消息已经记在案件 {FIRST_CASE} 里")), "{answers}");
    assert!(!answers.contains("已转给"), "{answers}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_intake_for_a_crew_stores_twelve_workers_in_english() {
    let h = start().await;
    let mut w = h.worker("Li Jianguo");

    let welcome = walk(&h, &mut w, &[Act::text("/start"), Act::press("English")]).await.unwrap();
    assert!(texts(&welcome).contains("Hello! Here you can report unpaid wages."), "{}", texts(&welcome));
    walk(
        &h,
        &mut w,
        &[
            Act::press("I agree"),
            Act::press("Xihu District"),
            Act::press("Zhuantang"),
            Act::text("Golden Garden phase 2, Wensan Road"),
            Act::press("Building construction"),
            Act::press("team leader"),
            Act::text("Boss Wang (Hangzhou Labour Co.)"),
            Act::press("Wages for my own work"),
            Act::press("No"),
        ],
    )
    .await
    .unwrap();
    let confirm = act(&h, &mut w, Act::text("45,000")).await.unwrap();
    assert!(texts(&confirm).contains("You are owed ¥45,000, is that right?"), "{}", texts(&confirm));
    let crew = walk(&h, &mut w, &[Act::press("Yes"), Act::text("3 months"), Act::press("A crew of us")]).await.unwrap();
    assert!(texts(&crew).contains("How many workers are owed wages"), "{}", texts(&crew));
    let phone = walk(&h, &mut w, &[Act::text("12"), Act::text("Li Jianguo")]).await.unwrap();
    assert!(texts(&phone).contains("Please give a mobile number"), "{}", texts(&phone));
    let saved = act(&h, &mut w, Act::text(PHONE)).await.unwrap();
    assert!(texts(&saved).contains(&format!("Mobile number saved: {PHONE_MASKED}")), "{}", texts(&saved));
    let summary = walk(
        &h,
        &mut w,
        &[
            Act::press("Skip"),
            Act::press("Done"),
            Act::text("We built two towers from September to November and nobody was paid."),
        ],
    )
    .await
    .unwrap();
    let summary = texts(&summary);
    assert!(summary.contains("Please check your complaint:"), "{summary}");
    assert!(summary.contains("Amount: ¥45,000"), "{summary}");
    assert!(summary.contains("Workers: 12"), "{summary}");
    assert!(summary.contains("ID number: not given"), "{summary}");
    assert!(summary.contains("Evidence: 0 items"), "{summary}");
    let filed = walk(&h, &mut w, &[Act::press("All correct"), Act::press("It is true, submit")]).await.unwrap();
    assert!(
        texts(&filed).contains(&format!("Your complaint is filed! Case number: {FIRST_CASE}")),
        "{}",
        texts(&filed)
    );

    let stored: Vec<(String, i64, i64, String, String, String)> = on_db!(h.ctx.db, c =>
            sqlx::query_as("SELECT lang, workers, amount_fen, period_start, period_end, site FROM complaints")
            .fetch_all(c)
            .await)
    .unwrap();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let (lang, workers, fen, from, to, site) = stored[0].clone();
    assert_eq!(lang, "en");
    assert_eq!(workers, 12);
    assert_eq!(fen, 4_500_000);
    // "3 months" ends in the current month (December 2026).
    assert_eq!((from.as_str(), to.as_str()), ("2026-10", "2026-12"));
    assert_eq!(site, "Golden Garden phase 2, Wensan Road");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM evidence").await, 0);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants WHERE id_sealed IS NULL AND id_masked IS NULL").await, 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_lists_the_case_the_worker_filed() {
    let h = start().await;
    let mut w = h.worker("李建国");

    let before = w.send(&h, "/status").await.unwrap();
    assert!(texts(&before).contains("你还没有提交过投诉"), "{}", texts(&before));

    file_complaint_zh(&h, &mut w).await.unwrap();
    let status = texts(&w.send(&h, "/status").await.unwrap());
    assert!(status.contains("你有 1 件投诉："), "{status}");
    assert!(status.contains(&format!("编号：{FIRST_CASE}")), "{status}");
    assert!(status.contains("提交日期：2026-12-01"), "{status}");
    assert!(status.contains("状态：已提交，等办理单位决定接不接手（是否受理）"), "{status}");
    assert!(status.contains("金额：¥45,000") && !status.contains("45,000 元"), "the currency marked once: {status}");

    // Another worker sees none of it.
    let mut other = h.worker("王秀英");
    let theirs = texts(&other.send(&h, "/status").await.unwrap());
    assert!(theirs.contains("你还没有提交过投诉"), "{theirs}");
    assert!(!theirs.contains(FIRST_CASE), "{theirs}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_amount_from_the_summary_returns_to_the_summary_with_the_new_amount() {
    let h = start().await;
    let mut w = h.worker("李建国");
    walk(&h, &mut w, &zh_to_amount()).await.unwrap();
    let summary = zh_amount_to_summary(&h, &mut w, &Intake::li()).await.unwrap();
    assert!(texts(&summary).contains("金额：¥45,000\n"), "{}", texts(&summary));

    let ask = act(&h, &mut w, Act::press("改金额")).await.unwrap();
    assert!(texts(&ask).contains("一共欠你多少钱？"), "{}", texts(&ask));
    let confirm = act(&h, &mut w, Act::text("5万")).await.unwrap();
    assert!(texts(&confirm).contains("欠你 ¥50,000，对吗？"), "{}", texts(&confirm));
    let back = act(&h, &mut w, Act::press("对")).await.unwrap();
    let back = texts(&back);
    // Straight back to the summary, not on to the period question.
    assert!(back.contains("请核对你的投诉："), "{back}");
    assert!(back.contains("金额：¥50,000\n"), "{back}");
    assert!(!back.contains("是哪段时间的工资没给"), "{back}");
    assert!(back.contains("姓名：李建国"), "{back}");

    confirm_and_submit(&h, &mut w).await.unwrap();
    let fen: Vec<i64> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT amount_fen FROM complaints").fetch_all(c).await).unwrap();
    assert_eq!(fen, vec![5_000_000]);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_menu_is_set_in_chinese_and_english() {
    let h = start().await;
    let calls = h.standin.wait_for_calls("setMyCommands", 3, std::time::Duration::from_secs(10)).await.unwrap();
    assert!(calls.iter().all(|c| c.outcome.is_ok()), "{calls:?}");
    let languages: Vec<Option<String>> =
        calls.iter().map(|c| c.params.get("language_code").and_then(|v| v.as_str()).map(str::to_owned)).collect();
    assert!(languages.contains(&Some("zh".to_owned())), "{languages:?}");
    assert!(languages.contains(&Some("en".to_owned())), "{languages:?}");
    assert!(languages.contains(&None), "the default menu is set too: {languages:?}");

    let describe = |lang: &str, command: &str| -> Option<String> {
        let commands = h.standin.commands(None, lang)?;
        commands.as_array()?.iter().find(|c| c["command"] == command)?["description"].as_str().map(str::to_owned)
    };
    assert_eq!(describe("zh", "new").as_deref(), Some("新的欠薪投诉"));
    assert_eq!(describe("en", "new").as_deref(), Some("New wage complaint"));
    assert_eq!(describe("", "status").as_deref(), Some("我的投诉进度"));
    assert_eq!(describe("zh", "delete_my_data").as_deref(), Some("删除我的个人信息"));
    let names: Vec<String> = h
        .standin
        .commands(None, "en")
        .and_then(|c| c.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c["command"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, ["start", "new", "status", "cancel", "withdraw", "delete_my_data", "language", "help"]);

    // Groups get the office commands.
    h.standin.wait_for_calls("setMyCommands", 4, std::time::Duration::from_secs(10)).await.unwrap();
    let group = h.standin.commands(Some(serde_json::json!({ "type": "all_group_chats" })), "").expect("group menu");
    let names: Vec<&str> = group.as_array().unwrap().iter().filter_map(|c| c["command"].as_str()).collect();
    assert_eq!(names, ["cases", "overdue", "case", "note", "ledger", "export", "cancel", "help"]);
    finish(h).await;
}

/// The acts of the demo's intake up to and including its photo.
fn up_to_the_photo(name: &str, phone: &str) -> Vec<Act> {
    let acts = Intake::li().name(name).phone(phone).daily_rate_first(false).steps();
    let at = acts.iter().position(|a| matches!(a, Act::Photo(_))).expect("the demo sends a photo");
    acts[..=at].to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_deletes_the_drafts_evidence_file_unless_a_filed_complaint_holds_it() {
    let h = start().await;
    // Each download is a file of its own (encrypted under its own key), whatever its content.
    let files = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&h.ctx.evidence_dir)
            .map(|dir| dir.flatten().map(|e| e.path().display().to_string()).collect())
            .unwrap_or_default();
        names.sort();
        names
    };
    let mut first = h.worker("赵四");
    walk(&h, &mut first, &up_to_the_photo("赵四", "13712345678")).await.unwrap();
    assert_eq!(files().len(), 1, "the photo was downloaded");
    let said = texts(&first.send(&h, "/cancel").await.unwrap());
    assert!(!said.is_empty());
    assert!(files().is_empty(), "/cancel deletes what it says it deletes");

    // The same photo in a filed complaint stays when another worker cancels a draft holding it.
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    let filed: Vec<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT stored_path FROM evidence").fetch_all(c).await).unwrap();
    let mut other = h.worker("王秀英");
    walk(&h, &mut other, &up_to_the_photo("王秀英", "13912345678")).await.unwrap();
    assert_eq!(files().len(), 2);
    other.send(&h, "/cancel").await.unwrap();
    assert_eq!(files(), filed, "李建国's complaint still holds its file; 王秀英's draft's is gone");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_language_with_no_complaint_in_progress_leaves_the_chat_at_rest() {
    let h = start().await;
    let xihu = crate::staff::link_office(&h, crate::staff::XIHU, wagedesk::standin::GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();

    w.send(&h, "/language").await.unwrap();
    let changed = texts(&w.press(&h, "English").await.unwrap());
    assert!(changed.contains("Language changed"), "{changed}");

    // What the worker types next goes to the case's thread, as before /language.
    let (topic, _) = crate::staff::thread(&h, FIRST_CASE, &xihu).await;
    let topic = topic.expect("a forum topic");
    w.send(&h, "老板今天说下周给钱").await.unwrap();
    h.settle().await.unwrap();
    let topic_messages = crate::staff::in_topic(&h, &xihu, topic);
    assert!(texts(&topic_messages).contains("老板今天说下周给钱"), "relayed: {}", texts(&topic_messages));
    let complaints: i64 = count(&h, "SELECT COUNT(*) FROM complaints").await;
    assert_eq!(complaints, 1, "no new complaint was started");
    finish(h).await;
}
