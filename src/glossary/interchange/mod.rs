//! Term-base interchange: TBX (ISO 30042:2019 TBX-Basic, and the 2008
//! `martif` dialect OmegaT and many tools still use), CSV and OmegaT's TSV,
//! plus the merge of an import into an open glossary ([`merge`]).
//!
//! Readers take bytes, never panic, and report bad input with line and entry.
//! Every term read passes the same per-term rules as `glossary check`, so an
//! import either yields valid terms or changes nothing; duplicate Arabic
//! forms within one file are warnings, as in glossary.toml. XML entities other than the five
//! predefined ones and character references are never expanded, and nothing
//! is ever fetched: a DOCTYPE that declares entities is rejected.

pub mod delimited;
pub mod merge;
pub mod tbx;

use std::fmt;

use super::rules::{Severity, term_issues};
use super::validate::duplicate_forms;
use super::{Glossary, Term};

/// A file format for import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ISO 30042:2019 TBX-Basic (`<tbx>`); reading also accepts 2008.
    Tbx,
    /// The 2008 TBX dialect (`<martif>`), for OmegaT and older tools.
    Tbx2008,
    /// Header `ar,en,ar_variants,en_alternatives,domain,status,note` (then
    /// `definition,reference,forbidden_en,ar_exclude,gender_inflects`), list
    /// items separated by `|`.
    Csv,
    /// OmegaT's glossary: `source<TAB>target<TAB>comment`.
    Tsv,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Tbx | Format::Tbx2008 => "tbx",
            Format::Csv => "csv",
            Format::Tsv => "txt",
        }
    }

    /// Writes `glossary` in this format.
    pub fn write(self, glossary: &Glossary) -> String {
        match self {
            Format::Tbx => tbx::write(glossary, tbx::Dialect::V2019),
            Format::Tbx2008 => tbx::write(glossary, tbx::Dialect::V2008),
            Format::Csv => delimited::write_csv(glossary),
            Format::Tsv => delimited::write_tsv(glossary),
        }
    }

    /// Reads terms from `bytes`; `origin` names the file in errors. The terms
    /// are checked as `glossary check` checks them.
    pub fn read(self, bytes: &[u8], origin: &str) -> Result<Imported, ImportError> {
        let fail = |problems| ImportError {
            path: origin.to_string(),
            problems,
        };
        let imported = match self {
            Format::Tbx | Format::Tbx2008 => tbx::read(bytes),
            Format::Csv => delimited::read_csv(bytes),
            Format::Tsv => delimited::read_tsv(bytes),
        }
        .map_err(fail)?;
        let mut imported = imported;
        for t in &imported.terms {
            if !t.term.ar.is_empty() && !t.term.ar.chars().any(is_arabic_letter) {
                imported.warnings.push(ImportProblem::new(
                    t.line,
                    Some(t.entry.clone()),
                    format!("warning: `ar` ({}) has no Arabic letter", t.term.ar),
                ));
            }
        }
        let (problems, duplicates) = check_terms(&imported.terms);
        imported.warnings.extend(duplicates);
        if problems.is_empty() {
            Ok(imported)
        } else {
            Err(fail(problems))
        }
    }
}

/// One term read from a file, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTerm {
    pub term: Term,
    /// 1-based line where the entry starts.
    pub line: usize,
    /// How the file names the entry (TBX id, CSV row), for messages.
    pub entry: String,
}

/// What a file held.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    /// The term base's title, if it has one.
    pub title: Option<String>,
    pub terms: Vec<ImportedTerm>,
    /// What the file holds that is allowed but probably wrong (a cell a
    /// spreadsheet would run as a formula, an `ar` with no Arabic letter),
    /// with line and entry; the command line and the window show them.
    pub warnings: Vec<ImportProblem>,
}

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// 1-based line (0 when the whole file is concerned and has no line).
    pub line: usize,
    /// The entry concerned, if any.
    pub entry: Option<String>,
    pub message: String,
}

