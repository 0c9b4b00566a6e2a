//! Matching benchmarks: the seed article with the shipped glossary, a
//! deterministic synthetic 100,000-term glossary against ~10 MB of Arabic,
//! the same with a glossary of real words against wire text made of them
//! (`common/realword.rs`), and the live matcher's incremental edits.
//!
//! `cargo bench --bench matching` runs them; `TARJUMAN_BENCH_MEMORY=1 cargo
//! bench --bench matching` instead builds the large index, matches the 10 MB
//! five times (`TARJUMAN_BENCH_RUNS` to change that), reports the fastest,
//! and prints the peak resident memory (VmHWM) of the process.
//! `TARJUMAN_BENCH_WRITE=DIR cargo bench --bench matching` writes the
//! real-word data as files for `benches/glossary.sh` (whole commands).

#[path = "common/realword.rs"]
mod realword;

use std::hint::black_box;
use std::time::Instant;

use std::sync::Arc;

use criterion::{BatchSize, Criterion, Throughput};
use tarjuman::document::Document;
use tarjuman::glossary::live::{LiveMatcher, TermChange};
use tarjuman::glossary::{Glossary, Matcher, Term};

const SEED: &str = include_str!("../seeds/biden-putin-ransomware.ar.txt");
const LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ',
    'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'ة', 'أ', 'إ', 'ى', 'ئ', 'ؤ',
];
const CLITICS: &[&str] = &["", "", "", "و", "ب", "ال", "وال", "بال", "لل", "ف"];
const SUFFIXES: &[&str] = &["", "", "", "ها", "هم", "ات", "ين", "ون", "ة"];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> String {
        let len = 3 + self.below(5);
        (0..len)
            .map(|_| LETTERS[self.below(LETTERS.len())])
            .collect()
    }
}

/// 100,000 distinct terms of one to three words, some with variants.
fn synthetic_glossary(terms: usize) -> Glossary {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(terms);
    while out.len() < terms {
        let words = 1 + rng.below(3);
        let ar = (0..words).map(|_| rng.word()).collect::<Vec<_>>().join(" ");
        if !seen.insert(tarjuman::glossary::matcher::form_key(&ar)) {
            continue;
        }
        let ar_variants = if rng.below(5) == 0 {
            vec![rng.word()]
        } else {
            Vec::new()
        };
        out.push(Term {
            ar,
            en: format!("term {}", out.len()),
            ar_variants,
            ..Term::default()
        });
    }
    Glossary {
        name: "synthetic".into(),
        source_language: "ar".into(),
        target_language: "en".into(),
        terms: out,
    }
}

/// About `bytes` of Arabic: seed sentences interleaved with glossary terms
/// wearing clitics and suffixes, and random words.
fn synthetic_text(glossary: &Glossary, bytes: usize) -> String {
    let mut rng = Rng(0xC0FF_EE00_1234_5678);
    let seed_sentences: Vec<&str> = SEED.lines().collect();
    let mut text = String::with_capacity(bytes + 1024);
    while text.len() < bytes {
        text.push_str(seed_sentences[rng.below(seed_sentences.len())]);
        text.push(' ');
        for _ in 0..12 {
            if rng.below(3) == 0 {
                let term = &glossary.terms[rng.below(glossary.terms.len())].ar;
                text.push_str(CLITICS[rng.below(CLITICS.len())]);
                text.push_str(term);
                text.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
            } else {
                text.push_str(&rng.word());
            }
            text.push(' ');
        }
        text.push_str(".\n");
    }
    text
}

fn match_all(matcher: &Matcher, document: &Document) -> usize {
    (0..document.segments.len())
        .map(|i| matcher.find(document.source_of(i)).len())
        .sum()
}

/// CPU time this thread has run, from the kernel's scheduler statistics
/// (wall-clock time on a shared 2-core machine says more about the neighbours).
fn thread_cpu() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let nanos = stat
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(nanos)
}

