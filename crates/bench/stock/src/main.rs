//! wagedesk's Chinese intake written the way teloxide's own examples write a dialogue: a `State` enum
//! kept in `SqliteStorage::open`, a `Dispatcher` with `dptree::case!` branches, and handlers that reply
//! first and then save the next state. No inbox, no outbox: what a user would write without wagedesk.
//! The benchmark runs it against the local stand-in (TELOXIDE_TOKEN, TELOXIDE_API_URL); STOCK_DB names
//! the SQLite file (default `stock.db`).

mod texts;

use std::error::Error;

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use teloxide::dispatching::dialogue::serializer::Json;
use teloxide::dispatching::dialogue::{self, SqliteStorage};
use teloxide::dispatching::{UpdateHandler, dialogue::Dialogue};
use teloxide::prelude::*;
use teloxide::types::{KeyboardRemove, ReplyMarkup};

use texts::*;

type Storage = SqliteStorage<Json>;
type MyDialogue = Dialogue<State, Storage>;
type HandlerResult = Result<(), Box<dyn Error + Send + Sync>>;

/// Everything the worker answered so far.
#[derive(Clone, Default, Debug, Serialize, Deserialize)]
struct Draft {
    lang: String,
    county: usize,
    county_name: String,
    township: String,
    site: String,
    sector: String,
    employer_kind: String,
    employer: String,
    claim: String,
    litigation: String,
    amount: u64,
    period: String,
    workers: String,
    name: String,
    phone: String,
    id_number: Option<String>,
    evidence: Vec<String>,
    description: String,
    urgent: bool,
}

#[derive(Clone, Default, Debug, Serialize, Deserialize)]
enum State {
    #[default]
    Start,
    Language,
    Consent(Draft),
    County(Draft),
    Township(Draft),
    Site(Draft),
    Sector(Draft),
    EmployerKind(Draft),
    Employer(Draft),
    ClaimKind(Draft),
    Litigation(Draft),
    Amount(Draft),
    AmountConfirm(Draft),
    Period(Draft),
    Workers(Draft),
    Name(Draft),
    Phone(Draft),
    IdConsent(Draft),
    IdNumber(Draft),
    Evidence(Draft),
    Description(Draft),
    Summary(Draft),
    Notice(Draft),
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let path = std::env::var("STOCK_DB").unwrap_or_else(|_| "stock.db".to_owned());
    let storage = SqliteStorage::open(&path, Json).await?;
    // Finished complaints go into the same file, through a pool of their own.
    let complaints = SqlitePool::connect(&format!("sqlite:{path}?mode=rwc")).await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS complaints (id INTEGER PRIMARY KEY, chat_id BIGINT NOT NULL, case_number TEXT, draft TEXT NOT NULL)",
    )
    .execute(&complaints)
    .await?;
    let bot = Bot::from_env();
    Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![storage, complaints])
        .enable_ctrlc_handler()
        .build()
        .dispatch()
        .await;
    Ok(())
}

fn schema() -> UpdateHandler<Box<dyn Error + Send + Sync + 'static>> {
    use dptree::case;

    let messages = Update::filter_message()
        .branch(dptree::filter(|m: Message| matches!(m.text(), Some("/start" | "/new"))).endpoint(start))
        .branch(case![State::Site(d)].endpoint(receive_site))
        .branch(case![State::Employer(d)].endpoint(receive_employer))
        .branch(case![State::Amount(d)].endpoint(receive_amount))
        .branch(case![State::Period(d)].endpoint(receive_period))
        .branch(case![State::Name(d)].endpoint(receive_name))
        .branch(case![State::Phone(d)].endpoint(receive_phone))
        .branch(case![State::IdNumber(d)].endpoint(receive_id))
        .branch(case![State::Evidence(d)].endpoint(receive_evidence))
        .branch(case![State::Description(d)].endpoint(receive_description))
        .branch(dptree::endpoint(use_buttons));

    let buttons = Update::filter_callback_query()
        .branch(case![State::Language].endpoint(receive_language))
        .branch(case![State::Consent(d)].endpoint(receive_consent))
        .branch(case![State::County(d)].endpoint(receive_county))
        .branch(case![State::Township(d)].endpoint(receive_township))
        .branch(case![State::Sector(d)].endpoint(receive_sector))
        .branch(case![State::EmployerKind(d)].endpoint(receive_employer_kind))
        .branch(case![State::ClaimKind(d)].endpoint(receive_claim))
        .branch(case![State::Litigation(d)].endpoint(receive_litigation))
        .branch(case![State::AmountConfirm(d)].endpoint(receive_amount_confirm))
        .branch(case![State::Workers(d)].endpoint(receive_workers))
        .branch(case![State::IdConsent(d)].endpoint(receive_id_consent))
        .branch(case![State::IdNumber(d)].endpoint(skip_id))
        .branch(case![State::Evidence(d)].endpoint(evidence_done_pressed))
        .branch(case![State::Summary(d)].endpoint(receive_summary))
        .branch(case![State::Notice(d)].endpoint(receive_notice))
        .branch(dptree::endpoint(stale_button));

    dialogue::enter::<Update, Storage, State, _>().branch(messages).branch(buttons)
}

