//! Immediate alerts raised by a submitted complaint: a key case (campaign thresholds), an
//! emergency (the class lexicons of `emergency.rs`, or the worker's "urgent" button), retaliation
//! against a complainant (监察条例 Art. 30) and an absconded employer. They reach the supervisor at
//! once; an emergency also gives the worker the hotlines straight away.

use serde::{Deserialize, Serialize};

use super::emergency::{EmergencyClass, detect_emergency};
use super::message::{Arg, Message, Notification, Recipient};
use crate::deployment::{Campaign, Deployment, OfficeId};

/// What intake learnt that matters for alerts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComplaintFacts {
    /// Sum of all claimants' amounts.
    pub total_owed_fen: i64,
    pub workers: u32,
    /// The worker's own words.
    pub description: String,
    pub marked_urgent: bool,
    pub retaliation: bool,
    pub employer_absconded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "alert", rename_all = "snake_case")]
pub enum ImmediateAlert {
    KeyCase {
        total_owed_fen: i64,
        workers: u32,
        by_amount: bool,
        by_workers: bool,
    },
    /// An emergency in the worker's words, or the worker's "urgent" button.
    Emergency {
        /// The worker's words that announced it (normalized); empty when only the button was pressed.
        keywords: Vec<String>,
        /// The classes those words announce, in `EmergencyClass::ALL` order; empty when only the
        /// button was pressed, and in alerts stored before classes existed.
        #[serde(default)]
        classes: Vec<EmergencyClass>,
        marked_urgent: bool,
    },
    Retaliation,
    AbscondedEmployer,
}

/// Workers type with spaces and mixed case ("跳 楼", "Tiao Lou"); compare without either.
fn normalize(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The words of `list` that occur in the (normalized) text, each once.
fn found(text: &str, list: &[String]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in list {
        let needle = normalize(word);
        if !needle.is_empty() && text.contains(&needle) && !words.contains(word) {
            words.push(word.clone());
        }
    }
    words
}

pub fn detect_alerts(facts: &ComplaintFacts, campaign: &Campaign) -> Vec<ImmediateAlert> {
    let mut alerts = Vec::new();
    let by_amount = facts.total_owed_fen >= campaign.key_case_amount_fen;
    let by_workers = facts.workers >= campaign.key_case_workers;
    if by_amount || by_workers {
        alerts.push(ImmediateAlert::KeyCase {
            total_owed_fen: facts.total_owed_fen,
            workers: facts.workers,
            by_amount,
            by_workers,
        });
    }
    let emergency = detect_emergency(&facts.description, &campaign.emergency);
    if !emergency.words.is_empty() || facts.marked_urgent {
        alerts.push(ImmediateAlert::Emergency {
            keywords: emergency.words,
            classes: emergency.classes,
            marked_urgent: facts.marked_urgent,
        });
    }
    let text = normalize(&facts.description);
    if facts.retaliation || !found(&text, &campaign.retaliation_keywords).is_empty() {
        alerts.push(ImmediateAlert::Retaliation);
    }
    if facts.employer_absconded || !found(&text, &campaign.absconded_keywords).is_empty() {
        alerts.push(ImmediateAlert::AbscondedEmployer);
    }
    alerts
}

impl ImmediateAlert {
    pub fn message_id(&self) -> &'static str {
        match self {
            ImmediateAlert::KeyCase { .. } => "alert-key-case",
            ImmediateAlert::Emergency { classes, .. } if !classes.is_empty() => "alert-emergency-classes",
            ImmediateAlert::Emergency { keywords, .. } if keywords.is_empty() => "alert-emergency-urgent",
            // Stored before classes existed.
            ImmediateAlert::Emergency { .. } => "alert-emergency-keywords",
            ImmediateAlert::Retaliation => "alert-retaliation",
            ImmediateAlert::AbscondedEmployer => "alert-absconded-employer",
        }
    }

    pub fn message(&self, owner: &OfficeId) -> Message {
        let m = Message::new(self.message_id()).office("office", owner);
        match self {
            ImmediateAlert::KeyCase { total_owed_fen, workers, .. } => {
                m.arg("amount", Arg::Fen(*total_owed_fen)).arg("workers", Arg::Count(u64::from(*workers)))
            }
            ImmediateAlert::Emergency { keywords, classes, .. } if !classes.is_empty() => {
                let names = classes.iter().map(|c| c.message_id().to_owned()).collect();
                m.text("keywords", &keywords.join("、")).arg("classes", Arg::Messages(names))
            }
            ImmediateAlert::Emergency { keywords, .. } => m.text("keywords", &keywords.join("、")),
            ImmediateAlert::Retaliation | ImmediateAlert::AbscondedEmployer => m,
        }
    }
}

