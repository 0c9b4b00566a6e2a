//! The one widget through which Arabic is drawn: [`RtlText`].
//!
//! egui shapes Arabic (letters join) but has no bidi algorithm: it places font
//! runs left to right in logical order, guesses each run's direction from its
//! script, and never mirrors brackets. So the paragraph is laid out by
//! [`crate::bidi`] (levels, line breaks, visual order of runs) and egui only
//! ever shapes one *piece* at a time: a word, or a single space or punctuation
//! char. Pieces are placed by us:
//! - a right-to-left piece is one Arabic word, which harfrust shapes and orders
//!   correctly on its own; mirrored brackets are swapped for display
//!   ([`bidi::display_text`]), because a lone bracket is shaped left to right;
//! - a left-to-right piece with Arabic-script chars (Arabic-Indic digits) is
//!   drawn one char at a time, because harfrust would treat the run as
//!   right-to-left and draw `١٢٣` as `٣٢١`.
//!
//! Layouts are cached per (text, font, wrap width, direction, pixels per
//! point) and dropped when unused for a frame, so a long document in a
//! `ScrollArea::show_rows` lays out only rows that change or scroll in.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use eframe::egui::{
    AsIdSalt, Color32, Context, CursorIcon, Event, FontData, FontFamily, FontId, FontInsert,
    FontPriority, Id, IdSalt, InsertFontFamily, Key, Pos2, Rect, Response, Role, Sense, TextStyle,
    Ui, Vec2, WidgetInfo, epaint::text::FontsView, pos2, text::Galley, vec2,
};

use crate::bidi::{self, Direction, ParagraphLayout};

const NOTO_NASKH: &[u8] = include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf");

/// Adds Noto Naskh Arabic as a fallback after egui's default fonts, in the
/// proportional and the monospace family: English keeps egui's default font,
/// Arabic uses Noto Naskh. Call once at start-up (with
/// `NativeOptions::system_font_fallback = false`, so every machine renders the
/// same).
pub fn install_fonts(ctx: &Context) {
    ctx.add_font(FontInsert::new(
        "NotoNaskhArabic-Regular",
        FontData::from_static(NOTO_NASKH),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
    // Cached galleys were shaped with the old fonts.
    shared_cache(ctx).lock().map(|mut c| c.entries.clear()).ok();
}

/// A stretch of the text painted with a background, e.g. a glossary match.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// Byte range in the text (logical).
    pub range: Range<usize>,
    /// Background colour.
    pub color: Color32,
    /// The caller's id for it, reported back on hover and click.
    pub id: usize,
}

/// A paragraph of bidirectional text, right-aligned when it is right-to-left,
/// wrapped to the available width.
///
/// ```no_run
/// # fn ui(ui: &mut eframe::egui::Ui) {
/// use tarjuman::ui::rtl_text::{Highlight, RtlText};
/// let text = "بايدن يتصل ببوتين 2021 Kaseya";
/// let out = RtlText::new(text)
///     .highlights(&[Highlight { range: 0..10, color: eframe::egui::Color32::YELLOW, id: 7 }])
///     .selectable(true)
///     .id_salt(("source", 42))
///     .show(ui);
/// if out.hovered_highlight == Some(7) {
///     out.response.on_hover_text("Biden");
/// }
/// # }
/// ```
#[must_use = "call .show(ui)"]
pub struct RtlText<'a> {
    text: &'a str,
    font: Option<FontId>,
    color: Option<Color32>,
    direction: Direction,
    wrap: bool,
    highlights: &'a [Highlight],
    selectable: bool,
    id_salt: Option<IdSalt>,
}

/// What [`RtlText::show`] reports.
pub struct RtlTextResponse {
    /// The widget's response (hover, clicks, rect).
    pub response: Response,
    /// The id of the highlight under the pointer.
    pub hovered_highlight: Option<usize>,
    /// The id of the highlight clicked this frame.
    pub clicked_highlight: Option<usize>,
    /// The selected byte range (logical), if any.
    pub selection: Option<Range<usize>>,
    /// The laid-out text.
    pub galley: Arc<RtlGalley>,
    /// Screen position of the galley's top-left corner.
    pub origin: Pos2,
}

