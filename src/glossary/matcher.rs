//! Morphology-aware matching of glossary terms in Arabic text.
//!
//! The index maps the key of every form's first word (normalised, article
//! removed) to the forms that start with it. A text is split into words; each
//! word is read every way the morphology allows (proclitics, article,
//! suffixes), and only readings whose stem is an indexed key are followed, so
//! matching never scans the glossary and never over-stems. Multi-word forms
//! then need the following words, contiguous and separated by spaces only,
//! to read as the form's words (article and suffixes allowed, no other
//! proclitics). Longest match wins, then a surface match over an analysed
//! one; matches never overlap.
//!
//! A reading whose stem is a key is still turned down ([`Rejection`]) when
//! it cannot be that word:
//!
//! - grammar rules it out ([`Impossible`]: the article with a pronoun or
//!   construct ending, a definite nisba, future س on a noun);
//! - the text writes ة where the reading has the pronoun ه (روسية is
//!   روسي + ة, never + ه; ية after a noun's stem is a nisba: وطنية);
//! - it adds a feminine ending (ة, or the dual تان تين) to a word that does
//!   not inflect for gender: a noun (مكتب "office", مكتبة "library"). Nisba
//!   adjectives (ending ي) always inflect, participles by their pattern
//!   ([`participle_pattern`]), and a term says `gender_inflects = true`
//!   for a noun naming people (وزير → وزيرة); the plural ات stays (it is
//!   the plural of many masculine nouns: اتهامات, تهديدات);
//! - a bare ي on the stem of a noun that does not inflect is a nisba
//!   adjective (قانوني "legal", إرهابي "terrorist"), not "my": in wire copy
//!   the adjective outnumbers the pronoun by far, while nouns naming people
//!   keep it (مسؤولي الوزارة, the construct plural);
//! - the text's marks contradict the glossary's ([`crate::arabic::marks`]:
//!   an explicit madda against a hamza, a vowel or shadda against the
//!   glossary's vocalisation);
//! - the words are one of the term's `ar_exclude`.
//!
//! [`Matcher::explain`] lists, per word, every reading that reached a
//! glossary form and what became of it.

use rustc_hash::FxHashMap;

use super::Glossary;
use crate::arabic::marks::{self, Contradiction};
use crate::arabic::morphology::{
    Analysis, FEMININE, Impossible, analyses, participle_pattern, readings,
};
use crate::arabic::tokens::{WordSpan, scan_words_into};
use crate::arabic::{normalize, tokens};

/// How a term was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The words as written in the glossary.
    Exact,
    /// Equal after normalisation (diacritics, hamza seats, alef forms…).
    Normalised,
    /// One of the term's `ar_variants`.
    Variant,
    /// Through clitics, the article or suffixes.
    Morphology,
}

impl MatchKind {
    pub fn label(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalised => "normalised",
            MatchKind::Variant => "variant",
            MatchKind::Morphology => "morphology",
        }
    }
}

/// One suggestion: a term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index into [`Glossary::terms`].
    pub term: usize,
    /// Byte span of the matched words in the text given to [`Matcher::find`].
    pub start: usize,
    pub end: usize,
    pub kind: MatchKind,
    /// How the words were read, e.g. `و+ب+ال+أمن`.
    pub analysis: String,
}

/// One word of a glossary form, its strings in [`Matcher::text`]. Kept
/// small and together: matching a long text tries many forms, and every
/// cache miss on the way shows.
#[derive(Debug, Clone, Copy)]
struct FormWord {
    /// As written in the glossary.
    written: Span,
    /// Normalised, article included. Without the article (`has_article`),
    /// it is the key: what text stems are compared with.
    norm: Span,
    hashes: WordHashes,
    /// What the word is ([`HAS_ARTICLE`] and the other flags).
    flags: u16,
}

/// Written with the article ال: `norm` is the article and the key, and
/// `written` is the article and the word as written bare.
const HAS_ARTICLE: u16 = 1;
/// A plural or dual nisba adjective (إلكترونيون) whose key less its last
/// two letters is the singular (إلكتروني), so that other case endings
/// (الإلكترونيين) match too.
const HAS_SINGULAR: u16 = 1 << 1;
/// Written with a final alef maqsura (دعوى), which a text may write ا
/// before a pronoun (دعواها).
const ALEF_MAQSURA: u16 = 1 << 2;
/// Takes the feminine ة: a nisba adjective, a participle, or a word of a
/// term that says `gender_inflects`.
const INFLECTS: u16 = 1 << 3;
/// A noun whose final ي drops when indefinite, written with kasratan
/// (قاضٍ): its key plus ي (قاضي) is its other key, for القاضي, قاضيا.
/// `norm` is followed by that ي in [`Matcher::text`].
const DEFECTIVE: u16 = 1 << 4;
/// Written with vowels or shadda: the text's marks are compared.
const VOCALISED: u16 = 1 << 5;
/// Written with أ or إ: an explicit madda in the text contradicts it.
const HAMZA: u16 = 1 << 6;
/// A nisba adjective (written with a final ي, or its plural).
const NISBA: u16 = 1 << 7;
/// A participle by its pattern ([`participle_pattern`]).
const PARTICIPLE: u16 = 1 << 8;
/// Of a term that says `gender_inflects = true`: it names people.
const PEOPLE: u16 = 1 << 9;
/// The head (first word) of a singular form of a term that lists a broken
/// plural in `ar_plurals` (خادم: خوادم): ات on it is not its plural.
const BROKEN_PLURAL: u16 = 1 << 10;

// Two form words to a cache line.
const _: () = assert!(std::mem::size_of::<FormWord>() == 32);

/// What a text word is compared with first, so that most comparisons are
/// settled without reading the strings: the [`short_hash`]es of a form
/// word's normalised form, of its key, and of its singular key.
#[derive(Debug, Clone, Copy, Default)]
struct WordHashes {
    norm: u32,
    key: u32,
    /// Of the other key ([`FormWord::other_key`]); the key's own when
    /// there is none, so that [`WordHashes::may_be_key`] needs no flag.
    singular: u32,
}

impl WordHashes {
    /// Whether a stem hashed `hash` may be the key or the singular key.
    fn may_be_key(self, hash: u32) -> bool {
        hash == self.key || hash == self.singular
    }
}

/// A string of [`Matcher::text`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of(self, text: &str) -> &str {
        &text[self.start as usize..(self.start + self.len) as usize]
    }
}

/// The last letter of a word as written, past any marks and tatweel.
fn last_letter(word: &str) -> Option<char> {
    word.chars()
        .rev()
        .find(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
}

/// The article as normalised text (and as written: the same two letters).
const ARTICLE: &str = "ال";

impl FormWord {
    fn has(self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    fn has_article(self) -> bool {
        self.has(HAS_ARTICLE)
    }

    fn written(self, text: &str) -> &str {
        self.written.of(text)
    }

    /// The written word without its article, for explanations.
    fn written_bare(self, text: &str) -> &str {
        let written = self.written(text);
        if self.has_article() {
            &written[ARTICLE.len()..]
        } else {
            written
        }
    }

    fn norm(self, text: &str) -> &str {
        self.norm.of(text)
    }

    fn key(self, text: &str) -> &str {
        let norm = self.norm(text);
        if self.has_article() {
            &norm[ARTICLE.len()..]
        } else {
            norm
        }
    }

    /// Whether a reading that restored `letter` at the end of the stem can
    /// be this word: a ya is restored only where the glossary writes an
    /// alef maqsura (دعوى, not the nisba ya of رئيسي, whose dual رئيساه
    /// must not read as رئيسي + ه).
    fn may_end_in(self, letter: char) -> bool {
        letter != 'ي' || self.has(ALEF_MAQSURA)
    }

    /// The key a reading may also reach: the singular of a plural nisba
    /// ([`HAS_SINGULAR`]), or a defective noun with its ي ([`DEFECTIVE`]).
    fn other_key(self, text: &str) -> Option<&str> {
        let key = self.key(text);
        if self.has(HAS_SINGULAR) {
            Some(&key[..key.len() - "ون".len()])
        } else if self.has(DEFECTIVE) {
            let end = (self.norm.start + self.norm.len) as usize + 'ي'.len_utf8();
            Some(&text[end - key.len() - 'ي'.len_utf8()..end])
        } else {
            None
        }
    }
}

/// One Arabic form of a term (its `ar` or one of its `ar_variants`).
#[derive(Debug)]
struct Form {
    term: u32,
    variant: bool,
    /// Its place in the glossary (the index does not keep that order).
    order: u32,
    /// Its first word, here: a form tried and turned away costs one read.
    first: FormWord,
    /// Its other words in [`Matcher::words`].
    rest: Span,
    /// The hashes of its second word, if any: most forms tried fail there,
    /// and this turns them away without reading [`Matcher::words`].
    second: WordHashes,
}

impl Form {
    fn len(&self) -> usize {
        1 + self.rest.len as usize
    }
}

/// A 32-bit hash of a normalised string: equal strings, equal hashes; a
/// match of hashes is confirmed on the strings.
fn short_hash(s: &str) -> u32 {
    fold(long_hash(s))
}

/// A [`long_hash`] folded to 32 bits: the [`short_hash`] of the same string.
fn fold(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

fn long_hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write(s.as_bytes());
    hasher.finish()
}

/// Hashes that are already hashes: the map of first keys is keyed by
/// [`long_hash`], computed once a reading for the filter and the map.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed.
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Keys up to this many bytes (eight Arabic letters) are kept in their bucket.
const SHORT_KEY: usize = 16;

/// The forms whose first word has one key.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    key: Span,
    /// The key itself when it is short (nearly all are), so that checking
    /// a hit does not read [`Matcher::text`].
    short_key: [u8; SHORT_KEY],
    /// The forms whose first word has this key: a range of form ids, laid
    /// out one after the other with their words and strings, so that
    /// trying them touches little memory.
    own: Span,
    /// Forms whose first word is a plural nisba adjective with this key as
    /// its singular, in [`Matcher::singular_forms`].
    singular: Span,
    /// Another bucket whose key has the same [`long_hash`], in
    /// [`Matcher::collided`], or `u32::MAX`.
    next: u32,
    /// The bucket's forms by their second word, in [`Matcher::by_second`],
    /// when it has many (`u32::MAX` otherwise).
    by_second: u32,
}

/// Buckets with at least this many forms index them by their second word.
const BY_SECOND_MIN: u32 = 8;

/// The forms of a bucket by their second word: where every word of a text
/// starts hundreds of terms (a real glossary at 100,000 terms), trying each
/// of them at each word was most of the time matching took, when all but a
/// few are turned away at once by the next word's hashes. Only forms whose
/// second word the next word may be are tried (the test of
/// [`LaterReadings::may_be`], turned into lookups), and every one-word form.
#[derive(Debug, Clone, Copy)]
struct BySecond {
    /// The bucket's one-word forms, in [`Matcher::second_forms`].
    single: Span,
}

/// What the next word's hash is compared with.
#[derive(Debug, Clone, Copy)]
enum SecondKind {
    /// The second word's [`WordHashes::norm`] (the word's normalised form).
    Norm = 0,
    /// Its key or singular key (a reading's stem).
    Key = 1,
}

/// The key of the forms of index `index` whose second word has `hash` of
/// `kind`, in [`Matcher::second_runs`]: one-to-one, and well mixed (its low
/// bits come from the hash, its high bits from all three).
fn second_key(index: usize, kind: SecondKind, hash: u32) -> u64 {
    ((index as u64) << 33 | (kind as u64) << 32 | u64::from(hash))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Bucket {
    fn has_key(&self, stem: &str, text: &str) -> bool {
        let len = self.key.len as usize;
        len == stem.len()
            && if len <= SHORT_KEY {
                self.short_key[..len] == *stem.as_bytes()
            } else {
                self.key.of(text) == stem
            }
    }
}

/// An index over a glossary, built once, matched many times.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Every string the index compares or shows, one after the other.
    text: String,
    /// Forms by first key (forms with one first key are neighbours).
    forms: Vec<Form>,
    words: Vec<FormWord>,
    /// Buckets by the [`long_hash`] of their key.
    by_first_key: std::collections::HashMap<u64, Bucket, std::hash::BuildHasherDefault<Prehashed>>,
    /// Buckets whose key has the [`long_hash`] of another's.
    collided: Vec<Bucket>,
    singular_forms: Vec<u32>,
    /// Each term's `ar_exclude`, normalised word by word (only terms with any).
    excludes: FxHashMap<u32, Vec<Vec<String>>>,
    /// A Bloom filter over the keys of the buckets, small enough to stay
    /// in cache: most readings of most words are not keys, and this turns
    /// them away without a probe into the (large) map.
    first_key_filter: KeyFilter,
    /// Every term's [`ar_key_hash`], by term.
    ar_hash: Vec<u64>,
    /// (hash, term) of every term, sorted: the terms whose `ar` may have a key.
    ar_index: Vec<(u64, u32)>,
    /// Terms whose `ar` has the key of another term's `ar` (two entries for
    /// one Arabic): each such term → its group, a range of `same_ar_terms`
    /// (in glossary order). Empty in a glossary without such pairs.
    same_ar: FxHashMap<u32, Span>,
    same_ar_terms: Vec<u32>,
    by_second: Vec<BySecond>,
    /// Form ids: one-word forms and runs of forms with one [`second_key`].
    second_forms: Vec<u32>,
    /// [`second_key`] → its run of forms in [`Matcher::second_forms`].
    second_runs: std::collections::HashMap<u64, Span, std::hash::BuildHasherDefault<Prehashed>>,
    /// A Bloom filter over the keys of `second_runs`: most lookups find
    /// nothing, and this says so without a probe into the map.
    second_filter: KeyFilter,
}

/// The hash of a form's key ([`form_key`]), as [`Matcher`] keeps it per term.
pub(crate) fn ar_key_hash(key: &str) -> u64 {
    long_hash(key)
}

/// A Bloom filter over hashes, two bits in one 64-bit block: one memory
/// access a probe.
#[derive(Debug, Default)]
struct KeyFilter {
    blocks: Vec<u64>,
}

impl KeyFilter {
    fn with_hashes(hashes: &[u64]) -> Self {
        // About 16 bits a key, at least 64 KiB: a few per cent false positives.
        let bits = (hashes.len() * 16).next_power_of_two().max(1 << 19);
        let mut filter = KeyFilter {
            blocks: vec![0; bits / 64],
        };
        for &hash in hashes {
            let (block, bits) = filter.probe(hash);
            filter.blocks[block] |= bits;
        }
        filter
    }

    fn probe(&self, hash: u64) -> (usize, u64) {
        let block = hash as usize & (self.blocks.len() - 1);
        let bits = 1 << ((hash >> 52) & 63) | 1 << ((hash >> 58) & 63);
        (block, bits)
    }

    fn may_contain(&self, hash: u64) -> bool {
        if self.blocks.is_empty() {
            return false;
        }
        let (block, bits) = self.probe(hash);
        self.blocks[block] & bits == bits
    }
}

/// Whether a written word carries the article ال (bare alef, so إلكتروني does not).
fn strip_article(written: &str) -> Option<&str> {
    let rest = written.strip_prefix(ARTICLE)?;
    (normalize(rest).chars().count() >= 2).then_some(rest)
}

/// One word of a glossary form, as strings.
struct WordText {
    written: String,
    norm: String,
    key: String,
    /// The singular key of a plural nisba, or a defective noun's key with its ي.
    other_key: Option<String>,
    /// What the word alone says: [`NISBA`], [`PARTICIPLE`], [`DEFECTIVE`],
    /// [`ALEF_MAQSURA`], [`VOCALISED`], [`HAMZA`].
    flags: u16,
}

fn form_words(form: &str) -> Vec<WordText> {
    tokens(form)
        .into_iter()
        .map(|t| {
            let written = form[t.start..t.end].to_string();
            let key = match strip_article(&written) {
                Some(rest) => normalize(rest),
                None => t.norm.clone(),
            };
            let singular_key = ["يون", "يين", "يان"]
                .iter()
                .find(|ending| key.ends_with(*ending) && key.chars().count() >= 5)
                .map(|_| key[..key.len() - "ون".len()].to_string());
            WordText {
                written,
                norm: t.norm,
                key,
                other_key: singular_key,
                flags: 0,
            }
        })
        .collect()
}

/// Sets what the word alone says about itself ([`WordText::flags`]), and a
/// defective noun's other key. Apart from [`form_words`], which
/// [`form_key`] uses for every form of a glossary being checked.
fn read_word(word: &mut WordText) {
    let WordText {
        written,
        key,
        other_key,
        flags,
        ..
    } = word;
    let last = last_letter(written);
    if last == Some('ي') || other_key.is_some() {
        *flags |= NISBA;
    }
    if participle_pattern(key, written) {
        *flags |= PARTICIPLE;
    }
    if last == Some('ى') {
        *flags |= ALEF_MAQSURA;
    }
    let marks = marks::summary(written);
    if marks.vocalised {
        *flags |= VOCALISED;
    }
    if marks.hamza_alef {
        *flags |= HAMZA;
    }
    if marks.final_kasratan && other_key.is_none() && !key.ends_with('ي') {
        *flags |= DEFECTIVE;
        *other_key = Some(format!("{key}ي"));
    }
}

/// The comparison key of a form: two forms with the same key cannot be told
/// apart by the matcher (used to find duplicate glossary entries).
pub fn form_key(form: &str) -> String {
    let mut key = String::new();
    form_key_into(form, &mut key);
    key
}

/// [`form_key`], appended to `out`: the keys of [`form_words`], without
/// building the words (checking 100,000 terms calls this for every form).
pub fn form_key_into(form: &str, out: &mut String) {
    thread_local! {
        static WORDS: std::cell::RefCell<(String, Vec<WordSpan>)> = std::cell::RefCell::default();
    }
    WORDS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (norms, spans) = &mut *cell;
        norms.clear();
        spans.clear();
        scan_words_into(form, norms, spans);
        for (n, word) in spans.iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            match strip_article(&form[word.start..word.end]) {
                Some(rest) => out.push_str(&normalize(rest)),
                None => out.push_str(&norms[word.norm.clone()]),
            }
        }
        if norms.capacity() > 1 << 16 {
            *cell = Default::default();
        }
    });
}

