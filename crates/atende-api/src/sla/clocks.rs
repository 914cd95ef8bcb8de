//! A ticket's SLA clocks: chosen at creation, moved by every change of the
//! ticket, stored in `ticket_sla` within the ticket's transaction.

use atende_core::{
    calendar::{BusinessCalendar, Holidays, WeeklyHours},
    sla::{self, SlaState, TargetClock, TicketFacts},
    tickets::{Priority, TicketStatus},
};
use atende_types::{
    sla::{SlaPeriod, SlaTarget, TicketSla},
    tickets::TicketSlaBrief,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder, sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::{calendar, policy, ticket_sla};
use crate::{companies::entity as company, tickets::entity::ticket};

/// The clocks of one ticket.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Clocks {
    pub first_response: Option<TargetClock>,
    pub resolution: Option<TargetClock>,
    pub warn_percent: u8,
    /// The policy's next-response target: each customer message after the
    /// first response starts a new cycle, met by the next public reply.
    #[serde(default)]
    pub next_response_minutes: Option<i64>,
    #[serde(default)]
    pub next_response: Option<TargetClock>,
    /// Which next-response cycle `next_response` is (1, 2, …): alerts are
    /// keyed by it, so every cycle warns and breaches once.
    #[serde(default)]
    pub next_response_cycle: u32,
}

impl Clocks {
    fn each_mut(&mut self) -> impl Iterator<Item = &mut TargetClock> {
        self.first_response
            .iter_mut()
            .chain(self.resolution.iter_mut())
            .chain(self.next_response.iter_mut())
    }

    pub(super) fn named(&self) -> Vec<(&'static str, &TargetClock)> {
        let mut all = Vec::new();
        if let Some(c) = &self.first_response {
            all.push(("first_response", c));
        }
        if let Some(c) = &self.next_response {
            all.push(("next_response", c));
        }
        if let Some(c) = &self.resolution {
            all.push(("resolution", c));
        }
        all
    }

    /// The name alerts use for a target: next-response cycles apart.
    pub(super) fn alert_target(&self, name: &str) -> String {
        if name == "next_response" {
            format!("next_response.{}", self.next_response_cycle)
        } else {
            name.to_owned()
        }
    }

    /// The clock an alert's target names, if it is still the current one.
    pub(super) fn by_alert_target(&self, target: &str) -> Option<&TargetClock> {
        match target.strip_prefix("next_response.") {
            Some(cycle) if cycle == self.next_response_cycle.to_string() => {
                self.next_response.as_ref()
            }
            Some(_) => None,
            None => self
                .named()
                .into_iter()
                .find(|(name, _)| *name == target)
                .map(|(_, c)| c),
        }
    }
}

/// Builds the core calendar from its stored row.
pub fn calendar_of(row: &calendar::Model) -> Option<BusinessCalendar> {
    let tz = row.time_zone.parse().ok()?;
    let week: WeeklyHours = serde_json::from_str(&row.week).ok()?;
    let holidays: Holidays = serde_json::from_str(&row.holidays).ok()?;
    BusinessCalendar::new(tz, week, holidays).ok()
}

async fn facts(db: &impl ConnectionTrait, t: &ticket::Model) -> Result<TicketFacts, DbErr> {
    let company = company::Entity::find_by_id(t.company_id).one(db).await?;
    Ok(TicketFacts {
        company_id: t.company_id,
        consultancy_id: company.as_ref().and_then(|c| c.consultancy_id),
        segment_id: company.as_ref().and_then(|c| c.segment_id),
        category_id: t.category_id,
        priority: Priority::parse(&t.priority).unwrap_or(Priority::Normal),
    })
}

