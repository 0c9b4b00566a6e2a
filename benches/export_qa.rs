//! Export and QA benchmarks on a 10,000-segment project: the seed article
//! repeated, with its English, statuses and notes (the target is under a
//! second each; see BENCHMARKS.md).
//!
//! `cargo bench --bench export_qa` runs them.

use std::hint::black_box;

use criterion::Criterion;
use tarjuman::document::{Document, Status};
use tarjuman::formats::{Format, export};
use tarjuman::glossary::Glossary;
use tarjuman::qa::Qa;

const SEED: &str = include_str!("../seeds/biden-putin-ransomware.ar.txt");
const SEED_EN: &str = include_str!("../tests/data/seed_en.tsv");
const SEGMENTS: usize = 10_000;

/// The seed article repeated until the document has 10,000 segments.
fn big_document() -> Document {
    let english: Vec<&str> = SEED_EN
        .lines()
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .collect();
    let per_copy = Document::from_source(SEED.to_string(), None).segments.len();
    let copies = SEGMENTS.div_ceil(per_copy);
    let mut source = String::with_capacity(SEED.len() * copies);
    for _ in 0..copies {
        source.push_str(SEED.trim_end());
        source.push_str("\n\n");
    }
    let mut doc = Document::from_source(source, None);
    doc.segments.truncate(SEGMENTS);
    let last_end = doc.segments.last().map_or(0, |s| s.end);
    doc.source.truncate(last_end);
    for (i, s) in doc.segments.iter_mut().enumerate() {
        s.en = english[i % english.len()].to_string();
        s.status = Status::ALL[i % 4];
        if i % 50 == 0 {
            s.note = "check with the client".into();
        }
    }
    doc
}

fn main() {
    let doc = big_document();
    assert_eq!(doc.segments.len(), SEGMENTS);
    let glossary = Glossary::builtin();
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("export_10k_segments");
    group.sample_size(10);
    for format in Format::ALL {
        group.bench_function(format.name(), |b| {
            b.iter(|| black_box(export(&doc, &glossary, format).unwrap()).len());
        });
    }
    group.finish();
    let mut group = criterion.benchmark_group("qa_10k_segments");
    group.sample_size(10);
    group.bench_function("check_document", |b| {
        b.iter(|| {
            let mut qa = Qa::new(&glossary);
            qa.check_document(&doc);
            black_box(qa.issues().count())
        });
    });
    let mut qa = Qa::new(&glossary);
    qa.check_document(&doc);
    let mut edited = doc.clone();
    group.bench_function("recheck_one_segment", |b| {
        b.iter(|| {
            edited.segments[5000].en.push('x');
            qa.recheck_segment(&edited, 5000);
            black_box(qa.segment_issues(5000).count())
        });
    });
    group.finish();
    let import_file = export(&doc, &glossary, Format::Xliff20).unwrap();
    let mut group = criterion.benchmark_group("import_10k_segments");
    group.sample_size(10);
    group.bench_function("xliff20_read_and_plan", |b| {
        b.iter(|| {
            let (format, units) = tarjuman::formats::import::read(&import_file).unwrap();
            black_box(
                tarjuman::formats::import::plan(&doc, format, &units)
                    .changes
                    .len(),
            )
        });
    });
    group.finish();
    criterion.final_summary();
}
