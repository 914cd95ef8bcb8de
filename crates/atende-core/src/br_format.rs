//! Brazilian amounts and dates as people type them: `R$ 1.234,56` and
//! `31/03/2026`.
//!
//! Used by the spreadsheet import and by the SPA's inputs alike, so both
//! accept and refuse the same texts. Amounts are exact: [`Brl`] counts
//! cents in an `i64`, never a float. Anything that could be read two ways
//! (`1.234` is one thousand two hundred and thirty-four in Brazil and one
//! point two three four in the United States) is refused with a message
//! that shows how to write it, rather than guessed: a wrong guess on an
//! amount is off by a factor of a thousand.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};

use crate::locale::Locale;

/// An amount in reais, exact to the cent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Brl(i64);

impl Brl {
    /// From a number of cents.
    pub const fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    /// The number of cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// `1.234,56`, `-0,50`: the Brazilian written form without the symbol.
    pub fn to_br_string(self) -> String {
        let abs = self.0.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::with_capacity(units.len() + units.len() / 3 + 4);
        for (i, digit) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped},{:02}", abs % 100)
    }
}

impl fmt::Display for Brl {
    /// `R$ 1.234,56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R$ {}", self.to_br_string())
    }
}

/// Why a cell or an input is not the amount or date it should be. Each
/// carries the text as the user wrote it, so the message can quote it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    #[error("{}", self.bilingual())]
    Required,
    #[error("{}", self.bilingual())]
    InvalidAmount(String),
    /// `1.234` or `1,234`: thousands or decimals?
    #[error("{}", self.bilingual())]
    AmbiguousAmount(String),
    /// `1234.56`, `1,234.56`: the American way.
    #[error("{}", self.bilingual())]
    DecimalPoint(String),
    #[error("{}", self.bilingual())]
    TooManyDecimals(String),
    #[error("{}", self.bilingual())]
    AmountOutOfRange(String),
    #[error("{}", self.bilingual())]
    InvalidDate(String),
    /// `31/02/2026`, or Excel's fictitious 29/02/1900.
    #[error("{}", self.bilingual())]
    NonexistentDate(String),
    /// `31/03/26`: which century?
    #[error("{}", self.bilingual())]
    TwoDigitYear(String),
    /// A spreadsheet error value such as `#N/D` or `#DIV/0!`.
    #[error("{}", self.bilingual())]
    CellError(String),
}

impl ValueError {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        use ValueError::*;
        match (self, locale) {
            (Required, Locale::PtBr) => "campo obrigatório vazio".to_owned(),
            (Required, Locale::En) => "required field is empty".to_owned(),
            (InvalidAmount(t), Locale::PtBr) => {
                format!("valor inválido \"{t}\": escreva como 1.234,56")
            }
            (InvalidAmount(t), Locale::En) => {
                format!("invalid amount \"{t}\": write it as 1.234,56")
            }
            (AmbiguousAmount(t), Locale::PtBr) => format!(
                "valor ambíguo \"{t}\": pode ser milhar ou decimal; escreva 1.234,00 ou 1,23"
            ),
            (AmbiguousAmount(t), Locale::En) => {
                format!("ambiguous amount \"{t}\": thousands or decimals? write 1.234,00 or 1,23")
            }
            (DecimalPoint(t), Locale::PtBr) => format!(
                "valor \"{t}\" usa ponto decimal: no formato brasileiro a vírgula separa os centavos (1.234,56)"
            ),
            (DecimalPoint(t), Locale::En) => format!(
                "amount \"{t}\" uses a decimal point: the Brazilian format separates cents with a comma (1.234,56)"
            ),
            (TooManyDecimals(t), Locale::PtBr) => {
                format!("valor \"{t}\" tem mais de duas casas decimais")
            }
            (TooManyDecimals(t), Locale::En) => {
                format!("amount \"{t}\" has more than two decimal places")
            }
            (AmountOutOfRange(t), Locale::PtBr) => format!("valor \"{t}\" grande demais"),
            (AmountOutOfRange(t), Locale::En) => format!("amount \"{t}\" is too large"),
            (InvalidDate(t), Locale::PtBr) => {
                format!("data inválida \"{t}\": use dd/mm/aaaa")
            }
            (InvalidDate(t), Locale::En) => format!("invalid date \"{t}\": use dd/mm/yyyy"),
            (NonexistentDate(t), Locale::PtBr) => format!("a data \"{t}\" não existe"),
            (NonexistentDate(t), Locale::En) => format!("date \"{t}\" does not exist"),
            (TwoDigitYear(t), Locale::PtBr) => {
                format!("data \"{t}\" com ano de dois dígitos: use dd/mm/aaaa")
            }
            (TwoDigitYear(t), Locale::En) => {
                format!("date \"{t}\" has a two-digit year: use dd/mm/yyyy")
            }
            (CellError(t), Locale::PtBr) => format!("a célula contém o erro {t}"),
            (CellError(t), Locale::En) => format!("the cell holds the error {t}"),
        }
    }

    /// Portuguese first, English second: for logs and for callers that
    /// do not know the reader's language.
    pub fn bilingual(&self) -> String {
        format!(
            "{} / {}",
            self.message(Locale::PtBr),
            self.message(Locale::En)
        )
    }
}

