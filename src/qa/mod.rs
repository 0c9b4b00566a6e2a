//! Translation QA: checks over each segment's English against its Arabic
//! and the glossary, and across segments for consistency.
//!
//! [`Qa`] owns everything it needs (the matcher and the prepared glossary
//! renderings), checks a whole document once, then re-checks one edited
//! segment at a time ([`Qa::recheck_segment`]) — the window calls that as
//! the translator types. Each [`QaIssue`] names its segment, its [`Check`]
//! and the words involved; an issue the translator accepts becomes an
//! [`AcceptedIssue`] (stored in the project) and is not raised again.
//!
//! ```no_run
//! use tarjuman::{document::Document, glossary::Glossary, qa::Qa};
//! let mut doc = Document::from_source("هل دفعت الشركة ٥٠٠ ألف دولار؟".into(), None);
//! doc.segments[0].en = "Did the company pay $50,000.".into();
//! let mut qa = Qa::new(&Glossary::builtin());
//! qa.check_document(&doc);
//! assert_eq!(qa.open_issues(&[]).count(), 2); // the number, the question mark
//! ```
//! (Doctests are off for this package; `tests::the_module_example_holds` runs it.)

mod checks;
pub mod english;
pub mod numbers;
pub mod report;

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::glossary::{Glossary, Matcher, Term, TermStatus};
use english::Rendering;

/// The checks QA runs. The kebab-case name is what the project file and
/// `tarjuman qa --json` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// A glossary term in the Arabic whose rendering is not in the English.
    Terminology,
    /// A rendering the glossary forbids or deprecates is used.
    ForbiddenTerm,
    /// A number (or percentage) of the Arabic missing from the English.
    Number,
    /// No English.
    Untranslated,
    /// The English is the Arabic, unchanged.
    Identical,
    /// Arabic letters left in the English.
    ArabicLetters,
    /// ؟ without ?, ! without !, Arabic punctuation in the English.
    Punctuation,
    /// Two or more spaces in a row.
    DoubledSpace,
    /// Quotes or brackets opened and not closed (or the reverse).
    Unbalanced,
    /// The same Arabic sentence translated differently elsewhere.
    Inconsistent,
    /// A hint: a glossary term whose note marks other senses is in the
    /// Arabic and its English is not in the English (the other sense may be
    /// meant).
    AmbiguousTerm,
}

impl Check {
    pub const ALL: [Check; 11] = [
        Check::Terminology,
        Check::ForbiddenTerm,
        Check::Number,
        Check::Untranslated,
        Check::Identical,
        Check::ArabicLetters,
        Check::Punctuation,
        Check::DoubledSpace,
        Check::Unbalanced,
        Check::Inconsistent,
        Check::AmbiguousTerm,
    ];

    /// The stable name (as serialised).
    pub fn name(self) -> &'static str {
        match self {
            Check::Terminology => "terminology",
            Check::ForbiddenTerm => "forbidden-term",
            Check::Number => "number",
            Check::Untranslated => "untranslated",
            Check::Identical => "identical",
            Check::ArabicLetters => "arabic-letters",
            Check::Punctuation => "punctuation",
            Check::DoubledSpace => "doubled-space",
            Check::Unbalanced => "unbalanced",
            Check::Inconsistent => "inconsistent",
            Check::AmbiguousTerm => "ambiguous-term",
        }
    }

    /// Sentence-case label for the panel.
    pub fn label(self) -> &'static str {
        match self {
            Check::Terminology => "Terminology",
            Check::ForbiddenTerm => "Forbidden term",
            Check::Number => "Number",
            Check::Untranslated => "Untranslated",
            Check::Identical => "Same as the Arabic",
            Check::ArabicLetters => "Arabic left in English",
            Check::Punctuation => "Punctuation",
            Check::DoubledSpace => "Doubled space",
            Check::Unbalanced => "Unbalanced quotes or brackets",
            Check::Inconsistent => "Inconsistent",
            Check::AmbiguousTerm => "Ambiguous term (hint)",
        }
    }

    /// How much the check weighs: hints are shown, not counted as issues
    /// (`tarjuman qa` does not fail for them).
    pub fn severity(self) -> QaSeverity {
        match self {
            Check::AmbiguousTerm => QaSeverity::Hint,
            _ => QaSeverity::Issue,
        }
    }

    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Whether a QA finding is a problem or a hint to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QaSeverity {
    /// Open issues fail `tarjuman qa` and are counted in the window.
    Issue,
    /// Low severity: listed, never counted as an issue.
    Hint,
}

