//! Writing a glossary back to its file so that version control shows only
//! what changed: comments, key order, quoting and the layout of untouched
//! entries survive (toml_edit), a changed entry changes only the keys that
//! differ, a new entry goes at the end. The file is replaced atomically
//! (temporary file in the same directory, fsync, rename), and never over a
//! version someone else wrote since it was loaded unless asked to.

use std::path::{Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Key, Table, Value};

use super::{Glossary, GlossaryError, Term, TermStatus};

/// Why a save did not happen. Nothing was written in any case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    /// The file on disk is no longer the one loaded: ask before overwriting.
    #[error(
        "{path}: changed on disk since it was loaded (reload it, or save again choosing to overwrite)"
    )]
    ChangedOnDisk { path: String },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    /// The result would not load again (a bug or an invalid edit): not written.
    #[error("{0}")]
    Invalid(GlossaryError),
}

/// A glossary file as loaded: its text (for format-preserving saves and to
/// notice changes made by others) and what it contains.
#[derive(Debug, Clone)]
pub struct GlossaryFile {
    pub path: PathBuf,
    /// The text loaded or last saved; `None` for a file not yet on disk.
    text: Option<String>,
    pub glossary: Glossary,
    /// The lock held since before the file was read (see [`keep_lock`](Self::keep_lock)).
    lock: Option<std::sync::Arc<crate::FileLock>>,
}

/// Keys of a `[[term]]` table in the order new keys are placed.
const KEY_ORDER: &[&str] = &[
    "ar",
    "en",
    "ar_variants",
    "ar_plurals",
    "en_alternatives",
    "en_plural",
    "forbidden_en",
    "ar_exclude",
    "gender_inflects",
    "domain",
    "status",
    "definition",
    "source",
    "note",
];

fn rank(key: &str) -> usize {
    KEY_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(KEY_ORDER.len())
}

impl GlossaryFile {
    /// Reads and validates a glossary file.
    pub fn load(path: &Path) -> Result<GlossaryFile, GlossaryError> {
        let text = super::read_utf8(path)?;
        GlossaryFile::from_text(path, text)
    }

    /// A glossary read from `text` that is (or will be) stored at `path`.
    pub fn from_text(
        path: impl Into<PathBuf>,
        text: String,
    ) -> Result<GlossaryFile, GlossaryError> {
        let path = path.into();
        let glossary = Glossary::parse(&text, &path.display().to_string())?;
        Ok(GlossaryFile {
            path,
            text: Some(text),
            glossary,
            lock: None,
        })
    }

    /// A glossary that is not on disk yet; the first save creates the file.
    pub fn new_file(path: impl Into<PathBuf>, glossary: Glossary) -> GlossaryFile {
        GlossaryFile {
            path: path.into(),
            text: None,
            glossary,
            lock: None,
        }
    }

    /// Holds `lock` (taken on this file before it was read) until this is
    /// dropped, so that a read-modify-write is one step for other programs;
    /// saves then use it instead of taking the lock themselves.
    pub fn keep_lock(&mut self, lock: crate::FileLock) {
        self.lock = Some(std::sync::Arc::new(lock));
    }

    /// The text as loaded or last saved.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// Whether the file on disk differs from the one loaded (or appeared,
    /// or vanished). Unreadable counts as changed.
    pub fn changed_on_disk(&self) -> bool {
        match (
            crate::files::read_input(&self.path, crate::files::MAX_GLOSSARY_BYTES),
            &self.text,
        ) {
            (Ok(bytes), Some(text)) => bytes != text.as_bytes(),
            (Ok(_), None) => true,
            (Err(e), None) => e.kind() != std::io::ErrorKind::NotFound,
            (Err(_), Some(_)) => true,
        }
    }

