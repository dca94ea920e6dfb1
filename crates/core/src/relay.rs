//! The two-way relay between a worker's private chat and their case's thread in the office group,
//! decided: what the worker sends after filing goes into the thread labelled with the case number
//! (never their account; phone and ID numbers in their words masked); what the owning office writes
//! in the thread (or as a reply to a case message) reaches the worker signed with the office's name,
//! never the staff member's. Co-handlers and the supervisor comment into the owner's thread. The
//! adapter (`src/staff/relay.rs`) loads the cases, stores and sends.

use crate::case::Message;
use crate::channel::Channel;
use crate::deployment::{Deployment, OfficeId};
use crate::i18n::{self, Lang};
use crate::intake::draft::EvidenceItem;
use crate::office::authz::{self, Action, Place, Refusal, Sender};
use crate::office::card::{OFFICE_LANG, evidence_caption};
use crate::office::mask::mask_numbers;
use crate::outgoing::{Button, Keyboard, MAX_CAPTION_CHARS, Reply};
use crate::render::office_name;

/// Button data of "this message is for case N": `r:<worker message id>:<case>`.
const CHOICE_PREFIX: &str = "r:";

/// A message from the worker's private chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerPost {
    pub chat_id: i64,
    pub lang: Lang,
    pub message_id: i32,
    /// text, photo, document, voice, video, audio.
    pub kind: String,
    /// Text or caption.
    pub text: Option<String>,
    /// The downloaded file, for media.
    pub evidence: Option<EvidenceItem>,
}

impl WorkerPost {
    /// Words the worker typed (on the web, `message_id` is 0: there is no message to copy).
    pub fn text(chat_id: i64, lang: Lang, message_id: i32, text: String) -> WorkerPost {
        WorkerPost { chat_id, lang, message_id, kind: "text".to_owned(), text: Some(text), evidence: None }
    }
}

/// A worker's case that is still being handled, as the relay offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub complaint_id: i64,
    pub case_number: String,
    pub employer: String,
}

/// Where a worker's message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromWorker {
    /// No open case: the message is the intake's.
    Intake,
    /// To this case's thread.
    To(i64),
    /// Several open cases: hold the message and ask which one (a button per case).
    Hold(Reply),
}

pub fn from_worker(w: &WorkerPost, cases: &[OpenCase]) -> FromWorker {
    match cases {
        [] => FromWorker::Intake,
        [one] => FromWorker::To(one.complaint_id),
        several => {
            let rows = several
                .iter()
                .map(|c| {
                    let label = format!("{} · {}", c.case_number, c.employer).chars().take(60).collect();
                    let choice = Choice { message_id: w.message_id, complaint_id: c.complaint_id };
                    vec![Button { label, data: choice.encode() }]
                })
                .collect();
            FromWorker::Hold(Reply { text: i18n::tr(w.lang, "relay-which-case"), keyboard: Keyboard::Inline(rows) })
        }
    }
}

/// The worker's answer to "which case is this message for?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub message_id: i32,
    pub complaint_id: i64,
}

impl Choice {
    pub fn encode(self) -> String {
        format!("{CHOICE_PREFIX}{}:{}", self.message_id, self.complaint_id)
    }

    /// Whether button data is a relay choice at all (well formed or not).
    pub fn is_choice(data: &str) -> bool {
        data.starts_with(CHOICE_PREFIX)
    }

    pub fn decode(data: &str) -> Option<Choice> {
        let (m, c) = data.strip_prefix(CHOICE_PREFIX)?.split_once(':')?;
        Some(Choice { message_id: m.parse().ok()?, complaint_id: c.parse().ok()? })
    }

    /// The choice, if it names one of the worker's open cases now (a case closed since, or another
    /// worker's, is stale); otherwise the message id of the polite refusal.
    pub fn check(data: &str, cases: &[OpenCase]) -> Result<Choice, &'static str> {
        Choice::decode(data)
            .filter(|c| cases.iter().any(|o| o.complaint_id == c.complaint_id))
            .ok_or("relay-choice-stale")
    }
}

/// How a worker's message appears in the office's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToOffice {
    /// Posted as text.
    Text(String),
    /// The worker's photo or file copied with this caption.
    Copy { caption: String },
}