fn serialize_shared_str<S: serde::Serializer>(
    s: &Arc<str>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(s)
}

/// One problem found by QA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QaIssue {
    /// Position in [`Document::segments`]: where "jump to" goes.
    pub segment_index: usize,
    /// [`crate::document::Segment::id`] (shown 1-based).
    pub segment_id: usize,
    pub check: Check,
    /// [`Check::severity`] of `check` (in `qa --json` as `"severity"`).
    pub severity: QaSeverity,
    /// The words involved, e.g. `برمجيات الفدية → ransomware`; with the
    /// segment and the check, what an acceptance is keyed on. Shared: every
    /// copy of a sentence repeated hundreds of times carries the same words.
    #[serde(serialize_with = "serialize_shared_str")]
    pub words: Arc<str>,
    /// A sentence for people.
    pub message: String,
    /// Byte span in the segment's Arabic, to highlight.
    pub ar_range: Option<Range<usize>>,
    /// Byte span in the segment's English, to highlight.
    pub en_range: Option<Range<usize>>,
}

impl QaIssue {
    /// Whether this is a hint rather than an issue.
    pub fn is_hint(&self) -> bool {
        self.severity == QaSeverity::Hint
    }

    /// Whether `accepted` silences this issue.
    pub fn is_accepted_by(&self, accepted: &AcceptedIssue) -> bool {
        accepted.segment_id == self.segment_id
            && accepted.check == self.check
            && *accepted.words == *self.words
    }

    /// The record that silences this issue, with the translator's reason.
    pub fn accept(&self, reason: impl Into<String>) -> AcceptedIssue {
        AcceptedIssue {
            segment_id: self.segment_id,
            check: self.check,
            words: self.words.to_string(),
            reason: reason.into(),
        }
    }
}

/// An issue the translator accepted, with why. Kept in
/// [`Document::qa_accepted`] and saved in the project file as
/// `[[qa_accepted]]` tables with these four keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedIssue {
    pub segment_id: usize,
    pub check: Check,
    pub words: String,
    #[serde(default)]
    pub reason: String,
}

/// Whether any of `accepted` silences `issue`.
pub fn is_accepted(issue: &QaIssue, accepted: &[AcceptedIssue]) -> bool {
    accepted.iter().any(|a| issue.is_accepted_by(a))
}

/// What QA knows about one glossary term.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermRule {
    /// Renderings any one of which satisfies the term (empty: nothing required).
    pub required: Vec<Rendering>,
    /// Renderings that must not be used.
    pub forbidden: Vec<Rendering>,
    /// The term's note marks other senses ([`note_marks_other_senses`]):
    /// a missing rendering is a hint, not an issue.
    pub ambiguous: bool,
}

/// Whether a term's note says its Arabic has other senses, so that the
/// Arabic in a sentence may not mean the term at all (قمة: summit, or the
/// top of a mountain). The convention, documented for glossary editors: the
/// note says `ambiguous`, `also means`/`can also mean`/`may mean`, names
/// another sense as `Also 'top, peak'` (also before a quoted word), or says
/// `check context`/`from context` (any case).
pub fn note_marks_other_senses(note: &str) -> bool {
    let note = note.to_lowercase();
    const MARKS: &[&str] = &[
        "ambiguous",
        "also mean",
        "may mean",
        "also '",
        "also ‘",
        "also \"",
        "also “",
        "check context",
        "from context",
    ];
    MARKS.iter().any(|m| note.contains(m))
}

