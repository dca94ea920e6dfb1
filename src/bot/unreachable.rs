//! A row Telegram refused for good because its chat cannot be reached ends as failed, and if that chat is
//! a worker's on a case, the case's owning office is told, once per case and chat, in the same
//! transaction: otherwise nobody would know the worker stopped hearing from us.

use futures_util::future::BoxFuture;
use wagedesk_telegram::UnreachableChat;

use crate::case::{Arg, Message, Notification, Recipient};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::Lang;
use crate::notify::{self, CaseRef};
use crate::storage::{self, outbox};

/// The delivery worker's [`UnreachableChat`]: [`give_up`] with the services.
pub struct TellOffices(pub Ctx);

impl UnreachableChat for TellOffices {
    fn give_up<'a>(&'a self, row_id: i64, chat_id: i64, error: &'a str) -> BoxFuture<'a, anyhow::Result<usize>> {
        Box::pin(give_up(&self.0, row_id, chat_id, error))
    }
}

/// Ends row `row_id` as undeliverable and tells the offices concerned; returns how many were told.
pub async fn give_up(ctx: &Ctx, row_id: i64, chat_id: i64, error: &str) -> anyhow::Result<usize> {
    let mut tx = storage::begin_write(&ctx.db).await?;
    outbox::mark_failed(&mut tx, row_id, &format!("{}{error}", outbox::UNDELIVERABLE)).await?;
    let mut told = 0;
    // Only private chats are workers'; an office group that refuses us is the operator's to fix.
    let cases = if chat_id > 0 { outbox::unnoticed_cases_of_chat(&mut tx, chat_id).await? } else { Vec::new() };
    for (complaint_id, case_number, owner) in cases {
        let Ok(owner) = OfficeId::parse(&owner) else {
            tracing::error!(case = %case_number, %owner, "stored owner office is not an office id");
            continue;
        };
        let message =
            Message::new("notify-office-worker-unreachable").arg("reason", Arg::Message(reason(error).into()));
        let n = Notification::new(Recipient::Office(owner), message);
        // The office reads Chinese; the worker's language does not matter for this message.
        let case =
            CaseRef { complaint_id, case_number: &case_number, worker_chat_id: chat_id, worker_lang: Lang::ZhHans };
        notify::send(&mut tx.conn(), ctx, &case, &n).await?;
        outbox::record_unreachable(&mut tx, complaint_id, chat_id, error, &stamp(ctx.clock.now())).await?;
        told += 1;
    }
    tx.commit().await?;
    if told > 0 {
        tracing::warn!(chat = chat_id, cases = told, %error, "worker unreachable; offices told");
        ctx.outbox_wake.notify_one();
    }
    Ok(told)
}

/// The localized reason for Telegram's refusal.
fn reason(error: &str) -> &'static str {
    let lower = error.to_lowercase();
    if lower.contains("blocked") {
        "delivery-reason-blocked"
    } else if lower.contains("deactivated") {
        "delivery-reason-deactivated"
    } else if lower.contains("not found") || lower.contains("peer_id_invalid") {
        "delivery-reason-not-found"
    } else {
        "delivery-reason-other"
    }
}
