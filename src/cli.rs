//! The command line.

use std::process::ExitCode;

/// Parses the arguments and runs the command; no arguments opens the window.
pub fn run() -> ExitCode {
    match crate::ui::run(None, None) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tarjuman: {e:#}");
            ExitCode::FAILURE
        }
    }
}
