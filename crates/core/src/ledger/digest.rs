//! The supervisors' digest, as rules: which digests are due when and over which period, what it
//! reports per office a supervisor oversees (the period's new, accepted and finished cases, today's
//! open and overdue ones), the open key cases (重点监控) and the last 30 days' trend.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use super::Period;
use crate::deployment::{Deployment, DigestSettings, Office, OfficeId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Daily,
    Weekly,
    Monthly,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Daily => "daily",
            Kind::Weekly => "weekly",
            Kind::Monthly => "monthly",
        }
    }
}

/// The digests due at local time `now`, with the period each covers: none before the configured
/// time; then yesterday, the seven days before on the weekly day, the month before on the monthly day.
pub fn due(settings: &DigestSettings, now: NaiveDateTime) -> Vec<(Kind, Period)> {
    let today = now.date();
    let Some(yesterday) = today.pred_opt() else { return Vec::new() };
    if now.time() < settings.daily_at {
        return Vec::new();
    }
    let mut out = vec![(Kind::Daily, Period { from: yesterday, to: yesterday })];
    if today.weekday() == settings.weekly_on {
        let from = today.checked_sub_days(Days::new(7)).unwrap_or(yesterday);
        out.push((Kind::Weekly, Period { from, to: yesterday }));
    }
    if today.day() == settings.monthly_on {
        let last = today.with_day(1).and_then(|first| first.pred_opt()).unwrap_or(yesterday);
        out.push((Kind::Monthly, Period { from: last.with_day(1).unwrap_or(last), to: last }));
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeLine {
    pub office: OfficeId,
    pub new: i64,
    pub accepted: i64,
    pub finished: i64,
    pub open: i64,
    pub overdue: i64,
    /// The workers of the open cases, claimant by claimant (a crew counts each member).
    pub open_workers: i64,
    /// What the open cases' claimants are owed, less what they confirmed arrived.
    pub open_owed_fen: i64,
}

impl OfficeLine {
    pub fn is_quiet(&self) -> bool {
        self.new + self.accepted + self.finished + self.open == 0
    }
}

/// An open case at or over the campaign's key-case thresholds, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub case_number: String,
    pub claimed_fen: i64,
    pub workers: i64,
    pub status: String,
    /// The running clock's due date, if any.
    pub clock_due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCase {
    pub case_number: String,
    pub office: OfficeId,
    pub claimed_fen: i64,
    pub workers: i64,
    pub status: String,
    pub overdue_days: u32,
}

impl KeyCase {
    /// `case` of `office` as the digest lists it: with the working days it is past its clock's due date.
    pub fn of(d: &Deployment, office: &OfficeId, case: OpenCase, today: NaiveDate) -> KeyCase {
        let overdue_days =
            case.clock_due.filter(|due| *due < today).map_or(0, |due| d.calendar.working_days_between(due, today));
        KeyCase {
            case_number: case.case_number,
            office: office.clone(),
            claimed_fen: case.claimed_fen,
            workers: case.workers,
            status: case.status,
            overdue_days,
        }
    }
}

/// Biggest claim first, then by case number.
pub fn sort_key_cases(cases: &mut [KeyCase]) {
    cases.sort_by(|a, b| b.claimed_fen.cmp(&a.claimed_fen).then_with(|| a.case_number.cmp(&b.case_number)));
}

/// Day by day over the last 30 days up to the period's end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trend {
    pub days: Vec<NaiveDate>,
    pub new: Vec<i64>,
    pub finished: Vec<i64>,
    /// Open at the end of each day, from today's records (a reopened case counts as never finished).
    pub open: Vec<i64>,
}

pub const TREND_DAYS: u64 = 30;

impl Trend {
    /// The trend's first day for a period.
    pub fn start(period: Period) -> NaiveDate {
        period.to.checked_sub_days(Days::new(TREND_DAYS - 1)).unwrap_or(period.to)
    }

    /// An empty trend over the days from [`Trend::start`] to the period's end.
    pub fn over(period: Period) -> Trend {
        let days: Vec<NaiveDate> = Trend::start(period).iter_days().take_while(|day| *day <= period.to).collect();
        Trend { new: vec![0; days.len()], finished: vec![0; days.len()], days, open: Vec::new() }
    }

    /// Adds daily counts (days outside the trend are left out) to the new cases.
    pub fn add_new(&mut self, counts: &[(NaiveDate, i64)]) {
        add_daily(&self.days, counts, &mut self.new);
    }

    /// Adds daily counts (days outside the trend are left out) to the finished cases.
    pub fn add_finished(&mut self, counts: &[(NaiveDate, i64)]) {
        add_daily(&self.days, counts, &mut self.finished);
    }

    /// Fills the open line from the cases open before the first day.
    pub fn close(&mut self, open_before: i64) {
        let mut open = open_before;
        self.open.clear();
        for (new, finished) in self.new.iter().zip(&self.finished) {
            open += new - finished;
            self.open.push(open);
        }
    }
}

fn add_daily(days: &[NaiveDate], counts: &[(NaiveDate, i64)], into: &mut [i64]) {
    for (day, n) in counts {
        if let Ok(i) = days.binary_search(day) {
            into[i] += n;
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DigestData {
    pub kind: Kind,
    pub period: Period,
    pub today: NaiveDate,
    pub offices: Vec<OfficeLine>,
    pub key_cases: Vec<KeyCase>,
    pub trend: Trend,
    /// Emergencies and key cases nobody has acknowledged yet, oldest first.
    pub waiting_alerts: Vec<WaitingAlert>,
    /// Orders to pay on open cases whose deadline has passed or comes within [`ORDER_SOON_DAYS`].
    pub due_orders: Vec<DueOrder>,
}

/// How far ahead the digest looks for orders to pay falling due.
pub const ORDER_SOON_DAYS: u64 = 3;

/// An alert waiting for a person (`case::acknowledge`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingAlert {
    pub case_number: String,
    pub office: OfficeId,
    /// When it was raised (RFC 3339, as stored).
    pub raised_at: String,
    /// How many times it was repeated.
    pub repeats: u32,
}

/// An order to pay (责令限期支付) falling due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueOrder {
    pub case_number: String,
    pub office: OfficeId,
    pub amount_fen: i64,
    pub due: NaiveDate,
}

/// The offices whose cases escalate to `supervisor`, directly or through another office.
pub fn supervised<'d>(d: &'d Deployment, supervisor: &OfficeId) -> Vec<&'d Office> {
    let reaches = |office: &Office| {
        let mut current = office.id.clone();
        for _ in 0..d.offices.len() {
            match d.escalation_office(&current) {
                Some(up) if up.id == *supervisor => return true,
                Some(up) => current = up.id.clone(),
                None => return false,
            }
        }
        false
    };
    d.offices.iter().filter(|o| o.id != *supervisor && reaches(o)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_supervisor_digest_holds_only_the_offices_below_it() {
        use crate::deployment::testing::{id, sample, two_cities};
        let ids = |d: &Deployment, s: &str| -> Vec<String> {
            supervised(d, &id(s)).iter().map(|o| o.id.as_str().to_string()).collect()
        };
        let hz = ids(&sample(), "hz-qqb");
        assert!(!hz.contains(&"zj-qqb".to_string()), "{hz:?}");
        assert!(hz.contains(&"hz-xihu-ldjc".to_string()) && hz.contains(&"hz-xihu-zhuantang".to_string()), "{hz:?}");
        let d = two_cities(false);
        let hz = ids(&d, "hz-qqb");
        assert!(hz.iter().all(|o| !o.starts_with("nb-") && o != "zj-qqb"), "{hz:?}");
        let zj = ids(&d, "zj-qqb");
        assert!(["hz-qqb", "nb-qqb", "nb-ldjc", "hz-xihu-ldjc"].iter().all(|o| zj.contains(&o.to_string())), "{zj:?}");
        assert_eq!(ids(&two_cities(true), "nb-qqb"), ["nb-ldjc"]);
    }

    fn at(date: &str, time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").expect("a test time")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn nothing_is_due_before_the_configured_time_then_yesterday() {
        let s = DigestSettings::default();
        assert!(due(&s, at("2026-12-02", "08:29")).is_empty());
        let period = Period { from: day("2026-12-01"), to: day("2026-12-01") };
        assert_eq!(due(&s, at("2026-12-02", "08:30")), [(Kind::Daily, period)]);
    }

    #[test]
    fn monday_adds_the_week_before_and_the_first_adds_the_month_before() {
        let s = DigestSettings::default();
        // Monday 1 March 2027: daily, weekly (22–28 Feb) and monthly (February).
        let due = due(&s, at("2027-03-01", "09:00"));
        let kinds: Vec<_> = due.iter().map(|(k, p)| (*k, p.from, p.to)).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Daily, day("2027-02-28"), day("2027-02-28")),
                (Kind::Weekly, day("2027-02-22"), day("2027-02-28")),
                (Kind::Monthly, day("2027-02-01"), day("2027-02-28")),
            ]
        );
    }

    #[test]
    fn the_trend_covers_thirty_days_and_runs_the_open_count_from_before_it() {
        let period = Period { from: day("2027-02-28"), to: day("2027-02-28") };
        let mut trend = Trend::over(period);
        assert_eq!((trend.days.len(), trend.days[0]), (30, day("2027-01-30")));
        trend.add_new(&[(day("2027-01-30"), 3), (day("2027-01-29"), 50), (day("2027-02-28"), 1)]);
        trend.add_new(&[(day("2027-01-30"), 1)]);
        trend.add_finished(&[(day("2027-01-31"), 2)]);
        trend.close(10);
        assert_eq!((trend.new[0], trend.new[29], trend.finished[1]), (4, 1, 2));
        assert_eq!((trend.open[0], trend.open[1], trend.open[28], trend.open[29]), (14, 12, 12, 13));
    }
}