/// The worker's message as the office's thread shows it. `who`: the claimant as the case card names
/// them (masked), so a case with several workers shows whose words these are — the reply goes back to
/// that worker alone.
pub fn to_office(case_number: &str, who: Option<&str>, w: &WorkerPost) -> ToOffice {
    let masked = w.text.as_deref().map(mask_numbers);
    if w.kind == "text" {
        let mut args = vec![("case", case_number.into()), ("text", masked.unwrap_or_default().into())];
        let id = match who {
            Some(who) => {
                args.push(("who", who.into()));
                "staff-from-named-worker"
            }
            None => "staff-from-worker",
        };
        ToOffice::Text(i18n::tr_args(OFFICE_LANG, id, &args))
    } else {
        let mut caption = evidence_caption(case_number, &w.kind);
        if let Some(who) = who {
            caption = format!("{caption}\n{}", i18n::tr_args(OFFICE_LANG, "staff-sent-by", &[("who", who.into())]));
        }
        if let Some(words) = masked {
            caption = format!("{caption}\n{words}");
        }
        ToOffice::Copy { caption: crate::outgoing::truncated(&caption, MAX_CAPTION_CHARS) }
    }
}

/// What the worker is told once their message went to the case, worded for their channel.
pub fn sent_to(d: &Deployment, lang: Lang, channel: Channel, case_number: &str, owner: &OfficeId) -> String {
    let office = office_name(d, lang, owner);
    let id = crate::channel::worded("relay-sent", channel);
    i18n::tr_args(lang, &id, &[("case", case_number.into()), ("office", office.into())])
}

/// A worker's message for a case whose owning office has no linked group: nobody there can read it
/// yet. Its words are kept on the case's timeline (masked as a relayed message's are; the adapter
/// seals them), and the worker is told the truth — kept, not sent — with the hotlines to call.
/// Returns the timeline entry's message and what the worker is told.
pub fn kept_unlinked(d: &Deployment, w: &WorkerPost, case_number: &str, owner: &OfficeId) -> (Message, String) {
    let entry = match w.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(words) => {
            Message::new("timeline-worker-message-kept").text("kind", &w.kind).text("words", &mask_numbers(words))
        }
        None => Message::new("timeline-worker-message").text("kind", &w.kind),
    };
    let h = &d.hotlines;
    let args = [
        ("case", case_number.into()),
        ("office", office_name(d, w.lang, owner).into()),
        ("labour", h.labour_inspection.as_str().into()),
        ("legal_aid", h.legal_aid.as_str().into()),
        ("government", h.government_service.as_str().into()),
        ("police", h.police.as_str().into()),
    ];
    (entry, i18n::tr_args(w.lang, "relay-kept-unlinked", &args))
}

/// A message posted in a case's thread in an office group, as the relay sees it.
#[derive(Debug, Clone, Copy)]
pub struct StaffPost<'a> {
    pub place: Place,
    pub sender: Sender,
    pub text: Option<&'a str>,
    /// photo, document, voice, video, audio, sticker, …
    pub media: Option<&'a str>,
    /// The case's owner has its linked group in this very chat.
    pub in_owner_group: bool,
}

/// The case as the worker knows it.
#[derive(Debug, Clone, Copy)]
pub struct WorkerSide<'a> {
    pub lang: Lang,
    pub case_number: &'a str,
}

/// What a staff message in a case's thread does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromStaff {
    /// Not allowed from here and answered politely; `action` is what was attempted.
    Refused { refusal: Refusal, action: Action },
    /// Not allowed and not answered (a non-member, an inline bot's result): never relayed, only
    /// logged, without its words.
    Dropped { refusal: Refusal },
    /// Stickers and empty messages are not relayed.
    Ignored,
    /// The owner answers the worker: the text, or the media copied with this caption.
    ToWorker { text: String, copy_media: bool },
    /// A co-handler or the supervisor comments into the owner's thread.
    Comment { text: String },
}

/// The office's words as a worker reading `lang` gets them: signed with the office's name and the case
/// (a caption of copied media kept within Telegram's limit).
pub fn to_worker_text(
    d: &Deployment,
    lang: Lang,
    office: &OfficeId,
    case_number: &str,
    words: &str,
    copy_media: bool,
) -> String {
    let args = [("office", office_name(d, lang, office).into()), ("case", case_number.into()), ("text", words.into())];
    let framed = i18n::tr_args(lang, "relay-from-office", &args);
    if copy_media { crate::outgoing::truncated(&framed, MAX_CAPTION_CHARS) } else { framed }
}

/// Which workers an office's words in a case's thread reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// These claimants' chats.
    Workers(Vec<i64>),
    /// The words answer a worker's message, and that worker is no longer on the case.
    SenderLeft,
    /// No claimant with a chat is left on the case (all withdrew or had their data erased).
    Nobody,
}

/// What an office's copy of a worker's message records as its sender once that worker's data was
/// erased: not the chat (it must no longer lead back to them), but still "a worker wrote this", so a
/// reply to it reaches nobody ([`Audience::SenderLeft`]) rather than every other claimant. Never a
/// chat: Telegram's and the web's ids are all non-zero.
pub const ERASED_WORKER: i64 = 0;

