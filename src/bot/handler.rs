//! Handles one stored update: a worker's message or button press goes through the intake dialogue, and
//! the new state, the replies (as outbox rows) and the inbox mark are committed in one transaction.
//! Everything else (groups, channels, edits) is answered politely or ignored and logged.

use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, MaybeInaccessibleMessage, Message};

use super::inputs::{Incoming, classify};
use super::route::{Route, route};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::i18n::tr;
use crate::intake::{self, Command, Dialogue, Input, Keyboard, Out, Reply};
use crate::intake::{Pressed, from_outs};
use crate::outgoing::Outgoing;
use crate::storage::{self, inbox, outbox};
use wagedesk_telegram::incoming::Parsed;

/// What a handler needs besides the core context.
#[derive(Clone)]
pub struct Handler {
    pub ctx: Ctx,
    pub bot: Bot,
    pub bot_username: String,
    /// The bot's own user id, to check it is an administrator where `/link` is sent.
    pub bot_id: u64,
    /// Group members' standing, remembered a minute (shared by the shards).
    pub members: std::sync::Arc<super::members::Members>,
}

impl Handler {
    /// Processes one update end to end. `Ok` means it is marked processed (handled or deliberately ignored).
    pub async fn process(&self, seq: i64, update: Parsed) -> anyhow::Result<()> {
        let update: Update = match update {
            Ok(update) => update,
            Err(e) => {
                tracing::warn!(seq, error = %e, "update does not parse; ignored");
                return self.finish(seq, Vec::new(), None, Some("unparseable")).await;
            }
        };
        match route(update.kind) {
            Route::WorkerMessage(msg) => self.worker_message(seq, msg).await,
            Route::GroupMessage { msg, edited } => self.group_message(seq, msg, edited).await,
            Route::WorkerButton(q) => self.private_button(seq, *q).await,
            Route::WorkerEdit(msg) => {
                // Edits could silently change an answer already acted on; ask for a new message instead.
                let chat = msg.chat.id.0;
                let (d, _) = self.read_dialogue(chat).await;
                let text = tr(d.lang(), "error-edited-message");
                let rows = vec![Outgoing::Send { chat_id: chat, text, keyboard: Keyboard::None }];
                self.finish(seq, rows, None, None).await
            }
            Route::GroupButton(q) => self.group_button(seq, *q).await,
            Route::ButtonWithoutMessage(q) => {
                tracing::info!(seq, "button press without a message ignored");
                let rows = vec![Outgoing::AnswerCallback { callback_id: q.id.0, text: None, alert: false }];
                self.finish(seq, rows, None, Some("no-message")).await
            }
            Route::Membership(change) => self.bot_membership(seq, *change).await,
            Route::MemberChanged(change) => self.member_changed(seq, *change).await,
            Route::Ignored(kind) => {
                tracing::info!(seq, kind, "update ignored");
                self.finish(seq, Vec::new(), None, Some("ignored")).await
            }
        }
    }

    async fn worker_message(&self, seq: i64, msg: Message) -> anyhow::Result<()> {
        let chat = msg.chat.id.0;
        // The worker's say over their own data is not the intake's: it needs their stored cases.
        let words = msg.text().and_then(|t| crate::commands::split(t, &self.bot_username));
        if let Some(command) = words.as_ref().and_then(|(name, _)| crate::commands::privacy(name)) {
            return self.privacy_command(seq, chat, command).await;
        }
        // The "connect Telegram" link of a web worker's status page.
        if let Some(web_chat) = words
            .filter(|(name, _)| name == "start")
            .and_then(|(_, payload)| crate::channel::web_chat_of_payload(&self.ctx.vault, payload.trim()))
        {
            return self.connect_web(seq, chat, web_chat).await;
        }
        // The dialogue is read inside the transaction that will save it. A file is fetched before
        // anything is written, so its dialogue is read without opening one (opening a write only to
        // give it back cost two round trips holding the write turn).
        let (kind, meta, caption) = match classify(&msg, &self.bot_username) {
            Incoming::Ready(input) => return self.ready_input(seq, &msg, input).await,
            Incoming::File { kind, meta, caption } => (kind, meta, caption),
        };
        let (dialogue, apology) = self.load_dialogue(chat).await?;
        if dialogue.step == intake::Step::Idle
            && apology.is_none()
            && let Some(used) = self.open_cases_usage(chat).await?
        {
            return self.relay_file(seq, &msg, dialogue.lang(), used, kind, &meta).await;
        }
        let input = if crate::dialogue::accepts_files(&dialogue) {
            let used = crate::evidence::quota::in_draft(&dialogue.draft.evidence);
            let Some(limit) = self.quota_left(seq, chat, dialogue.lang(), used, kind, &meta).await? else {
                return Ok(());
            };
            let mut item = crate::evidence::fetch(&self.bot, &self.ctx, kind, &meta, limit).await;
            item.note = caption;
            Input::Media(item)
        } else {
            Input::Media(crate::intake::draft::EvidenceItem {
                // Not downloaded: before consent nothing is kept, and the dialogue will say so.
                kind: kind.to_owned(),
                file_id: meta.id.to_string(),
                file_unique_id: meta.unique_id.to_string(),
                sha256: None,
                stored_path: None,
                size_bytes: None,
                received_at: stamp(self.ctx.clock.now()),
                file_key: None,
                note: None,
            })
        };
        // Read again in the transaction that saves it: a download takes a while, and a key rotation may
        // have re-sealed the stored dialogue meanwhile (writing back the copy read before would undo it).
        let (tx, dialogue, apology) = self.begin_dialogue(chat).await?;
        self.run_dialogue(tx, seq, chat, dialogue, apology, input, None).await
    }

