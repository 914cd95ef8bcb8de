//! Business calendars: the hours a support team works, in a time zone, minus
//! holidays. The SLA clock (`sla_clock`) counts only these minutes.
//!
//! Holidays:
//! - Brazil's national holidays (Lei 662/1949 and later: 1 Jan, Tiradentes,
//!   Labour Day, Independence, Nossa Senhora Aparecida, Finados,
//!   Proclamação da República, Consciência Negra since 2024, Christmas),
//!   plus Good Friday and Corpus Christi, which move with Easter.
//! - Carnival Monday and Tuesday, a *ponto facultativo*: on request.
//! - Optional state holiday sets (by UF) and any custom dates.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Minutes since local midnight: `[start, end)`, `end` up to 1440.
pub type Interval = (u16, u16);

/// Working hours per weekday, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    pub days: [Vec<Interval>; 7],
}

impl WeeklyHours {
    /// Monday to Friday, 08:00–12:00 and 13:00–18:00: the usual Brazilian
    /// office day with a lunch break.
    pub fn office() -> Self {
        let day = vec![(8 * 60, 12 * 60), (13 * 60, 18 * 60)];
        WeeklyHours {
            days: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                vec![],
                vec![],
            ],
        }
    }

    /// Every minute of every day (a 24×7 team).
    pub fn always() -> Self {
        let day = vec![(0, 1440)];
        WeeklyHours {
            days: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
            ],
        }
    }
}

/// Which holidays a calendar observes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Holidays {
    /// Brazil's national holidays, Good Friday and Corpus Christi.
    pub national: bool,
    /// Carnival Monday and Tuesday (ponto facultativo).
    pub carnival: bool,
    /// State holiday sets by UF (`SP`, `RJ`…).
    pub states: Vec<String>,
    /// Any other dates (municipal holidays, company days off).
    pub custom: BTreeSet<NaiveDate>,
}

/// Why a calendar cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the week has no working hours")]
    NoHours,
    #[error("{day}: interval {start}–{end} is empty, out of the day or overlaps the previous one")]
    BadInterval { day: usize, start: u16, end: u16 },
    #[error("unknown state `{0}`")]
    UnknownState(String),
}

/// A validated business calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    pub tz: Tz,
    week: WeeklyHours,
    holidays: Holidays,
}

/// State holidays built in (fixed dates; month, day, name).
const STATE_HOLIDAYS: &[(&str, u32, u32, &str)] = &[
    ("AC", 1, 23, "Dia do Evangélico"),
    ("AL", 9, 16, "Emancipação de Alagoas"),
    ("AM", 9, 5, "Elevação do Amazonas a província"),
    ("BA", 7, 2, "Independência da Bahia"),
    ("CE", 3, 25, "Data Magna do Ceará"),
    ("DF", 4, 21, "Fundação de Brasília"),
    ("MA", 7, 28, "Adesão do Maranhão à Independência"),
    ("MG", 4, 21, "Data Magna de Minas Gerais"),
    ("PA", 8, 15, "Adesão do Pará à Independência"),
    ("PE", 3, 6, "Revolução Pernambucana"),
    ("PI", 10, 19, "Dia do Piauí"),
    ("RJ", 4, 23, "Dia de São Jorge"),
    ("RN", 10, 3, "Mártires de Cunhaú e Uruaçu"),
    ("RS", 9, 20, "Revolução Farroupilha"),
    ("SC", 8, 11, "Data Magna de Santa Catarina"),
    ("SE", 7, 8, "Emancipação de Sergipe"),
    ("SP", 7, 9, "Revolução Constitucionalista"),
    ("TO", 10, 5, "Criação do Tocantins"),
];

/// National fixed-date holidays (month, day, name, first year observed).
const NATIONAL_FIXED: &[(u32, u32, &str, i32)] = &[
    (1, 1, "Confraternização Universal", 0),
    (4, 21, "Tiradentes", 0),
    (5, 1, "Dia do Trabalho", 0),
    (9, 7, "Independência do Brasil", 0),
    (10, 12, "Nossa Senhora Aparecida", 0),
    (11, 2, "Finados", 0),
    (11, 15, "Proclamação da República", 0),
    (11, 20, "Dia Nacional de Zumbi e da Consciência Negra", 2024),
    (12, 25, "Natal", 0),
];

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm, a.k.a.
/// Meeus/Jones/Butcher).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

impl BusinessCalendar {
    /// Validates and builds a calendar.
    pub fn new(tz: Tz, week: WeeklyHours, holidays: Holidays) -> Result<Self, CalendarError> {
        if week.days.iter().all(Vec::is_empty) {
            return Err(CalendarError::NoHours);
        }
        for (day, intervals) in week.days.iter().enumerate() {
            let mut previous_end = 0;
            for &(start, end) in intervals {
                if start >= end || end > 1440 || start < previous_end {
                    return Err(CalendarError::BadInterval { day, start, end });
                }
                previous_end = end;
            }
        }
        for state in &holidays.states {
            if !STATE_HOLIDAYS.iter().any(|(uf, ..)| uf == state) {
                return Err(CalendarError::UnknownState(state.clone()));
            }
        }
        Ok(Self { tz, week, holidays })
    }

    /// São Paulo time, office hours, national holidays.
    pub fn brazil_office() -> Self {
        Self {
            tz: chrono_tz::America::Sao_Paulo,
            week: WeeklyHours::office(),
            holidays: Holidays {
                national: true,
                ..Holidays::default()
            },
        }
    }

