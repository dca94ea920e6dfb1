//! The digest's figures and chart: numbers drawn without gaps inside them, thousands separators in
//! the text and on the chart, and the committed example (`docs/digest-example.png`) kept as the
//! chart of the sample city's winter.

use resvg::tiny_skia::Pixmap;

use super::canvas::Placed;
use super::data::{DigestData, DueOrder, KeyCase, OfficeLine, Trend, WaitingAlert};
use super::font::ChartFont;
use super::shape::Shaper;
use super::{Kind, chart, figure, text};
use crate::deployment::testing::{date, id, sample};
use crate::ledger::Period;

fn office(office: &str, [new, accepted, finished, open, overdue]: [i64; 5]) -> OfficeLine {
    // About three workers and ¥31,000 owed per open case, as in the sample city's winter.
    OfficeLine {
        office: id(office),
        new,
        accepted,
        finished,
        open,
        overdue,
        open_workers: open * 3,
        open_owed_fen: open * 3_100_000,
    }
}

/// The sample city's offices on 18 January 2027, two and a half weeks before the Spring Festival:
/// the district brigades busiest, filings rising every week, fewer on weekends.
fn winter() -> DigestData {
    let day = date(2027, 1, 18);
    let period = Period { from: day, to: day };
    let offices = vec![
        office("hz-xihu-ldjc", [61, 48, 39, 1_284, 37]),
        office("hz-gongshu-ldjc", [44, 40, 35, 846, 12]),
        office("hz-binjiang-ldjc", [23, 21, 18, 512, 5]),
        office("hz-xihu-zjj", [12, 10, 9, 233, 9]),
        office("hz-xihu-sandun", [6, 5, 4, 128, 6]),
        office("hz-xihu-zhuantang", [4, 4, 3, 96, 3]),
        office("hz-binjiang-changhe", [3, 3, 2, 64, 1]),
        office("hz-xihu-jtj", [2, 1, 1, 41, 2]),
        office("hz-xihu-slj", [0, 1, 1, 18, 0]),
    ];
    let key = |n: &str, at: &str, yuan: i64, workers: i64, status: &str, overdue_days: u32| KeyCase {
        case_number: n.into(),
        office: id(at),
        claimed_fen: yuan * 100,
        workers,
        status: status.into(),
        overdue_days,
    };
    let key_cases = vec![
        key("QX-330106-20261203-0412", "hz-xihu-ldjc", 3_486_200, 112, "handling", 4),
        key("QX-330105-20261119-0187", "hz-gongshu-ldjc", 1_234_567, 58, "accepted", 0),
        key("QX-330106-20270111-0388", "hz-xihu-zjj", 826_000, 31, "submitted", 0),
        key("QX-330108-20270105-0095", "hz-binjiang-ldjc", 215_001, 12, "accepted", 0),
    ];
    let mut trend = Trend::over(period);
    let mut filed: Vec<_> = trend
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let weekend = matches!(d.format("%a").to_string().as_str(), "Sat" | "Sun");
            let n = 120 + 3 * i as i64 + [7, -5, 11, 0, -9, 4, -2][i % 7];
            (*d, if weekend { n / 3 } else { n })
        })
        .collect();
    let mut finished: Vec<_> =
        filed.iter().enumerate().map(|(i, (d, n))| (*d, n * 4 / 5 + [3, -6, 0, 8, -4][i % 5])).collect();
    // The last day is the digest's day: its figures are the offices' totals.
    let total = |f: fn(&OfficeLine) -> i64| offices.iter().map(f).sum::<i64>();
    (filed[29].1, finished[29].1) = (total(|o| o.new), total(|o| o.finished));
    trend.add_new(&filed);
    trend.add_finished(&finished);
    let net: i64 = filed.iter().zip(&finished).map(|(n, f)| n.1 - f.1).sum();
    trend.close(total(|o| o.open) - net);
    DigestData {
        kind: Kind::Daily,
        period,
        today: date(2027, 1, 19),
        offices,
        key_cases,
        trend,
        waiting_alerts: vec![WaitingAlert {
            case_number: "QX-330106-20270118-0061".into(),
            office: id("hz-xihu-ldjc"),
            raised_at: "2027-01-18T06:40:00Z".into(),
            repeats: 2,
        }],
        due_orders: vec![
            DueOrder {
                case_number: "QX-330105-20261119-0187".into(),
                office: id("hz-gongshu-ldjc"),
                amount_fen: 123_456_700,
                due: date(2027, 1, 17),
            },
            DueOrder {
                case_number: "QX-330106-20261203-0412".into(),
                office: id("hz-xihu-ldjc"),
                amount_fen: 348_620_000,
                due: date(2027, 1, 21),
            },
        ],
    }
}

/// For each column of `label`'s box in the picture, whether any pixel in it has ink (text is drawn
/// dark; the grid is light and left out).
fn ink_columns(pixmap: &Pixmap, label: &Placed) -> Vec<bool> {
    let size = label.line.size;
    let (left, right) = (label.x.floor() as u32, (label.x + label.line.width).ceil() as u32);
    let (top, bottom) = ((label.baseline - size * 0.85) as u32, (label.baseline + size * 0.3) as u32);
    (left..right)
        .map(|x| (top..bottom).any(|y| pixmap.pixel(x, y).is_some_and(|p| p.red().min(p.green()).min(p.blue()) < 150)))
        .collect()
}

