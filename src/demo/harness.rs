//! The real bot wired to the local stand-in: used by `wagedesk demo`, the integration tests and the
//! benchmarks alike. A [`SimWorker`] acts like a person on a phone and waits until the bot has
//! answered (its update processed and the outbox drained) before the next step.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::Utc;
use tokio::task::JoinHandle;

use crate::app::{App, Settings};
use crate::bot::budget::Window;
use crate::bot::delivery::DeliveryOptions;
use crate::clock::Clock;
use crate::context::Ctx;
use crate::script::{self, Act};
use crate::shutdown::{self, Trigger};
use crate::standin::{FakeChat, FakeUser, GroupKind, MemberStatus, SentMessage, StandIn, StandInOptions};
use crate::storage::{inbox, outbox};

/// How long a step may take before the harness calls it stuck.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// A running bot against a running stand-in.
pub struct Harness {
    pub standin: StandIn,
    pub ctx: Ctx,
    pub settings: Settings,
    trigger: Trigger,
    task: JoinHandle<anyhow::Result<()>>,
}

/// Delivery for scripted steps. Simulated workers and clerks act within milliseconds, people within
/// seconds: at Telegram's one message a second per chat (20 a minute per group), waiting for a burst's
/// rest or a minute between a card's edits, every step would wait. Delivery's own tests keep
/// Telegram's limits.
pub fn scripted(delivery: &mut DeliveryOptions) {
    delivery.limits.private_chat = Window::new(100, Duration::from_secs(1));
    delivery.limits.group = Window::new(100, Duration::from_secs(1));
    delivery.gather = Duration::ZERO;
    delivery.card_every = Duration::ZERO;
}

