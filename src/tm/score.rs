//! The fuzzy score of a TM source against the sentence being translated.
//!
//! A word-level edit distance in which each word counts by its weight
//! (function words and the wire frame less than content words), and a
//! substitution costs by how the two words differ:
//!
//! | the two words                                   | kind         | cost (× weight) |
//! | ----------------------------------------------- | ------------ | --------------- |
//! | the same as written                             | —            | 0               |
//! | the same after spelling is normalised           | `spelling`   | 0.05            |
//! | the same number in other digits (٣٥ / 35)       | `spelling`   | 0.05            |
//! | another number (2021 / 2022): a placeable       | `number`     | 0.15            |
//! | the same stem, other clitics, article or suffix | `clitic`     | 0.25            |
//! | a broken plural the glossary lists, and its singular | `inflection` | 0.25       |
//! | different words                                 | `changed`    | 1               |
//!
//! A word only in one of them costs its weight (`inserted` in the current
//! sentence, `deleted` from the TM source). The score is
//! `100 × (1 − cost / weight of the longer)`, rounded down; when every
//! difference is of the small kinds (spelling, clitic, inflection, number)
//! the score is at least 90, and it is 100 only when the two sources are
//! identical once invisible marks (joiners, bidi controls) and runs of
//! white space are ignored, so a changed number or a missing hamza is
//! never 100.

use std::ops::Range;

use super::text::{self, Lexicon, Token, TokenKind, share_a_reading};

pub const SPELLING_COST: f32 = 0.05;
pub const NUMBER_COST: f32 = 0.15;
pub const CLITIC_COST: f32 = 0.25;
/// The least score of a match whose differences are all small ones.
pub const SMALL_DIFFERENCES_FLOOR: f32 = 90.0;

/// How the TM source differs from the current sentence at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiffKind {
    /// Words of the current sentence the TM source lacks.
    Inserted,
    /// Words of the TM source the current sentence lacks.
    Deleted,
    /// Different words at the same place.
    Changed,
    /// The same stem with other clitics, article or suffix (قال/وقال).
    Clitic,
    /// A broken plural and its singular, as the glossary lists them.
    Inflection,
    /// The same word spelt otherwise (hamza, alef, ى/ي, vowel marks, digits).
    Spelling,
    /// Another number: substituted into the English.
    Number,
    /// The same words; punctuation or spacing differs.
    Punctuation,
}

impl DiffKind {
    pub fn label(self) -> &'static str {
        match self {
            DiffKind::Inserted => "inserted",
            DiffKind::Deleted => "deleted",
            DiffKind::Changed => "changed",
            DiffKind::Clitic => "clitic",
            DiffKind::Inflection => "inflection",
            DiffKind::Spelling => "spelling",
            DiffKind::Number => "number",
            DiffKind::Punctuation => "punctuation",
        }
    }

    /// A difference that leaves the words the same (clitic, inflection,
    /// spelling, number, punctuation).
    pub fn is_small(self) -> bool {
        !matches!(
            self,
            DiffKind::Inserted | DiffKind::Deleted | DiffKind::Changed
        )
    }
}

/// One difference: the words as written in the TM source (`tm`) and in the
/// current sentence (`text`), with their byte spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: DiffKind,
    pub tm: String,
    pub text: String,
    /// Bytes of the TM source (`None` for an insertion: nothing there).
    pub tm_span: Option<Range<usize>>,
    /// Bytes of the current sentence (`None` for a deletion).
    pub text_span: Option<Range<usize>>,
    /// For an insertion: where in the TM source the words would go.
    pub tm_at: usize,
}

/// A sentence read once for scoring against many candidates.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    /// A hash of each token as written, invisible marks removed.
    surfaces: Vec<u64>,
    exact: String,
    weight: f32,
    /// Every reading of this sentence's words numbered (up to 256), and
    /// each word's readings as a bit set, so that whether a word of
    /// another sentence shares a reading with one of these is a few ANDs.
    readings: Option<ReadingBits>,
}

