//! Every command the bot answers, named once. Commands are parsed here and nowhere else; the menus,
//! the office's `/help` and the refusal of office commands in a private chat read the same tables.

use crate::intake::Command;

/// Splits `/name[@bot] [payload]` into the lower-case name and the trimmed payload; a command
/// addressed to another bot is not ours (`None`, plain text).
pub fn split(text: &str, bot_username: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('/')?;
    let (head, payload) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = match head.split_once('@') {
        Some((name, target)) if target.eq_ignore_ascii_case(bot_username) => name,
        Some(_) => return None,
        None => head,
    };
    if name.is_empty() {
        return None;
    }
    Some((name.to_ascii_lowercase(), payload.trim().to_owned()))
}

/// The worker's commands in their menu, in order (each described by `command-<name>`).
pub const WORKER_MENU: [&str; 8] =
    ["start", "new", "status", "cancel", "withdraw", "delete_my_data", "language", "help"];

/// A worker's command from its name and payload (see [`split`]).
pub fn worker(name: &str, payload: &str) -> Command {
    let payload = Some(payload.to_owned()).filter(|p| !p.is_empty());
    match name {
        "start" => Command::Start(payload),
        "new" => Command::New,
        "status" => Command::Status,
        "cancel" => Command::Cancel,
        "language" | "lang" => Command::Language,
        "help" => Command::Help,
        "join" => Command::Join(payload.unwrap_or_default()),
        _ => Command::Unknown(name.to_owned()),
    }
}

/// The worker's say over their own data (个人信息保护法 Art. 15, 47): withdrawing a complaint and erasing
/// their personal data. Answered by the adapter, which needs the stored cases, never by the intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivacyCommand {
    /// `/withdraw`: withdraw their part of an open case, after a confirm button.
    Withdraw,
    /// `/delete_my_data`: erase their personal data everywhere, after a confirm button.
    DeleteMyData,
}

/// A worker's privacy command from its name (see [`split`]); `None` for every other command.
pub fn privacy(name: &str) -> Option<PrivacyCommand> {
    match name {
        "withdraw" => Some(PrivacyCommand::Withdraw),
        "delete_my_data" => Some(PrivacyCommand::DeleteMyData),
        _ => None,
    }
}

/// A command in an office group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffCommand {
    /// `/case N`: one case's card.
    Case(String),
    Cases,
    Overdue,
    /// The office's ledger figures.
    Ledger,
    /// `/export [FROM TO]`: the office's ledger as a workbook.
    Export(String),
    /// `/note N text`: a note in the case's timeline.
    Note(String),
    /// `/unreachable [N] <claimant no.> <attempts>`: a claimant who cannot be reached to confirm payment.
    Unreachable(String),
    Cancel,
    /// `/link CODE`: links the group to an office.
    Link(String),
    Unlink,
    Help,
    /// `/start` in a group: the help, never an intake.
    Start,
    /// Anything else: ignored in groups (it may be another bot's).
    Unknown(String),
}

/// A staff command's name, its help text's message id, and whether the group menu lists it.
pub struct StaffEntry {
    pub name: &'static str,
    pub help_id: &'static str,
    pub in_menu: bool,
}

/// Every office command, in the order `/help` and the group menu list them (the daily ones first).
pub const STAFF: [StaffEntry; 12] = [
    StaffEntry { name: "cases", help_id: "staff-help-cases", in_menu: true },
    StaffEntry { name: "overdue", help_id: "staff-help-overdue", in_menu: true },
    StaffEntry { name: "case", help_id: "staff-help-case", in_menu: true },
    StaffEntry { name: "note", help_id: "staff-help-note", in_menu: true },
    StaffEntry { name: "unreachable", help_id: "staff-help-unreachable", in_menu: false },
    StaffEntry { name: "ledger", help_id: "staff-help-ledger", in_menu: true },
    StaffEntry { name: "export", help_id: "staff-help-export", in_menu: true },
    StaffEntry { name: "cancel", help_id: "staff-help-cancel", in_menu: true },
    StaffEntry { name: "link", help_id: "staff-help-link", in_menu: false },
    StaffEntry { name: "unlink", help_id: "staff-help-unlink", in_menu: false },
    StaffEntry { name: "help", help_id: "staff-help-help", in_menu: true },
    StaffEntry { name: "start", help_id: "staff-help-start", in_menu: false },
];

