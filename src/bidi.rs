//! Right-to-left paragraph layout without egui: bidi levels, line breaking by
//! measured width, visual reordering of runs.
//!
//! egui shapes Arabic (letters join) but has no bidirectional algorithm, so
//! every Arabic paragraph in the UI is laid out here first and only the
//! resulting pieces are handed to egui, one piece per galley.
//!
//! The layout works on byte ranges into the caller's text. The text itself is
//! never reordered, reversed or decorated with bidi control characters: what is
//! stored (and copied, and exported) is always the logical text.
//!
//! ```
//! use tarjuman::bidi::{Direction, layout_paragraph};
//!
//! let text = "بايدن يتصل ببوتين 2021 Kaseya";
//! // A fake font: every char is one unit wide.
//! let layout = layout_paragraph(text, Direction::Auto, f32::INFINITY, &mut |s, _rtl| {
//!     s.chars().count() as f32
//! });
//! assert!(layout.rtl);
//! let line = &layout.lines[0];
//! // Visual order, left to right: "Kaseya", " ", "2021", then the Arabic.
//! assert_eq!(&text[line.runs[0].range.clone()], "Kaseya");
//! assert_eq!(&text[line.runs[1].range.clone()], " ");
//! assert_eq!(&text[line.runs[2].range.clone()], "2021");
//! assert!(line.runs[3].rtl);
//! ```
//!
//! Terms: a *line* is one visual row; a *run* is a maximal stretch of one
//! embedding level within a line (rule L2 reorders runs); a *piece* is the unit
//! that is measured and drawn: a word (letters, digits and combining marks) or
//! a single other character (space, punctuation, bracket). Pieces never cross
//! run boundaries, so each piece is drawn as one directional unit.

use std::borrow::Cow;
use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

/// The base direction of a paragraph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From the first strong character (rules P2, P3); left-to-right if none.
    #[default]
    Auto,
    /// Force a left-to-right paragraph.
    Ltr,
    /// Force a right-to-left paragraph.
    Rtl,
}

/// The smallest measured and drawn unit: a word or one other character.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Byte range in the paragraph text (logical, never reversed).
    pub range: Range<usize>,
    /// Left edge, relative to the paragraph's left edge.
    pub x: f32,
    /// Advance width, as measured.
    pub width: f32,
}

/// A stretch of one direction within a line.
#[derive(Clone, Debug, PartialEq)]
pub struct VisualRun {
    /// Byte range in the paragraph text (logical, never reversed).
    pub range: Range<usize>,
    /// `true` for an odd (right-to-left) embedding level.
    pub rtl: bool,
    /// Left edge, relative to the paragraph's left edge.
    pub x: f32,
    /// Sum of the widths of the pieces.
    pub width: f32,
    /// The pieces of this run in visual order, left to right.
    pub pieces: Vec<Piece>,
}

impl VisualRun {
    /// Right edge, relative to the paragraph's left edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// One visual row of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Byte range in the paragraph text, including trailing whitespace.
    pub range: Range<usize>,
    /// Runs in visual order, left to right (after rules L1 and L2).
    pub runs: Vec<VisualRun>,
    /// Width without the trailing whitespace (which hangs outside the
    /// alignment edge).
    pub content_width: f32,
}

/// A laid-out paragraph: lines in reading order, top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphLayout {
    /// `true` if the paragraph level is right-to-left.
    pub rtl: bool,
    /// Lines in reading order, top to bottom. Never empty (an empty text has
    /// one empty line).
    pub lines: Vec<Line>,
    /// The width the lines are aligned in: right-to-left paragraphs have their
    /// lines' content flush with `align_width`, left-to-right ones with 0.
    pub align_width: f32,
}

