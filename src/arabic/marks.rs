//! What a writer's marks say about a word: an explicit madda (آ), shadda
//! and short vowels. Normalisation drops them for comparison; here they are
//! evidence that a word the matcher would take for a glossary form is
//! another word.
//!
//! The rules, letter by letter once the two words' base letters are
//! aligned (they are equal after normalisation):
//!
//! - **Madda.** Writers drop hamzas and confuse أ and إ, so a bare ا, أ or
//!   إ in the text matches any alef of the glossary. An explicit آ is a
//!   long vowel, not a slip: it matches آ or a bare ا in the glossary,
//!   never أ or إ (آمن "safe" is not أمن "security").
//! - **Diacritics** count only where both sides wrote marks on the letter,
//!   so an unvocalised glossary form (or text) constrains nothing and a
//!   glossary editor makes a form strict by vocalising it (`أَمْن`):
//!   - a shadda on one side and none on the other is a contradiction
//!     (عَلَّم "taught" is not عَلَم "flag"), except on the first letter
//!     after the article, where a sun letter takes a shadda (الشَّمس);
//!   - two short vowels (fatha, damma, kasra, sukun) must be the same
//!     (أَمِن "he felt safe" is not أَمْن), except on the stem's last
//!     letter, whose vowel is the case or mood ending;
//!   - tanween, the superscript alef and Quranic marks are not compared.

use unicode_normalization::UnicodeNormalization;

use super::normalize_char;

const FATHATAN: u16 = 1 << 0;
const DAMMATAN: u16 = 1 << 1;
const KASRATAN: u16 = 1 << 2;
const FATHA: u16 = 1 << 3;
const DAMMA: u16 = 1 << 4;
const KASRA: u16 = 1 << 5;
const SHADDA: u16 = 1 << 6;
const SUKUN: u16 = 1 << 7;
const MADDA_ABOVE: u16 = 1 << 8;
const HAMZA_ABOVE: u16 = 1 << 9;
const HAMZA_BELOW: u16 = 1 << 10;

/// The marks a writer vocalises a letter with.
const DIACRITICS: u16 = FATHATAN | DAMMATAN | KASRATAN | FATHA | DAMMA | KASRA | SHADDA | SUKUN;
const VOWELS: u16 = FATHA | DAMMA | KASRA | SUKUN;

/// The bit of a combining mark this module reads, if it is one.
fn mark_bit(c: char) -> Option<u16> {
    match c {
        '\u{064B}'..='\u{0655}' => Some(1 << (c as u32 - 0x064B)),
        _ => None,
    }
}

/// One letter of a word as written, with the marks on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter {
    /// The character as written (a presentation form decomposed).
    pub base: char,
    marks: u16,
}

impl Letter {
    /// An alef with madda (آ, or ا with a combining madda).
    pub fn has_madda(self) -> bool {
        self.base == 'آ' || (self.base == 'ا' && self.marks & MADDA_ABOVE != 0)
    }

    /// An alef with a hamza (أ إ, or ا with a combining hamza).
    pub fn has_hamza(self) -> bool {
        matches!(self.base, 'أ' | 'إ')
            || (self.base == 'ا' && self.marks & (HAMZA_ABOVE | HAMZA_BELOW) != 0)
    }

    fn vocalised(self) -> bool {
        self.marks & DIACRITICS != 0
    }

    fn shadda(self) -> bool {
        self.marks & SHADDA != 0
    }

    fn vowel(self) -> u16 {
        self.marks & VOWELS
    }

    /// Written with kasratan (قاضٍ: a noun whose final ي drops).
    pub fn has_kasratan(self) -> bool {
        self.marks & KASRATAN != 0
    }
}

/// The letters of `word`, one for each character of its normalised form
/// (so that they align with it), each with the marks written on it.
pub fn letters(word: &str) -> Vec<Letter> {
    let mut out = Vec::with_capacity(word.len() / 2);
    let mut buffer = String::new();
    for c in word.chars() {
        if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') {
            // As normalisation does: decompose, then read what comes out.
            let mut decomposed = c.nfkc().peekable();
            if decomposed.peek() == Some(&c) {
                continue;
            }
            for d in decomposed.filter(|&d| d != c) {
                push(d, &mut out, &mut buffer);
            }
        } else {
            push(c, &mut out, &mut buffer);
        }
    }
    out
}

fn push(c: char, out: &mut Vec<Letter>, buffer: &mut String) {
    if let Some(bit) = mark_bit(c) {
        if let Some(last) = out.last_mut() {
            last.marks |= bit;
        }
        return;
    }
    buffer.clear();
    normalize_char(c, buffer);
    for _ in buffer.chars() {
        out.push(Letter { base: c, marks: 0 });
    }
}

