use serde_json::json;

use super::*;

fn definition(value: serde_json::Value) -> RuleDefinition {
    serde_json::from_value(value).expect("a well-formed definition")
}

fn rule(value: serde_json::Value) -> Rule {
    definition(value)
        .validate(Uuid::from_u128(1))
        .expect("a valid rule")
}

fn errors(value: serde_json::Value) -> Vec<(String, String)> {
    definition(value)
        .validate(Uuid::from_u128(1))
        .expect_err("an invalid rule")
        .into_iter()
        .map(|e| (e.path, e.message))
        .collect()
}

const TEAM: &str = "00000000-0000-0000-0000-00000000000a";

#[test]
fn invalid_parts_are_named_by_their_path_all_at_once() {
    let found = errors(json!({
        "when": { "on": "created", "minutes": 5 },
        "conditions": {
            "all": [
                { "field": "status", "operator": "is", "value": ["open"] },
                { "field": "priority", "operator": "contains", "value": ["high"] },
                { "field": "status", "operator": "is", "value": ["opn"] },
            ],
            "any": [ { "field": "tags", "operator": "contains_any", "value": [] } ]
        },
        "actions": [ { "type": "set_status", "value": "nope" } ]
    }));
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "when.minutes",
            "conditions.all[1].operator",
            "conditions.all[2].value",
            "conditions.any[0].value",
            "actions[0].value"
        ],
        "{found:?}"
    );
}

/// Every action kind: a valid value becomes the typed action, a bad one
/// is named by its path.
#[test]
fn every_action_validates_its_value() {
    let user = Uuid::from_u128(7);
    let cases: Vec<(ActionKind, serde_json::Value, Action, serde_json::Value)> = vec![
        (
            ActionKind::AssignAgent,
            json!(user),
            Action::AssignAgent(user),
            json!("ana"),
        ),
        (
            ActionKind::AssignTeam,
            json!({ "team_id": user, "assignment": "least_open" }),
            Action::AssignTeam {
                team_id: user,
                assignment: TeamAssignment::LeastOpen,
            },
            json!({ "team": user }),
        ),
        (
            ActionKind::SetStatus,
            json!("pending"),
            Action::SetStatus(TicketStatus::Pending),
            json!("paused"),
        ),
        (
            ActionKind::SetPriority,
            json!("urgent"),
            Action::SetPriority(Priority::Urgent),
            json!(3),
        ),
        (
            ActionKind::SetCategory,
            json!(null),
            Action::SetCategory(None),
            json!("fiscal"),
        ),
        (
            ActionKind::AddTags,
            json!(["VIP", "vip"]),
            Action::AddTags(BTreeSet::from(["vip".to_owned()])),
            json!(["two words"]),
        ),
        (
            ActionKind::RemoveTags,
            json!(["vip"]),
            Action::RemoveTags(BTreeSet::from(["vip".to_owned()])),
            json!([]),
        ),
        (
            ActionKind::AddNote,
            json!("Verificar"),
            Action::AddNote("Verificar".into()),
            json!("  "),
        ),
        (
            ActionKind::Reply,
            json!({ "canned_response_id": user }),
            Action::Reply(ReplySource::Canned(user)),
            json!({ "body": "a", "canned_response_id": user }),
        ),
        (
            ActionKind::Notify,
            json!({ "roles": ["supervisor"], "message": "Olhe" }),
            Action::Notify {
                users: BTreeSet::new(),
                roles: BTreeSet::from([Role::Supervisor]),
                teams: BTreeSet::new(),
                message: "Olhe".into(),
            },
            json!({ "roles": ["client"], "message": "Olhe" }),
        ),
        (
            ActionKind::Escalate,
            json!(null),
            Action::Escalate {
                assignee_id: None,
                team_id: None,
            },
            json!({ "priority": "high" }),
        ),
    ];
    assert_eq!(cases.len(), ActionKind::ALL.len(), "every action kind");
    for (kind, good, expected, bad) in cases {
        let with = |value: serde_json::Value| RuleDefinition {
            when: WhenSpec {
                on: Trigger::Created,
                events: vec![],
                by: vec![],
                minutes: None,
                direction: None,
                anchor: None,
                calendar_id: None,
            },
            conditions: ConditionGroups::default(),
            actions: vec![ActionSpec { kind, value }],
        };
        let rule = with(good).validate(Uuid::nil()).expect("a valid action");
        assert_eq!(rule.actions, [expected], "{kind:?}");
        let errors = with(bad).validate(Uuid::nil()).expect_err("a bad action");
        assert_eq!(errors[0].path, "actions[0].value", "{kind:?}");
    }
}

