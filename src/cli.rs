//! The command line: a thin layer over the core. Everything the window does
//! that a script could want is reachable from here.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::document::Document;
use crate::glossary::edit::{EditCommand, EditError, GlossaryEditor};
use crate::glossary::interchange::Format;
use crate::glossary::interchange::merge::{MergeChange, MergeKind, MergePlan, Resolution};
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
    Check {
        /// The glossary (default: ./glossary.toml).
        path: Option<PathBuf>,
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

/// A failure to report: one message, already naming the file.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Parses the arguments and runs the command; no subcommand opens the window.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => crate::ui::run(cli.file, cli.glossary).map_err(|e| Failure(format!("{e:#}"))),
        Some(Command::Suggest {
            glossary,
            json,
            file,
        }) => suggest(glossary.as_deref(), json, &file),
        Some(Command::Glossary(GlossaryCommand::Check { path })) => check(path),
        Some(Command::Export {
            project,
            format,
            output,
            glossary,
        }) => export_document(&project, format, &output, glossary.as_deref()),
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
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("tarjuman: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a UTF-8 text file (`-` for standard input), with a clear message on failure.
pub fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
        bytes
    } else {
        if path.is_dir() {
            return Err(format!("{shown}: is a directory, not a file"));
        }
        std::fs::read(path).map_err(|e| format!("{shown}: {}", crate::io_message(&e, path)))?
    };
    String::from_utf8(bytes).map_err(|e| {
        let name = if path == Path::new("-") {
            "standard input".to_string()
        } else {
            shown.to_string()
        };
        format!(
            "{name}: not valid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        )
    })
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
struct SuggestOutput<'a> {
    segments: Vec<SegmentOutput<'a>>,
}

#[derive(Serialize)]
struct SegmentOutput<'a> {
    id: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    source: &'a str,
    suggestions: Vec<SuggestionOutput<'a>>,
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
    /// For people only: the JSON shape is fixed by what scripts expect.
    #[serde(skip)]
    status: TermStatus,
    #[serde(skip)]
    forbidden_en: &'a [String],
}

fn suggest(glossary: Option<&Path>, json: bool, file: &Path) -> Result<(), Failure> {
    let text = read_text(file)?;
    let glossary = resolve_glossary(glossary)?;
    let matcher = Matcher::new(&glossary);
    let document = Document::from_source(text, None);
    let segments: Vec<SegmentOutput> = document
        .segments
        .iter()
        .map(|segment| {
            let source = &document.source[segment.start..segment.end];
            let suggestions = matcher
                .find(source)
                .into_iter()
                .map(|m| {
                    let term = &glossary.terms[m.term];
                    SuggestionOutput {
                        ar: &term.ar,
                        en: &term.en,
                        en_alternatives: &term.en_alternatives,
                        domain: &term.domain,
                        note: &term.note,
                        start: segment.start + m.start,
                        end: segment.start + m.end,
                        matched: &source[m.start..m.end],
                        kind: m.kind.label(),
                        analysis: m.analysis,
                        status: term.status,
                        forbidden_en: &term.forbidden_en,
                    }
                })
                .collect();
            SegmentOutput {
                id: segment.id,
                paragraph: segment.paragraph,
                start: segment.start,
                end: segment.end,
                source,
                suggestions,
            }
        })
        .collect();
    let output = SuggestOutput { segments };
    if json {
        println!("{}", serde_json::to_string(&output)?);
        return Ok(());
    }
    for segment in &output.segments {
        println!(
            "[{}] paragraph {}, bytes {}..{}",
            segment.id + 1,
            segment.paragraph + 1,
            segment.start,
            segment.end
        );
        println!("{}", segment.source);
        for s in &segment.suggestions {
            let mut line = format!("  {} → {}", s.matched, s.en);
            if let Some(label) = s.status.do_not_use_label() {
                // The same warning the window gives on its cards.
                line.push_str(&format!(" — {label}"));
            }
            if !s.en_alternatives.is_empty() {
                line.push_str(&format!(" (also: {})", s.en_alternatives.join(", ")));
            }
            if !s.forbidden_en.is_empty() {
                line.push_str(&format!(" — Not: {}", s.forbidden_en.join(", ")));
            }
            line.push_str(&format!("  [{}: {}", s.kind, s.analysis));
            if s.matched != s.ar {
                line.push_str(&format!("; term {}", s.ar));
            }
            line.push(']');
            println!("{line}");
        }
        println!();
    }
    Ok(())
}

