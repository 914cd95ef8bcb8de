//! How fast rules are evaluated: the issue asks for at least 100,000
//! evaluations per second with a 20-rule set. `cargo bench -p atende-core
//! --features calendar,search --bench automation` prints the time for the
//! 20 rules against one ticket (20 evaluations), and a baseline measured in
//! the same run (copying the ticket's facts) to report the ratio against.

use std::{collections::BTreeSet, hint::black_box};

use atende_core::{
    automation::{
        Calendars, Change, RuleDefinition, SlaCondition, TicketFacts, matches, triggered,
    },
    calendar::BusinessCalendar,
    events::PerformerKind,
    permissions::Role,
    tickets::{Channel, Priority, TicketStatus},
};
use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use uuid::Uuid;

fn rules(calendar: Uuid) -> Vec<atende_core::automation::Rule> {
    let mut out = Vec::new();
    for i in 0..20u128 {
        let conditions = match i % 5 {
            0 => json!({ "all": [
                { "field": "status", "operator": "is", "value": ["new", "open"] },
                { "field": "tags", "operator": "contains_any", "value": [format!("tag{i}"), "fiscal"] },
            ]}),
            1 => json!({ "all": [
                { "field": "priority", "operator": "is_not", "value": ["low"] },
                { "field": "text", "operator": "contains", "value": "nota fiscal" },
            ]}),
            2 => json!({ "all": [
                { "field": "business_hours", "operator": "outside", "value": calendar },
                { "field": "channel", "operator": "is", "value": ["portal", "email"] },
            ]}),
            3 => json!({ "any": [
                { "field": "category", "operator": "is", "value": [Uuid::from_u128(i)] },
                { "field": "assignee", "operator": "is_empty" },
                { "field": "requester_role", "operator": "is", "value": ["client"] },
            ]}),
            _ => json!({ "all": [
                { "field": "company", "operator": "is", "value": [Uuid::from_u128(30), Uuid::from_u128(i)] },
                { "field": "sla", "operator": "is", "value": ["at_risk", "breached"] },
            ]}),
        };
        let definition: Result<RuleDefinition, _> = serde_json::from_value(json!({
            "when": { "on": "created" },
            "conditions": conditions,
            "actions": [ { "type": "add_tags", "value": ["roteado"] } ]
        }));
        if let Some(rule) = definition
            .ok()
            .and_then(|d| d.validate(Uuid::from_u128(i)).ok())
        {
            out.push(rule);
        }
    }
    assert_eq!(out.len(), 20, "every sample rule is valid");
    out
}

fn evaluations(c: &mut Criterion) {
    let calendar_id = Uuid::from_u128(77);
    let calendars = Calendars::from([(calendar_id, BusinessCalendar::brazil_office())]);
    let rules = rules(calendar_id);
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 23, 0, 0)
        .single()
        .unwrap_or_default();
    let facts = TicketFacts {
        id: Uuid::from_u128(1),
        status: TicketStatus::New,
        priority: Priority::Normal,
        category_id: Some(Uuid::from_u128(3)),
        company_id: Uuid::from_u128(30),
        consultancy_id: Some(Uuid::from_u128(31)),
        segment_id: None,
        channel: Channel::Portal,
        tags: BTreeSet::from(["fiscal".to_owned()]),
        assignee_id: None,
        team_id: None,
        requester_role: Some(Role::Client),
        search_text: atende_core::search::index_text([
            "Nota fiscal rejeitada pela SEFAZ",
            "A NF-e do pedido 4411 voltou com rejeição 225; preciso emitir hoje.",
        ]),
        sla: SlaCondition::Ok,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
        first_response_due: None,
        resolution_due: None,
    };
    let change = Change::Created {
        by: PerformerKind::Client,
    };
    let mut group = c.benchmark_group("automation");
    group.throughput(Throughput::Elements(rules.len() as u64));
    group.bench_function("baseline: copy the ticket's facts ×20", |b| {
        b.iter(|| {
            for _ in 0..rules.len() {
                black_box(black_box(&facts).clone());
            }
        })
    });
    group.bench_function("20 rules against one ticket", |b| {
        b.iter(|| {
            let mut fired = 0;
            for rule in &rules {
                if triggered(rule, black_box(&change))
                    && matches(rule, black_box(&facts), now, &calendars)
                {
                    fired += 1;
                }
            }
            black_box(fired)
        })
    });
    group.finish();
}

criterion_group!(benches, evaluations);
criterion_main!(benches);
