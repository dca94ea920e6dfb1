//! The chart's text: each label shaped by rustybuzz (the shaper usvg uses for the signboards), so
//! glyphs stand at the font's own advances, kerning and offsets, and their outlines filled into the
//! chart's pixmap by tiny-skia. plotters, which drew the chart's text before, put each glyph's ink
//! at its pen position and lost the left side bearing: a "1" (narrow ink in a digit-wide advance)
//! was followed by a gap ("21 5001").

use resvg::tiny_skia::{ColorU8, FillRule, PathBuilder, Pixmap, Transform};
use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

/// A face ready to shape and draw.
pub struct Shaper<'f> {
    face: rustybuzz::Face<'f>,
}

/// One glyph where the shaper put it, in pixels from its line's origin (the left end of the baseline;
/// y grows downwards, as in the picture).
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub id: GlyphId,
    pub x: f32,
    pub y: f32,
    pub advance: f32,
    /// The byte offset in the text of the character it draws.
    pub cluster: usize,
}

/// A shaped line of text at one size.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
    /// The sum of the advances: where the next text would start.
    pub width: f32,
}

impl<'f> Shaper<'f> {
    /// `None` when the bytes are not a font rustybuzz reads.
    pub fn new(data: &'f [u8], index: u32) -> Option<Shaper<'f>> {
        rustybuzz::Face::from_slice(data, index).map(|face| Shaper { face })
    }

    fn scale(&self, size: f32) -> f32 {
        size / self.face.units_per_em() as f32
    }

    /// `text` laid out on one line at `size` pixels per em.
    pub fn shape(&self, text: &str, size: f32) -> Line {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let scale = self.scale(size);
        let mut pen = 0.0;
        let mut glyphs = Vec::with_capacity(shaped.len());
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            glyphs.push(Glyph {
                id: GlyphId(u16::try_from(info.glyph_id).unwrap_or(0)),
                x: pen + pos.x_offset as f32 * scale,
                y: -(pos.y_offset as f32) * scale,
                advance: pos.x_advance as f32 * scale,
                cluster: info.cluster as usize,
            });
            pen += pos.x_advance as f32 * scale;
        }
        Line { text: text.to_owned(), size, glyphs, width: pen }
    }

    /// How far above the baseline the middle of a capital or a digit is: a label whose baseline is
    /// this far below a point looks centred on it (Chinese characters too, near enough).
    pub fn middle(&self, size: f32) -> f32 {
        let cap = self
            .face
            .capital_height()
            .filter(|h| *h > 0)
            .map_or_else(|| f32::from(self.face.ascender()) * 0.8, f32::from);
        cap * self.scale(size) / 2.0
    }

    /// The horizontal extent of a glyph's ink in pixels from its line's origin, if it has any.
    pub fn ink(&self, line: &Line, glyph: &Glyph) -> Option<(f32, f32)> {
        let bbox = self.face.glyph_bounding_box(glyph.id)?;
        let scale = self.scale(line.size);
        Some((glyph.x + f32::from(bbox.x_min) * scale, glyph.x + f32::from(bbox.x_max) * scale))
    }

    /// Fills the line's glyphs with their left end of the baseline at (`x`, `baseline`).
    pub fn draw(&self, pixmap: &mut Pixmap, line: &Line, x: f32, baseline: f32, color: ColorU8) {
        let mut outline = Outline { path: PathBuilder::new(), scale: self.scale(line.size), dx: 0.0, dy: 0.0 };
        for glyph in &line.glyphs {
            (outline.dx, outline.dy) = (x + glyph.x, baseline + glyph.y);
            self.face.outline_glyph(glyph.id, &mut outline);
        }
        let Some(path) = outline.path.finish() else { return };
        let paint = super::canvas::paint(color);
        // CFF outlines (the bundled Noto subset) are drawn with the non-zero rule.
        pixmap.fill_path(&path, &paint, FillRule::Winding, Transform::identity(), None);
    }
}

/// Font units to pixels, with y turned downwards, into one path for the whole line.
struct Outline {
    path: PathBuilder,
    scale: f32,
    dx: f32,
    dy: f32,
}

impl Outline {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.dx + x * self.scale, self.dy - y * self.scale)
    }
}

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let ((x1, y1), (x, y)) = (self.at(x1, y1), self.at(x, y));
        self.path.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let ((x1, y1), (x2, y2), (x, y)) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.path.close();
    }
}
