//! The glossary editor window (View ▸ Glossary editor, Ctrl+Shift+E): a
//! filterable, sortable table of every term, a form to add, edit and delete
//! with inline validation, undo and redo, and saving back to glossary.toml.
//!
//! All changes go through [`GlossaryEditor`]; when its revision moves, the
//! workspace follows its changes before the segment table is drawn (the
//! index changed in a few milliseconds, the affected segments matched again
//! on the matching thread), so highlights and suggestions follow at once.
//! Terms with warnings (a variant repeated, two terms with the same Arabic)
//! are listed above the table, each with its one-click fix.
//! Ctrl+Shift+G on Arabic selected in a segment opens the new-term form
//! pre-filled from [`GlossaryEditor::propose_from_selection`].

mod import;

use std::ops::Range;
use std::path::PathBuf;

use eframe::egui;
use egui::{Align, Color32, Layout, RichText, ScrollArea, TextEdit, Ui, vec2};

use super::App;
use super::arabic::arabic_ui;
use super::command::Command;
use super::rows::editor_id;
use super::rtl_text::RtlText;
use crate::glossary::edit::{
    Column, Diagnostic, EditCommand, Fix, GlossaryEditor, TermId, TermQuery,
};
use crate::glossary::number;
use crate::glossary::propose::Candidate;
use crate::glossary::{DOMAINS, Field, SaveError, Severity, Term, TermStatus};

const ROW_HEIGHT: f32 = 26.0;
/// Width of each table column but the last (the note takes what is left).
const COLUMNS: [(Column, &str, f32); 5] = [
    (Column::Ar, "Arabic", 170.0),
    (Column::En, "English", 170.0),
    (Column::Alternatives, "Alternatives", 150.0),
    (Column::Domain, "Domain", 100.0),
    (Column::Status, "Status", 90.0),
];
const ACTIONS_WIDTH: f32 = 110.0;

/// The state of the glossary editor window.
#[derive(Default)]
pub struct GlossaryPanel {
    pub open: bool,
    editor: Option<GlossaryEditor>,
    /// The glossary file the editor was opened for (`None`: built in).
    opened_for: Option<Option<PathBuf>>,
    /// The editor revision the workspace's matches come from.
    applied_revision: u64,
    query: TermQuery,
    /// The table rows for `rows_for` (indices into the glossary's terms).
    rows: Vec<usize>,
    rows_for: Option<(u64, TermQuery)>,
    /// The add/edit form, when open.
    pub form: Option<TermForm>,
    /// The file changed on disk since loading: ask before overwriting.
    ask_overwrite: bool,
    /// The Arabic last selected in the translation screen: segment and bytes.
    pub(super) selection: Option<(usize, Range<usize>)>,
    /// Whether keyboard shortcuts (undo, redo, save) go to the glossary.
    has_focus: bool,
    /// The last outcome of an edit or save, shown in the window.
    pub message: Option<String>,
    /// A term-base import waiting for the translator's choices.
    pub import: Option<import::ImportPreview>,
    /// The terms with warnings, for the editor revision `problems_for`.
    problems: Vec<TermId>,
    problems_for: Option<u64>,
}

/// What a click in the warnings list asks for.
enum ProblemAction {
    Fix(TermId, Fix),
    GoTo(TermId),
}

impl GlossaryPanel {
    /// The editor, once the window has been opened.
    pub fn editor(&self) -> Option<&GlossaryEditor> {
        self.editor.as_ref()
    }
}

/// The add/edit form: list fields hold one item per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermForm {
    /// The term being edited; `None` for a new one.
    pub editing: Option<TermId>,
    pub ar: String,
    pub en: String,
    pub ar_variants: String,
    pub ar_plurals: String,
    pub en_alternatives: String,
    pub en_plural: String,
    pub forbidden_en: String,
    /// Look-alikes that must never match the term, one per line.
    pub ar_exclude: String,
    /// `None`: the matcher decides by the word's pattern.
    pub gender_inflects: Option<bool>,
    pub domain: String,
    pub status: TermStatus,
    pub note: String,
    pub definition: String,
    pub source: String,
    /// Other readings of a selection (Ctrl+Shift+G), best first.
    pub candidates: Vec<Candidate>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl TermForm {
    fn from_term(id: TermId, term: &Term) -> TermForm {
        TermForm {
            editing: Some(id),
            ar: term.ar.clone(),
            en: term.en.clone(),
            ar_variants: term.ar_variants.join("\n"),
            ar_plurals: term.ar_plurals.join("\n"),
            en_alternatives: term.en_alternatives.join("\n"),
            en_plural: term.en_plural.clone(),
            forbidden_en: term.forbidden_en.join("\n"),
            ar_exclude: term.ar_exclude.join("\n"),
            gender_inflects: term.gender_inflects,
            domain: term.domain.clone(),
            status: term.status,
            note: term.note.clone(),
            definition: term.definition.clone(),
            source: term.source.clone(),
            candidates: Vec::new(),
        }
    }

    /// The term the form describes.
    pub fn to_term(&self) -> Term {
        Term {
            ar: self.ar.trim().to_owned(),
            en: self.en.trim().to_owned(),
            ar_variants: lines(&self.ar_variants),
            en_alternatives: lines(&self.en_alternatives),
            domain: self.domain.clone(),
            note: self.note.trim().to_owned(),
            status: self.status,
            definition: self.definition.trim().to_owned(),
            source: self.source.trim().to_owned(),
            forbidden_en: lines(&self.forbidden_en),
            ar_plurals: lines(&self.ar_plurals),
            en_plural: self.en_plural.trim().to_owned(),
            ar_exclude: lines(&self.ar_exclude),
            gender_inflects: self.gender_inflects,
        }
    }
}

