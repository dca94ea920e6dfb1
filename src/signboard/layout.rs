//! The board's composition, in millimetres of an A3 sheet (A4 is the same drawing scaled, both
//! being 1:√2): a red title band, the project name, the parties table, the pay boxes, the phone
//! lines and the QR block, top to bottom.
//!
//! Every text is wrapped to its box with the font's real widths; when the whole does not fit the
//! sheet, the variable texts shrink together (down to 70 %); when it is short, the spare height
//! widens the gaps between sections (up to three times) so the board fills the sheet.

use super::canvas::{Anchor, Canvas, Slot, Style};
use super::content::Board;
use super::fonts::BoardFonts;
use super::qr::QrMatrix;
use super::wrap::{Fitted, fit};
use super::{BOARD_LANG, Paper, SignboardError};
use crate::i18n::{Arg, tr, tr_args};

pub const WIDTH: f32 = 297.0;
pub const HEIGHT: f32 = 420.0;
const MARGIN: f32 = 12.0;
const CONTENT: f32 = WIDTH - 2.0 * MARGIN;
const FOOTER: f32 = 8.0;
const QR_SIZE: f32 = 92.0;
const GAP: f32 = 4.0;
/// Sections separated by gaps: name, parties, pay, phones, QR.
const GAPS: f32 = 5.0;
const SMALLEST_SCALE: f32 = 0.7;

const RED: &str = "#b3121f";
const INK: &str = "#1b1b1b";
const MUTED: &str = "#555555";
const RULE: &str = "#c9c9c9";
const PANEL: &str = "#fcf1f1";

/// A laid-out board: the SVG and the room each text was given.
pub struct Layout {
    pub svg: String,
    pub slots: Vec<Slot>,
    /// Every text on the board, one per line.
    pub text: String,
}

/// Lays the board out on `paper`, shrinking its variable texts until everything fits.
pub fn layout(board: &Board, fonts: &BoardFonts, paper: Paper) -> Result<Layout, SignboardError> {
    let qr = QrMatrix::encode(board.qr_link())?;
    let available = HEIGHT - 2.0 * MARGIN - FOOTER;
    let mut scale = 1.0;
    loop {
        let (_, used) = compose(board, fonts, &qr, scale, GAP);
        if used <= available {
            let gap = GAP + (available - used) / GAPS;
            let (canvas, _) = compose(board, fonts, &qr, scale, gap.min(GAP * 3.0));
            let (slots, text) = (canvas.slots.clone(), canvas.drawn.clone());
            return Ok(Layout { svg: canvas.finish(WIDTH, HEIGHT, paper.millimetres()), slots, text });
        }
        if scale <= SMALLEST_SCALE {
            return Err(SignboardError::DoesNotFit(board.project_id.clone()));
        }
        scale = (scale - 0.02_f32).max(SMALLEST_SCALE);
    }
}

fn style(size: f32, bold: bool, color: &'static str, anchor: Anchor) -> Style {
    Style { size, bold, color, anchor }
}

/// Draws everything from the top; returns the canvas and the height used above the footer.
fn compose<'f>(board: &Board, fonts: &'f BoardFonts, qr: &QrMatrix, scale: f32, gap: f32) -> (Canvas<'f>, f32) {
    let mut c = Canvas::new(fonts);
    let mut y = header(&mut c, MARGIN);
    y = project_name(&mut c, board, y + gap, scale);
    y = parties(&mut c, board, y + gap, scale);
    y = pay(&mut c, board, y + gap);
    y = phones(&mut c, board, y + gap, scale);
    y = scan_block(&mut c, board, qr, y + gap);
    footer(&mut c, board);
    (c, y - MARGIN)
}

/// Draws already fitted lines from the top `y`; returns the y below the last line.
fn paragraph(c: &mut Canvas<'_>, left: f32, width: f32, y: f32, fitted: &Fitted, st: Style) -> f32 {
    let leading = fitted.size * 1.28;
    let mut baseline = y + fitted.size * 0.88;
    for line in &fitted.lines {
        c.text(left, left + width, baseline, line, Style { size: fitted.size, ..st });
        baseline += leading;
    }
    y + leading * fitted.lines.len() as f32 - (leading - fitted.size)
}

fn fitted(c: &Canvas<'_>, text: &str, width: f32, max: f32, min: f32, lines: usize, bold: bool) -> Fitted {
    fit(text, width, max, min, lines, &|t: &str, s: f32| c.width(t, s, bold))
}

/// The size at which `text` fills at most `width` on one line, never above `max` (widths scale
/// linearly with the size, so this always fits).
fn one_line(c: &Canvas<'_>, text: &str, width: f32, max: f32, bold: bool) -> f32 {
    let at_one = c.width(text, 1.0, bold);
    if at_one <= 0.0 { max } else { max.min(width / at_one * 0.999) }
}

