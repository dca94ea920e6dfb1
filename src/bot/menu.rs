//! The command menu, set per language so a Chinese phone shows Chinese descriptions.

use teloxide::prelude::*;
use teloxide::types::BotCommand;

use crate::i18n::{Lang, tr};

const COMMANDS: [&str; 6] = ["start", "new", "status", "cancel", "language", "help"];

pub fn commands(lang: Lang) -> Vec<BotCommand> {
    COMMANDS.iter().map(|c| BotCommand::new(*c, tr(lang, &format!("command-{c}")))).collect()
}

/// Sets the menu for every language, and the default (for phones in other languages) in Chinese.
pub async fn set_commands(bot: &Bot) -> Result<(), teloxide::RequestError> {
    bot.set_my_commands(commands(Lang::ZhHans)).await?;
    for lang in Lang::ALL {
        bot.set_my_commands(commands(lang)).language_code(lang.telegram_code()).await?;
    }
    Ok(())
}
