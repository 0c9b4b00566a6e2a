//! The command line: a thin layer over the core. Everything the window does
//! that a script could want is reachable from here.

use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::document::Document;
use crate::glossary::edit::{EditCommand, EditError, GlossaryEditor};
use crate::glossary::interchange::Format;
use crate::glossary::interchange::merge::{MergeChange, MergeKind, MergePlan, Resolution};
use crate::glossary::number::{self, ArabicNumber};
use crate::glossary::{Glossary, Matcher, TermStatus};

mod tm;

#[derive(Debug, Parser)]
#[command(
    name = "tarjuman",
    version,
    about = "Arabic to English translation workbench with a morphology-aware glossary",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Arabic text (.txt, .md) or project (.tarjuman.toml) to open in the window.
    file: Option<PathBuf>,
    /// Glossary for the window (default: ./glossary.toml, else the built-in one).
    #[arg(long, value_name = "PATH")]
    glossary: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Segment an Arabic text and list the glossary terms found in each sentence.
    Suggest {
        /// Glossary to use (default: ./glossary.toml, else the built-in one).
        #[arg(long, value_name = "PATH")]
        glossary: Option<PathBuf>,
        /// Print JSON (byte offsets into the UTF-8 input).
        #[arg(long)]
        json: bool,
        /// Also list, per word, every reading that reached a glossary term and
        /// why it was suggested, outranked or turned down.
        #[arg(long)]
        explain: bool,
        /// The Arabic text; `-` reads standard input.
        file: PathBuf,
    },
    /// Glossary tools.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Export a project (or a plain Arabic text) as XLIFF, TMX, HTML, DOCX, text or CSV.
    Export {
        /// The project (.tarjuman.toml) or Arabic text (.txt).
        project: PathBuf,
        /// xliff (2.0), xliff12, tmx, html, docx (review table), docx-en, txt, csv or tsv.
        #[arg(long, short, default_value = "xliff", value_parser = parse_format)]
        format: crate::formats::Format,
        /// The file to write (replaced atomically).
        #[arg(long, short, value_name = "OUT")]
        output: PathBuf,
        /// Glossary whose terms the HTML export marks (default: the project's, else ./glossary.toml, else the built-in one).
        #[arg(long, value_name = "PATH")]
        glossary: Option<PathBuf>,
        /// What the English-only formats (txt, docx-en) do with untranslated segments:
        /// omit (leave them out, and say how many) or arabic (write their Arabic).
        #[arg(long, default_value = "omit", value_parser = parse_untranslated)]
        untranslated: crate::formats::Untranslated,
    },
    /// Bring a reviewed XLIFF (2.0 or 1.2) or DOCX review table back into a project, by segment id.
    Import {
        /// The project (.tarjuman.toml) to update; rewritten atomically.
        project: PathBuf,
        /// The reviewed file.
        file: PathBuf,
        /// Print the summary only; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Translation memory: import and export TMX, statistics, matches, concordance.
    #[command(subcommand)]
    Tm(tm::TmCommand),
    /// Fill a project's untranslated segments from the TMs and print the analysis.
    Pretranslate(tm::PretranslateArgs),
    /// Re-segment a project whose Arabic was edited after it was segmented, keeping the
    /// translations of unchanged sentences; rewritten atomically, the old file kept as a backup.
    Resegment {
        /// The project (.tarjuman.toml).
        project: PathBuf,
    },
    /// Check the translation: terminology, numbers, punctuation, consistency…
    Qa {
        /// The project (.tarjuman.toml) or Arabic text.
        project: PathBuf,
        /// Print the open issues as JSON.
        #[arg(long)]
        json: bool,
        /// Also write a report (.html or .csv by extension).
        #[arg(long, value_name = "PATH")]
        report: Option<PathBuf>,
        /// Glossary to check against (default: the project's, else ./glossary.toml, else the built-in one).
        #[arg(long, value_name = "PATH")]
        glossary: Option<PathBuf>,
    },
}

fn parse_untranslated(name: &str) -> Result<crate::formats::Untranslated, String> {
    crate::formats::Untranslated::from_name(name)
        .ok_or_else(|| format!("unknown choice {name:?}: omit or arabic"))
}

fn parse_format(name: &str) -> Result<crate::formats::Format, String> {
    crate::formats::Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = crate::formats::Format::ALL
            .iter()
            .map(|f| f.name())
            .collect();
        format!("unknown format {name:?} (one of {})", names.join(", "))
    })
}

