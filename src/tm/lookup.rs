//! Lookups across every attached TM: candidates from each store's index,
//! scored by [`score`], then ranked as translators expect:
//!
//! - a 100 % match whose previous source sentence is also the current
//!   previous sentence is a context match, shown as 101 %;
//! - a source with several targets shows all of them: the first (reviewed
//!   before translated, then the newest) keeps its score, the others lose
//!   one point (Trados's multiple-translations penalty);
//! - the English gets the current sentence's numbers substituted, and the
//!   substituted spans are kept to be marked.
//!
//! [`concordance`] searches the TMs for words on either side.

use std::ops::Range;

use super::score::{Difference, Prepared, score, substitute_numbers};
use super::text::{self, Lexicon, TokenKind};
use super::{TmError, TmStore, Unit, UnitStatus};

/// How many candidates each store is asked for.
pub const CANDIDATES: usize = 100;
/// The score of a context match.
pub const CONTEXT_SCORE: u8 = 101;

/// The sentence to look up, and the one before it (for context matches;
/// `Some("")` at the start of a document).
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub source: &'a str,
    pub previous: Option<&'a str>,
}

impl<'a> Query<'a> {
    pub fn new(source: &'a str) -> Query<'a> {
        Query {
            source,
            previous: None,
        }
    }

    pub fn with_previous(source: &'a str, previous: &'a str) -> Query<'a> {
        Query {
            source,
            previous: Some(previous),
        }
    }
}

/// One match for the current sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TmMatch {
    pub unit: Unit,
    /// The name of the TM it came from.
    pub tm: String,
    /// 0–100, or 101 for a context match.
    pub score: u8,
    pub context: bool,
    /// The TM holds other targets for the same source.
    pub multiple: bool,
    /// How the TM source differs from the current sentence.
    pub differences: Vec<Difference>,
    /// The English with the current numbers substituted.
    pub suggested: String,
    /// Byte spans of `suggested` that were substituted.
    pub substituted: Vec<Range<usize>>,
}

impl TmMatch {
    /// `101 %`, `100 %`, `87 %`.
    pub fn percent(&self) -> String {
        format!("{} %", self.score)
    }
}

/// The best `limit` matches at or above `min_score` from `stores`, best first.
pub fn lookup(
    stores: &[&dyn TmStore],
    query: &Query<'_>,
    lexicon: &Lexicon,
    min_score: u8,
    limit: usize,
) -> Result<Vec<TmMatch>, TmError> {
    let current = Prepared::query(query.source, lexicon);
    if current.tokens.is_empty() && current.exact_form().is_empty() {
        return Ok(Vec::new());
    }
    let keys = text::query_keys(query.source, lexicon);
    let previous = query.previous.map(text::exact_form);
    let mut matches: Vec<TmMatch> = Vec::new();
    // The scores kept so far, best first: a candidate that cannot reach the
    // `limit`-th of them is not read further.
    let mut kept: Vec<u8> = Vec::new();
    for store in stores {
        for unit in store.candidates(&keys, CANDIDATES)? {
            let (count, weight) = text::token_weights(&unit.source);
            let floor = if kept.len() >= limit {
                kept[limit - 1].max(min_score)
            } else {
                min_score
            };
            if best_possible(&current, count, weight) < f32::from(floor) {
                continue;
            }
            let tm = Prepared::new(&unit.source, lexicon);
            let scored = score(&current, &tm);
            if scored.score < min_score {
                continue;
            }
            let context = scored.score == 100
                && previous.is_some()
                && unit.previous.as_deref().map(text::exact_form) == previous;
            let (suggested, substituted) = substitute_numbers(&unit.target, &scored.numbers);
            // The same unit in two TMs is shown once.
            if matches
                .iter()
                .any(|m| m.unit.source == unit.source && m.unit.target == unit.target)
            {
                continue;
            }
            let final_score = if context { CONTEXT_SCORE } else { scored.score };
            let at = kept.partition_point(|&k| k >= final_score);
            kept.insert(at, final_score);
            matches.push(TmMatch {
                score: final_score,
                context,
                multiple: false,
                differences: scored.differences,
                suggested,
                substituted,
                tm: store.name().to_owned(),
                unit,
            });
        }
    }
    penalise_multiple_translations(&mut matches);
    matches.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.unit.status.cmp(&a.unit.status))
            .then(b.unit.changed.cmp(&a.unit.changed))
    });
    matches.retain(|m| m.score >= min_score);
    matches.truncate(limit);
    Ok(matches)
}

