//! The egui window. Renders the core and turns input into commands on it.
//!
//! - [`App`]: runtime state plus the persisted [`Settings`]; every frame
//!   collects [`Command`]s (from shortcuts, menus and widgets) and applies
//!   them once at the end ([`App::apply`]).
//! - [`workspace::Workspace`]: the document with its matches, counts, undo
//!   history and search (no egui, unit-tested).
//! - `rows`: the virtualised segment table; `panels`: everything around it;
//!   [`arabic::arabic_ui`]: the one function that draws Arabic.

use eframe::egui;
pub mod arabic;
pub mod command;
mod exchange;
pub mod file_dialog;
mod glossary_panel;
mod matching;
mod memory;
mod panels;
mod qa_panel;
mod quit;
pub(crate) mod rows;
pub mod rtl_text;
pub mod workspace;

use std::path::{Path, PathBuf};

use egui::text::{CCursor, CCursorRange};
use serde::{Deserialize, Serialize};

pub use command::Command;
use file_dialog::FileRequest;
use rows::RowHeights;
pub use rows::editor_id;
use workspace::{SearchHit, Workspace};

use crate::document::{Document, Status};
use crate::glossary::Glossary;
use crate::project;

/// Name under which eframe stores the settings.
pub const APP_NAME: &str = "Tarjuman";
const AUTOSAVE_INTERVAL_SECS: f64 = 30.0;
const RECENT_FILES_KEPT: usize = 10;
const SEED_PROJECT: &str = "seeds/biden-putin-ransomware.tarjuman.toml";
const SEED_TEXT: &str = "seeds/biden-putin-ransomware.ar.txt";

/// What persists between sessions that is not document data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub arabic_on_right: bool,
    pub font_size: f32,
    pub recent_files: Vec<PathBuf>,
    pub theme: egui::ThemePreference,
    pub show_suggestions: bool,
    /// Written into every unit this user confirms (default: the login name).
    pub author: String,
    /// Entering an empty segment inserts its best TM match from this score
    /// (101: only context matches; 100: exact ones).
    pub tm_auto_insert: u8,
    /// The lowest score the Matches panel shows.
    pub tm_min_score: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            arabic_on_right: true,
            font_size: 16.0,
            recent_files: Vec::new(),
            theme: egui::ThemePreference::System,
            show_suggestions: true,
            author: crate::tm::login_name(),
            tm_auto_insert: 100,
            tm_min_score: 50,
        }
    }
}

/// How the window starts.
#[derive(Debug, Clone)]
pub struct Options {
    /// An Arabic text or a project; the shipped seed when `None`.
    pub open: Option<PathBuf>,
    /// A glossary file; else `glossary.toml` in the current folder, else the built-in one.
    pub glossary: Option<PathBuf>,
    /// Write a recovery file every 30 s and on exit (off in tests).
    pub autosave: bool,
    /// The user's default TM (confirmed segments go there unless the
    /// project names another); `None`: no default TM.
    pub default_tm: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            open: None,
            glossary: None,
            autosave: true,
            default_tm: crate::tm::default_tm_path(),
        }
    }
}

/// Search state: the query and its hits, recomputed only when the query
/// or the document changes.
#[derive(Default)]
pub struct SearchState {
    pub open: bool,
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub current: Option<usize>,
    dirty: bool,
    focus_requested: bool,
}

impl SearchState {
    /// The hits in `segment` (hits are in document order).
    pub fn hits_in(&self, segment: usize) -> &[SearchHit] {
        if !self.open || self.hits.is_empty() {
            return &[];
        }
        let start = self.hits.partition_point(|h| h.segment < segment);
        let end = self.hits.partition_point(|h| h.segment <= segment);
        &self.hits[start..end]
    }
}

struct RecoveryOffer {
    path: PathBuf,
    doc: Document,
    description: String,
}