#[derive(Debug, Subcommand)]
enum GlossaryCommand {
    /// Validate a glossary and list every problem with its line and column.
    /// Errors (the file cannot be used) exit with 1; warnings (slips such as
    /// a duplicate variant or two terms with the same Arabic) are listed and
    /// exit with 0, unless --strict.
    Check {
        /// The glossary (default: ./glossary.toml).
        path: Option<PathBuf>,
        /// Fail (exit status 1) on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Write the glossary as TBX, CSV or OmegaT TSV.
    Export {
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Output file (default: standard output); replaced atomically.
        #[arg(short = 'o', long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The glossary (default: ./glossary.toml, else the built-in one).
        glossary: Option<PathBuf>,
    },
    /// Merge a TBX, CSV or OmegaT TSV file into a glossary. New terms are
    /// added; terms whose Arabic is already there but differ are listed as
    /// conflicts and left unchanged unless --overwrite. Nothing is written
    /// if the file or the result has any problem.
    Import {
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The glossary to merge into (default: ./glossary.toml; created if missing).
        #[arg(long, value_name = "GLOSSARY")]
        into: Option<PathBuf>,
        /// Replace conflicting terms with the imported ones.
        #[arg(long)]
        overwrite: bool,
        /// The file to import.
        file: PathBuf,
    },
}

/// Interchange formats on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// ISO 30042:2019 TBX-Basic (import also reads the 2008 martif dialect).
    Tbx,
    /// TBX 2008 (martif), for OmegaT and older tools.
    Tbx2008,
    /// CSV: ar,en,ar_variants,en_alternatives,domain,status,note,… with `|` between list items.
    Csv,
    /// OmegaT glossary: source<TAB>target<TAB>comment.
    Tsv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Tbx => Format::Tbx,
            FormatArg::Tbx2008 => Format::Tbx2008,
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
        }
    }
}

/// A failure to report: one message, already naming the file; or standard
/// output closed by its reader (`| head`), which ends the command quietly.
enum Failure {
    Message(String),
    ClosedPipe,
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Message(e.to_string())
    }
}

/// Standard output, for all the command line prints: buffered; a closed
/// pipe ends the command quietly with status 0 (as ripgrep does), any
/// other failure (`> /dev/full`) is a one-line error.
struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
}

impl Out {
    fn new() -> Out {
        Out {
            inner: io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        }
    }

    /// Writes `args`.
    fn print(&mut self, args: fmt::Arguments) -> Result<(), Failure> {
        self.inner.write_fmt(args).map_err(stdout_failure)
    }

    /// Writes `args` and a newline.
    fn line(&mut self, args: fmt::Arguments) -> Result<(), Failure> {
        self.print(args)?;
        self.bytes(b"\n")
    }

    /// Writes `bytes` as they are.
    fn bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.inner.write_all(bytes).map_err(stdout_failure)
    }

    /// Flushes what is buffered; the end of every command that prints.
    fn finish(mut self) -> Result<(), Failure> {
        self.inner.flush().map_err(stdout_failure)
    }
}

/// A failed write to standard output as a [`Failure`].
fn stdout_failure(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::ClosedPipe
    } else {
        Failure::Message(format!("standard output: {e}"))
    }
}

/// A message on standard error. It cannot fail: with standard error gone
/// there is nobody to tell.
fn note(args: fmt::Arguments) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Output printed after a file was written: failing to print it must not
/// report the write as failed, so a full disk is a warning and the status
/// stays 0.
fn after_writing(printed: Result<(), Failure>, written: &Path) -> Result<(), Failure> {
    match printed {
        Ok(()) | Err(Failure::ClosedPipe) => Ok(()),
        Err(Failure::Message(m)) => {
            note(format_args!(
                "tarjuman: warning: {m} ({} was written)",
                written.display()
            ));
            Ok(())
        }
    }
}

