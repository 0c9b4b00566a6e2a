//! How the TM reads a sentence: its words and numbers (each with the forms
//! it is compared by), the keys the index stores for it, and the form two
//! sources must share for a 100 % match.
//!
//! Words are compared the way the glossary matcher reads them: normalised
//! spelling ([`crate::arabic::normalize`]), then clitics and suffixes split
//! off ([`morphology::analyses`], [`morphology::light_stem`]). Numbers are
//! read whole (`2,000`, `٣٫٥`) and compared by value, whatever their digits.

use std::collections::HashMap;
use std::ops::Range;

use crate::arabic::morphology;
use crate::arabic::tokens::scan_words;
use crate::glossary::Glossary;

/// A word or a number of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte span in the sentence.
    pub span: Range<usize>,
    /// Normalised spelling; for a number, its value (`2000`, `3.5`).
    pub norm: String,
    pub kind: TokenKind,
    /// The light stem (the index key).
    pub stem: String,
    /// Hashes of `norm`, of the spelling compared for a `spelling`
    /// difference (`norm` with the two ways wire copy writes مئة, مائة,
    /// made one) and of the stem: an edit distance compares them many times.
    pub norm_hash: u64,
    pub spelling_hash: u64,
    pub stem_hash: u64,
    /// The glossary term's singular this word is a form of (a broken
    /// plural read as its singular), through the lexicon.
    pub lemma: Option<String>,
    /// Hashes of every stem the morphology reads in the word, sorted: two
    /// words that share one differ only in clitics or suffixes.
    pub readings: Vec<u64>,
    /// How much the word counts in a score: function words and the reporting
    /// frame of wire copy count less than content words.
    pub weight: f32,
    /// Whether the word is another form of its lemma (a broken plural), not the lemma itself.
    pub via_lexicon: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
}

/// Weight of a function word (preposition, particle, pronoun, auxiliary).
pub const FUNCTION_WEIGHT: f32 = 0.4;
/// Weight of the reporting frame of wire copy (قال، أضاف، بيان…).
pub const FRAME_WEIGHT: f32 = 0.6;

/// Function words, normalised (so علي for على, الي for إلى are the same
/// word: spelling is normalised before a word is judged a function word).
const FUNCTION_WORDS: &[&str] = &[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "ان",
    "انه",
    "انها",
    "انهم",
    "الا",
    "او",
    "ام",
    "ثم",
    "قد",
    "لقد",
    "لم",
    "لن",
    "لا",
    "ما",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هو",
    "هي",
    "هم",
    "هما",
    "نحن",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "اللتين",
    "حتي",
    "كل",
    "بين",
    "بعد",
    "قبل",
    "عند",
    "منذ",
    "خلال",
    "حول",
    "ضد",
    "لدي",
    "اذا",
    "اذ",
    "اي",
    "كما",
    "ايضا",
    "لكن",
    "بل",
    "غير",
    "دون",
    "نحو",
    "عبر",
    "وفق",
    "اما",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "ليس",
    "هناك",
    "حيث",
    "الذى",
    "اليه",
    "عليه",
    "عليها",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "به",
    "بها",
    "له",
    "لها",
    "لهم",
    "كي",
    "لكي",
    "مثل",
    "عدم",
    "امام",
    "وراء",
    "تحت",
    "فوق",
    "لان",
    "بان",
    "كذلك",
    "اذن",
    "سوف",
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "on",
    "for",
];

/// The reporting frame of wire copy: verbs of saying and the words around
/// them, normalised. They carry little of what a sentence says.
const FRAME_WORDS: &[&str] = &[
    "قال",
    "اضاف",
    "اكد",
    "اعلن",
    "اوضح",
    "تابع",
    "صرح",
    "ذكر",
    "افاد",
    "بيان",
    "قالت",
    "اضافت",
    "اكدت",
    "اعلنت",
    "اوضحت",
    "تابعت",
    "ذكرت",
    "افادت",
    "وكاله",
    "الصحافيين",
    "للصحافيين",
];