/// Lays out one paragraph for display.
///
/// `max_width` is the wrap width (`f32::INFINITY` for no wrapping).
/// `measure(piece, rtl)` returns the advance width of `piece` laid out as one
/// directional run. The result is aligned in its natural width
/// ([`ParagraphLayout::natural_width`]); call [`ParagraphLayout::align`] to
/// right-align in a wider box.
pub fn layout_paragraph(
    text: &str,
    direction: Direction,
    max_width: f32,
    measure: &mut dyn FnMut(&str, bool) -> f32,
) -> ParagraphLayout {
    let default_level = match direction {
        Direction::Auto => None,
        Direction::Ltr => Some(Level::ltr()),
        Direction::Rtl => Some(Level::rtl()),
    };
    let info = ParagraphBidiInfo::new(text, default_level);
    let rtl = info.paragraph_level.is_rtl();

    if text.is_empty() {
        return ParagraphLayout {
            rtl,
            lines: vec![Line {
                range: 0..0,
                runs: Vec::new(),
                content_width: 0.0,
            }],
            align_width: 0.0,
        };
    }

    let mut pieces: Vec<Piece> = split_pieces(text, &info.levels)
        .into_iter()
        .map(|range| {
            let width = measure(&text[range.clone()], info.levels[range.start].is_rtl());
            Piece {
                range,
                x: 0.0,
                width,
            }
        })
        .collect();

    let line_pieces = break_lines(text, &info.levels, &mut pieces, max_width, measure);

    let mut lines: Vec<Line> = line_pieces
        .into_iter()
        .map(|piece_range| build_line(text, &info, &pieces[piece_range]))
        .collect();

    let natural = lines.iter().map(|l| l.content_width).fold(0.0, f32::max);
    // Lines were built starting at x = 0; shift right-to-left lines so their
    // content ends at the natural width.
    if rtl {
        for line in &mut lines {
            let total: f32 = line.runs.iter().map(|r| r.width).sum();
            shift_line(line, natural - total);
        }
    }
    ParagraphLayout {
        rtl,
        lines,
        align_width: natural,
    }
}

fn shift_line(line: &mut Line, dx: f32) {
    for run in &mut line.runs {
        run.x += dx;
        for piece in &mut run.pieces {
            piece.x += dx;
        }
    }
}

/// Is `c` part of a word (as opposed to a space, punctuation, a bracket)?
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || continues_grapheme(c)
}

/// Chars that never start a grapheme of their own (combining marks such as
/// the Arabic harakat).
fn continues_grapheme(c: char) -> bool {
    bidi_class(c) == BidiClass::NSM
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Splits `text` into pieces: maximal words of one level, and single other
/// chars.
fn split_pieces(text: &str, levels: &[Level]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_word = false;
    for (i, c) in text.char_indices() {
        let word = is_word_char(c);
        let joins_previous = match out.last() {
            Some(last) => {
                (word && prev_word && levels[last.start] == levels[i])
                    // A stray combining mark stays with its base char.
                    || (continues_grapheme(c) && levels[last.start] == levels[i])
            }
            None => false,
        };
        if joins_previous {
            if let Some(last) = out.last_mut() {
                last.end = i + c.len_utf8();
            }
        } else {
            out.push(i..i + c.len_utf8());
        }
        prev_word = word;
    }
    out
}

fn first_char(text: &str, range: &Range<usize>) -> char {
    text[range.clone()].chars().next().unwrap_or(' ')
}

/// Breaks the pieces into lines (ranges of piece indices), splitting a piece
/// that is wider than a line on its own at a char boundary.
fn break_lines(
    text: &str,
    levels: &[Level],
    pieces: &mut Vec<Piece>,
    max_width: f32,
    measure: &mut dyn FnMut(&str, bool) -> f32,
) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        // Width up to the end of the last non-space piece, and including spaces.
        let mut total = 0.0;
        // Latest piece index (> start) at which the line may be broken.
        let mut last_break: Option<usize> = None;
        let mut end = pieces.len();
        let mut j = start;
        while j < pieces.len() {
            let c = first_char(text, &pieces[j].range);
            if j > start && !is_space(c) {
                let prev = first_char(text, &pieces[j - 1].range);
                if is_space(prev) || prev == '-' || prev == '/' {
                    last_break = Some(j);
                }
            }
            if c == '\n' {
                end = j + 1;
                break;
            }
            if is_space(c) {
                total += pieces[j].width;
                j += 1;
                continue;
            }
            if total + pieces[j].width > max_width {
                if let Some(b) = last_break {
                    end = b;
                } else if j > start {
                    end = j;
                } else {
                    split_piece(text, levels, pieces, j, max_width, measure);
                    end = j + 1;
                }
                break;
            }
            total += pieces[j].width;
            j += 1;
        }
        lines.push(start..end);
        start = end;
    }
    lines
}

