//! The staff workspace's tables: link codes, the bot's groups, each case's topic/card per office,
//! which group messages belong to which case, pending staff prompts, tags and pending relays.

use crate::conn::Conn;
use crate::on_conn;

use wagedesk_core::office::card::CardFacts;

/// Where a case lives in one office's group.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseThread {
    pub complaint_id: i64,
    pub office_id: String,
    pub chat_id: i64,
    pub thread_id: Option<i64>,
    pub card_message_id: Option<i64>,
}

/// A linked office group.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OfficeChat {
    pub office_id: String,
    pub chat_id: i64,
    pub is_forum: bool,
}

pub async fn insert_link_code<'c>(
    conn: impl Into<Conn<'c>>,
    code_hash: &str,
    office_id: &str,
    issued_at: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("INSERT INTO office_link_codes (code_hash, office_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(code_hash)
        .bind(office_id)
        .bind(issued_at)
        .bind(expires_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A link code as stored: office, expiry, and whether it was used.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkCode {
    pub office_id: String,
    pub expires_at: String,
    pub used_at: Option<String>,
}

pub async fn link_code<'c>(conn: impl Into<Conn<'c>>, code_hash: &str) -> Result<Option<LinkCode>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_as("SELECT office_id, expires_at, used_at FROM office_link_codes WHERE code_hash = $1")
        .bind(code_hash)
        .fetch_optional(c)
        .await)
}

pub async fn use_link_code<'c>(
    conn: impl Into<Conn<'c>>,
    code_hash: &str,
    chat_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("UPDATE office_link_codes SET used_at = $2, used_chat = $3 WHERE code_hash = $1")
        .bind(code_hash)
        .bind(now)
        .bind(chat_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn office_of_chat<'c>(conn: impl Into<Conn<'c>>, chat_id: i64) -> Result<Option<OfficeChat>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_as("SELECT office_id, chat_id, is_forum <> 0 AS is_forum FROM office_chats WHERE chat_id = $1")
        .bind(chat_id)
        .fetch_optional(c)
        .await)
}

pub async fn chat_of_office<'c>(conn: impl Into<Conn<'c>>, office_id: &str) -> Result<Option<OfficeChat>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_as("SELECT office_id, chat_id, is_forum <> 0 AS is_forum FROM office_chats WHERE office_id = $1")
        .bind(office_id)
        .fetch_optional(c)
        .await)
}

pub async fn set_forum<'c>(conn: impl Into<Conn<'c>>, chat_id: i64, is_forum: bool) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query("UPDATE office_chats SET is_forum = $2 WHERE chat_id = $1")
        .bind(chat_id)
        .bind(i64::from(is_forum))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Unlinks whatever office this chat serves; returns it. Its case topics stay on record but are
/// no longer used: a re-linked group gets fresh cards.
pub async fn unlink_chat<'c>(conn: impl Into<Conn<'c>>, chat_id: i64) -> Result<Option<String>, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let office: Option<String> = on_conn!(conn.reborrow(), c =>
        sqlx::query_scalar("DELETE FROM office_chats WHERE chat_id = $1 RETURNING office_id")
        .bind(chat_id)
        .fetch_optional(c)
        .await)?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM case_threads WHERE chat_id = $1").bind(chat_id).execute(c).await.map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM staff_prompts WHERE chat_id = $1").bind(chat_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(office)
}

/// A group became a supergroup (`migrate_to_chat_id`): everything keyed by the old id moves.
pub async fn migrate_chat<'c>(conn: impl Into<Conn<'c>>, from: i64, to: i64) -> Result<bool, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let moved = on_conn!(conn.reborrow(), c => sqlx::query("UPDATE office_chats SET chat_id = $2 WHERE chat_id = $1")
        .bind(from)
        .bind(to)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    // Old message ids do not exist in the new chat; cards there are sent anew when needed.
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM case_threads WHERE chat_id = $1").bind(from).execute(c).await.map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM case_messages WHERE chat_id = $1").bind(from).execute(c).await.map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM staff_prompts WHERE chat_id = $1").bind(from).execute(c).await.map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM bot_chats WHERE chat_id = $1").bind(from).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(moved > 0)
}

