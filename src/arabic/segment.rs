//! Sentence segmentation with byte spans into the original text.
//!
//! Rules: a line break always ends a segment; a sentence ends after
//! `. ! ? ؟ ۔ …` (and `...`), with any closing quotes or brackets right after
//! the mark kept in the sentence, whether a space follows or the next Arabic
//! word is typed straight after the mark (`انتهى.وقال`). No break inside
//! numbers (3.5, 2,000), web addresses, after Latin abbreviations (U.S., Dr.)
//! or one-letter Arabic abbreviations (د. م. ص.), nor after a full stop or
//! ellipsis followed by a lower-case word or a continuation mark. An
//! ellipsis is a pause rather than an end when a quotation still open at it
//! closes later on the line (`«الوضع صعب... لكن الحل ممكن»`) or when the
//! next word carries the thought on (لكن، بل، ثم، حتى، or a word with the
//! conjunction و or ف that is not a reporting verb or another opener of a
//! new sentence of wire copy, such as وقال، وأضاف، ومن، وفي). A title line without punctuation is its own
//! segment.
//!
//! Paragraphs are decided line by line, the same way in every file, so that
//! one blank line in a wire story (after its title, say) does not merge the
//! rest into one paragraph: a blank line always ends a paragraph, and so
//! does every line break, except after a line that was wrapped inside a
//! paragraph: one that does not end a sentence and is about as long as the
//! longest line of its block (hard-wrapped text, e-mail, a PDF copied line
//! by line).

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
/// Words that carry a sentence on after an ellipsis (normalised: hamza
/// seats and alef forms folded, no diacritics).
const CONTINUATION_WORDS: &[&str] = &[
    "لكن",
    "لكنه",
    "لكنها",
    "لكنهم",
    "بل",
    "ثم",
    "حتي",
    "او",
    "ام",
    "اذ",
    "الا",
    "غير",
];
/// Words that open a new sentence of wire copy after و or ف (وقال،
/// وأضافت، فأكد، ومن المقرر، وفي): after an ellipsis they start the next
/// sentence, where any other word with the conjunction carries the thought
/// on (…والثقة مفقودة). Reporting verbs (past and present), and the
/// openers of background paragraphs.
const SENTENCE_OPENERS: &[&str] = &[
    "قال",
    "اضاف",
    "تابع",
    "اكد",
    "اوضح",
    "اشار",
    "ذكر",
    "اعلن",
    "اعتبر",
    "شدد",
    "لفت",
    "نقل",
    "صرح",
    "راي",
    "كتب",
    "ختم",
    "رد",
    "اعرب",
    "طالب",
    "دعا",
    "حذر",
    "كشف",
    "نفي",
    "يقول",
    "تقول",
    "يري",
    "تري",
    "يضيف",
    "تضيف",
    "من",
    "في",
    "كان",
    "كانت",
    "بحسب",
    "حسب",
    "وفق",
    "وفقا",
    "ياتي",
    "تاتي",
    "يشار",
    "يذكر",
    "تجدر",
    "منذ",
    "خلال",
    "بعد",
    "قبل",
    "على",
];
/// A wrapped line is at least this share of the longest line of its block.
const WRAPPED_SHARE: f32 = 0.6;

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// An Arabic letter (not a digit, mark or punctuation of the Arabic block).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Splits `text` into segments.
pub fn segment(text: &str) -> Vec<SegmentSpan> {
    let lines: Vec<(usize, &str)> = line_spans(text);
    let continues = wrapped_lines(&lines);
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    for (n, &(line_start, line)) in lines.iter().enumerate() {
        if is_blank(line) {
            continue;
        }
        let spans = split_line(line);
        if spans.is_empty() {
            continue;
        }
        for (s, e) in spans {
            out.push(SegmentSpan {
                start: line_start + s,
                end: line_start + e,
                paragraph,
            });
        }
        if !continues[n] {
            paragraph += 1;
        }
    }
    out
}

fn is_blank(line: &str) -> bool {
    line.trim_matches(is_space).is_empty()
}

