//! A matcher that follows a glossary being edited, term by term, without
//! indexing the whole glossary again: what the window matches with while
//! the glossary editor changes it.
//!
//! It is a [`Matcher`] over the glossary as it was (the base), a small
//! matcher over the terms added or changed since (the overlay), the base
//! terms deleted or changed since (tombstones), and where each term is now
//! (terms are inserted and removed anywhere, so indices move). An edit
//! rebuilds the overlay and the index maps: milliseconds at 100,000 terms,
//! where indexing the glossary again takes a third of a second.
//!
//! Results are exactly those of a matcher built on the glossary as it now
//! is (a property test checks it). A sentence's result depends only on the
//! candidates that win, so when the overlay matches nothing there and no
//! winner of the base is a tombstone, the base's result is the answer (its
//! terms renumbered). Otherwise the sentence is matched again by a matcher
//! of just the terms that can match in it — those with a form whose first
//! word is a reading of one of its words, from the base and the overlay —
//! in glossary order; the ranking only ever compares these, so it picks
//! what the whole glossary would. When the overlay grows past
//! [`MAX_OVERLAY`] terms (or a tenth of the glossary), [`LiveMatcher::needs_compacting`]
//! says so and the owner builds a fresh one, in the background.

use std::sync::Arc;

use super::matcher::{add_same_arabic, ar_key_hash, form_key};

use super::{Glossary, Match, Matcher, Term};

/// Overlay terms beyond which a fresh index is worth building.
pub const MAX_OVERLAY: usize = 2000;

/// Where a term of the current glossary is: in the base or the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Base(u32),
    Overlay(u32),
}

/// One change to the glossary's list of terms, as the editor makes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermChange {
    /// `term` is inserted at `index` (the terms from there on move up one).
    Insert { index: usize, term: Term },
    /// The term at `index` is removed (the terms after it move down one).
    Remove { index: usize },
    /// The term at `index` becomes `term`.
    Replace { index: usize, term: Term },
}

/// See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct LiveMatcher {
    base: Arc<Matcher>,
    base_terms: Arc<Vec<Term>>,
    /// The current glossary's terms, in order, by where they are.
    slots: Vec<Slot>,
    /// Base term → its index now; `u32::MAX` for a tombstone.
    base_to_current: Vec<u32>,
    /// Added and changed terms, each in `slots` once, in no order.
    overlay_terms: Glossary,
    overlay_to_current: Vec<u32>,
    overlay: Arc<Matcher>,
    /// Changes since the overlay and index maps were brought up to date.
    stale: bool,
}

impl Default for LiveMatcher {
    fn default() -> Self {
        LiveMatcher::new(&Glossary::default())
    }
}

impl LiveMatcher {
    /// Indexes `glossary` (a full [`Matcher::new`]).
    pub fn new(glossary: &Glossary) -> LiveMatcher {
        LiveMatcher::from_parts(Arc::new(Matcher::new(glossary)), glossary.terms.clone())
    }

    /// A live matcher over `terms`, whose index `base` is.
    pub fn from_parts(base: Arc<Matcher>, terms: Vec<Term>) -> LiveMatcher {
        let n = terms.len();
        LiveMatcher {
            base,
            base_terms: Arc::new(terms),
            slots: (0..n as u32).map(Slot::Base).collect(),
            base_to_current: (0..n as u32).collect(),
            overlay_terms: Glossary::default(),
            overlay_to_current: Vec::new(),
            overlay: Arc::new(Matcher::default()),
            stale: false,
        }
    }

    /// Number of terms now.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The term at `index` now.
    pub fn term(&self, index: usize) -> &Term {
        match self.slots[index] {
            Slot::Base(i) => &self.base_terms[i as usize],
            Slot::Overlay(k) => &self.overlay_terms.terms[k as usize],
        }
    }

    /// Terms added or changed since the base was built.
    pub fn overlay_len(&self) -> usize {
        self.overlay_terms.terms.len()
    }

    /// Whether the overlay has grown enough that a fresh index
    /// ([`LiveMatcher::new`] on [`LiveMatcher::glossary_terms`]) pays.
    pub fn needs_compacting(&self) -> bool {
        let overlay = self.overlay_len();
        overlay > MAX_OVERLAY || overlay > 64.max(self.slots.len() / 10)
    }

    /// The terms as they now are, in order (for a fresh index).
    pub fn glossary_terms(&self) -> Vec<Term> {
        (0..self.len()).map(|i| self.term(i).clone()).collect()
    }

    /// Applies changes, then brings the overlay up to date once.
    pub fn apply(&mut self, changes: &[TermChange]) {
        for change in changes {
            self.change(change);
        }
        self.refresh();
    }

