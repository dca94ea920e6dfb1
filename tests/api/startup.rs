//! Start-up checks on the real `wagedesk run`: a token whose bot (getMe) is not the deployment's
//! `[telegram] bot_username` is refused with a clear message before the bot polls, and starts when told
//! to; a database migrated by a newer wagedesk and a data folder that cannot be written are refused.
//! The JSON log format is checked on the way: every line an object with the documented fields.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::helpers::store_of;
use wagedesk::standin::{StandIn, StandInOptions};

use crate::load::{data_dir, polling, refused, run_command, stop};

fn start(standin: &StandIn, dir: &Path, env: &[(&str, &str)]) -> Child {
    let mut command = run_command(standin, dir);
    command.env("RUST_LOG", "info").stderr(Stdio::piped()).envs(env.iter().copied());
    command.spawn().expect("the wagedesk binary starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_of_another_bot_is_refused_unless_told_and_logs_are_json_when_asked() {
    let options = StandInOptions { bot_username: "someone_elses_bot".into(), ..StandInOptions::default() };
    let standin = StandIn::start(options).await.expect("stand-in");
    let dir = data_dir();
    let (status, stderr) = refused(start(&standin, &dir, &[])).await;
    println!("getMe mismatch: {status}; {}", stderr.trim());
    assert!(!status.success());
    for needed in ["@someone_elses_bot", "bot_username", "\"wagedesk_bot\"", "--ignore-username-mismatch"] {
        assert!(stderr.contains(needed), "the refusal names {needed:?}: {stderr}");
    }
    assert!(standin.calls_to("getUpdates").is_empty(), "a refused bot never polls");
    assert!(standin.calls_to("setMyCommands").is_empty(), "nor sets its menu");

    // Told to, it starts, warns, and logs one JSON object a line with the documented fields.
    let mut bot =
        start(&standin, &dir, &[("WAGEDESK_IGNORE_USERNAME_MISMATCH", "true"), ("WAGEDESK_LOG_FORMAT", "json")]);
    polling(&standin).await;
    let mut stderr = bot.stderr.take().expect("piped");
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
    let mut log = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut log).expect("log");
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    assert!(lines.len() >= 2, "{log}");
    for line in &lines {
        for field in ["timestamp", "level", "target", "message"] {
            assert!(line[field].is_string(), "{field} missing: {line}");
        }
    }
    let warned = lines.iter().find(|l| l["message"].as_str().is_some_and(|m| m.contains("differs"))).expect("warned");
    assert_eq!(warned["level"], "WARN");
    assert_eq!(warned["telegram"], "someone_elses_bot", "event fields at the top level: {warned}");
    assert!(lines.iter().any(|l| l["message"] == "stopped cleanly"), "{log}");
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_of_a_newer_wagedesk_and_an_unwritable_data_folder_are_refused() {
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let dir = data_dir();
    let db = store_of(&dir.join("wagedesk.db")).await;
    on_db!(db, c => sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
         VALUES (9999, 'from the future', CURRENT_TIMESTAMP, TRUE, $1, 0)",
    )
    .bind(vec![0_u8])
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .expect("a future migration");
    db.close().await;
    let (status, stderr) = refused(start(&standin, &dir, &[])).await;
    assert!(!status.success());
    assert!(stderr.contains("migrated by a newer wagedesk") && stderr.contains("9999"), "{stderr}");
    assert!(!dir.join("wagedesk.key").exists(), "refused before a key was made");

    // The evidence folder's place taken by a file: refused before anything is opened.
    let other = data_dir();
    std::fs::write(other.join("evidence"), b"").expect("a file");
    let (status, stderr) = refused(start(&standin, &other, &[])).await;
    assert!(!status.success() && stderr.contains("is a file where the bot needs a folder"), "{stderr}");
    assert!(!other.join("wagedesk.db").exists(), "no database made");
    assert!(standin.calls_to("getMe").is_empty());
    standin.shutdown().await;
}