/// The words of the text being matched, normalised into one buffer.
struct Words<'t> {
    text: &'t str,
    spans: &'t [WordSpan],
    norms: &'t str,
    /// [`long_hash`] of every word's normalised form.
    hashes: &'t [u64],
}

impl Words<'_> {
    fn norm(&self, i: usize) -> &str {
        &self.norms[self.spans[i].norm.clone()]
    }

    fn surface(&self, i: usize) -> &str {
        &self.text[self.spans[i].start..self.spans[i].end]
    }

    /// Only white space between word `i` and the next.
    fn adjacent(&self, i: usize) -> bool {
        self.text[self.spans[i].end..self.spans[i + 1].start]
            .chars()
            .all(char::is_whitespace)
    }
}

/// Buffers that [`Matcher::find`] reuses from one sentence to the next, so
/// that matching a long document does not allocate once a sentence or word.
#[derive(Default)]
struct Scratch {
    norms: String,
    spans: Vec<WordSpan>,
    hashes: Vec<u64>,
    later: LaterReadings,
    candidates: Vec<Candidate>,
    canonical: rustc_hash::FxHashSet<(usize, usize, u32)>,
    taken: Vec<bool>,
    /// The forms of a bucket to try at a word.
    tried: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Whether a text word equals, after normalisation, a first form word whose
/// key is the reading's stem: without the article, and with it.
#[derive(Clone, Copy)]
struct FirstWordEquals {
    bare: bool,
    with_article: bool,
}

/// A candidate before overlaps are resolved.
struct Candidate {
    form: u32,
    /// The form's place in the glossary, to break ties.
    order: u32,
    first_word: usize,
    words: usize,
    /// Any word read through affixes (not equal to the form after normalisation).
    analysed: bool,
    /// Every word exactly as written in the form.
    exact: bool,
    affix_chars: usize,
    kind: MatchKind,
    /// How the first word was read, when not as written; the explanation is
    /// only spelled out for the candidates that win.
    first_reading: Option<Reading>,
}

/// The affixes of one word's reading, without its stem.
#[derive(Clone, Copy)]
struct Reading {
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    /// The stem is the form word with its article (not the bare key).
    stem_is_norm: bool,
    /// The stem is the form word's other key ([`FormWord::other_key`]).
    other_key: bool,
}

impl Reading {
    /// `و+ب+ال+أمن`: the clitics, the glossary's spelling of the stem, the suffixes.
    /// `surface` is the word as the text writes it: a final ه that is a
    /// ta marbuta there (روسية) is shown as ة, not as the pronoun.
    fn explain_into(&self, stem: &str, surface: &str, out: &mut String) {
        for prefix in self.prefixes {
            out.push_str(prefix);
            out.push('+');
        }
        out.push_str(stem);
        for suffix in self.suffixes {
            out.push('+');
            if *suffix == "ه" && ends_in_ta_marbuta(surface) {
                out.push('ة');
            } else {
                out.push_str(suffix);
            }
        }
    }
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Self {
        Matcher::build(glossary, BY_SECOND_MIN)
    }

