//! Who may do what to a case from a group, deny by default. Pure: the adapter says where the
//! action came from and who sent it; the case says who owns it.
//!
//! - The owning office's group acts on the case (every lifecycle operation, tags, unmasking).
//! - Co-handlers and the owner's supervisor view the case, comment (their words reach the owner's
//!   thread, not the worker: the owner speaks for the case, 首问负责制) and keep internal notes.
//! - An office that had the case before (the first-inquiry office after a transfer) keeps a
//!   read-only view.
//! - Anything from a private chat, an unlinked or unrelated group, an anonymous administrator, a
//!   forwarded message, a message sent through an inline bot (`via_bot`) or a user who is not a
//!   member of the group is refused. Membership is what Telegram says now (`getChatMember`, kept a
//!   minute and refreshed by `chat_member` updates); when it cannot say, the answer is no.

use crate::case::CaseState;
use crate::deployment::{Deployment, OfficeId};

/// What a member asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    View,
    Comment,
    Note,
    /// Write to the worker (a reply in the case's thread).
    Reply,
    Accept,
    RequestInfo,
    Transfer,
    AddCoHandler,
    Extend,
    Resolve,
    Tag,
    Unmask,
    /// 责令限期支付: order the employer to pay by a date.
    Order,
    /// 核定金额: record what each claimant is verified to be owed.
    Verify,
    /// 行政处罚: record a penalty on the employer.
    Penalty,
    /// 失信联合惩戒: refer the employer for joint punishment.
    Blacklist,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Action::View,
        Action::Comment,
        Action::Note,
        Action::Reply,
        Action::Accept,
        Action::RequestInfo,
        Action::Transfer,
        Action::AddCoHandler,
        Action::Extend,
        Action::Resolve,
        Action::Tag,
        Action::Unmask,
        Action::Order,
        Action::Verify,
        Action::Penalty,
        Action::Blacklist,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Comment => "comment",
            Action::Note => "note",
            Action::Reply => "reply",
            Action::Accept => "accept",
            Action::RequestInfo => "ask",
            Action::Transfer => "transfer",
            Action::AddCoHandler => "cohandler",
            Action::Extend => "extend",
            Action::Resolve => "resolve",
            Action::Tag => "tag",
            Action::Unmask => "unmask",
            Action::Order => "order",
            Action::Verify => "verify",
            Action::Penalty => "penalty",
            Action::Blacklist => "blacklist",
        }
    }

    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    fn is_owner_only(self) -> bool {
        !matches!(self, Action::View | Action::Comment | Action::Note)
    }
}

/// How the group an action came from relates to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Owner,
    CoHandler,
    Supervisor,
    /// Had the case before (first-inquiry office, an earlier owner).
    Former,
    /// A linked group of an office with nothing to do with this case.
    Unrelated,
    /// A group no office linked.
    Unlinked,
    Private,
}

/// Who sent the action, as decided by [`sender`] from what the adapter saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Member,
    /// Posted "as the group" by an anonymous administrator: nobody to hold responsible.
    Anonymous,
    /// A forwarded message: its author did not send it here.
    Forwarded,
    /// Sent through an inline bot (`via_bot`): the words are the inline bot's, not the member's.
    ViaBot,
    /// Not (or no longer) in the group.
    NotMember,
    /// Telegram could not say whether they are in the group (the check failed): deny by default.
    Unverified,
}

impl Sender {
    /// Why nothing this sender does is acted on, if so.
    pub fn refusal(self) -> Option<Refusal> {
        match self {
            Sender::Member => None,
            Sender::Anonymous => Some(Refusal::Anonymous),
            Sender::Forwarded => Some(Refusal::Forwarded),
            Sender::ViaBot => Some(Refusal::ViaBot),
            Sender::NotMember => Some(Refusal::NotMember),
            Sender::Unverified => Some(Refusal::Unverified),
        }
    }
}

/// A user's standing in a group, as Telegram reported it (`getChatMember` or a `chat_member`
/// update), or `Unknown` when it could not be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The creator or an administrator.
    Admin,
    /// A member (restricted members who are still in the group and may send messages too).
    Member,
    /// Left, removed, restricted outside the group, or muted (restricted from sending messages).
    Absent,
    Unknown,
}

