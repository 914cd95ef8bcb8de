//! Portuguese text analysis for full-text search: what the index stores for
//! a text and what a query looks for. The databases only compare the words
//! this module produces (PostgreSQL's `simple` configuration, SQLite FTS5),
//! so both behave the same and the analysis is tested here, without one.
//!
//! A word becomes a *term* in five steps:
//!
//! 1. **Fold**: lower case, no diacritics ([`fold`]). Everything after
//!    depends on the folded word only, so "Ações", "acoes" and "AÇÕES" are
//!    the same word by construction.
//! 2. **Stop words** (NLTK's Portuguese list) are dropped: "nota de débito"
//!    needs only "nota" and "débito".
//! 3. **Plural endings Snowball leaves apart** become singular: -ões, -ães
//!    and -ãos become -ão ("rescisões" → "rescisão"); -ais becomes -al
//!    ("fiscais" → "fiscal"), -eis becomes -el ("papéis" → "papel"); -ns
//!    becomes -n and a final -m after a vowel becomes -n ("mensagens",
//!    "mensagem"); a final -s after a consonant goes ("emails", "PDFs").
//!    Unstressed -il, whose plural is -eis ("contábil", "contábeis"), is
//!    written -el like the rest of that family. The -ões … -eis rules skip
//!    words shorter than five letters ("mais", "leis", "mães", which must
//!    not become "mão").
//! 4. **Accents Snowball needs are put back**: the Portuguese Snowball
//!    stemmer recognises "-ação", "-ável", "-ência" only when accented, so
//!    the folded endings -cao, -ao, -avel, -ivel, -ancia, -encia are
//!    written accented again ("declaracao" → "declaração" → "declar",
//!    exactly as the accented word is stemmed).
//! 5. **Stem** with Snowball's Portuguese stemmer and fold the stem.
//!
//! Steps 3 and 4 see the folded word, so the same rewriting applies to the
//! stored text and to queries whether they were typed with accents or not.
//! Changing any step changes the stored terms: bump [`ANALYSIS_VERSION`]
//! and the server rewrites every ticket's terms in the background.

use std::{collections::HashSet, sync::OnceLock};

use rust_stemmers::{Algorithm, Stemmer};

use crate::tickets::fold;

/// The version of the analysis below. Stored text made by an older version
/// is rewritten in the background when the server starts.
/// 1: fold, then stem, stems matched as prefixes. 2: this module.
pub const ANALYSIS_VERSION: i32 = 2;

/// Words of a query beyond these are ignored.
pub const MAX_QUERY_WORDS: usize = 12;

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

/// The words of folded text, each as its parts: runs of letters and digits,
/// where hyphens join parts into one word ("nf-e", "e-mail", "2024-01-15").
/// Nothing else survives, so no engine's query syntax can get through.
fn words(folded: &str) -> impl Iterator<Item = Vec<&str>> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|chunk| {
            chunk
                .split('-')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|parts| !parts.is_empty())
}

fn is_stop_word(word: &str) -> bool {
    stop_words().contains(word)
}

fn replace_end(word: &str, from: &str, to: &str) -> Option<String> {
    word.strip_suffix(from).map(|stem| format!("{stem}{to}"))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The last two letters of `word`, last first.
fn last_two(word: &str) -> (Option<char>, Option<char>) {
    let mut letters = word.chars().rev();
    (letters.next(), letters.next())
}

/// Step 3: the plural endings the stemmer does not reduce, made singular,
/// and the endings whose singular and plural differ made alike.
fn singular(word: &str) -> String {
    let letters = word.chars().count();
    let plural = (letters >= 5)
        .then(|| {
            [
                ("oes", "ao"),
                ("aes", "ao"),
                ("aos", "ao"),
                ("ais", "al"),
                ("eis", "el"),
            ]
            .iter()
            .find_map(|(from, to)| replace_end(word, from, to))
        })
        .flatten();
    let mut word = match plural {
        Some(singular) => singular,
        None if letters >= 4 => match (replace_end(word, "ns", "n"), last_two(word)) {
            (Some(singular), _) => singular,
            // "emails", "PDFs": an -s after a consonant is a plural.
            (None, (Some('s'), Some(before)))
                if before.is_ascii_lowercase() && !is_vowel(before) && before != 's' =>
            {
                word[..word.len() - 1].to_owned()
            }
            _ => word.to_owned(),
        },
        None => word.to_owned(),
    };
    // "mensagem" and "mensagen(s)", "bom" and "bon(s)".
    if word.chars().count() >= 3
        && let (Some('m'), Some(before)) = last_two(&word)
        && is_vowel(before)
    {
        word.pop();
        word.push('n');
    }
    // "contábil" and "contábeis" (→ "contabel"), "útil" and "úteis".
    if word.chars().count() >= 4
        && let Some(unified) = replace_end(&word, "il", "el")
    {
        word = unified;
    }
    word
}

/// Step 4: the accents of the endings the stemmer recognises only when
/// accented.
fn accented(word: String) -> String {
    [
        ("cao", "ção"),
        ("ao", "ão"),
        ("ancias", "âncias"),
        ("ancia", "ância"),
        ("encias", "ências"),
        ("encia", "ência"),
        ("avel", "ável"),
        ("ivel", "ível"),
    ]
    .iter()
    .find_map(|(from, to)| replace_end(&word, from, to))
    .unwrap_or(word)
}

/// The term of one folded word that is not a stop word (steps 3 to 5).
pub fn term(folded_word: &str) -> String {
    fold(&stemmer().stem(&accented(singular(folded_word))))
}

/// The terms of `text`, in order, repeats included. A hyphenated word
/// gives the terms of its parts and of the parts joined, so "NF-e" is
/// found by "nf", "nfe" and "nf-e", and "e-mail" by "email".
pub fn terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for parts in words(&fold(text)) {
        for part in &parts {
            if !is_stop_word(part) {
                terms.push(term(part));
            }
        }
        if parts.len() > 1 {
            let joined = parts.concat();
            if !is_stop_word(&joined) {
                terms.push(term(&joined));
            }
        }
    }
    terms
}

