//! Where `wagedesk run` finds the bot token. A file is preferred to the environment (which child
//! processes inherit and `/proc/PID/environ` shows): the first of
//!
//! 1. `WAGEDESK_BOT_TOKEN_FILE=path` (a mounted secret, e.g. `/run/secrets/bot-token` in a container);
//! 2. `$CREDENTIALS_DIRECTORY/bot-token`, where systemd puts `LoadCredential=bot-token:…`;
//! 3. `TELOXIDE_TOKEN`.
//!
//! Errors name the file or the variable, never the token.

use std::path::Path;

use anyhow::{Context, bail};

/// The systemd credential the unit loads the token as.
pub const CREDENTIAL: &str = "bot-token";
pub const FILE_VAR: &str = "WAGEDESK_BOT_TOKEN_FILE";
pub const ENV_VAR: &str = "TELOXIDE_TOKEN";

/// The token, from the process environment.
pub fn bot_token() -> anyhow::Result<String> {
    token_from(|name| std::env::var_os(name))
}

/// The token, with the environment read through `var`.
fn token_from(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> anyhow::Result<String> {
    if let Some(path) = var(FILE_VAR) {
        return read(Path::new(&path))
            .with_context(|| format!("{FILE_VAR} names a file the bot token cannot be read from"));
    }
    if let Some(dir) = var("CREDENTIALS_DIRECTORY") {
        let path = Path::new(&dir).join(CREDENTIAL);
        if path.exists() {
            return read(&path).context("the systemd credential bot-token cannot be read");
        }
    }
    match var(ENV_VAR) {
        Some(token) => {
            let token = token.into_string().map_err(|_| anyhow::anyhow!("{ENV_VAR} is not UTF-8"))?;
            let token = token.trim();
            if token.is_empty() {
                bail!("{ENV_VAR} is empty");
            }
            Ok(token.to_owned())
        }
        None => bail!(
            "no bot token: set {FILE_VAR} to a file holding it, load it as the systemd credential \
             {CREDENTIAL} (LoadCredential={CREDENTIAL}:/etc/wagedesk/bot-token), or set {ENV_VAR}"
        ),
    }
}

/// The token a file holds, without the line break an editor leaves.
fn read(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let token = text.trim();
    if token.is_empty() || token.lines().count() != 1 {
        bail!("{} must hold the bot token on one line", path.display());
    }
    Ok(token.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::ffi::OsString;
    use std::path::PathBuf;

    use super::*;

    const TOKEN: &str = "123456:AAFileToken_abc-DEF";

    fn dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wagedesk-token-{}-{}", std::process::id(), rand::random::<u64>()));
        std::fs::create_dir_all(&dir).expect("a test directory");
        dir
    }

    fn env(pairs: &[(&str, &Path)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let map: HashMap<String, OsString> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), v.as_os_str().to_owned())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn a_token_file_wins_then_the_systemd_credential_then_the_environment() {
        let d = dir();
        let file = d.join("secret");
        std::fs::write(&file, format!("{TOKEN}\n")).expect("a test file");
        let creds = d.join("creds");
        std::fs::create_dir_all(&creds).expect("a test directory");
        std::fs::write(creds.join(CREDENTIAL), "999:FromCredential").expect("a test file");
        let from_env = Path::new("777:FromEnv");

        let all = env(&[(FILE_VAR, &file), ("CREDENTIALS_DIRECTORY", &creds), (ENV_VAR, from_env)]);
        assert_eq!(token_from(all).expect("a token"), TOKEN, "the line break is not part of it");
        let systemd = env(&[("CREDENTIALS_DIRECTORY", &creds), (ENV_VAR, from_env)]);
        assert_eq!(token_from(systemd).expect("a token"), "999:FromCredential");
        // A credentials directory without the token (only the key loaded) falls through.
        let other = d.join("other");
        std::fs::create_dir_all(&other).expect("a test directory");
        let only_env = env(&[("CREDENTIALS_DIRECTORY", &other), (ENV_VAR, from_env)]);
        assert_eq!(token_from(only_env).expect("a token"), "777:FromEnv");
        std::fs::remove_dir_all(&d).expect("cleaning up");
    }

    #[test]
    fn a_missing_or_empty_token_is_an_error_naming_where_it_was_looked_for_never_the_token() {
        let d = dir();
        let missing = d.join("nope");
        let e = format!("{:#}", token_from(env(&[(FILE_VAR, &missing)])).expect_err("refused"));
        assert!(e.contains(FILE_VAR) && e.contains("nope"), "{e}");
        let two_lines = d.join("two");
        std::fs::write(&two_lines, format!("{TOKEN}\nsomething else\n")).expect("a test file");
        let e = format!("{:#}", token_from(env(&[(FILE_VAR, &two_lines)])).expect_err("refused"));
        assert!(e.contains("one line") && !e.contains(TOKEN), "{e}");
        let e = format!("{:#}", token_from(env(&[])).expect_err("refused"));
        assert!(e.contains(FILE_VAR) && e.contains(CREDENTIAL) && e.contains(ENV_VAR), "{e}");
        assert!(token_from(env(&[(ENV_VAR, Path::new("  "))])).is_err());
        std::fs::remove_dir_all(&d).expect("cleaning up");
    }
}
