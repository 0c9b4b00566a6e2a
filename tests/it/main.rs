//! The one integration-test binary (one binary keeps the test build lean):
//! the command line, the window driven through egui_kittest, project files,
//! the shipped seed and image snapshots.

mod app;
mod cli;
mod english_export;
mod export;
mod glossary_editor;
mod glossary_import_window;
mod glossary_interchange;
mod hostile;
mod hostile_readers;
mod matching_window;
mod plural;
mod qa;
mod qa_panel;
mod quit;
mod resegment;
mod seed;
mod snapshots;
mod support;
mod term_status;
mod tm_cli;
mod tm_eval;
mod tm_window;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use eframe::egui;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use tarjuman::ui::{App, Options};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_text() -> PathBuf {
    repo().join("seeds/biden-putin-ransomware.ar.txt")
}

pub fn seed_project() -> PathBuf {
    repo().join("seeds/biden-putin-ransomware.tarjuman.toml")
}

/// A default TM of its own for one window, so tests never write to the
/// user's TM nor see each other's units.
pub fn test_tm() -> Option<PathBuf> {
    Some(temp_dir("tm").join("default.tmdb"))
}

/// A fresh empty folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir =
        std::env::temp_dir().join(format!("tarjuman-it-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Moves the pointer over the first segment's Arabic until it rests on a
/// glossary hit (its hover card shows), with tooltips made instant; the
/// point, or `None` when no hit shows a card.
pub fn hover_over_a_hit(h: &mut Harness<'static, App>) -> Option<egui::Pos2> {
    h.ctx.all_styles_mut(|s| {
        s.interaction.tooltip_delay = 0.0;
        s.interaction.show_tooltips_only_when_still = false;
    });
    let source = h.state().ws.doc.source_of(0).to_owned();
    let rect = h.get_by_label(&source).rect();
    let rows = (0..).map(|k| rect.top() + 6.0 + 12.0 * k as f32);
    for y in rows.take_while(|&y| y <= rect.bottom()) {
        let columns = (0..).map(|k| rect.right() - 6.0 - 14.0 * k as f32);
        for x in columns.take_while(|&x| x >= rect.left()) {
            let pos = egui::pos2(x, y);
            h.hover_at(pos);
            h.run_steps(2);
            if h.query_by_label("Click to insert the English").is_some() {
                return Some(pos);
            }
        }
    }
    None
}

/// Runs the `tarjuman` binary with `args` in `dir`.
pub fn tarjuman(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tarjuman"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

/// Runs the `tarjuman` binary with `args` in `dir`, `input` on its standard input.
pub fn tarjuman_with_stdin(args: &[&str], dir: &Path, input: &str) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tarjuman"))
        .args(args)
        .current_dir(dir)
        .env("TARJUMAN_DATA_DIR", dir.join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("writes");
    child.wait_with_output().expect("ends")
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies `file` into a fresh folder, so tests never write beside the repo's files.
pub fn copy_to_temp(file: &Path, name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let target = dir.join(file.file_name().unwrap());
    std::fs::copy(file, &target).unwrap();
    target
}

/// The real app, as eframe would create it, opened on `open` (the seed when `None`).
pub fn harness(open: Option<PathBuf>, size: egui::Vec2) -> Harness<'static, App> {
    harness_with(
        Options {
            open,
            glossary: None,
            autosave: false,
            default_tm: crate::test_tm(),
        },
        size,
    )
}

/// The real app with the given options (a glossary of its own, autosave…).
pub fn harness_with(options: Options, size: egui::Vec2) -> Harness<'static, App> {
    harness_built(options, size, true)
}

/// [`harness`] without the check that every widget has an accessible
/// name: the in-app file dialog (egui_file) leaves its two text fields
/// unnamed.
pub fn harness_with_file_dialog(open: Option<PathBuf>, size: egui::Vec2) -> Harness<'static, App> {
    let options = Options {
        open,
        glossary: None,
        autosave: false,
        default_tm: crate::test_tm(),
    };
    harness_built(options, size, false)
}

fn harness_built(options: Options, size: egui::Vec2, accessibility: bool) -> Harness<'static, App> {
    Harness::builder()
        .with_size(size)
        .with_accessibility_check(accessibility)
        // Rows first drawn at an estimated height settle over a few frames.
        .with_max_steps(16)
        .build_eframe(move |cc| {
            let mut app = App::new(cc, options);
            // A lookup slower than a frame (a busy CI machine) keeps the
            // spinner turning; each frame waits for its matches instead.
            app.settle_tm_lookups();
            // Likewise the glossary matches, computed off the UI thread.
            app.settle_glossary_matching();
            // Never the desktop's dialog (it would block the test).
            app.use_builtin_file_dialogs();
            app
        })
}
