//! Domain values parsed from what workers type; each type can only hold a valid value.

pub mod case_number;
pub mod cn_number;
pub mod count;
pub mod english;
pub mod id_number;
pub mod money;
pub mod period;
pub mod phone;
#[cfg(test)]
mod prompt_examples;
pub mod sector;
mod total_or_rate;

pub use case_number::{CaseNumber, CaseNumberError};
pub use count::{CountError, WorkerCount};
pub use id_number::{IdNumber, IdNumberError};
pub use money::{AmountError, WageAmount};
pub use period::{PayPeriod, PeriodError, YearMonth};
pub use phone::{PhoneError, PhoneNumber};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::cn_number::NumeralError;
    use super::*;

    const ZH: &str = include_str!("../../../../locales/zh-Hans/parsers.ftl");
    const EN: &str = include_str!("../../../../locales/en/parsers.ftl");

    fn ids(ftl: &str) -> BTreeSet<&str> {
        ftl.lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(id, _)| id)
            .filter(|id| id.starts_with(|c: char| c.is_ascii_lowercase()))
            .collect()
    }

    fn every_message_id() -> Vec<&'static str> {
        use AmountError as A;
        use CaseNumberError as C;
        use CountError as N;
        use IdNumberError as I;
        use PeriodError as P;
        use PhoneError as T;
        let mut all = vec![NumeralError::NotANumber.message_id(), NumeralError::TooLarge.message_id()];
        all.extend(
            [A::Empty, A::NotANumber, A::Zero, A::TooLarge, A::TooManyDecimals, A::Range, A::Rate, A::Negative]
                .map(|e| e.message_id()),
        );
        all.extend(
            [I::Empty, I::Length, I::InvalidCharacter, I::Province, I::BirthDate, I::Checksum].map(|e| e.message_id()),
        );
        all.extend([T::Empty, T::Invalid, T::Length, T::NotMobile].map(|e| e.message_id()));
        all.extend([N::Empty, N::NotANumber, N::Zero, N::Range, N::TooLarge].map(|e| e.message_id()));
        all.extend([P::Empty, P::Unparseable, P::InvalidMonth, P::InFuture, P::EndBeforeStart].map(|e| e.message_id()));
        all.extend([C::Malformed, C::InvalidCounty, C::InvalidDate, C::InvalidSequence].map(|e| e.message_id()));
        all
    }

    #[test]
    fn both_languages_define_the_same_messages() {
        assert_eq!(ids(ZH), ids(EN));
    }

    #[test]
    fn every_error_has_a_message_in_both_languages_and_no_message_is_orphaned() {
        let used: BTreeSet<&str> = every_message_id().into_iter().collect();
        assert_eq!(used.len(), every_message_id().len(), "two errors share a message id");
        assert_eq!(used, ids(ZH));
    }
}
