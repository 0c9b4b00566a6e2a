//! Project files (`*.tarjuman.toml`): a self-contained, human-readable record
//! of a [`Document`] — the source text itself, where it came from, the
//! glossary used, and every segment's span, English, status and note.
//!
//! Writes are atomic (temporary file in the same directory, fsync, rename),
//! each save keeps a timestamped backup (the newest [`BACKUPS_KEPT`]), and a
//! recovery file beside the project holds unsaved work between autosaves.
//!
//! ```toml
//! format_version = 1
//! source_path = "biden-putin-ransomware.ar.txt"
//! source = """
//! …the whole Arabic text…"""
//!
//! [[segments]]
//! id = 0
//! paragraph = 0
//! start = 0
//! end = 287
//! status = "translated"
//! en = "US President Joe Biden urged …"
//! note = ""
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::document::{Document, Segment, Status};

/// The version written by this build; files with a newer one are refused.
pub const FORMAT_VERSION: u32 = 1;
/// The extension of project files, without the leading dot.
pub const EXTENSION: &str = "tarjuman.toml";
/// How many timestamped backups are kept per project.
pub const BACKUPS_KEPT: usize = 10;
/// The folder, beside the project, that holds its backups.
pub const BACKUP_DIR: &str = ".tarjuman-backups";

/// Why a project could not be read or written. The messages name the file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the file is not UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: could not write the project: {message}")]
    Serialize { path: PathBuf, message: String },
    /// The source text was edited after it was segmented: the spans would
    /// cut the wrong Arabic. [`load_resegmented`] rebuilds the segments.
    #[error(
        "{path}: the Arabic of {count} of {total} segments no longer matches the source text (first: segment {first}); the source was edited after it was segmented. Re-segment it, keeping the translations of unchanged sentences (`tarjuman resegment`, or Re-segment in the window)"
    )]
    SourceChanged {
        path: PathBuf,
        first: usize,
        count: usize,
        total: usize,
    },
}

/// A short, stable digest of a segment's Arabic (FNV-1a, 64 bits, hex),
/// stored with each segment so that a source edited by hand is noticed.
pub fn source_digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// What a project file holds, in the order it is written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_path: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    glossary_path: Option<PathBuf>,
    source: String,
    #[serde(default)]
    segments: Vec<SegmentRecord>,
    /// QA issues accepted with a reason (issue 5), as `[[qa_accepted]]` tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    qa_accepted: Vec<crate::qa::AcceptedIssue>,
    /// The attached TMs (issue 9), as a `[tms]` table; absent: the default TM only.
    #[serde(
        default,
        skip_serializing_if = "crate::document::TmAttachments::is_default"
    )]
    tms: crate::document::TmAttachments,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentRecord {
    id: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    status: Status,
    #[serde(default)]
    en: String,
    #[serde(default)]
    note: String,
    /// Where the English came from (a TM match, a propagated repetition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<crate::document::SegmentOrigin>,
    /// [`source_digest`] of the span's Arabic when written (absent in files
    /// from before it was kept: those are not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
}

/// Whether `path` names a project file (by its extension).
pub fn is_project_path(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(&format!(".{EXTENSION}")) || n.ends_with(".recovery"))
}

/// The project text for `doc`, to be stored at `project_path` (paths inside
/// are written relative to its folder where possible).
pub fn to_toml(doc: &Document, project_path: &Path) -> Result<String, ProjectError> {
    let base = project_path.parent().unwrap_or(Path::new(""));
    let file = ProjectFile {
        format_version: FORMAT_VERSION,
        source_path: doc.source_path.as_deref().map(|p| relative_to(p, base)),
        glossary_path: doc.glossary_path.as_deref().map(|p| relative_to(p, base)),
        source: doc.source.clone(),
        segments: doc
            .segments
            .iter()
            .map(|s| SegmentRecord {
                id: s.id,
                paragraph: s.paragraph,
                start: s.start,
                end: s.end,
                status: s.status,
                en: s.en.clone(),
                note: s.note.clone(),
                origin: s.origin.clone(),
                digest: doc.source.get(s.start..s.end).map(source_digest),
            })
            .collect(),
        qa_accepted: doc.qa_accepted.clone(),
        tms: crate::document::TmAttachments {
            writable: doc.tms.writable.as_deref().map(|p| relative_to(p, base)),
            reference: doc
                .tms
                .reference
                .iter()
                .map(|p| relative_to(p, base))
                .collect(),
        },
    };
    toml::to_string_pretty(&file).map_err(|e| ProjectError::Serialize {
        path: project_path.to_owned(),
        message: e.to_string(),
    })
}

