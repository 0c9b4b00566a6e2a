//! Light, dictionary-driven Arabic morphology.
//!
//! A normalised word is split into optional proclitics (conjunction و ف,
//! preposition ب ل ك or future س, article ال, with لل = ل + ال), a stem, and
//! optional suffixes (number: ان ين ون ات تان تين, construct ا و ي, tanween
//! alef; pronouns: ه ها هم هما هن ك كم كن ي نا ني). A ta marbuta written ت
//! before a suffix is restored (حكومته → حكومة). Every split is only a
//! candidate: callers keep an analysis only when its stem is a known form, so
//! nothing is over-stemmed (بوتين stays بوتين unless بوت is itself a term).
//!
//! Splits that no Arabic word can have are never analyses ([`Impossible`]):
//! the article never sits with a pronoun suffix (الكتابه is not "the his
//! book"), nor with a construct or tanween ending (ا و); a ي right after the
//! stem of a definite word is a nisba adjective (الوطني "national" is not
//! وطن "homeland" + "my"), and with the article a final ه can only be the
//! feminine ة (الروسية = ال + روسي + ة); the future س goes only on an
//! imperfect verb (its stem starts with ا ت ن ي). [`readings`] gives them
//! too, each with the rule it breaks, so that a rejection can be explained.

use std::borrow::Cow;
use std::sync::OnceLock;

/// One way of reading a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis<'a> {
    /// Proclitics in order, e.g. `["و", "ب", "ال"]`.
    pub prefixes: &'static [&'static str],
    /// The (normalised) stem.
    pub stem: Cow<'a, str>,
    /// Suffixes in order, e.g. `["ات", "هم"]`.
    pub suffixes: &'static [&'static str],
    /// The last letter of the stem (normalised), when the word wrote it
    /// otherwise or left it out before the suffix: ه for a ta marbuta
    /// written ت or dropped (حكومته, قمتين → حكومة, قمة), ي for an alef
    /// maqsura written ا before a pronoun (دعواها, مستواه → دعوى, مستوى).
    pub restored: Option<char>,
    /// Where the stem's letters lie in the word (a restored letter is not
    /// among them): `stem` is `word[letters]`, plus `restored`.
    pub letters: std::ops::Range<usize>,
}

impl Analysis<'_> {
    /// Whether the article is among the proclitics.
    pub fn has_article(&self) -> bool {
        self.prefixes.last() == Some(&"ال")
    }

    /// The number of characters the analysis strips; fewer is more plausible.
    pub fn affix_chars(&self) -> usize {
        self.prefixes
            .iter()
            .chain(self.suffixes)
            // Every affix is Arabic letters, two bytes each.
            .map(|a| a.len() / 2)
            .sum()
    }
}

/// A proclitic sequence as written at the start of a word.
struct Prefix {
    surface: String,
    labels: &'static [&'static str],
    /// Ends with the article ال.
    article: bool,
    /// Has the future prefix س.
    future: bool,
}

/// A suffix sequence as written at the end of a word.
struct Suffix {
    surface: String,
    labels: &'static [&'static str],
    /// The ت of the suffix (تان, تين) or the plural ات replaced a ta marbuta.
    restores_ta_marbuta: bool,
    /// A pronoun alone, with no number ending before it.
    pronoun_only: bool,
    /// What the suffix is on a word with the article: its labels there
    /// (a final ه is the feminine ة), or why it cannot be there.
    definite: Result<&'static [&'static str], Impossible>,
}

/// Why a split of a word is no reading of it: a rule of Arabic grammar,
/// whatever the dictionary says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Impossible {
    /// The article and a pronoun suffix on one word (ال+كتاب+ه).
    ArticleWithPronoun,
    /// The article with a construct or tanween ending (ال+مسؤول+و, ال+بيان+ا).
    ArticleWithConstruct,
    /// ي (or ية) right after the stem of a definite word: a nisba
    /// adjective, another word (ال+وطن+ي is الوطني "national").
    DefiniteNisba,
    /// The future prefix س on a word that is not an imperfect verb.
    FutureOnNonVerb,
}

impl Impossible {
    /// Why, in a few words (shown by `suggest --explain`).
    pub fn label(self) -> &'static str {
        match self {
            Impossible::ArticleWithPronoun => "article with a pronoun suffix",
            Impossible::ArticleWithConstruct => "article with a construct or tanween ending",
            Impossible::DefiniteNisba => "nisba adjective (a definite word with ي after the stem)",
            Impossible::FutureOnNonVerb => "future س on a word that is not an imperfect verb",
        }
    }
}

