//! The job runner: claims due jobs and hands each to its handler by kind.
//!
//! Every `atende` process runs one worker; with PostgreSQL any number of
//! replicas share the queue (claims skip each other's rows), with SQLite
//! the single write lock serialises claims.

use std::{panic::AssertUnwindSafe, time::Duration as StdDuration};

use atende_core::jobs::JobStatus;
use chrono::Duration;
use futures_util::FutureExt;
use sea_orm::{ConnectionTrait, DbErr};
use serde::de::DeserializeOwned;

use super::{entity::Model as Job, queue};
use crate::state::AppState;

/// How long a claim lasts before another worker may take the job over.
const LEASE: Duration = Duration::minutes(5);

/// Jobs claimed at a time.
const BATCH: u64 = 10;

/// Why a job did not finish.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    /// Retried after the backoff.
    #[error("{0}")]
    Failed(String),
    /// Another worker owns the job now; nothing of this run is kept.
    #[error("the job's lease ran out")]
    LeaseLost,
}

/// What a handler gets: the application and the job it runs.
pub struct JobContext<'a> {
    pub state: &'a AppState,
    pub job: &'a Job,
    worker: &'a str,
}

impl JobContext<'_> {
    /// The job's payload, as the handler's type.
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, JobError> {
        serde_json::from_str(&self.job.payload)
            .map_err(|e| JobError::Failed(format!("bad payload: {e}")))
    }

    /// Marks the job `Done` or `Cancelled` within `txn`, the transaction
    /// holding the job's own writes; the caller commits it afterwards.
    /// Fails with [`JobError::LeaseLost`] (the caller must not commit) when
    /// the job is no longer this worker's.
    pub async fn complete(
        &self,
        txn: &impl ConnectionTrait,
        status: JobStatus,
    ) -> Result<(), JobError> {
        let now = self.state.clock.now();
        if queue::finish(txn, self.job, self.worker, status, now).await? {
            Ok(())
        } else {
            Err(JobError::LeaseLost)
        }
    }
}

/// Runs jobs until the task is dropped.
pub async fn run(state: AppState) {
    let worker = format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple());
    let idle = StdDuration::from_millis(state.settings.jobs_poll_interval_ms.max(10));
    tracing::debug!(worker, "job worker started");
    loop {
        let now = state.clock.now();
        match queue::claim(&state.db, &worker, now, LEASE, BATCH).await {
            Ok(jobs) if !jobs.is_empty() => {
                for job in jobs {
                    run_one(&state, &worker, &job).await;
                }
            }
            Ok(_) => tokio::time::sleep(idle).await,
            Err(error) => {
                tracing::warn!(%error, "cannot claim jobs");
                tokio::time::sleep(idle).await;
            }
        }
    }
}

async fn dispatch(ctx: &JobContext<'_>) -> Result<(), JobError> {
    match ctx.job.kind.as_str() {
        crate::notifications::email::KIND => crate::notifications::email::run(ctx).await,
        crate::auth::password_reset::KIND => crate::auth::password_reset::run(ctx).await,
        crate::events::prune::KIND => crate::events::prune::run(ctx).await,
        crate::events::subscribers::KIND => crate::events::subscribers::run(ctx).await,
        crate::automation::engine::TIMER_KIND => crate::automation::engine::run_timer(ctx).await,
        crate::automation::engine::SCHEDULE_KIND => {
            crate::automation::engine::run_schedule(ctx).await
        }
        crate::sla::alerts::KIND => crate::sla::alerts::run(ctx).await,
        crate::webhooks::delivery::KIND => crate::webhooks::delivery::run(ctx).await,
        crate::sla::recompute::KIND => crate::sla::recompute::run(ctx).await,
        crate::imports::service::KIND => crate::imports::service::run_job(ctx).await,
        crate::pending_items::reminders::KIND => crate::pending_items::reminders::run(ctx).await,
        crate::tickets::search::REBUILD_KIND => crate::tickets::search::run_rebuild(ctx).await,
        #[cfg(debug_assertions)]
        PANIC_KIND => panic!("a job of kind {PANIC_KIND} panics, as asked"),
        other => Err(JobError::Failed(format!(
            "no handler for job kind {other:?}"
        ))),
    }
}

/// A job kind whose handler panics, so tests (debug builds only) can show
/// that a panicking job fails alone and the worker goes on.
#[cfg(debug_assertions)]
pub const PANIC_KIND: &str = "test.panic";

async fn run_one(state: &AppState, worker: &str, job: &Job) {
    let ctx = JobContext { state, job, worker };
    // A handler that panics (a bug, a library's assertion on odd input)
    // fails its own job, which is retried and eventually dies; the worker,
    // and every other job, go on.
    let result = match AssertUnwindSafe(dispatch(&ctx)).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(JobError::Failed(format!("the handler panicked: {message}")))
        }
    };
    let error = match result {
        Ok(()) => return,
        Err(JobError::LeaseLost) => {
            tracing::warn!(job = %job.id, kind = job.kind, "lease lost; another worker runs it");
            return;
        }
        Err(error) => error.to_string(),
    };
    match queue::fail(&state.db, job, worker, &error, state.clock.now()).await {
        Ok(JobStatus::Dead) => {
            tracing::error!(job = %job.id, kind = job.kind, attempts = job.attempts, error, "job failed for good")
        }
        Ok(_) => {
            tracing::warn!(job = %job.id, kind = job.kind, attempts = job.attempts, error, "job failed; will retry")
        }
        Err(db) => tracing::error!(job = %job.id, %db, error, "cannot record a job failure"),
    }
}
