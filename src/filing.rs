//! Turning a finished draft into a stored complaint with a case number: the one place where intake
//! ends and the case begins (routing to an office plugs in here).

use sqlx::SqliteConnection;

use crate::clock::stamp;
use crate::context::Ctx;
use crate::domain::case_number::CaseNumber;
use crate::i18n::Lang;
use crate::intake::draft::Draft;
use crate::storage::complaints::{self, NewComplaint};

/// County code used in case numbers when the worker could not place the worksite.
pub const UNKNOWN_COUNTY: &str = "000000";

#[derive(Debug, Clone)]
pub struct Filed {
    pub complaint_id: i64,
    pub case_number: CaseNumber,
}

#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    #[error("the draft is missing {0}")]
    Incomplete(&'static str),
}

/// Stores the complaint, its filer, evidence and first timeline entry on the caller's transaction.
pub async fn file_complaint(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    draft: &Draft,
) -> anyhow::Result<Filed> {
    if !draft.is_complete() {
        return Err(FilingError::Incomplete("answers").into());
    }
    let (Some(site), Some(sector), Some(employer_kind), Some(employer), Some(claim_kind), Some(litigation)) = (
        draft.site.as_ref(),
        draft.sector,
        draft.employer_kind,
        draft.employer.as_ref(),
        draft.claim_kind,
        draft.litigation,
    ) else {
        return Err(FilingError::Incomplete("worksite or employer").into());
    };
    let (Some(amount_fen), Some(period), Some(workers), Some(name), Some(phone), Some(description), Some(consent_at)) = (
        draft.amount_fen,
        draft.period.as_ref(),
        draft.workers,
        draft.name.as_ref(),
        draft.phone.as_ref(),
        draft.description.as_ref(),
        draft.consent_at.as_ref(),
    ) else {
        return Err(FilingError::Incomplete("claim").into());
    };
    let now = ctx.clock.now();
    let today = ctx.clock.today();
    let county = draft.county_code.clone().unwrap_or_else(|| UNKNOWN_COUNTY.to_owned());
    let seq = complaints::next_sequence(conn, &county, &today.to_string()).await?;
    let case_number = CaseNumber::new(&county, today, seq)?;
    let mut flags = Vec::new();
    if claim_kind != crate::intake::draft::ClaimKind::Wages {
        flags.push("contract_dispute");
    }
    if litigation != crate::intake::draft::Litigation::None {
        flags.push("in_litigation");
    }
    if draft.period_old_acknowledged || period.is_older_than_two_years(today) {
        flags.push("over_two_years");
    }
    if draft.urgent {
        flags.push("urgent");
    }
    let complaint = NewComplaint {
        case_number: case_number.to_string(),
        lang: lang.code(),
        worker_chat_id: chat_id,
        project_code: draft.project_code.clone(),
        county_code: county,
        township_code: draft.township_code.clone(),
        site: site.clone(),
        sector: sector.code(),
        employer_kind: employer_kind.code(),
        employer: employer.clone(),
        claim_kind: claim_kind.code(),
        litigation: litigation.code(),
        amount_fen,
        amount_approx: draft.amount_approx,
        period_start: year_month(period.start()),
        period_end: year_month(period.end()),
        workers,
        workers_approx: draft.workers_approx,
        description: description.clone(),
        flags: serde_json::to_string(&flags)?,
        submitted_at: stamp(now),
        submitted_on: today.to_string(),
        filer_name: name.clone(),
        phone: phone.clone(),
        id_number: draft.id_number.clone(),
        consent_at: consent_at.clone(),
    };
    let complaint_id = complaints::insert(conn, &complaint, &draft.evidence).await?;
    complaints::append_timeline(conn, complaint_id, &stamp(now), "worker", "submitted", "timeline-submitted", "{}")
        .await?;
    tracing::info!(case = %case_number, "complaint filed");
    Ok(Filed { complaint_id, case_number })
}

/// `YYYY-MM`, the form stored and sorted in the database.
fn year_month(ym: crate::domain::period::YearMonth) -> String {
    format!("{:04}-{:02}", ym.year(), ym.month())
}
