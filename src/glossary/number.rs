//! Grammatical number: whether the Arabic a term matched is singular, dual
//! or plural, and the English that agrees with it (هجمات → "attacks",
//! قراصنة → "hackers", برمجيات الفدية → "ransomware").
//!
//! Everything is read from the public [`Match`] and the [`Term`], never from
//! the matcher's internals:
//!
//! - **Which form matched.** The analysis (`و+ب+ال+هجمة+ات`) spells each
//!   word's stem as the glossary writes it, so the form whose words are
//!   those stems is the one that matched.
//! - **The Arabic number** is the head's: a phrase's first word (the noun an
//!   idafa or an adjective hangs on: قراصنة إلكترونيون, برمجيات الفدية). A
//!   form listed in the term's `ar_plurals` is plural: a broken plural, or
//!   named for its ending if it has a sound one (هجمات). Otherwise the
//!   head's number ending decides: ات (sound feminine plural), ون and
//!   construct و (sound masculine plural), ان تان تين and construct تا
//!   (dual), ين (dual or plural: plural in English either way). ا alone is
//!   read as tanween alef (هجوما), except on the head of a phrase whose next
//!   word has none (وزيرا الخارجية: a dual in construct) or before a pronoun.
//!   ي alone is not taken for a plural: it is as often a pronoun or a nisba
//!   ending the matcher read as a suffix.
//! - **The English plural** is the term's `en_plural` if it has one (`en`
//!   itself for a word with no plural); otherwise the head of the English
//!   (its last word outside brackets, or the word before `of`: "heads of
//!   state") is inflected by the `pluralizer` crate. Mass nouns
//!   (ransomware, intelligence, infrastructure…), adjectives ("cyber",
//!   "state-sponsored") and proper nouns or acronyms (a capital letter:
//!   "Kremlin", "FBI") have none.

use std::ops::Range;

use super::{Match, MatchKind, Term, matcher};

/// The number of the Arabic a term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArabicNumber {
    Singular,
    Dual,
    Plural,
}

impl ArabicNumber {
    pub fn as_str(self) -> &'static str {
        match self {
            ArabicNumber::Singular => "singular",
            ArabicNumber::Dual => "dual",
            ArabicNumber::Plural => "plural",
        }
    }

    /// Whether English wants the plural: duals are plural in English.
    pub fn wants_plural(self) -> bool {
        self != ArabicNumber::Singular
    }
}

/// What the number was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// No number ending, on a form not listed as plural.
    Unmarked,
    /// ات.
    SoundFemininePlural,
    /// ون, or و in construct (مسؤولو).
    SoundMasculinePlural,
    /// ين: oblique dual or plural.
    DualOrPlural,
    /// ان تان تين, تا in construct, ا in construct or before a pronoun.
    Dual,
    /// A form of the term's `ar_plurals` (one with a sound ending is
    /// named for it).
    BrokenPlural,
    /// ا read as tanween alef (a dual in construct is possible).
    Tanween,
    /// ي: a pronoun, a nisba ending or an oblique construct; read as none.
    Ya,
}

impl Evidence {
    pub fn number(self) -> ArabicNumber {
        match self {
            Evidence::Unmarked | Evidence::Tanween | Evidence::Ya => ArabicNumber::Singular,
            Evidence::Dual => ArabicNumber::Dual,
            Evidence::SoundFemininePlural
            | Evidence::SoundMasculinePlural
            | Evidence::DualOrPlural
            | Evidence::BrokenPlural => ArabicNumber::Plural,
        }
    }

