//! The panels around the table: menu bar, search bar, messages, status bar
//! and the suggestions for the active segment.

use eframe::egui;
use egui::{Color32, RichText, Ui};

use super::App;
use super::arabic::{arabic_ui, mixed_text_ui};
use super::command::{Command, SHORTCUTS, shortcut_of};
use crate::glossary::number::{self, Agreement};
use crate::glossary::{Match, Term};

/// The red used for "do not use" warnings (always with text, never alone).
pub fn do_not_use_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(255, 110, 100)
    } else {
        Color32::from_rgb(190, 20, 20)
    }
}

/// "Do not use (…)" for deprecated and forbidden terms, and the English
/// renderings that must not be used ("Not: …").
pub fn term_warnings_ui(ui: &mut Ui, term: &Term) {
    let red = do_not_use_color(ui.visuals().dark_mode);
    if let Some(label) = term.status.do_not_use_label() {
        ui.label(RichText::new(label).strong().color(red));
    }
    if !term.forbidden_en.is_empty() {
        ui.label(RichText::new(format!("Not: {}", term.forbidden_en.join(", "))).color(red));
    }
}

/// Term, English, alternatives, domain, note and how it matched.
pub fn term_details_ui(ui: &mut Ui, term: &Term, m: &Match, matched: &str, font_size: f32) {
    ui.set_max_width(360.0);
    arabic_ui(ui, &term.ar, font_size * 1.2, &[], None);
    let agreement = number::agreement(term, m, matched);
    ui.label(RichText::new(&agreement.insert).strong());
    if let Some(other) = &agreement.other {
        ui.label(format!("{}: {other}", other_label(&agreement)));
    }
    number_reason_ui(ui, &agreement, font_size);
    term_warnings_ui(ui, term);
    if !term.en_alternatives.is_empty() {
        ui.label(format!("Also: {}", term.en_alternatives.join(", ")));
    }
    if !term.domain.is_empty() {
        ui.label(format!("Domain: {}", term.domain));
    }
    if !term.note.is_empty() {
        mixed_text_ui(ui, &term.note, font_size * 0.85);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Matched ({}):", m.kind.label()));
    });
    arabic_ui(ui, matched, font_size, &[], None);
    if !m.analysis.is_empty() {
        arabic_ui(ui, &m.analysis, font_size * 0.9, &[], None);
    }
    ui.label(RichText::new("Click to insert the English").weak());
}

/// What the other form of a suggestion is: the singular where the plural
/// is inserted, and the reverse.
fn other_label(agreement: &Agreement) -> &'static str {
    if agreement.inserts_plural() {
        "Singular"
    } else {
        "Plural"
    }
}

/// Which number was chosen and why ("plural: هجمات is a sound feminine
/// plural (ات)"), where there is more to say than "singular".
fn number_reason_ui(ui: &mut Ui, agreement: &Agreement, font_size: f32) {
    if agreement.is_notable() {
        // The reason quotes the Arabic: the bidi widget orders it.
        mixed_text_ui(ui, &agreement.reason, font_size * 0.85);
    }
}

