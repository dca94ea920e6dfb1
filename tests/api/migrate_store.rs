//! `wagedesk migrate-store` on the real binary: a deployment with 10,000 cases (generated as the ledger
//! benchmark does) and complaints filed through the bot moves into an empty PostgreSQL database and is
//! verified equal (copied from the file alone, as a stopped bot leaves it); the copy refuses a database
//! that holds data; PostgreSQL's triggers then keep the ledger, the cases' counts and the timeline exactly
//! as SQLite's do (the same changes on both sides verify equal again), the ledger's reads answer the same,
//! and `--verify` notices a changed value. A copy taken while another connection writes holds its snapshot
//! and says the source moved on. The PostgreSQL schema is compared with SQLite's column for column.

use std::process::{Command, Output};

use wagedesk::storage::{self, migrate_store, on_conn, postgres};

use std::path::Path;

use chrono::NaiveDate;
use wagedesk::deployment::OfficeId;
use wagedesk::ledger::digest::{self, Kind};
use wagedesk::ledger::{GroupBy, Period, Role};
use wagedesk::standin::GroupKind;

use crate::helpers::*;
use crate::pg::TestPg;
use crate::staff::{link_office, press, staff_says};

const CASES: u64 = 10_000;
/// The first generated complaint's id; those filed through the bot come before.
const FIRST: i64 = 101;

async fn wagedesk(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    command.args(args).env("RUST_LOG", "warn");
    tokio::task::spawn_blocking(move || command.output()).await.expect("joined").expect("wagedesk runs")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The ledger benchmark's generated history after the complaints filed through the bot: projects,
/// complaints, filers and cases with their ledger columns, every status, three offices, three years.
async fn generate(db: &storage::Db, n: u64) {
    const GENERATE: &str = include_str!("../../crates/bench/src/ledger_generate.sql");
    let mut tx = storage::begin_write(db).await.unwrap();
    for statement in GENERATE.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        let sql = statement.replace("{N}", &n.to_string()).replace("{FIRST}", &FIRST.to_string());
        on_conn!(tx.conn(), c => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(c).await.map(|_| ())).unwrap();
    }
    tx.commit().await.unwrap();
}

