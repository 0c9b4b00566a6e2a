//! The QA panel (View ▸ QA panel, F8): the open issues of the document, kept
//! live as the translator types (only edited segments are re-checked; the
//! whole document when it or the glossary changes). Clicking an issue
//! activates its segment; an issue can be accepted with a reason, which is
//! stored in the document (undoable) and silences it.

use std::path::Path;

use eframe::egui;
use egui::{RichText, Ui};

use super::App;
use super::arabic::{arabic_ui, mixed_text_ui};
use super::command::Command;
use super::workspace::Batch;
use crate::qa::{Qa, QaIssue, report};

/// Issues listed at most (the count in the heading is always complete).
const ISSUES_SHOWN: usize = 1000;

/// QA results and the panel's state.
#[derive(Default)]
pub struct QaPanel {
    pub open: bool,
    pub qa: Qa,
    /// The issue clicked last.
    pub selected: Option<QaIssue>,
    /// The reason being typed for accepting the selected issue.
    accepting: Option<String>,
    /// A check of the whole document running off the UI thread (after a
    /// new document or glossary edit: at 100,000 terms its index alone
    /// takes a noticeable fraction of a second). Until it is in, the
    /// earlier results stay shown.
    rebuild: Option<std::sync::mpsc::Receiver<Qa>>,
    /// Segments edited while it runs, re-checked once it is in.
    edited_meanwhile: Vec<usize>,
}

impl App {
    /// Brings QA up to date with the document: the edited segments alone,
    /// or everything after a new document or glossary (off the UI thread;
    /// tests that settle the glossary matching wait for it in the frame).
    pub(super) fn qa_sync(&mut self, ctx: &egui::Context) {
        match self.ws.take_qa_pending() {
            None => self.start_qa_rebuild(ctx),
            Some(segments) if self.qa.rebuild.is_some() => {
                self.qa.edited_meanwhile.extend(segments);
            }
            Some(segments) => {
                for segment in segments {
                    self.qa.qa.recheck_segment(&self.ws.doc, segment);
                }
            }
        }
        self.take_qa_rebuild();
    }

    fn start_qa_rebuild(&mut self, ctx: &egui::Context) {
        let glossary = self.ws.glossary.clone();
        let doc = self.ws.doc.clone();
        let (send, receive) = std::sync::mpsc::channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("qa".into())
            .spawn(move || {
                let mut qa = Qa::owning(glossary);
                qa.check_document(&doc);
                // An answer nobody waits for any more (a newer check) is dropped.
                if send.send(qa).is_ok() {
                    repaint.request_repaint();
                }
            });
        match spawned {
            // Any older check's answer is dropped with its receiver.
            Ok(_) => self.qa.rebuild = Some(receive),
            Err(_) => {
                self.qa.rebuild = None;
                self.qa.qa = Qa::new(&self.ws.glossary);
                self.qa.qa.check_document(&self.ws.doc);
            }
        }
        self.qa.edited_meanwhile.clear();
    }

    /// Takes the whole-document check if it is in (waiting for it when the
    /// tests settle matching), then re-checks what was edited meanwhile.
    fn take_qa_rebuild(&mut self) {
        let Some(receive) = &self.qa.rebuild else {
            return;
        };
        let answer = if self.settle_matching {
            receive
                .recv_timeout(std::time::Duration::from_secs(10))
                .map_err(|e| matches!(e, std::sync::mpsc::RecvTimeoutError::Disconnected))
        } else {
            receive
                .try_recv()
                .map_err(|e| matches!(e, std::sync::mpsc::TryRecvError::Disconnected))
        };
        match answer {
            Ok(qa) => {
                self.qa.qa = qa;
                self.qa.rebuild = None;
                let edited = std::mem::take(&mut self.qa.edited_meanwhile);
                for segment in edited {
                    if segment < self.ws.doc.segments.len() {
                        self.qa.qa.recheck_segment(&self.ws.doc, segment);
                    }
                }
            }
            Err(false) => {} // still checking
            Err(true) => {
                // The check failed (a bug): do it here rather than show nothing.
                self.qa.rebuild = None;
                self.qa.qa = Qa::new(&self.ws.glossary);
                self.qa.qa.check_document(&self.ws.doc);
            }
        }
    }

    /// Whether a whole-document QA check is still running.
    pub fn qa_checking(&self) -> bool {
        self.qa.rebuild.is_some()
    }

    /// The issues not accepted, in segment order.
    pub fn qa_open_issues(&self) -> Vec<&QaIssue> {
        self.qa.qa.open_issues(&self.ws.doc.qa_accepted).collect()
    }

    /// The commands of this module; others are ignored.
    pub(super) fn apply_qa(&mut self, command: Command) {
        match command {
            Command::ToggleQa => self.qa.open = !self.qa.open,
            Command::AcceptIssue { issue, reason } => {
                let before = self.ws.doc.qa_accepted.clone();
                let mut after = before.clone();
                after.push(issue.accept(reason.trim()));
                self.ws.apply_batch(Batch {
                    segments: Vec::new(),
                    accepted: Some((before, after)),
                });
                self.qa.selected = None;
                self.qa.accepting = None;
            }
            Command::QaReportDialog { html } => {
                let (label, extension) = if html {
                    ("HTML", "html")
                } else {
                    ("CSV", "csv")
                };
                self.ask_file(super::FileRequest::save(
                    "Export the QA report",
                    label,
                    &[extension],
                    format!("qa-report.{extension}"),
                    Command::QaReport,
                ));
            }
            Command::QaReport(path) => self.write_qa_report(&path),
            _ => {}
        }
    }