/// What the index stores for a document made of `parts` (a ticket's
/// subject, description and public replies): its terms, space-separated.
pub fn index_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut all = Vec::new();
    for part in parts {
        all.extend(terms(part));
    }
    all.join(" ")
}

/// A parsed search query: every term must occur, whole (AND); a query
/// that is a ticket number also finds that ticket.
///
/// Terms are not matched as beginnings of stored terms. Matching the stems
/// as prefixes (version 1) made "nota" find every "notificação"; matching
/// the last word as typed as a prefix (for a word cut short) costs more
/// than it brings: the search box is submitted, not searched as one types,
/// stemming already joins a word's forms, and PostgreSQL cannot estimate
/// how many rows a prefix matches, so it walked the whole table for a rare
/// one (4 s at 200,000 tickets for a prefix matching nothing, against
/// 0.1 ms for the same word matched whole).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Distinct, in the order typed.
    pub terms: Vec<String>,
    /// `43`, `#43` or `#000043` (the number as displayed, see
    /// [`crate::tickets::format_number`]): the ticket with that number
    /// matches whatever its text.
    pub number: Option<i64>,
}

impl Query {
    /// Parses what a user typed in a search box.
    pub fn parse(text: &str) -> Query {
        let folded = fold(text);
        // A hyphenated word is looked for joined: the stored text has the
        // joined form too.
        let words: Vec<String> = words(&folded)
            .map(|parts| parts.concat())
            .filter(|word| !is_stop_word(word))
            .take(MAX_QUERY_WORDS)
            .collect();
        let mut terms: Vec<String> = Vec::with_capacity(words.len());
        for word in &words {
            let term = term(word);
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        Query {
            terms,
            number: ticket_number(text),
        }
    }

    /// Whether a document whose stored terms are `stored` (space-separated,
    /// as [`index_text`] writes them) matches the words of this query: what
    /// the database queries compute with their indexes.
    pub fn matches_text(&self, stored: &str) -> bool {
        !self.terms.is_empty() && self.terms.iter().all(|t| stored.split(' ').any(|s| s == t))
    }

    /// Whether the query asks for nothing (empty, or only stop words).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.number.is_none()
    }
}

