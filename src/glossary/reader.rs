//! The lean path for reading `glossary.toml`: the file is lexed a few
//! thousand tokens at a time and the terms are built straight from the
//! parser's events, with no document tree (toml_edit keeps every key,
//! value, span and bit of whitespace of the file: 225 MB for a
//! 100,000-term glossary, where the terms themselves take about 35).
//!
//! It takes the files people and tools write: a `[glossary]` table and
//! `[[term]]` tables of plain keys with string and string-array values.
//! Anything else, and any error at all, makes it give up
//! ([`read`] returns `None`), and the file is read again the thorough way
//! (`validate`), which reports every problem in the words it always has.
//! So the lean path only ever has warnings to report, and a test checks
//! that they are the thorough path's, to the column.

use std::borrow::Cow;

use toml_parser::decoder::Encoding;
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, parse_document};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use super::rules::{self, Severity};
use super::validate::{GLOSSARY_KEYS, LineIndex, Problem, TERM_KEYS};
use super::{Glossary, Term, TermStatus};

/// Tokens parsed at a time (a chunk always ends before a table header).
const CHUNK: usize = 8192;

/// Files smaller than this are read on one thread.
const PARALLEL_BYTES: usize = 1 << 20;

/// At most this many threads read a file: each holds its share of the terms
/// until they are put together, so more would cost memory more than time.
const MAX_THREADS: usize = 4;

/// What the lean path read: the glossary, each term's number and offset
/// (for duplicate reports) and the per-term warnings, in file order.
pub(super) struct Read {
    pub glossary: Glossary,
    pub places: Vec<(usize, usize)>,
    pub warnings: Vec<Problem>,
}

/// What one piece of the file held: its terms and where each starts, the
/// header if it is there, and warnings as (term in the piece, offset,
/// message) (the terms' numbers are known once the pieces are put together).
struct Piece {
    terms: Vec<Term>,
    offsets: Vec<usize>,
    header: Option<[String; 3]>,
    warnings: Vec<(usize, usize, String)>,
}

