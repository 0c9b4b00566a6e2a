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

use rustc_hash::FxHashMap;

use super::Glossary;
use crate::arabic::morphology::{Analysis, analyses};
use crate::arabic::tokens::{WordSpan, scan_words};
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

/// One word of a glossary form.
#[derive(Debug)]
struct FormWord {
    /// As written in the glossary.
    written: String,
    /// Normalised, article included.
    norm: String,
    /// Normalised, article removed: what text stems are compared with.
    key: String,
    /// For a plural or dual nisba adjective (إلكترونيون), the singular
    /// (إلكتروني), so that other case endings (الإلكترونيين) match too.
    singular_key: Option<String>,
    /// Written with the article (`norm` is the article and `key`).
    has_article: bool,
    /// The written word without its article, for explanations.
    written_bare: String,
}

/// One Arabic form of a term (its `ar` or one of its `ar_variants`).
#[derive(Debug)]
struct Form {
    term: u32,
    variant: bool,
    words: Vec<FormWord>,
}

/// An index over a glossary, built once, matched many times.
#[derive(Debug, Default)]
pub struct Matcher {
    forms: Vec<Form>,
    /// Forms by the key of their first word; `true` where the key is the
    /// word's own key (not the singular of a plural nisba adjective).
    by_first_key: FxHashMap<Box<str>, Vec<(u32, bool)>>,
    /// A Bloom filter over the keys of `by_first_key`, small enough to stay
    /// in cache: most readings of most words are not keys, and this turns
    /// them away without a probe into the (large) map.
    first_key_filter: KeyFilter,
}

/// A two-probe Bloom filter over strings.
#[derive(Debug, Default)]
struct KeyFilter {
    bits: Vec<u64>,
}