/// Parses the arguments and runs the command; no subcommand opens the window.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => {
            crate::ui::run(cli.file, cli.glossary).map_err(|e| Failure::Message(format!("{e:#}")))
        }
        Some(Command::Suggest {
            glossary,
            json,
            explain,
            file,
        }) => suggest(glossary.as_deref(), json, explain, &file),
        Some(Command::Glossary(GlossaryCommand::Check { path, strict })) => check(path, strict),
        Some(Command::Export {
            project,
            format,
            output,
            glossary,
            untranslated,
        }) => export_document(&project, format, &output, glossary.as_deref(), untranslated),
        Some(Command::Import {
            project,
            file,
            dry_run,
        }) => import_reviewed(&project, &file, dry_run),
        Some(Command::Qa {
            project,
            json,
            report,
            glossary,
        }) => qa(&project, json, report.as_deref(), glossary.as_deref()),
        Some(Command::Tm(command)) => tm::run(command),
        Some(Command::Pretranslate(args)) => tm::pretranslate(&args),
        Some(Command::Resegment { project }) => resegment(&project),
        Some(Command::Glossary(GlossaryCommand::Export {
            format,
            output,
            glossary,
        })) => export(format.into(), output.as_deref(), glossary.as_deref()),
        Some(Command::Glossary(GlossaryCommand::Import {
            format,
            into,
            overwrite,
            file,
        })) => import(format.into(), into, overwrite, &file),
    };
    match result {
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            note(format_args!("tarjuman: {message}"));
            ExitCode::FAILURE
        }
    }
}

/// The name of `path` in messages (`-` is standard input).
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a UTF-8 text file (`-` for standard input) no larger than
/// [`crate::files::MAX_DOCUMENT_BYTES`], with a clear message on failure.
pub fn read_text(path: &Path) -> Result<String, String> {
    crate::files::read_input_text(path, crate::files::MAX_DOCUMENT_BYTES)
        .map_err(|e| format!("{}: {}", shown(path), crate::io_message(&e, path)))
}

/// The glossary named on the command line, else ./glossary.toml, else the built-in one.
pub fn resolve_glossary(path: Option<&Path>) -> Result<Glossary, String> {
    match path {
        Some(path) => Glossary::load(path).map_err(|e| e.to_string()),
        None if Path::new("glossary.toml").is_file() => {
            Glossary::load(Path::new("glossary.toml")).map_err(|e| e.to_string())
        }
        None => Ok(Glossary::builtin()),
    }
}

#[derive(Serialize)]
struct SegmentOutput<'a> {
    id: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    source: &'a str,
    suggestions: Vec<SuggestionOutput<'a>>,
    /// With `--explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<WordOutput<'a>>>,
}

/// One word's readings (`suggest --explain`).
#[derive(Serialize)]
struct WordOutput<'a> {
    word: &'a str,
    start: usize,
    end: usize,
    readings: Vec<ReadingOutput<'a>>,
}

#[derive(Serialize)]
struct ReadingOutput<'a> {
    reading: String,
    /// The glossary form tried, and its term's `ar` and `en`.
    form: String,
    ar: &'a str,
    en: &'a str,
    matched: &'a str,
    /// `suggested`, `outranked` or `rejected`.
    verdict: &'static str,
    reason: String,
}

