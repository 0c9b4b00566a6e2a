//! Issue 10: never crash, never hang, never damage a file. Each test feeds
//! the command line something hostile, made here: a closed or full
//! standard output, a device or FIFO as input or output, an output that is
//! an input, concurrent writers, a killed writer's leftovers.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tarjuman::document::{Document, Status};
use tarjuman::formats::Format;

use crate::{seed_text, tarjuman, temp_dir, text};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tarjuman"))
}

/// A folder with a text, a project of it, a reviewed XLIFF changing every
/// segment, and a glossary with a warning per term (so each command has
/// something to print).
fn workspace(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let source = fs::read_to_string(seed_text()).unwrap();
    fs::write(dir.join("t.txt"), &source).unwrap();
    let mut doc = Document::from_source(source, None);
    let saved = tarjuman::project::save(&doc, &dir.join("p.tarjuman.toml")).unwrap();
    assert_eq!(saved.backup_warning, None);
    for s in &mut doc.segments {
        s.en = "Reviewed.".into();
        s.status = Status::Translated;
    }
    let xliff = tarjuman::formats::export(&doc, &Default::default(), Format::Xliff20).unwrap();
    fs::write(dir.join("r.xlf"), xliff).unwrap();
    let mut glossary = String::from(GLOSSARY_HEADER);
    for i in 0..300 {
        glossary.push_str(&format!(
            "\n[[term]]\nar = \"كلمة{}\"\nen = \"word{i}\"\nen_alternatives = [\"word{i}\"]\n",
            arabic_number(i)
        ));
    }
    fs::write(dir.join("g.toml"), glossary).unwrap();
    dir
}

const GLOSSARY_HEADER: &str =
    "[glossary]\nname = \"g\"\nsource_language = \"ar\"\ntarget_language = \"en\"\n";

/// `n` in Arabic letters (term keys must differ as Arabic words).
fn arabic_number(mut n: usize) -> String {
    const LETTERS: [char; 10] = ['ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر'];
    let mut s = String::new();
    loop {
        s.insert(0, LETTERS[n % 10]);
        n /= 10;
        if n == 0 {
            return s;
        }
    }
}

/// The commands of the issue that print to standard output.
const PRINTERS: &[&[&str]] = &[
    &["suggest", "t.txt"],
    &["suggest", "--json", "t.txt"],
    &["qa", "t.txt"],
    &["qa", "--json", "t.txt"],
    &["import", "p.tarjuman.toml", "r.xlf", "--dry-run"],
    &["glossary", "check", "g.toml"],
];