pub async fn record_bot_chat<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    status: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO bot_chats (chat_id, status, joined_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (chat_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
             joined_at = CASE WHEN bot_chats.status IN ('left', 'kicked') THEN excluded.joined_at
                              ELSE bot_chats.joined_at END",
    )
    .bind(chat_id)
    .bind(status)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Groups the bot is still in, not linked to any office, joined before `before`.
pub async fn unlinked_groups_before<'c>(conn: impl Into<Conn<'c>>, before: &str) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT b.chat_id FROM bot_chats b LEFT JOIN office_chats o ON o.chat_id = b.chat_id
         WHERE o.chat_id IS NULL AND b.status IN ('member', 'administrator') AND b.joined_at < $1",
    )
    .bind(before)
    .fetch_all(c)
    .await)
}

pub async fn thread<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    office_id: &str,
) -> Result<Option<CaseThread>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT complaint_id, office_id, chat_id, thread_id, card_message_id FROM case_threads
         WHERE complaint_id = $1 AND office_id = $2",
    )
    .bind(complaint_id)
    .bind(office_id)
    .fetch_optional(c)
    .await)
}

pub async fn threads_of_case<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Vec<CaseThread>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT complaint_id, office_id, chat_id, thread_id, card_message_id FROM case_threads
         WHERE complaint_id = $1 ORDER BY created_at, office_id",
    )
    .bind(complaint_id)
    .fetch_all(c)
    .await)
}

/// The case whose topic this is.
pub async fn case_of_topic<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    thread_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT complaint_id FROM case_threads WHERE chat_id = $1 AND thread_id = $2")
        .bind(chat_id)
        .bind(thread_id)
        .fetch_optional(c)
        .await)
}

pub async fn insert_thread<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    office_id: &str,
    chat_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO case_threads (complaint_id, office_id, chat_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (complaint_id, office_id) DO NOTHING",
    )
    .bind(complaint_id)
    .bind(office_id)
    .bind(chat_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_thread_id<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    office_id: &str,
    thread_id: i64,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("UPDATE case_threads SET thread_id = $3 WHERE complaint_id = $1 AND office_id = $2")
        .bind(complaint_id)
        .bind(office_id)
        .bind(thread_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets a case's topic and card in its group (someone deleted the topic): posts go to the group's
/// general chat until a new topic is recorded.
pub async fn forget_topic<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    office_id: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "UPDATE case_threads SET thread_id = NULL, card_message_id = NULL WHERE complaint_id = $1 AND office_id = $2",
    )
    .bind(complaint_id)
    .bind(office_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_card_message<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    office_id: &str,
    message_id: i64,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("UPDATE case_threads SET card_message_id = $3 WHERE complaint_id = $1 AND office_id = $2")
        .bind(complaint_id)
        .bind(office_id)
        .bind(message_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Remembers message `message_id` of group `chat_id` as case `complaint_id`'s; `worker_chat`: the
/// worker whose words it relays, whom a reply to it answers.
pub async fn remember_message<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    message_id: i64,
    complaint_id: i64,
    worker_chat: Option<i64>,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO case_messages (chat_id, message_id, complaint_id, worker_chat_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (chat_id, message_id) DO NOTHING",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(complaint_id)
    .bind(worker_chat)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The worker whose words message `message_id` of group `chat_id` relays, if it relays any.
pub async fn worker_of_message<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    message_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sender: Option<Option<i64>> = on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT worker_chat_id FROM case_messages WHERE chat_id = $1 AND message_id = $2")
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(c)
        .await)?;
    Ok(sender.flatten())
}

pub async fn case_of_message<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    message_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT complaint_id FROM case_messages WHERE chat_id = $1 AND message_id = $2")
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(c)
        .await)
}

