//! Bilingual interchange: exporters over one [`Document`] (XLIFF 2.0 and
//! 1.2, TMX 1.4b, bilingual HTML, a DOCX review table, English-only text
//! and DOCX, CSV/TSV) and the importers that bring reviewed XLIFF and DOCX
//! back ([`import`]).
//!
//! Every exporter is a pure function from the document to bytes; writing
//! them to disk is [`write_atomic`]'s job. Segment ids in files are 1-based
//! ([`file_id`]), as the window and the command line show them.
//!
//! ```no_run
//! use tarjuman::document::Document;
//! use tarjuman::formats::{export, Format};
//! use tarjuman::glossary::Glossary;
//! let doc = Document::from_source("جملة أولى. جملة ثانية.".into(), None);
//! let bytes = export(&doc, &Glossary::builtin(), Format::Xliff20).unwrap();
//! tarjuman::formats::write_atomic(std::path::Path::new("out.xlf"), &bytes).unwrap();
//! ```

pub mod docx;
pub mod html;
pub mod import;
pub mod text;
pub mod tmx;
pub mod xliff;
pub mod xml;

use crate::document::{Document, Segment};
use crate::glossary::Glossary;

pub use import::{ImportError, ImportSummary, SegmentChange};

/// An export format, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// XLIFF 2.0, the default bilingual exchange format.
    Xliff20,
    /// XLIFF 1.2, for tools that have not moved to 2.0.
    Xliff12,
    /// TMX 1.4b, translated segments only, for translation memories.
    Tmx,
    /// One self-contained HTML page: the bilingual table, printable on A4.
    Html,
    /// DOCX review table: id | Arabic | English | status | comment.
    Docx,
    /// DOCX with the English only, paragraphs as in the source.
    DocxEnglish,
    /// Plain text, the English only.
    Text,
    /// Comma-separated segment pairs.
    Csv,
    /// Tab-separated segment pairs.
    Tsv,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Xliff20,
        Format::Xliff12,
        Format::Tmx,
        Format::Html,
        Format::Docx,
        Format::DocxEnglish,
        Format::Text,
        Format::Csv,
        Format::Tsv,
    ];

    /// The name used by `tarjuman export --format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xliff20 => "xliff",
            Format::Xliff12 => "xliff12",
            Format::Tmx => "tmx",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::DocxEnglish => "docx-en",
            Format::Text => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }

    /// A human label for menus and dialogs.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xliff20 => "XLIFF 2.0",
            Format::Xliff12 => "XLIFF 1.2",
            Format::Tmx => "TMX 1.4b (translation memory)",
            Format::Html => "Bilingual HTML",
            Format::Docx => "DOCX review table",
            Format::DocxEnglish => "DOCX, English only",
            Format::Text => "Plain text, English only",
            Format::Csv => "CSV segment pairs",
            Format::Tsv => "TSV segment pairs",
        }
    }

    /// The file extension, without the dot, for save dialogs.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xliff20 | Format::Xliff12 => "xlf",
            Format::Tmx => "tmx",
            Format::Html => "html",
            Format::Docx | Format::DocxEnglish => "docx",
            Format::Text => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Why an export failed (only building a zip or CSV can).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not build the DOCX: {0}")]
    Docx(String),
    #[error("could not write CSV: {0}")]
    Csv(String),
}

/// What the English-only exports (text, DOCX) do with a segment that has
/// no English yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Untranslated {
    /// Left out; the caller says how many ([`untranslated_count`]).
    #[default]
    LeaveOut,
    /// Written as its Arabic, so the English reads with nothing missing
    /// and a reviewer sees what is still to do.
    Arabic,
}

impl Untranslated {
    pub fn from_name(name: &str) -> Option<Untranslated> {
        match name {
            "omit" | "leave-out" => Some(Untranslated::LeaveOut),
            "arabic" | "source" => Some(Untranslated::Arabic),
            _ => None,
        }
    }
}

/// How many segments have no English (what an English-only export leaves
/// out or writes in Arabic).
pub fn untranslated_count(doc: &Document) -> usize {
    doc.segments
        .iter()
        .filter(|s| s.en.trim().is_empty())
        .count()
}

/// Whether `format` carries only the English (and so has to do something
/// with untranslated segments).
pub fn is_english_only(format: Format) -> bool {
    matches!(format, Format::Text | Format::DocxEnglish)
}

/// The document in `format`. The glossary marks terms in the HTML export;
/// other formats ignore it. Untranslated segments are left out of the
/// English-only formats (see [`export_with`]).
pub fn export(doc: &Document, glossary: &Glossary, format: Format) -> Result<Vec<u8>, ExportError> {
    export_with(doc, glossary, format, Untranslated::LeaveOut)
}

/// [`export`], choosing what the English-only formats do with untranslated segments.
pub fn export_with(
    doc: &Document,
    glossary: &Glossary,
    format: Format,
    untranslated: Untranslated,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Xliff20 => xliff::write_xliff20(doc).into_bytes(),
        Format::Xliff12 => xliff::write_xliff12(doc).into_bytes(),
        Format::Tmx => tmx::write_tmx(doc).into_bytes(),
        Format::Html => html::write_html(doc, glossary).into_bytes(),
        Format::Docx => docx::write_review_table(doc)?,
        Format::DocxEnglish => docx::write_english(doc, untranslated)?,
        Format::Text => text::write_english_text(doc, untranslated).into_bytes(),
        Format::Csv => text::write_pairs(doc, b',')?,
        Format::Tsv => text::write_pairs(doc, b'\t')?,
    })
}

/// The id a segment carries in exported files: 1-based, as shown in the app.
pub fn file_id(segment: &Segment) -> String {
    (segment.id + 1).to_string()
}

/// The segment id named by a file id written by [`file_id`].
pub fn parse_file_id(id: &str) -> Option<usize> {
    id.trim().parse::<usize>().ok()?.checked_sub(1)
}

/// The English of each source paragraph: its segments' English joined by a
/// space, empty segments left out or written as their Arabic (used by the
/// English-only exports).
pub fn english_paragraphs(doc: &Document, untranslated: Untranslated) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Option<usize> = None;
    for (index, segment) in doc.segments.iter().enumerate() {
        if current != Some(segment.paragraph) {
            paragraphs.push(String::new());
            current = Some(segment.paragraph);
        }
        let mut en = segment.en.trim();
        if en.is_empty() {
            if untranslated == Untranslated::LeaveOut {
                continue;
            }
            en = doc.source_of(index).trim();
        }
        if let Some(p) = paragraphs.last_mut() {
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(en);
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
}

pub use crate::write_atomic;