#[test]
fn a_rule_needs_an_action_and_time_rules_need_their_parts() {
    let found = errors(json!({ "when": { "on": "time" }, "actions": [] }));
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["when.minutes", "when.anchor", "actions"]);
    let found = errors(json!({
        "when": { "on": "time", "minutes": 60, "direction": "before", "anchor": "created" },
        "actions": [ { "type": "add_tags", "value": ["x"] } ]
    }));
    assert_eq!(found[0].0, "when.direction");
}

#[test]
fn a_time_rule_must_falsify_one_of_its_conditions() {
    // Would match the same ticket forever: refused.
    let found = errors(json!({
        "when": { "on": "time", "minutes": 120, "anchor": "created" },
        "conditions": { "all": [ { "field": "status", "operator": "is", "value": ["open"] } ] },
        "actions": [ { "type": "add_note", "value": "ainda aberto" } ]
    }));
    assert_eq!(found[0].0, "actions");
    // The tag it adds is the one it requires absent: accepted.
    for (condition, action) in [
        (
            json!({ "field": "tags", "operator": "contains_none", "value": ["escalado"] }),
            json!({ "type": "add_tags", "value": ["escalado"] }),
        ),
        (
            json!({ "field": "status", "operator": "is", "value": ["pending"] }),
            json!({ "type": "set_status", "value": "solved" }),
        ),
        (
            json!({ "field": "priority", "operator": "is_not", "value": ["urgent"] }),
            json!({ "type": "set_priority", "value": "urgent" }),
        ),
        (
            json!({ "field": "assignee", "operator": "is_empty" }),
            json!({ "type": "assign_agent", "value": TEAM }),
        ),
        (
            json!({ "field": "team", "operator": "is_empty" }),
            json!({ "type": "assign_team", "value": { "team_id": TEAM } }),
        ),
        (
            json!({ "field": "priority", "operator": "is", "value": ["normal"] }),
            json!({ "type": "escalate" }),
        ),
    ] {
        let r = rule(json!({
            "when": { "on": "time", "minutes": 120, "anchor": "created" },
            "conditions": { "all": [ condition ] },
            "actions": [ action ]
        }));
        assert!(r.nullified_by_own_actions());
    }
}

#[test]
fn replies_on_update_must_not_answer_agent_replies() {
    let found = errors(json!({
        "when": { "on": "updated" },
        "actions": [ { "type": "reply", "value": { "body": "Recebemos" } } ]
    }));
    assert_eq!(found[0].0, "when.events");
    rule(json!({
        "when": { "on": "updated", "events": ["client_reply"] },
        "actions": [ { "type": "reply", "value": { "body": "Recebemos" } } ]
    }));
}

#[test]
fn triggers_follow_the_change_and_its_performer() {
    let by_client = rule(json!({
        "when": { "on": "created", "by": ["client"] },
        "actions": [ { "type": "add_tags", "value": ["x"] } ]
    }));
    assert!(triggered(
        &by_client,
        &Change::Created {
            by: PerformerKind::Client
        }
    ));
    assert!(!triggered(
        &by_client,
        &Change::Created {
            by: PerformerKind::Agent
        }
    ));
    assert!(!triggered(&by_client, &Change::Time));
    let on_status = rule(json!({
        "when": { "on": "updated", "events": ["status_changed", "client_reply"] },
        "actions": [ { "type": "add_tags", "value": ["x"] } ]
    }));
    let updated = |events: &[UpdateEvent]| Change::Updated {
        events: events.iter().copied().collect(),
        by: PerformerKind::Agent,
    };
    assert!(triggered(&on_status, &updated(&[UpdateEvent::ClientReply])));
    assert!(!triggered(
        &on_status,
        &updated(&[UpdateEvent::TagsChanged])
    ));
    assert!(!triggered(&on_status, &updated(&[])));
    let any = rule(json!({
        "when": { "on": "updated" },
        "actions": [ { "type": "add_tags", "value": ["x"] } ]
    }));
    assert!(triggered(&any, &updated(&[UpdateEvent::TagsChanged])));
}