/// One line at `st.size` or smaller, from top `y`; returns the y below it.
fn single(c: &mut Canvas<'_>, left: f32, width: f32, y: f32, text: &str, st: Style) -> f32 {
    let size = one_line(c, text, width, st.size, st.bold);
    paragraph(c, left, width, y, &Fitted { size, lines: vec![text.to_string()] }, Style { size, ..st })
}

fn header(c: &mut Canvas<'_>, top: f32) -> f32 {
    let band = 30.0;
    c.rect(MARGIN, top, CONTENT, band, RED, None);
    let title = tr(BOARD_LANG, "signboard-title");
    let size = one_line(c, &title, CONTENT - 20.0, 17.0, true);
    let baseline = top + band / 2.0 + size * 0.36;
    c.text(MARGIN + 10.0, MARGIN + CONTENT - 10.0, baseline, &title, style(size, true, "#ffffff", Anchor::Middle));
    let basis = tr(BOARD_LANG, "signboard-legal-basis");
    let size = one_line(c, &basis, CONTENT, 5.0, false);
    c.text(MARGIN, MARGIN + CONTENT, top + band + 7.5, &basis, style(size, false, MUTED, Anchor::Middle));
    top + band + 9.0
}

fn project_name(c: &mut Canvas<'_>, board: &Board, top: f32, scale: f32) -> f32 {
    let label = tr(BOARD_LANG, "signboard-project-name");
    c.text(MARGIN, MARGIN + CONTENT, top + 5.0, &label, style(5.5, true, RED, Anchor::Start));
    let name = fitted(c, &board.project_name, CONTENT, 11.0 * scale, 7.0 * scale, 2, true);
    let bottom = paragraph(c, MARGIN, CONTENT, top + 8.0, &name, style(name.size, true, INK, Anchor::Start));
    c.line(MARGIN, bottom + 3.0, MARGIN + CONTENT, bottom + 3.0, RED, 0.8);
    bottom + 3.0
}

fn section_heading(c: &mut Canvas<'_>, top: f32, id: &str) -> f32 {
    let text = tr(BOARD_LANG, id);
    c.rect(MARGIN, top + 0.8, 1.6, 6.4, RED, None);
    c.text(MARGIN + 4.0, MARGIN + CONTENT, top + 6.3, &text, style(6.5, true, RED, Anchor::Start));
    top + 9.5
}

fn parties(c: &mut Canvas<'_>, board: &Board, top: f32, scale: f32) -> f32 {
    let label_w = 50.0;
    let value_x = MARGIN + label_w;
    let value_w = CONTENT - label_w - 2.0;
    let pad = 2.0;
    let mut y = section_heading(c, top, "signboard-section-parties");
    c.line(MARGIN, y, MARGIN + CONTENT, y, RULE, 0.3);
    for entry in &board.parties {
        // One size for the whole cell, the smallest any of its values needs.
        let size = entry
            .values
            .iter()
            .map(|v| fitted(c, v, value_w, 6.0 * scale, 4.2 * scale, 2, false).size)
            .fold(6.0 * scale, f32::min);
        let label = one_line(c, &entry.label, label_w - 4.0, 5.5, true);
        let baseline = y + pad + size * 0.88;
        c.text(MARGIN + 1.0, value_x - 3.0, baseline, &entry.label, style(label, true, MUTED, Anchor::Start));
        let mut bottom = y + pad;
        for value in &entry.values {
            let lines = fitted(c, value, value_w, size, size, 1, false);
            bottom =
                paragraph(c, value_x, value_w, bottom, &lines, style(size, false, INK, Anchor::Start)) + size * 0.28;
        }
        y = bottom - size * 0.28 + pad + 1.0;
        c.line(MARGIN, y, MARGIN + CONTENT, y, RULE, 0.3);
    }
    y
}

fn pay(c: &mut Canvas<'_>, board: &Board, top: f32) -> f32 {
    let height = 25.0;
    let box_w = (CONTENT - 6.0) / 2.0;
    let boxes = [
        ("signboard-minimum-wage", &board.minimum_wage, MARGIN),
        ("signboard-pay-day", &board.pay_day, MARGIN + box_w + 6.0),
    ];
    for (label_id, value, x) in boxes {
        c.rect(x, top, box_w, height, PANEL, Some((RED, 0.5)));
        let label = tr(BOARD_LANG, label_id);
        c.text(x + 4.0, x + box_w - 4.0, top + 8.0, &label, style(5.5, true, MUTED, Anchor::Middle));
        let size = one_line(c, value, box_w - 8.0, 11.0, true);
        c.text(x + 4.0, x + box_w - 4.0, top + 20.0, value, style(size, true, RED, Anchor::Middle));
    }
    top + height
}