#[derive(Debug, Clone)]
struct ReadingBits {
    bit_of: rustc_hash::FxHashMap<u64, u8>,
    masks: Vec<[u64; 4]>,
}

impl ReadingBits {
    fn new(tokens: &[Token]) -> Option<ReadingBits> {
        let mut bit_of = rustc_hash::FxHashMap::default();
        for t in tokens {
            for &r in &t.readings {
                let next = bit_of.len();
                if next > usize::from(u8::MAX) && !bit_of.contains_key(&r) {
                    return None;
                }
                bit_of.entry(r).or_insert(next as u8);
            }
        }
        let mut bits = ReadingBits {
            bit_of,
            masks: Vec::new(),
        };
        bits.masks = tokens.iter().map(|t| bits.mask(t)).collect();
        Some(bits)
    }

    /// The bit set of the readings of `token` that this sentence has.
    fn mask(&self, token: &Token) -> [u64; 4] {
        let mut mask = [0u64; 4];
        for r in &token.readings {
            if let Some(&bit) = self.bit_of.get(r) {
                mask[usize::from(bit >> 6)] |= 1 << (bit & 63);
            }
        }
        mask
    }
}

fn intersect(a: &[u64; 4], b: &[u64; 4]) -> bool {
    (a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3]) != 0
}

