//! A crew member's landing page: `GET /s/j<code>`, the web link a crew's filer forwards in WeChat
//! (where t.me links do not open). It shows the case as the Telegram join does — case number,
//! worksite, employer, period, never the filer's or another worker's details — and its button posts
//! to `/s/j<code>/start`, which runs `/start j<code>` like Telegram: the member's own intake.

use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::html::{self, esc, paragraphs};
use super::intake::lang_links;
use super::{Refused, WebState, html_response, session_for_page};
use crate::crew::{CrewCase, CrewLookup};
use crate::i18n::{Arg, Lang, tr, tr_args};

/// The page for crew `code`, reached by its deep-link `payload` from `peer`; a language `picked` with
/// the page's links goes with the form, as on a signboard's page.
pub(super) async fn landing_page(
    state: &WebState,
    peer: SocketAddr,
    payload: &str,
    code: &str,
    lang: Lang,
    picked: bool,
    headers: &HeaderMap,
) -> anyhow::Result<Response> {
    // Unlike a signboard's, a crew's page shows a case: a guess costs the address like a first form,
    // so codes cannot be tried by the million.
    if !state.limits.admit_address(super::client_address(headers, peer)) {
        return Ok(Refused::TooMany.page(lang, &format!("/s/{payload}")));
    }
    let lookup = {
        let mut conn = state.ctx.db.acquire().await?;
        crate::storage::crew::lookup(&mut conn, code).await?
    };
    let case = match lookup {
        CrewLookup::Open(case) => case,
        // As the bot says it, worded for the web (no /new, no /join).
        CrewLookup::Ended { .. } => return Ok(unusable(lang, "crew-code-ended")),
        CrewLookup::Unknown => return Ok(unusable(lang, "crew-code-unknown")),
    };
    let (session, cookie) = session_for_page(&state.ctx, headers).await?;
    let t = |id: &str| tr(lang, id);
    let mut body = lang_links(lang, &format!("/s/{payload}"));
    body.push_str(&format!("<h1>{}</h1>", esc(&t("web-crew-title"))));
    body.push_str(&format!("<div class=\"box\">{}</div>", paragraphs(&t("web-crew-intro"))));
    body.push_str(&format!("<div class=\"box\">{}</div>", paragraphs(&case_text(lang, &case))));
    let mut start = html::button("go", "1", &t("web-crew-join"), true);
    if picked {
        start.push_str(&format!("<input type=\"hidden\" name=\"lang\" value=\"{}\">", lang.code()));
    }
    body.push_str(&html::form(&format!("/s/{payload}/start"), &session.csrf, &start));
    if !state.bot_username.is_empty() {
        let link = crate::channel::start_link(&state.bot_username, payload);
        body.push_str(&format!("<a class=\"btn\" href=\"{}\">{}</a>", esc(&link), esc(&t("web-open-telegram"))));
    }
    body.push_str(&format!("<p class=\"note\">{}</p>", esc(&t("web-crew-note"))));
    Ok(html_response(StatusCode::OK, html::page(lang, &t("web-crew-title"), &body), cookie.as_deref()))
}

/// The case as a member sees it before joining: what the bot's join card shows.
fn case_text(lang: Lang, case: &CrewCase) -> String {
    let period = match lang {
        Lang::ZhHans => case.period.display_zh(),
        Lang::En => case.period.display_en(),
    };
    let args = [
        ("case", Arg::from(case.case_number.clone())),
        ("site", Arg::from(case.site.clone())),
        ("employer", Arg::from(case.employer.clone())),
        ("period", Arg::from(period)),
    ];
    tr_args(lang, "web-crew-case", &args)
}

/// An ended or unknown crew code: nothing to join, said in the page's language; no session is made.
fn unusable(lang: Lang, id: &str) -> Response {
    let text = tr(lang, &crate::channel::worded(id, crate::channel::Channel::Web));
    html_response(StatusCode::NOT_FOUND, html::notice(lang, "web-crew-unknown-title", &text, None), None)
}
