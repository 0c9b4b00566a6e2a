//! The glossary editor window (issue 4): adding, deleting and validating
//! terms re-matches the document at once; Ctrl+Shift+G turns an Arabic
//! selection into a new-term form. Every test edits a temporary copy of the
//! glossary, never the repository's.

use std::path::PathBuf;

use crate::egui::{self, Key, Modifiers, vec2};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use tarjuman::ui::{App, Options};

use crate::{copy_to_temp, repo, seed_text, temp_dir};

const SIZE: egui::Vec2 = vec2(1280.0, 820.0);

fn ctrl_shift() -> Modifiers {
    Modifiers {
        shift: true,
        ..Modifiers::COMMAND
    }
}

/// The app on `open` with a temporary copy of the repository's glossary;
/// returns the harness and the glossary copy.
fn harness_with_glossary(open: PathBuf, name: &str) -> (Harness<'static, App>, PathBuf) {
    let glossary = copy_to_temp(&repo().join("glossary.toml"), name);
    let path = glossary.clone();
    let h = crate::harness_with(
        Options {
            open: Some(open),
            glossary: Some(path),
            autosave: false,
            default_tm: crate::test_tm(),
        },
        SIZE,
    );
    (h, glossary)
}

/// Whether segment `segment` has a glossary match whose English is `en`.
fn has_match(app: &App, segment: usize, en: &str) -> bool {
    app.ws.matches[segment]
        .iter()
        .any(|m| app.ws.glossary.terms[m.term].en == en)
}

fn open_editor(h: &mut Harness<'static, App>) {
    h.key_press_modifiers(ctrl_shift(), Key::E);
    h.run();
    assert!(
        h.state().gloss.open,
        "Ctrl+Shift+E opens the glossary editor"
    );
}

fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

#[test]
fn adding_a_term_makes_its_suggestion_appear() {
    let text = copy_to_temp(&seed_text(), "gloss-add-text");
    let (mut h, glossary) = harness_with_glossary(text, "gloss-add");
    h.run();
    assert!(!has_match(h.state(), 0, "Friday"));
    let before = std::fs::read(&glossary).unwrap();
    open_editor(&mut h);
    h.get_by_label("New term").click();
    h.run();
    type_into(&mut h, "Term Arabic", "جمعة");
    type_into(&mut h, "Term English", "Friday");
    h.get_by_label("Add term").click();
    h.run();
    let app = h.state();
    assert!(app.gloss.form.is_none(), "{:?}", app.gloss.message);
    assert!(
        has_match(app, 0, "Friday"),
        "the first sentence (…الجمعة…) is matched against the new term at once"
    );
    // The suggestion for the active (first) segment offers it.
    assert!(h.query_all_by_label("Friday").count() > 0);
    // Not written until saved.
    assert_eq!(std::fs::read(&glossary).unwrap(), before);

    // Undo takes it back, highlight and all; redo restores it.
    h.get_by_label("Undo").click();
    h.run();
    assert!(!has_match(h.state(), 0, "Friday"));
    h.get_by_label("Redo").click();
    h.run();
    assert!(has_match(h.state(), 0, "Friday"));

    // Saving writes the copy, which loads again with the term.
    h.get_by_label("Save glossary").click();
    h.run();
    let saved = tarjuman::glossary::Glossary::load(&glossary).unwrap();
    assert!(
        saved
            .terms
            .iter()
            .any(|t| t.ar == "جمعة" && t.en == "Friday")
    );
}

#[test]
fn deleting_a_term_removes_its_highlight() {
    let text = copy_to_temp(&seed_text(), "gloss-delete-text");
    let (mut h, _glossary) = harness_with_glossary(text, "gloss-delete");
    h.run();
    assert!(has_match(h.state(), 0, "phone call"));
    open_editor(&mut h);
    type_into(&mut h, "Filter terms", "اتصال هاتفي");
    h.get_by_label("Delete phone call").click();
    h.run();
    assert!(
        !has_match(h.state(), 0, "phone call"),
        "the highlight goes with the term"
    );
    assert!(
        !h.state()
            .ws
            .glossary
            .terms
            .iter()
            .any(|t| t.en == "phone call")
    );
}