impl<'a> Prepared<'a> {
    pub fn new(text: &'a str, lexicon: &Lexicon) -> Prepared<'a> {
        let tokens = text::tokens(text, lexicon);
        let surfaces = tokens
            .iter()
            .map(|t| surface_hash(&text[t.span.clone()]))
            .collect();
        let weight = tokens.iter().map(|t| t.weight).sum();
        Prepared {
            text,
            tokens,
            surfaces,
            exact: text::exact_form(text),
            weight,
            readings: None,
        }
    }

    /// The sentence being translated, read for scoring against many TM
    /// sources: its words' readings are numbered once, so comparing a
    /// word with a TM word is a few ANDs.
    pub fn query(text: &'a str, lexicon: &Lexicon) -> Prepared<'a> {
        let mut prepared = Prepared::new(text, lexicon);
        prepared.readings = ReadingBits::new(&prepared.tokens);
        prepared
    }

    /// The sum of the word weights.
    pub fn weight(&self) -> f32 {
        self.weight
    }

    /// The most `other` could score against this sentence, from the word
    /// weights alone (every edit lowers the difference of the two sums by
    /// at most its cost), to skip candidates before the edit distance.
    pub fn best_possible(&self, other: &Prepared<'_>) -> f32 {
        self.best_possible_weight(other.weight)
    }

    /// [`best_possible`](Self::best_possible) of a sentence whose words weigh `weight`.
    pub fn best_possible_weight(&self, weight: f32) -> f32 {
        let longer = self.weight.max(weight);
        if longer <= 0.0 {
            return 100.0;
        }
        100.0 * (1.0 - (self.weight - weight).abs() / longer)
    }

    pub fn exact_form(&self) -> &str {
        &self.exact
    }
}

/// The score of a TM source against the current sentence, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// 0–100.
    pub score: u8,
    /// In the order of the current sentence.
    pub differences: Vec<Difference>,
    /// (number in the TM source, number in the current sentence), by value,
    /// for every number that differs: what the English needs substituted.
    pub numbers: Vec<(String, String)>,
}

/// A hash of a word as written, invisible marks left out.
fn surface_hash(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for c in word.chars().filter(|&c| !text::is_invisible(c)) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Larger than any sentence needs: longer pairs are not compared.
const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Keep,
    Small(DiffKind),
    Change,
    Insert,
    Delete,
}

/// Scores `tm` (a TM source) against `current` (the sentence being translated).
pub fn score(current: &Prepared<'_>, tm: &Prepared<'_>) -> Scored {
    let exact = current.exact == tm.exact;
    let (m, n) = (current.tokens.len(), tm.tokens.len());
    if exact {
        return Scored {
            score: 100,
            differences: Vec::new(),
            numbers: Vec::new(),
        };
    }
    if m == 0 || n == 0 || (m + 1) * (n + 1) > MAX_CELLS {
        let score = u8::from(m == 0 && n == 0) * 99;
        return Scored {
            score,
            differences: Vec::new(),
            numbers: Vec::new(),
        };
    }
    // cost[i][j]: current[..i] against tm[..j].
    let width = n + 1;
    let mut cost = vec![0f32; (m + 1) * width];
    let mut op = vec![Op::Keep; (m + 1) * width];
    for i in 1..=m {
        cost[i * width] = cost[(i - 1) * width] + current.tokens[i - 1].weight;
        op[i * width] = Op::Insert;
    }
    for j in 1..=n {
        cost[j] = cost[j - 1] + tm.tokens[j - 1].weight;
        op[j] = Op::Delete;
    }
    // The TM words' readings in the current sentence's numbering.
    let tm_masks: Option<Vec<[u64; 4]>> = current
        .readings
        .as_ref()
        .map(|bits| tm.tokens.iter().map(|t| bits.mask(t)).collect());
    let shared = |i: usize, j: usize| match (&current.readings, &tm_masks) {
        (Some(bits), Some(masks)) => {
            current.tokens[i].stem_hash == tm.tokens[j].stem_hash
                || intersect(&bits.masks[i], &masks[j])
        }
        _ => share_a_reading(&current.tokens[i], &tm.tokens[j]),
    };
    for i in 1..=m {
        let a = &current.tokens[i - 1];
        for j in 1..=n {
            let b = &tm.tokens[j - 1];
            let (sub_op, sub_cost) = compare(current, i - 1, tm, j - 1, &shared);
            let diagonal = cost[(i - 1) * width + j - 1] + sub_cost;
            let insert = cost[(i - 1) * width + j] + a.weight;
            let delete = cost[i * width + j - 1] + b.weight;
            let (best_op, best) = if diagonal <= insert && diagonal <= delete {
                (sub_op, diagonal)
            } else if insert <= delete {
                (Op::Insert, insert)
            } else {
                (Op::Delete, delete)
            };
            cost[i * width + j] = best;
            op[i * width + j] = best_op;
        }
    }
    // Walk back from the end.
    let mut ops = Vec::with_capacity(m + n);
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let o = op[i * width + j];
        ops.push((o, i, j));
        match o {
            Op::Insert => i -= 1,
            Op::Delete => j -= 1,
            _ => {
                i -= 1;
                j -= 1;
            }
        }
    }
    ops.reverse();
    let total = cost[m * width + n];
    let longer = current.weight.max(tm.weight).max(f32::EPSILON);
    let mut value = 100.0 * (1.0 - total / longer);
    let all_small = ops
        .iter()
        .all(|(o, _, _)| matches!(o, Op::Keep | Op::Small(_)));
    if all_small {
        value = value.max(SMALL_DIFFERENCES_FLOOR);
    }
    let score = (value.floor().clamp(0.0, 99.0)) as u8;
    let (mut differences, numbers) = differences(current, tm, &ops);
    if differences.is_empty() {
        // The same words: what differs is punctuation or spacing between them.
        differences.push(punctuation_difference(current.text, tm.text));
    }
    Scored {
        score,
        differences,
        numbers,
    }
}

/// Where two sentences with the same words differ: the stretch between
/// their common beginning and common end (invisible marks ignored).
fn punctuation_difference(current: &str, tm: &str) -> Difference {
    let visible = |t: &str| -> Vec<(usize, char)> {
        t.char_indices()
            .filter(|&(_, c)| !text::is_invisible(c))
            .collect()
    };
    let (a, b) = (visible(current), visible(tm));
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x.1 == y.1).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x.1 == y.1)
        .count();
    let span = |t: &str, chars: &[(usize, char)]| {
        let start = chars.get(prefix).map_or(t.len(), |&(o, _)| o);
        let end = chars
            .len()
            .checked_sub(suffix)
            .and_then(|k| chars.get(k))
            .map_or(t.len(), |&(o, _)| o);
        start..end.max(start)
    };
    let (text_span, tm_span) = (span(current, &a), span(tm, &b));
    Difference {
        kind: DiffKind::Punctuation,
        tm: tm[tm_span.clone()].to_owned(),
        text: current[text_span.clone()].to_owned(),
        tm_at: tm_span.start,
        tm_span: (!tm_span.is_empty()).then_some(tm_span),
        text_span: (!text_span.is_empty()).then_some(text_span),
    }
}

