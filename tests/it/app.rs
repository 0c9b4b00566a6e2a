//! The real app driven like a translator would: keyboard, clicks, files.

use crate::egui::{self, Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable as _;
use tarjuman::document::Status;
use tarjuman::ui::Command;

use crate::{copy_to_temp, harness, hover_over_a_hit, seed_project, seed_text, temp_dir};

const SIZE: egui::Vec2 = vec2(1280.0, 820.0);

fn ctrl_shift() -> Modifiers {
    Modifiers {
        shift: true,
        ..Modifiers::COMMAND
    }
}

#[test]
fn opens_on_the_seed_with_all_segments() {
    let mut h = harness(None, SIZE);
    h.run();
    let app = h.state();
    assert_eq!(app.error, None);
    assert_eq!(app.ws.len(), 22);
    assert_eq!(
        app.ws.project_path.as_deref(),
        Some(seed_project().as_path()),
        "the seed project, not the bare text, is opened"
    );
    assert!(
        app.ws
            .doc
            .segments
            .iter()
            .all(|s| s.status == Status::Translated)
    );
    // The first rows are on screen with their labelled English editors.
    let first = h.get_by_label("English 1");
    assert!(first.value().unwrap().starts_with("US President Joe Biden"));
    h.get_by_label_contains("Segments 22/22 translated");
}

#[test]
fn typing_into_an_english_editor_changes_the_document() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "typing")), SIZE);
    h.run();
    assert_eq!(h.state().ws.len(), 22);
    h.get_by_label("English 2").click();
    h.run();
    h.get_by_label("English 2").type_text("Biden had taken");
    h.run();
    let seg = &h.state().ws.doc.segments[1];
    assert_eq!(seg.en, "Biden had taken");
    assert_eq!(seg.status, Status::Draft);
    assert_eq!(h.state().active, 1);
    assert!(h.state().ws.is_dirty());
}

#[test]
fn ctrl_enter_confirms_and_moves_to_the_next_open_segment() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "confirm")), SIZE);
    h.run();
    h.get_by_label("English 1").click();
    h.run();
    h.get_by_label("English 1")
        .type_text("US President Joe Biden urged Putin.");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let app = h.state();
    assert_eq!(app.ws.doc.segments[0].status, Status::Translated);
    assert_eq!(
        app.ws.doc.segments[0].en, "US President Joe Biden urged Putin.",
        "Ctrl+Enter must not add a newline"
    );
    assert_eq!(app.active, 1);
    assert!(h.get_by_label("English 2").is_focused());
    h.get_by_label_contains("Segments 1/22 translated");

    // Ctrl+Shift+Enter marks reviewed and moves on; Ctrl+Up goes back.
    h.get_by_label("English 2")
        .type_text("Biden had taken a tough stance.");
    h.run();
    h.key_press_modifiers(ctrl_shift(), Key::Enter);
    h.run();
    assert_eq!(h.state().ws.doc.segments[1].status, Status::Reviewed);
    assert_eq!(h.state().active, 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowUp);
    h.run();
    assert_eq!(h.state().active, 1);
    assert!(h.get_by_label("English 2").is_focused());
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
    h.run();
    assert_eq!(h.state().active, 3);
}

#[test]
fn undo_and_redo_cover_typing_and_statuses() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "undo")), SIZE);
    h.run();
    h.get_by_label("English 1").click();
    h.run();
    h.get_by_label("English 1").type_text("One");
    h.run();
    h.get_by_label("English 1").type_text(" two");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Translated);
    // Undo the status change, then all the (coalesced) typing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Draft);
    assert_eq!(h.state().ws.doc.segments[0].en, "One two");
    assert_eq!(h.state().active, 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "");
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Untranslated);
    h.key_press_modifiers(ctrl_shift(), Key::Z);
    h.key_press_modifiers(ctrl_shift(), Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "One two");
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Translated);
}