/// A reply to a worker's relayed message answers that worker alone — a case has many claimants, and
/// one worker's question is not the others' business; anything else written to the case reaches
/// every claimant on it. `replied_to`: the worker whose relayed message the words reply to;
/// `claimants`: the chats of the case's claimants still on it.
pub fn audience(replied_to: Option<i64>, claimants: &[i64]) -> Audience {
    match replied_to {
        Some(chat) if claimants.contains(&chat) => Audience::Workers(vec![chat]),
        Some(_) => Audience::SenderLeft,
        None if claimants.is_empty() => Audience::Nobody,
        None => Audience::Workers(claimants.to_vec()),
    }
}

pub fn from_staff(d: &Deployment, post: StaffPost<'_>, office: &OfficeId, worker: WorkerSide<'_>) -> FromStaff {
    let action = if post.place == Place::Owner { Action::Reply } else { Action::Comment };
    if let Err(refusal) = authz::decide(post.place, post.sender, action) {
        if !refusal.answers_talk() {
            return FromStaff::Dropped { refusal };
        }
        return FromStaff::Refused { refusal, action };
    }
    if post.media == Some("sticker") || (post.text.is_none() && post.media.is_none()) {
        return FromStaff::Ignored;
    }
    let words = post.text.unwrap_or_default();
    if action == Action::Reply {
        let copy_media = post.media.is_some();
        let text = to_worker_text(d, worker.lang, office, worker.case_number, words, copy_media);
        return FromStaff::ToWorker { text, copy_media };
    }
    if post.in_owner_group {
        // Said in the owner's own group: everyone who would read the comment already has.
        return FromStaff::Ignored;
    }
    let args = [("office", office_name(d, OFFICE_LANG, office).into()), ("text", words.into())];
    FromStaff::Comment { text: i18n::tr_args(OFFICE_LANG, "staff-comment", &args) }
}

