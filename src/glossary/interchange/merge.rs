//! Merging imported terms into a glossary: a preview that sorts each
//! incoming term into new, identical or conflicting (same Arabic after
//! normalisation, something else different), then the changes that follow
//! from the user's choice per conflict or for all.

use std::collections::HashMap;

use super::ImportedTerm;
use crate::glossary::rules::Field;
use crate::glossary::{Term, matcher};

/// How an incoming term relates to the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeKind {
    /// No existing term shares an Arabic form.
    New,
    /// Equal in every field to the existing term at this index.
    Identical { existing: usize },
    /// Shares an Arabic form with the existing term at this index, and the
    /// listed fields differ (`Field::En` among them: a different rendering).
    Conflict { existing: usize, fields: Vec<Field> },
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
    check(
        a.en_alternatives != b.en_alternatives,
        Field::EnAlternatives,
    );
    check(a.forbidden_en != b.forbidden_en, Field::ForbiddenEn);
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
                        let fields = differing_fields(&existing[existing_index], &incoming.term);
                        if fields.is_empty() {
                            MergeKind::Identical {
                                existing: existing_index,
                            }
                        } else {
                            MergeKind::Conflict {
                                existing: existing_index,
                                fields,
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
                MergeKind::Conflict { existing, .. } => {
                    if resolve(index) == Resolution::TakeIncoming {
                        out.push(MergeChange::Replace {
                            existing: *existing,
                            term: item.incoming.term.clone(),
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
        Term {
            ar: ar.into(),
            en: en.into(),
            ..Term::default()
        }
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
        assert_eq!(plan.counts(), (1, 0, 2));
        assert_eq!(
            plan.items[1].kind,
            MergeKind::Conflict {
                existing: 1,
                fields: vec![Field::Ar, Field::En, Field::ArVariants]
            }
        );
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
    }
}