/// The translation window.
pub struct App {
    pub settings: Settings,
    pub ws: Workspace,
    /// The segment being translated.
    pub active: usize,
    /// The last error, shown in the window until dismissed.
    pub error: Option<String>,
    pub info: Option<String>,
    pub search: SearchState,
    heights: RowHeights,
    recovery: Option<RecoveryOffer>,
    pending_focus: Option<usize>,
    scroll_to_active: Option<usize>,
    scroll_attempts: u8,
    last_viewport: egui::Rect,
    show_shortcuts: bool,
    title: String,
    commands: Vec<Command>,
    autosave: bool,
    last_autosave_time: Option<f64>,
    autosaved_generation: u64,
    /// Where the current glossary came from (`None`: built in).
    glossary_path: Option<PathBuf>,
    /// The glossary editor window.
    pub gloss: glossary_panel::GlossaryPanel,
    pub qa: qa_panel::QaPanel,
    /// An import read and waiting to be applied (its summary is shown).
    pub pending_import: Option<exchange::PendingImport>,
    /// An English-only export waiting on what to do with untranslated segments.
    pub export_asking: Option<crate::formats::Format>,
    /// That choice, used by the export it was asked for.
    pub export_untranslated: crate::formats::Untranslated,
    /// A project whose source was edited after segmenting, offered to be re-segmented.
    pub resegment_offer: Option<PathBuf>,
    /// The translation memories: matches, writes, concordance, jobs.
    pub tm: memory::TmUi,
    /// The desktop's file dialogs, or the in-app one where it has none.
    files: file_dialog::FileDialogs,
    quit: quit::QuitState,
    /// The glossary matching worker (started on the first frame).
    matcher: Option<matching::MatchService>,
    /// Each frame waits for the glossary matches (tests; see
    /// [`App::settle_glossary_matching`]).
    settle_matching: bool,
    /// Jobs are held back (tests; see [`App::hold_glossary_matching`]).
    hold_matching: bool,
}

/// Opens the window on `open` (an Arabic text or a project; the shipped
/// article when `None`) with the glossary at `glossary` (default: the
/// `glossary.toml` of the current directory, else the built-in one).
pub fn run(open: Option<PathBuf>, glossary: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        system_font_fallback: false,
        ..Default::default()
    };
    let app_options = Options {
        open,
        glossary,
        autosave: true,
        default_tm: crate::tm::default_tm_path(),
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, app_options)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// Registers the bundled Noto Naskh Arabic as fallback after egui's fonts,
/// so no system font is ever needed.
pub fn install_fonts(ctx: &egui::Context) {
    rtl_text::install_fonts(ctx);
}

