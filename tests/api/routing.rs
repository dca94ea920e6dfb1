//! Routing and the first-inquiry rule through the real bot: the owning office and its reason,
//! the default intake office, duplicates joining an open case, and escalations on the legal clock.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Asia::Shanghai;
use wagedesk::case::Operation;
use wagedesk::demo::harness::Harness;
use wagedesk::deployment::OfficeId;
use wagedesk::domain::sector::Sector;
use wagedesk::intake::draft::EmployerKind;
use wagedesk::standin::{FakeChat, GroupKind, MemberStatus};
use wagedesk::storage::cases;

use crate::helpers::*;

/// Links `office` to a new group in the stand-in, as an operator would, and returns the group.
async fn office_group(h: &Harness, office: &OfficeId, title: &str) -> FakeChat {
    let clerk = h.standin.new_user("办事员", None, None);
    let group = h.standin.new_group(title, GroupKind::Supergroup, &[(&clerk, MemberStatus::Member)]);
    let mut conn = h.ctx.db.acquire().await.unwrap();
    cases::link_office_chat(&mut conn, office.as_str(), group.id, "2026-12-01T00:00:00Z").await.unwrap();
    group
}

/// Moves the harness clock to 10:00 in China on `day`.
fn move_to(h: &Harness, day: &str) {
    let day: NaiveDate = day.parse().unwrap();
    let target = Shanghai.from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap()).unwrap().with_timezone(&chrono::Utc);
    let by = target - h.ctx.clock.now();
    assert!(by >= chrono::Duration::zero(), "the clock only moves forward");
    h.ctx.clock.advance(by);
}

