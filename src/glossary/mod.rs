//! The glossary: model, TOML reading and validation, and the matcher.
//!
//! The file format (`glossary.toml`) is fixed because users and other tools
//! write it: a `[glossary]` table (name, source_language, target_language)
//! and one `[[term]]` table per entry with `ar` and `en` (required) and
//! `ar_variants`, `en_alternatives`, `domain`, `note` (optional). Unknown keys
//! are errors, so a misspelt key is never silently ignored.

#[cfg(test)]
mod expectations;
pub mod matcher;
mod validate;

use std::fmt;
use std::path::Path;

pub use matcher::{Match, MatchKind, Matcher};
pub use validate::Problem;

/// The glossary that ships with Tarjuman (the repository's `glossary.toml`).
pub const BUILTIN_TOML: &str = include_str!("../../glossary.toml");

/// Domains a term may belong to.
pub const DOMAINS: &[&str] = &["cybersecurity", "diplomacy", "politics", "law", "general"];

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

impl Term {
    /// The canonical Arabic form, then the variants.
    pub fn ar_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.ar.as_str()).chain(self.ar_variants.iter().map(String::as_str))
    }
}

/// Why a glossary could not be used: every problem found, each with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GlossaryError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{}", problems.iter().map(|p| format!("{path}:{p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

impl GlossaryError {
    /// The problems with line and column, if the file could be read.
    pub fn problems(&self) -> &[Problem] {
        match self {
            GlossaryError::Io { .. } => &[],
            GlossaryError::Invalid { problems, .. } => problems,
        }
    }
}

impl Glossary {
    /// The built-in glossary. It is checked by the test suite, so it always parses.
    pub fn builtin() -> Glossary {
        Glossary::parse(BUILTIN_TOML, "<built-in glossary.toml>")
            .expect("the built-in glossary is valid")
    }

    /// Reads and validates a glossary file.
    pub fn load(path: &Path) -> Result<Glossary, GlossaryError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| GlossaryError::Io {
            path: shown.clone(),
            message: crate::io_message(&e, path),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| GlossaryError::Io {
            path: shown.clone(),
            message: format!(
                "not valid UTF-8 at byte offset {}",
                e.utf8_error().valid_up_to()
            ),
        })?;
        Glossary::parse(&text, &shown)
    }

    /// Parses and validates glossary TOML; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Glossary, GlossaryError> {
        let (glossary, problems) = validate::check(text);
        if problems.is_empty() {
            Ok(glossary)
        } else {
            Err(GlossaryError::Invalid {
                path: origin.to_string(),
                problems,
            })
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}", self.ar, self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_glossary_is_valid_and_large() {
        let g = Glossary::builtin();
        assert!(g.terms.len() >= 250, "{} terms", g.terms.len());
        assert_eq!(g.source_language, "ar");
        assert_eq!(g.target_language, "en");
        for t in &g.terms {
            assert!(
                DOMAINS.contains(&t.domain.as_str()),
                "{t}: domain {:?}",
                t.domain
            );
        }
    }

    #[test]
    fn the_repository_glossary_is_the_builtin_one() {
        let on_disk =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/glossary.toml")).unwrap();
        assert_eq!(on_disk, BUILTIN_TOML);
    }

    #[test]
    fn load_reports_missing_files_and_bad_encoding() {
        let err = Glossary::load(Path::new("/nonexistent/glossary.toml")).unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/glossary.toml"),
            "{err}"
        );
        let dir = std::env::temp_dir().join(format!("tarjuman-gloss-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, b"[glossary]\nname = \"\xff\"\n").unwrap();
        let err = Glossary::load(&bad).unwrap_err();
        assert!(err.to_string().contains("byte offset 19"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
