//! Evidence quotas (`[evidence]` of the deployment file): past a worker's files or bytes on a complaint,
//! a file is not downloaded or recorded, and the worker is told which one was not kept; what was kept
//! before stays, in the draft, on the filed complaint and on disk (encrypted).

use std::path::{Path, PathBuf};

use wagedesk::app::Settings;
use wagedesk::demo::harness::Harness;
use wagedesk::standin::{StandIn, StandInOptions};

use crate::helpers::*;

/// The sample deployment with `[evidence]` replaced, written next to the data (calendars by full path).
fn deployment_with(dir: &Path, evidence: &str) -> PathBuf {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy");
    let sample = std::fs::read_to_string(deploy.join("wagedesk.toml")).unwrap();
    let start = sample.find("[evidence]").expect("the sample has [evidence]");
    let end = sample[start..].find("[hotlines]").unwrap() + start;
    let text = format!("{}{evidence}\n\n{}", &sample[..start], &sample[end..])
        .replace("files = [\"calendar/", &format!("files = [\"{}/calendar/", deploy.display()));
    let text = text.replace(", \"calendar/", &format!(", \"{}/calendar/", deploy.display()));
    let path = dir.join("wagedesk.toml");
    std::fs::write(&path, text).unwrap();
    path
}

async fn start_with_quota(evidence: &str) -> Harness {
    let dir = fresh_dir();
    let mut settings = Settings::in_dir(&dir);
    settings.config = deployment_with(&dir, evidence);
    wagedesk::demo::harness::scripted(&mut settings.bot.delivery);
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    Harness::start_with(standin, settings, clock()).await.expect("the bot starts")
}

/// The demo's intake with `photos` in place of its one photo.
fn with_photos(name: &str, phone: &str, photos: &[Vec<u8>]) -> Vec<Act> {
    let acts = Intake::li().name(name).phone(phone).daily_rate_first(false).steps();
    let at = acts.iter().position(|a| matches!(a, Act::Photo(_))).expect("the demo sends a photo");
    let mut out = acts[..at].to_vec();
    out.extend(photos.iter().cloned().map(Act::Photo));
    out.extend(acts[at + 1..].iter().cloned());
    out
}

fn files_on_disk(h: &Harness) -> usize {
    std::fs::read_dir(&h.ctx.evidence_dir).map_or(0, |d| d.flatten().count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_quota_a_file_is_not_kept_and_the_worker_is_told_which() {
    let photo = evidence_photo();
    let h = start_with_quota("[evidence]\nmax_files = 2\nmax_bytes = 1000").await;

    // Files: the third photo of a draft is not kept.
    let mut w = h.worker("李建国");
    walk(&h, &mut w, &with_photos("李建国", PHONE, &[photo.clone(), photo.clone(), photo.clone()])).await.unwrap();
    let chat = chat_texts(&h, &w);
    assert!(chat.contains("收到第 2 件证据"), "{chat}");
    assert!(!chat.contains("收到第 3 件证据"), "{chat}");
    let told = "这个照片（1 KB）没有保存：每件投诉最多保存你发来的 2 个文件";
    assert!(chat.contains(told), "{chat}");
    assert!(chat.contains("投诉已提交"), "the worker went on and filed: {chat}");
    let kept: Vec<(i64, i64)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT complaint_id, chat_id FROM evidence").fetch_all(c).await).unwrap();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().all(|(_, chat)| *chat == w.chat_id()));
    assert_eq!(files_on_disk(&h), 2, "the refused photo was never downloaded");

    // After filing, a photo to the case counts against the same complaint: not kept, not relayed.
    let answers = texts(&w.send_photo(&h, photo.clone()).await.unwrap());
    assert!(answers.contains(told), "{answers}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM evidence").await, 2);
    assert_eq!(files_on_disk(&h), 2);

    // Bytes: a photo that would take the worker past 1000 bytes is not kept; a small one still is.
    let big = vec![0xAB; 1500];
    let mut other = h.worker("王秀英");
    let acts = with_photos("王秀英", "13912345678", &[big, photo.clone()]);
    walk(&h, &mut other, &acts).await.unwrap();
    let chat = chat_texts(&h, &other);
    assert!(
        chat.contains("这个照片（2 KB）没有保存：每件投诉保存你发来的文件一共不超过 1 KB，已经用了 0 KB"),
        "{chat}"
    );
    assert!(chat.contains("收到第 1 件证据"), "{chat}");
    let theirs: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT COUNT(*) FROM evidence WHERE chat_id = $1")
        .bind(other.chat_id())
        .fetch_one(c)
        .await)
    .unwrap();
    assert_eq!(theirs, 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photos_caption_reaches_the_office_with_the_photo_is_sealed_and_goes_with_an_erasure() {
    let h = start().await;
    let xihu = crate::staff::link_office(&h, crate::staff::XIHU, wagedesk::standin::GroupKind::Supergroup).await;
    let mut w = h.worker("李建国");
    let caption = "老板写的欠条，他电话13912345678";
    for step in Intake::li().steps() {
        match step {
            Act::Photo(bytes) => {
                h.standin.send_photo(&w.user, &w.user, bytes, Some(caption));
                w.answers(&h).await.unwrap();
            }
            other => {
                act(&h, &mut w, other).await.unwrap();
            }
        }
    }
    h.settle().await.unwrap();
    assert_eq!(status(&h).await, "submitted");
    let posted = h.standin.messages_in(xihu.group.id).into_iter().find(|m| m.media.is_some()).expect("the photo");
    let shown = posted.text.unwrap_or_default();
    assert!(shown.contains(FIRST_CASE) && shown.contains("老板写的欠条"), "the worker's words with it: {shown}");
    assert!(shown.contains("139****5678") && !shown.contains("13912345678"), "numbers masked: {shown}");

    let note = || async {
        on_db!(h.ctx.db, c => sqlx::query_scalar::<_, Option<String>>("SELECT note FROM evidence").fetch_one(c).await)
            .unwrap()
    };
    let sealed = note().await.expect("kept with the file");
    assert!(!sealed.contains("欠条") && h.ctx.vault.open(&sealed).unwrap() == caption, "sealed at rest");

    w.send(&h, "/delete_my_data").await.unwrap();
    w.press(&h, "确认删除").await.unwrap();
    assert_eq!(note().await, None, "erased with the worker's other words");
    finish(h).await;
}
