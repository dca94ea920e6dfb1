//! Single intake steps on the web page: the language picked on the landing page, a recording as the
//! description.

use super::*;

impl Browser {
    /// Uploads `bytes` as a file of type `mime`.
    async fn upload_as(&mut self, bytes: Vec<u8>, name: &str, mime: &str) {
        let csrf = self.csrf();
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap();
        let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", part);
        let r = self
            .with_headers(self.client.post(format!("{}/w/upload", self.base)))
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.take(r).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_uploaded_at_the_description_step_is_the_spoken_description() {
    let (h, base) = start_web().await;
    let mut b = at_description(&h, &base).await;
    b.upload_as(b"ID3\x03\x00recorded words".to_vec(), "recording.m4a", "audio/mp4").await;
    assert_eq!(b.status, 200, "{}", b.page);
    let summary = b.text();
    assert!(summary.contains("（见语音）"), "the recording is the description:\n{summary}");
    assert!(summary.contains(&tr(Lang::ZhHans, "button-summary-ok")), "the summary follows:\n{summary}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_picked_on_the_landing_page_is_the_intakes_language() {
    let (h, base) = start_web().await;
    let code = active_code(&h).await;
    // A Chinese phone, English picked with the page's link: the form carries the choice.
    let mut b = Browser::new(&base, "zh-CN");
    b.get(&format!("/s/{code}")).await;
    assert!(!b.page.contains("name=\"lang\""), "a guessed language is not a choice:\n{}", b.page);
    b.get(&format!("/s/{code}?lang=en")).await;
    assert!(b.page.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"), "{}", b.page);
    let csrf = b.csrf();
    b.post(&format!("/s/{code}/start"), &[("csrf", &csrf), ("go", "1"), ("lang", "en")]).await;
    assert_eq!(b.status, 200, "{}", b.page);
    b.get("/w").await;
    assert!(b.page.contains("<html lang=\"en\""), "{}", b.page);
    let asked = b.page.contains(":lang:") || b.text().contains(&tr(Lang::En, "ask-language"));
    assert!(!asked, "no language question:\n{}", b.text());
    assert!(b.text().contains(&tr(Lang::En, "button-agree")), "the privacy notice, in English:\n{}", b.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_name_phone_and_id_number_fields_are_not_filled_from_the_last_worker_on_a_shared_phone() {
    let (h, base) = start_web().await;
    let code = active_code(&h).await;
    let intake = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    let mut b = Browser::new(&base, "zh-CN");
    let mut weights = Vec::new();
    b.get(&format!("/s/{code}")).await;
    b.press_start().await;
    walk_web(&mut b, &intake.to_amount()[1..], &mut weights).await;
    let no_memory = |b: &Browser, step: &str| {
        let field = Regex::new(r#"<input type="[^"]+"[^>]* name="text"[^>]*>"#).unwrap();
        let field = field.find(&b.page).unwrap_or_else(|| panic!("no field at {step}:\n{}", b.page)).as_str();
        assert!(field.contains("autocomplete=\"off\""), "{step}: {field}");
        field.to_owned()
    };
    // Amount, confirmed; period; just me: then the name.
    walk_web(&mut b, &intake.amount_to_summary()[..4], &mut weights).await;
    no_memory(&b, "name");
    b.type_text("李建国").await;
    let phone = no_memory(&b, "phone");
    assert!(phone.contains("type=\"tel\"") && phone.contains("inputmode=\"tel\""), "{phone}");
    // No "share my phone number" button on the web: the question says to type it.
    assert!(!b.text().contains("发送我的手机号"), "{}", b.text());
    b.type_text(PHONE).await;
    b.press(&tr(Lang::ZhHans, "button-id-give")).await;
    no_memory(&b, "ID number");
    finish(h).await;
}