/// The explanation of `source`'s words, offsets into the whole text.
fn explain_output<'a>(
    matcher: &Matcher,
    glossary: &'a Glossary,
    source: &'a str,
    offset: usize,
) -> Vec<WordOutput<'a>> {
    use crate::glossary::matcher::Verdict;
    matcher
        .explain(source)
        .into_iter()
        .map(|w| WordOutput {
            word: &source[w.start..w.end],
            start: offset + w.start,
            end: offset + w.end,
            readings: w
                .readings
                .into_iter()
                .map(|r| ReadingOutput {
                    ar: &glossary.terms[r.term].ar,
                    en: &glossary.terms[r.term].en,
                    matched: &source[r.start..r.end],
                    verdict: match r.verdict {
                        Verdict::Suggested => "suggested",
                        Verdict::Outranked => "outranked",
                        Verdict::Rejected(_) => "rejected",
                    },
                    reading: r.reading,
                    form: r.form,
                    reason: r.reason,
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct SuggestionOutput<'a> {
    ar: &'a str,
    en: &'a str,
    en_alternatives: &'a [String],
    domain: &'a str,
    note: &'a str,
    start: usize,
    end: usize,
    matched: &'a str,
    kind: &'static str,
    analysis: String,
    /// The English that agrees with the Arabic in number (what the window
    /// inserts): `en`, or its plural for a plural or dual match.
    insert: String,
    /// The Arabic's number: `singular`, `dual` or `plural`.
    number: ArabicNumber,
    /// The English plural (the term's `en_plural` or derived); null for a
    /// rendering with none (mass nouns, names).
    en_plural: Option<String>,
    /// Why `insert` is the form chosen.
    number_reason: String,
    /// For people only: the JSON shape is fixed by what scripts expect.
    #[serde(skip)]
    status: TermStatus,
    #[serde(skip)]
    forbidden_en: &'a [String],
}

/// Prints each segment's suggestions (`{"segments":[…]}` with `--json`).
/// Segments are matched and rendered on every core, a chunk at a time, and
/// written in order as soon as each chunk is ready: memory grows with a few
/// chunks' output, not the input's. The index is built while the text is
/// split into sentences.
fn suggest(glossary: Option<&Path>, json: bool, explain: bool, file: &Path) -> Result<(), Failure> {
    // The glossary is read and indexed while the text is read and split.
    let (text, spans, loaded) = std::thread::scope(|scope| {
        let loaded = scope.spawn(|| {
            resolve_glossary(glossary).map(|glossary| {
                let matcher = Matcher::new(&glossary);
                (glossary, matcher)
            })
        });
        let text = read_text(file);
        let spans = text
            .as_deref()
            .map(crate::arabic::segment::segment)
            .unwrap_or_default();
        let loaded = loaded
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (text, spans, loaded)
    });
    // A bad text is reported before a bad glossary, as it always was.
    let text = text?;
    let (glossary, matcher) = loaded?;
    let render = |ids: std::ops::Range<usize>, buf: &mut Vec<u8>| {
        for id in ids {
            let span = &spans[id];
            let source = &text[span.start..span.end];
            let suggestions = matcher
                .find(source)
                .into_iter()
                .map(|m| {
                    let term = &glossary.terms[m.term];
                    let agreement = number::agreement(term, &m, &source[m.start..m.end]);
                    SuggestionOutput {
                        ar: &term.ar,
                        en: &term.en,
                        en_alternatives: &term.en_alternatives,
                        domain: &term.domain,
                        note: &term.note,
                        start: span.start + m.start,
                        end: span.start + m.end,
                        matched: &source[m.start..m.end],
                        kind: m.kind.label(),
                        analysis: m.analysis,
                        en_plural: agreement.plural.text().map(str::to_string),
                        insert: agreement.insert,
                        number: agreement.number,
                        number_reason: agreement.reason,
                        status: term.status,
                        forbidden_en: &term.forbidden_en,
                    }
                })
                .collect();
            let segment = SegmentOutput {
                id,
                paragraph: span.paragraph,
                start: span.start,
                end: span.end,
                source,
                suggestions,
                explain: explain.then(|| explain_output(&matcher, &glossary, source, span.start)),
            };
            if json {
                if id > 0 {
                    buf.push(b',');
                }
                serde_json::to_writer(&mut *buf, &segment).expect("JSON into memory");
            } else {
                render_segment(buf, &segment);
            }
        }
    };
    let mut out = Out::new();
    if json {
        out.bytes(b"{\"segments\":[")?;
    }
    in_order(spans.len(), render, |bytes| out.bytes(bytes))?;
    if json {
        out.bytes(b"]}\n")?;
    }
    out.finish()
}

/// Segments rendered at a time by one thread.
const SUGGEST_CHUNK: usize = 64;

/// Runs `render` on chunks of `0..items` on every core and hands the
/// chunks' bytes to `write` in order. At most a few chunks a thread wait to
/// be written; the first failure of `write` stops everything.
fn in_order(
    items: usize,
    render: impl Fn(std::ops::Range<usize>, &mut Vec<u8>) + Sync,
    mut write: impl FnMut(&[u8]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};
    let chunks = items.div_ceil(SUGGEST_CHUNK);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(16)
        .min(chunks.max(1));
    let chunk = |n: usize| n * SUGGEST_CHUNK..((n + 1) * SUGGEST_CHUNK).min(items);
    if threads < 2 {
        let mut buf = Vec::new();
        for n in 0..chunks {
            buf.clear();
            render(chunk(n), &mut buf);
            write(&buf)?;
        }
        return Ok(());
    }
    // Chunks done and not yet written, by number; the next one to write.
    let done: Mutex<(std::collections::BTreeMap<usize, Vec<u8>>, usize)> =
        Mutex::new((std::collections::BTreeMap::new(), 0));
    let ready = Condvar::new();
    let room = Condvar::new();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let panicked: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    let ahead = threads * 4;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= chunks || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let mut buf = Vec::new();
                    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        render(chunk(n), &mut buf);
                    }));
                    if let Err(payload) = rendered {
                        // The writer must not wait for this chunk forever.
                        *panicked.lock().unwrap_or_else(|e| e.into_inner()) = Some(payload);
                        stop.store(true, Ordering::Relaxed);
                        let _guard = done.lock().unwrap_or_else(|e| e.into_inner());
                        ready.notify_all();
                        return;
                    }
                    let mut state = done.lock().unwrap_or_else(|e| e.into_inner());
                    // Not too far ahead of the writer.
                    while n >= state.1 + ahead && !stop.load(Ordering::Relaxed) {
                        state = room.wait(state).unwrap_or_else(|e| e.into_inner());
                    }
                    state.0.insert(n, buf);
                    ready.notify_one();
                }
            });
        }
        let result: Result<(), Failure> = (|| {
            for n in 0..chunks {
                let buf = {
                    let mut state = done.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if let Some(buf) = state.0.remove(&n) {
                            state.1 = n + 1;
                            break buf;
                        }
                        if stop.load(Ordering::Relaxed) {
                            return Ok(());
                        }
                        state = ready.wait(state).unwrap_or_else(|e| e.into_inner());
                    }
                };
                room.notify_all();
                write(&buf)?;
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            room.notify_all();
        }
        result
    })?;
    if let Some(payload) = panicked.into_inner().unwrap_or_else(|e| e.into_inner()) {
        std::panic::resume_unwind(payload);
    }
    Ok(())
}