/// English words too common to index for concordance.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "is", "on", "for", "that", "with", "by", "at", "as",
    "was", "it", "from", "be", "has", "have", "its", "are", "were",
];

/// Broken plurals and other forms the glossary lists under one term: each
/// form (normalised, as a dictionary writes it) is read as the term's
/// singular, so a plural counts as its singular's inflection (هجمات read
/// as هجوم, الوزراء as وزير).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// Form → lemma (the lemma maps to itself).
    lemma_of: HashMap<String, String>,
    /// Lemma → its forms, the lemma first (for the query side).
    forms_of: HashMap<String, Vec<String>>,
}

impl Lexicon {
    /// Every one-word difference between a term's Arabic and its variants
    /// (word by word, where the two have as many words).
    pub fn from_glossary(glossary: &Glossary) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for term in &glossary.terms {
            let canonical = bare_words(&term.ar);
            for variant in term.ar_variants.iter().chain(&term.ar_plurals) {
                let words = bare_words(variant);
                if words.len() != canonical.len() {
                    continue;
                }
                for (form, lemma) in words.iter().zip(&canonical) {
                    if form != lemma {
                        lexicon.add(form, lemma);
                    }
                }
            }
        }
        lexicon
    }

    /// Reads `form` as a form of `lemma` (both normalised words).
    pub fn add(&mut self, form: &str, lemma: &str) {
        if form == lemma || self.lemma_of.get(form).is_some_and(|l| l != form) {
            return;
        }
        for (word, of) in [(lemma, lemma), (form, lemma)] {
            self.lemma_of
                .entry(word.to_owned())
                .or_insert_with(|| of.to_owned());
        }
        let forms = self
            .forms_of
            .entry(lemma.to_owned())
            .or_insert_with(|| vec![lemma.to_owned()]);
        if !forms.iter().any(|f| f == form) {
            forms.push(form.to_owned());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lemma_of.is_empty()
    }

    fn lemma<'a>(&'a self, word: &str) -> Option<&'a str> {
        self.lemma_of.get(word).map(String::as_str)
    }
}

/// The normalised words of a glossary form, the article taken off (a term
/// is written bare, but a variant may carry it).
fn bare_words(text: &str) -> Vec<String> {
    let mut norms = String::new();
    scan_words(text, &mut norms)
        .into_iter()
        .map(|w| {
            let word = &norms[w.norm];
            word.strip_prefix("ال")
                .filter(|rest| rest.chars().count() >= 3)
                .unwrap_or(word)
                .to_owned()
        })
        .collect()
}

/// FNV-1a, 64 bits: keys are stored on disk, so the hash must never change
/// with a crate version. `space` keeps kinds of key apart.
pub fn stable_hash(space: u8, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in std::iter::once(&space).chain(text.as_bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const SPACE_STEM: u8 = b's';
const SPACE_READING: u8 = b'r';
const SPACE_ENGLISH: u8 = b'e';
const SPACE_LEMMA: u8 = b'l';
const SPACE_VERB: u8 = b'v';
const SPACE_PREPOSITION: u8 = b'p';
const SPACE_NORM: u8 = b'n';
const SPACE_SOURCE: u8 = b'x';

/// The index key of a source word's stem.
pub fn stem_key(stem: &str) -> u64 {
    stable_hash(SPACE_STEM, stem)
}

/// The index key of an English word (lower case).
pub fn english_key(word: &str) -> u64 {
    stable_hash(SPACE_ENGLISH, word)
}

/// The words and numbers of `text`, in order.
pub fn tokens(text: &str, lexicon: &Lexicon) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 10);
    for_each_token(text, |piece| match piece {
        Piece::Word(span, norm) => out.push(word_token(span, norm, lexicon)),
        Piece::Number(span, value) => {
            let hash = stable_hash(SPACE_NORM, &value);
            out.push(Token {
                span,
                stem: value.clone(),
                norm_hash: hash,
                spelling_hash: hash,
                stem_hash: hash,
                lemma: None,
                readings: vec![stable_hash(SPACE_READING, &value)],
                norm: value,
                kind: TokenKind::Number,
                weight: 1.0,
                via_lexicon: false,
            });
        }
    });
    out
}

