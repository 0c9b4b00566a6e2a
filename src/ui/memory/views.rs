//! What the TM looks like in the window: the TM menu, the Matches panel,
//! the concordance window, the import progress and the pre-translation window.

use crate::tm::lookup::{ConcordanceHit, TmMatch};
use crate::tm::pretranslate::{Analysis, Band};
use crate::tm::score::DiffKind;
use crate::tm::{self, Unit, UnitStatus};
use crate::ui::App;
use crate::ui::arabic::{Highlight, arabic_ui};
use crate::ui::command::Command;
use crate::ui::rtl_text::RtlText;
use eframe::egui;
use egui::{Color32, RichText, Ui};
use std::time::Duration;

impl App {
    pub(in crate::ui) fn tm_menu_ui(&mut self, ui: &mut Ui) {
        ui.menu_button("TM", |ui| {
            self.menu_item(ui, "Concordance…", Command::ToggleConcordance);
            self.menu_item(ui, "Pre-translate…", Command::PretranslateDialog);
            ui.separator();
            self.menu_item(ui, "Import TMX…", Command::ImportTmxDialog);
            self.menu_item(ui, "Export TMX…", Command::ExportTmxDialog);
            ui.separator();
            self.menu_item(ui, "Attach reference TM…", Command::AttachTmDialog);
            self.menu_item(ui, "Choose the writable TM…", Command::WritableTmDialog);
            if self.ws.doc.tms.writable.is_some() {
                self.menu_item(
                    ui,
                    "Write to the default TM again",
                    Command::SetWritableTm(None),
                );
            }
            let references = self.ws.doc.tms.reference.clone();
            if !references.is_empty() {
                ui.menu_button("Detach", |ui| {
                    for path in references {
                        let name = path.file_name().map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        if ui.button(name).clicked() {
                            self.commands.push(Command::DetachTm(path));
                            ui.close();
                        }
                    }
                });
            }
            ui.separator();
            ui.label(RichText::new("Attached").weak());
            for info in &self.tm.tms {
                let role = if info.writable {
                    "writable"
                } else {
                    "reference"
                };
                ui.label(format!("{} ({role}, {} units)", info.name, info.units));
            }
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("Author:");
                ui.add(egui::TextEdit::singleline(&mut self.settings.author).desired_width(120.0))
                    .labelled_by(label.id);
            });
            ui.add(
                egui::Slider::new(&mut self.settings.tm_auto_insert, 50..=101)
                    .text("Insert the best match on entering an empty segment from"),
            );
            ui.add(
                egui::Slider::new(&mut self.settings.tm_min_score, 30..=100)
                    .text("Show matches from"),
            );
        });
    }

    /// The Matches panel: the active segment's matches, best first.
    pub(in crate::ui) fn matches_ui(&mut self, ui: &mut Ui, max_height: f32) {
        let font_size = self.settings.font_size;
        ui.horizontal(|ui| {
            ui.heading("Translation memory");
            if self.tm.pending.is_some() {
                ui.spinner();
            }
        });
        if self.tm.matches_for != Some(self.active) {
            ui.label(RichText::new("Looking up…").weak());
            return;
        }
        if self.tm.matches.is_empty() {
            let writer = self.tm.tms.iter().find(|t| t.writable);
            ui.label(match writer {
                Some(w) => format!(
                    "No match in {} TM(s) ({} units in {}).",
                    self.tm.tms.len(),
                    w.units,
                    w.name
                ),
                None => "No TM attached.".to_owned(),
            });
            return;
        }
        let dark = ui.visuals().dark_mode;
        let matches = self.tm.matches.clone();
        egui::ScrollArea::vertical()
            .id_salt("tm matches")
            .max_height(max_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (n, m) in matches.iter().enumerate() {
                    let card = egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        match_card_ui(ui, n, m, font_size, dark);
                    });
                    let response = card
                        .response
                        .interact(egui::Sense::click())
                        .on_hover_text(format!("Use this match (Ctrl+{})", n + 1));
                    if response.clicked() {
                        self.commands.push(Command::UseMatch { index: n });
                    }
                }
            });
    }

    /// The concordance window (Ctrl+K).
    pub(in crate::ui) fn concordance_ui(&mut self, ctx: &egui::Context) {
        if !self.tm.concordance.open {
            return;
        }
        let font_size = self.settings.font_size;
        let mut open = true;
        egui::Window::new("Concordance")
            .open(&mut open)
            .default_size([560.0, 480.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("Search the TMs:");
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.tm.concordance.query)
                                .hint_text("Arabic or English words")
                                .desired_width(300.0),
                        )
                        .labelled_by(label.id);
                    if self.tm.concordance.focus {
                        self.tm.concordance.focus = false;
                        response.request_focus();
                    }
                    let enter =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.button("Search").clicked() || enter {
                        let query = self.tm.concordance.query.clone();
                        self.commands.push(Command::ConcordanceSearch(query));
                    }
                    if self.tm.concordance.pending.is_some() {
                        ui.spinner();
                    }
                });
                let query = self.tm.concordance.query.clone();
                if query
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
                {
                    // The field lays Arabic out left to right; the bidi widget shows it as read.
                    arabic_ui(ui, &query, font_size, &[], None);
                }
                // Mixed text: the bidi widget keeps the Arabic words in order.
                RtlText::new("Arabic is matched with its clitics: هجوم finds والهجوم and للهجوم")
                    .font(egui::FontId::proportional(font_size * 0.8))
                    .color(ui.visuals().weak_text_color())
                    .direction(crate::bidi::Direction::Ltr)
                    .show(ui);
                if let Some(e) = &self.tm.concordance.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                let searched = self.tm.concordance.searched.clone();
                if !searched.is_empty() {
                    ui.label(format!("{} hit(s)", self.tm.concordance.hits.len()));
                }
                let hits = self.tm.concordance.hits.clone();
                let dark = ui.visuals().dark_mode;
                egui::ScrollArea::vertical()
                    .id_salt("concordance hits")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for (n, hit) in hits.iter().enumerate() {
                            egui::Frame::group(ui.style()).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                self.concordance_hit_ui(ui, n, hit, font_size, dark);
                            });
                        }
                    });
            });
        if !open {
            self.tm.concordance.open = false;
        }
    }

    fn concordance_hit_ui(
        &mut self,
        ui: &mut Ui,
        n: usize,
        hit: &ConcordanceHit,
        font_size: f32,
        dark: bool,
    ) {
        let mark = hit_color(dark);
        let highlights: Vec<Highlight> = hit
            .source_hits
            .iter()
            .enumerate()
            .map(|(id, r)| Highlight {
                range: r.clone(),
                color: mark,
                id,
            })
            .collect();
        arabic_ui(ui, &hit.unit.source, font_size * 1.1, &highlights, None);
        // The English can be selected (and copied) in part.
        let id = egui::Id::unique(("concordance english", n));
        let mut english = hit.unit.target.clone();
        let target_hits = hit.target_hits.clone();
        let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            crate::ui::rows::english_layout(
                ui,
                text.as_str(),
                wrap_width,
                font_size,
                &target_hits,
                mark,
            )
        };
        let output = egui::TextEdit::multiline(&mut english)
            .id(id)
            .desired_rows(1)
            .desired_width(f32::INFINITY)
            .layouter(&mut layouter)
            .show(ui);
        let _ = output
            .response
            .response
            .accessible_name(format!("Concordance English {}", n + 1));
        let selected = output
            .cursor_range
            .map(|r| r.as_sorted_char_range())
            .filter(|r| !r.is_empty())
            .map(|r| {
                hit.unit
                    .target
                    .chars()
                    .skip(r.start.0)
                    .take(r.end.0 - r.start.0)
                    .collect::<String>()
            });
        ui.horizontal(|ui| {
            if ui
                .button("Insert")
                .on_hover_text("Insert this English at the caret")
                .clicked()
            {
                self.commands.push(Command::InsertText {
                    segment: self.active,
                    text: hit.unit.target.clone(),
                });
            }
            if let Some(part) = selected {
                if ui.button("Insert selection").clicked() {
                    self.commands.push(Command::InsertText {
                        segment: self.active,
                        text: part.clone(),
                    });
                }
                if ui.button("Copy selection").clicked() {
                    ui.ctx().copy_text(part);
                }
            }
            ui.label(RichText::new(origin_line(&hit.tm, &hit.unit)).weak());
        });
    }

    /// The progress of an import and the pre-translation window.
    pub(in crate::ui) fn tm_jobs_ui(&mut self, ctx: &egui::Context) {
        if let Some(import) = &self.tm.import {
            let progress = import.job.progress.clone();
            let name = import.path.display().to_string();
            egui::Window::new("Importing TMX")
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.label(name);
                    ui.add(egui::ProgressBar::new(progress.fraction()).show_percentage());
                    ui.label(format!(
                        "{} units read",
                        progress.units.load(std::sync::atomic::Ordering::Relaxed)
                    ));
                    ui.label(
                        RichText::new("Nothing is imported until the whole file is read.").weak(),
                    );
                    if ui.button("Cancel").clicked() {
                        self.commands.push(Command::CancelTmJob);
                    }
                });
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if !self.tm.pretranslate.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Pre-translate")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Fill every untranslated segment from the attached TMs: 100 % and context matches as translated, fuzzy matches as drafts (one undo step).");
                ui.add(
                    egui::Slider::new(&mut self.tm.pretranslate.min, 50..=100)
                        .text("Fill fuzzy matches from (%)"),
                );
                if let Some(job) = &self.tm.pretranslate.job {
                    let p = &job.progress;
                    let total = p.bytes_total.load(std::sync::atomic::Ordering::Relaxed).max(1);
                    let done = p.units.load(std::sync::atomic::Ordering::Relaxed);
                    ui.add(egui::ProgressBar::new(done as f32 / total as f32).text(format!("{done} of {total} segments")));
                    if ui.button("Cancel").clicked() {
                        self.commands.push(Command::CancelTmJob);
                    }
                    ctx.request_repaint_after(Duration::from_millis(100));
                } else if ui.button("Run pre-translation").clicked() {
                    self.commands.push(Command::Pretranslate);
                }
                if let Some(analysis) = &self.tm.pretranslate.analysis {
                    ui.separator();
                    ui.label(format!("{} segment(s) filled. Analysis:", self.tm.pretranslate.filled));
                    analysis_ui(ui, analysis);
                    if ui.button("Export analysis as CSV…").clicked() {
                        self.commands.push(Command::ExportAnalysisDialog);
                    }
                }
            });
        if !open {
            self.tm.pretranslate.open = false;
        }
    }
}

