//! The segment table: one row per segment, Arabic beside its English editor.
//! Only the rows in view are laid out; row heights are estimated, then
//! replaced by measured ones, with prefix sums to place rows.

use eframe::egui;
use egui::{
    Align, Color32, CornerRadius, Id, Layout, Rect, RichText, ScrollArea, Sense, Stroke, TextEdit,
    Ui, UiBuilder, pos2, vec2,
};

use super::App;
use super::arabic::{Highlight, arabic_ui};
use super::command::Command;
use super::workspace::{Side, Workspace};
use crate::document::Status;
use crate::glossary::number;

const STATUS_WIDTH: f32 = 104.0;
const COLUMN_GAP: f32 = 10.0;
const ROW_PADDING: f32 = 5.0;
const PARAGRAPH_GAP: f32 = 16.0;

/// The id of segment `segment`'s English editor.
pub fn editor_id(segment: usize) -> Id {
    Id::unique(("english editor", segment))
}

/// The colour shown with each status (always next to its name).
pub fn status_color(status: Status, dark: bool) -> Color32 {
    match (status, dark) {
        (Status::Untranslated, _) => Color32::from_gray(130),
        (Status::Draft, true) => Color32::from_rgb(230, 160, 60),
        (Status::Draft, false) => Color32::from_rgb(190, 110, 0),
        (Status::Translated, true) => Color32::from_rgb(90, 190, 100),
        (Status::Translated, false) => Color32::from_rgb(20, 130, 40),
        (Status::Reviewed, true) => Color32::from_rgb(100, 160, 240),
        (Status::Reviewed, false) => Color32::from_rgb(30, 90, 200),
    }
}

/// Estimated, then measured, heights of every row, with their offsets.
#[derive(Default)]
pub struct RowHeights {
    heights: Vec<f32>,
    /// `offsets[i]` is the top of row `i`; `offsets[n]` the total height.
    offsets: Vec<f32>,
    dirty: bool,
    width: f32,
    font_size: f32,
}

impl RowHeights {
    /// Forgets every measurement (new document, width or font size).
    pub fn invalidate(&mut self) {
        self.width = 0.0;
    }

    fn ensure(&mut self, ws: &Workspace, width: f32, font_size: f32) {
        let stale = self.heights.len() != ws.len()
            || (self.width - width).abs() > 1.0
            || (self.font_size - font_size).abs() > f32::EPSILON;
        if stale {
            let column = column_width(width);
            // Rough glyph width per char; measured heights replace this.
            let ar_per_line = (column / (font_size * 0.55)).max(8.0);
            let en_per_line = (column / (font_size * 0.5)).max(8.0);
            let line = font_size * 1.45;
            self.heights = (0..ws.len())
                .map(|i| {
                    let ar = ws.doc.source_of(i).chars().count() as f32 / ar_per_line;
                    let en = ws.doc.segments[i].en.len() as f32 / en_per_line;
                    let lines = ar.max(en).ceil().max(1.0);
                    lines * line * 1.15 + 2.0 * ROW_PADDING + paragraph_gap(ws, i)
                })
                .collect();
            self.width = width;
            self.font_size = font_size;
            self.dirty = true;
        }
        if self.dirty {
            self.offsets.clear();
            self.offsets.reserve(self.heights.len() + 1);
            let mut y = 0.0;
            for h in &self.heights {
                self.offsets.push(y);
                y += h;
            }
            self.offsets.push(y);
            self.dirty = false;
        }
    }

    fn set(&mut self, row: usize, height: f32) -> bool {
        if (self.heights[row] - height).abs() > 0.5 {
            self.heights[row] = height;
            self.dirty = true;
            true
        } else {
            false
        }
    }

    fn total(&self) -> f32 {
        self.offsets.last().copied().unwrap_or(0.0)
    }

    /// The row at content height `y`.
    fn row_at(&self, y: f32) -> usize {
        self.offsets
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.heights.len().saturating_sub(1))
    }
}