fn peak_memory_report() {
    let started = Instant::now();
    let glossary = synthetic_glossary(100_000);
    let text = synthetic_text(&glossary, 10_000_000);
    let made = started.elapsed();
    let started = thread_cpu();
    let matcher = Matcher::new(&glossary);
    let built = thread_cpu() - started;
    let document = Document::from_source(text, None);
    // Best of five: the least disturbed run by the neighbours on a shared machine.
    let runs = std::env::var("TARJUMAN_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let (matches, matched) = (0..runs)
        .map(|_| {
            let started = thread_cpu();
            let matches = match_all(&matcher, &document);
            (matches, thread_cpu() - started)
        })
        .min_by_key(|&(_, time)| time)
        .expect("at least one run");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: unknown");
    println!(
        "synthetic data {made:.2?} wall; CPU time: index of {} forms {built:.2?}, {:.1} MB in {} segments matched in {matched:.2?} (best of {runs}, {:.1} MB/s), {matches} matches; peak {peak}",
        matcher.form_count(),
        document.source.len() as f64 / 1e6,
        document.segments.len(),
        document.source.len() as f64 / 1e6 / matched.as_secs_f64(),
    );
}

fn benches(c: &mut Criterion) {
    let shipped = Glossary::builtin();
    let seed = Document::from_source(SEED.to_string(), None);

    let mut group = c.benchmark_group("seed");
    group.bench_function("index shipped glossary", |b| {
        b.iter(|| Matcher::new(black_box(&shipped)))
    });
    let matcher = Matcher::new(&shipped);
    group.throughput(Throughput::Bytes(SEED.len() as u64));
    group.bench_function("match seed article", |b| {
        b.iter(|| match_all(&matcher, black_box(&seed)))
    });
    group.finish();

    let glossary = synthetic_glossary(100_000);
    let mut group = c.benchmark_group("synthetic 100k terms");
    group.sample_size(10);
    group.bench_function("index 100k terms", |b| {
        b.iter(|| Matcher::new(black_box(&glossary)))
    });
    let matcher = Matcher::new(&glossary);
    let text = synthetic_text(&glossary, 10_000_000);
    let document = Document::from_source(text, None);
    group.throughput(Throughput::Bytes(document.source.len() as u64));
    group.bench_function("match 10 MB", |b| {
        b.iter(|| match_all(&matcher, black_box(&document)))
    });
    group.finish();

    let real = realword::real_glossary(100_000);
    let mut group = c.benchmark_group("real words 100k terms");
    group.sample_size(10);
    group.bench_function("index 100k real-word terms", |b| {
        b.iter(|| Matcher::new(black_box(&real)))
    });
    let real_matcher = Arc::new(Matcher::new(&real));
    let wire = Document::from_source(realword::wire_text(&real, 10_000_000), None);
    group.throughput(Throughput::Bytes(wire.source.len() as u64));
    group.bench_function("match 10 MB of wire text", |b| {
        b.iter(|| match_all(&real_matcher, black_box(&wire)))
    });
    group.finish();
    drop(wire);

    // One edit of the glossary editor, at 100,000 terms: the overlay and
    // the index maps brought up to date (a fresh copy of the live matcher
    // each time, not timed).
    let live = LiveMatcher::from_parts(real_matcher.clone(), real.terms.clone());
    let mut busy = live.clone();
    busy.apply(
        &(0..1000)
            .map(|i| TermChange::Replace {
                index: i * 97,
                term: Term::new(&real.terms[i * 97].ar, "changed"),
            })
            .collect::<Vec<_>>(),
    );
    let new_term = Term::new("عقوبات ذكية جديدة", "new smart sanctions");
    let mut group = c.benchmark_group("live matcher, 100k real-word terms");
    let edits: [(&str, &LiveMatcher, TermChange); 4] = [
        (
            "add a term",
            &live,
            TermChange::Insert {
                index: live.len(),
                term: new_term.clone(),
            },
        ),
        (
            "change a term",
            &live,
            TermChange::Replace {
                index: 50_000,
                term: Term::new(&real.terms[50_000].ar, "changed"),
            },
        ),
        ("delete a term", &live, TermChange::Remove { index: 50_000 }),
        (
            "add a term, 1,000 edited before",
            &busy,
            TermChange::Insert {
                index: 10,
                term: new_term.clone(),
            },
        ),
    ];
    for (name, live, change) in edits {
        group.bench_function(name, |b| {
            b.iter_batched(
                || live.clone(),
                |mut live| {
                    live.apply(std::slice::from_ref(&change));
                    live
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();

    let sentence = seed.source_of(4);
    let mut group = c.benchmark_group("per sentence");
    group.throughput(Throughput::Bytes(sentence.len() as u64));
    group.bench_function("one seed sentence, 100k-term index", |b| {
        b.iter(|| matcher.find(black_box(sentence)))
    });
    group.finish();
}

/// The real-word glossary and text, a one-term glossary, and duplicates in
/// every format, as files (see `benches/glossary.sh`).
fn write_data(dir: &std::path::Path) {
    use tarjuman::glossary::interchange::Format;
    std::fs::create_dir_all(dir).expect("the data folder");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).expect("written");
        println!("{name}: {} bytes", text.len());
    };
    let glossary = realword::real_glossary(100_000);
    write("real.toml", &glossary.to_toml());
    write("wire.ar.txt", &realword::wire_text(&glossary, 10_000_000));
    let one = Glossary {
        terms: vec![Term::new("برمجيات الفدية", "ransomware")],
        ..glossary.clone()
    };
    write("one.toml", &one.to_toml());
    write("dups.toml", &realword::duplicates(50_000).to_toml());
    let dups = realword::duplicates(100_000);
    write("dups.tbx", &Format::Tbx.write(&dups));
    write("dups.csv", &Format::Csv.write(&dups));
    write("empty.toml", "[glossary]\nname = \"empty\"\n");
}

fn main() {
    if let Some(dir) = std::env::var_os("TARJUMAN_BENCH_WRITE") {
        write_data(std::path::Path::new(&dir));
        return;
    }
    if std::env::var_os("TARJUMAN_BENCH_MEMORY").is_some() {
        peak_memory_report();
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
