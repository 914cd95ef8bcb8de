//! Pending items (pendências): the approval workflow as a state machine.
//!
//! The customer's flow (`shared/spec/permissoes-pendencias.md`, "Fluxo de
//! Trabalho Simplificado"): the operator creates an item, a supervisor
//! approves or refuses it, the client answers, the operator processes the
//! answer and a supervisor marks it resolved:
//!
//! ```text
//! from                            step              to                  permission
//! draft, refused                  edit              (unchanged)         pending_items.edit
//! draft, refused                  submit            awaiting_approval   pending_items.create
//! awaiting_approval, refused      return_to_draft   draft               pending_items.create
//! awaiting_approval               approve           awaiting_client     pending_items.approve
//! awaiting_approval               refuse (reason)   refused             pending_items.refuse
//! awaiting_client                 answer            answered            pending_items.answer
//! answered, in_progress           answer            (unchanged)         pending_items.answer
//! answered                        start             in_progress         pending_items.edit
//! answered, in_progress           return_to_client  awaiting_client     pending_items.edit
//! answered, in_progress           resolve           resolved            pending_items.resolve
//! ```
//!
//! Anything else is an illegal transition; `resolved` is final.
//!
//! Who may take each step comes from the named permissions of the UP380
//! table ([`Permission`]), so an administrator's change to the matrix
//! changes the workflow too; [`apply`] reads the default matrix,
//! [`apply_with_access`] an actor's effective grants. Which *companies* an
//! actor reaches (⚠️) is the caller's check: it needs the item's company.

use crate::access::Access;
use crate::locale::Locale;
use crate::permissions::{Grant, Permission, Role};

named_enum! {
    /// Where a pending item stands.
    PendingStatus {
        /// Being written by the operator; only staff see it.
        Draft = "draft",
        /// Submitted; waiting for a supervisor.
        AwaitingApproval = "awaiting_approval",
        /// Sent back by a supervisor with a reason; the operator fixes and
        /// resubmits it.
        Refused = "refused",
        /// Approved: the client sees it and must answer.
        AwaitingClient = "awaiting_client",
        /// The client (or staff on the client's behalf) answered.
        Answered = "answered",
        /// The operator is processing the answer.
        InProgress = "in_progress",
        /// Done. Final.
        Resolved = "resolved",
    }
}

named_enum! {
    /// A step of the workflow, as the API and the audit log name it.
    ActionKind {
        /// Change title, description, fields (Editar pendências).
        Edit = "edit",
        /// Send for approval.
        Submit = "submit",
        /// Take a submitted or refused item back to draft.
        ReturnToDraft = "return_to_draft",
        /// Aprovar pendências.
        Approve = "approve",
        /// Recusar pendências (with a reason).
        Refuse = "refuse",
        /// Responder pendências.
        Answer = "answer",
        /// Start processing the client's answer.
        Start = "start",
        /// Ask the client again: the answer did not settle it.
        ReturnToClient = "return_to_client",
        /// Marcar como resolvida.
        Resolve = "resolve",
    }
}

/// A step with what it carries: a refusal needs its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    Edit,
    Submit,
    ReturnToDraft,
    Approve,
    /// The reason goes back to the operator ("Dê feedback claro nas recusas").
    Refuse {
        reason: &'a str,
    },
    Answer,
    Start,
    ReturnToClient,
    Resolve,
}

impl Action<'_> {
    /// The step's name.
    pub fn kind(self) -> ActionKind {
        match self {
            Action::Edit => ActionKind::Edit,
            Action::Submit => ActionKind::Submit,
            Action::ReturnToDraft => ActionKind::ReturnToDraft,
            Action::Approve => ActionKind::Approve,
            Action::Refuse { .. } => ActionKind::Refuse,
            Action::Answer => ActionKind::Answer,
            Action::Start => ActionKind::Start,
            Action::ReturnToClient => ActionKind::ReturnToClient,
            Action::Resolve => ActionKind::Resolve,
        }
    }
}

