//! The QR code of a signboard's deep link, drawn as SVG.
//!
//! Error correction Q (25 % of the code may be lost): boards hang outdoors on site fences, get
//! dusty, creased and splashed. The quiet zone is the standard four modules.

use qrcode::{Color, EcLevel, QrCode};

use super::SignboardError;

/// Modules of white margin around the code, as the standard requires.
pub const QUIET_ZONE: usize = 4;

/// The dark and light modules of a QR code, row by row.
#[derive(Debug, Clone)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    pub fn encode(text: &str) -> Result<QrMatrix, SignboardError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q)
            .map_err(|e| SignboardError::Qr(e.to_string()))?;
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Ok(QrMatrix { width: code.width(), dark })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// The code as SVG: a white square of `size` (quiet zone included) at (`x`, `y`) and the dark
    /// modules as one path with a rectangle per horizontal run. One path rather than a `<rect>` per
    /// module, because anti-aliasing draws faint seams between touching rectangles.
    pub fn svg(&self, x: f32, y: f32, size: f32) -> String {
        let module = size / self.width_with_quiet_zone() as f32;
        let origin_x = x + QUIET_ZONE as f32 * module;
        let origin_y = y + QUIET_ZONE as f32 * module;
        let mut d = String::new();
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if !self.is_dark(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.width && self.is_dark(col, row) {
                    col += 1;
                }
                let (rx, ry) = (origin_x + start as f32 * module, origin_y + row as f32 * module);
                let w = (col - start) as f32 * module;
                d.push_str(&format!("M{rx:.3} {ry:.3}h{w:.3}v{module:.3}h{:.3}z", -w));
            }
        }
        format!(
            r##"<g class="qr"><rect x="{x:.3}" y="{y:.3}" width="{size:.3}" height="{size:.3}" fill="#ffffff"/><path d="{d}" fill="#000000" shape-rendering="crispEdges"/></g>"##
        )
    }

    /// A standalone SVG of the code alone, `size_mm` millimetres wide.
    pub fn standalone_svg(&self, size_mm: f32) -> String {
        let n = self.width_with_quiet_zone();
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 {n} {n}">{}</svg>"#,
            self.svg(0.0, 0.0, n as f32)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signboard_link_fits_a_small_code_with_q_correction() {
        let link = format!("https://t.me/wagedesk_bot?start={}", "A".repeat(22));
        let m = QrMatrix::encode(&link).expect("encodes");
        assert!(m.width() <= 37, "version 5 or lower keeps the modules large: {}", m.width());
        assert_eq!(m.width_with_quiet_zone(), m.width() + 8);
    }

    #[test]
    fn every_dark_module_is_covered_by_exactly_one_run() {
        let m = QrMatrix::encode("https://t.me/wagedesk_bot?start=abc").expect("encodes");
        let svg = m.svg(0.0, 0.0, m.width_with_quiet_zone() as f32);
        let path = svg.split("d=\"").nth(1).and_then(|p| p.split('"').next()).expect("a path");
        let covered: usize = path
            .split('M')
            .filter(|s| !s.is_empty())
            .map(|run| {
                let w: f32 = run
                    .split('h')
                    .nth(1)
                    .and_then(|h| h.split('v').next())
                    .and_then(|v| v.parse().ok())
                    .expect("width");
                w.round() as usize
            })
            .sum();
        assert_eq!(covered, m.dark.iter().filter(|d| **d).count());
    }
}