/// Parses project text read from `project_path` (used for messages and to
/// resolve relative paths) and checks every segment against the source.
pub fn from_toml(text: &str, project_path: &Path) -> Result<Document, ProjectError> {
    parse(text, project_path, true).map(|(doc, _)| doc)
}

/// The document, and each segment's recorded digest; `check`: refuse a
/// segment whose Arabic no longer matches its digest.
fn parse(
    text: &str,
    project_path: &Path,
    check: bool,
) -> Result<(Document, Vec<Option<String>>), ProjectError> {
    let file: ProjectFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        ProjectError::Syntax {
            path: project_path.to_owned(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    let invalid = |message: String| ProjectError::Invalid {
        path: project_path.to_owned(),
        message,
    };
    if file.format_version > FORMAT_VERSION || file.format_version == 0 {
        return Err(invalid(format!(
            "format_version {} is not supported (this build reads version {FORMAT_VERSION})",
            file.format_version
        )));
    }
    let mut previous_end = 0;
    let total = file.segments.len();
    let mut segments = Vec::with_capacity(total);
    let mut digests = Vec::with_capacity(total);
    let mut changed: Option<(usize, usize)> = None;
    for (index, record) in file.segments.into_iter().enumerate() {
        if record.id != index {
            return Err(invalid(format!(
                "segment {index} has id {} (ids must count up from 0)",
                record.id
            )));
        }
        let mut record = record;
        let mut fits = true;
        if record.start > record.end
            || record.end > file.source.len()
            || !file.source.is_char_boundary(record.start)
            || !file.source.is_char_boundary(record.end)
        {
            if check {
                return Err(invalid(format!(
                    "segment {index}: span {}..{} does not fit the source text ({} bytes); if the Arabic was edited, `tarjuman resegment` rebuilds the segments",
                    record.start,
                    record.end,
                    file.source.len()
                )));
            }
            // Re-segmenting: only the English of such a segment is wanted.
            record.start = previous_end;
            record.end = previous_end;
            fits = false;
        }
        if record.start < previous_end {
            return Err(invalid(format!(
                "segment {index}: span {}..{} overlaps the previous segment",
                record.start, record.end
            )));
        }
        previous_end = record.end;
        let arabic = &file.source[record.start..record.end];
        fits = fits
            && match &record.digest {
                Some(digest) => *digest == source_digest(arabic),
                // A file from before digests were kept: a segment never starts
                // or ends with white space, as a shifted span does.
                None => arabic.trim() == arabic,
            };
        if !fits {
            changed.get_or_insert((index + 1, 0)).1 += 1;
        }
        digests.push(record.digest);
        segments.push(Segment {
            id: record.id,
            paragraph: record.paragraph,
            start: record.start,
            end: record.end,
            en: record.en,
            status: record.status,
            note: record.note,
            origin: record.origin,
        });
    }
    if check && let Some((first, count)) = changed {
        return Err(ProjectError::SourceChanged {
            path: project_path.to_owned(),
            first,
            count,
            total,
        });
    }
    let base = project_path.parent().unwrap_or(Path::new(""));
    let doc = Document {
        source: file.source,
        source_path: file.source_path.map(|p| base.join(p)),
        glossary_path: file.glossary_path.map(|p| base.join(p)),
        segments,
        qa_accepted: file.qa_accepted,
        tms: crate::document::TmAttachments {
            writable: file.tms.writable.map(|p| base.join(p)),
            reference: file
                .tms
                .reference
                .into_iter()
                .map(|p| base.join(p))
                .collect(),
        },
    };
    Ok((doc, digests))
}

/// What [`load_resegmented`] kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resegmented {
    /// Segments now, and of them those that kept their English.
    pub segments: usize,
    pub kept: usize,
    /// Translated segments whose Arabic is no longer in the text as it was.
    pub lost: usize,
    /// Accepted QA issues dropped: their segment's Arabic changed (the
    /// others follow their segment to its new number).
    pub qa_dropped: usize,
}

impl std::fmt::Display for Resegmented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "re-segmented into {} segments; {} kept their translation, {} translated segment(s) changed in the source and are untranslated again",
            self.segments, self.kept, self.lost
        )?;
        if self.qa_dropped > 0 {
            write!(
                f,
                "; {} accepted QA issue(s) to accept again",
                self.qa_dropped
            )?;
        }
        Ok(())
    }
}