/// For each line, whether the paragraph goes on on the next line: the line
/// was wrapped (it ends inside a sentence and is about as long as the
/// longest line of its block of non-blank lines) and the next line is not
/// blank.
fn wrapped_lines(lines: &[(usize, &str)]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut block_start = 0;
    while block_start < lines.len() {
        if is_blank(lines[block_start].1) {
            block_start += 1;
            continue;
        }
        let block_end = (block_start..lines.len())
            .find(|&i| is_blank(lines[i].1))
            .unwrap_or(lines.len());
        let lengths: Vec<usize> = lines[block_start..block_end]
            .iter()
            .map(|(_, l)| l.trim_matches(is_space).chars().count())
            .collect();
        let longest = lengths.iter().copied().max().unwrap_or(0);
        for i in block_start..block_end.saturating_sub(1) {
            let line = lines[i].1.trim_end_matches(is_space);
            out[i] = !ends_sentence(line)
                && lengths[i - block_start] as f32 >= WRAPPED_SHARE * longest as f32;
        }
        block_start = block_end;
    }
    out
}

/// Whether a line ends with a sentence mark (closers and a colon count:
/// a colon at the end of a line introduces what follows as its own block).
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(CLOSERS)
        .chars()
        .next_back()
        .is_some_and(|c| TERMINATORS.contains(&c) || c == ':')
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
    let quotes = Quotes::new(&chars);
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
        if is_break(line, &chars, &quotes, mark_start, j) {
            let end = chars.get(j).map_or(line.len(), |(o, _)| *o);
            push_trimmed(line, sentence_start, end, &mut out);
            sentence_start = end;
        }
        i = j.max(i + 1);
    }
    push_trimmed(line, sentence_start, line.len(), &mut out);
    out
}

/// Where the quotations of a line are open: for every character, whether a
/// quotation opened before it closes at or after it, on the same line.
struct Quotes {
    inside: Vec<bool>,
}

impl Quotes {
    fn new(chars: &[(usize, char)]) -> Self {
        let mut inside = vec![false; chars.len() + 1];
        // Paired marks: « » and “ ”, nested or not; a straight " toggles.
        let mut open: Vec<usize> = Vec::new();
        let mut straight: Option<usize> = None;
        for (k, &(_, c)) in chars.iter().enumerate() {
            match c {
                '«' | '“' => open.push(k),
                '»' | '”' => {
                    if let Some(from) = open.pop() {
                        inside[from + 1..=k].iter_mut().for_each(|b| *b = true);
                    }
                }
                '"' => match straight.take() {
                    Some(from) => inside[from + 1..=k].iter_mut().for_each(|b| *b = true),
                    None => straight = Some(k),
                },
                _ => {}
            }
        }
        Quotes { inside }
    }

    /// Whether a quotation open at character `k` closes after it (not at it).
    fn open_at(&self, chars: &[(usize, char)], k: usize) -> bool {
        self.inside[k] && !matches!(chars.get(k).map(|(_, c)| *c), Some('»' | '”' | '"') | None)
    }
}

/// Whether the terminators at `chars[mark..after]` (closers included) end a sentence.
fn is_break(
    line: &str,
    chars: &[(usize, char)],
    quotes: &Quotes,
    mark: usize,
    after: usize,
) -> bool {
    let Some(&(_, next)) = chars.get(after) else {
        return true; // end of line
    };
    // "3.5", "U.S.A", "example.com": a mark glued to the next word, unless
    // that word is Arabic (typed Arabic often leaves out the space).
    let glued = !is_space(next);
    if glued && !is_arabic_letter(next) {
        return false;
    }
    let marks: String = chars[mark..after].iter().map(|(_, c)| c).collect();
    let is_ellipsis = marks.contains('…') || marks.contains("..");
    let next_word_start = chars[after..]
        .iter()
        .position(|(_, c)| !is_space(*c))
        .map(|k| after + k);
    if let Some(n) = next_word_start.map(|k| chars[k].1)
        && (n.is_lowercase() || CONTINUATIONS.contains(&n))
    {
        return false;
    }
    if is_ellipsis {
        if quotes.open_at(chars, after) {
            return false;
        }
        let next_word = next_word_start.map_or("", |k| word_at(line, chars[k].0));
        return !carries_on(next_word);
    }
    let only_full_stop = chars[mark].1 == '.' && marks.trim_end_matches(CLOSERS).len() == 1;
    // An abbreviation's stop follows its letter (not a quote or a bracket).
    let after_letter = mark > 0 && chars[mark - 1].1.is_alphabetic();
    if only_full_stop && after == mark + 1 && after_letter {
        let word = word_before(line, chars[mark].0);
        if is_abbreviation(word) {
            return false;
        }
    }
    true
}

