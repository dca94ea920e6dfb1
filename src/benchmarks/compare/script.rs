//! What the simulated workers do: the full Chinese intake of the demo and the API tests (every step,
//! the refused daily rate, evidence, submit), and the echo bot's plain texts.

/// One thing a worker does in their private chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    Type(String),
    /// Presses the newest button whose label contains this.
    Press(&'static str),
    Contact(String),
    Photo,
}

/// The intake as worker `n` files it. Workers differ in employer and phone, so every complaint opens
/// a case of its own, as unrelated workers' complaints do.
pub fn intake(n: usize) -> Vec<Act> {
    let text = |s: &str| Act::Type(s.to_owned());
    vec![
        text("/start"),
        Act::Press("中文"),
        Act::Press("同意"),
        Act::Press("西湖区"),
        Act::Press("转塘街道"),
        text("文三路金色家园二期工地"),
        Act::Press("盖房子"),
        Act::Press("包工头"),
        Act::Type(format!("王老板{n}（杭州某某劳务有限公司）")),
        Act::Press("我自己干活的工资"),
        Act::Press("没有"),
        text("一天300"),
        text("4万5"),
        Act::Press("对"),
        text("去年10月到今年1月"),
        Act::Press("只有我"),
        text("李建国"),
        Act::Contact(format!("+86 139{:08}", n % 100_000_000)),
        Act::Press("同意，我来填"),
        text("11010519491231002X"),
        Act::Photo,
        Act::Press("发完了"),
        text("从去年十月干到今年一月，老板一直拖着不给钱，说年底再说，现在电话也不接。"),
        Act::Press("确认无误"),
        Act::Press("我保证属实"),
    ]
}

/// Plain texts for the echo bot: as many as the intake has steps, `rounds` times over (the echo bot is
/// so fast that one round is over before the figures settle).
pub fn echo(n: usize, rounds: usize) -> Vec<Act> {
    (0..intake(0).len() * rounds.max(1)).map(|i| Act::Type(format!("工人{n}的第{i}条消息"))).collect()
}

/// The small photographed IOU every worker sends as evidence.
pub fn photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice("欠条：今欠工资肆万伍仟元整。王某 2026年1月20日".as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
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
