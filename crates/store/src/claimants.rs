//! Each claimant's own payment: what they are asked about, what they said arrived, and who the
//! case still waits for before it can be closed (`wagedesk_core::case::claimants`).

use crate::conn::{Conn, Dialect};
use crate::on_conn;

/// `columns` of a case's claimants (`$1`) in the order the card lists them: the filer first, then the
/// others as they joined. Staff's verified amounts are typed in this order.
macro_rules! select_in_card_order {
    ($columns:literal) => {
        concat!(
            "SELECT ",
            $columns,
            " FROM claimants WHERE complaint_id = $1 AND withdrawn_at IS NULL ORDER BY role = 'member', id"
        )
    };
}
pub(crate) use select_in_card_order;

use wagedesk_core::case::claimants::{Payer, Totals};
use wagedesk_core::followup::answer::Paid;

/// The claimant of `chat` on the case as its card names them (masked), while they are on it. Rows
/// stored before the masked form was kept have none: their (sealed, or older still, plain) name is
/// masked here, never shown whole.
pub async fn masked_name_of_chat<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &wagedesk_core::crypto::Vault,
    complaint_id: i64,
    chat: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String, String)> = on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT name_masked, name FROM claimants
         WHERE complaint_id = $1 AND chat_id = $2 AND withdrawn_at IS NULL AND erased_at IS NULL
         ORDER BY id LIMIT 1",
    )
    .bind(complaint_id)
    .bind(chat)
    .fetch_optional(c)
    .await)?;
    Ok(row.and_then(|(masked, name)| shown_name(vault, masked, &name)))
}

/// The masked name to show: the stored masked form, or the stored name masked now; `None` when
/// there is neither (or the name does not open).
pub fn shown_name(vault: &wagedesk_core::crypto::Vault, masked: String, name: &str) -> Option<String> {
    if !masked.is_empty() {
        return Some(masked);
    }
    let name = vault.open_stored(name).ok()?;
    let shown = wagedesk_core::office::mask::mask_name(name.trim());
    (!shown.is_empty()).then_some(shown)
}

/// Every claimant of a case who did not withdraw, in filing order.
pub async fn payers<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Vec<Payer>, sqlx::Error> {
    let rows: Vec<(Option<i64>, i64, i64, bool, bool)> = on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT chat_id, amount_fen, paid_fen, confirmed_at IS NOT NULL, unreachable IS NOT NULL
             FROM claimants WHERE complaint_id = $1 AND withdrawn_at IS NULL ORDER BY id",
        )
        .bind(complaint_id)
        .fetch_all(c)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(chat_id, owed_fen, paid_fen, confirmed, unreachable)| Payer {
            chat_id,
            owed_fen,
            paid_fen,
            confirmed,
            unreachable,
        })
        .collect())
}

/// The chats of a case's claimants who still have to confirm payment (something is owed to them and
/// they have not confirmed it), each once, with their stored dialogue (JSON, which says the language
/// they picked).
pub async fn unconfirmed_chats<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
) -> Result<Vec<(i64, Option<String>)>, sqlx::Error> {
    let condition = "AND c.confirmed_at IS NULL AND c.unreachable IS NULL AND c.paid_fen < c.amount_fen";
    chats_where(conn.into(), complaint_id, condition).await
}

/// Every claimant chat of a case, each once, with its stored dialogue.
pub async fn chats<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
) -> Result<Vec<(i64, Option<String>)>, sqlx::Error> {
    chats_where(conn.into(), complaint_id, "").await
}

/// The case's claimant chats meeting `condition`, in filing order. Grouped by the state too (one per
/// chat): PostgreSQL selects no column it does not group by.
async fn chats_where(
    conn: Conn<'_>,
    complaint_id: i64,
    condition: &'static str,
) -> Result<Vec<(i64, Option<String>)>, sqlx::Error> {
    let sql = format!(
        "SELECT c.chat_id, d.state FROM claimants c LEFT JOIN dialogues d ON d.chat_id = c.chat_id
         WHERE c.complaint_id = $1 AND c.chat_id IS NOT NULL AND c.withdrawn_at IS NULL {condition}
         GROUP BY c.chat_id, d.state ORDER BY MIN(c.id)"
    );
    on_conn!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(complaint_id).fetch_all(c).await)
}

