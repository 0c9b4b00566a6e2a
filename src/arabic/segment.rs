//! Sentence segmentation with byte spans into the original text.
//!
//! Rules: a line break always ends a segment; a sentence ends after
//! `. ! ? ؟ ۔ …` (and `...`), with any closing quotes or brackets right after
//! the mark kept in the sentence. No break inside numbers (3.5, 2,000), after
//! Latin abbreviations (U.S., Dr.) or one-letter Arabic abbreviations (د. م. ص.),
//! nor after an ellipsis or full stop followed by a lower-case word or a
//! continuation mark. A title line without punctuation is its own segment.
//!
//! Paragraphs: where the text separates paragraphs with blank lines, a
//! paragraph is a block of consecutive non-blank lines; where it has no blank
//! line at all (wire copy: one paragraph per line), every line is a paragraph.

/// One segment: a trimmed sentence span and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentSpan {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

const TERMINATORS: &[char] = &['.', '!', '?', '؟', '۔', '…'];
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '›', ')', ']', '}', '』', '」', '\u{FD3E}', '\u{FD3F}',
];
const CONTINUATIONS: &[char] = &[',', '،', ';', '؛', ':', '-', '–', '—'];
const LATIN_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc",
    "no", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "dept", "univ",
];

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Splits `text` into segments.
pub fn segment(text: &str) -> Vec<SegmentSpan> {
    let lines: Vec<(usize, &str)> = line_spans(text);
    let has_blank_lines = {
        let non_blank: Vec<bool> = lines
            .iter()
            .map(|(_, l)| !l.trim_matches(is_space).is_empty())
            .collect();
        let first = non_blank.iter().position(|b| *b);
        let last = non_blank.iter().rposition(|b| *b);
        match (first, last) {
            (Some(f), Some(l)) => non_blank[f..=l].iter().any(|b| !b),
            _ => false,
        }
    };

    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut in_paragraph = false;
    for (line_start, line) in lines {
        if line.trim_matches(is_space).is_empty() {
            if in_paragraph {
                paragraph += 1;
                in_paragraph = false;
            }
            continue;
        }
        if in_paragraph && !has_blank_lines {
            paragraph += 1;
        }
        in_paragraph = true;
        for (s, e) in split_line(line) {
            out.push(SegmentSpan {
                start: line_start + s,
                end: line_start + e,
                paragraph,
            });
        }
    }
    out
}

/// Lines with their start offsets, without their line terminators.
fn line_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '\n' | '\u{2029}' | '\u{2028}' | '\u{0085}') {
            out.push((start, text[start..i].trim_end_matches('\r')));
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push((start, text[start..].trim_end_matches('\r')));
    }
    out
}

/// Sentence spans inside one line (relative to the line), trimmed.
fn split_line(line: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let mut sentence_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !TERMINATORS.contains(&c) {
            i += 1;
            continue;
        }
        // The whole run of terminators (?!, ..., ؟!) and closers after it.
        let mark_start = i;
        let mut j = i;
        while j < chars.len() && TERMINATORS.contains(&chars[j].1) {
            j += 1;
        }
        while j < chars.len() && CLOSERS.contains(&chars[j].1) {
            j += 1;
        }
        if is_break(line, &chars, mark_start, j) {
            let end = chars.get(j).map_or(line.len(), |(o, _)| *o);
            push_trimmed(line, sentence_start, end, &mut out);
            sentence_start = end;
        }
        i = j.max(i + 1);
    }
    push_trimmed(line, sentence_start, line.len(), &mut out);
    out
}

/// Whether the terminators at `chars[mark..after]` (closers included) end a sentence.
fn is_break(line: &str, chars: &[(usize, char)], mark: usize, after: usize) -> bool {
    let Some(&(_, next)) = chars.get(after) else {
        return true; // end of line
    };
    // "3.5", "U.S.A", "example.com": a mark glued to the next word.
    if !is_space(next) {
        return false;
    }
    let marks: String = chars[mark..after].iter().map(|(_, c)| c).collect();
    let is_ellipsis = marks.contains('…') || marks.contains("..");
    let next_word = chars[after..]
        .iter()
        .map(|(_, c)| *c)
        .find(|c| !is_space(*c));
    if let Some(n) = next_word
        && (n.is_lowercase() || CONTINUATIONS.contains(&n))
    {
        return false;
    }
    if is_ellipsis {
        return true;
    }
    let only_full_stop = chars[mark].1 == '.' && marks.trim_end_matches(CLOSERS).len() == 1;
    if only_full_stop && after == mark + 1 {
        let word = word_before(line, chars[mark].0);
        if is_abbreviation(word) {
            return false;
        }
    }
    true
}

