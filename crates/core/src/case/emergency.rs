//! Emergency classes and their lexicons (docs/rules.md, "Emergencies"): what a worker's words must say
//! for an emergency of each class, read with negation cues and harmless phrases so that "我不想上访" or
//! "我是开塔吊的" raise nothing. Pure: the words and the lexicon in, the classes and words found out.

use serde::{Deserialize, Serialize};

use super::emergency_words as defaults;
use super::phrases::{Phrase, Span, Text};

/// What kind of emergency a worker's words announce; each has its lexicon and its acknowledgement
/// deadline in the deployment file (`[campaign.emergency.<code>]`). Stored in alerts by `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmergencyClass {
    /// 自伤自杀: jumping, poison, "不想活了".
    SelfHarm,
    /// 堵路: blocking roads, highways or a site's gate.
    BlockingRoads,
    /// 爬高: climbing a tower crane, a roof or another height to press for wages.
    ClimbingHeights,
    /// 聚集: gathering, strikes, banners, petitioning (上访) — the mass incidents of the work plans.
    Gathering,
    /// 暴力: violence or threats of it, by or against workers.
    Violence,
}

impl EmergencyClass {
    pub const ALL: [EmergencyClass; 5] = [
        EmergencyClass::SelfHarm,
        EmergencyClass::BlockingRoads,
        EmergencyClass::ClimbingHeights,
        EmergencyClass::Gathering,
        EmergencyClass::Violence,
    ];

    /// The class's name in the deployment file and in stored alerts.
    pub fn code(self) -> &'static str {
        match self {
            EmergencyClass::SelfHarm => "self_harm",
            EmergencyClass::BlockingRoads => "blocking_roads",
            EmergencyClass::ClimbingHeights => "climbing_heights",
            EmergencyClass::Gathering => "gathering",
            EmergencyClass::Violence => "violence",
        }
    }

    /// The message naming the class to the office.
    pub fn message_id(self) -> &'static str {
        match self {
            EmergencyClass::SelfHarm => "alert-class-self-harm",
            EmergencyClass::BlockingRoads => "alert-class-blocking-roads",
            EmergencyClass::ClimbingHeights => "alert-class-climbing-heights",
            EmergencyClass::Gathering => "alert-class-gathering",
            EmergencyClass::Violence => "alert-class-violence",
        }
    }
}

/// One class's words and how soon its alert must be acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassLexicon {
    /// Minutes within which an alert of this class must be acknowledged (work plans: 10, the most
    /// serious 5) before it is repeated and escalated.
    pub minutes: u32,
    /// Phrases that announce the class. `*` stands for up to `phrases::MAX_GAP` (4) characters or English
    /// words of the same clause ("爬*塔吊" reads 爬上了塔吊); English phrases match whole words.
    pub words: Vec<String>,
}

/// The lexicons of all classes and the lists they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyLexicon {
    pub self_harm: ClassLexicon,
    pub blocking_roads: ClassLexicon,
    pub climbing_heights: ClassLexicon,
    pub gathering: ClassLexicon,
    pub violence: ClassLexicon,
    /// Cues that take back a word after them in the same clause. A negation (a cue with 不, 没, 别, 未
    /// or an English not, no, never, n't) only when it negates the word itself: nothing but modals
    /// between them (不会去堵路, won't block; not 没有发工资要去堵路). Other cues put the word in the past
    /// or the news (去年, 新闻) and reach it within `NEGATION_WINDOW`.
    pub negations: Vec<String>,
    /// Words that end a negation's reach like a comma would, where workers type none: a contrast
    /// (但是), a new subject (我), a clause-final 了 ("不想再等了明天去堵路" still alerts).
    pub clause_breaks: Vec<String>,
    /// Phrases that mean no emergency: a word, cue or break overlapping one does not count (塔吊司机,
    /// 开塔吊, 跳楼价; 别人 is no 别, 别逼我 is no negation).
    pub harmless: Vec<String>,
}

/// A negation cue reaches a word at most this many characters (an English word counts as one) after it.
pub const NEGATION_WINDOW: usize = 8;

/// What may stand between a negation and the word it takes back (不想再去堵路, not going to block):
/// modals and aspect, as the worker says them. Anything else is the negation of another verb.
#[rustfmt::skip]
const MODALS: &[&str] = &[
    "打算", "准备", "可能", "应该", "愿意", "一起", "会", "想", "要", "去", "敢", "再", "过", "能", "该", "用",
    "will", "would", "going", "gonna", "to", "want", "wanna", "plan", "planning", "try", "ever", "go", "on",
    "really", "be",
];

/// A reason between a negation and the word stays in its reach: 不会因为这点钱去堵路.
const REASONS: &[&str] = &["因为", "为了"];

/// Whether a cue negates (不想, won't) rather than puts in the past or the news (去年, used to).
fn is_negation(cue: &str) -> bool {
    cue.contains(['不', '没', '別', '别', '未', '勿', '莫', '甭'])
        || cue.split(' ').any(|w| matches!(w, "no" | "not" | "never") || w.ends_with("n't") || w.ends_with("nt"))
}

