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
    // Fast paths for ASCII and the Arabic letters and digits; Unicode's
    // alphabetic table is slow and this runs for every character matched.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if matches!(c, '\u{0620}'..='\u{065F}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}'..='\u{06ED}' | '\u{06EE}'..='\u{06FF}')
    {
        return true;
    }
    c.is_alphanumeric()
        || matches!(c,
            '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}'
            | '\u{200C}' | '\u{200D}')
}

/// One word of a text: its byte span, and where its normalised form lies in
/// the buffer that [`scan_words`] fills (one buffer for all words, so
/// matching a long document allocates per sentence, not per word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordSpan {
    pub start: usize,
    pub end: usize,
    pub norm: std::ops::Range<usize>,
}

/// The words of `text`, in order; their normalised forms are appended to `norms`.
pub fn scan_words(text: &str, norms: &mut String) -> Vec<WordSpan> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut current: Option<WordSpan> = None;
    for (offset, c) in text.char_indices() {
        if is_word_char(c) {
            let at = norms.len();
            let word = current.get_or_insert(WordSpan {
                start: offset,
                end: offset,
                norm: at..at,
            });
            word.end = offset + c.len_utf8();
            normalize_char(c, norms);
            word.norm.end = norms.len();
        } else if let Some(word) = current.take() {
            push(&mut out, word);
        }
    }
    if let Some(word) = current.take() {
        push(&mut out, word);
    }
    out
}

fn push(out: &mut Vec<WordSpan>, word: WordSpan) {
    // A run of tatweel or marks alone normalises to nothing: not a word.
    if !word.norm.is_empty() {
        out.push(word);
    }
}

/// The words of `text`, in order, with byte spans into `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut norms = String::new();
    scan_words(text, &mut norms)
        .into_iter()
        .map(|w| Token {
            start: w.start,
            end: w.end,
            norm: norms[w.norm].to_string(),
        })
        .collect()
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
