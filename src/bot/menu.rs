//! The command menu, set per language so a Chinese phone shows Chinese descriptions.

use teloxide::prelude::*;
use teloxide::types::BotCommand;

use crate::i18n::{Lang, tr};

const COMMANDS: [&str; 6] = ["start", "new", "status", "cancel", "language", "help"];

pub fn commands(lang: Lang) -> Vec<BotCommand> {
    COMMANDS.iter().map(|c| BotCommand::new(*c, tr(lang, &format!("command-{c}")))).collect()
}

/// Office groups get the staff commands instead (offices work in Chinese).
const GROUP_COMMANDS: [&str; 8] = ["cases", "overdue", "case", "note", "ledger", "export", "cancel", "help"];

pub fn group_commands() -> Vec<BotCommand> {
    GROUP_COMMANDS.iter().map(|c| BotCommand::new(*c, tr(Lang::ZhHans, &format!("staff-menu-{c}")))).collect()
}

/// Sets the menu for every language, and the default (for phones in other languages) in Chinese;
/// groups get the office commands.
pub async fn set_commands(bot: &Bot) -> Result<(), teloxide::RequestError> {
    bot.set_my_commands(commands(Lang::ZhHans)).await?;
    for lang in Lang::ALL {
        bot.set_my_commands(commands(lang)).language_code(lang.telegram_code()).await?;
    }
    bot.set_my_commands(group_commands()).scope(teloxide::types::BotCommandScope::AllGroupChats).await?;
    Ok(())
}
