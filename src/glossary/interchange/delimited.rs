//! CSV (`ar,en,ar_variants,en_alternatives,domain,status,note`, then
//! `definition,reference,forbidden_en,ar_plurals,en_plural,ar_exclude,gender_inflects`;
//! `|` between list items, `gender_inflects` `true`, `false` or empty) and OmegaT's
//! glossary TSV (`source<TAB>target<TAB>comment`, `#` comment lines).

use super::{
    ImportProblem, Imported, ImportedTerm, is_formula, join_list, neutralise, split_list,
    unneutralise, utf8,
};
use crate::glossary::validate::LineIndex;
use crate::glossary::{Glossary, Term, TermStatus};

/// Columns in the order they are written; the first seven are the documented
/// header, the others carry the remaining fields so nothing is lost.
/// The term's `source` (where the rendering comes from) is the column
/// `reference`: CSV tools such as translate-toolkit take a column named
/// `source` for the source-language text.
pub const CSV_COLUMNS: &[&str] = &[
    "ar",
    "en",
    "ar_variants",
    "en_alternatives",
    "domain",
    "status",
    "note",
    "definition",
    "reference",
    "forbidden_en",
    "ar_plurals",
    "en_plural",
    "ar_exclude",
    "gender_inflects",
];

/// Writes `glossary` as CSV with a header row.
pub fn write_csv(glossary: &Glossary) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, row: &[&str]| {
        writer.write_record(row).expect("writing to memory");
    };
    write(&mut writer, CSV_COLUMNS);
    for term in &glossary.terms {
        let status = if term.status == TermStatus::Preferred {
            ""
        } else {
            term.status.as_str()
        };
        let cells = [
            term.ar.clone(),
            term.en.clone(),
            join_list(&term.ar_variants),
            join_list(&term.en_alternatives),
            term.domain.clone(),
            status.to_string(),
            term.note.clone(),
            term.definition.clone(),
            term.source.clone(),
            join_list(&term.forbidden_en),
            join_list(&term.ar_plurals),
            term.en_plural.clone(),
            join_list(&term.ar_exclude),
            term.gender_inflects
                .map(|g| g.to_string())
                .unwrap_or_default(),
        ];
        let cells: Vec<std::borrow::Cow<str>> = cells.iter().map(|c| neutralise(c)).collect();
        let cells: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
        write(&mut writer, &cells);
    }
    let bytes = writer.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("written from strings")
}

