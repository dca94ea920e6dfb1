//! Handlers for what the worker answers at each step. Invalid answers say why and ask again; the
//! step only moves when the answer parsed.

use sqlx::SqliteConnection;

use super::commands::reset;
use super::draft::{ClaimKind, EmployerKind, EvidenceItem, Litigation, Sealed};
use super::flow::Turn;
use super::{Keyboard, Out, Step};
use crate::domain::count::WorkerCount;
use crate::domain::id_number::IdNumber;
use crate::domain::money::WageAmount;
use crate::domain::period::PayPeriod;
use crate::domain::phone::PhoneNumber;
use crate::domain::sector::Sector;
use crate::i18n::{Arg, Lang};

/// Whether a button action belongs to the step the worker is at (anything else is stale or forged).
pub(super) fn accepts(step: Step, action: &str) -> bool {
    let prefix = action.split(':').next().unwrap_or_default();
    let expected: &[&str] = match step {
        Step::Language => &["lang"],
        Step::Consent => &["consent"],
        Step::County => &["county"],
        Step::Township => &["town"],
        Step::Sector => &["sector"],
        Step::EmployerKind => &["emp"],
        Step::ClaimKind => &["claim"],
        Step::Litigation => &["lit"],
        Step::AmountConfirm => &["amount"],
        Step::PeriodTooOld => &["old"],
        Step::Workers => &["workers"],
        Step::IdConsent | Step::IdNumber => &["id"],
        Step::Evidence => &["evidence"],
        Step::Summary => &["edit", "summary"],
        Step::Notice => &["notice"],
        Step::ProjectConfirm => &["proj"],
        Step::Idle
        | Step::Site
        | Step::Employer
        | Step::Amount
        | Step::Period
        | Step::CrewSize
        | Step::Name
        | Step::Phone
        | Step::Description => &[],
    };
    expected.contains(&prefix)
}

pub(super) async fn on_button(t: &mut Turn<'_>, conn: &mut SqliteConnection, action: &str) -> anyhow::Result<()> {
    let (kind, value) = action.split_once(':').unwrap_or((action, ""));
    match (kind, value) {
        ("lang", code) => match Lang::from_code(code) {
            Some(lang) => {
                t.d.lang = Some(lang);
                chosen(t, crate::i18n::tr(lang, "language-name"));
                match t.d.resume.take() {
                    Some(step) if step != Step::Idle => {
                        t.note("language-changed");
                        t.go(step);
                    }
                    Some(_) => t.note("language-changed"),
                    None => {
                        t.note("welcome");
                        t.go(Step::Consent);
                    }
                }
            }
            None => refuse_button(t),
        },
        ("consent", "yes") => {
            chosen(t, t.t("button-agree"));
            t.d.draft.consent_at = Some(crate::clock::stamp(t.ctx.clock.now()));
            // A worker who came from a signboard confirms its project instead of placing the site.
            t.go(if t.d.draft.pending_project.is_some() { Step::ProjectConfirm } else { Step::County });
        }
        ("proj", "yes") => super::commands::confirm_project(t),
        ("proj", "no") => super::commands::decline_project(t),
        ("consent", "no") => {
            chosen(t, t.t("button-disagree"));
            reset(t);
            t.note("consent-declined");
        }
        ("county", "other") => {
            chosen(t, t.t("button-county-other"));
            t.d.draft.county_code = None;
            t.d.draft.township_code = None;
            t.go(Step::Site);
        }
        ("county", code) => match t.ctx.deployment.county(code) {
            Some(county) => {
                let has_townships = !county.townships.is_empty();
                let label = super::ask::region_name(t.lang(), &county.name_zh, &county.name_en);
                t.d.draft.county_code = Some(county.code.clone());
                t.d.draft.township_code = None;
                chosen(t, label);
                t.go(if has_townships { Step::Township } else { Step::Site });
            }
            None => refuse_button(t),
        },
        ("town", "skip") => {
            chosen(t, t.t("button-not-sure"));
            t.go(Step::Site);
        }
        ("town", code) => {
            let county = t.d.draft.county_code.as_deref().and_then(|c| t.ctx.deployment.county(c));
            match county.and_then(|c| c.townships.iter().find(|tw| tw.code == code)) {
                Some(tw) => {
                    let label = super::ask::region_name(t.lang(), &tw.name_zh, &tw.name_en);
                    t.d.draft.township_code = Some(tw.code.clone());
                    chosen(t, label);
                    t.go(Step::Site);
                }
                None => refuse_button(t),
            }
        }
        ("sector", code) => match Sector::from_code(code) {
            Some(sector) => {
                t.d.draft.sector = Some(sector);
                chosen(t, t.t(sector.message_id()));
                finish(t);
            }
            None => refuse_button(t),
        },
        ("emp", code) => match EmployerKind::from_code(code) {
            Some(kind) => {
                t.d.draft.employer_kind = Some(kind);
                chosen(t, t.t(kind.message_id()));
                t.go(Step::Employer);
            }
            None => refuse_button(t),
        },
        ("claim", code) => match ClaimKind::from_code(code) {
            Some(kind) => {
                t.d.draft.claim_kind = Some(kind);
                chosen(t, t.t(kind.message_id()));
                if kind != ClaimKind::Wages {
                    // 条例 Art. 35: a contract-price dispute never excuses unpaid wages.
                    t.note("note-contract-payment");
                }
                finish(t);
            }
            None => refuse_button(t),
        },
        ("lit", code) => match Litigation::from_code(code) {
            Some(lit) => {
                t.d.draft.litigation = Some(lit);
                chosen(t, t.t(lit.message_id()));
                if lit != Litigation::None {
                    t.note("note-litigation");
                }
                finish(t);
            }
            None => refuse_button(t),
        },
        ("amount", "yes") => match t.d.draft.pending_amount.take() {
            Some((fen, approx)) => {
                t.d.draft.amount_fen = Some(fen);
                t.d.draft.amount_approx = approx;
                chosen(t, t.t("button-yes-correct"));
                finish(t);
            }
            None => {
                t.go(Step::Amount);
            }
        },
        ("amount", "no") => {
            t.d.draft.pending_amount = None;
            chosen(t, t.t("button-no-retype"));
            t.go(Step::Amount);
        }
        ("old", "continue") => {
            t.d.draft.period_old_acknowledged = true;
            chosen(t, t.t("button-continue-anyway"));
            finish(t);
        }
        ("old", "change") => {
            t.d.draft.period = None;
            chosen(t, t.t("button-change-period"));
            t.go(Step::Period);
        }
        ("old", "cancel") => {
            chosen(t, t.t("button-stop-here"));
            reset(t);
            t.note("cancelled-too-old");
        }
        ("workers", "alone") => {
            t.d.draft.workers = Some(1);
            t.d.draft.workers_approx = false;
            chosen(t, t.t("button-just-me"));
            finish(t);
        }
        ("workers", "crew") => {
            chosen(t, t.t("button-crew"));
            t.go(Step::CrewSize);
        }
        ("id", "yes") => {
            t.d.draft.id_consent = Some(true);
            chosen(t, t.t("button-id-give"));
            t.go(Step::IdNumber);
        }
        ("id", "no") | ("id", "skip") => {
            t.d.draft.id_consent = Some(false);
            t.d.draft.id_number = None;
            chosen(t, t.t("button-id-skip"));
            finish(t);
        }
        ("evidence", "done") => {
            t.d.draft.evidence_done = true;
            let label = t.t_args("button-evidence-done", &[("count", Arg::from(t.d.draft.evidence.len()))]);
            chosen(t, label);
            finish(t);
        }
        ("summary", "ok") => {
            if t.d.draft.is_complete() {
                t.go(Step::Notice);
            } else {
                go_to_first_missing(t);
            }
        }
        ("summary", "urgent") => {
            t.d.draft.urgent = !t.d.draft.urgent;
            t.note(if t.d.draft.urgent { "urgent-on" } else { "urgent-off" });
            t.go(Step::Summary);
        }
        ("edit", field) => edit(t, field),
        ("notice", "back") => t.go(Step::Summary),
        ("notice", "submit") => super::submit::submit(t, conn).await?,
        _ => refuse_button(t),
    }
    Ok(())
}