impl ActionKind {
    /// The named permission the step needs.
    ///
    /// The UP380 table has no row for submitting, withdrawing or processing:
    /// submitting and withdrawing belong to creating ("Operador → Cria
    /// pendência"; a supervisor, who may not create, never submits, so
    /// nobody approves work they sent), processing and asking the client
    /// again belong to editing (staff who may change the item).
    pub fn permission(self) -> Permission {
        match self {
            ActionKind::Edit | ActionKind::Start | ActionKind::ReturnToClient => {
                Permission::PendingItemsEdit
            }
            ActionKind::Submit | ActionKind::ReturnToDraft => Permission::PendingItemsCreate,
            ActionKind::Approve => Permission::PendingItemsApprove,
            ActionKind::Refuse => Permission::PendingItemsRefuse,
            ActionKind::Answer => Permission::PendingItemsAnswer,
            ActionKind::Resolve => Permission::PendingItemsResolve,
        }
    }

    /// The status the step leads to from `from`, or `None` when the step
    /// is not possible there. Independent of who asks.
    ///
    /// - Edits only while the item is the operator's (draft, refused): once
    ///   submitted, the supervisor must approve what was submitted, and once
    ///   approved, the client may already be answering what they read. A
    ///   supervisor who wants a change refuses with a reason.
    /// - Answering an item awaiting the client makes it `answered`. Further
    ///   answers while it is answered or in progress (a second document,
    ///   staff recording an answer received by phone) are allowed and leave
    ///   the status as it is: the thread grows, the workflow does not move
    ///   backwards under the operator's feet.
    /// - `return_to_client` (beyond the spec's straight line): the answer
    ///   did not settle the item, so the operator asks the client again
    ///   instead of resolving something unresolved.
    /// - Resolving needs an answer: from `answered` or `in_progress`.
    ///   `resolved` is final.
    pub fn target(self, from: PendingStatus) -> Option<PendingStatus> {
        use PendingStatus::*;
        match (self, from) {
            (ActionKind::Edit, Draft | Refused) => Some(from),
            (ActionKind::Submit, Draft | Refused) => Some(AwaitingApproval),
            (ActionKind::ReturnToDraft, AwaitingApproval | Refused) => Some(Draft),
            (ActionKind::Approve, AwaitingApproval) => Some(AwaitingClient),
            (ActionKind::Refuse, AwaitingApproval) => Some(Refused),
            (ActionKind::Answer, AwaitingClient) => Some(Answered),
            (ActionKind::Answer, Answered | InProgress) => Some(from),
            (ActionKind::Start, Answered) => Some(InProgress),
            (ActionKind::ReturnToClient, Answered | InProgress) => Some(AwaitingClient),
            (ActionKind::Resolve, Answered | InProgress) => Some(Resolved),
            _ => None,
        }
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The actor lacks the step's permission (HTTP 403).
    #[error("`{}` needs permission `{}`", .action.as_str(), .permission.name())]
    RoleNotAllowed {
        action: ActionKind,
        permission: Permission,
    },
    /// The step is not possible from the current status (HTTP 422).
    #[error("a pending item cannot `{}` while `{}`", .action.as_str(), .from.as_str())]
    IllegalTransition {
        from: PendingStatus,
        action: ActionKind,
    },
    /// A refusal without a reason (HTTP 422, field `reason`).
    #[error("a refusal needs a reason")]
    ReasonRequired,
}

/// Takes `action` on an item in status `from`, for an actor of `role`
/// under the default permission matrix. Returns the new status.
///
/// The permission is checked first, so an actor who may never take a step
/// learns nothing about the item's status from the error; then the
/// transition; then the refusal's reason.
pub fn apply(
    from: PendingStatus,
    action: Action<'_>,
    role: Role,
) -> Result<PendingStatus, WorkflowError> {
    check(from, action, |p| p.default_grant(role) != Grant::None)
}

/// Like [`apply`], with the actor's effective grants (the matrix as the
/// administrator set it).
pub fn apply_with_access(
    from: PendingStatus,
    action: Action<'_>,
    access: &Access,
) -> Result<PendingStatus, WorkflowError> {
    check(from, action, |p| access.can(p))
}

fn check(
    from: PendingStatus,
    action: Action<'_>,
    granted: impl Fn(Permission) -> bool,
) -> Result<PendingStatus, WorkflowError> {
    let kind = action.kind();
    let permission = kind.permission();
    if !granted(permission) {
        return Err(WorkflowError::RoleNotAllowed {
            action: kind,
            permission,
        });
    }
    let to = kind
        .target(from)
        .ok_or(WorkflowError::IllegalTransition { from, action: kind })?;
    if let Action::Refuse { reason } = action
        && reason.trim().is_empty()
    {
        return Err(WorkflowError::ReasonRequired);
    }
    Ok(to)
}

/// The steps `role` may take on an item in `status` (the buttons to show).
pub fn allowed_actions(status: PendingStatus, role: Role) -> Vec<ActionKind> {
    ActionKind::ALL
        .iter()
        .copied()
        .filter(|kind| {
            kind.target(status).is_some() && kind.permission().default_grant(role) != Grant::None
        })
        .collect()
}

/// Whether clients see an item in this status at all: only once a
/// supervisor approved it. Drafts, refusals and items awaiting approval are
/// the consultancy's internal work and must not appear in any list, count,
/// search, report or export a client can reach.
pub fn visible_to_client(status: PendingStatus) -> bool {
    use PendingStatus::*;
    match status {
        AwaitingClient | Answered | InProgress | Resolved => true,
        Draft | AwaitingApproval | Refused => false,
    }
}

/// Whether `role` sees items in `status` under the default matrix: clients
/// only from `awaiting_client` on, and resolved items only with "Ver
/// resolvidas" (ADM and Supervisor by default). Company scope is checked
/// apart.
pub fn visible_to(status: PendingStatus, role: Role) -> bool {
    if Permission::PendingItemsView.default_grant(role) == Grant::None {
        return false;
    }
    if status == PendingStatus::Resolved
        && Permission::PendingItemsViewResolved.default_grant(role) == Grant::None
    {
        return false;
    }
    !role.is_client() || visible_to_client(status)
}

/// The statuses `role` sees, to filter list queries by (`status IN (…)`).
pub fn visible_statuses(role: Role) -> Vec<PendingStatus> {
    PendingStatus::ALL
        .iter()
        .copied()
        .filter(|s| visible_to(*s, role))
        .collect()
}

impl PendingStatus {
    /// Whether nothing more can happen to the item.
    pub fn is_final(self) -> bool {
        self == PendingStatus::Resolved
    }

