//! Image snapshots of the main window on the seed at two widths, rendered
//! with wgpu (Mesa lavapipe without a GPU). `UPDATE_SNAPSHOTS=1` rewrites them.

use crate::egui::vec2;
use crate::harness;

fn snapshot_at(width: f32, name: &str) {
    let mut h = harness(None, vec2(width, 760.0));
    h.run();
    // No caret blinking, no hover: the picture only depends on the document.
    h.snapshot(name);
}

#[test]
fn main_window_wide() {
    snapshot_at(1400.0, "main_window_1400");
}

#[test]
fn main_window_narrow() {
    snapshot_at(900.0, "main_window_900");
}
