//! Breaking a text into lines that fit a width, and shrinking it until it fits a number of lines.
//!
//! Chinese breaks between any two characters, except that closing punctuation never starts a line
//! and opening punctuation never ends one (避头尾); Latin words and numbers (`EPC`, `0571-88000011`)
//! stay whole unless one alone is wider than the line.

/// Measures a text at a font size, in the same units as the widths.
pub type Measure<'a> = &'a dyn Fn(&str, f32) -> f32;

const CLOSING: &str = "）)」』】》〉，。、；：！？,.;:!?%";
const OPENING: &str = "（(「『【《〈";

/// A text fitted into a box: its font size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
}

/// The largest size from `max_size` down to `min_size` (in steps of 2 %) at which `text` fits in
/// `max_lines` lines of `width`; at `min_size` it takes as many lines as it needs.
pub fn fit(text: &str, width: f32, max_size: f32, min_size: f32, max_lines: usize, measure: Measure<'_>) -> Fitted {
    let mut size = max_size;
    loop {
        let lines = wrap(text, width, size, measure);
        if lines.len() <= max_lines || size <= min_size {
            return Fitted { size, lines };
        }
        size = (size * 0.98).max(min_size);
    }
}

/// Greedy line breaking at `size`; no line is wider than `width`.
pub fn wrap(text: &str, width: f32, size: f32, measure: Measure<'_>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces(text) {
        if piece.trim().is_empty() {
            if !line.is_empty() {
                line.push(' ');
            }
            continue;
        }
        let candidate = format!("{line}{piece}");
        if measure(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        line = String::new();
        if measure(&piece, size) <= width {
            line = piece;
        } else {
            // A single word wider than the line: break it between characters.
            for c in piece.chars() {
                let candidate = format!("{line}{c}");
                if measure(&candidate, size) > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = candidate;
                }
            }
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Splits a text into the pieces a line may break between.
fn pieces(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in text.chars() {
        let previous_is_word = out.last().and_then(|p| p.chars().last()).is_some_and(is_word_char);
        let joins_previous = glue_next || CLOSING.contains(c) || (is_word_char(c) && previous_is_word);
        match out.last_mut() {
            Some(last) if joins_previous => last.push(c),
            _ => out.push(c.to_string()),
        }
        glue_next = OPENING.contains(c);
    }
    out
}

/// Characters of Latin words, numbers and phone numbers, which are not broken.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '@' | '+' | '.' | '#')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide, like a CJK font at size 1.
    fn cells(text: &str, size: f32) -> f32 {
        text.chars().count() as f32 * size
    }

    #[test]
    fn chinese_breaks_anywhere_but_never_before_closing_or_after_opening_punctuation() {
        let lines = wrap("浙江某建设集团有限公司（联合体），牵头单位", 8.0, 1.0, &cells);
        assert_eq!(lines, ["浙江某建设集团有", "限公司（联合", "体），牵头单位"]);
        for line in &lines {
            assert!(cells(line, 1.0) <= 8.0, "{line}");
            assert!(!line.starts_with('，') && !line.starts_with('）') && !line.ends_with('（'), "{line}");
        }
    }

    #[test]
    fn words_and_numbers_stay_whole() {
        assert_eq!(wrap("电话 0571-88000011", 14.0, 1.0, &cells), ["电话", "0571-88000011"]);
        assert_eq!(wrap("三墩研发楼EPC工程", 6.0, 1.0, &cells), ["三墩研发楼", "EPC工程"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_between_characters() {
        assert_eq!(wrap("ABCDEFGHIJ", 4.0, 1.0, &cells), ["ABCD", "EFGH", "IJ"]);
    }

    #[test]
    fn fit_shrinks_until_the_text_takes_no_more_lines_than_allowed() {
        let text = "中".repeat(30);
        let fitted = fit(&text, 10.0, 1.0, 0.5, 2, &cells);
        assert!(fitted.lines.len() <= 2 && fitted.size < 1.0 && fitted.size >= 0.5, "{fitted:?}");
        assert!(fitted.lines.iter().all(|l| cells(l, fitted.size) <= 10.0));
        assert_eq!(fitted.lines.concat(), text);
    }

    #[test]
    fn at_the_smallest_size_the_text_takes_as_many_lines_as_it_needs() {
        let text = "中".repeat(60);
        let fitted = fit(&text, 10.0, 1.0, 0.8, 2, &cells);
        assert_eq!(fitted.size, 0.8);
        assert_eq!(fitted.lines.len(), 5);
        assert_eq!(fitted.lines.concat(), text);
    }
}
