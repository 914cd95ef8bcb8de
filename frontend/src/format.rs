//! Brazilian formats: dates as dd/mm/aaaa HH:mm in the person's time zone,
//! CNPJ punctuated as it is typed.
//!
//! Dates are formatted in the same Brazilian form in both languages: the
//! people using Atende read dates that way whatever the interface language.
//! Time zones come from the browser's `Intl` (the wasm build carries no
//! time zone database).

use atende_core::cnpj::{Cnpj, CnpjError};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Key;

/// A wall-clock reading in some time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wall {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

/// `dd/mm/aaaa HH:mm` in `time_zone`; in UTC (marked so) when the browser
/// does not know the zone.
pub fn datetime(at: &DateTime<Utc>, time_zone: &str) -> String {
    match wall_clock(at, time_zone) {
        Some(w) => format!(
            "{:02}/{:02}/{:04} {:02}:{:02}",
            w.day, w.month, w.year, w.hour, w.minute
        ),
        None => at.format("%d/%m/%Y %H:%M UTC").to_string(),
    }
}

/// `dd/mm/aaaa` in `time_zone`.
pub fn date(at: &DateTime<Utc>, time_zone: &str) -> String {
    match wall_clock(at, time_zone) {
        Some(w) => format!("{:02}/{:02}/{:04}", w.day, w.month, w.year),
        None => at.format("%d/%m/%Y").to_string(),
    }
}

/// `dd/mm HH:mm` in `time_zone`: a due time that is close, on a card.
pub fn day_month_time(at: &DateTime<Utc>, time_zone: &str) -> String {
    match wall_clock(at, time_zone) {
        Some(w) => format!("{:02}/{:02} {:02}:{:02}", w.day, w.month, w.hour, w.minute),
        None => at.format("%d/%m %H:%M UTC").to_string(),
    }
}

/// A span of minutes as people read it: `45 min`, `2 h`, `1 h 30 min`
/// (the same in both languages). Negative spans read as their size.
pub fn duration(minutes: i64) -> String {
    let minutes = minutes.unsigned_abs();
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A share in percent with at most one decimal (`87,5%` in Portuguese).
pub fn percent(value: f64, locale: atende_core::locale::Locale) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = if rounded.fract() == 0.0 {
        format!("{rounded:.0}%")
    } else {
        format!("{rounded:.1}%")
    };
    match locale {
        atende_core::locale::Locale::PtBr => text.replace('.', ","),
        atende_core::locale::Locale::En => text,
    }
}

/// A report month (`2026-03`) as `03/2026`; anything else as it is.
pub fn month(key: &str) -> String {
    match key.split_once('-') {
        Some((year, month))
            if year.len() == 4
                && month.len() == 2
                && year
                    .chars()
                    .chain(month.chars())
                    .all(|c| c.is_ascii_digit()) =>
        {
            format!("{month}/{year}")
        }
        _ => key.to_owned(),
    }
}

/// The instant a day starts in `time_zone` (for "from" filters).
pub fn day_start(day: NaiveDate, time_zone: &str) -> DateTime<Utc> {
    local_to_utc(day.and_hms_opt(0, 0, 0).unwrap_or_default(), time_zone)
}

/// The last second of a day in `time_zone` (for "to" filters and expiry).
pub fn day_end(day: NaiveDate, time_zone: &str) -> DateTime<Utc> {
    local_to_utc(day.and_hms_opt(23, 59, 59).unwrap_or_default(), time_zone)
}

/// The browser's clock (chrono's own clock does not work in the browser).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(crate::api::now_ms()).unwrap_or_default()
}

/// The instant `day` starts in `time_zone`, as an API query value.
pub fn day_start_param(day: NaiveDate, time_zone: &str) -> String {
    day_start(day, time_zone).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The day an RFC 3339 instant falls on in `time_zone`.
pub fn day_of(instant: &str, time_zone: &str) -> Option<NaiveDate> {
    let at = DateTime::parse_from_rfc3339(instant)
        .ok()?
        .with_timezone(&Utc);
    match wall_clock(&at, time_zone) {
        Some(w) => NaiveDate::from_ymd_opt(w.year, w.month, w.day),
        None => Some(at.date_naive()),
    }
}

/// A file size with the unit people expect: `830 B`, `12 kB`, `1,5 MB`
/// (decimal comma in Portuguese).
pub fn file_size(bytes: i64, locale: atende_core::locale::Locale) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = bytes.max(0) as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let text = if unit == 0 || value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let text = match locale {
        atende_core::locale::Locale::PtBr => text.replace('.', ","),
        atende_core::locale::Locale::En => text,
    };
    format!("{text} {}", UNITS.get(unit).copied().unwrap_or("B"))
}

