//! File ▸ Export (every bilingual and English-only format) and File ▸
//! Import reviewed file (XLIFF 2.0/1.2, the DOCX review table): the summary
//! is shown before anything changes, and the import is one undo step.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::{RichText, Ui};

use super::App;
use super::arabic::arabic_ui;
use super::command::Command;
use super::file_dialog::FileRequest;
use super::workspace::{Batch, BatchSegment, SegmentState};
use crate::formats::{self, Format, ImportSummary};

/// An import read and planned, waiting for the translator to apply it.
pub struct PendingImport {
    pub path: PathBuf,
    pub summary: ImportSummary,
}

/// Mismatched segments shown with their Arabic in the import dialog.
const MISMATCHES_SHOWN: usize = 5;

impl App {
    /// The Export submenu and the import entry of the File menu.
    pub(super) fn exchange_menu_ui(&mut self, ui: &mut Ui) {
        ui.menu_button("Export", |ui| {
            for format in Format::ALL {
                self.menu_item(
                    ui,
                    &format!("{}…", format.label()),
                    Command::ExportDialog(format),
                );
            }
        });
        self.menu_item(ui, "Import reviewed file…", Command::ImportDialog);
    }

    /// The commands of this module; others are ignored.
    pub(super) fn apply_exchange(&mut self, command: Command) {
        match command {
            Command::ExportDialog(format)
                if formats::is_english_only(format)
                    && formats::untranslated_count(&self.ws.doc) > 0 =>
            {
                self.export_asking = Some(format);
            }
            Command::CancelExport => self.export_asking = None,
            Command::ExportUntranslated(format, untranslated) => {
                self.export_asking = None;
                self.export_untranslated = untranslated;
                self.apply_exchange(Command::ExportChosen(format));
            }
            Command::ExportDialog(format) | Command::ExportChosen(format) => {
                let suggested = self.export_file_name(format);
                let dir = self.document_dir();
                self.ask_file(
                    FileRequest::save(
                        format!("Export as {}", format.label()),
                        format.label(),
                        &[format.extension()],
                        suggested.to_string_lossy(),
                        move |path| Command::Export { format, path },
                    )
                    .in_dir(dir),
                );
            }
            Command::Export { format, path } => self.export_to(format, &path),
            Command::ImportDialog => {
                let dir = self.document_dir();
                self.ask_file(
                    FileRequest::open(
                        "Import a reviewed file",
                        "XLIFF or DOCX review table",
                        &["xlf", "xliff", "docx"],
                        Command::Import,
                    )
                    .with_all_files()
                    .in_dir(dir),
                );
            }
            Command::Import(path) => self.read_import(path),
            Command::ApplyImport => {
                if let Some(pending) = self.pending_import.take() {
                    self.apply_import(&pending);
                }
            }
            Command::CancelImport => self.pending_import = None,
            _ => {}
        }
    }

    fn document_dir(&self) -> Option<PathBuf> {
        self.ws
            .project_path
            .as_ref()
            .or(self.ws.doc.source_path.as_ref())
            .and_then(|p| p.parent())
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
    }

    /// Refuses an output that is the open project, its source text or the
    /// glossary in use (an export over them would destroy them).
    pub(super) fn refuse_overwriting_inputs(&self, path: &Path) -> Result<(), String> {
        let inputs: Vec<&Path> = [
            self.ws.project_path.as_deref(),
            self.ws.doc.source_path.as_deref(),
            self.glossary_path.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        crate::files::refuse_same_file(path, &inputs)
    }

    /// `article.xlf` for `article.tarjuman.toml` or `article.ar.txt`.
    fn export_file_name(&self, format: Format) -> PathBuf {
        let name = self.file_name().unwrap_or_else(|| "untitled".to_owned());
        let stem = name
            .split('.')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("untitled");
        let suffix = if format == Format::DocxEnglish {
            ".en"
        } else {
            ""
        };
        PathBuf::from(format!("{stem}{suffix}.{}", format.extension()))
    }

    /// Writes the document in `format` to `path` (atomically).
    pub fn export_to(&mut self, format: Format, path: &Path) {
        let untranslated = self.export_untranslated;
        let result = self
            .refuse_overwriting_inputs(path)
            .and_then(|()| {
                formats::export_with(&self.ws.doc, &self.ws.glossary, format, untranslated)
                    .map_err(|e| e.to_string())
            })
            .and_then(|bytes| formats::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                let missing = formats::untranslated_count(&self.ws.doc);
                let note = match untranslated {
                    _ if missing == 0 || !formats::is_english_only(format) => String::new(),
                    formats::Untranslated::LeaveOut => {
                        format!("; {missing} untranslated segment(s) left out")
                    }
                    formats::Untranslated::Arabic => {
                        format!("; {missing} untranslated segment(s) written in Arabic")
                    }
                };
                self.info = Some(format!(
                    "Exported {} to {}{note}",
                    format.label(),
                    path.display()
                ));
            }
            Err(e) => {
                self.error = Some(format!("Could not export to {}: {e}", path.display()));
            }
        }
    }

