//! Deprecated and forbidden terms are still matched, and say "Do not use".

use crate::egui::{self, vec2};
use egui_kittest::kittest::Queryable as _;
use tarjuman::glossary::TermStatus;
use tarjuman::ui::Command;

use crate::{copy_to_temp, harness, hover_over_a_hit, repo, seed_text, temp_dir};

const SIZE: egui::Vec2 = vec2(1280.0, 820.0);

#[test]
fn a_forbidden_seed_term_says_do_not_use_on_its_suggestion_card() {
    let text = std::fs::read_to_string(repo().join("glossary.toml")).unwrap();
    let entry = "ar = \"برمجيات الفدية\"\nen = \"ransomware\"\n";
    assert!(text.contains(entry), "the repo glossary has ransomware");
    let changed = text.replacen(
        entry,
        &format!("{entry}status = \"forbidden\"\nforbidden_en = [\"ransom software\"]\n"),
        1,
    );
    let glossary = temp_dir("term-status").join("glossary.toml");
    std::fs::write(&glossary, changed).unwrap();

    let mut h = harness(Some(copy_to_temp(&seed_text(), "term-status")), SIZE);
    h.run();
    h.state_mut().command(Command::LoadGlossary(glossary));
    h.run();
    assert_eq!(h.state().error, None);
    let segment = {
        let app = h.state();
        (0..app.ws.len())
            .find(|&i| {
                app.ws.matches[i].iter().any(|m| {
                    let term = &app.ws.glossary.terms[m.term];
                    term.en == "ransomware" && term.status == TermStatus::Forbidden
                })
            })
            .expect("the forbidden term is still matched in the seed")
    };
    let plain = {
        let app = h.state();
        (0..app.ws.len())
            .find(|&i| {
                !app.ws.matches[i].is_empty()
                    && app.ws.matches[i]
                        .iter()
                        .all(|m| !app.ws.glossary.terms[m.term].status.is_do_not_use())
            })
            .expect("a segment with only usable terms")
    };
    h.state_mut().command(Command::Activate {
        segment: plain,
        focus: true,
    });
    h.run();
    assert!(h.query_by_label("Do not use (forbidden)").is_none());
    h.state_mut().command(Command::Activate {
        segment,
        focus: true,
    });
    h.run();
    h.get_by_label("Do not use (forbidden)");
    h.get_by_label("Not: ransom software");
}

#[test]
fn hovering_a_deprecated_hit_says_do_not_use() {
    let mut h = harness(Some(copy_to_temp(&seed_text(), "term-status-hover")), SIZE);
    h.run();
    let mut glossary = h.state().ws.glossary.clone();
    for term in &mut glossary.terms {
        term.status = TermStatus::Deprecated;
    }
    h.state_mut().ws.set_glossary(glossary);
    h.run();
    assert!(!h.state().ws.matches[0].is_empty(), "still matched");
    // Every suggestion card of the active (first) segment says it...
    let cards = h.query_all_by_label("Do not use (deprecated)").count();
    assert_eq!(cards, h.state().ws.matches[0].len());
    let found = hover_over_a_hit(&mut h).is_some();
    assert!(found, "a hit shows its details on hover");
    // ...and so does the hover card.
    assert_eq!(
        h.query_all_by_label("Do not use (deprecated)").count(),
        cards + 1
    );
}
