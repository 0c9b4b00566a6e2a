//! The translation memory in the window (drawn by [`views`]): the Matches panel of the active
//! segment (looked up off the UI thread), writing confirmed segments,
//! auto-insertion and propagation, concordance (Ctrl+K), pre-translation,
//! and the TM menu (import and export TMX, attach and detach TMs).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;

mod views;

use super::App;
use super::command::Command;
use super::file_dialog::FileRequest;
use super::workspace::{Batch, BatchSegment, SegmentState};
use crate::document::{SegmentOrigin, Status};
use crate::tm::lookup::{ConcordanceHit, TmMatch};
use crate::tm::pretranslate::{self, Analysis};
use crate::tm::service::{Job, Response, TmInfo, TmService};
use crate::tm::text::Lexicon;
use crate::tm::{self, ImportReport, TmError, TmStore, Unit, UnitStatus};

/// Matches shown for the active segment.
pub const MATCHES_SHOWN: usize = 5;

struct PendingLookup {
    id: u64,
    segment: usize,
    /// Asked because the translator entered the segment (auto-insert applies).
    entering: bool,
}

/// The concordance window.
#[derive(Default)]
pub struct ConcordanceUi {
    pub open: bool,
    pub query: String,
    /// What the hits are for.
    pub searched: String,
    pub hits: Vec<ConcordanceHit>,
    pending: Option<u64>,
    focus: bool,
    pub error: Option<String>,
}

/// The pre-translation window.
pub struct PretranslateUi {
    pub open: bool,
    /// Fuzzy matches at or above this fill segments as drafts.
    pub min: u8,
    job: Option<Job<Result<Vec<Option<TmMatch>>, TmError>>>,
    /// The analysis of the last run.
    pub analysis: Option<Analysis>,
    pub filled: usize,
}

impl Default for PretranslateUi {
    fn default() -> Self {
        Self {
            open: false,
            min: 75,
            job: None,
            analysis: None,
            filled: 0,
        }
    }
}

/// A unit to write, and the English the segment had in the TM before.
struct PendingWrite {
    segment: usize,
    unit: Unit,
    earlier: Option<String>,
}

/// How long a write in the window waits for another program's write.
const WRITE_WAIT: Duration = Duration::from_millis(300);
/// How often writes the TM refused while busy are retried, in seconds.
const RETRY_SECS: f64 = 2.0;

struct ImportJob {
    path: PathBuf,
    job: Job<Result<ImportReport, TmError>>,
}

/// Everything the window knows about its TMs.
#[derive(Default)]
pub struct TmUi {
    service: Option<TmService>,
    /// The user's default TM (`None`: none, e.g. in benchmarks).
    pub default_tm: Option<PathBuf>,
    /// The attached TMs, as the worker opened them.
    pub tms: Vec<TmInfo>,
    /// The matches of `matches_for`, best first.
    pub matches: Vec<TmMatch>,
    pub matches_for: Option<usize>,
    pending: Option<PendingLookup>,
    /// The segment and TM generation last asked about.
    asked: Option<(usize, u64)>,
    /// Bumped whenever what a lookup would find changes.
    generation: u64,
    /// The writable TM, written in the UI thread when a segment is confirmed.
    writer: Option<tm::sqlite::SqliteTm>,
    /// Confirmed segments not written yet because another program held the
    /// TM (an import from the command line), retried every few seconds.
    unwritten: Vec<PendingWrite>,
    /// When the last retry was (the egui clock).
    last_retry: f64,
    /// The English last written to the TM per segment, to update its unit
    /// when a confirmed segment is edited and confirmed again.
    written: HashMap<usize, String>,
    pub concordance: ConcordanceUi,
    pub pretranslate: PretranslateUi,
    import: Option<ImportJob>,
    pub(super) configured: bool,
    /// The next segment entered came from an undo or redo: do not insert
    /// a match into it (the translator just took English out).
    pub(super) no_auto_insert: bool,
    /// Each frame waits for the active segment's matches (and a
    /// concordance search) before it is drawn: frames that settle, for
    /// tests on slow machines. The window never does this.
    settle: bool,
}

