//! The glossary editing model: what the editor window renders and the only
//! way it changes the glossary. The UI sends [`EditCommand`]s, shows
//! [`Diagnostic`]s beside fields (computed with
//! [`GlossaryEditor::validate_draft`] as the user types), and brings its
//! matcher up to date when [`GlossaryEditor::revision`] changes, from
//! [`GlossaryEditor::changes_since`]. The glossary held never has an error:
//! a command whose result would not pass `glossary check` is refused whole
//! and changes nothing. Warnings (a duplicate variant, two terms with the
//! same Arabic) are allowed, as in the file, and listed by
//! [`GlossaryEditor::problems`] with a fix each. Every accepted command is
//! one undo step.
//!
//! ```no_run
//! use tarjuman::glossary::edit::{EditCommand, GlossaryEditor};
//! use tarjuman::glossary::{Glossary, Term};
//! let mut editor = GlossaryEditor::new(Glossary::builtin());
//! let id = editor
//!     .apply(EditCommand::Add(Term { ar: "عقوبات ذكية".into(), en: "smart sanctions".into(), ..Term::default() }))
//!     .unwrap();
//! editor.undo();
//! ```

use std::fmt;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::live::TermChange;
use super::propose::{Proposal, propose};
use super::rules::{Field, Severity, term_issues};
use super::save::{GlossaryFile, SaveError};
use super::{Glossary, GlossaryError, Term, TermStatus, matcher};

/// A term's identity while the editor is open (stable across edits, undo
/// and saves; not stored in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(u64);

/// A change the UI asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditCommand {
    /// Appends a new term.
    Add(Term),
    /// Replaces a term's fields.
    Update {
        id: TermId,
        term: Term,
    },
    Delete(TermId),
    /// Folds `draft` into the term `into` (the "merge as a variant" offered
    /// for a duplicate): its Arabic forms the glossary lacks become variants,
    /// its English renderings alternatives (forbidden ones stay forbidden),
    /// its empty-in-target fields fill in. With `replacing`, that term (the
    /// one being edited into a duplicate) is deleted in the same step.
    MergeInto {
        draft: Term,
        into: TermId,
        replacing: Option<TermId>,
    },
    /// Several commands as one undo step (an import); all or nothing.
    Batch(Vec<EditCommand>),
}

/// A quick fix offered with a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Send `EditCommand::MergeInto { into, .. }` with the draft (the
    /// window also offers to go to that term).
    MergeInto { into: TermId },
    /// Drop `ar_variants[index]`: it repeats another form of the term.
    RemoveVariant { index: usize },
}

/// One validation message, placed on a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub field: Field,
    pub severity: Severity,
    pub message: String,
    /// The term concerned, by its Arabic (for messages about a batch).
    pub term: String,
    pub fix: Option<Fix>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.term.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.term, self.message)
        }
    }
}

/// Why a command was refused; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    #[error("no such term (it was deleted)")]
    UnknownTerm(TermId),
}

/// A table column, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    /// File order.
    #[default]
    Position,
    Ar,
    En,
    Alternatives,
    Domain,
    Status,
    Note,
}

/// The rows the table shows: filter and sort.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermQuery {
    /// Typed text, matched in either language: Arabic against every Arabic
    /// form normalised like the matcher (article ignored), Latin case-insensitively against
    /// English, alternatives and the note.
    pub text: String,
    pub domain: Option<String>,
    pub status: Option<TermStatus>,
    pub sort: Column,
    pub descending: bool,
}

#[derive(Debug, Clone)]
enum Op {
    Insert {
        index: usize,
        id: TermId,
        term: Term,
    },
    Remove {
        index: usize,
        id: TermId,
        term: Term,
    },
    Replace {
        index: usize,
        before: Box<Term>,
        after: Box<Term>,
    },
}

/// The open glossary, its history and (if any) its file.
#[derive(Debug)]
pub struct GlossaryEditor {
    glossary: Glossary,
    ids: Vec<TermId>,
    /// Normalised Arabic forms of each term, for filtering.
    search_ar: Vec<String>,
    /// Form key → terms having a form with that key.
    forms: FxHashMap<String, Holders>,
    /// TermId → index of its `[[term]]` in the file as last loaded or saved.
    origins: FxHashMap<TermId, usize>,
    next_id: u64,
    undo: Vec<(u64, Vec<Op>)>,
    redo: Vec<(u64, Vec<Op>)>,
    next_step: u64,
    saved_step: u64,
    revision: u64,
    file: Option<GlossaryFile>,
    /// Form keys that more than one form has (a duplicate warning each).
    duplicate_keys: FxHashSet<String>,
    /// Terms whose own rules warn (e.g. an alternative that repeats `en`);
    /// `None` until [`problems`](Self::problems) first asks.
    rule_warned: Option<FxHashSet<TermId>>,
    /// Every change to the list of terms, with the revision it belongs to,
    /// complete from `log_base` on (see [`changes_since`](Self::changes_since)).
    log: Vec<(u64, TermChange)>,
    log_base: u64,
}

