//! DOCX: the bilingual review table (id | Arabic | English | status |
//! comment) and the English-only document, written as a minimal
//! WordprocessingML package; and reading the review table back.
//!
//! Arabic paragraphs are right-to-left the way Word expects it: `w:bidi` on
//! the paragraph, `w:rtl` on each run and `w:lang w:bidi="ar-SA"`. English
//! paragraphs and runs say left-to-right explicitly (`w:bidi w:val="0"`,
//! `w:rtl w:val="0"`) so no style or neighbour can turn them around.

use std::io::{Cursor, Read as _, Write as _};

use zip::write::SimpleFileOptions;

use super::import::ImportedSegment;
use super::xml::{Element, Node, push_escaped};
use super::{ExportError, Untranslated, english_paragraphs, file_id};
use crate::document::{Document, Status};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The header row of the review table, also how re-import finds the columns.
pub const REVIEW_COLUMNS: [&str; 5] = ["id", "Arabic", "English", "status", "comment"];

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
"#;

const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Tarjuman</dc:creator></cp:coreProperties>
"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Noto Naskh Arabic"/><w:sz w:val="22"/><w:szCs w:val="26"/><w:lang w:val="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style></w:styles>
"#;

/// Appends one run per line of `text`, tabs as `w:tab`, with `rpr`.
fn push_runs(out: &mut String, text: &str, rpr: &str) {
    out.push_str("<w:r>");
    out.push_str(rpr);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                push_escaped(out, piece);
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
}

const AR_PPR: &str = "<w:pPr><w:bidi/></w:pPr>";
const AR_RPR: &str = "<w:rPr><w:rFonts w:cs=\"Noto Naskh Arabic\"/><w:szCs w:val=\"28\"/><w:rtl/><w:lang w:bidi=\"ar-SA\"/></w:rPr>";
const EN_PPR: &str = "<w:pPr><w:bidi w:val=\"0\"/></w:pPr>";
const EN_RPR: &str = "<w:rPr><w:rtl w:val=\"0\"/><w:lang w:val=\"en-US\"/></w:rPr>";

/// An Arabic paragraph; a bidi paragraph starts, and so aligns, on the right.
fn push_arabic_paragraph(out: &mut String, text: &str) {
    out.push_str("<w:p>");
    out.push_str(AR_PPR);
    push_runs(out, text, AR_RPR);
    out.push_str("</w:p>");
}

fn push_english_paragraph(out: &mut String, text: &str) {
    out.push_str("<w:p>");
    out.push_str(EN_PPR);
    push_runs(out, text, EN_RPR);
    out.push_str("</w:p>");
}

fn push_cell(out: &mut String, width: u32, arabic: bool, text: &str) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>"
    ));
    if arabic {
        push_arabic_paragraph(out, text);
    } else {
        push_english_paragraph(out, text);
    }
    out.push_str("</w:tc>");
}

fn document_xml(body: &str, landscape: bool) -> String {
    let page = if landscape {
        "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
    } else {
        "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\"><w:body>{body}<w:sectPr>{page}<w:pgMar w:top=\"1000\" w:right=\"1000\" w:bottom=\"1000\" w:left=\"1000\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n"
    )
}