    /// The index, buckets of `by_second_min` forms or more indexed by
    /// second word (`u32::MAX`: none, for tests to compare with).
    fn build(glossary: &Glossary, by_second_min: u32) -> Self {
        // Every form in glossary order first; laid out by first key after.
        let forms: usize = glossary.terms.iter().map(|t| 1 + t.ar_variants.len()).sum();
        let mut unordered = Matcher {
            forms: Vec::with_capacity(forms),
            ..Matcher::default()
        };
        let mut ar_hash = Vec::with_capacity(glossary.terms.len());
        let mut key = String::new();
        for (term_index, term) in glossary.terms.iter().enumerate() {
            // A plural listed without a sound ending is a broken plural.
            let broken_plural = term
                .ar_plurals
                .iter()
                .any(|p| crate::arabic::morphology::sound_plural_ending(p).is_none());
            let singular_forms = 1 + term.ar_variants.len();
            for (n, form) in term.ar_forms().enumerate() {
                let order = unordered.forms.len() as u32;
                let mut words = form_words(form);
                if n == 0 {
                    key.clear();
                    for (k, word) in words.iter().enumerate() {
                        if k > 0 {
                            key.push(' ');
                        }
                        key.push_str(&word.key);
                    }
                    ar_hash.push(ar_key_hash(&key));
                }
                words.iter_mut().for_each(read_word);
                if broken_plural
                    && n < singular_forms
                    && let Some(head) = words.first_mut()
                {
                    head.flags |= BROKEN_PLURAL;
                }
                unordered.push_form(
                    term_index as u32,
                    n > 0,
                    order,
                    &words,
                    term.gender_inflects,
                );
            }
            let excludes: Vec<Vec<String>> = term
                .ar_exclude
                .iter()
                .map(|e| tokens(e).into_iter().map(|t| t.norm).collect::<Vec<_>>())
                .filter(|words| !words.is_empty())
                .collect();
            if !excludes.is_empty() {
                unordered.excludes.insert(term_index as u32, excludes);
            }
        }
        // Number the keys in order of first use, so that the layout does not
        // depend on a hash map's order: every form under its first word's
        // own key, and a plural nisba adjective also under its singular.
        let mut key_ids: FxHashMap<&str, u32> = FxHashMap::default();
        key_ids.reserve(unordered.forms.len());
        let mut keys: Vec<&str> = Vec::with_capacity(unordered.forms.len());
        let mut own_key = Vec::with_capacity(unordered.forms.len());
        let mut singular_key = Vec::new();
        fn key_id<'t>(
            ids: &mut FxHashMap<&'t str, u32>,
            keys: &mut Vec<&'t str>,
            key: &'t str,
        ) -> u32 {
            *ids.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() as u32 - 1
            })
        }
        let text = unordered.text.as_str();
        for (id, form) in unordered.forms.iter().enumerate() {
            let first = form.first;
            own_key.push(key_id(&mut key_ids, &mut keys, first.key(text)));
            if let Some(singular) = first.other_key(text) {
                singular_key.push((key_id(&mut key_ids, &mut keys, singular), id as u32));
            }
        }
        drop(key_ids);
        // The forms of each key, in glossary order (a counting sort).
        let mut own_starts = vec![0u32; keys.len() + 1];
        for &k in &own_key {
            own_starts[k as usize + 1] += 1;
        }
        for k in 0..keys.len() {
            own_starts[k + 1] += own_starts[k];
        }
        let mut own_forms = vec![0u32; own_key.len()];
        let mut filled = own_starts.clone();
        for (id, &k) in own_key.iter().enumerate() {
            own_forms[filled[k as usize] as usize] = id as u32;
            filled[k as usize] += 1;
        }
        // Forms by key, with their words and strings.
        let mut matcher = Matcher {
            text: String::with_capacity(unordered.text.len()),
            forms: Vec::with_capacity(unordered.forms.len()),
            words: Vec::with_capacity(unordered.words.len()),
            excludes: std::mem::take(&mut unordered.excludes),
            ..Matcher::default()
        };
        let mut placed = vec![u32::MAX; unordered.forms.len()];
        for &id in &own_forms {
            placed[id as usize] = matcher.forms.len() as u32;
            matcher.copy_form(&unordered, id);
        }
        singular_key.sort_unstable();
        let mut singular = singular_key.iter().peekable();
        let mut hashes = Vec::with_capacity(keys.len());
        matcher.by_first_key.reserve(keys.len());
        for (k, key) in keys.iter().enumerate() {
            let own = Span {
                start: own_starts[k],
                len: own_starts[k + 1] - own_starts[k],
            };
            let key_span = match own.len {
                // The first own form's first word holds the key.
                0 => matcher.push_text(key),
                _ => {
                    let word = matcher.forms[own.start as usize].first;
                    let article = if word.has_article() { ARTICLE.len() } else { 0 };
                    Span {
                        start: word.norm.start + article as u32,
                        len: key.len() as u32,
                    }
                }
            };
            debug_assert_eq!(key_span.of(&matcher.text), *key);
            let mut short_key = [0; SHORT_KEY];
            if key.len() <= SHORT_KEY {
                short_key[..key.len()].copy_from_slice(key.as_bytes());
            }
            let singular_start = matcher.singular_forms.len() as u32;
            while let Some(&(_, id)) = singular.next_if(|(s, _)| *s as usize == k) {
                matcher.singular_forms.push(placed[id as usize]);
            }
            let bucket = Bucket {
                key: key_span,
                short_key,
                own,
                singular: Span {
                    start: singular_start,
                    len: matcher.singular_forms.len() as u32 - singular_start,
                },
                next: u32::MAX,
                by_second: matcher.index_by_second(own, by_second_min),
            };
            let hash = long_hash(key);
            hashes.push(hash);
            match matcher.by_first_key.entry(hash) {
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(bucket);
                }
                std::collections::hash_map::Entry::Occupied(mut entry) => {
                    // Two keys with one hash: the new one goes in front of the chain.
                    let earlier = std::mem::replace(entry.get_mut(), bucket);
                    entry.get_mut().next = matcher.collided.len() as u32;
                    matcher.collided.push(earlier);
                }
            }
        }
        matcher.first_key_filter = KeyFilter::with_hashes(&hashes);
        if !matcher.second_runs.is_empty() {
            let keys: Vec<u64> = matcher.second_runs.keys().copied().collect();
            matcher.second_filter = KeyFilter::with_hashes(&keys);
        }
        matcher.index_same_arabic(glossary, ar_hash);
        matcher
    }

    /// Indexes the forms `own` (a bucket's) by their second word, if there
    /// are enough of them; returns the index's place or `u32::MAX`.
    fn index_by_second(&mut self, own: Span, min: u32) -> u32 {
        if own.len < min {
            return u32::MAX;
        }
        let index = self.by_second.len();
        let single_start = self.second_forms.len() as u32;
        let mut keyed = Vec::new();
        for id in own.start..own.start + own.len {
            let form = &self.forms[id as usize];
            if form.len() == 1 {
                self.second_forms.push(id);
                continue;
            }
            let second = form.second;
            keyed.push((second_key(index, SecondKind::Norm, second.norm), id));
            keyed.push((second_key(index, SecondKind::Key, second.key), id));
            if second.singular != second.key {
                keyed.push((second_key(index, SecondKind::Key, second.singular), id));
            }
        }
        self.by_second.push(BySecond {
            single: Span {
                start: single_start,
                len: self.second_forms.len() as u32 - single_start,
            },
        });
        keyed.sort_unstable();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let start = self.second_forms.len() as u32;
            self.second_forms.extend(run.iter().map(|&(_, id)| id));
            self.second_runs.insert(
                run[0].0,
                Span {
                    start,
                    len: run.len() as u32,
                },
            );
        }
        index as u32
    }

    /// The forms of `bucket` to try at word `i` (whose reading is the
    /// bucket's key), in `out`, in bucket order: all of them, or where the
    /// bucket is indexed by second word, its one-word forms and those whose
    /// second word word `i + 1` may be. The others would be turned away by
    /// [`Matcher::extend`]'s first test.
    fn own_forms_to_try(
        &self,
        bucket: &Bucket,
        words: &Words,
        later: &mut LaterReadings,
        i: usize,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let Some(index) = self.by_second.get(bucket.by_second as usize) else {
            out.extend(bucket.own.start..bucket.own.start + bucket.own.len);
            return;
        };
        let number = bucket.by_second as usize;
        let with_hash = |kind: SecondKind, hash: u32, out: &mut Vec<u32>| {
            let key = second_key(number, kind, hash);
            if !self.second_filter.may_contain(key) {
                return;
            }
            if let Some(run) = self.second_runs.get(&key) {
                out.extend_from_slice(
                    &self.second_forms[run.start as usize..(run.start + run.len) as usize],
                );
            }
        };
        out.extend_from_slice(
            &self.second_forms
                [index.single.start as usize..(index.single.start + index.single.len) as usize],
        );
        let singles = out.len();
        if i + 1 < words.spans.len() && words.adjacent(i) {
            with_hash(SecondKind::Norm, fold(words.hashes[i + 1]), out);
            let range = later.readings(words, i + 1);
            for r in &later.all[range] {
                with_hash(SecondKind::Key, r.hash, out);
            }
        }
        if out.len() > singles {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// Fills [`Matcher::ar_index`] and the groups of terms with the same
    /// Arabic (hashes equal, confirmed on the keys).
    fn index_same_arabic(&mut self, glossary: &Glossary, ar_hash: Vec<u64>) {
        let mut index: Vec<(u64, u32)> = ar_hash
            .iter()
            .enumerate()
            .map(|(term, &hash)| (hash, term as u32))
            .collect();
        index.sort_unstable();
        let mut start = 0;
        while start < index.len() {
            let end = start + index[start..].partition_point(|e| e.0 == index[start].0);
            if end - start > 1 {
                // Equal hashes: group the terms whose keys are equal.
                let mut keyed: Vec<(String, u32)> = index[start..end]
                    .iter()
                    .map(|&(_, t)| (form_key(&glossary.terms[t as usize].ar), t))
                    .collect();
                keyed.sort();
                for group in keyed.chunk_by(|a, b| a.0 == b.0) {
                    if group.len() < 2 {
                        continue;
                    }
                    let span = Span {
                        start: self.same_ar_terms.len() as u32,
                        len: group.len() as u32,
                    };
                    for &(_, term) in group {
                        self.same_ar_terms.push(term);
                        self.same_ar.insert(term, span);
                    }
                }
            }
            start = end;
        }
        self.ar_hash = ar_hash;
        self.ar_index = index;
    }

    /// The [`ar_key_hash`] of term `term`'s `ar`.
    pub(crate) fn ar_hash_of(&self, term: usize) -> u64 {
        self.ar_hash[term]
    }

    /// The terms whose `ar` key has the hash `hash` (confirm on the keys).
    pub(crate) fn terms_with_ar_hash(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let start = self.ar_index.partition_point(|e| e.0 < hash);
        self.ar_index[start..]
            .iter()
            .take_while(move |e| e.0 == hash)
            .map(|e| e.1 as usize)
    }

    /// Every term that has a form whose first word's key is a reading of a
    /// word of `text` (with duplicates): a superset of the terms
    /// [`find`](Self::find) can match there, since it only ever tries those
    /// (it looks up the same buckets, with the same readings).
    pub(crate) fn candidate_terms(&self, text: &str, out: &mut Vec<u32>) {
        let mut norms = String::new();
        let mut spans = Vec::new();
        scan_words_into(text, &mut norms, &mut spans);
        for span in &spans {
            analyses(&norms[span.norm.clone()], true, |a| {
                let stem: &str = &a.stem;
                let Some(bucket) = self.bucket(stem, long_hash(stem)) else {
                    return;
                };
                let own = bucket.own.start..bucket.own.start + bucket.own.len;
                let singular = &self.singular_forms[bucket.singular.start as usize
                    ..(bucket.singular.start + bucket.singular.len) as usize];
                for form in own.chain(singular.iter().copied()) {
                    out.push(self.forms[form as usize].term);
                }
            });
        }
    }

    /// Appends form `id` of `other`, with its words and their strings.
    fn copy_form(&mut self, other: &Matcher, id: u32) {
        let form = &other.forms[id as usize];
        let copy = |this: &mut Self, word: FormWord| {
            let written = this.push_text(word.written(&other.text));
            let norm = this.push_text(word.norm(&other.text));
            if word.has(DEFECTIVE) {
                this.text.push('ي'); // the other key is the key and this ي
            }
            FormWord {
                written,
                norm,
                ..word
            }
        };
        let first = copy(self, form.first);
        let rest = self.words.len();
        for k in 1..form.len() {
            let word = copy(self, other.form_word(form, k));
            self.words.push(word);
        }
        self.finish_form(Form { first, ..*form }, rest);
    }

    /// Adds a form of a term whose `gender_inflects` is `gender`. A nisba
    /// adjective always inflects; the other words when the term says so,
    /// or, when it says nothing, when they or the form's head (its first
    /// word) are nisbas or participles: the adjectives of a phrase agree
    /// with its head (المتحدثة باسم, مبعوثة خاصة).
    fn push_form(
        &mut self,
        term: u32,
        variant: bool,
        order: u32,
        words: &[WordText],
        gender: Option<bool>,
    ) {
        let Some((first, others)) = words.split_first() else {
            return;
        };
        let by_pattern = |w: &WordText| w.flags & (NISBA | PARTICIPLE) != 0;
        let phrase = gender.unwrap_or_else(|| by_pattern(first));
        let flags_of = |w: &WordText| {
            let mut flags = 0;
            if w.flags & NISBA != 0 || phrase || (gender.is_none() && by_pattern(w)) {
                flags |= INFLECTS;
            }
            if gender == Some(true) {
                flags |= PEOPLE;
            }
            flags
        };
        let first = self.push_word(first, flags_of(first));
        let rest = self.words.len();
        for word in others {
            let word = self.push_word(word, flags_of(word));
            self.words.push(word);
        }
        let form = Form {
            term,
            variant,
            order,
            first,
            rest: Span::default(),
            second: WordHashes::default(),
        };
        self.finish_form(form, rest);
    }

    /// A form word, its strings added to the text; `flags` adds to the word's own.
    fn push_word(&mut self, word: &WordText, flags: u16) -> FormWord {
        let written = self.push_text(&word.written);
        let norm = self.push_text(&word.norm);
        let mut flags = word.flags | flags;
        if word.flags & DEFECTIVE != 0 {
            self.text.push('ي'); // the other key is the key and this ي
        } else if word.other_key.is_some() {
            flags |= HAS_SINGULAR;
        }
        if word.key != word.norm {
            flags |= HAS_ARTICLE;
        }
        FormWord {
            written,
            norm,
            hashes: WordHashes {
                norm: short_hash(&word.norm),
                key: short_hash(&word.key),
                singular: short_hash(word.other_key.as_deref().unwrap_or(&word.key)),
            },
            flags,
        }
    }

    /// Adds `form`, whose words after the first are those of `words` from `rest` on.
    fn finish_form(&mut self, form: Form, rest: usize) {
        let second = self.words.get(rest).map(|w| w.hashes).unwrap_or_default();
        self.forms.push(Form {
            rest: Span {
                start: rest as u32,
                len: (self.words.len() - rest) as u32,
            },
            second,
            ..form
        });
    }

    fn push_text(&mut self, s: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        Span {
            start,
            len: s.len() as u32,
        }
    }

    /// Number of indexed forms (canonical forms and variants).
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// Word `k` of `form`.
    fn form_word(&self, form: &Form, k: usize) -> FormWord {
        match k {
            0 => form.first,
            _ => self.words[form.rest.start as usize + k - 1],
        }
    }

    /// The bucket of forms whose first word has the key `stem`, hashed as `hash`.
    fn bucket(&self, stem: &str, hash: u64) -> Option<&Bucket> {
        if !self.first_key_filter.may_contain(hash) {
            return None;
        }
        let mut bucket = self.by_first_key.get(&hash)?;
        while !bucket.has_key(stem, &self.text) {
            match bucket.next {
                u32::MAX => return None,
                next => bucket = &self.collided[next as usize],
            }
        }
        Some(bucket)
    }

    /// Non-overlapping matches in `text`, in text order. Where two terms
    /// have the same Arabic (a warning in the glossary, not an error), the
    /// words matched are suggested as each of them, in glossary order: one
    /// [`Match`] per term, with the same span.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut found = self.find_one_per_span(text);
        if !self.same_ar.is_empty() {
            add_same_arabic(&mut found, |term| {
                self.same_ar.get(&(term as u32)).map(|span| {
                    self.same_ar_terms[span.start as usize..(span.start + span.len) as usize]
                        .iter()
                        .map(|&t| t as usize)
                        .collect()
                })
            });
        }
        found
    }

    /// Whether terms `a` and `b` have the same Arabic (both are suggested).
    fn same_arabic(&self, a: u32, b: u32) -> bool {
        self.same_ar.get(&a).is_some_and(|span| {
            self.same_ar_terms[span.start as usize..(span.start + span.len) as usize].contains(&b)
        })
    }

    /// Like [`find`](Self::find), but terms with the same Arabic are not
    /// spread out: each span has one match (the first such term that the
    /// ranking picks).
    pub fn find_one_per_span(&self, text: &str) -> Vec<Match> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let found = self.find_with(text, &mut scratch);
                // A huge "sentence" (a text with no punctuation) must not
                // keep its buffers for the life of the thread.
                if scratch.norms.capacity() > 1 << 20 {
                    *scratch = Scratch::default();
                }
                found
            }
            Err(_) => self.find_with(text, &mut Scratch::default()),
        })
    }

    fn find_with(&self, text: &str, scratch: &mut Scratch) -> Vec<Match> {
        self.run::<false>(text, scratch).0
    }

    /// Every reading of every word of `text` that reached a glossary form
    /// (its stem is a form's key), with what became of it: suggested,
    /// outranked by another match, or rejected and why. Words that reached
    /// no form are left out. For people (`suggest --explain`) and tests;
    /// slower than [`find`](Self::find), whose suggestions it agrees with.
    pub fn explain(&self, text: &str) -> Vec<WordExplanation> {
        let mut scratch = Scratch::default();
        let (_, considered) = self.run::<true>(text, &mut scratch);
        let spans = &scratch.spans;
        let mut out: Vec<WordExplanation> = Vec::new();
        for c in considered {
            let start = spans[c.first_word].start;
            if out.last().is_none_or(|w| w.start != start) {
                out.push(WordExplanation {
                    start,
                    end: spans[c.first_word].end,
                    readings: Vec::new(),
                });
            }
            let form = &self.forms[c.form as usize];
            let written: Vec<&str> = (0..form.len())
                .map(|k| self.form_word(form, k).written(&self.text))
                .collect();
            let reading = ReadingExplanation {
                term: form.term as usize,
                form: written.join(" "),
                start,
                end: spans[c.first_word + c.words - 1].end,
                reading: c.reading,
                verdict: c.verdict,
                reason: c.reason,
            };
            let readings = &mut out.last_mut().expect("pushed above").readings;
            if !readings.contains(&reading) {
                readings.push(reading);
            }
        }
        out
    }

    /// Matching; with `EXPLAIN`, every grammatical split is tried (not only
    /// the analyses) and every reading that reached a form is returned too.
    fn run<const EXPLAIN: bool>(
        &self,
        text: &str,
        scratch: &mut Scratch,
    ) -> (Vec<Match>, Vec<Considered>) {
        let Scratch {
            norms,
            spans,
            hashes,
            later,
            candidates,
            canonical,
            taken,
            tried,
        } = scratch;
        norms.clear();
        spans.clear();
        scan_words_into(text, norms, spans);
        hashes.clear();
        hashes.extend(spans.iter().map(|s| long_hash(&norms[s.norm.clone()])));
        let words = Words {
            text,
            spans,
            norms,
            hashes,
        };
        later.reset(spans.len(), EXPLAIN);
        candidates.clear();
        let mut considered = Vec::new();
        for i in 0..words.spans.len() {
            let mut visit = |a: Analysis<'_>, impossible: Option<Impossible>| {
                let stem: &str = &a.stem;
                // The word read as it is was hashed with the others.
                let unanalysed =
                    a.prefixes.is_empty() && a.suffixes.is_empty() && a.restored.is_none();
                let hash = if unanalysed {
                    words.hashes[i]
                } else {
                    long_hash(stem)
                };
                let Some(bucket) = self.bucket(stem, hash) else {
                    return;
                };
                // Every form here has `stem` as its first word's key, so whether
                // the word is that form word (with or without the article) is
                // decided once, not once a form.
                let norm = words.norm(i);
                let same = FirstWordEquals {
                    bare: norm == stem,
                    with_article: norm.len() == stem.len() + ARTICLE.len()
                        && norm.starts_with(ARTICLE)
                        && &norm[ARTICLE.len()..] == stem,
                };
                self.own_forms_to_try(bucket, &words, later, i, tried);
                let own = tried.iter().map(|&f| (f, true));
                let singular = &self.singular_forms[bucket.singular.start as usize
                    ..(bucket.singular.start + bucket.singular.len) as usize];
                for (form, own_key) in own.chain(singular.iter().map(|&f| (f, false))) {
                    let same = own_key.then_some(same);
                    match self.extend(&words, later, i, form, &a, impossible, same) {
                        Ok(c) => candidates.push(c),
                        Err(Some(rejection)) if EXPLAIN => {
                            let first_reading = Reading {
                                prefixes: a.prefixes,
                                suffixes: a.suffixes,
                                stem_is_norm: same.is_some()
                                    && !self.forms[form as usize].first.has_article(),
                                other_key: !own_key,
                            };
                            let words_in_form = self.forms[form as usize].len();
                            considered.push(Considered {
                                first_word: i,
                                words: words_in_form,
                                form,
                                reading: self.describe(&words, later, i, form, Some(first_reading)),
                                verdict: Verdict::Rejected(rejection),
                                reason: self.reason(form, rejection),
                            });
                        }
                        Err(_) => {}
                    }
                }
            };
            if EXPLAIN {
                readings(words.norm(i), true, &mut visit);
            } else {
                analyses(words.norm(i), true, |a| visit(a, None));
            }
        }
        if candidates.is_empty() {
            considered.sort_by_key(|c| c.first_word);
            return (Vec::new(), considered);
        }
        // A variant that the canonical form explains as well (نظيره: نظيرة by
        // ة/ه folding, or نظير + ه) is shown as the canonical reading.
        let inexact_variant = |c: &Candidate| c.kind == MatchKind::Variant && !c.exact;
        if candidates.iter().any(inexact_variant) {
            canonical.clear();
            canonical.extend(
                candidates
                    .iter()
                    .filter(|c| c.kind != MatchKind::Variant)
                    .map(|c| (c.first_word, c.words, self.forms[c.form as usize].term)),
            );
            candidates.retain(|c| {
                let explained = inexact_variant(c)
                    && canonical.contains(&(
                        c.first_word,
                        c.words,
                        self.forms[c.form as usize].term,
                    ));
                if EXPLAIN && explained {
                    considered.push(Considered {
                        first_word: c.first_word,
                        words: c.words,
                        form: c.form,
                        reading: self.explain_candidate(&words, later, c),
                        verdict: Verdict::Outranked,
                        reason: "the canonical form reads it too".to_string(),
                    });
                }
                !explained
            });
        }
        // Longest first, then surface over analysed, fewer affixes, earlier.
        candidates.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.words),
                !c.exact,
                c.analysed,
                c.affix_chars,
                c.kind,
                c.first_word,
                c.order,
            )
        });
        taken.clear();
        taken.resize(words.spans.len(), false);
        let mut out = Vec::with_capacity(candidates.len());
        for c in candidates.iter() {
            let range = c.first_word..c.first_word + c.words;
            if taken[range.clone()].iter().any(|t| *t) {
                if EXPLAIN {
                    // A term with the same Arabic as the winner's is
                    // suggested beside it (see `find`).
                    let (start, end) = (
                        words.spans[range.start].start,
                        words.spans[range.end - 1].end,
                    );
                    let term = self.forms[c.form as usize].term;
                    let beside = c.kind != MatchKind::Variant
                        && out.iter().any(|m: &Match| {
                            m.start == start
                                && m.end == end
                                && m.kind != MatchKind::Variant
                                && m.term as u32 != term
                                && self.same_arabic(m.term as u32, term)
                        });
                    let (verdict, reason) = if beside {
                        (
                            Verdict::Suggested,
                            "the same Arabic as another term: both suggested",
                        )
                    } else {
                        (Verdict::Outranked, "another match covers these words")
                    };
                    considered.push(Considered {
                        first_word: c.first_word,
                        words: c.words,
                        form: c.form,
                        reading: self.explain_candidate(&words, later, c),
                        verdict,
                        reason: reason.to_string(),
                    });
                }
                continue;
            }
            taken[range.clone()].iter_mut().for_each(|t| *t = true);
            let analysis = self.explain_candidate(&words, later, c);
            if EXPLAIN {
                considered.push(Considered {
                    first_word: c.first_word,
                    words: c.words,
                    form: c.form,
                    reading: analysis.clone(),
                    verdict: Verdict::Suggested,
                    reason: String::new(),
                });
            }
            out.push(Match {
                term: self.forms[c.form as usize].term as usize,
                start: words.spans[range.start].start,
                end: words.spans[range.end - 1].end,
                kind: c.kind,
                analysis,
            });
        }
        out.sort_unstable_by_key(|m| m.start);
        // By word, suggestions first; otherwise in the order they were met.
        considered.sort_by_key(|c| (c.first_word, c.verdict != Verdict::Suggested));
        (out, considered)
    }

    /// Why `rejection` turned down a reading as `form`, in a few words.
    fn reason(&self, form: u32, rejection: Rejection) -> String {
        match rejection {
            Rejection::Excluded(index) => {
                let term = self.forms[form as usize].term;
                let excluded = self
                    .excludes
                    .get(&term)
                    .and_then(|e| e.get(index as usize))
                    .map(|words| words.join(" "))
                    .unwrap_or_default();
                format!("{} «{excluded}»", rejection.label())
            }
            _ => rejection.label().to_string(),
        }
    }

    /// Tries `form` at word `first`, whose reading `a` matched its first
    /// word: the candidate, or why not — `Err(None)` when the words do not
    /// read as the form at all, `Err(Some(_))` when they do but a rule
    /// turns the reading down (`impossible`: grammar did already).
    #[allow(clippy::too_many_arguments)]
    fn extend(
        &self,
        words: &Words,
        later: &mut LaterReadings,
        first: usize,
        form_id: u32,
        a: &Analysis,
        impossible: Option<Impossible>,
        first_equals: Option<FirstWordEquals>,
    ) -> Result<Candidate, Option<Rejection>> {
        let form = &self.forms[form_id as usize];
        let n = form.len();
        if first + n > words.spans.len() {
            return Err(None);
        }
        // The test below, on hashes alone: can the next word be the second?
        if n > 1 && !(words.adjacent(first) && later.may_be(words, first + 1, form.second)) {
            return Err(None);
        }
        let mut analysed = false;
        let mut all_exact = true;
        let mut affix_chars = 0;
        let mut first_reading = None;
        // The first rule that turns a word down; the words are still read,
        // to tell a rejected reading from words that are not the form.
        let mut rejection = None;
        for k in 0..n {
            let fw = self.form_word(form, k);
            let i = first + k;
            if k > 0 && !words.adjacent(i - 1) {
                return Err(None); // words of a term are contiguous, with nothing but spaces between
            }
            let equal = match (k, first_equals) {
                (0, Some(same)) if fw.has_article() => same.with_article,
                (0, Some(same)) => same.bare,
                _ => {
                    fold(words.hashes[i]) == fw.hashes.norm && words.norm(i) == fw.norm(&self.text)
                }
            };
            if equal {
                let exact = words.surface(i) == fw.written(&self.text);
                all_exact &= exact;
                if !exact && rejection.is_none() {
                    let key_at = if fw.has_article() { ARTICLE.len() } else { 0 };
                    let letters = key_at..words.norm(i).len();
                    rejection = self.check_marks(words, i, letters, fw).err();
                }
                continue;
            }
            let chars = if k == 0 {
                if !a.restored.is_none_or(|letter| fw.may_end_in(letter)) {
                    return Err(None);
                }
                first_reading = Some(Reading {
                    prefixes: a.prefixes,
                    suffixes: a.suffixes,
                    // The stem is the word's key, or its singular (never its norm).
                    stem_is_norm: first_equals.is_some() && !fw.has_article(),
                    other_key: first_equals.is_none(),
                });
                if rejection.is_none() {
                    rejection = match impossible {
                        Some(why) => Some(Rejection::Grammar(why)),
                        None => self
                            .check_reading(words, i, fw, a.suffixes, a.restored, a.letters.clone())
                            .err(),
                    };
                }
                a.affix_chars()
            } else {
                match self.later_best(later, words, i, fw) {
                    (None, _) => return Err(None),
                    (Some(r), why) => {
                        if rejection.is_none() {
                            rejection = why;
                        }
                        r.affix_chars as usize
                    }
                }
            };
            analysed = true;
            all_exact = false;
            affix_chars += chars;
        }
        if let Some(rejection) = rejection {
            return Err(Some(rejection));
        }
        self.check_excludes(words, first, n, form.term)
            .map_err(Some)?;
        let kind = if form.variant {
            MatchKind::Variant
        } else if analysed {
            MatchKind::Morphology
        } else if all_exact {
            MatchKind::Exact
        } else {
            MatchKind::Normalised
        };
        Ok(Candidate {
            form: form_id,
            order: form.order,
            first_word: first,
            words: n,
            analysed,
            exact: all_exact,
            affix_chars,
            kind,
            first_reading,
        })
    }

    /// What the morphology cannot know about a reading of word `i` as form
    /// word `fw`: the text's ة, the word's gender, the text's marks.
    /// `letters`: where the stem lies in the word's normalised form.
    fn check_reading(
        &self,
        words: &Words,
        i: usize,
        fw: FormWord,
        suffixes: &[&str],
        restored: Option<char>,
        letters: std::ops::Range<usize>,
    ) -> Result<(), Rejection> {
        if suffixes.is_empty() {
            return self.check_marks(words, i, letters, fw);
        }
        let surface = words.surface(i);
        let mut feminine = suffixes.first() == Some(&FEMININE);
        // A ة written in the text is never the pronoun ه.
        if suffixes.last() == Some(&"ه") && ends_in_ta_marbuta(surface) {
            match suffixes {
                ["ه"] if restored.is_none() => feminine = true,
                ["ي", "ه"] => return Err(Rejection::Nisba),
                _ => return Err(Rejection::TaMarbutaIsNotAPronoun),
            }
        }
        // The dual of a feminine: وزيرتان, مكتبتين (not a restored ة).
        if restored.is_none() && matches!(suffixes.first(), Some(&("تان" | "تين" | "تا" | "تي")))
        {
            feminine = true;
        }
        // ات right on a nisba: the plural of the noun in ‑ية (ديمقراطيات
        // "democracies", إلكترونيات "electronics"); an adjective's plural
        // for a thing is the feminine singular (هجمات إلكترونية), and only
        // people take ات (دبلوماسيات, for a term that says so).
        if fw.has(NISBA) && !fw.has(PEOPLE) && restored.is_none() && suffixes.first() == Some(&"ات")
        {
            return Err(Rejection::NisbaPlural);
        }
        // ات on a noun whose plural is broken is the plural of its feminine,
        // another word: مكتبات (مكتبة "library"), not مكتب (مكاتب).
        if fw.has(BROKEN_PLURAL)
            && !fw.has(INFLECTS)
            && restored.is_none()
            && suffixes.first() == Some(&"ات")
        {
            return Err(Rejection::NotItsPlural);
        }
        if !fw.has(INFLECTS) {
            if feminine {
                return Err(Rejection::FeminineOfNoun);
            }
            if restored.is_none() && suffixes == ["ي"] {
                return Err(Rejection::Nisba);
            }
        }
        self.check_marks(words, i, letters, fw)
    }

    /// The text's madda and marks on the stem (at `letters` of the word's
    /// normalised form) against the glossary's (see [`marks`]).
    fn check_marks(
        &self,
        words: &Words,
        i: usize,
        letters: std::ops::Range<usize>,
        fw: FormWord,
    ) -> Result<(), Rejection> {
        if !fw.has(VOCALISED | HAMZA) {
            return Ok(());
        }
        let surface = words.surface(i);
        if !marks::has_evidence(surface) {
            return Ok(());
        }
        let norm = words.norm(i);
        let text_letters = marks::letters(surface);
        let form_letters = marks::letters(fw.written(&self.text));
        if text_letters.len() != norm.chars().count() {
            return Ok(()); // cannot be aligned: no evidence
        }
        let text_start = norm[..letters.start].chars().count();
        let text_article = norm[..letters.start].ends_with(ARTICLE)
            || (text_start >= 1 && norm[..letters.start].ends_with("لل"));
        let text = marks::Side {
            letters: &text_letters,
            start: text_start,
            article: text_article,
        };
        let glossary = marks::Side {
            letters: &form_letters,
            start: if fw.has_article() { 2 } else { 0 },
            article: fw.has_article(),
        };
        let len = norm[letters].chars().count();
        marks::compare(text, glossary, len).map_err(|c| match c {
            Contradiction::Madda => Rejection::Madda,
            Contradiction::Diacritics => Rejection::Diacritics,
        })
    }

    /// Whether words `first..first + n`, read as a form of `term`, lie in
    /// one of its `ar_exclude` phrases, compared whole after normalisation;
    /// the phrase's first word may take a conjunction or preposition
    /// (والوطني, للوطني are excluded with الوطني).
    fn check_excludes(
        &self,
        words: &Words,
        first: usize,
        n: usize,
        term: u32,
    ) -> Result<(), Rejection> {
        if self.excludes.is_empty() {
            return Ok(());
        }
        let Some(excludes) = self.excludes.get(&term) else {
            return Ok(());
        };
        for (index, exclude) in excludes.iter().enumerate() {
            let k = exclude.len();
            // Every place the phrase could lie and cover the match.
            for j in (first + n).saturating_sub(k)..=first {
                if j + k > words.spans.len() || j + k < first + n {
                    continue;
                }
                let whole = (j..j + k - 1).all(|w| words.adjacent(w))
                    && with_proclitics(words.norm(j), &exclude[0])
                    && (1..k).all(|m| words.norm(j + m) == exclude[m]);
                if whole {
                    return Err(Rejection::Excluded(index as u32));
                }
            }
        }
        Ok(())
    }

    /// The reading of word `i` in a later position of a phrase as form word
    /// `fw`, with the fewest affixes, and why it is turned down if it is:
    /// a reading no rule turns down if there is one. `None` when no reading
    /// of the word is the form word's.
    fn later_best<'l>(
        &self,
        later: &'l mut LaterReadings,
        words: &Words,
        i: usize,
        fw: FormWord,
    ) -> (Option<&'l LaterReading>, Option<Rejection>) {
        let range = later.readings(words, i);
        let offset = words.spans[i].norm.start;
        let mut best: Option<(&LaterReading, Option<Rejection>)> = None;
        for r in later.all[range].iter() {
            if !r.fits(words.norms, fw, &self.text) {
                continue;
            }
            let why = match r.impossible {
                Some(why) => Some(Rejection::Grammar(why)),
                None => {
                    let letters =
                        r.letters.start as usize - offset..r.letters.end as usize - offset;
                    self.check_reading(words, i, fw, r.suffixes, r.restored, letters)
                        .err()
                }
            };
            let better = match &best {
                None => true,
                Some((b, b_why)) => match (b_why.is_some(), why.is_some()) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => r.affix_chars < b.affix_chars,
                },
            };
            if better {
                best = Some((r, why));
            }
        }
        match best {
            Some((r, why)) => (Some(r), why),
            None => (None, None),
        }
    }

    /// The analysis of a winning candidate, word by word.
    fn explain_candidate(&self, words: &Words, later: &mut LaterReadings, c: &Candidate) -> String {
        self.describe(words, later, c.first_word, c.form, c.first_reading)
    }

    /// How words from `first` on read as `form`, e.g. `و+ب+ال+أمن السيبراني`:
    /// `first_reading` for the first word, when not as written.
    fn describe(
        &self,
        words: &Words,
        later: &mut LaterReadings,
        first: usize,
        form_id: u32,
        first_reading: Option<Reading>,
    ) -> String {
        let form = &self.forms[form_id as usize];
        let last = (first + form.len()).min(words.spans.len()) - 1;
        // Room for the words and a few affixes, so the string grows once.
        let mut out = String::with_capacity(words.spans[last].end - words.spans[first].start + 16);
        for k in 0..form.len() {
            let fw = self.form_word(form, k);
            if k > 0 {
                out.push(' ');
            }
            let i = first + k;
            let reading = match (k, first_reading) {
                (0, Some(reading)) => Some(reading),
                _ if words.norm(i) == fw.norm(&self.text) => None,
                // The one the match was made with (or, rejected, turned down).
                _ => self
                    .later_best(later, words, i, fw)
                    .0
                    .map(|r| r.reading(words.norms, fw, &self.text)),
            };
            match reading {
                Some(reading) => {
                    let bare = fw.written_bare(&self.text);
                    let defective;
                    let stem = if reading.stem_is_norm {
                        fw.written(&self.text)
                    } else if reading.other_key && fw.has(DEFECTIVE) {
                        defective = format!("{}ي", bare.trim_end_matches(is_mark));
                        &defective
                    } else {
                        bare
                    };
                    reading.explain_into(stem, words.surface(i), &mut out);
                }
                None => out.push_str(fw.written(&self.text)),
            }
        }
        out
    }
}

