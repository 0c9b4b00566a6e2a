//! Exports and re-import: round trips, escaping, and real third-party
//! parsers reading what we write (skipped with a notice when the tool is
//! missing, failing instead when TARJUMAN_REQUIRE_TOOLS=1).

use std::path::{Path, PathBuf};
use std::process::Command;

use tarjuman::document::{Document, Status};
use tarjuman::formats::import::{ImportFormat, plan, read};
use tarjuman::formats::{Format, export, xml};
use tarjuman::glossary::Glossary;

use crate::support::*;
use crate::{tarjuman, temp_dir};

fn exported(doc: &Document, format: Format) -> Vec<u8> {
    export(doc, &Glossary::builtin(), format).unwrap()
}

fn text(doc: &Document, format: Format) -> String {
    String::from_utf8(exported(doc, format)).unwrap()
}

/// Inserts `insert` right after the first `after` that follows `anchor`.
fn insert_after(text: &mut String, anchor: &str, after: &str, insert: &str) {
    let a = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor:?} not found"));
    let b = a + text[a..].find(after).unwrap() + after.len();
    text.insert_str(b, insert);
}

/// Sets the value of the first `attr="…"` after `anchor`.
fn set_attr_after(text: &mut String, anchor: &str, attr: &str, value: &str) {
    let a = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor:?} not found"));
    let key = format!(" {attr}=\"");
    let b = a + text[a..].find(&key).unwrap() + key.len();
    let c = b + text[b..].find('"').unwrap();
    text.replace_range(b..c, value);
}

fn replace_once(text: &mut String, from: &str, to: &str) {
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not found"));
    text.replace_range(at..at + from.len(), to);
}

// ---------------------------------------------------------------- round trips

#[test]
fn xliff20_round_trip_applies_edits_and_reports_changed_sources() {
    let original = seed_document();
    let mut file = text(&original, Format::Xliff20);
    // Segment 1: new English, reviewed.
    replace_once(
        &mut file,
        &original.segments[0].en,
        "Edited &amp; &lt;reviewed&gt; one",
    );
    set_attr_after(&mut file, "<segment id=\"1\"", "state", "reviewed");
    // Segment 4 was untranslated: the reviewer translates it.
    assert!(file.contains("<segment id=\"4\" state=\"initial\""));
    set_attr_after(&mut file, "<segment id=\"4\"", "state", "translated");
    insert_after(
        &mut file,
        "<segment id=\"4\"",
        "</source>",
        "<target>Fresh English</target>",
    );
    // Segment 6: the Arabic changed in the file; its edit must not apply.
    let ar6 = original.source_of(5).to_string();
    replace_once(&mut file, &xml::escape(&ar6), "نص عربي آخر");
    replace_once(
        &mut file,
        &xml::escape(&original.segments[5].en),
        "Must not apply",
    );

    let (format, units) = read(file.as_bytes()).unwrap();
    assert_eq!(format, ImportFormat::Xliff20);
    assert_eq!(units.len(), original.segments.len());
    let summary = plan(&original, format, &units);
    assert_eq!(summary.changes.len(), 2, "{summary}");
    assert_eq!(summary.source_mismatches.len(), 1);
    assert_eq!(summary.source_mismatches[0].segment_id, 5);
    let mut doc = original.clone();
    summary.apply(&mut doc);
    assert_eq!(doc.segments[0].en, "Edited & <reviewed> one");
    assert_eq!(doc.segments[0].status, Status::Reviewed);
    assert_eq!(doc.segments[3].en, "Fresh English");
    assert_eq!(doc.segments[3].status, Status::Translated);
    assert_eq!(doc.segments[5], original.segments[5]);
    assert_eq!(doc.segments[1].note, "check the date");
    summary.revert(&mut doc);
    assert_eq!(doc, original);
    let shown = summary.to_string();
    assert!(shown.contains("2 segments changed"), "{shown}");
    assert!(shown.contains("Arabic no longer matches: 6"), "{shown}");
}

