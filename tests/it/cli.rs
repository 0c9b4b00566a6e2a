//! The command line, run as a user runs it.

use std::path::Path;
use std::process::Output;

use crate::{tarjuman, temp_dir, text};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/biden-putin-ransomware.ar.txt"
);

fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

fn assert_clean_failure(o: &Output, needle: &str) {
    assert!(!o.status.success(), "should fail: {}", stdout(o));
    let err = stderr(o);
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn suggest_json_has_the_documented_shape_and_true_offsets() {
    let dir = temp_dir("json");
    let o = tarjuman(&["suggest", "--json", SEED], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let input = std::fs::read_to_string(SEED).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let segments = json["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 22);
    let mut ransomware = 0;
    for (i, s) in segments.iter().enumerate() {
        assert_eq!(s["id"], i);
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(s["source"].as_str().unwrap(), &input[start..end]);
        for g in s["suggestions"].as_array().unwrap() {
            let (a, b) = (
                g["start"].as_u64().unwrap() as usize,
                g["end"].as_u64().unwrap() as usize,
            );
            assert!(
                start <= a && a < b && b <= end,
                "suggestion outside its segment"
            );
            assert_eq!(g["matched"].as_str().unwrap(), &input[a..b]);
            if g["en"] == "ransomware" {
                ransomware += 1;
            }
        }
    }
    // “برمجيات الفدية”, ببرمجيات الفدية and the variant “برامج الفدية”.
    assert_eq!(ransomware, 3, "ransomware suggested {ransomware} times");
    // Keys in the documented order (serde_json::Value would sort them, so read the text).
    let raw = String::from_utf8(o.stdout).unwrap();
    let mut at = 0;
    for key in [
        "segments",
        "id",
        "paragraph",
        "start",
        "end",
        "source",
        "suggestions",
        "ar",
        "en",
        "en_alternatives",
        "domain",
        "note",
        "start",
        "end",
        "matched",
        "kind",
        "analysis",
        "insert",
        "number",
        "en_plural",
        "number_reason",
    ] {
        let found = raw[at..]
            .find(&format!("\"{key}\":"))
            .unwrap_or_else(|| panic!("no {key} after byte {at}"));
        at += found + key.len();
    }
    assert!(
        raw.starts_with(r#"{"segments":[{"id":0,"paragraph":0,"start":0,"#),
        "{}",
        &raw[..80]
    );
}

#[test]
fn suggest_reads_standard_input_and_prints_for_people() {
    let dir = temp_dir("stdin");
    let o = crate::tarjuman_with_stdin(
        &["suggest", "-"],
        &dir,
        "هاجم القراصنة الخوادم ببرمجيات الفدية.",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("ببرمجيات الفدية → ransomware"), "{out}");
    assert!(out.contains("morphology: ب+برمجيات الفدية"), "{out}");
}

#[test]
fn a_glossary_in_the_current_directory_is_used() {
    let dir = temp_dir("local");
    std::fs::write(
        dir.join("glossary.toml"),
        "[glossary]\nname = \"Local\"\n\n[[term]]\nar = \"قمة\"\nen = \"summit meeting\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("in.txt"), "خلال قمتهما في جنيف.").unwrap();
    let o = tarjuman(&["suggest", "in.txt"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("قمتهما → summit meeting"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn suggestions_for_people_warn_of_terms_not_to_use() {
    let dir = temp_dir("do-not-use");
    std::fs::write(
        dir.join("glossary.toml"),
        "[glossary]\nname = \"Local\"\n\n\
         [[term]]\nar = \"قرصنة\"\nen = \"piracy\"\nstatus = \"deprecated\"\n\n\
         [[term]]\nar = \"فدية\"\nen = \"ransom\"\nforbidden_en = [\"ransom money\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("in.txt"), "عملية قرصنة وطلب فدية.").unwrap();
    let o = tarjuman(&["suggest", "in.txt"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("قرصنة → piracy — Do not use (deprecated)"),
        "{out}"
    );
    assert!(out.contains("فدية → ransom — Not: ransom money"), "{out}");
    // The JSON keeps its documented shape.
    let o = tarjuman(&["suggest", "--json", "in.txt"], &dir);
    assert!(!stdout(&o).contains("status"), "{}", stdout(&o));
}

#[test]
fn bad_input_fails_with_one_clear_line() {
    let dir = temp_dir("bad");
    assert_clean_failure(
        &tarjuman(&["suggest", "missing.txt"], &dir),
        "missing.txt: no such file",
    );
    assert_clean_failure(&tarjuman(&["suggest", "."], &dir), "is a directory");
    std::fs::write(dir.join("latin1.txt"), b"abc \xe9t\xe9").unwrap();
    assert_clean_failure(
        &tarjuman(&["suggest", "latin1.txt"], &dir),
        "not valid UTF-8 at byte offset 4",
    );
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    let o = tarjuman(&["suggest", "--json", "empty.txt"], &dir);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), r#"{"segments":[]}"#);
}

#[test]
fn an_invalid_glossary_is_refused_with_its_place() {
    let dir = temp_dir("invalid");
    std::fs::write(dir.join("g.toml"), "[glossary]\nname = \"x\"\n\n[[term]]\nar = \"قمة\"\nen = \"summit\"\ndomian = \"diplomacy\"\n").unwrap();
    std::fs::write(dir.join("in.txt"), "قمة").unwrap();
    let o = tarjuman(&["suggest", "--glossary", "g.toml", "in.txt"], &dir);
    assert_clean_failure(&o, "g.toml:7:1: term #1 (قمة): unknown key `domian`");
    let o = tarjuman(&["glossary", "check", "g.toml"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("g.toml:7:1:"), "{}", stdout(&o));
    assert!(stderr(&o).contains("1 problem"), "{}", stderr(&o));
}

#[test]
fn glossary_check_accepts_the_shipped_glossary() {
    let o = tarjuman(
        &["glossary", "check", "glossary.toml"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("ok,"), "{}", stdout(&o));
}

#[test]
fn suggest_explain_says_why_look_alikes_are_not_terms() {
    let dir = temp_dir("explain");
    let input = "قال مصدر قضائي إن الإطار القانوني لا يكفي، وأصدرت القاضية حكمها.";
    let o = crate::tarjuman_with_stdin(&["suggest", "--explain", "-"], &dir, input);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // The suggestions as without --explain, then the readings per word.
    assert!(
        out.contains("  القاضية → judge  [morphology: ال+قاضي+ة; term قاضٍ]"),
        "{out}"
    );
    for line in [
        "  ? قضائي (bytes ",
        "      قضاء+ي = قضاء (judiciary): rejected: nisba adjective (ي after a noun's stem)",
        "  ? القانوني (bytes ",
        "      ال+قانون+ي = قانون (law): rejected: nisba adjective (a definite word with ي after the stem)",
        "      ال+قاضي+ة = قاضٍ (judge): suggested",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    assert!(!out.contains("القانوني → "), "{out}");
    // Without the flag, no explanation.
    let o = crate::tarjuman_with_stdin(&["suggest", "-"], &dir, input);
    assert!(!stdout(&o).contains("rejected"), "{}", stdout(&o));

    // JSON: an `explain` array per segment, only with the flag.
    let o = crate::tarjuman_with_stdin(&["suggest", "--json", "--explain", "-"], &dir, input);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let words = json["segments"][0]["explain"].as_array().unwrap();
    let word = words.iter().find(|w| w["word"] == "القانوني").unwrap();
    let (a, b) = (
        word["start"].as_u64().unwrap() as usize,
        word["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&input[a..b], "القانوني");
    assert_eq!(word["readings"][0]["verdict"], "rejected");
    assert_eq!(word["readings"][0]["ar"], "قانون");
    assert_eq!(word["readings"][0]["reading"], "ال+قانون+ي");
    let o = crate::tarjuman_with_stdin(&["suggest", "--json", "-"], &dir, input);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["segments"][0].get("explain").is_none());
}

/// A glossary with a slip of each kind: a variant equal to its term's
/// Arabic after normalisation (ارهاب beside إرهاب), a repeated variant, and
/// two terms with the same Arabic.
const SLIPS: &str = "[glossary]\nname = \"Slips\"\n\n\
    [[term]]\nar = \"إرهاب\"\nen = \"terrorism\"\nar_variants = [\"ارهاب\"]\n\n\
    [[term]]\nar = \"هجوم\"\nen = \"attack\"\nar_variants = [\"هجمات\", \"الهجمات\"]\n\n\
    [[term]]\nar = \"قمة\"\nen = \"summit\"\n\n\
    [[term]]\nar = \"القمة\"\nen = \"top\"\n";

#[test]
fn glossary_warnings_are_listed_and_exit_0_unless_strict() {
    let dir = temp_dir("check-warnings");
    std::fs::write(dir.join("g.toml"), SLIPS).unwrap();
    let o = tarjuman(&["glossary", "check", "g.toml"], &dir);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    for needle in [
        "g.toml:4:1: term #1 (إرهاب): `ارهاب` repeats `إرهاب` after normalisation (warning)",
        "g.toml:9:1: term #2 (هجوم): `الهجمات` repeats `هجمات` after normalisation (warning)",
        "g.toml:18:1: term #4 (القمة): `القمة` duplicates `قمة` of term #3 at line 14 after normalisation (warning)",
        "g.toml: ok, 4 terms (Slips), 3 warnings",
    ] {
        assert!(out.contains(needle), "{needle:?} missing from:\n{out}");
    }
    let o = tarjuman(&["glossary", "check", "--strict", "g.toml"], &dir);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("(warning)"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("g.toml: 3 warnings (--strict)"),
        "{}",
        stderr(&o)
    );
    // Errors still fail, strict or not, and warnings alone never do.
    std::fs::write(
        dir.join("clean.toml"),
        "[glossary]\nname = \"x\"\n\n[[term]]\nar = \"قمة\"\nen = \"summit\"\n",
    )
    .unwrap();
    let o = tarjuman(&["glossary", "check", "--strict", "clean.toml"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn glossary_warnings_never_stop_suggest_qa_or_export() {
    let dir = temp_dir("warnings-run");
    std::fs::write(dir.join("g.toml"), SLIPS).unwrap();
    std::fs::write(dir.join("in.txt"), "أدان الإرهاب والهجمات خلال القمة.").unwrap();
    let o = tarjuman(&["suggest", "--glossary", "g.toml", "in.txt"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("الإرهاب → terrorism"), "{out}");
    assert!(out.contains("والهجمات → attack"), "{out}");
    // Two terms with one Arabic: both suggested, at the same words.
    assert!(out.contains("القمة → summit"), "{out}");
    assert!(out.contains("القمة → top"), "{out}");
    let o = tarjuman(
        &["suggest", "--json", "--glossary", "g.toml", "in.txt"],
        &dir,
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let suggestions = json["segments"][0]["suggestions"].as_array().unwrap();
    let summit: Vec<_> = suggestions
        .iter()
        .filter(|s| s["matched"] == "القمة")
        .map(|s| s["en"].as_str().unwrap())
        .collect();
    assert_eq!(summit, ["summit", "top"]);
    // QA runs (and finds the untranslated segment), export writes.
    let o = tarjuman(&["qa", "--glossary", "g.toml", "in.txt"], &dir);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("g.toml"), "{}", stderr(&o));
    assert!(stdout(&o).contains("untranslated"), "{}", stdout(&o));
    let o = tarjuman(
        &[
            "export",
            "in.txt",
            "--format",
            "html",
            "--glossary",
            "g.toml",
            "-o",
            "out.html",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("out.html")).unwrap();
    assert!(html.contains("terrorism"), "terms marked");
    let o = tarjuman(&["glossary", "export", "--format", "csv", "g.toml"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 5, "{}", stdout(&o));
}
