//! A server that reaches Telegram only through a proxy, as one in mainland China must: with
//! TELOXIDE_PROXY set, every call of the real binary goes through it. The stand-in plays the proxy and
//! the API URL names a host that cannot exist, so only requests sent through the proxy arrive.

use std::process::Stdio;
use std::time::Duration;

use wagedesk::standin::{StandIn, StandInOptions};

use crate::load::{data_dir, polling, run_command, spawn_bot, stop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_goes_through_the_proxy_teloxide_proxy_names_and_a_bad_one_stops_the_start() {
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let dir = data_dir();
    // Killed when dropped, so a failed assertion leaves no bot running.
    let via = standin.api_url();
    let proxy = [("TELOXIDE_API_URL", "http://telegram-api.invalid/"), ("TELOXIDE_PROXY", via.as_str())];
    let mut running = spawn_bot(&standin, &dir, &proxy);
    polling(&standin).await;
    let worker = standin.new_user("李建国", None, Some("zh-hans"));
    standin.send_text(&worker, &worker, "/start");
    standin.wait_for_calls("sendMessage", 1, Duration::from_secs(30)).await.expect("the reply goes through the proxy");
    stop(&mut running, "-TERM", Duration::from_secs(10)).await;

    let refused =
        run_command(&standin, &dir).env("TELOXIDE_PROXY", "not a proxy").stderr(Stdio::piped()).output().unwrap();
    assert!(!refused.status.success(), "a proxy that cannot be used is not skipped");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("TELOXIDE_PROXY"), "{said}");
    standin.shutdown().await;
}
