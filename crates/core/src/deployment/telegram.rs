//! `[telegram]`: the bot's public username, which signboards print in their QR links
//! (`https://t.me/<bot_username>?start=<code>`). The token stays in the environment, never here.

use toml::Spanned;

use super::issues::{Collector, ConfigProblem};
use super::raw::RawTelegram;

/// The bot's public identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Telegram {
    /// Without `@`; `None` until the operator has registered the bot (signboards then need
    /// `--bot-username`).
    pub bot_username: Option<String>,
    /// Webhook mode: the public https URL Telegram posts updates to (`None`: long polling).
    pub webhook_url: Option<String>,
    /// Where the webhook server listens behind the proxy (`None`: the default, 127.0.0.1:8443).
    pub webhook_listen: Option<std::net::SocketAddr>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a bot username (5 to 32 of a-z, A-Z, 0-9 and _, ending in \"bot\")")]
pub struct InvalidBotUsername(pub String);

/// A bot username as Telegram allows it: 5 to 32 of `[A-Za-z0-9_]`, starting with a letter and
/// ending in `bot`. A leading `@`, as people often write it, is dropped.
pub fn parse_bot_username(text: &str) -> Result<String, InvalidBotUsername> {
    let name = text.trim().strip_prefix('@').unwrap_or(text.trim());
    let ok = (5..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.to_ascii_lowercase().ends_with("bot");
    if ok { Ok(name.to_string()) } else { Err(InvalidBotUsername(text.to_string())) }
}

pub(super) fn telegram(raw: &RawTelegram, out: &mut Collector<'_>) -> Telegram {
    let bot_username =
        raw.bot_username.as_ref().and_then(|v: &Spanned<String>| match parse_bot_username(v.get_ref()) {
            Ok(name) => Some(name),
            Err(_) => {
                out.error(Some(v.span()), "telegram.bot_username", ConfigProblem::BadBotUsername(v.get_ref().clone()));
                None
            }
        });
    let webhook_url = raw.webhook_url.as_ref().and_then(|v| {
        let url = v.get_ref().trim();
        if url.starts_with("https://") && url.len() > "https://".len() {
            Some(url.to_owned())
        } else {
            out.error(Some(v.span()), "telegram.webhook_url", ConfigProblem::BadWebhookUrl(v.get_ref().clone()));
            None
        }
    });
    let webhook_listen = raw.webhook_listen.as_ref().and_then(|v| match v.get_ref().trim().parse() {
        Ok(at) => Some(at),
        Err(_) => {
            out.error(Some(v.span()), "telegram.webhook_listen", ConfigProblem::BadListenAddress(v.get_ref().clone()));
            None
        }
    });
    Telegram { bot_username, webhook_url, webhook_listen }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_usernames_follow_telegrams_rules() {
        assert_eq!(parse_bot_username("wagedesk_bot"), Ok("wagedesk_bot".into()));
        assert_eq!(parse_bot_username("@XihuWageBot"), Ok("XihuWageBot".into()));
        let too_long = format!("{}bot", "a".repeat(30));
        for bad in ["", "bot", "wagedesk", "1wagebot", "wage-desk_bot", "t.me/wagedesk_bot", &too_long] {
            assert!(parse_bot_username(bad).is_err(), "{bad:?}");
        }
    }
}
