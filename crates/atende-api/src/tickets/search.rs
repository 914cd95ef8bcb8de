//! Full-text search over subject, description and public replies, the same
//! on both databases. The Portuguese analysis (accents, stop words,
//! plurals, stems) is [`atende_core::search`]; this module stores its terms
//! and asks the databases for them:
//!
//! - the terms of a ticket are stored in `search_text` and indexed by
//!   PostgreSQL (GIN on `to_tsvector('simple', search_text)`) or SQLite
//!   (the FTS5 table `ticket_fts`, keyed by ticket number);
//! - every term of a query must occur, whole (see [`Query`] for why not
//!   as a beginning);
//! - a query that is a ticket number (`43`, `#000043`) also finds that
//!   ticket;
//! - when the analysis changes ([`ANALYSIS_VERSION`]), the server rewrites
//!   every ticket's terms in the background, in batches (the job
//!   [`REBUILD_KIND`]), so a large installation starts at once.

use std::collections::{HashMap, HashSet};

use atende_core::{
    jobs::JobStatus,
    search::{ANALYSIS_VERSION, Query},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    sea_query::{Expr, SimpleExpr},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::{message, ticket};
use crate::{
    db::{begin_write, statement},
    jobs::{
        NewJob, enqueue, entity as job,
        worker::{JobContext, JobError},
    },
    system::setting,
};

/// The stored text of a ticket: the terms of its subject, description and
/// public replies.
pub fn text(subject: &str, description: &str, public_replies: &[&str]) -> String {
    atende_core::search::index_text(
        [subject, description]
            .into_iter()
            .chain(public_replies.iter().copied()),
    )
}

/// Refreshes the SQLite index row of ticket `number` (PostgreSQL indexes
/// the column itself).
pub async fn reindex(db: &impl ConnectionTrait, number: i64, text: &str) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "DELETE FROM ticket_fts WHERE rowid = ?",
        [number.into()],
    ))
    .await?;
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "INSERT INTO ticket_fts (rowid, search_text) VALUES (?, ?)",
        [number.into(), text.into()],
    ))
    .await?;
    Ok(())
}

/// The condition "matches `query`" on the `tickets` table, or `None` when
/// the query asks for nothing (no words but stop words).
pub fn matches(backend: DatabaseBackend, query: &str) -> Option<SimpleExpr> {
    let query = Query::parse(query);
    if query.is_empty() {
        return None;
    }
    if query.terms.is_empty() {
        return query.number.map(|n| ticket::Column::Number.eq(n));
    }
    Some(match backend {
        DatabaseBackend::Postgres => {
            // Terms hold only letters and digits: no quoting needed.
            let tsquery = query.terms.join(" & ");
            let words = "to_tsvector('simple', \"tickets\".\"search_text\") \
                         @@ to_tsquery('simple', $1)";
            match query.number {
                // The ticket and the tickets whose text has the number,
                // collected first (the words of a number are rare: the GIN
                // index finds them at once), then looked up by number.
                // Written as `number = $2 OR <words>`, the planner walked
                // the whole table by number, testing each row's text, when
                // its statistics could not tell how rare the number is
                // (2.2 s at 1,000,000 tickets; 0.2 ms this way).
                Some(number) => Expr::cust_with_values(
                    "\"tickets\".\"number\" = ANY(ARRAY(SELECT $2::bigint UNION ALL \
                     SELECT s.number FROM tickets AS s \
                     WHERE to_tsvector('simple', s.search_text) @@ to_tsquery('simple', $1)))",
                    [tsquery.into(), sea_orm::Value::from(number)],
                ),
                None => Expr::cust_with_values(words, [tsquery]),
            }
        }
        _ => {
            // Quoted, so FTS5 keywords typed as words ("or") stay words.
            let fts = query
                .terms
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(" AND ");
            let words = "SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?";
            match query.number {
                Some(number) => Expr::cust_with_values(
                    format!("\"tickets\".\"number\" IN ({words} UNION ALL SELECT ?)"),
                    [fts.into(), sea_orm::Value::from(number)],
                ),
                None => {
                    Expr::cust_with_values(format!("\"tickets\".\"number\" IN ({words})"), [fts])
                }
            }
        }
    })
}

// ---------------------------------------------------------------------------
// Rewriting the stored terms after the analysis changed.