/// Reads CSV with a header row naming known columns (`ar` and `en` required).
pub fn read_csv(bytes: &[u8]) -> Result<Imported, Vec<ImportProblem>> {
    let text = utf8(bytes).map_err(|p| vec![p])?;
    let lines = LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let expected = CSV_COLUMNS[..7].join(",");
    let header = match records.next() {
        None => {
            return Err(vec![ImportProblem::new(
                1,
                None,
                format!("empty file: expected the header {expected}"),
            )]);
        }
        Some(Err(e)) => return Err(vec![csv_problem(&lines, text, &e)]),
        Some(Ok(header)) => header,
    };
    let mut columns: Vec<usize> = Vec::new();
    for name in &header {
        let name = name.trim();
        match CSV_COLUMNS.iter().position(|c| *c == name) {
            Some(i) if !columns.contains(&i) => columns.push(i),
            Some(_) => {
                return Err(vec![ImportProblem::new(
                    1,
                    None,
                    format!("column `{name}` appears twice in the header"),
                )]);
            }
            None => {
                return Err(vec![ImportProblem::new(
                    1,
                    None,
                    format!(
                        "wrong header: unknown column `{name}` (expected {expected}, optionally followed by {})",
                        CSV_COLUMNS[7..].join(",")
                    ),
                )]);
            }
        }
    }
    for required in [0, 1] {
        if !columns.contains(&required) {
            return Err(vec![ImportProblem::new(
                1,
                None,
                format!(
                    "wrong header: no `{}` column (expected {expected})",
                    CSV_COLUMNS[required]
                ),
            )]);
        }
    }
    let mut terms = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems.push(csv_problem(&lines, text, &e));
                break;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| line_at(&lines, text, p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let entry = format!("row {}", record.position().map_or(0, |p| p.record() + 1));
        if record.len() != columns.len() {
            problems.push(ImportProblem::new(
                line,
                Some(entry),
                format!(
                    "{} fields, but the header has {}",
                    record.len(),
                    columns.len()
                ),
            ));
            continue;
        }
        let mut term = Term::default();
        for (value, &column) in record.iter().zip(&columns) {
            formula_warning(value, CSV_COLUMNS[column], line, &entry, &mut warnings);
            let value = unneutralise(value).trim();
            match CSV_COLUMNS[column] {
                "ar" => term.ar = value.to_string(),
                "en" => term.en = value.to_string(),
                "ar_variants" => term.ar_variants = split_list(value),
                "en_alternatives" => term.en_alternatives = split_list(value),
                "forbidden_en" => term.forbidden_en = split_list(value),
                "ar_plurals" => term.ar_plurals = split_list(value),
                "en_plural" => term.en_plural = value.to_string(),
                "ar_exclude" => term.ar_exclude = split_list(value),
                "gender_inflects" => match value.to_ascii_lowercase().as_str() {
                    "" => {}
                    "true" => term.gender_inflects = Some(true),
                    "false" => term.gender_inflects = Some(false),
                    _ => problems.push(ImportProblem::new(
                        line,
                        Some(entry.clone()),
                        format!("gender_inflects must be true, false or empty, not `{value}`"),
                    )),
                },
                "domain" => term.domain = value.to_string(),
                "note" => term.note = value.to_string(),
                "definition" => term.definition = value.to_string(),
                "reference" => term.source = value.to_string(),
                _ if value.is_empty() => {}
                _ => match TermStatus::parse(&value.to_ascii_lowercase()) {
                    Some(status) => term.status = status,
                    None => problems.push(ImportProblem::new(
                        line,
                        Some(entry.clone()),
                        format!(
                            "unknown status `{value}` (allowed: preferred, admitted, deprecated, forbidden)"
                        ),
                    )),
                },
            }
        }
        let entry = if term.ar.is_empty() {
            entry
        } else {
            format!("{entry} ({})", term.ar)
        };
        terms.push(ImportedTerm { term, line, entry });
    }
    if problems.is_empty() {
        Ok(Imported {
            title: None,
            terms,
            warnings,
        })
    } else {
        Err(problems)
    }
}

/// A warning if `cell` would run as a spreadsheet formula (it is imported
/// as text; exports write it with a leading `'`).
fn formula_warning(
    cell: &str,
    column: &str,
    line: usize,
    entry: &str,
    warnings: &mut Vec<ImportProblem>,
) {
    if is_formula(cell) || is_formula(cell.trim_start_matches([' '])) {
        let shown: String = cell.trim().chars().take(24).collect();
        warnings.push(ImportProblem::new(
            line,
            Some(entry.to_string()),
            format!(
                "warning: the `{column}` cell `{shown}` starts like a spreadsheet formula; imported as text"
            ),
        ));
    }
}

/// The line of a csv byte position. csv's own line count, and its byte
/// offset after a CRLF (which points at the LF), are off by one there.
fn line_at(lines: &LineIndex, text: &str, byte: u64) -> usize {
    let mut offset = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    while text[offset..].starts_with(['\r', '\n']) {
        offset += 1;
    }
    lines.line(offset)
}

fn csv_problem(lines: &LineIndex, text: &str, e: &csv::Error) -> ImportProblem {
    let line = e.position().map_or(0, |p| line_at(lines, text, p.byte()));
    ImportProblem::new(line, None, format!("malformed CSV: {e}"))
}

fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Writes `glossary` as OmegaT glossary TSV: one line per term, the note as
/// comment (tabs and line breaks become spaces).
pub fn write_tsv(glossary: &Glossary) -> String {
    let mut out = format!("# {}\n", one_line(&glossary.name));
    for term in &glossary.terms {
        out.push_str(&neutralise(&one_line(&term.ar)));
        out.push('\t');
        out.push_str(&neutralise(&one_line(&term.en)));
        if !term.note.is_empty() {
            out.push('\t');
            out.push_str(&neutralise(&one_line(&term.note)));
        }
        out.push('\n');
    }
    out
}

