//! "Add term from selection" (Ctrl+Shift+G): from Arabic words selected in a
//! segment, propose the form to enter as `ar`, its clitics stripped by the
//! morphology (وبالأمن → أمن), with the other readings to choose from.
//!
//! Ranking, most plausible first: a reading whose stem is already a form in
//! the glossary; then one that goes through the article (و+ب+ال+أمن: the
//! article marks where the stem begins, so stripping is safe), longest
//! prefix and shortest suffix first; then the word as selected (without the
//! article a leading و or ب may be part of the word, as in ولاية); then the
//! other readings, fewest stripped letters first. In a phrase the first word
//! is read so, and the later words lose only the article (هجوم إلكتروني,
//! not الهجوم الإلكتروني), the canonical form glossary.toml asks for.

use crate::arabic::morphology::analyses;
use crate::arabic::{Normalized, tokens};

/// One way to enter the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The form as written in the text (diacritics and hamza kept), affixes off.
    pub ar: String,
    /// How the first word was read, e.g. `و+ب+ال+أمن`.
    pub analysis: String,
    /// The index of the term that already has this form, if any.
    pub known: Option<usize>,
}

/// What the new-term form is pre-filled with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    /// The best candidate (or the trimmed selection when it has no word).
    pub ar: String,
    /// The English selection, trimmed (empty if none).
    pub en: String,
    /// Every candidate, best first, without repeats; `ar` is the first.
    pub candidates: Vec<Candidate>,
}

impl Proposal {
    /// The term the best candidate already is, if any (then edit, not add).
    pub fn existing(&self) -> Option<usize> {
        self.candidates.first().and_then(|c| c.known)
    }
}

/// One reading of one word, as written.
#[derive(Debug, Clone)]
struct Reading {
    stem: String,
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    known: bool,
}

impl Reading {
    fn has_article(&self) -> bool {
        self.prefixes.last() == Some(&"ال")
    }

    fn label(&self) -> String {
        let mut parts: Vec<&str> = self.prefixes.to_vec();
        parts.push(&self.stem);
        parts.extend(self.suffixes.iter());
        parts.join("+")
    }

    fn prefix_chars(&self) -> usize {
        self.prefixes.iter().map(|p| p.chars().count()).sum()
    }

    fn suffix_chars(&self) -> usize {
        self.suffixes.iter().map(|p| p.chars().count()).sum()
    }

    /// Lower sorts first.
    fn rank(&self) -> (u8, usize, usize) {
        let class = if self.known {
            0
        } else if self.has_article() {
            1
        } else if self.prefixes.is_empty() && self.suffixes.is_empty() {
            2
        } else {
            3
        };
        match class {
            0 => (0, self.prefix_chars() + self.suffix_chars(), 0),
            1 => (1, usize::MAX - self.prefix_chars(), self.suffix_chars()),
            _ => (class, self.prefix_chars() + self.suffix_chars(), 0),
        }
    }
}

/// The written prefix as it appears (ل + ال is written لل).
fn prefix_surface(labels: &[&str]) -> String {
    labels.concat().replace("لال", "لل")
}

