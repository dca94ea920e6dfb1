//! Which channel a worker is reached on. The core keys a worker by a "chat id" (the dialogue, the
//! claimant, the outbox row, the follow-up question); a worker on the web channel gets one too, from
//! an id space Telegram never uses, so every decision runs unchanged for both channels:
//!
//! - Telegram's private chat ids are user ids, which have at most 52 significant bits; groups are
//!   negative. A web worker's chat id is [`WEB_CHAT_BASE`] plus their web session's row id: positive
//!   (a private worker everywhere the core asks), and never a Telegram id.
//! - The store applies a decision the same way for both; only where a row would go to Telegram (the
//!   outbox) does it look at the channel: a web chat's row goes to the worker's web mailbox instead,
//!   read by their private status page, and is never sent to Telegram.
//! - The complaint records the channel it was filed on (`complaints.channel`), which the office's card
//!   shows; "connect Telegram" later moves the worker's notifications, not that mark.

use serde::{Deserialize, Serialize};

use crate::crypto::Vault;

/// The first web chat id: 2^53, above every Telegram user id (at most 52 significant bits).
pub const WEB_CHAT_BASE: i64 = 1 << 53;

/// Where a worker files and is told things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Telegram,
    Web,
}

impl Channel {
    /// The worker-facing channel of a chat id.
    pub fn of_chat(chat_id: i64) -> Channel {
        if is_web_chat(chat_id) { Channel::Web } else { Channel::Telegram }
    }

    /// As stored (`complaints.channel`).
    pub fn code(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Web => "web",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        match code {
            "telegram" => Some(Channel::Telegram),
            "web" => Some(Channel::Web),
            _ => None,
        }
    }
}

/// Whether a chat id names a web worker.
pub fn is_web_chat(chat_id: i64) -> bool {
    chat_id >= WEB_CHAT_BASE
}

/// The chat id of web session `session_id` (its row id, from 1).
pub fn web_chat(session_id: i64) -> i64 {
    WEB_CHAT_BASE.saturating_add(session_id)
}

/// Messages whose Telegram wording names commands ("发 /new", "发 /status") or a button only Telegram
/// shows ("share my phone number"): on the web page the same step says `<id>-web`, which names the
/// page's buttons, the status page or the signboard instead.
pub const WEB_WORDED: &[&str] = &[
    "idle-hint",
    "cancelled",
    "consent-declined",
    "cancelled-too-old",
    "warn-period-too-old",
    "submitted",
    "filing-already-filed",
    "ask-phone",
    "crew-code-ended",
    "crew-code-unknown",
    "crew-link",
    "outcome-unfounded",
    "withdraw-none",
    "withdraw-refused",
    "erase-done",
    "privacy-stale",
    "followup-recheck-thanks",
    "relay-sent",
];

/// The message id to say `id` with on `channel`.
pub fn worded(id: &str, channel: Channel) -> std::borrow::Cow<'_, str> {
    if channel == Channel::Web && WEB_WORDED.contains(&id) {
        std::borrow::Cow::Owned(format!("{id}-web"))
    } else {
        std::borrow::Cow::Borrowed(id)
    }
}

/// A `t.me` link that opens the bot and sends it `/start <payload>`: a signboard's project code, a
/// crew's code, a web worker's "connect Telegram" payload.
pub fn start_link(bot_username: &str, payload: &str) -> String {
    format!("https://t.me/{bot_username}?start={payload}")
}

/// The `/start` payload of a web worker's "connect Telegram" link: `w<session id>_<mac>`, the MAC the
/// vault's keyed hash of the chat id, so nobody can make one for someone else's chat. It is shown only
/// on the worker's private status page, and opening it moves what was theirs there to the Telegram
/// chat that opened it (the store's `move_chat`): a link opened again finds nothing left to move.
pub fn telegram_link_payload(vault: &Vault, web_chat: i64) -> String {
    let mac = vault.lookup_hash(LINK_KIND, &web_chat.to_string());
    format!("w{}_{}", web_chat - WEB_CHAT_BASE, &mac[..LINK_MAC_CHARS.min(mac.len())])
}

