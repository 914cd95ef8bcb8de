//! Where attachment bytes live: a content-addressed store (the SHA-256 of
//! the content is the key, so identical files are kept once) behind the
//! [`BlobStore`] trait. [`LocalStore`] keeps them under a folder; an
//! S3-compatible store can implement the same trait.

use std::{future::Future, io, path::PathBuf, pin::Pin};

use sha2::{Digest, Sha256};

use crate::audit::hex;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A store of immutable blobs addressed by their SHA-256.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes`; returns their SHA-256 (hex).
    fn put(&self, bytes: Vec<u8>) -> BoxFuture<'_, io::Result<String>>;
    /// The bytes stored under `sha256`.
    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>>;
}

/// Blobs as files `root/ab/cd/abcd…`.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    fn path(&self, sha256: &str) -> io::Result<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256"));
        }
        Ok(self
            .root
            .join(&sha256[0..2])
            .join(&sha256[2..4])
            .join(sha256))
    }
}

impl BlobStore for LocalStore {
    fn put(&self, bytes: Vec<u8>) -> BoxFuture<'_, io::Result<String>> {
        Box::pin(async move {
            let sha256 = hex(&Sha256::digest(&bytes));
            let path = self.path(&sha256)?;
            if tokio::fs::try_exists(&path).await? {
                return Ok(sha256);
            }
            let folder = path
                .parent()
                .ok_or_else(|| io::Error::other("no parent folder"))?
                .to_owned();
            tokio::fs::create_dir_all(&folder).await?;
            // Write aside, then rename: a reader never sees half a file.
            let partial = folder.join(format!("{sha256}.{}.partial", uuid::Uuid::new_v4()));
            tokio::fs::write(&partial, &bytes).await?;
            tokio::fs::rename(&partial, &path).await?;
            Ok(sha256)
        })
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>> {
        Box::pin(async move { tokio::fs::read(self.path(sha256)?).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn identical_content_is_stored_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().to_owned());
        let first = store.put(b"nota fiscal".to_vec()).await.unwrap();
        let second = store.put(b"nota fiscal".to_vec()).await.unwrap();
        assert_eq!(first, second);
        assert_eq!(store.get(&first).await.unwrap(), b"nota fiscal");
        assert!(store.get("../../etc/passwd").await.is_err());
    }
}
