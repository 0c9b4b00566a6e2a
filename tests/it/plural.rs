//! Suggestions agree with the Arabic in number: a plural match inserts the
//! English plural (هجمات → "attacks"), and the singular stays one step away.

use crate::egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable as _;
use tarjuman::ui::Command;

use crate::{harness, temp_dir};

/// Alt+1…9, as the window reads them.
const KEYS: [Key; 9] = tarjuman::ui::command::SUGGESTION_KEYS;

/// The window on one sentence of plurals, its first segment active, and
/// the index of the suggestion whose term's English is `en`.
fn open_on_plurals(en: &str) -> (egui_kittest::Harness<'static, tarjuman::ui::App>, usize) {
    let path = temp_dir("plural").join("plurals.txt");
    std::fs::write(&path, "شن القراصنة هجمات على خوادم الشركة.\n").unwrap();
    let mut h = harness(Some(path), vec2(1280.0, 820.0));
    h.run();
    h.state_mut().command(Command::Activate {
        segment: 0,
        focus: true,
    });
    h.run();
    let app = h.state();
    let index = app.ws.matches[0]
        .iter()
        .position(|m| app.ws.glossary.terms[m.term].en == en)
        .unwrap_or_else(|| panic!("{en} is suggested"));
    (h, index)
}

#[test]
fn alt_digit_inserts_the_plural_for_a_plural_match() {
    let (mut h, attack) = open_on_plurals("attack");
    // The card shows the plural, the singular beside it, and why.
    h.get_by_label("attacks");
    h.get_by_label("Singular: attack");
    h.get_by_label_contains("هجمات is a sound feminine plural (ات)");
    h.key_press_modifiers(Modifiers::ALT, KEYS[attack]);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "attacks");
    // Alt+Shift+n inserts the other number.
    h.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, KEYS[attack]);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "attacks attack");
}

#[test]
fn a_broken_plural_inserts_the_plural_and_the_singular_is_a_click_away() {
    let (mut h, hacker) = open_on_plurals("hacker");
    h.key_press_modifiers(Modifiers::ALT, KEYS[hacker]);
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "hackers");
    h.get_by_label_contains("القراصنة is a broken plural listed in the glossary");
    h.get_by_label("Singular: hacker").click();
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "hackers hacker");
    let (mut h, server) = open_on_plurals("server");
    h.get_by_label("servers").click();
    h.run();
    assert_eq!(h.state().ws.doc.segments[0].en, "servers");
    assert!(server < 9);
}

#[test]
fn ar_plurals_and_en_plural_survive_save_csv_and_tbx() {
    use tarjuman::glossary::interchange::Format;
    use tarjuman::glossary::{Glossary, GlossaryFile};
    let path = temp_dir("plural-save").join("g.toml");
    std::fs::write(
        &path,
        "[glossary]\nname = \"G\"\nsource_language = \"ar\"\ntarget_language = \"en\"\n\n\
         [[term]]\nar = \"قرصان\"  # kept\nen = \"hacker\"\n",
    )
    .unwrap();
    let mut file = GlossaryFile::load(&path).unwrap();
    let mut g = file.glossary.clone();
    g.terms[0].ar_plurals = vec!["قراصنة".into()];
    g.terms[0].en_plural = "hackers".into();
    let origins: Vec<_> = g
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (Some(i), t))
        .collect();
    file.save(&g, origins, false).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("ar = \"قرصان\"  # kept\n"), "{text}");
    assert!(text.contains("ar_plurals = [\"قراصنة\"]\n"), "{text}");
    assert!(text.contains("en_plural = \"hackers\"\n"), "{text}");
    let loaded = Glossary::load(&path).unwrap();
    assert_eq!(loaded.terms, g.terms);
    for format in [Format::Csv, Format::Tbx, Format::Tbx2008] {
        let written = format.write(&loaded);
        let read = format.read(written.as_bytes(), "x").unwrap();
        assert_eq!(read.terms[0].term, g.terms[0], "{format:?}:\n{written}");
    }
    let csv = Format::Csv.write(&loaded);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains(",ar_plurals,en_plural"),
        "{csv}"
    );
}

#[test]
fn a_blank_en_plural_is_refused_with_its_place() {
    use tarjuman::glossary::Glossary;
    let text = "[glossary]\nname = \"G\"\nsource_language = \"ar\"\ntarget_language = \"en\"\n\n\
                [[term]]\nar = \"قرصان\"\nen = \"hacker\"\nen_plural = \"  \"\nar_plurals = [\"\"]\n";
    let err = Glossary::parse(text, "g.toml").unwrap_err().to_string();
    assert!(err.contains("`en_plural` is blank"), "{err}");
    assert!(err.contains("`ar_plurals` has an empty entry"), "{err}");
    assert!(err.contains("g.toml:9:"), "{err}");
}

#[test]
fn suggest_json_says_which_form_agrees_and_why() {
    let dir = temp_dir("plural-cli");
    std::fs::write(dir.join("in.txt"), "شن القراصنة هجمات على خوادم الشركة.\n").unwrap();
    let o = crate::tarjuman(&["suggest", "--json", "in.txt"], &dir);
    assert!(o.status.success(), "{}", crate::text(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let suggestions = json["segments"][0]["suggestions"].as_array().unwrap();
    let hackers = suggestions.iter().find(|s| s["en"] == "hacker").unwrap();
    assert_eq!(hackers["insert"], "hackers");
    assert_eq!(hackers["number"], "plural");
    assert_eq!(hackers["en_plural"], "hackers");
    assert_eq!(
        hackers["number_reason"],
        "plural: القراصنة is a broken plural listed in the glossary"
    );
    let attacks = suggestions.iter().find(|s| s["en"] == "attack").unwrap();
    assert_eq!(attacks["insert"], "attacks");
    // The documented fields are still there.
    for key in [
        "ar",
        "en",
        "en_alternatives",
        "start",
        "end",
        "matched",
        "kind",
        "analysis",
    ] {
        assert!(hackers.get(key).is_some(), "{key}");
    }
    let o = crate::tarjuman(&["suggest", "in.txt"], &dir);
    let out = crate::text(&o.stdout);
    assert!(
        out.contains("القراصنة → hacker ⇒ hackers (plural: "),
        "{out}"
    );
}
