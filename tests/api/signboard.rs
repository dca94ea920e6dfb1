//! Signboards printed from imported projects: the QR code read back from the PNG opens the bot on
//! the project, the SVG carries the project row's Art. 34 fields, the PDF reads back as one A3 page,
//! and after `revoke-code` the old board's link gets the polite "no longer valid" through the stand-in.
//! They print with the system's Chinese font when there is one, else with the subset shipped in
//! assets/fonts, so they pass on a machine with no Chinese font at all.

use wagedesk::demo::harness::Harness;
use wagedesk::projects;
use wagedesk::signboard::command::{self as boards, PrintOptions};
use wagedesk::signboard::{self, BoardFonts, Format, Paper};
use wagedesk::storage::projects as store;

use crate::helpers::*;

const SAMPLE: &[u8] = include_bytes!("../../deploy/projects.sample.csv");
/// The sample project with the longest names.
pub(crate) const LONGEST: &str = "xh-2026-004";

pub(crate) fn fonts() -> BoardFonts {
    BoardFonts::discover(None)
        .unwrap_or_else(|e| panic!("no board font, not even the shipped subset:\n{}", e.for_operator()))
}

async fn imported() -> Harness {
    let h = start().await;
    projects::import(&h.ctx.db, &h.ctx.deployment, SAMPLE, &h.ctx.clock).await.unwrap();
    h
}

pub(crate) fn options(format: Format) -> PrintOptions {
    PrintOptions { paper: Paper::A3, format: Some(format), dpi: 100.0, bot_username: "wagedesk_bot".into() }
}

pub(crate) async fn print(h: &Harness, fonts: &BoardFonts, project: &str, format: Format) -> Vec<u8> {
    let out = fresh_dir().join(format!("board.{}", format.extension()));
    boards::write_board(&h.ctx.db, &h.ctx.deployment, fonts, project, &out, &options(format)).await.unwrap();
    std::fs::read(out).unwrap()
}

/// Every QR code in a PNG, decoded. rqrr misreads about one board in a hundred at 100 dpi, where a
/// module is 8.05 pixels and anti-aliased edges fall unevenly (a phone simply takes the next frame):
/// a code it cannot read is read again from the image drawn at 1.5× with smoothing, and only a
/// code neither reading decodes fails.
pub(crate) fn qr_codes(png: &[u8]) -> Vec<String> {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).unwrap();
    let first = read_qr(&pixmap);
    if first.iter().all(Result::is_ok) {
        return first.into_iter().map(Result::unwrap).collect();
    }
    let (w, h) = (pixmap.width() * 3 / 2, pixmap.height() * 3 / 2);
    let mut larger = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    let paint =
        resvg::tiny_skia::PixmapPaint { quality: resvg::tiny_skia::FilterQuality::Bicubic, ..Default::default() };
    larger.draw_pixmap(0, 0, pixmap.as_ref(), &paint, resvg::tiny_skia::Transform::from_scale(1.5, 1.5), None);
    read_qr(&larger).into_iter().map(|r| r.unwrap_or_else(|e| panic!("a QR code that decodes: {e}"))).collect()
}

fn read_qr(pixmap: &resvg::tiny_skia::Pixmap) -> Vec<Result<String, String>> {
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let pixels = pixmap.pixels();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let p = pixels[y * w + x];
        ((u16::from(p.red()) + u16::from(p.green()) + u16::from(p.blue())) / 3) as u8
    });
    image.detect_grids().iter().map(|g| g.decode().map(|d| d.1).map_err(|e| format!("{e:?}"))).collect()
}

