//! Simulated workers driving a bot through the stand-in. A worker queues its next step the moment the
//! full reply to the previous one arrived (closed loop), or when a pacer gives it a turn (open loop at
//! a fixed rate). The bot's calls come from the stand-in's tap, so thousands of workers cost one task.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use tokio::sync::mpsc::UnboundedReceiver;

use wagedesk::script::{self, Act};
use wagedesk::standin::{FakeUser, StandIn, TappedCall};

/// How long a worker waits for the full reply to a step before giving up on its dialogue.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);
/// How often waiting workers are checked against [`STEP_TIMEOUT`].
const SCAN_EVERY: Duration = Duration::from_millis(500);
/// How long a chat must stay quiet before calibration counts a step's reply as complete.
const QUIET: Duration = Duration::from_millis(300);

/// What a driven run produced.
#[derive(Debug, Default)]
pub struct Driven {
    /// One per completed step: from queueing the update to the arrival of its reply's last message.
    pub latencies: Vec<Duration>,
    /// The same to the arrival of the reply's first message.
    pub first_latencies: Vec<Duration>,
    /// From the first update to the last reply (closed loop), or the pacing window (paced).
    pub elapsed: Duration,
    /// Pacer turns that found every worker still waiting for a reply.
    pub skipped_turns: usize,
    /// Dialogues given up: a step got no full reply within [`STEP_TIMEOUT`], or the reply lacked the
    /// button the next step presses.
    pub lost: usize,
}

/// A message the worker sees: something the bot posted or edited in a chat.
fn is_message(call: &TappedCall) -> bool {
    let m = call.method.as_str();
    call.ok
        && call.chat_id.is_some()
        && ((m.starts_with("send") && m != "sendChatAction")
            || m.starts_with("edit")
            || m == "copyMessage"
            || m == "forwardMessage")
}

struct Worker {
    user: FakeUser,
    script: Vec<Act>,
    next: usize,
    received: usize,
    sent_at: Option<Instant>,
}

pub struct Driver {
    pub standin: StandIn,
    calls: UnboundedReceiver<TappedCall>,
    workers: Vec<Worker>,
    by_chat: HashMap<i64, usize>,
    /// Messages each step's reply has, from calibration.
    expected: Vec<usize>,
    latencies: Vec<Duration>,
    first_latencies: Vec<Duration>,
    /// Each latency's step, in the order of `latencies`.
    steps: Vec<usize>,
    /// Workers waiting for a reply.
    in_flight: usize,
    lost: usize,
    next_scan: Instant,
}

impl Driver {
    pub fn new(standin: StandIn) -> Driver {
        let calls = standin.tap();
        Driver {
            standin,
            calls,
            workers: Vec::new(),
            by_chat: HashMap::new(),
            expected: Vec::new(),
            latencies: Vec::new(),
            first_latencies: Vec::new(),
            steps: Vec::new(),
            in_flight: 0,
            lost: 0,
            next_scan: Instant::now(),
        }
    }

    /// Waits for the bot's first request, then `settle` longer (it is up and polling).
    pub async fn wait_until_up(&mut self, timeout: Duration, settle: Duration) -> anyhow::Result<()> {
        tokio::time::timeout(timeout, self.calls.recv())
            .await
            .context("the bot made no request")?
            .context("the stand-in stopped")?;
        tokio::time::sleep(settle).await;
        while self.calls.try_recv().is_ok() {}
        Ok(())
    }

    /// One worker walks `script` alone; returns how many messages each step's reply has, counting until
    /// the chat stays quiet. Doubles as the warm-up. Returns the worker's chat too, to check the outcome.
    pub async fn calibrate(&mut self, script: Vec<Act>) -> anyhow::Result<(Vec<usize>, i64)> {
        let user = self.standin.new_user("校准", None, Some("zh-hans"));
        let mut counts = Vec::new();
        for (i, act) in script.iter().enumerate() {
            self.perform(&user, act).with_context(|| format!("calibration step {i} {act:?}"))?;
            let first_wait = if i == 0 { Duration::from_secs(60) } else { STEP_TIMEOUT };
            let mut count = 0;
            let mut wait = first_wait;
            while let Ok(call) = tokio::time::timeout(wait, self.calls.recv()).await {
                let call = call.context("the stand-in stopped")?;
                if is_message(&call) && call.chat_id == Some(user.id) {
                    count += 1;
                    wait = QUIET;
                }
            }
            if count == 0 {
                bail!("calibration: no reply to step {i} {act:?}; {}", self.describe(user.id));
            }
            counts.push(count);
        }
        Ok((counts, user.id))
    }