/// The most a TM source with `count` tokens weighing `weight` can score
/// against `current`: the weight bound, at least the floor of small
/// differences when the two have as many tokens, and 101 when 100 is
/// possible (a context match).
fn best_possible(current: &Prepared<'_>, count: usize, weight: f32) -> f32 {
    let bound = current.best_possible_weight(weight);
    let bound = if count == current.tokens.len() {
        bound.max(crate::tm::score::SMALL_DIFFERENCES_FLOOR)
    } else {
        bound
    };
    if bound >= 100.0 {
        f32::from(CONTEXT_SCORE)
    } else {
        bound
    }
}

/// Marks sources with several targets; all but the first (a context
/// match, else reviewed, then newest) lose a point.
fn penalise_multiple_translations(matches: &mut [TmMatch]) {
    let sources: Vec<String> = matches
        .iter()
        .map(|m| text::exact_form(&m.unit.source))
        .collect();
    for i in 0..matches.len() {
        let same: Vec<usize> = (0..matches.len())
            .filter(|&j| sources[j] == sources[i])
            .collect();
        if same.len() < 2 || same[0] != i {
            continue;
        }
        let mut ranked = same.clone();
        // A context match first, then reviewed before translated, then the newest.
        ranked.sort_by(|&a, &b| {
            let (a, b) = (&matches[a], &matches[b]);
            b.context
                .cmp(&a.context)
                .then(b.unit.status.cmp(&a.unit.status))
                .then(b.unit.changed.cmp(&a.unit.changed))
        });
        for (rank, &j) in ranked.iter().enumerate() {
            matches[j].multiple = true;
            if rank > 0 {
                matches[j].score = matches[j].score.saturating_sub(1);
            }
        }
    }
}

/// One concordance hit: the unit, its TM, and what matched on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcordanceHit {
    pub unit: Unit,
    pub tm: String,
    /// Byte spans of the hit in the unit's source (Arabic searches).
    pub source_hits: Vec<Range<usize>>,
    /// Byte spans of the hit in the unit's target (English searches).
    pub target_hits: Vec<Range<usize>>,
    /// The words were found together, in order.
    pub phrase: bool,
}

/// Searches the TMs for `query`: Arabic normalised and clitic-aware (هجوم
/// finds والهجوم, للهجوم), English without case. Hits where the words stand
/// together come first, then the newest.
pub fn concordance(
    stores: &[&dyn TmStore],
    query: &str,
    lexicon: &Lexicon,
    limit: usize,
) -> Result<Vec<ConcordanceHit>, TmError> {
    let keys = text::concordance_keys(query, lexicon);
    if keys.groups.is_empty() {
        return Ok(Vec::new());
    }
    let arabic = query
        .chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'));
    let wanted = text::tokens(query, lexicon);
    let english_words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut hits = Vec::new();
    for store in stores {
        for unit in store.concordance(&keys, limit.saturating_mul(4).max(limit))? {
            let hit = if arabic {
                let (spans, phrase) = mark_arabic(&unit.source, &wanted, lexicon);
                ConcordanceHit {
                    source_hits: spans,
                    target_hits: Vec::new(),
                    phrase,
                    tm: store.name().to_owned(),
                    unit,
                }
            } else {
                let (spans, phrase) = mark_english(&unit.target, &english_words);
                ConcordanceHit {
                    source_hits: Vec::new(),
                    target_hits: spans,
                    phrase,
                    tm: store.name().to_owned(),
                    unit,
                }
            };
            // The index found every word's stem; an Arabic hit must also read as them.
            if !(arabic && hit.source_hits.is_empty()) {
                hits.push(hit);
            }
        }
    }
    hits.sort_by(|a, b| {
        b.phrase
            .cmp(&a.phrase)
            .then(b.unit.changed.cmp(&a.unit.changed))
    });
    hits.truncate(limit);
    Ok(hits)
}

