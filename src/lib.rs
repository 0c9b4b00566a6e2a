//! Tarjuman: an Arabic→English translation workbench.
//!
//! Layering (checked by review, enforced by imports):
//! - core: [`arabic`] (normalisation, segmentation, morphology), [`glossary`]
//!   (model, TOML I/O, validation, matcher), [`document`] (source text, segments,
//!   translations, statuses), [`project`] (project files, atomic saves,
//!   backups, recovery), [`bidi`] (pure right-to-left line layout),
//!   [`formats`] (export and re-import: XLIFF, TMX, HTML, DOCX, CSV) and
//!   [`qa`] (translation checks).
//!   None of these import egui.
//! - [`ui`]: renders the core and turns input into commands on it.
//! - [`cli`]: the command line, a thin layer over the core.

pub mod arabic;
pub mod bidi;
pub mod cli;
pub mod document;
pub mod formats;
pub mod glossary;
pub mod project;
pub mod qa;
pub mod time;
pub mod tm;
pub mod ui;

/// A one-line, human description of an I/O error on `path`.
pub fn io_message(error: &std::io::Error, path: &std::path::Path) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ if path.is_dir() => "is a directory, not a file".to_string(),
        _ => error.to_string(),
    }
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// directory, flushed to disk, then renamed over the target (a symlink's
/// target is replaced, not the link). Keeps the old file's permissions.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.commit()
}

/// A file written as a stream and put in place atomically, as
/// [`write_atomic`] does for bytes held whole: writes go (buffered) to a
/// temporary file in the target's directory; [`commit`](Self::commit)
/// flushes it to disk and renames it over the target (a symlink's target
/// is replaced, not the link; the old file's permissions are kept).
/// Dropped without a commit, the temporary file is removed and the target
/// is left as it was.
pub struct AtomicFile {
    target: std::path::PathBuf,
    dir: std::path::PathBuf,
    temp: std::path::PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Creates the temporary file for `path`.
    pub fn create(path: &std::path::Path) -> std::io::Result<AtomicFile> {
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_string());
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        if let Ok(meta) = std::fs::metadata(&target)
            && let Err(e) = file.set_permissions(meta.permissions())
        {
            drop(file);
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        Ok(AtomicFile {
            target,
            dir,
            temp,
            file: Some(std::io::BufWriter::with_capacity(64 * 1024, file)),
        })
    }

    /// Flushes everything to disk and renames the file over the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(writer) = self.file.take() else {
            return Err(std::io::Error::other("already committed"));
        };
        let result = writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(&self.temp, &self.target));
        if result.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        result?;
        // Make the rename itself durable; not every platform can open a directory.
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn writer(&mut self) -> std::io::Result<&mut std::io::BufWriter<std::fs::File>> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("already committed"))
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