impl StaffCommand {
    /// An office command from its name and payload (see [`split`]).
    pub fn parse(name: &str, payload: &str) -> StaffCommand {
        let payload = payload.trim().to_owned();
        match name {
            "case" => StaffCommand::Case(payload),
            "cases" => StaffCommand::Cases,
            "overdue" => StaffCommand::Overdue,
            "ledger" => StaffCommand::Ledger,
            "export" => StaffCommand::Export(payload),
            "note" => StaffCommand::Note(payload),
            "unreachable" => StaffCommand::Unreachable(payload),
            "cancel" => StaffCommand::Cancel,
            "link" => StaffCommand::Link(payload),
            "unlink" => StaffCommand::Unlink,
            "help" => StaffCommand::Help,
            "start" => StaffCommand::Start,
            _ => StaffCommand::Unknown(name.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            StaffCommand::Case(_) => "case",
            StaffCommand::Cases => "cases",
            StaffCommand::Overdue => "overdue",
            StaffCommand::Ledger => "ledger",
            StaffCommand::Export(_) => "export",
            StaffCommand::Note(_) => "note",
            StaffCommand::Unreachable(_) => "unreachable",
            StaffCommand::Cancel => "cancel",
            StaffCommand::Link(_) => "link",
            StaffCommand::Unlink => "unlink",
            StaffCommand::Help => "help",
            StaffCommand::Start => "start",
            StaffCommand::Unknown(name) => name,
        }
    }

    /// Reports read the database at length and are prepared before the write transaction.
    pub fn is_report(&self) -> bool {
        matches!(self, StaffCommand::Ledger | StaffCommand::Export(_))
    }
}

/// An office command that means nothing in a worker's private chat (`/cancel`, `/help` and `/start`
/// are the worker's own there): answered with "office groups only".
pub fn is_office_only(name: &str) -> bool {
    let staff = !matches!(StaffCommand::parse(name, ""), StaffCommand::Unknown(_));
    staff && matches!(worker(name, ""), Command::Unknown(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_with_payload_and_bot_suffix() {
        assert_eq!(split("/start abc_DEF-1", "wagedesk_bot"), Some(("start".into(), "abc_DEF-1".into())));
        assert_eq!(split("/Status@WageDesk_Bot", "wagedesk_bot"), Some(("status".into(), String::new())));
        assert_eq!(split("/status@other_bot", "wagedesk_bot"), None);
        assert_eq!(split("hello", "wagedesk_bot"), None);
        assert_eq!(split("/", "wagedesk_bot"), None);
        assert_eq!(worker("start", "abc"), Command::Start(Some("abc".into())));
        assert_eq!(worker("lang", ""), Command::Language);
        assert_eq!(worker("frobnicate", ""), Command::Unknown("frobnicate".into()));
    }

    #[test]
    fn every_staff_command_in_the_table_parses_back_to_its_name() {
        for entry in &STAFF {
            let command = StaffCommand::parse(entry.name, "x");
            assert_eq!(command.name(), entry.name);
            assert!(!matches!(command, StaffCommand::Unknown(_)), "{}", entry.name);
        }
        assert_eq!(StaffCommand::parse("frob", ""), StaffCommand::Unknown("frob".into()));
        assert_eq!(
            StaffCommand::parse("export", " 2026-01-01 2026-03-31 "),
            StaffCommand::Export("2026-01-01 2026-03-31".into())
        );
    }

    #[test]
    fn every_worker_menu_command_is_the_intake_or_a_privacy_command() {
        for name in WORKER_MENU {
            let known = !matches!(worker(name, ""), Command::Unknown(_)) || privacy(name).is_some();
            assert!(known, "{name}");
        }
        assert_eq!(privacy("withdraw"), Some(PrivacyCommand::Withdraw));
        assert_eq!(privacy("delete_my_data"), Some(PrivacyCommand::DeleteMyData));
        assert_eq!(privacy("status"), None);
        assert!(!is_office_only("withdraw") && !is_office_only("delete_my_data"));
    }

    #[test]
    fn office_commands_are_told_apart_from_the_worker_own_in_a_private_chat() {
        for name in ["case", "cases", "overdue", "ledger", "export", "note", "link", "unlink"] {
            assert!(is_office_only(name), "{name}");
        }
        for name in ["start", "help", "cancel", "status", "new", "frob"] {
            assert!(!is_office_only(name), "{name}");
        }
    }
}
