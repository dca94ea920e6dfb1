//! `wagedesk erase`: a worker's request to erase their personal data that arrived on paper (个人信息保护法
//! Art. 47). `--chat ID` erases everything of a worker's chat, as `/delete_my_data` does; `--case N`
//! erases the claimants of one case (with several, `--claimant K` names one). An open part is withdrawn
//! first, as in the chat. One transaction, so it may run beside the bot, which is told after the commit
//! and drops what it had read for the erased worker ([`crate::erasure::after_commit`]).

use std::process::ExitCode;

use super::args::{DeploymentFile, EvidenceDir, KeyFile, Store};
use crate::clock::{Clock, stamp};
use crate::context::Ctx;
use crate::deployment::Deployment;
use crate::erasure::{self, Erasure};
use crate::i18n::{self, Lang};
use crate::intake::Keyboard;
use crate::outgoing::Outgoing;
use crate::storage::{self, Db, erasure as store};
use wagedesk_core::erasure::Reason;

#[derive(clap::Args)]
pub struct EraseArgs {
    /// The case, by its number (QX-…) or the digits it ends with, as `/case` takes it.
    #[arg(long, required_unless_present = "chat", conflicts_with = "chat")]
    case: Option<String>,
    /// Which claimant of the case, counted in filing order from 1 (the filer), among those not erased yet.
    #[arg(long, requires = "case")]
    claimant: Option<usize>,
    /// A worker's Telegram chat id: their data on every case, their draft and what was sent to them.
    #[arg(long)]
    chat: Option<i64>,
    #[command(flatten)]
    deployment: DeploymentFile,
    #[command(flatten)]
    store: Store,
    /// What it queues for the worker and the office is sealed like every outbox row.
    #[command(flatten)]
    key: KeyFile,
    #[command(flatten)]
    evidence: EvidenceDir,
}

pub async fn run(args: EraseArgs) -> anyhow::Result<ExitCode> {
    let deployment = args.deployment.load()?;
    args.store.using(async |db| erase(&args, deployment, db).await).await
}

async fn erase(args: &EraseArgs, deployment: Deployment, db: &Db) -> anyhow::Result<ExitCode> {
    // Erasing blanks what is sealed, but what it queues (the worker's and the office's notices) is sealed
    // with the bot's key, which the bot then opens.
    let vault = crate::app::key_for(db, &args.key.key_file).await?;
    let ctx = Ctx::new(db.clone(), vault, deployment, Clock::system(), args.evidence.evidence_dir.clone());
    let say = |id: &str, a: &[(&str, i18n::Arg)]| println!("{}", i18n::tr_args(Lang::ZhHans, id, a));
    let (erased, message, case_label) = match (args.chat, args.case.as_deref()) {
        (Some(chat), _) => (erase_chat(&ctx, chat).await?, "cli-erase-chat-done", String::new()),
        (None, Some(case)) => match erase_case(&ctx, case, args.claimant).await? {
            Ok((erased, number)) => (erased, "cli-erase-done", number),
            Err((id, a)) => {
                eprintln!("{}", i18n::tr_args(Lang::ZhHans, id, &a));
                return Ok(ExitCode::FAILURE);
            }
        },
        (None, None) => anyhow::bail!("name --case or --chat"),
    };
    let files = erasure::after_commit(&ctx, &erased.files).await?;
    let count = |n: usize| i18n::Arg::from(i64::try_from(n).unwrap_or(i64::MAX));
    let who = args.chat.map_or_else(String::new, |c| c.to_string());
    say(
        message,
        &[
            ("chat", who.into()),
            ("case", case_label.into()),
            ("cases", count(erased.cases)),
            ("claimants", count(erased.claimants)),
            ("files", count(files)),
        ],
    );
    Ok(ExitCode::SUCCESS)
}

/// Everything of a chat, in one transaction; the worker is told in their chat, in their language.
async fn erase_chat(ctx: &Ctx, chat: i64) -> anyhow::Result<Erasure> {
    let mut tx = storage::begin_write(&ctx.db).await?;
    let lang =
        crate::notify::lang_of(&ctx.vault, storage::dialogues::load(&mut tx, chat).await?.as_deref(), Lang::ZhHans);
    let erased = erasure::erase_chat(&mut tx.conn(), ctx, chat).await?;
    let done = Outgoing::Send {
        chat_id: chat,
        text: i18n::tr(lang, &crate::channel::worded("erase-done", crate::channel::Channel::of_chat(chat))),
        keyboard: Keyboard::None,
    };
    crate::staff::post::queue(&mut tx.conn(), &ctx.vault, chat, &done).await?;
    tx.commit().await?;
    Ok(erased)
}

/// A refusal to print: its message id and arguments.
type Refused = (&'static str, Vec<(&'static str, i18n::Arg)>);

/// The claimant(s) of one case, in one transaction, with what was sent to their chats; returns the
/// case's full number.
async fn erase_case(
    ctx: &Ctx,
    number: &str,
    claimant: Option<usize>,
) -> anyhow::Result<Result<(Erasure, String), Refused>> {
    let mut tx = storage::begin_write(&ctx.db).await?;
    let Some(complaint_id) = storage::staff::case_by_number(&mut tx, number).await? else {
        return Ok(Err(("cli-erase-no-case", vec![("case", number.into())])));
    };
    let claimants = store::unerased_claimants(&mut tx, complaint_id).await?;
    let count = i18n::Arg::from(i64::try_from(claimants.len()).unwrap_or(i64::MAX));
    let chosen: Vec<(i64, Option<i64>)> = match claimant {
        None if claimants.len() > 1 => {
            return Ok(Err(("cli-erase-which-claimant", vec![("case", number.into()), ("count", count)])));
        }
        None => claimants,
        Some(k) => match k.checked_sub(1).and_then(|i| claimants.get(i)) {
            Some(c) => vec![*c],
            None => {
                let n = i18n::Arg::from(i64::try_from(k).unwrap_or(i64::MAX));
                return Ok(Err((
                    "cli-erase-no-claimant",
                    vec![("case", number.into()), ("number", n), ("count", count)],
                )));
            }
        },
    };
    // What was sent to them holds their data; an open part is withdrawn, as their own erasure does.
    let now = stamp(ctx.clock.now());
    for chat in chosen.iter().filter_map(|(_, chat)| *chat) {
        store::clear_chat_outbox(&mut tx, &ctx.vault, chat, &now).await?;
        let parts = erasure::open_parts(&mut tx.conn(), chat).await?;
        if let Some(part) = parts.iter().find(|p| p.complaint_id == complaint_id)
            && let Err(e) = erasure::withdraw(&mut tx.conn(), ctx, chat, part).await?
        {
            tracing::warn!(case = %part.case_number, error = %e, "withdrawal before an erasure refused");
        }
    }
    let ids: Vec<i64> = chosen.iter().map(|(id, _)| *id).collect();
    let erased = erasure::erase_claimants(&mut tx.conn(), ctx, complaint_id, &ids, Reason::Request).await?;
    let full = storage::cases::worker_of(&mut tx, complaint_id).await?.map(|(n, ..)| n).unwrap_or_default();
    tx.commit().await?;
    tracing::info!(case = %full, claimants = erased.claimants, "erased on the operator's command");
    Ok(Ok((erased, full)))
}
