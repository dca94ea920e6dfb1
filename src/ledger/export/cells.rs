//! Cell values as both writers see them, and the two protections every exported text gets:
//! personal data masked unless unmasking was asked for, and formula injection neutralized.

use chrono::NaiveDate;

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Money in fen; written as yuan with a yuan number format.
    Yuan(i64),
    Date(Option<NaiveDate>),
    Int(i64),
}

impl Cell {
    /// Text from someone outside (a worker, an import): neutralized.
    pub fn text(s: impl AsRef<str>) -> Cell {
        Cell::Text(neutralize(s.as_ref()))
    }
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading tab
/// or carriage return can hide one); such text is prefixed with an apostrophe so it stays text
/// (OWASP "CSV injection").
pub fn neutralize(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

/// A name with all but its first character hidden (`李**`), as staff see personal data by default.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() {
        for bad in ["=1+2", "+86 138", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralize(bad), format!("'{bad}"));
        }
        assert_eq!(neutralize("王老板"), "王老板");
        assert_eq!(neutralize("a=b"), "a=b");
    }

    #[test]
    fn names_keep_only_their_first_character() {
        assert_eq!(mask_name("李建国"), "李**");
        assert_eq!(mask_name(" 王 "), "王");
        assert_eq!(mask_name(""), "");
    }
}
