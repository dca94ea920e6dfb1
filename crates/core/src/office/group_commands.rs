//! Commands in an office group, decided before they touch a case: whether one runs at all (the group
//! linked, the message not edited, the sender a named member; `/link` and `/unlink` an administrator,
//! `/link` in a private group), `/help` from the same table the parser reads, the `/cases` and
//! `/overdue` lists, and which case `/note` names.

use super::authz::{Refusal, Sender, Standing};
use super::card::OFFICE_LANG;
use super::mask::mask_numbers;
use crate::case::Status;
use crate::commands::{STAFF, StaffCommand};
use crate::domain::case_number::CaseNumber;
use crate::i18n;
use crate::render::date_text;

/// How many cases `/cases` lists.
pub const LIST_LIMIT: i64 = 30;

/// Workbooks one office group may ask for in an hour: each holds the office's whole caseload (masked),
/// and each one is a file someone can take away.
pub const EXPORTS_PER_HOUR: i64 = 5;

/// Whether the group may have another workbook, given how many it had in the last hour.
pub fn export_allowed(in_last_hour: i64) -> bool {
    in_last_hour < EXPORTS_PER_HOUR
}

/// Whether a command in a group runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Ignored and logged: an unknown command, or any but `/link` in a group no office linked (the bot
    /// said how to link when it was added; `/start` here never starts an intake).
    Ignore(&'static str),
    /// Answered with this message id: an edited command.
    Say(&'static str),
    /// Refused politely: not a named member of the group, or not one who may do this.
    Refuse(Refusal),
    Run,
}

/// Where a command was sent and by whom, as the adapter saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The group serves an office.
    pub linked: bool,
    /// The group is public (it has a username): anyone can find and join it.
    pub public: bool,
    pub edited: bool,
    pub sender: Sender,
    /// The sender's standing in the group (`Unknown` when it was not asked).
    pub standing: Standing,
}

pub fn gate(command: &StaffCommand, o: Origin) -> Gate {
    if let StaffCommand::Unknown(_) = command {
        return Gate::Ignore("unknown command in a group ignored");
    }
    let link = matches!(command, StaffCommand::Link(_));
    if !o.linked && !link {
        return Gate::Ignore("command in an unlinked group ignored");
    }
    if o.edited {
        return Gate::Say("staff-refused-edited");
    }
    if let Some(refusal) = o.sender.refusal() {
        return Gate::Refuse(refusal);
    }
    // Cases are read in the group a code links: only a private one, and only on its
    // administrators' word (they decide who joins it); unlinking is theirs to decide too.
    if link && o.public {
        return Gate::Refuse(Refusal::PublicGroup);
    }
    if (link || matches!(command, StaffCommand::Unlink)) && !o.standing.is_admin() {
        return Gate::Refuse(Refusal::NotAdmin);
    }
    Gate::Run
}

pub fn help() -> String {
    let lines: Vec<String> = STAFF.iter().map(|c| tr(c.help_id)).collect();
    format!("{}\n{}", tr("staff-help-title"), lines.join("\n"))
}

/// A line of `/cases` as the store read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedCase {
    pub case_number: String,
    /// The status code.
    pub status: String,
    /// The running deadline, YYYY-MM-DD.
    pub due: String,
    pub employer: String,
}

/// `/cases` (or `/overdue`, with `overdue_only`): one line per case, soonest due first as given.
pub fn case_list(cases: &[ListedCase], overdue_only: bool) -> String {
    if cases.is_empty() {
        return tr(if overdue_only { "staff-overdue-none" } else { "staff-cases-none" });
    }
    let mut lines = vec![tr(if overdue_only { "staff-overdue-title" } else { "staff-cases-title" })];
    for c in cases {
        let status = Status::from_code(&c.status).map_or_else(|| c.status.clone(), |s| tr(s.message_id()));
        let due = chrono::NaiveDate::parse_from_str(&c.due, "%Y-%m-%d")
            .map_or_else(|_| c.due.clone(), |d| date_text(OFFICE_LANG, d));
        // An employer typed by a worker may hold a phone number.
        let employer = mask_numbers(&c.employer);
        let args = [
            ("case", c.case_number.clone().into()),
            ("status", status.into()),
            ("due", due.into()),
            ("employer", employer.into()),
        ];
        lines.push(i18n::tr_args(OFFICE_LANG, "staff-cases-line", &args));
    }
    lines.join("\n")
}

/// Which case `/note` is about and its words: the first word is the case number, except in a case's
/// topic or as a reply to a case message, where it is one only if it reads as a case number (like
/// `/case QX-…` there, it names that case) and otherwise the arguments are all words.
pub fn note_target(args: &str, in_case: bool) -> (Option<&str>, &str) {
    let (number, rest) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
    if in_case && CaseNumber::parse(number).is_err() {
        return (None, args.trim());
    }
    (Some(number), rest.trim())
}

/// `/unreachable`'s words: the case (unless written in its topic), the claimant's number on the card
/// (1 = the first listed) and the attempts made, which must be said (at least 4 characters). Numbers
/// in the attempts are masked: the timeline is read by several offices.
pub fn unreachable_target(args: &str, in_case: bool) -> Option<(Option<&str>, usize, String)> {
    let (case, rest) = note_target(args, in_case);
    let (number, attempts) = rest.trim().split_once(char::is_whitespace)?;
    let claimant: usize = number.trim_end_matches(['号', '.']).parse().ok().filter(|n| *n >= 1)?;
    let attempts = attempts.trim();
    (attempts.chars().count() >= 4).then(|| (case, claimant, mask_numbers(attempts)))
}

