//! A project whose Arabic was edited by hand is refused, not silently cut
//! one byte off per segment, and can be re-segmented keeping the English
//! of every sentence that did not change.

use crate::egui::vec2;
use egui_kittest::kittest::Queryable as _;

use crate::{copy_to_temp, harness, seed_project, tarjuman, text};

/// The seed project as this build writes it (each segment's digest kept).
fn digested_project(name: &str) -> std::path::PathBuf {
    let project = copy_to_temp(&seed_project(), name);
    let doc = tarjuman::project::load(&project).unwrap();
    let text = tarjuman::project::to_toml(&doc, &project).unwrap();
    assert!(text.contains("digest = "));
    std::fs::write(&project, text).unwrap();
    project
}

/// The seed project with one space typed at the start of its Arabic, as a
/// translator fixing a typo in a text editor would.
fn edited_project(name: &str) -> std::path::PathBuf {
    let project = digested_project(name);
    let text = std::fs::read_to_string(&project).unwrap();
    let edited = text.replacen("source = \"\"\"\n", "source = \"\"\"\n ", 1);
    assert_ne!(edited, text);
    std::fs::write(&project, edited).unwrap();
    project
}

#[test]
fn an_edited_source_is_refused_everywhere_with_the_way_out() {
    let project = edited_project("reseg-refused");
    let error = tarjuman::project::load(&project).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("no longer matches the source text"),
        "{message}"
    );
    assert!(message.contains("first: segment 1"), "{message}");
    let dir = project.parent().unwrap();
    for args in [
        vec!["qa", project.to_str().unwrap()],
        vec!["export", project.to_str().unwrap(), "-o", "out.xlf"],
    ] {
        let out = tarjuman(&args, dir);
        assert!(!out.status.success(), "{args:?} must fail");
        assert!(
            text(&out.stderr).contains("resegment"),
            "{}",
            text(&out.stderr)
        );
    }
    assert!(!dir.join("out.xlf").exists());
}

#[test]
fn resegmenting_keeps_the_english_of_unchanged_sentences() {
    let original = tarjuman::project::load(&seed_project()).unwrap();
    let project = edited_project("reseg-cli");
    let before = std::fs::read(&project).unwrap();
    let out = tarjuman(
        &["resegment", project.to_str().unwrap()],
        project.parent().unwrap(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("kept their translation"),
        "{}",
        text(&out.stderr)
    );
    let doc = tarjuman::project::load(&project).expect("loads again, digests matching");
    assert_eq!(doc.segments.len(), original.segments.len());
    for (index, (new, old)) in doc.segments.iter().zip(&original.segments).enumerate() {
        assert_eq!(
            doc.source_of(index),
            original.source_of(index),
            "segment {index}"
        );
        assert_eq!(new.en, old.en, "segment {index} kept its English");
        assert_eq!(new.status, old.status);
    }
    assert_eq!(
        doc.qa_accepted, original.qa_accepted,
        "accepted QA issues follow their segments"
    );
    // The file as it was is in the backups.
    let backups = tarjuman::project::backups(&project).unwrap();
    assert!(
        backups.iter().any(|b| std::fs::read(b).unwrap() == before),
        "{backups:?}"
    );
}

#[test]
fn a_changed_sentence_loses_its_english_and_the_report_says_so() {
    let project = digested_project("reseg-changed");
    let doc = tarjuman::project::load(&project).unwrap();
    let second = doc.source_of(1).to_owned();
    // A word of the second sentence changed (هجمات → الهجمات).
    let changed = second.replacen("هجمات", "الهجمات", 1);
    assert_ne!(changed, second);
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(&project, text.replacen(&second, &changed, 1)).unwrap();
    let (doc, report) = tarjuman::project::load_resegmented(&project).unwrap();
    assert_eq!(report.lost, 1, "{report}");
    assert_eq!(
        report.kept + 1,
        doc.segments.iter().filter(|s| !s.en.is_empty()).count() + 1
    );
    assert!(doc.segments[1].en.is_empty());
    assert!(!doc.segments[0].en.is_empty() && !doc.segments[2].en.is_empty());
}

#[test]
fn the_window_offers_to_resegment_and_the_result_is_unsaved_until_saved() {
    let project = edited_project("reseg-window");
    let before = std::fs::read(&project).unwrap();
    let mut h = harness(Some(project.clone()), vec2(1280.0, 820.0));
    h.run();
    h.get_by_label_contains("The Arabic text was edited");
    h.get_by_label("Re-segment, keeping translations").click();
    h.run();
    assert_eq!(h.state().error, None);
    assert!(h.state().ws.is_dirty(), "nothing written until saved");
    assert_eq!(std::fs::read(&project).unwrap(), before);
    assert_eq!(
        h.state().ws.project_path.as_deref(),
        Some(project.as_path())
    );
    let info = h.state().info.clone().unwrap_or_default();
    assert!(info.contains("kept their translation"), "{info}");
    assert!(!h.state().ws.doc.segments[0].en.is_empty());
}

#[test]
fn a_file_from_before_digests_is_checked_by_its_spans_and_carried_by_position() {
    let project = copy_to_temp(&seed_project(), "reseg-legacy");
    let text = std::fs::read_to_string(&project).unwrap();
    let legacy: String = text
        .lines()
        .filter(|l| !l.starts_with("digest = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let edited = legacy.replacen("source = \"\"\"\n", "source = \"\"\"\n ", 1);
    std::fs::write(&project, &edited).unwrap();
    let error = tarjuman::project::load(&project).unwrap_err().to_string();
    assert!(error.contains("no longer matches"), "{error}");
    let (doc, report) = tarjuman::project::load_resegmented(&project).unwrap();
    assert_eq!(report.lost, 0, "{report}");
    let original = tarjuman::project::load(&seed_project()).unwrap();
    for (new, old) in doc.segments.iter().zip(&original.segments) {
        assert_eq!(new.en, old.en);
    }
    // Unedited, the file from before digests still opens.
    std::fs::write(&project, &legacy).unwrap();
    tarjuman::project::load(&project).unwrap();
}