/// The terms that have a form with one key (a term twice if two of its
/// forms have it): nearly always one, so a list; past a few (a glossary of
/// duplicates), an ordered map, so that adding, removing and finding
/// another stay logarithmic — 100,000 terms with one Arabic were minutes of
/// list scans.
#[derive(Debug, Clone)]
enum Holders {
    Few(Vec<TermId>),
    /// Each id with how often it holds the key, and the sum.
    Many(std::collections::BTreeMap<TermId, u32>, usize),
}

impl Default for Holders {
    fn default() -> Self {
        Holders::Few(Vec::new())
    }
}

impl Holders {
    const FEW: usize = 16;

    fn len(&self) -> usize {
        match self {
            Holders::Few(ids) => ids.len(),
            Holders::Many(_, n) => *n,
        }
    }

    fn add(&mut self, id: TermId) {
        match self {
            Holders::Few(ids) if ids.len() < Self::FEW => ids.push(id),
            Holders::Few(ids) => {
                let mut map = std::collections::BTreeMap::new();
                for &i in ids.iter().chain([&id]) {
                    *map.entry(i).or_insert(0) += 1;
                }
                *self = Holders::Many(map, Self::FEW + 1);
            }
            Holders::Many(map, n) => {
                *map.entry(id).or_insert(0) += 1;
                *n += 1;
            }
        }
    }

    /// Removes one holding of `id`; whether there was one.
    fn remove(&mut self, id: TermId) -> bool {
        match self {
            Holders::Few(ids) => match ids.iter().rposition(|&i| i == id) {
                Some(at) => {
                    ids.remove(at);
                    true
                }
                None => false,
            },
            Holders::Many(map, n) => match map.get_mut(&id) {
                Some(count) => {
                    *count -= 1;
                    if *count == 0 {
                        map.remove(&id);
                    }
                    *n -= 1;
                    true
                }
                None => false,
            },
        }
    }

    fn first(&self) -> Option<TermId> {
        match self {
            Holders::Few(ids) => ids.first().copied(),
            Holders::Many(map, _) => map.keys().next().copied(),
        }
    }

    /// The first holder that is not `not`.
    fn first_other(&self, not: Option<TermId>) -> Option<TermId> {
        match self {
            Holders::Few(ids) => ids.iter().copied().find(|&id| Some(id) != not),
            Holders::Many(map, _) => map.keys().copied().find(|&id| Some(id) != not),
        }
    }

    fn ids(&self) -> Box<dyn Iterator<Item = TermId> + '_> {
        match self {
            Holders::Few(ids) => Box::new(ids.iter().copied()),
            Holders::Many(map, _) => Box::new(map.keys().copied()),
        }
    }
}

/// Changes kept for [`GlossaryEditor::changes_since`]; beyond this (a huge
/// import), whoever follows the editor starts again from the glossary.
const LOG_LIMIT: usize = 20_000;

