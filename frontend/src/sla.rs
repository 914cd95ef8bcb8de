//! The SLA screens' pure rules: a business calendar as its editor holds
//! it (the weekly grid, presets, holidays) and its checks before sending,
//! a week told in a line, SLA targets typed as hours and minutes, and the
//! scale of the report's bars. No browser calls here, so all of it is unit
//! tested.

use atende_core::locale::Locale;
use atende_types::sla::{Calendar, CalendarInput, HoursInterval};
use chrono::NaiveDate;

use crate::i18n::{Key, t};
use crate::labels;

/// The time zone of a new calendar.
pub const DEFAULT_TIME_ZONE: &str = "America/Sao_Paulo";

/// The end of the day, in minutes.
const DAY_END: u16 = 24 * 60;

/// The longest target the API takes, in business minutes (a year).
pub const MAX_TARGET_MINUTES: i64 = 525_600;

/// One working interval as typed (`HH:MM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalDraft {
    pub start: String,
    pub end: String,
}

impl IntervalDraft {
    fn new(start: &str, end: &str) -> Self {
        Self {
            start: start.to_owned(),
            end: end.to_owned(),
        }
    }
}

/// A ready-made week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Monday to Friday, 08:00–12:00 and 13:00–18:00.
    Office,
    /// Every day, all day.
    Always,
}

/// A business calendar as its editor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDraft {
    pub name: String,
    pub time_zone: String,
    /// Seven days, Monday first.
    pub week: Vec<Vec<IntervalDraft>>,
    pub national: bool,
    pub carnival: bool,
    /// UF codes, in the order of [`labels::STATE_HOLIDAYS`].
    pub states: Vec<String>,
    /// Sorted, each once.
    pub custom: Vec<NaiveDate>,
    pub is_default: bool,
}

impl Default for CalendarDraft {
    fn default() -> Self {
        let mut draft = Self {
            name: String::new(),
            time_zone: DEFAULT_TIME_ZONE.to_owned(),
            week: vec![Vec::new(); 7],
            national: true,
            carnival: false,
            states: Vec::new(),
            custom: Vec::new(),
            is_default: false,
        };
        draft.apply(Preset::Office);
        draft
    }
}

/// What is wrong with a calendar before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    NameMissing,
    /// A time that is no `HH:MM` between 00:00 and 24:00.
    BadTime {
        day: usize,
        value: String,
    },
    /// An interval that is empty or overlaps the one before it.
    BadInterval {
        day: usize,
        start: String,
        end: String,
    },
    NoHours,
}

impl CalendarProblem {
    /// What to tell the person.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::NameMissing => t(locale, Key::NameRequired).to_owned(),
            Self::BadTime { day, value } => t(locale, Key::TimeInvalid)
                .replace("{day}", labels::weekday(locale, *day))
                .replace("{value}", value),
            Self::BadInterval { day, start, end } => t(locale, Key::IntervalInvalid)
                .replace("{day}", labels::weekday(locale, *day))
                .replace("{start}", start)
                .replace("{end}", end),
            Self::NoHours => t(locale, Key::WeekWithoutHours).to_owned(),
        }
    }
}

impl CalendarDraft {
    /// A calendar as the API has it, ready to edit.
    pub fn from_calendar(calendar: &Calendar) -> Self {
        let mut week: Vec<Vec<IntervalDraft>> = calendar
            .week
            .iter()
            .map(|day| {
                day.iter()
                    .map(|i| IntervalDraft::new(&i.start, &i.end))
                    .collect()
            })
            .collect();
        week.resize(7, Vec::new());
        let mut custom = calendar.custom_holidays.clone();
        custom.sort_unstable();
        custom.dedup();
        Self {
            name: calendar.name.clone(),
            time_zone: calendar.time_zone.clone(),
            week,
            national: calendar.national_holidays,
            carnival: calendar.carnival,
            states: calendar.states.clone(),
            custom,
            is_default: calendar.is_default,
        }
    }