#[test]
fn a_duplicate_is_a_warning_offered_with_its_merge() {
    let text = copy_to_temp(&seed_text(), "gloss-dup-text");
    let (mut h, glossary) = harness_with_glossary(text, "gloss-dup");
    h.run();
    let before = std::fs::read(&glossary).unwrap();
    let terms = h.state().ws.glossary.terms.len();
    open_editor(&mut h);
    h.get_by_label("New term").click();
    h.run();
    // The article and hamza differ; after normalisation it is the same form.
    type_into(&mut h, "Term Arabic", "الاتصال الهاتفي");
    type_into(&mut h, "Term English", "voice link");
    h.get_by_label_contains("duplicates the term");
    h.get_by_label("Merge as variant");
    // A warning, not an error: the term can be added.
    h.get_by_label("Add term").click();
    h.run();
    let app = h.state();
    assert!(app.gloss.form.is_none(), "{:?}", app.gloss.message);
    assert_eq!(app.ws.glossary.terms.len(), terms + 1);
    // Both are suggested for the same words; the index was changed, not rebuilt.
    assert!(has_match(app, 0, "voice link") && has_match(app, 0, "phone call"));
    assert_eq!(app.ws.live_matcher().overlay_len(), 1);
    // The warnings list offers the merge, one click.
    h.get_by_label("Merge voice link into phone call").click();
    h.run();
    let app = h.state();
    assert_eq!(app.ws.glossary.terms.len(), terms);
    assert!(!has_match(app, 0, "voice link") && has_match(app, 0, "phone call"));
    let phone = app
        .ws
        .glossary
        .terms
        .iter()
        .find(|t| t.en == "phone call")
        .unwrap();
    assert!(phone.en_alternatives.iter().any(|a| a == "voice link"));
    assert!(
        h.query_by_label("Merge voice link into phone call")
            .is_none()
    );
    assert_eq!(std::fs::read(&glossary).unwrap(), before, "nothing saved");
}