fn package(document: &str) -> Result<Vec<u8>, ExportError> {
    let err = |e: &dyn std::fmt::Display| ExportError::Docx(e.to_string());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(document.len() / 3)));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options).map_err(|e| err(&e))?;
        zip.write_all(content.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// Column widths in twentieths of a point; they fill A4 landscape between
/// 1000-twip margins.
const WIDTHS: [u32; 5] = [800, 5300, 5300, 1300, 2138];

/// The review table (A4 landscape), header row repeated on every page.
pub fn write_review_table(doc: &Document) -> Result<Vec<u8>, ExportError> {
    let mut body = String::with_capacity(doc.source.len() * 2 + doc.segments.len() * 900);
    body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        body.push_str(&format!(
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
        ));
    }
    body.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for w in WIDTHS {
        body.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    body.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (name, width) in REVIEW_COLUMNS.iter().zip(WIDTHS) {
        push_cell(&mut body, width, false, name);
    }
    body.push_str("</w:tr>");
    for (index, segment) in doc.segments.iter().enumerate() {
        body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        push_cell(&mut body, WIDTHS[0], false, &file_id(segment));
        push_cell(&mut body, WIDTHS[1], true, doc.source_of(index));
        push_cell(&mut body, WIDTHS[2], false, &segment.en);
        push_cell(&mut body, WIDTHS[3], false, segment.status.label());
        push_cell(&mut body, WIDTHS[4], false, &segment.note);
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl><w:p/>");
    package(&document_xml(&body, true))
}

/// The English only, one Word paragraph per source paragraph (A4 portrait).
pub fn write_english(doc: &Document, untranslated: Untranslated) -> Result<Vec<u8>, ExportError> {
    let mut body = String::with_capacity(doc.segments.iter().map(|s| s.en.len() + 16).sum());
    let paragraphs = english_paragraphs(doc, untranslated);
    if paragraphs.is_empty() {
        body.push_str("<w:p/>");
    }
    for p in paragraphs {
        push_english_paragraph(&mut body, &p);
    }
    package(&document_xml(&body, false))
}

/// The most bytes one zip entry may inflate to when read (a real
/// `word/document.xml` is a few MiB); a larger one is refused, not read.
pub const MAX_ZIP_ENTRY_BYTES: u64 = 64 << 20;

/// The most bytes all the entries read from one zip may inflate to.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 256 << 20;

/// Why a DOCX could not be read as a review table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    #[error("not a DOCX file: {0}")]
    NotDocx(String),
    #[error("{entry}: {message}")]
    Entry { entry: String, message: String },
    #[error("word/document.xml: {0}")]
    Xml(#[from] super::xml::XmlError),
    #[error(
        "no review table found (a table whose first row is id | Arabic | English | status | comment)"
    )]
    NoTable,
}

/// The first name the central directory at `start` lists twice, if any:
/// walks the file headers (46 bytes, then name, extra field and comment)
/// while their signature holds; `kept` distinct names are known.
fn repeated_name<R: std::io::Read + std::io::Seek>(
    input: &mut R,
    start: u64,
    kept: usize,
) -> std::io::Result<Option<String>> {
    input.seek(std::io::SeekFrom::Start(start))?;
    let mut names = std::collections::HashSet::with_capacity(kept);
    let mut header = [0u8; 46];
    // A zip cannot list more entries than 65535 without zip64; DOCX never does.
    for _ in 0..=u16::MAX {
        if input.read_exact(&mut header).is_err() || header[..4] != *b"PK\x01\x02" {
            break;
        }
        let field = |at: usize| u64::from(u16::from_le_bytes([header[at], header[at + 1]]));
        let mut name = vec![0u8; field(28) as usize];
        input.read_exact(&mut name)?;
        input.seek(std::io::SeekFrom::Current((field(30) + field(32)) as i64))?;
        if !names.insert(name.clone()) {
            return Ok(Some(String::from_utf8_lossy(&name).into_owned()));
        }
    }
    Ok(None)
}

/// Reads zip entries with their inflated sizes capped: each at most
/// [`MAX_ZIP_ENTRY_BYTES`], all together at most [`MAX_ZIP_TOTAL_BYTES`],
/// read through `Read::take` so a zip bomb costs no more memory than the
/// caps whatever its headers claim. An entry named twice is refused.
pub struct ZipReader<R> {
    archive: zip::ZipArchive<R>,
    total: u64,
}

impl<R: std::io::Read + std::io::Seek> ZipReader<R> {
    pub fn new(input: R) -> Result<Self, DocxError> {
        let not_docx = |e: &dyn std::fmt::Display| DocxError::NotDocx(e.to_string());
        let archive = zip::ZipArchive::new(input).map_err(|e| not_docx(&e))?;
        // The archive keeps one entry per name (the last); the central
        // directory itself says whether a name comes twice.
        let (start, kept) = (archive.central_directory_start(), archive.len());
        let mut input = archive.into_inner();
        if let Some(name) = repeated_name(&mut input, start, kept).map_err(|e| not_docx(&e))? {
            return Err(DocxError::Entry {
                entry: name,
                message: "the zip holds two entries of this name: refused".into(),
            });
        }
        input
            .seek(std::io::SeekFrom::Start(0))
            .map_err(|e| not_docx(&e))?;
        let archive = zip::ZipArchive::new(input).map_err(|e| not_docx(&e))?;
        Ok(ZipReader { archive, total: 0 })
    }