/// Whether `word` carries anything [`compare`] reads: a madda, a vowel mark,
/// a shadda, or a presentation form (which may hide one). A cheap scan of
/// the bytes, so that the letters are compared only when it can matter.
pub fn has_evidence(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes
        .windows(2)
        .any(|w| matches!(w, [0xD8, 0xA2] | [0xD9, 0x8B..=0x95]))
        || bytes.contains(&0xEF)
}

/// Whether `word` is vocalised: it writes a short vowel, sukun, shadda or tanween.
pub fn is_vocalised(word: &str) -> bool {
    word.chars()
        .any(|c| mark_bit(c).is_some_and(|bit| bit & DIACRITICS != 0))
}

/// Whether `word` writes an alef with a hamza (أ إ).
pub fn has_hamza_alef(word: &str) -> bool {
    // The letters are read only for a combining hamza or a presentation form.
    word.contains(['أ', 'إ'])
        || ((word.contains(['\u{0654}', '\u{0655}']) || word.bytes().any(|b| b == 0xEF))
            && letters(word).iter().any(|l| l.has_hamza()))
}

/// What a glossary word's marks say, for the matcher's index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// [`is_vocalised`].
    pub vocalised: bool,
    /// [`has_hamza_alef`].
    pub hamza_alef: bool,
    /// The last letter carries a kasratan (قاضٍ).
    pub final_kasratan: bool,
}

/// [`Summary`] of `word`: one pass over its bytes, the letters read only
/// for what the bytes cannot tell (a combining hamza, a presentation form,
/// a kasratan).
pub fn summary(word: &str) -> Summary {
    let mut out = Summary::default();
    let (mut unusual, mut kasratan) = (false, false);
    let bytes = word.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (b, bytes.get(i + 1)) {
            (0xD8, Some(0xA3 | 0xA5)) => out.hamza_alef = true,
            (0xD9, Some(0x8D)) => {
                out.vocalised = true;
                kasratan = true;
            }
            (0xD9, Some(0x8B..=0x92)) => out.vocalised = true,
            (0xD9, Some(0x94 | 0x95)) | (0xEF, _) => unusual = true,
            _ => {}
        }
    }
    if unusual || kasratan {
        let letters = letters(word);
        out.hamza_alef |= letters.iter().any(|l| l.has_hamza());
        out.vocalised |= letters.iter().any(|l| l.vocalised());
        out.final_kasratan = letters.last().is_some_and(|l| l.has_kasratan());
    }
    out
}

/// What contradicts a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contradiction {
    /// آ in the text where the glossary writes أ or إ.
    Madda,
    /// A shadda or short vowel in the text against the glossary's.
    Diacritics,
}

/// One side of a comparison: a word's letters and where its stem lies.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub letters: &'a [Letter],
    /// The index of the stem's first letter.
    pub start: usize,
    /// The word has the article before the stem.
    pub article: bool,
}