    /// The holiday on `date`, if any, by name.
    pub fn holiday(&self, date: NaiveDate) -> Option<&'static str> {
        if self.holidays.custom.contains(&date) {
            return Some("Feriado da empresa");
        }
        let (month, day) = (date.month(), date.day());
        if self.holidays.national
            && let Some((.., name, _)) = NATIONAL_FIXED
                .iter()
                .find(|(m, d, _, since)| *m == month && *d == day && date.year() >= *since)
        {
            return Some(name);
        }
        for state in &self.holidays.states {
            if let Some((.., name)) = STATE_HOLIDAYS
                .iter()
                .find(|(uf, m, d, _)| uf == state && *m == month && *d == day)
            {
                return Some(name);
            }
        }
        if self.holidays.national || self.holidays.carnival {
            let easter = easter(date.year())?;
            let offset = (date - easter).num_days();
            match offset {
                -2 if self.holidays.national => return Some("Sexta-feira Santa"),
                60 if self.holidays.national => return Some("Corpus Christi"),
                -48 if self.holidays.carnival => return Some("Carnaval (segunda-feira)"),
                -47 if self.holidays.carnival => return Some("Carnaval (terça-feira)"),
                _ => {}
            }
        }
        None
    }

    /// The working intervals of `date` (none on holidays).
    pub fn intervals(&self, date: NaiveDate) -> &[Interval] {
        if self.holiday(date).is_some() {
            return &[];
        }
        &self.week.days[date.weekday().num_days_from_monday() as usize]
    }

    /// Every holiday of `year`, in date order (for the calendar editor).
    pub fn holidays_in(&self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        let Some(mut date) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        while date.year() == year {
            if let Some(name) = self.holiday(date) {
                found.push((date, name));
            }
            date += Duration::days(1);
        }
        found
    }

    /// Whether `weekday` has working hours at all.
    pub fn works_on(&self, weekday: Weekday) -> bool {
        !self.week.days[weekday.num_days_from_monday() as usize].is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_matches_the_published_dates() {
        assert_eq!(easter(2024), Some(date(2024, 3, 31)));
        assert_eq!(easter(2025), Some(date(2025, 4, 20)));
        assert_eq!(easter(2026), Some(date(2026, 4, 5)));
        assert_eq!(easter(2027), Some(date(2027, 3, 28)));
        assert_eq!(easter(2038), Some(date(2038, 4, 25)));
    }

    #[test]
    fn national_and_movable_holidays() {
        let calendar = BusinessCalendar::brazil_office();
        assert_eq!(
            calendar.holiday(date(2026, 4, 3)),
            Some("Sexta-feira Santa")
        );
        assert_eq!(calendar.holiday(date(2026, 6, 4)), Some("Corpus Christi"));
        assert_eq!(
            calendar.holiday(date(2026, 11, 20)),
            Some("Dia Nacional de Zumbi e da Consciência Negra")
        );
        assert_eq!(
            calendar.holiday(date(2023, 11, 20)),
            None,
            "national only since 2024"
        );
        // Carnival only on request.
        assert_eq!(calendar.holiday(date(2026, 2, 17)), None);
        assert_eq!(calendar.holidays_in(2026).len(), 11);
    }

    #[test]
    fn carnival_2026_and_2027_when_observed() {
        let calendar = BusinessCalendar::new(
            chrono_tz::America::Sao_Paulo,
            WeeklyHours::office(),
            Holidays {
                national: true,
                carnival: true,
                ..Holidays::default()
            },
        )
        .unwrap();
        assert!(calendar.holiday(date(2026, 2, 16)).is_some());
        assert!(calendar.holiday(date(2026, 2, 17)).is_some());
        assert!(
            calendar.holiday(date(2026, 2, 18)).is_none(),
            "Ash Wednesday works"
        );
        assert!(calendar.holiday(date(2027, 2, 8)).is_some());
        assert!(calendar.holiday(date(2027, 2, 9)).is_some());
    }

    #[test]
    fn states_and_custom_dates() {
        let calendar = BusinessCalendar::new(
            chrono_tz::America::Sao_Paulo,
            WeeklyHours::office(),
            Holidays {
                national: true,
                states: vec!["SP".into()],
                custom: BTreeSet::from([date(2026, 1, 25)]),
                ..Holidays::default()
            },
        )
        .unwrap();
        assert_eq!(
            calendar.holiday(date(2026, 7, 9)),
            Some("Revolução Constitucionalista")
        );
        assert!(calendar.holiday(date(2026, 1, 25)).is_some());
        assert!(calendar.intervals(date(2026, 7, 9)).is_empty());
        assert_eq!(calendar.intervals(date(2026, 7, 10)).len(), 2);
    }

    #[test]
    fn bad_calendars_are_refused() {
        let tz = chrono_tz::America::Sao_Paulo;
        let empty = WeeklyHours {
            days: Default::default(),
        };
        assert_eq!(
            BusinessCalendar::new(tz, empty, Holidays::default()),
            Err(CalendarError::NoHours)
        );
        let mut overlapping = WeeklyHours::office();
        overlapping.days[0] = vec![(480, 720), (700, 800)];
        assert!(BusinessCalendar::new(tz, overlapping, Holidays::default()).is_err());
        let unknown = Holidays {
            states: vec!["XX".into()],
            ..Holidays::default()
        };
        assert!(BusinessCalendar::new(tz, WeeklyHours::office(), unknown).is_err());
    }
}