impl App {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.menu_item(ui, "Open…", Command::OpenDialog);
                self.menu_item(ui, "Save", Command::Save);
                self.menu_item(ui, "Save as…", Command::SaveAsDialog);
                ui.separator();
                self.exchange_menu_ui(ui);
                self.menu_item(ui, "Pre-translate…", Command::PretranslateDialog);
                ui.separator();
                self.menu_item(ui, "Choose glossary…", Command::ChooseGlossaryDialog);
                ui.menu_button("Recent files", |ui| {
                    if self.settings.recent_files.is_empty() {
                        ui.label("None yet");
                    }
                    for path in self.settings.recent_files.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.commands.push(Command::Open(path));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                self.menu_item(ui, "Quit", Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                self.menu_item(ui, "Undo", Command::Undo);
                self.menu_item(ui, "Redo", Command::Redo);
                ui.separator();
                self.menu_item(ui, "Confirm and go to next", Command::Confirm);
                self.menu_item(ui, "Mark reviewed", Command::MarkReviewed);
                self.menu_item(ui, "Previous segment", Command::Previous);
                self.menu_item(ui, "Next segment", Command::Next);
                ui.separator();
                self.menu_item(ui, "Find…", Command::ToggleSearch);
                self.menu_item(ui, "Add term from selection", Command::AddTermFromSelection);
            });
            self.tm_menu_ui(ui);
            ui.menu_button("View", |ui| {
                self.menu_item(ui, "Swap Arabic and English sides", Command::SwapSides);
                self.menu_item(ui, "Show or hide suggestions", Command::ToggleSuggestions);
                self.menu_item(ui, "Glossary editor", Command::ToggleGlossaryEditor);
                self.menu_item(ui, "Show or hide the QA panel", Command::ToggleQa);
                self.menu_item(ui, "Larger text", Command::FontBigger);
                self.menu_item(ui, "Smaller text", Command::FontSmaller);
                ui.separator();
                for (label, theme) in [
                    ("Follow the system theme", egui::ThemePreference::System),
                    ("Dark theme", egui::ThemePreference::Dark),
                    ("Light theme", egui::ThemePreference::Light),
                ] {
                    self.menu_item(ui, label, Command::SetTheme(theme));
                }
            });
            ui.menu_button("Help", |ui| {
                self.menu_item(ui, "Keyboard shortcuts", Command::ToggleShortcutHelp);
            });
        });
    }

    pub(super) fn menu_item(&mut self, ui: &mut Ui, label: &str, command: Command) {
        let mut button = egui::Button::new(label);
        if let Some(shortcut) = shortcut_of(&command) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add(button).clicked() {
            self.commands.push(command);
            ui.close();
        }
    }

    pub(super) fn messages_ui(&mut self, ui: &mut Ui) {
        if let Some(error) = &self.error {
            egui::Frame::new()
                .fill(Color32::from_rgb(120, 30, 30))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new("Error:").strong().color(Color32::WHITE));
                        ui.label(RichText::new(error).color(Color32::WHITE));
                        if ui.button("Dismiss").clicked() {
                            self.commands.push(Command::DismissError);
                        }
                    });
                });
        }
    }

    pub(super) fn search_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            let response = ui.add(
                egui::TextEdit::singleline(&mut self.search.query)
                    .id(egui::Id::unique("search field"))
                    .hint_text("Arabic or English")
                    .desired_width(280.0),
            );
            let response = response.labelled_by(label.id);
            if self.search.focus_requested {
                self.search.focus_requested = false;
                response.request_focus();
            }
            if response.changed() {
                self.search.dirty = true;
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let shift = ui.input(|i| i.modifiers.shift);
                self.commands.push(if shift {
                    Command::SearchPrevious
                } else {
                    Command::SearchNext
                });
                response.request_focus();
            }
            let count = self.search.hits.len();
            if self.search.query.trim().is_empty() {
                ui.label(
                    RichText::new(
                        "Arabic is matched ignoring hamza, vowel marks and letter variants",
                    )
                    .weak(),
                );
            } else if count == 0 {
                ui.label("No matches");
            } else {
                ui.label(format!(
                    "{} of {count}",
                    self.search.current.map_or(0, |c| c + 1)
                ));
            }
            if ui.button("Previous").clicked() {
                self.commands.push(Command::SearchPrevious);
            }
            if ui.button("Next").clicked() {
                self.commands.push(Command::SearchNext);
            }
            if ui.button("Close").clicked() {
                self.commands.push(Command::ToggleSearch);
            }
        });
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut Ui) {
        let (segments_done, segments, words_done, words) = self.ws.progress();
        ui.horizontal(|ui| {
            ui.label(format!("Segments {segments_done}/{segments} translated"));
            ui.separator();
            ui.label(format!("Words {words_done}/{words} translated"));
            ui.separator();
            let name = if self.ws.glossary.name.is_empty() {
                "Glossary"
            } else {
                self.ws.glossary.name.as_str()
            };
            ui.label(format!("{name}: {} terms", self.ws.glossary.terms.len()));
            ui.separator();
            self.qa_status_ui(ui);
            ui.separator();
            match self.tm.tms.iter().find(|t| t.writable) {
                Some(tm) => {
                    let references = self.tm.tms.len() - 1;
                    let more = if references > 0 {
                        format!(" + {references} reference")
                    } else {
                        String::new()
                    };
                    ui.label(format!("TM: {} ({} units){more}", tm.name, tm.units))
                        .on_hover_text("Confirmed segments are written to this TM");
                }
                None => {
                    ui.label("TM: none");
                }
            }
            ui.separator();
            let path = self
                .ws
                .project_path
                .as_ref()
                .or(self.ws.doc.source_path.as_ref());
            let name = path.and_then(|p| p.file_name()).map_or_else(
                || "Untitled".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            let marker = if self.ws.is_dirty() {
                " (unsaved changes)"
            } else {
                ""
            };
            let response = ui.label(format!("{name}{marker}"));
            if let Some(path) = path {
                response.on_hover_text(path.display().to_string());
            }
            if let Some(info) = &self.info {
                ui.separator();
                ui.label(RichText::new(info).weak());
            }
        });
    }

    pub(super) fn suggestions_ui(&mut self, ui: &mut Ui) {
        let font_size = self.settings.font_size;
        ui.heading(format!("Suggestions for segment {}", self.active + 1));
        ui.separator();
        let Some(matches) = self.ws.matches.get(self.active) else {
            return;
        };
        if matches.is_empty() {
            ui.label("No glossary terms in this segment.");
            return;
        }
        let source = self.ws.doc.source_of(self.active);
        egui::ScrollArea::vertical()
            .id_salt("suggestions")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (n, m) in matches.iter().enumerate() {
                    let term = &self.ws.glossary.terms[m.term];
                    let agreement = number::agreement(term, m, &source[m.start..m.end]);
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            if n < 9 {
                                ui.label(RichText::new(format!("Alt+{}", n + 1)).weak());
                            }
                            let button =
                                egui::Button::new(RichText::new(&agreement.insert).strong());
                            let response = ui
                                .add(button)
                                .on_hover_text("Insert at the caret of the English editor");
                            if response.clicked() {
                                self.commands.push(Command::InsertText {
                                    segment: self.active,
                                    text: agreement.insert.clone(),
                                });
                            }
                            if let Some(other) = &agreement.other {
                                let label = format!("{}: {other}", other_label(&agreement));
                                let hover = if n < 9 {
                                    format!("Insert this form instead (Alt+Shift+{})", n + 1)
                                } else {
                                    "Insert this form instead".to_owned()
                                };
                                if ui.small_button(label).on_hover_text(hover).clicked() {
                                    self.commands.push(Command::InsertText {
                                        segment: self.active,
                                        text: other.clone(),
                                    });
                                }
                            }
                        });
                        number_reason_ui(ui, &agreement, font_size);
                        term_warnings_ui(ui, term);
                        arabic_ui(ui, &source[m.start..m.end], font_size * 1.1, &[], None);
                        if !term.en_alternatives.is_empty() {
                            ui.horizontal_wrapped(|ui| {
                                ui.label("Also:");
                                for alt in &term.en_alternatives {
                                    if ui.small_button(alt).clicked() {
                                        self.commands.push(Command::InsertText {
                                            segment: self.active,
                                            text: alt.clone(),
                                        });
                                    }
                                }
                            });
                        }
                        let mut details = Vec::new();
                        if !term.domain.is_empty() {
                            details.push(format!("domain: {}", term.domain));
                        }
                        details.push(format!("matched: {}", m.kind.label()));
                        ui.label(RichText::new(details.join(" · ")).weak());
                        if !m.analysis.is_empty() {
                            arabic_ui(ui, &m.analysis, font_size * 0.9, &[], None);
                        }
                        if !term.note.is_empty() {
                            // Notes mix Arabic and English: the bidi widget orders them.
                            mixed_text_ui(ui, &term.note, font_size * 0.85);
                        }
                    });
                }
            });
    }

    pub(super) fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(offer) = &self.recovery else {
            return;
        };
        let description = offer.description.clone();
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Restore unsaved work?");
            ui.label(description);
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    self.commands.push(Command::RestoreRecovery);
                }
                if ui.button("Discard").clicked() {
                    self.commands.push(Command::DiscardRecovery);
                }
            });
        });
    }

    /// The offer to re-segment a project whose source was edited.
    pub(super) fn resegment_ui(&mut self, ctx: &egui::Context) {
        let Some(path) = self.resegment_offer.clone() else {
            return;
        };
        egui::Modal::new(egui::Id::unique("resegment")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("The Arabic text was edited");
            ui.label(format!(
                "The source text inside {} was changed after it was split into segments, so the segments would cut the wrong Arabic. Re-segment it: sentences whose Arabic is unchanged keep their English; changed ones become untranslated. Nothing is written until you save.",
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Re-segment, keeping translations").clicked() {
                    self.commands.push(Command::Resegment(path.clone()));
                }
                if ui.button("Cancel").clicked() {
                    self.commands.push(Command::CancelResegment);
                }
            });
        });
    }

    pub(super) fn shortcut_help_ui(&mut self, ctx: &egui::Context) {
        if !self.show_shortcuts {
            return;
        }
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcut list")
                    .striped(true)
                    .show(ui, |ui| {
                        let mut seen = Vec::new();
                        for (shortcut, command) in SHORTCUTS {
                            if seen.contains(&command) || command.description().is_empty() {
                                continue;
                            }
                            seen.push(command);
                            ui.label(RichText::new(ctx.format_shortcut(shortcut)).monospace());
                            ui.label(command.description());
                            ui.end_row();
                        }
                        ui.label(RichText::new("Alt+1 … Alt+9").monospace());
                        ui.label("Insert suggestion 1 … 9 at the caret");
                        ui.end_row();
                        ui.label(RichText::new("Alt+Shift+1 … 9").monospace());
                        ui.label("Insert suggestion 1 … 9 in the other number");
                        ui.end_row();
                        ui.label(RichText::new("Ctrl+1 … Ctrl+5").monospace());
                        ui.label("Replace the English with TM match 1 … 5");
                        ui.end_row();
                    });
            });
        if !open {
            self.show_shortcuts = false;
        }
    }
}
