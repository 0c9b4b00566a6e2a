//! XML helpers shared by the exporters and the importers: escaping that
//! never produces an ill-formed file, and the one XML reading layer
//! ([`XmlReader`], streaming, and [`parse`], a small element tree built on
//! it) with the limits every reader here enforces: [`MAX_DEPTH`],
//! [`MAX_TREE_BYTES`] for what is held as a tree, and
//! [`doctype_declares_entities`]: entities other than the five predefined
//! ones are never expanded, and nothing is ever fetched. XLIFF, the DOCX
//! review table and TBX read through it; the TMX reader keeps its own event
//! loop over its byte input (progress, UTF-16, piece limits) but applies the
//! same rules through [`check_depth`], [`resolve_reference`] and
//! [`doctype_declares_entities`].

use quick_xml::XmlVersion;
use quick_xml::events::Event;

/// The deepest nesting of elements any XML reader here accepts (TMX,
/// XLIFF and TBX need well under 20).
pub const MAX_DEPTH: usize = 64;

/// Whether the content of a `<!DOCTYPE …>` declares entities (`<!ENTITY`, in
/// any case), which every reader here refuses rather than expand. An external
/// DTD reference alone (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`) is fine: it is
/// never fetched.
pub fn doctype_declares_entities(doctype_content: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"<!ENTITY";
    doctype_content
        .windows(NEEDLE.len())
        .any(|w| w.eq_ignore_ascii_case(NEEDLE))
}

/// The depth rule: an element may open when `open` elements enclose it.
pub fn check_depth(open: usize) -> Result<(), String> {
    if open >= MAX_DEPTH {
        Err(format!("elements nested deeper than {MAX_DEPTH}"))
    } else {
        Ok(())
    }
}

/// The reference rule: a character reference to a character XML allows, or
/// one of the five predefined entities; nothing else is ever expanded.
pub fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char, String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) if is_xml_char(c) => Ok(c),
        Ok(Some(c)) => Err(format!(
            "malformed XML: a reference to U+{:04X}, which XML does not allow",
            u32::from(c)
        )),
        Ok(None) => {
            let name = String::from_utf8_lossy(r).into_owned();
            quick_xml::escape::resolve_predefined_entity(&name)
                .and_then(|v| v.chars().next())
                .ok_or_else(|| {
                    format!(
                        "undefined entity `&{name};` (only the five XML entities are allowed; entities are never expanded)"
                    )
                })
        }
        Err(e) => Err(format!("malformed character reference: {e}")),
    }
}

/// The message for a DOCTYPE that [declares entities](doctype_declares_entities).
pub const ENTITY_DOCTYPE_MESSAGE: &str = "the DOCTYPE declares entities: refused (entities are never expanded and external ones never fetched)";

/// Whether `c` may appear in an XML 1.0 document at all (even as a reference).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// What stands in for a character XML cannot carry, in formats with no
/// markup for it (XLIFF 2.0 has `<cp/>`; see [`push_text_cp`]).
pub const REPLACEMENT: char = '\u{FFFD}';

/// The text as a format without `<cp/>` carries it: characters XML cannot
/// hold become U+FFFD. Importers compare sources against this form.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(
            text.chars()
                .map(|c| if is_xml_char(c) { c } else { REPLACEMENT })
                .collect(),
        )
    }
}

/// Appends `text` escaped for element content or a double- or single-quoted
/// attribute. `<`, `>` (so `]]>` can never close anything), `&` and both quotes
/// are references; CR, and in attributes tab and LF, are character references
/// so parsers do not normalise them away; characters XML cannot hold become U+FFFD.
pub fn push_escaped(out: &mut String, text: &str) {
    push_escaped_with(out, text, false, |out, _| out.push(REPLACEMENT));
}

/// [`push_escaped`] for attribute values.
pub fn push_escaped_attr(out: &mut String, text: &str) {
    push_escaped_with(out, text, true, |out, _| out.push(REPLACEMENT));
}

/// Element content for XLIFF 2.0, where a character XML cannot hold is
/// written as `<cp hex="…"/>` and so survives a round trip.
pub fn push_text_cp(out: &mut String, text: &str) {
    push_escaped_with(out, text, false, |out, c| {
        out.push_str(&format!("<cp hex=\"{:04X}\"/>", u32::from(c)));
    });
}

