//! Worker commands: `/start`, `/new`, `/status`, `/cancel`, `/language`, `/help`.

use super::answers::chosen;
use super::draft::{CrewJoin, Draft, Litigation};
use super::turn::Turn;
use super::{Command, Keyboard, Step};
use crate::case::Status;
use crate::crew::{CrewCase, CrewLookup};
use crate::deployment::OfficeId;
use crate::i18n::{Arg, tr_every_language};
use crate::worksite::{CodeLookup, ProjectCard};

pub(super) fn run(t: &mut Turn<'_>, command: Command) {
    match command {
        Command::Start(payload) => start(t, payload),
        Command::New => {
            if in_intake(t) {
                t.note("new-discarded");
            }
            begin(t);
        }
        Command::Cancel => {
            if in_intake(t) || t.d.step == Step::Language {
                reset(t);
                let text = t.t("cancelled");
                t.say(text, Keyboard::Remove);
            } else {
                t.note("nothing-to-cancel");
            }
        }
        Command::Status => {
            status(t);
            reask_if_in_intake(t);
        }
        Command::Language => {
            if t.d.step != Step::Language {
                t.d.resume = Some(t.d.step);
            }
            t.go(Step::Language);
        }
        Command::Help => {
            t.note("help");
            reask_if_in_intake(t);
        }
        Command::Join(_) => join_crew(t),
        Command::Unknown(name) => {
            // What the worker typed stays out of the log: `/13912345678` is a phone number, not a command.
            tracing::info!(chat_id = t.chat_id, chars = name.chars().count(), "unknown command");
            t.note("unknown-command");
            reask_if_in_intake(t);
        }
    }
}

/// Whether a complaint is in progress: at one of its steps, or choosing a language in the middle of
/// one (`/language` keeps the step it interrupted in `resume`).
fn in_intake(t: &Turn<'_>) -> bool {
    let step = match t.d.step {
        Step::Language => t.d.resume.unwrap_or(Step::Idle),
        step => step,
    };
    !matches!(step, Step::Idle | Step::Language)
}

/// `/start`, and `/start <code>` from a signboard's QR code: an active code names the project, which
/// the worker confirms after choosing a language and agreeing to the privacy notice.
fn start(t: &mut Turn<'_>, payload: Option<String>) {
    let Some(code) = payload else {
        if in_intake(t) {
            t.note("resume");
            t.ask_again();
        } else {
            begin(t);
        }
        return;
    };
    if crate::crew::code_of_payload(&code).is_some() {
        return join_crew(t);
    }
    let lookup = match t.known.project.take() {
        Some(lookup) if plausible_code(&code) => lookup,
        _ => CodeLookup::Unknown,
    };
    let message = match lookup {
        CodeLookup::Active(card) => {
            tracing::info!(chat_id = t.chat_id, project = %card.id, "start from a signboard");
            // The same board scanned again (the link opened twice, the QR scanned to check): the
            // complaint about that worksite goes on where it was.
            let draft = &t.d.draft;
            let same = draft.project_code.as_deref() == Some(card.id.as_str())
                || draft.pending_project.as_ref().is_some_and(|p| p.id == card.id);
            if in_intake(t) && same {
                t.note("resume");
                return t.ask_again();
            }
            if in_intake(t) {
                t.note("new-discarded");
            }
            begin_with(t, Some(card));
            return;
        }
        CodeLookup::Revoked => "start-code-revoked",
        CodeLookup::Unknown => "start-code-unknown",
    };
    tracing::info!(chat_id = t.chat_id, message, "unusable /start code");
    let text = match t.d.lang {
        Some(_) => t.t(message),
        None => tr_every_language(message),
    };
    t.say(text, Keyboard::None);
    // A complaint in progress is kept: the code would have replaced it with nothing better.
    if in_intake(t) {
        t.note("resume");
        return t.ask_again();
    }
    begin(t);
}

