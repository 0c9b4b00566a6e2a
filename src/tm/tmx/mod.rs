//! TMX in and out for the translation memory.
//!
//! [`TmxReader`] reads TMX 1.4b (`xml:lang`) and 1.1 (`lang`) as a stream
//! of [`ImportItem`]s, one per `<tu>`, in bounded memory: UTF-8 (with or
//! without a BOM) and UTF-16 LE/BE (with a BOM, as Trados writes it, or
//! without, told by the first bytes) are transcoded as they are read. One
//! text or tag, and one `<tu>` in all, may hold at most [`MAX_PIECE`] bytes.
//! The Arabic variant (`ar`, `ar-SA`, `AR_eg`…) is always the source and the
//! English one the target, whatever the header's `srclang` says; with
//! several of a language the first wins. Entities are never expanded and
//! nothing is fetched: a DOCTYPE declaring entities is refused, an external
//! DTD reference alone (OmegaT writes one) is ignored.
//!
//! What a unit gets from the file:
//! - `tuid`, `creationdate`/`changedate` (`YYYYMMDDThhmmssZ`; a malformed
//!   date is ignored), `creationid` (author) and `changeid` (changed_by) of
//!   the `<tu>`, else of the English `<tuv>`, else of the Arabic one (OmegaT
//!   puts them on the `<tuv>`). A missing creation date is the change date
//!   and the other way round; with neither, both are 0 (unknown). A missing
//!   `creationid` is the `changeid` (the only person known).
//! - Our own props, which become fields and are not kept as props:
//!   `x-status` (see [`UnitStatus::parse`]), `x-context-pre` (the previous
//!   Arabic sentence: empty for the start of a document, else wrapped in an
//!   escaped `<seg>` as memoQ writes it; read from the `<tu>` or the Arabic
//!   `<tuv>`, dropped from the English one), `x-project`, and `x-file` or `x-source-file`. The same
//!   types in the `<header>` give every unit its default project and file.
//! - Other tools' props, kept as props, which fill a field that our own
//!   props leave unset: Trados `x-ConfirmationLevel` (`ApprovedSignOff` or
//!   `ApprovedTranslation` → reviewed, anything else → translated), memoQ
//!   `x-document` (file) and `project`, Phrase `context_prev` (on the Arabic
//!   `<tuv>`: previous), `created_at`/`modified_at` (milliseconds) and
//!   `created_by`/`modified_by`. Prop types are compared ignoring case.
//! - Every other `<prop>` and `<note>` of the `<tu>` and of the chosen
//!   `<tuv>`s, in document order.
//! - `<seg>` text exactly as written (XML line-end normalisation only),
//!   `<hi>` content included, the native code inside `<bpt>`, `<ept>`,
//!   `<ph>`, `<it>`, `<ut>` (and their `<sub>`) left out; a seg holding any
//!   element also keeps its inner XML, re-serialised, as the markup.
//!
//! [`TmxWriter`] writes TMX 1.4b that validates against the DTD and reads
//! back to the same units (so export → import → export is stable); the
//! store's export goes to disk atomically with [`write_tmx_file`].

mod input;
mod read;
mod write;

pub use read::{TmxReader, open_tmx};
pub use write::{TmxWriter, write_tmx_file};

/// The most bytes one text, tag or attribute, and one `<tu>` in all
/// (its texts, markup, props and notes), may hold.
pub const MAX_PIECE: usize = 4 << 20;

/// The longest element name accepted (bounds what the parser remembers of
/// the open elements).
const MAX_NAME: usize = 1024;

/// Size of the transcoded buffer the XML parser reads from.
const CHUNK: usize = 64 * 1024;

