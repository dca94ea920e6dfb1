//! Backup and restore on the real binary: `wagedesk backup` while 50 workers file complaints through
//! `wagedesk run`, `backup --verify`, a flipped byte caught (by --verify and by `restore`, which then
//! restores nothing), `wagedesk restore` into a fresh data directory, and the restored bot serving
//! every case of the backup: each worker's /status and the office's /ledger. The key is in no file of
//! the backup.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use wagedesk::standin::{FakeUser, MemberStatus, StandIn, StandInOptions};

use crate::load::*;

/// Runs `wagedesk ARGS` on the data directory `dir` (its database, evidence folder and key file).
async fn wagedesk(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    command
        .args(args)
        .env("WAGEDESK_DATABASE", dir.join("wagedesk.db"))
        .env("WAGEDESK_EVIDENCE_DIR", dir.join("evidence"))
        .env("WAGEDESK_KEY_FILE", dir.join("wagedesk.key"))
        .env("WAGEDESK_CONFIG", CONFIG)
        .env_remove("WAGEDESK_KEY")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env("RUST_LOG", "warn");
    tokio::task::spawn_blocking(move || command.output()).await.expect("joined").expect("wagedesk runs")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

async fn complaints(db: &wagedesk::storage::Db) -> i64 {
    on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM complaints").fetch_one(c).await).expect("count")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("made");
    for entry in std::fs::read_dir(from).expect("listed").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            out.extend(files_in(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_load_restores_into_a_fresh_dir_and_the_restored_bot_serves_every_case() {
    if crate::helpers::sqlite_only("backs up and restores the SQLite file (a PostgreSQL deployment uses pg_dump)") {
        return;
    }
    const WORKERS: usize = 50;
    let started = Instant::now();
    let dir = data_dir();
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let (db, group) = prepare(&standin, &dir).await;
    let clerk = standin.new_user("王科员", None, Some("zh-hans"));
    standin.set_member(&group, &clerk, MemberStatus::Administrator);
    let users: Vec<FakeUser> = (0..WORKERS).map(|i| standin.new_user(&name(i), None, Some("zh-hans"))).collect();
    let mut bot = spawn_bot(&standin, &dir, &FAST_LIMITS);
    polling(&standin).await;
    // Every other worker sends a photo, so the backup holds evidence files.
    let mut walks = JoinSet::new();
    for (i, user) in users.iter().enumerate() {
        let (standin, db, user) = (standin.clone(), db.clone(), user.clone());
        let steps = if i % 2 == 0 { worker_intake(i).steps() } else { intake(i) };
        walks.spawn(async move { walk(&standin, &db, &user, &steps, 10..60, Arc::default()).await });
    }
    // Taken once a quarter have filed, some of them with their photo.
    let waiting = Instant::now();
    let filed_photos = async || -> i64 {
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM evidence").fetch_one(c).await).expect("count")
    };
    while (complaints(&db).await < (WORKERS / 4) as i64 || filed_photos().await < 3)
        && waiting.elapsed() < Duration::from_secs(180)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let backup = data_dir().join("backup");
    let before = complaints(&db).await;
    let took = Instant::now();
    let out = wagedesk(&dir, &["backup", "--out", backup.to_str().expect("utf-8")]).await;
    let backup_secs = took.elapsed().as_secs_f64();
    let after = complaints(&db).await;
    assert!(out.status.success(), "backup failed: {}", said(&out));
    assert!(said(&out).contains("REMINDER: the key is not in the backup"), "{}", said(&out));
    assert!(before < WORKERS as i64, "the backup ran while workers were still filing");
    while let Some(walked) = walks.join_next().await {
        walked.expect("a worker task panicked").expect("a worker could not go on during the backup");
    }
    drained(&db, Duration::from_secs(30)).await.expect("everything sent");
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
    assert_eq!(complaints(&db).await, WORKERS as i64);

    // The backup: whole, consistent, and without the key.
    let verified = wagedesk(&dir, &["backup", "--verify", backup.to_str().expect("utf-8")]).await;
    assert!(verified.status.success(), "{}", said(&verified));
    let copy = wagedesk::storage::backup::open_copy(&backup.join("wagedesk.db")).await.expect("opens");
    let copy = wagedesk::storage::Db::Sqlite(copy);
    let in_backup = complaints(&copy).await;
    let backup_cases: Vec<String> = sqlx::query_scalar("SELECT case_number FROM complaints")
        .fetch_all(copy.sqlite().unwrap())
        .await
        .expect("cases");
    copy.close().await;
    assert!(before <= in_backup && in_backup <= after && in_backup > 0, "{before} ≤ {in_backup} ≤ {after}");
    let key_text = std::fs::read_to_string(dir.join("wagedesk.key")).expect("key file");
    let key_hex: Vec<String> = key_text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(!key_hex.is_empty());
    let backup_files = files_in(&backup);
    let evidence_files = backup_files.iter().filter(|p| p.parent().is_some_and(|d| d.ends_with("evidence"))).count();
    assert!(evidence_files > 0, "photos filed before the backup are in it");
    for file in &backup_files {
        let bytes = std::fs::read(file).expect("read");
        for hex_key in &key_hex {
            let raw = hex::decode(hex_key).expect("hex");
            let found = bytes.windows(hex_key.len()).any(|w| w == hex_key.as_bytes())
                || bytes.windows(raw.len()).any(|w| w == raw.as_slice());
            assert!(!found, "the key is in {}", file.display());
        }
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }

    // A flipped byte in a copy: --verify names the file, restore refuses and makes nothing.
    let flipped = data_dir().join("flipped");
    copy_tree(&backup, &flipped);
    let victim = files_in(&flipped.join("evidence")).into_iter().next().expect("an evidence file");
    let mut bytes = std::fs::read(&victim).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x10;
    std::fs::write(&victim, bytes).expect("written");
    let victim_name = format!("evidence/{}", victim.file_name().expect("a name").to_string_lossy());
    let caught = wagedesk(&dir, &["backup", "--verify", flipped.to_str().expect("utf-8")]).await;
    assert!(!caught.status.success(), "a flipped byte passed --verify");
    assert!(said(&caught).contains(&victim_name) && said(&caught).contains("SHA-256"), "{}", said(&caught));
    let refused_dir = data_dir();
    let refused = wagedesk(&refused_dir, &["restore", flipped.to_str().expect("utf-8")]).await;
    assert!(!refused.status.success() && said(&refused).contains(&victim_name), "{}", said(&refused));
    assert!(files_in(&refused_dir).is_empty(), "a refused restore made {:?}", files_in(&refused_dir));

    // A stray file with no restore behind it is data: refused, and left alone.
    let stray_dir = data_dir();
    let one = files_in(&backup.join("evidence")).into_iter().next().expect("an evidence file");
    let stray = stray_dir.join("evidence").join(one.file_name().expect("a name"));
    std::fs::create_dir_all(stray.parent().expect("a folder")).expect("made");
    std::fs::copy(&one, &stray).expect("copied");
    let refused = wagedesk(&stray_dir, &["restore", backup.to_str().expect("utf-8")]).await;
    assert!(!refused.status.success() && said(&refused).contains("not empty"), "{}", said(&refused));
    assert!(stray.exists());

    // Restored into a fresh directory where a restore was killed half-way (its marker, an evidence
    // file and half a database left): cleared first, said so; then the operator puts the key back.
    let fresh = data_dir();
    let left = fresh.join("evidence").join(one.file_name().expect("a name"));
    std::fs::create_dir_all(left.parent().expect("a folder")).expect("made");
    std::fs::copy(&one, &left).expect("copied");
    std::fs::write(fresh.join("wagedesk.db.restoring"), b"SQLite format 3\0half").expect("written");
    std::fs::write(fresh.join("wagedesk.db.restore-incomplete"), b"").expect("written");
    let restored = wagedesk(&fresh, &["restore", backup.to_str().expect("utf-8")]).await;
    assert!(restored.status.success(), "{}", said(&restored));
    assert!(said(&restored).contains("an earlier restore was interrupted"), "{}", said(&restored));
    for gone in ["wagedesk.db.restoring", "wagedesk.db.restore-incomplete"] {
        assert!(!fresh.join(gone).exists(), "{gone} is removed once the database is in place");
    }
    assert!(said(&restored).contains("the key was not restored"), "{}", said(&restored));
    let again = wagedesk(&fresh, &["restore", backup.to_str().expect("utf-8")]).await;
    assert!(!again.status.success() && said(&again).contains("not empty"), "{}", said(&again));
    // A restore killed after its database was in place left its marker: the deployment is whole, and a
    // second restore (a drill with the same backup) refuses without removing one of its files.
    std::fs::write(fresh.join("wagedesk.db.restore-incomplete"), b"").expect("written");
    let evidence_before = files_in(&fresh.join("evidence"));
    let drill = wagedesk(&fresh, &["restore", backup.to_str().expect("utf-8")]).await;
    assert!(!drill.status.success() && said(&drill).contains("not empty"), "{}", said(&drill));
    assert_eq!(files_in(&fresh.join("evidence")), evidence_before, "the live evidence is untouched");
    std::fs::remove_file(fresh.join("wagedesk.db.restore-incomplete")).expect("removed");
    std::fs::write(fresh.join("wagedesk.key"), &key_text).expect("key put back");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(fresh.join("wagedesk.key"), std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let rdb = wagedesk::storage::open(&fresh.join("wagedesk.db")).await.expect("the restored database");
    let vault = wagedesk::crypto::Vault::from_keyring(wagedesk::crypto::Keyring::parse(&key_text).expect("keyring"));
    let files: Vec<(String, String, String)> =
        on_db!(rdb, c => sqlx::query_as("SELECT stored_path, file_key, sha256 FROM evidence").fetch_all(c).await)
            .expect("evidence");
    assert!(!files.is_empty());
    for (path, sealed_key, sha) in &files {
        assert!(Path::new(path).starts_with(fresh.join("evidence")), "{path} points into the restored folder");
        let key = wagedesk::crypto::stream::FileKey::from_hex(&vault.open(sealed_key).expect("opens")).expect("key");
        let plain = wagedesk::evidence::file::read_all(Path::new(path), Some(&key)).await.expect("decrypts");
        assert_eq!(&hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&plain)), sha);
    }

    // The restored bot serves every case of the backup. It first handles the updates the backup holds
    // stored but not yet handled (a submit press among them may file one more complaint): nothing is lost.
    let mut bot = spawn_bot(&standin, &fresh, &FAST_LIMITS);
    polling(&standin).await;
    let waiting = Instant::now();
    loop {
        let unhandled: i64 =
            on_db!(rdb, c => sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
            .fetch_one(c)
            .await)
            .expect("count");
        if unhandled == 0 {
            break;
        }
        assert!(waiting.elapsed() < Duration::from_secs(30), "{unhandled} stored updates left unhandled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drained(&rdb, Duration::from_secs(30)).await.expect("the restored bot sends what the backup held");
    let cases: Vec<(String, i64)> = on_db!(rdb, c =>
            sqlx::query_as("SELECT case_number, worker_chat_id FROM complaints ORDER BY id").fetch_all(c).await)
    .unwrap();
    for case in &backup_cases {
        assert!(cases.iter().any(|(c, _)| c == case), "{case} of the backup is restored");
    }
    for (case, chat) in &cases {
        let user = users.iter().find(|u| u.id == *chat).expect("a worker of the test");
        standin.send_text(user, user, "/status");
        let line = format!("编号：{case}\n状态：");
        standin
            .wait_for_message(*chat, |m| m.text.as_deref().is_some_and(|t| t.contains(&line)), Duration::from_secs(30))
            .await
            .unwrap_or_else(|e| panic!("{case}: no /status answer from the restored bot: {e:#}"));
    }
    standin.send_text(&clerk, &group, "/ledger");
    let total = format!("累计 {} 件", cases.len());
    let card = standin
        .wait_for_message(
            group.id,
            |m| m.text.as_deref().is_some_and(|t| t.contains("台账") && t.contains(&total)),
            Duration::from_secs(30),
        )
        .await
        .unwrap_or_else(|e| panic!("the office's /ledger counts every restored case ({}): {e:#}", cases.len()));
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
    assert!(standin.violations().is_empty(), "{:?}", standin.violations());
    println!(
        "backup under load: {WORKERS} workers; backup in {backup_secs:.2} s while {before}→{after} complaints were \
         filed, {in_backup} in it with {evidence_files} evidence files; --verify ok; a flipped byte in \
         {victim_name} caught by --verify and restore; the restored bot handled the updates stored in it ({} cases \
         then) and answered /status for all of them and /ledger:\n{}\nwhole test {:.1} s",
        cases.len(),
        card.text.unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );
    standin.shutdown().await;
}

/// A drill: the backup restored into a second directory, and `wagedesk erase` run there. The worker was
/// mid-intake with a photo, so only their draft (sealed whole, which a restore cannot re-point) names the
/// file, by its path in the source deployment: the erasure deletes the restored copy and never the
/// source's file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_on_a_restored_copy_deletes_its_own_evidence_and_not_the_source_deployments() {
    if crate::helpers::sqlite_only("backs up and restores the SQLite file (a PostgreSQL deployment uses pg_dump)") {
        return;
    }
    let h = crate::helpers::start().await;
    let mut worker = h.worker("李建国");
    let steps = wagedesk::script::Intake::li().steps();
    let photo =
        steps.iter().position(|a| matches!(a, wagedesk::script::Act::Photo(_))).expect("the intake sends a photo");
    crate::helpers::walk(&h, &mut worker, &steps[..=photo]).await.expect("the worker reaches their photo");
    h.settle().await.expect("settled");
    let source = h.settings.database.parent().expect("the data directory").to_path_buf();
    let chat = worker.chat_id();
    let standin = h.stop().await.expect("the bot stops");
    let held = files_in(&source.join("evidence"));
    assert_eq!(held.len(), 1, "the draft's photo is on disk: {held:?}");
    let live = &held[0];

    let backup = data_dir().join("backup");
    let out = wagedesk(&source, &["backup", "--out", backup.to_str().expect("utf-8")]).await;
    assert!(out.status.success(), "{}", said(&out));
    let drill = data_dir();
    let out = wagedesk(&drill, &["restore", backup.to_str().expect("utf-8")]).await;
    assert!(out.status.success(), "{}", said(&out));
    std::fs::copy(source.join("wagedesk.key"), drill.join("wagedesk.key")).expect("the key put back");
    let copy = drill.join("evidence").join(live.file_name().expect("a name"));
    assert!(copy.is_file(), "the photo is restored");

    let out = wagedesk(&drill, &["erase", "--chat", &chat.to_string()]).await;
    assert!(out.status.success(), "{}", said(&out));
    assert!(!copy.exists(), "the restored copy's photo is erased");
    assert!(live.is_file(), "the source deployment's photo is left where it is: {}", live.display());
    standin.shutdown().await;
}