/// Sends the question that belongs to `next`, then saves `next`.
async fn ask(bot: &Bot, dialogue: &MyDialogue, next: State) -> HandlerResult {
    let chat = dialogue.chat_id();
    let (text, markup): (String, Option<ReplyMarkup>) = match &next {
        State::Start => return Ok(dialogue.exit().await?),
        State::Language => (ASK_LANGUAGE.into(), Some(buttons("lang", LANGUAGES, 2))),
        State::Consent(_) => (ASK_CONSENT.into(), Some(buttons("consent", CONSENT, 2))),
        State::County(_) => {
            let mut names: Vec<&str> = COUNTIES.iter().map(|c| c.0).collect();
            names.push(COUNTY_OTHER);
            (ASK_COUNTY.into(), Some(buttons("county", &names, 2)))
        }
        State::Township(d) => (ASK_TOWNSHIP.into(), Some(buttons("township", &townships(d.county), 2))),
        State::Site(_) => (ASK_SITE.into(), None),
        State::Sector(_) => (ASK_SECTOR.into(), Some(buttons("sector", SECTORS, 2))),
        State::EmployerKind(_) => (ASK_EMPLOYER_KIND.into(), Some(buttons("kind", EMPLOYER_KINDS, 2))),
        State::Employer(_) => (ASK_EMPLOYER.into(), None),
        State::ClaimKind(_) => (ASK_CLAIM.into(), Some(buttons("claim", CLAIMS, 1))),
        State::Litigation(_) => (ASK_LITIGATION.into(), Some(buttons("litigation", LITIGATION, 3))),
        State::Amount(_) => (ASK_AMOUNT.into(), None),
        State::AmountConfirm(d) => {
            (format!("欠你 ¥{} 元，对吗？", yuan(d.amount)), Some(buttons("amount", AMOUNT_CONFIRM, 2)))
        }
        State::Period(_) => (ASK_PERIOD.into(), None),
        State::Workers(_) => (ASK_WORKERS.into(), Some(buttons("workers", WORKERS, 2))),
        State::Name(_) => (ASK_NAME.into(), None),
        State::Phone(_) => (ASK_PHONE.into(), Some(share_phone())),
        State::IdConsent(_) => (ASK_ID_CONSENT.into(), Some(buttons("idconsent", ID_CONSENT, 2))),
        State::IdNumber(_) => (ASK_ID.into(), Some(buttons("idskip", &ID_CONSENT[1..], 1))),
        State::Evidence(d) => (ASK_EVIDENCE.into(), Some(evidence_done(d.evidence.len()))),
        State::Description(_) => (ASK_DESCRIPTION.into(), None),
        State::Summary(d) => (summary(d), Some(buttons("summary", SUMMARY, 2))),
        State::Notice(_) => (NOTICE.into(), Some(buttons("notice", SUBMIT, 1))),
    };
    let mut request = bot.send_message(chat, text);
    if let Some(markup) = markup {
        request = request.reply_markup(markup);
    }
    request.await?;
    dialogue.update(next).await?;
    Ok(())
}

fn townships(county: usize) -> Vec<&'static str> {
    let mut names: Vec<&str> = COUNTIES.get(county).map(|c| c.2.to_vec()).unwrap_or_default();
    names.push(NOT_SURE);
    names
}