/// The shipped seed: its project if present, else its Arabic text; looked
/// for in the current folder, then in the source tree.
pub fn seed_path() -> Option<PathBuf> {
    let bases = [
        std::env::current_dir().unwrap_or_default(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    ];
    [SEED_PROJECT, SEED_TEXT]
        .iter()
        .flat_map(|name| bases.iter().map(move |b| b.join(name)))
        .find(|p| p.is_file())
}

/// The built-in glossary (the repo's `glossary.toml`, compiled in).
pub fn builtin_glossary() -> Glossary {
    Glossary::builtin()
}

/// Reads a glossary file; the message names the file and line.
fn load_glossary(path: &Path) -> Result<Glossary, String> {
    Glossary::load(path).map_err(|e| e.to_string())
}

/// Reads an Arabic text or a project.
pub fn read_document(path: &Path) -> Result<(Document, Option<PathBuf>), String> {
    if project::is_project_path(path) {
        return read_project(path).map_err(|e| e.to_string());
    }
    let bytes = crate::files::read_input(path, crate::files::MAX_DOCUMENT_BYTES)
        .map_err(|e| format!("{}: {}", path.display(), crate::io_message(&e, path)))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((Document::from_source(text, Some(path.to_owned())), None))
}

/// A project (or recovery file) and the path it saves to.
fn read_project(path: &Path) -> Result<(Document, Option<PathBuf>), project::ProjectError> {
    let doc = project::load(path)?;
    let project_path = if path.extension().is_some_and(|e| e == "recovery") {
        None
    } else {
        Some(path.to_owned())
    };
    Ok((doc, project_path))
}

impl App {
    /// The window as eframe creates it: fonts, persisted settings, then the
    /// document to open.
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> Self {
        install_fonts(&cc.egui_ctx);
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let app = Self::with_settings(settings, options);
        cc.egui_ctx.set_theme(app.settings.theme);
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        app
    }

    /// The app without eframe (tests, benchmarks). Fonts must be installed
    /// on the context separately ([`install_fonts`]).
    pub fn with_settings(settings: Settings, options: Options) -> Self {
        let empty = Workspace::new(Document::default(), None, Glossary::default());
        let mut app = Self {
            settings,
            ws: empty,
            active: 0,
            error: None,
            info: None,
            search: SearchState::default(),
            heights: RowHeights::default(),
            recovery: None,
            pending_focus: None,
            scroll_to_active: None,
            scroll_attempts: 0,
            last_viewport: egui::Rect::ZERO,
            show_shortcuts: false,
            title: String::new(),
            commands: Vec::new(),
            autosave: options.autosave,
            last_autosave_time: None,
            autosaved_generation: 0,
            glossary_path: None,
            gloss: glossary_panel::GlossaryPanel::default(),
            qa: qa_panel::QaPanel::default(),
            pending_import: None,
            export_asking: None,
            export_untranslated: crate::formats::Untranslated::LeaveOut,
            resegment_offer: None,
            tm: memory::TmUi::new(options.default_tm.clone()),
            files: file_dialog::FileDialogs::from_env(),
            quit: quit::QuitState::default(),
            matcher: None,
            settle_matching: false,
            hold_matching: false,
        };
        let mut errors = Vec::new();
        let glossary = match &options.glossary {
            Some(path) => load_glossary(path).map(|g| (g, Some(path.clone()))),
            None => {
                let local = PathBuf::from("glossary.toml");
                if local.is_file() {
                    load_glossary(&local).map(|g| (g, None))
                } else {
                    Ok((builtin_glossary(), None))
                }
            }
        };
        let glossary = glossary.unwrap_or_else(|e| {
            errors.push(e);
            (builtin_glossary(), None)
        });
        app.glossary_path = glossary.1;
        app.ws.set_glossary(glossary.0);
        match options.open.clone().or_else(seed_path) {
            Some(path) => app.open_path(&path),
            None => errors.push(format!("the seed article ({SEED_TEXT}) was not found")),
        }
        if let Some(e) = app.error.take() {
            errors.push(e);
        }
        if !errors.is_empty() {
            app.error = Some(errors.join("\n"));
        }
        app
    }

    /// An app showing `ws` (benchmarks).
    pub fn with_workspace(ws: Workspace) -> Self {
        let mut app = Self::with_settings(
            Settings::default(),
            Options {
                open: Some(PathBuf::new()),
                glossary: None,
                autosave: false,
                default_tm: None,
            },
        );
        app.ws = ws;
        app.error = None;
        app.heights.invalidate();
        app
    }

    /// File dialogs drawn in the window from the start, never the
    /// desktop's (tests; `TARJUMAN_FILE_DIALOG=builtin` does the same).
    pub fn use_builtin_file_dialogs(&mut self) {
        self.files = file_dialog::FileDialogs::builtin_only();
    }

    /// Queues a command, as a menu or shortcut would.
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// One frame of the whole window.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.take_dropped_files(&ctx);
        self.quit_sync(&ctx);
        command::take_shortcuts(&ctx, &mut self.commands);
        self.glossary_window_ui(&ctx);
        self.matching_sync(&ctx);
        self.qa_sync(&ctx);
        self.tm_sync(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui));
        if self.search.open {
            egui::Panel::top("search").show(ui, |ui| self.search_bar_ui(ui));
        }
        if self.error.is_some() {
            egui::Panel::top("messages").show(ui, |ui| self.messages_ui(ui));
        }
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        if self.settings.show_suggestions {
            egui::Panel::right("suggestions")
                .resizable(true)
                .default_size(300.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    // TM matches above the glossary suggestions: both stay visible.
                    let height = (ui.available_height() * 0.5).max(120.0);
                    self.matches_ui(ui, height);
                    ui.separator();
                    self.suggestions_ui(ui);
                });
        }
        if self.qa.open {
            egui::Panel::right("qa")
                .resizable(true)
                .default_size(320.0)
                .min_size(220.0)
                .show(ui, |ui| self.qa_panel_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| self.rows_ui(ui));
        self.recovery_ui(&ctx);
        self.resegment_ui(&ctx);
        self.shortcut_help_ui(&ctx);
        self.import_dialog_ui(&ctx);
        self.export_choice_ui(&ctx);
        self.concordance_ui(&ctx);
        self.tm_jobs_ui(&ctx);
        self.file_dialog_ui(&ctx);
        self.quit_dialog_ui(&ctx);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // What the commands changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        self.sync_glossary();
        self.matching_sync(&ctx);
        self.qa_sync(&ctx);
        self.refresh_search();
        self.autosave_tick(&ctx);
        self.update_title(&ctx);
    }

    /// The file name of the open project, else of its source text.
    fn file_name(&self) -> Option<String> {
        self.ws
            .project_path
            .as_ref()
            .or(self.ws.doc.source_path.as_ref())
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    }

    /// The window title names the file and shows unsaved changes.
    fn update_title(&mut self, ctx: &egui::Context) {
        let name = self.file_name().unwrap_or_else(|| "Untitled".to_owned());
        let marker = if self.ws.is_dirty() { "● " } else { "" };
        let title = format!("{marker}{name} — {APP_NAME}");
        if self.title != title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect::<Vec<_>>()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.commands.push(Command::Open(path));
        }
    }

    /// Applies one command to the document or the window.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if self.glossary_command(ctx, &command) || self.tm_command(ctx, &command) {
            return;
        }
        match command {
            Command::EditText { segment, text } => {
                self.ws.edit_text(segment, text);
                self.active = segment;
            }
            Command::InsertText { segment, text } => self.insert_at_caret(ctx, segment, &text),
            Command::InsertSuggestion { index, other } => {
                let segment = self.active;
                let text = self
                    .ws
                    .matches
                    .get(segment)
                    .and_then(|m| m.get(index))
                    .map(|m| {
                        let term = &self.ws.glossary.terms[m.term];
                        let matched = &self.ws.doc.source_of(segment)[m.start..m.end];
                        let agreement = crate::glossary::number::agreement(term, m, matched);
                        match agreement.other {
                            Some(form) if other => form,
                            _ => agreement.insert,
                        }
                    });
                if let Some(text) = text {
                    self.insert_at_caret(ctx, segment, &text);
                }
            }
            Command::SetStatus { segment, status } => self.ws.set_status(segment, status),
            Command::Confirm => {
                if self.ws.is_empty() {
                    return;
                }
                let segment = self.active;
                self.ws.set_status(segment, Status::Translated);
                self.tm_write(segment, crate::tm::UnitStatus::Translated);
                self.propagate(segment);
                let next = self
                    .ws
                    .next_open_after(self.active)
                    .unwrap_or((self.active + 1).min(self.ws.len() - 1));
                self.activate(next, true);
            }
            Command::MarkReviewed => {
                if self.ws.is_empty() {
                    return;
                }
                self.ws.set_status(self.active, Status::Reviewed);
                self.tm_write(self.active, crate::tm::UnitStatus::Reviewed);
                self.propagate(self.active);
                self.activate((self.active + 1).min(self.ws.len() - 1), true);
            }
            Command::Activate { segment, focus } => self.activate(segment, focus),
            Command::Previous => self.activate(self.active.saturating_sub(1), true),
            Command::Next => {
                self.activate((self.active + 1).min(self.ws.len().saturating_sub(1)), true);
            }
            Command::Undo => {
                self.tm.no_auto_insert = true;
                if let Some(segment) = self.ws.undo() {
                    self.activate(segment, true);
                }
            }
            Command::Redo => {
                self.tm.no_auto_insert = true;
                if let Some(segment) = self.ws.redo() {
                    self.activate(segment, true);
                }
            }
            Command::ToggleSearch => {
                if self.search.open && !self.search_focused(ctx) {
                    self.search.focus_requested = true;
                } else {
                    self.search.open = !self.search.open;
                    self.search.focus_requested = self.search.open;
                    self.search.dirty = true;
                    if !self.search.open {
                        self.pending_focus = Some(self.active);
                    }
                }
            }
            Command::SearchNext | Command::SearchPrevious => {
                self.refresh_search();
                let n = self.search.hits.len();
                if n > 0 {
                    let forward = command == Command::SearchNext;
                    let current = match (self.search.current, forward) {
                        (Some(c), true) => (c + 1) % n,
                        (Some(c), false) => (c + n - 1) % n,
                        (None, true) => self
                            .search
                            .hits
                            .partition_point(|h| h.segment < self.active)
                            .min(n - 1),
                        (None, false) => n - 1,
                    };
                    self.search.current = Some(current);
                    let segment = self.search.hits[current].segment;
                    self.active = segment;
                    self.scroll_to_active = Some(segment);
                }
            }
            Command::OpenDialog => self.ask_file(
                FileRequest::open(
                    "Open an Arabic text or a project",
                    "Arabic text or project",
                    &["txt", "md", "toml", "recovery"],
                    Command::Open,
                )
                .with_all_files(),
            ),
            Command::Open(path) => self.open_path(&path),
            Command::Resegment(path) => self.resegment(&path),
            Command::CancelResegment => self.resegment_offer = None,
            Command::Save => match self.ws.project_path.clone() {
                Some(path) => self.save_to(&path),
                None => self.apply(ctx, Command::SaveAsDialog),
            },
            Command::SaveAsDialog => {
                let suggested = self.suggested_project_path();
                let name = suggested
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| format!("untitled.{}", project::EXTENSION));
                let dir = suggested
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(Path::to_path_buf);
                self.ask_file(
                    FileRequest::save(
                        "Save the project",
                        "Tarjuman project",
                        &["toml"],
                        name,
                        Command::SaveAs,
                    )
                    .in_dir(dir),
                );
            }
            Command::SaveAs(path) => self.save_to(&path),
            Command::ChooseGlossaryDialog => self.ask_file(FileRequest::open(
                "Choose a glossary",
                "Glossary",
                &["toml"],
                Command::LoadGlossary,
            )),
            Command::LoadGlossary(path) => match load_glossary(&path) {
                Ok(glossary) => {
                    self.ws.set_glossary(glossary);
                    self.ws.doc.glossary_path = Some(path.clone());
                    self.glossary_path = Some(path);
                }
                Err(e) => self.error = Some(e),
            },
            Command::RestoreRecovery => {
                if let Some(offer) = self.recovery.take() {
                    let project_path = self.ws.project_path.clone();
                    let glossary = std::mem::take(&mut self.ws.glossary);
                    let live = self.ws.live_matcher();
                    self.ws = Workspace::open(offer.doc, project_path, glossary, Some(live));
                    // Restored work is unsaved work.
                    self.ws.generation = 1;
                    self.heights.invalidate();
                    self.search.dirty = true;
                    self.active = 0;
                    self.info = Some(format!("Restored from {}", offer.path.display()));
                }
            }
            Command::DiscardRecovery => {
                if let Some(offer) = self.recovery.take() {
                    let _ = std::fs::remove_file(&offer.path);
                }
            }
            Command::DismissError => self.error = None,
            Command::FontBigger => self.set_font_size(self.settings.font_size + 1.0),
            Command::FontSmaller => self.set_font_size(self.settings.font_size - 1.0),
            Command::SwapSides => self.settings.arabic_on_right = !self.settings.arabic_on_right,
            Command::ToggleSuggestions => {
                self.settings.show_suggestions = !self.settings.show_suggestions;
            }
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme);
            }
            Command::ToggleShortcutHelp => self.show_shortcuts = !self.show_shortcuts,
            Command::Quit | Command::QuitSaving | Command::QuitDiscarding | Command::CancelQuit => {
                self.quit_command(ctx, &command)
            }
            Command::ToggleGlossaryEditor
            | Command::AddTermFromSelection
            | Command::ImportGlossaryDialog
            | Command::ImportGlossary(_)
            | Command::SaveGlossaryAsDialog
            | Command::SaveGlossaryAs(_)
            | Command::SaveGlossary
            | Command::ApplyGlossaryImport => {}
            Command::ExportDialog(_)
            | Command::ExportUntranslated(..)
            | Command::CancelExport
            | Command::ExportChosen(_)
            | Command::Export { .. }
            | Command::ImportDialog
            | Command::Import(_)
            | Command::ApplyImport
            | Command::CancelImport => self.apply_exchange(command),
            Command::ToggleQa
            | Command::AcceptIssue { .. }
            | Command::QaReportDialog { .. }
            | Command::QaReport(_) => self.apply_qa(command),
            Command::UseMatch { .. }
            | Command::ToggleConcordance
            | Command::ConcordanceSearch(_)
            | Command::PretranslateDialog
            | Command::Pretranslate
            | Command::CancelTmJob
            | Command::ExportAnalysisDialog
            | Command::ExportAnalysis(_)
            | Command::ImportTmxDialog
            | Command::ImportTmx(_)
            | Command::ExportTmxDialog
            | Command::ExportTmx(_)
            | Command::AttachTmDialog
            | Command::AttachTm(_)
            | Command::WritableTmDialog
            | Command::SetWritableTm(_)
            | Command::DetachTm(_) => {}
        }
    }

    fn search_focused(&self, ctx: &egui::Context) -> bool {
        ctx.memory(|m| m.has_focus(egui::Id::unique("search field")))
    }

    fn set_font_size(&mut self, size: f32) {
        self.settings.font_size = size.clamp(10.0, 32.0);
        self.heights.invalidate();
    }

    fn activate(&mut self, segment: usize, focus: bool) {
        if segment >= self.ws.len() {
            return;
        }
        self.ws.history.seal();
        self.active = segment;
        self.scroll_to_active = Some(segment);
        if focus {
            self.pending_focus = Some(segment);
        }
    }

    /// Inserts `text` at the caret (replacing the selection) of `segment`'s
    /// editor, or at the end when it has no caret; then puts the caret after it.
    fn insert_at_caret(&mut self, ctx: &egui::Context, segment: usize, text: &str) {
        if segment >= self.ws.len() {
            return;
        }
        let id = editor_id(segment);
        let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
        let en = &self.ws.doc.segments[segment].en;
        let chars = en.chars().count();
        let (start, end) = state.cursor.char_range().map_or((chars, chars), |r| {
            let range = r.as_sorted_char_range();
            (range.start.0.min(chars), range.end.0.min(chars))
        });
        let byte = |c: usize| en.char_indices().nth(c).map_or(en.len(), |(b, _)| b);
        let (start_byte, end_byte) = (byte(start), byte(end));
        let before = en[..start_byte].chars().next_back();
        let after = en[end_byte..].chars().next();
        let mut insert = String::new();
        if before.is_some_and(|c| !c.is_whitespace() && !"([{“\"'‘".contains(c)) {
            insert.push(' ');
        }
        insert.push_str(text);
        if after.is_some_and(char::is_alphanumeric) {
            insert.push(' ');
        }
        let mut new_text = String::with_capacity(en.len() + insert.len());
        new_text.push_str(&en[..start_byte]);
        new_text.push_str(&insert);
        new_text.push_str(&en[end_byte..]);
        self.ws.history.seal();
        self.ws.edit_text(segment, new_text);
        self.ws.history.seal();
        let caret = CCursor::new(start + insert.chars().count());
        state.cursor.set_char_range(Some(CCursorRange::one(caret)));
        state.store(ctx, id);
        self.active = segment;
        self.pending_focus = Some(segment);
    }

    /// Keeps the hits in step with the query and the document: a new query
    /// searches everything; typing re-searches only the changed segments.
    fn refresh_search(&mut self) {
        let changed = self.ws.take_changed();
        if !self.search.open {
            return;
        }
        if self.search.dirty {
            self.search.hits = self.ws.search(&self.search.query);
            self.search.current = None;
            self.search.dirty = false;
        } else if !changed.is_empty() {
            self.ws
                .research(&self.search.query, &mut self.search.hits, &changed);
            if let Some(c) = self.search.current {
                self.search.current = (c < self.search.hits.len()).then_some(c);
            }
        }
    }

    /// Opens an Arabic text or a project. On failure the open document stays
    /// as it is and the error is shown.
    pub fn open_path(&mut self, path: &Path) {
        let read = if project::is_project_path(path) {
            read_project(path).map_err(|e| {
                if matches!(e, project::ProjectError::SourceChanged { .. }) {
                    // Offered, not done: the translator decides.
                    self.resegment_offer = Some(path.to_owned());
                }
                e.to_string()
            })
        } else {
            read_document(path)
        };
        match read {
            Ok((doc, project_path)) => self.open_document(doc, project_path, path),
            Err(e) => self.error = Some(e),
        }
    }

    /// Re-segments a project whose source was edited, keeping the
    /// translations of unchanged sentences; the result is unsaved until
    /// the translator saves it (the old file is kept in the backups).
    fn resegment(&mut self, path: &Path) {
        self.resegment_offer = None;
        match project::load_resegmented(path) {
            Ok((doc, report)) => {
                self.open_document(doc, Some(path.to_owned()), path);
                self.ws.generation = 1;
                self.error = None;
                self.info = Some(format!("{}: {report}", path.display()));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn open_document(&mut self, doc: Document, project_path: Option<PathBuf>, path: &Path) {
        let mut glossary = std::mem::take(&mut self.ws.glossary);
        // The glossary in use is already indexed.
        let mut live = Some(self.ws.live_matcher());
        if let Some(gpath) = doc.glossary_path.clone()
            && self.glossary_path.as_ref() != Some(&gpath)
        {
            match load_glossary(&gpath) {
                Ok(g) => {
                    glossary = g;
                    live = None;
                    self.glossary_path = Some(gpath);
                }
                Err(e) => self.error = Some(e),
            }
        }
        // The text at once; its matches come from the matching thread.
        self.ws = Workspace::open(doc, project_path, glossary, live);
        self.active = 0;
        self.scroll_to_active = Some(0);
        self.tm.configured = false;
        self.heights.invalidate();
        self.search.dirty = true;
        self.autosaved_generation = 0;
        self.recovery = None;
        self.remember_recent(path);
        self.offer_recovery();
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.settings.recent_files.retain(|p| *p != path);
        self.settings.recent_files.insert(0, path);
        self.settings.recent_files.truncate(RECENT_FILES_KEPT);
    }

    fn recovery_file(&self) -> Option<PathBuf> {
        project::recovery_path(
            self.ws.project_path.as_deref(),
            self.ws.doc.source_path.as_deref(),
        )
    }

    /// After opening: if autosave left unsaved work for this document, offer it.
    fn offer_recovery(&mut self) {
        let Some(path) = self.recovery_file().filter(|p| p.is_file()) else {
            return;
        };
        match project::load(&path) {
            Ok(doc) if doc.source == self.ws.doc.source => {
                let changed = doc
                    .segments
                    .iter()
                    .zip(&self.ws.doc.segments)
                    .filter(|(a, b)| a != b)
                    .count()
                    + doc.segments.len().abs_diff(self.ws.doc.segments.len());
                if changed == 0 {
                    let _ = std::fs::remove_file(&path);
                    return;
                }
                let when = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .map_or_else(
                        |_| "an earlier session".to_owned(),
                        |t| format!("{} UTC", project::timestamp(t)),
                    );
                self.recovery = Some(RecoveryOffer {
                    description: format!(
                        "Autosave kept unsaved work from {when}: {changed} segment(s) differ from {}.",
                        self.ws
                            .project_path
                            .as_ref()
                            .or(self.ws.doc.source_path.as_ref())
                            .map_or_else(String::new, |p| p.display().to_string())
                    ),
                    path,
                    doc,
                });
            }
            Ok(_) => {}
            Err(e) => self.error = Some(format!("recovery file unreadable: {e}")),
        }
    }

    fn suggested_project_path(&self) -> PathBuf {
        if let Some(p) = &self.ws.project_path {
            return p.clone();
        }
        let source = self
            .ws
            .doc
            .source_path
            .clone()
            .unwrap_or_else(|| "untitled.txt".into());
        let stem = source
            .file_stem()
            .map_or_else(|| "untitled".into(), |s| s.to_string_lossy().into_owned());
        let stem = stem.strip_suffix(".ar").unwrap_or(&stem).to_owned();
        source.with_file_name(format!("{stem}.{}", project::EXTENSION))
    }

    /// Saves the project to `path` (atomically, with a backup).
    pub fn save_to(&mut self, path: &Path) {
        let old_recovery = self.recovery_file();
        match project::save(&self.ws.doc, path) {
            Ok(saved) => {
                self.ws.project_path = Some(path.to_owned());
                self.ws.saved_generation = self.ws.generation;
                self.autosaved_generation = self.ws.generation;
                for recovery in [old_recovery, self.recovery_file()].into_iter().flatten() {
                    let _ = std::fs::remove_file(recovery);
                }
                self.remember_recent(path);
                self.info = Some(format!("Saved {}", path.display()));
                // Saved, but without its backup: said where it is seen.
                if let Some(warning) = saved.backup_warning {
                    self.error = Some(warning);
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Every 30 s, unsaved work goes to the recovery file (written off the UI thread).
    fn autosave_tick(&mut self, ctx: &egui::Context) {
        if !self.autosave || !self.ws.is_dirty() {
            return;
        }
        let now = ctx.input(|i| i.time);
        let last = *self.last_autosave_time.get_or_insert(now);
        if self.autosaved_generation == self.ws.generation {
            self.last_autosave_time = Some(now);
            return;
        }
        if now - last < AUTOSAVE_INTERVAL_SECS {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                AUTOSAVE_INTERVAL_SECS - (now - last),
            ));
            return;
        }
        self.last_autosave_time = Some(now);
        if let Some(path) = self.recovery_file() {
            match project::to_toml(&self.ws.doc, &path) {
                Ok(text) => {
                    self.autosaved_generation = self.ws.generation;
                    std::thread::spawn(move || {
                        if let Err(e) = project::write_atomic(&path, text.as_bytes()) {
                            eprintln!("tarjuman: autosave failed: {e}");
                        }
                    });
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
    }

    /// On exit: unsaved work goes to the recovery file; none, and it goes away.
    pub fn write_recovery_now(&mut self) {
        let Some(path) = self.recovery_file() else {
            return;
        };
        if self.ws.is_dirty() {
            if let Ok(text) = project::to_toml(&self.ws.doc, &path) {
                let _ = project::write_atomic(&path, text.as_bytes());
            }
        } else if self.recovery.is_none() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }

    fn on_exit(&mut self) {
        self.tm_finish_writes();
        if self.autosave {
            self.write_recovery_now();
        }
    }
}
