//! Every piece of Arabic in the window is drawn by [`arabic_ui`], so the
//! rendering can be swapped in one place (the bidi widget replaces the
//! plain egui layout used here).

use eframe::egui;
use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontFamily, FontId, Response, Sense, Ui, Vec2};

/// The font family that puts the bundled Arabic face first.
pub const ARABIC_FAMILY: &str = "arabic";

/// A background mark over a byte range of the text.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub range: Range<usize>,
    pub color: Color32,
}

/// What happened to a piece of Arabic this frame.
pub struct ArabicResponse {
    pub response: Response,
    /// The byte offset under the pointer, if it is over the text.
    pub hovered_byte: Option<usize>,
}

/// The Arabic font at `size` points.
pub fn arabic_font(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(ARABIC_FAMILY.into()))
}

/// Draws `text` right-aligned, wrapped to the available width, with
/// `highlights` (sorted, non-overlapping byte ranges) marked.
pub fn arabic_ui(ui: &mut Ui, text: &str, size: f32, highlights: &[Highlight]) -> ArabicResponse {
    let width = ui.available_width().max(40.0);
    let color = ui.visuals().text_color();
    let font_id = arabic_font(size);
    let mut job = LayoutJob {
        halign: Align::RIGHT,
        ..LayoutJob::default()
    };
    job.wrap.max_width = width;
    let plain = TextFormat::simple(font_id.clone(), color);
    let mut at = 0;
    for h in highlights {
        let (start, end) = (h.range.start.max(at), h.range.end.min(text.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if at < start {
            job.append(&text[at..start], 0.0, plain.clone());
        }
        job.append(
            &text[start..end],
            0.0,
            TextFormat {
                background: h.color,
                ..plain.clone()
            },
        );
        at = end;
    }
    if at < text.len() {
        job.append(&text[at..], 0.0, plain);
    }
    let galley = ui.painter().layout_job(job);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(width, galley.size().y), Sense::click());
    let origin = rect.right_top();
    let hovered_byte = response.hover_pos().and_then(|pos| {
        let local = pos - origin;
        if !galley.rect.expand(2.0).contains(local.to_pos2()) {
            return None;
        }
        let cursor = galley.cursor_from_pos(local);
        let chars = cursor.index.0;
        Some(
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(b, _)| b),
        )
    });
    if ui.is_rect_visible(rect) {
        ui.painter().galley(origin, galley, color);
    }
    ArabicResponse {
        response,
        hovered_byte,
    }
}
