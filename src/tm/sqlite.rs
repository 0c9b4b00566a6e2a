//! The TM as an SQLite database (rusqlite with SQLite compiled in).
//!
//! Tables:
//! - `units`: one row per unit, with the hash of its normalised source (to
//!   find same-source units at once) and of source + target (to merge
//!   duplicates); inline markup, props and notes as JSON in `extra`.
//! - `postings`: the index that narrows a lookup to candidates without
//!   reading the units: for each key (a source word's light stem, or an
//!   English word) the ids of the units holding it, delta-encoded as
//!   varints in chunks (`key`, `first`, `count`, `last`, `ids`). A single
//!   add appends to the key's last small chunk; an import writes whole
//!   chunks at its end, so the index grows with the units, not per row.
//!   An index on (`key`, `count`) gives a lookup each word's count without
//!   reading its chunks, and indexes on `changed` and on reviewed units
//!   answer [`TmStore::stats`] without reading every unit.
//!
//! A lookup reads the rarest words' postings first, within a budget, and
//! adds up each unit's weight block by block of ids (a small window that
//! stays in the cache), keeping only the best candidates; all in one read
//! transaction.
//!
//! The database runs in WAL mode, so the window and the command line can
//! use one TM at once (readers never block the writer), and every write is
//! one transaction with `synchronous=FULL`: a crash or `kill -9` loses no
//! confirmed unit, and an import that fails or is cancelled leaves
//! nothing behind.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::text::{self, QueryKeys};
use super::{
    Added, ImportItem, ImportReport, Progress, TmError, TmStats, TmStore, Unit, UnitId, UnitStatus,
};

