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
use super::xml::{
    Element, Node, XmlError, XmlEvent, XmlReader, push_escaped, push_escaped_attr, push_text_cp,
};
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

/// What reading inline content lost, per segment, so an import can say so.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Lost {
    /// Codes with no text of their own (`ph`, `sc`, `ec`, `bpt`, `x`, …), dropped.
    dropped: usize,
    /// Markup around text (`pc`, `g`, `mrk`, …) kept as its text only.
    flattened: usize,
}

/// Text content of inline content: `<cp hex>` becomes its character (one
/// XML cannot hold, U+0000 and surrogates refused), native codes are
/// dropped and other inline elements contribute their text; both counted.
fn inline_text(element: &Element, out: &mut String, lost: &mut Lost) -> Result<(), XmlError> {
    for node in &element.children {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => match e.name.as_str() {
                "cp" => {
                    let hex = e.attr("hex").unwrap_or("");
                    match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                        Some(c) if c != '\0' => out.push(c),
                        _ => {
                            return Err(XmlError {
                                line: e.line,
                                position: 0,
                                message: format!(
                                    "<cp hex=\"{hex}\"/> is not a character a translation can hold"
                                ),
                            });
                        }
                    }
                }
                "ph" | "sc" | "ec" | "bpt" | "ept" | "it" | "x" | "bx" | "ex" | "sub" => {
                    lost.dropped += 1;
                }
                _ => {
                    lost.flattened += 1;
                    inline_text(e, out, lost)?;
                }
            },
        }
    }
    Ok(())
}

fn text_of(element: Option<&Element>, lost: &mut Lost) -> Result<Option<String>, XmlError> {
    element
        .map(|e| {
            let mut s = String::new();
            inline_text(e, &mut s, lost).map(|()| s)
        })
        .transpose()
}

/// Which XLIFF version a root element is, if it is XLIFF at all.
pub fn version(root: &Element) -> Option<&str> {
    (root.name == "xliff").then(|| root.attr("version").unwrap_or(""))
}

/// What an XLIFF file held: its version, its segments in file order, and
/// what reading them could not keep (one line each, naming the segment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XliffRead {
    pub v2: bool,
    pub units: Vec<ImportedSegment>,
    pub warnings: Vec<String>,
}

fn lost_warning(key: &str, line: u64, lost: Lost, warnings: &mut Vec<String>) {
    if lost.dropped + lost.flattened == 0 {
        return;
    }
    let mut parts = Vec::new();
    if lost.dropped > 0 {
        parts.push(format!(
            "{} inline code{} dropped",
            lost.dropped,
            if lost.dropped == 1 { "" } else { "s" }
        ));
    }
    if lost.flattened > 0 {
        parts.push(format!(
            "{} inline element{} kept as plain text",
            lost.flattened,
            if lost.flattened == 1 { "" } else { "s" }
        ));
    }
    warnings.push(format!("line {line}: segment {key}: {}", parts.join(", ")));
}

