//! The operator's commands as the real binary runs them: which database they touch, and the file
//! `check-config` takes.

use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::*;

/// `wagedesk ARGS` in the folder `cwd`, with the sample deployment and no database named: the default
/// `data/wagedesk.db` is relative to `cwd`.
fn wagedesk_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wagedesk"))
        .args(args)
        .current_dir(cwd)
        .env("WAGEDESK_CONFIG", crate::load::CONFIG)
        .env("WAGEDESK_BOT_USERNAME", "wagedesk_test_bot")
        .env_remove("WAGEDESK_DATABASE")
        .env_remove("WAGEDESK_DATABASE_URL")
        .env_remove("WAGEDESK_KEY_FILE")
        .env_remove("WAGEDESK_KEY")
        .env_remove("WAGEDESK_EVIDENCE_DIR")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the wagedesk binary runs")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn admin_commands_refuse_a_sqlite_file_that_does_not_exist_and_make_nothing() {
    if sqlite_only("a PostgreSQL database has no file to be missing") {
        return;
    }
    let dir = fresh_dir();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/projects.sample.csv");
    let missing = dir.join("data").join("wagedesk.db");
    let commands: &[&[&str]] = &[
        &["projects", "import", sample],
        &["projects", "list"],
        &["projects", "revoke-code", "xh-2026-001"],
        &["offices", "invite", "hz-qqb"],
        &["offices", "link", "hz-qqb", "-1001234567890"],
        &["offices", "unlink", "hz-qqb"],
        &["signboard", "xh-2026-001", "--out", "board.svg"],
        &["qr", "xh-2026-001"],
        &["export", "ledger", "--office", "hz-qqb", "--from", "2026-01-01", "--to", "2026-12-31", "--out", "l.xlsx"],
        &["erase", "--chat", "123456789"],
        &["keys", "status"],
        &["keys", "rotate"],
        &["backup", "--out", "backup"],
    ];
    for args in commands {
        let out = wagedesk_in(&dir, args);
        let said = said(&out);
        assert!(!out.status.success(), "wagedesk {args:?} ran on no database: {said}");
        for needed in [missing.display().to_string(), "--database".into(), "WAGEDESK_DATABASE".into()] {
            assert!(said.contains(&needed), "wagedesk {args:?} does not name {needed}: {said}");
        }
        let left: Vec<_> =
            std::fs::read_dir(&dir).expect("the folder").map(|e| e.expect("entry").file_name()).collect();
        assert!(left.is_empty(), "wagedesk {args:?} made {left:?}");
    }
}

#[test]
fn migrate_makes_the_database_and_every_command_names_the_one_it_used() {
    if sqlite_only("the default database is a SQLite file") {
        return;
    }
    let dir = fresh_dir();
    let database = dir.join("data").join("wagedesk.db");
    let made = wagedesk_in(&dir, &["migrate"]);
    assert!(made.status.success() && database.is_file(), "{}", said(&made));
    assert!(said(&made).contains(&format!("{}: made", database.display())), "{}", said(&made));
    let again = wagedesk_in(&dir, &["migrate"]);
    assert!(again.status.success() && !said(&again).contains("made"), "{}", said(&again));
    let invite = wagedesk_in(&dir, &["offices", "invite", "hz-qqb"]);
    let stderr = String::from_utf8_lossy(&invite.stderr);
    assert!(invite.status.success(), "{}", said(&invite));
    assert!(stderr.contains(&format!("database: {}", database.display())), "{stderr}");
}

#[test]
fn a_command_beside_an_older_bot_does_not_migrate_its_database_under_it() {
    if sqlite_only("the database is edited as a SQLite file") {
        return;
    }
    let dir = fresh_dir();
    let database = dir.join("data").join("wagedesk.db");
    assert!(wagedesk_in(&dir, &["migrate"]).status.success());
    // The schema of the version before: its newest migration not applied yet.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = format!("sqlite://{}", database.display());
    let newest = |sql: &'static str| {
        runtime.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            let v: i64 =
                sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&mut c).await.unwrap();
            if !sql.is_empty() {
                sqlx::query(sql).bind(v).execute(&mut c).await.unwrap();
            }
            c.close().await.unwrap();
            v
        })
    };
    let latest = newest("DELETE FROM _sqlx_migrations WHERE version = $1");
    let listed = wagedesk_in(&dir, &["projects", "list"]);
    assert!(!listed.status.success(), "{}", said(&listed));
    assert!(said(&listed).contains("wagedesk migrate"), "{}", said(&listed));
    assert!(newest("") < latest, "the schema was left as it was");
}

