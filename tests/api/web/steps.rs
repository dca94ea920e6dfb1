//! Single intake steps on the web page: a recording as the description.

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
