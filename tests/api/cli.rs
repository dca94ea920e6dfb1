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
