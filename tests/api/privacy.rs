//! Phone and ID numbers never sit in the database in the clear, and the bot only ever echoes them masked.

use crate::helpers::*;

/// `needle` as stored in SQLite's UTF-8 text, and as UTF-16 (LE and BE) in case anything stored it so.
fn encodings(needle: &str) -> Vec<(String, Vec<u8>)> {
    let le: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = needle.encode_utf16().flat_map(u16::to_be_bytes).collect();
    vec![
        (format!("{needle} (UTF-8)"), needle.as_bytes().to_vec()),
        (format!("{needle} (UTF-16LE)"), le),
        (format!("{needle} (UTF-16BE)"), be),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The forms of the phone and ID numbers that must not appear anywhere.
const SECRETS: [&str; 6] = [PHONE, "138 0013 8000", ID_NUMBER, "11010519491231002x", "1101051949", "19491231"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_files_hold_the_phone_and_id_only_sealed_and_masked() {
    if sqlite_only("reads the SQLite file and its WAL byte by byte") {
        return;
    }
    let h = start().await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    let db_path = h.database_path();
    let standin = h.stop().await.unwrap();
    assert!(standin.violations().is_empty(), "{:#?}", standin.violations());

    let mut files = vec![db_path.clone()];
    let wal = db_path.with_file_name("wagedesk.db-wal");
    if wal.exists() {
        files.push(wal);
    }
    let mut all_bytes = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(!bytes.is_empty(), "{} is empty", file.display());
        for secret in SECRETS {
            for (form, needle) in encodings(secret) {
                assert!(!contains(&bytes, &needle), "{} holds {form} in the clear", file.display());
            }
        }
        all_bytes.extend(bytes);
    }
    // The name and the worker's own words are sealed too (in the claimant row, the draft, the outbox).
    for words in ["李建国", "老板一直拖着不给钱"] {
        assert!(!contains(&all_bytes, words.as_bytes()), "{words} is in the database files in the clear");
    }
    // The masked forms are what the database keeps for display (so the search above searched real data).
    for masked in [PHONE_MASKED, ID_MASKED, "李*国"] {
        assert!(contains(&all_bytes, masked.as_bytes()), "{masked} is not in the database files");
    }
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_only_ever_sees_the_masked_phone_and_id() {
    let h = start().await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();

    let chat = chat_texts(&h, &w);
    for secret in SECRETS {
        assert!(!chat.contains(secret), "the bot echoed {secret}:\n{chat}");
    }
    assert!(chat.contains(&format!("手机号已记下：{PHONE_MASKED}")), "{chat}");
    assert!(chat.contains(&format!("身份证号已记下：{ID_MASKED}")), "{chat}");
    assert!(chat.contains(&format!("手机：{PHONE_MASKED}")), "{chat}");
    assert!(chat.contains(&format!("身份证：{ID_MASKED}")), "{chat}");

    // Not in any request either (edits, toasts, keyboards included).
    for call in h.standin.calls() {
        let params = call.params.to_string();
        for secret in SECRETS {
            assert!(!params.contains(secret), "{} carried {secret}: {params}", call.method);
        }
    }
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_wrong_or_readable_key_is_refused_once_the_database_holds_sealed_data() {
    use std::os::unix::fs::PermissionsExt;
    use wagedesk::app::key_for;
    let dir = fresh_dir();
    // A fresh database has nothing sealed: the first start makes the key, readable by its owner only.
    let empty = wagedesk::app::open_db(&dir.join("empty.db")).await.unwrap();
    let made = dir.join("made.key");
    key_for(&empty, &made).await.expect("a first start makes a key");
    assert_eq!(std::fs::metadata(&made).unwrap().permissions().mode() & 0o777, 0o600);

    let h = start().await;
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    let missing = dir.join("missing.key");
    let Err(e) = key_for(&h.ctx.db, &missing).await else { panic!("no new key over sealed data") };
    assert!(format!("{e:#}").contains("restore"), "{e:#}");
    assert!(!missing.exists(), "no key file was made");

    let wrong = dir.join("wrong.key");
    std::fs::write(&wrong, hex::encode([7u8; 32])).unwrap();
    std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).unwrap();
    let Err(e) = key_for(&h.ctx.db, &wrong).await else { panic!("the wrong key is refused") };
    assert!(format!("{e:#}").contains("wrong key"), "{e:#}");

    std::fs::set_permissions(&made, std::fs::Permissions::from_mode(0o644)).unwrap();
    let Err(e) = key_for(&empty, &made).await else { panic!("a key others may read is refused") };
    assert!(format!("{e:#}").contains("chmod 600"), "{e:#}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_file_the_bot_writes_is_its_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let h = start().await;
    let xihu = crate::staff::link_office(&h, crate::staff::XIHU, wagedesk::standin::GroupKind::Forum).await;
    // A complaint with a photo (the evidence folder) and a workbook (the reports folder).
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    h.standin.send_text(&xihu.clerk, &xihu.group, "/export");
    h.settle().await.unwrap();
    let dir = h.database_path().parent().unwrap().to_owned();
    let mut seen = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "{} is {mode:o}", path.display());
            if path.is_dir() {
                stack.push(path.clone());
            }
            seen.push(path.strip_prefix(&dir).unwrap().display().to_string());
        }
    }
    let database: &[&str] = if on_postgres() { &[] } else { &["wagedesk.db", "wagedesk.db-wal"] };
    for expected in database.iter().chain(&["wagedesk.key", "evidence", "reports"]) {
        assert!(seen.iter().any(|s| s == expected), "{expected} not written: {seen:?}");
    }
    assert!(seen.iter().any(|s| s.starts_with("evidence/")) && seen.iter().any(|s| s.starts_with("reports/")));
    finish(h).await;
}

/// Withdrawing from a shared case whose owning office has no linked group: nobody there saw the
/// notice, so the worker is not told the office was told — they hear it is kept on the case, and the
/// office's number to call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_case_whose_office_has_no_group_does_not_claim_the_office_was_told() {
    let h = start().await;
    let (mut li, _wang) = li_and_wang_on_one_case(&h).await;
    li.send(&h, "/withdraw").await.unwrap();
    let left = texts(&li.press(&h, &format!("撤回 {FIRST_CASE}")).await.unwrap());
    assert!(left.contains(&format!("你已退出案件 {FIRST_CASE}")), "{left}");
    assert!(!left.contains("已收到通知"), "no group of the office saw it: {left}");
    assert!(left.contains("西湖区劳动保障监察大队") && left.contains("还没有接入"), "{left}");
    assert!(left.contains("0571-00000002"), "the office's own number: {left}");
    let kept: i64 = count(&h, "SELECT COUNT(*) FROM notifications WHERE message_id = 'notify-office-claimant-withdrew' AND recipient = 'office:hz-xihu-ldjc'").await;
    assert!(kept >= 1, "the notice is kept on the case for the office");
    finish(h).await;
}
