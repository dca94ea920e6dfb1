//! Keys, on the real `wagedesk run` binary: a restart without its key file (or with a wrong or readable
//! one) stops with the reason and makes nothing; `wagedesk keys rotate` while workers file complaints
//! leaves every sealed value readable with the new key and none with the old, and the bot keeps working.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::helpers::{column_names, table_names, text_columns, with_store};
use tokio::task::JoinSet;
use wagedesk::crypto::{Keyring, Vault, sealed_in_json};
use wagedesk::standin::{FakeUser, StandIn, StandInOptions};
use wagedesk::storage::sealed::{SEALED, Shape};

use crate::load::*;

/// Every file under `dir` with its size (the bots' logs aside), to see that nothing was made or changed.
fn listing(dir: &Path) -> BTreeMap<PathBuf, u64> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, u64>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.insert(path.clone(), 0);
                walk(&path, out);
            } else if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("bot-")) {
                out.insert(path.clone(), entry.metadata().map_or(0, |m| m.len()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

/// Runs `wagedesk run` on `dir`, which must stop by itself: its exit code and what it wrote to stderr.
async fn run_refused(standin: &StandIn, dir: &Path) -> (std::process::ExitStatus, String) {
    refused(run_command(standin, dir).stderr(Stdio::piped()).spawn().expect("the wagedesk binary starts")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_without_the_key_file_stops_with_the_reason_and_makes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = data_dir();
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let (db, _group) = prepare(&standin, &dir).await;
    let user = standin.new_user(&name(0), None, Some("zh-hans"));
    let mut bot = spawn_bot(&standin, &dir, &FAST_LIMITS);
    walk(&standin, &db, &user, &intake(0), 10..20, Arc::default()).await.expect("a complaint is filed");
    drained(&db, Duration::from_secs(30)).await.expect("everything sent");
    polling(&standin).await;
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
    db.close().await;

    let key = dir.join("wagedesk.key");
    let original = std::fs::read(&key).expect("the first start made a key");
    std::fs::remove_file(&key).expect("key removed");
    let before = listing(&dir);
    let (status, stderr) = run_refused(&standin, &dir).await;
    println!("without the key file: {status}; {}", stderr.trim());
    assert!(!status.success());
    for needed in [key.display().to_string().as_str(), "WAGEDESK_KEY", "restore the key file"] {
        assert!(stderr.contains(needed), "the error names {needed:?}: {stderr}");
    }
    assert_eq!(listing(&dir), before, "nothing was made: no key, no database files, no folders");

    // A wrong key is refused and left as it is; so is the right key readable by others.
    std::fs::write(&key, hex::encode([7u8; 32])).expect("written");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (status, stderr) = run_refused(&standin, &dir).await;
    assert!(!status.success() && stderr.contains("wrong key"), "{status}: {stderr}");
    assert_eq!(std::fs::read(&key).expect("kept"), hex::encode([7u8; 32]).as_bytes());
    std::fs::write(&key, &original).expect("restored");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (status, stderr) = run_refused(&standin, &dir).await;
    assert!(!status.success() && stderr.contains("chmod 600"), "{status}: {stderr}");
    let mut after = listing(&dir);
    assert_eq!(after.remove(&key), Some(original.len() as u64), "the key file is left as it was");
    assert_eq!(after, before, "refusals change nothing else either");
    standin.shutdown().await;
}

/// The intake of `intake(i)` with a photo as evidence (its file key is sealed too).
fn with_photo(i: usize) -> Vec<wagedesk::script::Act> {
    crate::load::worker_intake(i).steps()
}

/// Every sealed value of every registered column: `(column, value)`.
async fn sealed_values(db: &wagedesk::storage::Db) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in SEALED {
        let sql = format!("SELECT {} FROM {} WHERE {0} IS NOT NULL", c.column, c.table);
        let values: Vec<String> =
            on_db!(db, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(c).await).expect("query");
        for v in values {
            match c.shape {
                Shape::Text => out.push((c.name(), v)),
                // A dialogue is sealed whole (its sealed numbers inside are re-sealed with it).
                Shape::Json if wagedesk::crypto::is_sealed(&v) => out.push((c.name(), v)),
                Shape::Json => out.extend(sealed_in_json(&v).into_iter().map(|s| (c.name(), s))),
            }
        }
    }
    out
}

/// Columns holding values shaped like sealed ones (or JSON with such strings) that the registry lacks:
/// a sealed column left out would never be rotated.
async fn unregistered_sealed_columns(db: &wagedesk::storage::Db) -> Vec<String> {
    let tables = table_names(db).await;
    let postgres = db.dialect() == wagedesk::storage::conn::Dialect::Postgres;
    let mut out = Vec::new();
    for table in tables {
        // SQLite stores a text in any column (typeof tells); PostgreSQL only in its text columns.
        let columns = if postgres { text_columns(db, &table).await } else { column_names(db, &table).await };
        let is_text =
            |column: &str| if postgres { "TRUE".to_owned() } else { format!("typeof(\"{column}\") = 'text'") };
        for column in columns {
            let sql = format!(
                "SELECT COUNT(*) FROM \"{table}\" WHERE {} AND (\"{column}\" LIKE 'v1.%' OR \
                 \"{column}\" LIKE 'v2.%' OR \"{column}\" LIKE '%\"v1.%' OR \"{column}\" LIKE '%\"v2.%')",
                is_text(&column)
            );
            let n: i64 =
                on_db!(db, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(c).await).expect("count");
            if n > 0 && !SEALED.iter().any(|c| c.table == table && c.column == column) {
                out.push(format!("{table}.{column} ({n} rows)"));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_registered_sealed_column_exists() {
    let db = wagedesk::storage::open(&data_dir().join("wagedesk.db")).await.expect("database");
    for c in SEALED {
        let hash = c.hash.map_or("NULL", |h| h.column);
        let sql = format!("SELECT {}, {}, {hash} FROM {} LIMIT 0", c.key, c.column, c.table);
        let checked = on_db!(db, c => sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(c).await.map(|rows| rows.len()));
        assert!(checked.is_ok(), "{}: {checked:?}", c.name());
    }
}

fn keyring(path: &Path) -> Keyring {
    Keyring::parse(&std::fs::read_to_string(path).expect("key file")).expect("a keyring")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_rotate_under_load_reseals_every_value_and_the_bot_keeps_working() {
    const WORKERS: usize = 12;
    let started = Instant::now();
    let dir = data_dir();
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let (db, _group) = prepare(&standin, &dir).await;
    let users: Vec<FakeUser> = (0..WORKERS).map(|i| standin.new_user(&name(i), None, Some("zh-hans"))).collect();
    let mut bot = spawn_bot(&standin, &dir, &FAST_LIMITS);
    polling(&standin).await;
    let key_file = dir.join("wagedesk.key");
    let old = Vault::from_keyring(keyring(&key_file));

    // Half the workers file with a photo quickly; the other half are slower and hold their sealed phone
    // number in their draft when the rotation starts, and file while it runs.
    let mut walks = JoinSet::new();
    for (i, user) in users.iter().enumerate() {
        let (standin, db, user) = (standin.clone(), db.clone(), user.clone());
        let (steps, think) = if i % 2 == 0 { (with_photo(i), 10..40) } else { (intake(i), 300..700) };
        walks.spawn(async move { walk(&standin, &db, &user, &steps, think, Arc::default()).await });
    }
    let drafts_sealed = async || -> i64 {
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM dialogues WHERE state LIKE 'v2.%'").fetch_one(c).await)
            .unwrap()
    };
    let waiting = Instant::now();
    while drafts_sealed().await < (WORKERS / 2) as i64 && waiting.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let before = sealed_values(&db).await;
    let values_before = before.len();
    let mut columns_before: BTreeMap<String, usize> = BTreeMap::new();
    for (column, _) in &before {
        *columns_before.entry(column.clone()).or_default() += 1;
    }
    assert!(columns_before.contains_key("dialogues.state"), "drafts hold sealed values when the rotation starts");
    assert_eq!(
        unregistered_sealed_columns(&db).await,
        Vec::<String>::new(),
        "sealed columns missing from the registry"
    );
    let handled = async || -> i64 {
        on_db!(db, c =>
            sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL").fetch_one(c).await)
        .unwrap()
    };
    let handled_before = handled().await;
    let rotating = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    command
        .args(["keys", "rotate", "--batch", "5"])
        .env("WAGEDESK_KEY_FILE", &key_file)
        .env_remove("WAGEDESK_KEY")
        .env("RUST_LOG", "warn");
    with_store(&mut command, &dir.join("wagedesk.db"));
    let rotate = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("wagedesk keys rotate runs");
    let rotation = rotating.elapsed();
    let handled_during = handled().await - handled_before;
    let said = String::from_utf8_lossy(&rotate.stdout);
    assert!(rotate.status.success(), "keys rotate failed: {said}{}", String::from_utf8_lossy(&rotate.stderr));
    while let Some(walked) = walks.join_next().await {
        walked.expect("a worker task panicked").expect("a worker could not go on during the rotation");
    }
    drained(&db, Duration::from_secs(30)).await.expect("everything sent");
    let stopping = stop(&mut bot, "-TERM", Duration::from_secs(10)).await;

    let new = Vault::from_keyring(keyring(&key_file));
    assert_eq!(new.keyring().keys().len(), 1, "the old key left the file");
    assert_ne!(new.current_kid(), old.current_kid());
    let values = sealed_values(&db).await;
    assert!(handled_during > 0, "the rotation ran while the bot was busy");
    assert_eq!(
        unregistered_sealed_columns(&db).await,
        Vec::<String>::new(),
        "sealed columns missing from the registry"
    );
    let mut status = Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    status.args(["keys", "status"]).env("WAGEDESK_KEY_FILE", &key_file).env_remove("WAGEDESK_KEY");
    with_store(&mut status, &dir.join("wagedesk.db"));
    let status = status.output().expect("wagedesk keys status runs");
    let status = String::from_utf8_lossy(&status.stdout).into_owned();
    assert!(status.contains(&format!("current key {}", new.current_kid())), "{status}");
    assert!(!status.contains(&old.current_kid()), "no value or bot left with the old key: {status}");
    let mut per_column: BTreeMap<String, usize> = BTreeMap::new();
    for (column, value) in &values {
        assert!(new.open(value).is_ok(), "{column}: a value the new key does not open");
        assert!(old.open(value).is_err(), "{column}: a value the old key still opens");
        *per_column.entry(column.clone()).or_default() += 1;
    }
    // Look-up hashes are the new key's, so a worker filing again is still recognised.
    let phones: Vec<(String, String)> =
        on_db!(db, c => sqlx::query_as("SELECT phone_sealed, phone_hash FROM claimants").fetch_all(c).await)
            .expect("claimants");
    for (sealed, hash) in &phones {
        assert_eq!(hash, &new.lookup_hash("phone", &new.open(sealed).expect("opens")));
    }
    // Evidence files open with their keys, now sealed by the new key.
    let files: Vec<(String, String, String)> =
        on_db!(db, c => sqlx::query_as("SELECT stored_path, file_key, sha256 FROM evidence").fetch_all(c).await)
            .expect("evidence");
    assert_eq!(files.len(), WORKERS / 2, "one photo per even worker");
    for (path, sealed_key, sha) in &files {
        let key = wagedesk::crypto::stream::FileKey::from_hex(&new.open(sealed_key).expect("opens")).expect("key");
        let plain = wagedesk::evidence::file::read_all(Path::new(path), Some(&key)).await.expect("decrypts");
        assert_eq!(&hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&plain)), sha);
    }
    let audit = Audit::take(&standin, &db, key_file.parent().expect("the data directory")).await.expect("audit");
    println!(
        "keys rotate under load: {WORKERS} workers; rotation took {:.1} s ({} sealed values before it {columns_before:?}, \
         {handled_during} updates handled meanwhile); after: {} values, none opening with the old key, by column {per_column:?}; {} \
         complaints; SIGTERM exit in {:.2} s; whole test {:.1} s\n{said}",
        rotation.as_secs_f64(),
        values_before,
        values.len(),
        audit.complaints,
        stopping.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    assert!(per_column.contains_key("claimants.phone_sealed") && per_column.contains_key("evidence.file_key"));
    audit.check(WORKERS);
    check_complaints(&db, &users).await;
    check_no_apologies(&standin, &users);
    assert!(standin.violations().is_empty(), "{:?}", standin.violations());
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotation_that_stopped_half_way_goes_on_with_its_new_key() {
    use wagedesk::crypto::MasterKey;
    use wagedesk::keys::rotate::{RotateOptions, rotate};
    let h = crate::helpers::start().await;
    crate::helpers::file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    let db = h.ctx.db.clone();
    let key_file = h.settings.key_file.clone();
    let standin = h.stop().await.unwrap();
    // As `keys rotate` leaves the file when it stops after its first step: the new key first.
    let old = keyring(&key_file);
    let stopped = Keyring::new(MasterKey::random(), old.keys().iter().cloned());
    wagedesk::keys::source::write_keyring(&key_file, &stopped).unwrap();
    let options = RotateOptions { wait: Duration::from_secs(5), grace: Duration::ZERO, ..RotateOptions::default() };
    let mut said = Vec::new();
    let rotated = rotate(&db, &key_file, &options, &mut |line| said.push(line)).await.unwrap();
    assert!(said[0].contains("going on with the rotation"), "{said:?}");
    assert_eq!(rotated.new_kid, stopped.current().kid());
    assert_eq!(keyring(&key_file).kids(), [stopped.current().kid()]);
    let (new, old) = (Vault::from_keyring(keyring(&key_file)), Vault::from_keyring(old));
    let values = sealed_values(&db).await;
    assert!(values.len() >= 3, "the phone, the ID number and the photo's key: {values:?}");
    for (column, value) in &values {
        assert!(new.open(value).is_ok() && old.open(value).is_err(), "{column}");
    }
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retired_keys_are_kept_and_come_back_when_a_value_under_one_reappears_after_a_rotation_stopped() {
    use wagedesk::keys::rotate::{RotateOptions, retired_file, rotate};
    let h = crate::helpers::start().await;
    crate::helpers::file_complaint_zh(&h, &mut h.worker("李建国")).await.unwrap();
    let db = h.ctx.db.clone();
    let key_file = h.settings.key_file.clone();
    let standin = h.stop().await.unwrap();
    let old = keyring(&key_file);
    let options = RotateOptions { wait: Duration::from_secs(5), grace: Duration::ZERO, ..RotateOptions::default() };
    rotate(&db, &key_file, &options, &mut |_| {}).await.unwrap();
    let retired = keyring(&retired_file(&key_file));
    assert_eq!(retired.kids(), old.kids(), "the retired key is kept for the backups made before");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(retired_file(&key_file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // Stopped after the old key left the file, a value under it came back (a handler wrote back
    // what it had read before the last pass): the keyring alone no longer opens the database.
    let under_old = Vault::from_keyring(old.clone()).seal("13800138000");
    on_db!(db, c => sqlx::query("UPDATE claimants SET phone_sealed = $1").bind(&under_old).execute(c).await.map(|_| ()))
        .unwrap();
    let mut said = Vec::new();
    rotate(&db, &key_file, &options, &mut |line| said.push(line)).await.expect("goes on from the retired keys");
    assert!(said.iter().any(|l| l.contains("retired keys put back")), "{said:?}");
    let now = Vault::from_keyring(keyring(&key_file));
    for (column, value) in sealed_values(&db).await {
        assert!(now.open(&value).is_ok(), "{column} opens with the keyring left");
    }
    assert!(keyring(&retired_file(&key_file)).kids().contains(&old.current().kid().to_owned()));
    standin.shutdown().await;
}
