//! Tickets (chamados): statuses and the transitions between them,
//! priorities, channels, the human number, reopening, canned-response
//! placeholders, `@mentions` and the text folding search relies on.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

named_enum! {
    /// Where a ticket stands.
    TicketStatus {
        /// Just opened, nobody looked yet.
        New = "new",
        /// Being worked on.
        Open = "open",
        /// Waiting on the customer (the SLA clock pauses).
        Pending = "pending",
        /// Waiting on a third party or internal work.
        OnHold = "on_hold",
        /// Answered; the customer may reopen it for a while.
        Solved = "solved",
        /// Final.
        Closed = "closed",
    }
}

named_enum! {
    /// How urgent a ticket is.
    Priority {
        Low = "low",
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

named_enum! {
    /// How a ticket arrived.
    Channel {
        Portal = "portal",
        Email = "email",
        Api = "api",
        Chat = "chat",
        Phone = "phone",
    }
}

/// A status change that is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a ticket cannot go from `{}` to `{}`", .from.as_str(), .to.as_str())]
pub struct TransitionError {
    pub from: TicketStatus,
    pub to: TicketStatus,
}

impl TicketStatus {
    /// Whether the ticket still needs work (the client panel's "em aberto").
    pub fn is_open(self) -> bool {
        !matches!(self, TicketStatus::Solved | TicketStatus::Closed)
    }

    /// The statuses reachable from this one. `closed` is final; a solved
    /// ticket goes back to `open` when reopened.
    pub fn next(self) -> &'static [TicketStatus] {
        use TicketStatus::*;
        match self {
            New => &[Open, Pending, OnHold, Solved],
            Open => &[Pending, OnHold, Solved],
            Pending => &[Open, OnHold, Solved],
            OnHold => &[Open, Pending, Solved],
            Solved => &[Open, Closed],
            Closed => &[],
        }
    }

    /// Checks a change of status.
    pub fn transition(self, to: TicketStatus) -> Result<TicketStatus, TransitionError> {
        if self.next().contains(&to) {
            Ok(to)
        } else {
            Err(TransitionError { from: self, to })
        }
    }
}

/// The number people quote: `#000123`.
pub fn format_number(number: i64) -> String {
    format!("#{number:06}")
}

/// Why a reopen is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReopenError {
    #[error("only a solved ticket can be reopened")]
    NotSolved,
    #[error("the reopening window of {0} days has passed")]
    WindowPassed(i64),
}

/// Whether a ticket solved at `solved_at` may be reopened at `now`, within
/// `window`.
pub fn check_reopen(
    status: TicketStatus,
    solved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: Duration,
) -> Result<(), ReopenError> {
    if status != TicketStatus::Solved {
        return Err(ReopenError::NotSolved);
    }
    match solved_at {
        Some(at) if now - at > window => Err(ReopenError::WindowPassed(window.num_days())),
        _ => Ok(()),
    }
}

/// Fills `{{name}}` placeholders of a canned response from `values`.
/// Unknown placeholders stay as written, so a typo is visible, not blank.
pub fn fill_placeholders(template: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = after[..end].trim();
                match values.get(key) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `@handles` mentioned in a text (lower-cased, without the `@`, each
/// once, in order). A handle is the local part of a colleague's e-mail.
pub fn mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.');
        if *c != '@' || !starts_word {
            continue;
        }
        let handle: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let handle = handle.trim_end_matches(['.', '-', '_']).to_lowercase();
        if !handle.is_empty() && !found.contains(&handle) {
            found.push(handle);
        }
    }
    found
}

/// Lower-cases and strips diacritics, so "Ação" and "acao" match:
/// what the search index stores and what a query is turned into.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// Whether putting `category` under `new_parent` would make the category
/// tree a loop: the new parent is the category itself or lies below it.
/// `parent_of` answers each category's current parent. A walk longer than
/// `limit` steps is treated as a loop, so a corrupt tree cannot hang it.
pub fn category_parent_loops(
    category: uuid::Uuid,
    new_parent: Option<uuid::Uuid>,
    parent_of: impl Fn(uuid::Uuid) -> Option<uuid::Uuid>,
    limit: usize,
) -> bool {
    let mut next = new_parent;
    for _ in 0..=limit {
        match next {
            None => return false,
            Some(id) if id == category => return true,
            Some(id) => next = parent_of(id),
        }
    }
    true
}

/// How a ticket is named in a URL: its id, or its number as people say it
/// (`41`, `000041`, `#000041`), so `/chamados/41` works as well as the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketKey {
    Id(uuid::Uuid),
    Number(i64),
}