pub async fn set_prompt<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    user_id: i64,
    complaint_id: i64,
    action_json: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO staff_prompts (chat_id, user_id, complaint_id, action, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (chat_id, user_id) DO UPDATE SET complaint_id = excluded.complaint_id,
             action = excluded.action, created_at = excluded.created_at",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(complaint_id)
    .bind(action_json)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Whether a member other than `user_id` has a prompt waiting in group `chat_id` on case `complaint_id`.
pub async fn others_prompt_on<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    user_id: i64,
    complaint_id: i64,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT user_id FROM staff_prompts WHERE chat_id = $1 AND user_id <> $2 AND complaint_id = $3 LIMIT 1",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(complaint_id)
    .fetch_optional(c)
    .await)?;
    Ok(found.is_some())
}

/// Takes (and removes) a member's pending prompt: (case, action JSON, created at).
pub async fn take_prompt<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    user_id: i64,
) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "DELETE FROM staff_prompts WHERE chat_id = $1 AND user_id = $2 RETURNING complaint_id, action, created_at",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_optional(c)
    .await)
}

pub async fn add_tag<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    tag: &str,
    by: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let n = on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO case_tags (complaint_id, tag, tagged_by, tagged_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (complaint_id, tag) DO NOTHING",
    )
    .bind(complaint_id)
    .bind(tag)
    .bind(by)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn tags<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Vec<String>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar("SELECT tag FROM case_tags WHERE complaint_id = $1 ORDER BY tag")
        .bind(complaint_id)
        .fetch_all(c)
        .await)
}

pub async fn case_rev<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT rev FROM cases WHERE complaint_id = $1").bind(complaint_id).fetch_optional(c).await)
}

pub async fn hold_relay<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    message_id: i64,
    kind: &str,
    sealed_text: Option<&str>,
    evidence_json: Option<&str>,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO relay_pending (chat_id, message_id, kind, text, evidence, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (chat_id, message_id) DO NOTHING",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(kind)
    .bind(sealed_text)
    .bind(evidence_json)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Takes a held worker message: (kind, sealed text, evidence JSON).
pub async fn take_relay<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    message_id: i64,
) -> Result<Option<(String, Option<String>, Option<String>)>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_as("DELETE FROM relay_pending WHERE chat_id = $1 AND message_id = $2 RETURNING kind, text, evidence")
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(c)
        .await)
}

/// An office's open cases as `(case number, status, running due date, employer)`, soonest due first;
/// with `overdue_only`, those due before `today` (YYYY-MM-DD).
pub async fn open_cases<'c>(
    conn: impl Into<Conn<'c>>,
    office_id: &str,
    overdue_only: bool,
    today: &str,
    limit: i64,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT c.case_number, k.status, COALESCE(k.investigation_due, k.acceptance_due) AS due, c.employer
         FROM cases k JOIN complaints c ON c.id = k.complaint_id
         WHERE k.owner_office = $1 AND k.status NOT IN ('resolved', 'closed', 'withdrawn')
           AND ($2 = 0 OR COALESCE(k.investigation_due, k.acceptance_due) < $3)
         ORDER BY due, c.id LIMIT $4",
    )
    .bind(office_id)
    .bind(i64::from(overdue_only))
    .bind(today)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// The case whose number is `number`, or the one case whose number ends with it (`-0001`); `None`
/// when none or several do.
pub async fn case_by_number<'c>(conn: impl Into<Conn<'c>>, number: &str) -> Result<Option<i64>, sqlx::Error> {
    // `%` and `_` typed by a member are letters here, not wildcards.
    let suffix: String = number
        .trim_start_matches('-')
        .chars()
        .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
        .collect();
    let ids: Vec<i64> = on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT id FROM complaints WHERE case_number = $1 OR case_number LIKE $2 ESCAPE '\\' LIMIT 2",
    )
    .bind(number)
    .bind(format!("%-{suffix}"))
    .fetch_all(c)
    .await)?;
    Ok(if ids.len() == 1 { ids.first().copied() } else { None })
}

