//! English-only exports never drop untranslated segments without a word:
//! the translator chooses to leave them out (and is told how many) or to
//! write their Arabic.

use crate::egui::vec2;
use egui_kittest::kittest::Queryable as _;
use tarjuman::formats::{Format, Untranslated, export_with};
use tarjuman::glossary::Glossary;
use tarjuman::ui::Command;

use crate::{harness_with_file_dialog, tarjuman, temp_dir, text};

const ARTICLE: &str = "قال الرئيس إن الأمن أولوية. وأضاف أن الحوار مستمر.\n\nفقرة ثانية بلا ترجمة.\n";

/// The window on a fresh copy of [`ARTICLE`]: its folder, the text, the window.
fn window_on_article(
    name: &str,
) -> (
    std::path::PathBuf,
    std::path::PathBuf,
    egui_kittest::Harness<'static, tarjuman::ui::App>,
) {
    let dir = temp_dir(name);
    let source = dir.join("a.ar.txt");
    std::fs::write(&source, ARTICLE).unwrap();
    let mut h = harness_with_file_dialog(Some(source.clone()), vec2(1280.0, 820.0));
    h.run();
    (dir, source, h)
}

fn half_translated() -> tarjuman::document::Document {
    let mut doc = tarjuman::document::Document::from_source(ARTICLE.into(), None);
    doc.segments[0].en = "The president said security is a priority.".into();
    doc
}

#[test]
fn untranslated_segments_are_left_out_or_written_in_arabic_by_choice() {
    let doc = half_translated();
    assert_eq!(tarjuman::formats::untranslated_count(&doc), 2);
    for format in [Format::Text, Format::DocxEnglish] {
        let left_out =
            export_with(&doc, &Glossary::default(), format, Untranslated::LeaveOut).unwrap();
        let arabic = export_with(&doc, &Glossary::default(), format, Untranslated::Arabic).unwrap();
        assert_ne!(left_out, arabic, "{format:?}");
    }
    let text = |u| {
        String::from_utf8(export_with(&doc, &Glossary::default(), Format::Text, u).unwrap())
            .unwrap()
    };
    let left_out = text(Untranslated::LeaveOut);
    assert_eq!(left_out, "The president said security is a priority.\n");
    let arabic = text(Untranslated::Arabic);
    assert_eq!(
        arabic,
        "The president said security is a priority. وأضاف أن الحوار مستمر.\n\nفقرة ثانية بلا ترجمة.\n",
        "each untranslated sentence in its place, paragraphs kept"
    );
}

#[test]
fn the_command_line_says_how_many_were_left_out() {
    let dir = temp_dir("english-export-cli");
    std::fs::write(dir.join("a.ar.txt"), ARTICLE).unwrap();
    let export = |extra: &[&str], out: &str| {
        let mut args = vec!["export", "a.ar.txt", "--format", "txt", "-o", out];
        args.extend_from_slice(extra);
        tarjuman(&args, &dir)
    };
    let out = export(&[], "a.en.txt");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("3 untranslated segment(s) left out"),
        "{}",
        text(&out.stderr)
    );
    let out = export(&["--untranslated", "arabic"], "b.txt");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.join("b.txt")).unwrap();
    assert!(written.contains("فقرة ثانية بلا ترجمة."), "{written}");
    let out = export(&["--untranslated", "maybe"], "c.txt");
    assert!(!out.status.success());
    assert!(!dir.join("c.txt").exists());
}

#[test]
fn the_window_asks_before_an_english_only_export_and_says_what_it_did() {
    let (dir, _, mut h) = window_on_article("english-export-window");
    h.state_mut().command(Command::ExportDialog(Format::Text));
    h.run();
    h.get_by_label_contains("3 of 3 segments have no English yet");
    h.get_by_label("Write their Arabic").click();
    h.run();
    assert!(h.state().file_dialog_open());
    h.get_by_label("Save").click();
    h.run();
    h.run();
    assert_eq!(h.state().error, None);
    let info = h.state().info.clone().unwrap_or_default();
    assert!(
        info.contains("3 untranslated segment(s) written in Arabic"),
        "{info}"
    );
    let written = std::fs::read_to_string(dir.join("a.txt")).unwrap();
    assert!(written.contains("فقرة ثانية بلا ترجمة."), "{written}");

    // Cancel exports nothing.
    h.state_mut()
        .command(Command::ExportDialog(Format::DocxEnglish));
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().file_dialog_open());
    assert!(!dir.join("a.en.docx").exists());
}

#[test]
fn the_window_never_exports_over_the_open_source_text() {
    let (_, source, mut h) = window_on_article("export-over-source");
    h.state_mut().command(Command::Export {
        format: Format::Xliff20,
        path: source.clone(),
    });
    h.run();
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("a.ar.txt"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&source).unwrap(),
        ARTICLE,
        "the Arabic is intact"
    );
}