/// The web chat a "connect Telegram" payload names, if its MAC holds under any key of the keyring
/// (a rotation does not break links already shown).
pub fn web_chat_of_payload(vault: &Vault, payload: &str) -> Option<i64> {
    let (id, mac) = payload.strip_prefix('w')?.split_once('_')?;
    if id.is_empty() || id.len() > 15 || !id.bytes().all(|b| b.is_ascii_digit()) || mac.len() != LINK_MAC_CHARS {
        return None;
    }
    let chat = web_chat(id.parse().ok()?);
    let genuine =
        vault.lookup_hashes(LINK_KIND, &chat.to_string()).iter().any(|h| h.get(..LINK_MAC_CHARS) == Some(mac));
    genuine.then_some(chat)
}

const LINK_KIND: &str = "web-telegram-link";
/// 32 hex characters (128 bits) of the MAC: the payload stays well inside Telegram's 64 characters.
const LINK_MAC_CHARS: usize = 32;

/// What opening a "connect Telegram" link comes to, decided from what the web chat held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connect {
    /// The worker's part of these cases (by number) now reaches the Telegram chat.
    Moved { cases: Vec<String> },
    /// The link was used already (or its chat filed nothing): nothing moves.
    Nothing,
}

impl Connect {
    /// The message the Telegram chat gets, and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, crate::i18n::Arg)>) {
        match self {
            Connect::Moved { cases } => ("web-connected", vec![("cases", crate::i18n::Arg::from(cases.join("、")))]),
            Connect::Nothing => ("web-connect-nothing", Vec::new()),
        }
    }
}