/// The number of tokens of `text` and the sum of their weights, as
/// [`tokens`] counts them but without reading the words' morphology: what
/// a lookup needs to rule a candidate out before scoring it.
pub fn token_weights(text: &str) -> (usize, f32) {
    let (mut count, mut weight) = (0, 0.0);
    for_each_token(text, |piece| {
        count += 1;
        weight += match piece {
            Piece::Word(_, norm) => weight_of(norm),
            Piece::Number(..) => 1.0,
        };
    });
    (count, weight)
}

/// A token as [`for_each_token`] finds it.
enum Piece<'a> {
    /// A word's span and normalised form.
    Word(Range<usize>, &'a str),
    /// A number's span and value.
    Number(Range<usize>, String),
}

/// Walks the tokens of `text` (a number runs on over one separator
/// between digits: 2,000 ٣٫٥).
fn for_each_token(text: &str, mut f: impl FnMut(Piece<'_>)) {
    let mut norms = String::new();
    let pieces = pieces(text, &mut norms);
    let is_number = |n: &str| n.bytes().all(|b| b.is_ascii_digit());
    let mut i = 0;
    while i < pieces.len() {
        let (span, norm) = &pieces[i];
        let norm = &norms[norm.clone()];
        if !is_number(norm) {
            f(Piece::Word(span.clone(), norm));
            i += 1;
            continue;
        }
        let mut end = i;
        let mut value = norm.to_owned();
        while end + 1 < pieces.len() {
            let (next_span, next_norm) = &pieces[end + 1];
            let next_norm = &norms[next_norm.clone()];
            let between = &text[pieces[end].0.end..next_span.start];
            let mut chars = between.chars();
            let (Some(sep), None) = (chars.next(), chars.next()) else {
                break;
            };
            if !is_number(next_norm) {
                break;
            }
            match sep {
                ',' | '٬' | '\'' => {}
                '.' | '٫' => value.push('.'),
                _ => break,
            }
            value.push_str(next_norm);
            end += 1;
        }
        f(Piece::Number(span.start..pieces[end].0.end, value));
        i = end + 1;
    }
}

/// The words of `text` with their normalised forms, a word that mixes
/// letters and digits split where they meet (و3 → 3, covid19 → covid 19);
/// a lone proclitic letter on a number (و3، ب2021) is dropped.
fn pieces(text: &str, norms: &mut String) -> Vec<(Range<usize>, Range<usize>)> {
    let words = scan_words(text, norms);
    let mut out = Vec::with_capacity(words.len());
    for w in &words {
        let norm = &norms[w.norm.clone()];
        let digits = norm.bytes().filter(u8::is_ascii_digit).count();
        if digits == 0 || digits == norm.len() {
            out.push((w.start..w.end, w.norm.clone()));
            continue;
        }
        let word = &text[w.start..w.end];
        let mut run_start = 0;
        let mut run_digit: Option<bool> = None;
        let mut runs: Vec<(Range<usize>, bool)> = Vec::new();
        for (at, c) in word.char_indices() {
            let mut n = String::new();
            crate::arabic::normalize_char(c, &mut n);
            if n.is_empty() {
                continue; // a mark belongs to the run it sits in
            }
            let digit = n.bytes().all(|b| b.is_ascii_digit());
            if run_digit.is_some_and(|d| d != digit) {
                runs.push((run_start..at, run_digit.unwrap_or(false)));
                run_start = at;
            }
            run_digit = Some(digit);
        }
        runs.push((run_start..word.len(), run_digit.unwrap_or(false)));
        for (k, (range, digit)) in runs.iter().enumerate() {
            let piece = crate::arabic::normalize(&word[range.clone()]);
            let before_number = runs.get(k + 1).is_some_and(|(_, d)| *d);
            if !digit && before_number && matches!(piece.as_str(), "و" | "ف" | "ب" | "ل" | "ك")
            {
                continue;
            }
            let at = norms.len();
            norms.push_str(&piece);
            out.push((w.start + range.start..w.start + range.end, at..norms.len()));
        }
    }
    out
}

fn word_token(span: Range<usize>, norm: &str, lexicon: &Lexicon) -> Token {
    let mut readings = Vec::with_capacity(16);
    let mut lemma: Option<&str> = None;
    morphology::analyses(norm, true, |a| {
        readings.push(stable_hash(SPACE_READING, &a.stem));
        if lemma.is_none() {
            lemma = lexicon.lemma(&a.stem);
        }
        // A verb for another subject: the person prefix of the imperfect
        // (يواجه, تواجه) and the agreement endings (نقل, نقلوا; يتعرضون,
        // يتعرضن) taken off.
        verb_cores(&a.stem, |core| readings.push(stable_hash(SPACE_VERB, core)));
    });
    // A preposition with a pronoun (عنه, عنهم, عليها) is that preposition.
    if let Some(preposition) = preposition_of(norm) {
        readings.push(stable_hash(SPACE_PREPOSITION, preposition));
    }
    if let Some(lemma) = lemma {
        readings.push(stable_hash(SPACE_LEMMA, lemma));
    }
    readings.sort_unstable();
    readings.dedup();
    let stem = morphology::light_stem(norm);
    let norm_hash = stable_hash(SPACE_NORM, norm);
    Token {
        span,
        norm: norm.to_owned(),
        kind: TokenKind::Word,
        stem_hash: stable_hash(SPACE_NORM, stem),
        stem: stem.to_owned(),
        spelling_hash: spelling_form(norm).map_or(norm_hash, |s| stable_hash(SPACE_NORM, &s)),
        norm_hash,
        via_lexicon: lemma.is_some_and(|l| !readings_include(norm, l)),
        lemma: lemma.map(str::to_owned),
        readings,
        weight: weight_of(norm),
    }
}

/// Whether `lemma` is `word` itself, or `word` with clitics on it.
fn readings_include(word: &str, lemma: &str) -> bool {
    let mut found = false;
    morphology::analyses(word, true, |a| found |= a.stem == lemma);
    found
}

/// Agreement endings of a verb: past (وا, ت, تا, تم, تن, نا, ن) and
/// imperfect (ون, ين, ان, ن).
const VERB_ENDINGS: &[&str] = &["وا", "ون", "ين", "ان", "تم", "تن", "تا", "نا", "ن", "ت"];

/// Calls `f` with the cores of a stem read as a verb: itself, without an
/// agreement ending, and without the person prefix of the imperfect
/// (أ ت ي ن), where three letters or more remain.
fn verb_cores(stem: &str, mut f: impl FnMut(&str)) {
    let long_enough = |s: &str| s.len() >= 6 || s.chars().count() >= 3;
    let mut with_prefix_off = |core: &str| {
        f(core);
        if let Some(rest) = core
            .strip_prefix('ي')
            .or_else(|| core.strip_prefix('ت'))
            .or_else(|| core.strip_prefix('ن'))
            .or_else(|| core.strip_prefix('ا'))
            .filter(|r| long_enough(r))
        {
            f(rest);
        }
    };
    with_prefix_off(stem);
    for ending in VERB_ENDINGS {
        if let Some(core) = stem.strip_suffix(ending).filter(|c| long_enough(c)) {
            with_prefix_off(core);
        }
    }
}

/// Prepositions that take a pronoun suffix, normalised.
const PREPOSITIONS: &[&str] = &[
    "عن", "من", "في", "علي", "الي", "ل", "ب", "مع", "لدي", "عند", "بين", "حول", "ضد", "امام",
    "خلال", "دون", "عبر", "نحو", "منذ", "تجاه", "لدى", "بعد", "قبل", "فوق", "تحت",
];
const PRONOUNS: &[&str] = &[
    "هما", "هم", "هن", "ها", "ه", "كم", "كن", "ك", "نا", "ني", "ي",
];

fn set_of(words: &'static [&'static str]) -> rustc_hash::FxHashSet<&'static str> {
    words.iter().copied().collect()
}

