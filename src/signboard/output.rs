//! From SVG text to the file the operator prints: one usvg tree, rasterised by resvg for PNG and
//! converted by svg2pdf for PDF, so both show exactly what the SVG says.

use std::sync::Arc;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb::Database};

use super::SignboardError;

/// usvg's unit: CSS pixels, 96 per inch. `297mm` becomes 1122.5 of them.
const CSS_DPI: f32 = 96.0;

/// Parses the SVG and lays its text out with `fonts`.
pub fn tree(svg: &str, fonts: Arc<Database>) -> Result<usvg::Tree, SignboardError> {
    let options = usvg::Options { fontdb: fonts, ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &options).map_err(|e| SignboardError::Render(format!("SVG: {e}")))
}

/// A PNG at `dpi` dots per inch of the paper size.
pub fn png(tree: &usvg::Tree, dpi: f32) -> Result<Vec<u8>, SignboardError> {
    let scale = dpi / CSS_DPI;
    // Whole pixels covering the sheet (A3 at 100 dpi: 1169.3 × 1653.5 → 1170 × 1654).
    let (width, height) = ((tree.size().width() * scale).ceil(), (tree.size().height() * scale).ceil());
    let mut pixmap = Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| SignboardError::Render(format!("{dpi} dpi gives a {width}×{height} image")))?;
    resvg::render(tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| SignboardError::Render(format!("PNG: {e}")))
}

/// A one-page PDF of the paper size, with the text embedded (subset fonts), not outlined.
pub fn pdf(tree: &usvg::Tree) -> Result<Vec<u8>, SignboardError> {
    let page = svg2pdf::PageOptions { dpi: CSS_DPI };
    svg2pdf::to_pdf(tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|e| SignboardError::Render(format!("PDF: {e}")))
}
