//! Running rules: the event-log subscriber that answers ticket changes,
//! the timers of time rules, and the actions.
//!
//! A change read from the log (any performer but a rule) starts a cascade
//! ([`Cascade`]): pass 1 runs the create/update rules it triggers, in
//! position order, each against the ticket as the previous ones left it;
//! the changes a pass made trigger the next, up to five passes. Rules act
//! inline, in the subscriber's transaction, so the events they produce
//! carry the rule as performer and are not answered again when the log
//! delivers them. Every firing is written to the ticket's timeline (staff
//! only) with the conditions that matched, and to `automation_firings`.
//!
//! Time rules: after every cascade the ticket's moments are computed and
//! one `automation.timer` job is queued per rule and moment (its key makes
//! it unique); a timer whose moment has moved since finds it so and does
//! nothing, and a firing is recorded once per rule, ticket and moment.

use std::collections::{BTreeMap, BTreeSet};

use atende_core::{
    access::{Access, Bounds},
    automation::{
        self as core, Action, ActionKind, AutoReplyFacts, Calendars, Cascade, Change, ReplySource,
        Rule, RuleDefinition, SlaCondition, TeamAssignment, TicketFacts, UpdateEvent, When,
    },
    events::{DomainEvent, EventKind, PerformerKind, SubjectKind},
    jobs::JobStatus,
    notifications::NotificationKind,
    permissions::Role,
    sla::SlaState,
    tickets::{self as rules, Channel, Priority, TicketStatus},
};
use atende_types::{
    automation::{ConditionResult, RuleFired, RuleLoopLimit, SkippedAction},
    tickets::TicketUpdate,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::entity::{firing, rule};
use crate::{
    audit::AuditContext,
    auth::Actor,
    companies::entity as company,
    error::ApiError,
    events::StoredEvent,
    identity::{user, user_company},
    jobs::{
        NewJob, enqueue,
        worker::{JobContext, JobError},
    },
    sla::{
        clocks::{Clocks, calendar_of},
        entity::{calendar, ticket_sla},
    },
    tickets::{
        catalog::team,
        desk::canned,
        entity::{event, ticket},
        service::{self as tickets, NewMessage},
    },
};

/// The timer job of time rules.
pub const TIMER_KIND: &str = "automation.timer";
/// The job that schedules a time rule's timers on existing tickets.
pub const SCHEDULE_KIND: &str = "automation.schedule";

/// Tickets a scheduling job covers per run.
const SCHEDULE_BATCH: u64 = 500;

/// A stored rule, validated.
#[derive(Debug, Clone)]
pub struct LoadedRule {
    pub row: rule::Model,
    pub rule: Rule,
    pub definition: RuleDefinition,
    /// Empty: installation-wide.
    pub consultancies: BTreeSet<Uuid>,
}

impl LoadedRule {
    /// Reads a stored rule; `None` (with a warning) for a row this version
    /// cannot read.
    pub fn of(row: rule::Model) -> Option<LoadedRule> {
        let definition: RuleDefinition = match serde_json::from_str(&row.definition) {
            Ok(d) => d,
            Err(error) => {
                tracing::warn!(rule = %row.id, %error, "unreadable automation rule");
                return None;
            }
        };
        let rule = match definition.validate(row.id) {
            Ok(r) => r,
            Err(errors) => {
                tracing::warn!(rule = %row.id, ?errors, "invalid stored automation rule");
                return None;
            }
        };
        let consultancies = serde_json::from_str(&row.consultancy_ids).unwrap_or_default();
        Some(LoadedRule {
            row,
            rule,
            definition,
            consultancies,
        })
    }

    /// Whether the rule acts on tickets of `facts`' company.
    pub fn reaches(&self, facts: &TicketFacts) -> bool {
        self.consultancies.is_empty()
            || self.consultancies.contains(&facts.company_id)
            || facts
                .consultancy_id
                .is_some_and(|c| self.consultancies.contains(&c))
    }

    fn is_time(&self) -> bool {
        matches!(self.rule.when, When::Time(_))
    }

    /// The actor a rule's actions run as: no user, the rule as performer,
    /// its name in the timeline and audit log.
    fn actor(&self) -> Actor {
        Actor {
            user: None,
            token_id: None,
            session_id: None,
            role: None,
            access: Access::new(BTreeMap::new(), BTreeSet::new(), Bounds::Scope),
            audit: AuditContext {
                actor: format!("Automação: {}", self.row.name),
                ..AuditContext::system()
            },
            enrollment_only: false,
            rule: Some(self.row.id),
        }
    }
}

/// The rules, in position order (`enabled` only, or all).
pub async fn load_rules(
    db: &impl ConnectionTrait,
    enabled_only: bool,
) -> Result<Vec<LoadedRule>, DbErr> {
    let mut query = rule::Entity::find()
        .order_by_asc(rule::Column::Position)
        .order_by_asc(rule::Column::CreatedAt);
    if enabled_only {
        query = query.filter(rule::Column::Enabled.eq(true));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .filter_map(LoadedRule::of)
        .collect())
}

/// The calendars `rules` name.
pub async fn calendars_of(
    db: &impl ConnectionTrait,
    rules: &[LoadedRule],
) -> Result<Calendars, DbErr> {
    let ids: BTreeSet<Uuid> = rules
        .iter()
        .flat_map(|r| r.rule.references().calendars)
        .collect();
    if ids.is_empty() {
        return Ok(Calendars::new());
    }
    Ok(calendar::Entity::find()
        .filter(calendar::Column::Id.is_in(ids))
        .all(db)
        .await?
        .iter()
        .filter_map(|row| calendar_of(row).map(|c| (row.id, c)))
        .collect())
}

/// What rules see of `t` now.
pub async fn facts(db: &impl ConnectionTrait, t: &ticket::Model) -> Result<TicketFacts, DbErr> {
    let tags = tickets::tags_of(db, t.id).await?;
    let company = company::Entity::find_by_id(t.company_id).one(db).await?;
    let requester_role = match t.requester_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|u| u.role()),
        None => None,
    };
    let status_changed_at = event::Entity::find()
        .filter(event::Column::TicketId.eq(t.id))
        .filter(event::Column::Kind.eq("status_changed"))
        .order_by_desc(event::Column::CreatedAt)
        .one(db)
        .await?
        .map_or(t.created_at, |e| e.created_at);
    let (sla, first_response_due, resolution_due) = sla_facts(db, t.id).await?;
    Ok(TicketFacts {
        id: t.id,
        status: TicketStatus::parse(&t.status).unwrap_or(TicketStatus::Open),
        priority: Priority::parse(&t.priority).unwrap_or(Priority::Normal),
        category_id: t.category_id,
        company_id: t.company_id,
        consultancy_id: company.as_ref().map(|c| c.consultancy_id.unwrap_or(c.id)),
        segment_id: company.as_ref().and_then(|c| c.segment_id),
        channel: Channel::parse(&t.channel).unwrap_or(Channel::Portal),
        tags: tags.into_iter().collect(),
        assignee_id: t.assignee_id,
        team_id: t.team_id,
        requester_role,
        search_text: t.search_text.clone(),
        sla,
        created_at: t.created_at,
        updated_at: t.updated_at,
        status_changed_at,
        first_response_due,
        resolution_due,
    })
}