#[test]
fn xliff20_unchanged_file_changes_nothing_and_keeps_every_status() {
    let doc = seed_document();
    let file = exported(&doc, Format::Xliff20);
    let (format, units) = read(&file).unwrap();
    let summary = plan(&doc, format, &units);
    assert!(summary.is_empty(), "{summary}");
    assert_eq!(
        summary.unchanged + summary.without_english,
        doc.segments.len()
    );
    // Statuses survive: draft, translated, reviewed all appear.
    for s in [Status::Draft, Status::Translated, Status::Reviewed] {
        assert!(doc.segments.iter().any(|x| x.status == s));
    }
}

#[test]
fn xliff12_round_trip_applies_edits_and_reports_changed_sources() {
    let original = seed_document();
    let mut file = text(&original, Format::Xliff12);
    replace_once(&mut file, &original.segments[0].en, "Edited one");
    set_attr_after(&mut file, "<trans-unit id=\"1\"", "state", "signed-off");
    // Segment 2 goes back to needing work; its note changes.
    set_attr_after(
        &mut file,
        "<trans-unit id=\"2\"",
        "state",
        "needs-translation",
    );
    replace_once(&mut file, "check the date", "date checked");
    replace_once(
        &mut file,
        &xml::escape(original.source_of(6)),
        "نص عربي آخر",
    );
    replace_once(
        &mut file,
        &xml::escape(&original.segments[6].en),
        "Must not apply",
    );

    let (format, units) = read(file.as_bytes()).unwrap();
    assert_eq!(format, ImportFormat::Xliff12);
    let summary = plan(&original, format, &units);
    let mut doc = original.clone();
    summary.apply(&mut doc);
    assert_eq!(doc.segments[0].en, "Edited one");
    assert_eq!(doc.segments[0].status, Status::Reviewed);
    assert_eq!(doc.segments[1].note, "date checked");
    assert_eq!(doc.segments[1].status, Status::Draft);
    assert_eq!(doc.segments[6], original.segments[6]);
    assert_eq!(summary.source_mismatches.len(), 1);
    assert_eq!(summary.changes.len(), 2, "{summary}");
}

#[test]
fn docx_review_table_round_trip_by_id_column() {
    let original = seed_document();
    let bytes = exported(&original, Format::Docx);
    let en2 = original.segments[2].en.clone();
    let en4 = original.segments[4].en.clone();
    let ar7 = original.source_of(7).to_string();
    let edited = edit_docx(&bytes, |mut xml| {
        // Word splits runs and inserts proofing marks; a tracked deletion stays out.
        let (a, b) = en4.split_at(en4.find(' ').unwrap());
        replace_once(
            &mut xml,
            &format!(">{en4}<"),
            &format!(
                ">{a}</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:t xml:space=\"preserve\">{b} (revised)</w:t></w:r><w:del w:id=\"1\" w:author=\"R\"><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t><"
            ),
        );
        replace_once(&mut xml, &format!(">{en2}<"), ">Reviewer text<");
        // Its status cell: the first status after the English.
        let at = xml.find(">Reviewer text<").unwrap();
        let status_at = at
            + ["draft", "translated", "reviewed"]
                .iter()
                .filter_map(|s| xml[at..].find(&format!(">{s}<")))
                .min()
                .unwrap();
        let end = status_at + xml[status_at..].find('<').unwrap();
        xml.replace_range(status_at..end, ">Draft");
        replace_once(&mut xml, ">check the date<", ">date checked<");
        replace_once(&mut xml, &ar7, "نص عربي آخر");
        xml
    });
    let (format, units) = read(&edited).unwrap();
    assert_eq!(format, ImportFormat::DocxReviewTable);
    assert_eq!(units.len(), original.segments.len());
    let summary = plan(&original, format, &units);
    let mut doc = original.clone();
    summary.apply(&mut doc);
    assert_eq!(doc.segments[2].en, "Reviewer text");
    assert_eq!(original.segments[2].status, Status::Reviewed);
    assert_eq!(doc.segments[2].status, Status::Draft);
    assert_eq!(doc.segments[4].en, format!("{en4} (revised)"));
    assert_eq!(doc.segments[1].note, "date checked");
    assert_eq!(summary.source_mismatches.len(), 1);
    assert_eq!(summary.source_mismatches[0].segment_id, 7);
    assert_eq!(summary.changes.len(), 3, "{summary}");
}