fn same_english(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether the term's own rules warn about it.
fn rule_warns(term: &Term) -> bool {
    term_issues(term)
        .iter()
        .any(|i| i.severity == Severity::Warning)
}

impl GlossaryEditor {
    /// Edits a glossary that has no file (the built-in one); saving needs
    /// [`set_file`](Self::set_file) first.
    pub fn new(glossary: Glossary) -> GlossaryEditor {
        let mut editor = GlossaryEditor {
            glossary: Glossary {
                terms: Vec::new(),
                ..glossary.clone()
            },
            ids: Vec::new(),
            search_ar: Vec::new(),
            forms: FxHashMap::default(),
            origins: FxHashMap::default(),
            next_id: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            next_step: 1,
            saved_step: 0,
            revision: 0,
            file: None,
            duplicate_keys: FxHashSet::default(),
            rule_warned: None,
            log: Vec::new(),
            log_base: 0,
        };
        for term in glossary.terms {
            let id = editor.fresh_id();
            let index = editor.glossary.terms.len();
            editor.insert(index, id, term);
        }
        editor
    }

    /// Edits the glossary of a loaded file; saves go back to it.
    pub fn with_file(file: GlossaryFile) -> GlossaryEditor {
        let mut editor = GlossaryEditor::new(file.glossary.clone());
        editor.origins = editor.ids.iter().copied().zip(0..).collect();
        editor.file = Some(file);
        editor
    }

    /// Loads `path` for editing.
    pub fn open(path: &Path) -> Result<GlossaryEditor, GlossaryError> {
        Ok(GlossaryEditor::with_file(GlossaryFile::load(path)?))
    }

    /// Keeps `lock` on the file (see [`GlossaryFile::keep_lock`]).
    pub fn keep_lock(&mut self, lock: crate::FileLock) {
        if let Some(file) = self.file.as_mut() {
            file.keep_lock(lock);
        }
    }

    /// Where saves go from now on (the file need not exist yet).
    pub fn set_file(&mut self, path: &Path) {
        self.file = Some(GlossaryFile::new_file(path, Glossary::default()));
        self.origins.clear();
        self.saved_step = u64::MAX;
    }

    /// The file, if any.
    pub fn file(&self) -> Option<&GlossaryFile> {
        self.file.as_ref()
    }

    /// The glossary as it stands (valid), for the matcher and the table.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Changes on every accepted command, undo and redo: rebuild what
    /// depends on the glossary (the matcher) when it differs from last frame.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The id of the term at `index` in [`glossary`](Self::glossary)`.terms`
    /// (a `Match::term`).
    pub fn id_at(&self, index: usize) -> Option<TermId> {
        self.ids.get(index).copied()
    }

    /// The position of a term in [`glossary`](Self::glossary)`.terms`.
    /// Ids are handed out in increasing order and terms are only appended,
    /// removed or put back where they were, so `ids` stays sorted and a
    /// binary search finds one (checked; a linear scan is the fallback).
    /// A linear scan alone made validating a batch of n new terms O(n²).
    pub fn index_of(&self, id: TermId) -> Option<usize> {
        match self.ids.binary_search(&id) {
            Ok(index) => Some(index),
            Err(_) => self.ids.iter().position(|&i| i == id),
        }
    }

    pub fn get(&self, id: TermId) -> Option<&Term> {
        self.index_of(id).map(|i| &self.glossary.terms[i])
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether there are changes not saved.
    pub fn is_dirty(&self) -> bool {
        self.current_step() != self.saved_step
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn current_step(&self) -> u64 {
        self.undo.last().map_or(0, |(step, _)| *step)
    }

    fn fresh_id(&mut self) -> TermId {
        self.next_id += 1;
        TermId(self.next_id - 1)
    }

    /// Every problem `draft` would have if stored, as the term `editing`
    /// (`None` for a new term): the per-term rules, plus duplicates of
    /// another term's Arabic form (with the merge fix) or of its own.
    pub fn validate_draft(&self, draft: &Term, editing: Option<TermId>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = term_issues(draft)
            .into_iter()
            .map(|issue| Diagnostic {
                field: issue.field,
                severity: issue.severity,
                message: issue.message,
                term: draft.ar.clone(),
                fix: None,
            })
            .collect();
        let mut own: FxHashMap<String, &str> = FxHashMap::default();
        for (position, form) in draft.ar_forms().enumerate() {
            let field = if position == 0 {
                Field::Ar
            } else {
                Field::ArVariants
            };
            let key = matcher::form_key(form);
            if key.is_empty() {
                continue;
            }
            if let Some(first) = own.get(&key) {
                // The first form is `ar`: a repeat is always a variant.
                out.push(Diagnostic {
                    field,
                    severity: Severity::Warning,
                    message: format!("`{form}` repeats `{first}` after normalisation"),
                    term: draft.ar.clone(),
                    fix: Some(Fix::RemoveVariant {
                        index: position - 1,
                    }),
                });
                continue;
            }
            own.insert(key.clone(), form);
            let other = self
                .forms
                .get(&key)
                .and_then(|ids| ids.first_other(editing));
            if let Some(other) = other {
                let existing = self.get(other).expect("indexed terms exist");
                out.push(Diagnostic {
                    field,
                    severity: Severity::Warning,
                    message: format!(
                        "`{form}` duplicates the term {} → {} after normalisation; merge it as a variant?",
                        existing.ar, existing.en
                    ),
                    term: draft.ar.clone(),
                    fix: Some(Fix::MergeInto { into: other }),
                });
            }
        }
        out
    }

    /// The problems of the stored term `id` (warnings only, since stored
    /// terms are valid), for marking rows.
    pub fn diagnostics(&self, id: TermId) -> Vec<Diagnostic> {
        self.get(id)
            .map(|t| self.validate_draft(t, Some(id)))
            .unwrap_or_default()
    }

    /// The terms that have warnings, in glossary order (their messages and
    /// fixes from [`diagnostics`](Self::diagnostics)). Kept up to date edit
    /// by edit: the cost is that of the terms with warnings, not of the
    /// glossary (but for the first call, which reads every term once).
    pub fn problems(&mut self) -> Vec<TermId> {
        if self.rule_warned.is_none() {
            let warned = self
                .ids
                .iter()
                .zip(&self.glossary.terms)
                .filter(|(_, term)| rule_warns(term))
                .map(|(&id, _)| id)
                .collect();
            self.rule_warned = Some(warned);
        }
        let mut ids: Vec<TermId> = self.rule_warned.iter().flatten().copied().collect();
        for key in &self.duplicate_keys {
            ids.extend(self.forms.get(key).into_iter().flat_map(Holders::ids));
        }
        let mut indexed: Vec<(usize, TermId)> = ids
            .into_iter()
            .filter_map(|id| self.index_of(id).map(|i| (i, id)))
            .collect();
        indexed.sort_unstable();
        indexed.dedup();
        indexed.into_iter().map(|(_, id)| id).collect()
    }

    /// The command that applies `fix` to the stored term `id` (`None` if
    /// it no longer applies).
    pub fn fix_command(&self, id: TermId, fix: Fix) -> Option<EditCommand> {
        let term = self.get(id)?;
        match fix {
            Fix::MergeInto { into } => {
                self.get(into)?;
                Some(EditCommand::MergeInto {
                    draft: term.clone(),
                    into,
                    replacing: Some(id),
                })
            }
            Fix::RemoveVariant { index } => {
                let mut term = term.clone();
                (index < term.ar_variants.len()).then(|| {
                    term.ar_variants.remove(index);
                    EditCommand::Update { id, term }
                })
            }
        }
    }

    /// The changes to the list of terms since `revision` (in order), or
    /// `None` when they are not all known (another glossary was loaded, or
    /// too much changed): then start again from [`glossary`](Self::glossary).
    pub fn changes_since(&self, revision: u64) -> Option<Vec<TermChange>> {
        if revision < self.log_base || revision > self.revision {
            return None;
        }
        let start = self.log.partition_point(|(r, _)| *r <= revision);
        Some(self.log[start..].iter().map(|(_, c)| c.clone()).collect())
    }

    /// Forgets the changes log when it has grown too long.
    fn trim_log(&mut self) {
        if self.log.len() > LOG_LIMIT {
            self.log.clear();
            self.log_base = self.revision;
        }
    }

    /// Applies a command as one undo step. Returns the term added, updated or
    /// merged into (`None` for a delete or batch).
    pub fn apply(&mut self, command: EditCommand) -> Result<Option<TermId>, EditError> {
        let logged = self.log.len();
        let mut ops = Vec::new();
        let mut touched = Vec::new();
        let result = self.perform(command, &mut ops, &mut touched);
        let result = result.and_then(|id| {
            let mut problems = Vec::new();
            let mut seen = FxHashSet::default();
            for id in touched {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(term) = self.get(id) {
                    problems.extend(
                        self.validate_draft(term, Some(id))
                            .into_iter()
                            .filter(|d| d.severity == Severity::Error),
                    );
                }
            }
            if problems.is_empty() {
                Ok(id)
            } else {
                Err(EditError::Invalid(problems))
            }
        });
        if result.is_err() {
            self.unwind(ops);
            self.log.truncate(logged);
            return result;
        }
        if !ops.is_empty() {
            self.undo.push((self.next_step, ops));
            self.next_step += 1;
            self.redo.clear();
            self.revision += 1;
            self.trim_log();
        }
        result
    }

    /// Undoes the last step; false if there is none.
    pub fn undo(&mut self) -> bool {
        let Some((step, ops)) = self.undo.pop() else {
            return false;
        };
        let inverse = self.unwind(ops);
        self.redo.push((step, inverse));
        self.revision += 1;
        self.trim_log();
        true
    }

    /// Redoes the last undone step; false if there is none.
    pub fn redo(&mut self) -> bool {
        let Some((step, ops)) = self.redo.pop() else {
            return false;
        };
        let inverse = self.unwind(ops);
        self.undo.push((step, inverse));
        self.revision += 1;
        self.trim_log();
        true
    }

    /// Applies the inverse of `ops` in reverse order; returns the ops as
    /// run, which `unwind` turns back (for redo after undo and vice versa).
    fn unwind(&mut self, ops: Vec<Op>) -> Vec<Op> {
        let mut ran = Vec::with_capacity(ops.len());
        for op in ops.into_iter().rev() {
            let inverse = match op {
                Op::Insert { index, id, term } => Op::Remove { index, id, term },
                Op::Remove { index, id, term } => Op::Insert { index, id, term },
                Op::Replace {
                    index,
                    before,
                    after,
                } => Op::Replace {
                    index,
                    before: after,
                    after: before,
                },
            };
            ran.push(self.run(inverse));
        }
        ran
    }

    /// Runs one op on the state; returns it (for the history).
    fn run(&mut self, op: Op) -> Op {
        let change = match &op {
            Op::Insert { index, term, .. } => TermChange::Insert {
                index: *index,
                term: term.clone(),
            },
            Op::Remove { index, .. } => TermChange::Remove { index: *index },
            Op::Replace { index, after, .. } => TermChange::Replace {
                index: *index,
                term: (**after).clone(),
            },
        };
        self.log.push((self.revision + 1, change));
        match op {
            Op::Insert { index, id, term } => {
                self.insert(index, id, term.clone());
                Op::Insert { index, id, term }
            }
            Op::Remove { index, id, .. } => {
                let term = self.remove(index);
                Op::Remove { index, id, term }
            }
            Op::Replace { index, after, .. } => {
                let before = self.replace(index, (*after).clone());
                Op::Replace {
                    index,
                    before: Box::new(before),
                    after,
                }
            }
        }
    }

    fn index_forms(&mut self, id: TermId, term: &Term, add: bool) {
        for form in term.ar_forms() {
            let key = matcher::form_key(form);
            if key.is_empty() {
                continue;
            }
            let ids = self.forms.entry(key.clone()).or_default();
            if add {
                ids.add(id);
                if ids.len() == 2 {
                    self.duplicate_keys.insert(key);
                }
            } else if ids.remove(id) {
                match ids.len() {
                    0 => {
                        self.forms.remove(&key);
                    }
                    1 => {
                        self.duplicate_keys.remove(&key);
                    }
                    _ => {}
                }
            }
        }
    }

    fn search_key(term: &Term) -> String {
        term.ar_forms()
            .map(matcher::form_key)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Keeps [`rule_warned`](Self::rule_warned) in step with term `id`
    /// (`None`: removed).
    fn note_rules(&mut self, id: TermId, term: Option<&Term>) {
        if let Some(warned) = &mut self.rule_warned {
            if term.is_some_and(rule_warns) {
                warned.insert(id);
            } else {
                warned.remove(&id);
            }
        }
    }

    fn insert(&mut self, index: usize, id: TermId, term: Term) {
        self.note_rules(id, Some(&term));
        self.index_forms(id, &term, true);
        self.search_ar.insert(index, Self::search_key(&term));
        self.ids.insert(index, id);
        self.glossary.terms.insert(index, term);
    }

    fn remove(&mut self, index: usize) -> Term {
        let id = self.ids.remove(index);
        self.search_ar.remove(index);
        let term = self.glossary.terms.remove(index);
        self.index_forms(id, &term, false);
        self.note_rules(id, None);
        term
    }

    fn replace(&mut self, index: usize, term: Term) -> Term {
        let id = self.ids[index];
        self.note_rules(id, Some(&term));
        let before = std::mem::replace(&mut self.glossary.terms[index], term.clone());
        self.index_forms(id, &before, false);
        self.index_forms(id, &term, true);
        self.search_ar[index] = Self::search_key(&term);
        before
    }

    fn perform(
        &mut self,
        command: EditCommand,
        ops: &mut Vec<Op>,
        touched: &mut Vec<TermId>,
    ) -> Result<Option<TermId>, EditError> {
        match command {
            EditCommand::Add(term) => {
                let id = self.fresh_id();
                let index = self.glossary.terms.len();
                ops.push(self.run(Op::Insert { index, id, term }));
                touched.push(id);
                Ok(Some(id))
            }
            EditCommand::Update { id, term } => {
                let index = self.index_of(id).ok_or(EditError::UnknownTerm(id))?;
                if self.glossary.terms[index] != term {
                    ops.push(self.run(Op::Replace {
                        index,
                        before: Box::default(),
                        after: Box::new(term),
                    }));
                    touched.push(id);
                }
                Ok(Some(id))
            }
            EditCommand::Delete(id) => {
                let index = self.index_of(id).ok_or(EditError::UnknownTerm(id))?;
                ops.push(self.run(Op::Remove {
                    index,
                    id,
                    term: Term::default(),
                }));
                Ok(None)
            }
            EditCommand::MergeInto {
                draft,
                into,
                replacing,
            } => {
                if let Some(old) = replacing.filter(|&r| r != into) {
                    let index = self.index_of(old).ok_or(EditError::UnknownTerm(old))?;
                    ops.push(self.run(Op::Remove {
                        index,
                        id: old,
                        term: Term::default(),
                    }));
                }
                let index = self.index_of(into).ok_or(EditError::UnknownTerm(into))?;
                let merged = self.merged(&self.glossary.terms[index], &draft, into);
                ops.push(self.run(Op::Replace {
                    index,
                    before: Box::default(),
                    after: Box::new(merged),
                }));
                touched.push(into);
                Ok(Some(into))
            }
            EditCommand::Batch(commands) => {
                for command in commands {
                    self.perform(command, ops, touched)?;
                }
                Ok(None)
            }
        }
    }

    /// `target` with `draft` folded in (see [`EditCommand::MergeInto`]).
    fn merged(&self, target: &Term, draft: &Term, target_id: TermId) -> Term {
        let mut out = target.clone();
        let mut keys: FxHashSet<String> = out.ar_forms().map(matcher::form_key).collect();
        let plurals_from = 1 + draft.ar_variants.len();
        for (n, form) in draft.ar_forms().enumerate() {
            let key = matcher::form_key(form);
            let taken_elsewhere = self
                .forms
                .get(&key)
                .is_some_and(|ids| ids.first_other(Some(target_id)).is_some());
            if !key.is_empty() && !taken_elsewhere && keys.insert(key) {
                // A plural stays a plural (the English agrees with it).
                if n >= plurals_from {
                    out.ar_plurals.push(form.to_string());
                } else {
                    out.ar_variants.push(form.to_string());
                }
            }
        }
        let known = |out: &Term, en: &str| {
            std::iter::once(&out.en)
                .chain(&out.en_alternatives)
                .chain(&out.forbidden_en)
                .any(|e| same_english(e, en))
        };
        let renderings = std::iter::once(&draft.en).chain(&draft.en_alternatives);
        for en in renderings {
            if !en.trim().is_empty() && !known(&out, en) {
                if draft.status.is_do_not_use() && *en == draft.en {
                    out.forbidden_en.push(en.clone());
                } else {
                    out.en_alternatives.push(en.clone());
                }
            }
        }
        for en in &draft.forbidden_en {
            if !known(&out, en) {
                out.forbidden_en.push(en.clone());
            }
        }
        for (mine, theirs) in [
            (&mut out.domain, &draft.domain),
            (&mut out.definition, &draft.definition),
            (&mut out.source, &draft.source),
            (&mut out.en_plural, &draft.en_plural),
        ] {
            if mine.is_empty() {
                mine.clone_from(theirs);
            }
        }
        if !draft.note.is_empty() && !out.note.contains(draft.note.as_str()) {
            if !out.note.is_empty() {
                out.note.push('\n');
            }
            out.note.push_str(&draft.note);
        }
        out
    }

    /// The term having `form` (any spelling the matcher cannot tell apart).
    pub fn find_form(&self, form: &str) -> Option<TermId> {
        self.forms
            .get(&matcher::form_key(form))
            .and_then(Holders::first)
    }

    /// The new-term proposal for a selection (Ctrl+Shift+G); `known` in its
    /// candidates are indices into [`glossary`](Self::glossary)`.terms`.
    pub fn propose_from_selection(&self, ar: &str, en: Option<&str>) -> Proposal {
        propose(ar, en, &|form| {
            self.find_form(form).and_then(|id| self.index_of(id))
        })
    }

    /// The rows to show, as indices into [`glossary`](Self::glossary)`.terms`.
    pub fn query(&self, query: &TermQuery) -> Vec<usize> {
        let text = query.text.trim();
        let arabic = text.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}'));
        let needle = if arabic {
            matcher::form_key(text)
        } else {
            text.to_lowercase()
        };
        let terms = &self.glossary.terms;
        let mut rows: Vec<usize> = (0..terms.len())
            .filter(|&i| {
                let t = &terms[i];
                if query.domain.as_ref().is_some_and(|d| *d != t.domain) {
                    return false;
                }
                if query.status.is_some_and(|s| s != t.status) {
                    return false;
                }
                if needle.is_empty() {
                    return true;
                }
                if arabic {
                    return self.search_ar[i].contains(&needle);
                }
                std::iter::once(&t.en)
                    .chain(&t.en_alternatives)
                    .chain(&t.forbidden_en)
                    .chain(std::iter::once(&t.note))
                    .any(|s| s.to_lowercase().contains(&needle))
            })
            .collect();
        let key = |i: &usize| -> String {
            let t = &terms[*i];
            match query.sort {
                Column::Position => String::new(),
                Column::Ar => self.search_ar[*i].clone(),
                Column::En => t.en.to_lowercase(),
                Column::Alternatives => t.en_alternatives.join(", ").to_lowercase(),
                Column::Domain => t.domain.clone(),
                Column::Status => format!("{}", t.status as u8),
                Column::Note => t.note.to_lowercase(),
            }
        };
        if query.sort != Column::Position {
            rows.sort_by_cached_key(key);
        }
        if query.descending {
            rows.reverse();
        }
        rows
    }

    /// Whether the file changed on disk since it was loaded or saved.
    pub fn changed_on_disk(&self) -> bool {
        self.file
            .as_ref()
            .is_some_and(GlossaryFile::changed_on_disk)
    }

    /// Saves to the file, keeping its formatting (see [`GlossaryFile::save`]).
    /// `overwrite_changed` answers "the file changed on disk: overwrite?".
    pub fn save(&mut self, overwrite_changed: bool) -> Result<(), SaveError> {
        let Some(file) = self.file.as_mut() else {
            return Err(SaveError::Io {
                path: "<built-in glossary>".to_string(),
                message: "no file to save to (choose one with Save as…)".to_string(),
            });
        };
        let entries = self
            .ids
            .iter()
            .zip(&self.glossary.terms)
            .map(|(id, term)| (self.origins.get(id).copied(), term));
        file.save(&self.glossary, entries, overwrite_changed)?;
        self.origins = self.ids.iter().copied().zip(0..).collect();
        self.saved_step = self.current_step();
        Ok(())
    }

    /// Throws away the edits and history and reads the file again.
    pub fn reload(&mut self) -> Result<(), GlossaryError> {
        let Some(path) = self.file.as_ref().map(|f| f.path.clone()) else {
            return Ok(());
        };
        let revision = self.revision;
        *self = GlossaryEditor::open(&path)?;
        self.revision = revision + 1;
        // Nothing before this is a change of this glossary.
        self.log_base = self.revision;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(ar: &str, en: &str) -> Term {
        Term::new(ar, en)
    }

    fn editor() -> GlossaryEditor {
        let g = Glossary {
            name: "T".into(),
            source_language: "ar".into(),
            target_language: "en".into(),
            terms: vec![term("قمة", "summit"), term("هجوم", "attack")],
        };
        GlossaryEditor::new(g)
    }

    #[test]
    fn add_update_delete_with_undo_and_redo() {
        let mut ed = editor();
        let r0 = ed.revision();
        let id = ed
            .apply(EditCommand::Add(term("عقوبات", "sanctions")))
            .unwrap()
            .unwrap();
        assert_eq!(ed.len(), 3);
        assert!(ed.revision() > r0);
        let mut changed = ed.get(id).unwrap().clone();
        changed.en = "sanctions (pl.)".into();
        ed.apply(EditCommand::Update { id, term: changed }).unwrap();
        let first = ed.id_at(0).unwrap();
        ed.apply(EditCommand::Delete(first)).unwrap();
        assert_eq!(ed.glossary().terms[0].ar, "هجوم");
        assert!(ed.undo());
        assert_eq!(ed.glossary().terms[0].ar, "قمة");
        assert_eq!(ed.id_at(0), Some(first));
        assert!(ed.undo());
        assert_eq!(ed.get(id).unwrap().en, "sanctions");
        assert!(ed.undo());
        assert_eq!(ed.len(), 2);
        assert!(!ed.undo());
        assert!(ed.redo() && ed.redo() && ed.redo());
        assert_eq!(ed.len(), 2);
        assert_eq!(ed.get(id).unwrap().en, "sanctions (pl.)");
        assert!(!ed.redo());
        // The duplicate index follows undo/redo: قمة is free again.
        assert!(ed.validate_draft(&term("القمة", "x"), None).is_empty());
    }

    #[test]
    fn invalid_commands_change_nothing_and_offer_a_merge() {
        let mut ed = editor();
        let before = ed.glossary().clone();
        let err = ed.apply(EditCommand::Add(term("القمّة", ""))).unwrap_err();
        let EditError::Invalid(diags) = err else {
            panic!()
        };
        assert!(
            diags
                .iter()
                .any(|d| d.field == Field::En && d.message.contains("empty"))
        );
        // The duplicate Arabic is only a warning, offered with the merge.
        assert!(diags.iter().all(|d| d.field != Field::Ar), "{diags:?}");
        let warnings = ed.validate_draft(&term("القمّة", ""), None);
        let dup = warnings.iter().find(|d| d.field == Field::Ar).unwrap();
        assert_eq!(dup.severity, Severity::Warning);
        let summit = ed.id_at(0).unwrap();
        assert_eq!(dup.fix, Some(Fix::MergeInto { into: summit }));
        assert_eq!(ed.glossary(), &before);
        assert!(!ed.can_undo());

        let mut draft = term("القمّة", "summit meeting");
        draft.ar_variants = vec!["مؤتمر قمة".into()];
        ed.apply(EditCommand::MergeInto {
            draft,
            into: summit,
            replacing: None,
        })
        .unwrap();
        let merged = ed.get(summit).unwrap();
        assert_eq!(merged.en_alternatives, ["summit meeting"]);
        assert_eq!(merged.ar_variants, ["مؤتمر قمة"]);
        assert!(ed.undo());
        assert_eq!(ed.glossary(), &before);

        // A batch is all or nothing.
        let err = ed.apply(EditCommand::Batch(vec![
            EditCommand::Add(term("عقوبات", "sanctions")),
            EditCommand::Add(term("جزاءات", " ")),
        ]));
        assert!(err.is_err());
        assert_eq!(ed.glossary(), &before);
        assert_eq!(ed.changes_since(ed.revision()), Some(Vec::new()));
    }

    #[test]
    fn duplicates_are_warnings_listed_with_their_fixes() {
        let mut ed = editor();
        assert!(ed.problems().is_empty());
        let summit = ed.id_at(0).unwrap();
        // Two terms with one Arabic: allowed, and both are listed.
        let twin = ed
            .apply(EditCommand::Add(term("القمّة", "summit meeting")))
            .unwrap()
            .unwrap();
        assert_eq!(ed.problems(), [summit, twin]);
        let d = ed.diagnostics(twin);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].fix, Some(Fix::MergeInto { into: summit }));
        // The merge folds the twin into the first and deletes it.
        let merge = ed.fix_command(twin, d[0].fix.unwrap()).unwrap();
        ed.apply(merge).unwrap();
        assert_eq!(ed.len(), 2);
        assert_eq!(ed.get(summit).unwrap().en_alternatives, ["summit meeting"]);
        assert!(ed.problems().is_empty());
        // A variant that repeats the term's own Arabic.
        let mut attack = ed.get(ed.id_at(1).unwrap()).unwrap().clone();
        attack.ar_variants = vec!["هجمات".into(), "الهجوم".into()];
        let id = ed.id_at(1).unwrap();
        ed.apply(EditCommand::Update { id, term: attack }).unwrap();
        assert_eq!(ed.problems(), [id]);
        let d = ed.diagnostics(id);
        assert_eq!(d[0].fix, Some(Fix::RemoveVariant { index: 1 }));
        ed.apply(ed.fix_command(id, d[0].fix.unwrap()).unwrap())
            .unwrap();
        assert_eq!(ed.get(id).unwrap().ar_variants, ["هجمات"]);
        assert!(ed.problems().is_empty());
        // Undo brings the warning back; the rule warnings are tracked too.
        ed.undo();
        assert_eq!(ed.problems(), [id]);
        let mut t = term("عقوبات", "sanctions");
        t.en_alternatives = vec!["Sanctions".into()];
        let warned = ed.apply(EditCommand::Add(t)).unwrap().unwrap();
        assert_eq!(ed.problems(), [id, warned]);
    }

    /// Lists of holders scanned per edit made this minutes; the counts
    /// say it all went through.
    #[test]
    fn thousands_of_terms_with_one_arabic_are_edited_one_by_one() {
        let g = Glossary {
            terms: (0..30_000)
                .map(|i| term("قمة", &format!("summit {i}")))
                .collect(),
            ..Glossary::default()
        };
        let mut ed = GlossaryEditor::new(g);
        assert_eq!(ed.problems().len(), 30_000);
        let (first, second) = (ed.id_at(0).unwrap(), ed.id_at(1).unwrap());
        assert_eq!(
            ed.diagnostics(first)[0].fix,
            Some(Fix::MergeInto { into: second })
        );
        for _ in 0..10_000 {
            let id = ed.id_at(0).unwrap();
            ed.apply(EditCommand::Delete(id)).unwrap();
        }
        let id = ed.id_at(0).unwrap();
        let fix = ed.diagnostics(id)[0].fix.unwrap();
        ed.apply(ed.fix_command(id, fix).unwrap()).unwrap();
        assert_eq!(ed.len(), 19_999);
        assert_eq!(ed.problems().len(), 19_999);
        assert_eq!(ed.find_form("القمة"), ed.id_at(0));
    }

    #[test]
    fn the_changes_since_a_revision_replay_the_edits() {
        let mut ed = editor();
        let start = ed.revision();
        let mut follower = ed.glossary().terms.clone();
        let replay = |terms: &mut Vec<Term>, changes: Vec<TermChange>| {
            for change in changes {
                match change {
                    TermChange::Insert { index, term } => terms.insert(index, term),
                    TermChange::Remove { index } => {
                        terms.remove(index);
                    }
                    TermChange::Replace { index, term } => terms[index] = term,
                }
            }
        };
        let id = ed
            .apply(EditCommand::Add(term("عقوبات", "sanctions")))
            .unwrap()
            .unwrap();
        let first = ed.id_at(0).unwrap();
        ed.apply(EditCommand::MergeInto {
            draft: term("قمه", "top"),
            into: id,
            replacing: Some(first),
        })
        .unwrap();
        ed.undo();
        ed.redo();
        ed.undo();
        let middle = ed.revision();
        replay(&mut follower, ed.changes_since(start).unwrap());
        assert_eq!(follower, ed.glossary().terms);
        ed.apply(EditCommand::Delete(id)).unwrap();
        replay(&mut follower, ed.changes_since(middle).unwrap());
        assert_eq!(follower, ed.glossary().terms);
        assert_eq!(ed.changes_since(ed.revision() + 1), None);
    }

    #[test]
    fn warnings_do_not_block() {
        let mut ed = editor();
        let mut t = term("عقوبات", "sanctions");
        t.en_alternatives = vec!["Sanctions".into()];
        let diags = ed.validate_draft(&t, None);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].severity, Severity::Warning);
        assert!(ed.apply(EditCommand::Add(t)).is_ok());
    }

    #[test]
    fn query_filters_in_both_languages_and_sorts() {
        let mut ed = editor();
        let mut t = term("عقوبات", "sanctions");
        t.domain = "diplomacy".into();
        t.status = TermStatus::Deprecated;
        ed.apply(EditCommand::Add(t)).unwrap();
        let q = |text: &str| {
            ed.query(&TermQuery {
                text: text.into(),
                ..TermQuery::default()
            })
        };
        assert_eq!(q("والقمة".trim_start_matches('و')), [0]);
        assert_eq!(q("قمّة"), [0]);
        assert_eq!(q("ATT"), [1]);
        let rows = ed.query(&TermQuery {
            sort: Column::En,
            ..TermQuery::default()
        });
        assert_eq!(rows, [1, 2, 0]);
        let rows = ed.query(&TermQuery {
            status: Some(TermStatus::Deprecated),
            domain: Some("diplomacy".into()),
            ..TermQuery::default()
        });
        assert_eq!(rows, [2]);
    }

    #[test]
    fn save_writes_only_the_change_and_tracks_dirtiness() {
        let dir = std::env::temp_dir().join(format!("tarjuman-edit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.toml");
        let text = "[glossary]\nname = \"T\"\n\n# A\n[[term]]\nar = \"قمة\"\nen = \"summit\"\n\n# B\n[[term]]\nar = \"هجوم\"\nen = \"attack\"\n";
        std::fs::write(&path, text).unwrap();
        let mut ed = GlossaryEditor::open(&path).unwrap();
        assert!(!ed.is_dirty());
        let first = ed.id_at(0).unwrap();
        ed.apply(EditCommand::Delete(first)).unwrap();
        ed.apply(EditCommand::Add(term("عقوبات", "sanctions")))
            .unwrap();
        assert!(ed.is_dirty());
        ed.undo();
        ed.undo();
        assert!(!ed.is_dirty());
        ed.redo();
        ed.save(false).unwrap();
        assert!(!ed.is_dirty());
        let saved = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            saved,
            "[glossary]\nname = \"T\"\n\n# A\n\n# B\n[[term]]\nar = \"هجوم\"\nen = \"attack\"\n"
        );
        // Undo after a save re-inserts the term as a new table.
        ed.undo();
        ed.save(false).unwrap();
        let g = Glossary::load(&path).unwrap();
        assert_eq!(g.terms.len(), 2);
        std::fs::write(&path, "[glossary]\nname = \"Other\"\n").unwrap();
        assert!(ed.changed_on_disk());
        assert!(matches!(
            ed.save(false),
            Err(SaveError::ChangedOnDisk { .. })
        ));
        ed.reload().unwrap();
        assert_eq!(ed.glossary().name, "Other");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