/// Telegram passes at most 64 characters of [A-Za-z0-9_-]; anything else cannot be one of our codes
/// (the web channel's `/s/<code>` holds to the same).
pub fn plausible_code(code: &str) -> bool {
    code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// "Yes, this is my worksite": the project answers the worksite questions.
pub(super) fn confirm_project(t: &mut Turn<'_>) {
    let Some(card) = t.d.draft.pending_project.take() else {
        return t.go(Step::County);
    };
    chosen(t, t.t("button-project-yes"));
    let d = &mut t.d.draft;
    d.project_code = Some(card.id);
    d.county_code = Some(card.county_code);
    d.township_code = None;
    d.site = Some(card.name);
    d.sector = Some(card.sector);
    t.go(Step::EmployerKind);
}

/// "Not my worksite": the worker places the site by hand.
pub(super) fn decline_project(t: &mut Turn<'_>) {
    t.d.draft.pending_project = None;
    chosen(t, t.t("button-project-no"));
    t.note("project-declined");
    t.go(Step::County);
}

/// A crew link or `/join <code>`: an open crew case starts an intake that asks only the member's own
/// answers; an ended or unknown code is explained and the worker may file on their own.
fn join_crew(t: &mut Turn<'_>) {
    let message = match t.known.crew.take() {
        Some(CrewLookup::Open(case)) => {
            tracing::info!(chat_id = t.chat_id, case = %case.case_number, "joining a crew's case");
            if in_intake(t) {
                t.note("new-discarded");
            }
            return begin_crew(t, *case);
        }
        Some(CrewLookup::Ended { case_number }) => {
            tracing::info!(chat_id = t.chat_id, case = %case_number, "crew code of an ended case");
            "crew-code-ended"
        }
        Some(CrewLookup::Unknown) | None => "crew-code-unknown",
    };
    let text = match t.d.lang {
        Some(_) => t.t(message),
        None => tr_every_language(message),
    };
    t.say(text, Keyboard::None);
    reask_if_in_intake(t);
}

/// The case's facts come from the crew case; the member answers for themselves.
fn begin_crew(t: &mut Turn<'_>, case: CrewCase) {
    let draft = Draft {
        crew: Some(CrewJoin { code: case.code, case_number: case.case_number }),
        project_code: case.project_code,
        county_code: case.county_code,
        township_code: case.township_code,
        site: Some(case.site),
        sector: Some(case.sector),
        employer_kind: Some(case.employer_kind),
        employer: Some(case.employer),
        claim_kind: Some(case.claim_kind),
        litigation: Some(Litigation::None),
        period: Some(case.period),
        workers: Some(1),
        evidence_done: true,
        description: Some(String::new()),
        ..Draft::default()
    };
    start_fresh(t, draft);
}

/// Starts a fresh intake: language first if the worker never chose one, then the privacy notice.
pub(super) fn begin(t: &mut Turn<'_>) {
    begin_with(t, None);
}

/// Starts a fresh intake, keeping the project a signboard named for the worker to confirm.
fn begin_with(t: &mut Turn<'_>, project: Option<ProjectCard>) {
    start_fresh(t, Draft { pending_project: project, ..Draft::default() });
}

fn start_fresh(t: &mut Turn<'_>, draft: Draft) {
    t.d.draft = draft;
    t.d.draft_no = t.d.draft_no.wrapping_add(1);
    t.d.editing = false;
    t.d.resume = None;
    if t.d.lang.is_none() {
        t.go(Step::Language);
    } else {
        t.note("welcome");
        t.go(Step::Consent);
    }
}

pub(super) fn reset(t: &mut Turn<'_>) {
    t.d.draft = Draft::default();
    t.d.step = Step::Idle;
    t.d.editing = false;
    t.d.resume = None;
}

fn reask_if_in_intake(t: &mut Turn<'_>) {
    if in_intake(t) || t.d.step == Step::Language {
        t.ask_again();
    }
}

fn status(t: &mut Turn<'_>) {
    let cases = std::mem::take(&mut t.known.worker_cases);
    if cases.is_empty() {
        t.note("status-none");
        return;
    }
    let mut text = t.t_args("status-header", &[("count", Arg::from(cases.len()))]);
    for case in cases {
        let d = t.env.deployment;
        let owner = case
            .owner_office
            .as_deref()
            .and_then(|o| OfficeId::parse(o).ok())
            .map_or_else(|| "—".to_owned(), |o| crate::render::office_name(d, t.lang(), &o));
        let due = case
            .due
            .as_deref()
            .and_then(|day| day.parse().ok())
            .map_or_else(|| "—".to_owned(), |day| crate::render::date_text(t.lang(), day));
        // The worker reads plain words; the official name is the fallback for a status without them.
        let name = Status::from_code(&case.status).map_or_else(|| case.status.clone(), |s| t.t(s.message_id()));
        let status =
            t.t_args("status-for-worker", &[("status", Arg::from(case.status.as_str())), ("name", Arg::from(name))]);
        text.push_str("\n\n");
        text.push_str(&t.t_args(
            "status-line",
            &[
                ("case", Arg::from(case.case_number)),
                ("status", Arg::from(status)),
                ("date", Arg::from(case.submitted_on)),
                ("owner", Arg::from(owner)),
                ("due", Arg::from(due)),
                ("amount", Arg::from(crate::domain::money::WageAmount::from_fen(case.amount_fen).yuan_text())),
            ],
        ));
    }
    t.say(text, Keyboard::None);
}