/// `PRAGMA application_id` of our databases: "TRJM".
const APPLICATION_ID: i64 = 0x5452_4A4D;
const SCHEMA_VERSION: i64 = 1;
/// A key's chunk that single adds append to stays this small.
const TAIL_CHUNK: i64 = 256;
/// Chunks an import writes hold at most this many ids.
const IMPORT_CHUNK: usize = 4096;
/// An import writes its postings out after this many units (bounded memory).
const IMPORT_FLUSH_UNITS: u64 = 100_000;
/// SQLite's page cache, KiB.
const CACHE_KIB: i64 = 32_000;
/// A lookup reads at most about this many postings.
const POSTINGS_BUDGET: u64 = 200_000;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_hash INTEGER NOT NULL,
    pair_hash INTEGER NOT NULL,
    created INTEGER NOT NULL,
    changed INTEGER NOT NULL,
    author TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    project TEXT NOT NULL,
    file TEXT NOT NULL,
    status INTEGER NOT NULL,
    previous TEXT,
    tuid TEXT NOT NULL,
    extra TEXT
);
CREATE INDEX IF NOT EXISTS units_source ON units(source_hash);
CREATE INDEX IF NOT EXISTS units_pair ON units(pair_hash);
CREATE TABLE IF NOT EXISTS postings(
    key INTEGER NOT NULL,
    first INTEGER NOT NULL,
    count INTEGER NOT NULL,
    last INTEGER NOT NULL,
    ids BLOB NOT NULL,
    PRIMARY KEY(key, first)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_count ON postings(key, count);
CREATE INDEX IF NOT EXISTS units_changed ON units(changed);
CREATE TABLE IF NOT EXISTS unit_counts(
    id INTEGER PRIMARY KEY CHECK (id = 0),
    units INTEGER NOT NULL,
    reviewed INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS units_counted_insert AFTER INSERT ON units BEGIN
    UPDATE unit_counts SET units = units + 1, reviewed = reviewed + (NEW.status = 1) WHERE id = 0;
END;
CREATE TRIGGER IF NOT EXISTS units_counted_delete AFTER DELETE ON units BEGIN
    UPDATE unit_counts SET units = units - 1, reviewed = reviewed - (OLD.status = 1) WHERE id = 0;
END;
CREATE TRIGGER IF NOT EXISTS units_counted_status AFTER UPDATE OF status ON units BEGIN
    UPDATE unit_counts SET reviewed = reviewed + (NEW.status = 1) - (OLD.status = 1) WHERE id = 0;
END;
INSERT OR IGNORE INTO unit_counts(id, units, reviewed)
    SELECT 0, count(*), coalesce(sum(status = 1), 0) FROM units;
";

/// What was added to the schema after the first TMs were made: the index
/// that gives a lookup each word's postings count, and what answers
/// [`TmStore::stats`] without reading every unit (the index on `changed`;
/// the counts, which SQLite keeps with triggers, whoever writes). A TM
/// without them gets them when it is opened.
const LATER_SCHEMA: [&str; 6] = [
    "postings_count",
    "units_changed",
    "unit_counts",
    "units_counted_insert",
    "units_counted_delete",
    "units_counted_status",
];

const UNIT_COLUMNS: &str = "id, source, target, created, changed, author, changed_by, project, file, status, previous, tuid, extra";

/// Markup, props and notes: rare, so kept together as JSON.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Extra {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_markup: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target_markup: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    props: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

impl Extra {
    fn of(unit: &Unit) -> Option<String> {
        if unit.source_markup.is_none()
            && unit.target_markup.is_none()
            && unit.props.is_empty()
            && unit.notes.is_empty()
        {
            return None;
        }
        serde_json::to_string(&Extra {
            source_markup: unit.source_markup.clone(),
            target_markup: unit.target_markup.clone(),
            props: unit.props.clone(),
            notes: unit.notes.clone(),
        })
        .ok()
    }
}

/// Unit ids per block when a lookup adds up weights: a block's weights
/// (128 KiB) stay in the cache while every group adds to them.
const WEIGH_BLOCK: u32 = 1 << 15;

/// A unit id and its weight, ordered as candidates rank: by weight, then
/// the newer (larger) id.
#[derive(Clone, Copy, PartialEq)]
struct Ranked(f32, u32);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

/// The `limit` unit ids of `groups` (sorted ids, each once a group, and the
/// weight the group gives) with the largest sums of weights, best first,
/// ties to the larger id. Each id's weights are added in the order of the
/// groups. The ids are walked block by block, so the additions stay in a
/// small window instead of a map or an array as large as the TM, and only
/// the best `limit` so far are kept.
fn best_weighted(
    ids: &[u32],
    groups: &[(std::ops::Range<usize>, f32)],
    limit: usize,
    window: &mut Vec<f32>,
) -> Vec<(u32, f32)> {
    use std::cmp::Reverse;
    if limit == 0 {
        return Vec::new();
    }
    // All zeros between calls.
    window.resize(WEIGH_BLOCK as usize, 0.0);
    let mut cursors: Vec<usize> = groups.iter().map(|(span, _)| span.start).collect();
    // The best so far, the worst on top.
    let mut best: std::collections::BinaryHeap<Reverse<Ranked>> =
        std::collections::BinaryHeap::with_capacity(limit + 1);
    loop {
        // The block of the lowest id not yet added.
        let next = groups
            .iter()
            .zip(&cursors)
            .filter(|((span, _), at)| **at < span.end)
            .map(|(_, &at)| ids[at])
            .min();
        let Some(next) = next else {
            break;
        };
        let base = next & !(WEIGH_BLOCK - 1);
        let end = u64::from(base) + u64::from(WEIGH_BLOCK);
        let mut used = 0;
        for ((span, weight), cursor) in groups.iter().zip(cursors.iter_mut()) {
            let mut at = *cursor;
            while at < span.end && u64::from(ids[at]) < end {
                window[(ids[at] - base) as usize] += *weight;
                at += 1;
            }
            if at > *cursor {
                used = used.max((ids[at - 1] - base) as usize + 1);
            }
            *cursor = at;
        }
        // Ids come in increasing order here, so an id that equals the
        // worst kept weight outranks it; until `limit` are kept, any weight
        // but 0 does. Weights are 0 or at least the smallest group weight
        // (far above f32::MIN_POSITIVE), and never negative, so their bits
        // order as they do: a run of the window with nothing to keep is
        // passed over with one comparison of its largest bits.
        let floor_bits = |best: &std::collections::BinaryHeap<Reverse<Ranked>>| {
            let floor = match best.peek() {
                Some(worst) if best.len() == limit => worst.0.0,
                _ => 0.0,
            };
            floor.max(f32::MIN_POSITIVE).to_bits()
        };
        let mut floor = floor_bits(&best);
        for (run, weights) in window[..used].chunks(16).enumerate() {
            if weights.iter().fold(0, |m, w| m.max(w.to_bits())) < floor {
                continue;
            }
            for (offset, &w) in weights.iter().enumerate() {
                if w.to_bits() >= floor {
                    best.push(Reverse(Ranked(w, base + (run * 16 + offset) as u32)));
                    if best.len() > limit {
                        best.pop();
                    }
                    floor = floor_bits(&best);
                }
            }
        }
        window[..used].fill(0.0);
    }
    let mut out: Vec<(u32, f32)> = best
        .into_iter()
        .map(|Reverse(Ranked(w, id))| (id, w))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    out
}

/// The buffers a lookup gathers its candidates in, kept from one lookup to
/// the next: allocating and freeing a megabyte a lookup costs more in the
/// allocator than filling it.
#[derive(Default)]
struct Scratch {
    /// Every group read, one after the other.
    ids: Vec<u32>,
    /// The group being read.
    group: Vec<u32>,
    /// [`best_weighted`]'s window.
    window: Vec<f32>,
}

/// A TM in an SQLite database file, or in memory (a TMX file used directly).
pub struct SqliteTm {
    conn: Connection,
    scratch: std::cell::RefCell<Scratch>,
    path: Option<PathBuf>,
    /// The path as shown in messages.
    label: String,
    name: String,
    writable: bool,
}

fn pair_hash(source: &str, target: &str) -> i64 {
    let mut joined = String::with_capacity(source.len() + target.len() + 1);
    joined.push_str(source);
    joined.push('\u{0}');
    joined.push_str(target);
    text::stable_hash(b'p', &joined) as i64
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The ids of one chunk (deltas from 0, then from each previous id).
fn decode_ids(blob: &[u8], out: &mut Vec<u32>) {
    let mut previous: u64 = 0;
    let mut value: u64 = 0;
    let mut shift = 0;
    for &b in blob {
        value |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            previous += value;
            out.push(u32::try_from(previous).unwrap_or(u32::MAX));
            value = 0;
            shift = 0;
        } else {
            shift += 7;
            if shift > 63 {
                return; // corrupt: stop rather than loop on nonsense
            }
        }
    }
}

impl SqliteTm {
    /// Opens the TM at `path`, creating it (and its folder) when missing.
    pub fn open(path: &Path) -> Result<SqliteTm, TmError> {
        let label = path.display().to_string();
        if path.is_dir() {
            return Err(TmError::Io {
                path: label,
                message: "is a directory, not a TM".into(),
            });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| TmError::Io {
                path: label.clone(),
                message: crate::io_message(&e, parent),
            })?;
        }
        let conn = Connection::open(path).map_err(|e| db_error(&label, &e))?;
        let name = path
            .file_name()
            .map_or_else(|| label.clone(), |n| n.to_string_lossy().into_owned());
        let mut tm = SqliteTm {
            conn,
            scratch: Default::default(),
            path: Some(path.to_owned()),
            label,
            name,
            writable: true,
        };
        tm.init(true)?;
        Ok(tm)
    }

    /// A TM in memory, empty (tests, and TMX files used directly).
    pub fn in_memory(name: &str) -> Result<SqliteTm, TmError> {
        let conn = Connection::open_in_memory().map_err(|e| db_error(name, &e))?;
        let mut tm = SqliteTm {
            conn,
            scratch: Default::default(),
            path: None,
            label: name.to_owned(),
            name: name.to_owned(),
            writable: true,
        };
        tm.init(false)?;
        Ok(tm)
    }

    /// A read-only TM in memory holding the units of a TMX file, which is
    /// used as it is, never imported anywhere.
    pub fn from_tmx(path: &Path) -> Result<SqliteTm, TmError> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut tm = SqliteTm::in_memory(&name)?;
        tm.label = path.display().to_string();
        let progress = Progress::default();
        let mut reader = super::tmx::open_tmx(path, Some(&progress))?;
        tm.import(&mut reader, &progress)?;
        tm.path = Some(path.to_owned());
        tm.writable = false;
        Ok(tm)
    }

    fn init(&mut self, on_disk: bool) -> Result<(), TmError> {
        let label = self.label.clone();
        let err = |e: rusqlite::Error| db_error(&label, &e);
        self.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        // Reading anything tells a file that is not a database.
        let application_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(err)?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(err)?;
        if tables > 0 && application_id != APPLICATION_ID {
            return Err(TmError::Database {
                path: label,
                message: "an SQLite database, but not a Tarjuman TM".into(),
            });
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        if version > SCHEMA_VERSION {
            return Err(TmError::Database {
                path: label,
                message: format!(
                    "TM format version {version} is newer than this build reads ({SCHEMA_VERSION})"
                ),
            });
        }
        if on_disk {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
                .map_err(err)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(TmError::Database {
                    path: label,
                    message: format!("could not switch to WAL mode (got {mode})"),
                });
            }
        }
        // A large import runs the whole TM through the WAL: once it is
        // checkpointed, the file is cut back instead of staying that large.
        self.conn
            .execute_batch(
                &format!(
                    "PRAGMA synchronous=FULL; PRAGMA cache_size=-{CACHE_KIB}; PRAGMA temp_store=MEMORY; \
                     PRAGMA journal_size_limit=67108864;"
                ),
            )
            .map_err(err)?;
        if tables == 0 {
            self.conn
                .execute_batch(&format!(
                    "BEGIN; {SCHEMA} PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={SCHEMA_VERSION}; COMMIT;"
                ))
                .map_err(err)?;
        } else {
            let present: i64 = self
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name IN (?1, ?2, ?3, ?4, ?5, ?6)",
                    LATER_SCHEMA,
                    |r| r.get(0),
                )
                .map_err(err)?;
            if present < LATER_SCHEMA.len() as i64 {
                // One transaction, so no unit goes uncounted. Best effort:
                // a TM this process may not write to still works without
                // them, only slower.
                let _ = self.conn.execute_batch(&format!("BEGIN; {SCHEMA} COMMIT;"));
            }
        }
        Ok(())
    }

    /// How long a write waits for another program's write to end before
    /// it fails with [`TmError::Busy`] (10 s unless set).
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<(), TmError> {
        self.conn.busy_timeout(wait).map_err(|e| self.error(&e))
    }

    fn error(&self, e: &rusqlite::Error) -> TmError {
        db_error(&self.label, e)
    }

    fn check_writable(&self) -> Result<(), TmError> {
        if self.writable {
            Ok(())
        } else {
            Err(TmError::ReadOnly {
                path: self.label.clone(),
                message: "this TM is read-only (a reference TM or a TMX file used directly)".into(),
            })
        }
    }

    /// The largest unit id (the number of units, near enough, for weights).
    fn max_id(&self) -> Result<i64, TmError> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0))
            .map_err(|e| self.error(&e))
    }

    fn units_by_ids(&self, ids: &[i64]) -> Result<Vec<Unit>, TmError> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1"))
            .map_err(|e| self.error(&e))?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(unit) = statement
                .query_row([id], row_to_unit)
                .optional()
                .map_err(|e| self.error(&e))?
            {
                out.push(unit);
            }
        }
        Ok(out)
    }

    /// How many postings a group's keys hold in all (an upper bound on the
    /// units sharing that word).
    fn group_count(&self, keys: &[u64]) -> Result<u64, TmError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT coalesce(sum(count), 0) FROM postings WHERE key = ?1")
            .map_err(|e| self.error(&e))?;
        let mut total = 0u64;
        for &key in keys {
            let n: i64 = statement
                .query_row([key as i64], |r| r.get(0))
                .map_err(|e| self.error(&e))?;
            total += u64::try_from(n).unwrap_or(0);
        }
        Ok(total)
    }

    /// The unit ids holding any key of `keys`, sorted, each once.
    fn group_ids(&self, keys: &[u64], out: &mut Vec<u32>) -> Result<(), TmError> {
        out.clear();
        let mut statement = self
            .conn
            .prepare_cached("SELECT ids FROM postings WHERE key = ?1")
            .map_err(|e| self.error(&e))?;
        for &key in keys {
            let mut rows = statement.query([key as i64]).map_err(|e| self.error(&e))?;
            while let Some(row) = rows.next().map_err(|e| self.error(&e))? {
                let blob = row.get_ref(0).map_err(|e| self.error(&e))?;
                if let rusqlite::types::ValueRef::Blob(b) = blob {
                    decode_ids(b, out);
                }
            }
        }
        // Each key's ids are (nearly always) sorted already: the stable sort
        // merges such runs instead of sorting from scratch.
        out.sort();
        out.dedup();
        Ok(())
    }

    /// Adds `id` to the postings of `keys` (a single add or update).
    fn append_postings(tx: &Connection, id: i64, keys: &[u64]) -> rusqlite::Result<()> {
        let mut last_chunk = tx.prepare_cached(
            "SELECT first, count, last, ids FROM postings WHERE key = ?1 ORDER BY first DESC LIMIT 1",
        )?;
        let mut extend = tx.prepare_cached(
            "UPDATE postings SET count = count + 1, last = ?3, ids = ?4 WHERE key = ?1 AND first = ?2",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO postings(key, first, count, last, ids) VALUES (?1, ?2, 1, ?2, ?3)",
        )?;
        for &key in keys {
            let key = key as i64;
            let chunk: Option<(i64, i64, i64, Vec<u8>)> = last_chunk
                .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            match chunk {
                Some((first, count, last, mut ids)) if count < TAIL_CHUNK && id > last => {
                    push_varint(&mut ids, (id - last) as u64);
                    extend.execute(params![key, first, id, ids])?;
                }
                Some((_, _, last, _)) if id == last => {}
                _ => {
                    let mut ids = Vec::with_capacity(5);
                    push_varint(&mut ids, id as u64);
                    insert.execute(params![key, id, ids])?;
                }
            }
        }
        Ok(())
    }

    /// [`TmStore::import`] in one transaction.
    fn import_all(
        &mut self,
        items: &mut dyn Iterator<Item = Result<ImportItem, TmError>>,
        progress: &Progress,
    ) -> Result<ImportReport, TmError> {
        let label = self.label.clone();
        let err = |e: rusqlite::Error| db_error(&label, &e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut report = ImportReport::default();
        let mut pending: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut since_flush = 0u64;
        let mut keys = Vec::new();
        for (n, item) in items.enumerate() {
            if n % 1024 == 0 && progress.is_cancelled() {
                // Dropping the transaction rolls everything back.
                return Err(TmError::Cancelled { path: label });
            }
            match item? {
                ImportItem::Skipped(reason) => *report.skipped.entry(reason).or_default() += 1,
                ImportItem::Unit(unit) => {
                    match add_in(&tx, &unit, &mut keys, Some(&mut pending)).map_err(err)? {
                        Added::New(_) => report.imported += 1,
                        Added::Merged(_) => report.merged += 1,
                    }
                    since_flush += 1;
                    progress.units.fetch_add(1, Ordering::Relaxed);
                    if since_flush >= IMPORT_FLUSH_UNITS {
                        SqliteTm::flush_postings(&tx, &mut pending).map_err(err)?;
                        since_flush = 0;
                    }
                }
            }
        }
        if progress.is_cancelled() {
            return Err(TmError::Cancelled { path: label });
        }
        SqliteTm::flush_postings(&tx, &mut pending).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(report)
    }

    /// Writes the postings an import gathered, a chunk per key.
    fn flush_postings(
        tx: &Connection,
        pending: &mut FxHashMap<u64, Vec<u32>>,
    ) -> rusqlite::Result<()> {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO postings(key, first, count, last, ids) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut keys: Vec<u64> = pending.keys().copied().collect();
        keys.sort_unstable_by_key(|&k| k as i64);
        let mut blob = Vec::new();
        for key in keys {
            let ids = pending.remove(&key).unwrap_or_default();
            for chunk in ids.chunks(IMPORT_CHUNK) {
                blob.clear();
                let mut previous = 0u64;
                for &id in chunk {
                    push_varint(&mut blob, u64::from(id) - previous);
                    previous = u64::from(id);
                }
                insert.execute(params![
                    key as i64,
                    i64::from(chunk[0]),
                    chunk.len() as i64,
                    i64::from(chunk[chunk.len() - 1]),
                    blob
                ])?;
            }
        }
        pending.clear();
        Ok(())
    }
}

