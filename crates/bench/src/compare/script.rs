//! What the simulated workers do: the full Chinese intake of the demo and the API tests (every step,
//! the refused daily rate, evidence, submit) from [`wagedesk::script`], and the echo bot's plain texts.

use wagedesk::script::{Act, Intake};

/// The intake as worker `n` files it. Workers differ in employer and phone, so every complaint opens
/// a case of its own, as unrelated workers' complaints do.
pub fn intake(n: usize) -> Vec<Act> {
    Intake::li()
        .employer(format!("王老板{n}（杭州某某劳务有限公司）"))
        .phone(format!("+86 139{:08}", n % 100_000_000))
        .steps()
}

/// Plain texts for the echo bot: as many as the intake has steps, `rounds` times over (the echo bot is
/// so fast that one round is over before the figures settle).
pub fn echo(n: usize, rounds: usize) -> Vec<Act> {
    (0..intake(0).len() * rounds.max(1)).map(|i| Act::Type(format!("工人{n}的第{i}条消息"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_intake_and_the_echo_script_have_the_same_number_of_steps() {
        assert_eq!(intake(7).len(), 25);
        assert_eq!(echo(7, 1).len(), intake(7).len());
        assert_eq!(echo(7, 4).len(), 4 * intake(7).len());
        assert_ne!(intake(1), intake(2), "workers differ in employer and phone");
    }
}
