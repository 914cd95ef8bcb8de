//! Random secrets handed to clients (refresh, invitation, recovery and API
//! tokens) and the digests they are stored as.
//!
//! They carry at least 80 bits from the operating system's RNG, so a plain
//! SHA-256 is a safe way to store them: unlike a password nobody can guess
//! them, and a fast digest lets us look them up by equality.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::audit::hex;

/// A URL-safe random token of `bytes` random bytes, after `prefix`.
pub fn token(prefix: &str, bytes: usize) -> String {
    let mut buffer = vec![0_u8; bytes];
    fill(&mut buffer);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(buffer))
}

/// A recovery code people can type: 16 characters of an unambiguous
/// alphabet (80 bits), grouped in fours.
pub fn recovery_code() -> String {
    // Crockford's base32: no I, L, O, U.
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut buffer = [0_u8; 16];
    fill(&mut buffer);
    let chars: Vec<char> = buffer
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Normalizes a recovery code as typed (case, spaces, dashes) before
/// hashing.
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The stored form of a token: SHA-256, lower-case hex.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// `rand`'s thread RNG: a CSPRNG seeded and periodically reseeded from the
/// operating system.
fn fill(buffer: &mut [u8]) {
    rand::rng().fill_bytes(buffer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_prefixed() {
        let first = token("atd_", 32);
        let second = token("atd_", 32);
        assert!(first.starts_with("atd_"));
        assert_ne!(first, second);
        assert_eq!(first.len(), 4 + 43);
    }

    #[test]
    fn recovery_codes_are_typeable_and_normalize() {
        let code = recovery_code();
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(code.matches('-').count(), 3);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_recovery_code(&typed), code.replace('-', ""));
    }

    #[test]
    fn the_digest_is_sha256_hex() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