    /// "هجمات is a sound feminine plural (ات)".
    fn explain(self, word: &str, ending: &str) -> String {
        match self {
            Evidence::Unmarked => format!("{word} has no plural or dual ending"),
            Evidence::SoundFemininePlural => {
                format!("{word} is a sound feminine plural ({ending})")
            }
            Evidence::SoundMasculinePlural => {
                format!("{word} is a sound masculine plural ({ending})")
            }
            Evidence::DualOrPlural => {
                format!("{word} is a dual or a plural ({ending}): plural in English either way")
            }
            Evidence::Dual => format!("{word} is a dual ({ending}): plural in English"),
            Evidence::BrokenPlural => {
                format!("{word} is a broken plural listed in the glossary")
            }
            Evidence::Tanween => {
                format!("the ا of {word} is read as tanween; a dual in construct would be plural")
            }
            Evidence::Ya => {
                format!("the ي of {word} is read as a pronoun or a nisba ending, not a plural")
            }
        }
    }
}

/// Why an English rendering has no plural of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoPlural {
    /// Uncountable: ransomware, intelligence, infrastructure.
    Mass,
    /// cyber, bilateral, state-sponsored.
    Adjective,
    /// A capital letter: a name or an acronym (Kremlin, FBI).
    Proper,
    /// The plural is the word itself (`en_plural` = `en`, or series, talks).
    Same,
}

/// The English plural of a term's rendering.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnglishPlural {
    /// The term's `en_plural`.
    Given(String),
    /// Derived by inflecting the head word.
    Derived(String),
    None(NoPlural),
}

impl EnglishPlural {
    /// The plural, if it differs from the singular.
    pub fn text(&self) -> Option<&str> {
        match self {
            EnglishPlural::Given(s) | EnglishPlural::Derived(s) => Some(s),
            EnglishPlural::None(_) => None,
        }
    }
}

/// Mass nouns (no plural), as the head of an English rendering. Words in
/// `-ware` and `-ism` are mass nouns too.
const MASS_NOUNS: &[&str] = &[
    "access",
    "accountability",
    "advice",
    "aid",
    "assistance",
    "attribution",
    "authentication",
    "bail",
    "blackmail",
    "blocking",
    "censorship",
    "compensation",
    "compliance",
    "computing",
    "cooperation",
    "cybercrime",
    "cyberespionage",
    "cybersecurity",
    "cyberspace",
    "data",
    "de-escalation",
    "decryption",
    "deterrence",
    "diplomacy",
    "disarmament",
    "disinformation",
    "e-commerce",
    "e-government",
    "encryption",
    "engineering",
    "equipment",
    "escalation",
    "espionage",
    "evidence",
    "exploitation",
    "extortion",
    "financing",
    "firmness",
    "forensics",
    "governance",
    "hacking",
    "immunity",
    "impunity",
    "information",
    "infrastructure",
    "intelligence",
    "interference",
    "internet",
    "judiciary",
    "laundering",
    "legislation",
    "legitimacy",
    "management",
    "mediation",
    "mining",
    "misinformation",
    "news",
    "non-interference",
    "normalization",
    "oversight",
    "peace",
    "personnel",
    "phishing",
    "piracy",
    "privacy",
    "propaganda",
    "prosecution",
    "protection",
    "ransomware-as-a-service",
    "reciprocity",
    "recovery",
    "research",
    "resilience",
    "safety",
    "security",
    "self-defense",
    "sovereignty",
    "spam",
    "stability",
    "staff",
    "surveillance",
    "testing",
    "theft",
    "traffic",
    "warfare",
    "wiretapping",
];

/// Adjectives a rendering may be (a term for a nisba adjective alone).
const ADJECTIVES: &[&str] = &[
    "bilateral",
    "cyber",
    "digital",
    "electronic",
    "multilateral",
    "online",
    "open-source",
];

