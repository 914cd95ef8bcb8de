//! Password hashing: argon2id with the crate's defaults (19 MiB, two passes,
//! one lane — OWASP's recommended minimum), a 16-byte salt from the
//! operating system's RNG, stored as a PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) so the parameters travel with
//! the hash and can be raised later without invalidating old ones.
//!
//! Hashing takes tens of milliseconds of CPU on purpose: call these from
//! `spawn_blocking`, not directly on an async worker.

use argon2::{
    Argon2,
    password_hash::{self, PasswordHasher, PasswordVerifier, phc::PasswordHash},
};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;

/// Checks a new password: at least [`MIN_LENGTH`] characters and, by
/// zxcvbn's estimate (dictionaries of common passwords, names, keyboard
/// patterns, dates, plus `user_inputs` such as the user's name and e-mail),
/// not crackable in under 10^10 guesses (score 3 of 4). The error is the
/// message for the `password` field.
pub fn check_strength(password: &str, user_inputs: &[&str]) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!("must have at least {MIN_LENGTH} characters"));
    }
    // zxcvbn matches inputs as whole words: "Maria Silva" and
    // "maria.silva@acme.com.br" become maria, silva, acme…
    let words: Vec<String> = user_inputs
        .iter()
        .flat_map(|input| {
            input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if (estimate.score() as u8) < 3 {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        return Err(format!(
            "is too easy to guess{hint}; use a longer phrase of unrelated words"
        ));
    }
    Ok(())
}

/// Why a password could not be hashed (the OS RNG failed, in practice).
pub type HashError = password_hash::Error;

/// Hashes `password` with a fresh random salt; returns the PHC string.
pub fn hash(password: &str) -> Result<String, HashError> {
    Ok(Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string())
}

/// Whether `password` matches the stored PHC string. A malformed string, or
/// one of another algorithm, never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    parsed.algorithm == argon2::ARGON2ID_IDENT
        && Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_with_its_password_only() {
        let phc = hash("Correct Horse 42").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify("Correct Horse 42", &phc));
        assert!(!verify("correct horse 42", &phc));
        assert!(!verify("", &phc));
    }

    #[test]
    fn short_or_common_passwords_are_refused() {
        assert!(check_strength("Ab1!", &[]).unwrap_err().contains("10"));
        assert!(check_strength("password123", &[]).is_err());
        assert!(check_strength("1234567890", &[]).is_err());
        assert!(check_strength("qwertyuiop", &[]).is_err());
        // The user's own name and e-mail do not make a password.
        let inputs = ["Maria Silva", "maria.silva@acme.com.br"];
        assert!(check_strength("mariasilva", &inputs).is_err());
        assert!(check_strength("Silva2026!", &inputs).is_err());
        assert!(check_strength("cavalo correto bateria grampo", &[]).is_ok());
    }

    #[test]
    fn two_hashes_of_one_password_differ() {
        let first = hash("Correct Horse 42").unwrap();
        let second = hash("Correct Horse 42").unwrap();
        assert_ne!(first, second);
        assert!(verify("Correct Horse 42", &first) && verify("Correct Horse 42", &second));
    }

    #[test]
    fn malformed_or_foreign_hashes_never_verify() {
        assert!(!verify("x", ""));
        assert!(!verify("x", "not a phc string"));
        // A correct argon2i hash of the password: argon2id is required.
        let argon2i = Argon2::new(
            argon2::Algorithm::Argon2i,
            argon2::Version::V0x13,
            argon2::Params::default(),
        )
        .hash_password(b"password")
        .unwrap()
        .to_string();
        assert!(argon2i.starts_with("$argon2i$"), "{argon2i}");
        assert!(!verify("password", &argon2i));
    }
}