    /// The text of the file after the edits: `header` gives name and
    /// languages, `terms` the new list, each with the index of the
    /// `[[term]]` it came from in the loaded file (`None` for a new term).
    /// Tables not named are deleted, their leading comments kept.
    pub fn render<'t>(
        &self,
        header: &Glossary,
        terms: impl IntoIterator<Item = (Option<usize>, &'t Term)>,
    ) -> String {
        let mut document: DocumentMut = self
            .text
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or_default();
        let root = document.as_table_mut();
        update_header(root, header);

        let mut old: Vec<Option<Table>> = match root.remove("term") {
            Some(Item::ArrayOfTables(array)) => array.into_iter().map(Some).collect(),
            _ => Vec::new(),
        };
        let terms: Vec<(Option<usize>, &Term)> = terms.into_iter().collect();
        let mut used = vec![false; old.len()];
        for (origin, _) in &terms {
            if let Some(slot) = origin.and_then(|i| used.get_mut(i)) {
                *slot = true;
            }
        }
        // Comments above a deleted entry (section headings) move to the next one.
        let mut carried = String::new();
        for (index, slot) in old.iter_mut().enumerate() {
            let Some(table) = slot else { continue };
            let prefix = table
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            if !used[index] {
                if prefix.contains('#') {
                    carried.push_str(&prefix);
                }
                *slot = None;
            } else if !carried.is_empty() {
                let joined = if prefix.trim().is_empty() {
                    std::mem::take(&mut carried)
                } else {
                    std::mem::take(&mut carried) + &prefix
                };
                table.decor_mut().set_prefix(joined);
            }
        }
        if !carried.is_empty() {
            let trailing = document.trailing().as_str().unwrap_or("").to_string();
            document.set_trailing(carried + &trailing);
        }

        let mut array = ArrayOfTables::new();
        for (origin, term) in terms {
            let mut table = match origin.and_then(|i| old.get_mut(i)).and_then(Option::take) {
                Some(table) => table,
                None => {
                    let mut table = Table::new();
                    table.decor_mut().set_prefix("\n");
                    table
                }
            };
            update_term(&mut table, term);
            array.push(table);
        }
        if !array.is_empty() {
            document
                .as_table_mut()
                .insert("term", Item::ArrayOfTables(array));
        }
        document.to_string()
    }

    /// Writes the edited glossary (see [`render`](Self::render)) atomically.
    /// Refuses when the file changed on disk since it was loaded, unless
    /// `overwrite_changed`; refuses a result that would not load again.
    /// On success the file's text and glossary are the saved ones, and the
    /// terms' origins are their positions in `terms`.
    pub fn save<'t>(
        &mut self,
        header: &Glossary,
        terms: impl IntoIterator<Item = (Option<usize>, &'t Term)>,
        overwrite_changed: bool,
    ) -> Result<(), SaveError> {
        let shown = self.path.display().to_string();
        // Another program (a `glossary import`, a second window) may be
        // saving too: the check and the write happen under its lock.
        let _lock = match &self.lock {
            Some(_) => None,
            None => Some(
                crate::FileLock::exclusive(&self.path).map_err(|e| SaveError::Io {
                    path: shown.clone(),
                    message: format!("could not lock it: {}", crate::io_message(&e, &self.path)),
                })?,
            ),
        };
        if !overwrite_changed && self.changed_on_disk() {
            return Err(SaveError::ChangedOnDisk { path: shown });
        }
        let text = self.render(header, terms);
        let glossary = Glossary::parse(&text, &shown).map_err(SaveError::Invalid)?;
        write_atomic(&self.path, text.as_bytes()).map_err(|e| SaveError::Io {
            path: shown,
            message: crate::io_message(&e, &self.path),
        })?;
        self.text = Some(text);
        self.glossary = glossary;
        Ok(())
    }
}

impl Glossary {
    /// The glossary as a new glossary.toml (canonical key order, no comments).
    pub fn to_toml(&self) -> String {
        let file = GlossaryFile::new_file("", Glossary::default());
        file.render(self, self.terms.iter().map(|t| (None, t)))
            .trim_start()
            .to_string()
    }
}

fn update_header(root: &mut Table, header: &Glossary) {
    if !root.contains_key("glossary") {
        let mut table = Table::new();
        table.set_position(Some(0));
        root.insert("glossary", Item::Table(table));
    }
    let Some(table) = root.get_mut("glossary").and_then(Item::as_table_mut) else {
        return; // validation guarantees a table
    };
    for (key, value, default) in [
        ("name", &header.name, ""),
        ("source_language", &header.source_language, "ar"),
        ("target_language", &header.target_language, "en"),
    ] {
        // An absent language key means the default: leave it absent.
        if table.contains_key(key) || value != default {
            set_string(table, key, value, false);
        }
    }
}

/// Sets `key` to `value` only if it differs; keeps the value's decor (a
/// trailing comment). An empty optional value removes the key.
fn set_string(table: &mut Table, key: &str, value: &str, optional: bool) {
    let current = table.get(key).and_then(Item::as_str).unwrap_or("");
    if table.contains_key(key) && current == value {
        return;
    }
    if optional && value.is_empty() {
        table.remove(key);
        return;
    }
    set_value(table, key, Value::from(value));
}

fn set_list(table: &mut Table, key: &str, values: &[String]) {
    let current: Option<Vec<&str>> = table
        .get(key)
        .and_then(Item::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect());
    if current.unwrap_or_default() == values.iter().map(String::as_str).collect::<Vec<_>>() {
        return;
    }
    if values.is_empty() {
        table.remove(key);
        return;
    }
    set_value(table, key, Value::Array(Array::from_iter(values)));
}

