//! Every piece of Arabic in the window is drawn by [`arabic_ui`], which goes
//! through the bidi-correct [`RtlText`] widget.

use eframe::egui;
use egui::{FontId, Response, Ui};

pub use super::rtl_text::Highlight;
use super::rtl_text::RtlText;
use crate::bidi::Direction;

/// What happened to a piece of Arabic this frame.
pub struct ArabicResponse {
    pub response: Response,
    /// The id of the highlight under the pointer.
    pub hovered_highlight: Option<usize>,
    /// The id of the highlight clicked this frame.
    pub clicked_highlight: Option<usize>,
    /// The selected byte range, when selectable.
    pub selection: Option<std::ops::Range<usize>>,
}

/// Draws `text` (right-aligned when right-to-left, wrapped to the available
/// width) at `size` points with `highlights` marked. With `id_salt`, the
/// text can be selected by word and copied.
pub fn arabic_ui(
    ui: &mut Ui,
    text: &str,
    size: f32,
    highlights: &[Highlight],
    id_salt: Option<(&str, usize)>,
) -> ArabicResponse {
    let mut widget = RtlText::new(text)
        .font(FontId::proportional(size))
        .highlights(highlights);
    if let Some(salt) = id_salt {
        widget = widget.selectable(true).id_salt(salt);
    }
    let out = widget.show(ui);
    ArabicResponse {
        response: out.response,
        hovered_highlight: out.hovered_highlight,
        clicked_highlight: out.clicked_highlight,
        selection: out.selection,
    }
}

/// Text that mixes English and Arabic (glossary notes): laid out by the bidi
/// widget as a left-to-right paragraph when most of its letters are Latin,
/// else right-to-left.
pub fn mixed_text_ui(ui: &mut Ui, text: &str, size: f32) -> Response {
    let (mut latin, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii_alphabetic() {
            latin += 1;
        } else {
            other += 1;
        }
    }
    let direction = if latin >= other {
        Direction::Ltr
    } else {
        Direction::Rtl
    };
    RtlText::new(text)
        .font(FontId::proportional(size))
        .direction(direction)
        .show(ui)
        .response
}
