//! An operation on a case while it runs: the state before, the state being built and the
//! notifications collected, shared by the operations before acceptance (`lifecycle.rs`) and after
//! it (`resolution.rs`).

use chrono::NaiveDate;

use super::errors::LifecycleError;
use super::message::{Actor, Arg, Message, Notification, Recipient, TimelineKind};
use super::state::CaseState;
use super::status::Status;
use crate::deployment::{Deployment, OfficeId};

/// What an operation needs while it runs: the state before, the state being built, the
/// notifications collected so far.
pub(super) struct Change<'a> {
    pub(super) before: &'a CaseState,
    pub(super) s: CaseState,
    pub(super) out: Out,
    pub(super) actor: &'a Actor,
    pub(super) today: NaiveDate,
    pub(super) d: &'a Deployment,
    pub(super) op: &'static str,
}

/// An allowed operation's timeline entry, or the refusal.
pub(super) type Verdict = Result<(TimelineKind, Message), LifecycleError>;

impl Change<'_> {
    pub(super) fn owner(&self) -> OfficeId {
        self.before.owner.clone()
    }

    pub(super) fn refuse(&self) -> LifecycleError {
        LifecycleError::NotAllowedInStatus { op: self.op, status: self.before.status }
    }

    pub(super) fn require(&self, allowed: bool) -> Result<(), LifecycleError> {
        if allowed { Ok(()) } else { Err(self.refuse()) }
    }

    pub(super) fn before_acceptance(&self) -> bool {
        self.before.accepted_on.is_none()
            && matches!(self.before.status, Status::Submitted | Status::NeedInfo | Status::Transferred)
    }
}

/// The notifications of one operation.
pub(super) struct Out {
    pub(super) list: Vec<Notification>,
    previous_status: Status,
}

impl Out {
    pub(super) fn new(state: &CaseState) -> Out {
        Out { list: Vec::new(), previous_status: state.status }
    }

    pub(super) fn worker(&mut self, m: Message) {
        self.list.push(Notification::new(Recipient::Worker, m));
    }

    /// The case's other workers, when one of them acted (see [`Recipient::OtherWorkers`]).
    pub(super) fn other_workers(&mut self, m: Message) {
        self.list.push(Notification::new(Recipient::OtherWorkers, m));
    }

    pub(super) fn office(&mut self, office: &OfficeId, m: Message) {
        self.list.push(Notification::new(Recipient::Office(office.clone()), m));
    }

    pub(super) fn supervisor(&mut self, owner: &OfficeId, m: Message, d: &Deployment) {
        if let Some(sup) = d.escalation_office(owner) {
            self.list.push(Notification::new(Recipient::Supervisor(sup.id.clone()), m));
        }
    }

    /// 首问负责制: the first office hears of every status change after the case left it.
    pub(super) fn keep_first_office_informed(&mut self, s: &CaseState, forced: bool, actor: Option<&OfficeId>) {
        let first = Recipient::Office(s.first_office.clone());
        let changed = s.status != self.previous_status || forced;
        let is_news = actor != Some(&s.first_office) && !self.list.iter().any(|n| n.to == first);
        if s.first_office != s.owner && changed && is_news {
            let m = Message::new("notify-office-first-office-update")
                .arg("status", Arg::Message(s.status.message_id().into()))
                .office("owner", &s.owner);
            self.list.push(Notification::new(first, m));
        }
    }
}