/// What the form asked for this frame.
enum FormAction {
    None,
    Submit,
    Merge(TermId),
    Cancel,
}

fn diagnostic_ui(ui: &mut Ui, d: &Diagnostic) {
    let color = match d.severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
    };
    // Messages quote Arabic: the bidi widget orders the mixed text.
    RtlText::new(&displayable(&d.message))
        .color(color)
        .direction(crate::bidi::Direction::Ltr)
        .show(ui);
}

/// `text` with the characters the bundled fonts lack replaced.
fn displayable(text: &str) -> String {
    text.replace('→', "->")
}

/// A labelled one-line (or `rows`-line) text field with an accessible name.
fn field_ui(ui: &mut Ui, label: &str, text: &mut String, rows: usize) -> egui::Response {
    ui.label(label);
    let edit = if rows > 1 {
        TextEdit::multiline(text).desired_rows(rows)
    } else {
        TextEdit::singleline(text)
    };
    ui.add(edit.desired_width(f32::INFINITY))
        .accessible_name(label)
}

impl App {
    /// The Arabic last selected in a segment (what Ctrl+Shift+G would take).
    pub fn gloss_selection_text(&self) -> Option<String> {
        let (segment, range) = self.gloss.selection.as_ref()?;
        let source = self
            .ws
            .doc
            .segments
            .get(*segment)
            .map(|_| self.ws.doc.source_of(*segment))?;
        source.get(range.clone()).map(str::to_owned)
    }

    /// The editor, opened on the current glossary file (or the glossary in
    /// use when it has none) the first time, and again when the app has
    /// loaded a different glossary since.
    fn glossary_editor(&mut self) -> &mut GlossaryEditor {
        let stale = self.gloss.opened_for.as_ref() != Some(&self.glossary_path);
        if stale || self.gloss.editor.is_none() {
            if self
                .gloss
                .editor
                .as_ref()
                .is_some_and(GlossaryEditor::is_dirty)
            {
                self.gloss.message = Some(
                    "Another glossary was loaded: the unsaved edits of the previous one were dropped."
                        .to_owned(),
                );
            }
            let editor = match &self.glossary_path {
                Some(path) => GlossaryEditor::open(path).unwrap_or_else(|e| {
                    self.error = Some(e.to_string());
                    GlossaryEditor::new(self.ws.glossary.clone())
                }),
                None => GlossaryEditor::new(self.ws.glossary.clone()),
            };
            self.gloss.applied_revision = editor.revision();
            self.gloss.opened_for = Some(self.glossary_path.clone());
            self.gloss.rows_for = None;
            self.gloss.form = None;
            // What the editor loaded is what is matched from now on.
            if editor.glossary() != &self.ws.glossary {
                self.ws.set_glossary(editor.glossary().clone());
            }
            self.gloss.editor = Some(editor);
        }
        self.gloss.editor.as_mut().expect("just opened")
    }

    /// When the glossary changed, the workspace follows the editor's
    /// changes (its index changed in place, the matches renumbered at once,
    /// the segments the change can affect matched again by the matching
    /// thread); after a reload, it takes the glossary whole.
    pub(super) fn sync_glossary(&mut self) {
        if let Some(editor) = &self.gloss.editor
            && editor.revision() != self.gloss.applied_revision
        {
            match editor.changes_since(self.gloss.applied_revision) {
                Some(changes) => self.ws.apply_glossary_changes(&changes),
                None => self.ws.set_glossary(editor.glossary().clone()),
            }
            self.gloss.applied_revision = editor.revision();
        }
    }