/// Records what the worker of `chat` said arrived: all of it (their claims confirmed), or an amount
/// added to their first unconfirmed claim.
pub async fn record_paid<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    chat: i64,
    paid: Paid,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut conn = conn.into();
    match paid {
        Paid::Full => on_conn!(conn.reborrow(), c => {
            sqlx::query(
                "UPDATE claimants SET paid_fen = amount_fen, confirmed_at = $3
                 WHERE complaint_id = $1 AND chat_id = $2 AND confirmed_at IS NULL",
            )
            .bind(complaint_id)
            .bind(chat)
            .bind(now)
            .execute(c)
            .await?;
        }),
        Paid::Amount(fen) => {
            // The smaller of two values: SQLite's MIN(a, b), PostgreSQL's LEAST.
            let least = match conn.dialect() {
                Dialect::Sqlite => "MIN",
                Dialect::Postgres => "LEAST",
            };
            let sql = format!(
                "UPDATE claimants SET paid_fen = {least}(amount_fen, paid_fen + $3)
                 WHERE id = (SELECT MIN(id) FROM claimants
                             WHERE complaint_id = $1 AND chat_id = $2 AND confirmed_at IS NULL)"
            );
            on_conn!(conn.reborrow(), c => {
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(complaint_id).bind(chat).bind(fen).execute(c).await?;
            })
        }
        Paid::Revoked => on_conn!(conn.reborrow(), c => {
            sqlx::query(
                "UPDATE claimants SET paid_fen = 0, confirmed_at = NULL
                 WHERE complaint_id = $1 AND chat_id = $2 AND withdrawn_at IS NULL",
            )
            .bind(complaint_id)
            .bind(chat)
            .execute(c)
            .await?;
        }),
    }
    // The ledger's paid amount is what the workers confirmed.
    recount(conn, complaint_id).await
}

/// The case's running totals across claimants (the ledger's copies).
pub async fn totals<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Totals, sqlx::Error> {
    let (owed_fen, workers): (i64, i64) = on_conn!(conn.into(), c => {
        sqlx::query_as("SELECT claimed_fen, workers FROM cases WHERE complaint_id = $1")
            .bind(complaint_id)
            .fetch_one(c)
            .await?
    });
    Ok(Totals { owed_fen, workers: u32::try_from(workers).unwrap_or(u32::MAX) })
}

/// Records the office's verified amount of each claimant, in the card's order; `false` (nothing
/// written) if the number of amounts no longer matches the claimants (someone joined meanwhile).
pub async fn set_verified<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    amounts: &[i64],
) -> Result<bool, sqlx::Error> {
    let mut conn = conn.into();
    let ids: Vec<i64> = on_conn!(conn.reborrow(), c => {
        sqlx::query_scalar(select_in_card_order!("id")).bind(complaint_id).fetch_all(c).await?
    });
    if ids.len() != amounts.len() {
        return Ok(false);
    }
    for (id, fen) in ids.iter().zip(amounts) {
        on_conn!(conn.reborrow(), c => {
            sqlx::query("UPDATE claimants SET verified_fen = $2 WHERE id = $1").bind(id).bind(fen).execute(c).await?;
        });
    }
    recount(conn, complaint_id).await?;
    Ok(true)
}

/// Records why the `number`-th claimant on the card (1 = first) cannot be reached to confirm payment;
/// `false` if there is no such claimant or they already confirmed.
pub async fn set_unreachable<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &wagedesk_core::crypto::Vault,
    complaint_id: i64,
    number: usize,
    attempts: &str,
    now: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut conn = conn.into();
    let rows: Vec<(i64, bool, String, String)> = on_conn!(conn.reborrow(), c => {
        sqlx::query_as(select_in_card_order!("id, confirmed_at IS NOT NULL, name_masked, name"))
            .bind(complaint_id)
            .fetch_all(c)
            .await?
    });
    let Some((id, false, masked, name)) = number.checked_sub(1).and_then(|i| rows.get(i)).cloned() else {
        return Ok(None);
    };
    let note = serde_json::json!({ "at": now, "attempts": attempts }).to_string();
    on_conn!(conn, c => {
        sqlx::query("UPDATE claimants SET unreachable = $2 WHERE id = $1").bind(id).bind(note).execute(c).await?;
    });
    // Named back to the clerk (masked), who sees whom the number meant if the list just changed.
    Ok(Some(shown_name(vault, masked, &name).unwrap_or_else(|| "—".to_owned())))
}

/// Marks the case changed after a claimant joined, withdrew or was erased. The card numbers its
/// claimants and staff answers (verified amounts, 👁 choices) go by that numbering; a new revision
/// makes the buttons and prompts made on the old list stale instead of applied to other people.
pub async fn list_changed<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query("UPDATE cases SET rev = rev + 1 WHERE complaint_id = $1").bind(complaint_id).execute(c).await?;
    });
    Ok(())
}

/// The case's ledger copies that sum its claimants (claimed, verified, confirmed paid), counted again
/// after a claimant's row changed.
pub async fn recount<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query(
            "UPDATE cases SET (claimed_fen, verified_fen, paid_fen) = (
                 SELECT COALESCE(SUM(amount_fen), 0), COALESCE(SUM(verified_fen), 0), COALESCE(SUM(paid_fen), 0)
                 FROM claimants WHERE complaint_id = $1 AND withdrawn_at IS NULL)
             WHERE complaint_id = $1",
        )
        .bind(complaint_id)
        .execute(c)
        .await?;
    });
    Ok(())
}