type FactsRow =
    (i64, String, i64, String, String, String, String, String, String, i64, bool, String, String, i64, String, String);

/// Everything the case's card shows; `None` when there is no such case.
/// The worker's description is opened (the card shows it, numbers masked); names come masked.
pub async fn card_facts<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &wagedesk_core::crypto::Vault,
    complaint_id: i64,
) -> anyhow::Result<Option<CardFacts>> {
    let mut conn: Conn<'c> = conn.into();
    let row: Option<FactsRow> = on_conn!(conn.reborrow(), c => sqlx::query_as(
        "SELECT id, case_number, worker_chat_id, lang, county_code, site, sector, employer_kind, employer,
                amount_fen, amount_approx <> 0, period_start, period_end, workers, description, flags
         FROM complaints WHERE id = $1",
    )
    .bind(complaint_id)
    .fetch_optional(c)
    .await)?;
    let Some(r) = row else { return Ok(None) };
    let Some(state) = super::cases::load(conn.reborrow(), complaint_id).await? else { return Ok(None) };
    let evidence: i64 = on_conn!(conn.reborrow(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM evidence WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_one(c)
        .await)?;
    type ClaimantRow = (String, String, String, Option<String>, i64, Option<i64>, i64, bool, bool);
    let rows: Vec<ClaimantRow> = on_conn!(conn.reborrow(), c => sqlx::query_as(super::claimants::select_in_card_order!(
        "name_masked, name, phone_masked, id_masked, amount_fen, verified_fen,
         paid_fen, confirmed_at IS NOT NULL, erased_at IS NOT NULL"
    ))
    .bind(complaint_id)
    .fetch_all(c)
    .await)?;
    let claimants = rows
        .into_iter()
        .map(|(masked, name, phone_masked, id_masked, amount_fen, verified_fen, paid_fen, confirmed, erased)| {
            wagedesk_core::office::card::CardClaimant {
                // Masked again on the card; a sealed name must not reach it as its ciphertext.
                name: super::claimants::shown_name(vault, masked, &name).unwrap_or_default(),
                phone_masked,
                id_masked,
                amount_fen,
                verified_fen,
                paid_fen,
                confirmed,
                erased,
            }
        })
        .collect();
    let tags = tags(conn.reborrow(), complaint_id).await?;
    let rev = case_rev(conn.reborrow(), complaint_id).await?.unwrap_or_default();
    Ok(Some(CardFacts {
        complaint_id: r.0,
        case_number: r.1,
        worker_chat_id: r.2,
        lang: r.3,
        county_code: r.4,
        site: r.5,
        sector: r.6,
        employer_kind: r.7,
        employer: r.8,
        amount_fen: r.9,
        amount_approx: r.10,
        period_start: r.11,
        period_end: r.12,
        workers: r.13,
        description: vault.open_stored(&r.14).unwrap_or_else(|e| {
            tracing::error!(error = %e, case = r.0, "a case's description does not open");
            String::new()
        }),
        flags: serde_json::from_str(&r.15).unwrap_or_default(),
        evidence,
        claimants,
        tags,
        state,
        rev,
    }))
}

/// The office's cases still being handled, oldest first (a newly linked group gets a card for each).
pub async fn open_case_ids<'c>(conn: impl Into<Conn<'c>>, office_id: &str) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT complaint_id FROM cases WHERE owner_office = $1 AND status NOT IN ('resolved', 'closed', 'withdrawn')
         ORDER BY complaint_id",
    )
    .bind(office_id)
    .fetch_all(c)
    .await)
}