/// Reads OmegaT glossary TSV. A source given twice gains the second target
/// as an alternative (OmegaT lists several targets that way).
pub fn read_tsv(bytes: &[u8]) -> Result<Imported, Vec<ImportProblem>> {
    let text = utf8(bytes).map_err(|p| vec![p])?;
    let mut terms: Vec<ImportedTerm> = Vec::new();
    let mut by_source: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let entry_name = format!("line {number}");
        for (cell, column) in line.split('\t').zip(["source", "target", "comment"]) {
            formula_warning(cell, column, number, &entry_name, &mut warnings);
        }
        let mut fields = line.split('\t').map(|f| unneutralise(f.trim()));
        let source = fields.next().unwrap_or("");
        let Some(target) = fields.next() else {
            problems.push(ImportProblem::new(
                number,
                Some(format!("line {number} ({source})")),
                "no tab: expected source<TAB>target<TAB>comment",
            ));
            continue;
        };
        let comment = fields.next().unwrap_or("");
        if let Some(existing) = by_source.get(source).map(|&i| &mut terms[i]) {
            if existing.term.en != target
                && !existing.term.en_alternatives.iter().any(|a| a == target)
            {
                existing.term.en_alternatives.push(target.to_string());
            }
            if !comment.is_empty() && !existing.term.note.contains(comment) {
                if !existing.term.note.is_empty() {
                    existing.term.note.push('\n');
                }
                existing.term.note.push_str(comment);
            }
            continue;
        }
        by_source.insert(source.to_string(), terms.len());
        terms.push(ImportedTerm {
            term: Term {
                ar: source.to_string(),
                en: target.to_string(),
                note: comment.to_string(),
                ..Term::default()
            },
            line: number,
            entry: format!("line {number} ({source})"),
        });
    }
    if problems.is_empty() {
        Ok(Imported {
            title: None,
            terms,
            warnings,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_awkward_values() {
        let mut g = Glossary::default();
        g.terms.push(Term {
            ar: "قرصنة".into(),
            en: "hacking, \"cyber\"".into(),
            ar_variants: vec!["a|b".into(), "ج".into()],
            en_alternatives: vec!["x\\y".into()],
            forbidden_en: vec!["piracy".into()],
            ar_exclude: vec!["القرصنة البحرية".into(), "قرصنه|x".into()],
            gender_inflects: Some(false),
            domain: "cybersecurity".into(),
            status: TermStatus::Deprecated,
            note: "two\nlines".into(),
            definition: "d".into(),
            source: "s".into(),
            ar_plurals: vec!["قراصنة".into()],
            en_plural: "hackings".into(),
        });
        let text = write_csv(&g);
        assert!(text.starts_with("ar,en,ar_variants,en_alternatives,domain,status,note,"));
        let read = read_csv(text.as_bytes()).unwrap();
        assert_eq!(read.terms[0].term, g.terms[0]);
        assert_eq!(read.terms[0].line, 2);
    }

    #[test]
    fn csv_header_and_rows_are_checked() {
        let e = read_csv(b"arabic,english\nx,y\n").unwrap_err();
        assert!(e[0].message.contains("unknown column `arabic`"), "{e:?}");
        assert_eq!(e[0].line, 1);
        let e = read_csv(b"ar,note\nx,y\n").unwrap_err();
        assert!(e[0].message.contains("no `en` column"), "{e:?}");
        let e = read_csv("en,ar\nsummit,قمة\nx\n".as_bytes()).unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("1 fields"), "{e:?}");
        let ok = read_csv("en,ar,status\nsummit,قمة,Admitted\n\n".as_bytes()).unwrap();
        assert_eq!(ok.terms[0].term.status, TermStatus::Admitted);
    }

    #[test]
    fn tsv_reads_omegat_glossaries() {
        let text = "# comment\nقمة\tsummit\tdiplomacy\n\nقمة\tsummit meeting\nهجوم\tattack\nبلا\n";
        let e = read_tsv(text.as_bytes()).unwrap_err();
        assert_eq!(e[0].line, 6);
        let ok = read_tsv(text.replace("بلا\n", "").as_bytes()).unwrap();
        assert_eq!(ok.terms.len(), 2);
        assert_eq!(ok.terms[0].term.en_alternatives, ["summit meeting"]);
        assert_eq!(ok.terms[0].term.note, "diplomacy");
        assert_eq!(ok.terms[1].line, 5);
        let g = Glossary {
            name: "G".into(),
            terms: ok.terms.iter().map(|t| t.term.clone()).collect(),
            ..Glossary::default()
        };
        assert_eq!(write_tsv(&g), "# G\nقمة\tsummit\tdiplomacy\nهجوم\tattack\n");
    }
}
