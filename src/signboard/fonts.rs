//! The board's font: one family that covers Chinese, found among the system fonts or loaded from
//! `--font`, else the subset of Noto Sans CJK SC built into the binary, plus its advance widths, so
//! the layout measures text exactly as the renderer draws it.
//!
//! The same `fontdb` database is handed to usvg, and the face is chosen with the same query usvg
//! makes for `font-family`, so measuring and drawing use the very same glyphs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::usvg::fontdb::{self, Database, Family, Query, Weight};

use super::SignboardError;

/// Families that render Simplified Chinese well, best first; any other face with Chinese glyphs
/// is used when none of these is installed.
const PREFERRED: [&str; 8] = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
];

/// Noto Sans CJK SC Regular cut down to GB 2312 and every character of the repository's messages
/// and sample deployment (`assets/fonts/README.md`, 2.9 MB): what boards and the digest chart are
/// drawn with when the system has no Chinese font, so a bare container prints too. Regular only: a
/// bold face would double the binary's share, and bold is drawn with a stroke instead.
pub static BUNDLED_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-wagedesk-subset.otf");

/// Characters a face must have to count as covering Chinese (common words of the board).
const PROBE: &str = "维权信息告示牌工资支付建设单位劳动保障监察";

/// How much a stroke around each glyph widens it, per unit of font size, when the family has no
/// bold face of its own (WenQuanYi Micro Hei has only one weight).
pub(crate) const FAKE_BOLD_STROKE: f32 = 0.045;

/// The family chosen for the board, and what is needed to measure its text.
pub struct BoardFonts {
    db: Arc<Database>,
    family: String,
    regular: Face,
    /// A real bold face of the same family; `None` means bold is drawn with a stroke.
    bold: Option<Face>,
}

struct Face {
    data: Arc<[u8]>,
    index: u32,
}

impl BoardFonts {
    /// The system's fonts plus `extra` (a `--font` file, preferred when given); the bundled subset
    /// when neither gives a family with Chinese glyphs. The decision is made on the very database
    /// usvg draws with (fontdb reads fontconfig's font directories, else the usual ones itself).
    pub fn discover(extra: Option<&Path>) -> Result<BoardFonts, SignboardError> {
        let mut db = Database::new();
        db.load_system_fonts();
        let family = match extra {
            Some(path) => family_from_file(&mut db, path)?,
            None => match system_family(&db) {
                Some(family) => family,
                None => bundled_family(&mut db)?,
            },
        };
        BoardFonts::with_family(db, family)
    }

    /// The bundled subset alone, whatever the system has: what a bare container prints with.
    pub fn bundled() -> Result<BoardFonts, SignboardError> {
        let mut db = Database::new();
        let family = bundled_family(&mut db)?;
        BoardFonts::with_family(db, family)
    }

    fn with_family(db: Database, family: String) -> Result<BoardFonts, SignboardError> {
        let face = |weight: Weight| {
            let families = [Family::Name(&family)];
            let id = db.query(&Query { families: &families, weight, ..Query::default() })?;
            let real_weight = db.face(id)?.weight;
            let face = db.with_face_data(id, |data, index| Face { data: Arc::from(data), index })?;
            Some((face, real_weight))
        };
        let (regular, _) = face(Weight::NORMAL).ok_or(SignboardError::NoChineseFont)?;
        let bold = face(Weight::BOLD).filter(|(_, w)| w.0 >= 600).map(|(f, _)| f);
        Ok(BoardFonts { db: Arc::new(db), family, regular, bold })
    }

    /// The family name the SVG asks for.
    pub fn family(&self) -> &str {
        &self.family
    }

    pub fn has_real_bold(&self) -> bool {
        self.bold.is_some()
    }

    /// The font database usvg renders with.
    pub fn database(&self) -> Arc<Database> {
        Arc::clone(&self.db)
    }

    /// Width of `text` at `size` user units, as usvg lays it out (sum of advances; the board's
    /// texts have no kerning that would make them wider).
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = match (&self.bold, bold) {
            (Some(b), true) => b,
            _ => &self.regular,
        };
        let Ok(parsed) = ttf_parser::Face::parse(&face.data, face.index) else {
            return text.chars().count() as f32 * size;
        };
        let upem = f32::from(parsed.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| parsed.glyph_index(c).and_then(|g| parsed.glyph_hor_advance(g)).map_or(upem, f32::from))
            .sum();
        let stroke = if bold && self.bold.is_none() { FAKE_BOLD_STROKE * size } else { 0.0 };
        units / upem * size + stroke
    }

    /// Characters of `text` the regular face has no glyph for (they would print as boxes).
    pub fn missing_glyphs(&self, text: &str) -> Vec<char> {
        let Ok(parsed) = ttf_parser::Face::parse(&self.regular.data, self.regular.index) else {
            return text.chars().collect();
        };
        let mut seen = HashSet::new();
        text.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|c| parsed.glyph_index(*c).is_none())
            .filter(|c| seen.insert(*c))
            .collect()
    }
}

/// The best installed family with Chinese glyphs.
fn system_family(db: &Database) -> Option<String> {
    let rank = |name: &str| PREFERRED.iter().position(|p| *p == name).unwrap_or(PREFERRED.len());
    db.faces()
        .filter(|f| !f.monospaced && covers_chinese(db, f.id))
        .filter_map(|f| {
            let name = f.families.first()?.0.clone();
            let best_rank = f.families.iter().map(|(n, _)| rank(n)).min().unwrap_or(PREFERRED.len());
            Some(((best_rank, f.weight.0.abs_diff(400)), name))
        })
        .min()
        .map(|(_, name)| name)
}

/// Adds the bundled subset to `db` and returns its family.
fn bundled_family(db: &mut Database) -> Result<String, SignboardError> {
    let ids = db.load_font_source(fontdb::Source::Binary(Arc::new(BUNDLED_FONT)));
    ids.into_iter()
        .find(|id| covers_chinese(db, *id))
        .and_then(|id| db.face(id)?.families.first().map(|(name, _)| name.clone()))
        .ok_or(SignboardError::NoChineseFont)
}

/// Loads `path` and returns the family of its first face with Chinese glyphs.
fn family_from_file(db: &mut Database, path: &Path) -> Result<String, SignboardError> {
    let before: HashSet<fontdb::ID> = db.faces().map(|f| f.id).collect();
    db.load_font_file(path).map_err(|e| SignboardError::FontUnreadable(path.to_path_buf(), e.to_string()))?;
    let added: Vec<fontdb::ID> = db.faces().map(|f| f.id).filter(|id| !before.contains(id)).collect();
    if added.is_empty() {
        return Err(SignboardError::FontUnreadable(path.to_path_buf(), "no font face in the file".into()));
    }
    added
        .into_iter()
        .find(|id| covers_chinese(db, *id))
        .and_then(|id| db.face(id)?.families.first().map(|(name, _)| name.clone()))
        .ok_or_else(|| SignboardError::FontWithoutChinese(PathBuf::from(path)))
}

fn covers_chinese(db: &Database, id: fontdb::ID) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|face| PROBE.chars().all(|c| face.glyph_index(c).is_some()))
    })
    .unwrap_or(false)
}
