//! Hostile input at scale: random but well-formed updates generated from the official Bot API
//! description (every kind of update and message, edits, callbacks with random data, member
//! changes, channel posts, huge texts, zero-width / RTL-override / NUL characters, full-width
//! digits) driven through the real bot; and one user flooding while others file.
//!
//! `WAGEDESK_FUZZ_UPDATES` sets how many updates the fuzz run generates (default 1,500 for CI;
//! the long form used 50,000) and `WAGEDESK_FUZZ_SEED` its seed.

use std::collections::BTreeSet;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use wagedesk::demo::harness::Harness;

use crate::helpers::*;

const API_JSON: &str = include_str!("../../assets/telegram-bot-api/api.json");

/// Strings a hostile client might send.
const NASTY: &[&str] = &[
    "",
    " ",
    "/start",
    "/start site_../../etc/passwd",
    "/new",
    "/status@wagedesk_bot",
    "/link AAAA-BBBB-CCCC",
    "/case QX-330106-20261201-0001",
    "/note x",
    "4万5",
    "１３８００１３８０００",
    "11010519491231002X",
    "\u{200b}\u{200b}\u{200b}",
    "\u{202e}txt.exe",
    "a\u{0}b",
    "'; DROP TABLE complaints; --",
    "<b>bold</b>",
    "😀😀😀",
    "s:1:0:accept",
    "r:1:1",
    "1:lang:zh",
    "中文",
];

struct Gen<'a> {
    types: &'a Map<String, Value>,
    rng: StdRng,
    users: Vec<i64>,
    groups: Vec<i64>,
}

impl Gen<'_> {
    fn string(&mut self) -> String {
        match self.rng.random_range(0..10) {
            0 => "字".repeat(self.rng.random_range(4000..9000)),
            1 => (0..self.rng.random_range(1..40))
                .map(|_| char::from_u32(self.rng.random_range(0..0x3000)).unwrap_or('?'))
                .collect(),
            _ => NASTY[self.rng.random_range(0..NASTY.len())].to_owned(),
        }
    }

    fn chat_id(&mut self) -> i64 {
        match self.rng.random_range(0..4) {
            0 => self.groups[self.rng.random_range(0..self.groups.len())],
            1 => self.rng.random_range(-1_000_000_000_000_i64..1_000_000_000_000),
            _ => self.users[self.rng.random_range(0..self.users.len())],
        }
    }

    fn integer(&mut self, field: &str) -> Value {
        match field {
            "id" | "user_id" | "chat_id" => json!(self.chat_id()),
            "message_id" | "message_thread_id" => json!(self.rng.random_range(-5..100_000)),
            "date" | "edit_date" => json!(1_764_550_000 + self.rng.random_range(0..100_000)),
            _ => match self.rng.random_range(0..5) {
                0 => json!(i64::MAX),
                1 => json!(-1),
                _ => json!(self.rng.random_range(0..1_000_000)),
            },
        }
    }

    /// A value of one of the spec's type names (`Integer`, `Array of PhotoSize`, `Message`, …).
    fn value(&mut self, type_name: &str, field: &str, depth: u32) -> Value {
        if let Some(inner) = type_name.strip_prefix("Array of ") {
            let n = if depth > 3 { 0 } else { self.rng.random_range(0..3) };
            return Value::Array((0..n).map(|_| self.value(inner, field, depth + 1)).collect());
        }
        match type_name {
            "Integer" => self.integer(field),
            "Float" => json!(self.rng.random_range(-180.0..180.0)),
            "Boolean" => json!(self.rng.random_bool(0.5)),
            "True" => json!(true),
            "String" => json!(self.string()),
            other => self.object(other, depth + 1),
        }
    }

    fn object(&mut self, name: &str, depth: u32) -> Value {
        let Some(spec) = self.types.get(name) else { return json!({}) };
        if let Some(subtypes) = spec.get("subtypes").and_then(Value::as_array) {
            let pick = subtypes[self.rng.random_range(0..subtypes.len())].as_str().unwrap_or_default().to_owned();
            return self.object(&pick, depth);
        }
        let mut out = Map::new();
        for field in spec.get("fields").and_then(Value::as_array).into_iter().flatten() {
            let fname = field["name"].as_str().unwrap_or_default();
            let required = field["required"].as_bool().unwrap_or(false);
            let chance = if depth > 4 { 0.0 } else { 0.25 / f64::from(depth.max(1)) };
            if !required && !self.rng.random_bool(chance) {
                continue;
            }
            let types: Vec<&str> = field["types"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let description = field["description"].as_str().unwrap_or_default();
            let value = match fixed_value(description) {
                Some(fixed) if types == ["String"] => json!(fixed),
                _ => {
                    let t = types[self.rng.random_range(0..types.len().max(1)).min(types.len().saturating_sub(1))];
                    self.value(t, fname, depth)
                }
            };
            out.insert(fname.to_owned(), value);
        }
        Value::Object(out)
    }

    /// An update with exactly one of its optional fields, weighted towards the kinds users send.
    fn update(&mut self) -> Value {
        let kinds = [
            "message",
            "message",
            "message",
            "edited_message",
            "callback_query",
            "callback_query",
            "my_chat_member",
            "chat_member",
            "channel_post",
            "edited_channel_post",
            "message_reaction",
            "inline_query",
            "poll_answer",
            "chat_join_request",
            "business_message",
        ];
        let kind = kinds[self.rng.random_range(0..kinds.len())];
        let spec_type = self.types["Update"]["fields"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["name"] == kind))
            .and_then(|f| f["types"][0].as_str())
            .unwrap_or("Message")
            .to_owned();
        let mut body = self.object(&spec_type, 1);
        if kind == "callback_query" && self.rng.random_bool(0.7) {
            body["data"] = json!(self.string());
        }
        // Half the messages come from a real worker's private chat, so the intake sees them.
        if kind == "message" && self.rng.random_bool(0.5) {
            let user = self.users[self.rng.random_range(0..self.users.len())];
            body["chat"] = json!({ "id": user, "type": "private", "first_name": "工人" });
            body["from"] = json!({ "id": user, "is_bot": false, "first_name": "工人" });
            if self.rng.random_bool(0.7) {
                body["text"] = json!(self.string());
            }
        }
        json!({ kind: body })
    }
}

