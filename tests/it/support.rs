//! Shared helpers for the export, import and QA tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use tarjuman::document::{Document, Status};

pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/biden-putin-ransomware.ar.txt"
);
pub const SEED_EN: &str = include_str!("../data/seed_en.tsv");

/// The seed article with its English, statuses of every kind and a few notes.
pub fn seed_document() -> Document {
    let source = std::fs::read_to_string(SEED).unwrap();
    let mut doc = Document::from_source(source, Some(PathBuf::from(SEED)));
    // One line per sentence, in order: paragraph, Arabic opening, English.
    for (id, line) in SEED_EN.lines().enumerate() {
        let mut fields = line.splitn(3, '\t');
        let (Some(_), Some(ar), Some(en)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        assert!(
            doc.source_of(id).starts_with(ar),
            "line {id} of seed_en.tsv"
        );
        if let Some(segment) = doc.segments.get_mut(id) {
            segment.en = en.to_string();
            segment.status = Status::ALL[1 + id % 3];
        }
    }
    doc.segments[1].note = "check the date".into();
    doc.segments[3].en.clear();
    doc.segments[3].status = Status::Untranslated;
    doc
}

/// Text that must come out escaped in every format.
pub const NASTY_AR: &str =
    "قال <b>المسؤول</b> & أضاف \"نعم\" 'لا' ]]> \u{1}\u{b} <script>alert(1)</script> انتهى.";
pub const NASTY_EN: &str =
    "He said <b>yes</b> & \"no\" 'maybe' ]]> \u{1}\u{b} <script>alert(1)</script> end.";

/// A document whose only segment holds [`NASTY_AR`] / [`NASTY_EN`].
pub fn nasty_document() -> Document {
    let mut doc = Document::from_source(NASTY_AR.to_string(), None);
    assert_eq!(doc.segments.len(), 1, "{:?}", doc.segments);
    doc.segments[0].en = NASTY_EN.to_string();
    doc.segments[0].status = Status::Translated;
    doc.segments[0].note = "note <i>&</i> ]]>".to_string();
    doc
}

/// Whether an external tool can be used; when it cannot, prints why and
/// returns false, unless TARJUMAN_REQUIRE_TOOLS=1, when it panics.
pub fn have_tool(what: &str, probe: &mut Command) -> bool {
    let ok = probe.output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        if std::env::var("TARJUMAN_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{what} is required (TARJUMAN_REQUIRE_TOOLS=1) but not available");
        }
        eprintln!(
            "SKIPPED: {what} is not available (set TARJUMAN_REQUIRE_TOOLS=1 to make this fail)"
        );
    }
    ok
}

pub fn python_module(module: &str) -> bool {
    have_tool(
        &format!("python3 module {module}"),
        Command::new("python3").args(["-c", &format!("import {module}")]),
    )
}

/// Runs python3 with a script and arguments; returns stdout, panics with
/// stderr on failure.
pub fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The parts of a zip, by name.
pub fn zip_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A zip with the same parts, `edit` applied to word/document.xml.
pub fn edit_docx(bytes: &[u8], edit: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in zip_parts(bytes) {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        if name == "word/document.xml" {
            out.write_all(edit(String::from_utf8(data).unwrap()).as_bytes())
                .unwrap();
        } else {
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}
