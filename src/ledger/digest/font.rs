//! The chart's font, chosen once per process: one with Chinese glyphs (the deployment's
//! `digest.chart_font`, then the usual Debian packages, then the subset built into the binary).
//! Only if even that failed to load would a Latin font draw the chart, labelled in English with
//! office ids.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::signboard::BUNDLED_FONT;

/// What the chosen font can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Chinese labels and office names.
    Chinese,
    /// ASCII only: English labels, office ids.
    Latin,
}

/// The font the chart is drawn with (the first face of its file).
#[derive(Debug)]
pub struct ChartFont {
    pub data: &'static [u8],
    pub script: Script,
}

impl ChartFont {
    /// The subset built into the binary, whatever the machine has.
    pub fn bundled() -> ChartFont {
        ChartFont { data: BUNDLED_FONT, script: Script::Chinese }
    }
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

/// The chosen font, and where it came from (for the log).
static CHOSEN: OnceLock<Option<(ChartFont, String)>> = OnceLock::new();

/// The best font found (looked for once per process); `None` when there is no usable font at all,
/// and the digest goes out without its chart.
pub fn chart_font(configured: Option<&Path>) -> Option<&'static ChartFont> {
    CHOSEN
        .get_or_init(|| {
            let found = find(configured);
            match &found {
                Some((font, source)) => tracing::info!(font = %source, script = ?font.script, "digest chart font"),
                None => tracing::warn!("no font for the digest chart; digests go out as text only"),
            }
            found
        })
        .as_ref()
        .map(|(font, _)| font)
}

fn find(configured: Option<&Path>) -> Option<(ChartFont, String)> {
    let cjk = configured.into_iter().map(Path::to_path_buf).chain(CJK_FONTS.iter().map(PathBuf::from));
    for path in cjk {
        if let Some(font) = load(&path, true) {
            return Some((font, path.display().to_string()));
        }
    }
    if script_of(BUNDLED_FONT, true).is_some() {
        return Some((ChartFont::bundled(), "bundled Noto Sans CJK SC subset".into()));
    }
    LATIN_FONTS.iter().find_map(|p| load(Path::new(p), false).map(|font| (font, (*p).to_string())))
}

/// Loads a font file if it has the glyphs wanted.
fn load(path: &Path, want_chinese: bool) -> Option<ChartFont> {
    let bytes = std::fs::read(path).ok()?;
    let script = script_of(&bytes, want_chinese)?;
    // Kept for the life of the process: the font is chosen once.
    Some(ChartFont { data: Box::leak(bytes.into_boxed_slice()), script })
}

/// What a font can write: Chinese, or (when that is not required) Latin; `None` if neither, or if
/// the shaper cannot read it.
fn script_of(bytes: &[u8], want_chinese: bool) -> Option<Script> {
    let face = rustybuzz::Face::from_slice(bytes, 0)?;
    let has = |c: char| face.glyph_index(c).is_some();
    if has('欠') && has('办') {
        Some(Script::Chinese)
    } else if !want_chinese && has('A') {
        Some(Script::Latin)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_bundled_font_draws_chinese_chart_labels() {
        assert_eq!(script_of(BUNDLED_FONT, true), Some(Script::Chinese));
        let face = rustybuzz::Face::from_slice(BUNDLED_FONT, 0).expect("rustybuzz reads the bundled font");
        let labels = ["digest-chart-offices", "digest-chart-trend"].map(|id| crate::i18n::tr(Lang::ZhHans, id));
        for c in labels.concat().chars().filter(|c| !c.is_whitespace()) {
            let glyph = face.glyph_index(c).expect("a glyph for every character");
            assert!(face.glyph_bounding_box(glyph).is_some(), "no outline for {c:?} in the bundled font");
        }
    }
}
