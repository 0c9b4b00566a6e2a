//! `tarjuman tm …` and `tarjuman pretranslate`, run as a script would, with
//! a data directory of their own (so the user's default TM is never touched).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::{copy_to_temp, repo, seed_project, temp_dir, text};

/// Runs `tarjuman` in `dir` with `dir/data` as the data directory.
fn tm_run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tarjuman"))
        .args(args)
        .current_dir(dir)
        .env("TARJUMAN_DATA_DIR", dir.join("data"))
        .output()
        .expect("runs")
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/data/tmx").join(name)
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A TMX of wire sentences, written for these tests.
const WIRE_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu tuid="a1" creationid="amal" creationdate="20240102T030405Z"><tuv xml:lang="ar-SA"><seg>وقال البيت الأبيض في بيان إن الرئيس سيزور باريس الأسبوع المقبل.</seg></tuv><tuv xml:lang="en-US"><seg>The White House said in a statement that the president would visit Paris next week.</seg></tuv></tu>
<tu tuid="a2"><tuv xml:lang="ar"><seg>فرضت واشنطن عقوبات على 35 شركة روسية في 2021.</seg></tuv><tuv xml:lang="en"><seg>Washington imposed sanctions on 35 Russian companies in 2021.</seg></tuv></tu>
<tu tuid="a3"><tuv xml:lang="ar"><seg>تعرضت الوزارة للهجوم الإلكتروني.</seg></tuv><tuv xml:lang="en"><seg>The ministry came under the cyberattack.</seg></tuv></tu>
<tu tuid="a4"><tuv xml:lang="ar"><seg>جملة بلا ترجمة.</seg></tuv></tu>
</body></tmx>
"#;

fn wire_tmx(dir: &Path) -> PathBuf {
    let path = dir.join("wire.tmx");
    std::fs::write(&path, WIRE_TMX).unwrap();
    path
}

#[test]
fn import_reports_stats_count_and_export_validates() {
    let dir = temp_dir("tm-cli-import");
    let tmx = wire_tmx(&dir);
    let out = ok(&tm_run(&["tm", "import", tmx.to_str().unwrap()], &dir));
    assert!(
        out.contains("imported 3, duplicates merged 0, skipped 1 (no English variant 1)"),
        "{out}"
    );
    assert!(
        dir.join("data/default.tmdb").is_file(),
        "the default TM is created on first use"
    );
    // Importing again merges every unit.
    let out = ok(&tm_run(&["tm", "import", tmx.to_str().unwrap()], &dir));
    assert!(out.contains("imported 0, duplicates merged 3"), "{out}");
    let out = ok(&tm_run(&["tm", "stats"], &dir));
    assert!(out.contains("3 units"), "{out}");
    assert!(out.contains("ar → en"), "{out}");
    // Several files, each its own report; OmegaT's and Trados's dialects.
    let out = ok(&tm_run(
        &[
            "tm",
            "import",
            "--tm",
            "other.tmdb",
            fixture("omegat-level1.tmx").to_str().unwrap(),
            fixture("trados-utf16le.tmx").to_str().unwrap(),
        ],
        &dir,
    ));
    assert_eq!(out.lines().count(), 2, "{out}");
    // Export → import → export is stable.
    ok(&tm_run(&["tm", "export", "-o", "one.tmx"], &dir));
    ok(&tm_run(
        &["tm", "import", "--tm", "copy.tmdb", "one.tmx"],
        &dir,
    ));
    ok(&tm_run(
        &["tm", "export", "--tm", "copy.tmdb", "-o", "two.tmx"],
        &dir,
    ));
    let strip_dates = |p: &str| {
        std::fs::read_to_string(dir.join(p))
            .unwrap()
            .lines()
            .filter(|l| !l.contains("<header"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip_dates("one.tmx"), strip_dates("two.tmx"));
    let exported = std::fs::read_to_string(dir.join("one.tmx")).unwrap();
    for attribute in [
        "tuid=\"a1\"",
        "creationid=\"amal\"",
        "creationdate=\"20240102T030405Z\"",
        "changedate=",
    ] {
        assert!(exported.contains(attribute), "{attribute} in {exported}");
    }
    if crate::support::have_tool(
        "xmllint (Debian libxml2-utils)",
        Command::new("xmllint").arg("--version"),
    ) {
        let valid = Command::new("xmllint")
            .args(["--noout", "--dtdvalid"])
            .arg(fixture("tmx14.dtd"))
            .arg(dir.join("one.tmx"))
            .output()
            .unwrap();
        assert!(valid.status.success(), "{}", text(&valid.stderr));
    }
}

#[test]
fn a_bad_tmx_is_reported_with_its_line_and_changes_nothing() {
    let dir = temp_dir("tm-cli-bad");
    let tmx = wire_tmx(&dir);
    ok(&tm_run(&["tm", "import", tmx.to_str().unwrap()], &dir));
    let bad = dir.join("bad.tmx");
    // A good unit first, then a broken one: nothing of the file goes in.
    let broken = WIRE_TMX
        .replace("a1", "b1")
        .replace("الأسبوع المقبل", "غدا")
        .replace("<tu tuid=\"a3\">", "<tu tuid=\"a3\"><tuv>");
    std::fs::write(&bad, broken).unwrap();
    let out = tm_run(&["tm", "import", bad.to_str().unwrap()], &dir);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("bad.tmx:6:"), "{err}");
    assert!(ok(&tm_run(&["tm", "stats"], &dir)).contains("3 units"));
    // Entities are refused, never expanded.
    let bomb = dir.join("bomb.tmx");
    std::fs::write(
        &bomb,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY a \"aaaa\">]>\n<tmx version=\"1.4\"><body>&a;</body></tmx>",
    )
    .unwrap();
    let out = tm_run(&["tm", "import", bomb.to_str().unwrap()], &dir);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("bomb.tmx:2:"),
        "{}",
        text(&out.stderr)
    );
    // Not a TM at all.
    std::fs::write(dir.join("junk.tmdb"), "not a database, honestly").unwrap();
    let out = tm_run(&["tm", "stats", "--tm", "junk.tmdb"], &dir);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("junk.tmdb"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("junk.tmdb")).unwrap(),
        "not a database, honestly"
    );
}

