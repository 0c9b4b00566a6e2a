//! TMX 1.4b: one `<tu>` per translated or reviewed segment, written by the
//! translation memory's [`TmxWriter`] (so a project's TMX imports into a TM
//! as the TM's own exports do): `tuid` the segment's file id, `x-status`,
//! the note, the dates (now), `creationid` the login name, `x-context-pre`
//! the previous segment's Arabic (empty for the first) and `x-file` the
//! source file's name.

use super::file_id;
use crate::document::{Document, Status};
use crate::tm::tmx::TmxWriter;
use crate::tm::{Unit, UnitStatus, login_name, now_secs};

/// The translated and reviewed segments as a TMX 1.4b memory.
pub fn write_tmx(doc: &Document) -> String {
    let now = now_secs();
    let file = doc
        .source_path
        .as_deref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let header = if file.is_empty() {
        Vec::new()
    } else {
        vec![("x-source-file".to_owned(), file.clone())]
    };
    let out = Vec::with_capacity(doc.source.len() * 3 + doc.segments.len() * 400);
    let mut writer = TmxWriter::with_header(out, now, &header).expect("writing to memory");
    let author = login_name();
    for (index, segment) in doc.segments.iter().enumerate() {
        if !segment.status.is_done() || segment.en.trim().is_empty() {
            continue;
        }
        let previous = index.checked_sub(1).map_or("", |i| doc.source_of(i));
        let unit = Unit {
            tuid: file_id(segment),
            source: doc.source_of(index).to_owned(),
            target: segment.en.clone(),
            created: now,
            changed: now,
            author: author.clone(),
            file: file.clone(),
            status: if segment.status == Status::Reviewed {
                UnitStatus::Reviewed
            } else {
                UnitStatus::Translated
            },
            previous: Some(previous.to_owned()),
            notes: if segment.note.is_empty() {
                Vec::new()
            } else {
                vec![segment.note.clone()]
            },
            ..Unit::default()
        };
        writer.write_unit(&unit).expect("writing to memory");
    }
    let bytes = writer.finish().expect("writing to memory");
    // The writer writes UTF-8 only.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
