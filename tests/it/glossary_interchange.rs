//! Glossary interchange and saving, end to end: round trips of the shipped
//! glossary, minimal diffs, third-party parsers reading what we write, and
//! bad input refused with its place and nothing changed.
//!
//! Tests that need python3 with translate-toolkit or xmllint are skipped
//! with a notice when the tool is missing, and fail instead when
//! TARJUMAN_REQUIRE_TOOLS=1 (as in CI).

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use tarjuman::glossary::edit::{EditCommand, GlossaryEditor};
use tarjuman::glossary::interchange::Format;
use tarjuman::glossary::{Glossary, TermStatus};

use crate::{tarjuman, temp_dir, text};

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/glossary.toml");

/// The shipped glossary with every optional field used somewhere.
fn enriched() -> Glossary {
    let mut g = Glossary::builtin();
    g.terms[0].status = TermStatus::Admitted;
    g.terms[1].status = TermStatus::Deprecated;
    g.terms[2].status = TermStatus::Forbidden;
    g.terms[3].definition = "Malicious software that copies itself into other programs.".into();
    g.terms[4].definition = "برمجية تنتشر بين الأجهزة".into();
    g.terms[5].source = "https://example.org/glossary?term=trojan&lang=en".into();
    g.terms[6].forbidden_en = vec!["spy software".into(), "a | b".into()];
    g.terms[7].note = "Two lines,\nwith \"quotes\" & <angle> brackets".into();
    g.terms[8].ar_exclude = vec!["الشيفرة <x>".into(), "a | b".into()];
    g.terms[8].gender_inflects = Some(false);
    g.terms[9].gender_inflects = Some(true);
    g
}

#[test]
fn tbx_and_csv_round_trips_preserve_every_field() {
    for g in [Glossary::builtin(), enriched()] {
        for format in [Format::Tbx, Format::Tbx2008, Format::Csv] {
            let written = format.write(&g);
            let read = format
                .read(written.as_bytes(), "mem")
                .unwrap_or_else(|e| panic!("{format:?}: {e}"));
            let back = Glossary {
                terms: read.terms.into_iter().map(|t| t.term).collect(),
                ..g.clone()
            };
            assert_eq!(back.terms.len(), g.terms.len());
            for (a, b) in back.terms.iter().zip(&g.terms) {
                assert_eq!(a, b, "{format:?}");
            }
            // And back to a glossary.toml that loads to the same glossary.
            assert_eq!(Glossary::parse(&back.to_toml(), "x").unwrap(), g);
        }
    }
}

