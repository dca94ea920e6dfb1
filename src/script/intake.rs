//! The Chinese intake as a simulated worker files it, written once: the demo's worker by default
//! ([`Intake::li`]), with a knob for everything the demo, the tests and the benchmarks vary.

use super::{Act, LANG};
use crate::domain::sector::Sector;
use crate::i18n::{Arg, tr, tr_args};
use crate::intake::draft::{ClaimKind, EmployerKind, Litigation};

/// How the worker arrives at the privacy notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// `/start` in a new chat: the language first.
    First,
    /// `/start` from a worker the bot already knows: no language question.
    Known,
    /// `/new` after a filed complaint.
    Again,
    /// `/start <code>` from a signboard's QR code: the language first, and after the notice the
    /// project is offered (see [`Worksite`]).
    Signboard(String),
}

/// Where the worker worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Worksite {
    /// Chosen by hand (after a signboard, once its project is declined).
    Pick {
        /// `None`: "not in these places".
        county: Option<String>,
        /// `None`: no township question (the county lists none, or the county is "other").
        township: Option<String>,
        address: String,
        sector: Sector,
    },
    /// The signboard's project, confirmed (only after [`Opening::Signboard`]).
    Project,
}

/// How the worker gives their phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    /// The share-my-number button (a contact card).
    Shared(String),
    /// Typed as text.
    Typed(String),
}

/// One worker's answers to the intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub opening: Opening,
    pub worksite: Worksite,
    pub employer_kind: EmployerKind,
    /// Who owes the money; workers naming the same employer in the same county share one case.
    pub employer: String,
    /// Types a daily rate first, which the bot refuses and asks for the total again.
    pub daily_rate_first: bool,
    pub amount: String,
    pub period: String,
    /// `None`: the worker alone; `Some(n)`: a crew, `n` typed as the number of workers.
    pub crew: Option<String>,
    pub name: String,
    pub phone: Phone,
    /// `None`: the worker skips the ID number.
    pub id_number: Option<String>,
    /// Photos sent at the evidence step, in order.
    pub evidence: Vec<Vec<u8>>,
    /// What happened, in the worker's words.
    pub description: String,
}