fn push_escaped_with(
    out: &mut String,
    text: &str,
    attr: bool,
    mut invalid: impl FnMut(&mut String, char),
) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            c if is_xml_char(c) => out.push(c),
            c => invalid(out, c),
        }
    }
}

/// `text` escaped (see [`push_escaped`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// One element: its local name (namespace prefix dropped), its namespace
/// URI (empty when none is bound), attributes by local name, children in
/// document order, and the 1-based line its start tag is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub namespace: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// An attribute by local name (`xml:lang` is `lang`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// Every descendant element called `name`, depth first, in document order.
    pub fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            e.descendants(name, out);
        }
    }

    /// The text of the element and its descendants, in document order.
    pub fn text(&self) -> String {
        fn walk(e: &Element, out: &mut String) {
            for child in &e.children {
                match child {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => walk(e, out),
                }
            }
        }
        let mut out = String::new();
        walk(self, &mut out);
        out
    }
}

/// Why an XML file could not be read: the 1-based line (0 when unknown),
/// the byte offset, and what is wrong, on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: not well-formed XML (byte {position}): {message}")]
pub struct XmlError {
    pub line: u64,
    pub position: u64,
    pub message: String,
}

/// The most bytes one tree read into memory may span: a whole document
/// ([`parse`]) or one element read by [`XmlReader::read_element`]. Real
/// files are far below it; a larger one is refused rather than held.
pub const MAX_TREE_BYTES: u64 = 64 << 20;

/// One event of [`XmlReader`]: markup resolved, checked and unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlEvent {
    /// A start tag (an empty element is a `Start` then an `End`); the
    /// element has no children yet.
    Start(Element),
    End,
    /// Character data (text, CDATA, references) inside the root element.
    Text(String),
    Eof,
}

/// The one XML reader every importer here goes through: a streaming
/// reader over quick-xml that enforces, for every caller, the limits of
/// this module: no element deeper than [`MAX_DEPTH`], no DOCTYPE that
/// declares entities, no entity but the five predefined, no character
/// (or character reference) XML 1.0 does not allow, nothing but
/// whitespace, comments and processing instructions outside one root
/// element, and an XML declaration only at the very start. It counts lines
/// as it goes so every error names one.
pub struct XmlReader<R> {
    xml: quick_xml::NsReader<R>,
    buf: Vec<u8>,
    depth: usize,
    roots: usize,
    pending_end: bool,
    line: u64,
    events: u64,
}

impl<'a> XmlReader<&'a [u8]> {
    pub fn from_text(text: &'a str) -> Self {
        XmlReader::new(text.as_bytes())
    }
}

impl<R: std::io::BufRead> XmlReader<R> {
    pub fn new(input: R) -> Self {
        let mut xml = quick_xml::NsReader::from_reader(input);
        xml.config_mut().trim_text(false);
        xml.config_mut().check_end_names = true;
        xml.config_mut().check_comments = true;
        XmlReader {
            xml,
            buf: Vec::new(),
            depth: 0,
            roots: 0,
            pending_end: false,
            line: 1,
            events: 0,
        }
    }