    /// How many bytes the worker's quota leaves for this file, or `None` once the worker has been told
    /// it is not kept (and the update is finished).
    async fn quota_left(
        &self,
        seq: i64,
        chat: i64,
        lang: crate::i18n::Lang,
        used: crate::deployment::EvidenceUsage,
        kind: &'static str,
        meta: &teloxide::types::FileMeta,
    ) -> anyhow::Result<Option<u64>> {
        let quota = &self.ctx.deployment.evidence;
        let size = u64::from(meta.size);
        match quota.admit(used, size) {
            Ok(()) => Ok(Some(quota.bytes_left(used))),
            Err(over) => {
                tracing::info!(seq, kind, ?over, "evidence over the worker's quota not kept");
                let text = wagedesk_core::evidence::not_kept(lang, quota, used, kind, size, over);
                let rows = vec![Outgoing::Send { chat_id: chat, text, keyboard: Keyboard::None }];
                self.finish(seq, rows, None, Some("evidence-over-quota")).await?;
                Ok(None)
            }
        }
    }

    /// What the worker typed or pressed (not a file), in the write that reads their dialogue: an office
    /// command refused, words in an idle chat, or a turn of the intake.
    async fn ready_input(&self, seq: i64, msg: &Message, input: Input) -> anyhow::Result<()> {
        let chat = msg.chat.id.0;
        let (tx, dialogue, apology) = self.begin_dialogue(chat).await?;
        if let Input::Command(Command::Unknown(name)) = &input
            && crate::commands::is_office_only(name)
        {
            tracing::info!(seq, command = %name, "office command in a private chat refused");
            let text = tr(dialogue.lang(), "staff-refused-private");
            let rows = vec![Outgoing::Send { chat_id: chat, text, keyboard: Keyboard::None }];
            return self.commit(tx, seq, rows, None, Some("staff-command-in-private")).await;
        }
        let idle_words = dialogue.step == intake::Step::Idle
            && apology.is_none()
            && matches!(input, Input::Text(_) | Input::Unsupported(_));
        if idle_words {
            return self.idle_words(tx, seq, msg, dialogue, input).await;
        }
        self.run_dialogue(tx, seq, chat, dialogue, apology, input, None).await
    }

    /// Words (or a sticker, a poll…) in a chat with no intake under way, in the same write: an answer
    /// a follow-up question asked for, else a message for the office of the worker's open case, else
    /// the intake's to answer.
    async fn idle_words(
        &self,
        mut tx: storage::WriteTx,
        seq: i64,
        msg: &Message,
        dialogue: Dialogue,
        input: Input,
    ) -> anyhow::Result<()> {
        let chat = msg.chat.id.0;
        if let Input::Text(text) = &input {
            match self.followup_text(tx, seq, chat, text).await? {
                Some(back) => tx = back,
                None => return Ok(()),
            }
        }
        if !crate::staff::relay::worker_has_open_case(&mut tx.conn(), chat).await? {
            return self.run_dialogue(tx, seq, chat, dialogue, None, input, None).await;
        }
        let lang = dialogue.lang();
        let Input::Text(text) = input else {
            let rows =
                vec![Outgoing::Send { chat_id: chat, text: tr(lang, "relay-unsupported"), keyboard: Keyboard::None }];
            return self.commit(tx, seq, rows, None, Some("unsupported-relay")).await;
        };
        let post = crate::staff::relay::WorkerPost::text(chat, lang, msg.id.0, text);
        crate::staff::relay::from_worker(&mut tx.conn(), &self.ctx, &post).await?;
        self.commit(tx, seq, Vec::new(), None, None).await
    }