    /// Replaces the week with a ready-made one.
    pub fn apply(&mut self, preset: Preset) {
        for (day, intervals) in self.week.iter_mut().enumerate() {
            *intervals = match preset {
                Preset::Office if day < 5 => vec![
                    IntervalDraft::new("08:00", "12:00"),
                    IntervalDraft::new("13:00", "18:00"),
                ],
                Preset::Office => Vec::new(),
                Preset::Always => vec![IntervalDraft::new("00:00", "24:00")],
            };
        }
    }

    /// Gives every day the intervals of `day`.
    pub fn copy_to_all(&mut self, day: usize) {
        let Some(source) = self.week.get(day).cloned() else {
            return;
        };
        for intervals in &mut self.week {
            intervals.clone_from(&source);
        }
    }

    /// Adds an interval to `day`, after its last one: an hour after it
    /// ends, up to five hours long (08:00–18:00 on an empty day).
    pub fn add_interval(&mut self, day: usize) {
        let Some(intervals) = self.week.get_mut(day) else {
            return;
        };
        let last_end = intervals.last().and_then(|i| parse_hhmm(&i.end));
        let interval = match last_end {
            None if intervals.is_empty() => IntervalDraft::new("08:00", "18:00"),
            Some(end) if end + 60 < DAY_END => {
                let start = end + 60;
                IntervalDraft::new(&hhmm(start), &hhmm((start + 5 * 60).min(DAY_END)))
            }
            _ => IntervalDraft::new("", ""),
        };
        intervals.push(interval);
    }

    /// Removes the `index`-th interval of `day`.
    pub fn remove_interval(&mut self, day: usize, index: usize) {
        if let Some(intervals) = self.week.get_mut(day)
            && index < intervals.len()
        {
            intervals.remove(index);
        }
    }

    /// Adds a specific date; `false` when it was there already.
    pub fn add_custom(&mut self, date: NaiveDate) -> bool {
        match self.custom.binary_search(&date) {
            Ok(_) => false,
            Err(at) => {
                self.custom.insert(at, date);
                true
            }
        }
    }

    /// Ticks or unticks a state's holidays, keeping the states' order.
    pub fn set_state(&mut self, uf: &str, on: bool) {
        self.states.retain(|s| s != uf);
        if on {
            self.states.push(uf.to_owned());
        }
        let order = |s: &String| {
            labels::STATE_HOLIDAYS
                .iter()
                .position(|(code, ..)| code == s)
                .unwrap_or(usize::MAX)
        };
        self.states.sort_by_key(order);
    }

    /// The request body, or the first problem found. Each day's intervals
    /// are sent in order; they must not be empty nor overlap (the rules
    /// of the server's calendars).
    pub fn input(&self) -> Result<CalendarInput, CalendarProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(CalendarProblem::NameMissing);
        }
        let mut week = Vec::with_capacity(7);
        for (day, intervals) in self.week.iter().enumerate().take(7) {
            let mut parsed = Vec::new();
            for interval in intervals {
                let (start_text, end_text) = (interval.start.trim(), interval.end.trim());
                let time = |value: &str| {
                    parse_hhmm(value).ok_or_else(|| CalendarProblem::BadTime {
                        day,
                        value: value.to_owned(),
                    })
                };
                parsed.push((time(start_text)?, time(end_text)?));
            }
            parsed.sort_unstable();
            let mut previous_end = 0;
            for &(start, end) in &parsed {
                if start >= end || start < previous_end {
                    return Err(CalendarProblem::BadInterval {
                        day,
                        start: hhmm(start),
                        end: hhmm(end),
                    });
                }
                previous_end = end;
            }
            week.push(
                parsed
                    .into_iter()
                    .map(|(start, end)| HoursInterval {
                        start: hhmm(start),
                        end: hhmm(end),
                    })
                    .collect::<Vec<_>>(),
            );
        }
        week.resize(7, Vec::new());
        if week.iter().all(Vec::is_empty) {
            return Err(CalendarProblem::NoHours);
        }
        Ok(CalendarInput {
            name: name.to_owned(),
            time_zone: Some(self.time_zone.clone()),
            week,
            national_holidays: self.national,
            carnival: self.carnival,
            states: self.states.clone(),
            custom_holidays: self.custom.clone(),
            is_default: self.is_default,
        })
    }
}

