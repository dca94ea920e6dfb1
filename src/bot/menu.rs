//! The command menu, set per language so a Chinese phone shows Chinese descriptions.

use teloxide::prelude::*;
use teloxide::types::BotCommand;

use crate::commands::{STAFF, WORKER_MENU};
use crate::i18n::{Lang, tr};

pub fn commands(lang: Lang) -> Vec<BotCommand> {
    WORKER_MENU.iter().map(|c| BotCommand::new(*c, tr(lang, &format!("command-{c}")))).collect()
}

/// Office groups get the staff commands instead (offices work in Chinese).
pub fn group_commands() -> Vec<BotCommand> {
    STAFF
        .iter()
        .filter(|c| c.in_menu)
        .map(|c| BotCommand::new(c.name, tr(Lang::ZhHans, &format!("staff-menu-{}", c.name))))
        .collect()
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
