//! The office's workflow around the clocks (issue 14, item 8): material may be asked for at every
//! open stage, the card shows the waits, and a prompt the case changed under is dropped.

use super::actions::{Pending, Prompt};
use super::authz::{Action, Place};
use super::buttons::ButtonData;
use super::card::{self, CardFacts};
use crate::case::OutcomeKind;
use crate::case::testing::xihu_building_case;
use crate::case::{Actor, CaseState, Operation, Outcome, apply};
use crate::deployment::testing::{date, id, sample};
use crate::outgoing::Keyboard;

fn facts(state: CaseState) -> CardFacts {
    super::tests::card_facts(state)
}

fn step(state: &CaseState, op: Operation) -> CaseState {
    let staff = Actor::Staff { office: id("hz-xihu-ldjc"), user: "u1".into() };
    apply(state, op, staff, date(2026, 3, 4), &sample()).unwrap_or_else(|e| panic!("refused: {e}")).new_state
}

fn buttons(state: CaseState) -> Vec<Action> {
    let Keyboard::Inline(rows) = card::keyboard(&facts(state), Place::Owner) else { panic!("the owner has buttons") };
    rows.iter().flatten().map(|b| ButtonData::decode(&b.data).expect("a card button").action).collect()
}

#[test]
fn the_card_offers_to_ask_for_material_at_every_open_stage_and_not_after_the_end() {
    let submitted = xihu_building_case(date(2026, 3, 2), &sample());
    let accepted = step(&submitted, Operation::Accept);
    let handling = step(&accepted, Operation::StartHandling);
    let waiting = step(&handling, Operation::RequestInfo { text: "请补充工资条".into() });
    let resolved = step(&accepted, Operation::Resolve { outcome: Outcome::PaidInFull });
    for (name, state) in
        [("submitted", &submitted), ("accepted", &accepted), ("handling", &handling), ("waiting", &waiting)]
    {
        assert!(buttons(state.clone()).contains(&Action::RequestInfo), "{name}");
    }
    assert!(!buttons(resolved).contains(&Action::RequestInfo));
    // Waiting for material after acceptance is not before acceptance: no second 受理, and the
    // investigation's own buttons stay.
    let after = buttons(waiting);
    assert!(!after.contains(&Action::Accept) && after.contains(&Action::Extend) && after.contains(&Action::Order));
    assert!(buttons(submitted).contains(&Action::Accept));
}

#[test]
fn the_card_shows_the_wait_for_material_and_a_pass_on_deadline() {
    let d = sample();
    let waiting = step(&xihu_building_case(date(2026, 3, 2), &d), Operation::RequestInfo { text: "x".into() });
    let text = card::text(&d, &facts(waiting), Place::Owner);
    assert!(text.contains("等待工人补充材料：2026年3月4日 起") && text.contains("2026年3月19日"), "{text}");
    let mut elsewhere = xihu_building_case(date(2026, 3, 2), &d);
    elsewhere.worksite_county = Some("330105".into());
    let text = card::text(&d, &facts(elsewhere), Place::Owner);
    assert!(text.contains("不在本单位管辖范围内") && text.contains("2026年3月4日"), "{text}");
}

#[test]
fn a_prompt_remembers_the_revision_it_was_made_on_and_is_outdated_once_the_case_changes() {
    let f = facts(xihu_building_case(date(2026, 3, 2), &sample()));
    let prompt = Prompt::on_card(Pending::Ask, &f);
    assert!(!prompt.is_outdated(3));
    assert!(prompt.is_outdated(4), "the case was accepted (or answered) after the press");
    let json = serde_json::to_string(&prompt).expect("json");
    assert_eq!(json, r#"{"kind":"ask","rev":3}"#);
    assert_eq!(serde_json::from_str::<Prompt>(&json).expect("reads"), prompt);
}

#[test]
fn a_prompt_stored_before_revisions_were_kept_still_reads_and_is_not_judged_by_one() {
    let old: Prompt = serde_json::from_str(r#"{"kind":"resolve","outcome":"paid_in_part"}"#).expect("reads");
    assert_eq!(old.pending, Pending::Resolve { outcome: OutcomeKind::PaidInPart });
    assert!(!old.is_outdated(99));
}