type SlaFacts = (SlaCondition, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

async fn sla_facts(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<SlaFacts, DbErr> {
    let Some(row) = ticket_sla::Entity::find_by_id(ticket_id).one(db).await? else {
        return Ok((SlaCondition::None, None, None));
    };
    let state = match row.state.as_str() {
        s if s == SlaState::Ok.as_str() => SlaCondition::Ok,
        s if s == SlaState::AtRisk.as_str() => SlaCondition::AtRisk,
        s if s == SlaState::Breached.as_str() => SlaCondition::Breached,
        s if s == SlaState::Met.as_str() => SlaCondition::Met,
        s if s == SlaState::Paused.as_str() => SlaCondition::Paused,
        _ => SlaCondition::None,
    };
    let clocks: Clocks = serde_json::from_str(&row.clocks).unwrap_or_default();
    let calendar = match row.calendar_id {
        Some(id) => calendar::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|c| calendar_of(&c)),
        None => None,
    };
    let due = |clock: Option<&atende_core::sla::TargetClock>| {
        let clock = clock?;
        if clock.met_at.is_some() {
            return None;
        }
        clock.due(calendar.as_ref()?)
    };
    Ok((
        state,
        due(clocks.first_response.as_ref()),
        due(clocks.resolution.as_ref()),
    ))
}

/// The subscriber: answers the ticket changes in `events`.
pub async fn handle(
    ctx: &JobContext<'_>,
    txn: &DatabaseTransaction,
    events: &[StoredEvent],
) -> Result<(), JobError> {
    let changes = changes_of(events);
    if changes.is_empty() {
        return Ok(());
    }
    let rules = load_rules(txn, true).await?;
    if rules.is_empty() {
        return Ok(());
    }
    let calendars = calendars_of(txn, &rules).await?;
    let run = Run {
        txn,
        rules: &rules,
        calendars: &calendars,
        now: ctx.state.clock.now(),
    };
    for (ticket_id, change) in changes {
        run.cascade(ticket_id, Start::Change(change)).await?;
    }
    Ok(())
}

/// The changes in `events` a rule may answer, one per ticket change (the
/// events one change made share ticket, time and performer). Changes made
/// by rules were answered when they were made.
pub fn changes_of(events: &[StoredEvent]) -> Vec<(Uuid, Change)> {
    let mut out: Vec<(Uuid, Change)> = Vec::new();
    let mut group: Vec<DomainEvent> = Vec::new();
    let flush = |group: &mut Vec<DomainEvent>, out: &mut Vec<(Uuid, Change)>| {
        let Some(first) = group.first() else {
            return;
        };
        let by = first.performer.kind;
        let change = if group.iter().any(|e| e.kind == EventKind::TicketCreated) {
            Change::Created { by }
        } else {
            Change::Updated {
                events: core::update_events(group),
                by,
            }
        };
        out.push((first.subject_id, change));
        group.clear();
    };
    for stored in events {
        if stored.subject != SubjectKind::Ticket || stored.performer.kind == PerformerKind::Rule {
            continue;
        }
        let e = stored.domain();
        let same = group.last().is_some_and(|last| {
            last.subject_id == e.subject_id && last.at == e.at && last.performer == e.performer
        });
        if !same {
            flush(&mut group, &mut out);
        }
        group.push(e);
    }
    flush(&mut group, &mut out);
    out
}

/// What starts a cascade.
enum Start {
    Change(Change),
    /// A time rule's moment came.
    Time {
        rule: Uuid,
        due: DateTime<Utc>,
    },
}

/// One delivery's context.
struct Run<'a> {
    txn: &'a DatabaseTransaction,
    rules: &'a [LoadedRule],
    calendars: &'a Calendars,
    now: DateTime<Utc>,
}