/// Whether `word` is `excluded` after a conjunction or preposition or two
/// (normalised; لل is ل + ال).
fn with_proclitics(word: &str, excluded: &str) -> bool {
    if word == excluded {
        return true;
    }
    const PROCLITICS: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك"];
    PROCLITICS.iter().any(|p| {
        word.strip_prefix(p).is_some_and(|rest| {
            rest == excluded
                || (p.ends_with('ل')
                    && excluded.starts_with(ARTICLE)
                    && excluded.strip_prefix('ا') == Some(rest))
        })
    })
}

/// A vowel mark, shadda, sukun, tanween or superscript alef.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Whether the word as written ends in a ta marbuta (ة, or a presentation
/// form of it), which is never the pronoun ه.
fn ends_in_ta_marbuta(surface: &str) -> bool {
    matches!(last_letter(surface), Some('ة' | '\u{FE93}' | '\u{FE94}'))
}

/// Why a reading that reached a glossary form is not that form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    /// No word has that split (the morphology's rules).
    Grammar(Impossible),
    /// The text writes ة where the reading has the pronoun ه.
    TaMarbutaIsNotAPronoun,
    /// ي or ية right after the stem of a noun: a nisba adjective, another
    /// word (قانوني "legal" is not قانون + "my").
    Nisba,
    /// ات on a nisba adjective: the plural of a noun in ‑ية (ديمقراطيات).
    NisbaPlural,
    /// ات on a noun whose listed plural is broken: the plural of another
    /// word, its feminine (مكتبات is the plural of مكتبة, not of مكتب).
    NotItsPlural,
    /// A feminine ending on a word that does not inflect for gender (مكتبة
    /// "library" is not مكتب "office" + ة).
    FeminineOfNoun,
    /// An explicit madda in the text where the glossary writes a hamza.
    Madda,
    /// The text's shadda or vowels contradict the glossary's vocalisation.
    Diacritics,
    /// The words are the term's `ar_exclude` entry with this index.
    Excluded(u32),
}