    /// Glossary commands, and undo/redo/save while the glossary window has
    /// the keyboard. Returns whether `command` was handled here.
    pub(super) fn glossary_command(&mut self, ctx: &egui::Context, command: &Command) -> bool {
        match command {
            Command::ToggleGlossaryEditor => {
                self.gloss.open = !self.gloss.open;
                if self.gloss.open {
                    self.glossary_editor();
                }
            }
            Command::AddTermFromSelection => self.add_term_from_selection(ctx),
            Command::ImportGlossaryDialog => self.import_glossary_dialog(),
            Command::ImportGlossary(path) => self.import_glossary_file(path),
            Command::ApplyGlossaryImport => self.apply_glossary_import(),
            Command::SaveGlossaryAsDialog => self.ask_file(crate::ui::FileRequest::save(
                "Save the glossary as",
                "Glossary",
                &["toml"],
                "glossary.toml",
                Command::SaveGlossaryAs,
            )),
            Command::SaveGlossaryAs(path) => self.save_glossary_as(path.clone()),
            Command::SaveGlossary => self.save_glossary(false),
            Command::Undo if self.gloss.open && self.gloss.has_focus => {
                self.glossary_editor().undo();
                self.sync_glossary();
            }
            Command::Redo if self.gloss.open && self.gloss.has_focus => {
                self.glossary_editor().redo();
                self.sync_glossary();
            }
            Command::Save if self.gloss.open && self.gloss.has_focus => self.save_glossary(false),
            _ => return false,
        }
        true
    }

    /// Ctrl+Shift+G: the new-term form, pre-filled from the Arabic selected
    /// in a segment (clitics stripped) and the English selected in the
    /// active segment's editor.
    fn add_term_from_selection(&mut self, ctx: &egui::Context) {
        let ar = self
            .gloss
            .selection
            .as_ref()
            .filter(|(segment, _)| *segment < self.ws.len())
            .and_then(|(segment, range)| self.ws.doc.source_of(*segment).get(range.clone()))
            .map(str::to_owned);
        let en = self.english_selection(ctx);
        self.gloss.open = true;
        let Some(ar) = ar else {
            self.glossary_editor();
            self.gloss.form = Some(TermForm {
                en: en.unwrap_or_default(),
                ..TermForm::default()
            });
            self.gloss.message = Some(
                "Select Arabic words in a segment (double-click or drag) before Ctrl+Shift+G."
                    .to_owned(),
            );
            return;
        };
        let editor = self.glossary_editor();
        let proposal = editor.propose_from_selection(&ar, en.as_deref());
        let existing = proposal
            .existing()
            .and_then(|index| editor.id_at(index))
            .and_then(|id| editor.get(id).map(|t| (id, t.clone())));
        self.gloss.form = Some(match existing {
            Some((id, term)) => {
                self.gloss.message = Some(format!("Already in the glossary as {}.", term.en));
                TermForm::from_term(id, &term)
            }
            None => {
                self.gloss.message = None;
                TermForm {
                    ar: proposal.ar,
                    en: proposal.en,
                    candidates: proposal.candidates,
                    ..TermForm::default()
                }
            }
        });
    }

