//! Pre-translation: every untranslated segment filled from the TMs (100 %
//! and context matches as translated, fuzzy matches at or above a threshold
//! as drafts), and the analysis translators are paid by: segments and
//! words per match band.
//!
//! Bands, in the order a segment is put in one: context (101 %), 100 %,
//! repetition (the same Arabic earlier in the document, with no 100 % match
//! of its own), 95–99, 85–94, 75–84, 50–74, no match.

use super::lookup::{Query, TmMatch, lookup};
use super::text::{self, Lexicon};
use super::{Progress, TmError, TmStore};
use crate::document::{Document, SegmentOrigin, Status};

/// A match band of the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    Context,
    Exact,
    Repetition,
    High,
    Middle,
    Low,
    Fuzzy,
    NoMatch,
}

impl Band {
    pub const ALL: [Band; 8] = [
        Band::Context,
        Band::Exact,
        Band::Repetition,
        Band::High,
        Band::Middle,
        Band::Low,
        Band::Fuzzy,
        Band::NoMatch,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Band::Context => "Context (101 %)",
            Band::Exact => "100 %",
            Band::Repetition => "Repetitions",
            Band::High => "95–99 %",
            Band::Middle => "85–94 %",
            Band::Low => "75–84 %",
            Band::Fuzzy => "50–74 %",
            Band::NoMatch => "No match",
        }
    }

    /// The band of a best match score (`None`: no match at 50 % or more).
    pub fn of_score(score: Option<u8>) -> Band {
        match score {
            Some(101..) => Band::Context,
            Some(100) => Band::Exact,
            Some(95..=99) => Band::High,
            Some(85..=94) => Band::Middle,
            Some(75..=84) => Band::Low,
            Some(50..=74) => Band::Fuzzy,
            _ => Band::NoMatch,
        }
    }
}

/// Segments and (Arabic) words in one band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BandCount {
    pub segments: usize,
    pub words: usize,
}

/// The analysis of a document against the TMs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// In the order of [`Band::ALL`].
    pub bands: [BandCount; 8],
}

impl Analysis {
    pub fn get(&self, band: Band) -> BandCount {
        self.bands[band as usize]
    }

    pub fn total(&self) -> BandCount {
        self.bands
            .iter()
            .fold(BandCount::default(), |a, b| BandCount {
                segments: a.segments + b.segments,
                words: a.words + b.words,
            })
    }

    /// The table as text, one band a line, with a total.
    pub fn table(&self) -> String {
        let mut out = format!("{:<16} {:>9} {:>9}\n", "Band", "Segments", "Words");
        for band in Band::ALL {
            let c = self.get(band);
            out.push_str(&format!(
                "{:<16} {:>9} {:>9}\n",
                band.label(),
                c.segments,
                c.words
            ));
        }
        let t = self.total();
        out.push_str(&format!(
            "{:<16} {:>9} {:>9}\n",
            "Total", t.segments, t.words
        ));
        out
    }

    /// The table as CSV (`band,segments,words`), for invoicing.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("band,segments,words\n");
        for band in Band::ALL {
            let c = self.get(band);
            out.push_str(&format!("{},{},{}\n", band.label(), c.segments, c.words));
        }
        let t = self.total();
        out.push_str(&format!("Total,{},{}\n", t.segments, t.words));
        out
    }
}

/// One segment filled by pre-translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub segment: usize,
    pub en: String,
    pub status: Status,
    pub origin: SegmentOrigin,
}

/// What pre-translating a document would do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pretranslation {
    pub fills: Vec<Fill>,
    pub analysis: Analysis,
    /// The band of every segment, in order.
    pub bands: Vec<Band>,
}

/// The words of a segment, as the status bar counts them.
pub fn word_count(source: &str) -> usize {
    source.split_whitespace().count()
}

/// Whether a segment still wants English (untranslated, or a draft left empty).
pub fn is_open(doc: &Document, segment: usize) -> bool {
    let s = &doc.segments[segment];
    s.status == Status::Untranslated || (s.status == Status::Draft && s.en.trim().is_empty())
}

/// The other segments with the same Arabic as `segment` that still want
/// English: where a confirmed translation propagates. Numbers are part of
/// the comparison, so a repetition with another number is never one.
pub fn repetitions_of(doc: &Document, segment: usize) -> Vec<usize> {
    if segment >= doc.segments.len() {
        return Vec::new();
    }
    let wanted = text::exact_form(doc.source_of(segment));
    if wanted.is_empty() {
        return Vec::new();
    }
    (0..doc.segments.len())
        .filter(|&i| {
            i != segment && is_open(doc, i) && text::exact_form(doc.source_of(i)) == wanted
        })
        .collect()
}

