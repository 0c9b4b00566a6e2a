//! TBX: write ISO 30042:2019 TBX-Basic (or the 2008 `martif` dialect),
//! read both.
//!
//! One concept entry per term: `subjectField` from `domain` and the `note`
//! at concept level; an Arabic language section with `ar` then the
//! `ar_variants` (admitted); an English one with `en` (its
//! `administrativeStatus` from `status`, `source` as `<admin type="source">`),
//! then `en_alternatives` (admitted) and `forbidden_en` (deprecated).
//! `ar_plurals` follow the Arabic variants and `en_plural` the English
//! alternatives, each admitted with `<termNote type="grammaticalNumber">plural</termNote>`
//! (read back by that note). TBX has
//! no "forbidden" status: a forbidden `en` is written deprecated with the
//! term note [`FORBIDDEN_NOTE`]. The definition goes in the language section
//! of its script. Reading maps by position the same way (first term = `ar` /
//! `en`), so foreign term bases that list the preferred term first read well.
//!
//! `ar_exclude` and `gender_inflects` have no TBX data category: a
//! look-alike is not a designation of the concept (not even a deprecated
//! one, which other tools would still match), so each is a `<note>` of the
//! Arabic language section with a fixed prefix ([`EXCLUDE_NOTE`],
//! [`GENDER_NOTE`]): valid in TBX 2019 and 2008 alike, readable by a person
//! in any tool, and read back into the fields (not into `note`).

use std::fmt::Write as _;

use super::{ImportProblem, Imported, ImportedTerm, utf8};
use crate::glossary::{Glossary, Term, TermStatus};

/// Which TBX to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// ISO 30042:2019 (`<tbx>`, conceptEntry / langSec / termSec).
    V2019,
    /// TBX 2008 (`<martif>`, termEntry / langSet / tig).
    V2008,
}

/// The term note that marks a plural form (`ar_plurals`, `en_plural`).
const PLURAL_NOTE: &str = "            <termNote type=\"grammaticalNumber\">plural</termNote>\n";

/// The term note that marks a deprecated English term as forbidden.
pub const FORBIDDEN_NOTE: &str = "Forbidden: do not use.";

/// The start of an Arabic language-section note holding one `ar_exclude` entry.
pub const EXCLUDE_NOTE: &str = "Not this term (ar_exclude): ";

/// The start of an Arabic language-section note holding `gender_inflects`
/// (`true` or `false`).
pub const GENDER_NOTE: &str = "Takes the feminine (gender_inflects): ";

use crate::formats::xml::{self, ENTITY_DOCTYPE_MESSAGE, XmlError, XmlEvent, XmlReader, escape};

fn status_value(status: TermStatus) -> &'static str {
    match status {
        TermStatus::Preferred => "preferredTerm-admn-sts",
        TermStatus::Admitted => "admittedTerm-admn-sts",
        TermStatus::Deprecated | TermStatus::Forbidden => "deprecatedTerm-admn-sts",
    }
}

fn has_arabic(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'))
}