/// Whether `office_id` transferred the case away at some point (it keeps a read-only view).
pub async fn transferred_by<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    office_id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM timeline WHERE complaint_id = $1 AND event = 'transferred' AND actor LIKE $2",
    )
    .bind(complaint_id)
    .bind(format!("staff:{office_id}/%"))
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// The case's evidence files as `(kind, Telegram file id)`, in the order received.
/// A case's evidence files Telegram holds, after evidence row `after` (0: all): `(kind, file_id)`.
pub async fn evidence_files<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    after: i64,
) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    // An erased worker's files have no Telegram id any more.
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT kind, file_id, note FROM evidence WHERE complaint_id = $1 AND id > $2 AND file_id <> '' ORDER BY id",
    )
    .bind(complaint_id)
    .bind(after)
    .fetch_all(c)
    .await)
}

/// A case's evidence files only we hold (web uploads, which Telegram has no id for), after evidence
/// row `after` (0: all): `(id, kind, sealed note)`. An erased worker's files hold no path any more.
pub async fn stored_only_evidence<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    after: i64,
) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT id, kind, note FROM evidence
         WHERE complaint_id = $1 AND id > $2 AND file_id = '' AND stored_path IS NOT NULL ORDER BY id",
    )
    .bind(complaint_id)
    .bind(after)
    .fetch_all(c)
    .await)
}

/// The newest evidence row of a case (0 when it has none): what a filing adds comes after it.
pub async fn last_evidence_id<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<i64, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM evidence WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_one(c)
        .await)
}

/// An evidence row's stored file: `(stored_path, sealed file key, kind)`; `None` when erased.
pub async fn stored_evidence_file<'c>(
    conn: impl Into<Conn<'c>>,
    evidence_id: i64,
) -> Result<Option<(String, Option<String>, String)>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_as("SELECT stored_path, file_key, kind FROM evidence WHERE id = $1 AND stored_path IS NOT NULL")
        .bind(evidence_id)
        .fetch_optional(c)
        .await)
}

/// Each claimant's sealed name, phone and ID number and whether they were erased (then nothing is
/// left to show), in the card's order so that 👁 n is the card's n-th (names stored before sealing
/// are plain: open them with `Vault::open_stored`).
pub async fn sealed_claimants<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
) -> Result<Vec<(String, String, Option<String>, bool)>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(super::claimants::select_in_card_order!(
        "name, phone_sealed, id_sealed, erased_at IS NOT NULL"
    ))
    .bind(complaint_id)
    .fetch_all(c)
    .await)
}

/// A worker's case that is still being handled, as the relay offers it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkerOpenCase {
    pub complaint_id: i64,
    pub case_number: String,
    pub employer: String,
}

/// The cases the worker filed or joined that are not closed or withdrawn, oldest first.
pub async fn worker_open_cases<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
) -> Result<Vec<WorkerOpenCase>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT c.id AS complaint_id, c.case_number, c.employer FROM complaints c JOIN cases k ON k.complaint_id = c.id
         WHERE (c.worker_chat_id = $1
                OR c.id IN (SELECT complaint_id FROM claimants WHERE chat_id = $1 AND withdrawn_at IS NULL))
           AND k.status NOT IN ('closed', 'withdrawn')
         ORDER BY c.id",
    )
    .bind(chat_id)
    .fetch_all(c)
    .await)
}

/// How many times `actor` (`staff:<office>/tg:<user>`) was shown claimants' numbers since `since`.
pub async fn unmasks_since<'c>(conn: impl Into<Conn<'c>>, actor: &str, since: &str) -> Result<i64, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM timeline WHERE event = 'unmasked' AND actor = $1 AND at > $2")
        .bind(actor)
        .bind(since)
        .fetch_one(c)
        .await)
}

/// How many ledger workbooks `office`'s group was sent since `since`.
pub async fn exports_since<'c>(conn: impl Into<Conn<'c>>, office: &str, since: &str) -> Result<i64, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM office_exports WHERE office_id = $1 AND at > $2")
        .bind(office)
        .bind(since)
        .fetch_one(c)
        .await)
}

/// Records a workbook sent to `office`'s group (for the hourly limit).
pub async fn record_export<'c>(conn: impl Into<Conn<'c>>, office: &str, at: &str) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query("INSERT INTO office_exports (office_id, at) VALUES ($1, $2)")
        .bind(office)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
