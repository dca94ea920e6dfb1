//! A crew on the web: a 班组长 files for the crew on the web page and gets a web link to forward in
//! WeChat (t.me links do not open there); a member opens it in their own browser, joins, and is a
//! claimant of the leader's case with their own share. A crew link that names no open case gets a
//! page that says so, in the page's language.

use super::*;

const MEMBER_PHONE: &str = "13900000001";

/// The crew leader's intake on the web from the sample project's signboard, for a crew of three owed
/// 3万 in all; the page shown after submitting.
async fn leader_files_for_a_crew(h: &Harness, b: &mut Browser) {
    let code = active_code(h).await;
    let crew = Intake { crew: Some("3".into()), ..Intake::li() }
        .opening(Opening::Signboard(code.clone()))
        .worksite(Worksite::Project)
        .amount("3万")
        .name("张班长")
        .daily_rate_first(false);
    let mut weights = Vec::new();
    b.get(&format!("/s/{code}")).await;
    b.press_start().await;
    walk_web(b, &crew.to_amount()[1..], &mut weights).await;
    walk_web(b, &crew.amount_to_summary(), &mut weights).await;
    walk_web(b, &[Act::button("button-summary-ok")], &mut weights).await;
    b.press(&tr(Lang::ZhHans, "button-submit")).await;
    assert!(b.text().contains(FIRST_CASE), "{}", b.text());
}

/// The crew's web link on the page after filing, as a path.
fn crew_path(b: &Browser) -> String {
    let re = Regex::new(&format!(r"{}(/s/j[2-9A-Z]{{6}})", regex::escape(PUBLIC))).unwrap();
    re.captures(&b.page).unwrap_or_else(|| panic!("no crew web link:\n{}", b.text()))[1].to_owned()
}

/// A member in their own browser opens the crew's page at `path`, sees the case as the Telegram join
/// shows it (nothing of the leader), and joins with their own amount, name and phone.
async fn member_joins(base: &str, path: &str, code: &str) -> Browser {
    let mut member = Browser::new(base, "zh-CN");
    member.get(path).await;
    assert_eq!(member.status, 200, "{}", member.page);
    let landing = member.text();
    for shown in [&tr(Lang::ZhHans, "web-crew-title"), FIRST_CASE, "王老板（杭州某某劳务有限公司）", "加入并填写"]
    {
        assert!(landing.contains(shown), "{shown} on:\n{landing}");
    }
    assert!(!landing.contains("张班长") && !landing.contains("138"), "nothing of the leader:\n{landing}");
    assert!(member.page.contains(&format!("https://t.me/wagedesk_bot?start=j{code}")), "{}", member.page);
    member.press_start().await;
    let mut weights = Vec::new();
    let acts = [
        Act::press(tr(Lang::ZhHans, "language-name")),
        Act::button("button-agree"),
        Act::text("8000"),
        Act::button("button-yes-correct"),
        Act::text("刘强"),
        Act::text(MEMBER_PHONE),
        Act::button("button-id-skip"),
        Act::button("button-summary-ok"),
    ];
    walk_web(&mut member, &acts, &mut weights).await;
    member.press(&tr(Lang::ZhHans, "button-submit")).await;
    assert!(member.text().contains(FIRST_CASE), "joined the crew's case:\n{}", member.text());
    member
}

/// One case, the member a claimant of it with their own share, reached on the web; their amount left
/// the leader's line, which stood for the whole crew of three owed 3万.
async fn member_is_a_claimant_with_their_share(h: &Harness) {
    assert_eq!(complaints(h).await, 1);
    let lines: Vec<(String, i64, i64, i64)> = on_db!(h.ctx.db, c => sqlx::query_as(
            "SELECT role, amount_fen, crew, chat_id FROM claimants ORDER BY id").fetch_all(c).await)
    .unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!((lines[0].1, lines[1].1), (2_200_000, 800_000), "{lines:?}");
    assert_eq!(lines[1].2, 1, "a crew member: {lines:?}");
    assert!(wagedesk::channel::is_web_chat(lines[1].3) && lines[1].3 != lines[0].3, "{lines:?}");
    let (claimed, workers): (i64, i64) =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT claimed_fen, workers FROM cases").fetch_one(c).await).unwrap();
    assert_eq!((claimed, workers), (3_000_000, 3), "the crew counted once");
}

