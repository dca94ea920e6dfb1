//! The pages' HTML: server-rendered, no JavaScript, one small inline stylesheet, large tap targets.
//! Every text comes from `locales/` (the caller passes it translated); everything is escaped here.

use crate::i18n::{Lang, tr};

/// Escapes text for HTML content and attribute values.
pub use crate::markup::escape as esc;

/// Text with its line breaks kept, as paragraphs.
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n").map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>"))).collect()
}

/// Small on purpose: a page must stay under 30 KB on a slow network, and old Android browsers and
/// WeChat's in-app browser render it without scripts. Form controls take the page's font (a browser
/// gives them its own, and textareas a monospace one); the file chooser's button gets a finger-sized
/// target, once with the standard selector and once with the older WebKit one (a selector a browser
/// does not know drops its whole rule, so they cannot share one).
const CSS: &str = "body{font:18px/1.5 sans-serif;margin:0;background:#f6f6f6;color:#222}\
main{max-width:36em;margin:0 auto;padding:12px}\
h1{font-size:1.3em;margin:.4em 0}.box{background:#fff;border-radius:8px;padding:12px;margin:10px 0}\
.say{white-space:normal}.note{color:#555;font-size:.9em}.err{border-left:5px solid #c00}\
button,.btn{display:block;width:100%;box-sizing:border-box;min-height:52px;margin:8px 0;padding:12px;\
font-size:1em;border:1px solid #b00;border-radius:8px;background:#fff;color:#b00;text-align:center;\
text-decoration:none}button.main,.btn.main{background:#c00;color:#fff}\
button,input,textarea{font-family:inherit}\
input[type=text],input[type=tel],textarea{width:100%;box-sizing:border-box;font-size:1em;padding:12px;\
border:1px solid #999;border-radius:8px}textarea{min-height:6em}input[type=file]{margin:10px 0;font-size:1em;\
width:100%}input[type=file]::file-selector-button{min-height:48px;padding:8px 14px;font:inherit;\
border:1px solid #999;border-radius:8px;background:#eee}\
input[type=file]::-webkit-file-upload-button{min-height:48px;padding:8px 14px;font:inherit;\
border:1px solid #999;border-radius:8px;background:#eee}\
.lang{text-align:right;font-size:.9em}.lang button{display:inline;width:auto;min-height:40px;margin:0}\
.lang a{display:inline-block;min-height:40px;line-height:40px;padding:0 8px}\
.mail{border-bottom:1px solid #ddd;padding:8px 0}.mail time{color:#777;font-size:.8em;display:block}\
.link{word-break:break-all;font-weight:bold}";

/// A whole page: `body` is already HTML.
pub fn page(lang: Lang, title: &str, body: &str) -> String {
    let html_lang = match lang {
        Lang::ZhHans => "zh-Hans",
        Lang::En => "en",
    };
    format!(
        "<!doctype html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{}</title><style>{CSS}</style></head>\
         <body><main>{body}</main></body></html>",
        esc(title)
    )
}

/// A page that only explains (an error, a refusal), with a way on.
pub fn notice(lang: Lang, title_id: &str, text: &str, link: Option<(&str, &str)>) -> String {
    let title = tr(lang, title_id);
    let mut body = format!("<h1>{}</h1><div class=\"box err\">{}</div>", esc(&title), paragraphs(text));
    if let Some((href, label)) = link {
        body.push_str(&format!("<a class=\"btn main\" href=\"{}\">{}</a>", esc(href), esc(label)));
    }
    page(lang, &title, &body)
}

/// A form posting to `action` with the session's one-time token.
pub fn form(action: &str, csrf: &str, inner: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">{inner}</form>",
        esc(action),
        esc(csrf)
    )
}

/// A button that submits `name=value`.
pub fn button(name: &str, value: &str, label: &str, main: bool) -> String {
    let class = if main { " class=\"main\"" } else { "" };
    format!("<button{class} name=\"{}\" value=\"{}\">{}</button>", esc(name), esc(value), esc(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        assert_eq!(esc("<b a=\"1\">&'"), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
        assert_eq!(paragraphs("a<\nb\n\nc"), "<p>a&lt;<br>b</p><p>c</p>");
        assert!(button("b", "1:\"x", "<", false).contains("value=\"1:&quot;x\""));
    }
}
