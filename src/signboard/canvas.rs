//! A minimal SVG writer for the board: rectangles, lines and single-line texts, each text
//! measured with the board's font and remembered with the horizontal room it was given, so tests
//! can check that nothing the renderer draws leaves its box.

use std::fmt::Write;

use super::fonts::{BoardFonts, FAKE_BOLD_STROKE};

/// How a text line is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub color: &'static str,
    pub anchor: Anchor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// The horizontal room a text element was laid out in (user units).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub id: String,
    pub left: f32,
    pub right: f32,
}

pub struct Canvas<'f> {
    pub fonts: &'f BoardFonts,
    body: String,
    pub slots: Vec<Slot>,
    /// Every text drawn, one per line: what the font must cover.
    pub drawn: String,
}

impl<'f> Canvas<'f> {
    pub fn new(fonts: &'f BoardFonts) -> Canvas<'f> {
        Canvas { fonts, body: String::new(), slots: Vec::new(), drawn: String::new() }
    }

    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.fonts.width(text, size, bold)
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, stroke: Option<(&str, f32)>) {
        let stroke = stroke.map(|(c, w)| format!(r#" stroke="{c}" stroke-width="{w}""#)).unwrap_or_default();
        let _ =
            write!(self.body, r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{fill}"{stroke}/>"#);
        self.body.push('\n');
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: &str, width: f32) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="{color}" stroke-width="{width}"/>"#
        );
        self.body.push('\n');
    }

    pub fn raw(&mut self, svg: &str) {
        self.body.push_str(svg);
        self.body.push('\n');
    }

    /// One line of text with its baseline at `y`; `left..right` is the room it must stay in
    /// (the anchor point is derived from it).
    pub fn text(&mut self, left: f32, right: f32, y: f32, text: &str, style: Style) {
        let id = format!("t{}", self.slots.len());
        let x = match style.anchor {
            Anchor::Start => left,
            Anchor::Middle => (left + right) / 2.0,
            Anchor::End => right,
        };
        let anchor = match style.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = match (style.bold, self.fonts.has_real_bold()) {
            (false, _) => String::new(),
            (true, true) => r#" font-weight="bold""#.to_string(),
            // One weight only: embolden with an outline of the same colour.
            (true, false) => format!(
                r#" stroke="{}" stroke-width="{:.3}" stroke-linejoin="round""#,
                style.color,
                FAKE_BOLD_STROKE * style.size
            ),
        };
        let _ = write!(
            self.body,
            r#"<text id="{id}" x="{x:.2}" y="{y:.2}" font-size="{:.2}" fill="{}" text-anchor="{anchor}"{weight}>{}</text>"#,
            style.size,
            style.color,
            escape(text)
        );
        self.body.push('\n');
        self.slots.push(Slot { id, left, right });
        self.drawn.push_str(text);
        self.drawn.push('\n');
    }

    /// The finished document, `width`×`height` user units (millimetres on A3) drawn on paper of
    /// `paper_mm`.
    pub fn finish(self, width: f32, height: f32, paper_mm: (f32, f32)) -> String {
        let family = escape(&format!("'{}', sans-serif", self.fonts.family()));
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{}mm" height="{}mm" viewBox="0 0 {width} {height}" font-family="{family}">
<rect width="{width}" height="{height}" fill="#ffffff"/>
{}</svg>
"##,
            paper_mm.0, paper_mm.1, self.body
        )
    }
}

/// XML text escaping for element content and attribute values (shared with the web pages).
use crate::markup::escape;