/// A segment and its suggestions for people.
fn render_segment(buf: &mut Vec<u8>, segment: &SegmentOutput) {
    use std::io::Write as _;
    // Writing into memory cannot fail.
    let _ = writeln!(
        buf,
        "[{}] paragraph {}, bytes {}..{}",
        segment.id + 1,
        segment.paragraph + 1,
        segment.start,
        segment.end
    );
    let _ = writeln!(buf, "{}", segment.source);
    for s in &segment.suggestions {
        let _ = write!(buf, "  {} → {}", s.matched, s.en);
        if s.insert != s.en {
            // The agreeing form, and why: "⇒ attacks (plural: هجمات is …)".
            let _ = write!(buf, " ⇒ {} ({})", s.insert, s.number_reason);
        }
        if let Some(label) = s.status.do_not_use_label() {
            // The same warning the window gives on its cards.
            let _ = write!(buf, " — {label}");
        }
        if !s.en_alternatives.is_empty() {
            let _ = write!(buf, " (also: {})", s.en_alternatives.join(", "));
        }
        if !s.forbidden_en.is_empty() {
            let _ = write!(buf, " — Not: {}", s.forbidden_en.join(", "));
        }
        let _ = write!(buf, "  [{}: {}", s.kind, s.analysis);
        if s.matched != s.ar {
            let _ = write!(buf, "; term {}", s.ar);
        }
        let _ = writeln!(buf, "]");
    }
    for word in segment.explain.iter().flatten() {
        let _ = writeln!(
            buf,
            "  ? {} (bytes {}..{})",
            word.word, word.start, word.end
        );
        for r in &word.readings {
            let _ = write!(
                buf,
                "      {} = {} ({}): {}",
                r.reading, r.form, r.en, r.verdict
            );
            if !r.reason.is_empty() {
                let _ = write!(buf, ": {}", r.reason);
            }
            if r.matched != word.word {
                let _ = write!(buf, " [as «{}»]", r.matched);
            }
            let _ = writeln!(buf);
        }
    }
    buf.push(b'\n');
}

fn check(path: Option<PathBuf>, strict: bool) -> Result<(), Failure> {
    let path = path.unwrap_or_else(|| PathBuf::from("glossary.toml"));
    let loaded = Glossary::load_with_warnings(&path);
    let mut out = Out::new();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match loaded {
        Ok((glossary, warnings)) => {
            for warning in &warnings {
                out.line(format_args!("{}:{warning} (warning)", path.display()))?;
            }
            let noted = if warnings.is_empty() {
                String::new()
            } else {
                format!(", {}", plural(warnings.len(), "warning"))
            };
            out.line(format_args!(
                "{}: ok, {} terms ({}){noted}",
                path.display(),
                glossary.terms.len(),
                glossary.name
            ))?;
            out.finish()?;
            if strict && !warnings.is_empty() {
                return Err(Failure::Message(format!(
                    "{}: {} (--strict)",
                    path.display(),
                    plural(warnings.len(), "warning")
                )));
            }
            Ok(())
        }
        Err(e) => {
            let count = e.problems().len();
            if count > 0 {
                out.line(format_args!("{e}"))?;
                out.finish()?;
                Err(Failure::Message(format!(
                    "{}: {}",
                    path.display(),
                    plural(count, "problem")
                )))
            } else {
                Err(Failure::Message(e.to_string()))
            }
        }
    }
}

