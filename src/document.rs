//! The document being translated: the Arabic source text, its segments and
//! their English renderings.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::arabic::segment::segment;

/// Where a segment stands in the translator's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Untranslated,
    Draft,
    Translated,
    Reviewed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Untranslated,
        Status::Draft,
        Status::Translated,
        Status::Reviewed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Untranslated => "untranslated",
            Status::Draft => "draft",
            Status::Translated => "translated",
            Status::Reviewed => "reviewed",
        }
    }

    /// Translated or reviewed: the English is final for this segment.
    pub fn is_done(self) -> bool {
        matches!(self, Status::Translated | Status::Reviewed)
    }
}

/// Where a segment's English came from, when the translator did not type it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum SegmentOrigin {
    /// A translation memory match (101 for a context match), from the TM named.
    Tm { score: u8, tm: String },
    /// Copied from segment `from` (0-based), which has the same Arabic
    /// (auto-propagation of repetitions).
    Propagated { from: usize },
}

impl SegmentOrigin {
    /// `from TM, 87 %` or `propagated from 3`, as the row shows it.
    pub fn label(&self) -> String {
        match self {
            SegmentOrigin::Tm { score, .. } => format!("from TM, {score} %"),
            SegmentOrigin::Propagated { from } => format!("propagated from {}", from + 1),
        }
    }
}

/// One sentence of the source with its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub id: usize,
    pub paragraph: usize,
    /// Byte span of the sentence in [`Document::source`].
    pub start: usize,
    pub end: usize,
    pub en: String,
    pub status: Status,
    pub note: String,
    /// Where the English came from when it was not typed; cleared by typing.
    pub origin: Option<SegmentOrigin>,
}

/// An Arabic source text split into segments, each with its English.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub source: String,
    pub source_path: Option<PathBuf>,
    pub glossary_path: Option<PathBuf>,
    pub segments: Vec<Segment>,
    /// QA issues the translator accepted, with a reason; never raised again.
    pub qa_accepted: Vec<crate::qa::AcceptedIssue>,
    /// The translation memories attached to the project.
    pub tms: TmAttachments,
}

/// The TMs a project uses: one writable TM that confirmed segments go to
/// (the user's default TM unless another is chosen) and read-only
/// reference TMs (databases or TMX files).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TmAttachments {
    /// `None`: the user's default TM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writable: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference: Vec<PathBuf>,
}

impl TmAttachments {
    pub fn is_default(&self) -> bool {
        self.writable.is_none() && self.reference.is_empty()
    }
}

impl Document {
    /// A fresh document: the text segmented, every English empty.
    pub fn from_source(source: String, source_path: Option<PathBuf>) -> Self {
        let segments = segment(&source)
            .into_iter()
            .enumerate()
            .map(|(id, span)| Segment {
                id,
                paragraph: span.paragraph,
                start: span.start,
                end: span.end,
                en: String::new(),
                status: Status::Untranslated,
                note: String::new(),
                origin: None,
            })
            .collect();
        Self {
            source,
            source_path,
            glossary_path: None,
            segments,
            qa_accepted: Vec::new(),
            tms: TmAttachments::default(),
        }
    }

    /// The Arabic text of segment `index`.
    pub fn source_of(&self, index: usize) -> &str {
        let s = &self.segments[index];
        &self.source[s.start..s.end]
    }

    /// The Arabic of the segment before `index` (`""` for the first), the
    /// context a TM match is judged in.
    pub fn previous_source(&self, index: usize) -> &str {
        if index == 0 || index > self.segments.len() {
            ""
        } else {
            self.source_of(index - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_document_has_one_untranslated_segment_per_sentence() {
        let doc = Document::from_source("عنوان\n\nالجملة الأولى. الثانية؟".to_string(), None);
        let texts: Vec<&str> = (0..doc.segments.len()).map(|i| doc.source_of(i)).collect();
        assert_eq!(texts, ["عنوان", "الجملة الأولى.", "الثانية؟"]);
        assert!(
            doc.segments
                .iter()
                .enumerate()
                .all(|(i, s)| s.id == i && s.status == Status::Untranslated && s.en.is_empty())
        );
        assert_eq!(
            doc.segments.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 1, 1]
        );
    }

    #[test]
    fn statuses_have_stable_names() {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(names, ["untranslated", "draft", "translated", "reviewed"]);
        assert!(
            Status::Translated.is_done() && Status::Reviewed.is_done() && !Status::Draft.is_done()
        );
    }
}
