//! Importing a term base in the glossary editor window: a preview with
//! counts and a choice per conflict, one undo step, bad files change nothing.

use std::path::PathBuf;

use crate::egui::{self, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use tarjuman::ui::{App, Command, Options};

use crate::{copy_to_temp, repo, seed_text, temp_dir};

const SIZE: egui::Vec2 = vec2(1280.0, 820.0);
const HEADER: &str = "ar,en,ar_variants,en_alternatives,domain,status,note\n";

/// The app on the seed with a temporary copy of the repository's glossary,
/// the glossary editor open.
fn harness_with_editor(name: &str) -> Harness<'static, App> {
    let glossary = copy_to_temp(&repo().join("glossary.toml"), name);
    let open = copy_to_temp(&seed_text(), name);
    let mut h = crate::harness_with(
        Options {
            open: Some(open),
            glossary: Some(glossary),
            autosave: false,
            default_tm: crate::test_tm(),
        },
        SIZE,
    );
    h.run();
    h.state_mut().command(Command::ToggleGlossaryEditor);
    h.run();
    assert!(h.state().gloss.open);
    h
}

fn english_of(app: &App, ar: &str) -> Option<String> {
    app.ws
        .glossary
        .terms
        .iter()
        .find(|t| t.ar == ar)
        .map(|t| t.en.clone())
}

fn write_file(name: &str, file: &str, text: &str) -> PathBuf {
    let path = temp_dir(name).join(file);
    std::fs::write(&path, text).unwrap();
    path
}

/// Imports a CSV with one new term (حوسبة كمومية) and one that conflicts
/// with the shipped glossary (برمجيات الفدية = ransom malware).
fn import_one_new_one_conflicting(h: &mut Harness<'static, App>, name: &str) {
    let csv = write_file(
        name,
        "terms.csv",
        &format!(
            "{HEADER}حوسبة كمومية,quantum computing,,,cybersecurity,,\n\
             برمجيات الفدية,ransom malware,,,cybersecurity,,\n"
        ),
    );
    h.state_mut().command(Command::ImportGlossary(csv));
    h.run();
}

#[test]
fn importing_a_csv_previews_then_applies_the_choices_as_one_undo_step() {
    let mut h = harness_with_editor("gloss-import");
    let terms = h.state().ws.glossary.terms.len();
    assert_eq!(
        english_of(h.state(), "برمجيات الفدية").as_deref(),
        Some("ransomware")
    );
    assert_eq!(english_of(h.state(), "حوسبة كمومية"), None);
    import_one_new_one_conflicting(&mut h, "gloss-import-csv");
    assert!(
        h.state().gloss.import.is_some(),
        "{:?}",
        h.state().gloss.message
    );
    h.get_by_label("1 new · 0 identical · 1 conflicting");
    h.get_by_label("Existing: ransomware");
    h.get_by_label("Incoming: ransom malware (line 3)");
    // Nothing changes before Apply.
    assert_eq!(h.state().ws.glossary.terms.len(), terms);

    h.get_by_label("Take incoming").click();
    h.run();
    h.get_by_label("Apply import").click();
    h.run();
    let app = h.state();
    assert!(app.gloss.import.is_none());
    assert_eq!(
        english_of(app, "برمجيات الفدية").as_deref(),
        Some("ransom malware"),
        "{:?}",
        app.gloss.message
    );
    assert_eq!(
        english_of(app, "حوسبة كمومية").as_deref(),
        Some("quantum computing")
    );
    assert_eq!(app.ws.glossary.terms.len(), terms + 1);

    // One undo reverts both.
    h.get_by_label("Undo").click();
    h.run();
    let app = h.state();
    assert_eq!(
        english_of(app, "برمجيات الفدية").as_deref(),
        Some("ransomware")
    );
    assert_eq!(english_of(app, "حوسبة كمومية"), None);
    assert_eq!(app.ws.glossary.terms.len(), terms);
}

#[test]
fn keep_all_leaves_conflicts_and_adds_only_new_terms() {
    let mut h = harness_with_editor("gloss-import-keep");
    import_one_new_one_conflicting(&mut h, "gloss-import-keep-csv");
    h.get_by_label("Take all incoming").click();
    h.run();
    h.get_by_label("Keep all existing").click();
    h.run();
    h.get_by_label("Apply import").click();
    h.run();
    let app = h.state();
    assert_eq!(
        english_of(app, "برمجيات الفدية").as_deref(),
        Some("ransomware")
    );
    assert_eq!(
        english_of(app, "حوسبة كمومية").as_deref(),
        Some("quantum computing")
    );
}

#[test]
fn a_malformed_file_is_reported_with_file_and_line_and_changes_nothing() {
    let mut h = harness_with_editor("gloss-import-bad");
    let before = h.state().ws.glossary.clone();
    let csv = write_file(
        "gloss-import-bad-csv",
        "broken.csv",
        "arabic,english\nحوسبة كمومية,quantum computing\n",
    );
    h.state_mut().command(Command::ImportGlossary(csv));
    h.run();
    let app = h.state();
    assert!(app.gloss.import.is_none());
    let message = app.gloss.message.clone().expect("an error is shown");
    assert!(message.contains("broken.csv:1:"), "{message}");
    assert!(message.contains("nothing imported"), "{message}");
    assert_eq!(app.ws.glossary, before);
}

/// A term base of one Arabic many times over (duplicates are warnings):
/// the preview counts them, shows the first warnings and the number of the
/// rest, lists the conflicts without laying out each one, and applies.
#[test]
fn a_term_base_of_thousands_of_duplicates_previews_and_imports() {
    let mut h = harness_with_editor("gloss-import-dups");
    let terms = h.state().ws.glossary.terms.len();
    let mut csv = String::from(HEADER);
    for i in 0..5_000 {
        csv.push_str(&format!("عقوبات ذكية,smart sanctions {i},,,diplomacy,,\n"));
    }
    // And one that conflicts with the glossary 3,000 times.
    for i in 0..3_000 {
        csv.push_str(&format!(
            "برمجيات الفدية,ransom malware {i},,,cybersecurity,,\n"
        ));
    }
    let path = write_file("gloss-import-dups", "dups.csv", &csv);
    h.state_mut().command(Command::ImportGlossary(path));
    h.run();
    h.get_by_label("5000 new · 0 identical · 3000 conflicting");
    let message = h.state().gloss.message.clone().unwrap_or_default();
    assert!(
        message.contains("… and 7978 more warnings"),
        "{}",
        &message[message.len().saturating_sub(200)..]
    );
    let rows = h.query_all_by_label("Keep existing").count();
    assert!(rows > 0 && rows < 100, "{rows} conflict rows laid out");
    h.get_by_label("Apply import").click();
    h.run();
    let app = h.state();
    assert_eq!(app.ws.glossary.terms.len(), terms + 5_000);
    assert_eq!(
        english_of(app, "برمجيات الفدية").as_deref(),
        Some("ransomware")
    );
    h.get_by_label_contains("5000 warnings");
}
