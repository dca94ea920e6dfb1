//! `wagedesk demo --interactive`: a person types as the worker or as an office clerk against the
//! same stand-in and bot as the scripted demo — a training mode for new office staff.

use std::path::PathBuf;

use super::harness::{Harness, SimStaff, SimWorker};
use super::transcript::{show_office, show_worker};
use crate::i18n::{Lang, tr};
use crate::script::{Act, evidence_photo};

/// One line the trainee typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The worker does this in their chat.
    Worker(Act),
    /// The clerk does this in the case topic (or the group, before there is one).
    Staff(Act),
    /// The clerk writes in the group itself, outside any topic.
    StaffInGroup(String),
    Days(i64),
    Help,
    Quit,
    Unknown,
}

pub fn parse(line: &str) -> Line {
    let line = line.trim();
    let (head, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim().to_owned();
    match head {
        "w" | "工人" if !rest.is_empty() => Line::Worker(Act::Type(rest)),
        "w!" | "工人按" if !rest.is_empty() => Line::Worker(Act::Press(rest)),
        "w:photo" | "工人照片" => Line::Worker(Act::Photo(evidence_photo())),
        "s" | "办事员" if !rest.is_empty() => Line::Staff(Act::Type(rest)),
        "s:group" | "群里" if !rest.is_empty() => Line::StaffInGroup(rest),
        "s!" | "办事员按" if !rest.is_empty() => Line::Staff(Act::Press(rest)),
        "days" | "过几天" => rest.parse().ok().filter(|n| (1..=400).contains(n)).map_or(Line::Unknown, Line::Days),
        "help" | "帮助" | "?" => Line::Help,
        "quit" | "exit" | "退出" => Line::Quit,
        _ => Line::Unknown,
    }
}

/// Runs until `quit` or the end of input.
pub async fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    println!("{}\n", tr(Lang::ZhHans, "demo-interactive-title"));
    let (h, mut staff) = super::start(dir).await?;
    let mut w = h.worker("工人");
    println!("{}", tr(Lang::ZhHans, "demo-interactive-help"));
    loop {
        let read = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map(|n| (n, line))
        })
        .await??;
        let (n, line) = read;
        if n == 0 || !play(&h, &mut w, &mut staff, parse(&line)).await? {
            break;
        }
    }
    let path = h.database_path();
    h.stop().await?;
    println!("{}", crate::i18n::tr_args(Lang::ZhHans, "demo-database", &[("path", path.display().to_string().into())]));
    Ok(())
}

/// Plays one line; `false` to stop. A mistake (no such button) is said, not fatal.
pub async fn play(h: &Harness, w: &mut SimWorker, staff: &mut SimStaff, line: Line) -> anyhow::Result<bool> {
    let result = match line {
        Line::Quit => return Ok(false),
        Line::Help => {
            println!("{}", tr(Lang::ZhHans, "demo-interactive-help"));
            return Ok(true);
        }
        Line::Unknown => {
            println!("{}", tr(Lang::ZhHans, "demo-interactive-unknown"));
            return Ok(true);
        }
        Line::Worker(act) => w.act(h, &act).await,
        Line::Staff(act) => staff.act(h, &act).await.map(|news| {
            show_office(&news);
            Vec::new()
        }),
        Line::StaffInGroup(text) => {
            let topic = staff.topic.take();
            let news = staff.send(h, &text).await;
            staff.topic = topic.or(staff.topic);
            news.map(|news| {
                show_office(&news);
                Vec::new()
            })
        }
        Line::Days(days) => {
            h.ctx.clock.advance(chrono::Duration::days(days));
            crate::scheduler::scan(&h.ctx).await?;
            Ok(Vec::new())
        }
    };
    match result {
        Ok(worker_news) => {
            show_worker(&worker_news);
            show_worker(&w.answers(h).await?);
            show_office(&staff.news(h).await?);
        }
        Err(e) => println!("{} {e}", tr(Lang::ZhHans, "demo-interactive-failed")),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::{Line, parse};
    use crate::script::{Act, evidence_photo};

    #[test]
    fn lines_name_who_acts() {
        assert_eq!(parse("w 老板欠我工资"), Line::Worker(Act::text("老板欠我工资")));
        assert_eq!(parse("w! 中文"), Line::Worker(Act::press("中文")));
        assert_eq!(parse("w:photo"), Line::Worker(Act::Photo(evidence_photo())));
        assert_eq!(parse("s! 受理"), Line::Staff(Act::press("受理")));
        assert_eq!(parse("s:group /cases"), Line::StaffInGroup("/cases".into()));
        assert_eq!(parse("days 6"), Line::Days(6));
        assert_eq!(parse("days -1"), Line::Unknown);
        assert_eq!(parse("w"), Line::Unknown);
        assert_eq!(parse("退出"), Line::Quit);
    }
}
