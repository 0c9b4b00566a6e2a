//! The shipped seed project: the article with a complete professional
//! English rendering, one translated segment per sentence.

use tarjuman::document::{Document, Status};
use tarjuman::project;

use crate::{seed_project, seed_text};

/// Builds the seed project from a TSV of `paragraph TAB first Arabic words
/// TAB English` lines (one per segment, in order). Each line is checked
/// against the segmentation so a shifted line cannot slip in.
fn build_seed(tsv: &str) -> Document {
    let source = std::fs::read_to_string(seed_text()).unwrap();
    let mut doc = Document::from_source(source, Some(seed_text()));
    let lines: Vec<&str> = tsv.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), doc.segments.len(), "one line per segment");
    for (i, line) in lines.iter().enumerate() {
        let mut fields = line.splitn(3, '\t');
        let paragraph: usize = fields.next().unwrap().parse().unwrap();
        let first_words = fields.next().unwrap().trim();
        let en = fields.next().unwrap().trim();
        assert_eq!(doc.segments[i].paragraph, paragraph, "line {}", i + 1);
        assert!(
            doc.source_of(i).starts_with(first_words),
            "line {}: segment starts {:?}",
            i + 1,
            doc.source_of(i).chars().take(30).collect::<String>()
        );
        assert!(!en.is_empty());
        doc.segments[i].en = en.to_owned();
        doc.segments[i].status = Status::Translated;
    }
    doc
}

/// Regenerates `seeds/biden-putin-ransomware.tarjuman.toml` from the
/// translator's TSV: `TARJUMAN_SEED_TSV=/work/seed_en.tsv cargo test --test it
/// -- --ignored regenerate_seed_project`.
#[test]
#[ignore = "writes the seed project; run by hand with TARJUMAN_SEED_TSV"]
fn regenerate_seed_project() {
    let tsv_path =
        std::env::var("TARJUMAN_SEED_TSV").unwrap_or_else(|_| "/work/seed_en.tsv".into());
    let tsv = std::fs::read_to_string(tsv_path).unwrap();
    let doc = build_seed(&tsv);
    assert_eq!(doc.segments.len(), 22);
    let text = project::to_toml(&doc, &seed_project()).unwrap();
    project::write_atomic(&seed_project(), text.as_bytes()).unwrap();
}

#[test]
fn the_seed_project_is_the_seed_text_fully_translated() {
    let doc = project::load(&seed_project()).unwrap();
    let fresh = Document::from_source(std::fs::read_to_string(seed_text()).unwrap(), None);
    assert_eq!(doc.segments.len(), 22);
    assert_eq!(doc.source, fresh.source);
    for (seg, fresh) in doc.segments.iter().zip(&fresh.segments) {
        assert_eq!(
            (seg.id, seg.paragraph, seg.start, seg.end),
            (fresh.id, fresh.paragraph, fresh.start, fresh.end)
        );
        assert_eq!(seg.status, Status::Translated);
        assert!(!seg.en.trim().is_empty());
    }
    assert_eq!(
        std::fs::canonicalize(doc.source_path.unwrap()).unwrap(),
        std::fs::canonicalize(seed_text()).unwrap(),
        "the source path is stored relative to the project"
    );
    // Stable output: writing it again gives the same bytes.
    let on_disk = std::fs::read_to_string(seed_project()).unwrap();
    let reloaded = project::load(&seed_project()).unwrap();
    assert_eq!(
        project::to_toml(&reloaded, &seed_project()).unwrap(),
        on_disk
    );
}