#[test]
fn search_finds_normalised_arabic_and_english() {
    let mut h = harness(None, SIZE);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.get_by_label("Find:").is_focused());
    h.get_by_label("Find:").type_text("امن");
    h.run();
    let hits = &h.state().search.hits;
    assert!(!hits.is_empty(), "امن finds الأمن");
    let hit = hits[0].clone();
    let text = h.state().ws.doc.source_of(hit.segment);
    assert!(tarjuman::arabic::normalize(&text[hit.range.clone()]).contains("امن"));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().active, hit.segment);
    h.get_by_label_contains(&format!("1 of {}", h.state().search.hits.len()));

    // English, case-insensitive.
    h.state_mut().search.query.clear();
    h.get_by_label("Find:").type_text("RANSOMWARE");
    h.run();
    assert!(
        h.state()
            .search
            .hits
            .iter()
            .any(|hit| hit.side == tarjuman::ui::workspace::Side::English)
    );
}

#[test]
fn save_then_reopen_restores_text_and_statuses() {
    let source = copy_to_temp(&seed_text(), "save");
    let project = source.with_file_name("article.tarjuman.toml");
    let mut h = harness(Some(source), SIZE);
    h.run();
    h.get_by_label("English 1").click();
    h.run();
    h.get_by_label("English 1")
        .type_text("First «sentence»\nwith a line break");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.get_by_label("English 2").type_text("Second, a draft");
    h.run();
    h.state_mut().command(Command::SaveAs(project.clone()));
    h.run();
    assert_eq!(h.state().error, None);
    assert!(!h.state().ws.is_dirty());
    let saved = h.state().ws.doc.clone();

    // Ctrl+S writes to the same project from now on.
    h.get_by_label("English 3").click();
    h.run();
    h.get_by_label("English 3").type_text("Third");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().ws.is_dirty());
    let saved_again = h.state().ws.doc.clone();
    assert_ne!(saved, saved_again);
    let backups = tarjuman::project::backups(&project).unwrap();
    assert_eq!(backups.len().min(2), backups.len(), "{backups:?}");
    assert!(!backups.is_empty());

    let mut reopened = crate::harness(Some(project.clone()), SIZE);
    reopened.run();
    let app = reopened.state();
    assert_eq!(app.error, None);
    assert_eq!(app.ws.doc.segments, saved_again.segments);
    assert_eq!(app.ws.doc.source, saved_again.source);
    assert_eq!(app.ws.doc.segments[0].status, Status::Translated);
    assert_eq!(app.ws.doc.segments[1].status, Status::Draft);
    assert_eq!(app.ws.doc.segments[2].en, "Third");
    assert_eq!(
        reopened.get_by_label("English 1").value().as_deref(),
        Some("First «sentence»\nwith a line break")
    );
}

#[test]
fn a_corrupt_project_shows_an_error_and_keeps_the_open_document() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "corrupt")), SIZE);
    h.run();
    h.get_by_label("English 1").click();
    h.run();
    h.get_by_label("English 1").type_text("Work in progress");
    h.run();
    let before = h.state().ws.doc.clone();
    let corrupt = temp_dir("corrupt-file").join("broken.tarjuman.toml");
    std::fs::write(
        &corrupt,
        "format_version = 1\nsource = \"نص\"\n\n[[segments]]\nid = 0\nstart = \"zero\"\n",
    )
    .unwrap();
    h.state_mut().command(Command::Open(corrupt.clone()));
    h.run();
    let error = h.state().error.clone().expect("an error is shown");
    assert!(
        error.contains(&format!("{}:6:", corrupt.display())),
        "names the file and line: {error}"
    );
    h.get_by_label_contains("broken.tarjuman.toml:6:");
    assert_eq!(h.state().ws.doc, before);
    assert!(h.state().ws.is_dirty());
    // Not UTF-8 either.
    let binary = corrupt.with_file_name("binary.txt");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    h.state_mut().command(Command::Open(binary));
    h.run();
    assert!(h.state().error.as_ref().unwrap().contains("not UTF-8"));
    assert_eq!(h.state().ws.doc, before);
    h.get_by_label("Dismiss").click();
    h.run();
    assert_eq!(h.state().error, None);
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_opens_it() {
    let mut h = harness(None, SIZE);
    h.run();
    let dir = temp_dir("drop");
    let text = dir.join("short.ar.txt");
    std::fs::write(&text, "قال الرئيس إن الأمن أولوية.\n\nفقرة ثانية.\n").unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(text.clone())));
    h.run();
    assert_eq!(
        h.state().ws.doc.source_path.as_deref(),
        Some(text.as_path())
    );
    assert_eq!(h.state().ws.len(), 2);
    assert!(h.state().ws.doc.segments.iter().all(|s| s.en.is_empty()));
}