impl Standing {
    pub fn is_admin(self) -> bool {
        self == Standing::Admin
    }
}

/// What the adapter saw of a message or a press: how it was sent and who sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// An anonymous administrator posting "as the group" (or a channel posting into it).
    pub anonymous: bool,
    pub forwarded: bool,
    pub via_bot: bool,
    /// The sender's standing; `Unknown` where it was not asked (anonymous senders).
    pub standing: Standing,
}

impl Seen {
    /// A button press: only who pressed it matters.
    pub fn press(standing: Standing) -> Seen {
        Seen { anonymous: false, forwarded: false, via_bot: false, standing }
    }
}

/// Who sent it, as far as acting on it goes: how it was sent first (a forward or an inline bot's
/// result is not the member's own act even when a member sent it), then whether they are in the
/// group now.
pub fn sender(seen: Seen) -> Sender {
    if seen.anonymous {
        Sender::Anonymous
    } else if seen.via_bot {
        Sender::ViaBot
    } else if seen.forwarded {
        Sender::Forwarded
    } else {
        match seen.standing {
            Standing::Admin | Standing::Member => Sender::Member,
            Standing::Absent => Sender::NotMember,
            Standing::Unknown => Sender::Unverified,
        }
    }
}

/// Why an action was refused; each has a polite localized answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    PrivateChat,
    Unlinked,
    Anonymous,
    Forwarded,
    ViaBot,
    NotMember,
    Unverified,
    NotYourCase,
    ReadOnly,
    /// `/link` or `/unlink` from a member who is not an administrator of the group.
    NotAdmin,
    /// `/link` in a public group (one with a username): anyone could join and read the cases.
    PublicGroup,
}

impl Refusal {
    pub fn message_id(self) -> &'static str {
        match self {
            Refusal::PrivateChat => "staff-refused-private",
            Refusal::Unlinked => "staff-refused-unlinked",
            Refusal::Anonymous => "staff-refused-anonymous",
            Refusal::Forwarded => "staff-refused-forwarded",
            Refusal::ViaBot => "authz-refused-via-bot",
            Refusal::NotMember => "staff-refused-not-member",
            Refusal::Unverified => "authz-refused-unverified",
            Refusal::NotYourCase => "staff-refused-not-your-case",
            Refusal::ReadOnly => "staff-refused-read-only",
            Refusal::NotAdmin => "authz-refused-not-admin",
            Refusal::PublicGroup => "authz-refused-public-group",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Refusal::PrivateChat => "private_chat",
            Refusal::Unlinked => "unlinked",
            Refusal::Anonymous => "anonymous",
            Refusal::Forwarded => "forwarded",
            Refusal::ViaBot => "via_bot",
            Refusal::NotMember => "not_member",
            Refusal::Unverified => "unverified",
            Refusal::NotYourCase => "not_your_case",
            Refusal::ReadOnly => "read_only",
            Refusal::NotAdmin => "not_admin",
            Refusal::PublicGroup => "public_group",
        }
    }

    /// Whether a refused message that was only talk (not a command) is answered in the group.
    /// Anonymous and forwarded posts come from members who can fix it, so they are told; a
    /// non-member or an inline bot's result is dropped quietly (answering would let anyone make
    /// the bot spam the group), and only logged.
    pub fn answers_talk(self) -> bool {
        !matches!(self, Refusal::NotMember | Refusal::ViaBot)
    }
}

/// Where `office`'s group stands on `case`; `had_case` says whether it held a card of it before.
pub fn place_of(office: Option<&OfficeId>, case: &CaseState, had_case: bool, d: &Deployment) -> Place {
    let Some(office) = office else { return Place::Unlinked };
    if *office == case.owner {
        Place::Owner
    } else if case.co_handlers.contains(office) {
        Place::CoHandler
    } else if crate::case::acknowledge::supervisors(&case.owner, d).contains(office) {
        // Not only the owner's own supervisor: an unacknowledged alert climbs the whole chain, and
        // each office it reaches holds a 查看案件 button.
        Place::Supervisor
    } else if *office == case.first_office || had_case {
        Place::Former
    } else {
        Place::Unrelated
    }
}

