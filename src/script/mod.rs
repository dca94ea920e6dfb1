//! The one language of what a simulated worker or office clerk does — type, press a button, share
//! their phone, send a photo — and the Chinese intake written once in it ([`Intake`]). The demo, the
//! integration tests, the crash and signal load tests and the comparison benchmark all play scripts in
//! this language; each has only a small adapter that waits for the bot in its own way.
//!
//! Scripts are data: a script is a `Vec<Act>`, built before it runs and printable in any failure.

mod intake;

pub use intake::{Intake, Opening, Phone, Worksite, evidence_photo};

use anyhow::bail;

use crate::i18n::{Lang, tr};
use crate::standin::{FakeUser, SentMessage, StandIn, Target};

/// The language simulated workers and clerks read and write.
pub const LANG: Lang = Lang::ZhHans;

/// One thing a worker (or a clerk) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Types a message; commands (`/start`) are typed too.
    Type(String),
    /// Presses the button whose label contains this, on the newest message that has one.
    Press(String),
    /// Shares their own phone number as a contact card (in their private chat).
    Contact(String),
    /// Sends a photo with these bytes.
    Photo(Vec<u8>),
}

impl Act {
    pub fn text(text: impl Into<String>) -> Act {
        Act::Type(text.into())
    }

    pub fn press(label: impl Into<String>) -> Act {
        Act::Press(label.into())
    }

    /// Presses the button labelled with locale message `id` (in [`LANG`]): a relabelled button
    /// changes the scripts with it.
    pub fn button(id: &str) -> Act {
        Act::Press(tr(LANG, id))
    }

    pub fn contact(phone: impl Into<String>) -> Act {
        Act::Contact(phone.into())
    }

    pub fn photo(bytes: impl Into<Vec<u8>>) -> Act {
        Act::Photo(bytes.into())
    }
}

/// Queues `act` as `user` posting at `place` (their private chat, an office group or one of its
/// topics) on the stand-in. Waiting for the bot's answer is the caller's business.
pub fn perform(standin: &StandIn, user: &FakeUser, place: Target, act: &Act) -> anyhow::Result<()> {
    match act {
        Act::Type(text) => {
            standin.send_text(user, place, text);
        }
        Act::Press(label) => {
            let (message, data) = newest_button(standin, place.chat_id, label)?;
            standin.press_button(user, &message, &data)?;
        }
        Act::Contact(phone) => {
            standin.share_contact(user, phone);
        }
        Act::Photo(bytes) => {
            standin.send_photo(user, place, bytes.clone(), None);
        }
    }
    Ok(())
}

/// The newest bot message in `chat` with a button whose label contains `label`, and that button's
/// callback data.
pub fn newest_button(standin: &StandIn, chat: i64, label: &str) -> anyhow::Result<(SentMessage, String)> {
    let messages = standin.messages_in(chat);
    let found = messages.iter().rev().find_map(|m| {
        m.callback_buttons().into_iter().find(|(text, _)| text.contains(label)).map(|(_, data)| (m.clone(), data))
    });
    match found {
        Some(found) => Ok(found),
        None => {
            let last = messages.last().and_then(|m| m.text.clone());
            bail!("no button labelled {label:?} in chat {chat}; the bot's last message there: {last:?}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_button_is_pressed_by_its_label_in_the_locale() {
        assert_eq!(Act::button("button-submit"), Act::press("我保证属实，提交"));
        assert_eq!(Act::text("/start"), Act::Type("/start".to_owned()));
    }
}
