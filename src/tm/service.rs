//! TM work off the UI thread: a worker that owns its own connections to
//! the attached TMs and answers lookups and concordance searches, and
//! [`Job`], a long task (an import, a pre-translation) on a thread of its
//! own with progress and cancel. Nothing here knows about the window: the
//! caller passes a `notify` function (the window's "repaint").
//!
//! Requests queue up while the worker is busy; when it gets to them, only
//! the newest lookup and the newest search are answered (the translator has
//! moved on from the older ones), so moving quickly through a long document
//! never builds a backlog.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use super::lookup::{ConcordanceHit, Query, TmMatch, concordance, lookup};
use super::text::Lexicon;
use super::{Progress, TmStore};
use crate::document::TmAttachments;

/// How many concordance hits a search returns.
pub const CONCORDANCE_LIMIT: usize = 50;

/// An attached TM as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmInfo {
    pub name: String,
    pub path: Option<PathBuf>,
    pub writable: bool,
    pub units: u64,
}

enum Request {
    Configure {
        tms: TmAttachments,
        default_tm: Option<PathBuf>,
        lexicon: Box<Lexicon>,
    },
    Lookup {
        id: u64,
        segment: usize,
        source: String,
        previous: String,
        min: u8,
        limit: usize,
    },
    Concordance {
        id: u64,
        query: String,
    },
}

/// What the worker answers.
#[derive(Debug)]
pub enum Response {
    /// The TMs are open (those that could be), with the errors of the rest.
    Configured {
        tms: Vec<TmInfo>,
        errors: Vec<String>,
    },
    Lookup {
        id: u64,
        segment: usize,
        result: Result<Vec<TmMatch>, String>,
    },
    Concordance {
        id: u64,
        query: String,
        result: Result<Vec<ConcordanceHit>, String>,
    },
}

/// The lookup worker.
pub struct TmService {
    requests: Option<Sender<Request>>,
    responses: Receiver<Response>,
    next_id: u64,
    worker: Option<JoinHandle<()>>,
}

impl TmService {
    /// Starts the worker; `notify` is called after every response.
    pub fn start(notify: Box<dyn Fn() + Send>) -> TmService {
        let (request_tx, request_rx) = mpsc::channel::<Request>();
        let (response_tx, response_rx) = mpsc::channel::<Response>();
        let worker = std::thread::Builder::new()
            .name("tarjuman-tm".into())
            .spawn(move || work(&request_rx, &response_tx, notify.as_ref()))
            .ok();
        TmService {
            requests: Some(request_tx),
            responses: response_rx,
            next_id: 1,
            worker,
        }
    }

    fn send(&self, request: Request) {
        if let Some(tx) = &self.requests {
            let _ = tx.send(request);
        }
    }

    /// (Re)opens the TMs: `tms` as a project attaches them, `default_tm` the
    /// user's default TM.
    pub fn configure(
        &mut self,
        tms: &TmAttachments,
        default_tm: Option<PathBuf>,
        lexicon: Lexicon,
    ) {
        self.send(Request::Configure {
            tms: tms.clone(),
            default_tm,
            lexicon: Box::new(lexicon),
        });
    }

    /// Asks for the matches of a segment; returns the id its answer carries.
    pub fn lookup(
        &mut self,
        segment: usize,
        source: &str,
        previous: &str,
        min: u8,
        limit: usize,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(Request::Lookup {
            id,
            segment,
            source: source.to_owned(),
            previous: previous.to_owned(),
            min,
            limit,
        });
        id
    }

    /// Asks for a concordance search; returns the id its answer carries.
    pub fn concordance(&mut self, query: &str) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(Request::Concordance {
            id,
            query: query.to_owned(),
        });
        id
    }

    /// The answers that arrived, without waiting.
    pub fn poll(&mut self) -> Vec<Response> {
        self.responses.try_iter().collect()
    }

    /// Waits up to `timeout` for an answer, then takes every one there is
    /// (tests, and a window that must have the answer now).
    pub fn wait(&mut self, timeout: Duration) -> Vec<Response> {
        match self.responses.recv_timeout(timeout) {
            Ok(first) => {
                let mut out = vec![first];
                out.extend(self.responses.try_iter());
                out
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Vec::new(),
        }
    }
}