/// The pronoun suffixes, as labelled in [`Analysis::suffixes`].
pub const PRONOUNS: &[&str] = &[
    "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ي", "نا", "ني",
];

/// The feminine ending ة as a suffix label (normalised, it is written ه).
pub const FEMININE: &str = "ة";

/// Number endings that stand alone (no pronoun after them).
const FINAL_NUMBER: &[&str] = &["ان", "ين", "ون", "ات", "تان", "تين", "ا", "و", "ي"];
/// Number endings that can carry a pronoun (construct forms).
const CONSTRUCT_NUMBER: &[&str] = &["ات", "ا", "ي", "و", "تا", "تي"];

fn leak(labels: Vec<&'static str>) -> &'static [&'static str] {
    Box::leak(labels.into_boxed_slice())
}

/// Every proclitic sequence (no prefix first), with a table to find the
/// ones a word starts with by walking forward from its start.
struct Prefixes {
    all: Vec<Prefix>,
    /// The surfaces, letter by letter from the start.
    trie: LetterTrie,
}

/// A trie over the letters of affixes, to walk a word's affixes one letter
/// at a time. Affixes are made of the basic Arabic letters (U+0621–U+063A,
/// U+0641–U+064A), so a node's children are a table indexed by letter and
/// a step is one lookup; the walk reads the word's UTF-8 bytes directly.
struct LetterTrie {
    /// Children of each node by [`letter_index`]; 0 for none (the root is
    /// nobody's child).
    next: Vec<[u16; LETTERS]>,
    /// The affix that ends at each node, if any (affix surfaces are
    /// distinct, so there is at most one).
    end: Vec<Option<u16>>,
}

/// How many letters [`letter_index`] numbers.
const LETTERS: usize = 36;

/// The index of the basic Arabic letter whose UTF-8 bytes are `lead`,
/// `second`, or `None` for any other pair of bytes. Both bytes of such a
/// letter are unlike any byte of another character's end, so the pair can
/// be read backwards as well as forwards.
fn letter_index(lead: u8, second: u8) -> Option<usize> {
    match (lead, second) {
        (0xD8, 0xA1..=0xBA) => Some(usize::from(second - 0xA1)),
        (0xD9, 0x81..=0x8A) => Some(26 + usize::from(second - 0x81)),
        _ => None,
    }
}

impl LetterTrie {
    fn new() -> Self {
        LetterTrie {
            next: vec![[0; LETTERS]],
            end: vec![None],
        }
    }

    /// Adds affix `value`, whose letters (in walking order) are `letters`.
    fn insert(&mut self, letters: impl Iterator<Item = char>, value: usize) {
        let mut node = 0;
        for c in letters {
            let mut bytes = [0; 4];
            let encoded = c.encode_utf8(&mut bytes).as_bytes();
            let letter = match encoded {
                &[lead, second] => letter_index(lead, second),
                _ => None,
            }
            .expect("affixes are basic Arabic letters");
            node = match self.next[node][letter] {
                0 => {
                    let child = self.next.len();
                    self.next.push([0; LETTERS]);
                    self.end.push(None);
                    self.next[node][letter] = child as u16;
                    child
                }
                child => usize::from(child),
            };
        }
        debug_assert!(self.end[node].is_none(), "affix surfaces are distinct");
        self.end[node].get_or_insert(value as u16);
    }

    fn child(&self, node: usize, letter: usize) -> Option<usize> {
        match self.next[node][letter] {
            0 => None,
            child => Some(usize::from(child)),
        }
    }
}

fn prefixes(with_proclitics: bool) -> &'static Prefixes {
    static ALL: OnceLock<Prefixes> = OnceLock::new();
    static ARTICLE_ONLY: OnceLock<Prefixes> = OnceLock::new();
    let build = |with_proclitics: bool| {
        let conjunctions: &[&'static str] = if with_proclitics {
            &["", "و", "ف"]
        } else {
            &[""]
        };
        let prepositions: &[&'static str] = if with_proclitics {
            &["", "ب", "ل", "ك", "س"]
        } else {
            &[""]
        };
        let mut out = Vec::new();
        for &conj in conjunctions {
            for &prep in prepositions {
                for article in [false, true] {
                    if prep == "س" && article {
                        continue; // the future prefix goes on verbs
                    }
                    let mut surface = format!("{conj}{prep}");
                    let mut labels: Vec<&'static str> =
                        [conj, prep].into_iter().filter(|s| !s.is_empty()).collect();
                    if article {
                        // ل + ال is written لل.
                        surface.push_str(if prep == "ل" { "ل" } else { "ال" });
                        labels.push("ال");
                    }
                    out.push(Prefix {
                        surface,
                        labels: leak(labels),
                        article,
                        future: prep == "س",
                    });
                }
            }
        }
        let mut trie = LetterTrie::new();
        for (index, prefix) in out.iter().enumerate().skip(1) {
            trie.insert(prefix.surface.chars(), index);
        }
        Prefixes { all: out, trie }
    };
    if with_proclitics {
        ALL.get_or_init(|| build(true))
    } else {
        ARTICLE_ONLY.get_or_init(|| build(false))
    }
}

