//! The individual checks.

use std::ops::Range;

use super::english::{self, Word};
use super::numbers::{numbers, scaled, word_value};
use super::{Check, Qa, QaIssue};
use crate::arabic::normalize;
use crate::document::{Document, Status};

/// The comparison key of an Arabic sentence for consistency: normalised,
/// whitespace collapsed.
pub(super) fn sentence_key(arabic: &str) -> String {
    normalize(arabic)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// English compared for consistency: whitespace collapsed.
fn english_key(en: &str) -> String {
    en.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0621}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFC}')
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

struct Issues<'a> {
    doc: &'a Document,
    index: usize,
    out: Vec<QaIssue>,
}

impl Issues<'_> {
    fn push(
        &mut self,
        check: Check,
        words: impl Into<String>,
        message: impl Into<String>,
        ar_range: Option<Range<usize>>,
        en_range: Option<Range<usize>>,
    ) {
        let words = words.into();
        // One issue per check and words in a segment.
        if self
            .out
            .iter()
            .any(|i| i.check == check && *i.words == *words)
        {
            return;
        }
        self.out.push(QaIssue {
            segment_index: self.index,
            segment_id: self.doc.segments[self.index].id,
            check,
            severity: check.severity(),
            words: words.into(),
            message: message.into(),
            ar_range,
            en_range,
        });
    }
}

/// The issues of segment `index` from every check that looks at it alone.
pub(super) fn segment_issues(qa: &Qa, doc: &Document, index: usize) -> Vec<QaIssue> {
    let segment = &doc.segments[index];
    let ar = doc.source_of(index);
    let en = segment.en.as_str();
    let mut issues = Issues {
        doc,
        index,
        out: Vec::new(),
    };
    if en.trim().is_empty() {
        if !ar.trim().is_empty() {
            let message = match segment.status {
                Status::Untranslated => "not translated yet".to_string(),
                status => format!("marked {} but the English is empty", status.label()),
            };
            issues.push(Check::Untranslated, "", message, None, None);
        }
        return issues.out;
    }
    let words = english::words(en);
    terminology(qa, ar, &words, &mut issues);
    number_check(ar, en, &words, &mut issues);
    identical(ar, en, &mut issues);
    arabic_letters(en, &mut issues);
    punctuation(ar, en, &mut issues);
    doubled_spaces(en, &mut issues);
    unbalanced(en, &mut issues);
    issues.out
}

fn terminology(qa: &Qa, ar: &str, words: &[Word], issues: &mut Issues) {
    let mut seen_terms = Vec::new();
    for m in qa.matcher.find(ar) {
        if seen_terms.contains(&m.term) {
            continue;
        }
        seen_terms.push(m.term);
        let Some(rule) = qa.rule(m.term) else {
            continue;
        };
        let matched = &ar[m.start..m.end];
        for forbidden in &rule.forbidden {
            if let Some(range) = forbidden.find(words) {
                issues.push(
                    Check::ForbiddenTerm,
                    format!("{matched} → {}", forbidden.shown),
                    format!(
                        "“{}” is not to be used for {} (glossary)",
                        forbidden.shown, qa.terms[m.term].ar
                    ),
                    Some(m.start..m.end),
                    Some(range),
                );
            }
        }
        if rule.required.is_empty() || rule.required.iter().any(|r| r.find(words).is_some()) {
            continue;
        }
        let expected: Vec<String> = rule
            .required
            .iter()
            .map(|r| format!("“{}”", r.shown))
            .collect();
        if rule.ambiguous {
            issues.push(
                Check::AmbiguousTerm,
                format!("{matched} → {}", rule.required[0].shown),
                format!(
                    "{matched} may be the glossary's {}, but its note gives it other senses: check which is meant",
                    expected.join(", ")
                ),
                Some(m.start..m.end),
                None,
            );
            continue;
        }
        issues.push(
            Check::Terminology,
            format!("{matched} → {}", rule.required[0].shown),
            format!(
                "{matched} is in the glossary; the English has none of {}",
                expected.join(", ")
            ),
            Some(m.start..m.end),
            None,
        );
    }
}

