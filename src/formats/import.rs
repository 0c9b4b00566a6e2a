//! Re-import of reviewed files (XLIFF 2.0, XLIFF 1.2, the DOCX review
//! table) by segment id.
//!
//! Reading a file yields [`ImportedSegment`]s; [`plan`] compares them with
//! the document and returns an [`ImportSummary`]: the changes it would make
//! (English, status, note), the segments whose Arabic no longer matches
//! (reported, never applied), and ids the project does not have. Nothing is
//! changed until [`ImportSummary::apply`], which the window records as one
//! undo step ([`ImportSummary::revert`] undoes it).
//!
//! A unit without English in the file never erases English in the project:
//! an empty target is treated as "no opinion", so a stale export cannot wipe
//! work done since.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use super::docx::{DocxError, read_review_table};
use super::parse_file_id;
use super::xliff::{XliffError, read_xliff};
use super::xml::{XmlError, sanitize};
use crate::document::{Document, Status};

/// One unit as read from a file, before it is matched with the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSegment {
    /// The id as written in the file (1-based segment number).
    pub key: String,
    /// The Arabic in the file, compared with the project's before applying.
    pub source: String,
    /// The English; `None` if the file has no target.
    pub target: Option<String>,
    /// The status the file gives, mapped; `None` if it gives none we know.
    pub status: Option<Status>,
    /// The note or comment; `None` if the file carries none.
    pub note: Option<String>,
}

/// The kinds of file that can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    Xliff20,
    Xliff12,
    DocxReviewTable,
}

impl ImportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Xliff20 => "XLIFF 2.0",
            ImportFormat::Xliff12 => "XLIFF 1.2",
            ImportFormat::DocxReviewTable => "DOCX review table",
        }
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("the file is neither a DOCX nor UTF-8 XML")]
    NotUtf8,
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error("unsupported file: {0}")]
    Unsupported(String),
}

impl From<XliffError> for ImportError {
    fn from(e: XliffError) -> Self {
        match e {
            XliffError::Xml(e) => ImportError::Xml(e),
            XliffError::Unsupported(m) => ImportError::Unsupported(m),
        }
    }
}

/// What one segment holds that an import may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentState {
    pub en: String,
    pub status: Status,
    pub note: String,
}

/// One segment an import changes, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentChange {
    /// Position in [`Document::segments`].
    pub segment_index: usize,
    pub segment_id: usize,
    pub before: SegmentState,
    pub after: SegmentState,
}

impl SegmentChange {
    pub fn en_changed(&self) -> bool {
        self.before.en != self.after.en
    }
    pub fn status_changed(&self) -> bool {
        self.before.status != self.after.status
    }
    pub fn note_changed(&self) -> bool {
        self.before.note != self.after.note
    }
}

/// A unit whose Arabic differs from the project's: reported, not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMismatch {
    pub segment_index: usize,
    pub segment_id: usize,
    /// The Arabic in the project.
    pub project_source: String,
    /// The Arabic in the file.
    pub file_source: String,
}

/// What an import would do; apply it with [`ImportSummary::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub format: ImportFormat,
    /// Units read from the file.
    pub units: usize,
    pub changes: Vec<SegmentChange>,
    pub source_mismatches: Vec<SourceMismatch>,
    /// Ids in the file that name no segment of the project.
    pub unknown_ids: Vec<String>,
    /// Ids that occur more than once in the file (the first one is used).
    pub duplicate_ids: Vec<String>,
    /// Units with no English in the file (and no other change), left as they are.
    pub without_english: usize,
    /// Units that match the project exactly.
    pub unchanged: usize,
    /// What reading the file could not keep (inline codes, unknown states),
    /// one line each naming the segment; shown with the summary.
    pub warnings: Vec<String>,
}

impl ImportSummary {
    /// Whether applying would change nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Makes the changes. Call on the document the summary was planned for.
    pub fn apply(&self, doc: &mut Document) {
        for change in &self.changes {
            if let Some(segment) = doc.segments.get_mut(change.segment_index) {
                segment.en.clone_from(&change.after.en);
                segment.status = change.after.status;
                segment.note.clone_from(&change.after.note);
            }
        }
    }

    /// Undoes [`ImportSummary::apply`].
    pub fn revert(&self, doc: &mut Document) {
        for change in &self.changes {
            if let Some(segment) = doc.segments.get_mut(change.segment_index) {
                segment.en.clone_from(&change.before.en);
                segment.status = change.before.status;
                segment.note.clone_from(&change.before.note);
            }
        }
    }

    pub fn counts(&self) -> (usize, usize, usize) {
        let en = self.changes.iter().filter(|c| c.en_changed()).count();
        let status = self.changes.iter().filter(|c| c.status_changed()).count();
        let note = self.changes.iter().filter(|c| c.note_changed()).count();
        (en, status, note)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn id_list(ids: impl Iterator<Item = String>) -> String {
    let ids: Vec<String> = ids.collect();
    if ids.len() > 12 {
        format!("{}, … ({} in all)", ids[..12].join(", "), ids.len())
    } else {
        ids.join(", ")
    }
}

/// A short summary for people, several lines, the same in the window and
/// on the command line.
impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (en, status, note) = self.counts();
        writeln!(
            f,
            "{}: {} read, {} changed ({} English, {} status, {} note), {} unchanged",
            self.format.label(),
            plural(self.units, "unit", "units"),
            plural(self.changes.len(), "segment", "segments"),
            en,
            status,
            note,
            self.unchanged
        )?;
        if !self.changes.is_empty() {
            writeln!(
                f,
                "  changed: {}",
                id_list(self.changes.iter().map(|c| (c.segment_id + 1).to_string()))
            )?;
        }
        if !self.source_mismatches.is_empty() {
            writeln!(
                f,
                "  not applied, the Arabic no longer matches: {}",
                id_list(
                    self.source_mismatches
                        .iter()
                        .map(|m| (m.segment_id + 1).to_string())
                )
            )?;
        }
        if !self.unknown_ids.is_empty() {
            writeln!(
                f,
                "  ids not in the project: {}",
                id_list(self.unknown_ids.iter().cloned())
            )?;
        }
        if !self.duplicate_ids.is_empty() {
            writeln!(
                f,
                "  ids repeated in the file (first one used): {}",
                id_list(self.duplicate_ids.iter().cloned())
            )?;
        }
        if self.without_english > 0 {
            writeln!(
                f,
                "  {} without English in the file, left as they are",
                plural(self.without_english, "unit", "units")
            )?;
        }
        for warning in &self.warnings {
            writeln!(f, "  warning: {warning}")?;
        }
        Ok(())
    }
}