impl RtlTextResponse {
    /// Screen rects covering the bytes of `range` (one per line and visual
    /// stretch).
    pub fn range_rects(&self, range: Range<usize>) -> Vec<Rect> {
        self.galley.range_rects(range, self.origin)
    }
}

impl<'a> RtlText<'a> {
    /// Text with the body font and text colour, auto direction, wrapping.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            font: None,
            color: None,
            direction: Direction::Auto,
            wrap: true,
            highlights: &[],
            selectable: false,
            id_salt: None,
        }
    }

    pub fn font(mut self, font: FontId) -> Self {
        self.font = Some(font);
        self
    }

    pub fn color(mut self, color: Color32) -> Self {
        self.color = Some(color);
        self
    }

    /// Paragraph direction; by default from the first strong char.
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Wrap to the available width (default), or lay out on one line per
    /// paragraph and take only the width the text needs.
    pub fn wrap(mut self, wrap: bool) -> Self {
        self.wrap = wrap;
        self
    }

    pub fn highlights(mut self, highlights: &'a [Highlight]) -> Self {
        self.highlights = highlights;
        self
    }

    /// Word-wise selection by drag and double-click, copied with Ctrl+C.
    pub fn selectable(mut self, selectable: bool) -> Self {
        self.selectable = selectable;
        self
    }

    /// Makes the widget id (and so its selection) stable; needed when
    /// `selectable`.
    pub fn id_salt(mut self, id_salt: impl AsIdSalt) -> Self {
        self.id_salt = Some(IdSalt::new(id_salt));
        self
    }

    pub fn show(self, ui: &mut Ui) -> RtlTextResponse {
        let font = self
            .font
            .clone()
            .unwrap_or_else(|| TextStyle::Body.resolve(ui.style()));
        let color = self.color.unwrap_or_else(|| ui.visuals().text_color());
        let available = ui.available_width();
        let wrap_width = if self.wrap && available.is_finite() {
            available.max(1.0)
        } else {
            f32::INFINITY
        };
        let galley = cached_layout(ui.ctx(), self.text, &font, self.direction, wrap_width);

        let width = if galley.layout.rtl && wrap_width.is_finite() {
            wrap_width.max(galley.size.x)
        } else {
            galley.size.x
        };
        let (auto_id, rect) = ui.allocate_space(vec2(width, galley.size.y));
        let id = self
            .id_salt
            .map_or(auto_id, |salt| ui.make_persistent_id(salt));
        let sense = if self.selectable {
            Sense::click_and_drag()
        } else if self.highlights.is_empty() {
            Sense::hover()
        } else {
            Sense::click()
        };
        let response = ui.interact(rect, id, sense);
        let text = self.text;
        response.widget_info(|| WidgetInfo::labeled(Role::Label, ui.is_enabled(), text));

        // Right-to-left paragraphs are flush right in the allocated rect.
        let origin = if galley.layout.rtl {
            pos2(rect.right() - galley.size.x, rect.top())
        } else {
            rect.min
        };

        let highlight_rects: Vec<(usize, Vec<Rect>)> = self
            .highlights
            .iter()
            .map(|h| (h.id, galley.range_rects(h.range.clone(), origin)))
            .collect();
        let highlight_at = |pos: Pos2| {
            highlight_rects
                .iter()
                .find(|(_, rects)| rects.iter().any(|r| r.contains(pos)))
                .map(|(id, _)| *id)
        };
        let hovered_highlight = response.hover_pos().and_then(highlight_at);
        let clicked_highlight = if response.clicked() {
            response.interact_pointer_pos().and_then(highlight_at)
        } else {
            None
        };

        let selection = if self.selectable {
            update_selection(ui, &response, &galley, origin)
        } else {
            None
        };
        if self.selectable && response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }

        if ui.is_rect_visible(rect) {
            let painter = ui.painter();
            for (h, (_, rects)) in self.highlights.iter().zip(&highlight_rects) {
                for r in rects {
                    painter.rect_filled(*r, 2.0, h.color);
                }
            }
            if let Some(sel) = &selection {
                let fill = ui.visuals().selection.bg_fill;
                for r in galley.range_rects(sel.clone(), origin) {
                    painter.rect_filled(r, 0.0, fill);
                }
            }
            for placed in &galley.placed {
                painter.galley(origin + placed.offset, placed.galley.clone(), color);
            }
        }

        RtlTextResponse {
            response,
            hovered_highlight,
            clicked_highlight,
            selection,
            galley,
            origin,
        }
    }
}

