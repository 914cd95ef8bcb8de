//! Managing rules: each service authorizes `automation.manage`, loads,
//! asks core (validation, evaluation), persists with its audit entry and
//! answers.
//!
//! Tenancy: a rule belongs to the consultancies of the manager who wrote
//! it (an administrator's rule is installation-wide) and acts only on
//! their tickets; managers see and change only rules wholly within their
//! own consultancies (others answer 404); ids a rule names (companies,
//! agents, canned responses) must be within the writer's reach.

use std::collections::BTreeSet;

use atende_core::{
    access::Reach,
    automation::{Action, Condition, Membership, ReplySource, Rule, RuleDefinition, When},
    permissions::{Permission, Role},
    tickets::{TicketKey, format_number},
};
use atende_types::{
    automation::{
        AutomationRule, AutomationRuleInput, ConditionResult, DryRun, DryRunRequest, DryRunRule,
        RuleStats,
    },
    tickets::PersonRef,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    engine::{self, LoadedRule},
    entity::{firing, rule},
};
use crate::{
    audit::{self, Change},
    auth::Actor,
    companies::entity::{self as company, CompanyKind},
    db::begin_write,
    error::ApiError,
    identity::{user, user_company},
    sla::entity::calendar,
    state::AppState,
    tickets::{
        catalog::{category, team},
        desk::canned,
        service as tickets,
    },
};

/// Who manages rules, and which.
struct Manager {
    reach: Reach,
    /// The consultancies within the manager's reach (none for an
    /// administrator, whose rules are installation-wide).
    consultancies: BTreeSet<Uuid>,
}

impl Manager {
    async fn of(db: &impl ConnectionTrait, actor: &Actor) -> Result<Manager, ApiError> {
        let reach = actor.authorize(Permission::AutomationManage)?;
        let consultancies = match &reach {
            Reach::Everywhere => BTreeSet::new(),
            Reach::Companies(ids) => company::Entity::find()
                .filter(company::Column::Id.is_in(ids.iter().copied()))
                .filter(company::Column::Kind.eq(CompanyKind::Consultancy))
                .all(db)
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect(),
        };
        if !matches!(reach, Reach::Everywhere) && consultancies.is_empty() {
            // A manager without a consultancy has no tickets to automate.
            return Err(ApiError::Forbidden(atende_core::access::Denied(
                Permission::AutomationManage,
            )));
        }
        Ok(Manager {
            reach,
            consultancies,
        })
    }

    fn manages(&self, loaded: &LoadedRule) -> bool {
        match self.reach {
            Reach::Everywhere => true,
            Reach::Companies(_) => {
                !loaded.consultancies.is_empty()
                    && loaded.consultancies.is_subset(&self.consultancies)
            }
        }
    }
}

async fn managed(
    db: &impl ConnectionTrait,
    manager: &Manager,
    id: Uuid,
) -> Result<LoadedRule, ApiError> {
    rule::Entity::find_by_id(id)
        .one(db)
        .await?
        .and_then(LoadedRule::of)
        .filter(|r| manager.manages(r))
        .ok_or(ApiError::NotFound)
}

/// Every rule the actor manages, in order, with its counts.
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<AutomationRule>, ApiError> {
    let manager = Manager::of(&state.db, actor).await?;
    let rules: Vec<LoadedRule> = engine::load_rules(&state.db, false)
        .await?
        .into_iter()
        .filter(|r| manager.manages(r))
        .collect();
    wire(state, rules).await
}

pub async fn show(state: &AppState, actor: &Actor, id: Uuid) -> Result<AutomationRule, ApiError> {
    let manager = Manager::of(&state.db, actor).await?;
    let loaded = managed(&state.db, &manager, id).await?;
    one(state, loaded).await
}

async fn one(state: &AppState, loaded: LoadedRule) -> Result<AutomationRule, ApiError> {
    wire(state, vec![loaded])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// Validates `input` into a definition and its rule: core's checks first
/// (the first error, by path), then the ids it names.
async fn validate(
    db: &impl ConnectionTrait,
    manager: &Manager,
    actor: &Actor,
    id: Uuid,
    input: &AutomationRuleInput,
) -> Result<(String, RuleDefinition, Rule), ApiError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "name",
            "must have 1 to 120 characters",
        ));
    }
    let definition = RuleDefinition {
        when: input.when.clone(),
        conditions: input.conditions.clone(),
        actions: input.actions.clone(),
    };
    let rule = definition.validate(id).map_err(|errors| {
        if errors.is_empty() {
            ApiError::validation("when", "is not valid")
        } else {
            ApiError::Validations(errors.into_iter().map(|e| (e.path, e.message)).collect())
        }
    })?;
    check_references(db, manager, actor, &rule).await?;
    Ok((name.to_owned(), definition, rule))
}