/// Adds or merges one unit inside an open transaction; `postings` gathers
/// the new unit's keys (import) or `None` appends them at once (add).
fn add_in(
    tx: &Connection,
    unit: &Unit,
    keys: &mut Vec<u64>,
    postings: Option<&mut FxHashMap<u64, Vec<u32>>>,
) -> rusqlite::Result<Added> {
    let pair = pair_hash(&unit.source, &unit.target);
    let existing: Option<(i64, i64, i64)> = tx
        .prepare_cached(
            "SELECT id, changed, status FROM units WHERE pair_hash = ?1 AND source = ?2 AND target = ?3",
        )?
        .query_row(params![pair, unit.source, unit.target], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((id, changed, status)) = existing {
        // One unit: the newest time (and who made it so) kept, the higher status.
        let status = status.max(status_code(unit.status));
        if unit.changed > changed {
            let by = if unit.changed_by.is_empty() {
                &unit.author
            } else {
                &unit.changed_by
            };
            tx.prepare_cached(
                "UPDATE units SET changed = ?2, changed_by = ?3, status = ?4, \
                 previous = coalesce(?5, previous), project = CASE WHEN ?6 = '' THEN project ELSE ?6 END, \
                 file = CASE WHEN ?7 = '' THEN file ELSE ?7 END WHERE id = ?1",
            )?
            .execute(params![id, unit.changed, by, status, unit.previous, unit.project, unit.file])?;
        } else {
            tx.prepare_cached("UPDATE units SET status = ?2 WHERE id = ?1")?
                .execute(params![id, status])?;
        }
        return Ok(Added::Merged(id));
    }
    let created = if unit.created == 0 {
        unit.changed
    } else {
        unit.created
    };
    tx.prepare_cached(
        "INSERT INTO units(source, target, source_hash, pair_hash, created, changed, author, changed_by, \
         project, file, status, previous, tuid, extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        unit.source,
        unit.target,
        text::source_hash(&unit.source) as i64,
        pair,
        created,
        unit.changed.max(created),
        unit.author,
        unit.changed_by,
        unit.project,
        unit.file,
        status_code(unit.status),
        unit.previous,
        unit.tuid,
        Extra::of(unit),
    ])?;
    let id = tx.last_insert_rowid();
    text::index_keys(&unit.source, &unit.target, keys);
    match postings {
        Some(pending) => {
            let id32 =
                u32::try_from(id).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, id))?;
            for &key in keys.iter() {
                pending.entry(key).or_default().push(id32);
            }
        }
        None => SqliteTm::append_postings(tx, id, keys)?,
    }
    Ok(Added::New(id))
}

