//! Importing a term base (TBX, CSV, TSV) into the glossary editor: the file
//! is read and checked, a preview counts new, identical and conflicting
//! terms and lets the translator choose per conflict (or for all), and
//! applying makes one undo step. A bad file is reported with file and line
//! and changes nothing.

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::{RichText, ScrollArea, Ui};

use crate::glossary::edit::{EditCommand, EditError};
use crate::glossary::interchange::Format;
use crate::glossary::interchange::merge::{MergeChange, MergeKind, MergePlan, Resolution};
use crate::ui::App;
use crate::ui::arabic::arabic_ui;

/// An import read and waiting for the translator's choices.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub file: PathBuf,
    pub plan: MergePlan,
    /// One per item of the plan (only conflicts' choices matter).
    pub choices: Vec<Resolution>,
    /// The editor revision the plan was made against.
    revision: u64,
    /// The plan's conflicts, by item index (the list lays out only the
    /// visible ones: an import can have 100,000).
    conflicts: Vec<usize>,
}

/// Warnings shown with a preview; the rest are counted.
const SHOWN_WARNINGS: usize = 20;

/// The format of a term-base file, by its extension.
pub fn format_for(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "tbx" => Some(Format::Tbx),
        "csv" => Some(Format::Csv),
        "tsv" | "txt" => Some(Format::Tsv),
        _ => None,
    }
}

