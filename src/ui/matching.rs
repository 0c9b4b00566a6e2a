//! Glossary matching off the UI thread. Opening a document shows its text
//! at once; a worker matches its sentences (the active one first) and the
//! highlights appear as the answers come, frame by frame. An edit in the
//! glossary editor changes the [`LiveMatcher`] in a few milliseconds and
//! sends the worker only the sentences it can change: those that had a
//! match of a removed or changed term, and those where an added or changed
//! term matches (the worker looks for them with an index of those terms
//! alone). Nothing here knows about the window: the caller passes `notify`
//! (its "repaint"), as for the TM worker.
//!
//! Every job carries the generation of the matches it is for: an answer to
//! an older job is dropped (its sentences are still stale and go with the
//! newer job), so term numbers in the matches are always the glossary's.

use std::ops::Range;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::document::Document;
use crate::glossary::live::LiveMatcher;
use crate::glossary::{Glossary, Match, Matcher, Term};

/// A document's Arabic, for the worker (the Arabic never changes while a
/// document is open: re-segmenting opens a new one).
#[derive(Debug, Default)]
pub struct DocText {
    source: String,
    spans: Vec<Range<usize>>,
}

impl DocText {
    pub fn of(doc: &Document) -> Arc<DocText> {
        Arc::new(DocText {
            source: doc.source.clone(),
            spans: doc.segments.iter().map(|s| s.start..s.end).collect(),
        })
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn segment(&self, index: usize) -> &str {
        &self.source[self.spans[index].clone()]
    }
}

/// What the worker is asked to match.
pub struct MatchJob {
    /// The generation of the matches this is for.
    pub generation: u64,
    pub matcher: Arc<LiveMatcher>,
    pub text: Arc<DocText>,
    /// Sentences to match, in order (the active one and those after it first).
    pub segments: Vec<usize>,
    /// Terms added or changed: the other sentences where they match are
    /// matched too.
    pub probe: Vec<Term>,
    /// The live matcher's overlay has grown: build a fresh index of the
    /// glossary as it is, in the background.
    pub compact: bool,
}

/// What the worker answers.
pub enum MatchReply {
    /// Sentences matched, a batch at a time.
    Matched {
        generation: u64,
        results: Vec<(usize, Vec<Match>)>,
    },
    /// A fresh index of the glossary of that generation.
    Compacted {
        generation: u64,
        matcher: Arc<LiveMatcher>,
    },
    /// The job is done.
    Done { generation: u64 },
}

/// The matching worker.
pub struct MatchService {
    jobs: Option<Sender<MatchJob>>,
    replies: Receiver<MatchReply>,
    /// While true, the worker does not start a job (tests: the text is
    /// shown before any highlight).
    hold: Arc<(Mutex<bool>, Condvar)>,
    worker: Option<JoinHandle<()>>,
}

impl MatchService {
    /// Starts the worker; `notify` is called after every reply.
    pub fn start(notify: Box<dyn Fn() + Send>) -> MatchService {
        let (job_tx, job_rx) = mpsc::channel::<MatchJob>();
        let (reply_tx, reply_rx) = mpsc::channel::<MatchReply>();
        let hold = Arc::new((Mutex::new(false), Condvar::new()));
        let held = hold.clone();
        let worker = std::thread::Builder::new()
            .name("tarjuman-glossary".into())
            .spawn(move || work(&job_rx, &reply_tx, notify.as_ref(), &held))
            .ok();
        MatchService {
            jobs: Some(job_tx),
            replies: reply_rx,
            hold,
            worker,
        }
    }

    /// Queues a job; the worker drops older jobs for it.
    pub fn send(&self, job: MatchJob) {
        if let Some(tx) = &self.jobs {
            let _ = tx.send(job);
        }
    }

    /// The replies so far, without waiting.
    pub fn poll(&self) -> Vec<MatchReply> {
        self.replies.try_iter().collect()
    }

    /// Waits up to `timeout` for a reply, then takes every reply there is.
    pub fn wait(&self, timeout: Duration) -> Vec<MatchReply> {
        match self.replies.recv_timeout(timeout) {
            Ok(first) => std::iter::once(first)
                .chain(self.replies.try_iter())
                .collect(),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Vec::new(),
        }
    }

