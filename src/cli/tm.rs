//! `tarjuman tm …` and `tarjuman pretranslate`: the translation memory
//! from the command line, over the same core the window uses.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;

use super::{Failure, Out, load_document, note, resolve_glossary, save_document};
use crate::document::Document;
use crate::tm::lookup::{ConcordanceHit, Query, TmMatch, concordance, lookup};
use crate::tm::text::Lexicon;
use crate::tm::{self, Progress, TmStore, Unit};

#[derive(Debug, Subcommand)]
pub enum TmCommand {
    /// Import TMX files (1.4b or 1.1, UTF-8 or UTF-16) into a TM; one
    /// transaction per file, and a report of what was imported.
    Import {
        /// The TM database (default: the user's default TM, created on first use).
        #[arg(long, value_name = "DB")]
        tm: Option<PathBuf>,
        /// The TMX files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export a TM as TMX 1.4b (written atomically).
    Export {
        /// The TM: a database or a .tmx file (default: the user's default TM).
        #[arg(long, value_name = "DB")]
        tm: Option<PathBuf>,
        #[arg(short = 'o', long, value_name = "OUT.tmx")]
        output: PathBuf,
    },
    /// Units, languages and size of a TM.
    Stats {
        /// The TM: a database or a .tmx file (default: the user's default TM).
        #[arg(long, value_name = "DB")]
        tm: Option<PathBuf>,
    },
    /// Segment an Arabic text as the window does and list each segment's TM matches.
    Match {
        /// TMs to search: databases or .tmx files, used directly (default: the user's default TM).
        #[arg(long = "tm", value_name = "DB|FILE.tmx")]
        tms: Vec<PathBuf>,
        /// The lowest score shown.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(0..=101))]
        min: u8,
        /// How many matches per segment.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Glossary whose broken plurals count as inflections (default: ./glossary.toml, else the built-in one).
        #[arg(long, value_name = "PATH")]
        glossary: Option<PathBuf>,
        /// The Arabic text; `-` reads standard input.
        file: PathBuf,
    },
    /// Concordance: search the TMs for Arabic (normalised, clitic-aware) or English words.
    Search {
        /// TMs to search (default: the user's default TM).
        #[arg(long = "tm", value_name = "DB|FILE.tmx")]
        tms: Vec<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// How many hits.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// The words to find.
        #[arg(required = true)]
        text: Vec<String>,
    },
}

/// The arguments of `tarjuman pretranslate`.
#[derive(Debug, clap::Args)]
pub struct PretranslateArgs {
    /// The project (.tarjuman.toml) to fill; rewritten atomically.
    pub project: PathBuf,
    /// TMs to use (default: the project's attached TMs, else the user's default TM).
    #[arg(long = "tm", value_name = "DB|FILE.tmx")]
    pub tms: Vec<PathBuf>,
    /// Fuzzy matches at or above this score fill segments as drafts (100 % and context matches always fill, as translated).
    #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u8).range(50..=101))]
    pub min: u8,
    /// Print the analysis only; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write the analysis as CSV.
    #[arg(long, value_name = "OUT.csv")]
    pub analysis: Option<PathBuf>,
    /// Glossary whose broken plurals count as inflections (default: the project's, else ./glossary.toml, else the built-in one).
    #[arg(long, value_name = "PATH")]
    pub glossary: Option<PathBuf>,
}

/// Writes to standard output through [`Out`]: a closed pipe (`| head`) ends quietly.
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = Out::new();
    out.bytes(text.as_bytes())?;
    out.finish()
}

fn default_tm() -> Result<PathBuf, Failure> {
    tm::default_tm_path().ok_or_else(|| {
        Failure::Message(
            "no data directory for the default TM: name one with --tm or set TARJUMAN_DATA_DIR"
                .into(),
        )
    })
}

/// The TM named with `--tm` (created when missing, if `create`), else the
/// user's default TM.
fn open_one(path: Option<&Path>, create: bool) -> Result<Box<dyn TmStore>, Failure> {
    let (path, create) = match path {
        Some(p) => (p.to_owned(), create),
        None => (default_tm()?, true),
    };
    Ok(tm::open_any(&path, create)?)
}

/// The TMs named with `--tm` (read as they are), else the default TM.
fn open_many(paths: &[PathBuf]) -> Result<Vec<Box<dyn TmStore>>, Failure> {
    if paths.is_empty() {
        return Ok(vec![open_one(None, true)?]);
    }
    paths.iter().map(|p| open_one(Some(p), false)).collect()
}

pub fn run(command: TmCommand) -> Result<(), Failure> {
    match command {
        TmCommand::Import { tm, files } => import(tm.as_deref(), &files),
        TmCommand::Export { tm, output } => export(tm.as_deref(), &output),
        TmCommand::Stats { tm } => stats(tm.as_deref()),
        TmCommand::Match {
            tms,
            min,
            limit,
            json,
            glossary,
            file,
        } => match_file(&tms, min, limit, json, glossary.as_deref(), &file),
        TmCommand::Search {
            tms,
            json,
            limit,
            text,
        } => search(&tms, json, limit, &text.join(" ")),
    }
}