/// What a file held: its kind, its units, and what reading could not keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadFile {
    pub format: ImportFormat,
    pub units: Vec<ImportedSegment>,
    pub warnings: Vec<String>,
}

/// Reads an importable file from its bytes: a DOCX review table (a zip) or
/// XLIFF 2.x / 1.x. Warnings are dropped; see [`read_from`].
pub fn read(bytes: &[u8]) -> Result<(ImportFormat, Vec<ImportedSegment>), ImportError> {
    let read = read_from(std::io::Cursor::new(bytes))?;
    Ok((read.format, read.units))
}

/// Reads an importable file as a stream: a DOCX review table (a zip, its
/// entries' inflated sizes capped) or XLIFF 2.x / 1.x (read unit by unit).
pub fn read_from<R: std::io::BufRead + std::io::Seek>(
    mut input: R,
) -> Result<ReadFile, ImportError> {
    let head = input.fill_buf().map_err(|e| ImportError::Io {
        path: "the file".into(),
        message: e.to_string(),
    })?;
    if head.starts_with(b"PK\x03\x04") {
        let (units, warnings) = read_review_table(input)?;
        return Ok(ReadFile {
            format: ImportFormat::DocxReviewTable,
            units,
            warnings,
        });
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::NotUtf8);
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    let read = read_xliff(input)?;
    Ok(ReadFile {
        format: if read.v2 {
            ImportFormat::Xliff20
        } else {
            ImportFormat::Xliff12
        },
        units: read.units,
        warnings: read.warnings,
    })
}

/// The Arabic as compared on import: as a file can carry it (see
/// [`sanitize`]), whitespace runs collapsed, ends trimmed.
fn comparable(text: &str) -> String {
    sanitize(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compares what a file holds with the document: nothing is changed.
pub fn plan(doc: &Document, format: ImportFormat, units: &[ImportedSegment]) -> ImportSummary {
    let by_id: rustc_hash::FxHashMap<usize, usize> = doc
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut summary = ImportSummary {
        format,
        units: units.len(),
        changes: Vec::new(),
        source_mismatches: Vec::new(),
        unknown_ids: Vec::new(),
        duplicate_ids: Vec::new(),
        without_english: 0,
        unchanged: 0,
        warnings: Vec::new(),
    };
    let mut seen = HashSet::new();
    for unit in units {
        let Some(index) = parse_file_id(&unit.key).and_then(|id| by_id.get(&id).copied()) else {
            summary.unknown_ids.push(unit.key.clone());
            continue;
        };
        if !seen.insert(index) {
            summary.duplicate_ids.push(unit.key.clone());
            continue;
        }
        let segment = &doc.segments[index];
        let project_source = doc.source_of(index);
        if comparable(project_source) != comparable(&unit.source) {
            summary.source_mismatches.push(SourceMismatch {
                segment_index: index,
                segment_id: segment.id,
                project_source: project_source.to_string(),
                file_source: unit.source.clone(),
            });
            continue;
        }
        let before = SegmentState {
            en: segment.en.clone(),
            status: segment.status,
            note: segment.note.clone(),
        };
        let mut after = before.clone();
        let mut without_english = false;
        match unit.target.as_deref() {
            Some(target) if !target.trim().is_empty() => {
                // Keep the project's text if only edge whitespace differs, or
                // characters the file format could not carry (see `sanitize`).
                if sanitize(target).trim() != sanitize(&segment.en).trim() {
                    after.en = target.to_string();
                }
                after.status = match unit.status {
                    Some(Status::Untranslated) | None if after.en != before.en => Status::Draft,
                    Some(status) => status,
                    None => before.status,
                };
            }
            _ => without_english = true,
        }
        if let Some(note) = &unit.note
            && note.trim() != segment.note.trim()
        {
            after.note = note.trim().to_string();
        }
        if after == before {
            if without_english {
                summary.without_english += 1;
            } else {
                summary.unchanged += 1;
            }
        } else {
            summary.changes.push(SegmentChange {
                segment_index: index,
                segment_id: segment.id,
                before,
                after,
            });
        }
    }
    summary
}

/// Reads `path` and plans its import into `doc`.
pub fn import_file(doc: &Document, path: &Path) -> Result<ImportSummary, ImportError> {
    let file = crate::files::open_input(path, crate::files::MAX_REVIEW_BYTES).map_err(|e| {
        ImportError::Io {
            path: path.display().to_string(),
            message: crate::io_message(&e, path),
        }
    })?;
    let read = read_from(std::io::BufReader::new(file))?;
    let mut summary = plan(doc, read.format, &read.units);
    summary.warnings = read.warnings;
    Ok(summary)
}
