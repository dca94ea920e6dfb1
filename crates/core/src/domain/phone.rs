//! Mainland mobile numbers (`1[3-9]` + 9 digits), read past country codes and the separators people type.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::cn_number;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("no phone number given")]
    Empty,
    #[error("a phone number has only digits")]
    Invalid,
    #[error("a mobile number has 11 digits")]
    Length,
    #[error("not a mainland mobile number")]
    NotMobile,
}

impl PhoneError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "phone-error-empty",
            Self::Invalid => "phone-error-invalid",
            Self::Length => "phone-error-length",
            Self::NotMobile => "phone-error-not-mobile",
        }
    }
}

/// Serialized as its 11 digits and re-checked when read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<PhoneNumber, PhoneError> {
        let text: String =
            cn_number::compact(input).chars().filter(|c| !matches!(c, '-' | '.' | '(' | ')' | '—' | '–')).collect();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        // Segment lists are deliberately not checked: carriers add segments every year.
        let digits = text
            .strip_prefix("+86")
            .or_else(|| text.strip_prefix("0086"))
            .or_else(|| text.strip_prefix("86").filter(|rest| rest.len() == 11))
            .unwrap_or(&text);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::Invalid);
        }
        if digits.len() != 11 {
            return Err(PhoneError::Length);
        }
        match digits.as_bytes() {
            [b'1', b'3'..=b'9', ..] => Ok(PhoneNumber(digits.to_string())),
            _ => Err(PhoneError::NotMobile),
        }
    }

    /// The 11 digits, without prefix or separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What staff see unless they unmask (which is logged): `138****8000`.
    pub fn masked(&self) -> String {
        let head = self.0.get(..3).unwrap_or_default();
        let tail = self.0.get(7..).unwrap_or_default();
        format!("{head}****{tail}")
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> Self {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(input: &str) -> Result<String, PhoneError> {
        PhoneNumber::parse(input).map(|p| p.as_str().to_string())
    }

    #[test]
    fn prefixes_and_separators_are_ignored() {
        for input in [
            "13800138000",
            "+8613800138000",
            "+86 138 0013 8000",
            "008613800138000",
            "86 13800138000",
            "138-0013-8000",
            "138.0013.8000",
            "(+86) 138 0013 8000",
            "１３８００１３８０００",
            "+86－138－0013－8000",
        ] {
            assert_eq!(digits(input), Ok("13800138000".to_string()), "{input}");
        }
    }

    #[test]
    fn every_mobile_segment_from_13_to_19_is_accepted() {
        for second in 3..=9 {
            assert!(PhoneNumber::parse(&format!("1{second}912345678")).is_ok(), "{second}");
        }
    }

    #[test]
    fn masking_keeps_the_first_three_and_last_four() {
        assert_eq!(PhoneNumber::parse("13800138000").expect("valid input").masked(), "138****8000");
    }

    #[test]
    fn landlines_and_wrong_segments_are_not_mobile() {
        assert_eq!(digits("12800138000"), Err(PhoneError::NotMobile));
        assert_eq!(digits("05718888888"), Err(PhoneError::NotMobile));
        assert_eq!(digits("23800138000"), Err(PhoneError::NotMobile));
        assert_eq!(digits("86138001380"), Err(PhoneError::NotMobile));
    }

    #[test]
    fn wrong_lengths_are_refused() {
        assert_eq!(digits("1380013800"), Err(PhoneError::Length));
        assert_eq!(digits("138001380001"), Err(PhoneError::Length));
        assert_eq!(digits(&"1".repeat(10_000)), Err(PhoneError::Length));
    }

    #[test]
    fn letters_and_other_country_codes_are_invalid() {
        assert_eq!(digits(""), Err(PhoneError::Empty));
        assert_eq!(digits(" - "), Err(PhoneError::Empty));
        assert_eq!(digits("138OO138OOO"), Err(PhoneError::Invalid));
        assert_eq!(digits("+85291234567"), Err(PhoneError::Invalid));
        assert_eq!(digits("电话13800138000"), Err(PhoneError::Invalid));
        assert_eq!(digits("🙂\u{202E}\u{0}1"), Err(PhoneError::Invalid));
    }

    #[test]
    fn it_serializes_as_its_digits() {
        let phone = PhoneNumber::parse("+86 138 0013 8000").expect("valid input");
        assert_eq!(serde_json::to_string(&phone).expect("serializes"), "\"13800138000\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>("\"13800138000\"").expect("deserializes"), phone);
        assert!(serde_json::from_str::<PhoneNumber>("\"12345\"").is_err());
    }
}