/// Whether a word of a TM source reads as a word of the search.
fn same_word(a: &text::Token, b: &text::Token) -> bool {
    a.kind == b.kind
        && (a.norm == b.norm || (a.kind == TokenKind::Word && text::share_a_reading(a, b)))
}

/// The spans of the searched words in `source`: the whole phrase where the
/// words stand together in order, else each word where it occurs.
fn mark_arabic(
    source: &str,
    wanted: &[text::Token],
    lexicon: &Lexicon,
) -> (Vec<Range<usize>>, bool) {
    let tokens = text::tokens(source, lexicon);
    let mut phrases = Vec::new();
    if !wanted.is_empty() && tokens.len() >= wanted.len() {
        for start in 0..=tokens.len() - wanted.len() {
            if wanted
                .iter()
                .enumerate()
                .all(|(k, w)| same_word(&tokens[start + k], w))
            {
                phrases.push(tokens[start].span.start..tokens[start + wanted.len() - 1].span.end);
            }
        }
    }
    if !phrases.is_empty() {
        return (phrases, true);
    }
    let spans = tokens
        .iter()
        .filter(|t| wanted.iter().any(|w| same_word(t, w)))
        .map(|t| t.span.clone())
        .collect();
    (spans, false)
}

/// The spans of the searched words in English `target`, ignoring case:
/// the phrase where it occurs as typed, else each word.
fn mark_english(target: &str, words: &[String]) -> (Vec<Range<usize>>, bool) {
    let lower = target.to_lowercase();
    if lower.len() != target.len() {
        // Lower-casing changed lengths (rare letters): mark nothing rather
        // than the wrong bytes.
        return (Vec::new(), false);
    }
    let is_boundary = |at: usize| {
        at == 0
            || at >= lower.len()
            || !lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    };
    let phrase = words.join(" ");
    let mut spans: Vec<Range<usize>> = Vec::new();
    if words.len() > 1 {
        for (at, _) in lower.match_indices(&phrase) {
            if is_boundary(at) {
                spans.push(at..at + phrase.len());
            }
        }
        if !spans.is_empty() {
            return (spans, true);
        }
    }
    for word in words {
        for (at, _) in lower.match_indices(word.as_str()) {
            let end = at + word.len();
            let ends_word = !lower[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if is_boundary(at) && ends_word {
                spans.push(at..end);
            }
        }
    }
    spans.sort_by_key(|s| s.start);
    let single = words.len() == 1 && !spans.is_empty();
    (spans, single)
}

/// Whether a unit is reviewed (for ranking and display).
pub fn is_reviewed(unit: &Unit) -> bool {
    unit.status == UnitStatus::Reviewed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::sqlite::SqliteTm;

    fn tm(units: &[(&str, &str, i64)]) -> SqliteTm {
        let mut tm = SqliteTm::in_memory("test.tmdb").unwrap();
        for &(source, target, changed) in units {
            let mut unit = Unit::new(source, target);
            unit.changed = changed;
            unit.created = changed;
            tm.add(&unit).unwrap();
        }
        tm
    }

    fn find(tm: &SqliteTm, query: Query<'_>) -> Vec<TmMatch> {
        lookup(&[tm as &dyn TmStore], &query, &Lexicon::default(), 50, 5).unwrap()
    }

    #[test]
    fn the_right_unit_ranks_first_among_look_alikes() {
        let memory = tm(&[
            (
                "وقال البيت الأبيض في بيان إن الرئيس سيزور باريس",
                "The White House said the president will visit Paris",
                1,
            ),
            (
                "وقال البيت الأبيض في بيان إن الوزير سيزور لندن",
                "The White House said the minister will visit London",
                1,
            ),
            (
                "قال الكرملين إن بوتين سيزور باريس",
                "The Kremlin said Putin will visit Paris",
                1,
            ),
        ]);
        let found = find(
            &memory,
            Query::new("قال البيت الابيض في بيانه إن الرئيس سيزور باريس"),
        );
        assert!(found[0].unit.target.contains("president"), "{found:?}");
        assert!(found[0].score >= 90, "{}", found[0].score);
    }

    #[test]
    fn context_matches_are_101() {
        let mut memory = SqliteTm::in_memory("t").unwrap();
        let mut unit = Unit::new(
            "وأضاف أن المحادثات كانت بناءة",
            "He added that the talks were constructive",
        );
        unit.previous = Some("التقى الوزير نظيره".into());
        memory.add(&unit).unwrap();
        let with = find(
            &memory,
            Query::with_previous("وأضاف أن المحادثات كانت بناءة", "التقى الوزير نظيره"),
        );
        assert_eq!((with[0].score, with[0].context), (101, true));
        let without = find(
            &memory,
            Query::with_previous("وأضاف أن المحادثات كانت بناءة", "جملة أخرى"),
        );
        assert_eq!((without[0].score, without[0].context), (100, false));
    }

    #[test]
    fn several_targets_are_all_shown_and_ranked() {
        let memory = tm(&[
            ("قال بايدن للصحافيين", "Biden told reporters", 10),
            ("قال بايدن للصحافيين", "Biden told journalists", 20),
        ]);
        let found = find(&memory, Query::new("قال بايدن للصحافيين"));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].unit.target, "Biden told journalists");
        assert_eq!((found[0].score, found[1].score), (100, 99));
        assert!(found.iter().all(|m| m.multiple));
    }

    #[test]
    fn numbers_are_substituted_in_the_suggestion() {
        let memory = tm(&[(
            "فرضت واشنطن عقوبات على 35 شركة روسية في 2021",
            "Washington sanctioned 35 Russian companies in 2021",
            1,
        )]);
        let found = find(
            &memory,
            Query::new("فرضت واشنطن عقوبات على ٤٠ شركة روسية في 2022"),
        );
        let m = &found[0];
        assert!(m.score < 100 && m.score >= 90, "{}", m.score);
        assert_eq!(
            m.suggested,
            "Washington sanctioned 40 Russian companies in 2022"
        );
        assert_eq!(
            m.unit.target,
            "Washington sanctioned 35 Russian companies in 2021"
        );
        assert_eq!(m.substituted.len(), 2);
    }

    #[test]
    fn concordance_marks_clitic_forms_and_english() {
        let memory = tm(&[
            (
                "وتعرضت الشركة للهجوم الإلكتروني أمس",
                "The company was hit by the cyberattack yesterday",
                1,
            ),
            ("قال إن الهجوم فشل", "He said the attack failed", 2),
        ]);
        let stores = [&memory as &dyn TmStore];
        let hits = concordance(&stores, "هجوم", &Lexicon::default(), 10).unwrap();
        assert_eq!(hits.len(), 2);
        for hit in &hits {
            let marked: Vec<&str> = hit
                .source_hits
                .iter()
                .map(|r| &hit.unit.source[r.clone()])
                .collect();
            assert!(marked == ["للهجوم"] || marked == ["الهجوم"], "{marked:?}");
        }
        let hits = concordance(&stores, "the attack", &Lexicon::default(), 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert!(hits[0].phrase);
        assert_eq!(
            &hits[0].unit.target[hits[0].target_hits[0].clone()],
            "the attack"
        );
    }
}