/// Every suffix sequence, with a table to find the ones a word ends with by
/// walking back from its end (a few hash probes instead of trying them all).
struct Suffixes {
    all: Vec<Suffix>,
    /// The surfaces, letter by letter from the end.
    trie: LetterTrie,
}

fn suffixes() -> &'static Suffixes {
    static ALL: OnceLock<Suffixes> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Suffix> = vec![Suffix {
            surface: String::new(),
            labels: &[],
            restores_ta_marbuta: false,
            pronoun_only: false,
            definite: Ok(&[]),
        }];
        let mut add = |number: &'static str, pronoun: &'static str| {
            let surface = format!("{number}{pronoun}");
            if all.iter().any(|s| s.surface == surface) {
                return;
            }
            let labels: Vec<&'static str> = [number, pronoun]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let definite = if !pronoun.is_empty() {
                match (number, pronoun) {
                    // With the article a final ه is the feminine ة.
                    ("", "ه") => Ok(&[FEMININE][..]),
                    // الوطني, الوطنية: a nisba adjective.
                    ("", "ي") | ("ي", "ه") => Err(Impossible::DefiniteNisba),
                    _ => Err(Impossible::ArticleWithPronoun),
                }
            } else if matches!(number, "ي") {
                Err(Impossible::DefiniteNisba)
            } else if matches!(number, "ا" | "و") {
                Err(Impossible::ArticleWithConstruct)
            } else {
                Ok(leak(labels.clone()))
            };
            all.push(Suffix {
                surface,
                labels: leak(labels),
                restores_ta_marbuta: number.starts_with('ت') || number == "ات",
                pronoun_only: number.is_empty(),
                definite,
            });
        };
        for &pronoun in PRONOUNS {
            add("", pronoun);
        }
        for &number in FINAL_NUMBER {
            add(number, "");
        }
        for &number in CONSTRUCT_NUMBER {
            for &pronoun in PRONOUNS {
                add(number, pronoun);
            }
        }
        let mut trie = LetterTrie::new();
        for (index, suffix) in all.iter().enumerate().skip(1) {
            trie.insert(suffix.surface.chars().rev(), index);
        }
        Suffixes { all, trie }
    })
}

/// The number of characters, capped: only comparisons with
/// [`MIN_STEM_CHARS`] need it, and Arabic letters take two bytes.
fn char_count(s: &str) -> usize {
    if s.len() >= 4 * MIN_STEM_CHARS {
        s.len() / 2
    } else {
        s.bytes().filter(|b| b & 0xC0 != 0x80).count()
    }
}

/// Smallest stem kept once an affix is stripped, in characters: two-letter
/// stems (فد from فدية) are where light stemmers go wrong.
const MIN_STEM_CHARS: usize = 3;

/// At most this many affix sequences are found on one word (the empty one
/// and one per letter of the longest affix).
const MAX_AFFIXES: usize = 8;

/// Affixes found on a word: (index into the table, byte offset in the word
/// where the affix ends for a prefix, starts for a suffix).
struct Found {
    len: usize,
    at: [(u16, u16); MAX_AFFIXES],
}

impl Found {
    fn new(empty_at: usize) -> Self {
        let mut found = Found {
            len: 1,
            at: [(0, 0); MAX_AFFIXES],
        };
        found.at[0] = (0, empty_at as u16);
        found
    }

