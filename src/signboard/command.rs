//! What `wagedesk signboard` and `wagedesk qr` do: read the project and its active code, render,
//! write the file. `main.rs` only parses the flags and prints.

use std::path::{Path, PathBuf};

use super::{BoardFonts, Format, Paper, SignboardError, deep_link, load, render, render_qr};
use crate::deployment::{Deployment, parse_bot_username};
use crate::storage::Db;
use crate::storage::projects as store;

/// How boards are printed.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub paper: Paper,
    /// `None`: from the output file's extension, else SVG.
    pub format: Option<Format>,
    pub dpi: f32,
    pub bot_username: String,
}

/// The bot username from `--bot-username`, else from the deployment's `[telegram]`.
pub fn bot_username(flag: Option<&str>, deployment: &Deployment) -> Result<String, SignboardError> {
    match flag {
        Some(name) => parse_bot_username(name).map_err(|_| SignboardError::BadBotUsername(name.into())),
        None => deployment.telegram.bot_username.clone().ok_or(SignboardError::NoBotUsername),
    }
}

/// Writes one project's board to `out`; returns the format written.
pub async fn write_board(
    db: &Db,
    deployment: &Deployment,
    fonts: &BoardFonts,
    project: &str,
    out: &Path,
    options: &PrintOptions,
) -> Result<Format, SignboardError> {
    let format = options.format.or_else(|| Format::from_path(out)).unwrap_or(Format::Svg);
    let board = load(db, deployment, project, &options.bot_username).await?;
    let bytes = render(&board, fonts, options.paper, format, options.dpi)?;
    write(out, &bytes)?;
    Ok(format)
}

/// Writes every project's board into `dir` as `<project id>.<format>`, in project order.
pub async fn write_all(
    db: &Db,
    deployment: &Deployment,
    fonts: &BoardFonts,
    dir: &Path,
    options: &PrintOptions,
) -> Result<Vec<PathBuf>, SignboardError> {
    let format = options.format.unwrap_or(Format::Svg);
    std::fs::create_dir_all(dir).map_err(|e| SignboardError::Write(dir.into(), e.to_string()))?;
    let projects = {
        let mut conn = db.acquire().await?;
        store::list(&mut conn).await?
    };
    let mut written = Vec::with_capacity(projects.len());
    for project in projects {
        let path = dir.join(format!("{}.{}", project.id, format.extension()));
        write_board(
            db,
            deployment,
            fonts,
            &project.id,
            &path,
            &PrintOptions { format: Some(format), ..options.clone() },
        )
        .await?;
        written.push(path);
    }
    Ok(written)
}

/// The project's QR link (the web landing page, or the deep link), and its QR code written to `out` when given.
pub async fn write_qr(
    db: &Db,
    deployment: &Deployment,
    project: &str,
    bot_username: &str,
    out: Option<&Path>,
    dpi: f32,
) -> Result<String, SignboardError> {
    let code = {
        let mut conn = db.acquire().await?;
        if store::get(&mut conn, project).await?.is_none() {
            return Err(SignboardError::UnknownProject(project.into()));
        }
        store::active_code(&mut conn, project).await?.ok_or_else(|| SignboardError::NoActiveCode(project.into()))?
    };
    // With the web channel on, the landing page that offers both the web form and the deep link.
    let link = match &deployment.web {
        Some(web) => web.signboard_url(&code),
        None => deep_link(bot_username, &code),
    };
    if let Some(out) = out {
        let format = Format::from_path(out).unwrap_or(Format::Png);
        write(out, &render_qr(&link, format, 60.0, dpi)?)?;
    }
    Ok(link)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), SignboardError> {
    std::fs::write(path, bytes).map_err(|e| SignboardError::Write(path.into(), e.to_string()))
}