/// Reads XLIFF 2.x or 1.x as a stream through the shared [`XmlReader`]:
/// only one `<unit>` / `<trans-unit>` is held as a tree at a time, so memory
/// grows with the segments read, not with the file. The root must be
/// `<xliff>` in the namespace of its version.
pub fn read_xliff<R: std::io::BufRead>(input: R) -> Result<XliffRead, XliffError> {
    let mut reader = XmlReader::new(input);
    // Before the root the reader yields only the root's start (or an error).
    let XmlEvent::Start(root) = reader.next()? else {
        return Err(reader.error("no root element").into());
    };
    let Some(v) = version(&root) else {
        return Err(XliffError::Unsupported(format!(
            "root element <{}> (expected <xliff> or a DOCX review table)",
            root.name
        )));
    };
    let (v2, expected) = if v.starts_with('2') {
        (true, XLIFF20_NS)
    } else if v.starts_with('1') {
        (false, XLIFF12_NS)
    } else {
        return Err(XliffError::Unsupported(format!("XLIFF version {v:?}")));
    };
    let namespace_ok = if v2 {
        root.namespace
            .starts_with("urn:oasis:names:tc:xliff:document:2.")
    } else {
        root.namespace
            .starts_with("urn:oasis:names:tc:xliff:document:1.")
    };
    if !namespace_ok {
        return Err(XmlError {
            line: root.line,
            position: 0,
            message: if root.namespace.is_empty() {
                format!("<xliff version=\"{v}\"> has no namespace (expected xmlns=\"{expected}\")")
            } else {
                format!(
                    "<xliff version=\"{v}\"> is in the namespace {:?} (expected {expected:?})",
                    root.namespace
                )
            },
        }
        .into());
    }
    let mut out = XliffRead {
        v2,
        ..XliffRead::default()
    };
    let unit_name = if v2 { "unit" } else { "trans-unit" };
    loop {
        match reader.next()? {
            XmlEvent::Start(e) if e.name == unit_name && e.namespace == root.namespace => {
                let unit = reader.read_element(e)?;
                if v2 {
                    read_unit20(&unit, &mut out)?;
                } else {
                    read_unit12(&unit, &mut out)?;
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Why an XLIFF file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XliffError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("unsupported file: {0}")]
    Unsupported(String),
}

/// The segments of one XLIFF 2.x unit (a unit with several segments is
/// read segment by segment, keyed by the segment id, falling back to the
/// unit id).
fn read_unit20(unit: &Element, out: &mut XliffRead) -> Result<(), XmlError> {
    let mut lost = Lost::default();
    let note = match unit.child("notes") {
        Some(notes) => {
            let mut texts = Vec::new();
            for n in notes.children_named("note") {
                texts.extend(text_of(Some(n), &mut lost)?);
            }
            Some(texts.join("\n"))
        }
        None => None,
    };
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
        let source = text_of(segment.child("source"), &mut lost)?.unwrap_or_default();
        let target = text_of(segment.child("target"), &mut lost)?;
        let has_text = target.as_deref().is_some_and(|t| !t.trim().is_empty());
        let state = segment.attr("state").unwrap_or("initial");
        let status = match state {
            _ if !has_text => Some(Status::Untranslated),
            "initial" => Some(Status::Draft),
            "translated" => Some(Status::Translated),
            "reviewed" | "final" => Some(Status::Reviewed),
            _ => None,
        };
        if has_text && status.is_none() {
            out.warnings.push(format!(
                "line {}: segment {key}: unknown state `{state}` (expected initial, translated, reviewed or final); status not imported",
                segment.line
            ));
        }
        lost_warning(
            &key,
            segment.line,
            std::mem::take(&mut lost),
            &mut out.warnings,
        );
        out.units.push(ImportedSegment {
            key,
            source,
            target,
            status,
            note: note.clone(),
        });
    }
    Ok(())
}

/// One XLIFF 1.x trans-unit.
fn read_unit12(unit: &Element, out: &mut XliffRead) -> Result<(), XmlError> {
    let mut lost = Lost::default();
    let key = unit.attr("id").unwrap_or("").to_string();
    let target_el = unit.child("target");
    let target = text_of(target_el, &mut lost)?;
    let has_text = target.as_deref().is_some_and(|t| !t.trim().is_empty());
    let approved = unit.attr("approved") == Some("yes");
    let state = target_el.and_then(|t| t.attr("state"));
    let status = match state {
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
        None => None,
        Some(other) => {
            out.warnings.push(format!(
                "line {}: segment {key}: unknown state `{other}`; status not imported",
                target_el.map_or(unit.line, |t| t.line)
            ));
            None
        }
    };
    let mut notes = Vec::new();
    for n in unit.children_named("note") {
        notes.extend(text_of(Some(n), &mut lost)?);
    }
    let source = text_of(unit.child("source"), &mut lost)?.unwrap_or_default();
    lost_warning(&key, unit.line, lost, &mut out.warnings);
    out.units.push(ImportedSegment {
        key,
        source,
        target,
        status,
        note: (!notes.is_empty()).then(|| notes.join("\n")),
    });
    Ok(())
}