    /// One change; [`refresh`](Self::refresh) must follow before matching.
    fn change(&mut self, change: &TermChange) {
        self.stale = true;
        match change {
            TermChange::Insert { index, term } => {
                let slot = self.add_overlay(term.clone());
                self.slots.insert(*index, slot);
            }
            TermChange::Remove { index } => {
                let slot = self.slots.remove(*index);
                self.drop_slot(slot);
            }
            TermChange::Replace { index, term } => match self.slots[*index] {
                Slot::Overlay(k) => self.overlay_terms.terms[k as usize] = term.clone(),
                Slot::Base(i) => {
                    self.base_to_current[i as usize] = u32::MAX;
                    self.slots[*index] = self.add_overlay(term.clone());
                }
            },
        }
    }

    fn add_overlay(&mut self, term: Term) -> Slot {
        self.overlay_terms.terms.push(term);
        Slot::Overlay(self.overlay_terms.terms.len() as u32 - 1)
    }

    fn drop_slot(&mut self, slot: Slot) {
        match slot {
            Slot::Base(i) => self.base_to_current[i as usize] = u32::MAX,
            Slot::Overlay(k) => {
                // Renumber the overlay terms after it.
                self.overlay_terms.terms.remove(k as usize);
                for s in &mut self.slots {
                    if let Slot::Overlay(j) = s
                        && *j > k
                    {
                        *j -= 1;
                    }
                }
            }
        }
    }

    /// Rebuilds the overlay's index and the maps to current indices.
    pub fn refresh(&mut self) {
        if !self.stale {
            return;
        }
        self.stale = false;
        self.base_to_current.fill(u32::MAX);
        self.overlay_to_current = vec![u32::MAX; self.overlay_len()];
        for (current, slot) in self.slots.iter().enumerate() {
            match *slot {
                Slot::Base(i) => self.base_to_current[i as usize] = current as u32,
                Slot::Overlay(k) => self.overlay_to_current[k as usize] = current as u32,
            }
        }
        self.overlay = Arc::new(Matcher::new(&self.overlay_terms));
    }

    /// What [`Matcher::find`] on the current glossary returns for `text`.
    pub fn find(&self, text: &str) -> Vec<Match> {
        debug_assert!(!self.stale, "refresh after changes");
        let mut found = self.find_one_per_span(text);
        add_same_arabic(&mut found, |term| self.same_arabic(term));
        found
    }

    fn find_one_per_span(&self, text: &str) -> Vec<Match> {
        let over = if self.overlay_terms.terms.is_empty() {
            Vec::new()
        } else {
            self.overlay.find_one_per_span(text)
        };
        let mut base = self.base.find_one_per_span(text);
        if over.is_empty()
            && base
                .iter()
                .all(|m| self.base_to_current[m.term] != u32::MAX)
        {
            for m in &mut base {
                m.term = self.base_to_current[m.term] as usize;
            }
            return base;
        }
        // The terms that can match here, in glossary order, matched alone.
        let mut ids = Vec::new();
        self.base.candidate_terms(text, &mut ids);
        let mut current: Vec<u32> = ids
            .iter()
            .map(|&i| self.base_to_current[i as usize])
            .filter(|&c| c != u32::MAX)
            .collect();
        ids.clear();
        self.overlay.candidate_terms(text, &mut ids);
        current.extend(
            ids.iter()
                .map(|&k| self.overlay_to_current[k as usize])
                .filter(|&c| c != u32::MAX),
        );
        current.sort_unstable();
        current.dedup();
        let local = Glossary {
            terms: current
                .iter()
                .map(|&c| self.term(c as usize).clone())
                .collect(),
            ..Glossary::default()
        };
        let mut found = Matcher::new(&local).find_one_per_span(text);
        for m in &mut found {
            m.term = current[m.term] as usize;
        }
        found
    }

