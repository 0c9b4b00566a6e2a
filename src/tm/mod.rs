//! Translation memory: every confirmed sentence pair, looked up again by
//! fuzzy matching that reads Arabic the way the glossary matcher does.
//!
//! - [`TmStore`]: the small trait a TM implements (add, lookup candidates,
//!   concordance, import, export, stats); [`sqlite::SqliteTm`] is the one
//!   implementation (an embedded SQLite database, as Trados keeps its TMs).
//!   A shared team server can be another implementation later.
//! - [`text`]: words and numbers of a sentence, the keys the index stores,
//!   and the forms compared for a 100 % match.
//! - [`score`]: the 0–100 score from a word-level edit distance in which a
//!   clitic, suffix, spelling or number difference costs a fraction of a word.
//! - [`lookup`]: candidates from every attached TM, scored, ranked, with
//!   context (101 %), multiple translations and numbers substituted.
//! - [`tmx`]: TMX 1.4b/1.1 read as a stream (UTF-8 and UTF-16) and written.
//! - [`pretranslate`]: fills a document from the TMs and counts the bands
//!   translators are paid by.
//! - [`service`]: lookups off the UI thread.
//!
//! ```no_run
//! use tarjuman::tm::{TmStore, Unit, sqlite::SqliteTm, lookup::{lookup, Query}, text::Lexicon};
//! let mut tm = SqliteTm::open(std::path::Path::new("my.tmdb")).unwrap();
//! tm.add(&Unit::new("وقال البيت الأبيض في بيان", "The White House said in a statement")).unwrap();
//! let stores: Vec<&dyn TmStore> = vec![&tm];
//! let matches = lookup(&stores, &Query::new("قال البيت الأبيض في بيان"), &Lexicon::default(), 50, 5).unwrap();
//! assert!(matches[0].score >= 90);
//! ```

pub mod lookup;
pub mod pretranslate;
pub mod score;
pub mod service;
pub mod sqlite;
pub mod text;
pub mod tmx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The row id of a unit in its TM.
pub type UnitId = i64;

/// How far a unit's translation has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum UnitStatus {
    #[default]
    Translated,
    Reviewed,
}

impl UnitStatus {
    pub fn label(self) -> &'static str {
        match self {
            UnitStatus::Translated => "translated",
            UnitStatus::Reviewed => "reviewed",
        }
    }

    pub fn parse(name: &str) -> Option<UnitStatus> {
        match name.trim().to_ascii_lowercase().as_str() {
            "translated" | "final" | "confirmed" => Some(UnitStatus::Translated),
            "reviewed" | "approved" | "signed-off" | "signedoff" => Some(UnitStatus::Reviewed),
            _ => None,
        }
    }
}

/// One translation unit: an Arabic sentence and its English, with where and
/// when it was made. Times are Unix seconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unit {
    /// Set by the store; ignored by [`TmStore::add`].
    pub id: UnitId,
    pub source: String,
    pub target: String,
    pub created: i64,
    pub changed: i64,
    /// Who made it (TMX `creationid`).
    pub author: String,
    /// Who changed it last (TMX `changeid`); empty when never changed.
    pub changed_by: String,
    /// The project and file it came from (empty when unknown).
    pub project: String,
    pub file: String,
    pub status: UnitStatus,
    /// The source sentence before this one: `Some("")` at the start of a
    /// document, `None` when unknown (most imported TMX). Used for context
    /// (101 %) matches.
    pub previous: Option<String>,
    /// The TMX `tuid`, kept from an import; the store's id when empty.
    pub tuid: String,
    /// The `<seg>` content as TMX markup, when it held inline codes
    /// (`<ph>`, `<bpt>`/`<ept>`, `<it>`, `<hi>`); `source`/`target` are
    /// then its text without the codes.
    pub source_markup: Option<String>,
    pub target_markup: Option<String>,
    /// `<prop type="…">value</prop>` of the unit, in order.
    pub props: Vec<(String, String)>,
    /// `<note>`s of the unit, in order.
    pub notes: Vec<String>,
}

