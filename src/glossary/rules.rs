//! The rules one term must satisfy on its own, shared by the file checker
//! (which adds line and column) and the editor (which shows them beside the
//! field). Rules across terms (duplicate Arabic forms) live with each of them,
//! since both need an index over the whole glossary.

use std::fmt;

use super::{DOMAINS, Term, matcher};

/// A field of a [`Term`], to place a message beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Ar,
    En,
    ArVariants,
    ArPlurals,
    ArExclude,
    GenderInflects,
    EnAlternatives,
    EnPlural,
    ForbiddenEn,
    Domain,
    Status,
    Definition,
    Source,
    Note,
}

impl Field {
    /// The key in glossary.toml.
    pub fn key(self) -> &'static str {
        match self {
            Field::Ar => "ar",
            Field::En => "en",
            Field::ArVariants => "ar_variants",
            Field::ArPlurals => "ar_plurals",
            Field::ArExclude => "ar_exclude",
            Field::GenderInflects => "gender_inflects",
            Field::EnAlternatives => "en_alternatives",
            Field::EnPlural => "en_plural",
            Field::ForbiddenEn => "forbidden_en",
            Field::Domain => "domain",
            Field::Status => "status",
            Field::Definition => "definition",
            Field::Source => "source",
            Field::Note => "note",
        }
    }
}

/// Whether a problem blocks the change (error) or is only pointed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The term cannot be stored as it is.
    Error,
    /// Allowed, but probably a slip (an alternative that repeats `en`).
    Warning,
}

/// One problem with one field of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermIssue {
    pub field: Field,
    pub severity: Severity,
    /// Names the key, e.g. "`en` is empty".
    pub message: String,
}

impl fmt::Display for TermIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn same_english(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Every problem of `term` taken alone, errors and warnings, in field order.
pub fn term_issues(term: &Term) -> Vec<TermIssue> {
    let mut out = Vec::new();
    let mut push = |field: Field, severity: Severity, message: String| {
        out.push(TermIssue {
            field,
            severity,
            message,
        });
    };
    if term.ar.trim().is_empty() {
        push(Field::Ar, Severity::Error, "`ar` is empty".to_string());
    } else if matcher::form_key(&term.ar).is_empty() {
        push(
            Field::Ar,
            Severity::Error,
            "`ar` has no letters to match".to_string(),
        );
    }
    if term.en.trim().is_empty() {
        push(Field::En, Severity::Error, "`en` is empty".to_string());
    }
    let lists = [
        (Field::ArVariants, &term.ar_variants),
        (Field::ArPlurals, &term.ar_plurals),
        (Field::ArExclude, &term.ar_exclude),
        (Field::EnAlternatives, &term.en_alternatives),
        (Field::ForbiddenEn, &term.forbidden_en),
    ];
    for (field, list) in lists {
        if list.iter().any(|s| s.trim().is_empty()) {
            push(
                field,
                Severity::Error,
                format!("`{}` has an empty entry", field.key()),
            );
        }
    }
    for exclude in &term.ar_exclude {
        if exclude.trim().is_empty() {
            continue;
        }
        if matcher::form_key(exclude).is_empty() {
            push(
                Field::ArExclude,
                Severity::Error,
                format!("`ar_exclude` entry `{exclude}` has no letters to match"),
            );
        } else if let Some(form) = term
            .ar_forms()
            .find(|f| matcher::form_key(f) == matcher::form_key(exclude))
        {
            push(
                Field::ArExclude,
                Severity::Error,
                format!("`ar_exclude` entry `{exclude}` is the term's own form `{form}`"),
            );
        }
    }
    for (field, forms) in [
        (Field::ArVariants, &term.ar_variants),
        (Field::ArPlurals, &term.ar_plurals),
    ] {
        for form in forms {
            if !form.trim().is_empty() && matcher::form_key(form).is_empty() {
                push(
                    field,
                    Severity::Error,
                    format!("`{}` entry `{form}` has no letters to match", field.key()),
                );
            }
        }
    }
    if !term.en_plural.is_empty() && term.en_plural.trim().is_empty() {
        push(
            Field::EnPlural,
            Severity::Error,
            "`en_plural` is blank (leave it out to derive the plural)".to_string(),
        );
    }
    if !term.en.trim().is_empty() {
        for alternative in &term.en_alternatives {
            if same_english(alternative, &term.en) {
                push(
                    Field::EnAlternatives,
                    Severity::Warning,
                    format!("`en_alternatives` repeats `en` (`{alternative}`)"),
                );
            }
        }
    }
    for forbidden in &term.forbidden_en {
        if !term.en.trim().is_empty() && same_english(forbidden, &term.en) {
            push(
                Field::ForbiddenEn,
                Severity::Error,
                format!("`forbidden_en` contains `en` itself (`{forbidden}`)"),
            );
        }
        if let Some(alt) = term
            .en_alternatives
            .iter()
            .find(|a| same_english(a, forbidden))
        {
            push(
                Field::ForbiddenEn,
                Severity::Error,
                format!("`forbidden_en` contains the alternative `{alt}`"),
            );
        }
    }
    if !term.domain.is_empty() && !DOMAINS.contains(&term.domain.as_str()) {
        push(
            Field::Domain,
            Severity::Error,
            format!(
                "unknown domain `{}` (allowed: {})",
                term.domain,
                DOMAINS.join(", ")
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(ar: &str, en: &str) -> Term {
        Term::new(ar, en)
    }

    #[test]
    fn empty_fields_and_repeats_are_found() {
        let issues = term_issues(&term(" ", ""));
        let fields: Vec<_> = issues.iter().map(|i| (i.field, i.severity)).collect();
        assert_eq!(
            fields,
            [(Field::Ar, Severity::Error), (Field::En, Severity::Error)]
        );

        let mut t = term("قمة", "summit");
        t.en_alternatives = vec!["Summit".into(), "top meeting".into()];
        t.forbidden_en = vec!["top meeting".into()];
        t.domain = "sport".into();
        let issues = term_issues(&t);
        assert_eq!(issues.len(), 3, "{issues:?}");
        assert_eq!(issues[0].field, Field::EnAlternatives);
        assert_eq!(issues[0].severity, Severity::Warning);
        assert!(issues[1].message.contains("alternative `top meeting`"));
        assert_eq!(issues[2].field, Field::Domain);
    }

    #[test]
    fn a_clean_term_has_no_issues() {
        let mut t = term("قرصنة", "hacking");
        t.forbidden_en = vec!["piracy".into()];
        t.domain = "cybersecurity".into();
        assert!(term_issues(&t).is_empty());
    }
}
