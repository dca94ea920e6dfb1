//! A phone's browser for the tests: headless Chromium at 390×844 CSS px, driven over WebDriver by a
//! chromedriver this process starts (and kills with its process group when done, so no Chromium is
//! left behind when a test fails). The helpers act like a person: buttons are found by their visible
//! label, text is typed into the page's text box, files chosen in its file input.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The viewport of a common phone, in CSS pixels.
pub const WIDTH: u32 = 390;
pub const HEIGHT: u32 = 844;

/// JavaScript on (a modern phone) or off (WeChat with scripts blocked, an old browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Js {
    On,
    Off,
}

/// chromedriver: `WAGEDESK_CHROMEDRIVER` if set (a missing path skips the tests), else Debian's, else
/// the first on `PATH`; `None` (with a note printed) when there is none.
pub fn chromedriver() -> Option<PathBuf> {
    let found = find_chromedriver();
    if found.is_none() {
        println!("skipped: chromedriver not installed");
    }
    found
}

fn find_chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WAGEDESK_CHROMEDRIVER") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let debian = PathBuf::from("/usr/bin/chromedriver");
    if debian.is_file() {
        return Some(debian);
    }
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join("chromedriver")).find(|p| p.is_file())
}

/// Chromium: `WAGEDESK_CHROMIUM`, else Debian's; `None` lets chromedriver look for a Chrome itself.
fn chromium() -> Option<PathBuf> {
    std::env::var_os("WAGEDESK_CHROMIUM").map(PathBuf::from).or_else(|| {
        let debian = PathBuf::from("/usr/bin/chromium");
        debian.is_file().then_some(debian)
    })
}

/// A chromedriver this process started, killed on drop.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver and the Chromium it started share the process group made for it.
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A browser session on a phone, and its chromedriver.
pub struct Phone {
    pub client: Client,
    _driver: Driver,
    /// Where the web channel listens (`http://127.0.0.1:<port>`).
    pub base: String,
    pub js: Js,
}

