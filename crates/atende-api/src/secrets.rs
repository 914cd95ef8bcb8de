//! Secrets at rest: the values that would let a reader of a database
//! backup act as someone (the JWT signing key, TOTP secrets) are stored
//! sealed with AES-256-GCM under a key that never enters the database.
//!
//! The key is `ATENDE_SECRET_KEY` (32 bytes in base64) when set; otherwise
//! a key file beside the data (`secret_key_file`, default
//! `data/secret.key`), created with mode 0600 on first start, so the
//! one-command start keeps working. Each sealed value reads
//! `enc:v1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`, with what it is
//! (e.g. `users.mfa_secret:<id>`) as associated data, so a value copied
//! into another row or setting does not open.
//!
//! Rotation: start with the new key as `ATENDE_SECRET_KEY` and the old one
//! as `ATENDE_SECRET_KEY_PREVIOUS`; on start every value is re-sealed with
//! the new key ([`reseal_stored`]), after which the previous key can go.
//! Plain values from before encryption are sealed the same way.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use base64::{Engine, engine::general_purpose::STANDARD};
use ring::{
    aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey},
    rand::{SecureRandom, SystemRandom},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use sha2::{Digest, Sha256};

use crate::config::Settings;

const PREFIX: &str = "enc:v1:";
const KEY_BYTES: usize = 32;

/// One AES-256-GCM key and its short id.
struct Key {
    id: String,
    key: LessSafeKey,
}

impl Key {
    fn new(bytes: &[u8]) -> anyhow::Result<Key> {
        if bytes.len() != KEY_BYTES {
            bail!("a secret key has 32 bytes, this one {}", bytes.len());
        }
        let unbound = UnboundKey::new(&AES_256_GCM, bytes)
            .map_err(|_| anyhow::anyhow!("the secret key is not an AES-256 key"))?;
        let digest = Sha256::digest(bytes);
        let id = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Key {
            id,
            key: LessSafeKey::new(unbound),
        })
    }
}

/// Seals and opens secrets at rest.
pub struct SecretBox {
    current: Key,
    previous: Option<Key>,
    random: SystemRandom,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBox(key {})", self.current.id)
    }
}

/// A stored value that does not open: sealed with a key not configured, or
/// altered.
#[derive(Debug, thiserror::Error)]
#[error("a secret stored as {what} does not open with the configured keys")]
pub struct Unopenable {
    pub what: String,
}

impl SecretBox {
    /// The box of these settings: `secret_key` (and `secret_key_previous`)
    /// when set, else the key file, created when missing.
    pub fn load(settings: &Settings) -> anyhow::Result<SecretBox> {
        let current = match &settings.secret_key {
            Some(text) => {
                decode_key(text).context("invalid setting `secret_key` (ATENDE_SECRET_KEY)")?
            }
            None => key_file(&settings.secret_key_file)?,
        };
        let previous = settings
            .secret_key_previous
            .as_deref()
            .map(|text| {
                decode_key(text)
                    .context("invalid setting `secret_key_previous` (ATENDE_SECRET_KEY_PREVIOUS)")
            })
            .transpose()?;
        Ok(SecretBox {
            current: Key::new(&current)?,
            previous: previous.as_deref().map(Key::new).transpose()?,
            random: SystemRandom::new(),
        })
    }

    /// A box with this key (tests).
    pub fn with_key(bytes: &[u8]) -> anyhow::Result<SecretBox> {
        Ok(SecretBox {
            current: Key::new(bytes)?,
            previous: None,
            random: SystemRandom::new(),
        })
    }

    /// `plain` sealed for the place `what` names.
    pub fn seal(&self, what: &str, plain: &str) -> anyhow::Result<String> {
        let mut nonce = [0_u8; NONCE_LEN];
        self.random
            .fill(&mut nonce)
            .map_err(|_| anyhow::anyhow!("no randomness for a nonce"))?;
        let mut data = plain.as_bytes().to_vec();
        self.current
            .key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(what.as_bytes()),
                &mut data,
            )
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(format!(
            "{PREFIX}{}:{}",
            self.current.id,
            STANDARD.encode(out)
        ))
    }

    /// Whether `stored` is sealed with the current key already.
    pub fn is_current(&self, stored: &str) -> bool {
        stored.starts_with(&format!("{PREFIX}{}:", self.current.id))
    }

    /// The plain value of `stored`. A value from before encryption (no
    /// `enc:` prefix) is returned as it is; [`reseal_stored`] seals those
    /// on start.
    pub fn open(&self, what: &str, stored: &str) -> Result<String, Unopenable> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let fail = || Unopenable {
            what: what.to_owned(),
        };
        let (id, body) = rest.split_once(':').ok_or_else(fail)?;
        let key = [Some(&self.current), self.previous.as_ref()]
            .into_iter()
            .flatten()
            .find(|k| k.id == id)
            .ok_or_else(fail)?;
        let bytes = STANDARD.decode(body).map_err(|_| fail())?;
        if bytes.len() < NONCE_LEN {
            return Err(fail());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| fail())?;
        let mut sealed = sealed.to_vec();
        let plain = key
            .key
            .open_in_place(nonce, Aad::from(what.as_bytes()), &mut sealed)
            .map_err(|_| fail())?;
        String::from_utf8(plain.to_vec()).map_err(|_| fail())
    }
}

