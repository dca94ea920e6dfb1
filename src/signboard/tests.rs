//! The board laid out with the machine's Chinese font (the bundled subset when it has none) and
//! checked the way a printer would see it: usvg's own text layout must keep every line inside the
//! room the layout measured for it. The bundled subset is also checked on its own, whatever the
//! machine has, and against every character the messages and the sample deployment may print.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use resvg::usvg::{self, Node};

use super::*;
use crate::deployment::testing::sample;
use crate::projects_csv::{ProjectRecord, parse_projects};

fn fonts() -> &'static BoardFonts {
    static FONTS: OnceLock<BoardFonts> = OnceLock::new();
    FONTS.get_or_init(|| match BoardFonts::discover(None) {
        Ok(fonts) => fonts,
        Err(e) => panic!("the board's font:\n{}", e.for_operator()),
    })
}

fn bundled() -> &'static BoardFonts {
    static FONTS: OnceLock<BoardFonts> = OnceLock::new();
    FONTS.get_or_init(|| match BoardFonts::bundled() {
        Ok(fonts) => fonts,
        Err(e) => panic!("the bundled font:\n{}", e.for_operator()),
    })
}

fn projects() -> Vec<ProjectRecord> {
    parse_projects(include_bytes!("../../deploy/projects.sample.csv"), &sample()).unwrap()
}

fn board_of(p: &ProjectRecord) -> Board {
    let issued = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    board(p, &sample(), "AbCdEfGhIjKlMnOpQrStUv", issued, "wagedesk_bot")
}

/// The sample's project with the longest names, with every name stretched to 60 characters.
fn sixty_character_names() -> ProjectRecord {
    let mut p = projects().into_iter().find(|p| p.project_id == "xh-2026-004").unwrap();
    let sixty = |stem: &str| {
        let mut s: String = stem.chars().cycle().take(58).collect();
        s.push_str("公司");
        assert_eq!(s.chars().count(), 60);
        s
    };
    p.name = sixty("杭州城西科创大走廊某某片区综合开发（一期）");
    p.builder = sixty("杭州某某某某数字科技产业园开发建设投资管理");
    p.general_contractor = sixty("中国某某建设集团第某工程局有限公司浙江分公司暨联合体牵头单位");
    p.project_department = sixty("三墩研发楼EPC工程总承包项目经理部（第二标段）");
    p.subcontractors = (1..=3).map(|i| sixty(&format!("浙江某某{i}号建筑劳务分包有限公司杭州分公司"))).collect();
    p
}

/// Text element id → its box as usvg lays it out (in board millimetres, stroke included).
fn drawn_boxes(svg: &str, fonts: &BoardFonts) -> HashMap<String, usvg::Rect> {
    let tree = output::tree(svg, fonts.database()).unwrap();
    let scale = tree.size().width() / layout::WIDTH;
    let mut boxes = HashMap::new();
    let mut stack: Vec<&usvg::Group> = vec![tree.root()];
    while let Some(group) = stack.pop() {
        for node in group.children() {
            match node {
                Node::Group(g) => stack.push(g),
                Node::Text(t) => {
                    assert!(!t.flattened().children().is_empty(), "{} is drawn with glyphs", t.id());
                    let b = t.abs_stroke_bounding_box();
                    let mm =
                        usvg::Rect::from_ltrb(b.left() / scale, b.top() / scale, b.right() / scale, b.bottom() / scale);
                    boxes.insert(t.id().to_string(), mm.unwrap());
                }
                _ => {}
            }
        }
    }
    boxes
}

fn assert_nothing_overflows(board: &Board, fonts: &BoardFonts) {
    let laid = layout_board(board, fonts, Paper::A3).unwrap();
    let boxes = drawn_boxes(&laid.svg, fonts);
    assert_eq!(boxes.len(), laid.slots.len(), "every text element is drawn");
    for slot in &laid.slots {
        let b = boxes[&slot.id];
        let tolerance = 0.05;
        assert!(
            b.left() >= slot.left - tolerance && b.right() <= slot.right + tolerance,
            "{} of {}: drawn {:.2}..{:.2}, room {:.2}..{:.2}",
            slot.id,
            board.project_id,
            b.left(),
            b.right(),
            slot.left,
            slot.right
        );
        assert!(b.top() >= 0.0 && b.bottom() <= layout::HEIGHT - 10.0, "{} leaves the sheet: {b:?}", slot.id);
    }
}

