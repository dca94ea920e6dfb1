//! The questions `/withdraw` and `/delete_my_data` ask (in a Telegram chat, or from a web worker's
//! status page), and what their buttons do (个人信息保护法 Art. 15, 47): each asks first, with buttons
//! that carry `p:<token>:<choice>` — an opaque token of the stored question, never a case id — and
//! every press is checked against the database (the chat's own question, unanswered, recent, the
//! case still open); anything else gets a polite "this button no longer works". What a confirmed
//! press does is [`crate::erasure`]'s, in the transaction of the press.

use chrono::{DateTime, Duration, Utc};
use rand::distr::{Alphanumeric, SampleString};
use wagedesk_store::conn::Conn;

use crate::channel::{Channel, worded};
use crate::clock::stamp;
use crate::commands::PrivacyCommand;
use crate::context::Ctx;
use crate::erasure::{self, Withdrawn};
use crate::i18n::{Arg, Lang, tr, tr_args};
use crate::intake::{Button, Keyboard, Out, Reply};
use crate::storage::erasure as store;
use wagedesk_core::erasure as rules;

/// Buttons of these questions start with this (intake buttons are `<digits>:`, staff `s:`, the relay's
/// case choice `r:`, follow-up questions `c:`).
const PREFIX: &str = "p:";

/// A question is answered within a day, or asked again.
const ANSWER_WITHIN: Duration = Duration::days(1);

const WITHDRAW: &str = "withdraw";
const ERASE: &str = "erase";

pub fn is_button(data: &str) -> bool {
    data.starts_with(PREFIX)
}

fn encode(token: &str, choice: usize) -> String {
    format!("{PREFIX}{token}:{choice}")
}

/// `(token, choice)`: 0 keeps everything as it is, `n` is the n-th offer.
fn decode(data: &str) -> Option<(&str, usize)> {
    let (token, choice) = data.strip_prefix(PREFIX)?.split_once(':')?;
    let choice = choice.parse().ok()?;
    (!token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric())).then_some((token, choice))
}

fn button(label: String, token: &str, choice: usize) -> Vec<Button> {
    vec![Button { label, data: encode(token, choice) }]
}

/// The question a command asks, stored under a new token.
pub async fn ask(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat: i64,
    lang: Lang,
    command: PrivacyCommand,
) -> anyhow::Result<Reply> {
    let token = Alphanumeric.sample_string(&mut rand::rng(), 12);
    let now = stamp(ctx.clock.now());
    match command {
        PrivacyCommand::Withdraw => {
            let parts = erasure::open_parts(&mut *conn, chat).await?;
            if parts.is_empty() {
                let text = tr(lang, &worded("withdraw-none", Channel::of_chat(chat)));
                return Ok(Reply { text, keyboard: Keyboard::None });
            }
            let ids: Vec<i64> = parts.iter().map(|p| p.complaint_id).collect();
            store::insert_prompt(&mut *conn, &token, chat, WITHDRAW, &ids, &now).await?;
            let lines: Vec<String> = parts
                .iter()
                .map(|p| {
                    let amount = crate::render::yuan(p.amount_fen);
                    tr_args(
                        lang,
                        "withdraw-case-line",
                        &[("case", p.case_number.as_str().into()), ("amount", amount.into())],
                    )
                })
                .collect();
            let text = tr_args(lang, "withdraw-ask", &[("cases", Arg::from(lines.join("\n")))]);
            let mut rows: Vec<Vec<Button>> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let label = tr_args(lang, "button-withdraw-case", &[("case", p.case_number.as_str().into())]);
                    button(label, &token, i + 1)
                })
                .collect();
            rows.push(button(tr(lang, "button-withdraw-keep"), &token, 0));
            Ok(Reply { text, keyboard: Keyboard::Inline(rows) })
        }
        PrivacyCommand::DeleteMyData => {
            store::insert_prompt(&mut *conn, &token, chat, ERASE, &[], &now).await?;
            let rows = vec![
                button(tr(lang, "button-erase-confirm"), &token, 1),
                button(tr(lang, "button-erase-keep"), &token, 0),
            ];
            Ok(Reply { text: tr(lang, "erase-ask"), keyboard: Keyboard::Inline(rows) })
        }
    }
}

