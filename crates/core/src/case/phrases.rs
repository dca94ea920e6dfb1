//! A worker's words prepared for the emergency lexicons, and where a lexicon phrase occurs in them.
//!
//! Workers type on phones: full or half width, mixed case, spaces inside words ("跳 楼") or in place of
//! a comma ("不给钱 我们去堵路"), often no punctuation at all. Text and phrases are normalized alike, so
//! a phrase written in the deployment file matches however the worker typed it.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use unicode_normalization::UnicodeNormalization;

/// A place in the normalized text: character indices `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Span {
    pub(super) fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub(super) fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What punctuation and line ends become: nothing matches across it, and it ends a clause.
const BREAK: char = '\n';

/// A `*` in a phrase stands for at most this many characters (an English word counts as one).
pub(super) const MAX_GAP: usize = 4;

/// A worker's words, normalized.
pub(super) struct Text {
    chars: Vec<char>,
    /// Whitespace stood before this character next to a Chinese one. Workers put it where a comma
    /// goes, so it ends a clause for negation; a phrase still matches across it ("跳 楼").
    pause_before: Vec<bool>,
}

/// A lexicon phrase, normalized like the text; its parts were separated by `*` in the file.
pub(super) struct Phrase {
    parts: Vec<Vec<char>>,
}

/// English words keep their spaces and are matched whole; Chinese has no spaces to keep.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\''
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | '、'
            | '。'
            | '…'
            | '('
            | ')'
            | '['
            | ']'
            | '【'
            | '】'
            | '《'
            | '》'
            | '「'
            | '」'
            | '"'
            | '“'
            | '”'
            | '~'
            | '—'
            | '|'
            | '\n'
            | '\r'
    )
}

impl Text {
    pub(super) fn new(raw: &str) -> Text {
        // NFKC makes full-width letters, digits and punctuation (，！？) half-width.
        let folded: Vec<char> = raw
            .nfkc()
            .flat_map(char::to_lowercase)
            .map(|c| if matches!(c, '\u{2018}' | '\u{2019}' | '`') { '\'' } else { c })
            .collect();
        let mut chars = Vec::with_capacity(folded.len());
        let mut pause_before = Vec::with_capacity(folded.len());
        let mut space = false;
        for (i, &c) in folded.iter().enumerate() {
            let in_number = matches!(c, ',' | '.')
                && i > 0
                && folded[i - 1].is_ascii_digit()
                && folded.get(i + 1).is_some_and(char::is_ascii_digit);
            if is_break(c) && !in_number {
                chars.push(BREAK);
                pause_before.push(false);
                space = false;
                continue;
            }
            if c.is_whitespace() {
                space = true;
                continue;
            }
            let mut pause = false;
            if space && let Some(&last) = chars.last() {
                if is_word_char(last) && is_word_char(c) {
                    chars.push(' ');
                    pause_before.push(false);
                } else {
                    pause = true;
                }
            }
            space = false;
            chars.push(c);
            pause_before.push(pause);
        }
        Text { chars, pause_before }
    }

    /// Every place the phrase occurs, each starting position once (its shortest match).
    pub(super) fn find(&self, phrase: &Phrase) -> Vec<Span> {
        (0..self.chars.len()).filter_map(|start| self.match_at(phrase, start)).collect()
    }

    pub(super) fn slice(&self, span: Span) -> String {
        self.chars[span.start..span.end].iter().collect()
    }

    /// Characters between `from` and `to`, an English word (or the rest of one) counting once.
    pub(super) fn units(&self, from: usize, to: usize) -> usize {
        (from..to)
            .filter(|&k| {
                let c = self.chars[k];
                c != ' ' && (!is_word_char(c) || k == from || !is_word_char(self.chars[k - 1]))
            })
            .count()
    }

    /// Whether a clause ends between `from` and `to`: punctuation, a line end, or a pause.
    pub(super) fn clause_ends_between(&self, from: usize, to: usize) -> bool {
        self.chars[from..to].contains(&BREAK) || (from..=to).any(|k| self.pause_before.get(k) == Some(&true))
    }

    fn part_at(&self, part: &[char], at: usize) -> bool {
        self.chars.get(at..at + part.len()) == Some(part)
            && (!is_word_char(part[0]) || at == 0 || !is_word_char(self.chars[at - 1]))
    }

    fn match_at(&self, phrase: &Phrase, start: usize) -> Option<Span> {
        let (first, rest) = phrase.parts.split_first()?;
        if !self.part_at(first, start) {
            return None;
        }
        self.match_rest(rest, start + first.len()).map(|end| Span { start, end })
    }