/// How token `i` of `a` differs from token `j` of `b`, and what that costs.
fn compare(
    a: &Prepared<'_>,
    i: usize,
    b: &Prepared<'_>,
    j: usize,
    shared: &impl Fn(usize, usize) -> bool,
) -> (Op, f32) {
    let (x, y) = (&a.tokens[i], &b.tokens[j]);
    let weight = x.weight.max(y.weight);
    if a.surfaces[i] == b.surfaces[j] {
        return (Op::Keep, 0.0);
    }
    match (x.kind, y.kind) {
        (TokenKind::Number, TokenKind::Number) => {
            if x.norm_hash == y.norm_hash {
                (Op::Small(DiffKind::Spelling), SPELLING_COST * weight)
            } else {
                (Op::Small(DiffKind::Number), NUMBER_COST * weight)
            }
        }
        (TokenKind::Word, TokenKind::Word) => {
            if x.spelling_hash == y.spelling_hash {
                (Op::Small(DiffKind::Spelling), SPELLING_COST * weight)
            } else if x.lemma.is_some() && x.lemma == y.lemma && (x.via_lexicon || y.via_lexicon) {
                (Op::Small(DiffKind::Inflection), CLITIC_COST * weight)
            } else if shared(i, j) {
                (Op::Small(DiffKind::Clitic), CLITIC_COST * weight)
            } else {
                (Op::Change, weight)
            }
        }
        _ => (Op::Change, weight),
    }
}

/// The differences along the alignment: runs of inserted, deleted or
/// changed words become one difference each; small ones stay per word.
fn differences(
    current: &Prepared<'_>,
    tm: &Prepared<'_>,
    ops: &[(Op, usize, usize)],
) -> (Vec<Difference>, Vec<(String, String)>) {
    let mut out: Vec<Difference> = Vec::new();
    let mut numbers = Vec::new();
    let mut last: Option<Op> = None;
    for &(o, i, j) in ops {
        let text_span = (i > 0).then(|| current.tokens[i - 1].span.clone());
        let tm_span = (j > 0).then(|| tm.tokens[j - 1].span.clone());
        let kind = match o {
            Op::Keep => {
                last = None;
                continue;
            }
            Op::Small(kind) => kind,
            Op::Change => DiffKind::Changed,
            Op::Insert => DiffKind::Inserted,
            Op::Delete => DiffKind::Deleted,
        };
        if kind == DiffKind::Number {
            numbers.push((
                tm.tokens[j - 1].norm.clone(),
                current.tokens[i - 1].norm.clone(),
            ));
        }
        let text_span = if kind == DiffKind::Deleted {
            None
        } else {
            text_span
        };
        let tm_span = if kind == DiffKind::Inserted {
            None
        } else {
            tm_span
        };
        // Where an insertion goes in the TM source: after the TM word before it.
        let tm_at = if j > 0 { tm.tokens[j - 1].span.end } else { 0 };
        let extends = last == Some(o) && !kind.is_small();
        last = Some(o);
        if extends && let Some(previous) = out.last_mut() {
            previous.text_span = join(previous.text_span.take(), text_span);
            previous.tm_span = join(previous.tm_span.take(), tm_span);
        } else {
            out.push(Difference {
                kind,
                tm: String::new(),
                text: String::new(),
                tm_span,
                text_span,
                tm_at,
            });
        }
    }
    for d in &mut out {
        if let Some(span) = &d.tm_span {
            d.tm = tm.text[span.clone()].to_owned();
            d.tm_at = span.start;
        }
        if let Some(span) = &d.text_span {
            d.text = current.text[span.clone()].to_owned();
        }
    }
    (out, numbers)
}

