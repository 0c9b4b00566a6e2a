//! Hand-checked expectations, written by a translator (not copied from the
//! program's output): for each sentence of the seed article, and for new
//! sentences in the same field, the terms that must be suggested, with the
//! exact words they must cover, and terms that must not be.

use serde::Deserialize;

use super::{Glossary, Matcher};
use crate::document::Document;

#[derive(Deserialize)]
struct Expectations {
    sentence: Vec<Sentence>,
}

#[derive(Deserialize)]
struct Sentence {
    #[serde(default)]
    starts_with: Option<String>,
    #[serde(default)]
    sentence: Option<String>,
    expect: Vec<Expected>,
    #[serde(default)]
    forbid: Vec<String>,
}

#[derive(Deserialize)]
struct Expected {
    ar: String,
    matched: String,
}

/// Checks `sentences` against the matcher; returns one line per failure.
fn failures(glossary: &Glossary, sentences: &[(String, Sentence)]) -> Vec<String> {
    let matcher = Matcher::new(glossary);
    let mut out = Vec::new();
    for (text, expectation) in sentences {
        let found: Vec<(String, &str)> = matcher
            .find(text)
            .into_iter()
            .map(|m| {
                (
                    text[m.start..m.end].to_string(),
                    glossary.terms[m.term].ar.as_str(),
                )
            })
            .collect();
        for e in &expectation.expect {
            if !found
                .iter()
                .any(|(matched, ar)| *matched == e.matched && *ar == e.ar)
            {
                out.push(format!(
                    "missing {} ({}) in «{text}»; found {found:?}",
                    e.ar, e.matched
                ));
            }
        }
        for f in &expectation.forbid {
            if found.iter().any(|(_, ar)| ar == f) {
                out.push(format!("must not suggest {f} in «{text}»; found {found:?}"));
            }
        }
    }
    out
}

/// Fails with every sentence whose expectations the shipped glossary misses.
fn assert_no_failures(sentences: &[(String, Sentence)]) {
    let failures = failures(&Glossary::builtin(), sentences);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn load(path: &str) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str::<Expectations>(&text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .sentence
}

#[test]
fn the_seed_gets_the_terms_a_translator_wants() {
    let seed = include_str!("../../seeds/biden-putin-ransomware.ar.txt");
    let document = Document::from_source(seed.to_string(), None);
    let sentences: Vec<(String, Sentence)> = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/seed_expected.toml"
    ))
    .into_iter()
    .map(|s| {
        let start = s
            .starts_with
            .clone()
            .expect("seed expectations name the sentence start");
        let index = (0..document.segments.len())
            .find(|&i| document.source_of(i).starts_with(&start))
            .unwrap_or_else(|| panic!("no seed sentence starts with «{start}»"));
        (document.source_of(index).to_string(), s)
    })
    .collect();
    assert_eq!(
        sentences.len(),
        document.segments.len(),
        "one expectation per seed sentence"
    );
    assert_no_failures(&sentences);
}

/// The sentences of a file of whole sentences under `tests/data/`.
fn whole_sentences(file: &str) -> Vec<(String, Sentence)> {
    load(&format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR")))
        .into_iter()
        .map(|s| (s.sentence.clone().expect("full sentence"), s))
        .collect()
}

#[test]
fn new_sentences_in_the_field_get_their_terms() {
    let sentences = whole_sentences("heldout_like.toml");
    assert!(sentences.len() >= 30);
    assert_no_failures(&sentences);
}

/// Written apart from the matcher's rules, to see that they generalise.
#[test]
fn look_alike_words_are_not_suggested_as_terms() {
    let sentences = whole_sentences("lookalikes.toml");
    assert!(sentences.len() >= 15);
    assert_no_failures(&sentences);
}