#[test]
fn check_config_takes_the_file_as_its_argument_as_the_sample_says() {
    let dir = fresh_dir();
    let header = std::fs::read_to_string(crate::load::CONFIG).expect("the sample deployment file");
    assert!(header.contains("`wagedesk check-config deploy/wagedesk.toml`"), "the sample's header changed");
    let positional = wagedesk_in(&dir, &["check-config", crate::load::CONFIG]);
    assert!(positional.status.success(), "{}", said(&positional));
    assert!(said(&positional).contains(&format!("{}: ok", crate::load::CONFIG)), "{}", said(&positional));
    let flag = wagedesk_in(&dir, &["check-config", "--config", crate::load::CONFIG]);
    assert!(flag.status.success(), "{}", said(&flag));
    let both = wagedesk_in(&dir, &["check-config", crate::load::CONFIG, "--config", crate::load::CONFIG]);
    assert!(!both.status.success(), "{}", said(&both));
    // The argument wins over WAGEDESK_CONFIG, which a container sets.
    let missing = dir.join("no-such.toml");
    let over_env = wagedesk_in(&dir, &["check-config", missing.to_str().unwrap()]);
    assert!(!over_env.status.success() && said(&over_env).contains("no-such.toml"), "{}", said(&over_env));
}

#[test]
fn a_wait_no_clock_can_count_is_refused_with_its_flag_not_a_panic() {
    let dir = fresh_dir();
    let out = wagedesk_in(&dir, &["keys", "rotate", "--wait-secs", "18446744073709551615"]);
    let said = said(&out);
    assert_eq!(out.status.code(), Some(2), "a usage error: {said}");
    assert!(said.contains("--wait-secs") && !said.contains("panicked"), "{said}");
    assert!(!dir.join("data").exists(), "nothing made");
}

/// `wagedesk export ledger` on the data of a harness that has stopped (its database, key and the
/// sample deployment), in `cwd`.
fn export_in(h: &wagedesk::demo::harness::Harness, cwd: &Path, out: &str, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    command
        .args(["export", "ledger", "--office", "hz-xihu-ldjc", "--from", "2026-12-01", "--to", "2026-12-31"])
        .args(["--out", out])
        .args(extra)
        .current_dir(cwd)
        .env("WAGEDESK_CONFIG", crate::load::CONFIG)
        .env("WAGEDESK_KEY_FILE", &h.settings.key_file)
        .env_remove("WAGEDESK_KEY")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env("RUST_LOG", "warn");
    with_store(&mut command, &h.database_path());
    command.output().expect("the wagedesk binary runs")
}

async fn unmasked_entries(h: &wagedesk::demo::harness::Harness) -> i64 {
    let db = store_of(&h.database_path()).await;
    let n = on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM timeline WHERE event = 'unmasked_in_export'")
        .fetch_one(c)
        .await)
    .expect("count");
    db.close().await;
    n
}

/// Files in `dir` whose name starts with `ledger` (a folder of that name is not one).
fn ledger_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ledger"))
        .collect();
    names.sort();
    names
}

/// An unmasked export either ends with its record in every case's timeline or leaves nothing: here
/// the employers sheet cannot be written (a folder has its name) after the cases sheet, with the
/// workers' names and numbers in full, was. A finished export's files are the operator's only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_unmasked_export_leaves_no_file_and_a_finished_ones_files_are_private() {
    let h = start().await;
    file_complaint_zh(&h, &mut h.worker("李建国")).await.expect("filed");
    h.settle().await.expect("settled");
    let dir = fresh_dir();
    std::fs::create_dir_all(dir.join("ledger-employers.csv")).expect("a folder in the way");

    let failed = export_in(&h, &dir, "ledger.csv", &["--csv", "--unmask"]);
    assert!(!failed.status.success(), "{}", said(&failed));
    assert_eq!(ledger_files(&dir), Vec::<String>::new(), "a failed export leaves nothing: {}", said(&failed));
    assert_eq!(unmasked_entries(&h).await, 0, "nothing was exported, so nothing is recorded");

    std::fs::remove_dir(dir.join("ledger-employers.csv")).expect("the folder out of the way");
    for (out, extra) in [("ledger.csv", &["--csv", "--unmask"][..]), ("ledger.xlsx", &["--unmask"][..])] {
        let done = export_in(&h, &dir, out, extra);
        assert!(done.status.success(), "{}", said(&done));
    }
    let made = ledger_files(&dir);
    assert_eq!(
        made,
        ["ledger-employers.csv", "ledger-government.csv", "ledger-overdue.csv", "ledger.csv", "ledger.xlsx"]
    );
    for name in &made {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(name)).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
    assert!(std::fs::read_to_string(dir.join("ledger.csv")).expect("read").contains(PHONE), "unmasked");
    assert_eq!(unmasked_entries(&h).await, 2, "each export recorded on the case");
    finish(h).await;
}
