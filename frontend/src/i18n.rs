//! The interface texts, in Brazilian Portuguese (the default) and English.
//!
//! Every user-facing text of the SPA is a [`Key`] of this catalogue; views
//! ask the [`I18n`] context for it so a language switch re-renders them.
//! The chosen language is kept in `localStorage` under [`STORAGE_KEY`]; the
//! browser's language is deliberately ignored, so a first visit is always in
//! Portuguese.

use atende_core::locale::Locale;
use leptos::prelude::*;

/// `localStorage` key holding the user's chosen language (a BCP 47 tag).
pub const STORAGE_KEY: &str = "atende.locale";

/// Declares [`Key`], [`Key::ALL`] and [`t`] from one table, so a key cannot
/// exist without a text in every language.
macro_rules! catalogue {
    ($($key:ident { pt: $pt:literal, en: $en:literal $(,)? })*) => {
        /// A user-facing text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($key,)*
        }

        impl Key {
            /// Every key, in catalogue order.
            #[cfg_attr(not(test), allow(dead_code))]
            pub const ALL: &[Key] = &[$(Key::$key,)*];
        }

        /// The text of `key` in `locale`.
        pub fn t(locale: Locale, key: Key) -> &'static str {
            match (locale, key) {
                $(
                    (Locale::PtBr, Key::$key) => $pt,
                    (Locale::En, Key::$key) => $en,
                )*
            }
        }
    };
}

catalogue! {
    ProductName {
        pt: "Atende",
        en: "Atende",
    }
    ProductTagline {
        pt: "Central de atendimento para consultorias",
        en: "Helpdesk for consultancies",
    }
    SkipToContent {
        pt: "Pular para o conteúdo",
        en: "Skip to content",
    }
    LanguageLabel {
        pt: "Idioma",
        en: "Language",
    }
    MainNavigation {
        pt: "Navegação principal",
        en: "Main navigation",
    }
    Menu {
        pt: "Menu",
        en: "Menu",
    }
    NavHome {
        pt: "Início",
        en: "Home",
    }
    NavApiReference {
        pt: "Referência da API",
        en: "API reference",
    }
    HomeTitle {
        pt: "Bem-vindo ao Atende",
        en: "Welcome to Atende",
    }
    HomeIntro {
        pt: "O Atende reúne os chamados dos seus clientes em um só lugar: \
             registre solicitações, acompanhe prazos de atendimento (SLA) e \
             mantenha a equipe da consultoria alinhada do primeiro contato à \
             solução.",
        en: "Atende brings your clients' requests together in one place: \
             log tickets, keep track of service-level deadlines (SLA) and keep \
             your consultancy's team aligned from first contact to resolution.",
    }
    ServerStatusTitle {
        pt: "Status do servidor",
        en: "Server status",
    }
    ServerOnline {
        pt: "Em operação",
        en: "Operational",
    }
    ServerOffline {
        pt: "Indisponível",
        en: "Unavailable",
    }
    ServerVersion {
        pt: "Versão",
        en: "Version",
    }
    ServerDatabase {
        pt: "Banco de dados",
        en: "Database",
    }
    ServerLocales {
        pt: "Idiomas",
        en: "Languages",
    }
    Loading {
        pt: "Carregando…",
        en: "Loading…",
    }
    Retry {
        pt: "Tentar novamente",
        en: "Try again",
    }
    ErrorGeneric {
        pt: "Não foi possível concluir a operação. Tente novamente em instantes.",
        en: "The operation could not be completed. Please try again shortly.",
    }
    ErrorNetwork {
        pt: "Não foi possível falar com o servidor. Verifique sua conexão e tente novamente.",
        en: "The server could not be reached. Check your connection and try again.",
    }
    ErrorDecode {
        pt: "O servidor enviou uma resposta inesperada.",
        en: "The server sent an unexpected response.",
    }
    ErrorNotFound {
        pt: "O recurso solicitado não existe.",
        en: "The requested resource does not exist.",
    }
    ErrorUnavailable {
        pt: "O serviço está temporariamente indisponível.",
        en: "The service is temporarily unavailable.",
    }
    ErrorInternal {
        pt: "Ocorreu um erro interno no servidor.",
        en: "An internal server error occurred.",
    }
    ErrorRequestId {
        pt: "Código para o suporte",
        en: "Reference for support",
    }
    NotFoundTitle {
        pt: "Página não encontrada",
        en: "Page not found",
    }
    NotFoundText {
        pt: "O endereço acessado não existe ou foi movido.",
        en: "The address you opened does not exist or has moved.",
    }
    NotFoundBack {
        pt: "Voltar ao início",
        en: "Back to the home page",
    }
}