/// The run of non-space characters just before byte `at`.
fn word_before(line: &str, at: usize) -> &str {
    let before = &line[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| is_space(*c) || matches!(c, '(' | '[' | '"' | '“' | '«'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        // One letter: "U.S." ends in "S", "د." "م." are Arabic abbreviations.
        (Some(c), None) => c.is_alphabetic(),
        (Some(_), Some(_)) => {
            // "U.S", "i.e": dotted initials.
            if word.contains('.') {
                return true;
            }
            let lower = word.to_lowercase();
            word.chars().all(|c| c.is_ascii_alphabetic())
                && LATIN_ABBREVIATIONS.contains(&lower.as_str())
        }
        _ => false,
    }
}

fn push_trimmed(line: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &line[start..end];
    let trimmed = piece.trim_start_matches(is_space);
    let s = start + (piece.len() - trimmed.len());
    let trimmed = trimmed.trim_end_matches(is_space);
    if !trimmed.is_empty() {
        out.push((s, s + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<&str> {
        segment(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn arabic_question_mark_and_full_stop_end_sentences() {
        assert_eq!(
            texts("هل اتصل بايدن؟ نعم. ثم ماذا!"),
            ["هل اتصل بايدن؟", "نعم.", "ثم ماذا!"]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            texts("قال “جرت على ما يرام.” وأضاف (بوتين.) أمس."),
            ["قال “جرت على ما يرام.”", "وأضاف (بوتين.)", "أمس."]
        );
        assert_eq!(texts("المناقشة “جرت”. ولدى"), ["المناقشة “جرت”.", "ولدى"]);
    }

    #[test]
    fn no_break_inside_numbers_or_abbreviations() {
        assert_eq!(
            texts("ارتفع 3.5 في المئة إلى 2,000 دولار."),
            ["ارتفع 3.5 في المئة إلى 2,000 دولار."]
        );
        assert_eq!(
            texts("The U.S. and Dr. Smith met. Then left."),
            ["The U.S. and Dr. Smith met.", "Then left."]
        );
        assert_eq!(
            texts("قال د. محمد إن م. علي حضر. ثم غادر."),
            ["قال د. محمد إن م. علي حضر.", "ثم غادر."]
        );
    }

    #[test]
    fn ellipsis_breaks_unless_the_sentence_goes_on() {
        assert_eq!(texts("انتظر… ثم تكلم."), ["انتظر…", "ثم تكلم."]);
        assert_eq!(
            texts("wait... and then it came."),
            ["wait... and then it came."]
        );
        assert_eq!(texts("انتظر…، ثم تكلم."), ["انتظر…، ثم تكلم."]);
    }

    #[test]
    fn lines_always_end_segments_and_titles_stand_alone() {
        let text = "بايدن يحذر بوتين\n\nدعا الرئيس نظيره. وقال\nإنه سيرد.\n";
        assert_eq!(
            texts(text),
            ["بايدن يحذر بوتين", "دعا الرئيس نظيره.", "وقال", "إنه سيرد."]
        );
        let paragraphs: Vec<usize> = segment(text).iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 1, 1]);
    }

    #[test]
    fn every_line_is_a_paragraph_without_blank_lines() {
        let text = "الأول. الثاني.\r\nالثالث.";
        assert_eq!(texts(text), ["الأول.", "الثاني.", "الثالث."]);
        let paragraphs: Vec<usize> = segment(text).iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 0, 1]);
    }

    #[test]
    fn the_seed_has_22_segments_in_18_paragraphs() {
        let seed = include_str!("../../seeds/biden-putin-ransomware.ar.txt");
        let segments = segment(seed);
        assert_eq!(segments.len(), 22);
        assert_eq!(segments.last().unwrap().paragraph, 17);
        assert!(seed[segments[6].start..segments[6].end].ends_with("متفائل”."));
    }

    #[test]
    fn empty_and_blank_texts_have_no_segments() {
        assert!(segment("").is_empty());
        assert!(segment(" \n\t\n").is_empty());
    }

    proptest! {
        #[test]
        fn segments_are_ordered_disjoint_and_cover_every_non_space(
            text in "[ابتثجح ء٠-٩0-9a-zA-Z.!?؟…،,“”()\n\r\t ]{0,80}"
        ) {
            let segments = segment(&text);
            let mut previous_end = 0;
            let mut covered = vec![false; text.len()];
            for s in &segments {
                prop_assert!(s.start >= previous_end);
                prop_assert!(s.start < s.end);
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                let piece = &text[s.start..s.end];
                prop_assert_eq!(piece.trim(), piece);
                prop_assert!(!piece.contains('\n'));
                covered[s.start..s.end].iter_mut().for_each(|b| *b = true);
                previous_end = s.end;
            }
            for (i, c) in text.char_indices() {
                if !c.is_whitespace() {
                    prop_assert!(covered[i], "byte {} ({:?}) not in any segment", i, c);
                }
            }
            let mut paragraphs: Vec<usize> = segments.iter().map(|s| s.paragraph).collect();
            let sorted = { let mut p = paragraphs.clone(); p.sort(); p };
            prop_assert_eq!(&paragraphs, &sorted);
            paragraphs.dedup();
        }
    }
}