fn join(a: Option<Range<usize>>, b: Option<Range<usize>>) -> Option<Range<usize>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
        (a, b) => a.or(b),
    }
}

/// A number in English text: byte span and value (`2,000` is 2000).
fn english_numbers(text: &str) -> Vec<(Range<usize>, String, bool)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |c: char| {
        c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
    };
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let before_is_word = k > 0 && chars[k - 1].1.is_alphanumeric();
        if !digit(c) || before_is_word {
            k += 1;
            continue;
        }
        let mut value = String::new();
        let mut grouped = false;
        let mut end = k;
        while end < chars.len() {
            let c = chars[end].1;
            if digit(c) {
                value.push(
                    crate::arabic::normalize(&c.to_string())
                        .chars()
                        .next()
                        .unwrap_or(c),
                );
                end += 1;
            } else if matches!(c, ',' | '.' | '٬' | '٫')
                && end + 1 < chars.len()
                && digit(chars[end + 1].1)
            {
                if matches!(c, '.' | '٫') {
                    value.push('.');
                } else {
                    grouped = true;
                }
                end += 1;
            } else {
                break;
            }
        }
        let byte_end = chars.get(end).map_or(text.len(), |(o, _)| *o);
        out.push((start..byte_end, value, grouped));
        k = end;
    }
    out
}

/// `value` × 10^`zeros`, for whole numbers (`None` for a decimal when
/// `zeros` > 0).
fn scale(value: &str, zeros: usize) -> Option<String> {
    if zeros == 0 {
        return Some(value.to_owned());
    }
    if value.contains('.') || value.is_empty() {
        return None;
    }
    Some(format!("{value}{}", "0".repeat(zeros)))
}