fn import(tm_path: Option<&Path>, files: &[PathBuf]) -> Result<(), Failure> {
    if let Some(p) = tm_path.filter(|p| tm::is_tmx_path(p)) {
        return Err(Failure::Message(format!(
            "{}: a TMX file cannot be imported into; name a TM database (.{})",
            p.display(),
            tm::DB_EXTENSION
        )));
    }
    let mut store = open_one(tm_path, true)?;
    let mut failed = Vec::new();
    for file in files {
        let progress = Progress::default();
        let result = tm::tmx::open_tmx(file, Some(&progress))
            .and_then(|mut reader| store.import(&mut reader, &progress));
        match result {
            // Imported already: a closed or full standard output stops nothing.
            Ok(report) => super::after_writing(
                emit(&format!("{}: {}\n", file.display(), report.summary())),
                store.path().unwrap_or(file),
            )?,
            Err(e) => {
                note(format_args!(
                    "tarjuman: {e} (nothing imported from this file)"
                ));
                failed.push(file.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Message(format!(
            "{} of {} files not imported",
            failed.len(),
            files.len()
        )))
    }
}

fn export(tm_path: Option<&Path>, output: &Path) -> Result<(), Failure> {
    let store = open_one(tm_path, false)?;
    if let Some(input) = store.path() {
        crate::files::refuse_same_file(output, &[input])?;
    }
    let count = tm::tmx::write_tmx_file(output, |each| store.export(each))?;
    note(format_args!(
        "{}: {count} units (TMX 1.4b)",
        output.display()
    ));
    Ok(())
}

fn stats(tm_path: Option<&Path>) -> Result<(), Failure> {
    let store = open_one(tm_path, false)?;
    let stats = store.stats()?;
    let mut out = format!(
        "{}: {} units ({} reviewed), languages {}, {}\n",
        store
            .path()
            .map_or_else(|| store.name().to_owned(), |p| p.display().to_string()),
        stats.units,
        stats.reviewed,
        stats.languages.join(" → "),
        human_size(stats.size_bytes)
    );
    if let (Some(oldest), Some(newest)) = (stats.oldest, stats.newest) {
        out.push_str(&format!(
            "changed between {} and {}\n",
            tm::iso_date(oldest),
            tm::iso_date(newest)
        ));
    }
    emit(&out)
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1u32 << 20))
    } else if bytes >= 1 << 10 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

#[derive(Serialize)]
struct MatchOutput<'a> {
    segments: Vec<SegmentMatches<'a>>,
}

#[derive(Serialize)]
struct SegmentMatches<'a> {
    id: usize,
    start: usize,
    end: usize,
    source: &'a str,
    matches: Vec<MatchJson>,
}

#[derive(Serialize)]
struct MatchJson {
    source: String,
    target: String,
    suggested: String,
    score: u8,
    context: bool,
    differences: Vec<DifferenceJson>,
    origin: OriginJson,
}

#[derive(Serialize)]
struct DifferenceJson {
    kind: &'static str,
    tm: String,
    text: String,
}

#[derive(Serialize)]
struct OriginJson {
    tm: String,
    tuid: String,
    author: String,
    date: String,
}

fn origin_of(unit: &Unit, tm_name: &str) -> OriginJson {
    OriginJson {
        tm: tm_name.to_owned(),
        tuid: if unit.tuid.is_empty() {
            unit.id.to_string()
        } else {
            unit.tuid.clone()
        },
        author: if unit.changed_by.is_empty() {
            unit.author.clone()
        } else {
            unit.changed_by.clone()
        },
        date: tm::iso_date(unit.changed),
    }
}

fn match_json(m: &TmMatch) -> MatchJson {
    MatchJson {
        source: m.unit.source.clone(),
        target: m.unit.target.clone(),
        suggested: m.suggested.clone(),
        score: m.score,
        context: m.context,
        differences: m
            .differences
            .iter()
            .map(|d| DifferenceJson {
                kind: d.kind.label(),
                tm: d.tm.clone(),
                text: d.text.clone(),
            })
            .collect(),
        origin: origin_of(&m.unit, &m.tm),
    }
}