impl Unit {
    /// A translated unit made now by nobody in particular (tests, examples).
    pub fn new(source: &str, target: &str) -> Unit {
        let now = now_secs();
        Unit {
            source: source.to_owned(),
            target: target.to_owned(),
            created: now,
            changed: now,
            ..Unit::default()
        }
    }
}

/// What [`TmStore::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new unit.
    New(UnitId),
    /// The same source and target were there: one unit, the newest time kept.
    Merged(UnitId),
}

impl Added {
    pub fn id(self) -> UnitId {
        match self {
            Added::New(id) | Added::Merged(id) => id,
        }
    }
}

/// One item of an import stream: a unit, or a unit of the file that was
/// skipped, with the reason (counted in the report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportItem {
    Unit(Box<Unit>),
    Skipped(SkipReason),
}

/// Why a unit of a file was not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    NoArabic,
    NoEnglish,
    EmptyText,
}

impl SkipReason {
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::NoArabic => "no Arabic variant",
            SkipReason::NoEnglish => "no English variant",
            SkipReason::EmptyText => "empty Arabic or English text",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: u64,
    /// Units whose source and target were already there (or earlier in the file).
    pub merged: u64,
    pub skipped: BTreeMap<SkipReason, u64>,
}

impl ImportReport {
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// `imported 120, duplicates merged 3, skipped 2 (no English variant 2)`.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "imported {}, duplicates merged {}, skipped {}",
            self.imported,
            self.merged,
            self.skipped_total()
        );
        if !self.skipped.is_empty() {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| format!("{} {n}", r.label()))
                .collect();
            out.push_str(&format!(" ({})", reasons.join(", ")));
        }
        out
    }
}

/// Progress of a long job, shared with the thread that shows it, and the
/// way to cancel it.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the input read so far, and in all (0 when unknown).
    pub bytes_done: AtomicU64,
    pub bytes_total: AtomicU64,
    /// Units handled so far.
    pub units: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Done so far, 0.0–1.0, by bytes (0 when the size is unknown).
    pub fn fraction(&self) -> f32 {
        let total = self.bytes_total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.bytes_done.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32
    }
}

/// Size and content of a TM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmStats {
    pub units: u64,
    pub reviewed: u64,
    /// Source and target languages (always `ar` and `en` for our TMs).
    pub languages: Vec<String>,
    /// Bytes on disk (0 for a TM held in memory).
    pub size_bytes: u64,
    /// Oldest and newest change, Unix seconds (`None` when empty).
    pub oldest: Option<i64>,
    pub newest: Option<i64>,
}

