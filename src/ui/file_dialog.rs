//! File dialogs: the desktop's own (rfd, through the XDG portal) where the
//! desktop has one, else an in-app dialog (egui_file) drawn in the window.
//!
//! rfd answers "no file" both when the translator cancels and when the
//! desktop has no file-dialog portal at all (a bare X session, a minimal
//! window manager, a container). Nobody can open and cancel a dialog in
//! [`NO_DIALOG_WITHIN`]; an empty answer that fast means there was no
//! dialog, and from then on the in-app one is used. `TARJUMAN_FILE_DIALOG=builtin`
//! asks for it from the start.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui;

use super::{App, Command};

/// An empty answer from the desktop faster than this: it showed no dialog.
pub const NO_DIALOG_WITHIN: Duration = Duration::from_millis(300);

/// What to ask for, and what to do with the answer.
pub struct FileRequest {
    pub title: String,
    /// The filter's label and its extensions, without dots.
    pub filter: (String, Vec<String>),
    /// Also offer every file ("All files").
    pub all_files: bool,
    pub directory: Option<PathBuf>,
    /// `Some`: a save dialog suggesting this name; `None`: pick an existing file.
    pub save_as: Option<String>,
    /// The command to run on the chosen path.
    pub then: Box<dyn FnOnce(PathBuf) -> Command>,
}

impl FileRequest {
    /// Picks an existing file.
    pub fn open(
        title: impl Into<String>,
        label: &str,
        extensions: &[&str],
        then: impl FnOnce(PathBuf) -> Command + 'static,
    ) -> FileRequest {
        FileRequest {
            title: title.into(),
            filter: (
                label.to_owned(),
                extensions.iter().map(|e| (*e).to_owned()).collect(),
            ),
            all_files: false,
            directory: None,
            save_as: None,
            then: Box::new(then),
        }
    }

    /// Names a file to write, suggesting `name`.
    pub fn save(
        title: impl Into<String>,
        label: &str,
        extensions: &[&str],
        name: impl Into<String>,
        then: impl FnOnce(PathBuf) -> Command + 'static,
    ) -> FileRequest {
        FileRequest {
            save_as: Some(name.into()),
            ..FileRequest::open(title, label, extensions, then)
        }
    }

    pub fn in_dir(mut self, dir: Option<PathBuf>) -> FileRequest {
        self.directory = dir;
        self
    }

    pub fn with_all_files(mut self) -> FileRequest {
        self.all_files = true;
        self
    }

    /// The desktop's dialog (blocks until it closes).
    fn ask_desktop(&self) -> Option<PathBuf> {
        let extensions: Vec<&str> = self.filter.1.iter().map(String::as_str).collect();
        let mut dialog = rfd::FileDialog::new()
            .set_title(&self.title)
            .add_filter(&self.filter.0, &extensions);
        if self.all_files {
            dialog = dialog.add_filter("All files", &["*"]);
        }
        if let Some(dir) = &self.directory {
            dialog = dialog.set_directory(dir);
        }
        match &self.save_as {
            Some(name) => dialog.set_file_name(name).save_file(),
            None => dialog.pick_file(),
        }
    }

    /// The in-app dialog for this request, opened.
    fn builtin(&self) -> egui_file::FileDialog {
        let start = self
            .directory
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut dialog = match &self.save_as {
            Some(name) => egui_file::FileDialog::save_file()
                .initial_path(start)
                .default_filename(name.clone()),
            None => egui_file::FileDialog::open_file().initial_path(start),
        }
        .title(&self.title)
        .id(egui::Id::unique("tarjuman file dialog"))
        .default_size([640.0, 420.0])
        .show_rename(false);
        if !self.all_files && !self.filter.1.iter().any(|e| e == "*") {
            let extensions = self.filter.1.clone();
            dialog = dialog.show_files_filter(Box::new(move |path: &Path| {
                has_extension(path, &extensions)
            }));
        }
        dialog.open();
        dialog
    }
}

/// Whether `path` ends in one of `extensions` (any case).
fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A saved file named without an extension gets the filter's first one
/// (`article` saved as a project becomes `article.toml`).
fn with_default_extension(path: PathBuf, request: &FileRequest) -> PathBuf {
    let first = request.filter.1.first().filter(|e| *e != "*");
    match first {
        Some(ext) if request.save_as.is_some() && path.extension().is_none() => {
            path.with_extension(ext)
        }
        _ => path,
    }
}

/// What the desktop's dialogs have shown so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Desktop {
    /// Not asked yet.
    #[default]
    Unknown,
    /// A dialog came back with a file, or after long enough to be a person's cancel.
    Works,
    /// An empty answer too fast to be a person's, or the in-app dialog was asked for.
    None,
}

/// What an empty or full answer from the desktop means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Chosen(PathBuf),
    Cancelled,
    /// The desktop showed no dialog: use the in-app one.
    NoDialog,
}

