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
use crate::script::{Act, Intake, evidence_photo};
use harness::{Harness, SimStaff, SimWorker, demo_start};
use transcript::{show_office, show_worker};

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
        let (code, _) =
            crate::staff::issue_link_code(&mut tx.conn(), &h.ctx.deployment, &office, h.ctx.clock.now()).await?;
        tx.commit().await?;
        code
    };
    println!("{}", tr_args(Lang::ZhHans, "demo-operator-invite", &[("code", Arg::from(code.as_str()))]));
    staff_step(&mut staff, &h, Act::text(format!("/link {code}"))).await?;
    Ok((h, staff))
}

/// Runs the story; the database is kept in `dir` (or a new temporary directory) for inspection.
pub async fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    println!("{}\n", tr(Lang::ZhHans, "demo-title"));
    let (h, mut staff) = start(dir).await?;
    let mut w = h.worker("李建国");

    let county = h.ctx.deployment.regions.first().context("the sample deployment has no counties")?;
    let township = county.townships.first().map(|t| t.name_zh.clone());
    let intake = Intake::li().county(county.name_zh.clone(), township);
    for act in intake.steps() {
        step(&mut w, &h, act).await?;
    }

    // The office side: the case arrives in its own topic; staff ask for more, accept, reply, resolve.
    println!("{}\n", tr(Lang::ZhHans, "demo-office-side"));
    show_office(&staff.news(&h).await?);
    staff_step(&mut staff, &h, Act::button("staff-button-ask")).await?;
    staff_step(&mut staff, &h, Act::text("请补充一张工资条或考勤表的照片，有的话一起发来。")).await?;
    show_worker(&w.answers(&h).await?);
    step(&mut w, &h, Act::photo(evidence_photo())).await?;
    show_office(&staff.news(&h).await?);
    staff_step(&mut staff, &h, Act::button("staff-button-accept")).await?;
    show_worker(&w.answers(&h).await?);
    staff_step(&mut staff, &h, Act::text("我们已联系王老板，他答应本周五前把工资付清。")).await?;
    show_worker(&w.answers(&h).await?);
    step(&mut w, &h, Act::text("好的，谢谢！")).await?;
    show_office(&staff.news(&h).await?);
    staff_step(&mut staff, &h, Act::button("staff-button-resolve")).await?;
    staff_step(&mut staff, &h, Act::button("staff-outcome-paid-in-full")).await?;
    show_worker(&w.answers(&h).await?);

    // 不解决不销账: the case closes only when the worker says the money arrived.
    println!("{}\n", tr(Lang::ZhHans, "demo-next-day"));
    h.ctx.clock.advance(chrono::Duration::days(1));
    crate::scheduler::scan(&h.ctx).await?;
    show_worker(&w.answers(&h).await?);
    step(&mut w, &h, Act::button("followup-button-received")).await?;
    show_office(&staff.news(&h).await?);
    step(&mut w, &h, Act::button("followup-button-satisfied")).await?;
    step(&mut w, &h, Act::button("followup-button-no-words")).await?;

    let stored = crate::storage::complaints::all_by_number(&h.ctx.db).await?;
    let db_path = h.database_path();
    let violations = h.standin.violations();
    let db = h.ctx.db.clone();
    h.stop().await?;
    // Closed, the WAL is folded into the file: the one file printed below holds everything.
    db.close().await;

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

/// Prints what a worker or clerk does, in the transcript's words.
fn say(who: &str, act: &Act) {
    let line = match act {
        Act::Type(text) => text.clone(),
        Act::Press(label) => tr_args(Lang::ZhHans, "demo-pressed", &[("label", Arg::from(label.as_str()))]),
        Act::Contact(phone) => tr_args(Lang::ZhHans, "demo-shared-phone", &[("phone", Arg::from(phone.as_str()))]),
        Act::Photo(_) => tr(Lang::ZhHans, "demo-sent-photo"),
    };
    println!("{who} {line}");
}

/// The clerk acts in the office group; the transcript shows it and what changed there.
async fn staff_step(s: &mut SimStaff, h: &Harness, act: Act) -> anyhow::Result<()> {
    say("👩‍💼", &act);
    show_office(&s.act(h, &act).await?);
    println!();
    Ok(())
}

/// The worker acts in their chat; the transcript shows it and the bot's answers.
async fn step(w: &mut SimWorker, h: &Harness, act: Act) -> anyhow::Result<()> {
    say("👷", &act);
    show_worker(&w.act(h, &act).await?);
    println!();
    Ok(())
}