/// Every reading of the written `word`, stems mapped back to the original
/// spelling (a ta marbuta restored as ة).
fn readings(
    word: &str,
    with_proclitics: bool,
    known: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Reading> {
    let normalized = Normalized::new(word);
    let norm = normalized.text.as_str();
    let mut out: Vec<Reading> = Vec::new();
    analyses(norm, with_proclitics, |a| {
        let start = prefix_surface(a.prefixes).len();
        let end = start + a.letters.len();
        if end > norm.len() || !norm.is_char_boundary(start) || !norm.is_char_boundary(end) {
            return;
        }
        let range = normalized.original_range(start..end);
        let mut stem = word[range].to_string();
        // The letter as written at the end of a word.
        match a.restored {
            Some('ه') => stem.push('ة'),
            Some('ي') => stem.push('ى'),
            Some(other) => stem.push(other),
            None => {}
        }
        if out.iter().any(|r| r.stem == stem) {
            return;
        }
        out.push(Reading {
            known: known(&stem).is_some(),
            stem,
            prefixes: a.prefixes,
            suffixes: a.suffixes,
        });
    });
    out.sort_by_key(Reading::rank);
    out
}

/// The later words of a phrase without their article.
fn strip_article(word: &str) -> String {
    let normalized = Normalized::new(word);
    if normalized.text.starts_with("ال") && normalized.text.chars().count() >= 4 {
        let range = normalized.original_range("ال".len()..normalized.text.len());
        word[range].to_string()
    } else {
        word.to_string()
    }
}

/// Proposes the `ar` (and `en`) of a new term from selected text. `known`
/// tells whether a form is already in the glossary (by form key; see
/// `GlossaryEditor::find_form`), and which term has it.
pub fn propose(
    selection_ar: &str,
    selection_en: Option<&str>,
    known: &dyn Fn(&str) -> Option<usize>,
) -> Proposal {
    let words: Vec<&str> = tokens(selection_ar)
        .into_iter()
        .map(|t| &selection_ar[t.start..t.end])
        .collect();
    let en = selection_en.unwrap_or("").trim().to_string();
    let Some((first, rest)) = words.split_first() else {
        return Proposal {
            ar: selection_ar.trim().to_string(),
            en,
            candidates: Vec::new(),
        };
    };
    let rest_bare: Vec<String> = rest.iter().map(|w| strip_article(w)).collect();
    let rest_written: Vec<String> = rest.iter().map(|w| (*w).to_string()).collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut push = |stem: &str, tail: &[String], analysis: String| {
        let ar = std::iter::once(stem.to_string())
            .chain(tail.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        if !candidates.iter().any(|c| c.ar == ar) {
            candidates.push(Candidate {
                known: known(&ar),
                ar,
                analysis,
            });
        }
    };
    let first_readings = readings(first, true, &|stem| {
        if rest.is_empty() { known(stem) } else { None }
    });
    for reading in &first_readings {
        push(&reading.stem, &rest_bare, reading.label());
        if reading.has_article() && !rest.is_empty() {
            // With the article kept on every word (الأمن السيبراني).
            let with_article = format!("ال{}", reading.stem);
            push(&with_article, &rest_written, reading.label());
        }
    }
    push(first, &rest_written, (*first).to_string());
    // In a phrase, a candidate that is already a term comes first.
    candidates.sort_by_key(|c| c.known.is_none());
    Proposal {
        ar: candidates[0].ar.clone(),
        en,
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<usize> {
        None
    }

    #[test]
    fn strips_clitics_through_the_article() {
        let p = propose("وبالأمن", None, &none);
        assert_eq!(p.ar, "أمن");
        assert_eq!(p.candidates[0].analysis, "و+ب+ال+أمن");
        assert!(p.candidates.iter().any(|c| c.ar == "وبالأمن"));
        assert!(p.candidates.iter().any(|c| c.ar == "بالأمن"));
        let p = propose("للحكومة", Some(" government "), &none);
        assert_eq!((p.ar.as_str(), p.en.as_str()), ("حكومة", "government"));
    }

    #[test]
    fn keeps_words_that_only_look_prefixed() {
        let p = propose("ولاية", None, &none);
        assert_eq!(p.ar, "ولاية");
        let p = propose("حكومته", None, &none);
        assert_eq!(p.ar, "حكومته");
        assert!(p.candidates.iter().any(|c| c.ar == "حكومة"), "{p:?}");
        // The restored letter is written as a glossary writes it.
        let p = propose("دعواها", None, &none);
        assert!(p.candidates.iter().any(|c| c.ar == "دعوى"), "{p:?}");
    }

    #[test]
    fn known_forms_win_and_phrases_drop_the_article() {
        let known = |s: &str| (crate::glossary::matcher::form_key(s) == "حكومه").then_some(7);
        let p = propose("وحكومته", None, &known);
        assert_eq!(p.ar, "حكومة");
        assert_eq!(p.existing(), Some(7));
        let p = propose("والهجوم الإلكتروني", None, &none);
        assert_eq!(p.ar, "هجوم إلكتروني");
        assert!(p.candidates.iter().any(|c| c.ar == "الهجوم الإلكتروني"));
        let p = propose("  ", None, &none);
        assert!(p.candidates.is_empty());
    }
}
