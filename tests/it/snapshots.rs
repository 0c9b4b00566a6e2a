//! Image snapshots of the main window on the seed at two widths, rendered
//! with wgpu (Mesa lavapipe without a GPU). `UPDATE_SNAPSHOTS=1` rewrites them.
//!
//! Where no renderer exists (a fresh machine without Mesa's Vulkan drivers)
//! the snapshots are skipped with a notice, so `cargo test` still works
//! there; CI installs Mesa and sets `TARJUMAN_REQUIRE_SNAPSHOTS=1`, which
//! turns a missing renderer into a failure.

use std::sync::OnceLock;

use crate::egui::vec2;
use crate::harness;

pub fn renderer_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let probe = std::panic::catch_unwind(|| {
            egui_kittest::wgpu::WgpuTestRenderer::new();
        });
        probe.is_ok()
    })
}

fn snapshot_at(width: f32, name: &str) {
    if !renderer_available() {
        assert!(
            std::env::var_os("TARJUMAN_REQUIRE_SNAPSHOTS").is_none(),
            "TARJUMAN_REQUIRE_SNAPSHOTS is set but no wgpu adapter can be created (install mesa-vulkan-drivers)"
        );
        eprintln!("SKIPPED snapshot {name}: no wgpu adapter (apt-get install mesa-vulkan-drivers)");
        return;
    }
    let mut h = harness(None, vec2(width, 760.0));
    h.run();
    // The TM answers off the UI thread: wait for it, so the Matches panel
    // is drawn filled, never half-way.
    h.state_mut().wait_for_tm();
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
