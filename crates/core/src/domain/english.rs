//! English month names and small number words, read from text that [`super::cn_number::compact`] has
//! lower-cased and stripped of spaces (`aug–oct2026`, `threemonths`).

/// Full names first, then `sept`, then the three-letter forms: the longest name that fits wins.
#[rustfmt::skip]
const MONTH_NAMES: [(&str, u32); 24] = [
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
    ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12), ("sept", 9),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9),
    ("oct", 10), ("nov", 11), ("dec", 12),
];

/// Number words a duration is counted in (`three months`, `a year`); larger counts come as digits.
#[rustfmt::skip]
const NUMBER_WORDS: [(&str, u64); 14] = [
    ("an", 1), ("a", 1), ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6),
    ("seven", 7), ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12),
];

/// Words before a duration that change nothing here (`the last 3 months`, `about a year`).
#[rustfmt::skip]
const DURATION_LEADS: [&str; 10] =
    ["the", "last", "past", "for", "about", "around", "almost", "nearly", "over", "morethan"];

/// The month whose name `text` starts with, and the text after the name (and after an
/// abbreviation's `.`).
pub fn month_prefix(text: &str) -> Option<(u32, &str)> {
    MONTH_NAMES.iter().find_map(|(name, month)| {
        let rest = text.strip_prefix(name)?;
        Some((*month, rest.strip_prefix('.').unwrap_or(rest)))
    })
}

/// `3` or `three` (also `a`/`an` for one), the whole of `text`.
pub fn count(text: &str) -> Option<u64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    NUMBER_WORDS.iter().find(|(word, _)| *word == text).map(|(_, n)| *n)
}

/// `3 months`, `three months`, `a year`, `half a year`, `a year and a half`: how many calendar months
/// the span touches (a half month touches one more), within the limits the Chinese forms have.
pub fn duration_in_months(text: &str) -> Option<i64> {
    let mut text = text;
    while let Some(rest) = DURATION_LEADS.iter().find_map(|lead| text.strip_prefix(lead)) {
        text = rest;
    }
    match text {
        "halfayear" | "halfyear" => return Some(6),
        "halfamonth" => return Some(1),
        _ => {}
    }
    let (text, half_after) = text.strip_suffix("andahalf").map_or((text, false), |t| (t, true));
    let (body, per) = ["months", "month"]
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .map(|body| (body, 1))
        .or_else(|| ["years", "year"].iter().find_map(|unit| text.strip_suffix(unit)).map(|body| (body, 12)))?;
    let (body, half_before) = body.strip_suffix("andahalf").map_or((body, false), |b| (b, true));
    let n = i64::try_from(count(body)?).ok()?;
    let most = if per == 12 { 10 } else { 120 };
    let half = if half_after || half_before { if per == 12 { 6 } else { 1 } } else { 0 };
    (1..=most).contains(&n).then_some(n * per + half)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_are_read_in_full_and_abbreviated() {
        assert_eq!(month_prefix("october2025"), Some((10, "2025")));
        assert_eq!(month_prefix("oct.2025"), Some((10, "2025")));
        assert_eq!(month_prefix("sept-nov"), Some((9, "-nov")));
        assert_eq!(month_prefix("march"), Some((3, "")));
        assert_eq!(month_prefix("mar"), Some((3, "")));
        assert_eq!(month_prefix("may"), Some((5, "")));
        assert_eq!(month_prefix("month"), None);
        assert_eq!(month_prefix("2025"), None);
    }

    #[test]
    fn counts_are_digits_or_small_number_words() {
        assert_eq!(count("3"), Some(3));
        assert_eq!(count("three"), Some(3));
        assert_eq!(count("a"), Some(1));
        assert_eq!(count("twelve"), Some(12));
        assert_eq!(count("several"), None);
        assert_eq!(count(""), None);
        assert_eq!(count(&"9".repeat(40)), None);
    }

    #[test]
    fn durations_are_counted_in_calendar_months() {
        for (text, months) in [
            ("3months", 3),
            ("threemonths", 3),
            ("thelast3months", 3),
            ("aboutsixmonths", 6),
            ("amonth", 1),
            ("1year", 12),
            ("ayear", 12),
            ("twoyears", 24),
            ("halfayear", 6),
            ("ayearandahalf", 18),
            ("oneandahalfyears", 18),
            ("twoandahalfmonths", 3),
            ("120months", 120),
        ] {
            assert_eq!(duration_in_months(text), Some(months), "{text}");
        }
        for text in ["lastmonth", "thisyear", "months", "0months", "121months", "11years", "severalmonths", "oct2025"] {
            assert_eq!(duration_in_months(text), None, "{text}");
        }
    }
}
