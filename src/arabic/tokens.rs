//! Word tokens: maximal runs of letters and digits (with the marks, tatweel
//! and joiners that may sit inside an Arabic word), by byte span.

use super::normalize::normalize_char;

/// One word of a text, with its normalised form for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub norm: String,
}

/// Whether `c` can be part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}'
            | '\u{200C}' | '\u{200D}')
}

/// The words of `text`, in order, with byte spans into `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current: Option<Token> = None;
    for (offset, c) in text.char_indices() {
        if is_word_char(c) {
            let token = current.get_or_insert_with(|| Token {
                start: offset,
                end: offset,
                norm: String::new(),
            });
            token.end = offset + c.len_utf8();
            normalize_char(c, &mut token.norm);
        } else if let Some(token) = current.take() {
            push(&mut out, token);
        }
    }
    if let Some(token) = current.take() {
        push(&mut out, token);
    }
    out
}

fn push(out: &mut Vec<Token>, token: Token) {
    // A run of tatweel or marks alone normalises to nothing: not a word.
    if !token.norm.is_empty() {
        out.push(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_spaces_and_punctuation() {
        let text = "قال “بايدن”، 2021 Kaseya.";
        let words: Vec<&str> = tokens(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["قال", "بايدن", "2021", "Kaseya"]);
    }

    #[test]
    fn keeps_marks_and_tatweel_inside_words() {
        let text = "أبلغتهُ الـفدية";
        let t = tokens(text);
        assert_eq!(&text[t[0].start..t[0].end], "أبلغتهُ");
        assert_eq!(t[0].norm, "ابلغته");
        assert_eq!(t[1].norm, "الفديه");
    }
}
