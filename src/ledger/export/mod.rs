//! Exporting an office's ledger to Excel (or CSV): the cases, employers, government-invested projects
//! and overdue sheets. Case rows are streamed from the database (`storage::ledger::cases`) into a
//! constant-memory workbook, so a big export holds one row at a time. Personal data is masked unless
//! the operator unmasks, which is written to each exported case's timeline.

mod cells;
mod csv_sink;
mod rows;
mod sheets;
mod xlsx;

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;

pub use cells::{Cell, mask_name, neutralize};
pub use sheets::Sheet;

use super::{Figures, GroupBy, Period, Role, reports_dir};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::{self, Lang};
use crate::storage::conn::Conn;
use crate::storage::ledger::{self as store, groups};
use crate::storage::{self, complaints};
use rows::Render;

/// Where sheets go: a workbook, or one CSV file per sheet.
pub(crate) trait Sink {
    fn begin(&mut self, name: &str, headers: &[(String, f64)]) -> anyhow::Result<()>;
    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()>;
    /// Ends the last sheet; a workbook is written out here.
    fn finish(&mut self) -> anyhow::Result<()>;
    /// Every file made so far, one left half-written too: what a failed export removes.
    fn files(&self) -> &[PathBuf];
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub office: OfficeId,
    pub period: Period,
    /// The workbook; with `csv`, the cases sheet's file (the other sheets get a suffix).
    pub out: PathBuf,
    pub csv: bool,
    /// Write names, phone and ID numbers in full; each exported case's timeline records it.
    pub unmask: bool,
    /// Who ran the export, for the timeline (the operator's login name, or a staff id).
    pub operator: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub files: Vec<PathBuf>,
    /// Rows in the cases sheet (owned and co-handled).
    pub cases: usize,
    /// Cases whose timeline records the unmasked export.
    pub unmasked: usize,
}

