//! TMX in and out for the translation memory.
//!
//! [`TmxReader`] reads TMX 1.4b (`xml:lang`) and 1.1 (`lang`) as a stream
//! of [`ImportItem`]s, one per `<tu>`, in bounded memory: UTF-8 (with or
//! without a BOM) and UTF-16 LE/BE (with a BOM, as Trados writes it, or
//! without, told by the first bytes) are transcoded as they are read. One
//! text or tag, and one `<tu>` in all, may hold at most [`MAX_PIECE`] bytes.
//! The Arabic variant (`ar`, `ar-SA`, `AR_eg`…) is always the source and the
//! English one the target, whatever the header's `srclang` says; with
//! several of a language the first wins. Entities are never expanded and
//! nothing is fetched: a DOCTYPE declaring entities is refused, an external
//! DTD reference alone (OmegaT writes one) is ignored.
//!
//! What a unit gets from the file:
//! - `tuid`, `creationdate`/`changedate` (`YYYYMMDDThhmmssZ`; a malformed
//!   date is ignored), `creationid` (author) and `changeid` (changed_by) of
//!   the `<tu>`, else of the English `<tuv>`, else of the Arabic one (OmegaT
//!   puts them on the `<tuv>`). A missing creation date is the change date
//!   and the other way round; with neither, both are 0 (unknown). A missing
//!   `creationid` is the `changeid` (the only person known).
//! - Our own props, which become fields and are not kept as props:
//!   `x-status` (see [`UnitStatus::parse`]), `x-context-pre` (the previous
//!   Arabic sentence: empty for the start of a document, else wrapped in an
//!   escaped `<seg>` as memoQ writes it; read from the `<tu>` or the Arabic
//!   `<tuv>`, dropped from the English one), `x-project`, and `x-file` or `x-source-file`. The same
//!   types in the `<header>` give every unit its default project and file.
//! - Other tools' props, kept as props, which fill a field that our own
//!   props leave unset: Trados `x-ConfirmationLevel` (`ApprovedSignOff` or
//!   `ApprovedTranslation` → reviewed, anything else → translated), memoQ
//!   `x-document` (file) and `project`, Phrase `context_prev` (on the Arabic
//!   `<tuv>`: previous), `created_at`/`modified_at` (milliseconds) and
//!   `created_by`/`modified_by`. Prop types are compared ignoring case.
//! - Every other `<prop>` and `<note>` of the `<tu>` and of the chosen
//!   `<tuv>`s, in document order.
//! - `<seg>` text exactly as written (XML line-end normalisation only),
//!   `<hi>` content included, the native code inside `<bpt>`, `<ept>`,
//!   `<ph>`, `<it>`, `<ut>` (and their `<sub>`) left out; a seg holding any
//!   element also keeps its inner XML, re-serialised, as the markup.
//!
//! [`TmxWriter`] writes TMX 1.4b that validates against the DTD and reads
//! back to the same units (so export → import → export is stable); the
//! store's export goes to disk atomically with [`write_tmx_file`].

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::sync::atomic::Ordering;

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::{ImportItem, Progress, SkipReason, TmError, Unit, UnitStatus};
use crate::formats::xml::{
    self, ENTITY_DOCTYPE_MESSAGE, MAX_DEPTH, doctype_declares_entities, push_escaped,
    push_escaped_attr,
};

/// The most bytes one text, tag or attribute, and one `<tu>` in all
/// (its texts, markup, props and notes), may hold.
pub const MAX_PIECE: usize = 4 << 20;

/// The longest element name accepted (bounds what the parser remembers of
/// the open elements).
const MAX_NAME: usize = 1024;

/// Size of the transcoded buffer the XML parser reads from.
const CHUNK: usize = 64 * 1024;

// ---------------------------------------------------------------- input

/// Why the bytes themselves could not be read.
#[derive(Debug, Clone)]
enum Problem {
    Bytes { line: u64, message: String },
    TooLong { line: u64 },
    Io(String),
}

/// The file as UTF-8 for the parser: transcoded from UTF-16, checked to be
/// UTF-8 holding only characters XML allows, lines counted as the parser
/// consumes them, and no piece longer than [`MAX_PIECE`].
struct Input<'p, R> {
    inner: R,
    decoder: Option<Decoder>,
    out: Box<[u8]>,
    start: usize,
    end: usize,
    /// Nothing more will be decoded.
    eof: bool,
    problem: Option<Problem>,
    /// 1 + the newlines consumed so far.
    line: u64,
    /// Bytes consumed since [`mark`](Self::mark).
    since_mark: usize,
    raw_read: u64,
    progress: Option<&'p Progress>,
}

impl<'p, R: BufRead> Input<'p, R> {
    fn new(inner: R, progress: Option<&'p Progress>) -> Self {
        Input {
            inner,
            decoder: None,
            out: vec![0; CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            problem: None,
            line: 1,
            since_mark: 0,
            raw_read: 0,
            progress,
        }
    }

    /// Starts a new piece (an XML event) for the length limit.
    fn mark(&mut self) {
        self.since_mark = 0;
    }

    fn problem_error(&self) -> io::Error {
        io::Error::other("the TMX input could not be read")
    }

    fn advance_raw(&mut self, n: usize) {
        self.inner.consume(n);
        self.raw_read += n as u64;
        if let Some(p) = self.progress {
            p.bytes_done.store(self.raw_read, Ordering::Relaxed);
        }
    }

    /// Reads the first bytes (at most 4) to tell the encoding, and decodes them.
    fn sniff(&mut self) {
        let mut head = [0u8; 4];
        let mut n = 0;
        while n < head.len() {
            let raw = match self.inner.fill_buf() {
                Ok(raw) => raw,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.problem.get_or_insert(Problem::Io(e.to_string()));
                    self.eof = true;
                    return;
                }
            };
            if raw.is_empty() {
                break;
            }
            let take = raw.len().min(head.len() - n);
            head[n..n + take].copy_from_slice(&raw[..take]);
            n += take;
            self.advance_raw(take);
        }
        let (encoding, bom): (&'static Encoding, bool) = match head[..n] {
            [0xEF, 0xBB, 0xBF, ..] => (UTF_8, true),
            [0xFF, 0xFE, ..] => (UTF_16LE, true),
            [0xFE, 0xFF, ..] => (UTF_16BE, true),
            [b'<', 0, _, 0] => (UTF_16LE, false),
            [0, b'<', 0, _] => (UTF_16BE, false),
            _ => (UTF_8, false),
        };
        let mut decoder = if bom {
            encoding.new_decoder_with_bom_removal()
        } else {
            encoding.new_decoder_without_bom_handling()
        };
        let (result, _, written) =
            decoder.decode_to_utf8_without_replacement(&head[..n], &mut self.out, false);
        self.decoder = Some(decoder);
        self.decoded(result, written);
    }

    /// Takes in the `written` bytes just decoded into `self.out`: checks
    /// them and notes a decoding error.
    fn decoded(&mut self, result: DecoderResult, written: usize) {
        let mut end = written;
        if let Some((bad, c)) = forbidden_char(&self.out[..end]) {
            end = bad;
            self.fail_bytes(
                end,
                format!(
                    "the character U+{:04X}, which XML does not allow",
                    u32::from(c)
                ),
            );
        } else if let DecoderResult::Malformed(..) = result {
            let name = self
                .decoder
                .as_ref()
                .map_or("UTF-8", |d| d.encoding().name());
            self.fail_bytes(end, format!("bytes that are not valid {name}"));
        }
        self.end = end;
    }

    fn fail_bytes(&mut self, valid_end: usize, message: String) {
        let line = self.line + newlines(&self.out[self.start..valid_end]);
        self.problem.get_or_insert(Problem::Bytes { line, message });
        self.eof = true;
    }

    /// Decodes more of the input into the (empty) buffer.
    fn refill(&mut self) {
        self.start = 0;
        self.end = 0;
        if self.decoder.is_none() {
            self.sniff();
        }
        while self.end == 0 && !self.eof {
            let Some(decoder) = self.decoder.as_mut() else {
                break;
            };
            let raw = match self.inner.fill_buf() {
                Ok(raw) => raw,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.problem.get_or_insert(Problem::Io(e.to_string()));
                    self.eof = true;
                    break;
                }
            };
            let last = raw.is_empty();
            let (result, read, written) =
                decoder.decode_to_utf8_without_replacement(raw, &mut self.out, last);
            self.advance_raw(read);
            if last && result == DecoderResult::InputEmpty {
                self.eof = true;
            }
            self.decoded(result, written);
        }
    }
}

impl<R: BufRead> io::Read for Input<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Input<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            if self.since_mark > MAX_PIECE {
                self.problem
                    .get_or_insert(Problem::TooLong { line: self.line });
            }
            if self.problem.is_none() {
                self.refill();
            }
            if self.start == self.end && self.problem.is_some() {
                return Err(self.problem_error());
            }
        }
        Ok(&self.out[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let n = amount.min(self.end - self.start);
        self.line += newlines(&self.out[self.start..self.start + n]);
        self.since_mark += n;
        self.start += n;
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The first character of valid UTF-8 `bytes` that XML 1.0 does not allow
/// (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF), with its offset.
fn forbidden_char(bytes: &[u8]) -> Option<(usize, char)> {
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        0..=8 | 0x0B | 0x0C | 0x0E..=0x1F => Some((i, char::from(b))),
        0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some((
            i,
            if bytes[i + 2] == 0xBE {
                '\u{FFFE}'
            } else {
                '\u{FFFF}'
            },
        )),
        _ => None,
    })
}

