//! A deterministic glossary of real Arabic words and wire text made of them,
//! shared by the benchmarks (criterion and the whole-command script).
//!
//! The words are those of the seed article and of the shipped glossary
//! (1,100 distinct spellings). Phrases (two or three words, nineteen terms
//! in twenty) start with a word of the article (314 of them), so each word
//! of the text starts about 300 terms, and continue with words of either;
//! one-word terms are words of the shipped glossary (a term base lists
//! قرصنة, not في). A fifth have a variant (the last word replaced). Terms
//! are distinct after normalisation, forms included. The text is runs of
//! the article's own word sequence with glossary terms between them wearing
//! proclitics and suffixes, as a wire story would use them.

#![allow(dead_code)]

use tarjuman::glossary::{DOMAINS, Glossary, Term};

pub const SEED: &str = include_str!("../../seeds/biden-putin-ransomware.ar.txt");
pub const SHIPPED: &str = include_str!("../../glossary.toml");

const CLITICS: &[&str] = &["", "", "", "و", "ب", "ال", "وال", "بال", "لل", "ف"];
const SUFFIXES: &[&str] = &["", "", "", "", "ه", "ها", "هم", "ات"];

/// xorshift64*: deterministic, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The Arabic words of `text` (two letters or more), in order, as written.
fn arabic_words(text: &str) -> Vec<&str> {
    tarjuman::arabic::tokens(text)
        .into_iter()
        .map(|t| &text[t.start..t.end])
        .filter(|w| {
            w.chars()
                .filter(|c| matches!(c, '\u{0621}'..='\u{064A}'))
                .count()
                >= 2
        })
        .collect()
}

fn distinct(words: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    words
        .into_iter()
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// (the article's distinct words, every distinct word of the article and
/// the glossary, the glossary's words).
pub fn vocabulary() -> (Vec<String>, Vec<String>, Vec<String>) {
    let seed = distinct(arabic_words(SEED).into_iter().map(str::to_owned));
    let shipped = Glossary::parse(SHIPPED, "glossary.toml").expect("the shipped glossary");
    let forms: Vec<String> = shipped
        .terms
        .iter()
        .flat_map(|t| t.ar_forms().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let own = distinct(
        forms
            .iter()
            .flat_map(|f| arabic_words(f).into_iter().map(str::to_owned)),
    );
    let all = distinct(seed.iter().chain(&own).cloned());
    (seed, all, own)
}

/// `terms` distinct terms of real words (see the module documentation).
pub fn real_glossary(terms: usize) -> Glossary {
    let (first, all, own) = vocabulary();
    let mut rng = Rng(0x5EED_0000_0000_0011);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(terms);
    while out.len() < terms {
        let words = match rng.below(20) {
            0 => 1,
            1..=10 => 2,
            _ => 3,
        };
        let starts = if words == 1 { &own } else { &first };
        let mut phrase = vec![starts[rng.below(starts.len())].as_str()];
        for _ in 1..words {
            phrase.push(all[rng.below(all.len())].as_str());
        }
        let ar = phrase.join(" ");
        if !seen.insert(tarjuman::glossary::matcher::form_key(&ar)) {
            continue;
        }
        let mut ar_variants = Vec::new();
        if words > 1 && rng.below(5) == 0 {
            let mut variant = phrase.clone();
            *variant.last_mut().expect("two words") = all[rng.below(all.len())].as_str();
            let variant = variant.join(" ");
            if seen.insert(tarjuman::glossary::matcher::form_key(&variant)) {
                ar_variants.push(variant);
            }
        }
        let n = out.len();
        out.push(Term {
            ar,
            en: format!("term {n}"),
            ar_variants,
            domain: DOMAINS[n % DOMAINS.len()].to_string(),
            note: if n % 10 == 0 {
                format!("note {n}")
            } else {
                String::new()
            },
            ..Term::default()
        });
    }
    Glossary {
        name: "real words".into(),
        source_language: "ar".into(),
        target_language: "en".into(),
        terms: out,
    }
}

/// About `bytes` of wire text: runs of the article's words, glossary terms
/// with clitics and suffixes between them, sentences in paragraphs.
pub fn wire_text(glossary: &Glossary, bytes: usize) -> String {
    let words = arabic_words(SEED);
    let mut rng = Rng(0xC0FF_EE00_0000_0022);
    let mut text = String::with_capacity(bytes + 1024);
    let mut sentences = 0;
    while text.len() < bytes {
        for run in 0..1 + rng.below(3) {
            if run > 0 || rng.below(2) == 0 {
                let term = &glossary.terms[rng.below(glossary.terms.len())].ar;
                text.push_str(CLITICS[rng.below(CLITICS.len())]);
                text.push_str(term);
                text.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
                text.push(' ');
            }
            let len = 4 + rng.below(9);
            let start = rng.below(words.len() - len);
            for word in &words[start..start + len] {
                text.push_str(word);
                text.push(' ');
            }
        }
        text.pop();
        sentences += 1;
        text.push_str(if sentences % 5 == 0 { ".\n\n" } else { ". " });
    }
    text
}

/// A glossary of `n` terms that all have the same Arabic (`قمة`), as a
/// careless import or a copy-paste leaves them.
pub fn duplicates(n: usize) -> Glossary {
    Glossary {
        name: "duplicates".into(),
        source_language: "ar".into(),
        target_language: "en".into(),
        terms: (0..n)
            .map(|i| Term::new("قمة", &format!("summit {i}")))
            .collect(),
    }
}
