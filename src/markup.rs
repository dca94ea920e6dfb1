//! Escaping text for HTML and XML — the web channel's pages and the signboard's SVG — in one place:
//! `&#39;` rather than `&apos;` for the apostrophe, which HTML 4 lacks and XML reads alike.

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(super::escape(r#"A&B <公司> "x" 'y'"#), "A&amp;B &lt;公司&gt; &quot;x&quot; &#39;y&#39;");
    }
}
