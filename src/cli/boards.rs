//! `wagedesk signboard` and `wagedesk qr`: a project's printable rights-protection board, or its deep
//! link and QR code alone.

use std::path::PathBuf;

use super::args::{BotName, DeploymentFile, Store};
use crate::signboard::{self, BoardFonts, SignboardError, command as boards};

#[derive(clap::Args)]
pub struct SignboardArgs {
    /// The project id (see `wagedesk projects list`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    project: Option<String>,
    /// Every project, one file each, named after the project id, into the --out directory.
    #[arg(long)]
    all: bool,
    /// The file (or with --all the directory) to write.
    #[arg(long)]
    out: PathBuf,
    /// Default: the --out file's extension, else svg.
    #[arg(long, value_enum)]
    format: Option<signboard::Format>,
    #[arg(long, value_enum, default_value = "a3")]
    paper: signboard::Paper,
    /// Resolution of PNG output.
    #[arg(long, default_value_t = signboard::DEFAULT_DPI)]
    dpi: f32,
    /// A font file with Chinese glyphs, used before the system's fonts.
    #[arg(long)]
    font: Option<PathBuf>,
    #[command(flatten)]
    bot: BotName,
    #[command(flatten)]
    deployment: DeploymentFile,
    #[command(flatten)]
    store: Store,
}

#[derive(clap::Args)]
pub struct QrArgs {
    project: String,
    /// qr.png or qr.svg; without it only the link is printed.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    bot: BotName,
    #[command(flatten)]
    deployment: DeploymentFile,
    #[command(flatten)]
    store: Store,
}

/// A signboard error as the operator reads it, in every language.
fn operator_error(e: SignboardError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.for_operator())
}

pub async fn signboard(args: SignboardArgs) -> anyhow::Result<()> {
    let deployment = args.deployment.load()?;
    let options = boards::PrintOptions {
        paper: args.paper,
        format: args.format,
        dpi: args.dpi,
        bot_username: boards::bot_username(args.bot.bot_username.as_deref(), &deployment).map_err(operator_error)?,
    };
    let fonts = BoardFonts::discover(args.font.as_deref()).map_err(operator_error)?;
    args.store
        .using(async |db| {
            let started = std::time::Instant::now();
            match &args.project {
                Some(project) => {
                    let format = boards::write_board(db, &deployment, &fonts, project, &args.out, &options)
                        .await
                        .map_err(operator_error)?;
                    println!("{project}: {} written to {}", format.extension(), args.out.display());
                }
                None => {
                    let written = boards::write_all(db, &deployment, &fonts, &args.out, &options)
                        .await
                        .map_err(operator_error)?;
                    for path in &written {
                        println!("{}", path.display());
                    }
                    println!("{} boards written to {}", written.len(), args.out.display());
                }
            }
            println!("font: {}; {:.1} s", fonts.family(), started.elapsed().as_secs_f32());
            Ok(())
        })
        .await
}

pub async fn qr(args: QrArgs) -> anyhow::Result<()> {
    let deployment = args.deployment.load()?;
    let bot = boards::bot_username(args.bot.bot_username.as_deref(), &deployment).map_err(operator_error)?;
    let link = args
        .store
        .using(async |db| {
            boards::write_qr(db, &deployment, &args.project, &bot, args.out.as_deref(), signboard::DEFAULT_DPI)
                .await
                .map_err(operator_error)
        })
        .await?;
    println!("{link}");
    if let Some(out) = args.out {
        println!("QR code written to {}", out.display());
    }
    Ok(())
}
