//! Full-text search over subject, description and public replies, the same
//! on both databases: accent-insensitive ("acao" finds "ação"), Portuguese
//! stop words ignored ("nota de débito" needs only "nota" and "débito"),
//! words reduced to their stems ("chamados" finds "chamado").
//!
//! The analysis happens in Rust, identically for stored text and queries:
//! fold (lower case, no diacritics), drop the NLTK Portuguese stop words,
//! stem with Snowball's Portuguese stemmer. The stems are stored in
//! `search_text` and indexed by PostgreSQL (GIN on
//! `to_tsvector('simple', search_text)`) or SQLite (the FTS5 table
//! `ticket_fts`, keyed by ticket number). Each query stem must occur, as a
//! stem or a stem's beginning (so a half-typed word matches too).

use std::{collections::HashSet, sync::OnceLock};

use atende_core::tickets::fold;
use rust_stemmers::{Algorithm, Stemmer};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DbErr, Statement,
    sea_query::{Expr, SimpleExpr},
};

fn stop_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        stop_words::lookup("pt")
            .unwrap_or_default()
            .iter()
            .map(|w| fold(w))
            .collect()
    })
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Portuguese))
}

/// The search terms of `text`: folded, without stop words, stemmed. Only
/// letters and digits survive, so no engine's query syntax can be injected.
pub fn terms(text: &str) -> Vec<String> {
    let stops = stop_words();
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !stops.contains(*w))
        .map(|w| stemmer().stem(w).into_owned())
        .collect()
}

fn words(query: &str) -> Vec<String> {
    let mut words = terms(query);
    words.dedup();
    words.truncate(12);
    words
}

/// The stored text of a ticket.
pub fn text(subject: &str, description: &str, public_replies: &[&str]) -> String {
    let mut all = terms(subject);
    all.extend(terms(description));
    for reply in public_replies {
        all.extend(terms(reply));
    }
    all.join(" ")
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
    fn query_words_are_folded_stemmed_and_stripped_of_syntax() {
        assert_eq!(
            words("Ação OR x*:"),
            vec![terms("acao")[0].clone(), "or".into(), "x".into()]
        );
        assert!(words("  !!! ").is_empty());
        assert!(matches(DatabaseBackend::Sqlite, "***").is_none());
    }

    #[test]
    fn plurals_share_a_stem_and_stop_words_vanish() {
        assert_eq!(terms("chamados"), terms("chamado"));
        assert_eq!(terms("Notas Atrasadas"), terms("nota atrasada"));
        assert_eq!(terms("a nota de débito"), terms("nota debito"));
        assert!(terms("de da do para com").is_empty());
    }

    #[test]
    fn the_stored_text_is_the_terms() {
        assert_eq!(text("Emissão", "Nota", &["Obrigado!"]), "emissa not obrig");
    }
}
