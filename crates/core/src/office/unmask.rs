//! Unmasking: a member who presses 👁 sees the claimants' full numbers in an alert on their own screen.
//! Nothing of it is posted in the group (no message to forward, screenshot in others' hands or keep in
//! the chat's history), and the outbox keeps only a text-free copy once Telegram has it. Each alert is
//! written to the case's timeline, and a member may open at most [`PER_HOUR`] of them an hour.

use super::authz::Action;
use super::buttons::ButtonData;
use super::card::{CardFacts, OFFICE_LANG};
use super::mask::mask_name;
use crate::i18n;
use crate::outgoing::{Button, Keyboard};

/// Telegram shows at most 200 characters in a callback answer.
pub const ALERT_MAX_CHARS: usize = 200;

/// Alerts one member may open in an hour, across all cases: enough for a clerk calling a crew back,
/// too few to copy out an office's caseload.
pub const PER_HOUR: u32 = 10;

/// One claimant's details in clear. The list given to [`decide`] is in the card's order, with `None`
/// for a claimant whose personal data was erased: 👁 n is always the card's n-th.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub phone: String,
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Unmask {
    /// The member opened [`PER_HOUR`] alerts in the last hour: refused, with a toast saying so.
    Limited,
    /// The alert's text; `which` is the claimant shown, `None` for all of them.
    Alert { text: String, which: Option<usize> },
    /// Too many claimants for one alert: one button per claimant (names masked) to show each alone.
    Choose { text: String, keyboard: Keyboard },
    /// A choice that names no claimant of this case (forged, or the case changed).
    Invalid,
}

/// What a press of 👁 (or of a claimant's button under it) shows.
pub fn decide(f: &CardFacts, people: &[Option<Person>], choice: Option<&str>, used_last_hour: u32) -> Unmask {
    let which = match choice {
        None => None,
        Some(c) => match c.parse::<usize>() {
            // An erased claimant has no button: nothing of them is left to show.
            Ok(n) if (1..=people.len()).contains(&n) && people[n - 1].is_some() => Some(n - 1),
            _ => return Unmask::Invalid,
        },
    };
    let alert = |people: &[(usize, &Option<Person>)]| {
        let mut lines =
            vec![i18n::tr_args(OFFICE_LANG, "unmask-alert-title", &[("case", f.case_number.clone().into())])];
        lines.extend(people.iter().map(|(i, p)| line(*i, p)));
        lines.join("\n")
    };
    let text = match which {
        Some(i) => alert(&[(i, &people[i])]),
        None => {
            let all: Vec<(usize, &Option<Person>)> = people.iter().enumerate().collect();
            let text = alert(&all);
            if crate::outgoing::telegram_len(&text) > ALERT_MAX_CHARS {
                return choose(f, people);
            }
            text
        }
    };
    if used_last_hour >= PER_HOUR {
        return Unmask::Limited;
    }
    Unmask::Alert { text: crate::outgoing::truncated(&text, ALERT_MAX_CHARS), which }
}

fn line(i: usize, p: &Option<Person>) -> String {
    let Some(p) = p else { return format!("{}. {}", i + 1, i18n::tr(OFFICE_LANG, "staff-card-claimant-erased")) };
    let none = i18n::tr(OFFICE_LANG, "staff-card-none");
    let args = [
        ("n", (i + 1).to_string().into()),
        ("name", p.name.clone().into()),
        ("phone", p.phone.clone().into()),
        ("id", p.id.clone().unwrap_or(none).into()),
    ];
    i18n::tr_args(OFFICE_LANG, "unmask-alert-line", &args)
}