fn summary(d: &Draft) -> String {
    let id = d.id_number.as_deref().map_or_else(|| "未填".to_owned(), mask_id);
    let urgent = if d.urgent { "🚨 已标记为紧急\n" } else { "" };
    format!(
        "请核对你的投诉：\n工地：{} · {} · {}\n行业：{}\n欠钱的：{} · {}\n欠的是：{}\n仲裁/诉讼：{}\n金额：¥{} 元\n时间：{}\n人数：{}\n姓名：{}\n手机：{}\n身份证：{}\n证据：{} 件\n情况：{}\n{urgent}\n要改哪一项就按哪一项；没问题请按“确认无误”。",
        d.county_name,
        d.township,
        d.site,
        d.sector,
        d.employer_kind,
        d.employer,
        d.claim,
        d.litigation,
        yuan(d.amount),
        d.period,
        d.workers,
        d.name,
        mask_phone(&d.phone),
        id,
        d.evidence.len(),
        d.description,
    )
}

async fn say(bot: &Bot, dialogue: &MyDialogue, text: &str) -> HandlerResult {
    bot.send_message(dialogue.chat_id(), text).await?;
    Ok(())
}

async fn start(bot: Bot, dialogue: MyDialogue) -> HandlerResult {
    ask(&bot, &dialogue, State::Language).await
}

async fn use_buttons(bot: Bot, dialogue: MyDialogue, state: State) -> HandlerResult {
    match state {
        State::Start => ask(&bot, &dialogue, State::Language).await,
        _ => say(&bot, &dialogue, USE_BUTTONS).await,
    }
}

async fn stale_button(bot: Bot, q: CallbackQuery) -> HandlerResult {
    bot.answer_callback_query(q.id).text(STALE_BUTTON).await?;
    Ok(())
}

