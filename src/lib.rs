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
pub mod files;
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

pub use files::{AtomicFile, FileLock, write_atomic};