    fn push(&mut self, end: Option<u16>, at: usize) {
        if let Some(i) = end
            && self.len < MAX_AFFIXES
        {
            self.at[self.len] = (i, at as u16);
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.at[..self.len]
            .iter()
            .map(|&(i, at)| (usize::from(i), usize::from(at)))
    }
}

/// The proclitic sequences `word` starts with (none first), with the offset of the rest.
fn beginnings(word: &str, table: &Prefixes) -> Found {
    let bytes = word.as_bytes();
    let mut found = Found::new(0);
    let mut node = 0;
    let mut at = 0;
    while let [lead, second, ..] = bytes[at..] {
        let Some(next) = letter_index(lead, second).and_then(|l| table.trie.child(node, l)) else {
            break;
        };
        node = next;
        at += 2;
        found.push(table.trie.end[node], at);
    }
    found
}

/// The suffix sequences `word` ends with (none first), with the offset where each starts.
fn endings(word: &str, table: &Suffixes) -> Found {
    let bytes = word.as_bytes();
    let mut found = Found::new(word.len());
    let mut node = 0;
    let mut at = bytes.len();
    while let [.., lead, second] = bytes[..at] {
        let Some(next) = letter_index(lead, second).and_then(|l| table.trie.child(node, l)) else {
            break;
        };
        node = next;
        at -= 2;
        found.push(table.trie.end[node], at);
    }
    found
}

/// Calls `f` with every candidate analysis of the normalised `word`, the
/// unanalysed word first. `with_proclitics` allows conjunctions, prepositions
/// and future س (first word of a phrase); otherwise only the article.
/// Splits that grammar rules out ([`Impossible`]) are left out.
pub fn analyses(word: &str, with_proclitics: bool, mut f: impl FnMut(Analysis<'_>)) {
    walk::<false>(word, with_proclitics, |a, _| f(a));
}

/// Like [`analyses`], also with the splits that grammar rules out, each
/// with the rule it breaks (`None` for the analyses). For explaining why a
/// word is not a term; matching uses [`analyses`].
pub fn readings(
    word: &str,
    with_proclitics: bool,
    f: impl FnMut(Analysis<'_>, Option<Impossible>),
) {
    walk::<true>(word, with_proclitics, f);
}

/// Whether a stem can follow the future prefix س: an imperfect verb, whose
/// first letter is its person prefix أ ت ن ي (normalised ا ت ن ي).
fn is_imperfect(stem: &str) -> bool {
    matches!(stem.chars().next(), Some('ا' | 'ت' | 'ن' | 'ي'))
}

/// [`analyses`] (`IMPOSSIBLE` false) or [`readings`] (true).
fn walk<const IMPOSSIBLE: bool>(
    word: &str,
    with_proclitics: bool,
    mut f: impl FnMut(Analysis<'_>, Option<Impossible>),
) {
    // Offsets are kept in u16: longer "words" (a run of letters with no
    // space) are read as they are.
    if word.len() > u16::MAX as usize {
        f(
            Analysis {
                prefixes: &[],
                stem: Cow::Borrowed(word),
                suffixes: &[],
                restored: None,
                letters: 0..word.len(),
            },
            None,
        );
        return;
    }
    let prefix_table = prefixes(with_proclitics);
    let suffix_table = suffixes();
    let ends = endings(word, suffix_table);
    // Restored stems are built here, not allocated one by one.
    let mut restored = String::new();
    for (p, at) in beginnings(word, prefix_table).iter() {
        let prefix = &prefix_table.all[p];
        for (s, end) in ends.iter() {
            if end < at {
                continue; // the suffix would eat into the proclitics
            }
            let suffix = &suffix_table.all[s];
            let stem = &word[at..end];
            let (labels, impossible) = match (prefix.article, suffix.definite) {
                (false, _) => (suffix.labels, None),
                (true, Ok(labels)) => (labels, None),
                (true, Err(why)) => (suffix.labels, Some(why)),
            };
            let impossible = match impossible {
                None if prefix.future && !is_imperfect(stem) => Some(Impossible::FutureOnNonVerb),
                other => other,
            };
            if !IMPOSSIBLE && impossible.is_some() {
                continue;
            }
            let unanalysed = p == 0 && s == 0;
            let stem_chars = char_count(stem);
            if unanalysed || stem_chars >= MIN_STEM_CHARS {
                f(
                    Analysis {
                        prefixes: prefix.labels,
                        stem: Cow::Borrowed(stem),
                        suffixes: labels,
                        restored: None,
                        letters: at..end,
                    },
                    impossible,
                );
            }
            // A restored ta marbuta adds a letter: قمتين → قم + تين → قمة.
            if s == 0 || stem_chars + 1 < MIN_STEM_CHARS {
                continue;
            }
            let mut emit_restored = |kept: &str, letter: char| {
                restored.clear();
                restored.push_str(kept);
                restored.push(letter);
                f(
                    Analysis {
                        prefixes: prefix.labels,
                        stem: Cow::Borrowed(&restored),
                        suffixes: labels,
                        restored: Some(letter),
                        letters: at..at + kept.len(),
                    },
                    impossible,
                );
            };
            // A feminine ة is not written after a ta marbuta (ال+حكومة+ة).
            let feminine = prefix.article && suffix.pronoun_only && suffix.surface == "ه";
            // ة written ت before a suffix: حكومته → حكومة (normalised ه).
            if let Some(before_ta) = stem.strip_suffix('ت')
                && stem_chars >= MIN_STEM_CHARS
                && !feminine
            {
                emit_restored(before_ta, 'ه');
            }
            // قمتين → قمة + تين, هجمات → هجمة + ات.
            if suffix.restores_ta_marbuta {
                emit_restored(stem, 'ه');
            }
            // ى written ا before a pronoun: دعواها → دعوى (normalised ي).
            if suffix.pronoun_only
                && !feminine
                && stem_chars >= MIN_STEM_CHARS
                && let Some(before_alef) = stem.strip_suffix('ا')
            {
                emit_restored(before_alef, 'ي');
            }
        }
    }
}

/// Whether a glossary word's pattern makes it a participle, whose feminine
/// (with ة) is the same word: مسؤول → مسؤولة, متحدث → متحدثة. `key` is the
/// normalised word without the article, `written` as the glossary writes it.
///
/// Conservative on purpose, since the feminine of many nouns is another
/// word (مكتب "office" → مكتبة "library"); only patterns that unvocalised
/// writing cannot confuse with a noun whose feminine is a different word:
///
/// - مُتفعِّل, مُتفاعِل (and form VIII with its ت assimilated, مُتَّهَم):
///   مت + two letters or more (متحدث, متعدد, متهم);
/// - مُستفعِل, مُستفعَل: مست + two letters or more (مستشار, مستقل);
/// - مُفتعِل, مُفتعَل: م + letter + ت + two letters (مخترق, منتخب);
/// - مَفعول, the passive participle: م + two letters + و + letter
///   (مسؤول, مدعوم, مبعوث; not مفاوض, an مُفاعِل);
/// - any word the glossary vocalises with a damma on its first م (the
///   participles of derived verbs all start with mu-), except مُفاعِل.
///
/// Left out: four-letter م words (مُجرِم, مُحقِّق look like مَكتَب), مُفاعِل
/// (its feminine is also the verbal noun: مُهاجِمة, مُهاجَمة "attack";
/// مُراقِبة, مُراقَبة "monitoring"), and فاعِل and فَعيل (خادِمة "maid",
/// جَريدة "newspaper", طَريقة "method"); a glossary says `gender_inflects`
/// for those that name people. A word written with a final ى (مستوى) is
/// a noun.
pub fn participle_pattern(key: &str, written: &str) -> bool {
    if !key.starts_with('م') {
        return false;
    }
    let letters: Vec<char> = key.chars().collect();
    let n = letters.len();
    if letters.first() != Some(&'م') || written.trim_end_matches(is_mark).ends_with('ى') {
        return false;
    }
    let damma_on_mim = {
        let mut chars = written.chars().skip_while(|&c| c != 'م');
        chars.next();
        chars.take_while(|&c| is_mark(c)).any(|c| c == '\u{064F}')
    };
    (n >= 4 && letters[1] == 'ت')
        || (n >= 5 && letters[1] == 'س' && letters[2] == 'ت')
        || (n == 5 && letters[2] == 'ت')
        || (n == 5 && letters[3] == 'و' && letters[2] != 'ا')
        || (damma_on_mim && !(n == 5 && letters[2] == 'ا'))
}

/// A vowel mark, shadda, sukun, tanween, superscript alef or tatweel.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// The sound plural ending (ات or ون) of a plural as a glossary writes it
/// (its first word, in the nominative), or `None` for a broken plural
/// (قراصنة, قوانين, بلدان: ين and ان end broken plurals too).
pub fn sound_plural_ending(plural: &str) -> Option<&'static str> {
    let head = crate::arabic::normalize(plural.split_whitespace().next().unwrap_or(plural));
    ["ات", "ون"].into_iter().find(|e| head.ends_with(e))
}

/// A light stem, for indexing a translation memory: the longest proclitic
/// sequence and then the longest suffix sequence that leave at least three
/// letters are stripped, then a final ه (a ta marbuta, normalised) or ت
/// when two letters remain. Unlike [`analyses`] it needs no dictionary and
/// may over-stem (وزير → زير); it only has to give the same key to the
/// forms of a word (وقال, قال; الحكومة, حكومته, حكومات → حكوم).
pub fn light_stem(word: &str) -> &str {
    if word.len() > u16::MAX as usize {
        return word;
    }
    let start = beginnings(word, prefixes(true))
        .iter()
        .map(|(_, at)| at)
        .filter(|&at| char_count(&word[at..]) >= MIN_STEM_CHARS)
        .max()
        .unwrap_or(0);
    let end = endings(word, suffixes())
        .iter()
        .map(|(_, at)| at)
        .filter(|&at| at >= start && char_count(&word[start..at]) >= MIN_STEM_CHARS)
        .min()
        .unwrap_or(word.len());
    let stem = &word[start..end];
    match stem.strip_suffix('ه').or_else(|| stem.strip_suffix('ت')) {
        Some(rest) if char_count(rest) >= 2 => rest,
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize;

    fn stems(word: &str, with_proclitics: bool) -> Vec<String> {
        let word = normalize(word);
        let mut out = Vec::new();
        analyses(&word, with_proclitics, |a| {
            let letters = &word[a.letters.clone()];
            let restored = a.restored.map(String::from).unwrap_or_default();
            assert_eq!(a.stem, format!("{letters}{restored}"));
            out.push(a.stem.into_owned())
        });
        out
    }

    fn finds(word: &str, stem: &str) -> bool {
        stems(word, true).contains(&normalize(stem))
    }

    #[test]
    fn strips_stacked_proclitics() {
        assert!(finds("وبالأمن", "أمن"));
        assert!(finds("للأمن", "أمن"));
        assert!(finds("لبايدن", "بايدن"));
        assert!(finds("ببرمجيات", "برمجيات"));
        assert!(finds("فسيهاجمون", "يهاجم"));
        assert!(finds("والكرملين", "كرملين"));
    }

    #[test]
    fn strips_suffixes_and_restores_ta_marbuta() {
        assert!(finds("حكومته", "حكومة"));
        assert!(finds("قمتهما", "قمة"));
        assert!(finds("هجوما", "هجوم"));
        assert!(finds("هجمات", "هجمة"));
        assert!(finds("قمتين", "قمة"));
        assert!(finds("خوادمها", "خوادم"));
        assert!(finds("الإلكترونيين", "إلكتروني"));
        assert!(finds("الإلكترونية", "إلكتروني"));
        assert!(finds("وبنيتها", "بنية"));
        assert!(finds("مسؤولو", "مسؤول"));
    }

    #[test]
    fn restores_alef_maqsura_before_a_pronoun() {
        assert!(finds("دعواها", "دعوى"));
        assert!(finds("مستواه", "مستوى"));
        assert!(finds("ومسعاهم", "مسعى"));
        assert!(finds("قواه", "قوى"));
        // Only before a pronoun: a final alef alone is not an alef maqsura.
        assert!(!finds("دعوا", "دعوى"));
        assert!(!finds("مستوات", "مستوى"));
    }

    #[test]
    fn the_whole_word_is_always_a_candidate_first() {
        assert_eq!(stems("بوتين", true)[0], "بوتين");
        assert_eq!(stems("الكرملين", true)[0], "الكرملين");
    }

    #[test]
    fn later_words_of_a_phrase_take_only_the_article() {
        assert!(stems("السيبراني", false).contains(&"سيبراني".to_string()));
        assert!(!stems("وسيبراني", false).contains(&"سيبراني".to_string()));
    }

    #[test]
    fn analysed_stems_are_never_shorter_than_three_letters() {
        assert_eq!(stems("وله", true), ["وله"]);
        assert!(!stems("فدية", true).contains(&"فد".to_string()));
        for stem in stems("بالقمتين", true).into_iter().skip(1) {
            assert!(stem.chars().count() >= 3, "{stem}");
        }
        assert!(finds("بالقمتين", "قمة"));
    }

    /// Every analysis of `word` as `prefixes+stem+suffixes`, restored letter included.
    fn readings_of(word: &str) -> Vec<String> {
        let word = normalize(word);
        let mut out = Vec::new();
        analyses(&word, true, |a| out.push(shown(&a)));
        out
    }

    fn shown(a: &Analysis) -> String {
        let mut parts: Vec<&str> = a.prefixes.to_vec();
        parts.push(&a.stem);
        parts.extend(a.suffixes);
        parts.join("+")
    }

    /// The readings grammar rules out, with the rule.
    fn impossible_of(word: &str) -> Vec<(String, Impossible)> {
        let word = normalize(word);
        let mut out = Vec::new();
        readings(&word, true, |a, why| {
            if let Some(why) = why {
                out.push((shown(&a), why));
            }
        });
        out
    }

    #[test]
    fn the_article_never_sits_with_a_pronoun_suffix() {
        // المكتبه: not "the his office"; لكتابها with the article: للكتابها.
        for word in ["المكتبه", "للكتابها", "والمكتبهم", "بالمكتبنا", "الحكومتك"]
        {
            let readings = readings_of(word);
            for r in &readings {
                let parts: Vec<&str> = r.split('+').collect();
                if parts.contains(&"ال") {
                    assert!(
                        !parts
                            .iter()
                            .rev()
                            .take_while(|p| **p != "ال")
                            .any(|p| PRONOUNS.contains(p)),
                        "{word}: {r}"
                    );
                }
            }
        }
        assert!(!readings_of("المكتبه").contains(&"ال+مكتب+ه".to_string()));
        assert!(readings_of("مكتبه").contains(&"مكتب+ه".to_string()));
        assert!(
            impossible_of("للكتابها")
                .contains(&("ل+ال+كتاب+ها".to_string(), Impossible::ArticleWithPronoun)),
            "{:?}",
            impossible_of("للكتابها")
        );
        // Construct endings take a pronoun, but not the article: ات+ه.
        assert!(readings_of("مكالماته").contains(&"مكالم+ات+ه".to_string()));
        assert!(
            !readings_of("المكالماته")
                .iter()
                .any(|r| r.starts_with("ال+") && r.ends_with("+ات+ه"))
        );
    }

    #[test]
    fn with_the_article_a_final_ha_is_the_feminine() {
        assert!(readings_of("الروسية").contains(&"ال+روسي+ة".to_string()));
        assert!(readings_of("للسورية").contains(&"ل+ال+سوري+ة".to_string()));
        // Without the article it may be either; the text's spelling tells.
        assert!(readings_of("كتابه").contains(&"كتاب+ه".to_string()));
        // No ة after a ta marbuta written ت.
        assert!(
            !readings_of("الحكومته")
                .iter()
                .any(|r| r.starts_with("ال+حكومه"))
        );
    }

    #[test]
    fn a_definite_ya_after_the_stem_is_a_nisba_adjective() {
        // الوطني "national", الوطنية: not وطن + my, nor وطن + ي + ه.
        let readings = readings_of("الوطني");
        assert!(
            !readings.iter().any(|r| r.starts_with("ال+وطن+")),
            "{readings:?}"
        );
        assert!(readings.contains(&"ال+وطني".to_string()));
        let readings = readings_of("والوطنية");
        assert!(
            !readings.iter().any(|r| r.contains("+وطن+")),
            "{readings:?}"
        );
        assert!(readings.contains(&"و+ال+وطني+ة".to_string()));
        assert!(
            impossible_of("الوطني").contains(&("ال+وطن+ي".to_string(), Impossible::DefiniteNisba))
        );
        assert!(
            impossible_of("الوطنية")
                .contains(&("ال+وطن+ي+ه".to_string(), Impossible::DefiniteNisba))
        );
        // Without the article the ي may be a construct ending: مسؤولي الوزارة.
        assert!(readings_of("مسؤولي").contains(&normalize("مسؤول+ي")));
    }

    #[test]
    fn the_article_takes_no_construct_or_tanween_ending() {
        assert!(readings_of("بيانا").contains(&"بيان+ا".to_string()));
        assert!(!readings_of("البيانا").contains(&"ال+بيان+ا".to_string()));
        assert!(readings_of("مسؤولو").contains(&normalize("مسؤول+و")));
        assert!(!readings_of("المسؤولو").contains(&normalize("ال+مسؤول+و")));
        // Number endings that stand alone are fine with it.
        for (word, reading) in [
            ("المسؤولان", "ال+مسءول+ان"),
            ("المسؤولين", "ال+مسءول+ين"),
            ("المكالمات", "ال+مكالم+ات"),
            ("القمتين", "ال+قمه+تين"),
        ] {
            assert!(readings_of(word).contains(&reading.to_string()), "{word}");
        }
    }

    #[test]
    fn the_future_prefix_goes_only_on_imperfect_verbs() {
        assert!(readings_of("سيهاجم").contains(&"س+يهاجم".to_string()));
        assert!(readings_of("وستعلن").contains(&"و+س+تعلن".to_string()));
        // سفير is not س + فير, سلاح not س + لاح.
        assert!(!readings_of("سفير").contains(&"س+فير".to_string()));
        assert!(!readings_of("سلاحه").iter().any(|r| r.starts_with("س+")));
        assert!(impossible_of("سلاح").contains(&("س+لاح".to_string(), Impossible::FutureOnNonVerb)));
    }

    #[test]
    fn participles_are_recognised_by_their_pattern() {
        let inflects = |w: &str| {
            let key = normalize(w.strip_prefix("ال").unwrap_or(w));
            participle_pattern(&key, w)
        };
        for w in [
            "متحدث",
            "متعدد",
            "متهم",
            "مستشار",
            "مستقل",
            "مخترق",
            "منتخب",
            "مسؤول",
            "مدعوم",
            "مبعوث",
            "مُحَقِّق",
            "مُجْرِم",
        ] {
            assert!(inflects(w), "{w}");
        }
        for w in [
            "مكتب",
            "مجرم",
            "محقق",
            "مهاجم",
            "مفاوض",
            "مُهاجِم",
            "خادم",
            "وزير",
            "جريد",
            "مستوى",
            "مَكْتَب",
            "أمن",
        ] {
            assert!(!inflects(w), "{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn no_analysis_pairs_the_article_with_a_pronoun(
            letters in proptest::collection::vec(proptest::sample::select(
                "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئء".chars().collect::<Vec<_>>()), 1..10),
            lead in proptest::sample::select(vec!["", "ال", "لل", "وال", "بال", "فلل", "كال", "و", "ب"]),
        ) {
            let word: String = lead.chars().chain(letters).collect();
            let word = normalize(&word);
            let mut all = Vec::new();
            analyses(&word, true, |a| {
                all.push((a.has_article(), a.prefixes, a.suffixes, a.stem.into_owned()))
            });
            for (article, prefixes, suffixes, stem) in all {
                if article {
                    for suffix in suffixes {
                        proptest::prop_assert!(
                            !PRONOUNS.contains(suffix) && !["ا", "و", "ي"].contains(suffix),
                            "{word}: {stem} {suffixes:?}"
                        );
                    }
                }
                if prefixes.contains(&"س") {
                    proptest::prop_assert!(is_imperfect(&stem), "{word}: {stem}");
                }
            }
        }
    }

    #[test]
    fn a_listed_plural_is_sound_only_with_at_or_un() {
        assert_eq!(sound_plural_ending("هجمات إلكترونية"), Some("ات"));
        assert_eq!(sound_plural_ending("مسؤولون"), Some("ون"));
        for broken in ["قراصنة", "قوانين", "بلدان", "خوادم", "سفراء"] {
            assert_eq!(sound_plural_ending(broken), None, "{broken}");
        }
    }

    #[test]
    fn light_stems_give_the_forms_of_a_word_one_key() {
        let key = |w: &str| light_stem(&normalize(w)).to_owned();
        assert_eq!(key("وقال"), key("قال"));
        assert_eq!(key("فقالت"), key("قال"));
        for w in ["حكومته", "الحكومة", "حكومات", "للحكومة", "وحكومتها"]
        {
            assert_eq!(key(w), key("حكومة"), "{w}");
        }
        assert_eq!(key("بيانه"), key("بيان"));
        assert_eq!(key("قمتهما"), key("قمة"));
        assert_eq!(key("للشركة"), key("الشركة"));
        assert_eq!(key("Kaseya"), "kaseya");
        assert_eq!(key("2021"), "2021");
        assert_ne!(key("الأمن"), key("الأمم"));
    }
}