/// The run of letters (and marks) starting at byte `at`.
fn word_at(line: &str, at: usize) -> &str {
    let rest = &line[at..];
    let end = rest
        .char_indices()
        .find(|(_, c)| {
            !c.is_alphanumeric() && !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
        })
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// Whether a word after an ellipsis carries the sentence on.
fn carries_on(word: &str) -> bool {
    let word = crate::arabic::normalize(word);
    if CONTINUATION_WORDS.contains(&word.as_str()) {
        return true;
    }
    let Some(rest) = word.strip_prefix('و').or_else(|| word.strip_prefix('ف')) else {
        return false;
    };
    if rest.chars().count() < 2 {
        return false;
    }
    if CONTINUATION_WORDS.contains(&rest) {
        return true;
    }
    // وقال، وقالت، فأكدت: a reporting verb opens the next sentence.
    let verb = rest.strip_suffix('ت').unwrap_or(rest);
    !(SENTENCE_OPENERS.contains(&rest) || SENTENCE_OPENERS.contains(&verb))
}

/// The run of non-space characters just before byte `at`.
fn word_before(line: &str, at: usize) -> &str {
    let before = &line[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| {
            is_space(*c)
                || matches!(c, '(' | '[' | '"' | '“' | '«')
                || TERMINATORS.contains(c) && *c != '.'
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        // One letter: "U.S." ends in "S", "د." "م." are Arabic abbreviations.
        (Some(c), None) => c.is_alphabetic(),
        // With the conjunction: "وأ.د." ("and Prof. Dr.").
        (Some('و'), Some(c)) if chars.next().is_none() => is_arabic_letter(c),
        (Some(_), Some(_)) => {
            // "U.S", "i.e", "ص.ب": dotted initials.
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
        assert_eq!(
            texts("انتظر… وقال إنه سيتكلم."),
            ["انتظر…", "وقال إنه سيتكلم."]
        );
        assert_eq!(
            texts("wait... and then it came."),
            ["wait... and then it came."]
        );
        assert_eq!(texts("انتظر…، ثم تكلم."), ["انتظر…، ثم تكلم."]);
    }

    #[test]
    fn a_mark_typed_straight_before_an_arabic_word_ends_the_sentence() {
        assert_eq!(
            texts("انتهى الاجتماع.وقال الوزير إنه راض؟وأضاف أنه متفائل!ثم غادر."),
            [
                "انتهى الاجتماع.",
                "وقال الوزير إنه راض؟",
                "وأضاف أنه متفائل!",
                "ثم غادر."
            ]
        );
        // After a closing quote, and after digits.
        assert_eq!(
            texts("وصفه بأنه “مفيد”.وتابع أن عام 2021.وانتهى"),
            ["وصفه بأنه “مفيد”.", "وتابع أن عام 2021.", "وانتهى"]
        );
    }

    #[test]
    fn a_one_letter_abbreviation_typed_without_a_space_does_not_end_it() {
        assert_eq!(
            texts("التقى د.خالد وأ.د.سامي ص.ب 1234 أمس.وغادرا"),
            ["التقى د.خالد وأ.د.سامي ص.ب 1234 أمس.", "وغادرا"]
        );
        // Latin and numbers glued to a full stop never break.
        assert_eq!(
            texts("زار example.com وكتب 3.5 و٣.٥ ثم v1.2.3 أمس."),
            ["زار example.com وكتب 3.5 و٣.٥ ثم v1.2.3 أمس."]
        );
    }

    #[test]
    fn an_ellipsis_inside_a_quotation_that_closes_later_is_a_pause() {
        assert_eq!(
            texts("قال: «الوضع صعب... لكن الحل ممكن». وأضاف: “ننتظر… نرى”. ثم غادر."),
            [
                "قال: «الوضع صعب... لكن الحل ممكن».",
                "وأضاف: “ننتظر… نرى”.",
                "ثم غادر."
            ]
        );
        // A quotation that does not close on the line is no quotation here.
        assert_eq!(
            texts("قال: «انتظروا... وقال آخر"),
            ["قال: «انتظروا...", "وقال آخر"]
        );
        // Closed by the mark's own closer: the ellipsis ends the sentence.
        assert_eq!(
            texts("اكتفى بالقول «سنرى...» وقال آخر إنه متفائل."),
            ["اكتفى بالقول «سنرى...»", "وقال آخر إنه متفائل."]
        );
    }

    #[test]
    fn an_ellipsis_before_a_word_that_carries_the_thought_on_is_a_pause() {
        for text in [
            "الوضع صعب... لكن الحل ممكن.",
            "الوضع صعب… بل معقد.",
            "انتهت المحادثات... ثم علقت.",
            "الثقة مفقودة... والحل بعيد.",
            "الوضع صعب...فالجميع ينتظر.",
            "تأخر الرد… ولكنّه جاء.",
        ] {
            assert_eq!(texts(text), [text], "{text}");
        }
        // Reporting verbs and other openers of wire copy start the next one.
        for (text, first) in [
            ("الوضع صعب... وقال الوزير إنه متفائل.", "الوضع صعب..."),
            ("الوضع صعب... وأضافت أنها متفائلة.", "الوضع صعب..."),
            ("الوضع صعب...ومن المتوقع أن يتحسن.", "الوضع صعب..."),
            ("الوضع صعب... وفي سياق متصل، أعلن.", "الوضع صعب..."),
            ("الوضع صعب... الحكومة تدرس الأمر.", "الوضع صعب..."),
        ] {
            assert_eq!(texts(text)[0], first, "{text}");
            assert_eq!(texts(text).len(), 2, "{text}");
        }
    }

    #[test]
    fn one_blank_line_does_not_merge_a_wire_story_into_one_paragraph() {
        let text = "عنوان الخبر\n\nالفقرة الأولى طويلة بعض الشيء.\nوالفقرة الثانية.\nوالثالثة.\n";
        let paragraphs: Vec<usize> = segment(text).iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 2, 3]);
        // The same story without the blank line, or with blank lines
        // everywhere, has the same paragraphs.
        for other in [
            "عنوان الخبر\nالفقرة الأولى طويلة بعض الشيء.\nوالفقرة الثانية.\nوالثالثة.\n",
            "عنوان الخبر\n\nالفقرة الأولى طويلة بعض الشيء.\n\nوالفقرة الثانية.\n\n\nوالثالثة.",
        ] {
            let p: Vec<usize> = segment(other).iter().map(|s| s.paragraph).collect();
            assert_eq!(p, paragraphs, "{other:?}");
        }
    }

    #[test]
    fn a_hard_wrapped_paragraph_stays_one_paragraph() {
        // Wrapped at about 40 characters, paragraphs apart by a blank line.
        let text = "دعا الرئيس الأميركي نظيره الروسي إلى\nالتحرك ضد القراصنة. وقال البيت الأبيض\nإن الاتصال استمر ساعة.\n\nوكان بايدن قد حذر في جنيف من\nالعواقب.";
        let segs = segment(text);
        let paragraphs: Vec<usize> = segs.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 0, 0, 0, 1, 1]);
    }

    /// Breaks as segment starts, in the text with the marks removed.
    fn marked(article: &str) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut breaks = Vec::new();
        let mut line_start = true;
        for c in article.trim_start_matches('\n').chars() {
            match c {
                '|' => breaks.push(text.len()),
                '\n' => {
                    text.push(c);
                    line_start = true;
                    continue;
                }
                _ => {
                    if line_start && !c.is_whitespace() {
                        breaks.push(text.len());
                    }
                    text.push(c);
                }
            }
            line_start = false;
        }
        breaks.dedup();
        (text, breaks)
    }

    #[test]
    fn held_out_wire_stories_are_segmented_as_a_reader_would() {
        #[derive(serde::Deserialize)]
        struct Articles {
            article: Vec<Article>,
        }
        #[derive(serde::Deserialize)]
        struct Article {
            name: String,
            paragraphs: usize,
            text: String,
        }
        let data: Articles =
            toml::from_str(include_str!("../../tests/data/segmentation.toml")).unwrap();
        assert!(data.article.len() >= 5);
        for article in &data.article {
            let (text, expected) = marked(&article.text);
            let segments = segment(&text);
            let found: Vec<usize> = segments.iter().map(|s| s.start).collect();
            let hits = found.iter().filter(|b| expected.contains(b)).count() as f64;
            let precision = hits / found.len() as f64;
            let recall = hits / expected.len() as f64;
            let f1 = 2.0 * precision * recall / (precision + recall);
            let shown: Vec<&str> = segments.iter().map(|s| &text[s.start..s.end]).collect();
            assert!(f1 >= 0.98, "{}: F1 {f1:.3}\n{shown:#?}", article.name);
            let paragraphs = segments.last().map_or(0, |s| s.paragraph + 1);
            assert_eq!(
                paragraphs, article.paragraphs,
                "{}: {shown:#?}",
                article.name
            );
        }
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