    /// One worker walks `script` alone with known reply sizes; returns its chat. Errs if it got stuck.
    pub async fn walk(&mut self, script: Vec<Act>, expected: &[usize]) -> anyhow::Result<i64> {
        let once = move |_| script.clone();
        let driven = self.closed_loop(&once, expected, 1, 1, STEP_TIMEOUT * 30).await?;
        let chat = self.workers.first().map(|w| w.user.id).context("no worker")?;
        ensure!(driven.lost == 0, "the warm-up dialogue got stuck; {}", self.describe(chat));
        Ok(chat)
    }

    /// `workers` workers, at most `concurrency` at a time, each walking its script in a closed loop. Past
    /// `limit` no new step is sent; the replies still due are awaited.
    pub async fn closed_loop(
        &mut self,
        scripts: &dyn Fn(usize) -> Vec<Act>,
        expected: &[usize],
        workers: usize,
        concurrency: usize,
        limit: Duration,
    ) -> anyhow::Result<Driven> {
        self.reset(expected);
        let started = Instant::now();
        let mut launched = 0;
        let mut last = started;
        let mut done = 0;
        loop {
            let open = started.elapsed() < limit;
            // Keep `concurrency` dialogues going while workers are left.
            while open && launched < workers && self.in_flight < concurrency.max(1) {
                let index = self.add_worker(scripts(launched));
                launched += 1;
                if !self.step(index) {
                    done += 1;
                }
            }
            if done == workers || (!open && self.in_flight == 0) {
                break;
            }
            let call = self.next_call().await?;
            if Instant::now() >= self.next_scan {
                done += self.give_up_late();
            }
            let Some(call) = call else { continue };
            let Some(index) = self.on_call(&call) else { continue };
            last = call.arrived;
            let worker = &mut self.workers[index];
            if worker.next == worker.script.len() {
                worker.script = Vec::new();
                done += 1;
            } else if started.elapsed() < limit && !self.step(index) {
                done += 1;
            }
        }
        Ok(self.driven(last - started, 0))
    }

    /// `workers` live dialogues; a pacer gives the next waiting worker a turn `rate` times a second for
    /// `duration`, then the replies still due are awaited.
    pub async fn paced(
        &mut self,
        scripts: &dyn Fn(usize) -> Vec<Act>,
        expected: &[usize],
        workers: usize,
        rate: f64,
        duration: Duration,
    ) -> anyhow::Result<Driven> {
        self.reset(expected);
        let mut ready: VecDeque<usize> = (0..workers).map(|n| self.add_worker(scripts(n))).collect();
        let turn = Duration::from_secs_f64(1.0 / rate);
        let started = tokio::time::Instant::now();
        let mut turns: u32 = 0;
        let mut skipped = 0;
        loop {
            let at = started + turn * turns;
            if at >= started + duration {
                break;
            }
            tokio::select! {
                biased;
                call = self.calls.recv() => {
                    let call = call.context("the stand-in stopped")?;
                    if let Some(index) = self.on_call(&call)
                        && self.workers[index].next < self.workers[index].script.len()
                    {
                        ready.push_back(index);
                    }
                }
                _ = tokio::time::sleep_until(at) => {
                    turns += 1;
                    match ready.pop_front() {
                        Some(index) => {
                            self.step(index);
                        }
                        None => skipped += 1,
                    }
                }
            }
            if Instant::now() >= self.next_scan {
                self.give_up_late();
            }
        }
        while self.in_flight > 0 {
            if let Some(call) = self.next_call().await? {
                self.on_call(&call);
            }
            if Instant::now() >= self.next_scan {
                self.give_up_late();
            }
        }
        Ok(self.driven(duration, skipped))
    }

    fn driven(&mut self, elapsed: Duration, skipped_turns: usize) -> Driven {
        // Not for a lone warm-up worker's walk.
        if self.workers.len() > 1 {
            eprintln!("  slowest steps by p99: {}", slowest_steps(&self.steps, &self.latencies, 3));
        }
        self.steps.clear();
        Driven {
            latencies: std::mem::take(&mut self.latencies),
            first_latencies: std::mem::take(&mut self.first_latencies),
            elapsed,
            skipped_turns,
            lost: self.lost,
        }
    }

    fn reset(&mut self, expected: &[usize]) {
        self.workers.clear();
        self.by_chat.clear();
        self.latencies.clear();
        self.first_latencies.clear();
        self.steps.clear();
        self.expected = expected.to_vec();
        self.in_flight = 0;
        self.lost = 0;
        while self.calls.try_recv().is_ok() {}
    }

    fn add_worker(&mut self, script: Vec<Act>) -> usize {
        let n = self.workers.len();
        let user = self.standin.new_user(&format!("工人{n}"), None, Some("zh-hans"));
        self.by_chat.insert(user.id, n);
        self.workers.push(Worker { user, script, next: 0, received: 0, sent_at: None });
        n
    }

