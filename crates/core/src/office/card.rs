//! A case's card in an office group: what the office needs to decide, personal data masked, and
//! the buttons that office may use. Rendered from the stored case each time (the store
//! loads [`CardFacts`]), so an edit in place always shows the case as it is now.

use super::authz::{Action, Place};
use super::buttons::ButtonData;
use super::mask::mask_numbers;
use crate::case::{CaseState, Status};
use crate::deployment::Deployment;
use crate::domain::sector::Sector;
use crate::i18n;
use crate::intake::draft::EmployerKind;
use crate::outgoing::{Button, Keyboard};
use crate::render::{date_text, office_name};

pub use crate::render::OFFICE_LANG;

/// A description longer than this is cut on the card (the whole text is in the case file).
const DESCRIPTION_CHARS: usize = 600;

/// One claimant as the office sees them: masked numbers, their own amount, what the office verified
/// and what they confirmed arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardClaimant {
    pub name: String,
    pub phone_masked: String,
    pub id_masked: Option<String>,
    pub amount_fen: i64,
    pub verified_fen: Option<i64>,
    pub paid_fen: i64,
    pub confirmed: bool,
    /// Their personal data was erased (on request or after the retention period): nothing to mask.
    pub erased: bool,
}

/// Everything a card shows, as the store loaded it.
#[derive(Debug, Clone)]
pub struct CardFacts {
    pub complaint_id: i64,
    pub case_number: String,
    pub worker_chat_id: i64,
    pub lang: String,
    pub county_code: String,
    pub site: String,
    pub sector: String,
    pub employer_kind: String,
    pub employer: String,
    pub amount_fen: i64,
    pub amount_approx: bool,
    pub period_start: String,
    pub period_end: String,
    pub workers: i64,
    pub description: String,
    pub flags: Vec<String>,
    pub evidence: i64,
    /// (name, masked phone, masked ID) of each claimant, filer first.
    /// In the card's order: the filer first, then joined workers and crew members.
    pub claimants: Vec<CardClaimant>,
    pub tags: Vec<String>,
    pub state: CaseState,
    pub rev: i64,
}

fn tr(id: &str) -> String {
    i18n::tr(OFFICE_LANG, id)
}

fn tr_args(id: &str, args: &[(&str, i18n::Arg)]) -> String {
    i18n::tr_args(OFFICE_LANG, id, args)
}

/// The county's name, or its code when the deployment does not know it.
pub fn county_name(d: &Deployment, code: &str) -> String {
    d.county(code).map_or_else(|| tr("staff-card-county-unknown"), |c| c.name_zh.clone())
}

/// The forum topic's name: case number and county (Telegram allows 128 characters).
pub fn topic_name(d: &Deployment, f: &CardFacts) -> String {
    let name = format!("{} {}", f.case_number, county_name(d, &f.county_code));
    crate::outgoing::truncated(&name, 128)
}