// ---------------------------------------------------------------- reader

/// Opens a TMX file for [`TmxReader`]; refuses what is not a regular file
/// (a directory, a FIFO, a device) and sets `progress.bytes_total`.
pub fn open_tmx<'p>(
    path: &Path,
    progress: Option<&'p Progress>,
) -> Result<TmxReader<'p, BufReader<File>>, TmError> {
    let label = path.display().to_string();
    let io_error = |e: io::Error| TmError::Io {
        path: label.clone(),
        message: crate::io_message(&e, path),
    };
    let not_regular = || TmError::Io {
        path: label.clone(),
        message: "not a regular file".into(),
    };
    // Checked before opening: opening a FIFO would wait for a writer.
    if !std::fs::metadata(path).map_err(io_error)?.is_file() {
        return Err(not_regular());
    }
    let file = File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if let Some(p) = progress {
        p.bytes_total.store(meta.len(), Ordering::Relaxed);
    }
    Ok(TmxReader::new(
        BufReader::with_capacity(CHUNK, file),
        &label,
        progress,
    ))
}

/// What an open element is, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    /// A `<prop>` or `<note>` being collected.
    Field,
    Seg,
    /// An element inside a `<seg>`; `code` when it is native code.
    Inline {
        code: bool,
    },
    /// Anything else: its text is ignored.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ar,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Header,
    Tu,
    Tuv,
}

/// Dates and ids read from attributes.
#[derive(Debug, Default)]
struct Stamp {
    created: Option<i64>,
    changed: Option<i64>,
    author: Option<String>,
    changed_by: Option<String>,
}

#[derive(Debug, Default)]
struct Field {
    note: bool,
    kind: String,
    text: String,
}

#[derive(Debug, Default)]
struct Seg {
    text: String,
    markup: String,
    inline: bool,
    code_depth: usize,
}

#[derive(Debug)]
struct Tuv {
    side: Option<Side>,
    stamp: Stamp,
    props: Vec<(String, String)>,
    notes: Vec<String>,
    seg: Option<Seg>,
}

#[derive(Debug, Default)]
struct Tu {
    tuid: String,
    stamp: Stamp,
    props: Vec<(String, String)>,
    notes: Vec<String>,
    /// The chosen variants, in document order.
    variants: Vec<Tuv>,
}

impl Tu {
    fn has(&self, side: Side) -> bool {
        self.variants.iter().any(|v| v.side == Some(side))
    }

    fn variant(&self, side: Side) -> Option<&Tuv> {
        self.variants.iter().find(|v| v.side == Some(side))
    }
}

/// A streaming TMX reader: an iterator of one [`ImportItem`] per `<tu>`,
/// ending after the first error.
pub struct TmxReader<'p, R: BufRead> {
    xml: quick_xml::Reader<Input<'p, R>>,
    buf: Vec<u8>,
    label: String,
    stack: Vec<Ctx>,
    seen_root: bool,
    root_done: bool,
    seen_body: bool,
    /// Default project and file from the header's props.
    header_project: Option<String>,
    header_file: Option<String>,
    tu: Option<Tu>,
    tuv: Option<Tuv>,
    field: Option<(Owner, Field)>,
    seg: Option<Seg>,
    /// Bytes held for the current `<tu>` (or header prop).
    held: usize,
    done: bool,
}

