//! Automatic assignment on creation, per the ticket's team: round-robin,
//! or the member with the fewest open tickets — among members marked
//! available, active, and allowed to work the ticket's company.

use atende_core::permissions::Permission;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    catalog::{member, team},
    entity::ticket,
};
use crate::{auth::actor::access_of_user, identity::user};

/// Picks the next of `candidates` (sorted) after `last`, wrapping around.
pub fn round_robin(candidates: &[Uuid], last: Option<Uuid>) -> Option<Uuid> {
    let next = last
        .and_then(|last| candidates.iter().position(|c| *c > last))
        .unwrap_or(0);
    candidates.get(next).copied()
}

/// Members who may receive `ticket`, sorted by id.
async fn candidates(
    db: &impl ConnectionTrait,
    team_id: Uuid,
    company_id: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    let members = member::Entity::find()
        .filter(member::Column::TeamId.eq(team_id))
        .filter(member::Column::Available.eq(true))
        .all(db)
        .await?;
    let mut allowed = Vec::new();
    for m in members {
        let Some(user) = user::Entity::find_by_id(m.user_id)
            .one(db)
            .await?
            .filter(|u| u.active)
        else {
            continue;
        };
        let Some(role) = user.role().filter(|r| !r.is_client()) else {
            continue;
        };
        let access = access_of_user(db, user.id, role).await?;
        if access
            .authorize(Permission::TicketsWork)
            .is_ok_and(|reach| reach.covers(company_id))
        {
            allowed.push(user.id);
        }
    }
    allowed.sort();
    Ok(allowed)
}

/// The assignee for a new ticket, if its team assigns automatically.
pub async fn auto_assign(
    db: &impl ConnectionTrait,
    ticket: &ticket::Model,
) -> Result<Option<Uuid>, DbErr> {
    let Some(team_id) = ticket.team_id else {
        return Ok(None);
    };
    let Some(team) = team::Entity::find_by_id(team_id).one(db).await? else {
        return Ok(None);
    };
    let strategy = team.assignment.clone();
    pick(db, &team, ticket, &strategy).await
}

/// A member of `team` for `ticket` by `strategy` (`round_robin`,
/// `least_open`; anything else picks nobody), remembered for the next
/// round-robin turn.
pub async fn pick(
    db: &impl ConnectionTrait,
    team: &team::Model,
    ticket: &ticket::Model,
    strategy: &str,
) -> Result<Option<Uuid>, DbErr> {
    let candidates = candidates(db, team.id, ticket.company_id).await?;
    let chosen = match strategy {
        "round_robin" => round_robin(&candidates, team.last_assigned_user_id),
        "least_open" => {
            let mut best: Option<(u64, Uuid)> = None;
            for candidate in &candidates {
                let open = ticket::Entity::find()
                    .filter(ticket::Column::AssigneeId.eq(*candidate))
                    .filter(ticket::Column::Status.is_in(["new", "open", "pending", "on_hold"]))
                    .count(db)
                    .await?;
                if best.is_none_or(|(count, _)| open < count) {
                    best = Some((open, *candidate));
                }
            }
            best.map(|(_, id)| id)
        }
        _ => None,
    };
    if let Some(user_id) = chosen {
        team::Entity::update_many()
            .col_expr(team::Column::LastAssignedUserId, Expr::value(user_id))
            .filter(team::Column::Id.eq(team.id))
            .exec(db)
            .await?;
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_cycles_through_the_members() {
        let ids = [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)];
        assert_eq!(round_robin(&ids, None), Some(ids[0]));
        assert_eq!(round_robin(&ids, Some(ids[0])), Some(ids[1]));
        assert_eq!(round_robin(&ids, Some(ids[2])), Some(ids[0]));
        // The last one left the team: continue after where it was.
        assert_eq!(round_robin(&[ids[0], ids[2]], Some(ids[1])), Some(ids[2]));
        assert_eq!(round_robin(&[], None), None);
    }
}
