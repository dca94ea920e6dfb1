//! How updates arrive: long polling, or webhook mode (Telegram posts them to us) when a webhook URL is
//! set, on the command line or in the deployment file's `[telegram]`.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

use crate::deployment::Telegram;

/// Webhook mode as the command line (or its environment variables) gives it. Either part may be unset
/// here and set in the deployment file: each is resolved on its own ([`WebhookOptions::resolve`]).
#[derive(Debug, Clone, Default)]
pub struct WebhookOptions {
    /// The public https URL Telegram posts updates to (`--webhook-url`).
    pub url: Option<String>,
    /// Where the webhook server listens, behind the proxy (`--webhook-listen`).
    pub listen: Option<SocketAddr>,
}

/// Webhook mode, resolved: the URL Telegram is given, and the address our server listens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookMode {
    pub url: String,
    pub listen: SocketAddr,
}

impl WebhookOptions {
    /// Behind a proxy on the same machine.
    pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8443));

    /// The URL and the listen address each on its own: the command line first, then the deployment
    /// file, then (the address) [`Self::DEFAULT_LISTEN`]. A container that sets the listen address in
    /// its environment keeps it when the URL is in the file, and the reverse. No URL: long polling.
    pub fn resolve(&self, file: &Telegram) -> Option<WebhookMode> {
        let url = self.url.clone().or_else(|| file.webhook_url.clone())?;
        let listen = self.listen.or(file.webhook_listen).unwrap_or(Self::DEFAULT_LISTEN);
        Some(WebhookMode { url, listen })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAG_URL: &str = "https://flag.example.gov.cn/telegram/updates";
    const FILE_URL: &str = "https://file.example.gov.cn/telegram/updates";

    fn at(port: u16) -> SocketAddr {
        SocketAddr::from(([0, 0, 0, 0], port))
    }

    fn file(url: Option<&str>, listen: Option<SocketAddr>) -> Telegram {
        Telegram { webhook_url: url.map(str::to_owned), webhook_listen: listen, ..Telegram::default() }
    }

    fn flags(url: Option<&str>, listen: Option<SocketAddr>) -> WebhookOptions {
        WebhookOptions { url: url.map(str::to_owned), listen }
    }

    fn mode(url: &str, listen: SocketAddr) -> Option<WebhookMode> {
        Some(WebhookMode { url: url.to_owned(), listen })
    }

    #[test]
    fn the_listen_flag_applies_to_a_url_from_the_file() {
        assert_eq!(flags(None, Some(at(8443))).resolve(&file(Some(FILE_URL), None)), mode(FILE_URL, at(8443)));
        assert_eq!(flags(None, Some(at(8443))).resolve(&file(Some(FILE_URL), Some(at(9)))), mode(FILE_URL, at(8443)));
    }

    #[test]
    fn the_files_listen_address_applies_to_a_url_from_the_flag() {
        assert_eq!(flags(Some(FLAG_URL), None).resolve(&file(None, Some(at(9443)))), mode(FLAG_URL, at(9443)));
        assert_eq!(
            flags(Some(FLAG_URL), None).resolve(&file(Some(FILE_URL), Some(at(9443)))),
            mode(FLAG_URL, at(9443))
        );
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_the_default() {
        let both = file(Some(FILE_URL), Some(at(9443)));
        assert_eq!(flags(Some(FLAG_URL), Some(at(8443))).resolve(&both), mode(FLAG_URL, at(8443)));
        assert_eq!(flags(None, None).resolve(&both), mode(FILE_URL, at(9443)));
        assert_eq!(
            flags(None, None).resolve(&file(Some(FILE_URL), None)),
            mode(FILE_URL, WebhookOptions::DEFAULT_LISTEN)
        );
    }

    #[test]
    fn without_a_url_anywhere_the_bot_long_polls_whatever_the_listen_address() {
        assert_eq!(flags(None, Some(at(8443))).resolve(&file(None, Some(at(9443)))), None);
        assert_eq!(flags(None, None).resolve(&Telegram::default()), None);
    }
}
