//! `wagedesk offices`: which Telegram chat receives each office's notifications.

use std::process::ExitCode;

use clap::Subcommand;

use super::args::{DeploymentFile, KeyFile, Store};
use crate::i18n::{self, Lang};
use crate::{clock, staff, storage};

#[derive(Subcommand)]
pub enum OfficesCmd {
    /// Prints a one-time code; a member of the office's group sends `/link CODE` there.
    Invite {
        office: String,
        #[command(flatten)]
        deployment: DeploymentFile,
        #[command(flatten)]
        store: Store,
    },
    /// Stops an office's group from receiving cases; the bot says so there and leaves (when running).
    Unlink {
        office: String,
        #[command(flatten)]
        deployment: DeploymentFile,
        #[command(flatten)]
        store: Store,
        /// The goodbye queued for the group is sealed like every outbox row.
        #[command(flatten)]
        key: KeyFile,
    },
    /// Sends an office's notifications to a chat (a group's id, e.g. -1001234567890). Linking from the
    /// group itself with an invite code replaces this once offices work in their own groups.
    #[command(allow_negative_numbers = true)]
    Link {
        office: String,
        chat_id: i64,
        #[command(flatten)]
        deployment: DeploymentFile,
        #[command(flatten)]
        store: Store,
    },
}

pub async fn run(command: OfficesCmd) -> anyhow::Result<ExitCode> {
    match command {
        OfficesCmd::Invite { office, deployment, store } => {
            let Some((deployment, id)) = deployment.office(&office)? else { return Ok(ExitCode::FAILURE) };
            let (code, expires) = store
                .using(async |db| {
                    let mut tx = storage::begin_write(db).await?;
                    let issued = staff::issue_link_code(&mut tx.conn(), &deployment, &id, chrono::Utc::now()).await?;
                    tx.commit().await?;
                    Ok(issued)
                })
                .await?;
            let expires = expires.with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string();
            let text = i18n::tr_args(
                Lang::ZhHans,
                "cli-office-invite",
                &[("office", office.as_str().into()), ("code", code.into()), ("expires", expires.into())],
            );
            println!("{text}");
        }
        OfficesCmd::Unlink { office, deployment, store, key } => {
            let Some((_, id)) = deployment.office(&office)? else { return Ok(ExitCode::FAILURE) };
            let chat = store
                .using(async |db| {
                    let vault = crate::app::key_for(db, &key.key_file).await?;
                    let mut tx = storage::begin_write(db).await?;
                    let chat = staff::unlink_office(&mut tx.conn(), &vault, &id).await?;
                    tx.commit().await?;
                    Ok(chat)
                })
                .await?;
            match chat {
                Some(chat) => println!("{office}: unlinked from chat {chat}"),
                None => println!("{office}: no linked group"),
            }
        }
        OfficesCmd::Link { office, chat_id, deployment, store } => {
            let Some((deployment, id)) = deployment.office(&office)? else { return Ok(ExitCode::FAILURE) };
            let now = clock::stamp(chrono::Utc::now());
            store
                .using(async |db| {
                    let mut conn = db.acquire().await?;
                    Ok(storage::cases::link_office_chat(&mut conn, id.as_str(), chat_id, &now).await?)
                })
                .await?;
            let name = deployment.office(&id).map_or("", |found| found.name_zh.as_str());
            println!("{name} ({}) now receives its notifications in chat {chat_id}", id.as_str());
        }
    }
    Ok(ExitCode::SUCCESS)
}
