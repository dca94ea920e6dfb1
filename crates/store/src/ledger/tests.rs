//! The summary read from the kept totals (migration 0022) against the computation it replaced, kept
//! here as the oracle: the same figures for every office, scope, period and day, after a history of
//! cases filed, accepted, transferred, co-handled, resolved, reopened, withdrawn, joined, verified
//! and paid, made through the store's own writes and the core's lifecycle.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{Days, NaiveDate};
use sqlx::{Row, SqliteConnection};
use wagedesk_core::case::{Actor, CaseState, Operation, Outcome, apply};
use wagedesk_core::crypto::Vault;
use wagedesk_core::deployment::Deployment;
use wagedesk_core::deployment::testing::{date, id, sample};
use wagedesk_core::followup::answer::Paid;
use wagedesk_core::ledger::{Figures, Period, Role, Summary, Sums};

use super::summary;
use crate::complaints::{self, NewClaimant, NewComplaint, StoredNumber};
use crate::{cases, claimants};

const OFFICES: [&str; 4] = ["hz-xihu-ldjc", "hz-gongshu-ldjc", "hz-binjiang-ldjc", "hz-xihu-zjj"];
const PROJECTS: [&str; 4] = ["p-gov-1", "p-gov-2", "p-private-1", "p-private-2"];
const NOW: &str = "2026-12-01T02:00:00Z";

fn fresh_path() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wagedesk-ledger-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("ledger.db")
}

/// The summary as computed before migration 0022: one aggregate over the cases' ledger columns.
async fn oracle(conn: &mut SqliteConnection, office: &str, role: Role, period: Period, today: NaiveDate) -> Summary {
    let (from, office_column) = match role {
        Role::Owner => ("cases k", "k.owner_office"),
        Role::CoHandler => ("case_co_handlers h JOIN cases k ON k.complaint_id = h.complaint_id", "h.office_id"),
    };
    let sql = format!(
        "SELECT k.government_invested, COUNT(*), COALESCE(SUM(k.workers), 0), COALESCE(SUM(k.claimed_fen), 0),
             COALESCE(SUM(k.verified), 0), COALESCE(SUM(k.verified * k.verified_fen), 0), COALESCE(SUM(k.paid_fen), 0),
             COALESCE(SUM(k.finished_on IS NULL), 0), COALESCE(SUM(k.clock_due < $4), 0),
             COALESCE(SUM((k.finished_on IS NULL) * k.workers), 0),
             COALESCE(SUM((k.finished_on IS NULL) * k.claimed_fen), 0),
             COALESCE(SUM(k.status = 'withdrawn'), 0), COALESCE(SUM(k.closed_in_time), 0)
         FROM {from} WHERE {office_column} = $1 AND k.government_invested IN (0, 1)
           AND k.submitted_on BETWEEN $2 AND $3
         GROUP BY k.government_invested"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(office)
        .bind(period.from.to_string())
        .bind(period.to.to_string())
        .bind(today.to_string())
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let (mut all, mut government) = (Figures::default(), Figures::default());
    for row in &rows {
        let v = |i: usize| row.get::<i64, _>(i);
        let figures = Figures::of(Sums {
            cases: v(1),
            workers: v(2),
            claimed_fen: v(3),
            verified_cases: v(4),
            verified_fen: v(5),
            paid_fen: v(6),
            open: v(7),
            overdue: v(8),
            open_workers: v(9),
            open_claimed_fen: v(10),
            withdrawn: v(11),
            closed_in_time: v(12),
        });
        if row.get::<bool, _>(0) {
            government = figures;
        }
        all.add(&figures);
    }
    let transferred_out = match role {
        Role::Owner => sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE first_office = $1 AND owner_office <> $1
               AND submitted_on BETWEEN $2 AND $3",
        )
        .bind(office)
        .bind(period.from.to_string())
        .bind(period.to.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap(),
        Role::CoHandler => 0,
    };
    Summary { office: office.to_owned(), role, period, today, all, government, transferred_out }
}

/// The kept totals, line by line, and the same lines aggregated afresh by the migration's backfill.
async fn totals_and_backfill(conn: &mut SqliteConnection) -> (Vec<String>, Vec<String>) {
    const LINES: &str = "SELECT json_array(office_id, scope, government_invested, submitted_on, clocked, clock_due,
        cases, workers, claimed_fen, verified_cases, verified_fen, paid_fen, open, open_workers, open_claimed_fen,
        withdrawn, closed_in_time) FROM ledger_totals ORDER BY 1";
    let kept: Vec<String> = sqlx::query_scalar(LINES).fetch_all(&mut *conn).await.unwrap();
    let migration = include_str!("../../../../migrations/sqlite/0022_ledger_totals.sql");
    let backfill = migration.split("-- backfill:begin").nth(1).unwrap().split("-- backfill:end").next().unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(backfill)).execute(&mut *conn).await.unwrap();
    let fresh: Vec<String> = sqlx::query_scalar(LINES).fetch_all(&mut *conn).await.unwrap();
    (kept, fresh)
}

