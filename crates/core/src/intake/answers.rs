//! Handlers for what the worker types or sends at each step (buttons are in `buttons.rs`), and the
//! step order. Invalid answers say why and ask again; the step only moves when the answer parsed.

use super::draft::{EvidenceItem, Sealed};
use super::turn::Turn;
use super::{Keyboard, Out, Step};
use crate::domain::count::WorkerCount;
use crate::domain::id_number::IdNumber;
use crate::domain::money::WageAmount;
use crate::domain::period::PayPeriod;
use crate::domain::phone::PhoneNumber;
use crate::i18n::Arg;

pub(super) fn on_text(t: &mut Turn<'_>, text: &str) {
    let today = t.env.today();
    match t.d.step {
        Step::Site => match free_text(text, 2, 200) {
            Some(site) => {
                t.d.draft.site = Some(site);
                finish(t);
            }
            None => retry(t, "error-site"),
        },
        Step::Employer => match free_text(text, 2, 100) {
            Some(name) => {
                t.d.draft.employer = Some(name);
                finish(t);
            }
            None => retry(t, "error-employer"),
        },
        Step::Amount => match WageAmount::parse(text) {
            Ok(amount) => {
                t.d.draft.pending_amount = Some((amount.fen(), amount.is_approximate()));
                t.go(Step::AmountConfirm);
            }
            Err(e) => retry(t, e.message_id()),
        },
        Step::Period => match PayPeriod::parse(text, today) {
            Ok(period) => {
                let too_old = period.is_older_than_two_years(today);
                t.d.draft.period = Some(period);
                t.d.draft.period_old_acknowledged = false;
                if too_old {
                    t.go(Step::PeriodTooOld);
                } else {
                    finish(t);
                }
            }
            Err(e) => retry(t, e.message_id()),
        },
        Step::CrewSize => match WorkerCount::parse(text) {
            Ok(count) if count.n() >= 2 => {
                t.d.draft.workers = Some(count.n());
                t.d.draft.workers_approx = count.is_approximate();
                finish(t);
            }
            // A crew of one is a worker on their own: say so and offer "just me" again, keeping the draft.
            Ok(_) => {
                t.note("error-crew-too-small");
                t.go(Step::Workers);
            }
            Err(e) => retry(t, e.message_id()),
        },
        Step::Name => match free_text(text, 2, 30).filter(|n| !n.chars().any(|c| c.is_ascii_digit())) {
            Some(name) => {
                t.d.draft.name = Some(name);
                finish(t);
            }
            None => retry(t, "error-name"),
        },
        Step::Phone => accept_phone(t, text),
        Step::IdNumber => match IdNumber::parse_as_of(text, t.env.today()) {
            Ok(id) => {
                t.d.draft.id_number = Some(seal(t, id.as_str(), id.masked()));
                let text = t.t_args("id-saved", &[("masked", Arg::from(id.masked()))]);
                t.say(text, Keyboard::None);
                finish(t);
            }
            Err(e) => retry(t, e.message_id()),
        },
        Step::Description => match free_text(text, 5, super::MAX_TEXT_CHARS) {
            Some(words) => {
                t.d.draft.description = Some(words);
                finish(t);
            }
            None => retry(t, "error-description-short"),
        },
        Step::Evidence => retry(t, "error-evidence-expects-media"),
        _ => retry(t, "error-press-button"),
    }
}

pub(super) fn on_contact(t: &mut Turn<'_>, phone: &str, own: bool) {
    match t.d.step {
        Step::Phone if own => accept_phone(t, phone),
        Step::Phone => retry(t, "error-contact-not-own"),
        _ => retry(t, "error-contact-not-now"),
    }
}

pub(super) fn on_media(t: &mut Turn<'_>, item: EvidenceItem) {
    if matches!(t.d.step, Step::Language | Step::Consent) {
        // Nothing is kept before the worker agreed to the privacy notice.
        return retry(t, "error-media-before-consent");
    }
    // A recording is spoken words whether Telegram calls it a voice message or an audio file (the
    // web page's upload is always a file).
    let is_voice = matches!(item.kind.as_str(), "voice" | "audio");
    t.d.draft.evidence.push(item);
    let count = t.d.draft.evidence.len();
    match t.d.step {
        Step::Evidence => {
            let text = t.t_args("evidence-received", &[("count", Arg::from(count))]);
            t.say(text, Keyboard::None);
            t.ask_again();
        }
        Step::Description if is_voice => {
            t.d.draft.description = Some(t.t("description-voice"));
            finish(t);
        }
        _ => {
            let text = t.t_args("evidence-received-early", &[("count", Arg::from(count))]);
            t.say(text, Keyboard::None);
            t.ask_again();
        }
    }
}

