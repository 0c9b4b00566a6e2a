//! The window side of export, re-import and QA, driven through the app:
//! File ▸ Export (through its command), the import summary dialog and its
//! single undo step, and the live QA panel.

use crate::egui::{self, Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable as _;
use tarjuman::formats::{self, Format};
use tarjuman::qa::Check;
use tarjuman::ui::Command;

use crate::{copy_to_temp, harness, seed_project, temp_dir};

const SIZE: egui::Vec2 = vec2(1400.0, 820.0);

#[test]
fn qa_panel_exporting_through_the_command_writes_a_file_that_reimports() {
    let project = copy_to_temp(&seed_project(), "qa-ui-export");
    let dir = project.parent().unwrap().to_owned();
    let mut h = harness(Some(project), SIZE);
    h.run();
    for format in [Format::Xliff20, Format::Xliff12, Format::Docx] {
        let path = dir.join(format!("out-{}.{}", format.name(), format.extension()));
        h.state_mut().command(Command::Export {
            format,
            path: path.clone(),
        });
        h.run();
        assert_eq!(h.state().error, None);
        assert!(path.is_file(), "{}", path.display());
        let summary = formats::import::import_file(&h.state().ws.doc, &path).unwrap();
        assert!(summary.is_empty(), "{format:?}: {summary}");
        assert_eq!(summary.unchanged, h.state().ws.len(), "{format:?}");
        assert!(h.state().info.as_deref().unwrap().contains("Exported"));
    }
    // Every other format is written too.
    for format in Format::ALL {
        let path = dir.join(format!("all-{}.{}", format.name(), format.extension()));
        h.state_mut().command(Command::Export {
            format,
            path: path.clone(),
        });
        h.run();
        assert_eq!(h.state().error, None, "{format:?}");
        assert!(std::fs::metadata(&path).unwrap().len() > 0, "{format:?}");
    }
    // A failure is shown in the window, naming the file.
    let bad = dir.join("no such folder").join("out.xlf");
    h.state_mut().command(Command::Export {
        format: Format::Xliff20,
        path: bad.clone(),
    });
    h.run();
    let error = h.state().error.clone().unwrap();
    assert!(error.contains(&bad.display().to_string()), "{error}");
    h.get_by_label_contains("Could not export to");
}

#[test]
fn qa_panel_importing_an_edited_xliff_shows_the_summary_and_is_one_undo_step() {
    let project = copy_to_temp(&seed_project(), "qa-ui-import");
    let xliff = project.with_file_name("reviewed.xlf");
    let mut h = harness(Some(project), SIZE);
    h.run();
    let original = h.state().ws.doc.clone();
    let text = String::from_utf8(
        formats::export(&original, &h.state().ws.glossary, Format::Xliff20).unwrap(),
    )
    .unwrap();
    // The reviewer changes the English of segments 1 and 3, and the file's
    // Arabic of segment 2 no longer matches the project.
    let text = text
        .replacen(
            "US President Joe Biden urged",
            "EDITED US President Joe Biden urged",
            1,
        )
        .replacen(&original.segments[2].en, "EDITED third sentence.", 1)
        .replacen("وكان بايدن أظهر صرامة", "وكان بايدن قد أظهر صرامة", 1)
        .replacen(&original.segments[1].en, "Not applied.", 1);
    std::fs::write(&xliff, text).unwrap();

    h.state_mut().command(Command::Import(xliff.clone()));
    h.run();
    assert_eq!(h.state().error, None);
    // Nothing changes until the translator applies it.
    assert_eq!(h.state().ws.doc.segments, original.segments);
    h.get_by_label("Import reviewed.xlf");
    h.get_by_label_contains("2 segments changed");
    h.get_by_label_contains("not applied, the Arabic no longer matches: 2");
    h.get_by_label("Apply").click();
    h.run();
    assert!(h.state().pending_import.is_none());
    let doc = &h.state().ws.doc;
    assert!(doc.segments[0].en.starts_with("EDITED US President"));
    assert_eq!(doc.segments[2].en, "EDITED third sentence.");
    assert_eq!(
        doc.segments[1].en, original.segments[1].en,
        "mismatch applied"
    );
    assert!(h.state().ws.is_dirty());
    assert!(h.query_by_label("Import reviewed.xlf").is_none());

    // One Ctrl+Z takes the whole import back; Ctrl+Y puts it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments, original.segments);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().ws.doc.segments[2].en, "EDITED third sentence.");

    // Cancelling changes nothing; an unreadable file is an error naming it.
    let before = h.state().ws.doc.clone();
    std::fs::write(&xliff, "not xml at all").unwrap();
    h.state_mut().command(Command::Import(xliff.clone()));
    h.run();
    let error = h.state().error.clone().unwrap();
    assert!(error.contains("reviewed.xlf"), "{error}");
    assert!(h.state().pending_import.is_none());
    assert_eq!(h.state().ws.doc, before);
}

/// A small text with numbers, every English empty.
/// The seed project with terminology issues to work on: its accepted issues
/// dropped and two renderings changed away from the glossary's.
fn qa_fixture(name: &str) -> std::path::PathBuf {
    let project = copy_to_temp(&seed_project(), name);
    let text = std::fs::read_to_string(&project).unwrap();
    let text = text.split("\n[[qa_accepted]]").next().unwrap().to_string();
    let text = text.replacen("tough stance", "strong posture", 1).replacen(
        "spokeswoman",
        "press secretary",
        1,
    );
    std::fs::write(&project, text).unwrap();
    project
}

fn numbers_text(name: &str) -> std::path::PathBuf {
    let path = temp_dir(name).join("numbers.ar.txt");
    std::fs::write(&path, "وقع الهجوم في عام 2021.\n\nقتل 12 شخصا في الهجوم.\n").unwrap();
    path
}

fn issues_of(h: &egui_kittest::Harness<'_, tarjuman::ui::App>, check: Check) -> Vec<usize> {
    h.state()
        .qa_open_issues()
        .into_iter()
        .filter(|i| i.check == check)
        .map(|i| i.segment_index)
        .collect()
}

#[test]
fn qa_panel_a_wrong_number_is_raised_while_typing_and_cleared_when_fixed() {
    let mut h = harness(Some(numbers_text("qa-ui-number")), SIZE);
    h.run();
    assert_eq!(h.state().ws.len(), 2);
    h.key_press(Key::F8);
    h.run();
    assert!(h.state().qa.open);
    h.get_by_label("2 open issues");
    assert_eq!(issues_of(&h, Check::Untranslated), vec![0, 1]);

    h.get_by_label("English 1").click();
    h.run();
    h.get_by_label("English 1")
        .type_text("The attack took place in 2020.");
    h.run();
    assert_eq!(issues_of(&h, Check::Number), vec![0]);
    assert_eq!(issues_of(&h, Check::Untranslated), vec![1]);
    h.get_by_label("Segment 1 · Number");
    h.get_by_label_contains("QA: 2 issues");

    // Fix the year: 2020. → 2021.
    for _ in 0..2 {
        h.key_press(Key::Backspace);
        h.run();
    }
    h.get_by_label("English 1").type_text("1.");
    h.run();
    assert_eq!(
        h.state().ws.doc.segments[0].en,
        "The attack took place in 2021."
    );
    assert!(issues_of(&h, Check::Number).is_empty());
    assert!(h.query_by_label("Segment 1 · Number").is_none());
    h.get_by_label_contains("QA: 1 issue");
}

#[test]
fn qa_panel_clicking_an_issue_activates_its_segment() {
    let project = qa_fixture("qa-ui-click");
    let mut h = harness(Some(project), SIZE);
    h.run();
    h.state_mut().command(Command::ToggleQa);
    h.run();
    assert_eq!(h.state().active, 0);
    h.get_all_by_label("Segment 4 · Terminology")
        .next()
        .unwrap()
        .click();
    h.run();
    assert_eq!(h.state().active, 3);
    assert!(h.get_by_label("English 4").is_focused());
    assert_eq!(
        h.state().qa.selected.as_ref().map(|i| i.segment_index),
        Some(3)
    );

    // An issue further down: the table scrolls to its segment, out of view before.
    assert!(
        h.query_by_label("English 14").is_none(),
        "row 14 starts off screen"
    );
    let issue = h.get_by_label("Segment 14 · Terminology");
    issue.scroll_to_me();
    h.run();
    h.get_by_label("Segment 14 · Terminology").click();
    h.run();
    assert_eq!(h.state().active, 13);
    assert!(h.get_by_label("English 14").is_focused());
}

#[test]
fn qa_panel_accepting_an_issue_removes_it_and_survives_save_and_reopen() {
    let project = qa_fixture("qa-ui-accept");
    let mut h = harness(Some(project.clone()), SIZE);
    h.run();
    h.key_press(Key::F8);
    h.run();
    let total = h.state().qa_open_issues().len();
    assert!(total > 1);
    h.get_by_label(&format!("{total} open issues"));
    h.get_by_label("Segment 2 · Terminology").click();
    h.run();
    h.get_by_label("Accept…").click();
    h.run();
    h.get_by_label("Reason:").click();
    h.run();
    h.get_by_label("Reason:").type_text("house style");
    h.run();
    h.get_by_label("Accept").click();
    h.run();

    assert_eq!(h.state().qa_open_issues().len(), total - 1);
    assert!(h.query_by_label("Segment 2 · Terminology").is_none());
    let accepted = h.state().ws.doc.qa_accepted.clone();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].segment_id, 1);
    assert_eq!(accepted[0].check, Check::Terminology);
    assert_eq!(accepted[0].reason, "house style");
    assert!(h.state().ws.is_dirty());
    h.get_by_label_contains(&format!("QA: {} issues", total - 1));

    // Undoable like any edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().ws.doc.qa_accepted.is_empty());
    assert_eq!(h.state().qa_open_issues().len(), total);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().ws.doc.qa_accepted, accepted);

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().error, None);
    assert!(!h.state().ws.is_dirty());

    let mut reopened = harness(Some(project), SIZE);
    reopened.run();
    assert_eq!(reopened.state().ws.doc.qa_accepted, accepted);
    assert_eq!(reopened.state().qa_open_issues().len(), total - 1);
    reopened.get_by_label_contains(&format!("QA: {} issues", total - 1));
}