/// Reads the desktop's answer: a file; an empty answer after `elapsed`
/// (a person's cancel, or no dialog when faster than [`NO_DIALOG_WITHIN`]
/// and the desktop never showed one before).
pub fn read_answer(answer: Option<PathBuf>, elapsed: Duration, desktop: Desktop) -> Answer {
    match answer {
        Some(path) => Answer::Chosen(path),
        None if elapsed < NO_DIALOG_WITHIN && desktop != Desktop::Works => Answer::NoDialog,
        None => Answer::Cancelled,
    }
}

/// The window's file dialogs.
#[derive(Default)]
pub struct FileDialogs {
    pub desktop: Desktop,
    /// The in-app dialog open now, and its request.
    open: Option<(egui_file::FileDialog, FileRequest)>,
}

impl FileDialogs {
    /// Whether the in-app dialog is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The in-app dialog from the start (`TARJUMAN_FILE_DIALOG=builtin`, tests).
    pub fn builtin_only() -> FileDialogs {
        FileDialogs {
            desktop: Desktop::None,
            open: None,
        }
    }

    /// From the environment: `TARJUMAN_FILE_DIALOG=builtin` skips the desktop's.
    pub fn from_env() -> FileDialogs {
        match std::env::var("TARJUMAN_FILE_DIALOG").as_deref() {
            Ok("builtin") => FileDialogs::builtin_only(),
            _ => FileDialogs::default(),
        }
    }
}

impl App {
    /// Asks for a file: the desktop's dialog, or the in-app one when the
    /// desktop has none. The chosen path becomes `request.then`'s command.
    pub(super) fn ask_file(&mut self, request: FileRequest) {
        if self.files.desktop != Desktop::None {
            let started = Instant::now();
            let answer = request.ask_desktop();
            match read_answer(answer, started.elapsed(), self.files.desktop) {
                Answer::Chosen(path) => {
                    self.files.desktop = Desktop::Works;
                    let path = with_default_extension(path, &request);
                    self.commands.push((request.then)(path));
                    return;
                }
                Answer::Cancelled => {
                    self.files.desktop = Desktop::Works;
                    return;
                }
                Answer::NoDialog => {
                    self.files.desktop = Desktop::None;
                    self.info = Some(
                        "The desktop showed no file dialog (no file-dialog portal); using Tarjuman's own"
                            .to_owned(),
                    );
                }
            }
        }
        let dialog = request.builtin();
        self.files.open = Some((dialog, request));
    }

    /// Draws the in-app dialog, if open; a chosen file runs its command.
    pub(super) fn file_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some((dialog, _)) = self.files.open.as_mut() else {
            return;
        };
        dialog.show(ctx);
        let chosen = dialog
            .selected()
            .then(|| dialog.path().map(Path::to_path_buf));
        let closed = !dialog.visible();
        match chosen {
            Some(Some(path)) => {
                let (_, request) = self.files.open.take().expect("open");
                let path = with_default_extension(path, &request);
                self.commands.push((request.then)(path));
            }
            _ if closed => self.files.open = None,
            _ => {}
        }
    }

    /// Whether a file dialog drawn in the window is open (tests).
    pub fn file_dialog_open(&self) -> bool {
        self.files.is_open()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_empty_answer_means_no_dialog_until_one_was_seen() {
        let fast = Duration::from_millis(5);
        let slow = Duration::from_secs(3);
        assert_eq!(read_answer(None, fast, Desktop::Unknown), Answer::NoDialog);
        assert_eq!(read_answer(None, slow, Desktop::Unknown), Answer::Cancelled);
        // A desktop that showed a dialog before: a quick Escape is a cancel.
        assert_eq!(read_answer(None, fast, Desktop::Works), Answer::Cancelled);
        let path = PathBuf::from("/tmp/a.toml");
        assert_eq!(
            read_answer(Some(path.clone()), fast, Desktop::Unknown),
            Answer::Chosen(path)
        );
    }

    #[test]
    fn a_saved_name_without_extension_gets_the_filters() {
        let request = FileRequest::save("Save", "Project", &["toml"], "a.toml", Command::SaveAs);
        assert_eq!(
            with_default_extension(PathBuf::from("/x/article"), &request),
            PathBuf::from("/x/article.toml")
        );
        assert_eq!(
            with_default_extension(PathBuf::from("/x/article.tarjuman.toml"), &request),
            PathBuf::from("/x/article.tarjuman.toml")
        );
        let open = FileRequest::open("Open", "Text", &["txt"], Command::Open);
        assert_eq!(
            with_default_extension(PathBuf::from("/x/article"), &open),
            PathBuf::from("/x/article")
        );
        assert!(has_extension(Path::new("a.TMX"), &["tmx".to_owned()]));
        assert!(!has_extension(Path::new("a.txt"), &["tmx".to_owned()]));
    }
}
