//! The glossary: model, TOML reading and validation, and the matcher.

pub mod matcher;

pub use matcher::{Match, MatchKind, Matcher};

/// A glossary of Arabic terms with their English renderings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Glossary {
    pub name: String,
    pub source_language: String,
    pub target_language: String,
    pub terms: Vec<Term>,
}

/// One entry of the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Term {
    pub ar: String,
    pub en: String,
    pub ar_variants: Vec<String>,
    pub en_alternatives: Vec<String>,
    pub domain: String,
    pub note: String,
}
