//! A bare teloxide echo bot, written the way teloxide's README does it: `repl` with one handler that
//! sends every text back. Reads TELOXIDE_TOKEN and TELOXIDE_API_URL, so the benchmark points it at the
//! local stand-in.

use teloxide::prelude::*;

#[tokio::main]
async fn main() {
    let bot = Bot::from_env();
    teloxide::repl(bot, |bot: Bot, msg: Message| async move {
        let text = msg.text().unwrap_or("…").to_owned();
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    })
    .await;
}