fn status_code(status: UnitStatus) -> i64 {
    match status {
        UnitStatus::Translated => 0,
        UnitStatus::Reviewed => 1,
    }
}

fn row_to_unit(row: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    let extra: Option<String> = row.get(12)?;
    let extra: Extra = extra
        .and_then(|e| serde_json::from_str(&e).ok())
        .unwrap_or_default();
    let status: i64 = row.get(9)?;
    Ok(Unit {
        id: row.get(0)?,
        source: row.get(1)?,
        target: row.get(2)?,
        created: row.get(3)?,
        changed: row.get(4)?,
        author: row.get(5)?,
        changed_by: row.get(6)?,
        project: row.get(7)?,
        file: row.get(8)?,
        status: if status == 1 {
            UnitStatus::Reviewed
        } else {
            UnitStatus::Translated
        },
        previous: row.get(10)?,
        tuid: row.get(11)?,
        source_markup: extra.source_markup,
        target_markup: extra.target_markup,
        props: extra.props,
        notes: extra.notes,
    })
}

fn db_error(label: &str, e: &rusqlite::Error) -> TmError {
    let message = match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            "not a TM: the file is not an SQLite database".to_owned()
        }
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            return TmError::Busy {
                path: label.to_owned(),
            };
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
            "cannot open the TM (no such folder, or no permission)".to_owned()
        }
        other => other.to_string(),
    };
    TmError::Database {
        path: label.to_owned(),
        message,
    }
}