#[test]
fn a_glossary_with_slips_opens_and_each_warning_is_fixed_in_one_click() {
    let text = copy_to_temp(&seed_text(), "gloss-slips-text");
    let (mut h, glossary) = harness_with_glossary(text, "gloss-slips");
    // The slips of issue 11: a spelling variant equal to its term's Arabic
    // after normalisation, and a second term for one Arabic.
    let original = std::fs::read_to_string(&glossary).unwrap();
    let slipped = original.replace(
        "ar = \"إرهاب\"\nen = \"terrorism\"\n",
        "ar = \"إرهاب\"\nen = \"terrorism\"\nar_variants = [\"ارهاب\"]\n",
    ) + "\n[[term]]\nar = \"الاتصال الهاتفي\"\nen = \"voice link\"\n";
    assert_ne!(slipped, original);
    std::fs::write(&glossary, slipped).unwrap();
    h.state_mut()
        .command(tarjuman::ui::Command::LoadGlossary(glossary.clone()));
    h.run();
    assert_eq!(
        h.state().error,
        None,
        "the glossary loads with its warnings"
    );
    assert!(has_match(h.state(), 0, "voice link") && has_match(h.state(), 0, "phone call"));
    open_editor(&mut h);
    h.get_by_label_contains("3 warnings");
    let terrorism = |app: &App| {
        app.ws
            .glossary
            .terms
            .iter()
            .find(|t| t.en == "terrorism")
            .unwrap()
            .clone()
    };
    assert_eq!(terrorism(h.state()).ar_variants, ["ارهاب"]);
    h.get_by_label("Remove variant ارهاب").click();
    h.run();
    assert!(terrorism(h.state()).ar_variants.is_empty());
    h.get_by_label_contains("2 warnings");
    // Go to the other term: its form opens.
    h.get_by_label("Go to phone call").click();
    h.run();
    let form = h.state().gloss.form.clone().expect("the form is open");
    assert_eq!(form.en, "phone call");
    h.get_by_label("Cancel").click();
    h.run();
    h.get_by_label("Merge voice link into phone call").click();
    h.run();
    assert!(!has_match(h.state(), 0, "voice link"));
    assert!(h.query_by_label_contains("warning").is_none());
    // Each fix is an edit like any other: undo brings the twin back.
    h.get_by_label("Undo").click();
    h.run();
    assert!(has_match(h.state(), 0, "voice link"));
    h.get_by_label_contains("2 warnings");
    // Saved, the file loads again with one warning fewer than it had.
    h.get_by_label("Redo").click();
    h.run();
    h.get_by_label("Save glossary").click();
    h.run();
    let (_, warnings) = tarjuman::glossary::Glossary::load_with_warnings(&glossary).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn ctrl_shift_g_prefills_the_stripped_form() {
    let dir = temp_dir("gloss-propose");
    let text = dir.join("text.ar.txt");
    std::fs::write(&text, "وبالأمن نبدأ.\n").unwrap();
    let (mut h, _glossary) = harness_with_glossary(text, "gloss-propose");
    h.run();
    h.get_by_label("English 1").focus();
    h.run();
    h.get_by_label("English 1").type_text("with security");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    let rect = h.get_by_label("وبالأمن نبدأ.").rect();
    let pos = egui::pos2(rect.right() - 15.0, rect.center().y);
    // Drag within the first (rightmost) word: it is selected whole.
    h.drag_at(pos);
    h.run();
    h.hover_at(pos - vec2(10.0, 0.0));
    h.run();
    h.drop_at(pos - vec2(10.0, 0.0));
    h.run();
    assert_eq!(h.state().gloss_selection_text(), Some("وبالأمن".to_owned()));
    h.key_press_modifiers(ctrl_shift(), Key::G);
    h.run();
    let app = h.state();
    assert!(app.gloss.open);
    let form = app.gloss.form.as_ref().expect("the new-term form is open");
    assert_eq!(form.ar, "أمن", "clitics و ب ال stripped");
    assert!(form.editing.is_none());
    assert_eq!(form.en, "with security", "the English selection");
    assert!(
        form.candidates.len() > 1,
        "the other readings are offered: {:?}",
        form.candidates
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Term Arabic")
            .value()
            .as_deref(),
        Some("أمن")
    );
    h.get_by_label("Use reading 2");
}

/// Adds `ar` → `en` through the form.
fn add_term(h: &mut Harness<'static, App>, ar: &str, en: &str) {
    h.get_by_label("New term").click();
    h.run();
    type_into(h, "Term Arabic", ar);
    type_into(h, "Term English", en);
    h.get_by_label("Add term").click();
    h.run();
    assert!(
        h.state().gloss.form.is_none(),
        "{:?}",
        h.state().gloss.message
    );
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let text = copy_to_temp(&seed_text(), "gloss-disk-text");
    let (mut h, glossary) = harness_with_glossary(text, "gloss-disk");
    h.run();
    let original = std::fs::read_to_string(&glossary).unwrap();
    open_editor(&mut h);
    add_term(&mut h, "جمعة", "Friday");

    // Someone else edits the file: Save asks; Cancel leaves it alone.
    let theirs = format!("{original}\n# edited elsewhere\n");
    std::fs::write(&glossary, &theirs).unwrap();
    h.get_by_label("Save glossary").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&glossary).unwrap(), theirs);

    // Overwrite writes ours.
    h.get_by_label("Save glossary").click();
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    let saved = tarjuman::glossary::Glossary::load(&glossary).unwrap();
    assert!(saved.terms.iter().any(|t| t.en == "Friday"));

    // Changed again; this time Reload: the file's glossary is matched, ours dropped.
    std::fs::write(&glossary, &original).unwrap();
    add_term(&mut h, "ثلاثاء", "Tuesday");
    h.get_by_label("Save glossary").click();
    h.run();
    h.get_by_label("Reload").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&glossary).unwrap(), original);
    let app = h.state();
    assert!(
        !has_match(app, 0, "Friday"),
        "the reloaded file has no Friday"
    );
    assert!(!app.ws.glossary.terms.iter().any(|t| t.en == "Tuesday"));
}

