//! The translation memory in the window, driven by keyboard and commands:
//! confirming writes the TM, the Matches panel shows a repeated sentence,
//! Ctrl+1 uses a match, entering an empty segment inserts a 100 % match,
//! repetitions propagate, pre-translation is one undo step, concordance
//! finds a clitic form, a TMX imports in the background.

use std::path::{Path, PathBuf};

use crate::egui::{self, Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use tarjuman::document::{SegmentOrigin, Status};
use tarjuman::tm::{TmStore, Unit, sqlite::SqliteTm};
use tarjuman::ui::{App, Command, Options};

use crate::{harness_with, temp_dir};

const SIZE: egui::Vec2 = vec2(1400.0, 860.0);

/// A wire story in which the sixth sentence repeats the first, the fourth
/// differs from the second only by a clitic, and the fifth by a number.
const STORY: &str = "\
قال وزير الخارجية الفرنسي إن المحادثات مع إيران ستستأنف في فيينا.
وأعلنت الشركة عن هجوم إلكتروني استهدف خوادمها في الصيف.
وأكد المتحدث أن التحقيق ما زال جاريا.
أعلنت الشركة عن هجوم إلكتروني استهدف خوادمها في الصيف.
وفرضت واشنطن عقوبات على 35 شركة في 2021.
قال وزير الخارجية الفرنسي إن المحادثات مع إيران ستستأنف في فيينا.
";

/// The story as a text file, and a window on it writing to a TM of its own.
fn story_window(name: &str) -> (Harness<'static, App>, PathBuf) {
    story_window_with(name, &[])
}

/// The story, with a TM holding `units` before the window opens.
fn story_window_with(name: &str, units: &[(&str, &str)]) -> (Harness<'static, App>, PathBuf) {
    let dir = temp_dir(name);
    let tm = dir.join("default.tmdb");
    let mut store = SqliteTm::open(&tm).unwrap();
    for (ar, en) in units {
        store.add(&Unit::new(ar, en)).unwrap();
    }
    drop(store);
    let text = dir.join("story.ar.txt");
    std::fs::write(&text, STORY).unwrap();
    (window_on(&text, &tm), tm)
}

fn window_on(text: &Path, tm: &Path) -> Harness<'static, App> {
    let mut h = harness_with(
        Options {
            open: Some(text.to_owned()),
            glossary: None,
            autosave: false,
            default_tm: Some(tm.to_owned()),
        },
        SIZE,
    );
    settle(&mut h);
    h
}

/// Lets the TM worker answer, then draws what it answered.
fn settle(h: &mut Harness<'static, App>) {
    h.run();
    h.state_mut().wait_for_tm();
    h.run();
}

fn confirm(h: &mut Harness<'static, App>, segment: usize, english: &str) {
    let label = format!("English {}", segment + 1);
    h.get_by_label(&label).click();
    h.run();
    h.get_by_label(&label).type_text(english);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    settle(h);
}