    /// Holds jobs back (`true`) or lets them run.
    pub fn hold(&self, on: bool) {
        let (lock, changed) = &*self.hold;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = on;
        changed.notify_all();
    }
}

impl Drop for MatchService {
    fn drop(&mut self) {
        self.hold(false);
        self.jobs = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// Answers sent at least this often while a job runs.
const BATCH: usize = 64;
const BATCH_TIME: Duration = Duration::from_millis(25);

fn work(
    jobs: &Receiver<MatchJob>,
    replies: &Sender<MatchReply>,
    notify: &dyn Fn(),
    hold: &(Mutex<bool>, Condvar),
) {
    let mut next: Option<MatchJob> = None;
    loop {
        let mut job = match next.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        {
            let (lock, changed) = hold;
            let mut held = lock.lock().unwrap_or_else(|e| e.into_inner());
            while *held {
                held = changed.wait(held).unwrap_or_else(|e| e.into_inner());
            }
        }
        // Only the newest job matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        match run(&job, jobs, replies, notify) {
            Ok(()) => {}
            Err(Stop::Newer(newer)) => next = Some(newer),
            Err(Stop::Gone) => return,
        }
    }
}

enum Stop {
    /// A newer job came: this one is given up.
    Newer(MatchJob),
    /// Nobody listens any more.
    Gone,
}

fn run(
    job: &MatchJob,
    jobs: &Receiver<MatchJob>,
    replies: &Sender<MatchReply>,
    notify: &dyn Fn(),
) -> Result<(), Stop> {
    let generation = job.generation;
    let mut batch = Vec::new();
    let mut sent = Instant::now();
    let mut flush = |batch: &mut Vec<(usize, Vec<Match>)>, force: bool| -> Result<(), Stop> {
        if batch.is_empty() || !(force || batch.len() >= BATCH || sent.elapsed() >= BATCH_TIME) {
            return Ok(());
        }
        let results = std::mem::take(batch);
        replies
            .send(MatchReply::Matched {
                generation,
                results,
            })
            .map_err(|_| Stop::Gone)?;
        notify();
        sent = Instant::now();
        Ok(())
    };
    let newer = || match jobs.try_recv() {
        Ok(newer) => Err(Stop::Newer(newer)),
        Err(mpsc::TryRecvError::Empty) => Ok(()),
        Err(mpsc::TryRecvError::Disconnected) => Err(Stop::Gone),
    };
    let mut listed = vec![false; job.text.len()];
    for &i in &job.segments {
        newer()?;
        if i < listed.len() {
            listed[i] = true;
            batch.push((i, job.matcher.find(job.text.segment(i))));
            flush(&mut batch, false)?;
        }
    }
    if !job.probe.is_empty() {
        let probe = Matcher::new(&Glossary {
            terms: job.probe.clone(),
            ..Glossary::default()
        });
        for (i, listed) in listed.iter().enumerate() {
            if *listed {
                continue;
            }
            newer()?;
            let text = job.text.segment(i);
            if !probe.find_one_per_span(text).is_empty() {
                batch.push((i, job.matcher.find(text)));
                flush(&mut batch, false)?;
            }
        }
    }
    flush(&mut batch, true)?;
    if job.compact {
        let terms = job.matcher.glossary_terms();
        let fresh = LiveMatcher::new(&Glossary {
            terms,
            ..Glossary::default()
        });
        newer()?;
        replies
            .send(MatchReply::Compacted {
                generation,
                matcher: Arc::new(fresh),
            })
            .map_err(|_| Stop::Gone)?;
    }
    replies
        .send(MatchReply::Done { generation })
        .map_err(|_| Stop::Gone)?;
    notify();
    Ok(())
}

/// The matches of an open document and what is still to match.
pub struct MatchState {
    live: Arc<LiveMatcher>,
    text: Arc<DocText>,
    /// Sentences whose matches are not yet those of `live`.
    stale: Vec<bool>,
    stale_count: usize,
    /// Terms added or changed since the last job finished.
    probe: Vec<Term>,
    /// Bumped whenever `live` changes or sentences go stale.
    generation: u64,
    /// The generation of the last job sent, and whether it is done.
    sent: Option<(u64, bool)>,
}

impl MatchState {
    /// Every sentence of `doc` stale, to be matched with `live`.
    pub fn new(doc: &Document, live: Arc<LiveMatcher>) -> MatchState {
        let n = doc.segments.len();
        MatchState {
            live,
            text: DocText::of(doc),
            stale: vec![true; n],
            stale_count: n,
            probe: Vec::new(),
            generation: 1,
            sent: None,
        }
    }

    pub fn live(&self) -> &Arc<LiveMatcher> {
        &self.live
    }

    /// A new index (another glossary): everything is stale.
    pub fn replace(&mut self, live: Arc<LiveMatcher>) {
        self.live = live;
        self.stale.fill(true);
        self.stale_count = self.stale.len();
        self.probe.clear();
        self.generation += 1;
    }

    /// The live matcher, to change it (cloned if the worker still has it).
    pub fn live_mut(&mut self) -> &mut LiveMatcher {
        self.generation += 1;
        Arc::make_mut(&mut self.live)
    }

    pub fn mark_stale(&mut self, segment: usize) {
        if let Some(stale) = self.stale.get_mut(segment)
            && !*stale
        {
            *stale = true;
            self.stale_count += 1;
        }
        self.generation += 1;
    }

    pub fn add_probe(&mut self, term: Term) {
        self.probe.push(term);
        self.generation += 1;
    }

