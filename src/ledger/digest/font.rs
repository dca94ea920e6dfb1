//! The chart's font. plotters draws text with a font registered once per process; we look for one
//! with Chinese glyphs (the deployment's `digest.chart_font`, then the usual Debian packages, then
//! the subset built into the binary). Only if even that failed to load would a Latin font draw the
//! chart, labelled in English with office ids.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::Font as _;
use plotters::style::FontStyle;

use crate::signboard::BUNDLED_FONT;

/// The family name the chart asks plotters for.
pub const FAMILY: &str = "wagedesk-chart";

/// What the registered font can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Chinese labels and office names.
    Chinese,
    /// ASCII only: English labels, office ids.
    Latin,
}

/// Fonts with Chinese glyphs, from the Debian packages that ship them (fonts-wqy-microhei first).
const CJK_FONTS: [&str; 7] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
];

const LATIN_FONTS: [&str; 3] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

/// What the registered font can write, and where it came from (for the log).
static REGISTERED: OnceLock<Option<(Script, String)>> = OnceLock::new();

/// Registers the best font found (once per process) and says what it can write; `None` when there
/// is no usable font at all, and the digest goes out without its chart.
pub fn chart_font(configured: Option<&Path>) -> Option<Script> {
    REGISTERED
        .get_or_init(|| {
            let found = find(configured);
            match &found {
                Some((script, source)) => tracing::info!(font = %source, ?script, "digest chart font"),
                None => tracing::warn!("no font for the digest chart; digests go out as text only"),
            }
            found
        })
        .as_ref()
        .map(|(script, _)| *script)
}

fn find(configured: Option<&Path>) -> Option<(Script, String)> {
    let cjk = configured.into_iter().map(Path::to_path_buf).chain(CJK_FONTS.iter().map(PathBuf::from));
    for path in cjk {
        if let Some(script) = register_file(&path, true) {
            return Some((script, path.display().to_string()));
        }
    }
    if script_of(BUNDLED_FONT, true).is_some() && register(BUNDLED_FONT) {
        return Some((Script::Chinese, "bundled Noto Sans CJK SC subset".into()));
    }
    LATIN_FONTS.iter().find_map(|p| register_file(Path::new(p), false).map(|s| (s, (*p).to_string())))
}

/// Loads a font file and registers it if it has the glyphs wanted.
fn register_file(path: &Path, want_chinese: bool) -> Option<Script> {
    let bytes = std::fs::read(path).ok()?;
    let script = script_of(&bytes, want_chinese)?;
    // plotters keeps registered fonts for the life of the process; this happens once.
    register(Box::leak(bytes.into_boxed_slice())).then_some(script)
}

/// What a font can write: Chinese, or (when that is not required) Latin; `None` if neither.
fn script_of(bytes: &[u8], want_chinese: bool) -> Option<Script> {
    let font = ab_glyph::FontRef::try_from_slice(bytes).ok()?;
    let has = |c: char| font.glyph_id(c).0 != 0;
    if has('欠') && has('办') {
        Some(Script::Chinese)
    } else if !want_chinese && has('A') {
        Some(Script::Latin)
    } else {
        None
    }
}

fn register(bytes: &'static [u8]) -> bool {
    plotters::style::register_font(FAMILY, FontStyle::Normal, bytes).is_ok()
        // Text styles left at plotters' default family still find a font.
        && plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_bundled_font_draws_chinese_chart_labels() {
        assert_eq!(script_of(BUNDLED_FONT, true), Some(Script::Chinese));
        let font = ab_glyph::FontRef::try_from_slice(BUNDLED_FONT).expect("ab_glyph reads the bundled font");
        let labels = ["digest-chart-offices", "digest-chart-trend"].map(|id| crate::i18n::tr(Lang::ZhHans, id));
        for c in labels.concat().chars().filter(|c| !c.is_whitespace()) {
            let glyph = font.outline_glyph(font.glyph_id(c).with_scale(16.0));
            assert!(glyph.is_some(), "no outline for {c:?} in the bundled font");
        }
    }
}