/// A time of day typed as `HH:MM` (or `H:MM`), in minutes; `24:00` is the
/// end of the day.
pub fn parse_hhmm(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
        return None;
    }
    if !hours
        .chars()
        .chain(minutes.chars())
        .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= DAY_END).then_some(total)
}

/// Minutes of the day as `HH:MM`.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A week in a few lines: consecutive days with the same hours together
/// (`seg–sex: 08:00–12:00, 13:00–18:00`); closed days left out.
pub fn week_summary(locale: Locale, week: &[Vec<HoursInterval>]) -> Vec<String> {
    let hours = |day: &Vec<HoursInterval>| {
        day.iter()
            .map(|i| format!("{}–{}", i.start, i.end))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if week.len() == 7 && !week[0].is_empty() && week.iter().all(|d| *d == week[0]) {
        return vec![format!("{}: {}", t(locale, Key::EveryDay), hours(&week[0]))];
    }
    let mut lines = Vec::new();
    let mut first = 0;
    while first < week.len() {
        let mut last = first;
        while last + 1 < week.len() && week[last + 1] == week[first] {
            last += 1;
        }
        if !week[first].is_empty() {
            let days = if first == last {
                labels::weekday_short(locale, first).to_owned()
            } else {
                format!(
                    "{}–{}",
                    labels::weekday_short(locale, first),
                    labels::weekday_short(locale, last)
                )
            };
            lines.push(format!("{days}: {}", hours(&week[first])));
        }
        first = last + 1;
    }
    lines
}

/// A target in business minutes as the two fields that show it: hours
/// and minutes (both empty for no target).
pub fn split_minutes(minutes: Option<i64>) -> (String, String) {
    match minutes {
        Some(m) if m > 0 => ((m / 60).to_string(), (m % 60).to_string()),
        _ => (String::new(), String::new()),
    }
}

/// Hours and minutes as typed, in minutes: `Ok(None)` when both are empty
/// (no target), `Err(())` when they are not whole numbers or give a
/// target out of 1 minute – 1 year.
pub fn join_minutes(hours: &str, minutes: &str) -> Result<Option<i64>, ()> {
    let (hours, minutes) = (hours.trim(), minutes.trim());
    if hours.is_empty() && minutes.is_empty() {
        return Ok(None);
    }
    let number = |text: &str| -> Result<i64, ()> {
        if text.is_empty() {
            return Ok(0);
        }
        text.parse::<u32>().map(i64::from).map_err(|_| ())
    };
    let total = number(hours)?
        .checked_mul(60)
        .and_then(|h| h.checked_add(number(minutes).ok()?))
        .ok_or(())?;
    if (1..=MAX_TARGET_MINUTES).contains(&total) {
        Ok(Some(total))
    } else {
        Err(())
    }
}

/// The warning share as typed, 1–99; empty is the default (80).
pub fn parse_warn_percent(text: &str) -> Option<i16> {
    let text = text.trim();
    if text.is_empty() {
        return Some(80);
    }
    text.parse::<i16>().ok().filter(|p| (1..=99).contains(p))
}

/// The length of a bar of `value` when `max` fills `width`.
pub fn bar(value: f64, max: f64, width: f64) -> f64 {
    if max <= 0.0 || !value.is_finite() || value <= 0.0 {
        0.0
    } else {
        (value / max).min(1.0) * width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interval(start: &str, end: &str) -> HoursInterval {
        HoursInterval {
            start: start.into(),
            end: end.into(),
        }
    }

    #[test]
    fn times_are_hh_mm_up_to_the_end_of_the_day() {
        assert_eq!(parse_hhmm("08:00"), Some(480));
        assert_eq!(parse_hhmm(" 8:30 "), Some(510));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("00:00"), Some(0));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("12:60"), None);
        assert_eq!(parse_hhmm("1200"), None);
        assert_eq!(parse_hhmm("ab:cd"), None);
        assert_eq!(parse_hhmm("-1:00"), None);
        assert_eq!(parse_hhmm(""), None);
        assert_eq!(hhmm(1440), "24:00");
        assert_eq!(hhmm(65), "01:05");
    }

    #[test]
    fn a_new_calendar_keeps_office_hours_and_national_holidays() {
        let draft = CalendarDraft::default();
        assert_eq!(draft.time_zone, "America/Sao_Paulo");
        assert!(draft.national);
        assert_eq!(draft.week[0].len(), 2);
        assert!(draft.week[5].is_empty() && draft.week[6].is_empty());
        let input = CalendarDraft {
            name: " Escritório ".into(),
            ..draft
        }
        .input()
        .unwrap();
        assert_eq!(input.name, "Escritório");
        assert_eq!(
            input.week[4],
            vec![interval("08:00", "12:00"), interval("13:00", "18:00")]
        );
        assert!(input.week[6].is_empty());
    }

    #[test]
    fn the_grid_is_edited_day_by_day() {
        let mut draft = CalendarDraft {
            name: "24 horas".into(),
            ..CalendarDraft::default()
        };
        draft.remove_interval(0, 1);
        draft.week[0][0] = IntervalDraft::new("00:00", "24:00");
        draft.copy_to_all(0);
        assert!(
            draft
                .week
                .iter()
                .all(|d| d.len() == 1 && d[0].end == "24:00")
        );
        draft.apply(Preset::Office);
        draft.add_interval(0);
        assert_eq!(draft.week[0][2], IntervalDraft::new("19:00", "24:00"));
        draft.add_interval(6);
        assert_eq!(draft.week[6][0], IntervalDraft::new("08:00", "18:00"));
        draft.remove_interval(6, 5);
        assert_eq!(draft.week[6].len(), 1);
        draft.apply(Preset::Always);
        assert_eq!(draft.week[3], vec![IntervalDraft::new("00:00", "24:00")]);
    }

    #[test]
    fn bad_weeks_are_named_before_sending() {
        let mut draft = CalendarDraft {
            name: "x".into(),
            ..CalendarDraft::default()
        };
        draft.week[2][1].start = "25:00".into();
        assert_eq!(
            draft.input(),
            Err(CalendarProblem::BadTime {
                day: 2,
                value: "25:00".into()
            })
        );
        draft.week[2][1].start = "11:00".into();
        assert_eq!(
            draft.input(),
            Err(CalendarProblem::BadInterval {
                day: 2,
                start: "11:00".into(),
                end: "18:00".into()
            })
        );
        assert!(
            draft
                .input()
                .err()
                .is_some_and(|p| p.message(Locale::PtBr).starts_with("Quarta-feira: "))
        );
        // Typed out of order, sent in order.
        draft.week[2] = vec![
            IntervalDraft::new("13:00", "18:00"),
            IntervalDraft::new("08:00", "12:00"),
        ];
        assert!(draft.input().is_ok_and(|i| i.week[2][0].start == "08:00"));
        for day in &mut draft.week {
            day.clear();
        }
        assert_eq!(draft.input(), Err(CalendarProblem::NoHours));
        draft.name = "  ".into();
        assert_eq!(draft.input(), Err(CalendarProblem::NameMissing));
    }

    #[test]
    fn holidays_keep_their_order_and_each_date_once() {
        let mut draft = CalendarDraft::default();
        draft.set_state("SP", true);
        draft.set_state("BA", true);
        draft.set_state("RJ", true);
        draft.set_state("BA", false);
        assert_eq!(draft.states, vec!["RJ", "SP"]);
        let a = NaiveDate::from_ymd_opt(2030, 12, 24).unwrap();
        let b = NaiveDate::from_ymd_opt(2030, 12, 31).unwrap();
        assert!(draft.add_custom(b));
        assert!(draft.add_custom(a));
        assert!(!draft.add_custom(b));
        assert_eq!(draft.custom, vec![a, b]);
    }

    #[test]
    fn a_calendar_round_trips_through_the_editor() {
        let calendar = Calendar {
            id: uuid::Uuid::nil(),
            name: "Plantão".into(),
            time_zone: "America/Manaus".into(),
            week: vec![vec![interval("07:00", "19:00")]; 7],
            national_holidays: false,
            carnival: true,
            states: vec!["AM".into()],
            custom_holidays: Vec::new(),
            is_default: true,
        };
        let draft = CalendarDraft::from_calendar(&calendar);
        let input = draft.input().unwrap();
        assert_eq!(input.week, calendar.week);
        assert_eq!(input.time_zone.as_deref(), Some("America/Manaus"));
        assert!(input.carnival && !input.national_holidays && input.is_default);
    }

    #[test]
    fn weeks_read_in_a_line_per_stretch_of_equal_days() {
        let office = vec![interval("08:00", "12:00"), interval("13:00", "18:00")];
        let mut week = vec![office.clone(); 5];
        week.push(vec![interval("08:00", "12:00")]);
        week.push(Vec::new());
        assert_eq!(
            week_summary(Locale::PtBr, &week),
            vec![
                "seg–sex: 08:00–12:00, 13:00–18:00".to_owned(),
                "sáb: 08:00–12:00".to_owned()
            ]
        );
        let always = vec![vec![interval("00:00", "24:00")]; 7];
        assert_eq!(
            week_summary(Locale::PtBr, &always),
            vec!["todos os dias: 00:00–24:00".to_owned()]
        );
        assert_eq!(
            week_summary(Locale::En, &always),
            vec!["every day: 00:00–24:00".to_owned()]
        );
        assert!(week_summary(Locale::PtBr, &vec![Vec::new(); 7]).is_empty());
    }

    #[test]
    fn targets_are_typed_in_hours_and_minutes() {
        assert_eq!(split_minutes(Some(90)), ("1".into(), "30".into()));
        assert_eq!(split_minutes(Some(10)), ("0".into(), "10".into()));
        assert_eq!(split_minutes(None), (String::new(), String::new()));
        assert_eq!(join_minutes("1", "30"), Ok(Some(90)));
        assert_eq!(join_minutes("", "10"), Ok(Some(10)));
        assert_eq!(join_minutes("8", ""), Ok(Some(480)));
        assert_eq!(join_minutes(" ", ""), Ok(None));
        assert_eq!(join_minutes("0", "0"), Err(()));
        assert_eq!(join_minutes("1,5", ""), Err(()));
        assert_eq!(join_minutes("-1", ""), Err(()));
        assert_eq!(join_minutes("9000", ""), Err(()));
        assert_eq!(parse_warn_percent(""), Some(80));
        assert_eq!(parse_warn_percent("50"), Some(50));
        assert_eq!(parse_warn_percent("100"), None);
        assert_eq!(parse_warn_percent("0"), None);
    }

    #[test]
    fn bars_are_scaled_to_the_largest() {
        assert!((bar(5.0, 10.0, 200.0) - 100.0).abs() < f64::EPSILON);
        assert!((bar(20.0, 10.0, 200.0) - 200.0).abs() < f64::EPSILON);
        assert!(bar(5.0, 0.0, 200.0).abs() < f64::EPSILON);
        assert!(bar(f64::NAN, 10.0, 200.0).abs() < f64::EPSILON);
    }
}
