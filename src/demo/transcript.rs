//! Printing the demo: the worker's chat and the office group, interleaved, each line marked with
//! who sees it.

use super::harness::GroupNews;
use crate::i18n::{Lang, tr};
use crate::standin::SentMessage;

/// A bot message in the worker's chat.
fn print_bot(m: &SentMessage) {
    print_lines("🤖", m);
}

pub fn show_worker(messages: &[SentMessage]) {
    for m in messages {
        print_bot(m);
    }
}

/// Bot messages in the office group; an edited card is marked as such.
pub fn show_office(news: &[GroupNews]) {
    for n in news {
        if n.edited {
            println!("🏛  {}", tr(Lang::ZhHans, "demo-card-updated"));
        }
        print_lines("🏛 ", &n.message);
    }
}

fn print_lines(mark: &str, m: &SentMessage) {
    let mut text = m.text.clone().unwrap_or_default();
    if let Some(media) = &m.media {
        text = format!("[{}] {text}", media.kind);
    }
    for (i, line) in text.lines().enumerate() {
        println!("{} {line}", if i == 0 { mark } else { "  " });
    }
    let buttons = m.callback_buttons();
    if !buttons.is_empty() {
        let labels: Vec<String> = buttons.into_iter().map(|(label, _)| format!("[{label}]")).collect();
        println!("   {}", labels.join(" "));
    }
}