/// A small deterministic generator (no dependency for a test's dice).
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.roll(items.len())]
    }
}

fn number(n: u64) -> StoredNumber {
    StoredNumber {
        sealed: format!("sealed-{n}"),
        hash: format!("hash-{n}"),
        masked: format!("138****{:04}", n % 10_000),
    }
}

fn claimant(filer: bool, chat_id: i64, amount_fen: i64) -> NewClaimant {
    NewClaimant {
        filer,
        crew: false,
        chat_id,
        name: "王小明".into(),
        phone: number(chat_id as u64),
        id_number: None,
        amount_fen,
        period_start: "2026-01".into(),
        period_end: "2026-10".into(),
        description: None,
        consent_at: NOW.into(),
    }
}

struct Case {
    id: i64,
    state: CaseState,
    chats: Vec<i64>,
}

/// Files a complaint with its filer and opens its case, owned by `office`, submitted on `day`.
async fn file(
    conn: &mut SqliteConnection,
    vault: &Vault,
    d: &Deployment,
    n: u64,
    office: &str,
    day: NaiveDate,
    dice: &mut Dice,
) -> Case {
    let chat = 1_000_000 + n as i64;
    let amount = (dice.roll(90) as i64 + 1) * 100_000;
    let project = [None, Some(PROJECTS[0]), Some(PROJECTS[1]), Some(PROJECTS[2]), Some(PROJECTS[3])][dice.roll(5)];
    let complaint = NewComplaint {
        case_number: format!("QX-330106-{}-{n:04}", day.format("%Y%m%d")),
        lang: "zh-Hans",
        worker_chat_id: chat,
        project_code: project.map(str::to_owned),
        county_code: (*dice.pick(&["330106", "330105", "330108"])).to_owned(),
        township_code: None,
        site: "某某工地".into(),
        sector: "building",
        employer_kind: "labour_contractor",
        employer: format!("杭州某某劳务有限公司{}", n % 7),
        employer_key: format!("employer{}", n % 7),
        claim_kind: "wages",
        litigation: "none",
        amount_fen: amount,
        amount_approx: false,
        period_start: "2026-01".into(),
        period_end: "2026-10".into(),
        workers: 1 + dice.roll(6) as u32,
        workers_approx: false,
        description: "老板拖欠工资".into(),
        flags: String::new(),
        submitted_at: format!("{day}T02:00:00Z"),
        submitted_on: day.to_string(),
    };
    let id = complaints::insert(&mut *conn, vault, &complaint).await.unwrap();
    complaints::insert_claimant(&mut *conn, vault, id, &claimant(true, chat, amount)).await.unwrap();
    let state = CaseState::submitted(self::id(office), vec![], day, d);
    cases::insert(&mut *conn, id, &state, &format!("{day}T02:00:00Z")).await.unwrap();
    Case { id, state, chats: vec![chat] }
}

fn staff_of(state: &CaseState) -> Actor {
    Actor::Staff { office: state.owner.clone(), user: "staff-1".into() }
}