/// The job that rewrites the stored terms of a batch of tickets, then
/// queues the next batch.
pub const REBUILD_KIND: &str = "search.rebuild";

/// The `system_settings` key recording which [`ANALYSIS_VERSION`] made
/// every ticket's stored terms.
pub const VERSION_SETTING: &str = "search_analysis_version";

/// Tickets per rebuild job.
const REBUILD_BATCH: u64 = 1_000;

/// The payload of a [`REBUILD_KIND`] job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rebuild {
    /// The analysis the job writes; a job of another version of the server
    /// is cancelled.
    pub version: i32,
    /// Tickets with a number above this one are left.
    pub after: i64,
    /// Tickets per job.
    #[serde(default = "default_batch")]
    pub batch: u64,
    /// Set once every ticket is rewritten, on SQLite: the index is being
    /// merged, one step per job, at most this many steps more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merges_left: Option<u32>,
}

fn default_batch() -> u64 {
    REBUILD_BATCH
}

/// At start: when the stored terms were made by another analysis (or the
/// marker is missing and there are tickets), queues the rebuild unless it
/// is under way, and returns true. Without tickets there is nothing to
/// rewrite: it records the current version. Only a read when nothing
/// changed, so start-up is not delayed.
pub async fn rebuild_if_stale(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let current = ANALYSIS_VERSION.to_string();
    let stored = setting::get(db, VERSION_SETTING).await?;
    if stored.as_deref() == Some(current.as_str()) {
        return Ok(false);
    }
    let txn = begin_write(db).await?;
    let any_ticket = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::Number)
        .into_tuple::<i64>()
        .one(&txn)
        .await?
        .is_some();
    if !any_ticket {
        setting::put(&txn, VERSION_SETTING, &current, now).await?;
        txn.commit().await?;
        return Ok(false);
    }
    let under_way = job::Entity::find()
        .filter(job::Column::Kind.eq(REBUILD_KIND))
        .filter(
            job::Column::Status.is_in([JobStatus::Queued.as_str(), JobStatus::Running.as_str()]),
        )
        .one(&txn)
        .await?
        .is_some();
    if !under_way {
        tracing::info!(
            from = stored.as_deref().unwrap_or("1"),
            to = ANALYSIS_VERSION,
            "the search analysis changed: rewriting every ticket's search terms in the background"
        );
        let payload = Rebuild {
            version: ANALYSIS_VERSION,
            after: 0,
            batch: REBUILD_BATCH,
            merges_left: None,
        };
        enqueue(&txn, rebuild_job(&payload, now)?, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

fn rebuild_job(payload: &Rebuild, now: DateTime<Utc>) -> Result<NewJob, DbErr> {
    let payload = serde_json::to_value(payload).map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(NewJob::now(REBUILD_KIND, payload, now))
}

/// A ticket's stored terms as of its `version`.
struct Terms {
    number: i64,
    version: i32,
    text: String,
}

/// Reads the tickets `filter` selects, with their public replies, and
/// analyses them. `lock`: hold them until the transaction `db` ends (row
/// locks on PostgreSQL; SQLite's write transaction excludes other writers
/// already).
async fn analyse(
    db: &impl ConnectionTrait,
    filter: Condition,
    limit: Option<u64>,
    lock: bool,
) -> Result<Vec<Terms>, DbErr> {
    let mut select = ticket::Entity::find()
        .select_only()
        .columns([
            ticket::Column::Id,
            ticket::Column::Number,
            ticket::Column::Version,
            ticket::Column::Subject,
            ticket::Column::Description,
        ])
        .filter(filter)
        .order_by_asc(ticket::Column::Number)
        .limit(limit);
    if lock {
        select = select.lock_exclusive();
    }
    let tickets: Vec<(Uuid, i64, i32, String, String)> = select.into_tuple().all(db).await?;
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let mut replies: HashMap<Uuid, Vec<String>> = HashMap::new();
    let rows: Vec<(Uuid, String)> = message::Entity::find()
        .select_only()
        .columns([message::Column::TicketId, message::Column::Body])
        .filter(message::Column::TicketId.is_in(tickets.iter().map(|t| t.0)))
        .filter(message::Column::Internal.eq(false))
        .order_by_asc(message::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await?;
    for (ticket_id, body) in rows {
        replies.entry(ticket_id).or_default().push(body);
    }
    Ok(tickets
        .into_iter()
        .map(|(id, number, version, subject, description)| {
            let bodies = replies.remove(&id).unwrap_or_default();
            let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
            Terms {
                number,
                version,
                text: text(&subject, &description, &bodies),
            }
        })
        .collect())
}

/// Writes `terms` to the tickets still at the version they were read at;
/// returns the numbers written.
async fn write(db: &impl ConnectionTrait, terms: &[Terms]) -> Result<HashSet<i64>, DbErr> {
    if terms.is_empty() {
        return Ok(HashSet::new());
    }
    let backend = db.get_database_backend();
    let rows = vec!["(?, ?, ?)"; terms.len()].join(", ");
    let sql = format!(
        "WITH v (number, version, search_text) AS (VALUES {rows}) \
         UPDATE tickets SET search_text = v.search_text FROM v \
         WHERE tickets.number = v.number AND tickets.version = v.version \
         RETURNING tickets.number"
    );
    let values = terms.iter().flat_map(|t| {
        [
            t.number.into(),
            t.version.into(),
            sea_orm::Value::from(t.text.as_str()),
        ]
    });
    let written = db.query_all_raw(statement(backend, &sql, values)).await?;
    let written = written
        .iter()
        .map(|row| row.try_get_by_index::<i64>(0))
        .collect::<Result<HashSet<_>, _>>()?;
    if backend == DatabaseBackend::Sqlite {
        let fresh: Vec<&Terms> = terms
            .iter()
            .filter(|t| written.contains(&t.number))
            .collect();
        if !fresh.is_empty() {
            let numbers = vec!["?"; fresh.len()].join(", ");
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!("DELETE FROM ticket_fts WHERE rowid IN ({numbers})"),
                fresh.iter().map(|t| t.number.into()),
            ))
            .await?;
            let rows = vec!["(?, ?)"; fresh.len()].join(", ");
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!("INSERT INTO ticket_fts (rowid, search_text) VALUES {rows}"),
                fresh
                    .iter()
                    .flat_map(|t| [t.number.into(), t.text.as_str().into()]),
            ))
            .await?;
        }
    }
    Ok(written)
}