async fn active_code(h: &Harness, project: &str) -> String {
    let mut conn = h.ctx.db.acquire().await.unwrap();
    store::active_code(&mut conn, project).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_qr_code_read_back_from_a_png_board_is_the_projects_deep_link() {
    let h = imported().await;
    let png = print(&h, &fonts(), LONGEST, Format::Png).await;
    let code = active_code(&h, LONGEST).await;
    assert_eq!(qr_codes(&png), [format!("https://t.me/wagedesk_bot?start={code}")]);
    let size =
        (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
    assert_eq!(size, (1170, 1654), "A3 at 100 dpi");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_svg_board_shows_every_art_34_field_of_the_project_row() {
    let h = imported().await;
    let svg = String::from_utf8(print(&h, &fonts(), LONGEST, Format::Svg).await).unwrap();
    // Long names are wrapped over several <text> lines; read the text back in order.
    let text: String = svg.split("</text>").filter_map(|p| p.rsplit_once('>').map(|(_, t)| t)).collect();
    let text = text.replace(' ', "");
    let mut conn = h.ctx.db.acquire().await.unwrap();
    let p = store::get(&mut conn, LONGEST).await.unwrap().unwrap();
    drop(conn);
    let mut fields = vec![
        p.name.clone(),
        p.builder.clone(),
        p.general_contractor.clone(),
        p.project_department.clone(),
        p.labour_manager_name.clone(),
        p.labour_manager_phone.clone(),
        format!("{}元/月", p.minimum_wage_fen / 100),
        format!("每月{}日", p.pay_day),
    ];
    fields.extend(p.subcontractors.iter().cloned());
    let d = &h.ctx.deployment;
    let regulator = d.office(p.sector_office.as_ref().unwrap()).unwrap();
    let labour = d.office(&p.labour_office).unwrap();
    fields.extend([regulator.name_zh.clone(), regulator.phone.clone().unwrap(), labour.name_zh.clone()]);
    fields.extend([labour.phone.clone().unwrap(), d.hotlines.labour_inspection.clone()]);
    fields.extend([d.hotlines.arbitration.clone().unwrap(), d.hotlines.legal_aid.clone(), "12348".into()]);
    fields.push(d.hotlines.wage_arrears_or_default().to_string());
    for field in fields {
        assert!(text.contains(&field.replace(' ', "")), "{field} is not on the board: {text}");
    }
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pdf_board_reads_back_as_one_a3_page_with_the_chinese_font_embedded() {
    let h = imported().await;
    let fonts = fonts();
    let pdf = print(&h, &fonts, LONGEST, Format::Pdf).await;
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF that parses");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page = doc.get_dictionary(pages[&1]).unwrap();
    let media_box: Vec<f32> =
        page.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|n| n.as_float().unwrap()).collect();
    assert!((media_box[2] - 841.89).abs() < 0.5 && (media_box[3] - 1190.55).abs() < 0.5, "A3 in points: {media_box:?}");
    // PostScript names drop the spaces and may change case ("Noto Sans CJK SC" → NotoSansCJKsc-Regular).
    let family = fonts.family().replace(' ', "").to_lowercase();
    let embeds_font = doc.objects.values().any(|o| {
        o.as_dict()
            .ok()
            .and_then(|d| d.get(b"BaseFont").ok())
            .and_then(|n| n.as_name().ok())
            .is_some_and(|n| String::from_utf8_lossy(n).to_lowercase().contains(&family))
    });
    assert!(embeds_font, "the PDF embeds {family}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_revoke_code_the_old_boards_link_is_no_longer_valid_and_a_new_board_opens_the_project() {
    let h = imported().await;
    let fonts = fonts();
    let project = "xh-2026-001";
    let old_board = qr_codes(&print(&h, &fonts, project, Format::Png).await);
    projects::revoke_code(&h.ctx.db, project, &h.ctx.clock).await.unwrap();
    let new_board = qr_codes(&print(&h, &fonts, project, Format::Png).await);
    assert_ne!(old_board, new_board);

    // Telegram turns https://t.me/<bot>?start=<code> into the message "/start <code>".
    let start = |link: &str| format!("/start {}", link.split_once("?start=").unwrap().1);
    let mut stale = h.worker("李建国");
    let answer = texts(&stale.send(&h, &start(&old_board[0])).await.unwrap());
    assert!(answer.contains("这个二维码已经停用了"), "{answer}");

    let mut fresh = h.worker("王小明");
    walk(&h, &mut fresh, &[Act::text(start(&new_board[0])), Act::press("中文")]).await.unwrap();
    let question = texts(&act(&h, &mut fresh, Act::press("同意")).await.unwrap());
    assert!(question.contains("之江文化中心配套住宅二期") && question.contains("你是在这个工地干活吗？"), "{question}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_writes_one_board_per_project_named_after_it() {
    let h = imported().await;
    let dir = fresh_dir().join("boards");
    let written = boards::write_all(&h.ctx.db, &h.ctx.deployment, &fonts(), &dir, &options(Format::Svg)).await.unwrap();
    let listing = projects::list(&h.ctx.db).await.unwrap();
    assert_eq!(written.len(), listing.len());
    for project in &listing {
        let svg = std::fs::read_to_string(dir.join(format!("{}.svg", project.id))).unwrap();
        let code = project.active_code.as_deref().unwrap();
        assert!(
            svg.contains(code) && svg.contains(&format!("工地编号 {}", project.id)),
            "{} has its board",
            project.id
        );
    }
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_prints_the_link_and_writes_the_code_alone() {
    let h = imported().await;
    let out = fresh_dir().join("qr.png");
    let link =
        boards::write_qr(&h.ctx.db, &h.ctx.deployment, LONGEST, "wagedesk_bot", Some(&out), signboard::DEFAULT_DPI)
            .await
            .unwrap();
    assert_eq!(link, format!("https://t.me/wagedesk_bot?start={}", active_code(&h, LONGEST).await));
    assert_eq!(qr_codes(&std::fs::read(&out).unwrap()), [link]);
    let unknown =
        boards::write_qr(&h.ctx.db, &h.ctx.deployment, "nope", "wagedesk_bot", None, 100.0).await.unwrap_err();
    assert!(unknown.for_operator().contains("没有工地“nope”"), "{}", unknown.for_operator());
    finish(h).await;
}