/// What a rule's actions did.
#[derive(Default)]
struct Applied {
    produced: BTreeSet<UpdateEvent>,
    done: Vec<ActionKind>,
    skipped: Vec<SkippedAction>,
}

impl Run<'_> {
    async fn ticket(&self, id: Uuid) -> Result<Option<ticket::Model>, DbErr> {
        ticket::Entity::find_by_id(id).one(self.txn).await
    }

    /// Runs the passes that follow `start` on ticket `ticket_id`, then
    /// (re)schedules the ticket's time rules.
    async fn cascade(&self, ticket_id: Uuid, start: Start) -> Result<(), JobError> {
        let Some(t) = self.ticket(ticket_id).await? else {
            return Ok(());
        };
        if t.status == TicketStatus::Closed.as_str() {
            return Ok(());
        }
        let mut facts = facts(self.txn, &t).await?;
        let mut cascade = Cascade::new();
        let mut previous = BTreeMap::new();
        'passes: loop {
            for loaded in self.rules {
                if !loaded.reaches(&facts) {
                    continue;
                }
                let (change, due) = match (&start, cascade.pass()) {
                    (Start::Change(change), 1) if !loaded.is_time() => (change.clone(), None),
                    (Start::Time { rule, due }, 1) if *rule == loaded.row.id => {
                        (Change::Time, Some(*due))
                    }
                    (_, 1) => continue,
                    _ if loaded.is_time() => continue,
                    _ => (cascade.change_for(loaded.row.id, &previous), None),
                };
                if !core::triggered(&loaded.rule, &change) {
                    continue;
                }
                let evaluation = core::evaluate(&loaded.rule, &facts, self.now, self.calendars);
                if !evaluation.matched {
                    continue;
                }
                if cascade.exhausted() {
                    self.record_loop_limit(loaded, ticket_id).await?;
                    break 'passes;
                }
                let applied = self.apply(loaded, ticket_id).await?;
                let fired = RuleFired {
                    rule_id: loaded.row.id,
                    rule: loaded.row.name.clone(),
                    pass: cascade.pass(),
                    trigger: match loaded.rule.when {
                        When::Created { .. } => core::Trigger::Created,
                        When::Updated { .. } => core::Trigger::Updated,
                        When::Time(_) => core::Trigger::Time,
                    },
                    due_at: due,
                    conditions: evaluation
                        .conditions
                        .into_iter()
                        .map(|c| ConditionResult {
                            path: c.path,
                            field: c.field,
                            operator: c.operator,
                            matched: c.matched,
                            actual: c.actual,
                        })
                        .collect(),
                    actions: applied.done,
                    skipped: applied.skipped,
                };
                self.record_firing(ticket_id, &fired, due, "fired").await?;
                cascade.record(loaded.row.id, applied.produced);
                let Some(t) = self.ticket(ticket_id).await? else {
                    return Ok(());
                };
                facts = self::facts(self.txn, &t).await?;
            }
            match cascade.finish_pass() {
                Some(changes) => previous = changes,
                None => break,
            }
        }
        schedule_timers(self.txn, self.rules, self.calendars, &facts, self.now).await?;
        Ok(())
    }

    async fn record_firing(
        &self,
        ticket_id: Uuid,
        fired: &RuleFired,
        deadline: Option<DateTime<Utc>>,
        outcome: &str,
    ) -> Result<(), DbErr> {
        let data = serde_json::to_value(fired).unwrap_or_default();
        tickets::staff_entry(
            self.txn,
            ticket_id,
            "Automação",
            "rule_fired",
            &data,
            self.now,
        )
        .await?;
        firing::Entity::insert(firing::ActiveModel {
            id: Set(Uuid::now_v7()),
            rule_id: Set(fired.rule_id),
            ticket_id: Set(ticket_id),
            deadline: Set(deadline),
            outcome: Set(outcome.to_owned()),
            detail: Set(data.to_string()),
            fired_at: Set(self.now),
        })
        .exec_without_returning(self.txn)
        .await?;
        Ok(())
    }

    async fn record_loop_limit(&self, loaded: &LoadedRule, ticket_id: Uuid) -> Result<(), DbErr> {
        let data = serde_json::to_value(RuleLoopLimit {
            rule_id: loaded.row.id,
            rule: loaded.row.name.clone(),
        })
        .unwrap_or_default();
        tickets::staff_entry(
            self.txn,
            ticket_id,
            "Automação",
            "rule_loop_limit",
            &data,
            self.now,
        )
        .await?;
        firing::Entity::insert(firing::ActiveModel {
            id: Set(Uuid::now_v7()),
            rule_id: Set(loaded.row.id),
            ticket_id: Set(ticket_id),
            deadline: Set(None),
            outcome: Set("loop_limit".into()),
            detail: Set(format!(
                "loop limit reached: {} passes of rules changing ticket {ticket_id}",
                core::MAX_PASSES
            )),
            fired_at: Set(self.now),
        })
        .exec_without_returning(self.txn)
        .await?;
        tracing::warn!(rule = %loaded.row.id, ticket = %ticket_id, "automation loop limit reached");
        Ok(())
    }

    /// Carries out the rule's actions in order; an action the ticket does
    /// not allow (a refused transition, a user out of reach…) is skipped
    /// with its reason, the others go on.
    async fn apply(&self, loaded: &LoadedRule, ticket_id: Uuid) -> Result<Applied, JobError> {
        let actor = loaded.actor();
        let mut applied = Applied::default();
        for action in &loaded.rule.actions {
            let kind = action_kind(action);
            let Some(current) = self.ticket(ticket_id).await? else {
                break;
            };
            let outcome = self.apply_one(loaded, &actor, action, current).await;
            match outcome {
                Ok(Some(events)) => {
                    applied.produced.extend(core::update_events(&events));
                    applied.done.push(kind);
                }
                Ok(None) => applied.done.push(kind),
                Err(Skip(reason)) => applied.skipped.push(SkippedAction {
                    action: kind,
                    reason,
                }),
            }
        }
        Ok(applied)
    }

    async fn update(
        &self,
        actor: &Actor,
        current: ticket::Model,
        change: impl FnOnce(&mut TicketUpdate),
    ) -> Result<Option<Vec<DomainEvent>>, Skip> {
        let mut input = TicketUpdate {
            version: current.version,
            ..TicketUpdate::default()
        };
        change(&mut input);
        let (_, events) = tickets::update_in(self.txn, actor, current, input, self.now).await?;
        Ok(Some(events))
    }

    async fn apply_one(
        &self,
        loaded: &LoadedRule,
        actor: &Actor,
        action: &Action,
        current: ticket::Model,
    ) -> Result<Option<Vec<DomainEvent>>, Skip> {
        match action {
            Action::AssignAgent(user_id) => {
                let user_id = *user_id;
                self.update(actor, current, |u| u.assignee_id = Some(Some(user_id)))
                    .await
            }
            Action::AssignTeam {
                team_id,
                assignment,
            } => {
                let team_id = *team_id;
                let id = current.id;
                let mut events = self
                    .update(actor, current, |u| u.team_id = Some(Some(team_id)))
                    .await?
                    .unwrap_or_default();
                let team = team::Entity::find_by_id(team_id)
                    .one(self.txn)
                    .await?
                    .ok_or_else(|| Skip("not_found".into()))?;
                let strategy = match assignment {
                    TeamAssignment::None => return Ok(Some(events)),
                    TeamAssignment::TeamDefault => team.assignment.clone(),
                    TeamAssignment::RoundRobin => "round_robin".to_owned(),
                    TeamAssignment::LeastOpen => "least_open".to_owned(),
                };
                let Some(current) = self.ticket(id).await? else {
                    return Ok(Some(events));
                };
                let chosen =
                    crate::tickets::assignment::pick(self.txn, &team, &current, &strategy).await?;
                if let Some(user_id) = chosen.filter(|u| current.assignee_id != Some(*u)) {
                    events.extend(
                        self.update(actor, current, |u| u.assignee_id = Some(Some(user_id)))
                            .await?
                            .unwrap_or_default(),
                    );
                }
                Ok(Some(events))
            }
            Action::SetStatus(status) => {
                let status = status.as_str().to_owned();
                self.update(actor, current, |u| u.status = Some(status))
                    .await
            }
            Action::SetPriority(priority) => {
                let priority = priority.as_str().to_owned();
                self.update(actor, current, |u| u.priority = Some(priority))
                    .await
            }
            Action::SetCategory(category) => {
                let category = *category;
                self.update(actor, current, |u| u.category_id = Some(category))
                    .await
            }
            Action::AddTags(added) | Action::RemoveTags(added) => {
                let mut tags: BTreeSet<String> = tickets::tags_of(self.txn, current.id)
                    .await?
                    .into_iter()
                    .collect();
                let before = tags.clone();
                if matches!(action, Action::AddTags(_)) {
                    tags.extend(added.iter().cloned());
                } else {
                    tags.retain(|t| !added.contains(t));
                }
                if tags == before {
                    return Ok(None);
                }
                let tags: Vec<String> = tags.into_iter().collect();
                self.update(actor, current, |u| u.tags = Some(tags)).await
            }
            Action::AddNote(text) => {
                let (_, _, events) = tickets::add_message_in(
                    self.txn,
                    actor,
                    current,
                    NewMessage {
                        internal: true,
                        body: text.clone(),
                        auto_submitted: true,
                    },
                    self.now,
                )
                .await?;
                Ok(Some(events))
            }
            Action::Reply(source) => self.reply(loaded, actor, source, current).await,
            Action::Notify {
                users,
                roles,
                teams,
                message,
            } => {
                let mut recipients = users.clone();
                recipients.extend(self.staff_with_roles(roles, &current).await?);
                if !teams.is_empty() {
                    use crate::tickets::catalog::member;
                    recipients.extend(
                        member::Entity::find()
                            .filter(member::Column::TeamId.is_in(teams.iter().copied()))
                            .all(self.txn)
                            .await?
                            .into_iter()
                            .map(|m| m.user_id),
                    );
                }
                self.notify(&recipients, &current, message).await?;
                Ok(None)
            }
            Action::Escalate {
                assignee_id,
                team_id,
            } => {
                let raised =
                    core::raised(Priority::parse(&current.priority).unwrap_or(Priority::Normal));
                let (assignee_id, team_id) = (*assignee_id, *team_id);
                let ticket = current.clone();
                let events = self
                    .update(actor, current, |u| {
                        u.priority = Some(raised.as_str().to_owned());
                        if let Some(a) = assignee_id {
                            u.assignee_id = Some(Some(a));
                        }
                        if let Some(t) = team_id {
                            u.team_id = Some(Some(t));
                        }
                    })
                    .await?;
                let supervisors = self
                    .staff_with_roles(&BTreeSet::from([Role::Supervisor]), &ticket)
                    .await?;
                self.notify(
                    &supervisors,
                    &ticket,
                    &format!("Escalonado pela regra «{}»", loaded.row.name),
                )
                .await?;
                Ok(events)
            }
        }
    }

    /// An automatic public reply, when [`core::may_auto_reply`] allows it.
    async fn reply(
        &self,
        loaded: &LoadedRule,
        actor: &Actor,
        source: &ReplySource,
        current: ticket::Model,
    ) -> Result<Option<Vec<DomainEvent>>, Skip> {
        let facts = AutoReplyFacts {
            auto_submitted: current.auto_submitted || self.last_message_automatic(&current).await?,
            opened_by_staff: self.opened_by_staff(&current).await?,
            already_replied_by_rule: self.replied_before(loaded.row.id, current.id).await?,
        };
        core::may_auto_reply(&facts).map_err(|why| Skip(why.to_owned()))?;
        let template = match source {
            ReplySource::Text(text) => text.clone(),
            ReplySource::Canned(id) => canned::Entity::find_by_id(*id)
                .one(self.txn)
                .await?
                .map(|c| c.body)
                .ok_or_else(|| Skip("not_found".into()))?,
        };
        let body = self.fill(loaded, &template, &current).await?;
        let (_, _, events) = tickets::add_message_in(
            self.txn,
            actor,
            current,
            NewMessage {
                internal: false,
                body,
                auto_submitted: true,
            },
            self.now,
        )
        .await?;
        Ok(Some(events))
    }

    /// The placeholders of canned responses, and the next opening of the
    /// rule's calendar (`atendimento.proxima_abertura`).
    async fn fill(
        &self,
        loaded: &LoadedRule,
        template: &str,
        t: &ticket::Model,
    ) -> Result<String, DbErr> {
        let requester = match t.requester_id {
            Some(id) => user::Entity::find_by_id(id).one(self.txn).await?,
            None => None,
        };
        let assignee = match t.assignee_id {
            Some(id) => user::Entity::find_by_id(id).one(self.txn).await?,
            None => None,
        };
        let company = company::Entity::find_by_id(t.company_id)
            .one(self.txn)
            .await?;
        let next_opening = loaded
            .rule
            .calendar()
            .and_then(|id| self.calendars.get(&id))
            .and_then(|c| {
                atende_core::sla_clock::next_opening(c, self.now)
                    .map(|at| opening_text(at.with_timezone(&c.tz).naive_local()))
            })
            .unwrap_or_default();
        let values = BTreeMap::from([
            (
                "cliente.nome",
                requester.map(|u| u.name).unwrap_or_default(),
            ),
            (
                "cliente.empresa",
                company
                    .map(|c| c.trade_name.unwrap_or(c.legal_name))
                    .unwrap_or_default(),
            ),
            ("chamado.numero", rules::format_number(t.number)),
            ("chamado.assunto", t.subject.clone()),
            ("agente.nome", assignee.map(|u| u.name).unwrap_or_default()),
            ("atendimento.proxima_abertura", next_opening),
        ]);
        Ok(rules::fill_placeholders(template, &values))
    }

    async fn last_message_automatic(&self, t: &ticket::Model) -> Result<bool, DbErr> {
        use crate::tickets::entity::message;
        Ok(message::Entity::find()
            .filter(message::Column::TicketId.eq(t.id))
            .filter(message::Column::Internal.eq(false))
            .order_by_desc(message::Column::CreatedAt)
            .one(self.txn)
            .await?
            .is_some_and(|m| m.auto_submitted && m.author_id.is_some()))
    }

    /// Staff opened the ticket for the client (not the requester, or no
    /// requester).
    async fn opened_by_staff(&self, t: &ticket::Model) -> Result<bool, DbErr> {
        let Some(creator) = t.created_by else {
            return Ok(false);
        };
        if Some(creator) == t.requester_id {
            return Ok(false);
        }
        Ok(user::Entity::find_by_id(creator)
            .one(self.txn)
            .await?
            .and_then(|u| u.role())
            .is_some_and(|r| !r.is_client()))
    }

    async fn replied_before(&self, rule_id: Uuid, ticket_id: Uuid) -> Result<bool, DbErr> {
        let fired = firing::Entity::find()
            .filter(firing::Column::RuleId.eq(rule_id))
            .filter(firing::Column::TicketId.eq(ticket_id))
            .filter(firing::Column::Outcome.eq("fired"))
            .all(self.txn)
            .await?;
        Ok(fired.iter().any(|f| {
            serde_json::from_str::<RuleFired>(&f.detail)
                .is_ok_and(|d| d.actions.contains(&ActionKind::Reply))
        }))
    }

    /// Active staff users with `roles` who work the ticket's company:
    /// linked to it or to its consultancy (administrators: all).
    async fn staff_with_roles(
        &self,
        roles: &BTreeSet<Role>,
        t: &ticket::Model,
    ) -> Result<BTreeSet<Uuid>, DbErr> {
        if roles.is_empty() {
            return Ok(BTreeSet::new());
        }
        let company = company::Entity::find_by_id(t.company_id)
            .one(self.txn)
            .await?;
        let companies: Vec<Uuid> = [Some(t.company_id), company.and_then(|c| c.consultancy_id)]
            .into_iter()
            .flatten()
            .collect();
        let linked: BTreeSet<Uuid> = user_company::Entity::find()
            .filter(user_company::Column::CompanyId.is_in(companies))
            .all(self.txn)
            .await?
            .into_iter()
            .map(|l| l.user_id)
            .collect();
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Ok(user::Entity::find()
            .filter(user::Column::Role.is_in(names))
            .filter(user::Column::Active.eq(true))
            .all(self.txn)
            .await?
            .into_iter()
            .filter(|u| u.role() == Some(Role::Admin) || linked.contains(&u.id))
            .map(|u| u.id)
            .collect())
    }

    async fn notify(
        &self,
        users: &BTreeSet<Uuid>,
        t: &ticket::Model,
        message: &str,
    ) -> Result<(), DbErr> {
        for user_id in users {
            crate::notifications::deliver(
                self.txn,
                *user_id,
                NotificationKind::Automation,
                Some(t.id),
                json!({ "number": t.number, "subject": t.subject, "message": message }),
                self.now,
            )
            .await?;
        }
        Ok(())
    }
}