#[test]
fn ctrl_z_and_ctrl_s_go_to_the_glossary_while_it_has_the_keyboard() {
    let text = copy_to_temp(&seed_text(), "gloss-keys-text");
    let (mut h, glossary) = harness_with_glossary(text, "gloss-keys");
    h.run();
    // A project file, so a misrouted Ctrl+S would save it rather than ask where.
    let project = glossary.with_file_name("keys.tarjuman.toml");
    h.state_mut().save_to(&project);
    let project_before = std::fs::read(&project).unwrap();
    let before = std::fs::read(&glossary).unwrap();
    open_editor(&mut h);
    add_term(&mut h, "جمعة", "Friday");
    assert!(has_match(h.state(), 0, "Friday"));
    h.get_by_role_and_label(Role::TextInput, "Filter terms")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        !has_match(h.state(), 0, "Friday"),
        "Ctrl+Z undid the glossary edit"
    );
    h.key_press_modifiers(ctrl_shift(), Key::Z);
    h.run();
    assert!(has_match(h.state(), 0, "Friday"), "Ctrl+Shift+Z redid it");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_ne!(
        std::fs::read(&glossary).unwrap(),
        before,
        "Ctrl+S saved the glossary"
    );
    assert!(!h.state().gloss.editor().unwrap().is_dirty());
    assert_eq!(std::fs::read(&project).unwrap(), project_before);
}

#[test]
fn the_table_filters_in_either_language_and_sorts_by_column() {
    let text = copy_to_temp(&seed_text(), "gloss-table-text");
    let (mut h, _glossary) = harness_with_glossary(text, "gloss-table");
    h.run();
    open_editor(&mut h);
    // Arabic filter normalised like the matcher: the article and hamza differ.
    type_into(&mut h, "Filter terms", "الاتصال الهاتفي");
    assert!(h.query_by_label("Delete phone call").is_some());
    assert!(h.query_by_label("Delete ransomware").is_none());
    h.get_by_role_and_label(Role::TextInput, "Filter terms")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    type_into(&mut h, "Filter terms", "RANSOMWARE");
    assert!(h.query_by_label("Delete ransomware").is_some());
    assert!(h.query_by_label("Delete phone call").is_none());
    // Sorting by English, then reversed.
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("English ^").click();
    h.run();
    h.get_by_label("English v");
}