/// English with search hits marked (used only for rows that have hits).
/// English laid out with `hits` on a `mark` background (search hits,
/// substituted numbers, concordance hits).
pub(crate) fn english_layout(
    ui: &Ui,
    text: &str,
    wrap_width: f32,
    font_size: f32,
    hits: &[std::ops::Range<usize>],
    mark: Color32,
) -> std::sync::Arc<egui::Galley> {
    let color = ui.visuals().text_color();
    let plain = egui::TextFormat::simple(egui::FontId::proportional(font_size), color);
    let marked = egui::TextFormat {
        background: mark,
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let mut at = 0;
    for hit in hits {
        // Hits are from the last search; skip any the typing has invalidated.
        if hit.start < at
            || hit.end > text.len()
            || !text.is_char_boundary(hit.start)
            || !text.is_char_boundary(hit.end)
        {
            continue;
        }
        job.append(&text[at..hit.start], 0.0, plain.clone());
        job.append(&text[hit.start..hit.end], 0.0, marked.clone());
        at = hit.end;
    }
    job.append(&text[at..], 0.0, plain);
    ui.fonts_mut(|f| f.layout_job(job))
}

fn column_width(width: f32) -> f32 {
    ((width - STATUS_WIDTH - 2.0 * COLUMN_GAP) / 2.0).max(80.0)
}

fn paragraph_gap(ws: &Workspace, i: usize) -> f32 {
    if i > 0 && ws.doc.segments[i].paragraph != ws.doc.segments[i - 1].paragraph {
        PARAGRAPH_GAP
    } else {
        0.0
    }
}

impl App {
    /// The scrolling table of segments.
    pub(super) fn rows_ui(&mut self, ui: &mut Ui) {
        if self.ws.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label("This document has no text to translate. Open an Arabic text (Ctrl+O).");
            });
            return;
        }
        // Far jumps (search, undo, Ctrl+Enter across the document) set the
        // offset directly: egui's animated scroll targets compound when
        // re-issued while estimated heights settle. Near moves glide.
        let mut area = ScrollArea::vertical()
            .id_salt("segments")
            .auto_shrink([false, false]);
        let (mut jump, mut glide) = (None, None);
        if let Some(row) = self.scroll_to_active.take()
            && row + 1 < self.heights.offsets.len()
        {
            let (top, bottom) = (self.heights.offsets[row], self.heights.offsets[row + 1]);
            let seen = self.last_viewport;
            let near = top > seen.min.y - seen.height() && top < seen.max.y + seen.height();
            if near {
                if top < seen.min.y || bottom > seen.max.y {
                    glide = Some(row);
                }
            } else {
                area = area.vertical_scroll_offset((top - 24.0).max(0.0));
                jump = Some(row);
            }
        }
        area.show_viewport(ui, |ui, viewport| {
            self.last_viewport = viewport;
            // Keep clear of the scroll bar, which floats over the content.
            let width = ui.available_width() - ui.spacing().scroll.bar_width - 6.0;
            let font_size = self.settings.font_size;
            self.heights.ensure(&self.ws, width, font_size);
            ui.set_height(self.heights.total());
            let origin = ui.max_rect().min;
            if let Some(row) = glide {
                let rect = Rect::from_min_size(
                    pos2(origin.x, origin.y + self.heights.offsets[row]),
                    vec2(width, self.heights.heights[row]),
                );
                ui.scroll_to_rect(rect, None);
            }
            let first = self.heights.row_at(viewport.min.y);
            let mut row = first;
            let mut remeasured = false;
            while row < self.ws.len() && self.heights.offsets[row] < viewport.max.y {
                let top = origin.y + self.heights.offsets[row];
                let height = self.row_ui(ui, row, pos2(origin.x, top), width);
                remeasured |= self.heights.set(row, height);
                row += 1;
            }
            if remeasured {
                ui.ctx().request_repaint();
            }
            // Heights far away are estimates: once the rows around the
            // target are measured it may have moved, so jump again until
            // it is actually on screen.
            if let Some(target) = jump {
                let shown = first <= target && target < row;
                if shown || self.scroll_attempts >= 8 {
                    self.scroll_attempts = 0;
                } else {
                    self.scroll_attempts += 1;
                    self.scroll_to_active = Some(target);
                    ui.ctx().request_repaint();
                }
            }
        });
    }

    /// One row at `top_left`; returns its measured height.
    fn row_ui(&mut self, ui: &mut Ui, row: usize, top_left: egui::Pos2, width: f32) -> f32 {
        let gap = paragraph_gap(&self.ws, row);
        let font_size = self.settings.font_size;
        let column = column_width(width);
        let top = top_left.y + gap;
        let left = top_left.x;
        let (english_x, arabic_x) = if self.settings.arabic_on_right {
            (
                left + STATUS_WIDTH + COLUMN_GAP,
                left + STATUS_WIDTH + 2.0 * COLUMN_GAP + column,
            )
        } else {
            (
                left + STATUS_WIDTH + 2.0 * COLUMN_GAP + column,
                left + STATUS_WIDTH + COLUMN_GAP,
            )
        };
        let active = row == self.active;
        let dark = ui.visuals().dark_mode;
        // Clicking the row's background activates it (registered before the
        // widgets so that they stay on top for the pointer).
        let estimated = Rect::from_min_size(top_left, vec2(width, self.heights.heights[row]));
        let click = ui.interact(estimated, Id::unique(("row", row)), Sense::click());
        if click.clicked() && !active {
            self.commands.push(Command::Activate {
                segment: row,
                focus: true,
            });
        }
        let background = ui.painter().add(egui::Shape::Noop);
        let inner_top = top + ROW_PADDING;
        let child = |ui: &mut Ui, x: f32, w: f32, salt: &str, layout: Layout| {
            ui.new_child(
                UiBuilder::new()
                    .id_salt((salt, row))
                    .max_rect(Rect::from_min_size(
                        pos2(x, inner_top),
                        vec2(w, f32::INFINITY),
                    ))
                    .layout(layout),
            )
        };

        // Status column: number and status, colour and name.
        let mut status_ui = child(
            ui,
            left + 4.0,
            STATUS_WIDTH - 4.0,
            "status",
            Layout::top_down(Align::Min),
        );
        let segment = &self.ws.doc.segments[row];
        let status = segment.status;
        let origin = segment
            .origin
            .as_ref()
            .map(crate::document::SegmentOrigin::label);
        status_ui.label(
            RichText::new(format!("{}", row + 1))
                .weak()
                .size(font_size * 0.8),
        );
        let color = status_color(status, dark);
        status_ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            let (dot, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
            ui.painter().circle_filled(dot.center(), 4.5, color);
            ui.menu_button(
                RichText::new(status.label())
                    .color(color)
                    .size(font_size * 0.8),
                |ui| {
                    for s in Status::ALL {
                        if ui
                            .selectable_label(
                                s == status,
                                RichText::new(s.label()).color(status_color(s, dark)),
                            )
                            .clicked()
                        {
                            self.commands.push(Command::SetStatus {
                                segment: row,
                                status: s,
                            });
                            ui.close();
                        }
                    }
                },
            )
            .response
            .on_hover_text("Status of this segment (click to change)");
        });
        if let Some(origin) = origin {
            // Where the English came from: "from TM, 87 %", "propagated from 3".
            status_ui.label(RichText::new(origin).weak().size(font_size * 0.7));
        }
        let status_height = status_ui.min_rect().height();

        // English editor.
        let mut en_ui = child(ui, english_x, column, "en", Layout::top_down(Align::Min));
        let id = editor_id(row);
        if self.pending_focus == Some(row) {
            self.pending_focus = None;
            en_ui.memory_mut(|m| m.request_focus(id));
        }
        let mut buffer = segment.en.clone();
        let english_hits: Vec<std::ops::Range<usize>> = self
            .search
            .hits_in(row)
            .iter()
            .filter(|h| h.side == Side::English)
            .map(|h| h.range.clone())
            .collect();
        let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            english_layout(
                ui,
                text.as_str(),
                wrap_width,
                font_size,
                &english_hits,
                Color32::from_rgba_unmultiplied(220, 180, 0, 120),
            )
        };
        let mut editor = TextEdit::multiline(&mut buffer)
            .id(id)
            .desired_width(column)
            .desired_rows(1)
            .font(egui::FontId::proportional(font_size))
            .hint_text("English…");
        if !english_hits.is_empty() {
            editor = editor.layouter(&mut layouter);
        }
        let output = editor.show(&mut en_ui);
        let response = output
            .response
            .response
            .accessible_name(format!("English {}", row + 1));
        if response.changed() {
            self.commands.push(Command::EditText {
                segment: row,
                text: buffer,
            });
        }
        // While focus moves to another segment (pending_focus), the editor
        // that still has it this frame must not pull the active segment back.
        if (response.gained_focus() || response.has_focus())
            && !active
            && self.pending_focus.is_none()
        {
            self.commands.push(Command::Activate {
                segment: row,
                focus: false,
            });
        }
        let en_height = en_ui.min_rect().height();

        // Arabic, with glossary hits and search hits marked.
        let mut ar_ui = child(ui, arabic_x, column, "ar", Layout::top_down(Align::Max));
        let match_color = if dark {
            Color32::from_rgba_unmultiplied(70, 110, 170, 110)
        } else {
            Color32::from_rgb(205, 225, 250)
        };
        // Deprecated and forbidden terms: a distinct (reddish) highlight; the
        // hover card says "Do not use" in words.
        let do_not_use_color = if dark {
            Color32::from_rgba_unmultiplied(170, 50, 50, 120)
        } else {
            Color32::from_rgb(250, 205, 205)
        };
        // Highlight ids: the match index; search hits get ids past the matches.
        let matches_len = self.ws.matches[row].len();
        let mut highlights: Vec<Highlight> = self.ws.matches[row]
            .iter()
            .enumerate()
            .map(|(id, m)| Highlight {
                range: m.start..m.end,
                color: if self.ws.glossary.terms[m.term].status.is_do_not_use() {
                    do_not_use_color
                } else {
                    match_color
                },
                id,
            })
            .collect();
        let hits = self.search.hits_in(row);
        let search_color = if dark {
            Color32::from_rgba_unmultiplied(200, 170, 0, 140)
        } else {
            Color32::from_rgb(255, 230, 120)
        };
        for (k, hit) in hits.iter().filter(|h| h.side == Side::Arabic).enumerate() {
            highlights.push(Highlight {
                range: hit.range.clone(),
                color: search_color,
                id: matches_len + k,
            });
        }
        let source = self.ws.doc.source_of(row);
        let arabic = arabic_ui(
            &mut ar_ui,
            source,
            font_size * 1.2,
            &highlights,
            Some(("source", row)),
        );
        if let Some(selection) = arabic.selection.clone() {
            // Ctrl+Shift+G turns it into a new glossary term.
            self.gloss.selection = Some((row, selection));
        }
        let hovered_match = arabic.hovered_highlight.filter(|&id| id < matches_len);
        let mut arabic_response = arabic.response;
        if let Some(index) = hovered_match {
            let m = &self.ws.matches[row][index];
            let term = &self.ws.glossary.terms[m.term];
            arabic_response = arabic_response.on_hover_ui(|ui| {
                super::panels::term_details_ui(ui, term, m, &source[m.start..m.end], font_size);
            });
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        if let Some(index) = arabic.clicked_highlight.filter(|&id| id < matches_len) {
            let m = &self.ws.matches[row][index];
            let term = &self.ws.glossary.terms[m.term];
            let agreement = number::agreement(term, m, &source[m.start..m.end]);
            self.commands.push(Command::InsertText {
                segment: row,
                text: agreement.insert,
            });
        } else if arabic_response.clicked() && !active {
            self.commands.push(Command::Activate {
                segment: row,
                focus: true,
            });
        }
        let ar_height = ar_ui.min_rect().height();

        let content = status_height.max(en_height).max(ar_height);
        let height = gap + content + 2.0 * ROW_PADDING;
        let row_rect =
            Rect::from_min_size(pos2(left, top), vec2(width, content + 2.0 * ROW_PADDING));
        let english_hit = hits.iter().any(|h| h.side == Side::English);
        let fill = if active {
            ui.visuals().selection.bg_fill.gamma_multiply(0.35)
        } else if english_hit {
            Color32::from_rgba_unmultiplied(200, 170, 0, 40)
        } else {
            Color32::TRANSPARENT
        };
        ui.painter().set(
            background,
            egui::Shape::rect_filled(row_rect, CornerRadius::same(4), fill),
        );
        if active {
            ui.painter().rect_filled(
                Rect::from_min_size(row_rect.min, vec2(3.0, row_rect.height())),
                CornerRadius::ZERO,
                ui.visuals().selection.stroke.color,
            );
        }
        ui.painter().hline(
            row_rect.x_range(),
            row_rect.bottom(),
            Stroke::new(0.5, ui.visuals().widgets.noninteractive.bg_stroke.color),
        );
        height
    }
}