impl<'p, R: BufRead> TmxReader<'p, R> {
    /// Reads `input`; `path_label` names it in errors. `progress.bytes_done`
    /// follows the bytes read.
    pub fn new(input: R, path_label: &str, progress: Option<&'p Progress>) -> Self {
        let mut xml = quick_xml::Reader::from_reader(Input::new(input, progress));
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        TmxReader {
            xml,
            buf: Vec::new(),
            label: path_label.to_owned(),
            stack: Vec::new(),
            seen_root: false,
            root_done: false,
            seen_body: false,
            header_project: None,
            header_file: None,
            tu: None,
            tuv: None,
            field: None,
            seg: None,
            held: 0,
            done: false,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> TmError {
        TmError::Tmx {
            path: self.label.clone(),
            line,
            message: message.into(),
        }
    }

    fn line(&self) -> u64 {
        self.xml.get_ref().line
    }

    /// The error for a failed read: a problem with the bytes, else the parser's.
    fn read_error(&self, e: &quick_xml::Error) -> TmError {
        match &self.xml.get_ref().problem {
            Some(Problem::Bytes { line, message }) => self.error(*line, message.clone()),
            Some(Problem::TooLong { line }) => self.too_long(*line),
            Some(Problem::Io(message)) => TmError::Io {
                path: self.label.clone(),
                message: message.clone(),
            },
            None => self.error(self.line(), format!("malformed XML: {e}")),
        }
    }

    fn too_long(&self, line: u64) -> TmError {
        self.error(
            line,
            format!("a text or tag longer than {} MiB: refused", MAX_PIECE >> 20),
        )
    }

    /// Counts `n` more bytes held for the current unit.
    fn hold(&mut self, n: usize, line: u64) -> Result<(), TmError> {
        self.held += n;
        if self.held > MAX_PIECE {
            return Err(self.error(
                line,
                format!(
                    "a <tu> holding more than {} MiB of text and markup: refused",
                    MAX_PIECE >> 20
                ),
            ));
        }
        Ok(())
    }

    /// Reads events until a `<tu>` ends (`Some`) or the file does (`None`).
    fn step(&mut self) -> Result<Option<ImportItem>, TmError> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = loop {
            buf.clear();
            if buf.capacity() > 4 * CHUNK {
                buf.shrink_to(CHUNK);
            }
            let line = self.line();
            self.xml.get_mut().mark();
            let event = match self.xml.read_event_into(&mut buf) {
                Ok(_) if self.xml.get_ref().since_mark > MAX_PIECE => {
                    break Err(self.too_long(line));
                }
                Ok(event) => event,
                Err(e) => break Err(self.read_error(&e)),
            };
            let item = match event {
                Event::Start(e) => self.start(&e, false, line).map(|()| None),
                Event::Empty(e) => match self.start(&e, true, line) {
                    Ok(()) => self.end(None, line),
                    Err(e) => Err(e),
                },
                Event::End(e) => self.end(Some(e.name().as_ref()), line),
                Event::Text(t) => match t.xml10_content() {
                    Ok(text) => self.text(&text, line).map(|()| None),
                    Err(e) => Err(self.error(line, format!("malformed XML: {e}"))),
                },
                Event::CData(t) => match t.xml10_content() {
                    Ok(text) => self.text(&text, line).map(|()| None),
                    Err(e) => Err(self.error(line, format!("malformed XML: {e}"))),
                },
                Event::GeneralRef(r) => match self.reference(&r, line) {
                    Ok(c) => {
                        let mut utf8 = [0u8; 4];
                        self.text(c.encode_utf8(&mut utf8), line).map(|()| None)
                    }
                    Err(e) => Err(e),
                },
                Event::Decl(d) => self.declaration(&d, line).map(|()| None),
                Event::DocType(d) => {
                    if self.seen_root {
                        Err(self.error(line, "malformed XML: a DOCTYPE inside the document"))
                    } else if doctype_declares_entities(&d) {
                        Err(self.error(line, ENTITY_DOCTYPE_MESSAGE))
                    } else {
                        Ok(None)
                    }
                }
                Event::Comment(_) | Event::PI(_) => Ok(None),
                Event::Eof => break self.eof(),
            };
            match item {
                Ok(None) => {}
                other => break other,
            }
        };
        self.buf = buf;
        result
    }

    fn eof(&self) -> Result<Option<ImportItem>, TmError> {
        if !self.seen_root {
            return Err(self.error(self.line(), "no XML element: not a TMX file"));
        }
        if !self.stack.is_empty() {
            return Err(self.error(
                self.line(),
                "malformed XML: the file ends before its elements are closed",
            ));
        }
        Ok(None)
    }

    fn declaration(&self, d: &quick_xml::events::BytesDecl<'_>, line: u64) -> Result<(), TmError> {
        let Some(Ok(label)) = d.encoding() else {
            return Ok(());
        };
        let ascii = [&b"us-ascii"[..], b"ascii"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(label.trim_ascii()));
        match Encoding::for_label(label.as_ref()) {
            _ if ascii => Ok(()),
            Some(e) if e == UTF_8 || e == UTF_16LE || e == UTF_16BE => Ok(()),
            _ => Err(self.error(
                line,
                format!(
                    "the file declares the encoding {}: only UTF-8 and UTF-16 are read (save it as UTF-8)",
                    String::from_utf8_lossy(&label)
                ),
            )),
        }
    }

    fn reference(&self, r: &quick_xml::events::BytesRef<'_>, line: u64) -> Result<char, TmError> {
        match r.resolve_char_ref() {
            Ok(Some(c)) if xml::is_xml_char(c) => Ok(c),
            Ok(Some(c)) => Err(self.error(
                line,
                format!(
                    "malformed XML: a reference to U+{:04X}, which XML does not allow",
                    u32::from(c)
                ),
            )),
            Ok(None) => {
                let name = String::from_utf8_lossy(r).into_owned();
                quick_xml::escape::resolve_predefined_entity(&name)
                    .and_then(|v| v.chars().next())
                    .ok_or_else(|| {
                        self.error(
                            line,
                            format!(
                                "undefined entity `&{name};` (only the five XML entities are allowed; entities are never expanded)"
                            ),
                        )
                    })
            }
            Err(e) => Err(self.error(line, format!("malformed character reference: {e}"))),
        }
    }

    /// The attributes of `e`: qualified name and normalised value.
    fn attributes(&self, e: &BytesStart<'_>, line: u64) -> Result<Vec<(String, String)>, TmError> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| self.error(line, format!("malformed XML: {err}")))?;
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| {
                    self.error(
                        line,
                        format!("malformed attribute (entities are never expanded): {err}"),
                    )
                })?;
            if let Some(c) = value.chars().find(|&c| !xml::is_xml_char(c)) {
                return Err(self.error(
                    line,
                    format!(
                        "malformed XML: a reference to U+{:04X}, which XML does not allow",
                        u32::from(c)
                    ),
                ));
            }
            out.push((
                String::from_utf8_lossy(attr.key.as_ref()).into_owned(),
                value.into_owned(),
            ));
        }
        Ok(out)
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool, line: u64) -> Result<(), TmError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(line, format!("elements nested deeper than {MAX_DEPTH}")));
        }
        let qname = e.name();
        if qname.as_ref().len() > MAX_NAME {
            return Err(self.error(
                line,
                format!("an element name longer than {MAX_NAME} bytes"),
            ));
        }
        // Every element's attributes are read, so each is checked.
        let attrs = self.attributes(e, line)?;
        let local = e.local_name();
        let name = local.as_ref();
        let ctx = match self.stack.last().copied() {
            None => {
                if self.root_done {
                    return Err(self.error(line, "malformed XML: content after the root element"));
                }
                if name != b"tmx" {
                    return Err(self.error(
                        line,
                        format!(
                            "not a TMX file: the root element is <{}>",
                            String::from_utf8_lossy(qname.as_ref())
                        ),
                    ));
                }
                self.seen_root = true;
                Ctx::Tmx
            }
            Some(Ctx::Tmx) => match name {
                b"header" => Ctx::Header,
                b"body" => {
                    self.seen_body = true;
                    Ctx::Body
                }
                _ => Ctx::Other,
            },
            Some(Ctx::Header) if name == b"prop" => {
                self.held = 0;
                self.open_field(Owner::Header, &attrs, false, line)?
            }
            Some(Ctx::Body) if name == b"tu" => {
                self.held = 0;
                let mut tu = Tu {
                    stamp: stamp(&attrs),
                    ..Tu::default()
                };
                if let Some(id) = attr(&attrs, "tuid") {
                    tu.tuid = id.to_owned();
                }
                self.tu = Some(tu);
                Ctx::Tu
            }
            Some(Ctx::Tu) => match name {
                b"prop" | b"note" => self.open_field(Owner::Tu, &attrs, name == b"note", line)?,
                b"tuv" => {
                    let lang = attr(&attrs, "xml:lang").or_else(|| attr(&attrs, "lang"));
                    let side = lang
                        .and_then(side_of)
                        .filter(|&side| self.tu.as_ref().is_some_and(|tu| !tu.has(side)));
                    self.tuv = Some(Tuv {
                        side,
                        stamp: stamp(&attrs),
                        props: Vec::new(),
                        notes: Vec::new(),
                        seg: None,
                    });
                    Ctx::Tuv
                }
                _ => Ctx::Other,
            },
            Some(Ctx::Tuv) if self.tuv.as_ref().is_some_and(|t| t.side.is_some()) => match name {
                b"prop" | b"note" => self.open_field(Owner::Tuv, &attrs, name == b"note", line)?,
                b"seg" if self.tuv.as_ref().is_some_and(|t| t.seg.is_none()) => {
                    self.seg = Some(Seg::default());
                    Ctx::Seg
                }
                _ => Ctx::Other,
            },
            Some(Ctx::Seg | Ctx::Inline { .. }) => {
                let code = matches!(name, b"bpt" | b"ept" | b"ph" | b"it" | b"ut");
                let mut markup = String::new();
                markup.push('<');
                markup.push_str(&String::from_utf8_lossy(qname.as_ref()));
                for (key, value) in &attrs {
                    markup.push(' ');
                    markup.push_str(key);
                    markup.push_str("=\"");
                    push_escaped_attr(&mut markup, value);
                    markup.push('"');
                }
                markup.push_str(if empty { "/>" } else { ">" });
                self.hold(markup.len(), line)?;
                if let Some(seg) = self.seg.as_mut() {
                    seg.inline = true;
                    seg.markup.push_str(&markup);
                    if code && !empty {
                        seg.code_depth += 1;
                    }
                }
                Ctx::Inline { code }
            }
            Some(_) => Ctx::Other,
        };
        self.stack.push(ctx);
        Ok(())
    }

    fn open_field(
        &mut self,
        owner: Owner,
        attrs: &[(String, String)],
        note: bool,
        line: u64,
    ) -> Result<Ctx, TmError> {
        let kind = attr(attrs, "type").unwrap_or_default().to_owned();
        self.hold(kind.len(), line)?;
        self.field = Some((
            owner,
            Field {
                note,
                kind,
                text: String::new(),
            },
        ));
        Ok(Ctx::Field)
    }

    /// Closes the innermost element; `name` is the end tag's (`None` for an
    /// empty element).
    fn end(&mut self, name: Option<&[u8]>, line: u64) -> Result<Option<ImportItem>, TmError> {
        let Some(ctx) = self.stack.pop() else {
            return Err(self.error(line, "malformed XML: an end tag with no start tag"));
        };
        match ctx {
            Ctx::Tmx => {
                self.root_done = true;
                if !self.seen_body {
                    return Err(self.error(line, "no <body>: not a TMX file"));
                }
            }
            Ctx::Field => self.close_field(),
            Ctx::Seg => {
                if let (Some(seg), Some(tuv)) = (self.seg.take(), self.tuv.as_mut()) {
                    tuv.seg = Some(seg);
                }
            }
            Ctx::Inline { code } => {
                if let (Some(seg), Some(name)) = (self.seg.as_mut(), name) {
                    if code {
                        seg.code_depth = seg.code_depth.saturating_sub(1);
                    }
                    seg.markup.push_str("</");
                    seg.markup.push_str(&String::from_utf8_lossy(name));
                    seg.markup.push('>');
                    let n = name.len() + 3;
                    self.hold(n, line)?;
                }
            }
            Ctx::Tuv => {
                if let (Some(tuv), Some(tu)) = (self.tuv.take(), self.tu.as_mut())
                    && tuv.side.is_some()
                {
                    tu.variants.push(tuv);
                }
            }
            Ctx::Tu => {
                if let Some(tu) = self.tu.take() {
                    return Ok(Some(self.item(tu)));
                }
            }
            Ctx::Header | Ctx::Body | Ctx::Other => {}
        }
        Ok(None)
    }

    fn close_field(&mut self) {
        let Some((owner, field)) = self.field.take() else {
            return;
        };
        match owner {
            Owner::Header => {
                if field.note {
                    return;
                }
                match own_field(&field.kind) {
                    Some(Key::Project) => {
                        self.header_project.get_or_insert(field.text);
                    }
                    Some(Key::File) => {
                        self.header_file.get_or_insert(field.text);
                    }
                    _ => {}
                }
            }
            Owner::Tu => {
                if let Some(tu) = self.tu.as_mut() {
                    push_field(&mut tu.props, &mut tu.notes, field);
                }
            }
            Owner::Tuv => {
                if let Some(tuv) = self.tuv.as_mut() {
                    push_field(&mut tuv.props, &mut tuv.notes, field);
                }
            }
        }
    }

    fn text(&mut self, text: &str, line: u64) -> Result<(), TmError> {
        if self.stack.is_empty() {
            let Some(at) = text.find(|c: char| !c.is_whitespace()) else {
                return Ok(());
            };
            let line = line + newlines(&text.as_bytes()[..at]);
            return Err(self.error(line, "malformed XML: text outside the root element"));
        }
        if let Some(seg) = self.seg.as_mut() {
            let before = seg.markup.len();
            if seg.code_depth == 0 {
                seg.text.push_str(text);
            }
            push_escaped(&mut seg.markup, text);
            let n = seg.markup.len() - before + text.len();
            self.hold(n, line)?;
        } else if let Some((_, field)) = self.field.as_mut() {
            field.text.push_str(text);
            self.hold(text.len(), line)?;
        }
        Ok(())
    }

    /// The item for a finished `<tu>`.
    fn item(&self, tu: Tu) -> ImportItem {
        let (Some(ar), Some(en)) = (tu.variant(Side::Ar), tu.variant(Side::En)) else {
            return ImportItem::Skipped(if tu.has(Side::Ar) {
                SkipReason::NoEnglish
            } else {
                SkipReason::NoArabic
            });
        };
        let empty = Seg::default();
        let (ar_seg, en_seg) = (
            ar.seg.as_ref().unwrap_or(&empty),
            en.seg.as_ref().unwrap_or(&empty),
        );
        if ar_seg.text.trim().is_empty() || en_seg.text.trim().is_empty() {
            return ImportItem::Skipped(SkipReason::EmptyText);
        }
        let mut unit = Unit {
            tuid: tu.tuid.clone(),
            source: ar_seg.text.clone(),
            target: en_seg.text.clone(),
            source_markup: ar_seg.inline.then(|| ar_seg.markup.clone()),
            target_markup: en_seg.inline.then(|| en_seg.markup.clone()),
            ..Unit::default()
        };
        let stamps = [&tu.stamp, &en.stamp, &ar.stamp];
        let created = stamps.iter().find_map(|s| s.created);
        let changed = stamps.iter().find_map(|s| s.changed);
        let author = stamps.iter().find_map(|s| s.author.clone());
        let changed_by = stamps.iter().find_map(|s| s.changed_by.clone());

        // Props in document order, each with where it was.
        let mut own: [Option<String>; KEYS] = Default::default();
        let mut foreign: [Option<String>; KEYS] = Default::default();
        let scoped = std::iter::once((None, &tu.props, &tu.notes))
            .chain(tu.variants.iter().map(|v| (v.side, &v.props, &v.notes)));
        for (side, props, notes) in scoped {
            for (kind, value) in props {
                match own_field(kind) {
                    // The English before it: of no use here.
                    Some(Key::Previous) if side == Some(Side::En) => continue,
                    Some(key) => {
                        own[key as usize].get_or_insert_with(|| value.clone());
                        continue;
                    }
                    None => {}
                }
                if let Some(key) = foreign_field(kind)
                    && (key != Key::Previous || side == Some(Side::Ar))
                    && !value.trim().is_empty()
                {
                    foreign[key as usize].get_or_insert_with(|| value.trim().to_owned());
                }
                unit.props.push((kind.clone(), value.clone()));
            }
            unit.notes.extend(notes.iter().cloned());
        }
        let take = |key: Key| own[key as usize].clone();
        let theirs = |key: Key| foreign[key as usize].clone();
        let millis = |key: Key| {
            theirs(key)
                .and_then(|v| v.parse::<i64>().ok())
                .map(|ms| ms.div_euclid(1000))
        };

        unit.status = take(Key::Status)
            .and_then(|s| UnitStatus::parse(&s))
            .or_else(|| theirs(Key::Status).map(|s| confirmation_level(&s)))
            .unwrap_or_default();
        unit.previous = take(Key::Previous)
            .map(|p| context_text(&p))
            .or_else(|| theirs(Key::Previous));
        unit.project = take(Key::Project)
            .or_else(|| theirs(Key::Project))
            .or_else(|| self.header_project.clone())
            .unwrap_or_default();
        unit.file = take(Key::File)
            .or_else(|| theirs(Key::File))
            .or_else(|| self.header_file.clone())
            .unwrap_or_default();
        let created = created.or_else(|| millis(Key::Created));
        let changed = changed.or_else(|| millis(Key::Changed));
        unit.created = created.or(changed).unwrap_or(0);
        unit.changed = changed.or(created).unwrap_or(0);
        unit.changed_by = changed_by
            .or_else(|| theirs(Key::ChangedBy))
            .unwrap_or_default();
        unit.author = author
            .or_else(|| theirs(Key::Author))
            .unwrap_or_else(|| unit.changed_by.clone());
        ImportItem::Unit(Box::new(unit))
    }
}