/// The byte range of the head word of an English rendering: the word
/// before the first `of` ("heads of state"), else the last word; words in
/// brackets ("(C2)") are never the head. Trailing punctuation is left out.
pub fn english_head(en: &str) -> Option<Range<usize>> {
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let mut bracketed = false;
    for (i, c) in en.char_indices().chain(std::iter::once((en.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = start.take()
                && !bracketed
            {
                words.push(s..i);
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
            bracketed = depth > 0 || c == '(';
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let of = words
        .iter()
        .skip(1)
        .position(|w| en[w.clone()].eq_ignore_ascii_case("of"))
        .map(|p| p + 1);
    let head = match of {
        Some(of) => words[of - 1].clone(),
        None => words.last()?.clone(),
    };
    let word = &en[head.clone()];
    let core_start = word.find(|c: char| c.is_alphanumeric())?;
    let core_end = word
        .rfind(|c: char| c.is_alphanumeric())
        .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))?;
    Some(head.start + core_start..head.start + core_end)
}

/// Why `word` (a head word) has no plural, if it has none.
fn no_plural(word: &str) -> Option<NoPlural> {
    if word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return Some(NoPlural::Proper);
    }
    let lower = word.to_lowercase();
    let last = lower.rsplit('-').next().unwrap_or(&lower);
    if ADJECTIVES.contains(&lower.as_str())
        || (lower.len() > 5 && lower.ends_with("ed") && !lower.ends_with("eed"))
    {
        return Some(NoPlural::Adjective);
    }
    if MASS_NOUNS.contains(&lower.as_str())
        || MASS_NOUNS.contains(&last)
        || last.ends_with("ware")
        || last.ends_with("ism")
    {
        return Some(NoPlural::Mass);
    }
    None
}

/// The plural of an English rendering, derived: its head inflected.
pub fn derive_plural(en: &str) -> EnglishPlural {
    let Some(head) = english_head(en) else {
        return EnglishPlural::None(NoPlural::Same);
    };
    let word = &en[head.clone()];
    if let Some(why) = no_plural(word) {
        return EnglishPlural::None(why);
    }
    let plural = pluralizer::pluralize(word, 2, false);
    if plural == word || plural.is_empty() {
        return EnglishPlural::None(NoPlural::Same);
    }
    EnglishPlural::Derived(format!("{}{plural}{}", &en[..head.start], &en[head.end..]))
}

/// The plural of the term's `en`: its `en_plural`, or derived.
pub fn english_plural(term: &Term) -> EnglishPlural {
    let given = term.en_plural.trim();
    if given.is_empty() {
        derive_plural(&term.en)
    } else if given == term.en.trim() {
        EnglishPlural::None(NoPlural::Same)
    } else {
        EnglishPlural::Given(given.to_string())
    }
}

/// Which of the term's forms matched: index into [`Term::ar_forms`].
fn matched_form(term: &Term, m: &Match) -> usize {
    if matches!(
        m.kind,
        MatchKind::Exact | MatchKind::Normalised | MatchKind::Morphology
    ) {
        // Variants (and plurals) match only as `Variant`.
        return 0;
    }
    let analysis: Vec<Vec<String>> = analysis_words(&m.analysis)
        .map(|pieces| pieces.iter().map(|p| matcher::form_key(p)).collect())
        .collect();
    let mut best = (0usize, 0usize);
    for (index, form) in term.ar_forms().enumerate().skip(1) {
        let keys: Vec<String> = form.split_whitespace().map(matcher::form_key).collect();
        if keys.len() != analysis.len() {
            continue;
        }
        let same = keys
            .iter()
            .zip(&analysis)
            .take_while(|(key, pieces)| pieces.contains(key))
            .count();
        if same == keys.len() {
            return index;
        }
        if same > best.1 {
            best = (index, same);
        }
    }
    if best.1 > 0 { best.0 } else { 1 }
}

/// The words of an analysis, each split into its clitics, stem and suffixes.
fn analysis_words(analysis: &str) -> impl Iterator<Item = Vec<&str>> {
    analysis.split(' ').map(|w| w.split('+').collect())
}

/// The suffixes of an analysed word: what follows the piece that is `key`.
fn suffixes_after<'a>(pieces: &[&'a str], key: &str) -> Vec<&'a str> {
    // A defective noun (قاضٍ) is shown with its ي back (ال+قاضي+ان).
    let is_stem = |p: &str| {
        let p = matcher::form_key(p);
        p == key || p.strip_suffix('ي') == Some(key)
    };
    match pieces.iter().position(|p| is_stem(p)) {
        Some(at) => pieces[at + 1..].to_vec(),
        // A word shown as written (no analysis): no suffix.
        None => Vec::new(),
    }
}