    /// What the worker keeps on their open cases, if any is open (a file they send then goes to its
    /// office, within the quota).
    async fn open_cases_usage(&self, chat: i64) -> anyhow::Result<Option<crate::deployment::EvidenceUsage>> {
        let mut conn = self.ctx.db.acquire().await?;
        crate::evidence::quota::on_open_cases(&mut conn.conn(), chat).await
    }

    /// A file sent after filing goes to the office of the worker's case, within the worker's quota.
    async fn relay_file(
        &self,
        seq: i64,
        msg: &Message,
        lang: crate::i18n::Lang,
        used: crate::deployment::EvidenceUsage,
        kind: &'static str,
        meta: &teloxide::types::FileMeta,
    ) -> anyhow::Result<()> {
        let chat = msg.chat.id.0;
        let caption = super::inputs::caption(msg);
        let Some(limit) = self.quota_left(seq, chat, lang, used, kind, meta).await? else {
            return Ok(());
        };
        let mut item = crate::evidence::fetch(&self.bot, &self.ctx, kind, meta, limit).await;
        // Kept with the file too: an office the case moves to later gets the file with its words.
        item.note.clone_from(&caption);
        let post = crate::staff::relay::WorkerPost {
            chat_id: chat,
            lang,
            message_id: msg.id.0,
            kind: kind.to_owned(),
            text: caption,
            evidence: Some(item),
        };
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        crate::staff::relay::from_worker(&mut tx.conn(), &self.ctx, &post).await?;
        self.commit(tx, seq, Vec::new(), None, None).await
    }

    /// A button in a worker's private chat: the intake's, "which case is this for", a follow-up
    /// question's, a privacy question's, or a forged staff button (refused).
    async fn private_button(&self, seq: i64, q: CallbackQuery) -> anyhow::Result<()> {
        let data = q.data.clone().unwrap_or_default();
        let chat = q.from.id.0 as i64;
        if crate::staff::buttons::ButtonData::is_staff(&data) {
            tracing::info!(seq, "office button pressed in a private chat refused");
            let (d, _) = self.read_dialogue(chat).await;
            let text = Some(tr(d.lang(), "staff-refused-private"));
            let rows = vec![Outgoing::AnswerCallback { callback_id: q.id.0, text, alert: false }];
            return self.finish(seq, rows, Some(chat), Some("staff-button-in-private")).await;
        }
        if crate::staff::relay::is_choice(&data) {
            let (d, _) = self.read_dialogue(chat).await;
            let mut tx = storage::begin_write(&self.ctx.db).await?;
            let toast = crate::staff::relay::choose_case(&mut tx.conn(), &self.ctx, chat, d.lang(), &data).await?;
            let row = Outgoing::AnswerCallback { callback_id: q.id.0.clone(), text: toast, alert: false };
            return self.commit(tx, seq, vec![row], Some(chat), None).await;
        }
        if super::privacy::is_button(&data) {
            return self.privacy_button(seq, q).await;
        }
        if crate::followup::is_case_button(&data) {
            let (d, _) = self.read_dialogue(chat).await;
            return self.followup_button(seq, q, d.lang()).await;
        }
        self.worker_button(seq, q).await
    }