fn decode_key(text: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = STANDARD
        .decode(text.trim())
        .context("not base64 (make one with `openssl rand -base64 32`)")?;
    if bytes.len() != KEY_BYTES {
        bail!("must decode to 32 bytes, not {}", bytes.len());
    }
    Ok(bytes)
}

/// The key in `path`, created (mode 0600) when missing. Two processes
/// starting together: one creates it, the other reads it.
fn key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let read = |path: &PathBuf| -> anyhow::Result<Vec<u8>> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the secret key file {}", path.display()))?;
        decode_key(&text).with_context(|| format!("the secret key file {}", path.display()))
    };
    let path = path.to_path_buf();
    if path.exists() {
        return read(&path);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut bytes = [0_u8; KEY_BYTES];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| anyhow::anyhow!("no randomness for a secret key"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => {
            file.write_all(format!("{}\n", STANDARD.encode(bytes)).as_bytes())
                .with_context(|| format!("writing the secret key file {}", path.display()))?;
            tracing::info!(file = %path.display(), "created the secret key file; back it up apart from the database");
            Ok(bytes.to_vec())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(e) => {
            Err(e).with_context(|| format!("creating the secret key file {}", path.display()))
        }
    }
}

/// Where each secret lives, as associated data.
pub fn setting_place(key: &str) -> String {
    format!("system_settings:{key}")
}

/// The place of a user's TOTP secret (`mfa_secret` or `mfa_pending_secret`).
pub fn mfa_place(column: &str, user_id: uuid::Uuid) -> String {
    format!("users.{column}:{user_id}")
}

/// Seals every stored secret not yet sealed with the current key: plain
/// values from before encryption, values sealed with the previous key.
/// Runs on start; idempotent. Returns how many values it re-sealed.
pub async fn reseal_stored(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<usize> {
    use crate::{identity::user, system::setting};
    let mut count = 0;
    for key in SEALED_SETTINGS {
        let place = setting_place(key);
        if let Some(stored) = setting::get(db, key).await?
            && !secrets.is_current(&stored)
        {
            let plain = secrets.open(&place, &stored)?;
            setting::put(db, key, &secrets.seal(&place, &plain)?, now).await?;
            count += 1;
        }
    }
    let users = user::Entity::find()
        .filter(
            user::Column::MfaSecret
                .is_not_null()
                .or(user::Column::MfaPendingSecret.is_not_null()),
        )
        .all(db)
        .await?;
    for u in users {
        for (column, stored, col) in [
            ("mfa_secret", &u.mfa_secret, user::Column::MfaSecret),
            (
                "mfa_pending_secret",
                &u.mfa_pending_secret,
                user::Column::MfaPendingSecret,
            ),
        ] {
            let Some(stored) = stored.as_deref().filter(|s| !secrets.is_current(s)) else {
                continue;
            };
            let place = mfa_place(column, u.id);
            let sealed = secrets.seal(&place, &secrets.open(&place, stored)?)?;
            user::Entity::update_many()
                .col_expr(col, Expr::value(sealed))
                .filter(user::Column::Id.eq(u.id))
                .exec(db)
                .await?;
            count += 1;
        }
    }
    Ok(count)
}

/// The settings that hold secrets.
pub const SEALED_SETTINGS: [&str; 1] = [crate::auth::jwt::KEY_SETTING];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_in_its_place_and_with_its_key() {
        let secrets = SecretBox::with_key(&[7; 32]).unwrap();
        let sealed = secrets
            .seal("users.mfa_secret:1", "JBSWY3DPEHPK3PXP")
            .unwrap();
        assert!(sealed.starts_with("enc:v1:"));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert!(secrets.is_current(&sealed));
        assert_eq!(
            secrets.open("users.mfa_secret:1", &sealed).unwrap(),
            "JBSWY3DPEHPK3PXP"
        );
        assert!(
            secrets.open("users.mfa_secret:2", &sealed).is_err(),
            "moved to another row"
        );
        let other = SecretBox::with_key(&[8; 32]).unwrap();
        assert!(other.open("users.mfa_secret:1", &sealed).is_err());
        // A plain value from before encryption reads as it is.
        assert_eq!(secrets.open("x", "plain").unwrap(), "plain");
        assert!(!secrets.is_current("plain"));
    }

    #[test]
    fn the_previous_key_opens_what_it_sealed() {
        let old = SecretBox::with_key(&[1; 32]).unwrap();
        let sealed = old.seal("k", "v").unwrap();
        let mut rotated = SecretBox::with_key(&[2; 32]).unwrap();
        assert!(rotated.open("k", &sealed).is_err());
        rotated.previous = Some(Key::new(&[1; 32]).unwrap());
        assert_eq!(rotated.open("k", &sealed).unwrap(), "v");
        assert!(!rotated.is_current(&sealed));
    }

    #[test]
    fn a_key_file_is_created_once_with_mode_0600() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("nested").join("secret.key");
        let first = key_file(&path).unwrap();
        assert_eq!(first.len(), 32);
        assert_eq!(key_file(&path).unwrap(), first, "read back, not replaced");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