/// The Arabic number of a match of `term`, what it was read from, and the
/// number ending it was read from (empty for none or a broken plural).
pub fn arabic_number(term: &Term, m: &Match) -> (Evidence, String) {
    let form_index = matched_form(term, m);
    let plurals_from = 1 + term.ar_variants.len();
    let Some(form) = term.ar_forms().nth(form_index) else {
        return (Evidence::Unmarked, String::new());
    };
    if form_index >= plurals_from {
        // A listed plural written with a sound ending (هجمات) is named
        // for it; any other is a broken plural (قراصنة).
        let ending = crate::arabic::morphology::sound_plural_ending(form);
        let evidence = match ending {
            Some("ات") => Evidence::SoundFemininePlural,
            Some(_) => Evidence::SoundMasculinePlural,
            None => Evidence::BrokenPlural,
        };
        return (evidence, ending.unwrap_or_default().to_string());
    }
    let form_words: Vec<&str> = form.split_whitespace().collect();
    let words: Vec<Vec<&str>> = analysis_words(&m.analysis).collect();
    let (Some(head_form), Some(head)) = (form_words.first(), words.first()) else {
        return (Evidence::Unmarked, String::new());
    };
    let suffixes = suffixes_after(head, &matcher::form_key(head_form));
    let Some(&ending) = suffixes.first() else {
        return (Evidence::Unmarked, String::new());
    };
    let with_pronoun = suffixes.len() > 1;
    // A ta marbuta noun's sound plural is ات: its ين and ان (written تين,
    // تان) are the dual's.
    let feminine = head_form.ends_with('ة') || head_form.ends_with('ه');
    let ending = match ending {
        "ين" if feminine => "تين",
        "ان" if feminine => "تان",
        other => other,
    };
    let evidence = match ending {
        "ات" => Evidence::SoundFemininePlural,
        "ون" | "و" => Evidence::SoundMasculinePlural,
        "ين" => Evidence::DualOrPlural,
        "ان" | "تان" | "تين" | "تا" | "تي" => Evidence::Dual,
        "ا" if with_pronoun => Evidence::Dual,
        "ا" => {
            // In construct (the next word of the phrase has no tanween of
            // its own) the ا is a dual's: وزيرا الخارجية.
            let next_has_tanween = match (form_words.get(1), words.get(1)) {
                (Some(next_form), Some(next)) => {
                    suffixes_after(next, &matcher::form_key(next_form)).first() == Some(&"ا")
                }
                _ => true,
            };
            if next_has_tanween {
                Evidence::Tanween
            } else {
                Evidence::Dual
            }
        }
        "ي" => Evidence::Ya,
        _ => Evidence::Unmarked,
    };
    let ending = if evidence == Evidence::Unmarked {
        ""
    } else {
        ending
    };
    (evidence, ending.to_string())
}

/// The English to insert for one match, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub number: ArabicNumber,
    pub evidence: Evidence,
    /// The term's `en`.
    pub singular: String,
    /// The English plural, if the rendering has one.
    pub plural: EnglishPlural,
    /// The form that agrees with the Arabic: what a suggestion inserts.
    pub insert: String,
    /// The other form, if the two differ (offered beside it).
    pub other: Option<String>,
    /// One line for the translator: "plural: هجمات is a sound feminine plural (ات)".
    pub reason: String,
}