    /// Every current term with the Arabic of term `term`, in order, if
    /// there are others.
    fn same_arabic(&self, term: usize) -> Option<Vec<usize>> {
        let hash = match self.slots[term] {
            Slot::Base(i) => self.base.ar_hash_of(i as usize),
            Slot::Overlay(k) => self.overlay.ar_hash_of(k as usize),
        };
        let base = self
            .base
            .terms_with_ar_hash(hash)
            .map(|i| self.base_to_current[i])
            .filter(|&c| c != u32::MAX);
        let overlay = self
            .overlay
            .terms_with_ar_hash(hash)
            .map(|k| self.overlay_to_current[k])
            .filter(|&c| c != u32::MAX);
        let mut members: Vec<usize> = base.chain(overlay).map(|c| c as usize).collect();
        if members.len() < 2 {
            return None;
        }
        // Equal hashes: confirm on the keys.
        let key = form_key(&self.term(term).ar);
        debug_assert_eq!(ar_key_hash(&key), hash);
        members.retain(|&c| c == term || form_key(&self.term(c).ar) == key);
        members.sort_unstable();
        (members.len() > 1).then_some(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words that start, continue and overlap one another's terms, with
    /// clitics, the article, suffixes and spellings the matcher folds.
    const WORDS: &[&str] = &[
        "قمة",
        "القمة",
        "قمتهما",
        "البيت",
        "الأبيض",
        "أبيض",
        "بيت",
        "هجوم",
        "هجمات",
        "إلكتروني",
        "الإلكترونية",
        "وبالأمن",
        "أمن",
        "الأمن",
        "السيبراني",
        "سيبراني",
        "برمجيات",
        "الفدية",
        "فدية",
        "ببرمجيات",
        "رئيس",
        "الرئيس",
        "الأميركي",
        "الأمريكي",
        "بايدن",
        "لبايدن",
    ];

    fn phrase() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..WORDS.len(), 1..=3)
            .prop_map(|w| w.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" "))
    }

    fn term() -> impl Strategy<Value = Term> {
        (phrase(), proptest::option::of(phrase()), 0..4u8).prop_map(|(ar, variant, en)| Term {
            ar,
            en: format!("en {en}"),
            ar_variants: variant.into_iter().collect(),
            ..Term::default()
        })
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Insert(usize, Term),
        Remove(usize),
        Replace(usize, Term),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), term()).prop_map(|(i, t)| Edit::Insert(i, t)),
            any::<usize>().prop_map(Edit::Remove),
            (any::<usize>(), term()).prop_map(|(i, t)| Edit::Replace(i, t)),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..WORDS.len() + 2, 0..24).prop_map(|w| {
            w.iter()
                .map(|&i| match i {
                    i if i < WORDS.len() => WORDS[i],
                    i if i == WORDS.len() => "،",
                    _ => "و",
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    fn glossary(terms: Vec<Term>) -> Glossary {
        Glossary {
            terms,
            ..Glossary::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// After any edits, in batches, matching equals a full rebuild.
        #[test]
        fn live_matching_equals_a_rebuild(
            start in proptest::collection::vec(term(), 0..12),
            batches in proptest::collection::vec(proptest::collection::vec(edit(), 1..4), 1..6),
            texts in proptest::collection::vec(text(), 1..6),
        ) {
            let mut terms = start;
            let mut live = LiveMatcher::new(&glossary(terms.clone()));
            for batch in batches {
                let mut changes = Vec::new();
                for edit in batch {
                    let change = match edit {
                        Edit::Insert(i, t) => {
                            let index = i % (terms.len() + 1);
                            terms.insert(index, t.clone());
                            TermChange::Insert { index, term: t }
                        }
                        Edit::Remove(_) | Edit::Replace(..) if terms.is_empty() => continue,
                        Edit::Remove(i) => {
                            let index = i % terms.len();
                            terms.remove(index);
                            TermChange::Remove { index }
                        }
                        Edit::Replace(i, t) => {
                            let index = i % terms.len();
                            terms[index] = t.clone();
                            TermChange::Replace { index, term: t }
                        }
                    };
                    changes.push(change);
                }
                live.apply(&changes);
                prop_assert_eq!(live.len(), terms.len());
                let rebuilt = Matcher::new(&glossary(terms.clone()));
                for text in &texts {
                    prop_assert_eq!(live.find(text), rebuilt.find(text), "{}", text);
                }
            }
        }
    }

    #[test]
    fn a_deleted_term_lets_the_one_it_hid_be_found() {
        let terms = vec![
            Term::new("البيت الأبيض", "White House"),
            Term::new("الأبيض", "white"),
            Term::new("بيت", "house"),
        ];
        let mut live = LiveMatcher::new(&glossary(terms));
        let text = "قال البيت الأبيض";
        let en = |live: &LiveMatcher| -> Vec<String> {
            live.find(text)
                .iter()
                .map(|m| live.term(m.term).en.clone())
                .collect()
        };
        assert_eq!(en(&live), ["White House"]);
        live.apply(&[TermChange::Remove { index: 0 }]);
        assert_eq!(en(&live), ["house", "white"]);
        live.apply(&[TermChange::Insert {
            index: 0,
            term: Term::new("البيت الأبيض", "the White House"),
        }]);
        assert_eq!(en(&live), ["the White House"]);
        assert_eq!(live.overlay_len(), 1);
    }

    #[test]
    fn terms_with_the_same_arabic_are_all_suggested() {
        let terms = vec![
            Term::new("هجوم", "attack"),
            Term::new("قمة", "summit"),
            Term::new("الهجوم", "offensive"),
        ];
        let g = glossary(terms.clone());
        let found = Matcher::new(&g).find("شن هجوما");
        let en: Vec<&str> = found.iter().map(|m| g.terms[m.term].en.as_str()).collect();
        assert_eq!(en, ["attack", "offensive"]);
        assert_eq!(found[0].start, found[1].start);
        let mut live = LiveMatcher::new(&g);
        assert_eq!(live.find("شن هجوما"), found);
        live.apply(&[TermChange::Insert {
            index: 1,
            term: Term::new("هُجُوم", "assault"),
        }]);
        let en: Vec<String> = live
            .find("شن هجوما")
            .iter()
            .map(|m| live.term(m.term).en.clone())
            .collect();
        assert_eq!(en, ["attack", "assault", "offensive"]);
    }
}