impl<R: BufRead> Iterator for TmxReader<'_, R> {
    type Item = Result<ImportItem, TmError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.step() {
            Ok(Some(item)) => Some(Ok(item)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn push_field(props: &mut Vec<(String, String)>, notes: &mut Vec<String>, field: Field) {
    if field.note {
        notes.push(field.text);
    } else {
        props.push((field.kind, field.text));
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn stamp(attrs: &[(String, String)]) -> Stamp {
    Stamp {
        created: attr(attrs, "creationdate").and_then(parse_tmx_date),
        changed: attr(attrs, "changedate").and_then(parse_tmx_date),
        author: attr(attrs, "creationid").map(str::to_owned),
        changed_by: attr(attrs, "changeid").map(str::to_owned),
    }
}

/// Which language a `<tuv>` is for: the primary subtag of `ar-SA`, `AR_eg`…
fn side_of(lang: &str) -> Option<Side> {
    let primary = lang.trim().split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("ar") || primary.eq_ignore_ascii_case("ara") {
        Some(Side::Ar)
    } else if primary.eq_ignore_ascii_case("en") || primary.eq_ignore_ascii_case("eng") {
        Some(Side::En)
    } else {
        None
    }
}

/// The unit fields props can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Status,
    Previous,
    Project,
    File,
    Created,
    Changed,
    Author,
    ChangedBy,
}

const KEYS: usize = 8;

/// Our own prop types: fields, not kept as props.
const OWN_PROPS: [(&str, Key); 5] = [
    ("x-status", Key::Status),
    ("x-context-pre", Key::Previous),
    ("x-project", Key::Project),
    ("x-file", Key::File),
    ("x-source-file", Key::File),
];

/// Other tools' prop types that fill a field ours leave unset.
const FOREIGN_PROPS: [(&str, Key); 8] = [
    ("x-ConfirmationLevel", Key::Status),
    ("x-document", Key::File),
    ("project", Key::Project),
    ("context_prev", Key::Previous),
    ("created_at", Key::Created),
    ("modified_at", Key::Changed),
    ("created_by", Key::Author),
    ("modified_by", Key::ChangedBy),
];

fn lookup(table: &[(&str, Key)], kind: &str) -> Option<Key> {
    table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(kind.trim()))
        .map(|&(_, key)| key)
}

fn own_field(kind: &str) -> Option<Key> {
    lookup(&OWN_PROPS, kind)
}

fn foreign_field(kind: &str) -> Option<Key> {
    lookup(&FOREIGN_PROPS, kind)
}

/// Whether the writer writes props of this type itself (so a unit's own
/// props of the type are not written again).
fn is_own_prop(kind: &str) -> bool {
    own_field(kind).is_some()
}

/// A Trados confirmation level as a status.
fn confirmation_level(level: &str) -> UnitStatus {
    if level.eq_ignore_ascii_case("ApprovedSignOff")
        || level.eq_ignore_ascii_case("ApprovedTranslation")
    {
        UnitStatus::Reviewed
    } else {
        UnitStatus::Translated
    }
}

/// The previous sentence from an `x-context-pre` value: memoQ (and we)
/// wrap it in `<seg>…</seg>`, others write the text.
fn context_text(value: &str) -> String {
    let trimmed = value.trim();
    if trimmed.starts_with("<seg")
        && trimmed.ends_with("</seg>")
        && let Ok(seg) = xml::parse(trimmed)
    {
        let mut text = String::new();
        tree_text(&seg, false, &mut text);
        return text;
    }
    trimmed.to_owned()
}

/// The text of a parsed `<seg>` as the reader takes it: native code left out.
fn tree_text(element: &xml::Element, code: bool, out: &mut String) {
    for child in &element.children {
        match child {
            xml::Node::Text(t) if !code => out.push_str(t),
            xml::Node::Text(_) => {}
            xml::Node::Element(e) => tree_text(
                e,
                code || matches!(e.name.as_str(), "bpt" | "ept" | "ph" | "it" | "ut"),
                out,
            ),
        }
    }
}

// ---------------------------------------------------------------- dates

/// A TMX date (`20240301T101500Z`; `2024-03-01T10:15:00Z` too) as Unix
/// seconds; `None` when malformed.
pub fn parse_tmx_date(text: &str) -> Option<i64> {
    let compact: Vec<u8> = text
        .trim()
        .bytes()
        .filter(|b| !matches!(b, b'-' | b':'))
        .collect();
    let [date @ .., t, h1, h2, n1, n2, s1, s2, z] = compact.as_slice() else {
        return None;
    };
    if date.len() != 8 || !t.eq_ignore_ascii_case(&b'T') || !z.eq_ignore_ascii_case(&b'Z') {
        return None;
    }
    let number = |digits: &[u8]| -> Option<i64> {
        digits.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let (y, m, d) = (
        number(&date[..4])?,
        number(&date[4..6])?,
        number(&date[6..])?,
    );
    let (h, n, s) = (
        number(&[*h1, *h2])?,
        number(&[*n1, *n2])?,
        number(&[*s1, *s2])?,
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=12).contains(&m)
        && d >= 1
        && d <= month_days[usize::try_from(m - 1).ok()?]
        && h < 24
        && n < 60
        && s <= 60;
    valid.then(|| crate::time::days_from_civil(y, m, d) * 86_400 + h * 3600 + n * 60 + s)
}

/// Unix seconds as a TMX date (`20240301T101500Z`), clamped to years 0–9999.
pub fn format_tmx_date(secs: i64) -> String {
    crate::time::tmx(secs)
}

// ---------------------------------------------------------------- writer

/// Writes TMX 1.4b: the declaration and header on [`new`](Self::new), one
/// `<tu>` per [`write_unit`](Self::write_unit), the end on
/// [`finish`](Self::finish). Wrap a file in a `BufWriter` (or use
/// [`crate::AtomicFile`], which buffers).
pub struct TmxWriter<W: Write> {
    out: W,
    buf: String,
}

impl<W: Write> TmxWriter<W> {
    /// A TMX made now with no header props.
    pub fn new(out: W) -> io::Result<Self> {
        Self::with_header(out, super::now_secs(), &[])
    }

    /// A TMX whose header says it was made at `created` (Unix seconds),
    /// with `props` (type, value) in the header.
    pub fn with_header(out: W, created: i64, props: &[(String, String)]) -> io::Result<Self> {
        let mut buf = String::with_capacity(1024);
        let _ = write!(
            buf,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header \
             creationtool=\"Tarjuman\" creationtoolversion=\"{}\" segtype=\"sentence\" \
             o-tmf=\"Tarjuman\" adminlang=\"en\" srclang=\"ar\" datatype=\"plaintext\" \
             creationdate=\"{}\"",
            env!("CARGO_PKG_VERSION"),
            format_tmx_date(created)
        );
        if props.is_empty() {
            buf.push_str("/>\n");
        } else {
            buf.push_str(">\n");
            for (kind, value) in props {
                push_prop(&mut buf, "    ", kind, value);
            }
            buf.push_str("  </header>\n");
        }
        buf.push_str("  <body>\n");
        let mut writer = TmxWriter { out, buf };
        writer.flush_buf()?;
        Ok(writer)
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.out.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }

    /// Writes one `<tu>`: `tuid` (the unit's, else its id), the dates and
    /// ids, its notes, our fields as props (`x-status`; `x-context-pre`,
    /// empty for the start of a document; `x-project`, `x-file` when set),
    /// its other props (those of our own types are left out: the fields
    /// stand for them), then the Arabic and English variants. The markup is
    /// written when it is well-formed and its text is the unit's, else the
    /// text, escaped.
    pub fn write_unit(&mut self, unit: &Unit) -> io::Result<()> {
        let b = &mut self.buf;
        b.push_str("    <tu");
        let tuid = if unit.tuid.is_empty() && unit.id != 0 {
            Cow::Owned(unit.id.to_string())
        } else {
            Cow::Borrowed(unit.tuid.as_str())
        };
        if !tuid.is_empty() {
            push_attr(b, "tuid", &tuid);
        }
        push_attr(b, "creationdate", &format_tmx_date(unit.created));
        push_attr(b, "changedate", &format_tmx_date(unit.changed));
        // An empty creationid keeps a known-empty author from being read
        // as the changeid.
        if !unit.author.is_empty() || !unit.changed_by.is_empty() {
            push_attr(b, "creationid", &unit.author);
        }
        if !unit.changed_by.is_empty() {
            push_attr(b, "changeid", &unit.changed_by);
        }
        b.push_str(">\n");
        for note in &unit.notes {
            b.push_str("      <note>");
            push_escaped(b, note);
            b.push_str("</note>\n");
        }
        push_prop(b, "      ", "x-status", unit.status.label());
        if let Some(previous) = &unit.previous {
            let mut wrapped = String::new();
            if !previous.is_empty() {
                wrapped.push_str("<seg>");
                push_escaped(&mut wrapped, previous);
                wrapped.push_str("</seg>");
            }
            push_prop(b, "      ", "x-context-pre", &wrapped);
        }
        if !unit.project.is_empty() {
            push_prop(b, "      ", "x-project", &unit.project);
        }
        if !unit.file.is_empty() {
            push_prop(b, "      ", "x-file", &unit.file);
        }
        for (kind, value) in &unit.props {
            if !is_own_prop(kind) {
                push_prop(b, "      ", kind, value);
            }
        }
        for (lang, text, markup) in [
            ("ar", &unit.source, &unit.source_markup),
            ("en", &unit.target, &unit.target_markup),
        ] {
            let _ = write!(b, "      <tuv xml:lang=\"{lang}\"><seg>");
            match markup {
                Some(m) if markup_fits(m, text) => b.push_str(m),
                _ => push_escaped(b, text),
            }
            b.push_str("</seg></tuv>\n");
        }
        b.push_str("    </tu>\n");
        self.flush_buf()
    }

    /// Ends the file and returns the writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.buf.push_str("  </body>\n</tmx>\n");
        self.flush_buf()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped_attr(out, value);
    out.push('"');
}

fn push_prop(out: &mut String, indent: &str, kind: &str, value: &str) {
    out.push_str(indent);
    out.push_str("<prop");
    push_attr(out, "type", kind);
    out.push('>');
    push_escaped(out, value);
    out.push_str("</prop>\n");
}

/// Whether `markup` can be written as a seg's content: well-formed, only
/// characters XML allows, and its text (native code left out) is `text`.
fn markup_fits(markup: &str, text: &str) -> bool {
    if !markup.chars().all(xml::is_xml_char) || markup.contains("]]>") {
        return false;
    }
    let Ok(seg) = xml::parse(&format!("<seg>{markup}</seg>")) else {
        return false;
    };
    let mut inner = String::new();
    tree_text(&seg, false, &mut inner);
    inner == text
}

/// Writes a TMX file atomically from a store's export: `units` is called
/// with the function that writes one unit (pass it to
/// [`TmStore::export`](super::TmStore::export): `write_tmx_file(path, |each|
/// tm.export(each))`). On any error the target is left as it was. Returns
/// the number of units written.
pub fn write_tmx_file(
    path: &Path,
    units: impl FnOnce(&mut dyn FnMut(&Unit) -> Result<(), TmError>) -> Result<(), TmError>,
) -> Result<u64, TmError> {
    let io_error = |e: io::Error| TmError::Io {
        path: path.display().to_string(),
        message: crate::io_message(&e, path),
    };
    let file = crate::AtomicFile::create(path).map_err(io_error)?;
    let mut writer = TmxWriter::new(file).map_err(io_error)?;
    let mut count = 0u64;
    units(&mut |unit| {
        writer.write_unit(unit).map_err(io_error)?;
        count += 1;
        Ok(())
    })?;
    writer
        .finish()
        .map_err(io_error)?
        .commit()
        .map_err(io_error)?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::PathBuf;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/tmx")
            .join(name)
    }

    fn read_bytes(bytes: &[u8]) -> Vec<Result<ImportItem, TmError>> {
        TmxReader::new(bytes, "t.tmx", None).collect()
    }

    fn fixture(name: &str) -> Vec<ImportItem> {
        let progress = Progress::default();
        let items: Vec<ImportItem> = open_tmx(&data(name), Some(&progress))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let size = std::fs::metadata(data(name)).unwrap().len();
        assert_eq!(progress.bytes_total.load(Ordering::Relaxed), size);
        assert_eq!(progress.bytes_done.load(Ordering::Relaxed), size);
        items
    }

    fn units(items: &[ImportItem]) -> Vec<&Unit> {
        items
            .iter()
            .filter_map(|i| match i {
                ImportItem::Unit(u) => Some(&**u),
                ImportItem::Skipped(_) => None,
            })
            .collect()
    }

    fn skips(items: &[ImportItem]) -> Vec<SkipReason> {
        items
            .iter()
            .filter_map(|i| match i {
                ImportItem::Skipped(r) => Some(*r),
                ImportItem::Unit(_) => None,
            })
            .collect()
    }

    /// A sentence pair and the sentence before it in the memoQ and Phrase fixtures.
    const GENEVA: (&str, &str) = (
        "وأضاف أن القمة ستعقد في جنيف.",
        "He added that the summit would be held in Geneva.",
    );
    const WHITE_HOUSE: &str = "قال البيت الأبيض في بيان.";

    /// The Arabic and English of a unit.
    fn texts(u: &Unit) -> (&str, &str) {
        (&u.source, &u.target)
    }

    fn date(text: &str) -> i64 {
        parse_tmx_date(text).unwrap()
    }

    fn props(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The error of reading `text`, as `line: message`; the reader ends after it.
    fn error(text: &[u8]) -> String {
        let mut reader = TmxReader::new(text, "bad.tmx", None);
        let e = reader.find_map(Result::err).unwrap_or_else(|| {
            let shown: String = String::from_utf8_lossy(text).chars().take(200).collect();
            panic!("no error for {shown:?}")
        });
        assert!(reader.next().is_none(), "the reader ends after an error");
        match e {
            TmError::Tmx {
                path,
                line,
                message,
            } => {
                assert_eq!(path, "bad.tmx");
                format!("{line}: {message}")
            }
            other => panic!("not a TMX error: {other}"),
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "tarjuman-tmx-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(units: &[&Unit]) -> Vec<u8> {
        let mut writer = TmxWriter::with_header(Vec::new(), 1_700_000_000, &[]).unwrap();
        for unit in units {
            writer.write_unit(unit).unwrap();
        }
        writer.finish().unwrap()
    }

    fn reread(bytes: &[u8]) -> Vec<Unit> {
        read_bytes(bytes)
            .into_iter()
            .map(|i| match i.unwrap() {
                ImportItem::Unit(u) => *u,
                ImportItem::Skipped(r) => panic!("skipped: {r:?}"),
            })
            .collect()
    }

    // ------------------------------------------------------------ fixtures

    #[test]
    fn omegat_level2_reads_with_markup_notes_and_tuv_ids() {
        let items = fixture("omegat-level2.tmx");
        assert!(skips(&items).is_empty());
        let u = units(&items);
        assert_eq!(u.len(), 4);
        assert_eq!(
            u[0].source,
            "قال البيت الأبيض في بيان إن الرئيس سيلتقي نظيره الروسي."
        );
        assert_eq!(
            u[0].target,
            "The White House said in a statement that the president would meet his Russian counterpart."
        );
        assert_eq!(
            u[0].notes,
            ["Check the title against the White House readout."]
        );
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("amira", "amira")
        );
        assert_eq!(u[0].created, date("20240229T093000Z"));
        assert_eq!(u[0].changed, date("20240301T101500Z"));
        assert_eq!(u[0].source_markup, None);
        assert_eq!(
            texts(u[1]),
            ("هذا نص مهم جدا.", "This text is very important.")
        );
        assert_eq!(
            u[1].source_markup.as_deref(),
            Some(
                "هذا نص <bpt i=\"0\" x=\"0\">&lt;b0&gt;</bpt>مهم<ept i=\"0\">&lt;/b0&gt;</ept> جدا."
            )
        );
        assert_eq!(
            u[1].target_markup.as_deref(),
            Some(
                "This text is <bpt i=\"0\" x=\"0\">&lt;b0&gt;</bpt>very<ept i=\"0\">&lt;/b0&gt;</ept> important."
            )
        );
        // Only a changeid: the author is the one person known.
        assert_eq!(
            (u[1].author.as_str(), u[1].changed_by.as_str()),
            ("omar", "omar")
        );
        assert_eq!(u[1].created, date("20240302T120000Z"));
        assert_eq!(u[1].changed, u[1].created);
        // No dates at all: 0, unknown.
        assert_eq!(
            (u[3].created, u[3].changed, u[3].author.as_str()),
            (0, 0, "")
        );
        assert_eq!(u[3].status, UnitStatus::Translated);
        assert_eq!(u[3].previous, None);
        assert!(u.iter().all(|u| u.props.is_empty() && u.tuid.is_empty()));
    }

    #[test]
    fn omegat_level1_reads_plain_text_with_lang_attributes() {
        let items = fixture("omegat-level1.tmx");
        let level2 = fixture("omegat-level2.tmx");
        let (u1, u2) = (units(&items), units(&level2));
        assert_eq!(u1.len(), 4);
        for (a, b) in u1.iter().zip(&u2) {
            assert_eq!((&a.source, &a.target), (&b.source, &b.target));
            assert_eq!(
                (a.created, &a.author, &a.notes),
                (b.created, &b.author, &b.notes)
            );
            assert_eq!((&a.source_markup, &a.target_markup), (&None, &None));
        }
    }

    #[test]
    fn trados_utf16le_reads_confirmation_levels_domain_ids_and_empty_codes() {
        let items = fixture("trados-utf16le.tmx");
        assert_eq!(skips(&items), [SkipReason::NoEnglish]);
        let u = units(&items);
        assert_eq!(u.len(), 2);
        assert_eq!(
            u[0].source,
            "وقال البيت الأبيض في بيان إن القمة ستعقد في جنيف."
        );
        assert_eq!(
            u[0].target,
            "The White House said in a statement that the summit would be held in Geneva."
        );
        assert_eq!(
            u[0].source_markup.as_deref(),
            Some(
                "وقال <bpt i=\"1\" x=\"1\" type=\"bold\"/>البيت الأبيض<ept i=\"1\"/> في بيان إن القمة ستعقد في جنيف."
            )
        );
        assert_eq!(u[0].status, UnitStatus::Reviewed);
        assert_eq!(u[0].author, "NEWSDESK\\amira.h");
        assert_eq!(u[0].changed_by, "NEWSDESK\\omar.k");
        assert_eq!(u[0].created, date("20230105T081500Z"));
        assert_eq!(u[0].changed, date("20230110T143000Z"));
        assert_eq!(
            u[0].props,
            props(&[
                ("x-LastUsedBy", "NEWSDESK\\omar.k"),
                ("x-Context", "1748203751, 0"),
                ("x-Origin", "TM"),
                ("x-ConfirmationLevel", "ApprovedSignOff"),
            ])
        );
        assert_eq!(
            texts(u[1]),
            (
                "تستمر المحادثات & المشاورات يومين.",
                "The talks & consultations will last two days."
            )
        );
        assert_eq!(
            u[1].target_markup.as_deref(),
            Some("The talks &amp; consultations will last <ph x=\"2\" type=\"lb\"/>two days.")
        );
        assert_eq!(u[1].status, UnitStatus::Translated);
        assert_eq!((u[1].project.as_str(), u[1].file.as_str()), ("", ""));
    }

    #[test]
    fn memoq_utf8_bom_reads_document_project_and_wrapped_context() {
        let items = fixture("memoq-utf8bom.tmx");
        let u = units(&items);
        assert_eq!(u.len(), 2);
        assert_eq!(texts(u[0]), GENEVA);
        assert_eq!(
            u[0].source_markup.as_deref(),
            Some(
                "وأضاف أن القمة<ph>&lt;mq:rxt displaytext=&quot;{1}&quot; val=&quot;{1}&quot;/&gt;</ph> ستعقد في جنيف."
            )
        );
        assert_eq!(u[0].previous.as_deref(), Some(WHITE_HOUSE));
        assert_eq!(u[0].file, "summit-geneva.docx");
        assert_eq!(u[0].project, "Summit coverage");
        assert_eq!(u[0].status, UnitStatus::Reviewed);
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("Amira Hassan", "Omar Khalil")
        );
        let kinds: Vec<&str> = u[0].props.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "client",
                "project",
                "domain",
                "subject",
                "corrected",
                "aligned",
                "x-Document",
                "x-ConfirmationLevel",
                "x-context-post"
            ]
        );
        // A blank memoQ project is no project; the English context is dropped.
        assert_eq!(u[1].project, "");
        assert_eq!(u[1].file, "summit-geneva.docx");
        assert_eq!(
            u[1].previous.as_deref(),
            Some("وأضاف أن القمة ستعقد في جنيف.")
        );
        assert_eq!(
            u[1].props.last(),
            Some(&("x-document".to_owned(), "summit-geneva.docx".to_owned()))
        );
    }

    #[test]
    fn phrase_reads_tuv_props_for_dates_people_and_context() {
        let items = fixture("phrase.tmx");
        assert_eq!(
            skips(&items),
            [SkipReason::EmptyText, SkipReason::EmptyText]
        );
        let u = units(&items);
        assert_eq!(u.len(), 1);
        assert_eq!(texts(u[0]), GENEVA);
        assert_eq!(
            u[0].target_markup.as_deref(),
            Some("He added that the summit would be held in <hi type=\"b\">Geneva</hi>.")
        );
        assert_eq!(u[0].previous.as_deref(), Some(WHITE_HOUSE));
        assert_eq!((u[0].created, u[0].changed), (1_709_283_300, 1_709_290_500));
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("amira.hassan", "omar.khalil")
        );
        assert_eq!(u[0].project, "Summit coverage");
        assert_eq!(
            u[0].props.len(),
            7,
            "Phrase's props are kept: {:?}",
            u[0].props
        );
    }

    #[test]
    fn utf16be_reads_any_region_and_case_in_either_order() {
        let items = fixture("utf16be.tmx");
        let u = units(&items);
        assert_eq!(u.len(), 2);
        assert_eq!(
            (
                u[0].tuid.as_str(),
                u[0].source.as_str(),
                u[0].target.as_str()
            ),
            ("eg-1", "الجو حار النهارده.", "It's hot today.")
        );
        assert_eq!(
            (u[0].created, u[0].changed),
            (date("20220501T120000Z"), date("20220501T120000Z"))
        );
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("nadia", "")
        );
        assert_eq!(
            (u[1].source.as_str(), u[1].target.as_str()),
            ("أشوفك بكرة.", "See you <tomorrow>.")
        );
        assert_eq!(
            (u[1].author.as_str(), u[1].changed_by.as_str()),
            ("nadia", "nadia")
        );
    }

    #[test]
    fn edge_cases_keep_whitespace_resolve_references_and_skip_with_reasons() {
        let items = fixture("edge-cases.tmx");
        assert_eq!(
            skips(&items),
            [
                SkipReason::NoArabic,
                SkipReason::NoEnglish,
                SkipReason::EmptyText,
                SkipReason::EmptyText
            ]
        );
        let u = units(&items);
        assert_eq!(u.len(), 3);
        let ws = u[0];
        assert_eq!(ws.tuid, "ws");
        assert_eq!(ws.source, "  مسافتان،\nسطر جديد  ");
        assert_eq!(
            ws.target,
            "  Two spaces,\na line break & a tab:\tAB<>\"'<cdata>  "
        );
        assert_eq!(ws.source_markup, None);
        assert_eq!(ws.notes, ["first note", "second note"]);
        assert_eq!(ws.status, UnitStatus::Reviewed);
        assert_eq!(ws.file, "article.txt");
        assert_eq!(ws.previous.as_deref(), Some(""));
        assert_eq!(ws.project, "Default project", "from the header");
        assert_eq!(ws.props, props(&[("domain", "Politics")]));
        // A malformed changedate is ignored.
        assert_eq!(
            (ws.created, ws.changed),
            (date("20240301T101500Z"), date("20240301T101500Z"))
        );
        let codes = u[1];
        assert_eq!(codes.source, "نص رابط وغامق مائل");
        assert_eq!(codes.target, "Text link and bold italic");
        assert_eq!(
            codes.source_markup.as_deref(),
            Some(
                "نص <bpt i=\"1\">&lt;a href=&quot;x&quot;&gt;<sub>Link title</sub></bpt>رابط<ept i=\"1\">&lt;/a&gt;</ept> و<it pos=\"begin\">&lt;b&gt;</it>غامق <ut>{\\b}</ut><hi type=\"i\">مائل</hi>"
            )
        );
        let crlf = u[2];
        assert_eq!(crlf.source, "سطر\nثان\nثالث");
        assert_eq!(crlf.target, "line\ntwo\nthree\r");
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_first_bytes() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx><body><tu>\
                    <tuv xml:lang=\"ar\"><seg>نعم</seg></tuv><tuv xml:lang=\"en\"><seg>yes</seg></tuv>\
                    </tu></body></tmx>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let units = reread(&bytes);
            assert_eq!(
                (units[0].source.as_str(), units[0].target.as_str()),
                ("نعم", "yes")
            );
        }
        // A reader handing out one byte at a time changes nothing.
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let slow = BufReader::with_capacity(1, le.as_slice());
        let items: Vec<_> = TmxReader::new(slow, "slow", None).collect();
        assert!(matches!(&items[..], [Ok(ImportItem::Unit(u))] if u.target == "yes"));
    }

    // ------------------------------------------------------------ bad input

    #[test]
    fn bad_input_is_an_error_with_its_line() {
        let cases: &[(&[u8], &str)] = &[
            (b"<tmx>\n<body>\n<tu>\n</body></tmx>", "4: malformed XML"),
            (b"<tmx><body>\n<tu>", "2: malformed XML: the file ends before"),
            (b"<tmx><body/></tmx>\n<tmx/>", "2: malformed XML: content after the root"),
            (b"<tmx><body/></tmx>\njunk", "2: malformed XML: text outside the root"),
            (b"junk\n<tmx><body/></tmx>", "1: malformed XML: text outside the root"),
            (
                b"<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY x \"y\">]>\n<tmx><body/></tmx>",
                "2: the DOCTYPE declares entities",
            ),
            (
                b"<!DOCTYPE tmx [\n<!entity % p SYSTEM \"http://example.com/x\">]><tmx><body/></tmx>",
                "1: the DOCTYPE declares entities",
            ),
            (
                b"<tmx><body>\n<tu><tuv xml:lang=\"ar\"><seg>&foo;</seg></tuv></tu></body></tmx>",
                "2: undefined entity `&foo;`",
            ),
            (b"<tmx><body>\n\n<tu tuid=\"&x;\"/></body></tmx>", "3: malformed attribute"),
            (b"<tmx><body><tu>&#0;</tu></body></tmx>", "1: malformed character reference"),
            (b"<tmx>\n<body>&#xFFFE;</body></tmx>", "2: malformed XML: a reference to U+FFFE"),
            (b"<?xml version=\"1.0\"?>\n<xliff version=\"2.0\"/>", "2: not a TMX file: the root element is <xliff>"),
            (b"<tmx>\n<header/>\n</tmx>", "3: no <body>: not a TMX file"),
            (b"", "1: no XML element: not a TMX file"),
            (b"  \n ", "2: no XML element: not a TMX file"),
            (b"<tmx><body>\n\n<tu>\xff</tu></body></tmx>", "3: bytes that are not valid UTF-8"),
            (b"<tmx>\n<body>\x01</body></tmx>", "2: the character U+0001, which XML does not allow"),
            (
                b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tmx><body/></tmx>",
                "1: the file declares the encoding ISO-8859-1",
            ),
            (b"<tmx><body><tu></tuv></tu></body></tmx>", "1: malformed XML"),
            (b"<tmx><body><!-- a -- b --></body></tmx>", "1: malformed XML"),
        ];
        for (text, expected) in cases {
            let e = error(text);
            assert!(
                e.starts_with(expected),
                "{:?}: got {e:?}, expected {expected:?}",
                String::from_utf8_lossy(text)
            );
        }
        let deep = format!("<tmx><body>\n{}", "<x>".repeat(100));
        assert!(
            error(deep.as_bytes())
                .starts_with(&format!("2: elements nested deeper than {MAX_DEPTH}"))
        );
        // An external DTD alone is fine (OmegaT writes one), and never fetched.
        let ok = b"<!DOCTYPE tmx SYSTEM \"http://example.invalid/tmx14.dtd\"><tmx><body/></tmx>";
        assert!(read_bytes(ok).is_empty());
    }

    #[test]
    fn pieces_and_units_past_the_limit_are_refused() {
        let long = format!(
            "<tmx><body>\n<tu>{}</tu></body></tmx>",
            "a".repeat(MAX_PIECE + 10)
        );
        assert!(error(long.as_bytes()).starts_with("2: a text or tag longer than 4 MiB"));
        let half = "ب".repeat(MAX_PIECE / 4);
        let big = format!(
            "<tmx><body><tu>\n<tuv xml:lang=\"ar\"><seg>{half}</seg><note>{half}</note><prop type=\"a\">{half}</prop></tuv></tu></body></tmx>"
        );
        assert!(error(big.as_bytes()).contains("a <tu> holding more than 4 MiB"));
    }

    #[test]
    fn open_tmx_refuses_what_is_not_a_regular_file() {
        let dir = temp_dir("open");
        let message = |path: &Path| match open_tmx(path, None) {
            Err(TmError::Io { message, .. }) => message,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("{} opened", path.display()),
        };
        assert_eq!(message(&dir), "not a regular file");
        assert_eq!(message(Path::new("/dev/zero")), "not a regular file");
        assert_eq!(message(&dir.join("missing.tmx")), "no such file");
        let fifo = dir.join("fifo.tmx");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            assert_eq!(message(&fifo), "not a regular file");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dates_read_and_write_as_tmx_dates() {
        assert_eq!(parse_tmx_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_tmx_date("20240229T235959Z"), Some(1_709_251_199));
        assert_eq!(parse_tmx_date("2024-02-29T23:59:59Z"), Some(1_709_251_199));
        for bad in [
            "20230229T000000Z",
            "20241301T000000Z",
            "20240101T240000Z",
            "2024",
            "",
            "20240101 000000Z",
            "2024010１T000000Z",
        ] {
            assert_eq!(parse_tmx_date(bad), None, "{bad}");
        }
        assert_eq!(format_tmx_date(1_709_251_199), "20240229T235959Z");
        assert_eq!(format_tmx_date(i64::MAX), "99991231T235959Z");
        assert_eq!(format_tmx_date(i64::MIN), "00000101T000000Z");
        for secs in [-86_401, 0, 951_782_400, 4_102_444_800] {
            assert_eq!(parse_tmx_date(&format_tmx_date(secs)), Some(secs));
        }
    }

    // ------------------------------------------------------------ writer

    fn nasty_unit() -> Unit {
        Unit {
            id: 7,
            source: "قال \"البيت\" <الأبيض> & 'غيره' \u{1}".into(),
            target: "He said \"x\" <y> & 'z' ]]> \r\n\tend".into(),
            created: 1_700_000_000,
            changed: 1_700_000_100,
            author: "DOMAIN\\amira \"a\"".into(),
            changed_by: "omar\tk".into(),
            project: "P <1>".into(),
            file: "a&b.txt".into(),
            status: UnitStatus::Reviewed,
            previous: Some("سابق <x>".into()),
            notes: vec!["note <i>&</i> ]]>".into(), String::new()],
            props: props(&[("x-Origin", "TM"), ("x-status", "dropped"), ("empty", "")]),
            ..Unit::default()
        }
    }

    #[test]
    fn writer_output_validates_against_the_tmx_dtd() {
        let doc = crate::document::Document::from_source(
            "جملة أولى. جملة ثانية. جملة ثالثة.".into(),
            Some("article.ar.txt".into()),
        );
        let mut doc = doc;
        for s in &mut doc.segments {
            s.en = "An <English> & \"sentence\"".into();
            s.status = crate::document::Status::Translated;
        }
        doc.segments[0].note = "note".into();
        let mut marked = nasty_unit();
        marked.source = "نص رابط".into();
        marked.source_markup = Some(
            "نص <bpt i=\"1\">&lt;a&gt;<sub>t</sub></bpt>رابط<ept i=\"1\">&lt;/a&gt;</ept>".into(),
        );
        let files: Vec<(&str, Vec<u8>)> = vec![
            (
                "units.tmx",
                write(&[&nasty_unit(), &marked, &Unit::new("ا", "b")]),
            ),
            (
                "project.tmx",
                crate::formats::tmx::write_tmx(&doc).into_bytes(),
            ),
            ("empty.tmx", write(&[])),
            (
                "header.tmx",
                TmxWriter::with_header(Vec::new(), 0, &props(&[("x-project", "p")]))
                    .unwrap()
                    .finish()
                    .unwrap(),
            ),
        ];
        let probe = std::process::Command::new("xmllint")
            .arg("--version")
            .output();
        if !probe.is_ok_and(|o| o.status.success()) {
            assert!(
                std::env::var("TARJUMAN_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "xmllint (Debian libxml2-utils) is required (TARJUMAN_REQUIRE_TOOLS=1) but not available"
            );
            eprintln!(
                "SKIPPED: xmllint is not available (set TARJUMAN_REQUIRE_TOOLS=1 to make this fail)"
            );
            return;
        }
        let dir = temp_dir("xmllint");
        for (name, bytes) in &files {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let out = std::process::Command::new("xmllint")
                .args(["--noout", "--nonet", "--dtdvalid"])
                .arg(data("tmx14.dtd"))
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {}\n{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(bytes)
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writer_reads_back_to_the_same_unit() {
        let unit = nasty_unit();
        let bytes = write(&[&unit]);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("<tu tuid=\"7\" creationdate=\"20231114T221320Z\""));
        assert!(text.contains(
            "<prop type=\"x-context-pre\">&lt;seg&gt;سابق &amp;lt;x&amp;gt;&lt;/seg&gt;</prop>"
        ));
        assert!(
            !text.contains("dropped"),
            "our own prop types are the fields'"
        );
        let back = reread(&bytes);
        let mut expected = unit.clone();
        expected.id = 0;
        expected.tuid = "7".into();
        expected.source = expected.source.replace('\u{1}', "\u{FFFD}");
        expected.props.remove(1);
        assert_eq!(back, [expected]);
        // Markup that does not match the text is not written.
        let mut stale = Unit::new("جديد", "new");
        stale.source_markup = Some("<ph>x</ph>قديم".into());
        stale.target_markup = Some("<ph>broken".into());
        let back = reread(&write(&[&stale]));
        assert_eq!(
            (
                back[0].source_markup.as_ref(),
                back[0].target_markup.as_ref()
            ),
            (None, None)
        );
        assert_eq!(
            (back[0].source.as_str(), back[0].target.as_str()),
            ("جديد", "new")
        );
        // Only a changeid: an empty creationid keeps the author empty.
        let mut nobody = Unit::new("ا", "b");
        nobody.changed_by = "omar".into();
        assert_eq!(reread(&write(&[&nobody]))[0].author, "");
    }

    #[test]
    fn every_fixture_exports_imports_and_exports_again_identically() {
        for name in [
            "omegat-level1.tmx",
            "omegat-level2.tmx",
            "trados-utf16le.tmx",
            "memoq-utf8bom.tmx",
            "phrase.tmx",
            "utf16be.tmx",
            "edge-cases.tmx",
        ] {
            let items = fixture(name);
            let first = units(&items);
            let bytes = write(&first);
            let back = reread(&bytes);
            let back_refs: Vec<&Unit> = back.iter().collect();
            assert_eq!(back_refs, first, "{name}");
            assert_eq!(write(&back_refs), bytes, "{name}");
        }
    }

    #[test]
    fn project_export_is_one_unit_per_finished_segment_with_context() {
        let mut doc = crate::document::Document::from_source(
            "جملة أولى. جملة ثانية. جملة ثالثة.".into(),
            Some("/x/article.ar.txt".into()),
        );
        doc.segments[0].en = "First.".into();
        doc.segments[0].status = crate::document::Status::Reviewed;
        doc.segments[0].note = "check".into();
        doc.segments[2].en = "Third.".into();
        doc.segments[2].status = crate::document::Status::Translated;
        let units = reread(crate::formats::tmx::write_tmx(&doc).as_bytes());
        assert_eq!(units.len(), 2);
        assert_eq!(
            (units[0].tuid.as_str(), units[0].target.as_str()),
            ("1", "First.")
        );
        assert_eq!(units[0].status, UnitStatus::Reviewed);
        assert_eq!(units[0].previous.as_deref(), Some(""));
        assert_eq!(units[0].notes, ["check"]);
        assert_eq!(units[0].file, "article.ar.txt");
        assert_eq!(units[0].author, crate::tm::login_name());
        assert_eq!(units[1].tuid, "3");
        assert_eq!(units[1].previous.as_deref(), Some(doc.source_of(1)));
        assert_eq!(units[1].status, UnitStatus::Translated);
        assert!(units[1].created > 1_700_000_000);
    }

    #[test]
    fn write_tmx_file_is_atomic() {
        let dir = temp_dir("file");
        let path = dir.join("out.tmx");
        std::fs::write(&path, "old").unwrap();
        let unit = Unit::new("نعم", "yes");
        let n = write_tmx_file(&path, |each| {
            each(&unit)?;
            each(&unit)
        })
        .unwrap();
        assert_eq!(n, 2);
        let written = std::fs::read(&path).unwrap();
        assert_eq!(reread(&written).len(), 2);
        let failed = write_tmx_file(&path, |each| {
            each(&unit)?;
            Err(TmError::Cancelled { path: "tm".into() })
        });
        assert!(matches!(failed, Err(TmError::Cancelled { .. })));
        assert_eq!(std::fs::read(&path).unwrap(), written, "left as it was");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            [std::ffi::OsString::from("out.tmx")],
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A TMX of `units` identical units, made as it is read.
    struct Generated {
        parts: [Vec<u8>; 3],
        units: u64,
        part: usize,
        at: usize,
    }

    impl io::Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            loop {
                if self.part == 1 && self.units == 0 {
                    self.part = 2;
                }
                let Some(bytes) = self.parts.get(self.part) else {
                    return Ok(0);
                };
                let n = (bytes.len() - self.at).min(buf.len());
                buf[..n].copy_from_slice(&bytes[self.at..self.at + n]);
                self.at += n;
                if self.at == bytes.len() {
                    self.at = 0;
                    if self.part == 1 {
                        self.units -= 1;
                    } else {
                        self.part += 1;
                    }
                }
                if n > 0 {
                    return Ok(n);
                }
            }
        }
    }

    fn peak_rss_kib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// About 150 MB through the reader (20 s unoptimised: run with `--ignored`).
    #[test]
    #[ignore]
    fn a_large_file_streams_in_bounded_memory() {
        let unit = write(&[&nasty_unit()]);
        let text = String::from_utf8(unit).unwrap();
        let start = text.find("    <tu").unwrap();
        let end = text.find("  </body>").unwrap();
        let units = 200_000u64;
        let input = Generated {
            parts: [
                text.as_bytes()[..start].to_vec(),
                text.as_bytes()[start..end].to_vec(),
                text.as_bytes()[end..].to_vec(),
            ],
            units,
            part: 0,
            at: 0,
        };
        let total = (text.len() - (end - start)) as u64 + (end - start) as u64 * units;
        assert!(total > 100 << 20, "{total}");
        let before = peak_rss_kib();
        let progress = Progress::default();
        let mut count = 0u64;
        for item in TmxReader::new(BufReader::new(input), "big", Some(&progress)) {
            assert!(matches!(item, Ok(ImportItem::Unit(_))));
            count += 1;
        }
        assert_eq!(count, units);
        assert_eq!(progress.bytes_done.load(Ordering::Relaxed), total);
        if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
            // Other tests may run alongside: a loose bound, far below the input.
            eprintln!("peak RSS {before} KiB → {after} KiB for {total} bytes");
            assert!(after - before < 64 * 1024, "{before} KiB → {after} KiB");
        }
    }

    // ------------------------------------------------------------ properties

    const TEXT: &str =
        "[ابتثجحخدذرسشصضطظعغفقكلمنهوية ء٠-٩0-9a-zA-Z.,;:!?؟،«»()\\[\\]<>&\"'/=\\\\\n\t\r ]{0,30}";

    fn text_strategy() -> impl Strategy<Value = String> {
        TEXT.prop_filter("not blank", |s| !s.trim().is_empty())
    }

    fn kind_strategy() -> impl Strategy<Value = String> {
        // Not our own types (the fields stand for them) nor those that fill a field.
        "[a-zA-Z][a-zA-Z0-9:_-]{0,12}".prop_filter("not a field's prop", |k| {
            own_field(k).is_none() && foreign_field(k).is_none()
        })
    }

    fn unit_strategy() -> impl Strategy<Value = Unit> {
        (
            (text_strategy(), text_strategy(), TEXT, TEXT, TEXT),
            (0i64..4_102_444_800, 0i64..4_102_444_800, TEXT, TEXT),
            (
                proptest::option::of(TEXT),
                any::<bool>(),
                proptest::collection::vec((kind_strategy(), TEXT), 0..3),
                proptest::collection::vec(TEXT, 0..3),
            ),
        )
            .prop_map(
                |(
                    (source, target, tuid, author, changed_by),
                    (created, changed, project, file),
                    (previous, reviewed, props, notes),
                )| Unit {
                    source,
                    target,
                    tuid,
                    author,
                    changed_by,
                    created,
                    changed,
                    project,
                    file,
                    previous,
                    status: if reviewed {
                        UnitStatus::Reviewed
                    } else {
                        UnitStatus::Translated
                    },
                    props,
                    notes,
                    ..Unit::default()
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_bytes_never_panic_and_end(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let items: Vec<_> = TmxReader::new(bytes.as_slice(), "p", None).take(1000).collect();
            prop_assert!(items.len() < 1000);
        }

        #[test]
        fn mangled_tmx_never_panics(cut in 0usize..2400, at in 0usize..2400, junk in proptest::collection::vec(any::<u8>(), 0..8)) {
            let mut bytes = std::fs::read(data("edge-cases.tmx")).unwrap();
            let at = at.min(bytes.len());
            bytes.splice(at..at, junk);
            bytes.truncate(cut.max(at));
            let items: Vec<_> = TmxReader::new(bytes.as_slice(), "p", None).take(1000).collect();
            prop_assert!(items.len() < 1000);
        }

        #[test]
        fn export_import_export_is_stable(units in proptest::collection::vec(unit_strategy(), 0..6)) {
            let refs: Vec<&Unit> = units.iter().collect();
            let bytes = write(&refs);
            let back = reread(&bytes);
            prop_assert_eq!(&back, &units);
            let back_refs: Vec<&Unit> = back.iter().collect();
            prop_assert_eq!(write(&back_refs), bytes);
        }
    }
}