/// A project, or a plain Arabic text as a fresh document (English empty).
fn load_document(path: &Path) -> Result<Document, Failure> {
    if crate::project::is_project_path(path) {
        return Ok(crate::project::load(path)?);
    }
    let text = read_text(path)?;
    Ok(Document::from_source(text, Some(path.to_owned())))
}

/// Writes the project back (atomically, with a backup; a failed backup is a warning).
fn save_document(doc: &Document, path: &Path) -> Result<(), Failure> {
    if !crate::project::is_project_path(path) {
        return Err(Failure::Message(format!(
            "{}: only a project (.tarjuman.toml) can take an import; use --dry-run to see the changes",
            path.display()
        )));
    }
    let saved = crate::project::save(doc, path)?;
    if let Some(warning) = saved.backup_warning {
        note(format_args!("tarjuman: warning: {warning}"));
    }
    Ok(())
}

fn resegment(project: &Path) -> Result<(), Failure> {
    let (doc, report) = crate::project::load_resegmented(project)?;
    // The file as it was stays in the backups: the first save over a file keeps it.
    crate::project::write_backup(
        project,
        &std::fs::read(project)
            .map_err(|e| Failure::Message(format!("{}: {e}", project.display())))?,
        std::time::SystemTime::now() - std::time::Duration::from_secs(1),
    )
    .map_err(|e| {
        Failure::Message(format!(
            "{}: could not keep a backup: {e}",
            project.display()
        ))
    })?;
    save_document(&doc, project)?;
    note(format_args!("{}: {report}", project.display()));
    Ok(())
}

/// The glossary named on the command line, else the project's, else the default.
fn glossary_for(doc: &Document, path: Option<&Path>) -> Result<Glossary, Failure> {
    match (path, doc.glossary_path.as_deref()) {
        (Some(p), _) => Ok(resolve_glossary(Some(p))?),
        (None, Some(p)) if p.is_file() => Ok(resolve_glossary(Some(p))?),
        _ => Ok(resolve_glossary(None)?),
    }
}

/// The file [`glossary_for`] reads (`glossary.toml` when none is named).
fn glossary_path_for(doc: &Document, path: Option<&Path>) -> PathBuf {
    match (path, doc.glossary_path.as_deref()) {
        (Some(p), _) => p.to_owned(),
        (None, Some(p)) if p.is_file() => p.to_owned(),
        _ => PathBuf::from("glossary.toml"),
    }
}

/// A failed write of `path` as a [`Failure`] (`-` is standard output).
fn output_failure(path: &Path, e: &io::Error) -> Failure {
    if path == Path::new("-") {
        return stdout_failure(io::Error::new(e.kind(), e.to_string()));
    }
    Failure::Message(format!(
        "{}: {}",
        path.display(),
        crate::io_message(e, path)
    ))
}

/// Writes `bytes` to `path` (see [`crate::files::AtomicFile`]: `-` is
/// standard output), refusing when it is one of `inputs`.
fn write_out(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), Failure> {
    crate::files::refuse_same_file(path, inputs)?;
    crate::formats::write_atomic(path, bytes).map_err(|e| output_failure(path, &e))
}

/// Where `path` is written, for messages.
fn written_name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard output".to_string()
    } else {
        path.display().to_string()
    }
}

fn export_document(
    project: &Path,
    format: crate::formats::Format,
    output: &Path,
    glossary: Option<&Path>,
    untranslated: crate::formats::Untranslated,
) -> Result<(), Failure> {
    use crate::formats::Untranslated;
    let doc = load_document(project)?;
    let glossary_path = glossary_path_for(&doc, glossary);
    let glossary = if format == crate::formats::Format::Html {
        glossary_for(&doc, glossary)?
    } else {
        Glossary::default()
    };
    let bytes = crate::formats::export_with(&doc, &glossary, format, untranslated)?;
    let mut inputs = vec![project];
    inputs.extend(doc.source_path.as_deref());
    if format == crate::formats::Format::Html {
        inputs.push(&glossary_path);
    }
    write_out(output, &bytes, &inputs)?;
    note(format_args!(
        "{}: {} ({} segments)",
        written_name(output),
        format.label(),
        doc.segments.len()
    ));
    let missing = crate::formats::untranslated_count(&doc);
    if crate::formats::is_english_only(format) && missing > 0 {
        match untranslated {
            Untranslated::LeaveOut => note(format_args!(
                "warning: {missing} untranslated segment(s) left out (--untranslated arabic writes their Arabic instead)"
            )),
            Untranslated::Arabic => note(format_args!(
                "{missing} untranslated segment(s) written in Arabic"
            )),
        }
    }
    Ok(())
}