/// One step of a case's history, chosen by the dice: a lifecycle operation (kept when the rules allow
/// it), or a claimant joining, leaving, being verified or confirming a payment.
async fn step(
    conn: &mut SqliteConnection,
    vault: &Vault,
    d: &Deployment,
    case: &mut Case,
    today: NaiveDate,
    dice: &mut Dice,
) -> Option<&'static str> {
    let now = format!("{today}T03:00:00Z");
    let staff = staff_of(&case.state);
    let (op, actor) = match dice.roll(20) {
        0..=2 => (Operation::Accept, staff),
        3 => (Operation::RequestInfo { text: "欠条".into() }, staff),
        4 => (Operation::ProvideInfo, Actor::Worker),
        5 => (Operation::Transfer { to: id(OFFICES[dice.roll(OFFICES.len())]), reason: "属地".into() }, staff),
        6 => (Operation::AddCoHandler { office: id(OFFICES[dice.roll(OFFICES.len())]) }, staff),
        7 => (Operation::StartHandling, staff),
        8 => (Operation::ExtendInvestigation { reason: "复杂".into() }, staff),
        9..=11 => {
            let outcome = match dice.roll(6) {
                0 => Outcome::PaidInFull,
                1 => Outcome::PaidInPart { paid_fen: 50_000 },
                2 => Outcome::Unfounded { reason: "无欠薪".into() },
                3 => Outcome::Merged { into: "QX-1".into() },
                4 => Outcome::AdvancedFromDeposit { paid_fen: 80_000 },
                _ => Outcome::ReferredToPolice { reason: "逃匿".into() },
            };
            (Operation::Resolve { outcome }, staff)
        }
        12 | 13 => (Operation::Reopen { reason: "未到账".into() }, Actor::Worker),
        // Withdrawing ends a case for good: rarer than the rest.
        15 if dice.roll(3) == 0 => (Operation::Withdraw, Actor::Worker),
        14 | 15 => (Operation::ConfirmPaid, Actor::Worker),
        16 => {
            // Another worker joins the case (filing/join.rs: a claimant, then the timeline entry).
            let chat = 2_000_000 + dice.roll(1_000_000) as i64;
            let amount = (dice.roll(50) as i64 + 1) * 10_000;
            complaints::insert_claimant(&mut *conn, vault, case.id, &claimant(false, chat, amount)).await.unwrap();
            let args = serde_json::json!({ "amount": amount, "workers": 1 + dice.roll(3) }).to_string();
            complaints::append_timeline(&mut *conn, case.id, &now, "worker", "claimant_joined", "t", &args)
                .await
                .unwrap();
            case.chats.push(chat);
            return Some("joined");
        }
        17 => {
            // Staff verify each claimant's amount, some of it.
            let payers = claimants::payers(&mut *conn, case.id).await.unwrap();
            let amounts: Vec<i64> = payers.iter().map(|p| p.owed_fen * (dice.roll(4) as i64 + 1) / 4).collect();
            assert!(claimants::set_verified(&mut *conn, case.id, &amounts).await.unwrap());
            return Some("verified");
        }
        18 => {
            let chat = *dice.pick(&case.chats);
            let paid = if dice.roll(2) == 0 { Paid::Full } else { Paid::Amount(30_000) };
            claimants::record_paid(&mut *conn, case.id, chat, paid, &now).await.unwrap();
            return Some("paid");
        }
        _ => {
            // A joined worker leaves (the erasure's withdrawal: the row, the timeline, the recount).
            let &chat = case.chats.get(1)?;
            sqlx::query("UPDATE claimants SET withdrawn_at = $2 WHERE complaint_id = $1 AND chat_id = $3")
                .bind(case.id)
                .bind(&now)
                .bind(chat)
                .execute(&mut *conn)
                .await
                .unwrap();
            let args = serde_json::json!({ "workers": { "value": 1 } }).to_string();
            complaints::append_timeline(&mut *conn, case.id, &now, "worker", "claimant_withdrew", "t", &args)
                .await
                .unwrap();
            claimants::recount(&mut *conn, case.id).await.unwrap();
            case.chats.remove(1);
            return Some("left");
        }
    };
    let code = op.code();
    let t = apply(&case.state, op, actor, today, d).ok()?;
    case.state = t.new_state;
    cases::save(&mut *conn, case.id, &case.state, &now).await.unwrap();
    Some(code)
}

