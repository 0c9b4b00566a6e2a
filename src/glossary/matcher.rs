//! Morphology-aware matching of glossary terms in Arabic text.

use super::Glossary;

/// How a term was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    Exact,
    Normalised,
    Variant,
    Morphology,
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

/// An index over a glossary, built once.
#[derive(Debug, Default)]
pub struct Matcher {}

impl Matcher {
    pub fn new(_glossary: &Glossary) -> Self {
        todo!()
    }

    /// Non-overlapping matches in `text`, in text order.
    pub fn find(&self, _text: &str) -> Vec<Match> {
        todo!()
    }
}
