//! `wagedesk demo`: a scripted worker files a complaint in Chinese against the real bot and the local
//! stand-in, and the conversation is printed as a transcript.

pub mod harness;

use std::path::PathBuf;

use anyhow::Context;

use crate::case::Status;
use crate::clock::Clock;
use crate::i18n::{Arg, Lang, tr, tr_args};
use crate::standin::SentMessage;
use harness::{Harness, SimWorker, demo_start};

/// Runs the story; the database is kept in `dir` (or a new temporary directory) for inspection.
pub async fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    let dir = dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("wagedesk-demo-{}", chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f")))
    });
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let h = Harness::start(&dir, Clock::manual(demo_start())).await?;
    let mut w = h.worker("李建国");
    println!("{}\n", tr(Lang::ZhHans, "demo-title"));

    let county = h.ctx.deployment.regions.first().context("the sample deployment has no counties")?;
    let township = county.townships.first().map(|t| t.name_zh.clone());
    let county_name = county.name_zh.clone();

    step(&mut w, &h, Act::Type("/start")).await?;
    step(&mut w, &h, Act::Press("中文")).await?;
    step(&mut w, &h, Act::Press("同意")).await?;
    step(&mut w, &h, Act::Press(&county_name)).await?;
    if let Some(t) = &township {
        step(&mut w, &h, Act::Press(t)).await?;
    }
    step(&mut w, &h, Act::Type("文三路金色家园二期工地")).await?;
    step(&mut w, &h, Act::Press("盖房子")).await?;
    step(&mut w, &h, Act::Press("包工头")).await?;
    step(&mut w, &h, Act::Type("王老板（杭州某某劳务有限公司）")).await?;
    step(&mut w, &h, Act::Press("我自己干活的工资")).await?;
    step(&mut w, &h, Act::Press("没有")).await?;
    // A daily rate is not the total: the bot asks again rather than guess.
    step(&mut w, &h, Act::Type("一天300")).await?;
    step(&mut w, &h, Act::Type("4万5")).await?;
    step(&mut w, &h, Act::Press("对")).await?;
    step(&mut w, &h, Act::Type("去年10月到今年1月")).await?;
    step(&mut w, &h, Act::Press("只有我")).await?;
    step(&mut w, &h, Act::Type("李建国")).await?;
    step(&mut w, &h, Act::Contact("+86 138 0013 8000")).await?;
    step(&mut w, &h, Act::Press("同意，我来填")).await?;
    step(&mut w, &h, Act::Type("11010519491231002X")).await?;
    step(&mut w, &h, Act::Photo).await?;
    step(&mut w, &h, Act::Press("发完了")).await?;
    step(&mut w, &h, Act::Type("从去年十月干到今年一月，老板一直拖着不给钱，说年底再说，现在电话也不接。")).await?;
    step(&mut w, &h, Act::Press("确认无误")).await?;
    step(&mut w, &h, Act::Press("我保证属实")).await?;

    let stored: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT case_number, amount_fen, status FROM complaints ORDER BY id")
            .fetch_all(&h.ctx.db)
            .await?;
    let db_path = h.database_path();
    let violations = h.standin.violations();
    h.stop().await?;

    println!("────────────────────────────────────────");
    for (case, fen, status) in &stored {
        let amount = crate::domain::money::WageAmount::from_fen(*fen).yuan_text();
        let status = Status::from_code(status).map_or_else(|| status.clone(), |s| tr(Lang::ZhHans, s.message_id()));
        let args = [("case", Arg::from(case.as_str())), ("amount", Arg::from(amount)), ("status", Arg::from(status))];
        println!("{}", tr_args(Lang::ZhHans, "demo-stored", &args));
    }
    println!("{}", tr_args(Lang::ZhHans, "demo-database", &[("path", Arg::from(db_path.display().to_string()))]));
    if !violations.is_empty() {
        anyhow::bail!("the bot sent {} requests the Bot API would refuse: {violations:?}", violations.len());
    }
    anyhow::ensure!(stored.len() == 1, "expected one stored complaint, found {}", stored.len());
    Ok(())
}

enum Act<'a> {
    Type(&'a str),
    Press(&'a str),
    Contact(&'a str),
    Photo,
}

async fn step(w: &mut SimWorker, h: &Harness, act: Act<'_>) -> anyhow::Result<()> {
    let answers = match act {
        Act::Type(text) => {
            println!("👷 {text}");
            w.send(h, text).await?
        }
        Act::Press(label) => {
            println!("👷 {}", tr_args(Lang::ZhHans, "demo-pressed", &[("label", Arg::from(label))]));
            w.press(h, label).await?
        }
        Act::Contact(phone) => {
            println!("👷 {}", tr_args(Lang::ZhHans, "demo-shared-phone", &[("phone", Arg::from(phone))]));
            w.share_contact(h, phone).await?
        }
        Act::Photo => {
            println!("👷 {}", tr(Lang::ZhHans, "demo-sent-photo"));
            w.send_photo(h, evidence_photo()).await?
        }
    };
    for m in answers {
        print_bot(&m);
    }
    println!();
    Ok(())
}

fn print_bot(m: &SentMessage) {
    let text = m.text.clone().unwrap_or_default();
    for (i, line) in text.lines().enumerate() {
        println!("{} {line}", if i == 0 { "🤖" } else { "  " });
    }
    let buttons = m.callback_buttons();
    if !buttons.is_empty() {
        let labels: Vec<String> = buttons.into_iter().map(|(label, _)| format!("[{label}]")).collect();
        println!("   {}", labels.join(" "));
    }
}

/// A small real JPEG-like file standing in for a photographed IOU.
fn evidence_photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice("欠条：今欠李建国工资肆万伍仟元整。王某 2026年1月20日".as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}