/// Whether the term's own `en` may be used, and the renderings the
/// glossary says not to use: its `forbidden_en`, and its `en` when the term
/// is deprecated or forbidden.
fn term_policy(term: &Term) -> (bool, Vec<&str>) {
    let en_allowed = matches!(term.status, TermStatus::Preferred | TermStatus::Admitted);
    let mut forbidden: Vec<&str> = term.forbidden_en.iter().map(String::as_str).collect();
    if !en_allowed {
        forbidden.push(&term.en);
    }
    (en_allowed, forbidden)
}

fn term_rule(term: &Term) -> TermRule {
    let (en_allowed, forbidden) = term_policy(term);
    let mut required = Vec::new();
    if en_allowed {
        required.extend(english::renderings_of(&term.en));
        // Irregular plurals (spokesmen) and a given `en_plural` count too;
        // regular inflections are equal as stems already.
        if let Some(plural) = crate::glossary::number::english_plural(term).text() {
            for r in english::renderings_of(plural) {
                if !required.iter().any(|q: &Rendering| q.same_words(&r)) {
                    required.push(r);
                }
            }
        }
    }
    // A deprecated term with no alternative requires nothing, only forbids.
    for alternative in &term.en_alternatives {
        required.extend(english::renderings_of(alternative));
    }
    TermRule {
        required,
        forbidden: forbidden
            .into_iter()
            .flat_map(english::renderings_of)
            .collect(),
        ambiguous: note_marks_other_senses(&term.note),
    }
}

/// QA over one document: the issues of every segment, kept so that one
/// edited segment can be re-checked alone.
#[derive(Debug, Default)]
pub struct Qa {
    matcher: Matcher,
    /// The glossary's terms; each one's rule is made when it first matches
    /// (a rule derives the English plural, and a document meets few of
    /// 100,000 terms).
    terms: Vec<Term>,
    rules: Vec<std::sync::OnceLock<TermRule>>,
    /// Issues of each segment from the checks that look at it alone.
    local: Vec<Vec<QaIssue>>,
    /// The consistency issue of each segment, if any.
    inconsistent: Vec<Option<QaIssue>>,
    /// For each segment, its group of identical Arabic sentences (index into `groups`).
    group_of: Vec<Option<usize>>,
    groups: Vec<Vec<usize>>,
}

impl Qa {
    /// Prepares QA for `glossary` (builds the matcher once).
    pub fn new(glossary: &Glossary) -> Qa {
        Qa::owning(glossary.clone())
    }

    /// [`new`](Self::new) for a glossary of its own (no copy of its terms).
    pub fn owning(glossary: Glossary) -> Qa {
        Qa {
            matcher: Matcher::new(&glossary),
            rules: glossary.terms.iter().map(|_| Default::default()).collect(),
            terms: glossary.terms,
            ..Qa::default()
        }
    }

    /// The rule of term `index` (made on first use).
    pub(crate) fn rule(&self, index: usize) -> Option<&TermRule> {
        let term = self.terms.get(index)?;
        Some(self.rules[index].get_or_init(|| term_rule(term)))
    }

    /// Checks every segment of `doc`, replacing earlier results.
    pub fn check_document(&mut self, doc: &Document) {
        let n = doc.segments.len();
        self.local = self.local_issues_parallel(doc);
        let mut by_key: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for i in 0..n {
            let key = checks::sentence_key(doc.source_of(i));
            if !key.is_empty() {
                by_key.entry(key).or_default().push(i);
            }
        }
        self.groups = by_key.into_values().filter(|g| g.len() > 1).collect();
        self.groups.sort_unstable();
        self.group_of = vec![None; n];
        for (g, members) in self.groups.iter().enumerate() {
            for &i in members {
                self.group_of[i] = Some(g);
            }
        }
        self.inconsistent = vec![None; n];
        for g in 0..self.groups.len() {
            self.check_group(doc, g);
        }
    }

