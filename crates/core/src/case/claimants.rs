//! Every claimant is a person with their own amount and their own payment (条例 Art. 11, 31: wages
//! are paid to each worker personally). A case resolved as paid is closed (销账) only when every
//! claimant with a chat and something owed has confirmed full payment or the office recorded why one
//! cannot be reached; and a case becomes a key case when its running total — all claimants, whichever
//! filing — crosses the campaign's threshold.

use super::alerts::ImmediateAlert;
use crate::deployment::Campaign;

/// One claimant's payment, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    /// The claimant's chat with the bot; `None` for a claimant who cannot be asked here.
    pub chat_id: Option<i64>,
    /// What they claimed.
    pub owed_fen: i64,
    /// What they said arrived so far.
    pub paid_fen: i64,
    /// They confirmed full payment.
    pub confirmed: bool,
    /// The office recorded why they cannot be reached (with the attempts).
    pub unreachable: bool,
}

impl Payer {
    /// Nothing more is waited for from this claimant. One owed nothing (a crew filer whose members'
    /// lines took the whole amount) is never asked, so is not waited for either.
    fn settled(&self) -> bool {
        self.confirmed || self.unreachable || self.chat_id.is_none() || self.owed_fen <= self.paid_fen
    }
}

/// What the claimant(s) of `chat` are still owed: the question "did you receive ¥X?" asks this.
pub fn outstanding_fen(payers: &[Payer], chat: i64) -> i64 {
    payers.iter().filter(|p| p.chat_id == Some(chat) && !p.confirmed).map(|p| (p.owed_fen - p.paid_fen).max(0)).sum()
}

/// The chats other than `chat` whose claimants must still confirm before the case can close.
pub fn waiting_besides(payers: &[Payer], chat: i64) -> usize {
    let mut chats: Vec<i64> =
        payers.iter().filter(|p| !p.settled() && p.chat_id != Some(chat)).filter_map(|p| p.chat_id).collect();
    chats.sort_unstable();
    chats.dedup();
    chats.len()
}

/// The chats whose claimants must still confirm before the case can close.
pub fn waiting(payers: &[Payer]) -> usize {
    // No chat id is 0 (Telegram's ids are non-zero), so nobody is left out.
    waiting_besides(payers, 0)
}

/// Nobody is waited for any more and somebody did confirm: once the last claimant waited for left
/// the case, a case paid in full closes on the others' confirmations. (With no confirmation at all
/// nothing says the money arrived: the office records why, with `/unreachable`.)
pub fn settled_by_confirmations(payers: &[Payer]) -> bool {
    waiting(payers) == 0 && payers.iter().any(|p| p.confirmed)
}

/// The case's totals across all claimants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub owed_fen: i64,
    pub workers: u32,
}

impl Totals {
    fn is_key(self, c: &Campaign) -> bool {
        self.owed_fen >= c.key_case_amount_fen || self.workers >= c.key_case_workers
    }
}

/// The key-case alert when a filing takes the case's running total across a threshold: once, from
/// whichever filing crosses it, never again from the ones after.
pub fn key_case_crossed(before: Totals, after: Totals, c: &Campaign) -> Option<ImmediateAlert> {
    (!before.is_key(c) && after.is_key(c)).then_some(ImmediateAlert::KeyCase {
        total_owed_fen: after.owed_fen,
        workers: after.workers,
        by_amount: after.owed_fen >= c.key_case_amount_fen,
        by_workers: after.workers >= c.key_case_workers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payer(chat: Option<i64>, owed: i64, paid: i64, confirmed: bool) -> Payer {
        Payer { chat_id: chat, owed_fen: owed, paid_fen: paid, confirmed, unreachable: false }
    }

    #[test]
    fn each_claimant_is_asked_their_own_outstanding_amount() {
        let payers = [payer(Some(1), 4_500_000, 0, false), payer(Some(2), 3_200_000, 1_000_000, false)];
        assert_eq!(outstanding_fen(&payers, 1), 4_500_000);
        assert_eq!(outstanding_fen(&payers, 2), 2_200_000);
        assert_eq!(outstanding_fen(&payers, 3), 0);
    }

    #[test]
    fn the_case_waits_for_every_chat_that_has_not_confirmed_or_been_recorded_unreachable() {
        let mut payers = vec![
            payer(Some(1), 100, 0, false),
            payer(Some(2), 100, 0, false),
            payer(Some(2), 50, 0, false),
            payer(Some(3), 100, 100, true),
            payer(None, 100, 0, false),
        ];
        assert_eq!(waiting_besides(&payers, 1), 1, "chat 2 counts once; 3 confirmed; no chat is not asked");
        assert_eq!(waiting_besides(&payers, 2), 1);
        payers[1].unreachable = true;
        assert_eq!(waiting_besides(&payers, 1), 1, "chat 2's second claim still waits");
        payers[2].unreachable = true;
        assert_eq!(waiting_besides(&payers, 1), 0);
    }

    #[test]
    fn a_case_is_settled_by_confirmations_once_nobody_is_waited_for_and_someone_confirmed() {
        let mut payers = vec![payer(Some(1), 100, 100, true), payer(Some(2), 100, 0, false)];
        assert!(!settled_by_confirmations(&payers), "chat 2 is waited for");
        payers[1].chat_id = None; // erased
        assert!(settled_by_confirmations(&payers));
        payers[0].confirmed = false;
        payers[0].paid_fen = 0;
        payers[0].chat_id = None;
        assert!(!settled_by_confirmations(&payers), "nobody confirmed anything");
    }

    #[test]
    fn a_claimant_owed_nothing_is_not_waited_for() {
        // A crew filer whose members' lines took the whole amount, and one whose typed amounts add up.
        let payers = [payer(Some(1), 0, 0, false), payer(Some(2), 100, 100, false), payer(Some(3), 100, 0, false)];
        assert_eq!(waiting_besides(&payers, 3), 0);
        assert_eq!(waiting(&payers), 1);
    }

    #[test]
    fn a_key_case_is_flagged_once_by_the_filing_that_crosses_the_threshold() {
        let c = Campaign::default();
        let yuan = |y: i64, w: u32| Totals { owed_fen: y * 100, workers: w };
        assert_eq!(key_case_crossed(yuan(0, 0), yuan(600_000, 1), &c), None);
        let crossed = key_case_crossed(yuan(600_000, 1), yuan(1_100_000, 2), &c);
        assert_eq!(
            crossed,
            Some(ImmediateAlert::KeyCase {
                total_owed_fen: 110_000_000,
                workers: 2,
                by_amount: true,
                by_workers: false
            })
        );
        assert_eq!(key_case_crossed(yuan(1_100_000, 2), yuan(1_400_000, 3), &c), None, "already a key case");
        let by_workers = key_case_crossed(yuan(10_000, 29), yuan(12_000, 30), &c);
        assert!(matches!(by_workers, Some(ImmediateAlert::KeyCase { by_workers: true, by_amount: false, .. })));
    }
}