fn match_file(
    tm_paths: &[PathBuf],
    min: u8,
    limit: usize,
    json: bool,
    glossary: Option<&Path>,
    file: &Path,
) -> Result<(), Failure> {
    let text = super::read_text(file)?;
    let lexicon = Lexicon::from_glossary(&resolve_glossary(glossary)?);
    let stores = open_many(tm_paths)?;
    let refs: Vec<&dyn TmStore> = stores.iter().map(AsRef::as_ref).collect();
    let doc = Document::from_source(text, None);
    let mut segments = Vec::with_capacity(doc.segments.len());
    for (i, segment) in doc.segments.iter().enumerate() {
        let query = Query::with_previous(doc.source_of(i), doc.previous_source(i));
        let matches = lookup(&refs, &query, &lexicon, min, limit)?;
        segments.push(SegmentMatches {
            id: segment.id,
            start: segment.start,
            end: segment.end,
            source: doc.source_of(i),
            matches: matches.iter().map(match_json).collect(),
        });
    }
    let output = MatchOutput { segments };
    if json {
        return emit(&format!("{}\n", serde_json::to_string(&output)?));
    }
    let mut out = String::new();
    for segment in &output.segments {
        out.push_str(&format!("[{}] {}\n", segment.id + 1, segment.source));
        if segment.matches.is_empty() {
            out.push_str("  no match\n");
        }
        for m in &segment.matches {
            let context = if m.context { " context" } else { "" };
            out.push_str(&format!(
                "  {:>3} %{context}  {} · {} · {}\n",
                m.score, m.origin.tm, m.origin.author, m.origin.date
            ));
            out.push_str(&format!("        TM: {}\n", m.source));
            out.push_str(&format!("        EN: {}\n", m.suggested));
            if m.suggested != m.target {
                out.push_str(&format!(
                    "        (TM English: {}; numbers substituted)\n",
                    m.target
                ));
            }
            for d in &m.differences {
                let what = match (d.tm.is_empty(), d.text.is_empty()) {
                    (true, _) => format!("+ {}", d.text),
                    (_, true) => format!("- {}", d.tm),
                    _ => format!("{} → {}", d.tm, d.text),
                };
                out.push_str(&format!("        {}: {what}\n", d.kind));
            }
        }
        out.push('\n');
    }
    emit(&out)
}

#[derive(Serialize)]
struct SearchOutput {
    hits: Vec<HitJson>,
}

#[derive(Serialize)]
struct HitJson {
    source: String,
    target: String,
    source_hits: Vec<[usize; 2]>,
    target_hits: Vec<[usize; 2]>,
    origin: OriginJson,
}

/// `text` with `spans` wrapped in ⟦ ⟧.
fn marked(text: &str, spans: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    let mut at = 0;
    for span in spans {
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push('⟦');
        out.push_str(&text[span.clone()]);
        out.push('⟧');
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn search(tm_paths: &[PathBuf], json: bool, limit: usize, text: &str) -> Result<(), Failure> {
    let lexicon = Lexicon::from_glossary(&resolve_glossary(None)?);
    let stores = open_many(tm_paths)?;
    let refs: Vec<&dyn TmStore> = stores.iter().map(AsRef::as_ref).collect();
    let hits: Vec<ConcordanceHit> = concordance(&refs, text, &lexicon, limit)?;
    if json {
        let pairs =
            |spans: &[std::ops::Range<usize>]| spans.iter().map(|s| [s.start, s.end]).collect();
        let output = SearchOutput {
            hits: hits
                .iter()
                .map(|h| HitJson {
                    source: h.unit.source.clone(),
                    target: h.unit.target.clone(),
                    source_hits: pairs(&h.source_hits),
                    target_hits: pairs(&h.target_hits),
                    origin: origin_of(&h.unit, &h.tm),
                })
                .collect(),
        };
        return emit(&format!("{}\n", serde_json::to_string(&output)?));
    }
    let mut out = String::new();
    if hits.is_empty() {
        out.push_str(&format!("no hits for {text}\n"));
    }
    for h in &hits {
        out.push_str(&format!("{}\n", marked(&h.unit.source, &h.source_hits)));
        out.push_str(&format!("{}\n", marked(&h.unit.target, &h.target_hits)));
        let o = origin_of(&h.unit, &h.tm);
        out.push_str(&format!("  ({} · {} · {})\n\n", o.tm, o.author, o.date));
    }
    emit(&out)
}

pub fn pretranslate(args: &PretranslateArgs) -> Result<(), Failure> {
    let mut doc = load_document(&args.project)?;
    let glossary = super::glossary_for(&doc, args.glossary.as_deref())?;
    let lexicon = Lexicon::from_glossary(&glossary);
    let stores = if args.tms.is_empty() {
        let (stores, errors) = tm::open_attached(&doc.tms, tm::default_tm_path().as_deref());
        if let Some(e) = errors.into_iter().next() {
            return Err(e.into());
        }
        stores
    } else {
        open_many(&args.tms)?
    };
    let refs: Vec<&dyn TmStore> = stores.iter().map(AsRef::as_ref).collect();
    let result = tm::pretranslate::pretranslate(&doc, &refs, &lexicon, args.min)?;
    let mut out = result.analysis.table();
    let translated = result.fills.iter().filter(|f| f.status.is_done()).count();
    out.push_str(&format!(
        "\n{} segments filled ({} translated, {} drafts){}\n",
        result.fills.len(),
        translated,
        result.fills.len() - translated,
        if args.dry_run {
            "; dry run, nothing written"
        } else {
            ""
        }
    ));
    if let Some(csv) = &args.analysis {
        super::write_out(csv, result.analysis.to_csv().as_bytes(), &[&args.project])?;
    }
    if !args.dry_run && !result.fills.is_empty() {
        tm::pretranslate::apply(&mut doc, &result.fills);
        save_document(&doc, &args.project)?;
    }
    if args.dry_run {
        emit(&out)
    } else {
        super::after_writing(emit(&out), &args.project)
    }
}