impl TicketKey {
    /// `None` for anything that is neither an id nor a positive number.
    pub fn parse(text: &str) -> Option<TicketKey> {
        let text = text.trim();
        if let Ok(id) = uuid::Uuid::parse_str(text) {
            return Some(TicketKey::Id(id));
        }
        let digits = text.strip_prefix('#').unwrap_or(text);
        if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(TicketKey::Number)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_ticket_is_named_by_id_or_by_number() {
        use super::TicketKey;
        let id = uuid::Uuid::from_u128(7);
        assert_eq!(TicketKey::parse(&id.to_string()), Some(TicketKey::Id(id)));
        assert_eq!(TicketKey::parse("41"), Some(TicketKey::Number(41)));
        assert_eq!(TicketKey::parse("#000041"), Some(TicketKey::Number(41)));
        for bad in ["", "#", "0", "-3", "4a", "1e3", "9999999999999999999"] {
            assert_eq!(TicketKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_category_cannot_move_under_itself_or_its_descendants() {
        let ids: Vec<uuid::Uuid> = (1..=4u128).map(uuid::Uuid::from_u128).collect();
        // 1 > 2 > 3; 4 apart.
        let parent = |id: uuid::Uuid| match id.as_u128() {
            2 => Some(ids[0]),
            3 => Some(ids[1]),
            _ => None,
        };
        assert!(super::category_parent_loops(
            ids[0],
            Some(ids[0]),
            parent,
            100
        ));
        assert!(super::category_parent_loops(
            ids[0],
            Some(ids[2]),
            parent,
            100
        ));
        assert!(!super::category_parent_loops(
            ids[2],
            Some(ids[3]),
            parent,
            100
        ));
        assert!(!super::category_parent_loops(
            ids[3],
            Some(ids[2]),
            parent,
            100
        ));
        assert!(!super::category_parent_loops(ids[1], None, parent, 100));
        // A corrupt tree that loops elsewhere stops at the limit.
        let looping = |id: uuid::Uuid| Some(id);
        assert!(super::category_parent_loops(
            ids[0],
            Some(ids[3]),
            looping,
            5
        ));
    }

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn every_status_reaches_exactly_its_successors() {
        use TicketStatus::*;
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                let allowed = from.transition(*to).is_ok();
                assert_eq!(allowed, from.next().contains(to), "{from:?} → {to:?}");
            }
            assert!(from.transition(*from).is_err(), "{from:?} → itself");
        }
        assert!(Closed.next().is_empty());
        assert_eq!(Solved.transition(Open), Ok(Open));
        assert_eq!(
            New.transition(Closed),
            Err(TransitionError {
                from: New,
                to: Closed
            })
        );
        assert!(Pending.is_open() && !Solved.is_open() && !Closed.is_open());
    }

    #[test]
    fn names_round_trip() {
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(*s));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(*p));
        }
        assert_eq!(Channel::parse("fax"), None);
        assert!(Priority::Urgent > Priority::High);
    }

    #[test]
    fn numbers_have_six_digits_and_grow_past_them() {
        assert_eq!(format_number(123), "#000123");
        assert_eq!(format_number(1_234_567), "#1234567");
    }

    #[test]
    fn a_solved_ticket_reopens_within_the_window_only() {
        let solved = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
        let window = Duration::days(7);
        let s = TicketStatus::Solved;
        assert_eq!(
            check_reopen(s, Some(solved), solved + Duration::days(7), window),
            Ok(())
        );
        assert_eq!(
            check_reopen(s, Some(solved), solved + Duration::days(8), window),
            Err(ReopenError::WindowPassed(7))
        );
        assert_eq!(
            check_reopen(TicketStatus::Open, Some(solved), solved, window),
            Err(ReopenError::NotSolved)
        );
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let values = BTreeMap::from([
            ("cliente.nome", "Padaria Pão Dourado".to_owned()),
            ("chamado.numero", "#000042".to_owned()),
        ]);
        assert_eq!(
            fill_placeholders(
                "Olá {{cliente.nome}}, sobre o {{ chamado.numero }}: {{agente.nome}}",
                &values
            ),
            "Olá Padaria Pão Dourado, sobre o #000042: {{agente.nome}}"
        );
        assert_eq!(fill_placeholders("sem fim {{x", &values), "sem fim {{x");
    }

    #[test]
    fn mentions_are_found_once_and_e_mails_are_not_mentions() {
        assert_eq!(
            mentions("@Maria.Silva veja isso, e @joao. Também @maria.silva! mail: a@b.com"),
            vec!["maria.silva".to_owned(), "joao".to_owned()]
        );
        assert!(mentions("sem menções").is_empty());
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("Ação NÃO concluída"), "acao nao concluida");
        assert_eq!(fold("acao"), fold("AÇÃO"));
    }
}
