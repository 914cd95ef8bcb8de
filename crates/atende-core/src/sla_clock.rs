//! The SLA clock: business time on a [`BusinessCalendar`].
//!
//! - [`add_business_minutes`]: the instant `n` business minutes after a
//!   start (a due date).
//! - [`business_minutes_between`]: the business time between two instants
//!   (time elapsed or remaining).
//!
//! Both walk the calendar day by day in its own time zone. Speed: a day's
//! working intervals become UTC instants from one offset lookup (local
//! midnight), and the exact per-instant conversion is used only on days
//! whose UTC offset changes (DST transitions), so a typical SLA addition
//! costs a few hundred nanoseconds.
//!
//! Precision is the second; inputs with sub-second parts keep them.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::calendar::BusinessCalendar;

/// Far enough for any SLA; stops a walk over a calendar whose custom
/// holidays cover every working day.
const MAX_DAYS: i64 = 366 * 20;

/// The UTC instant of local `date` + `minute` minutes. In a DST gap (the
/// local time does not exist) the first instant after the gap is used; in
/// an overlap (it exists twice) the earlier one.
fn exact(calendar: &BusinessCalendar, date: NaiveDate, minute: u16) -> DateTime<Utc> {
    let naive = date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(i64::from(minute));
    resolve(calendar, naive)
}

fn resolve(calendar: &BusinessCalendar, naive: NaiveDateTime) -> DateTime<Utc> {
    match calendar.tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are at most a couple of hours; step until time exists.
            let mut probe = naive;
            for _ in 0..16 {
                probe += Duration::minutes(15);
                if let Some(t) = calendar.tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&naive)
        }
    }
}

/// The working intervals of `date` as UTC instants.
fn utc_intervals(
    calendar: &BusinessCalendar,
    date: NaiveDate,
    midnight: DateTime<Utc>,
    next_midnight: DateTime<Utc>,
) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
    // Same offset all day: intervals are plain offsets from midnight.
    let steady = next_midnight - midnight == Duration::days(1);
    calendar.intervals(date).iter().map(move |&(start, end)| {
        if steady {
            (
                midnight + Duration::minutes(i64::from(start)),
                midnight + Duration::minutes(i64::from(end)),
            )
        } else {
            (exact(calendar, date, start), exact(calendar, date, end))
        }
    })
}

/// Walks the calendar from the local day of `from`, calling `visit` with
/// each working interval in UTC until it returns `true` or the walk limit
/// is reached.
fn walk(
    calendar: &BusinessCalendar,
    from: DateTime<Utc>,
    mut visit: impl FnMut(DateTime<Utc>, DateTime<Utc>) -> bool,
) {
    let mut date = from.with_timezone(&calendar.tz).date_naive();
    let mut midnight = exact(calendar, date, 0);
    for _ in 0..MAX_DAYS {
        let next = date + Duration::days(1);
        let next_midnight = exact(calendar, next, 0);
        for (start, end) in utc_intervals(calendar, date, midnight, next_midnight) {
            if visit(start, end) {
                return;
            }
        }
        date = next;
        midnight = next_midnight;
    }
}

/// The instant `minutes` business minutes after `start`. Zero (or less)
/// returns `start`.
pub fn add_business_minutes(
    calendar: &BusinessCalendar,
    start: DateTime<Utc>,
    minutes: i64,
) -> DateTime<Utc> {
    if minutes <= 0 {
        return start;
    }
    let mut remaining = Duration::minutes(minutes);
    let mut due = start;
    walk(calendar, start, |from, to| {
        let from = from.max(start);
        if to <= from {
            return false;
        }
        let available = to - from;
        if remaining <= available {
            due = from + remaining;
            return true;
        }
        remaining -= available;
        due = to;
        false
    });
    due
}

/// The first business instant at or after `at`: `at` itself when the
/// calendar is open then, else its next opening (`None` when a calendar
/// never opens within the walk's reach).
pub fn next_opening(calendar: &BusinessCalendar, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut found = None;
    walk(calendar, at, |from, to| {
        if to > at {
            found = Some(from.max(at));
            return true;
        }
        false
    });
    found
}

/// The instant `minutes` business minutes before `end` (the latest one
/// from which `minutes` of business time remain until `end`). Zero (or
/// less) returns `end`.
pub fn sub_business_minutes(
    calendar: &BusinessCalendar,
    end: DateTime<Utc>,
    minutes: i64,
) -> DateTime<Utc> {
    if minutes <= 0 {
        return end;
    }
    // Step back a week at a time until enough business time lies between,
    // then narrow down to the second: business time is monotone in the
    // start.
    let enough = |back: i64| {
        business_duration(calendar, end - Duration::seconds(back), end)
            >= Duration::minutes(minutes)
    };
    let mut far = 0_i64;
    for _ in 0..(MAX_DAYS / 7) {
        far += 7 * 86_400;
        if enough(far) {
            break;
        }
    }
    // `near` seconds back is not enough, `far` is.
    let mut near = 0_i64;
    while far - near > 1 {
        let mid = near + (far - near) / 2;
        if enough(mid) {
            far = mid;
        } else {
            near = mid;
        }
    }
    end - Duration::seconds(far)
}

