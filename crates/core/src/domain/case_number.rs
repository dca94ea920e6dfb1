//! Human-readable case numbers, `QX-330102-20261201-0007`: worksite county code, filing date, daily sequence.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{cn_number, id_number};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CaseNumberError {
    #[error("not a case number")]
    Malformed,
    #[error("the county code is not six digits of a known province")]
    InvalidCounty,
    #[error("the date is not a real date")]
    InvalidDate,
    #[error("the sequence number must be 1 or more")]
    InvalidSequence,
}

impl CaseNumberError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Malformed => "case-number-error-malformed",
            Self::InvalidCounty => "case-number-error-county",
            Self::InvalidDate => "case-number-error-date",
            Self::InvalidSequence => "case-number-error-sequence",
        }
    }
}

/// Serialized as its text and re-checked when read back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNumber(String);

impl CaseNumber {
    pub fn new(county_code: &str, date: NaiveDate, seq: u32) -> Result<CaseNumber, CaseNumberError> {
        let county_ok = county_code.len() == 6
            && county_code.bytes().all(|b| b.is_ascii_digit())
            && county_code.get(..2).and_then(|p| p.parse().ok()).is_some_and(id_number::is_province_code);
        if !county_ok {
            return Err(CaseNumberError::InvalidCounty);
        }
        if !(1000..=9999).contains(&date.year()) {
            return Err(CaseNumberError::InvalidDate);
        }
        if seq == 0 {
            return Err(CaseNumberError::InvalidSequence);
        }
        Ok(CaseNumber(format!("QX-{county_code}-{}-{seq:04}", date.format("%Y%m%d"))))
    }

    /// Forgiving of how a worker retypes it: lower case, spaces, full-width digits, `7` for `0007`.
    pub fn parse(input: &str) -> Result<CaseNumber, CaseNumberError> {
        let text = cn_number::compact(input).to_ascii_uppercase();
        let parts: Vec<&str> = text.split('-').collect();
        let ["QX", county, date, seq] = parts.as_slice() else {
            return Err(CaseNumberError::Malformed);
        };
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(county, 6..=6) {
            return Err(CaseNumberError::InvalidCounty);
        }
        if !digits(date, 8..=8) {
            return Err(CaseNumberError::InvalidDate);
        }
        let field = |range: std::ops::Range<usize>| date.get(range).and_then(|s| s.parse().ok());
        let date = field(0..4)
            .and_then(|y: u32| i32::try_from(y).ok())
            .zip(field(4..6).zip(field(6..8)))
            .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or(CaseNumberError::InvalidDate)?;
        if !digits(seq, 1..=10) {
            return Err(CaseNumberError::InvalidSequence);
        }
        let seq = seq.parse().map_err(|_| CaseNumberError::InvalidSequence)?;
        CaseNumber::new(county, date, seq)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CaseNumber {
    type Error = CaseNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CaseNumber> for String {
    fn from(number: CaseNumber) -> Self {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("a real date")
    }

    #[test]
    fn a_new_number_has_the_documented_format() {
        let number = CaseNumber::new("330102", day(), 7).expect("valid input");
        assert_eq!(number.as_str(), "QX-330102-20261201-0007");
        assert_eq!(number.to_string(), "QX-330102-20261201-0007");
        assert_eq!(CaseNumber::new("330102", day(), 12_345).expect("valid input").as_str(), "QX-330102-20261201-12345");
    }

    #[test]
    fn a_retyped_number_is_normalized() {
        for input in
            ["QX-330102-20261201-0007", " qx-330102-20261201-7 ", "ＱＸ－３３０１０２－２０２６１２０１－０００７"]
        {
            assert_eq!(
                CaseNumber::parse(input).map(String::from),
                Ok("QX-330102-20261201-0007".to_string()),
                "{input}"
            );
        }
    }

    #[test]
    fn bad_parts_are_named() {
        assert_eq!(CaseNumber::parse(""), Err(CaseNumberError::Malformed));
        assert_eq!(CaseNumber::parse("AB-330102-20261201-0007"), Err(CaseNumberError::Malformed));
        assert_eq!(CaseNumber::parse("QX-330102-20261201"), Err(CaseNumberError::Malformed));
        assert_eq!(CaseNumber::parse("QX-990102-20261201-0007"), Err(CaseNumberError::InvalidCounty));
        assert_eq!(CaseNumber::parse("QX-33010-20261201-0007"), Err(CaseNumberError::InvalidCounty));
        assert_eq!(CaseNumber::parse("QX-330102-20261301-0007"), Err(CaseNumberError::InvalidDate));
        assert_eq!(CaseNumber::parse("QX-330102-2026121-0007"), Err(CaseNumberError::InvalidDate));
        assert_eq!(CaseNumber::parse("QX-330102-20261201-0000"), Err(CaseNumberError::InvalidSequence));
        assert_eq!(CaseNumber::parse("QX-330102-20261201-99999999999"), Err(CaseNumberError::InvalidSequence));
        assert_eq!(CaseNumber::parse("QX-330102-20261201-🙂"), Err(CaseNumberError::InvalidSequence));
        assert!(CaseNumber::parse(&"QX-".repeat(5_000)).is_err());
    }

    #[test]
    fn new_refuses_a_bad_county_or_sequence() {
        assert_eq!(CaseNumber::new("33010X", day(), 1), Err(CaseNumberError::InvalidCounty));
        assert_eq!(CaseNumber::new("三三0102", day(), 1), Err(CaseNumberError::InvalidCounty));
        assert_eq!(CaseNumber::new("330102", day(), 0), Err(CaseNumberError::InvalidSequence));
        assert_eq!(CaseNumber::new("330102", NaiveDate::MAX, 1), Err(CaseNumberError::InvalidDate));
    }

    #[test]
    fn it_serializes_as_its_text() {
        let number = CaseNumber::new("330102", day(), 7).expect("valid input");
        assert_eq!(serde_json::to_string(&number).expect("serializes"), "\"QX-330102-20261201-0007\"");
        assert_eq!(serde_json::from_str::<CaseNumber>("\"QX-330102-20261201-0007\"").expect("deserializes"), number);
        assert!(serde_json::from_str::<CaseNumber>("\"QX-1\"").is_err());
    }
}