impl Phone {
    /// A phone browser from the chromedriver at `path`, asking for pages in `accept_language`.
    pub async fn open(path: &Path, base: &str, js: Js, accept_language: &str) -> Phone {
        let port = crate::helpers::free_port();
        let driver = Driver(
            Command::new(path)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", path.display())),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not listen on {port}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut builder = ClientBuilder::native();
        builder.capabilities(capabilities(js, accept_language));
        // The driver is killed on drop even when no session starts.
        let client = builder.connect(&webdriver).await.unwrap_or_else(|e| panic!("no browser session: {e}"));
        let phone = Phone { client, _driver: driver, base: base.to_owned(), js };
        phone.phone_screen(&webdriver).await;
        phone.check_setup().await;
        phone
    }

    /// A phone's screen, through the DevTools protocol: headless Chromium keeps a window at least
    /// 500 px wide, and chromedriver's own `mobileEmulation` makes clicks hang with scripts off.
    async fn phone_screen(&self, webdriver: &str) {
        let session = self.client.session_id().await.unwrap().expect("a session");
        let metrics = json!({
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": { "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": true },
        });
        let url = format!("{webdriver}/session/{session}/goog/cdp/execute");
        let response = reqwest::Client::new().post(url).json(&metrics).send().await.unwrap();
        assert!(response.status().is_success(), "{}", response.text().await.unwrap_or_default());
    }

    /// The viewport is the phone's and JavaScript is on or off as asked. Both are read without
    /// relying on scripts: the screenshot's size, and whether a page's own script ran (WebDriver's
    /// `execute` still works with page scripts disabled, so it cannot tell).
    async fn check_setup(&self) {
        let probe = "data:text/html,%3Cmeta name=viewport content=width=device-width%3E%3Ctitle%3Eoff%3C/title%3E\
                     %3Cscript%3Edocument.title%3D%22on%22%3C/script%3E";
        self.client.goto(probe).await.unwrap();
        let ran = self.client.title().await.unwrap();
        let expected = if self.js == Js::On { "on" } else { "off" };
        assert_eq!(ran, expected, "JavaScript should be {:?}", self.js);
        let png = self.client.screenshot().await.unwrap();
        assert_eq!(png_size(&png), (WIDTH, HEIGHT), "the screenshot is the viewport");
        if self.js == Js::On {
            let size = self.client.execute("return [window.innerWidth, window.innerHeight]", vec![]).await.unwrap();
            assert_eq!(size, json!([WIDTH, HEIGHT]), "the page's viewport in CSS pixels");
        }
    }

    /// Ends the browser session (Chromium quits; the driver is killed on drop).
    pub async fn quit(self) {
        self.client.clone().close().await.unwrap();
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.unwrap();
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.client.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
    }

    /// Clicks the first button of the page whose label contains `label` and waits for the next page.
    pub async fn click(&self, label: &str) {
        self.click_at(&format!("//button[contains(normalize-space(.), {})]", xpath_text(label)), label).await;
    }

    /// Presses an answer button (one the bot's message offers), found by its label.
    pub async fn press(&self, label: &str) {
        let xpath = format!("//form//button[@name='b'][contains(normalize-space(.), {})]", xpath_text(label));
        self.click_at(&xpath, label).await;
    }

    async fn click_at(&self, xpath: &str, label: &str) {
        let button = match self.client.find(Locator::XPath(xpath)).await {
            Ok(button) => button,
            Err(e) => panic!("no button {label:?} ({e}) on the page:\n{}", self.text().await),
        };
        self.navigating(button.click()).await;
    }

    /// Types `text` into the page's text box and presses `send` under it.
    pub async fn type_text(&self, text: &str, send: &str) {
        let field = match self.client.find(Locator::Css("form input[name=text], form textarea[name=text]")).await {
            Ok(field) => field,
            Err(e) => panic!("no text box ({e}) to type {text:?} on the page:\n{}", self.text().await),
        };
        field.send_keys(text).await.unwrap();
        self.click(send).await;
    }

    /// Chooses `file` in the page's file input and presses `upload`.
    pub async fn upload(&self, file: &Path, upload: &str) {
        let input = match self.client.find(Locator::Css("input[type=file]")).await {
            Ok(input) => input,
            Err(e) => panic!("no file input ({e}) on the page:\n{}", self.text().await),
        };
        input.send_keys(&file.display().to_string()).await.unwrap();
        self.click(upload).await;
    }

    /// The `href` of the first link matching `css`.
    pub async fn link(&self, css: &str) -> String {
        let a = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no link {css}: {e}"));
        a.attr("href").await.unwrap().unwrap_or_default()
    }

    /// Runs `act` (a click that submits a form) and waits until the browser shows the next page: the
    /// old document is gone (a form the browser refused to send would time out here, visibly).
    async fn navigating<F>(&self, act: F)
    where
        F: Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let old = self.client.find(Locator::Css("html")).await.unwrap();
        act.await.unwrap();
        let started = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(started.elapsed() < Duration::from_secs(30), "no new page:\n{}", self.text().await);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Saves the viewport as `<WAGEDESK_SCREENSHOTS>/<name>.png` when that is set (relative to the
    /// repository), with JavaScript on only: the run without must not overwrite them.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("WAGEDESK_SCREENSHOTS") else { return };
        if self.js == Js::Off {
            return;
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        println!("screenshot: {}", path.display());
    }
}

/// What chromedriver is asked for: headless Chromium, its language, and scripts on or off.
fn capabilities(js: Js, accept_language: &str) -> serde_json::Map<String, Value> {
    let lang = accept_language.split(',').next().unwrap_or("zh-CN");
    let mut prefs = json!({ "intl.accept_languages": accept_language });
    if js == Js::Off {
        prefs["profile.managed_default_content_settings.javascript"] = json!(2);
    }
    let mut options = json!({
        "args": [
            "--headless=new",
            // Tests run as root, where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            format!("--window-size={WIDTH},{HEIGHT}"),
            format!("--lang={lang}"),
        ],
        "prefs": prefs,
    });
    if let Some(binary) = chromium() {
        options["binary"] = json!(binary.display().to_string());
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".to_owned(), json!("chrome"));
    caps.insert("goog:chromeOptions".to_owned(), options);
    caps
}

/// An XPath string literal for `text` (XPath 1 has no escapes: quotes are joined with `concat`).
fn xpath_text(text: &str) -> String {
    if !text.contains('\'') {
        return format!("'{text}'");
    }
    let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24 && png.starts_with(b"\x89PNG"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}