/// Plain short text on one line (suggestion lists, tooltips).
pub fn rtl_label(ui: &mut Ui, text: &str) -> Response {
    RtlText::new(text).wrap(false).show(ui).response
}

// ----------------------------------------------------------------------------
// Selection

#[derive(Clone, Debug, Default)]
struct SelectionState {
    /// The word under the press that started the drag.
    anchor: Range<usize>,
    range: Option<Range<usize>>,
}

fn update_selection(
    ui: &Ui,
    response: &Response,
    galley: &RtlGalley,
    origin: Pos2,
) -> Option<Range<usize>> {
    let id = response.id;
    let mut state: SelectionState = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let before = state.range.clone();

    let word_at = |pos: Pos2| galley.word_at(pos - origin);

    // A press anywhere else drops the selection.
    let pressed_elsewhere = ui.input(|i| {
        i.pointer.any_pressed()
            && i.pointer
                .press_origin()
                .is_some_and(|p| !response.rect.contains(p))
    });
    if pressed_elsewhere {
        state.range = None;
    }
    if response.clicked() {
        state.range = None;
    }
    if response.double_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let word = word_at(pos);
        state.range = (!word.is_empty()).then_some(word);
    }
    if response.drag_started()
        && let Some(press) = ui.input(|i| i.pointer.press_origin())
    {
        state.anchor = word_at(press);
    }
    if response.dragged()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let word = word_at(pos);
        let range = state.anchor.start.min(word.start)..state.anchor.end.max(word.end);
        state.range = (!range.is_empty()).then_some(range);
    }

    if let Some(range) = &state.range {
        let copy = ui.input(|i| {
            i.events.iter().any(|e| {
                matches!(e, Event::Copy)
                    || matches!(e, Event::Key { key: Key::C, pressed: true, modifiers, .. } if modifiers.command)
            })
        });
        if copy {
            ui.ctx().copy_text(galley.text[range.clone()].to_owned());
        }
    }

    let selection = state.range.clone();
    if selection != before || response.drag_started() {
        ui.data_mut(|d| d.insert_temp(id, state));
    }
    selection
}

// ----------------------------------------------------------------------------
// Layout

/// A galley placed relative to the paragraph's top-left corner.
#[derive(Clone, Debug)]
struct PlacedGalley {
    offset: Vec2,
    galley: Arc<Galley>,
}

/// A paragraph laid out for painting: the bidi layout plus the galleys of its
/// pieces at their positions.
#[derive(Debug)]
pub struct RtlGalley {
    /// The text (logical order, as stored).
    pub text: String,
    /// Lines, runs and pieces, aligned in `size.x`.
    pub layout: ParagraphLayout,
    /// Height of each line.
    pub line_height: f32,
    /// Natural size: the widest line by the number of lines.
    pub size: Vec2,
    placed: Vec<PlacedGalley>,
}

impl RtlGalley {
    /// Rects covering `range`, with the galley's top-left corner at `origin`.
    pub fn range_rects(&self, range: Range<usize>, origin: Pos2) -> Vec<Rect> {
        self.layout
            .range_spans(&self.text, range)
            .into_iter()
            .map(|(line, left, right)| {
                let top = line as f32 * self.line_height;
                Rect::from_min_max(
                    origin + vec2(left, top),
                    origin + vec2(right, top + self.line_height),
                )
            })
            .collect()
    }