#[test]
fn qa_panel_report_is_written_as_html_and_csv() {
    let project = copy_to_temp(&seed_project(), "qa-ui-report");
    let dir = project.parent().unwrap().to_owned();
    let mut h = harness(Some(project), SIZE);
    h.run();
    let total = h.state().qa_open_issues().len();
    for name in ["qa.html", "qa.csv"] {
        h.state_mut().command(Command::QaReport(dir.join(name)));
        h.run();
        assert_eq!(h.state().error, None);
    }
    let html = std::fs::read_to_string(dir.join("qa.html")).unwrap();
    assert!(html.contains("QA report"), "{html}");
    let csv = std::fs::read_to_string(dir.join("qa.csv")).unwrap();
    assert!(csv.starts_with("segment,check"), "{csv}");
    assert_eq!(csv.lines().count(), total + 1);
}

#[test]
fn qa_panel_snapshot() {
    if !crate::snapshots::renderer_available() {
        eprintln!("SKIPPED snapshot qa_panel_1400: no wgpu adapter");
        return;
    }
    let mut h = harness(Some(qa_fixture("qa-ui-snapshot")), vec2(1400.0, 760.0));
    h.run();
    h.state_mut().command(Command::ToggleQa);
    h.run();
    h.get_by_label("Segment 2 · Terminology").click();
    h.run();
    h.get_by_label("Accept…").click();
    h.run();
    h.state_mut().wait_for_tm();
    h.run();
    h.snapshot("qa_panel_1400");
}

