//! XML helpers shared by the exporters and the importers: escaping that
//! never produces an ill-formed file, a small element tree read with
//! quick-xml (the files we import are small enough to hold whole), and the
//! limits every XML reader here enforces ([`MAX_DEPTH`],
//! [`doctype_declares_entities`]): entities other than the five predefined
//! ones are never expanded, and nothing is ever fetched.

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

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

/// One element: its local name (namespace prefix dropped), attributes by
/// local name, and children in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
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
}

/// Why an XML file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not well-formed XML at byte {position}: {message}")]
pub struct XmlError {
    pub position: u64,
    pub message: String,
}

/// Parses a whole document into its root element. Text is unescaped and
/// its line ends normalised as XML 1.0 requires; comments, processing
/// instructions and the doctype are dropped. Elements nested deeper than
/// [`MAX_DEPTH`] and a DOCTYPE that declares entities are refused.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let error = |reader: &Reader<&[u8]>, message: String| XmlError {
        position: reader.buffer_position(),
        message,
    };
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(&reader, e.to_string()))?;
        match event {
            // The stack's first element is the document, not an element.
            Event::Start(_) | Event::Empty(_) if stack.len() > MAX_DEPTH => {
                return Err(error(
                    &reader,
                    format!("elements nested deeper than {MAX_DEPTH}"),
                ));
            }
            Event::Start(start) => stack.push(element_of(&start, &reader)?),
            Event::Empty(start) => {
                stack.push(element_of(&start, &reader)?);
                close(&mut stack);
            }
            Event::End(_) => {
                if stack.len() <= 1 {
                    return Err(error(&reader, "unexpected end tag".into()));
                }
                close(&mut stack);
            }
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|e| error(&reader, e.to_string()))?;
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|e| error(&reader, e.to_string()))?;
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| error(&reader, e.to_string()))?
                } else {
                    match &*r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        other => {
                            return Err(error(
                                &reader,
                                format!("unknown entity &{};", String::from_utf8_lossy(other)),
                            ));
                        }
                    }
                };
                if let Some(c) = c {
                    let mut buf = [0u8; 4];
                    push_text(&mut stack, c.encode_utf8(&mut buf));
                }
            }
            Event::Eof => break,
            Event::DocType(d) if doctype_declares_entities(&d) => {
                return Err(error(&reader, ENTITY_DOCTYPE_MESSAGE.into()));
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(error(&reader, "unclosed element at end of file".into()));
    }
    let mut top = stack.pop().unwrap_or_default();
    let mut roots = top.children.drain(..).filter_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Text(_) => None,
    });
    let root = roots
        .next()
        .ok_or_else(|| error(&reader, "no root element".into()))?;
    Ok(root)
}

fn element_of(
    start: &quick_xml::events::BytesStart<'_>,
    reader: &Reader<&[u8]>,
) -> Result<Element, XmlError> {
    let error = |message: String| XmlError {
        position: reader.buffer_position(),
        message,
    };
    let mut element = Element {
        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
        ..Element::default()
    };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| error(e.to_string()))?;
        let value = attr
            .normalized_value(XmlVersion::Explicit1_0)
            .map_err(|e| error(e.to_string()))?;
        element.attrs.push((
            String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Ok(element)
}

fn close(stack: &mut Vec<Element>) {
    if let Some(done) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        parent.children.push(Node::Element(done));
    }
}

fn push_text(stack: &mut [Element], s: &str) {
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(last)) = parent.children.last_mut() {
            last.push_str(s);
        } else {
            parent.children.push(Node::Text(s.to_string()));
        }
    }
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
