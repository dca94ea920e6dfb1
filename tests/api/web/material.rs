//! More material after filing (补正) from the status page: an uploaded file is kept as the case's
//! evidence, encrypted, within the worker's quota, and reaches the office's thread as a Telegram
//! worker's file does; past the quota, or on a case no longer open, it is refused with a page and
//! nothing is kept.

use super::*;

impl Browser {
    /// Uploads `bytes` as a file of type `mime` with the status page's upload form.
    async fn send_material(&mut self, status_path: &str, bytes: Vec<u8>, mime: &str) {
        let csrf = self.csrf();
        let part = reqwest::multipart::Part::bytes(bytes).file_name("material").mime_str(mime).unwrap();
        let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", part);
        let r = self
            .with_headers(self.client.post(format!("{}{status_path}/file", self.base)))
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.take(r).await;
    }
}

/// A payslip photo, unlike the IOU the intake sent.
fn payslip(extra: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice("工资条：李建国 2025年12月 应发 9000 元，实发 0 元。".as_bytes());
    bytes.extend(std::iter::repeat_n(0x5A, extra));
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

fn files_on_disk(h: &Harness) -> usize {
    std::fs::read_dir(&h.ctx.evidence_dir).map_or(0, |d| d.flatten().count())
}

fn photos_in_group(h: &Harness, group: i64) -> Vec<wagedesk::standin::SentMessage> {
    h.standin.messages_in(group).into_iter().filter(|m| m.media.as_ref().is_some_and(|f| f.kind == "photo")).collect()
}

async fn evidence_rows(h: &Harness) -> i64 {
    count(h, "SELECT COUNT(*) FROM evidence").await
}

/// The web server with the sample's `[evidence]` quota replaced by `evidence`.
async fn start_web_with_quota(evidence: &str) -> (Harness, String) {
    start_web_edited("", |text| {
        let sample = "[evidence]\nmax_files = 20\nmax_bytes = \"100 MB\"";
        assert!(text.contains(sample), "the sample's [evidence] quota");
        text.replace(sample, evidence)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_uploaded_on_the_status_page_when_asked_for_more_is_kept_encrypted_and_reaches_the_office() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    h.settle().await.unwrap();
    press(&h, &xihu, "要求补充材料").await;
    staff_says(&h, FIRST_CASE, &xihu, "请补充一张工资条的照片").await;
    assert_eq!(status(&h).await, "need_info");

    // The page asks for it where the file can be given; the reply box no longer promises material.
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    let page = phone.text();
    assert!(page.contains("请补充一张工资条的照片") && page.contains("补充材料：可以上传照片"), "{page}");
    assert!(phone.page.contains(&format!("action=\"{status_path}/file\" enctype=\"multipart/form-data\"")));
    for lang in [Lang::ZhHans, Lang::En] {
        let hint = tr(lang, "web-reply-hint");
        assert!(!hint.contains("补充材料") && !hint.contains("material"), "the text box takes no material: {hint}");
    }
    let (before_rows, before_photos) = (evidence_rows(&h).await, photos_in_group(&h, xihu.group.id).len());

    phone.send_material(&status_path, payslip(0), "image/jpeg").await;
    assert_eq!(phone.status, 200, "{}", phone.page);
    assert_eq!(phone.path, status_path, "back on the status page");
    let acknowledged = phone.text();
    assert!(acknowledged.contains("已转给") && acknowledged.contains(&format!("案件 {FIRST_CASE}")), "{acknowledged}");

    // A new evidence row of the case, from the web worker, sealed on disk.
    assert_eq!(evidence_rows(&h).await, before_rows + 1);
    let (complaint, chat, path, key, kind): (i64, i64, String, Option<String>, String) = on_db!(h.ctx.db, c =>
        sqlx::query_as("SELECT complaint_id, chat_id, stored_path, file_key, kind FROM evidence ORDER BY id DESC LIMIT 1")
            .fetch_one(c)
            .await)
    .unwrap();
    let (case_id, worker): (i64, i64) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT id, worker_chat_id FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!((complaint, chat, kind.as_str()), (case_id, worker, "photo"));
    let plain = wagedesk::evidence::read_stored(&h.ctx, Path::new(&path), key.as_deref()).await.unwrap();
    assert_eq!(plain, payslip(0));
    let on_disk = std::fs::read(&path).unwrap();
    assert!(!on_disk.windows(24).any(|w| w == &payslip(0)[4..28]), "encrypted at rest");

    // The office gets the photo in the case's topic, the same bytes, captioned with the case; the
    // post is the worker's, so a reply to it goes back to them.
    h.settle().await.unwrap();
    let photos = photos_in_group(&h, xihu.group.id);
    assert_eq!(photos.len(), before_photos + 1, "{photos:?}");
    let sent = photos.last().unwrap();
    let media = sent.media.as_ref().unwrap();
    assert_eq!(h.standin.file_bytes(&media.file_id).as_deref(), Some(payslip(0).as_slice()));
    assert!(sent.thread_id.is_some() && sent.protect_content, "{sent:?}");
    let caption = sent.text.clone().unwrap_or_default();
    assert!(caption.contains(FIRST_CASE) && !caption.contains("李建国"), "{caption}");
    let from: Option<i64> = on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT worker_chat_id FROM case_messages WHERE chat_id = $1 AND message_id = $2",
    )
    .bind(xihu.group.id)
    .bind(sent.message_id)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(from, Some(worker));
    // The request for more is answered: the acceptance clock starts again, as in Telegram.
    assert_eq!(status(&h).await, "submitted");
    let timeline = count(&h, "SELECT COUNT(*) FROM timeline WHERE message_id = 'timeline-worker-message'").await;
    assert_eq!(timeline, 1);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_quota_a_file_uploaded_on_the_status_page_is_refused_with_a_page_and_nothing_is_kept() {
    // The intake's photo fits; 2 KB more does not.
    let (h, base) = start_web_with_quota("[evidence]\nmax_files = 20\nmax_bytes = \"2 KB\"").await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    h.settle().await.unwrap();
    press(&h, &xihu, "要求补充材料").await;
    staff_says(&h, FIRST_CASE, &xihu, "请补充工资条").await;
    assert_eq!(status(&h).await, "need_info");
    let (rows, files, photos) = (evidence_rows(&h).await, files_on_disk(&h), photos_in_group(&h, xihu.group.id).len());

    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    phone.send_material(&status_path, payslip(2048), "image/jpeg").await;
    assert_eq!(phone.status, 413, "{}", phone.page);
    let told = phone.text();
    assert!(told.contains("这个照片（3 KB）没有保存：每件投诉保存你发来的文件一共不超过 2 KB"), "{told}");
    assert!(phone.page.contains(&format!("href=\"{status_path}\"")), "leads back: {}", phone.page);
    h.settle().await.unwrap();
    assert_eq!(evidence_rows(&h).await, rows, "no evidence row");
    assert_eq!(files_on_disk(&h), files, "nothing on disk");
    assert_eq!(photos_in_group(&h, xihu.group.id).len(), photos, "nothing to the office");
    assert_eq!(status(&h).await, "need_info", "nothing was provided");
    // Past `[web] max_upload_bytes` (200 KB here): the upload's own refusal.
    phone.get(&status_path).await;
    phone.send_material(&status_path, vec![0xFF; 300 * 1024], "image/jpeg").await;
    assert_eq!(phone.status, 413, "{}", phone.page);
    assert!(phone.text().contains("文件太大"), "{}", phone.text());
    assert_eq!((evidence_rows(&h).await, files_on_disk(&h)), (rows, files), "nothing kept");

    // Files: `[web] max_uploads = 3` per complaint; the intake's photo is one of them.
    phone.get(&status_path).await;
    for n in 1..=2 {
        phone.send_material(&status_path, payslip(n), "image/jpeg").await;
        assert_eq!(phone.status, 200, "upload {n}: {}", phone.page);
    }
    phone.send_material(&status_path, payslip(3), "image/jpeg").await;
    assert_eq!(phone.status, 413, "{}", phone.page);
    assert!(phone.text().contains("每件投诉最多保存你发来的 3 个文件"), "{}", phone.text());
    assert_eq!(evidence_rows(&h).await, rows + 2);
    assert_eq!(files_on_disk(&h), files + 2);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_case_takes_no_file_from_its_status_page() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    h.settle().await.unwrap();
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    phone.press("收到了").await;
    assert_eq!(status(&h).await, "closed");

    phone.get(&status_path).await;
    assert!(!phone.page.contains(&format!("{status_path}/file")), "no upload offered:\n{}", phone.page);
    let (rows, files) = (evidence_rows(&h).await, files_on_disk(&h));
    h.settle().await.unwrap();
    let photos = photos_in_group(&h, xihu.group.id).len();
    phone.send_material(&status_path, payslip(0), "image/jpeg").await;
    assert_eq!(phone.status, 409, "{}", phone.page);
    assert!(phone.text().contains(&tr(Lang::ZhHans, "web-material-case-closed")), "{}", phone.text());
    h.settle().await.unwrap();
    assert_eq!((evidence_rows(&h).await, files_on_disk(&h)), (rows, files), "nothing kept");
    assert_eq!(photos_in_group(&h, xihu.group.id).len(), photos, "nothing to the office");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_case_takes_no_file_from_its_status_page_and_says_so_in_english() {
    let (h, base) = start_web().await;
    let _xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let mut phone = Browser::new(&base, "en-US,en");
    let status_path = file_in_english_from_signboard(&mut phone, &code, "13800138000").await;
    phone.get(&status_path).await;
    assert!(phone.text().contains("More material: you can upload"), "{}", phone.text());
    let csrf = phone.csrf();
    phone.post(&format!("{status_path}/privacy"), &[("csrf", &csrf), ("what", "withdraw")]).await;
    let (action, data) = phone.button(&format!("Withdraw {FIRST_CASE}"));
    let csrf = phone.csrf();
    phone.post(&action, &[("csrf", &csrf), ("b", &data)]).await;
    assert_eq!(status(&h).await, "withdrawn", "{}", phone.text());

    let (rows, files) = (evidence_rows(&h).await, files_on_disk(&h));
    phone.get(&status_path).await;
    phone.send_material(&status_path, payslip(0), "image/jpeg").await;
    assert_eq!(phone.status, 409, "{}", phone.page);
    assert!(phone.page.contains("<html lang=\"en\""), "{}", phone.page);
    assert!(phone.text().contains(&tr(Lang::En, "web-material-case-closed")), "{}", phone.text());
    assert_eq!((evidence_rows(&h).await, files_on_disk(&h)), (rows, files), "nothing kept");
    finish(h).await;
}
