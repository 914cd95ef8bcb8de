//! Putting jobs in, claiming them, and recording how they ended.

use atende_core::jobs::{AfterFailure, DEFAULT_MAX_ATTEMPTS, JobStatus, after_failure};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, FromQueryResult, Value};
use uuid::Uuid;

use super::entity::Model as Job;
use crate::db::statement;

/// A job to add.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
    /// Jobs with the same key are one job.
    pub idempotency_key: Option<String>,
}

impl NewJob {
    /// A job due now.
    pub fn now(kind: &'static str, payload: serde_json::Value, now: DateTime<Utc>) -> Self {
        Self {
            kind,
            payload,
            run_at: now,
            idempotency_key: None,
        }
    }

    pub fn keyed(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

const INSERT: &str = "INSERT INTO jobs (id, kind, payload, run_at, status, attempts, max_attempts, \
     idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)";

fn insert_values(job: &NewJob, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        Uuid::now_v7().into(),
        job.kind.into(),
        job.payload.to_string().into(),
        job.run_at.into(),
        DEFAULT_MAX_ATTEMPTS.into(),
        job.idempotency_key.clone().into(),
        now.into(),
        now.into(),
    ]
}

/// Adds `job`; when a job with the same idempotency key exists already, in
/// whatever state, nothing changes. Call it inside the transaction that
/// makes the job necessary, so both happen or neither.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = format!("{INSERT} ON CONFLICT (idempotency_key) DO NOTHING");
    db.execute_raw(statement(backend, &sql, insert_values(&job, now)))
        .await?;
    Ok(())
}

/// Adds `job` or moves the pending job with its idempotency key to the new
/// `run_at` (re-queueing it if it had been cancelled). A job that ran,
/// runs, or died is left alone: a key fires at most once.
pub async fn schedule(
    db: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = format!(
        "{INSERT} ON CONFLICT (idempotency_key) DO UPDATE SET run_at = excluded.run_at, \
         payload = excluded.payload, status = 'queued', updated_at = excluded.updated_at \
         WHERE jobs.status IN ('queued', 'cancelled')"
    );
    db.execute_raw(statement(backend, &sql, insert_values(&job, now)))
        .await?;
    Ok(())
}

/// Takes up to `limit` due jobs for `worker` until `now + lease`: queued
/// ones whose time has come, and running ones whose worker's lease ran out
/// (it died). PostgreSQL skips rows another replica is claiming; SQLite
/// runs the statement under its single write lock.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Job>, DbErr> {
    let backend = db.get_database_backend();
    let skip_locked = if backend == DatabaseBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, \
         attempts = attempts + 1, updated_at = ? \
         WHERE id IN (SELECT id FROM jobs \
           WHERE (status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?) \
           ORDER BY run_at LIMIT ?{skip_locked}) \
         RETURNING *"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = db
        .query_all_raw(statement(
            backend,
            &sql,
            [
                worker.into(),
                (now + lease).into(),
                now.into(),
                now.into(),
                now.into(),
                limit.into(),
            ],
        ))
        .await?;
    let mut jobs = rows
        .iter()
        .map(|row| Job::from_query_result(row, ""))
        .collect::<Result<Vec<_>, _>>()?;
    jobs.sort_by_key(|j| j.run_at);
    Ok(jobs)
}

/// Marks a claimed job finished (`Done` or `Cancelled`). Returns false —
/// and the caller must roll back — when `worker` no longer holds the job
/// (its lease ran out and another worker took it).
pub async fn finish(
    db: &impl ConnectionTrait,
    job: &Job,
    worker: &str,
    status: JobStatus,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let result = db
        .execute_raw(statement(
            backend,
            "UPDATE jobs SET status = ?, locked_by = NULL, locked_until = NULL, \
             finished_at = ?, updated_at = ? \
             WHERE id = ? AND status = 'running' AND locked_by = ? AND attempts = ?",
            [
                status.as_str().into(),
                now.into(),
                now.into(),
                job.id.into(),
                worker.into(),
                job.attempts.into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Records a failed try: back to the queue after the backoff, or to the
/// dead letter after the last attempt.
pub async fn fail(
    db: &impl ConnectionTrait,
    job: &Job,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<JobStatus, DbErr> {
    let backend = db.get_database_backend();
    let (status, run_at) = match after_failure(job.attempts, job.max_attempts) {
        AfterFailure::RetryIn(wait) => (JobStatus::Queued, now + wait),
        AfterFailure::GiveUp => (JobStatus::Dead, now),
    };
    let error: String = error.chars().take(2_000).collect();
    db.execute_raw(statement(
        backend,
        "UPDATE jobs SET status = ?, run_at = ?, last_error = ?, locked_by = NULL, \
         locked_until = NULL, updated_at = ?, finished_at = ? \
         WHERE id = ? AND status = 'running' AND locked_by = ? AND attempts = ?",
        [
            status.as_str().into(),
            run_at.into(),
            error.into(),
            now.into(),
            (status == JobStatus::Dead).then_some(now).into(),
            job.id.into(),
            worker.into(),
            job.attempts.into(),
        ],
    ))
    .await?;
    Ok(status)
}