/// A small JPEG-like file standing in for a photographed IOU.
pub fn evidence_photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice("欠条：今欠李建国工资肆万伍仟元整。王某 2026年1月20日".as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

impl Intake {
    /// The demo's worker, 李建国, on his first visit: Xihu district, owed 4万5 by a team leader (after
    /// first typing a daily rate), shares his phone, gives his ID number and one photo.
    pub fn li() -> Intake {
        Intake {
            opening: Opening::First,
            worksite: Worksite::Pick {
                county: Some("西湖区".to_owned()),
                township: Some("转塘街道".to_owned()),
                address: "文三路金色家园二期工地".to_owned(),
                sector: Sector::Building,
            },
            employer_kind: EmployerKind::TeamLeader,
            employer: "王老板（杭州某某劳务有限公司）".to_owned(),
            daily_rate_first: true,
            amount: "4万5".to_owned(),
            period: "去年10月到今年1月".to_owned(),
            crew: None,
            name: "李建国".to_owned(),
            phone: Phone::Shared("+86 138 0013 8000".to_owned()),
            id_number: Some("11010519491231002X".to_owned()),
            evidence: vec![evidence_photo()],
            description: "从去年十月干到今年一月，老板一直拖着不给钱，说年底再说，现在电话也不接。".to_owned(),
        }
    }

    pub fn opening(mut self, opening: Opening) -> Intake {
        self.opening = opening;
        self
    }

    pub fn worksite(mut self, worksite: Worksite) -> Intake {
        self.worksite = worksite;
        self
    }

    /// The county and township chosen by hand (the address and sector stay).
    pub fn county(mut self, name: impl Into<String>, township: Option<String>) -> Intake {
        if let Worksite::Pick { county, township: t, .. } = &mut self.worksite {
            *county = Some(name.into());
            *t = township;
        }
        self
    }

    /// The worksite's name or address, typed after choosing the county.
    pub fn address(mut self, text: impl Into<String>) -> Intake {
        if let Worksite::Pick { address, .. } = &mut self.worksite {
            *address = text.into();
        }
        self
    }

    pub fn employer(mut self, employer: impl Into<String>) -> Intake {
        self.employer = employer.into();
        self
    }

    pub fn daily_rate_first(mut self, yes: bool) -> Intake {
        self.daily_rate_first = yes;
        self
    }

    pub fn amount(mut self, amount: impl Into<String>) -> Intake {
        self.amount = amount.into();
        self
    }

    pub fn name(mut self, name: impl Into<String>) -> Intake {
        self.name = name.into();
        self
    }

    /// Shares this number with the button.
    pub fn phone(mut self, phone: impl Into<String>) -> Intake {
        self.phone = Phone::Shared(phone.into());
        self
    }

    /// Types this number.
    pub fn typed_phone(mut self, phone: impl Into<String>) -> Intake {
        self.phone = Phone::Typed(phone.into());
        self
    }

    pub fn skip_id(mut self) -> Intake {
        self.id_number = None;
        self
    }

    /// One photo as the only evidence.
    pub fn photo(mut self, bytes: Vec<u8>) -> Intake {
        self.evidence = vec![bytes];
        self
    }

    pub fn no_evidence(mut self) -> Intake {
        self.evidence.clear();
        self
    }

    pub fn description(mut self, text: impl Into<String>) -> Intake {
        self.description = text.into();
        self
    }

    /// From the first message to the privacy notice, agreed.
    pub fn start(&self) -> Vec<Act> {
        let language = Act::press(tr(LANG, "language-name"));
        let mut acts = match &self.opening {
            Opening::First => vec![Act::text("/start"), language],
            Opening::Known => vec![Act::text("/start")],
            Opening::Again => vec![Act::text("/new")],
            Opening::Signboard(code) => vec![Act::text(format!("/start {code}")), language],
        };
        acts.push(Act::button("button-agree"));
        acts
    }

    /// The worksite questions: the signboard's project confirmed or declined, else county, township,
    /// address and sector.
    pub fn worksite_answers(&self) -> Vec<Act> {
        let signboard = matches!(self.opening, Opening::Signboard(_));
        match &self.worksite {
            Worksite::Project => {
                if signboard {
                    vec![Act::button("button-project-yes")]
                } else {
                    Vec::new()
                }
            }
            Worksite::Pick { county, township, address, sector } => {
                let mut acts = Vec::new();
                if signboard {
                    acts.push(Act::button("button-project-no"));
                }
                match county {
                    Some(county) => {
                        acts.push(Act::press(county));
                        acts.extend(township.iter().map(Act::press));
                    }
                    None => acts.push(Act::button("button-county-other")),
                }
                acts.push(Act::text(address));
                acts.push(Act::button(sector.message_id()));
                acts
            }
        }
    }

    /// Who owes the money and what for (wages, no litigation).
    pub fn employer_answers(&self) -> Vec<Act> {
        vec![
            Act::button(self.employer_kind.message_id()),
            Act::text(&self.employer),
            Act::button(ClaimKind::Wages.message_id()),
            Act::button(Litigation::None.message_id()),
        ]
    }

    /// From the first message to the amount question.
    pub fn to_amount(&self) -> Vec<Act> {
        [self.start(), self.worksite_answers(), self.employer_answers()].concat()
    }

    /// From the amount question to the summary (the daily rate, if any, comes before: see
    /// [`Intake::to_notice`]).
    pub fn amount_to_summary(&self) -> Vec<Act> {
        let mut acts = vec![Act::text(&self.amount), Act::button("button-yes-correct"), Act::text(&self.period)];
        match &self.crew {
            None => acts.push(Act::button("button-just-me")),
            Some(size) => acts.extend([Act::button("button-crew"), Act::text(size)]),
        }
        acts.push(Act::text(&self.name));
        acts.push(match &self.phone {
            Phone::Shared(phone) => Act::contact(phone),
            Phone::Typed(phone) => Act::text(phone),
        });
        match &self.id_number {
            Some(id) => acts.extend([Act::button("button-id-give"), Act::text(id)]),
            None => acts.push(Act::button("button-id-skip")),
        }
        acts.extend(self.evidence.iter().cloned().map(Act::Photo));
        let done = tr_args(LANG, "button-evidence-done", &[("count", Arg::from(self.evidence.len()))]);
        acts.push(Act::press(done));
        acts.push(Act::text(&self.description));
        acts
    }

    /// The summary confirmed and the false-claims notice agreed: the complaint is submitted.
    pub fn confirm_and_submit() -> Vec<Act> {
        vec![Act::button("button-summary-ok"), Act::button("button-submit")]
    }

    /// From the first message to the false-claims notice with its submit button.
    pub fn to_notice(&self) -> Vec<Act> {
        let mut acts = self.to_amount();
        if self.daily_rate_first {
            acts.push(Act::text("一天300"));
        }
        acts.extend(self.amount_to_summary());
        acts.push(Act::button("button-summary-ok"));
        acts
    }

    /// The whole intake, submitted.
    pub fn steps(&self) -> Vec<Act> {
        let mut acts = self.to_notice();
        acts.push(Act::button("button-submit"));
        acts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pressed(acts: &[Act]) -> Vec<&str> {
        acts.iter().filter_map(|a| if let Act::Press(l) = a { Some(l.as_str()) } else { None }).collect()
    }

    #[test]
    fn the_demo_workers_intake_has_every_step_in_order() {
        let steps = Intake::li().steps();
        assert_eq!(steps.len(), 25);
        assert_eq!(steps[0], Act::text("/start"));
        assert_eq!(steps[11], Act::text("一天300"), "the refused daily rate before the total");
        assert_eq!(steps[12], Act::text("4万5"));
        assert_eq!(steps[17], Act::contact("+86 138 0013 8000"));
        assert_eq!(steps[20], Act::Photo(evidence_photo()));
        assert_eq!(
            pressed(&steps),
            [
                "中文",
                "同意，继续",
                "西湖区",
                "转塘街道",
                "盖房子（房建）",
                "包工头、班组长",
                "我自己干活的工资",
                "没有",
                "对",
                "只有我",
                "同意，我来填",
                "发完了（1 件）",
                "✅ 确认无误，下一步",
                "我保证属实，提交",
            ]
        );
        assert_eq!(Intake::li().to_amount().len(), 11);
    }

    #[test]
    fn the_knobs_change_only_their_steps() {
        let plain = Intake::li().daily_rate_first(false).skip_id().no_evidence().typed_phone("13800138000");
        let steps = plain.steps();
        assert_eq!(steps.len(), 22, "the load tests' 22 steps");
        assert!(steps.contains(&Act::text("13800138000")));
        assert!(steps.contains(&Act::press("不填，跳过")) && steps.contains(&Act::press("发完了（0 件）")));
        assert!(!steps.iter().any(|a| matches!(a, Act::Photo(_))));

        let again = Intake::li().opening(Opening::Again).steps();
        assert_eq!(&again[..2], [Act::text("/new"), Act::press("同意，继续")]);

        let board = Intake::li().opening(Opening::Signboard("CODE".into())).worksite(Worksite::Project).to_amount();
        assert_eq!(pressed(&board)[..3], ["中文", "同意，继续", "对，就是这个工地"]);
        assert_eq!(board[0], Act::text("/start CODE"));

        let other = Intake {
            worksite: Worksite::Pick {
                county: None, township: None, address: "某厂".into(), sector: Sector::Factory
            },
            ..Intake::li()
        };
        assert_eq!(pressed(&other.worksite_answers()), ["不在这些地方", "工厂"]);

        let crew = Intake { crew: Some("12".into()), ..Intake::li() }.amount_to_summary();
        assert_eq!(crew[3..5], [Act::press("我们一伙人"), Act::text("12")]);
    }
}
