//! A clerk's button press decided end to end in the core, with no database: the button's data read
//! back, the group's place and the sender checked, the operation applied — the new state, the
//! timeline entry and every notification.

use super::authz::{Action, Place, Refusal, Sender, decide, place_of};
use super::buttons::ButtonData;
use crate::case::testing::xihu_building_case;
use crate::case::{Actor, Operation, Recipient, Status, TimelineKind, apply};
use crate::deployment::testing::{date, id, sample};

#[test]
fn accept_pressed_in_the_owner_group_is_decided_with_its_timeline_and_notifications() {
    let d = sample();
    let case = xihu_building_case(date(2026, 2, 12), &d);
    let owner = case.owner.clone();
    assert_eq!(owner, id("hz-xihu-ldjc"));

    let data = ButtonData::new(7, 3, Action::Accept, None).encode().expect("fits in a button");
    let pressed = ButtonData::decode(&data).expect("reads back");
    assert_eq!((pressed.complaint_id, pressed.rev, pressed.action), (7, 3, Action::Accept));

    // The owner's group acts; a co-handler, an unrelated office and a non-member do not.
    let place = place_of(Some(&owner), &case, false, &d);
    assert_eq!(place, Place::Owner);
    assert_eq!(decide(place, Sender::Member, pressed.action), Ok(()));
    assert_eq!(decide(place, Sender::NotMember, pressed.action), Err(Refusal::NotMember));
    let gongshu = id("hz-gongshu-ldjc");
    let elsewhere = place_of(Some(&gongshu), &case, false, &d);
    assert_eq!(decide(elsewhere, Sender::Member, pressed.action), Err(Refusal::NotYourCase));
    for co in &case.co_handlers {
        let place = place_of(Some(co), &case, false, &d);
        assert_eq!(decide(place, Sender::Member, pressed.action), Err(Refusal::ReadOnly), "{co:?}");
    }

    let today = date(2026, 3, 2);
    let actor = Actor::Staff { office: owner.clone(), user: "tg:501".into() };
    let t = apply(&case, Operation::Accept, actor.clone(), today, &d).expect("the owner may accept");
    assert_eq!(t.new_state.status, Status::Accepted);
    assert_eq!(t.new_state.accepted_on, Some(today));
    // 60 working days from 2 March 2026 on the sample calendar (Qingming, Labour Day, Dragon Boat).
    let due = t.new_state.investigation_due.expect("the investigation deadline runs");
    assert_eq!(due, d.calendar.add_working_days(today, 60));
    assert!(due > date(2026, 5, 22), "{due}");
    assert_eq!(t.timeline.kind, TimelineKind::Accepted);
    assert_eq!(t.timeline.actor, actor);
    assert_eq!(t.timeline.message_id, "case-timeline-accepted");
    let to: Vec<(&Recipient, &str)> = t.notifications.iter().map(|n| (&n.to, n.message_id.as_str())).collect();
    assert_eq!(to, vec![(&Recipient::Worker, "notify-worker-accepted")]);
    assert_eq!(t.new_state.owner, owner, "accepting keeps the owner");
    assert_eq!(t.new_state.first_office, case.first_office, "and the first-inquiry office");
}
