//! Reading `glossary.toml` with every problem reported by line and column.
//!
//! A problem is an error or a warning. Errors (TOML that does not parse, a
//! missing `ar` or `en`, an unknown key, a value of the wrong type…) stop the
//! load: the file means something nobody can tell. Warnings (a variant equal
//! to its own term's form after normalisation, two terms with the same
//! Arabic) are slips the glossary works with: they are listed, never refused.
//!
//! A file is first read the lean way ([`super::reader`]: no document tree);
//! if that turns anything down, it is parsed again with toml_edit (which
//! keeps spans) and checked by hand rather than through serde, so that one
//! run lists every problem, not only the first.

use std::fmt;

use rustc_hash::FxHashMap;

use toml_edit::{Document, Item, Table, Value};

use super::rules::{self, Field, Severity};
use super::{Glossary, Term, TermStatus, matcher};

/// One problem in a glossary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// An error stops the load; a warning is only reported.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

pub(super) const GLOSSARY_KEYS: &[&str] = &["name", "source_language", "target_language"];
pub(super) const TERM_KEYS: &[&str] = &[
    "ar",
    "en",
    "ar_variants",
    "en_alternatives",
    "domain",
    "note",
    "status",
    "definition",
    "source",
    "forbidden_en",
    "ar_plurals",
    "en_plural",
    "ar_exclude",
    "gender_inflects",
];

struct Checker<'a> {
    lines: LineIndex<'a>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// Where each line of a text starts, so the line and column of any offset