#[test]
fn domain_events_become_update_events_with_the_reply_side() {
    use crate::events::{Performer, TicketFields, ticket_changed, ticket_message};
    let at = chrono::DateTime::UNIX_EPOCH;
    let before = TicketFields {
        id: Uuid::from_u128(5),
        company_id: Uuid::from_u128(6),
        subject: "a".into(),
        status: TicketStatus::Open,
        priority: "normal".into(),
        assignee_id: None,
        team_id: None,
        category_id: None,
        tags: vec![],
    };
    let mut after = before.clone();
    after.status = TicketStatus::Solved;
    after.tags = vec!["x".into()];
    let agent = Performer {
        kind: PerformerKind::Agent,
        id: None,
    };
    let events = ticket_changed(&before, &after, agent, at);
    assert_eq!(
        update_events(&events),
        BTreeSet::from([
            UpdateEvent::StatusChanged,
            UpdateEvent::TagsChanged,
            UpdateEvent::Solved
        ])
    );
    let client = Performer {
        kind: PerformerKind::Client,
        id: None,
    };
    assert_eq!(
        update_events(&[ticket_message(&before, Uuid::nil(), false, client, at)]),
        BTreeSet::from([UpdateEvent::ClientReply])
    );
    assert_eq!(
        update_events(&[ticket_message(&before, Uuid::nil(), false, agent, at)]),
        BTreeSet::from([UpdateEvent::AgentReply])
    );
}

#[test]
fn auto_replies_skip_automatic_messages_staff_tickets_and_repeats() {
    assert_eq!(may_auto_reply(&AutoReplyFacts::default()), Ok(()));
    for (facts, why) in [
        (
            AutoReplyFacts {
                auto_submitted: true,
                ..Default::default()
            },
            "auto_submitted",
        ),
        (
            AutoReplyFacts {
                opened_by_staff: true,
                ..Default::default()
            },
            "opened_by_staff",
        ),
        (
            AutoReplyFacts {
                already_replied_by_rule: true,
                ..Default::default()
            },
            "already_replied",
        ),
    ] {
        assert_eq!(may_auto_reply(&facts), Err(why));
    }
}

/// A simulated cascade over tag actions: rule A adds `a` when `b` is set
/// and removes `b`; rule B adds `b` when `a` is set and removes `a`. They
/// feed each other until the loop limit.
#[test]
fn cascades_stop_at_the_loop_limit_and_rules_ignore_their_own_changes() {
    let a = Uuid::from_u128(10);
    let b = Uuid::from_u128(11);
    let mut cascade = Cascade::new();
    let mut previous = BTreeMap::new();
    let mut fired = Vec::new();
    let mut limit_reached = false;
    // Pass 1: a tag change by an agent triggers A.
    let first = Change::Updated {
        events: BTreeSet::from([UpdateEvent::TagsChanged]),
        by: PerformerKind::Agent,
    };
    let tagging = rule(json!({
        "when": { "on": "updated", "events": ["tags_changed"] },
        "actions": [ { "type": "add_tags", "value": ["x"] } ]
    }));
    loop {
        for id in [a, b] {
            let change = if cascade.pass() == 1 {
                first.clone()
            } else {
                cascade.change_for(id, &previous)
            };
            // In pass 1 only A answers the agent (B waits for A).
            if cascade.pass() == 1 && id == b {
                continue;
            }
            if !triggered(&tagging, &change) {
                continue;
            }
            if cascade.exhausted() {
                limit_reached = true;
                break;
            }
            fired.push((cascade.pass(), id));
            cascade.record(id, BTreeSet::from([UpdateEvent::TagsChanged]));
        }
        if limit_reached {
            break;
        }
        match cascade.finish_pass() {
            Some(changes) => previous = changes,
            None => break,
        }
    }
    assert!(limit_reached);
    assert_eq!(
        fired,
        [(1, a), (2, b), (3, a), (4, b), (5, a)],
        "each pass answers only the other rule's change"
    );
    // A rule alone never re-fires on its own change.
    let mut alone = Cascade::new();
    alone.record(a, BTreeSet::from([UpdateEvent::TagsChanged]));
    let previous = alone.finish_pass().expect("A changed something");
    assert!(!triggered(&tagging, &alone.change_for(a, &previous)));
}

#[cfg(all(feature = "calendar", feature = "search"))]
mod evaluation {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::calendar::BusinessCalendar;

    const CAL: Uuid = Uuid::from_u128(77);

    fn calendars() -> Calendars {
        Calendars::from([(CAL, BusinessCalendar::brazil_office())])
    }