/// `value` written as the English around it writes numbers: with thousands
/// commas when the number it replaces had them.
fn format_like(value: &str, grouped: bool) -> String {
    if !grouped {
        return value.to_owned();
    }
    let (whole, fraction) = value
        .split_once('.')
        .map_or((value, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (k, c) in whole.chars().enumerate() {
        if k > 0 && (whole.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The English of a match with the current sentence's numbers put in place
/// of the TM source's (auto-localisation), and the byte spans substituted.
/// A TM number that the English does not write in digits is left alone.
pub fn substitute_numbers(
    target: &str,
    numbers: &[(String, String)],
) -> (String, Vec<Range<usize>>) {
    if numbers.is_empty() {
        return (target.to_owned(), Vec::new());
    }
    let found = english_numbers(target);
    let mut used = vec![false; found.len()];
    // (span in target, replacement)
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    for (k, (old, new)) in numbers.iter().enumerate() {
        let once = numbers.iter().filter(|(o, _)| o == old).count() == 1;
        let conflicting = numbers[..k].iter().any(|(o, n)| o == old && n != new);
        // The English may write the number whole where the Arabic writes
        // it with a scale word: 200 ألف is 200,000 (and مليون, مليار).
        let scaled = [0usize, 3, 6, 9].into_iter().find_map(|zeros| {
            let (old, new) = (scale(old, zeros)?, scale(new, zeros)?);
            found
                .iter()
                .any(|(_, value, _)| *value == old)
                .then_some((old, new))
        });
        let Some((old, new)) = scaled else {
            continue;
        };
        for (index, (span, value, grouped)) in found.iter().enumerate() {
            if used[index] || *value != old {
                continue;
            }
            used[index] = true;
            replacements.push((span.clone(), format_like(&new, *grouped)));
            if !once || conflicting {
                break;
            }
        }
    }
    replacements.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(target.len() + 8);
    let mut spans = Vec::new();
    let mut at = 0;
    for (span, replacement) in replacements {
        out.push_str(&target[at..span.start]);
        let start = out.len();
        out.push_str(&replacement);
        spans.push(start..out.len());
        at = span.end;
    }
    out.push_str(&target[at..]);
    (out, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(current: &str, tm: &str) -> Scored {
        let lex = Lexicon::default();
        score(&Prepared::new(current, &lex), &Prepared::new(tm, &lex))
    }

    fn kinds(s: &Scored) -> Vec<DiffKind> {
        s.differences.iter().map(|d| d.kind).collect()
    }

    const WIRE: &str =
        "وقال البيت الأبيض في بيان إن الرئيس جو بايدن سيستقبل نظيره الفرنسي الأسبوع المقبل";

    #[test]
    fn identical_sources_score_100_and_invisible_marks_do_not_count() {
        assert_eq!(scored(WIRE, WIRE).score, 100);
        let with_marks = WIRE
            .replace("البيت", "الب\u{200D}يت")
            .replace(' ', "  \u{200F}");
        assert_eq!(scored(WIRE, &with_marks).score, 100);
    }

    #[test]
    fn a_clitic_or_suffix_difference_costs_a_fraction_of_a_word() {
        let tm = WIRE.replacen("وقال", "قال", 1);
        let s = scored(WIRE, &tm);
        assert!((95..100).contains(&s.score), "{s:?}");
        assert_eq!(kinds(&s), [DiffKind::Clitic]);
        assert_eq!(s.differences[0].tm, "قال");
        assert_eq!(s.differences[0].text, "وقال");
        let s = scored("نشرت الشركة بيانها أمس", "نشرت للشركة بيانا أمس");
        assert!(s.score >= 90, "{s:?}");
        assert_eq!(kinds(&s), [DiffKind::Clitic, DiffKind::Clitic]);
    }

    #[test]
    fn spelling_alone_costs_almost_nothing_but_is_not_100() {
        let tm = WIRE.replace("الأبيض", "الابيض").replace("إن", "ان");
        let s = scored(WIRE, &tm);
        assert_eq!(s.score, 99, "{s:?}");
        assert_eq!(kinds(&s), [DiffKind::Spelling, DiffKind::Spelling]);
        // A misspelt function word is a spelling difference, not a new word.
        let s = scored("وافق على الاتفاق", "وافق علي الاتفاق");
        assert!(s.score >= 95, "{s:?}");
        assert_eq!(kinds(&s), [DiffKind::Spelling]);
        // Vowel marks are visible: not 100.
        assert!((98..100).contains(&scored("قالَ بايدن", "قال بايدن").score));
    }

    #[test]
    fn punctuation_alone_is_99_and_says_so() {
        let s = scored("قال بايدن: «نعم».", "قال بايدن نعم");
        assert_eq!(s.score, 99);
        assert_eq!(kinds(&s), [DiffKind::Punctuation]);
        assert_eq!(s.differences[0].text, ": «نعم».");
        assert_eq!(s.differences[0].tm, " نعم");
    }

    #[test]
    fn a_changed_number_is_never_100_and_is_substituted() {
        let s = scored(
            "فرضت العقوبات في 2022 على 35 شركة",
            "فرضت العقوبات في 2021 على ٣٥ شركة",
        );
        assert!((90..100).contains(&s.score), "{s:?}");
        assert_eq!(s.numbers, [("2021".to_owned(), "2022".to_owned())]);
        assert_eq!(kinds(&s), [DiffKind::Number, DiffKind::Spelling]);
        let (en, spans) = substitute_numbers(
            "Sanctions were imposed on 35 companies in 2021.",
            &s.numbers,
        );
        assert_eq!(en, "Sanctions were imposed on 35 companies in 2022.");
        assert_eq!(&en[spans[0].clone()], "2022");
    }

    #[test]
    fn substitution_keeps_the_english_way_of_writing_numbers() {
        let numbers = [("2000".to_owned(), "15000".to_owned())];
        let (en, _) = substitute_numbers("about 2,000 servers", &numbers);
        assert_eq!(en, "about 15,000 servers");
        let numbers = [("3.5".to_owned(), "4.2".to_owned())];
        assert_eq!(
            substitute_numbers("$3.5 million", &numbers).0,
            "$4.2 million"
        );
        // Written whole in the English where the Arabic has a scale word.
        let numbers = [("200".to_owned(), "250".to_owned())];
        assert_eq!(
            substitute_numbers("More than 200,000 people fled", &numbers).0,
            "More than 250,000 people fled"
        );
        // Not in the English as digits: nothing to substitute.
        let numbers = [("5".to_owned(), "6".to_owned())];
        assert_eq!(
            substitute_numbers("five people, G5", &numbers).0,
            "five people, G5"
        );
    }

    #[test]
    fn different_words_cost_a_word_and_function_words_less() {
        let s = scored(WIRE, &WIRE.replace("الفرنسي", "الألماني"));
        assert_eq!(kinds(&s), [DiffKind::Changed]);
        assert!(s.score < 95 && s.score >= 85, "{s:?}");
        let dropped_function = scored(WIRE, &WIRE.replace(" في بيان", " بيان"));
        let dropped_content = scored(WIRE, &WIRE.replace(" الفرنسي", ""));
        assert!(dropped_function.score > dropped_content.score);
        assert_eq!(kinds(&dropped_content), [DiffKind::Inserted]);
        assert_eq!(dropped_content.differences[0].text, "الفرنسي");
        let s = scored("قال بايدن", "قال بايدن أمس");
        assert_eq!(kinds(&s), [DiffKind::Deleted]);
        assert_eq!(s.differences[0].tm, "أمس");
    }

    #[test]
    fn sharing_only_the_wire_frame_is_no_match() {
        let tm = "وقال البيت الأبيض في بيان إن العقوبات الجديدة ستطال قطاع الطاقة الروسي";
        let current = "وقال البيت الأبيض في بيان إن الرئيس سيزور اليابان وكوريا الجنوبية";
        assert!(scored(current, tm).score < 70, "{:?}", scored(current, tm));
        let tm = "وأضاف أن هذه الخطوة تأتي في إطار الجهود المبذولة";
        let current = "وأضاف أن المفاوضات مع إيران ستستأنف في فيينا قريبا";
        assert!(scored(current, tm).score < 70);
    }

    #[test]
    fn runs_of_changed_words_are_one_difference() {
        let s = scored(
            "التقى الوزير نظيره الروسي في موسكو",
            "التقى الوزير رئيس الوزراء الياباني في موسكو",
        );
        assert!(s.differences.len() <= 2, "{s:?}");
        assert!(s.differences.iter().all(|d| !d.kind.is_small()));
    }

    #[test]
    fn reading_bit_sets_decide_as_the_readings_do() {
        let lex = Lexicon::default();
        let sentences = [
            WIRE,
            "قال البيت الابيض في بيانه ان الرئيس بايدن سيستقبل نظيره",
            "ويواجه الوزراء ضغوطا منذ الهجوم على الحكومة وحكومتها",
            "وتواجه الوزيرة ضغوطا منذ هجمات على حكوماتهم",
            "نقلوا عنهم أن الاجتماع عقد",
        ];
        for a in sentences {
            for b in sentences {
                let current = Prepared::query(a, &lex);
                assert!(current.readings.is_some());
                let plain = Prepared::new(a, &lex);
                let tm = Prepared::new(b, &lex);
                assert_eq!(score(&current, &tm), score(&plain, &tm), "{a} / {b}");
            }
        }
    }

    #[test]
    fn the_weight_bound_never_underestimates() {
        let lex = Lexicon::default();
        let a = Prepared::new(WIRE, &lex);
        for tm in [
            "قال بايدن",
            "وقال البيت الأبيض",
            "في في في في في في في في في في في في في في",
            WIRE,
        ] {
            let b = Prepared::new(tm, &lex);
            assert!(
                a.best_possible(&b) + 0.01 >= f32::from(score(&a, &b).score),
                "{tm}"
            );
        }
    }
}
