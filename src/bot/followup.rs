//! The adapter side of closing the loop: a worker's `c:` button, or the amount or words typed after
//! one, goes to [`crate::followup`], and its replies and the inbox mark commit in one transaction.

use teloxide::types::CallbackQuery;

use super::handler::Handler;
use crate::i18n::Lang;
use crate::intake::from_outs;
use crate::storage;

impl Handler {
    /// A worker pressed a button of a follow-up question.
    pub(super) async fn followup_button(&self, seq: i64, q: CallbackQuery, lang: Lang) -> anyhow::Result<()> {
        let chat = q.from.id.0 as i64;
        let pressed = super::handler::pressed(&q);
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        let data = q.data.unwrap_or_default();
        let outs = crate::followup::on_button(&mut tx.conn(), &self.ctx, chat, lang, &data).await?;
        self.commit(tx, seq, from_outs(chat, outs, Some(&pressed)), Some(chat), None).await
    }

    /// Text from a worker, in the write the caller opened: `None` once a follow-up question waiting
    /// for it took it (and the write is committed), else the write, given back.
    pub(super) async fn followup_text(
        &self,
        mut tx: storage::WriteTx,
        seq: i64,
        chat: i64,
        text: &str,
    ) -> anyhow::Result<Option<storage::WriteTx>> {
        let Some(outs) = crate::followup::on_text(&mut tx.conn(), &self.ctx, chat, None, text).await? else {
            return Ok(Some(tx));
        };
        self.commit(tx, seq, from_outs(chat, outs, None), Some(chat), None).await?;
        Ok(None)
    }
}
