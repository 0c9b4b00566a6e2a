//! Glossary matching in the window happens off the UI thread (issue 11):
//! the text of a document shows at once, the highlights as they come, and
//! typing goes on meanwhile; an edit in the glossary editor changes the
//! index in place and matches again only what it can change.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use tarjuman::ui::{App, Options};

use crate::egui::{self, vec2};
use crate::{copy_to_temp, seed_text};

const SIZE: egui::Vec2 = vec2(1280.0, 820.0);

/// The app on a copy of the seed, its matching worker held back.
fn held_harness() -> Harness<'static, App> {
    let open = copy_to_temp(&seed_text(), "held-matching");
    Harness::builder()
        .with_size(SIZE)
        .with_max_steps(16)
        .build_eframe(move |cc| {
            let mut app = App::new(
                cc,
                Options {
                    open: Some(open),
                    glossary: None,
                    autosave: false,
                    default_tm: crate::test_tm(),
                },
            );
            app.settle_tm_lookups();
            app.hold_glossary_matching(true);
            app.use_builtin_file_dialogs();
            app
        })
}

#[test]
fn a_document_shows_at_once_and_its_highlights_come_from_the_matching_thread() {
    let mut h = held_harness();
    h.run();
    {
        let app = h.state();
        assert!(app.ws.len() > 10, "the seed is open");
        // Nothing matched on the UI thread: every segment waits.
        assert!(app.glossary_matching_pending());
        assert!(app.ws.matches.iter().all(Vec::is_empty));
    }
    // The rows are there, and the translator can type.
    h.get_by_label("English 1").focus();
    h.run();
    h.get_by_label("English 1").type_text("Meanwhile");
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "Meanwhile");
    assert!(
        h.query_by_label("No glossary terms in this segment.")
            .is_some()
    );

    // Let it go: the highlights and the suggestions come.
    h.state_mut().hold_glossary_matching(false);
    h.state_mut().wait_for_glossary_matches();
    h.run();
    let app = h.state();
    assert!(!app.glossary_matching_pending());
    let matched = app.ws.matches.iter().filter(|m| !m.is_empty()).count();
    assert!(matched > 10, "{matched} segments with glossary hits");
    let first = &app.ws.matches[0];
    assert!(!first.is_empty(), "the first sentence has glossary terms");
    let english = app.ws.glossary.terms[first[0].term].en.clone();
    assert!(
        h.query_all_by_label(&english).count() > 0,
        "its suggestion card ({english}) is shown"
    );
    assert!(
        h.query_by_label("No glossary terms in this segment.")
            .is_none()
    );
    // The same matches a full match of the document gives.
    let mut fresh =
        tarjuman::ui::workspace::Workspace::new(app.ws.doc.clone(), None, app.ws.glossary.clone());
    fresh.match_now();
    assert_eq!(fresh.matches, app.ws.matches);
}