/// The `/export` workbook of an office group: masked, in the reports directory.
pub async fn export_for_office(
    ctx: &Ctx,
    office: &OfficeId,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<PathBuf> {
    let dir = reports_dir(ctx);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    crate::private_files::restrict_dir(&dir).with_context(|| format!("restricting {}", dir.display()))?;
    let stamp = ctx.clock.now().format("%Y%m%d%H%M%S");
    let out = dir.join(format!("ledger-{}-{from}-{to}-{stamp}.xlsx", office.as_str()));
    let options = ExportOptions {
        office: office.clone(),
        period: Period { from, to },
        out,
        csv: false,
        unmask: false,
        operator: String::new(),
    };
    let summary = export_ledger(ctx, &options).await?;
    Ok(summary.files.into_iter().next().unwrap_or(options.out))
}

/// Writes the ledger of `o.office` for `o.period`.
pub async fn export_ledger(ctx: &Ctx, o: &ExportOptions) -> anyhow::Result<ExportSummary> {
    if let Some(dir) = o.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut sink: Box<dyn Sink + Send> = if o.csv {
        Box::new(csv_sink::CsvSink::create(&o.out, Sheet::ALL.iter().map(|s| s.csv_suffix()).collect()))
    } else {
        Box::new(xlsx::XlsxSink::create(&o.out)?)
    };
    // Each file is made 0600 (`private_files::create_file`), and an export that fails removes every file
    // it made: an unmasked export either ends recorded in the timeline ([`log_unmasked`]) or leaves nothing.
    let written = async {
        let mut conn = ctx.db.acquire().await?;
        let exported = write_sheets(ctx, o, sink.as_mut(), &mut conn.conn()).await?;
        drop(conn);
        sink.finish()?;
        anyhow::Ok(exported)
    }
    .await;
    let files = sink.files().to_vec();
    let exported = match written {
        Ok(exported) => exported,
        Err(e) => {
            drop(sink);
            remove_all(&files);
            return Err(e);
        }
    };
    let (cases, office) = (exported.len(), o.office.as_str());
    let unmasked = if o.unmask { log_unmasked(ctx, o, &exported, &files).await? } else { 0 };
    tracing::info!(office, cases, unmasked, files = ?files, "ledger exported");
    Ok(ExportSummary { files, cases, unmasked })
}

/// The four sheets, from one connection; the ids of the cases exported.
async fn write_sheets(
    ctx: &Ctx,
    o: &ExportOptions,
    sink: &mut (dyn Sink + Send),
    conn: &mut Conn<'_>,
) -> anyhow::Result<Vec<i64>> {
    let today = ctx.clock.today();
    let render = Render::new(&ctx.deployment, &ctx.vault, o.unmask, today);
    let office = o.office.as_str();
    let mut exported: Vec<i64> = Vec::new();

    begin(sink, Sheet::Cases)?;
    for role in [Role::Owner, Role::CoHandler] {
        store::cases(&mut *conn, office, role, o.period, |row| {
            sink.row(&render.case_cells(&row, role))?;
            exported.push(row.complaint_id);
            anyhow::Ok(())
        })
        .await?;
    }

    begin(sink, Sheet::Employers)?;
    for g in groups(&mut *conn, office, Role::Owner, GroupBy::Employer, o.period, today).await? {
        let mut cells = vec![Cell::text(&g.key)];
        cells.extend(amounts(&g.figures));
        sink.row(&cells)?;
    }

    begin(sink, Sheet::Government)?;
    for g in groups(&mut *conn, office, Role::Owner, GroupBy::GovernmentProject, o.period, today).await? {
        let p = g.project.unwrap_or_default();
        let county = ctx.deployment.county(&p.county_code).map_or(p.county_code.clone(), |c| c.name_zh.clone());
        let mut cells = vec![
            Cell::text(&g.key),
            Cell::text(&p.name),
            Cell::Text(county),
            Cell::text(&p.builder),
            Cell::text(&p.general_contractor),
        ];
        cells.extend(amounts(&g.figures));
        sink.row(&cells)?;
    }

    begin(sink, Sheet::Overdue)?;
    store::overdue_cases(&mut *conn, office, o.period, today, |row| sink.row(&render.overdue_cells(&row))).await?;

    Ok(exported)
}

fn begin(sink: &mut dyn Sink, sheet: Sheet) -> anyhow::Result<()> {
    let headers: Vec<(String, f64)> = sheet.columns().iter().map(|(id, w)| (i18n::tr(Lang::ZhHans, id), *w)).collect();
    sink.begin(&i18n::tr(Lang::ZhHans, sheet.name_id()), &headers)
}

/// Cases, workers, claimed, verified, paid, open, overdue.
fn amounts(f: &Figures) -> [Cell; 7] {
    [
        Cell::Int(f.cases),
        Cell::Int(f.workers),
        Cell::Yuan(f.claimed_fen),
        Cell::Yuan(f.verified_fen),
        Cell::Yuan(f.paid_fen),
        Cell::Int(f.open),
        Cell::Int(f.overdue),
    ]
}

/// One timeline entry per exported case (docs/personal-data.md: unmasking is logged), in one transaction; if it
/// cannot be written the files are removed, so unmasked data never leaves unlogged.
async fn log_unmasked(ctx: &Ctx, o: &ExportOptions, ids: &[i64], files: &[PathBuf]) -> anyhow::Result<usize> {
    let result = async {
        let actor = if o.operator.is_empty() { "operator".to_owned() } else { format!("operator:{}", o.operator) };
        let file = files.first().and_then(|f| f.file_name()).map(|f| f.to_string_lossy().into_owned());
        let args = serde_json::json!({ "file": file }).to_string();
        let now = stamp(ctx.clock.now());
        let mut tx = storage::begin_write(&ctx.db).await?;
        for id in ids {
            complaints::append_timeline(
                &mut tx,
                *id,
                &now,
                &actor,
                "unmasked_in_export",
                "ledger-timeline-unmasked-export",
                &args,
            )
            .await?;
        }
        tx.commit().await?;
        anyhow::Ok(ids.len())
    }
    .await;
    if result.is_err() {
        remove_all(files);
    }
    result
}

/// Removes the files of an export that failed or could not be recorded.
fn remove_all(files: &[PathBuf]) {
    for path in files {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::error!(path = %path.display(), error = %e, "could not remove a failed export's file"),
        }
    }
}