fn trim(text: &str) -> &str {
    // `char::is_whitespace` covers the no-break space Excel puts after "R$".
    text.trim_matches(char::is_whitespace)
}

/// Parses an amount written the Brazilian way: `1.234,56`, `1234,56`,
/// `-1.234,56`, `R$ 1.234,56`, `(1.234,56)` (accounting negative), `1234`.
///
/// Refused: `1.234` and `1,234` (ambiguous), `1234.56` and `1,234.56`
/// (decimal point), more than two decimals, malformed thousands groups.
pub fn parse_brl(text: &str) -> Result<Brl, ValueError> {
    let invalid = || ValueError::InvalidAmount(trim(text).to_owned());
    let mut s = trim(text);
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = trim(inner);
    }
    let take_sign = |s: &mut &str| {
        if let Some(rest) = s.strip_prefix(['-', '−']) {
            *s = trim(rest);
            Some(true)
        } else if let Some(rest) = s.strip_prefix('+') {
            *s = trim(rest);
            Some(false)
        } else {
            None
        }
    };
    let first_sign = take_sign(&mut s);
    if let Some(rest) = s.strip_prefix("R$").or_else(|| s.strip_prefix("r$")) {
        s = trim(rest);
    }
    let second_sign = if first_sign.is_none() {
        take_sign(&mut s)
    } else {
        None
    };
    match (negative, first_sign.or(second_sign)) {
        (true, Some(_)) => return Err(invalid()),
        (false, Some(minus)) => negative = minus,
        _ => {}
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(invalid());
    }
    let (int_part, frac_part) = match s.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(frac) = frac_part {
        if frac.contains('.') {
            return Err(ValueError::DecimalPoint(trim(text).to_owned()));
        }
        if frac.is_empty() || frac.contains(',') || int_part.is_empty() {
            return Err(invalid());
        }
        if frac.len() > 2 {
            return Err(if frac.len() == 3 && !int_part.contains('.') {
                ValueError::AmbiguousAmount(trim(text).to_owned())
            } else {
                ValueError::TooManyDecimals(trim(text).to_owned())
            });
        }
    }
    let groups: Vec<&str> = int_part.split('.').collect();
    if groups.len() > 1 {
        let well_grouped =
            (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !well_grouped {
            let last = groups[groups.len() - 1];
            return Err(
                if frac_part.is_none() && groups.len() == 2 && (1..=2).contains(&last.len()) {
                    ValueError::DecimalPoint(trim(text).to_owned())
                } else {
                    invalid()
                },
            );
        }
        if frac_part.is_none() && groups.len() == 2 {
            return Err(ValueError::AmbiguousAmount(trim(text).to_owned()));
        }
    }
    let out_of_range = || ValueError::AmountOutOfRange(trim(text).to_owned());
    let mut cents: i64 = 0;
    for digit in groups.iter().flat_map(|g| g.bytes()) {
        cents = cents
            .checked_mul(10)
            .and_then(|c| c.checked_add(i64::from(digit - b'0')))
            .ok_or_else(out_of_range)?;
    }
    let frac = frac_part.unwrap_or("");
    let frac_cents = match frac.as_bytes() {
        [] => 0,
        [d] => i64::from(d - b'0') * 10,
        [d, e] => i64::from(d - b'0') * 10 + i64::from(e - b'0'),
        _ => return Err(invalid()),
    };
    cents = cents
        .checked_mul(100)
        .and_then(|c| c.checked_add(frac_cents))
        .ok_or_else(out_of_range)?;
    Ok(Brl(if negative { -cents } else { cents }))
}