#[test]
fn cli_export_then_import_rebuilds_the_shipped_glossary() {
    let dir = temp_dir("cli-round");
    let shipped = Glossary::load(Path::new(SHIPPED)).unwrap();
    for (format, file) in [("tbx", "g.tbx"), ("csv", "g.csv")] {
        let o = tarjuman(
            &[
                "glossary", "export", "--format", format, "-o", file, SHIPPED,
            ],
            &dir,
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let into = format!("{format}.toml");
        let o = tarjuman(
            &[
                "glossary", "import", "--format", format, "--into", &into, file,
            ],
            &dir,
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let n = shipped.terms.len();
        assert!(
            text(&o.stdout).contains(&format!("{n} new, 0 identical, 0 conflicting")),
            "{}",
            text(&o.stdout)
        );
        let rebuilt = Glossary::load(&dir.join(&into)).unwrap();
        assert_eq!(rebuilt.terms, shipped.terms, "{format}");
        // Importing the same file again changes nothing.
        let before = std::fs::read(dir.join(&into)).unwrap();
        let o = tarjuman(
            &[
                "glossary", "import", "--format", format, "--into", &into, file,
            ],
            &dir,
        );
        assert!(
            text(&o.stdout).contains(&format!("0 new, {n} identical, 0 conflicting")),
            "{}",
            text(&o.stdout)
        );
        assert_eq!(std::fs::read(dir.join(&into)).unwrap(), before);
    }
    // Standard output when no -o.
    let o = tarjuman(&["glossary", "export", "--format", "tsv", SHIPPED], &dir);
    assert!(o.status.success());
    assert_eq!(text(&o.stdout).lines().count(), shipped.terms.len() + 1);
}

#[test]
fn saving_after_editing_one_term_changes_only_its_lines() {
    let dir = temp_dir("minimal-diff");
    let path = dir.join("glossary.toml");
    std::fs::copy(SHIPPED, &path).unwrap();
    let original = std::fs::read_to_string(&path).unwrap();
    let mut editor = GlossaryEditor::open(&path).unwrap();
    let index = editor
        .glossary()
        .terms
        .iter()
        .position(|t| t.ar == "قرصنة")
        .unwrap();
    let id = editor.id_at(index).unwrap();
    let mut term = editor.get(id).unwrap().clone();
    term.en = "hacking (cyber)".into();
    term.forbidden_en = vec!["hijacking".into()];
    editor.apply(EditCommand::Update { id, term }).unwrap();
    editor.save(false).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    let old: Vec<&str> = original.lines().collect();
    let new: Vec<&str> = saved.lines().collect();
    assert_eq!(new.len(), old.len() + 1, "one line added");
    let first = old.iter().zip(&new).position(|(a, b)| a != b).unwrap();
    assert_eq!(old[first], "en = \"hacking\"");
    assert_eq!(new[first], "en = \"hacking (cyber)\"");
    // The new key goes after the keys that precede it, before `domain`.
    let rest_old = &old[first + 1..];
    let rest_new = &new[first + 1..];
    let inserted = rest_old
        .iter()
        .zip(rest_new)
        .position(|(a, b)| a != b)
        .unwrap();
    assert_eq!(rest_new[inserted], "forbidden_en = [\"hijacking\"]");
    assert_eq!(rest_new[inserted + 1..], rest_old[inserted..]);
    assert_eq!(new[..first], old[..first]);
    // Comments survive (all of them: every line of the old file is still there).
    let comments = |lines: &[&str]| lines.iter().filter(|l| l.starts_with('#')).count();
    assert_eq!(comments(&new), comments(&old));
    assert!(Glossary::load(&path).is_ok());
}

#[test]
fn import_lists_conflicts_and_changes_them_only_with_overwrite() {
    let dir = temp_dir("conflicts");
    std::fs::copy(SHIPPED, dir.join("glossary.toml")).unwrap();
    std::fs::write(
        dir.join("in.txt"),
        "# OmegaT glossary\nقرصنة\tpiracy\tat sea\nعقوبات ذكية\tsmart sanctions\nهجوم\tattack\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(dir.join("glossary.toml")).unwrap();
    let o = tarjuman(&["glossary", "import", "--format", "tsv", "in.txt"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("in.txt:2: line 2 (قرصنة): conflicts with قرصنة → hacking"),
        "{out}"
    );
    assert!(
        out.contains("1 new, 1 identical, 1 conflicting (0 replaced)"),
        "{out}"
    );
    let after = std::fs::read_to_string(dir.join("glossary.toml")).unwrap();
    assert!(after.starts_with(&before), "existing text untouched");
    assert!(after.ends_with("\n[[term]]\nar = \"عقوبات ذكية\"\nen = \"smart sanctions\"\n"));

    let o = tarjuman(
        &[
            "glossary",
            "import",
            "--format",
            "tsv",
            "--overwrite",
            "in.txt",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let g = Glossary::load(&dir.join("glossary.toml")).unwrap();
    let piracy = g.terms.iter().find(|t| t.ar == "قرصنة").unwrap();
    assert_eq!(piracy.en, "piracy");
    assert!(piracy.note.contains("at sea"));
    assert!(!piracy.ar_variants.is_empty() || piracy.domain == "cybersecurity");
}

/// Imports `content` as `name` into a copy of the shipped glossary and
/// checks that it fails with `needles` on stderr and leaves the glossary alone.
fn refused(format: &str, name: &str, content: &[u8], needles: &[&str]) {
    let dir = temp_dir(&format!("bad-{name}"));
    std::fs::copy(SHIPPED, dir.join("glossary.toml")).unwrap();
    std::fs::write(dir.join(name), content).unwrap();
    let o = tarjuman(&["glossary", "import", "--format", format, name], &dir);
    let err = text(&o.stderr);
    assert!(!o.status.success(), "{name} accepted: {}", text(&o.stdout));
    assert!(!err.contains("panicked"), "{err}");
    for needle in needles {
        assert!(
            err.contains(needle),
            "{name}: stderr lacks {needle:?}:\n{err}"
        );
    }
    assert_eq!(
        std::fs::read(dir.join("glossary.toml")).unwrap(),
        std::fs::read(SHIPPED).unwrap(),
        "{name} changed the glossary"
    );
}

#[test]
fn bad_input_is_reported_with_file_line_and_entry_and_changes_nothing() {
    refused(
        "tbx",
        "malformed.tbx",
        b"<?xml version=\"1.0\"?>\n<tbx>\n<text><body>\n<conceptEntry id=\"a\">\n</body>\n</text></tbx>\n",
        &["malformed.tbx:5:", "malformed XML"],
    );
    refused(
        "tbx",
        "no-arabic.tbx",
        "<tbx><text><body>\n<conceptEntry id=\"c1\"><langSec xml:lang=\"en\"><termSec><term>summit</term></termSec></langSec></conceptEntry>\n</body></text></tbx>".as_bytes(),
        &["no-arabic.tbx:1:", "no Arabic side"],
    );
    refused(
        "tbx",
        "entry.tbx",
        "<tbx><text><body>\n<conceptEntry id=\"c1\"><langSec xml:lang=\"ar\"><termSec><term>قمة</term></termSec></langSec><langSec xml:lang=\"en\"><termSec><term>summit</term></termSec></langSec></conceptEntry>\n<conceptEntry id=\"c2\"><langSec xml:lang=\"ar\"><termSec><term>هجوم</term></termSec></langSec></conceptEntry>\n</body></text></tbx>".as_bytes(),
        &["entry.tbx:3: entry c2: no English"],
    );
    refused(
        "csv",
        "header.csv",
        b"arabic,english\nx,y\n",
        &["header.csv:1:", "wrong header"],
    );
    refused(
        "csv",
        "invalid-term.csv",
        "ar,en,domain\nقمة دولية,summit,diplomacy\nهجوم جديد,,cybersecurity\n".as_bytes(),
        &["invalid-term.csv:3: row 3 (هجوم جديد): `en` is empty"],
    );
    refused(
        "tsv",
        "latin1.txt",
        b"caf\xe9\tcoffee\n",
        &["latin1.txt:1:", "not valid UTF-8", "Latin-1"],
    );
    refused(
        "csv",
        "latin1.csv",
        b"ar,en\nx,caf\xe9\n",
        &["latin1.csv:2:", "not valid UTF-8"],
    );
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n <!ENTITY lol \"lol\">\n <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n]>\n<tbx><text><body><conceptEntry><langSec xml:lang=\"ar\"><termSec><term>&lol2;</term></termSec></langSec></conceptEntry></body></text></tbx>\n";
    refused(
        "tbx",
        "laughs.tbx",
        laughs.as_bytes(),
        &["laughs.tbx:2:", "declares entities"],
    );
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<tbx><text><body><conceptEntry><langSec xml:lang=\"ar\"><termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>\n";
    refused(
        "tbx",
        "external.tbx",
        external.as_bytes(),
        &["external.tbx:2:", "declares entities"],
    );
    // An entity used without any declaration is refused too, never looked up.
    refused(
        "tbx",
        "undeclared.tbx",
        b"<tbx>\n<text>&xxe;</text></tbx>",
        &["undeclared.tbx:2:", "undefined entity"],
    );
    refused(
        "tbx",
        "latin1-decl.tbx",
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<tbx/>",
        &["latin1-decl.tbx:1:", "ISO-8859-1"],
    );
}

/// Whether `program` can run; if not, skips (or fails under TARJUMAN_REQUIRE_TOOLS=1).
fn tool(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let required = std::env::var("TARJUMAN_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{program} {} is required (TARJUMAN_REQUIRE_TOOLS=1) but failed",
            probe.join(" ")
        );
        eprintln!(
            "SKIPPED: `{program} {}` unavailable; set TARJUMAN_REQUIRE_TOOLS=1 to make this a failure",
            probe.join(" ")
        );
    }
    ok
}

#[test]
fn xmllint_finds_our_tbx_well_formed() {
    if !tool("xmllint", &["--version"]) {
        return;
    }
    let dir = temp_dir("xmllint");
    for format in [Format::Tbx, Format::Tbx2008] {
        let path = dir.join("g.tbx");
        std::fs::write(&path, format.write(&enriched())).unwrap();
        let o = Command::new("xmllint")
            .args(["--noout", "--nonet"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(o.status.success(), "{format:?}: {}", text(&o.stderr));
        assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    }
}

/// Prints `[source, target]` of every unit translate-toolkit reads.
const TRANSLATE_TOOLKIT: &str = r#"
import json, sys
from translate.storage import csvl10n, factory
path, kind = sys.argv[1], sys.argv[2]
if kind == "csv":
    # Our header names ar/en; tell translate-toolkit which column is which.
    columns = ["source", "target", "ar_variants", "en_alternatives", "domain",
               "status", "developer_comments", "definition", "reference", "forbidden_en",
               "ar_exclude", "gender_inflects"]
    with open(path, "rb") as f:
        store = csvl10n.csvfile(f, fieldnames=columns)
else:
    store = factory.getobject(path)
units = [[str(u.source or ""), str(u.target or "")] for u in store.units if not u.isheader()]
print(json.dumps(units, ensure_ascii=False))
"#;

fn translate_toolkit_units(path: &Path, kind: &str) -> Vec<(String, String)> {
    let o = Command::new("python3")
        .args(["-c", TRANSLATE_TOOLKIT])
        .arg(path)
        .arg(kind)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let units: Vec<(String, String)> = serde_json::from_slice(&o.stdout).unwrap();
    units
}

#[test]
fn translate_toolkit_reads_every_term_of_our_tbx_and_csv() {
    if !tool(
        "python3",
        &[
            "-c",
            "import translate.storage.tbx, translate.storage.csvl10n",
        ],
    ) {
        return;
    }
    let g = enriched();
    let dir = temp_dir("translate-toolkit");
    // translate-toolkit reads the 2008 (martif) dialect, as OmegaT does.
    let tbx = dir.join("g.tbx");
    std::fs::write(&tbx, Format::Tbx2008.write(&g)).unwrap();
    let units = translate_toolkit_units(&tbx, "tbx");
    let expected: Vec<(String, String)> = g
        .terms
        .iter()
        .map(|t| (t.ar.clone(), t.en.clone()))
        .collect();
    assert_eq!(units, expected);

    let csv = dir.join("g.csv");
    std::fs::write(&csv, Format::Csv.write(&g)).unwrap();
    let units = translate_toolkit_units(&csv, "csv");
    // Without a header it knows, translate-toolkit reads our header as a row.
    assert_eq!(units[0], ("ar".to_string(), "en".to_string()));
    assert_eq!(units[1..], expected[..]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for format in [Format::Tbx, Format::Csv, Format::Tsv] {
            let _ = format.read(&bytes, "fuzz");
        }
    }

    #[test]
    fn readers_never_panic_on_near_valid_input(
        cut in 0usize..2000,
        noise in "[<>&;\"'|\t\n,#!\\[\\]a-zقمة ]{0,40}",
    ) {
        let g = enriched();
        for format in [Format::Tbx, Format::Tbx2008, Format::Csv, Format::Tsv] {
            let mut written = format.write(&g).into_bytes();
            written.truncate(cut.min(written.len()));
            written.extend_from_slice(noise.as_bytes());
            let _ = format.read(&written, "fuzz");
        }
    }
}

/// One Arabic twice in a file is a warning, as in glossary.toml: the import
/// goes on (both are new here, and both are added).
#[test]
fn a_file_with_one_arabic_twice_imports_with_a_warning() {
    let dir = temp_dir("dup-import");
    std::fs::write(
        dir.join("dup.csv"),
        "ar,en\nعقوبات ذكية,smart sanctions\nالعقوبات الذكية,targeted sanctions\n",
    )
    .unwrap();
    let o = tarjuman(
        &[
            "glossary", "import", "--format", "csv", "--into", "g.toml", "dup.csv",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("dup.csv:3: row 3 (العقوبات الذكية): warning: `العقوبات الذكية` duplicates row 2 (عقوبات ذكية) at line 2 after normalisation"),
        "{out}"
    );
    assert!(out.contains("2 new, 0 identical, 0 conflicting"), "{out}");
    let (g, warnings) = Glossary::load_with_warnings(&dir.join("g.toml")).unwrap();
    assert_eq!(g.terms.len(), 2);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}
