//! Commands in an office group, decided before they touch a case: whether one runs at all (the group
//! linked, the message not edited, the sender a named member), `/help` from the same table the parser
//! reads, the `/cases` and `/overdue` lists, and which case `/note` names.

use super::authz::{Refusal, Sender};
use super::card::OFFICE_LANG;
use super::mask::mask_numbers;
use crate::case::Status;
use crate::commands::{STAFF, StaffCommand};
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
    /// Refused politely: not a named member of the group.
    Refuse(Refusal),
    Run,
}

pub fn gate(command: &StaffCommand, linked: bool, edited: bool, sender: Sender) -> Gate {
    if let StaffCommand::Unknown(_) = command {
        return Gate::Ignore("unknown command in a group ignored");
    }
    if !linked && !matches!(command, StaffCommand::Link(_)) {
        return Gate::Ignore("command in an unlinked group ignored");
    }
    if edited {
        return Gate::Say("staff-refused-edited");
    }
    match sender {
        Sender::Member => Gate::Run,
        Sender::Anonymous => Gate::Refuse(Refusal::Anonymous),
        Sender::Forwarded => Gate::Refuse(Refusal::Forwarded),
        Sender::NotMember => Gate::Refuse(Refusal::NotMember),
    }
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

/// Which case `/note` is about and its words: in a case's topic or as a reply to a case message the
/// arguments are all words; elsewhere the first one is the case number.
pub fn note_target(args: &str, in_case: bool) -> (Option<&str>, &str) {
    if in_case {
        return (None, args.trim());
    }
    let (number, rest) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
    (Some(number), rest.trim())
}

/// `/unreachable`'s words: the case (unless written in its topic), the claimant's number on the card
/// (1 = the first listed) and the attempts made, which must be said (at least 4 characters). Numbers
/// in the attempts are masked: the timeline is read by several offices.
pub fn unreachable_target(args: &str, in_case: bool) -> Option<(Option<&str>, usize, String)> {
    let (case, rest) = if in_case { (None, args.trim()) } else { note_target(args, false) };
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

    #[test]
    fn only_a_named_member_runs_a_command_in_a_linked_group_and_link_works_before_linking() {
        let cases = StaffCommand::Cases;
        assert_eq!(gate(&cases, true, false, Sender::Member), Gate::Run);
        assert!(matches!(gate(&cases, false, false, Sender::Member), Gate::Ignore(_)));
        assert_eq!(gate(&StaffCommand::Link("ABC".into()), false, false, Sender::Member), Gate::Run);
        assert!(matches!(gate(&StaffCommand::Unknown("x".into()), true, false, Sender::Member), Gate::Ignore(_)));
        assert_eq!(gate(&cases, true, true, Sender::Member), Gate::Say("staff-refused-edited"));
        assert_eq!(gate(&cases, true, false, Sender::Anonymous), Gate::Refuse(Refusal::Anonymous));
        assert_eq!(gate(&cases, true, false, Sender::Forwarded), Gate::Refuse(Refusal::Forwarded));
        assert_eq!(gate(&cases, true, false, Sender::NotMember), Gate::Refuse(Refusal::NotMember));
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
    }
}
