//! The question for each step, with its buttons.

use super::draft::{ClaimKind, EmployerKind, Litigation};
use super::turn::{Turn, region_name, rows};
use super::{Button, Keyboard, Step, summary};
use crate::domain::sector::Sector;
use crate::i18n::{Arg, Lang, tr, tr_every_language};

/// Says the question of the current step.
pub(super) fn ask(t: &mut Turn<'_>) {
    let (text, keyboard) = question(t);
    t.say(text, keyboard);
}

fn question(t: &Turn<'_>) -> (String, Keyboard) {
    let single = |t: &Turn<'_>, id: &str, buttons: Vec<Button>| (t.t(id), inline(buttons, 1));
    match t.d.step {
        Step::Idle => (t.t("idle-hint"), Keyboard::None),
        Step::Language => {
            // Asked before we know the language, so in all of them.
            let text = tr_every_language("ask-language");
            let buttons = Lang::ALL
                .into_iter()
                .map(|l| t.button(tr(l, "language-name"), &format!("lang:{}", l.code())))
                .collect();
            (text, inline(buttons, 2))
        }
        Step::Consent => single(
            t,
            "ask-consent",
            vec![t.button(t.t("button-agree"), "consent:yes"), t.button(t.t("button-disagree"), "consent:no")],
        ),
        Step::County => {
            let mut buttons: Vec<Button> = t
                .env
                .deployment
                .regions
                .iter()
                .map(|c| t.button(region_name(t.lang(), &c.name_zh, &c.name_en), &format!("county:{}", c.code)))
                .collect();
            buttons.push(t.button(t.t("button-county-other"), "county:other"));
            (t.t("ask-county"), inline(buttons, 2))
        }
        Step::Township => {
            let county = t.d.draft.county_code.as_deref().and_then(|c| t.env.deployment.county(c));
            let mut buttons: Vec<Button> = county
                .map(|c| {
                    c.townships
                        .iter()
                        .map(|tw| {
                            t.button(region_name(t.lang(), &tw.name_zh, &tw.name_en), &format!("town:{}", tw.code))
                        })
                        .collect()
                })
                .unwrap_or_default();
            buttons.push(t.button(t.t("button-not-sure"), "town:skip"));
            (t.t("ask-township"), inline(buttons, 2))
        }
        Step::Site => (t.t("ask-site"), Keyboard::None),
        Step::Sector => {
            let buttons = Sector::ALL
                .into_iter()
                .map(|s| t.button(t.t(s.message_id()), &format!("sector:{}", s.code())))
                .collect();
            (t.t("ask-sector"), inline(buttons, 2))
        }
        Step::EmployerKind => {
            let buttons = EmployerKind::ALL
                .into_iter()
                .map(|k| t.button(t.t(k.message_id()), &format!("emp:{}", k.code())))
                .collect();
            single(t, "ask-employer-kind", buttons)
        }
        Step::Employer => (t.t("ask-employer"), Keyboard::None),
        Step::ClaimKind => {
            let buttons = ClaimKind::ALL
                .into_iter()
                .map(|k| t.button(t.t(k.message_id()), &format!("claim:{}", k.code())))
                .collect();
            single(t, "ask-claim-kind", buttons)
        }
        Step::Litigation => {
            let buttons = Litigation::ALL
                .into_iter()
                .map(|k| t.button(t.t(k.message_id()), &format!("lit:{}", k.code())))
                .collect();
            single(t, "ask-litigation", buttons)
        }
        // A crew member's own amount; the filer's question asks for the crew's total.
        Step::Amount if t.d.draft.crew.is_some() => (t.t("ask-amount-own"), Keyboard::None),
        Step::Amount => (t.t("ask-amount"), Keyboard::None),
        Step::AmountConfirm => {
            let (fen, approx) = t.d.draft.pending_amount.unwrap_or((0, false));
            let id = if approx { "ask-amount-confirm-approx" } else { "ask-amount-confirm" };
            let text =
                t.t_args(id, &[("amount", Arg::from(crate::domain::money::WageAmount::from_fen(fen).yuan_text()))]);
            let buttons =
                vec![t.button(t.t("button-yes-correct"), "amount:yes"), t.button(t.t("button-no-retype"), "amount:no")];
            (text, inline(buttons, 2))
        }
        Step::Period => (t.t("ask-period"), Keyboard::None),
        Step::PeriodTooOld => single(
            t,
            "warn-period-too-old",
            vec![
                t.button(t.t("button-continue-anyway"), "old:continue"),
                t.button(t.t("button-change-period"), "old:change"),
                t.button(t.t("button-stop-here"), "old:cancel"),
            ],
        ),
        Step::Workers => single(
            t,
            "ask-workers",
            vec![t.button(t.t("button-just-me"), "workers:alone"), t.button(t.t("button-crew"), "workers:crew")],
        ),
        Step::CrewSize => (t.t("ask-crew-size"), Keyboard::None),
        Step::Name => (t.t("ask-name"), Keyboard::None),
        Step::Phone => (t.t("ask-phone"), Keyboard::RequestContact { label: t.t("button-share-phone") }),
        Step::IdConsent => single(
            t,
            "ask-id-consent",
            vec![t.button(t.t("button-id-give"), "id:yes"), t.button(t.t("button-id-skip"), "id:no")],
        ),
        Step::IdNumber => single(t, "ask-id-number", vec![t.button(t.t("button-id-skip"), "id:skip")]),
        Step::Evidence => {
            let count = t.d.draft.evidence.len();
            let label = t.t_args("button-evidence-done", &[("count", Arg::from(count))]);
            single(t, "ask-evidence", vec![t.button(label, "evidence:done")])
        }
        Step::Description => (t.t("ask-description"), Keyboard::None),
        Step::Summary => summary::render(t),
        Step::ProjectConfirm => {
            let card = t.d.draft.pending_project.as_ref();
            let text = t.t_args(
                "ask-project-confirm",
                &[
                    ("project", Arg::from(card.map_or("—", |c| c.name.as_str()))),
                    ("contractor", Arg::from(card.map_or("—", |c| c.general_contractor.as_str()))),
                ],
            );
            let buttons =
                vec![t.button(t.t("button-project-yes"), "proj:yes"), t.button(t.t("button-project-no"), "proj:no")];
            (text, inline(buttons, 1))
        }
        Step::Notice => single(
            t,
            "notice-false-claims",
            vec![
                t.button(t.t("button-submit"), "notice:submit"),
                t.button(t.t("button-back-to-summary"), "notice:back"),
            ],
        ),
    }
}

/// Lays buttons out `per_row` to a row.
pub(super) fn inline(buttons: Vec<Button>, per_row: usize) -> Keyboard {
    Keyboard::Inline(rows(buttons, per_row))
}

impl Turn<'_> {
    /// Moves to `step` and asks its question.
    pub(super) fn go(&mut self, step: Step) {
        self.d.step = step;
        ask(self);
    }

    /// Asks the current question again, after an answer that did not fit.
    pub(super) fn ask_again(&mut self) {
        ask(self);
    }
}