/// `always “x”` in a field's description: the discriminator a subtype must carry.
fn fixed_value(description: &str) -> Option<String> {
    let rest = description.split("always “").nth(1)?;
    Some(rest.split('”').next()?.to_owned())
}

async fn tables(h: &Harness) -> BTreeSet<String> {
    table_names(&h.ctx.db).await.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_random_well_formed_updates_break_nothing() {
    let n: usize = std::env::var("WAGEDESK_FUZZ_UPDATES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_500);
    let seed: u64 = std::env::var("WAGEDESK_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20_261_129);
    let h = start().await;
    let before = tables(&h).await;
    let api: Value = serde_json::from_str(API_JSON).unwrap();
    let types = api["types"].as_object().unwrap();
    let users: Vec<i64> = (0..60).map(|i| h.standin.new_user(&format!("用户{i}"), None, None).id).collect();
    let groups: Vec<i64> =
        (0..3).map(|i| h.standin.new_group(&format!("群{i}"), wagedesk::standin::GroupKind::Forum, &[]).id).collect();
    let mut g = Gen { types, rng: StdRng::seed_from_u64(seed), users, groups };
    let started = std::time::Instant::now();
    for _ in 0..n {
        h.standin.push_raw_update(g.update());
    }
    for _ in 0..60 {
        if h.settle().await.is_ok() {
            break;
        }
    }
    h.settle().await.expect("every update handled or set aside");
    let took = started.elapsed();
    // A real intake still works afterwards.
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.expect("a real intake completes after the noise");

    let unprocessed = count(&h, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").await;
    assert_eq!(unprocessed, 0);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1, "only the real worker's complaint");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM office_chats").await, 0, "no random group got linked");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM dialogues WHERE chat_id < 0").await, 0);
    assert_eq!(tables(&h).await, before, "no table appeared or vanished");
    let failures = count(&h, "SELECT COUNT(*) FROM inbox WHERE error = 'handler-error'").await;
    assert_eq!(failures, 0, "no handler failed or panicked on any update");
    let notes: Vec<(Option<String>, i64)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT error, COUNT(*) FROM inbox GROUP BY error ORDER BY 2 DESC")
            .fetch_all(c)
            .await)
        .unwrap();
    println!("fuzz: {n} updates, seed {seed}, handled in {took:?}, inbox outcomes {notes:?}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_user_is_told_to_slow_down_once_and_others_are_served() {
    let h = start().await;
    let flooder = h.standin.new_user("刷屏的人", None, Some("zh-hans"));
    for i in 0..200 {
        h.standin.send_text(&flooder, &flooder, &format!("喂{i}"));
    }
    let mut workers: Vec<_> = (0..3).map(|i| h.worker(&format!("工人{i}"))).collect();
    let phones = ["13800138000", "13900139000", "13700137000"];
    for (w, phone) in workers.iter_mut().zip(phones) {
        let filer = Intake::li().phone(phone).skip_id();
        file_complaint_zh_as(&h, w, &filer).await.expect("others file while the flood goes on");
    }
    h.settle().await.unwrap();
    let told = texts(&h.standin.messages_in(flooder.id));
    assert_eq!(told.matches("你发得太快了").count(), 1, "{told}");
    let set_aside = count(&h, "SELECT COUNT(*) FROM inbox WHERE error = 'flood'").await;
    assert!(set_aside >= 100, "{set_aside} flood updates set aside");
    // Set aside is not kept: what a flooding chat sent is dropped like a handled update's payload.
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE error = 'flood' AND payload IS NOT NULL").await, 0);
    for w in &workers {
        assert!(!chat_texts(&h, w).contains("你发得太快了"));
    }
    // Same employer, same county: one case with three claimants.
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants").await, 3);
    finish(h).await;
}