/// `n` distinct five-letter Arabic words of letters the matcher never
/// folds or strips.
fn synthetic_words(n: usize) -> Vec<String> {
    let letters: Vec<char> = "جحخدذرزشصضطظعغقم".chars().collect();
    let k = letters.len();
    (0..n)
        .map(|mut i| {
            (0..5)
                .map(|_| {
                    let c = letters[i % k];
                    i /= k;
                    c
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_hundred_thousand_terms_lay_out_only_the_visible_rows() {
    let dir = temp_dir("gloss-big");
    let glossary = dir.join("glossary.toml");
    let mut toml = String::from(
        "[glossary]\nname = \"big\"\nsource_language = \"ar\"\ntarget_language = \"en\"\n",
    );
    for (n, word) in synthetic_words(100_000).iter().enumerate() {
        toml.push_str(&format!("\n[[term]]\nar = \"{word}\"\nen = \"term {n}\"\n"));
    }
    std::fs::write(&glossary, toml).unwrap();
    let text = copy_to_temp(&seed_text(), "gloss-big-text");
    let path = glossary.clone();
    let mut h = crate::harness_with(
        Options {
            open: Some(text),
            glossary: Some(path),
            autosave: false,
            default_tm: crate::test_tm(),
        },
        SIZE,
    );
    h.run();
    assert_eq!(h.state().error, None);
    open_editor(&mut h);
    assert_eq!(h.state().gloss.editor().unwrap().len(), 100_000);
    let started = std::time::Instant::now();
    h.step();
    let frame = started.elapsed();
    let rows = h.query_all_by_label_contains("Delete term ").count();
    assert!(rows > 5 && rows < 60, "{rows} rows laid out");
    eprintln!("one frame with 100,000 terms: {frame:?}");
    // Filtering re-queries once, then the rows are reused frame to frame.
    type_into(&mut h, "Filter terms", "term 99999");
    assert!(h.query_by_label("Delete term 99999").is_some());
    // An edit re-matches the document against all of them.
    let started = std::time::Instant::now();
    h.get_by_label("Delete term 99999").click();
    h.run();
    eprintln!(
        "delete + rematch with 100,000 terms: {:?}",
        started.elapsed()
    );
    assert_eq!(h.state().ws.glossary.terms.len(), 99_999);
    assert!(h.query_by_label("Delete term 99999").is_none());
}

#[test]
fn merge_as_variant_folds_a_duplicate_into_the_existing_term() {
    let text = copy_to_temp(&seed_text(), "gloss-merge-text");
    let (mut h, _glossary) = harness_with_glossary(text, "gloss-merge");
    h.run();
    let terms = h.state().ws.glossary.terms.len();
    open_editor(&mut h);
    h.get_by_label("New term").click();
    h.run();
    type_into(&mut h, "Term Arabic", "الاتصال الهاتفي");
    type_into(&mut h, "Term English", "voice call");
    h.get_by_label("Merge as variant").click();
    h.run();
    let app = h.state();
    assert!(app.gloss.form.is_none(), "{:?}", app.gloss.message);
    assert_eq!(app.ws.glossary.terms.len(), terms);
    let term = app
        .ws
        .glossary
        .terms
        .iter()
        .find(|t| t.en == "phone call")
        .unwrap();
    assert!(term.en_alternatives.iter().any(|a| a == "voice call"));
}

#[test]
fn save_as_gives_the_built_in_glossary_a_file() {
    let dir = temp_dir("gloss-save-as");
    let text = copy_to_temp(&seed_text(), "gloss-save-as-text");
    // No glossary file: the test runs in the repo, whose glossary.toml must
    // never be written, so the editor starts with no file at all.
    let mut h = crate::harness_with(
        Options {
            open: Some(text),
            glossary: None,
            autosave: false,
            default_tm: crate::test_tm(),
        },
        SIZE,
    );
    h.run();
    let repo_glossary = std::fs::read(repo().join("glossary.toml")).unwrap();
    open_editor(&mut h);
    add_term(&mut h, "جمعة", "Friday");
    h.get_by_label("Save glossary").click();
    h.run();
    assert!(
        h.state()
            .gloss
            .message
            .as_deref()
            .is_some_and(|m| m.contains("no file")),
        "{:?}",
        h.state().gloss.message
    );
    let target = dir.join("mine.toml");
    h.state_mut().save_glossary_as(target.clone());
    h.run();
    let saved = tarjuman::glossary::Glossary::load(&target).unwrap();
    assert!(saved.terms.iter().any(|t| t.en == "Friday"));
    assert!(
        has_match(h.state(), 0, "Friday"),
        "still the glossary in use"
    );
    assert_eq!(
        std::fs::read(repo().join("glossary.toml")).unwrap(),
        repo_glossary
    );
}

#[test]
fn a_look_alike_entered_in_the_editor_stops_matching_and_is_saved() {
    let text = temp_dir("gloss-exclude-text").join("call.txt");
    std::fs::write(&text, "وأجرى الرئيس اتصالا هاتفيا مطولا مع نظيره.\n").unwrap();
    let (mut h, glossary) = harness_with_glossary(text, "gloss-exclude");
    h.run();
    let app = h.state();
    let m = app.ws.matches[0]
        .iter()
        .find(|m| app.ws.glossary.terms[m.term].en == "phone call")
        .expect("the sentence has the phone call");
    let matched = app.ws.doc.source_of(0)[m.start..m.end].to_string();
    assert_eq!(matched, "اتصالا هاتفيا");
    assert!(has_match(app, 0, "counterpart"));
    open_editor(&mut h);
    type_into(&mut h, "Filter terms", "اتصال هاتفي");
    h.get_by_label("Edit phone call").click();
    h.run();
    type_into(
        &mut h,
        "Never matches (Arabic look-alikes, one per line)",
        &matched,
    );
    h.get_by_label("Apply changes").click();
    h.run();
    let app = h.state();
    assert!(app.gloss.form.is_none(), "{:?}", app.gloss.message);
    assert!(
        !has_match(app, 0, "phone call"),
        "«{matched}» is excluded at once"
    );
    assert!(has_match(app, 0, "counterpart"), "and nothing else");
    h.get_by_label("Save glossary").click();
    h.run();
    let saved = tarjuman::glossary::Glossary::load(&glossary).unwrap();
    let term = saved.terms.iter().find(|t| t.en == "phone call").unwrap();
    assert_eq!(term.ar_exclude, [matched]);
}