/// The decision: move when the web chat still has cases of its own.
pub fn connect(cases_of_web_chat: Vec<String>) -> Connect {
    if cases_of_web_chat.is_empty() { Connect::Nothing } else { Connect::Moved { cases: cases_of_web_chat } }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::from_keyring(crate::crypto::Keyring::new(crate::crypto::MasterKey::random(), []))
    }

    #[test]
    fn a_connect_link_names_its_chat_and_cannot_be_forged_or_moved() {
        let v = vault();
        let chat = web_chat(42);
        let payload = telegram_link_payload(&v, chat);
        assert!(payload.len() <= 64 && payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{payload}");
        assert_eq!(web_chat_of_payload(&v, &payload), Some(chat));
        // Another session's id with this MAC, a changed MAC, another key, signboard and crew codes.
        let mac = payload.split_once('_').expect("an id and a MAC").1;
        assert_eq!(web_chat_of_payload(&v, &format!("w43_{mac}")), None);
        let mut forged = payload.clone();
        forged.replace_range(payload.len() - 1.., if payload.ends_with('0') { "1" } else { "0" });
        assert_eq!(web_chat_of_payload(&v, &forged), None);
        assert_eq!(web_chat_of_payload(&vault(), &payload), None);
        // After a rotation the old key still opens links already shown.
        let rotated = Vault::from_keyring(crate::crypto::Keyring::new(
            crate::crypto::MasterKey::random(),
            [v.keyring().current().clone()],
        ));
        assert_eq!(web_chat_of_payload(&rotated, &payload), Some(chat));
        for other in ["rIssHFb6oGxBcZ8LsS2A3-", "j7KQ2XM", "w", "w_", "w42_", "wx_abc"] {
            assert_eq!(web_chat_of_payload(&v, other), None, "{other}");
        }
    }

    /// Whether `text` tells the reader to send a command: a `/` and a letter at the start of a word
    /// (a link's path does not count).
    pub(crate) fn names_command(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        chars.iter().enumerate().any(|(i, c)| {
            *c == '/'
                && chars.get(i + 1).is_some_and(char::is_ascii_lowercase)
                && i.checked_sub(1)
                    .and_then(|p| chars.get(p))
                    .is_none_or(|p| !p.is_alphanumeric() && !"/:.".contains(*p))
        })
    }

    #[test]
    fn web_wording_exists_in_every_language_and_names_no_command() {
        for id in WEB_WORDED {
            assert_eq!(worded(id, Channel::Telegram), *id);
            let web = worded(id, Channel::Web);
            for lang in crate::i18n::Lang::ALL {
                let args =
                    ["case", "reason", "office", "workers", "link"].map(|name| (name, crate::i18n::Arg::from("QX-1")));
                let text = crate::i18n::tr_args(lang, &web, &args);
                assert_ne!(text, web.as_ref(), "{id} has no web wording in {lang:?}");
                assert!(!names_command(&text) && !text.contains("发 /"), "{web} ({lang:?}) names a command: {text}");
                // The web page shows no "share my contact" keyboard.
                let share = crate::i18n::tr(lang, "button-share-phone");
                let share = share.trim_start_matches(|c: char| !c.is_alphanumeric() && !c.is_whitespace()).trim();
                assert!(!text.contains(share), "{web} ({lang:?}) names Telegram's contact button: {text}");
            }
        }
        assert_eq!(worded("ask-amount", Channel::Web), "ask-amount");
        assert!(names_command("请发 /new。") && names_command("/join 7KQ2XM") && names_command("send /status"));
        assert!(!names_command("https://t.me/bot?start=x") && !names_command("3/4") && !names_command("a/b"));
    }

    /// Messages that name a command but never reach a web worker's page, and why.
    const NEVER_ON_WEB: &[&str] = &[
        // Answers to commands the page never sends (it sends only start, new, cancel, language).
        "help",
        "unknown-command",
        "status-none",
        // Only for a shared contact, which the web cannot send.
        "error-contact-not-own",
        // Told in the Telegram chat that opened a "connect Telegram" link.
        "web-connect-nothing",
        // A Telegram filer's crew code when the bot has no username; a web filer always gets the web
        // landing page's link (`crew-link-web`).
        "crew-link-code-only",
    ];

    /// Every message a worker may read that names a command has a web wording, unless it is listed as
    /// never reaching the web: a new message naming `/new` cannot slip onto a web page unnoticed.
    #[test]
    fn every_worker_message_naming_a_command_has_a_web_wording() {
        let staff_only = ["staff-", "cli-", "demo-", "authz-", "ledger-"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
        for lang in crate::i18n::Lang::ALL {
            for entry in std::fs::read_dir(dir.join(lang.code())).expect("locale dir") {
                let source = std::fs::read_to_string(entry.expect("locale file").path()).expect("locale file");
                let ids = source.lines().filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()));
                for id in ids.filter(|id| !id.is_empty() && !id.starts_with(['#', ' ', '-', '*', '['])) {
                    if staff_only.iter().any(|p| id.starts_with(p)) || NEVER_ON_WEB.contains(&id) {
                        continue;
                    }
                    let text = crate::i18n::tr(lang, id);
                    assert!(
                        !names_command(&text) || WEB_WORDED.contains(&id),
                        "{id} ({lang:?}) names a command and has no web wording: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn connecting_moves_only_what_the_web_chat_still_holds() {
        assert_eq!(connect(Vec::new()), Connect::Nothing);
        assert_eq!(connect(vec!["XH-1".into()]), Connect::Moved { cases: vec!["XH-1".into()] });
    }

    #[test]
    fn web_chats_never_collide_with_telegram_ids() {
        let largest_telegram_user = (1i64 << 52) - 1;
        assert_eq!(Channel::of_chat(largest_telegram_user), Channel::Telegram);
        assert_eq!(Channel::of_chat(-1_001_234_567_890), Channel::Telegram);
        assert_eq!(Channel::of_chat(web_chat(1)), Channel::Web);
        assert!(web_chat(1) > 0, "a web worker is a private worker to the core");
        for c in [Channel::Telegram, Channel::Web] {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
    }
}