#[test]
fn match_prints_the_documented_json_and_substitutes_numbers() {
    let dir = temp_dir("tm-cli-match");
    let tmx = wire_tmx(&dir);
    std::fs::write(
        dir.join("new.ar.txt"),
        "قال البيت الأبيض في بيانه إن الرئيس سيزور باريس الأسبوع المقبل.\nفرضت واشنطن عقوبات على ٤٠ شركة روسية في 2022.\nارتفعت أسعار النفط.\n",
    )
    .unwrap();
    // The TMX is used directly: no database is made anywhere.
    let out = ok(&tm_run(
        &[
            "tm",
            "match",
            "--tm",
            tmx.to_str().unwrap(),
            "--json",
            "new.ar.txt",
        ],
        &dir,
    ));
    assert!(!dir.join("data").exists(), "nothing imported");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let segments = json["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 3);
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&segments[0]),
        ["end", "id", "matches", "source", "start"]
    );
    let first = &segments[0]["matches"][0];
    assert_eq!(
        keys(first),
        [
            "context",
            "differences",
            "origin",
            "score",
            "source",
            "suggested",
            "target"
        ]
    );
    assert_eq!(keys(&first["origin"]), ["author", "date", "tm", "tuid"]);
    assert_eq!(first["origin"]["tuid"], "a1");
    assert_eq!(first["origin"]["author"], "amal");
    assert_eq!(first["origin"]["tm"], "wire.tmx");
    let score = first["score"].as_u64().unwrap();
    assert!((90..100).contains(&score), "{score}");
    let differences = first["differences"].as_array().unwrap();
    assert_eq!(differences.len(), 2, "{differences:?}");
    assert_eq!(keys(&differences[0]), ["kind", "text", "tm"]);
    assert_eq!(differences[0]["kind"], "clitic");
    let second = &segments[1]["matches"][0];
    assert!(second["score"].as_u64().unwrap() < 100);
    assert_eq!(
        second["suggested"],
        "Washington imposed sanctions on 40 Russian companies in 2022."
    );
    assert_eq!(
        second["target"],
        "Washington imposed sanctions on 35 Russian companies in 2021."
    );
    assert!(segments[2]["matches"].as_array().unwrap().is_empty());
    // Standard input, and --min.
    let out = ok(&crate::tarjuman_with_stdin(
        &[
            "tm",
            "match",
            "--tm",
            tmx.to_str().unwrap(),
            "--min",
            "99",
            "-",
        ],
        &dir,
        "فرضت واشنطن عقوبات على 35 شركة روسية في 2021.",
    ));
    assert!(out.contains("100 %"), "{out}");
}

