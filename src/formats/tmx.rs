//! TMX 1.4b: one `<tu>` per translated or reviewed segment, level 1 (plain
//! text in `<seg>`), with all seven required header attributes.

use super::file_id;
use super::xml::{push_escaped, push_escaped_attr};
use crate::document::Document;

/// The translated and reviewed segments as a TMX 1.4b memory.
pub fn write_tmx(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.source.len() * 3 + doc.segments.len() * 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"Tarjuman\" creationtoolversion=\"{}\" segtype=\"sentence\" \
         o-tmf=\"Tarjuman\" adminlang=\"en\" srclang=\"ar\" datatype=\"plaintext\"",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(name) = doc.source_path.as_deref().and_then(|p| p.file_name()) {
        out.push_str(">\n    <prop type=\"x-source-file\">");
        push_escaped(&mut out, &name.to_string_lossy());
        out.push_str("</prop>\n  </header>\n");
    } else {
        out.push_str("/>\n");
    }
    out.push_str("  <body>\n");
    for (index, segment) in doc.segments.iter().enumerate() {
        if !segment.status.is_done() || segment.en.trim().is_empty() {
            continue;
        }
        out.push_str("    <tu tuid=\"");
        push_escaped_attr(&mut out, &file_id(segment));
        out.push_str("\">\n");
        if !segment.note.is_empty() {
            out.push_str("      <note>");
            push_escaped(&mut out, &segment.note);
            out.push_str("</note>\n");
        }
        out.push_str(&format!(
            "      <prop type=\"x-status\">{}</prop>\n",
            segment.status.label()
        ));
        out.push_str("      <tuv xml:lang=\"ar\"><seg>");
        push_escaped(&mut out, doc.source_of(index));
        out.push_str("</seg></tuv>\n      <tuv xml:lang=\"en\"><seg>");
        push_escaped(&mut out, &segment.en);
        out.push_str("</seg></tuv>\n    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}