/// Parses the value of an `<input type="date">` (`aaaa-mm-dd`).
pub fn parse_date_input(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// A date as a date field shows it: `aaaa-mm-dd` → `dd/mm/aaaa` (empty
/// when it is not a date).
pub fn iso_to_br(iso: &str) -> String {
    parse_date_input(iso)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// What is typed in a date field, masked as `dd/mm/aaaa`: digits only
/// (at most eight), the slashes put in as the digits arrive.
pub fn mask_date(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).take(8).collect();
    let mut masked = String::with_capacity(10);
    for (i, digit) in digits.chars().enumerate() {
        if i == 2 || i == 4 {
            masked.push('/');
        }
        masked.push(digit);
    }
    masked
}

/// A typed `dd/mm/aaaa` as `aaaa-mm-dd`; empty while it is not (yet) a
/// real date.
pub fn br_to_iso(typed: &str) -> String {
    let typed = typed.trim();
    if typed.len() != 10 {
        return String::new();
    }
    NaiveDate::parse_from_str(typed, "%d/%m/%Y")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The UTC instant showing `local` on the clocks of `time_zone`: guess
/// that the zone is UTC, see how far its clock is off at that instant, and
/// correct by that much (exact for zones without daylight saving, such as
/// Brazil's since 2019).
fn local_to_utc(local: NaiveDateTime, time_zone: &str) -> DateTime<Utc> {
    let guess = Utc.from_utc_datetime(&local);
    let Some(wall) = wall_clock(&guess, time_zone) else {
        return guess;
    };
    let shown = NaiveDate::from_ymd_opt(wall.year, wall.month, wall.day)
        .and_then(|d| d.and_hms_opt(wall.hour, wall.minute, wall.second));
    match shown {
        Some(shown) => guess - (shown - local),
        None => guess,
    }
}

/// What the clocks of `time_zone` show at `at`, from `Intl.DateTimeFormat`.
fn wall_clock(at: &DateTime<Utc>, time_zone: &str) -> Option<Wall> {
    let formatter = formatter(time_zone)?;
    // Milliseconds fit an f64 exactly for any date Atende shows.
    #[allow(clippy::cast_precision_loss)]
    let millis = at.timestamp_millis() as f64;
    let parts = formatter.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(millis)));
    let mut wall = Wall {
        year: 0,
        month: 0,
        day: 0,
        hour: 0,
        minute: 0,
        second: 0,
    };
    for part in parts.iter() {
        let kind = js_sys::Reflect::get(&part, &JsValue::from_str("type"))
            .ok()
            .and_then(|v| v.as_string());
        let value = js_sys::Reflect::get(&part, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.as_string());
        let (Some(kind), Some(value)) = (kind, value) else {
            continue;
        };
        match kind.as_str() {
            "year" => wall.year = value.parse().ok()?,
            "month" => wall.month = value.parse().ok()?,
            "day" => wall.day = value.parse().ok()?,
            "hour" => wall.hour = value.parse::<u32>().ok()? % 24,
            "minute" => wall.minute = value.parse().ok()?,
            "second" => wall.second = value.parse().ok()?,
            _ => {}
        }
    }
    (wall.month > 0 && wall.day > 0).then_some(wall)
}

/// An `Intl.DateTimeFormat` for `time_zone`, or `None` when the browser
/// rejects the zone. Built through `Reflect` because the constructor throws
/// on an unknown zone, and a JavaScript exception must not cross into Rust.
fn formatter(time_zone: &str) -> Option<js_sys::Intl::DateTimeFormat> {
    let options = js_sys::Object::new();
    for (name, value) in [
        ("timeZone", time_zone),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        js_sys::Reflect::set(
            &options,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        )
        .ok()?;
    }
    let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor = js_sys::Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let locales = js_sys::Array::of1(&JsValue::from_str("pt-BR"));
    let arguments = js_sys::Array::of2(&locales, &options);
    js_sys::Reflect::construct(&constructor, &arguments)
        .ok()
        .map(JsCast::unchecked_into)
}

/// A CNPJ as the person types it: letters upper-cased, anything that is not
/// a letter or digit dropped, the usual punctuation inserted
/// (`11.222.333/0001-81`), at most 14 characters.
pub fn cnpj_as_typed(input: &str) -> String {
    let mut formatted = String::with_capacity(18);
    let characters = input
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(14);
    for (position, c) in characters.enumerate() {
        match position {
            2 | 5 => formatted.push('.'),
            8 => formatted.push('/'),
            12 => formatted.push('-'),
            _ => {}
        }
        formatted.push(c);
    }
    formatted
}

