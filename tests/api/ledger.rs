//! The ledger on hand-computed cases filed through the real bot: every figure (counts, sums, rates,
//! the government-invested split, transferred and joined cases), the Excel workbook read back with
//! calamine, the CSV files, unmasking logged in the timeline, and the supervisors' digest with its
//! chart sent through the stand-in as a photo.

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Asia::Shanghai;
use wagedesk::case::{self, Actor, Operation, Outcome};
use wagedesk::clock::stamp;
use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::deployment::OfficeId;
use wagedesk::ledger::{self, ExportOptions, GroupBy, Period, Role};
use wagedesk::standin::{GroupKind, MemberStatus};
use wagedesk::storage::{self, cases, complaints};
use wagedesk_core::followup::answer::Paid;

use crate::helpers::*;

const XIHU: &str = "hz-xihu-ldjc";
const GONGSHU: &str = "hz-gongshu-ldjc";
const XIHU_HOUSING: &str = "hz-xihu-zjj";
const GOV_PROJECT: &str = "xh-2026-002";
const INJECTED: &str = "=1+2 钱老板幕墙有限公司";

fn id(s: &str) -> OfficeId {
    OfficeId::parse(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Moves the harness clock forward to `time` (HH:MM) in China on `date`.
fn move_to(h: &Harness, date: &str, time: &str) {
    let local = day(date).and_time(chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap());
    let target = Shanghai.from_local_datetime(&local).unwrap().with_timezone(&chrono::Utc);
    let by = target - h.ctx.clock.now();
    assert!(by >= chrono::Duration::zero(), "the clock only moves forward");
    h.ctx.clock.advance(by);
}

fn filer(name: &str, employer: &str, amount: &str, phone: &str) -> Intake {
    Intake::li().name(name).employer(employer).amount(amount).phone(phone).skip_id().no_evidence()
}

/// A worker scans the government-invested project's signboard and files about it.
async fn file_on_project(h: &Harness, w: &mut SimWorker, f: &Intake) {
    let mut conn = h.ctx.db.acquire().await.unwrap();
    let code = storage::projects::active_code(&mut conn, GOV_PROJECT).await.unwrap().unwrap();
    drop(conn);
    let on_board = f.clone().opening(Opening::Signboard(code)).worksite(Worksite::Project).daily_rate_first(false);
    walk(h, w, &on_board.steps()).await.unwrap();
}

async fn complaint_id(h: &Harness, employer: &str) -> i64 {
    on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT id FROM complaints WHERE employer = $1")
        .bind(employer)
        .fetch_one(c)
        .await)
    .unwrap()
}

/// A staff (or worker) operation as the staff workspace will apply it: the pure lifecycle, the new
/// state and its timeline entry in one transaction.
async fn operate(h: &Harness, employer: &str, op: Operation, actor: Actor) {
    let complaint = complaint_id(h, employer).await;
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    let state = cases::load(&mut tx, complaint).await.unwrap().unwrap();
    let t = case::apply(&state, op, actor, h.ctx.clock.today(), &h.ctx.deployment).unwrap();
    let now = stamp(h.ctx.clock.now());
    cases::save(&mut tx, complaint, &t.new_state, &now).await.unwrap();
    let args = serde_json::to_string(&t.timeline.args).unwrap();
    let event = serde_json::to_value(t.timeline.kind).unwrap();
    complaints::append_timeline(
        &mut tx,
        complaint,
        &now,
        "staff",
        event.as_str().unwrap(),
        &t.timeline.message_id,
        &args,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn staff(office: &str) -> Actor {
    Actor::Staff { office: id(office), user: "clerk".into() }
}

const B: &str = "张老板（杭州某某装饰工程有限公司）";
const C: &str = "孙老板（浙江某路桥劳务有限公司）";
const D: &str = "赵老板（杭州某某土石方有限公司）";

/// Five cases filed on 1 Dec 2026 and one joined worker, then handled until 10 Dec:
/// - A (李, ¥45,000) + 王 joins (¥30,000): accepted 2 Dec, the office verifies ¥40,000 for 李 and
///   ¥30,000 for 王, resolves it as ¥50,000 paid in part on 10 Dec; 王 confirms all his ¥30,000 arrived
///   and 李 that ¥20,000 did (the ledger's paid is what the workers confirmed).
/// - B (¥30,000): transferred to Gongshu on 2 Dec, left there (its acceptance clock runs on).
/// - C (¥20,000, government-invested project): accepted 2 Dec, co-handled by the housing bureau,
///   ¥18,000 verified, its employer ordered on 3 Dec to pay ¥20,000 by 20 Dec, fined ¥5,000 and
///   referred for joint punishment the same day.
/// - D (¥8,000): never touched, acceptance due 8 Dec, overdue on 10 Dec.
/// - E (¥12,000, an employer name that is a formula): accepted 2 Dec, unfounded on 3 Dec.
async fn file_the_fixture(h: &Harness) {
    wagedesk::projects::import(
        &h.ctx.db,
        &h.ctx.deployment,
        include_bytes!("../../deploy/projects.sample.csv"),
        &h.ctx.clock,
    )
    .await
    .unwrap();
    file_complaint_zh(h, &mut h.worker("李建国")).await.unwrap();
    file_complaint_zh_as(h, &mut h.worker("王秀英"), &filer("王秀英", &employer(), "3万", "13912345678"))
        .await
        .unwrap();
    file_complaint_zh_as(h, &mut h.worker("张伟"), &filer("张伟", B, "3万", "13700001111")).await.unwrap();
    file_on_project(h, &mut h.worker("孙强"), &filer("孙强", C, "2万", "13600002222")).await;
    file_complaint_zh_as(h, &mut h.worker("赵磊"), &filer("赵磊", D, "8000", "13500003333")).await.unwrap();
    file_complaint_zh_as(h, &mut h.worker("钱芳"), &filer("钱芳", INJECTED, "12000", "13400004444")).await.unwrap();
    assert_eq!(count(h, "SELECT COUNT(*) FROM cases").await, 5);

    move_to(h, "2026-12-02", "10:00");
    operate(h, &employer(), Operation::Accept, staff(XIHU)).await;
    operate(h, C, Operation::Accept, staff(XIHU)).await;
    operate(h, INJECTED, Operation::Accept, staff(XIHU)).await;
    operate(h, C, Operation::AddCoHandler { office: id(XIHU_HOUSING) }, staff(XIHU)).await;
    let transfer = Operation::Transfer { to: id(GONGSHU), reason: "工地实际在拱墅区".into() };
    operate(h, B, transfer, staff(XIHU)).await;
    move_to(h, "2026-12-03", "10:00");
    let unfounded = Outcome::Unfounded { reason: "老板出示了工资发放记录".into() };
    operate(h, INJECTED, Operation::Resolve { outcome: unfounded }, staff(XIHU)).await;
    let order = Operation::OrderToPay { amount_fen: fen(20_000), due: day("2026-12-20") };
    operate(h, C, order, staff(XIHU)).await;
    let penalty = Operation::RecordPenalty { amount_fen: fen(5_000), decision: "西人社监罚〔2026〕7号".into() };
    operate(h, C, penalty, staff(XIHU)).await;
    operate(h, C, Operation::ReferToBlacklist { reason: "政府投资项目恶意欠薪".into() }, staff(XIHU)).await;
    verify(h, &employer(), &[fen(40_000), fen(30_000)]).await;
    verify(h, C, &[fen(18_000)]).await;
    move_to(h, "2026-12-10", "10:00");
    let paid = Outcome::PaidInPart { paid_fen: fen(50_000) };
    operate(h, &employer(), Operation::Resolve { outcome: paid }, staff(XIHU)).await;
    confirm(h, &employer(), "王秀英", Paid::Full).await;
    confirm(h, &employer(), "李建国", Paid::Amount(fen(20_000))).await;
}

/// The office's verified amounts, in the card's order, as the staff workspace records them.
async fn verify(h: &Harness, employer: &str, amounts: &[i64]) {
    let complaint = complaint_id(h, employer).await;
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    assert!(storage::claimants::set_verified(&mut tx, complaint, amounts).await.unwrap());
    tx.commit().await.unwrap();
}

/// What a claimant says arrived, as their answer to the payment question records it.
async fn confirm(h: &Harness, employer: &str, name: &str, paid: Paid) {
    let complaint = complaint_id(h, employer).await;
    let chat = claimant_chat(h, complaint, name).await;
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    storage::claimants::record_paid(&mut tx, complaint, chat, paid, &stamp(h.ctx.clock.now())).await.unwrap();
    tx.commit().await.unwrap();
}

fn december() -> Period {
    Period { from: day("2026-12-01"), to: day("2026-12-31") }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_of_the_ledger_matches_the_hand_count_including_joined_and_transferred_cases() {
    let h = start().await;
    file_the_fixture(&h).await;
    let today = day("2026-12-10");
    let mut conn = h.ctx.db.acquire().await.unwrap();
    let s = ledger::summary(&mut conn, XIHU, Role::Owner, december(), today).await.unwrap();
    let a = s.all;
    // A, C, D, E (B left for Gongshu); A's joined worker adds a worker and ¥30,000 to A.
    assert_eq!((a.cases, a.workers, a.claimed_fen), (4, 5, fen(115_000)));
    // Verified: what the office verified on A (¥40,000 + ¥30,000) and C (¥18,000), not what was claimed;
    // paid: what 王 (¥30,000) and 李 (¥20,000) confirmed, not the outcome's figure.
    assert_eq!((a.verified_cases, a.verified_fen, a.paid_fen), (2, fen(88_000), fen(50_000)), "A and C verified");
    assert_eq!(
        (a.open, a.overdue, a.open_workers, a.open_claimed_fen),
        (2, 1, 2, fen(28_000)),
        "C and D open; D overdue"
    );
    assert_eq!((a.resolved, a.finished, a.closed_in_time, a.due), (2, 2, 2, 3), "A and E in time; D due");
    assert_eq!(a.closure_rate(), Some(2.0 / 3.0));
    assert_eq!(a.verification_rate(), Some(0.5));
    assert_eq!(a.resolution_rate(), Some(0.5));
    assert_eq!((s.government.cases, s.government.claimed_fen, s.government.open), (1, fen(20_000), 1), "C alone");
    assert_eq!(s.transferred_out, 1, "B");

    let gongshu = ledger::summary(&mut conn, GONGSHU, Role::Owner, december(), today).await.unwrap();
    assert_eq!(
        (gongshu.all.cases, gongshu.all.claimed_fen, gongshu.all.overdue, gongshu.transferred_out),
        (1, fen(30_000), 1, 0)
    );
    let co = ledger::summary(&mut conn, XIHU_HOUSING, Role::CoHandler, december(), today).await.unwrap();
    assert_eq!((co.all.cases, co.all.open, co.all.claimed_fen, co.government.cases), (1, 1, fen(20_000), 1));
    // The period selects cases by the day they were filed: all five were filed on 1 Dec.
    let earlier =
        ledger::summary(&mut conn, XIHU, Role::Owner, Period { from: day("2026-12-02"), to: today }, today).await;
    assert_eq!(earlier.unwrap().all.cases, 0);

    let employers = ledger::groups(&mut conn, XIHU, Role::Owner, GroupBy::Employer, december(), today).await.unwrap();
    let lines: Vec<(String, i64, i64, i64)> =
        employers.iter().map(|g| (g.key.clone(), g.figures.cases, g.figures.workers, g.figures.claimed_fen)).collect();
    assert_eq!(
        lines,
        [
            (employer(), 1, 2, fen(75_000)),
            (C.to_owned(), 1, 1, fen(20_000)),
            (INJECTED.to_owned(), 1, 1, fen(12_000)),
            (D.to_owned(), 1, 1, fen(8_000)),
        ]
    );
    let projects = ledger::groups(&mut conn, XIHU, Role::Owner, GroupBy::GovernmentProject, december(), today).await;
    let projects = projects.unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!((projects[0].key.as_str(), projects[0].figures.verified_fen), (GOV_PROJECT, fen(18_000)));
    assert!(projects[0].project.as_ref().unwrap().name.starts_with("留和路"));
    let counties = ledger::groups(&mut conn, XIHU, Role::Owner, GroupBy::County, december(), today).await.unwrap();
    assert_eq!(counties.iter().map(|g| (g.key.as_str(), g.figures.cases)).collect::<Vec<_>>(), [("330106", 4)]);

    let card = ledger::card(&mut conn.conn(), &h.ctx, &id(XIHU)).await.unwrap();
    for part in
        ["在办 2 件，其中超期 1 件", "涉及工人 2 人，欠薪 ¥28,000", "累计 4 件", "已支付 ¥50,000", "按期办结率 66.7%"]
    {
        assert!(card.contains(part), "{part:?} missing from:\n{card}");
    }
    assert!(card.contains("已转出 1 件") && card.contains("政府投资项目：1 件"), "{card}");

    drop(conn);
    // SQLite's migrations (PostgreSQL's schema starts where they end): 0006 fills the same columns for
    // cases stored before it as `cases::save` does now.
    let Some(pool) = h.ctx.db.sqlite() else { return finish(h).await };
    let mut conn = pool.acquire().await.unwrap();
    let before = ledger_columns(&mut conn).await;
    let migration = include_str!("../../migrations/sqlite/0006_ledger.sql");
    let backfill = migration.split("-- backfill:begin").nth(1).unwrap().split("-- backfill:end").next().unwrap();
    sqlx::query("DELETE FROM case_co_handlers").execute(&mut *conn).await.unwrap();
    sqlx::query("UPDATE cases SET claimed_fen = 0, workers = 0, paid_fen = 0, verified = 0, clock_due = NULL")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(backfill)).execute(&mut *conn).await.unwrap();
    // Migration 0010 then counts paid as the workers confirmed it, and copies the order's deadline.
    let migration = include_str!("../../migrations/sqlite/0010_ledger_claimants.sql");
    let backfill = migration.split("-- backfill:begin").nth(1).unwrap().split("-- backfill:end").next().unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(backfill)).execute(&mut *conn).await.unwrap();
    assert_eq!(ledger_columns(&mut conn).await, before);
    // The kept totals (migration 0022) followed every one of those writes: the summary is the same.
    let again = ledger::summary(&mut *conn, XIHU, Role::Owner, december(), today).await.unwrap();
    assert_eq!(again, s, "the totals moved with the cases' copies");
    drop(conn);
    finish(h).await;
}

async fn ledger_columns(conn: &mut sqlx::SqliteConnection) -> Vec<String> {
    let cases: Vec<String> = sqlx::query_scalar(
        "SELECT json_array(complaint_id, submitted_on, accepted_on, finished_on, clock_due, closed_in_time, outcome,
             verified, verified_fen, claimed_fen, paid_fen, order_due, penalty_fen, blacklisted_on, workers, county_code, project_id,
             government_invested)
         FROM cases ORDER BY complaint_id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let co: Vec<String> =
        sqlx::query_scalar("SELECT office_id || '/' || complaint_id FROM case_co_handlers ORDER BY 1")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    cases.into_iter().chain(co).collect()
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workbook_reads_back_with_chinese_sheets_numbers_dates_masking_and_neutralized_formulas() {
    let h = start().await;
    file_the_fixture(&h).await;
    let out = fresh_dir().join("ledger.xlsx");
    let options = ExportOptions {
        office: id(XIHU),
        period: december(),
        out: out.clone(),
        csv: false,
        unmask: false,
        operator: "tester".into(),
    };
    let summary = ledger::export_ledger(&h.ctx, &options).await.unwrap();
    assert_eq!((summary.cases, summary.unmasked), (4, 0));

    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a workbook of workers' cases is the service user's only");
    }
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["案件", "欠薪企业", "政府投资项目", "超期"]);
    let cases = book.worksheet_range("案件").unwrap();
    let header: Vec<String> = cases.rows().next().unwrap().iter().map(cell_text).collect();
    assert_eq!(&header[..4], ["案件编号", "办理角色", "状态", "投诉日期"]);
    assert_eq!(&header[21..], ["欠薪金额", "核实金额", "已支付金额", "责令支付期限", "罚款金额", "提请失信惩戒日期"]);
    let rows: Vec<&[Data]> = cases.rows().skip(1).collect();
    assert_eq!(rows.len(), 4);
    let a = rows[0];
    assert_eq!(cell_text(&a[0]), FIRST_CASE);
    assert_eq!((cell_text(&a[1]), cell_text(&a[2])), ("主办".to_owned(), "已办结".to_owned()));
    let Data::DateTime(filed) = &a[3] else { panic!("the filing date is a date: {:?}", a[3]) };
    assert_eq!(filed.as_datetime().unwrap().date(), day("2026-12-01"));
    assert_eq!((&a[21], &a[22], &a[23]), (&Data::Float(75_000.0), &Data::Float(70_000.0), &Data::Float(50_000.0)));
    assert_eq!(a[24], Data::Empty, "no order to pay on A");
    let c = rows.iter().find(|r| cell_text(&r[16]) == C).unwrap();
    let Data::DateTime(order_due) = &c[24] else { panic!("the order's deadline is a date: {:?}", c[24]) };
    assert_eq!(order_due.as_datetime().unwrap().date(), day("2026-12-20"));
    assert_eq!(c[25], Data::Float(5_000.0), "the fine");
    let Data::DateTime(listed) = &c[26] else { panic!("the referral's day is a date: {:?}", c[26]) };
    assert_eq!(listed.as_datetime().unwrap().date(), day("2026-12-03"));
    assert_eq!(a[20], Data::Float(2.0), "the joined worker counts");
    assert_eq!((cell_text(&a[17]), cell_text(&a[18])), ("李**".to_owned(), PHONE_MASKED.to_owned()));
    assert_eq!(cell_text(&a[19]), ID_MASKED);
    let injected = rows.iter().find(|r| cell_text(&r[16]).contains("钱老板")).unwrap();
    assert_eq!(cell_text(&injected[16]), format!("'{INJECTED}"), "a formula stays text");
    assert_eq!(cell_text(&injected[9]), "不属实");
    let everything: String = rows.iter().flat_map(|r| r.iter().map(cell_text)).collect();
    assert!(!everything.contains(PHONE) && !everything.contains("李建国"), "personal data is masked");

    let employers = book.worksheet_range("欠薪企业").unwrap();
    let first: Vec<String> = employers.rows().nth(1).unwrap().iter().map(cell_text).collect();
    assert_eq!(first[..4], [employer(), "1".into(), "2".into(), "75000".into()]);
    let government = book.worksheet_range("政府投资项目").unwrap();
    assert_eq!(government.height(), 2);
    assert_eq!(cell_text(&government.rows().nth(1).unwrap()[0]), GOV_PROJECT);
    let overdue = book.worksheet_range("超期").unwrap();
    let d: Vec<String> = overdue.rows().nth(1).unwrap().iter().map(cell_text).collect();
    assert_eq!((d[6].as_str(), d[4].as_str()), (D, "2"), "D: due 8 Dec, two working days overdue on 10 Dec");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'unmasked_in_export'").await, 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unmasking_writes_the_numbers_in_full_and_records_it_in_every_exported_cases_timeline() {
    let h = start().await;
    file_the_fixture(&h).await;
    let dir = fresh_dir();
    let options = ExportOptions {
        office: id(XIHU),
        period: december(),
        out: dir.join("ledger.csv"),
        csv: true,
        unmask: true,
        operator: "tester".into(),
    };
    let summary = ledger::export_ledger(&h.ctx, &options).await.unwrap();
    assert_eq!((summary.cases, summary.unmasked), (4, 4));
    let names: Vec<String> =
        summary.files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["ledger.csv", "ledger-employers.csv", "ledger-government.csv", "ledger-overdue.csv"]);
    let text = std::fs::read_to_string(&summary.files[0]).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert!(text.contains(PHONE) && text.contains("李建国") && text.contains(ID_NUMBER), "{text}");
    assert!(text.contains("75000.00") && text.contains(&format!("'{INJECTED}")), "{text}");
    let logged: Vec<(String, String)> = on_db!(h.ctx.db, c =>
            sqlx::query_as("SELECT actor, args FROM timeline WHERE event = 'unmasked_in_export' ORDER BY complaint_id")
            .fetch_all(c)
            .await)
    .unwrap();
    assert_eq!(logged.len(), 4);
    assert_eq!(logged[0], ("operator:tester".to_owned(), r#"{"file":"ledger.csv"}"#.to_owned()));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_gets_one_daily_digest_with_a_chart_photo_through_the_stand_in() {
    let h = start().await;
    file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    file_complaint_zh_as(&h, &mut h.worker("赵磊"), &filer("赵磊", D, "8000", "13500003333")).await.unwrap();
    let clerk = h.standin.new_user("督办员", None, None);
    let group = h.standin.new_group("清欠办", GroupKind::Supergroup, &[(&clerk, MemberStatus::Member)]);
    let mut conn = h.ctx.db.acquire().await.unwrap();
    cases::link_office_chat(&mut conn, "hz-qqb", group.id, "2026-12-01T00:00:00Z").await.unwrap();
    drop(conn);

    // Before 08:30 nothing is due; after it, yesterday's digest goes out once however often we scan.
    move_to(&h, "2026-12-02", "08:00");
    assert_eq!(ledger::digest::send_due_digests(&h.ctx).await.unwrap(), 0);
    move_to(&h, "2026-12-02", "08:45");
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
    let sent = h.standin.messages_in(group.id);
    assert_eq!(sent.len(), 2, "the text, then the chart: {sent:#?}");
    let text = sent[0].text.clone().unwrap();
    assert!(text.contains("【欠薪台账日报】2026年12月1日"), "{text}");
    assert!(
        text.contains("西湖区劳动保障监察大队：新增 2，受理 0，办结 0；在办 2（工人 2 人，尚欠 ¥53,000），超期 0"),
        "{text}"
    );
    let media = sent[1].media.as_ref().expect("a photo");
    assert_eq!(media.kind, "photo");
    let png = h.standin.file_bytes(&media.file_id).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{} bytes", png.len());
    assert!(h.standin.calls_to("sendPhoto").iter().all(|c| c.outcome.is_ok()));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM digests_sent").await, 1);
    finish(h).await;
}

/// Yuan in fen.
const fn fen(yuan: i64) -> i64 {
    yuan * 100
}
