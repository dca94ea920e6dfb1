//! Handlers for button presses: each step accepts only its own actions, so a stale or forged button
//! never moves the dialogue.

use super::Step;
use super::answers::{chosen, finish, go_to_first_missing, refuse_button};
use super::commands::reset;
use super::draft::{ClaimKind, EmployerKind, Litigation};
use super::turn::Turn;
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

pub(super) fn on_button(t: &mut Turn<'_>, action: &str) {
    let (kind, value) = action.split_once(':').unwrap_or((action, ""));
    match (kind, value) {
        ("lang", code) => match Lang::from_code(code) {
            Some(lang) => {
                t.d.lang = Some(lang);
                chosen(t, crate::i18n::tr(lang, "language-name"));
                match t.d.resume.take() {
                    // Back where `/language` interrupted; idle is left quietly (its hint is no question).
                    Some(Step::Idle) => {
                        t.note("language-changed");
                        t.d.step = Step::Idle;
                    }
                    Some(step) => {
                        t.note("language-changed");
                        t.go(step);
                    }
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
            t.d.draft.consent_at = Some(crate::clock::stamp(t.env.now));
            if t.d.draft.crew.is_some() {
                super::answers::crew_card(t);
                t.go(Step::Amount);
                return;
            }
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
        ("county", code) => match t.env.deployment.county(code) {
            Some(county) => {
                let has_townships = !county.townships.is_empty();
                let label = super::turn::region_name(t.lang(), &county.name_zh, &county.name_en);
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
            let county = t.d.draft.county_code.as_deref().and_then(|c| t.env.deployment.county(c));
            match county.and_then(|c| c.townships.iter().find(|tw| tw.code == code)) {
                Some(tw) => {
                    let label = super::turn::region_name(t.lang(), &tw.name_zh, &tw.name_en);
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
        ("notice", "submit") => super::submit::submit(t),
        _ => refuse_button(t),
    }
}

fn edit(t: &mut Turn<'_>, field: &str) {
    let own = ["amount", "name", "phone", "id", "evidence", "description"];
    if t.d.draft.crew.is_some() && !own.contains(&field) {
        return refuse_button(t);
    }
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