fn number_check(ar: &str, en: &str, words: &[Word], issues: &mut Issues) {
    let en_numbers = numbers(en, false);
    for n in en_numbers.iter().filter(|n| n.arabic_digits) {
        issues.push(
            Check::Number,
            &en[n.range.clone()],
            format!(
                "{} in the English is written with Arabic-Indic digits",
                &en[n.range.clone()]
            ),
            None,
            Some(n.range.clone()),
        );
    }
    let spelled: Vec<String> = words
        .iter()
        .filter_map(|w| word_value(&en[w.range.clone()]).map(|v| v.to_string()))
        .collect();
    for n in numbers(ar, true) {
        let written = &ar[n.range.clone()];
        let mut accepted = vec![n.value.clone()];
        if n.scale > 0 {
            accepted.push(scaled(&n.value, n.scale));
        }
        let found = en_numbers.iter().find(|e| accepted.contains(&e.value));
        match found {
            None if spelled.contains(&n.value) && !n.percent => {}
            None => {
                let shown = if n.percent {
                    format!("{}%", n.value)
                } else {
                    n.value.clone()
                };
                issues.push(
                    Check::Number,
                    written,
                    format!("{written} ({shown}) is not in the English"),
                    Some(n.range.clone()),
                    None,
                );
            }
            Some(e) if n.percent && !e.percent => {
                issues.push(
                    Check::Number,
                    format!("{written}٪"),
                    format!("{written} is a percentage; the English {} is not", e.value),
                    Some(n.range.clone()),
                    Some(e.range.clone()),
                );
            }
            Some(_) => {}
        }
    }
}

fn identical(ar: &str, en: &str, issues: &mut Issues) {
    if english_key(ar) == english_key(en) {
        issues.push(
            Check::Identical,
            en.trim(),
            "the English is the Arabic, unchanged",
            None,
            None,
        );
    }
}

