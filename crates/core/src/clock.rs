//! Time is injected so tests move it instead of sleeping; deadlines are counted in local time
//! (Asia/Shanghai), storage in UTC.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;

#[derive(Clone, Debug)]
pub struct Clock {
    /// `None` is the system clock; `Some` a manual clock tests advance.
    manual: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock { manual: Some(Arc::new(Mutex::new(start))) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            None => Utc::now(),
            Some(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Today's date where the workers and offices are.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now())
    }

    /// Moves a manual clock forward; a no-op on the system clock.
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.manual {
            let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
            *t += by;
        }
    }
}

/// The date at `t` where the workers and offices are.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Shanghai).date_naive()
}

/// RFC 3339 text as stored in the database.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