fn function_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| set_of(FUNCTION_WORDS))
}

fn frame_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| set_of(FRAME_WORDS))
}

fn prepositions() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| set_of(PREPOSITIONS))
}

/// The preposition a word is, alone or with a pronoun (عنهم → عن, لها → ل),
/// a conjunction و or ف taken off first.
fn preposition_of(norm: &str) -> Option<&str> {
    let bare = norm
        .strip_prefix('و')
        .or_else(|| norm.strip_prefix('ف'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(norm);
    let set = prepositions();
    if let Some(p) = set.get(bare) {
        return Some(p);
    }
    PRONOUNS
        .iter()
        .filter_map(|pronoun| bare.strip_suffix(pronoun))
        .find_map(|base| set.get(base).copied())
}

/// The spelling of a normalised word for comparison: مائة (a spelling older
/// wire copy keeps) as مئة, with or without clitics (المائة, بمائتي).
fn spelling_form(norm: &str) -> Option<String> {
    const PROCLITICS: &[&str] = &[
        "", "ال", "و", "وال", "ب", "بال", "ل", "لل", "ف", "فال", "ك", "كال",
    ];
    let at = norm.find("ماء")?;
    let rest = &norm[at + "ماء".len()..];
    if PROCLITICS.contains(&&norm[..at]) && rest.starts_with(['ه', 'ت']) {
        Some(format!("{}مء{rest}", &norm[..at]))
    } else {
        None
    }
}

/// How much a (normalised) word counts: function words and the wire frame
/// less than content words. A conjunction و or ف on it changes nothing.
pub fn weight_of(norm: &str) -> f32 {
    let bare = norm
        .strip_prefix('و')
        .or_else(|| norm.strip_prefix('ف'))
        .filter(|rest| rest.chars().count() >= 2);
    let is = |set: &rustc_hash::FxHashSet<&str>| {
        set.contains(norm) || bare.is_some_and(|b| set.contains(b))
    };
    if is(function_words()) || preposition_of(norm).is_some() {
        FUNCTION_WEIGHT
    } else if is(frame_words()) {
        FRAME_WEIGHT
    } else {
        1.0
    }
}

/// Whether two word tokens share a reading: they differ only in clitics,
/// the article, a suffix or (through the lexicon) a broken plural.
pub fn share_a_reading(a: &Token, b: &Token) -> bool {
    if a.stem_hash == b.stem_hash {
        return true;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.readings.len() && j < b.readings.len() {
        match a.readings[i].cmp(&b.readings[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// The keys the index stores for a unit: the stem of every source word and
/// every English word (lower case, common ones left out), each once.
pub fn index_keys(source: &str, target: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut norms = String::new();
    for w in scan_words(source, &mut norms) {
        out.push(stem_key(morphology::light_stem(&norms[w.norm])));
    }
    for word in english_words(target) {
        out.push(english_key(&word));
    }
    out.sort_unstable();
    out.dedup();
}

/// The lower-case words of English text, common ones left out.
fn english_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !ENGLISH_STOP_WORDS.contains(&w.as_str()))
}

/// The hash under which units with the same source (after spelling is
/// normalised, punctuation ignored) are found at once.
pub fn source_hash(source: &str) -> u64 {
    let mut norms = String::new();
    let words = scan_words(source, &mut norms);
    let mut joined = String::with_capacity(norms.len() + words.len());
    for w in &words {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&norms[w.norm.clone()]);
    }
    stable_hash(SPACE_SOURCE, &joined)
}

/// What a lookup asks of a store's index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryKeys {
    /// [`source_hash`] of the sentence (`None` for a concordance search).
    pub source: Option<u64>,
    /// One group per query word: the keys of its possible stems. A unit
    /// sharing any key of a group shares that word.
    pub groups: Vec<Vec<u64>>,
}

/// The keys of a sentence to look up: each word with every stem the
/// morphology reads in it (so الوزير finds وزير), and the lexicon's other
/// forms of it (a singular finds its broken plural).
pub fn query_keys(source: &str, lexicon: &Lexicon) -> QueryKeys {
    let mut norms = String::new();
    let words = scan_words(source, &mut norms);
    let mut groups: Vec<Vec<u64>> = Vec::with_capacity(words.len());
    for w in &words {
        let norm = &norms[w.norm.clone()];
        groups.push(word_keys(norm, lexicon));
    }
    // A word repeated in the sentence is one group.
    groups.sort();
    groups.dedup();
    QueryKeys {
        source: Some(source_hash(source)),
        groups,
    }
}

fn word_keys(norm: &str, lexicon: &Lexicon) -> Vec<u64> {
    let mut stems: Vec<String> = vec![morphology::light_stem(norm).to_owned()];
    let mut lemma = None;
    morphology::analyses(norm, true, |a| {
        stems.push(a.stem.to_string());
        stems.push(morphology::light_stem(&a.stem).to_owned());
        lemma = lemma.or_else(|| lexicon.lemma(&a.stem));
    });
    // The other forms of its lemma, as the index keys them (bare or with
    // the article): the singular finds its broken plural and back.
    if let Some(forms) = lemma.and_then(|l| lexicon.forms_of.get(l)) {
        for form in forms {
            stems.push(form.clone());
            stems.push(morphology::light_stem(form).to_owned());
        }
    }
    let mut keys: Vec<u64> = stems.iter().map(|s| stem_key(s)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys of a concordance search: Arabic words clitic-aware (هجوم finds
/// والهجوم and للهجوم), English words as typed, in lower case.
pub fn concordance_keys(query: &str, lexicon: &Lexicon) -> QueryKeys {
    let arabic = query.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'));
    let groups = if arabic {
        let mut norms = String::new();
        scan_words(query, &mut norms)
            .into_iter()
            .map(|w| word_keys(&norms[w.norm], lexicon))
            .collect()
    } else {
        english_words(query)
            .map(|w| vec![english_key(&w)])
            .collect()
    };
    QueryKeys {
        source: None,
        groups,
    }
}

/// Characters that change nothing a reader sees: joiners, bidi controls,
/// the byte order mark, soft hyphens.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' | '\u{00AD}')
}

/// The form two sources must share for a 100 % match: invisible marks
/// removed, runs of white space made one space, trimmed. Everything a
/// reader sees (vowel marks, hamza, digits, punctuation) still counts.
pub fn exact_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().filter(|&c| !is_invisible(c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, TokenKind)> {
        tokens(text, &Lexicon::default())
            .into_iter()
            .map(|t| (t.norm, t.kind))
            .collect()
    }

    #[test]
    fn numbers_are_read_whole_in_any_digits() {
        let t = words("دفع ٢٬٠٠٠ دولار و3.5 مليون في 2021.");
        let numbers: Vec<&str> = t
            .iter()
            .filter(|(_, k)| *k == TokenKind::Number)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(numbers, ["2000", "3.5", "2021"]);
        assert_eq!(words("٣٥"), words("35"));
    }

    #[test]
    fn the_cheap_weights_are_the_tokens_weights() {
        for text in [
            "قال ٢٬٠٠٠ متظاهر و3.5 مليون في 2021 إن covid19 وفي الأمن",
            "وقال البيت الأبيض في بيان",
            "",
        ] {
            let t = tokens(text, &Lexicon::default());
            let (count, weight) = token_weights(text);
            assert_eq!(count, t.len(), "{text}");
            assert!((weight - t.iter().map(|t| t.weight).sum::<f32>()).abs() < 1e-4);
        }
    }

    #[test]
    fn spans_point_into_the_sentence() {
        let text = "قال «بايدن» إن 2,000 خادم";
        for t in tokens(text, &Lexicon::default()) {
            assert!(!text[t.span.clone()].trim().is_empty());
        }
        let t = tokens(text, &Lexicon::default());
        assert_eq!(&text[t[3].span.clone()], "2,000");
    }

    #[test]
    fn function_words_are_judged_after_spelling() {
        assert_eq!(weight_of(&crate::arabic::normalize("على")), FUNCTION_WEIGHT);
        assert_eq!(weight_of(&crate::arabic::normalize("علي")), FUNCTION_WEIGHT);
        assert_eq!(weight_of(&crate::arabic::normalize("وفي")), FUNCTION_WEIGHT);
        assert_eq!(weight_of(&crate::arabic::normalize("وقال")), FRAME_WEIGHT);
        assert_eq!(weight_of(&crate::arabic::normalize("الهجوم")), 1.0);
    }

    #[test]
    fn clitic_forms_share_a_reading_and_other_words_do_not() {
        let lex = Lexicon::default();
        let one = |w: &str| tokens(w, &lex).remove(0);
        for (a, b) in [
            ("قال", "وقال"),
            ("بيان", "بيانه"),
            ("الشركة", "للشركة"),
            ("الوزير", "وزير"),
            ("حكومته", "الحكومات"),
        ] {
            assert!(share_a_reading(&one(a), &one(b)), "{a} {b}");
        }
        for (a, b) in [("الأمن", "الأمم"), ("هجوم", "بيان"), ("قال", "قالب")]
        {
            assert!(!share_a_reading(&one(a), &one(b)), "{a} {b}");
        }
    }

    #[test]
    fn the_lexicon_reads_a_broken_plural_as_its_singular() {
        let mut g = Glossary::default();
        let mut term = crate::glossary::Term::new("هجوم إلكتروني", "cyberattack");
        term.ar_variants = vec!["هجمات إلكترونية".into()];
        g.terms.push(term);
        let lex = Lexicon::from_glossary(&g);
        let plural = tokens("الهجمات", &lex).remove(0);
        let singular = tokens("هجوم", &lex).remove(0);
        assert!(plural.via_lexicon);
        assert!(share_a_reading(&plural, &singular));
        // The query for the singular asks for the plural's key too.
        let keys = query_keys("هجوم", &lex);
        let mut stored = Vec::new();
        index_keys("والهجمات", "", &mut stored);
        assert!(keys.groups[0].iter().any(|k| stored.contains(k)));
    }

    #[test]
    fn the_lexicon_reads_the_ar_plurals_too() {
        let mut g = Glossary::default();
        let mut term = crate::glossary::Term::new("خادم", "server");
        term.ar_plurals = vec!["خوادم".into()];
        g.terms.push(term);
        let lex = Lexicon::from_glossary(&g);
        let plural = tokens("الخوادم", &lex).remove(0);
        assert!(plural.via_lexicon);
        assert!(share_a_reading(&plural, &tokens("خادم", &lex).remove(0)));
    }

    #[test]
    fn query_keys_find_the_index_keys_of_clitic_forms() {
        let lex = Lexicon::default();
        for (query, stored) in [
            ("الوزير", "وزير"),
            ("وزير", "الوزير"),
            ("قال", "فقال"),
            ("البيان", "وبيانه"),
            ("الحكومة", "حكومتها"),
        ] {
            let keys = query_keys(query, &lex);
            let mut index = Vec::new();
            index_keys(stored, "", &mut index);
            assert!(
                keys.groups[0].iter().any(|k| index.contains(k)),
                "{query} → {stored}"
            );
        }
    }

    #[test]
    fn exact_form_ignores_only_what_is_invisible() {
        assert_eq!(exact_form(" قال\u{200F}  بايدن\n"), "قال بايدن");
        assert_ne!(exact_form("قال"), exact_form("قالَ"));
        assert_ne!(exact_form("2021"), exact_form("٢٠٢١"));
        assert_eq!(source_hash("قالَ بايدن."), source_hash("قال بايدن"));
    }
}