/// Checks in the picture that a number was drawn as the shaper laid it out: its ink starts and ends
/// where its first and last glyphs' ink does (to a pixel and a half), and no blank run inside it is
/// wider than the widest the font itself leaves between two of its glyphs (plus a pixel), which is
/// less than a digit's advance.
fn drawn_as_shaped(pixmap: &Pixmap, shaper: &Shaper<'_>, label: &Placed) -> Result<(), String> {
    let text = &label.line.text;
    let columns = ink_columns(pixmap, label);
    let (Some(first), Some(last)) = (columns.iter().position(|c| *c), columns.iter().rposition(|c| *c)) else {
        return Err(format!("{text:?} has no ink"));
    };
    let inks: Vec<(f32, f32)> = label.line.glyphs.iter().filter_map(|g| shaper.ink(&label.line, g)).collect();
    let offset = label.x - label.x.floor();
    let (start, end) = (inks[0].0 + offset, inks[inks.len() - 1].1 + offset);
    if (first as f32 - start).abs() > 1.5 || (last as f32 + 1.0 - end).abs() > 1.5 {
        return Err(format!("{text:?} is inked over columns {first}..={last}, its glyphs over {start:.1}..{end:.1}"));
    }
    let widest = columns[first..=last].split(|c| *c).map(<[bool]>::len).max().unwrap_or(0);
    let font_gap = inks.windows(2).map(|w| w[1].0 - w[0].1).fold(0.0, f32::max);
    let digit = shaper.shape("0", label.line.size).width;
    if widest as f32 > font_gap.ceil() + 1.0 || widest as f32 >= digit {
        return Err(format!("{text:?} has a gap of {widest} px; the font leaves {font_gap:.1}, a digit is {digit:.1}"));
    }
    Ok(())
}

#[test]
fn numbers_on_the_chart_are_inked_where_the_shaper_put_their_digits_with_no_gap_inside() {
    let font = ChartFont::bundled();
    let mut data = winter();
    (data.offices[0].open, data.offices[0].overdue) = (215_001, 1_111);
    let canvas = chart::draw(&sample(), &data, &font).expect("the chart draws");
    // Bar values, a tick label and a date: every kind of number the chart prints.
    for text in ["215,001", "1,111", "100,000", "01-11"] {
        let label = canvas.labels.iter().find(|l| l.line.text == text);
        let label = label.unwrap_or_else(|| panic!("no label {text:?} on the chart"));
        let advances: Vec<f32> = label.line.glyphs.iter().map(|g| g.advance).collect();
        assert!(advances.iter().all(|a| *a > 0.0), "{text:?}: advances {advances:?}");
        if let Err(e) = drawn_as_shaped(&canvas.pixmap, &canvas.shaper, label) {
            panic!("{e}");
        }
    }
}

#[test]
fn the_digest_text_prints_every_figure_with_thousands_separators() {
    let text = text::render(&sample(), &winter());
    for figure in [
        "在办 1,284（工人 3,852 人，尚欠 ¥39,804,000），超期 37",
        "合计：新增 155，受理 133，办结 112；在办 3,222，超期 75",
        "¥3,486,200 · 112 人",
        "¥215,001",
    ] {
        assert!(text.contains(figure), "{figure:?} not in\n{text}");
    }
    // What a supervisor must chase: alerts nobody acknowledged, orders to pay falling due.
    for line in [
        "还没有人确认的警报：",
        "QX-330106-20270118-0061 · 西湖区劳动保障监察大队 · 01-18 14:40 发出 · 已提醒 2 次",
        "QX-330105-20261119-0187 · 拱墅区劳动保障监察大队 · ¥1,234,567 · 2027年1月17日 已到期，案件仍在办",
        "QX-330106-20261203-0412 · 西湖区劳动保障监察大队 · ¥3,486,200 · 2027年1月21日 到期",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    assert_eq!(
        (figure(0), figure(999), figure(1_000), figure(-1_234_567)),
        ("0".into(), "999".into(), "1,000".into(), "-1,234,567".into())
    );
}

/// The committed example is what the chart draws from [`winter`] with the bundled font;
/// `WAGEDESK_WRITE_EXAMPLE=1 cargo test --lib ledger::digest` writes it anew after a change.
#[test]
fn the_committed_digest_example_is_the_chart_of_the_sample_citys_winter() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/digest-example.png");
    let png = chart::render(&sample(), &winter(), &ChartFont::bundled()).expect("the chart draws");
    if std::env::var_os("WAGEDESK_WRITE_EXAMPLE").is_some() {
        std::fs::write(path, &png).expect("docs/digest-example.png written");
    }
    let drawn = Pixmap::decode_png(&png).expect("a PNG");
    let committed = Pixmap::decode_png(&std::fs::read(path).expect("docs/digest-example.png")).expect("a PNG");
    assert_eq!(
        (committed.width(), committed.height()),
        (drawn.width(), drawn.height()),
        "regenerate: see the doc comment"
    );
    // Another rasteriser build may round an edge differently; a changed chart moves whole labels.
    let changed = drawn.pixels().iter().zip(committed.pixels()).filter(|(a, b)| {
        [a.red().abs_diff(b.red()), a.green().abs_diff(b.green()), a.blue().abs_diff(b.blue())].iter().any(|d| *d > 32)
    });
    assert_eq!(
        changed.count(),
        0,
        "docs/digest-example.png is not the chart any more: regenerate (see the doc comment)"
    );
}