    /// The line the reader is on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Bytes read so far.
    pub fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// An error at the current line.
    pub fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError {
            line: self.line,
            position: self.xml.buffer_position(),
            message: message.into(),
        }
    }

    /// The next event, checked.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<XmlEvent, XmlError> {
        if self.pending_end {
            self.pending_end = false;
            self.depth -= 1;
            return Ok(XmlEvent::End);
        }
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => {
                    return Err(XmlError {
                        line: self.line,
                        position: self.xml.error_position(),
                        message: e.to_string(),
                    });
                }
            };
            let first = self.events == 0;
            self.events += 1;
            // Line ends only occur inside an event's bytes (between events
            // there are only the delimiters), so this counts every one; the
            // line is the one the event starts on.
            let line_here = self.line;
            self.line += memchr_count(&buf_of(&event));
            let error = |message: String| XmlError {
                line: line_here,
                position: self.xml.buffer_position(),
                message,
            };
            match event {
                Event::Start(ref start) | Event::Empty(ref start) => {
                    let empty = matches!(event, Event::Empty(_));
                    if self.depth == 0 {
                        if self.roots > 0 {
                            return Err(error("a second root element".into()));
                        }
                        self.roots += 1;
                    }
                    check_depth(self.depth).map_err(error)?;
                    let mut element = element_of(start, &self.xml).map_err(error)?;
                    element.line = line_here;
                    self.depth += 1;
                    self.pending_end = empty;
                    return Ok(XmlEvent::Start(element));
                }
                Event::End(_) => {
                    if self.depth == 0 {
                        return Err(error("unexpected end tag".into()));
                    }
                    self.depth -= 1;
                    return Ok(XmlEvent::End);
                }
                Event::Text(ref t) => {
                    let s = t.xml10_content().map_err(|e| error(e.to_string()))?;
                    if let Some(text) = checked_text(self.depth, self.roots, &s, &error)? {
                        return Ok(XmlEvent::Text(text));
                    }
                }
                Event::CData(ref t) => {
                    let s = t.xml10_content().map_err(|e| error(e.to_string()))?;
                    if let Some(text) = checked_text(self.depth, self.roots, &s, &error)? {
                        return Ok(XmlEvent::Text(text));
                    }
                }
                Event::GeneralRef(ref r) => {
                    let c = resolve_reference(r).map_err(error)?;
                    if self.depth == 0 {
                        return Err(error("text outside the root element".into()));
                    }
                    return Ok(XmlEvent::Text(c.to_string()));
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(error("unclosed element at end of file".into()));
                    }
                    if self.roots == 0 {
                        return Err(error("no root element".into()));
                    }
                    return Ok(XmlEvent::Eof);
                }
                Event::DocType(ref d) if doctype_declares_entities(d) => {
                    return Err(error(ENTITY_DOCTYPE_MESSAGE.into()));
                }
                Event::Decl(_) if !first => {
                    return Err(error(
                        "an XML declaration after the start of the file (junk before <?xml?)"
                            .into(),
                    ));
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }
}

fn buf_of<'e>(event: &'e Event<'_>) -> std::borrow::Cow<'e, [u8]> {
    use std::borrow::Cow;
    match event {
        Event::Start(b) | Event::Empty(b) => Cow::Borrowed(b.as_ref()),
        Event::End(b) => Cow::Borrowed(b.as_ref()),
        Event::Text(b) => Cow::Borrowed(b.as_ref()),
        Event::CData(b) => Cow::Borrowed(b.as_ref()),
        Event::Comment(b) => Cow::Borrowed(b.as_ref()),
        Event::DocType(b) => Cow::Borrowed(b.as_ref()),
        Event::PI(b) => Cow::Borrowed(b.as_ref()),
        Event::Decl(b) => Cow::Borrowed(b.as_ref()),
        Event::GeneralRef(_) | Event::Eof => Cow::Borrowed(&[]),
    }
}

/// Text checked for where it stands: outside the root only whitespace.
fn checked_text(
    depth: usize,
    roots: usize,
    s: &str,
    error: &impl Fn(String) -> XmlError,
) -> Result<Option<String>, XmlError> {
    if depth == 0 {
        if s.trim().is_empty() {
            return Ok(None);
        }
        return Err(error(if roots == 0 {
            "text before the root element".into()
        } else {
            "text after the root element".into()
        }));
    }
    if let Some(c) = s.chars().find(|&c| !is_xml_char(c)) {
        return Err(error(format!(
            "U+{:04X} is not a character XML allows",
            u32::from(c)
        )));
    }
    Ok(Some(s.to_string()))
}

impl<R: std::io::BufRead> XmlReader<R> {
    /// Reads the rest of the element `start` (just returned by
    /// [`next`](Self::next)) into a tree, at most [`MAX_TREE_BYTES`] of it.
    pub fn read_element(&mut self, start: Element) -> Result<Element, XmlError> {
        let from = self.position();
        let mut stack = vec![start];
        loop {
            if self.position() - from > MAX_TREE_BYTES {
                return Err(self.error(format!(
                    "<{}> from line {} is larger than {} MiB: refused",
                    stack[0].name,
                    stack[0].line,
                    MAX_TREE_BYTES >> 20
                )));
            }
            match self.next()? {
                XmlEvent::Start(e) => stack.push(e),
                XmlEvent::End => {
                    let done = stack.pop().unwrap_or_default();
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(Node::Element(done)),
                        None => return Ok(done),
                    }
                }
                XmlEvent::Text(t) => {
                    if let Some(parent) = stack.last_mut() {
                        if let Some(Node::Text(last)) = parent.children.last_mut() {
                            last.push_str(&t);
                        } else {
                            parent.children.push(Node::Text(t));
                        }
                    }
                }
                XmlEvent::Eof => return Err(self.error("unclosed element at end of file")),
            }
        }
    }
}

