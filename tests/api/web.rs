//! The web channel over plain HTTP (issue 18): a worker who cannot open Telegram scans the signboard
//! and files on the web page; the same core runs, the office sees the case in its group exactly like
//! others (marked 网页), replies the same way, and the worker reads it on a private status page.
//! Forms are one-time: a double-submitted form, a replayed token, a foreign cookie and an oversized
//! upload are refused with a clear page and store nothing twice.

use std::path::{Path, PathBuf};

use regex::Regex;
use wagedesk::app::Settings;
use wagedesk::demo::harness::Harness;
use wagedesk::i18n::{Lang, tr};
use wagedesk::standin::{GroupKind, StandIn, StandInOptions};

use crate::helpers::*;
use crate::staff::{XIHU, link_office, newest_with, press, resolve_paid_in_full, staff_says, thread};

mod crew;
mod forms;
mod material;
mod steps;

const PROJECTS: &[u8] = include_bytes!("../../deploy/projects.sample.csv");
const PROJECT: &str = "xh-2026-001";
pub(crate) const PUBLIC: &str = "https://wd.example.gov.cn";
/// What an intake page may weigh (HTML and CSS; there are no images or scripts).
const PAGE_BUDGET: usize = 30 * 1024;

/// The sample deployment with the web channel on, at `port` (calendars by full path), with `more`
/// lines of `[web]` settings.
fn deployment_with_web(dir: &Path, port: u16, max_upload: &str, more: &str) -> PathBuf {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy");
    let sample = std::fs::read_to_string(deploy.join("wagedesk.toml")).unwrap();
    let text = sample
        .replace("files = [\"calendar/", &format!("files = [\"{}/calendar/", deploy.display()))
        .replace(", \"calendar/", &format!(", \"{}/calendar/", deploy.display()));
    let text = format!(
        "{text}\n[web]\npublic_url = \"{PUBLIC}/\"\nlisten = \"127.0.0.1:{port}\"\nmax_upload_bytes = \"{max_upload}\"\nmax_uploads = 3\n{more}"
    );
    let path = dir.join("wagedesk.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The bot with the web channel on, the sample projects imported; the web server's base URL.
pub(crate) async fn start_web() -> (Harness, String) {
    start_web_with("").await
}

/// [`start_web`] with more lines of `[web]` settings (`open311 = true`).
pub(crate) async fn start_web_with(more: &str) -> (Harness, String) {
    start_web_edited(more, str::to_owned).await
}

/// [`start_web_with`], the deployment file's text passed through `edit` first.
pub(crate) async fn start_web_edited(more: &str, edit: impl FnOnce(&str) -> String) -> (Harness, String) {
    let dir = fresh_dir();
    let port = free_port();
    let mut settings = Settings::in_dir(&dir);
    settings.config = deployment_with_web(&dir, port, "200 KB", more);
    let text = std::fs::read_to_string(&settings.config).unwrap();
    std::fs::write(&settings.config, edit(&text)).unwrap();
    wagedesk::demo::harness::scripted(&mut settings.bot.delivery);
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let h = Harness::start_with(standin, settings, clock()).await.expect("the bot starts");
    wagedesk::projects::import(&h.ctx.db, &h.ctx.deployment, PROJECTS, &h.ctx.clock).await.unwrap();
    let base = format!("http://127.0.0.1:{port}");
    // The web server starts once the bot knows its username.
    for _ in 0..100 {
        if reqwest::get(format!("{base}/healthz-none")).await.is_ok() {
            return (h, base);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the web channel did not start on {base}");
}

pub(crate) async fn active_code(h: &Harness) -> String {
    let mut conn = h.ctx.db.acquire().await.unwrap();
    wagedesk::storage::projects::active_code(&mut conn, PROJECT).await.unwrap().unwrap()
}

/// A phone's browser: one cookie, no JavaScript, redirects followed by hand.
struct Browser {
    client: reqwest::Client,
    base: String,
    cookie: Option<String>,
    lang: &'static str,
    /// The last page shown, and its path.
    page: String,
    path: String,
    status: u16,
}

impl Browser {
    fn new(base: &str, lang: &'static str) -> Browser {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser {
            client,
            base: base.to_owned(),
            cookie: None,
            lang,
            page: String::new(),
            path: String::new(),
            status: 0,
        }
    }

    fn with_headers(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let r = r.header("accept-language", self.lang);
        match &self.cookie {
            Some(c) => r.header("cookie", format!("wd_session={c}")),
            None => r,
        }
    }

    async fn take(&mut self, response: reqwest::Response) {
        for v in response.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            assert!(v.contains("HttpOnly") && v.contains("Secure") && v.contains("SameSite=Lax"), "{v}");
            if let Some(rest) = v.strip_prefix("wd_session=") {
                self.cookie = Some(rest.split(';').next().unwrap().to_owned());
            }
        }
        self.status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        self.page = response.text().await.unwrap();
        // The web has no commands: no page may tell a worker to send one.
        let command = Regex::new(r"(^|[^\w/:.])/[a-z]").unwrap();
        assert!(!command.is_match(&self.text()), "a page names a command:\n{}", self.text());
        if let Some(to) = location {
            assert_eq!(self.status, 303);
            Box::pin(self.get(&to)).await;
        }
    }

    async fn get(&mut self, path: &str) {
        let r = self.with_headers(self.client.get(format!("{}{path}", self.base))).send().await.unwrap();
        self.path = path.to_owned();
        self.take(r).await;
    }

    async fn post(&mut self, action: &str, fields: &[(&str, &str)]) {
        let r =
            self.with_headers(self.client.post(format!("{}{action}", self.base))).form(fields).send().await.unwrap();
        self.take(r).await;
    }

    fn csrf(&self) -> String {
        let re = Regex::new(r#"name="csrf" value="([0-9a-f]{64})""#).unwrap();
        re.captures(&self.page).unwrap_or_else(|| panic!("no form token on {}:\n{}", self.path, self.page))[1]
            .to_owned()
    }

    /// The data of the button whose label contains `label`, and its form's action.
    fn button(&self, label: &str) -> (String, String) {
        let re = Regex::new(r#"(?s)<form method="post" action="([^"]+)">.*?</form>"#).unwrap();
        let button = Regex::new(r#"<button name="b" value="([^"]*)">([^<]*)</button>"#).unwrap();
        let label = wagedesk::web::html::esc(label);
        for form in re.captures_iter(&self.page) {
            for b in button.captures_iter(&form[0]) {
                if b[2].contains(&label) {
                    return (form[1].to_owned(), b[1].to_owned());
                }
            }
        }
        panic!("no button {label:?} on {}:\n{}", self.path, self.page)
    }

    async fn press(&mut self, label: &str) {
        let (action, data) = self.button(label);
        let csrf = self.csrf();
        self.post(&action, &[("csrf", &csrf), ("b", &data)]).await;
        assert_eq!(self.status, 200, "pressing {label:?}:\n{}", self.page);
    }

    async fn type_text(&mut self, text: &str) {
        let csrf = self.csrf();
        self.post("/w", &[("csrf", &csrf), ("text", text)]).await;
        assert_eq!(self.status, 200, "typing {text:?}:\n{}", self.page);
    }

    async fn upload(&mut self, bytes: Vec<u8>, csrf: &str) {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.jpg").mime_str("image/jpeg").unwrap();
        let form = reqwest::multipart::Form::new().text("csrf", csrf.to_owned()).part("file", part);
        let r = self
            .with_headers(self.client.post(format!("{}/w/upload", self.base)))
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.take(r).await;
    }

    fn text(&self) -> String {
        let tags = Regex::new(r"<[^>]*>").unwrap();
        tags.replace_all(&self.page, " ").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
    }
}

/// Walks the script's acts on the web page, printing each intake page's weight.
async fn walk_web(b: &mut Browser, acts: &[Act], weights: &mut Vec<usize>) {
    for act in acts {
        match act {
            Act::Type(text) if text.starts_with('/') => continue,
            Act::Type(text) | Act::Contact(text) => b.type_text(text).await,
            Act::Press(label) => b.press(label).await,
            Act::Photo(bytes) => {
                let csrf = b.csrf();
                b.upload(bytes.clone(), &csrf).await;
                assert_eq!(b.status, 200, "{}", b.page);
            }
        }
        weights.push(b.page.len());
        assert!(b.page.len() < PAGE_BUDGET, "a page of {} bytes:\n{}", b.page.len(), b.page);
    }
}

impl Browser {
    async fn press_start(&mut self) {
        let csrf = self.csrf();
        let action = Regex::new(r#"action="(/s/[^"]+/start)""#).unwrap().captures(&self.page).unwrap()[1].to_owned();
        self.post(&action, &[("csrf", &csrf), ("go", "1")]).await;
        assert_eq!(self.status, 200, "{}", self.page);
    }

    /// The status link shown after submitting, as a path.
    fn status_path(&self) -> String {
        let re = Regex::new(&format!(r#"href="{}(/t/[0-9a-f]{{64}})""#, regex::escape(PUBLIC))).unwrap();
        re.captures(&self.page).unwrap_or_else(|| panic!("no status link:\n{}", self.page))[1].to_owned()
    }
}

/// Files Li's sample complaint from the signboard of `code` in browser `b`: the case's status path.
async fn file_from_signboard(b: &mut Browser, code: &str) -> String {
    let intake = Intake::li().opening(Opening::Signboard(code.to_owned())).worksite(Worksite::Project);
    let mut weights = Vec::new();
    b.get(&format!("/s/{code}")).await;
    b.press_start().await;
    walk_web(b, &intake.to_amount()[1..], &mut weights).await;
    walk_web(b, &intake.amount_to_summary(), &mut weights).await;
    walk_web(b, &[Act::button("button-summary-ok")], &mut weights).await;
    b.press(&tr(Lang::ZhHans, "button-submit")).await;
    b.status_path()
}

/// A browser at the description step of Li's complaint from the sample project's signboard.
async fn at_description(h: &Harness, base: &str) -> Browser {
    let code = active_code(h).await;
    let intake = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    let mut b = Browser::new(base, "zh-CN");
    let mut weights = Vec::new();
    b.get(&format!("/s/{code}")).await;
    b.press_start().await;
    walk_web(&mut b, &intake.to_amount()[1..], &mut weights).await;
    let to_description = intake.amount_to_summary();
    walk_web(&mut b, &to_description[..to_description.len() - 1], &mut weights).await;
    assert!(b.page.contains("<textarea"), "at the description:\n{}", b.text());
    b
}

/// The same browser files again, at another worksite against another employer (the same one would
/// join the first case); the new case's status page.
async fn file_second_case(h: &Harness, b: &mut Browser) -> String {
    let mut conn = h.ctx.db.acquire().await.unwrap();
    let other = wagedesk::storage::projects::active_code(&mut conn, "xh-2026-002").await.unwrap().unwrap();
    drop(conn);
    let second = Intake::li()
        .opening(Opening::Signboard(other.clone()))
        .worksite(Worksite::Project)
        .employer("杭州另一家劳务有限公司");
    let mut weights = Vec::new();
    b.get(&format!("/s/{other}")).await;
    b.press_start().await;
    // The language is known by now: the consent comes first.
    walk_web(b, &second.to_amount()[2..], &mut weights).await;
    walk_web(b, &second.amount_to_summary(), &mut weights).await;
    walk_web(b, &[Act::button("button-summary-ok")], &mut weights).await;
    b.press(&tr(Lang::ZhHans, "button-submit")).await;
    b.status_path()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_filed_after_moving_to_telegram_keeps_its_web_page_until_moved_too() {
    let (h, base) = start_web().await;
    let _xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let mut b = Browser::new(&base, "zh-CN");
    let first_page = file_from_signboard(&mut b, &code).await;
    b.get(&first_page).await;
    let link = Regex::new(r#"start=(w[0-9]+_[0-9a-f]{32})""#).unwrap();
    let payload = link.captures(&b.page).expect("the Telegram link")[1].to_owned();
    let mut tg = h.worker("李建国");
    assert!(texts(&tg.send(&h, &format!("/start {payload}")).await.unwrap()).contains("已连接"));

    // Filed on the web again by the same browser: its page answers, withdraws and erases.
    let second_page = file_second_case(&h, &mut b).await;
    b.get(&second_page).await;
    assert!(!b.text().contains("已改为发到 Telegram"), "{}", b.text());
    assert!(b.page.contains("<textarea") && b.text().contains("撤回投诉"), "{}", b.page);
    let csrf = b.csrf();
    b.post(&format!("{second_page}/reply"), &[("csrf", &csrf), ("text", "第二个工地也欠钱")]).await;
    assert_eq!(b.status, 200, "{}", b.page);
    // The first case's page still says where its messages went.
    b.get(&first_page).await;
    assert!(b.text().contains("已改为发到 Telegram"), "{}", b.text());
    // The link moves the new case too, and then its page says so.
    assert!(texts(&tg.send(&h, &format!("/start {payload}")).await.unwrap()).contains("已连接"));
    b.get(&second_page).await;
    assert!(b.text().contains("已改为发到 Telegram"), "{}", b.text());
    finish(h).await;
}

pub(crate) async fn complaints(h: &Harness) -> i64 {
    count(h, "SELECT COUNT(*) FROM complaints").await
}

/// An English intake from the signboard's landing page to the amount question (a company owes wages).
pub(crate) fn english_to_amount() -> Vec<Act> {
    use wagedesk::intake::draft::{ClaimKind, EmployerKind, Litigation};
    let en = |id: &str| tr(Lang::En, id);
    vec![
        Act::press(en("language-name")),
        Act::press(en("button-agree")),
        Act::press(en("button-project-yes")),
        Act::press(en(EmployerKind::Company.message_id())),
        Act::text("Hangzhou Example Construction Co."),
        Act::press(en(ClaimKind::Wages.message_id())),
        Act::press(en(Litigation::None.message_id())),
    ]
}

/// The English intake from the amount question to the false-claims notice (one photo, the summary
/// confirmed).
pub(crate) fn english_amount_to_notice() -> Vec<Act> {
    let en = |id: &str| tr(Lang::En, id);
    let done = wagedesk::i18n::tr_args(Lang::En, "button-evidence-done", &[("count", 1usize.into())]);
    vec![
        Act::text("45000"),
        Act::press(en("button-yes-correct")),
        Act::text("去年10月到今年1月"),
        Act::press(en("button-just-me")),
        Act::text("Li Jianguo"),
        Act::text("13800138000"),
        Act::press(en("button-id-skip")),
        Act::Photo(evidence_photo()),
        Act::press(done),
        Act::text("I worked from October to January and the boss has not paid since."),
        Act::press(en("button-summary-ok")),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_files_in_chinese_on_the_web_and_talks_with_the_office_until_paid() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;

    // The landing page names the worksite and offers both ways.
    let mut b = Browser::new(&base, "zh-CN,zh;q=0.9");
    b.get(&format!("/s/{code}")).await;
    let landing = b.text();
    assert!(landing.contains("这是你干活的工地吗？") && landing.contains("在这里填写"), "{landing}");
    assert!(b.page.contains(&format!("https://t.me/wagedesk_bot?start={code}")), "{}", b.page);
    assert!(landing.contains("施工总承包单位"), "{landing}");
    // Pages shown to first visits (crawlers, link previews) store nothing; the first form makes the row.
    for _ in 0..5 {
        Browser::new(&base, "zh-CN").get(&format!("/s/{code}")).await;
        Browser::new(&base, "zh-CN").get("/w").await;
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_sessions").await, 0, "no session row before a form");
    b.press_start().await;
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_sessions").await, 1, "the first form made one row");

    // The same script as the Telegram intake, with a rate refused and re-asked.
    let intake = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    let acts = intake.to_amount();
    let mut weights = Vec::new();
    walk_web(&mut b, &acts[1..], &mut weights).await;
    b.type_text("一天300").await;
    assert!(
        b.text().contains(&tr(Lang::ZhHans, "amount-error-rate").chars().take(8).collect::<String>()),
        "{}",
        b.text()
    );
    walk_web(&mut b, &intake.amount_to_summary(), &mut weights).await;
    let summary = b.text();
    assert!(summary.contains("45,000") && summary.contains(&tr(Lang::ZhHans, "button-summary-ok")), "{summary}");
    walk_web(&mut b, &[Act::button("button-summary-ok")], &mut weights).await;
    // The false-claims notice before submitting; a double submit files once.
    let notice_csrf = b.csrf();
    let (action, submit) = b.button(&tr(Lang::ZhHans, "button-submit"));
    b.post(&action, &[("csrf", &notice_csrf), ("b", &submit)]).await;
    let filed = b.text();
    assert!(filed.contains(FIRST_CASE), "{filed}");
    // Worded for the web: the status link, not Telegram's "/status".
    assert!(filed.contains("显示在下面的状态链接里") && !filed.contains("/status"), "{filed}");
    let status_path = b.status_path();
    let mut again = Browser { cookie: b.cookie.clone(), ..Browser::new(&base, "zh-CN") };
    again.post(&action, &[("csrf", &notice_csrf), ("b", &submit)]).await;
    assert_eq!(again.status, 409, "{}", again.page);
    assert!(again.text().contains("没有重复提交"), "{}", again.text());
    assert_eq!(complaints(&h).await, 1, "one complaint");
    println!("web intake page weights (bytes, HTML+CSS): {weights:?}");

    // Stored like a Telegram complaint, on the web channel, with the photo sealed on disk.
    let (channel, chat): (String, i64) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT channel, worker_chat_id FROM complaints").fetch_one(c).await)
            .unwrap();
    assert_eq!(channel, "web");
    assert!(wagedesk::channel::is_web_chat(chat), "{chat}");
    let (path, key): (String, Option<String>) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT stored_path, file_key FROM evidence").fetch_one(c).await).unwrap();
    let plain = wagedesk::evidence::read_stored(&h.ctx, Path::new(&path), key.as_deref()).await.unwrap();
    assert_eq!(plain, evidence_photo());
    assert_ne!(std::fs::read(&path).unwrap(), evidence_photo(), "encrypted at rest");

    // The office sees the case in its group, marked as a web case; nothing went to Telegram for the worker.
    h.settle().await.unwrap();
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains(FIRST_CASE) && group.contains("渠道：网页"), "{group}");
    assert!(h.standin.messages_in(chat).is_empty());
    // The photo uploaded on the web reaches the office as a photo in the case's topic, the same bytes.
    let photos: Vec<_> = h
        .standin
        .messages_in(xihu.group.id)
        .into_iter()
        .filter_map(|m| {
            m.media.filter(|media| media.kind == "photo").map(|media| (m.thread_id, m.protect_content, media))
        })
        .collect();
    assert_eq!(photos.len(), 1, "{photos:?}");
    let (thread, protected, media) = &photos[0];
    assert!(thread.is_some() && *protected, "in the case's topic, protected: {photos:?}");
    assert_eq!(h.standin.file_bytes(&media.file_id).as_deref(), Some(evidence_photo().as_slice()));

    // The office's reply shows on the status page; the worker's reply arrives in the topic.
    press(&h, &xihu, "受理").await;
    staff_says(&h, FIRST_CASE, &xihu, "请明天上午带欠条到西湖区劳动监察大队。").await;
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    let page = phone.text();
    assert!(page.contains("已受理") && page.contains("请明天上午带欠条到西湖区劳动监察大队"), "{page}");
    let csrf = phone.csrf();
    phone.post(&format!("{status_path}/reply"), &[("csrf", &csrf), ("text", "好的，明天上午九点到。")]).await;
    assert_eq!(phone.status, 200, "{}", phone.page);
    h.settle().await.unwrap();
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("好的，明天上午九点到。"), "{group}");

    // Resolved as paid: the payment question is answered on the page and the case closes.
    resolve_paid_in_full(&h, &xihu).await;
    phone.get(&status_path).await;
    phone.press("收到了").await;
    assert_eq!(status(&h).await, "closed", "{}", phone.text());
    phone.get(&status_path).await;
    assert!(phone.text().contains("已销账"), "{}", phone.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_files_in_english_on_the_web_with_a_range_re_asked() {
    let (h, base) = start_web().await;
    let code = active_code(&h).await;
    let en = |id: &str| tr(Lang::En, id);
    let mut b = Browser::new(&base, "en-US,en;q=0.8");
    b.get(&format!("/s/{code}")).await;
    assert!(b.text().contains("Is this your worksite?") && b.text().contains("Open in Telegram"), "{}", b.text());
    b.press_start().await;
    let mut weights = Vec::new();
    walk_web(&mut b, &english_to_amount(), &mut weights).await;
    assert!(b.text().contains("How much are you owed in total?"), "{}", b.text());
    // A range is not guessed: asked again for one number, in English.
    b.type_text("3千到4千").await;
    assert!(b.text().contains("Please give one number"), "{}", b.text());
    assert!(b.text().contains("How much are you owed in total?"), "{}", b.text());
    walk_web(&mut b, &english_amount_to_notice(), &mut weights).await;
    assert!(b.text().contains(&en("button-submit")), "the false-claims notice: {}", b.text());
    b.press(&en("button-submit")).await;
    assert!(b.text().contains(FIRST_CASE), "{}", b.text());
    assert!(b.text().contains("Save this link"), "{}", b.text());
    println!("English web intake page weights (bytes, HTML+CSS): {weights:?}");
    let lang: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT lang FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(lang, "en");
    let mut phone = Browser::new(&base, "en");
    phone.get(&b.status_path()).await;
    assert!(phone.text().contains(&format!("Complaint {FIRST_CASE}")), "{}", phone.text());
    assert!(phone.text().contains("Status now: "), "{}", phone.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_tokens_foreign_cookies_oversized_uploads_and_unknown_codes_get_a_clear_page() {
    let (h, base) = start_web().await;
    let code = active_code(&h).await;

    // An unknown worksite code, an unknown status link, an unknown page.
    let mut b = Browser::new(&base, "zh-CN");
    b.get("/s/NOSUCHCODE").await;
    assert_eq!(b.status, 404);
    assert!(b.text().contains("找不到这个工地"), "{}", b.text());
    b.get(&format!("/t/{}", "a".repeat(64))).await;
    assert_eq!(b.status, 404);
    assert!(b.text().contains("找不到这个投诉"), "{}", b.text());
    b.get("/s/%3Cscript%3E").await;
    assert_eq!(b.status, 404);
    assert!(!b.page.contains("<script>"), "{}", b.page);

    // A replayed token: the answer it carried is not applied twice, the page says so.
    let mut b = Browser::new(&base, "zh-CN");
    b.get(&format!("/s/{code}")).await;
    b.press_start().await;
    let (action, zh) = b.button(&tr(Lang::ZhHans, "language-name"));
    let used = b.csrf();
    b.post(&action, &[("csrf", &used), ("b", &zh)]).await;
    assert_eq!(b.status, 200);
    let consent_page = b.text();
    assert!(consent_page.contains(&tr(Lang::ZhHans, "button-agree")), "{consent_page}");
    b.post(&action, &[("csrf", &used), ("b", &zh)]).await;
    assert_eq!(b.status, 409, "{}", b.page);
    assert!(b.text().contains("没有重复提交"), "{}", b.text());
    b.get("/w").await;
    assert_eq!(b.text(), consent_page, "the replay changed nothing");
    // A file posted before the privacy notice was agreed to (the page offers no upload there): refused,
    // and nothing written to the evidence folder.
    let files = |dir: &std::path::Path| std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    let before = files(&h.settings.evidence_dir);
    let early = b.csrf();
    b.upload(evidence_photo(), &early).await;
    assert_eq!(b.status, 409, "{}", b.page);
    assert!(b.text().contains("这个文件没有保存"), "{}", b.text());
    assert_eq!(files(&h.settings.evidence_dir), before, "nothing kept of a file the step does not take");
    b.get("/w").await;
    let dialogues = count(&h, "SELECT COUNT(*) FROM dialogues").await;

    // A cookie we never issued is refused on a form and never adopted on a page.
    let mut forged = Browser::new(&base, "zh-CN");
    forged.cookie = Some("0".repeat(64));
    forged.post("/w", &[("csrf", &b.csrf()), ("text", "hello")]).await;
    assert_eq!(forged.status, 403, "{}", forged.page);
    assert!(forged.text().contains("会话已失效"), "{}", forged.text());
    forged.cookie = Some("0".repeat(64));
    forged.get("/w").await;
    assert_ne!(forged.cookie.as_deref(), Some("0".repeat(64).as_str()), "a new session, not the forged one");
    assert!(!forged.text().contains(&tr(Lang::ZhHans, "button-agree")), "nobody else's dialogue");
    // Another browser's cookie with an old form of its own is refused too.
    let mut stolen = Browser { cookie: b.cookie.clone(), ..Browser::new(&base, "zh-CN") };
    stolen.post("/w", &[("csrf", &used), ("text", "hello")]).await;
    assert_eq!(stolen.status, 409, "{}", stolen.page);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM dialogues").await, dialogues, "nothing stored");

    // An upload over the limit is refused whole: nothing on disk, nothing in the draft.
    let intake = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    let mut weights = Vec::new();
    let acts = [intake.to_amount()[3..].to_vec(), vec![Act::text("45000"), Act::button("button-yes-correct")]].concat();
    b.press(&tr(Lang::ZhHans, "button-agree")).await;
    walk_web(&mut b, &acts, &mut weights).await;
    walk_web(
        &mut b,
        &[
            Act::text("去年10月到今年1月"),
            Act::button("button-just-me"),
            Act::text("李建国"),
            Act::text(PHONE),
            Act::button("button-id-skip"),
        ],
        &mut weights,
    )
    .await;
    let csrf = b.csrf();
    b.upload(vec![0xFF; 300 * 1024], &csrf).await;
    assert_eq!(b.status, 413, "{}", b.page);
    assert!(b.text().contains("文件太大"), "{}", b.text());
    let files = std::fs::read_dir(&h.ctx.evidence_dir).map_or(0, |d| d.flatten().count());
    assert_eq!(files, 0, "nothing of the refused file kept");
    b.get("/w").await;
    let csrf = b.csrf();
    b.upload(evidence_photo(), &csrf).await;
    assert_eq!(b.status, 200);
    assert!(b.text().contains("收到第 1 件证据"), "{}", b.text());
    let files = || std::fs::read_dir(&h.ctx.evidence_dir).map_or(0, |d| d.flatten().count());
    assert_eq!(files(), 1);
    // Cancelled: the draft's file is deleted, as in Telegram.
    let csrf = b.csrf();
    b.post("/w", &[("csrf", &csrf), ("command", "cancel")]).await;
    assert_eq!(b.status, 200, "{}", b.page);
    assert_eq!(files(), 0, "the cancelled draft's file is gone");
    assert!(b.text().contains("点“开始新的投诉”") && !b.text().contains("/new"), "{}", b.text());

    // A flood of posts from one session is slowed down with a clear page.
    let mut last = 0;
    for _ in 0..70 {
        b.post("/w", &[("csrf", "0"), ("text", "x")]).await;
        last = b.status;
    }
    assert_eq!(last, 429, "{}", b.page);
    assert!(b.text().contains("提交太频繁"), "{}", b.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_web_channel_on_the_board_leads_to_the_landing_page_and_says_so_under_the_qr_code() {
    use crate::signboard::{LONGEST, fonts, print, qr_codes};
    use wagedesk::signboard::Format;
    let (h, _) = start_web().await;
    let mut conn = h.ctx.db.acquire().await.unwrap();
    let code = wagedesk::storage::projects::active_code(&mut conn, LONGEST).await.unwrap().unwrap();
    drop(conn);
    let png = print(&h, &fonts(), LONGEST, Format::Png).await;
    assert_eq!(qr_codes(&png), [format!("{PUBLIC}/s/{code}")]);
    let svg = String::from_utf8(print(&h, &fonts(), LONGEST, Format::Svg).await).unwrap();
    let text: String = svg.split("</text>").filter_map(|p| p.rsplit_once('>').map(|(_, t)| t)).collect();
    assert!(text.contains("用微信或手机相机扫一扫"), "{text}");
    assert!(text.contains(&format!("{PUBLIC}/s/{code}")), "{text}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_whose_cookie_lapsed_is_purged_but_a_filed_complaints_status_link_still_opens() {
    let (h, base) = start_web().await;
    let code = active_code(&h).await;
    let intake = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    let mut weights = Vec::new();
    // One worker stops at the summary with a photo in the draft; another files.
    let mut idle = Browser::new(&base, "zh-CN");
    idle.get(&format!("/s/{code}")).await;
    idle.press_start().await;
    walk_web(&mut idle, &intake.to_amount()[1..], &mut weights).await;
    walk_web(&mut idle, &intake.amount_to_summary(), &mut weights).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    h.settle().await.unwrap();
    let files = || std::fs::read_dir(&h.ctx.evidence_dir).map_or(0, |d| d.flatten().count());
    assert_eq!(files(), 2, "the draft's photo and the complaint's");
    let idle_chat: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT MIN(id) FROM web_sessions").fetch_one(c).await).unwrap();
    let idle_chat = wagedesk::channel::web_chat(idle_chat);
    assert!(count(&h, "SELECT COUNT(*) FROM web_forms_used").await > 0);

    // Within the cookie's 90 days nothing goes.
    h.ctx.clock.advance(chrono::Duration::days(89));
    let purged = wagedesk::erasure::retention::purge(&h.ctx).await.unwrap();
    assert_eq!(purged.web_sessions, 0, "{purged:?}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_sessions").await, 2);

    h.ctx.clock.advance(chrono::Duration::days(2));
    let purged = wagedesk::erasure::retention::purge(&h.ctx).await.unwrap();
    assert_eq!(purged.web_sessions, 2, "{purged:?}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_sessions").await, 0);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_forms_used").await, 0, "used tokens forgotten");
    let draft: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT COUNT(*) FROM dialogues WHERE chat_id = $1")
        .bind(idle_chat)
        .fetch_one(c)
        .await)
    .unwrap();
    assert_eq!(draft, 0, "the unfinished draft is gone");
    assert_eq!(files(), 1, "its photo too; the complaint's stays");
    assert_eq!(complaints(&h).await, 1);
    let again = wagedesk::erasure::retention::purge(&h.ctx).await.unwrap();
    assert_eq!(again.web_sessions, 0, "a second pass finds nothing");

    // The lapsed cookie starts afresh; the status link opens the case and its forms still work.
    let old_cookie = idle.cookie.clone();
    idle.get("/w").await;
    assert_ne!(idle.cookie, old_cookie, "a new session");
    assert!(!idle.text().contains("45,000"), "nothing of the old draft: {}", idle.text());
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    assert!(phone.text().contains(FIRST_CASE), "{}", phone.text());
    let csrf = phone.csrf();
    phone.post(&format!("{status_path}/reply"), &[("csrf", &csrf), ("text", "还没有人联系我。")]).await;
    assert_eq!(phone.status, 200, "{}", phone.page);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_pages_telegram_link_moves_the_workers_notifications_to_telegram_once() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    let link = Regex::new(r#"href="https://t\.me/wagedesk_bot\?start=(w[0-9]+_[0-9a-f]{32})""#).unwrap();
    let payload =
        link.captures(&phone.page).unwrap_or_else(|| panic!("no Telegram link:\n{}", phone.page))[1].to_owned();
    let old_csrf = phone.csrf();

    // A link with a forged MAC is no link: it moves nothing.
    let mut stranger = h.worker("王小明");
    let forged = format!("{}{}", &payload[..payload.len() - 1], if payload.ends_with('0') { '1' } else { '0' });
    let answer = texts(&stranger.send(&h, &format!("/start {forged}")).await.unwrap());
    assert!(!answer.contains("已连接"), "{answer}");
    let web_chat: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT worker_chat_id FROM complaints").fetch_one(c).await).unwrap();
    assert!(wagedesk::channel::is_web_chat(web_chat));

    // The office accepts and resolves it as paid: the payment question waits in the web mailbox.
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    h.settle().await.unwrap();
    phone.get(&status_path).await;
    assert!(phone.text().contains("收到了"), "the question on the page: {}", phone.text());
    // Words sent from the page reach the case's topic.
    phone.post(&format!("{status_path}/reply"), &[("csrf", &phone.csrf()), ("text", "我的工资条在家里")]).await;
    h.settle().await.unwrap();
    let words = newest_with(&h, &xihu, "我的工资条在家里");
    let mail_before = count(&h, "SELECT COUNT(*) FROM web_mail").await;

    // Opened in the worker's Telegram: the case is theirs there, and the open question comes again.
    let mut tg = h.worker("李建国");
    let answer = texts(&tg.send(&h, &format!("/start {payload}")).await.unwrap());
    assert!(answer.contains("已连接") && answer.contains(FIRST_CASE), "{answer}");
    let moved: (i64, i64) = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT (SELECT worker_chat_id FROM complaints), (SELECT chat_id FROM claimants WHERE role = 'filer')",
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(moved, (tg.chat_id(), tg.chat_id()));
    h.settle().await.unwrap();
    let in_telegram = h.standin.messages_in(tg.chat_id());
    let connected = in_telegram.iter().position(|m| m.text.as_deref().is_some_and(|t| t.contains("已连接")));
    let question =
        in_telegram.iter().position(|m| m.reply_markup.as_ref().is_some_and(|k| k.to_string().contains("收到了")));
    assert!(
        matches!((connected, question), (Some(c), Some(q)) if c < q),
        "the message, then the question: {in_telegram:?}"
    );
    act(&h, &mut tg, Act::press("收到了")).await.unwrap();
    assert_eq!(status(&h).await, "closed");
    // The office's answer to the words sent from the web reaches the worker in Telegram now.
    let (topic, _) = thread(&h, FIRST_CASE, &xihu).await;
    h.standin.reply_to(&xihu.clerk, xihu.group.topic(topic.unwrap()), words.message_id, "请拍照发来");
    h.settle().await.unwrap();
    let in_telegram = texts(&h.standin.messages_in(tg.chat_id()));
    assert!(in_telegram.contains("请拍照发来"), "{in_telegram}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_mail").await, mail_before, "nothing more in the web mailbox");

    // The status page says where the messages went and takes no more answers.
    phone.get(&status_path).await;
    assert!(phone.text().contains("已改为发到 Telegram"), "{}", phone.text());
    assert!(!phone.page.contains("<textarea"), "{}", phone.page);
    phone.post(&format!("{status_path}/reply"), &[("csrf", &old_csrf), ("text", "还在吗")]).await;
    assert_eq!(phone.status, 409, "{}", phone.page);
    assert!(phone.text().contains("已改为发到 Telegram"), "{}", phone.text());

    // Opened again, by anyone: nothing is left to move.
    let mut again = h.worker("赵六");
    let answer = texts(&again.send(&h, &format!("/start {payload}")).await.unwrap());
    assert!(answer.contains("这个链接已经用过了"), "{answer}");
    let owner: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT worker_chat_id FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(owner, tg.chat_id());

    // Erased from Telegram: what the web kept of the worker goes too — the status page's messages
    // and the web intake's dialogue.
    assert!(count(&h, "SELECT COUNT(*) FROM web_mail").await > 0);
    tg.send(&h, "/delete_my_data").await.unwrap();
    let done = texts(&tg.press(&h, "确认删除").await.unwrap());
    assert!(done.contains("你的个人信息已删除"), "{done}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_mail").await, 0, "the web mailbox is emptied");
    let web_dialogue: Option<String> = on_db!(h.ctx.db, c =>
        sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1").bind(web_chat).fetch_optional(c).await)
    .unwrap();
    if let Some(state) = web_dialogue {
        let opened = wagedesk::dialogue::open(&h.ctx.vault, &state).unwrap();
        assert!(opened.draft.name.is_none() && opened.draft.phone.is_none(), "blanked: {opened:?}");
    }
    phone.get(&status_path).await;
    assert!(!phone.text().contains("收到了"), "no office words on the page: {}", phone.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_worker_withdraws_and_erases_from_the_status_page_after_being_asked() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    h.settle().await.unwrap();
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    assert!(phone.text().contains("撤回投诉") && phone.text().contains("删除我的个人信息"), "{}", phone.text());

    // Withdrawing asks which case first; nothing changes until the worker confirms.
    let csrf = phone.csrf();
    phone.post(&format!("{status_path}/privacy"), &[("csrf", &csrf), ("what", "withdraw")]).await;
    assert_eq!(phone.status, 200, "{}", phone.page);
    assert_eq!(status(&h).await, "submitted");
    phone.press(&format!("撤回 {FIRST_CASE}")).await;
    assert_eq!(status(&h).await, "withdrawn");
    h.settle().await.unwrap();
    assert!(texts(&h.standin.messages_in(xihu.group.id)).contains("撤回"), "the office hears of it");

    // Erasing: asked, confirmed, and the worker's name, numbers and words are gone.
    let csrf = phone.csrf();
    phone.post(&format!("{status_path}/privacy"), &[("csrf", &csrf), ("what", "erase")]).await;
    assert!(phone.text().contains("确认删除"), "{}", phone.text());
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants WHERE erased_at IS NOT NULL").await, 0);
    phone.press("确认删除").await;
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants WHERE erased_at IS NOT NULL").await, 1);
    let name: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT name FROM claimants").fetch_one(c).await).unwrap();
    assert!(name.is_empty(), "blanked");
    assert!(phone.text().contains("你的个人信息已删除"), "{}", phone.text());
    assert!(!phone.text().contains("李建国"), "{}", phone.text());

    // A forged choice is refused politely, and a pressed question cannot be pressed again.
    let csrf = phone.csrf();
    phone.post(&format!("{status_path}/privacy"), &[("csrf", &csrf), ("what", "everything")]).await;
    assert_eq!(phone.status, 200, "{}", phone.page);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_retention_purge_empties_a_finished_web_cases_mailbox() {
    retention_purge_empties_the_mailbox(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_retention_purge_empties_the_web_mailbox_of_a_worker_who_moved_to_telegram() {
    retention_purge_empties_the_mailbox(true).await;
}

/// A web case closed, its mailbox holding the office's words; `moved`: the worker connected Telegram
/// afterwards (the case's claimant is then the Telegram chat, the mailbox still the web chat's).
async fn retention_purge_empties_the_mailbox(moved: bool) {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    h.settle().await.unwrap();
    press(&h, &xihu, "受理").await;
    staff_says(&h, FIRST_CASE, &xihu, "李建国师傅，请明天上午带欠条来。").await;
    resolve_paid_in_full(&h, &xihu).await;
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    phone.press("收到了").await;
    assert_eq!(status(&h).await, "closed");
    phone.get(&status_path).await;
    assert!(phone.text().contains("李建国师傅"), "{}", phone.text());
    assert!(count(&h, "SELECT COUNT(*) FROM web_mail").await > 0);
    if moved {
        let link = Regex::new(r#"start=(w[0-9]+_[0-9a-f]{32})""#).unwrap();
        let payload = link.captures(&phone.page).expect("the Telegram link")[1].to_owned();
        let answer = texts(&h.worker("李建国").send(&h, &format!("/start {payload}")).await.unwrap());
        assert!(answer.contains("已连接"), "{answer}");
    }

    // The deployment keeps a finished case's personal data for 365 days; then the mailbox goes too.
    h.ctx.clock.advance(chrono::Duration::days(366));
    let purged = wagedesk::erasure::retention::purge(&h.ctx).await.unwrap();
    assert_eq!(purged.cases, 1, "{purged:?}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_mail").await, 0, "the office's words are gone");
    phone.get(&status_path).await;
    assert!(!phone.text().contains("李建国师傅"), "{}", phone.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_browser_filing_twice_sees_each_cases_messages_on_its_own_status_page() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let mut b = Browser::new(&base, "zh-CN");
    let first_page = file_from_signboard(&mut b, &code).await;
    h.settle().await.unwrap();
    // The office writes about the first case.
    press(&h, &xihu, "受理").await;
    staff_says(&h, FIRST_CASE, &xihu, "第一个案子：请带欠条来。").await;
    h.settle().await.unwrap();

    let second_page = file_second_case(&h, &mut b).await;
    assert_ne!(first_page, second_page);
    assert_eq!(complaints(&h).await, 2);
    h.settle().await.unwrap();

    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&first_page).await;
    assert!(phone.text().contains("第一个案子：请带欠条来。") && phone.text().contains("已受理"), "{}", phone.text());
    phone.get(&second_page).await;
    assert!(!phone.text().contains("第一个案子"), "the second case's page: {}", phone.text());
    assert!(!phone.text().contains("已经接手"), "the second case is not accepted: {}", phone.text());

    // The second case is resolved as paid, and its page asks how much arrived; words typed on the
    // first case's page are about the first case, not that amount.
    for label in ["受理", "办结", "已足额支付"] {
        press(&h, &xihu, label).await;
    }
    scan(&h).await;
    phone.get(&second_page).await;
    phone.press("只收到一部分").await;
    phone.get(&first_page).await;
    let csrf = phone.csrf();
    phone.post(&format!("{first_page}/reply"), &[("csrf", &csrf), ("text", "第一个案子什么时候约谈老板？")]).await;
    assert_eq!(phone.status, 200, "{}", phone.page);
    h.settle().await.unwrap();
    let (topic, _) = crate::staff::thread(&h, FIRST_CASE, &xihu).await;
    let first_topic = texts(&crate::staff::in_topic(&h, &xihu, topic.expect("a topic")));
    assert!(first_topic.contains("第一个案子什么时候约谈老板"), "relayed to the first case: {first_topic}");
    let waiting: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM followups WHERE state = 'awaiting_amount'",
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(waiting, 1, "the second case still waits for its amount");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_worker_the_case_was_closed_without_reopens_it_from_the_status_page() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let status_path = file_from_signboard(&mut Browser::new(&base, "zh-CN"), &code).await;
    // A Telegram worker joins from the same signboard, confirms; the web worker cannot be reached.
    let mut wang = h.worker("王秀英");
    let joining = Intake::li()
        .opening(Opening::Signboard(code.clone()))
        .worksite(Worksite::Project)
        .name("王秀英")
        .phone("13912345678")
        .amount("3万");
    file_complaint_zh_as(&h, &mut wang, &joining).await.unwrap();
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    wang.press(&h, "收到了").await.unwrap();
    staff_says(&h, FIRST_CASE, &xihu, "/unreachable 1 打了三次电话都没人接").await;
    assert_eq!(status(&h).await, "closed");

    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    assert!(phone.text().contains("请点下面的“我的钱没收到”"), "{}", phone.text());
    phone.press("我的钱没收到").await;
    assert_eq!(status(&h).await, "reopened", "{}", phone.text());
    phone.get(&status_path).await;
    assert!(phone.text().contains(&format!("案件 {FIRST_CASE} 已重新办理")), "{}", phone.text());
    h.settle().await.unwrap();
    assert!(chat_texts(&h, &wang).contains("有一位工友反映钱没有收到"), "{}", chat_texts(&h, &wang));
    finish(h).await;
}

/// Files the English sample complaint from the signboard of `code` in browser `b`, giving `phone`:
/// the case's status path.
async fn file_in_english_from_signboard(b: &mut Browser, code: &str, phone: &str) -> String {
    let mut weights = Vec::new();
    b.get(&format!("/s/{code}")).await;
    b.press_start().await;
    walk_web(b, &english_to_amount(), &mut weights).await;
    let to_notice: Vec<Act> = english_amount_to_notice()
        .into_iter()
        .map(|act| if act == Act::text(PHONE) { Act::text(phone) } else { act })
        .collect();
    walk_web(b, &to_notice, &mut weights).await;
    b.press(&tr(Lang::En, "button-submit")).await;
    b.status_path()
}

/// The Telegram link on a status page, as its `/start` payload.
fn telegram_payload(page: &str) -> String {
    let link = Regex::new(r#"start=(w[0-9]+_[0-9a-f]{32})""#).unwrap();
    link.captures(page).unwrap_or_else(|| panic!("no Telegram link:\n{page}"))[1].to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_who_filed_in_english_on_the_web_is_answered_in_english_after_connecting_telegram() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let mut b = Browser::new(&base, "en-US,en;q=0.8");
    let status_path = file_in_english_from_signboard(&mut b, &code, PHONE).await;
    h.settle().await.unwrap();
    assert!(b.text().contains(FIRST_CASE), "{}", b.text());
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    h.settle().await.unwrap();
    let mut phone = Browser::new(&base, "en-US");
    phone.get(&status_path).await;
    let payload = telegram_payload(&phone.page);

    // A Telegram account that never chose a language here: the web's English comes along.
    let mut tg = h.worker("Li");
    let answer = texts(&tg.send(&h, &format!("/start {payload}")).await.unwrap());
    assert!(answer.contains(FIRST_CASE) && !answer.contains("已连接"), "{answer}");
    h.settle().await.unwrap();
    let reply = texts(&act(&h, &mut tg, Act::press(tr(Lang::En, "followup-button-received"))).await.unwrap());
    assert!(reply.contains("Thank you") && !reply.contains("谢谢"), "the Telegram reply is English: {reply}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_worker_who_joined_a_chinese_workers_case_reads_its_status_page_in_their_own_language() {
    let (h, base) = start_web().await;
    let _xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let code = active_code(&h).await;
    let mut li = h.worker("李建国");
    let on_board = Intake::li().opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    walk(&h, &mut li, &on_board.steps()).await.unwrap();

    // An English worker on the same project joins the case from the web.
    let mut b = Browser::new(&base, "en-US,en;q=0.8");
    let status_path = file_in_english_from_signboard(&mut b, &code, "13912345678").await;
    h.settle().await.unwrap();
    assert_eq!(complaints(&h).await, 1, "joined, not filed again: {}", b.text());
    let lang: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT lang FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(lang, "zh-Hans", "the case is the Chinese filer's");

    // Their page is in their language, whatever the browser that opens it asks for.
    let mut phone = Browser::new(&base, "zh-CN");
    phone.get(&status_path).await;
    let page = phone.text();
    assert!(page.contains(&format!("Complaint {FIRST_CASE}")) && page.contains("Status now: "), "{page}");
    finish(h).await;
}