impl TmUi {
    /// No TM open yet; `default_tm` is the user's default TM.
    pub fn new(default_tm: Option<PathBuf>) -> TmUi {
        TmUi {
            default_tm,
            ..TmUi::default()
        }
    }
}

impl App {
    /// The writable TM of the open project: its own, else the default TM.
    pub fn writable_tm_path(&self) -> Option<PathBuf> {
        self.ws
            .doc
            .tms
            .writable
            .clone()
            .or_else(|| self.tm.default_tm.clone())
    }

    /// Opens the TMs of the open document: the writer here, the readers in
    /// the worker. Called when a document is opened and when TMs change.
    pub(super) fn tm_configure(&mut self) {
        self.tm.writer = None;
        self.tm.configured = true;
        if let Some(path) = self.writable_tm_path() {
            if tm::is_tmx_path(&path) {
                self.error = Some(format!(
                    "{}: a TMX file cannot be the writable TM; confirmed segments are not remembered",
                    path.display()
                ));
            } else {
                match tm::sqlite::SqliteTm::open(&path) {
                    Ok(store) => {
                        // The window never waits long on another program's write.
                        let _ = store.set_busy_timeout(WRITE_WAIT);
                        self.tm.writer = Some(store);
                    }
                    Err(e) => {
                        self.error = Some(format!("{e}; confirmed segments are not remembered"));
                    }
                }
            }
        }
        // What is already confirmed counts as written (a later edit updates it).
        self.tm.written = self
            .ws
            .doc
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status.is_done())
            .map(|(i, s)| (i, s.en.clone()))
            .collect();
        let lexicon = Lexicon::from_glossary(&self.ws.glossary);
        let default_tm = self.tm.default_tm.clone();
        if let Some(service) = &mut self.tm.service {
            service.configure(&self.ws.doc.tms, default_tm, lexicon);
        }
        self.tm.generation += 1;
        self.tm.matches.clear();
        self.tm.matches_for = None;
        self.tm.asked = None;
    }

    /// Each frame: starts the worker, takes its answers, and asks for the
    /// matches of the active segment when it changed.
    pub(super) fn tm_sync(&mut self, ctx: &egui::Context) {
        if self.tm.service.is_none() {
            let repaint = ctx.clone();
            self.tm.service = Some(TmService::start(Box::new(move || {
                repaint.request_repaint()
            })));
            self.tm_configure();
        } else if !self.tm.configured {
            self.tm_configure();
        }
        self.tm_retry_writes(ctx);
        let responses = self
            .tm
            .service
            .as_mut()
            .map(TmService::poll)
            .unwrap_or_default();
        self.tm_take(responses);
        self.tm_jobs_poll();
        self.tm_ask();
        if self.tm.settle {
            self.tm_wait_lookups();
        }
    }

    /// Makes every frame wait (up to 10 s) for the lookups it asked for,
    /// so a test's frames settle however slow the machine (imports and
    /// pre-translation still run in the background).
    pub fn settle_tm_lookups(&mut self) {
        self.tm.settle = true;
    }

    fn tm_wait_lookups(&mut self) {
        self.tm_wait_while(|tm| tm.pending.is_some() || tm.concordance.pending.is_some());
    }

    /// Takes the worker's answers (and the jobs' progress) until `busy`
    /// is false, or 10 s have passed.
    fn tm_wait_while(&mut self, busy: impl Fn(&TmUi) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while busy(&self.tm) && std::time::Instant::now() < deadline {
            let responses = self
                .tm
                .service
                .as_mut()
                .map(|s| s.wait(Duration::from_millis(20)))
                .unwrap_or_default();
            if self.tm.service.is_none() {
                std::thread::sleep(Duration::from_millis(5));
            }
            self.tm_take(responses);
            self.tm_jobs_poll();
        }
    }

    fn tm_ask(&mut self) {
        if self.ws.is_empty() {
            return;
        }
        let active = self.active.min(self.ws.len() - 1);
        let wanted = (active, self.tm.generation);
        if self.tm.asked == Some(wanted) {
            return;
        }
        let moved = self.tm.asked.is_none_or(|(segment, _)| segment != active);
        let entering = moved && !std::mem::take(&mut self.tm.no_auto_insert);
        self.tm.asked = Some(wanted);
        let min = self.settings.tm_min_score;
        let source = self.ws.doc.source_of(active).to_owned();
        let previous = self.ws.doc.previous_source(active).to_owned();
        if let Some(service) = &mut self.tm.service {
            let id = service.lookup(active, &source, &previous, min, MATCHES_SHOWN);
            self.tm.pending = Some(PendingLookup {
                id,
                segment: active,
                entering,
            });
        }
    }

    fn tm_take(&mut self, responses: Vec<Response>) {
        for response in responses {
            match response {
                Response::Configured { tms, errors } => {
                    self.tm.tms = tms;
                    if !errors.is_empty() {
                        self.error = Some(errors.join("\n"));
                    }
                }
                Response::Lookup {
                    id,
                    segment,
                    result,
                } => {
                    let Some(pending) = self.tm.pending.take_if(|p| p.id == id) else {
                        continue;
                    };
                    match result {
                        Ok(matches) => {
                            self.tm.matches = matches;
                            self.tm.matches_for = Some(segment);
                            if pending.entering {
                                self.auto_insert(pending.segment);
                            }
                        }
                        Err(e) => {
                            self.tm.matches.clear();
                            self.tm.matches_for = Some(segment);
                            self.error = Some(e);
                        }
                    }
                }
                Response::Concordance { id, query, result } => {
                    if self.tm.concordance.pending != Some(id) {
                        continue;
                    }
                    self.tm.concordance.pending = None;
                    self.tm.concordance.searched = query;
                    match result {
                        Ok(hits) => {
                            self.tm.concordance.hits = hits;
                            self.tm.concordance.error = None;
                        }
                        Err(e) => self.tm.concordance.error = Some(e),
                    }
                }
            }
        }
    }

    /// Entering an empty segment puts its best match in, when it is good
    /// enough (setting: 100 % by default), as a draft marked "from TM".
    fn auto_insert(&mut self, segment: usize) {
        if segment != self.active
            || segment >= self.ws.len()
            || !pretranslate::is_open(&self.ws.doc, segment)
        {
            return;
        }
        let Some(best) = self.tm.matches.first() else {
            return;
        };
        if best.score < self.settings.tm_auto_insert.max(1) {
            return;
        }
        let origin = SegmentOrigin::Tm {
            score: best.score,
            tm: best.tm.clone(),
        };
        let en = best.suggested.clone();
        self.ws.fill(segment, en, Status::Draft, origin);
    }

    /// Waits (up to 10 s) until the worker has answered what was asked and
    /// the jobs have ended, then takes the answers (tests).
    pub fn wait_for_tm(&mut self) {
        self.tm_ask();
        self.tm_wait_while(|tm| {
            tm.pending.is_some()
                || tm.concordance.pending.is_some()
                || tm.import.is_some()
                || tm.pretranslate.job.is_some()
                || !tm.configured
        });
    }

    /// Writes segment `segment` to the writable TM (a confirm or a review):
    /// a new unit, or the segment's earlier unit updated when it was
    /// confirmed before with other English.
    pub(super) fn tm_write(&mut self, segment: usize, status: UnitStatus) {
        if segment >= self.ws.len() || self.tm.writer.is_none() {
            return;
        }
        let en = self.ws.doc.segments[segment].en.clone();
        if en.trim().is_empty() {
            return;
        }
        let now = tm::now_secs();
        let file_name = |p: &Option<PathBuf>| {
            p.as_deref()
                .and_then(|p| p.file_name())
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        };
        let unit = Unit {
            source: self.ws.doc.source_of(segment).to_owned(),
            target: en.clone(),
            created: now,
            changed: now,
            author: self.settings.author.clone(),
            changed_by: self.settings.author.clone(),
            project: file_name(&self.ws.project_path),
            file: file_name(&self.ws.doc.source_path),
            status,
            previous: Some(self.ws.doc.previous_source(segment).to_owned()),
            ..Unit::default()
        };
        let earlier = self
            .tm
            .written
            .get(&segment)
            .filter(|old| **old != en)
            .cloned();
        // In order after any earlier unit still waiting.
        self.tm.unwritten.push(PendingWrite {
            segment,
            unit,
            earlier,
        });
        self.tm_flush_writes();
    }

    /// Writes the waiting units, in order; stops at the first the TM
    /// refuses as busy (to retry later).
    fn tm_flush_writes(&mut self) {
        let Some(writer) = self.tm.writer.as_mut() else {
            self.tm.unwritten.clear();
            return;
        };
        while let Some(pending) = self.tm.unwritten.first() {
            let unit = &pending.unit;
            let result = match &pending.earlier {
                Some(old) => match writer.find(&unit.source, old) {
                    Ok(Some(id)) => writer.update(id, unit),
                    Ok(None) => writer.add(unit),
                    Err(e) => Err(e),
                },
                None => writer.add(unit),
            };
            match result {
                Ok(_) => {
                    let done = self.tm.unwritten.remove(0);
                    self.tm.written.insert(done.segment, done.unit.target);
                    self.tm.generation += 1;
                    if let Some(info) = self.tm.tms.iter_mut().find(|t| t.writable) {
                        info.units = writer.stats().map_or(info.units, |s| s.units);
                    }
                }
                Err(TmError::Busy { .. }) => {
                    self.info = Some(format!(
                        "The TM is busy (another program is writing to it): {} confirmed segment(s) will be written when it is free",
                        self.tm.unwritten.len()
                    ));
                    return;
                }
                Err(e) => {
                    self.tm.unwritten.remove(0);
                    self.error = Some(format!("not written to the TM: {e}"));
                }
            }
        }
    }

    /// How many confirmed segments wait for the TM to be free.
    pub fn tm_unwritten(&self) -> usize {
        self.tm.unwritten.len()
    }

    /// On exit: the waiting writes get a last, longer chance.
    pub fn tm_finish_writes(&mut self) {
        if self.tm.unwritten.is_empty() {
            return;
        }
        if let Some(writer) = &self.tm.writer {
            let _ = writer.set_busy_timeout(Duration::from_secs(10));
        }
        self.tm_flush_writes();
    }

    /// Retries the waiting writes every few seconds.
    fn tm_retry_writes(&mut self, ctx: &egui::Context) {
        if self.tm.unwritten.is_empty() {
            return;
        }
        let now = ctx.input(|i| i.time);
        if now - self.tm.last_retry >= RETRY_SECS {
            self.tm.last_retry = now;
            self.tm_flush_writes();
            if self.tm.unwritten.is_empty() {
                self.info = Some("The TM is free again: every confirmed segment is written".into());
            }
        }
        ctx.request_repaint_after(Duration::from_secs_f64(RETRY_SECS));
    }

    /// A confirmed segment's English goes to the untranslated segments with
    /// the same Arabic, as drafts marked "propagated" (one undo step).
    pub(super) fn propagate(&mut self, segment: usize) {
        let repetitions = pretranslate::repetitions_of(&self.ws.doc, segment);
        if repetitions.is_empty() {
            return;
        }
        let en = self.ws.doc.segments[segment].en.clone();
        if en.trim().is_empty() {
            return;
        }
        let segments = repetitions
            .into_iter()
            .map(|i| BatchSegment {
                segment: i,
                before: self.ws.state_of(i),
                after: SegmentState {
                    en: en.clone(),
                    status: Status::Draft,
                    origin: Some(SegmentOrigin::Propagated { from: segment }),
                },
                note_before: self.ws.doc.segments[i].note.clone(),
                note_after: self.ws.doc.segments[i].note.clone(),
            })
            .collect::<Vec<_>>();
        let n = segments.len();
        self.ws.apply_batch(Batch {
            segments,
            accepted: None,
        });
        self.info = Some(format!("Propagated to {n} repetition(s)"));
    }

    /// Replaces the English of the active segment with match `index`.
    fn use_match(&mut self, index: usize) {
        if self.tm.matches_for != Some(self.active) {
            return;
        }
        let Some(m) = self.tm.matches.get(index) else {
            return;
        };
        let origin = SegmentOrigin::Tm {
            score: m.score,
            tm: m.tm.clone(),
        };
        let en = m.suggested.clone();
        let segment = self.active;
        self.ws.fill(segment, en, Status::Draft, origin);
        self.pending_focus = Some(segment);
    }

    fn tm_jobs_poll(&mut self) {
        if let Some(import) = &self.tm.import
            && let Some(result) = import.job.try_take()
        {
            let path = import.path.clone();
            self.tm.import = None;
            match result {
                Ok(report) => {
                    self.info = Some(format!("{}: {}", path.display(), report.summary()));
                }
                Err(TmError::Cancelled { .. }) => {
                    self.info = Some(format!(
                        "{}: import cancelled; nothing imported",
                        path.display()
                    ));
                }
                Err(e) => self.error = Some(format!("{e} (nothing imported)")),
            }
            self.tm_configure();
        }
        if let Some(job) = &self.tm.pretranslate.job
            && let Some(result) = job.try_take()
        {
            self.tm.pretranslate.job = None;
            match result {
                Ok(best) => self.apply_pretranslation(&best),
                Err(TmError::Cancelled { .. }) => {
                    self.info = Some("Pre-translation cancelled; nothing changed".into());
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
    }

    fn apply_pretranslation(&mut self, best: &[Option<TmMatch>]) {
        let plan = pretranslate::plan(&self.ws.doc, best, self.tm.pretranslate.min);
        let segments = plan
            .fills
            .iter()
            .map(|f| BatchSegment {
                segment: f.segment,
                before: self.ws.state_of(f.segment),
                after: SegmentState {
                    en: f.en.clone(),
                    status: f.status,
                    origin: Some(f.origin.clone()),
                },
                note_before: self.ws.doc.segments[f.segment].note.clone(),
                note_after: self.ws.doc.segments[f.segment].note.clone(),
            })
            .collect::<Vec<_>>();
        self.tm.pretranslate.filled = segments.len();
        self.tm.pretranslate.analysis = Some(plan.analysis);
        if let Some(first) = self.ws.apply_batch(Batch {
            segments,
            accepted: None,
        }) {
            self.active = first;
            self.scroll_to_active = Some(first);
        }
        self.tm.generation += 1;
    }

    /// The TM commands; `false` for every other command.
    pub(super) fn tm_command(&mut self, ctx: &egui::Context, command: &Command) -> bool {
        match command {
            Command::UseMatch { index } => self.use_match(*index),
            Command::ToggleConcordance => {
                let c = &mut self.tm.concordance;
                if c.open {
                    c.open = false;
                } else {
                    c.open = true;
                    c.focus = true;
                    if let Some(selected) =
                        self.gloss_selection_text().filter(|s| !s.trim().is_empty())
                    {
                        self.tm.concordance.query = selected.trim().to_owned();
                        self.concordance_search();
                    }
                }
            }
            Command::ConcordanceSearch(query) => {
                self.tm.concordance.open = true;
                self.tm.concordance.query.clone_from(query);
                self.concordance_search();
            }
            Command::PretranslateDialog => self.tm.pretranslate.open = true,
            Command::Pretranslate => self.start_pretranslation(ctx),
            Command::CancelTmJob => {
                if let Some(job) = &self.tm.pretranslate.job {
                    job.progress.cancel();
                }
                if let Some(import) = &self.tm.import {
                    import.job.progress.cancel();
                }
            }
            Command::ExportAnalysisDialog => {
                self.ask_file(FileRequest::save(
                    "Export the analysis",
                    "CSV",
                    &["csv"],
                    "analysis.csv",
                    Command::ExportAnalysis,
                ));
            }
            Command::ExportAnalysis(path) => {
                if let Some(analysis) = &self.tm.pretranslate.analysis {
                    match crate::write_atomic(path, analysis.to_csv().as_bytes()) {
                        Ok(()) => self.info = Some(format!("Wrote {}", path.display())),
                        Err(e) => {
                            self.error = Some(format!(
                                "{}: {}",
                                path.display(),
                                crate::io_message(&e, path)
                            ));
                        }
                    }
                }
            }
            Command::ImportTmxDialog => {
                self.ask_file(FileRequest::open(
                    "Import TMX into the writable TM",
                    "TMX",
                    &["tmx"],
                    Command::ImportTmx,
                ));
            }
            Command::ImportTmx(path) => self.start_import(ctx, path.clone()),
            Command::ExportTmxDialog => {
                self.ask_file(FileRequest::save(
                    "Export the writable TM as TMX",
                    "TMX",
                    &["tmx"],
                    "memory.tmx",
                    Command::ExportTmx,
                ));
            }
            Command::ExportTmx(path) => self.export_tmx(path),
            Command::AttachTmDialog => {
                self.ask_file(FileRequest::open(
                    "Attach a reference TM (read-only)",
                    "TM database or TMX",
                    &[tm::DB_EXTENSION, "tmx"],
                    Command::AttachTm,
                ));
            }
            Command::AttachTm(path) => {
                if !self.ws.doc.tms.reference.contains(path) {
                    self.ws.doc.tms.reference.push(path.clone());
                    self.ws.generation += 1;
                }
                self.tm_configure();
            }
            Command::WritableTmDialog => {
                let name = format!("project.{}", tm::DB_EXTENSION);
                self.ask_file(FileRequest::save(
                    "Choose (or create) the TM confirmed segments go to",
                    "TM database",
                    &[tm::DB_EXTENSION],
                    name,
                    |path| Command::SetWritableTm(Some(path)),
                ));
            }
            Command::SetWritableTm(path) => {
                self.ws.doc.tms.writable.clone_from(path);
                self.ws.generation += 1;
                self.tm_configure();
            }
            Command::DetachTm(path) => {
                self.ws.doc.tms.reference.retain(|p| p != path);
                self.ws.generation += 1;
                self.tm_configure();
            }
            _ => return false,
        }
        true
    }

    fn concordance_search(&mut self) {
        let query = self.tm.concordance.query.trim().to_owned();
        if query.is_empty() {
            self.tm.concordance.hits.clear();
            self.tm.concordance.searched.clear();
            return;
        }
        if let Some(service) = &mut self.tm.service {
            self.tm.concordance.pending = Some(service.concordance(&query));
        }
    }

    fn start_pretranslation(&mut self, ctx: &egui::Context) {
        if self.tm.pretranslate.job.is_some() {
            return;
        }
        let doc = self.ws.doc.clone();
        let default_tm = self.tm.default_tm.clone();
        let lexicon = Lexicon::from_glossary(&self.ws.glossary);
        let repaint = ctx.clone();
        self.tm.pretranslate.analysis = None;
        let job = Job::spawn(
            move |progress| {
                progress.bytes_total.store(
                    doc.segments.len() as u64,
                    std::sync::atomic::Ordering::Relaxed,
                );
                let (stores, errors) = tm::open_attached(&doc.tms, default_tm.as_deref());
                if let Some(e) = errors.into_iter().next() {
                    return Err(e);
                }
                let refs: Vec<&dyn TmStore> = stores.iter().map(AsRef::as_ref).collect();
                pretranslate::best_matches(&doc, &refs, &lexicon, Some(progress))
            },
            Box::new(move || repaint.request_repaint()),
        );
        self.tm.pretranslate.job = Some(job);
    }

    fn start_import(&mut self, ctx: &egui::Context, path: PathBuf) {
        if self.tm.import.is_some() {
            self.error = Some("an import is already running".into());
            return;
        }
        let Some(target) = self.writable_tm_path() else {
            self.error = Some("no writable TM to import into".into());
            return;
        };
        let repaint = ctx.clone();
        let file = path.clone();
        let job = Job::spawn(
            move |progress| {
                let mut store = tm::sqlite::SqliteTm::open(&target)?;
                let mut reader = tm::tmx::open_tmx(&file, Some(progress))?;
                store.import(&mut reader, progress)
            },
            Box::new(move || repaint.request_repaint()),
        );
        self.tm.import = Some(ImportJob { path, job });
    }

    fn export_tmx(&mut self, path: &std::path::Path) {
        let Some(writer) = &self.tm.writer else {
            self.error = Some("no writable TM to export".into());
            return;
        };
        match tm::tmx::write_tmx_file(path, |each| writer.export(each)) {
            Ok(n) => self.info = Some(format!("Exported {n} units to {}", path.display())),
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}