fn analysis_ui(ui: &mut Ui, analysis: &Analysis) {
    egui::Grid::new("analysis").striped(true).show(ui, |ui| {
        ui.strong("Band");
        ui.strong("Segments");
        ui.strong("Words");
        ui.end_row();
        for band in Band::ALL {
            let c = analysis.get(band);
            ui.label(band.label().replace('–', "-"));
            ui.label(c.segments.to_string());
            ui.label(c.words.to_string());
            ui.end_row();
        }
        let t = analysis.total();
        ui.strong("Total");
        ui.strong(t.segments.to_string());
        ui.strong(t.words.to_string());
        ui.end_row();
    });
}

fn hit_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(200, 170, 0, 140)
    } else {
        Color32::from_rgb(255, 230, 120)
    }
}

/// The background of a difference in the TM source.
fn difference_color(kind: DiffKind, dark: bool) -> Color32 {
    match (kind.is_small(), dark) {
        (true, true) => Color32::from_rgba_unmultiplied(70, 110, 170, 110),
        (true, false) => Color32::from_rgb(210, 228, 250),
        (false, true) => Color32::from_rgba_unmultiplied(190, 90, 40, 140),
        (false, false) => Color32::from_rgb(255, 205, 170),
    }
}

fn score_color(score: u8, dark: bool) -> Color32 {
    match (score, dark) {
        (100.., true) => Color32::from_rgb(90, 190, 100),
        (100.., false) => Color32::from_rgb(20, 130, 40),
        (85..=99, true) => Color32::from_rgb(230, 190, 60),
        (85..=99, false) => Color32::from_rgb(150, 110, 0),
        (_, true) => Color32::from_rgb(230, 140, 60),
        (_, false) => Color32::from_rgb(190, 90, 0),
    }
}