/// The largest amount a spreadsheet number holds to the cent: beyond 2⁵³
/// cents a double no longer tells neighbouring cents apart.
const MAX_EXACT_CENTS: f64 = 9_007_199_254_740_992.0;

/// An amount from a spreadsheet's number cell (`1234.56`). Refuses
/// fractions of a cent rather than rounding money silently; the tiny
/// binary error of sums like `0.1 + 0.2` is not a fraction of a cent.
pub fn brl_from_number(value: f64) -> Result<Brl, ValueError> {
    let shown = || format_number(value);
    if !value.is_finite() {
        return Err(ValueError::InvalidAmount(shown()));
    }
    let cents = value * 100.0;
    let rounded = cents.round();
    if rounded.abs() > MAX_EXACT_CENTS {
        return Err(ValueError::AmountOutOfRange(shown()));
    }
    if (cents - rounded).abs() > 1e-6 * rounded.abs().max(1.0) {
        return Err(ValueError::TooManyDecimals(shown()));
    }
    // In range (checked above), so the conversion is exact.
    Ok(Brl(rounded as i64))
}

/// A number as a Brazilian would write it in a text: `123`, `12,5`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string().replace('.', ",")
    }
}

/// Excel's first serial day (1900 date system, the default on Windows).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// The date of an Excel serial number (1900 system): 45747 is 31/03/2025.
/// The time of day (the fraction) is ignored. Serial 60 is Excel's
/// fictitious 29/02/1900 and is refused; serials before it are one day off
/// in Excel's count, which this corrects.
pub fn excel_serial_to_date(serial: f64) -> Result<NaiveDate, ValueError> {
    let shown = || format_number(serial);
    // 2958465 is 31/12/9999, the last day Excel knows.
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Err(ValueError::InvalidDate(shown()));
    }
    let days = serial.floor() as i64;
    let date = match days {
        60 => return Err(ValueError::NonexistentDate(shown())),
        d if d < 60 => excel_epoch() + Duration::days(d + 1),
        _ => excel_epoch() + Duration::days(days),
    };
    Ok(date)
}

/// Parses a date: `31/03/2026` or `1/3/2026` (also with `-` or `.`), an
/// ISO `2026-03-31`, either optionally followed by a time that is ignored
/// (`31/03/2026 14:30`), or an Excel serial number as text (`46112`),
/// which is what a CSV export of an unformatted date column holds.
pub fn parse_date(text: &str) -> Result<NaiveDate, ValueError> {
    let s = trim(text);
    let invalid = || ValueError::InvalidDate(s.to_owned());
    let (date_part, time_part) = match s.find([' ', 'T']) {
        Some(at) => (&s[..at], Some(trim(&s[at + 1..]))),
        None => (s, None),
    };
    if let Some(time) = time_part
        && (time.is_empty()
            || time.len() > 15
            || !time
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z')))
    {
        return Err(invalid());
    }
    if time_part.is_none() && !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ',') {
        let serial: f64 = s.replacen(',', ".", 1).parse().map_err(|_| invalid())?;
        return excel_serial_to_date(serial);
    }
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts[..] else {
        return Err(invalid());
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|d| d.is_ascii_digit()))
    {
        return Err(invalid());
    }
    let number = |p: &str| p.parse::<u32>().map_err(|_| invalid());
    let (year, month, day) = match (a.len(), b.len(), c.len()) {
        (4, 1..=2, 1..=2) if date_part.contains('-') => (number(a)?, number(b)?, number(c)?),
        (1..=2, 1..=2, 4) => (number(c)?, number(b)?, number(a)?),
        (1..=2, 1..=2, 2) => return Err(ValueError::TwoDigitYear(s.to_owned())),
        _ => return Err(invalid()),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(invalid());
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
        .ok_or_else(|| ValueError::NonexistentDate(s.to_owned()))
}