/// Reads a project whose source was edited after it was segmented
/// ([`ProjectError::SourceChanged`]): the source is segmented again and
/// each new segment takes the English, status, note and origin of an old
/// one whose Arabic (by its recorded digest) was the same, in order. A file
/// from before digests were kept is carried over by position, when the
/// text still has as many segments. A file
/// from before digests were kept is carried over by position, when the
/// text still has as many segments.
pub fn load_resegmented(path: &Path) -> Result<(Document, Resegmented), ProjectError> {
    let text = read_project_text(path)?;
    let (old, digests) = parse(&text, path, false)?;
    let mut by_digest: std::collections::HashMap<&str, std::collections::VecDeque<usize>> =
        std::collections::HashMap::new();
    for (index, digest) in digests.iter().enumerate() {
        if let Some(d) = digest {
            by_digest.entry(d.as_str()).or_default().push_back(index);
        }
    }
    let mut doc = Document::from_source(old.source.clone(), old.source_path.clone());
    doc.glossary_path = old.glossary_path.clone();
    doc.tms = old.tms.clone();
    let mut kept = 0;
    let mut used = vec![false; old.segments.len()];
    let by_position = doc.segments.len() == old.segments.len();
    let mut moved_to: Vec<Option<usize>> = vec![None; old.segments.len()];
    for index in 0..doc.segments.len() {
        let digest = source_digest(doc.source_of(index));
        let from = by_digest
            .get_mut(digest.as_str())
            .and_then(|q| q.pop_front())
            .or_else(|| {
                (by_position && digests.get(index).is_some_and(Option::is_none)).then_some(index)
            });
        let Some(from) = from.filter(|f| !used[*f]) else {
            continue;
        };
        used[from] = true;
        moved_to[from] = Some(index);
        let o = &old.segments[from];
        let s = &mut doc.segments[index];
        s.en = o.en.clone();
        s.status = o.status;
        s.note = o.note.clone();
        s.origin = o.origin.clone();
        if !o.en.trim().is_empty() {
            kept += 1;
        }
    }
    let lost = old
        .segments
        .iter()
        .zip(&used)
        .filter(|(s, used)| !**used && !s.en.trim().is_empty())
        .count();
    let total_accepted = old.qa_accepted.len();
    doc.qa_accepted = old
        .qa_accepted
        .into_iter()
        .filter_map(|mut accepted| {
            accepted.segment_id = (*moved_to.get(accepted.segment_id)?)?;
            Some(accepted)
        })
        .collect();
    let report = Resegmented {
        segments: doc.segments.len(),
        kept,
        lost,
        qa_dropped: total_accepted - doc.qa_accepted.len(),
    };
    Ok((doc, report))
}

/// Reads the project at `path`.
pub fn load(path: &Path) -> Result<Document, ProjectError> {
    from_toml(&read_project_text(path)?, path)
}

fn read_project_text(path: &Path) -> Result<String, ProjectError> {
    let bytes =
        crate::files::read_input(path, crate::files::MAX_DOCUMENT_BYTES).map_err(|source| {
            ProjectError::Io {
                path: path.to_owned(),
                source,
            }
        })?;
    String::from_utf8(bytes).map_err(|_| ProjectError::NotUtf8 {
        path: path.to_owned(),
    })
}

