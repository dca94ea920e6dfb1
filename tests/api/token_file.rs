//! The bot token as the hardened service and the container give it: a file, not the environment. The
//! real binary reads it from the systemd credentials directory and answers a worker; a token file that
//! cannot be read stops the start with an error naming the variable and the file, never the token.

use std::process::{Command, Stdio};
use std::time::Duration;

use wagedesk::standin::{StandIn, StandInOptions};

use crate::load::{data_dir, polling, run_command, stop};

fn bot(standin: &StandIn, dir: &std::path::Path) -> Command {
    let mut command = run_command(standin, dir);
    command.env_remove("TELOXIDE_TOKEN");
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_comes_from_the_systemd_credential_and_an_unreadable_token_file_stops_the_start() {
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let dir = data_dir();
    let credentials = dir.join("credentials");
    std::fs::create_dir_all(&credentials).unwrap();
    std::fs::write(credentials.join("bot-token"), format!("{}\n", standin.token())).unwrap();

    let mut running =
        bot(&standin, &dir).env("CREDENTIALS_DIRECTORY", &credentials).stderr(Stdio::null()).spawn().unwrap();
    polling(&standin).await;
    let worker = standin.new_user("李建国", None, Some("zh-hans"));
    standin.send_text(&worker, &worker, "/start");
    standin.wait_for_calls("sendMessage", 1, Duration::from_secs(30)).await.expect("the bot answers the worker");
    stop(&mut running, "-TERM", Duration::from_secs(10)).await;

    let missing = dir.join("no-such-token");
    let refused = bot(&standin, &dir)
        .env("WAGEDESK_BOT_TOKEN_FILE", &missing)
        .env("TELOXIDE_TOKEN", standin.token())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!refused.status.success(), "a named token file that cannot be read is not skipped");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("WAGEDESK_BOT_TOKEN_FILE") && said.contains("no-such-token"), "{said}");
    let secret = standin.token().split_once(':').map_or(standin.token(), |(_, s)| s);
    assert!(!said.contains(secret), "the token is not printed: {said}");
    standin.shutdown().await;
}
