//! Reading `glossary.toml` with every problem reported by line and column.
//!
//! The file is parsed with toml_edit (which keeps spans) and checked by hand
//! rather than through serde, so that one run lists every problem, not only
//! the first.

use std::collections::HashMap;
use std::fmt;

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
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

const GLOSSARY_KEYS: &[&str] = &["name", "source_language", "target_language"];
const TERM_KEYS: &[&str] = &[
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
/// (which made reports of many problems quadratic).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset, as
    /// [`line_column`] gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
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
        });
    }

    fn warn(&mut self, offset: usize, message: String) {
        let (line, column) = self.lines.line_column(offset);
        self.warnings.push(Problem {
            line,
            column,
            message,
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

/// Parses `text` as a glossary; returns what could be read and every problem.
pub fn check(text: &str) -> (Glossary, Vec<Problem>) {
    let (glossary, problems, _) = check_with_warnings(text);
    (glossary, problems)
}

/// Like [`check`], also returning warnings (allowed, but probably slips).
pub fn check_with_warnings(text: &str) -> (Glossary, Vec<Problem>, Vec<Problem>) {
    let mut checker = Checker {
        lines: LineIndex::new(text),
        problems: Vec::new(),
        warnings: Vec::new(),
    };
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
    let name = |term: &Term| {
        if term.ar.is_empty() {
            format!("term #{number}")
        } else {
            format!("term #{number} ({})", term.ar)
        }
    };
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

/// Two forms that the matcher cannot tell apart are one entry written twice.
/// `places` holds each term's number in the file and its byte offset.
fn check_duplicates(checker: &mut Checker, terms: &[Term], places: &[(usize, usize)]) {
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    for (index, term) in terms.iter().enumerate() {
        for form in term.ar_forms() {
            let key = matcher::form_key(form);
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                Some((other, other_form)) if *other == index => {
                    let message = format!(
                        "term #{} ({}): `{form}` repeats `{other_form}` after normalisation",
                        places[index].0, term.ar
                    );
                    checker.at(places[index].1, message);
                }
                Some((other, other_form)) => {
                    let line = checker.lines.line(places[*other].1);
                    let message = format!(
                        "term #{} ({}): `{form}` duplicates `{other_form}` of term #{} at line {line} after normalisation",
                        places[index].0, term.ar, places[*other].0
                    );
                    checker.at(places[index].1, message);
                }
                None => {
                    seen.insert(key, (index, form.to_string()));
                }
            }
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
        // القمّة is قمة with the article and a shadda: the matcher cannot tell them apart.
        assert!(
            p.iter()
                .any(|m| m
                    .contains("term #5 (القمّة): `القمّة` duplicates `قمة` of term #1 at line 6")),
            "{p:?}"
        );
        assert_eq!(p.len(), 5, "{p:?}");
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
}