impl ImportProblem {
    pub(crate) fn new(line: usize, entry: Option<String>, message: impl Into<String>) -> Self {
        ImportProblem {
            line,
            entry,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.line)?;
        if let Some(entry) = &self.entry {
            write!(f, "{entry}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Why a file could not be imported: every problem, with file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problems.iter().map(|p| format!("{path}:{p}")).collect::<Vec<_>>().join("\n"))]
pub struct ImportError {
    pub path: String,
    pub problems: Vec<ImportProblem>,
}

/// The text of a file that must be UTF-8 (a UTF-8 byte-order mark is
/// skipped); anything else is reported with the line of the first bad byte.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, ImportProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportProblem::new(
            1,
            None,
            "the file is UTF-16; save it as UTF-8",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let good = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, column) = super::validate::line_column(good, at);
        ImportProblem::new(
            line,
            None,
            format!(
                "not valid UTF-8 (byte 0x{:02X} at column {column}); the file is probably Latin-1 or Windows-1252: save it as UTF-8",
                bytes[at]
            ),
        )
    })
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether a spreadsheet would run `cell` as a formula (OWASP CSV
/// injection: it starts with `=`, `+`, `-`, `@`, a tab or a CR).
pub fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `cell` as written to CSV/TSV: a would-be formula gets a leading `'`,
/// which spreadsheets show as text; [`unneutralise`] takes it off again.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_formula(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralise`]: `'=x` reads as `=x`; other cells as they are.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_formula(rest) => rest,
        _ => cell,
    }
}

/// The per-term rules of `glossary check` (errors), and the Arabic forms
/// found twice (warnings), in linear time.
fn check_terms(terms: &[ImportedTerm]) -> (Vec<ImportProblem>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    for imported in terms {
        for issue in term_issues(&imported.term) {
            if issue.severity == Severity::Error {
                problems.push(ImportProblem::new(
                    imported.line,
                    Some(imported.entry.clone()),
                    issue.message,
                ));
            }
        }
    }
    let mut warnings = Vec::new();
    duplicate_forms(
        terms,
        |t| &t.term,
        |index, form, (other, _)| {
            let message = if other == index {
                format!("warning: `{form}` repeats another form of the entry after normalisation")
            } else {
                format!(
                    "warning: `{form}` duplicates {} at line {} after normalisation",
                    terms[other].entry, terms[other].line
                )
            };
            warnings.push(ImportProblem::new(
                terms[index].line,
                Some(terms[index].entry.clone()),
                message,
            ));
        },
    );
    (problems, warnings)
}

/// Items of a list cell: `|` separates, `\|` and `\\` escape.
pub(crate) fn split_list(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ ('|' | '\\')) => current.push(next),
                Some(other) => {
                    current.push('\\');
                    current.push(other);
                }
                None => current.push('\\'),
            },
            '|' => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    let out: Vec<String> = out.into_iter().map(|s| s.trim().to_string()).collect();
    if out.len() == 1 && out[0].is_empty() {
        Vec::new()
    } else {
        out
    }
}

/// The inverse of [`split_list`].
pub(crate) fn join_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| s.replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_and_join_with_escapes() {
        let items = vec!["a|b".to_string(), "c\\d".to_string(), "e".to_string()];
        assert_eq!(join_list(&items), "a\\|b|c\\\\d|e");
        assert_eq!(split_list(&join_list(&items)), items);
        assert!(split_list("").is_empty());
        assert_eq!(split_list(" x | y "), ["x", "y"]);
    }

    #[test]
    fn latin1_is_reported_with_its_line() {
        let p = utf8(b"ar,en\n\xe9t\xe9,summer\n").unwrap_err();
        assert_eq!(p.line, 2);
        assert!(p.message.contains("0xE9"), "{p}");
        assert!(
            utf8(b"\xFF\xFEa\x00")
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
        assert_eq!(utf8(b"\xEF\xBB\xBFok").unwrap(), "ok");
    }
}
