//! Shared set-up and the scripted intake flows the tests walk through.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, ensure};
use serde_json::{Value, json};
use wagedesk::clock::Clock;
use wagedesk::demo::harness::{Harness, SimWorker, demo_start};
use wagedesk::standin::SentMessage;

/// The case number the first complaint of the demo day in Xihu district gets.
pub const FIRST_CASE: &str = "QX-330106-20261201-0001";

pub const PHONE: &str = "13800138000";
pub const PHONE_MASKED: &str = "138****8000";
pub const ID_NUMBER: &str = "11010519491231002X";
pub const ID_MASKED: &str = "1101**********002X";

/// A new, empty data directory under the system temp dir, unique per process and call.
pub fn fresh_dir() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("wagedesk-api-{}-{n}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating a test directory");
    dir
}

/// The manual clock every test runs on (the demo's morning, 2026-12-01 09:30 in Hangzhou).
pub fn clock() -> Clock {
    Clock::manual(demo_start())
}

/// A stand-in and the bot on a fresh directory.
pub async fn start() -> Harness {
    let dir = fresh_dir();
    Harness::start(&dir, clock()).await.expect("starting the stand-in and the bot")
}

/// Asserts the bot never broke the Bot API spec, then stops it cleanly.
pub async fn finish(h: Harness) {
    let violations = h.standin.violations();
    assert!(violations.is_empty(), "the bot sent requests the Bot API would refuse: {violations:#?}");
    h.stop().await.expect("the bot stops cleanly");
}