fn choose(f: &CardFacts, people: &[Option<Person>]) -> Unmask {
    let buttons: Vec<Button> = people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let p = p.as_ref()?;
            let n = (i + 1).to_string();
            let data = ButtonData::new(f.complaint_id, f.rev, Action::Unmask, Some(&n)).encode()?;
            Some(Button { label: format!("👁 {n}. {}", mask_name(&p.name)), data })
        })
        .collect();
    let rows = buttons.chunks(2).map(<[Button]>::to_vec).collect();
    let text = i18n::tr_args(
        OFFICE_LANG,
        "unmask-choose",
        &[("case", f.case_number.clone().into()), ("count", people.len().into())],
    );
    Unmask::Choose { text, keyboard: Keyboard::Inline(rows) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::tests::card_facts;

    fn person(name: &str) -> Option<Person> {
        Some(Person { name: name.into(), phone: "13912345678".into(), id: Some("330102198506123413".into()) })
    }

    fn facts() -> CardFacts {
        let d = crate::deployment::testing::sample();
        card_facts(crate::case::testing::xihu_building_case(crate::deployment::testing::date(2026, 2, 12), &d))
    }

    #[test]
    fn a_few_claimants_show_in_one_alert_within_telegrams_limit() {
        let f = facts();
        let Unmask::Alert { text, which: None } = decide(&f, &[person("张三"), person("李四")], None, 0) else {
            panic!("one alert")
        };
        assert!(text.contains("13912345678") && text.contains("张三") && text.contains("李四"), "{text}");
        assert!(text.chars().count() <= ALERT_MAX_CHARS);
    }

    #[test]
    fn a_crew_too_large_for_one_alert_is_shown_one_worker_at_a_time() {
        let f = facts();
        let crew: Vec<Option<Person>> = (0..8).map(|i| person(&format!("工人{i}号"))).collect();
        let Unmask::Choose { keyboard: Keyboard::Inline(rows), text } = decide(&f, &crew, None, 0) else {
            panic!("a choice")
        };
        assert!(!text.contains("13912345678"), "the choice posted in the group shows no number: {text}");
        let labels: Vec<&str> = rows.iter().flatten().map(|b| b.label.as_str()).collect();
        assert_eq!(labels.len(), 8);
        assert!(labels.iter().all(|l| !l.contains("号") || l.contains('*')), "names masked: {labels:?}");
        let Unmask::Alert { text, which: Some(7) } = decide(&f, &crew, Some("8"), 0) else { panic!("one worker") };
        assert!(text.contains("工人7号"), "{text}");
    }

    #[test]
    fn an_erased_claimant_keeps_their_number_so_each_number_is_the_cards() {
        let f = facts();
        let people = [person("张三"), None, person("王五")];
        let Unmask::Alert { text, which: None } = decide(&f, &people, None, 0) else { panic!("one alert") };
        let erased = i18n::tr(OFFICE_LANG, "staff-card-claimant-erased");
        assert!(text.contains(&format!("2. {erased}")) && text.contains("3. 王五"), "{text}");
        assert_eq!(decide(&f, &people, Some("2"), 0), Unmask::Invalid, "nothing left to show");
        let Unmask::Alert { text, which: Some(2) } = decide(&f, &people, Some("3"), 0) else { panic!("the third") };
        assert!(text.contains("王五") && !text.contains("张三"), "{text}");
        let mut crew: Vec<Option<Person>> = (0..8).map(|i| person(&format!("工人{i}号"))).collect();
        crew[1] = None;
        let Unmask::Choose { keyboard: Keyboard::Inline(rows), .. } = decide(&f, &crew, None, 0) else {
            panic!("a choice")
        };
        let labels: Vec<&str> = rows.iter().flatten().map(|b| b.label.as_str()).collect();
        assert_eq!(labels.len(), 7, "no button for the erased claimant: {labels:?}");
        assert!(labels[1].starts_with("👁 3."), "the others keep the card's numbers: {labels:?}");
    }

    #[test]
    fn forged_choices_are_invalid_and_the_hourly_allowance_holds() {
        let f = facts();
        let two = [person("张三"), person("李四")];
        for forged in ["0", "3", "-1", "x", ""] {
            assert_eq!(decide(&f, &two, Some(forged), 0), Unmask::Invalid, "{forged}");
        }
        assert_eq!(decide(&f, &two, None, PER_HOUR), Unmask::Limited);
        assert!(matches!(decide(&f, &two, None, PER_HOUR - 1), Unmask::Alert { .. }));
    }
}