impl KeyFilter {
    fn with_keys<'k>(keys: impl ExactSizeIterator<Item = &'k str>) -> Self {
        // About 16 bits a key, at least 64 KiB: under 2% false positives.
        let bits = (keys.len() * 16).next_power_of_two().max(1 << 19);
        let mut filter = KeyFilter {
            bits: vec![0; bits / 64],
        };
        for key in keys {
            let (a, b) = filter.slots(key);
            filter.bits[a / 64] |= 1 << (a % 64);
            filter.bits[b / 64] |= 1 << (b % 64);
        }
        filter
    }

    fn slots(&self, key: &str) -> (usize, usize) {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
        hasher.write(key.as_bytes());
        let hash = hasher.finish();
        let mask = self.bits.len() * 64 - 1;
        (hash as usize & mask, (hash >> 32) as usize & mask)
    }

    fn may_contain(&self, key: &str) -> bool {
        if self.bits.is_empty() {
            return false;
        }
        let (a, b) = self.slots(key);
        self.bits[a / 64] & (1 << (a % 64)) != 0 && self.bits[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Whether a written word carries the article ال (bare alef, so إلكتروني does not).
fn strip_article(written: &str) -> Option<&str> {
    let rest = written.strip_prefix("ال")?;
    (normalize(rest).chars().count() >= 2).then_some(rest)
}

fn form_words(form: &str) -> Vec<FormWord> {
    tokens(form)
        .into_iter()
        .map(|t| {
            let written = form[t.start..t.end].to_string();
            let (key, written_bare) = match strip_article(&written) {
                Some(rest) => (normalize(rest), rest.to_string()),
                None => (t.norm.clone(), written.clone()),
            };
            let singular_key = ["يون", "يين", "يان"]
                .iter()
                .find(|ending| key.ends_with(*ending) && key.chars().count() >= 5)
                .map(|_| key[..key.len() - "ون".len()].to_string());
            let has_article = key != t.norm;
            FormWord {
                written,
                norm: t.norm,
                key,
                has_article,
                singular_key,
                written_bare,
            }
        })
        .collect()
}

/// The comparison key of a form: two forms with the same key cannot be told
/// apart by the matcher (used to reject duplicate glossary entries).
pub fn form_key(form: &str) -> String {
    form_words(form)
        .iter()
        .map(|w| w.key.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of the text being matched, normalised into one buffer.
struct Words<'t> {
    text: &'t str,
    spans: Vec<WordSpan>,
    norms: String,
    /// Readings of each word as a later word of a phrase, made on demand.
    later: Vec<std::cell::OnceCell<Vec<LaterReading>>>,
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

/// The article as normalised text.
const ARTICLE: &str = "ال";

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
}

impl Reading {
    fn of(a: &Analysis, fw: &FormWord) -> Self {
        Reading {
            prefixes: a.prefixes,
            suffixes: a.suffixes,
            stem_is_norm: a.stem == fw.norm.as_str(),
        }
    }

    /// `و+ب+ال+أمن`: the clitics, the glossary's spelling of the stem, the suffixes.
    fn explain(&self, fw: &FormWord) -> String {
        let stem = if self.stem_is_norm {
            &fw.written
        } else {
            &fw.written_bare
        };
        let mut parts: Vec<&str> = self.prefixes.to_vec();
        parts.push(stem);
        parts.extend(self.suffixes);
        parts.join("+")
    }
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Self {
        let mut matcher = Matcher::default();
        for (term_index, term) in glossary.terms.iter().enumerate() {
            for (n, form) in term.ar_forms().enumerate() {
                let words = form_words(form);
                let Some(first) = words.first() else { continue };
                let id = matcher.forms.len() as u32;
                for (key, own) in std::iter::once((&first.key, true))
                    .chain(first.singular_key.as_ref().map(|k| (k, false)))
                {
                    matcher
                        .by_first_key
                        .entry(key.as_str().into())
                        .or_default()
                        .push((id, own));
                }
                matcher.forms.push(Form {
                    term: term_index as u32,
                    variant: n > 0,
                    words,
                });
            }
        }
        matcher.first_key_filter = KeyFilter::with_keys(matcher.by_first_key.keys().map(|k| &**k));
        matcher
    }

    /// Number of indexed forms (canonical forms and variants).
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// Non-overlapping matches in `text`, in text order.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut norms = String::with_capacity(text.len());
        let spans = scan_words(text, &mut norms);
        let later = (0..spans.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
        let words = Words {
            text,
            spans,
            norms,
            later,
        };
        let mut candidates = Vec::new();
        for i in 0..words.spans.len() {
            analyses(words.norm(i), true, |a| {
                if !self.first_key_filter.may_contain(&a.stem) {
                    return;
                }
                let Some(forms) = self.by_first_key.get(a.stem.as_ref()) else {
                    return;
                };
                // Every form here has `stem` as its first word's key, so whether
                // the word is that form word (with or without the article) is
                // decided once, not once a form.
                let norm = words.norm(i);
                let stem: &str = &a.stem;
                let same = FirstWordEquals {
                    bare: norm == stem,
                    with_article: norm.len() == stem.len() + ARTICLE.len()
                        && norm.starts_with(ARTICLE)
                        && &norm[ARTICLE.len()..] == stem,
                };
                for &(form, own_key) in forms {
                    let same = own_key.then_some(same);
                    if let Some(c) = self.extend(&words, i, form, &a, same) {
                        candidates.push(c);
                    }
                }
            });
        }
        if candidates.is_empty() {
            return Vec::new();
        }
        // A variant that the canonical form explains as well (نظيره: نظيرة by
        // ة/ه folding, or نظير + ه) is shown as the canonical reading.
        let canonical: rustc_hash::FxHashSet<(usize, usize, u32)> = candidates
            .iter()
            .filter(|c| c.kind != MatchKind::Variant)
            .map(|c| (c.first_word, c.words, self.forms[c.form as usize].term))
            .collect();
        candidates.retain(|c| {
            c.kind != MatchKind::Variant
                || c.exact
                || !canonical.contains(&(c.first_word, c.words, self.forms[c.form as usize].term))
        });
        // Longest first, then surface over analysed, fewer affixes, earlier.
        candidates.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.words),
                !c.exact,
                c.analysed,
                c.affix_chars,
                c.kind,
                c.first_word,
                c.form,
            )
        });
        let mut taken = vec![false; words.spans.len()];
        let mut out = Vec::new();
        for c in candidates {
            let range = c.first_word..c.first_word + c.words;
            if taken[range.clone()].iter().any(|t| *t) {
                continue;
            }
            taken[range.clone()].iter_mut().for_each(|t| *t = true);
            out.push(Match {
                term: self.forms[c.form as usize].term as usize,
                start: words.spans[range.start].start,
                end: words.spans[range.end - 1].end,
                kind: c.kind,
                analysis: self.explain(&words, &c),
            });
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// Tries `form` at word `first`, whose reading `a` matched its first word.
    fn extend(
        &self,
        words: &Words,
        first: usize,
        form_id: u32,
        a: &Analysis,
        first_equals: Option<FirstWordEquals>,
    ) -> Option<Candidate> {
        let form = &self.forms[form_id as usize];
        let n = form.words.len();
        if first + n > words.spans.len() {
            return None;
        }
        let mut analysed = false;
        let mut all_exact = true;
        let mut affix_chars = 0;
        let mut first_reading = None;
        for (k, fw) in form.words.iter().enumerate() {
            let i = first + k;
            if k > 0 && !words.adjacent(i - 1) {
                return None; // words of a term are contiguous, with nothing but spaces between
            }
            let norm = words.norm(i);
            let equal = match (k, first_equals) {
                (0, Some(same)) if fw.has_article => same.with_article,
                (0, Some(same)) => same.bare,
                _ => norm == fw.norm,
            };
            if equal {
                all_exact &= words.surface(i) == fw.written;
                continue;
            }
            let chars = if k == 0 {
                first_reading = Some(Reading::of(a, fw));
                a.affix_chars()
            } else {
                best_reading(words, i, fw)?.affix_chars
            };
            analysed = true;
            all_exact = false;
            affix_chars += chars;
        }
        let kind = if form.variant {
            MatchKind::Variant
        } else if analysed {
            MatchKind::Morphology
        } else if all_exact {
            MatchKind::Exact
        } else {
            MatchKind::Normalised
        };
        Some(Candidate {
            form: form_id,
            first_word: first,
            words: n,
            analysed,
            exact: all_exact,
            affix_chars,
            kind,
            first_reading,
        })
    }

    /// The analysis of a winning candidate, word by word.
    fn explain(&self, words: &Words, c: &Candidate) -> String {
        let form = &self.forms[c.form as usize];
        let mut out = Vec::with_capacity(c.words);
        for (k, fw) in form.words.iter().enumerate() {
            let norm = words.norm(c.first_word + k);
            let reading = match (k, c.first_reading) {
                (0, Some(reading)) => Some(reading),
                _ if norm == fw.norm => None,
                _ => best_reading(words, c.first_word + k, fw).map(|r| r.reading(fw)),
            };
            out.push(reading.map_or_else(|| fw.written.clone(), |r| r.explain(fw)));
        }
        out.join(" ")
    }
}

/// One reading of a word in a later position of a phrase (article and
/// suffixes only), kept per sentence so that trying many forms does not
/// analyse the same word again and again.
struct LaterReading {
    stem: String,
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    affix_chars: usize,
}

impl LaterReading {
    fn fits(&self, fw: &FormWord) -> bool {
        self.stem == fw.key || fw.singular_key.as_deref() == Some(self.stem.as_str())
    }

    fn reading(&self, fw: &FormWord) -> Reading {
        Reading {
            prefixes: self.prefixes,
            suffixes: self.suffixes,
            stem_is_norm: self.stem == fw.norm,
        }
    }
}

/// The reading of word `i` in a later position whose stem is the form
/// word's key, with the fewest affixes.
fn best_reading<'a>(words: &'a Words, i: usize, fw: &FormWord) -> Option<&'a LaterReading> {
    let readings = words.later[i].get_or_init(|| {
        let mut out = Vec::new();
        analyses(words.norm(i), false, |a| {
            out.push(LaterReading {
                affix_chars: a.affix_chars(),
                stem: a.stem.into_owned(),
                prefixes: a.prefixes,
                suffixes: a.suffixes,
            });
        });
        out
    });
    readings
        .iter()
        .filter(|r| r.fits(fw))
        .min_by_key(|r| r.affix_chars)
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

        proptest! {
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
        }
    }
}