async fn check_references(
    db: &impl ConnectionTrait,
    manager: &Manager,
    actor: &Actor,
    rule: &Rule,
) -> Result<(), ApiError> {
    if let When::Time(t) = &rule.when
        && let Some(id) = t.calendar_id
    {
        check_calendar(db, id, "when.calendar_id").await?;
    }
    for (group, conditions) in [("all", &rule.all), ("any", &rule.any)] {
        for (i, c) in conditions.iter().enumerate() {
            let path = format!("conditions.{group}[{i}].value");
            match c {
                Condition::Company(_, ids) | Condition::Consultancy(_, ids)
                    if !ids.iter().all(|id| manager.reach.covers(*id)) =>
                {
                    return Err(ApiError::validation(
                        path,
                        "names a company outside your reach",
                    ));
                }
                Condition::Category(_, ids) => {
                    for id in ids {
                        exists(category::Entity::find_by_id(*id).one(db).await?, &path)?;
                    }
                }
                Condition::Team(Membership::OneOf(_, ids)) => {
                    for id in ids {
                        exists(team::Entity::find_by_id(*id).one(db).await?, &path)?;
                    }
                }
                Condition::Assignee(Membership::OneOf(_, ids)) => {
                    for id in ids {
                        check_staff(db, manager, *id, &path).await?;
                    }
                }
                Condition::BusinessHours { calendar_id, .. } => {
                    check_calendar(db, *calendar_id, &path).await?;
                }
                Condition::TimeSince {
                    calendar_id: Some(id),
                    ..
                } => check_calendar(db, *id, &path).await?,
                _ => {}
            }
        }
    }
    for (i, action) in rule.actions.iter().enumerate() {
        let path = format!("actions[{i}].value");
        match action {
            Action::AssignAgent(id) => check_staff(db, manager, *id, &path).await?,
            Action::AssignTeam { team_id, .. } => {
                exists(team::Entity::find_by_id(*team_id).one(db).await?, &path)?;
            }
            Action::SetCategory(Some(id)) => {
                exists(category::Entity::find_by_id(*id).one(db).await?, &path)?;
            }
            Action::Reply(ReplySource::Canned(id)) => {
                let me = actor.user.as_ref().map(|u| u.id);
                let found = canned::Entity::find_by_id(*id)
                    .one(db)
                    .await?
                    .filter(|c| c.shared || Some(c.owner_id) == me);
                exists(found, &path)?;
            }
            Action::Notify { users, teams, .. } => {
                for id in users {
                    check_staff(db, manager, *id, &path).await?;
                }
                for id in teams {
                    exists(team::Entity::find_by_id(*id).one(db).await?, &path)?;
                }
            }
            Action::Escalate {
                assignee_id,
                team_id,
            } => {
                if let Some(id) = assignee_id {
                    check_staff(db, manager, *id, &path).await?;
                }
                if let Some(id) = team_id {
                    exists(team::Entity::find_by_id(*id).one(db).await?, &path)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn exists<T>(found: Option<T>, path: &str) -> Result<T, ApiError> {
    found.ok_or_else(|| ApiError::validation(path, "names something that does not exist"))
}

async fn check_calendar(db: &impl ConnectionTrait, id: Uuid, path: &str) -> Result<(), ApiError> {
    exists(calendar::Entity::find_by_id(id).one(db).await?, path).map(|_| ())
}

/// An active staff user within the manager's reach.
async fn check_staff(
    db: &impl ConnectionTrait,
    manager: &Manager,
    id: Uuid,
    path: &str,
) -> Result<(), ApiError> {
    let invalid = || ApiError::validation(path, "must be an active staff user you work with");
    let found = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.active && u.role().is_some_and(|r| !r.is_client()))
        .ok_or_else(invalid)?;
    if matches!(manager.reach, Reach::Everywhere) || found.role() == Some(Role::Admin) {
        return Ok(());
    }
    let linked = user_company::Entity::find()
        .filter(user_company::Column::UserId.eq(id))
        .all(db)
        .await?;
    if linked.iter().any(|l| manager.reach.covers(l.company_id)) {
        Ok(())
    } else {
        Err(invalid())
    }
}

fn summary(row: &rule::Model) -> serde_json::Value {
    json!({ "name": row.name, "enabled": row.enabled, "position": row.position })
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: AutomationRuleInput,
) -> Result<AutomationRule, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let id = Uuid::now_v7();
    let (name, definition, rule) = validate(&txn, &manager, actor, id, &input).await?;
    let last = rule::Entity::find()
        .order_by_desc(rule::Column::Position)
        .one(&txn)
        .await?
        .map_or(0, |r| r.position);
    let row = rule::Model {
        id,
        name,
        position: last + 1,
        enabled: input.enabled,
        definition: serde_json::to_string(&definition).map_err(ApiError::internal)?,
        consultancy_ids: serde_json::to_string(&manager.consultancies)
            .map_err(ApiError::internal)?,
        created_by: actor.user.as_ref().map(|u| u.id),
        created_at: now,
        updated_at: now,
    };
    rule::Entity::insert(active(&row))
        .exec_without_returning(&txn)
        .await?;
    if row.enabled && matches!(rule.when, When::Time(_)) {
        engine::schedule_existing(&txn, id, now).await?;
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new("automation_rule.created", "automation_rule", id).after(summary(&row)),
        now,
    )
    .await?;
    txn.commit().await?;
    one(state, LoadedRule::of(row).ok_or(ApiError::NotFound)?).await
}

fn active(row: &rule::Model) -> rule::ActiveModel {
    rule::ActiveModel {
        id: Set(row.id),
        name: Set(row.name.clone()),
        position: Set(row.position),
        enabled: Set(row.enabled),
        definition: Set(row.definition.clone()),
        consultancy_ids: Set(row.consultancy_ids.clone()),
        created_by: Set(row.created_by),
        created_at: Set(row.created_at),
        updated_at: Set(row.updated_at),
    }
}

/// Replaces a rule's name, switch and definition.
pub async fn replace(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    input: AutomationRuleInput,
) -> Result<AutomationRule, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let before = managed(&txn, &manager, id).await?.row;
    let (name, definition, rule) = validate(&txn, &manager, actor, id, &input).await?;
    let row = rule::Model {
        name,
        enabled: input.enabled,
        definition: serde_json::to_string(&definition).map_err(ApiError::internal)?,
        updated_at: now,
        ..before.clone()
    };
    rule::Entity::update(active(&row)).exec(&txn).await?;
    if row.enabled && matches!(rule.when, When::Time(_)) {
        engine::schedule_existing(&txn, id, now).await?;
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new("automation_rule.updated", "automation_rule", id)
            .before(summary(&before))
            .after(summary(&row)),
        now,
    )
    .await?;
    txn.commit().await?;
    one(state, LoadedRule::of(row).ok_or(ApiError::NotFound)?).await
}

/// Switches a rule on or off.
pub async fn switch(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    enabled: bool,
) -> Result<AutomationRule, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let loaded = managed(&txn, &manager, id).await?;
    let row = rule::Model {
        enabled,
        updated_at: now,
        ..loaded.row.clone()
    };
    rule::Entity::update(active(&row)).exec(&txn).await?;
    if enabled && !loaded.row.enabled && matches!(loaded.rule.when, When::Time(_)) {
        engine::schedule_existing(&txn, id, now).await?;
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new(
            if enabled {
                "automation_rule.enabled"
            } else {
                "automation_rule.disabled"
            },
            "automation_rule",
            id,
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    one(state, LoadedRule::of(row).ok_or(ApiError::NotFound)?).await
}

pub async fn delete(state: &AppState, actor: &Actor, id: Uuid) -> Result<(), ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let loaded = managed(&txn, &manager, id).await?;
    rule::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.audit,
        Change::new("automation_rule.deleted", "automation_rule", id).before(summary(&loaded.row)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Puts the actor's rules in the given order (all of them, each once);
/// rules the actor does not manage keep their places.
pub async fn reorder(
    state: &AppState,
    actor: &Actor,
    ids: Vec<Uuid>,
) -> Result<Vec<AutomationRule>, ApiError> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let manager = Manager::of(&txn, actor).await?;
    let all = engine::load_rules(&txn, false).await?;
    let mine: Vec<&LoadedRule> = all.iter().filter(|r| manager.manages(r)).collect();
    let given: BTreeSet<Uuid> = ids.iter().copied().collect();
    let expected: BTreeSet<Uuid> = mine.iter().map(|r| r.row.id).collect();
    if given.len() != ids.len() || given != expected {
        return Err(ApiError::validation(
            "ids",
            "must list every rule you manage exactly once",
        ));
    }
    // The positions the actor's rules hold, handed out in the new order.
    let mut positions: Vec<i32> = mine.iter().map(|r| r.row.position).collect();
    positions.sort_unstable();
    for (id, position) in ids.iter().zip(positions) {
        rule::Entity::update_many()
            .col_expr(rule::Column::Position, Expr::value(position))
            .filter(rule::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        &actor.audit,
        Change::new("automation_rule.reordered", "automation_rule", "order").after(json!(ids)),
        now,
    )
    .await?;
    txn.commit().await?;
    list(state, actor).await
}

/// Which rules would fire on a ticket now, and each condition's outcome.
pub async fn dry_run(
    state: &AppState,
    actor: &Actor,
    input: DryRunRequest,
) -> Result<DryRun, ApiError> {
    let manager = Manager::of(&state.db, actor).await?;
    let key = TicketKey::parse(&input.ticket)
        .ok_or_else(|| ApiError::validation("ticket", "must be a ticket number or id"))?;
    let view = actor.authorize(Permission::TicketsView)?;
    let t = tickets::find_by_key(&state.db, &view, key).await?;
    if !manager.reach.covers(t.company_id) {
        return Err(ApiError::NotFound);
    }
    let now = state.clock.now();
    let rules: Vec<LoadedRule> = engine::load_rules(&state.db, false)
        .await?
        .into_iter()
        .filter(|r| manager.manages(r))
        .collect();
    let calendars = engine::calendars_of(&state.db, &rules).await?;
    let facts = engine::facts(&state.db, &t).await?;
    let fired: Vec<firing::Model> = firing::Entity::find()
        .filter(firing::Column::TicketId.eq(t.id))
        .all(&state.db)
        .await?;
    let mut out = Vec::new();
    for loaded in rules.iter().filter(|r| r.reaches(&facts)) {
        let evaluation = atende_core::automation::evaluate(&loaded.rule, &facts, now, &calendars);
        let due_at = atende_core::automation::rule_due_at(&loaded.rule, &facts, &calendars);
        let already_fired = fired.iter().any(|f| {
            f.rule_id == loaded.row.id
                && f.outcome == "fired"
                && (due_at.is_none() || f.deadline == due_at)
        });
        out.push(DryRunRule {
            rule_id: loaded.row.id,
            name: loaded.row.name.clone(),
            enabled: loaded.row.enabled,
            trigger: loaded.definition.when.on,
            conditions_met: evaluation.matched,
            due_at,
            already_fired,
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
        });
    }
    Ok(DryRun {
        ticket_id: t.id,
        reference: format_number(t.number),
        rules: out,
    })
}

/// The wire form of `rules`, with their authors and counts.
async fn wire(state: &AppState, rules: Vec<LoadedRule>) -> Result<Vec<AutomationRule>, ApiError> {
    let now = state.clock.now();
    let since: DateTime<Utc> = now - Duration::days(7);
    let ids: Vec<Uuid> = rules.iter().map(|r| r.row.id).collect();
    let recent: Vec<firing::Model> = if ids.is_empty() {
        Vec::new()
    } else {
        firing::Entity::find()
            .filter(firing::Column::RuleId.is_in(ids.iter().copied()))
            .filter(firing::Column::FiredAt.gte(since))
            .order_by_desc(firing::Column::FiredAt)
            .all(&state.db)
            .await?
    };
    let authors: BTreeSet<Uuid> = rules.iter().filter_map(|r| r.row.created_by).collect();
    let names: Vec<user::Model> = if authors.is_empty() {
        Vec::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(authors))
            .all(&state.db)
            .await?
    };
    let mut out = Vec::with_capacity(rules.len());
    for loaded in rules {
        let id = loaded.row.id;
        let mine = recent.iter().filter(|f| f.rule_id == id);
        let fired: Vec<&firing::Model> = mine.clone().filter(|f| f.outcome == "fired").collect();
        let errors: Vec<&firing::Model> = mine.filter(|f| f.outcome != "fired").collect();
        let last_fired_at = match fired.first() {
            Some(f) => Some(f.fired_at),
            None => firing::Entity::find()
                .filter(firing::Column::RuleId.eq(id))
                .filter(firing::Column::Outcome.eq("fired"))
                .order_by_desc(firing::Column::FiredAt)
                .one(&state.db)
                .await?
                .map(|f| f.fired_at),
        };
        out.push(AutomationRule {
            id,
            name: loaded.row.name.clone(),
            position: loaded.row.position,
            enabled: loaded.row.enabled,
            when: loaded.definition.when,
            conditions: loaded.definition.conditions,
            actions: loaded.definition.actions,
            consultancy_ids: loaded.consultancies.into_iter().collect(),
            created_by: loaded.row.created_by.and_then(|a| {
                names.iter().find(|u| u.id == a).map(|u| PersonRef {
                    id: u.id,
                    name: u.name.clone(),
                })
            }),
            created_at: loaded.row.created_at,
            updated_at: loaded.row.updated_at,
            stats: RuleStats {
                fired_7d: fired.len() as u64,
                last_fired_at,
                errors_7d: errors.len() as u64,
                last_error: errors.first().map(|f| f.detail.clone()),
            },
        });
    }
    Ok(out)
}