/// Writes `glossary` as TBX-Basic.
pub fn write(glossary: &Glossary, dialect: Dialect) -> String {
    let (entry, lang, group) = match dialect {
        Dialect::V2019 => ("conceptEntry", "langSec", "termSec"),
        Dialect::V2008 => ("termEntry", "langSet", "tig"),
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let title = escape(&glossary.name);
    match dialect {
        Dialect::V2019 => {
            out.push_str("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n");
            let _ = writeln!(
                out,
                "  <tbxHeader>\n    <fileDesc>\n      <titleStmt><title>{title}</title></titleStmt>\n      <sourceDesc><p>Exported by Tarjuman</p></sourceDesc>\n    </fileDesc>\n  </tbxHeader>"
            );
        }
        Dialect::V2008 => {
            out.push_str("<martif type=\"TBX-Basic\" xml:lang=\"en\">\n");
            let _ = writeln!(
                out,
                "  <martifHeader>\n    <fileDesc>\n      <titleStmt><title>{title}</title></titleStmt>\n      <sourceDesc><p>Exported by Tarjuman</p></sourceDesc>\n    </fileDesc>\n  </martifHeader>"
            );
        }
    }
    out.push_str("  <text>\n    <body>\n");
    for (index, term) in glossary.terms.iter().enumerate() {
        let _ = writeln!(out, "      <{entry} id=\"c{}\">", index + 1);
        if !term.domain.is_empty() {
            let _ = writeln!(
                out,
                "        <descrip type=\"subjectField\">{}</descrip>",
                escape(&term.domain)
            );
        }
        if !term.note.is_empty() {
            let _ = writeln!(out, "        <note>{}</note>", escape(&term.note));
        }
        let definition_in_arabic = has_arabic(&term.definition);
        for language in ["ar", "en"] {
            let _ = writeln!(out, "        <{lang} xml:lang=\"{language}\">");
            if !term.definition.is_empty() && definition_in_arabic == (language == "ar") {
                let _ = writeln!(
                    out,
                    "          <descrip type=\"definition\">{}</descrip>",
                    escape(&term.definition)
                );
            }
            if language == "ar" {
                for exclude in &term.ar_exclude {
                    let _ = writeln!(
                        out,
                        "          <note>{}</note>",
                        escape(&format!("{EXCLUDE_NOTE}{exclude}"))
                    );
                }
                if let Some(inflects) = term.gender_inflects {
                    let _ = writeln!(out, "          <note>{GENDER_NOTE}{inflects}</note>");
                }
            }
            let mut group_out = |text: &str, status: Option<TermStatus>, extra: &str| {
                let _ = write!(
                    out,
                    "          <{group}>\n            <term>{}</term>\n",
                    escape(text)
                );
                if let Some(status) = status {
                    let _ = writeln!(
                        out,
                        "            <termNote type=\"administrativeStatus\">{}</termNote>",
                        status_value(status)
                    );
                }
                out.push_str(extra);
                let _ = writeln!(out, "          </{group}>");
            };
            if language == "ar" {
                group_out(&term.ar, None, "");
                for variant in &term.ar_variants {
                    group_out(variant, Some(TermStatus::Admitted), "");
                }
                for plural in &term.ar_plurals {
                    group_out(plural, Some(TermStatus::Admitted), PLURAL_NOTE);
                }
            } else {
                let mut extra = String::new();
                if !term.source.is_empty() {
                    let _ = writeln!(
                        extra,
                        "            <admin type=\"source\">{}</admin>",
                        escape(&term.source)
                    );
                }
                if term.status == TermStatus::Forbidden {
                    let _ = writeln!(extra, "            <note>{FORBIDDEN_NOTE}</note>");
                }
                group_out(&term.en, Some(term.status), &extra);
                for alternative in &term.en_alternatives {
                    group_out(alternative, Some(TermStatus::Admitted), "");
                }
                if !term.en_plural.is_empty() {
                    group_out(&term.en_plural, Some(TermStatus::Admitted), PLURAL_NOTE);
                }
                for forbidden in &term.forbidden_en {
                    group_out(forbidden, Some(TermStatus::Deprecated), "");
                }
            }
            let _ = writeln!(out, "        </{lang}>");
        }
        let _ = writeln!(out, "      </{entry}>");
    }
    out.push_str("    </body>\n  </text>\n");
    out.push_str(match dialect {
        Dialect::V2019 => "</tbx>\n",
        Dialect::V2008 => "</martif>\n",
    });
    out
}

/// An element read into memory: local name, attributes by local name,
/// children, and where it starts.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
    /// 1-based line of the start tag.
    line: usize,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out.trim().to_string()
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Parses `text` into a tree through the shared XML reader
/// ([`XmlReader`]: depth, entities, characters, one root), its errors
/// named as TBX import reports them.
fn parse_tree(text: &str) -> Result<Element, ImportProblem> {
    let problem = |e: XmlError| {
        let message = if e.message == "no root element" {
            "no XML element: not a TBX file".to_string()
        } else if e.message.starts_with("undefined entity")
            || e.message.contains("nested deeper")
            || e.message == ENTITY_DOCTYPE_MESSAGE
        {
            e.message
        } else {
            format!("malformed XML: {}", e.message)
        };
        ImportProblem::new(usize::try_from(e.line).unwrap_or(usize::MAX), None, message)
    };
    let mut reader = XmlReader::from_text(text);
    // Before the root the reader yields only the root's start (or an error).
    let XmlEvent::Start(start) = reader.next().map_err(problem)? else {
        return Err(problem(reader.error("no root element")));
    };
    let root = reader.read_element(start).map_err(problem)?;
    while reader.next().map_err(problem)? != XmlEvent::Eof {}
    Ok(convert(root))
}

fn convert(e: xml::Element) -> Element {
    Element {
        name: e.name,
        attributes: e.attrs,
        line: usize::try_from(e.line).unwrap_or(usize::MAX),
        children: e
            .children
            .into_iter()
            .map(|n| match n {
                xml::Node::Element(e) => Node::Element(convert(e)),
                xml::Node::Text(t) => Node::Text(t),
            })
            .collect(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Language {
    Arabic,
    English,
    Other,
}

fn language(element: &Element) -> Language {
    let tag = element.attribute("lang").unwrap_or("");
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "ara" => Language::Arabic,
        "en" | "eng" => Language::English,
        _ => Language::Other,
    }
}

/// A term as found in a termSec / tig / ntig.
struct FoundTerm {
    text: String,
    status: Option<TermStatus>,
    forbidden: bool,
    /// `grammaticalNumber` plural: an `ar_plurals` entry or `en_plural`.
    plural: bool,
}

fn parse_status(value: &str) -> Option<TermStatus> {
    let value = value.trim().to_ascii_lowercase();
    let value = value.strip_suffix("-admn-sts").unwrap_or(&value);
    match value {
        "preferredterm" | "preferred" | "standardizedterm" => Some(TermStatus::Preferred),
        "admittedterm" | "admitted" => Some(TermStatus::Admitted),
        "deprecatedterm" | "deprecated" | "supersededterm" | "superseded"
        | "notrecommendedterm" | "obsoleteterm" => Some(TermStatus::Deprecated),
        "forbidden" | "forbiddenterm" => Some(TermStatus::Forbidden),
        _ => None,
    }
}

/// What one entry holds, gathered at every level.
#[derive(Default)]
struct Gathered {
    domain: Option<String>,
    definition: Option<String>,
    source: Option<String>,
    notes: Vec<String>,
    /// From [`EXCLUDE_NOTE`] notes.
    excludes: Vec<String>,
    /// From a [`GENDER_NOTE`] note.
    gender_inflects: Option<bool>,
}

impl Gathered {
    /// Reads a metadata element (descrip, note, admin, and their groups).
    fn take(&mut self, e: &Element) -> bool {
        match e.name.as_str() {
            "descripGrp" | "adminGrp" | "termNoteGrp" | "transacGrp" => {
                for child in e.elements() {
                    self.take(child);
                }
                true
            }
            "descrip" => {
                let text = e.text();
                match e.attribute("type") {
                    Some("subjectField") if self.domain.is_none() => self.domain = Some(text),
                    Some("definition") if self.definition.is_none() => {
                        self.definition = Some(text);
                    }
                    _ => {}
                }
                true
            }
            "admin" => {
                if e.attribute("type") == Some("source") && self.source.is_none() {
                    self.source = Some(e.text());
                }
                true
            }
            "note" => {
                let text = e.text();
                if let Some(exclude) = text.strip_prefix(EXCLUDE_NOTE) {
                    let exclude = exclude.trim();
                    if !exclude.is_empty() {
                        self.excludes.push(exclude.to_string());
                    }
                } else if let Some(value) = text.strip_prefix(GENDER_NOTE)
                    && let Ok(inflects) = value.trim().parse::<bool>()
                {
                    self.gender_inflects = Some(inflects);
                } else if !text.is_empty() {
                    self.notes.push(text);
                }
                true
            }
            _ => false,
        }
    }
}

fn term_group(group: &Element, gathered: &mut Gathered, into: &mut Vec<FoundTerm>) {
    let mut found = FoundTerm {
        text: String::new(),
        status: None,
        forbidden: false,
        plural: false,
    };
    let mut visit = vec![group];
    while let Some(e) = visit.pop() {
        for child in e.elements() {
            match child.name.as_str() {
                "term" if found.text.is_empty() => found.text = child.text(),
                "termGrp" => visit.push(child),
                "termNote" => {
                    let kind = child.attribute("type").unwrap_or("");
                    if kind == "administrativeStatus" || kind == "normativeAuthorization" {
                        found.status = parse_status(&child.text()).or(found.status);
                    } else if kind == "grammaticalNumber" {
                        found.plural = child.text().eq_ignore_ascii_case("plural");
                    }
                }
                "note" if child.text() == FORBIDDEN_NOTE => found.forbidden = true,
                _ => {
                    gathered.take(child);
                }
            }
        }
    }
    if !found.text.is_empty() {
        into.push(found);
    }
}

/// Reads TBX 2019 or 2008 from `bytes`.
pub fn read(bytes: &[u8]) -> Result<Imported, Vec<ImportProblem>> {
    let text = utf8(bytes).map_err(|p| vec![p])?;
    check_declared_encoding(text).map_err(|p| vec![p])?;
    let root = parse_tree(text).map_err(|p| vec![p])?;
    if root.name != "tbx" && root.name != "martif" {
        return Err(vec![ImportProblem::new(
            root.line,
            None,
            format!(
                "not a TBX file: the root element is <{}>, not <tbx> or <martif>",
                root.name
            ),
        )]);
    }
    let title = find(&root, "title")
        .map(Element::text)
        .filter(|t| !t.is_empty());
    let Some(body) = root
        .elements()
        .find(|e| e.name == "text")
        .and_then(|t| t.elements().find(|e| e.name == "body"))
    else {
        return Err(vec![ImportProblem::new(
            root.line,
            None,
            "no <text><body> with entries",
        )]);
    };
    let mut problems = Vec::new();
    let mut terms = Vec::new();
    let (mut any_arabic, mut any_english) = (false, false);
    let entries: Vec<&Element> = body
        .elements()
        .filter(|e| e.name == "conceptEntry" || e.name == "termEntry")
        .collect();
    for (index, entry) in entries.iter().enumerate() {
        let name = match entry.attribute("id") {
            Some(id) => format!("entry {id}"),
            None => format!("entry #{}", index + 1),
        };
        let mut gathered = Gathered::default();
        let (mut arabic, mut english) = (Vec::new(), Vec::new());
        for child in entry.elements() {
            if child.name != "langSec" && child.name != "langSet" {
                gathered.take(child);
                continue;
            }
            let lang = language(child);
            for part in child.elements() {
                match (part.name.as_str(), lang) {
                    ("termSec" | "tig" | "ntig", Language::Arabic) => {
                        term_group(part, &mut gathered, &mut arabic);
                    }
                    ("termSec" | "tig" | "ntig", Language::English) => {
                        term_group(part, &mut gathered, &mut english);
                    }
                    (_, Language::Arabic | Language::English) => {
                        gathered.take(part);
                    }
                    _ => {}
                }
            }
        }
        any_arabic |= !arabic.is_empty();
        any_english |= !english.is_empty();
        let at = entry.line;
        if arabic.is_empty() || english.is_empty() {
            let missing = if arabic.is_empty() {
                "Arabic (xml:lang=\"ar\")"
            } else {
                "English (xml:lang=\"en\")"
            };
            problems.push(ImportProblem::new(
                at,
                Some(name),
                format!("no {missing} term"),
            ));
            continue;
        }
        let mut english = english.into_iter();
        let first = english.next().expect("checked non-empty");
        let (plurals, variants): (Vec<&FoundTerm>, Vec<&FoundTerm>) =
            arabic[1..].iter().partition(|t| t.plural);
        let mut term = Term {
            ar: arabic[0].text.clone(),
            ar_variants: variants.iter().map(|t| t.text.clone()).collect(),
            ar_plurals: plurals.iter().map(|t| t.text.clone()).collect(),
            en: first.text,
            status: match first.status {
                Some(TermStatus::Deprecated) if first.forbidden => TermStatus::Forbidden,
                Some(status) => status,
                None => TermStatus::Preferred,
            },
            domain: gathered.domain.unwrap_or_default(),
            definition: gathered.definition.unwrap_or_default(),
            source: gathered.source.unwrap_or_default(),
            note: gathered.notes.join("\n"),
            ar_exclude: gathered.excludes,
            gender_inflects: gathered.gender_inflects,
            ..Term::default()
        };
        for other in english {
            if other.plural && term.en_plural.is_empty() {
                term.en_plural = other.text;
            } else if other.status.is_some_and(TermStatus::is_do_not_use) {
                term.forbidden_en.push(other.text);
            } else {
                term.en_alternatives.push(other.text);
            }
        }
        terms.push(ImportedTerm {
            term,
            line: at,
            entry: name,
        });
    }
    if !entries.is_empty() && (!any_arabic || !any_english) {
        let side = if any_arabic { "English" } else { "Arabic" };
        return Err(vec![ImportProblem::new(
            root.line,
            None,
            format!("the term base has no {side} side (no language section with that xml:lang)"),
        )]);
    }
    if problems.is_empty() {
        Ok(Imported {
            title,
            terms,
            warnings: Vec::new(),
        })
    } else {
        Err(problems)
    }
}

fn find<'e>(element: &'e Element, name: &str) -> Option<&'e Element> {
    let mut visit = vec![element];
    while let Some(e) = visit.pop() {
        if e.name == name {
            return Some(e);
        }
        visit.extend(e.elements().collect::<Vec<_>>().into_iter().rev());
    }
    None
}

/// A declaration naming another encoding is refused rather than misread.
fn check_declared_encoding(text: &str) -> Result<(), ImportProblem> {
    let Some(rest) = text.trim_start().strip_prefix("<?xml") else {
        return Ok(());
    };
    let declaration = rest.split("?>").next().unwrap_or("");
    let Some(after) = declaration.split("encoding").nth(1) else {
        return Ok(());
    };
    let value: String = after
        .trim_start()
        .trim_start_matches('=')
        .trim_start()
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8") {
        Ok(())
    } else {
        Err(ImportProblem::new(
            1,
            None,
            format!(
                "the file declares encoding `{value}`; only UTF-8 is read: convert it to UTF-8"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Glossary {
        let mut g = Glossary {
            name: "T & Co".into(),
            source_language: "ar".into(),
            target_language: "en".into(),
            terms: Vec::new(),
        };
        g.terms.push(Term {
            ar: "قرصنة".into(),
            en: "hacking".into(),
            ar_variants: vec!["قرصنة إلكترونية".into()],
            en_alternatives: vec!["cyber piracy".into()],
            forbidden_en: vec!["piracy".into()],
            ar_exclude: vec!["القرصنة البحرية".into(), "قرصنة <x> & y".into()],
            gender_inflects: Some(false),
            domain: "cybersecurity".into(),
            status: TermStatus::Preferred,
            definition: "Unauthorized access to <systems> & data".into(),
            source: "https://example.org/?a=1&b=2".into(),
            note: "Line one\nline \"two\"".into(),
            ar_plurals: vec!["قراصنة".into()],
            en_plural: "hackings".into(),
        });
        g.terms.push(Term {
            ar: "قمة".into(),
            en: "summit".into(),
            status: TermStatus::Forbidden,
            definition: "لقاء رفيع".into(),
            ..Term::default()
        });
        g
    }

    #[test]
    fn both_dialects_round_trip() {
        let g = sample();
        for dialect in [Dialect::V2019, Dialect::V2008] {
            let text = write(&g, dialect);
            let read = read(text.as_bytes()).unwrap();
            assert_eq!(read.title.as_deref(), Some("T & Co"));
            let terms: Vec<Term> = read.terms.into_iter().map(|t| t.term).collect();
            assert_eq!(terms, g.terms, "{text}");
        }
    }

    #[test]
    fn foreign_martif_with_ntig_and_groups_reads() {
        let text = r#"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader/><text><body>
<termEntry id="t7">
  <descripGrp><descrip type="definition">A meeting</descrip></descripGrp>
  <langSet lang="ar-SA"><ntig><termGrp><term>قمة</term></termGrp></ntig></langSet>
  <langSet xml:lang="EN-us"><tig><term>summit</term></tig><tig><term>top</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  <langSet xml:lang="fr"><tig><term>sommet</term></tig></langSet>
</termEntry>
</body></text></martif>"#;
        let read = read(text.as_bytes()).unwrap();
        let t = &read.terms[0];
        assert_eq!((t.term.ar.as_str(), t.term.en.as_str()), ("قمة", "summit"));
        assert_eq!(t.term.forbidden_en, ["top"]);
        assert_eq!(t.term.definition, "A meeting");
        assert_eq!((t.line, t.entry.as_str()), (4, "entry t7"));
    }

    fn error(text: &str) -> String {
        read(text.as_bytes())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn bad_input_is_reported_with_line() {
        let e = error("<tbx>\n<text><body>\n<conceptEntry>\n</body></text></tbx>");
        assert!(e.starts_with("4:") && e.contains("malformed XML"), "{e}");
        let e = error(
            "<tbx><text><body><conceptEntry id=\"x\">\n<langSec xml:lang=\"en\"><termSec><term>a</term></termSec></langSec></conceptEntry></body></text></tbx>",
        );
        assert!(e.contains("no Arabic side"), "{e}");
        let e = error(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<tbx>&lol2;</tbx>",
        );
        assert!(
            e.starts_with("2:") && e.contains("declares entities"),
            "{e}"
        );
        let e = error("<tbx>&ext;</tbx>");
        assert!(e.contains("undefined entity `&ext;`"), "{e}");
        let e = error("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tbx/>");
        assert!(e.contains("ISO-8859-1"), "{e}");
        let e = error("<html/>");
        assert!(e.contains("not a TBX file"), "{e}");
        let deep = "<a>".repeat(10_000);
        assert!(error(&deep).contains("nested deeper"));
        assert!(error("").contains("no XML element"));
    }
}