/// Reads `text`, or `None` when only the thorough path can say what is
/// wrong with it (or when it uses TOML this path does not follow). Large
/// files are cut before `[[term]]` headers and the pieces read on several
/// threads; a cut that falls inside a multi-line string leaves a piece that
/// does not parse, and the file goes the thorough way.
pub(super) fn read(text: &str, lines: &LineIndex) -> Option<Read> {
    let starts = term_starts(text);
    let threads = if text.len() < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(MAX_THREADS)
    };
    // Cut at the term headers nearest to equal shares of the bytes.
    let mut cuts = vec![0];
    for k in 1..threads {
        let target = text.len() * k / threads;
        let at = starts.partition_point(|&s| s < target);
        if let Some(&cut) = starts.get(at)
            && cut > *cuts.last().expect("one cut")
        {
            cuts.push(cut);
        }
    }
    cuts.push(text.len());
    let ranges: Vec<std::ops::Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    let capacity = |range: &std::ops::Range<usize>| {
        starts.partition_point(|&s| s < range.end) - starts.partition_point(|&s| s < range.start)
    };
    let mut pieces: Vec<Option<Piece>> = if ranges.len() == 1 {
        vec![read_piece(text, 0, starts.len())]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = ranges
                .iter()
                .enumerate()
                .map(|(n, range)| {
                    // The first piece keeps every term in the end.
                    let room = if n == 0 {
                        starts.len()
                    } else {
                        capacity(range)
                    };
                    let piece = &text[range.clone()];
                    let base = range.start;
                    scope.spawn(move || read_piece(piece, base, room))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    if pieces.iter().any(Option::is_none) {
        return None;
    }
    let mut pieces = pieces.drain(..).flatten();
    let first = pieces.next()?;
    let mut header = first.header;
    let mut terms = first.terms;
    let mut offsets = first.offsets;
    let mut raw_warnings = first.warnings;
    for piece in pieces {
        if piece.header.is_some() {
            if header.is_some() {
                return None; // [glossary] twice
            }
            header = piece.header;
        }
        let before = terms.len();
        raw_warnings.extend(
            piece
                .warnings
                .into_iter()
                .map(|(t, at, message)| (before + t, at, message)),
        );
        let mut piece_terms = piece.terms;
        terms.append(&mut piece_terms);
        offsets.extend(piece.offsets);
    }
    let [name, source_language, target_language] = header?;
    if name.trim().is_empty() {
        return None;
    }
    let default = |value: String, default: &str| {
        if value.is_empty() {
            default.to_string()
        } else {
            value
        }
    };
    let warnings = raw_warnings
        .into_iter()
        .map(|(t, at, message)| {
            let (line, column) = lines.line_column(at);
            Problem {
                line,
                column,
                message: format!("{}: {message}", term_name(t + 1, &terms[t])),
                severity: Severity::Warning,
            }
        })
        .collect();
    Some(Read {
        glossary: Glossary {
            name,
            source_language: default(source_language, "ar"),
            target_language: default(target_language, "en"),
            terms,
        },
        places: offsets
            .into_iter()
            .enumerate()
            .map(|(n, offset)| (n + 1, offset))
            .collect(),
        warnings,
    })
}

/// Where the lines that start with `[[term]]` start.
fn term_starts(text: &str) -> Vec<usize> {
    const HEADER: &str = "[[term]]";
    let mut out = Vec::new();
    if text.starts_with(HEADER) {
        out.push(0);
    }
    out.extend(text.match_indices("\n[[term]]").map(|(i, _)| i + 1));
    out
}

/// Reads `piece`, which starts at byte `base` of the file, with room for `room` terms.
fn read_piece(piece: &str, base: usize, room: usize) -> Option<Piece> {
    let source = Source::new(piece);
    let mut receiver = Receiver {
        source,
        base,
        failed: false,
        context: Context::Root,
        header: None,
        header_keys: Vec::new(),
        key: None,
        array: None,
        header_seen: false,
        header_set: [false; 3],
        header_values: Default::default(),
        term: Term::default(),
        term_offset: 0,
        term_set: [false; TERM_KEYS.len()],
        term_at: [0; TERM_KEYS.len()],
        piece: Piece {
            terms: Vec::with_capacity(room),
            offsets: Vec::with_capacity(room),
            header: None,
            warnings: Vec::new(),
        },
    };
    let mut failed = Failed(false);
    let mut tokens: Vec<Token> = Vec::with_capacity(CHUNK + 256);
    let mut previous = TokenKind::Newline;
    for token in source.lex() {
        let kind = token.kind();
        // A `[` first on a line starts a table header (or a nested array
        // written across lines, which this path turns down anyway).
        if kind == TokenKind::LeftSquareBracket
            && previous == TokenKind::Newline
            && tokens.len() >= CHUNK
        {
            parse_document(&tokens, &mut receiver, &mut failed);
            tokens.clear();
            if receiver.failed || failed.0 {
                return None;
            }
        }
        tokens.push(token);
        previous = kind;
    }
    parse_document(&tokens, &mut receiver, &mut failed);
    drop(tokens);
    receiver.finish_term();
    if receiver.failed || failed.0 {
        return None;
    }
    let mut piece = receiver.piece;
    if receiver.header_seen {
        piece.header = Some(receiver.header_values);
    }
    Some(piece)
}

/// An error sink that only remembers that there was one.
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Before any table header: a key here is not the glossary's.
    Root,
    Header,
    Term,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderKind {
    Table,
    ArrayOfTables,
}

struct Receiver<'t> {
    source: Source<'t>,
    /// Where the piece starts in the file: spans are the piece's.
    base: usize,
    failed: bool,
    context: Context,
    /// A table header being read: its kind and where it starts.
    header: Option<(HeaderKind, usize)>,
    header_keys: Vec<Cow<'t, str>>,
    /// The key of the key/value pair being read, and where its value starts.
    key: Option<Cow<'t, str>>,
    /// An array value being read: where it starts and its strings.
    array: Option<(usize, Vec<String>)>,
    header_seen: bool,
    header_set: [bool; 3],
    /// `name`, `source_language`, `target_language`.
    header_values: [String; 3],
    term: Term,
    term_offset: usize,
    term_set: [bool; TERM_KEYS.len()],
    /// Where each key's value starts.
    term_at: [usize; TERM_KEYS.len()],
    piece: Piece,
}

/// A value of a key/value pair.
enum Value {
    String(String),
    Array(Vec<String>),
    Bool(bool),
}

impl<'t> Receiver<'t> {
    fn fail(&mut self) {
        self.failed = true;
    }

    /// The text of a token, knowing how it is written.
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'t>> {
        let text = self.source.input().get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    fn decode_string(&mut self, span: Span, encoding: Option<Encoding>) -> Option<String> {
        // Unquoted scalars are numbers, booleans and dates.
        encoding?;
        let raw = self.raw(span, encoding)?;
        let mut out: Cow<'t, str> = Cow::Borrowed("");
        let mut failed = Failed(false);
        let kind = raw.decode_scalar(&mut out, &mut failed);
        if failed.0 || kind != toml_parser::decoder::ScalarKind::String {
            return None;
        }
        Some(out.into_owned())
    }

    /// The term read so far, checked and stored; errors give up.
    fn finish_term(&mut self) {
        if self.context != Context::Term || self.failed {
            return;
        }
        self.context = Context::Root;
        let term = std::mem::take(&mut self.term);
        let set = std::mem::replace(&mut self.term_set, [false; TERM_KEYS.len()]);
        // `ar` and `en` are required.
        if !set[0] || !set[1] {
            self.fail();
            return;
        }
        let index = self.piece.terms.len();
        for issue in rules::term_issues(&term) {
            if issue.severity == Severity::Error {
                self.fail();
                return;
            }
            let at = match TERM_KEYS.iter().position(|k| *k == issue.field.key()) {
                Some(k) if set[k] => self.term_at[k],
                _ => self.term_offset,
            };
            self.piece.warnings.push((index, at, issue.message));
        }
        self.piece.offsets.push(self.term_offset);
        self.piece.terms.push(term);
    }

    fn value(&mut self, value: Value, at: usize) {
        let Some(key) = self.key.take() else {
            return self.fail();
        };
        match self.context {
            Context::Root => self.fail(),
            Context::Header => {
                let (Some(k), Value::String(value)) =
                    (GLOSSARY_KEYS.iter().position(|g| *g == key), value)
                else {
                    return self.fail();
                };
                if std::mem::replace(&mut self.header_set[k], true) {
                    return self.fail();
                }
                self.header_values[k] = value;
            }
            Context::Term => {
                let Some(k) = TERM_KEYS.iter().position(|t| *t == key) else {
                    return self.fail();
                };
                if std::mem::replace(&mut self.term_set[k], true) {
                    return self.fail();
                }
                self.term_at[k] = at;
                let term = &mut self.term;
                match (TERM_KEYS[k], value) {
                    ("ar", Value::String(s)) => term.ar = s,
                    ("en", Value::String(s)) => term.en = s,
                    ("domain", Value::String(s)) => term.domain = s,
                    ("note", Value::String(s)) => term.note = s,
                    ("definition", Value::String(s)) => term.definition = s,
                    ("source", Value::String(s)) => term.source = s,
                    ("status", Value::String(s)) => match TermStatus::parse(&s) {
                        Some(status) => term.status = status,
                        None => self.fail(),
                    },
                    ("ar_variants", Value::Array(a)) => term.ar_variants = a,
                    ("en_alternatives", Value::Array(a)) => term.en_alternatives = a,
                    ("forbidden_en", Value::Array(a)) => term.forbidden_en = a,
                    ("ar_plurals", Value::Array(a)) => term.ar_plurals = a,
                    ("en_plural", Value::String(s)) => term.en_plural = s,
                    ("ar_exclude", Value::Array(a)) => term.ar_exclude = a,
                    ("gender_inflects", Value::Bool(b)) => term.gender_inflects = Some(b),
                    _ => self.fail(),
                }
            }
        }
    }
}

/// "term #3 (قمة)", as the thorough path names a term.
pub(super) fn term_name(number: usize, term: &Term) -> String {
    if term.ar.is_empty() {
        format!("term #{number}")
    } else {
        format!("term #{number} ({})", term.ar)
    }
}

impl EventReceiver for Receiver<'_> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.finish_term();
        self.header = Some((HeaderKind::Table, self.base + span.start()));
        self.header_keys.clear();
    }

    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        let ok = matches!(self.header, Some((HeaderKind::Table, _)))
            && self.header_keys.len() == 1
            && self.header_keys[0] == "glossary"
            && !self.header_seen;
        self.header = None;
        if !ok {
            return self.fail();
        }
        self.header_seen = true;
        self.context = Context::Header;
    }

    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.finish_term();
        self.header = Some((HeaderKind::ArrayOfTables, self.base + span.start()));
        self.header_keys.clear();
    }

    fn array_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        let Some((HeaderKind::ArrayOfTables, start)) = self.header.take() else {
            return self.fail();
        };
        if self.header_keys.len() != 1 || self.header_keys[0] != "term" {
            return self.fail();
        }
        self.context = Context::Term;
        self.term_offset = start;
    }

    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.fail();
        false
    }

    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.array.is_some() || self.key.is_none() {
            self.fail();
            return false;
        }
        self.array = Some((self.base + span.start(), Vec::new()));
        true
    }

    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        match self.array.take() {
            Some((start, items)) => self.value(Value::Array(items), start),
            None => self.fail(),
        }
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, encoding) else {
            return self.fail();
        };
        let mut key: Cow<'_, str> = Cow::Borrowed("");
        let mut failed = Failed(false);
        raw.decode_key(&mut key, &mut failed);
        if failed.0 || key.is_empty() {
            return self.fail();
        }
        if self.header.is_some() {
            self.header_keys.push(key);
        } else if self.key.is_some() {
            // A dotted key.
            self.fail();
        } else {
            self.key = Some(key);
        }
    }

    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.header.is_none() {
            self.fail();
        }
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        // A bare true or false outside an array (`gender_inflects`).
        if encoding.is_none() && self.array.is_none() {
            let text = self.source.input().get(span.start()..span.end());
            if let Some(flag @ ("true" | "false")) = text {
                return self.value(Value::Bool(flag == "true"), self.base + span.start());
            }
        }
        let Some(value) = self.decode_string(span, encoding) else {
            return self.fail();
        };
        match &mut self.array {
            Some((_, items)) => items.push(value),
            None => self.value(Value::String(value), self.base + span.start()),
        }
    }

    fn comment(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        let mut failed = Failed(false);
        match self.source.get(span) {
            Some(raw) => raw.decode_comment(&mut failed),
            None => failed.0 = true,
        }
        if failed.0 {
            self.fail();
        }
    }

    fn newline(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        let mut failed = Failed(false);
        match self.source.get(span) {
            Some(raw) => raw.decode_newline(&mut failed),
            None => failed.0 = true,
        }
        if failed.0 {
            self.fail();
        }
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.fail();
    }
}
