//! Projects imported from the operator's CSV, and workers arriving through a signboard's QR code
//! (`/start <code>`): the project is confirmed and pre-filled, a revoked or unknown code falls back to
//! choosing the site by hand.

use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::projects::{self, ImportError, ImportSummary};
use wagedesk::storage::projects as store;

use crate::helpers::*;

const SAMPLE: &[u8] = include_bytes!("../../deploy/projects.sample.csv");
const PROJECT: &str = "xh-2026-001";
const PROJECT_NAME: &str = "之江文化中心配套住宅二期";
const CONTRACTOR: &str = "浙江某建工集团有限公司";
const ASK_COUNTY: &str = "你是在哪个区县干活的？";
const ASK_EMPLOYER_KIND: &str = "是谁欠你的钱？";
const NO_LONGER_VALID: &str = "这个二维码已经停用了";

async fn import_sample(h: &Harness) -> ImportSummary {
    projects::import(&h.ctx.db, &h.ctx.deployment, SAMPLE, &h.ctx.clock).await.unwrap()
}

async fn code_of(h: &Harness, project: &str) -> String {
    let mut conn = h.ctx.db.acquire().await.unwrap();
    store::active_code(&mut conn, project).await.unwrap().expect("the project has an active code")
}

/// Scans a board with `code`, picks Chinese and agrees; returns the answers to the agreement.
async fn scan_and_agree(h: &Harness, w: &mut SimWorker, code: &str) -> String {
    walk(h, w, &[Act::text(format!("/start {code}")), Act::press("中文")]).await.unwrap();
    texts(&act(h, w, Act::press("同意")).await.unwrap())
}

/// After a message and the language question: picks Chinese and agrees.
async fn scan_and_agree_from_language(h: &Harness, w: &mut SimWorker) -> String {
    act(h, w, Act::press("中文")).await.unwrap();
    texts(&act(h, w, Act::press("同意")).await.unwrap())
}

/// From the employer question to a submitted complaint, as the demo's worker answers.
async fn employer_to_submitted(h: &Harness, w: &mut SimWorker) {
    let f = on_board();
    walk(h, w, &[f.employer_answers(), f.amount_to_summary(), Intake::confirm_and_submit()].concat()).await.unwrap();
}

/// The demo's worker naming the employer as 王老板.
fn on_board() -> Intake {
    Intake::li().employer("王老板")
}