fn arabic_letters(en: &str, issues: &mut Issues) {
    let mut start: Option<usize> = None;
    let mut runs = Vec::new();
    for (i, c) in en.char_indices().chain(std::iter::once((en.len(), ' '))) {
        let arabic = is_arabic_letter(c) || (start.is_some() && is_arabic_mark(c));
        match (arabic, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    for run in runs {
        let word = &en[run.clone()];
        issues.push(
            Check::ArabicLetters,
            word,
            format!("Arabic left in the English: {word}"),
            None,
            Some(run),
        );
    }
}

fn punctuation(ar: &str, en: &str, issues: &mut Issues) {
    let ar_question = ar.contains('؟') || ar.contains('?');
    let en_question = en.contains('?');
    if ar_question && !en_question {
        issues.push(
            Check::Punctuation,
            "؟",
            "the Arabic asks a question (؟); the English has no ?",
            None,
            None,
        );
    }
    if en_question && !ar_question {
        let at = en.find('?').unwrap_or(0);
        issues.push(
            Check::Punctuation,
            "?",
            "the English asks a question the Arabic does not",
            None,
            Some(at..at + 1),
        );
    }
    if ar.contains('!') && !en.contains('!') {
        issues.push(
            Check::Punctuation,
            "!",
            "the Arabic has ! and the English does not",
            None,
            None,
        );
    }
    for (i, c) in en.char_indices() {
        if matches!(c, '،' | '؛' | '؟' | '٪' | '«' | '»' | '٫' | '٬') {
            issues.push(
                Check::Punctuation,
                c.to_string(),
                format!("Arabic punctuation {c} in the English"),
                None,
                Some(i..i + c.len_utf8()),
            );
        }
    }
}

fn doubled_spaces(en: &str, issues: &mut Issues) {
    let bytes = en.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b' ' && bytes[i + 1] == b' ' {
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            // The words either side name the place.
            let before = en[..i].split_whitespace().next_back().unwrap_or("");
            let after = en[j..].split_whitespace().next().unwrap_or("");
            issues.push(
                Check::DoubledSpace,
                format!("{before}{}{after}", &en[i..j]),
                format!("{} spaces in a row", j - i),
                None,
                Some(i..j),
            );
            i = j;
        } else {
            i += 1;
        }
    }
}

fn unbalanced(en: &str, issues: &mut Issues) {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut problems: Vec<(char, usize)> = Vec::new();
    let mut straight: Vec<usize> = Vec::new();
    for (i, c) in en.char_indices() {
        match c {
            '(' | '[' | '{' | '“' | '«' => stack.push((c, i)),
            ')' | ']' | '}' | '”' | '»' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    '”' => '“',
                    _ => '«',
                };
                if stack.last().is_some_and(|&(o, _)| o == open) {
                    stack.pop();
                } else if let Some(pos) = stack.iter().rposition(|&(o, _)| o == open) {
                    problems.extend(stack.drain(pos + 1..));
                    stack.pop();
                } else {
                    problems.push((c, i));
                }
            }
            '"' => straight.push(i),
            _ => {}
        }
    }
    problems.extend(stack);
    if straight.len() % 2 == 1 {
        problems.push(('"', straight[straight.len() - 1]));
    }
    problems.sort_by_key(|&(_, i)| i);
    if let Some(&(_, first)) = problems.first() {
        let chars: String = problems.iter().map(|&(c, _)| c).collect();
        issues.push(
            Check::Unbalanced,
            chars.clone(),
            format!("unbalanced {chars} in the English"),
            None,
            Some(first..first + problems[0].0.len_utf8()),
        );
    }
}

/// The consistency issue of each member of a group of identical Arabic
/// sentences: raised on every member with English when they differ.
pub(super) fn consistency_issues(
    doc: &Document,
    members: &[usize],
) -> Vec<(usize, Option<QaIssue>)> {
    let renderings: Vec<(usize, String)> = members
        .iter()
        .map(|&i| (i, english_key(&doc.segments[i].en)))
        .collect();
    let mut distinct: Vec<&str> = renderings
        .iter()
        .filter(|(_, e)| !e.is_empty())
        .map(|(_, e)| e.as_str())
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return renderings.iter().map(|(i, _)| (*i, None)).collect();
    }
    let words: std::sync::Arc<str> = distinct.join(" | ").into();
    // The segments that render the sentence otherwise depend only on a
    // member's own rendering: list them once a rendering, not once a
    // member, so that a sentence repeated hundreds of times stays cheap.
    let mut message_of: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    renderings
        .iter()
        .map(|(i, en)| {
            if en.is_empty() {
                return (*i, None);
            }
            let message = message_of.entry(en.as_str()).or_insert_with(|| {
                let mut differing = renderings
                    .iter()
                    .filter(|(_, e)| !e.is_empty() && e != en)
                    .map(|(j, _)| *j);
                // Name at most ten.
                let mut others: Vec<String> = differing
                    .by_ref()
                    .take(10)
                    .map(|j| (doc.segments[j].id + 1).to_string())
                    .collect();
                let more = differing.count();
                if more > 0 {
                    others.push(format!("and {more} more"));
                }
                format!(
                    "the same Arabic is translated differently in segment{} {}",
                    if others.len() == 1 { "" } else { "s" },
                    others.join(", ")
                )
            });
            let issue = QaIssue {
                segment_index: *i,
                segment_id: doc.segments[*i].id,
                check: Check::Inconsistent,
                severity: Check::Inconsistent.severity(),
                words: words.clone(),
                message: message.clone(),
                ar_range: None,
                en_range: None,
            };
            (*i, Some(issue))
        })
        .collect()
}