/// A language's name in that language, for the language switch: a person
/// looks for their own language by its own name.
pub fn endonym(locale: Locale) -> &'static str {
    match locale {
        Locale::PtBr => "Português (Brasil)",
        Locale::En => "English",
    }
}

/// How a database backend code of the API (`sqlite`, `postgres`) is shown.
pub fn database_name(code: &str) -> String {
    match code {
        "sqlite" => "SQLite".to_owned(),
        "postgres" | "postgresql" => "PostgreSQL".to_owned(),
        other => other.to_owned(),
    }
}

/// The language context, provided once at the application root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current language (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The current language, without subscribing the caller to changes.
    pub fn locale_untracked(self) -> Locale {
        self.locale.get_untracked()
    }

    /// The text of `key` in the current language (tracked).
    pub fn t(self, key: Key) -> &'static str {
        t(self.locale.get(), key)
    }

    /// Switches the language and remembers the choice in this browser.
    pub fn choose(self, locale: Locale) {
        remember(locale);
        self.locale.set(locale);
    }
}

/// Creates the language context (the remembered choice, else pt-BR), keeps
/// `<html lang>` in step with it, and provides it to the component tree.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(remembered().unwrap_or_default()),
    };
    Effect::new(move |_| {
        let tag = i18n.locale().tag();
        if let Some(html) = document().document_element() {
            // Failing to set an attribute on <html> has no useful recovery.
            let _ = html.set_attribute("lang", tag);
        }
    });
    provide_context(i18n);
    i18n
}

/// The language context; a detached pt-BR one outside the application root.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        locale: RwSignal::new(Locale::default()),
    })
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The language chosen earlier in this browser, if any and still supported.
fn remembered() -> Option<Locale> {
    let stored = local_storage()?.get_item(STORAGE_KEY).ok()??;
    // Tolerate a JSON-quoted value, as written by JSON-based storage helpers.
    Locale::from_tag(stored.trim().trim_matches('"'))
}

fn remember(locale: Locale) {
    if let Some(storage) = local_storage() {
        // Storage may be full or disabled (private mode): the choice then
        // lasts for this page only, which is acceptable.
        let _ = storage.set_item(STORAGE_KEY, locale.tag());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_text_in_every_language() {
        for &key in Key::ALL {
            for locale in Locale::ALL {
                let text = t(locale, key);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {locale:?}");
                assert_eq!(text, text.trim(), "{key:?} has stray spaces in {locale:?}");
                assert!(
                    !text.contains("  "),
                    "{key:?} has a double space in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn portuguese_is_the_default_language() {
        assert_eq!(Locale::default(), Locale::PtBr);
        assert_eq!(t(Locale::default(), Key::NavHome), "Início");
        assert_eq!(t(Locale::En, Key::NavHome), "Home");
    }

    #[test]
    fn every_language_has_a_name() {
        for locale in Locale::ALL {
            assert!(!endonym(locale).is_empty());
        }
    }

    #[test]
    fn database_names_are_shown_properly() {
        assert_eq!(database_name("sqlite"), "SQLite");
        assert_eq!(database_name("postgres"), "PostgreSQL");
        assert_eq!(database_name("other"), "other");
    }
}