/// The store the tests run on: `WAGEDESK_TEST_STORE=postgres` puts each database file's data in a
/// PostgreSQL database of its own instead (on `WAGEDESK_TEST_POSTGRES`, default the machine's server),
/// the same one for every start on that file (a restart finds its data). Kept until the process ends;
/// the next run drops them.
pub async fn test_store(database: &Path) -> anyhow::Result<Option<String>> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    static MADE: LazyLock<Mutex<HashMap<PathBuf, String>>> = LazyLock::new(Default::default);
    if std::env::var("WAGEDESK_TEST_STORE").as_deref() != Ok("postgres") {
        return Ok(None);
    }
    if let Some(url) = MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(database) {
        return Ok(Some(url.clone()));
    }
    let server = std::env::var("WAGEDESK_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::storage::postgres::scratch::LOCAL_SERVER.to_owned());
    let label =
        database.parent().and_then(|d| d.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let url = crate::storage::postgres::scratch::Scratch::create(&server, &label).await?.keep();
    let mut made = MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok(Some(made.entry(database.to_path_buf()).or_insert(url).clone()))
}

impl Harness {
    /// Starts a stand-in and the bot on a database under `dir`.
    pub async fn start(dir: &Path, clock: Clock) -> anyhow::Result<Harness> {
        let standin = StandIn::start(StandInOptions::default()).await?;
        let mut settings = Settings::in_dir(dir);
        scripted(&mut settings.bot.delivery);
        Harness::start_with(standin, settings, clock).await
    }

    /// Starts the bot against an existing stand-in (a restart keeps the stand-in and its chats).
    pub async fn start_with(standin: StandIn, mut settings: Settings, clock: Clock) -> anyhow::Result<Harness> {
        settings.bot.poll_timeout_secs = 1;
        // The bot's log, for a failing test: WAGEDESK_TEST_LOG=warn (an env filter), with --nocapture.
        if let Ok(filter) = std::env::var("WAGEDESK_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
        if settings.database_url.is_none() {
            settings.database_url = test_store(&settings.database).await?;
        }
        let app = App::build(&settings, standin.bot(), clock).await?;
        let ctx = app.ctx.clone();
        let (trigger, stop) = shutdown::channel();
        let task = tokio::spawn(app.run_until_stopped(stop));
        Ok(Harness { standin, ctx, settings, trigger, task })
    }

    pub fn database_path(&self) -> PathBuf {
        self.settings.database.clone()
    }

    /// Asks the bot to stop and waits for it (handlers finish, outbox flushes).
    pub async fn stop(self) -> anyhow::Result<StandIn> {
        self.trigger.fire();
        self.task.await.context("bot task panicked")??;
        Ok(self.standin)
    }

    /// Waits for the bot to end by itself (a start it refused), without asking it to stop.
    pub async fn join(self) -> anyhow::Result<()> {
        self.task.await.context("bot task panicked")?
    }

    /// Kills the bot mid-flight, as a crash would (nothing is flushed).
    pub async fn kill(self) -> StandIn {
        self.task.abort();
        let _ = self.task.await;
        self.standin
    }

    /// Waits until the bot handled every update queued so far and sent everything it queued.
    pub async fn settle(&self) -> anyhow::Result<()> {
        let target = self.standin.last_update_id();
        let deadline = tokio::time::Instant::now() + STEP_TIMEOUT;
        loop {
            // Confirmed first: the bot stored it, so its newest copy in the inbox is this one even
            // when Telegram's sequence started again and an older update had the same id.
            let confirmed = self.standin.confirmed_update_id().is_some_and(|c| c >= target);
            let handled = confirmed && inbox::newest_is_processed(&self.ctx.db, target).await?;
            let pending = outbox::pending_count(&self.ctx.db).await?;
            if (target == 0 || handled) && pending == 0 {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                bail!("the bot did not settle: update {target} handled={handled}, {pending} messages unsent");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    pub fn worker(&self, first_name: &str) -> SimWorker {
        let user = self.standin.new_user(first_name, None, Some("zh-hans"));
        SimWorker { user, seen: 0 }
    }
}

/// A simulated worker in their private chat with the bot.
pub struct SimWorker {
    pub user: FakeUser,
    /// Highest bot message id already returned by a step.
    seen: i64,
}

impl SimWorker {
    pub fn chat_id(&self) -> i64 {
        self.user.id
    }

    /// Does `act` in the private chat and returns what the bot said in answer.
    pub async fn act(&mut self, h: &Harness, act: &Act) -> anyhow::Result<Vec<SentMessage>> {
        script::perform(&h.standin, &self.user, (&self.user).into(), act)?;
        self.answers(h).await
    }

    /// Types a message and returns what the bot said in answer.
    pub async fn send(&mut self, h: &Harness, text: &str) -> anyhow::Result<Vec<SentMessage>> {
        self.act(h, &Act::text(text)).await
    }

    /// Presses the button whose label contains `label` on the newest message that has one.
    pub async fn press(&mut self, h: &Harness, label: &str) -> anyhow::Result<Vec<SentMessage>> {
        self.act(h, &Act::press(label)).await
    }

    pub async fn share_contact(&mut self, h: &Harness, phone: &str) -> anyhow::Result<Vec<SentMessage>> {
        self.act(h, &Act::contact(phone)).await
    }

    pub async fn send_photo(&mut self, h: &Harness, bytes: Vec<u8>) -> anyhow::Result<Vec<SentMessage>> {
        self.act(h, &Act::Photo(bytes)).await
    }

    /// Bot messages newer than the last step's.
    pub async fn answers(&mut self, h: &Harness) -> anyhow::Result<Vec<SentMessage>> {
        h.settle().await?;
        let fresh: Vec<SentMessage> =
            h.standin.messages_in(self.chat_id()).into_iter().filter(|m| m.message_id > self.seen).collect();
        if let Some(last) = fresh.last() {
            self.seen = last.message_id;
        }
        Ok(fresh)
    }
}

/// The instant the demo's clock starts at, so its case numbers and periods read the same every run.
pub fn demo_start() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00+08:00")
        .map_or_else(|_| Utc::now(), |t| t.with_timezone(&Utc))
}

/// A simulated office clerk in their office's linked group.
pub struct SimStaff {
    pub user: FakeUser,
    pub group: FakeChat,
    /// The case topic the clerk is writing in (forum groups).
    pub topic: Option<i64>,
    /// Edit count of every bot message already shown.
    seen: std::collections::BTreeMap<i64, u32>,
}

/// A bot message in the group, new or edited since the last look.
pub struct GroupNews {
    pub message: SentMessage,
    pub edited: bool,
}

impl SimStaff {
    /// A clerk who administers a forum group (the bot an administrator too), not linked yet.
    pub fn new(h: &Harness, clerk_name: &str, group_title: &str) -> SimStaff {
        let user = h.standin.new_user(clerk_name, None, Some("zh-hans"));
        let group = h.standin.new_group(group_title, GroupKind::Forum, &[(&user, MemberStatus::Administrator)]);
        SimStaff { user, group, topic: None, seen: std::collections::BTreeMap::new() }
    }

    /// Does `act` in the case topic if one is open, else in the group (a button is pressed wherever
    /// in the group it is newest); returns what changed in the group.
    pub async fn act(&mut self, h: &Harness, act: &Act) -> anyhow::Result<Vec<GroupNews>> {
        let place = match self.topic {
            Some(topic) => self.group.topic(topic),
            None => (&self.group).into(),
        };
        script::perform(&h.standin, &self.user, place, act)?;
        self.news(h).await
    }

    /// Writes in the case topic if one is open, else in the group.
    pub async fn send(&mut self, h: &Harness, text: &str) -> anyhow::Result<Vec<GroupNews>> {
        self.act(h, &Act::text(text)).await
    }

    /// Presses the newest button in the group whose label contains `label`.
    pub async fn press(&mut self, h: &Harness, label: &str) -> anyhow::Result<Vec<GroupNews>> {
        self.act(h, &Act::press(label)).await
    }

    /// Bot messages new or edited since the last look; the newest case topic becomes the clerk's.
    pub async fn news(&mut self, h: &Harness) -> anyhow::Result<Vec<GroupNews>> {
        h.settle().await?;
        let mut out = Vec::new();
        for m in h.standin.messages_in(self.group.id) {
            match self.seen.insert(m.message_id, m.edit_count) {
                None => {
                    if m.thread_id.is_some() {
                        self.topic = m.thread_id;
                    }
                    out.push(GroupNews { message: m, edited: false });
                }
                Some(before) if before < m.edit_count => out.push(GroupNews { message: m, edited: true }),
                Some(_) => {}
            }
        }
        Ok(out)
    }
}
