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
    scan_words_into(text, norms, &mut out);
    out
}

/// [`scan_words`] into buffers the caller keeps: the words are appended to
/// `out`, so matching many sentences allocates once, not once a sentence.
///
/// This runs over every byte that is matched, so it reads bytes, not chars:
/// a character of the Arabic block (two bytes) is classified by one table
/// lookup, and runs of characters that are their own normal form (nearly
/// all letters) are copied into `norms` at once.
pub fn scan_words_into(text: &str, norms: &mut String, out: &mut Vec<WordSpan>) {
    let arabic = arabic_block();
    let bytes = text.as_bytes();
    let mut word: Option<WordSpan> = None;
    // Where the characters not yet copied to `norms`, all their own normal
    // form, start.
    let mut same_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (class, len) = match b {
            // The lead byte of U+0600–U+06FF; valid UTF-8 has its second byte.
            0xD8..=0xDB => {
                let code = (usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F);
                (arabic[code - 0x0600], 2)
            }
            0..0x80 => (ASCII[usize::from(b)], 1),
            _ => {
                let c = text[i..].chars().next().expect("a char starts here");
                let class = if is_word_char(c) {
                    Class::Other
                } else {
                    Class::Break
                };
                (class, c.len_utf8())
            }
        };
        if let Class::Break = class {
            if let Some(mut done) = word.take() {
                norms.push_str(&text[same_from..i]);
                done.end = i;
                done.norm.end = norms.len();
                push(out, done);
            }
            i += len;
            continue;
        }
        if word.is_none() {
            word = Some(WordSpan {
                start: i,
                end: i,
                norm: norms.len()..norms.len(),
            });
            same_from = i;
        }
        match class {
            Class::Same | Class::Break => {}
            Class::Dropped | Class::To(_) | Class::Other => {
                norms.push_str(&text[same_from..i]);
                match class {
                    Class::To(to) => norms.push(to),
                    Class::Other => {
                        normalize_char(text[i..].chars().next().expect("a char"), norms)
                    }
                    _ => {}
                }
                same_from = i + len;
            }
        }
        i += len;
    }
    if let Some(mut done) = word.take() {
        norms.push_str(&text[same_from..]);
        done.end = text.len();
        done.norm.end = norms.len();
        push(out, done);
    }
}

/// How [`scan_words_into`] treats a character.
#[derive(Clone, Copy)]
enum Class {
    /// Not part of a word.
    Break,
    /// Part of a word, its own normal form.
    Same,
    /// Part of a word, normalised to nothing (a mark, tatweel).
    Dropped,
    /// Part of a word, normalised to this one character.
    To(char),
    /// Part of a word; [`normalize_char`] says what it becomes.
    Other,
}

/// [`Class`] of every ASCII character: letters and digits are word
/// characters, capitals normalise to small letters.
const ASCII: [Class; 128] = {
    let mut table = [Class::Break; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => Class::Same,
            c @ b'A'..=b'Z' => Class::To(c.to_ascii_lowercase() as char),
            _ => Class::Break,
        };
        b += 1;
    }
    table
};

/// [`Class`] of every character of the Arabic block U+0600–U+06FF, which
/// is nearly all an Arabic text is made of.
fn arabic_block() -> &'static [Class; 256] {
    static TABLE: std::sync::OnceLock<[Class; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            let c = char::from_u32(0x0600 + i as u32).expect("the Arabic block is all chars");
            if !is_word_char(c) {
                return Class::Break;
            }
            let mut norm = String::new();
            normalize_char(c, &mut norm);
            let mut chars = norm.chars();
            match (chars.next(), chars.next()) {
                (None, _) => Class::Dropped,
                (Some(to), None) if to == c => Class::Same,
                (Some(to), None) => Class::To(to),
                _ => Class::Other,
            }
        })
    })
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

    /// The words by the definition: runs of [`is_word_char`], normalised
    /// character by character, empty ones left out.
    fn by_definition(text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut current: Option<(usize, usize, String)> = None;
        for (offset, c) in text.char_indices() {
            if is_word_char(c) {
                let word = current.get_or_insert((offset, offset, String::new()));
                word.1 = offset + c.len_utf8();
                normalize_char(c, &mut word.2);
            } else if let Some(word) = current.take() {
                out.push(word);
            }
        }
        out.extend(current);
        out.retain(|w| !w.2.is_empty());
        out
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scan_agrees_with_the_definition(
            text in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F}\u{0750}-\u{077F} a-zA-Z0-9.,!é]{0,40}"
        ) {
            let mut norms = String::new();
            let fast: Vec<(usize, usize, String)> = scan_words(&text, &mut norms)
                .into_iter()
                .map(|w| (w.start, w.end, norms[w.norm].to_string()))
                .collect();
            proptest::prop_assert_eq!(fast, by_definition(&text));
        }
    }
}
