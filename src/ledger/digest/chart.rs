//! The digest's chart as a PNG: open and overdue cases per office (horizontal bars, most open
//! first), then the last 30 days ([`super::trend`]). Drawn with tiny-skia, every label shaped by
//! rustybuzz ([`super::shape`]); every figure with thousands separators. Labels are Chinese when a
//! Chinese font was found, else English with office ids.

use anyhow::anyhow;
use resvg::tiny_skia::ColorU8;

use super::canvas::{Anchor, Canvas, Scale, rgb, ticks};
use super::data::{DigestData, OfficeLine};
use super::figure;
use super::font::{ChartFont, Script};
use super::shape::Shaper;
use super::trend;
use crate::deployment::Deployment;
use crate::i18n::{self, Lang};
use crate::notify::office_name;

pub const WIDTH: u32 = 1200;
/// Space left and right of everything.
pub const MARGIN: f32 = 30.0;
/// Offices shown; the ledger export has all of them.
const MAX_OFFICES: usize = 12;
/// Each office's row: its open bar above its overdue bar.
const ROW: f32 = 60.0;
const BAR: f32 = 22.0;

pub const TITLE: f32 = 24.0;
pub const LABEL: f32 = 16.0;
pub const TICK: f32 = 14.0;

pub const INK: ColorU8 = rgb(33, 33, 33);
pub const MUTED: ColorU8 = rgb(97, 97, 97);
pub const GRID: ColorU8 = rgb(224, 224, 224);
pub const OPEN: ColorU8 = rgb(52, 101, 164);
const OVERDUE: ColorU8 = rgb(204, 0, 0);
pub const NEW: ColorU8 = rgb(78, 154, 6);
pub const FINISHED: ColorU8 = rgb(230, 110, 0);

/// The chart as PNG bytes.
pub fn render(d: &Deployment, data: &DigestData, font: &ChartFont) -> anyhow::Result<Vec<u8>> {
    draw(d, data, font)?.png()
}

/// The chart on its canvas, with the labels it drew.
pub fn draw<'f>(d: &Deployment, data: &DigestData, font: &'f ChartFont) -> anyhow::Result<Canvas<'f>> {
    let lang = if font.script == Script::Chinese { Lang::ZhHans } else { Lang::En };
    let shaper = Shaper::new(font.data, 0).ok_or_else(|| anyhow!("the chart font does not parse"))?;
    let mut lines: Vec<_> = data.offices.iter().filter(|o| o.open > 0 || o.overdue > 0).collect();
    lines.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.office.cmp(&b.office)));
    lines.truncate(MAX_OFFICES);
    let offices_height = offices_height(lines.len());
    let mut canvas = Canvas::new(WIDTH, (offices_height + trend::HEIGHT) as u32, shaper)?;
    let names: Vec<String> = lines
        .iter()
        .map(|o| if font.script == Script::Chinese { office_name(d, lang, &o.office) } else { o.office.to_string() })
        .collect();
    offices(&mut canvas, &lines, &names, lang);
    trend::draw(&mut canvas, &data.trend, lang, offices_height);
    Ok(canvas)
}

/// Where the bars start, below the title and the legend.
const PLOT_TOP: f32 = 96.0;

fn offices_height(rows: usize) -> f32 {
    PLOT_TOP + ROW * rows.max(1) as f32 + 76.0
}

fn offices(canvas: &mut Canvas<'_>, lines: &[&OfficeLine], names: &[String], lang: Lang) {
    let center = WIDTH as f32 / 2.0;
    canvas.text(&i18n::tr(lang, "digest-chart-offices"), TITLE, (center, 32.0), Anchor::Center, INK);
    let legend = [(OPEN, i18n::tr(lang, "digest-chart-open")), (OVERDUE, i18n::tr(lang, "digest-chart-overdue"))];
    swatches(canvas, &legend, (center, 66.0), Swatch::Square);

    // The office names right-aligned left of the bars, under their column's heading.
    let heading = i18n::tr(lang, "digest-chart-axis-office");
    let widest_name = names.iter().chain([&heading]).map(|n| canvas.measure(n, LABEL)).fold(0.0, f32::max);
    let left = MARGIN + widest_name + 14.0;
    let most = lines.iter().map(|o| o.open.max(o.overdue)).max().unwrap_or(0);
    let steps = ticks(most, 8);
    let top_tick = *steps.last().unwrap_or(&1);
    let widest_value = canvas.measure(&figure(most), TICK);
    let x = Scale { from: (0.0, top_tick as f32), to: (left, WIDTH as f32 - MARGIN - widest_value - 8.0) };
    let bottom = PLOT_TOP + ROW * lines.len().max(1) as f32;
    canvas.text(&heading, TICK, (left - 14.0, PLOT_TOP - 12.0), Anchor::Right, MUTED);

    for step in &steps {
        let at = x.at(*step as f32);
        canvas.rule((at, PLOT_TOP), (at, bottom), GRID);
        canvas.text(&figure(*step), TICK, (at, bottom + 16.0), Anchor::Center, INK);
    }
    for (i, (o, name)) in lines.iter().zip(names).enumerate() {
        let row = PLOT_TOP + ROW * i as f32;
        canvas.text(name, LABEL, (left - 14.0, row + ROW / 2.0), Anchor::Right, INK);
        for (value, color, y) in [(o.open, OPEN, row + 7.0), (o.overdue, OVERDUE, row + 9.0 + BAR)] {
            // One case is still a bar a pixel wide.
            let end = if value > 0 { x.at(value as f32).max(left + 1.0) } else { left };
            canvas.rect((left, y), (end, y + BAR), color);
            canvas.text(&figure(value), TICK, (end + 6.0, y + BAR / 2.0), Anchor::Left, INK);
        }
    }
    canvas.rule((left, PLOT_TOP), (left, bottom), MUTED);
    canvas.rule((left, bottom), (x.to.1, bottom), MUTED);
    let axis = i18n::tr(lang, "digest-chart-axis-cases");
    canvas.text(&axis, LABEL, ((left + x.to.1) / 2.0, bottom + 46.0), Anchor::Center, INK);
}

/// How a legend marks its series: a filled square for bars, a short thick line for lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    Square,
    Line,
}

/// A legend on one line, its items side by side; `anchor` is its middle (`Swatch::Square`) or its
/// left end (`Swatch::Line`, written after an axis title). Returns where it ends.
pub fn swatches(canvas: &mut Canvas<'_>, items: &[(ColorU8, String)], (x, y): (f32, f32), kind: Swatch) -> f32 {
    const MARK: f32 = 16.0;
    const GAP: f32 = 6.0;
    const BETWEEN: f32 = 24.0;
    let widths: Vec<f32> = items.iter().map(|(_, label)| canvas.measure(label, LABEL)).collect();
    let total = widths.iter().map(|w| MARK + GAP + w).sum::<f32>() + BETWEEN * (items.len().saturating_sub(1)) as f32;
    let mut at = if kind == Swatch::Square { x - total / 2.0 } else { x };
    for ((color, label), width) in items.iter().zip(widths) {
        match kind {
            Swatch::Square => canvas.rect((at, y - MARK / 2.0 + 1.0), (at + MARK, y + MARK / 2.0 + 1.0), *color),
            Swatch::Line => canvas.line(&[(at, y), (at + MARK, y)], 3.0, *color),
        }
        canvas.text(label, LABEL, (at + MARK + GAP, y), Anchor::Left, INK);
        at += MARK + GAP + width + BETWEEN;
    }
    at - BETWEEN
}
