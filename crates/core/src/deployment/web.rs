//! `[web]`: the web channel, served by the same binary behind the operator's HTTPS proxy. Off unless
//! both `public_url` and `listen` are set; signboard QR codes then lead to `<public_url>/s/<code>`.
//! The Open311 read API (`open311 = true`) is served by the web channel, so it needs the channel on.

use serde::Deserialize;
use toml::Spanned;

use super::evidence::{MB, size_value};
use super::issues::{Collector, ConfigProblem};

/// The web channel as the operator set it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Web {
    /// The https address workers reach through the proxy, without a trailing `/`.
    pub public_url: String,
    /// Where the web server listens behind the proxy.
    pub listen: std::net::SocketAddr,
    /// The largest evidence file one upload may carry. Default 10 MB.
    pub max_upload_bytes: u64,
    /// Files one worker may upload on one complaint (the `[evidence]` quota applies too). Default 10.
    pub max_uploads: u32,
    /// Serve the Open311 GeoReport v2 read API under `/open311/v2` (the caseload without personal
    /// data, for city dashboards). Default off.
    pub open311: bool,
}

impl Web {
    pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 10 * MB;
    pub const DEFAULT_MAX_UPLOADS: u32 = 10;

    /// The landing page a signboard's code leads to.
    pub fn signboard_url(&self, code: &str) -> String {
        format!("{}/s/{code}", self.public_url)
    }

    /// The landing page of a crew's join code: the same `/s/` path, with the crew's deep-link
    /// payload, so one link serves the web and (as `/start <payload>`) names the same crew.
    pub fn crew_url(&self, code: &str) -> String {
        self.signboard_url(&crate::crew::payload(code))
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWeb {
    public_url: Option<Spanned<String>>,
    listen: Option<Spanned<String>>,
    /// An integer (bytes) or a string with a unit ("10 MB").
    max_upload_bytes: Option<Spanned<toml::Value>>,
    max_uploads: Option<Spanned<i64>>,
    open311: Option<Spanned<bool>>,
}

pub(super) fn web(raw: &RawWeb, out: &mut Collector<'_>) -> Option<Web> {
    let public_url = raw.public_url.as_ref().and_then(|v| {
        let url = v.get_ref().trim().trim_end_matches('/');
        let host = url.strip_prefix("https://").unwrap_or_default();
        if !host.is_empty() && !host.contains(char::is_whitespace) && !host.contains(['?', '#']) {
            Some(url.to_owned())
        } else {
            out.error(Some(v.span()), "web.public_url", ConfigProblem::BadPublicUrl(v.get_ref().clone()));
            None
        }
    });
    let listen = raw.listen.as_ref().and_then(|v| match v.get_ref().trim().parse() {
        Ok(at) => Some(at),
        Err(_) => {
            out.error(Some(v.span()), "web.listen", ConfigProblem::BadListenAddress(v.get_ref().clone()));
            None
        }
    });
    let max_upload_bytes = match &raw.max_upload_bytes {
        Some(v) => {
            let parsed = size_value(v.get_ref());
            match parsed {
                Some(n) if n > 0 => n,
                _ => {
                    out.error(Some(v.span()), "web.max_upload_bytes", ConfigProblem::NotASize(v.get_ref().to_string()));
                    Web::DEFAULT_MAX_UPLOAD_BYTES
                }
            }
        }
        None => Web::DEFAULT_MAX_UPLOAD_BYTES,
    };
    let max_uploads = match &raw.max_uploads {
        Some(n) => match u32::try_from(*n.get_ref()) {
            Ok(n) if n > 0 => n,
            _ => {
                out.error(Some(n.span()), "web.max_uploads", ConfigProblem::NotPositive(n.get_ref().to_string()));
                Web::DEFAULT_MAX_UPLOADS
            }
        },
        None => Web::DEFAULT_MAX_UPLOADS,
    };
    let open311 = raw.open311.as_ref().is_some_and(|v| *v.get_ref());
    if let Some(v) = raw.open311.as_ref().filter(|v| *v.get_ref())
        && raw.public_url.is_none()
        && raw.listen.is_none()
    {
        // Served by the web channel: on its own it would silently serve nothing.
        out.error(Some(v.span()), "web.open311", ConfigProblem::Open311WithoutWeb);
    }
    match (public_url, listen, &raw.public_url, &raw.listen) {
        (Some(public_url), Some(listen), _, _) => {
            Some(Web { public_url, listen, max_upload_bytes, max_uploads, open311 })
        }
        // One without the other: the operator meant to turn the channel on.
        (None, _, None, Some(v)) | (_, None, Some(v), None) => {
            out.error(Some(v.span()), "web", ConfigProblem::WebHalfSet);
            None
        }
        _ => None,
    }
}