    /// The entry `name`, inflated, as UTF-8 text.
    pub fn read_text(&mut self, name: &str) -> Result<String, DocxError> {
        let fail = |message: String| DocxError::Entry {
            entry: name.to_string(),
            message,
        };
        let entry = self
            .archive
            .by_name(name)
            .map_err(|e| DocxError::NotDocx(format!("{name}: {e}")))?;
        let left = MAX_ZIP_TOTAL_BYTES.saturating_sub(self.total);
        let cap = MAX_ZIP_ENTRY_BYTES.min(left);
        let mut bytes = Vec::new();
        entry
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        if bytes.len() as u64 > cap {
            return Err(fail(if cap == MAX_ZIP_ENTRY_BYTES {
                format!(
                    "inflates to more than {} MiB: refused (a zip bomb?)",
                    MAX_ZIP_ENTRY_BYTES >> 20
                )
            } else {
                format!(
                    "the entries read inflate to more than {} MiB in all: refused (a zip bomb?)",
                    MAX_ZIP_TOTAL_BYTES >> 20
                )
            }));
        }
        self.total += bytes.len() as u64;
        String::from_utf8(bytes).map_err(|_| fail("not UTF-8".into()))
    }
}

/// The text of a cell as the reader sees it: runs' `w:t` in order, `w:tab`
/// as a tab, `w:br` as a line break, paragraphs separated by line breaks;
/// deleted text of tracked changes is left out, inserted text kept.
fn cell_text(cell: &Element) -> String {
    fn walk(e: &Element, out: &mut String) {
        for node in &e.children {
            let Node::Element(child) = node else { continue };
            match child.name.as_str() {
                "t" => {
                    for n in &child.children {
                        if let Node::Text(t) = n {
                            out.push_str(t);
                        }
                    }
                }
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "pPr" | "rPr" | "tcPr" | "del" | "delText" | "instrText" | "moveFrom" => {}
                "p" => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    walk(child, out);
                }
                _ => walk(child, out),
            }
        }
    }
    let mut out = String::new();
    walk(cell, &mut out);
    out
}

/// Parses a status cell: a label as written by the export, any case.
pub fn parse_status(text: &str) -> Option<Status> {
    let t = text.trim().to_lowercase();
    Status::ALL.into_iter().find(|s| s.label() == t)
}

/// Reads the review table back: one segment per row after the header,
/// columns found by their header names; a status cell it does not know is
/// a warning naming the row.
pub fn read_review_table<R: std::io::Read + std::io::Seek>(
    input: R,
) -> Result<(Vec<ImportedSegment>, Vec<String>), DocxError> {
    let xml = ZipReader::new(input)?.read_text("word/document.xml")?;
    let root = super::xml::parse(&xml)?;
    let mut warnings = Vec::new();
    let mut tables = Vec::new();
    root.descendants("tbl", &mut tables);
    for table in tables {
        let rows: Vec<Vec<String>> = table
            .children_named("tr")
            .map(|tr| tr.children_named("tc").map(cell_text).collect())
            .collect();
        let Some(header) = rows.first() else { continue };
        let column = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let (Some(id), Some(arabic), Some(english)) =
            (column("id"), column("arabic"), column("english"))
        else {
            continue;
        };
        let (status, comment) = (column("status"), column("comment"));
        let cell = |row: &[String], i: Option<usize>| i.and_then(|i| row.get(i).cloned());
        let units = rows[1..]
            .iter()
            .filter(|row| cell(row, Some(id)).is_some_and(|k| !k.trim().is_empty()))
            .map(|row| {
                let target = cell(row, Some(english));
                let has_text = target.as_deref().is_some_and(|t| !t.trim().is_empty());
                let key = cell(row, Some(id)).unwrap_or_default().trim().to_string();
                let status_text = cell(row, status).unwrap_or_default();
                let parsed = parse_status(&status_text);
                if has_text && parsed.is_none() && !status_text.trim().is_empty() {
                    warnings.push(format!(
                        "segment {key}: unknown status `{}` (expected {}); status not imported",
                        status_text.trim(),
                        Status::ALL.map(|s| s.label()).join(", ")
                    ));
                }
                ImportedSegment {
                    key,
                    source: cell(row, Some(arabic)).unwrap_or_default(),
                    target,
                    status: if has_text {
                        parsed
                    } else {
                        Some(Status::Untranslated)
                    },
                    note: cell(row, comment),
                }
            })
            .collect();
        return Ok((units, warnings));
    }
    Err(DocxError::NoTable)
}
