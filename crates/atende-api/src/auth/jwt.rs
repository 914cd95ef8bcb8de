//! Access tokens and MFA challenges as JWTs (HS256).
//!
//! The signing key is random, generated on first start and kept in
//! `system_settings`, so every replica of one installation shares it and a
//! restart signs nobody out. Expiry is checked against the application
//! clock (not the library's system-time check), so it is testable and
//! consistent with every other time rule.

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::system::setting;

const ISSUER: &str = "atende";
/// The setting holding the signing key, sealed (see `crate::secrets`).
pub const KEY_SETTING: &str = "auth.jwt_key";

/// What a token is for; a challenge is never accepted as an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Access,
    MfaChallenge,
    /// Opens the event stream (a browser's `EventSource` sends no headers).
    Stream,
}

/// The claims of both kinds of token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: Uuid,
    /// Role name at issue time.
    pub role: String,
    /// Session id (access tokens) or a random id (challenges).
    pub sid: Uuid,
    pub purpose: Purpose,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

/// The keys of this installation.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    /// Loads the installation's key, creating it on first start.
    pub async fn load_or_create(
        db: &impl ConnectionTrait,
        secrets: &crate::secrets::SecretBox,
        now: DateTime<Utc>,
    ) -> anyhow::Result<JwtKeys> {
        let place = crate::secrets::setting_place(KEY_SETTING);
        let fresh = secrets.seal(&place, &STANDARD.encode(super::secret::token("", 48)))?;
        // Two replicas starting together: one insert wins, both read it.
        setting::insert_if_absent(db, KEY_SETTING, &fresh, now).await?;
        let stored = setting::get(db, KEY_SETTING)
            .await?
            .ok_or_else(|| DbErr::Custom("the JWT key was not stored".into()))?;
        let stored = secrets.open(&place, &stored)?;
        Ok(JwtKeys {
            encoding: EncodingKey::from_secret(stored.as_bytes()),
            decoding: DecodingKey::from_secret(stored.as_bytes()),
        })
    }

    /// Signs `claims`.
    pub fn encode(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// Verifies signature, algorithm, issuer, purpose and expiry at `now`.
    /// Any failure is `None`: callers answer 401 whatever the reason.
    pub fn decode(&self, token: &str, purpose: Purpose, now: DateTime<Utc>) -> Option<Claims> {
        // Only HS256: `alg: none` and algorithm confusion are refused here.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        validation.set_issuer(&[ISSUER]);
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        (claims.purpose == purpose && now.timestamp() < claims.exp).then_some(claims)
    }
}

/// Claims for `user` in `session`, valid from `now` for `lifetime`.
pub fn claims(
    user: Uuid,
    role: &str,
    sid: Uuid,
    purpose: Purpose,
    now: DateTime<Utc>,
    lifetime: chrono::Duration,
) -> Claims {
    Claims {
        sub: user,
        role: role.to_owned(),
        sid,
        purpose,
        iat: now.timestamp(),
        exp: (now + lifetime).timestamp(),
        iss: ISSUER.into(),
    }
}