fn check(path: Option<PathBuf>) -> Result<(), Failure> {
    let path = path.unwrap_or_else(|| PathBuf::from("glossary.toml"));
    let loaded = crate::glossary::read_utf8(&path)
        .and_then(|text| Glossary::parse_with_warnings(&text, &path.display().to_string()));
    match loaded {
        Ok((glossary, warnings)) => {
            for warning in &warnings {
                println!("{}:{warning} (warning)", path.display());
            }
            println!(
                "{}: ok, {} terms ({})",
                path.display(),
                glossary.terms.len(),
                glossary.name
            );
            Ok(())
        }
        Err(e) => {
            let count = e.problems().len();
            if count > 0 {
                println!("{e}");
                Err(Failure(format!(
                    "{}: {count} problem{}",
                    path.display(),
                    if count == 1 { "" } else { "s" }
                )))
            } else {
                Err(Failure(e.to_string()))
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

/// Writes the project back (atomically, with a backup).
fn save_document(doc: &Document, path: &Path) -> Result<(), Failure> {
    if !crate::project::is_project_path(path) {
        return Err(Failure(format!(
            "{}: only a project (.tarjuman.toml) can take an import; use --dry-run to see the changes",
            path.display()
        )));
    }
    Ok(crate::project::save(doc, path)?)
}

/// The glossary named on the command line, else the project's, else the default.
fn glossary_for(doc: &Document, path: Option<&Path>) -> Result<Glossary, Failure> {
    match (path, doc.glossary_path.as_deref()) {
        (Some(p), _) => Ok(resolve_glossary(Some(p))?),
        (None, Some(p)) if p.is_file() => Ok(resolve_glossary(Some(p))?),
        _ => Ok(resolve_glossary(None)?),
    }
}

fn write_out(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::formats::write_atomic(path, bytes).map_err(|e| {
        Failure(format!(
            "{}: {}",
            path.display(),
            crate::io_message(&e, path)
        ))
    })
}

fn export_document(
    project: &Path,
    format: crate::formats::Format,
    output: &Path,
    glossary: Option<&Path>,
) -> Result<(), Failure> {
    let doc = load_document(project)?;
    let glossary = if format == crate::formats::Format::Html {
        glossary_for(&doc, glossary)?
    } else {
        Glossary::default()
    };
    let bytes = crate::formats::export(&doc, &glossary, format)?;
    write_out(output, &bytes)?;
    eprintln!(
        "{}: {} ({} segments)",
        output.display(),
        format.label(),
        doc.segments.len()
    );
    Ok(())
}

fn import_reviewed(project: &Path, file: &Path, dry_run: bool) -> Result<(), Failure> {
    let mut doc = load_document(project)?;
    let summary = crate::formats::import::import_file(&doc, file)
        .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
    print!("{summary}");
    if dry_run || summary.is_empty() {
        return Ok(());
    }
    summary.apply(&mut doc);
    save_document(&doc, project)?;
    println!("{}: saved", project.display());
    Ok(())
}

fn qa(
    project: &Path,
    json: bool,
    report: Option<&Path>,
    glossary: Option<&Path>,
) -> Result<(), Failure> {
    let doc = load_document(project)?;
    let glossary = glossary_for(&doc, glossary)?;
    let issues = crate::qa::check(&doc, &glossary);
    let refs: Vec<&crate::qa::QaIssue> = issues.iter().collect();
    if let Some(report) = report {
        let bytes = match report.extension().and_then(|e| e.to_str()) {
            Some("csv") => crate::qa::report::report_csv(&doc, &refs)?,
            _ => crate::qa::report::report_html(&doc, &refs).into_bytes(),
        };
        write_out(report, &bytes)?;
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&serde_json::json!({ "issues": issues }))?
        );
    } else {
        for issue in &issues {
            let words = if issue.words.is_empty() {
                String::new()
            } else {
                format!(" {}:", issue.words)
            };
            println!(
                "[{}] {}:{words} {}",
                issue.segment_id + 1,
                issue.check.name(),
                issue.message
            );
        }
    }
    if issues.is_empty() {
        eprintln!("{}: no open QA issues", project.display());
        Ok(())
    } else {
        Err(Failure(format!(
            "{}: {} open QA issue{}",
            project.display(),
            issues.len(),
            if issues.len() == 1 { "" } else { "s" }
        )))
    }
}
fn export(format: Format, output: Option<&Path>, glossary: Option<&Path>) -> Result<(), Failure> {
    let glossary = resolve_glossary(glossary)?;
    let text = format.write(&glossary);
    match output {
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Failure(format!("standard output: {e}")))?;
        }
        Some(path) => {
            crate::glossary::save::write_atomic(path, text.as_bytes()).map_err(|e| {
                Failure(format!(
                    "{}: {}",
                    path.display(),
                    crate::io_message(&e, path)
                ))
            })?;
            eprintln!("{}: {} terms written", path.display(), glossary.terms.len());
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
    if file.is_dir() {
        return Err(Failure(format!("{shown}: is a directory, not a file")));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| Failure(format!("{shown}: {}", crate::io_message(&e, file))))?;
    let imported = format.read(&bytes, &shown).map_err(|e| {
        let count = e.problems.len();
        Failure(format!(
            "{e}\n{shown}: {count} problem{}; nothing imported",
            if count == 1 { "" } else { "s" }
        ))
    })?;
    for warning in &imported.warnings {
        println!("{shown}:{warning}");
    }
    let into = into.unwrap_or_else(|| PathBuf::from("glossary.toml"));
    let into_shown = into.display().to_string();
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
    let mut places: std::collections::HashMap<String, (usize, String)> =
        std::collections::HashMap::new();
    for t in &imported.terms {
        places
            .entry(t.term.ar.clone())
            .or_insert_with(|| (t.line, t.entry.clone()));
    }
    let plan = MergePlan::new(&editor.glossary().terms, imported.terms);
    let (new, identical, conflicting) = plan.counts();
    for (_, item) in plan.conflicts() {
        let MergeKind::Conflict {
            existing, fields, ..
        } = &item.kind
        else {
            continue;
        };
        let current = &editor.glossary().terms[*existing];
        let fields: Vec<&str> = fields.iter().map(|f| f.key()).collect();
        println!(
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
        );
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
        return Err(Failure(format!(
            "{lines}\n{into_shown}: not changed (the merged glossary would not pass `glossary check`)"
        )));
    }
    if changed || creating {
        editor.save(false)?;
    }
    let replaced = if overwrite { conflicting } else { 0 };
    println!(
        "{into_shown}: {new} new, {identical} identical, {conflicting} conflicting ({replaced} replaced); {} terms",
        editor.len()
    );
    Ok(())
}