impl Rejection {
    /// Why, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Rejection::Grammar(why) => why.label(),
            Rejection::TaMarbutaIsNotAPronoun => "ة written where the reading has the pronoun ه",
            Rejection::Nisba => "nisba adjective (ي after a noun's stem)",
            Rejection::NisbaPlural => "plural of a noun in ‑ية (ات on a nisba adjective)",
            Rejection::NotItsPlural => {
                "ات on a noun whose plural is broken (the plural of its feminine)"
            }
            Rejection::FeminineOfNoun => "feminine of a noun term",
            Rejection::Madda => "madda in text vs hamza in glossary",
            Rejection::Diacritics => "diacritics contradict the glossary's vocalisation",
            Rejection::Excluded(_) => "excluded by ar_exclude",
        }
    }
}

/// What became of a reading (see [`Matcher::explain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// It is one of [`Matcher::find`]'s matches.
    Suggested,
    /// A valid reading, but another match won the words.
    Outranked,
    /// Turned down.
    Rejected(Rejection),
}

/// One word of a text with the readings of it that reached a glossary form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordExplanation {
    /// Byte span of the word in the text given to [`Matcher::explain`].
    pub start: usize,
    pub end: usize,
    /// Suggestions first.
    pub readings: Vec<ReadingExplanation>,
}