/// The texts of `messages`, one per line block, for `contains` assertions and failure output.
pub fn texts(messages: &[SentMessage]) -> String {
    messages.iter().map(|m| m.text.clone().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Every text the bot has in the worker's chat now (after edits).
pub fn chat_texts(h: &Harness, w: &SimWorker) -> String {
    texts(&h.standin.messages_in(w.chat_id()))
}

/// What a worker does at one step.
#[derive(Debug, Clone, Copy)]
pub enum Act<'a> {
    Type(&'a str),
    Press(&'a str),
    Contact(&'a str),
    Photo(&'a [u8]),
}

/// Does one step and checks the bot answered it with at least one message.
pub async fn act(h: &Harness, w: &mut SimWorker, step: Act<'_>) -> anyhow::Result<Vec<SentMessage>> {
    let answers = match step {
        Act::Type(text) => w.send(h, text).await?,
        Act::Press(label) => w.press(h, label).await?,
        Act::Contact(phone) => w.share_contact(h, phone).await?,
        Act::Photo(bytes) => w.send_photo(h, bytes.to_vec()).await?,
    };
    ensure!(!answers.is_empty(), "the bot did not answer {step:?}");
    Ok(answers)
}

/// Does every step in order; returns the answers to the last one.
pub async fn walk(h: &Harness, w: &mut SimWorker, steps: &[Act<'_>]) -> anyhow::Result<Vec<SentMessage>> {
    let mut last = Vec::new();
    for step in steps {
        last = act(h, w, *step).await.with_context(|| format!("at step {step:?}"))?;
    }
    Ok(last)
}

/// A small JPEG-like file standing in for a photographed IOU.
pub fn evidence_photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice("欠条：今欠李建国工资肆万伍仟元整。王某 2026年1月20日".as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

/// The employer the demo's worker names.
pub const EMPLOYER: &str = "王老板（杭州某某劳务有限公司）";

/// The Chinese flow from `/start` to the amount question (the demo's first steps).
pub const ZH_TO_AMOUNT: &[Act<'static>] = &[
    Act::Type("/start"),
    Act::Press("中文"),
    Act::Press("同意"),
    Act::Press("西湖区"),
    Act::Press("转塘街道"),
    Act::Type("文三路金色家园二期工地"),
    Act::Press("盖房子"),
    Act::Press("包工头"),
    Act::Type(EMPLOYER),
    Act::Press("我自己干活的工资"),
    Act::Press("没有"),
];

/// Who files in the Chinese flow, and what they answer that differs between workers.
#[derive(Debug, Clone)]
pub struct Filer {
    pub name: &'static str,
    /// Who owes the money; workers naming the same employer in the same county share one case.
    pub employer: &'static str,
    pub amount: &'static str,
    pub phone: &'static str,
    /// `None`: the worker skips the ID number.
    pub id_number: Option<&'static str>,
    pub photo: Option<Vec<u8>>,
    /// What happened, in the worker's words.
    pub description: &'static str,
}

impl Filer {
    /// The demo's worker: 李建国, owed 4万5, shares his phone, gives his ID and one photo.
    pub fn li() -> Filer {
        Filer {
            name: "李建国",
            employer: EMPLOYER,
            amount: "4万5",
            phone: "+86 138 0013 8000",
            id_number: Some(ID_NUMBER),
            photo: Some(evidence_photo()),
            description: "从去年十月干到今年一月，老板一直拖着不给钱，说年底再说，现在电话也不接。",
        }
    }
}

/// Walks the Chinese flow from the amount question to the summary.
pub async fn zh_amount_to_summary(h: &Harness, w: &mut SimWorker, f: &Filer) -> anyhow::Result<Vec<SentMessage>> {
    walk(
        h,
        w,
        &[
            Act::Type(f.amount),
            Act::Press("对"),
            Act::Type("去年10月到今年1月"),
            Act::Press("只有我"),
            Act::Type(f.name),
            Act::Contact(f.phone),
        ],
    )
    .await?;
    match f.id_number {
        Some(id) => walk(h, w, &[Act::Press("同意，我来填"), Act::Type(id)]).await?,
        None => walk(h, w, &[Act::Press("不填，跳过")]).await?,
    };
    if let Some(photo) = &f.photo {
        act(h, w, Act::Photo(photo)).await?;
    }
    walk(h, w, &[Act::Press("发完了"), Act::Type(f.description)]).await
}

/// The whole Chinese intake, as the demo plays it (including the refused daily rate), up to the
/// submit button; returns the answers to the last press (the notice with the submit button).
pub async fn zh_to_notice(h: &Harness, w: &mut SimWorker, f: &Filer) -> anyhow::Result<Vec<SentMessage>> {
    let to_amount: Vec<Act<'_>> = ZH_TO_AMOUNT
        .iter()
        .map(|a| if matches!(a, Act::Type(EMPLOYER)) { Act::Type(f.employer) } else { *a })
        .collect();
    walk(h, w, &to_amount).await?;
    act(h, w, Act::Type("一天300")).await?;
    zh_amount_to_summary(h, w, f).await?;
    act(h, w, Act::Press("确认无误")).await
}

/// A worker who already filed files another complaint: `/new` goes straight to the privacy notice.
pub async fn file_again_zh_as(h: &Harness, w: &mut SimWorker, f: &Filer) -> anyhow::Result<Vec<SentMessage>> {
    act(h, w, Act::Type("/new")).await?;
    let rest: Vec<Act<'_>> = ZH_TO_AMOUNT[2..]
        .iter()
        .map(|a| if matches!(a, Act::Type(EMPLOYER)) { Act::Type(f.employer) } else { *a })
        .collect();
    walk(h, w, &rest).await?;
    act(h, w, Act::Type("一天300")).await?;
    zh_amount_to_summary(h, w, f).await?;
    walk(h, w, &[Act::Press("确认无误"), Act::Press("我保证属实")]).await
}

/// The whole Chinese intake with the demo's worker; returns the answers to the submit press.
pub async fn file_complaint_zh(h: &Harness, w: &mut SimWorker) -> anyhow::Result<Vec<SentMessage>> {
    file_complaint_zh_as(h, w, &Filer::li()).await
}

pub async fn file_complaint_zh_as(h: &Harness, w: &mut SimWorker, f: &Filer) -> anyhow::Result<Vec<SentMessage>> {
    zh_to_notice(h, w, f).await?;
    act(h, w, Act::Press("我保证属实")).await
}

/// The newest bot message in the worker's chat that has a button with `label` in it, and that
/// button's callback data.
pub fn button(h: &Harness, w: &SimWorker, label: &str) -> (SentMessage, String) {
    let messages = h.standin.messages_in(w.chat_id());
    messages
        .iter()
        .rev()
        .find_map(|m| {
            m.callback_buttons().into_iter().find(|(text, _)| text.contains(label)).map(|(_, data)| (m.clone(), data))
        })
        .unwrap_or_else(|| panic!("no button labelled {label:?} in chat {}: {}", w.chat_id(), texts(&messages)))
}

/// A `callback_query` update as Telegram would send it, with any `data` (a forged button).
pub fn raw_callback(w: &SimWorker, message: &SentMessage, id: &str, data: &str) -> Value {
    json!({
        "callback_query": {
            "id": id,
            "from": { "id": w.user.id, "is_bot": false, "first_name": w.user.first_name, "language_code": "zh-hans" },
            "message": message.raw,
            "chat_instance": format!("{}", w.chat_id().unsigned_abs() ^ 0x5eed),
            "data": data,
        }
    })
}

/// Rows of one column, for counting and comparing.
pub async fn count(h: &Harness, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(&h.ctx.db).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}