/// `TM · author · date`.
fn origin_line(tm_name: &str, unit: &Unit) -> String {
    let author = if unit.changed_by.is_empty() {
        &unit.author
    } else {
        &unit.changed_by
    };
    let date = tm::iso_date(unit.changed);
    let day = date.get(..10).unwrap_or(&date);
    let mut line = format!("{tm_name} · {author} · {day}");
    if unit.status == UnitStatus::Reviewed {
        line.push_str(" · reviewed");
    }
    line
}

/// One match: its number and score, the TM source with the differences
/// marked, what differs, the English (substituted numbers marked), origin.
fn match_card_ui(ui: &mut Ui, n: usize, m: &TmMatch, font_size: f32, dark: bool) {
    ui.horizontal(|ui| {
        if n < 9 {
            ui.label(RichText::new(format!("Ctrl+{}", n + 1)).weak());
        }
        ui.label(
            RichText::new(m.percent())
                .strong()
                .color(score_color(m.score, dark)),
        );
        if m.context {
            ui.label(RichText::new("context match").color(score_color(100, dark)));
        }
        if m.multiple {
            ui.label(RichText::new("several translations").weak());
        }
    });
    let highlights: Vec<Highlight> = m
        .differences
        .iter()
        .enumerate()
        .filter_map(|(id, d)| {
            d.tm_span.clone().map(|range| Highlight {
                range,
                color: difference_color(d.kind, dark),
                id,
            })
        })
        .collect();
    arabic_ui(ui, &m.unit.source, font_size * 1.05, &highlights, None);
    // What differs, one line each, read left to right with the Arabic
    // words in their own order: "clitic · TM: وكان · here: كان".
    for d in &m.differences {
        let line = match d.kind {
            DiffKind::Inserted => format!("{} · here: {}", d.kind.label(), d.text),
            DiffKind::Deleted => format!("{} · TM: {}", d.kind.label(), d.tm),
            _ => format!("{} · TM: {} · here: {}", d.kind.label(), d.tm, d.text),
        };
        RtlText::new(&line)
            .font(egui::FontId::proportional(font_size * 0.8))
            .direction(crate::bidi::Direction::Ltr)
            .show(ui);
    }
    let mark = Color32::from_rgba_unmultiplied(90, 190, 100, 90);
    let galley = crate::ui::rows::english_layout(
        ui,
        &m.suggested,
        ui.available_width(),
        font_size,
        &m.substituted,
        mark,
    );
    ui.label(galley);
    if m.suggested != m.unit.target {
        ui.label(RichText::new("Numbers substituted from the current segment").weak());
    }
    ui.label(RichText::new(origin_line(&m.tm, &m.unit)).weak());
}
