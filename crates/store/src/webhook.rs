//! The webhook's secret token: made once, kept sealed, the same for every start.

use wagedesk_core::crypto::Vault;

use crate::{Db, begin_write, on_conn};

/// The secret, made from `fresh` on the first call (a concurrent first call keeps whichever was
/// stored first).
pub async fn secret(db: &Db, vault: &Vault, fresh: &str, now: &str) -> anyhow::Result<String> {
    let mut tx = begin_write(db).await?;
    let sealed = vault.seal(fresh);
    on_conn!(tx.conn(), c =>
        sqlx::query("INSERT INTO webhook_secret (id, secret, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(&sealed)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
    let sealed: String = on_conn!(tx.conn(), c =>
        sqlx::query_scalar("SELECT secret FROM webhook_secret WHERE id = 1").fetch_one(c).await)?;
    tx.commit().await?;
    Ok(vault.open(&sealed)?)
}
