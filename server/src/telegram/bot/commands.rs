//! The bot's slash commands, registered with Telegram at start so clients offer them.

use teloxide::utils::command::BotCommands;

#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Start, or link with a code: /start CODE
    Start(String),
    /// Link this chat to your Felix Hub account: /link CODE
    Link(String),
    /// Order a part
    New,
    /// Your open orders
    Orders,
    /// What the bot does
    Help,
    /// Change the language
    Language,
    /// Drop the order in progress
    Cancel,
}