fn import_reviewed(project: &Path, file: &Path, dry_run: bool) -> Result<(), Failure> {
    let mut doc = load_document(project)?;
    let summary = crate::formats::import::import_file(&doc, file)
        .map_err(|e| Failure::Message(format!("{}: {e}", file.display())))?;
    let mut out = Out::new();
    if dry_run || summary.is_empty() {
        out.print(format_args!("{summary}"))?;
        return out.finish();
    }
    summary.apply(&mut doc);
    save_document(&doc, project)?;
    // Printed once the project is saved: a closed or full standard output
    // cannot stop the save nor report it as failed.
    let printed = out
        .print(format_args!("{summary}"))
        .and_then(|()| out.line(format_args!("{}: saved", project.display())))
        .and_then(|()| out.finish());
    after_writing(printed, project)
}

fn qa(
    project: &Path,
    json: bool,
    report: Option<&Path>,
    glossary: Option<&Path>,
) -> Result<(), Failure> {
    let doc = load_document(project)?;
    let glossary_path = glossary_path_for(&doc, glossary);
    let glossary = glossary_for(&doc, glossary)?;
    let issues = crate::qa::check(&doc, &glossary);
    let refs: Vec<&crate::qa::QaIssue> = issues.iter().collect();
    if let Some(report) = report {
        let bytes = match report.extension().and_then(|e| e.to_str()) {
            Some("csv") => crate::qa::report::report_csv(&doc, &refs)?,
            _ => crate::qa::report::report_html(&doc, &refs).into_bytes(),
        };
        let mut inputs = vec![project];
        inputs.extend(doc.source_path.as_deref());
        inputs.push(&glossary_path);
        write_out(report, &bytes, &inputs)?;
    }
    let mut out = Out::new();
    if json {
        out.bytes(b"{\"issues\":[")?;
        for (i, issue) in issues.iter().enumerate() {
            if i > 0 {
                out.bytes(b",")?;
            }
            out.bytes(&serde_json::to_vec(issue)?)?;
        }
        out.bytes(b"]}\n")?;
    } else {
        for issue in &issues {
            let words = if issue.words.is_empty() {
                String::new()
            } else {
                format!(" {}:", issue.words)
            };
            let hint = if issue.is_hint() { " (hint)" } else { "" };
            out.line(format_args!(
                "[{}] {}{hint}:{words} {}",
                issue.segment_id + 1,
                issue.check.name(),
                issue.message
            ))?;
        }
    }
    out.finish()?;
    // Hints are printed, never a failure.
    let hints = issues.iter().filter(|i| i.is_hint()).count();
    let open = issues.len() - hints;
    let and_hints = match hints {
        0 => String::new(),
        1 => " (and 1 hint)".to_string(),
        n => format!(" (and {n} hints)"),
    };
    if open == 0 {
        note(format_args!(
            "{}: no open QA issues{and_hints}",
            project.display()
        ));
        Ok(())
    } else {
        Err(Failure::Message(format!(
            "{}: {open} open QA issue{}{and_hints}",
            project.display(),
            if open == 1 { "" } else { "s" }
        )))
    }
}

fn export(format: Format, output: Option<&Path>, glossary: Option<&Path>) -> Result<(), Failure> {
    let glossary_path = glossary.map_or_else(|| PathBuf::from("glossary.toml"), Path::to_owned);
    let glossary = resolve_glossary(glossary)?;
    let text = format.write(&glossary);
    match output {
        None => {
            let mut out = Out::new();
            out.bytes(text.as_bytes())?;
            out.finish()?;
        }
        Some(path) => {
            write_out(path, text.as_bytes(), &[&glossary_path])?;
            note(format_args!(
                "{}: {} terms written",
                written_name(path),
                glossary.terms.len()
            ));
        }
    }
    Ok(())
}