async fn crew_code(h: &Harness) -> String {
    on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT code FROM crew_links").fetch_one(c).await).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crew_member_joins_on_the_web_page_of_the_crews_code_until_the_case_ends() {
    let (h, base) = start_web().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut leader = h.worker("张班长");
    let crew = Intake { crew: Some("3".into()), ..Intake::li() }.amount("3万").name("张班长").daily_rate_first(false);
    let filed = texts(&file_complaint_zh_as(&h, &mut leader, &crew).await.unwrap());
    let code = crew_code(&h).await;
    // A Telegram filer keeps the t.me link and the code.
    assert!(filed.contains(&format!("?start=j{code}")) && filed.contains(&format!("/join {code}")), "{filed}");
    // With the web channel on, the web page too, for members on WeChat.
    assert!(filed.contains(&format!("{PUBLIC}/s/j{code}")), "{filed}");
    let path = format!("/s/j{code}");
    // The page's language link: English shown, and the choice goes with the join form.
    let mut english = Browser::new(&base, "zh-CN");
    english.get(&format!("{path}?lang=en")).await;
    assert!(english.text().contains(&tr(Lang::En, "web-crew-title")), "{}", english.text());
    assert!(english.page.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"), "{}", english.page);
    let mut member = member_joins(&base, &path, &code).await;
    member_is_a_claimant_with_their_share(&h).await;
    let status_path = member.status_path();
    member.get(&status_path).await;
    assert!(member.text().contains(FIRST_CASE), "{}", member.text());

    // Once the case is resolved, the link joins nothing: said so, in the page's language.
    press(&h, &xihu, "受理").await;
    resolve_paid_in_full(&h, &xihu).await;
    let mut late = Browser::new(&base, "en-GB");
    late.get(&path).await;
    assert_eq!(late.status, 404, "{}", late.page);
    assert!(late.text().contains(&tr(Lang::En, "crew-code-ended-web")), "{}", late.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_crew_link_gets_a_localized_not_found_page() {
    let (h, base) = start_web().await;
    for (accept, lang) in [("zh-CN", Lang::ZhHans), ("en-US", Lang::En)] {
        let mut b = Browser::new(&base, accept);
        b.get("/s/j7KQ2XM").await;
        assert_eq!(b.status, 404, "{}", b.page);
        let text = b.text();
        assert!(text.contains(&tr(lang, "web-crew-unknown-title")), "{lang:?}: {text}");
        assert!(text.contains(&tr(lang, "crew-code-unknown-web")), "{lang:?}: {text}");
        assert!(b.cookie.is_none(), "no session for a page with no form");
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM web_sessions").await, 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_filer_gets_the_crews_web_link_to_forward_and_a_member_joins_through_it() {
    let (h, base) = start_web().await;
    let _xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let mut leader = Browser::new(&base, "zh-CN");
    leader_files_for_a_crew(&h, &mut leader).await;
    // The web link to forward, said so; no t.me link and no command (the page check refuses those).
    let code = crew_code(&h).await;
    let path = crew_path(&leader);
    assert_eq!(path, format!("/s/j{code}"));
    let told = leader.text();
    assert!(told.contains("发给工友") && told.contains("微信") && !told.contains("t.me"), "{told}");

    // The page after filing is gone with the leader's next step: the status page keeps the link.
    let leader_status = leader.status_path();
    leader.get(&leader_status).await;
    assert!(leader.page.contains(&format!("{PUBLIC}{path}")), "{}", leader.text());

    let mut member = member_joins(&base, &path, &code).await;
    assert_ne!(member.cookie, leader.cookie, "a session of its own");
    member_is_a_claimant_with_their_share(&h).await;
    let member_status = member.status_path();
    member.get(&member_status).await;
    assert!(!member.page.contains(&format!("{PUBLIC}{path}")), "the leader's to pass on: {}", member.text());
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crew_codes_cannot_be_tried_faster_than_an_address_may_post() {
    let (h, base) = start_web().await;
    let mut b = Browser::new(&base, "en-US");
    let mut tried = 0;
    while tried < 2_000 {
        // Six letters of the crew alphabet, a different guess each time.
        let alphabet = wagedesk::crew::CODE_ALPHABET;
        let guess: String = (0..6).map(|i| alphabet[(tried / 31usize.pow(i)) % 31] as char).collect();
        b.get(&format!("/s/j{guess}")).await;
        tried += 1;
        if b.status == 429 {
            break;
        }
        assert_eq!(b.status, 404, "{}", b.page);
    }
    assert!((100..2_000).contains(&tried), "refused after {tried} guesses");
    assert!(b.text().contains(&tr(Lang::En, "web-too-many")), "{}", b.text());
    finish(h).await;
}
