//! The bilingual HTML export: one self-contained page (the Arabic font is
//! embedded, nothing is fetched), a two-column table with segment ids and
//! statuses, glossary terms marked in the Arabic, and print CSS for A4.
//!
//! The page carries no script, and a Content-Security-Policy forbids any,
//! so even a mistake in escaping could not run code.

use std::sync::OnceLock;

use base64::Engine as _;

use super::file_id;
use super::xml::{push_escaped, push_escaped_attr};
use crate::document::Document;
use crate::glossary::{Glossary, Matcher};

/// The bundled Arabic font, embedded in every HTML export.
pub const ARABIC_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf");

fn font_base64() -> &'static str {
    static FONT: OnceLock<String> = OnceLock::new();
    FONT.get_or_init(|| base64::engine::general_purpose::STANDARD.encode(ARABIC_FONT))
}

const STYLE: &str = r#"
body { font-family: "Tarjuman Naskh", "Noto Naskh Arabic", serif; margin: 2em; color: #111; }
h1 { font-size: 1.3em; font-family: sans-serif; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: 0.35em 0.5em; vertical-align: top; }
th { background: #eee; font-family: sans-serif; font-size: 0.85em; }
col.id { width: 3.5em; } col.status { width: 6.5em; }
td.ar { font-family: "Tarjuman Naskh", "Noto Naskh Arabic", serif; font-size: 1.15em; line-height: 1.8; text-align: right; }
td.en { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; text-align: left; }
td.id, td.status { font-family: sans-serif; font-size: 0.8em; color: #444; }
mark.term { background: #fff2a8; border-bottom: 1px dotted #8a6d00; }
.note { display: block; margin-top: 0.3em; font-size: 0.85em; color: #555; font-style: italic; }
tr.untranslated td.en { background: #fbeaea; }
tr.draft td.status { color: #8a5a00; }
tr.reviewed td.status { color: #1b6b1b; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  mark.term { background: none; border-bottom: 1px solid #000; }
  tr.untranslated td.en { background: none; }
}
"#;

/// The document as a bilingual HTML page; `glossary` terms found in the
/// Arabic are wrapped in `<mark class="term" title="English">`.
pub fn write_html(doc: &Document, glossary: &Glossary) -> String {
    let matcher = Matcher::new(glossary);
    let font = font_base64();
    let mut out = String::with_capacity(font.len() + doc.source.len() * 3 + 4096);
    let title = doc
        .source_path
        .as_deref()
        .and_then(|p| p.file_name())
        .map_or_else(
            || "Translation".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n",
    );
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"Tarjuman\">\n<title>");
    push_escaped(&mut out, &title);
    out.push_str("</title>\n<style>\n@font-face { font-family: \"Tarjuman Naskh\"; src: url(data:font/ttf;base64,");
    out.push_str(font);
    out.push_str(") format(\"truetype\"); font-weight: normal; font-style: normal; }");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>");
    push_escaped(&mut out, &title);
    out.push_str(
        "</h1>\n<table>\n<colgroup><col class=\"id\"><col><col><col class=\"status\"></colgroup>\n",
    );
    out.push_str("<thead><tr><th>#</th><th lang=\"en\">Arabic</th><th>English</th><th>Status</th></tr></thead>\n<tbody>\n");
    for (index, segment) in doc.segments.iter().enumerate() {
        let status = segment.status.label();
        let id = file_id(segment);
        out.push_str(&format!(
            "<tr id=\"s{id}\" class=\"{status}\"><td class=\"id\">{id}</td><td class=\"ar\" dir=\"rtl\" lang=\"ar\">"
        ));
        let arabic = doc.source_of(index);
        let mut at = 0;
        for m in matcher.find(arabic) {
            if m.start < at {
                continue;
            }
            push_escaped(&mut out, &arabic[at..m.start]);
            out.push_str("<mark class=\"term\" title=\"");
            push_escaped_attr(&mut out, &glossary.terms[m.term].en);
            out.push_str("\">");
            push_escaped(&mut out, &arabic[m.start..m.end]);
            out.push_str("</mark>");
            at = m.end;
        }
        push_escaped(&mut out, &arabic[at..]);
        out.push_str("</td><td class=\"en\" dir=\"ltr\" lang=\"en\">");
        push_escaped(&mut out, &segment.en);
        out.push_str(&format!("</td><td class=\"status\">{status}"));
        if !segment.note.is_empty() {
            out.push_str("<span class=\"note\">");
            push_escaped(&mut out, &segment.note);
            out.push_str("</span>");
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
