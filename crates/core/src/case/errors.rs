//! Why a lifecycle operation was refused: one variant per refusal, each with its message id so
//! staff see the refusal in their language.

use chrono::NaiveDate;

use super::message::{Arg, Message};
use super::status::{Outcome, Status};
use crate::deployment::OfficeId;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("only the owning office {owner} may do this (tried by {office})")]
    NotOwner { office: OfficeId, owner: OfficeId },
    #[error("{op} is not something this actor may do")]
    ActorNotAllowed { op: &'static str },
    #[error("{op} is not possible while the case is {}", status.code())]
    NotAllowedInStatus { op: &'static str, status: Status },
    #[error("a transfer needs a reason")]
    TransferWithoutReason,
    #[error("a case cannot be transferred to its own owner")]
    TransferToSelf,
    #[error("unknown office {0}")]
    UnknownOffice(OfficeId),
    #[error("{0} is already handling this case")]
    AlreadyCoHandler(OfficeId),
    #[error("the owner cannot also be a co-handler")]
    CoHandlerIsOwner,
    #[error("a request for more information needs the text of the request")]
    EmptyInfoRequest,
    #[error("the investigation has no clock to extend (not accepted yet)")]
    NoInvestigationClock,
    #[error("the investigation may be extended only once")]
    AlreadyExtended,
    /// 监察条例 Art. 17 extends a period still running; once it lapsed the case is simply overdue.
    #[error("the investigation period ended on {due}: too late to extend it")]
    ExtensionAfterDue { due: NaiveDate },
    #[error("an extension needs a reason")]
    ExtensionWithoutReason,
    /// Asking for material pauses the acceptance clock (若干规定 Art. 18) only while it runs: an office
    /// already late decides first.
    #[error("the acceptance period ended on {due}: decide whether to accept before asking for more")]
    InfoRequestAfterDue { due: NaiveDate },
    #[error("a paid outcome needs a positive amount")]
    PaidAmountNotPositive,
    #[error("this outcome needs a reason")]
    OutcomeWithoutReason,
    #[error("this outcome needs to say where the worker should go instead")]
    OutcomeWithoutReferral,
    #[error("a merge needs the number of the case it joins")]
    MergeWithoutTarget,
    #[error("a case already accepted cannot be resolved as not accepted")]
    NotAcceptedAfterAcceptance,
    #[error("reopening needs a reason")]
    ReopenWithoutReason,
    #[error("there is no payment to confirm")]
    NothingToConfirm,
    #[error("only a written decision not to accept (or a merge) may end a case before it is accepted")]
    NotYetAccepted,
    #[error("a police referral for refusing to pay needs an order to pay first")]
    PoliceWithoutOrder,
    #[error("an order to pay needs a positive amount and a deadline after today")]
    BadOrder,
    #[error("a penalty needs a positive amount and the decision's words")]
    BadPenalty,
    #[error("the employer of this case was already referred for joint punishment")]
    AlreadyBlacklisted,
}

impl LifecycleError {
    pub fn message_id(&self) -> &'static str {
        match self {
            LifecycleError::NotOwner { .. } => "case-error-not-owner",
            LifecycleError::NotYetAccepted => "case-error-not-yet-accepted",
            LifecycleError::PoliceWithoutOrder => "case-error-police-without-order",
            LifecycleError::BadOrder => "case-error-bad-order",
            LifecycleError::BadPenalty => "case-error-bad-penalty",
            LifecycleError::AlreadyBlacklisted => "case-error-already-blacklisted",
            LifecycleError::ActorNotAllowed { .. } => "case-error-actor-not-allowed",
            LifecycleError::NotAllowedInStatus { .. } => "case-error-not-allowed-in-status",
            LifecycleError::TransferWithoutReason => "case-error-transfer-without-reason",
            LifecycleError::TransferToSelf => "case-error-transfer-to-self",
            LifecycleError::UnknownOffice(_) => "case-error-unknown-office",
            LifecycleError::AlreadyCoHandler(_) => "case-error-already-co-handler",
            LifecycleError::CoHandlerIsOwner => "case-error-co-handler-is-owner",
            LifecycleError::EmptyInfoRequest => "case-error-empty-info-request",
            LifecycleError::NoInvestigationClock => "case-error-no-investigation-clock",
            LifecycleError::AlreadyExtended => "case-error-already-extended",
            LifecycleError::ExtensionAfterDue { .. } => "case-error-extension-after-due",
            LifecycleError::ExtensionWithoutReason => "case-error-extension-without-reason",
            LifecycleError::InfoRequestAfterDue { .. } => "case-error-info-request-after-due",
            LifecycleError::PaidAmountNotPositive => "case-error-paid-amount-not-positive",
            LifecycleError::OutcomeWithoutReason => "case-error-outcome-without-reason",
            LifecycleError::OutcomeWithoutReferral => "case-error-outcome-without-referral",
            LifecycleError::MergeWithoutTarget => "case-error-merge-without-target",
            LifecycleError::NotAcceptedAfterAcceptance => "case-error-not-accepted-after-acceptance",
            LifecycleError::ReopenWithoutReason => "case-error-reopen-without-reason",
            LifecycleError::NothingToConfirm => "case-error-nothing-to-confirm",
        }
    }

    /// The refusal as a message for the staff member who tried.
    pub fn message(&self) -> Message {
        let m = Message::new(self.message_id());
        match self {
            LifecycleError::NotOwner { owner, .. } => m.office("owner", owner),
            LifecycleError::NotAllowedInStatus { status, .. } => {
                m.arg("status", Arg::Message(status.message_id().into()))
            }
            LifecycleError::UnknownOffice(office) => m.text("office", office.as_str()),
            LifecycleError::AlreadyCoHandler(office) => m.office("office", office),
            LifecycleError::ExtensionAfterDue { due } | LifecycleError::InfoRequestAfterDue { due } => {
                m.date("due", *due)
            }
            _ => m,
        }
    }
}

impl Outcome {
    /// Checks the details a resolution needs: a positive amount, a reason, where to go instead.
    pub fn validate(&self) -> Result<(), LifecycleError> {
        let blank = |s: &str| s.trim().is_empty();
        match self {
            Outcome::PaidInFull => Ok(()),
            Outcome::PaidInPart { paid_fen } | Outcome::AdvancedFromDeposit { paid_fen } if *paid_fen <= 0 => {
                Err(LifecycleError::PaidAmountNotPositive)
            }
            Outcome::PaidInPart { .. } | Outcome::AdvancedFromDeposit { .. } => Ok(()),
            Outcome::ReferredToArbitration { reason, .. }
            | Outcome::NotWageClaim { reason, .. }
            | Outcome::NotAccepted { reason, .. }
            | Outcome::ReferredToPolice { reason }
            | Outcome::Unfounded { reason }
                if blank(reason) =>
            {
                Err(LifecycleError::OutcomeWithoutReason)
            }
            Outcome::ReferredToArbitration { referral, .. }
            | Outcome::NotWageClaim { referral, .. }
            | Outcome::NotAccepted { referral, .. }
                if blank(referral) =>
            {
                Err(LifecycleError::OutcomeWithoutReferral)
            }
            Outcome::Merged { into } if blank(into) => Err(LifecycleError::MergeWithoutTarget),
            _ => Ok(()),
        }
    }
}