/// Answers the press (Telegram shows a spinner until then) and says which option it chose.
async fn press(bot: &Bot, q: &CallbackQuery, step: &str, options: &[&'static str]) -> Result<Option<(usize, &'static str)>, Box<dyn Error + Send + Sync>> {
    let choice = picked(q.data.as_deref(), step, options);
    let mut answer = bot.answer_callback_query(q.id.clone());
    if choice.is_none() {
        answer = answer.text(STALE_BUTTON);
    }
    answer.await?;
    Ok(choice)
}

async fn receive_language(bot: Bot, dialogue: MyDialogue, q: CallbackQuery) -> HandlerResult {
    let Some((_, lang)) = press(&bot, &q, "lang", LANGUAGES).await? else { return Ok(()) };
    // The baseline speaks Chinese only, as the benchmark's workers do.
    say(&bot, &dialogue, WELCOME).await?;
    ask(&bot, &dialogue, State::Consent(Draft { lang: lang.to_owned(), ..Draft::default() })).await
}

async fn receive_consent(bot: Bot, dialogue: MyDialogue, d: Draft, q: CallbackQuery) -> HandlerResult {
    match press(&bot, &q, "consent", CONSENT).await? {
        Some((0, _)) => ask(&bot, &dialogue, State::County(d)).await,
        Some(_) => {
            say(&bot, &dialogue, DECLINED).await?;
            Ok(dialogue.exit().await?)
        }
        None => Ok(()),
    }
}

async fn receive_county(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let mut names: Vec<&'static str> = COUNTIES.iter().map(|c| c.0).collect();
    names.push(COUNTY_OTHER);
    let Some((index, name)) = press(&bot, &q, "county", &names).await? else { return Ok(()) };
    d.county = index;
    d.county_name = name.to_owned();
    if index < COUNTIES.len() {
        ask(&bot, &dialogue, State::Township(d)).await
    } else {
        ask(&bot, &dialogue, State::Site(d)).await
    }
}

async fn receive_township(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((_, name)) = press(&bot, &q, "township", &townships(d.county)).await? else { return Ok(()) };
    d.township = name.to_owned();
    ask(&bot, &dialogue, State::Site(d)).await
}

/// Free text of `min..=max` characters, or the error is said and the question stays.
fn text_between(msg: &Message, min: usize, max: usize) -> Option<String> {
    let text = msg.text()?.trim();
    (min..=max).contains(&text.chars().count()).then(|| text.to_owned())
}

async fn receive_site(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let Some(site) = text_between(&msg, 2, 200) else { return say(&bot, &dialogue, ERROR_SITE).await };
    d.site = site;
    ask(&bot, &dialogue, State::Sector(d)).await
}

async fn receive_sector(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((_, sector)) = press(&bot, &q, "sector", SECTORS).await? else { return Ok(()) };
    d.sector = sector.to_owned();
    ask(&bot, &dialogue, State::EmployerKind(d)).await
}

async fn receive_employer_kind(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((_, kind)) = press(&bot, &q, "kind", EMPLOYER_KINDS).await? else { return Ok(()) };
    d.employer_kind = kind.to_owned();
    ask(&bot, &dialogue, State::Employer(d)).await
}

async fn receive_employer(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let Some(employer) = text_between(&msg, 2, 100) else { return say(&bot, &dialogue, ERROR_EMPLOYER).await };
    d.employer = employer;
    ask(&bot, &dialogue, State::ClaimKind(d)).await
}

async fn receive_claim(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((_, claim)) = press(&bot, &q, "claim", CLAIMS).await? else { return Ok(()) };
    d.claim = claim.to_owned();
    ask(&bot, &dialogue, State::Litigation(d)).await
}

async fn receive_litigation(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((_, litigation)) = press(&bot, &q, "litigation", LITIGATION).await? else { return Ok(()) };
    d.litigation = litigation.to_owned();
    ask(&bot, &dialogue, State::Amount(d)).await
}

async fn receive_amount(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    match parse_amount(msg.text().unwrap_or_default()) {
        Ok(amount) => {
            d.amount = amount;
            ask(&bot, &dialogue, State::AmountConfirm(d)).await
        }
        Err(error) => {
            say(&bot, &dialogue, error).await?;
            ask(&bot, &dialogue, State::Amount(d)).await
        }
    }
}

async fn receive_amount_confirm(bot: Bot, dialogue: MyDialogue, d: Draft, q: CallbackQuery) -> HandlerResult {
    match press(&bot, &q, "amount", AMOUNT_CONFIRM).await? {
        Some((0, _)) => ask(&bot, &dialogue, State::Period(d)).await,
        Some(_) => ask(&bot, &dialogue, State::Amount(d)).await,
        None => Ok(()),
    }
}

async fn receive_period(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let Some(period) = text_between(&msg, 2, 100) else { return ask(&bot, &dialogue, State::Period(d)).await };
    d.period = period;
    ask(&bot, &dialogue, State::Workers(d)).await
}

async fn receive_workers(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((_, workers)) = press(&bot, &q, "workers", WORKERS).await? else { return Ok(()) };
    d.workers = workers.to_owned();
    ask(&bot, &dialogue, State::Name(d)).await
}

async fn receive_name(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let name = text_between(&msg, 2, 30).filter(|n| !n.chars().any(|c| c.is_ascii_digit()));
    let Some(name) = name else { return say(&bot, &dialogue, ERROR_NAME).await };
    d.name = name;
    ask(&bot, &dialogue, State::Phone(d)).await
}

async fn receive_phone(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let typed = msg.contact().map(|c| c.phone_number.as_str()).or(msg.text());
    let Some(phone) = typed.and_then(parse_phone) else { return say(&bot, &dialogue, ERROR_PHONE).await };
    bot.send_message(dialogue.chat_id(), format!("手机号已记下：{}", mask_phone(&phone)))
        .reply_markup(ReplyMarkup::KeyboardRemove(KeyboardRemove::new()))
        .await?;
    d.phone = phone;
    ask(&bot, &dialogue, State::IdConsent(d)).await
}

async fn receive_id_consent(bot: Bot, dialogue: MyDialogue, d: Draft, q: CallbackQuery) -> HandlerResult {
    match press(&bot, &q, "idconsent", ID_CONSENT).await? {
        Some((0, _)) => ask(&bot, &dialogue, State::IdNumber(d)).await,
        Some(_) => ask(&bot, &dialogue, State::Evidence(d)).await,
        None => Ok(()),
    }
}

async fn skip_id(bot: Bot, dialogue: MyDialogue, d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some(_) = press(&bot, &q, "idskip", &ID_CONSENT[1..]).await? else { return Ok(()) };
    ask(&bot, &dialogue, State::Evidence(d)).await
}

async fn receive_id(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let Some(id) = msg.text().and_then(parse_id) else { return say(&bot, &dialogue, ERROR_ID).await };
    say(&bot, &dialogue, &format!("身份证号已记下：{}", mask_id(&id))).await?;
    d.id_number = Some(id);
    ask(&bot, &dialogue, State::Evidence(d)).await
}

async fn receive_evidence(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let file_id = match (msg.photo(), msg.document(), msg.voice()) {
        (Some(sizes), _, _) => sizes.last().map(|p| p.file.id.to_string()),
        (_, Some(document), _) => Some(document.file.id.to_string()),
        (_, _, Some(voice)) => Some(voice.file.id.to_string()),
        _ => None,
    };
    let Some(file_id) = file_id else { return say(&bot, &dialogue, ERROR_EVIDENCE).await };
    d.evidence.push(file_id);
    say(&bot, &dialogue, &format!("收到第 {} 件证据。", d.evidence.len())).await?;
    ask(&bot, &dialogue, State::Evidence(d)).await
}

async fn evidence_done_pressed(bot: Bot, dialogue: MyDialogue, d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some(_) = press(&bot, &q, "evidence", &["done"]).await? else { return Ok(()) };
    ask(&bot, &dialogue, State::Description(d)).await
}

async fn receive_description(bot: Bot, dialogue: MyDialogue, mut d: Draft, msg: Message) -> HandlerResult {
    let Some(description) = text_between(&msg, 5, 2000) else {
        return say(&bot, &dialogue, ERROR_DESCRIPTION).await;
    };
    d.description = description;
    ask(&bot, &dialogue, State::Summary(d)).await
}

async fn receive_summary(bot: Bot, dialogue: MyDialogue, mut d: Draft, q: CallbackQuery) -> HandlerResult {
    let Some((index, _)) = press(&bot, &q, "summary", SUMMARY).await? else { return Ok(()) };
    // Changing an answer asks that question again and walks on from there.
    let next = match index {
        0 => State::County(d),
        1 => State::Sector(d),
        2 => State::EmployerKind(d),
        3 => State::ClaimKind(d),
        4 => State::Litigation(d),
        5 => State::Amount(d),
        6 => State::Period(d),
        7 => State::Workers(d),
        8 => State::Name(d),
        9 => State::Phone(d),
        10 => State::IdConsent(d),
        11 => State::Evidence(d),
        12 => State::Description(d),
        13 => {
            d.urgent = !d.urgent;
            State::Summary(d)
        }
        _ => State::Notice(d),
    };
    ask(&bot, &dialogue, next).await
}

async fn receive_notice(
    bot: Bot,
    dialogue: MyDialogue,
    d: Draft,
    q: CallbackQuery,
    complaints: SqlitePool,
) -> HandlerResult {
    match press(&bot, &q, "notice", SUBMIT).await? {
        Some((0, _)) => {}
        Some(_) => return ask(&bot, &dialogue, State::Summary(d)).await,
        None => return Ok(()),
    }
    let (code, office) = COUNTIES.get(d.county).map_or(("330100", DEFAULT_OFFICE), |c| (c.1, c.3));
    let draft = format!("{d:?}");
    let id: i64 = sqlx::query_scalar("INSERT INTO complaints (chat_id, draft) VALUES (?, ?) RETURNING id")
        .bind(dialogue.chat_id().0)
        .bind(draft)
        .fetch_one(&complaints)
        .await?;
    let case: String = sqlx::query_scalar(
        "UPDATE complaints SET case_number = printf('QX-%s-%s-%04d', ?, strftime('%Y%m%d', 'now', 'localtime'), id) WHERE id = ? RETURNING case_number",
    )
    .bind(code)
    .bind(id)
    .fetch_one(&complaints)
    .await?;
    say(
        &bot,
        &dialogue,
        &format!(
            "投诉已提交！案件编号：{case}\n请记好这个编号。办理部门会在 5 个工作日内决定是否受理，每有进展我们都会在这里通知你。\n发 /status 可以随时查看进度。"
        ),
    )
    .await?;
    say(&bot, &dialogue, &format!("您的投诉已收到，由 {office} 负责办理。该单位会在 5 个工作日内告诉您是否受理。")).await?;
    Ok(dialogue.exit().await?)
}