/// Splits `pieces[j]` after the longest prefix of graphemes that fits
/// `max_width` (at least one grapheme).
fn split_piece(
    text: &str,
    levels: &[Level],
    pieces: &mut Vec<Piece>,
    j: usize,
    max_width: f32,
    measure: &mut dyn FnMut(&str, bool) -> f32,
) {
    let range = pieces[j].range.clone();
    let rtl = levels[range.start].is_rtl();
    let mut split_at: Option<(usize, f32)> = None;
    for (offset, c) in text[range.clone()].char_indices().skip(1) {
        if continues_grapheme(c) {
            continue;
        }
        let at = range.start + offset;
        let width = measure(&text[range.start..at], rtl);
        if width > max_width && split_at.is_some() {
            break;
        }
        split_at = Some((at, width));
        if width > max_width {
            break;
        }
    }
    if let Some((at, width)) = split_at {
        let rest_width = measure(&text[at..range.end], rtl);
        pieces[j] = Piece {
            range: range.start..at,
            x: 0.0,
            width,
        };
        pieces.insert(
            j + 1,
            Piece {
                range: at..range.end,
                x: 0.0,
                width: rest_width,
            },
        );
    }
}

/// Builds one line from its pieces (in logical order), left edge at x = 0.
fn build_line(text: &str, info: &ParagraphBidiInfo<'_>, pieces: &[Piece]) -> Line {
    let range = pieces[0].range.start..pieces[pieces.len() - 1].range.end;
    let (levels, level_runs) = info.visual_runs(range.clone());

    let trailing_space: f32 = pieces
        .iter()
        .rev()
        .take_while(|p| is_space(first_char(text, &p.range)))
        .map(|p| p.width)
        .sum();
    let total: f32 = pieces.iter().map(|p| p.width).sum();

    let mut x = 0.0;
    let mut runs = Vec::with_capacity(level_runs.len());
    for run_range in level_runs {
        let rtl = levels[run_range.start].is_rtl();
        // Pieces never cross a level change (they are split by level, and
        // rule L1 only changes single whitespace pieces).
        let first = pieces.partition_point(|p| p.range.start < run_range.start);
        let last = pieces.partition_point(|p| p.range.start < run_range.end);
        let mut run_pieces: Vec<Piece> = pieces[first..last].to_vec();
        if rtl {
            run_pieces.reverse();
        }
        let run_x = x;
        for piece in &mut run_pieces {
            piece.x = x;
            x += piece.width;
        }
        runs.push(VisualRun {
            range: run_range,
            rtl,
            x: run_x,
            width: x - run_x,
            pieces: run_pieces,
        });
    }
    Line {
        range,
        runs,
        content_width: total - trailing_space,
    }
}

impl Line {
    /// Left edge of the drawn content (trailing whitespace excluded).
    pub fn content_left(&self, rtl_paragraph: bool) -> f32 {
        let left = self.runs.first().map_or(0.0, |r| r.x);
        let right = self.runs.last().map_or(0.0, VisualRun::right);
        if rtl_paragraph {
            right - self.content_width
        } else {
            left
        }
    }

    /// All pieces of the line in visual order, left to right, with whether
    /// their run is right-to-left.
    pub fn pieces(&self) -> impl Iterator<Item = (&Piece, bool)> {
        self.runs
            .iter()
            .flat_map(|run| run.pieces.iter().map(move |p| (p, run.rtl)))
    }
}

impl ParagraphLayout {
    /// The width of the widest line, trailing whitespace excluded.
    pub fn natural_width(&self) -> f32 {
        self.lines
            .iter()
            .map(|l| l.content_width)
            .fold(0.0, f32::max)
    }

    /// Re-aligns the lines in a box of `width`: right-to-left paragraphs are
    /// flush right (with `width`), left-to-right ones flush left (with 0).
    pub fn align(&mut self, width: f32) {
        if self.rtl {
            let dx = width - self.align_width;
            for line in &mut self.lines {
                shift_line(line, dx);
            }
        }
        self.align_width = width;
    }

