//! The languages Atende speaks. Brazilian Portuguese is the default; English
//! is the second language.

use serde::{Deserialize, Serialize};

/// A supported user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    /// Português (Brasil) — the default.
    #[default]
    #[serde(rename = "pt-BR")]
    PtBr,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// Every supported locale, default first.
    pub const ALL: [Locale; 2] = [Locale::PtBr, Locale::En];

    /// The BCP 47 tag (`pt-BR`, `en`), as used in `<html lang>` and the API.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::PtBr => "pt-BR",
            Locale::En => "en",
        }
    }

    /// Parses a BCP 47 tag leniently: `pt`, `pt-br`, `pt_BR` → Portuguese,
    /// `en`, `en-US` → English. Anything else is not supported.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "pt" => Some(Locale::PtBr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_is_the_default() {
        assert_eq!(Locale::default(), Locale::PtBr);
        assert_eq!(Locale::ALL[0], Locale::PtBr);
    }

    #[test]
    fn tags_parse_leniently_and_round_trip() {
        assert_eq!(Locale::from_tag("pt-BR"), Some(Locale::PtBr));
        assert_eq!(Locale::from_tag("pt_br"), Some(Locale::PtBr));
        assert_eq!(Locale::from_tag("en-US"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }
}