    fn read_import(&mut self, path: PathBuf) {
        match formats::import::import_file(&self.ws.doc, &path) {
            Ok(summary) => self.pending_import = Some(PendingImport { path, summary }),
            Err(e) => {
                self.error = Some(format!("Could not import {}: {e}", path.display()));
            }
        }
    }

    /// Applies a planned import as one undo step.
    fn apply_import(&mut self, pending: &PendingImport) {
        let segments = pending
            .summary
            .changes
            .iter()
            .filter(|c| c.segment_index < self.ws.len())
            .map(|c| BatchSegment {
                segment: c.segment_index,
                before: SegmentState {
                    en: c.before.en.clone(),
                    status: c.before.status,
                    origin: self.ws.doc.segments[c.segment_index].origin.clone(),
                },
                after: SegmentState {
                    en: c.after.en.clone(),
                    status: c.after.status,
                    origin: None,
                },
                note_before: c.before.note.clone(),
                note_after: c.after.note.clone(),
            })
            .collect::<Vec<_>>();
        let n = segments.len();
        if let Some(first) = self.ws.apply_batch(Batch {
            segments,
            accepted: None,
        }) {
            self.active = first;
            self.scroll_to_active = Some(first);
        }
        self.heights.invalidate();
        self.info = Some(format!(
            "Imported {n} change{} from {}",
            if n == 1 { "" } else { "s" },
            pending.path.display()
        ));
    }

    /// Before an English-only export of a document with untranslated
    /// segments: leave them out, or write their Arabic?
    pub(super) fn export_choice_ui(&mut self, ctx: &egui::Context) {
        let Some(format) = self.export_asking else {
            return;
        };
        let missing = formats::untranslated_count(&self.ws.doc);
        let mut commands = Vec::new();
        let response = egui::Modal::new(egui::Id::unique("export untranslated")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading(format!("Export as {}", format.label()));
            ui.label(format!(
                "{missing} of {} segments have no English yet.",
                self.ws.len()
            ));
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Leave them out").clicked() {
                    commands.push(Command::ExportUntranslated(
                        format,
                        formats::Untranslated::LeaveOut,
                    ));
                }
                if ui.button("Write their Arabic").clicked() {
                    commands.push(Command::ExportUntranslated(
                        format,
                        formats::Untranslated::Arabic,
                    ));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CancelExport);
                }
            });
        });
        if response.should_close() && commands.is_empty() {
            commands.push(Command::CancelExport);
        }
        self.commands.extend(commands);
    }

    /// The import summary, until applied or cancelled.
    pub(super) fn import_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.pending_import else {
            return;
        };
        let font_size = self.settings.font_size;
        let mut commands = Vec::new();
        egui::Modal::new(egui::Id::unique("import summary")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            let name = pending.path.file_name().map_or_else(
                || pending.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.heading(format!("Import {name}"));
            ui.label(pending.summary.to_string().trim_end());
            let mismatches = &pending.summary.source_mismatches;
            if !mismatches.is_empty() {
                ui.separator();
                ui.label(
                    RichText::new(format!(
                        "{} segment(s) will not be changed: their Arabic differs from the file's.",
                        mismatches.len()
                    ))
                    .strong(),
                );
                egui::ScrollArea::vertical()
                    .id_salt("import mismatches")
                    .max_height(240.0)
                    .show(ui, |ui| {
                        for m in mismatches.iter().take(MISMATCHES_SHOWN) {
                            ui.label(format!("Segment {}, in the project:", m.segment_id + 1));
                            arabic_ui(ui, &m.project_source, font_size, &[], None);
                            ui.label("in the file:");
                            arabic_ui(ui, &m.file_source, font_size, &[], None);
                        }
                    });
            }
            ui.separator();
            ui.horizontal(|ui| {
                let n = pending.summary.changes.len();
                if n > 0 {
                    if ui.button("Apply").clicked() {
                        commands.push(Command::ApplyImport);
                    }
                    if ui.button("Cancel").clicked() {
                        commands.push(Command::CancelImport);
                    }
                } else if ui.button("Close").clicked() {
                    commands.push(Command::CancelImport);
                }
            });
        });
        self.commands.extend(commands);
    }
}
