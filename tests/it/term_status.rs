//! Deprecated and forbidden terms are still matched, and say "Do not use".

use crate::egui::{self, vec2};
use egui_kittest::kittest::Queryable as _;
use tarjuman::glossary::TermStatus;
use tarjuman::ui::Command;

use crate::{copy_to_temp, harness, repo, seed_text, temp_dir};

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
