//! Resident ID numbers (居民身份证号码, GB 11643): checksum, province and birth date checked once, at parse.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::cn_number;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdNumberError {
    #[error("no ID number given")]
    Empty,
    #[error("an ID number has 18 characters")]
    Length,
    #[error("an ID number has only digits and a final X")]
    InvalidCharacter,
    #[error("unknown province code")]
    Province,
    #[error("the birth date is not a real date")]
    BirthDate,
    #[error("the check character does not match")]
    Checksum,
}

impl IdNumberError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "id-error-empty",
            Self::Length => "id-error-length",
            Self::InvalidCharacter => "id-error-characters",
            Self::Province => "id-error-province",
            Self::BirthDate => "id-error-birth-date",
            Self::Checksum => "id-error-checksum",
        }
    }
}

/// Province-level codes in use (GB/T 2260). County codes are not checked: they change yearly.
pub fn is_province_code(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// Serialized as the normalized 18-character string and re-checked when read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber {
    value: String,
    birth_date: NaiveDate,
}

impl IdNumber {
    /// Every check but "not born after today", which needs the date (the core reads no clock): for a
    /// number already accepted once (read back) or an example; a worker's typed number is checked with
    /// [`IdNumber::parse_as_of`] and the deployment's today.
    pub fn parse(input: &str) -> Result<IdNumber, IdNumberError> {
        Self::parse_as_of(input, NaiveDate::MAX)
    }

    /// Checks a number, with `today` bounding the birth date.
    pub fn parse_as_of(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
        let value = cn_number::compact(input).to_ascii_uppercase();
        if value.is_empty() {
            return Err(IdNumberError::Empty);
        }
        let bytes = value.as_bytes();
        if !bytes.iter().all(|b| b.is_ascii_digit() || *b == b'X') {
            return Err(IdNumberError::InvalidCharacter);
        }
        let [body @ .., check] = bytes else {
            return Err(IdNumberError::Empty);
        };
        if bytes.len() != 18 {
            return Err(IdNumberError::Length);
        }
        if body.contains(&b'X') {
            return Err(IdNumberError::InvalidCharacter);
        }
        // Every byte of `body` is an ASCII digit from here on.
        let digits: Vec<u32> = body.iter().map(|b| u32::from(b - b'0')).collect();
        let number = |range: std::ops::Range<usize>| digits[range].iter().fold(0, |acc, d| acc * 10 + d);
        if !is_province_code(number(0..2)) {
            return Err(IdNumberError::Province);
        }
        let year = i32::try_from(number(6..10)).map_err(|_| IdNumberError::BirthDate)?;
        let birth_date = NaiveDate::from_ymd_opt(year, number(10..12), number(12..14))
            .filter(|date| date.year() >= 1900 && *date <= today)
            .ok_or(IdNumberError::BirthDate)?;
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        if CHECK_CHARS[(sum % 11) as usize] != *check {
            return Err(IdNumberError::Checksum);
        }
        Ok(IdNumber { value, birth_date })
    }

    /// 18 characters, check character upper-case.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// What staff see unless they unmask (which is logged): `1101**********002X`.
    pub fn masked(&self) -> String {
        let head = self.value.get(..4).unwrap_or_default();
        let tail = self.value.get(14..).unwrap_or_default();
        format!("{head}{}{tail}", "*".repeat(10))
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> Self {
        id.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("a real date")
    }

    fn parse(input: &str) -> Result<IdNumber, IdNumberError> {
        IdNumber::parse_as_of(input, today())
    }

    /// Builds a valid number from 17 digits by computing its check character.
    fn with_check(body: &str) -> String {
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        format!("{body}{}", CHECK_CHARS[(sum % 11) as usize] as char)
    }

    #[test]
    fn the_design_example_is_valid() {
        let id = parse("11010519491231002X").expect("valid input");
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).expect("a real date"));
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        assert_eq!(parse("110105194912310021"), Err(IdNumberError::Checksum));
    }

    #[test]
    fn lower_case_x_full_width_digits_and_spaces_are_accepted() {
        for input in [
            "11010519491231002x",
            "１１０１０５１９４９１２３１００２Ｘ",
            " 110105 19491231 002X ",
            "110105\u{3000}19491231002ｘ",
        ] {
            assert_eq!(parse(input).map(|id| id.as_str().to_string()), Ok("11010519491231002X".to_string()), "{input}");
        }
    }

    #[test]
    fn masking_keeps_the_first_and_last_four() {
        assert_eq!(parse("11010519491231002X").expect("valid input").masked(), "1101**********002X");
    }

    #[test]
    fn an_unknown_province_is_refused_but_an_unknown_county_is_not() {
        assert_eq!(parse(&with_check("99010519491231002")), Err(IdNumberError::Province));
        assert_eq!(parse(&with_check("10010519491231002")), Err(IdNumberError::Province));
        assert!(parse(&with_check("11999919491231002")).is_ok());
        for province in ["15", "23", "37", "46", "54", "65", "71", "81", "83"] {
            assert!(parse(&with_check(&format!("{province}010519900101002"))).is_ok(), "{province}");
        }
    }

    #[test]
    fn an_impossible_birth_date_is_refused() {
        for body in
            ["11010519490230002", "11010518991231002", "11010520261202002", "11010519491301002", "11010500000000002"]
        {
            assert_eq!(parse(&with_check(body)), Err(IdNumberError::BirthDate), "{body}");
        }
        assert!(parse(&with_check("11010520000229002")).is_ok());
        assert!(parse(&with_check("11010520261201002")).is_ok());
    }

    #[test]
    fn wrong_lengths_and_characters_are_refused() {
        assert_eq!(parse(""), Err(IdNumberError::Empty));
        assert_eq!(parse("  "), Err(IdNumberError::Empty));
        assert_eq!(parse("110105491231002"), Err(IdNumberError::Length));
        assert_eq!(parse("11010519491231002X1"), Err(IdNumberError::Length));
        assert_eq!(parse("X1010519491231002X"), Err(IdNumberError::InvalidCharacter));
        assert_eq!(parse("1101051949123100-X"), Err(IdNumberError::InvalidCharacter));
        assert_eq!(parse("身份证11010519491231002X"), Err(IdNumberError::InvalidCharacter));
        assert_eq!(parse(&"1".repeat(10_000)), Err(IdNumberError::Length));
        assert_eq!(parse("🙂\u{202E}\0"), Err(IdNumberError::InvalidCharacter));
    }

    #[test]
    fn it_serializes_as_the_normalized_string_and_is_checked_on_the_way_back() {
        let id = IdNumber::parse("11010519491231002x").expect("valid input");
        assert_eq!(serde_json::to_string(&id).expect("serializes"), "\"11010519491231002X\"");
        assert_eq!(serde_json::from_str::<IdNumber>("\"11010519491231002X\"").expect("deserializes"), id);
        assert!(serde_json::from_str::<IdNumber>("\"110105194912310021\"").is_err());
    }
}
