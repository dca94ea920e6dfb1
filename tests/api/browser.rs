//! The web channel in a real browser (issue 18): headless Chromium driven over WebDriver at a phone's
//! viewport (390×844), each flow once with JavaScript on and once with it off. A worker scans the
//! signboard and files in Chinese — a daily rate refused and re-asked, a photo chosen in the file
//! input — reads the office's reply on the status page, answers it into the office's topic, and
//! confirms the payment, which closes the case; another files in English, the page in English
//! because the browser asks for it.
//!
//! Without chromedriver each test prints "skipped: chromedriver not installed" and passes
//! (`WAGEDESK_CHROMEDRIVER` names another one, or a missing path to skip). With
//! `WAGEDESK_SCREENSHOTS=docs/web` the Chinese run with JavaScript on saves its pages as PNGs there.

mod driver;

use std::time::Instant;

use wagedesk::i18n::{Lang, tr, tr_args};
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::staff::{XIHU, link_office, press, staff_says};
use crate::web::{PUBLIC, active_code, complaints, english_amount_to_notice, english_to_amount, start_web};
use driver::{Js, Phone};

/// Plays the intake's acts in the browser: buttons clicked by label, text typed and sent, photos
/// chosen in the file input and uploaded.
async fn walk(phone: &Phone, acts: &[Act], lang: Lang) {
    for act in acts {
        match act {
            Act::Type(text) if text.starts_with('/') => {}
            Act::Type(text) | Act::Contact(text) => phone.type_text(text, &tr(lang, "web-send")).await,
            Act::Press(label) => phone.press(label).await,
            Act::Photo(bytes) => {
                let file = fresh_dir().join("iou.jpg");
                std::fs::write(&file, bytes).unwrap();
                phone.upload(&file, &tr(lang, "web-upload")).await;
            }
        }
    }
}

/// The status link the page shows after submitting, as a path on this server (the operator's HTTPS
/// proxy maps the public address to it).
async fn status_path(phone: &Phone) -> String {
    let link = phone.link(".link a").await;
    let path = link.strip_prefix(PUBLIC).unwrap_or_else(|| panic!("a status link under {PUBLIC}: {link}"));
    assert!(path.starts_with("/t/") && path.len() == 3 + 64, "{path}");
    path.to_owned()
}

/// The session cookie stuck on http://127.0.0.1 (a secure context) with its protections.
async fn check_cookie(phone: &Phone) {
    let cookie = phone.client.get_named_cookie(wagedesk::web::COOKIE).await.expect("the session cookie is set");
    assert_eq!(cookie.secure(), Some(true));
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(cookie.same_site().map(|s| s.to_string()).as_deref(), Some("Lax"));
}