    /// Whether some matches are not yet those of the glossary.
    pub fn pending(&self) -> bool {
        self.stale_count > 0
            || !self.probe.is_empty()
            || self
                .sent
                .is_some_and(|(g, done)| g == self.generation && !done)
    }

    /// A job for what is pending, if one was not sent for it already;
    /// the sentences from `first` on go first.
    pub fn job(&mut self, first: usize) -> Option<MatchJob> {
        if self.sent.is_some_and(|(g, _)| g == self.generation) {
            return None;
        }
        let compact = self.live.needs_compacting();
        if self.stale_count == 0 && self.probe.is_empty() && !compact {
            return None;
        }
        let n = self.stale.len();
        let first = first.min(n);
        let segments: Vec<usize> = (first..n)
            .chain(0..first)
            .filter(|&i| self.stale[i])
            .collect();
        self.sent = Some((self.generation, false));
        Some(MatchJob {
            generation: self.generation,
            matcher: self.live.clone(),
            text: self.text.clone(),
            segments,
            probe: self.probe.clone(),
            compact,
        })
    }

    /// Takes a reply: matches of the current generation go into `matches`.
    pub fn take(&mut self, reply: MatchReply, matches: &mut [Vec<Match>]) {
        match reply {
            MatchReply::Matched {
                generation,
                results,
            } if generation == self.generation => {
                for (i, found) in results {
                    if let Some(slot) = matches.get_mut(i) {
                        *slot = found;
                    }
                    if let Some(stale) = self.stale.get_mut(i)
                        && *stale
                    {
                        *stale = false;
                        self.stale_count -= 1;
                    }
                }
            }
            MatchReply::Compacted {
                generation,
                matcher,
            } if generation == self.generation => {
                // The same glossary, freshly indexed: the matches stand.
                self.live = matcher;
            }
            MatchReply::Done { generation } if generation == self.generation => {
                self.probe.clear();
                self.sent = Some((generation, true));
            }
            _ => {}
        }
    }

    /// Matches every stale sentence here and now (tests, benchmarks, and
    /// code without a window).
    pub fn match_now(&mut self, matches: &mut [Vec<Match>]) {
        let probe = (!self.probe.is_empty()).then(|| {
            Matcher::new(&Glossary {
                terms: std::mem::take(&mut self.probe),
                ..Glossary::default()
            })
        });
        for (i, slot) in matches.iter_mut().enumerate() {
            let text = self.text.segment(i);
            let stale = std::mem::replace(&mut self.stale[i], false);
            if stale
                || probe
                    .as_ref()
                    .is_some_and(|p| !p.find_one_per_span(text).is_empty())
            {
                *slot = self.live.find(text);
            }
        }
        self.stale_count = 0;
        if self.live.needs_compacting() {
            self.live = Arc::new(LiveMatcher::new(&Glossary {
                terms: self.live.glossary_terms(),
                ..Glossary::default()
            }));
        }
        self.generation += 1;
    }
}

impl super::App {
    /// Each frame: starts the worker, takes its answers, and sends it what
    /// changed (an opened document, a glossary edit).
    pub(super) fn matching_sync(&mut self, ctx: &eframe::egui::Context) {
        if self.matcher.is_none() {
            let repaint = ctx.clone();
            let service = MatchService::start(Box::new(move || repaint.request_repaint()));
            service.hold(self.hold_matching);
            self.matcher = Some(service);
        }
        self.matching_exchange(Duration::ZERO);
        if self.settle_matching {
            self.wait_for_glossary_matches();
        }
    }

    /// Sends the pending job and takes the replies (waiting up to `wait`
    /// for the first).
    fn matching_exchange(&mut self, wait: Duration) {
        let Some(service) = &self.matcher else {
            return;
        };
        if let Some(job) = self.ws.matching_job(self.active) {
            service.send(job);
        }
        let replies = if wait.is_zero() {
            service.poll()
        } else {
            service.wait(wait)
        };
        for reply in replies {
            self.ws.take_match_reply(reply);
        }
    }

    /// Makes every frame wait (up to 10 s) until the document's glossary
    /// matches are in, so that tests see highlights however slow the
    /// machine. The window never does this.
    pub fn settle_glossary_matching(&mut self) {
        self.settle_matching = true;
    }

    /// Holds the matching worker back (`true`) or lets it go: with it held,
    /// a test sees the text of a document before any highlight.
    pub fn hold_glossary_matching(&mut self, on: bool) {
        self.hold_matching = on;
        if let Some(service) = &self.matcher {
            service.hold(on);
        }
    }

    /// Whether some segments still wait for their glossary matches.
    pub fn glossary_matching_pending(&self) -> bool {
        self.ws.matching_pending()
    }

    /// Waits (up to 10 s) until every segment has its glossary matches.
    pub fn wait_for_glossary_matches(&mut self) {
        if self.hold_matching || self.matcher.is_none() {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.ws.matching_pending() && Instant::now() < deadline {
            self.matching_exchange(Duration::from_millis(20));
        }
    }
}
