//! Normalisation of Arabic for matching and search.
//!
//! Strips tashkeel, Quranic marks, tatweel, joiners and bidi controls; folds
//! alef and hamza seats, alef maqsura, ta marbuta, Persian/Urdu look-alikes
//! and presentation forms to base letters; maps Arabic-Indic digits to ASCII
//! and lower-cases Latin. The result is only ever used for comparison.

use unicode_normalization::UnicodeNormalization;

/// Appends the normalised form of `c` to `out` (nothing when `c` is stripped).
#[inline]
pub fn normalize_char(c: char, out: &mut String) {
    // Most letters of Arabic text are their own normal form.
    if matches!(c, 'a'..='z' | '0'..='9' | '\u{0621}' | '\u{0627}' | '\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}')
    {
        out.push(c);
    } else {
        normalize_other(c, out);
    }
}

fn normalize_other(c: char, out: &mut String) {
    match c {
        // Presentation forms (text copied from PDFs): decompose to base
        // letters, then normalise what comes out.
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
            let mut decomposed = c.nfkc().peekable();
            if decomposed.peek() == Some(&c) {
                return; // non-characters and the like: nothing to compare
            }
            for d in decomposed {
                if d != c {
                    normalize_char(d, out);
                }
            }
        }
        _ => {
            if let Some(mapped) = fold(c) {
                out.push(mapped);
            }
        }
    }
}

/// One-to-one folding; `None` for characters that are dropped.
fn fold(c: char) -> Option<char> {
    Some(match c {
        // Tashkeel, Quranic annotation marks, superscript alef, tatweel.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}' => return None,
        // Joiners, bidi controls, byte order mark.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}' => return None,
        // Alef with hamza or madda, alef wasla → bare alef.
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        // Hamza on waw or ya, high hamza → hamza, so مسؤول = مسئول.
        'ؤ' | 'ئ' | '\u{0674}' => 'ء',
        'ى' | 'ی' | 'ے' | '\u{06D0}' => 'ي',
        'ة' | 'ہ' | 'ۀ' | 'ھ' | 'ۃ' => 'ه',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    })
}

/// Normalised text with a map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// For every byte offset `i` of `text` that starts a char (and for
    /// `text.len()`), `starts[i]` is the byte offset in the original of the
    /// character that produced it.
    starts: Vec<usize>,
    /// For every char boundary `i` of `text`, `ends[i]` is the byte offset in
    /// the original just past the character that produced the char ending at `i`.
    ends: Vec<usize>,
}

impl Normalized {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len() + 1);
        let mut ends = Vec::with_capacity(original.len() + 1);
        ends.push(0);
        for (offset, c) in original.char_indices() {
            let before = text.len();
            normalize_char(c, &mut text);
            let end = offset + c.len_utf8();
            for _ in before..text.len() {
                starts.push(offset);
                ends.push(end);
            }
        }
        starts.push(original.len());
        Self { text, starts, ends }
    }

    /// The original byte offset where normalised byte `i` came from.
    pub fn original_start(&self, i: usize) -> usize {
        self.starts[i]
    }

    /// The original byte offset just past what produced normalised bytes up to `i`.
    pub fn original_end(&self, i: usize) -> usize {
        self.ends[i]
    }

    /// Maps a normalised byte range to the original byte range it came from.
    pub fn original_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        if range.is_empty() {
            let at = self.original_start(range.start);
            return at..at;
        }
        self.original_start(range.start)..self.original_end(range.end)
    }
}

/// The normalised form of `s`, for comparison only.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        normalize_char(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_what_the_press_writes_differently() {
        assert_eq!(normalize("مسؤول"), normalize("مسئول"));
        assert_eq!(normalize("الأميركي"), "الاميركي");
        assert_eq!(normalize("إلى"), "الي");
        assert_eq!(normalize("فديةٌ"), "فديه");
        assert_eq!(normalize("هجوماً"), "هجوما");
        assert_eq!(normalize("الـــفدية"), "الفديه");
        assert_eq!(normalize("کی"), "كي");
        assert_eq!(normalize("٢٠٢١ و۳"), "2021 و3");
        assert_eq!(normalize("Kaseya"), "kaseya");
        assert_eq!(normalize("a\u{200F}b\u{2067}c\u{200D}"), "abc");
    }

    #[test]
    fn presentation_forms_become_letters() {
        // "ﺑﺎﻳﺪﻥ" as copied from a PDF, and the lam-alef ligature.
        assert_eq!(normalize("ﺑﺎﻳﺪﻥ"), "بايدن");
        assert_eq!(normalize("ﻻ"), "لا");
        assert_eq!(normalize("ﺁ"), "ا");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let original = "الأَمْنُ ١٢";
        let n = Normalized::new(original);
        assert_eq!(n.text, "الامن 12");
        let start = n.text.find("امن").unwrap();
        let range = n.original_range(start..start + "امن".len());
        assert_eq!(&original[range], "أَمْن");
        let digits = n.text.find("12").unwrap();
        assert_eq!(&original[n.original_range(digits..digits + 2)], "١٢");
    }

    proptest! {
        #[test]
        fn idempotent(s in "\\PC{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn idempotent_on_arabic(s in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF} a-zA-Z0-9]{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn map_points_at_char_boundaries(s in "[\u{0600}-\u{06FF}\u{FE70}-\u{FEFF} a-z]{0,30}") {
            let n = Normalized::new(&s);
            for (i, _) in n.text.char_indices() {
                let r = n.original_range(i..i);
                prop_assert!(s.is_char_boundary(r.start));
            }
            let full = n.original_range(0..n.text.len());
            prop_assert!(full.end <= s.len());
        }
    }
}