    /// The per-segment checks of every segment, split over the cores for
    /// large documents (the matcher dominates and is read-only).
    fn local_issues_parallel(&self, doc: &Document) -> Vec<Vec<QaIssue>> {
        let n = doc.segments.len();
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(8);
        if n < 2000 || threads < 2 {
            return (0..n)
                .map(|i| checks::segment_issues(self, doc, i))
                .collect();
        }
        let chunk = n.div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| {
                    scope.spawn(move || {
                        (start..(start + chunk).min(n))
                            .map(|i| checks::segment_issues(self, doc, i))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// Re-checks segment `index` after its English, status or note changed
    /// (and the consistency of the sentences identical to it). Falls back to
    /// [`Qa::check_document`] if the document was re-segmented since.
    pub fn recheck_segment(&mut self, doc: &Document, index: usize) {
        if self.local.len() != doc.segments.len() {
            self.check_document(doc);
            return;
        }
        if index >= doc.segments.len() {
            return;
        }
        self.local[index] = checks::segment_issues(self, doc, index);
        if let Some(g) = self.group_of[index] {
            self.check_group(doc, g);
        }
    }

    fn check_group(&mut self, doc: &Document, g: usize) {
        let members = self.groups[g].clone();
        for (i, issue) in checks::consistency_issues(doc, &members) {
            self.inconsistent[i] = issue;
        }
    }

    /// Every issue, accepted or not, in segment order.
    pub fn issues(&self) -> impl Iterator<Item = &QaIssue> {
        self.local
            .iter()
            .zip(&self.inconsistent)
            .flat_map(|(local, inconsistent)| local.iter().chain(inconsistent.iter()))
    }

    /// The issues not silenced by `accepted`, in segment order.
    pub fn open_issues<'a>(
        &'a self,
        accepted: &'a [AcceptedIssue],
    ) -> impl Iterator<Item = &'a QaIssue> + 'a {
        self.issues().filter(move |i| !is_accepted(i, accepted))
    }

    /// The issues of one segment, accepted or not.
    pub fn segment_issues(&self, index: usize) -> impl Iterator<Item = &QaIssue> {
        self.local
            .get(index)
            .into_iter()
            .flatten()
            .chain(self.inconsistent.get(index).into_iter().flatten())
    }
}

/// Checks a whole document once and returns the open issues (for the
/// command line and reports).
pub fn check(doc: &Document, glossary: &Glossary) -> Vec<QaIssue> {
    let mut qa = Qa::new(glossary);
    qa.check_document(doc);
    qa.open_issues(&doc.qa_accepted).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_example_holds() {
        let mut doc = Document::from_source("هل دفعت الشركة ٥٠٠ ألف دولار؟".into(), None);
        doc.segments[0].en = "Did the company pay $50,000.".into();
        let mut qa = Qa::new(&Glossary::builtin());
        qa.check_document(&doc);
        let checks: Vec<Check> = qa.open_issues(&[]).map(|i| i.check).collect();
        assert_eq!(checks, [Check::Number, Check::Punctuation]);
    }

    #[test]
    fn notes_that_name_another_sense_mark_the_term_ambiguous() {
        for note in [
            "Also 'top, peak' (قمة الجبل).",
            "IT: server. Also ‘servant’.",
            "برنامج تجسس can also mean an espionage programme; decide from context.",
            "Ambiguous: see the sentence.",
            "In military usage it may mean electronic warfare; check context.",
        ] {
            assert!(note_marks_other_senses(note), "{note}");
        }
        for note in ["", "Capitalised in English.", "Also used in the plural."] {
            assert!(!note_marks_other_senses(note), "{note}");
        }
    }

    #[test]
    fn check_names_round_trip() {
        for check in Check::ALL {
            assert_eq!(Check::from_name(check.name()), Some(check));
            let json = serde_json::to_string(&check).unwrap();
            assert_eq!(json, format!("\"{}\"", check.name()));
        }
    }
}
