//! Merging imported terms into a glossary: a preview that sorts each
//! incoming term into new, identical or conflicting (same Arabic after
//! normalisation, a different English or another field the file gives
//! differently), then the changes that follow from the user's choice per
//! conflict or for all.
//!
//! A field the file leaves empty (TSV has no variants, domain or status) is
//! not a difference, and taking the incoming term keeps it from the
//! existing one: an import never erases what the format cannot carry. For
//! the same reason an incoming `preferred` status, the default, does not
//! count as a difference.

use std::collections::HashMap;

use super::ImportedTerm;
use crate::glossary::rules::Field;
use crate::glossary::{Term, TermStatus, matcher};

/// How an incoming term relates to the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeKind {
    /// No existing term shares an Arabic form.
    New,
    /// Equal in every field to the existing term at this index.
    Identical { existing: usize },
    /// Shares an Arabic form with the existing term at this index, and the
    /// listed fields differ (`Field::En` among them: a different rendering).
    /// `merged` is what taking the incoming term gives: its fields over the
    /// existing ones, fields it leaves empty kept.
    Conflict {
        existing: usize,
        fields: Vec<Field>,
        merged: Box<Term>,
    },
}

/// One incoming term and what it would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeItem {
    pub incoming: ImportedTerm,
    pub kind: MergeKind,
}

/// What to do with a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resolution {
    /// Leave the existing term as it is (the default, and the CLI's without
    /// `--overwrite`).
    #[default]
    KeepExisting,
    /// Replace the existing term with the incoming one.
    TakeIncoming,
}

/// A change to apply to the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeChange {
    Add(Term),
    Replace { existing: usize, term: Term },
}

/// The preview of an import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergePlan {
    /// In file order.
    pub items: Vec<MergeItem>,
}

/// `existing` with every field `incoming` gives (non-empty) taken from it,
/// except `ar`: the two are the same Arabic (the incoming one may be a
/// variant, or another spelling), and the glossary's canonical form stays.
fn overlay(existing: &Term, incoming: &Term) -> Term {
    let mut out = existing.clone();
    let text = |mine: &mut String, theirs: &String| {
        if !theirs.is_empty() {
            mine.clone_from(theirs);
        }
    };
    text(&mut out.en, &incoming.en);
    text(&mut out.domain, &incoming.domain);
    text(&mut out.definition, &incoming.definition);
    text(&mut out.source, &incoming.source);
    text(&mut out.note, &incoming.note);
    text(&mut out.en_plural, &incoming.en_plural);
    for (mine, theirs) in [
        (&mut out.ar_variants, &incoming.ar_variants),
        (&mut out.ar_plurals, &incoming.ar_plurals),
        (&mut out.en_alternatives, &incoming.en_alternatives),
        (&mut out.forbidden_en, &incoming.forbidden_en),
        (&mut out.ar_exclude, &incoming.ar_exclude),
    ] {
        if !theirs.is_empty() {
            mine.clone_from(theirs);
        }
    }
    if incoming.status != TermStatus::Preferred {
        out.status = incoming.status;
    }
    if incoming.gender_inflects.is_some() {
        out.gender_inflects = incoming.gender_inflects;
    }
    out
}

fn differing_fields(a: &Term, b: &Term) -> Vec<Field> {
    let mut out = Vec::new();
    let mut check = |differs: bool, field| {
        if differs {
            out.push(field);
        }
    };
    check(a.ar != b.ar, Field::Ar);
    check(a.en != b.en, Field::En);
    check(a.ar_variants != b.ar_variants, Field::ArVariants);
    check(a.ar_plurals != b.ar_plurals, Field::ArPlurals);
    check(a.en_plural != b.en_plural, Field::EnPlural);
    check(
        a.en_alternatives != b.en_alternatives,
        Field::EnAlternatives,
    );
    check(a.forbidden_en != b.forbidden_en, Field::ForbiddenEn);
    check(a.ar_exclude != b.ar_exclude, Field::ArExclude);
    check(
        a.gender_inflects != b.gender_inflects,
        Field::GenderInflects,
    );
    check(a.domain != b.domain, Field::Domain);
    check(a.status != b.status, Field::Status);
    check(a.definition != b.definition, Field::Definition);
    check(a.source != b.source, Field::Source);
    check(a.note != b.note, Field::Note);
    out
}