/// All text of the SVG, element after element, without spaces: wrapped names read whole again.
fn svg_text(svg: &str) -> String {
    svg.split("</text>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, text)| text))
        .collect::<String>()
        .replace(' ', "")
        .replace("&amp;", "&")
}

#[test]
fn no_text_of_any_sample_board_leaves_its_box() {
    for p in projects() {
        assert_nothing_overflows(&board_of(&p), fonts());
    }
}

#[test]
fn sixty_character_names_wrap_and_shrink_but_stay_inside_the_board() {
    let p = sixty_character_names();
    let b = board_of(&p);
    assert_nothing_overflows(&b, fonts());
    let text = svg_text(&layout_board(&b, fonts(), Paper::A3).unwrap().svg);
    for name in [&p.name, &p.builder, &p.general_contractor, &p.project_department] {
        assert!(text.contains(name.as_str()), "{name} is printed whole");
    }
}

#[test]
fn the_svg_shows_the_art_34_fields_of_the_longest_sample_project() {
    let p = projects().into_iter().find(|p| p.project_id == "xh-2026-004").unwrap();
    let text = svg_text(&layout_board(&board_of(&p), fonts(), Paper::A3).unwrap().svg);
    let mut expected =
        vec![p.name.clone(), p.builder.clone(), p.general_contractor.clone(), p.project_department.clone()];
    expected.extend(p.subcontractors.clone());
    expected.extend(["西湖区住房和城乡建设局", "赵丽华", "0571-88000011", "2490元/月", "每月25日"].map(String::from));
    expected
        .extend(["0571-00000005", "0571-00000002/12333", "杭州市劳动人事争议仲裁委员会", "12348"].map(String::from));
    for field in expected {
        assert!(text.contains(&field.replace(' ', "")), "{field} missing from {text}");
    }
}

#[test]
fn every_sample_board_prints_with_the_bundled_font_alone() {
    let fonts = bundled();
    assert!(fonts.family().contains("subset"), "{}", fonts.family());
    for p in projects() {
        assert_nothing_overflows(&board_of(&p), fonts);
    }
    assert_nothing_overflows(&board_of(&sixty_character_names()), fonts);
    let b = board_of(&projects()[0]);
    let png = render(&b, fonts, Paper::A4, Format::Png, 50.0).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (414, 585), "A4 at 50 dpi");
    let pdf = render(&b, fonts, Paper::A4, Format::Pdf, 0.0).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.contains("/FontFile3") && pdf.contains("NotoSansCJKSCwagedesksubset-Regular"),
        "the PDF embeds the bundled font"
    );
}

/// Every character of the messages and of the sample deployment (office names, projects) must be
/// in the bundled font, else a bare container refuses the board or prints the chart with boxes.
#[test]
fn the_bundled_font_covers_every_character_of_the_locales_and_the_sample_deployment() {
    let face = ttf_parser::Face::parse(BUNDLED_FONT, 0).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = std::collections::BTreeMap::<char, std::collections::BTreeSet<String>>::new();
    let mut files = 0;
    let mut dirs = vec![root.join("locales"), root.join("deploy")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            files += 1;
            for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
                if face.glyph_index(c).is_none() && !chat_only_pictograph(c) {
                    missing.entry(c).or_default().insert(path.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
    }
    assert!(files > 20, "read {files} files");
    let report: Vec<String> =
        missing.iter().map(|(c, files)| format!("{c:?} (U+{:04X}) in {files:?}", u32::from(*c))).collect();
    assert!(
        report.is_empty(),
        "the bundled font lacks {}; regenerate it with assets/fonts/make-subset.sh",
        report.join(", ")
    );
}

/// Emoji of the bot's buttons and chat messages: Telegram draws them, no board or chart prints
/// them, and a CJK font has none (a board that asked for one would be refused).
fn chat_only_pictograph(c: char) -> bool {
    matches!(u32::from(c), 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0xFE00..=0xFE0F | 0x1F000..=0x1FAFF)
}

#[test]
fn a4_is_the_same_drawing_on_a_smaller_sheet() {
    let b = board_of(&projects()[0]);
    let a4 = layout_board(&b, fonts(), Paper::A4).unwrap().svg;
    assert!(a4.contains(r#"width="210mm" height="297mm" viewBox="0 0 297 420""#), "{}", &a4[..200]);
}

#[test]
fn a_character_the_font_lacks_is_refused_rather_than_printed_as_a_box() {
    let mut p = projects().remove(0);
    // A private-use code point no font draws.
    p.builder = "杭州\u{10FFFD}建设有限公司".into();
    match layout_board(&board_of(&p), fonts(), Paper::A3) {
        Err(e @ SignboardError::MissingGlyphs { .. }) => {
            assert!(e.localized(Lang::ZhHans).contains('\u{10FFFD}'), "{}", e.for_operator());
            assert!(e.localized(Lang::ZhHans).contains("fonts-noto-cjk"), "{}", e.for_operator());
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a character without a glyph was accepted"),
    }
}

#[test]
fn the_qr_code_alone_decodes_to_its_link() {
    let link = "https://t.me/wagedesk_bot?start=AbCdEfGhIjKlMnOpQrStUv";
    let png = render_qr(link, Format::Png, 40.0, 150.0).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let pixels = pixmap.pixels();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x].red());
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    assert_eq!(grids[0].decode().unwrap().1, link);
    let svg = String::from_utf8(render_qr(link, Format::Svg, 40.0, 150.0).unwrap()).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(r#"width="40mm""#));
}

#[test]
fn a_font_file_that_is_not_a_font_is_named_in_the_error() {
    let not_a_font = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    match BoardFonts::discover(Some(&not_a_font)) {
        Err(e @ SignboardError::FontUnreadable(..)) => {
            assert!(e.localized(Lang::ZhHans).contains("Cargo.toml"), "{}", e.for_operator());
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("Cargo.toml is not a font"),
    }
}

#[test]
fn the_missing_font_error_names_the_package_to_install_in_both_languages() {
    let text = SignboardError::NoChineseFont.for_operator();
    assert_eq!(text.matches("fonts-wqy-microhei").count(), 2, "{text}");
    assert!(text.contains("--font"), "{text}");
}

#[test]
fn formats_follow_the_file_extension() {
    let f = |name: &str| Format::from_path(std::path::Path::new(name));
    assert_eq!(
        (f("b.SVG"), f("b.png"), f("dir/b.pdf"), f("b.txt"), f("b")),
        (Some(Format::Svg), Some(Format::Png), Some(Format::Pdf), None, None)
    );
}