/// Business time between `from` and `to`, in whole minutes (rounded down);
/// negative when `to` is before `from`.
pub fn business_minutes_between(
    calendar: &BusinessCalendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> i64 {
    if to < from {
        return -business_minutes_between(calendar, to, from);
    }
    business_duration(calendar, from, to).num_minutes()
}

/// Business time between `from` and `to` (`to` not before `from`).
pub fn business_duration(
    calendar: &BusinessCalendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Duration {
    let mut total = Duration::zero();
    if to <= from {
        return total;
    }
    walk(calendar, from, |start, end| {
        if start >= to {
            return true;
        }
        let (start, end) = (start.max(from), end.min(to));
        if end > start {
            total += end - start;
        }
        false
    });
    total
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::{Holidays, WeeklyHours};

    /// A local time in São Paulo (UTC−3, no DST since 2019) as UTC.
    fn sp(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        chrono_tz::America::Sao_Paulo
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn office() -> BusinessCalendar {
        BusinessCalendar::brazil_office()
    }

    fn with_carnival() -> BusinessCalendar {
        BusinessCalendar::new(
            chrono_tz::America::Sao_Paulo,
            WeeklyHours::office(),
            Holidays {
                national: true,
                carnival: true,
                ..Holidays::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn the_hard_cases() {
        let cal = office();
        let carnival = with_carnival();
        type Case<'a> = (
            &'a str,
            &'a BusinessCalendar,
            DateTime<Utc>,
            i64,
            DateTime<Utc>,
        );
        let cases: &[Case] = &[
            (
                "within the morning",
                &cal,
                sp(2026, 3, 2, 9, 0),
                60,
                sp(2026, 3, 2, 10, 0),
            ),
            (
                "across lunch",
                &cal,
                sp(2026, 3, 2, 11, 30),
                60,
                sp(2026, 3, 2, 13, 30),
            ),
            (
                "ends exactly at lunch",
                &cal,
                sp(2026, 3, 2, 11, 0),
                60,
                sp(2026, 3, 2, 12, 0),
            ),
            (
                "opened during lunch",
                &cal,
                sp(2026, 3, 2, 12, 30),
                30,
                sp(2026, 3, 2, 13, 30),
            ),
            (
                "overnight",
                &cal,
                sp(2026, 3, 2, 17, 30),
                60,
                sp(2026, 3, 3, 8, 30),
            ),
            (
                "opened at night",
                &cal,
                sp(2026, 3, 2, 22, 0),
                30,
                sp(2026, 3, 3, 8, 30),
            ),
            (
                "over the weekend",
                &cal,
                sp(2026, 3, 6, 17, 0),
                120,
                sp(2026, 3, 9, 9, 0),
            ),
            (
                "opened on Sunday",
                &cal,
                sp(2026, 3, 8, 10, 0),
                60,
                sp(2026, 3, 9, 9, 0),
            ),
            // Good Friday 2026-04-03 before the weekend: Thursday → Monday.
            (
                "holiday Friday",
                &cal,
                sp(2026, 4, 2, 17, 0),
                120,
                sp(2026, 4, 6, 9, 0),
            ),
            // Carnival 2026 (16–17 Feb) observed: Friday → Wednesday.
            (
                "Carnival 2026",
                &carnival,
                sp(2026, 2, 13, 17, 0),
                120,
                sp(2026, 2, 18, 9, 0),
            ),
            (
                "Carnival 2026 not observed",
                &cal,
                sp(2026, 2, 13, 17, 0),
                120,
                sp(2026, 2, 16, 9, 0),
            ),
            // Carnival 2027 (8–9 Feb).
            (
                "Carnival 2027",
                &carnival,
                sp(2027, 2, 5, 17, 0),
                120,
                sp(2027, 2, 10, 9, 0),
            ),
            // 31 Dec 2026 (Thursday) → 1 Jan holiday (Friday) → Monday 4 Jan.
            (
                "year boundary",
                &cal,
                sp(2026, 12, 31, 17, 0),
                120,
                sp(2027, 1, 4, 9, 0),
            ),
            (
                "a full week",
                &cal,
                sp(2026, 3, 2, 8, 0),
                5 * 9 * 60,
                sp(2026, 3, 6, 18, 0),
            ),
        ];
        for (name, calendar, start, minutes, expected) in cases {
            let due = add_business_minutes(calendar, *start, *minutes);
            assert_eq!(due, *expected, "{name}");
            assert_eq!(
                business_minutes_between(calendar, *start, due),
                *minutes,
                "{name}: inverse"
            );
        }
    }

    #[test]
    fn between_counts_only_working_minutes() {
        let cal = office();
        // Friday 17:00 → Monday 09:00: one hour Friday, one hour Monday.
        assert_eq!(
            business_minutes_between(&cal, sp(2026, 3, 6, 17, 0), sp(2026, 3, 9, 9, 0)),
            120
        );
        assert_eq!(
            business_minutes_between(&cal, sp(2026, 3, 9, 9, 0), sp(2026, 3, 6, 17, 0)),
            -120
        );
        assert_eq!(
            business_minutes_between(&cal, sp(2026, 3, 7, 9, 0), sp(2026, 3, 8, 20, 0)),
            0
        );
        assert_eq!(
            business_minutes_between(&cal, sp(2026, 3, 2, 12, 0), sp(2026, 3, 2, 13, 0)),
            0
        );
    }

    /// New York has DST: 8 Mar 2026 springs forward, 1 Nov 2026 falls back.
    fn new_york_24x7() -> BusinessCalendar {
        BusinessCalendar::new(
            chrono_tz::America::New_York,
            WeeklyHours::always(),
            Holidays::default(),
        )
        .unwrap()
    }

    #[test]
    fn dst_days_are_counted_in_real_minutes() {
        let cal = new_york_24x7();
        let ny = |d: u32, m: u32, h: u32| {
            chrono_tz::America::New_York
                .with_ymd_and_hms(2026, m, d, h, 0, 0)
                .earliest()
                .unwrap()
                .with_timezone(&Utc)
        };
        // The spring-forward day has 23 hours, the fall-back day 25.
        assert_eq!(
            business_minutes_between(&cal, ny(8, 3, 0), ny(9, 3, 0)),
            23 * 60
        );
        assert_eq!(
            business_minutes_between(&cal, ny(1, 11, 0), ny(2, 11, 0)),
            25 * 60
        );
        // 24 business hours from Saturday midnight land on Monday 01:00.
        assert_eq!(
            add_business_minutes(&cal, ny(7, 3, 0), 48 * 60),
            ny(9, 3, 1)
        );
    }

    #[test]
    fn office_hours_on_a_dst_day() {
        // Lisbon springs forward at 01:00 on 29 Mar 2026 (a Sunday), so use
        // a calendar that works Sundays 00:00–04:00: 3 real hours that day.
        let mut week = WeeklyHours {
            days: Default::default(),
        };
        week.days[6] = vec![(0, 240)];
        let cal =
            BusinessCalendar::new(chrono_tz::Europe::Lisbon, week, Holidays::default()).unwrap();
        let lisbon = |d: u32, h: u32| {
            chrono_tz::Europe::Lisbon
                .with_ymd_and_hms(2026, 3, d, h, 0, 0)
                .earliest()
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(
            business_minutes_between(&cal, lisbon(28, 12), lisbon(30, 12)),
            180
        );
    }

    fn calendars() -> impl Strategy<Value = BusinessCalendar> {
        prop_oneof![
            Just(office()),
            Just(with_carnival()),
            Just(new_york_24x7()),
            Just(
                BusinessCalendar::new(
                    chrono_tz::Europe::Lisbon,
                    WeeklyHours::office(),
                    Holidays {
                        custom: BTreeSet::from([NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()]),
                        ..Holidays::default()
                    },
                )
                .unwrap()
            ),
            Just(
                BusinessCalendar::new(
                    "America/New_York".parse::<Tz>().unwrap(),
                    WeeklyHours::office(),
                    Holidays::default(),
                )
                .unwrap()
            ),
        ]
    }

    /// Any instant of 2025–2028, to the second.
    fn instants() -> impl Strategy<Value = DateTime<Utc>> {
        (1_735_689_600_i64..1_861_920_000).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
    }

    proptest! {
        #[test]
        fn adding_is_inverted_by_counting(cal in calendars(), start in instants(), minutes in 0_i64..20_000) {
            let due = add_business_minutes(&cal, start, minutes);
            prop_assert!(due >= start);
            prop_assert_eq!(business_minutes_between(&cal, start, due), minutes);
        }

        #[test]
        fn adding_is_monotonic(cal in calendars(), start in instants(), a in 0_i64..10_000, b in 0_i64..10_000) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(add_business_minutes(&cal, start, low) <= add_business_minutes(&cal, start, high));
        }

        #[test]
        fn adding_is_additive(cal in calendars(), start in instants(), a in 0_i64..10_000, b in 0_i64..10_000) {
            let stepwise = add_business_minutes(&cal, add_business_minutes(&cal, start, a), b);
            prop_assert_eq!(stepwise, add_business_minutes(&cal, start, a + b));
        }

        #[test]
        fn counting_is_additive(cal in calendars(), a in instants(), b in instants(), c in instants()) {
            let mut points = [a, b, c];
            points.sort();
            let [a, b, c] = points;
            prop_assert_eq!(
                business_duration(&cal, a, b) + business_duration(&cal, b, c),
                business_duration(&cal, a, c)
            );
        }
    }
}
