//! A case's status and outcome (docs/rules.md, "The case lifecycle"), with stable snake_case codes for
//! storage and Fluent message ids for display. Add variants; never rename one without a migration.

use serde::{Deserialize, Serialize};

use super::message::{Arg, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已提交 — received, numbered, an owner assigned.
    Submitted,
    /// 待补充材料 — the owner asked for more (若干规定 Art. 18 补正); the acceptance clock waits.
    NeedInfo,
    /// 已受理 — accepted within the 5-working-day clock.
    Accepted,
    /// 已转送 — moved to another office; still open.
    Transferred,
    /// 处理中 — investigation, mediation, order to pay.
    Handling,
    /// 已办结 — has an outcome; a paid outcome waits for the worker's confirmation.
    Resolved,
    /// 重新办理 — the worker was not paid after all, or the follow-up found recurrence.
    Reopened,
    /// 已销账 — paid and confirmed (不解决不销账).
    Closed,
    /// 已撤回 — the worker withdrew it.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Submitted,
        Status::NeedInfo,
        Status::Accepted,
        Status::Transferred,
        Status::Handling,
        Status::Resolved,
        Status::Reopened,
        Status::Closed,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::NeedInfo => "need_info",
            Status::Accepted => "accepted",
            Status::Transferred => "transferred",
            Status::Handling => "handling",
            Status::Resolved => "resolved",
            Status::Reopened => "reopened",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Status::Submitted => "status-submitted",
            Status::NeedInfo => "status-need-info",
            Status::Accepted => "status-accepted",
            Status::Transferred => "status-transferred",
            Status::Handling => "status-handling",
            Status::Resolved => "status-resolved",
            Status::Reopened => "status-reopened",
            Status::Closed => "status-closed",
            Status::Withdrawn => "status-withdrawn",
        }
    }

    /// Open cases are the ones an office still has to act on.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed | Status::Withdrawn)
    }
}

/// How a case ended. Referrals carry where the worker should go instead (`referral`), because
/// whoever closes a case must tell the worker the result (条例 Art. 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    PaidInFull,
    PaidInPart {
        paid_fen: i64,
    },
    /// Paid from the wage deposit (工资保证金) or the emergency fund (应急周转金).
    AdvancedFromDeposit {
        paid_fen: i64,
    },
    /// Employment or amount disputed, or already before arbitration or a court (监察条例 Art. 21).
    ReferredToArbitration {
        reason: String,
        referral: String,
    },
    /// Suspected refusal to pay (条例 Art. 41) or an absconded employer.
    ReferredToPolice {
        reason: String,
    },
    /// A 工程款 dispute, not wages (条例 Art. 35).
    NotWageClaim {
        reason: String,
        referral: String,
    },
    Unfounded {
        reason: String,
    },
    /// Joined to another case (its number).
    Merged {
        into: String,
    },
    NotAccepted {
        reason: String,
        referral: String,
    },
}

/// An outcome without its details: what staff pick on the card before typing the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    PaidInFull,
    PaidInPart,
    AdvancedFromDeposit,
    ReferredToArbitration,
    ReferredToPolice,
    NotWageClaim,
    Unfounded,
    Merged,
    NotAccepted,
}

/// What staff must type to complete an outcome they picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeDetails {
    Nothing,
    /// The amount paid (exact).
    Amount,
    /// "reason；where the worker should go instead".
    ReasonAndReferral,
    Reason,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 9] = [
        OutcomeKind::PaidInFull,
        OutcomeKind::PaidInPart,
        OutcomeKind::AdvancedFromDeposit,
        OutcomeKind::ReferredToArbitration,
        OutcomeKind::ReferredToPolice,
        OutcomeKind::NotWageClaim,
        OutcomeKind::Unfounded,
        OutcomeKind::Merged,
        OutcomeKind::NotAccepted,
    ];

    /// Any outcome, from its stored code.
    pub fn from_code(code: &str) -> Option<OutcomeKind> {
        OutcomeKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The outcomes an office chooses from, in button order (a merge happens by filing, not by hand).
    pub const CHOSEN_BY_STAFF: [OutcomeKind; 8] = [
        OutcomeKind::PaidInFull,
        OutcomeKind::PaidInPart,
        OutcomeKind::AdvancedFromDeposit,
        OutcomeKind::ReferredToArbitration,
        OutcomeKind::ReferredToPolice,
        OutcomeKind::NotWageClaim,
        OutcomeKind::Unfounded,
        OutcomeKind::NotAccepted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OutcomeKind::PaidInFull => "paid_in_full",
            OutcomeKind::PaidInPart => "paid_in_part",
            OutcomeKind::AdvancedFromDeposit => "advanced_from_deposit",
            OutcomeKind::ReferredToArbitration => "referred_to_arbitration",
            OutcomeKind::ReferredToPolice => "referred_to_police",
            OutcomeKind::NotWageClaim => "not_wage_claim",
            OutcomeKind::Unfounded => "unfounded",
            OutcomeKind::Merged => "merged",
            OutcomeKind::NotAccepted => "not_accepted",
        }
    }

    /// One an office may choose, from its code (`merged` is not).
    pub fn chosen_by_staff(code: &str) -> Option<OutcomeKind> {
        OutcomeKind::CHOSEN_BY_STAFF.into_iter().find(|k| k.code() == code)
    }

    pub fn details(self) -> OutcomeDetails {
        match self {
            OutcomeKind::PaidInFull => OutcomeDetails::Nothing,
            OutcomeKind::PaidInPart | OutcomeKind::AdvancedFromDeposit => OutcomeDetails::Amount,
            OutcomeKind::ReferredToArbitration | OutcomeKind::NotWageClaim | OutcomeKind::NotAccepted => {
                OutcomeDetails::ReasonAndReferral
            }
            OutcomeKind::ReferredToPolice | OutcomeKind::Unfounded | OutcomeKind::Merged => OutcomeDetails::Reason,
        }
    }
}