pub(super) fn on_text(t: &mut Turn<'_>, text: &str) {
    let today = t.ctx.clock.today();
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
            Ok(_) => retry(t, "error-crew-too-small"),
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
        Step::IdNumber => match IdNumber::parse(text) {
            Ok(id) => {
                t.d.draft.id_number = Some(seal(t, "id", id.as_str(), id.masked()));
                let text = t.t_args("id-saved", &[("masked", Arg::from(id.masked()))]);
                t.say(text, Keyboard::None);
                finish(t);
            }
            Err(e) => retry(t, e.message_id()),
        },
        Step::Description => match free_text(text, 5, super::flow::MAX_TEXT_CHARS) {
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
    let is_voice = item.kind == "voice";
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
            t.d.draft.phone = Some(seal(t, "phone", phone.as_str(), phone.masked()));
            let text = t.t_args("phone-saved", &[("masked", Arg::from(phone.masked()))]);
            t.say(text, Keyboard::Remove);
            finish(t);
        }
        Err(e) => retry(t, e.message_id()),
    }
}

fn seal(t: &Turn<'_>, kind: &str, normalized: &str, masked: String) -> Sealed {
    Sealed { sealed: t.ctx.vault.seal(normalized), hash: t.ctx.vault.lookup_hash(kind, normalized), masked }
}

/// Says why the answer did not fit and asks the same question again.
fn retry(t: &mut Turn<'_>, message_id: &str) {
    t.note(message_id);
    t.ask_again();
}

fn refuse_button(t: &mut Turn<'_>) {
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
fn finish(t: &mut Turn<'_>) {
    let next = match t.d.step {
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
    };
    if t.d.editing {
        t.d.editing = false;
        t.go(Step::Summary);
    } else {
        t.go(next);
    }
}

fn edit(t: &mut Turn<'_>, field: &str) {
    let step = match field {
        "site" => {
            // Another site than the signboard's: the complaint is no longer about that project.
            t.d.draft.project_code = None;
            Step::County
        }
        "sector" => Step::Sector,
        "employer" => Step::EmployerKind,
        "claim" => Step::ClaimKind,
        "litigation" => Step::Litigation,
        "amount" => Step::Amount,
        "period" => Step::Period,
        "workers" => Step::Workers,
        "name" => Step::Name,
        "phone" => Step::Phone,
        "id" => Step::IdConsent,
        "evidence" => {
            t.d.draft.evidence_done = false;
            Step::Evidence
        }
        "description" => Step::Description,
        _ => return refuse_button(t),
    };
    t.d.editing = true;
    t.go(step);
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