#[test]
fn qa_panel_a_new_glossary_rechecks_the_whole_document() {
    let project = qa_fixture("qa-ui-glossary");
    let glossary = project.with_file_name("one-term.toml");
    std::fs::write(
        &glossary,
        "[glossary]\nname = \"One term\"\n\n[[term]]\nar = \"صرامة\"\nen = \"rigour\"\n",
    )
    .unwrap();
    let mut h = harness(Some(project), SIZE);
    h.run();
    assert!(h.state().qa_open_issues().len() > 1);
    h.state_mut().command(Command::LoadGlossary(glossary));
    h.run();
    assert_eq!(h.state().error, None);
    let issues: Vec<(usize, Check)> = h
        .state()
        .qa_open_issues()
        .iter()
        .map(|i| (i.segment_index, i.check))
        .collect();
    assert_eq!(issues, vec![(1, Check::Terminology)]);
    h.get_by_label_contains("QA: 1 issue");
}

#[test]
fn qa_panel_file_menu_offers_every_export_format_and_import() {
    let mut h = harness(None, SIZE);
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import reviewed file…");
    h.get_by_label("Export").hover();
    h.run();
    for format in Format::ALL {
        h.get_by_label(&format!("{}…", format.label()));
    }
}

#[test]
fn qa_panel_view_menu_and_f8_toggle_the_panel() {
    let mut h = harness(Some(qa_fixture("qa-ui-view")), SIZE);
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Show or hide the QA panel").click();
    h.run();
    assert!(h.state().qa.open);
    h.get_by_label_contains("open issues");
    h.key_press(Key::F8);
    h.run();
    assert!(!h.state().qa.open);
    assert!(h.query_by_label_contains("open issues").is_none());
}

#[test]
fn qa_panel_importing_an_edited_docx_review_table_updates_the_english() {
    let project = copy_to_temp(&seed_project(), "qa-ui-docx");
    let docx = project.with_file_name("review.docx");
    let mut h = harness(Some(project), SIZE);
    h.run();
    h.state_mut().command(Command::Export {
        format: Format::Docx,
        path: docx.clone(),
    });
    h.run();
    let original = h.state().ws.doc.clone();
    let edited = crate::support::edit_docx(&std::fs::read(&docx).unwrap(), |xml| {
        xml.replacen("Biden had taken a tough stance", "Biden had been firm", 1)
    });
    std::fs::write(&docx, edited).unwrap();
    h.state_mut().command(Command::Import(docx));
    h.run();
    h.get_by_label("Import review.docx");
    h.get_by_label_contains("1 segment changed");
    h.get_by_label("Apply").click();
    h.run();
    assert!(
        h.state().ws.doc.segments[1]
            .en
            .starts_with("Biden had been firm")
    );
    assert_eq!(h.state().active, 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments, original.segments);
}

#[test]
fn qa_panel_an_import_that_changes_nothing_can_only_be_closed() {
    let project = copy_to_temp(&seed_project(), "qa-ui-nochange");
    let xliff = project.with_file_name("same.xlf");
    let mut h = harness(Some(project), SIZE);
    h.run();
    h.state_mut().command(Command::Export {
        format: Format::Xliff12,
        path: xliff.clone(),
    });
    h.run();
    h.state_mut().command(Command::Import(xliff));
    h.run();
    h.get_by_label_contains("0 segments changed");
    assert!(h.query_by_label("Apply").is_none());
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().pending_import.is_none());
    assert!(!h.state().ws.is_dirty());
    assert!(!h.state().ws.history.can_undo());
}