#[test]
fn unsaved_work_is_offered_back_after_a_crash() {
    let source = copy_to_temp(&seed_text(), "recovery");
    let mut h = harness(Some(source.clone()), SIZE);
    h.run();
    h.get_by_label("English 4").click();
    h.run();
    h.get_by_label("English 4")
        .type_text("Facing Republican opposition");
    h.run();
    // What autosave writes (every 30 s and on exit); then the process dies.
    h.state_mut().write_recovery_now();
    drop(h);

    let mut h = harness(Some(source.clone()), SIZE);
    h.run();
    assert_eq!(h.state().ws.doc.segments[3].en, "");
    h.get_by_label_contains("Restore unsaved work?");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(
        h.state().ws.doc.segments[3].en,
        "Facing Republican opposition"
    );
    assert!(h.state().ws.is_dirty());
    // Saving clears the recovery file: the next start offers nothing.
    let project = source.with_file_name("p.tarjuman.toml");
    h.state_mut().command(Command::SaveAs(project.clone()));
    h.run();
    let mut h = harness(Some(source), SIZE);
    h.run();
    assert!(h.query_by_label_contains("Restore unsaved work?").is_none());
}

#[test]
fn font_size_and_side_order_are_settings() {
    let mut h = harness(None, SIZE);
    h.run();
    let size = h.state().settings.font_size;
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert_eq!(h.state().settings.font_size, size + 1.0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.run();
    assert_eq!(h.state().settings.font_size, size - 1.0);
    let english = h.get_by_label("English 1").rect().center().x;
    h.state_mut().command(Command::SwapSides);
    h.run();
    assert!(h.get_by_label("English 1").rect().center().x > english);
    let json = serde_json::to_string(&h.state().settings).unwrap();
    let back: tarjuman::ui::Settings = serde_json::from_str(&json).unwrap();
    assert!(!back.arabic_on_right);
}

#[test]
fn autosave_writes_the_recovery_file_after_30_seconds() {
    let source = copy_to_temp(&seed_text(), "autosave");
    let recovery = tarjuman::project::recovery_path(None, Some(&source)).unwrap();
    let mut h = egui_kittest::Harness::builder()
        .with_size(SIZE)
        .with_step_dt(1.0)
        .build_eframe(|cc| {
            tarjuman::ui::App::new(
                cc,
                tarjuman::ui::Options {
                    open: Some(source.clone()),
                    glossary: None,
                    autosave: true,
                    default_tm: crate::test_tm(),
                },
            )
        });
    h.run_steps(2);
    h.get_by_label("English 1").click();
    h.run_steps(2);
    h.get_by_label("English 1").type_text("Autosaved words");
    h.run_steps(10);
    assert!(!recovery.exists(), "not before 30 s");
    h.run_steps(30);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !recovery.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let doc = tarjuman::project::load(&recovery).unwrap();
    assert_eq!(doc.segments[0].en, "Autosaved words");
}

/// The first glossary hit of the seed whose English is not also the label
/// of another widget on screen.
fn first_suggestion(h: &egui_kittest::Harness<'_, tarjuman::ui::App>) -> (usize, String) {
    let app = h.state();
    let segment = (0..app.ws.len())
        .find(|&i| app.ws.matches[i].len() >= 2)
        .expect("the seed has segments with two glossary hits");
    let m = &app.ws.matches[segment][0];
    (segment, app.ws.glossary.terms[m.term].en.clone())
}

#[test]
fn clicking_a_suggestion_inserts_its_english_at_the_caret() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "suggest")), SIZE);
    h.run();
    assert!(
        h.state().ws.glossary.terms.len() > 100,
        "the repo glossary is loaded"
    );
    let (segment, english) = first_suggestion(&h);
    let label = format!("English {}", segment + 1);
    h.state_mut().command(Command::Activate {
        segment,
        focus: true,
    });
    h.run();
    assert!(h.get_by_label(&label).is_focused());
    h.get_by_label(&label).type_text("The");
    h.run();
    h.get_all_by_label(&english)
        .next()
        .expect("the suggestion is listed")
        .click();
    h.run();
    let en = h.state().ws.doc.segments[segment].en.clone();
    assert_eq!(en, format!("The {english}"));
    // The caret sits after the insertion and the editor keeps the focus.
    assert!(h.get_by_label(&label).is_focused());
    h.get_by_label(&label).type_text(" today");
    h.run();
    assert_eq!(
        h.state().ws.doc.segments[segment].en,
        format!("The {english} today")
    );
}