async fn chinese(js: Js) {
    let started = Instant::now();
    let Some(chromedriver) = driver::chromedriver() else { return };
    let (h, base) = start_web().await;
    let phone = Phone::open(&chromedriver, &base, js, "zh-CN,zh").await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let zh = |id: &str| tr(Lang::ZhHans, id);

    // The signboard's link: the landing page, then "fill in here".
    phone.goto(&format!("/s/{code}")).await;
    let landing = phone.text().await;
    assert!(landing.contains(&zh("web-landing-title")) && landing.contains("施工总承包单位"), "{landing}");
    check_cookie(&phone).await;
    phone.screenshot("landing").await;
    phone.click(&zh("web-fill-here")).await;
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_sessions").await, 1, "the cookie came back with the form");

    // The intake: language, consent, the project, the employer, then a daily rate refused and re-asked.
    let intake = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    let acts = intake.to_amount();
    walk(&phone, &acts[..2], Lang::ZhHans).await;
    assert!(phone.text().await.contains(&zh("button-agree")), "{}", phone.text().await);
    phone.screenshot("intake-consent").await;
    walk(&phone, &acts[2..], Lang::ZhHans).await;
    phone.type_text("一天300", &zh("web-send")).await;
    let refused = phone.text().await;
    let rate_error: String = zh("amount-error-rate").chars().take(8).collect();
    assert!(refused.contains(&rate_error), "the rate is refused: {refused}");
    assert!(phone.client.find(fantoccini::Locator::Css("input[name=text]")).await.is_ok(), "and asked again");
    phone.screenshot("intake-amount").await;
    walk(&phone, &intake.amount_to_summary(), Lang::ZhHans).await;
    let summary = phone.text().await;
    assert!(summary.contains("45,000") && summary.contains(&zh("button-summary-ok")), "{summary}");
    phone.screenshot("summary").await;
    walk(&phone, &Intake::confirm_and_submit(), Lang::ZhHans).await;
    let filed = phone.text().await;
    assert!(filed.contains(FIRST_CASE), "the case number is shown: {filed}");
    let status_path = status_path(&phone).await;
    assert_eq!(complaints(&h).await, 1);

    // Filed on the web channel, with the photo chosen in the file input, sealed on disk.
    let (channel, chat): (String, i64) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT channel, worker_chat_id FROM complaints").fetch_one(c).await)
            .unwrap();
    assert_eq!(channel, "web");
    let (path, key): (String, Option<String>) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT stored_path, file_key FROM evidence").fetch_one(c).await).unwrap();
    let plain = wagedesk::evidence::read_stored(&h.ctx, std::path::Path::new(&path), key.as_deref()).await.unwrap();
    assert_eq!(plain, evidence_photo());
    h.settle().await.unwrap();
    assert!(texts(&h.standin.messages_in(xihu.group.id)).contains(FIRST_CASE));
    assert!(h.standin.messages_in(chat).is_empty(), "nothing went to Telegram for a web worker");

    // The office's reply appears on the status page.
    press(&h, &xihu, "受理").await;
    staff_says(&h, FIRST_CASE, &xihu, "请明天上午带欠条到西湖区劳动监察大队。").await;
    phone.goto(&status_path).await;
    let page = phone.text().await;
    assert!(page.contains("已受理") && page.contains("请明天上午带欠条到西湖区劳动监察大队"), "{page}");
    phone.screenshot("status").await;

    // The worker's reply, typed on the status page, arrives in the office's topic.
    phone.type_text("好的，明天上午九点到。", &zh("web-send")).await;
    h.settle().await.unwrap();
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("好的，明天上午九点到。"), "{group}");

    // Resolved as paid; the worker confirms the money arrived on the page and the case closes.
    press(&h, &xihu, "办结").await;
    press(&h, &xihu, "已足额支付").await;
    scan(&h).await;
    phone.goto(&status_path).await;
    phone.press("收到了").await;
    assert_eq!(status(&h).await, "closed", "{}", phone.text().await);
    assert!(phone.text().await.contains("已销账"), "{}", phone.text().await);
    phone.quit().await;
    finish(h).await;
    println!("browser, Chinese, JavaScript {js:?}: {:.1} s", started.elapsed().as_secs_f64());
}

async fn english(js: Js) {
    let started = Instant::now();
    let Some(chromedriver) = driver::chromedriver() else { return };
    let (h, base) = start_web().await;
    let phone = Phone::open(&chromedriver, &base, js, "en-US,en").await;
    let code = active_code(&h).await;
    let en = |id: &str| tr(Lang::En, id);

    // The browser asks for English: the landing page is in English without a choice made.
    phone.goto(&format!("/s/{code}")).await;
    assert!(phone.text().await.contains("Is this your worksite?"), "{}", phone.text().await);
    phone.click(&en("web-fill-here")).await;
    walk(&phone, &english_to_amount(), Lang::En).await;
    assert!(phone.text().await.contains("How much are you owed in total?"), "{}", phone.text().await);
    walk(&phone, &english_amount_to_notice(), Lang::En).await;
    phone.press(&en("button-submit")).await;
    let filed = phone.text().await;
    assert!(filed.contains(FIRST_CASE) && filed.contains("Save this link"), "{filed}");
    let lang: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT lang FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(lang, "en");
    phone.goto(&status_path(&phone).await).await;
    let page = phone.text().await;
    let title = tr_args(Lang::En, "web-status-title", &[("case", FIRST_CASE.into())]);
    assert!(page.contains(&title) && page.contains("Status now: "), "{page}");
    phone.quit().await;
    finish(h).await;
    println!("browser, English, JavaScript {js:?}: {:.1} s", started.elapsed().as_secs_f64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_a_worker_files_in_chinese_and_talks_with_the_office_until_paid() {
    chinese(Js::On).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_without_javascript_a_worker_files_in_chinese_and_talks_with_the_office_until_paid() {
    chinese(Js::Off).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_a_worker_files_in_english() {
    english(Js::On).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_without_javascript_a_worker_files_in_english() {
    english(Js::Off).await;
}
