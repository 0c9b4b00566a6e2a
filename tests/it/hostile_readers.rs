//! Issue 10, the readers: hostile input never crashes, hangs or damages a file. Each
//! input is generated here, small on disk and in the repository.

use std::io::Write as _;

use tarjuman::formats::import::{read, read_from};
use tarjuman::formats::xml::MAX_DEPTH;

use crate::support::SEED;
use crate::{tarjuman, temp_dir};

const NS20: &str = "urn:oasis:names:tc:xliff:document:2.0";

fn xliff20(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff xmlns=\"{NS20}\" version=\"2.0\" srcLang=\"ar\" trgLang=\"en\">\n<file id=\"f\">\n{body}\n</file>\n</xliff>\n"
    )
}

fn read_error(bytes: &[u8]) -> String {
    match read(bytes) {
        Ok(r) => panic!("read: {r:?}"),
        Err(e) => e.to_string(),
    }
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        out.start_file(*name, options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn xliff_nested_200_000_levels_is_an_error_not_a_stack_overflow() {
    let depth = 200_000;
    let file = xliff20(&format!("{}{}", "<g>".repeat(depth), "</g>".repeat(depth)));
    assert!(file.len() > 1_400_000);
    let e = read_error(file.as_bytes());
    assert!(
        e.contains(&format!("nested deeper than {MAX_DEPTH}")),
        "{e}"
    );
    assert!(e.starts_with("line 4:"), "{e}");
}

#[test]
fn docx_nested_300_000_levels_is_an_error_not_a_stack_overflow() {
    let depth = 300_000;
    let document = format!(
        "<w:document xmlns:w=\"w\">{}{}</w:document>",
        "<w:p>".repeat(depth),
        "</w:p>".repeat(depth)
    );
    let docx = zip(&[("word/document.xml", document.as_bytes())]);
    assert!(docx.len() < 64_000, "{}", docx.len());
    let e = read_error(&docx);
    assert!(
        e.contains(&format!("nested deeper than {MAX_DEPTH}")),
        "{e}"
    );
}

#[test]
fn tbx_and_tmx_nested_deeply_are_errors() {
    let depth = 200_000;
    let tbx = format!("<tbx>{}{}</tbx>", "<x>".repeat(depth), "</x>".repeat(depth));
    let e = tarjuman::glossary::interchange::Format::Tbx
        .read(tbx.as_bytes(), "deep.tbx")
        .unwrap_err()
        .to_string();
    assert!(e.contains("nested deeper"), "{e}");
    let dir = temp_dir("deep-tmx");
    let tmx = dir.join("deep.tmx");
    std::fs::write(
        &tmx,
        format!("<tmx version=\"1.4\"><body>{}", "<tu>".repeat(depth)),
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tarjuman"))
        .args(["tm", "import", tmx.to_str().unwrap()])
        .current_dir(&dir)
        .env("TARJUMAN_DATA_DIR", dir.join("data"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("nested deeper"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_docx_entry_inflating_past_the_cap_is_refused_by_name() {
    use tarjuman::formats::docx::MAX_ZIP_ENTRY_BYTES;
    // Whitespace inside the body: well-formed, tiny when deflated.
    let mut document = b"<w:document xmlns:w=\"w\"><w:body>".to_vec();
    document.resize(document.len() + MAX_ZIP_ENTRY_BYTES as usize, b' ');
    document.extend_from_slice(b"</w:body></w:document>");
    let docx = zip(&[("word/document.xml", &document)]);
    drop(document);
    assert!(docx.len() < 1 << 20, "{}", docx.len());
    let e = read_error(&docx);
    assert!(
        e.contains("word/document.xml: inflates to more than 64 MiB"),
        "{e}"
    );
}

#[test]
fn a_docx_with_two_document_entries_is_an_error() {
    let body = b"<w:document xmlns:w=\"w\"><w:body/></w:document>";
    // zip refuses to write a name twice: write a look-alike and rename it.
    let mut docx = zip(&[("word/document.xml", body), ("word/document.xmX", body)]);
    let (from, to) = (b"word/document.xmX", b"word/document.xml");
    let mut i = 0;
    while i + from.len() <= docx.len() {
        if &docx[i..i + from.len()] == from {
            docx[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    let e = read_error(&docx);
    assert!(
        e.contains("word/document.xml") && e.contains("two entries"),
        "{e}"
    );
}

#[test]
fn xliff_that_is_not_well_formed_or_not_xliff_is_an_error_with_its_line() {
    let good = xliff20("<unit id=\"u1\"><segment id=\"1\"><source>قمة</source></segment></unit>");
    assert!(read(good.as_bytes()).is_ok());
    let cases: Vec<(String, &str)> = vec![
        (format!("junk{good}"), "line 1:"),
        (
            format!("\n\njunk\n{}", &good[good.find('\n').unwrap()..]),
            "line 1:",
        ),
        (format!("{good}<xliff/>"), "second root"),
        (
            good.replace(&format!(" xmlns=\"{NS20}\""), ""),
            "has no namespace",
        ),
        (
            good.replace(NS20, "urn:example"),
            "in the namespace \"urn:example\"",
        ),
        (
            good.replace("قمة", "a&#1;b"),
            "a reference to U+0001, which XML does not allow",
        ),
        (good.replace("قمة", "a<cp hex=\"0\"/>b"), "<cp hex=\"0\"/>"),
        (
            good.replace("قمة", "a<cp hex=\"D800\"/>b"),
            "<cp hex=\"D800\"/>",
        ),
        (good.replace("قمة", "&bomb;"), "undefined entity `&bomb;`"),
    ];
    for (file, expected) in cases {
        let e = read_error(file.as_bytes());
        assert!(e.contains(expected), "{file:?}: {e}");
        assert!(e.starts_with("line "), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
    let e = read_error(format!("junk{good}").as_bytes());
    assert!(e.contains("text before the root element"), "{e}");
    let e = read_error(good.replace("قمة", "a<cp hex=\"0\"/>b").as_bytes());
    assert!(e.starts_with("line 4:"), "{e}");
}

#[test]
fn dropped_inline_codes_and_unknown_states_reach_the_cli_output() {
    let dir = temp_dir("hostile-import");
    let file = dir.join("reviewed.xlf");
    std::fs::write(
        &file,
        xliff20(
            "<unit id=\"u12\"><segment id=\"12\" state=\"signed\"><source>قمة</source><target>A <ph id=\"1\"/><pc id=\"2\">summit</pc><ph id=\"3\"/><ph id=\"4\"/></target></segment></unit>",
        ),
    )
    .unwrap();
    let o = tarjuman(&["import", SEED, file.to_str().unwrap(), "--dry-run"], &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("warning: line 4: segment 12: 3 inline codes dropped, 1 inline element kept as plain text"),
        "{stdout}"
    );
    assert!(
        stdout.contains("segment 12: unknown state `signed`"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_status_in_the_docx_review_table_is_a_warning() {
    use tarjuman::formats::{Format, export};
    let mut doc = crate::support::seed_document();
    doc.segments[0].en = "Biden urged Putin.".into();
    let docx = export(&doc, &tarjuman::glossary::Glossary::default(), Format::Docx).unwrap();
    let label = doc.segments[0].status.label();
    let edited = crate::support::edit_docx(&docx, |xml| {
        xml.replacen(&format!(">{label}<"), ">sort of done<", 1)
    });
    let r = read_from(std::io::Cursor::new(edited)).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("segment 1: unknown status `sort of done`")),
        "{:?}",
        r.warnings
    );
}

// ---------------------------------------------------------------- glossary files

use tarjuman::glossary::interchange::Format as GlossaryFormat;
use tarjuman::glossary::{Glossary, Term};

#[test]
fn formula_cells_are_neutralised_on_export_and_warned_about_on_import() {
    let formulas = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+cmd", "-cmd"];
    let glossary = Glossary {
        name: "G".into(),
        terms: formulas
            .iter()
            .zip(["قمة", "هجوم", "رئيس", "دولة"])
            .map(|(en, ar)| Term {
                ar: ar.into(),
                en: (*en).into(),
                ..Term::default()
            })
            .collect(),
        ..Glossary::default()
    };
    for format in [GlossaryFormat::Csv, GlossaryFormat::Tsv] {
        let written = format.write(&glossary);
        for f in formulas {
            assert!(
                !written.contains(&format!(",{f}")) && !written.contains(&format!("\t{f}")),
                "{written}"
            );
        }
        assert!(written.contains("'=HYPERLINK"), "{written}");
        // Our own escaping reads back as the text it stands for.
        let read = format.read(written.as_bytes(), "g").unwrap();
        let ens: Vec<&str> = read.terms.iter().map(|t| t.term.en.as_str()).collect();
        assert_eq!(ens, formulas, "{format:?}");
    }
    let dir = temp_dir("formula-import");
    std::fs::write(
        dir.join("in.csv"),
        "ar,en\nقمة,=HYPERLINK(\"http://evil\")\nsummit,summit\n",
    )
    .unwrap();
    let o = tarjuman(
        &[
            "glossary", "import", "--format", "csv", "--into", "g.toml", "in.csv",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("in.csv:2: row 2: warning: the `en` cell `=HYPERLINK"),
        "{stdout}"
    );
    assert!(
        stdout.contains("in.csv:3: row 3 (summit): warning: `ar` (summit) has no Arabic letter"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Pairwise checks (or a line count from the top of the file per problem)
/// would take minutes here; the linear ones take well under a second.
/// Duplicates are warnings: every file loads, each later copy reported.
#[test]
fn reports_of_tens_of_thousands_of_duplicates_are_linear() {
    let n = 20_000;
    let mut toml = String::from("[glossary]\nname = \"dups\"\n");
    for i in 0..n {
        toml.push_str(&format!("\n[[term]]\nar = \"قمة\"\nen = \"summit {i}\"\n"));
    }
    let (glossary, warnings) = match Glossary::parse_with_warnings(&toml, "dups.toml") {
        Ok(loaded) => loaded,
        Err(e) => panic!("{}", e.problems()[0]),
    };
    assert_eq!(glossary.terms.len(), n);
    assert_eq!(warnings.len(), n - 1);
    assert!(
        warnings[n - 2].to_string().contains("at line 4"),
        "{}",
        warnings[n - 2]
    );

    let mut csv = String::from("ar,en\n");
    let mut tsv = String::new();
    let mut tbx = String::from("<tbx><text><body>");
    for i in 0..50_000 {
        csv.push_str(&format!("قمة,summit {i}\n"));
        tsv.push_str(&format!("قمة{}\tsummit {i}\n", i % 3));
    }
    for i in 0..n {
        tbx.push_str(&format!("<conceptEntry id=\"c{i}\"><langSec xml:lang=\"ar\"><termSec><term>قمة</term></termSec></langSec><langSec xml:lang=\"en\"><termSec><term>summit</term></termSec></langSec></conceptEntry>\n"));
    }
    tbx.push_str("</body></text></tbx>");
    let read = |format: GlossaryFormat, bytes: &[u8], name: &str| {
        format
            .read(bytes, name)
            .unwrap_or_else(|e| panic!("{}", e.problems[0]))
    };
    let c = read(GlossaryFormat::Csv, csv.as_bytes(), "d.csv");
    assert_eq!(c.terms.len(), 50_000);
    assert_eq!(c.warnings.len(), 49_999);
    assert_eq!(c.warnings[49_998].line, 50_001);
    let t = read(GlossaryFormat::Tbx, tbx.as_bytes(), "d.tbx");
    assert_eq!(t.warnings.len(), n - 1);
    assert_eq!(t.warnings[n - 2].line, n);
    let t = GlossaryFormat::Tsv
        .read(tsv.as_bytes(), "d.txt")
        .unwrap_or_else(|e| panic!("{}", e.problems[0]));
    assert_eq!(t.terms.len(), 3);
    assert_eq!(t.terms[0].term.en_alternatives.len(), 16_666);
}

// ---------------------------------------------------------------- every reader, fuzzed

mod fuzz {
    use proptest::prelude::*;

    use super::{GlossaryFormat, NS20, xliff20, zip};

    /// Markup pieces that nest, close out of order, or break the rules.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "<unit id=\"u1\">",
            "</unit>",
            "<segment id=\"1\" state=\"x\">",
            "</segment>",
            "<source>",
            "</source>",
            "<target>",
            "</target>",
            "<pc id=\"1\">",
            "</pc>",
            "<ph id=\"2\"/>",
            "<cp hex=\"0\"/>",
            "<cp hex=\"1F\"/>",
            "<cp hex=\"zz\"/>",
            "&#1;",
            "&amp;",
            "&x;",
            "<![CDATA[<]]>",
            "قمة",
            " ",
            "\n",
            "<!-- c -->",
            "<?pi x?>",
            "<a:b>",
            "</a:b>",
            "<g>",
            "</g>",
            "<xliff>",
            "</xliff>",
            "<?xml version=\"1.0\"?>",
            "<!DOCTYPE x [<!ENTITY y \"z\">]>",
            "<tu>",
            "</tu>",
            "<tuv xml:lang=\"ar\">",
            "</tuv>",
            "<seg>",
            "</seg>",
            "<conceptEntry>",
            "</conceptEntry>",
            "<w:tbl>",
            "</w:tbl>",
            "<w:tr>",
            "</w:tr>",
            "<w:tc>",
            "</w:tc>",
            "<w:t>",
            "</w:t>",
            "\u{0}",
            "\u{FEFF}",
        ])
    }

    fn markup() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
    }

    /// `depth` levels of one element, opened and sometimes closed.
    fn nesting() -> impl Strategy<Value = String> {
        (
            0usize..400,
            prop::sample::select(vec!["g", "pc", "unit", "tu", "x"]),
            any::<bool>(),
        )
            .prop_map(|(depth, tag, close)| {
                let mut s = format!("<{tag}>").repeat(depth);
                if close {
                    s.push_str(&format!("</{tag}>").repeat(depth));
                }
                s
            })
    }

    fn read_tmx(bytes: &[u8]) {
        for item in tarjuman::tm::tmx::TmxReader::new(bytes, "f.tmx", None).take(10_000) {
            if item.is_err() {
                break;
            }
        }
    }

    fn read_glossary(bytes: &[u8]) {
        for format in [
            GlossaryFormat::Tbx,
            GlossaryFormat::Csv,
            GlossaryFormat::Tsv,
        ] {
            let _ = format.read(bytes, "f");
        }
    }

    fn read_docx(document: &[u8]) {
        let docx = zip(&[("word/document.xml", document)]);
        let _ = tarjuman::formats::import::read(&docx);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic_any_reader(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = tarjuman::formats::import::read(&bytes);
            let mut zipped = b"PK\x03\x04".to_vec();
            zipped.extend_from_slice(&bytes);
            let _ = tarjuman::formats::import::read(&zipped);
            read_docx(&bytes);
            read_tmx(&bytes);
            read_glossary(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let _ = tarjuman::project::from_toml(&text, std::path::Path::new("p.tarjuman.toml"));
            let _ = tarjuman::glossary::Glossary::parse(&text, "g.toml");
        }

        #[test]
        fn arbitrary_markup_and_nesting_never_panic_any_reader(inner in markup(), deep in nesting()) {
            for body in [inner.clone(), deep.clone(), format!("{deep}{inner}")] {
                let xliff = xliff20(&body);
                let _ = tarjuman::formats::import::read(xliff.as_bytes());
                let v12 = xliff.replace(NS20, "urn:oasis:names:tc:xliff:document:1.2").replace("2.0", "1.2");
                let _ = tarjuman::formats::import::read(v12.as_bytes());
                let _ = tarjuman::formats::import::read(body.as_bytes());
                read_docx(format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>").as_bytes());
                read_tmx(format!("<tmx version=\"1.4\"><header/><body>{body}</body></tmx>").as_bytes());
                read_glossary(format!("<tbx><text><body>{body}</body></text></tbx>").as_bytes());
                read_glossary(body.as_bytes());
                let toml = format!("[project]\nsource = \"\"\"{body}\"\"\"\n[[segment]]\nen = '{body}'\n");
                let _ = tarjuman::project::from_toml(&toml, std::path::Path::new("p.tarjuman.toml"));
            }
        }
    }
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_stack_overflow() {
    let deep = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let inline = format!("x = {}{}\n", "{a = ".repeat(50_000), "}".repeat(50_000));
    for text in [deep, inline] {
        assert!(
            tarjuman::project::from_toml(&text, std::path::Path::new("p.tarjuman.toml")).is_err()
        );
        assert!(Glossary::parse(&text, "g.toml").is_err());
    }
}

/// Validating a batch of n added terms looked each one up by a linear scan
/// (O(n²): minutes at this size); now by binary search.
#[test]
fn a_batch_of_200_000_new_terms_applies_in_linear_time() {
    use tarjuman::glossary::edit::{EditCommand, GlossaryEditor};
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let arabic = |mut i: usize| {
        let mut s = String::new();
        for _ in 0..4 {
            s.push(letters[i % letters.len()]);
            i /= letters.len();
        }
        s
    };
    let n = 200_000;
    let mut editor = GlossaryEditor::new(Glossary::default());
    let commands = (0..n)
        .map(|i| {
            EditCommand::Add(Term {
                ar: arabic(i),
                en: format!("term {i}"),
                ..Term::default()
            })
        })
        .collect();
    editor.apply(EditCommand::Batch(commands)).unwrap();
    assert_eq!(editor.len(), n);
}