    /// The open issues as HTML, or CSV when `path` ends in `.csv`.
    fn write_qa_report(&mut self, path: &Path) {
        let issues = self.qa_open_issues();
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = if csv {
            report::report_csv(&self.ws.doc, &issues).map_err(|e| e.to_string())
        } else {
            Ok(report::report_html(&self.ws.doc, &issues).into_bytes())
        };
        let result = self
            .refuse_overwriting_inputs(path)
            .and(bytes)
            .and_then(|b| crate::formats::write_atomic(path, &b).map_err(|e| e.to_string()));
        match result {
            Ok(()) => self.info = Some(format!("QA report written to {}", path.display())),
            Err(e) => {
                self.error = Some(format!(
                    "Could not write the QA report {}: {e}",
                    path.display()
                ));
            }
        }
    }

    /// The count in the status bar; clicking it opens the panel.
    pub(super) fn qa_status_ui(&mut self, ui: &mut Ui) {
        let (n, hints) =
            self.qa
                .qa
                .open_issues(&self.ws.doc.qa_accepted)
                .fold(
                    (0, 0),
                    |(n, h), i| if i.is_hint() { (n, h + 1) } else { (n + 1, h) },
                );
        let mut text = match n {
            0 => "QA: no issues".to_owned(),
            1 => "QA: 1 issue".to_owned(),
            n => format!("QA: {n} issues"),
        };
        text.push_str(&hint_count(hints));
        if ui
            .small_button(text)
            .on_hover_text("Show or hide the QA panel (F8)")
            .clicked()
        {
            self.commands.push(Command::ToggleQa);
        }
    }

    pub(super) fn qa_panel_ui(&mut self, ui: &mut Ui) {
        let font_size = self.settings.font_size;
        let mut commands = Vec::new();
        let issues: Vec<&QaIssue> = self.qa.qa.open_issues(&self.ws.doc.qa_accepted).collect();
        let hints = issues.iter().filter(|i| i.is_hint()).count();
        ui.horizontal(|ui| {
            ui.heading("QA");
            let mut label = match issues.len() - hints {
                1 => "1 open issue".to_owned(),
                n => format!("{n} open issues"),
            };
            label.push_str(&hint_count(hints));
            ui.label(label);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Report:");
            if ui.button("HTML…").clicked() {
                commands.push(Command::QaReportDialog { html: true });
            }
            if ui.button("CSV…").clicked() {
                commands.push(Command::QaReportDialog { html: false });
            }
            let accepted = self.ws.doc.qa_accepted.len();
            if accepted > 0 {
                ui.label(RichText::new(format!("{accepted} accepted")).weak());
            }
        });
        ui.separator();
        if issues.is_empty() {
            ui.label("No open issues.");
        }
        let mut select = None;
        egui::ScrollArea::vertical()
            .id_salt("qa issues")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for issue in issues.iter().take(ISSUES_SHOWN) {
                    let selected = self.qa.selected.as_ref() == Some(*issue);
                    let label =
                        format!("Segment {} · {}", issue.segment_id + 1, issue.check.label());
                    let text = if issue.is_hint() {
                        RichText::new(label).weak()
                    } else {
                        RichText::new(label).strong()
                    };
                    let response = ui.selectable_label(selected, text);
                    if response.clicked() {
                        select = Some((*issue).clone());
                        commands.push(Command::Activate {
                            segment: issue.segment_index,
                            focus: true,
                        });
                    }
                    words_ui(ui, &issue.words, font_size * 0.9);
                    // Messages quote the Arabic: the bidi widget orders them.
                    mixed_text_ui(ui, &issue.message, font_size * 0.8);
                    if selected {
                        accept_ui(ui, issue, &mut self.qa.accepting, &mut commands);
                    }
                    ui.separator();
                }
                if issues.len() > ISSUES_SHOWN {
                    ui.label(format!(
                        "… and {} more (see the report)",
                        issues.len() - ISSUES_SHOWN
                    ));
                }
            });
        if let Some(issue) = select {
            self.qa.selected = Some(issue);
            self.qa.accepting = None;
        }
        self.commands.extend(commands);
    }
}

/// ", 2 hints" after an issue count (hints are listed, not counted as issues).
fn hint_count(hints: usize) -> String {
    match hints {
        0 => String::new(),
        1 => " · 1 hint".to_owned(),
        n => format!(" · {n} hints"),
    }
}

/// The words of an issue: `Arabic → English` is drawn as the Arabic (right
/// to left) and the English under it (the bundled fonts have no arrow).
fn words_ui(ui: &mut Ui, words: &str, size: f32) {
    if let Some((ar, en)) = words.split_once(" → ") {
        arabic_ui(ui, ar, size, &[], None);
        ui.label(RichText::new(format!("English: {en}")).italics());
    } else if !words.is_empty() {
        // The words may mix Arabic and English: the bidi widget orders them.
        mixed_text_ui(ui, words, size);
    }
}

/// "Accept…", then a reason and Accept / Cancel.
fn accept_ui(
    ui: &mut Ui,
    issue: &QaIssue,
    accepting: &mut Option<String>,
    commands: &mut Vec<Command>,
) {
    match accepting {
        None => {
            if ui
                .button("Accept…")
                .on_hover_text("Accept this issue with a reason; it is not raised again")
                .clicked()
            {
                *accepting = Some(String::new());
            }
        }
        Some(reason) => {
            let mut done = false;
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Reason:");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(reason)
                            .id(egui::Id::unique("qa accept reason"))
                            .hint_text("why this is correct")
                            .desired_width(180.0),
                    )
                    .labelled_by(label.id);
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Accept").clicked() || enter {
                    commands.push(Command::AcceptIssue {
                        issue: Box::new(issue.clone()),
                        reason: reason.clone(),
                    });
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
            if done {
                *accepting = None;
            }
        }
    }
}
