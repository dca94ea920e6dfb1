//! Staff buttons carry an opaque reference only: `s:<case>:<rev>:<action>[:<choice>]`, at most 64
//! bytes (Telegram's limit). Nothing in it is trusted: the case, its revision and the presser's
//! rights are checked against the database when it is pressed, and a button from an older card
//! (another revision) is refused as stale.

use super::authz::Action;

const PREFIX: &str = "s:";
/// Telegram's limit on `callback_data`.
pub const MAX_BYTES: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonData {
    pub complaint_id: i64,
    pub rev: i64,
    pub action: Action,
    /// An office id, an outcome or a tag, for the second step of an action.
    pub choice: Option<String>,
}

impl ButtonData {
    pub fn new(complaint_id: i64, rev: i64, action: Action, choice: Option<&str>) -> ButtonData {
        ButtonData { complaint_id, rev, action, choice: choice.map(str::to_owned) }
    }

    /// `None` when it would not fit in a button (an over-long office id in the deployment file).
    pub fn encode(&self) -> Option<String> {
        let mut s = format!("{PREFIX}{}:{}:{}", self.complaint_id, self.rev, self.action.code());
        if let Some(choice) = &self.choice {
            s.push(':');
            s.push_str(choice);
        }
        if s.len() <= MAX_BYTES {
            Some(s)
        } else {
            tracing::warn!(button = %s, "button data over 64 bytes left out");
            None
        }
    }

    pub fn is_staff(data: &str) -> bool {
        data.starts_with(PREFIX)
    }

    /// `None` for anything malformed (a forged or truncated button).
    pub fn decode(data: &str) -> Option<ButtonData> {
        let rest = data.strip_prefix(PREFIX)?;
        let mut parts = rest.splitn(4, ':');
        let complaint_id = parts.next()?.parse().ok().filter(|n: &i64| *n > 0)?;
        let rev = parts.next()?.parse().ok().filter(|n: &i64| *n >= 0)?;
        let action = Action::from_code(parts.next()?)?;
        let choice = parts.next().map(str::to_owned);
        if choice.as_deref().is_some_and(|c| c.is_empty() || c.len() > 40) {
            return None;
        }
        Some(ButtonData { complaint_id, rev, action, choice })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_fits() {
        let b = ButtonData::new(123_456_789, 42, Action::Transfer, Some("hz-binjiang-ldjc"));
        let data = b.encode().expect("fits");
        assert!(data.len() <= MAX_BYTES);
        assert_eq!(ButtonData::decode(&data), Some(b));
        let plain = ButtonData::new(1, 0, Action::Accept, None);
        assert_eq!(ButtonData::decode(&plain.encode().expect("fits")), Some(plain));
    }

    #[test]
    fn forged_data_is_rejected() {
        for data in
            ["", "s:", "s:x:1:accept", "s:1:1:launch", "s:-1:0:accept", "s:1:-3:accept", "s:1:0:accept:", "1:lang:zh"]
        {
            assert_eq!(ButtonData::decode(data), None, "{data}");
        }
        let too_long = format!("s:1:1:transfer:{}", "x".repeat(60));
        assert_eq!(ButtonData::decode(&too_long), None);
        assert_eq!(ButtonData::new(1, 1, Action::Transfer, Some(&"x".repeat(60))).encode(), None);
    }
}
