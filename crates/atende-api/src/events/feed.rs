//! Each process's reader of the event log: it wakes when a change commits
//! (its own, or on PostgreSQL another process's, by `LISTEN`), reads the
//! rows after the last id it saw and hands them to this process's open
//! streams. A reader that missed a wake-up (a dropped listener connection,
//! say) loses nothing: it reads from its last id, and it also looks every
//! second (setting `event_poll_interval_ms`).

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::Duration,
};

use atende_core::events::{
    DomainEvent, EventKind, FieldChange, Performer, PerformerKind, SubjectKind, Visibility,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

use super::entity;

/// The PostgreSQL channel that announces new events.
pub const CHANNEL: &str = "atende_events";

/// Rows read per query.
const BATCH: u64 = 500;

/// One event as streams read it.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: i64,
    pub kind: EventKind,
    pub subject_id: Uuid,
    pub company_id: Option<Uuid>,
    pub visibility: Visibility,
    pub recipient_id: Option<Uuid>,
    pub data: serde_json::Value,
    pub subject: SubjectKind,
    pub performer: Performer,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl StoredEvent {
    /// `None` for a row this version does not know (a newer server wrote
    /// it during a rolling upgrade): skipped, not an error.
    pub fn of(row: entity::Model) -> Option<StoredEvent> {
        Some(StoredEvent {
            id: row.id,
            kind: EventKind::parse(&row.kind)?,
            subject_id: row.subject_id,
            company_id: row.company_id,
            visibility: Visibility::parse(&row.visibility)?,
            recipient_id: row.recipient_id,
            data: serde_json::from_str(&row.data).unwrap_or_default(),
            subject: SubjectKind::parse(&row.subject_type)?,
            performer: Performer {
                kind: PerformerKind::parse(&row.performer_kind)?,
                id: row.performer_id,
            },
            at: row.created_at,
        })
    }

    /// Which change recorded the event (the events of one service step
    /// share it); older rows without one fall back to subject, moment and
    /// performer.
    pub fn change_key(
        &self,
    ) -> (
        Uuid,
        chrono::DateTime<chrono::Utc>,
        Performer,
        Option<String>,
    ) {
        (
            self.subject_id,
            self.at,
            self.performer,
            self.data
                .get("change")
                .and_then(|c| c.as_str())
                .map(str::to_owned),
        )
    }

    /// The event as core knows it (what subscribers decide on).
    pub fn domain(&self) -> DomainEvent {
        let changes = self
            .data
            .get("changes")
            .cloned()
            .and_then(|c| serde_json::from_value::<Vec<FieldChange>>(c).ok())
            .unwrap_or_default();
        DomainEvent {
            kind: self.kind,
            subject: self.subject,
            subject_id: self.subject_id,
            company_id: self.company_id,
            visibility: self.visibility,
            performer: self.performer,
            at: self.at,
            changes,
            recipient: self.recipient_id,
        }
    }
}

/// The process's side of the log: wakes its reader, fans events out.
#[derive(Debug, Clone)]
pub struct EventFeed {
    sender: broadcast::Sender<Arc<StoredEvent>>,
    /// How long the reader sleeps without a wake-up.
    poll: Duration,
    wake: Arc<Notify>,
    /// The last id handed out.
    last: Arc<AtomicI64>,
    db: DatabaseConnection,
}

impl EventFeed {
    pub fn new(db: DatabaseConnection, poll: Duration) -> EventFeed {
        let (sender, _) = broadcast::channel(4096);
        EventFeed {
            sender,
            poll,
            wake: Arc::new(Notify::new()),
            last: Arc::new(AtomicI64::new(-1)),
            db,
        }
    }

    /// Call after a transaction that recorded events committed: wakes
    /// this process's reader and, on PostgreSQL, every other process's.
    pub fn committed(&self) {
        self.wake.notify_one();
        if self.db.get_database_backend() == DatabaseBackend::Postgres {
            let db = self.db.clone();
            // Outside the writing transaction (a NOTIFY inside one would
            // serialise commits); a lost NOTIFY only delays by a second.
            tokio::spawn(async move {
                if let Err(e) = db.execute_unprepared(&format!("NOTIFY {CHANNEL}")).await {
                    tracing::debug!(error = %e, "NOTIFY of new events failed");
                }
            });
        }
    }

    /// New events from now on, and the last id handed out when the
    /// receiver was made: every later event arrives on the receiver; those
    /// up to that id are in the table (a receiver may also get some of
    /// them, which the reader drops by id).
    pub fn subscribe(&self) -> (broadcast::Receiver<Arc<StoredEvent>>, i64) {
        let receiver = self.sender.subscribe();
        (receiver, self.last.load(Ordering::SeqCst))
    }

    /// Reads what is new and hands it out; returns how many were read.
    async fn pump(&self) -> Result<usize, DbErr> {
        let mut total = 0;
        loop {
            let after = self.last.load(Ordering::SeqCst);
            let rows = entity::Entity::find()
                .filter(entity::Column::Id.gt(after))
                .order_by_asc(entity::Column::Id)
                .limit(BATCH)
                .all(&self.db)
                .await?;
            let Some(last) = rows.last().map(|r| r.id) else {
                return Ok(total);
            };
            let full = rows.len() as u64 == BATCH;
            total += rows.len();
            // Advanced before sending: a stream subscribing in between
            // replays these from the table and drops the copies it then
            // receives (see [`EventFeed::subscribe`]), rather than miss them.
            self.last.store(last, Ordering::SeqCst);
            for event in rows.into_iter().filter_map(StoredEvent::of) {
                // No open stream is not an error.
                let _ = self.sender.send(Arc::new(event));
            }
            if !full {
                return Ok(total);
            }
        }
    }

    /// Starts from the newest event: streams opened from now on get what
    /// happens from now on (and replay older ones by `Last-Event-ID`).
    async fn start_at_the_end(&self) -> Result<(), DbErr> {
        let newest = entity::Entity::find()
            .select_only()
            .column_as(entity::Column::Id.max(), "max")
            .into_tuple::<Option<i64>>()
            .one(&self.db)
            .await?
            .flatten()
            .unwrap_or(0);
        self.last.store(newest, Ordering::SeqCst);
        Ok(())
    }
}

/// The reader: runs for as long as the server does.
pub async fn run(state: crate::state::AppState) {
    let feed = state.events.clone();
    while let Err(e) = feed.start_at_the_end().await {
        tracing::warn!(error = %e, "cannot read the event log; retrying");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    if feed.db.get_database_backend() == DatabaseBackend::Postgres {
        tokio::spawn(listen(feed.db.clone(), feed.wake.clone()));
    }
    loop {
        match feed.pump().await {
            Ok(0) => {}
            Ok(_) => {
                let newest = feed.last.load(Ordering::SeqCst);
                if let Err(e) = super::subscribers::nudge(&state, newest, state.clock.now()).await {
                    tracing::warn!(error = %e, "queueing event deliveries failed");
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading new events failed; retrying"),
        }
        let _ = tokio::time::timeout(feed.poll, feed.wake.notified()).await;
    }
}

/// Wakes the reader on every `NOTIFY` from any process. A lost connection
/// is opened again and listened on before the reader is woken, so changes
/// committed while it was away are read then: nothing is lost.
async fn listen(db: DatabaseConnection, wake: Arc<Notify>) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let pool = db.get_postgres_connection_pool();
        match PgListener::connect_with(pool).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => {
                    wake.notify_one();
                    // `None`: the connection was lost; start over.
                    while let Ok(Some(_)) = listener.try_recv().await {
                        wake.notify_one();
                    }
                    tracing::info!("the event listener lost its connection; reconnecting");
                }
                Err(e) => tracing::warn!(error = %e, "LISTEN failed"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot open the event listener"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