/// "segunda-feira, 09/03/2026, 08:00".
fn opening_text(local: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Weekday};
    let day = match local.weekday() {
        Weekday::Mon => "segunda-feira",
        Weekday::Tue => "terça-feira",
        Weekday::Wed => "quarta-feira",
        Weekday::Thu => "quinta-feira",
        Weekday::Fri => "sexta-feira",
        Weekday::Sat => "sábado",
        Weekday::Sun => "domingo",
    };
    format!("{day}, {}", local.format("%d/%m/%Y, %H:%M"))
}

fn action_kind(action: &Action) -> ActionKind {
    match action {
        Action::AssignAgent(_) => ActionKind::AssignAgent,
        Action::AssignTeam { .. } => ActionKind::AssignTeam,
        Action::SetStatus(_) => ActionKind::SetStatus,
        Action::SetPriority(_) => ActionKind::SetPriority,
        Action::SetCategory(_) => ActionKind::SetCategory,
        Action::AddTags(_) => ActionKind::AddTags,
        Action::RemoveTags(_) => ActionKind::RemoveTags,
        Action::AddNote(_) => ActionKind::AddNote,
        Action::Reply(_) => ActionKind::Reply,
        Action::Notify { .. } => ActionKind::Notify,
        Action::Escalate { .. } => ActionKind::Escalate,
    }
}