    /// The line that holds byte offset `byte` (a caret position; the end of
    /// the text is on the last line).
    pub fn line_of_byte(&self, byte: usize) -> usize {
        self.lines
            .iter()
            .position(|l| byte < l.range.end)
            .unwrap_or(self.lines.len() - 1)
    }

    /// The x extents `(left, right)` of a byte range within one piece.
    /// Partial pieces are interpolated by char count (right-to-left pieces
    /// from their right edge).
    fn piece_span(text: &str, piece: &Piece, rtl: bool, range: &Range<usize>) -> (f32, f32) {
        let s = range.start.max(piece.range.start);
        let e = range.end.min(piece.range.end);
        let piece_text = &text[piece.range.clone()];
        let n = piece_text.chars().count().max(1) as f32;
        let chars_before = |b: usize| text[piece.range.start..b].chars().count() as f32;
        let f0 = chars_before(s) / n;
        let f1 = chars_before(e) / n;
        if rtl {
            (
                piece.x + piece.width * (1.0 - f1),
                piece.x + piece.width * (1.0 - f0),
            )
        } else {
            (piece.x + piece.width * f0, piece.x + piece.width * f1)
        }
    }

    /// The visual extents of `range`: one `(line, left, right)` per line and
    /// per contiguous visual stretch. Use it for highlight and selection rects.
    pub fn range_spans(&self, text: &str, range: Range<usize>) -> Vec<(usize, f32, f32)> {
        let mut out: Vec<(usize, f32, f32)> = Vec::new();
        if range.is_empty() {
            return out;
        }
        for (line_index, line) in self.lines.iter().enumerate() {
            if line.range.end <= range.start || range.end <= line.range.start {
                continue;
            }
            for (piece, rtl) in line.pieces() {
                if piece.range.end <= range.start || range.end <= piece.range.start {
                    continue;
                }
                let (l, r) = Self::piece_span(text, piece, rtl, &range);
                match out.last_mut() {
                    Some(last) if last.0 == line_index && (last.2 - l).abs() < 0.01 => {
                        last.2 = r;
                    }
                    _ => out.push((line_index, l, r)),
                }
            }
        }
        out
    }

    /// The caret position of byte offset `byte`: `(line, x)`. For a
    /// right-to-left char the caret before it is on its right.
    pub fn byte_to_x(&self, text: &str, byte: usize) -> (usize, f32) {
        let line_index = self.line_of_byte(byte);
        let line = &self.lines[line_index];
        for (piece, rtl) in line.pieces() {
            if piece.range.start <= byte && byte < piece.range.end {
                let (l, r) = Self::piece_span(text, piece, rtl, &(byte..byte));
                debug_assert!((l - r).abs() < 0.001);
                return (line_index, l);
            }
        }
        // End of the text (or of a line): after the last logical piece.
        let last = line.pieces().max_by_key(|(p, _)| p.range.start);
        let x = match last {
            Some((p, true)) => p.x,
            Some((p, false)) => p.x + p.width,
            None => line.content_left(self.rtl),
        };
        (line_index, x)
    }

    /// The caret byte offset nearest to `x` on line `line_index` (a char
    /// boundary).
    pub fn hit_byte(&self, text: &str, line_index: usize, x: f32) -> usize {
        let Some(line) = self.lines.get(line_index.min(self.lines.len() - 1)) else {
            return 0;
        };
        let mut best: Option<(f32, &Piece, bool)> = None;
        for (piece, rtl) in line.pieces() {
            let distance = if x < piece.x {
                piece.x - x
            } else if x > piece.x + piece.width {
                x - piece.x - piece.width
            } else {
                0.0
            };
            if best.is_none_or(|(d, _, _)| distance < d) {
                best = Some((distance, piece, rtl));
            }
        }
        let Some((_, piece, rtl)) = best else {
            return line.range.start;
        };
        let piece_text = &text[piece.range.clone()];
        let n = piece_text.chars().count();
        let mut fraction = if piece.width > 0.0 {
            ((x - piece.x) / piece.width).clamp(0.0, 1.0)
        } else {
            0.0
        };
        if rtl {
            fraction = 1.0 - fraction;
        }
        // Round to the nearest char boundary (the value is within 0..=n).
        let chars = (fraction * n as f32).round() as usize;
        piece_text
            .char_indices()
            .nth(chars)
            .map_or(piece.range.end, |(i, _)| piece.range.start + i)
    }