/// One reading of a word (and the words after it, for a phrase) as a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingExplanation {
    /// Index into [`Glossary::terms`].
    pub term: usize,
    /// The form (the term's `ar` or a variant) as the glossary writes it.
    pub form: String,
    /// Byte span of the words the form would cover.
    pub start: usize,
    pub end: usize,
    /// How the words were read, e.g. `ال+وطن+ي`.
    pub reading: String,
    pub verdict: Verdict,
    /// Why it was outranked or rejected, in a few words; empty when suggested.
    pub reason: String,
}

/// A reading met while matching with [`Matcher::explain`].
struct Considered {
    first_word: usize,
    words: usize,
    form: u32,
    reading: String,
    verdict: Verdict,
    reason: String,
}

/// Spreads each match of a term with the same Arabic as others over all of
/// them: `group(term)` gives the group (every member, `term` included, in
/// glossary order) or `None`. A match through a variant is left alone: the
/// variant is that term's own.
pub(crate) fn add_same_arabic(found: &mut Vec<Match>, group: impl Fn(usize) -> Option<Vec<usize>>) {
    let mut out = Vec::with_capacity(found.len());
    for m in found.drain(..) {
        let members = match m.kind {
            MatchKind::Variant => None,
            _ => group(m.term).filter(|g| g.len() > 1),
        };
        match members {
            Some(members) => out.extend(members.into_iter().map(|term| Match {
                term,
                analysis: m.analysis.clone(),
                ..m
            })),
            None => out.push(m),
        }
    }
    *found = out;
}

/// One reading of a word in a later position of a phrase (article and
/// suffixes only), kept per sentence so that trying many forms does not
/// analyse the same word again and again.
struct LaterReading {
    /// The stem's letters, as a range of the sentence's normalised buffer.
    letters: std::ops::Range<u32>,
    /// A letter restored at the end of the stem after `letters` (see
    /// [`Analysis::restored`]).
    restored: Option<char>,
    /// [`short_hash`] of the stem.
    hash: u32,
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    affix_chars: u8,
    /// The split breaks a rule of grammar (only while explaining).
    impossible: Option<Impossible>,
}

impl LaterReading {
    /// Whether the stem is `key`, whose hash is `hash`.
    fn is(&self, norms: &str, key: &str, hash: u32) -> bool {
        if self.hash != hash {
            return false;
        }
        let letters = &norms[self.letters.start as usize..self.letters.end as usize];
        match self.restored {
            Some(letter) => {
                key.len() == letters.len() + letter.len_utf8()
                    && key.ends_with(letter)
                    && key.starts_with(letters)
            }
            None => key == letters,
        }
    }

    fn fits(&self, norms: &str, fw: FormWord, text: &str) -> bool {
        self.restored.is_none_or(|letter| fw.may_end_in(letter))
            && (self.is(norms, fw.key(text), fw.hashes.key)
                || fw
                    .other_key(text)
                    .is_some_and(|k| self.is(norms, k, fw.hashes.singular)))
    }

    fn reading(&self, norms: &str, fw: FormWord, text: &str) -> Reading {
        Reading {
            prefixes: self.prefixes,
            suffixes: self.suffixes,
            stem_is_norm: self.is(norms, fw.norm(text), fw.hashes.norm),
            other_key: !self.is(norms, fw.key(text), fw.hashes.key),
        }
    }
}

/// The later-position readings of a sentence's words, analysed on first use.
#[derive(Default)]
struct LaterReadings {
    /// Per word, its readings in `all`; `None` until first asked for.
    of_word: Vec<Option<std::ops::Range<u32>>>,
    all: Vec<LaterReading>,
    /// Also the splits grammar rules out (while explaining).
    impossible_too: bool,
}

impl LaterReadings {
    fn reset(&mut self, words: usize, impossible_too: bool) {
        self.of_word.clear();
        self.of_word.resize(words, None);
        self.all.clear();
        self.impossible_too = impossible_too;
    }

    /// Whether word `i` may be, by hashes, a later form word with these
    /// hashes: equal to it, or read as its key or singular key.
    fn may_be(&mut self, words: &Words, i: usize, second: WordHashes) -> bool {
        if fold(words.hashes[i]) == second.norm {
            return true;
        }
        let range = self.readings(words, i);
        self.all[range].iter().any(|r| second.may_be_key(r.hash))
    }

    /// Where the readings of word `i` are in `all`, analysing it on first use.
    fn readings(&mut self, words: &Words, i: usize) -> std::ops::Range<usize> {
        let range = match &self.of_word[i] {
            Some(range) => range.clone(),
            None => {
                let start = self.all.len() as u32;
                let offset = words.spans[i].norm.start;
                let mut push = |a: Analysis<'_>, impossible: Option<Impossible>| {
                    self.all.push(LaterReading {
                        letters: (offset + a.letters.start) as u32..(offset + a.letters.end) as u32,
                        restored: a.restored,
                        hash: short_hash(&a.stem),
                        prefixes: a.prefixes,
                        suffixes: a.suffixes,
                        affix_chars: a.affix_chars() as u8,
                        impossible,
                    });
                };
                if self.impossible_too {
                    readings(words.norm(i), false, push);
                } else {
                    analyses(words.norm(i), false, |a| push(a, None));
                }
                let range = start..self.all.len() as u32;
                self.of_word[i] = Some(range.clone());
                range
            }
        };
        range.start as usize..range.end as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Term;

    fn glossary(terms: &[(&str, &str, &[&str])]) -> Glossary {
        Glossary {
            name: "test".into(),
            source_language: "ar".into(),
            target_language: "en".into(),
            terms: terms
                .iter()
                .map(|(ar, en, variants)| Term {
                    ar: ar.to_string(),
                    en: en.to_string(),
                    ar_variants: variants.iter().map(|v| v.to_string()).collect(),
                    ..Term::default()
                })
                .collect(),
        }
    }

    /// (matched text, term's English, kind, analysis) for every match.
    fn run(g: &Glossary, text: &str) -> Vec<(String, String, &'static str, String)> {
        Matcher::new(g)
            .find(text)
            .into_iter()
            .map(|m| {
                (
                    text[m.start..m.end].to_string(),
                    g.terms[m.term].en.clone(),
                    m.kind.label(),
                    m.analysis,
                )
            })
            .collect()
    }

    fn matched(g: &Glossary, text: &str) -> Vec<String> {
        run(g, text)
            .into_iter()
            .map(|(m, en, _, _)| format!("{m}={en}"))
            .collect()
    }

    #[test]
    fn stacked_clitics_and_the_article() {
        let g = glossary(&[
            ("الأمن السيبراني", "cybersecurity", &[]),
            ("أمن", "security", &[]),
        ]);
        let r = run(&g, "خبراء للأمن السيبراني وبالأمن");
        assert_eq!(r[0].0, "للأمن السيبراني");
        assert_eq!(r[0].2, "morphology");
        assert_eq!(r[0].3, "ل+ال+أمن السيبراني");
        assert_eq!(r[1].0, "وبالأمن");
        assert_eq!(r[1].3, "و+ب+ال+أمن");
    }

    #[test]
    fn the_analysis_names_clitics_and_suffixes() {
        let g = glossary(&[
            ("برمجيات الفدية", "ransomware", &[]),
            ("قمة", "summit", &[]),
            ("بايدن", "Biden", &[]),
        ]);
        let r = run(&g, "هجمات ببرمجيات الفدية خلال قمتهما لبايدن");
        assert_eq!(r[0].0, "ببرمجيات الفدية");
        assert_eq!(r[0].3, "ب+برمجيات الفدية");
        assert_eq!(r[1].0, "قمتهما");
        assert_eq!(r[1].3, "قمة+هما");
        assert_eq!(r[2].3, "ل+بايدن");
    }

    #[test]
    fn exact_normalised_variant_and_morphology() {
        let g = glossary(&[
            ("مسؤول", "official", &[]),
            ("برمجيات الفدية", "ransomware", &["برامج الفدية"]),
        ]);
        assert_eq!(run(&g, "مسؤول")[0].2, "exact");
        assert_eq!(run(&g, "مسئول")[0].2, "normalised");
        assert_eq!(run(&g, "مسؤولون")[0].2, "morphology");
        assert_eq!(run(&g, "برامج الفدية")[0].2, "variant");
        assert_eq!(run(&g, "وبرامج الفدية")[0].2, "variant");
    }

    #[test]
    fn never_over_stems() {
        let g = glossary(&[
            ("الكرملين", "Kremlin", &[]),
            ("فدية", "ransom", &[]),
            ("بوتين", "Putin", &[]),
            ("بوت", "bot", &[]),
        ]);
        assert_eq!(matched(&g, "بوتين"), ["بوتين=Putin"]);
        assert_eq!(matched(&g, "للكرملين"), ["للكرملين=Kremlin"]);
        // Only glossary forms are stems: فدية is not فد + ية, بوتين is not بوت + ين.
        let g2 = glossary(&[("فد", "x", &[]), ("كرم", "generosity", &[])]);
        assert!(
            matched(&g2, "الكرملين فدية").is_empty(),
            "{:?}",
            matched(&g2, "الكرملين فدية")
        );
        let g3 = glossary(&[("بوتين", "Putin", &[])]);
        assert!(matched(&g3, "بوت").is_empty());
    }

    #[test]
    fn multi_word_terms_need_contiguous_words_in_order() {
        let g = glossary(&[("البيت الأبيض", "White House", &[])]);
        assert!(matched(&g, "البيت الكبير أبيض").is_empty());
        assert!(matched(&g, "الأبيض البيت").is_empty());
        assert!(matched(&g, "البيت، الأبيض").is_empty());
        assert_eq!(matched(&g, "وقال البيت الأبيض"), ["البيت الأبيض=White House"]);
    }

    #[test]
    fn longest_match_wins_and_matches_never_overlap() {
        let g = glossary(&[
            ("الرئيس", "president", &[]),
            ("الرئيس الأميركي", "US president", &["الرئيس الأمريكي"]),
            ("جو بايدن", "Joe Biden", &[]),
            ("بايدن", "Biden", &[]),
        ]);
        assert_eq!(
            matched(&g, "دعا الرئيس الأميركي جو بايدن"),
            ["الرئيس الأميركي=US president", "جو بايدن=Joe Biden"]
        );
        assert_eq!(
            matched(&g, "الرئيس الأمريكي"),
            ["الرئيس الأمريكي=US president"]
        );
    }

    #[test]
    fn an_exact_surface_match_outranks_an_analysed_one() {
        // كاسيا could be read as ك + آسيا ("like Asia").
        let g = glossary(&[("آسيا", "Asia", &[]), ("كاسيا", "Kaseya", &[])]);
        assert_eq!(matched(&g, "شركة كاسيا"), ["كاسيا=Kaseya"]);
    }

    #[test]
    fn suffixes_and_ta_marbuta() {
        let g = glossary(&[
            ("حكومة", "government", &[]),
            ("البنية التحتية الأساسية", "critical infrastructure", &[]),
        ]);
        assert_eq!(matched(&g, "حكومته"), ["حكومته=government"]);
        assert_eq!(
            matched(&g, "سكانها وبنيتها التحتية الأساسية في"),
            ["وبنيتها التحتية الأساسية=critical infrastructure"]
        );
    }