/// The card's text as `place` sees it.
pub fn text(d: &Deployment, f: &CardFacts, place: Place) -> String {
    let s = &f.state;
    let yuan = crate::render::yuan(f.amount_fen);
    let amount = if f.amount_approx { tr_args("staff-card-approx", &[("amount", yuan.into())]) } else { yuan };
    let sector = Sector::from_code(&f.sector).map_or_else(|| f.sector.clone(), |s| tr(s.message_id()));
    let employer_kind =
        EmployerKind::from_code(&f.employer_kind).map_or_else(|| f.employer_kind.clone(), |k| tr(k.message_id()));
    let co = if s.co_handlers.is_empty() {
        tr("staff-card-none")
    } else {
        s.co_handlers.iter().map(|o| office_name(d, OFFICE_LANG, o)).collect::<Vec<_>>().join("、")
    };
    let flags = if f.flags.is_empty() {
        tr("staff-card-none")
    } else {
        f.flags.iter().map(|c| tr(&format!("staff-flag-{}", c.replace('_', "-")))).collect::<Vec<_>>().join("、")
    };
    let tags = f.tags.iter().map(|t| tr(&format!("staff-tag-{}", t.replace('_', "-")))).collect::<Vec<_>>();
    let claimants = f
        .claimants
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = super::mask::mask_name(&c.name);
            let who = match &c.id_masked {
                _ if c.erased => format!("{}. {}", i + 1, tr("staff-card-claimant-erased")),
                Some(id) => format!("{}. {name} {} · {id}", i + 1, c.phone_masked),
                None => format!("{}. {name} {}", i + 1, c.phone_masked),
            };
            let verified = c.verified_fen.map_or_else(|| tr("staff-card-none"), crate::render::yuan);
            let paid = if c.confirmed {
                tr("staff-card-claimant-confirmed")
            } else if c.paid_fen > 0 {
                tr_args("staff-card-claimant-paid", &[("amount", crate::render::yuan(c.paid_fen).into())])
            } else {
                tr("staff-card-claimant-unconfirmed")
            };
            let money = tr_args(
                "staff-card-claimant-money",
                &[
                    ("amount", crate::render::yuan(c.amount_fen).into()),
                    ("verified", verified.into()),
                    ("paid", paid.into()),
                ],
            );
            format!("{who} · {money}")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut description: String = mask_numbers(&f.description);
    if description.chars().count() > DESCRIPTION_CHARS {
        description = description.chars().take(DESCRIPTION_CHARS).collect::<String>() + "…";
    }
    let due = |day: Option<chrono::NaiveDate>| day.map_or_else(|| tr("staff-card-none"), |d| date_text(OFFICE_LANG, d));
    let mut lines = vec![
        tr_args(
            "staff-card-title",
            &[("case", f.case_number.clone().into()), ("county", county_name(d, &f.county_code).into())],
        ),
        tr_args(
            "staff-card-status",
            &[("status", tr(s.status.message_id()).into()), ("owner", office_name(d, OFFICE_LANG, &s.owner).into())],
        ),
        tr_args("staff-card-co-handlers", &[("offices", co.into())]),
        // Typed by the worker like the description: "包工头张三 13800138000" is common.
        tr_args("staff-card-site", &[("site", mask_numbers(&f.site).into())]),
        tr_args(
            "staff-card-employer",
            &[("employer", mask_numbers(&f.employer).into()), ("kind", employer_kind.into())],
        ),
        tr_args("staff-card-sector", &[("sector", sector.into())]),
        tr_args(
            "staff-card-amount",
            &[
                ("amount", amount.into()),
                ("from", mask_numbers(&f.period_start).into()),
                ("to", mask_numbers(&f.period_end).into()),
            ],
        ),
        tr_args(
            "staff-card-workers",
            &[("workers", f.workers.into()), ("claimants", i64::try_from(f.claimants.len()).unwrap_or(0).into())],
        ),
        tr_args("staff-card-flags", &[("flags", flags.into())]),
        tr_args(
            "staff-card-clocks",
            &[("acceptance", due(Some(s.acceptance_due)).into()), ("investigation", due(s.investigation_due).into())],
        ),
        tr_args("staff-card-evidence", &[("count", f.evidence.into())]),
    ];
    // Filed on the web channel: the office replies the same way; the worker reads it on a web page.
    if crate::channel::Channel::of_chat(f.worker_chat_id) == crate::channel::Channel::Web {
        lines.push(tr("staff-card-channel-web"));
    }
    // Waiting for the worker's material: since when, and (before acceptance) when the clock runs again.
    if let (Status::NeedInfo, Some(asked)) = (s.status, s.info_requested_on) {
        let asked = date_text(OFFICE_LANG, asked);
        lines.push(match s.accepted_on {
            None => tr_args(
                "staff-card-waiting-acceptance",
                &[("asked", asked.into()), ("resumes", date_text(OFFICE_LANG, s.acceptance_from).into())],
            ),
            Some(_) => tr_args("staff-card-waiting", &[("asked", asked.into())]),
        });
    }
    if let Some(due) = crate::case::pass_on_due(s, d) {
        lines.push(tr_args("staff-card-pass-on", &[("due", date_text(OFFICE_LANG, due).into())]));
    }
    if let Some(o) = &s.order {
        let args = [
            ("amount", crate::render::yuan(o.amount_fen).into()),
            ("due", date_text(OFFICE_LANG, o.due).into()),
            ("issued", date_text(OFFICE_LANG, o.issued_on).into()),
        ];
        lines.push(tr_args("staff-card-order", &args));
    }
    if !s.penalties.is_empty() {
        let total: i64 = s.penalties.iter().map(|p| p.amount_fen).sum();
        let args = [("count", (s.penalties.len() as i64).into()), ("amount", crate::render::yuan(total).into())];
        lines.push(tr_args("staff-card-penalties", &args));
    }
    if let Some(b) = &s.blacklist {
        lines.push(tr_args("staff-card-blacklist", &[("on", date_text(OFFICE_LANG, b.on).into())]));
    }
    if let Some(p) = &s.police {
        let args = [("on", date_text(OFFICE_LANG, p.on).into()), ("reason", mask_numbers(&p.reason).into())];
        lines.push(tr_args("staff-card-police", &args));
    }
    if !tags.is_empty() {
        lines.push(tr_args("staff-card-tags", &[("tags", tags.join("、").into())]));
    }
    lines.push(tr_args("staff-card-claimants", &[("claimants", claimants.into())]));
    lines.push(tr_args("staff-card-description", &[("text", description.into())]));
    let footer = match place {
        Place::Owner => None,
        Place::CoHandler => Some("staff-card-footer-co-handler"),
        Place::Supervisor => Some("staff-card-footer-supervisor"),
        _ => Some("staff-card-footer-read-only"),
    };
    if let Some(id) = footer {
        lines.push(tr(id));
    }
    let text = lines.join("\n");
    crate::outgoing::truncated(&text, crate::outgoing::MAX_MESSAGE_CHARS)
}