/// The best match of every segment (its own previous sentence as context),
/// `progress.units` counting segments; cancelled when `progress` says so.
pub fn best_matches(
    doc: &Document,
    stores: &[&dyn TmStore],
    lexicon: &Lexicon,
    progress: Option<&Progress>,
) -> Result<Vec<Option<TmMatch>>, TmError> {
    let mut out = Vec::with_capacity(doc.segments.len());
    for i in 0..doc.segments.len() {
        if let Some(p) = progress {
            if p.is_cancelled() {
                return Err(TmError::Cancelled {
                    path: "pre-translation".into(),
                });
            }
            p.units.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let query = Query::with_previous(doc.source_of(i), doc.previous_source(i));
        out.push(lookup(stores, &query, lexicon, 50, 1)?.into_iter().next());
    }
    Ok(out)
}

/// Pre-translates `doc` with `best` (from [`best_matches`]): fills open
/// segments with matches at `min_score` or more and counts the bands.
pub fn plan(doc: &Document, best: &[Option<TmMatch>], min_score: u8) -> Pretranslation {
    let mut result = Pretranslation::default();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, best) in best.iter().enumerate().take(doc.segments.len()) {
        let source = doc.source_of(i);
        let form = text::exact_form(source);
        let score = best.as_ref().map(|m| m.score);
        let earlier = seen.get(&form).copied();
        let band = match (Band::of_score(score), earlier) {
            (b @ (Band::Context | Band::Exact), _) => b,
            (_, Some(_)) if !form.is_empty() => Band::Repetition,
            (b, _) => b,
        };
        seen.entry(form).or_insert(i);
        let count = &mut result.analysis.bands[band as usize];
        count.segments += 1;
        count.words += word_count(source);
        result.bands.push(band);
        if !is_open(doc, i) {
            continue;
        }
        let fill = match (band, best, earlier) {
            (Band::Repetition, _, Some(first)) => {
                // The English of the first occurrence: filled just now, or already there.
                let first_en = result
                    .fills
                    .iter()
                    .find(|f| f.segment == first)
                    .map(|f| f.en.clone())
                    .or_else(|| {
                        let s = &doc.segments[first];
                        (!s.en.trim().is_empty()).then(|| s.en.clone())
                    });
                first_en.map(|en| Fill {
                    segment: i,
                    en,
                    status: Status::Draft,
                    origin: SegmentOrigin::Propagated { from: first },
                })
            }
            (_, Some(m), _) if m.score >= min_score.min(100) => Some(Fill {
                segment: i,
                en: m.suggested.clone(),
                status: if m.score >= 100 {
                    Status::Translated
                } else {
                    Status::Draft
                },
                origin: SegmentOrigin::Tm {
                    score: m.score,
                    tm: m.tm.clone(),
                },
            }),
            _ => None,
        };
        result.fills.extend(fill);
    }
    result
}

/// [`best_matches`] then [`plan`].
pub fn pretranslate(
    doc: &Document,
    stores: &[&dyn TmStore],
    lexicon: &Lexicon,
    min_score: u8,
) -> Result<Pretranslation, TmError> {
    let best = best_matches(doc, stores, lexicon, None)?;
    Ok(plan(doc, &best, min_score))
}

/// Applies the fills to the document (the command line; the window makes
/// them one undo step instead).
pub fn apply(doc: &mut Document, fills: &[Fill]) {
    for fill in fills {
        if let Some(s) = doc.segments.get_mut(fill.segment) {
            s.en.clone_from(&fill.en);
            s.status = fill.status;
            s.origin = Some(fill.origin.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::Unit;
    use crate::tm::sqlite::SqliteTm;

    fn memory() -> SqliteTm {
        let mut tm = SqliteTm::in_memory("agency.tmx").unwrap();
        for (source, target) in [
            (
                "قال البيت الأبيض إن الرئيس سيزور باريس.",
                "The White House said the president would visit Paris.",
            ),
            (
                "وأضاف أن المحادثات كانت بناءة.",
                "He added that the talks had been constructive.",
            ),
            (
                "فرضت واشنطن عقوبات على 35 شركة.",
                "Washington sanctioned 35 companies.",
            ),
        ] {
            tm.add(&Unit::new(source, target)).unwrap();
        }
        tm
    }

    #[test]
    fn fills_open_segments_by_band_and_counts_words() {
        let doc = Document::from_source(
            "قال البيت الأبيض إن الرئيس سيزور باريس. وأضاف أن المحادثات كانت بناءة. \
             فرضت واشنطن عقوبات على 40 شركة. جملة جديدة تماما هنا. وأضاف أن المحادثات كانت بناءة."
                .into(),
            None,
        );
        assert_eq!(doc.segments.len(), 5);
        let tm = memory();
        let stores = [&tm as &dyn TmStore];
        let result = pretranslate(&doc, &stores, &Lexicon::default(), 75).unwrap();
        assert_eq!(
            result.bands,
            [
                Band::Exact,
                Band::Exact,
                Band::High,
                Band::NoMatch,
                Band::Exact
            ]
        );
        let a = &result.analysis;
        assert_eq!(a.get(Band::Exact).segments, 3);
        assert_eq!(a.get(Band::NoMatch).words, 4);
        assert_eq!(a.total().segments, 5);
        let statuses: Vec<(usize, Status)> =
            result.fills.iter().map(|f| (f.segment, f.status)).collect();
        assert_eq!(
            statuses,
            [
                (0, Status::Translated),
                (1, Status::Translated),
                (2, Status::Draft),
                (4, Status::Translated)
            ]
        );
        assert_eq!(result.fills[2].en, "Washington sanctioned 40 companies.");
        assert!(
            a.to_csv()
                .starts_with("band,segments,words\nContext (101 %),0,0\n100 %,3,")
        );
    }

    #[test]
    fn repetitions_without_a_match_are_their_own_band() {
        let mut doc = Document::from_source("جملة لا مثيل لها. أخرى. جملة لا مثيل لها.".into(), None);
        doc.segments[0].en = "A sentence like no other.".into();
        doc.segments[0].status = Status::Translated;
        let tm = memory();
        let result = pretranslate(&doc, &[&tm as &dyn TmStore], &Lexicon::default(), 75).unwrap();
        assert_eq!(result.bands[2], Band::Repetition);
        assert_eq!(result.fills.len(), 1);
        assert_eq!(
            result.fills[0].origin,
            SegmentOrigin::Propagated { from: 0 }
        );
        assert_eq!(repetitions_of(&doc, 0), [2]);
        // Another number: not a repetition.
        let doc = Document::from_source("دفع 5 دولارات. دفع 6 دولارات.".into(), None);
        assert!(repetitions_of(&doc, 0).is_empty());
    }
}