    /// The byte range of the piece under `x` on line `line_index`, if `x` is
    /// within a piece (not in the hanging whitespace or beyond the text).
    pub fn piece_at(&self, line_index: usize, x: f32) -> Option<Range<usize>> {
        let line = self.lines.get(line_index)?;
        line.pieces()
            .find(|(p, _)| p.x <= x && x < p.x + p.width)
            .map(|(p, _)| p.range.clone())
    }

    /// The word under `(line, x)`, or the nearest caret position as an empty
    /// range when that is not on a word.
    pub fn hit_word(&self, text: &str, line_index: usize, x: f32) -> Range<usize> {
        if let Some(piece) = self.piece_at(line_index, x) {
            return word_at(text, piece.start);
        }
        let byte = self.hit_byte(text, line_index, x);
        byte..byte
    }
}

/// The word that contains the char starting at `byte`, or the empty range at
/// `byte` when that char is not a word char.
pub fn word_at(text: &str, byte: usize) -> Range<usize> {
    let Some(c) = text.get(byte..).and_then(|s| s.chars().next()) else {
        return byte..byte;
    };
    if !is_word_char(c) {
        return byte..byte;
    }
    let start = text[..byte]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(byte, |(i, _)| i);
    let end = text[byte..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| byte + i);
    start..end
}

/// All words of `text` (maximal runs of word chars), in logical order.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if !is_word_char(c) {
            continue;
        }
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if prev_end == Some(i) => last.end = end,
            _ => out.push(i..end),
        }
        prev_end = Some(end);
    }
    out
}

/// The char drawn in place of `c` in a right-to-left run (Unicode
/// Bidi_Mirroring_Glyph, for the brackets Arabic text uses), if it differs.
pub fn mirrored(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => return None,
    })
}