fn accept_phone(t: &mut Turn<'_>, raw: &str) {
    match PhoneNumber::parse(raw) {
        Ok(phone) => {
            t.d.draft.phone = Some(seal(t, phone.as_str(), phone.masked()));
            let text = t.t_args("phone-saved", &[("masked", Arg::from(phone.masked()))]);
            t.say(text, Keyboard::Remove);
            finish(t);
        }
        Err(e) => retry(t, e.message_id()),
    }
}

fn seal(t: &Turn<'_>, normalized: &str, masked: String) -> Sealed {
    Sealed { sealed: t.env.vault.seal(normalized), masked }
}

/// Says why the answer did not fit and asks the same question again.
pub(super) fn retry(t: &mut Turn<'_>, message_id: &str) {
    t.note(message_id);
    t.ask_again();
}

pub(super) fn refuse_button(t: &mut Turn<'_>) {
    let toast = t.t("error-stale-button");
    t.out.push(Out::Toast(toast));
    t.ask_again();
}

pub(super) fn chosen(t: &mut Turn<'_>, label: String) {
    t.out.push(Out::Chosen { label });
}

/// Trims and bounds free text; `None` when it is too short or too long.
fn free_text(text: &str, min: usize, max: usize) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let cleaned = cleaned.trim();
    let n = cleaned.chars().count();
    (n >= min && n <= max).then(|| cleaned.to_owned())
}

/// Moves on from the answered step in the normal order; while editing, back to the summary.
pub(super) fn finish(t: &mut Turn<'_>) {
    let next = if t.d.draft.crew.is_some() { crew_next(t.d.step) } else { next(t.d.step) };
    if t.d.editing {
        t.d.editing = false;
        t.go(Step::Summary);
    } else {
        t.go(next);
    }
}

/// A crew member answers only for themselves: amount, name, phone, ID; the case gave the rest.
fn crew_next(step: Step) -> Step {
    match step {
        Step::Idle | Step::Language | Step::Consent => Step::Amount,
        Step::Amount | Step::AmountConfirm => Step::Name,
        Step::Name => Step::Phone,
        Step::Phone => Step::IdConsent,
        _ => Step::Summary,
    }
}

/// What a crew member joins, before their own questions: the case and its worksite, employer and
/// period — nothing of the other workers.
pub(super) fn crew_card(t: &mut Turn<'_>) {
    let d = &t.d.draft;
    let (Some(crew), Some(site), Some(employer)) = (d.crew.as_ref(), d.site.as_deref(), d.employer.as_deref()) else {
        return;
    };
    let period = d.period.as_ref().map_or_else(String::new, |p| match t.lang() {
        crate::i18n::Lang::ZhHans => p.display_zh(),
        crate::i18n::Lang::En => p.display_en(),
    });
    let args = [
        ("case", Arg::from(crew.case_number.clone())),
        ("site", Arg::from(site.to_owned())),
        ("employer", Arg::from(employer.to_owned())),
        ("period", Arg::from(period)),
    ];
    let text = t.t_args("crew-join-card", &args);
    t.say(text, Keyboard::None);
}

fn next(step: Step) -> Step {
    match step {
        Step::Idle | Step::Language | Step::Consent => Step::County,
        Step::County | Step::Township => Step::Site,
        Step::Site => Step::Sector,
        Step::Sector | Step::ProjectConfirm => Step::EmployerKind,
        Step::EmployerKind => Step::Employer,
        Step::Employer => Step::ClaimKind,
        Step::ClaimKind => Step::Litigation,
        Step::Litigation => Step::Amount,
        Step::Amount | Step::AmountConfirm => Step::Period,
        Step::Period | Step::PeriodTooOld => Step::Workers,
        Step::Workers | Step::CrewSize => Step::Name,
        Step::Name => Step::Phone,
        Step::Phone => Step::IdConsent,
        Step::IdConsent | Step::IdNumber => Step::Evidence,
        Step::Evidence => Step::Description,
        Step::Description | Step::Summary | Step::Notice => Step::Summary,
    }
}

pub(super) fn go_to_first_missing(t: &mut Turn<'_>) {
    let d = &t.d.draft;
    let missing = [
        (d.site.is_none(), Step::County),
        (d.sector.is_none(), Step::Sector),
        (d.employer.is_none() || d.employer_kind.is_none(), Step::EmployerKind),
        (d.claim_kind.is_none(), Step::ClaimKind),
        (d.litigation.is_none(), Step::Litigation),
        (d.amount_fen.is_none(), Step::Amount),
        (d.period.is_none(), Step::Period),
        (d.workers.is_none(), Step::Workers),
        (d.name.is_none(), Step::Name),
        (d.phone.is_none(), Step::Phone),
        (d.id_consent.is_none(), Step::IdConsent),
        (!d.evidence_done, Step::Evidence),
        (d.description.is_none(), Step::Description),
        (d.consent_at.is_none(), Step::Consent),
    ];
    let step = missing.iter().find(|(gap, _)| *gap).map_or(Step::Summary, |(_, step)| *step);
    t.d.editing = step != Step::Summary;
    t.go(step);
}