/// A comment (see [`FromStaff::Comment`]) for a case whose owning office has no linked group: nobody
/// there can read it yet. Its words are kept on the case's timeline (the adapter seals them), and the
/// office that wrote them is told so plainly — not the 👌 that says it went. Returns the timeline
/// entry's message and what the commenting group is told.
pub fn comment_kept(d: &Deployment, owner: &OfficeId, words: &str) -> (Message, String) {
    let entry = Message::new("timeline-comment-kept").text("words", words);
    let told =
        i18n::tr_args(OFFICE_LANG, "staff-comment-kept", &[("owner", office_name(d, OFFICE_LANG, owner).into())]);
    (entry, told)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::testing::{id, sample};

    #[test]
    fn a_comment_the_owner_cannot_see_is_kept_with_its_words_and_its_sender_told_so() {
        let d = sample();
        let (entry, told) = comment_kept(&d, &id("hz-xihu-ldjc"), "建议先查劳务分包合同");
        assert_eq!(entry.id, "timeline-comment-kept");
        assert_eq!(entry.args.get("words"), Some(&crate::case::Arg::Text("建议先查劳务分包合同".into())));
        assert!(told.contains("西湖区劳动保障监察大队") && told.contains("只记在案件记录里"), "{told}");
    }

    #[test]
    fn a_reply_to_a_worker_answers_that_worker_and_other_words_reach_every_claimant() {
        assert_eq!(audience(Some(2), &[1, 2, 3]), Audience::Workers(vec![2]));
        assert_eq!(audience(None, &[1, 2, 3]), Audience::Workers(vec![1, 2, 3]));
        assert_eq!(audience(None, &[7]), Audience::Workers(vec![7]));
        // The worker withdrew or was erased: their answer goes to nobody else.
        assert_eq!(audience(Some(2), &[1, 3]), Audience::SenderLeft);
        assert_eq!(audience(Some(2), &[]), Audience::SenderLeft);
        assert_eq!(audience(Some(ERASED_WORKER), &[1, 3]), Audience::SenderLeft, "an erased worker's words");
        assert_eq!(audience(None, &[]), Audience::Nobody);
    }

    fn post(kind: &str, text: Option<&str>) -> WorkerPost {
        WorkerPost {
            chat_id: 9001,
            lang: Lang::ZhHans,
            message_id: 42,
            kind: kind.into(),
            text: text.map(str::to_owned),
            evidence: None,
        }
    }

    fn case(id: i64, number: &str) -> OpenCase {
        OpenCase { complaint_id: id, case_number: number.into(), employer: "杭州某建设有限公司".into() }
    }

    #[test]
    fn a_message_goes_to_the_one_open_case_or_waits_for_the_worker_to_choose() {
        let w = post("text", Some("老板还是没给钱"));
        assert_eq!(from_worker(&w, &[]), FromWorker::Intake);
        assert_eq!(from_worker(&w, &[case(7, "QX-1")]), FromWorker::To(7));
        let cases = [case(7, "QX-1"), case(9, "QX-2")];
        let FromWorker::Hold(reply) = from_worker(&w, &cases) else { panic!("held") };
        let Keyboard::Inline(rows) = reply.keyboard else { panic!("buttons") };
        let chosen: Vec<Choice> = rows.iter().flatten().filter_map(|b| Choice::decode(&b.data)).collect();
        assert_eq!(
            chosen,
            vec![Choice { message_id: 42, complaint_id: 7 }, Choice { message_id: 42, complaint_id: 9 }]
        );
        assert_eq!(Choice::check("r:42:9", &cases), Ok(Choice { message_id: 42, complaint_id: 9 }));
        // Another worker's case, a closed one, or forged data is stale.
        assert_eq!(Choice::check("r:42:11", &cases), Err("relay-choice-stale"));
        assert_eq!(Choice::check("r:x:9", &cases), Err("relay-choice-stale"));
        assert!(Choice::is_choice("r:x:9"));
        assert!(!Choice::is_choice("c:token:received"));
    }

    #[test]
    fn a_message_no_office_can_read_yet_is_kept_with_its_words_and_the_worker_gets_the_hotlines() {
        let d = sample();
        let w = post("text", Some("老板电话13912345678，还是不给钱"));
        let (entry, told) = kept_unlinked(&d, &w, "QX-1", &id("hz-xihu-ldjc"));
        assert_eq!(entry.id, "timeline-worker-message-kept");
        let kept = format!("{:?}", entry.args);
        assert!(kept.contains("还是不给钱") && !kept.contains("13912345678"), "{kept}");
        assert!(told.contains("QX-1") && !told.contains("已转给"), "{told}");
        for number in [&d.hotlines.labour_inspection, &d.hotlines.legal_aid, &d.hotlines.government_service] {
            assert!(told.contains(number.as_str()), "{number}: {told}");
        }
        let photo = kept_unlinked(&d, &post("photo", None), "QX-1", &id("hz-xihu-ldjc")).0;
        assert_eq!(photo.id, "timeline-worker-message");
    }

    #[test]
    fn the_office_sees_the_case_number_and_masked_numbers_never_the_account() {
        let w = post("text", Some("我电话13800138000，身份证110101199003071234"));
        let ToOffice::Text(text) = to_office("QX-330106-20260212-0001", None, &w) else { panic!("text") };
        assert!(text.contains("QX-330106-20260212-0001"), "{text}");
        assert!(!text.contains("13800138000") && !text.contains("110101199003071234"), "{text}");
        let photo = post("photo", Some("工资条".repeat(400).as_str()));
        let ToOffice::Copy { caption } = to_office("QX-1", Some("王*英"), &photo) else { panic!("copied") };
        assert!(crate::outgoing::telegram_len(&caption) <= 1024 && caption.contains("王*英"), "{caption}");
        let ToOffice::Text(text) = to_office("QX-1", Some("王*英"), &w) else { panic!("text") };
        assert!(text.contains("王*英") && text.contains("QX-1"), "{text}");
    }

    #[test]
    fn only_the_owner_answers_the_worker_and_others_comment_into_its_thread() {
        let d = sample();
        let office = id("hz-xihu-ldjc");
        let worker = WorkerSide { lang: Lang::En, case_number: "QX-1" };
        let owner = StaffPost {
            place: Place::Owner,
            sender: Sender::Member,
            text: Some("请补充工资条"),
            media: None,
            in_owner_group: true,
        };
        let FromStaff::ToWorker { text, copy_media } = from_staff(&d, owner, &office, worker) else {
            panic!("relayed")
        };
        assert!(!copy_media);
        assert!(text.contains("QX-1") && text.contains("请补充工资条"), "{text}");
        let sticker = StaffPost { media: Some("sticker"), text: None, ..owner };
        assert_eq!(from_staff(&d, sticker, &office, worker), FromStaff::Ignored);
        // Nobody outside the group, and no inline bot, speaks for the office; they are not answered.
        let outsider = StaffPost { sender: Sender::NotMember, ..owner };
        assert_eq!(from_staff(&d, outsider, &office, worker), FromStaff::Dropped { refusal: Refusal::NotMember });
        let inline = StaffPost { sender: Sender::ViaBot, ..owner };
        assert_eq!(from_staff(&d, inline, &office, worker), FromStaff::Dropped { refusal: Refusal::ViaBot });
        let forwarded = StaffPost { sender: Sender::Forwarded, ..owner };
        assert_eq!(
            from_staff(&d, forwarded, &office, worker),
            FromStaff::Refused { refusal: Refusal::Forwarded, action: Action::Reply }
        );
        let co = StaffPost { place: Place::CoHandler, in_owner_group: false, ..owner };
        assert!(matches!(from_staff(&d, co, &office, worker), FromStaff::Comment { .. }));
    }
}