    /// Where the remaining parts end, each within `MAX_GAP` of the one before and in its clause. An
    /// English word at the very end must end there ("kill him" is not "kill himself"); inside, a
    /// part may be the start of a longer word ("climb*crane" reads "climbed the crane").
    fn match_rest(&self, parts: &[Vec<char>], from: usize) -> Option<usize> {
        let Some((part, rest)) = parts.split_first() else {
            let whole_word = from == 0
                || !is_word_char(self.chars[from - 1])
                || self.chars.get(from).is_none_or(|c| !is_word_char(*c));
            return whole_word.then_some(from);
        };
        let mut at = from;
        loop {
            if self.part_at(part, at)
                && let Some(end) = self.match_rest(rest, at + part.len())
            {
                return Some(end);
            }
            if at >= self.chars.len() || self.chars[at] == BREAK || self.units(from, at + 1) > MAX_GAP {
                return None;
            }
            at += 1;
        }
    }
}

impl Phrase {
    /// The phrases of `words` that leave something to match, each normalized once per process: a
    /// lexicon of a few hundred words was normalized again for every complaint (1 % of the bot's core
    /// in the closed-loop profile). The memo holds the words the deployment's lexicons name.
    pub(super) fn all(words: &[String]) -> Vec<Arc<Phrase>> {
        type Memo = HashMap<String, Option<Arc<Phrase>>>;
        static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Default::default);
        let mut memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
        words
            .iter()
            .filter_map(|w| match memo.get(w.as_str()) {
                Some(known) => known.clone(),
                None => memo.entry(w.clone()).or_insert_with(|| Phrase::new(w).map(Arc::new)).clone(),
            })
            .collect()
    }

    /// The phrase as the text would read it; `None` when nothing is left to match.
    pub(super) fn new(word: &str) -> Option<Phrase> {
        let parts: Vec<Vec<char>> = word
            .split('*')
            .map(|part| Text::new(part).chars.into_iter().filter(|c| *c != BREAK).collect::<Vec<char>>())
            .filter(|part| !part.is_empty())
            .collect();
        (!parts.is_empty()).then_some(Phrase { parts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, phrase: &str) -> Vec<String> {
        let t = Text::new(text);
        let p = Phrase::new(phrase).expect("a phrase");
        t.find(&p).into_iter().map(|s| t.slice(s)).collect()
    }

    #[test]
    fn spaces_width_and_case_do_not_hide_a_phrase() {
        assert_eq!(found("他说要 跳 楼", "跳楼"), ["跳楼"]);
        assert_eq!(found("ＷＥ  WILL Block The Road", "block the road"), ["block the road"]);
    }

    #[test]
    fn english_phrases_match_whole_words_only() {
        assert!(found("he has a lot of skill", "kill").is_empty());
        assert!(found("he wanted to kill himself", "kill him").is_empty());
        assert_eq!(found("we will kill him", "kill him"), ["kill him"]);
    }

    #[test]
    fn a_star_stands_for_a_few_characters_of_the_same_clause() {
        assert_eq!(found("有人爬上了那个塔吊", "爬*塔吊"), ["爬上了那个塔吊"]);
        assert_eq!(found("he climbed up the tower crane", "climb*crane"), ["climbed up the tower crane"]);
        assert!(found("有人爬上了工地旁边那个塔吊", "爬*塔吊").is_empty(), "more than four characters apart");
        assert!(found("有人爬上去了，塔吊", "爬*塔吊").is_empty(), "not across a comma");
    }

    #[test]
    fn punctuation_and_a_pause_between_chinese_words_end_a_clause_but_decimals_do_not() {
        let t = Text::new("我不想 去堵路，3.5万");
        assert!(t.clause_ends_between(0, 4), "the space after 不想");
        let t = Text::new("我不想去堵路");
        assert!(!t.clause_ends_between(3, 4));
        assert_eq!(Text::new("欠我3.5万，1,000元").slice(Span { start: 0, end: 6 }), "欠我3.5万");
    }

    #[test]
    fn an_english_word_counts_once_however_long() {
        let t = Text::new("i do not really want to block");
        assert_eq!(t.units(8, 24), 3, "{:?}", t.slice(Span { start: 8, end: 24 }));
        assert_eq!(Text::new("我没打算带着工友去堵路").units(4, 9), 5);
    }
}