    #[test]
    fn alef_maqsura_written_alef_before_a_pronoun() {
        let g = glossary(&[
            ("دعوى قضائية", "lawsuit", &[]),
            ("مستوى", "level", &[]),
            ("رئيس", "president", &[]),
            ("رئيسي", "main", &[]),
        ]);
        // A dual in construct is not an alef maqsura.
        assert_eq!(matched(&g, "رئيساه"), ["رئيساه=president"]);
        assert_eq!(
            run(&g, "رفعت الشركة دعواها القضائية على مستواه"),
            [
                (
                    "دعواها القضائية".to_string(),
                    "lawsuit".to_string(),
                    "morphology",
                    "دعوى+ها ال+قضائية".to_string()
                ),
                (
                    "مستواه".to_string(),
                    "level".to_string(),
                    "morphology",
                    "مستوى+ه".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_feminine_ending_is_explained_as_such() {
        let g = glossary(&[("روسي", "Russian", &[]), ("حكومة", "government", &[])]);
        let r = run(&g, "الشركات الروسية وحكومته");
        assert_eq!(r[0].3, "ال+روسي+ة");
        assert_eq!(r[1].3, "و+حكومة+ه");
    }

    /// A glossary of terms given as TOML `[[term]]` bodies (ar first).
    fn glossary_toml(terms: &[&str]) -> Glossary {
        let mut text = String::from("[glossary]\nname = \"t\"\n");
        for t in terms {
            text.push_str("[[term]]\n");
            text.push_str(t);
            text.push('\n');
        }
        Glossary::parse(&text, "test").unwrap()
    }

    /// Why `word` (its first reading of `form`) was turned down, if it was.
    fn rejection(g: &Glossary, text: &str, form: &str) -> Option<Rejection> {
        let matcher = Matcher::new(g);
        let explained = matcher.explain(text);
        let mut verdicts = explained
            .iter()
            .flat_map(|w| &w.readings)
            .filter(|r| r.form == form)
            .map(|r| r.verdict);
        let all: Vec<Verdict> = verdicts.by_ref().collect();
        if all.contains(&Verdict::Suggested) {
            return None;
        }
        all.into_iter().find_map(|v| match v {
            Verdict::Rejected(r) => Some(r),
            _ => None,
        })
    }

    #[test]
    fn the_article_and_a_pronoun_are_never_one_word() {
        let g = glossary(&[("كتاب", "book", &[]), ("حكومة", "government", &[])]);
        // كتابها "her book", but الكتابها is no word; nor الحكومته.
        assert_eq!(matched(&g, "كتابها"), ["كتابها=book"]);
        assert!(matched(&g, "الكتابها الحكومته للكتابهم").is_empty());
        assert_eq!(
            rejection(&g, "الكتابها", "كتاب"),
            Some(Rejection::Grammar(Impossible::ArticleWithPronoun))
        );
        // With the article a final ه is a (misspelt) ة: الكتابه is الكتابة.
        assert_eq!(
            rejection(&g, "الكتابه", "كتاب"),
            Some(Rejection::FeminineOfNoun)
        );
        // With the article the construct ات+ه goes too; without, it stays.
        let g = glossary(&[("مكالمة", "call", &[])]);
        assert_eq!(matched(&g, "مكالماته"), ["مكالماته=call"]);
        assert!(matched(&g, "المكالماته").is_empty());
        assert_eq!(matched(&g, "للمكالمات"), ["للمكالمات=call"]);
    }

    #[test]
    fn a_ya_after_a_noun_is_a_nisba_adjective() {
        let g = glossary(&[("وطن", "homeland", &[]), ("قانون", "law", &[])]);
        for text in [
            "الوطني",
            "الوطنية",
            "وطنية",
            "للوطني",
            "قانوني",
            "القانونية",
        ] {
            assert!(
                matched(&g, text).is_empty(),
                "{text}: {:?}",
                matched(&g, text)
            );
        }
        assert_eq!(
            rejection(&g, "الوطني", "وطن"),
            Some(Rejection::Grammar(Impossible::DefiniteNisba))
        );
        assert_eq!(rejection(&g, "قانونية", "قانون"), Some(Rejection::Nisba));
        assert_eq!(rejection(&g, "قانوني", "قانون"), Some(Rejection::Nisba));
        // The noun itself with its suffixes still matches.
        assert_eq!(matched(&g, "وطنه"), ["وطنه=homeland"]);
        assert_eq!(matched(&g, "القوانين"), Vec::<String>::new());
        assert_eq!(
            matched(&g, "بالقانون وقانونها"),
            ["بالقانون=law", "وقانونها=law"]
        );
        // Unless the glossary lists the adjective: then it is that term.
        let g = glossary(&[("وطن", "homeland", &[]), ("وطني", "national", &[])]);
        assert_eq!(matched(&g, "الوطنية"), ["الوطنية=national"]);
        // A person noun keeps the construct plural ي: مسؤولي الوزارة.
        let g = glossary(&[("مسؤول", "official", &[]), ("نظير", "counterpart", &[])]);
        assert_eq!(matched(&g, "مسؤولي"), ["مسؤولي=official"]);
        // Any noun keeps the dual construct with a pronoun: نظيريه.
        assert_eq!(matched(&g, "نظيريه"), ["نظيريه=counterpart"]);
    }

    #[test]
    fn a_written_ta_marbuta_is_never_the_pronoun() {
        let g = glossary(&[("كتاب", "book", &[])]);
        assert_eq!(matched(&g, "كتابه"), ["كتابه=book"]);
        assert!(matched(&g, "كتابة").is_empty(), "كتابة is writing");
        assert_eq!(
            rejection(&g, "كتابة", "كتاب"),
            Some(Rejection::FeminineOfNoun)
        );
    }

    #[test]
    fn the_feminine_of_a_noun_is_another_word() {
        let g = glossary_toml(&[
            "ar = \"مكتب\"\nen = \"office\"",
            "ar = \"وزير\"\nen = \"minister\"\ngender_inflects = true",
            "ar = \"روسي\"\nen = \"Russian\"",
            "ar = \"متحدث باسم\"\nen = \"spokesperson for\"",
            "ar = \"مدعوم\"\nen = \"backed\"",
            "ar = \"مهاجم\"\nen = \"attacker\"",
            "ar = \"مستوطن\"\nen = \"settler\"\ngender_inflects = false",
        ]);
        // مكتبة "library", مكتبتان "two libraries" are not مكتب.
        for text in ["مكتبة", "المكتبة", "للمكتبة", "مكتبتان", "المكتبتين"]
        {
            assert!(
                matched(&g, text).is_empty(),
                "{text}: {:?}",
                matched(&g, text)
            );
        }
        assert_eq!(
            rejection(&g, "المكتبة", "مكتب"),
            Some(Rejection::FeminineOfNoun)
        );
        // A noun naming people inflects when the glossary says so.
        assert_eq!(matched(&g, "الوزيرة"), ["الوزيرة=minister"]);
        assert_eq!(matched(&g, "وزيرتان"), ["وزيرتان=minister"]);
        // Nisba adjectives and participles inflect by themselves…
        assert_eq!(matched(&g, "الروسية"), ["الروسية=Russian"]);
        assert_eq!(
            matched(&g, "المتحدثة باسم"),
            ["المتحدثة باسم=spokesperson for"]
        );
        assert_eq!(matched(&g, "مدعومة"), ["مدعومة=backed"]);
        // …but not مُفاعِل, whose feminine is also its verbal noun (مهاجمة
        // "attack"), nor a term that says it does not.
        assert!(matched(&g, "مهاجمة").is_empty());
        assert!(matched(&g, "المستوطنة").is_empty());
        // The plural ات stays on masculine nouns (اتهامات, تهديدات).
        assert_eq!(matched(&g, "مكتبات"), ["مكتبات=office"]);
    }

    #[test]
    fn ات_on_a_noun_with_a_broken_plural_is_another_words_plural() {
        let g = glossary_toml(&[
            "ar = \"مكتب\"\nen = \"office\"\nar_plurals = [\"مكاتب\"]",
            "ar = \"سفير\"\nen = \"ambassador\"\nar_plurals = [\"سفراء\"]\ngender_inflects = true",
            "ar = \"هجوم\"\nen = \"attack\"\nar_plurals = [\"هجمات\"]",
            "ar = \"تهديد\"\nen = \"threat\"",
        ]);
        // مكتبات is the plural of مكتبة "library"; مكاتب is مكتب's.
        assert!(matched(&g, "المكتبات").is_empty());
        assert_eq!(
            rejection(&g, "مكتبات", "مكتب"),
            Some(Rejection::NotItsPlural)
        );
        assert_eq!(
            matched(&g, "المكاتب مكتبه"),
            ["المكاتب=office", "مكتبه=office"]
        );
        // People: ات is the women (سفيرات); a listed sound plural, or none,
        // leaves ات to the noun (تهديدات).
        assert_eq!(matched(&g, "السفيرات"), ["السفيرات=ambassador"]);
        assert_eq!(matched(&g, "التهديدات"), ["التهديدات=threat"]);
        assert_eq!(matched(&g, "الهجمات"), ["الهجمات=attack"]);
    }

    #[test]
    fn ات_on_a_nisba_is_the_plural_of_a_noun() {
        let g = glossary_toml(&[
            "ar = \"ديمقراطي\"\nen = \"Democrat\"",
            "ar = \"دبلوماسي\"\nen = \"diplomat\"\ngender_inflects = true",
        ]);
        // ديمقراطيات "democracies"; الإلكترونيات "electronics".
        assert!(matched(&g, "الديمقراطيات").is_empty());
        assert_eq!(
            rejection(&g, "الديمقراطيات", "ديمقراطي"),
            Some(Rejection::NisbaPlural)
        );
        assert_eq!(matched(&g, "الديمقراطيين"), ["الديمقراطيين=Democrat"]);
        // For people, ات is women: الدبلوماسيات.
        assert_eq!(matched(&g, "الدبلوماسيات"), ["الدبلوماسيات=diplomat"]);
    }

    #[test]
    fn a_written_madda_is_not_a_hamza() {
        let g = glossary(&[("أمن", "security", &[]), ("آسيا", "Asia", &[])]);
        // آمن "safe" is not أمن.
        assert!(matched(&g, "نظام آمن").is_empty());
        assert!(matched(&g, "الآمنة").is_empty());
        assert_eq!(rejection(&g, "آمن", "أمن"), Some(Rejection::Madda));
        // Dropped and confused hamzas keep matching, as does آ for آ or ا.
        assert_eq!(matched(&g, "امن"), ["امن=security"]);
        assert_eq!(matched(&g, "وإمنها"), ["وإمنها=security"]);
        assert_eq!(matched(&g, "وآسيا"), ["وآسيا=Asia"]);
        assert_eq!(matched(&g, "واسيا"), ["واسيا=Asia"]);
        let g = glossary(&[("امن", "security", &[])]);
        assert_eq!(matched(&g, "آمن"), ["آمن=security"]);
    }

    #[test]
    fn a_vocalised_form_is_strict_where_the_text_is_vocalised() {
        let vocalised = glossary(&[("أَمْن", "security", &[]), ("عَلَم", "flag", &[])]);
        assert!(matched(&vocalised, "أَمِنَ").is_empty(), "أَمِنَ: he felt safe");
        assert_eq!(
            rejection(&vocalised, "أَمِنَ", "أَمْن"),
            Some(Rejection::Diacritics)
        );
        assert!(matched(&vocalised, "عَلَّمَ").is_empty(), "عَلَّمَ: he taught");
        assert!(matched(&vocalised, "علّم").is_empty());
        // Unvocalised text, the case ending, the article's sun letter.
        assert_eq!(matched(&vocalised, "الأمن"), ["الأمن=security"]);
        assert_eq!(matched(&vocalised, "الأَمْنُ"), ["الأَمْنُ=security"]);
        assert_eq!(matched(&vocalised, "وأَمْنِها"), ["وأَمْنِها=security"]);
        assert_eq!(matched(&vocalised, "العَلَمَ"), ["العَلَمَ=flag"]);
        // An unvocalised glossary form keeps matching whatever the marks.
        let plain = glossary(&[("أمن", "security", &[]), ("علم", "flag", &[])]);
        assert_eq!(matched(&plain, "أَمِنَ"), ["أَمِنَ=security"]);
        assert_eq!(matched(&plain, "عَلَّمَ"), ["عَلَّمَ=flag"]);
        let g = glossary(&[("الشَّمْس", "sun", &[])]);
        assert_eq!(matched(&g, "شَمْس"), ["شَمْس=sun"]);
    }

    #[test]
    fn a_defective_noun_written_with_kasratan_takes_its_ya_back() {
        let g = glossary(&[("قاضٍ", "judge", &[]), ("مساعٍ حميدة", "good offices", &[])]);
        assert_eq!(
            run(&g, "القاضي وقاضيا قاض")
                .into_iter()
                .map(|r| r.3)
                .collect::<Vec<_>>(),
            ["ال+قاضي", "و+قاضي+ا", "قاضٍ"]
        );
        assert_eq!(
            matched(&g, "بالمساعي الحميدة"),
            ["بالمساعي الحميدة=good offices"]
        );
        // Without kasratan the ي of القاضي is a nisba's, not the judge's.
        let g = glossary(&[("قاض", "judge", &[])]);
        assert!(matched(&g, "القاضي").is_empty());
    }

    #[test]
    fn ar_exclude_removes_a_look_alike_and_nothing_else() {
        let g = glossary_toml(&[
            "ar = \"خادم\"\nen = \"server\"\nar_exclude = [\"خادمات\", \"الخادمات\"]",
            "ar = \"قرصنة\"\nen = \"hacking\"\nar_exclude = [\"القرصنة البحرية\"]",
        ]);
        for text in [
            "خادمات",
            "الخادمات",
            "والخادمات",
            "للخادمات",
            "القرصنة البحرية",
            "وبالقرصنة البحرية",
        ] {
            assert!(
                matched(&g, text).is_empty(),
                "{text}: {:?}",
                matched(&g, text)
            );
        }
        assert_eq!(
            rejection(&g, "الخادمات", "خادم"),
            Some(Rejection::Excluded(1))
        );
        assert_eq!(matched(&g, "الخوادم خادمها"), ["خادمها=server"]);
        assert_eq!(matched(&g, "القرصنة الإلكترونية"), ["القرصنة=hacking"]);
        assert_eq!(matched(&g, "القرصنة، البحرية"), ["القرصنة=hacking"]);
        let explained = Matcher::new(&g).explain("الخادمات");
        assert_eq!(
            explained[0].readings[0].reason,
            "excluded by ar_exclude «الخادمات»"
        );
    }

    #[test]
    fn explain_lists_every_reading_that_reached_a_form() {
        let g = glossary(&[
            ("وطن", "homeland", &[]),
            ("وطني", "national", &[]),
            ("هجوم", "attack", &[]),
        ]);
        let text = "الهجوم الوطني وطنه";
        let matcher = Matcher::new(&g);
        let explained = matcher.explain(text);
        let words: Vec<&str> = explained.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(words, ["الهجوم", "الوطني", "وطنه"]);
        let summary = |w: &WordExplanation| {
            w.readings
                .iter()
                .map(|r| format!("{} {} {:?} {}", r.reading, r.form, r.verdict, r.reason))
                .collect::<Vec<_>>()
        };
        assert_eq!(summary(&explained[0]), ["ال+هجوم هجوم Suggested "]);
        assert_eq!(
            summary(&explained[1]),
            [
                "ال+وطني وطني Suggested ".to_string(),
                format!(
                    "ال+وطن+ي وطن Rejected(Grammar(DefiniteNisba)) {}",
                    Impossible::DefiniteNisba.label()
                ),
            ]
        );
        assert_eq!(summary(&explained[2])[0], "وطن+ه وطن Suggested ");
        // What it suggests is what find finds.
        let suggested: Vec<(usize, usize, usize)> = explained
            .iter()
            .flat_map(|w| &w.readings)
            .filter(|r| r.verdict == Verdict::Suggested)
            .map(|r| (r.term, r.start, r.end))
            .collect();
        let found: Vec<(usize, usize, usize)> = matcher
            .find(text)
            .iter()
            .map(|m| (m.term, m.start, m.end))
            .collect();
        assert_eq!(suggested, found);
    }

    #[test]
    fn explain_says_when_a_match_is_outranked() {
        let g = glossary(&[
            ("الأمن", "security", &[]),
            ("الأمن القومي", "national security", &[]),
        ]);
        let explained = Matcher::new(&g).explain("الأمن القومي");
        let verdicts: Vec<(&str, Verdict)> = explained[0]
            .readings
            .iter()
            .map(|r| (r.form.as_str(), r.verdict))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("الأمن القومي", Verdict::Suggested),
                ("الأمن", Verdict::Outranked)
            ]
        );
    }

    #[test]
    fn explain_suggests_every_term_with_the_same_arabic() {
        let g = glossary(&[("قمة", "summit", &[]), ("القمة", "top", &[])]);
        let matcher = Matcher::new(&g);
        let explained = matcher.explain("على القمة");
        let suggested: Vec<usize> = explained
            .iter()
            .flat_map(|w| &w.readings)
            .filter(|r| r.verdict == Verdict::Suggested)
            .map(|r| r.term)
            .collect();
        let mut found: Vec<usize> = matcher.find("على القمة").iter().map(|m| m.term).collect();
        let mut sorted = suggested.clone();
        sorted.sort();
        found.sort();
        assert_eq!(sorted, found);
        assert_eq!(found, [0, 1]);
    }

    #[test]
    fn feminine_and_plural_adjectives_in_phrases() {
        let g = glossary(&[
            ("هجوم إلكتروني", "cyberattack", &["هجمات إلكترونية"]),
            ("قراصنة إلكترونيون", "hackers", &[]),
        ]);
        assert_eq!(
            matched(&g, "الهجمات الإلكترونية"),
            ["الهجمات الإلكترونية=cyberattack"]
        );
        assert_eq!(
            matched(&g, "ضد القراصنة الإلكترونيين"),
            ["القراصنة الإلكترونيين=hackers"]
        );
    }

    #[test]
    fn latin_terms_match_case_insensitively() {
        let g = glossary(&[("FBI", "FBI", &[])]);
        assert_eq!(matched(&g, "قال مكتب fbi"), ["fbi=FBI"]);
    }

    #[test]
    fn form_keys_are_the_keys_of_the_form_words() {
        for term in Glossary::builtin().terms {
            for form in term.ar_forms() {
                let words: Vec<String> = form_words(form).into_iter().map(|w| w.key).collect();
                assert_eq!(form_key(form), words.join(" "), "{form}");
            }
        }
    }

    #[test]
    fn form_keys_ignore_the_article_and_spelling() {
        assert_eq!(form_key("الأمن السيبراني"), form_key("أمن سيبراني"));
        assert_eq!(form_key("مسؤول"), form_key("مسئول"));
        assert_ne!(form_key("إلكتروني"), form_key("كتروني"));
    }

    mod properties {
        use super::*;
        use crate::document::Document;
        use proptest::prelude::*;

        const WORDS: &[&str] = &[
            "بايدن",
            "لبايدن",
            "بوتين",
            "برمجيات",
            "الفدية",
            "ببرمجيات",
            "قراصنة",
            "الهجمات",
            "الإلكترونية",
            "البيت",
            "الأبيض",
            "وبالأمن",
            "السيبراني",
            "قمتهما",
            "2021",
            "Kaseya",
            "،",
            ".",
            "؟",
            "“",
            "”",
            "(",
            ")",
            "\n",
            "و",
            "في",
            "الْأَمْن",
            "ـ",
        ];

        /// Few first words, so that buckets are large: the index by second
        /// word must find what trying every form finds.
        const FIRST: &[&str] = &["قمة", "البيت", "هجوم", "أمن", "رئيس"];
        const LATER: &[&str] = &[
            "الأبيض",
            "أبيض",
            "إلكتروني",
            "الإلكترونية",
            "إلكترونيون",
            "السيبراني",
            "سيبراني",
            "الأميركي",
            "القمة",
            "قمة",
            "البيت",
            "هجمات",
            "الفدية",
        ];

        fn phrase() -> impl Strategy<Value = String> {
            (
                0..FIRST.len(),
                proptest::collection::vec(0..LATER.len(), 0..3),
            )
                .prop_map(|(f, l)| {
                    std::iter::once(FIRST[f])
                        .chain(l.iter().map(|&i| LATER[i]))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
        }

        proptest! {
            #[test]
            fn the_index_by_second_word_finds_what_trying_every_form_finds(
                forms in proptest::collection::vec((phrase(), proptest::option::of(phrase())), 8..80),
                texts in proptest::collection::vec(proptest::collection::vec(
                    (0..FIRST.len() + LATER.len(), 0..6usize), 1..20), 1..8),
            ) {
                let g = Glossary {
                    terms: forms
                        .into_iter()
                        .enumerate()
                        .map(|(n, (ar, variant))| Term {
                            ar,
                            en: format!("t{n}"),
                            ar_variants: variant.into_iter().collect(),
                            ..Term::default()
                        })
                        .collect(),
                    ..Glossary::default()
                };
                let indexed = Matcher::build(&g, 2);
                let plain = Matcher::build(&g, u32::MAX);
                prop_assert!(!indexed.by_second.is_empty());
                const CLITIC: &[&str] = &["", "", "و", "ب", "ال", "لل"];
                const SUFFIX: &[&str] = &["", "", "ه", "ها", "ات"];
                for words in texts {
                    let text = words
                        .iter()
                        .map(|&(w, a)| {
                            let word = FIRST.iter().chain(LATER).nth(w).unwrap();
                            format!("{}{word}{}", CLITIC[a % CLITIC.len()], SUFFIX[a % SUFFIX.len()])
                        })
                        .collect::<Vec<_>>()
                        .join(if words.len() % 4 == 0 { "، " } else { " " });
                    prop_assert_eq!(indexed.find(&text), plain.find(&text), "{}", text);
                }
            }

            #[test]
            fn every_suggestion_lies_inside_its_segment(picks in proptest::collection::vec(0..WORDS.len(), 0..60)) {
                let text: String = picks.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
                let glossary = Glossary::builtin();
                let matcher = Matcher::new(&glossary);
                let document = Document::from_source(text, None);
                for i in 0..document.segments.len() {
                    let source = document.source_of(i);
                    let mut previous_end = 0;
                    for m in matcher.find(source) {
                        prop_assert!(m.start < m.end && m.end <= source.len());
                        prop_assert!(m.start >= previous_end, "overlap");
                        prop_assert!(source.is_char_boundary(m.start) && source.is_char_boundary(m.end));
                        prop_assert!(m.term < glossary.terms.len());
                        previous_end = m.end;
                    }
                }
            }

            /// No suggestion reads a word as the article with a pronoun (or
            /// construct, or nisba ي) suffix, whatever the word: the
            /// glossary's stems and their look-alikes, with every article,
            /// proclitic and suffix on them.
            #[test]
            fn no_suggestion_pairs_the_article_with_a_pronoun(
                words in proptest::collection::vec(
                    (
                        proptest::sample::select(vec!["", "و", "ب", "ال", "لل", "وال", "بال", "فلل", "كال"]),
                        proptest::sample::select(STEMS.to_vec()),
                        proptest::sample::select(vec![
                            "", "ه", "ة", "ها", "هم", "ي", "ية", "يه", "ا", "و", "ات", "اته", "ان",
                            "ين", "ون", "تان", "تين", "تها", "كم", "نا", "ني", "يها", "اتها",
                        ]),
                    ),
                    1..8,
                )
            ) {
                let text: String = words
                    .iter()
                    .map(|(prefix, stem, suffix)| format!("{prefix}{stem}{suffix}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                let matcher = builtin();
                for m in matcher.find(&text) {
                    for word in m.analysis.split(' ') {
                        let parts: Vec<&str> = word.split('+').collect();
                        let Some(article) = parts.iter().position(|p| *p == "ال") else {
                            continue;
                        };
                        // The stem follows the article; what follows the stem are suffixes.
                        for suffix in parts.iter().skip(article + 2) {
                            prop_assert!(
                                !crate::arabic::morphology::PRONOUNS.contains(suffix)
                                    && !["ا", "و"].contains(suffix),
                                "{text}: {}", m.analysis
                            );
                        }
                    }
                }
                // And explain agrees: every suggestion it lists is a match.
                let found: Vec<(usize, usize)> = matcher.find(&text).iter().map(|m| (m.start, m.end)).collect();
                let suggested: Vec<(usize, usize)> = matcher
                    .explain(&text)
                    .iter()
                    .flat_map(|w| &w.readings)
                    .filter(|r| r.verdict == Verdict::Suggested)
                    .map(|r| (r.start, r.end))
                    .collect();
                prop_assert_eq!(found, suggested);
            }
        }

        /// The shipped glossary's matcher, built once.
        fn builtin() -> &'static Matcher {
            static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
            MATCHER.get_or_init(|| Matcher::new(&Glossary::builtin()))
        }

        /// Stems of the shipped glossary and look-alikes of them.
        const STEMS: &[&str] = &[
            "كتاب",
            "حكومة",
            "حكوم",
            "وطن",
            "قانون",
            "خادم",
            "مسؤول",
            "وزير",
            "روسي",
            "قاض",
            "قاضي",
            "إرهاب",
            "قضاء",
            "برلمان",
            "نظير",
            "هجوم",
            "سفير",
            "أمن",
            "آمن",
            "قمة",
            "قم",
            "بيان",
            "دستور",
            "اتهام",
            "إلكتروني",
            "ديمقراطي",
            "مساع",
            "متحدث",
            "قنصل",
            "دعوى",
            "دعو",
        ];
    }
}
