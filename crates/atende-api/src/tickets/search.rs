//! Full-text search over subject, description and public replies,
//! accent-insensitive on both databases ("acao" finds "ação").
//!
//! The text is folded in Rust (lower case, no diacritics) before it is
//! stored and before a query is run, so both engines see the same words:
//! PostgreSQL through a GIN index on `to_tsvector('simple', search_text)`,
//! SQLite through the FTS5 table `ticket_fts`, keyed by ticket number. Each
//! word of the query must occur, as a word or a word's beginning.

use atende_core::tickets::fold;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DbErr, Statement,
    sea_query::{Expr, SimpleExpr},
};

/// The words of a query, folded; only letters and digits survive, so the
/// query syntax of neither engine can be injected.
fn words(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_owned)
        .collect()
}

/// The stored text of a ticket.
pub fn text(subject: &str, description: &str, public_replies: &[&str]) -> String {
    let mut text = fold(subject);
    text.push('\n');
    text.push_str(&fold(description));
    for reply in public_replies {
        text.push('\n');
        text.push_str(&fold(reply));
    }
    text
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
/// the query has no words.
pub fn matches(backend: DatabaseBackend, query: &str) -> Option<SimpleExpr> {
    let words = words(query);
    if words.is_empty() {
        return None;
    }
    Some(match backend {
        DatabaseBackend::Postgres => {
            let tsquery = words
                .iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            Expr::cust_with_values(
                "to_tsvector('simple', \"tickets\".\"search_text\") @@ to_tsquery('simple', $1)",
                [tsquery],
            )
        }
        _ => {
            let fts = words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" ");
            Expr::cust_with_values(
                "\"tickets\".\"number\" IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)",
                [fts],
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_are_folded_and_stripped_of_syntax() {
        assert_eq!(words("Ação \"NÃO\" OR x*:"), vec!["acao", "nao", "or", "x"]);
        assert!(words("  !!! ").is_empty());
        assert!(matches(DatabaseBackend::Sqlite, "***").is_none());
    }

    #[test]
    fn the_stored_text_is_folded() {
        assert_eq!(
            text("Emissão", "Nota Fiscal", &["Obrigado!"]),
            "emissao\nnota fiscal\nobrigado!"
        );
    }
}