/// The decision, deny by default.
pub fn decide(place: Place, sender: Sender, action: Action) -> Result<(), Refusal> {
    match place {
        Place::Private => return Err(Refusal::PrivateChat),
        Place::Unlinked => return Err(Refusal::Unlinked),
        _ => {}
    }
    if let Some(refusal) = sender.refusal() {
        return Err(refusal);
    }
    match place {
        Place::Owner => Ok(()),
        Place::CoHandler | Place::Supervisor if !action.is_owner_only() => Ok(()),
        Place::CoHandler | Place::Supervisor => Err(Refusal::ReadOnly),
        Place::Former if action == Action::View => Ok(()),
        Place::Former => Err(Refusal::ReadOnly),
        Place::Unrelated | Place::Unlinked | Place::Private => Err(Refusal::NotYourCase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_owner_acts() {
        for action in Action::ALL {
            assert_eq!(decide(Place::Owner, Sender::Member, action), Ok(()), "{action:?}");
            let helper = decide(Place::CoHandler, Sender::Member, action);
            let supervisor = decide(Place::Supervisor, Sender::Member, action);
            if matches!(action, Action::View | Action::Comment | Action::Note) {
                assert_eq!(helper, Ok(()));
                assert_eq!(supervisor, Ok(()));
            } else {
                assert_eq!(helper, Err(Refusal::ReadOnly), "{action:?}");
                assert_eq!(supervisor, Err(Refusal::ReadOnly), "{action:?}");
            }
            let former = decide(Place::Former, Sender::Member, action);
            assert_eq!(former.is_ok(), action == Action::View, "{action:?}");
            assert_eq!(decide(Place::Unrelated, Sender::Member, action), Err(Refusal::NotYourCase));
        }
    }

    #[test]
    fn the_sender_must_be_a_named_member_who_sent_it_here() {
        for action in Action::ALL {
            for (sender, refusal) in [
                (Sender::Anonymous, Refusal::Anonymous),
                (Sender::Forwarded, Refusal::Forwarded),
                (Sender::ViaBot, Refusal::ViaBot),
                (Sender::NotMember, Refusal::NotMember),
                (Sender::Unverified, Refusal::Unverified),
            ] {
                assert_eq!(decide(Place::Owner, sender, action), Err(refusal));
            }
            assert_eq!(decide(Place::Private, Sender::Member, action), Err(Refusal::PrivateChat));
            assert_eq!(decide(Place::Unlinked, Sender::Member, action), Err(Refusal::Unlinked));
        }
    }

    #[test]
    fn only_a_member_sending_as_themselves_is_a_member() {
        let member = Seen::press(Standing::Member);
        assert_eq!(sender(member), Sender::Member);
        assert_eq!(sender(Seen::press(Standing::Admin)), Sender::Member);
        assert_eq!(sender(Seen::press(Standing::Absent)), Sender::NotMember);
        assert_eq!(sender(Seen::press(Standing::Unknown)), Sender::Unverified, "deny when Telegram cannot say");
        // How it was sent comes first: an administrator's forward or inline result is not their act.
        let admin = Seen::press(Standing::Admin);
        assert_eq!(sender(Seen { via_bot: true, ..admin }), Sender::ViaBot);
        assert_eq!(sender(Seen { forwarded: true, ..admin }), Sender::Forwarded);
        assert_eq!(sender(Seen { via_bot: true, forwarded: true, ..admin }), Sender::ViaBot);
        assert_eq!(sender(Seen { anonymous: true, ..Seen::press(Standing::Unknown) }), Sender::Anonymous);
        // Talk from outside is dropped quietly; members who can fix how they sent it are told.
        assert!(!Refusal::NotMember.answers_talk() && !Refusal::ViaBot.answers_talk());
        assert!(Refusal::Anonymous.answers_talk() && Refusal::Forwarded.answers_talk());
        assert!(Refusal::Unverified.answers_talk());
    }

    #[test]
    fn action_codes_round_trip_and_fit_in_button_data() {
        for action in Action::ALL {
            assert_eq!(Action::from_code(action.code()), Some(action));
            assert!(action.code().len() <= 10);
        }
    }
}
