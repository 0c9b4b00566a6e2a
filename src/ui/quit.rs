//! Quitting: never with unsaved work unasked. Ctrl+Q, File ▸ Quit and the
//! window's close button all ask (Save / Discard / Cancel) when the
//! document or the glossary has unsaved changes; Save saves each (asking for
//! a file where it has none, the built-in glossary included) and quits once
//! nothing is left unsaved.

use eframe::egui;
use egui::RichText;

use super::{App, Command};

/// Where quitting stands.
#[derive(Debug, Default)]
pub struct QuitState {
    /// The Save / Discard / Cancel question is shown.
    pub asking: bool,
    /// Quitting with nothing (left) to ask about: the window closes.
    pub confirmed: bool,
    /// Saving in order to quit: what has been tried so far.
    saving: Option<Saving>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Saving {
    document: bool,
    glossary: bool,
}

/// Something not saved, as the question names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsaved {
    Document(String),
    Glossary(String),
    BuiltinGlossary,
}

impl App {
    /// What quitting now would lose.
    pub fn unsaved(&self) -> Vec<Unsaved> {
        let mut out = Vec::new();
        if self.ws.is_dirty() {
            let name = self.file_name().unwrap_or_else(|| "Untitled".to_owned());
            out.push(Unsaved::Document(name));
        }
        if let Some(editor) = self.gloss.editor()
            && editor.is_dirty()
        {
            out.push(match editor.file() {
                Some(f) => Unsaved::Glossary(f.path.display().to_string()),
                None => Unsaved::BuiltinGlossary,
            });
        }
        out
    }

    /// Whether the window is closing (quit confirmed, nothing unsaved or discarded).
    pub fn quitting(&self) -> bool {
        self.quit.confirmed
    }

    /// Whether the Save / Discard / Cancel question is shown.
    pub fn asking_to_quit(&self) -> bool {
        self.quit.asking
    }

    /// The window's close button, and quitting that waits on saves.
    pub(super) fn quit_sync(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit.confirmed {
            if self.unsaved().is_empty() {
                self.quit.confirmed = true;
            } else {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.quit.asking = true;
            }
        }
        let Some(mut saving) = self.quit.saving else {
            return;
        };
        if self.file_dialog_open() {
            return;
        }
        let unsaved = self.unsaved();
        let document = unsaved.iter().any(|u| matches!(u, Unsaved::Document(_)));
        let glossary = unsaved.iter().find(|u| !matches!(u, Unsaved::Document(_)));
        if document && !saving.document {
            saving.document = true;
            self.commands.push(Command::Save);
        } else if let Some(glossary) = glossary.filter(|_| !saving.glossary) {
            saving.glossary = true;
            self.commands.push(match glossary {
                Unsaved::BuiltinGlossary => Command::SaveGlossaryAsDialog,
                _ => Command::SaveGlossary,
            });
        } else if unsaved.is_empty() {
            self.quit.saving = None;
            self.quit_now(ctx);
            return;
        } else {
            // A save failed or its dialog was cancelled: ask again.
            self.quit.saving = None;
            self.quit.asking = true;
            return;
        }
        self.quit.saving = Some(saving);
    }

    /// Quit, or ask first when something is unsaved.
    pub(super) fn quit_command(&mut self, ctx: &egui::Context, command: &Command) {
        match command {
            Command::Quit if self.unsaved().is_empty() => self.quit_now(ctx),
            Command::Quit => self.quit.asking = true,
            Command::QuitSaving => {
                self.quit.asking = false;
                self.quit.saving = Some(Saving::default());
            }
            Command::QuitDiscarding => {
                self.quit.asking = false;
                self.quit_now(ctx);
            }
            Command::CancelQuit => {
                self.quit.asking = false;
                self.quit.saving = None;
            }
            _ => {}
        }
    }

    fn quit_now(&mut self, ctx: &egui::Context) {
        self.quit.confirmed = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// The question, while asked.
    pub(super) fn quit_dialog_ui(&mut self, ctx: &egui::Context) {
        if !self.quit.asking {
            return;
        }
        let unsaved = self.unsaved();
        if unsaved.is_empty() {
            self.quit.asking = false;
            return;
        }
        let mut commands = Vec::new();
        let response = egui::Modal::new(egui::Id::unique("quit with unsaved changes")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading("Unsaved changes");
            for item in &unsaved {
                ui.label(match item {
                    Unsaved::Document(name) => format!("The translation in {name} is not saved."),
                    Unsaved::Glossary(path) => format!("The glossary {path} has unsaved edits."),
                    Unsaved::BuiltinGlossary => {
                        "The built-in glossary has unsaved edits; Save asks for a file to keep them in."
                            .to_owned()
                    }
                });
            }
            ui.label(RichText::new("Quitting without saving loses them.").weak());
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    commands.push(Command::QuitSaving);
                }
                if ui.button("Discard and quit").clicked() {
                    commands.push(Command::QuitDiscarding);
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CancelQuit);
                }
            });
        });
        if response.should_close() && commands.is_empty() {
            commands.push(Command::CancelQuit);
        }
        self.commands.extend(commands);
    }
}