/// The ticket number `text` names, if it is one: digits, optionally after
/// `#`, leading zeros allowed.
pub fn ticket_number(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix('#').unwrap_or(text).trim_start();
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(forms: &[&str]) {
        let first = terms(forms[0]);
        assert!(!first.is_empty(), "{:?} has no terms", forms[0]);
        for form in &forms[1..] {
            assert_eq!(terms(form), first, "{form:?} and {:?}", forms[0]);
        }
    }

    #[test]
    fn singular_plural_accented_and_unaccented_forms_meet() {
        // The forms of issue 12, point 14.
        same(&[
            "nota fiscal",
            "notas fiscais",
            "NOTA FISCAL",
            "Notas Fiscais",
        ]);
        same(&[
            "rescisão",
            "rescisões",
            "rescisao",
            "rescisoes",
            "Rescisões",
        ]);
        same(&["ação", "ações", "acao", "acoes", "Ações", "AÇÃO"]);
        same(&["contábil", "contábeis", "contabil", "contabeis"]);
        same(&[
            "declaração",
            "declarações",
            "declaracao",
            "declaracoes",
            "Declaração",
        ]);
        // And the families those stand for.
        same(&["papel", "papéis", "papeis"]);
        same(&["útil", "úteis", "util", "uteis"]);
        same(&["imóvel", "imóveis", "imovel", "imoveis"]);
        same(&["disponível", "disponíveis", "disponivel", "disponiveis"]);
        same(&["responsável", "responsáveis", "responsavel"]);
        same(&["órgão", "órgãos", "orgao", "orgaos"]);
        same(&["alemão", "alemães"]);
        same(&["cartão", "cartões", "cartoes"]);
        same(&["informação", "informações", "informacoes"]);
        same(&["referência", "referências", "referencia"]);
        same(&["real", "reais"]);
        same(&["mensagem", "mensagens"]);
        same(&["item", "itens"]);
        same(&["login", "logins"]);
        same(&["email", "emails"]);
        same(&["pdf", "PDFs"]);
        same(&["chamado", "chamados"]);
        same(&["boleto", "boletos"]);
        same(&["férias", "ferias"]);
    }

    /// Every form, as a query, finds a document written with any other.
    fn found(forms: &[&str]) {
        for query in forms {
            for document in forms {
                assert!(
                    Query::parse(query).matches_text(&index_text([*document])),
                    "{query:?} does not find {document:?}"
                );
            }
        }
    }

    #[test]
    fn queries_find_documents_in_any_form() {
        found(&["nota fiscal", "Notas Fiscais", "NOTA FISCAL"]);
        found(&["rescisão", "rescisões", "rescisao", "Rescisões"]);
        found(&["acao", "Ações", "ação", "ACOES"]);
        found(&["contábil", "contábeis", "contabeis"]);
        found(&["declaracoes", "Declaração", "declaração", "declarações"]);
        found(&["email", "e-mail", "E-mails", "emails"]);
        found(&["NF-e", "nfe", "NFe"]);
        assert!(Query::parse("nf").matches_text(&index_text(["NF-e emitida"])));
        // Whole terms only: "nota" (stem "not") is not "notificação".
        assert!(!Query::parse("nota").matches_text(&index_text(["Notificação"])));
        assert!(!Query::parse("acao").matches_text(&index_text(["Acabamento"])));
        assert!(!Query::parse("nota boleto").matches_text(&index_text(["Nota"])));
    }

    #[test]
    fn short_words_keep_their_meaning() {
        assert_ne!(terms("mães"), terms("mão"));
        assert_ne!(terms("pessoa"), terms("pessoal"));
        assert_ne!(terms("nota"), terms("notícia"));
    }

    #[test]
    fn analysis_depends_on_the_folded_text_only() {
        for text in [
            "Ação trabalhista: declarações contábeis e notas fiscais (emissões)",
            "Órgãos públicos, cartões, PAPÉIS, imóveis disponíveis",
            "ÚTEIS, úteis, Úteis",
        ] {
            assert_eq!(terms(text), terms(&fold(text)), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_analyses_like_its_folded_form_into_plain_terms(
            text in "[a-zA-Z0-9 çÇãõáéíóúâêôàüÃÕÁÉÍÓÚÂÊÔ\\-,.:*\"()]{0,60}"
        ) {
            let terms = terms(&text);
            proptest::prop_assert_eq!(&terms, &super::terms(&fold(&text)));
            for term in &terms {
                proptest::prop_assert!(!term.is_empty());
                proptest::prop_assert!(term.chars().all(char::is_alphanumeric), "{}", term);
            }
            let query = Query::parse(&text);
            proptest::prop_assert!(query.terms.len() <= MAX_QUERY_WORDS);
            // A text finds itself.
            if !query.terms.is_empty() {
                proptest::prop_assert!(query.matches_text(&index_text([text.as_str()])));
            }
        }
    }

    #[test]
    fn stop_words_vanish_and_only_letters_and_digits_remain() {
        assert_eq!(terms("a nota de débito"), terms("nota debito"));
        assert!(terms("de da do para com").is_empty());
        assert_eq!(terms("x*: OR \"y\""), vec!["x", "or", "y"]);
        assert_eq!(terms("NF-e 2024"), vec!["nf", "nfe", "2024"]);
        assert_eq!(Query::parse("nf-e").terms, vec!["nfe"]);
        assert_eq!(terms("--x-- -"), vec!["x"]);
    }

    #[test]
    fn the_stored_text_is_the_terms_of_every_part() {
        assert_eq!(
            index_text(["Emissão", "Notas fiscais", "Obrigado!"]),
            "emissa not fiscal obrig"
        );
    }

    #[test]
    fn query_words_become_distinct_terms() {
        assert_eq!(
            Query::parse("Ação OR notas"),
            Query {
                terms: vec![terms("acao")[0].clone(), "or".into(), "not".into()],
                number: None
            }
        );
        assert_eq!(Query::parse("ações ação acao").terms.len(), 1);
        assert!(Query::parse("  !!! de ").is_empty());
    }

    #[test]
    fn queries_keep_at_most_twelve_words() {
        let long = (1..=20).map(|n| format!("palavra{n}")).collect::<Vec<_>>();
        let query = Query::parse(&long.join(" "));
        assert_eq!(query.terms.len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn a_ticket_number_is_recognised_as_displayed_or_bare() {
        assert_eq!(ticket_number("#000043"), Some(43));
        assert_eq!(ticket_number(" 43 "), Some(43));
        assert_eq!(ticket_number("#43"), Some(43));
        assert_eq!(ticket_number(&crate::tickets::format_number(43)), Some(43));
        assert_eq!(ticket_number("0"), None);
        assert_eq!(ticket_number("#"), None);
        assert_eq!(ticket_number("43 boletos"), None);
        assert_eq!(ticket_number("99999999999999999999"), None);
        assert_eq!(Query::parse("#000043").number, Some(43));
        assert!(!Query::parse("#000043").is_empty());
    }
}
