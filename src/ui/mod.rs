//! The egui window. Renders the core and turns input into commands on it.

pub mod rtl_text;

use std::path::PathBuf;

/// Opens the window on `open` (an Arabic text or a project; the shipped
/// article when `None`) with the glossary at `glossary` (default: the
/// `glossary.toml` of the current directory, else the built-in one).
pub fn run(open: Option<PathBuf>, glossary: Option<PathBuf>) -> anyhow::Result<()> {
    let _ = (open, glossary);
    anyhow::bail!("the window is not built yet")
}