fn memchr_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Parses a whole document (at most [`MAX_TREE_BYTES`]) into its root
/// element through [`XmlReader`], with all its checks. Text is unescaped
/// and its line ends normalised as XML 1.0 requires; comments, processing
/// instructions and the doctype are dropped.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    if text.len() as u64 > MAX_TREE_BYTES {
        return Err(XmlError {
            line: 0,
            position: 0,
            message: format!("larger than {} MiB: refused", MAX_TREE_BYTES >> 20),
        });
    }
    let mut reader = XmlReader::from_text(text);
    // Before the root the reader yields only the root's start (or an error).
    let XmlEvent::Start(start) = reader.next()? else {
        return Err(reader.error("no root element"));
    };
    let root = reader.read_element(start)?;
    match reader.next()? {
        XmlEvent::Eof => Ok(root),
        _ => Err(reader.error("content after the root element")),
    }
}

fn element_of<R>(
    start: &quick_xml::events::BytesStart<'_>,
    reader: &quick_xml::NsReader<R>,
) -> Result<Element, String> {
    let (ns, local) = reader.resolver().resolve_element(start.name());
    let namespace = match ns {
        quick_xml::name::ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.0).into_owned(),
        quick_xml::name::ResolveResult::Unbound => String::new(),
        quick_xml::name::ResolveResult::Unknown(prefix) => {
            return Err(format!(
                "namespace prefix `{}` is not declared",
                String::from_utf8_lossy(&prefix)
            ));
        }
    };
    let mut element = Element {
        name: String::from_utf8_lossy(local.as_ref()).into_owned(),
        namespace,
        ..Element::default()
    };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let value = attr
            .normalized_value(XmlVersion::Explicit1_0)
            .map_err(|e| format!("{e} (entities are never expanded)"))?;
        if let Some(c) = value.chars().find(|&c| !is_xml_char(c)) {
            return Err(format!(
                "U+{:04X} in an attribute is not a character XML allows",
                u32::from(c)
            ));
        }
        element.attrs.push((
            String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Ok(element)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_nothing_that_parses_as_markup() {
        let nasty = "a <b> & \"c\" 'd' ]]> \u{1}\u{b} <script>x</script>\r\n\tend";
        let mut doc = String::from("<r a=\"");
        push_escaped_attr(&mut doc, nasty);
        doc.push_str("\">");
        push_escaped(&mut doc, nasty);
        doc.push_str("</r>");
        assert!(!doc.contains("]]>"));
        assert!(!doc.contains("<script"));
        let root = parse(&doc).unwrap();
        let expected = nasty.replace(['\u{1}', '\u{b}'], "\u{FFFD}");
        assert_eq!(root.attr("a"), Some(expected.as_str()));
        assert_eq!(root.children, vec![Node::Text(expected.clone())]);
    }

    #[test]
    fn parse_builds_the_tree_with_local_names() {
        let root = parse(
            "<?xml version=\"1.0\"?><x:a xmlns:x=\"u\" x:id=\"1\"><b/>t&amp;<![CDATA[<c>]]><b>z</b></x:a>",
        )
        .unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attr("id"), Some("1"));
        assert_eq!(root.children_named("b").count(), 2);
        assert_eq!(root.children[1], Node::Text("t&<c>".into()));
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
    }

    #[test]
    fn parse_refuses_deep_nesting_and_entity_declarations() {
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&deep).unwrap_err().message.contains("nested deeper"));
        let bomb = "<!DOCTYPE a [<!entity x \"y\">]><a>&x;</a>";
        assert!(
            parse(bomb)
                .unwrap_err()
                .message
                .contains("declares entities")
        );
        assert!(parse("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\"><tmx/>").is_ok());
        assert!(doctype_declares_entities(b"x [<!EnTiTy % p SYSTEM \"f\">]"));
        assert!(!doctype_declares_entities(b"tmx SYSTEM \"tmx14.dtd\""));
    }
}