impl TmStore for SqliteTm {
    fn name(&self) -> &str {
        &self.name
    }

    fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn writable(&self) -> bool {
        self.writable
    }

    fn set_read_only(&mut self) {
        self.writable = false;
    }

    fn add(&mut self, unit: &Unit) -> Result<Added, TmError> {
        self.check_writable()?;
        let label = self.label.clone();
        let err = |e: rusqlite::Error| db_error(&label, &e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut keys = Vec::new();
        let added = add_in(&tx, unit, &mut keys, None).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(added)
    }

    fn update(&mut self, id: UnitId, unit: &Unit) -> Result<Added, TmError> {
        self.check_writable()?;
        let label = self.label.clone();
        let err = |e: rusqlite::Error| db_error(&label, &e);
        let tx = self.conn.transaction().map_err(err)?;
        let pair = pair_hash(&unit.source, &unit.target);
        let other: Option<i64> = tx
            .query_row(
                "SELECT id FROM units WHERE pair_hash = ?1 AND source = ?2 AND target = ?3 AND id != ?4",
                params![pair, unit.source, unit.target, id],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        let exists: bool = tx
            .query_row("SELECT count(*) FROM units WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(err)?
            > 0;
        let mut keys = Vec::new();
        let added = if other.is_some() || !exists {
            // Now equal to another unit (or gone): one unit remains.
            if exists {
                tx.execute("DELETE FROM units WHERE id = ?1", [id])
                    .map_err(err)?;
            }
            add_in(&tx, unit, &mut keys, None).map_err(err)?
        } else {
            let by = if unit.changed_by.is_empty() {
                &unit.author
            } else {
                &unit.changed_by
            };
            tx.execute(
                "UPDATE units SET source = ?2, target = ?3, source_hash = ?4, pair_hash = ?5, changed = ?6, \
                 changed_by = ?7, status = ?8, previous = coalesce(?9, previous), extra = ?10 WHERE id = ?1",
                params![
                    id,
                    unit.source,
                    unit.target,
                    text::source_hash(&unit.source) as i64,
                    pair,
                    unit.changed,
                    by,
                    status_code(unit.status),
                    unit.previous,
                    Extra::of(unit),
                ],
            )
            .map_err(err)?;
            text::index_keys(&unit.source, &unit.target, &mut keys);
            SqliteTm::append_postings(&tx, id, &keys).map_err(err)?;
            Added::New(id)
        };
        tx.commit().map_err(err)?;
        Ok(added)
    }

    fn get(&self, id: UnitId) -> Result<Option<Unit>, TmError> {
        Ok(self.units_by_ids(&[id])?.pop())
    }

    fn find(&self, source: &str, target: &str) -> Result<Option<UnitId>, TmError> {
        self.conn
            .prepare_cached(
                "SELECT id FROM units WHERE pair_hash = ?1 AND source = ?2 AND target = ?3",
            )
            .and_then(|mut s| {
                s.query_row(params![pair_hash(source, target), source, target], |r| {
                    r.get(0)
                })
                .optional()
            })
            .map_err(|e| self.error(&e))
    }

    fn candidates(&self, query: &QueryKeys, limit: usize) -> Result<Vec<Unit>, TmError> {
        // One read transaction for the lookup's hundred-odd statements: one
        // snapshot, one lock.
        let read = self
            .conn
            .unchecked_transaction()
            .map_err(|e| self.error(&e))?;
        let mut ids: Vec<i64> = Vec::new();
        if let Some(hash) = query.source {
            let mut statement = self
                .conn
                .prepare_cached(
                    "SELECT id FROM units WHERE source_hash = ?1 ORDER BY id DESC LIMIT 64",
                )
                .map_err(|e| self.error(&e))?;
            let rows = statement
                .query_map([hash as i64], |r| r.get::<_, i64>(0))
                .map_err(|e| self.error(&e))?;
            for id in rows {
                ids.push(id.map_err(|e| self.error(&e))?);
            }
        }
        let max_id = self.max_id()?;
        let total = max_id.max(1) as f64;
        // The rarest words first; common ones only while the budget lasts.
        let mut groups: Vec<(u64, &Vec<u64>)> = Vec::with_capacity(query.groups.len());
        for group in &query.groups {
            let count = self.group_count(group)?;
            if count > 0 {
                groups.push((count, group));
            }
        }
        groups.sort_by_key(|(count, _)| *count);
        // Every group read, one after the other, with its weight.
        let mut scratch = self.scratch.borrow_mut();
        let Scratch {
            ids: all,
            group,
            window,
        } = &mut *scratch;
        all.clear();
        let mut spans: Vec<(std::ops::Range<usize>, f32)> = Vec::new();
        let mut read_postings = 0u64;
        for (k, (count, keys)) in groups.iter().enumerate() {
            if k >= 2 && read_postings + count > POSTINGS_BUDGET {
                break;
            }
            self.group_ids(keys, group)?;
            read_postings += group.len() as u64;
            let idf = (1.0 + total / group.len().max(1) as f64).ln() as f32;
            spans.push((all.len()..all.len() + group.len(), idf));
            all.extend_from_slice(group);
        }
        let ranked = best_weighted(all, &spans, limit, window);
        drop(scratch);
        for (id, _) in ranked {
            let id = i64::from(id);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let units = self.units_by_ids(&ids);
        drop(read);
        units
    }

    fn concordance(&self, query: &QueryKeys, limit: usize) -> Result<Vec<Unit>, TmError> {
        if query.groups.is_empty() {
            return Ok(Vec::new());
        }
        let mut groups: Vec<(u64, &Vec<u64>)> = Vec::with_capacity(query.groups.len());
        for group in &query.groups {
            groups.push((self.group_count(group)?, group));
        }
        groups.sort_by_key(|(count, _)| *count);
        let mut found: Vec<u32> = Vec::new();
        let mut group = Vec::new();
        for (k, (_, keys)) in groups.iter().enumerate() {
            self.group_ids(keys, &mut group)?;
            if k == 0 {
                std::mem::swap(&mut found, &mut group);
            } else {
                let mut j = 0;
                found.retain(|id| {
                    while j < group.len() && group[j] < *id {
                        j += 1;
                    }
                    j < group.len() && group[j] == *id
                });
            }
            if found.is_empty() {
                break;
            }
        }
        // The newest first.
        let ids: Vec<i64> = found
            .iter()
            .rev()
            .take(limit)
            .map(|&id| i64::from(id))
            .collect();
        self.units_by_ids(&ids)
    }

    fn import(
        &mut self,
        items: &mut dyn Iterator<Item = Result<ImportItem, TmError>>,
        progress: &Progress,
    ) -> Result<ImportReport, TmError> {
        self.check_writable()?;
        let result = self.import_all(items, progress);
        if result.is_ok() && self.path.is_some() {
            // The import ran the whole TM through the WAL: hand that file's
            // space back now rather than when the TM is closed.
            let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        result
    }

    fn export(&self, each: &mut dyn FnMut(&Unit) -> Result<(), TmError>) -> Result<(), TmError> {
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {UNIT_COLUMNS} FROM units ORDER BY id"))
            .map_err(|e| self.error(&e))?;
        let mut rows = statement.query([]).map_err(|e| self.error(&e))?;
        while let Some(row) = rows.next().map_err(|e| self.error(&e))? {
            let unit = row_to_unit(row).map_err(|e| self.error(&e))?;
            each(&unit)?;
        }
        Ok(())
    }

    fn stats(&self) -> Result<TmStats, TmError> {
        let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
        // The counts the triggers keep, the times from their index; a TM
        // that could not be given them (read-only) is read through.
        let (units, reviewed, oldest, newest): (i64, i64, Option<i64>, Option<i64>) = self
            .conn
            .query_row(
                "SELECT units, reviewed, (SELECT min(changed) FROM units), \
                 (SELECT max(changed) FROM units) FROM unit_counts WHERE id = 0",
                [],
                row,
            )
            .or_else(|_| {
                self.conn.query_row(
                    "SELECT count(*), coalesce(sum(status = 1), 0), min(changed), max(changed) FROM units",
                    [],
                    row,
                )
            })
            .map_err(|e| self.error(&e))?;
        let size_bytes = match &self.path {
            Some(path) if !super::is_tmx_path(path) => {
                let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
                let mut wal = path.as_os_str().to_owned();
                wal.push("-wal");
                size(path) + size(Path::new(&wal))
            }
            Some(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            None => 0,
        };
        Ok(TmStats {
            units: u64::try_from(units).unwrap_or(0),
            reviewed: u64::try_from(reviewed).unwrap_or(0),
            languages: vec!["ar".into(), "en".into()],
            size_bytes,
            oldest,
            newest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(source: &str, target: &str, changed: i64) -> Unit {
        Unit {
            source: source.into(),
            target: target.into(),
            created: changed,
            changed,
            author: "amal".into(),
            ..Unit::default()
        }
    }

    fn temp_db(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tarjuman-tm-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("test.tmdb")
    }

    #[test]
    fn identical_pairs_merge_and_other_targets_are_kept() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        let a = tm.add(&unit("قال بايدن", "Biden said", 10)).unwrap();
        assert!(matches!(a, Added::New(_)));
        let b = tm.add(&unit("قال بايدن", "Biden said", 20)).unwrap();
        assert_eq!(b, Added::Merged(a.id()));
        assert_eq!(tm.get(a.id()).unwrap().unwrap().changed, 20);
        // An older copy keeps the newer time.
        tm.add(&unit("قال بايدن", "Biden said", 5)).unwrap();
        assert_eq!(tm.get(a.id()).unwrap().unwrap().changed, 20);
        let c = tm.add(&unit("قال بايدن", "said Biden", 30)).unwrap();
        assert!(matches!(c, Added::New(_)));
        assert_eq!(tm.stats().unwrap().units, 2);
    }

    #[test]
    fn candidates_find_clitic_and_spelling_variants() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        tm.add(&unit(
            "وقال البيت الأبيض في بيان إن الرئيس سيزور باريس",
            "x",
            1,
        ))
        .unwrap();
        tm.add(&unit("أعلنت الشركة عن أرباح قياسية", "y", 1))
            .unwrap();
        let keys = text::query_keys(
            "قال البيت الابيض في بيانه ان الرئيس سيزور باريس",
            &text::Lexicon::default(),
        );
        let found = tm.candidates(&keys, 10).unwrap();
        assert_eq!(found[0].target, "x");
    }

    #[test]
    fn concordance_needs_every_word() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        tm.add(&unit(
            "تعرضت الشبكة للهجوم الإلكتروني",
            "The network came under cyberattack",
            1,
        ))
        .unwrap();
        tm.add(&unit("والهجوم وقع أمس", "The attack happened yesterday", 2))
            .unwrap();
        tm.add(&unit(
            "أعلنت الشركة عن أرباح",
            "The company announced profits",
            3,
        ))
        .unwrap();
        let lex = text::Lexicon::default();
        let hits = tm
            .concordance(&text::concordance_keys("هجوم", &lex), 10)
            .unwrap();
        assert_eq!(hits.len(), 2);
        let hits = tm
            .concordance(&text::concordance_keys("هجوم إلكتروني", &lex), 10)
            .unwrap();
        assert_eq!(hits.len(), 1);
        let hits = tm
            .concordance(&text::concordance_keys("Attack", &lex), 10)
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].target, "The attack happened yesterday");
    }

    #[test]
    fn many_single_adds_keep_every_posting() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        for n in 0..(TAIL_CHUNK * 2 + 10) {
            tm.add(&unit(&format!("قال المتحدث {n}"), &format!("said {n}"), n))
                .unwrap();
        }
        let keys = text::concordance_keys("المتحدث", &text::Lexicon::default());
        let hits = tm.concordance(&keys, 10_000).unwrap();
        assert_eq!(hits.len() as i64, TAIL_CHUNK * 2 + 10);
    }

    #[test]
    fn an_update_replaces_the_target_and_merges_when_equal() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        let a = tm.add(&unit("قال بايدن", "Biden sad", 1)).unwrap().id();
        let b = tm.add(&unit("قال بوتين", "Putin said", 1)).unwrap().id();
        let fixed = tm.update(a, &unit("قال بايدن", "Biden said", 2)).unwrap();
        assert_eq!(fixed, Added::New(a));
        assert_eq!(tm.get(a).unwrap().unwrap().target, "Biden said");
        let hits = tm
            .concordance(
                &text::concordance_keys("said", &text::Lexicon::default()),
                10,
            )
            .unwrap();
        assert_eq!(hits.len(), 2);
        // Edited into a copy of another unit: one remains.
        let merged = tm.update(a, &unit("قال بوتين", "Putin said", 3)).unwrap();
        assert_eq!(merged, Added::Merged(b));
        assert_eq!(tm.stats().unwrap().units, 1);
    }

    #[test]
    fn a_file_that_is_not_a_tm_is_refused_with_its_name() {
        let path = temp_db("garbage");
        std::fs::write(&path, vec![b'x'; 5000]).unwrap();
        let err = SqliteTm::open(&path).err().unwrap().to_string();
        assert!(err.contains("test.tmdb") && err.contains("not"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'x'; 5000]);
    }

    #[test]
    fn two_connections_share_a_tm_on_disk() {
        let path = temp_db("shared");
        let mut writer = SqliteTm::open(&path).unwrap();
        let reader = SqliteTm::open(&path).unwrap();
        writer.add(&unit("قال بايدن", "Biden said", 1)).unwrap();
        assert_eq!(reader.stats().unwrap().units, 1);
        drop(writer);
        let again = SqliteTm::open(&path).unwrap();
        assert_eq!(again.stats().unwrap().units, 1);
    }

    #[test]
    fn a_failed_import_leaves_the_tm_as_it_was() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        tm.add(&unit("قال بايدن", "Biden said", 1)).unwrap();
        let items: Vec<Result<ImportItem, TmError>> = vec![
            Ok(ImportItem::Unit(Box::new(unit(
                "قال بوتين",
                "Putin said",
                1,
            )))),
            Err(TmError::Tmx {
                path: "x.tmx".into(),
                line: 9,
                message: "broken".into(),
            }),
        ];
        let err = tm.import(&mut items.into_iter(), &Progress::default());
        assert!(err.is_err());
        assert_eq!(tm.stats().unwrap().units, 1);
        let progress = Progress::default();
        progress.cancel();
        let items = vec![Ok(ImportItem::Unit(Box::new(unit(
            "قال بوتين",
            "Putin said",
            1,
        ))))];
        assert!(matches!(
            tm.import(&mut items.into_iter(), &progress),
            Err(TmError::Cancelled { .. })
        ));
        assert_eq!(tm.stats().unwrap().units, 1);
    }

    #[test]
    fn import_counts_new_merged_and_skipped() {
        let mut tm = SqliteTm::in_memory("t").unwrap();
        let items = vec![
            Ok(ImportItem::Unit(Box::new(unit(
                "قال بايدن",
                "Biden said",
                1,
            )))),
            Ok(ImportItem::Unit(Box::new(unit(
                "قال بايدن",
                "Biden said",
                2,
            )))),
            Ok(ImportItem::Skipped(super::super::SkipReason::NoEnglish)),
        ];
        let report = tm
            .import(&mut items.into_iter(), &Progress::default())
            .unwrap();
        assert_eq!(
            (report.imported, report.merged, report.skipped_total()),
            (1, 1, 1)
        );
        let keys = text::query_keys("وقال بايدن", &text::Lexicon::default());
        assert_eq!(tm.candidates(&keys, 5).unwrap().len(), 1);
    }

    /// What `best_weighted` replaced: a map of every id's weight, the
    /// best `limit` by weight, then the larger id.
    fn best_weighted_by_map(
        ids: &[u32],
        groups: &[(std::ops::Range<usize>, f32)],
        limit: usize,
    ) -> Vec<(u32, f32)> {
        let mut weights: FxHashMap<u32, f32> = FxHashMap::default();
        for (span, weight) in groups {
            for &id in &ids[span.clone()] {
                *weights.entry(id).or_insert(0.0) += weight;
            }
        }
        let mut ranked: Vec<(u32, f32)> = weights.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
        ranked.truncate(limit);
        ranked
    }

    #[test]
    fn best_weighted_ranks_as_a_map_of_every_id_would() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut window = Vec::new();
        for round in 0..200 {
            // Ids across several blocks, some far out (postings of deleted
            // units), and weights that tie.
            let span = [50, 1_000, 100_000, 3 * u64::from(WEIGH_BLOCK)][round % 4];
            let mut ids = Vec::new();
            let mut groups = Vec::new();
            for _ in 0..1 + next(6) {
                let mut group: Vec<u32> = (0..next(400)).map(|_| next(span) as u32).collect();
                if next(5) == 0 {
                    group.push(u32::MAX - next(3) as u32);
                }
                group.sort_unstable();
                group.dedup();
                let weight = [0.5f32, 1.25, 2.0, 0.1][next(4) as usize];
                groups.push((ids.len()..ids.len() + group.len(), weight));
                ids.extend(group);
            }
            for limit in [0, 1, 7, 100, 10_000] {
                assert_eq!(
                    best_weighted(&ids, &groups, limit, &mut window),
                    best_weighted_by_map(&ids, &groups, limit),
                    "round {round}, limit {limit}"
                );
                assert!(window.iter().all(|&w| w == 0.0));
            }
        }
    }

