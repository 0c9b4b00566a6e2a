//! The open document with everything derived from it: glossary matches per
//! segment, word counts, the undo history and the search index. No egui here:
//! the window turns input into calls on this, so it is tested without a UI.

use std::ops::Range;
use std::path::PathBuf;

use std::sync::Arc;

use super::matching::{MatchJob, MatchReply, MatchState};
use crate::arabic::Normalized;
use crate::document::{Document, SegmentOrigin, Status};
use crate::glossary::live::{LiveMatcher, TermChange};
use crate::glossary::{Glossary, Match};
use crate::qa::AcceptedIssue;

/// What one segment looked like before or after an edit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SegmentState {
    pub en: String,
    pub status: Status,
    /// Where the English came from (a TM match, a propagated repetition).
    pub origin: Option<SegmentOrigin>,
}

/// One undoable step: a segment's state before and after.
#[derive(Debug, Clone)]
struct UndoEntry {
    segment: usize,
    before: SegmentState,
    after: SegmentState,
    /// Further typing in the same segment extends this entry.
    open_for_typing: bool,
}

/// Changes to several segments (notes included) and to the accepted QA
/// issues, undone and redone as one step (an import, accepting an issue).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub segments: Vec<BatchSegment>,
    /// The accepted QA issues before and after.
    pub accepted: Option<(Vec<AcceptedIssue>, Vec<AcceptedIssue>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSegment {
    pub segment: usize,
    pub before: SegmentState,
    pub after: SegmentState,
    pub note_before: String,
    pub note_after: String,
}

#[derive(Debug, Clone)]
enum Step {
    Edit(UndoEntry),
    Batch(Box<Batch>),
}

/// Document-level undo: a stack of segment edits, status changes and batches.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Stops coalescing: the next typing starts a new undo step.
    pub fn seal(&mut self) {
        if let Some(Step::Edit(last)) = self.undo.last_mut() {
            last.open_for_typing = false;
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

/// Where a search hit lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Arabic,
    English,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub segment: usize,
    pub side: Side,
    /// Byte range in the segment's Arabic (`source_of`) or English.
    pub range: Range<usize>,
}

/// The open document and what is derived from it.
pub struct Workspace {
    pub doc: Document,
    /// Where the document was last saved as a project (or opened from).
    pub project_path: Option<PathBuf>,
    pub glossary: Glossary,
    /// Glossary hits per segment, spans relative to `doc.source_of(i)`
    /// (empty, or an earlier glossary's renumbered, until matched: see
    /// [`Self::matching_job`]).
    pub matches: Vec<Vec<Match>>,
    /// The index of `glossary` and what is still to match.
    matching: MatchState,
    /// Source words per segment.
    words: Vec<u32>,
    words_total: u64,
    words_done: u64,
    segments_done: usize,
    pub history: History,
    /// Bumped on every change; compared with the saved/autosaved generation.
    pub generation: u64,
    pub saved_generation: u64,
    /// Normalised Arabic per segment, built on the first search.
    normalized: Option<Vec<Normalized>>,
    /// Segments changed since the search last looked (see [`Self::take_changed`]).
    changed: Vec<usize>,
    /// What QA must re-check: `None`, everything (new document or glossary).
    qa_pending: Option<Vec<usize>>,
}

impl Workspace {
    /// The document with every segment matched against `glossary` (tests,
    /// benchmarks; the window uses [`Workspace::open`]).
    pub fn new(doc: Document, project_path: Option<PathBuf>, glossary: Glossary) -> Self {
        let mut ws = Workspace::open(doc, project_path, glossary, None);
        ws.match_now();
        ws
    }

    /// The document, nothing matched yet: [`Self::matching_job`] says what
    /// to match. `live` is the index of `glossary` if there is one already.
    pub fn open(
        doc: Document,
        project_path: Option<PathBuf>,
        glossary: Glossary,
        live: Option<Arc<LiveMatcher>>,
    ) -> Self {
        let words: Vec<u32> = (0..doc.segments.len())
            .map(|i| u32::try_from(doc.source_of(i).split_whitespace().count()).unwrap_or(u32::MAX))
            .collect();
        let live = live
            .filter(|l| l.len() == glossary.terms.len())
            .unwrap_or_else(|| Arc::new(LiveMatcher::new(&glossary)));
        let matching = MatchState::new(&doc, live);
        let mut ws = Self {
            matches: vec![Vec::new(); doc.segments.len()],
            doc,
            project_path,
            glossary,
            matching,
            words,
            words_total: 0,
            words_done: 0,
            segments_done: 0,
            history: History::default(),
            generation: 0,
            saved_generation: 0,
            normalized: None,
            changed: Vec::new(),
            qa_pending: None,
        };
        ws.recount();
        ws
    }

    /// Replaces the glossary (indexed here); the document is matched
    /// against it again (see [`Self::matching_job`]).
    pub fn set_glossary(&mut self, glossary: Glossary) {
        let live = Arc::new(LiveMatcher::new(&glossary));
        self.glossary = glossary;
        self.qa_pending = None;
        // The old matches name the old glossary's terms.
        self.matches.iter_mut().for_each(Vec::clear);
        self.matching.replace(live);
    }

    /// The index the matches come from, to carry to another document.
    pub fn live_matcher(&self) -> Arc<LiveMatcher> {
        self.matching.live().clone()
    }

    /// Follows edits of the glossary (the editor's [`changes_since`]):
    /// the index is changed, not rebuilt, the matches are renumbered at
    /// once, and only the segments the edits can change are matched again.
    ///
    /// [`changes_since`]: crate::glossary::edit::GlossaryEditor::changes_since
    pub fn apply_glossary_changes(&mut self, changes: &[TermChange]) {
        if changes.is_empty() {
            return;
        }
        // Where each term before the changes is after them (`None`:
        // removed), and which were replaced.
        let before = self.glossary.terms.len();
        let mut now: Vec<Option<u32>> = (0..before as u32).map(Some).collect();
        let mut replaced = vec![false; before];
        for change in changes {
            match change {
                TermChange::Insert { index, term } => {
                    self.glossary.terms.insert(*index, term.clone());
                    now.insert(*index, None);
                    self.matching.add_probe(term.clone());
                }
                TermChange::Remove { index } => {
                    self.glossary.terms.remove(*index);
                    now.remove(*index);
                }
                TermChange::Replace { index, term } => {
                    self.glossary.terms[*index] = term.clone();
                    if let Some(old) = now[*index] {
                        replaced[old as usize] = true;
                    }
                    self.matching.add_probe(term.clone());
                }
            }
        }
        let mut new_index = vec![u32::MAX; before];
        for (current, old) in now.iter().enumerate() {
            if let Some(old) = old {
                new_index[*old as usize] = current as u32;
            }
        }
        for (segment, matches) in self.matches.iter_mut().enumerate() {
            let mut stale = false;
            matches.retain_mut(|m| {
                let Some(&to) = new_index.get(m.term) else {
                    stale = true;
                    return false;
                };
                stale |= to == u32::MAX || replaced[m.term];
                m.term = to as usize;
                to != u32::MAX
            });
            if stale {
                self.matching.mark_stale(segment);
            }
        }
        self.matching.live_mut().apply(changes);
        self.qa_pending = None;
    }

    /// The work for the matching thread, if there is any not yet sent;
    /// segments from `first` (the active one) on go first.
    pub fn matching_job(&mut self, first: usize) -> Option<MatchJob> {
        self.matching.job(first)
    }

    /// Takes an answer of the matching thread.
    pub fn take_match_reply(&mut self, reply: MatchReply) {
        self.matching.take(reply, &mut self.matches);
    }

    /// Whether some segments still wait for their matches.
    pub fn matching_pending(&self) -> bool {
        self.matching.pending()
    }

    /// Matches what is pending here and now.
    pub fn match_now(&mut self) {
        self.matching.match_now(&mut self.matches);
    }

    fn recount(&mut self) {
        self.words_total = self.words.iter().map(|&w| u64::from(w)).sum();
        self.words_done = 0;
        self.segments_done = 0;
        for (seg, &w) in self.doc.segments.iter().zip(&self.words) {
            if seg.status.is_done() {
                self.words_done += u64::from(w);
                self.segments_done += 1;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.doc.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc.segments.is_empty()
    }

    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation
    }

    /// (segments done, segments, words done, words) — kept up to date
    /// incrementally, never recounted per frame.
    pub fn progress(&self) -> (usize, usize, u64, u64) {
        (
            self.segments_done,
            self.len(),
            self.words_done,
            self.words_total,
        )
    }

    pub fn state_of(&self, segment: usize) -> SegmentState {
        let s = &self.doc.segments[segment];
        SegmentState {
            en: s.en.clone(),
            status: s.status,
            origin: s.origin.clone(),
        }
    }

    /// Writes `state` into the segment, keeping the counts in step.
    fn put(&mut self, segment: usize, state: SegmentState) {
        let w = u64::from(self.words[segment]);
        let seg = &mut self.doc.segments[segment];
        if seg.status.is_done() {
            self.words_done -= w;
            self.segments_done -= 1;
        }
        seg.en = state.en;
        seg.status = state.status;
        seg.origin = state.origin;
        if seg.status.is_done() {
            self.words_done += w;
            self.segments_done += 1;
        }
        self.generation += 1;
        if self.changed.last() != Some(&segment) {
            self.changed.push(segment);
        }
        if let Some(pending) = &mut self.qa_pending
            && pending.last() != Some(&segment)
        {
            pending.push(segment);
        }
    }

    /// What QA must re-check since the last call: `None` for everything.
    pub fn take_qa_pending(&mut self) -> Option<Vec<usize>> {
        let pending = self.qa_pending.replace(Vec::new())?;
        let mut pending = pending;
        pending.sort_unstable();
        pending.dedup();
        Some(pending)
    }

    /// The segments changed since the last call (sorted, unique).
    pub fn take_changed(&mut self) -> Vec<usize> {
        let mut changed = std::mem::take(&mut self.changed);
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    /// The translator typed: the English becomes `text`, the segment a draft.
    /// Consecutive typing in one segment is one undo step.
    pub fn edit_text(&mut self, segment: usize, text: String) {
        if segment >= self.len() || self.doc.segments[segment].en == text {
            return;
        }
        let before = self.state_of(segment);
        let after = SegmentState {
            en: text,
            status: Status::Draft,
            origin: None,
        };
        self.history.redo.clear();
        match self.history.undo.last_mut() {
            Some(Step::Edit(last)) if last.open_for_typing && last.segment == segment => {
                last.after = after.clone();
            }
            _ => self.history.undo.push(Step::Edit(UndoEntry {
                segment,
                before,
                after: after.clone(),
                open_for_typing: true,
            })),
        }
        self.put(segment, after);
    }

    /// Inserts `text` at byte `at` of the segment's English (one undo step).
    pub fn insert_text(&mut self, segment: usize, at: usize, text: &str) {
        if segment >= self.len() {
            return;
        }
        let mut en = self.doc.segments[segment].en.clone();
        let at = en.floor_char_boundary(at.min(en.len()));
        en.insert_str(at, text);
        self.history.seal();
        self.edit_text(segment, en);
        self.history.seal();
    }

    /// Sets a status (one undo step).
    pub fn set_status(&mut self, segment: usize, status: Status) {
        if segment >= self.len() || self.doc.segments[segment].status == status {
            return;
        }
        let before = self.state_of(segment);
        let after = SegmentState {
            status,
            ..before.clone()
        };
        self.step(segment, before, after);
    }

    /// `segment` goes from `before` to `after` as one sealed undo step.
    fn step(&mut self, segment: usize, before: SegmentState, after: SegmentState) {
        self.history.seal();
        self.history.redo.clear();
        self.history.undo.push(Step::Edit(UndoEntry {
            segment,
            before,
            after: after.clone(),
            open_for_typing: false,
        }));
        self.put(segment, after);
    }

    /// Puts English that the translator did not type (a TM match, a
    /// propagated repetition) into `segment`, as one undo step.
    pub fn fill(&mut self, segment: usize, en: String, status: Status, origin: SegmentOrigin) {
        if segment >= self.len() {
            return;
        }
        let before = self.state_of(segment);
        let after = SegmentState {
            en,
            status,
            origin: Some(origin),
        };
        if before != after {
            self.step(segment, before, after);
        }
    }

    /// Undoes the last step; returns the segment it touched (`None` when
    /// nothing was undone or only accepted QA issues changed).
    pub fn undo(&mut self) -> Option<usize> {
        let step = self.history.undo.pop()?;
        let segment = match &step {
            Step::Edit(entry) => {
                self.put(entry.segment, entry.before.clone());
                Some(entry.segment)
            }
            Step::Batch(batch) => self.put_batch(batch, false),
        };
        if let Step::Edit(mut entry) = step {
            entry.open_for_typing = false;
            self.history.redo.push(Step::Edit(entry));
        } else {
            self.history.redo.push(step);
        }
        segment
    }

    /// Redoes the last undone step; returns the segment it touched.
    pub fn redo(&mut self) -> Option<usize> {
        let step = self.history.redo.pop()?;
        let segment = match &step {
            Step::Edit(entry) => {
                self.put(entry.segment, entry.after.clone());
                Some(entry.segment)
            }
            Step::Batch(batch) => self.put_batch(batch, true),
        };
        self.history.undo.push(step);
        segment
    }

    /// Applies `batch` as one undo step; returns its first segment.
    pub fn apply_batch(&mut self, batch: Batch) -> Option<usize> {
        if batch.segments.is_empty() && batch.accepted.is_none() {
            return None;
        }
        self.history.seal();
        self.history.redo.clear();
        let segment = self.put_batch(&batch, true);
        self.history.undo.push(Step::Batch(Box::new(batch)));
        segment
    }

    fn put_batch(&mut self, batch: &Batch, forward: bool) -> Option<usize> {
        for change in &batch.segments {
            if change.segment >= self.len() {
                continue;
            }
            let (state, note) = if forward {
                (&change.after, &change.note_after)
            } else {
                (&change.before, &change.note_before)
            };
            self.doc.segments[change.segment].note.clone_from(note);
            self.put(change.segment, state.clone());
        }
        if let Some((before, after)) = &batch.accepted {
            self.doc.qa_accepted = if forward { after } else { before }.clone();
            self.generation += 1;
        }
        batch.segments.first().map(|c| c.segment)
    }

    /// The first segment after `from` (wrapping) whose English is not final.
    pub fn next_open_after(&self, from: usize) -> Option<usize> {
        let n = self.len();
        (1..=n)
            .map(|k| (from + k) % n)
            .find(|&i| !self.doc.segments[i].status.is_done())
    }

    /// Every hit of `query` in both languages, in document order. Arabic is
    /// compared normalised (searching امن finds الأمن), English without case.
    pub fn search(&mut self, query: &str) -> Vec<SearchHit> {
        let mut hits = Vec::new();
        for i in 0..self.len() {
            self.search_segment(i, query, &mut hits);
        }
        hits
    }

    /// Re-searches only `segments` (sorted), splicing their hits into `hits`.
    pub fn research(&mut self, query: &str, hits: &mut Vec<SearchHit>, segments: &[usize]) {
        for &segment in segments {
            let start = hits.partition_point(|h| h.segment < segment);
            let end = hits.partition_point(|h| h.segment <= segment);
            let mut fresh = Vec::new();
            self.search_segment(segment, query, &mut fresh);
            hits.splice(start..end, fresh);
        }
    }

    /// Appends the hits of `query` in `segment`: Arabic first, then English.
    fn search_segment(&mut self, segment: usize, query: &str, hits: &mut Vec<SearchHit>) {
        let query = query.trim();
        if query.is_empty() || segment >= self.len() {
            return;
        }
        if self.normalized.is_none() {
            self.normalized = Some(
                (0..self.len())
                    .map(|i| Normalized::new(self.doc.source_of(i)))
                    .collect(),
            );
        }
        let normalized = &self.normalized.as_ref().expect("built above")[segment];
        let needle_ar = crate::arabic::normalize(query);
        if !needle_ar.is_empty() {
            for (at, _) in normalized.text.match_indices(needle_ar.as_str()) {
                hits.push(SearchHit {
                    segment,
                    side: Side::Arabic,
                    range: normalized.original_range(at..at + needle_ar.len()),
                });
            }
        }
        let en = &self.doc.segments[segment].en;
        if !en.is_empty() {
            for range in find_caseless(en, &query.to_lowercase()) {
                hits.push(SearchHit {
                    segment,
                    side: Side::English,
                    range,
                });
            }
        }
    }
}

/// Byte ranges in `haystack` where `needle_lower` occurs, ignoring case.
fn find_caseless(haystack: &str, needle_lower: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if needle_lower.is_empty() {
        return out;
    }
    // Lowercasing can change byte lengths; map back through char offsets.
    let mut lower = String::with_capacity(haystack.len());
    let mut origin = Vec::with_capacity(haystack.len() + 1);
    for (offset, c) in haystack.char_indices() {
        for lc in c.to_lowercase() {
            for _ in 0..lc.len_utf8() {
                origin.push(offset);
            }
            lower.push(lc);
        }
    }
    origin.push(haystack.len());
    for (at, _) in lower.match_indices(needle_lower) {
        let start = origin[at];
        let end_lower = at + needle_lower.len();
        let end = if end_lower >= lower.len() {
            haystack.len()
        } else {
            origin[end_lower]
        };
        out.push(start..end.max(start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws() -> Workspace {
        let doc = Document::from_source(
            "قال الرئيس إن الأمن أولوية. وأضاف أن الوضع مستقر.\n\nفقرة ثانية.\n".to_owned(),
            None,
        );
        Workspace::new(doc, None, Glossary::default())
    }

    #[test]
    fn a_batch_is_one_undo_step_and_tells_qa_what_changed() {
        let mut ws = ws();
        assert_eq!(
            ws.take_qa_pending(),
            None,
            "a new document is checked whole"
        );
        ws.edit_text(2, "typed".into());
        let state = |en: &str, status| SegmentState {
            en: en.into(),
            status,
            origin: None,
        };
        let batch = Batch {
            segments: vec![
                BatchSegment {
                    segment: 0,
                    before: state("", Status::Untranslated),
                    after: state("One", Status::Translated),
                    note_before: String::new(),
                    note_after: "reviewer".into(),
                },
                BatchSegment {
                    segment: 1,
                    before: state("", Status::Untranslated),
                    after: state("Two", Status::Reviewed),
                    note_before: String::new(),
                    note_after: String::new(),
                },
            ],
            accepted: None,
        };
        assert_eq!(ws.apply_batch(batch), Some(0));
        assert_eq!(ws.progress().0, 2);
        assert_eq!(ws.doc.segments[0].note, "reviewer");
        assert_eq!(ws.take_qa_pending(), Some(vec![0, 1, 2]));
        // Typing after the batch is its own step.
        ws.edit_text(0, "One!".into());
        assert_eq!(ws.undo(), Some(0));
        assert_eq!(ws.doc.segments[0].en, "One");
        assert_eq!(ws.undo(), Some(0));
        assert_eq!(ws.doc.segments[0].en, "");
        assert_eq!(ws.doc.segments[0].note, "");
        assert_eq!(ws.doc.segments[1].status, Status::Untranslated);
        assert_eq!(ws.progress().0, 0);
        assert_eq!(ws.doc.segments[2].en, "typed");
        assert_eq!(ws.redo(), Some(0));
        assert_eq!(ws.doc.segments[1].en, "Two");
        // Accepted issues alone: no segment to go to, but still a change.
        let generation = ws.generation;
        let accepted = crate::qa::AcceptedIssue {
            segment_id: 1,
            check: crate::qa::Check::Number,
            words: "12".into(),
            reason: "ok".into(),
        };
        let batch = Batch {
            segments: Vec::new(),
            accepted: Some((Vec::new(), vec![accepted.clone()])),
        };
        assert_eq!(ws.apply_batch(batch), None);
        assert_eq!(ws.doc.qa_accepted, vec![accepted]);
        assert!(ws.generation > generation);
        assert_eq!(ws.undo(), None);
        assert!(ws.doc.qa_accepted.is_empty());
        assert!(ws.history.can_redo());
        ws.set_glossary(Glossary::default());
        assert_eq!(
            ws.take_qa_pending(),
            None,
            "a new glossary is checked whole"
        );
    }

    #[test]
    fn typing_coalesces_and_undo_restores() {
        let mut w = ws();
        w.edit_text(0, "T".into());
        w.edit_text(0, "Th".into());
        w.edit_text(0, "The".into());
        assert_eq!(w.doc.segments[0].status, Status::Draft);
        w.set_status(0, Status::Translated);
        assert_eq!(w.progress().0, 1);
        w.edit_text(1, "X".into());
        assert_eq!(w.undo(), Some(1));
        assert_eq!(w.doc.segments[1].en, "");
        assert_eq!(w.undo(), Some(0));
        assert_eq!(w.doc.segments[0].status, Status::Draft);
        assert_eq!(w.progress().0, 0);
        assert_eq!(w.undo(), Some(0));
        assert_eq!(w.doc.segments[0].en, "");
        assert_eq!(w.doc.segments[0].status, Status::Untranslated);
        assert_eq!(w.undo(), None);
        w.redo();
        w.redo();
        assert_eq!(w.doc.segments[0].en, "The");
        assert_eq!(w.doc.segments[0].status, Status::Translated);
        assert_eq!(w.progress().2, u64::from(w.words[0]));
    }

    #[test]
    fn search_normalises_arabic_and_ignores_english_case() {
        let mut w = ws();
        w.edit_text(1, "The situation is STABLE".into());
        let hits = w.search("امن");
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(&w.doc.source_of(hit.segment)[hit.range.clone()], "أمن");
        let hits = w.search("stable");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].side, Side::English);
        assert_eq!(&w.doc.segments[1].en[hits[0].range.clone()], "STABLE");
    }

    #[test]
    fn searching_only_changed_segments_matches_a_full_search() {
        let mut w = ws();
        let mut hits = w.search("ال");
        w.take_changed();
        w.edit_text(1, "ال and more ال".into());
        w.edit_text(0, "nothing".into());
        let changed = w.take_changed();
        assert_eq!(changed, vec![0, 1]);
        w.research("ال", &mut hits, &changed);
        assert_eq!(hits, w.search("ال"));
    }

    #[test]
    fn next_open_wraps_and_skips_done() {
        let mut w = ws();
        assert!(w.len() >= 3);
        w.set_status(1, Status::Translated);
        assert_eq!(w.next_open_after(0), Some(2));
        assert_eq!(w.next_open_after(2), Some(0));
    }
}