fn units(tm: &Path) -> Vec<Unit> {
    let store = SqliteTm::open(tm).unwrap();
    let mut out = Vec::new();
    store
        .export(&mut |u| {
            out.push(u.clone());
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn confirming_writes_the_tm_and_a_clitic_variant_gets_the_match() {
    let (mut h, tm) = story_window("tm-confirm");
    let english = "The company announced a cyberattack that targeted its servers in the summer.";
    confirm(&mut h, 1, english);
    // Written at once, with where it came from and the sentence before it.
    let written = units(&tm);
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(written[0].target, english);
    assert_eq!(written[0].file, "story.ar.txt");
    assert_eq!(
        written[0].previous.as_deref(),
        Some(h.state().ws.doc.source_of(0))
    );
    // Segment 4 differs only by the conjunction و: the match is shown, ≥ 90 %.
    h.state_mut().command(Command::Activate {
        segment: 3,
        focus: true,
    });
    settle(&mut h);
    let app = h.state();
    assert_eq!(app.tm.matches_for, Some(3));
    let best = &app.tm.matches[0];
    assert!((90..100).contains(&best.score), "{}", best.score);
    assert_eq!(best.unit.target, english);
    assert!(
        h.query_by_label_contains(&format!("{} %", best.score))
            .is_some(),
        "the panel shows the score"
    );
    assert!(h.query_all_by_label_contains("Ctrl+1").next().is_some());
    // Not inserted by itself (below 100 %); Ctrl+1 puts it in.
    assert_eq!(h.state().ws.doc.segments[3].en, "");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    settle(&mut h);
    let segment = &h.state().ws.doc.segments[3];
    assert_eq!(segment.en, english);
    assert_eq!(segment.status, Status::Draft);
    assert!(matches!(segment.origin, Some(SegmentOrigin::Tm { score, .. }) if score >= 90));
    h.get_by_label_contains("from TM, 9");
    // One undo step takes it out again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[3].en, "");
}

#[test]
fn a_changed_number_is_substituted_in_the_match() {
    let (mut h, _) = story_window_with(
        "tm-number",
        &[(
            "وفرضت واشنطن عقوبات على 40 شركة في 2020.",
            "Washington imposed sanctions on 40 companies in 2020.",
        )],
    );
    h.state_mut().command(Command::Activate {
        segment: 4,
        focus: true,
    });
    settle(&mut h);
    let best = h.state().tm.matches[0].clone();
    assert!(best.score < 100, "{}", best.score);
    assert_eq!(
        best.suggested,
        "Washington imposed sanctions on 35 companies in 2021."
    );
    h.get_by_label_contains("Numbers substituted");
}

#[test]
fn confirming_propagates_to_repetitions_and_entering_inserts_a_100_match() {
    let (mut h, tm) = story_window("tm-propagate");
    let english = "French Foreign Minister said talks with Iran would resume in Vienna.";
    confirm(&mut h, 0, english);
    // The sixth sentence repeats the first: filled as a propagated draft.
    let sixth = &h.state().ws.doc.segments[5];
    assert_eq!(sixth.en, english);
    assert_eq!(sixth.status, Status::Draft);
    assert_eq!(sixth.origin, Some(SegmentOrigin::Propagated { from: 0 }));
    // Undo takes the propagation back first, then the confirmation.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[5].en, "");
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Translated);
    // Undo went to the repetition without refilling it; entering it again
    // inserts the 100 % match from the TM.
    assert_eq!(h.state().active, 5);
    settle(&mut h);
    assert_eq!(h.state().ws.doc.segments[5].en, "");
    h.state_mut().command(Command::Activate {
        segment: 4,
        focus: true,
    });
    settle(&mut h);
    h.state_mut().command(Command::Activate {
        segment: 5,
        focus: true,
    });
    settle(&mut h);
    let sixth = &h.state().ws.doc.segments[5];
    assert_eq!(sixth.en, english);
    assert_eq!(sixth.status, Status::Draft, "left as draft until confirmed");
    assert!(matches!(
        sixth.origin,
        Some(SegmentOrigin::Tm { score: 100, .. })
    ));
    assert_eq!(units(&tm).len(), 1);
}

#[test]
fn editing_a_confirmed_segment_updates_its_unit() {
    let (mut h, tm) = story_window("tm-update");
    confirm(
        &mut h,
        2,
        "The spokesman said the investigation was ongoing",
    );
    h.state_mut().command(Command::Activate {
        segment: 2,
        focus: true,
    });
    settle(&mut h);
    h.state_mut().command(Command::EditText {
        segment: 2,
        text: "The spokesman said the investigation was ongoing.".into(),
    });
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    settle(&mut h);
    let written = units(&tm);
    assert_eq!(written.len(), 1, "one unit, updated: {written:?}");
    assert_eq!(
        written[0].target,
        "The spokesman said the investigation was ongoing."
    );
    // Reviewing it marks the unit reviewed.
    h.state_mut().command(Command::Activate {
        segment: 2,
        focus: true,
    });
    h.run();
    h.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        Key::Enter,
    );
    settle(&mut h);
    assert_eq!(units(&tm)[0].status, tarjuman::tm::UnitStatus::Reviewed);
}

#[test]
fn pretranslation_fills_and_undoes_in_one_step() {
    let (mut h, _) = story_window_with(
        "tm-pretranslate",
        &[
            (
                "قال وزير الخارجية الفرنسي إن المحادثات مع إيران ستستأنف في فيينا.",
                "The French foreign minister said talks with Iran would resume in Vienna.",
            ),
            (
                "وأكد المتحدث أن التحقيق ما زال جاريا حتى الآن.",
                "The spokesman stressed that the investigation was still under way.",
            ),
        ],
    );
    // Moving on from segment 1 first: entering it inserted its 100 % match.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "");
    h.state_mut().command(Command::PretranslateDialog);
    h.run();
    h.get_by_label("Run pre-translation").click();
    settle(&mut h);
    let doc = &h.state().ws.doc;
    assert_eq!(doc.segments[0].status, Status::Translated);
    assert_eq!(doc.segments[5].status, Status::Translated);
    // Two words fewer than the TM sentence: a fuzzy match, filled as a draft.
    assert_eq!(doc.segments[2].status, Status::Draft);
    assert!(doc.segments[2].en.starts_with("The spokesman"));
    assert_eq!(doc.segments[1].en, "");
    h.get_by_label_contains("segment(s) filled");
    h.get_by_label("No match");
    let analysis = h.state().tm.pretranslate.analysis.clone().unwrap();
    assert_eq!(analysis.total().segments, 6);
    assert_eq!(
        analysis
            .get(tarjuman::tm::pretranslate::Band::Exact)
            .segments
            + analysis
                .get(tarjuman::tm::pretranslate::Band::Context)
                .segments,
        2
    );
    // One undo step empties every filled segment.
    h.state_mut().command(Command::Undo);
    h.run();
    let doc = &h.state().ws.doc;
    assert!(doc.segments.iter().all(|s| s.en.is_empty()), "{doc:?}");
}

#[test]
fn concordance_finds_a_clitic_form() {
    let (mut h, _) = story_window_with(
        "tm-concordance",
        &[
            (
                "وتعرضت الوزارة للهجوم الإلكتروني الأسبوع الماضي.",
                "The ministry was hit by the cyberattack last week.",
            ),
            ("ارتفعت الأسعار.", "Prices rose."),
        ],
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_label("Search the TMs:").type_text("هجوم");
    h.run();
    h.get_by_label("Search").click();
    settle(&mut h);
    let hits = h.state().tm.concordance.hits.clone();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        &hits[0].unit.source[hits[0].source_hits[0].clone()],
        "للهجوم"
    );
    h.get_by_label_contains("1 hit(s)");
    // Insert puts the English at the caret of the active segment.
    h.get_by_label("Insert").click();
    h.run();
    assert_eq!(
        h.state().ws.doc.segments[0].en,
        "The ministry was hit by the cyberattack last week."
    );
}

#[test]
fn a_tmx_imports_in_the_background_into_the_writable_tm() {
    let (mut h, tm) = story_window("tm-import");
    let tmx = crate::repo().join("tests/data/tmx/omegat-level2.tmx");
    h.state_mut().command(Command::ImportTmx(tmx));
    settle(&mut h);
    let info = h.state().info.clone().unwrap_or_default();
    assert!(info.contains("imported"), "{info}");
    assert!(!units(&tm).is_empty());
}

#[test]
fn a_cancelled_import_imports_nothing() {
    let (mut h, tm) = story_window("tm-cancel");
    let big = tm.with_file_name("big.tmx");
    let mut tmx = String::from("<?xml version=\"1.0\"?><tmx version=\"1.4\"><header/><body>");
    for i in 0..80_000 {
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"ar\"><seg>جملة رقم {i}</seg></tuv><tuv xml:lang=\"en\"><seg>Sentence {i}</seg></tuv></tu>"
        ));
    }
    tmx.push_str("</body></tmx>");
    std::fs::write(&big, tmx).unwrap();
    h.state_mut().command(Command::ImportTmx(big));
    h.run();
    h.get_by_label_contains("Importing TMX");
    h.get_by_label("Cancel").click();
    settle(&mut h);
    let info = h.state().info.clone().unwrap_or_default();
    assert!(info.contains("cancelled"), "{info}");
    assert!(units(&tm).is_empty());
}

#[test]
fn a_confirmation_waits_while_another_program_writes_the_tm_and_is_written_after() {
    let (mut h, tm) = story_window("tm-busy");
    // Another program (an import from the command line) holds the write lock.
    let other = rusqlite::Connection::open(&tm).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let english = "The spokesman stressed that the investigation was still under way.";
    confirm(&mut h, 2, english);
    assert_eq!(h.state().tm_unwritten(), 1);
    let info = h.state().info.clone().unwrap_or_default();
    assert!(info.contains("busy"), "{info}");
    assert_eq!(
        h.state().ws.doc.segments[2].en,
        english,
        "the translation is kept"
    );
    other.execute_batch("COMMIT;").unwrap();
    drop(other);
    // Retried every two seconds of the window's clock.
    for _ in 0..10 {
        h.run_steps(60);
        if h.state().tm_unwritten() == 0 {
            break;
        }
    }
    assert_eq!(h.state().tm_unwritten(), 0);
    assert_eq!(units(&tm)[0].target, english);
}
