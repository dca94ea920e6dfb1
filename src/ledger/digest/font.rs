//! The chart's font. plotters draws text with a font registered once per process; we look for one
//! with Chinese glyphs (the deployment's `digest.chart_font`, then the usual Debian packages), and
//! fall back to a Latin font, in which case the chart is labelled in English with office ids.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::Font as _;
use plotters::style::FontStyle;

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

static REGISTERED: OnceLock<Option<(Script, PathBuf)>> = OnceLock::new();

/// Registers the best font found (once per process) and says what it can write; `None` when there
/// is no usable font at all, and the digest goes out without its chart.
pub fn chart_font(configured: Option<&Path>) -> Option<Script> {
    REGISTERED
        .get_or_init(|| {
            let found = find(configured);
            match &found {
                Some((script, path)) => tracing::info!(font = %path.display(), ?script, "digest chart font"),
                None => tracing::warn!("no font for the digest chart; digests go out as text only"),
            }
            found
        })
        .as_ref()
        .map(|(script, _)| *script)
}

fn find(configured: Option<&Path>) -> Option<(Script, PathBuf)> {
    let cjk = configured.into_iter().map(Path::to_path_buf).chain(CJK_FONTS.iter().map(PathBuf::from));
    for path in cjk {
        if let Some(script) = register(&path, true) {
            return Some((script, path));
        }
    }
    LATIN_FONTS.iter().map(PathBuf::from).find_map(|p| register(&p, false).map(|s| (s, p)))
}

/// Loads a font file and registers it if it has the glyphs wanted (a Chinese character, or Latin).
fn register(path: &Path, want_chinese: bool) -> Option<Script> {
    let bytes = std::fs::read(path).ok()?;
    let script = {
        let font = ab_glyph::FontRef::try_from_slice(&bytes).ok()?;
        let has = |c: char| font.glyph_id(c).0 != 0;
        if has('欠') && has('办') {
            Script::Chinese
        } else if !want_chinese && has('A') {
            Script::Latin
        } else {
            return None;
        }
    };
    // plotters keeps registered fonts for the life of the process; this happens once.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font(FAMILY, FontStyle::Normal, bytes).ok()?;
    // Text styles left at plotters' default family still find a font.
    plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).ok()?;
    Some(script)
}