    /// The status as people read it, in screens, e-mails and exports.
    pub fn label(self, locale: Locale) -> &'static str {
        use PendingStatus::*;
        match (locale, self) {
            (Locale::PtBr, Draft) => "Rascunho",
            (Locale::PtBr, AwaitingApproval) => "Aguardando aprovação",
            (Locale::PtBr, Refused) => "Recusada",
            (Locale::PtBr, AwaitingClient) => "Aguardando cliente",
            (Locale::PtBr, Answered) => "Respondida",
            (Locale::PtBr, InProgress) => "Em andamento",
            (Locale::PtBr, Resolved) => "Resolvida",
            (Locale::En, Draft) => "Draft",
            (Locale::En, AwaitingApproval) => "Awaiting approval",
            (Locale::En, Refused) => "Refused",
            (Locale::En, AwaitingClient) => "Awaiting client",
            (Locale::En, Answered) => "Answered",
            (Locale::En, InProgress) => "In progress",
            (Locale::En, Resolved) => "Resolved",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use crate::access::Bounds;

    use super::*;
    use ActionKind as K;
    use PendingStatus::*;

    fn action(kind: ActionKind) -> Action<'static> {
        match kind {
            K::Edit => Action::Edit,
            K::Submit => Action::Submit,
            K::ReturnToDraft => Action::ReturnToDraft,
            K::Approve => Action::Approve,
            K::Refuse => Action::Refuse {
                reason: "falta o extrato de março",
            },
            K::Answer => Action::Answer,
            K::Start => Action::Start,
            K::ReturnToClient => Action::ReturnToClient,
            K::Resolve => Action::Resolve,
        }
    }

    /// The whole table, written out by hand: (from, step) → to.
    fn expected(from: PendingStatus, kind: ActionKind) -> Option<PendingStatus> {
        let table: &[(PendingStatus, ActionKind, PendingStatus)] = &[
            (Draft, K::Edit, Draft),
            (Draft, K::Submit, AwaitingApproval),
            (AwaitingApproval, K::ReturnToDraft, Draft),
            (AwaitingApproval, K::Approve, AwaitingClient),
            (AwaitingApproval, K::Refuse, Refused),
            (Refused, K::Edit, Refused),
            (Refused, K::Submit, AwaitingApproval),
            (Refused, K::ReturnToDraft, Draft),
            (AwaitingClient, K::Answer, Answered),
            (Answered, K::Answer, Answered),
            (Answered, K::Start, InProgress),
            (Answered, K::ReturnToClient, AwaitingClient),
            (Answered, K::Resolve, Resolved),
            (InProgress, K::Answer, InProgress),
            (InProgress, K::ReturnToClient, AwaitingClient),
            (InProgress, K::Resolve, Resolved),
        ];
        table
            .iter()
            .find(|(f, k, _)| *f == from && *k == kind)
            .map(|(_, _, to)| *to)
    }

