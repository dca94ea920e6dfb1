//! The chart's last 30 days, as two panels on one date axis, one y-axis each: cases open at the end
//! of each day (hundreds, slowly moving) above, new and finished cases per day (a handful to tens)
//! below. One panel with an axis on each side left the reader guessing which line was read on which
//! axis; two panels have nothing to guess, and each axis title names its lines.

use super::canvas::{Anchor, Canvas, Scale, ticks};
use super::chart::{FINISHED, GRID, INK, LABEL, MARGIN, MUTED, NEW, OPEN, Swatch, TICK, TITLE, WIDTH, swatches};
use super::data::Trend;
use super::figure;
use crate::i18n::{self, Lang};

/// Each panel's plot, in pixels.
const PANEL: f32 = 190.0;
/// From the top of the trend to the first plot: its title, then the first axis title.
const FIRST: f32 = 96.0;
/// From the bottom of the first plot to the top of the second: dates, then the second axis title.
const BETWEEN: f32 = 84.0;
/// The trend's height: its title, two panels with their dates, the date axis's title.
pub const HEIGHT: f32 = FIRST + PANEL + BETWEEN + PANEL + 76.0;

pub fn draw(canvas: &mut Canvas<'_>, t: &Trend, lang: Lang, top: f32) {
    canvas.text(&i18n::tr(lang, "digest-chart-trend"), TITLE, (WIDTH as f32 / 2.0, top + 32.0), Anchor::Center, INK);
    let most = |values: &[&[i64]]| values.iter().flat_map(|v| v.iter()).copied().max().unwrap_or(0);
    let open_ticks = ticks(most(&[&t.open]), 5);
    let daily_ticks = ticks(most(&[&t.new, &t.finished]), 5);
    let widest_tick =
        open_ticks.iter().chain(&daily_ticks).map(|v| canvas.measure(&figure(*v), TICK)).fold(0.0, f32::max);
    let today_open = t.open.last().map(|v| figure(*v));
    let end_label = today_open.as_deref().map_or(0.0, |label| canvas.measure(label, TICK));
    let left = MARGIN + widest_tick + 10.0;
    let x = Scale {
        from: (0.0, t.days.len().saturating_sub(1).max(1) as f32),
        to: (left, WIDTH as f32 - MARGIN - end_label - 10.0),
    };

    // Open cases, named by the axis title beside its line's colour; today's figure at the line's end.
    let open_top = top + FIRST;
    swatches(canvas, &[(OPEN, i18n::tr(lang, "digest-chart-axis-open"))], (MARGIN, open_top - 24.0), Swatch::Line);
    let y = panel(canvas, t, x, open_top, &open_ticks);
    canvas.line(&points(&t.open, x, y), 3.0, OPEN);
    if let (Some(label), Some(last)) = (today_open, t.open.last()) {
        let at = (x.to.1 + 8.0, y.at(*last as f32));
        canvas.text(&label, TICK, at, Anchor::Left, OPEN);
    }

    // New and finished per day, named in the legend that follows the axis title.
    let daily_top = open_top + PANEL + BETWEEN;
    let title = i18n::tr(lang, "digest-chart-axis-daily");
    let width = canvas.text(&title, LABEL, (MARGIN, daily_top - 24.0), Anchor::Left, INK);
    let legend = [(NEW, i18n::tr(lang, "digest-chart-new")), (FINISHED, i18n::tr(lang, "digest-chart-closed"))];
    swatches(canvas, &legend, (MARGIN + width + 28.0, daily_top - 24.0), Swatch::Line);
    let y = panel(canvas, t, x, daily_top, &daily_ticks);
    canvas.line(&points(&t.new, x, y), 2.5, NEW);
    canvas.line(&points(&t.finished, x, y), 2.5, FINISHED);

    let axis = i18n::tr(lang, "digest-chart-axis-date");
    canvas.text(&axis, LABEL, ((x.to.0 + x.to.1) / 2.0, daily_top + PANEL + 46.0), Anchor::Center, INK);
}

/// One panel's grid, axes and tick labels: figures on the left, dates below (weekly, ending on the
/// last day). Returns its y scale.
fn panel(canvas: &mut Canvas<'_>, t: &Trend, x: Scale, top: f32, steps: &[i64]) -> Scale {
    let bottom = top + PANEL;
    let y = Scale { from: (0.0, *steps.last().unwrap_or(&1) as f32), to: (bottom, top) };
    for step in steps {
        let at = y.at(*step as f32);
        canvas.rule((x.to.0, at), (x.to.1, at), GRID);
        canvas.text(&figure(*step), TICK, (x.to.0 - 8.0, at), Anchor::Right, INK);
    }
    let last = t.days.len().saturating_sub(1);
    for (i, day) in t.days.iter().enumerate().filter(|(i, _)| (last - i).is_multiple_of(7)) {
        let at = x.at(i as f32);
        canvas.rule((at, top), (at, bottom), GRID);
        canvas.rule((at, bottom), (at, bottom + 5.0), MUTED);
        canvas.text(&day.format("%m-%d").to_string(), TICK, (at, bottom + 18.0), Anchor::Center, INK);
    }
    canvas.rule((x.to.0, top), (x.to.0, bottom), MUTED);
    canvas.rule((x.to.0, bottom), (x.to.1, bottom), MUTED);
    y
}

fn points(values: &[i64], x: Scale, y: Scale) -> Vec<(f32, f32)> {
    values.iter().enumerate().map(|(i, v)| (x.at(i as f32), y.at(*v as f32))).collect()
}
