//! Logging to stderr, as text for a person or as one JSON object a line for a log shipper
//! (`--log-format json`, `WAGEDESK_LOG_FORMAT=json`). The JSON field names are part of the interface
//! (README, "Operations"): `timestamp`, `level`, `target`, `message`, then the event's own fields.

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, the event's fields at the top level beside the fixed ones.
    Json,
}

/// Installs the subscriber: `RUST_LOG` filters, else `default_filter`.
pub fn init(format: LogFormat, default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        // Flattened, without span lists: the code opens no spans, and a flat object is what shippers
        // index without a mapping.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(false).init(),
    }
}