/// The string to hand to the shaper for a piece: in a right-to-left run the
/// mirrored brackets are swapped (rule L4). Only for display: the stored text
/// is never changed.
pub fn display_text(piece: &str, rtl: bool) -> Cow<'_, str> {
    if rtl && piece.chars().any(|c| mirrored(c).is_some()) {
        Cow::Owned(piece.chars().map(|c| mirrored(c).unwrap_or(c)).collect())
    } else {
        Cow::Borrowed(piece)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(s: &str, _rtl: bool) -> f32 {
        s.chars().count() as f32
    }

    fn layout(text: &str, direction: Direction, width: f32) -> ParagraphLayout {
        layout_paragraph(text, direction, width, &mut unit)
    }

    /// The text of each run of each line, in visual order.
    fn visual_runs(text: &str, layout: &ParagraphLayout) -> Vec<Vec<String>> {
        layout
            .lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| text[r.range.clone()].to_owned())
                    .collect()
            })
            .collect()
    }

    /// The line in visual order per unicode-bidi's per-char levels (rule L1)
    /// and `reorder_visual` (rule L2). (`reorder_line` is not used as the
    /// oracle: it skips rule L1 when the line has no odd level before it.)
    fn expected_visual(info: &ParagraphBidiInfo<'_>, text: &str, line: &Range<usize>) -> String {
        let levels = info.reordered_levels(line.clone());
        let chars: Vec<(usize, char)> = text[line.clone()]
            .char_indices()
            .map(|(i, c)| (line.start + i, c))
            .collect();
        let char_levels: Vec<Level> = chars.iter().map(|&(i, _)| levels[i]).collect();
        ParagraphBidiInfo::reorder_visual(&char_levels)
            .into_iter()
            .map(|i| chars[i].1)
            .collect()
    }

    /// A line as a string in visual order, left to right (right-to-left runs
    /// reversed char by char), built from the pieces.
    fn visual_string(text: &str, line: &Line) -> String {
        let mut out = String::new();
        for (piece, rtl) in line.pieces() {
            let s = &text[piece.range.clone()];
            if rtl {
                out.extend(s.chars().rev());
            } else {
                out.push_str(s);
            }
        }
        out
    }

    #[test]
    fn mixed_line_reads_kaseya_2021() {
        let text = "بايدن يتصل ببوتين 2021 Kaseya";
        let l = layout(text, Direction::Auto, f32::INFINITY);
        assert!(l.rtl);
        assert_eq!(
            visual_runs(text, &l),
            vec![vec!["Kaseya", " ", "2021", "بايدن يتصل ببوتين "]]
        );
        let line = &l.lines[0];
        assert!(!line.runs[0].rtl && !line.runs[2].rtl && line.runs[3].rtl);
        // Pieces of the Arabic run: right to left, so the first word is last.
        let arabic: Vec<&str> = line.runs[3]
            .pieces
            .iter()
            .map(|p| &text[p.range.clone()])
            .collect();
        assert_eq!(arabic, vec![" ", "ببوتين", " ", "يتصل", " ", "بايدن"]);
        // Runs are adjacent and the line is flush right at its natural width.
        let mut x = 0.0;
        for run in &line.runs {
            assert!((run.x - x).abs() < 1e-4);
            x = run.right();
        }
        assert!((x - l.natural_width()).abs() < 1e-4);
    }

    #[test]
    fn matches_unicode_bidi_reorder_line() {
        for text in [
            "بايدن يتصل ببوتين 2021 Kaseya",
            "أبلغتهُ (بوتين) بأن لدينا",
            "قمة في جنيف مع بوتين منتصف حزيران/يونيو، ووعد بالرد",
            "The Kaseya attack (كاسيا) hit 1,500 firms.",
            "«برمجيات الفدية» [REvil] عام ٢٠٢١ و2021-07-09!",
        ] {
            let l = layout(text, Direction::Auto, f32::INFINITY);
            let info = ParagraphBidiInfo::new(text, None);
            for line in &l.lines {
                assert_eq!(
                    visual_string(text, line),
                    info.reorder_line(line.range.clone()),
                    "{text}"
                );
                assert_eq!(
                    visual_string(text, line),
                    expected_visual(&info, text, &line.range),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn brackets_are_their_own_pieces_and_mirror_in_rtl() {
        let text = "أبلغتهُ (بوتين) بأن لدينا";
        let l = layout(text, Direction::Auto, f32::INFINITY);
        let line = &l.lines[0];
        assert_eq!(line.runs.len(), 1);
        let pieces: Vec<String> = line
            .pieces()
            .map(|(p, rtl)| display_text(&text[p.range.clone()], rtl).into_owned())
            .collect();
        // Left to right: "لدينا", " ", "بأن", " ", "(" (the logical ")"),
        // "بوتين", ")" (the logical "("), " ", "أبلغتهُ".
        assert_eq!(
            pieces,
            vec!["لدينا", " ", "بأن", " ", "(", "بوتين", ")", " ", "أبلغتهُ"]
        );
        // The stored text is untouched.
        assert_eq!(text, "أبلغتهُ (بوتين) بأن لدينا");
        assert_eq!(display_text("(a)", false), "(a)");
    }

    #[test]
    fn wrapped_rtl_paragraph_keeps_reading_order() {
        let text = "دعا الرئيس الأميركي جو بايدن نظيره الروسي فلاديمير بوتين";
        let l = layout(text, Direction::Auto, 12.0);
        assert!(l.lines.len() > 2);
        // First line holds the first words; lines follow in logical order.
        assert!(text[l.lines[0].range.clone()].starts_with("دعا الرئيس"));
        for pair in l.lines.windows(2) {
            assert_eq!(pair[0].range.end, pair[1].range.start);
        }
        assert_eq!(l.lines.last().map(|l| l.range.end), Some(text.len()));
        for line in &l.lines {
            assert!(line.content_width <= 12.0, "{line:?}");
            // Flush right: the rightmost piece ends at the align width.
            let right = line.runs.last().map(VisualRun::right).unwrap_or_default();
            assert!((right - l.align_width).abs() < 1e-4);
            // The first word of the line is the rightmost piece.
            let (rightmost, _) = line.pieces().last().unwrap();
            assert_eq!(rightmost.range.start, line.range.start);
        }
    }

    #[test]
    fn ltr_paragraph_is_flush_left_in_logical_order() {
        let text = "Biden urged Putin to act against ransomware gangs.";
        let mut l = layout(text, Direction::Auto, 19.0);
        l.align(30.0);
        assert!(!l.rtl);
        for line in &l.lines {
            assert_eq!(line.runs.len(), 1);
            assert!(!line.runs[0].rtl);
            assert!(line.runs[0].x.abs() < 1e-6);
            let starts: Vec<usize> = line.pieces().map(|(p, _)| p.range.start).collect();
            assert!(starts.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(&text[l.lines[0].range.clone()], "Biden urged Putin ");
    }

    #[test]
    fn breaks_after_slash_and_hyphen_and_inside_long_words() {
        let text = "حزيران/يونيو";
        let l = layout(text, Direction::Auto, 8.0);
        assert_eq!(&text[l.lines[0].range.clone()], "حزيران/");
        let text = "well-known";
        let l = layout(text, Direction::Auto, 6.0);
        assert_eq!(&text[l.lines[0].range.clone()], "well-");
        let text = "abcdefghij";
        let l = layout(text, Direction::Auto, 4.0);
        let lines: Vec<&str> = l.lines.iter().map(|l| &text[l.range.clone()]).collect();
        assert_eq!(lines, vec!["abcd", "efgh", "ij"]);
        // Combining marks stay with their letter.
        let text = "أَبْلَغَتْهُ";
        let l = layout(text, Direction::Auto, 1.0);
        for line in &l.lines {
            let first = text[line.range.clone()].chars().next().unwrap();
            assert!(!continues_grapheme(first));
        }
    }

    #[test]
    fn forced_direction_and_empty_text() {
        let l = layout("2021", Direction::Rtl, f32::INFINITY);
        assert!(l.rtl);
        let l = layout("كاسيا", Direction::Ltr, f32::INFINITY);
        assert!(!l.rtl);
        assert!(l.lines[0].runs[0].rtl);
        let l = layout("", Direction::Auto, 10.0);
        assert_eq!(l.lines.len(), 1);
        assert!(l.lines[0].runs.is_empty());
        assert_eq!(l.byte_to_x("", 0), (0, 0.0));
        assert_eq!(l.hit_byte("", 0, 5.0), 0);
    }

    #[test]
    fn hard_line_break() {
        let text = "سطر أول\nسطر ثان";
        let l = layout(text, Direction::Auto, f32::INFINITY);
        assert_eq!(l.lines.len(), 2);
        assert_eq!(&text[l.lines[1].range.clone()], "سطر ثان");
    }

    #[test]
    fn hit_testing_round_trips() {
        let text = "بايدن يتصل ببوتين 2021 Kaseya";
        let l = layout(text, Direction::Auto, f32::INFINITY);
        let kaseya = text.find("Kaseya").unwrap();
        let year = text.find("2021").unwrap();
        // "Kaseya" is at the left: x in 0..6.
        assert_eq!(l.hit_word(text, 0, 2.5), kaseya..text.len());
        // The first Arabic word is at the right end.
        let right = l.natural_width();
        assert_eq!(&text[l.hit_word(text, 0, right - 1.0)], "بايدن");
        // Caret before the first char of a right-to-left word is on its right.
        let (line, x) = l.byte_to_x(text, 0);
        assert_eq!(line, 0);
        assert!((x - right).abs() < 1e-4);
        assert_eq!(l.hit_byte(text, 0, right), 0);
        // Caret positions round-trip.
        for (i, _) in text.char_indices() {
            let (line, x) = l.byte_to_x(text, i);
            let back = l.hit_byte(text, line, x);
            let (_, x2) = l.byte_to_x(text, back);
            assert!((x - x2).abs() < 1e-3, "byte {i}");
        }
        // "2021" spans x 7..11 and "Kaseya 2021" is contiguous on screen.
        assert_eq!(l.range_spans(text, year..year + 4), vec![(0, 7.0, 11.0)]);
        assert_eq!(l.range_spans(text, year..text.len()), vec![(0, 0.0, 11.0)]);
        // Half of the first Arabic word: its right half on screen.
        let spans = l.range_spans(text, 0.."با".len());
        assert_eq!(spans, vec![(0, right - 2.0, right)]);
    }

    #[test]
    fn word_helpers() {
        let text = "قال: «برمجيات الفدية» 2021";
        let w = words(text);
        let ws: Vec<&str> = w.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(ws, vec!["قال", "برمجيات", "الفدية", "2021"]);
        let i = text.find("الفدية").unwrap();
        assert_eq!(word_at(text, i + 2), i..i + "الفدية".len());
        let colon = text.find(':').unwrap();
        assert_eq!(word_at(text, colon), colon..colon);
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "بايدن",
                "يتصل",
                "ببوتين",
                "الروسية",
                "أبلغتهُ",
                "لدينا",
                "حزيران",
                "كاسيا",
                "ٱلْإِجْرَاءَات",
            ])
            .prop_map(str::to_owned),
            "[a-zA-Z]{1,9}",
            "[0-9]{1,5}",
            "[٠-٩]{1,4}",
            prop::sample::select(vec![
                " ", " ", " ", "  ", "(", ")", "[", "]", "«", "»", "،", ".", ",", "-", "/", ":",
                "!", "“", "”", "%", "+", "$", "\t",
            ])
            .prop_map(str::to_owned),
        ]
    }

    fn paragraph() -> impl Strategy<Value = String> {
        prop::collection::vec(token(), 0..40).prop_map(|t| t.concat())
    }

    proptest! {
        #[test]
        fn every_byte_drawn_once_in_reading_order(
            text in paragraph(),
            width in 1.0f32..40.0,
            direction in prop::sample::select(vec![Direction::Auto, Direction::Ltr, Direction::Rtl]),
        ) {
            let l = layout(&text, direction, width);
            let info = ParagraphBidiInfo::new(
                &text,
                match direction {
                    Direction::Auto => None,
                    Direction::Ltr => Some(Level::ltr()),
                    Direction::Rtl => Some(Level::rtl()),
                },
            );
            // Lines tile the text in reading order.
            let mut expected_start = 0;
            for line in &l.lines {
                prop_assert_eq!(line.range.start, expected_start);
                expected_start = line.range.end;
            }
            prop_assert_eq!(expected_start, text.len());

            let mut pieces: Vec<Range<usize>> = Vec::new();
            let mut runs: Vec<Range<usize>> = Vec::new();
            for line in &l.lines {
                if line.range.is_empty() {
                    continue;
                }
                // Visual order equals unicode-bidi's reordering of the line.
                prop_assert_eq!(
                    visual_string(&text, line),
                    expected_visual(&info, &text, &line.range)
                );
                // Pieces are adjacent left to right.
                let mut x: Option<f32> = None;
                for (piece, _) in line.pieces() {
                    if let Some(x) = x {
                        prop_assert!((piece.x - x).abs() < 1e-3);
                    }
                    x = Some(piece.x + piece.width);
                    prop_assert!(text.is_char_boundary(piece.range.start));
                    pieces.push(piece.range.clone());
                }
                runs.extend(line.runs.iter().map(|r| r.range.clone()));
                // A line is within the width unless it holds a single
                // grapheme-ish unit.
                if line.content_width > width + 1e-3 {
                    let words: Vec<_> = line.pieces().filter(|(p, _)| !text[p.range.clone()].trim().is_empty()).collect();
                    prop_assert!(words.len() <= 1 || line.content_width <= width + 1e-3, "{:?}", line);
                }
            }
            // Every byte is drawn exactly once, by pieces and by runs.
            for mut ranges in [pieces, runs] {
                ranges.sort_by_key(|r| r.start);
                let mut at = 0;
                for r in ranges {
                    prop_assert_eq!(r.start, at);
                    prop_assert!(r.end > r.start);
                    at = r.end;
                }
                prop_assert_eq!(at, text.len());
            }
        }
    }
}