    /// The text selected in the active segment's English editor, if any.
    fn english_selection(&self, ctx: &egui::Context) -> Option<String> {
        let segment = self.ws.doc.segments.get(self.active)?;
        let state = egui::text_edit::TextEditState::load(ctx, editor_id(self.active))?;
        let range = state.cursor.char_range()?.as_sorted_char_range();
        let text: String = segment
            .en
            .chars()
            .skip(range.start.0)
            .take(range.end.0.saturating_sub(range.start.0))
            .collect();
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// Writes the glossary file; if it changed on disk, asks first.
    fn save_glossary(&mut self, overwrite: bool) {
        let result = self.glossary_editor().save(overwrite);
        match result {
            Ok(()) => {
                let path = self
                    .gloss
                    .editor
                    .as_ref()
                    .and_then(GlossaryEditor::file)
                    .map(|f| f.path.display().to_string())
                    .unwrap_or_default();
                self.gloss.ask_overwrite = false;
                self.gloss.message = Some(format!("Saved {path}"));
            }
            Err(SaveError::ChangedOnDisk { .. }) => self.gloss.ask_overwrite = true,
            Err(e) => self.gloss.message = Some(e.to_string()),
        }
    }

    /// Saves to a new file, which becomes the glossary in use (as if chosen
    /// with File ▸ Choose glossary).
    pub fn save_glossary_as(&mut self, path: PathBuf) {
        self.glossary_editor().set_file(&path);
        self.save_glossary(true);
        if self.gloss.editor.as_ref().is_some_and(|e| !e.is_dirty()) {
            self.ws.doc.glossary_path = Some(path.clone());
            self.glossary_path = Some(path);
            // Same glossary, now with a file: no need to reopen it.
            self.gloss.opened_for = Some(self.glossary_path.clone());
        }
    }

    /// The glossary window, drawn before the panels so that an edit made in
    /// it is matched before the segment table is drawn.
    pub(super) fn glossary_window_ui(&mut self, ctx: &egui::Context) {
        if !self.gloss.open {
            self.gloss.has_focus = false;
            return;
        }
        self.glossary_editor();
        let mut open = true;
        let mut focus = false;
        let window = egui::Window::new("Glossary editor")
            .id(egui::Id::unique("glossary editor window"))
            .open(&mut open)
            .default_size([900.0, 620.0])
            .default_pos([40.0, 60.0])
            .show(ctx, |ui| {
                focus |= self.glossary_toolbar_ui(ui);
                focus |= self.glossary_import_ui(ui);
                focus |= self.glossary_problems_ui(ui);
                if self.gloss.form.is_some() {
                    focus |= self.term_form_ui(ui);
                    ui.separator();
                }
                focus |= self.glossary_filter_ui(ui);
                self.glossary_table_ui(ui);
            });
        self.sync_glossary();
        let hovered = window
            .as_ref()
            .is_some_and(|w| w.response.contains_pointer());
        let nothing_focused = ctx.memory(|m| m.focused().is_none());
        self.gloss.has_focus = focus || (hovered && nothing_focused);
        if !open {
            self.gloss.open = false;
        }
        self.glossary_overwrite_ui(ctx);
    }

    fn glossary_overwrite_ui(&mut self, ctx: &egui::Context) {
        if !self.gloss.ask_overwrite {
            return;
        }
        egui::Modal::new(egui::Id::unique("glossary changed on disk")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("The glossary changed on disk");
            ui.label(
                "Someone else changed the glossary file since it was loaded. Overwrite their \
                 changes with yours, or reload the file (your unsaved edits are lost)?",
            );
            ui.horizontal(|ui| {
                if ui.button("Overwrite").clicked() {
                    self.save_glossary(true);
                }
                if ui.button("Reload").clicked() {
                    self.gloss.ask_overwrite = false;
                    if let Err(e) = self.glossary_editor().reload() {
                        self.gloss.message = Some(e.to_string());
                    }
                    self.gloss.form = None;
                    self.gloss.rows_for = None;
                    self.sync_glossary();
                }
                if ui.button("Cancel").clicked() {
                    self.gloss.ask_overwrite = false;
                }
            });
        });
    }

    /// New, undo, redo, save and what the editor holds. Returns whether a
    /// widget in it has the keyboard.
    fn glossary_toolbar_ui(&mut self, ui: &mut Ui) -> bool {
        let mut focus = false;
        ui.horizontal(|ui| {
            let b = ui.button("New term");
            focus |= b.has_focus();
            if b.clicked() {
                self.gloss.form = Some(TermForm::default());
                self.gloss.message = None;
            }
            let editor = self.gloss.editor.as_mut().expect("opened");
            let (can_undo, can_redo) = (editor.can_undo(), editor.can_redo());
            let b = ui.add_enabled(can_undo, egui::Button::new("Undo"));
            focus |= b.has_focus();
            if b.clicked() {
                editor.undo();
            }
            let b = ui.add_enabled(can_redo, egui::Button::new("Redo"));
            focus |= b.has_focus();
            if b.clicked() {
                editor.redo();
            }
            let b = ui
                .button("Save glossary")
                .on_hover_text("Write glossary.toml (Ctrl+S while this window has the keyboard)");
            focus |= b.has_focus();
            let save = b.clicked();
            let save_as = ui.button("Save glossary as…").clicked();
            let b = ui
                .button("Import…")
                .on_hover_text("Merge a term base (TBX, CSV or TSV) into this glossary");
            focus |= b.has_focus();
            if b.clicked() {
                self.commands.push(Command::ImportGlossaryDialog);
            }
            let editor = self.gloss.editor.as_ref().expect("opened");
            let file = editor.file().map_or_else(
                || "built-in glossary (no file)".to_owned(),
                |f| f.path.display().to_string(),
            );
            let dirty = if editor.is_dirty() {
                " · unsaved changes"
            } else {
                ""
            };
            ui.label(RichText::new(format!("{} terms · {file}{dirty}", editor.len())).weak());
            if save {
                self.save_glossary(false);
            }
            if save_as {
                self.commands.push(Command::SaveGlossaryAsDialog);
            }
        });
        if let Some(message) = &self.gloss.message {
            ui.horizontal(|ui| {
                RtlText::new(&displayable(message))
                    .direction(crate::bidi::Direction::Ltr)
                    .show(ui);
            });
        }
        focus
    }