async fn assert_summaries_agree(conn: &mut SqliteConnection, start: NaiveDate, days: u64, checked: &mut usize) {
    let end = start + Days::new(days);
    let mut periods = vec![Period::until(end + Days::new(400)), Period { from: start, to: end }];
    for (a, b) in [(0, 0), (3, 9), (10, 10), (5, 30), (31, 60), (days + 1, days + 40)] {
        periods.push(Period { from: start + Days::new(a), to: start + Days::new(b) });
    }
    // Today before, during and long after the cases' clocks: overdue is what moves with it.
    let todays = [start, start + Days::new(7), start + Days::new(20), end + Days::new(60), end + Days::new(200)];
    for office in OFFICES {
        for role in [Role::Owner, Role::CoHandler] {
            for period in &periods {
                for today in todays {
                    let expected = oracle(conn, office, role, *period, today).await;
                    let got = summary(&mut *conn, office, role, *period, today).await.unwrap();
                    assert_eq!(got, expected, "{office} {role:?} {period:?} on {today}");
                    *checked += 1;
                }
            }
        }
    }
}

#[tokio::test]
async fn the_summary_from_the_kept_totals_is_the_summary_computed_from_the_cases() {
    let db = crate::open(&fresh_path()).await.unwrap();
    let mut conn = db.sqlite().unwrap().acquire().await.unwrap();
    let d = sample();
    let vault = Vault::from_master_key(&[7; 32]);
    for (i, project) in PROJECTS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO projects (id, name, county_code, sector, builder, general_contractor, project_department,
                 labour_manager_name, labour_manager_phone, minimum_wage_fen, pay_day, labour_office,
                 government_invested, imported_at, updated_at)
             VALUES ($1, $1, '330106', 'building', 'b', 'g', 'd', 'n', '13800000000', 249000, 15, 'hz-xihu-ldjc',
                 $2, $3, $3)",
        )
        .bind(project)
        .bind(i < 2)
        .bind(NOW)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let mut dice = Dice(19);
    let start = date(2026, 10, 1);
    let days = 45;
    let mut open: Vec<Case> = Vec::new();
    let mut checked = 0;
    let mut happened = std::collections::BTreeMap::<&str, usize>::new();
    for n in 0..days {
        let today = start + Days::new(n);
        for k in 0..4 {
            let office = *dice.pick(&OFFICES);
            open.push(file(&mut conn, &vault, &d, n * 10 + k, office, today, &mut dice).await);
        }
        for _ in 0..20 {
            let i = dice.roll(open.len());
            if let Some(what) = step(&mut conn, &vault, &d, &mut open[i], today, &mut dice).await {
                *happened.entry(what).or_default() += 1;
            }
        }
        if n % 15 == 14 {
            assert_summaries_agree(&mut conn, start, days, &mut checked).await;
        }
    }
    // Later steps on old cases move lines between days' totals that are long filled.
    for n in 0..300 {
        let today = start + Days::new(days + n / 2);
        let i = dice.roll(open.len());
        if let Some(what) = step(&mut conn, &vault, &d, &mut open[i], today, &mut dice).await {
            *happened.entry(what).or_default() += 1;
        }
    }
    assert_summaries_agree(&mut conn, start, days, &mut checked).await;

    // The history really was varied: every kind of change happened, and the cases show it.
    for what in [
        "accept",
        "request_info",
        "provide_info",
        "transfer",
        "add_co_handler",
        "start_handling",
        "extend_investigation",
        "resolve",
        "reopen",
        "withdraw",
        "confirm_paid",
        "joined",
        "verified",
        "paid",
        "left",
    ] {
        assert!(happened.get(what).is_some_and(|n| *n > 0), "no {what} in {happened:?}");
    }
    let shown: (i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT SUM(owner_office <> first_office), SUM(finished_on IS NOT NULL), SUM(status = 'reopened'),
             SUM(verified * verified_fen > 0), SUM(paid_fen > 0), SUM(government_invested), SUM(clock_due IS NOT NULL)
         FROM cases",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    let co: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_co_handlers").fetch_one(&mut *conn).await.unwrap();
    let (a, b, c, e, f, g, h) = shown;
    assert!([a, b, c, e, f, g, h, co].iter().all(|n| *n > 0), "{shown:?}, {co} co-handled");
    assert!(checked > 1_000, "{checked}");

    // The triggers kept exactly what the migration's backfill computes from the cases afresh.
    let (kept, fresh) = totals_and_backfill(&mut conn).await;
    assert!(!kept.is_empty());
    assert_eq!(kept, fresh);
}