impl Outcome {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::PaidInFull => OutcomeKind::PaidInFull,
            Outcome::PaidInPart { .. } => OutcomeKind::PaidInPart,
            Outcome::AdvancedFromDeposit { .. } => OutcomeKind::AdvancedFromDeposit,
            Outcome::ReferredToArbitration { .. } => OutcomeKind::ReferredToArbitration,
            Outcome::ReferredToPolice { .. } => OutcomeKind::ReferredToPolice,
            Outcome::NotWageClaim { .. } => OutcomeKind::NotWageClaim,
            Outcome::Unfounded { .. } => OutcomeKind::Unfounded,
            Outcome::Merged { .. } => OutcomeKind::Merged,
            Outcome::NotAccepted { .. } => OutcomeKind::NotAccepted,
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    pub fn message_id(&self) -> &'static str {
        match self {
            Outcome::PaidInFull => "outcome-paid-in-full",
            Outcome::PaidInPart { .. } => "outcome-paid-in-part",
            Outcome::AdvancedFromDeposit { .. } => "outcome-advanced-from-deposit",
            Outcome::ReferredToArbitration { .. } => "outcome-referred-to-arbitration",
            Outcome::ReferredToPolice { .. } => "outcome-referred-to-police",
            Outcome::NotWageClaim { .. } => "outcome-not-wage-claim",
            Outcome::Unfounded { .. } => "outcome-unfounded",
            Outcome::Merged { .. } => "outcome-merged",
            Outcome::NotAccepted { .. } => "outcome-not-accepted",
        }
    }

    /// The outcome's localized description with its details (amount, reason, referral).
    pub fn message(&self) -> Message {
        let m = Message::new(self.message_id());
        match self {
            Outcome::PaidInFull => m,
            Outcome::PaidInPart { paid_fen } | Outcome::AdvancedFromDeposit { paid_fen } => {
                m.arg("amount", Arg::Fen(*paid_fen))
            }
            Outcome::ReferredToArbitration { reason, referral }
            | Outcome::NotWageClaim { reason, referral }
            | Outcome::NotAccepted { reason, referral } => m.text("reason", reason).text("referral", referral),
            Outcome::ReferredToPolice { reason } | Outcome::Unfounded { reason } => m.text("reason", reason),
            Outcome::Merged { into } => m.text("case", into),
        }
    }

    /// Money reached the worker: the case closes only once they confirm it (不解决不销账).
    pub fn is_paid(&self) -> bool {
        matches!(self, Outcome::PaidInFull | Outcome::PaidInPart { .. } | Outcome::AdvancedFromDeposit { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::super::errors::LifecycleError;
    use super::*;

    #[test]
    fn every_status_code_round_trips_and_matches_its_serde_name() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_string(&s).expect("json"), format!("\"{}\"", s.code()));
        }
    }

    #[test]
    fn every_outcome_code_round_trips_and_matches_its_serde_name() {
        for k in OutcomeKind::ALL {
            assert_eq!(OutcomeKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_string(&k).expect("json"), format!("\"{}\"", k.code()));
        }
        assert_eq!(OutcomeKind::from_code("paid"), None);
    }

    #[test]
    fn outcomes_are_stored_as_tagged_snake_case_json() {
        let o = Outcome::PaidInPart { paid_fen: 1_200_000 };
        assert_eq!(serde_json::to_string(&o).expect("json"), r#"{"kind":"paid_in_part","paid_fen":1200000}"#);
        let back: Outcome = serde_json::from_str(r#"{"kind":"paid_in_full"}"#).expect("parses");
        assert_eq!(back, Outcome::PaidInFull);
        assert_eq!(o.code(), "paid_in_part");
    }

    #[test]
    fn an_outcome_lacking_its_details_is_invalid() {
        let table = [
            (Outcome::PaidInPart { paid_fen: 0 }, Err(LifecycleError::PaidAmountNotPositive)),
            (Outcome::AdvancedFromDeposit { paid_fen: -5 }, Err(LifecycleError::PaidAmountNotPositive)),
            (Outcome::Unfounded { reason: "  ".into() }, Err(LifecycleError::OutcomeWithoutReason)),
            (
                Outcome::NotAccepted { reason: "超过两年".into(), referral: "".into() },
                Err(LifecycleError::OutcomeWithoutReferral),
            ),
            (Outcome::Merged { into: "".into() }, Err(LifecycleError::MergeWithoutTarget)),
            (Outcome::ReferredToPolice { reason: "老板失联".into() }, Ok(())),
            (Outcome::PaidInFull, Ok(())),
        ];
        for (outcome, expected) in table {
            assert_eq!(outcome.validate(), expected, "{outcome:?}");
        }
    }
}