    /// Monday 2026-03-02, 09:00 in São Paulo.
    fn monday_nine() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
    }

    fn facts() -> TicketFacts {
        TicketFacts {
            id: Uuid::from_u128(1),
            status: TicketStatus::New,
            priority: Priority::Normal,
            category_id: Some(Uuid::from_u128(20)),
            company_id: Uuid::from_u128(30),
            consultancy_id: Some(Uuid::from_u128(31)),
            segment_id: None,
            channel: Channel::Portal,
            tags: BTreeSet::from(["fiscal".to_owned()]),
            assignee_id: None,
            team_id: None,
            requester_role: Some(Role::Client),
            search_text: crate::search::index_text(["Nota fiscal rejeitada", "A NF-e não sai"]),
            sla: SlaCondition::Ok,
            created_at: monday_nine(),
            updated_at: monday_nine(),
            status_changed_at: monday_nine(),
            first_response_due: Some(monday_nine() + chrono::Duration::hours(2)),
            resolution_due: None,
        }
    }

    fn one(condition: serde_json::Value) -> Rule {
        rule(json!({
            "when": { "on": "created" },
            "conditions": { "all": [ condition ] },
            "actions": [ { "type": "add_tags", "value": ["x"] } ]
        }))
    }

    #[test]
    fn every_condition_field_matches_and_explains_itself() {
        let now = monday_nine();
        let cases = [
            (
                json!({"field":"status","operator":"is","value":["new","open"]}),
                true,
                "new",
            ),
            (
                json!({"field":"status","operator":"is_not","value":["new"]}),
                false,
                "new",
            ),
            (
                json!({"field":"priority","operator":"is","value":["high"]}),
                false,
                "normal",
            ),
            (
                json!({"field":"category","operator":"is","value":[Uuid::from_u128(20)]}),
                true,
                "00000000-0000-0000-0000-000000000014",
            ),
            (
                json!({"field":"company","operator":"is_not","value":[Uuid::from_u128(30)]}),
                false,
                "00000000-0000-0000-0000-00000000001e",
            ),
            (
                json!({"field":"consultancy","operator":"is","value":[Uuid::from_u128(31)]}),
                true,
                "00000000-0000-0000-0000-00000000001f",
            ),
            (
                json!({"field":"segment","operator":"is","value":[Uuid::from_u128(9)]}),
                false,
                "",
            ),
            (
                json!({"field":"channel","operator":"is","value":["portal"]}),
                true,
                "portal",
            ),
            (
                json!({"field":"tags","operator":"contains_any","value":["fiscal","rh"]}),
                true,
                "fiscal",
            ),
            (
                json!({"field":"tags","operator":"contains_all","value":["fiscal","rh"]}),
                false,
                "fiscal",
            ),
            (
                json!({"field":"tags","operator":"contains_none","value":["rh"]}),
                true,
                "fiscal",
            ),
            (json!({"field":"assignee","operator":"is_empty"}), true, ""),
            (json!({"field":"team","operator":"is_set"}), false, ""),
            (
                json!({"field":"requester_role","operator":"is","value":["client"]}),
                true,
                "client",
            ),
            // Accents, case and plural forms are folded as search does.
            (
                json!({"field":"text","operator":"contains","value":"notas fiscais"}),
                true,
                "not fiscal",
            ),
            (
                json!({"field":"text","operator":"not_contains","value":"folha"}),
                true,
                "folh",
            ),
            (
                json!({"field":"sla","operator":"is","value":["at_risk","breached"]}),
                false,
                "ok",
            ),
            (
                json!({"field":"business_hours","operator":"within","value":CAL}),
                true,
                "within",
            ),
            (
                json!({"field":"time_since","operator":"more_than","value":{"anchor":"created","minutes":60}}),
                false,
                "0",
            ),
        ];
        for (condition, expected, actual) in cases {
            let r = one(condition.clone());
            let e = evaluate(&r, &facts(), now, &calendars());
            assert_eq!(e.matched, expected, "{condition}");
            assert_eq!(e.conditions[0].actual, actual, "{condition}");
            assert_eq!(
                matches(&r, &facts(), now, &calendars()),
                expected,
                "{condition}"
            );
        }
    }

    #[test]
    fn business_hours_know_nights_weekends_and_holidays() {
        let r = one(json!({"field":"business_hours","operator":"outside","value":CAL}));
        let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        // 09:00 Monday: open. 22:00 Monday (01:00 UTC Tuesday): closed.
        assert!(!matches(&r, &facts(), at(2026, 3, 2, 12), &calendars()));
        assert!(matches(&r, &facts(), at(2026, 3, 3, 1), &calendars()));
        // Saturday noon, and Tiradentes (21/04/2026, a Tuesday) at 10:00.
        assert!(matches(&r, &facts(), at(2026, 3, 7, 15), &calendars()));
        assert!(matches(&r, &facts(), at(2026, 4, 21, 13), &calendars()));
        // A calendar that no longer exists matches nothing.
        assert!(!matches(
            &r,
            &facts(),
            at(2026, 3, 7, 15),
            &Calendars::new()
        ));
    }

    #[test]
    fn time_rules_count_business_or_calendar_minutes_from_their_anchor() {
        let business = rule(json!({
            "when": { "on": "time", "minutes": 120, "direction": "before", "anchor": "resolution_due", "calendar_id": CAL },
            "conditions": { "all": [ {"field":"priority","operator":"is_not","value":["urgent"]} ] },
            "actions": [ { "type": "set_priority", "value": "urgent" } ]
        }));
        let mut f = facts();
        assert_eq!(
            rule_due_at(&business, &f, &calendars()),
            None,
            "no SLA target"
        );
        // Due Tuesday 09:00 local: two business hours before is Monday 17:00.
        f.resolution_due = Some(Utc.with_ymd_and_hms(2026, 3, 3, 12, 0, 0).unwrap());
        assert_eq!(
            rule_due_at(&business, &f, &calendars()),
            Some(Utc.with_ymd_and_hms(2026, 3, 2, 20, 0, 0).unwrap())
        );
        let calendar = rule(json!({
            "when": { "on": "time", "minutes": 2880, "anchor": "status_changed" },
            "conditions": { "all": [ {"field":"status","operator":"is","value":["pending"]} ] },
            "actions": [ { "type": "set_status", "value": "solved" } ]
        }));
        assert_eq!(
            rule_due_at(&calendar, &f, &calendars()),
            Some(monday_nine() + chrono::Duration::hours(48))
        );
        // After 17:30 Friday, 60 business minutes land on Monday 08:30.
        let after = rule(json!({
            "when": { "on": "time", "minutes": 60, "anchor": "created", "calendar_id": CAL },
            "conditions": { "all": [ {"field":"tags","operator":"contains_none","value":["lembrado"]} ] },
            "actions": [ { "type": "add_tags", "value": ["lembrado"] } ]
        }));
        f.created_at = Utc.with_ymd_and_hms(2026, 3, 6, 20, 30, 0).unwrap();
        assert_eq!(
            rule_due_at(&after, &f, &calendars()),
            Some(Utc.with_ymd_and_hms(2026, 3, 9, 11, 30, 0).unwrap())
        );
    }

    #[test]
    fn any_group_needs_one_and_all_group_needs_every() {
        let r = rule(json!({
            "when": { "on": "created" },
            "conditions": {
                "all": [ {"field":"status","operator":"is","value":["new"]} ],
                "any": [
                    {"field":"priority","operator":"is","value":["urgent"]},
                    {"field":"tags","operator":"contains_any","value":["fiscal"]}
                ]
            },
            "actions": [ { "type": "add_tags", "value": ["x"] } ]
        }));
        let now = monday_nine();
        let e = evaluate(&r, &facts(), now, &calendars());
        assert!(e.matched);
        assert_eq!(
            e.conditions.iter().map(|c| c.matched).collect::<Vec<_>>(),
            [true, false, true]
        );
        let mut f = facts();
        f.tags.clear();
        assert!(!evaluate(&r, &f, now, &calendars()).matched);
        assert!(!matches(&r, &f, now, &calendars()));
    }

    #[test]
    fn escalation_raises_one_step() {
        assert_eq!(raised(Priority::Low), Priority::Normal);
        assert_eq!(raised(Priority::High), Priority::Urgent);
        assert_eq!(raised(Priority::Urgent), Priority::Urgent);
    }

    #[test]
    fn next_opening_and_business_subtraction_agree_with_the_calendar() {
        let cal = BusinessCalendar::brazil_office();
        // Friday 19:00 local → Monday 08:00 local.
        let friday_night = Utc.with_ymd_and_hms(2026, 3, 6, 22, 0, 0).unwrap();
        assert_eq!(
            crate::sla_clock::next_opening(&cal, friday_night),
            Some(Utc.with_ymd_and_hms(2026, 3, 9, 11, 0, 0).unwrap())
        );
        for minutes in [1, 59, 60, 61, 540, 541, 3000] {
            let end = Utc.with_ymd_and_hms(2026, 3, 10, 15, 17, 0).unwrap();
            let start = crate::sla_clock::sub_business_minutes(&cal, end, minutes);
            assert_eq!(
                crate::sla_clock::business_minutes_between(&cal, start, end),
                minutes,
                "{minutes}"
            );
        }
    }
}