    /// The terms with warnings (a variant that repeats another form, two
    /// terms with the same Arabic, an alternative that repeats `en`), each
    /// with its fix: remove the variant, merge the term into the other or
    /// go to the other, edit the term. Only the visible rows are laid out.
    /// Returns whether a button in it has the keyboard.
    fn glossary_problems_ui(&mut self, ui: &mut Ui) -> bool {
        let editor = self.gloss.editor.as_mut().expect("opened");
        if self.gloss.problems_for != Some(editor.revision()) {
            self.gloss.problems = editor.problems();
            self.gloss.problems_for = Some(editor.revision());
        }
        if self.gloss.problems.is_empty() {
            return false;
        }
        let editor = self.gloss.editor.as_ref().expect("opened");
        let problems = &self.gloss.problems;
        let mut focus = false;
        let mut action = None;
        let count = problems.len();
        egui::CollapsingHeader::new(format!(
            "{count} warning{} (the glossary works with them)",
            if count == 1 { "" } else { "s" }
        ))
        .id_salt("glossary warnings")
        .default_open(true)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("glossary warnings list")
                .max_height(ROW_HEIGHT * 5.0)
                .show_rows(ui, ROW_HEIGHT, count, |ui, range| {
                    for &id in &problems[range] {
                        let Some(term) = editor.get(id) else { continue };
                        for d in editor.diagnostics(id) {
                            ui.horizontal(|ui| {
                                let fixes: Vec<(String, String, ProblemAction)> = match d.fix {
                                    Some(Fix::RemoveVariant { index }) => {
                                        let variant = term
                                            .ar_variants
                                            .get(index)
                                            .cloned()
                                            .unwrap_or_default();
                                        vec![(
                                            "Remove variant".to_owned(),
                                            format!("Remove variant {variant}"),
                                            ProblemAction::Fix(id, Fix::RemoveVariant { index }),
                                        )]
                                    }
                                    Some(Fix::MergeInto { into }) => {
                                        let other = editor.get(into).map_or("", |t| t.en.as_str());
                                        vec![
                                            (
                                                "Merge".to_owned(),
                                                format!("Merge {} into {other}", term.en),
                                                ProblemAction::Fix(id, Fix::MergeInto { into }),
                                            ),
                                            (
                                                "Go to term".to_owned(),
                                                format!("Go to {other}"),
                                                ProblemAction::GoTo(into),
                                            ),
                                        ]
                                    }
                                    None => vec![(
                                        "Edit".to_owned(),
                                        format!("Edit {} (warning)", term.en),
                                        ProblemAction::GoTo(id),
                                    )],
                                };
                                for (label, name, fix) in fixes {
                                    let b = ui.small_button(label).accessible_name(name);
                                    focus |= b.has_focus();
                                    if b.clicked() {
                                        action = Some(fix);
                                    }
                                }
                                RtlText::new(&displayable(&format!(
                                    "{} → {}: {}",
                                    term.ar, term.en, d.message
                                )))
                                .color(ui.visuals().warn_fg_color)
                                .direction(crate::bidi::Direction::Ltr)
                                .wrap(false)
                                .show(ui);
                            });
                        }
                    }
                });
        });
        match action {
            Some(ProblemAction::Fix(id, fix)) => {
                let editor = self.gloss.editor.as_mut().expect("opened");
                let name = editor.get(id).map(|t| t.en.clone()).unwrap_or_default();
                let result = editor
                    .fix_command(id, fix)
                    .ok_or_else(|| "That fix no longer applies.".to_owned())
                    .and_then(|command| editor.apply(command).map_err(|e| e.to_string()));
                self.gloss.message = Some(match result {
                    Ok(_) => format!("Fixed {name} (Undo brings it back)"),
                    Err(e) => e,
                });
                self.close_form_of(id);
            }
            Some(ProblemAction::GoTo(id)) => {
                let editor = self.gloss.editor.as_ref().expect("opened");
                if let Some(term) = editor.get(id) {
                    self.gloss.form = Some(TermForm::from_term(id, term));
                    self.gloss.message = None;
                }
            }
            None => {}
        }
        focus
    }

    /// The filter box and the domain and status pickers.
    fn glossary_filter_ui(&mut self, ui: &mut Ui) -> bool {
        let mut focus = false;
        ui.horizontal(|ui| {
            ui.label("Filter:");
            let r = ui
                .add(
                    TextEdit::singleline(&mut self.gloss.query.text)
                        .hint_text("Arabic or English…")
                        .desired_width(220.0),
                )
                .accessible_name("Filter terms");
            focus |= r.has_focus();
            let query = self.gloss.query.text.trim();
            if query.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}')) {
                // TextEdit has no bidi: show the Arabic typed as it reads.
                RtlText::new(query).wrap(false).show(ui);
            }
            let domain = self.gloss.query.domain.clone().unwrap_or_default();
            let label = ui.label("Domain:");
            egui::ComboBox::from_id_salt("domain filter")
                .selected_text(if domain.is_empty() { "any" } else { &domain })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.gloss.query.domain, None, "any");
                    for d in DOMAINS {
                        ui.selectable_value(
                            &mut self.gloss.query.domain,
                            Some((*d).to_owned()),
                            *d,
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            let status = self.gloss.query.status.map_or("any", TermStatus::as_str);
            let label_status = ui.label("Status:");
            egui::ComboBox::from_id_salt("status filter")
                .selected_text(status)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.gloss.query.status, None, "any");
                    for s in TermStatus::ALL {
                        ui.selectable_value(&mut self.gloss.query.status, Some(s), s.as_str());
                    }
                })
                .response
                .labelled_by(label_status.id);
            ui.label(RichText::new(format!("{} shown", self.gloss.rows.len())).weak());
        });
        focus
    }

    /// The terms, only the visible rows laid out.
    fn glossary_table_ui(&mut self, ui: &mut Ui) {
        let editor = self.gloss.editor.as_ref().expect("opened");
        let key = (editor.revision(), self.gloss.query.clone());
        if self.gloss.rows_for.as_ref() != Some(&key) {
            self.gloss.rows = editor.query(&self.gloss.query);
            self.gloss.rows_for = Some(key);
        }
        let font_size = self.settings.font_size;
        // Header: click to sort, again to reverse.
        ui.horizontal(|ui| {
            ui.add_space(ACTIONS_WIDTH + ui.spacing().item_spacing.x);
            for (column, name, width) in
                COLUMNS
                    .iter()
                    .copied()
                    .chain([(Column::Note, "Note", 160.0)])
            {
                let marker = match (self.gloss.query.sort == column, self.gloss.query.descending) {
                    (true, false) => " ^",
                    (true, true) => " v",
                    _ => "",
                };
                let b = ui.add_sized(
                    [width, 20.0],
                    egui::Button::new(RichText::new(format!("{name}{marker}")).strong())
                        .frame(false),
                );
                if b.on_hover_text("Sort by this column (again: reverse)")
                    .clicked()
                {
                    if self.gloss.query.sort == column {
                        self.gloss.query.descending = !self.gloss.query.descending;
                    } else {
                        self.gloss.query.sort = column;
                        self.gloss.query.descending = false;
                    }
                }
            }
        });
        ui.separator();
        let rows = std::mem::take(&mut self.gloss.rows);
        let mut action: Option<(TermId, bool)> = None;
        let editor = self.gloss.editor.as_ref().expect("opened");
        ScrollArea::vertical()
            .id_salt("glossary terms")
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
                for &index in &rows[range] {
                    let term = &editor.glossary().terms[index];
                    let Some(id) = editor.id_at(index) else {
                        continue;
                    };
                    ui.horizontal(|ui| {
                        ui.set_height(ROW_HEIGHT);
                        let cell =
                            |ui: &mut Ui, width: f32, rtl: bool, add: &mut dyn FnMut(&mut Ui)| {
                                let layout = if rtl {
                                    Layout::right_to_left(Align::Center)
                                } else {
                                    Layout::left_to_right(Align::Center)
                                };
                                // Exactly `width`: long text is clipped, never widens the table.
                                let (rect, _) = ui.allocate_exact_size(
                                    vec2(width, ROW_HEIGHT),
                                    egui::Sense::hover(),
                                );
                                let clip = rect.intersect(ui.clip_rect());
                                let mut child = ui.new_child(
                                    egui::UiBuilder::new().max_rect(rect).layout(layout),
                                );
                                child.set_clip_rect(clip);
                                add(&mut child);
                            };
                        cell(ui, ACTIONS_WIDTH, false, &mut |ui| {
                            if ui
                                .small_button("Edit")
                                .accessible_name(format!("Edit {}", term.en))
                                .clicked()
                            {
                                action = Some((id, false));
                            }
                            if ui
                                .small_button("Delete")
                                .accessible_name(format!("Delete {}", term.en))
                                .clicked()
                            {
                                action = Some((id, true));
                            }
                        });
                        cell(ui, COLUMNS[0].2, true, &mut |ui| {
                            RtlText::new(&term.ar)
                                .font(egui::FontId::proportional(font_size))
                                .wrap(false)
                                .show(ui);
                        });
                        let text_cell = |ui: &mut Ui, width: f32, text: &str| {
                            cell(ui, width, false, &mut |ui| {
                                ui.add(egui::Label::new(text).truncate());
                            });
                        };
                        text_cell(ui, COLUMNS[1].2, &term.en);
                        text_cell(ui, COLUMNS[2].2, &term.en_alternatives.join(", "));
                        text_cell(ui, COLUMNS[3].2, &term.domain);
                        let status = term.status;
                        cell(ui, COLUMNS[4].2, false, &mut |ui| {
                            let text = RichText::new(status.as_str());
                            ui.label(if status.is_do_not_use() {
                                text.color(Color32::from_rgb(200, 60, 60))
                            } else {
                                text
                            });
                        });
                        let note_width = ui.available_width().max(80.0);
                        cell(ui, note_width, false, &mut |ui| {
                            // Notes mix the languages: one line through the bidi widget.
                            RtlText::new(term.note.lines().next().unwrap_or(""))
                                .direction(crate::bidi::Direction::Ltr)
                                .wrap(false)
                                .show(ui);
                        });
                    });
                }
            });
        self.gloss.rows = rows;
        match action {
            Some((id, true)) => {
                let editor = self.gloss.editor.as_mut().expect("opened");
                let name = editor.get(id).map(|t| t.en.clone()).unwrap_or_default();
                match editor.apply(EditCommand::Delete(id)) {
                    Ok(_) => {
                        self.gloss.message = Some(format!("Deleted {name} (Undo brings it back)"))
                    }
                    Err(e) => self.gloss.message = Some(e.to_string()),
                }
                self.close_form_of(id);
            }
            Some((id, false)) => {
                let editor = self.gloss.editor.as_ref().expect("opened");
                if let Some(term) = editor.get(id) {
                    self.gloss.form = Some(TermForm::from_term(id, term));
                    self.gloss.message = None;
                }
            }
            None => {}
        }
    }

    /// Closes the form if it edits term `id` (a fix or delete changed it).
    fn close_form_of(&mut self, id: TermId) {
        if self
            .gloss
            .form
            .as_ref()
            .is_some_and(|f| f.editing == Some(id))
        {
            self.gloss.form = None;
        }
    }

    /// The add/edit form with inline validation. Returns whether a field has
    /// the keyboard.
    fn term_form_ui(&mut self, ui: &mut Ui) -> bool {
        let font_size = self.settings.font_size;
        let editor = self.gloss.editor.as_ref().expect("opened");
        let Some(form) = self.gloss.form.as_mut() else {
            return false;
        };
        let draft = form.to_term();
        let diagnostics = editor.validate_draft(&draft, form.editing);
        let invalid = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let mut focus = false;
        let mut action = FormAction::None;
        // A blank new form is not yet wrong: its messages wait for typing.
        let blank = draft == Term::default();
        let show = |ui: &mut Ui, field: Field| {
            for d in diagnostics.iter().filter(|d| d.field == field && !blank) {
                diagnostic_ui(ui, d);
            }
        };
        let mut use_reading = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.heading(if form.editing.is_some() {
                "Edit glossary term"
            } else {
                "New glossary term"
            });
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                focus |= field_ui(ui, "Term Arabic", &mut form.ar, 1).has_focus();
                if !form.ar.trim().is_empty() {
                    arabic_ui(ui, form.ar.trim(), font_size * 1.2, &[], None);
                }
                show(ui, Field::Ar);
                if form.candidates.len() > 1 {
                    ui.label("Other readings of the selection:");
                    for (n, c) in form.candidates.iter().enumerate() {
                        ui.horizontal(|ui| {
                            if ui
                                .small_button(format!("Use {}", n + 1))
                                .accessible_name(format!("Use reading {}", n + 1))
                                .clicked()
                            {
                                use_reading = Some(c.ar.clone());
                            }
                            arabic_ui(ui, &c.analysis, font_size, &[], None);
                        });
                    }
                }
                // A list of Arabic forms, each shown in reading order below.
                let mut arabic_lines =
                    |ui: &mut Ui, label: &str, text: &mut String, rows, field| {
                        focus |= field_ui(ui, label, text, rows).has_focus();
                        for line in lines(text) {
                            arabic_ui(ui, &line, font_size, &[], None);
                        }
                        show(ui, field);
                    };
                arabic_lines(
                    ui,
                    "Arabic variants (one per line)",
                    &mut form.ar_variants,
                    2,
                    Field::ArVariants,
                );
                arabic_lines(
                    ui,
                    "Arabic plurals (one per line)",
                    &mut form.ar_plurals,
                    1,
                    Field::ArPlurals,
                );
                arabic_lines(
                    ui,
                    "Never matches (Arabic look-alikes, one per line)",
                    &mut form.ar_exclude,
                    1,
                    Field::ArExclude,
                );
                let gender = |g: Option<bool>| match g {
                    None => "by the word's pattern",
                    Some(true) => "yes (names people: وزير → وزيرة)",
                    Some(false) => "no",
                };
                egui::ComboBox::from_label("Takes the feminine ة")
                    .selected_text(gender(form.gender_inflects))
                    .show_ui(ui, |ui| {
                        for g in [None, Some(true), Some(false)] {
                            ui.selectable_value(&mut form.gender_inflects, g, gender(g));
                        }
                    });
                egui::ComboBox::from_label("Term domain")
                    .selected_text(if form.domain.is_empty() {
                        "none"
                    } else {
                        &form.domain
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut form.domain, String::new(), "none");
                        for d in DOMAINS {
                            ui.selectable_value(&mut form.domain, (*d).to_owned(), *d);
                        }
                    });
                show(ui, Field::Domain);
                egui::ComboBox::from_label("Term status")
                    .selected_text(form.status.as_str())
                    .show_ui(ui, |ui| {
                        for s in TermStatus::ALL {
                            ui.selectable_value(&mut form.status, s, s.as_str());
                        }
                    });
                show(ui, Field::Status);

                let ui = &mut cols[1];
                focus |= field_ui(ui, "Term English", &mut form.en, 1).has_focus();
                show(ui, Field::En);
                focus |= field_ui(
                    ui,
                    "English alternatives (one per line)",
                    &mut form.en_alternatives,
                    2,
                )
                .has_focus();
                show(ui, Field::EnAlternatives);
                focus |= field_ui(ui, "English plural", &mut form.en_plural, 1).has_focus();
                let derived = number::english_plural(&form.to_term());
                ui.label(
                    RichText::new(match derived.text() {
                        Some(p) if form.en_plural.trim().is_empty() => format!("Plural: {p}"),
                        Some(_) => String::new(),
                        None => "No plural: inserted as it is".to_owned(),
                    })
                    .weak(),
                );
                show(ui, Field::EnPlural);
                focus |= field_ui(
                    ui,
                    "Forbidden English (one per line)",
                    &mut form.forbidden_en,
                    1,
                )
                .has_focus();
                show(ui, Field::ForbiddenEn);
                focus |= field_ui(ui, "Term note", &mut form.note, 2).has_focus();
                show(ui, Field::Note);
                focus |= field_ui(ui, "Term definition", &mut form.definition, 1).has_focus();
                show(ui, Field::Definition);
                focus |= field_ui(ui, "Term source", &mut form.source, 1).has_focus();
                show(ui, Field::Source);
            });
            ui.horizontal(|ui| {
                let label = if form.editing.is_some() {
                    "Apply changes"
                } else {
                    "Add term"
                };
                let submit = ui
                    .add_enabled(!invalid, egui::Button::new(label))
                    .on_disabled_hover_text("Fix the errors shown above first");
                focus |= submit.has_focus();
                if submit.clicked() {
                    action = FormAction::Submit;
                }
                let merge = diagnostics.iter().find_map(|d| match d.fix {
                    Some(Fix::MergeInto { into }) => Some(into),
                    _ => None,
                });
                if let Some(into) = merge
                    && ui
                        .button("Merge as variant")
                        .on_hover_text("Fold this entry into the existing term")
                        .clicked()
                {
                    action = FormAction::Merge(into);
                }
                if ui.button("Cancel").clicked() {
                    action = FormAction::Cancel;
                }
            });
        });
        if let Some(ar) = use_reading {
            form.ar = ar;
        }
        let editing = form.editing;
        let command = match action {
            FormAction::None => return focus,
            FormAction::Cancel => {
                self.gloss.form = None;
                return focus;
            }
            FormAction::Submit => match editing {
                Some(id) => EditCommand::Update { id, term: draft },
                None => EditCommand::Add(draft),
            },
            FormAction::Merge(into) => EditCommand::MergeInto {
                draft,
                into,
                replacing: editing,
            },
        };
        let editor = self.gloss.editor.as_mut().expect("opened");
        match editor.apply(command) {
            Ok(id) => {
                let en = id
                    .and_then(|id| editor.get(id))
                    .map(|t| t.en.clone())
                    .unwrap_or_default();
                self.gloss.message = Some(format!(
                    "Glossary updated: {en} (Save glossary writes the file)"
                ));
                self.gloss.form = None;
            }
            Err(e) => self.gloss.message = Some(e.to_string()),
        }
        focus
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_round_trips_a_term_with_one_list_item_per_line() {
        let term = Term {
            ar: "قرصنة".into(),
            en: "hacking".into(),
            ar_variants: vec!["القرصنة الإلكترونية".into(), "قرصنه".into()],
            en_alternatives: vec!["piracy, in the cyber sense".into()],
            forbidden_en: vec!["piracy".into()],
            ar_exclude: vec!["القرصنة البحرية".into()],
            gender_inflects: Some(false),
            domain: "cybersecurity".into(),
            status: TermStatus::Admitted,
            note: "a note".into(),
            definition: "a definition".into(),
            source: "https://example.org".into(),
            ar_plurals: vec!["قراصنة".into()],
            en_plural: "hackings".into(),
        };
        let editor = GlossaryEditor::new(crate::glossary::Glossary {
            terms: vec![term.clone()],
            ..Default::default()
        });
        let id = editor.id_at(0).unwrap();
        let form = TermForm::from_term(id, &term);
        assert_eq!(form.to_term(), term);
        // Blank lines and stray spaces are not list items.
        let mut form = form;
        form.ar_variants = "  قرصنه \n\n".into();
        form.en = " hacking ".into();
        let t = form.to_term();
        assert_eq!(t.ar_variants, vec!["قرصنه".to_owned()]);
        assert_eq!(t.en, "hacking");
    }
}