impl App {
    /// Reads `path` (TBX, CSV or TSV by extension) and shows the import
    /// preview in the glossary editor; a bad file is reported, nothing changes.
    pub fn import_glossary_file(&mut self, path: &Path) {
        self.gloss.open = true;
        self.gloss.import = None;
        let shown = path.display().to_string();
        let Some(format) = format_for(path) else {
            self.gloss.message = Some(format!(
                "{shown}: not a term base this app reads (use .tbx, .csv, .tsv or .txt); nothing imported"
            ));
            return;
        };
        let bytes = match crate::files::read_input(path, crate::files::MAX_GLOSSARY_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.gloss.message = Some(format!(
                    "{shown}: {}; nothing imported",
                    crate::io_message(&e, path)
                ));
                return;
            }
        };
        let imported = match format.read(&bytes, &shown) {
            Ok(imported) => imported,
            Err(e) => {
                self.gloss.message = Some(format!("{e}\n{shown}: nothing imported"));
                return;
            }
        };
        let editor = self.glossary_editor();
        let revision = editor.revision();
        let plan = MergePlan::new(&editor.glossary().terms, imported.terms);
        let choices = vec![Resolution::KeepExisting; plan.items.len()];
        // Warnings (a formula-like cell, an `ar` with no Arabic) are shown
        // with the preview: allowed, but the translator should see them.
        // The first few are shown (a file of duplicates has one a term).
        self.gloss.message = (!imported.warnings.is_empty()).then(|| {
            let mut lines: Vec<String> = imported
                .warnings
                .iter()
                .take(SHOWN_WARNINGS)
                .map(|w| format!("{shown}:{w}"))
                .collect();
            let more = imported.warnings.len().saturating_sub(SHOWN_WARNINGS);
            if more > 0 {
                lines.push(format!("… and {more} more warnings"));
            }
            lines.join("\n")
        });
        let conflicts = plan.conflicts().map(|(index, _)| index).collect();
        self.gloss.import = Some(ImportPreview {
            file: path.to_path_buf(),
            plan,
            choices,
            revision,
            conflicts,
        });
    }

    /// Applies the previewed import with the choices made: one undo step.
    pub fn apply_glossary_import(&mut self) {
        let Some(preview) = self.gloss.import.take() else {
            return;
        };
        let shown = preview.file.display().to_string();
        let editor = self.glossary_editor();
        if editor.revision() != preview.revision {
            self.gloss.message = Some(format!(
                "The glossary changed since {shown} was previewed; import it again. Nothing changed."
            ));
            return;
        }
        let changes = preview.plan.changes(|i| preview.choices[i]);
        let (mut added, mut updated) = (0, 0);
        let commands: Vec<EditCommand> = changes
            .into_iter()
            .filter_map(|change| match change {
                MergeChange::Add(term) => {
                    added += 1;
                    Some(EditCommand::Add(term))
                }
                MergeChange::Replace { existing, term } => {
                    updated += 1;
                    editor
                        .id_at(existing)
                        .map(|id| EditCommand::Update { id, term })
                }
            })
            .collect();
        if commands.is_empty() {
            self.gloss.message = Some(format!("{shown}: nothing to change"));
            return;
        }
        match editor.apply(EditCommand::Batch(commands)) {
            Ok(_) => {
                self.gloss.message = Some(format!(
                    "Imported {shown}: {added} added, {updated} updated (Undo reverts the import)"
                ));
            }
            Err(EditError::Invalid(diagnostics)) => {
                let mut by_ar = std::collections::HashMap::new();
                for item in &preview.plan.items {
                    by_ar.entry(item.incoming.term.ar.as_str()).or_insert(item);
                }
                let lines: Vec<String> = diagnostics
                    .iter()
                    .map(|d| match by_ar.get(d.term.as_str()) {
                        Some(item) => format!(
                            "{shown}:{}: {}: {}",
                            item.incoming.line, item.incoming.entry, d.message
                        ),
                        None => format!("{shown}: {d}"),
                    })
                    .collect();
                self.gloss.message = Some(format!(
                    "{}\nNothing imported: the merged glossary would not be valid.",
                    lines.join("\n")
                ));
            }
            Err(e) => self.gloss.message = Some(format!("{shown}: {e}; nothing imported")),
        }
        self.gloss.rows_for = None;
        self.sync_glossary();
    }

    /// Asks for a term-base file, then previews its import.
    pub(super) fn import_glossary_dialog(&mut self) {
        self.ask_file(crate::ui::FileRequest::open(
            "Import a term base into the glossary",
            "Term bases",
            &["tbx", "csv", "tsv", "txt"],
            crate::ui::Command::ImportGlossary,
        ));
    }

    /// The import preview: counts, each conflict with a choice, apply or
    /// cancel. Returns whether a widget in it has the keyboard.
    pub(super) fn glossary_import_ui(&mut self, ui: &mut Ui) -> bool {
        let font_size = self.settings.font_size;
        let mut focus = false;
        let (mut apply, mut cancel) = (false, false);
        let editor = self.gloss.editor.as_ref().expect("opened");
        let Some(preview) = self.gloss.import.as_mut() else {
            return false;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let name = preview
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.label(RichText::new(format!("Import {name}")).strong());
            let (new, identical, conflicting) = preview.plan.counts();
            ui.label(format!(
                "{new} new · {identical} identical · {conflicting} conflicting"
            ));
            if conflicting > 0 {
                ui.horizontal(|ui| {
                    ui.label("Conflicts (same Arabic, different English):");
                    let b = ui.button("Take all incoming");
                    focus |= b.has_focus();
                    if b.clicked() {
                        preview.choices.fill(Resolution::TakeIncoming);
                    }
                    let b = ui.button("Keep all existing");
                    focus |= b.has_focus();
                    if b.clicked() {
                        preview.choices.fill(Resolution::KeepExisting);
                    }
                });
                let row = font_size * 1.6 + 8.0;
                ScrollArea::vertical()
                    .id_salt("glossary import conflicts")
                    .max_height(220.0)
                    .show_rows(ui, row, preview.conflicts.len(), |ui, range| {
                        for &index in &preview.conflicts[range] {
                            let item = &preview.plan.items[index];
                            let MergeKind::Conflict {
                                existing, fields, ..
                            } = &item.kind
                            else {
                                continue;
                            };
                            let Some(current) = editor.glossary().terms.get(*existing) else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                ui.set_height(row);
                                let choice = &mut preview.choices[index];
                                let r = ui.radio_value(
                                    choice,
                                    Resolution::KeepExisting,
                                    "Keep existing",
                                );
                                focus |= r.has_focus();
                                let r = ui.radio_value(
                                    choice,
                                    Resolution::TakeIncoming,
                                    "Take incoming",
                                );
                                focus |= r.has_focus();
                                arabic_ui(ui, &current.ar, font_size, &[], None);
                                ui.label(format!("Existing: {}", current.en));
                                ui.label(format!(
                                    "Incoming: {} (line {})",
                                    item.incoming.term.en, item.incoming.line
                                ));
                                let others: Vec<&str> = fields
                                    .iter()
                                    .map(|f| f.key())
                                    .filter(|k| *k != "en")
                                    .collect();
                                if !others.is_empty() {
                                    ui.label(
                                        RichText::new(format!(
                                            "Also differs in: {}",
                                            others.join(", ")
                                        ))
                                        .weak(),
                                    );
                                }
                            });
                        }
                    });
            }
            ui.horizontal(|ui| {
                let b = ui.button("Apply import");
                focus |= b.has_focus();
                apply = b.clicked();
                let b = ui.button("Cancel import");
                focus |= b.has_focus();
                cancel = b.clicked();
            });
        });
        if apply {
            self.apply_glossary_import();
        } else if cancel {
            self.gloss.import = None;
            self.gloss.message = Some("Import cancelled; nothing changed.".to_owned());
        }
        focus
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(format_for(Path::new("a.TBX")), Some(Format::Tbx));
        assert_eq!(format_for(Path::new("a.csv")), Some(Format::Csv));
        assert_eq!(format_for(Path::new("a.tsv")), Some(Format::Tsv));
        assert_eq!(format_for(Path::new("a.txt")), Some(Format::Tsv));
        assert_eq!(format_for(Path::new("a.toml")), None);
    }
}
