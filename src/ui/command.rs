//! Everything the translator can ask for. Widgets and shortcuts push
//! commands during the frame; the app applies them once, at its end.

use eframe::egui;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::document::Status;
use crate::formats::Format;
use crate::qa::QaIssue;

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// The English of `segment` became `text` (typing).
    EditText {
        segment: usize,
        text: String,
    },
    /// Insert `text` at the caret of `segment`'s English editor.
    InsertText {
        segment: usize,
        text: String,
    },
    /// Insert the English of suggestion `index` (0-based) of the active
    /// segment: the form agreeing with the Arabic in number, or with
    /// `other` the other one (singular for plural Arabic and the reverse).
    InsertSuggestion {
        index: usize,
        other: bool,
    },
    SetStatus {
        segment: usize,
        status: Status,
    },
    /// Active segment becomes translated; move to the next open one.
    Confirm,
    /// Active segment becomes reviewed; move to the next segment.
    MarkReviewed,
    Activate {
        segment: usize,
        focus: bool,
    },
    Previous,
    Next,
    Undo,
    Redo,
    ToggleSearch,
    SearchNext,
    SearchPrevious,
    OpenDialog,
    Open(PathBuf),
    Save,
    /// Re-segment a project whose source text was edited, keeping the
    /// translations of unchanged sentences.
    Resegment(PathBuf),
    CancelResegment,
    SaveAsDialog,
    SaveAs(PathBuf),
    ChooseGlossaryDialog,
    LoadGlossary(PathBuf),
    RestoreRecovery,
    DiscardRecovery,
    DismissError,
    FontBigger,
    FontSmaller,
    SwapSides,
    ToggleSuggestions,
    SetTheme(egui::ThemePreference),
    ToggleShortcutHelp,
    /// Show or hide the glossary editor.
    ToggleGlossaryEditor,
    /// The new-term form from the Arabic (and English) selected.
    AddTermFromSelection,
    /// Glossary editor ▸ Import…: ask for a term base, then [`Command::ImportGlossary`].
    ImportGlossaryDialog,
    /// Glossary editor ▸ Save as…: ask for a file, then [`Command::SaveGlossaryAs`].
    SaveGlossaryAsDialog,
    /// Save the edited glossary to a new file, which becomes the one in use.
    SaveGlossaryAs(PathBuf),
    /// Save the edited glossary to its file.
    SaveGlossary,
    /// Read a term base (TBX, CSV, TSV by extension) and preview merging it
    /// into the glossary.
    ImportGlossary(PathBuf),
    /// Merge the previewed term base with the choices made (one undo step).
    ApplyGlossaryImport,
    /// File ▸ Export: ask where, then [`Command::Export`].
    ExportDialog(Format),
    /// The answer to "N segments have no English" before an English-only
    /// export: what to do with them, then ask where ([`Command::Export`]).
    ExportUntranslated(Format, crate::formats::Untranslated),
    CancelExport,
    /// Ask where to write the export, its untranslated segments settled.
    ExportChosen(Format),
    Export {
        format: Format,
        path: PathBuf,
    },
    ImportDialog,
    /// Read a reviewed file and show what importing it would change.
    Import(PathBuf),
    /// Make the changes shown in the import summary (one undo step).
    ApplyImport,
    CancelImport,
    ToggleQa,
    /// Silence a QA issue, with the translator's reason (one undo step).
    AcceptIssue {
        issue: Box<QaIssue>,
        reason: String,
    },
    QaReportDialog {
        html: bool,
    },
    /// Write the QA report: HTML, or CSV when `path` ends in `.csv`.
    QaReport(PathBuf),
    /// Replace the active segment's English with TM match `index` (0-based).
    UseMatch {
        index: usize,
    },
    /// Show or hide the concordance window (searching the selected Arabic).
    ToggleConcordance,
    ConcordanceSearch(String),
    PretranslateDialog,
    /// Pre-translate the document with the threshold chosen in the dialog.
    Pretranslate,
    /// Cancel the running import or pre-translation.
    CancelTmJob,
    ExportAnalysisDialog,
    ExportAnalysis(PathBuf),
    ImportTmxDialog,
    /// Import a TMX file into the writable TM (a background job).
    ImportTmx(PathBuf),
    ExportTmxDialog,
    ExportTmx(PathBuf),
    AttachTmDialog,
    /// Attach a reference TM (database or TMX) to the project.
    AttachTm(PathBuf),
    WritableTmDialog,
    /// The TM confirmed segments go to (`None`: the user's default TM).
    SetWritableTm(Option<PathBuf>),
    DetachTm(PathBuf),
    /// Quit; asks first when something is unsaved.
    Quit,
    /// The quit question's answers.
    QuitSaving,
    QuitDiscarding,
    CancelQuit,
}

impl Command {
    /// What the command does, for menus and the shortcut reference.
    pub fn description(&self) -> &'static str {
        match self {
            Command::Confirm => "Confirm the segment as translated, go to the next open one",
            Command::MarkReviewed => "Mark the segment reviewed, go to the next one",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Previous => "Previous segment",
            Command::Next => "Next segment",
            Command::ToggleSearch => "Find in Arabic and English",
            Command::SearchNext => "Next match",
            Command::SearchPrevious => "Previous match",
            Command::OpenDialog => "Open an Arabic text or a project",
            Command::Save => "Save the project",
            Command::SaveAsDialog => "Save the project as",
            Command::Quit => "Quit (asks first when something is unsaved)",
            Command::FontBigger => "Larger text",
            Command::FontSmaller => "Smaller text",
            Command::ToggleGlossaryEditor => "Show or hide the glossary editor",
            Command::AddTermFromSelection => "Add the selected Arabic to the glossary",
            Command::ToggleQa => "Show or hide the QA panel",
            Command::ToggleConcordance => {
                "Concordance: search the TMs for the selected or typed words"
            }
            _ => "",
        }
    }
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