/// `31/03/2026`.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brl(text: &str) -> Result<i64, ValueError> {
        parse_brl(text).map(Brl::cents)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn brazilian_amounts_parse_to_exact_cents() {
        for (text, cents) in [
            ("1.234,56", 123_456),
            ("1234,56", 123_456),
            ("-1.234,56", -123_456),
            ("R$ 1.234,56", 123_456),
            ("R$\u{a0}1.234,56", 123_456),
            ("R$1.234,56", 123_456),
            ("-R$ 1.234,56", -123_456),
            ("R$ -1.234,56", -123_456),
            ("(1.234,56)", -123_456),
            ("1.234.567,8", 123_456_780),
            ("1.234.567", 123_456_700),
            ("1234", 123_400),
            ("0,01", 1),
            ("0,5", 50),
            ("  12,30 ", 1_230),
            ("+7", 700),
            ("-0,00", 0),
            ("92.233.720.368.547.758,07", i64::MAX),
        ] {
            assert_eq!(brl(text), Ok(cents), "{text}");
        }
    }

    #[test]
    fn ambiguous_and_foreign_amounts_are_refused_with_a_reason() {
        for text in ["1.234", "1,234", "R$ 10,500"] {
            assert!(
                matches!(brl(text), Err(ValueError::AmbiguousAmount(_))),
                "{text}"
            );
        }
        for text in ["1234.56", "1,234.56", "12.5"] {
            assert!(
                matches!(brl(text), Err(ValueError::DecimalPoint(_))),
                "{text}"
            );
        }
        for text in ["1,2345", "1.234,567"] {
            assert!(
                matches!(brl(text), Err(ValueError::TooManyDecimals(_))),
                "{text}"
            );
        }
        for text in [
            "", "abc", "R$", "1,", ",50", "1.23.456", "12.3456", "1,2,3", "--1", "(-1)", "1 234",
            "1e3",
        ] {
            assert!(
                matches!(brl(text), Err(ValueError::InvalidAmount(_))),
                "{text}: {:?}",
                brl(text)
            );
        }
        assert!(matches!(
            brl("92.233.720.368.547.758,08"),
            Err(ValueError::AmountOutOfRange(_))
        ));
    }

    #[test]
    fn messages_say_how_to_write_it_in_both_languages() {
        let error = parse_brl("1.234").unwrap_err();
        assert!(error.message(Locale::PtBr).contains("ambíguo"));
        assert!(error.message(Locale::En).contains("ambiguous"));
        assert_eq!(
            error.to_string(),
            format!(
                "{} / {}",
                error.message(Locale::PtBr),
                error.message(Locale::En)
            )
        );
        assert_eq!(
            parse_date("31/02/2026").unwrap_err().message(Locale::PtBr),
            "a data \"31/02/2026\" não existe"
        );
    }

    #[test]
    fn amounts_format_back_the_brazilian_way() {
        for text in ["1.234,56", "-0,05", "0,00", "12,30", "1.000.000,00"] {
            assert_eq!(parse_brl(text).unwrap().to_br_string(), text);
        }
        assert_eq!(Brl::from_cents(-123_456).to_string(), "R$ -1.234,56");
        assert_eq!(
            Brl::from_cents(i64::MIN).to_br_string(),
            "-92.233.720.368.547.758,08"
        );
    }

    #[test]
    fn number_cells_become_cents_without_rounding_money() {
        assert_eq!(brl_from_number(1234.56).map(Brl::cents), Ok(123_456));
        assert_eq!(brl_from_number(-0.5).map(Brl::cents), Ok(-50));
        assert_eq!(brl_from_number(0.1 + 0.2).map(Brl::cents), Ok(30));
        assert_eq!(
            brl_from_number(1e12).map(Brl::cents),
            Ok(100_000_000_000_000)
        );
        assert!(matches!(
            brl_from_number(12.345),
            Err(ValueError::TooManyDecimals(t)) if t == "12,345"
        ));
        assert!(matches!(
            brl_from_number(1e17),
            Err(ValueError::AmountOutOfRange(_))
        ));
        assert!(brl_from_number(f64::NAN).is_err());
    }

    #[test]
    fn brazilian_and_iso_dates_parse() {
        for (text, want) in [
            ("31/03/2026", date(2026, 3, 31)),
            ("1/3/2026", date(2026, 3, 1)),
            ("01-03-2026", date(2026, 3, 1)),
            ("01.03.2026", date(2026, 3, 1)),
            ("29/02/2024", date(2024, 2, 29)),
            (" 31/03/2026 14:30 ", date(2026, 3, 31)),
            ("31/03/2026 14:30:15", date(2026, 3, 31)),
            ("2026-03-31", date(2026, 3, 31)),
            ("2026-03-31T00:00:00", date(2026, 3, 31)),
            ("2026-03-31T10:00:00.000Z", date(2026, 3, 31)),
        ] {
            assert_eq!(parse_date(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn bad_dates_are_refused_with_the_right_reason() {
        for text in ["31/02/2026", "29/02/2025", "31/04/2026"] {
            assert!(
                matches!(parse_date(text), Err(ValueError::NonexistentDate(_))),
                "{text}"
            );
        }
        assert!(matches!(
            parse_date("31/03/26"),
            Err(ValueError::TwoDigitYear(_))
        ));
        for text in [
            "",
            "amanhã",
            "32/01/2026",
            "01/13/2026",
            "00/01/2026",
            "2026/03/31",
            "31/03",
            "31/03/2026 lixo",
            "1/2/3/2026",
            "03-31-2026",
            "20260331",
            "0",
        ] {
            assert!(
                matches!(parse_date(text), Err(ValueError::InvalidDate(_))),
                "{text}: {:?}",
                parse_date(text)
            );
        }
    }

    #[test]
    fn excel_serials_count_from_1900_with_excels_leap_year_bug() {
        assert_eq!(excel_serial_to_date(1.0), Ok(date(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Ok(date(1900, 2, 28)));
        assert!(matches!(
            excel_serial_to_date(60.0),
            Err(ValueError::NonexistentDate(_))
        ));
        assert_eq!(excel_serial_to_date(61.0), Ok(date(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(45747.0), Ok(date(2025, 3, 31)));
        assert_eq!(excel_serial_to_date(45747.75), Ok(date(2025, 3, 31)));
        assert_eq!(excel_serial_to_date(2_958_465.0), Ok(date(9999, 12, 31)));
        for bad in [0.0, -1.0, 2_958_466.0, f64::INFINITY] {
            assert!(excel_serial_to_date(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_date("45747"), Ok(date(2025, 3, 31)));
        assert_eq!(parse_date("45747,5"), Ok(date(2025, 3, 31)));
    }

    #[test]
    fn dates_format_as_dd_mm_aaaa() {
        assert_eq!(format_date(date(2026, 3, 1)), "01/03/2026");
        assert_eq!(
            parse_date(&format_date(date(2026, 3, 1))),
            Ok(date(2026, 3, 1))
        );
    }
}