/// What a successful [`save`] has to tell: the project is saved, but a
/// backup could not be written (the caller shows it as a warning).
#[must_use = "a failed backup is to be shown to the user"]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Saved {
    pub backup_warning: Option<String>,
}

/// Saves `doc` to `path` atomically, then keeps a timestamped backup of what
/// was written (pruning all but the newest [`BACKUPS_KEPT`]). The first
/// save over a file that has no backup yet first backs up the file as it
/// was, so the version from before the program touched it is kept too.
/// Backups are written atomically; one that fails does not undo the save
/// but comes back in [`Saved::backup_warning`].
pub fn save(doc: &Document, path: &Path) -> Result<Saved, ProjectError> {
    let text = to_toml(doc, path)?;
    let now = SystemTime::now();
    let mut problems = Vec::new();
    if path.is_file() && backups(path).is_ok_and(|b| b.is_empty()) {
        match crate::files::read_input(path, crate::files::MAX_DOCUMENT_BYTES) {
            // Stamped a second before the new one, so it sorts first.
            Ok(old) if old != text.as_bytes() => {
                let then = now - std::time::Duration::from_secs(1);
                if let Err(e) = write_backup(path, &old, then) {
                    problems.push(format!("the previous version: {e}"));
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(format!("the previous version: {e}")),
        }
    }
    write_atomic(path, text.as_bytes())?;
    if let Err(e) = write_backup(path, text.as_bytes(), now) {
        problems.push(e.to_string());
    }
    Ok(Saved {
        backup_warning: (!problems.is_empty()).then(|| {
            format!(
                "{}: saved, but its backup in {} failed: {}",
                path.display(),
                backup_dir(path).display(),
                problems.join("; ")
            )
        }),
    })
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or
/// the new one: a temporary file in the same folder, fsync, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ProjectError> {
    crate::write_atomic(path, bytes).map_err(|source| ProjectError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The backup folder of the project at `path`.
pub fn backup_dir(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new("")).join(BACKUP_DIR)
}

/// Stores `bytes` as `.tarjuman-backups/NAME.YYYYMMDD-HHMMSS.tarjuman.toml`
/// (UTC) and removes all but the newest [`BACKUPS_KEPT`] backups of `path`.
pub fn write_backup(path: &Path, bytes: &[u8], now: SystemTime) -> std::io::Result<PathBuf> {
    let dir = backup_dir(path);
    fs::create_dir_all(&dir)?;
    let stem = project_stem(path);
    let backup = dir.join(format!("{stem}.{}.{EXTENSION}", timestamp(now)));
    crate::write_atomic(&backup, bytes)?;
    let mut existing = backups(path)?;
    if existing.len() > BACKUPS_KEPT {
        existing.sort();
        let excess = existing.len() - BACKUPS_KEPT;
        for old in existing.into_iter().take(excess) {
            let _ = fs::remove_file(old);
        }
    }
    Ok(backup)
}

/// The backups of the project at `path`, oldest first.
pub fn backups(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = backup_dir(path);
    let prefix = format!("{}.", project_stem(path));
    let suffix = format!(".{EXTENSION}");
    let mut found = Vec::new();
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(middle) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&suffix))
            && middle.len() == 15
            && middle.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// The recovery file that autosave writes for a document: beside its
/// project, else beside its source text, else `None`.
pub fn recovery_path(project: Option<&Path>, source: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = project {
        let mut name = p.as_os_str().to_owned();
        name.push(".recovery");
        return Some(PathBuf::from(name));
    }
    source.map(|s| {
        let stem = s
            .file_stem()
            .map_or_else(|| "untitled".into(), |n| n.to_string_lossy().into_owned());
        s.with_file_name(format!("{stem}.{EXTENSION}.recovery"))
    })
}

/// `NAME` of `NAME.tarjuman.toml` (or the file stem for other names).
fn project_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    match name.strip_suffix(&format!(".{EXTENSION}")) {
        Some(stem) => stem.to_owned(),
        None => path
            .file_stem()
            .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned()),
    }
}