fn import(
    format: Format,
    into: Option<PathBuf>,
    overwrite: bool,
    file: &Path,
) -> Result<(), Failure> {
    let shown = file.display().to_string();
    let bytes = crate::files::read_input(file, crate::files::MAX_GLOSSARY_BYTES)
        .map_err(|e| Failure::Message(format!("{shown}: {}", crate::io_message(&e, file))))?;
    let imported = format.read(&bytes, &shown).map_err(|e| {
        let count = e.problems.len();
        Failure::Message(format!(
            "{e}\n{shown}: {count} problem{}; nothing imported",
            if count == 1 { "" } else { "s" }
        ))
    })?;
    for warning in &imported.warnings {
        println!("{shown}:{warning}");
    }
    let into = into.unwrap_or_else(|| PathBuf::from("glossary.toml"));
    let into_shown = into.display().to_string();
    // Read, merge and write as one step for other programs: a second
    // import waits here, then reads what this one wrote.
    let lock = crate::FileLock::exclusive(&into).map_err(|e| {
        Failure::Message(format!(
            "{into_shown}: could not lock it: {}",
            crate::io_message(&e, &into)
        ))
    })?;
    let creating = !into.exists();
    let mut editor = if creating {
        let stem = file
            .file_stem()
            .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
        let mut editor = GlossaryEditor::new(Glossary {
            name: imported
                .title
                .clone()
                .unwrap_or_else(|| format!("Imported from {stem}")),
            source_language: "ar".to_string(),
            target_language: "en".to_string(),
            terms: Vec::new(),
        });
        editor.set_file(&into);
        editor
    } else {
        GlossaryEditor::open(&into)?
    };
    editor.keep_lock(lock);
    let mut places: std::collections::HashMap<String, (usize, String)> =
        std::collections::HashMap::new();
    for t in &imported.terms {
        places
            .entry(t.term.ar.clone())
            .or_insert_with(|| (t.line, t.entry.clone()));
    }
    let plan = MergePlan::new(&editor.glossary().terms, imported.terms);
    let (new, identical, conflicting) = plan.counts();
    let mut report = Vec::new();
    for (_, item) in plan.conflicts() {
        let MergeKind::Conflict {
            existing, fields, ..
        } = &item.kind
        else {
            continue;
        };
        let current = &editor.glossary().terms[*existing];
        let fields: Vec<&str> = fields.iter().map(|f| f.key()).collect();
        report.push(format!(
            "{shown}:{}: {}: conflicts with {} → {} in {into_shown} (differs in {}); {}",
            item.incoming.line,
            item.incoming.entry,
            current.ar,
            current.en,
            fields.join(", "),
            if overwrite {
                "replaced"
            } else {
                "kept (use --overwrite to replace)"
            }
        ));
    }
    let resolution = if overwrite {
        Resolution::TakeIncoming
    } else {
        Resolution::KeepExisting
    };
    let commands: Vec<EditCommand> = plan
        .changes(|_| resolution)
        .into_iter()
        .filter_map(|change| match change {
            MergeChange::Add(term) => Some(EditCommand::Add(term)),
            MergeChange::Replace { existing, term } => editor
                .id_at(existing)
                .map(|id| EditCommand::Update { id, term }),
        })
        .collect();
    let changed = !commands.is_empty();
    let mut out = Out::new();
    let print_report = |out: &mut Out| -> Result<(), Failure> {
        for line in &report {
            out.line(format_args!("{line}"))?;
        }
        Ok(())
    };
    if let Err(e) = editor.apply(EditCommand::Batch(commands)) {
        let lines = match e {
            EditError::Invalid(diagnostics) => diagnostics
                .iter()
                .map(|d| match places.get(&d.term) {
                    Some((line, entry)) => format!("{shown}:{line}: {entry}: {}", d.message),
                    None => format!("{shown}: {d}"),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string(),
        };
        print_report(&mut out)?;
        out.finish()?;
        return Err(Failure::Message(format!(
            "{lines}\n{into_shown}: not changed (the merged glossary would not pass `glossary check`)"
        )));
    }
    if changed || creating {
        editor.save(false)?;
    }
    let replaced = if overwrite { conflicting } else { 0 };
    // Printed once the glossary is written: a closed or full standard
    // output cannot report the import as failed.
    let printed = print_report(&mut out)
        .and_then(|()| {
            out.line(format_args!(
                "{into_shown}: {new} new, {identical} identical, {conflicting} conflicting ({replaced} replaced); {} terms",
                editor.len()
            ))
        })
        .and_then(|()| out.finish());
    after_writing(printed, &into)
}