fn tr(id: &str) -> String {
    i18n::tr(OFFICE_LANG, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_claimant_is_named_by_number_with_the_attempts_said_and_numbers_masked() {
        assert_eq!(
            unreachable_target("2 打了三次电话13800138000没人接", true),
            Some((None, 2, "打了三次电话138****8000没人接".into()))
        );
        assert_eq!(
            unreachable_target("QX-1 3号 短信电话都不回", false),
            Some((Some("QX-1"), 3, "短信电话都不回".into()))
        );
        for bad in ["2", "0 打了三次电话", "二 打了电话没人接", "2 没接"] {
            assert_eq!(unreachable_target(bad, true), None, "{bad}");
        }
    }

    const MEMBER: Origin =
        Origin { linked: true, public: false, edited: false, sender: Sender::Member, standing: Standing::Member };
    const ADMIN: Origin = Origin { standing: Standing::Admin, ..MEMBER };

    #[test]
    fn only_a_named_member_runs_a_command_in_a_linked_group_and_link_works_before_linking() {
        let cases = StaffCommand::Cases;
        let link = StaffCommand::Link("ABC".into());
        assert_eq!(gate(&cases, MEMBER), Gate::Run);
        assert!(matches!(gate(&cases, Origin { linked: false, ..MEMBER }), Gate::Ignore(_)));
        assert_eq!(gate(&link, Origin { linked: false, ..ADMIN }), Gate::Run);
        assert!(matches!(gate(&StaffCommand::Unknown("x".into()), MEMBER), Gate::Ignore(_)));
        assert_eq!(gate(&cases, Origin { edited: true, ..MEMBER }), Gate::Say("staff-refused-edited"));
        for (sender, refusal) in [
            (Sender::Anonymous, Refusal::Anonymous),
            (Sender::Forwarded, Refusal::Forwarded),
            (Sender::ViaBot, Refusal::ViaBot),
            (Sender::NotMember, Refusal::NotMember),
            (Sender::Unverified, Refusal::Unverified),
        ] {
            assert_eq!(gate(&cases, Origin { sender, ..MEMBER }), Gate::Refuse(refusal));
            assert_eq!(gate(&link, Origin { sender, linked: false, ..ADMIN }), Gate::Refuse(refusal));
        }
    }

    #[test]
    fn only_an_administrator_links_a_private_group_or_unlinks_it() {
        let link = StaffCommand::Link("ABC".into());
        let unlinked = Origin { linked: false, ..MEMBER };
        assert_eq!(gate(&link, unlinked), Gate::Refuse(Refusal::NotAdmin));
        assert_eq!(gate(&link, Origin { standing: Standing::Admin, ..unlinked }), Gate::Run);
        let public = Origin { public: true, standing: Standing::Admin, ..unlinked };
        assert_eq!(gate(&link, public), Gate::Refuse(Refusal::PublicGroup));
        assert_eq!(gate(&StaffCommand::Unlink, MEMBER), Gate::Refuse(Refusal::NotAdmin));
        assert_eq!(gate(&StaffCommand::Unlink, ADMIN), Gate::Run);
        // Other commands need a member, not an administrator.
        assert_eq!(gate(&StaffCommand::Cases, Origin { public: true, ..MEMBER }), Gate::Run);
    }

    #[test]
    fn the_case_list_reads_in_the_office_language_with_numbers_masked() {
        let listed = [ListedCase {
            case_number: "QX-330106-20260212-0001".into(),
            status: "accepted".into(),
            due: "2026-05-26".into(),
            employer: "包工头张三 13800138000".into(),
        }];
        let text = case_list(&listed, false);
        assert!(text.contains("QX-330106-20260212-0001"), "{text}");
        assert!(!text.contains("13800138000"), "{text}");
        assert!(!text.contains("accepted") && !text.contains("2026-05-26"), "status and date rendered: {text}");
        assert_eq!(case_list(&[], true), tr("staff-overdue-none"));
    }

    #[test]
    fn a_note_names_its_case_unless_written_in_one() {
        assert_eq!(note_target("QX-1 老板答应月底付", false), (Some("QX-1"), "老板答应月底付"));
        assert_eq!(note_target("老板答应月底付", true), (None, "老板答应月底付"));
        assert_eq!(note_target("QX-1", false), (Some("QX-1"), ""));
        // In another case's topic a leading case number names the case, as `/case` does there.
        let named = "QX-330106-20260212-0009";
        assert_eq!(note_target(&format!("{named} 老板答应月底付"), true), (Some(named), "老板答应月底付"));
        assert_eq!(note_target("qx-330106-20260212-9 已电话", true), (Some("qx-330106-20260212-9"), "已电话"));
        assert_eq!(note_target("QX部分已付 老板说的", true), (None, "QX部分已付 老板说的"));
        assert_eq!(
            unreachable_target(&format!("{named} 2 打了三次电话没人接"), true),
            Some((Some(named), 2, "打了三次电话没人接".into()))
        );
    }
}
