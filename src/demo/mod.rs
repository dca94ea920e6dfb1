//! `wagedesk demo`: a scripted worker files a complaint in Chinese against the real bot and the local
//! stand-in, and the conversation is printed as a transcript.

pub mod harness;
pub mod interactive;
mod transcript;

use std::path::PathBuf;

use anyhow::Context;

use crate::case::Status;
use crate::clock::Clock;
use crate::deployment::OfficeId;
use crate::i18n::{Arg, Lang, tr, tr_args};
use harness::{Harness, SimStaff, SimWorker, demo_start};
use transcript::{print_bot, show_office, show_worker};

/// The office the demo's worksite belongs to, and its clerk.
const DEMO_OFFICE: &str = "hz-xihu-ldjc";

/// Starts the stand-in and the bot on a database in `dir` (or a new temporary directory), and links
/// the demo office's group the way an office would: an invite code, then `/link` in the group.
pub async fn start(dir: Option<PathBuf>) -> anyhow::Result<(Harness, SimStaff)> {
    let dir = dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("wagedesk-demo-{}", chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f")))
    });
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let h = Harness::start(&dir, Clock::manual(demo_start())).await?;
    let office = OfficeId::parse(DEMO_OFFICE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let office_name =
        h.ctx.deployment.office(&office).context("the sample deployment lacks the demo office")?.name_zh.clone();
    let mut staff = SimStaff::new(&h, &tr(Lang::ZhHans, "demo-clerk-name"), &format!("{office_name} 办案群"));
    let code = {
        let mut tx = crate::storage::begin_write(&h.ctx.db).await?;
        let (code, _) = crate::staff::issue_link_code(&mut tx, &h.ctx.deployment, &office, h.ctx.clock.now()).await?;
        tx.commit().await?;
        code
    };
    println!("{}", tr_args(Lang::ZhHans, "demo-operator-invite", &[("code", Arg::from(code.as_str()))]));
    staff_step(&mut staff, &h, StaffAct::Type(&format!("/link {code}"))).await?;
    Ok((h, staff))
}

/// Runs the story; the database is kept in `dir` (or a new temporary directory) for inspection.
pub async fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    println!("{}\n", tr(Lang::ZhHans, "demo-title"));
    let (h, mut staff) = start(dir).await?;
    let mut w = h.worker("李建国");

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

    // The office side: the case arrives in its own topic; staff ask for more, accept, reply, resolve.
    println!("{}\n", tr(Lang::ZhHans, "demo-office-side"));
    show_office(&staff.news(&h).await?);
    staff_step(&mut staff, &h, StaffAct::Press("要求补充材料")).await?;
    staff_step(&mut staff, &h, StaffAct::Type("请补充一张工资条或考勤表的照片，有的话一起发来。")).await?;
    show_worker(&w.answers(&h).await?);
    step(&mut w, &h, Act::Photo).await?;
    show_office(&staff.news(&h).await?);
    staff_step(&mut staff, &h, StaffAct::Press("受理")).await?;
    show_worker(&w.answers(&h).await?);
    staff_step(&mut staff, &h, StaffAct::Type("我们已联系王老板，他答应本周五前把工资付清。")).await?;
    show_worker(&w.answers(&h).await?);
    step(&mut w, &h, Act::Type("好的，谢谢！")).await?;
    show_office(&staff.news(&h).await?);
    staff_step(&mut staff, &h, StaffAct::Press("办结")).await?;
    staff_step(&mut staff, &h, StaffAct::Press("已足额支付")).await?;
    show_worker(&w.answers(&h).await?);

    // 不解决不销账: the case closes only when the worker says the money arrived.
    println!("{}\n", tr(Lang::ZhHans, "demo-next-day"));
    h.ctx.clock.advance(chrono::Duration::days(1));
    crate::scheduler::scan(&h.ctx).await?;
    show_worker(&w.answers(&h).await?);
    step(&mut w, &h, Act::Press("收到了")).await?;
    show_office(&staff.news(&h).await?);
    step(&mut w, &h, Act::Press("满意")).await?;
    step(&mut w, &h, Act::Press("不用了")).await?;

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
    anyhow::ensure!(
        stored.iter().all(|(_, _, status)| status == "closed"),
        "the case was not closed after the worker confirmed the payment: {stored:?}"
    );
    Ok(())
}

enum StaffAct<'a> {
    Type(&'a str),
    Press(&'a str),
}

async fn staff_step(s: &mut SimStaff, h: &Harness, act: StaffAct<'_>) -> anyhow::Result<()> {
    let news = match act {
        StaffAct::Type(text) => {
            println!("👩‍💼 {text}");
            s.send(h, text).await?
        }
        StaffAct::Press(label) => {
            println!("👩‍💼 {}", tr_args(Lang::ZhHans, "demo-pressed", &[("label", Arg::from(label))]));
            s.press(h, label).await?
        }
    };
    show_office(&news);
    println!();
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

/// A small real JPEG-like file standing in for a photographed IOU.
pub(crate) fn evidence_photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice("欠条：今欠李建国工资肆万伍仟元整。王某 2026年1月20日".as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}
