//! The TMX 1.4b writer.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use super::read::{is_own_prop, tree_text};
use super::*;
use crate::formats::xml::{self, push_escaped, push_escaped_attr};
use crate::tm::{TmError, Unit};

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
        Self::with_header(out, crate::tm::now_secs(), &[])
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