/// The policy and calendar for `t` now, if any policy matches.
async fn choose(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
) -> Result<Option<(policy::Model, calendar::Model, BusinessCalendar)>, DbErr> {
    let policies = policy::Entity::find()
        .order_by_asc(policy::Column::Position)
        .all(db)
        .await?;
    let parsed: Vec<(policy::Model, sla::Conditions)> = policies
        .into_iter()
        .filter_map(|p| serde_json::from_str(&p.conditions).ok().map(|c| (p, c)))
        .collect();
    let facts = facts(db, t).await?;
    let Some((chosen, _)) = sla::select(&parsed, |(_, c)| c, &facts) else {
        return Ok(None);
    };
    let Some(row) = calendar::Entity::find_by_id(chosen.calendar_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(calendar_of(&row).map(|cal| (chosen.clone(), row, cal)))
}

fn state_and_due(
    clocks: &Clocks,
    cal: &BusinessCalendar,
    now: DateTime<Utc>,
) -> (SlaState, Option<DateTime<Utc>>) {
    let states: Vec<SlaState> = clocks
        .named()
        .iter()
        .map(|(_, c)| c.state(cal, now, clocks.warn_percent))
        .collect();
    let worst = [
        SlaState::Breached,
        SlaState::AtRisk,
        SlaState::Ok,
        SlaState::Paused,
        SlaState::Met,
    ]
    .into_iter()
    .find(|s| states.contains(s))
    .unwrap_or(SlaState::Met);
    let due = clocks.named().iter().filter_map(|(_, c)| c.due(cal)).min();
    (worst, due)
}

pub(super) async fn save(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    (policy_id, calendar_id): (Option<Uuid>, Option<Uuid>),
    clocks: &Clocks,
    timeline: &[SlaPeriod],
    cal: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (state, due) = state_and_due(clocks, cal, now);
    let warn = clocks
        .named()
        .iter()
        .filter(|(_, c)| c.met_at.is_none())
        .filter_map(|(_, c)| c.warn_at(cal, clocks.warn_percent))
        .min();
    let to_text = |v: serde_json::Result<String>| v.map_err(|e| DbErr::Custom(e.to_string()));
    ticket_sla::Entity::insert(ticket_sla::ActiveModel {
        ticket_id: Set(ticket_id),
        policy_id: Set(policy_id),
        calendar_id: Set(calendar_id),
        clocks: Set(to_text(serde_json::to_string(clocks))?),
        timeline: Set(to_text(serde_json::to_string(timeline))?),
        next_due_at: Set(due),
        state: Set(state.as_str().to_owned()),
        next_warn_at: Set(warn),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(ticket_sla::Column::TicketId)
            .update_columns([
                ticket_sla::Column::PolicyId,
                ticket_sla::Column::CalendarId,
                ticket_sla::Column::Clocks,
                ticket_sla::Column::Timeline,
                ticket_sla::Column::NextDueAt,
                ticket_sla::Column::State,
                ticket_sla::Column::NextWarnAt,
                ticket_sla::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    super::alerts::schedule(db, ticket_id, clocks, cal, now).await
}

/// Starts the SLA of a new ticket (nothing when no policy matches).
pub async fn on_created(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some((p, row, cal)) = choose(db, t).await? else {
        return Ok(());
    };
    let clocks = Clocks {
        first_response: p.first_response_minutes.map(|m| TargetClock::start(m, now)),
        resolution: p.resolution_minutes.map(|m| TargetClock::start(m, now)),
        warn_percent: u8::try_from(p.warn_percent).unwrap_or(80),
        next_response_minutes: p.next_response_minutes,
        next_response: None,
        next_response_cycle: 0,
    };
    let timeline = vec![SlaPeriod {
        kind: "running".into(),
        from: now,
        to: None,
        reason: "created".into(),
    }];
    save(
        db,
        t.id,
        (Some(p.id), Some(row.id)),
        &clocks,
        &timeline,
        &cal,
        now,
    )
    .await
}

/// Attaches the SLA a ticket would have had, had its policy existed when
/// it was opened: clocks started at its creation, the first response met
/// when it was answered, the resolution when it was solved, paused while
/// it waits on the client. For history written without the ticket service
/// (sample and seeded tickets); returns whether a policy matched.
pub async fn backfill(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some((p, row, cal)) = choose(db, t).await? else {
        return Ok(false);
    };
    let opened = t.created_at;
    let mut clocks = Clocks {
        first_response: p
            .first_response_minutes
            .map(|m| TargetClock::start(m, opened)),
        resolution: p.resolution_minutes.map(|m| TargetClock::start(m, opened)),
        warn_percent: u8::try_from(p.warn_percent).unwrap_or(80),
        next_response_minutes: p.next_response_minutes,
        next_response: None,
        next_response_cycle: 0,
    };
    let mut timeline = vec![SlaPeriod {
        kind: "running".into(),
        from: opened,
        to: None,
        reason: "created".into(),
    }];
    if let (Some(clock), Some(at)) = (clocks.first_response.as_mut(), t.first_response_at) {
        clock.meet(&cal, at);
    }
    match TicketStatus::parse(&t.status) {
        Some(status @ (TicketStatus::Solved | TicketStatus::Closed)) => {
            let at = t.solved_at.unwrap_or(t.updated_at);
            if let Some(clock) = clocks.resolution.as_mut() {
                clock.meet(&cal, at);
            }
            clocks.each_mut().for_each(|c| c.pause(&cal, at));
            switch(&mut timeline, "paused", status.as_str(), at);
        }
        Some(TicketStatus::Pending) => {
            clocks.each_mut().for_each(|c| c.pause(&cal, t.updated_at));
            switch(&mut timeline, "paused", "pending", t.updated_at);
        }
        _ => {}
    }
    save(
        db,
        t.id,
        (Some(p.id), Some(row.id)),
        &clocks,
        &timeline,
        &cal,
        now,
    )
    .await?;
    Ok(true)
}

fn switch(timeline: &mut Vec<SlaPeriod>, kind: &str, reason: &str, now: DateTime<Utc>) {
    if let Some(last) = timeline.last_mut() {
        if last.kind == kind {
            return;
        }
        last.to = Some(now);
    }
    timeline.push(SlaPeriod {
        kind: kind.into(),
        from: now,
        to: None,
        reason: reason.into(),
    });
}

/// Moves the clocks after a change from `before` to `after`.
pub async fn on_changed(
    db: &impl ConnectionTrait,
    before: &ticket::Model,
    after: &ticket::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(row) = ticket_sla::Entity::find_by_id(after.id).one(db).await? else {
        // No policy matched so far; a new priority or category may match.
        if before.priority != after.priority || before.category_id != after.category_id {
            return on_created(db, after, now).await;
        }
        return Ok(());
    };
    let mut clocks: Clocks = serde_json::from_str(&row.clocks).unwrap_or_default();
    let mut timeline: Vec<SlaPeriod> = serde_json::from_str(&row.timeline).unwrap_or_default();
    let (mut policy_id, mut calendar_id) = (row.policy_id, row.calendar_id);
    // A new priority or category may pick another policy; the business
    // time already elapsed is kept.
    let reclassified = before.priority != after.priority || before.category_id != after.category_id;
    if reclassified && let Some((p, cal_row, _)) = choose(db, after).await? {
        for (slot, target) in [
            (&mut clocks.first_response, p.first_response_minutes),
            (&mut clocks.resolution, p.resolution_minutes),
        ] {
            match (slot.as_mut(), target) {
                (Some(clock), Some(minutes)) => clock.retarget(minutes),
                (None, Some(minutes)) => {
                    let mut clock = TargetClock::start(minutes, now);
                    if timeline.last().is_some_and(|p| p.kind == "paused") {
                        clock.running_since = None;
                    }
                    *slot = Some(clock);
                }
                (Some(_), None) => *slot = None,
                (None, None) => {}
            }
        }
        clocks.warn_percent = u8::try_from(p.warn_percent).unwrap_or(80);
        clocks.next_response_minutes = p.next_response_minutes;
        if let (Some(clock), Some(minutes)) =
            (clocks.next_response.as_mut(), p.next_response_minutes)
        {
            clock.retarget(minutes);
        }
        policy_id = Some(p.id);
        calendar_id = Some(cal_row.id);
    }
    let cal_row = match calendar_id {
        Some(id) => calendar::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let Some(cal_row) = cal_row else {
        return Ok(());
    };
    let Some(cal) = calendar_of(&cal_row) else {
        return Ok(());
    };
    let from = TicketStatus::parse(&before.status);
    let to = TicketStatus::parse(&after.status);
    if before.first_response_at.is_none()
        && after.first_response_at.is_some()
        && let Some(clock) = clocks.first_response.as_mut()
    {
        clock.meet(&cal, now);
    }
    if from != to {
        match to {
            Some(TicketStatus::Pending) => {
                clocks.each_mut().for_each(|c| c.pause(&cal, now));
                switch(&mut timeline, "paused", "pending", now);
            }
            Some(TicketStatus::Solved | TicketStatus::Closed) => {
                if let Some(clock) = clocks.resolution.as_mut() {
                    clock.meet(&cal, now);
                }
                clocks.each_mut().for_each(|c| c.pause(&cal, now));
                switch(&mut timeline, "paused", to.map_or("", |s| s.as_str()), now);
            }
            Some(_) => {
                if from == Some(TicketStatus::Solved)
                    && let Some(clock) = clocks.resolution.as_mut()
                {
                    // Reopened: the resolution clock counts on.
                    clock.met_at = None;
                    clock.breached_when_met = false;
                }
                clocks.each_mut().for_each(|c| c.resume(now));
                switch(&mut timeline, "running", "resumed", now);
            }
            None => {}
        }
    }
    save(
        db,
        after.id,
        (policy_id, calendar_id),
        &clocks,
        &timeline,
        &cal,
        now,
    )
    .await
}

/// A public message on a ticket: a customer's starts a next-response
/// cycle (once the first response is in), a staff reply meets it.
pub async fn on_message(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
    from_customer: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(row) = ticket_sla::Entity::find_by_id(t.id).one(db).await? else {
        return Ok(());
    };
    let mut clocks: Clocks = serde_json::from_str(&row.clocks).unwrap_or_default();
    let Some(minutes) = clocks.next_response_minutes else {
        return Ok(());
    };
    let Some(cal) = (match row.calendar_id {
        Some(id) => calendar::Entity::find_by_id(id)
            .one(db)
            .await?
            .as_ref()
            .and_then(calendar_of),
        None => None,
    }) else {
        return Ok(());
    };
    let timeline: Vec<SlaPeriod> = serde_json::from_str(&row.timeline).unwrap_or_default();
    let waiting = clocks
        .next_response
        .as_ref()
        .is_some_and(|c| c.met_at.is_none());
    if from_customer {
        if t.first_response_at.is_none() || waiting {
            return Ok(());
        }
        let mut clock = TargetClock::start(minutes, now);
        if timeline.last().is_some_and(|p| p.kind == "paused") {
            clock.running_since = None;
        }
        clocks.next_response = Some(clock);
        clocks.next_response_cycle += 1;
    } else if let Some(clock) = clocks.next_response.as_mut() {
        clock.meet(&cal, now);
    } else {
        return Ok(());
    }
    save(
        db,
        t.id,
        (row.policy_id, row.calendar_id),
        &clocks,
        &timeline,
        &cal,
        now,
    )
    .await
}

/// The SLA at a glance of each of `ids` that has one, as of `now`: the
/// state stored at the last change, moved on by the stored warning and due
/// instants (a running clock only gets worse with time).
pub async fn briefs(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<std::collections::BTreeMap<Uuid, TicketSlaBrief>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows = ticket_sla::Entity::find()
        .filter(ticket_sla::Column::TicketId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let state = match row.state.as_str() {
                "ok" | "at_risk" if row.next_due_at.is_some_and(|d| d <= now) => "breached",
                "ok" if row.next_warn_at.is_some_and(|w| w <= now) => "at_risk",
                other => other,
            };
            let brief = TicketSlaBrief {
                state: state.to_owned(),
                due_at: row.next_due_at,
                warn_at: row.next_warn_at,
            };
            (row.ticket_id, brief)
        })
        .collect())
}

/// The SLA of one ticket, as of `now`.
pub async fn view(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    now: DateTime<Utc>,
) -> Result<TicketSla, DbErr> {
    let none = TicketSla {
        policy_id: None,
        policy_name: None,
        state: "none".into(),
        targets: Vec::new(),
        timeline: Vec::new(),
    };
    let Some(row) = ticket_sla::Entity::find_by_id(ticket_id).one(db).await? else {
        return Ok(none);
    };
    let cal = match row.calendar_id {
        Some(id) => calendar::Entity::find_by_id(id)
            .one(db)
            .await?
            .as_ref()
            .and_then(calendar_of),
        None => None,
    };
    let Some(cal) = cal else {
        return Ok(none);
    };
    let clocks: Clocks = serde_json::from_str(&row.clocks).unwrap_or_default();
    let policy_name = match row.policy_id {
        Some(id) => policy::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.name),
        None => None,
    };
    let (state, _) = state_and_due(&clocks, &cal, now);
    let targets = clocks
        .named()
        .into_iter()
        .map(|(kind, c)| SlaTarget {
            kind: kind.into(),
            target_minutes: c.target_minutes,
            due_at: c.due(&cal),
            remaining_minutes: c.remaining(&cal, now).num_minutes(),
            elapsed_minutes: c.elapsed(&cal, now).num_minutes(),
            state: c.state(&cal, now, clocks.warn_percent).as_str().into(),
            met_at: c.met_at,
        })
        .collect();
    Ok(TicketSla {
        policy_id: row.policy_id,
        policy_name,
        state: state.as_str().into(),
        targets,
        timeline: serde_json::from_str(&row.timeline).unwrap_or_default(),
    })
}