/// An action left out, and why.
struct Skip(String);

impl From<ApiError> for Skip {
    fn from(error: ApiError) -> Self {
        Skip(match error {
            ApiError::Validation { field, message } | ApiError::Conflict { field, message } => {
                format!("{field}: {message}")
            }
            ApiError::NotFound => "not_found".into(),
            other => other.to_string(),
        })
    }
}

impl From<DbErr> for Skip {
    fn from(error: DbErr) -> Self {
        Skip(format!("database: {error}"))
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct TimerPayload {
    rule_id: Uuid,
    ticket_id: Uuid,
    due: DateTime<Utc>,
}

/// Queues the timers of the time rules acting on `facts`' ticket: one job
/// per rule and moment, due then (or now, for a moment already past).
pub async fn schedule_timers(
    db: &impl ConnectionTrait,
    rules: &[LoadedRule],
    calendars: &Calendars,
    facts: &TicketFacts,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if facts.status == TicketStatus::Closed {
        return Ok(());
    }
    for loaded in rules.iter().filter(|r| r.is_time() && r.row.enabled) {
        if !loaded.reaches(facts) {
            continue;
        }
        let Some(due) = core::rule_due_at(&loaded.rule, facts, calendars) else {
            continue;
        };
        let mut job = NewJob::now(
            TIMER_KIND,
            json!(TimerPayload {
                rule_id: loaded.row.id,
                ticket_id: facts.id,
                due,
            }),
            now,
        )
        .keyed(format!(
            "{TIMER_KIND}:{}:{}:{}",
            loaded.row.id,
            facts.id,
            due.timestamp()
        ));
        job.run_at = due.max(now);
        enqueue(db, job, now).await?;
    }
    Ok(())
}

/// A time rule's moment came for a ticket.
pub async fn run_timer(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let payload: TimerPayload = ctx.payload()?;
    let state = ctx.state;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let rules = load_rules(&txn, true).await?;
    let calendars = calendars_of(&txn, &rules).await?;
    let due_now = match (
        rules.iter().find(|r| r.row.id == payload.rule_id),
        ticket::Entity::find_by_id(payload.ticket_id)
            .one(&txn)
            .await?,
    ) {
        (Some(loaded), Some(t)) => {
            let facts = facts(&txn, &t).await?;
            core::rule_due_at(&loaded.rule, &facts, &calendars)
        }
        _ => None,
    };
    let already = firing::Entity::find()
        .filter(firing::Column::RuleId.eq(payload.rule_id))
        .filter(firing::Column::TicketId.eq(payload.ticket_id))
        .filter(firing::Column::Deadline.eq(payload.due))
        .one(&txn)
        .await?
        .is_some();
    // Moved (a newer timer has the new moment), disabled, gone or done.
    if due_now != Some(payload.due) || already {
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    }
    let run = Run {
        txn: &txn,
        rules: &rules,
        calendars: &calendars,
        now,
    };
    run.cascade(
        payload.ticket_id,
        Start::Time {
            rule: payload.rule_id,
            due: payload.due,
        },
    )
    .await?;
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    state.events.committed();
    Ok(())
}

#[derive(Debug, Serialize, Deserialize)]
struct SchedulePayload {
    rule_id: Uuid,
    /// The last ticket number covered.
    after: i64,
}

/// Queues the job that schedules a time rule's timers on the tickets that
/// exist (after it was created, changed or switched on).
pub async fn schedule_existing(
    db: &impl ConnectionTrait,
    rule_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    enqueue(
        db,
        NewJob::now(
            SCHEDULE_KIND,
            json!(SchedulePayload { rule_id, after: 0 }),
            now,
        )
        .keyed(format!(
            "{SCHEDULE_KIND}:{rule_id}:{}",
            now.timestamp_micros()
        )),
        now,
    )
    .await
}

/// Schedules one batch of existing tickets, then queues the next.
pub async fn run_schedule(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let payload: SchedulePayload = ctx.payload()?;
    let state = ctx.state;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let rules: Vec<LoadedRule> = load_rules(&txn, true)
        .await?
        .into_iter()
        .filter(|r| r.row.id == payload.rule_id && r.is_time())
        .collect();
    if rules.is_empty() {
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    }
    let calendars = calendars_of(&txn, &rules).await?;
    let batch = ticket::Entity::find()
        .filter(ticket::Column::Number.gt(payload.after))
        .filter(ticket::Column::Status.ne(TicketStatus::Closed.as_str()))
        .order_by_asc(ticket::Column::Number)
        .limit(SCHEDULE_BATCH)
        .all(&txn)
        .await?;
    for t in &batch {
        let facts = facts(&txn, t).await?;
        schedule_timers(&txn, &rules, &calendars, &facts, now).await?;
    }
    if let (Some(last), true) = (batch.last(), batch.len() as u64 == SCHEDULE_BATCH) {
        enqueue(
            &txn,
            NewJob::now(
                SCHEDULE_KIND,
                json!(SchedulePayload {
                    rule_id: payload.rule_id,
                    after: last.number,
                }),
                now,
            )
            .keyed(format!(
                "{SCHEDULE_KIND}:{}:{}:{}",
                payload.rule_id,
                last.number,
                now.timestamp_micros()
            )),
            now,
        )
        .await?;
    }
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    Ok(())
}