/// The same changes, in the same words, on either database.
const CHANGES: &[&str] = &[
    // Fifty open generated cases closed in time; their ledger rows move.
    "UPDATE cases SET status = 'closed', finished_on = '2026-12-02', closed_in_time = 1, outcome = 'paid_in_full',
         paid_fen = claimed_fen
     WHERE complaint_id IN (SELECT complaint_id FROM cases WHERE finished_on IS NULL AND complaint_id >= 101
                          ORDER BY complaint_id LIMIT 50)",
    // A transfer: the first office now counts it as transferred out.
    "UPDATE cases SET owner_office = 'hz-gongshu-ldjc' WHERE complaint_id = 112",
    "INSERT INTO case_co_handlers (office_id, complaint_id) VALUES ('hz-binjiang-ldjc', 107), ('hz-gongshu-ldjc', 108)",
    "DELETE FROM case_co_handlers WHERE complaint_id = 108",
    // Two employers of 2025 whose claims tie and whose names sort one way byte by byte and the other in
    // Chinese: the groupings' tie-break must not depend on the database's collation.
    "UPDATE complaints SET employer = 'b劳务有限公司', employer_key = 'b劳务有限公司' WHERE id = 5000",
    "UPDATE complaints SET employer = 'B劳务有限公司', employer_key = 'B劳务有限公司' WHERE id = 5001",
    "UPDATE cases SET claimed_fen = 777 WHERE complaint_id IN (5000, 5001)",
    // An order to pay due in days and an alert nobody acknowledged, for the supervisors' digest.
    "UPDATE cases SET order_due = '2026-12-03', state = '{\"order\":{\"amount_fen\":123456}}' WHERE complaint_id = 5120",
    "INSERT INTO alerts (complaint_id, alert, raised_at, due_at)
     VALUES (5120, '{}', '2026-11-30T02:00:00.000Z', '2026-11-30T04:00:00.000Z')",
    // A signboard code and a crew code, for the intake's look-ups.
    "INSERT INTO project_link_codes (code, project_id, issued_at) VALUES ('bench7code', 'bench-005', '2026-12-01T00:00:00.000Z')",
    "INSERT INTO crew_links (code, complaint_id, created_at) VALUES ('7KQ2XM', 1, '2026-12-01T00:00:00.000Z')",
    // A member joins case 120: the case's claimed amount and workers follow.
    "INSERT INTO claimants (complaint_id, role, name, phone_sealed, phone_hash, phone_masked, amount_fen, consent_at)
     VALUES (120, 'member', '', 'sealed', 'hash-member', '138****0001', 450000, '2026-12-02T01:00:00.000Z')",
    "INSERT INTO timeline (complaint_id, at, actor, event, message_id, args)
     VALUES (120, '2026-12-02T01:00:00.000Z', 'worker', 'claimant_joined', 'timeline-claimant-joined',
             '{\"amount\":450000,\"workers\":2}')",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployment_with_ten_thousand_cases_moves_to_postgres_and_verifies_equal() {
    if sqlite_only("its deployment is a SQLite file (the test runs both databases itself)") {
        return;
    }
    let Some(pg) = TestPg::create("migrate").await else { return };

    // A deployment: the generated history, then complaints filed through the bot on top.
    let h = start().await;
    let xihu = link_office(&h, "hz-xihu-ldjc", GroupKind::Forum).await;
    let mut li = h.worker("李");
    file_complaint_zh(&h, &mut li).await.unwrap();
    press(&h, &xihu, "受理").await;
    staff_says(&h, FIRST_CASE, &xihu, "请明天上午带欠条原件来窗口").await;
    let mut wang = h.worker("王");
    let wang_case =
        Intake::li().name("王小明").employer("杭州某某幕墙有限公司").amount("一万二").photo(evidence_photo());
    file_complaint_zh_as(&h, &mut wang, &wang_case).await.unwrap();
    generate(&h.ctx.db, CASES).await;
    let h_path = h.database_path();
    let db = h.ctx.db.clone();
    let deployment = h.ctx.deployment.clone();
    finish(h).await;
    let complaints: i64 =
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(complaints, CASES as i64 + 2);
    // As after `systemctl stop wagedesk`: the store closed, its writer connection too, so SQLite's last
    // close checkpointed everything into the file and removed the -wal and -shm beside it. The file
    // alone is then the whole database, and nothing is left to change it while it is copied.
    db.close().await;
    for leftover in ["-wal", "-shm"] {
        let path = format!("{}{leftover}", h_path.display());
        assert!(!Path::new(&path).exists(), "{path} is still there after the store was closed");
    }
    let sqlite_path = fresh_dir().join("stopped.db");
    std::fs::copy(h_path, &sqlite_path).unwrap();

    let from = format!("sqlite://{}", sqlite_path.display());
    let out = wagedesk(&["migrate-store", "--from", &from, "--to", &pg.url]).await;
    let text = said(&out);
    println!("{text}");
    assert!(out.status.success(), "{text}");
    assert!(text.contains("equal: every table has the same rows in both databases"), "{text}");
    let line = |table: &str| {
        text.lines().find(|l| l.split_whitespace().next() == Some(table)).unwrap_or_else(|| panic!("{table}: {text}"))
    };
    for table in ["complaints", "cases"] {
        let fields: Vec<&str> = line(table).split_whitespace().collect();
        assert_eq!(fields[1..3], [complaints.to_string(), complaints.to_string()], "{text}");
        assert_eq!(fields.last(), Some(&"equal"), "{text}");
    }
    for table in
        ["inbox", "outbox", "dialogues", "timeline", "ledger_totals", "evidence", "office_chats", "case_threads"]
    {
        let rows: u64 = line(table).split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!(rows > 0, "{table} has rows to copy: {text}");
    }

    let db = storage::open(&sqlite_path).await.unwrap();

    // Counted again by PostgreSQL itself, not by the tool.
    let target = pg.pool().await;
    let pg_complaints: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints").fetch_one(&target).await.unwrap();
    assert_eq!(pg_complaints, complaints);
    let pg_names: Vec<String> = sqlx::query_scalar("SELECT name FROM claimants WHERE chat_id = $1")
        .bind(li.chat_id())
        .fetch_all(&target)
        .await
        .unwrap();
    assert_eq!(pg_names.len(), 1, "the worker who filed through the bot is a claimant in PostgreSQL");

    // A second copy into the same database is refused, and changes nothing.
    let again = wagedesk(&["migrate-store", "--from", &from, "--to", &pg.url]).await;
    assert!(!again.status.success());
    assert!(said(&again).contains("already holds data (table"), "{}", said(&again));

    // New ids continue after SQLite's highest ever.
    let sqlite_last: i64 =
        on_db!(db, c => sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetch_one(c).await)
            .unwrap();
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (chat_id, payload, next_attempt_at, created_at) VALUES (1, '{}', 'x', 'x') RETURNING id",
    )
    .fetch_one(&target)
    .await
    .unwrap();
    assert_eq!(next, sqlite_last + 1);
    sqlx::query("DELETE FROM outbox WHERE id = $1").bind(next).execute(&target).await.unwrap();

    // The triggers are back on: the timeline is append-only in PostgreSQL too.
    let rewrite = sqlx::query("UPDATE timeline SET actor = 'someone else' WHERE id = (SELECT MIN(id) FROM timeline)")
        .execute(&target)
        .await;
    let refused = rewrite.expect_err("the timeline refuses a rewrite").to_string();
    assert!(refused.contains("append-only"), "{refused}");
    let erase = sqlx::query("DELETE FROM timeline").execute(&target).await;
    assert!(erase.expect_err("the timeline refuses a delete").to_string().contains("append-only"));

    // The same changes on both sides: PostgreSQL's triggers keep the ledger's totals, the cases' claimed
    // amounts and workers as SQLite's do, so the two verify equal again.
    for sql in CHANGES {
        on_db!(db, c => sqlx::query(sqlx::AssertSqlSafe(*sql)).execute(c).await.map(|r| r.rows_affected())).unwrap();
        sqlx::query(sqlx::AssertSqlSafe(*sql)).execute(&target).await.unwrap();
    }
    // The claimants' and alerts' store functions, the same calls on both: a part payment, a
    // confirmation, verified amounts, a claimant who cannot be reached, an alert escalated and
    // acknowledged; the reads after them agree, and `--verify` below finds the rows they wrote equal.
    {
        use wagedesk::storage::{alerts, cases, claimants};
        use wagedesk_core::followup::answer::Paid;
        let now = "2026-12-02T02:00:00.000Z";
        let li_employer: String =
            on_db!(db, c => sqlx::query_scalar("SELECT employer_key FROM complaints WHERE id = 1").fetch_one(c).await)
                .unwrap();
        let li_hashes: Vec<String> = on_db!(db, c =>
                sqlx::query_scalar("SELECT phone_hash FROM claimants WHERE complaint_id = 1 AND role = 'filer'")
                .fetch_all(c)
                .await)
        .unwrap();
        let (mut lite, mut pgc) = (db.acquire().await.unwrap(), target.acquire().await.unwrap());
        // Names are only masked back here, never opened: any key will do.
        let vault = wagedesk::crypto::Vault::from_master_key(&[7; 32]);
        for conn in [storage::conn::Conn::from(&mut lite), storage::conn::Conn::from(&mut pgc)] {
            let mut conn = conn;
            claimants::record_paid(conn.reborrow(), 1, li.chat_id(), Paid::Amount(1_000_000), now).await.unwrap();
            claimants::record_paid(conn.reborrow(), 2, wang.chat_id(), Paid::Full, now).await.unwrap();
            assert!(claimants::set_verified(conn.reborrow(), 1, &[4_000_000]).await.unwrap());
            assert!(!claimants::set_verified(conn.reborrow(), 1, &[1, 2]).await.unwrap(), "one claimant, two amounts");
            let named = claimants::set_unreachable(conn.reborrow(), &vault, 120, 2, "called twice", now).await.unwrap();
            assert!(named.is_some(), "claimant 2 of case 120");
            // An alert raised, escalated once, acknowledged (a second acknowledgement finds it done).
            let id = alerts::insert(conn.reborrow(), 1, "{}", now, "2026-12-02T03:00:00.000Z").await.unwrap();
            assert!(alerts::escalated(conn.reborrow(), id, 1, "2026-12-02T05:00:00.000Z").await.unwrap());
            assert_eq!(alerts::get(conn.reborrow(), id).await.unwrap().map(|a| (a.level, a.repeats)), Some((1, 1)));
            let overdue = alerts::overdue(conn.reborrow(), "2026-12-02T06:00:00.000Z").await.unwrap();
            assert_eq!(overdue.iter().map(|a| a.complaint_id).collect::<Vec<_>>(), [5120, 1], "oldest first");
            assert!(alerts::acknowledge(conn.reborrow(), id, "hz-xihu-ldjc/1", now).await.unwrap());
            assert!(!alerts::acknowledge(conn.reborrow(), id, "hz-xihu-ldjc/2", now).await.unwrap());
            // Cases saved again (revision, ledger columns and the workers a timeline entry added,
            // recomputed), looked up, alerted and linked.
            for case in [1, 120] {
                let state = cases::load(conn.reborrow(), case).await.unwrap().expect("the case");
                cases::save(conn.reborrow(), case, &state, now).await.unwrap();
            }
            let employer = cases::Employer { key: &li_employer, same_site: None };
            let li_case = cases::find_open_match(conn.reborrow(), None, "330106", &employer).await.unwrap();
            assert_eq!(li_case.map(|m| m.complaint_id), Some(1));
            assert!(
                cases::already_claimant(conn.reborrow(), 1, &li_hashes, "2025-01", "2026-12").await.unwrap().is_some()
            );
            assert!(
                cases::already_claimant(conn.reborrow(), 1, &li_hashes, "2027-01", "2027-02").await.unwrap().is_none()
            );
            cases::record_alert(conn.reborrow(), 1, "acceptance-due", now).await.unwrap();
            assert_eq!(cases::alerts_sent(conn.reborrow(), 1).await.unwrap(), ["acceptance-due"]);
            cases::link_office_chat(conn.reborrow(), "hz-binjiang-ldjc", -100_777, now).await.unwrap();
            assert_eq!(cases::office_chat(conn.reborrow(), "hz-binjiang-ldjc").await.unwrap(), Some(-100_777));
            cases::record_notification(conn.reborrow(), 1, "worker", "notify-x", "{}", None, now).await.unwrap();
            let worker = cases::worker_of(conn.reborrow(), 1).await.unwrap().map(|w| w.1);
            assert_eq!(worker, Some(li.chat_id()));
        }
        let (a, b) = (cases::load(&mut lite, 120).await.unwrap(), cases::load(&mut pgc, 120).await.unwrap());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        for case in [1, 2, 120] {
            assert_eq!(
                format!("{:?}", claimants::payers(&mut lite, case).await.unwrap()),
                format!("{:?}", claimants::payers(&mut pgc, case).await.unwrap())
            );
            assert_eq!(
                claimants::chats(&mut lite, case).await.unwrap(),
                claimants::chats(&mut pgc, case).await.unwrap()
            );
            assert_eq!(
                claimants::unconfirmed_chats(&mut lite, case).await.unwrap(),
                claimants::unconfirmed_chats(&mut pgc, case).await.unwrap()
            );
            assert_eq!(
                format!("{:?}", claimants::totals(&mut lite, case).await.unwrap()),
                format!("{:?}", claimants::totals(&mut pgc, case).await.unwrap())
            );
        }
        let paid: i64 =
            sqlx::query_scalar("SELECT paid_fen FROM cases WHERE complaint_id = 1").fetch_one(&target).await.unwrap();
        assert_eq!(paid, 1_000_000, "the part payment counted on the case");
        assert_eq!(claimants::unconfirmed_chats(&mut pgc, 2).await.unwrap(), Vec::new(), "王 confirmed in full");
    }
    let case_120: (i64, i64) = sqlx::query_as("SELECT claimed_fen, workers FROM cases WHERE complaint_id = 120")
        .fetch_one(&target)
        .await
        .unwrap();
    let generated_120: (i64, i64) =
        sqlx::query_as("SELECT amount_fen, workers FROM complaints WHERE id = 120").fetch_one(&target).await.unwrap();
    assert_eq!(case_120, (generated_120.0 + 450_000, generated_120.1 + 2), "the join counted on the case");
    let verify = wagedesk(&["migrate-store", "--verify", "--from", &from, "--to", &pg.url]).await;
    assert!(verify.status.success(), "{}", said(&verify));

    // The ledger's reads answer the same on PostgreSQL: every office's summary in either role (transfers
    // and co-handlers included) and an office's export rows.
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let year = Period {
        from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    };
    let mut lite = db.acquire().await.unwrap();
    let mut pg_conn = target.acquire().await.unwrap();
    let mut summaries = Vec::new();
    for office in ["hz-xihu-ldjc", "hz-gongshu-ldjc", "hz-binjiang-ldjc"] {
        for role in [Role::Owner, Role::CoHandler] {
            for period in [Period::until(today), year] {
                let a = storage::ledger::summary(&mut lite, office, role, period, today).await.unwrap();
                let b = storage::ledger::summary(&mut pg_conn, office, role, period, today).await.unwrap();
                assert_eq!(a, b, "{office} {role:?} {period:?}");
                summaries.push(a);
            }
        }
    }
    let xihu_all = &summaries[0];
    assert!(xihu_all.all.cases > 5_000 && xihu_all.transferred_out >= 1, "{xihu_all:?}");
    assert!(xihu_all.government.cases > 0 && xihu_all.all.overdue > 0, "{xihu_all:?}");
    assert_eq!(summaries[10].all.cases, 1, "binjiang co-handles one case: {:?}", summaries[10]);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    storage::ledger::cases(&mut lite, "hz-xihu-ldjc", Role::Owner, Period::until(today), |r| {
        a.push(r);
        Ok::<_, sqlx::Error>(())
    })
    .await
    .unwrap();
    storage::ledger::cases(&mut pg_conn, "hz-xihu-ldjc", Role::Owner, Period::until(today), |r| {
        b.push(r);
        Ok::<_, sqlx::Error>(())
    })
    .await
    .unwrap();
    assert!(a.len() > 5_000);
    assert!(a == b, "the export's rows differ: {} and {} rows", a.len(), b.len());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    storage::ledger::overdue_cases(&mut lite, "hz-xihu-ldjc", Period::until(today), today, |r| {
        a.push(r);
        Ok::<_, sqlx::Error>(())
    })
    .await
    .unwrap();
    storage::ledger::overdue_cases(&mut pg_conn, "hz-xihu-ldjc", Period::until(today), today, |r| {
        b.push(r);
        Ok::<_, sqlx::Error>(())
    })
    .await
    .unwrap();
    assert!(!a.is_empty() && a == b, "the overdue rows differ: {} and {} rows", a.len(), b.len());
    for by in [GroupBy::Employer, GroupBy::Project, GroupBy::GovernmentProject, GroupBy::County] {
        for role in [Role::Owner, Role::CoHandler] {
            let a = storage::ledger::groups(&mut lite, "hz-xihu-ldjc", role, by, year, today).await.unwrap();
            let b = storage::ledger::groups(&mut pg_conn, "hz-xihu-ldjc", role, by, year, today).await.unwrap();
            assert!(a == b, "{by:?} {role:?}: {} and {} groups", a.len(), b.len());
            assert!(role == Role::CoHandler || !a.is_empty(), "{by:?} has groups");
            if by == GroupBy::Employer && role == Role::Owner {
                let tied: Vec<&str> =
                    a.iter().filter(|g| g.figures.claimed_fen == 777).map(|g| g.key.as_str()).collect();
                assert_eq!(tied, ["B劳务有限公司", "b劳务有限公司"], "ties ordered byte by byte");
            }
        }
    }
    // What an intake turn loads: a signboard's project, the worker's cases, a crew's case.
    let needs = wagedesk_core::intake::Needs {
        project_code: Some("bench7code".into()),
        worker_cases: true,
        crew_code: Some("7KQ2XM".into()),
    };
    let a = storage::intake_facts(&mut lite, li.chat_id(), &needs).await.unwrap();
    let b = storage::intake_facts(&mut pg_conn, li.chat_id(), &needs).await.unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_eq!(a.worker_cases.len(), 1, "{a:?}");
    assert!(matches!(a.project, Some(storage::projects::CodeLookup::Active(_))), "{a:?}");
    assert!(matches!(a.crew, Some(wagedesk_core::crew::CrewLookup::Open(_))), "{a:?}");

    // The supervisors' digest, gathered from either database.
    let supervisor = OfficeId::parse("hz-qqb").unwrap();
    let yesterday = Period {
        from: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    for (kind, period) in [(Kind::Daily, yesterday), (Kind::Monthly, year)] {
        let a = digest::data::gather(&mut lite, &deployment, &supervisor, kind, period, today).await.unwrap();
        let b = digest::data::gather(&mut pg_conn, &deployment, &supervisor, kind, period, today).await.unwrap();
        assert_eq!(a, b, "{kind:?}");
        assert!(a.offices.iter().any(|o| o.open > 0), "{a:?}");
        assert_eq!(a.due_orders.iter().map(|o| o.amount_fen).collect::<Vec<_>>(), [123_456], "{kind:?}");
        assert_eq!(a.waiting_alerts.len(), 1, "{kind:?}");
    }
    drop((lite, pg_conn));

    // One value changed on one side only is found, and named.
    sqlx::query("UPDATE claimants SET amount_fen = amount_fen + 1 WHERE id = 5").execute(&target).await.unwrap();
    let verify = wagedesk(&["migrate-store", "--verify", "--from", &from, "--to", &pg.url]).await;
    let text = said(&verify);
    assert!(!verify.status.success(), "{text}");
    assert!(text.contains("NOT equal: claimants\n"), "{text}");
    assert!(line_of(&text, "claimants").ends_with("DIFFERENT"), "{text}");
    assert!(line_of(&text, "cases").ends_with("equal"), "{text}");

    filing_writes_agree(&db, &target).await;
    target.close().await;
}