fn texts_in(h: &Harness, chat: &FakeChat) -> Vec<String> {
    h.standin.messages_in(chat.id).into_iter().filter_map(|m| m.text).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_lands_with_the_worksite_countys_labour_office_and_the_reason_is_in_the_timeline() {
    let h = start().await;
    let owner = h.ctx.deployment.labour_office_for_county("330106").unwrap().id.clone();
    let group = office_group(&h, &owner, "西湖区劳动保障监察大队").await;
    let mut w = h.worker("李建国");
    let answers = file_complaint_zh(&h, &mut w).await.unwrap();

    let office_name = &h.ctx.deployment.office(&owner).unwrap().name_zh;
    let told = texts(&answers);
    assert!(told.contains(office_name.as_str()) && told.contains("2026年12月8日"), "{told}");
    let (owner_office, first_office): (String, String) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT owner_office, first_office FROM cases").fetch_one(c).await)
            .unwrap();
    assert_eq!((owner_office.as_str(), first_office.as_str()), (owner.as_str(), owner.as_str()));
    let reasons: Vec<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT message_id FROM timeline WHERE event = 'routed'")
        .fetch_all(c)
        .await)
        .unwrap();
    assert!(reasons.contains(&"routing-county-jurisdiction".to_owned()), "{reasons:?}");
    let office_texts = texts_in(&h, &group);
    assert!(office_texts.iter().any(|t| t.contains(FIRST_CASE)), "{office_texts:?}");
    assert!(office_texts.iter().all(|t| !t.contains(PHONE) && !t.contains("李建国")), "{office_texts:?}");

    let status = texts(&w.send(&h, "/status").await.unwrap());
    assert!(status.contains(office_name.as_str()) && status.contains("2026年12月8日"), "{status}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worksite_outside_the_regions_lands_at_the_default_intake_office() {
    let h = start().await;
    let mut w = h.worker("李建国");
    let outside = Intake {
        worksite: Worksite::Pick {
            county: None,
            township: None,
            address: "邻县某某工业园三号厂房".into(),
            sector: Sector::Factory,
        },
        employer_kind: EmployerKind::Individual,
        ..Intake::li().employer("赵老板").daily_rate_first(false)
    };
    let told = texts(&walk(&h, &mut w, &outside.steps()).await.unwrap());

    let (case, owner): (String, String) =
        on_db!(h.ctx.db, c =>
            sqlx::query_as("SELECT c.case_number, k.owner_office FROM complaints c JOIN cases k ON k.complaint_id = c.id")
            .fetch_one(c)
            .await)
            .unwrap();
    // Numbered in the county of the default intake office that owns it, after the first case there.
    assert!(told.contains("QX-330106-20261201-0001"), "{told}");
    assert_eq!(case, "QX-330106-20261201-0001");
    assert_eq!(owner, h.ctx.deployment.default_intake_office.as_str());
    let reason: String = on_db!(h.ctx.db, c =>
            sqlx::query_scalar("SELECT message_id FROM timeline WHERE event = 'routed' ORDER BY id LIMIT 1")
            .fetch_one(c)
            .await)
    .unwrap();
    assert!(reason.starts_with("routing-default-intake"), "{reason}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_worker_about_the_same_employer_joins_the_open_case_and_a_repeat_is_refused() {
    let h = start().await;
    let mut li = h.worker("李建国");
    file_complaint_zh(&h, &mut li).await.unwrap();
    let mut wang = h.worker("王秀英");
    let wang_filer = Intake::li().name("王秀英").amount("3万2").phone("13912345678").skip_id();
    let joined = texts(&file_complaint_zh_as(&h, &mut wang, &wang_filer).await.unwrap());
    assert!(joined.contains("已经有一件正在办理的欠薪案件") && joined.contains(FIRST_CASE), "{joined}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants").await, 2);
    assert_eq!(count(&h, "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM claimants").await, 7_700_000);
    let wang_status = texts(&wang.send(&h, "/status").await.unwrap());
    assert!(wang_status.contains(FIRST_CASE), "{wang_status}");

    // li knows the bot already: no language question this time.
    walk(&h, &mut li, &Intake::li().opening(Opening::Known).to_amount()).await.unwrap();
    zh_amount_to_summary(&h, &mut li, &Intake::li()).await.unwrap();
    let again = texts(&confirm_and_submit(&h, &mut li).await.unwrap());
    assert!(again.contains("不用重复提交") && again.contains(FIRST_CASE), "{again}");
    assert!(again.contains("/status"), "filed from this chat: followed here: {again}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants").await, 2);

    // The office accepts: the worker who joined hears it too, as the join promised.
    let complaint: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT id FROM complaints").fetch_one(c).await).unwrap();
    let owner = h.ctx.deployment.labour_office_for_county("330106").unwrap().id.clone();
    let clerk = wagedesk::case::Actor::Staff { office: owner, user: "tg:501".into() };
    let mut tx = wagedesk::storage::begin_write(&h.ctx.db).await.unwrap();
    let accepted =
        wagedesk::case_ops::apply(&mut tx.conn(), &h.ctx, complaint, Operation::Accept, clerk).await.unwrap();
    assert!(accepted.is_ok(), "{accepted:?}");
    tx.commit().await.unwrap();
    h.ctx.outbox_wake.notify_one();
    h.settle().await.unwrap();
    for worker in [&li, &wang] {
        let heard = chat_texts(&h, worker);
        assert_eq!(heard.matches("已经接手你的案子（已受理）").count(), 1, "told once: {heard}");
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM notifications WHERE recipient LIKE 'claimant:%'").await, 1);

    // And every status change after: handling, the order to pay, the resolution.
    let clerk = wagedesk::case::Actor::Staff { office: owner_of(&h), user: "tg:501".into() };
    let due = h.ctx.clock.today() + chrono::Duration::days(10);
    for op in [
        Operation::StartHandling,
        Operation::OrderToPay { amount_fen: 4_500_000, due },
        Operation::Resolve { outcome: wagedesk::case::Outcome::PaidInFull },
    ] {
        let mut tx = wagedesk::storage::begin_write(&h.ctx.db).await.unwrap();
        let done = wagedesk::case_ops::apply(&mut tx.conn(), &h.ctx, complaint, op, clerk.clone()).await.unwrap();
        assert!(done.is_ok(), "{done:?}");
        tx.commit().await.unwrap();
    }
    h.ctx.outbox_wake.notify_one();
    h.settle().await.unwrap();
    let told = |recipient: String| {
        let db = h.ctx.db.clone();
        async move {
            on_db!(db, c => sqlx::query_scalar::<_, String>(
                "SELECT message_id FROM notifications WHERE recipient = $1
                     AND message_id NOT IN ('notify-worker-submitted', 'notify-worker-joined') ORDER BY id",
            )
            .bind(recipient)
            .fetch_all(c)
            .await)
            .unwrap()
        }
    };
    let filer = told("worker".into()).await;
    let joined = told(format!("claimant:{}", wang.chat_id())).await;
    assert_eq!(joined, filer, "the joined worker hears everything the filer hears");
    assert!(joined.len() >= 5, "{joined:?}");

    // Resolved, and waiting for the workers' word: li filing the same again has filed already.
    assert_eq!(status(&h).await, "resolved");
    walk(&h, &mut li, &Intake::li().opening(Opening::Known).to_amount()).await.unwrap();
    zh_amount_to_summary(&h, &mut li, &Intake::li()).await.unwrap();
    let again = texts(&confirm_and_submit(&h, &mut li).await.unwrap());
    assert!(again.contains("不用重复提交") && again.contains(FIRST_CASE), "{again}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1, "no second case");
    finish(h).await;
}

fn owner_of(h: &wagedesk::demo::harness::Harness) -> wagedesk::deployment::OfficeId {
    h.ctx.deployment.labour_office_for_county("330106").unwrap().id.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_case_escalates_to_the_supervisor_once_per_working_day() {
    let h = start().await;
    let d = h.ctx.deployment.clone();
    let owner = d.labour_office_for_county("330106").unwrap().id.clone();
    let supervisor = d.escalation_office(&owner).unwrap().id.clone();
    let owner_group = office_group(&h, &owner, "西湖区劳动保障监察大队").await;
    let supervisor_group = office_group(&h, &supervisor, "清欠办").await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();

    // Filed Tuesday 1 Dec 2026; acceptance is due on the 5th working day after, Tuesday 8 Dec.
    let escalations = |h: &Harness| texts_in(h, &supervisor_group).iter().filter(|t| t.contains("督办")).count();
    for (day, expected) in [
        ("2026-12-07", 0),
        ("2026-12-08", 0),
        ("2026-12-09", 1),
        ("2026-12-10", 2),
        ("2026-12-12", 2), // Saturday
        ("2026-12-13", 2), // Sunday
        ("2026-12-14", 3),
    ] {
        move_to(&h, day);
        // Scanning twice on the same day must not repeat anything.
        wagedesk::scheduler::scan(&h.ctx).await.unwrap();
        wagedesk::scheduler::scan(&h.ctx).await.unwrap();
        h.settle().await.unwrap();
        assert_eq!(escalations(&h), expected, "escalations by {day}: {:?}", texts_in(&h, &supervisor_group));
    }
    let prewarnings = texts_in(&h, &owner_group).iter().filter(|t| t.contains("预警")).count();
    assert_eq!(prewarnings, 1, "{:?}", texts_in(&h, &owner_group));
    finish(h).await;
}

/// The case numbers in a worker's chat that they were told they filed or joined.
async fn case_of_worker(h: &Harness, w: &wagedesk::demo::harness::SimWorker) -> String {
    on_db!(h.ctx.db, c => sqlx::query_scalar(
        "SELECT c.case_number FROM claimants m JOIN complaints c ON c.id = m.complaint_id WHERE m.chat_id = $1",
    )
    .bind(w.chat_id())
    .fetch_one(c)
    .await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_from_a_signboard_joins_its_projects_case_before_one_elsewhere_about_the_same_employer() {
    let h = start().await;
    wagedesk::projects::import(
        &h.ctx.db,
        &h.ctx.deployment,
        include_bytes!("../../deploy/projects.sample.csv"),
        &h.ctx.clock,
    )
    .await
    .unwrap();
    let code = {
        let mut conn = h.ctx.db.acquire().await.unwrap();
        wagedesk::storage::projects::active_code(&mut conn, "xh-2026-001").await.unwrap().unwrap()
    };
    let on_board = |f: Intake| f.opening(Opening::Signboard(code.clone())).worksite(Worksite::Project);
    // Case 1: by hand, in the same county, about 某建设集团. Case 2: from the project's board, about its
    // labour subcontractor.
    let mut a = h.worker("赵一");
    file_complaint_zh_as(&h, &mut a, &Intake::li().name("赵一").employer("某建设集团").phone("13700000001"))
        .await
        .unwrap();
    let mut b = h.worker("钱二");
    let b_intake =
        on_board(Intake::li().name("钱二").employer("某劳务队").phone("13700000002").daily_rate_first(false));
    file_complaint_zh_as(&h, &mut b, &b_intake).await.unwrap();
    let (first, second) = (case_of_worker(&h, &a).await, case_of_worker(&h, &b).await);
    assert_ne!(first, second);

    // C scans the project's board and names 某建设集团: C worked on that project, so its case.
    let mut c = h.worker("孙三");
    let c_intake =
        on_board(Intake::li().name("孙三").employer("某建设集团").phone("13700000003").daily_rate_first(false));
    file_complaint_zh_as(&h, &mut c, &c_intake).await.unwrap();
    assert_eq!(case_of_worker(&h, &c).await, second, "the project's case, not the other worksite's");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_who_do_not_know_the_employers_name_are_not_put_on_one_case() {
    let h = start().await;
    let mut a = h.worker("赵一");
    file_complaint_zh_as(&h, &mut a, &Intake::li().name("赵一").employer("不知道").phone("13700000001")).await.unwrap();
    let mut b = h.worker("钱二");
    let joined = texts(
        &file_complaint_zh_as(&h, &mut b, &Intake::li().name("钱二").employer("不知道。").phone("13700000002"))
            .await
            .unwrap(),
    );
    assert!(!joined.contains("已经有一件正在办理的欠薪案件"), "{joined}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 2);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_of_a_boss_known_only_as_wang_laoban_share_a_case_only_on_the_same_worksite() {
    let h = start().await;
    let worker = |name: &str, phone: &str, site: &str| {
        Intake::li().name(name).employer("王老板").phone(phone).address(site).daily_rate_first(false)
    };
    let mut a = h.worker("赵一");
    file_complaint_zh_as(&h, &mut a, &worker("赵一", "13700000001", "城西小区三期工地")).await.unwrap();
    // Another 王老板, another worksite in the same county: a case of its own.
    let mut b = h.worker("钱二");
    file_complaint_zh_as(&h, &mut b, &worker("钱二", "13700000002", "滨江路商住楼工地")).await.unwrap();
    assert_ne!(case_of_worker(&h, &a).await, case_of_worker(&h, &b).await);
    // The first one's worksite, written a little differently: the same case.
    let mut c = h.worker("孙三");
    file_complaint_zh_as(&h, &mut c, &worker("孙三", "13700000003", "城西小区三期")).await.unwrap();
    assert_eq!(case_of_worker(&h, &c).await, case_of_worker(&h, &a).await);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 2);
    finish(h).await;
}