/// Whether `gap` holds only modals (and spaces), or a reason ending in 去 or 来.
fn only_modals(gap: &str) -> bool {
    let mut rest = gap.trim_start();
    if let Some(after) = REASONS.iter().find_map(|r| rest.strip_prefix(r)) {
        return after.ends_with(['去', '来']) && !after.contains(' ');
    }
    while !rest.is_empty() {
        let Some(after) = MODALS.iter().find_map(|m| {
            rest.strip_prefix(m).filter(|a| !m.is_ascii() || !a.starts_with(|c: char| c.is_ascii_alphanumeric()))
        }) else {
            return false;
        };
        rest = after.trim_start();
    }
    true
}

impl EmergencyLexicon {
    pub fn class(&self, class: EmergencyClass) -> &ClassLexicon {
        match class {
            EmergencyClass::SelfHarm => &self.self_harm,
            EmergencyClass::BlockingRoads => &self.blocking_roads,
            EmergencyClass::ClimbingHeights => &self.climbing_heights,
            EmergencyClass::Gathering => &self.gathering,
            EmergencyClass::Violence => &self.violence,
        }
    }

    pub fn class_mut(&mut self, class: EmergencyClass) -> &mut ClassLexicon {
        match class {
            EmergencyClass::SelfHarm => &mut self.self_harm,
            EmergencyClass::BlockingRoads => &mut self.blocking_roads,
            EmergencyClass::ClimbingHeights => &mut self.climbing_heights,
            EmergencyClass::Gathering => &mut self.gathering,
            EmergencyClass::Violence => &mut self.violence,
        }
    }
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

impl Default for EmergencyLexicon {
    fn default() -> Self {
        let class = |minutes: u32, words: &[&str]| ClassLexicon { minutes, words: owned(words) };
        EmergencyLexicon {
            self_harm: class(defaults::SELF_HARM_MINUTES, defaults::SELF_HARM),
            blocking_roads: class(defaults::BLOCKING_ROADS_MINUTES, defaults::BLOCKING_ROADS),
            climbing_heights: class(defaults::CLIMBING_HEIGHTS_MINUTES, defaults::CLIMBING_HEIGHTS),
            gathering: class(defaults::GATHERING_MINUTES, defaults::GATHERING),
            violence: class(defaults::VIOLENCE_MINUTES, defaults::VIOLENCE),
            negations: owned(defaults::NEGATIONS),
            clause_breaks: owned(defaults::CLAUSE_BREAKS),
            harmless: owned(defaults::HARMLESS),
        }
    }
}

/// What the lexicons found in a worker's words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmergencyFindings {
    /// The classes with at least one word that counts, in `EmergencyClass::ALL` order.
    pub classes: Vec<EmergencyClass>,
    /// The worker's words that counted, as normalized (lower case, no spaces between Chinese
    /// characters), in reading order, each once; a word inside a longer one found is left out.
    pub words: Vec<String>,
}

/// The emergency classes a worker's words announce. A word counts unless it overlaps a harmless
/// phrase, or a cue comes before it in the same clause — no punctuation, pause or clause break between
/// them, at most `NEGATION_WINDOW` apart, and for a negation nothing but modals (`MODALS`).
pub fn detect_emergency(words: &str, lexicon: &EmergencyLexicon) -> EmergencyFindings {
    let text = Text::new(words);
    let spans = |list: &[String]| -> Vec<Span> { Phrase::all(list).iter().flat_map(|p| text.find(p)).collect() };
    let harmless = spans(&lexicon.harmless);
    let counts = |s: &Span| !harmless.iter().any(|h| h.overlaps(*s));
    let cues: Vec<Span> = spans(&lexicon.negations).into_iter().filter(counts).collect();
    let breaks: Vec<Span> = spans(&lexicon.clause_breaks).into_iter().filter(counts).collect();
    let negated = |hit: Span| {
        cues.iter().any(|cue| {
            cue.end <= hit.start
                && text.units(cue.end, hit.start) <= NEGATION_WINDOW
                && !text.clause_ends_between(cue.end, hit.start)
                && !breaks.iter().any(|b| cue.end <= b.start && b.end <= hit.start)
                && (!is_negation(&text.slice(*cue))
                    || only_modals(&text.slice(Span { start: cue.end, end: hit.start })))
        })
    };
    let mut hits: Vec<(Span, EmergencyClass)> = Vec::new();
    for class in EmergencyClass::ALL {
        for hit in spans(&lexicon.class(class).words) {
            if counts(&hit) && !negated(hit) {
                hits.push((hit, class));
            }
        }
    }
    hits.sort();
    let classes = EmergencyClass::ALL.into_iter().filter(|c| hits.iter().any(|(_, h)| h == c)).collect();
    let mut found: Vec<String> = Vec::new();
    for (span, _) in &hits {
        let inside_another = hits.iter().any(|(other, _)| other != span && other.contains(*span));
        let word = text.slice(*span);
        if !inside_another && !found.contains(&word) {
            found.push(word);
        }
    }
    EmergencyFindings { classes, words: found }
}