impl MergePlan {
    /// Sorts `incoming` against `existing` (matched on Arabic forms, ar and
    /// variants, as the matcher compares them).
    pub fn new(existing: &[Term], incoming: Vec<ImportedTerm>) -> MergePlan {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (index, term) in existing.iter().enumerate() {
            for form in term.ar_forms() {
                by_key.entry(matcher::form_key(form)).or_insert(index);
            }
        }
        let items = incoming
            .into_iter()
            .map(|incoming| {
                let found = incoming
                    .term
                    .ar_forms()
                    .find_map(|form| by_key.get(&matcher::form_key(form)).copied());
                let kind = match found {
                    None => MergeKind::New,
                    Some(existing_index) => {
                        let current = &existing[existing_index];
                        let merged = overlay(current, &incoming.term);
                        let fields = differing_fields(current, &merged);
                        if fields.is_empty() {
                            MergeKind::Identical {
                                existing: existing_index,
                            }
                        } else {
                            MergeKind::Conflict {
                                existing: existing_index,
                                fields,
                                merged: Box::new(merged),
                            }
                        }
                    }
                };
                MergeItem { incoming, kind }
            })
            .collect();
        MergePlan { items }
    }

    /// How many are new, identical and conflicting.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for item in &self.items {
            match item.kind {
                MergeKind::New => counts.0 += 1,
                MergeKind::Identical { .. } => counts.1 += 1,
                MergeKind::Conflict { .. } => counts.2 += 1,
            }
        }
        counts
    }

    /// The conflicts, with their index in [`items`](Self::items).
    pub fn conflicts(&self) -> impl Iterator<Item = (usize, &MergeItem)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, item)| matches!(item.kind, MergeKind::Conflict { .. }))
    }

    /// The changes: every new term added, each conflict resolved by
    /// `resolve(item index)`; identical terms change nothing.
    pub fn changes(&self, resolve: impl Fn(usize) -> Resolution) -> Vec<MergeChange> {
        let mut out = Vec::new();
        for (index, item) in self.items.iter().enumerate() {
            match &item.kind {
                MergeKind::New => out.push(MergeChange::Add(item.incoming.term.clone())),
                MergeKind::Identical { .. } => {}
                MergeKind::Conflict {
                    existing, merged, ..
                } => {
                    if resolve(index) == Resolution::TakeIncoming {
                        out.push(MergeChange::Replace {
                            existing: *existing,
                            term: (**merged).clone(),
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(ar: &str, en: &str) -> Term {
        Term::new(ar, en)
    }

    fn imported(t: Term) -> ImportedTerm {
        ImportedTerm {
            term: t,
            line: 1,
            entry: "e".into(),
        }
    }

    #[test]
    fn sorts_new_identical_and_conflicting() {
        let mut existing = vec![term("قمة", "summit"), term("هجوم", "attack")];
        existing[1].ar_variants = vec!["هجمة".into()];
        let plan = MergePlan::new(
            &existing,
            vec![
                imported(term("القمّة", "summit")),
                imported(term("هجمة", "strike")),
                imported(term("عقوبات", "sanctions")),
            ],
        );
        // القمّة is قمة written differently, with the same English: identical.
        assert_eq!(plan.counts(), (1, 1, 1));
        let MergeKind::Conflict {
            existing: 1,
            fields,
            merged,
        } = &plan.items[1].kind
        else {
            panic!("{:?}", plan.items[1].kind)
        };
        // The canonical Arabic and the variants the file does not give are kept.
        assert_eq!(fields, &[Field::En]);
        assert_eq!(merged.ar, "هجوم");
        assert_eq!(merged.ar_variants, ["هجمة"]);
        let keep = plan.changes(|_| Resolution::KeepExisting);
        assert_eq!(keep, [MergeChange::Add(term("عقوبات", "sanctions"))]);
        let take = plan.changes(|i| {
            if i == 1 {
                Resolution::TakeIncoming
            } else {
                Resolution::KeepExisting
            }
        });
        assert_eq!(take.len(), 2);
        let same = MergePlan::new(&existing, vec![imported(existing[0].clone())]);
        assert_eq!(same.counts(), (0, 1, 0));
        // Less information is not a conflict.
        let bare = MergePlan::new(&existing, vec![imported(term("هجوم", "attack"))]);
        assert_eq!(bare.counts(), (0, 1, 0));
    }
}