impl Drop for TmService {
    fn drop(&mut self) {
        // Closing the channel ends the worker after its current request.
        self.requests = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

fn work(requests: &Receiver<Request>, responses: &Sender<Response>, notify: &(dyn Fn() + Send)) {
    let mut stores: Vec<Box<dyn TmStore>> = Vec::new();
    let mut lexicon = Lexicon::default();
    while let Ok(first) = requests.recv() {
        // Everything that queued meanwhile: configurations in order, then
        // only the newest lookup and the newest search.
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        let mut last_lookup = None;
        let mut last_search = None;
        for request in batch {
            match request {
                Request::Configure {
                    tms,
                    default_tm,
                    lexicon: new_lexicon,
                } => {
                    let (opened, errors) = super::open_attached(&tms, default_tm.as_deref());
                    stores = opened;
                    lexicon = *new_lexicon;
                    let tms = stores
                        .iter()
                        .map(|s| TmInfo {
                            name: s.name().to_owned(),
                            path: s.path().map(PathBuf::from),
                            writable: s.writable(),
                            units: s.stats().map_or(0, |st| st.units),
                        })
                        .collect();
                    let errors = errors.iter().map(ToString::to_string).collect();
                    if responses
                        .send(Response::Configured { tms, errors })
                        .is_err()
                    {
                        return;
                    }
                    notify();
                }
                lookup @ Request::Lookup { .. } => last_lookup = Some(lookup),
                search @ Request::Concordance { .. } => last_search = Some(search),
            }
        }
        let refs: Vec<&dyn TmStore> = stores.iter().map(AsRef::as_ref).collect();
        if let Some(Request::Lookup {
            id,
            segment,
            source,
            previous,
            min,
            limit,
        }) = last_lookup
        {
            let query = Query::with_previous(&source, &previous);
            let result = lookup(&refs, &query, &lexicon, min, limit).map_err(|e| e.to_string());
            if responses
                .send(Response::Lookup {
                    id,
                    segment,
                    result,
                })
                .is_err()
            {
                return;
            }
            notify();
        }
        if let Some(Request::Concordance { id, query }) = last_search {
            let result =
                concordance(&refs, &query, &lexicon, CONCORDANCE_LIMIT).map_err(|e| e.to_string());
            if responses
                .send(Response::Concordance { id, query, result })
                .is_err()
            {
                return;
            }
            notify();
        }
    }
}

/// A long task on its own thread, with progress the window shows and a
/// cancel it can press.
pub struct Job<T> {
    pub progress: Arc<Progress>,
    result: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `task` on a new thread; `notify` is called when it ends.
    pub fn spawn(
        task: impl FnOnce(&Progress) -> T + Send + 'static,
        notify: Box<dyn Fn() + Send>,
    ) -> Job<T> {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            let result = task(&shared);
            let _ = tx.send(result);
            notify();
        });
        Job {
            progress,
            result: rx,
        }
    }

    /// The result, once the task has ended.
    pub fn try_take(&self) -> Option<T> {
        self.result.try_recv().ok()
    }

    /// Waits up to `timeout` for the result.
    pub fn wait(&self, timeout: Duration) -> Option<T> {
        self.result.recv_timeout(timeout).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::Unit;
    use crate::tm::sqlite::SqliteTm;

    #[test]
    fn the_worker_answers_the_newest_lookup() {
        let dir = std::env::temp_dir().join(format!("tarjuman-service-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.tmdb");
        let _ = std::fs::remove_file(&path);
        let mut tm = SqliteTm::open(&path).unwrap();
        tm.add(&Unit::new("قال بايدن للصحافيين", "Biden told reporters"))
            .unwrap();
        let mut service = TmService::start(Box::new(|| {}));
        let tms = TmAttachments {
            writable: Some(path.clone()),
            reference: Vec::new(),
        };
        service.configure(&tms, None, Lexicon::default());
        let configured = service.wait(Duration::from_secs(10));
        assert!(
            matches!(&configured[0], Response::Configured { tms, errors } if tms.len() == 1 && errors.is_empty())
        );
        let id = service.lookup(0, "وقال بايدن للصحافيين", "", 50, 5);
        let mut answer = Vec::new();
        while answer.is_empty() {
            answer = service.wait(Duration::from_secs(10));
        }
        match &answer[0] {
            Response::Lookup {
                id: got, result, ..
            } => {
                assert_eq!(*got, id);
                let matches = result.as_ref().unwrap();
                assert_eq!(matches[0].unit.target, "Biden told reporters");
            }
            other => panic!("{other:?}"),
        }
        // A unit written meanwhile by another connection is seen.
        tm.add(&Unit::new("قال بوتين", "Putin said")).unwrap();
        service.lookup(1, "قال بوتين", "", 50, 5);
        let answer = service.wait(Duration::from_secs(10));
        assert!(matches!(&answer[0], Response::Lookup { result: Ok(m), .. } if m[0].score == 100));
    }

    #[test]
    fn a_job_reports_its_result_and_can_be_cancelled() {
        let job = Job::spawn(
            |progress: &Progress| {
                while !progress.is_cancelled() {
                    std::thread::sleep(Duration::from_millis(1));
                }
                7
            },
            Box::new(|| {}),
        );
        assert_eq!(job.try_take(), None);
        job.progress.cancel();
        assert_eq!(job.wait(Duration::from_secs(10)), Some(7));
    }
}
