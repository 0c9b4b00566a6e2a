//! XLIFF 2.0 (the default) and XLIFF 1.2: one unit per segment, states
//! mapped both ways, notes kept.
//!
//! | Tarjuman     | XLIFF 2.0 `segment/@state` | XLIFF 1.2 `target/@state`        |
//! |--------------|----------------------------|----------------------------------|
//! | untranslated | `initial`, no target       | `new`, empty target              |
//! | draft        | `initial` with a target    | `needs-translation`              |
//! | translated   | `translated`               | `translated`                     |
//! | reviewed     | `reviewed`                 | `signed-off`, `approved="yes"`   |

use super::import::ImportedSegment;
use super::xml::{Element, Node, push_escaped, push_escaped_attr, push_text_cp};
use super::{file_id, parse_file_id};
use crate::document::{Document, Status};

pub const XLIFF20_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
pub const XLIFF12_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The `original` attribute: the source file's name, else "document".
fn original(doc: &Document) -> String {
    doc.source_path
        .as_deref()
        .and_then(|p| p.file_name())
        .map_or_else(
            || "document".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// The document as XLIFF 2.0 (srcLang ar, trgLang en).
pub fn write_xliff20(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.source.len() * 3 + doc.segments.len() * 160);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{XLIFF20_NS}\" version=\"2.0\" srcLang=\"ar\" trgLang=\"en\">\n"
    ));
    out.push_str("  <file id=\"f1\" original=\"");
    push_escaped_attr(&mut out, &original(doc));
    out.push_str("\">\n");
    for (index, segment) in doc.segments.iter().enumerate() {
        let id = file_id(segment);
        out.push_str(&format!("    <unit id=\"u{id}\">\n"));
        if !segment.note.is_empty() {
            out.push_str("      <notes>\n        <note>");
            push_text_cp(&mut out, &segment.note);
            out.push_str("</note>\n      </notes>\n");
        }
        let has_target = !segment.en.is_empty();
        let state = match segment.status {
            Status::Translated if has_target => "translated",
            Status::Reviewed if has_target => "reviewed",
            _ => "initial",
        };
        out.push_str(&format!(
            "      <segment id=\"{id}\" state=\"{state}\">\n        <source xml:space=\"preserve\">"
        ));
        push_text_cp(&mut out, doc.source_of(index));
        out.push_str("</source>\n");
        if has_target {
            out.push_str("        <target xml:space=\"preserve\">");
            push_text_cp(&mut out, &segment.en);
            out.push_str("</target>\n");
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

/// The document as XLIFF 1.2 (source-language ar, target-language en).
pub fn write_xliff12(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.source.len() * 3 + doc.segments.len() * 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<xliff xmlns=\"{XLIFF12_NS}\" version=\"1.2\">\n"));
    out.push_str("  <file original=\"");
    push_escaped_attr(&mut out, &original(doc));
    out.push_str(
        "\" source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\" tool-id=\"tarjuman\">\n",
    );
    out.push_str(&format!(
        "    <header>\n      <tool tool-id=\"tarjuman\" tool-name=\"Tarjuman\" tool-version=\"{}\"/>\n    </header>\n    <body>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for (index, segment) in doc.segments.iter().enumerate() {
        let id = file_id(segment);
        let (state, approved) = match segment.status {
            _ if segment.en.is_empty() => ("new", ""),
            Status::Untranslated => ("new", ""),
            Status::Draft => ("needs-translation", ""),
            Status::Translated => ("translated", ""),
            Status::Reviewed => ("signed-off", " approved=\"yes\""),
        };
        out.push_str(&format!(
            "      <trans-unit id=\"{id}\" xml:space=\"preserve\"{approved}>\n        <source xml:lang=\"ar\">"
        ));
        push_escaped(&mut out, doc.source_of(index));
        out.push_str(&format!(
            "</source>\n        <target xml:lang=\"en\" state=\"{state}\">"
        ));
        push_escaped(&mut out, &segment.en);
        out.push_str("</target>\n");
        if !segment.note.is_empty() {
            out.push_str("        <note>");
            push_escaped(&mut out, &segment.note);
            out.push_str("</note>\n");
        }
        out.push_str("      </trans-unit>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// Text content of inline content: `<cp hex>` becomes its character, XLIFF
/// 1.2 native-code elements (`ph`, `bpt`, `ept`, `it`) are dropped, other
/// inline elements (`g`, `mrk`, `pc`, …) contribute their text.
fn inline_text(element: &Element, out: &mut String) {
    for node in &element.children {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => match e.name.as_str() {
                "cp" => {
                    if let Some(c) = e
                        .attr("hex")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        out.push(c);
                    }
                }
                "ph" | "bpt" | "ept" | "it" | "sub" => {}
                _ => inline_text(e, out),
            },
        }
    }
}

fn text_of(element: Option<&Element>) -> Option<String> {
    element.map(|e| {
        let mut s = String::new();
        inline_text(e, &mut s);
        s
    })
}

/// Which XLIFF version a root element is, if it is XLIFF at all.
pub fn version(root: &Element) -> Option<&str> {
    (root.name == "xliff").then(|| root.attr("version").unwrap_or(""))
}

/// The segments of an XLIFF 2.x document (every file, every unit, every
/// segment; a unit with several segments is read segment by segment, keyed
/// by the segment id, falling back to the unit id).
pub fn read_xliff20(root: &Element) -> Vec<ImportedSegment> {
    let mut out = Vec::new();
    for file in root.children_named("file") {
        let mut units = Vec::new();
        file.descendants("unit", &mut units);
        for unit in units {
            let note = unit.child("notes").map(|notes| {
                notes
                    .children_named("note")
                    .filter_map(|n| text_of(Some(n)))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            let unit_id = unit.attr("id").unwrap_or("").to_string();
            let segments: Vec<&Element> = unit.children_named("segment").collect();
            let single = segments.len() == 1;
            for segment in segments {
                let key = match segment.attr("id") {
                    Some(id) if parse_file_id(id).is_some() => id.to_string(),
                    _ if single => unit_id.trim_start_matches('u').to_string(),
                    Some(id) => id.to_string(),
                    None => unit_id.clone(),
                };
                let source = text_of(segment.child("source")).unwrap_or_default();
                let target = text_of(segment.child("target"));
                let has_text = target.as_deref().is_some_and(|t| !t.trim().is_empty());
                let status = match segment.attr("state").unwrap_or("initial") {
                    _ if !has_text => Some(Status::Untranslated),
                    "initial" => Some(Status::Draft),
                    "translated" => Some(Status::Translated),
                    "reviewed" | "final" => Some(Status::Reviewed),
                    _ => None,
                };
                out.push(ImportedSegment {
                    key,
                    source,
                    target,
                    status,
                    note: note.clone(),
                });
            }
        }
    }
    out
}

/// The trans-units of an XLIFF 1.x document.
pub fn read_xliff12(root: &Element) -> Vec<ImportedSegment> {
    let mut units = Vec::new();
    root.descendants("trans-unit", &mut units);
    units
        .into_iter()
        .map(|unit| {
            let target_el = unit.child("target");
            let target = text_of(target_el);
            let has_text = target.as_deref().is_some_and(|t| !t.trim().is_empty());
            let approved = unit.attr("approved") == Some("yes");
            let status = match target_el.and_then(|t| t.attr("state")) {
                _ if !has_text => Some(Status::Untranslated),
                _ if approved => Some(Status::Reviewed),
                Some("new" | "needs-translation" | "needs-l10n" | "needs-adaptation") => {
                    Some(Status::Draft)
                }
                Some(
                    "translated"
                    | "needs-review-translation"
                    | "needs-review-l10n"
                    | "needs-review-adaptation",
                ) => Some(Status::Translated),
                Some("final" | "signed-off") => Some(Status::Reviewed),
                _ => None,
            };
            let notes: Vec<String> = unit
                .children_named("note")
                .filter_map(|n| text_of(Some(n)))
                .collect();
            ImportedSegment {
                key: unit.attr("id").unwrap_or("").to_string(),
                source: text_of(unit.child("source")).unwrap_or_default(),
                target,
                status,
                note: (!notes.is_empty()).then(|| notes.join("\n")),
            }
        })
        .collect()
}
