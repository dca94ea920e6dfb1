//! Submitting the finished draft: the caller files it, and [`filed_replies`] tells the worker what
//! happens next.

use super::answers::{chosen, go_to_first_missing};
use super::commands::reset;
use super::turn::Turn;
use super::{Keyboard, Out, Reply};
use crate::channel::{Channel, worded};
use crate::deployment::Web;
use crate::i18n::{Arg, Lang, tr_args};

/// What filing a draft came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// A new case; `tell_worker` holds what the worker is told right away (owner office, due date,
    /// hotlines in an emergency), already in their language.
    Opened { complaint_id: i64, case_number: String, tell_worker: Vec<String>, crew: Option<CrewLink> },
    /// The worker joined an open case as another claimant.
    Joined { complaint_id: i64, case_number: String, tell_worker: Vec<String> },
    /// The worker is already a claimant of this case for an overlapping period: no second claim, but
    /// what the draft adds (words, evidence, an urgent mark) goes to the case; `tell_worker` says
    /// where it went (and gives the hotlines in an emergency). `elsewhere`: their claim is another
    /// chat's (another Telegram account, or the web form), so its progress is followed there, not here.
    AlreadyFiled { case_number: String, tell_worker: Vec<String>, elsewhere: bool },
}

/// The link a filer for several workers passes to the crew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrewLink {
    pub code: String,
    /// The crew size the filer gave, the filer included.
    pub workers: u32,
}

/// "Submit" on the false-claims notice: a complete draft is handed to the caller to file, and the
/// dialogue starts over; an incomplete one (a stored state from an older version) asks what is missing.
pub(super) fn submit(t: &mut Turn<'_>) {
    if !t.d.draft.is_complete() {
        go_to_first_missing(t);
        return;
    }
    chosen(t, t.t("button-submit"));
    t.file = Some(Box::new(t.d.draft.clone()));
    reset(t);
}

/// Where a crew's filer sends the members to join, by the channel the filer used.
#[derive(Debug, Clone, Copy)]
pub enum JoinAt<'a> {
    /// A Telegram filer: the bot's deep link (`bot_username` empty: the code alone), and the web
    /// landing page too when the deployment has the web channel (for members on WeChat).
    Telegram { bot_username: &'a str, web: Option<&'a Web> },
    /// A web filer: the web landing page, to forward in WeChat, where t.me links do not open (the
    /// page exists only with the web channel, so there always is one).
    Web(&'a Web),
}

impl JoinAt<'_> {
    pub fn channel(self) -> Channel {
        match self {
            JoinAt::Telegram { .. } => Channel::Telegram,
            JoinAt::Web(_) => Channel::Web,
        }
    }
}

/// What the worker is told once the draft was filed, worded for the channel of `at`; a crew's filer
/// also gets the crew link to pass on (see [`JoinAt`]).
pub fn filed_replies(lang: Lang, filed: &Filed, at: JoinAt<'_>) -> Vec<Out> {
    let say = |text: String| Out::Say(Reply { text, keyboard: Keyboard::None });
    let case = |n: &str| [("case", Arg::from(n.to_owned()))];
    let channel = at.channel();
    let (id, case_number, tell_worker): (_, _, &[String]) = match filed {
        Filed::Opened { case_number, tell_worker, .. } => ("submitted", case_number, tell_worker),
        Filed::Joined { case_number, tell_worker, .. } => ("filing-joined", case_number, tell_worker),
        Filed::AlreadyFiled { case_number, tell_worker, elsewhere: false } => {
            ("filing-already-filed", case_number, tell_worker)
        }
        Filed::AlreadyFiled { case_number, tell_worker, elsewhere: true } => {
            ("filing-already-filed-elsewhere", case_number, tell_worker)
        }
    };
    let mut outs: Vec<Out> = std::iter::once(tr_args(lang, &worded(id, channel), &case(case_number)))
        .chain(tell_worker.iter().cloned())
        .map(say)
        .collect();
    if let Filed::Opened { crew: Some(crew), .. } = filed {
        outs.push(say(crew_link(lang, crew, at)));
    }
    outs
}

/// The message that gives the filer the crew's link, for the filer's channel.
fn crew_link(lang: Lang, crew: &CrewLink, at: JoinAt<'_>) -> String {
    let mut args = vec![("code", Arg::from(crew.code.clone())), ("workers", Arg::from(crew.workers.to_string()))];
    let (bot_username, web) = match at {
        JoinAt::Web(web) => {
            args.push(("link", Arg::from(web.crew_url(&crew.code))));
            return tr_args(lang, &worded("crew-link", Channel::Web), &args);
        }
        JoinAt::Telegram { bot_username, web } => (bot_username, web),
    };
    let id = if bot_username.is_empty() {
        "crew-link-code-only"
    } else {
        let link = crate::channel::start_link(bot_username, &crate::crew::payload(&crew.code));
        args.push(("link", Arg::from(link)));
        "crew-link"
    };
    let mut text = tr_args(lang, id, &args);
    if let Some(web) = web {
        text.push('\n');
        text.push_str(&tr_args(lang, "crew-link-web-also", &[("link", Arg::from(web.crew_url(&crew.code)))]));
    }
    text
}