    #[test]
    fn a_tm_without_the_later_schema_gets_it_when_opened() {
        let path = temp_db("later-schema");
        let mut tm = SqliteTm::open(&path).unwrap();
        tm.add(&unit("قال بايدن", "Biden said", 1)).unwrap();
        let mut reviewed = unit("قال بوتين", "Putin said", 2);
        reviewed.status = UnitStatus::Reviewed;
        tm.add(&reviewed).unwrap();
        drop(tm);
        // As the first TMs were made.
        let raw = Connection::open(&path).unwrap();
        raw.execute_batch(
            "DROP INDEX postings_count; DROP INDEX units_changed; DROP TRIGGER units_counted_insert; \
             DROP TRIGGER units_counted_delete; DROP TRIGGER units_counted_status; DROP TABLE unit_counts;",
        )
        .unwrap();
        drop(raw);
        let mut tm = SqliteTm::open(&path).unwrap();
        let present: i64 = tm
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN (?1, ?2, ?3, ?4, ?5, ?6)",
                LATER_SCHEMA,
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(present, 6);
        let stats = tm.stats().unwrap();
        assert_eq!(
            (stats.units, stats.reviewed, stats.oldest, stats.newest),
            (2, 1, Some(1), Some(2))
        );
        tm.add(&unit("قال ماكرون", "Macron said", 3)).unwrap();
        assert_eq!(tm.stats().unwrap().units, 3);
    }