    async fn worker_button(&self, seq: i64, q: CallbackQuery) -> anyhow::Result<()> {
        let chat = q.from.id.0 as i64;
        let pressed = pressed(&q);
        let (tx, dialogue, apology) = self.begin_dialogue(chat).await?;
        let input = Input::Button { data: q.data.unwrap_or_default() };
        self.run_dialogue(tx, seq, chat, dialogue, apology, input, Some(pressed)).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn run_dialogue(
        &self,
        mut tx: storage::WriteTx,
        seq: i64,
        chat: i64,
        dialogue: Dialogue,
        apology: Option<Out>,
        input: Input,
        pressed: Option<Pressed>,
    ) -> anyhow::Result<()> {
        let needs = intake::needs(&input);
        let known = storage::intake_facts(&mut tx, chat, &needs).await?;
        let env = intake::Env { deployment: &self.ctx.deployment, vault: &self.ctx.vault, now: self.ctx.clock.now() };
        let held = crate::dialogue::held_files(&dialogue);
        let decision = intake::decide(&env, known, chat, dialogue, input);
        let (dialogue, mut outs) = (decision.dialogue, decision.outs);
        // Files of a draft the worker cancelled or started over: deleted once the turn is committed,
        // as /cancel promises (a file a filed complaint or another draft holds stays).
        let dropped = crate::dialogue::dropped_files(held, &dialogue);
        if let Some(draft) = decision.file {
            let filed = crate::filing::file_complaint(&mut tx.conn(), &self.ctx, chat, dialogue.lang(), &draft).await?;
            let at =
                intake::JoinAt::Telegram { bot_username: &self.bot_username, web: self.ctx.deployment.web.as_ref() };
            outs.extend(intake::filed_replies(dialogue.lang(), &filed, at));
        }
        if let Some(apology) = apology {
            outs.insert(0, apology);
        }
        let now = stamp(self.ctx.clock.now());
        let sealed = self.ctx.vault.seal(&serde_json::to_string(&dialogue)?);
        storage::dialogues::save_at_commit(&mut tx, chat, &sealed, &now);
        self.commit(tx, seq, from_outs(chat, outs, pressed.as_ref()), Some(chat), None).await?;
        crate::evidence::delete_discarded(&self.ctx, chat, dropped).await
    }

    /// Reads the chat's dialogue for a reply that does not change it (its language).
    pub(super) async fn read_dialogue(&self, chat: i64) -> (Dialogue, Option<Out>) {
        let stored = storage::dialogues::read(&self.ctx.db, chat).await.map_err(StoredDialogueError::from);
        reset_unreadable(chat, stored.and_then(|s| parse_dialogue(&self.ctx.vault, s)))
    }

    /// Reads the chat's dialogue outside any write, for an update that fetches something before it
    /// writes; a database error fails the update (it is tried again), unlike [`Self::read_dialogue`].
    async fn load_dialogue(&self, chat: i64) -> anyhow::Result<(Dialogue, Option<Out>)> {
        let stored = storage::dialogues::read(&self.ctx.db, chat).await?;
        Ok(reset_unreadable(chat, parse_dialogue(&self.ctx.vault, stored)))
    }

    /// Begins the transaction that will save the chat's dialogue, with the dialogue read in it (one
    /// round trip to the database's thread).
    pub(super) async fn begin_dialogue(&self, chat: i64) -> anyhow::Result<(storage::WriteTx, Dialogue, Option<Out>)> {
        let (tx, json) = storage::dialogues::begin_and_load(&self.ctx.db, chat).await?;
        let (dialogue, apology) = reset_unreadable(chat, parse_dialogue(&self.ctx.vault, json));
        Ok((tx, dialogue, apology))
    }

    /// Marks an update processed with the given rows, in one transaction.
    pub async fn finish(
        &self,
        seq: i64,
        rows: Vec<Outgoing>,
        chat: Option<i64>,
        note: Option<&str>,
    ) -> anyhow::Result<()> {
        let tx = storage::begin_write(&self.ctx.db).await?;
        self.commit(tx, seq, rows, chat, note).await
    }

    /// The one way an update's effects are committed: the rows queued as answers (ahead of
    /// notifications; a button's answer rides in `chat`), the inbox row marked with `note`, one COMMIT,
    /// then delivery woken. Whatever else the update wrote is already in `tx`.
    pub(super) async fn commit(
        &self,
        mut tx: storage::WriteTx,
        seq: i64,
        rows: Vec<Outgoing>,
        chat: Option<i64>,
        note: Option<&str>,
    ) -> anyhow::Result<()> {
        // Delivery runs on wall-clock time even when tests move the domain clock.
        let now = stamp(chrono::Utc::now());
        inbox::mark_processed(&mut tx, seq, &now, note);
        // Last before the commit: on PostgreSQL queuing replies takes the outbox's order lock, held
        // until the commit, so nothing else of the update runs under it.
        outbox::enqueue_replies(&mut tx, &self.ctx.vault, &payloads(rows, chat.unwrap_or(0))?, &now);
        tx.commit().await?;
        self.ctx.outbox_wake.notify_one();
        Ok(())
    }

    /// A flooding chat's update is marked, not handled; a private chat is asked once to slow down.
    pub async fn set_aside(&self, seq: i64, chat: i64, warn: bool) -> anyhow::Result<()> {
        let rows = if warn && chat > 0 {
            let (d, _) = self.read_dialogue(chat).await;
            vec![Outgoing::Send { chat_id: chat, text: tr(d.lang(), "error-slow-down"), keyboard: Keyboard::None }]
        } else {
            Vec::new()
        };
        self.finish(seq, rows, Some(chat), Some("flood")).await
    }

    /// After a handler failed for good: the worker gets a localized apology, the log has the cause.
    pub async fn give_up(&self, seq: i64, chat: i64, error: &anyhow::Error) -> anyhow::Result<()> {
        tracing::error!(seq, chat, error = %format!("{error:#}"), "handler failed");
        let rows = if chat > 0 {
            let (d, _) = self.read_dialogue(chat).await;
            vec![Outgoing::Send { chat_id: chat, text: tr(d.lang(), "error-internal"), keyboard: Keyboard::None }]
        } else {
            Vec::new()
        };
        self.finish(seq, rows, Some(chat), Some("handler-error")).await
    }
}

#[derive(Debug, thiserror::Error)]
enum StoredDialogueError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A stored state that no longer deserializes (an upgrade renamed a variant): it is reset.
    #[error("stored dialogue state is unreadable: {0}")]
    Unreadable(#[from] serde_json::Error),
}

/// The stored state is sealed (a draft holds the worker's name and words); one stored before sealing
/// is plain JSON, and one that does not open is reset like one that no longer reads.
fn parse_dialogue(vault: &Vault, stored: Option<String>) -> Result<Option<Dialogue>, StoredDialogueError> {
    Ok(stored.map(|s| crate::dialogue::open(vault, &s)).transpose()?)
}

/// A state that no longer reads (an upgrade changed it) is reset, and the worker gets an apology
/// instead of a stuck bot.
fn reset_unreadable(chat: i64, stored: Result<Option<Dialogue>, StoredDialogueError>) -> (Dialogue, Option<Out>) {
    match stored {
        Ok(Some(d)) => (d, None),
        Ok(None) => (Dialogue::default(), None),
        Err(StoredDialogueError::Unreadable(e)) => {
            tracing::warn!(chat, error = %e, "unreadable dialogue state reset");
            let apology = Reply { text: tr(Default::default(), "error-state-reset"), keyboard: Keyboard::Remove };
            (Dialogue::default(), Some(Out::Say(apology)))
        }
        Err(e) => {
            tracing::error!(chat, error = %e, "loading dialogue failed");
            (Dialogue::default(), None)
        }
    }
}

/// Files are fetched only once the worker has agreed to the privacy notice.
/// The message a button was pressed on, as the outbox needs it to close that keyboard.
pub(super) fn pressed(q: &CallbackQuery) -> Pressed {
    let (message_id, message_text) = match &q.message {
        Some(MaybeInaccessibleMessage::Regular(m)) => (Some(m.id.0), m.text().map(str::to_owned)),
        Some(MaybeInaccessibleMessage::Inaccessible(m)) => (Some(m.message_id.0), None),
        None => (None, None),
    };
    Pressed { callback_id: q.id.0.clone(), message_id, message_text }
}

/// Outbox rows as stored: `(chat_id, payload)`.
fn payloads(rows: Vec<Outgoing>, fallback_chat: i64) -> serde_json::Result<Vec<(i64, String)>> {
    rows.into_iter().map(|row| Ok((chat_of(&row, fallback_chat), serde_json::to_string(&row)?))).collect()
}

/// The outbox orders rows per chat; callback answers ride in the chat that pressed.
fn chat_of(row: &Outgoing, fallback: i64) -> i64 {
    match row {
        Outgoing::Send { chat_id, .. }
        | Outgoing::Receipt { chat_id, .. }
        | Outgoing::CloseKeyboard { chat_id, .. }
        | Outgoing::Staff { chat_id, .. }
        | Outgoing::Photo { chat_id, .. }
        | Outgoing::Document { chat_id, .. } => *chat_id,
        Outgoing::AnswerCallback { .. } => fallback,
    }
}

/// The shards call the handler through the transport's trait (the transport knows no wagedesk rule).
impl wagedesk_telegram::UpdateHandler for Handler {
    fn process(&self, seq: i64, update: Parsed) -> impl Future<Output = anyhow::Result<()>> + Send {
        Handler::process(self, seq, update)
    }

    fn set_aside(&self, seq: i64, chat: i64, warn: bool) -> impl Future<Output = anyhow::Result<()>> + Send {
        Handler::set_aside(self, seq, chat, warn)
    }

    fn give_up(&self, seq: i64, chat: i64, error: &anyhow::Error) -> impl Future<Output = anyhow::Result<()>> + Send {
        Handler::give_up(self, seq, chat, error)
    }
}