/// Waits for `child`, killing it after `limit`; `None` if it had to be killed.
fn wait_within(mut child: Child, limit: Duration) -> Option<Output> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly_with_status_0() {
    let dir = workspace("closed-pipe");
    for args in PRINTERS {
        let mut child = bin()
            .args(*args)
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -0`: the reader is gone before the first write.
        drop(child.stdout.take());
        let o = wait_within(child, Duration::from_secs(60)).expect("ends");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stderr), "", "{args:?}: quiet");
    }
}

#[test]
fn a_full_standard_output_is_a_one_line_error() {
    let dir = workspace("full-stdout");
    for args in PRINTERS {
        let o = bin()
            .args(*args)
            .current_dir(&dir)
            .stdout(File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.lines()
                .any(|l| l.contains("standard output: No space left")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn glossary_import_reports_success_once_written_even_to_a_full_stdout() {
    let dir = workspace("import-full");
    fs::write(dir.join("new.csv"), "ar,en\nهجوم,attack\n").unwrap();
    let o = bin()
        .args([
            "glossary", "import", "--format", "csv", "--into", "g.toml", "new.csv",
        ])
        .current_dir(&dir)
        .stdout(File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning") && err.contains("g.toml was written"),
        "{err}"
    );
    assert!(
        fs::read_to_string(dir.join("g.toml"))
            .unwrap()
            .contains("attack")
    );
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success());
}

#[test]
fn devices_fifos_and_oversized_files_are_refused_as_input_at_once() {
    let dir = workspace("inputs");
    mkfifo(&dir.join("fifo"));
    // Sparse: one byte over the limit costs no disk.
    let huge = dir.join("huge.txt");
    File::create(&huge)
        .unwrap()
        .set_len(tarjuman::files::MAX_DOCUMENT_BYTES.bytes + 1)
        .unwrap();
    let huge_glossary = dir.join("huge.csv");
    File::create(&huge_glossary)
        .unwrap()
        .set_len(tarjuman::files::MAX_GLOSSARY_BYTES.bytes + 1)
        .unwrap();
    for bad in ["/dev/zero", "fifo"] {
        for args in [
            vec!["suggest", bad],
            vec!["glossary", "check", bad],
            vec!["import", "p.tarjuman.toml", bad],
            vec!["import", bad, "r.xlf"],
            vec![
                "glossary", "import", "--format", "csv", "--into", "g.toml", bad,
            ],
            vec!["qa", bad],
            vec!["export", bad, "-o", "out.xlf"],
            vec!["suggest", "--glossary", bad, "t.txt"],
        ] {
            let child = bin()
                .args(&args)
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let o = wait_within(child, Duration::from_secs(20))
                .unwrap_or_else(|| panic!("{args:?} did not end"));
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains("not a regular file"), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        }
    }
    for (args, limit) in [
        (vec!["suggest", "huge.txt"], "MAX_DOCUMENT_BYTES"),
        (
            vec!["export", "huge.txt", "-o", "out.xlf"],
            "MAX_DOCUMENT_BYTES",
        ),
        (vec!["qa", "huge.txt"], "MAX_DOCUMENT_BYTES"),
        (
            vec![
                "glossary", "import", "--format", "csv", "--into", "g.toml", "huge.csv",
            ],
            "MAX_GLOSSARY_BYTES",
        ),
        (vec!["glossary", "check", "huge.csv"], "MAX_GLOSSARY_BYTES"),
    ] {
        let o = tarjuman(&args, &dir);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(limit), "{args:?}: {err}");
    }
}

#[test]
fn the_window_refuses_a_fifo_at_once() {
    let dir = temp_dir("window-fifo");
    let fifo = dir.join("fifo.txt");
    mkfifo(&fifo);
    let (tx, rx) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(tarjuman::ui::read_document(&path).map(|_| ()));
    });
    let result = rx.recv_timeout(Duration::from_secs(10)).expect("no hang");
    let err = result.unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");
}

/// Peak resident memory of a child, polled from /proc until it ends.
fn peak_rss_kib(mut child: Child) -> (u64, usize) {
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut sink = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut sink).unwrap();
        sink.len()
    });
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        if let Some(kib) = fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak = peak.max(kib);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (peak, reader.join().unwrap())
}

#[test]
fn suggest_json_streams_so_memory_does_not_hold_the_output() {
    let dir = temp_dir("stream");
    let mut input = String::new();
    for i in 0..200_000 {
        input.push_str(&format!("قال {i}.\n"));
    }
    fs::write(dir.join("big.txt"), &input).unwrap();
    fs::write(dir.join("small.txt"), "قال.\n").unwrap();
    let run = |file: &str| {
        peak_rss_kib(
            bin()
                .args(["suggest", "--json", file])
                .current_dir(&dir)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap(),
        )
    };
    let (base, _) = run("small.txt");
    let (peak, output) = run("big.txt");
    let grown = (peak.saturating_sub(base) * 1024) as usize;
    // Holding the segments and the JSON text, as before, takes more than the output itself.
    assert!(
        grown < output,
        "grew {grown} bytes for {output} bytes of output from {} bytes of input",
        input.len()
    );
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = workspace("same-file");
    fs::copy(dir.join("g.toml"), dir.join("glossary.toml")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("t.txt"), dir.join("link.txt")).unwrap();
    for (args, input) in [
        (
            vec!["export", "p.tarjuman.toml", "-o", "p.tarjuman.toml"],
            "p.tarjuman.toml",
        ),
        (
            vec!["qa", "p.tarjuman.toml", "--report", "p.tarjuman.toml"],
            "p.tarjuman.toml",
        ),
        (
            vec![
                "glossary", "export", "--format", "csv", "-o", "g.toml", "g.toml",
            ],
            "g.toml",
        ),
        (
            vec![
                "glossary",
                "export",
                "--format",
                "csv",
                "-o",
                "./glossary.toml",
            ],
            "glossary.toml",
        ),
        (
            vec!["export", "t.txt", "--format", "txt", "-o", "t.txt"],
            "t.txt",
        ),
        (
            vec!["export", "t.txt", "--format", "txt", "-o", "link.txt"],
            "t.txt",
        ),
    ] {
        let before = fs::read(dir.join(input)).unwrap();
        let o = tarjuman(&args, &dir);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("is the input"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert_eq!(fs::read(dir.join(input)).unwrap(), before, "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn special_outputs_are_written_through_or_refused_never_replaced() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = workspace("special-out");
    let export = |out: &str| {
        bin()
            .args(["export", "t.txt", "--format", "xliff", "-o", out])
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    };
    // -o - is standard output.
    let o = export("-");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("<?xml"), "{}", text(&o.stdout));
    assert!(!dir.join("-").exists());
    // /dev/stdout, here a pipe, is written through.
    let o = export("/dev/stdout");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("<?xml"));
    assert!(fs::symlink_metadata("/dev/stdout").unwrap().is_symlink());
    // /dev/null stays a device.
    let o = export("/dev/null");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A FIFO gets the bytes and stays a FIFO.
    let fifo = dir.join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let o = export("out.fifo");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(reader.join().unwrap().starts_with(b"<?xml"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // Symlinks that lead nowhere are refused and left as they are.
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-b"), dir.join("loop-a")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-a"), dir.join("loop-b")).unwrap();
    for (out, what) in [
        ("dangling", "dangling symbolic link"),
        ("loop-a", "symbolic link loop"),
    ] {
        let o = export(out);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{out}: {err}");
        assert!(err.contains(what) && err.contains(out), "{err}");
        assert!(fs::symlink_metadata(dir.join(out)).unwrap().is_symlink());
    }
    assert!(!dir.join("nowhere").exists());
}

#[test]
fn concurrent_glossary_imports_lose_no_term() {
    let dir = temp_dir("concurrent");
    let glossary = dir.join("g.toml");
    fs::write(&glossary, GLOSSARY_HEADER).unwrap();
    let n = 8;
    let children: Vec<Child> = (0..n)
        .map(|i| {
            let csv = dir.join(format!("t{i}.csv"));
            fs::write(&csv, format!("ar,en\nكلمة{},term{i}\n", arabic_number(i))).unwrap();
            bin()
                .args(["glossary", "import", "--format", "csv", "--into"])
                .arg(&glossary)
                .arg(&csv)
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    let text = fs::read_to_string(&glossary).unwrap();
    for i in 0..n {
        assert!(
            text.contains(&format!("\"term{i}\"")),
            "term{i} lost:\n{text}"
        );
    }
}

#[test]
fn a_killed_writers_temporary_files_are_removed_by_the_next_write() {
    let dir = workspace("stale-temps");
    // A PID above Linux's highest (2^22) cannot be alive.
    let dead = dir.join(".out.xlf.4194399-0.tmp");
    let alive = dir.join(format!(".out.xlf.{}-0.tmp", std::process::id()));
    let other = dir.join(".notes.txt.swp");
    for f in [&dead, &alive, &other] {
        fs::write(f, "partial").unwrap();
    }
    let o = tarjuman(&["export", "t.txt", "-o", "out.xlf"], &dir);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!dead.exists(), "a dead writer's temporary file is removed");
    assert!(alive.exists(), "a running writer's is kept");
    assert!(other.exists(), "files not of our naming are kept");
}