    /// Who may take each step by default, from the UP380 table.
    fn may(role: Role, kind: ActionKind) -> bool {
        use Role::*;
        match kind {
            // Criar pendências: ADM, Operador.
            K::Submit | K::ReturnToDraft => matches!(role, Admin | Agent),
            // Editar pendências: ADM, Supervisor, Operador.
            K::Edit | K::Start | K::ReturnToClient => matches!(role, Admin | Supervisor | Agent),
            // Aprovar / Recusar / Marcar como resolvida: ADM, Supervisor.
            K::Approve | K::Refuse | K::Resolve => matches!(role, Admin | Supervisor),
            // Responder pendências: everyone.
            K::Answer => true,
        }
    }

    #[test]
    fn every_status_action_and_role_gives_the_expected_outcome() {
        let mut checked = 0;
        for from in PendingStatus::ALL {
            for kind in ActionKind::ALL {
                for role in Role::ALL {
                    let got = apply(*from, action(*kind), role);
                    let want = if !may(role, *kind) {
                        Err(WorkflowError::RoleNotAllowed {
                            action: *kind,
                            permission: kind.permission(),
                        })
                    } else {
                        expected(*from, *kind).ok_or(WorkflowError::IllegalTransition {
                            from: *from,
                            action: *kind,
                        })
                    };
                    assert_eq!(got, want, "{from:?} {kind:?} as {role:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 7 * 9 * 5);
    }

    #[test]
    fn the_customers_flow_walks_through() {
        let s = apply(Draft, Action::Submit, Role::Agent).unwrap();
        let s = apply(s, Action::Approve, Role::Supervisor).unwrap();
        assert!(visible_to_client(s));
        let s = apply(s, Action::Answer, Role::Client).unwrap();
        let s = apply(s, Action::Start, Role::Agent).unwrap();
        let s = apply(s, Action::Resolve, Role::Supervisor).unwrap();
        assert_eq!(s, Resolved);
        assert!(s.is_final());
    }

    #[test]
    fn a_refusal_goes_back_to_the_operator_with_a_reason() {
        let refused = apply(
            AwaitingApproval,
            Action::Refuse {
                reason: "Descrição incompleta",
            },
            Role::Supervisor,
        );
        assert_eq!(refused, Ok(Refused));
        assert_eq!(
            apply(Refused, Action::Edit, Role::Agent),
            Ok(Refused),
            "the operator fixes it"
        );
        assert_eq!(
            apply(Refused, Action::Submit, Role::Agent),
            Ok(AwaitingApproval)
        );
        for blank in ["", "   ", "\n\t"] {
            assert_eq!(
                apply(
                    AwaitingApproval,
                    Action::Refuse { reason: blank },
                    Role::Supervisor
                ),
                Err(WorkflowError::ReasonRequired)
            );
        }
    }

    #[test]
    fn permission_is_checked_before_the_transition() {
        // A client trying to approve a draft learns only that it may not.
        assert_eq!(
            apply(Draft, Action::Approve, Role::Client),
            Err(WorkflowError::RoleNotAllowed {
                action: K::Approve,
                permission: Permission::PendingItemsApprove
            })
        );
        // Without a reason, an illegal refusal is still illegal first.
        assert_eq!(
            apply(Draft, Action::Refuse { reason: "" }, Role::Supervisor),
            Err(WorkflowError::IllegalTransition {
                from: Draft,
                action: K::Refuse
            })
        );
    }

    #[test]
    fn a_supervisor_cannot_submit_and_an_operator_cannot_approve() {
        assert!(matches!(
            apply(Draft, Action::Submit, Role::Supervisor),
            Err(WorkflowError::RoleNotAllowed { .. })
        ));
        assert!(matches!(
            apply(AwaitingApproval, Action::Approve, Role::Agent),
            Err(WorkflowError::RoleNotAllowed { .. })
        ));
    }

    #[test]
    fn the_effective_matrix_decides_when_an_administrator_changed_it() {
        // An installation that lets its operators approve.
        let mut grants: BTreeMap<Permission, Grant> = Permission::ALL
            .iter()
            .map(|p| (*p, p.default_grant(Role::Agent)))
            .collect();
        grants.insert(Permission::PendingItemsApprove, Grant::Linked);
        let access = Access::new(grants, BTreeSet::new(), Bounds::Tenant(BTreeSet::new()));
        assert_eq!(
            apply_with_access(AwaitingApproval, Action::Approve, &access),
            Ok(AwaitingClient)
        );
        let client = Access::new(BTreeMap::new(), BTreeSet::new(), Bounds::Scope);
        assert!(matches!(
            apply_with_access(AwaitingClient, Action::Answer, &client),
            Err(WorkflowError::RoleNotAllowed { .. })
        ));
    }

    #[test]
    fn clients_see_items_only_from_awaiting_client_on() {
        let shown: Vec<_> = PendingStatus::ALL
            .iter()
            .copied()
            .filter(|s| visible_to_client(*s))
            .collect();
        assert_eq!(shown, vec![AwaitingClient, Answered, InProgress, Resolved]);
    }

    #[test]
    fn resolved_items_are_shown_only_to_administrators_and_supervisors() {
        assert_eq!(visible_statuses(Role::Admin), PendingStatus::ALL.to_vec());
        assert_eq!(
            visible_statuses(Role::Supervisor),
            PendingStatus::ALL.to_vec()
        );
        assert_eq!(
            visible_statuses(Role::Agent),
            vec![
                Draft,
                AwaitingApproval,
                Refused,
                AwaitingClient,
                Answered,
                InProgress
            ]
        );
        for role in [Role::ClientSupervisor, Role::Client] {
            assert_eq!(
                visible_statuses(role),
                vec![AwaitingClient, Answered, InProgress],
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_buttons_follow_status_and_role() {
        assert_eq!(
            allowed_actions(AwaitingApproval, Role::Supervisor),
            vec![K::Approve, K::Refuse]
        );
        assert_eq!(
            allowed_actions(AwaitingApproval, Role::Agent),
            vec![K::ReturnToDraft]
        );
        assert_eq!(
            allowed_actions(AwaitingClient, Role::Client),
            vec![K::Answer]
        );
        assert!(allowed_actions(Draft, Role::Client).is_empty());
        assert!(allowed_actions(Resolved, Role::Admin).is_empty());
        // A client never gets "Aprovar", whatever the status.
        for status in PendingStatus::ALL {
            assert!(!allowed_actions(*status, Role::Client).contains(&K::Approve));
            for kind in allowed_actions(*status, Role::Agent) {
                assert!(apply(*status, action(kind), Role::Agent).is_ok());
            }
        }
    }

    #[test]
    fn names_round_trip_and_serialize_in_snake_case() {
        for s in PendingStatus::ALL {
            assert_eq!(PendingStatus::parse(s.as_str()), Some(*s));
        }
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.as_str()), Some(*k));
            assert_eq!(action(*k).kind(), *k);
        }
        assert_eq!(PendingStatus::parse("closed"), None);
        assert_eq!(
            serde_json::to_string(&AwaitingApproval).unwrap(),
            "\"awaiting_approval\""
        );
        assert_eq!(
            serde_json::from_str::<ActionKind>("\"return_to_client\"").unwrap(),
            K::ReturnToClient
        );
    }

    #[test]
    fn every_status_reads_differently_in_each_language() {
        for locale in Locale::ALL {
            let labels: std::collections::BTreeSet<&str> =
                PendingStatus::ALL.iter().map(|s| s.label(locale)).collect();
            assert_eq!(labels.len(), PendingStatus::ALL.len());
        }
        assert_eq!(PendingStatus::Refused.label(Locale::PtBr), "Recusada");
        assert_eq!(PendingStatus::InProgress.label(Locale::En), "In progress");
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            WorkflowError::IllegalTransition {
                from: Resolved,
                action: K::Answer
            }
            .to_string(),
            "a pending item cannot `answer` while `resolved`"
        );
        assert_eq!(
            WorkflowError::RoleNotAllowed {
                action: K::Approve,
                permission: Permission::PendingItemsApprove
            }
            .to_string(),
            "`approve` needs permission `pending_items.approve`"
        );
    }
}