#[test]
fn alt_digit_inserts_suggestion_n() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "altdigit")), SIZE);
    h.run();
    let (segment, _) = first_suggestion(&h);
    let second = {
        let app = h.state();
        let m = &app.ws.matches[segment][1];
        app.ws.glossary.terms[m.term].en.clone()
    };
    h.state_mut().command(Command::Activate {
        segment,
        focus: true,
    });
    h.run();
    h.key_press_modifiers(Modifiers::ALT, Key::Num2);
    h.run();
    assert_eq!(h.state().ws.doc.segments[segment].en, second);
    assert_eq!(h.state().ws.doc.segments[segment].status, Status::Draft);
}

#[test]
fn a_broken_glossary_is_reported_and_the_old_one_kept() {
    let mut h = harness(None, SIZE);
    h.run();
    let terms = h.state().ws.glossary.terms.len();
    let matches = h.state().ws.matches.clone();
    let broken = temp_dir("glossary").join("broken-glossary.toml");
    std::fs::write(&broken, "name = \"x\"\n[[term]]\nar = \"أمن\"\nen = 5\n").unwrap();
    h.state_mut().command(Command::LoadGlossary(broken.clone()));
    h.run();
    let error = h.state().error.clone().expect("an error is shown");
    assert!(error.contains("broken-glossary.toml:"), "{error}");
    assert_eq!(h.state().ws.glossary.terms.len(), terms);
    assert_eq!(h.state().ws.matches, matches);
}

#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn settings_and_recent_files_go_to_eframe_storage() {
    let text = copy_to_temp(&seed_text(), "recent");
    let mut h = harness(Some(text.clone()), SIZE);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.state_mut().command(Command::SwapSides);
    h.state_mut()
        .command(Command::SetTheme(egui::ThemePreference::Light));
    h.run();
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let settings: tarjuman::ui::Settings =
        eframe::get_value(&storage, eframe::APP_KEY).expect("settings stored");
    assert_eq!(settings.font_size, 17.0);
    assert!(!settings.arabic_on_right);
    assert_eq!(settings.theme, egui::ThemePreference::Light);
    assert_eq!(
        settings.recent_files.first(),
        Some(&std::fs::canonicalize(&text).unwrap())
    );
    // Document data is not a setting.
    let stored = storage.0.values().cloned().collect::<String>();
    assert!(!stored.contains("دعا الرئيس"));
}

#[test]
fn the_help_menu_lists_the_shortcuts() {
    let mut h = harness(None, SIZE);
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Keyboard shortcuts").click();
    h.run();
    h.get_by_label("Confirm the segment as translated, go to the next open one");
    h.get_by_label("Ctrl+Enter");
    h.get_by_label("Insert suggestion 1 … 9 at the caret");
}

#[test]
fn the_status_menu_of_a_row_sets_its_status() {
    let mut h = harness(None, SIZE);
    h.run();
    h.get_all_by_label("translated").next().unwrap().click();
    h.run();
    h.get_by_label("reviewed").click();
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Reviewed);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].status, Status::Translated);
}

#[test]
fn hovering_a_glossary_hit_explains_it_and_clicking_inserts_its_english() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "hit")), SIZE);
    h.run();
    let found = hover_over_a_hit(&mut h);
    let pos = found.expect("a glossary hit shows its details on hover");
    h.drag_at(pos);
    h.drop_at(pos);
    h.run();
    let en = h.state().ws.doc.segments[0].en.clone();
    let app = h.state();
    assert!(
        app.ws.matches[0]
            .iter()
            .any(|m| app.ws.glossary.terms[m.term].en == en),
        "inserted {en:?}"
    );
    assert_eq!(app.ws.doc.segments[0].status, Status::Draft);
}
