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