impl Agreement {
    /// Whether the inserted form is the English plural.
    pub fn inserts_plural(&self) -> bool {
        self.number.wants_plural() && self.plural.text().is_some()
    }

    /// Whether there is anything to say beyond "singular".
    pub fn is_notable(&self) -> bool {
        self.evidence != Evidence::Unmarked
    }
}

/// The English for `m` (a match of `term`; `matched` is the text it spans)
/// that agrees with the Arabic in number.
pub fn agreement(term: &Term, m: &Match, matched: &str) -> Agreement {
    let (evidence, ending) = arabic_number(term, m);
    let number = evidence.number();
    let word = matched.split_whitespace().next().unwrap_or(matched);
    let plural = english_plural(term);
    let why = evidence.explain(word, &ending);
    let singular = term.en.clone();
    let (insert, reason) = match (number.wants_plural(), plural.text()) {
        (false, _) => (singular.clone(), format!("singular: {why}")),
        (true, Some(p)) => {
            let given = if matches!(plural, EnglishPlural::Given(_)) {
                " (plural given in the glossary)"
            } else {
                ""
            };
            (p.to_string(), format!("{}: {why}{given}", number.as_str()))
        }
        (true, None) => {
            let EnglishPlural::None(no) = plural else {
                unreachable!("a plural with no text")
            };
            let en = &term.en;
            let reason = match no {
                NoPlural::Mass => format!("mass noun: “{en}” stays singular ({why})"),
                NoPlural::Adjective => format!("adjective: “{en}” has no plural ({why})"),
                NoPlural::Proper => format!("proper noun: “{en}” is never plural ({why})"),
                NoPlural::Same => format!("“{en}” is the same in the plural ({why})"),
            };
            (singular.clone(), reason)
        }
    };
    let other = [singular.as_str(), plural.text().unwrap_or_default()]
        .into_iter()
        .find(|s| !s.is_empty() && *s != insert)
        .map(str::to_string);
    Agreement {
        number,
        evidence,
        singular,
        plural,
        insert,
        other,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Glossary, Matcher};

    fn term(ar: &str, en: &str) -> Term {
        Term::new(ar, en)
    }

    /// (inserted English, Arabic number, reason) of the first match in `text`.
    fn agree(terms: &[Term], text: &str) -> (String, ArabicNumber, String) {
        let glossary = Glossary {
            terms: terms.to_vec(),
            ..Glossary::default()
        };
        let matches = Matcher::new(&glossary).find(text);
        let m = matches
            .first()
            .unwrap_or_else(|| panic!("no match in {text}"));
        let a = agreement(&glossary.terms[m.term], m, &text[m.start..m.end]);
        (a.insert, a.number, a.reason)
    }

    #[test]
    fn sound_plurals_and_duals_take_the_english_plural() {
        let terms = [term("غارة", "raid"), term("محقق", "investigator")];
        for (text, en, number, why) in [
            (
                "وقعت غارات",
                "raids",
                ArabicNumber::Plural,
                "sound feminine plural (ات)",
            ),
            (
                "والغارات",
                "raids",
                ArabicNumber::Plural,
                "sound feminine plural",
            ),
            (
                "قال المحققون",
                "investigators",
                ArabicNumber::Plural,
                "masculine plural (ون)",
            ),
            (
                "مع محققين",
                "investigators",
                ArabicNumber::Plural,
                "dual or a plural (ين)",
            ),
            (
                "وصل محققان",
                "investigators",
                ArabicNumber::Dual,
                "a dual (ان)",
            ),
            ("وقعت غارتان", "raids", ArabicNumber::Dual, "a dual (تان)"),
            ("بعد غارتين", "raids", ArabicNumber::Dual, "a dual (تين)"),
            (
                "غاراتهم",
                "raids",
                ArabicNumber::Plural,
                "sound feminine plural (ات)",
            ),
            ("وقعت غارة", "raid", ArabicNumber::Singular, "singular"),
            ("غارته", "raid", ArabicNumber::Singular, "singular"),
        ] {
            let (got, n, reason) = agree(&terms, text);
            assert_eq!((got.as_str(), n), (en, number), "{text}: {reason}");
            assert!(reason.contains(why), "{text}: {reason}");
        }
    }

    #[test]
    fn the_plural_reason_names_the_matched_word() {
        let (en, _, reason) = agree(&[term("غارة", "raid")], "شنت إسرائيل غارات جديدة");
        assert_eq!(en, "raids");
        assert_eq!(reason, "plural: غارات is a sound feminine plural (ات)");
    }

    #[test]
    fn a_form_listed_in_ar_plurals_is_a_broken_plural() {
        let mut t = term("مخترق", "intruder");
        t.ar_variants = vec!["مخترقي".into()];
        t.ar_plurals = vec!["مخاريق".into()];
        let (en, n, reason) = agree(std::slice::from_ref(&t), "هاجم المخاريق الموقع");
        assert_eq!((en.as_str(), n), ("intruders", ArabicNumber::Plural));
        assert_eq!(
            reason,
            "plural: المخاريق is a broken plural listed in the glossary"
        );
        // With a pronoun too; and a variant that is not listed stays singular.
        assert_eq!(agree(std::slice::from_ref(&t), "مخاريقهم").0, "intruders");
        assert_eq!(agree(std::slice::from_ref(&t), "مخترقي").0, "intruder");
    }

    #[test]
    fn a_defective_noun_shows_its_number_with_its_ya_back() {
        let terms = [term("قاضٍ", "judge")];
        assert_eq!(agree(&terms, "القاضيان").1, ArabicNumber::Dual);
        assert_eq!(agree(&terms, "القاضي").1, ArabicNumber::Singular);
    }

    #[test]
    fn a_phrase_takes_the_number_of_its_first_word() {
        let mut t = term("غارة جوية", "air strike");
        t.ar_plurals = vec!["غارات جوية".into()];
        let terms = [t, term("حاسوب مركزي", "mainframe")];
        assert_eq!(agree(&terms, "شنت الغارات الجوية").0, "air strikes");
        assert_eq!(agree(&terms, "غارتين جويتين").0, "air strikes");
        assert_eq!(agree(&terms, "الغارة الجوية").0, "air strike");
        assert_eq!(agree(&terms, "الحاسوبان المركزيان").0, "mainframes");
    }

    #[test]
    fn tanween_alef_stays_singular_but_a_dual_in_construct_does_not() {
        let terms = [
            term("هجوم", "attack"),
            term("وزير الدفاع", "defense minister"),
        ];
        let (en, n, reason) = agree(&terms, "شنوا هجوما");
        assert_eq!((en.as_str(), n), ("attack", ArabicNumber::Singular));
        assert!(reason.contains("tanween"), "{reason}");
        let (en, n, _) = agree(&terms, "التقى وزيرا الدفاع");
        assert_eq!((en.as_str(), n), ("defense ministers", ArabicNumber::Dual));
    }

    #[test]
    fn mass_nouns_adjectives_and_proper_nouns_stay_as_they_are() {
        let terms = [
            term("برمجية طلب الفدية", "ransomware"),
            term("بنية تحتية", "critical infrastructure"),
            term("استخبارات", "intelligence"),
            term("وكالة", "NSA"),
            term("مدون", "Blogger"),
            term("رقمي", "digital"),
        ];
        for (text, en, why) in [
            (
                "برمجيات طلب الفدية",
                "ransomware",
                "mass noun: “ransomware” stays singular",
            ),
            ("البنيات التحتية", "critical infrastructure", "mass noun"),
            ("الوكالات", "NSA", "proper noun: “NSA” is never plural"),
            (
                "المدونون",
                "Blogger",
                "proper noun: “Blogger” is never plural",
            ),
            ("الرقميون", "digital", "adjective: “digital” has no plural"),
        ] {
            let (got, _, reason) = agree(&terms, text);
            assert_eq!(got, en, "{text}: {reason}");
            assert!(reason.starts_with(why), "{text}: {reason}");
        }
    }

    #[test]
    fn en_plural_overrides_the_derived_plural() {
        let mut t = term("متحدث", "spokesman");
        assert_eq!(agree(std::slice::from_ref(&t), "المتحدثون").0, "spokesmen");
        t.en_plural = "spokespeople".into();
        let (en, _, reason) = agree(std::slice::from_ref(&t), "المتحدثون");
        assert_eq!(en, "spokespeople");
        assert!(
            reason.ends_with("(plural given in the glossary)"),
            "{reason}"
        );
        // en_plural = en: no plural, even for a word the inflector would change.
        t.en_plural = "spokesman".into();
        let (en, _, reason) = agree(std::slice::from_ref(&t), "المتحدثون");
        assert_eq!(en, "spokesman");
        assert!(reason.contains("the same in the plural"), "{reason}");
        // A capitalised name may be given a plural all the same.
        let mut t = term("جمهوري", "Republican");
        t.en_plural = "Republicans".into();
        assert_eq!(agree(&[t], "الجمهوريون").0, "Republicans");
    }

    #[test]
    fn both_forms_stay_available() {
        let glossary = Glossary {
            terms: vec![term("غارة", "raid")],
            ..Glossary::default()
        };
        let text = "غارات";
        let m = &Matcher::new(&glossary).find(text)[0];
        let a = agreement(&glossary.terms[0], m, &text[m.start..m.end]);
        assert_eq!(a.insert, "raids");
        assert_eq!(a.other.as_deref(), Some("raid"));
        assert!(a.inserts_plural());
        let text = "غارة";
        let m = &Matcher::new(&glossary).find(text)[0];
        let a = agreement(&glossary.terms[0], m, &text[m.start..m.end]);
        assert_eq!(
            (a.insert.as_str(), a.other.as_deref()),
            ("raid", Some("raids"))
        );
    }

    #[test]
    fn multi_word_english_pluralises_its_head() {
        for (en, plural) in [
            ("foreign minister", Some("foreign ministers")),
            (
                "denial-of-service attack",
                Some("denial-of-service attacks"),
            ),
            (
                "command-and-control (C2) server",
                Some("command-and-control (C2) servers"),
            ),
            (
                "advanced persistent threat (APT)",
                Some("advanced persistent threats (APT)"),
            ),
            ("head of state", Some("heads of state")),
            ("policy", Some("policies")),
            ("ally", Some("allies")),
            ("critical infrastructure", None),
            ("malware", None),
            ("spyware", None),
            ("cybersecurity", None),
            ("software", None),
            ("terrorism", None),
            ("Kremlin", None),
            ("White House", None),
            ("FBI", None),
            ("state-sponsored", None),
            ("talks", None),
        ] {
            assert_eq!(derive_plural(en).text(), plural, "{en}");
        }
        assert_eq!(
            derive_plural("intelligence"),
            EnglishPlural::None(NoPlural::Mass)
        );
        assert_eq!(derive_plural("FBI"), EnglishPlural::None(NoPlural::Proper));
    }

    #[test]
    fn the_builtin_glossary_agrees_in_number() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        for (text, en) in [
            ("هاجم قراصنة الشركة", "hackers"),
            ("تزايدت الهجمات على الشركات", "attacks"),
            ("شن القراصنة الإلكترونيون هجوما", "hackers"),
            ("انتشرت برمجيات الفدية", "ransomware"),
            ("استهدفوا خوادم الشركة", "servers"),
        ] {
            let m = &matcher.find(text)[0];
            let a = agreement(&glossary.terms[m.term], m, &text[m.start..m.end]);
            assert_eq!(a.insert, en, "{text}: {}", a.reason);
        }
    }
}