/// Keyboard shortcuts, most specific first (Ctrl+Shift+S before Ctrl+S).
pub const SHORTCUTS: &[(KeyboardShortcut, Command)] = &[
    (
        KeyboardShortcut::new(CTRL_SHIFT, Key::Enter),
        Command::MarkReviewed,
    ),
    (KeyboardShortcut::new(CTRL, Key::Enter), Command::Confirm),
    (
        KeyboardShortcut::new(CTRL_SHIFT, Key::E),
        Command::ToggleGlossaryEditor,
    ),
    (
        KeyboardShortcut::new(CTRL_SHIFT, Key::G),
        Command::AddTermFromSelection,
    ),
    (KeyboardShortcut::new(CTRL_SHIFT, Key::Z), Command::Redo),
    (KeyboardShortcut::new(CTRL, Key::Y), Command::Redo),
    (KeyboardShortcut::new(CTRL, Key::Z), Command::Undo),
    (KeyboardShortcut::new(CTRL, Key::ArrowUp), Command::Previous),
    (KeyboardShortcut::new(CTRL, Key::ArrowDown), Command::Next),
    (KeyboardShortcut::new(CTRL, Key::F), Command::ToggleSearch),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F3),
        Command::SearchNext,
    ),
    (
        KeyboardShortcut::new(Modifiers::SHIFT, Key::F3),
        Command::SearchPrevious,
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F8),
        Command::ToggleQa,
    ),
    (
        KeyboardShortcut::new(CTRL, Key::K),
        Command::ToggleConcordance,
    ),
    (KeyboardShortcut::new(CTRL, Key::O), Command::OpenDialog),
    (
        KeyboardShortcut::new(CTRL_SHIFT, Key::S),
        Command::SaveAsDialog,
    ),
    (KeyboardShortcut::new(CTRL, Key::S), Command::Save),
    (KeyboardShortcut::new(CTRL, Key::Q), Command::Quit),
    (KeyboardShortcut::new(CTRL, Key::Plus), Command::FontBigger),
    (
        KeyboardShortcut::new(CTRL_SHIFT, Key::Plus),
        Command::FontBigger,
    ),
    (
        KeyboardShortcut::new(CTRL_SHIFT, Key::Equals),
        Command::FontBigger,
    ),
    (
        KeyboardShortcut::new(CTRL, Key::Equals),
        Command::FontBigger,
    ),
    (
        KeyboardShortcut::new(CTRL, Key::Minus),
        Command::FontSmaller,
    ),
];

/// The shortcut shown next to `command` in menus.
pub fn shortcut_of(command: &Command) -> Option<KeyboardShortcut> {
    SHORTCUTS
        .iter()
        .find(|(_, c)| c == command)
        .map(|(s, _)| *s)
}

/// Alt+1…Alt+9 insert suggestion 1…9 (Alt+Shift+1…9: its other number).
pub const SUGGESTION_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// Ctrl+1…Ctrl+5 use TM match 1…5.
pub const MATCH_KEYS: [Key; 5] = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];

/// Consumes every shortcut pressed this frame, before any widget (notably
/// the focused TextEdit, which would otherwise take Ctrl+Z or Ctrl+Enter).
pub fn take_shortcuts(ctx: &egui::Context, out: &mut Vec<Command>) {
    ctx.input_mut(|i| {
        for (shortcut, command) in SHORTCUTS {
            // Exact modifiers, so Ctrl+Shift+Enter never reads as Ctrl+Enter.
            while let Some(pos) = i.events.iter().position(|e| {
                matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                    if *key == shortcut.logical_key && modifiers_match(*modifiers, shortcut.modifiers))
            }) {
                i.events.remove(pos);
                out.push(command.clone());
            }
        }
        for (n, key) in SUGGESTION_KEYS.iter().enumerate() {
            for other in [false, true] {
                let wanted = if other {
                    Modifiers::ALT | Modifiers::SHIFT
                } else {
                    Modifiers::ALT
                };
                while let Some(pos) = i.events.iter().position(|e| {
                    matches!(e, egui::Event::Key { key: k, pressed: true, modifiers, .. }
                        if k == key && modifiers_match(*modifiers, wanted))
                }) {
                    i.events.remove(pos);
                    let digit = char::from(b'1' + u8::try_from(n).unwrap_or(0)).to_string();
                    // Some platforms also send the digit (or, shifted, the
                    // US layout's symbol) as text: drop it.
                    let shifted = "!@#$%^&*(".chars().nth(n).map(String::from);
                    i.events.retain(|e| {
                        !matches!(e, egui::Event::Text(t)
                            if *t == digit || (other && shifted.as_ref() == Some(t)))
                    });
                    out.push(Command::InsertSuggestion { index: n, other });
                }
            }
        }
        for (n, key) in MATCH_KEYS.iter().enumerate() {
            while let Some(pos) = i.events.iter().position(|e| {
                matches!(e, egui::Event::Key { key: k, pressed: true, modifiers, .. }
                    if k == key && modifiers_match(*modifiers, CTRL))
            }) {
                i.events.remove(pos);
                out.push(Command::UseMatch { index: n });
            }
        }
    });
}

fn modifiers_match(pressed: Modifiers, wanted: Modifiers) -> bool {
    pressed.alt == wanted.alt
        && pressed.shift == wanted.shift
        && pressed.command == wanted.command
        && (pressed.ctrl || pressed.mac_cmd || pressed.command) == wanted.command
}