fn set_value(table: &mut Table, key: &str, mut value: Value) {
    if let Some(old) = table.get_mut(key).and_then(Item::as_value_mut) {
        *value.decor_mut() = old.decor().clone();
        *old = value;
        return;
    }
    if table.contains_key(key) || !KEY_ORDER.contains(&key) {
        table.insert(key, Item::Value(value));
        return;
    }
    // A new key goes after the last key that precedes it in KEY_ORDER.
    let items: Vec<(Key, Item)> = table
        .iter()
        .filter_map(|(k, _)| table.get_key_value(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let at = items
        .iter()
        .rposition(|(k, _)| rank(k.get()) < rank(key))
        .map_or(0, |i| i + 1);
    table.clear();
    for (index, (k, v)) in items.into_iter().enumerate() {
        if index == at {
            table.insert(key, Item::Value(value.clone()));
        }
        table.insert_formatted(&k, v);
    }
    if !table.contains_key(key) {
        table.insert(key, Item::Value(value));
    }
}

fn update_term(table: &mut Table, term: &Term) {
    set_string(table, "ar", &term.ar, false);
    set_string(table, "en", &term.en, false);
    set_list(table, "ar_variants", &term.ar_variants);
    set_list(table, "ar_plurals", &term.ar_plurals);
    set_list(table, "en_alternatives", &term.en_alternatives);
    set_string(table, "en_plural", &term.en_plural, true);
    set_list(table, "forbidden_en", &term.forbidden_en);
    set_list(table, "ar_exclude", &term.ar_exclude);
    match term.gender_inflects {
        None => {
            table.remove("gender_inflects");
        }
        Some(value) => {
            if table.get("gender_inflects").and_then(Item::as_bool) != Some(value) {
                set_value(table, "gender_inflects", Value::from(value));
            }
        }
    }
    set_string(table, "domain", &term.domain, true);
    let current = table
        .get("status")
        .and_then(Item::as_str)
        .and_then(TermStatus::parse)
        .unwrap_or_default();
    if current != term.status {
        if term.status == TermStatus::Preferred {
            table.remove("status");
        } else {
            set_value(table, "status", Value::from(term.status.as_str()));
        }
    }
    set_string(table, "definition", &term.definition, true);
    set_string(table, "source", &term.source, true);
    set_string(table, "note", &term.note, true);
}

pub use crate::write_atomic;

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# top comment\n[glossary]\nname = \"T\"  # the name\nsource_language = \"ar\"\ntarget_language = \"en\"\n\n# --- Section A ---\n\n[[term]]\nar = \"قمة\"\nen = \"summit\"  # keep me\ndomain = \"diplomacy\"\n\n# --- Section B ---\n[[term]]\nar = 'هجوم'\nen = \"attack\"\nnote = \"n\"\n\n[[term]]\nar = \"قرصنة\"\nen = \"hacking\"\n# trailing\n";

    fn file() -> GlossaryFile {
        GlossaryFile::from_text("/nonexistent/g.toml", TEXT.to_string()).unwrap()
    }

    fn origins(g: &Glossary) -> Vec<(Option<usize>, &Term)> {
        g.terms
            .iter()
            .enumerate()
            .map(|(i, t)| (Some(i), t))
            .collect()
    }

    #[test]
    fn unchanged_glossary_renders_byte_for_byte() {
        let f = file();
        assert_eq!(f.render(&f.glossary, origins(&f.glossary)), TEXT);
    }

    #[test]
    fn ar_exclude_and_gender_inflects_are_written_and_read_back() {
        let f = file();
        let mut g = f.glossary.clone();
        g.terms[1].ar_exclude = vec!["الهجومي".into(), "هجومية".into()];
        g.terms[1].gender_inflects = Some(false);
        g.terms[2].gender_inflects = Some(true);
        let out = f.render(&g, origins(&g));
        assert!(
            out.contains("en = \"attack\"\nar_exclude = [\"الهجومي\", \"هجومية\"]\ngender_inflects = false\nnote = \"n\"\n"),
            "{out}"
        );
        assert!(
            out.contains("en = \"hacking\"\ngender_inflects = true\n"),
            "{out}"
        );
        assert_eq!(Glossary::parse(&out, "x").unwrap(), g);
        // Unchanged, they stay as written; cleared, they go.
        let saved = GlossaryFile::from_text("/nonexistent/g.toml", out.clone()).unwrap();
        assert_eq!(saved.render(&saved.glossary, origins(&saved.glossary)), out);
        let mut cleared = saved.glossary.clone();
        cleared.terms[1].ar_exclude.clear();
        cleared.terms[1].gender_inflects = None;
        cleared.terms[2].gender_inflects = None;
        assert_eq!(saved.render(&cleared, origins(&cleared)), TEXT);
    }

    #[test]
    fn an_edit_touches_only_its_keys_and_keeps_decor() {
        let f = file();
        let mut g = f.glossary.clone();
        g.terms[0].en = "summit meeting".into();
        g.terms[0].status = TermStatus::Admitted;
        g.terms[0].en_alternatives = vec!["summit".into()];
        g.terms[1].note.clear();
        let out = f.render(&g, origins(&g));
        let expected = TEXT
            .replace(
                "en = \"summit\"  # keep me\ndomain = \"diplomacy\"\n",
                "en = \"summit meeting\"  # keep me\nen_alternatives = [\"summit\"]\ndomain = \"diplomacy\"\nstatus = \"admitted\"\n",
            )
            .replace("note = \"n\"\n", "");
        assert_eq!(out, expected);
        assert_eq!(Glossary::parse(&out, "x").unwrap(), g);
    }

    #[test]
    fn deleting_keeps_section_comments_and_new_terms_go_last() {
        let f = file();
        let mut g = f.glossary.clone();
        let new = Term {
            ar: "عقوبات".into(),
            en: "sanctions".into(),
            domain: "diplomacy".into(),
            ..Term::default()
        };
        let terms = vec![(Some(0), &g.terms[0]), (Some(2), &g.terms[2]), (None, &new)];
        let out = f.render(&g, terms);
        assert!(
            out.contains("# --- Section B ---\n[[term]]\nar = \"قرصنة\""),
            "{out}"
        );
        assert!(!out.contains("هجوم"), "{out}");
        assert!(
            out.ends_with("en = \"hacking\"\n\n[[term]]\nar = \"عقوبات\"\nen = \"sanctions\"\ndomain = \"diplomacy\"\n# trailing\n")
                || out.contains("[[term]]\nar = \"عقوبات\""),
            "{out}"
        );
        g.terms.remove(1);
        g.terms.push(new);
        assert_eq!(Glossary::parse(&out, "x").unwrap(), g);
    }

    #[test]
    fn to_toml_round_trips_every_field() {
        let mut g = Glossary::builtin();
        g.terms[0].status = TermStatus::Forbidden;
        g.terms[0].forbidden_en = vec!["x".into()];
        g.terms[0].definition = "d".into();
        g.terms[0].source = "https://example.org".into();
        let text = g.to_toml();
        assert_eq!(Glossary::parse(&text, "x").unwrap(), g);
    }

    #[test]
    fn save_is_atomic_and_refuses_a_file_changed_on_disk() {
        let dir = std::env::temp_dir().join(format!("tarjuman-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.toml");
        std::fs::write(&path, TEXT).unwrap();
        let mut f = GlossaryFile::load(&path).unwrap();
        assert!(!f.changed_on_disk());
        let mut g = f.glossary.clone();
        g.terms[2].en = "hacking (cyber)".into();
        f.save(&g, origins(&g), false).unwrap();
        assert_eq!(Glossary::load(&path).unwrap(), g);
        // The lock file stays by design (see `FileLock`); nothing else may.
        let lock = crate::FileLock::path_for(&path);
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name() != lock.file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "temporary file left behind: {leftovers:?}"
        );

        std::fs::write(&path, TEXT.replace("hacking", "hack")).unwrap();
        assert!(f.changed_on_disk());
        let err = f.save(&g, origins(&g), false).unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
        assert!(std::fs::read_to_string(&path).unwrap().contains("hack\""));
        f.save(&g, origins(&g), true).unwrap();
        assert!(!f.changed_on_disk());

        // An invalid result is never written.
        let mut bad = g.clone();
        bad.terms[0].en.clear();
        let err = f.save(&bad, origins(&bad), false).unwrap_err();
        assert!(matches!(err, SaveError::Invalid(_)), "{err}");
        assert_eq!(Glossary::load(&path).unwrap(), g);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn save_waits_for_another_programs_lock_then_sees_its_change() {
        let dir = std::env::temp_dir().join(format!("tarjuman-save-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.toml");
        std::fs::write(&path, TEXT).unwrap();
        let mut f = GlossaryFile::load(&path).unwrap();
        let mut g = f.glossary.clone();
        g.terms[2].en = "hacking (cyber)".into();
        // Another program holds the lock and writes while this save waits.
        let held = crate::FileLock::exclusive(&path).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let saver = std::thread::spawn(move || {
            let result = f.save(&g, origins(&g), false);
            tx.send(()).unwrap();
            result
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the save waits for the lock"
        );
        std::fs::write(&path, TEXT.replace("hacking", "hack")).unwrap();
        drop(held);
        let err = saver.join().unwrap().unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
        assert!(std::fs::read_to_string(&path).unwrap().contains("hack\""));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
