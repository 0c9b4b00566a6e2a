//! The streaming TMX reader.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::Ordering;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::input::{Input, Problem, newlines};
use super::*;
use crate::formats::xml::{
    self, ENTITY_DOCTYPE_MESSAGE, doctype_declares_entities, push_escaped, push_escaped_attr,
};
use crate::tm::{ImportItem, Progress, SkipReason, TmError, Unit, UnitStatus};

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

    /// The shared reference rule ([`xml::resolve_reference`]).
    fn reference(&self, r: &quick_xml::events::BytesRef<'_>, line: u64) -> Result<char, TmError> {
        xml::resolve_reference(r).map_err(|m| self.error(line, m))
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
        xml::check_depth(self.stack.len()).map_err(|m| self.error(line, m))?;
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
pub(super) enum Key {
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

pub(super) fn own_field(kind: &str) -> Option<Key> {
    lookup(&OWN_PROPS, kind)
}

pub(super) fn foreign_field(kind: &str) -> Option<Key> {
    lookup(&FOREIGN_PROPS, kind)
}

/// Whether the writer writes props of this type itself (so a unit's own
/// props of the type are not written again).
pub(super) fn is_own_prop(kind: &str) -> bool {
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
pub(super) fn tree_text(element: &xml::Element, code: bool, out: &mut String) {
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