/// A filing's writes and a crew member joining, the same calls on both databases (sealed values differ
/// by their random nonces, so the rows are compared without them).
async fn filing_writes_agree(db: &storage::Db, target: &sqlx::PgPool) {
    use storage::complaints::{self, NewClaimant, NewComplaint, StoredNumber};
    use storage::{claimants, conn::Conn, crew};
    use wagedesk_core::intake::draft::EvidenceItem;

    let vault = wagedesk::crypto::Vault::from_master_key(&[7; 32]);
    let now = "2026-12-02T03:00:00.000Z";
    let number =
        |s: &str| StoredNumber { sealed: vault.seal(s), hash: format!("hash-{s}"), masked: "138****0000".into() };
    let complaint = NewComplaint {
        case_number: "QX-330106-20261202-0001".into(),
        lang: "zh-Hans",
        worker_chat_id: 4242,
        project_code: None,
        county_code: "330106".into(),
        township_code: None,
        site: "文三路工地".into(),
        sector: "building",
        employer_kind: "labour_contractor",
        employer: "杭州某某劳务有限公司".into(),
        employer_key: "杭州某某劳务".into(),
        claim_kind: "wages",
        litigation: "none",
        amount_fen: 2_000_000,
        amount_approx: true,
        period_start: "2026-08".into(),
        period_end: "2026-10".into(),
        workers: 3,
        workers_approx: false,
        description: "干了三个月没拿到钱".into(),
        flags: "[]".into(),
        submitted_at: now.into(),
        submitted_on: "2026-12-02".into(),
    };
    let filer = NewClaimant {
        filer: true,
        crew: false,
        chat_id: 4242,
        name: "赵六".into(),
        phone: number("13800000042"),
        id_number: None,
        amount_fen: 2_000_000,
        period_start: "2026-08".into(),
        period_end: "2026-10".into(),
        description: None,
        consent_at: now.into(),
    };
    let photo = EvidenceItem {
        kind: "photo".into(),
        file_id: "f1".into(),
        file_unique_id: "u1".into(),
        sha256: Some("ab".into()),
        stored_path: None,
        size_bytes: Some(1234),
        received_at: now.into(),
        file_key: None,
        note: None,
    };
    let member =
        NewClaimant { filer: false, chat_id: 4343, name: "钱七".into(), amount_fen: 500_000, ..filer.clone() };
    let (mut lite, mut pgc) = (db.acquire().await.unwrap(), target.acquire().await.unwrap());
    let mut ids = Vec::new();
    for conn in [Conn::from(&mut lite), Conn::from(&mut pgc)] {
        let mut conn = conn;
        let seq = complaints::next_sequence(conn.reborrow(), "QX-330106-20261202-").await.unwrap();
        let id = complaints::insert(conn.reborrow(), &vault, &complaint).await.unwrap();
        complaints::insert_claimant(conn.reborrow(), &vault, id, &filer).await.unwrap();
        complaints::insert_evidence(conn.reborrow(), &vault, id, 4242, std::slice::from_ref(&photo)).await.unwrap();
        complaints::append_timeline(conn.reborrow(), id, now, "worker", "submitted", "timeline-submitted", "{}")
            .await
            .unwrap();
        assert!(crew::insert_link(conn.reborrow(), id, "CREW01", now).await.unwrap());
        assert!(!crew::insert_link(conn.reborrow(), id, "CREW01", now).await.unwrap(), "a taken code");
        assert_eq!(crew::code_of(conn.reborrow(), id).await.unwrap().as_deref(), Some("CREW01"));
        let open = crew::open_case(conn.reborrow(), "7KQ2XM").await.unwrap().map(|m| (m.complaint_id, m.case_number));
        let added =
            crew::add_member(conn.reborrow(), &vault, 1, &NewClaimant { crew: true, ..member.clone() }).await.unwrap();
        let payers = format!("{:?}", claimants::payers(conn.reborrow(), 1).await.unwrap());
        let amount = complaints::amount_fen(conn.reborrow(), id).await.unwrap();
        ids.push((seq, id, open, added, payers, amount));
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0].4.matches("owed_fen").count(), 2, "the crew member joined case 1: {}", ids[0].4);
    let id = ids[0].1;
    // Everything but the sealed columns, as each database stored it.
    const ROWS: &[&str] = &[
        "SELECT case_number || '|' || status || '|' || amount_approx || '|' || workers_approx || '|' || employer_key
         FROM complaints WHERE id >= $1 ORDER BY id",
        "SELECT role || '|' || amount_fen || '|' || crew || '|' || name_masked || '|' || phone_hash
         FROM claimants WHERE complaint_id IN ($1, 1) ORDER BY id",
        "SELECT kind || '|' || file_unique_id || '|' || size_bytes || '|' || chat_id FROM evidence WHERE complaint_id = $1",
        "SELECT event || '|' || args FROM timeline WHERE complaint_id = $1 ORDER BY id",
        "SELECT claimed_fen || '|' || paid_fen || '|' || workers FROM cases WHERE complaint_id = 1",
    ];
    for sql in ROWS {
        let a: Vec<String> =
            on_conn!(lite.conn(), c => sqlx::query_scalar(sqlx::AssertSqlSafe(*sql)).bind(id).fetch_all(c).await)
                .unwrap();
        let b: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(*sql)).bind(id).fetch_all(&mut *pgc).await.unwrap();
        assert!(!a.is_empty() && a == b, "{sql}: {a:?} and {b:?}");
    }
}

