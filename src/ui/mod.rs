//! The egui window. Renders the core and turns input into commands on it.