/// What is wrong with a typed CNPJ, as a catalogue key; `None` when it is
/// valid.
pub fn cnpj_problem(input: &str) -> Option<Key> {
    match Cnpj::parse(input) {
        Ok(_) => None,
        Err(CnpjError::Length) => Some(Key::CnpjLength),
        Err(CnpjError::Character) => Some(Key::CnpjCharacter),
        Err(CnpjError::CheckDigits) => Some(Key::CnpjCheckDigits),
        Err(CnpjError::Repeated) => Some(Key::CnpjRepeated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnpj_is_punctuated_as_typed() {
        assert_eq!(cnpj_as_typed(""), "");
        assert_eq!(cnpj_as_typed("11"), "11");
        assert_eq!(cnpj_as_typed("112"), "11.2");
        assert_eq!(cnpj_as_typed("11222333"), "11.222.333");
        assert_eq!(cnpj_as_typed("112223330"), "11.222.333/0");
        assert_eq!(cnpj_as_typed("1122233300018"), "11.222.333/0001-8");
        assert_eq!(cnpj_as_typed("11222333000181"), "11.222.333/0001-81");
        // Extra characters are dropped, letters upper-cased.
        assert_eq!(cnpj_as_typed("11.222.333/0001-8199"), "11.222.333/0001-81");
        assert_eq!(cnpj_as_typed("12abc34501de35"), "12.ABC.345/01DE-35");
        // Re-formatting a formatted value changes nothing.
        assert_eq!(
            cnpj_as_typed(&cnpj_as_typed("4N7KQ2Z8000183")),
            "4N.7KQ.2Z8/0001-83"
        );
    }

    #[test]
    fn cnpj_problems_are_named() {
        assert_eq!(cnpj_problem("11.222.333/0001-81"), None);
        assert_eq!(
            cnpj_problem("11.222.333/0001-82"),
            Some(Key::CnpjCheckDigits)
        );
        assert_eq!(cnpj_problem("11.222.333/0001"), Some(Key::CnpjLength));
        assert_eq!(cnpj_problem("00.000.000/0000-00"), Some(Key::CnpjRepeated));
    }

    #[test]
    fn file_sizes_read_naturally() {
        use atende_core::locale::Locale;
        assert_eq!(file_size(830, Locale::PtBr), "830 B");
        assert_eq!(file_size(12_400, Locale::PtBr), "12 kB");
        assert_eq!(file_size(1_500_000, Locale::PtBr), "1,5 MB");
        assert_eq!(file_size(1_500_000, Locale::En), "1.5 MB");
        assert_eq!(file_size(-1, Locale::En), "0 B");
    }

    #[test]
    fn durations_read_in_hours_and_minutes() {
        assert_eq!(duration(0), "0 min");
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(duration(-15), "15 min");
        assert_eq!(duration(1_500), "25 h");
    }

    #[test]
    fn percents_and_months_read_naturally() {
        use atende_core::locale::Locale;
        assert_eq!(percent(87.5, Locale::PtBr), "87,5%");
        assert_eq!(percent(87.5, Locale::En), "87.5%");
        assert_eq!(percent(100.0, Locale::PtBr), "100%");
        assert_eq!(percent(66.666, Locale::PtBr), "66,7%");
        assert_eq!(month("2026-03"), "03/2026");
        assert_eq!(month("março"), "março");
    }

    #[test]
    fn date_inputs_parse() {
        assert_eq!(
            parse_date_input("2026-11-22"),
            NaiveDate::from_ymd_opt(2026, 11, 22)
        );
        assert_eq!(parse_date_input("22/11/2026"), None);
        assert_eq!(parse_date_input(""), None);
    }

    #[test]
    fn date_fields_read_and_write_brazilian_dates() {
        assert_eq!(iso_to_br("2026-11-22"), "22/11/2026");
        assert_eq!(iso_to_br(""), "");
        assert_eq!(mask_date("2"), "2");
        assert_eq!(mask_date("221"), "22/1");
        assert_eq!(mask_date("22112026"), "22/11/2026");
        assert_eq!(mask_date("22/11/2026"), "22/11/2026");
        assert_eq!(mask_date("22/11/20261"), "22/11/2026");
        assert_eq!(mask_date("ab"), "");
        assert_eq!(br_to_iso("22/11/2026"), "2026-11-22");
        assert_eq!(br_to_iso("31/02/2026"), "");
        assert_eq!(br_to_iso("22/11/20"), "");
        assert_eq!(br_to_iso(""), "");
    }
}
