//! Signboards: the rights-protection board (维权信息告示牌, 条例 Art. 34) every worksite must post,
//! laid out as SVG with the project's Art. 34 fields and a large QR code of the bot's deep link
//! (`https://t.me/<bot>?start=<code>`), and printed to SVG, PNG or PDF.
//!
//! - [`content`] resolves what the board says from the project row, its offices and the hotlines;
//! - [`layout`] places it on A3 (or A4, the same drawing scaled), wrapping with real font widths;
//! - [`output`] turns the SVG into PNG (resvg) and PDF (svg2pdf) through one usvg tree;
//! - [`command`] is what `wagedesk signboard` and `wagedesk qr` run.

mod canvas;
pub mod command;
mod content;
mod fonts;
mod layout;
mod output;
mod qr;
mod wrap;

use std::path::{Path, PathBuf};

pub use canvas::Slot;
pub use content::{Board, Entry, Phone, board, load};
pub use fonts::{BUNDLED_FONT, BoardFonts};
pub use layout::Layout;
pub use qr::QrMatrix;

use crate::i18n::{Arg, Lang, tr_args};

/// Boards are printed in Simplified Chinese.
pub const BOARD_LANG: Lang = Lang::ZhHans;

/// Resolution of PNG boards unless told otherwise: sharp enough to print A3 from.
pub const DEFAULT_DPI: f32 = 150.0;

/// The sheet the board is printed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    #[default]
    A3,
    A4,
}

impl Paper {
    /// Portrait width and height.
    pub fn millimetres(self) -> (f32, f32) {
        match self {
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
        }
    }
}

/// The file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    /// The format a file name asks for by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

/// The link a board's QR code opens: the bot, started with the project's code.
pub fn deep_link(bot_username: &str, code: &str) -> String {
    crate::channel::start_link(bot_username, code)
}

/// Lays a board out, refusing characters the font would print as boxes.
pub fn layout_board(board: &Board, fonts: &BoardFonts, paper: Paper) -> Result<Layout, SignboardError> {
    let laid = layout::layout(board, fonts, paper)?;
    let missing = fonts.missing_glyphs(&laid.text);
    if !missing.is_empty() {
        return Err(SignboardError::MissingGlyphs {
            family: fonts.family().into(),
            chars: missing.into_iter().collect(),
        });
    }
    Ok(laid)
}

/// The board as a file in `format` (`dpi` applies to PNG).
pub fn render(
    board: &Board,
    fonts: &BoardFonts,
    paper: Paper,
    format: Format,
    dpi: f32,
) -> Result<Vec<u8>, SignboardError> {
    let laid = layout_board(board, fonts, paper)?;
    match format {
        Format::Svg => Ok(laid.svg.into_bytes()),
        Format::Png => output::png(&output::tree(&laid.svg, fonts.database())?, dpi),
        Format::Pdf => output::pdf(&output::tree(&laid.svg, fonts.database())?),
    }
}

/// The QR code of `link` alone, `size_mm` wide (PNG at `dpi`); it has no text, so needs no font.
pub fn render_qr(link: &str, format: Format, size_mm: f32, dpi: f32) -> Result<Vec<u8>, SignboardError> {
    let svg = QrMatrix::encode(link)?.standalone_svg(size_mm);
    match format {
        Format::Svg => Ok(svg.into_bytes()),
        Format::Png => output::png(&output::tree(&svg, Default::default())?, dpi),
        Format::Pdf => output::pdf(&output::tree(&svg, Default::default())?),
    }
}

/// Why a board could not be made. Shown to the operator in both languages.
#[derive(Debug, thiserror::Error)]
pub enum SignboardError {
    #[error("no font with Chinese glyphs")]
    NoChineseFont,
    #[error("font file {0}: {1}")]
    FontUnreadable(PathBuf, String),
    #[error("font file {0} has no Chinese glyphs")]
    FontWithoutChinese(PathBuf),
    #[error("font {family} lacks {chars}")]
    MissingGlyphs { family: String, chars: String },
    #[error("no project {0}")]
    UnknownProject(String),
    #[error("project {0} has no active code")]
    NoActiveCode(String),
    #[error("no bot username")]
    NoBotUsername,
    #[error("bad bot username {0}")]
    BadBotUsername(String),
    #[error("project {0} does not fit")]
    DoesNotFit(String),
    #[error("QR code: {0}")]
    Qr(String),
    #[error("render: {0}")]
    Render(String),
    #[error("writing {0}: {1}")]
    Write(PathBuf, String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

impl SignboardError {
    /// The message for the operator, in `lang`.
    pub fn localized(&self, lang: Lang) -> String {
        let text = |s: &str| Arg::from(s);
        let path = |p: &Path| Arg::from(p.display().to_string());
        let (id, args): (&str, Vec<(&str, Arg)>) = match self {
            SignboardError::NoChineseFont => ("signboard-error-no-font", vec![]),
            SignboardError::FontUnreadable(p, reason) => {
                ("signboard-error-font-unreadable", vec![("path", path(p)), ("reason", text(reason))])
            }
            SignboardError::FontWithoutChinese(p) => ("signboard-error-font-without-chinese", vec![("path", path(p))]),
            SignboardError::MissingGlyphs { family, chars } => {
                ("signboard-error-missing-glyphs", vec![("family", text(family)), ("chars", text(chars))])
            }
            SignboardError::UnknownProject(p) => ("signboard-error-unknown-project", vec![("project", text(p))]),
            SignboardError::NoActiveCode(p) => ("signboard-error-no-code", vec![("project", text(p))]),
            SignboardError::NoBotUsername => ("signboard-error-no-bot-username", vec![]),
            SignboardError::BadBotUsername(name) => ("signboard-error-bad-bot-username", vec![("name", text(name))]),
            SignboardError::DoesNotFit(p) => ("signboard-error-does-not-fit", vec![("project", text(p))]),
            SignboardError::Qr(reason) => ("signboard-error-qr", vec![("reason", text(reason))]),
            SignboardError::Render(reason) => ("signboard-error-render", vec![("reason", text(reason))]),
            SignboardError::Write(p, reason) => {
                ("signboard-error-write", vec![("path", path(p)), ("reason", text(reason))])
            }
            SignboardError::Db(e) => ("signboard-error-database", vec![("reason", Arg::from(e.to_string()))]),
        };
        tr_args(lang, id, &args)
    }

    /// Every language, one per line: the operator's language is not known.
    pub fn for_operator(&self) -> String {
        Lang::ALL.iter().map(|l| self.localized(*l)).collect::<Vec<_>>().join("\n")
    }
}

#[cfg(test)]
mod tests;