#[test]
fn search_finds_clitic_forms_on_the_arabic_side_and_words_on_the_english() {
    let dir = temp_dir("tm-cli-search");
    let tmx = wire_tmx(&dir);
    let tm = tmx.to_str().unwrap();
    let out = ok(&tm_run(&["tm", "search", "--tm", tm, "هجوم"], &dir));
    assert!(out.contains("⟦للهجوم⟧"), "{out}");
    let out = ok(&tm_run(
        &["tm", "search", "--tm", tm, "--json", "sanctions"],
        &dir,
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    let target = hits[0]["target"].as_str().unwrap();
    let span = &hits[0]["target_hits"][0];
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&target[s..e], "sanctions");
}

#[test]
fn pretranslate_fills_the_project_and_prints_the_analysis() {
    let dir = temp_dir("tm-cli-pretranslate");
    let project = copy_to_temp(&seed_project(), "tm-cli-pretranslate-project");
    // The seed is fully translated: its own TMX fills an empty copy of it.
    let tmx = dir.join("seed.tmx");
    let out = tm_run(
        &[
            "export",
            project.to_str().unwrap(),
            "--format",
            "tmx",
            "-o",
            tmx.to_str().unwrap(),
        ],
        &dir,
    );
    ok(&out);
    let mut doc = tarjuman::project::load(&project).unwrap();
    for s in &mut doc.segments {
        s.en.clear();
        s.status = tarjuman::document::Status::Untranslated;
    }
    doc.segments[3].en = "Kept as typed.".into();
    doc.segments[3].status = tarjuman::document::Status::Translated;
    let saved = tarjuman::project::save(&doc, &project).unwrap();
    assert_eq!(saved.backup_warning, None);
    let before = std::fs::read(&project).unwrap();
    let p = project.to_str().unwrap();
    let out = ok(&tm_run(
        &[
            "pretranslate",
            p,
            "--tm",
            tmx.to_str().unwrap(),
            "--dry-run",
        ],
        &dir,
    ));
    assert!(out.contains("Context (101 %)"), "{out}");
    assert!(out.contains("dry run"), "{out}");
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before,
        "a dry run writes nothing"
    );
    let out = ok(&tm_run(
        &[
            "pretranslate",
            p,
            "--tm",
            tmx.to_str().unwrap(),
            "--analysis",
            "bands.csv",
        ],
        &dir,
    ));
    assert!(
        out.contains("21 segments filled (21 translated, 0 drafts)"),
        "{out}"
    );
    let csv = std::fs::read_to_string(dir.join("bands.csv")).unwrap();
    assert!(csv.starts_with("band,segments,words\n"), "{csv}");
    let filled = tarjuman::project::load(&project).unwrap();
    assert_eq!(filled.segments[3].en, "Kept as typed.");
    assert!(filled.segments.iter().all(|s| s.status.is_done()));
    assert!(matches!(
        filled.segments[0].origin,
        Some(tarjuman::document::SegmentOrigin::Tm { score: 101, .. })
    ));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = temp_dir("tm-cli-pipe");
    let tmx = wire_tmx(&dir);
    let long: String = "فرضت واشنطن عقوبات على 35 شركة روسية في 2021.\n".repeat(2000);
    std::fs::write(dir.join("long.ar.txt"), long).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tarjuman"))
        .args(["tm", "match", "--tm", tmx.to_str().unwrap(), "long.ar.txt"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    use std::io::Read as _;
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
}

/// A TMX of `n` distinct units.
fn big_tmx(path: &Path, n: usize) {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"ar\" datatype=\"plaintext\"/>\n<body>\n",
    );
    for i in 0..n {
        out.push_str(&format!(
            "<tu><tuv xml:lang=\"ar\"><seg>قال المتحدث إن الاجتماع رقم {i} عقد في العاصمة</seg></tuv><tuv xml:lang=\"en\"><seg>The spokesman said meeting number {i} was held in the capital</seg></tuv></tu>\n"
        ));
    }
    out.push_str("</body></tmx>\n");
    std::fs::write(path, out).unwrap();
}

#[test]
fn an_import_killed_midway_leaves_the_tm_as_it_was() {
    let dir = temp_dir("tm-cli-kill");
    let tmx = wire_tmx(&dir);
    ok(&tm_run(&["tm", "import", tmx.to_str().unwrap()], &dir));
    let big = dir.join("big.tmx");
    big_tmx(&big, 60_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tarjuman"))
        .args(["tm", "import", big.to_str().unwrap()])
        .current_dir(&dir)
        .env("TARJUMAN_DATA_DIR", dir.join("data"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let out = ok(&tm_run(&["tm", "stats"], &dir));
    // All or nothing: the three units from before, or those and all 60,000.
    assert!(
        out.contains(": 3 units") || out.contains(": 60003 units"),
        "{out}"
    );
    // The TM still takes writes.
    ok(&tm_run(
        &["tm", "import", fixture("phrase.tmx").to_str().unwrap()],
        &dir,
    ));
}
