//! CNPJ, the Brazilian company registry number.
//!
//! Since July 2026 the Receita Federal issues alphanumeric CNPJs: the first
//! twelve characters may be digits or upper-case letters, the last two are
//! numeric check digits. The check-digit rule is the same modulo-11 as
//! before, with each character worth its ASCII code minus 48, so numeric
//! CNPJs are validated by the same code.

use std::fmt;

/// A CNPJ whose check digits are correct; stored normalized (14 characters,
/// no punctuation, letters upper-case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cnpj(String);

/// Why a text is not a CNPJ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CnpjError {
    #[error("a CNPJ has 14 characters")]
    Length,
    #[error("a CNPJ has letters or digits in its first 12 positions and digits in the last 2")]
    Character,
    #[error("the check digits do not match")]
    CheckDigits,
    #[error("a CNPJ cannot repeat one digit throughout")]
    Repeated,
}

const FIRST_WEIGHTS: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const SECOND_WEIGHTS: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

impl Cnpj {
    /// Parses a CNPJ typed in any usual way: `11.222.333/0001-81`,
    /// `11222333000181`, `12.abc.345/01de-35`.
    pub fn parse(text: &str) -> Result<Self, CnpjError> {
        let normalized: String = text
            .chars()
            .filter(|c| !matches!(c, '.' | '/' | '-' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if normalized.chars().count() != 14 {
            return Err(CnpjError::Length);
        }
        let bytes = normalized.as_bytes();
        let base_ok = bytes[..12]
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        let digits_ok = bytes[12..].iter().all(u8::is_ascii_digit);
        if !base_ok || !digits_ok {
            return Err(CnpjError::Character);
        }
        if bytes.iter().all(|b| *b == bytes[0]) {
            return Err(CnpjError::Repeated);
        }
        let first = check_digit(&bytes[..12], &FIRST_WEIGHTS);
        let second = check_digit(&bytes[..13], &SECOND_WEIGHTS);
        if u32::from(bytes[12] - b'0') != first || u32::from(bytes[13] - b'0') != second {
            return Err(CnpjError::CheckDigits);
        }
        Ok(Self(normalized))
    }

    /// The 14 characters, without punctuation.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The usual written form, `11.222.333/0001-81`.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!(
            "{}.{}.{}/{}-{}",
            &s[..2],
            &s[2..5],
            &s[5..8],
            &s[8..12],
            &s[12..]
        )
    }
}

fn check_digit(chars: &[u8], weights: &[u32]) -> u32 {
    let sum: u32 = chars
        .iter()
        .zip(weights)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_cnpjs_with_correct_check_digits_are_accepted() {
        for text in [
            "11.222.333/0001-81",
            "11222333000181",
            " 11.444.777/0001-61 ",
        ] {
            assert!(Cnpj::parse(text).is_ok(), "{text}");
        }
        assert_eq!(
            Cnpj::parse("11.222.333/0001-81").unwrap().as_str(),
            "11222333000181"
        );
    }

    #[test]
    fn the_receita_federal_alphanumeric_example_is_accepted() {
        // The example published with the alphanumeric CNPJ rules.
        let cnpj = Cnpj::parse("12.abc.345/01de-35").unwrap();
        assert_eq!(cnpj.as_str(), "12ABC34501DE35");
        assert_eq!(cnpj.formatted(), "12.ABC.345/01DE-35");
    }

    #[test]
    fn wrong_check_digits_are_refused() {
        assert_eq!(
            Cnpj::parse("11.222.333/0001-82"),
            Err(CnpjError::CheckDigits)
        );
        assert_eq!(
            Cnpj::parse("12.ABC.345/01DE-36"),
            Err(CnpjError::CheckDigits)
        );
    }

    #[test]
    fn malformed_texts_are_refused_with_the_reason() {
        assert_eq!(Cnpj::parse("1122233300018"), Err(CnpjError::Length));
        assert_eq!(Cnpj::parse(""), Err(CnpjError::Length));
        assert_eq!(Cnpj::parse("11.222.333/0001-8A"), Err(CnpjError::Character));
        assert_eq!(Cnpj::parse("11.222.333/0001_81"), Err(CnpjError::Length));
        assert_eq!(Cnpj::parse("00.000.000/0000-00"), Err(CnpjError::Repeated));
    }

    #[test]
    fn formatting_round_trips() {
        let cnpj = Cnpj::parse("11222333000181").unwrap();
        assert_eq!(cnpj.to_string(), "11.222.333/0001-81");
        assert_eq!(Cnpj::parse(&cnpj.to_string()).unwrap(), cnpj);
    }
}
