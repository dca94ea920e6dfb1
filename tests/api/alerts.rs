//! Immediate alerts through the real bot: a key case and an emergency reach the supervisor's group at
//! once, and a worker in an emergency gets the hotline numbers right away.

use wagedesk::demo::harness::Harness;
use wagedesk::standin::{FakeChat, GroupKind, MemberStatus};
use wagedesk::storage::cases;

use crate::helpers::*;

/// The supervisor of the Xihu labour office, linked to a group.
async fn supervisor_group(h: &Harness) -> FakeChat {
    let d = &h.ctx.deployment;
    let owner = d.labour_office_for_county("330106").unwrap().id.clone();
    let supervisor = d.escalation_office(&owner).unwrap().id.clone();
    let clerk = h.standin.new_user("督办员", None, None);
    let group = h.standin.new_group("清欠办", GroupKind::Supergroup, &[(&clerk, MemberStatus::Member)]);
    let mut conn = h.ctx.db.acquire().await.unwrap();
    cases::link_office_chat(&mut conn, supervisor.as_str(), group.id, "2026-12-01T00:00:00Z").await.unwrap();
    group
}

fn texts_in(h: &Harness, chat: &FakeChat) -> String {
    h.standin.messages_in(chat.id).into_iter().filter_map(|m| m.text).collect::<Vec<_>>().join("\n---\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_case_over_a_million_yuan_alerts_the_supervisor_at_once() {
    let h = start().await;
    let group = supervisor_group(&h).await;
    let mut w = h.worker("李建国");
    let told = texts(&file_complaint_zh_as(&h, &mut w, &Intake::li().amount("120万")).await.unwrap());
    assert!(!told.contains("报警"), "no emergency for a plain key case: {told}");
    let alerts = texts_in(&h, &group);
    assert!(
        alerts.contains("重点监控案件") && alerts.contains("¥1,200,000") && alerts.contains(FIRST_CASE),
        "{alerts}"
    );
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emergency_in_the_workers_words_alerts_the_supervisor_and_gives_the_worker_hotlines() {
    let h = start().await;
    let group = supervisor_group(&h).await;
    let mut w = h.worker("李建国");
    let filer = Intake::li().description("工友们说明天要去爬塔吊讨薪，我很担心出事。");
    let told = texts(&file_complaint_zh_as(&h, &mut w, &filer).await.unwrap());
    assert!(told.contains("请注意安全") && told.contains("12348"), "{told}");
    assert!(told.contains("紧急报告给有关部门"), "the supervisor's group is linked: {told}");
    let alerts = texts_in(&h, &group);
    assert!(alerts.contains("紧急") && alerts.contains("爬塔吊") && alerts.contains(FIRST_CASE), "{alerts}");
    // A plain complaint alerts nobody.
    let mut other = h.worker("王秀英");
    let plain = Intake::li().name("王秀英").phone("13912345678").employer("张老板（杭州某某装饰工程有限公司）");
    file_complaint_zh_as(&h, &mut other, &plain).await.unwrap();
    assert_eq!(h.standin.messages_in(group.id).len(), 1, "{}", texts_in(&h, &group));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_no_office_group_linked_the_worker_is_told_to_call_not_that_it_was_reported() {
    let h = start().await;
    let mut w = h.worker("李建国");
    let filer = Intake::li().description("工友们说明天要去爬塔吊讨薪，我很担心出事。");
    let told = texts(&file_complaint_zh_as(&h, &mut w, &filer).await.unwrap());
    assert!(!told.contains("紧急报告给有关部门"), "nobody can see it yet: {told}");
    assert!(told.contains("还没有接入本系统") && told.contains("12333") && told.contains("110"), "{told}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absconded_employer_in_the_workers_words_alerts_the_supervisor() {
    let h = start().await;
    let group = supervisor_group(&h).await;
    let mut w = h.worker("李建国");
    let filer = Intake::li().description("干完活老板就跑路了，手机一直关机，工地也没人管。");
    file_complaint_zh_as(&h, &mut w, &filer).await.unwrap();
    let alerts = texts_in(&h, &group);
    assert!(alerts.contains("逃匿") && alerts.contains(FIRST_CASE), "{alerts}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retaliation_against_the_complainant_must_be_acknowledged_like_an_emergency() {
    let h = start().await;
    let group = supervisor_group(&h).await;
    let mut w = h.worker("李建国");
    let filer = Intake::li().description("我去劳动监察问了以后，老板就不让我干了，还扣我工资。");
    file_complaint_zh_as(&h, &mut w, &filer).await.unwrap();
    let messages = h.standin.messages_in(group.id);
    let alert = messages.iter().find(|m| m.text.as_deref().is_some_and(|t| t.contains(FIRST_CASE)));
    let alert = alert.unwrap_or_else(|| panic!("no alert: {}", texts_in(&h, &group)));
    let buttons = alert.callback_buttons();
    assert!(buttons.iter().any(|(label, _)| label.contains("我已收到")), "an acknowledge button: {buttons:?}");
    let held: Vec<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT alert FROM alerts").fetch_all(c).await).unwrap();
    assert_eq!(held.len(), 1, "held until someone acknowledges it: {held:?}");
    assert!(held[0].contains("retaliation"), "{held:?}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_that_grows_past_a_million_by_a_second_filing_alerts_once_and_only_once() {
    let h = start().await;
    let group = supervisor_group(&h).await;
    let mut first = h.worker("李建国");
    file_complaint_zh_as(&h, &mut first, &Intake::li().amount("60万")).await.unwrap();
    assert!(!texts_in(&h, &group).contains("重点监控案件"), "¥600,000 alone is not a key case");
    let mut second = h.worker("王秀英");
    let joining = Intake::li().name("王秀英").phone("13912345678").amount("50万");
    let told = texts(&file_complaint_zh_as(&h, &mut second, &joining).await.unwrap());
    assert!(told.contains(FIRST_CASE), "the second worker joined the open case: {told}");
    let alerts = texts_in(&h, &group);
    assert_eq!(alerts.matches("重点监控案件").count(), 1, "{alerts}");
    assert!(alerts.contains("¥1,100,000") && alerts.contains(FIRST_CASE), "the running total: {alerts}");
    let mut third = h.worker("赵四");
    let again = Intake::li().name("赵四").phone("13712345678").amount("30万");
    file_complaint_zh_as(&h, &mut third, &again).await.unwrap();
    assert_eq!(texts_in(&h, &group).matches("重点监控案件").count(), 1, "not again once it is a key case");
    finish(h).await;
}

/// A group linked to `office`, with one member who can press its buttons.
async fn linked_group(h: &Harness, office: &str, name: &str) -> (FakeChat, wagedesk::standin::FakeUser) {
    let clerk = h.standin.new_user(&format!("{name}值班员"), None, None);
    let group = h.standin.new_group(name, GroupKind::Supergroup, &[(&clerk, MemberStatus::Member)]);
    let mut conn = h.ctx.db.acquire().await.unwrap();
    cases::link_office_chat(&mut conn, office, group.id, "2026-12-01T00:00:00Z").await.unwrap();
    (group, clerk)
}

/// Presses "acknowledge" on the newest alert in the group about `case`.
async fn acknowledge(h: &Harness, group: &FakeChat, clerk: &wagedesk::standin::FakeUser, case: &str) {
    let messages = h.standin.messages_in(group.id);
    let alert = messages
        .iter()
        .rev()
        .find(|m| m.text.as_deref().is_some_and(|t| t.contains(case)) && !m.callback_buttons().is_empty())
        .unwrap_or_else(|| panic!("no alert about {case} with a button: {}", texts_in(h, group)));
    let (_, data) = alert.callback_buttons().into_iter().find(|(label, _)| label.contains("我已收到")).unwrap();
    h.standin.press_button(clerk, alert, &data).unwrap();
    h.settle().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unacknowledged_emergency_is_repeated_and_escalated_after_its_minutes_and_an_acknowledged_one_is_not() {
    let h = start().await;
    let (city, city_clerk) = linked_group(&h, "hz-qqb", "市清欠办").await;
    let (province, province_clerk) = linked_group(&h, "zj-qqb", "省清欠办").await;
    let emergency = |name: &str, phone: &str, employer: &str| {
        Intake::li()
            .name(name)
            .phone(phone)
            .employer(employer)
            .description("工友们说明天要去爬塔吊讨薪，我很担心出事。")
    };
    let mut first = h.worker("李建国");
    file_complaint_zh_as(&h, &mut first, &emergency("李建国", PHONE, "王老板（杭州某某劳务有限公司）")).await.unwrap();
    let mut second = h.worker("王秀英");
    file_complaint_zh_as(&h, &mut second, &emergency("王秀英", "13912345678", "张老板（杭州某某装饰工程有限公司）"))
        .await
        .unwrap();
    let second_case: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT case_number FROM complaints WHERE id = 2").fetch_one(c).await)
            .unwrap();
    // The city acknowledges the first at once; nobody acknowledges the second.
    acknowledge(&h, &city, &city_clerk, FIRST_CASE).await;
    assert!(texts_in(&h, &city).contains(&format!("已确认收到案件 {FIRST_CASE} 的警报")), "{}", texts_in(&h, &city));
    assert!(h.standin.messages_in(province.id).is_empty(), "the province is not told at first");

    // Climbing a crane is acknowledged within 5 minutes (the deployment's climbing_heights class).
    h.ctx.clock.advance(chrono::Duration::minutes(4));
    scan(&h).await;
    assert!(!texts_in(&h, &city).contains("第 1 次提醒"), "not before the class's 5 minutes");
    h.ctx.clock.advance(chrono::Duration::minutes(2));
    scan(&h).await;
    let reminders = texts_in(&h, &city);
    assert_eq!(reminders.matches("第 1 次提醒").count(), 1, "{reminders}");
    let up = texts_in(&h, &province);
    assert!(up.contains("第 1 次提醒") && up.contains(&second_case) && !up.contains(FIRST_CASE), "{up}");

    // The province acknowledges it: no more reminders anywhere.
    acknowledge(&h, &province, &province_clerk, &second_case).await;
    h.ctx.clock.advance(chrono::Duration::minutes(30));
    scan(&h).await;
    assert!(!texts_in(&h, &city).contains("第 2 次提醒") && !texts_in(&h, &province).contains("第 2 次提醒"));
    let acked: i64 =
        count(&h, "SELECT COUNT(*) FROM alerts WHERE acked_at IS NOT NULL AND acked_by LIKE '%/tg:%'").await;
    assert_eq!(acked, 2);
    let timeline = count(&h, "SELECT COUNT(*) FROM timeline WHERE event = 'alert_acknowledged'").await;
    assert_eq!(timeline, 2);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filing_again_on_the_same_case_passes_on_the_new_words_and_evidence_and_raises_its_emergency() {
    let h = start().await;
    let group = supervisor_group(&h).await;
    let xihu = crate::staff::link_office(&h, crate::staff::XIHU, GroupKind::Forum).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM evidence").await, 1);
    assert!(!texts_in(&h, &group).contains("紧急"), "a plain first filing alerts nobody");

    let mut second = evidence_photo();
    second.extend_from_slice("第二张：考勤表".as_bytes());
    let again =
        Intake::li().opening(Opening::Again).photo(second).description("老板还是不给钱，工友们说明天要去爬塔吊讨薪");
    let told = texts(&walk(&h, &mut w, &again.steps()).await.unwrap());
    h.settle().await.unwrap();
    assert!(told.contains("不用重复提交") && told.contains("已经加到这个案件里"), "{told}");
    assert!(told.contains("已转给") && told.contains(FIRST_CASE), "where it went: {told}");
    assert!(told.contains("请注意安全") && told.contains("12348"), "the hotlines: {told}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1, "no second case");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants").await, 1, "no second claim");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM evidence").await, 2, "the new photo is on the case");
    let kept: Vec<String> =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT stored_path FROM evidence").fetch_all(c).await).unwrap();
    for path in kept {
        assert!(h.ctx.evidence_dir.join(&path).exists() || std::path::Path::new(&path).exists(), "{path} kept");
    }
    let office = texts(&h.standin.messages_in(xihu.group.id));
    assert!(office.contains("老板还是不给钱"), "the new words reach the office: {office}");
    let alerts = texts_in(&h, &group);
    assert!(alerts.contains("紧急") && alerts.contains("爬塔吊") && alerts.contains(FIRST_CASE), "{alerts}");
    finish(h).await;
}
