//! The digest's chart as a PNG: open and overdue cases per office (horizontal bars, biggest first)
//! and the last 30 days (open on the left axis, new and finished per day on the right). Labels are
//! Chinese when a Chinese font was found, else English with office ids.

use anyhow::anyhow;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::DigestData;
use super::font::{FAMILY, Script};
use crate::deployment::Deployment;
use crate::i18n::{self, Lang};
use crate::notify::office_name;

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 1000;
/// Offices shown; the ledger export has all of them.
const MAX_OFFICES: usize = 12;
const OPEN: RGBColor = RGBColor(52, 101, 164);
const OVERDUE: RGBColor = RGBColor(204, 0, 0);
const NEW: RGBColor = RGBColor(78, 154, 6);
const FINISHED: RGBColor = RGBColor(245, 121, 0);

fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal)
}

fn fail(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("drawing the digest chart: {e}")
}

/// The chart as PNG bytes.
pub fn render(d: &Deployment, data: &DigestData, script: Script) -> anyhow::Result<Vec<u8>> {
    let lang = if script == Script::Chinese { Lang::ZhHans } else { Lang::En };
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (top, bottom) = root.split_vertically(HEIGHT * 11 / 20);
        offices(&root, &top, d, data, lang, script)?;
        trend(&bottom, data, lang)?;
        root.present().map_err(fail)?;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(png)
}

/// How many axis labels keep every label a different whole number: counts are whole.
fn whole_labels(top: f64) -> usize {
    (top.floor() as usize + 1).clamp(2, 10)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn offices(
    root: &Area<'_>,
    area: &Area<'_>,
    d: &Deployment,
    data: &DigestData,
    lang: Lang,
    script: Script,
) -> anyhow::Result<()> {
    let mut lines: Vec<_> = data.offices.iter().filter(|o| o.open > 0 || o.overdue > 0).collect();
    lines.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.office.cmp(&b.office)));
    lines.truncate(MAX_OFFICES);
    let n = lines.len().max(1) as f64;
    let most = lines.iter().map(|o| o.open.max(o.overdue)).max().unwrap_or(0).max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(i18n::tr(lang, "digest-chart-offices"), font(26.0))
        .margin(16)
        .margin_left(300)
        .x_label_area_size(30)
        .build_cartesian_2d(0f64..most * 1.15, 0f64..n)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(whole_labels(most * 1.15))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(font(14.0))
        .draw()
        .map_err(fail)?;
    // The first office at the top; its open bar above its overdue bar.
    let row = |i: usize| n - 1.0 - i as f64;
    let bar = |i: usize, upper: bool, value: i64, color: RGBColor| {
        let y = row(i) + if upper { 0.5 } else { 0.15 };
        Rectangle::new([(0.0, y), (value as f64, y + 0.35)], color.filled())
    };
    chart
        .draw_series(lines.iter().enumerate().map(|(i, o)| bar(i, true, o.open, OPEN)))
        .map_err(fail)?
        .label(i18n::tr(lang, "digest-chart-open"))
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], OPEN.filled()));
    chart
        .draw_series(lines.iter().enumerate().map(|(i, o)| bar(i, false, o.overdue, OVERDUE)))
        .map_err(fail)?
        .label(i18n::tr(lang, "digest-chart-overdue"))
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], OVERDUE.filled()));
    let value = |i: usize, upper: bool, v: i64| {
        let y = row(i) + if upper { 0.675 } else { 0.325 };
        Text::new(
            v.to_string(),
            (v as f64 + most * 0.01, y),
            TextStyle::from(font(14.0)).pos(Pos::new(HPos::Left, VPos::Center)),
        )
    };
    chart.draw_series(lines.iter().enumerate().map(|(i, o)| value(i, true, o.open))).map_err(fail)?;
    chart.draw_series(lines.iter().enumerate().map(|(i, o)| value(i, false, o.overdue))).map_err(fail)?;
    chart
        .configure_series_labels()
        .label_font(font(16.0))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(fail)?;
    // Office names left of the plot, drawn on the whole picture so they are not clipped.
    for (i, o) in lines.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, row(i) + 0.5));
        let name = if script == Script::Chinese { office_name(d, lang, &o.office) } else { o.office.to_string() };
        let style = TextStyle::from(font(16.0)).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(name, (x - 10, y), style)).map_err(fail)?;
    }
    Ok(())
}

fn trend(area: &Area<'_>, data: &DigestData, lang: Lang) -> anyhow::Result<()> {
    let t = &data.trend;
    let last = t.days.len().saturating_sub(1).max(1) as f64;
    let open_max = t.open.iter().copied().max().unwrap_or(0).max(1) as f64;
    let daily_max = t.new.iter().chain(&t.finished).copied().max().unwrap_or(0).max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(i18n::tr(lang, "digest-chart-trend"), font(24.0))
        .margin(16)
        .x_label_area_size(34)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(0f64..last, 0f64..open_max * 1.15)
        .map_err(fail)?
        .set_secondary_coord(0f64..last, 0f64..daily_max * 1.3);
    let days = t.days.clone();
    let day_label =
        move |x: &f64| days.get(x.round().max(0.0) as usize).map(|d| d.format("%m-%d").to_string()).unwrap_or_default();
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(whole_labels(open_max * 1.15))
        .x_label_formatter(&day_label)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font(14.0))
        .draw()
        .map_err(fail)?;
    chart
        .configure_secondary_axes()
        .y_labels(whole_labels(daily_max * 1.3))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font(14.0))
        .draw()
        .map_err(fail)?;
    let points = |values: &[i64]| values.iter().enumerate().map(|(i, v)| (i as f64, *v as f64)).collect::<Vec<_>>();
    chart
        .draw_series(LineSeries::new(points(&t.open), OPEN.stroke_width(3)))
        .map_err(fail)?
        .label(i18n::tr(lang, "digest-chart-open"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], OPEN.stroke_width(3)));
    for (values, color, id) in [(&t.new, NEW, "digest-chart-new"), (&t.finished, FINISHED, "digest-chart-closed")] {
        chart
            .draw_secondary_series(LineSeries::new(points(values), color.stroke_width(2)))
            .map_err(fail)?
            .label(i18n::tr(lang, id))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .label_font(font(16.0))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(fail)?;
    Ok(())
}