/// A TMX date (`20240301T101500Z`; `2024-03-01T10:15:00Z` too) as Unix
/// seconds; `None` when malformed.
pub fn parse_tmx_date(text: &str) -> Option<i64> {
    let compact: Vec<u8> = text
        .trim()
        .bytes()
        .filter(|b| !matches!(b, b'-' | b':'))
        .collect();
    let [date @ .., t, h1, h2, n1, n2, s1, s2, z] = compact.as_slice() else {
        return None;
    };
    if date.len() != 8 || !t.eq_ignore_ascii_case(&b'T') || !z.eq_ignore_ascii_case(&b'Z') {
        return None;
    }
    let number = |digits: &[u8]| -> Option<i64> {
        digits.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let (y, m, d) = (
        number(&date[..4])?,
        number(&date[4..6])?,
        number(&date[6..])?,
    );
    let (h, n, s) = (
        number(&[*h1, *h2])?,
        number(&[*n1, *n2])?,
        number(&[*s1, *s2])?,
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=12).contains(&m)
        && d >= 1
        && d <= month_days[usize::try_from(m - 1).ok()?]
        && h < 24
        && n < 60
        && s <= 60;
    valid.then(|| crate::time::days_from_civil(y, m, d) * 86_400 + h * 3600 + n * 60 + s)
}

/// Unix seconds as a TMX date (`20240301T101500Z`), clamped to years 0–9999.
pub fn format_tmx_date(secs: i64) -> String {
    crate::time::tmx(secs)
}

#[cfg(test)]
mod tests {
    use super::read::{foreign_field, own_field};
    use super::*;
    use crate::formats::xml::MAX_DEPTH;
    use crate::tm::{ImportItem, Progress, SkipReason, TmError, Unit, UnitStatus};
    use proptest::prelude::*;
    use std::io::{self, BufReader};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::Ordering;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/tmx")
            .join(name)
    }

    fn read_bytes(bytes: &[u8]) -> Vec<Result<ImportItem, TmError>> {
        TmxReader::new(bytes, "t.tmx", None).collect()
    }

    fn fixture(name: &str) -> Vec<ImportItem> {
        let progress = Progress::default();
        let items: Vec<ImportItem> = open_tmx(&data(name), Some(&progress))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let size = std::fs::metadata(data(name)).unwrap().len();
        assert_eq!(progress.bytes_total.load(Ordering::Relaxed), size);
        assert_eq!(progress.bytes_done.load(Ordering::Relaxed), size);
        items
    }

    fn units(items: &[ImportItem]) -> Vec<&Unit> {
        items
            .iter()
            .filter_map(|i| match i {
                ImportItem::Unit(u) => Some(&**u),
                ImportItem::Skipped(_) => None,
            })
            .collect()
    }

    fn skips(items: &[ImportItem]) -> Vec<SkipReason> {
        items
            .iter()
            .filter_map(|i| match i {
                ImportItem::Skipped(r) => Some(*r),
                ImportItem::Unit(_) => None,
            })
            .collect()
    }

    /// A sentence pair and the sentence before it in the memoQ and Phrase fixtures.
    const GENEVA: (&str, &str) = (
        "وأضاف أن القمة ستعقد في جنيف.",
        "He added that the summit would be held in Geneva.",
    );
    const WHITE_HOUSE: &str = "قال البيت الأبيض في بيان.";

    /// The Arabic and English of a unit.
    fn texts(u: &Unit) -> (&str, &str) {
        (&u.source, &u.target)
    }

    fn date(text: &str) -> i64 {
        parse_tmx_date(text).unwrap()
    }

    fn props(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The error of reading `text`, as `line: message`; the reader ends after it.
    fn error(text: &[u8]) -> String {
        let mut reader = TmxReader::new(text, "bad.tmx", None);
        let e = reader.find_map(Result::err).unwrap_or_else(|| {
            let shown: String = String::from_utf8_lossy(text).chars().take(200).collect();
            panic!("no error for {shown:?}")
        });
        assert!(reader.next().is_none(), "the reader ends after an error");
        match e {
            TmError::Tmx {
                path,
                line,
                message,
            } => {
                assert_eq!(path, "bad.tmx");
                format!("{line}: {message}")
            }
            other => panic!("not a TMX error: {other}"),
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "tarjuman-tmx-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(units: &[&Unit]) -> Vec<u8> {
        let mut writer = TmxWriter::with_header(Vec::new(), 1_700_000_000, &[]).unwrap();
        for unit in units {
            writer.write_unit(unit).unwrap();
        }
        writer.finish().unwrap()
    }

    fn reread(bytes: &[u8]) -> Vec<Unit> {
        read_bytes(bytes)
            .into_iter()
            .map(|i| match i.unwrap() {
                ImportItem::Unit(u) => *u,
                ImportItem::Skipped(r) => panic!("skipped: {r:?}"),
            })
            .collect()
    }

    // ------------------------------------------------------------ fixtures

    #[test]
    fn omegat_level2_reads_with_markup_notes_and_tuv_ids() {
        let items = fixture("omegat-level2.tmx");
        assert!(skips(&items).is_empty());
        let u = units(&items);
        assert_eq!(u.len(), 4);
        assert_eq!(
            u[0].source,
            "قال البيت الأبيض في بيان إن الرئيس سيلتقي نظيره الروسي."
        );
        assert_eq!(
            u[0].target,
            "The White House said in a statement that the president would meet his Russian counterpart."
        );
        assert_eq!(
            u[0].notes,
            ["Check the title against the White House readout."]
        );
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("amira", "amira")
        );
        assert_eq!(u[0].created, date("20240229T093000Z"));
        assert_eq!(u[0].changed, date("20240301T101500Z"));
        assert_eq!(u[0].source_markup, None);
        assert_eq!(
            texts(u[1]),
            ("هذا نص مهم جدا.", "This text is very important.")
        );
        assert_eq!(
            u[1].source_markup.as_deref(),
            Some(
                "هذا نص <bpt i=\"0\" x=\"0\">&lt;b0&gt;</bpt>مهم<ept i=\"0\">&lt;/b0&gt;</ept> جدا."
            )
        );
        assert_eq!(
            u[1].target_markup.as_deref(),
            Some(
                "This text is <bpt i=\"0\" x=\"0\">&lt;b0&gt;</bpt>very<ept i=\"0\">&lt;/b0&gt;</ept> important."
            )
        );
        // Only a changeid: the author is the one person known.
        assert_eq!(
            (u[1].author.as_str(), u[1].changed_by.as_str()),
            ("omar", "omar")
        );
        assert_eq!(u[1].created, date("20240302T120000Z"));
        assert_eq!(u[1].changed, u[1].created);
        // No dates at all: 0, unknown.
        assert_eq!(
            (u[3].created, u[3].changed, u[3].author.as_str()),
            (0, 0, "")
        );
        assert_eq!(u[3].status, UnitStatus::Translated);
        assert_eq!(u[3].previous, None);
        assert!(u.iter().all(|u| u.props.is_empty() && u.tuid.is_empty()));
    }

    #[test]
    fn omegat_level1_reads_plain_text_with_lang_attributes() {
        let items = fixture("omegat-level1.tmx");
        let level2 = fixture("omegat-level2.tmx");
        let (u1, u2) = (units(&items), units(&level2));
        assert_eq!(u1.len(), 4);
        for (a, b) in u1.iter().zip(&u2) {
            assert_eq!((&a.source, &a.target), (&b.source, &b.target));
            assert_eq!(
                (a.created, &a.author, &a.notes),
                (b.created, &b.author, &b.notes)
            );
            assert_eq!((&a.source_markup, &a.target_markup), (&None, &None));
        }
    }

    #[test]
    fn trados_utf16le_reads_confirmation_levels_domain_ids_and_empty_codes() {
        let items = fixture("trados-utf16le.tmx");
        assert_eq!(skips(&items), [SkipReason::NoEnglish]);
        let u = units(&items);
        assert_eq!(u.len(), 2);
        assert_eq!(
            u[0].source,
            "وقال البيت الأبيض في بيان إن القمة ستعقد في جنيف."
        );
        assert_eq!(
            u[0].target,
            "The White House said in a statement that the summit would be held in Geneva."
        );
        assert_eq!(
            u[0].source_markup.as_deref(),
            Some(
                "وقال <bpt i=\"1\" x=\"1\" type=\"bold\"/>البيت الأبيض<ept i=\"1\"/> في بيان إن القمة ستعقد في جنيف."
            )
        );
        assert_eq!(u[0].status, UnitStatus::Reviewed);
        assert_eq!(u[0].author, "NEWSDESK\\amira.h");
        assert_eq!(u[0].changed_by, "NEWSDESK\\omar.k");
        assert_eq!(u[0].created, date("20230105T081500Z"));
        assert_eq!(u[0].changed, date("20230110T143000Z"));
        assert_eq!(
            u[0].props,
            props(&[
                ("x-LastUsedBy", "NEWSDESK\\omar.k"),
                ("x-Context", "1748203751, 0"),
                ("x-Origin", "TM"),
                ("x-ConfirmationLevel", "ApprovedSignOff"),
            ])
        );
        assert_eq!(
            texts(u[1]),
            (
                "تستمر المحادثات & المشاورات يومين.",
                "The talks & consultations will last two days."
            )
        );
        assert_eq!(
            u[1].target_markup.as_deref(),
            Some("The talks &amp; consultations will last <ph x=\"2\" type=\"lb\"/>two days.")
        );
        assert_eq!(u[1].status, UnitStatus::Translated);
        assert_eq!((u[1].project.as_str(), u[1].file.as_str()), ("", ""));
    }

    #[test]
    fn memoq_utf8_bom_reads_document_project_and_wrapped_context() {
        let items = fixture("memoq-utf8bom.tmx");
        let u = units(&items);
        assert_eq!(u.len(), 2);
        assert_eq!(texts(u[0]), GENEVA);
        assert_eq!(
            u[0].source_markup.as_deref(),
            Some(
                "وأضاف أن القمة<ph>&lt;mq:rxt displaytext=&quot;{1}&quot; val=&quot;{1}&quot;/&gt;</ph> ستعقد في جنيف."
            )
        );
        assert_eq!(u[0].previous.as_deref(), Some(WHITE_HOUSE));
        assert_eq!(u[0].file, "summit-geneva.docx");
        assert_eq!(u[0].project, "Summit coverage");
        assert_eq!(u[0].status, UnitStatus::Reviewed);
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("Amira Hassan", "Omar Khalil")
        );
        let kinds: Vec<&str> = u[0].props.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "client",
                "project",
                "domain",
                "subject",
                "corrected",
                "aligned",
                "x-Document",
                "x-ConfirmationLevel",
                "x-context-post"
            ]
        );
        // A blank memoQ project is no project; the English context is dropped.
        assert_eq!(u[1].project, "");
        assert_eq!(u[1].file, "summit-geneva.docx");
        assert_eq!(
            u[1].previous.as_deref(),
            Some("وأضاف أن القمة ستعقد في جنيف.")
        );
        assert_eq!(
            u[1].props.last(),
            Some(&("x-document".to_owned(), "summit-geneva.docx".to_owned()))
        );
    }

    #[test]
    fn phrase_reads_tuv_props_for_dates_people_and_context() {
        let items = fixture("phrase.tmx");
        assert_eq!(
            skips(&items),
            [SkipReason::EmptyText, SkipReason::EmptyText]
        );
        let u = units(&items);
        assert_eq!(u.len(), 1);
        assert_eq!(texts(u[0]), GENEVA);
        assert_eq!(
            u[0].target_markup.as_deref(),
            Some("He added that the summit would be held in <hi type=\"b\">Geneva</hi>.")
        );
        assert_eq!(u[0].previous.as_deref(), Some(WHITE_HOUSE));
        assert_eq!((u[0].created, u[0].changed), (1_709_283_300, 1_709_290_500));
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("amira.hassan", "omar.khalil")
        );
        assert_eq!(u[0].project, "Summit coverage");
        assert_eq!(
            u[0].props.len(),
            7,
            "Phrase's props are kept: {:?}",
            u[0].props
        );
    }

    #[test]
    fn utf16be_reads_any_region_and_case_in_either_order() {
        let items = fixture("utf16be.tmx");
        let u = units(&items);
        assert_eq!(u.len(), 2);
        assert_eq!(
            (
                u[0].tuid.as_str(),
                u[0].source.as_str(),
                u[0].target.as_str()
            ),
            ("eg-1", "الجو حار النهارده.", "It's hot today.")
        );
        assert_eq!(
            (u[0].created, u[0].changed),
            (date("20220501T120000Z"), date("20220501T120000Z"))
        );
        assert_eq!(
            (u[0].author.as_str(), u[0].changed_by.as_str()),
            ("nadia", "")
        );
        assert_eq!(
            (u[1].source.as_str(), u[1].target.as_str()),
            ("أشوفك بكرة.", "See you <tomorrow>.")
        );
        assert_eq!(
            (u[1].author.as_str(), u[1].changed_by.as_str()),
            ("nadia", "nadia")
        );
    }

    #[test]
    fn edge_cases_keep_whitespace_resolve_references_and_skip_with_reasons() {
        let items = fixture("edge-cases.tmx");
        assert_eq!(
            skips(&items),
            [
                SkipReason::NoArabic,
                SkipReason::NoEnglish,
                SkipReason::EmptyText,
                SkipReason::EmptyText
            ]
        );
        let u = units(&items);
        assert_eq!(u.len(), 3);
        let ws = u[0];
        assert_eq!(ws.tuid, "ws");
        assert_eq!(ws.source, "  مسافتان،\nسطر جديد  ");
        assert_eq!(
            ws.target,
            "  Two spaces,\na line break & a tab:\tAB<>\"'<cdata>  "
        );
        assert_eq!(ws.source_markup, None);
        assert_eq!(ws.notes, ["first note", "second note"]);
        assert_eq!(ws.status, UnitStatus::Reviewed);
        assert_eq!(ws.file, "article.txt");
        assert_eq!(ws.previous.as_deref(), Some(""));
        assert_eq!(ws.project, "Default project", "from the header");
        assert_eq!(ws.props, props(&[("domain", "Politics")]));
        // A malformed changedate is ignored.
        assert_eq!(
            (ws.created, ws.changed),
            (date("20240301T101500Z"), date("20240301T101500Z"))
        );
        let codes = u[1];
        assert_eq!(codes.source, "نص رابط وغامق مائل");
        assert_eq!(codes.target, "Text link and bold italic");
        assert_eq!(
            codes.source_markup.as_deref(),
            Some(
                "نص <bpt i=\"1\">&lt;a href=&quot;x&quot;&gt;<sub>Link title</sub></bpt>رابط<ept i=\"1\">&lt;/a&gt;</ept> و<it pos=\"begin\">&lt;b&gt;</it>غامق <ut>{\\b}</ut><hi type=\"i\">مائل</hi>"
            )
        );
        let crlf = u[2];
        assert_eq!(crlf.source, "سطر\nثان\nثالث");
        assert_eq!(crlf.target, "line\ntwo\nthree\r");
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_first_bytes() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx><body><tu>\
                    <tuv xml:lang=\"ar\"><seg>نعم</seg></tuv><tuv xml:lang=\"en\"><seg>yes</seg></tuv>\
                    </tu></body></tmx>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let units = reread(&bytes);
            assert_eq!(
                (units[0].source.as_str(), units[0].target.as_str()),
                ("نعم", "yes")
            );
        }
        // A reader handing out one byte at a time changes nothing.
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let slow = BufReader::with_capacity(1, le.as_slice());
        let items: Vec<_> = TmxReader::new(slow, "slow", None).collect();
        assert!(matches!(&items[..], [Ok(ImportItem::Unit(u))] if u.target == "yes"));
    }

    // ------------------------------------------------------------ bad input

    #[test]
    fn bad_input_is_an_error_with_its_line() {
        let cases: &[(&[u8], &str)] = &[
            (b"<tmx>\n<body>\n<tu>\n</body></tmx>", "4: malformed XML"),
            (b"<tmx><body>\n<tu>", "2: malformed XML: the file ends before"),
            (b"<tmx><body/></tmx>\n<tmx/>", "2: malformed XML: content after the root"),
            (b"<tmx><body/></tmx>\njunk", "2: malformed XML: text outside the root"),
            (b"junk\n<tmx><body/></tmx>", "1: malformed XML: text outside the root"),
            (
                b"<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY x \"y\">]>\n<tmx><body/></tmx>",
                "2: the DOCTYPE declares entities",
            ),
            (
                b"<!DOCTYPE tmx [\n<!entity % p SYSTEM \"http://example.com/x\">]><tmx><body/></tmx>",
                "1: the DOCTYPE declares entities",
            ),
            (
                b"<tmx><body>\n<tu><tuv xml:lang=\"ar\"><seg>&foo;</seg></tuv></tu></body></tmx>",
                "2: undefined entity `&foo;`",
            ),
            (b"<tmx><body>\n\n<tu tuid=\"&x;\"/></body></tmx>", "3: malformed attribute"),
            (b"<tmx><body><tu>&#0;</tu></body></tmx>", "1: malformed character reference"),
            (b"<tmx>\n<body>&#xFFFE;</body></tmx>", "2: malformed XML: a reference to U+FFFE"),
            (b"<?xml version=\"1.0\"?>\n<xliff version=\"2.0\"/>", "2: not a TMX file: the root element is <xliff>"),
            (b"<tmx>\n<header/>\n</tmx>", "3: no <body>: not a TMX file"),
            (b"", "1: no XML element: not a TMX file"),
            (b"  \n ", "2: no XML element: not a TMX file"),
            (b"<tmx><body>\n\n<tu>\xff</tu></body></tmx>", "3: bytes that are not valid UTF-8"),
            (b"<tmx>\n<body>\x01</body></tmx>", "2: the character U+0001, which XML does not allow"),
            (
                b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tmx><body/></tmx>",
                "1: the file declares the encoding ISO-8859-1",
            ),
            (b"<tmx><body><tu></tuv></tu></body></tmx>", "1: malformed XML"),
            (b"<tmx><body><!-- a -- b --></body></tmx>", "1: malformed XML"),
        ];
        for (text, expected) in cases {
            let e = error(text);
            assert!(
                e.starts_with(expected),
                "{:?}: got {e:?}, expected {expected:?}",
                String::from_utf8_lossy(text)
            );
        }
        let deep = format!("<tmx><body>\n{}", "<x>".repeat(100));
        assert!(
            error(deep.as_bytes())
                .starts_with(&format!("2: elements nested deeper than {MAX_DEPTH}"))
        );
        // An external DTD alone is fine (OmegaT writes one), and never fetched.
        let ok = b"<!DOCTYPE tmx SYSTEM \"http://example.invalid/tmx14.dtd\"><tmx><body/></tmx>";
        assert!(read_bytes(ok).is_empty());
    }

    #[test]
    fn pieces_and_units_past_the_limit_are_refused() {
        let long = format!(
            "<tmx><body>\n<tu>{}</tu></body></tmx>",
            "a".repeat(MAX_PIECE + 10)
        );
        assert!(error(long.as_bytes()).starts_with("2: a text or tag longer than 4 MiB"));
        let half = "ب".repeat(MAX_PIECE / 4);
        let big = format!(
            "<tmx><body><tu>\n<tuv xml:lang=\"ar\"><seg>{half}</seg><note>{half}</note><prop type=\"a\">{half}</prop></tuv></tu></body></tmx>"
        );
        assert!(error(big.as_bytes()).contains("a <tu> holding more than 4 MiB"));
    }

    #[test]
    fn open_tmx_refuses_what_is_not_a_regular_file() {
        let dir = temp_dir("open");
        let message = |path: &Path| match open_tmx(path, None) {
            Err(TmError::Io { message, .. }) => message,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("{} opened", path.display()),
        };
        assert_eq!(message(&dir), "not a regular file");
        assert_eq!(message(Path::new("/dev/zero")), "not a regular file");
        assert_eq!(message(&dir.join("missing.tmx")), "no such file");
        let fifo = dir.join("fifo.tmx");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            assert_eq!(message(&fifo), "not a regular file");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dates_read_and_write_as_tmx_dates() {
        assert_eq!(parse_tmx_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_tmx_date("20240229T235959Z"), Some(1_709_251_199));
        assert_eq!(parse_tmx_date("2024-02-29T23:59:59Z"), Some(1_709_251_199));
        for bad in [
            "20230229T000000Z",
            "20241301T000000Z",
            "20240101T240000Z",
            "2024",
            "",
            "20240101 000000Z",
            "2024010１T000000Z",
        ] {
            assert_eq!(parse_tmx_date(bad), None, "{bad}");
        }
        assert_eq!(format_tmx_date(1_709_251_199), "20240229T235959Z");
        assert_eq!(format_tmx_date(i64::MAX), "99991231T235959Z");
        assert_eq!(format_tmx_date(i64::MIN), "00000101T000000Z");
        for secs in [-86_401, 0, 951_782_400, 4_102_444_800] {
            assert_eq!(parse_tmx_date(&format_tmx_date(secs)), Some(secs));
        }
    }

    // ------------------------------------------------------------ writer

    fn nasty_unit() -> Unit {
        Unit {
            id: 7,
            source: "قال \"البيت\" <الأبيض> & 'غيره' \u{1}".into(),
            target: "He said \"x\" <y> & 'z' ]]> \r\n\tend".into(),
            created: 1_700_000_000,
            changed: 1_700_000_100,
            author: "DOMAIN\\amira \"a\"".into(),
            changed_by: "omar\tk".into(),
            project: "P <1>".into(),
            file: "a&b.txt".into(),
            status: UnitStatus::Reviewed,
            previous: Some("سابق <x>".into()),
            notes: vec!["note <i>&</i> ]]>".into(), String::new()],
            props: props(&[("x-Origin", "TM"), ("x-status", "dropped"), ("empty", "")]),
            ..Unit::default()
        }
    }

    #[test]
    fn writer_output_validates_against_the_tmx_dtd() {
        let doc = crate::document::Document::from_source(
            "جملة أولى. جملة ثانية. جملة ثالثة.".into(),
            Some("article.ar.txt".into()),
        );
        let mut doc = doc;
        for s in &mut doc.segments {
            s.en = "An <English> & \"sentence\"".into();
            s.status = crate::document::Status::Translated;
        }
        doc.segments[0].note = "note".into();
        let mut marked = nasty_unit();
        marked.source = "نص رابط".into();
        marked.source_markup = Some(
            "نص <bpt i=\"1\">&lt;a&gt;<sub>t</sub></bpt>رابط<ept i=\"1\">&lt;/a&gt;</ept>".into(),
        );
        let files: Vec<(&str, Vec<u8>)> = vec![
            (
                "units.tmx",
                write(&[&nasty_unit(), &marked, &Unit::new("ا", "b")]),
            ),
            (
                "project.tmx",
                crate::formats::tmx::write_tmx(&doc).into_bytes(),
            ),
            ("empty.tmx", write(&[])),
            (
                "header.tmx",
                TmxWriter::with_header(Vec::new(), 0, &props(&[("x-project", "p")]))
                    .unwrap()
                    .finish()
                    .unwrap(),
            ),
        ];
        let probe = std::process::Command::new("xmllint")
            .arg("--version")
            .output();
        if !probe.is_ok_and(|o| o.status.success()) {
            assert!(
                std::env::var("TARJUMAN_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "xmllint (Debian libxml2-utils) is required (TARJUMAN_REQUIRE_TOOLS=1) but not available"
            );
            eprintln!(
                "SKIPPED: xmllint is not available (set TARJUMAN_REQUIRE_TOOLS=1 to make this fail)"
            );
            return;
        }
        let dir = temp_dir("xmllint");
        for (name, bytes) in &files {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let out = std::process::Command::new("xmllint")
                .args(["--noout", "--nonet", "--dtdvalid"])
                .arg(data("tmx14.dtd"))
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {}\n{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(bytes)
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writer_reads_back_to_the_same_unit() {
        let unit = nasty_unit();
        let bytes = write(&[&unit]);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("<tu tuid=\"7\" creationdate=\"20231114T221320Z\""));
        assert!(text.contains(
            "<prop type=\"x-context-pre\">&lt;seg&gt;سابق &amp;lt;x&amp;gt;&lt;/seg&gt;</prop>"
        ));
        assert!(
            !text.contains("dropped"),
            "our own prop types are the fields'"
        );
        let back = reread(&bytes);
        let mut expected = unit.clone();
        expected.id = 0;
        expected.tuid = "7".into();
        expected.source = expected.source.replace('\u{1}', "\u{FFFD}");
        expected.props.remove(1);
        assert_eq!(back, [expected]);
        // Markup that does not match the text is not written.
        let mut stale = Unit::new("جديد", "new");
        stale.source_markup = Some("<ph>x</ph>قديم".into());
        stale.target_markup = Some("<ph>broken".into());
        let back = reread(&write(&[&stale]));
        assert_eq!(
            (
                back[0].source_markup.as_ref(),
                back[0].target_markup.as_ref()
            ),
            (None, None)
        );
        assert_eq!(
            (back[0].source.as_str(), back[0].target.as_str()),
            ("جديد", "new")
        );
        // Only a changeid: an empty creationid keeps the author empty.
        let mut nobody = Unit::new("ا", "b");
        nobody.changed_by = "omar".into();
        assert_eq!(reread(&write(&[&nobody]))[0].author, "");
    }

    #[test]
    fn every_fixture_exports_imports_and_exports_again_identically() {
        for name in [
            "omegat-level1.tmx",
            "omegat-level2.tmx",
            "trados-utf16le.tmx",
            "memoq-utf8bom.tmx",
            "phrase.tmx",
            "utf16be.tmx",
            "edge-cases.tmx",
        ] {
            let items = fixture(name);
            let first = units(&items);
            let bytes = write(&first);
            let back = reread(&bytes);
            let back_refs: Vec<&Unit> = back.iter().collect();
            assert_eq!(back_refs, first, "{name}");
            assert_eq!(write(&back_refs), bytes, "{name}");
        }
    }

    #[test]
    fn project_export_is_one_unit_per_finished_segment_with_context() {
        let mut doc = crate::document::Document::from_source(
            "جملة أولى. جملة ثانية. جملة ثالثة.".into(),
            Some("/x/article.ar.txt".into()),
        );
        doc.segments[0].en = "First.".into();
        doc.segments[0].status = crate::document::Status::Reviewed;
        doc.segments[0].note = "check".into();
        doc.segments[2].en = "Third.".into();
        doc.segments[2].status = crate::document::Status::Translated;
        let units = reread(crate::formats::tmx::write_tmx(&doc).as_bytes());
        assert_eq!(units.len(), 2);
        assert_eq!(
            (units[0].tuid.as_str(), units[0].target.as_str()),
            ("1", "First.")
        );
        assert_eq!(units[0].status, UnitStatus::Reviewed);
        assert_eq!(units[0].previous.as_deref(), Some(""));
        assert_eq!(units[0].notes, ["check"]);
        assert_eq!(units[0].file, "article.ar.txt");
        assert_eq!(units[0].author, crate::tm::login_name());
        assert_eq!(units[1].tuid, "3");
        assert_eq!(units[1].previous.as_deref(), Some(doc.source_of(1)));
        assert_eq!(units[1].status, UnitStatus::Translated);
        assert!(units[1].created > 1_700_000_000);
    }

    #[test]
    fn write_tmx_file_is_atomic() {
        let dir = temp_dir("file");
        let path = dir.join("out.tmx");
        std::fs::write(&path, "old").unwrap();
        let unit = Unit::new("نعم", "yes");
        let n = write_tmx_file(&path, |each| {
            each(&unit)?;
            each(&unit)
        })
        .unwrap();
        assert_eq!(n, 2);
        let written = std::fs::read(&path).unwrap();
        assert_eq!(reread(&written).len(), 2);
        let failed = write_tmx_file(&path, |each| {
            each(&unit)?;
            Err(TmError::Cancelled { path: "tm".into() })
        });
        assert!(matches!(failed, Err(TmError::Cancelled { .. })));
        assert_eq!(std::fs::read(&path).unwrap(), written, "left as it was");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            [std::ffi::OsString::from("out.tmx")],
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A TMX of `units` identical units, made as it is read.
    struct Generated {
        parts: [Vec<u8>; 3],
        units: u64,
        part: usize,
        at: usize,
    }

    impl io::Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            loop {
                if self.part == 1 && self.units == 0 {
                    self.part = 2;
                }
                let Some(bytes) = self.parts.get(self.part) else {
                    return Ok(0);
                };
                let n = (bytes.len() - self.at).min(buf.len());
                buf[..n].copy_from_slice(&bytes[self.at..self.at + n]);
                self.at += n;
                if self.at == bytes.len() {
                    self.at = 0;
                    if self.part == 1 {
                        self.units -= 1;
                    } else {
                        self.part += 1;
                    }
                }
                if n > 0 {
                    return Ok(n);
                }
            }
        }
    }

    fn peak_rss_kib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// About 150 MB through the reader (20 s unoptimised: run with `--ignored`).
    #[test]
    #[ignore]
    fn a_large_file_streams_in_bounded_memory() {
        let unit = write(&[&nasty_unit()]);
        let text = String::from_utf8(unit).unwrap();
        let start = text.find("    <tu").unwrap();
        let end = text.find("  </body>").unwrap();
        let units = 200_000u64;
        let input = Generated {
            parts: [
                text.as_bytes()[..start].to_vec(),
                text.as_bytes()[start..end].to_vec(),
                text.as_bytes()[end..].to_vec(),
            ],
            units,
            part: 0,
            at: 0,
        };
        let total = (text.len() - (end - start)) as u64 + (end - start) as u64 * units;
        assert!(total > 100 << 20, "{total}");
        let before = peak_rss_kib();
        let progress = Progress::default();
        let mut count = 0u64;
        for item in TmxReader::new(BufReader::new(input), "big", Some(&progress)) {
            assert!(matches!(item, Ok(ImportItem::Unit(_))));
            count += 1;
        }
        assert_eq!(count, units);
        assert_eq!(progress.bytes_done.load(Ordering::Relaxed), total);
        if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
            // Other tests may run alongside: a loose bound, far below the input.
            eprintln!("peak RSS {before} KiB → {after} KiB for {total} bytes");
            assert!(after - before < 64 * 1024, "{before} KiB → {after} KiB");
        }
    }

    // ------------------------------------------------------------ properties

    const TEXT: &str =
        "[ابتثجحخدذرسشصضطظعغفقكلمنهوية ء٠-٩0-9a-zA-Z.,;:!?؟،«»()\\[\\]<>&\"'/=\\\\\n\t\r ]{0,30}";

    fn text_strategy() -> impl Strategy<Value = String> {
        TEXT.prop_filter("not blank", |s| !s.trim().is_empty())
    }

    fn kind_strategy() -> impl Strategy<Value = String> {
        // Not our own types (the fields stand for them) nor those that fill a field.
        "[a-zA-Z][a-zA-Z0-9:_-]{0,12}".prop_filter("not a field's prop", |k| {
            own_field(k).is_none() && foreign_field(k).is_none()
        })
    }

    fn unit_strategy() -> impl Strategy<Value = Unit> {
        (
            (text_strategy(), text_strategy(), TEXT, TEXT, TEXT),
            (0i64..4_102_444_800, 0i64..4_102_444_800, TEXT, TEXT),
            (
                proptest::option::of(TEXT),
                any::<bool>(),
                proptest::collection::vec((kind_strategy(), TEXT), 0..3),
                proptest::collection::vec(TEXT, 0..3),
            ),
        )
            .prop_map(
                |(
                    (source, target, tuid, author, changed_by),
                    (created, changed, project, file),
                    (previous, reviewed, props, notes),
                )| Unit {
                    source,
                    target,
                    tuid,
                    author,
                    changed_by,
                    created,
                    changed,
                    project,
                    file,
                    previous,
                    status: if reviewed {
                        UnitStatus::Reviewed
                    } else {
                        UnitStatus::Translated
                    },
                    props,
                    notes,
                    ..Unit::default()
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_bytes_never_panic_and_end(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let items: Vec<_> = TmxReader::new(bytes.as_slice(), "p", None).take(1000).collect();
            prop_assert!(items.len() < 1000);
        }

        #[test]
        fn mangled_tmx_never_panics(cut in 0usize..2400, at in 0usize..2400, junk in proptest::collection::vec(any::<u8>(), 0..8)) {
            let mut bytes = std::fs::read(data("edge-cases.tmx")).unwrap();
            let at = at.min(bytes.len());
            bytes.splice(at..at, junk);
            bytes.truncate(cut.max(at));
            let items: Vec<_> = TmxReader::new(bytes.as_slice(), "p", None).take(1000).collect();
            prop_assert!(items.len() < 1000);
        }

        #[test]
        fn export_import_export_is_stable(units in proptest::collection::vec(unit_strategy(), 0..6)) {
            let refs: Vec<&Unit> = units.iter().collect();
            let bytes = write(&refs);
            let back = reread(&bytes);
            prop_assert_eq!(&back, &units);
            let back_refs: Vec<&Unit> = back.iter().collect();
            prop_assert_eq!(write(&back_refs), bytes);
        }
    }
}