    /// The line under a point relative to the top-left corner.
    fn line_at(&self, y: f32) -> usize {
        let line = (y / self.line_height).floor().max(0.0);
        let line = line as usize;
        line.min(self.layout.lines.len() - 1)
    }

    /// The word under a point relative to the top-left corner (an empty range
    /// at the nearest caret position when not on a word).
    pub fn word_at(&self, pos: Vec2) -> Range<usize> {
        self.layout.hit_word(&self.text, self.line_at(pos.y), pos.x)
    }

    /// The caret byte offset nearest to a point relative to the top-left
    /// corner.
    pub fn byte_at(&self, pos: Vec2) -> usize {
        self.layout.hit_byte(&self.text, self.line_at(pos.y), pos.x)
    }
}

/// Is `c` in one of the Arabic blocks (the script harfrust would shape right
/// to left)?
fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// Shapes one piece: the galleys to draw, left to right, each with its x
/// offset in the piece, and the piece's width.
fn shape_piece(
    fonts: &mut FontsView<'_>,
    piece: &str,
    rtl: bool,
    font: &FontId,
) -> (Vec<(f32, Arc<Galley>)>, f32) {
    if piece.chars().all(|c| c == '\n' || c == '\r') {
        return (Vec::new(), 0.0);
    }
    let mut shape = |s: &str| fonts.layout_delayed_color(s.to_owned(), font.clone(), f32::INFINITY);
    if !rtl && piece.chars().any(is_arabic_script) {
        // harfrust would shape this right to left: draw it char by char.
        let mut out = Vec::new();
        let mut x = 0.0;
        let mut start = 0;
        let mut chars = piece.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if bidi::is_word_char(next) && !next.is_alphanumeric() {
                    end = i + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let galley = shape(&piece[start..end]);
            let width = galley.size().x;
            out.push((x, galley));
            x += width;
            start = end;
        }
        (out, x)
    } else {
        let galley = shape(&bidi::display_text(piece, rtl));
        let width = galley.size().x;
        (vec![(0.0, galley)], width)
    }
}

fn layout_uncached(
    ctx: &Context,
    text: &str,
    font: &FontId,
    direction: Direction,
    wrap_width: f32,
) -> RtlGalley {
    #[cfg(test)]
    tests::LAYOUTS.with(|n| n.set(n.get() + 1));
    ctx.fonts_mut(|fonts| {
        let layout = bidi::layout_paragraph(text, direction, wrap_width, &mut |piece, rtl| {
            shape_piece(fonts, piece, rtl, font).1
        });
        let mut line_height = fonts.row_height(font);
        let mut placed = Vec::new();
        for (line_index, line) in layout.lines.iter().enumerate() {
            for (piece, rtl) in line.pieces() {
                let piece_text = &text[piece.range.clone()];
                if piece_text.trim().is_empty() {
                    continue;
                }
                for (dx, galley) in shape_piece(fonts, piece_text, rtl, font).0 {
                    line_height = line_height.max(galley.size().y);
                    placed.push((line_index, piece.x + dx, galley));
                }
            }
        }
        let placed = placed
            .into_iter()
            .map(|(line, x, galley)| {
                let y = line as f32 * line_height;
                PlacedGalley {
                    offset: vec2(x, y),
                    galley,
                }
            })
            .collect();
        let height = layout.lines.len() as f32 * line_height;
        RtlGalley {
            text: text.to_owned(),
            size: vec2(layout.natural_width(), height),
            layout,
            line_height,
            placed,
        }
    })
}

#[derive(Default)]
struct LayoutCache {
    /// The frame of the last eviction.
    frame: u64,
    /// Font atlas fill ratio seen last; a drop means the atlas was cleared and
    /// every galley points into a dead texture.
    atlas_fill: f32,
    /// Layouts by key hash, with the frame they were last used in.
    entries: HashMap<u64, (u64, Arc<RtlGalley>)>,
}