/// The buttons `place` may press, for the case as it is now.
pub fn keyboard(f: &CardFacts, place: Place) -> Keyboard {
    if place != Place::Owner {
        return Keyboard::None;
    }
    let open = f.state.status.is_open();
    let accepted = f.state.accepted_on.is_some();
    let before_acceptance =
        !accepted && matches!(f.state.status, Status::Submitted | Status::NeedInfo | Status::Transferred);
    let mut actions = Vec::new();
    if before_acceptance {
        actions.push(Action::Accept);
    }
    if open {
        // Material may be asked for at any open stage: investigations need it most.
        actions.extend([Action::RequestInfo, Action::Transfer, Action::AddCoHandler]);
        if accepted && !f.state.extended {
            actions.push(Action::Extend);
        }
        if accepted {
            actions.extend([Action::Order, Action::Verify, Action::Penalty]);
            if f.state.blacklist.is_none() {
                actions.push(Action::Blacklist);
            }
        }
        actions.push(Action::Resolve);
        actions.push(Action::Tag);
    }
    actions.push(Action::Unmask);
    let buttons: Vec<Button> = actions
        .into_iter()
        .filter_map(|a| {
            let data = ButtonData::new(f.complaint_id, f.rev, a, None).encode()?;
            Some(Button { label: tr(&format!("staff-button-{}", a.code())), data })
        })
        .collect();
    Keyboard::Inline(buttons.chunks(2).map(<[Button]>::to_vec).collect())
}

/// An evidence file's caption with the worker's words about it (numbers in them masked, as in any
/// relayed words), within Telegram's caption length.
pub fn noted_evidence_caption(case_number: &str, kind: &str, note: Option<&str>) -> String {
    let caption = evidence_caption(case_number, kind);
    let caption = match note {
        Some(words) => format!("{caption}\n{}", super::mask::mask_numbers(words)),
        None => caption,
    };
    crate::outgoing::truncated(&caption, crate::outgoing::MAX_CAPTION_CHARS)
}

/// The caption of an evidence file or a relayed worker message: the case number and what it is,
/// never who sent it.
pub fn evidence_caption(case_number: &str, kind: &str) -> String {
    let what = tr(&format!("staff-media-{kind}"));
    tr_args("staff-evidence-caption", &[("case", case_number.into()), ("what", what.into())])
}
