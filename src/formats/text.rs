//! English-only plain text and CSV/TSV segment pairs.

use super::{ExportError, Untranslated, english_paragraphs, file_id};
use crate::document::Document;

/// The English, one paragraph of the source per paragraph, separated by a
/// blank line; untranslated segments left out or written in Arabic.
pub fn write_english_text(doc: &Document, untranslated: Untranslated) -> String {
    let mut out = english_paragraphs(doc, untranslated).join("\n\n");
    out.push('\n');
    out
}

/// Segment pairs with a header row: id, arabic, english, status, note.
/// Fields are quoted as RFC 4180 requires (the csv crate), so commas, tabs,
/// quotes and line breaks in the text survive.
pub fn write_pairs(doc: &Document, delimiter: u8) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::with_capacity(doc.source.len() * 2));
    let err = |e: csv::Error| ExportError::Csv(e.to_string());
    writer
        .write_record(["id", "arabic", "english", "status", "note"])
        .map_err(err)?;
    for (index, segment) in doc.segments.iter().enumerate() {
        writer
            .write_record([
                file_id(segment).as_str(),
                doc.source_of(index),
                &segment.en,
                segment.status.label(),
                &segment.note,
            ])
            .map_err(err)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))
}