/// FTS5 pages one merge step writes (about 4 KB each): a step holds the
/// write lock for a fraction of a second.
const MERGE_PAGES: i64 = 200;

/// One step of merging SQLite's full-text index; returns whether there is
/// more to merge.
///
/// Rewriting every row leaves the FTS5 index as the old segments with
/// every row deleted (tombstones) beside the new ones: searches took
/// 2–2.5 times as long as on a freshly built index at 200,000 tickets.
/// Merging all segments into one (what `optimize` does in one go, ~2 s of
/// write lock at 200,000 tickets) restores the fresh speed; done in steps
/// of [`MERGE_PAGES`], other writers wait for one step at most.
async fn merge_step(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let total_changes = || async {
        db.query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT total_changes() AS n",
        ))
        .await?
        .map_or(Ok(0), |row| row.try_get::<i64>("", "n"))
    };
    let before = total_changes().await?;
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('merge', ?)",
        [(-MERGE_PAGES).into()],
    ))
    .await?;
    // FTS5 reports a merge that found nothing to do as fewer than two
    // changes.
    Ok(total_changes().await? - before >= 2)
}

/// How many merge steps to allow: the index's pages over a step's, with
/// room to spare. New writes keep adding small segments, so "merged into
/// one" may never quite happen on a busy server; the bound ends it.
async fn merge_budget(db: &impl ConnectionTrait) -> Result<u32, DbErr> {
    let pages = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT count(*) AS n FROM ticket_fts_data",
        ))
        .await?
        .map_or(Ok(0), |row| row.try_get::<i64>("", "n"))?;
    Ok(u32::try_from(pages / MERGE_PAGES * 3 + 10).unwrap_or(u32::MAX))
}