/// Compares the text's stem with the glossary's, letter by letter from
/// their starts, over `len` letters at most (see the module docs).
pub fn compare(text: Side, glossary: Side, len: usize) -> Result<(), Contradiction> {
    let text_stem = text.letters.get(text.start..).unwrap_or_default();
    let glossary_stem = glossary.letters.get(glossary.start..).unwrap_or_default();
    let len = len.min(text_stem.len()).min(glossary_stem.len());
    let article = text.article || glossary.article;
    for (p, (&t, &g)) in text_stem.iter().zip(glossary_stem).take(len).enumerate() {
        if t.has_madda() && g.has_hamza() {
            return Err(Contradiction::Madda);
        }
        if !(t.vocalised() && g.vocalised()) {
            continue;
        }
        let sun_letter = p == 0 && article;
        if !sun_letter && t.shadda() != g.shadda() {
            return Err(Contradiction::Diacritics);
        }
        let last = p + 1 == len || p + 1 == glossary_stem.len();
        if !last && t.vowel() != 0 && g.vowel() != 0 && t.vowel() != g.vowel() {
            return Err(Contradiction::Diacritics);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize;

    fn check(text: &str, glossary: &str) -> Result<(), Contradiction> {
        let t = letters(text);
        let g = letters(glossary);
        assert_eq!(t.len(), normalize(text).chars().count(), "{text}");
        assert_eq!(g.len(), normalize(glossary).chars().count(), "{glossary}");
        let len = t.len();
        let side = |letters, article| Side {
            letters,
            start: 0,
            article,
        };
        compare(side(&t, false), side(&g, false), len)
    }

    #[test]
    fn letters_align_with_the_normalised_word() {
        for word in ["الأَمْنُ", "ﺑﺎﻳﺪﻥ", "لآ", "ﻵ", "قمـــة", "عَلَّمَ", "a\u{200F}b"]
        {
            assert_eq!(
                letters(word).len(),
                normalize(word).chars().count(),
                "{word}"
            );
        }
        let l = letters("ﻵ");
        assert!(l[1].has_madda(), "{l:?}");
        assert!(letters("ا\u{0653}")[0].has_madda());
        assert!(letters("ا\u{0654}")[0].has_hamza());
    }

    #[test]
    fn an_explicit_madda_is_not_a_hamza() {
        assert_eq!(check("آمن", "أمن"), Err(Contradiction::Madda));
        assert_eq!(check("ﺁﻣﻦ", "أمن"), Err(Contradiction::Madda));
        assert_eq!(check("آثار", "إثار"), Err(Contradiction::Madda));
        // Dropped or confused hamzas keep matching, and آ matches آ or ا.
        assert_eq!(check("امن", "أمن"), Ok(()));
        assert_eq!(check("إمن", "أمن"), Ok(()));
        assert_eq!(check("أمن", "آمن"), Ok(()));
        assert_eq!(check("آسيا", "آسيا"), Ok(()));
        assert_eq!(check("آسيا", "اسيا"), Ok(()));
    }

    #[test]
    fn diacritics_count_where_both_sides_write_them() {
        // A vowel against another vowel, a shadda against none.
        assert_eq!(check("أَمِن", "أَمْن"), Err(Contradiction::Diacritics));
        assert_eq!(check("عَلَّم", "عَلَم"), Err(Contradiction::Diacritics));
        assert_eq!(check("علّم", "عَلَم"), Err(Contradiction::Diacritics));
        assert_eq!(check("عَلَم", "عَلَّم"), Err(Contradiction::Diacritics));
        // Nothing written on one side: no evidence.
        assert_eq!(check("أمن", "أَمْن"), Ok(()));
        assert_eq!(check("أَمِن", "أمن"), Ok(()));
        assert_eq!(check("علّم", "علم"), Ok(()));
        // A glossary shadda against a letter the text vocalised without one.
        assert_eq!(check("عَلَم", "علّم"), Err(Contradiction::Diacritics));
        // The same marks agree; a shadda alone agrees with shadda and vowel.
        assert_eq!(check("أَمْن", "أَمْن"), Ok(()));
        assert_eq!(check("علّم", "عَلَّم"), Ok(()));
        // The last letter's vowel is the case ending.
        assert_eq!(check("أَمْنُ", "أَمْن"), Ok(()));
        assert_eq!(check("أَمْنٌ", "أَمْنِ"), Ok(()));
        // But its shadda is part of the word.
        assert_eq!(check("عامّ", "عامَ"), Err(Contradiction::Diacritics));
    }

    #[test]
    fn a_sun_letter_after_the_article_may_take_a_shadda() {
        let t = letters("الشَّمس");
        let g = letters("شَمْس");
        let text = Side {
            letters: &t,
            start: 2,
            article: true,
        };
        let glossary = Side {
            letters: &g,
            start: 0,
            article: false,
        };
        assert_eq!(compare(text, glossary, 3), Ok(()));
        let t = letters("شَّمس");
        let text = Side {
            letters: &t,
            start: 0,
            article: false,
        };
        assert_eq!(compare(text, glossary, 3), Err(Contradiction::Diacritics));
    }

    #[test]
    fn evidence_is_found_cheaply() {
        assert!(!has_evidence("الأمن"));
        assert!(has_evidence("آمن"));
        assert!(has_evidence("أَمن"));
        assert!(has_evidence("ﺁﻣﻦ"));
        assert!(is_vocalised("أَمْن"));
        assert!(!is_vocalised("أمن"));
        assert!(has_hamza_alef("الأمن"));
        assert!(!has_hamza_alef("امن"));
        for word in ["قاضٍ", "أَمْن", "ﺃﻣﻦ", "ا\u{0654}من", "امن", "مساعٍ", "عَلَم"]
        {
            let s = summary(word);
            assert_eq!(s.vocalised, is_vocalised(word), "{word}");
            assert_eq!(s.hamza_alef, has_hamza_alef(word), "{word}");
            assert_eq!(
                s.final_kasratan,
                letters(word).last().is_some_and(|l| l.has_kasratan()),
                "{word}"
            );
        }
    }
}
