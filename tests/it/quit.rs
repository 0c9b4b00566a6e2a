//! Quitting never loses work unasked; saving never needs the desktop's
//! file dialog (the in-app one stands in where the desktop has none).

use crate::egui::accesskit::Role;
use crate::egui::{self, Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable as _;
use tarjuman::ui::Command;

use crate::{copy_to_temp, harness, harness_with_file_dialog, seed_project, seed_text};

const SIZE: egui::Vec2 = vec2(1280.0, 820.0);

fn type_in_segment_4(h: &mut egui_kittest::Harness<'static, tarjuman::ui::App>) {
    h.get_by_label("English 4").click();
    h.run();
    h.get_by_label("English 4").type_text("Facing opposition");
    h.run();
}

#[test]
fn ctrl_q_quits_at_once_when_nothing_is_unsaved() {
    let mut h = harness(Some(copy_to_temp(&seed_project(), "quit-clean")), SIZE);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(h.state().quitting());
    assert!(!h.state().asking_to_quit());
}

#[test]
fn quitting_with_an_edit_asks_and_cancel_keeps_working() {
    let project = copy_to_temp(&seed_project(), "quit-cancel");
    let mut h = harness(Some(project), SIZE);
    h.run();
    type_in_segment_4(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(!h.state().quitting(), "an unsaved edit is not dropped");
    h.get_by_label_contains("is not saved");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().quitting());
    assert!(!h.state().asking_to_quit());
    assert!(
        h.state().ws.doc.segments[3]
            .en
            .contains("Facing opposition")
    );

    // The window's close button asks the same question.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.state().asking_to_quit());
    assert!(!h.state().quitting());
    h.get_by_label("Discard and quit").click();
    h.run();
    assert!(h.state().quitting());
}

#[test]
fn save_in_the_quit_question_saves_the_project_then_quits() {
    let project = copy_to_temp(&seed_project(), "quit-save");
    let mut h = harness(Some(project.clone()), SIZE);
    h.run();
    type_in_segment_4(&mut h);
    h.state_mut().command(Command::Quit);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.run();
    assert!(h.state().quitting());
    let saved = std::fs::read_to_string(&project).unwrap();
    assert!(
        saved.contains("Facing opposition"),
        "the edit reached the file"
    );
}

#[test]
fn saving_a_new_document_uses_the_in_app_dialog_where_the_desktop_has_none() {
    let text = copy_to_temp(&seed_text(), "save-dialog");
    let dir = text.parent().unwrap().to_path_buf();
    let mut h = harness_with_file_dialog(Some(text), SIZE);
    h.run();
    type_in_segment_4(&mut h);
    // Ctrl+S on a document with no project file asks where to save it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.state().file_dialog_open(), "a dialog, not nothing");
    h.get_by_label("Save").click();
    h.run();
    h.run();
    assert!(!h.state().file_dialog_open());
    assert_eq!(h.state().error, None);
    let saved = h.state().ws.project_path.clone().expect("saved");
    assert_eq!(
        saved.parent(),
        Some(dir.as_path()),
        "beside the source text"
    );
    assert!(
        saved.to_string_lossy().ends_with(".tarjuman.toml"),
        "{}",
        saved.display()
    );
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("Facing opposition"));
    assert!(!h.state().ws.is_dirty());
}

#[test]
fn the_built_in_glossary_s_edits_are_offered_a_file_on_quit() {
    let mut h = harness_with_file_dialog(Some(copy_to_temp(&seed_text(), "quit-glossary")), SIZE);
    h.run();
    h.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        Key::E,
    );
    h.run();
    h.get_by_label("New term").click();
    h.run();
    for (label, text) in [("Term Arabic", "جمعة"), ("Term English", "Friday")] {
        h.get_by_role_and_label(Role::TextInput, label).focus();
        h.run();
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
        h.run();
    }
    h.get_by_label("Add term").click();
    h.run();
    h.state_mut().command(Command::Quit);
    h.run();
    h.get_by_label_contains("built-in glossary has unsaved edits");
    h.get_by_label("Save").click();
    h.run();
    h.run();
    assert!(
        h.state().file_dialog_open(),
        "Save asks where to keep the glossary"
    );
    assert!(!h.state().quitting());
}