    #[test]
    fn the_kept_counts_follow_every_write() {
        let path = temp_db("counts");
        let mut tm = SqliteTm::open(&path).unwrap();
        let direct = |tm: &SqliteTm| -> (u64, u64) {
            tm.conn
                .query_row(
                    "SELECT count(*), coalesce(sum(status = 1), 0) FROM units",
                    [],
                    |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
                )
                .unwrap()
        };
        let check = |tm: &SqliteTm| {
            let stats = tm.stats().unwrap();
            assert_eq!((stats.units, stats.reviewed), direct(tm));
        };
        let a = tm.add(&unit("قال بايدن", "Biden sad", 1)).unwrap().id();
        let b = tm.add(&unit("قال بوتين", "Putin said", 1)).unwrap().id();
        check(&tm);
        // A merge that makes a unit reviewed.
        let mut again = unit("قال بوتين", "Putin said", 5);
        again.status = UnitStatus::Reviewed;
        assert_eq!(tm.add(&again).unwrap(), Added::Merged(b));
        check(&tm);
        assert_eq!(tm.stats().unwrap().reviewed, 1);
        // An update in place, then one that merges (a unit deleted).
        let mut fixed = unit("قال بايدن", "Biden said", 6);
        fixed.status = UnitStatus::Reviewed;
        tm.update(a, &fixed).unwrap();
        check(&tm);
        tm.update(a, &unit("قال بوتين", "Putin said", 7)).unwrap();
        check(&tm);
        assert_eq!(tm.stats().unwrap().units, 1);
        // An import, and one rolled back.
        let items: Vec<Result<ImportItem, TmError>> = (0..50)
            .map(|n| {
                Ok(ImportItem::Unit(Box::new(unit(
                    &format!("قال {n}"),
                    "x",
                    n,
                ))))
            })
            .collect();
        tm.import(&mut items.into_iter(), &Progress::default())
            .unwrap();
        check(&tm);
        let items: Vec<Result<ImportItem, TmError>> = vec![
            Ok(ImportItem::Unit(Box::new(unit("جملة", "y", 1)))),
            Err(TmError::Tmx {
                path: "x.tmx".into(),
                line: 1,
                message: "broken".into(),
            }),
        ];
        assert!(
            tm.import(&mut items.into_iter(), &Progress::default())
                .is_err()
        );
        check(&tm);
        assert_eq!(tm.stats().unwrap().units, 51);
    }

    #[test]
    fn varints_round_trip() {
        let ids = [1u32, 2, 130, 20_000, 4_000_000_000];
        let mut blob = Vec::new();
        let mut previous = 0u64;
        for &id in &ids {
            push_varint(&mut blob, u64::from(id) - previous);
            previous = u64::from(id);
        }
        let mut out = Vec::new();
        decode_ids(&blob, &mut out);
        assert_eq!(out, ids);
    }
}