type SharedCache = Arc<Mutex<LayoutCache>>;

fn shared_cache(ctx: &Context) -> SharedCache {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<SharedCache>(Id::unique("tarjuman::rtl_text::LayoutCache"))
            .clone()
    })
}

fn cached_layout(
    ctx: &Context,
    text: &str,
    font: &FontId,
    direction: Direction,
    wrap_width: f32,
) -> Arc<RtlGalley> {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    font.hash(&mut hasher);
    direction.hash(&mut hasher);
    wrap_width.to_bits().hash(&mut hasher);
    ctx.pixels_per_point().to_bits().hash(&mut hasher);
    let key = hasher.finish();
    let frame = ctx.cumulative_frame_nr();

    let cache = shared_cache(ctx);
    {
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cache.frame != frame {
            cache.frame = frame;
            // Keep what was used in this or the previous frame.
            cache.entries.retain(|_, (used, _)| *used + 1 >= frame);
            let fill = ctx.fonts(|f| f.font_atlas_fill_ratio());
            if fill < cache.atlas_fill {
                cache.entries.clear();
            }
            cache.atlas_fill = fill;
        }
        if let Some((used, galley)) = cache.entries.get_mut(&key)
            && galley.text == text
        {
            *used = frame;
            return galley.clone();
        }
    }
    let galley = Arc::new(layout_uncached(ctx, text, font, direction, wrap_width));
    let mut cache = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.entries.insert(key, (frame, galley.clone()));
    galley
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    const MIXED: &str = "بايدن يتصل ببوتين 2021 Kaseya";

    thread_local! {
        /// How many paragraphs were laid out (cache misses) on this thread.
        pub(super) static LAYOUTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[derive(Default)]
    struct State {
        hovered: Option<usize>,
        clicked: Option<usize>,
        selection: Option<Range<usize>>,
        rects: Vec<Rect>,
        galley: Option<Arc<RtlGalley>>,
    }

    fn harness<'a>(text: &'static str, highlight: Range<usize>) -> Harness<'a, State> {
        Harness::builder()
            .with_size(vec2(400.0, 200.0))
            // Short steps, so two clicks a step apart make a double-click.
            .with_step_dt(1.0 / 30.0)
            .with_context_setup(install_fonts)
            .build_ui_state(
                move |ui, state: &mut State| {
                    let highlights = [Highlight {
                        range: highlight.clone(),
                        color: Color32::YELLOW,
                        id: 7,
                    }];
                    let out = RtlText::new(text)
                        .highlights(&highlights)
                        .selectable(true)
                        .id_salt("test")
                        .show(ui);
                    state.hovered = out.hovered_highlight;
                    state.clicked = state.clicked.or(out.clicked_highlight);
                    state.selection = out.selection.clone();
                    state.rects = out.range_rects(highlight.clone());
                    state.galley = Some(out.galley);
                },
                State::default(),
            )
    }

    #[test]
    fn found_by_its_text() {
        let mut h = harness(MIXED, 0..0);
        h.run();
        h.get_by_label(MIXED);
    }

    #[test]
    fn hover_and_click_report_the_highlight() {
        let kaseya = MIXED.find("Kaseya").unwrap();
        let mut h = harness(MIXED, kaseya..MIXED.len());
        h.run();
        let rects = h.state().rects.clone();
        assert_eq!(rects.len(), 1);
        // "Kaseya" is the leftmost word of the right-aligned line.
        let label = h.get_by_label(MIXED).rect();
        let arabic = h.state().rects[0];
        assert!(
            arabic.right() < label.right() - 50.0,
            "{arabic:?} in {label:?}"
        );

        h.hover_at(label.right_center() - vec2(5.0, 0.0));
        h.run();
        assert_eq!(h.state().hovered, None);
        h.hover_at(rects[0].center());
        h.run();
        assert_eq!(h.state().hovered, Some(7));
        h.event(Event::PointerButton {
            pos: rects[0].center(),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        });
        h.event(Event::PointerButton {
            pos: rects[0].center(),
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
        assert_eq!(h.state().clicked, Some(7));
    }

    #[test]
    fn drag_selects_whole_words_and_copies_logical_text() {
        // Highlight the first two words to learn where they are drawn.
        let second_end = MIXED.find(" ببوتين").unwrap();
        let mut h = harness(MIXED, 0..second_end);
        h.run();
        let r = h.state().rects[0];
        // From the middle of the first word (rightmost) into the middle of
        // the second: both words whole.
        let first = pos2(r.right() - 8.0, r.center().y);
        let second = pos2(r.left() + 8.0, r.center().y);
        h.drag_at(first);
        h.run();
        h.hover_at(second);
        h.run();
        h.drop_at(second);
        h.run();
        assert_eq!(h.state().selection, Some(0..second_end));

        h.event(Event::Copy);
        h.step();
        let copied: Vec<&String> = h
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|c| match c {
                egui::OutputCommand::CopyText(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(copied, vec!["بايدن يتصل"]);
    }

    #[test]
    fn double_click_selects_a_word() {
        let kaseya = MIXED.find("Kaseya").unwrap();
        let mut h = harness(MIXED, kaseya..MIXED.len());
        h.run();
        let c = h.state().rects[0].center();
        for _ in 0..2 {
            h.event(Event::PointerButton {
                pos: c,
                button: egui::PointerButton::Primary,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            });
            h.event(Event::PointerButton {
                pos: c,
                button: egui::PointerButton::Primary,
                pressed: false,
                modifiers: egui::Modifiers::NONE,
            });
            h.step();
        }
        h.run();
        assert_eq!(h.state().selection, Some(kaseya..MIXED.len()));
    }

    #[test]
    fn wraps_to_width_and_keeps_lines_in_reading_order() {
        let text = "دعا الرئيس الأميركي جو بايدن نظيره الروسي فلاديمير بوتين في اتصال هاتفي الجمعة إلى التحرك";
        let mut h = harness(text, 0.."دعا".len());
        h.set_size(vec2(200.0, 400.0));
        h.run();
        let first = h.state().rects[0];
        let label = h.get_by_label(text).rect();
        let galley = h.state().galley.clone().unwrap();
        assert!(galley.layout.lines.len() >= 2, "wrapped: {label:?}");
        assert!(label.width() <= 200.0);
        // Lines follow in logical order, top to bottom.
        let starts: Vec<usize> = galley.layout.lines.iter().map(|l| l.range.start).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        // The first word is at the top right.
        assert!((first.top() - label.top()).abs() < 1.0);
        assert!(first.right() > label.right() - 2.0, "{first:?} {label:?}");
    }

    #[test]
    fn unchanged_rows_are_not_laid_out_again() {
        let rows: Vec<String> = (0..10_000)
            .map(|i| format!("الفقرة رقم {i} عن هجمات Kaseya في حزيران/يونيو"))
            .collect();
        let mut h = Harness::builder()
            .with_size(vec2(500.0, 400.0))
            .with_context_setup(install_fonts)
            .build_ui(|ui| {
                egui::ScrollArea::vertical().show_rows(ui, 24.0, rows.len(), |ui, range| {
                    for i in range {
                        RtlText::new(&rows[i]).wrap(false).show(ui);
                    }
                });
            });
        h.run();
        let after_first = LAYOUTS.with(std::cell::Cell::get);
        assert!((1..100).contains(&after_first), "{after_first}");
        h.run_steps(10);
        assert_eq!(LAYOUTS.with(std::cell::Cell::get), after_first);
        // Scrolling lays out only the rows that come into view.
        h.hover_at(pos2(250.0, 200.0));
        h.event(Event::MouseWheel {
            source: egui::MouseWheelSource::Wheel,
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, -240.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
        });
        h.run();
        let after_scroll = LAYOUTS.with(std::cell::Cell::get);
        assert!(after_scroll > after_first && after_scroll < 2 * after_first + 20);
    }
}
