//! What a web form carries: the longest answer a page allows fits the body limit, and a body over it
//! gets a page in the worker's language.

use super::*;

/// The longest Chinese answer a page allows, in round numbers: 1,900 characters, 17 KB once a form
/// percent-encodes it (over the old 16 KB cap).
fn long_chinese() -> String {
    "欠".repeat(1900)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_chinese_description_and_status_reply_fit_and_an_oversized_form_gets_a_page() {
    let (h, base) = start_web().await;
    let _xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut b = at_description(&h, &base).await;
    b.type_text(&long_chinese()).await;
    assert!(b.text().contains(&tr(Lang::ZhHans, "button-summary-ok")), "the summary follows:\n{}", b.text());
    walk_web(&mut b, &[Act::button("button-summary-ok")], &mut Vec::new()).await;
    b.press(&tr(Lang::ZhHans, "button-submit")).await;
    let status_path = b.status_path();

    // The status page's reply box takes as much.
    b.get(&status_path).await;
    let csrf = b.csrf();
    b.post(&format!("{status_path}/reply"), &[("csrf", &csrf), ("text", &long_chinese())]).await;
    assert_eq!(b.status, 200, "{}", b.page);

    // More than any page allows: refused with a page in Chinese leading back, not axum's English line.
    let csrf = b.csrf();
    b.post(&format!("{status_path}/reply"), &[("csrf", &csrf), ("text", &"欠".repeat(4000))]).await;
    assert_eq!(b.status, 413, "{}", b.page);
    assert!(b.page.contains("<html lang=\"zh-Hans\"") && b.text().contains("内容太长"), "{}", b.page);
    assert!(b.page.contains(&format!("href=\"{status_path}\"")), "{}", b.page);
    assert!(!b.page.contains("Failed to buffer"), "{}", b.page);
    finish(h).await;
}