    /// Queues worker `index`'s next step; `false` if it could not (its dialogue is then lost).
    fn step(&mut self, index: usize) -> bool {
        let worker = &self.workers[index];
        let act = &worker.script[worker.next];
        let sent_at = Instant::now();
        if let Err(e) = self.perform(&worker.user, act) {
            let error = format!("worker {index} step {} {act:?}: {e:#}", worker.next);
            self.lose(index, &error);
            return false;
        }
        self.workers[index].sent_at = Some(sent_at);
        self.in_flight += 1;
        true
    }

    fn lose(&mut self, index: usize, why: &str) {
        // The first few say why; the count goes into the figures.
        if self.lost < 3 {
            eprintln!("  dialogue given up: {why}");
        }
        self.lost += 1;
        let worker = &mut self.workers[index];
        if worker.sent_at.take().is_some() {
            self.in_flight -= 1;
        }
        worker.script = Vec::new();
        worker.next = 0;
    }

    /// Gives up on workers whose reply is overdue; returns how many.
    fn give_up_late(&mut self) -> usize {
        let now = Instant::now();
        self.next_scan = now + SCAN_EVERY;
        let late: Vec<usize> = (0..self.workers.len())
            .filter(|i| self.workers[*i].sent_at.is_some_and(|t| now.duration_since(t) > STEP_TIMEOUT))
            .collect();
        for &index in &late {
            let w = &self.workers[index];
            let want = self.expected.get(w.next).copied().unwrap_or(1);
            let why = format!(
                "worker {index} step {} {:?}: {} of {want} messages after {STEP_TIMEOUT:?}; {}",
                w.next,
                w.script.get(w.next),
                w.received,
                self.describe(w.user.id)
            );
            self.lose(index, &why);
        }
        late.len()
    }

    /// Counts a bot call; returns the worker whose step it completed.
    fn on_call(&mut self, call: &TappedCall) -> Option<usize> {
        if !is_message(call) {
            return None;
        }
        let index = *self.by_chat.get(&call.chat_id?)?;
        let worker = &mut self.workers[index];
        let sent_at = worker.sent_at?;
        worker.received += 1;
        if worker.received == 1 {
            self.first_latencies.push(call.arrived.saturating_duration_since(sent_at));
        }
        if worker.received < self.expected.get(worker.next).copied().unwrap_or(1) {
            return None;
        }
        self.latencies.push(call.arrived.saturating_duration_since(sent_at));
        self.steps.push(worker.next);
        worker.next += 1;
        worker.received = 0;
        worker.sent_at = None;
        self.in_flight -= 1;
        Some(index)
    }

    /// The next call of the bot, or `None` when it is time to look for overdue replies.
    async fn next_call(&mut self) -> anyhow::Result<Option<TappedCall>> {
        let until = self.next_scan.max(Instant::now() + Duration::from_millis(1));
        match tokio::time::timeout_at(until.into(), self.calls.recv()).await {
            Ok(Some(call)) => Ok(Some(call)),
            Ok(None) => bail!("the stand-in stopped"),
            Err(_) => Ok(None),
        }
    }

    fn perform(&self, user: &FakeUser, act: &Act) -> anyhow::Result<()> {
        script::perform(&self.standin, user, user.into(), act)
    }

    /// The bot's last message in a chat, for error messages.
    fn describe(&self, chat: i64) -> String {
        let last = self.standin.last_message_in(chat).and_then(|m| m.text).unwrap_or_default();
        format!("the bot's last message in chat {chat}: {last:?}")
    }
}

/// The `n` steps of the script whose replies took longest at the 99th percentile, with it: where a
/// run's tail comes from (in a closed loop, the steps that cost the bot most).
fn slowest_steps(steps: &[usize], latencies: &[Duration], n: usize) -> String {
    let mut by_step: HashMap<usize, Vec<Duration>> = HashMap::new();
    for (step, latency) in steps.iter().zip(latencies) {
        by_step.entry(*step).or_default().push(*latency);
    }
    let mut p99: Vec<(usize, Duration)> = by_step
        .into_iter()
        .map(|(step, mut l)| {
            l.sort_unstable();
            (step, l[(l.len() * 99 / 100).min(l.len() - 1)])
        })
        .collect();
    p99.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let named: Vec<String> =
        p99.iter().take(n).map(|(step, l)| format!("step {step} {:.0} ms", l.as_secs_f64() * 1e3)).collect();
    if named.is_empty() { "none".to_owned() } else { named.join(", ") }
}

#[cfg(test)]
mod slowest_tests {
    use super::*;

    #[test]
    fn the_slowest_steps_are_named_by_their_99th_percentile() {
        let ms = Duration::from_millis;
        let steps = [0, 0, 1, 1, 2];
        let latencies = [ms(10), ms(50), ms(30), ms(40), ms(5)];
        assert_eq!(slowest_steps(&steps, &latencies, 2), "step 0 50 ms, step 1 40 ms");
        assert_eq!(slowest_steps(&[], &[], 3), "none");
    }
}