/// Why a TM could not be used. Messages name the file (and line, for TMX).
#[derive(Debug, thiserror::Error)]
pub enum TmError {
    #[error("{path}: {message}")]
    Database { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Tmx {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{path}: the TM is busy (another program is writing to it); try again")]
    Busy { path: String },
    #[error("{path}: cancelled; nothing was imported")]
    Cancelled { path: String },
    #[error("{path}: {message}")]
    ReadOnly { path: String, message: String },
}

/// A translation memory. Lookup is split in two: the store narrows the
/// units to candidates with its index, [`lookup`] scores them, so every
/// store ranks the same way.
pub trait TmStore: Send {
    /// The name shown as a match's origin (the file name).
    fn name(&self) -> &str;
    /// Where it lives (`None` for a TM held in memory).
    fn path(&self) -> Option<&Path>;
    /// Whether [`add`](Self::add) and [`import`](Self::import) may write.
    fn writable(&self) -> bool;
    /// Adds a unit; identical source and target merge into one (the newer
    /// time and status kept). One transaction.
    fn add(&mut self, unit: &Unit) -> Result<Added, TmError>;
    /// Replaces unit `id` with `unit` (a confirmed segment edited again);
    /// when that makes it equal to another unit, the two merge.
    fn update(&mut self, id: UnitId, unit: &Unit) -> Result<Added, TmError>;
    /// The unit with this id.
    fn get(&self, id: UnitId) -> Result<Option<Unit>, TmError>;
    /// The unit with exactly this source and target, if any.
    fn find(&self, source: &str, target: &str) -> Result<Option<UnitId>, TmError>;
    /// Units likely to match `query`: every unit with the same normalised
    /// source, then the `limit` that share the most informative words.
    fn candidates(&self, query: &text::QueryKeys, limit: usize) -> Result<Vec<Unit>, TmError>;
    /// Units containing every key of `query` on its side (Arabic keys are
    /// clitic-aware stems, English keys lower-case words), at most `limit`.
    fn concordance(&self, query: &text::QueryKeys, limit: usize) -> Result<Vec<Unit>, TmError>;
    /// Adds every unit of `items` in one transaction: an error or a cancel
    /// midway leaves the TM as it was.
    fn import(
        &mut self,
        items: &mut dyn Iterator<Item = Result<ImportItem, TmError>>,
        progress: &Progress,
    ) -> Result<ImportReport, TmError>;
    /// Calls `each` with every unit, oldest first.
    fn export(&self, each: &mut dyn FnMut(&Unit) -> Result<(), TmError>) -> Result<(), TmError>;
    fn stats(&self) -> Result<TmStats, TmError>;
    /// From now on, refuse writes (a reference TM).
    fn set_read_only(&mut self);
}

/// Seconds since 1970 (UTC).
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The author written into new units: the login name.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "translator".to_owned())
}

/// The folder for the user's data: `$TARJUMAN_DATA_DIR` when set (tests,
/// portable installs), else the platform data directory
/// (`~/.local/share/tarjuman` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TARJUMAN_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "Tarjuman").map(|d| d.data_dir().to_owned())
}

/// The user's default TM, created on first use.
pub fn default_tm_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("default.tmdb"))
}

/// The extension of our TM databases.
pub const DB_EXTENSION: &str = "tmdb";

/// Whether `path` names a TMX file (by extension), to be read into memory
/// instead of opened as a database.
pub fn is_tmx_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tmx"))
}

/// Opens a TM named on the command line or in a project: a database (created
/// when missing and `create`), or a `.tmx` file read into a TM in memory
/// (read-only: it is used directly, never imported anywhere).
pub fn open_any(path: &Path, create: bool) -> Result<Box<dyn TmStore>, TmError> {
    if is_tmx_path(path) {
        return Ok(Box::new(sqlite::SqliteTm::from_tmx(path)?));
    }
    if !create && !path.exists() {
        return Err(TmError::Io {
            path: path.display().to_string(),
            message: "no such TM".into(),
        });
    }
    Ok(Box::new(sqlite::SqliteTm::open(path)?))
}

/// The TMs a project uses, opened: the writable one first (the user's
/// default TM unless the project names another), then the reference TMs
/// (read-only). A TM that cannot be opened is left out and its error
/// returned beside the others, so one bad file does not stop the rest.
pub fn open_attached(
    tms: &crate::document::TmAttachments,
    default_tm: Option<&Path>,
) -> (Vec<Box<dyn TmStore>>, Vec<TmError>) {
    let mut stores: Vec<Box<dyn TmStore>> = Vec::new();
    let mut errors = Vec::new();
    let writable = tms
        .writable
        .clone()
        .or_else(|| default_tm.map(Path::to_owned));
    match writable {
        Some(path) => match open_any(&path, true) {
            Ok(store) => stores.push(store),
            Err(e) => errors.push(e),
        },
        None => errors.push(TmError::Io {
            path: "default TM".into(),
            message: "no data directory for the default TM (set TARJUMAN_DATA_DIR)".into(),
        }),
    }
    for path in &tms.reference {
        match open_any(path, false) {
            Ok(mut store) => {
                store.set_read_only();
                stores.push(store);
            }
            Err(e) => errors.push(e),
        }
    }
    (stores, errors)
}

/// `2021-07-09T14:03:00Z`.
pub fn iso_date(secs: i64) -> String {
    crate::time::iso8601(secs)
}
