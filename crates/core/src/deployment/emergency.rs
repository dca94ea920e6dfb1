//! `[campaign.emergency]` in the deployment file: each class's words and acknowledgement minutes, and
//! the shared negation cues, clause breaks and harmless phrases. A list or a value left out keeps the
//! default; the old single `emergency_keywords` list is refused, since which class a word belongs to
//! decides how soon its alert must be acknowledged, and only the operator can say.

use serde::Deserialize;
use toml::Spanned;

use super::issues::{Collector, ConfigProblem};
use crate::case::{EmergencyClass, EmergencyLexicon};

/// A misspelt class is refused by name (`deny_unknown_fields`), with its line.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEmergency {
    negations: Option<Vec<Spanned<String>>>,
    clause_breaks: Option<Vec<Spanned<String>>>,
    harmless: Option<Vec<Spanned<String>>>,
    self_harm: Option<RawClass>,
    blocking_roads: Option<RawClass>,
    climbing_heights: Option<RawClass>,
    gathering: Option<RawClass>,
    violence: Option<RawClass>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    minutes: Option<Spanned<i64>>,
    words: Option<Vec<Spanned<String>>>,
}

impl RawEmergency {
    fn class(&self, class: EmergencyClass) -> Option<&RawClass> {
        match class {
            EmergencyClass::SelfHarm => self.self_harm.as_ref(),
            EmergencyClass::BlockingRoads => self.blocking_roads.as_ref(),
            EmergencyClass::ClimbingHeights => self.climbing_heights.as_ref(),
            EmergencyClass::Gathering => self.gathering.as_ref(),
            EmergencyClass::Violence => self.violence.as_ref(),
        }
    }
}

/// The lexicon `[campaign.emergency]` gives, the defaults where it says nothing.
pub(super) fn lexicon(raw: Option<&RawEmergency>, out: &mut Collector<'_>) -> EmergencyLexicon {
    let mut lexicon = EmergencyLexicon::default();
    let Some(raw) = raw else {
        return lexicon;
    };
    let path = "campaign.emergency";
    if let Some(list) = &raw.negations {
        lexicon.negations = phrases(list, &format!("{path}.negations"), out);
    }
    if let Some(list) = &raw.clause_breaks {
        lexicon.clause_breaks = phrases(list, &format!("{path}.clause_breaks"), out);
    }
    if let Some(list) = &raw.harmless {
        lexicon.harmless = phrases(list, &format!("{path}.harmless"), out);
    }
    for class in EmergencyClass::ALL {
        let Some(given) = raw.class(class) else { continue };
        let path = format!("{path}.{}", class.code());
        let target = lexicon.class_mut(class);
        match &given.minutes {
            Some(m) if *m.get_ref() <= 0 => {
                let problem = ConfigProblem::NotPositive(m.get_ref().to_string());
                out.error(Some(m.span()), format!("{path}.minutes"), problem);
            }
            Some(m) => target.minutes = u32::try_from(*m.get_ref()).unwrap_or(u32::MAX),
            None => {}
        }
        if let Some(list) = &given.words {
            target.words = phrases(list, &format!("{path}.words"), out);
        }
    }
    lexicon
}

/// A list of phrases, each non-empty and with `*` only between two parts.
fn phrases(list: &[Spanned<String>], path: &str, out: &mut Collector<'_>) -> Vec<String> {
    let mut kept = Vec::with_capacity(list.len());
    for (i, phrase) in list.iter().enumerate() {
        let text = phrase.get_ref().trim();
        let entry = format!("{path}[{i}]");
        if text.replace('*', "").trim().is_empty() {
            out.error(Some(phrase.span()), entry, ConfigProblem::Empty);
        } else if text.starts_with('*') || text.ends_with('*') || text.contains("**") {
            out.error(Some(phrase.span()), entry, ConfigProblem::BadWildcard(text.to_owned()));
        } else {
            kept.push(text.to_owned());
        }
    }
    kept
}