/// Runs one [`REBUILD_KIND`] job: rewrites the terms of the next batch of
/// tickets and queues the batch after it, or records the analysis version
/// when this was the last (and, on SQLite, queues the merging of the
/// full-text index, see [`merge_step`]). The tickets are read and analysed before the
/// write transaction, so writers wait only for the writing; a ticket that
/// changed meanwhile is read again inside it, locked.
pub async fn run_rebuild(ctx: &JobContext<'_>) -> Result<(), JobError> {
    let job: Rebuild = ctx.payload()?;
    let db = &ctx.state.db;
    if job.version != ANALYSIS_VERSION {
        let txn = begin_write(db).await?;
        ctx.complete(&txn, JobStatus::Cancelled).await?;
        txn.commit().await?;
        return Ok(());
    }
    let now = ctx.state.clock.now();
    if let Some(merges_left) = job.merges_left {
        let txn = begin_write(db).await?;
        if merge_step(&txn).await? && merges_left > 1 {
            let next = Rebuild {
                merges_left: Some(merges_left - 1),
                ..job
            };
            enqueue(&txn, rebuild_job(&next, now)?, now).await?;
        }
        ctx.complete(&txn, JobStatus::Done).await?;
        txn.commit().await?;
        return Ok(());
    }
    let batch = job.batch.max(1);
    let terms = analyse(
        db,
        Condition::all().add(ticket::Column::Number.gt(job.after)),
        Some(batch),
        false,
    )
    .await?;
    let txn = begin_write(db).await?;
    let written = write(&txn, &terms).await?;
    let changed: Vec<i64> = terms
        .iter()
        .map(|t| t.number)
        .filter(|n| !written.contains(n))
        .collect();
    if !changed.is_empty() {
        let again = analyse(
            &txn,
            Condition::all().add(ticket::Column::Number.is_in(changed)),
            None,
            true,
        )
        .await?;
        write(&txn, &again).await?;
    }
    let finished = match terms.last() {
        Some(last) if terms.len() as u64 == batch => {
            let next = Rebuild {
                after: last.number,
                ..job
            };
            enqueue(&txn, rebuild_job(&next, now)?, now).await?;
            false
        }
        last => {
            setting::put(&txn, VERSION_SETTING, &ANALYSIS_VERSION.to_string(), now).await?;
            tracing::info!(
                version = ANALYSIS_VERSION,
                "every ticket's search terms are rewritten"
            );
            if txn.get_database_backend() == DatabaseBackend::Sqlite {
                let merge = Rebuild {
                    after: last.map_or(job.after, |t| t.number),
                    merges_left: Some(merge_budget(&txn).await?),
                    ..job
                };
                enqueue(&txn, rebuild_job(&merge, now)?, now).await?;
            }
            true
        }
    };
    ctx.complete(&txn, JobStatus::Done).await?;
    txn.commit().await?;
    if finished && db.get_database_backend() == DatabaseBackend::Postgres {
        // Every row was rewritten once: half the table is dead versions
        // and the planner's statistics are stale. Autovacuum would see to
        // it eventually (if it is on); this does it now, without blocking
        // readers or writers (~2.4 s at 200,000 tickets). Best effort: the
        // job is done either way.
        if let Err(error) = db.execute_unprepared("VACUUM (ANALYZE) tickets").await {
            tracing::warn!(%error, "cannot vacuum the tickets after rewriting their search terms");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_must_match_whole_and_numbers_find_tickets() {
        use sea_orm::sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
        let sql = |backend, q: &str| {
            let select = sea_orm::sea_query::Query::select()
                .expr(matches(backend, q).unwrap())
                .to_owned();
            match backend {
                DatabaseBackend::Postgres => select.to_string(PostgresQueryBuilder),
                _ => select.to_string(SqliteQueryBuilder),
            }
        };
        let pg = sql(DatabaseBackend::Postgres, "Ações trabalhistas");
        assert!(pg.contains("to_tsquery('simple', 'aca & trabalh')"), "{pg}");
        let lite = sql(DatabaseBackend::Sqlite, "Ações OR trabalh*");
        assert!(
            lite.contains(r#"MATCH '"aca" AND "or" AND "trabalh"'"#),
            "{lite}"
        );
        let number = sql(DatabaseBackend::Postgres, "#000043");
        assert!(
            number.contains("ARRAY(SELECT 43::bigint UNION ALL"),
            "{number}"
        );
        let number = sql(DatabaseBackend::Sqlite, "43");
        assert!(number.contains("UNION ALL SELECT 43"), "{number}");
        assert!(matches(DatabaseBackend::Sqlite, "***").is_none());
        assert!(matches(DatabaseBackend::Sqlite, "de da do").is_none());
    }
}
