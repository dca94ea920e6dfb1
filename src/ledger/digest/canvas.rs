//! What the chart is drawn on: a tiny-skia pixmap with filled rectangles, lines and shaped text,
//! and axis ticks at round numbers. Every label drawn is kept (its shaped line and where it went),
//! so a test can check the text the picture shows.

use anyhow::anyhow;
use resvg::tiny_skia::{Color, ColorU8, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::shape::{Line, Shaper};

/// Where a label's anchor point is on the label: its left end, middle or right end (vertically the
/// anchor is always the middle of a digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Left,
    Center,
    Right,
}

/// A label as drawn: its line and the left end of its baseline.
#[derive(Debug, Clone)]
pub struct Placed {
    pub line: Line,
    pub x: f32,
    pub baseline: f32,
}

pub struct Canvas<'f> {
    pub pixmap: Pixmap,
    pub shaper: Shaper<'f>,
    pub labels: Vec<Placed>,
}

/// An opaque colour from its 8-bit channels.
pub const fn rgb(r: u8, g: u8, b: u8) -> ColorU8 {
    ColorU8::from_rgba(r, g, b, 255)
}

pub fn paint(color: ColorU8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(color.red(), color.green(), color.blue(), color.alpha());
    paint.anti_alias = true;
    paint
}

impl<'f> Canvas<'f> {
    /// A white canvas of `width` × `height` pixels.
    pub fn new(width: u32, height: u32, shaper: Shaper<'f>) -> anyhow::Result<Canvas<'f>> {
        let mut pixmap = Pixmap::new(width, height).ok_or_else(|| anyhow!("a {width}×{height} chart"))?;
        pixmap.fill(Color::WHITE);
        Ok(Canvas { pixmap, shaper, labels: Vec::new() })
    }

    /// How wide `text` is at `size`.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        self.shaper.shape(text, size).width
    }

    /// Draws `text` with its `anchor` at `x` and the middle of its digits at `y`; returns its width.
    pub fn text(&mut self, text: &str, size: f32, (x, y): (f32, f32), anchor: Anchor, color: ColorU8) -> f32 {
        let line = self.shaper.shape(text, size);
        let left = match anchor {
            Anchor::Left => x,
            Anchor::Center => x - line.width / 2.0,
            Anchor::Right => x - line.width,
        };
        // Whole pixels for the baseline keep digits' horizontal strokes sharp.
        let baseline = (y + self.shaper.middle(size)).round();
        self.shaper.draw(&mut self.pixmap, &line, left, baseline, color);
        let width = line.width;
        self.labels.push(Placed { line, x: left, baseline });
        width
    }

    /// A filled rectangle between two corners (in any order), its edges on whole pixels: sharp, and
    /// tiny-skia's anti-aliasing trips over rectangles thinner than a pixel.
    pub fn rect(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), color: ColorU8) {
        let (x0, y0, x1, y1) = (x0.round(), y0.round(), x1.round(), y1.round());
        if let Some(rect) = Rect::from_ltrb(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)) {
            self.pixmap.fill_rect(rect, &paint(color), Transform::identity(), None);
        }
    }

    /// A line through `points`, `width` pixels wide.
    pub fn line(&mut self, points: &[(f32, f32)], width: f32, color: ColorU8) {
        let mut path = PathBuilder::new();
        for (i, (x, y)) in points.iter().enumerate() {
            if i == 0 { path.move_to(*x, *y) } else { path.line_to(*x, *y) }
        }
        let Some(path) = path.finish() else { return };
        let stroke = Stroke { width, line_cap: LineCap::Butt, line_join: LineJoin::Round, ..Stroke::default() };
        self.pixmap.stroke_path(&path, &paint(color), &stroke, Transform::identity(), None);
    }

    /// A one-pixel rule, horizontal or vertical.
    pub fn rule(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), color: ColorU8) {
        if (y0 - y1).abs() < 0.5 {
            self.rect((x0, y0.floor()), (x1, y0.floor() + 1.0), color);
        } else {
            self.rect((x0.floor(), y0), (x0.floor() + 1.0, y1), color);
        }
    }

    pub fn png(&self) -> anyhow::Result<Vec<u8>> {
        self.pixmap.encode_png().map_err(|e| anyhow!("encoding the digest chart: {e}"))
    }
}

/// Ticks from 0 to at least `max`, at whole steps of 1, 2 or 5 times a power of ten, at most
/// `most` steps: counts of cases are whole, so no tick falls between two of them.
pub fn ticks(max: i64, most: u64) -> Vec<i64> {
    let max = u64::try_from(max).unwrap_or(0).max(1);
    let mut step = 1;
    for magnitude in std::iter::successors(Some(1u64), |m| m.checked_mul(10)) {
        if let Some(found) = [1, 2, 5].iter().map(|k| k * magnitude).find(|s| max.div_ceil(*s) <= most) {
            step = found;
            break;
        }
    }
    let steps = max.div_ceil(step);
    (0..=steps).map(|i| i64::try_from(i * step).unwrap_or(i64::MAX)).collect()
}

/// A linear map from values to pixels.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub from: (f32, f32),
    pub to: (f32, f32),
}

impl Scale {
    pub fn at(&self, value: f32) -> f32 {
        let span = self.from.1 - self.from.0;
        let t = if span == 0.0 { 0.0 } else { (value - self.from.0) / span };
        self.to.0 + t * (self.to.1 - self.to.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn ticks_are_whole_round_steps_that_reach_the_largest_value() {
        assert_eq!(ticks(0, 6), [0, 1]);
        assert_eq!(ticks(3, 6), [0, 1, 2, 3]);
        assert_eq!(ticks(11, 6), [0, 2, 4, 6, 8, 10, 12]);
        assert_eq!(ticks(215_001, 6), [0, 50_000, 100_000, 150_000, 200_000, 250_000]);
    }
}
