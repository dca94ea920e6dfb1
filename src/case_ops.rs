//! Applying a lifecycle operation to a stored case: load it, let the pure core decide, then store
//! the new state, its timeline entry and its notifications, and edit the case's cards — all on the
//! caller's transaction, so the decision and everything it causes commit together.

use wagedesk_store::conn::Conn;

use crate::case::{self, Actor, CaseState, LifecycleError, Operation, Recipient, Transition};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::filing::append_entry;
use crate::i18n::Lang;
use crate::notify::{self, CaseRef};
use crate::staff;
use crate::storage::cases;

/// The case a worker's notifications go to.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub complaint_id: i64,
    pub case_number: String,
    pub worker_chat_id: i64,
    pub lang: Lang,
    pub state: CaseState,
}

impl StoredCase {
    pub fn as_ref(&self) -> CaseRef<'_> {
        CaseRef {
            complaint_id: self.complaint_id,
            case_number: &self.case_number,
            worker_chat_id: self.worker_chat_id,
            worker_lang: self.lang,
        }
    }
}

/// The case to decide on in the caller's write (on PostgreSQL locked until the write ends).
pub async fn load(conn: &mut Conn<'_>, complaint_id: i64) -> anyhow::Result<Option<StoredCase>> {
    let Some((case_number, worker_chat_id, lang)) = cases::worker_of(&mut *conn, complaint_id).await? else {
        return Ok(None);
    };
    let Some(state) = cases::load_to_decide(&mut *conn, complaint_id).await? else { return Ok(None) };
    let lang = Lang::from_code(&lang).unwrap_or_default();
    Ok(Some(StoredCase { complaint_id, case_number, worker_chat_id, lang, state }))
}

/// Applies `op` as `actor`. The outer error is a storage failure; the inner one is the core's
/// refusal (not the owner, wrong status, …), to be told to whoever asked.
pub async fn apply(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    op: Operation,
    actor: Actor,
) -> anyhow::Result<Result<StoredCase, LifecycleError>> {
    let Some(mut stored) = load(&mut *conn, complaint_id).await? else {
        anyhow::bail!("case {complaint_id} not found");
    };
    let transition = match case::apply(&stored.state, op, actor, ctx.clock.today(), &ctx.deployment) {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    store(&mut *conn, ctx, &mut stored, transition).await?;
    Ok(Ok(stored))
}

/// After a claimant left a case (withdrew, or had their data erased): a case paid in full that
/// waited only for them closes on the others' confirmations. Returns whether it closed.
pub async fn close_if_settled(conn: &mut Conn<'_>, ctx: &Ctx, complaint_id: i64) -> anyhow::Result<bool> {
    let payers = crate::storage::claimants::payers(&mut *conn, complaint_id).await?;
    if !wagedesk_core::case::claimants::settled_by_confirmations(&payers) {
        return Ok(false);
    }
    // Refused unless the case is resolved as paid in full: then nothing closes.
    Ok(apply(conn, ctx, complaint_id, Operation::CloseConfirmed, Actor::System).await?.is_ok())
}

/// Stores a transition the core decided for `stored`: the new state, its timeline entry, its
/// notifications, and the case's cards edited.
pub async fn store(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    stored: &mut StoredCase,
    transition: Transition,
) -> anyhow::Result<()> {
    store_acted(conn, ctx, stored, transition, None).await
}

/// [`store`] for a transition the worker of `chat` caused by answering (they are told in the
/// dialogue): what goes to the case's other workers leaves them out.
pub async fn store_answer(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    stored: &mut StoredCase,
    transition: Transition,
    chat: i64,
) -> anyhow::Result<()> {
    store_acted(conn, ctx, stored, transition, Some(chat)).await
}

async fn store_acted(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    stored: &mut StoredCase,
    transition: Transition,
    acting_chat: Option<i64>,
) -> anyhow::Result<()> {
    let complaint_id = stored.complaint_id;
    cases::save(&mut *conn, complaint_id, &transition.new_state, &stamp(ctx.clock.now())).await?;
    append_entry(&mut *conn, ctx, complaint_id, &transition.timeline).await?;
    stored.state = transition.new_state;
    for n in &transition.notifications {
        // The other workers are those besides the one who acted (chat 0, unknown: all of them).
        let case = match n.to {
            Recipient::OtherWorkers => CaseRef { worker_chat_id: acting_chat.unwrap_or(0), ..stored.as_ref() },
            _ => stored.as_ref(),
        };
        notify::send(&mut *conn, ctx, &case, n).await?;
    }
    staff::post::refresh_cards(&mut *conn, ctx, complaint_id).await?;
    let event = transition.timeline.kind;
    tracing::info!(case = %stored.case_number, ?event, status = stored.state.status.code(), "case changed");
    Ok(())
}