fn phones(c: &mut Canvas<'_>, board: &Board, top: f32, scale: f32) -> f32 {
    let label_w = 38.0;
    let number_size = 7.5;
    let widest = board.phones.iter().map(|p| c.width(&p.number, number_size, true)).fold(0.0, f32::max);
    let number_w = (widest + 4.0).min(CONTENT * 0.42);
    let office_x = MARGIN + label_w;
    let office_w = CONTENT - label_w - number_w - 4.0;
    let mut y = section_heading(c, top, "signboard-section-phones");
    c.line(MARGIN, y, MARGIN + CONTENT, y, RULE, 0.3);
    for phone in &board.phones {
        let number = one_line(c, &phone.number, number_w, number_size, true);
        let office = fitted(c, &phone.office, office_w, 5.5 * scale, 4.0 * scale, 2, false);
        let row = (office.size * 1.28 * office.lines.len() as f32).max(number * 1.1) + 3.6;
        let baseline = y + 1.8 + number * 0.88;
        let label = one_line(c, &phone.label, label_w - 3.0, 5.5, true);
        c.text(MARGIN + 1.0, office_x - 2.0, baseline, &phone.label, style(label, true, INK, Anchor::Start));
        let office_top = y + 1.8 + (number - office.size) * 0.88;
        paragraph(c, office_x, office_w, office_top, &office, style(office.size, false, MUTED, Anchor::Start));
        let right = MARGIN + CONTENT - 1.0;
        c.text(right - number_w, right, baseline, &phone.number, style(number, true, RED, Anchor::End));
        y += row;
        c.line(MARGIN, y, MARGIN + CONTENT, y, RULE, 0.3);
    }
    y
}

fn scan_block(c: &mut Canvas<'_>, board: &Board, qr: &QrMatrix, top: f32) -> f32 {
    let pad = 5.0;
    let text_x = MARGIN + pad + QR_SIZE + 8.0;
    let text_w = MARGIN + CONTENT - pad - text_x;
    c.raw(&qr.svg(MARGIN + pad, top + pad, QR_SIZE));
    let t = |id: &str| tr(BOARD_LANG, id);
    let mut y = top + pad + 2.0;
    y = single(c, text_x, text_w, y, &t("signboard-scan-title"), style(12.0, true, RED, Anchor::Start)) + 5.0;
    // Under the QR code with the web channel on: most workers scan with WeChat, whose browser opens
    // the web page (not t.me); the address is printed for those who type it.
    let mut under_qr = top + pad + QR_SIZE;
    if let Some(web) = &board.web_link {
        let (qr_x, qr_w) = (MARGIN + pad, QR_SIZE);
        let scan = t("signboard-scan-web");
        let size = one_line(c, &scan, qr_w, 5.6, true);
        under_qr = single(c, qr_x, qr_w, under_qr + 2.0, &scan, style(size, true, INK, Anchor::Middle)) + 1.5;
        let size = one_line(c, web, qr_w, 4.6, true);
        under_qr = single(c, qr_x, qr_w, under_qr, web, style(size, true, RED, Anchor::Middle));
        for id in ["signboard-scan-step-1", "signboard-scan-web-step-2", "signboard-scan-step-3"] {
            let step = fitted(c, &t(id), text_w, 5.6, 4.0, 2, false);
            y = paragraph(c, text_x, text_w, y, &step, style(step.size, false, INK, Anchor::Start)) + 3.2;
        }
    } else {
        for id in ["signboard-scan-step-1", "signboard-scan-step-2", "signboard-scan-step-3"] {
            let step = fitted(c, &t(id), text_w, 5.6, 4.0, 2, false);
            y = paragraph(c, text_x, text_w, y, &step, style(step.size, false, INK, Anchor::Start)) + 3.2;
        }
    }
    y = single(c, text_x, text_w, y, &t("signboard-confidential"), style(4.6, false, MUTED, Anchor::Start)) + 5.0;
    c.line(text_x, y - 2.5, text_x + text_w, y - 2.5, RULE, 0.3);
    y = single(c, text_x, text_w, y, &t("signboard-hotline-lead"), style(5.2, true, INK, Anchor::Start)) + 2.5;
    y = single(c, text_x, text_w, y, &board.hotline, style(11.0, true, RED, Anchor::Start));
    let bottom = (under_qr + pad).max(y + pad);
    c.rect(MARGIN, top, CONTENT, bottom - top, "none", Some((RED, 0.8)));
    bottom
}

fn footer(c: &mut Canvas<'_>, board: &Board) {
    let args = [
        ("project", Arg::from(&*board.project_id)),
        ("code", Arg::from(&*board.code)),
        ("date", Arg::from(board.code_issued.format("%Y-%m-%d").to_string())),
    ];
    let text = tr_args(BOARD_LANG, "signboard-footer", &args);
    let size = one_line(c, &text, CONTENT, 3.6, false);
    c.text(MARGIN, MARGIN + CONTENT, HEIGHT - MARGIN - 1.0, &text, style(size, false, MUTED, Anchor::Middle));
}