/// cost a binary search rather than a count from the start of the file
/// (which made reports of many problems quadratic). Found on the first
/// question: a file without problems never needs it.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset, as
    /// [`line_column`] gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let starts = self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        });
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.line_column(offset).0
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Checker<'_> {
    fn at(&mut self, offset: usize, message: String) {
        let (line, column) = self.lines.line_column(offset);
        self.problems.push(Problem {
            line,
            column,
            message,
            severity: Severity::Error,
        });
    }

    fn warn(&mut self, offset: usize, message: String) {
        let (line, column) = self.lines.line_column(offset);
        self.warnings.push(Problem {
            line,
            column,
            message,
            severity: Severity::Warning,
        });
    }

    fn string(&mut self, item: &Item, what: &str, fallback: usize) -> Option<String> {
        match item.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.at(
                    span(item).unwrap_or(fallback),
                    format!("{what} must be a string"),
                );
                None
            }
        }
    }

    fn strings(&mut self, item: &Item, what: &str, fallback: usize) -> Vec<String> {
        let Some(array) = item.as_array() else {
            self.at(
                span(item).unwrap_or(fallback),
                format!("{what} must be an array of strings"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for value in array.iter() {
            let at = value.span().map_or(fallback, |s| s.start);
            match value {
                Value::String(s) if s.value().trim().is_empty() => {
                    self.at(at, format!("{what} has an empty entry"));
                }
                Value::String(s) => out.push(s.value().clone()),
                _ => self.at(at, format!("{what} must contain only strings")),
            }
        }
        out
    }
}

fn span(item: &Item) -> Option<usize> {
    item.span().map(|s| s.start)
}

fn key_offset(table: &Table, key: &str) -> Option<usize> {
    table
        .get_key_value(key)
        .and_then(|(k, _)| k.span())
        .map(|s| s.start)
}

/// Parses `text` as a glossary; returns what could be read and every error.
#[cfg(test)]
pub fn check(text: &str) -> (Glossary, Vec<Problem>) {
    let (glossary, problems, _) = check_with_warnings(text);
    (glossary, problems)
}

/// Like [`check`], also returning warnings (allowed, but probably slips).
pub fn check_with_warnings(text: &str) -> (Glossary, Vec<Problem>, Vec<Problem>) {
    check_wanting(text, true)
}

/// The glossary and its errors; the warnings only `with_warnings` (looking
/// for duplicates is a third of the time a large glossary takes to read,
/// wasted on commands that never show them).
pub fn check_wanting(text: &str, with_warnings: bool) -> (Glossary, Vec<Problem>, Vec<Problem>) {
    let mut checker = Checker {
        lines: LineIndex::new(text),
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    if let Some(read) = super::reader::read(text, &checker.lines) {
        if with_warnings {
            checker.warnings = read.warnings;
            check_duplicates(&mut checker, &read.glossary.terms, &read.places);
        }
        return (read.glossary, checker.problems, checker.warnings);
    }
    thorough(checker, text)
}

/// The thorough path: toml_edit's document, every problem with its place.
fn thorough(mut checker: Checker, text: &str) -> (Glossary, Vec<Problem>, Vec<Problem>) {
    let mut glossary = Glossary::default();
    let document = match Document::parse(text) {
        Ok(document) => document,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().replace('\n', " ");
            checker.at(offset, format!("TOML syntax: {message}"));
            return (glossary, checker.problems, checker.warnings);
        }
    };
    let root = document.as_table();
    for (key, _) in root.iter() {
        if key != "glossary" && key != "term" {
            let offset = key_offset(root, key).unwrap_or(0);
            checker.at(
                offset,
                format!("unknown key `{key}` (expected [glossary] and [[term]] tables)"),
            );
        }
    }

    match root.get("glossary") {
        None => checker.at(
            0,
            "missing [glossary] table with the glossary's name".to_string(),
        ),
        Some(item) => match item.as_table() {
            None => checker.at(
                span(item).unwrap_or(0),
                "`glossary` must be a table".to_string(),
            ),
            Some(table) => read_header(&mut checker, table, &mut glossary),
        },
    }
    if glossary.source_language.is_empty() {
        glossary.source_language = "ar".to_string();
    }
    if glossary.target_language.is_empty() {
        glossary.target_language = "en".to_string();
    }

    let mut places: Vec<(usize, usize)> = Vec::new();
    if let Some(item) = root.get("term") {
        match item.as_array_of_tables() {
            None => checker.at(
                span(item).unwrap_or(0),
                "`term` must be written as [[term]] tables".to_string(),
            ),
            Some(terms) => {
                for (index, table) in terms.iter().enumerate() {
                    let offset = table.span().map_or(0, |s| s.start);
                    if let Some(term) = read_term(&mut checker, table, index + 1, offset) {
                        glossary.terms.push(term);
                        places.push((index + 1, offset));
                    }
                }
            }
        }
    }
    check_duplicates(&mut checker, &glossary.terms, &places);
    (glossary, checker.problems, checker.warnings)
}

fn read_header(checker: &mut Checker, table: &Table, glossary: &mut Glossary) {
    let offset = table.span().map_or(0, |s| s.start);
    for (key, item) in table.iter() {
        let at = key_offset(table, key).unwrap_or(offset);
        if !GLOSSARY_KEYS.contains(&key) {
            checker.at(
                at,
                format!(
                    "[glossary]: unknown key `{key}` (allowed: {})",
                    GLOSSARY_KEYS.join(", ")
                ),
            );
            continue;
        }
        if let Some(value) = checker.string(item, &format!("[glossary] `{key}`"), at) {
            match key {
                "name" => glossary.name = value,
                "source_language" => glossary.source_language = value,
                _ => glossary.target_language = value,
            }
        }
    }
    if glossary.name.trim().is_empty() {
        checker.at(offset, "[glossary]: `name` is missing or empty".to_string());
    }
}

fn read_term(checker: &mut Checker, table: &Table, number: usize, offset: usize) -> Option<Term> {
    let before = checker.problems.len();
    let mut term = Term::default();
    let name = |term: &Term| super::reader::term_name(number, term);
    if let Some(ar) = table.get("ar").and_then(Item::as_str) {
        term.ar = ar.to_string();
    }
    for (key, item) in table.iter() {
        let at = key_offset(table, key).unwrap_or(offset);
        if !TERM_KEYS.contains(&key) {
            let message = format!(
                "{}: unknown key `{key}` (allowed: {})",
                name(&term),
                TERM_KEYS.join(", ")
            );
            checker.at(at, message);
            continue;
        }
        let what = format!("{}: `{key}`", name(&term));
        match key {
            "ar_variants" => term.ar_variants = checker.strings(item, &what, at),
            "en_alternatives" => term.en_alternatives = checker.strings(item, &what, at),
            "forbidden_en" => term.forbidden_en = checker.strings(item, &what, at),
            "ar_plurals" => term.ar_plurals = checker.strings(item, &what, at),
            "ar_exclude" => term.ar_exclude = checker.strings(item, &what, at),
            "gender_inflects" => match item.as_bool() {
                Some(value) => term.gender_inflects = Some(value),
                None => checker.at(
                    span(item).unwrap_or(at),
                    format!("{what} must be true or false"),
                ),
            },
            _ => {
                let Some(value) = checker.string(item, &what, at) else {
                    continue;
                };
                match key {
                    "ar" => term.ar = value,
                    "en" => term.en = value,
                    "domain" => term.domain = value,
                    "definition" => term.definition = value,
                    "source" => term.source = value,
                    "en_plural" => term.en_plural = value,
                    "status" => match TermStatus::parse(&value) {
                        Some(status) => term.status = status,
                        None => {
                            let allowed: Vec<_> =
                                TermStatus::ALL.iter().map(|s| s.as_str()).collect();
                            checker.at(
                                span(item).unwrap_or(at),
                                format!(
                                    "{}: unknown status `{value}` (allowed: {})",
                                    name(&term),
                                    allowed.join(", ")
                                ),
                            );
                        }
                    },
                    _ => term.note = value,
                }
            }
        }
    }
    for key in ["ar", "en"] {
        if table.get(key).is_none() {
            checker.at(
                offset,
                format!("{}: missing required key `{key}`", name(&term)),
            );
        }
    }
    for issue in rules::term_issues(&term) {
        let item = table.get(issue.field.key());
        // A missing or mistyped `ar`/`en` was reported above.
        if matches!(issue.field, Field::Ar | Field::En) && !item.is_some_and(Item::is_str) {
            continue;
        }
        let at = item.and_then(span).unwrap_or(offset);
        let message = format!("{}: {}", name(&term), issue.message);
        match issue.severity {
            Severity::Error => checker.at(at, message),
            Severity::Warning => checker.warn(at, message),
        }
    }
    (checker.problems.len() == before).then_some(term)
}

/// Two forms that the matcher cannot tell apart are one entry written
/// twice: a warning at the later one, naming the first. `places` holds each
/// term's number in the file and its byte offset.
fn check_duplicates(checker: &mut Checker, terms: &[Term], places: &[(usize, usize)]) {
    duplicate_forms(
        terms,
        |t| t,
        |index, form, (other, other_form)| {
            let term = &terms[index];
            let message = if other == index {
                format!(
                    "term #{} ({}): `{form}` repeats `{other_form}` after normalisation",
                    places[index].0, term.ar
                )
            } else {
                let line = checker.lines.line(places[other].1);
                format!(
                    "term #{} ({}): `{form}` duplicates `{other_form}` of term #{} at line {line} after normalisation",
                    places[index].0, term.ar, places[other].0
                )
            };
            checker.warn(places[index].1, message);
        },
    );
}

/// Calls `found(item, form, (first item, first form))` for every Arabic form
/// of the items' terms whose key ([`matcher::form_key`]) an earlier form has,
/// in order.
///
/// Linear and lean: each key is hashed and only the first form of each hash
/// is remembered (its item and position), so that 100,000 terms keep
/// 100,000 small entries rather than two strings each; a hash seen before
/// is confirmed on the keys themselves.
pub(crate) fn duplicate_forms<T>(
    items: &[T],
    term_of: impl Fn(&T) -> &Term,
    mut found: impl FnMut(usize, &str, (usize, &str)),
) {
    use std::collections::hash_map::Entry;
    use std::hash::BuildHasher;
    let form_at = |(item, position): (u32, u32)| {
        term_of(&items[item as usize])
            .ar_forms()
            .nth(position as usize)
            .unwrap_or_default()
    };
    // Hash of a key → its first form; first forms whose keys share a hash
    // with another's but differ, by key.
    let mut seen: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    seen.reserve(items.len());
    let mut collided: FxHashMap<String, (u32, u32)> = FxHashMap::default();
    let mut key = String::new();
    for (index, item) in items.iter().enumerate() {
        for (position, form) in term_of(item).ar_forms().enumerate() {
            key.clear();
            matcher::form_key_into(form, &mut key);
            if key.is_empty() {
                continue;
            }
            let here = (index as u32, position as u32);
            let first = match seen.entry(rustc_hash::FxBuildHasher.hash_one(key.as_str())) {
                Entry::Vacant(entry) => {
                    entry.insert(here);
                    continue;
                }
                Entry::Occupied(entry) => *entry.get(),
            };
            let first = if matcher::form_key(form_at(first)) == key {
                first
            } else {
                match collided.entry(key.clone()) {
                    Entry::Vacant(entry) => {
                        entry.insert(here);
                        continue;
                    }
                    Entry::Occupied(entry) => *entry.get(),
                }
            };
            found(index, form, (first.0 as usize, form_at(first)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        check(text).1.iter().map(ToString::to_string).collect()
    }

    const HEADER: &str =
        "[glossary]\nname = \"Test\"\nsource_language = \"ar\"\ntarget_language = \"en\"\n";

    #[test]
    fn a_valid_file_has_no_problems() {
        let text = format!(
            "{HEADER}\n[[term]]\nar = \"برمجيات الفدية\"\nen = \"ransomware\"\nar_variants = [\"برامج الفدية\"]\ndomain = \"cybersecurity\"\n"
        );
        let (g, p) = check(&text);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(g.terms[0].ar_variants, ["برامج الفدية"]);
        assert_eq!(g.name, "Test");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let p = problems("[glossary]\nname = \"x\"\n[[term]]\nar = \"قمة\nen = \"summit\"\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("4:"), "{p:?}");
        assert!(p[0].contains("TOML syntax"), "{p:?}");
    }

    #[test]
    fn every_problem_is_listed_with_its_place() {
        let terms = [
            "[[term]]\nar = \"قمة\"\nen = \"summit\"\n",
            "[[term]]\nar = \"هجوم\"\nenn = \"attack\"\n",
            "[[term]]\nar = \"\"\nen = \"x\"\n",
            "[[term]]\nar = \"قرصنة\"\nen = \"hacking\"\ndomain = \"sport\"\n",
            "[[term]]\nar = \"القمّة\"\nen = \"the summit\"\n",
        ];
        let text = format!("{HEADER}\n{}", terms.join("\n"));
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|m| m.starts_with("12:1:") && m.contains("term #2 (هجوم): unknown key `enn`")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("term #2 (هجوم): missing required key `en`")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.starts_with("15:6:") && m.contains("term #3: `ar` is empty")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.starts_with("21:10:") && m.contains("unknown domain `sport`")),
            "{p:?}"
        );
        assert_eq!(p.len(), 4, "{p:?}");
        // القمّة is قمة with the article and a shadda: the matcher cannot tell
        // them apart. A slip, not an error.
        let (_, _, w) = check_with_warnings(&text);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].severity, Severity::Warning);
        assert!(
            w[0].to_string()
                .contains("term #5 (القمّة): `القمّة` duplicates `قمة` of term #1 at line 6"),
            "{w:?}"
        );
    }

    #[test]
    fn ar_exclude_and_gender_inflects_are_read_and_checked() {
        let text = format!(
            "{HEADER}\n[[term]]\nar = \"وطن\"\nen = \"homeland\"\nar_exclude = [\"الوطني\", \"وطنية\"]\ngender_inflects = false\n"
        );
        let (g, p) = check(&text);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(g.terms[0].ar_exclude, ["الوطني", "وطنية"]);
        assert_eq!(g.terms[0].gender_inflects, Some(false));
        let p = problems(&format!(
            "{HEADER}\n[[term]]\nar = \"وزير\"\nen = \"minister\"\ngender_inflects = \"yes\"\nar_exclude = [\"الوزير\", \"\"]\n"
        ));
        assert!(
            p.iter()
                .any(|m| m.contains("`gender_inflects` must be true or false")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("`ar_exclude` has an empty entry")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("`ar_exclude` entry `الوزير` is the term's own form `وزير`")),
            "{p:?}"
        );
    }

    #[test]
    fn wrong_types_and_unknown_tables_are_reported() {
        let p = problems(
            "[glossary]\nname = 3\n[other]\n[[term]]\nar = \"قمة\"\nen = \"summit\"\nar_variants = \"قمم\"\n",
        );
        assert!(
            p.iter().any(|m| m.contains("`name` must be a string")),
            "{p:?}"
        );
        assert!(p.iter().any(|m| m.contains("unknown key `other`")), "{p:?}");
        assert!(
            p.iter().any(|m| m.contains("must be an array of strings")),
            "{p:?}"
        );
    }

    /// What the thorough path gives: the glossary, errors, warnings.
    type Checked = (Glossary, Vec<Problem>, Vec<Problem>);

    /// The lean path's result (glossary and warnings), and the thorough path's.
    fn both(text: &str) -> (Option<(Glossary, Vec<Problem>)>, Checked) {
        let checker = || Checker {
            lines: LineIndex::new(text),
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        let mut lean = checker();
        let read = super::super::reader::read(text, &lean.lines).map(|read| {
            lean.warnings = read.warnings;
            check_duplicates(&mut lean, &read.glossary.terms, &read.places);
            (read.glossary, lean.warnings)
        });
        (read, thorough(checker(), text))
    }

    #[test]
    fn the_lean_path_reads_what_the_thorough_one_reads_with_the_same_warnings() {
        let slips = format!(
            "# A glossary with slips.\r\n{HEADER}\n[[term]]\nar = \"إرهاب\"\nen = \"terrorism\"\n\
             ar_variants = [\"ارهاب\",  # the same after normalisation\n  'الإرهاب',\n]\n\n\
             [[term]] # a comment\n\"ar\" = \"قمة\"\nen = \"summit\"\nen_alternatives = [\"Summit\", \"top\\u0020meeting\"]\n\
             note = \"\"\"\nTwo\nlines\"\"\"\n\n[[term]]\nen = 'a second summit'\nar = \"القمّة\"\nstatus = \"admitted\"\n\
             domain = \"diplomacy\"\nforbidden_en = []\n"
        );
        // The header after the terms, on CRLF lines.
        let late_header =
            "[[term]]\r\nar = \"هجوم\"\r\nen = \"attack\"\r\n\r\n[glossary]\r\nname = \"Late\"\r\n";
        for text in [BUILTIN_TEXT, slips.as_str(), late_header] {
            let (lean, (glossary, errors, warnings)) = both(text);
            assert!(errors.is_empty(), "{errors:?}");
            let (lean_glossary, lean_warnings) =
                lean.unwrap_or_else(|| panic!("the lean path takes {text}"));
            assert_eq!(lean_glossary, glossary);
            assert_eq!(lean_warnings, warnings);
            assert_eq!(check_with_warnings(text).2, warnings);
        }
        let (_, (glossary, _, warnings)) = both(&slips);
        assert_eq!(glossary.terms.len(), 3);
        assert_eq!(glossary.terms[1].note, "Two\nlines");
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(
            messages[0].contains("`en_alternatives` repeats `en`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("7:1: term #1 (إرهاب): `ارهاب` repeats `إرهاب`"),
            "{messages:?}"
        );
        assert!(
            messages[2].contains("`الإرهاب` repeats `إرهاب`"),
            "{messages:?}"
        );
        assert!(
            messages[3].contains("term #3 (القمّة): `القمّة` duplicates `قمة` of term #2 at line 14"),
            "{messages:?}"
        );
        assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    }

    const BUILTIN_TEXT: &str = super::super::BUILTIN_TOML;

    #[test]
    fn what_the_lean_path_turns_down_is_read_the_thorough_way() {
        let texts = [
            // Dotted keys, an inline table, a number where a string goes,
            // a duplicate key, a syntax error, an unknown key, no header.
            "glossary.name = \"Dotted\"\n[[term]]\nar = \"قمة\"\nen = \"summit\"\n".to_string(),
            format!("{HEADER}term = [{{ ar = \"قمة\", en = \"summit\" }}]\n"),
            format!("{HEADER}[[term]]\nar = \"قمة\"\nen = 3\n"),
            format!("{HEADER}[[term]]\nar = \"قمة\"\nen = \"a\"\nen = \"b\"\n"),
            format!("{HEADER}[[term]]\nar = \"قمة\nen = \"summit\"\n"),
            format!("{HEADER}[[term]]\nar = \"قمة\"\nen = \"summit\"\nenn = \"x\"\n"),
            "[[term]]\nar = \"قمة\"\nen = \"summit\"\n".to_string(),
        ];
        for text in &texts {
            let (lean, thorough) = both(text);
            assert!(lean.is_none(), "{text}");
            let (glossary, errors, warnings) = check_with_warnings(text);
            assert_eq!((glossary, errors, warnings), thorough);
        }
        let (glossary, errors, _) = check_with_warnings(&texts[0]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(glossary.name, "Dotted");
    }

    /// Distinct Arabic words, for large files.
    fn words(n: usize) -> Vec<String> {
        let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        (0..n)
            .map(|mut i| {
                (0..5)
                    .map(|_| {
                        let c = letters[i % letters.len()];
                        i /= letters.len();
                        c
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_large_file_read_in_pieces_reads_as_one() {
        let mut text = String::from(HEADER);
        for (n, word) in words(40_000).iter().enumerate() {
            text.push_str(&format!("\n[[term]]\nar = \"{word}\"\nen = \"term {n}\"\n"));
            if n % 1000 == 7 {
                text.push_str(&format!("ar_variants = [\"ال{word}\"]\n"));
            }
        }
        assert!(text.len() > 1 << 20);
        let (lean, thorough) = both(&text);
        let (glossary, warnings) = lean.expect("the lean path takes it");
        assert_eq!(glossary, thorough.0);
        assert_eq!(warnings, thorough.2);
        assert_eq!(warnings.len(), 40);
        assert_eq!(glossary.terms.len(), 40_000);
        // Strings with header lines in them: wherever the cuts fall, the
        // file reads as the thorough path reads it.
        let mut tricky = String::from(HEADER);
        for (n, word) in words(30_000).iter().enumerate() {
            tricky.push_str(&format!("\n[[term]]\nar = \"{word}\"\nen = \"term {n}\"\n"));
            if n % 3 == 0 {
                tricky.push_str("note = \"\"\"\n[[term]]\nnot a header\"\"\"\n");
            }
        }
        let result = check_with_warnings(&tricky);
        assert_eq!(result, both(&tricky).1);
        assert!(result.1.is_empty(), "{:?}", &result.1[..1]);
        assert_eq!(result.0.terms.len(), 30_000);
        assert_eq!(result.0.terms[0].note, "[[term]]\nnot a header");
        // A cut that surely falls inside a string (the middle of the file
        // is in one long note): the lean path gives up, the file still reads.
        let mut long = String::from(HEADER);
        for (n, word) in words(2_000).iter().enumerate() {
            long.push_str(&format!("\n[[term]]\nar = \"{word}\"\nen = \"term {n}\"\n"));
        }
        long.push_str("\n[[term]]\nar = \"قمة\"\nen = \"summit\"\nnote = \"\"\"\n");
        long.push_str(&"[[term]]\n".repeat(300_000));
        long.push_str("\"\"\"\n");
        let (lean, thorough) = both(&long);
        if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
            assert!(lean.is_none());
        }
        assert!(thorough.1.is_empty(), "{:?}", thorough.1);
        assert_eq!(check_with_warnings(&long), thorough);
        assert_eq!(thorough.0.terms.len(), 2_001);
    }
}
