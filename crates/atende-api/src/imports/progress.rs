//! How many rows a running import commit has written, for the wizard's
//! progress bar.
//!
//! Kept in memory, not in the database: the commit is one all-or-nothing
//! transaction, and a progress row written inside it would stay invisible
//! until the end (and on SQLite, a second writer would wait for it). The
//! job runs in the process that serves the API, so this is enough for one
//! server; behind several, a poll that lands elsewhere shows no figure and
//! the page falls back to an indeterminate bar.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use uuid::Uuid;

/// Rows written so far, per import being committed.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    rows: Arc<Mutex<HashMap<Uuid, i32>>>,
}

impl Progress {
    /// Records that `rows` rows of `import` are written.
    pub fn set(&self, import: Uuid, rows: i32) {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(import, rows);
    }

    /// Rows of `import` written so far, if it is being committed here.
    pub fn get(&self, import: Uuid) -> Option<i32> {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&import)
            .copied()
    }

    /// Forgets `import` (committed or failed).
    pub fn finish(&self, import: Uuid) {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&import);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_per_import_and_forgotten_when_done() {
        let progress = Progress::default();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        progress.set(a, 1_000);
        progress.set(a, 2_000);
        progress.set(b, 5);
        assert_eq!(progress.get(a), Some(2_000));
        assert_eq!(progress.get(b), Some(5));
        progress.finish(a);
        assert_eq!(progress.get(a), None);
        assert_eq!(progress.get(b), Some(5));
    }
}
