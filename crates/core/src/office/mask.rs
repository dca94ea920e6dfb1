//! Personal numbers inside free text (a worker's description or message) are masked before the
//! text reaches a group: office chats only ever show `138****8000` and `1101**********002X`.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// ID numbers (18 characters, or the old 15 digits) and mobile numbers, also written with spaces,
/// dashes or dots between their groups and a mobile with its country prefix (`+86`, `0086`, `86`),
/// not glued to other digits. The prefix is kept as written; the number itself is masked.
static NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^0-9])
        ((?:\+|00)?86[\ .-]?)?
        (
          [1-9][0-9]{5}[\ -]?(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][\ -]?[0-9]{3}[0-9Xx]   # 18-character ID
        | [1-9][0-9]{14}                                                                  # 15-digit ID
        | 1[3-9][0-9][\ .-]?[0-9]{4}[\ .-]?[0-9]{4}                                      # mobile
        )
        (?:[^0-9]|$)",
    )
    .expect("static regex")
});

/// The text with every phone and ID number masked. Full-width digits count (they are written as
/// ASCII digits; everything else stays as the worker wrote it).
pub fn mask_numbers(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ｘ' | 'ｘ' => c.nfkc().next().unwrap_or(c),
            _ => c,
        })
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut at = 0;
    while let Some(caps) = NUMBERS.captures_at(&text, at) {
        let Some(m) = caps.get(2) else { break };
        out.push_str(&text[last..m.start()]);
        out.push_str(&mask_one(m.as_str()));
        last = m.end();
        at = m.end();
    }
    out.push_str(&text[last..]);
    out
}

/// A name as office chats show it until unmasked: `李*国`, `王*`, `M*** L**`.
pub fn mask_name(name: &str) -> String {
    let mask_word = |w: &str| {
        let chars: Vec<char> = w.chars().collect();
        match chars.len() {
            0 => String::new(),
            1 | 2 => format!("{}*", chars[0]),
            n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
        }
    };
    name.split_whitespace().map(mask_word).collect::<Vec<_>>().join(" ")
}

fn mask_one(number: &str) -> String {
    let chars: Vec<char> = number.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let (head, tail) = if chars.len() == 11 { (3, 4) } else { (4, 4) };
    let hidden = chars.len().saturating_sub(head + tail);
    let mut s: String = chars[..head].iter().collect();
    s.push_str(&"*".repeat(hidden));
    s.extend(&chars[chars.len() - tail..]);
    s
}

#[cfg(test)]
mod tests {
    use super::mask_numbers;

    #[test]
    fn phones_and_ids_are_masked_wherever_they_appear() {
        assert_eq!(mask_numbers("电话13800138000谢谢"), "电话138****8000谢谢");
        assert_eq!(mask_numbers("call 138 0013 8000."), "call 138****8000.");
        assert_eq!(mask_numbers("138-0013-8000"), "138****8000");
        assert_eq!(mask_numbers("身份证11010519491231002X"), "身份证1101**********002X");
        assert_eq!(mask_numbers("１３８００１３８０００"), "138****8000");
        assert_eq!(mask_numbers("好的，谢谢。"), "好的，谢谢。");
        assert_eq!(mask_numbers("老身份证110105491231002"), "老身份证1101*******1002");
    }

    #[test]
    fn prefixes_and_separators_do_not_hide_a_number_from_the_mask() {
        for (typed, shown) in [
            ("+8613912345678", "+86139****5678"),
            ("8613912345678", "86139****5678"),
            ("0086 139 1234 5678", "0086 139****5678"),
            ("+86-139-1234-5678", "+86-139****5678"),
            ("139.1234.5678", "139****5678"),
            ("身份证 330102 19850612 3413", "身份证 3301**********3413"),
            ("330102-19850612-341X", "3301**********341X"),
        ] {
            assert_eq!(mask_numbers(typed), shown, "{typed}");
        }
    }

    #[test]
    fn money_dates_and_other_numbers_stay() {
        for text in ["欠了45000元", "2026年10月", "工号 12345678", "138000", "0571-87654321"] {
            assert_eq!(mask_numbers(text), text);
        }
        // Digits glued to more digits are not a phone number.
        assert_eq!(mask_numbers("123800138000"), "123800138000");
    }

    #[test]
    fn names_keep_only_their_ends() {
        use super::mask_name;
        assert_eq!(mask_name("李建国"), "李*国");
        assert_eq!(mask_name("王芳"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("Maria Lopez"), "M***a L***z");
    }

    #[test]
    fn two_numbers_next_to_each_other_are_both_masked() {
        assert_eq!(mask_numbers("13800138000,13900139000"), "138****8000,139****9000");
    }
}