/// `path` relative to `base` when it lies inside it, else unchanged.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    if base.as_os_str().is_empty() {
        return path.to_owned();
    }
    let absolute = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
    let (path_abs, base_abs) = (absolute(path), absolute(base));
    path_abs
        .strip_prefix(&base_abs)
        .map_or_else(|_| path_abs.clone(), Path::to_owned)
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `YYYYMMDD-HHMMSS` in UTC.
pub fn timestamp(time: SystemTime) -> String {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    crate::time::compact(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tarjuman-project-{name}-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn sample() -> Document {
        let mut doc = Document::from_source(
            "دعا الرئيس بايدن نظيره الروسي. وقال إن \"الأمن\" أولوية.\n\nفقرة ثانية هنا.\n"
                .to_owned(),
            None,
        );
        assert!(doc.segments.len() >= 2);
        doc.segments[0].en = "Biden urged his \"Russian\" counterpart.\nSecond line".into();
        doc.segments[0].status = Status::Translated;
        doc.segments[1].en = "Draft ''' with \"\"\" quotes \\ and tabs\t".into();
        doc.segments[1].status = Status::Draft;
        doc.segments[1].note = "check the quote".into();
        doc
    }

    #[test]
    fn round_trip_restores_everything() {
        let dir = temp_dir("roundtrip");
        let source = dir.join("article.ar.txt");
        fs::write(&source, "x").unwrap();
        let mut doc = sample();
        doc.source_path = Some(fs::canonicalize(&source).unwrap());
        let path = dir.join("article.tarjuman.toml");
        assert_eq!(save(&doc, &path).unwrap(), Saved::default());
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("format_version = 1\n"), "{text}");
        assert!(text.contains("source_path = \"article.ar.txt\""), "{text}");
        let back = load(&path).unwrap();
        assert_eq!(back.segments, doc.segments);
        assert_eq!(back.source, doc.source);
        assert_eq!(
            fs::canonicalize(back.source_path.unwrap()).unwrap(),
            doc.source_path.unwrap()
        );
        // Saving the loaded document again writes the same bytes.
        assert_eq!(to_toml(&load(&path).unwrap(), &path).unwrap(), text);
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let path = Path::new("/tmp/broken.tarjuman.toml");
        let err = from_toml("format_version = 1\nsource = \"x\"\n[[segments]\n", path).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("/tmp/broken.tarjuman.toml:3:"),
            "{message}"
        );
    }

    #[test]
    fn spans_outside_the_source_are_refused() {
        let text = "format_version = 1\nsource = \"abc\"\n[[segments]]\nid = 0\nparagraph = 0\nstart = 0\nend = 9\nstatus = \"draft\"\n";
        let err = from_toml(text, Path::new("p.tarjuman.toml")).unwrap_err();
        assert!(err.to_string().contains("does not fit"), "{err}");
        let newer = "format_version = 2\nsource = \"abc\"\n";
        assert!(from_toml(newer, Path::new("p.tarjuman.toml")).is_err());
    }

    #[test]
    fn backups_keep_the_newest_ten() {
        let dir = temp_dir("backups");
        let path = dir.join("p.tarjuman.toml");
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        for i in 0..13 {
            write_backup(
                &path,
                format!("v{i}").as_bytes(),
                start + Duration::from_secs(i),
            )
            .unwrap();
        }
        let kept = backups(&path).unwrap();
        assert_eq!(kept.len(), BACKUPS_KEPT);
        assert_eq!(fs::read_to_string(kept.last().unwrap()).unwrap(), "v12");
        assert_eq!(fs::read_to_string(&kept[0]).unwrap(), "v3");
        assert!(
            kept[0]
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("p.20231114-2213")
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = temp_dir("atomic");
        let path = dir.join("p.tarjuman.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn timestamps_are_utc_calendar_dates() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_661);
        assert_eq!(timestamp(t), "20000229-010101");
    }

    #[test]
    fn recovery_paths() {
        assert_eq!(
            recovery_path(Some(Path::new("/a/p.tarjuman.toml")), None),
            Some(PathBuf::from("/a/p.tarjuman.toml.recovery"))
        );
        assert_eq!(
            recovery_path(None, Some(Path::new("/a/x.ar.txt"))),
            Some(PathBuf::from("/a/x.ar.tarjuman.toml.recovery"))
        );
    }

    #[test]
    fn attached_tms_and_segment_origins_round_trip_relative_to_the_project() {
        let dir = temp_dir("tms");
        let path = dir.join("p.tarjuman.toml");
        let mut doc = sample();
        assert!(!to_toml(&doc, &path).unwrap().contains("[tms]"));
        doc.tms.writable = Some(dir.join("client.tmdb"));
        doc.tms.reference = vec![dir.join("agency.tmx"), PathBuf::from("/elsewhere/old.tmdb")];
        doc.segments[0].origin = Some(crate::document::SegmentOrigin::Tm {
            score: 97,
            tm: "agency.tmx".into(),
        });
        doc.segments[1].origin = Some(crate::document::SegmentOrigin::Propagated { from: 0 });
        let text = to_toml(&doc, &path).unwrap();
        assert!(text.contains("writable = \"client.tmdb\""), "{text}");
        assert!(text.contains("\"agency.tmx\""), "{text}");
        let back = from_toml(&text, &path).unwrap();
        assert_eq!(back.tms, doc.tms);
        assert_eq!(back.segments, doc.segments);
    }

    #[test]
    fn accepted_qa_issues_round_trip_and_are_omitted_when_none() {
        let mut doc = sample();
        let path = Path::new("/tmp/x.tarjuman.toml");
        assert!(!to_toml(&doc, path).unwrap().contains("qa_accepted"));
        doc.qa_accepted.push(crate::qa::AcceptedIssue {
            segment_id: 1,
            check: crate::qa::Check::Number,
            words: "٢٠٢١".into(),
            reason: "Hijri year, \"kept\" as is".into(),
        });
        let text = to_toml(&doc, path).unwrap();
        assert!(text.contains("[[qa_accepted]]"), "{text}");
        assert!(text.contains("check = \"number\""), "{text}");
        assert_eq!(from_toml(&text, path).unwrap().qa_accepted, doc.qa_accepted);
    }

    #[test]
    fn the_first_save_over_a_file_backs_up_what_it_replaces() {
        let dir = temp_dir("first-backup");
        let path = dir.join("p.tarjuman.toml");
        let before = to_toml(&sample(), &path).unwrap();
        fs::write(&path, &before).unwrap();
        let mut doc = sample();
        doc.segments[0].en = "Changed.".into();
        assert_eq!(save(&doc, &path).unwrap(), Saved::default());
        let kept = backups(&path).unwrap();
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert_eq!(
            fs::read_to_string(&kept[0]).unwrap(),
            before,
            "the old version first"
        );
        assert_eq!(fs::read(&kept[1]).unwrap(), fs::read(&path).unwrap());
        // Later saves back up what they write, as before.
        doc.segments[0].en = "Again.".into();
        let _ = save(&doc, &path).unwrap();
        assert!(backups(&path).unwrap().len() <= 3);
        assert_eq!(
            fs::read_to_string(&backups(&path).unwrap()[0]).unwrap(),
            before
        );
    }

    #[test]
    fn a_failed_backup_is_a_warning_and_the_save_stands() {
        let dir = temp_dir("failed-backup");
        let path = dir.join("p.tarjuman.toml");
        // The backup folder cannot be made: a file has its name.
        fs::write(dir.join(BACKUP_DIR), "not a folder").unwrap();
        let saved = save(&sample(), &path).unwrap();
        let warning = saved.backup_warning.expect("reported");
        assert!(
            warning.contains("p.tarjuman.toml") && warning.contains(BACKUP_DIR),
            "{warning}"
        );
        assert_eq!(warning.lines().count(), 1);
        assert_eq!(load(&path).unwrap().segments, sample().segments);
    }
}