/// What a press says, and — when it confirmed an erasure — the files to delete after the commit.
pub type Pressed = (Vec<Out>, Option<Vec<String>>);

pub async fn on_button(conn: &mut Conn<'_>, ctx: &Ctx, chat: i64, lang: Lang, data: &str) -> anyhow::Result<Pressed> {
    // Worded for the chat's channel: the web page has buttons, not `/withdraw`.
    let channel = Channel::of_chat(chat);
    let stale = || (vec![Out::Toast(tr(lang, &worded("privacy-stale", channel)))], None);
    let Some((token, choice)) = decode(data) else { return Ok(stale()) };
    let Some(prompt) = store::prompt(&mut *conn, token).await? else { return Ok(stale()) };
    if prompt.chat_id != chat {
        tracing::warn!(chat, "a privacy button of another chat pressed");
        return Ok(stale());
    }
    let asked = DateTime::parse_from_rfc3339(&prompt.created_at).map(|t| t.with_timezone(&Utc));
    let fresh = asked.is_ok_and(|t| ctx.clock.now() - t < ANSWER_WITHIN);
    let offered = match prompt.kind.as_str() {
        WITHDRAW => prompt.cases.len(),
        _ => 1,
    };
    if prompt.answered || !fresh || choice > offered {
        return Ok(stale());
    }
    // Two presses at once (two browsers on one status page, replicas on PostgreSQL): the one whose
    // answer lands first acts, the other finds the question answered.
    if !store::answer_prompt(&mut *conn, token, &stamp(ctx.clock.now())).await? {
        return Ok(stale());
    }
    let say = |id: &str| Out::Say(Reply { text: tr(lang, &worded(id, channel)), keyboard: Keyboard::None });
    match (prompt.kind.as_str(), choice) {
        (WITHDRAW, 0) => {
            Ok((vec![Out::Chosen { label: tr(lang, "button-withdraw-keep") }, say("withdraw-kept")], None))
        }
        (_, 0) => Ok((vec![Out::Chosen { label: tr(lang, "button-erase-keep") }, say("erase-kept")], None)),
        (WITHDRAW, n) => {
            let complaint_id = prompt.cases[n - 1];
            let parts = erasure::open_parts(&mut *conn, chat).await?;
            let Some(part) = parts.into_iter().find(|p| p.complaint_id == complaint_id) else {
                return Ok((vec![say("withdraw-refused")], None));
            };
            let label = tr_args(lang, "button-withdraw-case", &[("case", part.case_number.as_str().into())]);
            let chosen = Out::Chosen { label };
            match erasure::withdraw(&mut *conn, ctx, chat, &part).await? {
                // The case's own notice tells the worker it was withdrawn.
                Ok(Withdrawn::Ended) => Ok((vec![chosen], None)),
                Ok(Withdrawn::Left { owner, owner_linked }) => {
                    let text = rules::left(&ctx.deployment, lang, &part.case_number, &owner, owner_linked);
                    Ok((vec![chosen, Out::Say(Reply { text, keyboard: Keyboard::None })], None))
                }
                Err(e) => {
                    tracing::info!(case = %part.case_number, error = %e, "withdrawal refused");
                    Ok((vec![say("withdraw-refused")], None))
                }
            }
        }
        (_, _) => {
            let erased = erasure::erase_chat(&mut *conn, ctx, chat).await?;
            let outs = vec![Out::Chosen { label: tr(lang, "button-erase-confirm") }, say("erase-done")];
            Ok((outs, Some(erased.files)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_data_reads_back_and_anything_else_is_not_ours() {
        assert_eq!(decode(&encode("Ab12cd34Ef56", 2)), Some(("Ab12cd34Ef56", 2)));
        assert_eq!(decode("p:Ab12:0"), Some(("Ab12", 0)));
        for bad in ["p::1", "p:Ab12", "p:Ab12:x", "p:Ab-12:1", "c:Ab12:1", "p:Ab12:-1"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        assert!(encode("Ab12cd34Ef56", 12).len() <= 64, "fits Telegram's 64 bytes of button data");
    }
}