// ---------------------------------------------------------------- escaping

#[test]
fn text_with_markup_quotes_and_control_characters_is_escaped_in_every_format() {
    let doc = nasty_document();
    for format in Format::ALL {
        let bytes = exported(&doc, format);
        match format {
            Format::Xliff20 | Format::Xliff12 | Format::Tmx => {
                let s = String::from_utf8(bytes).unwrap();
                assert_escaped_xml(&s, format);
            }
            Format::Docx | Format::DocxEnglish => {
                for (name, data) in zip_parts(&bytes) {
                    if name.ends_with(".xml") || name.ends_with(".rels") {
                        assert_escaped_xml(&String::from_utf8(data).unwrap(), format);
                    }
                }
            }
            Format::Html => {
                let s = String::from_utf8(bytes).unwrap();
                let lower = s.to_lowercase();
                assert!(!lower.contains("<script"), "html has a script element");
                assert!(!lower.contains("<b>") && !lower.contains("<i>"));
                assert!(s.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
                assert!(!s.contains('\u{1}') && !s.contains('\u{b}'));
            }
            Format::Csv | Format::Tsv => {
                let delimiter = if format == Format::Csv { b',' } else { b'\t' };
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .from_reader(bytes.as_slice());
                let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
                assert_eq!(rows.len(), 1);
                assert_eq!(&rows[0][1], doc.source_of(0));
                assert_eq!(&rows[0][2], NASTY_EN);
            }
            Format::Text => {
                assert_eq!(String::from_utf8(bytes).unwrap().trim_end(), NASTY_EN);
            }
        }
    }
}

fn assert_escaped_xml(s: &str, format: Format) {
    let root = xml::parse(s).unwrap_or_else(|e| panic!("{format:?}: {e}\n{s}"));
    assert!(!root.name.is_empty());
    assert!(!s.contains("<script"), "{format:?}: raw <script");
    assert!(
        !s.contains("<b>") && !s.contains("<i>"),
        "{format:?}: raw markup"
    );
    assert!(!s.contains("]]>"), "{format:?}: raw ]]>");
    assert!(
        !s.contains('\u{1}') && !s.contains('\u{b}'),
        "{format:?}: control character"
    );
}

#[test]
fn xliff20_carries_control_characters_as_cp_and_reimports_unchanged() {
    let doc = nasty_document();
    for format in [Format::Xliff20, Format::Xliff12] {
        let file = exported(&doc, format);
        if format == Format::Xliff20 {
            assert!(String::from_utf8_lossy(&file).contains("<cp hex=\"0001\"/>"));
        }
        let (f, units) = read(&file).unwrap();
        let summary = plan(&doc, f, &units);
        assert!(
            summary.source_mismatches.is_empty(),
            "{format:?}: {summary}"
        );
        assert!(summary.is_empty(), "{format:?}: {summary}");
        if format == Format::Xliff20 {
            assert_eq!(units[0].target.as_deref(), Some(NASTY_EN));
            assert_eq!(units[0].source, doc.source_of(0));
        }
    }
}

// ---------------------------------------------------------------- HTML, TMX, text

#[test]
fn html_is_self_contained_bilingual_marked_and_printable() {
    let doc = seed_document();
    let html = text(&doc, Format::Html);
    assert!(html.contains("dir=\"rtl\" lang=\"ar\""));
    assert!(html.contains("dir=\"ltr\" lang=\"en\""));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("@font-face"));
    use base64::Engine as _;
    let font =
        base64::engine::general_purpose::STANDARD.encode(tarjuman::formats::html::ARABIC_FONT);
    assert!(html.contains(&font), "the font is embedded");
    assert!(html.contains("<mark class=\"term\" title=\"ransomware\">"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched"
    );
    assert!(!html.to_lowercase().contains("<script"));
    assert_eq!(html.matches("<tr id=\"s").count(), doc.segments.len());
}

#[test]
fn tmx_has_one_tu_per_finished_segment_and_every_required_header_attribute() {
    let doc = seed_document();
    let tmx = text(&doc, Format::Tmx);
    let root = xml::parse(&tmx).unwrap();
    assert_eq!(root.attr("version"), Some("1.4"));
    let header = root.child("header").unwrap();
    for a in [
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ] {
        assert!(
            header.attr(a).is_some_and(|v| !v.is_empty()),
            "header lacks {a}"
        );
    }
    let done = doc
        .segments
        .iter()
        .filter(|s| s.status.is_done() && !s.en.is_empty())
        .count();
    assert!(done > 0 && done < doc.segments.len());
    assert_eq!(
        root.child("body").unwrap().children_named("tu").count(),
        done
    );
}

#[test]
fn english_text_keeps_the_source_paragraphs() {
    let doc = seed_document();
    let mut paragraphs: Vec<usize> = doc
        .segments
        .iter()
        .filter(|s| !s.en.is_empty())
        .map(|s| s.paragraph)
        .collect();
    paragraphs.dedup();
    let paragraphs = paragraphs.len();
    let txt = text(&doc, Format::Text);
    assert_eq!(txt.trim_end().split("\n\n").count(), paragraphs);
    assert!(!txt.chars().any(tarjuman_is_arabic));
}

fn tarjuman_is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

// ---------------------------------------------------------------- real parsers

fn write_all_xml(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (tag, doc) in [("seed", seed_document()), ("nasty", nasty_document())] {
        for format in Format::ALL {
            let bytes = exported(&doc, format);
            match format {
                Format::Xliff20 | Format::Xliff12 | Format::Tmx => {
                    let p = dir.join(format!("{tag}.{}.{}", format.name(), format.extension()));
                    std::fs::write(&p, bytes).unwrap();
                    files.push(p);
                }
                Format::Docx | Format::DocxEnglish => {
                    for (name, data) in zip_parts(&bytes) {
                        let p = dir.join(format!(
                            "{tag}.{}.{}",
                            format.name(),
                            name.replace('/', "_")
                        ));
                        std::fs::write(&p, data).unwrap();
                        files.push(p);
                    }
                }
                _ => {}
            }
        }
    }
    files
}

#[test]
fn xmllint_finds_every_xml_file_well_formed() {
    if !have_tool(
        "xmllint (Debian libxml2-utils)",
        Command::new("xmllint").arg("--version"),
    ) {
        return;
    }
    let dir = temp_dir("xmllint");
    let files = write_all_xml(&dir);
    assert!(files.len() >= 20);
    let out = Command::new("xmllint")
        .arg("--noout")
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

const TOOLKIT_SCRIPT: &str = r#"
import json, sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
print(json.dumps([[u.getid(), str(u.source), str(u.target or "")] for u in units], ensure_ascii=False))
"#;

#[test]
fn translate_toolkit_reads_every_unit_of_our_xliff12_and_tmx() {
    if !python_module("translate.storage.factory") {
        return;
    }
    let dir = temp_dir("toolkit");
    let doc = seed_document();
    for format in [Format::Xliff12, Format::Tmx] {
        let path = dir.join(format!("seed.{}", format.extension()));
        std::fs::write(&path, exported(&doc, format)).unwrap();
        let units: Vec<(String, String, String)> =
            serde_json::from_str(&python(TOOLKIT_SCRIPT, &[&path])).unwrap();
        let expected: Vec<usize> = (0..doc.segments.len())
            .filter(|&i| {
                format == Format::Xliff12
                    || (doc.segments[i].status.is_done() && !doc.segments[i].en.is_empty())
            })
            .collect();
        assert_eq!(units.len(), expected.len(), "{format:?}");
        for ((_, source, target), &i) in units.iter().zip(&expected) {
            assert_eq!(source, doc.source_of(i), "{format:?} source of {i}");
            assert_eq!(target, &doc.segments[i].en, "{format:?} target of {i}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

const DOCX_SCRIPT: &str = r#"
import json, sys, docx
from docx.oxml.ns import qn
def on(el, tag):
    if el is None: return False
    x = el.find(qn(tag))
    return x is not None and x.get(qn('w:val')) in (None, '1', 'true', 'on')
d = docx.Document(sys.argv[1])
rows = []
for r in d.tables[0].rows:
    cells = []
    for c in r.cells:
        ps = c.paragraphs
        cells.append({
            "text": c.text,
            "bidi": [on(p._p.pPr, 'w:bidi') for p in ps],
            "rtl": [on(run._r.rPr, 'w:rtl') for p in ps for run in p.runs],
            "lang_bidi": [run._r.rPr.find(qn('w:lang')).get(qn('w:bidi')) if run._r.rPr is not None and run._r.rPr.find(qn('w:lang')) is not None else None for p in ps for run in p.runs],
        })
    rows.append(cells)
print(json.dumps(rows, ensure_ascii=False))
"#;

#[test]
fn python_docx_reads_the_review_table_cell_by_cell_with_rtl_arabic_only() {
    if !python_module("docx") {
        return;
    }
    let dir = temp_dir("python-docx");
    let doc = seed_document();
    let path = dir.join("review.docx");
    std::fs::write(&path, exported(&doc, Format::Docx)).unwrap();
    let rows: Vec<Vec<serde_json::Value>> =
        serde_json::from_str(&python(DOCX_SCRIPT, &[&path])).unwrap();
    assert_eq!(rows.len(), doc.segments.len() + 1);
    let header: Vec<&str> = rows[0]
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(header, ["id", "Arabic", "English", "status", "comment"]);
    for (i, row) in rows[1..].iter().enumerate() {
        let s = &doc.segments[i];
        let texts: Vec<&str> = row.iter().map(|c| c["text"].as_str().unwrap()).collect();
        assert_eq!(
            texts,
            [
                (s.id + 1).to_string().as_str(),
                doc.source_of(i),
                s.en.as_str(),
                s.status.label(),
                s.note.as_str()
            ]
        );
        let ar = &row[1];
        assert!(
            ar["bidi"].as_array().unwrap().iter().all(|b| b == true),
            "row {i}: {ar}"
        );
        assert!(
            ar["rtl"].as_array().unwrap().iter().all(|b| b == true),
            "row {i}: {ar}"
        );
        assert!(
            ar["lang_bidi"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b == "ar-SA"),
            "row {i}: {ar}"
        );
        for c in [&row[0], &row[2], &row[3], &row[4]] {
            assert!(
                c["bidi"].as_array().unwrap().iter().all(|b| b == false),
                "row {i}: {c}"
            );
            assert!(
                c["rtl"].as_array().unwrap().iter().all(|b| b == false),
                "row {i}: {c}"
            );
        }
    }
    // The English-only document: its paragraphs, none right-to-left.
    let path = dir.join("english.docx");
    std::fs::write(&path, exported(&doc, Format::DocxEnglish)).unwrap();
    let script = "import json, sys, docx\nd = docx.Document(sys.argv[1])\nprint(json.dumps([p.text for p in d.paragraphs], ensure_ascii=False))";
    let paragraphs: Vec<String> = serde_json::from_str(&python(script, &[&path])).unwrap();
    assert_eq!(
        paragraphs,
        tarjuman::formats::english_paragraphs(&doc, tarjuman::formats::Untranslated::LeaveOut)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn libreoffice_converts_both_docx_exports_to_pdf() {
    if !have_tool(
        "LibreOffice (Debian libreoffice-writer-nogui)",
        Command::new("soffice").arg("--version"),
    ) {
        return;
    }
    let dir = temp_dir("libreoffice");
    let doc = seed_document();
    let mut inputs = Vec::new();
    for (name, format) in [
        ("review.docx", Format::Docx),
        ("english.docx", Format::DocxEnglish),
        ("nasty.docx", Format::Docx),
    ] {
        let d = if name == "nasty.docx" {
            nasty_document()
        } else {
            doc.clone()
        };
        let path = dir.join(name);
        std::fs::write(&path, exported(&d, format)).unwrap();
        inputs.push(path);
    }
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .args(&inputs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for input in &inputs {
        let pdf = std::fs::read(input.with_extension("pdf")).unwrap_or_else(|e| {
            panic!(
                "{}: no PDF ({e}); soffice said {}",
                input.display(),
                String::from_utf8_lossy(&out.stdout)
            )
        });
        assert!(pdf.starts_with(b"%PDF") && pdf.len() > 1000);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------- command line

#[test]
fn cli_exports_every_format_from_a_plain_arabic_text() {
    let dir = temp_dir("cli-export");
    for format in Format::ALL {
        let out = dir.join(format!("out.{}.{}", format.name(), format.extension()));
        let o = tarjuman(
            &[
                "export",
                SEED,
                "--format",
                format.name(),
                "-o",
                out.to_str().unwrap(),
            ],
            &dir,
        );
        assert!(
            o.status.success(),
            "{format:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(std::fs::metadata(&out).unwrap().len() > 0, "{format:?}");
    }
    // No temporary files left behind by the atomic writes.
    assert!(
        std::fs::read_dir(&dir).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
    let o = tarjuman(&["export", SEED, "--format", "pdf", "-o", "x"], &dir);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("xliff12"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_import_dry_run_prints_the_summary() {
    let dir = temp_dir("cli-import");
    let source = std::fs::read_to_string(SEED).unwrap();
    let mut doc = Document::from_source(source, None);
    doc.segments[0].en = "Biden urged Putin.".into();
    doc.segments[0].status = Status::Translated;
    let file = dir.join("reviewed.xlf");
    std::fs::write(&file, exported(&doc, Format::Xliff20)).unwrap();
    let o = tarjuman(&["import", SEED, file.to_str().unwrap(), "--dry-run"], &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("XLIFF 2.0: 22 units read, 1 segment changed"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_qa_json_lists_issues_with_segment_check_and_words() {
    let dir = temp_dir("cli-qa");
    let report = dir.join("qa.csv");
    let o = tarjuman(
        &["qa", SEED, "--json", "--report", report.to_str().unwrap()],
        &dir,
    );
    assert!(!o.status.success(), "untranslated segments are open issues");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 22);
    assert!(issues.iter().all(|i| i["check"] == "untranslated"
        && i["segment_id"].is_u64()
        && i["words"].is_string()));
    assert!(std::fs::read_to_string(&report).unwrap().lines().count() == 23);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_import_writes_the_project_and_export_reads_it() {
    let dir = temp_dir("cli-project");
    let project = dir.join("seed.tarjuman.toml");
    let mut doc = seed_document();
    doc.source_path = None;
    let saved = tarjuman::project::save(&doc, &project).unwrap();
    assert_eq!(saved.backup_warning, None);
    let mut reviewed = doc.clone();
    reviewed.segments[0].en = "Reviewed opening sentence.".into();
    reviewed.segments[0].status = Status::Reviewed;
    let file = dir.join("reviewed.xlf");
    std::fs::write(&file, exported(&reviewed, Format::Xliff12)).unwrap();
    let o = tarjuman(
        &["import", project.to_str().unwrap(), file.to_str().unwrap()],
        &dir,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 segment changed"));
    let saved = tarjuman::project::load(&project).unwrap();
    assert_eq!(saved.segments[0].en, "Reviewed opening sentence.");
    assert_eq!(saved.segments[0].status, Status::Reviewed);
    assert_eq!(saved.segments[1..], doc.segments[1..]);
    let out = dir.join("out.tmx");
    let o = tarjuman(
        &[
            "export",
            project.to_str().unwrap(),
            "-f",
            "tmx",
            "-o",
            out.to_str().unwrap(),
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Reviewed opening sentence.")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
