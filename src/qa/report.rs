//! QA reports: a self-contained HTML page and CSV, one row per issue.

use super::QaIssue;
use crate::document::Document;
use crate::formats::xml::push_escaped;

/// One row per issue: segment, check, words, message, Arabic, English.
pub fn report_csv(doc: &Document, issues: &[&QaIssue]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["segment", "check", "words", "message", "arabic", "english"])?;
    for issue in issues {
        writer.write_record([
            (issue.segment_id + 1).to_string().as_str(),
            issue.check.name(),
            &issue.words,
            &issue.message,
            doc.source_of(issue.segment_index),
            &doc.segments[issue.segment_index].en,
        ])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A printable HTML page listing the issues (no script, nothing fetched).
pub fn report_html(doc: &Document, issues: &[&QaIssue]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>QA report</title>\n<style>\
         body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}\
         th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}\
         td.ar{text-align:right;font-family:\"Noto Naskh Arabic\",serif;font-size:1.1em}\
         @page{size:A4;margin:15mm}@media print{thead{display:table-header-group}tr{break-inside:avoid}}\
         </style>\n</head>\n<body>\n<h1>QA report</h1>\n",
    );
    out.push_str(&format!(
        "<p>{} issue{} in {} segments.</p>\n",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" },
        doc.segments.len()
    ));
    out.push_str("<table>\n<thead><tr><th>#</th><th>Check</th><th>Words</th><th>Message</th><th>Arabic</th><th>English</th></tr></thead>\n<tbody>\n");
    for issue in issues {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>",
            issue.segment_id + 1,
            issue.check.label()
        ));
        push_escaped(&mut out, &issue.words);
        out.push_str("</td><td>");
        push_escaped(&mut out, &issue.message);
        out.push_str("</td><td class=\"ar\" dir=\"rtl\" lang=\"ar\">");
        push_escaped(&mut out, doc.source_of(issue.segment_index));
        out.push_str("</td><td dir=\"ltr\">");
        push_escaped(&mut out, &doc.segments[issue.segment_index].en);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