/// `project_code, county_code, site, sector` of the only complaint.
async fn the_complaint(h: &Harness) -> (Option<String>, String, String, String) {
    on_db!(h.ctx.db, c =>
        sqlx::query_as("SELECT project_code, county_code, site, sector FROM complaints").fetch_one(c).await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signboard_code_shows_the_project_and_yes_skips_to_the_employer_and_files_under_the_project() {
    let h = start().await;
    import_sample(&h).await;
    let code = code_of(&h, PROJECT).await;
    let mut w = h.worker("李建国");

    let first = w.send(&h, &format!("/start {code}")).await.unwrap();
    let labels: Vec<String> = first.iter().flat_map(|m| m.callback_buttons()).map(|(label, _)| label).collect();
    assert_eq!(labels, ["中文", "English"], "the language comes first: {}", texts(&first));
    let consent = act(&h, &mut w, Act::press("中文")).await.unwrap();
    assert!(texts(&consent).contains("个人信息说明"), "then the privacy notice: {}", texts(&consent));
    assert!(!texts(&consent).contains(PROJECT_NAME), "nothing about the project before consent");

    let question = act(&h, &mut w, Act::press("同意")).await.unwrap();
    let all = texts(&question);
    assert!(all.contains("你是在这个工地干活吗？"), "{all}");
    assert!(all.contains(&format!("工地：{PROJECT_NAME}")), "{all}");
    assert!(all.contains(&format!("总承包单位：{CONTRACTOR}")), "{all}");
    assert!(!all.contains(ASK_COUNTY), "{all}");

    let next = act(&h, &mut w, Act::press("就是这个工地")).await.unwrap();
    assert!(texts(&next).contains(ASK_EMPLOYER_KIND), "{}", texts(&next));
    employer_to_submitted(&h, &mut w).await;
    let summary = chat_texts(&h, &w);
    assert!(summary.contains(&format!("工地：西湖区 · {PROJECT_NAME}")), "{summary}");

    let (project, county, site, sector) = the_complaint(&h).await;
    assert_eq!(project.as_deref(), Some(PROJECT));
    assert_eq!((county.as_str(), site.as_str(), sector.as_str()), ("330106", PROJECT_NAME, "building"));
    // Routed to the project's own labour-inspection office, and the timeline says why.
    let owner: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT owner_office FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(owner, "hz-xihu-ldjc");
    let reasons: Vec<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT message_id FROM timeline WHERE event = 'routed'")
        .fetch_all(c)
        .await)
        .unwrap();
    assert_eq!(reasons.first().map(String::as_str), Some("routing-project-labour-office"), "{reasons:?}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_no_to_the_project_falls_back_to_the_county_question_and_files_without_a_project() {
    let h = start().await;
    import_sample(&h).await;
    let code = code_of(&h, PROJECT).await;
    let mut w = h.worker("李建国");
    assert!(scan_and_agree(&h, &mut w, &code).await.contains(PROJECT_NAME));

    let answers = act(&h, &mut w, Act::press("别的工地")).await.unwrap();
    assert!(texts(&answers).contains("好的，请手动选择你的工地所在地。"), "{}", texts(&answers));
    assert!(texts(&answers).contains(ASK_COUNTY), "{}", texts(&answers));
    walk(
        &h,
        &mut w,
        &[Act::press("拱墅区"), Act::press("不清楚"), Act::text("运河边的仓库工地"), Act::press("盖房子")],
    )
    .await
    .unwrap();
    employer_to_submitted(&h, &mut w).await;

    let (project, county, site, _) = the_complaint(&h).await;
    assert_eq!((project, county.as_str(), site.as_str()), (None, "330105", "运河边的仓库工地"));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_worksite_from_the_summary_drops_the_signboard_project() {
    let h = start().await;
    import_sample(&h).await;
    let code = code_of(&h, PROJECT).await;
    let mut w = h.worker("李建国");
    scan_and_agree(&h, &mut w, &code).await;
    act(&h, &mut w, Act::press("就是这个工地")).await.unwrap();
    walk(&h, &mut w, &[on_board().employer_answers(), on_board().amount_to_summary()].concat()).await.unwrap();

    let county = act(&h, &mut w, Act::press("改工地")).await.unwrap();
    assert!(texts(&county).contains(ASK_COUNTY), "{}", texts(&county));
    walk(&h, &mut w, &[Act::press("西湖区"), Act::press("转塘街道"), Act::text("文三路金色家园二期工地")])
        .await
        .unwrap();
    confirm_and_submit(&h, &mut w).await.unwrap();

    let (project, county, site, _) = the_complaint(&h).await;
    assert_eq!((project, county.as_str(), site.as_str()), (None, "330106", "文三路金色家园二期工地"));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_code_is_no_longer_valid_and_asks_the_county_while_the_new_code_works() {
    let h = start().await;
    import_sample(&h).await;
    let old = code_of(&h, PROJECT).await;
    let new = projects::revoke_code(&h.ctx.db, PROJECT, &h.ctx.clock).await.unwrap();
    assert_ne!(old, new);
    assert_eq!(code_of(&h, PROJECT).await, new);

    let mut stale = h.worker("李建国");
    let answers = stale.send(&h, &format!("/start {old}")).await.unwrap();
    assert_eq!(answers.len(), 2, "{}", texts(&answers));
    assert!(texts(&answers).contains(NO_LONGER_VALID), "{}", texts(&answers));
    assert!(texts(&answers).contains("This QR code is no longer valid"), "before a language is chosen, in every one");
    let after = scan_and_agree_from_language(&h, &mut stale).await;
    assert!(after.contains(ASK_COUNTY) && !after.contains(PROJECT_NAME), "{after}");

    let mut fresh = h.worker("王小明");
    assert!(scan_and_agree(&h, &mut fresh, &new).await.contains(PROJECT_NAME));

    let listing = projects::list(&h.ctx.db).await.unwrap();
    let row = listing.iter().find(|p| p.id == PROJECT).unwrap();
    assert_eq!((row.active_code.as_deref(), row.revoked_codes), (Some(new.as_str()), 1), "one stale board");
    assert!(listing.iter().filter(|p| p.id != PROJECT).all(|p| p.revoked_codes == 0));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_code_is_no_longer_valid_and_asks_the_county_in_the_workers_language() {
    let h = start().await;
    import_sample(&h).await;
    let mut w = h.worker("李建国");
    walk(&h, &mut w, &[Act::text("/start"), Act::press("中文")]).await.unwrap();

    let answers = w.send(&h, "/start AAAAAAAAAAAAAAAAAAAAAA").await.unwrap();
    let all = texts(&answers);
    assert!(all.contains("这个二维码已经失效或无法识别"), "{all}");
    assert!(!all.contains("This QR code"), "the worker chose Chinese: {all}");
    let county = act(&h, &mut w, Act::press("同意")).await.unwrap();
    assert!(texts(&county).contains(ASK_COUNTY), "{}", texts(&county));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_a_bad_row_imports_nothing_and_names_the_row_and_column() {
    let h = start().await;
    let text = String::from_utf8(SAMPLE.to_vec()).unwrap();
    let bad = format!(
        "{}\nxh-2026-099,某工地,999999,building,甲,乙,项目部,,张三,13800000009,2490,15,hz-xihu-ldjc,,,no\n",
        text.trim_end()
    );
    match projects::import(&h.ctx.db, &h.ctx.deployment, bad.as_bytes(), &h.ctx.clock).await {
        Err(ImportError::Invalid(errors)) => {
            let report = errors.to_string();
            assert_eq!(
                report,
                r#"row 8, column county_code: unknown county "999999" (not one of the deployment's regions)"#
            );
        }
        other => panic!("expected the file to be refused, got {other:?}"),
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM projects").await, 0);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM project_link_codes").await, 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_the_same_file_twice_keeps_the_codes_and_a_changed_row_is_updated() {
    let h = start().await;
    let first = import_sample(&h).await;
    assert_eq!(first, ImportSummary { new: 6, updated: 0, unchanged: 0, codes_issued: 6 });
    let codes = || async { projects::list(&h.ctx.db).await.unwrap() };
    let before = codes().await;
    let stamps = "SELECT COUNT(DISTINCT updated_at) FROM projects";
    h.ctx.clock.advance(chrono::Duration::hours(1));

    let again = import_sample(&h).await;
    assert_eq!(again, ImportSummary { new: 0, updated: 0, unchanged: 6, codes_issued: 0 });
    assert_eq!(codes().await, before, "same projects, same codes");
    assert_eq!(count(&h, stamps).await, 1, "nothing was rewritten");

    let renamed = String::from_utf8(SAMPLE.to_vec()).unwrap().replace("运河湾商业综合体", "运河湾商业综合体（二期）");
    let changed = projects::import(&h.ctx.db, &h.ctx.deployment, renamed.as_bytes(), &h.ctx.clock).await.unwrap();
    assert_eq!(changed, ImportSummary { new: 0, updated: 1, unchanged: 5, codes_issued: 0 });
    let after = codes().await;
    let row = after.iter().find(|p| p.id == "gs-2026-001").unwrap();
    assert_eq!(row.name, "运河湾商业综合体（二期）");
    assert_eq!(
        after.iter().map(|p| &p.active_code).collect::<Vec<_>>(),
        before.iter().map(|p| &p.active_code).collect::<Vec<_>>()
    );
    assert_eq!(count(&h, stamps).await, 2, "only the changed row has a new updated_at");

    let mut conn = h.ctx.db.acquire().await.unwrap();
    let routing = store::routing_for(&mut conn, "xh-2026-002").await.unwrap().expect("a stored project routes");
    assert_eq!((routing.code.as_str(), routing.labour_office.as_str()), ("xh-2026-002", "hz-xihu-ldjc"));
    assert!(routing.government_invested);
    assert!(store::routing_for(&mut conn, "nope").await.unwrap().is_none());
    drop(conn);
    finish(h).await;
}

/// The operator's commands close the store when they end: the SQLite file they wrote is whole by
/// itself afterwards, without `-wal` or `-shm` beside it (as a copy made between commands needs, and
/// as `wagedesk run` leaves it after a clean stop).
#[test]
fn the_operators_commands_leave_the_sqlite_file_whole() {
    if sqlite_only("the -wal and -shm files are SQLite's") {
        return;
    }
    let dir = fresh_dir();
    let database = dir.join("wagedesk.db");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/projects.sample.csv");
    let qr = dir.join("qr.png");
    let wagedesk = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wagedesk"))
            .args(args)
            .env("WAGEDESK_CONFIG", crate::load::CONFIG)
            .env("WAGEDESK_DATABASE", &database)
            .env("WAGEDESK_KEY_FILE", dir.join("master.key"))
            .env("RUST_LOG", "warn")
            .output()
            .expect("the wagedesk binary runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "wagedesk {args:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        for leftover in ["wagedesk.db-wal", "wagedesk.db-shm"] {
            assert!(!dir.join(leftover).exists(), "wagedesk {args:?} left {leftover} behind");
        }
        stdout
    };
    wagedesk(&["migrate"]);
    wagedesk(&["projects", "import", sample]);
    let revoked = wagedesk(&["projects", "revoke-code", PROJECT]);
    let listing = wagedesk(&["projects", "list"]);
    let new_code = revoked.split("new code ").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap();
    assert!(listing.lines().any(|l| l.starts_with(PROJECT) && l.contains(new_code)), "{listing}");
    let link = wagedesk(&["qr", PROJECT, "--out", qr.to_str().unwrap()]);
    assert!(link.contains(new_code) && qr.is_file(), "{link}");
    let invite = wagedesk(&["offices", "invite", "hz-qqb"]);
    assert!(!invite.trim().is_empty());
    wagedesk(&["keys", "status"]);
}
