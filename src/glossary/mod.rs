//! The glossary: model, TOML reading and validation, and the matcher.
//!
//! The file format (`glossary.toml`) is fixed because users and other tools
//! write it: a `[glossary]` table (name, source_language, target_language)
//! and one `[[term]]` table per entry with `ar` and `en` (required) and
//! `ar_variants`, `en_alternatives`, `domain`, `note`, `status`, `definition`,
//! `source`, `forbidden_en`, `ar_plurals`, `en_plural`, `ar_exclude`,
//! `gender_inflects` (optional). Unknown keys are errors, so a misspelt
//! key is never silently ignored. Slips the glossary can live with (a
//! variant equal to its term's form after normalisation, two terms with the
//! same Arabic) are warnings: listed by `glossary check` and the editor,
//! never a reason to refuse the file.
//!
//! Beyond reading: [`edit`] is the editing model (commands, undo, inline
//! validation) the window renders, [`save`] writes a file back keeping its
//! comments and layout, [`interchange`] reads and writes TBX, CSV and TSV,
//! and [`propose`] turns a selection in a text into a new-term proposal.

pub mod edit;
#[cfg(test)]
mod expectations;
pub mod interchange;
pub mod live;
pub mod matcher;
pub mod number;
pub mod propose;
mod reader;
pub mod rules;
pub mod save;
mod validate;

use std::fmt;
use std::path::Path;

pub use matcher::{Match, MatchKind, Matcher};
pub use rules::{Field, Severity, TermIssue};
pub use save::{GlossaryFile, SaveError};
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
    /// How the English rendering may be used; deprecated and forbidden
    /// entries are still matched, and shown as "do not use".
    pub status: TermStatus,
    /// What the term means (optional).
    pub definition: String,
    /// Where the rendering comes from: a URL or a reference (optional).
    pub source: String,
    /// English renderings that must not be used for this term.
    pub forbidden_en: Vec<String>,
    /// Plural Arabic forms (broken plurals: قراصنة for قرصان), matched like
    /// `ar_variants`; a match of one inserts the English plural.
    pub ar_plurals: Vec<String>,
    /// The English plural, where it is not the regular one (`en` itself for
    /// a word with no plural); empty: derived (see [`number`]).
    pub en_plural: String,
    /// Written forms that must never match this term: look-alikes met in
    /// real texts (الوطني for وطن), compared whole, after normalisation.
    pub ar_exclude: Vec<String>,
    /// Whether the term takes the feminine ة (وزير → وزيرة): `Some(true)`
    /// for nouns naming people, `Some(false)` to forbid it, `None` to let
    /// the matcher decide by the word's pattern (see [`matcher`]).
    pub gender_inflects: Option<bool>,
}

/// The standing of a term's rendering (`status` in glossary.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermStatus {
    /// The rendering to use (the default when `status` is absent).
    #[default]
    Preferred,
    /// Acceptable, but not the first choice.
    Admitted,
    /// Once used, now to be avoided.
    Deprecated,
    /// Must not be used.
    Forbidden,
}

impl TermStatus {
    /// Every status, in the order a picker lists them.
    pub const ALL: [TermStatus; 4] = [
        TermStatus::Preferred,
        TermStatus::Admitted,
        TermStatus::Deprecated,
        TermStatus::Forbidden,
    ];

    /// The warning a translator must see for a deprecated or forbidden
    /// term, in the window and on the command line.
    pub fn do_not_use_label(self) -> Option<&'static str> {
        match self {
            TermStatus::Deprecated => Some("Do not use (deprecated)"),
            TermStatus::Forbidden => Some("Do not use (forbidden)"),
            TermStatus::Preferred | TermStatus::Admitted => None,
        }
    }

    /// The name written in glossary.toml and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            TermStatus::Preferred => "preferred",
            TermStatus::Admitted => "admitted",
            TermStatus::Deprecated => "deprecated",
            TermStatus::Forbidden => "forbidden",
        }
    }

    /// Parses a name as written in glossary.toml (exact, lower case).
    pub fn parse(name: &str) -> Option<TermStatus> {
        TermStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether a translator must be told not to use the rendering.
    pub fn is_do_not_use(self) -> bool {
        matches!(self, TermStatus::Deprecated | TermStatus::Forbidden)
    }
}

impl fmt::Display for TermStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Term {
    /// A term with its Arabic and English and every other field empty.
    pub fn new(ar: &str, en: &str) -> Term {
        Term {
            ar: ar.into(),
            en: en.into(),
            ..Term::default()
        }
    }

    /// The canonical Arabic form, then the variants, then the plurals:
    /// every form the matcher looks for.
    pub fn ar_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.ar.as_str())
            .chain(self.ar_variants.iter().map(String::as_str))
            .chain(self.ar_plurals.iter().map(String::as_str))
    }
}

/// Why a glossary could not be used: every error found, each with its place.
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

    /// Reads and validates a glossary file (warnings do not stop it).
    pub fn load(path: &Path) -> Result<Glossary, GlossaryError> {
        let text = read_utf8(path)?;
        Glossary::parse(&text, &path.display().to_string())
    }

    /// Like [`load`](Self::load), also returning the warnings.
    pub fn load_with_warnings(path: &Path) -> Result<(Glossary, Vec<Problem>), GlossaryError> {
        let text = read_utf8(path)?;
        Glossary::parse_with_warnings(&text, &path.display().to_string())
    }

    /// Like [`parse`](Self::parse), also returning the warnings (allowed,
    /// but probably slips: an alternative that repeats `en`, a variant that
    /// repeats its term's Arabic, two terms with the same Arabic).
    pub fn parse_with_warnings(
        text: &str,
        origin: &str,
    ) -> Result<(Glossary, Vec<Problem>), GlossaryError> {
        let (glossary, problems, warnings) = validate::check_with_warnings(text);
        if problems.is_empty() {
            Ok((glossary, warnings))
        } else {
            Err(GlossaryError::Invalid {
                path: origin.to_string(),
                problems,
            })
        }
    }

    /// Parses and validates glossary TOML; `origin` names it in errors.
    /// Only errors fail it; warnings are dropped (see
    /// [`parse_with_warnings`](Self::parse_with_warnings)).
    pub fn parse(text: &str, origin: &str) -> Result<Glossary, GlossaryError> {
        let (glossary, problems, _) = validate::check_wanting(text, false);
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

/// Reads a file that must be UTF-8, naming the file and the offending byte.
pub(crate) fn read_utf8(path: &Path) -> Result<String, GlossaryError> {
    let shown = path.display().to_string();
    let bytes = crate::files::read_input(path, crate::files::MAX_GLOSSARY_BYTES).map_err(|e| {
        GlossaryError::Io {
            path: shown.clone(),
            message: crate::io_message(&e, path),
        }
    })?;
    String::from_utf8(bytes).map_err(|e| GlossaryError::Io {
        path: shown,
        message: format!(
            "not valid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        ),
    })
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