/// The notifications for a new case's alerts: supervisor and owner; the worker gets the
/// hotlines once if any alert is an emergency, and is told the alert was reported only when the
/// owner or its supervisor has a linked group to receive it (`linked`); otherwise that it is recorded
/// and no office can see it yet, so they call now.
pub fn alert_notifications(
    alerts: &[ImmediateAlert],
    owner: &OfficeId,
    d: &Deployment,
    linked: impl Fn(&OfficeId) -> bool,
) -> Vec<Notification> {
    let mut out = Vec::new();
    for alert in alerts {
        if let Some(sup) = d.escalation_office(owner) {
            out.push(Notification::new(Recipient::Supervisor(sup.id.clone()), alert.message(owner)));
        }
        out.push(Notification::new(Recipient::Office(owner.clone()), alert.message(owner)));
    }
    if alerts.iter().any(|a| matches!(a, ImmediateAlert::Emergency { .. })) {
        let h = &d.hotlines;
        let reached = linked(owner) || d.escalation_office(owner).is_some_and(|s| linked(&s.id));
        let id = if reached { "alert-emergency-worker-hotlines" } else { "alert-emergency-worker-hotlines-unreported" };
        let m = Message::new(id)
            .text("labour", &h.labour_inspection)
            .text("legal_aid", &h.legal_aid)
            .text("government", &h.government_service)
            .text("police", &h.police);
        out.push(Notification::new(Recipient::Worker, m));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::testing::{id, sample};

    fn facts(yuan: i64, workers: u32, description: &str) -> ComplaintFacts {
        ComplaintFacts { total_owed_fen: yuan * 100, workers, description: description.into(), ..Default::default() }
    }

    #[test]
    fn key_cases_are_flagged_at_the_campaign_thresholds() {
        let c = Campaign::default();
        let table = [
            (999_999, 29, None),
            (1_000_000, 1, Some((true, false))),
            (5_000, 30, Some((true, false)).map(|_| (false, true))),
            (2_000_000, 45, Some((true, true))),
        ];
        for (yuan, workers, expected) in table {
            let found = detect_alerts(&facts(yuan, workers, ""), &c).into_iter().find_map(|a| match a {
                ImmediateAlert::KeyCase { by_amount, by_workers, .. } => Some((by_amount, by_workers)),
                _ => None,
            });
            assert_eq!(found, expected, "{yuan} yuan, {workers} workers");
        }
    }

    #[test]
    fn an_emergency_carries_its_classes_and_the_words_found_even_with_spaces_between_characters() {
        use EmergencyClass::*;
        let c = Campaign::default();
        let table: [(&str, &[EmergencyClass], &[&str]); 5] = [
            ("老板不给钱，我们明天去堵路", &[BlockingRoads], &["堵路"]),
            ("他说再不给就要 跳 楼", &[SelfHarm], &["跳楼"]),
            ("有个工友爬塔吊了", &[ClimbingHeights], &["爬塔吊"]),
            ("工头拉横幅，好多人围堵项目部", &[Gathering], &["拉横幅", "围堵项目部"]),
            ("欠了三个月工资", &[], &[]),
        ];
        for (text, classes, words) in table {
            let found = detect_alerts(&facts(1000, 1, text), &c).into_iter().find_map(|a| match a {
                ImmediateAlert::Emergency { keywords, classes, .. } => Some((classes, keywords)),
                _ => None,
            });
            let expected = (!words.is_empty())
                .then(|| (classes.to_vec(), words.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn an_emergency_stored_before_classes_existed_still_reads_and_renders() {
        let old = r#"{"alert":"emergency","keywords":["堵路"],"marked_urgent":false}"#;
        let alert: ImmediateAlert = serde_json::from_str(old).expect("an old row deserializes");
        assert_eq!(
            alert,
            ImmediateAlert::Emergency { keywords: vec!["堵路".into()], classes: vec![], marked_urgent: false }
        );
        assert_eq!(alert.message_id(), "alert-emergency-keywords");
        let new = ImmediateAlert::Emergency {
            keywords: vec!["跳楼".into()],
            classes: vec![EmergencyClass::SelfHarm],
            marked_urgent: true,
        };
        let json = serde_json::to_string(&new).expect("serializes");
        assert!(json.contains(r#""classes":["self_harm"]"#), "{json}");
        assert_eq!(serde_json::from_str::<ImmediateAlert>(&json).expect("round trip"), new);
    }

    #[test]
    fn the_office_reads_the_classes_of_an_emergency_in_its_language() {
        use crate::i18n::Lang;
        use crate::render::render;
        let d = sample();
        let owner = id("hz-xihu-ldjc");
        let alert = detect_alerts(&facts(1000, 1, "他爬上了塔吊，说不给钱就跳下来"), &d.campaign).remove(0);
        assert_eq!(alert.message_id(), "alert-emergency-classes");
        let m = alert.message(&owner);
        let zh = render(&d, Lang::ZhHans, &m.id, &m.args);
        assert!(zh.contains("自伤自杀、爬高") && zh.contains("爬上了塔吊、跳下来"), "{zh}");
        let en = render(&d, Lang::En, &m.id, &m.args);
        assert!(en.contains("self-harm, climbing a height"), "{en}");
    }

    #[test]
    fn the_acknowledgement_deadline_is_the_strictest_of_the_alerts_classes() {
        use EmergencyClass::*;
        let mut c = Campaign { emergency_alert_minutes: 12, ..Campaign::default() };
        c.emergency.gathering.minutes = 15;
        let emergency = |classes: &[EmergencyClass], keywords: &[&str], marked_urgent| ImmediateAlert::Emergency {
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            classes: classes.to_vec(),
            marked_urgent,
        };
        let key_case = ImmediateAlert::KeyCase { total_owed_fen: 1, workers: 40, by_amount: false, by_workers: true };
        let table = [
            (emergency(&[SelfHarm, Gathering], &["跳楼", "上访"], false), Some(5)),
            (emergency(&[Gathering], &["上访"], false), Some(15)),
            (emergency(&[Gathering], &["上访"], true), Some(12)),
            (emergency(&[], &[], true), Some(12)),
            (emergency(&[], &["堵路"], false), Some(12)),
            (key_case, Some(12)),
            (ImmediateAlert::Retaliation, Some(12)),
            (ImmediateAlert::AbscondedEmployer, None),
        ];
        for (alert, minutes) in table {
            assert_eq!(c.ack_minutes(&alert), minutes, "{alert:?}");
        }
    }

    #[test]
    fn the_urgent_button_retaliation_and_an_absconded_employer_each_raise_an_alert() {
        let f =
            ComplaintFacts { marked_urgent: true, retaliation: true, employer_absconded: true, ..facts(100, 1, "") };
        let ids: Vec<_> = detect_alerts(&f, &Campaign::default()).iter().map(ImmediateAlert::message_id).collect();
        assert_eq!(ids, ["alert-emergency-urgent", "alert-retaliation", "alert-absconded-employer"]);
    }

    #[test]
    fn retaliation_and_an_absconded_employer_are_recognised_in_the_workers_words() {
        let ids = |words: &str| -> Vec<&'static str> {
            detect_alerts(&facts(100, 1, words), &Campaign::default()).iter().map(ImmediateAlert::message_id).collect()
        };
        assert_eq!(ids("我投诉以后老板说要 报复 我，还把我开除了"), ["alert-retaliation"]);
        assert_eq!(ids("老板跑路了，电话也打不通"), ["alert-absconded-employer"]);
        assert!(ids("老板一直拖着不给钱，现在电话也不接").is_empty());
    }

    #[test]
    fn an_emergency_reaches_the_supervisor_and_gives_the_worker_the_hotlines_once() {
        let d = sample();
        let owner = id("hz-gongshu-ldjc");
        let alerts =
            detect_alerts(&ComplaintFacts { marked_urgent: true, ..facts(2_000_000, 40, "要去堵路") }, &d.campaign);
        let notes = alert_notifications(&alerts, &owner, &d, |o| *o == id("hz-qqb"));
        let to_supervisor = notes.iter().filter(|n| n.to == Recipient::Supervisor(id("hz-qqb"))).count();
        assert_eq!(to_supervisor, 2, "key case and emergency");
        let worker: Vec<_> = notes.iter().filter(|n| n.to == Recipient::Worker).collect();
        assert_eq!(worker.len(), 1);
        assert_eq!(worker[0].message_id, "alert-emergency-worker-hotlines");
        assert_eq!(worker[0].args.get("labour"), Some(&Arg::Text("12333".into())));
    }

    #[test]
    fn with_no_office_linked_the_worker_is_not_told_the_alert_was_reported() {
        let d = sample();
        let owner = id("hz-gongshu-ldjc");
        let alerts = detect_alerts(&ComplaintFacts { marked_urgent: true, ..facts(20_000, 1, "") }, &d.campaign);
        let worker = |linked: &dyn Fn(&OfficeId) -> bool| -> Vec<String> {
            alert_notifications(&alerts, &owner, &d, linked)
                .into_iter()
                .filter(|n| n.to == Recipient::Worker)
                .map(|n| n.message_id)
                .collect()
        };
        assert_eq!(worker(&|_| false), ["alert-emergency-worker-hotlines-unreported"]);
        assert_eq!(worker(&|o| *o == owner), ["alert-emergency-worker-hotlines"]);
    }
}