fn line_of<'a>(text: &'a str, table: &str) -> &'a str {
    text.lines().find(|l| l.split_whitespace().next() == Some(table)).unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_schema_matches_sqlite_column_for_column() {
    let Some(pg) = TestPg::create("schema").await else { return };
    let dir = fresh_dir();
    let path = dir.join("wagedesk.db");
    storage::open(&path).await.unwrap().close().await;
    let target = postgres::open(&pg.url, wagedesk::storage::Schema::Migrate).await.unwrap();
    let differences = migrate_store::schema_differences(&path, &target).await.unwrap();
    assert!(differences.is_empty(), "add a migration to migrations/postgres/ as well:\n{}", differences.join("\n"));

    // The comparison sees a column, a type and an index that differ.
    sqlx::query("ALTER TABLE outbox ADD COLUMN note TEXT").execute(&target).await.unwrap();
    sqlx::query("ALTER TABLE web_moved ALTER COLUMN moved_at TYPE bytea USING moved_at::bytea")
        .execute(&target)
        .await
        .unwrap();
    sqlx::query("DROP INDEX alerts_due").execute(&target).await.unwrap();
    let differences = migrate_store::schema_differences(&path, &target).await.unwrap().join("\n");
    assert!(differences.contains("outbox: columns"), "{differences}");
    assert!(differences.contains("web_moved.moved_at: TEXT in SQLite, bytea in PostgreSQL"), "{differences}");
    assert!(differences.contains("index alerts_due is in SQLite only"), "{differences}");
    target.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_taken_while_the_bot_writes_is_its_snapshot_and_says_the_source_moved_on() {
    let Some(pg) = TestPg::create("moving").await else { return };
    let dir = fresh_dir();
    let path = dir.join("wagedesk.db");
    let db = storage::open(&path).await.unwrap();
    generate(&db, 2_000).await;
    // A writer that goes on committing while the copy reads, as a running bot would.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = tokio::spawn({
        let (db, stop) = (db.clone(), stop.clone());
        async move {
            let mut written = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut tx = storage::begin_write(&db).await.unwrap();
                on_conn!(tx.conn(), c =>
                    sqlx::query("INSERT INTO office_exports (office_id, at) VALUES ('hz-xihu-ldjc', $1)")
                    .bind(format!("2026-12-01T09:{written:05}Z"))
                    .execute(c)
                    .await
                    .map(|_| ()))
                .unwrap();
                tx.commit().await.unwrap();
                written += 1;
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
            written
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let target = pg.pool().await;
    let report = migrate_store::copy(&path, &target).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(report.equal(), "PostgreSQL holds exactly the snapshot it read: {report:?}");
    assert!(report.source_changed, "the copy says the source moved on ({written} rows written meanwhile)");
    let copied = report.tables.iter().find(|t| t.table == "office_exports").unwrap().target_rows;
    let now: i64 =
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM office_exports").fetch_one(c).await).unwrap();
    assert!((copied as i64) < now, "rows written after the snapshot are not in it: {copied} of {now}");
    target.close().await;
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_are_imported_coded_and_listed_alike_on_both_databases() {
    use wagedesk::deployment::Deployment;
    use wagedesk::storage::projects::{self as store, CodeLookup};
    use wagedesk_core::projects_csv::parse_projects;

    let Some(pg) = TestPg::create("projects").await else { return };
    let dir = fresh_dir();
    let path = dir.join("wagedesk.db");
    let lite_db = storage::open(&path).await.unwrap();
    let pg_db = postgres::open(&pg.url, wagedesk::storage::Schema::Migrate).await.unwrap();
    let (mut lite, mut pgc) = (lite_db.acquire().await.unwrap(), pg_db.acquire().await.unwrap());
    let deployment = Deployment::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/wagedesk.toml"))).unwrap();
    let mut records = parse_projects(include_bytes!("../../deploy/projects.sample.csv"), &deployment).unwrap();
    // Two ids that sort one way byte by byte (X before x) and the other in Chinese (a before B).
    let mut upper = records[0].clone();
    upper.project_id = "XH-B".into();
    let mut lower = records[1].clone();
    lower.project_id = "xh-a".into();
    records.extend([upper, lower]);
    let now = "2026-12-01T01:00:00.000Z";
    for r in &records {
        store::upsert(&mut lite, r, now).await.unwrap();
        store::upsert(&mut pgc, r, now).await.unwrap();
    }
    // A second import changes a field and keeps the first import's time.
    let mut renamed = records[0].clone();
    renamed.name.push_str("（更名）");
    store::upsert(&mut lite, &renamed, "2026-12-02T01:00:00.000Z").await.unwrap();
    store::upsert(&mut pgc, &renamed, "2026-12-02T01:00:00.000Z").await.unwrap();
    let without = store::without_active_code(&mut lite).await.unwrap();
    assert_eq!(without, store::without_active_code(&mut pgc).await.unwrap());
    assert_eq!(without.len(), records.len());
    for (i, id) in without.iter().enumerate() {
        store::issue_code(&mut lite, id, &format!("code{i}"), now).await.unwrap();
        store::issue_code(&mut pgc, id, &format!("code{i}"), now).await.unwrap();
    }
    // A second active code for a project is refused by both.
    assert!(store::issue_code(&mut lite, &without[0], "again", now).await.is_err());
    assert!(store::issue_code(&mut pgc, &without[0], "again", now).await.is_err());
    assert_eq!(store::revoke_active_code(&mut lite, &without[1], now).await.unwrap(), 1);
    assert_eq!(store::revoke_active_code(&mut pgc, &without[1], now).await.unwrap(), 1);

    let listing = store::list(&mut lite).await.unwrap();
    assert_eq!(listing, store::list(&mut pgc).await.unwrap());
    let ids: Vec<&str> = listing.iter().map(|l| l.id.as_str()).collect();
    assert!(ids.iter().position(|i| *i == "XH-B") < ids.iter().position(|i| *i == "xh-a"), "byte order: {ids:?}");
    for r in &records {
        let got = store::get(&mut lite, &r.project_id).await.unwrap();
        assert_eq!(got, store::get(&mut pgc, &r.project_id).await.unwrap());
        assert_eq!(got.map(|g| g.government_invested), Some(r.government_invested));
        assert_eq!(
            store::active_code_issued(&mut lite, &r.project_id).await.unwrap(),
            store::active_code_issued(&mut pgc, &r.project_id).await.unwrap()
        );
    }
    for code in ["code0", "code1", "nothing"] {
        let found = store::find_by_code(&mut lite, code).await.unwrap();
        assert_eq!(found, store::find_by_code(&mut pgc, code).await.unwrap());
        let expected = match code {
            "code0" => matches!(found, CodeLookup::Active(_)),
            "code1" => found == CodeLookup::Revoked,
            _ => found == CodeLookup::Unknown,
        };
        assert!(expected, "{code}: {found:?}");
    }
    // And the rows the two wrote are the same, value for value.
    drop((lite, pgc));
    lite_db.close().await;
    let report = migrate_store::verify(&path, &pg_db).await.unwrap();
    assert!(report.equal(), "{report:?}");
    assert_eq!(report.tables.iter().find(|t| t.table == "projects").unwrap().target_rows, records.len() as u64);
    pg_db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
